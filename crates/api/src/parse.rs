//! Turning wire strings into domain values, each failure a Problem naming its field.

use chrono::NaiveDate;
use trastienda_core::{AccountCode, Money, Problem, ProblemCode};

pub fn date(field: &str, s: &str) -> Result<NaiveDate, Problem> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        Problem::new(
            ProblemCode::InvalidDate,
            format!("'{s}' is not a date (YYYY-MM-DD)"),
        )
        .field(field)
        .param("value", s)
    })
}

pub fn opt_date(field: &str, s: &Option<String>) -> Result<Option<NaiveDate>, Problem> {
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => date(field, v).map(Some),
    }
}

pub fn money(field: &str, s: &str) -> Result<Money, Problem> {
    Money::parse(s).map_err(|e| {
        Problem::new(ProblemCode::InvalidAmount, e.to_string())
            .field(field)
            .param("value", s)
    })
}

pub fn account(field: &str, s: &str) -> Result<AccountCode, Problem> {
    AccountCode::parse(s).map_err(|e| {
        Problem::new(ProblemCode::InvalidAccount, e)
            .field(field)
            .param("value", s)
    })
}
