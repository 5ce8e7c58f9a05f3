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
        "Página 1 de ",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    // Every page says which of how many it is, and the last is the last.
    let pages = text.matches("Página ").count();
    assert!(
        text.contains(&format!("Página {pages} de {pages}")),
        "the last of {pages} pages is not numbered so:\n{text}"
    );
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

// ---- Statements, books and the year's bookkeeping ----

/// A small company with hand-checked figures: capital 3000, a purchase of 1000 + 21% VAT, a
/// sale of 2000 + 21% VAT collected in July (2025), and a 50.00 expense in February 2026.
/// 2025: result 1000.00 (profit), bank 5420.00, assets = equity + liabilities = 5630.00.
const BOOK_2025: &str = "entry,date,account,description,debit,credit\n\
    1,2025-01-02,5720001,Aportación de capital,3000.00,\n\
    1,2025-01-02,100,Aportación de capital,,3000.00\n\
    2,2025-03-15,600,Compra,1000.00,\n\
    2,2025-03-15,4720021,IVA,210.00,\n\
    2,2025-03-15,400,Proveedor,,1210.00\n\
    3,2025-06-01,430,Cliente,2420.00,\n\
    3,2025-06-01,700,Venta,,2000.00\n\
    3,2025-06-01,4770021,IVA,,420.00\n\
    4,2025-07-01,5720001,Cobro,2420.00,\n\
    4,2025-07-01,430,Cobro,,2420.00\n\
    5,2026-02-01,6290001,Gasto,50.00,\n\
    5,2026-02-01,5720001,Pago,,50.00\n";

impl Env {
    fn book(&self, name: &str) -> String {
        let f = self.init(name);
        let csv = self.path("book.csv");
        std::fs::write(&csv, BOOK_2025).unwrap();
        self.ok(&[
            "import",
            "journal",
            "--company",
            &f,
            "--create-accounts",
            csv.to_str().unwrap(),
        ]);
        f
    }
    /// `report KIND --company F ARGS... --out FILE`; returns the file's path and stderr.
    fn report(&self, kind: &str, company: &str, args: &[&str], out: &str) -> (PathBuf, String) {
        let path = self.path(out);
        let mut all = vec!["report", kind, "--company", company];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--out", path.to_str().unwrap()]);
        let o = self.run(&all);
        let err = String::from_utf8_lossy(&o.stderr).to_string();
        assert!(o.status.success(), "{all:?} failed: {err}");
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("wrote "),
            "{all:?}"
        );
        (path, err)
    }
    fn csv(&self, kind: &str, company: &str, args: &[&str]) -> String {
        let mut a = args.to_vec();
        a.extend_from_slice(&["--format", "csv"]);
        let (p, err) = self.report(kind, company, &a, &format!("{kind}.csv"));
        assert!(err.is_empty(), "no warnings expected: {err}");
        std::fs::read_to_string(p).unwrap()
    }
    fn fail(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} should fail");
        String::from_utf8_lossy(&out.stderr).to_string()
    }
    fn journal_rows(&self, company: &str) -> usize {
        self.csv("journal", company, &[]).lines().count() - 1
    }
}

const YEAR_2025: [&str; 4] = ["--from", "2025-01-01", "--to", "2025-12-31"];

/// The CSV row whose first field is `key`.
fn row<'a>(csv: &'a str, key: &str) -> &'a str {
    csv.lines()
        .find(|l| l.split(',').next() == Some(key))
        .unwrap_or_else(|| panic!("no row {key} in:\n{csv}"))
}

#[test]
fn statements_as_csv_carry_the_exact_figures() {
    let env = Env::new();
    let f = env.book("a.trastienda");

    let pl = env.csv("profit-loss", &f, &YEAR_2025);
    assert_eq!(pl.lines().next().unwrap(), "key,code,label,2025");
    assert_eq!(
        row(&pl, "1"),
        "1,1.,Importe neto de la cifra de negocios,2000.00"
    );
    assert_eq!(row(&pl, "4"), "4,4.,Aprovisionamientos,-1000.00");
    assert_eq!(row(&pl, "D"), "D,D),RESULTADO DEL EJERCICIO (C+18),1000.00");

    let bs = env.csv("balance-sheet", &f, &YEAR_2025);
    assert_eq!(bs.lines().next().unwrap(), "key,code,label,31/12/2025");
    assert_eq!(row(&bs, "TA"), "TA,,TOTAL ACTIVO (A+B),5630.00");
    assert_eq!(
        row(&bs, "TPNP"),
        "TPNP,,TOTAL PATRIMONIO NETO Y PASIVO (A+B+C),5630.00"
    );
    assert_eq!(
        row(&bs, "AC.6"),
        "AC.6,VI.,Efectivo y otros activos líquidos equivalentes,5420.00"
    );
    assert_eq!(
        row(&bs, "PN.1.7"),
        "PN.1.7,VII.,Resultado del ejercicio,1000.00"
    );
    assert_eq!(row(&bs, "PC.4.1"), "PC.4.1,1.,Proveedores,1210.00");

    let cf = env.csv("cash-flow", &f, &YEAR_2025);
    assert_eq!(
        row(&cf, "opening"),
        "opening,,Saldo inicial de tesorería,0.00"
    );
    assert_eq!(row(&cf, "receipts.10"), "receipts.10,10,Capital,3000.00");
    assert_eq!(row(&cf, "receipts.43"), "receipts.43,43,Clientes,2420.00");
    assert_eq!(
        row(&cf, "closing"),
        "closing,,Saldo final de tesorería,5420.00"
    );

    // With --level the trial balance is a statement of balances (one column per period).
    let tb = env.csv(
        "trial-balance",
        &f,
        &[
            &YEAR_2025[..],
            &["--level", "3", "--compare", "previous-year"],
        ]
        .concat(),
    );
    assert_eq!(tb.lines().next().unwrap(), "key,code,label,2025,2024");
    assert_eq!(row(&tb, "400"), "400,400,Proveedores,-1210.00,0.00");
    assert_eq!(
        row(&tb, "572"),
        "572,572,\"Bancos e instituciones de crédito c/c vista, euros\",5420.00,0.00"
    );
    assert!(!tb.contains("5720001"), "level 3 stops at 3 digits: {tb}");

    // Monthly: twelve months and the total; the next year compared with the previous one.
    let monthly = env.csv(
        "profit-loss",
        &f,
        &[&YEAR_2025[..], &["--monthly"]].concat(),
    );
    assert_eq!(
        monthly.lines().next().unwrap(),
        "key,code,label,ene 25,feb 25,mar 25,abr 25,may 25,jun 25,jul 25,ago 25,sep 25,oct 25,nov 25,dic 25,Total"
    );
    assert_eq!(
        row(&monthly, "D"),
        "D,D),RESULTADO DEL EJERCICIO (C+18),0.00,0.00,-1000.00,0.00,0.00,2000.00,0.00,0.00,0.00,0.00,0.00,0.00,1000.00"
    );
    let pl26 = env.csv(
        "profit-loss",
        &f,
        &[
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--compare",
            "previous-year",
            "--lang",
            "en",
        ],
    );
    assert_eq!(pl26.lines().next().unwrap(), "key,code,label,2026,2025");
    assert!(row(&pl26, "D").ends_with(",-50.00,1000.00"), "{pl26}");

    // The books.
    let journal = env.csv("journal", &f, &YEAR_2025);
    assert_eq!(
        journal.lines().take(3).collect::<Vec<_>>(),
        [
            "entry,date,account,account_name,description,debit,credit,reference",
            "1,2025-01-02,5720001,Banco (cuenta corriente),Aportación de capital,3000.00,0.00,",
            "1,2025-01-02,100,Capital social,Aportación de capital,0.00,3000.00,",
        ]
    );
    assert_eq!(journal.lines().count(), 11, "ten lines in 2025: {journal}");
    let ledger = env.csv("ledger", &f, &["--first", "5720001", "--last", "5720001"]);
    assert_eq!(
        ledger,
        "account,account_name,date,entry,description,debit,credit,balance\n\
         5720001,Banco (cuenta corriente),,,Saldo anterior,0.00,0.00,0.00\n\
         5720001,Banco (cuenta corriente),2025-01-02,1,Aportación de capital,3000.00,0.00,3000.00\n\
         5720001,Banco (cuenta corriente),2025-07-01,4,Cobro,2420.00,0.00,5420.00\n\
         5720001,Banco (cuenta corriente),2026-02-01,1,Pago,0.00,50.00,5370.00\n"
    );

    // The classic trial balance keeps its shape: sums and balances over all dates.
    assert!(env
        .tb_csv(&f)
        .contains("5720001,Banco (cuenta corriente),5420.00,50.00,5370.00\n"));
}

#[test]
fn every_report_as_pdf_has_its_title() {
    let env = Env::new();
    let f = env.book("a.trastienda");
    for (kind, lang, title) in [
        ("journal", "es", "Libro diario"),
        ("ledger", "en", "General ledger"),
        ("trial-balance", "es", "Balance de sumas y saldos"),
        ("profit-loss", "es", "Cuenta de pérdidas y ganancias"),
        ("profit-loss", "en", "Profit and loss account"),
        ("balance-sheet", "en", "Balance sheet"),
        ("cash-flow", "es", "Resumen de tesorería"),
    ] {
        let (pdf, err) = env.report(
            kind,
            &f,
            &[&YEAR_2025[..], &["--format", "pdf", "--lang", lang]].concat(),
            &format!("{kind}-{lang}.pdf"),
        );
        assert!(err.is_empty(), "{kind}: {err}");
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(bytes.starts_with(b"%PDF"), "{kind} is not a PDF");
        let text = pdftotext(&pdf, None);
        assert!(
            text.contains(title) && text.contains("B12345674"),
            "{kind} {lang}: missing {title:?} in:\n{text}"
        );
    }
    let (pdf, _) = env.report(
        "profit-loss",
        &f,
        &[&YEAR_2025[..], &["--format", "pdf", "--lang", "en"]].concat(),
        "pl.pdf",
    );
    let text = pdftotext(&pdf, None);
    assert!(
        text.contains("2,000.00") && text.contains("1,000.00"),
        "{text}"
    );
}

#[test]
fn a_statement_that_does_not_add_up_is_written_with_a_warning() {
    let env = Env::new();
    let f = env.book("a.trastienda");
    // 580 (non-current assets held for sale) is not in the PGC PYMES balance sheet.
    let csv = env.path("held.csv");
    std::fs::write(
        &csv,
        "entry,date,account,description,debit,credit\n\
         1,2025-09-01,5800001,Activo en venta,50.00,\n\
         1,2025-09-01,5720001,Pago,,50.00\n",
    )
    .unwrap();
    env.ok(&[
        "import",
        "journal",
        "--company",
        &f,
        "--create-accounts",
        csv.to_str().unwrap(),
    ]);
    let (out, err) = env.report(
        "balance-sheet",
        &f,
        &[&YEAR_2025[..], &["--format", "csv", "--lang", "en"]].concat(),
        "bs.csv",
    );
    let bs = std::fs::read_to_string(out).unwrap();
    assert_eq!(row(&bs, "TA"), "TA,,TOTAL ASSETS (A+B),5580.00");
    assert_eq!(
        row(&bs, "TPNP"),
        "TPNP,,TOTAL EQUITY AND LIABILITIES (A+B+C),5630.00"
    );
    assert!(
        err.contains("does not add up in column 31 Dec 2025")
            && err.contains("Assets do not equal equity and liabilities")
            && err.contains("difference -50.00"),
        "{err}"
    );
    assert!(
        err.contains("leaves out 1 account(s)") && err.contains("5800001"),
        "{err}"
    );
    assert!(
        err.contains("  5800001 5800001: balance 50.00 in column 31 Dec 2025"),
        "{err}"
    );
}

#[test]
fn report_arguments_are_checked() {
    let env = Env::new();
    let f = env.book("a.trastienda");
    let out = env.path("x.csv");
    let o = out.to_str().unwrap();
    let err = env.fail(&[
        "report",
        "profit-loss",
        "--company",
        &f,
        "--from",
        "2025-12-31",
        "--to",
        "2025-01-01",
        "--format",
        "csv",
        "--out",
        o,
    ]);
    assert!(
        err.contains("from: the period starts (2025-12-31) after it ends (2025-01-01)"),
        "{err}"
    );
    let err = env.fail(&[
        "report",
        "ledger",
        "--company",
        &f,
        "--first",
        "abc",
        "--format",
        "csv",
        "--out",
        o,
    ]);
    assert!(err.contains("first:"), "{err}");
    // Options that belong to another report are refused by the parser.
    let err = env.fail(&[
        "report",
        "journal",
        "--company",
        &f,
        "--monthly",
        "--format",
        "csv",
        "--out",
        o,
    ]);
    assert!(err.contains("--monthly"), "{err}");
    assert!(!out.exists(), "nothing written on error");
}

#[test]
fn close_year_dry_run_posts_nothing_then_close_and_reopen() {
    let env = Env::new();
    let f = env.book("a.trastienda");
    let before = env.journal_rows(&f);
    let preview = env.ok(&["close-year", "--company", &f, "--year", "2025", "--dry-run"]);
    for want in [
        "closing fiscal year 2025 (ends 2025-12-31; the next year opens 2026-01-01)",
        "result: 1000.00 (profit), regularised into account 129",
        "1. regularisation entry, 2025-12-31: Regularización del ejercicio 2025 (total 2000.00)",
        "2. closing entry, 2025-12-31: Asiento de cierre del ejercicio 2025 (total 5630.00)",
        "3. opening entry, 2026-01-01: Asiento de apertura del ejercicio 2026 (total 5630.00)",
        "dry run: nothing was posted",
    ] {
        assert!(preview.contains(want), "missing {want:?} in:\n{preview}");
    }
    let lines: Vec<Vec<&str>> = preview
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    let has = |w: &[&str]| {
        lines
            .iter()
            .any(|l| l.first() == w.first() && l.ends_with(&w[1..]))
    };
    // Regularisation: 700 debited 2000, 600 credited 1000, 129 credited 1000.
    assert!(has(&["700", "2000.00"]), "{preview}");
    assert!(has(&["600", "1000.00"]), "{preview}");
    // Closing: the bank credited 5420; opening: debited 5420.
    assert!(has(&["5720001", "5420.00"]), "{preview}");
    assert_eq!(env.journal_rows(&f), before, "a dry run posts nothing");
    assert!(env
        .ok(&["years", "--company", &f])
        .contains("2025   2025-01-01 2025-12-31 open           4  -"));

    let closed = env.ok(&["close-year", "--company", &f, "--year", "2025"]);
    assert_eq!(
        closed,
        "closed fiscal year 2025\n\
         posted regularisation entry no. 5 of 2025 (2025-12-31, total 2000.00)\n\
         posted closing entry no. 6 of 2025 (2025-12-31, total 5630.00)\n\
         posted opening entry no. 2 of 2026 (2026-01-01, total 5630.00)\n"
    );
    let years = env.ok(&["years", "--company", &f]);
    assert!(
        years.contains("2025   2025-01-01 2025-12-31 closed         6  20"),
        "{years}"
    );
    // The year-end report still shows the year's balances; 2026 opens with them.
    let bs = env.csv("balance-sheet", &f, &YEAR_2025);
    assert_eq!(
        row(&bs, "PN.1.7"),
        "PN.1.7,VII.,Resultado del ejercicio,1000.00"
    );
    let err = env.fail(&["close-year", "--company", &f, "--year", "2025"]);
    assert!(
        err.contains("year: fiscal year 2025 is already closed"),
        "{err}"
    );

    // Reopening needs a reason, and reverses the three entries.
    let err = env.fail(&["reopen-year", "--company", &f, "--year", "2025"]);
    assert!(err.contains("--reason"), "{err}");
    let reopened = env.ok(&[
        "reopen-year",
        "--company",
        &f,
        "--year",
        "2025",
        "--reason",
        "a missing invoice",
    ]);
    assert!(reopened.contains("reopened fiscal year 2025"), "{reopened}");
    assert!(
        reopened.contains("2025   2025-01-01 2025-12-31 open           8  -"),
        "{reopened}"
    );
    let pl = env.csv("profit-loss", &f, &YEAR_2025);
    assert_eq!(row(&pl, "D"), "D,D),RESULTADO DEL EJERCICIO (C+18),1000.00");
    let err = env.fail(&["close-year", "--company", &f, "--year", "1999", "--dry-run"]);
    assert!(err.contains("fiscal year 1999 does not exist"), "{err}");
}

#[test]
fn lock_refuses_earlier_entries_and_moving_it_back_needs_a_reason() {
    let env = Env::new();
    let f = env.book("a.trastienda");
    assert_eq!(
        env.ok(&["lock", "--company", &f, "--until", "2026-01-31"]),
        "lock date: 2026-01-31 (nothing on or before it can be posted)\n"
    );
    let csv = env.path("late.csv");
    std::fs::write(
        &csv,
        "entry,date,account,description,debit,credit\n\
         1,2026-02-10,600,después,1.00,\n\
         1,2026-02-10,5720001,después,,1.00\n\
         2,2026-01-15,600,antes,2.00,\n\
         2,2026-01-15,5720001,antes,,2.00\n",
    )
    .unwrap();
    let before = env.journal_rows(&f);
    let err = env.fail(&["import", "journal", "--company", &f, csv.to_str().unwrap()]);
    // Regression: the refusal named the entry's position (row 1), not its CSV row (4).
    assert!(
        err.contains(
            "row 4: date: the books are locked up to 2026-01-31; 2026-01-15 is on or before it"
        ),
        "{err}"
    );
    assert_eq!(env.journal_rows(&f), before, "the whole import is refused");

    let err = env.fail(&["lock", "--company", &f, "--until", "2026-01-10"]);
    assert!(
        err.contains(
            "reason: moving the lock date back from 2026-01-31 reopens locked days; give a reason"
        ),
        "{err}"
    );
    let err = env.fail(&["lock", "--company", &f, "--clear"]);
    assert!(err.contains("reason:"), "{err}");
    let err = env.fail(&["lock", "--company", &f]);
    assert!(err.contains("--until") && err.contains("--clear"), "{err}");
    assert_eq!(
        env.ok(&[
            "lock",
            "--company",
            &f,
            "--until",
            "2026-01-10",
            "--reason",
            "late invoice",
        ]),
        "lock date: 2026-01-10 (nothing on or before it can be posted)\n"
    );
    env.ok(&["import", "journal", "--company", &f, csv.to_str().unwrap()]);
    assert_eq!(env.journal_rows(&f), before + 4);
    assert_eq!(
        env.ok(&["lock", "--company", &f, "--clear", "--reason", "audit done"]),
        "lock date: none (the books are unlocked)\n"
    );
    let err = env.fail(&["lock", "--company", &f, "--until", "31/01/2026"]);
    assert!(err.contains("until:"), "{err}");
}

#[test]
fn years_lists_and_creates_the_next() {
    let env = Env::new();
    let f = env.book("a.trastienda");
    assert_eq!(
        env.ok(&["years", "--company", &f]),
        "year   start      end        state    entries  closed at\n\
         2025   2025-01-01 2025-12-31 open           4  -\n\
         2026   2026-01-01 2026-12-31 open           1  -\n\
         lock date: none\n"
    );
    let out = env.ok(&["years", "--company", &f, "--create-next"]);
    assert!(
        out.starts_with("created fiscal year 2027 (2027-01-01 to 2027-12-31)\n"),
        "{out}"
    );
    assert!(
        out.contains("2027   2027-01-01 2027-12-31 open           0  -"),
        "{out}"
    );
}

/// `verify audit` recomputes the audit log's SHA-256 chain offline; a stored record edited
/// behind the app's back (its append-only trigger dropped first) is named as the first
/// broken one, and the full `verify` reports it too.
#[test]
fn verify_audit_names_the_first_edited_record() {
    let env = Env::new();
    let f = env.book("a.trastienda");
    env.ok(&["lock", "--company", &f, "--until", "2026-01-31"]);
    env.ok(&[
        "lock",
        "--company",
        &f,
        "--until",
        "2026-01-10",
        "--reason",
        "corregir enero",
    ]);
    env.ok(&["lock", "--company", &f, "--until", "2026-02-28"]);
    let out = env.ok(&["verify", "audit", "--company", &f]);
    assert!(out.contains("audit log ok ("), "{out}");
    assert!(out.contains("SHA-256 chain intact"), "{out}");
    {
        let conn = rusqlite::Connection::open(&f).unwrap();
        let id: i64 = conn
            .query_row(
                "SELECT id FROM audit_log WHERE reason = 'corregir enero'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        // The log refuses edits...
        assert!(conn
            .execute("UPDATE audit_log SET reason = 'nada' WHERE id = ?1", [id])
            .is_err());
        // ...so an attacker drops the guard first.
        conn.execute_batch("DROP TRIGGER audit_log_no_update")
            .unwrap();
        conn.execute("UPDATE audit_log SET reason = 'nada' WHERE id = ?1", [id])
            .unwrap();
        let err = env.fail(&["verify", "audit", "--company", &f]);
        assert!(
            err.contains(&format!("audit log broken at record {id} of")),
            "{err}"
        );
        assert!(err.contains("contents do not match its hash"), "{err}");
    }
    let err = env.fail(&["verify", "--company", &f]);
    assert!(err.contains("audit log record"), "{err}");
}

/// While another process holds a company open for writing (here `serve`), reports and
/// `verify` still read it (they take no writer lock and write nothing), and a command that
/// writes is told who holds it.
#[test]
fn reports_read_a_company_another_process_holds_open() {
    let env = Env::new();
    let f = env.book("a.trastienda");
    let ui = env.path("ui");
    std::fs::create_dir_all(&ui).unwrap();
    std::fs::write(ui.join("index.html"), "<!doctype html>").unwrap();
    let mut serve = Command::new(env!("CARGO_BIN_EXE_trastienda"))
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
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(serve.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains("http://127.0.0.1:"), "serve said {line:?}");
    let result = std::panic::catch_unwind(|| {
        let csv = env.csv("profit-loss", &f, &YEAR_2025);
        assert!(csv.lines().any(|l| l.starts_with("D,")), "{csv}");
        assert!(env.ok(&["verify", "--company", &f]).contains(": ok"));
        let err = env.fail(&["lock", "--company", &f, "--until", "2025-01-31"]);
        assert!(err.contains("in use by"), "{err}");
    });
    serve.kill().unwrap();
    serve.wait().unwrap();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}
