//! Printable output of core values: PDF documents (printpdf, Liberation Sans embedded from
//! `assets/fonts/` and subset to the glyphs used) and CSV exports (csv).
//!
//! Where it touches its neighbours: takes report shapes from `trastienda-core` (never reads
//! the store, never the clock: "printed on" is an argument) and returns bytes; `api` decides
//! where they go. Render owns the words it prints (`i18n`), in the [`Language`] asked for.
//!
//! Inside: `layout` is the reusable paged table (letterhead, repeated column header, page
//! breaks, boxed totals, page x of y) in integer lengths (`units`); `pdf` writes laid-out
//! pages; `font` measures and subsets the faces; report modules such as `trial_balance` only
//! fill a table. Architecture invariant: amounts stay `Money` until they become strings;
//! floats appear only where printpdf takes points.

mod aging;
mod bank_report;
mod font;
mod i18n;
mod invoice;
mod journal_book;
mod layout;
mod ledger;
mod logo;
mod payables;
mod payroll_reports;
mod payslip;
mod pdf;
mod purchase_order;
mod reminder;
#[doc(hidden)]
pub mod samples;
mod settlement;
mod sheet;
mod statement;
mod trial_balance;
mod units;
mod vat_summary;

pub use aging::{
    aging_csv, aging_pdf, customer_statement_pdf, AgingReport, AgingRow, AgingSide, StatementLine,
    StatementOfAccount,
};
pub use bank_report::{bank_reconciliation_pdf, BankReport, BankReportAccount, BankReportLine};
pub use invoice::{
    check_logo, invoice_pdf, invoices_pdf_batch, invoices_pdf_combined, Due, InvoiceDoc,
    InvoiceDocLine, InvoiceKind, Issuer, PaymentDetails, Recipient, TaxBreakdown, VerifactuQr,
    WithholdingLine,
};
pub use journal_book::{journal_book_csv, journal_book_pdf};
pub use ledger::{ledger_csv, ledger_pdf};
pub use payables::{
    supplier_statement_csv, supplier_statement_pdf, vat_input_summary_csv, vat_input_summary_pdf,
    SupplierStatement, VatInputRow, VatInputSummary,
};
pub use payroll_reports::{
    headcount_csv, headcount_pdf, irpf_annual_csv, irpf_annual_pdf, irpf_quarter_csv,
    irpf_quarter_pdf, payroll_summary_csv, payroll_summary_pdf, ss_cost_csv, ss_cost_pdf,
    HeadcountDoc, HeadcountLine, IrpfAnnualDoc, IrpfAnnualLine, IrpfQuarterDoc,
    PayrollEmployeeLine, PayrollFigures, PayrollMonthLine, PayrollSummaryDoc, SsCostDoc,
    SsCostLine,
};
pub use payslip::{
    payslip_pdf, payslips_pdf, payslips_pdf_with_progress, ContributionLine, PayslipCompany,
    PayslipDoc, PayslipLine, PayslipWorker,
};
pub use purchase_order::{
    purchase_order_pdf, PurchaseOrderDoc, PurchaseOrderDocLine, PurchaseOrderTax,
};
pub use reminder::{reminder_pdf, OverdueInvoice, Reminder, ReminderLevel};
pub use settlement::{settlement_pdf, SettlementDoc, SettlementDocLine};
pub use statement::{statement_csv, statement_pdf};
pub use trastienda_core::Language;
pub use trial_balance::{trial_balance_csv, trial_balance_pdf};
pub use vat_summary::{vat_summary_csv, vat_summary_pdf, VatSummary, VatSummaryRow};

/// Who a document belongs to, as printed in its letterhead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyHeader {
    pub name: String,
    pub tax_id: String,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// An embedded font could not be read or subset (a broken build, not user input).
    #[error("font: {0}")]
    Font(String),
    /// printpdf reported an error while writing the document.
    #[error("PDF: {0}")]
    Pdf(String),
    /// The company logo is not a PNG or JPEG this crate can embed.
    #[error("logo: {0}")]
    Logo(String),
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
}

#[cfg(test)]
mod payables_tests;
#[cfg(test)]
mod sales_tests;
#[cfg(test)]
mod tests;
