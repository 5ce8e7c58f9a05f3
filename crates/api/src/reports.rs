//! Report use cases shared by the commands and the CLI: the trial balance, rolled-up
//! account balances, and exports through the render crate.

use crate::dto;
use crate::error::{ApiError, ErrorCode};
use crate::parse;
use chrono::NaiveDate;
use std::collections::HashMap;
use trastienda_core::report::{build_trial_balance, TrialBalance, TrialBalanceOptions};
use trastienda_core::{Language, Money, Problem, ProblemCode};
use trastienda_store::Company;

pub fn period(
    from: &Option<String>,
    to: &Option<String>,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), ApiError> {
    let mut p = Vec::new();
    let f = parse::opt_date("from", from)
        .map_err(|x| p.push(x))
        .ok()
        .flatten();
    let t = parse::opt_date("to", to)
        .map_err(|x| p.push(x))
        .ok()
        .flatten();
    if let (Some(f), Some(t)) = (f, t) {
        if f > t {
            p.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!("the period starts ({f}) after it ends ({t})"),
                )
                .field("from"),
            );
        }
    }
    if p.is_empty() {
        Ok((f, t))
    } else {
        Err(ApiError::from_problems(&p))
    }
}

pub fn trial_balance(
    c: &Company,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    level: Option<u8>,
) -> Result<TrialBalance, ApiError> {
    let chart = c.chart()?;
    let totals = c.account_totals(from, to)?;
    Ok(build_trial_balance(
        &chart,
        &totals,
        TrialBalanceOptions { from, to, level },
    ))
}

pub fn trial_balance_dto(tb: &TrialBalance) -> dto::TrialBalance {
    dto::TrialBalance {
        from: tb.from.map(|d| d.to_string()),
        to: tb.to.map(|d| d.to_string()),
        rows: tb
            .rows
            .iter()
            .map(|r| dto::TrialBalanceRow {
                code: r.code.clone(),
                name: r.name.clone(),
                level: r.level,
                is_group: r.is_group,
                debit: r.debit.to_string(),
                credit: r.credit.to_string(),
                balance: r.balance.to_string(),
            })
            .collect(),
        total_debit: tb.total_debit.to_string(),
        total_credit: tb.total_credit.to_string(),
        total_balance: tb.total_balance.to_string(),
    }
}

/// Debit and credit per account code, each account including its subaccounts.
pub fn rolled_up_totals(
    c: &Company,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<HashMap<String, (Money, Money)>, ApiError> {
    let tb = trial_balance(c, from, to, None)?;
    Ok(tb
        .rows
        .into_iter()
        .map(|r| (r.code, (r.debit, r.credit)))
        .collect())
}

pub struct ExportFile {
    pub file_name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

pub fn export_trial_balance(
    c: &Company,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    format: dto::ExportFormat,
    lang: Language,
    today: NaiveDate,
) -> Result<ExportFile, ApiError> {
    let tb = trial_balance(c, from, to, None)?;
    let settings = c.settings()?;
    let stem = match lang {
        Language::Es => "balance-sumas-saldos",
        Language::En => "trial-balance",
    };
    let period = match (from, to) {
        (None, None) => String::new(),
        (f, t) => format!(
            "-{}_{}",
            f.map(|d| d.to_string()).unwrap_or_default(),
            t.map(|d| d.to_string()).unwrap_or_default()
        ),
    };
    let render_err =
        |e: trastienda_render::RenderError| ApiError::new(ErrorCode::Internal, e.to_string());
    Ok(match format {
        dto::ExportFormat::Pdf => ExportFile {
            file_name: format!("{stem}{period}.pdf"),
            mime: "application/pdf",
            bytes: trastienda_render::trial_balance_pdf(
                &tb,
                &trastienda_render::CompanyHeader {
                    name: settings.name,
                    tax_id: settings.tax_id,
                },
                today,
                lang,
            )
            .map_err(render_err)?,
        },
        dto::ExportFormat::Csv => ExportFile {
            file_name: format!("{stem}{period}.csv"),
            mime: "text/csv",
            bytes: trastienda_render::trial_balance_csv(&tb).map_err(render_err)?,
        },
    })
}
