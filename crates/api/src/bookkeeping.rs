//! Commands for keeping a year: fiscal years, the lock date, the year-end close and its undo,
//! opening balances (form and CSV), draft entries and entry templates (some recurring).

use crate::charts;
use crate::commands::{entry_from_dto, summary_dto};
use crate::dto::*;
use crate::error::ApiError;
use crate::parse;
use trastienda_core::closing::YearEnd;
use trastienda_core::fiscal::Every as CoreEvery;
use trastienda_core::{AccountCode, BalancedEntry, Money, Problem, ProblemCode};
use trastienda_store::{Company, DraftLine};

use crate::App;

type R<T> = Result<T, ApiError>;

fn fail<T>(p: Vec<Problem>) -> R<T> {
    Err(ApiError::from_problems(&p))
}

fn result_account(c: &Company) -> R<AccountCode> {
    let t = charts::template(&c.settings()?.template);
    Ok(AccountCode::parse(t.result_account).expect("shipped result accounts are valid codes"))
}

fn year_row(y: &trastienda_store::FiscalYear) -> FiscalYearRow {
    FiscalYearRow {
        year: y.year,
        start: y.start.to_string(),
        end: y.end.to_string(),
        closed: y.closed,
        closed_at: y.closed_at.clone(),
        entries: y.entries,
    }
}

pub(crate) fn audit_row(a: &trastienda_store::AuditRecord) -> AuditRow {
    AuditRow {
        id: a.id,
        at: a.at.clone(),
        actor: a.actor.clone(),
        record: a.record.clone(),
        action: a.action.clone(),
        before: a.before.clone(),
        after: a.after.clone(),
        reason: a.reason.clone(),
    }
}

fn periods(c: &Company) -> R<PeriodsInfo> {
    let mut history = c.audit_records("company.lock_date", 100)?;
    history.extend(c.audit_records("fiscal_year:", 100)?);
    history.sort_by_key(|a| std::cmp::Reverse(a.id));
    Ok(PeriodsInfo {
        years: c.fiscal_years()?.iter().map(year_row).collect(),
        lock_date: c.lock_date()?.map(|d| d.to_string()),
        history: history.iter().map(audit_row).collect(),
        result_account: result_account(c)?.to_string(),
    })
}

pub fn periods_info(app: &App, _: NoArgs) -> R<PeriodsInfo> {
    app.with_company(|c| periods(c))
}

pub fn create_fiscal_year(app: &App, a: CreateYearArgs) -> R<FiscalYearRow> {
    let now = app.now();
    let today = app.today();
    app.with_company(|c| {
        let year = match a.year {
            Some(y) => y,
            None => match c.fiscal_years()?.last() {
                Some(last) => last.year + 1,
                None => trastienda_core::fiscal::fiscal_year_of(
                    today,
                    c.settings()?.fiscal_year_start_month,
                ),
            },
        };
        Ok(year_row(&c.create_fiscal_year(year, now)?))
    })
}

pub fn set_lock_date(app: &App, a: SetLockDateArgs) -> R<PeriodsInfo> {
    let until = parse::opt_date("until", &a.until).map_err(|p| ApiError::from_problems(&[p]))?;
    let now = app.now();
    app.with_company(|c| {
        c.set_lock_date(until, a.reason.as_deref(), now)?;
        periods(c)
    })
}

fn proposed(e: &BalancedEntry, names: &std::collections::HashMap<String, String>) -> ProposedEntry {
    ProposedEntry {
        kind: summary_kind(e.kind()),
        date: e.date().to_string(),
        description: e.description().to_string(),
        lines: e
            .postings()
            .iter()
            .map(|p| EntryLineView {
                account: p.account.to_string(),
                account_name: names.get(p.account.as_str()).cloned().unwrap_or_default(),
                description: p.description.clone(),
                debit: p.debit().to_string(),
                credit: p.credit().to_string(),
            })
            .collect(),
        total: e.total().to_string(),
    }
}

pub(crate) fn summary_kind(k: trastienda_core::EntryKind) -> EntryKind {
    use trastienda_core::EntryKind as K;
    match k {
        K::Normal => EntryKind::Normal,
        K::Opening => EntryKind::Opening,
        K::Regularisation => EntryKind::Regularisation,
        K::Closing => EntryKind::Closing,
        K::Reversal => EntryKind::Reversal,
    }
}

pub(crate) fn core_kind(k: EntryKind) -> trastienda_core::EntryKind {
    use trastienda_core::EntryKind as K;
    match k {
        EntryKind::Normal => K::Normal,
        EntryKind::Opening => K::Opening,
        EntryKind::Regularisation => K::Regularisation,
        EntryKind::Closing => K::Closing,
        EntryKind::Reversal => K::Reversal,
    }
}

fn preview_dto(
    c: &Company,
    year: i32,
    end: String,
    next: String,
    ye: &YearEnd,
    account: &AccountCode,
) -> R<ClosePreview> {
    let names = c
        .accounts()?
        .into_iter()
        .map(|a| (a.code.to_string(), a.name))
        .collect();
    Ok(ClosePreview {
        year,
        end,
        next_start: next,
        result: ye.result.to_string(),
        result_account: account.to_string(),
        entries: [&ye.regularisation, &ye.closing, &ye.opening]
            .into_iter()
            .flatten()
            .map(|e| proposed(e, &names))
            .collect(),
    })
}

pub fn preview_close_year(app: &App, a: YearArgs) -> R<ClosePreview> {
    app.with_company(|c| {
        let account = result_account(c)?;
        let lang = c.settings()?.language;
        let p = c.year_end_preview(a.year, &account, lang)?;
        preview_dto(
            c,
            p.year,
            p.end.to_string(),
            p.next_start.to_string(),
            &p.entries,
            &account,
        )
    })
}

pub fn close_year(app: &App, a: YearArgs) -> R<ClosedYear> {
    let now = app.now();
    app.with_company(|c| {
        let account = result_account(c)?;
        let lang = c.settings()?.language;
        let ids = c.close_year(a.year, &account, lang, now)?;
        let entries = ids
            .iter()
            .flatten()
            .map(|id| c.entry_summary(*id).map(|s| summary_dto(&s)))
            .collect::<Result<_, _>>()?;
        Ok(ClosedYear {
            year: a.year,
            entries,
        })
    })
}

pub fn reopen_year(app: &App, a: ReopenYearArgs) -> R<PeriodsInfo> {
    let now = app.now();
    app.with_company(|c| {
        let lang = c.settings()?.language;
        c.reopen_year(a.year, a.reason.as_deref(), lang, now)?;
        periods(c)
    })
}

/// Opening balances as a balanced entry: each line a debit or a credit balance; every
/// problem names its row and field, and an unbalanced set says by how much.
fn opening_entry(
    date: &str,
    description: Option<&str>,
    lines: &[OpeningLine],
    lang: trastienda_core::Language,
) -> R<BalancedEntry> {
    let default = parse::date("date", date).ok().map(|d| match lang {
        trastienda_core::Language::Es => format!("Saldos de apertura a {}", d.format("%d/%m/%Y")),
        trastienda_core::Language::En => format!("Opening balances at {d}"),
    });
    // The same checks as any typed entry: each line's account and amounts, the balance.
    entry_from_dto(&NewEntry {
        date: date.to_string(),
        description: description
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .or(default)
            .unwrap_or_default(),
        reference: None,
        lines: lines
            .iter()
            .map(|l| NewEntryLine {
                account: l.account.clone(),
                description: String::new(),
                debit: l.debit.clone(),
                credit: l.credit.clone(),
            })
            .collect(),
    })
}

pub fn post_opening_balances(app: &App, a: OpeningBalancesArgs) -> R<EntrySummary> {
    let now = app.now();
    app.with_company(|c| {
        let lang = c.settings()?.language;
        let entry = opening_entry(&a.date, a.description.as_deref(), &a.lines, lang)?;
        Ok(summary_dto(&c.post_opening_balances(entry, now)?))
    })
}

/// Parses `account,debit,credit` CSV; problems carry the file's row number (header = 1).
pub fn parse_opening_csv(text: &str) -> R<Vec<(u32, OpeningLine)>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| {
            ApiError::from_problems(&[Problem::new(
                ProblemCode::MissingColumn,
                format!("the file has no header row: {e}"),
            )
            .at_row(1)])
        })?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(ia), Some(id), Some(ic)) = (col("account"), col("debit"), col("credit")) else {
        let missing: Vec<&str> = ["account", "debit", "credit"]
            .into_iter()
            .filter(|n| col(n).is_none())
            .collect();
        return fail(vec![Problem::new(
            ProblemCode::MissingColumn,
            format!(
                "the header must be account,debit,credit; missing: {}",
                missing.join(", ")
            ),
        )
        .at_row(1)
        .field(missing.join(","))]);
    };
    let mut lines = Vec::new();
    let mut p = Vec::new();
    for (i, rec) in (1u32..).zip(reader.records()) {
        // The file's own line number (blank lines and quoted line breaks counted).
        let pos = match &rec {
            Ok(r) => r.position().cloned(),
            Err(e) => e.position().cloned(),
        };
        // The record's position may be the blank lines before it: skip them.
        let bytes = text.as_bytes();
        let row = pos
            .map(|p| {
                let mut at = (p.byte() as usize).min(bytes.len());
                while at < bytes.len() && (bytes[at] == b'\n' || bytes[at] == b'\r') {
                    at += 1;
                }
                bytes[..at].iter().filter(|b| **b == b'\n').count() as u32 + 1
            })
            .unwrap_or(i + 1);
        match rec {
            Err(e) => p.push(
                Problem::new(ProblemCode::InvalidAmount, format!("unreadable row: {e}"))
                    .at_row(row),
            ),
            Ok(r) => {
                if r.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                lines.push((
                    row,
                    OpeningLine {
                        account: r.get(ia).unwrap_or("").to_string(),
                        debit: r.get(id).unwrap_or("").to_string(),
                        credit: r.get(ic).unwrap_or("").to_string(),
                    },
                ));
            }
        }
    }
    // Check every row here so problems carry file rows, not line positions.
    for (row, l) in &lines {
        if let Err(x) = parse::account("account", &l.account) {
            p.push(x.at_row(*row));
        }
        for (field, v) in [("debit", &l.debit), ("credit", &l.credit)] {
            if let Err(x) = parse::money(field, v) {
                p.push(x.at_row(*row));
            }
        }
    }
    if !p.is_empty() {
        return fail(p);
    }
    Ok(lines)
}

/// Imports opening balances from CSV; every problem, including those found when posting
/// (an unknown or deactivated account), names the file's row.
pub fn import_opening_balances(app: &App, a: ImportOpeningArgs) -> R<EntrySummary> {
    let rows = parse_opening_csv(&a.csv)?;
    let file_rows: Vec<u32> = rows.iter().map(|(r, _)| *r).collect();
    post_opening_balances(
        app,
        OpeningBalancesArgs {
            date: a.date,
            description: a.description,
            lines: rows.into_iter().map(|(_, l)| l).collect(),
        },
    )
    .map_err(|e| at_file_rows(e, &file_rows))
}

/// The parse-and-validate stage of [`import_opening_balances`] without a company: the CSV
/// as one balanced opening entry dated `date`, or every problem with the file's row (an
/// unbalanced set names the `lines` field). The import runs the same steps, then the
/// database's (accounts, periods); `fuzz/` and the corpus test call this.
pub fn opening_entry_from_csv(
    text: &str,
    date: &str,
    lang: trastienda_core::Language,
) -> R<BalancedEntry> {
    let rows = parse_opening_csv(text)?;
    let file_rows: Vec<u32> = rows.iter().map(|(r, _)| *r).collect();
    let lines: Vec<OpeningLine> = rows.into_iter().map(|(_, l)| l).collect();
    opening_entry(date, None, &lines, lang).map_err(|e| at_file_rows(e, &file_rows))
}

/// Problems about the n-th line of the entry point at the file row that line came from,
/// in `problems` and in the message built from them.
fn at_file_rows(mut e: ApiError, file_rows: &[u32]) -> ApiError {
    if e.problems.iter().all(|p| p.row.is_none()) {
        return e;
    }
    for p in e.problems.iter_mut() {
        if let Some(line) = p.row {
            p.row = (line as usize)
                .checked_sub(1)
                .and_then(|i| file_rows.get(i))
                .copied()
                .or(p.row);
        }
    }
    // As `ApiError::from_problems` writes it (`Problem`'s Display).
    e.message = e
        .problems
        .iter()
        .map(|p| {
            let row = p.row.map(|r| format!("row {r}: ")).unwrap_or_default();
            let field = p
                .field
                .as_ref()
                .map(|f| format!("{f}: "))
                .unwrap_or_default();
            format!("{row}{field}{}", p.message)
        })
        .collect::<Vec<_>>()
        .join("; ");
    e
}

// ---- Drafts ----

fn draft_lines(lines: &[NewEntryLine]) -> R<Vec<DraftLine>> {
    let mut p = Vec::new();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        let debit = parse::money("debit", &l.debit)
            .map_err(|x| p.push(x.at_row(row)))
            .ok();
        let credit = parse::money("credit", &l.credit)
            .map_err(|x| p.push(x.at_row(row)))
            .ok();
        if let (Some(debit), Some(credit)) = (debit, credit) {
            out.push(DraftLine {
                account: l.account.trim().to_string(),
                description: l.description.clone(),
                debit,
                credit,
            });
        }
    }
    if p.is_empty() {
        Ok(out)
    } else {
        fail(p)
    }
}

fn line_dtos(lines: &[DraftLine]) -> Vec<NewEntryLine> {
    let s = |m: Money| {
        if m.is_zero() {
            String::new()
        } else {
            m.to_string()
        }
    };
    lines
        .iter()
        .map(|l| NewEntryLine {
            account: l.account.clone(),
            description: l.description.clone(),
            debit: s(l.debit),
            credit: s(l.credit),
        })
        .collect()
}

fn draft_dto(d: &trastienda_store::EntryDraftRecord) -> Draft {
    Draft {
        id: d.id,
        date: d.date.to_string(),
        description: d.description.clone(),
        reference: d.reference.clone(),
        template_id: d.template_id,
        lines: line_dtos(&d.lines),
        total_debit: d.lines.iter().map(|l| l.debit).sum::<Money>().to_string(),
        total_credit: d.lines.iter().map(|l| l.credit).sum::<Money>().to_string(),
        updated_at: d.updated_at.clone(),
    }
}

pub fn list_drafts(app: &App, _: NoArgs) -> R<Vec<Draft>> {
    app.with_company(|c| Ok(c.drafts()?.iter().map(draft_dto).collect()))
}

pub fn get_draft(app: &App, a: IdArgs) -> R<Draft> {
    app.with_company(|c| Ok(draft_dto(&c.draft(a.id)?)))
}

pub fn save_draft(app: &App, a: SaveDraftArgs) -> R<Draft> {
    let date = parse::date("date", &a.entry.date).map_err(|p| ApiError::from_problems(&[p]))?;
    let lines = draft_lines(&a.entry.lines)?;
    let now = app.now();
    app.with_company(|c| {
        Ok(draft_dto(&c.save_draft(
            a.id,
            date,
            &a.entry.description,
            a.entry.reference.as_deref(),
            &lines,
            now,
        )?))
    })
}

pub fn delete_draft(app: &App, a: IdArgs) -> R<()> {
    let now = app.now();
    app.with_company(|c| Ok(c.delete_draft(a.id, now)?))
}

/// Posts a draft as it stands (after the same checks as a typed entry) and removes it.
pub fn post_draft(app: &App, a: IdArgs) -> R<EntrySummary> {
    let now = app.now();
    app.with_company(|c| {
        let d = c.draft(a.id)?;
        let entry = entry_from_dto(&NewEntry {
            date: d.date.to_string(),
            description: d.description.clone(),
            reference: d.reference.clone(),
            lines: line_dtos(&d.lines),
        })?;
        Ok(summary_dto(&c.post_draft(a.id, &entry, now)?))
    })
}

// ---- Templates ----

fn every(e: Every) -> CoreEvery {
    match e {
        Every::Monthly => CoreEvery::Month,
        Every::Quarterly => CoreEvery::Quarter,
        Every::Yearly => CoreEvery::Year,
    }
}

fn template_dto(t: &trastienda_store::EntryTemplate) -> EntryTemplate {
    EntryTemplate {
        id: t.id,
        name: t.name.clone(),
        description: t.description.clone(),
        reference: t.reference.clone(),
        lines: line_dtos(&t.lines),
        recurrence: t.recurrence.as_ref().map(|r| Recurrence {
            every: match r.every {
                CoreEvery::Month => Every::Monthly,
                CoreEvery::Quarter => Every::Quarterly,
                CoreEvery::Year => Every::Yearly,
            },
            first_date: r.first_date.to_string(),
            until: r.until.map(|d| d.to_string()),
            next_date: r.next_date().map(|d| d.to_string()),
        }),
    }
}

pub fn list_entry_templates(app: &App, _: NoArgs) -> R<Vec<EntryTemplate>> {
    app.with_company(|c| Ok(c.templates()?.iter().map(template_dto).collect()))
}

pub fn save_entry_template(app: &App, a: SaveTemplateArgs) -> R<EntryTemplate> {
    let lines = draft_lines(&a.lines)?;
    let recurrence = match &a.recurrence {
        None => None,
        Some(r) => {
            let mut p = Vec::new();
            let first = parse::date("first_date", &r.first_date)
                .map_err(|x| p.push(x))
                .ok();
            let until = parse::opt_date("until", &r.until)
                .map_err(|x| p.push(x))
                .ok()
                .flatten();
            if !p.is_empty() {
                return fail(p);
            }
            Some((every(r.every), first.expect("checked"), until))
        }
    };
    let now = app.now();
    app.with_company(|c| {
        Ok(template_dto(&c.save_template(
            a.id,
            &a.name,
            &a.description,
            a.reference.as_deref(),
            &lines,
            recurrence,
            now,
        )?))
    })
}

pub fn delete_entry_template(app: &App, a: IdArgs) -> R<()> {
    let now = app.now();
    app.with_company(|c| Ok(c.delete_template(a.id, now)?))
}

pub fn draft_recurring(app: &App, a: DraftDueArgs) -> R<Vec<Draft>> {
    let until = parse::opt_date("until", &a.until)
        .map_err(|p| ApiError::from_problems(&[p]))?
        .unwrap_or(app.today());
    let now = app.now();
    app.with_company(|c| {
        Ok(c.draft_due_recurring(until, now)?
            .iter()
            .map(draft_dto)
            .collect())
    })
}

/// The change log, filtered and paged, newest first.
pub fn audit_log(app: &App, a: AuditArgs) -> R<AuditPage> {
    let mut p = Vec::new();
    let from = parse::opt_date("from", &a.from)
        .map_err(|x| p.push(x))
        .ok()
        .flatten();
    let to = parse::opt_date("to", &a.to)
        .map_err(|x| p.push(x))
        .ok()
        .flatten();
    if !p.is_empty() {
        return fail(p);
    }
    let filter = trastienda_store::AuditFilter {
        record: a.record,
        action: a.action,
        from,
        to,
        text: a.text,
    };
    let size = a.page_size.clamp(1, 500);
    app.with_company(|c| {
        let (rows, total) = c.audit_query(&filter, a.page, size)?;
        Ok(AuditPage {
            rows: rows.iter().map(audit_row).collect(),
            total,
            page: a.page,
            page_size: size,
        })
    })
}

/// Recomputes the log's SHA-256 chain.
pub fn verify_audit_log(app: &App, _: NoArgs) -> R<AuditCheck> {
    app.with_company(|c| {
        let records = c.audit_len()?;
        let broken = c.verify_audit()?;
        Ok(AuditCheck {
            records,
            ok: broken.is_none(),
            broken_at: broken.as_ref().map(|b| b.0),
            reason: broken.map(|b| b.1),
        })
    })
}
