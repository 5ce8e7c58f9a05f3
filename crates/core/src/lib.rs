//! Trastienda's domain model and rules: money, account codes and kinds, journal entries that
//! balance by construction, Spanish tax ids, fiscal years and report shapes.
//!
//! Architecture invariant: no IO, no SQL, no clock, no serde. `store` persists these values,
//! `render` prints them, `api` moves them over the wire; all three depend on this crate and it
//! depends on none of them. Business logic that needs "today" takes it as an argument.

pub mod account;
pub mod aging;
pub mod bank;
pub mod bill;
pub mod books;
pub mod chart;
pub mod closing;
pub mod entry;
pub mod fiscal;
pub mod iban;
pub mod invoice;
pub mod mail_triage;
pub mod money;
pub mod payment_terms;
pub mod payroll;
pub mod problem;
pub mod report;
pub mod sepa;
pub mod series;
pub mod settlement;
pub mod ssnumber;
pub mod statement;
pub mod taxid;
pub mod verifactu;

pub use account::{AccountCode, AccountKind};
pub use entry::{BalancedEntry, EntryDraft, EntryKind, EntryLine};
pub use iban::{Bic, Iban};
pub use invoice::{Invoice, InvoiceDraft, InvoiceLine, InvoiceRules, TaxTreatment};
pub use money::Money;
pub use problem::{Problem, ProblemCode};

/// The languages the product speaks (UI, printed documents).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    #[default]
    Es,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Es => "es",
            Language::En => "en",
        }
    }
    pub fn parse(s: &str) -> Option<Language> {
        match s.trim().to_ascii_lowercase().as_str() {
            "es" => Some(Language::Es),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}
