//! Payroll reports through the command table, as the UI calls them: two employees (one hired
//! mid-April at 50 %) paid in two approved months and a draft one; the screens' figures add up to the
//! runs', every report exports as CSV (checked line by line against the screen) and as a PDF
//! that pdftotext reads back; missing or bad periods are named.

use base64::Engine;
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use trastienda_api::{dispatch, App, AppConfig};

fn employee(name: &str, nif: &str, ss: &str, start: &str, part_time: &str) -> Value {
    json!({
        "nif": nif, "name": name, "ss_number": ss, "birth_date": "1985-04-12",
        "address": "Calle Mayor 1, Madrid", "iban": "ES91 2100 0418 4502 0005 1332",
        "email": null, "phone": null, "contract_type": "indefinido",
        "start_date": start, "end_date": null, "part_time_pct": part_time,
        "job_title": "Dependiente", "category": "", "cotization_group": 7, "agreement": "",
        "base_salary": "1650.00", "complement": "120.00", "allowance": "0", "in_kind": "0",
        "payments": 14, "prorate_extras": false, "vacation_days": 30, "notes": "",
        "irpf_pct": "11"
    })
}

/// A company of its own (not the demo, whose runs move with the date) with two employees:
/// Lucía full time since 2024, Pedro at 50 % from 16 April 2026.
fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 6, 15, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    dispatch(
        &app,
        "create_company",
        json!({"name": "Nóminas Pruebas SL", "tax_id": "B12345674", "country": "ES", "address": "Calle Mayor 1",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es", "template": "es-pymes"}),
    )
    .unwrap();
    for e in [
        employee(
            "Lucía Martín",
            "50123456Q",
            "281234567840",
            "2024-02-01",
            "100",
        ),
        employee("Pedro Gil", "87654321X", "281111111189", "2026-04-16", "50"),
    ] {
        dispatch(&app, "save_employee", json!({ "employee": e })).unwrap();
    }
    (dir, app)
}

fn bytes(f: &Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(f["content_base64"].as_str().unwrap())
        .unwrap()
}

fn pdf_text(dir: &std::path::Path, f: &Value) -> String {
    let p = dir.join("r.pdf");
    std::fs::write(&p, bytes(f)).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", p.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8(out.stdout).unwrap()
}

fn fields(r: Result<Value, trastienda_api::ApiError>) -> Vec<String> {
    let e = serde_json::to_value(r.expect_err("refused")).unwrap();
    e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap_or("").to_string())
        .collect()
}

/// "1234.56" as cents (money on the wire always has two decimals).
fn cents(v: &Value) -> i64 {
    v.as_str().unwrap().replace('.', "").parse().unwrap()
}

fn approve(app: &App, month: &str) -> Value {
    let run = dispatch(app, "compute_pay_run", json!({ "month": month })).unwrap();
    dispatch(app, "approve_pay_run", json!({"id": run["id"]})).unwrap()
}

#[test]
fn reports_add_up_and_export_as_csv_and_pdf() {
    let (dir, app) = app();
    let april = approve(&app, "2026-04");
    let may = approve(&app, "2026-05");
    // June stays a draft: not in any report.
    dispatch(&app, "compute_pay_run", json!({"month": "2026-06"})).unwrap();
    let runs_gross = cents(&april["gross"]) + cents(&may["gross"]);

    let s = dispatch(
        &app,
        "payroll_summary",
        json!({"from": "2026-01", "to": "2026-12"}),
    )
    .unwrap();
    assert_eq!(cents(&s["totals"]["gross"]), runs_gross);
    assert_eq!(
        cents(&s["totals"]["employer_cost"]),
        cents(&april["employer_cost"]) + cents(&may["employer_cost"])
    );
    let months: Vec<&str> = s["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2026-04", "2026-05"]);
    let per_employee: i64 = s["employees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| cents(&e["totals"]["gross"]))
        .sum();
    assert_eq!(per_employee, runs_gross);

    // CSV of the summary: one row per employee, per month and the total, as on screen.
    let f = dispatch(
        &app,
        "export_payroll_report",
        json!({"report": "summary", "format": "csv", "from": "2026-01", "to": "2026-12"}),
    )
    .unwrap();
    assert_eq!(f["file_name"], "resumen-nominas-2026-01-2026-12.csv");
    assert_eq!(f["mime"], "text/csv");
    let csv = String::from_utf8(bytes(&f)).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "row,name,nif,month,employees,payslips,gross,employee_ss,irpf,other_deductions,net,employer_ss,employer_cost"
    );
    let n = s["employees"].as_array().unwrap().len();
    assert_eq!(lines.len(), 1 + n + 2 + 1);
    let first = &s["employees"][0];
    assert!(lines[1].starts_with(&format!(
        "employee,{},{},,,{},{},",
        first["name"].as_str().unwrap(),
        first["nif"].as_str().unwrap(),
        first["totals"]["payslips"],
        first["totals"]["gross"].as_str().unwrap()
    )));
    let total = lines.last().unwrap();
    assert!(total.starts_with("total,"), "{total}");
    assert!(total.contains(&format!(",{},", s["totals"]["gross"].as_str().unwrap())));

    // Social Security: both sides, per month.
    let ss = dispatch(&app, "ss_cost", json!({"from": "2026-04", "to": "2026-05"})).unwrap();
    assert_eq!(ss["months"].as_array().unwrap().len(), 2);
    assert_eq!(
        cents(&ss["totals"]["er"]["total"]),
        cents(&s["totals"]["employer_ss"])
    );
    let f = dispatch(
        &app,
        "export_payroll_report",
        json!({"report": "ss_cost", "format": "csv", "from": "2026-04", "to": "2026-05"}),
    )
    .unwrap();
    let csv = String::from_utf8(bytes(&f)).unwrap();
    assert!(csv.starts_with("month,employees,bccc,bccp,ee_cc,"));
    assert!(csv.contains(&format!("\n2026-04,{},", ss["months"][0]["employees"])));
    assert!(csv
        .lines()
        .last()
        .unwrap()
        .ends_with(&format!(",{}", ss["totals"]["total"].as_str().unwrap())));

    // Modelo 111: the second quarter has April, May (June is a draft).
    let q = dispatch(&app, "irpf_withheld", json!({"year": 2026, "quarter": 2})).unwrap();
    assert_eq!(cents(&q["withheld"]), cents(&s["totals"]["irpf"]));
    assert_eq!(q["from"], "2026-04");
    let f = dispatch(
        &app,
        "export_payroll_report",
        json!({"report": "irpf_quarter", "format": "csv", "year": 2026, "quarter": 2}),
    )
    .unwrap();
    assert_eq!(f["file_name"], "modelo-111-2026-2T.csv");
    assert_eq!(
        String::from_utf8(bytes(&f)).unwrap(),
        format!(
            "year,quarter,from,to,recipients,base,withheld,payslips\n2026,2,2026-04,2026-06,{},{},{},{}\n",
            q["recipients"],
            q["base"].as_str().unwrap(),
            q["withheld"].as_str().unwrap(),
            q["payslips"]
        )
    );
    let q1 = dispatch(&app, "irpf_withheld", json!({"year": 2026, "quarter": 1})).unwrap();
    assert_eq!(q1["payslips"], 0);

    // Modelo 190: per employee, adding up to the quarters.
    let y = dispatch(&app, "irpf_annual", json!({"year": 2026})).unwrap();
    assert_eq!(y["withheld"], q["withheld"]);
    let f = dispatch(
        &app,
        "export_payroll_report",
        json!({"report": "irpf_annual", "format": "pdf", "year": 2026, "language": "es"}),
    )
    .unwrap();
    assert_eq!(f["mime"], "application/pdf");
    let text: String = pdf_text(dir.path(), &f).split_whitespace().collect();
    assert!(text.contains("modelo190"), "{text}");
    let row = &y["rows"][0];
    assert!(text.contains(row["nif"].as_str().unwrap()), "{text}");

    // Headcount: twelve months, paid in April and May only; Pedro half time for 15 days in
    // April (1.25 FTE), hired in April.
    let h = dispatch(&app, "headcount", json!({"year": 2026})).unwrap();
    assert_eq!(h["months"].as_array().unwrap().len(), 12);
    assert_eq!(h["months"][3]["employees"], 2);
    assert_eq!(h["months"][3]["fte"], "1.25");
    assert_eq!(h["months"][3]["hires"], 1);
    assert_eq!(h["months"][4]["fte"], "1.50");
    assert_eq!(h["months"][5]["employees"], 0);
    let f = dispatch(
        &app,
        "export_payroll_report",
        json!({"report": "headcount", "format": "csv", "year": 2026}),
    )
    .unwrap();
    let csv = String::from_utf8(bytes(&f)).unwrap();
    assert!(csv.contains(&format!(
        "\n2026-04,{},{},",
        h["months"][3]["employees"],
        h["months"][3]["fte"].as_str().unwrap()
    )));

    // Every report prints.
    for args in [
        json!({"report": "summary", "format": "pdf", "from": "2026-04", "to": "2026-05", "language": "en"}),
        json!({"report": "ss_cost", "format": "pdf", "from": "2026-04", "to": "2026-05"}),
        json!({"report": "irpf_quarter", "format": "pdf", "year": 2026, "quarter": 2}),
        json!({"report": "headcount", "format": "pdf", "year": 2026}),
    ] {
        let f = dispatch(&app, "export_payroll_report", args.clone()).unwrap();
        assert!(bytes(&f).starts_with(b"%PDF"), "{args}");
    }
}

#[test]
fn missing_and_bad_periods_are_named() {
    let (_dir, app) = app();
    assert_eq!(
        fields(dispatch(
            &app,
            "payroll_summary",
            json!({"from": "2026-13", "to": "2026-12"})
        )),
        ["from"]
    );
    assert_eq!(
        fields(dispatch(
            &app,
            "ss_cost",
            json!({"from": "2026-05", "to": "2026-01"})
        )),
        ["to"]
    );
    assert_eq!(
        fields(dispatch(
            &app,
            "irpf_withheld",
            json!({"year": 2026, "quarter": 0})
        )),
        ["quarter"]
    );
    assert_eq!(
        fields(dispatch(
            &app,
            "export_payroll_report",
            json!({"report": "summary", "format": "csv", "from": "2026-01"})
        )),
        ["to"]
    );
    assert_eq!(
        fields(dispatch(
            &app,
            "export_payroll_report",
            json!({"report": "irpf_quarter", "format": "csv", "year": 2026})
        )),
        ["quarter"]
    );
}
