//! The HR records kept on each employee — leave, training, performance reviews, benefits —
//! the vacation balance of a year, and the candidates of the light hiring pipeline.
//!
//! Rules (checked here, every problem naming its field):
//! - a leave has a kind (`LEAVE_KINDS`), an end date on or after its start and a note of at
//!   most 2 000 characters; it may not overlap another leave of the same employee (of any
//!   kind; the message names the other leave's kind and dates);
//! - a training has a course (at most 200 characters), hours a positive decimal with at most
//!   two decimals (at most 10 000, kept as written without trailing zeros: "7.5"), a date and
//!   a note of at most 2 000 characters;
//! - a review has a date, a score 1..=5, a reviewer of at most 200 characters and comments of
//!   at most 2 000;
//! - a benefit has a description (at most 200 characters), an amount that is not negative or
//!   none, and optional start/end dates (the end on or after the start);
//! - a candidate has a name and a position of at most 200 characters, a status
//!   (`CANDIDATE_STATUSES`), an e-mail of a plausible shape or none, a phone of at most 40
//!   characters and notes of at most 2 000;
//! - the vacation balance of a year: the entitlement is the employee's `vacation_days`
//!   prorated by the natural days of that year under contract (from the start date to the
//!   termination date or the contract's end, whichever is first) over the days of the year,
//!   rounded half away from zero to two decimals; taken is the natural days of vacation leave
//!   within the year (a leave across New Year counts in each year for its own days);
//!   remaining is entitlement − taken (negative when more was taken).
//!
//! Every change is one IMMEDIATE transaction with one audit record.

use crate::audit::{self, Change};
use crate::parties::email_shape_ok;
use crate::{Company, Result, StoreError};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use rust_decimal::{Decimal, RoundingStrategy};
use std::str::FromStr;
use trastienda_core::{Money, Problem, ProblemCode};

pub const LEAVE_KINDS: &[&str] = &["vacation", "sick", "parental", "unpaid", "other"];
pub const CANDIDATE_STATUSES: &[&str] = &["new", "interview", "offer", "hired", "rejected"];
pub const MAX_HR_NOTE_CHARS: usize = 2000;
pub const MAX_HR_TITLE_CHARS: usize = 200;
pub const MAX_PHONE_CHARS: usize = 40;
pub const MAX_TRAINING_HOURS: i64 = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveInput {
    /// One of `LEAVE_KINDS`.
    pub kind: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveRecord {
    pub id: i64,
    pub employee_id: i64,
    pub input: LeaveInput,
    /// Natural days, both ends included.
    pub days: i64,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingInput {
    pub course: String,
    /// A positive decimal ("7.5").
    pub hours: String,
    pub date: NaiveDate,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingRecord {
    pub id: i64,
    pub employee_id: i64,
    pub input: TrainingInput,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewInput {
    pub date: NaiveDate,
    pub reviewer: String,
    /// 1..=5.
    pub score: i64,
    pub comments: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRecord {
    pub id: i64,
    pub employee_id: i64,
    pub input: ReviewInput,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenefitInput {
    pub description: String,
    pub amount: Option<Money>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenefitRecord {
    pub id: i64,
    pub employee_id: i64,
    pub input: BenefitInput,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateInput {
    pub name: String,
    pub position: String,
    /// One of `CANDIDATE_STATUSES`.
    pub status: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: String,
}

impl Default for CandidateInput {
    fn default() -> Self {
        CandidateInput {
            name: String::new(),
            position: String::new(),
            status: "new".into(),
            email: None,
            phone: None,
            notes: String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateRecord {
    pub id: i64,
    pub input: CandidateInput,
    pub created_at: String,
}

/// An employee's vacation in a year (see the module's rules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VacationBalance {
    pub employee_id: i64,
    pub year: i32,
    /// The employee's natural days of vacation for a full year.
    pub vacation_days: i64,
    /// Natural days of the year under contract, and of the whole year.
    pub days_under_contract: i64,
    pub days_in_year: i64,
    pub entitlement: Decimal,
    pub taken: i64,
    pub remaining: Decimal,
    /// Natural days of sick leave within the year.
    pub sick_days: i64,
}

fn too_long(field: &str, text: &str, max: usize, p: &mut Vec<Problem>) {
    let n = text.chars().count();
    if n > max {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("{field}: {n} characters, at most {max}"),
            )
            .field(field)
            .param("max", max as i64),
        );
    }
}

fn required(field: &str, text: &str, what: &str, p: &mut Vec<Problem>) {
    if text.is_empty() {
        p.push(Problem::new(ProblemCode::Required, what.to_string()).field(field));
    }
}

fn end_not_before(start: NaiveDate, end: NaiveDate, p: &mut Vec<Problem>) {
    if end < start {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("the end date {end} is before the start date {start}"),
            )
            .field("end_date")
            .param("value", end.to_string())
            .param("start_date", start.to_string()),
        );
    }
}

fn one_of(field: &str, value: &str, allowed: &[&str], p: &mut Vec<Problem>) {
    if !allowed.contains(&value) {
        p.push(
            Problem::new(
                ProblemCode::InvalidCode,
                format!("{field}: '{value}' is not one of {}", allowed.join(", ")),
            )
            .field(field)
            .param("value", value),
        );
    }
}

/// Checks a leave and returns it normalised (note trimmed), or every problem.
pub fn validate_leave(input: &LeaveInput) -> std::result::Result<LeaveInput, Vec<Problem>> {
    let mut l = input.clone();
    l.kind = l.kind.trim().to_string();
    l.note = l.note.trim().to_string();
    let mut p = Vec::new();
    one_of("kind", &l.kind, LEAVE_KINDS, &mut p);
    end_not_before(l.start_date, l.end_date, &mut p);
    too_long("note", &l.note, MAX_HR_NOTE_CHARS, &mut p);
    if p.is_empty() {
        Ok(l)
    } else {
        Err(p)
    }
}

/// Checks training hours: a positive decimal with at most two decimals, at most 10 000;
/// returns it without trailing zeros ("7.50" → "7.5").
pub fn check_hours(value: &str) -> std::result::Result<String, Problem> {
    let v = value.trim();
    let bad = || {
        Problem::new(
            ProblemCode::InvalidAmount,
            format!("hours: '{v}' is not a positive number of hours like 7.5"),
        )
        .field("hours")
        .param("value", v)
    };
    if v.is_empty() {
        return Err(Problem::new(ProblemCode::Required, "a training has its hours").field("hours"));
    }
    if !v.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(bad());
    }
    let d = Decimal::from_str(v).map_err(|_| bad())?;
    if d <= Decimal::ZERO || d.scale() > 2 {
        return Err(bad());
    }
    if d > Decimal::from(MAX_TRAINING_HOURS) {
        return Err(Problem::new(
            ProblemCode::OutOfRange,
            format!("hours: {v} is more than {MAX_TRAINING_HOURS}"),
        )
        .field("hours")
        .param("value", v));
    }
    Ok(d.normalize().to_string())
}

pub fn validate_training(
    input: &TrainingInput,
) -> std::result::Result<TrainingInput, Vec<Problem>> {
    let mut t = input.clone();
    t.course = t.course.trim().to_string();
    t.note = t.note.trim().to_string();
    let mut p = Vec::new();
    required("course", &t.course, "a training has a course", &mut p);
    too_long("course", &t.course, MAX_HR_TITLE_CHARS, &mut p);
    match check_hours(&t.hours) {
        Ok(h) => t.hours = h,
        Err(e) => p.push(e),
    }
    too_long("note", &t.note, MAX_HR_NOTE_CHARS, &mut p);
    if p.is_empty() {
        Ok(t)
    } else {
        Err(p)
    }
}

pub fn validate_review(input: &ReviewInput) -> std::result::Result<ReviewInput, Vec<Problem>> {
    let mut r = input.clone();
    r.reviewer = r.reviewer.trim().to_string();
    r.comments = r.comments.trim().to_string();
    let mut p = Vec::new();
    if !(1..=5).contains(&r.score) {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("score: {} is not a score from 1 to 5", r.score),
            )
            .field("score")
            .param("value", r.score),
        );
    }
    too_long("reviewer", &r.reviewer, MAX_HR_TITLE_CHARS, &mut p);
    too_long("comments", &r.comments, MAX_HR_NOTE_CHARS, &mut p);
    if p.is_empty() {
        Ok(r)
    } else {
        Err(p)
    }
}

pub fn validate_benefit(input: &BenefitInput) -> std::result::Result<BenefitInput, Vec<Problem>> {
    let mut b = input.clone();
    b.description = b.description.trim().to_string();
    let mut p = Vec::new();
    required(
        "description",
        &b.description,
        "a benefit has a description",
        &mut p,
    );
    too_long("description", &b.description, MAX_HR_TITLE_CHARS, &mut p);
    if let Some(a) = b.amount {
        if a.is_negative() {
            p.push(
                Problem::new(
                    ProblemCode::NegativeAmount,
                    format!("the amount {a} is negative"),
                )
                .field("amount")
                .param("value", a.to_string()),
            );
        }
    }
    if let (Some(s), Some(e)) = (b.start_date, b.end_date) {
        end_not_before(s, e, &mut p);
    }
    if p.is_empty() {
        Ok(b)
    } else {
        Err(p)
    }
}

fn blank_none(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

pub fn validate_candidate(
    input: &CandidateInput,
) -> std::result::Result<CandidateInput, Vec<Problem>> {
    let mut c = input.clone();
    c.name = c.name.trim().to_string();
    c.position = c.position.trim().to_string();
    c.status = c.status.trim().to_string();
    c.notes = c.notes.trim().to_string();
    c.email = blank_none(&c.email);
    c.phone = blank_none(&c.phone);
    let mut p = Vec::new();
    required("name", &c.name, "a candidate has a name", &mut p);
    too_long("name", &c.name, MAX_HR_TITLE_CHARS, &mut p);
    too_long("position", &c.position, MAX_HR_TITLE_CHARS, &mut p);
    one_of("status", &c.status, CANDIDATE_STATUSES, &mut p);
    if let Some(e) = &c.email {
        if !email_shape_ok(e) || e.chars().count() > MAX_HR_TITLE_CHARS {
            p.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!("email: '{e}' is not an e-mail address"),
                )
                .field("email")
                .param("value", e),
            );
        }
    }
    if let Some(ph) = &c.phone {
        too_long("phone", ph, MAX_PHONE_CHARS, &mut p);
    }
    too_long("notes", &c.notes, MAX_HR_NOTE_CHARS, &mut p);
    if p.is_empty() {
        Ok(c)
    } else {
        Err(p)
    }
}

/// Natural days of [a, b] within [from, to], both ends included; 0 when they do not meet.
pub fn overlap_days(a: NaiveDate, b: NaiveDate, from: NaiveDate, to: NaiveDate) -> i64 {
    let s = a.max(from);
    let e = b.min(to);
    if e < s {
        0
    } else {
        (e - s).num_days() + 1
    }
}

fn year_bounds(year: i32) -> Result<(NaiveDate, NaiveDate)> {
    match (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) {
        (Some(a), Some(b)) if (1900..=9999).contains(&year) => Ok((a, b)),
        _ => Err(StoreError::Invalid(vec![Problem::new(
            ProblemCode::OutOfRange,
            format!("year: {year} is not a year from 1900 to 9999"),
        )
        .field("year")
        .param("value", year)])),
    }
}

fn date_of(s: String, col: usize) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn opt_date_of(s: Option<String>, col: usize) -> rusqlite::Result<Option<NaiveDate>> {
    s.map(|s| date_of(s, col)).transpose()
}

fn require_employee(conn: &Connection, employee_id: i64) -> Result<String> {
    conn.query_row(
        "SELECT name FROM employees WHERE id = ?1",
        [employee_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("employee {employee_id}")))
}

const LEAVE_COLUMNS: &str = "id, employee_id, kind, start_date, end_date, note, created_at";

fn leave_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LeaveRecord> {
    let input = LeaveInput {
        kind: r.get(2)?,
        start_date: date_of(r.get(3)?, 3)?,
        end_date: date_of(r.get(4)?, 4)?,
        note: r.get(5)?,
    };
    Ok(LeaveRecord {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        days: (input.end_date - input.start_date).num_days() + 1,
        input,
        created_at: r.get(6)?,
    })
}

const TRAINING_COLUMNS: &str = "id, employee_id, course, hours, date, note, created_at";

fn training_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TrainingRecord> {
    Ok(TrainingRecord {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        input: TrainingInput {
            course: r.get(2)?,
            hours: r.get(3)?,
            date: date_of(r.get(4)?, 4)?,
            note: r.get(5)?,
        },
        created_at: r.get(6)?,
    })
}

const REVIEW_COLUMNS: &str = "id, employee_id, date, reviewer, score, comments, created_at";

fn review_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReviewRecord> {
    Ok(ReviewRecord {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        input: ReviewInput {
            date: date_of(r.get(2)?, 2)?,
            reviewer: r.get(3)?,
            score: r.get(4)?,
            comments: r.get(5)?,
        },
        created_at: r.get(6)?,
    })
}

const BENEFIT_COLUMNS: &str =
    "id, employee_id, description, amount_cents, start_date, end_date, created_at";

fn benefit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BenefitRecord> {
    let cents: Option<i64> = r.get(3)?;
    Ok(BenefitRecord {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        input: BenefitInput {
            description: r.get(2)?,
            amount: cents.map(Money::from_cents),
            start_date: opt_date_of(r.get(4)?, 4)?,
            end_date: opt_date_of(r.get(5)?, 5)?,
        },
        created_at: r.get(6)?,
    })
}

const CANDIDATE_COLUMNS: &str = "id, name, position, status, email, phone, notes, created_at";

fn candidate_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CandidateRecord> {
    Ok(CandidateRecord {
        id: r.get(0)?,
        input: CandidateInput {
            name: r.get(1)?,
            position: r.get(2)?,
            status: r.get(3)?,
            email: r.get(4)?,
            phone: r.get(5)?,
            notes: r.get(6)?,
        },
        created_at: r.get(7)?,
    })
}

fn leave_text(employee_id: i64, l: &LeaveInput) -> String {
    let mut t = format!(
        "employee {employee_id}, {} leave from {} to {}",
        l.kind, l.start_date, l.end_date
    );
    if !l.note.is_empty() {
        t.push_str(&format!("; note {}", l.note));
    }
    t
}

fn training_text(employee_id: i64, t: &TrainingInput) -> String {
    let mut s = format!(
        "employee {employee_id}, training {} on {}, {} hours",
        t.course, t.date, t.hours
    );
    if !t.note.is_empty() {
        s.push_str(&format!("; note {}", t.note));
    }
    s
}

fn review_text(employee_id: i64, r: &ReviewInput) -> String {
    let mut s = format!(
        "employee {employee_id}, review on {}: score {}",
        r.date, r.score
    );
    if !r.reviewer.is_empty() {
        s.push_str(&format!(", by {}", r.reviewer));
    }
    if !r.comments.is_empty() {
        s.push_str(&format!("; comments {}", r.comments));
    }
    s
}

fn benefit_text(employee_id: i64, b: &BenefitInput) -> String {
    let mut s = format!("employee {employee_id}, benefit {}", b.description);
    if let Some(a) = b.amount {
        s.push_str(&format!("; amount {a}"));
    }
    if let Some(d) = b.start_date {
        s.push_str(&format!("; from {d}"));
    }
    if let Some(d) = b.end_date {
        s.push_str(&format!("; to {d}"));
    }
    s
}

fn candidate_text(c: &CandidateInput) -> String {
    let mut s = format!("candidate {}", c.name);
    if !c.position.is_empty() {
        s.push_str(&format!(" for {}", c.position));
    }
    s.push_str(&format!(", status {}", c.status));
    if let Some(e) = &c.email {
        s.push_str(&format!("; email {e}"));
    }
    if let Some(p) = &c.phone {
        s.push_str(&format!("; phone {p}"));
    }
    if !c.notes.is_empty() {
        s.push_str(&format!("; notes {}", c.notes));
    }
    s
}

/// Reads one record of `table` by id, checking it belongs to `employee_id` when given.
fn read_one<T>(
    conn: &Connection,
    table: &str,
    columns: &str,
    what: &str,
    id: i64,
    row: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<T> {
    conn.query_row(
        &format!("SELECT {columns} FROM {table} WHERE id = ?1"),
        [id],
        row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("{what} {id}")))
}

fn owned_by(record_employee: i64, employee_id: i64, what: &str, id: i64) -> Result<()> {
    if record_employee == employee_id {
        Ok(())
    } else {
        Err(StoreError::NotFound(format!(
            "{what} {id} of employee {employee_id}"
        )))
    }
}

fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

impl Company {
    fn audit_change(
        tx: &Connection,
        actor: &str,
        now: DateTime<Utc>,
        record: &str,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Result<()> {
        let action = match (before.is_some(), after.is_some()) {
            (false, _) => "create",
            (true, true) => "update",
            (true, false) => "delete",
        };
        audit::append(
            tx,
            now,
            actor,
            &Change {
                record,
                action,
                before,
                after,
                reason: None,
            },
        )?;
        Ok(())
    }

    // ----- Leave -----

    /// Creates a leave of employee `employee_id` (`id` None) or replaces one of its leaves.
    /// Refused when it overlaps another leave of the employee. One transaction, one audit
    /// record.
    pub fn save_leave(
        &mut self,
        employee_id: i64,
        id: Option<i64>,
        input: &LeaveInput,
        now: DateTime<Utc>,
    ) -> Result<LeaveRecord> {
        let l = validate_leave(input).map_err(StoreError::Invalid)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        require_employee(&tx, employee_id)?;
        let before = match id {
            None => None,
            Some(id) => {
                let b = read_one(&tx, "leave_records", LEAVE_COLUMNS, "leave", id, leave_row)?;
                owned_by(b.employee_id, employee_id, "leave", id)?;
                Some(b)
            }
        };
        let other = tx
            .query_row(
                &format!(
                    "SELECT {LEAVE_COLUMNS} FROM leave_records
                     WHERE employee_id = ?1 AND id IS NOT ?2 AND start_date <= ?4 AND end_date >= ?3
                     ORDER BY start_date LIMIT 1"
                ),
                params![
                    employee_id,
                    id,
                    l.start_date.to_string(),
                    l.end_date.to_string()
                ],
                leave_row,
            )
            .optional()?;
        if let Some(o) = other {
            return Err(StoreError::Invalid(vec![Problem::new(
                ProblemCode::Duplicate,
                format!(
                    "the leave overlaps the {} leave from {} to {}",
                    o.input.kind, o.input.start_date, o.input.end_date
                ),
            )
            .field("start_date")
            .param("kind", &o.input.kind)
            .param("start_date", o.input.start_date.to_string())
            .param("end_date", o.input.end_date.to_string())]));
        }
        let after_text = leave_text(employee_id, &l);
        let before_text = before.as_ref().map(|b| leave_text(employee_id, &b.input));
        if let (Some(b), true) = (&before, before_text.as_deref() == Some(after_text.as_str())) {
            return Ok(b.clone());
        }
        let id = match id {
            None => {
                tx.execute(
                    "INSERT INTO leave_records (employee_id, kind, start_date, end_date, note,
                         created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        employee_id,
                        l.kind,
                        l.start_date.to_string(),
                        l.end_date.to_string(),
                        l.note,
                        now.to_rfc3339()
                    ],
                )?;
                tx.last_insert_rowid()
            }
            Some(id) => {
                tx.execute(
                    "UPDATE leave_records SET kind = ?2, start_date = ?3, end_date = ?4, note = ?5
                     WHERE id = ?1",
                    params![
                        id,
                        l.kind,
                        l.start_date.to_string(),
                        l.end_date.to_string(),
                        l.note
                    ],
                )?;
                id
            }
        };
        Self::audit_change(
            &tx,
            &self.actor,
            now,
            &format!("leave:{id}"),
            before_text.as_deref(),
            Some(&after_text),
        )?;
        let saved = read_one(&tx, "leave_records", LEAVE_COLUMNS, "leave", id, leave_row)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Deletes a leave; the audit record keeps what it said.
    pub fn delete_leave(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let b = read_one(&tx, "leave_records", LEAVE_COLUMNS, "leave", id, leave_row)?;
        tx.execute("DELETE FROM leave_records WHERE id = ?1", [id])?;
        Self::audit_change(
            &tx,
            &self.actor,
            now,
            &format!("leave:{id}"),
            Some(&leave_text(b.employee_id, &b.input)),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// An employee's leaves, newest first.
    pub fn leaves(&self, employee_id: i64) -> Result<Vec<LeaveRecord>> {
        require_employee(&self.conn, employee_id)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {LEAVE_COLUMNS} FROM leave_records WHERE employee_id = ?1
             ORDER BY start_date DESC, id DESC"
        ))?;
        let rows = stmt
            .query_map([employee_id], leave_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Natural days of leave of `kind` within [from, to].
    fn leave_days_within(
        &self,
        employee_id: i64,
        kind: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<i64> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {LEAVE_COLUMNS} FROM leave_records
             WHERE employee_id = ?1 AND kind = ?2 AND start_date <= ?4 AND end_date >= ?3"
        ))?;
        let rows: Vec<LeaveRecord> = stmt
            .query_map(
                params![employee_id, kind, from.to_string(), to.to_string()],
                leave_row,
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .iter()
            .map(|l| overlap_days(l.input.start_date, l.input.end_date, from, to))
            .sum())
    }

    /// Natural days of sick leave of an employee within a year.
    pub fn sick_days(&self, employee_id: i64, year: i32) -> Result<i64> {
        require_employee(&self.conn, employee_id)?;
        let (from, to) = year_bounds(year)?;
        self.leave_days_within(employee_id, "sick", from, to)
    }

    /// The vacation balance of an employee in a year (see the module's rules).
    pub fn vacation_balance(&self, employee_id: i64, year: i32) -> Result<VacationBalance> {
        let (from, to) = year_bounds(year)?;
        let e = self.employee(employee_id)?;
        let last = match (e.input.end_date, e.termination_date) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let under = overlap_days(e.input.start_date, last.unwrap_or(NaiveDate::MAX), from, to);
        let days_in_year = (to - from).num_days() + 1;
        let entitlement = if under == days_in_year {
            Decimal::from(e.input.vacation_days)
        } else {
            round2(
                Decimal::from(e.input.vacation_days) * Decimal::from(under)
                    / Decimal::from(days_in_year),
            )
        };
        let taken = self.leave_days_within(employee_id, "vacation", from, to)?;
        let sick_days = self.leave_days_within(employee_id, "sick", from, to)?;
        Ok(VacationBalance {
            employee_id,
            year: from.year(),
            vacation_days: e.input.vacation_days,
            days_under_contract: under,
            days_in_year,
            entitlement,
            taken,
            remaining: entitlement - Decimal::from(taken),
            sick_days,
        })
    }

    // ----- Trainings -----

    /// Creates a training of an employee (`id` None) or replaces one of its trainings.
    pub fn save_training(
        &mut self,
        employee_id: i64,
        id: Option<i64>,
        input: &TrainingInput,
        now: DateTime<Utc>,
    ) -> Result<TrainingRecord> {
        let t = validate_training(input).map_err(StoreError::Invalid)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        require_employee(&tx, employee_id)?;
        let before = match id {
            None => None,
            Some(id) => {
                let b = read_one(
                    &tx,
                    "trainings",
                    TRAINING_COLUMNS,
                    "training",
                    id,
                    training_row,
                )?;
                owned_by(b.employee_id, employee_id, "training", id)?;
                Some(b)
            }
        };
        let after_text = training_text(employee_id, &t);
        let before_text = before
            .as_ref()
            .map(|b| training_text(employee_id, &b.input));
        if let (Some(b), true) = (&before, before_text.as_deref() == Some(after_text.as_str())) {
            return Ok(b.clone());
        }
        let id = match id {
            None => {
                tx.execute(
                    "INSERT INTO trainings (employee_id, course, hours, date, note, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        employee_id,
                        t.course,
                        t.hours,
                        t.date.to_string(),
                        t.note,
                        now.to_rfc3339()
                    ],
                )?;
                tx.last_insert_rowid()
            }
            Some(id) => {
                tx.execute(
                    "UPDATE trainings SET course = ?2, hours = ?3, date = ?4, note = ?5
                     WHERE id = ?1",
                    params![id, t.course, t.hours, t.date.to_string(), t.note],
                )?;
                id
            }
        };
        Self::audit_change(
            &tx,
            &self.actor,
            now,
            &format!("training:{id}"),
            before_text.as_deref(),
            Some(&after_text),
        )?;
        let saved = read_one(
            &tx,
            "trainings",
            TRAINING_COLUMNS,
            "training",
            id,
            training_row,
        )?;
        tx.commit()?;
        Ok(saved)
    }

    pub fn delete_training(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let b = read_one(
            &tx,
            "trainings",
            TRAINING_COLUMNS,
            "training",
            id,
            training_row,
        )?;
        tx.execute("DELETE FROM trainings WHERE id = ?1", [id])?;
        Self::audit_change(
            &tx,
            &self.actor,
            now,
            &format!("training:{id}"),
            Some(&training_text(b.employee_id, &b.input)),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// An employee's trainings, newest first.
    pub fn trainings(&self, employee_id: i64) -> Result<Vec<TrainingRecord>> {
        require_employee(&self.conn, employee_id)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {TRAINING_COLUMNS} FROM trainings WHERE employee_id = ?1
             ORDER BY date DESC, id DESC"
        ))?;
        let rows = stmt
            .query_map([employee_id], training_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    // ----- Performance reviews -----

    pub fn save_review(
        &mut self,
        employee_id: i64,
        id: Option<i64>,
        input: &ReviewInput,
        now: DateTime<Utc>,
    ) -> Result<ReviewRecord> {
        let r = validate_review(input).map_err(StoreError::Invalid)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        require_employee(&tx, employee_id)?;
        let before = match id {
            None => None,
            Some(id) => {
                let b = read_one(
                    &tx,
                    "performance_reviews",
                    REVIEW_COLUMNS,
                    "review",
                    id,
                    review_row,
                )?;
                owned_by(b.employee_id, employee_id, "review", id)?;
                Some(b)
            }
        };
        let after_text = review_text(employee_id, &r);
        let before_text = before.as_ref().map(|b| review_text(employee_id, &b.input));
        if let (Some(b), true) = (&before, before_text.as_deref() == Some(after_text.as_str())) {
            return Ok(b.clone());
        }
        let id = match id {
            None => {
                tx.execute(
                    "INSERT INTO performance_reviews (employee_id, date, reviewer, score,
                         comments, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        employee_id,
                        r.date.to_string(),
                        r.reviewer,
                        r.score,
                        r.comments,
                        now.to_rfc3339()
                    ],
                )?;
                tx.last_insert_rowid()
            }
            Some(id) => {
                tx.execute(
                    "UPDATE performance_reviews SET date = ?2, reviewer = ?3, score = ?4,
                         comments = ?5 WHERE id = ?1",
                    params![id, r.date.to_string(), r.reviewer, r.score, r.comments],
                )?;
                id
            }
        };
        Self::audit_change(
            &tx,
            &self.actor,
            now,
            &format!("performance_review:{id}"),
            before_text.as_deref(),
            Some(&after_text),
        )?;
        let saved = read_one(
            &tx,
            "performance_reviews",
            REVIEW_COLUMNS,
            "review",
            id,
            review_row,
        )?;
        tx.commit()?;
        Ok(saved)
    }

    pub fn delete_review(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let b = read_one(
            &tx,
            "performance_reviews",
            REVIEW_COLUMNS,
            "review",
            id,
            review_row,
        )?;
        tx.execute("DELETE FROM performance_reviews WHERE id = ?1", [id])?;
        Self::audit_change(
            &tx,
            &self.actor,
            now,
            &format!("performance_review:{id}"),
            Some(&review_text(b.employee_id, &b.input)),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// An employee's reviews, newest first.
    pub fn reviews(&self, employee_id: i64) -> Result<Vec<ReviewRecord>> {
        require_employee(&self.conn, employee_id)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {REVIEW_COLUMNS} FROM performance_reviews WHERE employee_id = ?1
             ORDER BY date DESC, id DESC"
        ))?;
        let rows = stmt
            .query_map([employee_id], review_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    // ----- Benefits -----

    pub fn save_benefit(
        &mut self,
        employee_id: i64,
        id: Option<i64>,
        input: &BenefitInput,
        now: DateTime<Utc>,
    ) -> Result<BenefitRecord> {
        let b = validate_benefit(input).map_err(StoreError::Invalid)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        require_employee(&tx, employee_id)?;
        let before = match id {
            None => None,
            Some(id) => {
                let x = read_one(
                    &tx,
                    "employee_benefits",
                    BENEFIT_COLUMNS,
                    "benefit",
                    id,
                    benefit_row,
                )?;
                owned_by(x.employee_id, employee_id, "benefit", id)?;
                Some(x)
            }
        };
        let after_text = benefit_text(employee_id, &b);
        let before_text = before.as_ref().map(|x| benefit_text(employee_id, &x.input));
        if let (Some(x), true) = (&before, before_text.as_deref() == Some(after_text.as_str())) {
            return Ok(x.clone());
        }
        let id = match id {
            None => {
                tx.execute(
                    "INSERT INTO employee_benefits (employee_id, description, amount_cents,
                         start_date, end_date, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        employee_id,
                        b.description,
                        b.amount.map(Money::cents),
                        b.start_date.map(|d| d.to_string()),
                        b.end_date.map(|d| d.to_string()),
                        now.to_rfc3339()
                    ],
                )?;
                tx.last_insert_rowid()
            }
            Some(id) => {
                tx.execute(
                    "UPDATE employee_benefits SET description = ?2, amount_cents = ?3,
                         start_date = ?4, end_date = ?5 WHERE id = ?1",
                    params![
                        id,
                        b.description,
                        b.amount.map(Money::cents),
                        b.start_date.map(|d| d.to_string()),
                        b.end_date.map(|d| d.to_string())
                    ],
                )?;
                id
            }
        };
        Self::audit_change(
            &tx,
            &self.actor,
            now,
            &format!("employee_benefit:{id}"),
            before_text.as_deref(),
            Some(&after_text),
        )?;
        let saved = read_one(
            &tx,
            "employee_benefits",
            BENEFIT_COLUMNS,
            "benefit",
            id,
            benefit_row,
        )?;
        tx.commit()?;
        Ok(saved)
    }

    pub fn delete_benefit(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let b = read_one(
            &tx,
            "employee_benefits",
            BENEFIT_COLUMNS,
            "benefit",
            id,
            benefit_row,
        )?;
        tx.execute("DELETE FROM employee_benefits WHERE id = ?1", [id])?;
        Self::audit_change(
            &tx,
            &self.actor,
            now,
            &format!("employee_benefit:{id}"),
            Some(&benefit_text(b.employee_id, &b.input)),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// An employee's benefits, the latest started first (those without dates last).
    pub fn benefits(&self, employee_id: i64) -> Result<Vec<BenefitRecord>> {
        require_employee(&self.conn, employee_id)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {BENEFIT_COLUMNS} FROM employee_benefits WHERE employee_id = ?1
             ORDER BY start_date IS NULL, start_date DESC, id DESC"
        ))?;
        let rows = stmt
            .query_map([employee_id], benefit_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    // ----- Candidates -----

    /// Candidates, newest first; only those of `status` when given.
    pub fn candidates(&self, status: Option<&str>) -> Result<Vec<CandidateRecord>> {
        if let Some(s) = status {
            let mut p = Vec::new();
            one_of("status", s, CANDIDATE_STATUSES, &mut p);
            if !p.is_empty() {
                return Err(StoreError::Invalid(p));
            }
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CANDIDATE_COLUMNS} FROM candidates WHERE ?1 IS NULL OR status = ?1
             ORDER BY id DESC"
        ))?;
        let rows = stmt
            .query_map([status], candidate_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn candidate(&self, id: i64) -> Result<CandidateRecord> {
        read_one(
            &self.conn,
            "candidates",
            CANDIDATE_COLUMNS,
            "candidate",
            id,
            candidate_row,
        )
    }

    /// Creates a candidate (`id` None) or replaces one.
    pub fn save_candidate(
        &mut self,
        id: Option<i64>,
        input: &CandidateInput,
        now: DateTime<Utc>,
    ) -> Result<CandidateRecord> {
        let c = validate_candidate(input).map_err(StoreError::Invalid)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = match id {
            None => None,
            Some(id) => Some(read_one(
                &tx,
                "candidates",
                CANDIDATE_COLUMNS,
                "candidate",
                id,
                candidate_row,
            )?),
        };
        let after_text = candidate_text(&c);
        let before_text = before.as_ref().map(|b| candidate_text(&b.input));
        if let (Some(b), true) = (&before, before_text.as_deref() == Some(after_text.as_str())) {
            return Ok(b.clone());
        }
        let id = match id {
            None => {
                tx.execute(
                    "INSERT INTO candidates (name, position, status, email, phone, notes,
                         created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        c.name,
                        c.position,
                        c.status,
                        c.email,
                        c.phone,
                        c.notes,
                        now.to_rfc3339()
                    ],
                )?;
                tx.last_insert_rowid()
            }
            Some(id) => {
                tx.execute(
                    "UPDATE candidates SET name = ?2, position = ?3, status = ?4, email = ?5,
                         phone = ?6, notes = ?7 WHERE id = ?1",
                    params![id, c.name, c.position, c.status, c.email, c.phone, c.notes],
                )?;
                id
            }
        };
        Self::audit_change(
            &tx,
            &self.actor,
            now,
            &format!("candidate:{id}"),
            before_text.as_deref(),
            Some(&after_text),
        )?;
        let saved = read_one(
            &tx,
            "candidates",
            CANDIDATE_COLUMNS,
            "candidate",
            id,
            candidate_row,
        )?;
        tx.commit()?;
        Ok(saved)
    }

    /// Moves a candidate to `status`.
    pub fn set_candidate_status(
        &mut self,
        id: i64,
        status: &str,
        now: DateTime<Utc>,
    ) -> Result<CandidateRecord> {
        let mut input = self.candidate(id)?.input;
        input.status = status.to_string();
        self.save_candidate(Some(id), &input, now)
    }

    pub fn delete_candidate(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let b = read_one(
            &tx,
            "candidates",
            CANDIDATE_COLUMNS,
            "candidate",
            id,
            candidate_row,
        )?;
        tx.execute("DELETE FROM candidates WHERE id = ?1", [id])?;
        Self::audit_change(
            &tx,
            &self.actor,
            now,
            &format!("candidate:{id}"),
            Some(&candidate_text(&b.input)),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }
}
