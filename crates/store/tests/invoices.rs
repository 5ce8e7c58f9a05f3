//! Invoices in the company file: issuing (numbers, totals, entry, register), the triggers that
//! keep numbering gap-free and issued invoices immutable, credit notes, payments, aging,
//! reminders and the register check. Every expected amount is worked out by hand in comments.

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::fresh;
use rust_decimal::Decimal;
use std::str::FromStr;
use trastienda_core::aging::{AgingBucket, SemesterRate};
use trastienda_core::invoice::{
    CorrectionMethod, CorrectionReason, CreditNoteHeader, ExemptionCause, LineTax,
};
use trastienda_core::{InvoiceLine, Money, ProblemCode};
use trastienda_store::{
    Company, DocKind, InvoiceFilter, InvoiceInput, InvoiceState, NewPayment, PaymentMethod,
    StoreError,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}
fn eur(s: &str) -> Money {
    Money::parse(s).unwrap()
}
fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}
fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 1, 10, 0, 0).unwrap()
}
fn line(q: &str, price: &str, vat: &str) -> InvoiceLine {
    InvoiceLine::new("Artículo", dec(q), eur(price), LineTax::Vat(dec(vat)))
}

/// Customers, inserted as the customers module would: 1 a business (CIF, domestic, due in 30
/// days), 2 a retailer in recargo de equivalencia (NIF, due on the day), 3 a business with
/// no tax id on file, 4 another business due on the day.
fn customers(c: &Company) {
    c.execute_raw(
        "INSERT INTO customers (id, legal_name, country, tax_id, address, postal_code, city,
                                province, treatment, payment_days, created_at) VALUES
         (1, 'Cliente Uno SL', 'ES', 'B12345674', 'Calle Sol 2', '28001', 'Madrid', 'Madrid',
          'domestic', 30, '2027-01-01'),
         (2, 'Minorista Dos', 'ES', '12345678Z', 'Plaza Mayor 3', '37001', 'Salamanca',
          'Salamanca', 'recargo', 0, '2027-01-01'),
         (3, 'Sin NIF SL', 'ES', '', '', '', '', '', 'domestic', 0, '2027-01-01'),
         (4, 'Cliente Cuatro SA', 'ES', '87654321X', '', '', '', '', 'domestic', 0, '2027-01-01')",
    )
    .unwrap();
}

fn input(customer: i64, date: NaiveDate, lines: Vec<InvoiceLine>) -> InvoiceInput {
    InvoiceInput {
        kind: DocKind::Invoice,
        issue_date: date,
        operation_date: None,
        customer_id: Some(customer),
        prices_include_vat: false,
        withholding: None,
        notes: String::new(),
        lines,
    }
}

fn issue(c: &mut Company, customer: i64, date: NaiveDate, lines: Vec<InvoiceLine>) -> i64 {
    let draft = c
        .save_invoice_draft(None, &input(customer, date, lines), now())
        .unwrap();
    c.issue_invoice(draft.id, now()).unwrap().id
}

fn problems(e: StoreError) -> Vec<trastienda_core::Problem> {
    match e {
        StoreError::Invalid(p) => p,
        other => panic!("expected problems, got {other:?}"),
    }
}

/// Everything a refused action could have touched.
fn footprint(c: &Company) -> (u64, usize, usize, Vec<(String, u32)>) {
    (
        c.audit_len().unwrap(),
        c.invoices(&InvoiceFilter::default()).unwrap().len(),
        c.invoice_register().unwrap().len(),
        c.invoice_series()
            .unwrap()
            .into_iter()
            .map(|s| (s.series.code, s.last_number))
            .collect(),
    )
}

#[test]
fn mixed_rates_with_recargo_and_irpf_issue_with_their_entry_and_register_record() {
    let mut f = fresh();
    customers(&f.company);
    // Lines: 2 × 100.00 at 21 %  = 200.00
    //        3 × 50.00 at 10 %, 10 % off = 135.00
    //        1 × 40.00 at 4 %   = 40.00
    // Recargo customer: 21 % + 5.2 %, 10 % + 1.4 %, 4 % + 0.5 %.
    //   21: VAT 42.00, recargo 10.40; 10: VAT 13.50, recargo 1.89; 4: VAT 1.60, recargo 0.20
    // Base 375.00, VAT 57.10, recargo 12.49, IRPF 15 % of 375.00 = 56.25
    // Total 375.00 + 57.10 + 12.49 − 56.25 = 388.34; VeriFactu tax 69.59, amount 444.59.
    let mut i = input(
        2,
        d(2027, 3, 1),
        vec![
            line("2", "100", "21"),
            line("3", "50", "10").with_discount(dec("10")),
            line("1", "40", "4"),
        ],
    );
    i.withholding = Some(dec("15"));
    let draft = f.company.save_invoice_draft(None, &i, now()).unwrap();
    assert_eq!(draft.state, InvoiceState::Draft);
    assert_eq!(draft.total, eur("388.34"));
    assert_eq!(draft.full_number, None);
    let inv = f.company.issue_invoice(draft.id, now()).unwrap();
    assert_eq!(inv.full_number.as_deref(), Some("2027-0001"));
    assert_eq!(inv.number, Some(1));
    assert_eq!(inv.customer_name, "Minorista Dos");
    assert_eq!(inv.customer_tax_id, "12345678Z");
    assert_eq!(inv.customer_address, "Plaza Mayor 3, 37001 Salamanca");
    assert_eq!(
        (
            inv.base,
            inv.vat,
            inv.recargo,
            inv.withholding_amount,
            inv.total
        ),
        (
            eur("375.00"),
            eur("57.10"),
            eur("12.49"),
            eur("56.25"),
            eur("388.34")
        )
    );
    assert_eq!(inv.due_date, Some(d(2027, 3, 1)));
    assert_eq!(inv.open, eur("388.34"));
    let taxes: Vec<(String, Money, Money, Money)> = inv
        .taxes
        .iter()
        .map(|t| (t.tax.clone(), t.base, t.vat, t.recargo))
        .collect();
    assert_eq!(
        taxes,
        vec![
            ("21".into(), eur("200.00"), eur("42.00"), eur("10.40")),
            ("10".into(), eur("135.00"), eur("13.50"), eur("1.89")),
            ("4".into(), eur("40.00"), eur("1.60"), eur("0.20")),
        ]
    );

    // The entry: 430 debit 388.34, 473 debit 56.25; 700 credit 375.00; each 477 subaccount
    // its VAT and, on a line of its own, its recargo.
    let entry = f.company.entry(inv.entry_id.unwrap()).unwrap();
    assert_eq!(entry.summary.reference.as_deref(), Some("2027-0001"));
    assert_eq!(entry.summary.date, d(2027, 3, 1));
    let lines: Vec<(String, Money)> = entry
        .lines
        .iter()
        .map(|l| (l.account.to_string(), l.amount))
        .collect();
    assert_eq!(
        lines,
        vec![
            ("430".into(), eur("388.34")),
            ("473".into(), eur("56.25")),
            ("700".into(), eur("-375.00")),
            ("4770021".into(), eur("-42.00")),
            ("4770021".into(), eur("-10.40")),
            ("4770010".into(), eur("-13.50")),
            ("4770010".into(), eur("-1.89")),
            ("4770004".into(), eur("-1.60")),
            ("4770004".into(), eur("-0.20")),
        ]
    );
    assert_eq!(lines.iter().map(|l| l.1).sum::<Money>(), Money::ZERO);
    assert_eq!(entry.summary.total, eur("444.59"));

    // The register record: the company's tax id, type F1, tax 69.59, amount 444.59, the
    // first of the chain, stamped in Madrid time (10:00 UTC in March = 11:00 +01:00).
    let reg = f.company.invoice_register().unwrap();
    assert_eq!(reg.len(), 1);
    let r = &reg[0];
    assert_eq!(
        (
            r.kind.as_str(),
            r.issuer_tax_id.as_str(),
            r.full_number.as_str(),
            r.invoice_type.as_str(),
            r.total_tax.as_str(),
            r.total_amount.as_str(),
            r.generated_at.as_str(),
            r.previous_hash.as_str()
        ),
        (
            "alta",
            "B12345674",
            "2027-0001",
            "F1",
            "69.59",
            "444.59",
            "2027-03-01T11:00:00+01:00",
            ""
        )
    );
    assert_eq!(r.hash.len(), 64);
    assert!(r
        .hash
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
    assert_eq!(f.company.verify_invoice_register().unwrap(), None);
    assert!(f.company.verify().unwrap().is_empty());
    // The issue is in the audit log.
    let audit = f.company.audit_records("invoice:", 10).unwrap();
    assert!(audit
        .iter()
        .any(|a| a.action == "issue" && a.after.as_deref().unwrap_or("").starts_with("2027-0001")));

    // The VAT output summary of the quarter.
    let vat = f
        .company
        .vat_output_summary(d(2027, 1, 1), d(2027, 3, 31))
        .unwrap();
    assert_eq!(vat.base, eur("375.00"));
    assert_eq!(vat.vat, eur("57.10"));
    assert_eq!(vat.recargo, eur("12.49"));
    assert_eq!(vat.withholding, eur("56.25"));
    assert_eq!(vat.rows.len(), 3);
    assert_eq!(vat.rows[0].recargo_rate, dec("5.2"));
}

#[test]
fn exempt_and_simplified_invoices_number_in_their_own_series() {
    let mut f = fresh();
    customers(&f.company);
    let a = issue(
        &mut f.company,
        1,
        d(2027, 1, 5),
        vec![line("1", "10", "21")],
    );
    // A ticket without a customer, prices VAT included: 12.10 = 10.00 + 2.10.
    let mut t = input(0, d(2027, 1, 5), vec![line("1", "12.10", "21")]);
    t.kind = DocKind::Simplified;
    t.customer_id = None;
    t.prices_include_vat = true;
    let ticket = f.company.save_invoice_draft(None, &t, now()).unwrap();
    let ticket = f.company.issue_invoice(ticket.id, now()).unwrap();
    assert_eq!(ticket.full_number.as_deref(), Some("T2027-0001"));
    assert_eq!((ticket.base, ticket.vat), (eur("10.00"), eur("2.10")));
    // An exempt line keeps its cause in the breakdown.
    let e = issue(
        &mut f.company,
        1,
        d(2027, 1, 6),
        vec![InvoiceLine::new(
            "Curso",
            dec("1"),
            eur("300"),
            LineTax::Exempt(ExemptionCause::E1),
        )],
    );
    let e = f.company.invoice(e).unwrap();
    assert_eq!(e.full_number.as_deref(), Some("2027-0002"));
    assert_eq!(e.taxes[0].tax, "E1");
    assert_eq!(e.total, eur("300.00"));
    // Customer 1 pays at 30 days.
    assert_eq!(f.company.invoice(a).unwrap().due_date, Some(d(2027, 2, 4)));
    let reg = f.company.invoice_register().unwrap();
    assert_eq!(reg[1].invoice_type, "F2");
    assert_eq!(reg[1].previous_hash, reg[0].hash);
    assert_eq!(reg[2].previous_hash, reg[1].hash);
}

#[test]
fn numbering_is_gap_free_and_a_date_before_the_last_is_refused_with_both_dates() {
    let mut f = fresh();
    customers(&f.company);
    let mut numbers = Vec::new();
    for day in [1, 2, 2, 5] {
        let id = issue(
            &mut f.company,
            4,
            d(2027, 3, day),
            vec![line("1", "1", "21")],
        );
        numbers.push(f.company.invoice(id).unwrap().full_number.unwrap());
    }
    assert_eq!(
        numbers,
        ["2027-0001", "2027-0002", "2027-0003", "2027-0004"]
    );
    let late = f
        .company
        .save_invoice_draft(
            None,
            &input(4, d(2027, 3, 3), vec![line("1", "1", "21")]),
            now(),
        )
        .unwrap();
    let before = footprint(&f.company);
    let p = problems(f.company.issue_invoice(late.id, now()).unwrap_err());
    assert_eq!(p[0].code, ProblemCode::InvalidDate);
    assert_eq!(p[0].field.as_deref(), Some("issue_date"));
    assert!(
        p[0].message
            .starts_with("2027-03-03 is before 2027-03-05, the date of 2027-0004"),
        "{}",
        p[0].message
    );
    assert_eq!(
        footprint(&f.company),
        before,
        "a refused issue writes nothing"
    );
    assert_eq!(
        f.company.invoice(late.id).unwrap().state,
        InvoiceState::Draft
    );
    // Dated on the last day it goes through, as number 5.
    let ok = f
        .company
        .save_invoice_draft(
            None,
            &input(4, d(2027, 3, 5), vec![line("1", "1", "21")]),
            now(),
        )
        .unwrap();
    let ok = f.company.issue_invoice(ok.id, now()).unwrap();
    assert_eq!(ok.full_number.as_deref(), Some("2027-0005"));
    // A new year starts a new series at 1.
    let next = issue(&mut f.company, 4, d(2028, 1, 2), vec![line("1", "1", "21")]);
    assert_eq!(
        f.company.invoice(next).unwrap().full_number.as_deref(),
        Some("2028-0001")
    );
    assert!(f.company.invoice_numbering_gaps().unwrap().is_empty());
}

#[test]
fn two_handles_racing_to_issue_get_consecutive_numbers_and_the_trigger_refuses_a_wrong_one() {
    let mut f = fresh();
    customers(&f.company);
    issue(&mut f.company, 4, d(2027, 3, 1), vec![line("1", "1", "21")]);
    // Twenty drafts, then two handles on the same file (another process would be refused
    // by the lock file; two handles in one process are allowed) issuing ten each at once.
    // Each issue is an IMMEDIATE transaction: the second writer waits for the first.
    let ids: Vec<i64> = (0..20)
        .map(|_| {
            f.company
                .save_invoice_draft(
                    None,
                    &input(4, d(2027, 3, 2), vec![line("1", "1", "21")]),
                    now(),
                )
                .unwrap()
                .id
        })
        .collect();
    let handles: Vec<_> = ids
        .chunks(10)
        .map(|chunk| {
            let chunk = chunk.to_vec();
            let mut c = Company::open(&f.path, now()).unwrap();
            std::thread::spawn(move || {
                for id in chunk {
                    c.issue_invoice(id, now()).unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let mut numbers: Vec<u32> = f
        .company
        .invoices(&InvoiceFilter {
            state: Some(InvoiceState::Issued),
            ..Default::default()
        })
        .unwrap()
        .iter()
        .map(|i| i.number.unwrap())
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=21).collect::<Vec<u32>>());
    assert!(f.company.invoice_numbering_gaps().unwrap().is_empty());
    assert_eq!(f.company.verify_invoice_register().unwrap(), None);
    assert_eq!(f.company.invoice_register().unwrap().len(), 21);

    // A racing writer that skipped the store would still meet the triggers: number 23 when
    // the series stands at 21 is refused, and so is number 21 again.
    let draft = f
        .company
        .save_invoice_draft(
            None,
            &input(4, d(2027, 3, 2), vec![line("1", "1", "21")]),
            now(),
        )
        .unwrap();
    for n in [23, 21] {
        let e = f
            .company
            .execute_raw(&format!(
                "UPDATE invoices SET state = 'issued', number = {n}, full_number = 'X{n}',
                     series_id = (SELECT id FROM invoice_series WHERE code = 'F'),
                     entry_id = (SELECT min(id) FROM entries), issued_at = 'now',
                     customer_name = 'x'
                 WHERE id = {}",
                draft.id
            ))
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("takes the next number of its series"),
            "{e}"
        );
    }
    // And a date before the series' last.
    f.company
        .execute_raw(&format!(
            "UPDATE invoices SET issue_date = '2027-02-01' WHERE id = {}",
            draft.id
        ))
        .unwrap();
    let e = f
        .company
        .execute_raw(&format!(
            "UPDATE invoices SET state = 'issued', number = 22, full_number = 'X22',
                 series_id = (SELECT id FROM invoice_series WHERE code = 'F'),
                 entry_id = (SELECT min(id) FROM entries), issued_at = 'now', customer_name = 'x'
             WHERE id = {}",
            draft.id
        ))
        .unwrap_err();
    assert!(e.to_string().contains("may not be dated before"), "{e}");
}

#[test]
fn issued_invoices_are_immutable() {
    let mut f = fresh();
    customers(&f.company);
    let id = issue(
        &mut f.company,
        1,
        d(2027, 3, 1),
        vec![line("1", "100", "21")],
    );
    for sql in [
        format!("UPDATE invoices SET total_cents = 1 WHERE id = {id}"),
        format!("UPDATE invoices SET notes = 'x' WHERE id = {id}"),
        format!("DELETE FROM invoices WHERE id = {id}"),
        format!("UPDATE invoice_lines SET unit_price_cents = 1 WHERE invoice_id = {id}"),
        format!("DELETE FROM invoice_lines WHERE invoice_id = {id}"),
        format!(
            "INSERT INTO invoice_lines (invoice_id, line_no, description, quantity,
                 unit_price_cents, tax) VALUES ({id}, 9, 'x', '1', 1, '21')"
        ),
        format!("UPDATE invoice_taxes SET vat_cents = 0 WHERE invoice_id = {id}"),
        "UPDATE invoice_register SET total_amount = '0.00'".to_string(),
        "DELETE FROM invoice_register".to_string(),
    ] {
        let e = f.company.execute_raw(&sql).unwrap_err().to_string();
        assert!(
            e.contains("immutable") || e.contains("never") || e.contains("append-only"),
            "{sql}: {e}"
        );
    }
    // The store says so too.
    let p = problems(f.company.delete_invoice_draft(id, now()).unwrap_err());
    assert!(p[0].message.contains("never deleted"), "{}", p[0].message);
    let p = problems(
        f.company
            .save_invoice_draft(
                Some(id),
                &input(1, d(2027, 3, 1), vec![line("1", "1", "21")]),
                now(),
            )
            .unwrap_err(),
    );
    assert!(p[0].message.contains("credit note"), "{}", p[0].message);
}

#[test]
fn bad_input_gets_a_specific_message_and_writes_nothing() {
    let mut f = fresh();
    customers(&f.company);
    // No lines.
    let empty = f
        .company
        .save_invoice_draft(None, &input(1, d(2027, 3, 1), vec![]), now())
        .unwrap();
    let before = footprint(&f.company);
    let p = problems(f.company.issue_invoice(empty.id, now()).unwrap_err());
    assert_eq!(p[0].code, ProblemCode::TooFewLines);
    assert_eq!(p[0].message, "an invoice needs at least one line");
    assert_eq!(footprint(&f.company), before);
    // A complete invoice to a business with no tax id on file.
    let no_id = f
        .company
        .save_invoice_draft(
            None,
            &input(3, d(2027, 3, 1), vec![line("1", "1", "21")]),
            now(),
        )
        .unwrap();
    let before = footprint(&f.company);
    let p = problems(f.company.issue_invoice(no_id.id, now()).unwrap_err());
    assert_eq!(p[0].field.as_deref(), Some("recipient_tax_id"));
    assert!(
        p[0].message.contains("needs the customer's tax id"),
        "{}",
        p[0].message
    );
    assert_eq!(footprint(&f.company), before);
    // A negative total outside a credit note: refused already as a draft.
    let before = footprint(&f.company);
    let p = problems(
        f.company
            .save_invoice_draft(
                None,
                &input(1, d(2027, 3, 1), vec![line("-1", "10", "21")]),
                now(),
            )
            .unwrap_err(),
    );
    assert_eq!(p[0].code, ProblemCode::NegativeAmount);
    assert_eq!(
        p[0].message,
        "the total is -12.10; only a credit note (factura rectificativa) may be negative"
    );
    assert_eq!(footprint(&f.company), before);
    // A complete invoice without a customer, an unknown customer.
    let mut i = input(1, d(2027, 3, 1), vec![line("1", "1", "21")]);
    i.customer_id = None;
    let p = problems(f.company.save_invoice_draft(None, &i, now()).unwrap_err());
    assert_eq!(p[0].field.as_deref(), Some("customer_id"));
    i.customer_id = Some(99);
    let p = problems(f.company.save_invoice_draft(None, &i, now()).unwrap_err());
    assert_eq!(p[0].message, "customer 99 does not exist");
    // A date in no fiscal year the company has (2031): named by the poster.
    let far = f
        .company
        .save_invoice_draft(
            None,
            &input(1, d(2031, 3, 1), vec![line("1", "1", "21")]),
            now(),
        )
        .unwrap();
    let before = footprint(&f.company);
    let p = problems(f.company.issue_invoice(far.id, now()).unwrap_err());
    assert_eq!(p[0].code, ProblemCode::NoFiscalYear);
    assert_eq!(
        footprint(&f.company),
        before,
        "not even the new series is kept"
    );
}

#[test]
fn credit_notes_by_difference_by_substitution_and_cancelling() {
    let mut f = fresh();
    customers(&f.company);
    // 2 × 100.00 at 21 %: 200.00 + 42.00 = 242.00.
    let orig = issue(
        &mut f.company,
        1,
        d(2027, 3, 1),
        vec![line("2", "100", "21")],
    );
    let header = |why: &str| CreditNoteHeader {
        corrects: String::new(),
        issue_date: d(2027, 3, 10),
        reason: CorrectionReason::LegalErrorOrArt80,
        explanation: why.into(),
    };
    // By difference: one unit returned, −100.00 − 21.00 = −121.00.
    let cn = f
        .company
        .create_credit_note(
            orig,
            CorrectionMethod::Difference,
            header("Devolución de una unidad"),
            Some(vec![line("-1", "100", "21")]),
            false,
            now(),
        )
        .unwrap();
    assert_eq!(cn.kind, DocKind::Corrective);
    assert_eq!(cn.total, eur("-121.00"));
    let cn = f.company.issue_invoice(cn.id, now()).unwrap();
    assert_eq!(cn.full_number.as_deref(), Some("R2027-0001"));
    let c = cn.correction.as_ref().unwrap();
    assert_eq!(c.corrects_number, "2027-0001");
    assert_eq!(c.method, CorrectionMethod::Difference);
    assert_eq!(c.explanation, "Devolución de una unidad");
    assert_eq!(cn.customer_name, "Cliente Uno SL");
    // Its entry turns the invoice's sides: 430 credit 121.00, 700 debit 100.00, 477 debit 21.
    let e = f.company.entry(cn.entry_id.unwrap()).unwrap();
    assert_eq!(e.summary.reference.as_deref(), Some("R2027-0001"));
    let amounts: Vec<(String, Money)> = e
        .lines
        .iter()
        .map(|l| (l.account.to_string(), l.amount))
        .collect();
    assert_eq!(
        amounts,
        vec![
            ("430".into(), eur("-121.00")),
            ("700".into(), eur("100.00")),
            ("4770021".into(), eur("21.00")),
        ]
    );
    // The original now has 242.00 − 121.00 open; the note has nothing open of its own.
    assert_eq!(f.company.invoice(orig).unwrap().open, eur("121.00"));
    assert_eq!(cn.open, Money::ZERO);

    // By substitution: the original negated (−200.00) plus the right lines (2 × 90.00 =
    // 180.00): base −20.00, VAT −4.20, total −24.20.
    let sub = f
        .company
        .create_credit_note(
            orig,
            CorrectionMethod::Substitution,
            header("Precio pactado 90,00"),
            Some(vec![line("2", "90", "21")]),
            false,
            now(),
        )
        .unwrap();
    assert_eq!(sub.lines.len(), 2);
    let sub = f.company.issue_invoice(sub.id, now()).unwrap();
    assert_eq!(sub.full_number.as_deref(), Some("R2027-0002"));
    assert_eq!(
        (sub.base, sub.vat, sub.total),
        (eur("-20.00"), eur("-4.20"), eur("-24.20"))
    );
    assert_eq!(
        sub.correction.as_ref().unwrap().method,
        CorrectionMethod::Substitution
    );
    // Open: 242.00 − 121.00 − 24.20 = 96.80.
    assert_eq!(f.company.invoice(orig).unwrap().open, eur("96.80"));

    // Cancelling a whole invoice is a credit note negating every line.
    let other = issue(
        &mut f.company,
        4,
        d(2027, 3, 2),
        vec![line("1", "50", "10")],
    );
    let cancel = f
        .company
        .create_credit_note(
            other,
            CorrectionMethod::Difference,
            CreditNoteHeader {
                reason: CorrectionReason::Other,
                ..header("Emitida por error al cliente equivocado")
            },
            None,
            true,
            now(),
        )
        .unwrap();
    assert_eq!(cancel.state, InvoiceState::Issued);
    assert_eq!(cancel.total, eur("-55.00"));
    assert_eq!(f.company.invoice(other).unwrap().open, Money::ZERO);
    // Regression: the customer card counts what is open as the aging does, so the cancelled
    // invoice is not open there, and no credit note is listed as an open invoice.
    let customer = f.company.invoice(other).unwrap().customer_id.unwrap();
    let card = f.company.customer_card(customer).unwrap();
    assert!(
        card.open_invoices
            .iter()
            .all(|o| o.id != other && !o.full_number.starts_with('R')),
        "{:?}",
        card.open_invoices
    );
    // In the register: altas of type R1, R1, R4 chained after the invoices.
    let reg = f.company.invoice_register().unwrap();
    let types: Vec<(&str, &str, &str)> = reg
        .iter()
        .map(|r| {
            (
                r.full_number.as_str(),
                r.invoice_type.as_str(),
                r.kind.as_str(),
            )
        })
        .collect();
    assert_eq!(
        types,
        vec![
            ("2027-0001", "F1", "alta"),
            ("R2027-0001", "R1", "alta"),
            ("R2027-0002", "R1", "alta"),
            ("2027-0002", "F1", "alta"),
            ("R2027-0003", "R4", "alta"),
        ]
    );
    assert_eq!(reg[1].total_amount, "-121.00");
    assert_eq!(f.company.verify_invoice_register().unwrap(), None);

    // Refused: no reason given, dated before the invoice, a credit note of a credit note.
    let before = footprint(&f.company);
    let p = problems(
        f.company
            .create_credit_note(
                orig,
                CorrectionMethod::Difference,
                CreditNoteHeader {
                    issue_date: d(2027, 2, 1),
                    ..header(" ")
                },
                None,
                false,
                now(),
            )
            .unwrap_err(),
    );
    let fields: Vec<_> = p.iter().map(|p| p.field.clone().unwrap()).collect();
    assert_eq!(fields, ["explanation", "issue_date"]);
    let p = problems(
        f.company
            .create_credit_note(
                cn.id,
                CorrectionMethod::Difference,
                header("x"),
                None,
                false,
                now(),
            )
            .unwrap_err(),
    );
    assert!(
        p[0].message.contains("itself a credit note"),
        "{}",
        p[0].message
    );
    assert_eq!(footprint(&f.company), before);
}

fn pay(
    c: &mut Company,
    customer: i64,
    date: NaiveDate,
    amount: &str,
    allocations: Option<Vec<(i64, &str)>>,
) -> Result<trastienda_store::PaymentRecord, StoreError> {
    c.record_payment(
        &NewPayment {
            customer_id: customer,
            date,
            amount: eur(amount),
            method: PaymentMethod::Bank,
            account: None,
            reference: String::new(),
            allocations: allocations.map(|a| a.into_iter().map(|(id, m)| (id, eur(m))).collect()),
        },
        now(),
    )
}

#[test]
fn payments_partial_several_across_invoices_and_unapplied() {
    let mut f = fresh();
    customers(&f.company);
    let a = issue(
        &mut f.company,
        4,
        d(2027, 3, 1),
        vec![line("2", "100", "21")],
    ); // 242.00
    let b = issue(
        &mut f.company,
        4,
        d(2027, 3, 2),
        vec![line("1", "100", "21")],
    ); // 121.00
    let open = |c: &Company, id| c.invoice(id).unwrap().open;

    // Partial: 100.00 to A leaves 142.00.
    let p1 = pay(
        &mut f.company,
        4,
        d(2027, 3, 5),
        "100",
        Some(vec![(a, "100")]),
    )
    .unwrap();
    assert_eq!(open(&f.company, a), eur("142.00"));
    assert_eq!(p1.unapplied, Money::ZERO);
    assert_eq!(p1.notice, None);
    // Its entry: bank 5720001 debit, customer 430 credit, the invoice's number as reference.
    let e = f.company.entry(p1.entry_id).unwrap();
    let lines: Vec<(String, Money)> = e
        .lines
        .iter()
        .map(|l| (l.account.to_string(), l.amount))
        .collect();
    assert_eq!(
        lines,
        vec![
            ("5720001".into(), eur("100.00")),
            ("430".into(), eur("-100.00"))
        ]
    );
    assert_eq!(e.summary.reference.as_deref(), Some("2027-0001"));
    // Several on one invoice: 42.00 more leaves 100.00.
    pay(
        &mut f.company,
        4,
        d(2027, 3, 6),
        "42",
        Some(vec![(a, "42")]),
    )
    .unwrap();
    assert_eq!(open(&f.company, a), eur("100.00"));
    // An allocation over what is open is refused, naming the open amount; nothing written.
    let before = f.company.audit_len().unwrap();
    let p = problems(
        pay(
            &mut f.company,
            4,
            d(2027, 3, 7),
            "150",
            Some(vec![(a, "150")]),
        )
        .unwrap_err(),
    );
    assert_eq!(p[0].field.as_deref(), Some("amount"));
    assert_eq!(p[0].row, Some(1));
    assert!(
        p[0].message
            .starts_with("150.00 is more than the 100.00 open on invoice 2027-0001"),
        "{}",
        p[0].message
    );
    assert_eq!(f.company.audit_len().unwrap(), before);
    // One payment across both, cash this time, applied oldest first when not told:
    // 221.00 = 100.00 (A) + 121.00 (B).
    let across = f
        .company
        .record_payment(
            &NewPayment {
                customer_id: 4,
                date: d(2027, 3, 8),
                amount: eur("221"),
                method: PaymentMethod::Cash,
                account: None,
                reference: "Recibo 7".into(),
                allocations: None,
            },
            now(),
        )
        .unwrap();
    let applied: Vec<(String, Money)> = across
        .allocations
        .iter()
        .map(|a| (a.full_number.clone(), a.amount))
        .collect();
    assert_eq!(
        applied,
        vec![
            ("2027-0001".into(), eur("100.00")),
            ("2027-0002".into(), eur("121.00"))
        ]
    );
    assert_eq!(across.account, "5700001");
    assert_eq!(
        (open(&f.company, a), open(&f.company, b)),
        (Money::ZERO, Money::ZERO)
    );
    // More than is open: accepted as unapplied credit, and the result says so.
    let extra = pay(&mut f.company, 4, d(2027, 3, 9), "50", None).unwrap();
    assert!(extra.allocations.is_empty());
    assert_eq!(extra.unapplied, eur("50.00"));
    assert_eq!(
        extra.notice.as_deref(),
        Some("50.00 of this payment is not applied to any invoice; it stays on the customer as unapplied credit")
    );
    assert_eq!(f.company.unapplied_credit(4).unwrap(), eur("50.00"));
    assert_eq!(f.company.payments(Some(4)).unwrap().len(), 4);
    // Refused: zero, a non-treasury account, someone else's invoice, a draft.
    let p = problems(pay(&mut f.company, 4, d(2027, 3, 9), "0", None).unwrap_err());
    assert_eq!(p[0].field.as_deref(), Some("amount"));
    let other = issue(&mut f.company, 1, d(2027, 3, 9), vec![line("1", "1", "21")]);
    let p = problems(
        pay(
            &mut f.company,
            4,
            d(2027, 3, 9),
            "1",
            Some(vec![(other, "1")]),
        )
        .unwrap_err(),
    );
    assert!(
        p[0].message.contains("is not Cliente Cuatro SA's"),
        "{}",
        p[0].message
    );
    assert!(f.company.verify().unwrap().is_empty());
}

#[test]
fn receivables_age_by_due_date_and_credits_reduce_their_bucket() {
    let mut f = fresh();
    customers(&f.company);
    // Customer 4 pays on the day, so each invoice (121.00) is due on its date. As of
    // 2027-06-30: 10 Jan is 171 days overdue (> 90), 15 Apr 76 (61-90), 20 May 41 (31-60),
    // 10 Jun 20 (1-30), 30 Jun 0 (current).
    for (m, day) in [(1, 10), (4, 15), (5, 20), (6, 10), (6, 30)] {
        issue(
            &mut f.company,
            4,
            d(2027, m, day),
            vec![line("1", "100", "21")],
        );
    }
    // Customer 1 (30 days): 30 Jun is due 30 Jul, current. 242.00.
    issue(
        &mut f.company,
        1,
        d(2027, 6, 30),
        vec![line("2", "100", "21")],
    );
    // 21.00 paid on the oldest invoice, 10.00 left unapplied on 30 Jun (a credit, current:
    // credits age by their date like any other item).
    let first = f.company.invoice_by_number("2027-0001").unwrap().id;
    pay(
        &mut f.company,
        4,
        d(2027, 6, 1),
        "21",
        Some(vec![(first, "21")]),
    )
    .unwrap();
    pay(&mut f.company, 4, d(2027, 6, 30), "10", Some(vec![])).unwrap();
    // A payment after the as-of date does not count.
    pay(&mut f.company, 4, d(2027, 7, 1), "121", None).unwrap();

    let r = f.company.receivables_aging(d(2027, 6, 30)).unwrap();
    let buckets =
        |t: &trastienda_core::aging::AgingTotals| AgingBucket::ALL.map(|b| t.get(b).to_string());
    assert_eq!(r.customers.len(), 2);
    assert_eq!(r.customers[0].customer_name, "Cliente Cuatro SA");
    assert_eq!(
        buckets(&r.customers[0].totals),
        ["111.00", "121.00", "121.00", "121.00", "100.00"]
    );
    assert_eq!(r.customers[0].unapplied, eur("10.00"));
    assert_eq!(r.customers[1].customer_name, "Cliente Uno SL");
    assert_eq!(
        buckets(&r.customers[1].totals),
        ["242.00", "0.00", "0.00", "0.00", "0.00"]
    );
    assert_eq!(
        buckets(&r.total),
        ["353.00", "121.00", "121.00", "121.00", "100.00"]
    );
    assert_eq!(r.total.total(), eur("816.00"));

    // Overdue on 30 Jun, most overdue first.
    let overdue = f.company.overdue_invoices(d(2027, 6, 30)).unwrap();
    let o: Vec<(String, i64, Money)> = overdue
        .iter()
        .map(|i| (i.full_number.clone(), i.days_overdue, i.open))
        .collect();
    assert_eq!(
        o,
        vec![
            ("2027-0001".into(), 171, eur("100.00")),
            ("2027-0002".into(), 76, eur("121.00")),
            ("2027-0003".into(), 41, eur("121.00")),
            ("2027-0004".into(), 20, eur("121.00")),
        ]
    );
}

#[test]
fn a_reminder_is_never_recorded_twice_for_the_same_invoice_and_level() {
    let mut f = fresh();
    customers(&f.company);
    let id = issue(
        &mut f.company,
        4,
        d(2027, 1, 10),
        vec![line("1", "100", "21")],
    );
    // Level 1 with Ley 3/2004 interest: 121.00 at 2.15 % + 8 = 10.15 % for the 60 days
    // from 11 Jan to 11 Mar: 121.00 × 10.15 % × 60 / 365 = 2.0189 -> 2.02.
    let rates = [SemesterRate {
        year: 2027,
        half: 1,
        ecb_rate: dec("2.15"),
    }];
    let r1 = f
        .company
        .record_reminder(id, 1, d(2027, 3, 11), Some(&rates), now())
        .unwrap();
    assert_eq!((r1.open, r1.interest), (eur("121.00"), eur("2.02")));
    let before = f.company.audit_len().unwrap();
    let p = problems(
        f.company
            .record_reminder(id, 1, d(2027, 3, 20), None, now())
            .unwrap_err(),
    );
    assert_eq!(p[0].code, ProblemCode::Duplicate);
    assert_eq!(
        p[0].message,
        "a level 1 reminder for invoice 2027-0001 was already recorded on 2027-03-11; \
         a reminder is never produced twice for the same invoice and level"
    );
    assert_eq!(f.company.audit_len().unwrap(), before);
    f.company
        .record_reminder(id, 2, d(2027, 3, 20), None, now())
        .unwrap();
    assert_eq!(
        f.company.overdue_invoices(d(2027, 3, 21)).unwrap()[0].reminders,
        vec![1, 2]
    );
    // Not yet overdue, a level out of range.
    let fresh_one = issue(&mut f.company, 1, d(2027, 3, 1), vec![line("1", "1", "21")]);
    let p = problems(
        f.company
            .record_reminder(fresh_one, 1, d(2027, 3, 5), None, now())
            .unwrap_err(),
    );
    assert!(p[0].message.contains("not overdue yet"), "{}", p[0].message);
    let p = problems(
        f.company
            .record_reminder(id, 4, d(2027, 3, 20), None, now())
            .unwrap_err(),
    );
    assert_eq!(p[0].field.as_deref(), Some("level"));
    assert_eq!(f.company.reminders(Some(id)).unwrap().len(), 2);
}

#[test]
fn a_tampered_register_record_is_named() {
    let mut f = fresh();
    customers(&f.company);
    for day in 1..=3 {
        issue(
            &mut f.company,
            4,
            d(2027, 3, day),
            vec![line("1", "100", "21")],
        );
    }
    assert_eq!(f.company.verify_invoice_register().unwrap(), None);
    // Someone drops the append-only trigger and lowers the second record's total.
    f.company
        .execute_raw("DROP TRIGGER invoice_register_no_update")
        .unwrap();
    f.company
        .execute_raw(
            "UPDATE invoice_register SET total_amount = '12.10' WHERE full_number = '2027-0002'",
        )
        .unwrap();
    let b = f.company.verify_invoice_register().unwrap().unwrap();
    assert_eq!((b.position, b.number.as_str()), (2, "2027-0002"));
    assert_eq!(
        b.message,
        "register record 2 (invoice 2027-0002) no longer matches its fingerprint (its fields were changed)"
    );
    let problems = f.company.verify().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("invoice register: register record 2")),
        "{problems:?}"
    );
    // Restoring the value but rewriting the link breaks the next one instead.
    f.company
        .execute_raw(
            "UPDATE invoice_register SET total_amount = '121.00' WHERE full_number = '2027-0002'",
        )
        .unwrap();
    assert_eq!(f.company.verify_invoice_register().unwrap(), None);
    f.company
        .execute_raw(
            "UPDATE invoice_register SET previous_hash = 'X' WHERE full_number = '2027-0003'",
        )
        .unwrap();
    let b = f.company.verify_invoice_register().unwrap().unwrap();
    assert_eq!(b.number, "2027-0003");
    assert!(
        b.message.contains("does not follow the record before it"),
        "{}",
        b.message
    );
}

#[test]
fn drafts_are_edited_and_deleted_and_templates_draft_each_due_copy() {
    let mut f = fresh();
    customers(&f.company);
    let d1 = f
        .company
        .save_invoice_draft(
            None,
            &input(1, d(2027, 3, 1), vec![line("1", "10", "21")]),
            now(),
        )
        .unwrap();
    let d1 = f
        .company
        .save_invoice_draft(
            Some(d1.id),
            &input(
                1,
                d(2027, 3, 2),
                vec![line("1", "10", "21"), line("2", "5", "10")],
            ),
            now(),
        )
        .unwrap();
    // 10.00 + 2.10 + 10.00 + 1.00 = 23.10
    assert_eq!((d1.lines.len(), d1.total), (2, eur("23.10")));
    f.company.delete_invoice_draft(d1.id, now()).unwrap();
    assert!(f.company.invoice(d1.id).is_err());

    let t = f
        .company
        .save_invoice_template(
            None,
            &input(1, d(2027, 1, 31), vec![line("1", "50", "21")]),
            trastienda_core::fiscal::Every::Month,
            d(2027, 1, 31),
            now(),
        )
        .unwrap();
    assert_eq!(t.state, InvoiceState::Template);
    let drafts = f.company.draft_due_invoices(d(2027, 3, 31), now()).unwrap();
    let dates: Vec<NaiveDate> = drafts.iter().map(|d| d.issue_date).collect();
    assert_eq!(dates, [d(2027, 1, 31), d(2027, 2, 28), d(2027, 3, 28)]);
    assert!(drafts
        .iter()
        .all(|x| x.template_id == Some(t.id) && x.state == InvoiceState::Draft));
    // Nothing more is due until the next date.
    assert!(f
        .company
        .draft_due_invoices(d(2027, 3, 31), now())
        .unwrap()
        .is_empty());
    assert_eq!(
        f.company.invoice(t.id).unwrap().next_date,
        Some(d(2027, 4, 28))
    );
    // A template is not issued itself.
    let p = problems(f.company.issue_invoice(t.id, now()).unwrap_err());
    assert!(
        p[0].message.contains("recurring template"),
        "{}",
        p[0].message
    );
    let issued = f.company.issue_invoice(drafts[0].id, now()).unwrap();
    assert_eq!(issued.full_number.as_deref(), Some("2027-0001"));
}

#[test]
fn a_quote_becomes_an_invoice_is_paid_and_leaves_the_aging() {
    use trastienda_store::{QuoteInput, QuoteState};
    let mut f = fresh();
    customers(&f.company);
    // 10 × 12.50 at 21 % = 125.00 + 26.25 = 151.25.
    let q = f
        .company
        .save_quote(
            None,
            &QuoteInput {
                date: d(2027, 2, 20),
                valid_until: Some(d(2027, 3, 20)),
                customer_id: 4,
                notes: "Entrega en 5 días".into(),
                lines: vec![line("10", "12.50", "21")],
            },
            now(),
        )
        .unwrap();
    assert_eq!(q.number, "P2027-0001");
    assert_eq!(q.total, eur("151.25"));
    let q = f
        .company
        .set_quote_state(q.id, QuoteState::Accepted, now())
        .unwrap();
    let draft = f.company.convert_quote(q.id, d(2027, 3, 1), now()).unwrap();
    assert_eq!(draft.quote_id, Some(q.id));
    assert_eq!(draft.total, eur("151.25"));
    let q = f.company.quote(q.id).unwrap();
    assert_eq!(
        (q.state, q.invoice_id),
        (QuoteState::Invoiced, Some(draft.id))
    );
    // Converted once only; an invoiced quote is not edited.
    let p = problems(
        f.company
            .convert_quote(q.id, d(2027, 3, 1), now())
            .unwrap_err(),
    );
    assert!(
        p[0].message.contains("already turned into"),
        "{}",
        p[0].message
    );
    // A second quote of the year takes the next number.
    let q2 = f
        .company
        .save_quote(
            None,
            &QuoteInput {
                date: d(2027, 3, 2),
                valid_until: None,
                customer_id: 1,
                notes: String::new(),
                lines: vec![line("1", "1", "21")],
            },
            now(),
        )
        .unwrap();
    assert_eq!(q2.number, "P2027-0002");

    let inv = f.company.issue_invoice(draft.id, now()).unwrap();
    let before = f.company.receivables_aging(d(2027, 3, 31)).unwrap();
    assert_eq!(before.total.get(AgingBucket::Days1To30), eur("151.25"));
    pay(&mut f.company, 4, d(2027, 3, 15), "151.25", None).unwrap();
    assert_eq!(f.company.invoice(inv.id).unwrap().open, Money::ZERO);
    let after = f.company.receivables_aging(d(2027, 3, 31)).unwrap();
    assert_eq!(after.total.total(), Money::ZERO);
    assert!(after.customers.is_empty());
}
