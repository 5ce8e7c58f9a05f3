//! Regressions found by fuzzing the importers (`bench/fuzz.sh`, `fuzz/`): each asserts the
//! specific answer a bad file now gets. The inputs are also kept in `fuzz/regressions/`.

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use trastienda_api::{dispatch, App, AppConfig};

fn company() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    dispatch(
        &app,
        "create_company",
        json!({"name": "Regresiones SL", "tax_id": "B12345674", "country": "ES", "address": "",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es",
               "template": "es-pymes"}),
    )
    .unwrap();
    (dir, app)
}

fn import_opening(app: &App, csv: &str) -> Value {
    let e = dispatch(
        app,
        "import_opening_balances",
        json!({"date": "2026-01-01", "csv": csv}),
    )
    .expect_err("the file is refused");
    serde_json::to_value(e).unwrap()
}

/// The opening-balance import gave its problems the file's rows but left the message saying
/// the entry's line numbers ("row 1" for the file's row 2).
#[test]
fn opening_balance_messages_name_the_files_rows() {
    let (_d, app) = company();
    let e = import_opening(&app, "account,debit,credit\n5720001,10,10\n\n100,-5,\n");
    assert_eq!(
        e["message"],
        "row 2: credit: a line has a debit or a credit, not both; \
         row 4: debit: amounts are positive; put a negative debit in the credit column"
    );
    assert_eq!(e["problems"][0]["row"], 2);
    assert_eq!(e["problems"][1]["row"], 4);
}

/// A missing header named a field but no row; like the journal import, it is row 1.
#[test]
fn an_opening_balance_file_without_its_header_is_refused_at_row_1() {
    let (_d, app) = company();
    for csv in ["", "cuenta;debe;haber\n5720001;10;\n"] {
        let e = import_opening(&app, csv);
        assert_eq!(
            e["message"],
            "row 1: account,debit,credit: the header must be account,debit,credit; \
             missing: account, debit, credit"
        );
        assert_eq!(e["problems"][0]["row"], 1);
        assert_eq!(e["problems"][0]["code"], "missing_column");
    }
}
