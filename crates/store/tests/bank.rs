//! Bank and cash accounts, CSV layouts, and importing statements: the account rules named by
//! field, an overlapping re-import adding only the new lines, a multi-account file, a statement
//! for another account refused naming both, a closing balance mismatch reported, and nothing
//! written when an import is refused.

mod common;

use chrono::NaiveDate;
use common::*;
use trastienda_core::bank::{BankLine, Format, Statement, StatementAccount};
use trastienda_core::{Money, ProblemCode};
use trastienda_store::{BankAccountInput, BankLineFilter, Company, CsvMappingInput, StoreError};

const IBAN: &str = "ES9121000418450200051332";
/// The Norma 43 bank + branch + account of `IBAN`.
const N43_ID: &str = "210004180200051332";
const OTHER_IBAN: &str = "ES7921000813610123456789";

fn fields<T: std::fmt::Debug>(r: Result<T, StoreError>) -> Vec<(String, ProblemCode)> {
    match r {
        Err(StoreError::Invalid(p)) => p
            .into_iter()
            .map(|p| (p.field.unwrap_or_default(), p.code))
            .collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 2, day).unwrap()
}

fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn line(day: u32, amount: &str, description: &str) -> BankLine {
    BankLine {
        date: d(day),
        value_date: Some(d(day)),
        amount: m(amount),
        description: description.into(),
        reference: String::new(),
        counterparty: String::new(),
        balance_after: None,
        source_line: day,
    }
}

fn account(id: &str, opening: &str, lines: Vec<BankLine>) -> StatementAccount {
    let open = m(opening);
    let close = lines.iter().fold(open, |a, l| a + l.amount);
    StatementAccount {
        account_id: id.into(),
        currency: "EUR".into(),
        opening_balance: Some(open),
        closing_balance: Some(close),
        from: lines.first().map(|l| l.date),
        to: lines.last().map(|l| l.date),
        lines,
    }
}

fn statement(accounts: Vec<StatementAccount>) -> Statement {
    Statement {
        format: Format::Norma43,
        accounts,
    }
}

fn bank(c: &mut Company, iban: Option<&str>) -> i64 {
    c.save_bank_account(
        None,
        &BankAccountInput {
            name: "Cuenta principal".into(),
            iban: iban.map(String::from),
            account: Some("5720001".into()),
            opening_balance: m("1000.00"),
            opening_date: Some(d(1)),
            ..BankAccountInput::default()
        },
        now(),
    )
    .unwrap()
    .id
}

fn lines_in(c: &Company, id: i64) -> u64 {
    c.bank_lines(&BankLineFilter {
        account_id: id,
        ..BankLineFilter::default()
    })
    .unwrap()
    .total
}

#[test]
fn account_rules_are_named_by_field() {
    let mut f = fresh();
    let c = &mut f.company;
    let bad = BankAccountInput {
        name: "  ".into(),
        kind: "safe".into(),
        iban: Some("ES0021000418450200051332".into()),
        currency: "euro".into(),
        account: None,
        ..BankAccountInput::default()
    };
    let mut got: Vec<String> = fields(c.save_bank_account(None, &bad, now()))
        .into_iter()
        .map(|x| x.0)
        .collect();
    got.sort();
    assert_eq!(got, ["account", "currency", "iban", "kind", "name"]);

    // The ledger account: an existing leaf of 572 for a bank.
    for (code, want) in [
        ("5700001", ProblemCode::NotPostable),
        ("572", ProblemCode::NotPostable),
        ("5729999", ProblemCode::UnknownAccount),
    ] {
        let r = c.save_bank_account(
            None,
            &BankAccountInput {
                name: "X".into(),
                account: Some(code.into()),
                ..BankAccountInput::default()
            },
            now(),
        );
        assert_eq!(fields(r), [("account".to_string(), want)], "{code}");
    }

    let id = bank(c, Some("ES91 2100 0418 4502 0005 1332"));
    assert_eq!(c.bank_account(id).unwrap().iban.as_deref(), Some(IBAN));
    // The same IBAN or ledger account again: duplicates, named.
    let again = BankAccountInput {
        name: "Otra".into(),
        iban: Some(IBAN.into()),
        account: Some("5720001".into()),
        ..BankAccountInput::default()
    };
    let mut got = fields(c.save_bank_account(None, &again, now()));
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        got,
        [
            ("account".to_string(), ProblemCode::Duplicate),
            ("iban".to_string(), ProblemCode::Duplicate)
        ]
    );

    // A new ledger account on request: the next free 572 subaccount, and 570 for cash.
    let second = c
        .save_bank_account(
            None,
            &BankAccountInput {
                name: "Cuenta de ahorro".into(),
                iban: Some(OTHER_IBAN.into()),
                create_ledger_account: true,
                ..BankAccountInput::default()
            },
            now(),
        )
        .unwrap();
    assert_eq!(second.account, "5720002");
    let cash = c
        .save_bank_account(
            None,
            &BankAccountInput {
                name: "Caja tienda".into(),
                kind: "cash".into(),
                create_ledger_account: true,
                ..BankAccountInput::default()
            },
            now(),
        )
        .unwrap();
    assert_eq!(cash.account, "5700002");
    let rows = c.list_bank_accounts().unwrap();
    assert_eq!(rows.len(), 3);
    let main = rows.iter().find(|r| r.account.id == id).unwrap();
    assert_eq!(main.statement_balance, m("1000.00"));
    assert_eq!(main.book_balance, Money::ZERO);
    assert_eq!(main.unreconciled, 0);
    assert!(!c.audit_records("bank_account:", 10).unwrap().is_empty());
    assert!(!c.audit_records("account:5720002", 10).unwrap().is_empty());

    // Editing keeps the id; an unchanged save writes no audit record.
    let before = c.audit_len().unwrap();
    let input = BankAccountInput {
        name: "Cuenta principal".into(),
        iban: Some(IBAN.into()),
        account: Some("5720001".into()),
        opening_balance: m("1000.00"),
        opening_date: Some(d(1)),
        ..BankAccountInput::default()
    };
    c.save_bank_account(Some(id), &input, now()).unwrap();
    assert_eq!(c.audit_len().unwrap(), before);
    assert_eq!(
        c.find_bank_account("es91 2100 0418 4502 0005 1332")
            .unwrap()
            .id,
        id
    );
    assert_eq!(c.find_bank_account("5720002").unwrap().id, second.id);
}

#[test]
fn an_overlapping_reimport_adds_only_the_new_lines() {
    let mut f = fresh();
    let c = &mut f.company;
    let id = bank(c, Some(IBAN));
    let first = statement(vec![account(
        N43_ID,
        "1000.00",
        vec![
            line(2, "-3.50", "Café"),
            line(2, "-3.50", "Café"),
            line(3, "1210.00", "Transferencia cliente"),
        ],
    )]);
    let r = c
        .import_statement(id, "feb1.n43", None, &first, now())
        .unwrap();
    assert_eq!((r.lines_read, r.lines_added, r.lines_skipped), (3, 3, 0));
    assert_eq!(r.balance_ok, Some(true));
    assert_eq!(r.file_closing, Some(m("2203.00")));

    // The same file again adds nothing.
    let again = c
        .import_statement(id, "feb1.n43", None, &first, now())
        .unwrap();
    assert_eq!((again.lines_added, again.lines_skipped), (0, 3));

    // An overlapping one (same first three lines, accents and case differ) adds the fourth.
    let mut lines = vec![
        line(2, "-3.50", "CAFE"),
        line(2, "-3.50", "cafe"),
        line(3, "1210.00", "TRANSFERENCIA  CLIENTE"),
        line(4, "-60.00", "Recibo luz"),
    ];
    lines[3].balance_after = Some(m("2143.00"));
    let overlap = statement(vec![account(N43_ID, "1000.00", lines)]);
    let preview = c.plan_import(id, &overlap).unwrap();
    assert_eq!(preview.is_new, [false, false, false, true]);
    assert_eq!(lines_in(c, id), 3, "planning writes nothing");
    let r = c
        .import_statement(id, "feb2.n43", None, &overlap, now())
        .unwrap();
    assert_eq!((r.lines_read, r.lines_added, r.lines_skipped), (4, 1, 3));
    assert_eq!(lines_in(c, id), 4);
    assert_eq!(c.unreconciled_count(Some(id)).unwrap(), 4);
    let row = &c.list_bank_accounts().unwrap()[0];
    assert_eq!(row.statement_balance, m("2143.00"));
    assert_eq!(row.unreconciled, 4);
    assert_eq!(c.audit_records("bank_import:", 10).unwrap().len(), 3);

    let page = c
        .bank_lines(&BankLineFilter {
            account_id: id,
            from: Some(d(3)),
            state: Some("open".into()),
            ..BankLineFilter::default()
        })
        .unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(page.rows[0].description, "Recibo luz");
    let bad = c.bank_lines(&BankLineFilter {
        account_id: id,
        state: Some("done".into()),
        ..BankLineFilter::default()
    });
    assert_eq!(
        fields(bad),
        [("state".to_string(), ProblemCode::InvalidCode)]
    );
}

#[test]
fn a_multi_account_file_imports_the_matching_account() {
    let mut f = fresh();
    let c = &mut f.company;
    let id = bank(c, Some(IBAN));
    let s = statement(vec![
        account(
            "210008130123456789",
            "0",
            vec![line(5, "10.00", "Otra cuenta")],
        ),
        account(N43_ID, "1000.00", vec![line(5, "-20.00", "Comisión")]),
    ]);
    let r = c
        .import_statement(id, "multi.n43", None, &s, now())
        .unwrap();
    assert_eq!(r.statement_account, N43_ID);
    assert_eq!(r.lines_added, 1);
    assert_eq!(r.skipped_accounts, ["210008130123456789"]);
    assert_eq!(
        c.bank_lines(&BankLineFilter {
            account_id: id,
            ..BankLineFilter::default()
        })
        .unwrap()
        .rows[0]
            .description,
        "Comisión"
    );
}

#[test]
fn a_statement_for_another_account_is_refused_naming_both_and_writes_nothing() {
    let mut f = fresh();
    let c = &mut f.company;
    let id = bank(c, Some(IBAN));
    let before = c.audit_len().unwrap();
    let s = statement(vec![account(
        OTHER_IBAN,
        "0",
        vec![line(5, "10.00", "Otra cuenta")],
    )]);
    let e = c
        .import_statement(id, "other.xml", None, &s, now())
        .unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains(OTHER_IBAN) && msg.contains(IBAN), "{msg}");
    assert_eq!(lines_in(c, id), 0);
    assert_eq!(c.audit_len().unwrap(), before);

    // A currency that is not the account's, refused on `currency`.
    let mut usd = statement(vec![account(IBAN, "0", vec![line(5, "1.00", "x")])]);
    usd.accounts[0].currency = "USD".into();
    assert_eq!(
        fields(c.import_statement(id, "usd.xml", None, &usd, now())),
        [("currency".to_string(), ProblemCode::InvalidCode)]
    );

    // An account without an IBAN takes a one-account file, whatever its number.
    let cash = c
        .save_bank_account(
            None,
            &BankAccountInput {
                name: "Sin IBAN".into(),
                create_ledger_account: true,
                ..BankAccountInput::default()
            },
            now(),
        )
        .unwrap();
    let r = c
        .import_statement(cash.id, "x.ofx", None, &s, now())
        .unwrap();
    assert_eq!(r.lines_added, 1);
    assert_eq!(
        c.audit_len().unwrap(),
        before + 3,
        "account, bank account, import"
    );
}

#[test]
fn a_closing_balance_mismatch_is_reported_not_refused() {
    let mut f = fresh();
    let c = &mut f.company;
    let id = bank(c, Some(IBAN));
    let mut s = statement(vec![account(
        IBAN,
        "1000.00",
        vec![line(6, "-10.00", "Tasa")],
    )]);
    s.accounts[0].closing_balance = Some(m("995.00"));
    let r = c.import_statement(id, "odd.n43", None, &s, now()).unwrap();
    assert_eq!(r.balance_ok, Some(false));
    assert_eq!(r.file_closing, Some(m("995.00")));
    assert_eq!(r.computed_closing, Some(m("990.00")));
    assert!(r.warnings[0].contains("995"), "{:?}", r.warnings);
    assert_eq!(r.lines_added, 1);
}

#[test]
fn csv_layouts_are_checked_saved_and_deleted() {
    let mut f = fresh();
    let c = &mut f.company;
    let bad = CsvMappingInput {
        name: "".into(),
        delimiter: ";;".into(),
        encoding: "latin9".into(),
        date_format: "%d".into(),
        col_date: 0,
        col_amount: 0,
        col_debit: 4,
        ..CsvMappingInput::default()
    };
    let mut got: Vec<String> = fields(c.save_csv_mapping(None, &bad, now()))
        .into_iter()
        .map(|x| x.0)
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            "col_amount",
            "col_date",
            "date_format",
            "delimiter",
            "encoding",
            "name"
        ]
    );
    let good = CsvMappingInput {
        name: "BBVA".into(),
        delimiter: "tab".into(),
        ..CsvMappingInput::default()
    };
    let saved = c.save_csv_mapping(None, &good, now()).unwrap();
    assert_eq!(saved.input.delimiter, "\t");
    assert_eq!(
        fields(c.save_csv_mapping(None, &good, now())),
        [("name".to_string(), ProblemCode::Duplicate)]
    );
    assert_eq!(c.find_csv_mapping("bbva").unwrap().id, saved.id);
    assert_eq!(c.list_csv_mappings().unwrap().len(), 1);
    c.delete_csv_mapping(saved.id, now()).unwrap();
    assert!(c.list_csv_mappings().unwrap().is_empty());
    assert_eq!(c.audit_records("bank_csv_mapping:", 10).unwrap().len(), 2);
}

/// Keyset pages (after the last (date, id) listed) and the streamed listing give the same
/// lines, in the same order, as the numbered pages; balances at a date take the bank's last
/// balance up to then plus the lines after it, else the opening plus the lines.
#[test]
fn lines_page_by_keyset_and_stream_and_balances_are_dated() {
    let mut f = fresh();
    let c = &mut f.company;
    let id = bank(c, Some(IBAN));
    // 25 lines over five days, several a day (the id breaks the ties).
    let lines: Vec<BankLine> = (0..25)
        .map(|i| line(1 + i / 5, &format!("{}.00", i + 1), &format!("L{i}")))
        .collect();
    c.import_statement(
        id,
        "feb.n43",
        None,
        &statement(vec![account(N43_ID, "1000.00", lines)]),
        now(),
    )
    .unwrap();
    let filter = |page: u32, after: Option<(NaiveDate, i64)>| BankLineFilter {
        account_id: id,
        state: Some("open".into()),
        page,
        page_size: 7,
        after,
        ..BankLineFilter::default()
    };
    let mut by_offset = Vec::new();
    for page in 0..4 {
        by_offset.extend(c.bank_lines(&filter(page, None)).unwrap().rows);
    }
    assert_eq!(by_offset.len(), 25);
    let mut by_key = Vec::new();
    let mut after = None;
    loop {
        let p = c.bank_lines(&filter(0, after)).unwrap();
        assert_eq!(p.total, 25);
        let Some(last) = p.rows.last() else { break };
        after = Some((last.date, last.id));
        by_key.extend(p.rows);
    }
    assert_eq!(by_key, by_offset);
    let mut streamed = Vec::new();
    let n = c
        .each_bank_line(&filter(3, None), |l| {
            streamed.push(l);
            Ok::<(), ()>(())
        })
        .unwrap()
        .unwrap();
    assert_eq!(n, 25);
    assert_eq!(streamed, by_offset);
    assert_eq!(streamed[0].description, "L24");
    // The stream stops at the first error.
    let mut seen = 0;
    let stopped = c
        .each_bank_line(&filter(0, None), |_| {
            seen += 1;
            if seen == 3 {
                Err("stop")
            } else {
                Ok(())
            }
        })
        .unwrap();
    assert_eq!((stopped, seen), (Err("stop"), 3));

    // No balance per line: the opening (1 000) plus the lines up to the day.
    let b = c.bank_balances_at(id, Some(d(2))).unwrap();
    assert_eq!(b.statement, m("1055.00")); // 1+..+10
    assert_eq!(b.statement_date, Some(d(2)));
    assert_eq!(b.book, Money::ZERO);
    assert_eq!(
        c.bank_balances_at(id, None).unwrap().statement,
        m("1325.00")
    );
    // A later file whose lines carry the bank's balance: its last balance up to the day counts.
    let mut with_balance = line(10, "-5.00", "Con saldo");
    with_balance.balance_after = Some(m("2000.00"));
    let after_it = line(11, "-1.00", "Sin saldo");
    c.import_statement(
        id,
        "feb2.n43",
        None,
        &statement(vec![StatementAccount {
            closing_balance: None,
            ..account(N43_ID, "1330.00", vec![with_balance, after_it])
        }]),
        now(),
    )
    .unwrap();
    assert_eq!(
        c.bank_balances_at(id, Some(d(10))).unwrap().statement,
        m("2000.00")
    );
    assert_eq!(
        c.bank_balances_at(id, Some(d(11))).unwrap().statement,
        m("1999.00")
    );
    assert_eq!(
        c.bank_balances_at(id, Some(d(5))).unwrap().statement,
        m("1325.00")
    );
    assert_eq!(
        c.list_bank_accounts().unwrap()[0].statement_balance,
        m("1999.00")
    );
}

/// An import tells its progress callback the lines checked, then the new lines stored, every
/// 1 000 and at the end of each phase, from inside its one transaction; a preview only checks.
#[test]
fn an_import_reports_its_progress_by_phase() {
    use trastienda_store::ImportPhase;
    let mut f = fresh();
    let c = &mut f.company;
    let id = bank(c, Some(IBAN));
    let first: Vec<BankLine> = (0..1500)
        .map(|i| line(1 + (i % 27) as u32, "1.00", &format!("L{i}")))
        .collect();
    c.import_statement(
        id,
        "a.n43",
        None,
        &statement(vec![account(N43_ID, "0", first.clone())]),
        now(),
    )
    .unwrap();
    // 2 500 lines, the first 1 500 already there: 2 500 checked, 1 000 stored.
    let mut all = first;
    all.extend((1500..2500).map(|i| line(1 + (i % 27) as u32, "2.00", &format!("L{i}"))));
    let s = statement(vec![account(N43_ID, "0", all)]);
    let mut seen: Vec<(ImportPhase, u64, u64)> = Vec::new();
    c.plan_import_with_progress(id, &s, &mut |p, d, t| seen.push((p, d, t)))
        .unwrap();
    assert_eq!(
        seen,
        [
            (ImportPhase::Checking, 0, 2500),
            (ImportPhase::Checking, 1000, 2500),
            (ImportPhase::Checking, 2000, 2500),
            (ImportPhase::Checking, 2500, 2500),
        ]
    );
    seen.clear();
    let r = c
        .import_statement_with_progress(id, "b.n43", None, &s, now(), &mut |p, d, t| {
            seen.push((p, d, t))
        })
        .unwrap();
    assert_eq!(r.lines_added, 1000);
    assert_eq!(
        &seen[4..],
        [
            (ImportPhase::Storing, 0, 1000),
            (ImportPhase::Storing, 1000, 1000),
            (ImportPhase::Storing, 1000, 1000),
        ]
    );
    assert_eq!(ImportPhase::Storing.as_str(), "storing");
}
