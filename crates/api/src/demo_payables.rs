//! The demo company's payables: the suppliers get their IBANs, a tax adviser (IRPF withheld),
//! an electricity company and an intra-EU paper wholesaler join them, and the last months'
//! bills are entered as the owner would: the received purchase order billed, monthly advice
//! and electricity, a credit bill for goods returned, quick expenses, payments made, and bills
//! still open (some overdue, some not yet due) for the aging and a payment run.

use crate::error::ApiError;
use chrono::{DateTime, Days, NaiveDate, Utc};
use rust_decimal::Decimal;
use std::str::FromStr;
use trastienda_core::bill::{compute_bill, BillDraft, BillLine, VatTreatment};
use trastienda_core::invoice::VatRules;
use trastienda_core::taxid::{validate_spanish, TaxIdReason};
use trastienda_core::{AccountCode, Money};
use trastienda_store::{
    BillInput, BillLineInput, Company, ExpenseInput, NewSupplierPayment, PaymentMethod,
    PurchaseOrderFilter, PurchaseOrderState, SupplierFilter, SupplierInput,
};

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

fn back(today: NaiveDate, days: u64, floor: NaiveDate) -> NaiveDate {
    today
        .checked_sub_days(Days::new(days))
        .unwrap_or(today)
        .max(floor)
}

fn eur(s: &str) -> Money {
    Money::parse(s).expect("valid amount")
}

fn line(
    description: &str,
    quantity: &str,
    price: Money,
    rate: &str,
    account: Option<&str>,
) -> BillLineInput {
    BillLineInput {
        description: description.into(),
        quantity: quantity.into(),
        unit_price: price,
        vat_rate: rate.into(),
        account: account.map(String::from),
        order_line_no: None,
    }
}

/// The total the supplier's paper would print, computed as the store will check it.
fn paper_total(
    lines: &[BillLineInput],
    treatment: VatTreatment,
    irpf: &str,
    default_account: &str,
) -> Money {
    let draft = BillDraft {
        date: NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid"),
        treatment,
        irpf_pct: Decimal::from_str(irpf).unwrap_or_default(),
        credit: false,
        lines: lines
            .iter()
            .map(|l| BillLine {
                description: l.description.clone(),
                quantity: Decimal::from_str(&l.quantity).unwrap_or_default(),
                unit_price: l.unit_price,
                vat_rate: Decimal::from_str(&l.vat_rate).unwrap_or_default(),
                account: AccountCode::parse(l.account.as_deref().unwrap_or(default_account))
                    .expect("valid account"),
            })
            .collect(),
    };
    compute_bill(&draft, &VatRules::spain()).total
}

struct Sup {
    id: i64,
    treatment: VatTreatment,
    irpf: &'static str,
    account: &'static str,
}

#[allow(clippy::too_many_arguments)]
fn post(
    c: &mut Company,
    s: &Sup,
    number: &str,
    date: NaiveDate,
    lines: Vec<BillLineInput>,
    due: Option<NaiveDate>,
    order_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64, ApiError> {
    let total = paper_total(&lines, s.treatment, s.irpf, s.account);
    let b = c.post_bill(
        &BillInput {
            supplier_id: s.id,
            supplier_number: number.into(),
            date,
            lines,
            vat_treatment: None,
            irpf_pct: None,
            total,
            due_dates: due.into_iter().collect(),
            corrects_id: None,
            order_id,
            description: String::new(),
        },
        now,
    )?;
    Ok(b.id)
}

fn pay(
    c: &mut Company,
    supplier_id: i64,
    date: NaiveDate,
    bill_id: i64,
    method: PaymentMethod,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let open = c.bill(bill_id)?.open;
    c.record_supplier_payment(
        &NewSupplierPayment {
            supplier_id,
            date,
            amount: open,
            method,
            account: None,
            reference: String::new(),
            allocations: Some(vec![(bill_id, open)]),
        },
        now,
    )?;
    Ok(())
}

/// Adds the demo's payables (after its purchase orders).
pub fn add_payables(
    company: &mut Company,
    today: NaiveDate,
    year_start: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let c = company;
    // The suppliers the orders made get their bank details.
    let existing = c.list_suppliers(&SupplierFilter {
        page_size: 10,
        ..SupplierFilter::default()
    })?;
    let ibans = ["ES7921000813610123456789", "ES6000491500051234567892"];
    let mut goods = Vec::new();
    for (row, iban) in existing.rows.iter().zip(ibans) {
        let s = c.supplier(row.id)?;
        let mut input = s.to_input();
        input.iban = Some(iban.into());
        c.save_supplier(Some(row.id), &input, now)?;
        goods.push(Sup {
            id: row.id,
            treatment: VatTreatment::Deductible,
            irpf: "0",
            account: "600",
        });
    }
    let adviser = c.save_supplier(
        None,
        &SupplierInput {
            legal_name: "Asesoría Martín y Asociados SL".into(),
            tax_id: cif("B2834567"),
            address: "Calle de Alcalá 120, 3º".into(),
            postal_code: "28009".into(),
            city: "Madrid".into(),
            province: "Madrid".into(),
            email: Some("facturas@asesoriamartin.es".into()),
            iban: Some("ES9000246912501234567891".into()),
            payment_days: 15,
            expense_account: Some("623".into()),
            irpf_pct: Some("15".into()),
            category: "Servicios profesionales".into(),
            ..SupplierInput::default()
        },
        now,
    )?;
    let adviser = Sup {
        id: adviser.id,
        treatment: VatTreatment::Deductible,
        irpf: "15",
        account: "623",
    };
    let power = c.save_supplier(
        None,
        &SupplierInput {
            legal_name: "Eléctrica Centro Comercializadora SA".into(),
            tax_id: cif("A2876543"),
            city: "Madrid".into(),
            province: "Madrid".into(),
            payment_days: 0,
            expense_account: Some("628".into()),
            category: "Suministros".into(),
            notes: "Cargo por domiciliación el día de la factura.".into(),
            ..SupplierInput::default()
        },
        now,
    )?;
    let power = Sup {
        id: power.id,
        treatment: VatTreatment::Deductible,
        irpf: "0",
        account: "628",
    };
    let paper = c.save_supplier(
        None,
        &SupplierInput {
            legal_name: "Papier Großhandel GmbH".into(),
            country: "DE".into(),
            tax_id: "DE123456789".into(),
            address: "Hafenstraße 8".into(),
            postal_code: "20457".into(),
            city: "Hamburg".into(),
            iban: Some("DE89370400440532013000".into()),
            bic: Some("COBADEFFXXX".into()),
            payment_days: 30,
            expense_account: Some("600".into()),
            vat_treatment: "intra_eu".into(),
            category: "Mercaderías".into(),
            ..SupplierInput::default()
        },
        now,
    )?;
    let paper = Sup {
        id: paper.id,
        treatment: VatTreatment::IntraEu,
        irpf: "0",
        account: "600",
    };

    // The order received in full, billed line by line.
    let received = c.purchase_orders(&PurchaseOrderFilter {
        state: Some(PurchaseOrderState::Received),
        ..PurchaseOrderFilter::default()
    })?;
    if let Some(o) = received.first() {
        let ob = c.order_for_billing(o.id)?;
        if let Some(s) = goods.iter().find(|g| g.id == ob.supplier_id) {
            let lines: Vec<BillLineInput> = ob
                .lines
                .iter()
                .map(|l| BillLineInput {
                    description: l.description.clone(),
                    quantity: l.quantity_received.normalize().to_string(),
                    unit_price: l.unit_price,
                    vat_rate: l.tax.clone(),
                    account: l.account.clone(),
                    order_line_no: Some(l.line_no as i64),
                })
                .collect();
            let date = back(today, 20, o.date);
            let id = post(c, s, "FV-2026-0412", date, lines, None, Some(o.id), now)?;
            // Two boxes came damaged: the supplier credits them.
            let first = c.bill(id)?.lines[0].clone();
            let credit_lines = vec![line(
                &format!("Devolución: {}", first.description),
                "-2",
                first.unit_price,
                &first.vat_rate,
                Some(&first.account),
            )];
            let total = paper_total(&credit_lines, s.treatment, s.irpf, s.account);
            c.post_credit_bill(
                &BillInput {
                    supplier_id: s.id,
                    supplier_number: "AB-2026-0031".into(),
                    date: back(today, 12, date),
                    lines: credit_lines,
                    vat_treatment: None,
                    irpf_pct: None,
                    total,
                    due_dates: Vec::new(),
                    corrects_id: Some(id),
                    order_id: None,
                    description: "Material dañado en el transporte".into(),
                },
                now,
            )?;
        }
    }
    // Goods bought earlier from the second supplier: 45 days ago, due at 30: overdue.
    if let Some(s) = goods.get(1) {
        post(
            c,
            s,
            "A-7781",
            back(today, 45, year_start),
            vec![
                line(
                    "Tornillería surtida (caja 500 u.)",
                    "10",
                    eur("14.30"),
                    "21",
                    None,
                ),
                line("Brocas HSS juego 19 piezas", "6", eur("22.75"), "21", None),
            ],
            None,
            None,
            now,
        )?;
    }
    // Monthly advice: two paid, the last one open.
    for (i, days) in [70u64, 40, 10].into_iter().enumerate() {
        let date = back(today, days, year_start);
        let id = post(
            c,
            &adviser,
            &format!("2026/{:03}", 110 + i * 31),
            date,
            vec![line(
                "Asesoría contable y fiscal (cuota mensual)",
                "1",
                eur("180.00"),
                "21",
                None,
            )],
            None,
            None,
            now,
        )?;
        if i < 2 {
            pay(
                c,
                adviser.id,
                back(today, days - 12, date),
                id,
                PaymentMethod::Bank,
                now,
            )?;
        }
    }
    // Electricity, paid by direct debit on the day.
    for (i, days) in [62u64, 31].into_iter().enumerate() {
        let date = back(today, days, year_start);
        let id = post(
            c,
            &power,
            &format!("FE26-00{}", 4417 + i * 983),
            date,
            vec![
                line("Energía consumida", "1", eur("143.62"), "21", None),
                line("Término de potencia", "1", eur("38.40"), "21", None),
            ],
            None,
            None,
            now,
        )?;
        pay(c, power.id, date, id, PaymentMethod::DirectDebit, now)?;
    }
    // Paper from Germany, reverse charge, due next month.
    let date = back(today, 8, year_start);
    post(
        c,
        &paper,
        "RE-2026-55120",
        date,
        vec![
            line(
                "Papier A4 80 g, Palette (200 Pakete)",
                "1",
                eur("640.00"),
                "21",
                None,
            ),
            line("Versandkosten", "1", eur("45.00"), "21", Some("624")),
        ],
        None,
        None,
        now,
    )?;
    // Tickets paid on the spot.
    for (days, amount, rate, account, from, what) in [
        (
            25u64,
            "18.40",
            "10",
            "629",
            "5700001",
            "Taxi a la feria del sector",
        ),
        (
            14,
            "6.50",
            "21",
            "629",
            "5700001",
            "Aparcamiento reunión con proveedor",
        ),
        (
            3,
            "42.35",
            "21",
            "627",
            "5720001",
            "Anuncio en redes sociales",
        ),
    ] {
        c.record_expense(
            &ExpenseInput {
                date: back(today, days, year_start),
                amount: eur(amount),
                vat_rate: rate.into(),
                account: account.into(),
                paid_from: from.into(),
                description: what.into(),
                supplier_id: None,
            },
            now,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_supplier_tax_ids_pass_the_check() {
        for body in ["B2834567", "A2876543"] {
            assert!(validate_spanish(&cif(body)).is_ok(), "{body}");
        }
    }
}
