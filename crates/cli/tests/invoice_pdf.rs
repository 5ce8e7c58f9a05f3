//! `trastienda invoice pdf`: an issued invoice written as PDF by number, read back with
//! `pdftotext`; a draft or an unknown number is an error, nothing written.

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
fn an_issued_invoice_is_written_as_pdf_by_number() {
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
            "Ventas PDF SL",
            "--tax-id",
            "B12345674",
        ],
    );
    let (year, draft) = {
        let mut c = Company::open(&file, Utc::now()).unwrap();
        let year = c.fiscal_years().unwrap()[0].year;
        c.execute_raw(
            "INSERT INTO customers (id, legal_name, country, tax_id, address, postal_code, city,
                                    treatment, created_at)
             VALUES (1, 'Cliente Uno SL', 'ES', '87654321X', 'Calle Luna 7', '28004', 'Madrid',
                     'domestic', '2026-01-01')",
        )
        .unwrap();
        let mut ids = Vec::new();
        for day in [10, 11] {
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
                            "Reparación de persianas",
                            Money::parse("2").unwrap().decimal(),
                            Money::parse("100").unwrap(),
                            LineTax::Vat(Money::parse("21").unwrap().decimal()),
                        )],
                    },
                    Utc::now(),
                )
                .unwrap();
            ids.push(d.id);
        }
        c.issue_invoice(ids[0], Utc::now()).unwrap();
        (year, ids[1])
    };
    let number = format!("{year}-0001");
    let out = dir.path().join("factura.pdf");
    let said = ok(
        &data,
        &[
            "invoice",
            "pdf",
            "--company",
            f,
            "--number",
            &number,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(said.contains("factura.pdf"), "{said}");
    let text = Command::new("pdftotext")
        .args(["-layout", out.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    for want in [
        number.as_str(),
        "Ventas PDF SL",
        "B12345674",
        "Cliente Uno SL",
        "87654321X",
        "Calle Luna 7",
        "28004 Madrid",
        "Reparación de persianas",
        "200,00",
        "42,00",
        "242,00",
    ] {
        assert!(text.contains(want), "'{want}' missing:\n{text}");
    }

    // A draft has no PDF; neither has a number that was never issued.
    let other = dir.path().join("draft.pdf");
    let id = draft.to_string();
    for args in [vec!["--id", id.as_str()], vec!["--number", "1999-0001"]] {
        let mut all = vec![
            "invoice",
            "pdf",
            "--company",
            f,
            "--out",
            other.to_str().unwrap(),
        ];
        all.extend(args);
        let r = run(&data, &all);
        assert!(!r.status.success(), "{all:?}");
        assert!(!other.exists());
    }
    let r = run(&data, &["invoice", "pdf", "--company", f, "--out", "x.pdf"]);
    assert!(String::from_utf8_lossy(&r.stderr).contains("--number"));
}
