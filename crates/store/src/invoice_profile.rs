//! What the company prints on its invoices besides its name, tax id and address (IBAN,
//! e-mail, phone, logo, footer: the columns 0003_sales.sql adds to `company`), and an issued
//! invoice's register record (its fingerprint and the fields its QR code carries).

use crate::audit::{self, Change};
use crate::{Company, Result};
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

/// The company's invoice letterhead extras. Empty strings are stored as NULL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvoiceProfile {
    pub iban: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// PNG or JPEG bytes.
    pub logo: Option<Vec<u8>>,
    pub invoice_footer: Option<String>,
}

/// An issued invoice's alta in the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRegisterEntry {
    pub position: i64,
    pub issuer_tax_id: String,
    pub full_number: String,
    pub issue_date: String,
    pub total_amount: String,
    pub generated_at: String,
    pub hash: String,
}

fn blank_to_none(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
}

impl Company {
    pub fn invoice_profile(&self) -> Result<InvoiceProfile> {
        profile_in(&self.conn)
    }

    /// Replaces the profile (one audit record; the logo is logged by size only).
    pub fn set_invoice_profile(&mut self, p: &InvoiceProfile, now: DateTime<Utc>) -> Result<()> {
        let before = self.invoice_profile()?;
        let describe = |p: &InvoiceProfile| {
            format!(
                "iban={} email={} phone={} logo={} footer={}",
                p.iban.as_deref().unwrap_or(""),
                p.email.as_deref().unwrap_or(""),
                p.phone.as_deref().unwrap_or(""),
                p.logo.as_ref().map(|l| l.len()).unwrap_or(0),
                p.invoice_footer.as_deref().unwrap_or("")
            )
        };
        let after = InvoiceProfile {
            iban: blank_to_none(&p.iban),
            email: blank_to_none(&p.email),
            phone: blank_to_none(&p.phone),
            logo: p.logo.clone().filter(|l| !l.is_empty()),
            invoice_footer: blank_to_none(&p.invoice_footer),
        };
        if after == before {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE company SET iban = ?1, email = ?2, phone = ?3, logo = ?4, invoice_footer = ?5
             WHERE id = 1",
            rusqlite::params![
                after.iban,
                after.email,
                after.phone,
                after.logo,
                after.invoice_footer
            ],
        )?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: "company.invoice_profile",
                action: "set",
                before: Some(&describe(&before)),
                after: Some(&describe(&after)),
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The register's alta for invoice `invoice_id` (`None`: not issued, or issued before the
    /// register existed).
    pub fn invoice_register_entry(&self, invoice_id: i64) -> Result<Option<InvoiceRegisterEntry>> {
        register_entry_in(&self.conn, invoice_id)
    }
}

pub(crate) fn profile_in(conn: &rusqlite::Connection) -> Result<InvoiceProfile> {
    Ok(conn.query_row(
        "SELECT iban, email, phone, logo, invoice_footer FROM company WHERE id = 1",
        [],
        |r| {
            Ok(InvoiceProfile {
                iban: r.get(0)?,
                email: r.get(1)?,
                phone: r.get(2)?,
                logo: r.get(3)?,
                invoice_footer: r.get(4)?,
            })
        },
    )?)
}

pub(crate) fn register_entry_in(
    conn: &rusqlite::Connection,
    invoice_id: i64,
) -> Result<Option<InvoiceRegisterEntry>> {
    Ok(conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM invoice_register r2 WHERE r2.id <= r.id),
                        issuer_tax_id, full_number, issue_date, total_amount, generated_at, hash
                 FROM invoice_register r WHERE invoice_id = ?1 AND kind = 'alta'
                 ORDER BY id LIMIT 1",
            [invoice_id],
            |r| {
                Ok(InvoiceRegisterEntry {
                    position: r.get(0)?,
                    issuer_tax_id: r.get(1)?,
                    full_number: r.get(2)?,
                    issue_date: r.get(3)?,
                    total_amount: r.get(4)?,
                    generated_at: r.get(5)?,
                    hash: r.get(6)?,
                })
            },
        )
        .optional()?)
}
