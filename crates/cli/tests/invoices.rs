//! `trastienda invoice list|show` and `trastienda verify invoices` on a company with issued
//! invoices; a tampered register record makes verify fail, naming it.

use chrono::{NaiveDate, Utc};
use std::path::Path;
use std::process::{Command, Output};
use trastienda_core::invoice::LineTax;
use trastienda_core::{InvoiceLine, Money};
use trastienda_store::{Company, DocKind, InvoiceInput};

fn run(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trastienda"))
        .args(args)
        .env("TRASTIENDA_DATA_DIR", data)
        .output()
        .unwrap()
}

fn ok(data: &Path, args: &[&str]) -> String {
    let out = run(data, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn invoices_are_listed_shown_and_their_register_verified() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("ventas.trastienda");
    let f = file.to_str().unwrap();
    ok(
        &data,
        &[
            "init",
            "--company",
            f,
            "--name",
            "Ventas SL",
            "--tax-id",
            "B12345674",
        ],
    );
    // Two invoices in the company's first fiscal year (the year it was created in).
    let year = {
        let mut c = Company::open(&file, Utc::now()).unwrap();
        let year = c.fiscal_years().unwrap()[0].year;
        c.execute_raw(
            "INSERT INTO customers (id, legal_name, country, tax_id, treatment, created_at)
             VALUES (1, 'Cliente Uno SL', 'ES', '87654321X', 'domestic', '2026-01-01')",
        )
        .unwrap();
        for (day, price) in [(10, "100"), (11, "50")] {
            let d = c
                .save_invoice_draft(
                    None,
                    &InvoiceInput {
                        kind: DocKind::Invoice,
                        issue_date: NaiveDate::from_ymd_opt(year, 2, day).unwrap(),
                        operation_date: None,
                        customer_id: Some(1),
                        prices_include_vat: false,
                        withholding: None,
                        notes: String::new(),
                        lines: vec![InvoiceLine::new(
                            "Servicio",
                            Money::parse("1").unwrap().decimal(),
                            Money::parse(price).unwrap(),
                            LineTax::Vat(Money::parse("21").unwrap().decimal()),
                        )],
                    },
                    Utc::now(),
                )
                .unwrap();
            c.issue_invoice(d.id, Utc::now()).unwrap();
        }
        year
    };
    let first = format!("{year}-0001");
    let second = format!("{year}-0002");
    let list = ok(&data, &["invoice", "list", "--company", f]);
    assert!(list.contains(&first) && list.contains(&second), "{list}");
    assert!(list.contains("121.00") && list.contains("60.50"), "{list}");
    let show = ok(
        &data,
        &["invoice", "show", "--company", f, "--number", &first],
    );
    assert!(
        show.starts_with(&format!("Factura {first} (issued")),
        "{show}"
    );
    assert!(show.contains("Cliente Uno SL ES 87654321X"), "{show}");
    assert!(
        show.contains("tax 21: base 100.00, VAT 21 %: 21.00"),
        "{show}"
    );
    assert!(show.contains("total:             121.00"), "{show}");
    let v = ok(&data, &["verify", "invoices", "--company", f]);
    assert!(v.contains("invoice register ok (2 records"), "{v}");
    // An unknown number is an error, not an empty page.
    let out = run(
        &data,
        &["invoice", "show", "--company", f, "--number", "1999-0001"],
    );
    assert!(!out.status.success());

    // Tamper with the first record's total behind the app's back.
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute_batch(
        "DROP TRIGGER invoice_register_no_update;
         UPDATE invoice_register SET total_amount = '1.00' WHERE id = 1;",
    )
    .unwrap();
    drop(conn);
    let out = run(&data, &["verify", "invoices", "--company", f]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "register record 1 (invoice {first}) no longer matches its fingerprint"
        )),
        "{err}"
    );
    // The full verify says so too.
    let out = run(&data, &["verify", "--company", f]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("invoice register"));
}
