//! Hand-computed Spanish payslips from the 2025 rate file (assets/payroll/es-2025.csv), every
//! figure worked out in the comments; a property test over random employees; the rate file's
//! parsing and overrides; the journal entries of a pay run and of paying it.
//!
//! 2025 rates used below (% of the base): employee CC 4.70, unemployment 1.55 (indefinido) /
//! 1.60 (temporal), FP 0.10, MEI 0.13, overtime 4.70; employer CC 23.60, AT/EP 1.50 (the
//! company's), unemployment 5.50 / 6.70, FOGASA 0.20, FP 0.60, MEI 0.67, overtime 23.60.
//! Bases: maximum 4 909.50, minimum groups 4-7 (and AT/EP) 1 381.20, group 1 1 929.00.
//! Rounding: each contribution to the cent, half away from zero.

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use trastienda_core::payroll::{
    compute_payslip, payroll_entry, salary_payment_entry, shipped_rates, ContractKind,
    EmployeeContributions, EmployerContributions, LineKind, PayInputs, PayLine, PayrollAccounts,
    PayrollRates, Payslip,
};
use trastienda_core::{AccountCode, BalancedEntry, Money, ProblemCode};

fn eur(s: &str) -> Money {
    Money::parse(s).unwrap()
}
fn acc(s: &str) -> AccountCode {
    AccountCode::parse(s).unwrap()
}
fn rates() -> PayrollRates {
    PayrollRates::parse(2025, shipped_rates(2025).unwrap()).unwrap()
}

/// Full time, indefinido, group 5: base 1 500.00 + complements 200.00 + allowances 50.00,
/// 14 payments not prorated, IRPF 12 %, March 2025, a whole month.
fn group5() -> PayInputs {
    PayInputs {
        year: 2025,
        month: 3,
        contract: ContractKind::Indefinido,
        group: 5,
        part_time_pct: dec!(100),
        base_salary: eur("1500.00"),
        complements: eur("200.00"),
        allowances: eur("50.00"),
        in_kind: Money::ZERO,
        payments: 14,
        prorate_extras: false,
        irpf_pct: dec!(12),
        days: 30,
        overtime: Money::ZERO,
        overtime_force_majeure: Money::ZERO,
        extra_lines: vec![],
        atep_rate: dec!(1.50),
        short_contract: false,
    }
}

fn codes(slip: &Payslip) -> Vec<(&str, LineKind, String)> {
    slip.lines
        .iter()
        .map(|l| (l.code.as_str(), l.kind, l.amount.to_string()))
        .collect()
}

/// The contributions of a BCCC = BCCP of 1 983.33 (cases a and b), indefinido:
/// employee CC 1983.33 × 4.70 % = 93.21651 → 93.22; unemployment × 1.55 % = 30.741615 → 30.74;
/// FP × 0.10 % = 1.98333 → 1.98; MEI × 0.13 % = 2.578329 → 2.58; total 128.52.
/// Employer CC × 23.60 % = 468.06588 → 468.07; AT/EP × 1.50 % = 29.74995 → 29.75;
/// unemployment × 5.50 % = 109.08315 → 109.08; FOGASA × 0.20 % = 3.96666 → 3.97;
/// FP × 0.60 % = 11.89998 → 11.90; MEI × 0.67 % = 13.288311 → 13.29; total 636.06.
fn check_contributions_1983_33(slip: &Payslip) {
    assert_eq!(slip.bccc, eur("1983.33"));
    assert_eq!(slip.bccp, eur("1983.33"));
    assert_eq!(
        slip.ee,
        EmployeeContributions {
            cc: eur("93.22"),
            unemployment: eur("30.74"),
            fp: eur("1.98"),
            mei: eur("2.58"),
            solidarity: Money::ZERO,
            overtime: Money::ZERO,
        }
    );
    assert_eq!(slip.ee.total(), eur("128.52"));
    assert_eq!(
        slip.er,
        EmployerContributions {
            cc: eur("468.07"),
            atep: eur("29.75"),
            unemployment: eur("109.08"),
            fogasa: eur("3.97"),
            fp: eur("11.90"),
            mei: eur("13.29"),
            solidarity: Money::ZERO,
            overtime: Money::ZERO,
        }
    );
    assert_eq!(slip.er.total(), eur("636.06"));
}

#[test]
fn a_group5_fourteen_payments_march_and_june() {
    let r = rates();
    // March. Devengos: base 1500.00, complements 200.00 (salary 1700.00), allowances 50.00
    // (non-salary); gross 1750.00.
    let slip = compute_payslip(&group5(), &r).unwrap();
    assert_eq!(
        codes(&slip),
        vec![
            ("base", LineKind::Salary, "1500.00".to_string()),
            ("complements", LineKind::Salary, "200.00".to_string()),
            ("allowances", LineKind::NonSalary, "50.00".to_string()),
        ]
    );
    assert_eq!(slip.salary, eur("1700.00"));
    assert_eq!(slip.non_salary, eur("50.00"));
    assert_eq!(slip.gross, eur("1750.00"));
    // BCCC = 1700.00 + proration of the two extras 1700 × 2/12 = 283.333 → 283.33 = 1983.33,
    // between the minimum 1381.20 and the maximum 4909.50. BCCP the same (no overtime).
    check_contributions_1983_33(&slip);
    assert_eq!(slip.overtime_base, Money::ZERO);
    // IRPF 12 % × 1750.00 = 210.00; deductions 128.52 + 210.00 = 338.52; net 1750 - 338.52.
    assert_eq!(slip.irpf_base, eur("1750.00"));
    assert_eq!(slip.irpf_pct, dec!(12));
    assert_eq!(slip.irpf, eur("210.00"));
    assert_eq!(slip.other_deductions, Money::ZERO);
    assert_eq!(slip.total_deductions, eur("338.52"));
    assert_eq!(slip.net, eur("1411.48"));
    // Employer cost 1750.00 + 636.06.
    assert_eq!(slip.employer_cost, eur("2386.06"));
    assert!(slip.warnings.is_empty(), "{:?}", slip.warnings);

    // June: the extra payment (base + complements of a whole month, 1700.00) is paid; salary
    // 3400.00, gross 3450.00. The bases do not change (the extra is out, its proration in):
    // BCCC = 3400.00 - 1700.00 + 283.33 = 1983.33.
    let june = compute_payslip(
        &PayInputs {
            month: 6,
            ..group5()
        },
        &r,
    )
    .unwrap();
    assert_eq!(
        codes(&june),
        vec![
            ("base", LineKind::Salary, "1500.00".to_string()),
            ("complements", LineKind::Salary, "200.00".to_string()),
            ("extra", LineKind::Salary, "1700.00".to_string()),
            ("allowances", LineKind::NonSalary, "50.00".to_string()),
        ]
    );
    assert_eq!(june.salary, eur("3400.00"));
    assert_eq!(june.gross, eur("3450.00"));
    check_contributions_1983_33(&june);
    // IRPF on the cash of the month: 12 % × 3450.00 = 414.00; deductions 128.52 + 414.00.
    assert_eq!(june.irpf_base, eur("3450.00"));
    assert_eq!(june.irpf, eur("414.00"));
    assert_eq!(june.total_deductions, eur("542.52"));
    assert_eq!(june.net, eur("2907.48"));
    assert_eq!(june.employer_cost, eur("4086.06"));
    // December pays it too; July does not.
    let dec_ = compute_payslip(
        &PayInputs {
            month: 12,
            ..group5()
        },
        &r,
    )
    .unwrap();
    assert_eq!(dec_.gross, eur("3450.00"));
    let jul = compute_payslip(
        &PayInputs {
            month: 7,
            ..group5()
        },
        &r,
    )
    .unwrap();
    assert_eq!(jul.gross, eur("1750.00"));
}

#[test]
fn b_group5_prorated_extras() {
    let r = rates();
    let inputs = PayInputs {
        prorate_extras: true,
        ..group5()
    };
    // Devengos: base 1500.00, complements 200.00, proration (1500 + 200) × 2/12 = 283.333 →
    // 283.33, allowances 50.00; salary 1983.33, gross 2033.33.
    let slip = compute_payslip(&inputs, &r).unwrap();
    assert_eq!(
        codes(&slip),
        vec![
            ("base", LineKind::Salary, "1500.00".to_string()),
            ("complements", LineKind::Salary, "200.00".to_string()),
            ("extra_prorated", LineKind::Salary, "283.33".to_string()),
            ("allowances", LineKind::NonSalary, "50.00".to_string()),
        ]
    );
    assert_eq!(slip.salary, eur("1983.33"));
    assert_eq!(slip.non_salary, eur("50.00"));
    assert_eq!(slip.gross, eur("2033.33"));
    // BCCC = the salary devengos 1983.33 (the proration is already in them, not added again).
    check_contributions_1983_33(&slip);
    // IRPF 12 % × 2033.33 = 243.9996 → 244.00; deductions 128.52 + 244.00 = 372.52;
    // net 2033.33 - 372.52 = 1660.81; cost 2033.33 + 636.06 = 2669.39.
    assert_eq!(slip.irpf, eur("244.00"));
    assert_eq!(slip.total_deductions, eur("372.52"));
    assert_eq!(slip.net, eur("1660.81"));
    assert_eq!(slip.employer_cost, eur("2669.39"));
    // June is an ordinary month when the extras are prorated.
    let june = compute_payslip(&PayInputs { month: 6, ..inputs }, &r).unwrap();
    assert_eq!(june, slip);
}

#[test]
fn c_part_time_temporal_group7_raised_to_the_minimum() {
    let r = rates();
    // Half time, temporal, group 7, base 550.00, overtime 40.00, 14 payments not prorated,
    // IRPF 0 % typed but a contract under a year: at least 2 %.
    let inputs = PayInputs {
        contract: ContractKind::Temporal,
        group: 7,
        part_time_pct: dec!(50),
        base_salary: eur("550.00"),
        complements: Money::ZERO,
        allowances: Money::ZERO,
        overtime: eur("40.00"),
        irpf_pct: dec!(0),
        short_contract: true,
        ..group5()
    };
    let slip = compute_payslip(&inputs, &r).unwrap();
    // Devengos: base 550.00, overtime 40.00; salary = gross = 590.00.
    assert_eq!(
        codes(&slip),
        vec![
            ("base", LineKind::Salary, "550.00".to_string()),
            ("overtime", LineKind::Salary, "40.00".to_string()),
        ]
    );
    assert_eq!(slip.salary, eur("590.00"));
    assert_eq!(slip.gross, eur("590.00"));
    // Remuneration for BCCC: 550.00 + proration 550 × 2/12 = 91.666 → 91.67 = 641.67, below
    // the minimum 1381.20 × 50 % = 690.60: raised to 690.60, with a warning.
    assert_eq!(slip.bccc, eur("690.60"));
    assert!(slip
        .warnings
        .iter()
        .any(|w| w.contains("la base se eleva a la mínima del grupo")));
    // BCCP = 690.60 + overtime 40.00 = 730.60 (above the AT/EP minimum 690.60).
    assert_eq!(slip.bccp, eur("730.60"));
    assert_eq!(slip.overtime_base, eur("40.00"));
    // Employee: CC 690.60 × 4.70 % = 32.4582 → 32.46; unemployment (temporal) 730.60 × 1.60 %
    // = 11.6896 → 11.69; FP 730.60 × 0.10 % = 0.7306 → 0.73; MEI 690.60 × 0.13 % = 0.89778 →
    // 0.90; overtime 40.00 × 4.70 % = 1.88; total 47.66.
    assert_eq!(
        slip.ee,
        EmployeeContributions {
            cc: eur("32.46"),
            unemployment: eur("11.69"),
            fp: eur("0.73"),
            mei: eur("0.90"),
            solidarity: Money::ZERO,
            overtime: eur("1.88"),
        }
    );
    assert_eq!(slip.ee.total(), eur("47.66"));
    // IRPF: the minimum 2 % × 590.00 = 11.80; deductions 47.66 + 11.80 = 59.46; net 530.54.
    assert_eq!(slip.irpf_pct, dec!(2));
    assert_eq!(slip.irpf, eur("11.80"));
    assert_eq!(slip.total_deductions, eur("59.46"));
    assert_eq!(slip.net, eur("530.54"));
    // Employer: CC 690.60 × 23.60 % = 162.9816 → 162.98; AT/EP 730.60 × 1.50 % = 10.959 →
    // 10.96; unemployment (temporal) 730.60 × 6.70 % = 48.9502 → 48.95; FOGASA × 0.20 % =
    // 1.4612 → 1.46; FP × 0.60 % = 4.3836 → 4.38; MEI 690.60 × 0.67 % = 4.62702 → 4.63;
    // overtime 40.00 × 23.60 % = 9.44; total 242.80; cost 590.00 + 242.80 = 832.80.
    assert_eq!(
        slip.er,
        EmployerContributions {
            cc: eur("162.98"),
            atep: eur("10.96"),
            unemployment: eur("48.95"),
            fogasa: eur("1.46"),
            fp: eur("4.38"),
            mei: eur("4.63"),
            solidarity: Money::ZERO,
            overtime: eur("9.44"),
        }
    );
    assert_eq!(slip.er.total(), eur("242.80"));
    assert_eq!(slip.employer_cost, eur("832.80"));
}

#[test]
fn d_above_the_maximum_base_pays_solidarity() {
    let r = rates();
    // Group 1, base 6000.00, 12 payments, IRPF 30 %.
    let inputs = PayInputs {
        group: 1,
        base_salary: eur("6000.00"),
        complements: Money::ZERO,
        allowances: Money::ZERO,
        payments: 12,
        irpf_pct: dec!(30),
        ..group5()
    };
    let slip = compute_payslip(&inputs, &r).unwrap();
    assert_eq!(slip.gross, eur("6000.00"));
    // BCCC = BCCP = the maximum 4909.50; the excess 6000.00 - 4909.50 = 1090.50 pays
    // solidarity: up to 10 % of the maximum (490.95) at t1, the remaining 599.55 (below 50 %
    // = 2454.75) at t2.
    assert_eq!(slip.bccc, eur("4909.50"));
    assert_eq!(slip.bccp, eur("4909.50"));
    // Employee: CC 4909.50 × 4.70 % = 230.7465 → 230.75; unemployment × 1.55 % = 76.09725 →
    // 76.10; FP × 0.10 % = 4.9095 → 4.91; MEI × 0.13 % = 6.38235 → 6.38; solidarity
    // 490.95 × 0.15 % = 0.736425 → 0.74 + 599.55 × 0.17 % = 1.019235 → 1.02 = 1.76;
    // total 319.90.
    assert_eq!(
        slip.ee,
        EmployeeContributions {
            cc: eur("230.75"),
            unemployment: eur("76.10"),
            fp: eur("4.91"),
            mei: eur("6.38"),
            solidarity: eur("1.76"),
            overtime: Money::ZERO,
        }
    );
    assert_eq!(slip.ee.total(), eur("319.90"));
    // IRPF 30 % × 6000.00 = 1800.00; deductions 319.90 + 1800.00 = 2119.90; net 3880.10.
    assert_eq!(slip.irpf, eur("1800.00"));
    assert_eq!(slip.total_deductions, eur("2119.90"));
    assert_eq!(slip.net, eur("3880.10"));
    // Employer: CC × 23.60 % = 1158.642 → 1158.64; AT/EP × 1.50 % = 73.6425 → 73.64;
    // unemployment × 5.50 % = 270.0225 → 270.02; FOGASA × 0.20 % = 9.819 → 9.82; FP × 0.60 %
    // = 29.457 → 29.46; MEI × 0.67 % = 32.89365 → 32.89; solidarity 490.95 × 0.77 % =
    // 3.780315 → 3.78 + 599.55 × 0.83 % = 4.976265 → 4.98 = 8.76; total 1583.23;
    // cost 6000.00 + 1583.23 = 7583.23.
    assert_eq!(
        slip.er,
        EmployerContributions {
            cc: eur("1158.64"),
            atep: eur("73.64"),
            unemployment: eur("270.02"),
            fogasa: eur("9.82"),
            fp: eur("29.46"),
            mei: eur("32.89"),
            solidarity: eur("8.76"),
            overtime: Money::ZERO,
        }
    );
    assert_eq!(slip.er.total(), eur("1583.23"));
    assert_eq!(slip.employer_cost, eur("7583.23"));
    assert!(slip.warnings.iter().any(|w| w.contains("base máxima")));

    // 8000.00: excess 3090.50 = 490.95 (t1) + 1963.80 (t2, up to 50 % = 2454.75) + 635.75
    // (t3). Employee 0.74 + 1963.80 × 0.17 % = 3.33846 → 3.34 + 635.75 × 0.19 % = 1.207925 →
    // 1.21 = 5.29; employer 3.78 + 1963.80 × 0.83 % = 16.29954 → 16.30 + 635.75 × 0.98 % =
    // 6.23035 → 6.23 = 26.31.
    let high = compute_payslip(
        &PayInputs {
            base_salary: eur("8000.00"),
            ..inputs
        },
        &r,
    )
    .unwrap();
    assert_eq!(high.bccc, eur("4909.50"));
    assert_eq!(high.ee.solidarity, eur("5.29"));
    assert_eq!(high.er.solidarity, eur("26.31"));
}

#[test]
fn e_hired_mid_month_fifteen_days() {
    let r = rates();
    let inputs = PayInputs {
        days: 15,
        ..group5()
    };
    let slip = compute_payslip(&inputs, &r).unwrap();
    // Devengos × 15/30: base 750.00, complements 100.00, allowances 25.00; salary 850.00,
    // gross 875.00.
    assert_eq!(
        codes(&slip),
        vec![
            ("base", LineKind::Salary, "750.00".to_string()),
            ("complements", LineKind::Salary, "100.00".to_string()),
            ("allowances", LineKind::NonSalary, "25.00".to_string()),
        ]
    );
    assert_eq!(slip.salary, eur("850.00"));
    assert_eq!(slip.gross, eur("875.00"));
    // BCCC = 850.00 + proration 1700 × 2/12 × 15/30 = 141.666 → 141.67 = 991.67; the
    // minimum is 1381.20 × 15/30 = 690.60 and the maximum 4909.50 × 15/30 = 2454.75.
    assert_eq!(slip.bccc, eur("991.67"));
    assert_eq!(slip.bccp, eur("991.67"));
    // Employee: CC 991.67 × 4.70 % = 46.60849 → 46.61; unemployment × 1.55 % = 15.370885 →
    // 15.37; FP × 0.10 % = 0.99167 → 0.99; MEI × 0.13 % = 1.289171 → 1.29; total 64.26.
    assert_eq!(
        slip.ee,
        EmployeeContributions {
            cc: eur("46.61"),
            unemployment: eur("15.37"),
            fp: eur("0.99"),
            mei: eur("1.29"),
            solidarity: Money::ZERO,
            overtime: Money::ZERO,
        }
    );
    assert_eq!(slip.ee.total(), eur("64.26"));
    // IRPF 12 % × 875.00 = 105.00; deductions 169.26; net 705.74.
    assert_eq!(slip.irpf, eur("105.00"));
    assert_eq!(slip.total_deductions, eur("169.26"));
    assert_eq!(slip.net, eur("705.74"));
    // Employer: CC × 23.60 % = 234.03412 → 234.03; AT/EP × 1.50 % = 14.87505 → 14.88;
    // unemployment × 5.50 % = 54.54185 → 54.54; FOGASA × 0.20 % = 1.98334 → 1.98; FP × 0.60 %
    // = 5.95002 → 5.95; MEI × 0.67 % = 6.644189 → 6.64; total 318.02; cost 1193.02.
    assert_eq!(
        slip.er,
        EmployerContributions {
            cc: eur("234.03"),
            atep: eur("14.88"),
            unemployment: eur("54.54"),
            fogasa: eur("1.98"),
            fp: eur("5.95"),
            mei: eur("6.64"),
            solidarity: Money::ZERO,
            overtime: Money::ZERO,
        }
    );
    assert_eq!(slip.er.total(), eur("318.02"));
    assert_eq!(slip.employer_cost, eur("1193.02"));
}

#[test]
fn f_pay_in_kind_a_bonus_and_an_advance_repaid() {
    let r = rates();
    // Group 5, base 1500.00, 12 payments, in kind 100.00, a bonus 300.00 (salary) and an
    // advance repaid 200.00 (deduction), IRPF 10 %.
    let inputs = PayInputs {
        complements: Money::ZERO,
        allowances: Money::ZERO,
        in_kind: eur("100.00"),
        payments: 12,
        irpf_pct: dec!(10),
        extra_lines: vec![
            PayLine::new(LineKind::Salary, "bonus", "Bonus", eur("300.00")),
            PayLine::new(LineKind::Deduction, "advance", "Anticipo", eur("200.00")),
        ],
        ..group5()
    };
    let slip = compute_payslip(&inputs, &r).unwrap();
    assert_eq!(
        codes(&slip),
        vec![
            ("base", LineKind::Salary, "1500.00".to_string()),
            ("in_kind", LineKind::Salary, "100.00".to_string()),
            ("bonus", LineKind::Salary, "300.00".to_string()),
            ("advance", LineKind::Deduction, "200.00".to_string()),
            (
                "in_kind_deduction",
                LineKind::Deduction,
                "100.00".to_string()
            ),
        ]
    );
    // Salary = gross = 1500 + 100 + 300 = 1900.00 = BCCC = BCCP = IRPF base.
    assert_eq!(slip.gross, eur("1900.00"));
    assert_eq!(slip.bccc, eur("1900.00"));
    assert_eq!(slip.bccp, eur("1900.00"));
    assert_eq!(slip.irpf_base, eur("1900.00"));
    // Employee: 89.30 + 29.45 + 1.90 + 2.47 = 123.12; IRPF 190.00; other deductions
    // 200.00 + 100.00 = 300.00; total 613.12; net 1286.88.
    assert_eq!(slip.ee.total(), eur("123.12"));
    assert_eq!(slip.irpf, eur("190.00"));
    assert_eq!(slip.other_deductions, eur("300.00"));
    assert_eq!(slip.total_deductions, eur("613.12"));
    assert_eq!(slip.net, eur("1286.88"));
    // Employer: 448.40 + 28.50 + 104.50 + 3.80 + 11.40 + 12.73 (12.73 = 1900 × 0.67 %) =
    // 609.33; cost 2509.33.
    assert_eq!(slip.er.total(), eur("609.33"));
    assert_eq!(slip.employer_cost, eur("2509.33"));
}

#[test]
fn bad_inputs_are_named() {
    let r = rates();
    let bad = PayInputs {
        year: 2026,
        month: 13,
        group: 12,
        part_time_pct: dec!(0),
        payments: 13,
        days: 32,
        base_salary: eur("-1.00"),
        extra_lines: vec![PayLine::new(
            LineKind::Salary,
            "bonus",
            "Bonus",
            eur("-5.00"),
        )],
        ..group5()
    };
    let problems = compute_payslip(&bad, &r).unwrap_err();
    let fields: Vec<&str> = problems.iter().filter_map(|p| p.field.as_deref()).collect();
    for f in [
        "year",
        "month",
        "group",
        "part_time_pct",
        "payments",
        "days",
        "base_salary",
        "extra_lines",
    ] {
        assert!(fields.contains(&f), "{f} not named in {problems:?}");
    }
    let line = problems
        .iter()
        .find(|p| p.field.as_deref() == Some("extra_lines"))
        .unwrap();
    assert_eq!(line.row, Some(1));
    assert_eq!(line.code, ProblemCode::NegativeAmount);
    let part = PayInputs {
        part_time_pct: dec!(100.5),
        ..group5()
    };
    assert_eq!(
        compute_payslip(&part, &r).unwrap_err()[0].field.as_deref(),
        Some("part_time_pct")
    );
}

#[test]
fn parsing_names_the_row_and_key() {
    let text = ES_2025_WITH(|l| {
        if l.starts_with("ee_mei,") {
            "ee_mei,0,13,source".to_string()
        } else if l.starts_with("max_base,") {
            "max_base,4909.505,source".to_string()
        } else {
            l.to_string()
        }
    });
    let problems = PayrollRates::parse(2025, &text).unwrap_err();
    let row_of = |key: &str| {
        1 + shipped_rates(2025)
            .unwrap()
            .lines()
            .position(|l| l.starts_with(&format!("{key},")))
            .unwrap() as u32
    };
    let mei = problems
        .iter()
        .find(|p| p.field.as_deref() == Some("ee_mei"))
        .unwrap();
    assert_eq!(mei.row, Some(row_of("ee_mei")));
    assert_eq!(mei.code, ProblemCode::InvalidAmount);
    let max = problems
        .iter()
        .find(|p| p.field.as_deref() == Some("max_base"))
        .unwrap();
    assert_eq!(max.row, Some(row_of("max_base")));
    // A refused line is not also reported missing.
    assert_eq!(problems.len(), 2, "{problems:?}");

    // A missing key is named.
    let text = ES_2025_WITH(|l| {
        if l.starts_with("er_fogasa,") {
            "# removed".to_string()
        } else {
            l.to_string()
        }
    });
    let problems = PayrollRates::parse(2025, &text).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field.as_deref(), Some("er_fogasa"));
    assert_eq!(problems[0].row, None);

    // Unknown keys, duplicates, sources left out and a wrong header.
    let mut text = shipped_rates(2025).unwrap().to_string();
    text.push_str("bogus,1,x\nee_cc,4.70,again\nee_fp_typo,1,\n");
    let problems = PayrollRates::parse(2025, &text).unwrap_err();
    let n = shipped_rates(2025).unwrap().lines().count() as u32;
    assert_eq!(problems[0].field.as_deref(), Some("bogus"));
    assert_eq!(problems[0].row, Some(n + 1));
    assert_eq!(problems[1].code, ProblemCode::Duplicate);
    assert_eq!(problems[1].row, Some(n + 2));
    assert_eq!(problems[2].row, Some(n + 3));
    let problems = PayrollRates::parse(2025, "k,v,s\n").unwrap_err();
    assert_eq!(problems[0].field.as_deref(), Some("header"));
    assert_eq!(problems[0].row, Some(1));
}

#[allow(non_snake_case)]
fn ES_2025_WITH(f: impl Fn(&str) -> String) -> String {
    shipped_rates(2025)
        .unwrap()
        .lines()
        .map(f)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn overrides_replace_a_value_and_bad_ones_are_refused() {
    let r = rates();
    let o = r
        .with_overrides(&[("atep_default".to_string(), "1.65".to_string())])
        .unwrap();
    assert_eq!(o.atep_default(), dec!(1.65));
    let (k, v, s) = o
        .entries()
        .into_iter()
        .find(|(k, _, _)| k == "atep_default")
        .unwrap();
    assert_eq!((k.as_str(), v.as_str()), ("atep_default", "1.65"));
    assert!(s.contains("1.50"), "{s}");
    assert_eq!(r.atep_default(), dec!(1.50));
    assert_eq!(o.entries().len(), r.entries().len());

    // The overridden CC rate is what the payslip uses: 1983.33 × 5 % = 99.1665 → 99.17.
    let o = r
        .with_overrides(&[("ee_cc".to_string(), "5".to_string())])
        .unwrap();
    assert_eq!(compute_payslip(&group5(), &o).unwrap().ee.cc, eur("99.17"));

    let problems = r
        .with_overrides(&[
            ("ee_cc".to_string(), "4.70".to_string()),
            ("nope".to_string(), "1".to_string()),
            ("er_cc".to_string(), "abc".to_string()),
            ("er_fp".to_string(), "101".to_string()),
            ("max_base".to_string(), "12.345".to_string()),
            ("min_base_g1".to_string(), "-1".to_string()),
        ])
        .unwrap_err();
    let got: Vec<(Option<u32>, Option<&str>)> = problems
        .iter()
        .map(|p| (p.row, p.field.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some(2), Some("nope")),
            (Some(3), Some("er_cc")),
            (Some(4), Some("er_fp")),
            (Some(5), Some("max_base")),
            (Some(6), Some("min_base_g1")),
        ]
    );
    // A minimum above the maximum is refused.
    let problems = r
        .with_overrides(&[("max_base".to_string(), "1000".to_string())])
        .unwrap_err();
    assert!(problems
        .iter()
        .any(|p| p.field.as_deref() == Some("min_base_g1")));
}

#[test]
fn rates_of_another_year_are_refused() {
    let r26 = PayrollRates::parse(2026, shipped_rates(2026).unwrap()).unwrap();
    let problems = compute_payslip(&group5(), &r26).unwrap_err();
    assert_eq!(problems[0].field.as_deref(), Some("year"));
    // 2026 figures: MEI 0.15 % employee.
    let slip = compute_payslip(
        &PayInputs {
            year: 2026,
            ..group5()
        },
        &r26,
    )
    .unwrap();
    // 1983.33 × 0.15 % = 2.974995 → 2.97.
    assert_eq!(slip.ee.mei, eur("2.97"));
}

#[test]
fn contract_and_line_kinds_round_trip() {
    for k in ContractKind::ALL {
        assert_eq!(ContractKind::parse(k.as_str()), Some(k));
    }
    assert_eq!(
        ContractKind::parse("fijo_discontinuo"),
        Some(ContractKind::FijoDiscontinuo)
    );
    assert_eq!(ContractKind::parse("x"), None);
    for k in [LineKind::Salary, LineKind::NonSalary, LineKind::Deduction] {
        assert_eq!(LineKind::parse(k.as_str()), Some(k));
    }
    assert_eq!(LineKind::NonSalary.as_str(), "non_salary");
}

#[test]
fn pay_run_and_salary_payment_entries_balance() {
    let r = rates();
    let a = compute_payslip(&group5(), &r).unwrap();
    let c = compute_payslip(
        &PayInputs {
            in_kind: eur("100.00"),
            extra_lines: vec![PayLine::new(
                LineKind::Deduction,
                "advance",
                "Anticipo",
                eur("200.00"),
            )],
            ..group5()
        },
        &r,
    )
    .unwrap();
    let accounts = PayrollAccounts::pgc_pymes();
    let date = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    let draft = payroll_entry(date, "marzo 2025", &[&a, &c], &accounts).unwrap();
    let line = |code: &str| {
        draft
            .lines
            .iter()
            .find(|l| l.account == acc(code))
            .map(|l| (l.debit, l.credit))
            .unwrap()
    };
    let gross = a.gross + c.gross;
    let er = a.er.total() + c.er.total();
    assert_eq!(line("640"), (gross, Money::ZERO));
    assert_eq!(line("642"), (er, Money::ZERO));
    assert_eq!(
        line("4760001"),
        (Money::ZERO, a.ee.total() + c.ee.total() + er)
    );
    assert_eq!(line("4751001"), (Money::ZERO, a.irpf + c.irpf));
    assert_eq!(line("460"), (Money::ZERO, eur("300.00")));
    assert_eq!(line("4650001"), (Money::ZERO, a.net + c.net));
    let entry = BalancedEntry::new(draft).unwrap();
    assert_eq!(entry.description(), "Nómina marzo 2025");
    // Without other deductions the 460 line is left out.
    let only_a = payroll_entry(date, "marzo 2025", &[&a], &accounts).unwrap();
    assert_eq!(only_a.lines.len(), 5);
    BalancedEntry::new(only_a).unwrap();
    assert!(payroll_entry(date, "marzo 2025", &[], &accounts).is_err());

    let pay = salary_payment_entry(
        date,
        a.net + c.net,
        &accounts.net_payable,
        &acc("5720001"),
        " Pago nóminas marzo 2025 ",
    );
    assert_eq!(pay.lines[0].debit, a.net + c.net);
    assert_eq!(pay.lines[1].credit, a.net + c.net);
    assert_eq!(pay.description, "Pago nóminas marzo 2025");
    BalancedEntry::new(pay).unwrap();
}

fn arb_inputs() -> impl Strategy<Value = PayInputs> {
    (
        (
            0usize..5,
            1u8..=11,
            prop_oneof![Just(100i64), 1i64..=100],
            0i64..1_200_000,
            0i64..300_000,
            0i64..30_000,
            0i64..30_000,
        ),
        (
            prop_oneof![Just(12u8), Just(14u8)],
            any::<bool>(),
            0i64..=4500,
            0u32..=31,
            1u32..=12,
            0i64..50_000,
            0i64..50_000,
            0i64..=700,
            any::<bool>(),
            proptest::collection::vec((0usize..3, 0i64..200_000), 0..3),
        ),
    )
        .prop_map(
            |(
                (contract, group, part, base, comp, allow, kind),
                (payments, prorate, irpf, days, month, ot, otfm, atep, short, extra),
            )| PayInputs {
                year: 2025,
                month,
                contract: ContractKind::ALL[contract],
                group,
                part_time_pct: Decimal::from(part),
                base_salary: Money::from_cents(base),
                complements: Money::from_cents(comp),
                allowances: Money::from_cents(allow),
                in_kind: Money::from_cents(kind),
                payments,
                prorate_extras: prorate,
                irpf_pct: Decimal::new(irpf, 2),
                days,
                overtime: Money::from_cents(ot),
                overtime_force_majeure: Money::from_cents(otfm),
                extra_lines: extra
                    .into_iter()
                    .map(|(k, cents)| {
                        let kind = [LineKind::Salary, LineKind::NonSalary, LineKind::Deduction][k];
                        PayLine::new(kind, "manual", "Manual", Money::from_cents(cents))
                    })
                    .collect(),
                atep_rate: Decimal::new(atep, 2),
                short_contract: short,
            },
        )
}

proptest! {
    #[test]
    fn payslips_add_up(inputs in arb_inputs()) {
        let r = rates();
        let slip = compute_payslip(&inputs, &r).unwrap();
        prop_assert_eq!(slip.gross - slip.total_deductions, slip.net);
        prop_assert_eq!(slip.employer_cost, slip.gross + slip.er.total());
        prop_assert_eq!(slip.gross, slip.salary + slip.non_salary);
        prop_assert_eq!(
            slip.total_deductions,
            slip.ee.total() + slip.irpf + slip.other_deductions
        );
        let factor = Decimal::from(inputs.days.min(30)) / Decimal::from(30);
        let max = Money::from_decimal(
            (dec!(4909.50) * factor).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
        )
        .unwrap();
        prop_assert!(slip.bccc <= max);
        prop_assert!(slip.bccp <= max);
        prop_assert!(slip.bccc <= slip.bccp || slip.bccp == max);
        let ee = &slip.ee;
        let er = &slip.er;
        for m in [ee.cc, ee.unemployment, ee.fp, ee.mei, ee.solidarity, ee.overtime, slip.irpf,
                  er.cc, er.atep, er.unemployment, er.fogasa, er.fp, er.mei, er.solidarity, er.overtime] {
            prop_assert!(!m.is_negative());
        }
        let sums: Money = slip.lines.iter().filter(|l| l.kind != LineKind::Deduction).map(|l| l.amount).sum();
        prop_assert_eq!(sums, slip.gross);
        // The run of one payslip balances.
        let date = NaiveDate::from_ymd_opt(2025, inputs.month, 28).unwrap();
        let draft = payroll_entry(date, "m", &[&slip], &PayrollAccounts::pgc_pymes()).unwrap();
        if draft.lines.len() >= 2 {
            prop_assert!(BalancedEntry::new(draft).is_ok());
        }
    }
}

#[test]
fn no_days_no_bases_and_a_warning() {
    // A bonus paid in a month with no days (after leaving): bases zero, no solidarity.
    let inputs = PayInputs {
        days: 0,
        extra_lines: vec![PayLine::new(
            LineKind::Salary,
            "bonus",
            "Bonus",
            eur("500.00"),
        )],
        ..group5()
    };
    let slip = compute_payslip(&inputs, &rates()).unwrap();
    // Devengos: base 0.00 (× 0/30), bonus 500.00; gross 500.00; IRPF 12 % = 60.00.
    assert_eq!(slip.gross, eur("500.00"));
    assert_eq!(slip.bccc, Money::ZERO);
    assert_eq!(slip.bccp, Money::ZERO);
    assert_eq!(slip.ee.total(), Money::ZERO);
    assert_eq!(slip.er.total(), Money::ZERO);
    assert_eq!(slip.irpf, eur("60.00"));
    assert_eq!(slip.net, eur("440.00"));
    assert_eq!(slip.warnings.len(), 1, "{:?}", slip.warnings);
    assert!(slip.warnings[0].contains("0 días"));
}
