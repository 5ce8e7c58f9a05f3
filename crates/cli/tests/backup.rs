//! `trastienda backup` and `trastienda restore`: a verified copy, and a restore that keeps
//! the current file aside; a held company refuses a second writer.

use std::path::PathBuf;
use std::process::{Command, Output};

fn run(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trastienda"))
        .args(args)
        .env("TRASTIENDA_DATA_DIR", dir.join("data"))
        .output()
        .unwrap()
}

fn ok(dir: &std::path::Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn backup_then_restore_brings_the_backup_back_and_keeps_the_current_file() {
    let d = tempfile::tempdir().unwrap();
    let company = d.path().join("demo.trastienda");
    let c = company.to_str().unwrap();
    ok(d.path(), &["demo", "--company", c, "--entries", "200"]);
    let out = d.path().join("copy.trastienda");
    let o = out.to_str().unwrap();
    let said = ok(d.path(), &["backup", "--company", c, "--out", o]);
    assert!(
        said.contains("entries") && said.contains("checked"),
        "{said}"
    );
    assert!(out.is_file());
    // Into the default folder too.
    let said = ok(d.path(), &["backup", "--company", c]);
    assert!(said.contains("-manual.trastienda"), "{said}");

    // Change the file: a new company with no entries stands in for "later".
    std::fs::remove_file(&company).unwrap();
    ok(
        d.path(),
        &[
            "init",
            "--company",
            c,
            "--name",
            "Otra SL",
            "--tax-id",
            "B12345674",
        ],
    );
    let said = ok(d.path(), &["restore", "--company", c, "--from", o]);
    assert!(said.contains("kept as"), "{said}");
    let aside: PathBuf = said
        .split("kept as ")
        .nth(1)
        .unwrap()
        .split(" (")
        .next()
        .unwrap()
        .into();
    assert!(aside.is_file(), "{aside:?}");
    ok(d.path(), &["verify", "--company", c]);
    assert!(!PathBuf::from(format!("{c}.lock")).exists());

    // A restore from a file that is not a good backup changes nothing.
    let junk = d.path().join("junk.trastienda");
    std::fs::write(&junk, b"not a database").unwrap();
    let before = std::fs::read(&company).unwrap();
    assert!(!run(
        d.path(),
        &["restore", "--company", c, "--from", junk.to_str().unwrap()]
    )
    .status
    .success());
    assert_eq!(std::fs::read(&company).unwrap(), before);
}
