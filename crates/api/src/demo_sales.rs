//! The demo company's sales: a handful of customers (schools, offices, a bookshop in the recargo
//! de equivalencia regime), a catalogue, and this year's invoices issued through the same use
//! cases the app runs (numbered, posted, registered), most of them paid, some late, one draft
//! and one open quote, so a newcomer sees every sales screen with something in it.

use crate::error::ApiError;
use chrono::{DateTime, Days, NaiveDate, Utc};
use rust_decimal::Decimal;
use trastienda_core::iban::{spanish_ccc_control, Iban};
use trastienda_core::invoice::{InvoiceLine, LineTax};
use trastienda_core::taxid::{validate_spanish, TaxIdReason};
use trastienda_core::{AccountCode, Money};
use trastienda_store::{
    Company, CustomerInput, DocKind, InvoiceInput, InvoiceProfile, NewPayment, PaymentMethod,
    ProductInput, QuoteInput,
};

/// A CIF for `letter` + `digits` with its control character computed, so the demo's ids pass
/// the same check a user's do.
fn cif(body: &str) -> String {
    let probe = format!("{body}0");
    match validate_spanish(&probe) {
        Ok(_) => probe,
        Err(e) => match e.reason {
            TaxIdReason::Control { expected } => format!("{body}{expected}"),
            _ => probe,
        },
    }
}

struct DemoCustomer {
    name: &'static str,
    body: &'static str,
    address: &'static str,
    postal_code: &'static str,
    city: &'static str,
    email: &'static str,
    days: i64,
    treatment: &'static str,
}

const CUSTOMERS: &[DemoCustomer] = &[
    DemoCustomer {
        name: "Colegio San Ignacio de Las Rozas",
        body: "R2800123",
        address: "Avenida de España 40",
        postal_code: "28231",
        city: "Las Rozas de Madrid",
        email: "secretaria@colegiosanignacio.example",
        days: 30,
        treatment: "domestic",
    },
    DemoCustomer {
        name: "Gestoría Martín y Asociados, S.L.",
        body: "B8654321",
        address: "Calle Comunidad de Madrid 5, 2.º A",
        postal_code: "28231",
        city: "Las Rozas de Madrid",
        email: "administracion@gestoriamartin.example",
        days: 0,
        treatment: "domestic",
    },
    DemoCustomer {
        name: "Librería El Rincón del Lector",
        body: "B8765432",
        address: "Calle Real 31",
        postal_code: "28220",
        city: "Majadahonda",
        email: "pedidos@rincondellector.example",
        days: 30,
        treatment: "recargo",
    },
    DemoCustomer {
        name: "Academia de Idiomas Norte, S.L.",
        body: "B8876543",
        address: "Calle Camino Real 7",
        postal_code: "28230",
        city: "Las Rozas de Madrid",
        email: "info@academianorte.example",
        days: 60,
        treatment: "domestic",
    },
    DemoCustomer {
        name: "Pérez Vidal Arquitectos, S.L.P.",
        body: "B8987654",
        address: "Calle Kálmár 3",
        postal_code: "28232",
        city: "Las Rozas de Madrid",
        email: "estudio@perezvidal.example",
        days: 30,
        treatment: "domestic",
    },
    DemoCustomer {
        name: "Clínica Dental Sonrisas, S.L.",
        body: "B8098765",
        address: "Avenida de Atenas 2",
        postal_code: "28290",
        city: "Las Rozas de Madrid",
        email: "recepcion@clinicasonrisas.example",
        days: 15,
        treatment: "domestic",
    },
];

/// (code, description, price in cents, tax, income account)
const PRODUCTS: &[(&str, &str, i64, &str, Option<&str>)] = &[
    (
        "FOL-A4",
        "Folios A4 80 g, caja de 5 paquetes",
        2150,
        "21",
        None,
    ),
    ("BOL-50", "Bolígrafos azules, caja de 50", 1290, "21", None),
    (
        "CUA-A4",
        "Cuaderno A4 cuadrícula, tapa dura",
        235,
        "21",
        None,
    ),
    ("CAR-AZ", "Carpeta archivador A-Z", 310, "21", None),
    ("TON-HP", "Tóner compatible HP 85A", 6400, "21", None),
    ("AGE-27", "Agenda escolar 2027", 990, "21", None),
    (
        "LIB-TX",
        "Libro de texto (lectura obligatoria)",
        2400,
        "4",
        None,
    ),
    (
        "ENC-01",
        "Encuadernación en espiral",
        350,
        "21",
        Some("705"),
    ),
];

fn dec(s: &str) -> Decimal {
    s.parse().expect("a decimal literal")
}

fn date_back(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days)).unwrap_or(today)
}

/// Adds the customers, catalogue, this fiscal year's invoices (up to ~5 months back), their
/// payments, a draft and a quote. `year_start` keeps every document inside the open year.
pub fn add_sales(
    company: &mut Company,
    today: NaiveDate,
    year_start: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    // What the invoices print besides the name and address: where to pay, how to reach us.
    let (bank, branch, account) = ("2100", "2345", "0200012345");
    let iban = spanish_ccc_control(bank, branch, account)
        .and_then(|dc| Iban::from_spanish_ccc(&format!("{bank}{branch}{dc}{account}")).ok())
        .map(|i| i.as_str().to_string());
    company.set_invoice_profile(
        &InvoiceProfile {
            iban,
            email: Some("facturas@papelerialasrozas.example".into()),
            phone: Some("916 37 12 34".into()),
            logo: None,
            invoice_footer: Some(
                "Papelería Las Rozas, S.L. Inscrita en el Registro Mercantil de Madrid, \
                 tomo 12345, folio 67, hoja M-123456."
                    .into(),
            ),
        },
        now,
    )?;
    let mut customers = Vec::new();
    for c in CUSTOMERS {
        let saved = company.save_customer(
            None,
            &CustomerInput {
                legal_name: c.name.into(),
                tax_id: cif(c.body),
                address: c.address.into(),
                postal_code: c.postal_code.into(),
                city: c.city.into(),
                province: "Madrid".into(),
                email: Some(c.email.into()),
                payment_days: c.days,
                treatment: c.treatment.into(),
                ..CustomerInput::default()
            },
            now,
        )?;
        customers.push((saved.id, c.days));
    }
    for (code, description, cents, tax, account) in PRODUCTS {
        company.save_product(
            None,
            &ProductInput {
                code: (*code).into(),
                description: (*description).into(),
                unit_price: Money::from_cents(*cents),
                tax: (*tax).into(),
                income_account: account.map(str::to_string),
            },
            now,
        )?;
    }
    let line = |i: usize, qty: &str| {
        let (_, description, cents, tax, account) = PRODUCTS[i % PRODUCTS.len()];
        let mut l = InvoiceLine::new(
            description,
            dec(qty),
            Money::from_cents(cents),
            LineTax::Vat(dec(tax)),
        );
        if let Some(a) = account.and_then(|a| AccountCode::parse(a).ok()) {
            l = l.with_income_account(a);
        }
        l
    };

    // One invoice every few days over the last ~150 days of the open year, in date order.
    let first = date_back(today, 150).max(year_start);
    let span = (today - first).num_days().max(0) as u64;
    let mut seed: u64 = 0x5EED_CAFE;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n.max(1)
    };
    let count = (span / 4).clamp(1, 40);
    let mut issued = Vec::new();
    for k in 0..count {
        let date = first
            .checked_add_days(Days::new(span * k / count))
            .unwrap_or(today);
        let (customer_id, days) = customers[next(customers.len() as u64) as usize];
        let lines: Vec<InvoiceLine> = (0..1 + next(3))
            .map(|_| {
                let qty = (1 + next(12)).to_string();
                line(next(PRODUCTS.len() as u64) as usize, &qty)
            })
            .collect();
        let draft = company.save_invoice_draft(
            None,
            &InvoiceInput {
                kind: DocKind::Invoice,
                issue_date: date,
                operation_date: None,
                customer_id: Some(customer_id),
                prices_include_vat: false,
                withholding: None,
                notes: String::new(),
                lines,
            },
            now,
        )?;
        let invoice = company.issue_invoice(draft.id, now)?;
        issued.push((invoice, customer_id, days));
    }

    // Most invoices are paid some days after they fall due; the last weeks' are still open,
    // and two older ones are late (for the aging and the reminders).
    for (i, (invoice, customer_id, days)) in issued.iter().enumerate() {
        let due = invoice.issue_date + chrono::Duration::days(*days);
        let paid_on = due + chrono::Duration::days(next(10) as i64);
        if paid_on > today || i % 9 == 4 {
            continue;
        }
        let (amount, method) = if i % 7 == 3 {
            // A partial payment on account, the rest still open.
            (
                Money::from_cents(invoice.total.cents() / 2),
                PaymentMethod::Bank,
            )
        } else if i % 5 == 0 {
            (invoice.total, PaymentMethod::Cash)
        } else {
            (invoice.total, PaymentMethod::Bank)
        };
        company.record_payment(
            &NewPayment {
                customer_id: *customer_id,
                date: paid_on.max(invoice.issue_date),
                amount,
                method,
                account: None,
                reference: format!("Cobro {}", invoice.full_number.clone().unwrap_or_default()),
                allocations: Some(vec![(invoice.id, amount)]),
            },
            now,
        )?;
    }

    // Work in progress: a draft invoice and an open quote.
    let (customer_id, _) = customers[0];
    company.save_invoice_draft(
        None,
        &InvoiceInput {
            kind: DocKind::Invoice,
            issue_date: today,
            operation_date: None,
            customer_id: Some(customer_id),
            prices_include_vat: false,
            withholding: None,
            notes: "Material para el segundo trimestre".into(),
            lines: vec![line(0, "10"), line(2, "120"), line(5, "60")],
        },
        now,
    )?;
    let (customer_id, _) = customers[3];
    company.save_quote(
        None,
        &QuoteInput {
            date: today,
            valid_until: today.checked_add_days(Days::new(30)),
            customer_id,
            notes: "Presupuesto de material de oficina para el curso".into(),
            lines: vec![line(3, "40"), line(1, "6"), line(4, "4")],
        },
        now,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_tax_ids_pass_the_check() {
        for c in CUSTOMERS {
            let id = cif(c.body);
            assert!(validate_spanish(&id).is_ok(), "{} -> {id}", c.body);
        }
    }
}
