//! Pay runs through the command table, as the UI calls them: the demo's employees' month
//! computed, a payslip reviewed (overtime), approved, its PDF showing every block of the
//! official model, the run's CSV, paid with a SEPA file valid against pain.001.001.03; a
//! month approved twice and a year without rates refused by name.

use base64::Engine;
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use trastienda_api::{dispatch, App, AppConfig};

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 6, 15, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    dispatch(&app, "open_demo_company", json!({})).unwrap();
    (dir, app)
}

fn bytes(f: &Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(f["content_base64"].as_str().unwrap())
        .unwrap()
}

fn pdf_text(dir: &std::path::Path, f: &Value) -> String {
    let p = dir.join("p.pdf");
    std::fs::write(&p, bytes(f)).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", p.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8(out.stdout).unwrap()
}

fn err(r: Result<Value, trastienda_api::ApiError>) -> Value {
    serde_json::to_value(r.expect_err("refused")).unwrap()
}

#[test]
fn a_month_is_computed_reviewed_approved_printed_and_paid() {
    let (dir, app) = app();
    let run = dispatch(&app, "compute_pay_run", json!({"month": "2026-06"})).unwrap();
    assert_eq!(run["state"], "draft");
    let slips = run["payslips"].as_array().unwrap();
    assert!(slips.len() >= 3, "{} payslips", slips.len());
    for s in slips {
        assert!(
            s["gross"].as_str().unwrap().contains('.'),
            "money is a decimal string"
        );
    }
    // Review: overtime on the first payslip.
    let first = &slips[0];
    let adj = dispatch(
        &app,
        "adjust_payslip",
        json!({"payslip_id": first["id"], "lines": [
            {"kind": "salary", "code": "overtime", "label": "Horas extraordinarias", "amount": "90.00"}
        ]}),
    )
    .unwrap();
    assert_eq!(adj["overtime_base"], "90.00");
    assert!(adj["lines"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["manual"] == true));
    let e = err(dispatch(
        &app,
        "adjust_payslip",
        json!({"payslip_id": adj["id"], "lines": [{"kind": "bonus", "code": "x", "label": "x", "amount": "-1"}]}),
    ));
    let fields: Vec<&str> = e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap_or(""))
        .collect();
    assert!(
        fields.contains(&"kind") && fields.contains(&"amount"),
        "{e}"
    );

    let run = dispatch(&app, "approve_pay_run", json!({"id": run["id"]})).unwrap();
    assert_eq!(run["state"], "approved");
    assert!(run["entry_id"].is_i64());
    let e = err(dispatch(
        &app,
        "compute_pay_run",
        json!({"month": "2026-06"}),
    ));
    assert_eq!(e["problems"][0]["field"], "month", "{e}");

    // The payslip as the official model prints it.
    let slip = &run["payslips"][0];
    let pdf = dispatch(&app, "payslip_pdf", json!({"id": slip["id"]})).unwrap();
    let text = pdf_text(dir.path(), &pdf);
    for want in [
        "RECIBO INDIVIDUAL JUSTIFICATIVO DEL PAGO DE SALARIOS",
        "PERIODO DE LIQUIDACI",
        "DEVENGOS",
        "DEDUCCIONES",
        "TOTAL DEVENGADO",
        "TOTAL A DEDUCIR",
        "QUIDO TOTAL A PERCIBIR",
        "DETERMINACI",
        "Contingencias comunes",
        "Horas extraordinarias",
        slip["employee_nif"].as_str().unwrap(),
    ] {
        assert!(
            text.contains(want),
            "the payslip does not show {want:?}:\n{text}"
        );
    }
    // The payslip is archived as printed at approval: a later change of the company's
    // Social Security code does not reach it.
    assert!(text.contains("28123456789"), "{text}");
    dispatch(
        &app,
        "set_payroll_settings",
        json!({"atep_rate": "1.50", "ss_employer_code": "28999999999", "hide_salaries": false}),
    )
    .unwrap();
    let again = pdf_text(
        dir.path(),
        &dispatch(&app, "payslip_pdf", json!({"id": slip["id"]})).unwrap(),
    );
    assert!(
        again.contains("28123456789") && !again.contains("28999999999"),
        "{again}"
    );
    let all = dispatch(&app, "pay_run_pdf", json!({"id": run["id"]})).unwrap();
    assert!(bytes(&all).starts_with(b"%PDF"));
    let csv = String::from_utf8(bytes(
        &dispatch(&app, "pay_run_csv", json!({"id": run["id"]})).unwrap(),
    ))
    .unwrap();
    assert!(
        csv.starts_with("nif,name,month,days,gross,bccc,bccp,ee_cc"),
        "{csv}"
    );
    assert_eq!(
        csv.lines().count(),
        run["payslips"].as_array().unwrap().len() + 1
    );

    // Paid: the SEPA file is valid.
    let paid = dispatch(
        &app,
        "pay_pay_run",
        json!({"id": run["id"], "date": "2026-06-15"}),
    )
    .unwrap();
    assert_eq!(paid["run"]["state"], "paid");
    let xml = dir.path().join("nominas.xml");
    std::fs::write(&xml, bytes(&paid["file"])).unwrap();
    let xsd = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/fixtures/pain.001.001.03.xsd"
    );
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema", xsd, xml.to_str().unwrap()])
        .output()
        .expect("xmllint (Debian's libxml2-utils, installed by scripts/setup-system.sh)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_year_without_rates_and_a_bad_month_are_named() {
    let (_d, app) = app();
    let e = err(dispatch(
        &app,
        "compute_pay_run",
        json!({"month": "2031-01"}),
    ));
    assert_eq!(e["problems"][0]["field"], "month", "{e}");
    assert!(
        e["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("2031"),
        "{e}"
    );
    let e = err(dispatch(&app, "compute_pay_run", json!({"month": "mayo"})));
    assert_eq!(e["problems"][0]["field"], "month", "{e}");
    let rates = dispatch(&app, "payroll_rates", json!({"year": 2026})).unwrap();
    assert!(rates
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["key"] == "ee_cc" && r["value"] == "4.70"));
}

#[test]
fn a_settlement_is_computed_by_cause_and_printed() {
    let (dir, app) = app();
    let list = dispatch(&app, "list_employees", json!({})).unwrap();
    let rows = list["rows"].as_array().or(list.as_array()).unwrap().clone();
    let id = rows[0]["id"].as_i64().unwrap();
    let objective = dispatch(
        &app,
        "settlement_preview",
        json!({"employee_id": id, "date": "2026-06-15", "cause": "objective"}),
    )
    .unwrap();
    let codes: Vec<&str> = objective["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"severance") && codes.contains(&"salary"),
        "{objective}"
    );
    let quit = dispatch(
        &app,
        "settlement_preview",
        json!({"employee_id": id, "date": "2026-06-15", "cause": "voluntary"}),
    )
    .unwrap();
    assert!(!quit["lines"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["code"] == "severance"));
    assert_ne!(objective["total"], quit["total"]);
    let e = err(dispatch(
        &app,
        "settlement_preview",
        json!({"employee_id": id, "cause": "despido"}),
    ));
    assert_eq!(e["problems"][0]["field"], "cause", "{e}");
    let pdf = dispatch(
        &app,
        "settlement_pdf",
        json!({"employee_id": id, "date": "2026-06-15", "cause": "objective"}),
    )
    .unwrap();
    let text = pdf_text(dir.path(), &pdf);
    assert!(
        text.contains("finiquito") && text.contains("Despido objetivo"),
        "{text}"
    );
}
