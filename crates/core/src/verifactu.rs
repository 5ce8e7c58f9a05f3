//! The invoice register, VeriFactu-shaped (RD 1007/2023, Orden HAC/1177/2024): each issue
//! or cancellation of an invoice is a record whose fingerprint (huella) is the SHA-256 of a
//! few of its fields chained to the previous record's fingerprint, so changing, removing or
//! inserting a record breaks the chain from there on. Also the QR verification URL printed
//! on the invoice. Pure: the store keeps the records, the caller passes the generation time.
//!
//! # The fingerprint
//!
//! As the AEAT's "Detalle de las especificaciones técnicas para generación de la huella o
//! hash de los registros de facturación" (v0.1.2) gives it: `name=value` pairs joined with
//! `&`, in a fixed order, each value with its leading and trailing spaces removed, the
//! previous record's fingerprint as `Huella` (empty for the first record), encoded as UTF-8,
//! hashed with SHA-256 and written as 64 upper-case hexadecimal characters.
//!
//! - alta: `IDEmisorFactura`, `NumSerieFactura`, `FechaExpedicionFactura` (dd-mm-yyyy),
//!   `TipoFactura`, `CuotaTotal`, `ImporteTotal`, `Huella`, `FechaHoraHusoGenRegistro`
//!   (`yyyy-mm-ddThh:mm:ss+hh:mm`);
//! - anulación: `IDEmisorFacturaAnulada`, `NumSerieFacturaAnulada`,
//!   `FechaExpedicionFacturaAnulada`, `Huella`, `FechaHoraHusoGenRegistro`.
//!
//! Values are hashed exactly as the record carries them. Amounts are written with '.' as
//! decimal point and always two decimals ("12.35", "-121.00", "0.00"), as in the AEAT's
//! worked examples; the record sent to the AEAT must carry the same text, so the register
//! stores amounts as `Money` and formats them only through [`format_amount`]. The three worked
//! examples of the specification (section 6) are tests below.

use crate::invoice::Invoice;
use crate::money::Money;
use chrono::{DateTime, FixedOffset, NaiveDate};
use sha2::{Digest, Sha256};
use std::fmt::Write;

/// The invoice types of VeriFactu (TipoFactura, key L2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InvoiceType {
    /// Invoice (RD 1619/2012 arts. 6, 7.2 and 7.3).
    F1,
    /// Simplified invoice (art. 7.1), and invoices without the recipient's identification
    /// (art. 6.1.d).
    F2,
    /// Invoice issued in place of simplified invoices.
    F3,
    /// Credit note: error in law and art. 80 One, Two and Six LIVA.
    R1,
    /// Credit note: art. 80 Three (insolvency proceedings).
    R2,
    /// Credit note: art. 80 Four (uncollectable debts).
    R3,
    /// Credit note: any other reason.
    R4,
    /// Credit note of a simplified invoice.
    R5,
}

impl InvoiceType {
    pub const ALL: [InvoiceType; 8] = [
        InvoiceType::F1,
        InvoiceType::F2,
        InvoiceType::F3,
        InvoiceType::R1,
        InvoiceType::R2,
        InvoiceType::R3,
        InvoiceType::R4,
        InvoiceType::R5,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceType::F1 => "F1",
            InvoiceType::F2 => "F2",
            InvoiceType::F3 => "F3",
            InvoiceType::R1 => "R1",
            InvoiceType::R2 => "R2",
            InvoiceType::R3 => "R3",
            InvoiceType::R4 => "R4",
            InvoiceType::R5 => "R5",
        }
    }
    pub fn parse(s: &str) -> Option<InvoiceType> {
        InvoiceType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
    }
    pub fn is_corrective(self) -> bool {
        matches!(
            self,
            InvoiceType::R1 | InvoiceType::R2 | InvoiceType::R3 | InvoiceType::R4 | InvoiceType::R5
        )
    }
}

/// dd-mm-yyyy, the date format of the records and the QR.
pub fn format_date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// `2024-01-01T19:20:30+01:00`: seconds, and the offset with a colon.
pub fn format_timestamp(t: DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// '.' as decimal point, always two decimals, '-' for negatives: "123.45", "-121.00".
pub fn format_amount(m: Money) -> String {
    m.to_string()
}

/// SHA-256 of the text as UTF-8, 64 upper-case hex characters.
pub fn sha256_upper_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        let _ = write!(out, "{b:02X}");
    }
    out
}

/// A registro de facturación de alta: an invoice was issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alta {
    /// The issuer's NIF (IDEmisorFactura).
    pub issuer_tax_id: String,
    /// Series and number as printed (NumSerieFactura).
    pub number: String,
    pub issue_date: NaiveDate,
    pub invoice_type: InvoiceType,
    /// VAT plus recargo (CuotaTotal).
    pub total_tax: Money,
    /// Base plus VAT plus recargo, before withholding (ImporteTotal).
    pub total_amount: Money,
    /// When the record was generated, with the time zone (FechaHoraHusoGenRegistro).
    pub generated_at: DateTime<FixedOffset>,
}

impl Alta {
    /// The record of issuing `invoice` under `number`.
    pub fn for_invoice(
        issuer_tax_id: &str,
        number: &str,
        invoice: &Invoice,
        generated_at: DateTime<FixedOffset>,
    ) -> Alta {
        Alta {
            issuer_tax_id: issuer_tax_id.trim().to_string(),
            number: number.trim().to_string(),
            issue_date: invoice.issue_date(),
            invoice_type: invoice.invoice_type(),
            total_tax: invoice.totals().tax(),
            total_amount: invoice.totals().gross(),
            generated_at,
        }
    }
}

/// A registro de facturación de anulación: an issued invoice's record was cancelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anulacion {
    /// IDEmisorFacturaAnulada.
    pub issuer_tax_id: String,
    /// NumSerieFacturaAnulada.
    pub number: String,
    /// FechaExpedicionFacturaAnulada.
    pub issue_date: NaiveDate,
    pub generated_at: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Alta(Alta),
    Anulacion(Anulacion),
}

impl Record {
    /// The text that is hashed, given the previous record's fingerprint ("" for the first).
    pub fn hash_input(&self, previous: &str) -> String {
        let prev = previous.trim();
        match self {
            Record::Alta(a) => format!(
                "IDEmisorFactura={}&NumSerieFactura={}&FechaExpedicionFactura={}&TipoFactura={}&CuotaTotal={}&ImporteTotal={}&Huella={}&FechaHoraHusoGenRegistro={}",
                a.issuer_tax_id.trim(),
                a.number.trim(),
                format_date(a.issue_date),
                a.invoice_type.as_str(),
                format_amount(a.total_tax),
                format_amount(a.total_amount),
                prev,
                format_timestamp(a.generated_at),
            ),
            Record::Anulacion(a) => format!(
                "IDEmisorFacturaAnulada={}&NumSerieFacturaAnulada={}&FechaExpedicionFacturaAnulada={}&Huella={}&FechaHoraHusoGenRegistro={}",
                a.issuer_tax_id.trim(),
                a.number.trim(),
                format_date(a.issue_date),
                prev,
                format_timestamp(a.generated_at),
            ),
        }
    }
    /// The record's fingerprint chained to `previous`.
    pub fn fingerprint(&self, previous: &str) -> String {
        sha256_upper_hex(&self.hash_input(previous))
    }
    /// The invoice number the record is about.
    pub fn number(&self) -> &str {
        match self {
            Record::Alta(a) => &a.number,
            Record::Anulacion(a) => &a.number,
        }
    }
    pub fn generated_at(&self) -> DateTime<FixedOffset> {
        match self {
            Record::Alta(a) => a.generated_at,
            Record::Anulacion(a) => a.generated_at,
        }
    }
}

/// A record as the register keeps it: with the previous record's fingerprint and its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainedRecord {
    pub record: Record,
    /// The previous record's fingerprint; empty for the first record.
    pub previous: String,
    pub fingerprint: String,
}

impl ChainedRecord {
    /// Chains `record` after `previous` (`None` for the first record of the register).
    pub fn after(previous: Option<&ChainedRecord>, record: Record) -> ChainedRecord {
        let previous = previous.map(|p| p.fingerprint.clone()).unwrap_or_default();
        let fingerprint = record.fingerprint(&previous);
        ChainedRecord {
            record,
            previous,
            fingerprint,
        }
    }
}

/// Chains records in order from an empty register.
pub fn chain(records: impl IntoIterator<Item = Record>) -> Vec<ChainedRecord> {
    let mut out: Vec<ChainedRecord> = Vec::new();
    for r in records {
        let next = ChainedRecord::after(out.last(), r);
        out.push(next);
    }
    out
}

/// Why a record breaks the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreakReason {
    /// The record does not point at the fingerprint of the record before it (one was
    /// removed, inserted or reordered, or this link was edited).
    WrongPrevious { expected: String, found: String },
    /// The record's fields do not hash to its stored fingerprint (a field was changed).
    WrongFingerprint { expected: String, found: String },
}

/// The first record where the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    /// 0-based position in the register.
    pub index: usize,
    pub number: String,
    pub reason: ChainBreakReason,
}

impl std::fmt::Display for ChainBreak {
    /// "register record 2 (invoice A-3) does not follow the record before it ...".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match &self.reason {
            ChainBreakReason::WrongPrevious { .. } => {
                "does not follow the record before it (a record was removed, inserted or moved)"
            }
            ChainBreakReason::WrongFingerprint { .. } => {
                "no longer matches its fingerprint (its fields were changed)"
            }
        };
        write!(
            f,
            "register record {} (invoice {}) {what}",
            self.index + 1,
            self.number
        )
    }
}

/// Recomputes the chain and names the first broken record: its link to the previous record
/// first, then its own fingerprint.
pub fn verify_chain(records: &[ChainedRecord]) -> Result<(), ChainBreak> {
    let mut expected_previous = String::new();
    for (index, r) in records.iter().enumerate() {
        let number = r.record.number().to_string();
        if r.previous.trim() != expected_previous {
            return Err(ChainBreak {
                index,
                number,
                reason: ChainBreakReason::WrongPrevious {
                    expected: expected_previous,
                    found: r.previous.clone(),
                },
            });
        }
        let fingerprint = r.record.fingerprint(&r.previous);
        if fingerprint != r.fingerprint.trim() {
            return Err(ChainBreak {
                index,
                number,
                reason: ChainBreakReason::WrongFingerprint {
                    expected: fingerprint,
                    found: r.fingerprint.clone(),
                },
            });
        }
        expected_previous = fingerprint;
    }
    Ok(())
}

/// Where the QR points: the AEAT's production service or its test portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AeatEnvironment {
    Production,
    Test,
}

/// Whether the invoicing system sends each record to the AEAT as it is made (VERI*FACTU) or
/// keeps them signed locally; the QR's path differs (the AEAT's QR specification).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrMode {
    Verifactu,
    NoVerifactu,
}

/// The verification URL the invoice's QR encodes: `ValidarQR` (or `ValidarQRNoVerifactu`)
/// with `nif`, `numserie`, `fecha` (dd-mm-yyyy) and `importe` (ImporteTotal), in that order,
/// each value trimmed and percent-encoded as UTF-8 (so `&` in a number travels as `%26`).
pub fn qr_url(
    environment: AeatEnvironment,
    mode: QrMode,
    issuer_tax_id: &str,
    number: &str,
    issue_date: NaiveDate,
    total_amount: Money,
) -> String {
    let host = match environment {
        AeatEnvironment::Production => "https://www2.agenciatributaria.gob.es",
        AeatEnvironment::Test => "https://prewww2.aeat.es",
    };
    let path = match mode {
        QrMode::Verifactu => "ValidarQR",
        QrMode::NoVerifactu => "ValidarQRNoVerifactu",
    };
    format!(
        "{host}/wlpl/TIKE-CONT/{path}?nif={}&numserie={}&fecha={}&importe={}",
        url_encode(issuer_tax_id.trim()),
        url_encode(number.trim()),
        format_date(issue_date),
        url_encode(&format_amount(total_amount)),
    )
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn alta(number: &str, at: &str) -> Record {
        Record::Alta(Alta {
            issuer_tax_id: "89890001K".into(),
            number: number.into(),
            issue_date: d(2024, 1, 1),
            invoice_type: InvoiceType::F1,
            total_tax: Money::parse("12.35").unwrap(),
            total_amount: Money::parse("123.45").unwrap(),
            generated_at: ts(at),
        })
    }

    // The worked examples of section 6 of the AEAT's hash specification (v0.1.2).
    const CASE_1: &str = "3C464DAF61ACB827C65FDA19F352A4E3BDC2C640E9E9FC4CC058073F38F12F60";
    const CASE_2: &str = "F7B94CFD8924EDFF273501B01EE5153E4CE8F259766F88CF6ACB8935802A2B97";
    const CASE_3: &str = "177547C0D57AC74748561D054A9CEC14B4C4EA23D1BEFD6F2E69E3A388F90C68";

    #[test]
    fn aeat_case_1_first_alta() {
        let r = alta("12345678/G33", "2024-01-01T19:20:30+01:00");
        assert_eq!(
            r.hash_input(""),
            "IDEmisorFactura=89890001K&NumSerieFactura=12345678/G33&FechaExpedicionFactura=01-01-2024&TipoFactura=F1&CuotaTotal=12.35&ImporteTotal=123.45&Huella=&FechaHoraHusoGenRegistro=2024-01-01T19:20:30+01:00"
        );
        assert_eq!(r.fingerprint(""), CASE_1);
    }

    #[test]
    fn aeat_case_2_chained_alta() {
        let r = alta("12345679/G34", "2024-01-01T19:20:35+01:00");
        assert_eq!(
            r.hash_input(CASE_1),
            format!("IDEmisorFactura=89890001K&NumSerieFactura=12345679/G34&FechaExpedicionFactura=01-01-2024&TipoFactura=F1&CuotaTotal=12.35&ImporteTotal=123.45&Huella={CASE_1}&FechaHoraHusoGenRegistro=2024-01-01T19:20:35+01:00")
        );
        assert_eq!(r.fingerprint(CASE_1), CASE_2);
    }

    #[test]
    fn aeat_case_3_anulacion() {
        let r = Record::Anulacion(Anulacion {
            issuer_tax_id: "89890001K".into(),
            number: "12345679/G34".into(),
            issue_date: d(2024, 1, 1),
            generated_at: ts("2024-01-01T19:20:40+01:00"),
        });
        assert_eq!(
            r.hash_input(CASE_2),
            format!("IDEmisorFacturaAnulada=89890001K&NumSerieFacturaAnulada=12345679/G34&FechaExpedicionFacturaAnulada=01-01-2024&Huella={CASE_2}&FechaHoraHusoGenRegistro=2024-01-01T19:20:40+01:00")
        );
        assert_eq!(r.fingerprint(CASE_2), CASE_3);
    }

    #[test]
    fn values_are_trimmed() {
        let mut r = alta("12345678/G33", "2024-01-01T19:20:30+01:00");
        if let Record::Alta(a) = &mut r {
            a.number = "  12345678/G33 ".into();
            a.issuer_tax_id = " 89890001K".into();
        }
        assert_eq!(r.fingerprint(" "), CASE_1);
    }

    #[test]
    fn the_official_chain_verifies_and_a_changed_field_is_named() {
        let mut records = chain([
            alta("12345678/G33", "2024-01-01T19:20:30+01:00"),
            alta("12345679/G34", "2024-01-01T19:20:35+01:00"),
            Record::Anulacion(Anulacion {
                issuer_tax_id: "89890001K".into(),
                number: "12345679/G34".into(),
                issue_date: d(2024, 1, 1),
                generated_at: ts("2024-01-01T19:20:40+01:00"),
            }),
        ]);
        let prints: Vec<&str> = records.iter().map(|r| r.fingerprint.as_str()).collect();
        assert_eq!(prints, [CASE_1, CASE_2, CASE_3]);
        assert_eq!(verify_chain(&records), Ok(()));

        // Change the second record's total: it is the one named.
        if let Record::Alta(a) = &mut records[1].record {
            a.total_amount = Money::parse("1123.45").unwrap();
        }
        let err = verify_chain(&records).unwrap_err();
        assert_eq!(err.index, 1);
        assert_eq!(err.number, "12345679/G34");
        assert!(matches!(
            err.reason,
            ChainBreakReason::WrongFingerprint { ref found, .. } if found == CASE_2
        ));
        assert!(err.to_string().contains("its fields were changed"), "{err}");
    }

    #[test]
    fn a_removed_record_breaks_the_link_of_the_next() {
        let mut records = chain([
            alta("A-1", "2024-01-01T10:00:00+01:00"),
            alta("A-2", "2024-01-01T10:00:01+01:00"),
            alta("A-3", "2024-01-01T10:00:02+01:00"),
        ]);
        records.remove(1);
        let err = verify_chain(&records).unwrap_err();
        assert_eq!(err.index, 1);
        assert_eq!(err.number, "A-3");
        assert!(matches!(err.reason, ChainBreakReason::WrongPrevious { .. }));
        assert!(err.to_string().contains("record 2 (invoice A-3)"), "{err}");
    }

    #[test]
    fn qr_url_follows_the_aeat_example() {
        // The QR specification's example: nif 89890001K, numserie 12345678&G33, 01-01-2024,
        // importe 241.4 (we always write two decimals, as in the record).
        assert_eq!(
            qr_url(
                AeatEnvironment::Test,
                QrMode::Verifactu,
                "89890001K",
                "12345678&G33",
                d(2024, 1, 1),
                Money::parse("241.4").unwrap()
            ),
            "https://prewww2.aeat.es/wlpl/TIKE-CONT/ValidarQR?nif=89890001K&numserie=12345678%26G33&fecha=01-01-2024&importe=241.40"
        );
        assert_eq!(
            qr_url(
                AeatEnvironment::Production,
                QrMode::NoVerifactu,
                "B12345674",
                "R2027/0001 á",
                d(2027, 3, 9),
                Money::parse("-121").unwrap()
            ),
            "https://www2.agenciatributaria.gob.es/wlpl/TIKE-CONT/ValidarQRNoVerifactu?nif=B12345674&numserie=R2027%2F0001%20%C3%A1&fecha=09-03-2027&importe=-121.00"
        );
    }

    #[test]
    fn invoice_types_round_trip() {
        for t in InvoiceType::ALL {
            assert_eq!(InvoiceType::parse(t.as_str()), Some(t));
        }
        assert!(InvoiceType::R5.is_corrective());
        assert!(!InvoiceType::F3.is_corrective());
    }
}
