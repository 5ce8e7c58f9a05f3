//! Suppliers and their contacts: create, update, block (with a reason) and unblock, list and
//! search, and the all-or-nothing import of many suppliers at once.
//!
//! Rules (checked here, every problem naming its field, and its row in an import), shared with
//! customers where they overlap (`parties.rs`):
//! - the legal name is required; the country is two letters;
//! - the tax id, when given, valid for the country (NIF/NIE/CIF for Spain, the EU VAT format
//!   for an `intra_eu` supplier, free text elsewhere), stored normalised, unique per country;
//!   an `intra_eu` supplier needs one and is in an EU member state other than Spain;
//! - the VAT treatment is `deductible`, `recargo`, `intra_eu` or `non_deductible`; IRPF
//!   withheld 0..100 (a professional's, e.g. 15);
//! - payment days 0..365; the e-mail local@domain.tld; the IBAN passes its checksum and the BIC
//!   has its shape (`core::iban::Bic`); the default expense account, when given, is an
//!   existing 6xx leaf account;
//! - a blocked supplier has a reason (also a CHECK in the table).

use crate::audit::{self, Change};
use crate::parties;
use crate::parties::{
    check_contacts, check_iban, check_leaf_account, check_name_and_country, check_tax_id,
    email_problem, email_shape_ok, like_pattern, read_contacts, trimmed, write_contacts,
};
use crate::{Company, Contact, ContactInput, Result, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use rust_decimal::Decimal;
use std::str::FromStr;
use trastienda_core::{taxid, Bic, Problem, ProblemCode};

pub const VAT_TREATMENTS: [&str; 4] = ["deductible", "recargo", "intra_eu", "non_deductible"];

/// A supplier as entered (new, or the full new state of an existing one). The status is
/// changed only by `set_supplier_status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierInput {
    pub legal_name: String,
    pub trade_name: Option<String>,
    pub country: String,
    pub tax_id: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub province: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub payment_days: i64,
    pub expense_account: Option<String>,
    pub vat_treatment: String,
    /// IRPF withheld, a decimal percentage ("15").
    pub irpf_pct: Option<String>,
    pub category: String,
    pub notes: String,
    /// The supplier's contacts; saving replaces them all.
    pub contacts: Vec<ContactInput>,
}

impl Default for SupplierInput {
    fn default() -> Self {
        SupplierInput {
            legal_name: String::new(),
            trade_name: None,
            country: "ES".into(),
            tax_id: String::new(),
            address: String::new(),
            postal_code: String::new(),
            city: String::new(),
            province: String::new(),
            email: None,
            phone: None,
            iban: None,
            bic: None,
            payment_days: 0,
            expense_account: None,
            vat_treatment: "deductible".into(),
            irpf_pct: None,
            category: String::new(),
            notes: String::new(),
            contacts: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supplier {
    pub id: i64,
    pub input: SupplierInput,
    /// `active` or `blocked`.
    pub status: String,
    pub block_reason: Option<String>,
    pub created_at: String,
    pub contacts: Vec<Contact>,
}

impl Supplier {
    pub fn to_input(&self) -> SupplierInput {
        let mut i = self.input.clone();
        i.contacts = self.contacts.iter().map(Contact::to_input).collect();
        i
    }
}

/// What a supplier list asks for: text matched in the legal name, trade name, tax id or
/// category; optionally only one status.
#[derive(Debug, Clone, Default)]
pub struct SupplierFilter {
    pub query: Option<String>,
    pub status: Option<String>,
    pub page: u32,
    /// 0 means 50.
    pub page_size: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierRow {
    pub id: i64,
    pub legal_name: String,
    pub trade_name: Option<String>,
    pub country: String,
    pub tax_id: String,
    pub city: String,
    pub category: String,
    pub status: String,
    pub block_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierPage {
    pub rows: Vec<SupplierRow>,
    pub total: u64,
}

/// Checks a supplier as entered and returns it normalised, or every problem found. Needs no
/// database: the duplicate tax id and the expense account are checked when saving.
pub fn validate_supplier(
    input: &SupplierInput,
) -> std::result::Result<SupplierInput, Vec<Problem>> {
    let mut p = Vec::new();
    let mut s = input.clone();
    s.legal_name = s.legal_name.trim().to_string();
    s.trade_name = trimmed(&s.trade_name);
    s.country = s.country.trim().to_ascii_uppercase();
    s.address = s.address.trim().to_string();
    s.postal_code = s.postal_code.trim().to_string();
    s.city = s.city.trim().to_string();
    s.province = s.province.trim().to_string();
    s.email = trimmed(&s.email);
    s.phone = trimmed(&s.phone);
    s.expense_account = trimmed(&s.expense_account);
    s.vat_treatment = s.vat_treatment.trim().to_ascii_lowercase();
    s.irpf_pct = trimmed(&s.irpf_pct);
    s.category = s.category.trim().to_string();
    s.notes = s.notes.trim().to_string();

    let country_ok = check_name_and_country(&s.legal_name, &s.country, &mut p);
    let intra_eu = s.vat_treatment == "intra_eu";
    if !VAT_TREATMENTS.contains(&s.vat_treatment.as_str()) {
        p.push(
            Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "'{}' is not a VAT treatment (deductible, recargo, intra_eu, non_deductible)",
                    s.vat_treatment
                ),
            )
            .field("vat_treatment")
            .param("value", &s.vat_treatment),
        );
    } else if country_ok && intra_eu && (s.country == "ES" || !taxid::is_eu_member(&s.country)) {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                "an intra-EU supplier is in an EU member state other than Spain",
            )
            .field("vat_treatment")
            .param("country", &s.country),
        );
    }

    let raw = s.tax_id.clone();
    s.tax_id = taxid::normalize(&raw);
    if s.tax_id.is_empty() {
        if intra_eu {
            p.push(
                Problem::new(
                    ProblemCode::Required,
                    "an intra-EU supplier needs its VAT number",
                )
                .field("tax_id")
                .param("reason", "required"),
            );
        }
    } else if country_ok {
        match check_tax_id(&s.country, &raw, intra_eu) {
            Ok(id) => s.tax_id = id,
            Err(x) => p.push(x),
        }
    }

    if let Some(e) = &s.email {
        if !email_shape_ok(e) {
            p.push(email_problem("email", e));
        }
    }
    s.iban = check_iban(&s.iban, &mut p);
    s.bic = match trimmed(&s.bic) {
        None => None,
        Some(b) => match Bic::parse(&b) {
            Ok(bic) => Some(bic.as_str().to_string()),
            Err(e) => {
                p.push(
                    Problem::new(ProblemCode::InvalidCode, e.to_string())
                        .field("bic")
                        .param("value", &b)
                        .param("reason", "bic"),
                );
                Some(b)
            }
        },
    };
    if !(0..=365).contains(&s.payment_days) {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("{} payment days: from 0 to 365", s.payment_days),
            )
            .field("payment_days")
            .param("value", s.payment_days),
        );
    }
    if let Some(pct) = &s.irpf_pct {
        match Decimal::from_str(pct) {
            Ok(d) if d >= Decimal::ZERO && d <= Decimal::from(100) => {
                s.irpf_pct = Some(d.normalize().to_string())
            }
            _ => p.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!("'{pct}' is not an IRPF percentage (0 to 100, e.g. 15)"),
                )
                .field("irpf_pct")
                .param("value", pct),
            ),
        }
    }
    check_contacts(&mut s.contacts, &mut p);
    if p.is_empty() {
        Ok(s)
    } else {
        Err(p)
    }
}

fn check_in_db(conn: &Connection, s: &SupplierInput, id: Option<i64>) -> Result<Vec<Problem>> {
    let mut p = Vec::new();
    if let Some(code) = &s.expense_account {
        if let Some(x) = check_leaf_account(conn, code, "6", "6xx expense", "expense_account")? {
            p.push(x);
        }
    }
    if !s.tax_id.is_empty() {
        let other: Option<(i64, String)> = conn
            .query_row(
                "SELECT id, legal_name FROM suppliers WHERE country = ?1 AND tax_id = ?2 AND id IS NOT ?3",
                params![s.country, s.tax_id, id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some(other) = other {
            p.push(duplicate_problem(&s.tax_id, other));
        }
    }
    Ok(p)
}

fn duplicate_problem(tax_id: &str, other: (i64, String)) -> Problem {
    Problem::new(
        ProblemCode::Duplicate,
        format!(
            "supplier {} ({}) already has tax id {tax_id}",
            other.0, other.1
        ),
    )
    .field("tax_id")
    .param("value", tax_id)
    .param("supplier_id", other.0)
    .param("supplier", other.1)
}

fn unique_as_duplicate(e: StoreError, s: &SupplierInput) -> StoreError {
    match &e {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, Some(msg)))
            if f.code == rusqlite::ErrorCode::ConstraintViolation && msg.contains("suppliers.") =>
        {
            StoreError::invalid(duplicate_problem(&s.tax_id, (0, String::new())))
        }
        _ => e,
    }
}

fn insert_supplier(conn: &Connection, s: &SupplierInput, now: DateTime<Utc>) -> Result<i64> {
    conn.execute(
        "INSERT INTO suppliers (legal_name, trade_name, country, tax_id, address, postal_code,
             city, province, email, phone, iban, bic, payment_days, expense_account,
             vat_treatment, irpf_pct, category, notes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        params![
            s.legal_name,
            s.trade_name,
            s.country,
            s.tax_id,
            s.address,
            s.postal_code,
            s.city,
            s.province,
            s.email,
            s.phone,
            s.iban,
            s.bic,
            s.payment_days,
            s.expense_account,
            s.vat_treatment,
            s.irpf_pct,
            s.category,
            s.notes,
            now.to_rfc3339()
        ],
    )?;
    let id = conn.last_insert_rowid();
    write_contacts(conn, "supplier_contacts", "supplier_id", id, &s.contacts)?;
    Ok(id)
}

pub(crate) fn read_supplier(conn: &Connection, id: i64) -> Result<Supplier> {
    let mut s = conn
        .query_row(
            "SELECT id, legal_name, trade_name, country, tax_id, address, postal_code, city,
                    province, email, phone, iban, bic, payment_days, expense_account,
                    vat_treatment, irpf_pct, category, notes, status, block_reason, created_at
             FROM suppliers WHERE id = ?1",
            [id],
            |r| {
                Ok(Supplier {
                    id: r.get(0)?,
                    input: SupplierInput {
                        legal_name: r.get(1)?,
                        trade_name: r.get(2)?,
                        country: r.get(3)?,
                        tax_id: r.get(4)?,
                        address: r.get(5)?,
                        postal_code: r.get(6)?,
                        city: r.get(7)?,
                        province: r.get(8)?,
                        email: r.get(9)?,
                        phone: r.get(10)?,
                        iban: r.get(11)?,
                        bic: r.get(12)?,
                        payment_days: r.get(13)?,
                        expense_account: r.get(14)?,
                        vat_treatment: r.get(15)?,
                        irpf_pct: r.get(16)?,
                        category: r.get(17)?,
                        notes: r.get(18)?,
                        contacts: Vec::new(),
                    },
                    status: r.get(19)?,
                    block_reason: r.get(20)?,
                    created_at: r.get(21)?,
                    contacts: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("supplier {id}")))?;
    s.contacts = read_contacts(conn, "supplier_contacts", "supplier_id", id)?;
    Ok(s)
}

/// A supplier as the audit log records it.
fn supplier_text(s: &SupplierInput) -> String {
    let mut t = format!(
        "{} [{} {}] {}, {} days",
        s.legal_name,
        s.country,
        if s.tax_id.is_empty() { "-" } else { &s.tax_id },
        s.vat_treatment,
        s.payment_days
    );
    for (label, v) in [
        ("trade name", &s.trade_name),
        ("email", &s.email),
        ("phone", &s.phone),
        ("iban", &s.iban),
        ("bic", &s.bic),
        ("expense account", &s.expense_account),
        ("irpf", &s.irpf_pct),
    ] {
        if let Some(v) = v {
            t.push_str(&format!("; {label} {v}"));
        }
    }
    if !s.category.is_empty() {
        t.push_str(&format!("; category {}", s.category));
    }
    let address = [&s.address, &s.postal_code, &s.city, &s.province]
        .iter()
        .filter(|x| !x.is_empty())
        .map(|x| x.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if !address.is_empty() {
        t.push_str(&format!("; address {address}"));
    }
    if !s.notes.is_empty() {
        t.push_str(&format!("; notes {}", s.notes));
    }
    if !s.contacts.is_empty() {
        let names: Vec<String> = s
            .contacts
            .iter()
            .map(|k| format!("{} {} {:?} {:?}", k.name, k.role, k.email, k.phone))
            .collect();
        t.push_str(&format!("; contacts {}", names.join(", ")));
    }
    t
}

impl Company {
    /// Creates a supplier (`id` None) or replaces an existing one's details and contacts.
    /// One IMMEDIATE transaction, one audit record; `Invalid` names every field that is wrong.
    pub fn save_supplier(
        &mut self,
        id: Option<i64>,
        input: &SupplierInput,
        now: DateTime<Utc>,
    ) -> Result<Supplier> {
        let s = validate_supplier(input).map_err(StoreError::Invalid)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = match id {
            Some(id) => Some(read_supplier(&tx, id)?),
            None => None,
        };
        let p = check_in_db(&tx, &s, id)?;
        if !p.is_empty() {
            return Err(StoreError::Invalid(p));
        }
        let before_text = before.as_ref().map(|b| supplier_text(&b.to_input()));
        let after_text = supplier_text(&s);
        if let (Some(id), true) = (id, before_text.as_deref() == Some(after_text.as_str())) {
            drop(tx);
            return read_supplier(&self.conn, id);
        }
        let id = match id {
            None => insert_supplier(&tx, &s, now).map_err(|e| unique_as_duplicate(e, &s))?,
            Some(id) => {
                tx.execute(
                    "UPDATE suppliers SET legal_name = ?2, trade_name = ?3, country = ?4,
                         tax_id = ?5, address = ?6, postal_code = ?7, city = ?8, province = ?9,
                         email = ?10, phone = ?11, iban = ?12, bic = ?13, payment_days = ?14,
                         expense_account = ?15, vat_treatment = ?16, irpf_pct = ?17,
                         category = ?18, notes = ?19
                     WHERE id = ?1",
                    params![
                        id,
                        s.legal_name,
                        s.trade_name,
                        s.country,
                        s.tax_id,
                        s.address,
                        s.postal_code,
                        s.city,
                        s.province,
                        s.email,
                        s.phone,
                        s.iban,
                        s.bic,
                        s.payment_days,
                        s.expense_account,
                        s.vat_treatment,
                        s.irpf_pct,
                        s.category,
                        s.notes
                    ],
                )
                .map_err(|e| unique_as_duplicate(e.into(), &s))?;
                write_contacts(&tx, "supplier_contacts", "supplier_id", id, &s.contacts)?;
                id
            }
        };
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("supplier:{id}"),
                action: if before.is_some() { "update" } else { "create" },
                before: before_text.as_deref(),
                after: Some(&after_text),
                reason: None,
            },
        )?;
        let saved = read_supplier(&tx, id)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Blocks a supplier (a reason is required: it is shown wherever the supplier is) or makes
    /// it active again. One transaction, one audit record carrying the reason.
    pub fn set_supplier_status(
        &mut self,
        id: i64,
        blocked: bool,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Supplier> {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if blocked && reason.is_none() {
            return Err(StoreError::invalid(
                Problem::new(ProblemCode::Required, "a supplier is blocked with a reason")
                    .field("block_reason"),
            ));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let s = read_supplier(&tx, id)?;
        let (status, reason) = if blocked {
            ("blocked", reason)
        } else {
            ("active", None)
        };
        if s.status != status || s.block_reason.as_deref() != reason {
            tx.execute(
                "UPDATE suppliers SET status = ?2, block_reason = ?3 WHERE id = ?1",
                params![id, status, reason],
            )?;
            audit::append(
                &tx,
                now,
                &self.actor,
                &Change {
                    record: &format!("supplier:{id}"),
                    action: if blocked { "block" } else { "unblock" },
                    before: Some(&s.status),
                    after: Some(status),
                    reason,
                },
            )?;
        }
        let saved = read_supplier(&tx, id)?;
        tx.commit()?;
        Ok(saved)
    }

    pub fn supplier(&self, id: i64) -> Result<Supplier> {
        read_supplier(&self.conn, id)
    }

    /// A page of suppliers by legal name; the query matches the legal name, trade name,
    /// category or tax id (case-insensitive; the tax id also without spaces, dots or dashes).
    pub fn list_suppliers(&self, f: &SupplierFilter) -> Result<SupplierPage> {
        let size = if f.page_size == 0 {
            50
        } else {
            f.page_size.min(1000)
        } as i64;
        let offset = (f.page as i64).saturating_mul(size);
        let q = f.query.as_deref().map(str::trim).unwrap_or("");
        let like = like_pattern(q);
        let like_id = like_pattern(&taxid::normalize(q));
        let status = f.status.as_deref().unwrap_or("");
        let filter = "(?1 = '' OR s.legal_name LIKE ?2 ESCAPE '\\' OR coalesce(s.trade_name, '') LIKE ?2 ESCAPE '\\'
                       OR s.category LIKE ?2 ESCAPE '\\' OR (?3 <> '%%' AND s.tax_id LIKE ?3 ESCAPE '\\'))
                      AND (?4 = '' OR s.status = ?4)";
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM suppliers s WHERE {filter}"),
            params![q, like, like_id, status],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT s.id, s.legal_name, s.trade_name, s.country, s.tax_id, s.city, s.category,
                    s.status, s.block_reason
             FROM suppliers s WHERE {filter}
             ORDER BY s.legal_name COLLATE NOCASE, s.id LIMIT ?5 OFFSET ?6"
        ))?;
        let rows = stmt
            .query_map(params![q, like, like_id, status, size, offset], |r| {
                Ok(SupplierRow {
                    id: r.get(0)?,
                    legal_name: r.get(1)?,
                    trade_name: r.get(2)?,
                    country: r.get(3)?,
                    tax_id: r.get(4)?,
                    city: r.get(5)?,
                    category: r.get(6)?,
                    status: r.get(7)?,
                    block_reason: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(SupplierPage {
            rows,
            total: total as u64,
        })
    }

    /// Every supplier with its contacts, by id (for an export).
    pub fn all_suppliers(&self) -> Result<Vec<Supplier>> {
        let ids: Vec<i64> = self
            .conn
            .prepare("SELECT id FROM suppliers ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| read_supplier(&self.conn, id))
            .collect()
    }

    /// Creates many suppliers at once, all or nothing: every problem is returned with its row
    /// (the caller's number, e.g. the CSV line); nothing is written unless all are right. One
    /// transaction, one audit record naming the ids created.
    pub fn import_suppliers(
        &mut self,
        rows: &[(u32, SupplierInput)],
        source: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<i64>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let ids = parties::import_all(&tx, rows, source, &self.actor, now)?;
        tx.commit()?;
        Ok(ids)
    }
}

impl parties::Party for SupplierInput {
    const PLURAL: &'static str = "suppliers";
    fn validate(&self) -> std::result::Result<Self, Vec<Problem>> {
        validate_supplier(self)
    }
    fn check_in_db(&self, conn: &Connection) -> Result<Vec<Problem>> {
        check_in_db(conn, self, None)
    }
    fn country_and_tax_id(&self) -> (&str, &str) {
        (&self.country, &self.tax_id)
    }
    fn insert(&self, conn: &Connection, now: DateTime<Utc>) -> Result<i64> {
        insert_supplier(conn, self, now).map_err(|e| unique_as_duplicate(e, self))
    }
}
