//! Employees through the command table, as the UI calls them: problems name their field (and
//! row and column, in an import), IRPF history and termination, hidden salaries in lists,
//! the CSV round-trips into a fresh company, one employee's data export, the demo's staff.

use base64::Engine;
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use trastienda_api::employees::{parse_employees_csv, CSV_HEADER};
use trastienda_api::{dispatch, App, AppConfig};

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    dispatch(
        &app,
        "create_company",
        json!({"name": "Nóminas SL", "tax_id": "B12345674", "country": "ES", "address": "",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es", "template": "es-pymes"}),
    )
    .unwrap();
    (dir, app)
}

fn fields(name: &str, nif: &str, ss: &str) -> Value {
    json!({
        "nif": nif, "name": name, "ss_number": ss, "birth_date": "1985-04-12",
        "address": "Calle Mayor 1, Madrid", "iban": "ES91 2100 0418 4502 0005 1332",
        "email": "persona@example.com", "phone": null, "contract_type": "indefinido",
        "start_date": "2024-02-01", "end_date": null, "part_time_pct": "100",
        "job_title": "Dependiente", "category": "", "cotization_group": 7, "agreement": "",
        "base_salary": "1650.00", "complement": "120.00", "allowance": "0", "in_kind": "0",
        "payments": 14, "prorate_extras": false, "vacation_days": 30, "notes": "",
        "irpf_pct": "11"
    })
}

fn err(r: Result<Value, trastienda_api::ApiError>) -> Value {
    serde_json::to_value(r.expect_err("should fail")).unwrap()
}

fn problem_fields(e: &Value) -> Vec<(Option<u64>, String)> {
    let mut v: Vec<(Option<u64>, String)> = e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["row"].as_u64(),
                p["field"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

fn csv_of(app: &App) -> String {
    let f = dispatch(app, "export_employees", json!({})).unwrap();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(f["content_base64"].as_str().unwrap())
        .unwrap();
    String::from_utf8(bytes).unwrap()
}

#[test]
fn save_show_irpf_terminate_and_reinstate() {
    let (_d, app) = app();
    let mut f = fields("Lucía Martín", "50123456Q", "28/12345678/41");
    f["start_date"] = json!("2024-13-01");
    f["base_salary"] = json!("mil");
    let e = err(dispatch(&app, "save_employee", json!({ "employee": f })));
    assert_eq!(
        problem_fields(&e),
        vec![
            (None, "base_salary".into()),
            (None, "ss_number".into()),
            (None, "start_date".into())
        ]
    );
    let f = fields("Lucía Martín", "50123456Q", "28/12345678/40");
    let saved = dispatch(&app, "save_employee", json!({ "employee": f })).unwrap();
    let id = saved["id"].as_i64().unwrap();
    assert_eq!(saved["fields"]["ss_number"], "281234567840");
    assert_eq!(saved["current_irpf"], "11");
    let e = dispatch(
        &app,
        "set_employee_irpf",
        json!({"id": id, "from_date": "2026-01-01", "pct": "13"}),
    )
    .unwrap();
    assert_eq!(e["current_irpf"], "13");
    dispatch(
        &app,
        "set_employee_irpf",
        json!({"id": id, "from_date": "2026-06-01", "pct": "15"}),
    )
    .unwrap();
    let got = dispatch(&app, "get_employee", json!({"id": id})).unwrap();
    // Today (2026-03-01) the January rate applies; the June one is in the history.
    assert_eq!(got["current_irpf"], "13");
    assert_eq!(got["irpf_history"].as_array().unwrap().len(), 3);
    let e = err(dispatch(
        &app,
        "set_employee_irpf",
        json!({"id": id, "from_date": "2026-02-30", "pct": "13"}),
    ));
    assert_eq!(problem_fields(&e), vec![(None, "from_date".into())]);

    let e = err(dispatch(
        &app,
        "terminate_employee",
        json!({"id": id, "date": "2026-02-28", "cause": "aburrimiento"}),
    ));
    assert_eq!(problem_fields(&e), vec![(None, "termination_cause".into())]);
    let t = dispatch(
        &app,
        "terminate_employee",
        json!({"id": id, "date": "2026-02-28", "cause": "voluntary"}),
    )
    .unwrap();
    assert_eq!(t["termination_cause"], "voluntary");
    let l = dispatch(&app, "list_employees", json!({"status": "active"})).unwrap();
    assert!(l["rows"].as_array().unwrap().is_empty());
    let l = dispatch(&app, "list_employees", json!({"status": "terminated"})).unwrap();
    assert_eq!(l["rows"].as_array().unwrap().len(), 1);
    dispatch(&app, "reinstate_employee", json!({"id": id})).unwrap();
    let l = dispatch(
        &app,
        "list_employees",
        json!({"status": "active", "query": "lucía"}),
    )
    .unwrap();
    assert_eq!(l["rows"][0]["irpf_pct"], "13");
    assert_eq!(l["rows"][0]["base_salary"], "1650.00");

    // One employee's data, for an access request: details, IRPF history, changes.
    let x = dispatch(&app, "employee_data_export", json!({"id": id})).unwrap();
    assert_eq!(x["file_name"], "empleado-50123456Q.json");
    let doc: Value = serde_json::from_slice(
        &base64::engine::general_purpose::STANDARD
            .decode(x["content_base64"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(doc["employee"]["fields"]["nif"], "50123456Q");
    assert_eq!(doc["employee"]["irpf_history"].as_array().unwrap().len(), 3);
    let actions: Vec<&str> = doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        vec!["create", "irpf", "irpf", "terminate", "reinstate"]
    );
}

#[test]
fn hidden_salaries_are_null_in_lists_but_not_on_the_card() {
    let (_d, app) = app();
    let saved = dispatch(
        &app,
        "save_employee",
        json!({ "employee": fields("Lucía", "50123456Q", "281234567840") }),
    )
    .unwrap();
    let e = err(dispatch(
        &app,
        "set_payroll_settings",
        json!({"atep_rate": "11", "ss_employer_code": null, "hide_salaries": true}),
    ));
    assert_eq!(problem_fields(&e), vec![(None, "atep_rate".into())]);
    let s = dispatch(
        &app,
        "set_payroll_settings",
        json!({"atep_rate": "1.5", "ss_employer_code": "28 123456789", "hide_salaries": true}),
    )
    .unwrap();
    assert_eq!(s["atep_rate"], "1.50");
    assert_eq!(s["ss_employer_code"], "28123456789");
    let l = dispatch(&app, "list_employees", json!({})).unwrap();
    assert_eq!(l["salaries_hidden"], true);
    assert_eq!(l["rows"][0]["base_salary"], Value::Null);
    assert_eq!(l["rows"][0]["complement"], Value::Null);
    let card = dispatch(&app, "get_employee", json!({"id": saved["id"]})).unwrap();
    assert_eq!(card["fields"]["base_salary"], "1650.00");
    assert_eq!(
        dispatch(&app, "payroll_settings", json!({})).unwrap()["hide_salaries"],
        true
    );
}

const GOOD_CSV: &str = "\
name,nif,ss_number,birth_date,iban,contract_type,start_date,end_date,part_time_pct,group,base_salary,complement,payments,prorate_extras,irpf_pct,email,job_title
Lucía Martín Gómez,50123456Q,28 12345678 40,1988-04-12,ES9121000418450200051332,indefinido,2021-03-01,,100,7,1650.00,120.00,14,no,11,lucia@example.com,Dependienta
Marta Sánchez López,02345678T,46/01234567/52,2001-06-21,,temporal,2026-06-01,2027-05-31,50,9,700,0,14,yes,2,,Auxiliar
";

#[test]
fn a_csv_import_is_all_or_nothing_with_line_and_column() {
    let (_d, app) = app();
    let bad = "\
nif,name,ss_number,birth_date,iban,contract_type,start_date,end_date,part_time_pct,group,base_salary,complement,payments,prorate_extras,irpf_pct
50123456Q,Lucía,281234567840,1988-04-12,,indefinido,2021-03-01,,100,7,1650.00,0,14,no,11
02345678T,Marta,460123456753,2001-06-21,,eventual,2026-06-01,2026-05-31,0,12,1.000,x,13,quizá,70
50123456Q,Otra,281020304035,,,temporal,2021-03-01,,100,7,1000,0,14,no,
";
    let e = err(dispatch(&app, "import_employees", json!({"csv": bad})));
    let got = problem_fields(&e);
    for want in [
        (Some(3), "ss_number"),
        (Some(3), "contract_type"),
        (Some(3), "end_date"),
        (Some(3), "part_time_pct"),
        (Some(3), "group"),
        (Some(3), "complement"),
        (Some(3), "payments"),
        (Some(3), "prorate_extras"),
        (Some(3), "irpf_pct"),
    ] {
        assert!(
            got.contains(&(want.0, want.1.to_string())),
            "{want:?} missing in {got:?}"
        );
    }
    assert!(e["message"].as_str().unwrap().contains("row 3: ss_number"));
    // The file's own duplicate NIF shows once the rows are otherwise right.
    let dup = "nif,name,ss_number,contract_type,start_date,group,base_salary\n\
50123456Q,Lucía,281234567840,indefinido,2021-03-01,7,1650\n\
50123456Q,Otra,281020304035,temporal,2021-03-01,7,1000\n";
    let e = err(dispatch(&app, "import_employees", json!({"csv": dup})));
    assert_eq!(problem_fields(&e), vec![(Some(3), "nif".into())]);
    // A header without a required column.
    let e = err(dispatch(
        &app,
        "import_employees",
        json!({"csv": "nif,name\n50123456Q,Lucía\n"}),
    ));
    assert!(problem_fields(&e).contains(&(Some(1), "ss_number".into())));
    assert!(dispatch(&app, "list_employees", json!({})).unwrap()["rows"]
        .as_array()
        .unwrap()
        .is_empty());

    let r = dispatch(
        &app,
        "import_employees",
        json!({"csv": GOOD_CSV, "file_name": "nominas.csv"}),
    )
    .unwrap();
    assert_eq!(r["imported"], 2);
    let l = dispatch(&app, "list_employees", json!({})).unwrap();
    assert_eq!(l["rows"].as_array().unwrap().len(), 2);
    // Importing the same again: every NIF is already there.
    let e = err(dispatch(&app, "import_employees", json!({"csv": GOOD_CSV})));
    assert_eq!(
        problem_fields(&e),
        vec![(Some(2), "nif".into()), (Some(3), "nif".into())]
    );
}

#[test]
fn the_export_reimports_into_a_fresh_company_as_the_same_employees() {
    let (_d, app) = app();
    dispatch(&app, "open_demo_company", json!({})).unwrap();
    let csv = csv_of(&app);
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.contains(&CSV_HEADER.join(",")));
    let demo: Vec<Value> = dispatch(&app, "list_employees", json!({})).unwrap()["rows"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(demo.len(), 4);
    let cards = |app: &App, rows: &[Value]| -> Vec<Value> {
        rows.iter()
            .map(|r| {
                let mut c = dispatch(app, "get_employee", json!({"id": r["id"]})).unwrap();
                c["fields"]["irpf_pct"] = c["current_irpf"].clone();
                c["fields"].clone()
            })
            .collect()
    };
    let before = cards(&app, &demo);

    let (_d2, fresh) = self::app();
    let r = dispatch(&fresh, "import_employees", json!({"csv": csv})).unwrap();
    assert_eq!(r["imported"], 4);
    let rows: Vec<Value> = dispatch(&fresh, "list_employees", json!({})).unwrap()["rows"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(cards(&fresh, &rows), before);
    assert_eq!(csv_of(&fresh), csv);
}

#[test]
fn the_demo_has_four_employees_one_above_the_maximum_base() {
    let (_d, app) = app();
    dispatch(&app, "open_demo_company", json!({})).unwrap();
    let l = dispatch(&app, "list_employees", json!({})).unwrap();
    let rows = l["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    let kinds: Vec<(&str, &str, i64)> = rows
        .iter()
        .map(|r| {
            (
                r["contract_type"].as_str().unwrap(),
                r["part_time_pct"].as_str().unwrap(),
                r["payments"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(kinds.contains(&("temporal", "50", 14)));
    // Above the 2025 maximum base (4 909.50 a month).
    assert!(rows
        .iter()
        .any(|r| r["base_salary"].as_str().unwrap().parse::<f64>().unwrap() > 4909.5));
    let s = dispatch(&app, "payroll_settings", json!({})).unwrap();
    assert_eq!(s["ss_employer_code"], "28123456789");
}

#[test]
fn the_reader_never_panics_on_junk() {
    for junk in [
        "",
        "\u{feff}",
        "nif\n",
        "nif,name,ss_number,contract_type,start_date,group,base_salary\n,,,,,,\n\"unclosed",
        "nif,nif\n",
        "a,b,c\n1,2,3,4\n",
    ] {
        let _ = parse_employees_csv(junk.as_bytes());
    }
}
