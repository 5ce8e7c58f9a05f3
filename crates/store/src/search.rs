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
//! - ranking, within each kind: when there are at most `BM25_MAX` matches, bm25 with the title
//!   weighing `TITLE_WEIGHT` times the body (ties: the newer record first). bm25 first reads
//!   the whole posting list of every word to weigh it, which for a word in a quarter of a
//!   large company's records costs more than the rest of the search, so above `BM25_MAX` the
//!   newest `CANDIDATES` matches of each kind are ordered by how the title matches instead
//!   (every word a whole word of the title, then as the start of one, then in the body only;
//!   ties: the newer first): the same preference for the title without the cost;
//! - counting: the matches are read newest first (by rowid, so by record id) up to
//!   `COUNT_CAP`; beyond, totals are lower bounds (`capped`) and the user is told to type more.
//!   Customers, suppliers and employees have low ids (few records), so when the newest matches
//!   are all invoices, entries or documents, the oldest `OLDEST_WINDOW` matches are read too:
//!   a common word still shows its customers;
//! - snippets are cut from the body around the first matched word (the words highlighted the
//!   way the tokenizer folds them), and left out when every matched word is already in the
//!   label or the detail line.

use crate::{Company, Result};
use rusqlite::{params, Connection};
use std::collections::{HashMap, HashSet};

/// bm25 weight of the title against the body's 1.
pub const TITLE_WEIGHT: f64 = 8.0;
/// Matches ranked by bm25 at most; with more, by how the title matches.
pub const BM25_MAX: usize = 1_000;
/// Matches counted in all (newest first); beyond, totals are lower bounds.
pub const COUNT_CAP: i64 = 10_000;
/// When capped: the oldest matches read too, for kinds the newest did not reach.
pub const OLDEST_WINDOW: i64 = 2_000;
/// Matches of a kind considered for its hits when not ranked by bm25 (the newest).
pub const CANDIDATES: usize = 60;
/// The best title score (2 per word, at most `MAX_WORDS` words).
const TITLE_SCORE_MAX: u32 = 2 * MAX_WORDS as u32;
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
    words_of(text)
        .into_iter()
        .map(|word| {
            let last_token_chars = word
                .chars()
                .rev()
                .skip_while(|c| !c.is_alphanumeric())
                .take_while(|c| c.is_alphanumeric())
                .count();
            let quoted = format!("\"{}\"", word.replace('"', "\"\""));
            if last_token_chars >= 2 {
                format!("{quoted}*")
            } else {
                quoted
            }
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// What the words of a query look for, folded as the tokenizer folds: tokens that must be
/// whole words, and tokens a word may start with (the last of each prefix word).
#[derive(Debug, Default)]
struct Terms {
    /// Per query word: its tokens, and whether the last one is a prefix.
    words: Vec<(Vec<String>, bool)>,
}

/// Lower case without diacritics, one character at a time (as unicode61 remove_diacritics
/// folds the letters a Spanish or Western European text holds).
fn fold_char(c: char, out: &mut String) {
    for l in c.to_lowercase() {
        out.push(match l {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ī' | 'į' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
            'ñ' | 'ń' | 'ň' => 'n',
            'ç' | 'ć' | 'č' => 'c',
            'ý' | 'ÿ' => 'y',
            'š' | 'ś' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            'ł' => 'l',
            'ř' => 'r',
            'ď' => 'd',
            'ť' => 't',
            'ğ' => 'g',
            l => l,
        });
    }
}

/// The tokens of a text: (byte start, byte end, folded), as unicode61 splits it (runs of
/// letters and digits).
fn tokens(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            let (_, folded) = cur.get_or_insert_with(|| (i, String::new()));
            fold_char(c, folded);
        } else if let Some((start, folded)) = cur.take() {
            out.push((start, i, folded));
        }
    }
    if let Some((start, folded)) = cur {
        out.push((start, text.len(), folded));
    }
    out
}

fn words_of(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(MAX_WORDS)
        .collect()
}

impl Terms {
    fn new(text: &str) -> Terms {
        let words = words_of(text)
            .into_iter()
            .map(|w| {
                let toks: Vec<String> = tokens(w).into_iter().map(|t| t.2).collect();
                let prefix = toks.last().is_some_and(|t| t.chars().count() >= 2);
                (toks, prefix)
            })
            .collect();
        Terms { words }
    }

    /// Which of a text's tokens the query matched, as the index matches: each query word a
    /// phrase of its tokens in a row, whole words but a prefix last.
    fn marks(&self, text: &[(usize, usize, String)]) -> Vec<bool> {
        let mut marked = vec![false; text.len()];
        for (toks, prefix) in &self.words {
            let n = toks.len();
            if n == 0 || n > text.len() {
                continue;
            }
            for start in 0..=text.len() - n {
                let hit = toks.iter().enumerate().all(|(k, q)| {
                    let t = &text[start + k].2;
                    if k + 1 == n && *prefix {
                        t.starts_with(q.as_str())
                    } else {
                        t == q
                    }
                });
                if hit {
                    marked[start..start + n].iter_mut().for_each(|m| *m = true);
                }
            }
        }
        marked
    }

    /// How well a title matches: per word 2 when its tokens are whole words of the title in
    /// order, 1 when the last is only the start of one, 0 when not in the title.
    fn title_score(&self, title: &str) -> u32 {
        let title: Vec<String> = tokens(title).into_iter().map(|t| t.2).collect();
        let mut score = 0;
        for (toks, prefix) in &self.words {
            let n = toks.len();
            if n == 0 || n > title.len() {
                continue;
            }
            let mut best = 0;
            for start in 0..=title.len() - n {
                let head_ok = (0..n - 1).all(|k| title[start + k] == toks[k]);
                if !head_ok {
                    continue;
                }
                let last = &title[start + n - 1];
                if *last == toks[n - 1] {
                    best = 2;
                    break;
                } else if *prefix && last.starts_with(toks[n - 1].as_str()) {
                    best = 1;
                }
            }
            score += best;
        }
        score
    }
}

/// Bytes of a body looked at for its snippet (a document's text may be megabytes).
const SNIPPET_SCAN_BYTES: usize = 64 * 1024;
/// Tokens shown before the first match and in all.
const SNIPPET_BEFORE: usize = 4;
const SNIPPET_TOKENS: usize = 16;

/// Matches of a body tried for a snippet that says something new.
const SNIPPET_TRIES: usize = 8;

/// The piece of `body` around a matched word, the matched words marked: around the first match
/// whose neighbourhood says something `shown` (the hit's label and detail) does not (at least
/// two words of it not there: a document's file name repeats its title, the words inside the
/// PDF do not); empty when nothing matches or every candidate only repeats what is shown.
fn snippet(body: &str, terms: &Terms, shown: &str) -> Vec<SnippetPart> {
    let mut end = body.len().min(SNIPPET_SCAN_BYTES);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let body = &body[..end];
    let toks = tokens(body);
    let marked = terms.marks(&toks);
    let known: HashSet<String> = tokens(shown).into_iter().map(|t| t.2).collect();
    let window = |p: usize| {
        let from = p.saturating_sub(SNIPPET_BEFORE);
        (from, (from + SNIPPET_TOKENS).min(toks.len()))
    };
    let chosen = (0..toks.len())
        .filter(|&p| marked[p] && (p == 0 || !marked[p - 1]))
        .take(SNIPPET_TRIES)
        .map(window)
        .find(|&(from, to)| {
            toks[from..to]
                .iter()
                .filter(|t| !known.contains(&t.2))
                .count()
                >= 2
        });
    let Some((from, to)) = chosen else {
        return Vec::new();
    };
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut push = |text: &str, matched: bool| {
        if text.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(p) if p.matched == matched => p.text.push_str(text),
            _ => parts.push(SnippetPart {
                text: text.to_string(),
                matched,
            }),
        }
    };
    if from > 0 {
        push("…", false);
    }
    let mut at = toks[from].0;
    for ((start, stop, _), m) in toks[from..to].iter().zip(&marked[from..to]) {
        push(&body[at..*start], false);
        push(&body[*start..*stop], *m);
        at = *stop;
    }
    if to < toks.len() {
        push("…", false);
    }
    for p in parts.iter_mut().filter(|p| !p.matched) {
        // Line breaks and runs of blanks (a PDF's text) as one space.
        let mut squashed = String::with_capacity(p.text.len());
        for c in p.text.chars() {
            if c.is_whitespace() {
                if !squashed.ends_with(' ') {
                    squashed.push(' ');
                }
            } else {
                squashed.push(c);
            }
        }
        p.text = squashed;
    }
    parts
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
    let terms = Terms::new(text);
    let per_kind = per_kind_limit.clamp(1, MAX_PER_KIND);
    let with_correspondence = table_exists(conn, "correspondence")?;
    let wanted = |k: SearchKind| k != SearchKind::Correspondence || with_correspondence;

    // Every match up to the cap, newest first: totals, and each kind's newest candidates.
    let mut totals: HashMap<SearchKind, u32> = HashMap::new();
    let mut candidates: HashMap<SearchKind, Vec<i64>> = HashMap::new();
    let mut take = |rowid: i64, totals: &mut HashMap<SearchKind, u32>| {
        let Some(kind) = SearchKind::from_code(rowid.rem_euclid(16)) else {
            return;
        };
        if !wanted(kind) {
            return;
        }
        *totals.entry(kind).or_default() += 1;
        let c = candidates.entry(kind).or_default();
        if c.len() < CANDIDATES.max(per_kind) {
            c.push(rowid / 16);
        }
    };
    let mut counted = 0i64;
    let mut oldest = i64::MAX;
    {
        let mut stmt = conn.prepare_cached(
            "SELECT rowid FROM search_index WHERE search_index MATCH ?1
             ORDER BY rowid DESC LIMIT ?2",
        )?;
        let mut rows = stmt.query(params![query, COUNT_CAP])?;
        while let Some(r) = rows.next()? {
            let rowid: i64 = r.get(0)?;
            counted += 1;
            oldest = rowid;
            take(rowid, &mut totals);
        }
    }
    let capped = counted == COUNT_CAP;
    if capped {
        // The oldest matches too (the low ids where customers, suppliers and employees are),
        // for the kinds the newest did not reach.
        let seen: Vec<SearchKind> = totals.keys().copied().collect();
        let mut stmt = conn.prepare_cached(
            "SELECT rowid FROM search_index WHERE search_index MATCH ?1 AND rowid < ?2
             ORDER BY rowid LIMIT ?3",
        )?;
        let mut rows = stmt.query(params![query, oldest, OLDEST_WINDOW])?;
        let mut older: HashMap<SearchKind, u32> = HashMap::new();
        while let Some(r) = rows.next()? {
            let rowid: i64 = r.get(0)?;
            match SearchKind::from_code(rowid.rem_euclid(16)) {
                Some(kind) if !seen.contains(&kind) => take(rowid, &mut older),
                _ => {}
            }
        }
        totals.extend(older);
        // Oldest first there: the newest of them first, as everywhere.
        for (kind, ids) in candidates.iter_mut() {
            if !seen.contains(kind) {
                ids.sort_unstable_by(|a, b| b.cmp(a));
            }
        }
    }

    // The order of each kind's hits.
    let mut ranked: HashMap<SearchKind, Vec<(i64, f64)>> = HashMap::new();
    if !capped && counted as usize <= BM25_MAX {
        let mut stmt = conn.prepare_cached(
            "SELECT rowid, bm25(search_index, ?2, 1.0) FROM search_index
             WHERE search_index MATCH ?1",
        )?;
        let mut rows = stmt.query(params![query, TITLE_WEIGHT])?;
        while let Some(r) = rows.next()? {
            let rowid: i64 = r.get(0)?;
            let Some(kind) = SearchKind::from_code(rowid.rem_euclid(16)) else {
                continue;
            };
            if wanted(kind) {
                ranked
                    .entry(kind)
                    .or_default()
                    .push((rowid / 16, r.get(1)?));
            }
        }
    } else {
        // By how the title matches (as a distance from a perfect match, so lower is better
        // as with bm25).
        let mut title_stmt =
            conn.prepare_cached("SELECT title FROM search_index WHERE rowid = ?1")?;
        for (kind, ids) in &candidates {
            let mut scored = Vec::with_capacity(ids.len());
            for &id in ids {
                let title: String = title_stmt.query_row([id * 16 + kind.code()], |r| r.get(0))?;
                let score = terms.title_score(&title).min(TITLE_SCORE_MAX);
                scored.push((id, f64::from(TITLE_SCORE_MAX - score)));
            }
            ranked.insert(*kind, scored);
        }
    }

    let mut groups = Vec::new();
    let mut body_stmt =
        conn.prepare_cached("SELECT substr(body, 1, ?2) FROM search_index WHERE rowid = ?1")?;
    for kind in SearchKind::ALL {
        let Some(&total) = totals.get(&kind) else {
            continue;
        };
        let mut best = ranked.remove(&kind).unwrap_or_default();
        // Best first; the newer record first on a tie.
        best.sort_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        best.truncate(per_kind);
        let ids: Vec<i64> = best.iter().map(|(id, _)| *id).collect();
        let mut described = describe(conn, kind, &ids)?;
        let mut hits = Vec::with_capacity(best.len());
        for (id, score) in best {
            // A row of the index without its record (none should be) is skipped.
            let Some(d) = described.remove(&id) else {
                continue;
            };
            let body: String = body_stmt.query_row(
                params![id * 16 + kind.code(), SNIPPET_SCAN_BYTES as i64],
                |r| r.get(0),
            )?;
            let parts = snippet(&body, &terms, &format!("{} {}", d.label, d.detail));
            hits.push(SearchHit {
                kind,
                id,
                label: d.label,
                detail: d.detail,
                date: d.date,
                total_cents: d.total_cents,
                tag: d.tag,
                snippet: parts,
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
    fn snippets_mark_the_words_found_folded_as_the_index_folds() {
        let terms = Terms::new("nomina MAR");
        let parts = snippet("Recibo de la Nómina de  marzo\n(firmada)", &terms, "");
        let text: Vec<(&str, bool)> = parts.iter().map(|p| (p.text.as_str(), p.matched)).collect();
        assert_eq!(
            text,
            [
                ("Recibo de la ", false),
                ("Nómina", true),
                (" de ", false),
                ("marzo", true),
                (" (firmada", false)
            ]
        );
        assert!(snippet("nada que ver", &terms, "").is_empty());
        // Long bodies are cut around the first match.
        let long = format!("{} nómina {}", "antes ".repeat(50), "después ".repeat(50));
        let parts = snippet(&long, &terms, "");
        assert_eq!(parts.first().unwrap().text, "…antes antes antes antes ");
        assert_eq!(parts.last().unwrap().text.chars().last(), Some('…'));
        // Nothing but what the hit shows already: no snippet.
        let shown = "Nómina marzo · antes después";
        assert!(snippet(&long, &terms, shown).is_empty());
        // A document's file name repeats its title; the words inside the PDF do not.
        let body = "contrato-zarzaparrilla.pdf contrato Contrato de suministro Jarabe de \
                    zarzaparrilla, 40 cajas al mes";
        let parts = snippet(body, &Terms::new("zarzaparrilla"), "contrato-zarzaparrilla");
        let text: String = parts.iter().map(|p| p.text.as_str()).collect();
        assert!(text.contains("Jarabe"), "{text}");
        // A number is a phrase: its year alone elsewhere is not marked.
        let parts = snippet("2026/273 Factura 2026-0001", &Terms::new("2026-0001"), "");
        let marked: Vec<&str> = parts
            .iter()
            .filter(|p| p.matched)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, ["2026", "0001"]);
        assert_eq!(
            (parts[0].text.as_str(), parts[0].matched),
            ("2026/273 Factura ", false)
        );
    }

    #[test]
    fn titles_score_whole_words_above_their_starts() {
        let terms = Terms::new("garcia ferr");
        assert_eq!(terms.title_score("Ferretería García SL"), 3);
        assert_eq!(terms.title_score("Ferretería Garcíaz"), 2);
        assert_eq!(terms.title_score("Otra cosa"), 0);
        let number = Terms::new("F-2026-00");
        assert_eq!(number.title_score("F-2026-0012"), 1);
        assert_eq!(Terms::new("F-2026-0012").title_score("F-2026-0012"), 2);
        assert_eq!(number.title_score("2026 F 0012"), 0);
    }
}
