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

fn run_env(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_trastienda"));
    cmd.args(args).env("TRASTIENDA_DATA_DIR", dir.join("data"));
    cmd.env_remove("TRASTIENDA_PASSWORD")
        .env_remove("TRASTIENDA_NEW_PASSWORD");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn password_encrypts_and_every_command_then_needs_it() {
    let d = tempfile::tempdir().unwrap();
    let company = d.path().join("demo.trastienda");
    let c = company.to_str().unwrap();
    ok(d.path(), &["demo", "--company", c, "--entries", "100"]);
    let set = run_env(
        d.path(),
        &["password", "--company", c],
        &[("TRASTIENDA_NEW_PASSWORD", "clave de la demo")],
    );
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    assert!(String::from_utf8_lossy(&set.stdout).contains("encrypted"));
    assert!(!std::fs::read(&company)
        .unwrap()
        .starts_with(b"SQLite format 3"));

    // Without the password: a clear refusal naming what to do, and the file untouched.
    let before = std::fs::read(&company).unwrap();
    let refused = run_env(d.path(), &["verify", "--company", c], &[]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("encrypted") && err.contains("password"),
        "{err}"
    );
    let wrong = run_env(
        d.path(),
        &["backup", "--company", c],
        &[("TRASTIENDA_PASSWORD", "otra cosa distinta")],
    );
    assert!(!wrong.status.success());
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("does not open"),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );
    assert_eq!(std::fs::read(&company).unwrap(), before);

    // With it: reports, backups (encrypted too) and verify work.
    let pw = [("TRASTIENDA_PASSWORD", "clave de la demo")];
    let verified = run_env(d.path(), &["verify", "--company", c], &pw);
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stderr)
    );
    let out = d.path().join("copy.trastienda");
    let backed = run_env(
        d.path(),
        &["backup", "--company", c, "--out", out.to_str().unwrap()],
        &pw,
    );
    assert!(
        backed.status.success(),
        "{}",
        String::from_utf8_lossy(&backed.stderr)
    );
    assert!(!std::fs::read(&out).unwrap().starts_with(b"SQLite format 3"));
    let csv = d.path().join("tb.csv");
    let report = run_env(
        d.path(),
        &[
            "report",
            "trial-balance",
            "--company",
            c,
            "--format",
            "csv",
            "--out",
            csv.to_str().unwrap(),
        ],
        &pw,
    );
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );

    // Removing it needs the current one and leaves a plain file.
    let removed = run_env(d.path(), &["password", "--company", c, "--remove"], &pw);
    assert!(
        removed.status.success(),
        "{}",
        String::from_utf8_lossy(&removed.stderr)
    );
    assert!(std::fs::read(&company)
        .unwrap()
        .starts_with(b"SQLite format 3"));
    ok(d.path(), &["verify", "--company", c]);
}
