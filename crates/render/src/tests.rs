//! Output checked the way a person would: the text `pdftotext -layout` extracts, page by page,
//! the page count (`pdfinfo`) and the file size. Needs poppler-utils (scripts/setup-system.sh).
//!
//! Set `TRASTIENDA_RENDER_OUT=/some/dir` to keep the PDFs for a look
//! (`pdftoppm -png -r 80 file.pdf prefix`).

use crate::layout::{rows_on_a_page_with_totals, rows_per_page};
use crate::{trial_balance_csv, trial_balance_pdf, CompanyHeader};
use chrono::NaiveDate;
use std::io::Write;
use std::process::Command;
use trastienda_core::report::{
    build_trial_balance, AccountTotals, ChartAccount, TrialBalance, TrialBalanceOptions,
    TrialBalanceRow,
};
use trastienda_core::{AccountCode, Language, Money};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn company() -> CompanyHeader {
    CompanyHeader {
        name: "Ferretería Martínez, S.L.".into(),
        tax_id: "B12345678".into(),
    }
}

const LONG_NAME: &str =
    "Comercial Hermanos García Martínez e Hijos, Sociedad Limitada Unipersonal de Albacete";

/// A year of a small shop on a PGC PYMES chart: sales, purchases, rent with withholding,
/// payroll, a few supplies, derived through core's `build_trial_balance`.
fn pgc_year() -> TrialBalance {
    let chart = [
        ("1", "Financiación básica"),
        ("10", "Capital"),
        ("100", "Capital social"),
        ("12", "Resultados pendientes de aplicación"),
        ("129", "Resultado del ejercicio"),
        ("4", "Acreedores y deudores por operaciones comerciales"),
        ("40", "Proveedores"),
        ("400", "Proveedores"),
        ("4000001", "Distribuciones Levante, S.L."),
        ("43", "Clientes"),
        ("430", "Clientes"),
        ("4300001", LONG_NAME),
        ("47", "Administraciones públicas"),
        ("472", "Hacienda Pública, IVA soportado"),
        ("475", "Hacienda Pública, acreedora por conceptos fiscales"),
        (
            "4751",
            "Hacienda Pública, acreedora por retenciones practicadas",
        ),
        ("476", "Organismos de la Seguridad Social, acreedores"),
        ("477", "Hacienda Pública, IVA repercutido"),
        ("5", "Cuentas financieras"),
        ("57", "Tesorería"),
        ("570", "Caja, euros"),
        ("572", "Bancos e instituciones de crédito c/c vista, euros"),
        ("5720001", "Banco Sabadell c/c 0081 0000 00 0001234567"),
        ("6", "Compras y gastos"),
        ("60", "Compras"),
        ("600", "Compras de mercaderías"),
        ("62", "Servicios exteriores"),
        ("621", "Arrendamientos y cánones"),
        ("623", "Servicios de profesionales independientes"),
        ("628", "Suministros"),
        ("64", "Gastos de personal"),
        ("640", "Sueldos y salarios"),
        ("642", "Seguridad Social a cargo de la empresa"),
        ("7", "Ventas e ingresos"),
        (
            "70",
            "Ventas de mercaderías, de producción propia, de servicios, etc.",
        ),
        ("700", "Ventas de mercaderías"),
    ]
    .map(|(c, n)| ChartAccount {
        code: AccountCode::parse(c).unwrap(),
        name: n.to_string(),
    });
    let totals = [
        ("100", 0, 300_000),
        ("4000001", 2_215_000, 2_577_300),
        ("4300001", 5_868_500, 5_203_000),
        ("472", 648_900, 0),
        ("4751", 0, 398_400),
        ("476", 0, 690_300),
        ("477", 0, 1_018_500),
        ("570", 50_000, 13_740),
        ("5720001", 5_503_000, 4_926_385),
        ("600", 2_130_000, 0),
        ("621", 960_000, 0),
        ("623", 125_050, 0),
        ("628", 101_175, 0),
        ("640", 1_800_000, 0),
        ("642", 576_000, 0),
        ("700", 0, 4_850_000),
    ]
    .map(|(c, dr, cr)| AccountTotals {
        code: AccountCode::parse(c).unwrap(),
        debit: Money::from_cents(dr),
        credit: Money::from_cents(cr),
    });
    let tb = build_trial_balance(
        &chart,
        &totals,
        TrialBalanceOptions {
            from: Some(d(2026, 1, 1)),
            to: Some(d(2026, 12, 31)),
            level: None,
        },
    );
    assert_eq!(
        tb.total_debit,
        Money::from_cents(19_977_625),
        "sample balances"
    );
    assert_eq!(tb.total_balance, Money::ZERO);
    tb
}

fn customers(n: usize) -> TrialBalance {
    let rows: Vec<TrialBalanceRow> = (0..n)
        .map(|i| TrialBalanceRow {
            code: format!("430{:04}", i + 1),
            name: format!("Cliente número {}", i + 1),
            level: 4,
            is_group: false,
            debit: Money::from_cents(123_456),
            credit: Money::from_cents(23_456),
            balance: Money::from_cents(100_000),
        })
        .collect();
    let total = Money::from_cents(100_000 * n as i64);
    TrialBalance {
        from: None,
        to: None,
        rows,
        total_debit: Money::from_cents(123_456 * n as i64),
        total_credit: Money::from_cents(23_456 * n as i64),
        total_balance: total,
    }
}

fn keep(name: &str, pdf: &[u8]) {
    if let Some(dir) = std::env::var_os("TRASTIENDA_RENDER_OUT") {
        std::fs::write(std::path::Path::new(&dir).join(name), pdf).unwrap();
    }
}

fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(pdf).unwrap();
    let path = file.path().to_str().unwrap().to_string();
    let mut all: Vec<&str> = args.to_vec();
    all.push(&path);
    if tool == "pdftotext" {
        all.push("-");
    }
    let out = Command::new(tool).args(&all).output().unwrap_or_else(|e| {
        panic!(
            "cannot run `{tool}` ({e}): the PDF tests read PDFs with poppler-utils; install it \
             with `apt-get install -y poppler-utils` (scripts/setup-system.sh does)"
        )
    });
    assert!(
        out.status.success(),
        "{tool} {all:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn text(pdf: &[u8]) -> String {
    poppler("pdftotext", &["-layout"], pdf)
}

fn page_text(pdf: &[u8], page: usize) -> String {
    let p = page.to_string();
    poppler("pdftotext", &["-layout", "-f", &p, "-l", &p], pdf)
}

fn page_count(pdf: &[u8]) -> usize {
    let info = poppler("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("pdfinfo prints Pages:")
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn csv_lists_accounts_with_exact_amounts_and_quoting() {
    let row = |code: &str, name: &str, dr: i64, cr: i64, group: bool| TrialBalanceRow {
        code: code.into(),
        name: name.into(),
        level: code.len().min(4) as u8,
        is_group: group,
        debit: Money::from_cents(dr),
        credit: Money::from_cents(cr),
        balance: Money::from_cents(dr - cr),
    };
    let tb = TrialBalance {
        from: None,
        to: None,
        rows: vec![
            row("4", "Acreedores y deudores", 150_000, 20_000, true),
            row("4300001", "García, \"el del bar\"", 150_000, 20_000, false),
            row("7", "Ventas", 0, 130_005, true),
            row("700", "Ventas de mercaderías", 0, 130_005, false),
            row("570", "Caja", 5, 0, false),
        ],
        total_debit: Money::from_cents(150_005),
        total_credit: Money::from_cents(150_005),
        total_balance: Money::ZERO,
    };
    let csv = String::from_utf8(trial_balance_csv(&tb).unwrap()).unwrap();
    assert_eq!(
        csv,
        "account,name,debit,credit,balance\n\
         4300001,\"García, \"\"el del bar\"\"\",1500.00,200.00,1300.00\n\
         700,Ventas de mercaderías,0.00,1300.05,-1300.05\n\
         570,Caja,0.05,0.00,0.05\n"
    );
}

#[test]
fn spanish_pdf_shows_letterhead_accounts_and_locale_totals() {
    let tb = pgc_year();
    let pdf = trial_balance_pdf(&tb, &company(), d(2027, 1, 15), Language::Es).unwrap();
    keep("trial-balance-es.pdf", &pdf);
    let t = text(&pdf);
    for expected in [
        "Ferretería Martínez, S.L.",
        "NIF: B12345678",
        "Balance de sumas y saldos",
        "Del 01/01/2026 al 31/12/2026",
        "Impreso el 15/01/2027",
        "Cuenta",
        "Nombre",
        "Debe",
        "Haber",
        "Saldo",
        "Capital social",
        "Proveedores",
        "Sueldos y salarios",
        "Ventas de mercaderías",
        "Totales",
        "199.776,25",
        "-48.500,00", // 700 Ventas: a credit balance, with its minus sign
        "Página 1 de 1",
    ] {
        assert!(t.contains(expected), "missing {expected:?} in:\n{t}");
    }
    // The totals row reads across: label, debit, credit, zero balance.
    let totals = t.lines().find(|l| l.contains("Totales")).unwrap();
    let words: Vec<&str> = totals.split_whitespace().collect();
    assert_eq!(words, ["Totales", "199.776,25", "199.776,25", "0,00"]);
    // A name too long for its column is cut with an ellipsis, not overprinted.
    assert!(!t.contains(LONG_NAME));
    assert!(t.contains("Comercial Hermanos García"));
    assert!(t.lines().any(|l| l.contains("4300001") && l.contains('…')));
    assert_eq!(page_count(&pdf), 1);
}

#[test]
fn english_pdf_speaks_english_and_groups_digits_the_english_way() {
    let pdf = trial_balance_pdf(&pgc_year(), &company(), d(2027, 1, 15), Language::En).unwrap();
    keep("trial-balance-en.pdf", &pdf);
    let t = text(&pdf);
    for expected in [
        "Trial balance",
        "From 01/01/2026 to 31/12/2026",
        "Printed on 15/01/2027",
        "Tax ID: B12345678",
        "Account",
        "Debit",
        "Credit",
        "Balance",
        "Totals",
        "199,776.25",
        "-48,500.00",
        "Page 1 of 1",
    ] {
        assert!(t.contains(expected), "missing {expected:?} in:\n{t}");
    }
    assert!(!t.contains("199.776,25") && !t.contains("Página"));
}

#[test]
fn a_one_page_pdf_is_small_because_its_fonts_are_subset() {
    let pdf = trial_balance_pdf(&pgc_year(), &company(), d(2027, 1, 15), Language::Es).unwrap();
    // Each face is ~400 KB in full; subset, the whole document is a few dozen KB.
    assert!(pdf.len() < 150_000, "{} bytes", pdf.len());
    let fonts = poppler("pdffonts", &[], &pdf);
    assert_eq!(
        fonts
            .lines()
            .filter(|l| l.contains("LiberationSans"))
            .count(),
        2,
        "{fonts}"
    );
    for face in ["+LiberationSans ", "+LiberationSans-Bold "] {
        let line = fonts.lines().find(|l| l.contains(face)).unwrap();
        // name, type..., encoding, then emb sub uni: embedded, subset, with a ToUnicode map.
        let flags: Vec<&str> = line.split_whitespace().rev().skip(2).take(3).collect();
        assert_eq!(flags, ["yes", "yes", "yes"], "{fonts}");
    }
}

#[test]
fn two_thousand_rows_paginate_with_headers_on_every_page_and_totals_on_the_last() {
    let n: usize = 2000;
    let per_page = rows_per_page();
    let last_rows = n - (n.div_ceil(per_page) - 1) * per_page;
    assert!(
        last_rows <= rows_on_a_page_with_totals(),
        "this case leaves room for the totals under the last rows"
    );
    let expected = n.div_ceil(per_page);
    let pdf = trial_balance_pdf(&customers(n), &company(), d(2027, 1, 15), Language::Es).unwrap();
    keep("trial-balance-2000.pdf", &pdf);
    assert_eq!(page_count(&pdf), expected);
    eprintln!("2,000 rows: {expected} pages, {} bytes", pdf.len());

    for page in [1, 2, expected] {
        let t = page_text(&pdf, page);
        assert!(
            t.contains("Ferretería Martínez, S.L."),
            "letterhead on page {page}"
        );
        assert!(t.contains("Todas las fechas"), "period on page {page}");
        let header = t
            .lines()
            .find(|l| l.contains("Cuenta"))
            .unwrap_or_else(|| panic!("no column header on page {page}:\n{t}"));
        let cols: Vec<&str> = header.split_whitespace().collect();
        assert_eq!(cols, ["Cuenta", "Nombre", "Debe", "Haber", "Saldo"]);
        assert!(
            t.contains(&format!("Página {page} de {expected}")),
            "footer on page {page}"
        );
        assert_eq!(
            t.contains("Totales"),
            page == expected,
            "totals only on the last page (page {page})"
        );
    }
    // Rows run on without gaps or repeats: page 2 starts where page 1 ended.
    let first_on_2 = format!("430{:04}", per_page + 1);
    assert!(page_text(&pdf, 2).contains(&first_on_2));
    assert!(!page_text(&pdf, 1).contains(&first_on_2));
    let last = page_text(&pdf, expected);
    assert!(last.contains("4302000"));
    assert!(last.contains("2.469.120,00"), "debit total 2000 × 1.234,56");
}

/// Regression: rows that exactly fill the last page must not push the totals alone onto a
/// page of their own; the last row goes over with them.
#[test]
fn totals_never_stand_alone_at_the_top_of_a_page() {
    let n = rows_per_page();
    let pdf = trial_balance_pdf(&customers(n), &company(), d(2027, 1, 15), Language::Es).unwrap();
    assert_eq!(page_count(&pdf), 2);
    let second = page_text(&pdf, 2);
    let last_code = format!("430{n:04}");
    assert!(second.contains(&last_code), "{second}");
    assert!(second.contains("Totales"));
    assert!(!page_text(&pdf, 1).contains(&last_code));
}

#[test]
fn an_empty_trial_balance_is_one_page_with_zero_totals() {
    let pdf = trial_balance_pdf(&customers(0), &company(), d(2027, 1, 15), Language::En).unwrap();
    assert_eq!(page_count(&pdf), 1);
    let t = text(&pdf);
    assert!(t.contains("All dates") && t.contains("Page 1 of 1"));
    let totals = t.lines().find(|l| l.contains("Totals")).unwrap();
    assert_eq!(
        totals.split_whitespace().collect::<Vec<_>>(),
        ["Totals", "0.00", "0.00", "0.00"]
    );
}
