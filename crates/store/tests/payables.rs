//! Payables in the store: bills checked against their paper total and posted in the same
//! transaction, duplicate numbers refused, credit bills, quick expenses, payments made across
//! bills, the payables aging (golden), the supplier statement, the VAT input summary, and
//! payment runs (a SEPA file, then the payments once confirmed). Nothing is half-written.

mod common;

use common::*;
use rusqlite::Connection;
use trastienda_core::{Money, ProblemCode};
use trastienda_store::{
    BillFilter, BillInput, BillLineInput, Company, ExpenseInput, InvoiceProfile,
    NewSupplierPayment, PaymentMethod, PaymentRunInput, StoreError, SupplierInput,
};

fn eur(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn fields<T: std::fmt::Debug>(r: Result<T, StoreError>) -> Vec<(Option<u32>, String, ProblemCode)> {
    match r {
        Err(StoreError::Invalid(p)) => p
            .into_iter()
            .map(|p| (p.row, p.field.unwrap_or_default(), p.code))
            .collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn supplier(c: &mut Company, name: &str, tax_id: &str, iban: Option<&str>, days: i64) -> i64 {
    c.save_supplier(
        None,
        &SupplierInput {
            legal_name: name.into(),
            tax_id: tax_id.into(),
            iban: iban.map(String::from),
            payment_days: days,
            expense_account: Some("629".into()),
            ..SupplierInput::default()
        },
        now(),
    )
    .unwrap()
    .id
}

fn line(desc: &str, q: &str, price: &str, rate: &str, account: Option<&str>) -> BillLineInput {
    BillLineInput {
        description: desc.into(),
        quantity: q.into(),
        unit_price: eur(price),
        vat_rate: rate.into(),
        account: account.map(String::from),
        order_line_no: None,
    }
}

fn bill(
    supplier_id: i64,
    number: &str,
    date: chrono::NaiveDate,
    total: &str,
    lines: Vec<BillLineInput>,
) -> BillInput {
    BillInput {
        supplier_id,
        supplier_number: number.into(),
        date,
        lines,
        vat_treatment: None,
        irpf_pct: None,
        total: eur(total),
        due_dates: Vec::new(),
        corrects_id: None,
        order_id: None,
        description: String::new(),
    }
}

/// The balance (debit − credit) of an account and its subaccounts over every entry.
fn balance(path: &std::path::Path, prefix: &str) -> Money {
    let conn = Connection::open(path).unwrap();
    let cents: i64 = conn
        .query_row(
            "SELECT coalesce(sum(p.amount_cents), 0) FROM postings p
             JOIN accounts a ON a.id = p.account_id WHERE a.code LIKE ?1 || '%'",
            [prefix],
            |r| r.get(0),
        )
        .unwrap();
    Money::from_cents(cents)
}

fn counts(path: &std::path::Path) -> (i64, i64, i64) {
    let conn = Connection::open(path).unwrap();
    let q = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    (
        q("SELECT count(*) FROM bills"),
        q("SELECT count(*) FROM entries"),
        q("SELECT count(*) FROM supplier_payments"),
    )
}

#[test]
fn a_bill_with_mixed_rates_and_withholding_posts_what_was_computed_by_hand() {
    let mut f = fresh();
    let s = supplier(&mut f.company, "Asesoría Ruiz SL", "B12345674", None, 30);
    f.company
        .save_supplier(
            Some(s),
            &SupplierInput {
                legal_name: "Asesoría Ruiz SL".into(),
                tax_id: "B12345674".into(),
                payment_days: 30,
                expense_account: Some("623".into()),
                irpf_pct: Some("15".into()),
                ..SupplierInput::default()
            },
            now(),
        )
        .unwrap();
    // 3 × 12.35 = 37.05 @21 (629), 100.00 @21 (623 by default), 2.5 × 8.10 = 20.25 @10 (629).
    // 21 %: 137.05 -> 28.78; 10 %: 20.25 -> 2.03; base 157.30; IRPF 15 % 23.60;
    // total 157.30 + 30.81 − 23.60 = 164.51.
    let input = bill(
        s,
        "A-2026/118",
        d(2026, 3, 10),
        "164.51",
        vec![
            line("Material oficina", "3", "12.35", "21", Some("629")),
            line("Asesoría fiscal marzo", "1", "100.00", "21", None),
            line("Libros", "2.5", "8.10", "10", Some("629")),
        ],
    );
    let b = f.company.post_bill(&input, now()).unwrap();
    assert_eq!(b.base, eur("157.30"));
    assert_eq!(b.vat, eur("30.81"));
    assert_eq!(b.irpf, eur("23.60"));
    assert_eq!(b.total, eur("164.51"));
    assert_eq!(b.open, eur("164.51"));
    assert_eq!(b.due_dates, vec![(d(2026, 4, 9), eur("164.51"))]);
    assert_eq!(b.lines[1].account, "623");
    assert_eq!(b.taxes.len(), 2);
    let e = f.company.entry(b.entry_id).unwrap();
    let amount = |acc: &str| -> Money {
        e.lines
            .iter()
            .filter(|l| l.account.as_str() == acc)
            .map(|l| l.amount)
            .sum()
    };
    assert_eq!(amount("629"), eur("57.30"));
    assert_eq!(amount("623"), eur("100.00"));
    assert_eq!(amount("4720021"), eur("28.78"));
    assert_eq!(amount("4720010"), eur("2.03"));
    assert_eq!(amount("4751002"), eur("-23.60"));
    assert_eq!(amount("400"), eur("-164.51"));
    assert!(f.company.verify().unwrap().is_empty());

    // The same supplier's number again (written differently) is refused; nothing is written.
    let before = counts(&f.path);
    let again = bill(
        s,
        "a 2026-118",
        d(2026, 3, 11),
        "164.51",
        input.lines.clone(),
    );
    assert_eq!(
        fields(f.company.post_bill(&again, now())),
        vec![(None, "supplier_number".into(), ProblemCode::Duplicate)]
    );
    assert_eq!(counts(&f.path), before);

    // A total that does not match the lines: the difference is named.
    let off = bill(
        s,
        "A-2026/119",
        d(2026, 3, 11),
        "164.50",
        input.lines.clone(),
    );
    match f.company.post_bill(&off, now()) {
        Err(StoreError::Invalid(p)) => {
            assert_eq!(p.len(), 1);
            assert_eq!(p[0].field.as_deref(), Some("total"));
            assert!(
                p[0].message.contains("164.51") && p[0].message.contains("-0.01"),
                "{}",
                p[0].message
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(counts(&f.path), before);
}

#[test]
fn bad_lines_name_their_row_and_nothing_is_written() {
    let mut f = fresh();
    let s = supplier(&mut f.company, "Papelera Sur SL", "B12345674", None, 0);
    let before = counts(&f.path);
    let input = bill(
        s,
        "77",
        d(2026, 3, 10),
        "10.00",
        vec![
            line("", "1", "10.00", "21", None),
            line("Tóner", "x", "10.00", "21", None),
            line("Papel", "1", "10.00", "7", Some("700")),
        ],
    );
    let got = fields(f.company.post_bill(&input, now()));
    let want = (Some(2), "quantity".to_string(), ProblemCode::InvalidAmount);
    assert!(got.contains(&want), "{want:?} not in {got:?}");
    let input = bill(
        s,
        "77",
        d(2026, 3, 10),
        "10.00",
        vec![
            line("", "1", "10.00", "21", None),
            line("Papel", "1", "10.00", "7", Some("700")),
        ],
    );
    let got = fields(f.company.post_bill(&input, now()));
    for want in [
        (Some(1), "description".to_string(), ProblemCode::Required),
        (Some(2), "vat_rate".to_string(), ProblemCode::OutOfRange),
        (Some(2), "account".to_string(), ProblemCode::InvalidAccount),
    ] {
        assert!(got.contains(&want), "{want:?} not in {got:?}");
    }
    assert_eq!(counts(&f.path), before);
}

#[test]
fn a_credit_bill_reduces_what_is_owed_and_posted_bills_never_change() {
    let mut f = fresh();
    let s = supplier(&mut f.company, "Papelera Sur SL", "B12345674", None, 0);
    let b = f
        .company
        .post_bill(
            &bill(
                s,
                "F-1",
                d(2026, 3, 1),
                "121.00",
                vec![line("Papel", "10", "10.00", "21", None)],
            ),
            now(),
        )
        .unwrap();
    let mut credit = bill(
        s,
        "AB-1",
        d(2026, 3, 5),
        "-24.20",
        vec![line("Devolución", "-2", "10.00", "21", None)],
    );
    // Positive lines on a credit bill are refused, then a proper one is posted.
    credit.corrects_id = Some(b.id);
    let mut wrong = credit.clone();
    wrong.lines[0].quantity = "2".into();
    wrong.total = eur("24.20");
    assert!(fields(f.company.post_credit_bill(&wrong, now()))
        .iter()
        .any(|p| p.1 == "quantity"));
    let c = f.company.post_credit_bill(&credit, now()).unwrap();
    assert_eq!(c.total, eur("-24.20"));
    assert_eq!(c.corrects_number.as_deref(), Some("F-1"));
    assert_eq!(f.company.bill(b.id).unwrap().open, eur("96.80"));
    // The triggers keep posted bills as they are.
    let conn = Connection::open(&f.path).unwrap();
    assert!(conn
        .execute("UPDATE bills SET total_cents = 1 WHERE id = ?1", [b.id])
        .is_err());
    assert!(conn.execute("DELETE FROM bill_lines", []).is_err());
}

#[test]
fn a_quick_expense_is_two_fields_and_posts_to_cash() {
    let mut f = fresh();
    let e = f
        .company
        .record_expense(
            &ExpenseInput {
                date: d(2026, 3, 2),
                amount: eur("10.00"),
                vat_rate: "21".into(),
                account: "629".into(),
                paid_from: "5700001".into(),
                description: "Taxi".into(),
                supplier_id: None,
            },
            now(),
        )
        .unwrap();
    assert_eq!(e.base, eur("8.26"));
    assert_eq!(e.vat, eur("1.74"));
    assert_eq!(e.open, Money::ZERO);
    assert_eq!(balance(&f.path, "570"), eur("-10.00"));
    let bad = ExpenseInput {
        date: d(2026, 3, 2),
        amount: eur("0"),
        vat_rate: "8".into(),
        account: "430".into(),
        paid_from: "400".into(),
        description: " ".into(),
        supplier_id: None,
    };
    let got: Vec<String> = fields(f.company.record_expense(&bad, now()))
        .into_iter()
        .map(|p| p.1)
        .collect();
    assert_eq!(
        got,
        vec!["amount", "vat_rate", "account", "paid_from", "description"]
    );
}

#[test]
fn one_payment_across_bills_and_partial_payments_settle_in_order() {
    let mut f = fresh();
    let s = supplier(&mut f.company, "Papelera Sur SL", "B12345674", None, 0);
    let b1 = f
        .company
        .post_bill(
            &bill(
                s,
                "1",
                d(2026, 3, 1),
                "121.00",
                vec![line("A", "1", "100.00", "21", None)],
            ),
            now(),
        )
        .unwrap();
    let b2 = f
        .company
        .post_bill(
            &bill(
                s,
                "2",
                d(2026, 3, 2),
                "60.50",
                vec![line("B", "1", "50.00", "21", None)],
            ),
            now(),
        )
        .unwrap();
    // Partial: 100 on the first.
    let p1 = f
        .company
        .record_supplier_payment(
            &NewSupplierPayment {
                supplier_id: s,
                date: d(2026, 3, 10),
                amount: eur("100.00"),
                method: PaymentMethod::Bank,
                account: None,
                reference: String::new(),
                allocations: Some(vec![(b1.id, eur("100.00"))]),
            },
            now(),
        )
        .unwrap();
    assert_eq!(p1.unapplied, Money::ZERO);
    // One payment across both, applied automatically, with 10 left as an advance.
    let p2 = f
        .company
        .record_supplier_payment(
            &NewSupplierPayment {
                supplier_id: s,
                date: d(2026, 3, 11),
                amount: eur("91.50"),
                method: PaymentMethod::Bank,
                account: None,
                reference: "TR 55".into(),
                allocations: None,
            },
            now(),
        )
        .unwrap();
    assert_eq!(
        p2.allocations
            .iter()
            .map(|a| (a.bill_id, a.amount))
            .collect::<Vec<_>>(),
        vec![(b1.id, eur("21.00")), (b2.id, eur("60.50"))]
    );
    assert_eq!(p2.unapplied, eur("10.00"));
    assert!(p2.notice.is_some());
    assert_eq!(f.company.bill(b1.id).unwrap().open, Money::ZERO);
    assert_eq!(f.company.supplier_balance(s).unwrap(), eur("-10.00"));
    assert_eq!(balance(&f.path, "400"), eur("10.00"));
    assert_eq!(balance(&f.path, "572"), eur("-191.50"));
    // Over-applying is refused with the open amount; a blocked supplier is not paid.
    let b3 = f
        .company
        .post_bill(
            &bill(
                s,
                "3",
                d(2026, 3, 3),
                "12.10",
                vec![line("C", "1", "10.00", "21", None)],
            ),
            now(),
        )
        .unwrap();
    let before = counts(&f.path);
    let over = NewSupplierPayment {
        supplier_id: s,
        date: d(2026, 3, 12),
        amount: eur("20.00"),
        method: PaymentMethod::Bank,
        account: None,
        reference: String::new(),
        allocations: Some(vec![(b3.id, eur("20.00"))]),
    };
    assert_eq!(
        fields(f.company.record_supplier_payment(&over, now())),
        vec![(Some(1), "amount".into(), ProblemCode::OutOfRange)]
    );
    f.company
        .set_supplier_status(s, true, Some("Disputa de calidad"), now())
        .unwrap();
    match f.company.record_supplier_payment(&over, now()) {
        Err(StoreError::Invalid(p)) => {
            assert!(
                p[0].message.contains("blocked") && p[0].message.contains("Disputa"),
                "{}",
                p[0].message
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(counts(&f.path), before);
    let open = f
        .company
        .bills(&BillFilter {
            open_only: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(open.iter().map(|b| b.id).collect::<Vec<_>>(), vec![b3.id]);
}

#[test]
fn payables_aging_golden() {
    let mut f = fresh();
    let a = supplier(&mut f.company, "Alfa Suministros SL", "B12345674", None, 0);
    let b = supplier(&mut f.company, "Beta Transportes SL", "A58818501", None, 0);
    let as_of = d(2026, 6, 30);
    // Alfa: due 2026-07-15 (current) 121.00; due 2026-06-10 (20 days) 242.00;
    // Beta: instalments of 302.50 due 04-15 (76 days) and 05-15 (46 days), 200.00 paid;
    // a bill due 2026-02-28 (122 days) 60.50; an advance of 50.00 paid on 06-01.
    let post = |c: &mut Company,
                s,
                n: &str,
                date,
                due: Vec<chrono::NaiveDate>,
                total: &str,
                price: &str| {
        let mut i = bill(s, n, date, total, vec![line("x", "1", price, "21", None)]);
        i.due_dates = due;
        c.post_bill(&i, now()).unwrap()
    };
    post(
        &mut f.company,
        a,
        "A1",
        d(2026, 6, 15),
        vec![d(2026, 7, 15)],
        "121.00",
        "100.00",
    );
    post(
        &mut f.company,
        a,
        "A2",
        d(2026, 5, 11),
        vec![d(2026, 6, 10)],
        "242.00",
        "200.00",
    );
    let b1 = post(
        &mut f.company,
        b,
        "B1",
        d(2026, 3, 15),
        vec![d(2026, 4, 15), d(2026, 5, 15)],
        "605.00",
        "500.00",
    );
    post(
        &mut f.company,
        b,
        "B2",
        d(2026, 1, 29),
        vec![d(2026, 2, 28)],
        "60.50",
        "50.00",
    );
    let pay = |c: &mut Company, s, date, amount: &str, alloc: Option<Vec<(i64, Money)>>| {
        c.record_supplier_payment(
            &NewSupplierPayment {
                supplier_id: s,
                date,
                amount: eur(amount),
                method: PaymentMethod::Bank,
                account: None,
                reference: String::new(),
                allocations: alloc,
            },
            now(),
        )
        .unwrap()
    };
    pay(
        &mut f.company,
        b,
        d(2026, 4, 20),
        "200.00",
        Some(vec![(b1.id, eur("200.00"))]),
    );
    pay(&mut f.company, b, d(2026, 6, 1), "50.00", Some(vec![]));
    let r = f.company.payables_aging(as_of).unwrap();
    let row = |i: usize| -> Vec<String> {
        let s = &r.suppliers[i];
        let mut v = vec![s.supplier_name.clone()];
        v.extend(s.totals.buckets().map(|(_, m)| m.to_string()));
        v.push(s.totals.total().to_string());
        v
    };
    assert_eq!(
        row(0),
        vec![
            "Alfa Suministros SL",
            "121.00",
            "242.00",
            "0.00",
            "0.00",
            "0.00",
            "363.00"
        ]
    );
    // B1: 200 paid settles the first instalment (302.50) in part: 102.50 open at 76 days,
    // 302.50 at 46 days; B2 60.50 at 122 days; the advance −50.00 paid 29 days before, in
    // its bucket by date as the receivables aging does with unapplied payments.
    assert_eq!(
        row(1),
        vec![
            "Beta Transportes SL",
            "0.00",
            "-50.00",
            "302.50",
            "102.50",
            "60.50",
            "415.50"
        ]
    );
    assert_eq!(r.suppliers[1].unapplied, eur("50.00"));
    assert_eq!(r.total.total(), eur("778.50"));
    // The statement: bills as credits, payments as debits, the closing what is owed.
    let st = f
        .company
        .supplier_statement(b, Some(d(2026, 3, 1)), None)
        .unwrap();
    assert_eq!(st.opening, eur("60.50"));
    assert_eq!(st.closing, eur("415.50"));
    assert_eq!(st.lines.len(), 3);
}

#[test]
fn vat_input_summary_adds_up_per_treatment_and_rate() {
    let mut f = fresh();
    let s = supplier(&mut f.company, "Papelera Sur SL", "B12345674", None, 0);
    let eu = supplier(&mut f.company, "Papier GmbH", "B87654323", None, 0);
    f.company
        .post_bill(
            &bill(
                s,
                "1",
                d(2026, 1, 10),
                "132.00",
                vec![
                    line("A", "1", "100.00", "21", None),
                    line("B", "1", "10.00", "10", None),
                ],
            ),
            now(),
        )
        .unwrap();
    let mut i = bill(
        eu,
        "DE-9",
        d(2026, 2, 10),
        "400.00",
        vec![line("Papier", "10", "40.00", "21", None)],
    );
    i.vat_treatment = Some("intra_eu".into());
    f.company.post_bill(&i, now()).unwrap();
    // Outside the period: not counted.
    f.company
        .post_bill(
            &bill(
                s,
                "2",
                d(2026, 4, 1),
                "12.10",
                vec![line("C", "1", "10.00", "21", None)],
            ),
            now(),
        )
        .unwrap();
    let v = f
        .company
        .vat_input_summary(d(2026, 1, 1), d(2026, 3, 31))
        .unwrap();
    let rows: Vec<(String, String, String, String, String)> = v
        .rows
        .iter()
        .map(|r| {
            (
                r.treatment.clone(),
                r.vat_rate.clone(),
                r.base.to_string(),
                r.vat.to_string(),
                r.deductible.to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "deductible".into(),
                "21".into(),
                "100.00".into(),
                "21.00".into(),
                "21.00".into()
            ),
            (
                "deductible".into(),
                "10".into(),
                "10.00".into(),
                "1.00".into(),
                "1.00".into()
            ),
            (
                "intra_eu".into(),
                "21".into(),
                "400.00".into(),
                "84.00".into(),
                "84.00".into()
            ),
        ]
    );
    assert_eq!(v.deductible, eur("106.00"));
    assert_eq!(v.bills, 2);
    // The intra-EU bill self-assessed its VAT: 477 credited with what 472 got.
    assert_eq!(balance(&f.path, "4770021"), eur("-84.00"));
}

#[test]
fn a_payment_run_makes_a_sepa_file_and_records_payments_only_when_confirmed() {
    let mut f = fresh();
    f.company
        .set_invoice_profile(
            &InvoiceProfile {
                iban: Some("ES9121000418450200051332".into()),
                email: None,
                phone: None,
                logo: None,
                invoice_footer: None,
            },
            now(),
        )
        .unwrap();
    let a = supplier(
        &mut f.company,
        "Alfa Suministros SL",
        "B12345674",
        Some("ES7921000813610123456789"),
        0,
    );
    let b = supplier(&mut f.company, "Beta Transportes SL", "A58818501", None, 0);
    let c = supplier(
        &mut f.company,
        "Gamma SL",
        "B87654323",
        Some("ES6000491500051234567892"),
        0,
    );
    let mk = |co: &mut Company, s, n: &str, date, total: &str, price: &str| {
        co.post_bill(
            &bill(s, n, date, total, vec![line("x", "1", price, "21", None)]),
            now(),
        )
        .unwrap()
    };
    let a1 = mk(&mut f.company, a, "A1", d(2026, 3, 1), "121.00", "100.00");
    let a2 = mk(&mut f.company, a, "A2", d(2026, 3, 5), "60.50", "50.00");
    mk(&mut f.company, b, "B1", d(2026, 3, 5), "12.10", "10.00");
    mk(&mut f.company, c, "C1", d(2026, 3, 6), "24.20", "20.00");
    mk(&mut f.company, a, "A3", d(2026, 4, 20), "12.10", "10.00");
    f.company
        .set_supplier_status(c, true, Some("Sin contrato"), now())
        .unwrap();
    let before = counts(&f.path);
    let run = f
        .company
        .prepare_payment_run(
            &PaymentRunInput {
                until: d(2026, 3, 31),
                bill_ids: None,
                execution_date: d(2026, 3, 5),
                account: "5720001".into(),
                debtor_iban: None,
            },
            now(),
        )
        .unwrap();
    // A1 and A2 in one transfer to Alfa; Beta has no IBAN, Gamma is blocked, A3 not yet due.
    assert_eq!(
        run.items.iter().map(|i| i.bill_id).collect::<Vec<_>>(),
        vec![a1.id, a2.id]
    );
    assert_eq!(run.total, eur("181.50"));
    assert_eq!(run.skipped.len(), 2);
    assert!(run.skipped.iter().any(|s| s.reason.contains("IBAN")));
    assert!(run.skipped.iter().any(|s| s.reason.contains("blocked")));
    assert!(
        run.xml.contains("<NbOfTxs>1</NbOfTxs>") && run.xml.contains("<CtrlSum>181.50</CtrlSum>")
    );
    assert!(run.xml.contains("ES7921000813610123456789"));
    assert_eq!(counts(&f.path), before, "preparing posts nothing");
    // A second run does not pay the same bills again.
    match f.company.prepare_payment_run(
        &PaymentRunInput {
            until: d(2026, 3, 31),
            bill_ids: Some(vec![a1.id]),
            execution_date: d(2026, 3, 5),
            account: "5720001".into(),
            debtor_iban: None,
        },
        now(),
    ) {
        Err(StoreError::Invalid(p)) => assert!(
            p.iter()
                .any(|p| p.message.contains("already in a payment run")),
            "{p:?}"
        ),
        other => panic!("{other:?}"),
    }
    let done = f.company.confirm_payment_run(run.id, now()).unwrap();
    assert_eq!(done.state, "confirmed");
    assert_eq!(done.payment_ids.len(), 1);
    assert_eq!(f.company.bill(a1.id).unwrap().open, Money::ZERO);
    assert_eq!(f.company.bill(a2.id).unwrap().open, Money::ZERO);
    assert_eq!(balance(&f.path, "572"), eur("-181.50"));
    assert!(f.company.confirm_payment_run(run.id, now()).is_err());
    assert!(f.company.verify().unwrap().is_empty());
}

#[test]
fn an_unknown_or_parent_account_is_named_on_the_bill_line() {
    let mut f = fresh();
    let s = supplier(&mut f.company, "Papelera Sur SL", "B12345674", None, 0);
    let before = counts(&f.path);
    let input = bill(
        s,
        "X-1",
        d(2026, 3, 10),
        "24.20",
        vec![
            line("Papel", "1", "10.00", "21", Some("629")),
            line("Tóner", "1", "10.00", "21", Some("6999")),
        ],
    );
    assert_eq!(
        fields(f.company.post_bill(&input, now())),
        vec![(Some(2), "account".into(), ProblemCode::UnknownAccount)]
    );
    // 62 has subaccounts: not postable, named on line 1.
    let mut input = input;
    input.lines[0].account = Some("62".into());
    input.lines[1].account = Some("629".into());
    assert_eq!(
        fields(f.company.post_bill(&input, now())),
        vec![(Some(1), "account".into(), ProblemCode::NotPostable)]
    );
    assert_eq!(counts(&f.path), before);
}
