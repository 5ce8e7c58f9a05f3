//! A problem found while validating input: a stable code the UI translates, the position it
//! belongs to (row, field), an English message for logs and the CLI, and its parameters.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProblemCode {
    Required,
    InvalidDate,
    InvalidAmount,
    InvalidAccount,
    UnknownAccount,
    Unbalanced,
    TooFewLines,
    LineBothSides,
    LineEmpty,
    NegativeAmount,
    InvalidTaxId,
    Duplicate,
    InvalidCode,
    NotPostable,
    InactiveAccount,
    MissingColumn,
    OutOfRange,
    /// The date is on or before the company's lock date.
    Locked,
    /// The date falls in a closed fiscal year.
    YearClosed,
    /// The date falls in no fiscal year the company has created.
    NoFiscalYear,
    /// Something must be done first (drafts to post, a later year to reopen).
    Pending,
    NotFound,
}

impl ProblemCode {
    pub fn as_str(self) -> &'static str {
        use ProblemCode::*;
        match self {
            Required => "required",
            InvalidDate => "invalid_date",
            InvalidAmount => "invalid_amount",
            InvalidAccount => "invalid_account",
            UnknownAccount => "unknown_account",
            Unbalanced => "unbalanced",
            TooFewLines => "too_few_lines",
            LineBothSides => "line_both_sides",
            LineEmpty => "line_empty",
            NegativeAmount => "negative_amount",
            InvalidTaxId => "invalid_tax_id",
            Duplicate => "duplicate",
            InvalidCode => "invalid_code",
            NotPostable => "not_postable",
            InactiveAccount => "inactive_account",
            MissingColumn => "missing_column",
            OutOfRange => "out_of_range",
            Locked => "locked",
            YearClosed => "year_closed",
            NoFiscalYear => "no_fiscal_year",
            Pending => "pending",
            NotFound => "not_found",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: ProblemCode,
    /// 1-based row (a CSV row, or a line of an entry) when the problem has one.
    pub row: Option<u32>,
    pub field: Option<String>,
    pub message: String,
    pub params: Vec<(String, String)>,
}

impl Problem {
    pub fn new(code: ProblemCode, message: impl Into<String>) -> Problem {
        Problem {
            code,
            row: None,
            field: None,
            message: message.into(),
            params: Vec::new(),
        }
    }
    pub fn at_row(mut self, row: u32) -> Problem {
        self.row = Some(row);
        self
    }
    pub fn field(mut self, field: impl Into<String>) -> Problem {
        self.field = Some(field.into());
        self
    }
    pub fn param(mut self, key: &str, value: impl ToString) -> Problem {
        self.params.push((key.to_string(), value.to_string()));
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(row) = self.row {
            write!(f, "row {row}: ")?;
        }
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.message)
    }
}
