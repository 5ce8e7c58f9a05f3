//! The demo company's purchase orders: two suppliers of the shop (created if the demo has no
//! suppliers yet) and two orders from the catalogue and free text, one sent and partly
//! received, one received in full, dated inside the open year.

use crate::error::ApiError;
use chrono::{DateTime, Days, NaiveDate, Utc};
use trastienda_core::taxid::{validate_spanish, TaxIdReason};
use trastienda_core::Money;
use trastienda_store::{
    Company, PurchaseOrderInput, PurchaseOrderLineInput, ReceiveQuantities, SupplierFilter,
    SupplierInput,
};

/// A CIF for `body` with its control character computed (as the demo's customers get theirs).
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

/// The demo's suppliers by legal name: the existing ones, else two made here.
fn suppliers(company: &mut Company, now: DateTime<Utc>) -> Result<Vec<i64>, ApiError> {
    let have = company.list_suppliers(&SupplierFilter {
        status: Some("active".into()),
        page_size: 2,
        ..SupplierFilter::default()
    })?;
    if have.rows.len() >= 2 {
        return Ok(have.rows.iter().map(|r| r.id).collect());
    }
    let mut ids = Vec::new();
    for (name, body, city, account) in [
        (
            "Suministros Industriales Levante SL",
            "B4612345",
            "Valencia",
            "600",
        ),
        (
            "Distribuciones Ferreteras del Sur SA",
            "A4198765",
            "Sevilla",
            "600",
        ),
    ] {
        let s = company.save_supplier(
            None,
            &SupplierInput {
                legal_name: name.into(),
                tax_id: cif(body),
                address: "Polígono Industrial, nave 7".into(),
                postal_code: if city == "Valencia" { "46015" } else { "41007" }.into(),
                city: city.into(),
                province: city.into(),
                payment_days: 30,
                expense_account: Some(account.into()),
                category: "Mercaderías".into(),
                ..SupplierInput::default()
            },
            now,
        )?;
        ids.push(s.id);
    }
    Ok(ids)
}

fn back(today: NaiveDate, days: u64, floor: NaiveDate) -> NaiveDate {
    today
        .checked_sub_days(Days::new(days))
        .unwrap_or(today)
        .max(floor)
}

/// Adds the demo's purchase orders.
pub fn add_purchase_orders(
    company: &mut Company,
    today: NaiveDate,
    year_start: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let ids = suppliers(company, now)?;
    let products = company.list_products(None, false)?;
    let from_catalogue = |i: usize, qty: &str| -> PurchaseOrderLineInput {
        match products.get(i) {
            Some(p) => PurchaseOrderLineInput {
                product_id: Some(p.id),
                description: p.description.clone(),
                quantity: qty.into(),
                // Bought at about 60 % of the sale price.
                unit_price: Money::from_cents(p.unit_price.cents() * 6 / 10),
                tax: if p.tax.starts_with('E') {
                    "0".into()
                } else {
                    p.tax.clone()
                },
                account: None,
            },
            None => free(&format!("Artículo {}", i + 1), qty, 1000, "21"),
        }
    };
    fn free(description: &str, qty: &str, cents: i64, tax: &str) -> PurchaseOrderLineInput {
        PurchaseOrderLineInput {
            product_id: None,
            description: description.into(),
            quantity: qty.into(),
            unit_price: Money::from_cents(cents),
            tax: tax.into(),
            account: None,
        }
    }

    // Received in full: ordered a month ago, delivered a week later.
    let d1 = back(today, 30, year_start);
    let o1 = company.save_purchase_order(
        None,
        &PurchaseOrderInput {
            supplier_id: ids[0],
            date: d1,
            expected_date: Some(back(today, 23, d1)),
            notes: "Entregar en el almacén, de 8 a 14 h.".into(),
            lines: vec![
                from_catalogue(0, "20"),
                from_catalogue(1, "10"),
                free("Cajas de cartón 40x30x30 (paquete de 25)", "4", 1875, "21"),
            ],
        },
        now,
    )?;
    company.mark_order_sent(o1.id, now)?;
    company.receive_order(
        o1.id,
        back(today, 23, d1),
        &ReceiveQuantities::Everything,
        "Albarán 2231",
        now,
    )?;

    // Sent and partly received: the rest still outstanding.
    let d2 = back(today, 10, year_start);
    let o2 = company.save_purchase_order(
        None,
        &PurchaseOrderInput {
            supplier_id: ids[ids.len().min(2) - 1],
            date: d2,
            expected_date: Some(back(today, 0, d2)),
            notes: String::new(),
            lines: vec![
                from_catalogue(2, "12"),
                free("Guantes de nitrilo talla L (caja 100)", "6", 890, "21"),
                free("Catálogo técnico de herrajes 2026", "2", 1500, "4"),
            ],
        },
        now,
    )?;
    company.mark_order_sent(o2.id, now)?;
    company.receive_order(
        o2.id,
        back(today, 5, d2),
        &ReceiveQuantities::Lines(vec![(1, "8".into()), (2, "6".into())]),
        "Albarán 0915",
        now,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_supplier_tax_ids_pass_the_check() {
        for body in ["B4612345", "A4198765"] {
            assert!(validate_spanish(&cif(body)).is_ok(), "{body}");
        }
    }
}
