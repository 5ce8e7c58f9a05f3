//! The settlement (finiquito) of an employee: computed by `core::settlement` from the
//! employee's contract and pay, the vacation balance up to the last day, and whether that
//! month's pay run already paid the month; shown on screen and printed as a PDF.

use crate::dto::*;
use crate::error::{ApiError, ErrorCode};
use crate::parse;
use crate::App;
use base64::Engine;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use trastienda_core::settlement::{compute_settlement, SettlementInputs, TerminationCause};
use trastienda_core::{Language, Problem, ProblemCode};
use trastienda_render as render;
use trastienda_store::Company;

type R<T> = Result<T, ApiError>;

fn cause_words(c: TerminationCause, lang: Language) -> &'static str {
    match (c, lang) {
        (TerminationCause::Voluntary, Language::Es) => "Baja voluntaria",
        (TerminationCause::EndOfContract, Language::Es) => "Fin de contrato temporal",
        (TerminationCause::Objective, Language::Es) => "Despido objetivo",
        (TerminationCause::Disciplinary, Language::Es) => "Despido disciplinario procedente",
        (TerminationCause::Unfair, Language::Es) => "Despido improcedente",
        (TerminationCause::Other, Language::Es) => "Otra causa",
        (TerminationCause::Voluntary, Language::En) => "Resignation",
        (TerminationCause::EndOfContract, Language::En) => "End of temporary contract",
        (TerminationCause::Objective, Language::En) => "Objective dismissal",
        (TerminationCause::Disciplinary, Language::En) => "Fair disciplinary dismissal",
        (TerminationCause::Unfair, Language::En) => "Unfair dismissal",
        (TerminationCause::Other, Language::En) => "Other cause",
    }
}

struct Computed {
    name: String,
    nif: String,
    start: NaiveDate,
    date: NaiveDate,
    cause: TerminationCause,
    pending: Decimal,
    paid: bool,
    s: trastienda_core::settlement::Settlement,
}

fn compute(c: &Company, a: &FinalSettlementArgs, today: NaiveDate) -> R<Computed> {
    let e = c.employee(a.employee_id)?;
    let mut problems = Vec::new();
    let date = match parse::opt_date("date", &a.date) {
        Ok(d) => d.or(e.termination_date).unwrap_or(today),
        Err(p) => {
            problems.push(p);
            today
        }
    };
    let cause_text = a
        .cause
        .clone()
        .or_else(|| e.termination_cause.clone())
        .unwrap_or_else(|| "voluntary".into());
    let cause = TerminationCause::parse(&cause_text).unwrap_or_else(|| {
        problems.push(
            Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "'{}' is not a cause (voluntary, end_of_contract, objective, disciplinary, unfair, other)",
                    cause_text.chars().take(30).collect::<String>()
                ),
            )
            .field("cause"),
        );
        TerminationCause::Other
    });
    if !problems.is_empty() {
        return Err(ApiError::from_problems(&problems));
    }
    // Vacation earned up to the last day this year, less what was taken.
    let year_start = NaiveDate::from_ymd_opt(date.year(), 1, 1).expect("valid date");
    let year_days = if NaiveDate::from_ymd_opt(date.year(), 2, 29).is_some() {
        366
    } else {
        365
    };
    let from = e.input.start_date.max(year_start);
    let days = ((date - from).num_days() + 1).max(0);
    let balance = c.vacation_balance(a.employee_id, date.year())?;
    let earned =
        Decimal::from(e.input.vacation_days) * Decimal::from(days) / Decimal::from(year_days);
    let pending = (earned - Decimal::from(balance.taken))
        .round_dp(2)
        .max(Decimal::ZERO);
    let month = format!("{:04}-{:02}", date.year(), date.month());
    let paid = c.pay_run_for(&month)?.is_some_and(|r| r.state != "draft");
    let s = compute_settlement(&SettlementInputs {
        start: e.input.start_date,
        end: date,
        cause,
        monthly_salary: e.input.base_salary + e.input.complement,
        payments: e.input.payments as u8,
        prorate_extras: e.input.prorate_extras,
        vacation_days_pending: pending,
        last_month_paid: paid,
    })
    .map_err(|p| ApiError::from_problems(&p))?;
    Ok(Computed {
        name: e.input.name.clone(),
        nif: e.input.nif.clone(),
        start: e.input.start_date,
        date,
        cause,
        pending,
        paid,
        s,
    })
}

pub fn settlement_preview(app: &App, a: FinalSettlementArgs) -> R<FinalSettlementView> {
    let today = app.today();
    let lang = match a.language {
        Some(l) => l.into(),
        None => app.settings().language.into(),
    };
    app.with_company(|c| {
        let x = compute(c, &a, today)?;
        Ok(FinalSettlementView {
            employee_id: a.employee_id,
            employee_name: x.name,
            date: x.date.to_string(),
            cause: cause_words(x.cause, lang).into(),
            years_worked: x.s.years_worked.normalize().to_string(),
            daily_salary: x.s.daily_salary.normalize().to_string(),
            vacation_days_pending: x.pending.normalize().to_string(),
            last_month_paid: x.paid,
            lines: x
                .s
                .lines
                .iter()
                .map(|l| FinalSettlementLineView {
                    code: l.code.into(),
                    label: l.label.clone(),
                    detail: l.detail.clone(),
                    amount: l.amount.to_string(),
                })
                .collect(),
            total: x.s.total.to_string(),
        })
    })
}

pub fn settlement_pdf(app: &App, a: FinalSettlementArgs) -> R<ExportedFile> {
    let today = app.today();
    let lang: Language = match a.language {
        Some(l) => l.into(),
        None => app.settings().language.into(),
    };
    app.with_company(|c| {
        let x = compute(c, &a, today)?;
        let s = c.settings()?;
        let doc = render::SettlementDoc {
            worker_name: x.name.clone(),
            worker_nif: x.nif,
            start: x.start,
            end: x.date,
            cause: cause_words(x.cause, lang).into(),
            lines: x
                .s
                .lines
                .iter()
                .map(|l| render::SettlementDocLine {
                    concept: l.label.clone(),
                    detail: l.detail.clone(),
                    amount: l.amount,
                })
                .collect(),
            total: x.s.total,
            place_and_date: x.date.format("%d/%m/%Y").to_string(),
        };
        let bytes = render::settlement_pdf(
            &doc,
            &render::CompanyHeader {
                name: s.name,
                tax_id: s.tax_id,
            },
            lang,
        )
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        let slug: String = x
            .name
            .chars()
            .map(|ch| if ch.is_alphanumeric() { ch } else { '-' })
            .collect();
        Ok(ExportedFile {
            file_name: format!("finiquito-{slug}-{}.pdf", x.date),
            mime: "application/pdf".into(),
            content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        })
    })
}
