//! Draft entries (saved, editable, never in a report until posted) and entry templates, some
//! recurring: a recurring template drafts its due occurrences for review, never posts them.

use crate::audit::{self, Change};
use crate::journal::{entry_text, parse_date, Poster};
use crate::{Company, EntrySummary, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use trastienda_core::fiscal::{due_dates, Every};
use trastienda_core::{BalancedEntry, Money, Problem, ProblemCode};

/// A line as typed: the account need not exist yet and the amounts need not balance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftLine {
    pub account: String,
    pub description: String,
    pub debit: Money,
    pub credit: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryDraftRecord {
    pub id: i64,
    pub date: NaiveDate,
    pub description: String,
    pub reference: Option<String>,
    pub template_id: Option<i64>,
    pub lines: Vec<DraftLine>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence {
    pub every: Every,
    pub first_date: NaiveDate,
    pub until: Option<NaiveDate>,
    /// Occurrences already drafted.
    pub done: u32,
}

impl Recurrence {
    /// The next date this schedule falls due, if any.
    pub fn next_date(&self) -> Option<NaiveDate> {
        self.every
            .nth(self.first_date, self.done)
            .filter(|d| self.until.is_none_or(|u| *d <= u))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryTemplate {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub reference: Option<String>,
    pub lines: Vec<DraftLine>,
    pub recurrence: Option<Recurrence>,
}

fn lines_of(conn: &Connection, table: &str, key: &str, id: i64) -> Result<Vec<DraftLine>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT account, description, debit_cents, credit_cents FROM {table}
         WHERE {key} = ?1 ORDER BY line_no"
    ))?;
    let rows = stmt
        .query_map([id], |r| {
            Ok(DraftLine {
                account: r.get(0)?,
                description: r.get(1)?,
                debit: Money::from_cents(r.get(2)?),
                credit: Money::from_cents(r.get(3)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn write_lines(
    conn: &Connection,
    table: &str,
    key: &str,
    id: i64,
    lines: &[DraftLine],
) -> Result<()> {
    conn.execute(&format!("DELETE FROM {table} WHERE {key} = ?1"), [id])?;
    let mut insert = conn.prepare_cached(&format!(
        "INSERT INTO {table} ({key}, line_no, account, description, debit_cents, credit_cents)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    ))?;
    for (i, l) in lines.iter().enumerate() {
        if l.debit.is_negative() || l.credit.is_negative() {
            return Err(StoreError::invalid(
                Problem::new(
                    ProblemCode::NegativeAmount,
                    "amounts are positive; put a credit in the credit column",
                )
                .at_row(i as u32 + 1)
                .field(if l.debit.is_negative() {
                    "debit"
                } else {
                    "credit"
                }),
            ));
        }
        insert.execute(params![
            id,
            i as i64 + 1,
            l.account.trim(),
            l.description.trim(),
            l.debit.cents(),
            l.credit.cents()
        ])?;
    }
    Ok(())
}

fn read_draft(conn: &Connection, id: i64) -> Result<EntryDraftRecord> {
    let head = conn
        .query_row(
            "SELECT id, date, description, reference, template_id, updated_at FROM entry_drafts WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    parse_date(&r.get::<_, String>(1)?, 1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                    r.get::<_, String>(5)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("draft entry {id}")))?;
    Ok(EntryDraftRecord {
        id: head.0,
        date: head.1,
        description: head.2,
        reference: head.3,
        template_id: head.4,
        lines: lines_of(conn, "entry_draft_lines", "draft_id", id)?,
        updated_at: head.5,
    })
}

fn insert_draft(
    conn: &Connection,
    date: NaiveDate,
    description: &str,
    reference: Option<&str>,
    template_id: Option<i64>,
    lines: &[DraftLine],
    now: DateTime<Utc>,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO entry_drafts (date, description, reference, template_id, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            date.to_string(),
            description.trim(),
            clean(reference),
            template_id,
            now.to_rfc3339()
        ],
    )?;
    let id = conn.last_insert_rowid();
    write_lines(conn, "entry_draft_lines", "draft_id", id, lines)?;
    Ok(id)
}

/// A draft as the audit log records it.
fn draft_text(d: &EntryDraftRecord) -> String {
    let debit: Money = d.lines.iter().map(|l| l.debit).sum();
    let credit: Money = d.lines.iter().map(|l| l.credit).sum();
    format!(
        "{} {} lines, debit {debit}, credit {credit}: {}",
        d.date,
        d.lines.len(),
        d.description
    )
}

fn clean(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

fn read_template(conn: &Connection, id: i64) -> Result<EntryTemplate> {
    type Head = (
        i64,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        u32,
    );
    let h: Head = conn
        .query_row(
            "SELECT id, name, description, reference, every, first_date, until_date, done
             FROM entry_templates WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("entry template {id}")))?;
    let recurrence = match (h.4.as_deref().and_then(Every::parse), h.5) {
        (Some(every), Some(first)) => Some(Recurrence {
            every,
            first_date: parse_date(&first, 5)?,
            until: h.6.map(|u| parse_date(&u, 6)).transpose()?,
            done: h.7,
        }),
        _ => None,
    };
    Ok(EntryTemplate {
        id: h.0,
        name: h.1,
        description: h.2,
        reference: h.3,
        lines: lines_of(conn, "entry_template_lines", "template_id", id)?,
        recurrence,
    })
}

impl Company {
    /// Saves a draft: a new one (`id` None) or over an existing one.
    #[allow(clippy::too_many_arguments)]
    pub fn save_draft(
        &mut self,
        id: Option<i64>,
        date: NaiveDate,
        description: &str,
        reference: Option<&str>,
        lines: &[DraftLine],
        now: DateTime<Utc>,
    ) -> Result<EntryDraftRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = match id {
            None => insert_draft(&tx, date, description, reference, None, lines, now)?,
            Some(id) => {
                let n = tx.execute(
                    "UPDATE entry_drafts SET date = ?2, description = ?3, reference = ?4, updated_at = ?5
                     WHERE id = ?1",
                    params![id, date.to_string(), description.trim(), clean(reference), now.to_rfc3339()],
                )?;
                if n == 0 {
                    return Err(StoreError::NotFound(format!("draft entry {id}")));
                }
                write_lines(&tx, "entry_draft_lines", "draft_id", id, lines)?;
                id
            }
        };
        let draft = read_draft(&tx, id)?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("draft:{id}"),
                action: "save",
                after: Some(&draft_text(&draft)),
                ..Change::default()
            },
        )?;
        tx.commit()?;
        Ok(draft)
    }

    /// Every draft, oldest date first.
    pub fn drafts(&self) -> Result<Vec<EntryDraftRecord>> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM entry_drafts ORDER BY date, id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| read_draft(&self.conn, id))
            .collect()
    }

    pub fn draft(&self, id: i64) -> Result<EntryDraftRecord> {
        read_draft(&self.conn, id)
    }

    pub fn delete_draft(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let before = draft_text(&read_draft(&self.conn, id)?);
        self.delete_logged("entry_drafts", id, &format!("draft:{id}"), &before, now)
    }

    /// Deletes row `id` of `table` (a draft or a template) and logs what it was, together.
    fn delete_logged(
        &mut self,
        table: &str,
        id: i64,
        record: &str,
        before: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record,
                action: "delete",
                before: Some(before),
                ..Change::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Posts `entry` (checked by the caller from draft `id`) and removes the draft, together.
    pub fn post_draft(
        &mut self,
        id: i64,
        entry: &BalancedEntry,
        now: DateTime<Utc>,
    ) -> Result<EntrySummary> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if tx.execute("DELETE FROM entry_drafts WHERE id = ?1", [id])? == 0 {
            return Err(StoreError::NotFound(format!("draft entry {id}")));
        }
        let (entry_id, fy, number) = Poster::new(&tx, now)?.post(entry, None)?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("entry:{entry_id}"),
                action: "post",
                before: Some(&format!("draft:{id}")),
                after: Some(&entry_text(entry, fy, number)),
                reason: None,
            },
        )?;
        tx.commit()?;
        self.entry_summary(entry_id)
    }

    /// Saves a template (new with `id` None). A recurrence keeps its count of drafted
    /// occurrences unless its schedule changes.
    #[allow(clippy::too_many_arguments)]
    pub fn save_template(
        &mut self,
        id: Option<i64>,
        name: &str,
        description: &str,
        reference: Option<&str>,
        lines: &[DraftLine],
        recurrence: Option<(Every, NaiveDate, Option<NaiveDate>)>,
        now: DateTime<Utc>,
    ) -> Result<EntryTemplate> {
        if name.trim().is_empty() {
            return Err(StoreError::invalid(
                Problem::new(ProblemCode::Required, "the template needs a name").field("name"),
            ));
        }
        if let Some((_, first, Some(until))) = recurrence {
            if until < first {
                return Err(StoreError::invalid(
                    Problem::new(
                        ProblemCode::OutOfRange,
                        format!("the schedule ends ({until}) before it starts ({first})"),
                    )
                    .field("until"),
                ));
            }
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let taken: Option<i64> = tx
            .query_row(
                "SELECT id FROM entry_templates WHERE name = ?1",
                [name.trim()],
                |r| r.get(0),
            )
            .optional()?;
        if taken.is_some() && taken != id {
            return Err(StoreError::invalid(
                Problem::new(
                    ProblemCode::Duplicate,
                    format!("a template named \"{}\" already exists", name.trim()),
                )
                .field("name"),
            ));
        }
        let (every, first, until) = match recurrence {
            Some((e, f, u)) => (
                Some(e.as_str()),
                Some(f.to_string()),
                u.map(|u| u.to_string()),
            ),
            None => (None, None, None),
        };
        let id = match id {
            None => {
                tx.execute(
                    "INSERT INTO entry_templates (name, description, reference, every, first_date, until_date)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![name.trim(), description.trim(), clean(reference), every, first, until],
                )?;
                tx.last_insert_rowid()
            }
            Some(id) => {
                let n = tx.execute(
                    "UPDATE entry_templates SET name = ?2, description = ?3, reference = ?4,
                        done = CASE WHEN every IS ?5 AND first_date IS ?6 THEN done ELSE 0 END,
                        every = ?5, first_date = ?6, until_date = ?7
                     WHERE id = ?1",
                    params![
                        id,
                        name.trim(),
                        description.trim(),
                        clean(reference),
                        every,
                        first,
                        until
                    ],
                )?;
                if n == 0 {
                    return Err(StoreError::NotFound(format!("entry template {id}")));
                }
                id
            }
        };
        write_lines(&tx, "entry_template_lines", "template_id", id, lines)?;
        let t = read_template(&tx, id)?;
        let schedule = t
            .recurrence
            .as_ref()
            .map(|r| format!(", {} from {}", r.every.as_str(), r.first_date))
            .unwrap_or_default();
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("template:{id}"),
                action: "save",
                after: Some(&format!("{}: {} lines{schedule}", t.name, t.lines.len())),
                ..Change::default()
            },
        )?;
        tx.commit()?;
        Ok(t)
    }

    pub fn templates(&self) -> Result<Vec<EntryTemplate>> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM entry_templates ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| read_template(&self.conn, id))
            .collect()
    }

    pub fn template(&self, id: i64) -> Result<EntryTemplate> {
        read_template(&self.conn, id)
    }

    pub fn delete_template(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let before = read_template(&self.conn, id)?.name;
        self.delete_logged(
            "entry_templates",
            id,
            &format!("template:{id}"),
            &before,
            now,
        )
    }

    /// Drafts every occurrence of the recurring templates that falls due on or before
    /// `until`, in one transaction, and returns the new drafts.
    pub fn draft_due_recurring(
        &mut self,
        until: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<EntryDraftRecord>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let ids: Vec<i64> = tx
            .prepare("SELECT id FROM entry_templates WHERE every IS NOT NULL ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut created = Vec::new();
        for id in ids {
            let t = read_template(&tx, id)?;
            let Some(rec) = &t.recurrence else { continue };
            let end = rec.until.map_or(until, |u| u.min(until));
            let dates = due_dates(rec.every, rec.first_date, rec.done, end);
            for date in &dates {
                created.push(insert_draft(
                    &tx,
                    *date,
                    &t.description,
                    t.reference.as_deref(),
                    Some(t.id),
                    &t.lines,
                    now,
                )?);
            }
            if !dates.is_empty() {
                tx.execute(
                    "UPDATE entry_templates SET done = done + ?2 WHERE id = ?1",
                    params![id, dates.len() as i64],
                )?;
            }
        }
        if !created.is_empty() {
            let ids: Vec<String> = created.iter().map(i64::to_string).collect();
            audit::append(
                &tx,
                now,
                &self.actor,
                &Change {
                    record: "templates",
                    action: "draft_recurring",
                    after: Some(&format!(
                        "{} drafts (ids {})",
                        created.len(),
                        ids.join(", ")
                    )),
                    ..Change::default()
                },
            )?;
        }
        let drafts = created
            .into_iter()
            .map(|id| read_draft(&tx, id))
            .collect::<Result<Vec<_>>>()?;
        tx.commit()?;
        Ok(drafts)
    }
}
