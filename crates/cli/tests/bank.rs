//! `trastienda bank import|unreconciled` on the demo company: a Norma 43 file for the demo's
//! account imported twice adds its lines once; a file in no known format and a file for
//! other accounts are refused with messages that say so (naming both accounts) and write
//! nothing.

use std::path::PathBuf;
use std::process::{Command, Output};

const DEMO_IBAN: &str = "ES3321002345240200012345";

fn repo(p: &str) -> String {
    format!("{}/../../{p}", env!("CARGO_MANIFEST_DIR"))
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn company(&self) -> String {
        self.path("demo.trastienda").display().to_string()
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
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} should fail");
        String::from_utf8_lossy(&out.stderr).into_owned()
    }
}

fn open_count(out: &str) -> u64 {
    out.lines()
        .last()
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {out}"))
}

#[test]
fn importing_a_norma_43_twice_adds_its_lines_once() {
    let env = Env {
        dir: tempfile::tempdir().unwrap(),
    };
    let company = env.company();
    env.ok(&["demo", "--company", &company]);
    let before = open_count(&env.ok(&["bank", "unreconciled", "--company", &company]));
    assert!(before > 0, "the demo has lines to reconcile");

    let fixture = repo("tests/e2e/fixtures/extracto-demo.n43");
    let first = env.ok(&[
        "bank",
        "import",
        "--company",
        &company,
        "--account",
        DEMO_IBAN,
        &fixture,
    ]);
    assert!(first.contains("read 4, added 4, skipped 0"), "{first}");
    assert!(
        first.contains("closing balance 3604.60: matches"),
        "{first}"
    );
    // The second time, by ledger account and with the format given: nothing added.
    let second = env.ok(&[
        "bank",
        "import",
        "--company",
        &company,
        "--account",
        "5720001",
        "--format",
        "n43",
        &fixture,
    ]);
    assert!(second.contains("read 4, added 0, skipped 4"), "{second}");
    let open = env.ok(&[
        "bank",
        "unreconciled",
        "--company",
        &company,
        "--account",
        DEMO_IBAN,
    ]);
    assert_eq!(open_count(&open), before + 4);
    assert!(open.contains("COMISION MANTENI"), "{open}");

    // A file in no format it knows.
    let text = env.path("notes.txt");
    std::fs::write(&text, "fecha;concepto;importe\n01/01/2026;x;1,00\n").unwrap();
    let e = env.fails(&[
        "bank",
        "import",
        "--company",
        &company,
        "--account",
        DEMO_IBAN,
        &text.display().to_string(),
    ]);
    assert!(e.contains("not recognised"), "{e}");
    let e = env.fails(&[
        "bank",
        "import",
        "--company",
        &company,
        "--account",
        DEMO_IBAN,
        "--format",
        "qif",
        &text.display().to_string(),
    ]);
    assert!(e.contains("'qif' is not a statement format"), "{e}");

    // Another bank's file: refused, naming the file's account and ours.
    let e = env.fails(&[
        "bank",
        "import",
        "--company",
        &company,
        "--account",
        DEMO_IBAN,
        &repo("crates/core/tests/fixtures/bank/n43-two-accounts-1252.n43"),
    ]);
    assert!(
        e.contains("210004180200051332") && e.contains(DEMO_IBAN),
        "{e}"
    );
    assert_eq!(
        open_count(&env.ok(&["bank", "unreconciled", "--company", &company])),
        before + 4,
        "nothing written by the refused files"
    );
}

#[test]
fn an_account_added_from_the_cli_takes_its_statement() {
    let env = Env {
        dir: tempfile::tempdir().unwrap(),
    };
    let company = env.company();
    env.ok(&[
        "init",
        "--company",
        &company,
        "--name",
        "Semillas SL",
        "--tax-id",
        "B12345674",
        "--address",
        "Calle Mayor 1, 28001 Madrid",
    ]);
    let e = env.fails(&[
        "bank",
        "add-account",
        "--company",
        &company,
        "--name",
        "Caixa",
        "--iban",
        "ES0021000418450200051332",
    ]);
    assert!(e.contains("iban"), "{e}");
    let out = env.ok(&[
        "bank",
        "add-account",
        "--company",
        &company,
        "--name",
        "Caixa",
        "--iban",
        "ES91 2100 0418 4502 0005 1332",
    ]);
    assert!(
        out.contains("Caixa [ES9121000418450200051332], ledger account 572"),
        "{out}"
    );
    let fixture = repo("crates/core/tests/fixtures/bank/n43-two-accounts-1252.n43");
    let out = env.ok(&[
        "bank",
        "import",
        "--company",
        &company,
        "--account",
        "ES9121000418450200051332",
        &fixture,
    ]);
    assert!(out.contains("read 4, added 4, skipped 0"), "{out}");
}
