//! Bank and cash accounts, CSV layouts and statement files: the commands, and the reading of a
//! file (format given or detected, a CSV through its layout) shared by the UI and the CLI.
//! A preview reads the file and tells which lines are new without writing; an import writes
//! them in one transaction (see `store::bank`).

use crate::app::App;
use crate::dto::*;
use crate::error::{ApiError, ErrorCode, ProblemDto};
use crate::parse;
use base64::Engine;
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use trastienda_core::bank::{self, CsvMapping, Format, Statement};
use trastienda_core::{Money, Problem, ProblemCode};
use trastienda_store::{self as store, Company};

type R<T> = Result<T, ApiError>;

fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn row_dto(r: &store::BankAccountRow) -> BankAccountDto {
    let a = &r.account;
    BankAccountDto {
        id: a.id,
        name: a.name.clone(),
        kind: a.kind.clone(),
        iban: a.iban.clone(),
        currency: a.currency.clone(),
        account: a.account.clone(),
        account_name: r.account_name.clone(),
        opening_date: a.opening_date.map(day),
        opening_balance: a.opening_balance.to_string(),
        active: a.active,
        book_balance: r.book_balance.to_string(),
        statement_balance: r.statement_balance.to_string(),
        difference: (r.statement_balance - r.book_balance).to_string(),
        statement_date: r.statement_date.map(day),
        lines: r.lines,
        unreconciled: r.unreconciled,
        last_import: r.last_import.clone(),
    }
}

fn account_input(f: &BankAccountFields) -> R<store::BankAccountInput> {
    let mut p = Vec::new();
    let opening_date = parse::opt_date("opening_date", &opt(&f.opening_date)).unwrap_or_else(|e| {
        p.push(e);
        None
    });
    let opening = match opt(&Some(f.opening_balance.clone())) {
        None => Money::ZERO,
        Some(s) => parse::money("opening_balance", &s).unwrap_or_else(|e| {
            p.push(e);
            Money::ZERO
        }),
    };
    if !p.is_empty() {
        return Err(ApiError::from_problems(&p));
    }
    Ok(store::BankAccountInput {
        name: f.name.clone(),
        kind: f.kind.clone(),
        iban: opt(&f.iban),
        currency: f.currency.clone(),
        account: opt(&f.account),
        create_ledger_account: f.create_ledger_account.unwrap_or(false),
        opening_date,
        opening_balance: opening,
        active: f.active.unwrap_or(true),
    })
}

fn mapping_fields(m: &store::CsvMappingInput) -> CsvMappingFields {
    CsvMappingFields {
        name: m.name.clone(),
        delimiter: m.delimiter.clone(),
        encoding: m.encoding.clone(),
        skip_rows: m.skip_rows,
        has_header: m.has_header,
        date_format: m.date_format.clone(),
        decimal_comma: m.decimal_comma,
        col_date: m.col_date,
        col_value_date: m.col_value_date,
        col_description: m.col_description,
        col_amount: m.col_amount,
        col_debit: m.col_debit,
        col_credit: m.col_credit,
        col_balance: m.col_balance,
        col_reference: m.col_reference,
    }
}

fn mapping_input(f: &CsvMappingFields) -> store::CsvMappingInput {
    store::CsvMappingInput {
        name: f.name.clone(),
        delimiter: f.delimiter.clone(),
        encoding: f.encoding.clone(),
        skip_rows: f.skip_rows,
        has_header: f.has_header,
        date_format: f.date_format.clone(),
        decimal_comma: f.decimal_comma,
        col_date: f.col_date,
        col_value_date: f.col_value_date,
        col_description: f.col_description,
        col_amount: f.col_amount,
        col_debit: f.col_debit,
        col_credit: f.col_credit,
        col_balance: f.col_balance,
        col_reference: f.col_reference,
    }
}

/// The parser's layout from a stored one.
pub fn core_mapping(m: &store::CsvMappingInput) -> CsvMapping {
    CsvMapping {
        delimiter: m.delimiter.bytes().next().unwrap_or(b';'),
        windows_1252: m.encoding == "windows-1252",
        skip_rows: m.skip_rows,
        has_header: m.has_header,
        date_format: m.date_format.clone(),
        decimal_comma: m.decimal_comma,
        col_date: m.col_date as usize,
        col_value_date: m.col_value_date as usize,
        col_description: m.col_description as usize,
        col_amount: m.col_amount as usize,
        col_debit: m.col_debit as usize,
        col_credit: m.col_credit as usize,
        col_balance: m.col_balance as usize,
        col_reference: m.col_reference as usize,
    }
}

/// The format to read `bytes` with: the one given, else the one detected; a CSV (which cannot
/// be detected) when a layout is given.
pub fn choose_format(bytes: &[u8], format: Option<&str>, has_mapping: bool) -> R<Format> {
    match format.map(str::trim).filter(|s| !s.is_empty()) {
        Some(f) => Format::parse(f).ok_or_else(|| {
            ApiError::from_problems(&[Problem::new(
                ProblemCode::InvalidCode,
                format!("'{f}' is not a statement format (csv, n43, camt053, ofx)"),
            )
            .field("format")
            .param("value", f)])
        }),
        None => match bank::detect(bytes) {
            Some(f) => Ok(f),
            None if has_mapping => Ok(Format::Csv),
            None => Err(ApiError::from_problems(&[Problem::new(
                ProblemCode::InvalidCode,
                "the file's format is not recognised (it is not Norma 43, CAMT.053 or OFX); a CSV needs its column layout (mapping)",
            )
            .field("mapping_id")])),
        },
    }
}

/// Reads a statement file: every problem (with its line in the file) when it cannot be read.
pub fn read_statement(bytes: &[u8], format: Format, mapping: Option<&CsvMapping>) -> R<Statement> {
    let r = match format {
        Format::Norma43 => bank::parse_norma43(bytes),
        Format::Camt053 => bank::parse_camt053(bytes),
        Format::Ofx => bank::parse_ofx(bytes),
        Format::Csv => match mapping {
            Some(m) => bank::parse_csv(bytes, m),
            None => Err(vec![Problem::new(
                ProblemCode::Required,
                "a CSV statement needs its column layout (mapping)",
            )
            .field("mapping_id")]),
        },
    };
    r.map_err(|p| ApiError::from_problems(&p))
}

fn decode_base64(s: &str) -> R<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(s.trim())
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Validation,
                format!("the file is not base64: {e}"),
            )
            .with_field("content_base64")
        })
}

/// The layout of a file's arguments: the unsaved one given, else the saved one.
fn mapping_of(c: &Company, a: &StatementFileArgs) -> R<Option<store::CsvMappingInput>> {
    if let Some(m) = &a.mapping {
        let m = store::validate_csv_mapping(&mapping_input(m))
            .map_err(|p| ApiError::from_problems(&p))?;
        return Ok(Some(m));
    }
    match a.mapping_id {
        Some(id) => Ok(Some(c.csv_mapping(id)?.input)),
        None => Ok(None),
    }
}

fn result_dto(r: &store::ImportResult, format: Format) -> ImportResultDto {
    ImportResultDto {
        import_id: r.import_id,
        format: format.as_str().to_string(),
        statement_account: r.statement_account.clone(),
        lines_read: r.lines_read,
        lines_added: r.lines_added,
        lines_skipped: r.lines_skipped,
        balance_ok: r.balance_ok,
        file_closing: r.file_closing.map(|m| m.to_string()),
        computed_closing: r.computed_closing.map(|m| m.to_string()),
        skipped_accounts: r.skipped_accounts.clone(),
        warnings: r.warnings.clone(),
    }
}

/// Where the preview or import under way has got (one at a time: the company file has one
/// writer), read by `bank_import_progress`.
struct Progress {
    active: AtomicBool,
    /// 0 reading, 1 checking, 2 storing.
    phase: AtomicU8,
    parsed: AtomicU64,
    done: AtomicU64,
    total: AtomicU64,
}

static PROGRESS: Progress = Progress {
    active: AtomicBool::new(false),
    phase: AtomicU8::new(0),
    parsed: AtomicU64::new(0),
    done: AtomicU64::new(0),
    total: AtomicU64::new(0),
};

/// Marks a preview or import as running from its start (reading) until dropped, whatever the
/// way out.
struct Tracking;

impl Tracking {
    fn start() -> Tracking {
        let p = &PROGRESS;
        p.phase.store(0, Ordering::Relaxed);
        p.parsed.store(0, Ordering::Relaxed);
        p.done.store(0, Ordering::Relaxed);
        p.total.store(0, Ordering::Relaxed);
        p.active.store(true, Ordering::Relaxed);
        Tracking
    }

    fn parsed(&self, s: &Statement) {
        let n: usize = s.accounts.iter().map(|a| a.lines.len()).sum();
        PROGRESS.parsed.store(n as u64, Ordering::Relaxed);
    }

    fn step(phase: store::ImportPhase, done: u64, total: u64) {
        let p = &PROGRESS;
        p.phase.store(
            match phase {
                store::ImportPhase::Checking => 1,
                store::ImportPhase::Storing => 2,
            },
            Ordering::Relaxed,
        );
        p.done.store(done, Ordering::Relaxed);
        p.total.store(total, Ordering::Relaxed);
    }
}

impl Drop for Tracking {
    fn drop(&mut self) {
        PROGRESS.active.store(false, Ordering::Relaxed);
    }
}

/// The progress of the statement preview or import under way (the import screen's bar).
pub fn bank_import_progress(_: &App, _: NoArgs) -> R<BankImportProgress> {
    let p = &PROGRESS;
    Ok(BankImportProgress {
        active: p.active.load(Ordering::Relaxed),
        phase: match p.phase.load(Ordering::Relaxed) {
            0 => "reading",
            1 => "checking",
            _ => "storing",
        }
        .to_string(),
        parsed: p.parsed.load(Ordering::Relaxed),
        done: p.done.load(Ordering::Relaxed),
        total: p.total.load(Ordering::Relaxed),
    })
}

/// Imports a statement file into an account (the CLI's `bank import`, the UI's Import).
#[allow(clippy::too_many_arguments)]
pub fn import_file(
    c: &mut Company,
    account_id: i64,
    file_name: &str,
    bytes: &[u8],
    format: Option<&str>,
    mapping_id: Option<i64>,
    now: DateTime<Utc>,
) -> R<ImportResultDto> {
    let tracking = Tracking::start();
    c.bank_account(account_id)?;
    let mapping = match mapping_id {
        Some(id) => Some(c.csv_mapping(id)?.input),
        None => None,
    };
    let fmt = choose_format(bytes, format, mapping.is_some())?;
    let core_m = mapping.as_ref().map(core_mapping);
    let s = read_statement(bytes, fmt, core_m.as_ref())?;
    tracking.parsed(&s);
    let mapping_id = if fmt == Format::Csv { mapping_id } else { None };
    let r = c.import_statement_with_progress(
        account_id,
        file_name,
        mapping_id,
        &s,
        now,
        &mut Tracking::step,
    )?;
    Ok(result_dto(&r, fmt))
}

/// The first rows of a text file split by `delimiter` (or the likeliest of ; , tab |).
fn raw_rows(bytes: &[u8], delimiter: Option<u8>, windows_1252: bool) -> Vec<Vec<String>> {
    let text = match std::str::from_utf8(bytes) {
        Ok(s) if !windows_1252 => s.trim_start_matches('\u{feff}').to_string(),
        _ => bytes.iter().map(|&b| char::from(b)).collect(),
    };
    let head: Vec<&str> = text.lines().take(12).collect();
    let delim = delimiter.unwrap_or_else(|| {
        *[b';', b',', b'\t', b'|']
            .iter()
            .max_by_key(|d| {
                head.iter()
                    .map(|l| l.matches(char::from(**d)).count())
                    .sum::<usize>()
            })
            .unwrap_or(&b';')
    });
    let joined = head.join("\n");
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(joined.as_bytes());
    rdr.records()
        .filter_map(|r| r.ok())
        .map(|r| r.iter().map(|c| c.chars().take(80).collect()).collect())
        .collect()
}

fn preview(c: &Company, a: &StatementFileArgs, bytes: &[u8]) -> R<StatementPreview> {
    let tracking = Tracking::start();
    c.bank_account(a.account_id)?;
    let detected = bank::detect(bytes);
    let mut out = StatementPreview {
        format: None,
        detected_format: detected.map(|f| f.as_str().to_string()),
        statement_account: String::new(),
        lines: Vec::new(),
        total_lines: 0,
        new_lines: 0,
        known_lines: 0,
        balance_ok: None,
        file_closing: None,
        computed_closing: None,
        skipped_accounts: Vec::new(),
        warnings: Vec::new(),
        problems: Vec::new(),
        raw_rows: Vec::new(),
    };
    let problems = |e: ApiError| -> Vec<ProblemDto> {
        if e.problems.is_empty() {
            vec![ProblemDto::from(&Problem::new(
                ProblemCode::InvalidCode,
                e.message,
            ))]
        } else {
            e.problems
        }
    };
    let mapping = match mapping_of(c, a) {
        Ok(m) => m,
        Err(e) => {
            out.problems = problems(e);
            None
        }
    };
    if detected.is_none() {
        out.raw_rows = raw_rows(
            bytes,
            mapping.as_ref().and_then(|m| m.delimiter.bytes().next()),
            mapping
                .as_ref()
                .is_some_and(|m| m.encoding == "windows-1252"),
        );
    }
    if !out.problems.is_empty() {
        return Ok(out);
    }
    let fmt = match choose_format(bytes, a.format.as_deref(), mapping.is_some()) {
        Ok(f) => f,
        Err(e) => {
            out.problems = problems(e);
            return Ok(out);
        }
    };
    out.format = Some(fmt.as_str().to_string());
    let core_m = mapping.as_ref().map(core_mapping);
    let s = match read_statement(bytes, fmt, core_m.as_ref()) {
        Ok(s) => s,
        Err(e) => {
            out.problems = problems(e);
            return Ok(out);
        }
    };
    tracking.parsed(&s);
    let plan = match c.plan_import_with_progress(a.account_id, &s, &mut Tracking::step) {
        Ok(p) => p,
        Err(e) => {
            out.problems = problems(e.into());
            return Ok(out);
        }
    };
    let sa = s
        .accounts
        .iter()
        .find(|x| x.account_id == plan.statement_account)
        .unwrap_or(&s.accounts[0]);
    out.statement_account = plan.statement_account.clone();
    out.total_lines = plan.lines_read;
    out.new_lines = plan.lines_added;
    out.known_lines = plan.lines_skipped;
    out.balance_ok = plan.balance_ok;
    out.file_closing = plan.file_closing.map(|m| m.to_string());
    out.computed_closing = plan.computed_closing.map(|m| m.to_string());
    out.skipped_accounts = plan.skipped_accounts.clone();
    out.warnings = plan.warnings.clone();
    out.lines = sa
        .lines
        .iter()
        .zip(&plan.is_new)
        .take(200)
        .map(|(l, new)| PreviewLine {
            line: l.source_line,
            date: day(l.date),
            value_date: l.value_date.map(day),
            amount: l.amount.to_string(),
            description: l.description.clone(),
            reference: l.reference.clone(),
            counterparty: l.counterparty.clone(),
            balance: l.balance_after.map(|m| m.to_string()),
            is_new: *new,
        })
        .collect();
    Ok(out)
}

pub fn list_bank_accounts(app: &App, _a: NoArgs) -> R<Vec<BankAccountDto>> {
    app.with_company(|c| Ok(c.list_bank_accounts()?.iter().map(row_dto).collect()))
}

pub fn save_bank_account(app: &App, a: SaveBankAccountArgs) -> R<BankAccountDto> {
    let now = app.now();
    let input = account_input(&a.account)?;
    app.with_company(|c| {
        let saved = c.save_bank_account(a.id, &input, now)?;
        let rows = c.list_bank_accounts()?;
        let row = rows
            .iter()
            .find(|r| r.account.id == saved.id)
            .ok_or_else(|| ApiError::new(ErrorCode::Internal, "the saved account is not listed"))?;
        Ok(row_dto(row))
    })
}

pub fn list_csv_mappings(app: &App, _a: NoArgs) -> R<Vec<CsvMappingDto>> {
    app.with_company(|c| {
        Ok(c.list_csv_mappings()?
            .iter()
            .map(|m| CsvMappingDto {
                id: m.id,
                mapping: mapping_fields(&m.input),
            })
            .collect())
    })
}

pub fn save_csv_mapping(app: &App, a: SaveCsvMappingArgs) -> R<CsvMappingDto> {
    let now = app.now();
    app.with_company(|c| {
        let m = c.save_csv_mapping(a.id, &mapping_input(&a.mapping), now)?;
        Ok(CsvMappingDto {
            id: m.id,
            mapping: mapping_fields(&m.input),
        })
    })
}

pub fn delete_csv_mapping(app: &App, a: IdArgs) -> R<()> {
    let now = app.now();
    app.with_company(|c| Ok(c.delete_csv_mapping(a.id, now)?))
}

/// Reads the file and says what an import would do; writes nothing. Problems come in the
/// answer (not as an error) so the screen can show them next to what was read.
pub fn preview_statement(app: &App, a: StatementFileArgs) -> R<StatementPreview> {
    let bytes = decode_base64(&a.content_base64)?;
    app.with_company(|c| preview(c, &a, &bytes))
}

/// Imports the file: the lines the account does not have yet, in one transaction. A file
/// that cannot be read is an error listing its lines' problems.
pub fn import_statement(app: &App, a: StatementFileArgs) -> R<ImportResultDto> {
    let now = app.now();
    let bytes = decode_base64(&a.content_base64)?;
    app.with_company(|c| {
        let mapping_id = match &a.mapping {
            Some(_) if a.mapping_id.is_none() => {
                return Err(ApiError::from_problems(&[Problem::new(
                    ProblemCode::Required,
                    "save the CSV layout before importing with it",
                )
                .field("mapping_id")]))
            }
            _ => a.mapping_id,
        };
        import_file(
            c,
            a.account_id,
            &a.file_name.chars().take(200).collect::<String>(),
            &bytes,
            a.format.as_deref(),
            mapping_id,
            now,
        )
    })
}

pub fn list_bank_lines(app: &App, a: ListBankLinesArgs) -> R<BankLinePage> {
    let mut p = Vec::new();
    let from = parse::opt_date("from", &opt(&a.from)).unwrap_or_else(|e| {
        p.push(e);
        None
    });
    let to = parse::opt_date("to", &opt(&a.to)).unwrap_or_else(|e| {
        p.push(e);
        None
    });
    if !p.is_empty() {
        return Err(ApiError::from_problems(&p));
    }
    app.with_company(|c| {
        let page = c.bank_lines(&store::BankLineFilter {
            account_id: a.account_id,
            state: opt(&a.state),
            from,
            to,
            page: a.page.unwrap_or(0),
            page_size: a.page_size.unwrap_or(100),
            after: None,
        })?;
        Ok(BankLinePage {
            total: page.total,
            rows: page
                .rows
                .iter()
                .map(|l| BankLineDto {
                    id: l.id,
                    import_id: l.import_id,
                    date: day(l.date),
                    value_date: l.value_date.map(day),
                    amount: l.amount.to_string(),
                    description: l.description.clone(),
                    reference: l.reference.clone(),
                    counterparty: l.counterparty.clone(),
                    balance: l.balance.map(|m| m.to_string()),
                    state: l.state.clone(),
                })
                .collect(),
        })
    })
}

/// The reconciliation report of one account as PDF (in the company's language): its
/// statement and book balances at the end of `as_of` (today when left out) and their
/// difference, then every line still open dated on or before `as_of` with their total.
pub fn bank_reconciliation_pdf(app: &App, a: BankReconciliationPdfArgs) -> R<ExportedFile> {
    let as_of = parse::opt_date("as_of", &a.as_of)
        .map_err(|p| ApiError::from_problems(&[p]))?
        .unwrap_or_else(|| app.today());
    let lang: trastienda_core::Language = app.settings().language.into();
    let today = app.today();
    let (bytes, name) = app.with_company(|c| {
        let row = c
            .list_bank_accounts()?
            .into_iter()
            .find(|r| r.account.id == a.account_id)
            .ok_or_else(|| {
                ApiError::from(store::StoreError::NotFound(format!(
                    "bank account {}",
                    a.account_id
                )))
            })?;
        let mut lines = Vec::new();
        c.each_bank_line(
            &store::BankLineFilter {
                account_id: a.account_id,
                state: Some("open".into()),
                to: Some(as_of),
                ..store::BankLineFilter::default()
            },
            |l| {
                lines.push(trastienda_render::BankReportLine {
                    date: l.date,
                    description: l.description,
                    amount: l.amount,
                });
                Ok::<(), ApiError>(())
            },
        )??;
        // Both balances at the end of as_of: the bank's (its last balance up to then, or the
        // running sum) and the ledger account's postings dated up to then.
        let balances = c.bank_balances_at(a.account_id, Some(as_of))?;
        lines.reverse(); // oldest first
        let s = c.settings()?;
        let report = trastienda_render::BankReport {
            as_of,
            accounts: vec![trastienda_render::BankReportAccount {
                number: row
                    .account
                    .iban
                    .clone()
                    .unwrap_or_else(|| row.account.account.clone()),
                name: row.account.name.clone(),
                ledger_account: row.account.account.clone(),
                statement_balance: balances.statement,
                book_balance: balances.book,
                lines,
            }],
        };
        let header = trastienda_render::CompanyHeader {
            name: s.name,
            tax_id: s.tax_id,
        };
        let bytes = trastienda_render::bank_reconciliation_pdf(&report, &header, today, lang)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        Ok((bytes, row.account.account))
    })?;
    Ok(ExportedFile {
        file_name: format!("conciliacion-{name}-{as_of}.pdf"),
        mime: "application/pdf".into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    })
}
