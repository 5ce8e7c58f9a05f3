//! The company file: one SQLite database per company (rusqlite, bundled), opened with WAL,
//! synchronous=FULL and foreign keys on; append-only migrations; triggers that refuse edits of
//! posted entries and unbalanced postings; reports computed in SQL.
//!
//! Architecture invariant: this is the only crate with SQL. It takes and returns `core`
//! values (`BalancedEntry`, `AccountTotals`, `Money`); it knows nothing of the wire format,
//! of Tauri or of HTTP. Callers pass `now` for audit timestamps: the store never reads the clock.

mod accounts;
mod audit;
pub mod backup;
mod bank;
mod bills;
mod cash;
mod correspondence;
mod crypt;
mod customers;
mod documents;
mod drafts;
mod employees;
mod error;
mod hr;
mod invoice_profile;
mod invoices;
mod issued;
mod journal;
pub mod lock;
mod migrate;
mod parties;
mod pay_runs;
mod payment_runs;
mod payments;
mod payroll_reports;
mod periods;
mod products;
mod purchase_orders;
mod quotes;
mod reconcile;
mod reports;
mod search;
mod statements;
mod supplier_payments;
mod supplier_relations;
mod suppliers;

pub use accounts::{Account, NewAccount};
pub use audit::{AuditFilter, AuditRecord, GENESIS};
pub use backup::{BackupInfo, Keep};
pub use bank::{
    statement_account_matches, validate_bank_account, validate_csv_mapping, BankAccount,
    BankAccountInput, BankAccountRow, BankBalances, BankLineFilter, BankLinePage, BankLineRecord,
    CsvMappingInput, CsvMappingRecord, ImportPhase, ImportResult, BANK_ACCOUNT_KINDS,
    BANK_LINE_STATES, CSV_ENCODINGS,
};
pub use bills::{
    number_key, BillFilter, BillInput, BillKind, BillLineInput, BillLineRecord, BillRecord,
    BillSettlement, BillTaxRecord, ExpenseInput, VatInputRow, VatInputSummary,
};
pub use correspondence::{
    normalise_address, subject_keyword, validate_correspondence, validate_mail_rule,
    CorrespondenceInput, CorrespondenceRecord, FollowUpDue, MailAttachment, MailImportReport,
    MailMessage, MailProblem, MailRule, MailRuleInput, PartyMatch, PartyRef, RuleFrom, TriagePage,
    CHANNELS, DIRECTIONS, PARTY_KINDS, PUBLIC_DOMAINS, TRIAGE_PAGE_SIZE,
};
pub use crypt::{is_encrypted, Password, MIN_PASSWORD_CHARS};
pub use customers::{
    validate_customer, Contact, ContactInput, Customer, CustomerCard, CustomerFilter,
    CustomerInput, CustomerPage, CustomerRow, HistoryItem, HistoryKind, OpenInvoice, TREATMENTS,
};
pub use documents::{
    hash_content, media_type_for, normalise_tags, retention_end, CategoryInput, Content,
    DocumentCategory, DocumentFilter, DocumentInput, DocumentMeta, DocumentPage, DocumentRecord,
    DocumentRow, DocumentSource, FileText, PurgeResult, RecordRef, RetentionRow, TextStatus,
    VerifyFailure, VerifyReport, MAX_DOCUMENT_BYTES, MAX_PAGE_SIZE, RECORD_KINDS,
};
pub use drafts::{DraftLine, EntryDraftRecord, EntryTemplate, Recurrence};
pub use employees::{
    check_irpf_pct, validate_employee, Employee, EmployeeFilter, EmployeeInput, EmployeeRow,
    IrpfRate, PayrollSettings, CONTRACT_TYPES, TERMINATION_CAUSES,
};
pub use error::StoreError;
pub use hr::{
    check_hours, overlap_days, validate_benefit, validate_candidate, validate_leave,
    validate_review, validate_training, BenefitInput, BenefitRecord, CandidateInput,
    CandidateRecord, LeaveInput, LeaveRecord, ReviewInput, ReviewRecord, TrainingInput,
    TrainingRecord, VacationBalance, CANDIDATE_STATUSES, LEAVE_KINDS,
};
pub use invoice_profile::{InvoiceProfile, InvoiceRegisterEntry};
pub use invoices::{
    madrid_time, CorrectionInfo, DocKind, InvoiceFilter, InvoiceInput, InvoicePdfRenderer,
    InvoiceRecord, InvoiceState, IssuedInvoice, RegisterBreak, RegisterRecord, SeriesRow, TaxRow,
    VatOutputRow, VatOutputSummary,
};
pub use issued::IssuedFile;
pub use journal::{EntryFilter, EntryOrder, EntrySummary, PostedEntry, PostedLine};
pub use migrate::{pending_migrations, MIGRATIONS};
pub use parties::email_shape_ok;
pub use pay_runs::{ManualLine, PayRunRecord, PayrollRateRow, PayslipRecord};
pub use payment_runs::{PaymentRunInput, PaymentRunRecord, RunItem, RunSkip};
pub use payments::{
    AgingReport, Allocation, CustomerAging, NewPayment, OpenItem, PaymentMethod, PaymentRecord,
    ReminderRecord,
};
pub use payroll_reports::{
    Headcount, HeadcountMonth, IrpfAnnual, IrpfAnnualRow, IrpfQuarter, PayrollEmployeeRow,
    PayrollMonthRow, PayrollSummary, PayrollTotals, SsCost, SsCostRow,
};
pub use periods::{FiscalYear, YearEndPreview};
pub use products::{product_tax, Product, ProductInput};
pub use purchase_orders::{
    BillingLine, OrderForBilling, PurchaseOrder, PurchaseOrderFilter, PurchaseOrderInput,
    PurchaseOrderLine, PurchaseOrderLineInput, PurchaseOrderRow, PurchaseOrderState,
    PurchaseReceipt, PurchaseTaxRow, ReceiveQuantities, PURCHASE_VAT_RATES,
};
pub use quotes::{QuoteInput, QuoteRecord, QuoteState};
pub use reconcile::{fold, BankRule, BankRuleInput, Reconciled, Suggestion, Unreconciled};
pub use reports::{RegisterPage, RegisterRow};
pub use search::{
    fts_query, SearchGroup, SearchHit, SearchKind, SearchResults, SnippetPart, COUNT_CAP,
    MAX_PER_KIND,
};
pub use statements::{DrillPage, DrillRow, YearEndRule};
pub use supplier_payments::{
    BillAllocation, NewSupplierPayment, OpenBill, PayablesAging, SupplierAging, SupplierMovement,
    SupplierPaymentRecord, SupplierStatement,
};
pub use supplier_relations::{
    contract_due, roll_forward, validate_contract, validate_evaluation, Contract, ContractAction,
    ContractDue, ContractInput, Evaluation, EvaluationInput, EvaluationSummary, SupplierRating,
};
pub use suppliers::{
    validate_supplier, Supplier, SupplierFilter, SupplierInput, SupplierPage, SupplierRow,
    VAT_TREATMENTS,
};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use trastienda_core::chart::TemplateAccount;
use trastienda_core::Language;

pub type Result<T> = std::result::Result<T, StoreError>;

/// The settings a company is created with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanySettings {
    pub name: String,
    pub tax_id: String,
    pub country: String,
    pub address: String,
    pub fiscal_year_start_month: u32,
    pub currency: String,
    pub language: Language,
    pub template: String,
}

/// An open company file.
pub struct Company {
    conn: Connection,
    path: PathBuf,
    /// Who makes the changes, as the audit log records it (app instance, user, host).
    actor: String,
    /// The password the file is encrypted with (None: a plain file).
    key: Option<Password>,
    /// Prints an invoice as it is issued, so its PDF is archived in the same transaction
    /// (set by the api; None: invoices are issued without archiving a PDF).
    invoice_pdf: Option<invoices::InvoicePdfRenderer>,
    /// The one-writer lock (`<file>.lock`), removed when the company is dropped; declared
    /// last so the connection closes first.
    _lock: Option<lock::FileLock>,
}

const APPLICATION_ID: i32 = 0x5452_5354; // "TRST"

impl Company {
    /// Creates a new company file at `path` (refusing to overwrite one) with its chart.
    pub fn create(
        path: &Path,
        settings: &CompanySettings,
        chart: &[TemplateAccount],
        now: DateTime<Utc>,
    ) -> Result<Company> {
        if path.exists() {
            return Err(StoreError::AlreadyExists(path.to_path_buf()));
        }
        let lock = lock::FileLock::acquire(
            path,
            lock::LockOwner::current("trastienda", &now.to_rfc3339()),
        )?;
        let conn = crypt::open_raw(path, OpenFlags::default())?;
        configure(&conn)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        let mut company = Company {
            conn,
            path: path.to_path_buf(),
            actor: "trastienda".into(),
            key: None,
            invoice_pdf: None,
            _lock: Some(lock),
        };
        migrate::migrate(&mut company.conn, now)?;
        let tx = company.conn.transaction()?;
        tx.execute(
            "INSERT INTO company (id, name, tax_id, country, address, fiscal_year_start_month,
                                  currency, language, template, created_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                settings.name.trim(),
                settings.tax_id.trim(),
                settings.country,
                settings.address,
                settings.fiscal_year_start_month,
                settings.currency,
                settings.language.code(),
                settings.template,
                now.to_rfc3339(),
            ],
        )?;
        accounts::insert_chart(&tx, chart)?;
        audit::append(
            &tx,
            now,
            &company.actor,
            &audit::Change {
                record: "company",
                action: "create",
                after: Some(&format!(
                    "{} ({}), chart {} with {} accounts",
                    settings.name.trim(),
                    settings.tax_id.trim(),
                    settings.template,
                    chart.len()
                )),
                ..audit::Change::default()
            },
        )?;
        // The company starts with the fiscal year it is created in.
        let month = settings.fiscal_year_start_month;
        periods::insert_year(
            &tx,
            trastienda_core::fiscal::fiscal_year_of(now.date_naive(), month),
            month,
        )?;
        tx.commit()?;
        Ok(company)
    }

    /// Opens an existing company file for writing and brings its schema up to date (`now`
    /// stamps any migration applied). Takes the one-writer lock (`StoreError::InUse` when a
    /// live process holds it; a stale one is taken over) and runs `PRAGMA quick_check`
    /// (`StoreError::Damaged` when it fails).
    pub fn open(path: &Path, now: DateTime<Utc>) -> Result<Company> {
        Company::open_with_password(path, None, now)
    }

    /// `open` for a file that may be encrypted: `password` keys it (`PasswordRequired` when
    /// it is encrypted and none is given, `WrongPassword` when it does not open it; either way
    /// nothing is written and no lock is left behind).
    pub fn open_with_password(
        path: &Path,
        password: Option<&Password>,
        now: DateTime<Utc>,
    ) -> Result<Company> {
        if !path.is_file() {
            return Err(StoreError::NotFound(format!(
                "company file {}",
                path.display()
            )));
        }
        let conn = crypt::connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            password,
        )?;
        let key = crypt::is_encrypted(path)?
            .then(|| password.cloned())
            .flatten();
        let app_id: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(|_| StoreError::NotACompanyFile(path.to_path_buf()))?;
        if app_id != APPLICATION_ID {
            return Err(StoreError::NotACompanyFile(path.to_path_buf()));
        }
        let lock = lock::FileLock::acquire(
            path,
            lock::LockOwner::current("trastienda", &now.to_rfc3339()),
        )?;
        quick_check(&conn, path)?;
        configure(&conn)?;
        let mut company = Company {
            conn,
            path: path.to_path_buf(),
            actor: "trastienda".into(),
            key,
            invoice_pdf: None,
            _lock: Some(lock),
        };
        migrate::migrate(&mut company.conn, now)?;
        Ok(company)
    }

    /// Opens a company file to read it only (reports, checks): no writer lock, so it works
    /// while the app has the company open (WAL lets readers in), and `query_only` makes any
    /// write fail. A file that still needs upgrading is refused: reading never migrates.
    pub fn open_to_read(path: &Path) -> Result<Company> {
        Company::open_to_read_with_password(path, None)
    }

    /// `open_to_read` for a file that may be encrypted (see `open_with_password`).
    pub fn open_to_read_with_password(path: &Path, password: Option<&Password>) -> Result<Company> {
        if !path.is_file() {
            return Err(StoreError::NotFound(format!(
                "company file {}",
                path.display()
            )));
        }
        let pending = migrate::pending_migrations(path, password)?;
        if !pending.is_empty() {
            return Err(StoreError::MigrationFailed(format!(
                "{} was written by an older Trastienda and must be upgraded first: open it in the \
                 app or with a command that changes it",
                path.display()
            )));
        }
        let conn = crypt::connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            password,
        )?;
        let key = crypt::is_encrypted(path)?
            .then(|| password.cloned())
            .flatten();
        let app_id: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(|_| StoreError::NotACompanyFile(path.to_path_buf()))?;
        if app_id != APPLICATION_ID {
            return Err(StoreError::NotACompanyFile(path.to_path_buf()));
        }
        quick_check(&conn, path)?;
        configure(&conn)?;
        conn.pragma_update(None, "query_only", "ON")?;
        Ok(Company {
            conn,
            path: path.to_path_buf(),
            actor: "trastienda (read only)".into(),
            key,
            invoice_pdf: None,
            _lock: None,
        })
    }

    /// Has every invoice issued from now on printed by `renderer` and its PDF archived with it,
    /// in the issuing transaction, exactly as issued.
    pub fn set_invoice_pdf_renderer(&mut self, renderer: invoices::InvoicePdfRenderer) {
        self.invoice_pdf = Some(renderer);
    }

    /// Sets who the audit log names for this connection's changes.
    pub fn set_actor(&mut self, actor: impl Into<String>) {
        self.actor = actor.into();
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn settings(&self) -> Result<CompanySettings> {
        settings_in(&self.conn)?.ok_or_else(|| StoreError::NotACompanyFile(self.path.clone()))
    }

    pub fn set_language(&mut self, language: Language, now: DateTime<Utc>) -> Result<()> {
        let tx = self.conn.transaction()?;
        let before: String =
            tx.query_row("SELECT language FROM company WHERE id = 1", [], |r| {
                r.get(0)
            })?;
        if before == language.code() {
            return Ok(());
        }
        tx.execute(
            "UPDATE company SET language = ?1 WHERE id = 1",
            [language.code()],
        )?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &audit::Change {
                record: "company.language",
                action: "set",
                before: Some(&before),
                after: Some(language.code()),
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// SQLite's own consistency check plus the ledger's: every entry complete and balanced,
    /// and the month summary equal to the postings it summarises. Returns what is wrong.
    pub fn verify(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let ic: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if ic != "ok" {
            problems.push(format!("integrity_check: {ic}"));
        }
        let fk: i64 =
            self.conn
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
        if fk > 0 {
            problems.push(format!("{fk} rows break a foreign key"));
        }
        let bad: i64 = self.conn.query_row(
            "SELECT count(*) FROM entries e WHERE
                (SELECT coalesce(sum(amount_cents), 0) FROM postings WHERE entry_id = e.id) <> 0
             OR (SELECT count(*) FROM postings WHERE entry_id = e.id) <> e.line_count",
            [],
            |r| r.get(0),
        )?;
        if bad > 0 {
            problems.push(format!("{bad} entries are incomplete or unbalanced"));
        }
        let drift: i64 = self.conn.query_row(
            "SELECT count(*) FROM (
                SELECT account_id, CAST(substr(date,1,4)||substr(date,6,2) AS INTEGER) AS month,
                       sum(max(amount_cents,0)) AS d, sum(max(-amount_cents,0)) AS c, count(*) AS n
                FROM postings GROUP BY 1, 2
             ) p FULL OUTER JOIN account_month_totals t USING (account_id, month)
             WHERE p.d IS NOT t.debit_cents OR p.c IS NOT t.credit_cents OR p.n IS NOT t.postings",
            [],
            |r| r.get(0),
        )?;
        if drift > 0 {
            problems.push(format!("{drift} monthly totals differ from their postings"));
        }
        // Each entry's cash shares add up to its cash; opening and year-end entries have none.
        let cash_drift: i64 = self.conn.query_row(
            "SELECT count(*) FROM (
                SELECT p.entry_id, sum(p.amount_cents) AS cash FROM postings p
                JOIN accounts a ON a.id = p.account_id
                WHERE substr(a.code, 1, 2) = '57' GROUP BY p.entry_id
             ) c JOIN entries e ON e.id = c.entry_id
             LEFT JOIN (SELECT entry_id, sum(cents) AS shared FROM cash_shares GROUP BY entry_id) s
                    ON s.entry_id = c.entry_id
             WHERE e.kind = 'normal' AND c.cash <> coalesce(s.shared, 0)",
            [],
            |r| r.get(0),
        )?;
        let stray: i64 = self.conn.query_row(
            "SELECT count(*) FROM cash_shares s JOIN entries e ON e.id = s.entry_id
             WHERE e.kind IN ('opening', 'regularisation', 'closing')",
            [],
            |r| r.get(0),
        )?;
        if let Some((id, why)) = self.verify_audit()? {
            problems.push(format!("audit log record {id}: {why}"));
        }
        if let Some(b) = self.verify_invoice_register()? {
            problems.push(format!("invoice register: {}", b.message));
        }
        for gap in self.invoice_numbering_gaps()? {
            problems.push(format!("invoice numbering: {gap}"));
        }
        if cash_drift + stray > 0 {
            problems.push(format!(
                "{} entries' cash shares differ from their cash",
                cash_drift + stray
            ));
        }
        Ok(problems)
    }

    /// For tests and tools: a raw statement, so triggers can be shown to refuse it.
    #[doc(hidden)]
    pub fn execute_raw(&self, sql: &str) -> Result<usize> {
        Ok(self.conn.execute(sql, [])?)
    }
}

/// `PRAGMA quick_check`: a damaged file is refused before anything writes to it.
fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    let damaged = |detail: String| StoreError::Damaged {
        path: path.to_path_buf(),
        detail,
    };
    let rows: Vec<String> = conn
        .prepare("PRAGMA quick_check")
        .and_then(|mut s| {
            s.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(|e| damaged(e.to_string()))?;
    if rows != ["ok"] {
        return Err(damaged(rows.join("; ")));
    }
    Ok(())
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "cache_size", -16_000)?; // 16 MB
                                                      // Statement journals (each INSERT that fires triggers keeps one, to undo just that
                                                      // statement) stay in memory instead of a temporary file: no system calls per posting.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// The company's settings through any connection (a transaction's too).
pub(crate) fn settings_in(conn: &Connection) -> Result<Option<CompanySettings>> {
    Ok(conn
        .query_row(
            "SELECT name, tax_id, country, address, fiscal_year_start_month, currency,
                        language, template FROM company WHERE id = 1",
            [],
            |r| {
                Ok(CompanySettings {
                    name: r.get(0)?,
                    tax_id: r.get(1)?,
                    country: r.get(2)?,
                    address: r.get(3)?,
                    fiscal_year_start_month: r.get(4)?,
                    currency: r.get(5)?,
                    language: Language::parse(&r.get::<_, String>(6)?).unwrap_or_default(),
                    template: r.get(7)?,
                })
            },
        )
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: with statement journals in temporary files a million-entry import spent
    /// half its time in system calls (31 s; 18 s with them in memory). Every connection the
    /// store opens keeps them in memory, and keeps the ledger's pragmas.
    #[test]
    fn connections_keep_statement_journals_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.trastienda");
        let settings = CompanySettings {
            name: "X".into(),
            tax_id: "B12345674".into(),
            country: "ES".into(),
            address: String::new(),
            fiscal_year_start_month: 1,
            currency: "EUR".into(),
            language: Language::Es,
            template: "generic".into(),
        };
        drop(Company::create(&path, &settings, &[], Utc::now()).unwrap());
        let c = Company::open(&path, Utc::now()).unwrap();
        let get = |p: &str| -> i64 { c.conn.pragma_query_value(None, p, |r| r.get(0)).unwrap() };
        assert_eq!(get("temp_store"), 2, "MEMORY");
        assert_eq!(get("foreign_keys"), 1);
        assert_eq!(get("synchronous"), 2, "FULL");
        let mode: String = c
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
