//! Reconciling statement lines: an invoice paid in two transfers, a bill paid by one line,
//! rules posting a bank fee (no VAT) and a supplier expense (21 % VAT split out), a line
//! already reconciled refused, an ignored line reopened but a reconciled one not, an existing
//! entry matched once, rules made from a line, and suggestions ranked (exact amount and
//! number first).

mod common;

use chrono::NaiveDate;
use common::*;
use rust_decimal::Decimal;
use std::str::FromStr;
use trastienda_core::bank::{BankLine, Format, Statement, StatementAccount};
use trastienda_core::invoice::LineTax;
use trastienda_core::{InvoiceLine, Money, ProblemCode};
use trastienda_store::{
    BankAccountInput, BankLineFilter, BankRuleInput, BillInput, BillLineInput, Company, DocKind,
    InvoiceInput, StoreError, SupplierInput,
};

const IBAN: &str = "ES9121000418450200051332";

fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 2, day).unwrap()
}

fn fields<T: std::fmt::Debug>(r: Result<T, StoreError>) -> Vec<(String, ProblemCode)> {
    match r {
        Err(StoreError::Invalid(p)) => p
            .into_iter()
            .map(|p| (p.field.unwrap_or_default(), p.code))
            .collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn bl(day: u32, amount: &str, description: &str, counterparty: &str) -> BankLine {
    BankLine {
        date: d(day),
        value_date: Some(d(day)),
        amount: m(amount),
        description: description.into(),
        reference: String::new(),
        counterparty: counterparty.into(),
        balance_after: None,
        source_line: day,
    }
}

/// A bank account on 5720001 with `lines` imported; returns the lines' ids in order.
fn bank_with(c: &mut Company, lines: Vec<BankLine>) -> Vec<i64> {
    let id = c
        .save_bank_account(
            None,
            &BankAccountInput {
                name: "Cuenta principal".into(),
                iban: Some(IBAN.into()),
                account: Some("5720001".into()),
                ..BankAccountInput::default()
            },
            now(),
        )
        .unwrap()
        .id;
    let st = Statement {
        format: Format::Norma43,
        accounts: vec![StatementAccount {
            account_id: IBAN.into(),
            currency: "EUR".into(),
            opening_balance: None,
            closing_balance: None,
            from: None,
            to: None,
            lines,
        }],
    };
    c.import_statement(id, "feb.n43", None, &st, now()).unwrap();
    let mut rows = c
        .bank_lines(&BankLineFilter {
            account_id: id,
            ..BankLineFilter::default()
        })
        .unwrap()
        .rows;
    rows.sort_by_key(|r| (r.date, r.id));
    rows.iter().map(|r| r.id).collect()
}

fn customers(c: &Company) {
    c.execute_raw(
        "INSERT INTO customers (id, legal_name, country, tax_id, address, postal_code, city,
                                province, treatment, payment_days, created_at) VALUES
         (1, 'Construcciones Álvarez SL', 'ES', 'B12345674', '', '', '', '', 'domestic', 0, '2026-01-01'),
         (2, 'Hostal Miramar SA', 'ES', '87654321X', '', '', '', '', 'domestic', 0, '2026-01-01')",
    )
    .unwrap();
}

/// An issued invoice of `net` plus 21 % VAT; returns (id, full number).
fn invoice(c: &mut Company, customer: i64, day: u32, net: &str) -> (i64, String) {
    let input = InvoiceInput {
        kind: DocKind::Invoice,
        issue_date: d(day),
        operation_date: None,
        customer_id: Some(customer),
        prices_include_vat: false,
        withholding: None,
        notes: String::new(),
        lines: vec![InvoiceLine::new(
            "Artículo",
            Decimal::ONE,
            m(net),
            LineTax::Vat(Decimal::from_str("21").unwrap()),
        )],
    };
    let draft = c.save_invoice_draft(None, &input, now()).unwrap();
    let rec = c.issue_invoice(draft.id, now()).unwrap();
    (rec.id, rec.full_number.clone().unwrap_or_default())
}

fn open_of(c: &Company, invoice_id: i64) -> Money {
    c.open_invoices(far(), None)
        .unwrap()
        .iter()
        .find(|o| o.invoice_id == invoice_id)
        .map_or(Money::ZERO, |o| o.open)
}

fn far() -> NaiveDate {
    NaiveDate::from_ymd_opt(2030, 1, 1).unwrap()
}

fn balance(path: &std::path::Path, code: &str) -> Money {
    let conn = rusqlite::Connection::open(path).unwrap();
    let cents: i64 = conn
        .query_row(
            "SELECT coalesce(sum(p.amount_cents), 0) FROM postings p JOIN accounts a
             ON a.id = p.account_id WHERE a.code LIKE ?1 || '%'",
            [code],
            |r| r.get(0),
        )
        .unwrap();
    Money::from_cents(cents)
}

fn state(path: &std::path::Path, line: i64) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("SELECT state FROM bank_lines WHERE id = ?1", [line], |r| {
        r.get(0)
    })
    .unwrap()
}

#[test]
fn an_invoice_paid_in_two_transfers_and_a_reconciled_line_refused() {
    let mut f = fresh();
    let c = &mut f.company;
    customers(c);
    let (inv, number) = invoice(c, 1, 2, "100.00"); // 121.00
    let lines = bank_with(
        c,
        vec![
            bl(10, "60.00", &format!("TRANSF {number} 1/2"), "ALVAREZ"),
            bl(20, "61.00", &format!("TRANSF {number} 2/2"), "ALVAREZ"),
        ],
    );
    let r1 = c
        .reconcile_with_invoices(lines[0], &[(inv, m("60.00"))], now())
        .unwrap();
    assert_eq!(r1.kind, "payment");
    assert_eq!(r1.unapplied, Money::ZERO);
    assert_eq!(open_of(c, inv), m("61.00"));
    // The second transfer is suggested for what is left, first.
    let s = c.bank_suggestions(lines[1]).unwrap();
    assert_eq!((s[0].kind.as_str(), s[0].target_id), ("invoice", inv));
    assert_eq!(s[0].amount, m("61.00"));
    let r2 = c
        .reconcile_with_invoices(lines[1], &[(inv, m("61.00"))], now())
        .unwrap();
    assert_ne!(r1.payment_id, r2.payment_id);
    assert_eq!(open_of(c, inv), Money::ZERO);
    assert_eq!(balance(&f.path, "5720001"), m("121.00"));
    assert_eq!(state(&f.path, lines[0]), "reconciled");
    assert_eq!(c.unreconciled_count(None).unwrap(), 0);

    // Again: refused naming the line, nothing written.
    let payments = c.payments(None).unwrap().len();
    assert_eq!(
        fields(c.reconcile_with_invoices(lines[1], &[(inv, m("1.00"))], now())),
        [("line_id".to_string(), ProblemCode::InvalidCode)]
    );
    assert_eq!(
        fields(c.reconcile_with_new_entry(lines[1], "626", 0, "", now())),
        [("line_id".to_string(), ProblemCode::InvalidCode)]
    );
    assert_eq!(c.payments(None).unwrap().len(), payments);
    // A reconciled line is not reopened (that is a reversal).
    assert_eq!(
        fields(c.reopen_bank_line(lines[0], now())),
        [("line_id".to_string(), ProblemCode::InvalidCode)]
    );
}

#[test]
fn more_than_the_line_is_refused_and_the_rest_stays_unapplied() {
    let mut f = fresh();
    let c = &mut f.company;
    customers(c);
    let (a, _) = invoice(c, 1, 2, "100.00"); // 121.00
    let (b, _) = invoice(c, 2, 3, "10.00"); // 12.10
    let lines = bank_with(c, vec![bl(10, "150.00", "TRANSF", "")]);
    // Another customer's invoice in the same line: row 2 named.
    let e = c.reconcile_with_invoices(lines[0], &[(a, m("121.00")), (b, m("12.10"))], now());
    match e {
        Err(StoreError::Invalid(p)) => {
            assert_eq!(p[0].row, Some(2));
            assert_eq!(p[0].field.as_deref(), Some("id"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        fields(c.reconcile_with_invoices(lines[0], &[], now())),
        [("allocations".to_string(), ProblemCode::Required)]
    );
    assert_eq!(
        fields(c.reconcile_with_bills(lines[0], &[(1, m("1.00"))], now())),
        [("line_id".to_string(), ProblemCode::InvalidCode)]
    );
    let r = c
        .reconcile_with_invoices(lines[0], &[(a, m("121.00"))], now())
        .unwrap();
    assert_eq!(r.unapplied, m("29.00"));
    assert_eq!(c.unapplied_credit(1).unwrap(), m("29.00"));
}

fn supplier(c: &mut Company, name: &str, tax_id: &str) -> i64 {
    c.save_supplier(
        None,
        &SupplierInput {
            legal_name: name.into(),
            tax_id: tax_id.into(),
            payment_days: 0,
            expense_account: Some("629".into()),
            ..SupplierInput::default()
        },
        now(),
    )
    .unwrap()
    .id
}

#[test]
fn a_bill_paid_by_one_line() {
    let mut f = fresh();
    let c = &mut f.company;
    let s = supplier(c, "Suministros Eléctricos Norte SL", "B12345674");
    let bill = c
        .post_bill(
            &BillInput {
                supplier_id: s,
                supplier_number: "FN-2026/077".into(),
                date: d(3),
                lines: vec![BillLineInput {
                    description: "Cable".into(),
                    quantity: "1".into(),
                    unit_price: m("200.00"),
                    vat_rate: "21".into(),
                    account: None,
                    order_line_no: None,
                }],
                vat_treatment: None,
                irpf_pct: None,
                total: m("242.00"),
                due_dates: Vec::new(),
                corrects_id: None,
                order_id: None,
                description: String::new(),
            },
            now(),
        )
        .unwrap();
    let lines = bank_with(
        c,
        vec![
            bl(
                12,
                "-242.00",
                "PAGO FRA FN-2026/077",
                "SUMINISTROS ELECTRICOS NORTE",
            ),
            bl(13, "-242.00", "OTRO PAGO", ""),
        ],
    );
    let sug = c.bank_suggestions(lines[0]).unwrap();
    assert_eq!((sug[0].kind.as_str(), sug[0].target_id), ("bill", bill.id));
    assert!(sug[0].reason.contains("importe exacto"), "{sug:?}");
    assert!(sug[0].reason.contains("número"), "{sug:?}");
    let r = c
        .reconcile_with_bills(lines[0], &[(bill.id, m("242.00"))], now())
        .unwrap();
    assert_eq!(r.kind, "supplier_payment");
    assert_eq!(c.bill(bill.id).unwrap().open, Money::ZERO);
    assert_eq!(balance(&f.path, "5720001"), m("-242.00"));
    // Nothing open any more: the other line of the same amount gets no bill.
    let sug = c.bank_suggestions(lines[1]).unwrap();
    assert!(sug.iter().all(|s| s.kind != "bill"), "{sug:?}");
}

fn rule(name: &str, text: &str, sign: &str, account: &str, vat: u32) -> BankRuleInput {
    BankRuleInput {
        name: name.into(),
        match_text: text.into(),
        sign: sign.into(),
        account: account.into(),
        vat_rate: vat,
        description: String::new(),
        priority: 100,
        active: true,
    }
}

#[test]
fn rules_post_a_fee_without_vat_and_an_expense_with_vat_split() {
    let mut f = fresh();
    let c = &mut f.company;
    // Bad rules are named by field.
    let mut got: Vec<String> = fields(c.save_bank_rule(
        None,
        &BankRuleInput {
            name: " ".into(),
            match_text: "".into(),
            sign: "both".into(),
            account: "62".into(),
            vat_rate: 7,
            description: String::new(),
            priority: 100,
            active: true,
        },
        now(),
    ))
    .into_iter()
    .map(|x| x.0)
    .collect();
    got.sort();
    assert_eq!(got, ["account", "match_text", "name", "sign", "vat_rate"]);

    let fee = c
        .save_bank_rule(
            None,
            &rule("Comisiones", "comisión", "out", "626", 0),
            now(),
        )
        .unwrap();
    let light = c
        .save_bank_rule(None, &rule("Luz", "iberdrola", "out", "628", 21), now())
        .unwrap();
    assert_eq!(c.bank_rules().unwrap().len(), 2);
    let lines = bank_with(
        c,
        vec![
            bl(5, "-12.50", "COMISION MANTENIMIENTO", ""),
            bl(6, "-121.00", "RECIBO IBERDROLA CLIENTES", "IBERDROLA"),
            bl(7, "30.00", "COMISION DEVUELTA", ""),
        ],
    );
    // Accents and case ignored; the sign counts.
    let s = c.bank_suggestions(lines[0]).unwrap();
    assert!(
        s.iter().any(|s| s.kind == "rule" && s.target_id == fee.id),
        "{s:?}"
    );
    let s = c.bank_suggestions(lines[2]).unwrap();
    assert!(s.iter().all(|s| s.kind != "rule"), "{s:?}");
    assert_eq!(
        fields(c.reconcile_by_rule(lines[2], fee.id, now())),
        [("rule_id".to_string(), ProblemCode::InvalidCode)]
    );

    let r = c.reconcile_by_rule(lines[0], fee.id, now()).unwrap();
    assert_eq!(r.kind, "created");
    assert_eq!(balance(&f.path, "626"), m("12.50"));
    assert_eq!(balance(&f.path, "472"), Money::ZERO);

    c.reconcile_by_rule(lines[1], light.id, now()).unwrap();
    // 121.00 = 100.00 + 21 % VAT.
    assert_eq!(balance(&f.path, "628"), m("100.00"));
    assert_eq!(balance(&f.path, "4720021"), m("21.00"));
    assert_eq!(balance(&f.path, "5720001"), m("-133.50"));

    // Money in by hand with VAT: 477 credited.
    assert_eq!(
        fields(c.reconcile_with_new_entry(lines[2], "7599999", 21, "", now())),
        [("account".to_string(), ProblemCode::UnknownAccount)]
    );
    c.reconcile_with_new_entry(lines[2], "759", 10, "Devolución", now())
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(balance(&f.path, "4770010"), m("-2.73"));
    assert_eq!(balance(&f.path, "759"), m("-27.27"));

    // A used rule is kept inactive when deleted; an unused one goes.
    assert!(!c.delete_bank_rule(fee.id, now()).unwrap());
    let from_line = c.rule_from_line(lines[1], "628", 21, now()).unwrap();
    assert_eq!(from_line.match_text, "IBERDROLA");
    assert_eq!(from_line.sign, "out");
    assert!(c.delete_bank_rule(from_line.id, now()).unwrap());
    let rules = c.bank_rules().unwrap();
    assert_eq!(rules.len(), 2);
    assert!(!rules.iter().find(|r| r.id == fee.id).unwrap().active);
}

#[test]
fn an_existing_entry_is_matched_once_and_ignored_lines_come_back() {
    let mut f = fresh();
    let c = &mut f.company;
    let e = c
        .post_entry(
            &entry(d(8), "Traspaso", &[("5720001", -5000), ("5700001", 5000)]),
            now(),
        )
        .unwrap();
    let lines = bank_with(
        c,
        vec![
            bl(9, "-50.00", "RETIRADA CAJERO", ""),
            bl(9, "-50.00", "RETIRADA CAJERO 2", ""),
        ],
    );
    let s = c.bank_suggestions(lines[0]).unwrap();
    assert_eq!((s[0].kind.as_str(), s[0].target_id), ("entry", e.id));
    assert_eq!(
        fields(c.reconcile_with_entry(lines[0], e.id + 99, now())),
        [("entry_id".to_string(), ProblemCode::NotFound)]
    );
    c.reconcile_with_entry(lines[0], e.id, now()).unwrap();
    assert_eq!(
        fields(c.reconcile_with_entry(lines[1], e.id, now())),
        [("entry_id".to_string(), ProblemCode::Duplicate)]
    );
    assert!(c
        .bank_suggestions(lines[1])
        .unwrap()
        .iter()
        .all(|s| s.kind != "entry"));

    c.ignore_bank_line(lines[1], now()).unwrap();
    assert_eq!(state(&f.path, lines[1]), "ignored");
    assert_eq!(
        fields(c.ignore_bank_line(lines[1], now())),
        [("line_id".to_string(), ProblemCode::InvalidCode)]
    );
    c.reopen_bank_line(lines[1], now()).unwrap();
    assert_eq!(state(&f.path, lines[1]), "open");
    assert_eq!(
        fields(c.bank_suggestions(999_999)),
        [("line_id".to_string(), ProblemCode::NotFound)]
    );
}

#[test]
fn suggestions_put_the_exact_amount_and_number_first() {
    let mut f = fresh();
    let c = &mut f.company;
    customers(c);
    let (by_name, _) = invoice(c, 2, 1, "10.00"); // Hostal Miramar 12.10
    let (same_amount, _) = invoice(c, 1, 2, "50.00"); // 60.50
    let (target, number) = invoice(c, 1, 3, "50.00"); // 60.50, named in the line
    let (_other, _) = invoice(c, 1, 4, "70.00");
    let lines = bank_with(
        c,
        vec![bl(
            10,
            "60.50",
            &format!("TRANSFERENCIA {number} MIRAMAR"),
            "",
        )],
    );
    let s = c.bank_suggestions(lines[0]).unwrap();
    let ids: Vec<(i64, u32)> = s.iter().map(|s| (s.target_id, s.score)).collect();
    assert_eq!(ids[0], (target, 110), "{s:?}");
    assert_eq!(ids[1], (same_amount, 60), "{s:?}");
    assert!(ids.contains(&(by_name, 20)), "{s:?}");
    assert_eq!(s[2].reason, "nombre en el concepto");
}

/// Every account's balance, for "the books are as before".
fn balances(path: &std::path::Path) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT a.code, sum(p.amount_cents) FROM postings p JOIN accounts a
             ON a.id = p.account_id GROUP BY a.code HAVING sum(p.amount_cents) <> 0
             ORDER BY a.code",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<Vec<(String, i64)>, _>>()
        .unwrap();
    rows
}

fn total_of_postings(path: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(
        "SELECT coalesce(sum(amount_cents), 0) FROM postings",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

fn matches_of(path: &std::path::Path, line: i64) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(
        "SELECT count(*) FROM bank_matches WHERE line_id = ?1",
        [line],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn undoing_a_match_with_an_existing_entry_unlinks_it() {
    let mut f = fresh();
    let c = &mut f.company;
    let e = c
        .post_entry(
            &entry(d(8), "Traspaso", &[("5720001", -5000), ("5700001", 5000)]),
            now(),
        )
        .unwrap();
    let lines = bank_with(c, vec![bl(9, "-50.00", "RETIRADA CAJERO", "")]);
    let before = balances(&f.path);
    // Not reconciled yet: nothing to undo, named on the line.
    assert_eq!(
        fields(c.unreconcile_line(lines[0], now())),
        [("line_id".to_string(), ProblemCode::InvalidCode)]
    );
    c.reconcile_with_entry(lines[0], e.id, now()).unwrap();
    let u = c.unreconcile_line(lines[0], now()).unwrap();
    assert_eq!(u.unlinked_entries, [e.id]);
    assert!(u.reversal_entries.is_empty());
    assert_eq!(state(&f.path, lines[0]), "open");
    assert_eq!(matches_of(&f.path, lines[0]), 0);
    assert_eq!(balances(&f.path), before, "the entry stays posted");
    assert!(c.entry(e.id).unwrap().summary.reversed_by.is_none());
    // The entry is suggested again and can be matched again.
    let s = c.bank_suggestions(lines[0]).unwrap();
    assert_eq!((s[0].kind.as_str(), s[0].target_id), ("entry", e.id));
    c.reconcile_with_entry(lines[0], e.id, now()).unwrap();
    let audit = c
        .audit_records(&format!("bank_line:{}", lines[0]), 10)
        .unwrap();
    assert!(audit.iter().any(|a| a.action == "unreconcile"), "{audit:?}");
}

#[test]
fn undoing_an_entry_made_from_the_line_reverses_it() {
    let mut f = fresh();
    let c = &mut f.company;
    let lines = bank_with(c, vec![bl(11, "-121.00", "IBERDROLA RECIBO", "")]);
    let before = balances(&f.path);
    let r = c
        .reconcile_with_new_entry(lines[0], "628", 21, "Luz", now())
        .unwrap();
    assert_eq!(r.kind, "created");
    assert_eq!(balance(&f.path, "472"), m("21.00"));
    let u = c.unreconcile_line(lines[0], now()).unwrap();
    assert_eq!(u.reversal_entries.len(), 1);
    let original = c.entry(r.entry_id).unwrap();
    assert_eq!(
        original.summary.reversed_by,
        Some(u.reversal_entries[0]),
        "reversed, never deleted"
    );
    let reversal = c.entry(u.reversal_entries[0]).unwrap();
    assert_eq!(reversal.summary.date, d(11));
    assert_eq!(balances(&f.path), before, "the books are as before");
    assert_eq!(total_of_postings(&f.path), 0);
    assert_eq!(state(&f.path, lines[0]), "open");
    // Neither the reversed entry nor its reversal is offered for the line again.
    assert!(c
        .bank_suggestions(lines[0])
        .unwrap()
        .iter()
        .all(|s| s.kind != "entry"));
    assert_eq!(
        fields(c.reconcile_with_entry(lines[0], r.entry_id, now())),
        [("entry_id".to_string(), ProblemCode::InvalidCode)]
    );
    // Reconciled again properly, then undone again: a second reversal of the new entry.
    let r2 = c
        .reconcile_with_new_entry(lines[0], "628", 0, "Luz", now())
        .unwrap();
    c.unreconcile_line(lines[0], now()).unwrap();
    assert!(c.entry(r2.entry_id).unwrap().summary.reversed_by.is_some());
    assert_eq!(balances(&f.path), before);
    // Undoing an open line is refused.
    assert_eq!(
        fields(c.unreconcile_line(lines[0], now())),
        [("line_id".to_string(), ProblemCode::InvalidCode)]
    );
}

#[test]
fn undoing_a_customer_payment_split_across_invoices_reopens_them() {
    let mut f = fresh();
    let c = &mut f.company;
    customers(c);
    let (a, na) = invoice(c, 1, 2, "100.00"); // 121.00
    let (b, nb) = invoice(c, 1, 3, "50.00"); // 60.50
    let lines = bank_with(
        c,
        vec![bl(10, "200.00", &format!("TRANSF {na} {nb}"), "ALVAREZ")],
    );
    let before = balances(&f.path);
    let r = c
        .reconcile_with_invoices(lines[0], &[(a, m("121.00")), (b, m("60.50"))], now())
        .unwrap();
    assert_eq!(r.unapplied, m("18.50"));
    assert_eq!((open_of(c, a), open_of(c, b)), (Money::ZERO, Money::ZERO));
    let payments = c.payments(None).unwrap().len();

    let u = c.unreconcile_line(lines[0], now()).unwrap();
    assert_eq!(u.reversing_payments.len(), 1);
    assert_eq!(u.reversal_entries.len(), 1);
    assert_eq!((open_of(c, a), open_of(c, b)), (m("121.00"), m("60.50")));
    assert_eq!(c.unapplied_credit(1).unwrap(), Money::ZERO);
    assert_eq!(balances(&f.path), before, "the books are as before");
    assert_eq!(total_of_postings(&f.path), 0);
    // The payment stays, with its reversing payment next to it.
    let all = c.payments(None).unwrap();
    assert_eq!(all.len(), payments + 1);
    let rev = c.payment(u.reversing_payments[0]).unwrap();
    assert_eq!(rev.amount, m("-200.00"));
    assert_eq!(rev.date, d(10));
    assert!(c.entry(r.entry_id).unwrap().summary.reversed_by.is_some());
    assert_eq!(state(&f.path, lines[0]), "open");
    assert_eq!(matches_of(&f.path, lines[0]), 0);
    assert!(c
        .audit_records(&format!("payment:{}", rev.id), 5)
        .unwrap()
        .iter()
        .any(|x| x.action == "reverse"));
    // The invoices are suggested again and the line can pay them again.
    let s = c.bank_suggestions(lines[0]).unwrap();
    assert!(
        s.iter().any(|s| s.kind == "invoice" && s.target_id == a),
        "{s:?}"
    );
    assert!(s.iter().all(|s| s.kind != "entry"), "{s:?}");
    c.reconcile_with_invoices(lines[0], &[(a, m("121.00"))], now())
        .unwrap();
    assert_eq!(open_of(c, a), Money::ZERO);
    assert_eq!(open_of(c, b), m("60.50"));
}

#[test]
fn undoing_a_supplier_payment_reopens_the_bill() {
    let mut f = fresh();
    let c = &mut f.company;
    let s = supplier(c, "Suministros Eléctricos Norte SL", "B12345674");
    let bill = c
        .post_bill(
            &BillInput {
                supplier_id: s,
                supplier_number: "FN-2026/078".into(),
                date: d(3),
                lines: vec![BillLineInput {
                    description: "Cable".into(),
                    quantity: "1".into(),
                    unit_price: m("100.00"),
                    vat_rate: "21".into(),
                    account: None,
                    order_line_no: None,
                }],
                vat_treatment: None,
                irpf_pct: None,
                total: m("121.00"),
                due_dates: Vec::new(),
                corrects_id: None,
                order_id: None,
                description: String::new(),
            },
            now(),
        )
        .unwrap();
    let lines = bank_with(c, vec![bl(12, "-121.00", "PAGO FN-2026/078", "")]);
    let before = balances(&f.path);
    let r = c
        .reconcile_with_bills(lines[0], &[(bill.id, m("121.00"))], now())
        .unwrap();
    assert_eq!(c.bill(bill.id).unwrap().open, Money::ZERO);
    let u = c.unreconcile_line(lines[0], now()).unwrap();
    assert_eq!(u.reversing_supplier_payments.len(), 1);
    assert_eq!(c.bill(bill.id).unwrap().open, m("121.00"));
    assert_eq!(c.supplier_balance(s).unwrap(), m("121.00"));
    assert_eq!(balances(&f.path), before, "the books are as before");
    assert_eq!(total_of_postings(&f.path), 0);
    let rev = c
        .supplier_payment(u.reversing_supplier_payments[0])
        .unwrap();
    assert_eq!(rev.amount, m("-121.00"));
    assert!(c.entry(r.entry_id).unwrap().summary.reversed_by.is_some());
    assert_eq!(state(&f.path, lines[0]), "open");
    // Paid again from the same line.
    c.reconcile_with_bills(lines[0], &[(bill.id, m("121.00"))], now())
        .unwrap();
    assert_eq!(c.bill(bill.id).unwrap().open, Money::ZERO);
}
