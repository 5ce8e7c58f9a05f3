//! `trastienda doc add|list|get|verify` on a fresh company: a file added with its category,
//! date and tags is listed, got back byte for byte, described without --out; verify passes,
//! and fails (non-zero, naming the document) once the stored bytes are tampered with; a bad
//! --link and an unknown category are refused with a message naming them.

use std::path::PathBuf;
use std::process::{Command, Output};

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
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} should fail");
        String::from_utf8(out.stderr).unwrap()
    }
}

#[test]
fn doc_add_list_get_and_verify() {
    let env = Env::new();
    let company = env.path("empresa.trastienda");
    let c = company.to_str().unwrap();
    env.ok(&[
        "init",
        "--company",
        c,
        "--name",
        "Archivo SL",
        "--tax-id",
        "B12345674",
    ]);
    let file = env.path("contrato alquiler.txt");
    let bytes: Vec<u8> = "Contrato de alquiler del local, Calle Mayor 3\n"
        .repeat(2000)
        .into_bytes();
    std::fs::write(&file, &bytes).unwrap();
    let f = file.to_str().unwrap();

    let out = env.ok(&[
        "doc",
        "add",
        "--company",
        c,
        f,
        "--category",
        "contratos",
        "--title",
        "Alquiler del local",
        "--date",
        "2026-01-15",
        "--tag",
        "Local",
        "--tag",
        "alquiler",
    ]);
    assert!(
        out.starts_with("document 1: Alquiler del local (Contratos, 2026-01-15"),
        "{out}"
    );
    assert!(out.contains("text extracted"), "{out}");

    let list = env.ok(&["doc", "list", "--company", c]);
    assert!(
        list.contains("Alquiler del local") && list.contains("local, alquiler"),
        "{list}"
    );
    assert!(list.contains("1 document(s)"), "{list}");
    let none = env.ok(&["doc", "list", "--company", c, "--category", "legal"]);
    assert!(none.contains("0 document(s)"), "{none}");
    let by_q = env.ok(&[
        "doc",
        "list",
        "--company",
        c,
        "--q",
        "ALQUILER",
        "--tag",
        "local",
    ]);
    assert!(by_q.contains("1 document(s)"), "{by_q}");

    let got = env.path("copia.txt");
    env.ok(&[
        "doc",
        "get",
        "--company",
        c,
        "1",
        "--out",
        got.to_str().unwrap(),
    ]);
    assert_eq!(std::fs::read(&got).unwrap(), bytes);
    let shown = env.ok(&["doc", "get", "--company", c, "1"]);
    assert!(
        shown.contains("file: contrato alquiler.txt (text/plain"),
        "{shown}"
    );
    assert!(shown.contains("category: Contratos (contratos)"), "{shown}");

    let ok = env.ok(&["doc", "verify", "--company", c]);
    assert!(ok.contains("documents ok (1 stored contents"), "{ok}");

    // Bad input is named.
    let e = env.fails(&["doc", "add", "--company", c, f, "--link", "supplier"]);
    assert!(e.contains("--link 'supplier'"), "{e}");
    let e = env.fails(&["doc", "add", "--company", c, f, "--category", "nada"]);
    assert!(e.contains("category") && e.contains("nada"), "{e}");
    let e = env.fails(&["doc", "get", "--company", c, "99"]);
    assert!(e.contains("document 99"), "{e}");

    // Tampered bytes (the database's own guard dropped first) fail the check, by name.
    let raw = rusqlite::Connection::open(&company).unwrap();
    raw.execute_batch(
        "DROP TRIGGER document_blobs_no_update;
         UPDATE document_blobs SET data = zeroblob(size);",
    )
    .unwrap();
    drop(raw);
    let e = env.fails(&["doc", "verify", "--company", c]);
    assert!(
        e.contains("document 1 'Alquiler del local'") && e.contains("no longer match"),
        "{e}"
    );
}
