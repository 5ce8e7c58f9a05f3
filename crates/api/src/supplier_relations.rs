//! A supplier's evaluations and contracts, and the contracts due soon (rules in the store's
//! `supplier_relations`).

use crate::app::App;
use crate::dto::*;
use crate::error::ApiError;
use crate::parse;
use rust_decimal::Decimal;
use trastienda_core::Problem;
use trastienda_store::{self as store, Company, ContractInput, EvaluationInput};

type R<T> = Result<T, ApiError>;

fn problems(p: Vec<Problem>) -> ApiError {
    ApiError::from_problems(&p)
}

fn dec(d: Option<Decimal>) -> Option<String> {
    d.map(|d| format!("{:.2}", d))
}

fn evaluation_dto(e: &store::Evaluation) -> SupplierEvaluationDto {
    SupplierEvaluationDto {
        id: e.id,
        supplier_id: e.supplier_id,
        date: e.input.date.to_string(),
        quality: e.input.quality,
        delivery: e.input.delivery,
        price: e.input.price,
        service: e.input.service,
        comment: e.input.comment.clone(),
        created_at: e.created_at.clone(),
    }
}

/// A supplier's evaluations and averages (for the CLI as for the UI).
pub fn supplier_evaluations(c: &Company, supplier_id: i64) -> R<SupplierEvaluations> {
    let rows = c
        .evaluations(supplier_id)?
        .iter()
        .map(evaluation_dto)
        .collect();
    let s = c.evaluation_summary(supplier_id)?;
    Ok(SupplierEvaluations {
        rows,
        summary: EvaluationSummaryDto {
            count: s.count,
            quality: dec(s.quality),
            delivery: dec(s.delivery),
            price: dec(s.price),
            service: dec(s.service),
            overall: dec(s.overall),
        },
    })
}

fn contract_dto(c: &store::Contract) -> SupplierContractDto {
    let i = &c.input;
    SupplierContractDto {
        id: c.id,
        supplier_id: c.supplier_id,
        created_at: c.created_at.clone(),
        fields: SupplierContractFields {
            subject: i.subject.clone(),
            start_date: i.start_date.to_string(),
            end_date: i.end_date.map(|d| d.to_string()),
            auto_renew: i.auto_renew,
            renewal_notice_days: i.renewal_notice_days,
            amount: i.amount.map(|a| a.to_string()),
            notes: i.notes.clone(),
        },
    }
}

fn contract_input(f: &SupplierContractFields) -> R<ContractInput> {
    let mut p = Vec::new();
    let start_date = parse::date("start_date", &f.start_date)
        .map_err(|e| p.push(e))
        .ok();
    let end_date = parse::opt_date("end_date", &f.end_date)
        .map_err(|e| p.push(e))
        .ok()
        .flatten();
    let amount = match f.amount.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(a) => parse::money("amount", a).map_err(|e| p.push(e)).ok(),
    };
    match start_date {
        Some(start_date) if p.is_empty() => Ok(ContractInput {
            subject: f.subject.clone(),
            start_date,
            end_date,
            auto_renew: f.auto_renew,
            renewal_notice_days: f.renewal_notice_days,
            amount,
            notes: f.notes.clone(),
        }),
        _ => Err(problems(p)),
    }
}

pub fn list_supplier_evaluations(app: &App, a: SupplierIdArgs) -> R<SupplierEvaluations> {
    app.with_company(|c| supplier_evaluations(c, a.supplier_id))
}

/// Records an evaluation and answers the supplier's evaluations and averages as they now are.
pub fn add_supplier_evaluation(app: &App, a: AddSupplierEvaluationArgs) -> R<SupplierEvaluations> {
    let now = app.now();
    let date = parse::opt_date("date", &a.date)
        .map_err(|p| problems(vec![p]))?
        .unwrap_or_else(|| app.today());
    let input = EvaluationInput {
        date,
        quality: a.quality,
        delivery: a.delivery,
        price: a.price,
        service: a.service,
        comment: a.comment.unwrap_or_default(),
    };
    app.with_company(|c| {
        c.add_evaluation(a.supplier_id, &input, now)?;
        supplier_evaluations(c, a.supplier_id)
    })
}

pub fn delete_supplier_evaluation(app: &App, a: IdArgs) -> R<()> {
    let now = app.now();
    app.with_company(|c| Ok(c.delete_evaluation(a.id, now)?))
}

pub fn list_supplier_contracts(app: &App, a: SupplierIdArgs) -> R<Vec<SupplierContractDto>> {
    app.with_company(|c| {
        Ok(c.contracts(a.supplier_id)?
            .iter()
            .map(contract_dto)
            .collect())
    })
}

pub fn save_supplier_contract(app: &App, a: SaveSupplierContractArgs) -> R<SupplierContractDto> {
    let now = app.now();
    let input = contract_input(&a.contract)?;
    app.with_company(|c| {
        Ok(contract_dto(&c.save_contract(
            a.supplier_id,
            a.id,
            &input,
            now,
        )?))
    })
}

pub fn delete_supplier_contract(app: &App, a: IdArgs) -> R<()> {
    let now = app.now();
    app.with_company(|c| Ok(c.delete_contract(a.id, now)?))
}

/// The contracts due (for the CLI as for the UI).
pub fn due_contracts(c: &Company, as_of: chrono::NaiveDate, within_days: i64) -> R<ContractsDue> {
    let rows = c
        .contracts_due(as_of, within_days)?
        .into_iter()
        .map(|d| ContractDueRow {
            contract: contract_dto(&d.contract),
            supplier_name: d.supplier_name,
            action: d.action.as_str().to_string(),
            action_date: d.action_date.to_string(),
            term_end: d.term_end.to_string(),
            rolled: d.rolled,
            days_left: d.days_left,
        })
        .collect();
    Ok(ContractsDue {
        as_of: as_of.to_string(),
        within_days,
        rows,
    })
}

pub fn contracts_due(app: &App, a: ContractsDueArgs) -> R<ContractsDue> {
    let as_of = parse::opt_date("as_of", &a.as_of)
        .map_err(|p| problems(vec![p]))?
        .unwrap_or_else(|| app.today());
    app.with_company(|c| due_contracts(c, as_of, a.within_days))
}
