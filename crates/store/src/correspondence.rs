//! Correspondence: the log of calls, e-mails, letters and meetings with a customer, supplier or
//! employee, with follow-ups; imported e-mails with their triage piles and the editable triage
//! rules; and the import of e-mails (parsed by the caller) into the log and the archive.
//!
//! Rules (checked here, every problem naming its field):
//! - an entry has a channel (call, email, letter, meeting), a direction (in, out), a date, a
//!   subject (at most 300 characters) and notes of at most 10 000; a party is a customer,
//!   supplier or employee that exists, or none; a follow-up date is on or after the entry's date;
//!   changing the follow-up date reopens it;
//! - follow-ups due as of a day: not done, follow-up date on or before `as_of + within_days`
//!   (earlier ones are overdue, negative days left), oldest first;
//! - a rule has a field (sender, subject, body, attachment), a pattern (at most 200
//!   characters), a pile and a priority (lower first); reclassifying an entry can make a rule
//!   from its sender's address or its subject's words before the first number, placed before
//!   every other rule;
//! - matching an address to a party ([`Company::match_party_by_email`]): the exact address
//!   (case-insensitive) on a customer, supplier, employee or a customer's or supplier's contact
//!   (the party's own address before a contact's; customers, then suppliers, then employees);
//!   otherwise the same domain when exactly one customer or supplier (with its contacts) has it,
//!   never for a public domain ([`PUBLIC_DOMAINS`]) and never for employees (they share the
//!   company's own domain);
//! - importing ([`Company::import_mail`]): all the messages of one import are ONE transaction
//!   (one user action; a thousand messages in well under a second of commit), each message in
//!   its own savepoint so a message the store refuses is reported by its position and the
//!   others are kept. A message whose Message-ID was imported before is skipped. A message from
//!   the company's own address is outgoing, matched to a party by its recipient. Each
//!   attachment goes to the archive (source mail) linked to the entry and the party, filed under
//!   'facturas_recibidas' when it is a PDF or XML of a billing message from a supplier, else
//!   'correspondencia'; an attachment the archive refuses (empty, too large) is reported and the
//!   message kept without it.
//!
//! Every change is one IMMEDIATE transaction with audit records.

use crate::audit::{self, Change};
use crate::documents::{archive_in, Content, DocumentInput, DocumentSource, FileText, RecordRef};
use crate::{Company, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::collections::HashMap;
use trastienda_core::mail_triage::{self, MailFacts, RuleField, TriageRule, PILES};
use trastienda_core::{Problem, ProblemCode};

pub const PARTY_KINDS: &[&str] = &["customer", "supplier", "employee"];
pub const CHANNELS: &[&str] = &["call", "email", "letter", "meeting"];
pub const DIRECTIONS: &[&str] = &["in", "out"];
pub const MAX_SUBJECT_CHARS: usize = 300;
pub const MAX_NOTES_CHARS: usize = 10_000;
pub const MAX_PATTERN_CHARS: usize = 200;
pub const MAX_WITHIN_DAYS: i64 = 3650;
pub const TRIAGE_PAGE_SIZE: u32 = 50;
/// An imported message's text kept in the notes (the rest is cut, marked so).
pub const MAX_MAIL_NOTES_CHARS: usize = 8_000;

/// Domains shared by many unrelated people: an address there is matched only exactly.
pub const PUBLIC_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.es",
    "outlook.com",
    "outlook.es",
    "live.com",
    "msn.com",
    "yahoo.com",
    "yahoo.es",
    "ymail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "gmx.com",
    "gmx.es",
    "protonmail.com",
    "proton.me",
    "telefonica.net",
    "movistar.es",
];

/// A customer, supplier or employee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyRef {
    pub kind: String,
    pub id: i64,
}

/// A party found for an address, with its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyMatch {
    pub kind: String,
    pub id: i64,
    pub name: String,
    /// Whether the address itself was found (else its domain).
    pub exact: bool,
}

/// An entry as the user enters it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrespondenceInput {
    pub party: Option<PartyRef>,
    pub channel: String,
    pub direction: String,
    pub date: NaiveDate,
    pub subject: String,
    pub notes: String,
    pub follow_up: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrespondenceRecord {
    pub id: i64,
    pub party: Option<PartyRef>,
    pub party_name: Option<String>,
    pub channel: String,
    pub direction: String,
    pub date: NaiveDate,
    pub subject: String,
    pub notes: String,
    pub follow_up: Option<NaiveDate>,
    pub follow_up_done: bool,
    pub message_id: Option<String>,
    pub from_address: Option<String>,
    pub to_address: Option<String>,
    pub pile: Option<String>,
    pub rule_id: Option<i64>,
    /// Documents linked to the entry (an e-mail's attachments).
    pub documents: i64,
    pub created_at: String,
}

/// A follow-up to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpDue {
    pub entry: CorrespondenceRecord,
    /// Days from `as_of` to the follow-up date; negative when overdue.
    pub days_left: i64,
}

/// A page of a triage pile, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriagePage {
    pub rows: Vec<CorrespondenceRecord>,
    pub total: u64,
}

/// A triage rule as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailRule {
    pub id: i64,
    pub priority: i64,
    pub field: String,
    pub pattern: String,
    pub pile: String,
    pub builtin: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailRuleInput {
    pub priority: i64,
    pub field: String,
    pub pattern: String,
    pub pile: String,
}

/// What a reclassification may learn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleFrom {
    /// The sender's address.
    Sender,
    /// The subject's words before the first number.
    Subject,
}

/// An attachment of a message to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAttachment {
    pub file_name: String,
    pub media_type: String,
    pub data: Vec<u8>,
}

/// A message to import, as the caller parsed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailMessage {
    /// The Message-ID (the caller makes one from the content's hash when it has none).
    pub message_id: String,
    pub from_address: String,
    pub from_name: String,
    /// The first recipient.
    pub to_address: String,
    pub date: NaiveDate,
    pub subject: String,
    /// The text of the message.
    pub body: String,
    pub attachments: Vec<MailAttachment>,
}

/// A message the import could not take, by its 1-based position in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailProblem {
    pub position: usize,
    pub message: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MailImportReport {
    pub imported: u32,
    pub skipped_duplicates: u32,
    /// Attachments archived.
    pub attachments: u32,
    /// Imported messages matched to no party.
    pub unmatched: u32,
    pub problems: Vec<MailProblem>,
    /// The entries made, in order.
    pub ids: Vec<i64>,
}

fn problem(code: ProblemCode, field: &str, msg: impl Into<String>) -> Problem {
    Problem::new(code, msg).field(field)
}

fn too_long(field: &str, text: &str, max: usize, p: &mut Vec<Problem>) {
    let n = text.chars().count();
    if n > max {
        p.push(
            problem(
                ProblemCode::OutOfRange,
                field,
                format!("{field}: {n} characters, at most {max}"),
            )
            .param("max", max as i64),
        );
    }
}

fn one_of(field: &str, value: &str, allowed: &[&str], p: &mut Vec<Problem>) {
    if !allowed.contains(&value) {
        p.push(problem(
            ProblemCode::InvalidCode,
            field,
            format!("{field}: '{value}' is not one of {}", allowed.join(", ")),
        ));
    }
}

/// Checks an entry and returns it normalised (texts trimmed), or every problem.
pub fn validate_correspondence(
    input: &CorrespondenceInput,
) -> std::result::Result<CorrespondenceInput, Vec<Problem>> {
    let mut c = input.clone();
    c.subject = c.subject.trim().to_string();
    c.notes = c.notes.trim().to_string();
    c.channel = c.channel.trim().to_string();
    c.direction = c.direction.trim().to_string();
    let mut p = Vec::new();
    one_of("channel", &c.channel, CHANNELS, &mut p);
    one_of("direction", &c.direction, DIRECTIONS, &mut p);
    if let Some(party) = &c.party {
        one_of("party_kind", &party.kind, PARTY_KINDS, &mut p);
    }
    if c.subject.is_empty() {
        p.push(problem(
            ProblemCode::Required,
            "subject",
            "an entry has a subject",
        ));
    }
    too_long("subject", &c.subject, MAX_SUBJECT_CHARS, &mut p);
    too_long("notes", &c.notes, MAX_NOTES_CHARS, &mut p);
    if let Some(f) = c.follow_up {
        if f < c.date {
            p.push(problem(
                ProblemCode::OutOfRange,
                "follow_up",
                format!("the follow-up {f} is before the entry's date {}", c.date),
            ));
        }
    }
    if p.is_empty() {
        Ok(c)
    } else {
        Err(p)
    }
}

/// Checks a rule and returns it normalised, or every problem.
pub fn validate_mail_rule(
    input: &MailRuleInput,
) -> std::result::Result<MailRuleInput, Vec<Problem>> {
    let mut r = input.clone();
    r.pattern = r.pattern.trim().to_string();
    r.field = r.field.trim().to_string();
    r.pile = r.pile.trim().to_string();
    let mut p = Vec::new();
    one_of("field", &r.field, mail_triage::RULE_FIELDS, &mut p);
    one_of("pile", &r.pile, PILES, &mut p);
    if r.pattern.is_empty() {
        p.push(problem(
            ProblemCode::Required,
            "pattern",
            "a rule has a word or address to look for",
        ));
    }
    too_long("pattern", &r.pattern, MAX_PATTERN_CHARS, &mut p);
    if !(-1_000_000..=1_000_000).contains(&r.priority) {
        p.push(problem(
            ProblemCode::OutOfRange,
            "priority",
            format!("priority {} is outside -1000000..1000000", r.priority),
        ));
    }
    if p.is_empty() {
        Ok(r)
    } else {
        Err(p)
    }
}

/// An address as compared: trimmed, without angle brackets, lower case.
pub fn normalise_address(address: &str) -> String {
    let a = address.trim();
    let a = match (a.rfind('<'), a.rfind('>')) {
        (Some(l), Some(r)) if l < r => &a[l + 1..r],
        _ => a,
    };
    a.trim().to_lowercase()
}

/// The words of a subject a rule learns: reply and forward prefixes dropped, up to the first
/// word with a digit ('RE: Aviso de corte 2026-03' -> 'aviso de corte'); None when nothing is
/// left.
pub fn subject_keyword(subject: &str) -> Option<String> {
    let mut s = subject.trim();
    loop {
        let lower = s.to_lowercase();
        let Some(prefix) = ["re:", "rv:", "fw:", "fwd:", "reenviar:", "aw:", "tr:"]
            .into_iter()
            .find(|p| lower.starts_with(p))
        else {
            break;
        };
        s = s[prefix.len()..].trim_start();
    }
    let words: Vec<&str> = s
        .split_whitespace()
        .take_while(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let k = words.join(" ").to_lowercase();
    let k: String = k.chars().take(MAX_PATTERN_CHARS).collect();
    (k.chars().count() >= 3).then_some(k)
}

const ENTRY_COLUMNS: &str = "c.id, c.party_kind, c.party_id,
    CASE c.party_kind
        WHEN 'customer' THEN (SELECT legal_name FROM customers WHERE id = c.party_id)
        WHEN 'supplier' THEN (SELECT legal_name FROM suppliers WHERE id = c.party_id)
        WHEN 'employee' THEN (SELECT name FROM employees WHERE id = c.party_id)
    END,
    c.channel, c.direction, c.date, c.subject, c.notes, c.follow_up, c.follow_up_done,
    c.message_id, c.from_address, c.to_address, c.pile, c.rule_id,
    (SELECT count(*) FROM document_links l
     WHERE l.record_kind = 'correspondence' AND l.record_id = c.id),
    c.created_at";

fn entry_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CorrespondenceRecord> {
    let kind: Option<String> = r.get(1)?;
    let pid: Option<i64> = r.get(2)?;
    Ok(CorrespondenceRecord {
        id: r.get(0)?,
        party: match (kind, pid) {
            (Some(kind), Some(id)) => Some(PartyRef { kind, id }),
            _ => None,
        },
        party_name: r.get(3)?,
        channel: r.get(4)?,
        direction: r.get(5)?,
        date: crate::journal::parse_date(&r.get::<_, String>(6)?, 6)?,
        subject: r.get(7)?,
        notes: r.get(8)?,
        follow_up: r
            .get::<_, Option<String>>(9)?
            .map(|s| crate::journal::parse_date(&s, 9))
            .transpose()?,
        follow_up_done: r.get::<_, i64>(10)? != 0,
        message_id: r.get(11)?,
        from_address: r.get(12)?,
        to_address: r.get(13)?,
        pile: r.get(14)?,
        rule_id: r.get(15)?,
        documents: r.get(16)?,
        created_at: r.get(17)?,
    })
}

fn read_entry(conn: &Connection, id: i64) -> Result<CorrespondenceRecord> {
    conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLUMNS} FROM correspondence c WHERE c.id = ?1"
    ))?
    .query_row([id], entry_row)
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("correspondence entry {id}")))
}

fn rule_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MailRule> {
    Ok(MailRule {
        id: r.get(0)?,
        priority: r.get(1)?,
        field: r.get(2)?,
        pattern: r.get(3)?,
        pile: r.get(4)?,
        builtin: r.get::<_, i64>(5)? != 0,
        created_at: r.get(6)?,
    })
}

const RULE_COLUMNS: &str = "id, priority, field, pattern, pile, builtin, created_at";

fn read_rules(conn: &Connection) -> Result<Vec<MailRule>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {RULE_COLUMNS} FROM mail_rules ORDER BY priority, id"
        ))?
        .query_map([], rule_row)?
        .collect::<rusqlite::Result<_>>()?)
}

fn triage_rules(rules: &[MailRule]) -> Vec<TriageRule> {
    rules
        .iter()
        .filter_map(|r| {
            Some(TriageRule {
                id: r.id,
                priority: r.priority,
                field: RuleField::parse(&r.field)?,
                pattern: r.pattern.clone(),
                pile: r.pile.clone(),
            })
        })
        .collect()
}

fn party_name(conn: &Connection, party: &PartyRef) -> Result<Option<String>> {
    let table_col = match party.kind.as_str() {
        "customer" => "legal_name FROM customers",
        "supplier" => "legal_name FROM suppliers",
        "employee" => "name FROM employees",
        _ => return Ok(None),
    };
    Ok(conn
        .prepare_cached(&format!("SELECT {table_col} WHERE id = ?1"))?
        .query_row([party.id], |r| r.get(0))
        .optional()?)
}

fn require_party(conn: &Connection, party: &Option<PartyRef>) -> Result<()> {
    if let Some(p) = party {
        if party_name(conn, p)?.is_none() {
            return Err(StoreError::Invalid(vec![problem(
                ProblemCode::NotFound,
                "party_id",
                format!("there is no {} {}", p.kind, p.id),
            )]));
        }
    }
    Ok(())
}

fn entry_text(c: &CorrespondenceRecord) -> String {
    format!(
        "{} {} {} '{}'{}{}{}",
        c.date,
        c.channel,
        c.direction,
        c.subject,
        c.party
            .as_ref()
            .map(|p| format!(" with {}:{}", p.kind, p.id))
            .unwrap_or_default(),
        c.follow_up
            .map(|f| format!(
                ", follow-up {f}{}",
                if c.follow_up_done { " (done)" } else { "" }
            ))
            .unwrap_or_default(),
        c.pile
            .as_ref()
            .map(|p| format!(", pile {p}"))
            .unwrap_or_default(),
    )
}

fn rule_text(r: &MailRule) -> String {
    format!(
        "{} '{}' -> {} (priority {})",
        r.field, r.pattern, r.pile, r.priority
    )
}

fn insert_rule(conn: &Connection, r: &MailRuleInput, now: DateTime<Utc>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO mail_rules (priority, field, pattern, pile, builtin, created_at)
         VALUES (?1, ?2, ?3, ?4, 0, ?5)",
    )?
    .execute(params![
        r.priority,
        r.field,
        r.pattern,
        r.pile,
        now.to_rfc3339()
    ])?;
    Ok(conn.last_insert_rowid())
}

fn read_rule(conn: &Connection, id: i64) -> Result<MailRule> {
    conn.prepare_cached(&format!(
        "SELECT {RULE_COLUMNS} FROM mail_rules WHERE id = ?1"
    ))?
    .query_row([id], rule_row)
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("mail rule {id}")))
}

/// The party an address belongs to (see the module's rules).
pub(crate) fn match_party_in(conn: &Connection, address: &str) -> Result<Option<PartyMatch>> {
    let a = normalise_address(address);
    let Some((_, domain)) = a.rsplit_once('@') else {
        return Ok(None);
    };
    if domain.is_empty() {
        return Ok(None);
    }
    let exact = conn
        .prepare_cached(
            "SELECT kind, id, name FROM (
                SELECT 1 AS o, 'customer' AS kind, id, legal_name AS name FROM customers
                    WHERE lower(trim(email)) = ?1
                UNION ALL SELECT 2, 'supplier', id, legal_name FROM suppliers
                    WHERE lower(trim(email)) = ?1
                UNION ALL SELECT 3, 'employee', id, name FROM employees
                    WHERE lower(trim(email)) = ?1
                UNION ALL SELECT 4, 'customer', c.id, c.legal_name FROM customer_contacts k
                    JOIN customers c ON c.id = k.customer_id WHERE lower(trim(k.email)) = ?1
                UNION ALL SELECT 5, 'supplier', s.id, s.legal_name FROM supplier_contacts k
                    JOIN suppliers s ON s.id = k.supplier_id WHERE lower(trim(k.email)) = ?1
             ) ORDER BY o, id LIMIT 1",
        )?
        .query_row([&a], |r| {
            Ok(PartyMatch {
                kind: r.get(0)?,
                id: r.get(1)?,
                name: r.get(2)?,
                exact: true,
            })
        })
        .optional()?;
    if exact.is_some() {
        return Ok(exact);
    }
    if PUBLIC_DOMAINS.contains(&domain) {
        return Ok(None);
    }
    let at_domain = format!("%@{}", domain.replace(['%', '_'], ""));
    let found: Vec<PartyMatch> = conn
        .prepare_cached(
            "SELECT DISTINCT kind, id, name FROM (
                SELECT 'customer' AS kind, id, legal_name AS name FROM customers
                    WHERE lower(trim(email)) LIKE ?1
                UNION ALL SELECT 'supplier', id, legal_name FROM suppliers
                    WHERE lower(trim(email)) LIKE ?1
                UNION ALL SELECT 'customer', c.id, c.legal_name FROM customer_contacts k
                    JOIN customers c ON c.id = k.customer_id WHERE lower(trim(k.email)) LIKE ?1
                UNION ALL SELECT 'supplier', s.id, s.legal_name FROM supplier_contacts k
                    JOIN suppliers s ON s.id = k.supplier_id WHERE lower(trim(k.email)) LIKE ?1
             ) LIMIT 2",
        )?
        .query_map([&at_domain], |r| {
            Ok(PartyMatch {
                kind: r.get(0)?,
                id: r.get(1)?,
                name: r.get(2)?,
                exact: false,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(if found.len() == 1 {
        found.into_iter().next()
    } else {
        None
    })
}

fn company_address(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT email FROM company LIMIT 1", [], |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()?
        .flatten()
        .map(|e| normalise_address(&e))
        .filter(|e| !e.is_empty()))
}

/// Cuts a text to at most `max` characters, saying so.
fn cut(text: &str, max: usize) -> String {
    let t = text.trim();
    if t.chars().count() <= max {
        t.to_string()
    } else {
        let mut s: String = t.chars().take(max).collect();
        s.push_str(" […]");
        s
    }
}

impl Company {
    /// Adds (`id` None) or changes an entry. One transaction, one audit record. An imported
    /// e-mail keeps its Message-ID, addresses and pile.
    pub fn save_correspondence(
        &mut self,
        id: Option<i64>,
        input: &CorrespondenceInput,
        now: DateTime<Utc>,
    ) -> Result<CorrespondenceRecord> {
        let c = validate_correspondence(input).map_err(StoreError::Invalid)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        require_party(&tx, &c.party)?;
        let (kind, pid) = match &c.party {
            Some(p) => (Some(p.kind.clone()), Some(p.id)),
            None => (None, None),
        };
        let follow_up = c.follow_up.map(|d| d.to_string());
        let (id, before) = match id {
            None => {
                tx.execute(
                    "INSERT INTO correspondence (party_kind, party_id, channel, direction, date,
                         subject, notes, follow_up, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        kind,
                        pid,
                        c.channel,
                        c.direction,
                        c.date.to_string(),
                        c.subject,
                        c.notes,
                        follow_up,
                        now.to_rfc3339()
                    ],
                )?;
                (tx.last_insert_rowid(), None)
            }
            Some(id) => {
                let old = read_entry(&tx, id)?;
                tx.execute(
                    "UPDATE correspondence SET party_kind = ?2, party_id = ?3, channel = ?4,
                         direction = ?5, date = ?6, subject = ?7, notes = ?8, follow_up = ?9,
                         follow_up_done = CASE WHEN follow_up IS ?9 THEN follow_up_done ELSE 0 END
                     WHERE id = ?1",
                    params![
                        id,
                        kind,
                        pid,
                        c.channel,
                        c.direction,
                        c.date.to_string(),
                        c.subject,
                        c.notes,
                        follow_up
                    ],
                )?;
                (id, Some(entry_text(&old)))
            }
        };
        let saved = read_entry(&tx, id)?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("correspondence:{id}"),
                action: if before.is_some() { "update" } else { "create" },
                before: before.as_deref(),
                after: Some(&entry_text(&saved)),
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(saved)
    }

    /// Deletes an entry; its documents stay in the archive (their link to it goes).
    pub fn delete_correspondence(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let old = read_entry(&tx, id)?;
        tx.execute(
            "DELETE FROM document_links WHERE record_kind = 'correspondence' AND record_id = ?1",
            [id],
        )?;
        tx.execute("DELETE FROM correspondence WHERE id = ?1", [id])?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("correspondence:{id}"),
                action: "delete",
                before: Some(&entry_text(&old)),
                ..Change::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn correspondence(&self, id: i64) -> Result<CorrespondenceRecord> {
        read_entry(&self.conn, id)
    }

    /// A party's log, newest first.
    pub fn party_correspondence(
        &self,
        party_kind: &str,
        party_id: i64,
    ) -> Result<Vec<CorrespondenceRecord>> {
        if !PARTY_KINDS.contains(&party_kind) {
            return Err(StoreError::Invalid(vec![problem(
                ProblemCode::InvalidCode,
                "party_kind",
                format!(
                    "party_kind: '{party_kind}' is not one of {}",
                    PARTY_KINDS.join(", ")
                ),
            )]));
        }
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {ENTRY_COLUMNS} FROM correspondence c
                 WHERE c.party_kind = ?1 AND c.party_id = ?2 ORDER BY c.date DESC, c.id DESC"
            ))?
            .query_map(params![party_kind, party_id], entry_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Follow-ups not done whose date is on or before `as_of + within_days`, oldest first.
    pub fn follow_ups_due(&self, as_of: NaiveDate, within_days: i64) -> Result<Vec<FollowUpDue>> {
        if !(0..=MAX_WITHIN_DAYS).contains(&within_days) {
            return Err(StoreError::Invalid(vec![problem(
                ProblemCode::OutOfRange,
                "within_days",
                format!("within_days: {within_days} is outside 0..{MAX_WITHIN_DAYS}"),
            )]));
        }
        let until = as_of + chrono::Duration::days(within_days);
        let rows: Vec<CorrespondenceRecord> = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ENTRY_COLUMNS} FROM correspondence c
                 WHERE c.follow_up IS NOT NULL AND c.follow_up_done = 0 AND c.follow_up <= ?1
                 ORDER BY c.follow_up, c.id"
            ))?
            .query_map([until.to_string()], entry_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .map(|entry| FollowUpDue {
                days_left: entry.follow_up.map_or(0, |f| (f - as_of).num_days()),
                entry,
            })
            .collect())
    }

    /// Marks an entry's follow-up done. One transaction, one audit record.
    pub fn follow_up_done(&mut self, id: i64, now: DateTime<Utc>) -> Result<CorrespondenceRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let old = read_entry(&tx, id)?;
        if old.follow_up.is_none() {
            return Err(StoreError::Invalid(vec![problem(
                ProblemCode::Required,
                "follow_up",
                format!("entry {id} has no follow-up"),
            )]));
        }
        tx.execute(
            "UPDATE correspondence SET follow_up_done = 1 WHERE id = ?1",
            [id],
        )?;
        let saved = read_entry(&tx, id)?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("correspondence:{id}"),
                action: "follow_up_done",
                before: Some(&entry_text(&old)),
                after: Some(&entry_text(&saved)),
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(saved)
    }

    /// How many imported messages each pile holds, in [`PILES`] order (zeros included).
    pub fn triage_counts(&self) -> Result<Vec<(String, u64)>> {
        let mut counts: HashMap<String, u64> = self
            .conn
            .prepare_cached(
                "SELECT pile, count(*) FROM correspondence WHERE pile IS NOT NULL GROUP BY pile",
            )?
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(PILES
            .iter()
            .map(|p| (p.to_string(), counts.remove(*p).unwrap_or(0)))
            .collect())
    }

    /// A page (0-based, [`TRIAGE_PAGE_SIZE`] a page) of a pile, newest first.
    pub fn triage_page(&self, pile: &str, page: u32) -> Result<TriagePage> {
        let mut p = Vec::new();
        one_of("pile", pile, PILES, &mut p);
        if !p.is_empty() {
            return Err(StoreError::Invalid(p));
        }
        let total: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM correspondence WHERE pile = ?1")?
            .query_row([pile], |r| r.get(0))?;
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ENTRY_COLUMNS} FROM correspondence c WHERE c.pile = ?1
                 ORDER BY c.date DESC, c.id DESC LIMIT ?2 OFFSET ?3"
            ))?
            .query_map(
                params![
                    pile,
                    TRIAGE_PAGE_SIZE as i64,
                    (page as i64).saturating_mul(TRIAGE_PAGE_SIZE as i64)
                ],
                entry_row,
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(TriagePage {
            rows,
            total: total as u64,
        })
    }

    /// Moves an imported message to another pile, optionally learning a rule from it (its
    /// sender's address or its subject's words) placed before every other rule. One
    /// transaction: the move, the rule and their audit records.
    pub fn reclassify(
        &mut self,
        id: i64,
        pile: &str,
        make_rule: Option<RuleFrom>,
        now: DateTime<Utc>,
    ) -> Result<(CorrespondenceRecord, Option<MailRule>)> {
        let mut p = Vec::new();
        one_of("pile", pile, PILES, &mut p);
        if !p.is_empty() {
            return Err(StoreError::Invalid(p));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let old = read_entry(&tx, id)?;
        if old.pile.is_none() {
            return Err(StoreError::Invalid(vec![problem(
                ProblemCode::InvalidCode,
                "id",
                format!("entry {id} is not an imported e-mail; only those are triaged"),
            )]));
        }
        let rule = match make_rule {
            None => None,
            Some(from) => {
                let (field, pattern) = match from {
                    RuleFrom::Sender => {
                        let a = old.from_address.clone().unwrap_or_default();
                        if a.is_empty() {
                            return Err(StoreError::Invalid(vec![problem(
                                ProblemCode::Required,
                                "make_rule",
                                "the message has no sender's address to make a rule of",
                            )]));
                        }
                        ("sender", a)
                    }
                    RuleFrom::Subject => match subject_keyword(&old.subject) {
                        Some(k) => ("subject", k),
                        None => {
                            return Err(StoreError::Invalid(vec![problem(
                                ProblemCode::Required,
                                "make_rule",
                                format!(
                                    "the subject '{}' has no words to make a rule of",
                                    old.subject
                                ),
                            )]))
                        }
                    },
                };
                let top: i64 = tx.query_row(
                    "SELECT coalesce(min(priority), 100) FROM mail_rules",
                    [],
                    |r| r.get(0),
                )?;
                let input = validate_mail_rule(&MailRuleInput {
                    priority: (top - 1).max(-1_000_000),
                    field: field.into(),
                    pattern,
                    pile: pile.into(),
                })
                .map_err(StoreError::Invalid)?;
                let rid = insert_rule(&tx, &input, now)?;
                let rule = read_rule(&tx, rid)?;
                audit::append(
                    &tx,
                    now,
                    &self.actor,
                    &Change {
                        record: &format!("mail_rule:{rid}"),
                        action: "create",
                        after: Some(&rule_text(&rule)),
                        reason: Some(&format!("learnt from correspondence {id}")),
                        ..Change::default()
                    },
                )?;
                Some(rule)
            }
        };
        tx.execute(
            "UPDATE correspondence SET pile = ?2, rule_id = ?3 WHERE id = ?1",
            params![id, pile, rule.as_ref().map(|r| r.id)],
        )?;
        let saved = read_entry(&tx, id)?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("correspondence:{id}"),
                action: "reclassify",
                before: Some(&entry_text(&old)),
                after: Some(&entry_text(&saved)),
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok((saved, rule))
    }

    /// The triage rules in the order they are tried.
    pub fn mail_rules(&self) -> Result<Vec<MailRule>> {
        read_rules(&self.conn)
    }

    /// Adds (`id` None) or changes a rule. One transaction, one audit record.
    pub fn save_mail_rule(
        &mut self,
        id: Option<i64>,
        input: &MailRuleInput,
        now: DateTime<Utc>,
    ) -> Result<MailRule> {
        let r = validate_mail_rule(input).map_err(StoreError::Invalid)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (id, before) = match id {
            None => (insert_rule(&tx, &r, now)?, None),
            Some(id) => {
                let old = read_rule(&tx, id)?;
                tx.execute(
                    "UPDATE mail_rules SET priority = ?2, field = ?3, pattern = ?4, pile = ?5
                     WHERE id = ?1",
                    params![id, r.priority, r.field, r.pattern, r.pile],
                )?;
                (id, Some(rule_text(&old)))
            }
        };
        let saved = read_rule(&tx, id)?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("mail_rule:{id}"),
                action: if before.is_some() { "update" } else { "create" },
                before: before.as_deref(),
                after: Some(&rule_text(&saved)),
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(saved)
    }

    /// Deletes a rule (shipped ones too: the rules are the user's); the messages it filed keep
    /// their pile.
    pub fn delete_mail_rule(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let old = read_rule(&tx, id)?;
        tx.execute("DELETE FROM mail_rules WHERE id = ?1", [id])?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("mail_rule:{id}"),
                action: "delete",
                before: Some(&rule_text(&old)),
                ..Change::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The customer, supplier or employee an e-mail address belongs to (see the module's
    /// rules).
    pub fn match_party_by_email(&self, address: &str) -> Result<Option<PartyMatch>> {
        match_party_in(&self.conn, address)
    }

    /// Imports messages (each `Err` is a message the caller could not read, reported by its
    /// position): ONE transaction for the whole import, a savepoint per message. `text` reads
    /// an attachment's text (bytes, media type, file name) for the search; `progress` is told
    /// each message's position as it is done.
    pub fn import_mail<I, T, P>(
        &mut self,
        messages: I,
        text: T,
        mut progress: P,
        now: DateTime<Utc>,
    ) -> Result<MailImportReport>
    where
        I: IntoIterator<Item = std::result::Result<MailMessage, String>>,
        T: Fn(&[u8], &str, &str) -> FileText,
        P: FnMut(usize),
    {
        let mut tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let rules = triage_rules(&read_rules(&tx)?);
        let own = company_address(&tx)?;
        let mut parties: HashMap<String, Option<PartyMatch>> = HashMap::new();
        let mut report = MailImportReport::default();
        for (i, item) in messages.into_iter().enumerate() {
            let position = i + 1;
            let m = match item {
                Ok(m) => m,
                Err(e) => {
                    report.problems.push(MailProblem {
                        position,
                        message: e,
                    });
                    progress(position);
                    continue;
                }
            };
            let seen: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM correspondence WHERE message_id = ?1)",
                )?
                .query_row([&m.message_id], |r| r.get(0))?;
            if seen {
                report.skipped_duplicates += 1;
                progress(position);
                continue;
            }
            let sp = tx.savepoint()?;
            match import_one(
                &sp,
                &m,
                &rules,
                own.as_deref(),
                &mut parties,
                &text,
                &self.actor,
                now,
                position,
                &mut report,
            ) {
                Ok(()) => sp.commit()?,
                Err(e) => {
                    drop(sp);
                    report.problems.push(MailProblem {
                        position,
                        message: match e {
                            StoreError::Invalid(p) => p
                                .iter()
                                .map(|p| p.message.clone())
                                .collect::<Vec<_>>()
                                .join("; "),
                            e => e.to_string(),
                        },
                    });
                }
            }
            progress(position);
        }
        // The import as a whole (each message and document has its own record); nothing
        // written when nothing was imported.
        if report.imported > 0 {
            audit::append(
                &tx,
                now,
                &self.actor,
                &Change {
                    record: "mail_import",
                    action: "import",
                    after: Some(&format!(
                        "{} imported, {} already there, {} attachments, {} unmatched, {} problems",
                        report.imported,
                        report.skipped_duplicates,
                        report.attachments,
                        report.unmatched,
                        report.problems.len()
                    )),
                    ..Change::default()
                },
            )?;
        }
        tx.commit()?;
        Ok(report)
    }
}

#[allow(clippy::too_many_arguments)]
fn import_one<T: Fn(&[u8], &str, &str) -> FileText>(
    conn: &Connection,
    m: &MailMessage,
    rules: &[TriageRule],
    own: Option<&str>,
    parties: &mut HashMap<String, Option<PartyMatch>>,
    text: &T,
    actor: &str,
    now: DateTime<Utc>,
    position: usize,
    report: &mut MailImportReport,
) -> Result<()> {
    let from = normalise_address(&m.from_address);
    let to = normalise_address(&m.to_address);
    let outgoing = own.is_some_and(|o| o == from);
    let counterpart = if outgoing { &to } else { &from };
    let party = match parties.get(counterpart) {
        Some(p) => p.clone(),
        None => {
            let p = match_party_in(conn, counterpart)?;
            parties.insert(counterpart.clone(), p.clone());
            p
        }
    };
    let facts = MailFacts {
        sender: format!("{} <{}>", m.from_name, from),
        subject: m.subject.clone(),
        body: m.body.clone(),
        attachments: m
            .attachments
            .iter()
            .map(|a| format!("{} {}", a.file_name, a.media_type))
            .collect(),
    };
    let (pile, rule_id) = match mail_triage::classify(&facts, rules) {
        Some((pile, id)) => (pile, Some(id)),
        None => ("other".to_string(), None),
    };
    let subject = {
        let s = m.subject.trim();
        if s.is_empty() {
            "(sin asunto)".to_string()
        } else {
            s.chars().take(MAX_SUBJECT_CHARS).collect()
        }
    };
    conn.prepare_cached(
        "INSERT INTO correspondence (party_kind, party_id, channel, direction, date, subject,
             notes, message_id, from_address, to_address, pile, rule_id, created_at)
         VALUES (?1, ?2, 'email', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        party.as_ref().map(|p| p.kind.clone()),
        party.as_ref().map(|p| p.id),
        if outgoing { "out" } else { "in" },
        m.date.to_string(),
        subject,
        cut(&m.body, MAX_MAIL_NOTES_CHARS),
        m.message_id,
        from,
        to,
        pile,
        rule_id,
        now.to_rfc3339()
    ])?;
    let id = conn.last_insert_rowid();
    let entry = read_entry(conn, id)?;
    audit::append(
        conn,
        now,
        actor,
        &Change {
            record: &format!("correspondence:{id}"),
            action: "import",
            after: Some(&format!("{} <{}>", entry_text(&entry), m.message_id)),
            ..Change::default()
        },
    )?;
    let from_supplier = party.as_ref().is_some_and(|p| p.kind == "supplier");
    for a in &m.attachments {
        if a.data.is_empty() {
            continue;
        }
        let name = if a.file_name.trim().is_empty() {
            "adjunto".to_string()
        } else {
            a.file_name.trim().to_string()
        };
        let lower = name.to_lowercase();
        let invoice_file = lower.ends_with(".pdf")
            || lower.ends_with(".xml")
            || lower.ends_with(".xsig")
            || a.media_type.contains("pdf")
            || a.media_type.contains("xml");
        let category = if pile == "billing" && from_supplier && invoice_file {
            "facturas_recibidas"
        } else {
            "correspondencia"
        };
        let mut links = vec![RecordRef::new("correspondence", id)];
        if let Some(p) = &party {
            links.push(RecordRef::new(&p.kind, p.id));
        }
        let input = DocumentInput {
            file_name: name.clone(),
            media_type: a.media_type.clone(),
            category: category.into(),
            title: name.clone(),
            doc_date: m.date,
            tags: vec!["correo".into()],
            notes: format!("Adjunto de «{}» ({})", subject, from),
            links,
        };
        // A nested savepoint: an attachment refused leaves nothing of itself behind.
        conn.execute_batch("SAVEPOINT mail_attachment")?;
        match archive_in(
            conn,
            &input,
            DocumentSource::Mail,
            Content::Bytes(&a.data),
            || text(&a.data, &a.media_type, &name),
            actor,
            now,
        ) {
            Ok(_) => {
                conn.execute_batch("RELEASE mail_attachment")?;
                report.attachments += 1;
            }
            Err(e) => {
                conn.execute_batch("ROLLBACK TO mail_attachment; RELEASE mail_attachment")?;
                report.problems.push(MailProblem {
                    position,
                    message: format!(
                        "attachment '{name}' of «{subject}» not archived: {}",
                        match e {
                            StoreError::Invalid(p) => p
                                .iter()
                                .map(|p| p.message.clone())
                                .collect::<Vec<_>>()
                                .join("; "),
                            e => e.to_string(),
                        }
                    ),
                });
            }
        }
    }
    report.imported += 1;
    if party.is_none() {
        report.unmatched += 1;
    }
    report.ids.push(id);
    Ok(())
}
