//! Customers and their contacts: create, update, (de)activate, list and search, the customer
//! card (open invoices, balance, history read from the sales tables), and the all-or-nothing
//! import of many customers at once.
//!
//! Rules (checked here, every problem naming its field, and its row in an import):
//! - the legal name is required; the country is two letters (ISO 3166 alpha-2);
//! - the tax id: for Spain a valid NIF, NIE or CIF; for an intra-EU customer (an EU member
//!   other than Spain) a VAT number in its state's format with that state's prefix; elsewhere
//!   free text up to 32 characters. It may be empty only for a consumer: a customer whose
//!   treatment is `domestic`, `exempt` or `export` (who then gets simplified invoices);
//!   `recargo` (a retailer) and `intra_eu` (reverse charge) always need one. Stored
//!   normalised (upper case, no spaces, dots or dashes); unique per country (`Duplicate`);
//! - the treatment is `domestic`, `recargo`, `exempt`, `intra_eu` or `export`; `exempt` needs
//!   an exemption cause E1..E6 and no other treatment takes one; `intra_eu` needs an EU
//!   country other than Spain; `export` a country outside the EU (or Spain, for the Canary
//!   Islands, Ceuta and Melilla);
//! - payment days 0..365, payment days of the month a list of days 1..31 ("5,20");
//! - the e-mail has the shape local@domain.tld; the IBAN passes its checksum (stored without
//!   spaces); a receivable account, when given, is an existing 430 leaf account.

use crate::audit::{self, Change};
use crate::parties;
use crate::{Company, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use trastienda_core::invoice::ExemptionCause;
use trastienda_core::payment_terms::PaymentTerms;
use trastienda_core::{taxid, Money, Problem, ProblemCode};

pub const TREATMENTS: [&str; 5] = ["domestic", "recargo", "exempt", "intra_eu", "export"];

use crate::parties::{
    check_contacts, check_iban, check_leaf_account, check_name_and_country, check_tax_id,
    email_problem, email_shape_ok, like_pattern, read_contacts, trimmed,
};
pub use crate::parties::{Contact, ContactInput};

/// A customer as entered (new, or the full new state of an existing one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerInput {
    pub legal_name: String,
    pub trade_name: Option<String>,
    pub country: String,
    pub tax_id: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub province: String,
    pub shipping_address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub payment_days: i64,
    pub payment_days_of_month: Option<String>,
    pub treatment: String,
    pub exemption_cause: Option<String>,
    pub iban: Option<String>,
    pub account: Option<String>,
    pub notes: String,
    /// The customer's contacts; saving replaces them all.
    pub contacts: Vec<ContactInput>,
}

impl Default for CustomerInput {
    fn default() -> Self {
        CustomerInput {
            legal_name: String::new(),
            trade_name: None,
            country: "ES".into(),
            tax_id: String::new(),
            address: String::new(),
            postal_code: String::new(),
            city: String::new(),
            province: String::new(),
            shipping_address: None,
            email: None,
            phone: None,
            payment_days: 0,
            payment_days_of_month: None,
            treatment: "domestic".into(),
            exemption_cause: None,
            iban: None,
            account: None,
            notes: String::new(),
            contacts: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub id: i64,
    pub legal_name: String,
    pub trade_name: Option<String>,
    pub country: String,
    pub tax_id: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub province: String,
    pub shipping_address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub payment_days: i64,
    pub payment_days_of_month: Option<String>,
    pub treatment: String,
    pub exemption_cause: Option<String>,
    pub iban: Option<String>,
    pub account: Option<String>,
    pub notes: String,
    pub active: bool,
    pub created_at: String,
    pub contacts: Vec<Contact>,
}

impl Customer {
    /// The customer as it would be entered again (for an edit, or an export).
    pub fn to_input(&self) -> CustomerInput {
        CustomerInput {
            legal_name: self.legal_name.clone(),
            trade_name: self.trade_name.clone(),
            country: self.country.clone(),
            tax_id: self.tax_id.clone(),
            address: self.address.clone(),
            postal_code: self.postal_code.clone(),
            city: self.city.clone(),
            province: self.province.clone(),
            shipping_address: self.shipping_address.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            payment_days: self.payment_days,
            payment_days_of_month: self.payment_days_of_month.clone(),
            treatment: self.treatment.clone(),
            exemption_cause: self.exemption_cause.clone(),
            iban: self.iban.clone(),
            account: self.account.clone(),
            notes: self.notes.clone(),
            contacts: self.contacts.iter().map(Contact::to_input).collect(),
        }
    }
}

/// What a customer list asks for: text matched in the legal name, trade name or tax id.
#[derive(Debug, Clone, Default)]
pub struct CustomerFilter {
    pub query: Option<String>,
    pub include_inactive: bool,
    pub page: u32,
    /// 0 means 50.
    pub page_size: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRow {
    pub id: i64,
    pub legal_name: String,
    pub trade_name: Option<String>,
    pub country: String,
    pub tax_id: String,
    pub city: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
    /// Issued invoices minus payments received.
    pub balance: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerPage {
    pub rows: Vec<CustomerRow>,
    pub total: u64,
}

/// An issued invoice not fully paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenInvoice {
    pub id: i64,
    pub full_number: String,
    pub issue_date: String,
    pub due_date: Option<String>,
    pub total: Money,
    pub paid: Money,
    pub open: Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryKind {
    Invoice,
    CreditNote,
    Payment,
}

/// One line of a customer's history: an issued invoice or credit note (its total) or a
/// payment (its amount, negative), with the balance after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryItem {
    pub date: String,
    pub kind: HistoryKind,
    pub id: i64,
    pub reference: String,
    pub amount: Money,
    pub balance: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerCard {
    pub customer: Customer,
    pub open_invoices: Vec<OpenInvoice>,
    /// Issued invoices (credit notes negative) minus payments: what the customer owes.
    pub balance: Money,
    /// Payments not applied to any invoice (credit kept on the customer).
    pub unapplied: Money,
    pub history: Vec<HistoryItem>,
}

/// Checks a customer as entered and returns it normalised (trimmed, upper-case country and
/// tax id, IBAN without spaces), or every problem found. Needs no database: the duplicate tax
/// id and the account are checked when saving.
pub fn validate_customer(
    input: &CustomerInput,
) -> std::result::Result<CustomerInput, Vec<Problem>> {
    let mut p = Vec::new();
    let mut c = input.clone();
    c.legal_name = c.legal_name.trim().to_string();
    c.trade_name = trimmed(&c.trade_name);
    c.country = c.country.trim().to_ascii_uppercase();
    c.address = c.address.trim().to_string();
    c.postal_code = c.postal_code.trim().to_string();
    c.city = c.city.trim().to_string();
    c.province = c.province.trim().to_string();
    c.shipping_address = trimmed(&c.shipping_address);
    c.email = trimmed(&c.email);
    c.phone = trimmed(&c.phone);
    c.payment_days_of_month = trimmed(&c.payment_days_of_month);
    c.treatment = c.treatment.trim().to_ascii_lowercase();
    c.exemption_cause = trimmed(&c.exemption_cause).map(|s| s.to_ascii_uppercase());
    c.account = trimmed(&c.account);
    c.notes = c.notes.trim().to_string();

    let country_ok = check_name_and_country(&c.legal_name, &c.country, &mut p);

    // Treatment and exemption cause.
    let treatment_ok = TREATMENTS.contains(&c.treatment.as_str());
    if !treatment_ok {
        p.push(
            Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "'{}' is not a tax treatment (domestic, recargo, exempt, intra_eu, export)",
                    c.treatment
                ),
            )
            .field("treatment")
            .param("value", &c.treatment),
        );
    }
    match (&c.exemption_cause, c.treatment.as_str()) {
        (None, "exempt") => p.push(
            Problem::new(
                ProblemCode::Required,
                "an exempt customer needs the exemption cause (E1..E6)",
            )
            .field("exemption_cause"),
        ),
        (Some(cause), "exempt") => match ExemptionCause::parse(cause) {
            Some(e) => c.exemption_cause = Some(e.code().to_string()),
            None => p.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!("'{cause}' is not an exemption cause (E1..E6)"),
                )
                .field("exemption_cause")
                .param("value", cause),
            ),
        },
        (Some(cause), _) if treatment_ok => p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                "only an exempt customer has an exemption cause",
            )
            .field("exemption_cause")
            .param("value", cause),
        ),
        _ => {}
    }
    if country_ok
        && c.treatment == "intra_eu"
        && (c.country == "ES" || !taxid::is_eu_member(&c.country))
    {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                "an intra-EU customer is in an EU member state other than Spain",
            )
            .field("treatment")
            .param("country", &c.country),
        );
    }
    if country_ok && c.treatment == "export" && c.country != "ES" && taxid::is_eu_member(&c.country)
    {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                "an export goes outside the EU: a customer in an EU member state is intra_eu or domestic",
            )
            .field("treatment")
            .param("country", &c.country),
        );
    }

    // Tax id.
    let raw = c.tax_id.clone();
    c.tax_id = taxid::normalize(&raw);
    if c.tax_id.is_empty() {
        if matches!(c.treatment.as_str(), "recargo" | "intra_eu") {
            p.push(
                Problem::new(
                    ProblemCode::Required,
                    "this customer needs a tax id: only a consumer may have none",
                )
                .field("tax_id")
                .param("reason", "required"),
            );
        }
    } else if country_ok {
        match check_tax_id(&c.country, &raw, c.treatment == "intra_eu") {
            Ok(id) => c.tax_id = id,
            Err(x) => p.push(x),
        }
    }

    // Contact details.
    if let Some(e) = &c.email {
        if !email_shape_ok(e) {
            p.push(email_problem("email", e));
        }
    }
    if !(0..=365).contains(&c.payment_days) {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("{} payment days: from 0 to 365", c.payment_days),
            )
            .field("payment_days")
            .param("value", c.payment_days),
        );
    }
    if let Some(days) = &c.payment_days_of_month {
        let parsed: std::result::Result<Vec<u32>, _> = days
            .split([',', ' ', ';'])
            .filter(|s| !s.is_empty())
            .map(str::parse::<u32>)
            .collect();
        match parsed {
            Ok(d) => {
                let terms = PaymentTerms::net(0).with_payment_days(d.clone());
                for x in terms.validate() {
                    p.push(x.field("payment_days_of_month"));
                }
                let text = d.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
                c.payment_days_of_month = (!text.is_empty()).then_some(text);
            }
            Err(_) => p.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!("'{days}' is not a list of days of the month (e.g. 5,20)"),
                )
                .field("payment_days_of_month")
                .param("value", days),
            ),
        }
    }
    c.iban = check_iban(&c.iban, &mut p);
    check_contacts(&mut c.contacts, &mut p);
    if p.is_empty() {
        Ok(c)
    } else {
        Err(p)
    }
}

/// The database's checks of a validated customer: a receivable account that exists and is a
/// 430 leaf, and a tax id no other customer of the same country has.
fn check_in_db(conn: &Connection, c: &CustomerInput, id: Option<i64>) -> Result<Vec<Problem>> {
    let mut p = Vec::new();
    if let Some(code) = &c.account {
        if let Some(x) = check_leaf_account(conn, code, "430", "430 customer", "account")? {
            p.push(x);
        }
    }
    if let Some(other) = duplicate_of(conn, &c.country, &c.tax_id, id)? {
        p.push(duplicate_problem(&c.tax_id, other));
    }
    Ok(p)
}

fn duplicate_of(
    conn: &Connection,
    country: &str,
    tax_id: &str,
    id: Option<i64>,
) -> Result<Option<(i64, String)>> {
    if tax_id.is_empty() {
        return Ok(None);
    }
    Ok(conn
        .query_row(
            "SELECT id, legal_name FROM customers WHERE country = ?1 AND tax_id = ?2 AND id IS NOT ?3",
            params![country, tax_id, id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

fn duplicate_problem(tax_id: &str, other: (i64, String)) -> Problem {
    Problem::new(
        ProblemCode::Duplicate,
        format!(
            "customer {} ({}) already has tax id {tax_id}",
            other.0, other.1
        ),
    )
    .field("tax_id")
    .param("value", tax_id)
    .param("customer_id", other.0)
    .param("customer", other.1)
}

fn insert_customer(conn: &Connection, c: &CustomerInput, now: DateTime<Utc>) -> Result<i64> {
    conn.execute(
        "INSERT INTO customers (legal_name, trade_name, country, tax_id, address, postal_code,
             city, province, shipping_address, email, phone, payment_days, payment_days_of_month,
             treatment, exemption_cause, iban, account, notes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        params![
            c.legal_name,
            c.trade_name,
            c.country,
            c.tax_id,
            c.address,
            c.postal_code,
            c.city,
            c.province,
            c.shipping_address,
            c.email,
            c.phone,
            c.payment_days,
            c.payment_days_of_month,
            c.treatment,
            c.exemption_cause,
            c.iban,
            c.account,
            c.notes,
            now.to_rfc3339()
        ],
    )?;
    let id = conn.last_insert_rowid();
    write_contacts(conn, id, &c.contacts)?;
    Ok(id)
}

fn write_contacts(conn: &Connection, id: i64, contacts: &[ContactInput]) -> Result<()> {
    crate::parties::write_contacts(conn, "customer_contacts", "customer_id", id, contacts)
}

const CUSTOMER_COLUMNS: &str = "id, legal_name, trade_name, country, tax_id, address, postal_code,
    city, province, shipping_address, email, phone, payment_days, payment_days_of_month,
    treatment, exemption_cause, iban, account, notes, active, created_at";

fn customer_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: r.get(0)?,
        legal_name: r.get(1)?,
        trade_name: r.get(2)?,
        country: r.get(3)?,
        tax_id: r.get(4)?,
        address: r.get(5)?,
        postal_code: r.get(6)?,
        city: r.get(7)?,
        province: r.get(8)?,
        shipping_address: r.get(9)?,
        email: r.get(10)?,
        phone: r.get(11)?,
        payment_days: r.get(12)?,
        payment_days_of_month: r.get(13)?,
        treatment: r.get(14)?,
        exemption_cause: r.get(15)?,
        iban: r.get(16)?,
        account: r.get(17)?,
        notes: r.get(18)?,
        active: r.get(19)?,
        created_at: r.get(20)?,
        contacts: Vec::new(),
    })
}

fn read_customer(conn: &Connection, id: i64) -> Result<Customer> {
    let mut c = conn
        .query_row(
            &format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id = ?1"),
            [id],
            customer_from_row,
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("customer {id}")))?;
    c.contacts = read_contacts(conn, "customer_contacts", "customer_id", id)?;
    Ok(c)
}

/// A customer as the audit log records it.
fn customer_text(c: &CustomerInput) -> String {
    let mut s = format!(
        "{} [{} {}] {}{}, {} days",
        c.legal_name,
        c.country,
        if c.tax_id.is_empty() { "-" } else { &c.tax_id },
        c.treatment,
        c.exemption_cause
            .as_deref()
            .map(|e| format!(" {e}"))
            .unwrap_or_default(),
        c.payment_days
    );
    for (label, v) in [
        ("trade name", &c.trade_name),
        ("email", &c.email),
        ("phone", &c.phone),
        ("iban", &c.iban),
        ("account", &c.account),
    ] {
        if let Some(v) = v {
            s.push_str(&format!("; {label} {v}"));
        }
    }
    let address = [&c.address, &c.postal_code, &c.city, &c.province]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if !address.is_empty() {
        s.push_str(&format!("; address {address}"));
    }
    if !c.contacts.is_empty() {
        let names: Vec<&str> = c.contacts.iter().map(|k| k.name.as_str()).collect();
        s.push_str(&format!("; contacts {}", names.join(", ")));
    }
    s
}

/// A unique-index refusal the pre-check missed (another writer) becomes the same problem.
fn unique_as_duplicate(e: StoreError, c: &CustomerInput) -> StoreError {
    match &e {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, Some(msg)))
            if f.code == rusqlite::ErrorCode::ConstraintViolation && msg.contains("customers.") =>
        {
            StoreError::invalid(duplicate_problem(&c.tax_id, (0, String::new())))
        }
        _ => e,
    }
}

impl Company {
    /// Creates a customer (`id` None) or replaces an existing one's details and contacts.
    /// One transaction, one audit record; `Invalid` names every field that is wrong.
    pub fn save_customer(
        &mut self,
        id: Option<i64>,
        input: &CustomerInput,
        now: DateTime<Utc>,
    ) -> Result<Customer> {
        let c = validate_customer(input).map_err(StoreError::Invalid)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = match id {
            Some(id) => Some(read_customer(&tx, id)?),
            None => None,
        };
        let p = check_in_db(&tx, &c, id)?;
        if !p.is_empty() {
            return Err(StoreError::Invalid(p));
        }
        let id = match id {
            None => insert_customer(&tx, &c, now).map_err(|e| unique_as_duplicate(e, &c))?,
            Some(id) => {
                tx.execute(
                    "UPDATE customers SET legal_name = ?2, trade_name = ?3, country = ?4, tax_id = ?5,
                         address = ?6, postal_code = ?7, city = ?8, province = ?9,
                         shipping_address = ?10, email = ?11, phone = ?12, payment_days = ?13,
                         payment_days_of_month = ?14, treatment = ?15, exemption_cause = ?16,
                         iban = ?17, account = ?18, notes = ?19
                     WHERE id = ?1",
                    params![
                        id,
                        c.legal_name,
                        c.trade_name,
                        c.country,
                        c.tax_id,
                        c.address,
                        c.postal_code,
                        c.city,
                        c.province,
                        c.shipping_address,
                        c.email,
                        c.phone,
                        c.payment_days,
                        c.payment_days_of_month,
                        c.treatment,
                        c.exemption_cause,
                        c.iban,
                        c.account,
                        c.notes
                    ],
                )
                .map_err(|e| unique_as_duplicate(e.into(), &c))?;
                write_contacts(&tx, id, &c.contacts)?;
                id
            }
        };
        let before_text = before.as_ref().map(|b| customer_text(&b.to_input()));
        let after_text = customer_text(&c);
        if before_text.as_deref() == Some(after_text.as_str()) {
            // Nothing changed: nothing to write or log.
            drop(tx);
            return read_customer(&self.conn, id);
        }
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("customer:{id}"),
                action: if before.is_some() { "update" } else { "create" },
                before: before_text.as_deref(),
                after: Some(&after_text),
                reason: None,
            },
        )?;
        let saved = read_customer(&tx, id)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Deactivates a customer (hidden from lists and new documents, its history kept) or
    /// makes it active again. Customers are never deleted.
    pub fn set_customer_active(
        &mut self,
        id: i64,
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<Customer> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let c = read_customer(&tx, id)?;
        if c.active != active {
            tx.execute(
                "UPDATE customers SET active = ?2 WHERE id = ?1",
                params![id, active],
            )?;
            audit::append(
                &tx,
                now,
                &self.actor,
                &Change {
                    record: &format!("customer:{id}"),
                    action: if active { "activate" } else { "deactivate" },
                    before: Some(&c.legal_name),
                    after: None,
                    reason: None,
                },
            )?;
        }
        let saved = read_customer(&tx, id)?;
        tx.commit()?;
        Ok(saved)
    }

    pub fn customer(&self, id: i64) -> Result<Customer> {
        read_customer(&self.conn, id)
    }

    /// A page of customers by legal name; the query matches the legal name, trade name or tax
    /// id (case-insensitive; the tax id also without spaces, dots or dashes).
    pub fn list_customers(&self, f: &CustomerFilter) -> Result<CustomerPage> {
        let size = if f.page_size == 0 {
            50
        } else {
            f.page_size.min(1000)
        } as i64;
        let offset = (f.page as i64).saturating_mul(size);
        let q = f.query.as_deref().map(str::trim).unwrap_or("");
        let like = like_pattern(q);
        let like_id = like_pattern(&taxid::normalize(q));
        let filter = "(?1 = '' OR c.legal_name LIKE ?2 ESCAPE '\\' OR coalesce(c.trade_name, '') LIKE ?2 ESCAPE '\\'
                       OR (?3 <> '%%' AND c.tax_id LIKE ?3 ESCAPE '\\'))
                      AND (?4 OR c.active = 1)";
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM customers c WHERE {filter}"),
            params![q, like, like_id, f.include_inactive],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.id, c.legal_name, c.trade_name, c.country, c.tax_id, c.city, c.email, c.phone, c.active,
                    coalesce((SELECT sum(total_cents) FROM invoices i WHERE i.customer_id = c.id AND i.state = 'issued'), 0)
                  - coalesce((SELECT sum(amount_cents) FROM payments p WHERE p.customer_id = c.id), 0)
             FROM customers c WHERE {filter}
             ORDER BY c.legal_name COLLATE NOCASE, c.id LIMIT ?5 OFFSET ?6"
        ))?;
        let rows = stmt
            .query_map(
                params![q, like, like_id, f.include_inactive, size, offset],
                |r| {
                    Ok(CustomerRow {
                        id: r.get(0)?,
                        legal_name: r.get(1)?,
                        trade_name: r.get(2)?,
                        country: r.get(3)?,
                        tax_id: r.get(4)?,
                        city: r.get(5)?,
                        email: r.get(6)?,
                        phone: r.get(7)?,
                        active: r.get(8)?,
                        balance: Money::from_cents(r.get(9)?),
                    })
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(CustomerPage {
            rows,
            total: total as u64,
        })
    }

    /// Every customer with its contacts, by id (for an export).
    pub fn all_customers(&self) -> Result<Vec<Customer>> {
        let ids: Vec<i64> = self
            .conn
            .prepare("SELECT id FROM customers ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| read_customer(&self.conn, id))
            .collect()
    }

    /// The customer card: its details and contacts, the issued invoices not fully paid, the
    /// balance, the unapplied payments and the history of invoices and payments by date.
    pub fn customer_card(&self, id: i64) -> Result<CustomerCard> {
        let customer = read_customer(&self.conn, id)?;
        // What is open on each invoice, as the aging and the payment form count it: its
        // total, plus its credit notes, less what payments applied — everything recorded
        // (the last day there is), since the card has no "as of".
        let everything = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date");
        let mut open = self.open_invoices(everything, Some(id))?;
        open.sort_by_key(|o| (o.due_date, o.issue_date, o.invoice_id));
        let open_invoices = open
            .into_iter()
            .map(|o| OpenInvoice {
                id: o.invoice_id,
                full_number: o.full_number,
                issue_date: o.issue_date.to_string(),
                due_date: Some(o.due_date.to_string()),
                total: o.total,
                paid: o.total - o.open,
                open: o.open,
            })
            .collect();
        let unapplied: i64 = self.conn.query_row(
            "SELECT coalesce(sum(p.amount_cents - coalesce((SELECT sum(a.amount_cents)
                        FROM payment_allocations a WHERE a.payment_id = p.id), 0)), 0)
             FROM payments p WHERE p.customer_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT issue_date AS date, CASE kind WHEN 'corrective' THEN 1 ELSE 0 END, id,
                    full_number, total_cents, 0 AS ord
             FROM invoices WHERE customer_id = ?1 AND state = 'issued'
             UNION ALL
             SELECT date, 2, id, reference, -amount_cents, 1 FROM payments WHERE customer_id = ?1
             ORDER BY date, ord, id",
        )?;
        let mut balance = 0i64;
        let history = stmt
            .query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .map(|(date, kind, id, reference, amount)| {
                balance += amount;
                HistoryItem {
                    date,
                    kind: match kind {
                        0 => HistoryKind::Invoice,
                        1 => HistoryKind::CreditNote,
                        _ => HistoryKind::Payment,
                    },
                    id,
                    reference,
                    amount: Money::from_cents(amount),
                    balance: Money::from_cents(balance),
                }
            })
            .collect();
        Ok(CustomerCard {
            customer,
            open_invoices,
            balance: Money::from_cents(balance),
            unapplied: Money::from_cents(unapplied),
            history,
        })
    }

    /// Creates many customers at once, all or nothing: every row is checked (the fields, a
    /// tax id already on file or repeated in the rows) and every problem is returned with its
    /// row (the caller's number, e.g. the CSV line); nothing is written unless all are right.
    /// One transaction, one audit record naming the ids created.
    pub fn import_customers(
        &mut self,
        rows: &[(u32, CustomerInput)],
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

impl parties::Party for CustomerInput {
    const PLURAL: &'static str = "customers";
    fn validate(&self) -> std::result::Result<Self, Vec<Problem>> {
        validate_customer(self)
    }
    fn check_in_db(&self, conn: &Connection) -> Result<Vec<Problem>> {
        check_in_db(conn, self, None)
    }
    fn country_and_tax_id(&self) -> (&str, &str) {
        (&self.country, &self.tax_id)
    }
    fn insert(&self, conn: &Connection, now: DateTime<Utc>) -> Result<i64> {
        insert_customer(conn, self, now).map_err(|e| unique_as_duplicate(e, self))
    }
}
