//! HR records in the store: the vacation balance computed by hand (a full year, a mid-year
//! hire, a termination, a leap year, a leave across New Year), overlapping leave refused with
//! the other leave's dates, every rule naming its field, nothing written on error, every
//! change one audit record; candidates through their statuses.

mod common;

use chrono::NaiveDate;
use common::*;
use rust_decimal::Decimal;
use std::str::FromStr;
use trastienda_core::{Money, ProblemCode};
use trastienda_store::{
    BenefitInput, CandidateInput, Company, EmployeeInput, LeaveInput, ReviewInput, StoreError,
    TrainingInput,
};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn hire(c: &mut Company, start: &str) -> i64 {
    c.save_employee(
        None,
        &EmployeeInput {
            nif: "12345678Z".into(),
            name: "Lucía Martín Gómez".into(),
            ss_number: "281234567840".into(),
            start_date: d(start),
            cotization_group: 5,
            base_salary: Money::parse("1850.00").unwrap(),
            ..EmployeeInput::default()
        },
        now(),
    )
    .unwrap()
    .id
}

fn leave(kind: &str, from: &str, to: &str) -> LeaveInput {
    LeaveInput {
        kind: kind.into(),
        start_date: d(from),
        end_date: d(to),
        note: String::new(),
    }
}

fn fields<T: std::fmt::Debug>(r: Result<T, StoreError>) -> Vec<(String, ProblemCode)> {
    match r {
        Err(StoreError::Invalid(p)) => {
            let mut v: Vec<_> = p
                .into_iter()
                .map(|p| (p.field.clone().unwrap_or_default(), p.code))
                .collect();
            v.sort();
            v
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn a_full_year_and_leave_across_new_year() {
    let mut f = fresh();
    let e = hire(&mut f.company, "2024-02-01");
    let b = f.company.vacation_balance(e, 2026).unwrap();
    // 365 days under contract of 365: the whole 30 days.
    assert_eq!(
        (
            b.days_under_contract,
            b.days_in_year,
            b.entitlement,
            b.taken
        ),
        (365, 365, dec("30"), 0)
    );
    f.company
        .save_leave(
            e,
            None,
            &leave("vacation", "2026-08-03", "2026-08-07"),
            now(),
        )
        .unwrap();
    let b = f.company.vacation_balance(e, 2026).unwrap();
    assert_eq!((b.taken, b.remaining), (5, dec("25")));
    // 28, 29, 30, 31 December in 2026; 1, 2, 3 January in 2027.
    f.company
        .save_leave(
            e,
            None,
            &leave("vacation", "2026-12-28", "2027-01-03"),
            now(),
        )
        .unwrap();
    let b = f.company.vacation_balance(e, 2026).unwrap();
    assert_eq!((b.taken, b.remaining), (9, dec("21")));
    let b27 = f.company.vacation_balance(e, 2027).unwrap();
    assert_eq!((b27.taken, b27.remaining), (3, dec("27")));
    // Sick leave is not vacation: 10, 11, 12 February.
    f.company
        .save_leave(e, None, &leave("sick", "2026-02-10", "2026-02-12"), now())
        .unwrap();
    assert_eq!(f.company.sick_days(e, 2026).unwrap(), 3);
    let b = f.company.vacation_balance(e, 2026).unwrap();
    assert_eq!((b.taken, b.sick_days), (9, 3));
    // 2024 is a leap year and she started on 1 February: 366 − 31 = 335 days;
    // 30 × 335 / 366 = 27.459… → 27.46.
    let b24 = f.company.vacation_balance(e, 2024).unwrap();
    assert_eq!(
        (b24.days_under_contract, b24.days_in_year, b24.entitlement),
        (335, 366, dec("27.46"))
    );
    // Before the contract: nothing.
    let b23 = f.company.vacation_balance(e, 2023).unwrap();
    assert_eq!((b23.days_under_contract, b23.entitlement), (0, dec("0")));
}

#[test]
fn a_mid_year_hire_is_prorated() {
    let mut f = fresh();
    let e = hire(&mut f.company, "2026-07-01");
    // 1 July to 31 December: 31 + 31 + 30 + 31 + 30 + 31 = 184 days;
    // 30 × 184 / 365 = 15.123… → 15.12.
    let b = f.company.vacation_balance(e, 2026).unwrap();
    assert_eq!((b.days_under_contract, b.entitlement), (184, dec("15.12")));
    f.company
        .save_leave(
            e,
            None,
            &leave("vacation", "2026-12-21", "2026-12-24"),
            now(),
        )
        .unwrap();
    let b = f.company.vacation_balance(e, 2026).unwrap();
    assert_eq!((b.taken, b.remaining), (4, dec("11.12")));
}

#[test]
fn a_termination_ends_the_entitlement() {
    let mut f = fresh();
    let e = hire(&mut f.company, "2024-02-01");
    f.company
        .save_leave(
            e,
            None,
            &leave("vacation", "2026-03-02", "2026-03-11"),
            now(),
        )
        .unwrap();
    f.company
        .terminate_employee(e, d("2026-03-31"), "voluntary", now())
        .unwrap();
    // 1 January to 31 March: 31 + 28 + 31 = 90 days; 30 × 90 / 365 = 7.397… → 7.40;
    // ten days taken leave 2.60 days taken too many.
    let b = f.company.vacation_balance(e, 2026).unwrap();
    assert_eq!(
        (b.days_under_contract, b.entitlement, b.taken, b.remaining),
        (90, dec("7.40"), 10, dec("-2.60"))
    );
}

#[test]
fn overlapping_leave_is_refused_naming_the_other() {
    let mut f = fresh();
    let e = hire(&mut f.company, "2024-02-01");
    let first = f
        .company
        .save_leave(
            e,
            None,
            &leave("vacation", "2026-08-03", "2026-08-07"),
            now(),
        )
        .unwrap();
    let audit0 = f.company.audit_len().unwrap();
    match f
        .company
        .save_leave(e, None, &leave("sick", "2026-08-07", "2026-08-10"), now())
    {
        Err(StoreError::Invalid(p)) => {
            assert_eq!(p[0].field.as_deref(), Some("start_date"));
            assert!(
                p[0].message.contains("2026-08-03") && p[0].message.contains("2026-08-07"),
                "{}",
                p[0].message
            );
        }
        other => panic!("expected the overlap refused, got {other:?}"),
    }
    assert_eq!(f.company.audit_len().unwrap(), audit0);
    assert_eq!(f.company.leaves(e).unwrap().len(), 1);
    // The day after is fine; editing a leave does not overlap itself.
    f.company
        .save_leave(e, None, &leave("sick", "2026-08-08", "2026-08-10"), now())
        .unwrap();
    let moved = f
        .company
        .save_leave(
            e,
            Some(first.id),
            &leave("vacation", "2026-08-02", "2026-08-07"),
            now(),
        )
        .unwrap();
    assert_eq!(moved.days, 6);
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 2);
    // Moving it onto the sick leave is refused.
    assert_eq!(
        fields(f.company.save_leave(
            e,
            Some(first.id),
            &leave("vacation", "2026-08-02", "2026-08-08"),
            now()
        )),
        vec![("start_date".to_string(), ProblemCode::Duplicate)]
    );
}

#[test]
fn every_rule_names_its_field_and_nothing_is_written() {
    let mut f = fresh();
    let e = hire(&mut f.company, "2024-02-01");
    let audit0 = f.company.audit_len().unwrap();
    assert_eq!(
        fields(f.company.save_leave(
            e,
            None,
            &LeaveInput {
                note: "x".repeat(2001),
                ..leave("holiday", "2026-08-07", "2026-08-03")
            },
            now()
        )),
        vec![
            ("end_date".to_string(), ProblemCode::OutOfRange),
            ("kind".to_string(), ProblemCode::InvalidCode),
            ("note".to_string(), ProblemCode::OutOfRange),
        ]
    );
    for (hours, code) in [
        ("0", ProblemCode::InvalidAmount),
        ("-2", ProblemCode::InvalidAmount),
        ("7,5", ProblemCode::InvalidAmount),
        ("1.255", ProblemCode::InvalidAmount),
        ("", ProblemCode::Required),
        ("10000.01", ProblemCode::OutOfRange),
    ] {
        assert_eq!(
            fields(f.company.save_training(
                e,
                None,
                &TrainingInput {
                    course: "Prevención de riesgos".into(),
                    hours: hours.into(),
                    date: d("2026-05-01"),
                    note: String::new(),
                },
                now()
            )),
            vec![("hours".to_string(), code)],
            "hours {hours:?}"
        );
    }
    assert_eq!(
        fields(f.company.save_training(
            e,
            None,
            &TrainingInput {
                course: "  ".into(),
                hours: "8".into(),
                date: d("2026-05-01"),
                note: String::new(),
            },
            now()
        )),
        vec![("course".to_string(), ProblemCode::Required)]
    );
    for score in [0, 6] {
        assert_eq!(
            fields(f.company.save_review(
                e,
                None,
                &ReviewInput {
                    date: d("2026-06-30"),
                    reviewer: "Ana".into(),
                    score,
                    comments: String::new(),
                },
                now()
            )),
            vec![("score".to_string(), ProblemCode::OutOfRange)]
        );
    }
    assert_eq!(
        fields(f.company.save_benefit(
            e,
            None,
            &BenefitInput {
                description: String::new(),
                amount: Some(Money::parse("-1").unwrap()),
                start_date: Some(d("2026-02-01")),
                end_date: Some(d("2026-01-31")),
            },
            now()
        )),
        vec![
            ("amount".to_string(), ProblemCode::NegativeAmount),
            ("description".to_string(), ProblemCode::Required),
            ("end_date".to_string(), ProblemCode::OutOfRange),
        ]
    );
    assert_eq!(
        fields(f.company.save_candidate(
            None,
            &CandidateInput {
                name: " ".into(),
                status: "maybe".into(),
                email: Some("sin arroba".into()),
                phone: Some("6".repeat(41)),
                ..CandidateInput::default()
            },
            now()
        )),
        vec![
            ("email".to_string(), ProblemCode::InvalidCode),
            ("name".to_string(), ProblemCode::Required),
            ("phone".to_string(), ProblemCode::OutOfRange),
            ("status".to_string(), ProblemCode::InvalidCode),
        ]
    );
    // An unknown employee is not found.
    assert!(matches!(
        f.company.save_leave(
            9999,
            None,
            &leave("vacation", "2026-08-03", "2026-08-07"),
            now()
        ),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(f.company.audit_len().unwrap(), audit0);
    assert!(f.company.leaves(e).unwrap().is_empty());
    assert!(f.company.trainings(e).unwrap().is_empty());
    assert!(f.company.reviews(e).unwrap().is_empty());
    assert!(f.company.benefits(e).unwrap().is_empty());
    assert!(f.company.candidates(None).unwrap().is_empty());
}

#[test]
fn records_save_edit_delete_each_one_audit_record() {
    let mut f = fresh();
    let e = hire(&mut f.company, "2024-02-01");
    let audit0 = f.company.audit_len().unwrap();
    let t = f
        .company
        .save_training(
            e,
            None,
            &TrainingInput {
                course: " Prevención de riesgos ".into(),
                hours: "7.50".into(),
                date: d("2026-05-01"),
                note: String::new(),
            },
            now(),
        )
        .unwrap();
    assert_eq!(
        (t.input.course.as_str(), t.input.hours.as_str()),
        ("Prevención de riesgos", "7.5")
    );
    let r = f
        .company
        .save_review(
            e,
            None,
            &ReviewInput {
                date: d("2026-06-30"),
                reviewer: "Ana Ruiz".into(),
                score: 4,
                comments: "Buen trimestre".into(),
            },
            now(),
        )
        .unwrap();
    let b = f
        .company
        .save_benefit(
            e,
            None,
            &BenefitInput {
                description: "Seguro médico".into(),
                amount: Some(Money::parse("45.00").unwrap()),
                start_date: Some(d("2026-01-01")),
                end_date: None,
            },
            now(),
        )
        .unwrap();
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 3);
    let r2 = f
        .company
        .save_review(
            e,
            Some(r.id),
            &ReviewInput {
                score: 5,
                ..r.input.clone()
            },
            now(),
        )
        .unwrap();
    assert_eq!(r2.input.score, 5);
    // Saving unchanged writes nothing.
    f.company
        .save_review(e, Some(r.id), &r2.input, now())
        .unwrap();
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 4);
    let rec = &f.company.audit_records("performance_review:", 1).unwrap()[0];
    assert_eq!(rec.action, "update");
    // A record of another employee is not found under this one.
    assert!(matches!(
        f.company.save_review(e + 1, Some(r.id), &r2.input, now()),
        Err(StoreError::NotFound(_))
    ));
    f.company.delete_training(t.id, now()).unwrap();
    f.company.delete_review(r.id, now()).unwrap();
    f.company.delete_benefit(b.id, now()).unwrap();
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 7);
    assert!(f.company.trainings(e).unwrap().is_empty());
    assert!(matches!(
        f.company.delete_benefit(b.id, now()),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn candidates_move_through_the_pipeline() {
    let mut f = fresh();
    let audit0 = f.company.audit_len().unwrap();
    let c = f
        .company
        .save_candidate(
            None,
            &CandidateInput {
                name: "Pablo Sanz".into(),
                position: "Dependiente".into(),
                email: Some(" pablo@example.com ".into()),
                phone: Some("".into()),
                ..CandidateInput::default()
            },
            now(),
        )
        .unwrap();
    assert_eq!(c.input.status, "new");
    assert_eq!(c.input.email.as_deref(), Some("pablo@example.com"));
    assert_eq!(c.input.phone, None);
    let c = f
        .company
        .set_candidate_status(c.id, "interview", now())
        .unwrap();
    assert_eq!(c.input.status, "interview");
    assert_eq!(f.company.candidates(Some("interview")).unwrap().len(), 1);
    assert!(f.company.candidates(Some("new")).unwrap().is_empty());
    assert_eq!(
        fields(f.company.candidates(Some("later"))),
        vec![("status".to_string(), ProblemCode::InvalidCode)]
    );
    assert_eq!(
        fields(f.company.set_candidate_status(c.id, "later", now())),
        vec![("status".to_string(), ProblemCode::InvalidCode)]
    );
    f.company.delete_candidate(c.id, now()).unwrap();
    assert!(f.company.candidates(None).unwrap().is_empty());
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 3);
}
