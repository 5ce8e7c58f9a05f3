//! SEPA credit transfer files (pain.001.001.03): a hand-computed payment run checked figure by
//! figure and validated against the ISO 20022 schema with `xmllint` (Debian `libxml2-utils`,
//! installed by scripts/setup-system.sh; missing, these tests fail rather than skip), a
//! corrupted file the validator must reject, and the refusals.

use chrono::NaiveDate;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use trastienda_core::iban::{BicError, IbanError};
use trastienda_core::sepa::{
    control_sum_cents, pain_001_001_03, CreditTransferRun, Debtor, IdError, SepaError, Transfer,
    TransferProblem,
};

const SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/pain.001.001.03.xsd"
);

fn transfer(
    id: &str,
    name: &str,
    iban: &str,
    bic: Option<&str>,
    cents: i64,
    rem: &str,
) -> Transfer {
    Transfer {
        end_to_end_id: id.into(),
        creditor_name: name.into(),
        creditor_iban: iban.into(),
        creditor_bic: bic.map(Into::into),
        amount_cents: cents,
        remittance: rem.into(),
    }
}

/// Three bills: 850.00 + 384.51 + 0.05 = 1234.56 EUR.
fn run() -> CreditTransferRun {
    CreditTransferRun {
        message_id: "PAGO-2026-11-27-001".into(),
        created_at: NaiveDate::from_ymd_opt(2026, 11, 27)
            .unwrap()
            .and_hms_opt(9, 30, 5)
            .unwrap(),
        execution_date: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        debtor: Debtor {
            name: "Trastienda Ñu & Cía, S.L.".into(),
            iban: "es91 2100 0418 4502 0005 1332".into(),
            bic: None,
            tax_id: "B-12.345.674".into(),
        },
        transfers: vec![
            transfer(
                "FRA-2026/17",
                "Papelería Núñez & Hijos, S.L.",
                "ES76 2077 0024 0031 0257 5766",
                Some("caix es bb xxx"),
                85_000,
                "Fras. 2026/17 & 2026/18 <urgente>",
            ),
            transfer(
                "FRA-2026/18",
                "L'Olivera Güell i Fàbregas, S.ª",
                "DE89 3704 0044 0532 0130 00",
                Some("COBADEFFXXX"),
                38_451,
                "Factura nº 4711 — 384,51 €",
            ),
            transfer(
                "FRA-2026/19",
                "Óptica Çağlar & Ñandú",
                "NL91ABNA0417164300",
                None,
                5,
                "",
            ),
        ],
    }
}

static SEQ: AtomicUsize = AtomicUsize::new(0);

/// Validates `xml` against the schema; Ok(()) or Err(xmllint's message). Panics when xmllint
/// cannot be run: a missing validator must not pass as a valid file.
fn xmllint(xml: &str, name: &str) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!(
        "trastienda-sepa-{}-{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let file: PathBuf = dir.join(format!("{name}.xml"));
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(SCHEMA)
        .arg(&file)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run xmllint ({e}): install Debian's libxml2-utils \
                 (scripts/setup-system.sh); the SEPA schema tests need it"
            )
        });
    let _ = std::fs::remove_dir_all(&dir);
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// The texts of every `<tag>` element, in order.
fn texts(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    let close = format!("</{}>", tag.split(' ').next().unwrap());
    xml.split(&open)
        .skip(1)
        .map(|s| s[..s.find(&close).unwrap()].to_string())
        .collect()
}

#[test]
fn a_payment_run_validates_against_the_schema_and_carries_the_figures() {
    let xml = pain_001_001_03(&run()).unwrap();
    if let Err(e) = xmllint(&xml, "run") {
        panic!("xmllint rejected the file:\n{e}\n{xml}");
    }

    // Group header and payment block both count 3 and sum 85000 + 38451 + 5 = 123456 cents.
    assert_eq!(control_sum_cents(&run()), 123_456);
    assert_eq!(texts(&xml, "NbOfTxs"), ["3", "3"]);
    assert_eq!(texts(&xml, "CtrlSum"), ["1234.56", "1234.56"]);
    assert_eq!(texts(&xml, "MsgId"), ["PAGO-2026-11-27-001"]);
    assert_eq!(texts(&xml, "PmtInfId"), ["PAGO-2026-11-27-001"]);
    assert_eq!(texts(&xml, "CreDtTm"), ["2026-11-27T09:30:05"]);
    assert_eq!(texts(&xml, "ReqdExctnDt"), ["2026-11-30"]);
    assert_eq!(texts(&xml, "PmtMtd"), ["TRF"]);
    assert_eq!(texts(&xml, "BtchBookg"), ["true"]);
    assert_eq!(texts(&xml, "ChrgBr"), ["SLEV"]);
    assert!(xml.contains("<SvcLvl>\n          <Cd>SEPA</Cd>"), "{xml}");
    assert!(xml.contains("xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\""));

    // Amounts from cents, in order.
    assert_eq!(
        texts(&xml, "InstdAmt Ccy=\"EUR\""),
        ["850.00", "384.51", "0.05"]
    );
    assert_eq!(
        texts(&xml, "EndToEndId"),
        ["FRA-2026/17", "FRA-2026/18", "FRA-2026/19"]
    );

    // Names: the debtor twice (InitgPty, Dbtr), then the creditors; accents lose their marks,
    // '&' becomes '+', º/ª are dropped, the apostrophe stays (escaped).
    assert_eq!(
        texts(&xml, "Nm"),
        [
            "Trastienda Nu + Cia, S.L.",
            "Trastienda Nu + Cia, S.L.",
            "Papeleria Nunez + Hijos, S.L.",
            "L&apos;Olivera Guell i Fabregas, S.",
            "Optica Caglar + Nandu",
        ]
    );
    // Remittance: converted the same way; the third transfer has none, so no RmtInf.
    assert_eq!(
        texts(&xml, "Ustrd"),
        [
            "Fras. 2026/17 + 2026/18 urgente",
            "Factura n 4711 - 384,51 EUR"
        ]
    );
    assert_eq!(texts(&xml, "RmtInf").len(), 2);

    // Initiating party: the tax id normalised, with the "000" suffix.
    assert_eq!(
        texts(&xml, "Othr")[0]
            .split_whitespace()
            .collect::<String>(),
        "<Id>B12345674000</Id>"
    );
    // No debtor BIC: the agent is NOTPROVIDED. Creditor agents only for the two with a BIC.
    assert!(
        xml.contains(
            "<DbtrAgt>\n        <FinInstnId>\n          <Othr>\n            <Id>NOTPROVIDED</Id>"
        ),
        "{xml}"
    );
    assert_eq!(texts(&xml, "CdtrAgt").len(), 2);
    assert_eq!(texts(&xml, "BIC"), ["CAIXESBBXXX", "COBADEFFXXX"]);
    // IBANs in electronic format: debtor, then creditors.
    assert_eq!(
        texts(&xml, "IBAN"),
        [
            "ES9121000418450200051332",
            "ES7620770024003102575766",
            "DE89370400440532013000",
            "NL91ABNA0417164300",
        ]
    );
}

#[test]
fn a_debtor_bic_is_written_and_long_text_is_cut() {
    let mut r = run();
    r.debtor.bic = Some("CAIXESBBXXX".into());
    r.transfers[0].creditor_name = format!("{} Ñ", "A".repeat(69));
    r.transfers[0].remittance = "é".repeat(200);
    let xml = pain_001_001_03(&r).unwrap();
    if let Err(e) = xmllint(&xml, "bic") {
        panic!("xmllint rejected the file:\n{e}\n{xml}");
    }
    assert!(!xml.contains("NOTPROVIDED"));
    assert_eq!(texts(&xml, "BIC")[0], "CAIXESBBXXX");
    // 69 A's, a space and the N would be 71: cut to 70, then the trailing space trimmed.
    assert_eq!(texts(&xml, "Nm")[2], "A".repeat(69));
    assert_eq!(texts(&xml, "Ustrd")[0], "e".repeat(140));
}

#[test]
fn the_validator_rejects_a_broken_file() {
    let xml = pain_001_001_03(&run()).unwrap();
    assert_eq!(xmllint(&xml, "good"), Ok(()));

    // The required execution date removed.
    let no_date: String = xml
        .lines()
        .filter(|l| !l.contains("<ReqdExctnDt>"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(no_date, xml);
    let err = xmllint(&no_date, "no-date").unwrap_err();
    assert!(err.contains("fails to validate"), "{err}");

    // A decimal comma in an amount.
    let comma = xml.replace(">850.00<", ">850,00<");
    assert_ne!(comma, xml);
    let err = xmllint(&comma, "comma").unwrap_err();
    assert!(err.contains("InstdAmt"), "{err}");
}

fn transfer_error(r: &CreditTransferRun) -> (usize, String, TransferProblem, String) {
    match pain_001_001_03(r).unwrap_err() {
        e @ SepaError::Transfer { .. } => {
            let msg = e.to_string();
            let SepaError::Transfer {
                position,
                creditor,
                problem,
            } = e
            else {
                unreachable!()
            };
            (position, creditor, problem, msg)
        }
        other => panic!("expected a transfer error, got {other:?}"),
    }
}

#[test]
fn an_empty_run_is_refused() {
    let mut r = run();
    r.transfers.clear();
    let e = pain_001_001_03(&r).unwrap_err();
    assert_eq!(e, SepaError::NoTransfers);
    assert_eq!(e.to_string(), "a payment run needs at least one transfer");
    assert_eq!(e.code(), "no_transfers");
}

#[test]
fn amounts_must_be_positive_and_at_most_the_maximum() {
    let mut r = run();
    r.transfers[1].amount_cents = 0;
    let (pos, creditor, problem, msg) = transfer_error(&r);
    assert_eq!(
        (pos, creditor.as_str()),
        (2, "L'Olivera Güell i Fàbregas, S.ª")
    );
    assert_eq!(problem, TransferProblem::AmountNotPositive(0));
    assert_eq!(
        msg,
        "transfer 2 (L'Olivera Güell i Fàbregas, S.ª): the amount must be more than 0.00, it is 0.00"
    );

    r.transfers[1].amount_cents = -150;
    let (_, _, problem, msg) = transfer_error(&r);
    assert_eq!(problem, TransferProblem::AmountNotPositive(-150));
    assert!(msg.ends_with("it is -1.50"), "{msg}");

    // 999999999.99 is the largest; one cent more is refused.
    r.transfers[1].amount_cents = 99_999_999_999;
    let xml = pain_001_001_03(&r).unwrap();
    assert!(xml.contains(">999999999.99<"));
    assert_eq!(xmllint(&xml, "max"), Ok(()));
    r.transfers[1].amount_cents = 100_000_000_000;
    let (_, _, problem, _) = transfer_error(&r);
    assert_eq!(problem, TransferProblem::AmountTooLarge(100_000_000_000));
}

#[test]
fn a_bad_iban_names_the_transfer_and_its_creditor() {
    let mut r = run();
    r.transfers[2].creditor_name = "Papelera Sur SL".into();
    // Two digits swapped.
    r.transfers[2].creditor_iban = "NL91ABNA0417164030".into();
    let (pos, creditor, problem, msg) = transfer_error(&r);
    assert_eq!((pos, creditor.as_str()), (3, "Papelera Sur SL"));
    assert_eq!(
        problem,
        TransferProblem::Iban {
            iban: "NL91ABNA0417164030".into(),
            error: IbanError::Checksum
        }
    );
    assert!(
        msg.starts_with("transfer 3 (Papelera Sur SL): the IBAN NL91ABNA0417164030: the IBAN's check digits do not match"),
        "{msg}"
    );

    // The debtor's IBAN too, and a non-SEPA account.
    let mut r = run();
    r.debtor.iban = "ES91 2100 0418 4502 0005 1333".into();
    let e = pain_001_001_03(&r).unwrap_err();
    assert!(matches!(e, SepaError::DebtorIban { .. }), "{e:?}");
    assert!(e.to_string().starts_with("the debtor's IBAN ES91"), "{e}");

    let mut r = run();
    r.transfers[0].creditor_iban = "BR1800360305000010009795493C1".into();
    let (_, _, problem, _) = transfer_error(&r);
    assert!(
        matches!(problem, TransferProblem::IbanNotSepa(_)),
        "{problem:?}"
    );
}

#[test]
fn a_bic_must_have_8_or_11_characters() {
    let mut r = run();
    r.transfers[0].creditor_bic = Some("CAIXESBB1".into());
    let (pos, _, problem, _) = transfer_error(&r);
    assert_eq!(pos, 1);
    assert_eq!(
        problem,
        TransferProblem::Bic {
            bic: "CAIXESBB1".into(),
            error: BicError::Length(9)
        }
    );
    // An empty BIC is no BIC.
    r.transfers[0].creditor_bic = Some(" ".into());
    let xml = pain_001_001_03(&r).unwrap();
    assert_eq!(texts(&xml, "CdtrAgt").len(), 1);
}

#[test]
fn identifiers_are_checked_not_converted() {
    let mut r = run();
    r.message_id = "M".repeat(36);
    let e = pain_001_001_03(&r).unwrap_err();
    assert_eq!(
        e,
        SepaError::MessageId {
            id: "M".repeat(36),
            error: IdError::TooLong(36)
        }
    );
    assert!(e
        .to_string()
        .ends_with("has 36 characters, at most 35 are allowed"));
    r.message_id = "M".repeat(35);
    assert!(pain_001_001_03(&r).is_ok());

    let mut r = run();
    r.transfers[1].end_to_end_id = format!("FRA-{}", "9".repeat(32));
    let (pos, _, problem, _) = transfer_error(&r);
    assert_eq!(pos, 2);
    assert!(
        matches!(
            problem,
            TransferProblem::EndToEndId {
                error: IdError::TooLong(36),
                ..
            }
        ),
        "{problem:?}"
    );

    r.transfers[1].end_to_end_id = "FRA-Ñ".into();
    let (_, _, problem, _) = transfer_error(&r);
    assert!(
        matches!(
            problem,
            TransferProblem::EndToEndId {
                error: IdError::Character('Ñ'),
                ..
            }
        ),
        "{problem:?}"
    );

    r.transfers[1].end_to_end_id = "FRA-2026/17".into();
    let (pos, _, problem, msg) = transfer_error(&r);
    assert_eq!(pos, 2);
    assert_eq!(
        problem,
        TransferProblem::DuplicateEndToEndId("FRA-2026/17".into(), 1)
    );
    assert!(msg.ends_with("is already used by transfer 1"), "{msg}");
}

#[test]
fn the_execution_date_cannot_precede_the_file() {
    let mut r = run();
    r.execution_date = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let e = pain_001_001_03(&r).unwrap_err();
    assert_eq!(e.code(), "execution_date");
    // Same day is fine.
    r.execution_date = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    assert!(pain_001_001_03(&r).is_ok());
}
