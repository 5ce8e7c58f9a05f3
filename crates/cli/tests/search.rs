//! `trastienda search --company FILE TEXT...` on the demo company: a customer found by part of
//! its name without accents, printed under its kind's heading with its id; an invoice by its
//! number; nothing for punctuation, never an error.

use std::path::PathBuf;
use std::process::{Command, Output};

fn run(data: &PathBuf, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trastienda"))
        .args(args)
        .env("TRASTIENDA_DATA_DIR", data)
        .output()
        .unwrap()
}

fn ok(data: &PathBuf, args: &[&str]) -> String {
    let out = run(data, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn search_prints_the_groups_with_ids() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let company = dir.path().join("demo.trastienda");
    let c = company.to_str().unwrap();
    ok(&data, &["demo", "--company", c, "--entries", "200"]);

    let out = ok(&data, &["search", "--company", c, "gestoria", "mart"]);
    assert!(out.starts_with("Customers (1)\n"), "{out}");
    assert!(out.contains("Gestoría Martín y Asociados, S.L."), "{out}");
    assert!(out.contains("Invoices ("), "{out}");

    // The first invoice's number, from the listing, finds that invoice.
    let listed = ok(&data, &["invoice", "list", "--company", c]);
    let number = listed
        .split_whitespace()
        .find(|w| {
            w.len() == 9 && w.as_bytes()[4] == b'-' && w[..4].chars().all(|c| c.is_ascii_digit())
        })
        .unwrap_or_else(|| panic!("no invoice number in {listed}"));
    let out = ok(
        &data,
        &["search", "--company", c, "--per-kind", "1", number],
    );
    assert!(out.starts_with("Invoices (1)\n"), "{out}");
    assert!(out.contains(number), "{out}");

    let out = ok(&data, &["search", "--company", c, "\"(", "*"]);
    assert_eq!(out, "nothing found\n");
}
