//! Pay runs in the store: a month computed for whoever is under contract (a mid-month hire
//! paid by days), review lines added and computed again, approval posting one balanced entry
//! whose sides are the payslips' sums and freezing the run, a month approved twice refused,
//! a correcting payslip in a later run posting only the difference, payment posting the net
//! pay and giving a SEPA file, no rates for a year named, and nothing half-written.

mod common;

use common::*;
use rusqlite::Connection;
use trastienda_core::payroll::LineKind;
use trastienda_core::{Money, ProblemCode};
use trastienda_store::{Company, EmployeeInput, InvoiceProfile, ManualLine, StoreError};

fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn hire(
    c: &mut Company,
    name: &str,
    nif: &str,
    ss: &str,
    start: chrono::NaiveDate,
    base: &str,
) -> i64 {
    c.save_employee(
        None,
        &EmployeeInput {
            nif: nif.into(),
            name: name.into(),
            ss_number: ss.into(),
            iban: Some("ES91 2100 0418 4502 0005 1332".into()),
            start_date: start,
            cotization_group: 5,
            base_salary: m(base),
            complement: m("100.00"),
            irpf_pct: Some("10".into()),
            ..EmployeeInput::default()
        },
        now(),
    )
    .unwrap()
    .id
}

fn balance(path: &std::path::Path, prefix: &str) -> Money {
    let conn = Connection::open(path).unwrap();
    Money::from_cents(
        conn.query_row(
            "SELECT coalesce(sum(p.amount_cents), 0) FROM postings p
             JOIN accounts a ON a.id = p.account_id WHERE a.code LIKE ?1 || '%'",
            [prefix],
            |r| r.get(0),
        )
        .unwrap(),
    )
}

fn entries(path: &std::path::Path) -> i64 {
    let conn = Connection::open(path).unwrap();
    conn.query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
        .unwrap()
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

#[test]
fn a_month_is_computed_reviewed_approved_and_posted() {
    let mut f = fresh();
    let ana = hire(
        &mut f.company,
        "Ana Ruiz",
        "12345678Z",
        "281234567840",
        d(2024, 2, 1),
        "1800.00",
    );
    // Hired on the 16th: 15 days of 30.
    let luis = hire(
        &mut f.company,
        "Luis Gil",
        "87654321X",
        "281111111189",
        d(2025, 3, 16),
        "1500.00",
    );
    // Starts next month: not in this run.
    hire(
        &mut f.company,
        "Eva Sanz",
        "11223344B",
        "082222222273",
        d(2025, 4, 1),
        "1500.00",
    );

    let run = f.company.compute_pay_run("2025-03", now()).unwrap();
    assert_eq!(run.state, "draft");
    assert_eq!(run.payslips.len(), 2);
    let ana_slip = run.payslips.iter().find(|p| p.employee_id == ana).unwrap();
    let luis_slip = run.payslips.iter().find(|p| p.employee_id == luis).unwrap();
    assert_eq!(ana_slip.days, 30);
    assert_eq!(luis_slip.days, 15);
    assert_eq!(luis_slip.period_start, d(2025, 3, 16));
    // Half a month of 1 500 + 100.
    assert_eq!(luis_slip.slip.salary, m("800.00"));
    for p in &run.payslips {
        assert_eq!(p.slip.gross - p.slip.total_deductions, p.slip.net);
    }

    // Review: 120.00 of overtime for Ana, computed again; the line is kept when the run is.
    let adjusted = f
        .company
        .adjust_payslip(
            ana_slip.id,
            &[ManualLine {
                kind: LineKind::Salary,
                code: "overtime".into(),
                label: "Horas extraordinarias".into(),
                amount: m("120.00"),
            }],
            now(),
        )
        .unwrap();
    assert_eq!(adjusted.slip.gross, ana_slip.slip.gross + m("120.00"));
    assert_eq!(adjusted.slip.overtime_base, m("120.00"));
    assert!(adjusted.manual.iter().any(|x| *x));
    let again = f.company.compute_pay_run("2025-03", now()).unwrap();
    let kept = again
        .payslips
        .iter()
        .find(|p| p.employee_id == ana)
        .unwrap();
    assert_eq!(
        kept.slip.gross, adjusted.slip.gross,
        "review lines survive a recompute"
    );

    // Approve: one entry, 640 = gross, 642 = employer contributions, 465 = net.
    let before = entries(&f.path);
    // Approving without every payslip's PDF to archive is refused, and writes nothing.
    assert_eq!(
        fields(f.company.approve_pay_run(again.id, &[], now())),
        vec![("archive".to_string(), ProblemCode::Required)]
    );
    assert_eq!(entries(&f.path), before);
    let run = approve_run(&mut f.company, again.id);
    assert_eq!(run.state, "approved");
    // Each payslip is archived as printed, and the archive never changes.
    for p in &run.payslips {
        let pdf = f.company.archived_payslip(p.id).unwrap().expect("archived");
        assert!(pdf.starts_with(b"%PDF"));
    }
    assert_eq!(entries(&f.path), before + 1);
    let gross: Money = run.payslips.iter().map(|p| p.slip.gross).sum();
    let er: Money = run.payslips.iter().map(|p| p.slip.er.total()).sum();
    let irpf: Money = run.payslips.iter().map(|p| p.slip.irpf).sum();
    assert_eq!(balance(&f.path, "640"), gross);
    assert_eq!(balance(&f.path, "642"), er);
    assert_eq!(balance(&f.path, "4751001"), -irpf);
    assert_eq!(balance(&f.path, "4650001"), -run.net);
    assert!(f.company.verify().unwrap().is_empty());

    // Approved: never changed, never computed again.
    assert_eq!(
        fields(f.company.compute_pay_run("2025-03", now())),
        vec![("month".to_string(), ProblemCode::Locked)]
    );
    assert!(f.company.adjust_payslip(kept.id, &[], now()).is_err());
    let conn = Connection::open(&f.path).unwrap();
    assert!(conn
        .execute(
            "UPDATE payslips SET net_cents = 0 WHERE run_id = ?1",
            [run.id]
        )
        .is_err());
    assert!(conn.execute("DELETE FROM payslip_lines", []).is_err());
    // The archived PDFs: content never changed, nothing deleted inside its retention.
    assert!(conn
        .execute("UPDATE document_blobs SET data = x'00'", [])
        .is_err());
    assert!(conn.execute("DELETE FROM documents", []).is_err());
}

#[test]
fn a_correcting_payslip_in_a_later_run_posts_only_the_difference() {
    let mut f = fresh();
    let ana = hire(
        &mut f.company,
        "Ana Ruiz",
        "12345678Z",
        "281234567840",
        d(2024, 2, 1),
        "1800.00",
    );
    let march = f.company.compute_pay_run("2025-03", now()).unwrap();
    let march = approve_run(&mut f.company, march.id);
    let original = march.payslips[0].clone();
    let april = f.company.compute_pay_run("2025-04", now()).unwrap();
    // A bonus forgotten in March.
    let fix = f
        .company
        .correct_payslip(
            april.id,
            original.id,
            &[ManualLine {
                kind: LineKind::Salary,
                code: "bonus".into(),
                label: "Incentivo marzo".into(),
                amount: m("200.00"),
            }],
            now(),
        )
        .unwrap();
    assert_eq!(fix.corrects_id, Some(original.id));
    assert_eq!(fix.slip.gross, m("200.00"));
    assert_eq!(fix.slip.gross - fix.slip.total_deductions, fix.slip.net);
    assert!(fix.slip.net < m("200.00") && fix.slip.net > Money::ZERO);
    // A recompute of April keeps the correction.
    let april = f.company.compute_pay_run("2025-04", now()).unwrap();
    assert_eq!(april.payslips.len(), 2);
    let april = approve_run(&mut f.company, april.id);
    let gross: Money = march.gross + april.gross;
    assert_eq!(balance(&f.path, "640"), gross);
    // The same month is not corrected from its own run, nor a draft payslip.
    let may = f.company.compute_pay_run("2025-05", now()).unwrap();
    assert_eq!(
        fields(
            f.company
                .correct_payslip(may.id, may.payslips[0].id, &[], now())
        ),
        vec![("original_id".to_string(), ProblemCode::InvalidCode)]
    );
    let _ = ana;
}

#[test]
fn paying_a_run_posts_the_net_and_gives_the_sepa_file() {
    let mut f = fresh();
    hire(
        &mut f.company,
        "Ana Ruiz",
        "12345678Z",
        "281234567840",
        d(2024, 2, 1),
        "1800.00",
    );
    let run = f.company.compute_pay_run("2025-03", now()).unwrap();
    // Not before it is approved.
    assert!(f
        .company
        .pay_pay_run(run.id, d(2025, 3, 31), &code("5720001"), now())
        .is_err());
    let run = approve_run(&mut f.company, run.id);
    // The company needs an IBAN to pay from.
    assert_eq!(
        fields(
            f.company
                .pay_pay_run(run.id, d(2026, 3, 31), &code("5720001"), now())
        ),
        vec![("debtor_iban".to_string(), ProblemCode::InvalidCode)]
    );
    f.company
        .set_invoice_profile(
            &InvoiceProfile {
                iban: Some("ES7921000813610123456789".into()),
                email: None,
                phone: None,
                logo: None,
                invoice_footer: None,
            },
            now(),
        )
        .unwrap();
    let (paid, xml) = f
        .company
        .pay_pay_run(run.id, d(2026, 3, 31), &code("5720001"), now())
        .unwrap();
    assert_eq!(paid.state, "paid");
    assert!(
        xml.contains(&format!("<CtrlSum>{}</CtrlSum>", run.net)),
        "{xml}"
    );
    assert!(xml.contains("ES9121000418450200051332"));
    assert_eq!(balance(&f.path, "4650001"), Money::ZERO);
    assert_eq!(balance(&f.path, "572"), -run.net);
    assert!(f
        .company
        .pay_pay_run(run.id, d(2026, 3, 31), &code("5720001"), now())
        .is_err());
}

#[test]
fn no_rates_no_employees_and_a_bad_month_are_named_and_write_nothing() {
    let mut f = fresh();
    let before = entries(&f.path);
    assert_eq!(
        fields(f.company.compute_pay_run("2025-03", now())),
        vec![("month".to_string(), ProblemCode::Required)]
    );
    hire(
        &mut f.company,
        "Ana Ruiz",
        "12345678Z",
        "281234567840",
        d(2020, 2, 1),
        "1800.00",
    );
    match f.company.compute_pay_run("2024-03", now()) {
        Err(StoreError::Invalid(p)) => {
            assert_eq!(p[0].field.as_deref(), Some("month"));
            assert!(p[0].message.contains("2024"), "{}", p[0].message);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        fields(f.company.compute_pay_run("2025-13", now())),
        vec![("month".to_string(), ProblemCode::InvalidDate)]
    );
    assert!(f.company.pay_runs().unwrap().is_empty());
    assert_eq!(entries(&f.path), before);
}

#[test]
fn a_rate_changed_by_the_company_is_used_and_can_go_back() {
    let mut f = fresh();
    hire(
        &mut f.company,
        "Ana Ruiz",
        "12345678Z",
        "281234567840",
        d(2024, 2, 1),
        "1800.00",
    );
    let base = f.company.compute_pay_run("2025-03", now()).unwrap();
    let ee_cc = base.payslips[0].slip.ee.cc;
    let rows = f
        .company
        .set_payroll_rate(2025, "ee_cc", Some("5.00"), "prueba", now())
        .unwrap();
    let row = rows.iter().find(|r| r.key == "ee_cc").unwrap();
    assert_eq!(row.value, "5.00");
    assert!(row.shipped.is_some());
    let changed = f.company.compute_pay_run("2025-03", now()).unwrap();
    assert!(changed.payslips[0].slip.ee.cc > ee_cc);
    assert!(f
        .company
        .set_payroll_rate(2025, "ee_cc", Some("abc"), "", now())
        .is_err());
    f.company
        .set_payroll_rate(2025, "ee_cc", None, "", now())
        .unwrap();
    let back = f.company.compute_pay_run("2025-03", now()).unwrap();
    assert_eq!(back.payslips[0].slip.ee.cc, ee_cc);
}
