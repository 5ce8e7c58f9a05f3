//! Bank statement files: fixtures written for these tests (see assets/README.md, "Bank
//! statement fixtures") in each format, awkward ones included, and the refusals.

use chrono::NaiveDate;
use trastienda_core::bank::{
    check_balances, detect, fingerprints, parse_camt053, parse_csv, parse_norma43, parse_ofx,
    BankLine, CsvMapping, Format, Statement, StatementAccount,
};
use trastienda_core::{Money, Problem};

fn fixture(name: &str) -> Vec<u8> {
    let p = format!("{}/tests/fixtures/bank/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn eur(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn amounts(a: &StatementAccount) -> Vec<String> {
    a.lines.iter().map(|l| l.amount.to_string()).collect()
}

fn every_problem_has_a_place(ps: &[Problem]) {
    assert!(!ps.is_empty());
    for p in ps {
        assert!(p.row.is_some() && p.field.is_some(), "{p:?}");
    }
}

#[test]
fn format_names_and_detection() {
    for f in [Format::Csv, Format::Norma43, Format::Camt053, Format::Ofx] {
        assert_eq!(Format::parse(f.as_str()), Some(f));
    }
    assert_eq!(Format::parse("xls"), None);
    assert_eq!(
        detect(&fixture("n43-two-accounts-1252.n43")),
        Some(Format::Norma43)
    );
    // Detected by its header, so the parser can name the bad record.
    assert_eq!(detect(&fixture("n43-broken.n43")), Some(Format::Norma43));
    assert_eq!(detect(b"11 not a header\n"), None);
    assert_eq!(detect(b"1234,5678,10.00\n"), None);
    assert_eq!(
        detect(&fixture("camt053-batched.xml")),
        Some(Format::Camt053)
    );
    assert_eq!(detect(&fixture("ofx1-sgml.ofx")), Some(Format::Ofx));
    assert_eq!(detect(&fixture("ofx2-xml.ofx")), Some(Format::Ofx));
    assert_eq!(detect(&fixture("csv-decimal-comma-1252.csv")), None);
    assert_eq!(
        detect(b"<?xml version=\"1.0\"?><Document><pain/></Document>"),
        None
    );
    assert_eq!(detect(b""), None);
}

#[test]
fn norma43_two_accounts_windows_1252_and_concept_records() {
    let s = parse_norma43(&fixture("n43-two-accounts-1252.n43")).unwrap();
    assert_eq!(s.format, Format::Norma43);
    assert_eq!(s.accounts.len(), 2);
    let a = &s.accounts[0];
    assert_eq!(a.account_id, "210004180200051332");
    assert_eq!(a.currency, "EUR");
    assert_eq!(a.opening_balance, Some(eur("1500.00")));
    assert_eq!(a.closing_balance, Some(eur("2644.50")));
    assert_eq!((a.from, a.to), (Some(d(2026, 3, 1)), Some(d(2026, 3, 31))));
    assert_eq!(amounts(a), ["1210.00", "-45.50", "-10.00", "-10.00"]);
    let first = &a.lines[0];
    assert_eq!(first.date, d(2026, 3, 2));
    assert_eq!(first.value_date, Some(d(2026, 3, 2)));
    assert_eq!(
        first.description,
        "TRANSF. DE CAMPAÑA ÁGRIL SL FRA F2026-0001 PAGO MARZO"
    );
    assert_eq!(first.reference, "F2026-0001");
    assert_eq!(first.source_line, 2);
    assert_eq!(a.lines[1].description, "RECIBO LUZ");
    assert_eq!(a.lines[1].source_line, 5);

    let b = &s.accounts[1];
    assert_eq!(b.account_id, "004915001234567890");
    assert_eq!(b.opening_balance, Some(eur("-200.00")));
    assert_eq!(b.closing_balance, Some(eur("300.00")));
    assert_eq!(b.lines[0].description, "NIÑOS Y ÁRBOLES SA");
    assert_eq!(b.lines[0].value_date, Some(d(2026, 3, 16)));
    assert_eq!(b.lines[0].reference, "0000001234");
    assert!(check_balances(&s).is_empty());

    // The same file in UTF-8 reads the same.
    let text: String = fixture("n43-two-accounts-1252.n43")
        .iter()
        .map(|&b| char::from(b))
        .collect();
    assert_eq!(parse_norma43(text.as_bytes()).unwrap(), s);
}

#[test]
fn norma43_broken_file_names_the_lines() {
    let ps = parse_norma43(&fixture("n43-broken.n43")).unwrap_err();
    every_problem_has_a_place(&ps);
    let at = |row: u32, field: &str| {
        ps.iter()
            .any(|p| p.row == Some(row) && p.field.as_deref() == Some(field))
    };
    assert!(at(3, "length"), "{ps:#?}");
    assert!(at(5, "totals"), "{ps:#?}");
    assert!(at(5, "closing_balance"), "{ps:#?}");
    assert!(at(6, "record_count"), "{ps:#?}");
    let totals = ps
        .iter()
        .find(|p| p.row == Some(5) && p.message.contains("total debits"))
        .unwrap();
    assert!(
        totals.message.contains("99.99") && totals.message.contains("10.00"),
        "{totals:?}"
    );

    // Order and structure.
    let ps = parse_norma43(b"22    0418260302260302020012000000001210000000000000\n").unwrap_err();
    every_problem_has_a_place(&ps);
    assert!(ps
        .iter()
        .any(|p| p.field.as_deref() == Some("record") && p.row == Some(1)));
    assert!(parse_norma43(b"").is_err());
    assert!(parse_norma43(b"99 not a record\n").is_err());
}

#[test]
fn camt053_batched_entry_balances_and_pending() {
    let s = parse_camt053(&fixture("camt053-batched.xml")).unwrap();
    assert_eq!(s.format, Format::Camt053);
    let a = &s.accounts[0];
    assert_eq!(a.account_id, "ES9121000418450200051332");
    assert_eq!(a.currency, "EUR");
    assert_eq!(a.opening_balance, Some(eur("1000.00")));
    assert_eq!(a.closing_balance, Some(eur("1530.00")));
    assert_eq!((a.from, a.to), (Some(d(2026, 3, 1)), Some(d(2026, 3, 31))));
    // The batch gives three lines; the pending entry none.
    assert_eq!(amounts(a), ["100.00", "200.00", "300.00", "-70.00"]);
    assert_eq!(a.lines[0].counterparty, "Panadería Núñez SL");
    assert_eq!(a.lines[0].reference, "F2026-0007");
    assert_eq!(a.lines[0].description, "Factura F2026-0007");
    assert_eq!(a.lines[1].counterparty, "Bar & Café Sol");
    assert_eq!(
        a.lines[2].reference, "BATCH-0310",
        "NOTPROVIDED falls back to the entry's"
    );
    assert!(a.lines.iter().take(3).all(|l| l.date == d(2026, 3, 10)));
    let fee = &a.lines[3];
    assert_eq!(fee.date, d(2026, 3, 15));
    assert_eq!(fee.value_date, Some(d(2026, 3, 14)));
    assert_eq!(fee.counterparty, "Eléctrica del Sur");
    assert_eq!(fee.description, "Recibo luz marzo");
    assert_eq!(fee.reference, "REC-0315");
    assert!(a.lines[0].source_line > 30);
    assert!(check_balances(&s).is_empty());

    // A batch whose transactions do not add up stays one line.
    let text = String::from_utf8(fixture("camt053-batched.xml")).unwrap();
    let odd = text.replace(">300.00<", ">299.00<");
    let s = parse_camt053(odd.as_bytes()).unwrap();
    assert_eq!(amounts(&s.accounts[0]), ["600.00", "-70.00"]);
}

#[test]
fn camt053_refusals_name_the_line() {
    let text = String::from_utf8(fixture("camt053-batched.xml")).unwrap();
    let ps = parse_camt053(
        text.replace("<Amt Ccy=\"EUR\">70.00", "<Amt Ccy=\"EUR\">7O.00")
            .as_bytes(),
    )
    .unwrap_err();
    every_problem_has_a_place(&ps);
    assert_eq!(ps[0].field.as_deref(), Some("amount"));
    assert_eq!(ps[0].row, Some(62));
    let ps = parse_camt053(
        text.replace(
            "<Dt>2026-03-10</Dt></BookgDt>",
            "<Dt>2026-02-30</Dt></BookgDt>",
        )
        .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(ps[0].field.as_deref(), Some("date"));
    let ps = parse_camt053(
        text.replace("</Ntry>\n      <Ntry>", "\n      <Ntry>")
            .as_bytes(),
    )
    .unwrap_err();
    every_problem_has_a_place(&ps);
    assert_eq!(ps[0].field.as_deref(), Some("xml"));
    let ps = parse_camt053(b"<?xml version=\"1.0\"?><Document><CstmrCdtTrfInitn/></Document>")
        .unwrap_err();
    assert!(ps[0].message.contains("not a CAMT.053"), "{ps:?}");
    every_problem_has_a_place(&ps);
    assert!(parse_camt053(b"not xml at all").is_err());
}

#[test]
fn ofx_sgml_and_xml() {
    let s = parse_ofx(&fixture("ofx1-sgml.ofx")).unwrap();
    assert_eq!(s.format, Format::Ofx);
    let a = &s.accounts[0];
    assert_eq!(a.account_id, "210004180200051332");
    assert_eq!(a.currency, "EUR");
    assert_eq!(amounts(a), ["1210.00", "-45.50"]);
    assert_eq!(a.lines[0].date, d(2026, 3, 2));
    assert_eq!(a.lines[0].reference, "2026030201");
    assert_eq!(a.lines[0].counterparty, "AGRIL SL");
    assert_eq!(a.lines[0].description, "Transferencia factura F2026-0001");
    assert_eq!(a.lines[1].description, "Recibo luz & gas");
    assert_eq!(a.lines[0].source_line, 40);
    assert_eq!(a.closing_balance, Some(eur("2664.50")));
    assert_eq!(a.opening_balance, None);
    assert_eq!((a.from, a.to), (Some(d(2026, 3, 1)), Some(d(2026, 3, 31))));

    let s = parse_ofx(&fixture("ofx2-xml.ofx")).unwrap();
    let a = &s.accounts[0];
    assert_eq!(a.account_id, "ES9121000418450200051332");
    assert_eq!(amounts(a), ["300.00", "-2.50"]);
    assert_eq!(a.lines[1].description, "Comisión mantenimiento");
    assert_eq!(a.lines[1].date, d(2026, 3, 31));
    assert_eq!(a.closing_balance, Some(eur("297.50")));

    let text = String::from_utf8(fixture("ofx1-sgml.ofx")).unwrap();
    let ps = parse_ofx(text.replace("<TRNAMT>-45.50", "<TRNAMT>-45,5x").as_bytes()).unwrap_err();
    every_problem_has_a_place(&ps);
    assert_eq!(
        (ps[0].row, ps[0].field.as_deref()),
        (Some(51), Some("amount"))
    );
    // An empty leaf in SGML does not swallow what follows.
    let s = parse_ofx(text.replace("<NAME>AGRIL SL", "<NAME>").as_bytes()).unwrap();
    assert_eq!(s.accounts[0].lines[0].counterparty, "");
    assert_eq!(amounts(&s.accounts[0]), ["1210.00", "-45.50"]);
    assert_eq!(
        s.accounts[0].lines[0].description,
        "Transferencia factura F2026-0001"
    );
    let ps = parse_ofx(b"OFXHEADER:100\n\n<NOTOFX>").unwrap_err();
    every_problem_has_a_place(&ps);
}

fn comma_mapping() -> CsvMapping {
    CsvMapping {
        delimiter: b';',
        windows_1252: true,
        skip_rows: 1,
        has_header: true,
        date_format: "%d/%m/%Y".into(),
        decimal_comma: true,
        col_date: 1,
        col_value_date: 2,
        col_description: 3,
        col_amount: 4,
        col_debit: 0,
        col_credit: 0,
        col_balance: 5,
        col_reference: 0,
    }
}

#[test]
fn csv_decimal_comma_windows_1252() {
    let s = parse_csv(&fixture("csv-decimal-comma-1252.csv"), &comma_mapping()).unwrap();
    assert_eq!(s.format, Format::Csv);
    let a = &s.accounts[0];
    assert_eq!(a.account_id, "");
    assert_eq!(amounts(a), ["1210.00", "-45.50", "-10.00"]);
    assert_eq!(a.lines[0].description, "Transferencia de Campaña Ágril");
    assert_eq!(a.lines[1].description, "Recibo luz; marzo");
    assert_eq!(a.lines[0].balance_after, Some(eur("2710.00")));
    assert_eq!(a.lines[0].source_line, 3);
    assert_eq!(a.opening_balance, Some(eur("1500.00")));
    assert_eq!(a.closing_balance, Some(eur("2654.50")));
    assert!(check_balances(&s).is_empty());
}

#[test]
fn csv_debit_and_credit_columns_newest_first() {
    let m = CsvMapping {
        delimiter: b',',
        windows_1252: false,
        skip_rows: 0,
        has_header: true,
        date_format: "%Y-%m-%d".into(),
        decimal_comma: false,
        col_date: 1,
        col_value_date: 0,
        col_description: 2,
        col_amount: 0,
        col_debit: 3,
        col_credit: 4,
        col_balance: 5,
        col_reference: 6,
    };
    let s = parse_csv(&fixture("csv-debit-credit.csv"), &m).unwrap();
    let a = &s.accounts[0];
    assert_eq!(amounts(a), ["-2.50", "1000.00", "-500.00"]);
    assert_eq!(a.lines[1].reference, "R2");
    assert_eq!(a.opening_balance, Some(eur("800.00")));
    assert_eq!(a.closing_balance, Some(eur("1297.50")));
    assert!(check_balances(&s).is_empty());
}

#[test]
fn csv_mapping_that_does_not_fit_lists_the_rows() {
    let mut m = comma_mapping();
    m.windows_1252 = false;
    m.skip_rows = 0;
    m.col_value_date = 0;
    m.col_description = 2;
    m.col_amount = 3;
    m.col_balance = 0;
    let ps = parse_csv(&fixture("csv-bad-mapping.csv"), &m).unwrap_err();
    every_problem_has_a_place(&ps);
    let rows: Vec<(u32, &str)> = ps
        .iter()
        .map(|p| (p.row.unwrap(), p.field.as_deref().unwrap()))
        .collect();
    assert_eq!(rows, [(3, "date"), (4, "amount"), (5, "amount")], "{ps:#?}");

    // UTF-8 expected, Windows-1252 given.
    let ps = parse_csv(
        &fixture("csv-decimal-comma-1252.csv"),
        &comma_mapping_utf8(),
    )
    .unwrap_err();
    assert_eq!(
        (ps[0].row, ps[0].field.as_deref()),
        (Some(3), Some("encoding"))
    );
    // A mapping without a date column.
    let mut m = comma_mapping();
    m.col_date = 0;
    let ps = parse_csv(b"x", &m).unwrap_err();
    assert_eq!(ps[0].field.as_deref(), Some("col_date"));
}

fn comma_mapping_utf8() -> CsvMapping {
    CsvMapping {
        windows_1252: false,
        ..comma_mapping()
    }
}

fn line(day: u32, cents: i64, desc: &str, reference: &str) -> BankLine {
    BankLine {
        date: d(2026, 3, day),
        value_date: None,
        amount: Money::from_cents(cents),
        description: desc.into(),
        reference: reference.into(),
        counterparty: String::new(),
        balance_after: None,
        source_line: day,
    }
}

#[test]
fn check_balances_reports_a_mismatch_with_both_figures() {
    let mut s = parse_norma43(&fixture("n43-two-accounts-1252.n43")).unwrap();
    s.accounts[1].closing_balance = Some(eur("299.00"));
    let ps = check_balances(&s);
    assert_eq!(ps.len(), 1);
    assert_eq!(ps[0].field.as_deref(), Some("closing_balance"));
    assert!(
        ps[0].message.contains("300.00") && ps[0].message.contains("299.00"),
        "{}",
        ps[0].message
    );
    let none = Statement {
        format: Format::Csv,
        accounts: vec![],
    };
    assert!(check_balances(&none).is_empty());
}

#[test]
fn fingerprints_number_identical_lines_and_are_stable() {
    let a = StatementAccount {
        account_id: "X".into(),
        currency: "EUR".into(),
        opening_balance: None,
        closing_balance: None,
        from: None,
        to: None,
        lines: vec![
            line(10, -1000, "Comisión  mantenimiento", "r1"),
            line(10, -1000, "COMISION mantenimiento", " R1 "),
            line(11, -1000, "Comisión mantenimiento", "r1"),
        ],
    };
    let f = fingerprints(&a);
    assert_eq!(f[0], "2026-03-10|-10.00|R1|COMISION MANTENIMIENTO#1");
    assert_eq!(f[1], "2026-03-10|-10.00|R1|COMISION MANTENIMIENTO#2");
    assert_eq!(f[2], "2026-03-11|-10.00|R1|COMISION MANTENIMIENTO#1");

    let bytes = fixture("n43-two-accounts-1252.n43");
    let one = parse_norma43(&bytes).unwrap();
    let two = parse_norma43(&bytes).unwrap();
    let f1 = fingerprints(&one.accounts[0]);
    assert_eq!(f1, fingerprints(&two.accounts[0]));
    // The two identical fees of the Norma 43 file.
    assert!(f1[2].ends_with("#1") && f1[3].ends_with("#2"), "{f1:?}");
    assert_eq!(f1[2].trim_end_matches("#1"), f1[3].trim_end_matches("#2"));
}
