//! The demo company's supplier relationship: evaluations of its first two suppliers and two
//! contracts, one ending soon and one renewing itself whose notice deadline is near, so the
//! supplier card and the Contratos screen have something to show.

use crate::error::ApiError;
use chrono::{DateTime, Days, NaiveDate, Utc};
use trastienda_core::Money;
use trastienda_store::{Company, ContractInput, EvaluationInput, SupplierFilter};

fn shift(today: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        today.checked_add_days(Days::new(days as u64))
    } else {
        today.checked_sub_days(Days::new(days.unsigned_abs()))
    }
    .unwrap_or(today)
}

/// Adds the demo's evaluations and contracts (nothing when it has no suppliers).
pub fn add_supplier_relations(
    company: &mut Company,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let ids: Vec<i64> = company
        .list_suppliers(&SupplierFilter {
            page_size: 2,
            ..SupplierFilter::default()
        })?
        .rows
        .iter()
        .map(|r| r.id)
        .collect();
    let Some(&first) = ids.first() else {
        return Ok(());
    };
    for (supplier, days, [quality, delivery, price, service], comment) in [
        (
            first,
            -75,
            [5, 4, 3, 4],
            "Material excelente; un pedido llegó con dos días de retraso.",
        ),
        (
            first,
            -20,
            [4, 5, 4, 5],
            "Entregas puntuales este trimestre.",
        ),
        (
            *ids.get(1).unwrap_or(&first),
            -40,
            [3, 3, 5, 3],
            "Buen precio, servicio mejorable.",
        ),
    ] {
        company.add_evaluation(
            supplier,
            &EvaluationInput {
                date: shift(today, days),
                quality,
                delivery,
                price,
                service,
                comment: comment.into(),
            },
            now,
        )?;
    }
    company.save_contract(
        first,
        None,
        &ContractInput {
            subject: "Suministro anual de tornillería".into(),
            start_date: shift(today, -320),
            end_date: Some(shift(today, 45)),
            auto_renew: true,
            renewal_notice_days: 30,
            amount: Some(Money::from_cents(1_800_000)),
            notes: "Precios revisables con el IPC.".into(),
        },
        now,
    )?;
    company.save_contract(
        *ids.get(1).unwrap_or(&first),
        None,
        &ContractInput {
            subject: "Mantenimiento de la carretilla elevadora".into(),
            start_date: shift(today, -340),
            end_date: Some(shift(today, 25)),
            auto_renew: false,
            renewal_notice_days: 0,
            amount: Some(Money::from_cents(96_000)),
            notes: String::new(),
        },
        now,
    )?;
    Ok(())
}
