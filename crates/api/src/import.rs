//! Importing a journal from CSV (`entry,date,account,description,debit,credit`). The whole
//! file is checked first and every problem reported with its row; only a clean file is
//! posted, in one transaction, streamed so a million entries need little memory.

use crate::error::{ApiError, ErrorCode};
use crate::parse;
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::Path;
use trastienda_core::entry::{EntryDraft, EntryLine};
use trastienda_core::{AccountCode, BalancedEntry, Problem, ProblemCode};
use trastienda_store::{Company, StoreError};

const COLUMNS: [&str; 6] = ["entry", "date", "account", "description", "debit", "credit"];
/// Past this many problems the rest are counted, not listed.
const MAX_PROBLEMS: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub entries: usize,
    pub rows: usize,
    pub created_accounts: Vec<String>,
}

struct Columns([usize; 6]);

fn builder() -> csv::ReaderBuilder {
    let mut b = csv::ReaderBuilder::new();
    b.flexible(true).trim(csv::Trim::All);
    b
}

fn open(path: &Path) -> Result<csv::Reader<std::fs::File>, ApiError> {
    builder()
        .from_path(path)
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("{}: {e}", path.display())))
}

fn columns<R: Read>(rdr: &mut csv::Reader<R>) -> Result<Columns, Vec<Problem>> {
    let headers = rdr.headers().map_err(|e| {
        vec![Problem::new(
            ProblemCode::MissingColumn,
            format!("cannot read the header: {e}"),
        )
        .at_row(1)]
    })?;
    let mut idx = [0usize; 6];
    let mut problems = Vec::new();
    for (i, name) in COLUMNS.iter().enumerate() {
        match headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
        {
            Some(p) => idx[i] = p,
            None => problems.push(
                Problem::new(
                    ProblemCode::MissingColumn,
                    format!(
                        "the header has no '{name}' column (expected {})",
                        COLUMNS.join(",")
                    ),
                )
                .at_row(1)
                .field(*name)
                .param("column", name),
            ),
        }
    }
    if problems.is_empty() {
        Ok(Columns(idx))
    } else {
        Err(problems)
    }
}

/// One CSV row, parsed.
struct Row {
    line: u32,
    entry: String,
    parsed: Result<(chrono::NaiveDate, EntryLine, String), Vec<Problem>>,
}

fn read_row(rec: &csv::StringRecord, line: u32, cols: &Columns) -> Row {
    let get = |i: usize| rec.get(cols.0[i]).unwrap_or("");
    let mut p = Vec::new();
    if rec.len() < 6 {
        p.push(
            Problem::new(
                ProblemCode::MissingColumn,
                format!("the row has {} fields, not 6", rec.len()),
            )
            .at_row(line),
        );
    }
    let date = parse::date("date", get(1))
        .map_err(|x| p.push(x.at_row(line)))
        .ok();
    let account = parse::account("account", get(2))
        .map_err(|x| p.push(x.at_row(line)))
        .ok();
    let debit = parse::money("debit", get(4))
        .map_err(|x| p.push(x.at_row(line)))
        .ok();
    let credit = parse::money("credit", get(5))
        .map_err(|x| p.push(x.at_row(line)))
        .ok();
    let parsed = match (date, account, debit, credit) {
        (Some(date), Some(account), Some(debit), Some(credit)) if p.is_empty() => Ok((
            date,
            EntryLine {
                account,
                description: get(3).to_string(),
                debit,
                credit,
            },
            get(3).to_string(),
        )),
        _ => Err(p),
    };
    Row {
        line,
        entry: get(0).to_string(),
        parsed,
    }
}

/// Consecutive rows with the same `entry` value, turned into a balanced entry or problems.
fn finish_group(group: &mut Vec<Row>) -> Result<BalancedEntry, Vec<Problem>> {
    let rows = std::mem::take(group);
    let first = rows[0].line;
    let entry_ref = rows[0].entry.clone();
    let mut problems = Vec::new();
    let mut lines = Vec::new();
    let mut date = None;
    let mut description = String::new();
    let mut line_rows = Vec::new();
    for r in rows {
        match r.parsed {
            Ok((d, l, desc)) => {
                match date {
                    None => date = Some(d),
                    Some(first_date) if first_date != d => problems.push(
                        Problem::new(
                            ProblemCode::InvalidDate,
                            format!("entry '{entry_ref}' has lines dated {first_date} and {d}; one entry has one date"),
                        )
                        .at_row(r.line)
                        .field("date"),
                    ),
                    _ => {}
                }
                if description.is_empty() {
                    description = desc;
                }
                line_rows.push(r.line);
                lines.push(l);
            }
            Err(p) => problems.extend(p),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    BalancedEntry::new(EntryDraft {
        date: date.expect("a group has a row"),
        description,
        lines,
    })
    .map_err(|ps| {
        ps.into_iter()
            .map(|mut p| {
                // A line problem points at its CSV row; an entry problem at the entry's first row.
                p.row = Some(match p.row {
                    Some(i) => line_rows.get(i as usize - 1).copied().unwrap_or(first),
                    None => first,
                });
                p.message = format!("entry '{entry_ref}': {}", p.message);
                p
            })
            .collect()
    })
}

/// Reads the file group by group, handing each entry (or its problems) to `f`.
/// `f` gets the entry's first CSV row too.
fn for_each_entry(
    path: &Path,
    f: impl FnMut(u32, Result<BalancedEntry, Vec<Problem>>) -> bool,
) -> Result<usize, ApiError> {
    for_each_entry_in(open(path)?, f)
}

/// What a journal CSV holds before anything is checked against a company: how many data
/// rows it has and, for each entry (consecutive rows with the same `entry`), its first row
/// and either the balanced entry or its problems, each naming its row.
#[derive(Debug)]
pub struct ParsedJournal {
    pub rows: usize,
    pub entries: Vec<(u32, Result<BalancedEntry, Vec<Problem>>)>,
}

/// The parse-and-validate stage of [`import_journal`] on bytes rather than a file: the
/// same reader, columns, field parsers and balance checks, without disk or database. An
/// unreadable file (invalid UTF-8) is the same error the import gives.
/// `fuzz/` and the corpus test call it; the import itself streams the file instead.
pub fn parse_journal(input: impl Read) -> Result<ParsedJournal, ApiError> {
    let mut entries = Vec::new();
    let rows = for_each_entry_in(builder().from_reader(input), |first, res| {
        entries.push((first, res));
        true
    })?;
    Ok(ParsedJournal { rows, entries })
}

/// The field parsers every importer uses (each failure a Problem naming its field), public
/// for the fuzz targets and their corpus test.
pub mod fields {
    pub use crate::parse::{account, date, money, opt_date};
}

fn for_each_entry_in<R: Read>(
    mut rdr: csv::Reader<R>,
    mut f: impl FnMut(u32, Result<BalancedEntry, Vec<Problem>>) -> bool,
) -> Result<usize, ApiError> {
    let cols = match columns(&mut rdr) {
        Ok(c) => c,
        Err(p) => {
            f(1, Err(p));
            return Ok(0);
        }
    };
    let mut group: Vec<Row> = Vec::new();
    let mut rec = csv::StringRecord::new();
    let mut rows = 0;
    loop {
        let more = rdr.read_record(&mut rec).map_err(|e| {
            ApiError::from_problems(&[Problem::new(
                ProblemCode::MissingColumn,
                format!("unreadable CSV: {e}"),
            )
            .at_row(e.position().map(|p| p.line() as u32).unwrap_or(0))])
        })?;
        if !more {
            break;
        }
        if rec.iter().all(|f| f.is_empty()) {
            continue;
        }
        rows += 1;
        let line = rec.position().map(|p| p.line() as u32).unwrap_or(0);
        let row = read_row(&rec, line, &cols);
        if group.last().is_some_and(|g| g.entry != row.entry) {
            let first = group[0].line;
            if !f(first, finish_group(&mut group)) {
                return Ok(rows);
            }
        }
        group.push(row);
    }
    if !group.is_empty() {
        let first = group[0].line;
        f(first, finish_group(&mut group));
    }
    Ok(rows)
}

/// Checks the whole file, then posts it in one transaction. On any problem nothing is
/// written and every problem (up to 500) comes back with its row.
pub fn import_journal(
    c: &mut Company,
    path: &Path,
    create_accounts: bool,
    now: DateTime<Utc>,
) -> Result<ImportReport, ApiError> {
    let accounts: HashMap<String, (bool, bool)> = c
        .accounts()?
        .into_iter()
        .map(|a| (a.code.to_string(), (a.has_children, a.active)))
        .collect();
    let mut problems: Vec<Problem> = Vec::new();
    let mut extra = 0usize;
    let mut to_create: BTreeSet<AccountCode> = BTreeSet::new();
    let mut push = |p: Problem, problems: &mut Vec<Problem>| {
        if problems.len() < MAX_PROBLEMS {
            problems.push(p);
        } else {
            extra += 1;
        }
    };
    // The period rules, checked here so a refusal names the entry's row in the file.
    let lock = c.lock_date()?;
    let closed: Vec<(i32, chrono::NaiveDate, chrono::NaiveDate)> = c
        .fiscal_years()?
        .into_iter()
        .filter(|y| y.closed)
        .map(|y| (y.year, y.start, y.end))
        .collect();
    let rows = for_each_entry(path, |first, res| {
        match res {
            Ok(e) => {
                let date = e.date();
                if let Some(lock) = lock.filter(|l| date <= *l) {
                    push(
                        Problem::new(
                            ProblemCode::Locked,
                            format!("the books are locked up to {lock}; {date} is on or before it"),
                        )
                        .at_row(first)
                        .field("date")
                        .param("date", date)
                        .param("lock_date", lock),
                        &mut problems,
                    );
                } else if let Some((year, ..)) =
                    closed.iter().find(|(_, a, b)| (*a..=*b).contains(&date))
                {
                    push(
                        Problem::new(
                            ProblemCode::YearClosed,
                            format!("fiscal year {year} is closed; {date} cannot be posted to"),
                        )
                        .at_row(first)
                        .field("date")
                        .param("date", date)
                        .param("year", year),
                        &mut problems,
                    );
                }
                for posting in e.postings() {
                    match accounts.get(posting.account.as_str()) {
                        None if create_accounts => {
                            to_create.insert(posting.account.clone());
                        }
                        None => push(
                            Problem::new(
                                ProblemCode::UnknownAccount,
                                format!(
                                    "account {} does not exist (use --create-accounts to create it)",
                                    posting.account
                                ),
                            )
                            .field("account")
                            .param("account", &posting.account),
                            &mut problems,
                        ),
                        Some((true, _)) => push(
                            Problem::new(
                                ProblemCode::NotPostable,
                                format!("account {} has subaccounts; post to one of them", posting.account),
                            )
                            .field("account")
                            .param("account", &posting.account),
                            &mut problems,
                        ),
                        Some((false, false)) => push(
                            Problem::new(ProblemCode::InactiveAccount, format!("account {} is deactivated", posting.account))
                                .field("account")
                                .param("account", &posting.account),
                            &mut problems,
                        ),
                        _ => {}
                    }
                }
            }
            Err(ps) => {
                for p in ps {
                    push(p, &mut problems);
                }
            }
        }
        true
    })?;
    // Unknown-account problems were raised per posting without a row: find their rows.
    if problems.iter().any(|p| p.row.is_none()) {
        locate_account_rows(path, &mut problems)?;
    }
    if extra > 0 {
        problems.push(Problem::new(
            ProblemCode::OutOfRange,
            format!("and {extra} more problems"),
        ));
    }
    if rows == 0 && problems.is_empty() {
        problems
            .push(Problem::new(ProblemCode::Required, "the file has no rows to import").at_row(2));
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.row.unwrap_or(u32::MAX));
        return Err(ApiError::from_problems(&problems));
    }
    // Second pass: post, streaming.
    let created: Vec<AccountCode> = to_create.into_iter().collect();
    let posted = {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<BalancedEntry, StoreError>>(1024);
        let path = path.to_path_buf();
        let reader = std::thread::spawn(move || {
            for_each_entry(&path, |_, res| {
                let item = res.map_err(StoreError::Invalid);
                tx.send(item).is_ok()
            })
        });
        let posted = c.post_stream(&created, rx.iter(), now);
        let read = reader
            .join()
            .map_err(|_| ApiError::new(ErrorCode::Internal, "the import reader failed"))?;
        read?;
        posted
    };
    let n = posted?;
    Ok(ImportReport {
        entries: n,
        rows,
        created_accounts: created.iter().map(|c| c.to_string()).collect(),
    })
}

/// Gives row numbers to account problems by finding the rows that name those accounts.
fn locate_account_rows(path: &Path, problems: &mut Vec<Problem>) -> Result<(), ApiError> {
    let mut rdr = open(path)?;
    let Ok(cols) = columns(&mut rdr) else {
        return Ok(());
    };
    let mut rows_of: HashMap<String, Vec<u32>> = HashMap::new();
    for rec in rdr.records().flatten() {
        let line = rec.position().map(|p| p.line() as u32).unwrap_or(0);
        if let Some(a) = rec.get(cols.0[2]) {
            rows_of.entry(a.trim().to_string()).or_default().push(line);
        }
    }
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for p in problems.drain(..) {
        if p.row.is_some() {
            out.push(p);
            continue;
        }
        let account = p
            .params
            .iter()
            .find(|(k, _)| k == "account")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        if !seen.insert((account.clone(), p.code)) {
            continue;
        }
        for line in rows_of
            .get(&account)
            .into_iter()
            .flatten()
            .take(MAX_PROBLEMS)
        {
            out.push(p.clone().at_row(*line));
        }
    }
    *problems = out;
    Ok(())
}
