//! Payroll reports in the store: two employees and two approved months (one carrying a
//! correcting payslip) plus a draft month that never counts; the summary, Social Security
//! cost, modelo 111 quarters and modelo 190 per employee equal the sums of the payslips; the
//! headcount has a mid-month part-time hire (0.5 FTE for 15 days) and a termination.

mod common;

use common::*;
use rust_decimal::Decimal;
use trastienda_core::payroll::LineKind;
use trastienda_core::{Money, ProblemCode};
use trastienda_store::{
    Company, EmployeeInput, ManualLine, PayRunRecord, PayslipRecord, StoreError,
};

fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

#[allow(clippy::too_many_arguments)]
fn hire(
    c: &mut Company,
    name: &str,
    nif: &str,
    ss: &str,
    start: chrono::NaiveDate,
    base: &str,
    part_time: &str,
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
            part_time_pct: part_time.into(),
            irpf_pct: Some("10".into()),
            ..EmployeeInput::default()
        },
        now(),
    )
    .unwrap()
    .id
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

struct World {
    f: Fixture,
    ana: i64,
    luis: i64,
    /// Approved: March (Ana, Luis hired on the 16th at 50 %), June (both, and a correction of
    /// Ana's March payslip); draft: July.
    march: PayRunRecord,
    june: PayRunRecord,
}

fn world() -> World {
    let mut f = fresh();
    let ana = hire(
        &mut f.company,
        "Ana Ruiz",
        "12345678Z",
        "281234567840",
        d(2024, 2, 1),
        "1800.00",
        "100",
    );
    let luis = hire(
        &mut f.company,
        "Luis Gil",
        "87654321X",
        "281111111189",
        d(2025, 3, 16),
        "1500.00",
        "50",
    );
    let march = f.company.compute_pay_run("2025-03", now()).unwrap();
    let march = approve_run(&mut f.company, march.id);
    let ana_march = march
        .payslips
        .iter()
        .find(|p| p.employee_id == ana)
        .unwrap()
        .id;
    let june = f.company.compute_pay_run("2025-06", now()).unwrap();
    f.company
        .correct_payslip(
            june.id,
            ana_march,
            &[ManualLine {
                kind: LineKind::Salary,
                code: "bonus".into(),
                label: "Incentivo marzo".into(),
                amount: m("200.00"),
            }],
            now(),
        )
        .unwrap();
    let june = f.company.compute_pay_run("2025-06", now()).unwrap();
    let june = approve_run(&mut f.company, june.id);
    // Luis leaves on 31 July; the July run stays a draft.
    f.company
        .terminate_employee(luis, d(2025, 7, 31), "voluntary", now())
        .unwrap();
    let july = f.company.compute_pay_run("2025-07", now()).unwrap();
    assert_eq!(july.state, "draft");
    assert!(!july.payslips.is_empty());
    World {
        f,
        ana,
        luis,
        march,
        june,
    }
}

fn slips(w: &World) -> Vec<PayslipRecord> {
    w.march
        .payslips
        .iter()
        .chain(w.june.payslips.iter())
        .cloned()
        .collect()
}

fn sum(ps: &[&PayslipRecord], f: impl Fn(&PayslipRecord) -> Money) -> Money {
    ps.iter().map(|p| f(p)).sum()
}

#[test]
fn the_summary_is_the_sum_of_the_approved_payslips() {
    let w = world();
    let all = slips(&w);
    assert_eq!(w.june.payslips.len(), 3, "two ordinary and the correction");
    let s = w.f.company.payroll_summary("2025-01", "2025-12").unwrap();
    let every: Vec<&PayslipRecord> = all.iter().collect();
    assert_eq!(s.totals.gross, sum(&every, |p| p.slip.gross));
    assert_eq!(s.totals.net, sum(&every, |p| p.slip.net));
    assert_eq!(s.totals.irpf, sum(&every, |p| p.slip.irpf));
    assert_eq!(s.totals.employee_ss, sum(&every, |p| p.slip.ee.total()));
    assert_eq!(s.totals.employer_ss, sum(&every, |p| p.slip.er.total()));
    assert_eq!(
        s.totals.employer_cost,
        sum(&every, |p| p.slip.employer_cost)
    );
    assert_eq!(s.totals.payslips, 5);
    assert_eq!(
        s.totals.gross - s.totals.employee_ss - s.totals.irpf - s.totals.other_deductions,
        s.totals.net
    );
    assert_eq!(
        s.totals.gross + s.totals.employer_ss,
        s.totals.employer_cost
    );
    // Posted: the summary's gross is what 640 holds.
    assert_eq!(s.totals.gross, w.march.gross + w.june.gross);

    // Per employee.
    assert_eq!(s.employees.len(), 2);
    assert_eq!(s.employees[0].name, "Ana Ruiz");
    assert_eq!(s.employees[0].nif, "12345678Z");
    for e in &s.employees {
        let mine: Vec<&PayslipRecord> = all
            .iter()
            .filter(|p| p.employee_id == e.employee_id)
            .collect();
        assert_eq!(e.totals.gross, sum(&mine, |p| p.slip.gross));
        assert_eq!(e.totals.net, sum(&mine, |p| p.slip.net));
        assert_eq!(e.totals.employer_cost, sum(&mine, |p| p.slip.employer_cost));
        assert_eq!(e.totals.payslips as usize, mine.len());
    }
    assert_eq!(s.employees[0].employee_id, w.ana);
    assert_eq!(
        s.employees[0].totals.payslips, 3,
        "March, June and the correction"
    );

    // Per month: the correction counts in June; July (draft) not at all.
    let months: Vec<&str> = s.months.iter().map(|m| m.month.as_str()).collect();
    assert_eq!(months, ["2025-03", "2025-06"]);
    assert_eq!(s.months[0].employees, 2);
    assert_eq!(s.months[0].totals.gross, w.march.gross);
    assert_eq!(s.months[1].employees, 2);
    assert_eq!(s.months[1].totals.gross, w.june.gross);
    assert_eq!(s.months[1].totals.employer_cost, w.june.employer_cost);

    // A period without March.
    let q2 = w.f.company.payroll_summary("2025-04", "2025-07").unwrap();
    assert_eq!(q2.totals.gross, w.june.gross);
    assert_eq!(q2.months.len(), 1);

    // Bad periods are named.
    assert_eq!(
        fields(w.f.company.payroll_summary("2025-13", "2025-12")),
        vec![("from".to_string(), ProblemCode::InvalidDate)]
    );
    assert_eq!(
        fields(w.f.company.payroll_summary("2025-06", "2025-03")),
        vec![("to".to_string(), ProblemCode::OutOfRange)]
    );
}

#[test]
fn ss_cost_has_every_item_per_month() {
    let w = world();
    let s = w.f.company.ss_cost("2025-01", "2025-12").unwrap();
    assert_eq!(s.months.len(), 2);
    for (row, run) in s.months.iter().zip([&w.march, &w.june]) {
        assert_eq!(row.month, run.month);
        let ps: Vec<&PayslipRecord> = run.payslips.iter().collect();
        assert_eq!(row.bccc, sum(&ps, |p| p.slip.bccc));
        assert_eq!(row.bccp, sum(&ps, |p| p.slip.bccp));
        assert_eq!(row.ee.cc, sum(&ps, |p| p.slip.ee.cc));
        assert_eq!(row.ee.unemployment, sum(&ps, |p| p.slip.ee.unemployment));
        assert_eq!(row.ee.fp, sum(&ps, |p| p.slip.ee.fp));
        assert_eq!(row.ee.mei, sum(&ps, |p| p.slip.ee.mei));
        assert_eq!(row.er.cc, sum(&ps, |p| p.slip.er.cc));
        assert_eq!(row.er.atep, sum(&ps, |p| p.slip.er.atep));
        assert_eq!(row.er.fogasa, sum(&ps, |p| p.slip.er.fogasa));
        assert_eq!(row.ee.total(), sum(&ps, |p| p.slip.ee.total()));
        assert_eq!(row.er.total(), sum(&ps, |p| p.slip.er.total()));
        assert!(row.er.cc > Money::ZERO && row.ee.cc > Money::ZERO);
    }
    let all = slips(&w);
    let every: Vec<&PayslipRecord> = all.iter().collect();
    assert_eq!(
        s.totals.total(),
        sum(&every, |p| p.slip.ee.total() + p.slip.er.total())
    );
}

#[test]
fn modelo_111_counts_the_quarter_s_months_only() {
    let w = world();
    let q1 = w.f.company.irpf_withheld(2025, 1).unwrap();
    let march: Vec<&PayslipRecord> = w.march.payslips.iter().collect();
    assert_eq!((q1.from.as_str(), q1.to.as_str()), ("2025-01", "2025-03"));
    assert_eq!(q1.recipients, 2);
    assert_eq!(q1.withheld, sum(&march, |p| p.slip.irpf));
    assert_eq!(q1.base, sum(&march, |p| p.slip.irpf_base));
    assert!(q1.withheld > Money::ZERO);
    // June, with the correction of March: two recipients, three payslips.
    let q2 = w.f.company.irpf_withheld(2025, 2).unwrap();
    let june: Vec<&PayslipRecord> = w.june.payslips.iter().collect();
    assert_eq!(q2.recipients, 2);
    assert_eq!(q2.payslips, 3);
    assert_eq!(q2.withheld, sum(&june, |p| p.slip.irpf));
    assert_eq!(q2.base, sum(&june, |p| p.slip.irpf_base));
    // July is a draft: the third quarter is empty; so is the previous year.
    let q3 = w.f.company.irpf_withheld(2025, 3).unwrap();
    assert_eq!((q3.recipients, q3.withheld), (0, Money::ZERO));
    assert_eq!(w.f.company.irpf_withheld(2024, 4).unwrap().payslips, 0);
    assert_eq!(
        fields(w.f.company.irpf_withheld(2025, 5)),
        vec![("quarter".to_string(), ProblemCode::OutOfRange)]
    );
    assert_eq!(
        fields(w.f.company.irpf_withheld(1999, 1)),
        vec![("year".to_string(), ProblemCode::OutOfRange)]
    );
}

#[test]
fn modelo_190_per_employee() {
    let w = world();
    let y = w.f.company.irpf_annual(2025).unwrap();
    let all = slips(&w);
    assert_eq!(y.rows.len(), 2);
    for r in &y.rows {
        let mine: Vec<&PayslipRecord> = all
            .iter()
            .filter(|p| p.employee_id == r.employee_id)
            .collect();
        assert_eq!(r.base, sum(&mine, |p| p.slip.irpf_base));
        assert_eq!(r.withheld, sum(&mine, |p| p.slip.irpf));
    }
    assert_eq!(
        (
            y.rows[1].nif.as_str(),
            y.rows[1].name.as_str(),
            y.rows[1].employee_id
        ),
        ("87654321X", "Luis Gil", w.luis)
    );
    let q: Vec<_> = (1..=4)
        .map(|q| w.f.company.irpf_withheld(2025, q).unwrap())
        .collect();
    assert_eq!(y.withheld, q.iter().map(|q| q.withheld).sum());
    assert_eq!(y.base, q.iter().map(|q| q.base).sum());
    assert!(w.f.company.irpf_annual(2026).unwrap().rows.is_empty());
}

#[test]
fn headcount_has_fte_hires_and_terminations() {
    let w = world();
    let h = w.f.company.headcount(2025).unwrap();
    assert_eq!(h.months.len(), 12);
    let mar = &h.months[2];
    assert_eq!(mar.month, "2025-03");
    assert_eq!(mar.employees, 2);
    // Ana full time, 30 days; Luis 50 % for 15 days: 1 + 0.5 × 15/30.
    assert_eq!(mar.fte, Decimal::new(125, 2));
    assert_eq!(mar.hires, 1);
    let jun = &h.months[5];
    // The correction neither adds a head nor a full-time equivalent.
    assert_eq!(jun.employees, 2);
    assert_eq!(jun.fte, Decimal::new(150, 2));
    // July: a draft run pays nobody, but the termination is in July.
    let jul = &h.months[6];
    assert_eq!((jul.employees, jul.fte), (0, Decimal::ZERO));
    assert_eq!(jul.terminations, 1);
    assert_eq!((h.hires, h.terminations), (1, 1));
    // (1.25 + 1.5) / 12
    assert_eq!(h.average_fte, Decimal::new(23, 2));
    // Ana was hired in 2024.
    let h24 = w.f.company.headcount(2024).unwrap();
    assert_eq!(h24.months[1].hires, 1);
    assert_eq!(h24.months[1].employees, 0);
}
