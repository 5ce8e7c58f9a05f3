//! The `trastienda` command line as scripts and acceptance checks use it: exit codes, stderr
//! reasons with row numbers, and the files it writes (PDFs read back with pdftotext).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

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
    fn init(&self, name: &str) -> String {
        let file = self.path(name);
        let f = file.to_str().unwrap().to_string();
        self.ok(&[
            "init",
            "--company",
            &f,
            "--name",
            "Prueba SL",
            "--tax-id",
            "B12345674",
            "--template",
            "es-pymes",
        ]);
        f
    }
    fn tb_csv(&self, company: &str) -> String {
        let out = self.path("tb.csv");
        self.ok(&[
            "report",
            "trial-balance",
            "--company",
            company,
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ]);
        std::fs::read_to_string(out).unwrap()
    }
}

fn pdftotext(pdf: &Path, page: Option<u32>) -> String {
    let mut cmd = Command::new("pdftotext");
    cmd.arg("-layout");
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = cmd
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed: scripts/setup-system.sh installs it");
    String::from_utf8(out.stdout).unwrap()
}

fn pdf_pages(pdf: &Path) -> u32 {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap()
}

#[test]
fn init_then_a_bad_tax_id_is_refused() {
    let env = Env::new();
    let f = env.init("a.trastienda");
    assert!(Path::new(&f).is_file());
    assert_eq!(env.tb_csv(&f), "account,name,debit,credit,balance\n");
    let out = env.run(&[
        "init",
        "--company",
        env.path("b.trastienda").to_str().unwrap(),
        "--name",
        "X",
        "--tax-id",
        "B12345675",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("tax_id") && err.contains("should be 4"),
        "{err}"
    );
    assert!(
        !env.path("b.trastienda").exists(),
        "nothing is created on error"
    );
    // Refuses to overwrite an existing company.
    let again = env.run(&[
        "init",
        "--company",
        &f,
        "--name",
        "X",
        "--tax-id",
        "B12345674",
    ]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

#[test]
fn import_a_good_journal_and_report_it() {
    let env = Env::new();
    let f = env.init("a.trastienda");
    let csv = env.path("good.csv");
    std::fs::write(
        &csv,
        "entry,date,account,description,debit,credit\n\
         1,2026-01-02,5720001,Aportación de capital,3000.00,\n\
         1,2026-01-02,100,Aportación de capital,,3000.00\n\
         2,2026-01-15,600,\"Compra, papel\",100.00,\n\
         2,2026-01-15,4720021,IVA,21.00,\n\
         2,2026-01-15,400,Proveedor,,121.00\n\
         3,2026-02-01,6290001,Nueva cuenta,5.5,\n\
         3,2026-02-01,5720001,,,5.50\n",
    )
    .unwrap();
    // Without --create-accounts the unknown account stops the import, naming its row.
    let out = env.run(&["import", "journal", "--company", &f, csv.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("row 7") && err.contains("6290001"), "{err}");
    assert_eq!(env.tb_csv(&f), "account,name,debit,credit,balance\n");

    let msg = env.ok(&[
        "import",
        "journal",
        "--company",
        &f,
        "--create-accounts",
        csv.to_str().unwrap(),
    ]);
    assert!(msg.contains("imported 3 entries (7 rows)"), "{msg}");
    assert!(msg.contains("created account 6290001"), "{msg}");
    let tb = env.tb_csv(&f);
    assert!(
        tb.contains("5720001,Banco (cuenta corriente),3000.00,5.50,2994.50\n"),
        "{tb}"
    );
    assert!(tb.contains("6290001,6290001,5.50,0.00,5.50\n"), "{tb}");
    assert!(
        tb.contains("100,Capital social,0.00,3000.00,-3000.00\n"),
        "{tb}"
    );
    // A period filter.
    let out = env.path("feb.csv");
    env.ok(&[
        "report",
        "trial-balance",
        "--company",
        &f,
        "--from",
        "2026-02-01",
        "--to",
        "2026-02-28",
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read_to_string(out).unwrap(),
        "account,name,debit,credit,balance\n5720001,Banco (cuenta corriente),0.00,5.50,-5.50\n6290001,6290001,5.50,0.00,5.50\n"
    );
    assert!(env.ok(&["verify", "--company", &f]).contains("ok"));
}

#[test]
fn a_bad_journal_reports_every_problem_with_its_row_and_writes_nothing() {
    let env = Env::new();
    let f = env.init("a.trastienda");
    env.ok(&[
        "demo",
        "--company",
        env.path("unused.trastienda").to_str().unwrap(),
        "--entries",
        "10",
    ]);
    let before = env.tb_csv(&f);
    let csv = env.path("bad.csv");
    std::fs::write(
        &csv,
        "entry,date,account,description,debit,credit\n\
         1,2026-01-02,5720001,ok,100.00,\n\
         1,2026-01-02,100,unbalanced,,90.00\n\
         2,2026-13-01,600,bad date,10.00,\n\
         2,2026-13-01,400,bad date,,10.00\n\
         3,2026-01-05,600,bad amount,12.345,\n\
         3,2026-01-05,400,bad amount,,12.345\n\
         4,2026-01-06,999999,unknown,1.00,\n\
         4,2026-01-06,400,,,1.00\n\
         5,2026-01-07,600,both sides,1.00,1.00\n\
         5,2026-01-07,400,,,0\n",
    )
    .unwrap();
    let out = env.run(&["import", "journal", "--company", &f, csv.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for want in [
        "row 2: lines: entry '1': the entry is unbalanced by 10.00",
        "row 4: date:",
        "row 6: debit:",
        "row 7: credit:",
        "row 8: account: account 999999 does not exist",
        "row 10: credit: entry '5': a line has a debit or a credit, not both",
        "row 11: debit: entry '5': the line has neither debit nor credit",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
    assert!(
        err.lines().next().unwrap().contains("nothing was written"),
        "{err}"
    );
    assert_eq!(env.tb_csv(&f), before, "the company is unchanged");

    std::fs::write(
        &csv,
        "entry,date,acount,description,debit\n1,2026-01-01,572,x,1\n",
    )
    .unwrap();
    let out = env.run(&["import", "journal", "--company", &f, csv.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("row 1: account: the header has no 'account' column"),
        "{err}"
    );
    assert!(
        err.contains("row 1: credit: the header has no 'credit' column"),
        "{err}"
    );
}

#[test]
fn demo_and_a_long_trial_balance_pdf() {
    let env = Env::new();
    let demo = env.path("demo.trastienda");
    let d = demo.to_str().unwrap();
    let msg = env.ok(&["demo", "--company", d, "--entries", "600"]);
    assert!(msg.contains("600 entries"), "{msg}");
    let pdf = env.path("tb.pdf");
    env.ok(&[
        "report",
        "trial-balance",
        "--company",
        d,
        "--format",
        "pdf",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    let text = pdftotext(&pdf, None);
    for want in [
        "Papelería Las Rozas, S.L.",
        "B12345674",
        "Balance de sumas y saldos",
        "Banco (cuenta corriente)",
        "Ventas de mercaderías",
        "Página 1 de 1",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    // The totals line carries the same figures as the CSV, in Spanish format.
    let csv = env.tb_csv(d);
    let debit: i64 = csv
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.rsplitn(4, ',').collect();
            let d = f[2].replace('.', "");
            d.parse::<i64>().unwrap()
        })
        .sum();
    let euros = debit / 100;
    let grouped = {
        let s = euros.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        format!("{out},{:02}", debit % 100)
    };
    assert!(
        text.contains(&grouped),
        "total debit {grouped} not in:\n{text}"
    );

    // A long report: 400 accounts with postings spread over several pages.
    let f = env.init("long.trastienda");
    let csv_path = env.path("long.csv");
    let mut rows = String::from("entry,date,account,description,debit,credit\n");
    for i in 0..400 {
        rows.push_str(&format!(
            "{i},2026-03-01,629{i:04},gasto {i},1.00,\n{i},2026-03-01,5720001,pago,,1.00\n"
        ));
    }
    std::fs::write(&csv_path, rows).unwrap();
    env.ok(&[
        "import",
        "journal",
        "--company",
        &f,
        "--create-accounts",
        csv_path.to_str().unwrap(),
    ]);
    let long = env.path("long.pdf");
    env.ok(&[
        "report",
        "trial-balance",
        "--company",
        &f,
        "--format",
        "pdf",
        "--language",
        "en",
        "--out",
        long.to_str().unwrap(),
    ]);
    let pages = pdf_pages(&long);
    assert!(
        pages >= 8,
        "400+ rows should take several pages, got {pages}"
    );
    let last = pdftotext(&long, Some(pages));
    assert!(last.contains(&format!("Page {pages} of {pages}")), "{last}");
    assert!(
        last.contains("Totals") && last.contains("400.00"),
        "totals on the last page: {last}"
    );
    let second = pdftotext(&long, Some(2));
    assert!(
        second.contains("Account") && second.contains("Debit") && second.contains("Page 2 of"),
        "header repeated: {second}"
    );
    assert!(
        !second.contains("Totals"),
        "totals only at the end: {second}"
    );
}

#[test]
fn serve_guards_its_commands_with_token_and_host() {
    let env = Env::new();
    let f = env.init("a.trastienda");
    let ui = env.path("ui");
    std::fs::create_dir_all(&ui).unwrap();
    std::fs::write(
        ui.join("index.html"),
        "<!doctype html><title>Trastienda</title>",
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_trastienda"))
        .args([
            "serve",
            "--company",
            &f,
            "--port",
            "0",
            "--ui-dir",
            ui.to_str().unwrap(),
        ])
        .env("TRASTIENDA_DATA_DIR", env.path("data"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut line).unwrap();
    // Regression: the server panicked writing its second line once the reader had gone.
    drop(stdout);
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .to_string();
    let rest = url.strip_prefix("http://127.0.0.1:").unwrap();
    let port: u16 = rest[..rest.find('/').unwrap()].parse().unwrap();
    let token = url.split("token=").nth(1).unwrap().to_string();

    let request = |host: &str, token: Option<&str>, path: &str, body: &str| -> String {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        let method = if body.is_empty() { "GET" } else { "POST" };
        let tok = token
            .map(|t| format!("X-Trastienda-Token: {t}\r\n"))
            .unwrap_or_default();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\n{tok}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    };
    let host = format!("127.0.0.1:{port}");
    let r = request(&host, Some(&token), "/api/app_info", "{}");
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    assert!(r.contains("\"name\":\"Prueba SL\""), "{r}");
    let r = request(&host, None, "/api/app_info", "{}");
    assert!(r.starts_with("HTTP/1.1 401"), "{r}");
    let r = request(&host, Some("wrong"), "/api/app_info", "{}");
    assert!(r.starts_with("HTTP/1.1 401"), "{r}");
    let r = request("evil.example:80", Some(&token), "/api/app_info", "{}");
    assert!(r.starts_with("HTTP/1.1 403"), "{r}");
    let r = request("evil.example:80", None, "/", "");
    assert!(r.starts_with("HTTP/1.1 403"), "{r}");
    let r = request(&host, None, "/", "");
    assert!(
        r.starts_with("HTTP/1.1 200") && r.contains("<title>Trastienda</title>"),
        "{r}"
    );
    assert!(
        r.to_lowercase()
            .contains("content-security-policy: default-src 'self'"),
        "{r}"
    );
    let r = request(
        &host,
        Some(&token),
        "/api/post_entry",
        r#"{"date":"2026-01-01","lines":[{"account":"5720001","debit":"1"},{"account":"100","credit":"2"}]}"#,
    );
    assert!(
        r.starts_with("HTTP/1.1 422") && r.contains("\"code\":\"unbalanced\""),
        "{r}"
    );
    child.kill().unwrap();
    let _ = child.wait();
}
