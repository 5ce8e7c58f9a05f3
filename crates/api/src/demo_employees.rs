//! The demo company's staff: four employees covering the payroll cases — full-time indefinido
//! with 14 payments paid in June and December, the same with the extras prorated, a part-time
//! (50 %) temporal contract, and a manager paid above the maximum contribution base. Real-shaped
//! NIFs, Social Security numbers and IBANs (their controls computed), IRPF rates from the
//! start, an AT/EP rate and a CCC.

use crate::error::ApiError;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use trastienda_core::Money;
use trastienda_store::{Company, EmployeeInput, PayrollSettings};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn eur(euros: i64) -> Money {
    Money::from_cents(euros * 100)
}

/// Adds the demo's employees and payroll settings.
pub fn add_employees(company: &mut Company, now: DateTime<Utc>) -> Result<(), ApiError> {
    company.set_payroll_settings(
        &PayrollSettings {
            atep_rate: "1.50".into(),
            ss_employer_code: Some("28123456789".into()),
            hide_salaries: false,
        },
        now,
    )?;
    // The temporary contract: a year from the first of the month five months ago, so it is
    // current whatever the day the demo is made.
    let today = now.date_naive();
    let temp_start = today
        .with_day(1)
        .and_then(|d| d.checked_sub_months(chrono::Months::new(5)))
        .unwrap_or(today);
    let temp_end = temp_start
        .checked_add_months(chrono::Months::new(12))
        .and_then(|d| d.pred_opt())
        .unwrap_or(temp_start);
    let staff = [
        EmployeeInput {
            nif: "50123456Q".into(),
            name: "Lucía Martín Gómez".into(),
            ss_number: "281234567840".into(),
            birth_date: Some(d(1988, 4, 12)),
            address: "Calle de Alcalá 120, 3º B, 28009 Madrid".into(),
            iban: Some("ES9121000418450200051332".into()),
            email: Some("lucia.martin@example.com".into()),
            phone: Some("600 123 456".into()),
            contract_type: "indefinido".into(),
            start_date: d(2021, 3, 1),
            job_title: "Dependienta".into(),
            category: "Dependiente/a".into(),
            cotization_group: 7,
            agreement: "Convenio de comercio de ferretería de Madrid".into(),
            base_salary: eur(1_650),
            complement: eur(120),
            payments: 14,
            irpf_pct: Some("11".into()),
            ..EmployeeInput::default()
        },
        EmployeeInput {
            nif: "71234567W".into(),
            name: "Javier Ruiz Fernández".into(),
            ss_number: "281020304035".into(),
            birth_date: Some(d(1979, 11, 3)),
            address: "Calle del Pez 8, 28004 Madrid".into(),
            iban: Some("ES7000491500010512345678".into()),
            email: Some("javier.ruiz@example.com".into()),
            contract_type: "indefinido".into(),
            start_date: d(2018, 9, 15),
            job_title: "Encargado de almacén".into(),
            category: "Oficial de 1ª".into(),
            cotization_group: 8,
            agreement: "Convenio de comercio de ferretería de Madrid".into(),
            base_salary: eur(1_800),
            complement: eur(200),
            allowance: eur(60),
            payments: 14,
            prorate_extras: true,
            irpf_pct: Some("13.5".into()),
            ..EmployeeInput::default()
        },
        EmployeeInput {
            nif: "02345678T".into(),
            name: "Marta Sánchez López".into(),
            ss_number: "460123456752".into(),
            birth_date: Some(d(2001, 6, 21)),
            address: "Avenida de América 45, 28002 Madrid".into(),
            iban: Some("ES8001822370440201234567".into()),
            email: Some("marta.sanchez@example.com".into()),
            contract_type: "temporal".into(),
            start_date: temp_start,
            end_date: Some(temp_end),
            part_time_pct: "50".into(),
            job_title: "Auxiliar de tienda".into(),
            category: "Auxiliar".into(),
            cotization_group: 9,
            agreement: "Convenio de comercio de ferretería de Madrid".into(),
            base_salary: eur(700),
            payments: 14,
            irpf_pct: Some("2".into()),
            ..EmployeeInput::default()
        },
        EmployeeInput {
            nif: "45678901G".into(),
            name: "Carlos Navarro Iglesias".into(),
            ss_number: "412233445534".into(),
            birth_date: Some(d(1972, 2, 8)),
            address: "Calle de Serrano 60, 28001 Madrid".into(),
            iban: Some("ES7620381010610612345678".into()),
            email: Some("carlos.navarro@example.com".into()),
            contract_type: "indefinido".into(),
            start_date: d(2015, 1, 12),
            job_title: "Gerente".into(),
            category: "Director/a".into(),
            cotization_group: 1,
            base_salary: eur(5_800),
            complement: eur(900),
            in_kind: eur(150),
            payments: 14,
            irpf_pct: Some("28".into()),
            notes: "Coche de empresa (retribución en especie).".into(),
            ..EmployeeInput::default()
        },
    ];
    for e in &staff {
        company.save_employee(None, e, now)?;
    }
    Ok(())
}
