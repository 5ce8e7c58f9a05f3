//! The products and services catalogue: a code (unique), a description, a unit price in
//! cents, the tax a line of it carries ('21', '10', '4', '0' or an exemption cause 'E1'..'E6')
//! and, optionally, the income account it is sold to (an existing 7xx account without
//! subaccounts). Products are deactivated, never deleted: invoice lines point at them.

use crate::audit::{self, Change};
use crate::{Company, Result, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use trastienda_core::invoice::{ExemptionCause, VatRules};
use trastienda_core::{Money, Problem, ProblemCode};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductInput {
    pub code: String,
    pub description: String,
    pub unit_price: Money,
    pub tax: String,
    pub income_account: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: i64,
    pub code: String,
    pub description: String,
    pub unit_price: Money,
    pub tax: String,
    pub income_account: Option<String>,
    pub active: bool,
}

/// The tax codes a product may carry, normalised ("E1", "21"), or None.
pub fn product_tax(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches('%').trim();
    if let Some(e) = ExemptionCause::parse(s) {
        return Some(e.code().to_string());
    }
    let d: rust_decimal::Decimal = s.parse().ok()?;
    (d.fract().is_zero() && VatRules::spain().allows(d)).then(|| d.trunc().to_string())
}

fn validate(input: &ProductInput) -> std::result::Result<ProductInput, Vec<Problem>> {
    let mut p = Vec::new();
    let mut x = input.clone();
    x.code = x.code.trim().to_string();
    x.description = x.description.trim().to_string();
    x.income_account = x
        .income_account
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from);
    if x.code.is_empty() {
        p.push(Problem::new(ProblemCode::Required, "the code is required").field("code"));
    } else if x.code.chars().count() > 40 {
        p.push(
            Problem::new(ProblemCode::OutOfRange, "a code has at most 40 characters").field("code"),
        );
    }
    if x.description.is_empty() {
        p.push(
            Problem::new(ProblemCode::Required, "the description is required").field("description"),
        );
    }
    if x.unit_price.is_negative() {
        p.push(
            Problem::new(
                ProblemCode::NegativeAmount,
                "the unit price is not negative",
            )
            .field("unit_price")
            .param("value", x.unit_price),
        );
    }
    match product_tax(&x.tax) {
        Some(t) => x.tax = t,
        None => p.push(
            Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "'{}' is not a tax: 21, 10, 4, 0 or an exemption cause E1..E6",
                    x.tax
                ),
            )
            .field("tax")
            .param("value", &x.tax),
        ),
    }
    if p.is_empty() {
        Ok(x)
    } else {
        Err(p)
    }
}

fn check_in_db(conn: &Connection, x: &ProductInput, id: Option<i64>) -> Result<Vec<Problem>> {
    let mut p = Vec::new();
    if let Some(code) = &x.income_account {
        let found: Option<bool> = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM accounts ch WHERE ch.parent_id = a.id)
                 FROM accounts a WHERE a.code = ?1",
                [code],
                |r| r.get(0),
            )
            .optional()?;
        match found {
            None => p.push(
                Problem::new(
                    ProblemCode::UnknownAccount,
                    format!("account {code} does not exist"),
                )
                .field("income_account")
                .param("value", code),
            ),
            Some(has_children) if has_children || !code.starts_with('7') => p.push(
                Problem::new(
                    ProblemCode::NotPostable,
                    format!("account {code} is not an income account (7xx) without subaccounts"),
                )
                .field("income_account")
                .param("value", code),
            ),
            _ => {}
        }
    }
    let other: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, description FROM products WHERE code = ?1 AND id IS NOT ?2",
            params![x.code, id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((oid, desc)) = other {
        p.push(
            Problem::new(
                ProblemCode::Duplicate,
                format!("code {} is already product {oid} ({desc})", x.code),
            )
            .field("code")
            .param("value", &x.code),
        );
    }
    Ok(p)
}

fn read_product(conn: &Connection, id: i64) -> Result<Product> {
    conn.query_row(
        "SELECT id, code, description, unit_price_cents, tax, income_account, active
         FROM products WHERE id = ?1",
        [id],
        product_from_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("product {id}")))
}

fn product_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Product> {
    Ok(Product {
        id: r.get(0)?,
        code: r.get(1)?,
        description: r.get(2)?,
        unit_price: Money::from_cents(r.get(3)?),
        tax: r.get(4)?,
        income_account: r.get(5)?,
        active: r.get(6)?,
    })
}

fn product_text(p: &ProductInput) -> String {
    format!(
        "{} {}: {} tax {}{}",
        p.code,
        p.description,
        p.unit_price,
        p.tax,
        p.income_account
            .as_deref()
            .map(|a| format!(", account {a}"))
            .unwrap_or_default()
    )
}

impl Company {
    /// Creates a product (`id` None) or replaces an existing one's fields. One transaction,
    /// one audit record; `Invalid` names every field that is wrong.
    pub fn save_product(
        &mut self,
        id: Option<i64>,
        input: &ProductInput,
        now: DateTime<Utc>,
    ) -> Result<Product> {
        let x = validate(input).map_err(StoreError::Invalid)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = match id {
            Some(id) => Some(read_product(&tx, id)?),
            None => None,
        };
        let p = check_in_db(&tx, &x, id)?;
        if !p.is_empty() {
            return Err(StoreError::Invalid(p));
        }
        let id = match id {
            None => {
                tx.execute(
                    "INSERT INTO products (code, description, unit_price_cents, tax, income_account)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![x.code, x.description, x.unit_price.cents(), x.tax, x.income_account],
                )?;
                tx.last_insert_rowid()
            }
            Some(id) => {
                tx.execute(
                    "UPDATE products SET code = ?2, description = ?3, unit_price_cents = ?4, tax = ?5,
                         income_account = ?6 WHERE id = ?1",
                    params![id, x.code, x.description, x.unit_price.cents(), x.tax, x.income_account],
                )?;
                id
            }
        };
        let before_text = before.as_ref().map(|b| {
            product_text(&ProductInput {
                code: b.code.clone(),
                description: b.description.clone(),
                unit_price: b.unit_price,
                tax: b.tax.clone(),
                income_account: b.income_account.clone(),
            })
        });
        let after_text = product_text(&x);
        if before_text.as_deref() == Some(after_text.as_str()) {
            drop(tx);
            return read_product(&self.conn, id);
        }
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("product:{id}"),
                action: if before.is_some() { "update" } else { "create" },
                before: before_text.as_deref(),
                after: Some(&after_text),
                reason: None,
            },
        )?;
        let saved = read_product(&tx, id)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Deactivates a product (no longer offered on new documents) or makes it active again.
    pub fn set_product_active(
        &mut self,
        id: i64,
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<Product> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let p = read_product(&tx, id)?;
        if p.active != active {
            tx.execute(
                "UPDATE products SET active = ?2 WHERE id = ?1",
                params![id, active],
            )?;
            audit::append(
                &tx,
                now,
                &self.actor,
                &Change {
                    record: &format!("product:{id}"),
                    action: if active { "activate" } else { "deactivate" },
                    before: Some(&format!("{} {}", p.code, p.description)),
                    after: None,
                    reason: None,
                },
            )?;
        }
        let saved = read_product(&tx, id)?;
        tx.commit()?;
        Ok(saved)
    }

    pub fn product(&self, id: i64) -> Result<Product> {
        read_product(&self.conn, id)
    }

    /// Products by code; the query matches the code or the description (case-insensitive).
    pub fn list_products(
        &self,
        query: Option<&str>,
        include_inactive: bool,
    ) -> Result<Vec<Product>> {
        let q = query.map(str::trim).unwrap_or("");
        let like = format!(
            "%{}%",
            q.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, code, description, unit_price_cents, tax, income_account, active
             FROM products
             WHERE (?1 = '' OR code LIKE ?2 ESCAPE '\\' OR description LIKE ?2 ESCAPE '\\')
               AND (?3 OR active = 1)
             ORDER BY code COLLATE NOCASE, id LIMIT 5000",
        )?;
        let rows = stmt
            .query_map(params![q, like, include_inactive], product_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
