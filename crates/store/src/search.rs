//! The global search: one box over customers, suppliers, employees, invoices, bills, journal
//! entries, documents and correspondence, through the FTS5 table `search_index` that the
//! triggers of 0008 (and 0009 for correspondence) keep. A row's rowid is `id * 16 + kind`.
//!
//! Rules:
//! - the user's text is never FTS5 syntax: it is split on white space, each word is quoted
//!   (quotes doubled) so `AND`, `NEAR`, `*`, `(`, `-` are plain text, and the quoted word is a
//!   phrase of its tokens (`F-2026-0001` is the phrase `f 2026 0001`, which is how the index
//!   holds it); words are AND-ed. Every word is a prefix (search as you type), except one
//!   whose last token is a single character (an unindexed one-letter prefix would read half
//!   the index). Words without a letter or digit are dropped; no word left, no results;
//! - accents and case are folded by the tokenizer ('nomina' finds 'Nómina');
//! - ranking is bm25 with the title weighing `TITLE_WEIGHT` times the body, within each kind;
//! - speed on a large company: the newest `RANK_WINDOW` matches (by rowid, so by record id)
//!   are ranked; the rest are only counted, up to `COUNT_CAP` matches in all, after which the
//!   totals are lower bounds (`capped`) and the user is told to type more. A kind whose
//!   matches are all older than the ranked window gets its newest hits from the counted part.

use crate::{Company, Result};
use rusqlite::{params, Connection};
use std::collections::HashMap;

/// bm25 weight of the title against the body's 1.
pub const TITLE_WEIGHT: f64 = 8.0;
/// Matches ranked by bm25 (newest first); beyond them matches are only counted.
pub const RANK_WINDOW: i64 = 2_000;
/// Matches counted in all; beyond, totals are lower bounds.
pub const COUNT_CAP: i64 = 10_000;
/// Hits a kind returns at most, whatever the caller asks.
pub const MAX_PER_KIND: usize = 50;
/// Words of a query taken at most (the rest are ignored).
pub const MAX_WORDS: usize = 12;

/// The kinds of record the search finds, with their code in the index's rowid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SearchKind {
    Customer = 1,
    Supplier = 2,
    Employee = 3,
    Invoice = 4,
    Bill = 5,
    Entry = 6,
    Document = 7,
    Correspondence = 8,
}

impl SearchKind {
    pub const ALL: [SearchKind; 8] = [
        SearchKind::Customer,
        SearchKind::Supplier,
        SearchKind::Employee,
        SearchKind::Invoice,
        SearchKind::Bill,
        SearchKind::Entry,
        SearchKind::Document,
        SearchKind::Correspondence,
    ];

    pub fn code(self) -> i64 {
        self as i64
    }

    pub fn from_code(code: i64) -> Option<SearchKind> {
        SearchKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SearchKind::Customer => "customer",
            SearchKind::Supplier => "supplier",
            SearchKind::Employee => "employee",
            SearchKind::Invoice => "invoice",
            SearchKind::Bill => "bill",
            SearchKind::Entry => "entry",
            SearchKind::Document => "document",
            SearchKind::Correspondence => "correspondence",
        }
    }
}

/// A piece of a snippet: text, and whether it is what matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetPart {
    pub text: String,
    pub matched: bool,
}

/// One record found, with what a result list shows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub kind: SearchKind,
    pub id: i64,
    /// Name, number or title (a draft invoice: its customer's name; see `tag`).
    pub label: String,
    /// A second line: tax id and city, a customer's name, file name and category...
    pub detail: String,
    /// The record's date (YYYY-MM-DD) where it has one.
    pub date: Option<String>,
    /// An invoice's, bill's or entry's total in cents.
    pub total_cents: Option<i64>,
    /// A state worth a badge: 'draft' (invoice), 'inactive' (customer), 'blocked' (supplier),
    /// 'terminated' (employee), 'credit' (credit note or credit bill), 'expense', 'reversal'.
    pub tag: Option<String>,
    /// The body's text around the match, the matched words marked; empty when the match is
    /// only in the label.
    pub snippet: Vec<SnippetPart>,
    /// Correspondence: the customer, supplier or employee it is with.
    pub party_kind: Option<String>,
    pub party_id: Option<i64>,
    /// bm25 (lower is better).
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchGroup {
    pub kind: SearchKind,
    /// Matches of this kind (a lower bound when the results are `capped`).
    pub total: u32,
    pub hits: Vec<SearchHit>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchResults {
    /// The FTS5 query the text became ('' when it had no word).
    pub query: String,
    /// Groups with at least one match, in the order of `SearchKind::ALL`.
    pub groups: Vec<SearchGroup>,
    /// More than `COUNT_CAP` matches: totals are lower bounds.
    pub capped: bool,
}

/// The FTS5 query for what a user typed: each word quoted, a prefix when its last token has
/// two characters or more, AND-ed; '' when no word has a letter or digit.
pub fn fts_query(text: &str) -> String {
    let mut parts = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || c.is_control()) {
        if parts.len() == MAX_WORDS {
            break;
        }
        if !word.chars().any(char::is_alphanumeric) {
            continue;
        }
        let last_token_chars = word
            .chars()
            .rev()
            .skip_while(|c| !c.is_alphanumeric())
            .take_while(|c| c.is_alphanumeric())
            .count();
        let quoted = format!("\"{}\"", word.replace('"', "\"\""));
        parts.push(if last_token_chars >= 2 {
            format!("{quoted}*")
        } else {
            quoted
        });
    }
    parts.join(" AND ")
}

const MARK_START: char = '\u{2}';
const MARK_END: char = '\u{3}';

fn snippet_parts(s: &str) -> Vec<SnippetPart> {
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut cur = String::new();
    let mut matched = false;
    let flush = |cur: &mut String, matched: bool, parts: &mut Vec<SnippetPart>| {
        if !cur.is_empty() {
            parts.push(SnippetPart {
                text: std::mem::take(cur),
                matched,
            });
        }
    };
    for c in s.chars() {
        match c {
            MARK_START => {
                flush(&mut cur, matched, &mut parts);
                matched = true;
            }
            MARK_END => {
                flush(&mut cur, matched, &mut parts);
                matched = false;
            }
            c => cur.push(c),
        }
    }
    flush(&mut cur, matched, &mut parts);
    if parts.iter().any(|p| p.matched) {
        parts
    } else {
        Vec::new()
    }
}

fn table_exists(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
        [name],
        |r| r.get(0),
    )?)
}

/// What describes a record in a list, before the snippet.
struct Described {
    label: String,
    detail: String,
    date: Option<String>,
    total_cents: Option<i64>,
    tag: Option<String>,
    party_kind: Option<String>,
    party_id: Option<i64>,
}

fn join_nonempty(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Labels, details and dates of records of one kind, by id.
fn describe(conn: &Connection, kind: SearchKind, ids: &[i64]) -> Result<HashMap<i64, Described>> {
    let mut out = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = match kind {
        SearchKind::Customer => format!(
            "SELECT id, legal_name, coalesce(trade_name, ''), tax_id, city, NULL, NULL,
                    CASE WHEN active = 0 THEN 'inactive' END, NULL, NULL
             FROM customers WHERE id IN ({list})"
        ),
        SearchKind::Supplier => format!(
            "SELECT id, legal_name, coalesce(trade_name, ''), tax_id, city, NULL, NULL,
                    CASE WHEN status = 'blocked' THEN 'blocked' END, NULL, NULL
             FROM suppliers WHERE id IN ({list})"
        ),
        SearchKind::Employee => format!(
            "SELECT id, name, nif, job_title, '', NULL, NULL,
                    CASE WHEN termination_date IS NOT NULL THEN 'terminated' END, NULL, NULL
             FROM employees WHERE id IN ({list})"
        ),
        SearchKind::Invoice => format!(
            "SELECT i.id, coalesce(i.full_number, ''),
                    coalesce(i.customer_name, c.legal_name, ''),
                    coalesce(i.customer_tax_id, c.tax_id, ''), '', i.issue_date, i.total_cents,
                    CASE WHEN i.state = 'draft' THEN 'draft'
                         WHEN i.kind = 'corrective' THEN 'credit' END, NULL, NULL
             FROM invoices i LEFT JOIN customers c ON c.id = i.customer_id
             WHERE i.id IN ({list})"
        ),
        SearchKind::Bill => format!(
            "SELECT id, supplier_number, supplier_name, supplier_tax_id, description, date,
                    total_cents,
                    CASE kind WHEN 'credit' THEN 'credit' WHEN 'expense' THEN 'expense' END,
                    NULL, NULL
             FROM bills WHERE id IN ({list})"
        ),
        SearchKind::Entry => format!(
            "SELECT id, fiscal_year || '/' || number, description, '', '', date, total_cents,
                    CASE WHEN kind = 'reversal' THEN 'reversal' END, NULL, NULL
             FROM entries WHERE id IN ({list})"
        ),
        SearchKind::Document => format!(
            "SELECT d.id, d.title, d.file_name, coalesce(c.name, d.category), '', d.doc_date,
                    NULL, NULL, NULL, NULL
             FROM documents d LEFT JOIN document_categories c ON c.code = d.category
             WHERE d.id IN ({list})"
        ),
        SearchKind::Correspondence => format!(
            "SELECT k.id, k.subject,
                    coalesce(CASE k.party_kind
                        WHEN 'customer' THEN (SELECT legal_name FROM customers WHERE id = k.party_id)
                        WHEN 'supplier' THEN (SELECT legal_name FROM suppliers WHERE id = k.party_id)
                        WHEN 'employee' THEN (SELECT name FROM employees WHERE id = k.party_id)
                    END, k.from_address, ''),
                    k.channel, CASE k.direction WHEN 'in' THEN '←' ELSE '→' END, k.date, NULL,
                    NULL, k.party_kind, k.party_id
             FROM correspondence k WHERE k.id IN ({list})"
        ),
    };
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<i64>>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, Option<String>>(8)?,
            r.get::<_, Option<i64>>(9)?,
        ))
    })?;
    for row in rows {
        let (id, a, b, c, e, date, total_cents, tag, party_kind, party_id) = row?;
        let (label, detail) = match kind {
            // Legal name; trade name, tax id, city.
            SearchKind::Customer | SearchKind::Supplier => {
                let trade = if b.trim() == a.trim() { "" } else { b.as_str() };
                (a, join_nonempty(&[trade, &c, &e]))
            }
            // Name; NIF, job.
            SearchKind::Employee => (a, join_nonempty(&[&b, &c])),
            // Number (a draft has none: its customer); customer and tax id.
            SearchKind::Invoice => {
                if a.is_empty() {
                    (b, c)
                } else {
                    (a, join_nonempty(&[&b, &c]))
                }
            }
            // The supplier's number and name (an expense: its description); description.
            SearchKind::Bill => {
                if a.trim().is_empty() {
                    (join_nonempty(&[&b, &e]), c)
                } else {
                    (join_nonempty(&[&a, &b]), join_nonempty(&[&c, &e]))
                }
            }
            // 'year/number · description'.
            SearchKind::Entry => (join_nonempty(&[&a, &b]), String::new()),
            // Title; file name and category.
            SearchKind::Document => (a, join_nonempty(&[&b, &c])),
            // Subject; who with, channel and direction.
            SearchKind::Correspondence => (a, join_nonempty(&[&b, &format!("{c} {e}")])),
        };
        out.insert(
            id,
            Described {
                label,
                detail,
                date,
                total_cents,
                tag,
                party_kind,
                party_id,
            },
        );
    }
    Ok(out)
}

/// The search itself, on any connection holding the index.
pub(crate) fn search(
    conn: &Connection,
    text: &str,
    per_kind_limit: usize,
) -> Result<SearchResults> {
    let query = fts_query(text);
    if query.is_empty() {
        return Ok(SearchResults::default());
    }
    let per_kind = per_kind_limit.clamp(1, MAX_PER_KIND);
    let with_correspondence = table_exists(conn, "correspondence")?;
    let wanted = |k: SearchKind| k != SearchKind::Correspondence || with_correspondence;

    // The newest matches, ranked.
    let mut ranked: HashMap<SearchKind, Vec<(i64, f64)>> = HashMap::new();
    let mut totals: HashMap<SearchKind, u32> = HashMap::new();
    let mut seen = 0i64;
    let mut oldest_ranked = i64::MAX;
    {
        let mut stmt = conn.prepare_cached(
            "SELECT rowid, bm25(search_index, ?2, 1.0) FROM search_index
             WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT ?3",
        )?;
        let mut rows = stmt.query(params![query, TITLE_WEIGHT, RANK_WINDOW])?;
        while let Some(r) = rows.next()? {
            let rowid: i64 = r.get(0)?;
            let score: f64 = r.get(1)?;
            seen += 1;
            oldest_ranked = rowid;
            let Some(kind) = SearchKind::from_code(rowid.rem_euclid(16)) else {
                continue;
            };
            if !wanted(kind) {
                continue;
            }
            *totals.entry(kind).or_default() += 1;
            ranked.entry(kind).or_default().push((rowid / 16, score));
        }
    }
    // The rest, counted (and the newest of a kind the window did not reach).
    let mut capped = false;
    let mut unranked: HashMap<SearchKind, Vec<i64>> = HashMap::new();
    if seen == RANK_WINDOW {
        let mut stmt = conn.prepare_cached(
            "SELECT rowid FROM search_index
             WHERE search_index MATCH ?1 AND rowid < ?2 ORDER BY rowid DESC LIMIT ?3",
        )?;
        let mut rows = stmt.query(params![query, oldest_ranked, COUNT_CAP - RANK_WINDOW])?;
        let mut counted = 0i64;
        while let Some(r) = rows.next()? {
            let rowid: i64 = r.get(0)?;
            counted += 1;
            let Some(kind) = SearchKind::from_code(rowid.rem_euclid(16)) else {
                continue;
            };
            if !wanted(kind) {
                continue;
            }
            *totals.entry(kind).or_default() += 1;
            let have = ranked.get(&kind).map_or(0, Vec::len);
            let extra = unranked.entry(kind).or_default();
            if have + extra.len() < per_kind {
                extra.push(rowid / 16);
            }
        }
        capped = counted == COUNT_CAP - RANK_WINDOW;
    }

    let mut groups = Vec::new();
    let mut snippet_stmt = conn.prepare_cached(
        "SELECT snippet(search_index, 1, char(2), char(3), '…', 12) FROM search_index
         WHERE search_index MATCH ?1 AND rowid = ?2",
    )?;
    for kind in SearchKind::ALL {
        let Some(&total) = totals.get(&kind) else {
            continue;
        };
        let mut best = ranked.remove(&kind).unwrap_or_default();
        // Best bm25 first; the newer record first on a tie.
        best.sort_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        best.truncate(per_kind);
        // Older matches only counted come after, newest first, unscored.
        best.extend(
            unranked
                .remove(&kind)
                .unwrap_or_default()
                .into_iter()
                .map(|id| (id, 0.0)),
        );
        best.truncate(per_kind);
        let ids: Vec<i64> = best.iter().map(|(id, _)| *id).collect();
        let mut described = describe(conn, kind, &ids)?;
        let mut hits = Vec::with_capacity(best.len());
        for (id, score) in best {
            // A row of the index without its record (none should be) is skipped.
            let Some(d) = described.remove(&id) else {
                continue;
            };
            let snippet: String =
                snippet_stmt.query_row(params![query, id * 16 + kind.code()], |r| r.get(0))?;
            hits.push(SearchHit {
                kind,
                id,
                label: d.label,
                detail: d.detail,
                date: d.date,
                total_cents: d.total_cents,
                tag: d.tag,
                snippet: snippet_parts(&snippet),
                party_kind: d.party_kind,
                party_id: d.party_id,
                score,
            });
        }
        groups.push(SearchGroup { kind, total, hits });
    }
    Ok(SearchResults {
        query,
        groups,
        capped,
    })
}

impl Company {
    /// Searches every kind of record for what the user typed; at most `per_kind_limit` hits
    /// of each kind (1..=`MAX_PER_KIND`), best first, with each kind's total.
    pub fn search(&self, text: &str, per_kind_limit: usize) -> Result<SearchResults> {
        search(&self.conn, text, per_kind_limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_quote_every_word_and_drop_punctuation() {
        assert_eq!(fts_query("ferr"), "\"ferr\"*");
        assert_eq!(fts_query("  García  lopez "), "\"García\"* AND \"lopez\"*");
        assert_eq!(fts_query("F-2026-0001"), "\"F-2026-0001\"*");
        assert_eq!(fts_query("a"), "\"a\"");
        assert_eq!(fts_query("2026/1"), "\"2026/1\"");
        assert_eq!(fts_query("say \"hi\""), "\"say\"* AND \"\"\"hi\"\"\"*");
        assert_eq!(fts_query("- * ( ) \" ''"), "");
        assert_eq!(fts_query(""), "");
        assert_eq!(fts_query("foo*"), "\"foo*\"*");
    }

    #[test]
    fn snippets_split_on_marks() {
        let parts = snippet_parts("…la \u{2}nómina\u{3} de marzo");
        assert_eq!(parts.len(), 3);
        assert!(parts[1].matched);
        assert_eq!(parts[1].text, "nómina");
        assert!(snippet_parts("no match here").is_empty());
    }
}
