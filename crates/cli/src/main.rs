//! `trastienda`: the command line over the same api as the desktop app — init, demo, import,
//! report (books and statements), the year's bookkeeping (years, lock, close-year,
//! reopen-year), and `serve` (the UI and the command table over HTTP on 127.0.0.1, guarded by a
//! random token). Thin: every action is an api use case.
//!
//! Exit code 0 on success; otherwise non-zero with a one-line reason on stderr (and, for
//! validation failures, one line per problem with its row).

mod bank;
mod customers;
mod documents;
mod employees;
mod invoices;
mod mail;
mod payables;
mod payroll;
mod receivables;
mod report;
mod search;
mod serve;
mod suppliers;
mod writer;
mod years;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use trastienda_api::dto::{Lang, NewCompany};
use trastienda_api::{ApiError, App, AppConfig};

#[derive(Parser)]
#[command(
    name = "trastienda",
    version,
    about = "Trastienda: the back office of a small business, offline"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Template {
    EsPymes,
    Generic,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Pdf,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Es,
    En,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new company file.
    Init {
        #[arg(long)]
        company: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long = "tax-id")]
        tax_id: String,
        #[arg(long, value_enum, default_value = "es-pymes")]
        template: Template,
        #[arg(long, default_value = "EUR")]
        currency: String,
        #[arg(long, default_value = "ES")]
        country: String,
        #[arg(long, default_value = "")]
        address: String,
        /// Month (1-12) the fiscal year starts in.
        #[arg(long = "fiscal-year-start", default_value_t = 1)]
        fiscal_year_start: u32,
    },
    /// Create the demo company with N realistic entries ending today.
    Demo {
        #[arg(long)]
        company: PathBuf,
        #[arg(long, default_value_t = trastienda_api::demo::DEMO_ENTRIES)]
        entries: usize,
    },
    /// Import data into a company.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Customers: list, show one (its card), import or export the CSV.
    Customer {
        #[command(subcommand)]
        what: CustomerWhat,
    },
    /// Search everything (customers, suppliers, employees, invoices, bills, entries,
    /// documents, correspondence) for the words given, as the app's search box does.
    Search {
        #[arg(long)]
        company: PathBuf,
        /// Hits shown per kind (1-50).
        #[arg(long = "per-kind", default_value_t = 5)]
        per_kind: u32,
        /// The words to look for (each may be the start of a word).
        #[arg(required = true, allow_hyphen_values = true)]
        text: Vec<String>,
    },
    /// Suppliers: list, show one, import or export the CSV.
    Supplier {
        #[command(subcommand)]
        what: SupplierWhat,
    },
    /// Bank statements: import a file into a bank account, list the unreconciled lines.
    Bank {
        #[command(subcommand)]
        what: BankWhat,
    },
    /// E-mail: import a .eml file or a .mbox mailbox into the correspondence log and triage.
    Mail {
        #[command(subcommand)]
        what: mail::MailWhat,
    },
    /// Documents: add a file to the archive, list it, get one back, verify every hash.
    Doc {
        #[command(subcommand)]
        what: documents::DocWhat,
    },
    /// Employees: list, import or export the CSV.
    Employee {
        #[command(subcommand)]
        what: employees::EmployeeWhat,
    },
    /// Invoices: list them, show one, print one as PDF.
    Invoice {
        #[command(subcommand)]
        what: InvoiceWhat,
    },
    /// Payroll: compute and approve a month's pay run, write its payslips (PDF or CSV).
    Payroll {
        #[command(subcommand)]
        what: payroll::PayrollWhat,
    },
    /// Payables: the aging as PDF or CSV.
    Payables {
        #[command(subcommand)]
        what: payables::PayablesWhat,
    },
    /// Pay the supplier bills due by --until: writes the SEPA credit transfer file
    /// (pain.001.001.03) for the bank and keeps the run waiting for confirmation; --confirm
    /// also records the payments. --confirm-run / --cancel-run close a run prepared earlier.
    PaymentRun {
        #[arg(long)]
        company: PathBuf,
        /// Pay what is due on or before this day (YYYY-MM-DD).
        #[arg(long, required_unless_present_any = ["confirm_run", "cancel_run"])]
        until: Option<String>,
        /// Where to write the XML file.
        #[arg(long, required_unless_present_any = ["confirm_run", "cancel_run"])]
        out: Option<PathBuf>,
        /// The day the bank is asked to pay (default today).
        #[arg(long = "execution-date")]
        execution_date: Option<String>,
        /// The bank account (572x) it is paid from (default 5720001).
        #[arg(long)]
        account: Option<String>,
        /// Record the payments now (the bank has taken the file).
        #[arg(long)]
        confirm: bool,
        /// Record the payments of the run prepared earlier with this number.
        #[arg(long = "confirm-run", conflicts_with_all = ["until", "cancel_run", "confirm"])]
        confirm_run: Option<i64>,
        /// Drop the run prepared earlier with this number (its bills may go in another).
        #[arg(long = "cancel-run", conflicts_with_all = ["until", "confirm"])]
        cancel_run: Option<i64>,
    },
    /// Receivables: the aging as PDF or CSV.
    Receivables {
        #[command(subcommand)]
        what: receivables::ReceivablesWhat,
    },
    /// Produce a report as PDF or CSV.
    Report {
        #[command(subcommand)]
        which: ReportWhich,
    },
    /// Serve the UI and the commands over HTTP on 127.0.0.1 (for a browser).
    Serve {
        #[arg(long)]
        company: Option<PathBuf>,
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// The built UI (ui/dist); found next to the executable or the working folder if omitted.
        #[arg(long = "ui-dir")]
        ui_dir: Option<PathBuf>,
    },
    /// Check a company file: SQLite integrity, foreign keys, balanced entries, summaries.
    Verify {
        /// `audit`: only the audit log's SHA-256 chain, naming the first broken record;
        /// `invoices`: only the invoice register's chain and numbering.
        #[arg(value_enum)]
        what: Option<VerifyWhat>,
        #[arg(long)]
        company: PathBuf,
    },
    /// Close a fiscal year: regularisation, closing and the next year's opening entry.
    CloseYear {
        #[arg(long)]
        company: PathBuf,
        #[arg(long)]
        year: i32,
        /// Show the three entries and the result; post nothing.
        #[arg(long = "dry-run")]
        dry_run: bool,
    },
    /// Undo the close of a fiscal year (its year-end entries are reversed, never deleted).
    ReopenYear {
        #[arg(long)]
        company: PathBuf,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        reason: String,
    },
    /// Set the lock date: nothing on or before it can be posted or reversed.
    #[command(group(clap::ArgGroup::new("lock").required(true).args(["until", "clear"])))]
    Lock {
        #[arg(long)]
        company: PathBuf,
        /// Lock the books up to and including this date (YYYY-MM-DD).
        #[arg(long)]
        until: Option<String>,
        /// Remove the lock (needs --reason).
        #[arg(long)]
        clear: bool,
        /// Why: required when the lock date moves back or is cleared.
        #[arg(long)]
        reason: Option<String>,
    },
    /// List the fiscal years and their state, or create the next one.
    Years {
        #[arg(long)]
        company: PathBuf,
        /// Create the year after the last one (or the current one if there is none).
        #[arg(long = "create-next")]
        create_next: bool,
    },
    /// Back up a company file (SQLite's online backup, checked by integrity_check) to --out,
    /// or to its backups folder.
    Backup {
        #[arg(long)]
        company: PathBuf,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Restore a backup over a company file; the current file is kept aside, never
    /// overwritten.
    Restore {
        #[arg(long)]
        company: PathBuf,
        #[arg(long = "from")]
        from: PathBuf,
    },
    /// Set, change or remove the company's password (its file is then encrypted at rest).
    /// The current password comes from TRASTIENDA_PASSWORD; the new one from
    /// TRASTIENDA_NEW_PASSWORD or, when that is unset, the first line of standard input.
    Password {
        #[arg(long)]
        company: PathBuf,
        /// Remove the password: the file is written back unencrypted.
        #[arg(long)]
        remove: bool,
    },
    /// The crash harness's writer: posts entries until killed (crates/cli/tests/crash.rs).
    #[command(hide = true)]
    CrashWriter {
        #[arg(long)]
        company: PathBuf,
        #[arg(long)]
        seed: Option<u64>,
    },
}

#[derive(Subcommand)]
enum CustomerWhat {
    /// List customers (active ones unless --all), optionally matching --query.
    List {
        #[arg(long)]
        company: PathBuf,
        /// Text in the legal name, trade name or tax id.
        #[arg(long)]
        query: Option<String>,
        #[arg(long)]
        all: bool,
    },
    /// A customer's card: details, contacts, open invoices, balance and history.
    Show {
        #[arg(long)]
        company: PathBuf,
        #[arg(long)]
        id: i64,
    },
    /// Import customers from CSV (all or nothing; see `export` for the header).
    Import {
        #[arg(long)]
        company: PathBuf,
        csv: PathBuf,
    },
    /// Export every customer as CSV (to --out, or standard output).
    Export {
        #[arg(long)]
        company: PathBuf,
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum BankWhat {
    /// Add a bank account: its name, IBAN and ledger account (a leaf of 572; left out, the
    /// next free 572 subaccount is created under the account's name).
    AddAccount {
        #[arg(long)]
        company: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long)]
        iban: String,
        /// The ledger account, e.g. 5720001.
        #[arg(long)]
        account: Option<String>,
        /// EUR unless given.
        #[arg(long, default_value = "EUR")]
        currency: String,
    },
    /// Import a statement (Norma 43, CAMT.053, OFX, or CSV with a saved --mapping); lines
    /// already imported are skipped; the closing balance is checked.
    Import {
        #[arg(long)]
        company: PathBuf,
        /// The bank account: its IBAN, its ledger account (5720001) or its id.
        #[arg(long)]
        account: String,
        path: PathBuf,
        /// csv, n43, camt053 or ofx; detected from the content when left out.
        #[arg(long)]
        format: Option<String>,
        /// The saved CSV layout's name (for a CSV).
        #[arg(long)]
        mapping: Option<String>,
    },
    /// The statement lines not yet reconciled, per account (or just --account).
    Unreconciled {
        #[arg(long)]
        company: PathBuf,
        #[arg(long)]
        account: Option<String>,
    },
}

#[derive(Subcommand)]
enum SupplierWhat {
    /// List suppliers (active and blocked), optionally matching --query.
    List {
        #[arg(long)]
        company: PathBuf,
        /// Text in the legal name, trade name, category or tax id.
        #[arg(long)]
        query: Option<String>,
    },
    /// A supplier's details, contacts and status.
    Show {
        #[arg(long)]
        company: PathBuf,
        #[arg(long)]
        id: i64,
    },
    /// Import suppliers from CSV (all or nothing; see `export` for the header).
    Import {
        #[arg(long)]
        company: PathBuf,
        csv: PathBuf,
    },
    /// Export every supplier as CSV (to --out, or standard output).
    Export {
        #[arg(long)]
        company: PathBuf,
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum InvoiceWhat {
    /// List invoices (drafts, templates and issued), oldest first.
    List {
        #[arg(long)]
        company: PathBuf,
        /// draft, template or issued.
        #[arg(long)]
        state: Option<String>,
        /// A customer's id.
        #[arg(long)]
        customer: Option<i64>,
    },
    /// One invoice: header, lines, tax breakdown, totals, what is still open.
    Show {
        #[arg(long)]
        company: PathBuf,
        /// The printed number, e.g. 2027-0001 or R2027-0001.
        #[arg(long)]
        number: Option<String>,
        /// Or the id (drafts have no number).
        #[arg(long)]
        id: Option<i64>,
    },
    /// An issued invoice as PDF (RD 1619/2012 fields, QR of its register record).
    Pdf {
        #[arg(long)]
        company: PathBuf,
        /// The printed number, e.g. 2027-0001 or R2027-0001.
        #[arg(long)]
        number: Option<String>,
        /// Or the id.
        #[arg(long)]
        id: Option<i64>,
        #[arg(long)]
        out: PathBuf,
        /// es or en (default: the company's language).
        #[arg(long)]
        lang: Option<String>,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
    /// A journal CSV: entry,date,account,description,debit,credit.
    Journal {
        #[arg(long)]
        company: PathBuf,
        /// Create unknown accounts (kind from their PGC group).
        #[arg(long = "create-accounts")]
        create_accounts: bool,
        csv: PathBuf,
    },
}

#[derive(Subcommand)]
enum ReportWhich {
    /// Libro diario: every entry of the period with its lines, numbered by date.
    Journal {
        #[command(flatten)]
        common: ReportArgs,
    },
    /// Libro mayor: each account's postings with the running balance.
    Ledger {
        #[command(flatten)]
        common: ReportArgs,
        /// First account of the range (a code includes its subaccounts).
        #[arg(long)]
        first: Option<String>,
        /// Last account of the range.
        #[arg(long)]
        last: Option<String>,
    },
    /// Balance de sumas y saldos. Without --compare, --monthly or --level: debit, credit and
    /// balance per account over the period (all dates by default); with any of them: the
    /// balances as a statement with one column per period (the fiscal year by default).
    TrialBalance {
        #[command(flatten)]
        common: ReportArgs,
        #[command(flatten)]
        columns: ColumnArgs,
        /// Deepest account level shown (1, 2, 3; all by default).
        #[arg(long)]
        level: Option<u8>,
    },
    /// Cuenta de pérdidas y ganancias (the fiscal year containing today by default).
    ProfitLoss {
        #[command(flatten)]
        common: ReportArgs,
        #[command(flatten)]
        columns: ColumnArgs,
    },
    /// Balance de situación at the end of the period.
    BalanceSheet {
        #[command(flatten)]
        common: ReportArgs,
        #[command(flatten)]
        columns: ColumnArgs,
    },
    /// Estado de flujos de tesorería (cash movements by counterpart group).
    CashFlow {
        #[command(flatten)]
        common: ReportArgs,
        #[command(flatten)]
        columns: ColumnArgs,
    },
}

#[derive(Args)]
struct ReportArgs {
    #[arg(long)]
    company: PathBuf,
    /// First day of the period (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Last day of the period (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    #[arg(long, value_enum)]
    format: Format,
    #[arg(long)]
    out: PathBuf,
    /// Language of the document (the company's by default).
    #[arg(long, value_enum, alias = "language")]
    lang: Option<LangArg>,
}

#[derive(Args)]
struct ColumnArgs {
    /// Add a column for the same period a year earlier, or for the period just before.
    #[arg(long, value_enum)]
    compare: Option<CompareArg>,
    /// One column per month, then the total.
    #[arg(long)]
    monthly: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum CompareArg {
    PreviousYear,
    PreviousPeriod,
}

fn app() -> App {
    App::new(AppConfig::platform_default(cfg!(debug_assertions)))
}

/// Opens a company to read it only (reports, verify): no writer lock, so it works while the
/// app has the company open.
fn open_to_read(path: &Path) -> Result<trastienda_api::Company, ApiError> {
    Ok(trastienda_api::Company::open_to_read_with_password(
        path,
        password().as_ref(),
    )?)
}

/// An encrypted company's password, from TRASTIENDA_PASSWORD (never a command-line argument,
/// which other users of the machine can read).
pub(crate) fn password() -> Option<trastienda_api::Password> {
    std::env::var("TRASTIENDA_PASSWORD")
        .ok()
        .and_then(trastienda_api::Password::new)
}

fn open(app: &App, path: &Path) -> Result<trastienda_api::Company, ApiError> {
    trastienda_api::open_company_file(app, path, password().as_ref())
}

fn trastienda_store_restore(
    from: &Path,
    company: &Path,
    app: &App,
) -> Result<Option<PathBuf>, ApiError> {
    trastienda_api::backups::restore_file(app, from, password().as_ref(), company)
}

/// The new password for `trastienda password`: TRASTIENDA_NEW_PASSWORD, else stdin's first line.
fn new_password() -> Result<String, ApiError> {
    if let Ok(p) = std::env::var("TRASTIENDA_NEW_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| ApiError::io("reading the new password from standard input", e))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn run(cli: Cli) -> Result<(), ApiError> {
    match cli.command {
        Command::Init {
            company,
            name,
            tax_id,
            template,
            currency,
            country,
            address,
            fiscal_year_start,
        } => {
            let app = app();
            let n = NewCompany {
                name,
                tax_id,
                country,
                address,
                fiscal_year_start_month: fiscal_year_start,
                currency,
                language: Lang::Es,
                template: match template {
                    Template::EsPymes => "es-pymes".into(),
                    Template::Generic => "generic".into(),
                },
            };
            let c = trastienda_api::commands::create_company_at(&company, &n, &app)?;
            println!(
                "created {} ({} accounts)",
                company.display(),
                c.accounts()?.len()
            );
        }
        Command::Demo { company, entries } => {
            let app = app();
            let started = std::time::Instant::now();
            trastienda_api::demo::create_demo(&company, entries, &app)?;
            println!(
                "created {} with {entries} entries in {:.1} s",
                company.display(),
                started.elapsed().as_secs_f64()
            );
        }
        Command::Import {
            what:
                ImportWhat::Journal {
                    company,
                    create_accounts,
                    csv,
                },
        } => {
            let app = app();
            let mut c = open(&app, &company)?;
            let started = std::time::Instant::now();
            let r =
                trastienda_api::import::import_journal(&mut c, &csv, create_accounts, app.now())?;
            println!(
                "imported {} entries ({} rows) in {:.1} s{}",
                r.entries,
                r.rows,
                started.elapsed().as_secs_f64(),
                if r.created_accounts.is_empty() {
                    String::new()
                } else {
                    match r.created_accounts.as_slice() {
                        [one] => format!("; created account {one}"),
                        [first, .., last] if r.created_accounts.len() > 5 => {
                            format!(
                                "; created {} accounts ({first} … {last})",
                                r.created_accounts.len()
                            )
                        }
                        all => format!("; created accounts {}", all.join(", ")),
                    }
                }
            );
        }
        Command::Customer { what } => customers::run(what)?,
        Command::Supplier { what } => suppliers::run(what)?,
        Command::Search {
            company,
            per_kind,
            text,
        } => search::run(&company, &text, per_kind)?,
        Command::Bank { what } => bank::run(what)?,
        Command::Doc { what } => documents::run(what)?,
        Command::Employee { what } => employees::run(what)?,
        Command::Mail { what } => mail::run(what)?,
        Command::Invoice { what } => invoices::run(what)?,
        Command::Payables { what } => payables::run(what)?,
        Command::Payroll { what } => payroll::run(what)?,
        Command::PaymentRun {
            company,
            until,
            out,
            execution_date,
            account,
            confirm,
            confirm_run,
            cancel_run,
        } => match (confirm_run, cancel_run, until, out) {
            (Some(id), _, _, _) => payables::close_run(company, id, true)?,
            (_, Some(id), _, _) => payables::close_run(company, id, false)?,
            (_, _, Some(until), Some(out)) => {
                payables::payment_run(company, until, out, execution_date, account, confirm)?
            }
            _ => unreachable!("clap requires --until and --out without --confirm-run/--cancel-run"),
        },
        Command::Receivables { what } => receivables::run(what)?,
        Command::Report { which } => report::run(which)?,
        Command::Serve {
            company,
            port,
            ui_dir,
        } => {
            let app = app();
            if let Some(path) = company {
                // Serving is using the app: the first open of the day makes the daily backup.
                let c = if path.exists() {
                    trastienda_api::backups::open_for_app(&app, &path, password().as_ref())?
                } else {
                    return Err(ApiError::new(
                        trastienda_api::ErrorCode::NotFound,
                        format!("{} does not exist (create it with `trastienda init` or `trastienda demo`)", path.display()),
                    ));
                };
                app.set_company(c)?;
            }
            let ui_dir = ui_dir.or_else(serve::find_ui_dir).ok_or_else(|| {
                ApiError::new(
                    trastienda_api::ErrorCode::NotFound,
                    "the built UI (ui/dist) was not found; build it with `npm run build` in ui/ or pass --ui-dir",
                )
            })?;
            serve::serve(app, port, ui_dir)?;
        }
        Command::CloseYear {
            company,
            year,
            dry_run,
        } => years::close_year(&company, year, dry_run)?,
        Command::ReopenYear {
            company,
            year,
            reason,
        } => years::reopen_year(&company, year, &reason)?,
        Command::Lock {
            company,
            until,
            clear: _,
            reason,
        } => years::lock(&company, until, reason)?,
        Command::Years {
            company,
            create_next,
        } => years::list(&company, create_next)?,
        Command::Backup { company, out } => {
            let app = app();
            let c = open(&app, &company)?;
            let started = std::time::Instant::now();
            let info = match out {
                Some(out) => c.backup_to(&out, |_, _| {})?,
                None => trastienda_api::backups::backup_company(&app, &c, "manual")?,
            };
            println!(
                "{}: {} entries, {} bytes, checked ({} ms)",
                info.path.display(),
                info.entries,
                info.size,
                started.elapsed().as_millis()
            );
        }
        Command::Restore { company, from } => {
            let app = app();
            let started = std::time::Instant::now();
            // Hold the company's lock while its file is replaced.
            let lock = trastienda_api::restore_lock(&company, &app)?;
            let aside = trastienda_store_restore(&from, &company, &app)?;
            drop(lock);
            match aside {
                Some(a) => println!(
                    "{} restored from {}; the previous file is kept as {} ({} ms)",
                    company.display(),
                    from.display(),
                    a.display(),
                    started.elapsed().as_millis()
                ),
                None => println!(
                    "{} restored from {} ({} ms)",
                    company.display(),
                    from.display(),
                    started.elapsed().as_millis()
                ),
            }
        }
        Command::Password { company, remove } => {
            let app = app();
            let c = open(&app, &company)?;
            app.set_company(c)?;
            let new = if remove { None } else { Some(new_password()?) };
            let info = trastienda_api::dispatch(
                &app,
                "set_password",
                serde_json::json!({
                    "current": std::env::var("TRASTIENDA_PASSWORD").ok(),
                    "new": new,
                }),
            )?;
            println!(
                "{}: {}",
                company.display(),
                if info["encrypted"] == serde_json::Value::Bool(true) {
                    "encrypted with the new password"
                } else {
                    "password removed; the file is not encrypted"
                }
            );
            app.close_company();
        }
        Command::CrashWriter { company, seed } => writer::run(&company, seed)
            .map_err(|e| ApiError::new(trastienda_api::ErrorCode::Database, e))?,
        Command::Verify {
            what: Some(VerifyWhat::Audit),
            company,
        } => {
            let c = open_to_read(&company)?;
            let n = c.audit_len()?;
            match c.verify_audit()? {
                None => println!(
                    "{}: audit log ok ({n} records, SHA-256 chain intact)",
                    company.display()
                ),
                Some((id, why)) => {
                    return Err(ApiError::new(
                        trastienda_api::ErrorCode::Database,
                        format!(
                            "{}: audit log broken at record {id} of {n}: {why}",
                            company.display()
                        ),
                    ))
                }
            }
        }
        Command::Verify {
            what: Some(VerifyWhat::Invoices),
            company,
        } => {
            let c = open_to_read(&company)?;
            let n = c.invoice_register()?.len();
            let gaps = c.invoice_numbering_gaps()?;
            match c.verify_invoice_register()? {
                None if gaps.is_empty() => println!(
                    "{}: invoice register ok ({n} records, fingerprint chain intact, numbering gap-free)",
                    company.display()
                ),
                None => {
                    return Err(ApiError::new(
                        trastienda_api::ErrorCode::Database,
                        format!("{}: {}", company.display(), gaps.join("; ")),
                    ))
                }
                Some(b) => {
                    return Err(ApiError::new(
                        trastienda_api::ErrorCode::Database,
                        format!(
                            "{}: invoice register broken: {} (record id {}, of {n})",
                            company.display(),
                            b.message,
                            b.record_id
                        ),
                    ))
                }
            }
        }
        Command::Verify {
            what: None,
            company,
        } => {
            let c = open_to_read(&company)?;
            let problems = c.verify()?;
            if problems.is_empty() {
                println!("{}: ok", company.display());
            } else {
                return Err(ApiError::new(
                    trastienda_api::ErrorCode::Database,
                    format!("{}: {}", company.display(), problems.join("; ")),
                ));
            }
        }
    }
    Ok(())
}

/// What `verify` checks besides everything.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum VerifyWhat {
    /// The audit log's SHA-256 chain.
    Audit,
    /// The invoice register's fingerprint chain (VeriFactu) and gap-free numbering.
    Invoices,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if matches!(
                e.code,
                trastienda_api::ErrorCode::PasswordRequired
                    | trastienda_api::ErrorCode::WrongPassword
            ) {
                eprintln!("error: {}", e.message);
                eprintln!(
                    "  give the company's password in the TRASTIENDA_PASSWORD environment variable"
                );
            } else if e.problems.is_empty() {
                eprintln!("error: {}", e.message);
            } else {
                eprintln!(
                    "error: {} problem(s) found; nothing was written",
                    e.problems.len()
                );
                for p in &e.problems {
                    let row = p.row.map(|r| format!("row {r}: ")).unwrap_or_default();
                    let field = p
                        .field
                        .as_ref()
                        .map(|f| format!("{f}: "))
                        .unwrap_or_default();
                    eprintln!("  {row}{field}{}", p.message);
                }
            }
            ExitCode::FAILURE
        }
    }
}
