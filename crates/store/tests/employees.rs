//! Employees in the store: every rule names its field, the NIF is unique, the IRPF rate has a
//! history (the one in force on a day applies), termination and its undoing, the payroll
//! settings, an all-or-nothing import; every change is one audit record.

mod common;

use chrono::NaiveDate;
use common::*;
use trastienda_core::{Money, ProblemCode};
use trastienda_store::{EmployeeFilter, EmployeeInput, PayrollSettings, StoreError};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn employee(name: &str, nif: &str, ss: &str) -> EmployeeInput {
    EmployeeInput {
        nif: nif.into(),
        name: name.into(),
        ss_number: ss.into(),
        birth_date: Some(d("1985-04-12")),
        iban: Some("ES91 2100 0418 4502 0005 1332".into()),
        email: Some("lucia@example.com".into()),
        start_date: d("2024-02-01"),
        cotization_group: 5,
        base_salary: m("1850.00"),
        complement: m("150.00"),
        irpf_pct: Some("12".into()),
        ..EmployeeInput::default()
    }
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
fn every_rule_names_its_field() {
    let mut f = fresh();
    let audit0 = f.company.audit_len().unwrap();
    let bad = EmployeeInput {
        nif: "12345678A".into(),
        name: "  ".into(),
        ss_number: "28/12345678/41".into(),
        birth_date: Some(d("2010-01-01")),
        iban: Some("ES00 2100 0418 4502 0005 1332".into()),
        email: Some("sin arroba".into()),
        contract_type: "eventual".into(),
        start_date: d("2024-02-01"),
        end_date: Some(d("2024-01-31")),
        part_time_pct: "0".into(),
        cotization_group: 12,
        base_salary: m("-1"),
        complement: m("-0.01"),
        payments: 13,
        vacation_days: 400,
        irpf_pct: Some("61".into()),
        ..EmployeeInput::default()
    };
    let mut got = fields(f.company.save_employee(None, &bad, now()));
    got.sort();
    let mut want = vec![
        ("name".to_string(), ProblemCode::Required),
        ("nif".into(), ProblemCode::InvalidTaxId),
        ("ss_number".into(), ProblemCode::InvalidCode),
        ("birth_date".into(), ProblemCode::OutOfRange),
        ("iban".into(), ProblemCode::InvalidCode),
        ("email".into(), ProblemCode::InvalidCode),
        ("contract_type".into(), ProblemCode::InvalidCode),
        ("end_date".into(), ProblemCode::OutOfRange),
        ("part_time_pct".into(), ProblemCode::OutOfRange),
        ("cotization_group".into(), ProblemCode::OutOfRange),
        ("base_salary".into(), ProblemCode::NegativeAmount),
        ("complement".into(), ProblemCode::NegativeAmount),
        ("payments".into(), ProblemCode::OutOfRange),
        ("vacation_days".into(), ProblemCode::OutOfRange),
        ("irpf_pct".into(), ProblemCode::OutOfRange),
    ];
    want.sort();
    assert_eq!(got, want);
    // A company's CIF is no person's NIF.
    let cif = EmployeeInput {
        nif: "B12345674".into(),
        ..employee("Lucía", "", "281234567840")
    };
    assert_eq!(
        fields(f.company.save_employee(None, &cif, now())),
        vec![("nif".to_string(), ProblemCode::InvalidTaxId)]
    );
    assert_eq!(f.company.audit_len().unwrap(), audit0);
    assert!(f.company.all_employees().unwrap().is_empty());
}

#[test]
fn an_employee_is_saved_normalised_unique_and_logged() {
    let mut f = fresh();
    let audit0 = f.company.audit_len().unwrap();
    let e = f
        .company
        .save_employee(
            None,
            &employee("Lucía Martín Gómez", "12345678-z", "28 12345678 40"),
            now(),
        )
        .unwrap();
    assert_eq!(e.input.nif, "12345678Z");
    assert_eq!(e.input.ss_number, "281234567840");
    assert_eq!(e.input.iban.as_deref(), Some("ES9121000418450200051332"));
    assert_eq!(e.irpf.len(), 1);
    assert_eq!(e.irpf[0].from_date, d("2024-02-01"));
    assert_eq!(e.input.irpf_pct.as_deref(), Some("12"));
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 1);
    let rec = &f.company.audit_records("employee:", 10).unwrap()[0];
    assert!(rec.after.as_deref().unwrap().contains("1850.00"), "{rec:?}");

    // The same NIF again, differently written.
    let dup = employee("Otra Persona", "12.345.678-Z", "281020304035");
    assert_eq!(
        fields(f.company.save_employee(None, &dup, now())),
        vec![("nif".to_string(), ProblemCode::Duplicate)]
    );
    // Saving it unchanged writes nothing; a raise is one audit record with both salaries.
    let same = f
        .company
        .save_employee(Some(e.id), &e.input, now())
        .unwrap();
    assert_eq!(same, e);
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 1);
    let mut raise = e.input.clone();
    raise.base_salary = m("1950.00");
    f.company.save_employee(Some(e.id), &raise, now()).unwrap();
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 2);
    let rec = &f.company.audit_records("employee:", 10).unwrap()[0];
    assert!(rec.before.as_deref().unwrap().contains("1850.00"));
    assert!(rec.after.as_deref().unwrap().contains("1950.00"));
    // An NIE is a person's id too.
    f.company
        .save_employee(
            None,
            &employee("Andrei Popescu", "X1234567L", "281020304035"),
            now(),
        )
        .unwrap();
}

#[test]
fn the_irpf_in_force_on_a_day_is_the_latest_not_after_it() {
    let mut f = fresh();
    let e = f
        .company
        .save_employee(None, &employee("Lucía", "12345678Z", "281234567840"), now())
        .unwrap();
    let e2 = f
        .company
        .set_employee_irpf(e.id, d("2025-01-01"), "14.50", now())
        .unwrap();
    let e3 = f
        .company
        .set_employee_irpf(e.id, d("2025-07-01"), "16", now())
        .unwrap();
    assert_eq!(e2.irpf.len(), 2);
    assert_eq!(e3.irpf.len(), 3);
    assert_eq!(e3.irpf_on(d("2024-06-30")), Some("12"));
    assert_eq!(e3.irpf_on(d("2025-06-30")), Some("14.5"));
    assert_eq!(e3.irpf_on(d("2025-07-01")), Some("16"));
    assert_eq!(e3.irpf_on(d("2024-01-01")), None);
    assert_eq!(e3.input.irpf_pct.as_deref(), Some("16"));
    let list = f
        .company
        .list_employees(&EmployeeFilter {
            on: Some(d("2025-03-01")),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(list[0].irpf_pct.as_deref(), Some("14.5"));
    // Replacing a date's rate, and a rate out of range.
    let e4 = f
        .company
        .set_employee_irpf(e.id, d("2025-07-01"), "17", now())
        .unwrap();
    assert_eq!(e4.irpf.len(), 3);
    assert_eq!(e4.irpf_on(d("2026-01-01")), Some("17"));
    assert_eq!(
        fields(
            f.company
                .set_employee_irpf(e.id, d("2026-01-01"), "60.5", now())
        ),
        vec![("irpf_pct".to_string(), ProblemCode::OutOfRange)]
    );
}

#[test]
fn termination_names_its_cause_and_date_and_can_be_undone() {
    let mut f = fresh();
    let e = f
        .company
        .save_employee(None, &employee("Lucía", "12345678Z", "281234567840"), now())
        .unwrap();
    f.company
        .save_employee(None, &employee("Pedro", "23456789D", "281020304035"), now())
        .unwrap();
    let mut got = fields(
        f.company
            .terminate_employee(e.id, d("2024-01-01"), "bored", now()),
    );
    got.sort();
    assert_eq!(
        got,
        vec![
            ("termination_cause".to_string(), ProblemCode::InvalidCode),
            ("termination_date".into(), ProblemCode::OutOfRange)
        ]
    );
    let audit0 = f.company.audit_len().unwrap();
    let t = f
        .company
        .terminate_employee(e.id, d("2026-02-28"), "voluntary", now())
        .unwrap();
    assert_eq!(t.termination_date, Some(d("2026-02-28")));
    assert_eq!(t.termination_cause.as_deref(), Some("voluntary"));
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 1);
    let active = |f: &trastienda_store::Company, s: &str| -> Vec<String> {
        f.list_employees(&EmployeeFilter {
            status: Some(s.into()),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect()
    };
    assert_eq!(active(&f.company, "active"), vec!["Pedro"]);
    assert_eq!(active(&f.company, "terminated"), vec!["Lucía"]);
    assert_eq!(active(&f.company, "all"), vec!["Lucía", "Pedro"]);
    let r = f.company.reinstate_employee(e.id, now()).unwrap();
    assert_eq!(r.termination_date, None);
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 2);
    assert_eq!(active(&f.company, "active"), vec!["Lucía", "Pedro"]);
    // Search by NIF as typed and by job.
    let q = f
        .company
        .list_employees(&EmployeeFilter {
            query: Some("23.456.789".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].name, "Pedro");
}

#[test]
fn an_import_is_all_or_nothing_with_rows() {
    let mut f = fresh();
    let good = employee("Lucía", "12345678Z", "281234567840");
    let mut bad = employee("Pedro", "23456789D", "281020304036");
    bad.payments = 15;
    let dup = employee("Otra", "12345678Z", "281020304035");
    let err = f
        .company
        .import_employees(&[(2, good.clone()), (3, bad), (4, dup)], "t.csv", now())
        .unwrap_err();
    let StoreError::Invalid(p) = err else {
        panic!()
    };
    let got: Vec<(Option<u32>, Option<String>)> = p.into_iter().map(|x| (x.row, x.field)).collect();
    assert_eq!(
        got,
        vec![
            (Some(3), Some("ss_number".into())),
            (Some(3), Some("payments".into())),
            (Some(4), Some("nif".into()))
        ]
    );
    assert!(f.company.all_employees().unwrap().is_empty());
    let ids = f
        .company
        .import_employees(
            &[
                (2, good),
                (3, employee("Pedro", "23456789D", "281020304035")),
            ],
            "t.csv",
            now(),
        )
        .unwrap();
    assert_eq!(ids.len(), 2);
    assert_eq!(f.company.all_employees().unwrap()[1].irpf.len(), 1);
}

#[test]
fn payroll_settings_are_checked_and_logged() {
    let mut f = fresh();
    let s = f.company.payroll_settings().unwrap();
    assert_eq!(s.atep_rate, "1.50");
    assert!(!s.hide_salaries);
    let mut got = fields(f.company.set_payroll_settings(
        &PayrollSettings {
            atep_rate: "10.5".into(),
            ss_employer_code: Some("28/1234".into()),
            hide_salaries: true,
        },
        now(),
    ));
    got.sort();
    assert_eq!(
        got,
        vec![
            ("atep_rate".to_string(), ProblemCode::OutOfRange),
            ("ss_employer_code".into(), ProblemCode::InvalidCode)
        ]
    );
    let audit0 = f.company.audit_len().unwrap();
    let s = f
        .company
        .set_payroll_settings(
            &PayrollSettings {
                atep_rate: "3.7".into(),
                ss_employer_code: Some("28 1234567 89".into()),
                hide_salaries: true,
            },
            now(),
        )
        .unwrap();
    assert_eq!(s.atep_rate, "3.70");
    assert_eq!(s.ss_employer_code.as_deref(), Some("28123456789"));
    assert_eq!(f.company.payroll_settings().unwrap(), s);
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 1);
}
