//! HR records through the command table, as the UI calls them: the vacation balance drops by
//! the days of a vacation, an overlapping leave is refused naming the other, problems name
//! their field, candidates move through their statuses.

use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::{json, Value};
use trastienda_api::{dispatch, App, AppConfig};
use trastienda_core::Money;
use trastienda_store::EmployeeInput;

fn app() -> (tempfile::TempDir, App, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    dispatch(
        &app,
        "create_company",
        json!({"name": "Personal SL", "tax_id": "B12345674", "country": "ES", "address": "",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es", "template": "es-pymes"}),
    )
    .unwrap();
    let now = app.now();
    let id = app
        .with_company(|c| {
            Ok(c.save_employee(
                None,
                &EmployeeInput {
                    nif: "12345678Z".into(),
                    name: "Lucía Martín Gómez".into(),
                    ss_number: "281234567840".into(),
                    start_date: NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
                    cotization_group: 5,
                    base_salary: Money::parse("1850.00").unwrap(),
                    ..EmployeeInput::default()
                },
                now,
            )?
            .id)
        })
        .unwrap();
    (dir, app, id)
}

fn err(r: Result<Value, trastienda_api::ApiError>) -> Value {
    serde_json::to_value(r.expect_err("should fail")).unwrap()
}

fn fields_of(e: &Value) -> Vec<String> {
    let mut v: Vec<String> = e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap_or("").to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn leave_and_the_vacation_balance() {
    let (_d, app, e) = app();
    // Hired 1 July 2026: 184 of 365 days, 30 × 184 / 365 = 15.12; this year by default.
    let b = dispatch(&app, "vacation_balance", json!({"employee_id": e})).unwrap();
    assert_eq!(
        (&b["year"], &b["entitlement"], &b["taken"], &b["remaining"]),
        (&json!(2026), &json!("15.12"), &json!(0), &json!("15.12"))
    );
    let l = dispatch(
        &app,
        "save_leave",
        json!({"employee_id": e, "leave": {"kind": "vacation", "start_date": "2026-08-03",
               "end_date": "2026-08-07", "note": "Verano"}}),
    )
    .unwrap();
    assert_eq!(l["days"], 5);
    let b = dispatch(
        &app,
        "vacation_balance",
        json!({"employee_id": e, "year": 2026}),
    )
    .unwrap();
    assert_eq!((&b["taken"], &b["remaining"]), (&json!(5), &json!("10.12")));

    let x = err(dispatch(
        &app,
        "save_leave",
        json!({"employee_id": e, "leave": {"kind": "sick", "start_date": "2026-08-06",
               "end_date": "2026-08-09"}}),
    ));
    assert_eq!(fields_of(&x), vec!["start_date"]);
    let msg = x["problems"][0]["message"].as_str().unwrap();
    assert!(
        msg.contains("2026-08-03") && msg.contains("2026-08-07"),
        "{msg}"
    );

    let x = err(dispatch(
        &app,
        "save_leave",
        json!({"employee_id": e, "leave": {"kind": "nap", "start_date": "2026-02-30",
               "end_date": "nope"}}),
    ));
    assert_eq!(fields_of(&x), vec!["end_date", "start_date"]);
    let rows = dispatch(&app, "list_leave", json!({"employee_id": e})).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    dispatch(&app, "delete_leave", json!({"id": l["id"]})).unwrap();
    let b = dispatch(&app, "vacation_balance", json!({"employee_id": e})).unwrap();
    assert_eq!(b["taken"], 0);
}

#[test]
fn trainings_reviews_benefits() {
    let (_d, app, e) = app();
    let t = dispatch(
        &app,
        "save_training",
        json!({"employee_id": e, "training": {"course": "Prevención de riesgos", "hours": "7.50",
               "date": "2026-09-15"}}),
    )
    .unwrap();
    assert_eq!(t["fields"]["hours"], "7.5");
    let x = err(dispatch(
        &app,
        "save_training",
        json!({"employee_id": e, "training": {"course": "", "hours": "-1", "date": "2026-09-15"}}),
    ));
    assert_eq!(fields_of(&x), vec!["course", "hours"]);
    let r = dispatch(
        &app,
        "save_review",
        json!({"employee_id": e, "review": {"date": "2026-12-15", "reviewer": "Ana Ruiz",
               "score": 4, "comments": "Buen semestre"}}),
    )
    .unwrap();
    assert_eq!(r["fields"]["score"], 4);
    let x = err(dispatch(
        &app,
        "save_review",
        json!({"employee_id": e, "review": {"date": "2026-12-15", "score": 7}}),
    ));
    assert_eq!(fields_of(&x), vec!["score"]);
    let b = dispatch(
        &app,
        "save_benefit",
        json!({"employee_id": e, "benefit": {"description": "Seguro médico", "amount": "45",
               "start_date": "2026-07-01"}}),
    )
    .unwrap();
    assert_eq!(b["fields"]["amount"], "45.00");
    let x = err(dispatch(
        &app,
        "save_benefit",
        json!({"employee_id": e, "benefit": {"description": "x", "amount": "doce"}}),
    ));
    assert_eq!(fields_of(&x), vec!["amount"]);
    for cmd in ["list_trainings", "list_reviews", "list_benefits"] {
        let rows = dispatch(&app, cmd, json!({"employee_id": e})).unwrap();
        assert_eq!(rows.as_array().unwrap().len(), 1, "{cmd}");
    }
    let x = err(dispatch(&app, "list_reviews", json!({"employee_id": 999})));
    assert_eq!(x["code"], "not_found");
}

#[test]
fn candidates_pipeline() {
    let (_d, app, _) = app();
    let c = dispatch(
        &app,
        "save_candidate",
        json!({"candidate": {"name": "Pablo Sanz", "position": "Dependiente", "status": "new",
               "email": "pablo@example.com"}}),
    )
    .unwrap();
    let id = c["id"].as_i64().unwrap();
    let c = dispatch(
        &app,
        "set_candidate_status",
        json!({"id": id, "status": "interview"}),
    )
    .unwrap();
    assert_eq!(c["fields"]["status"], "interview");
    let list = dispatch(&app, "list_candidates", json!({"status": "interview"})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let list = dispatch(&app, "list_candidates", json!({})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let x = err(dispatch(
        &app,
        "save_candidate",
        json!({"candidate": {"name": "", "status": "maybe"}}),
    ));
    assert_eq!(fields_of(&x), vec!["name", "status"]);
    dispatch(&app, "delete_candidate", json!({"id": id})).unwrap();
    let list = dispatch(&app, "list_candidates", json!({})).unwrap();
    assert!(list.as_array().unwrap().is_empty());
}
