//! Checks shared by customers and suppliers (the parties a company deals with): the country,
//! the tax id for its country, the e-mail's shape, the IBAN's checksum, the contacts, an own
//! account that is an existing leaf under a prefix, and the contacts' rows.

use crate::audit::{self, Change};
use crate::{Result, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use trastienda_core::{taxid, Iban, Problem, ProblemCode};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactInput {
    pub name: String,
    pub role: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl Contact {
    pub fn to_input(&self) -> ContactInput {
        ContactInput {
            name: self.name.clone(),
            role: self.role.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
        }
    }
}

pub(crate) fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

/// Whether `s` looks like an e-mail address: local@domain.tld, no spaces.
pub fn email_shape_ok(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain
            .split_once('.')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
        && !domain.ends_with('.')
        && !domain.contains("..")
        && s.len() <= 254
}

pub(crate) fn email_problem(field: &str, value: &str) -> Problem {
    Problem::new(
        ProblemCode::InvalidCode,
        format!("'{value}' is not an e-mail address (name@example.com)"),
    )
    .field(field)
    .param("value", value)
    .param("reason", "email")
}

/// The legal name (required, at most 200 characters) and the country (two letters); returns
/// whether the country is well formed.
pub(crate) fn check_name_and_country(
    legal_name: &str,
    country: &str,
    p: &mut Vec<Problem>,
) -> bool {
    if legal_name.is_empty() {
        p.push(
            Problem::new(ProblemCode::Required, "the legal name is required").field("legal_name"),
        );
    } else if legal_name.chars().count() > 200 {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                "the legal name has at most 200 characters",
            )
            .field("legal_name"),
        );
    }
    let country_ok = country.len() == 2 && country.chars().all(|ch| ch.is_ascii_uppercase());
    if !country_ok {
        p.push(
            Problem::new(
                ProblemCode::InvalidCode,
                format!("'{country}' is not a country code (two letters, e.g. ES, FR)"),
            )
            .field("country")
            .param("value", country),
        );
    }
    country_ok
}

/// Checks a non-empty tax id for `country` and returns it normalised: for Spain a NIF, NIE or
/// CIF; for an intra-EU party (`intra_eu`) a VAT number in its state's format with that
/// state's prefix (added when missing); elsewhere free text. `raw` is as typed.
pub(crate) fn check_tax_id(
    country: &str,
    raw: &str,
    intra_eu: bool,
) -> std::result::Result<String, Problem> {
    let raw = raw.trim();
    let normal = taxid::normalize(raw);
    let tax_problem = |e: taxid::TaxIdError| {
        let mut x = Problem::new(ProblemCode::InvalidTaxId, e.message.clone())
            .field("tax_id")
            .param("value", raw)
            .param("reason", e.reason.code());
        if let Some(ch) = e.reason.expected() {
            x = x.param("expected", ch);
        }
        x
    };
    if intra_eu {
        // The VAT number as VIES knows it, with the prefix of the party's state.
        let mut id = normal.clone();
        let prefix = taxid::eu_vat_prefix(country).unwrap_or("");
        if !prefix.is_empty()
            && !id.starts_with(prefix)
            && id.chars().next().is_some_and(|ch| ch.is_ascii_digit())
        {
            id = format!("{prefix}{id}");
        }
        match taxid::validate_eu_vat(&id) {
            Ok(v) if !prefix.is_empty() && v.prefix != prefix => Err(Problem::new(
                ProblemCode::InvalidTaxId,
                format!("a VAT number from {country} starts with {prefix}"),
            )
            .field("tax_id")
            .param("value", raw)
            .param("reason", "format")
            .param("expected_prefix", prefix)),
            Ok(v) => Ok(v.to_string()),
            Err(e) => Err(tax_problem(e)),
        }
    } else {
        taxid::check(country, &normal).map_err(tax_problem)?;
        Ok(normal)
    }
}

/// The IBAN, trimmed: None when empty, without spaces when its checksum is right, else as typed
/// with a problem on `iban`.
pub(crate) fn check_iban(iban: &Option<String>, p: &mut Vec<Problem>) -> Option<String> {
    match trimmed(iban) {
        None => None,
        Some(s) => match Iban::parse(&s) {
            Ok(i) => Some(i.as_str().to_string()),
            Err(e) => {
                p.push(
                    Problem::new(ProblemCode::InvalidCode, e.to_string())
                        .field("iban")
                        .param("value", &s)
                        .param("reason", e.code()),
                );
                Some(s)
            }
        },
    }
}

/// Trims the contacts and checks each has a name and a well-shaped e-mail (the problem's row
/// is the contact's position, from 1).
pub(crate) fn check_contacts(contacts: &mut [ContactInput], p: &mut Vec<Problem>) {
    for (i, k) in contacts.iter_mut().enumerate() {
        let row = i as u32 + 1;
        k.name = k.name.trim().to_string();
        k.role = k.role.trim().to_string();
        k.email = trimmed(&k.email);
        k.phone = trimmed(&k.phone);
        if k.name.is_empty() {
            p.push(
                Problem::new(ProblemCode::Required, "a contact needs a name")
                    .at_row(row)
                    .field("contacts.name"),
            );
        }
        if let Some(e) = &k.email {
            if !email_shape_ok(e) {
                p.push(email_problem("contacts.email", e).at_row(row));
            }
        }
    }
}

/// An own account given on a party: it must exist and be a leaf whose code starts with
/// `prefix`; `what` names the kind in the message ("430 customer", "6xx expense").
pub(crate) fn check_leaf_account(
    conn: &Connection,
    code: &str,
    prefix: &str,
    what: &str,
    field: &str,
) -> Result<Option<Problem>> {
    let found: Option<(i64, bool)> = conn
        .query_row(
            "SELECT a.id, EXISTS (SELECT 1 FROM accounts ch WHERE ch.parent_id = a.id)
             FROM accounts a WHERE a.code = ?1",
            [code],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match found {
        None => Some(
            Problem::new(
                ProblemCode::UnknownAccount,
                format!("account {code} does not exist"),
            )
            .field(field)
            .param("value", code),
        ),
        Some((_, has_children)) if has_children || !code.starts_with(prefix) => Some(
            Problem::new(
                ProblemCode::NotPostable,
                format!("account {code} is not a {what} subaccount without subaccounts"),
            )
            .field(field)
            .param("value", code),
        ),
        _ => None,
    })
}

/// Replaces a party's contacts: `table` is `customer_contacts` or `supplier_contacts`, `key`
/// its owner column.
pub(crate) fn write_contacts(
    conn: &Connection,
    table: &str,
    key: &str,
    id: i64,
    contacts: &[ContactInput],
) -> Result<()> {
    conn.execute(&format!("DELETE FROM {table} WHERE {key} = ?1"), [id])?;
    let mut ins = conn.prepare_cached(&format!(
        "INSERT INTO {table} ({key}, name, role, email, phone) VALUES (?1, ?2, ?3, ?4, ?5)"
    ))?;
    for k in contacts {
        ins.execute(params![id, k.name, k.role, k.email, k.phone])?;
    }
    Ok(())
}

pub(crate) fn read_contacts(
    conn: &Connection,
    table: &str,
    key: &str,
    id: i64,
) -> Result<Vec<Contact>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, name, role, email, phone FROM {table} WHERE {key} = ?1 ORDER BY id"
    ))?;
    let v = stmt
        .query_map([id], |r| {
            Ok(Contact {
                id: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
                email: r.get(3)?,
                phone: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// `%text%` for a LIKE with `\` as escape.
pub(crate) fn like_pattern(q: &str) -> String {
    format!(
        "%{}%",
        q.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}

/// A kind of party a CSV import creates (customers, suppliers).
pub(crate) trait Party: Sized {
    /// How the records are named in messages and the audit log ("customers").
    const PLURAL: &'static str;
    /// The field checks, returning the input normalised.
    fn validate(&self) -> std::result::Result<Self, Vec<Problem>>;
    /// What the company file refuses (an own account that is no leaf, a tax id already there).
    fn check_in_db(&self, conn: &Connection) -> Result<Vec<Problem>>;
    fn country_and_tax_id(&self) -> (&str, &str);
    fn insert(&self, conn: &Connection, now: DateTime<Utc>) -> Result<i64>;
}

/// Imports `rows` (each with its line in the file) all or nothing, in `tx`: every row checked
/// (fields, the company file, a tax id repeated within the file) and every problem returned,
/// sorted by row; else each inserted, with one audit record for the lot.
pub(crate) fn import_all<T: Party>(
    tx: &Connection,
    rows: &[(u32, T)],
    source: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<Vec<i64>> {
    let mut problems = Vec::new();
    let mut valid = Vec::new();
    let mut seen: std::collections::HashMap<(String, String), u32> = Default::default();
    for (row, input) in rows {
        match input.validate() {
            Err(p) => problems.extend(p.into_iter().map(|x| x.at_row(*row))),
            Ok(v) => {
                for x in v.check_in_db(tx)? {
                    problems.push(x.at_row(*row));
                }
                let (country, tax_id) = v.country_and_tax_id();
                if !tax_id.is_empty() {
                    if let Some(first) =
                        seen.insert((country.to_string(), tax_id.to_string()), *row)
                    {
                        problems.push(
                            Problem::new(
                                ProblemCode::Duplicate,
                                format!("tax id {tax_id} is also on row {first}"),
                            )
                            .at_row(*row)
                            .field("tax_id")
                            .param("value", tax_id)
                            .param("row", first),
                        );
                    }
                }
                valid.push(v);
            }
        }
    }
    if rows.is_empty() {
        problems.push(Problem::new(
            ProblemCode::Required,
            format!("there are no {} to import", T::PLURAL),
        ));
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.row);
        return Err(StoreError::Invalid(problems));
    }
    let mut ids = Vec::with_capacity(valid.len());
    for v in &valid {
        ids.push(v.insert(tx, now)?);
    }
    let (first, last) = (ids[0], ids[ids.len() - 1]);
    audit::append(
        tx,
        now,
        actor,
        &Change {
            record: &format!("{}:{first}-{last}", T::PLURAL),
            action: "import",
            before: None,
            after: Some(&format!("{} {} from {source}", ids.len(), T::PLURAL)),
            reason: None,
        },
    )?;
    Ok(ids)
}
