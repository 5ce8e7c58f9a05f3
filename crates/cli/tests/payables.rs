//! `trastienda payables aging` and `trastienda payment-run` on the demo company: the CSV adds
//! up to the store's aging, the PDF is a PDF, the SEPA file validates against the pain.001
//! schema, a second run does not pay the same bills, `--confirm` records the payments, and a
//! bad date names its field.

use chrono::{Duration, NaiveDate, Utc};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use trastienda_core::Money;
use trastienda_store::{Company, SupplierFilter};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_trastienda"))
            .args(args)
            .env("TRASTIENDA_DATA_DIR", self.path("data"))
            .output()
            .unwrap()
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
    /// A fresh demo company (small ledger; its bills and payments are always made).
    fn demo(&self, name: &str) -> String {
        let file = self.path(name);
        let f = file.to_str().unwrap().to_string();
        self.ok(&["demo", "--company", &f, "--entries", "100"]);
        f
    }
    fn aging_csv(&self, company: &str, as_of: NaiveDate) -> String {
        let out = self.path("aging.csv");
        let _ = std::fs::remove_file(&out);
        self.ok(&[
            "payables",
            "aging",
            "--company",
            company,
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
            "--as-of",
            &as_of.to_string(),
        ]);
        std::fs::read_to_string(out).unwrap()
    }
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// The fields of a CSV record (quotes and doubled quotes handled; no newlines in fields).
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

/// The store's payables aging total on `as_of` (what the api's command returns).
fn store_aging_total(company: &str, as_of: NaiveDate) -> Money {
    let c = Company::open(Path::new(company), Utc::now()).unwrap();
    c.payables_aging(as_of).unwrap().total.total()
}

fn supplier_names(company: &str) -> Vec<String> {
    let c = Company::open(Path::new(company), Utc::now()).unwrap();
    c.list_suppliers(&SupplierFilter {
        page_size: 500,
        ..SupplierFilter::default()
    })
    .unwrap()
    .rows
    .into_iter()
    .map(|r| r.legal_name)
    .collect()
}

/// Each row's name and its total column; the header is checked.
fn csv_rows(csv: &str) -> Vec<(String, Money)> {
    let mut lines = csv.lines();
    let header = fields(lines.next().expect("a header"));
    assert_eq!(
        header,
        ["name", "tax_id", "current", "1-30", "31-60", "61-90", "over_90", "total"],
        "{csv}"
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f = fields(l);
            assert_eq!(f.len(), 8, "{l}");
            let buckets: Money = f[2..7].iter().map(|m| Money::parse(m).unwrap()).sum();
            let total = Money::parse(&f[7]).unwrap();
            assert_eq!(buckets, total, "a row's buckets add up to its total: {l}");
            (f[0].clone(), total)
        })
        .collect()
}

fn xmllint_validates(xml: &Path) {
    let xsd =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/pain.001.001.03.xsd");
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&xsd)
        .arg(xml)
        .output()
        .expect("xmllint is needed to check the SEPA file (apt-get install libxml2-utils)");
    assert!(
        out.status.success(),
        "{} does not validate: {}",
        xml.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn payables_aging_csv_adds_up_to_the_aging_and_names_demo_suppliers_and_the_pdf_is_a_pdf() {
    let env = Env::new();
    let f = env.demo("demo.trastienda");
    let as_of = today();
    let rows = csv_rows(&env.aging_csv(&f, as_of));
    assert!(!rows.is_empty(), "the demo owes its suppliers something");
    let names = supplier_names(&f);
    for (name, _) in &rows {
        assert!(
            names.contains(name),
            "{name:?} is not a demo supplier ({names:?})"
        );
    }
    let total: Money = rows.iter().map(|r| r.1).sum();
    assert!(total > Money::ZERO, "{total}");
    assert_eq!(total, store_aging_total(&f, as_of));

    let pdf = env.path("aging.pdf");
    let msg = env.ok(&[
        "payables",
        "aging",
        "--company",
        &f,
        "--format",
        "pdf",
        "--out",
        pdf.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(msg.contains("wrote"), "{msg}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
}

#[test]
fn a_payment_run_writes_a_valid_sepa_file_pays_nothing_until_confirmed_and_not_twice() {
    let env = Env::new();
    let f = env.demo("demo.trastienda");
    let until = (today() + Duration::days(60)).to_string();
    let before = store_aging_total(&f, today());

    let xml = env.path("run.xml");
    let msg = env.ok(&[
        "payment-run",
        "--company",
        &f,
        "--until",
        &until,
        "--out",
        xml.to_str().unwrap(),
    ]);
    assert!(msg.contains("not paid yet"), "{msg}");
    assert!(!msg.contains("confirmed:"), "{msg}");
    let text = std::fs::read_to_string(&xml).unwrap();
    assert!(text.contains("<CstmrCdtTrfInitn>"), "{text}");
    xmllint_validates(&xml);
    // Nothing is paid: the aging is what it was.
    assert_eq!(store_aging_total(&f, today()), before);

    // Again without --confirm: the bills are in the run waiting for confirmation, so nothing
    // else can be paid; it fails, names `until`, and writes no file.
    let again = env.path("again.xml");
    let out = env.run(&[
        "payment-run",
        "--company",
        &f,
        "--until",
        &until,
        "--out",
        again.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "a second run of the same bills: {err}"
    );
    assert!(
        err.contains("until") && err.contains("already in a payment run waiting for confirmation"),
        "{err}"
    );
    assert!(!again.exists(), "no file for a run that was refused");
    // Nor with --confirm: a new run is prepared (and refused), the waiting one is not paid.
    let out = env.run(&[
        "payment-run",
        "--company",
        &f,
        "--until",
        &until,
        "--out",
        again.to_str().unwrap(),
        "--confirm",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("already in a payment run"), "{err}");
    assert_eq!(store_aging_total(&f, today()), before);

    // The waiting run is confirmed by its number, as the first answer said (regression: it
    // used to advise a --confirm that could only be refused).
    let id = msg
        .split("--confirm-run ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .expect("the answer names how to confirm the run")
        .to_string();
    let done = env.ok(&["payment-run", "--company", &f, "--confirm-run", &id]);
    assert!(done.contains("confirmed"), "{done}");
    assert!(
        store_aging_total(&f, today()) < before,
        "the confirmed run paid nothing"
    );
    // A closed run is closed.
    let out = env.run(&["payment-run", "--company", &f, "--cancel-run", &id]);
    assert!(!out.status.success());
}

#[test]
fn payment_run_confirm_records_the_payments() {
    let env = Env::new();
    let f = env.demo("demo.trastienda");
    let until = (today() + Duration::days(60)).to_string();
    let before = store_aging_total(&f, today());
    let xml = env.path("run.xml");
    let msg = env.ok(&[
        "payment-run",
        "--company",
        &f,
        "--until",
        &until,
        "--out",
        xml.to_str().unwrap(),
        "--confirm",
    ]);
    assert!(msg.contains("confirmed:"), "{msg}");
    assert!(!msg.contains("not paid yet"), "{msg}");
    xmllint_validates(&xml);
    let after = store_aging_total(&f, today());
    assert!(after < before, "paid: {before} -> {after}");
    // The CSV says the same.
    let rows = csv_rows(&env.aging_csv(&f, today()));
    assert_eq!(rows.iter().map(|r| r.1).sum::<Money>(), after);
}

#[test]
fn a_bad_until_date_is_refused_naming_until() {
    let env = Env::new();
    let f = env.demo("demo.trastienda");
    let xml = env.path("run.xml");
    let out = env.run(&[
        "payment-run",
        "--company",
        &f,
        "--until",
        "2026-13-40",
        "--out",
        xml.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("until"), "{err}");
    assert!(!xml.exists());
}
