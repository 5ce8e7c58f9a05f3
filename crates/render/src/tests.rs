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

// ---------------------------------------------------------------------------------------
// Statements, journal book and ledger

mod books_and_statements {
    use super::{company, d, keep, page_count, page_text, poppler, text};
    use crate::{
        journal_book_csv, journal_book_pdf, ledger_csv, ledger_pdf, statement_csv, statement_pdf,
    };
    use std::collections::BTreeMap;
    use trastienda_core::books::{
        BookEntry, BookLine, JournalBook, Ledger, LedgerAccount, LedgerRow,
    };
    use trastienda_core::chart::parse_template;
    use trastienda_core::statement::{
        build_statement, parse_layout, ColumnSpec, Statement, StatementAccount,
    };
    use trastienda_core::{AccountCode, AccountKind, Language, Money};

    const CHART: &str = include_str!("../../../assets/charts/es-pymes.csv");
    const BS: &str = include_str!("../../../assets/statements/es-pymes-balance-sheet.csv");
    const PL: &str = include_str!("../../../assets/statements/es-pymes-profit-loss.csv");

    fn eur(s: &str) -> Money {
        Money::parse(s).unwrap()
    }
    fn accounts() -> Vec<StatementAccount> {
        parse_template(CHART)
            .unwrap()
            .into_iter()
            .map(|a| StatementAccount {
                code: a.code,
                name: a.name,
                kind: a.kind,
            })
            .collect()
    }
    fn year() -> ColumnSpec {
        ColumnSpec {
            label: "2026".into(),
            from: Some(d(2026, 1, 1)),
            to: Some(d(2026, 12, 31)),
        }
    }
    /// The hand-checked company of core's statement tests.
    fn balances() -> BTreeMap<String, Money> {
        [
            ("100", "-3000"),
            ("217", "1500"),
            ("281", "-300"),
            ("400", "-1840"),
            ("430", "3495"),
            ("472", "840"),
            ("477", "-1995"),
            ("5720001", "6500"),
            ("5720002", "-2600"),
            ("600", "4000"),
            ("640", "2000"),
            ("642", "600"),
            ("681", "300"),
            ("700", "-10000"),
            ("706", "500"),
        ]
        .iter()
        .map(|(c, m)| (c.to_string(), eur(m)))
        .collect()
    }
    fn statement(
        layout: &str,
        cols: Vec<ColumnSpec>,
        b: &[BTreeMap<String, Money>],
        lang: Language,
    ) -> Statement {
        build_statement(&parse_layout(layout).unwrap(), &accounts(), cols, b, lang)
    }

    #[test]
    fn balance_sheet_pdf_prints_the_model_and_its_totals() {
        let s = statement(BS, vec![year()], &[balances()], Language::Es);
        let pdf = statement_pdf(&s, &company(), d(2027, 1, 15), Language::Es).unwrap();
        keep("balance-sheet-es.pdf", &pdf);
        let t = text(&pdf);
        for expected in [
            "Ferretería Martínez, S.L.",
            "NIF: B12345678",
            "Balance (PYMES)",
            "Del 01/01/2026 al 31/12/2026",
            "Impreso el 15/01/2027",
            "ACTIVO NO CORRIENTE",
            "Inmovilizado material",
            "Deudas con entidades de crédito",
            "Página 1 de 2",
            "Página 2 de 2",
        ] {
            assert!(t.contains(expected), "missing {expected:?} in:\n{t}");
        }
        let line = |label: &str| {
            t.lines()
                .find(|l| l.contains(label))
                .unwrap_or_else(|| panic!("no {label} in\n{t}"))
                .split_whitespace()
                .last()
                .unwrap()
                .to_string()
        };
        assert_eq!(line("TOTAL ACTIVO (A+B)"), "12.035,00");
        assert_eq!(line("TOTAL PATRIMONIO NETO Y PASIVO"), "12.035,00");
        assert_eq!(line("Resultado del ejercicio"), "2.600,00");
        assert_eq!(line("Clientes por ventas"), "3.495,00");
        assert!(!t.contains("NO CUADRA"));
        // The model has 60 lines: the balance sheet takes two pages, letterhead on both.
        assert_eq!(page_count(&pdf), 2);
        let second = page_text(&pdf, 2);
        assert!(second.contains("Ferretería Martínez, S.L."));
        // The break falls between the two halves, not inside one.
        assert!(
            t.find("TOTAL ACTIVO").unwrap() < t.find('\u{c}').unwrap(),
            "assets on page 1"
        );
        assert!(second.contains("PATRIMONIO NETO Y PASIVO") && second.contains("Fondos propios"));
        let size = poppler("pdfinfo", &[], &pdf);
        assert!(
            size.contains("Page size:       595.2"),
            "portrait A4: {size}"
        );

        let pl = statement(PL, vec![year()], &[balances()], Language::En);
        let t = text(&statement_pdf(&pl, &company(), d(2027, 1, 15), Language::En).unwrap());
        assert!(t.contains("Profit and loss account (SMEs)") && t.contains("Page 1 of 1"));
        let rev = t.lines().find(|l| l.contains("Revenue")).unwrap();
        assert!(rev.trim_end().ends_with("9,500.00"), "{rev}");
        let staff = t.lines().find(|l| l.contains("Staff costs")).unwrap();
        assert!(staff.trim_end().ends_with("-2,600.00"), "{staff}");
    }

    #[test]
    fn a_statement_that_does_not_balance_says_so_and_lists_unassigned_accounts() {
        let mut b = balances();
        b.insert("570".into(), eur("12.34"));
        let s = statement(BS, vec![year()], &[b.clone()], Language::Es);
        let pdf = statement_pdf(&s, &company(), d(2027, 1, 15), Language::Es).unwrap();
        keep("balance-sheet-unbalanced.pdf", &pdf);
        let t = text(&pdf);
        assert!(
            t.contains("EL BALANCE NO CUADRA: diferencia 12,34 €"),
            "{t}"
        );

        b.insert("677".into(), eur("45.60"));
        let mut accts = accounts();
        accts.push(StatementAccount {
            code: AccountCode::parse("677").unwrap(),
            name: "Gastos excepcionales".into(),
            kind: AccountKind::Expense,
        });
        let pl = build_statement(
            &parse_layout(PL).unwrap(),
            &accts,
            vec![year()],
            &[b],
            Language::Es,
        );
        let t = text(&statement_pdf(&pl, &company(), d(2027, 1, 15), Language::Es).unwrap());
        assert!(
            t.contains("Cuenta 677 Gastos excepcionales sin asignar a ninguna línea: 45,60"),
            "{t}"
        );
        let t = text(&statement_pdf(&s, &company(), d(2027, 1, 15), Language::En).unwrap());
        assert!(t.contains("DOES NOT BALANCE: difference 12.34 €"), "{t}");
    }

    #[test]
    fn a_monthly_statement_prints_landscape_with_every_month() {
        const MONTHS: [&str; 12] = [
            "ene 2026", "feb 2026", "mar 2026", "abr 2026", "may 2026", "jun 2026", "jul 2026",
            "ago 2026", "sep 2026", "oct 2026", "nov 2026", "dic 2026",
        ];
        let mut cols: Vec<ColumnSpec> = MONTHS
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let month = u32::try_from(i + 1).unwrap();
                ColumnSpec {
                    label: (*m).into(),
                    from: Some(d(2026, month, 1)),
                    to: None,
                }
            })
            .collect();
        cols.push(ColumnSpec {
            label: "Total".into(),
            from: Some(d(2026, 1, 1)),
            to: Some(d(2026, 12, 31)),
        });
        let mut month = BTreeMap::new();
        month.insert("700".to_string(), eur("-123456.78"));
        month.insert("640".to_string(), eur("98765.43"));
        let mut total = BTreeMap::new();
        total.insert("700".to_string(), eur("-1481481.36"));
        total.insert("640".to_string(), eur("1185185.16"));
        let mut b = vec![month; 12];
        b.push(total);
        let s = statement(PL, cols, &b, Language::Es);
        let pdf = statement_pdf(&s, &company(), d(2027, 1, 15), Language::Es).unwrap();
        keep("profit-loss-monthly.pdf", &pdf);
        let info = poppler("pdfinfo", &[], &pdf);
        assert!(
            info.contains("Page size:       841.89 x 595.2"),
            "landscape: {info}"
        );
        let t = text(&pdf);
        for m in MONTHS {
            assert!(t.contains(m), "missing {m} in\n{t}");
        }
        assert!(t.contains("Total"));
        let rev = t.lines().find(|l| l.contains("Importe neto")).unwrap();
        let figures: Vec<&str> = rev.split_whitespace().filter(|w| w.contains(',')).collect();
        assert_eq!(figures.len(), 13, "{rev}");
        assert!(figures[..12].iter().all(|f| *f == "123.456,78"), "{rev}");
        assert_eq!(figures[12], "1.481.481,36", "never cut: {rev}");
        assert!(t.contains("Página 1 de 1"));
    }

    #[test]
    fn statement_csv_parses_back_to_the_exact_figures() {
        let prior: BTreeMap<String, Money> = [("100", "-3000"), ("5720001", "3000")]
            .iter()
            .map(|(c, m)| (c.to_string(), eur(m)))
            .collect();
        let s = statement(
            BS,
            vec![
                year(),
                ColumnSpec {
                    label: "2025".into(),
                    from: None,
                    to: Some(d(2025, 12, 31)),
                },
            ],
            &[balances(), prior],
            Language::Es,
        );
        let bytes = statement_csv(&s).unwrap();
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(
            r.headers().unwrap(),
            vec!["key", "code", "label", "2026", "2025"]
        );
        let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), s.lines.len());
        let find = |key: &str| rows.iter().find(|r| &r[0] == key).unwrap().clone();
        let ta = find("TA");
        assert_eq!(
            (&ta[2], &ta[3], &ta[4]),
            ("TOTAL ACTIVO (A+B)", "12035.00", "3000.00")
        );
        let sub = find("PN.2");
        assert_eq!(
            &sub[2], "Subvenciones, donaciones y legados recibidos",
            "quoted comma"
        );
        assert_eq!(&find("PC.2.1")[3], "2600.00");
        assert_eq!(&find("ANC.2")[1], "II.");
    }

    fn journal(n: i64) -> JournalBook {
        let mut entries = Vec::new();
        let mut total = Money::ZERO;
        for i in 1..=n {
            // 2 to 6 lines; account codes carry the entry number so tests can find them.
            let lines_n = 2 + (i % 5);
            let mut lines = Vec::new();
            for j in 0..lines_n {
                let amt = Money::from_cents(10_000 + i * 100 + j);
                let (debit, credit) = if j + 1 < lines_n {
                    (amt, Money::ZERO)
                } else {
                    (Money::ZERO, Money::ZERO)
                };
                lines.push(BookLine {
                    account: format!("6{i:03}{j:02}"),
                    account_name: format!("Cuenta {j} del asiento {i}"),
                    description: String::new(),
                    debit,
                    credit,
                });
            }
            let sum: Money = lines.iter().map(|l| l.debit).sum();
            lines.last_mut().unwrap().credit = sum;
            lines.last_mut().unwrap().account = format!("5{i:03}99");
            total += sum;
            entries.push(BookEntry {
                id: i,
                number: i,
                fiscal_year: 2026,
                date: d(2026, 1, 1) + chrono::Days::new(u64::try_from(i).unwrap()),
                description: format!("Factura {i}, \"varios\""),
                reference: (i % 3 == 0).then(|| format!("F-{i}")),
                kind_label: "Normal".into(),
                lines,
            });
        }
        JournalBook {
            from: Some(d(2026, 1, 1)),
            to: Some(d(2026, 12, 31)),
            entries,
            total_debit: total,
            total_credit: total,
        }
    }

    #[test]
    fn a_multi_page_journal_book_keeps_each_entry_on_one_page() {
        let b = journal(60);
        let pdf = journal_book_pdf(&b, &company(), d(2027, 1, 15), Language::Es).unwrap();
        keep("journal-book.pdf", &pdf);
        let pages = page_count(&pdf);
        assert!(pages >= 5, "{pages} pages");
        let texts: Vec<String> = (1..=pages).map(|p| page_text(&pdf, p)).collect();
        for (i, t) in texts.iter().enumerate() {
            assert!(t.contains("Ferretería Martínez, S.L.") && t.contains("Libro diario"));
            assert!(
                t.contains(&format!("Página {} de {pages}", i + 1)),
                "footer on {}",
                i + 1
            );
            let header: Vec<&str> = t
                .lines()
                .find(|l| l.contains("Asiento"))
                .unwrap()
                .split_whitespace()
                .collect();
            assert_eq!(
                header,
                ["Asiento", "Fecha", "Cuenta", "Nombre", "/", "Concepto", "Debe", "Haber"]
            );
        }
        for e in &b.entries {
            let on: Vec<usize> = texts
                .iter()
                .enumerate()
                .filter(|(_, t)| e.lines.iter().any(|l| t.contains(&l.account)))
                .map(|(p, _)| p)
                .collect();
            assert_eq!(on.len(), 1, "entry {} split over pages {on:?}", e.number);
            let t = &texts[on[0]];
            assert!(e.lines.iter().all(|l| t.contains(&l.account)));
            assert!(
                t.contains(&format!("Factura {}, \"varios\"", e.number)),
                "header with its lines"
            );
        }
        let last = &texts[pages - 1];
        let totals = last.lines().find(|l| l.contains("Totales")).unwrap();
        let total = trastienda_core::money::format_grouped(b.total_debit, Language::Es);
        assert_eq!(
            totals.split_whitespace().collect::<Vec<_>>(),
            ["Totales", &total, &total]
        );
        assert!(texts[0].contains("(Ref. F-3)"));
    }

    #[test]
    fn journal_book_csv_has_one_row_per_line() {
        let b = journal(3);
        let bytes = journal_book_csv(&b).unwrap();
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(
            r.headers().unwrap(),
            vec![
                "entry",
                "date",
                "account",
                "account_name",
                "description",
                "debit",
                "credit",
                "reference"
            ]
        );
        let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 3 + 4 + 5, "entries of 3, 4 and 5 lines");
        assert_eq!(
            rows[0].iter().collect::<Vec<_>>(),
            [
                "1",
                "2026-01-02",
                "600100",
                "Cuenta 0 del asiento 1",
                "Factura 1, \"varios\"",
                "101.00",
                "0.00",
                ""
            ]
        );
        assert_eq!(&rows[2][6], "202.01", "101.00 + 101.01");
        assert_eq!(&rows[11][7], "F-3");
    }

    fn ledger() -> Ledger {
        let mut accounts = Vec::new();
        for a in 0..25i64 {
            let opening = Money::from_cents(a * 1000 - 5000);
            let mut balance = opening;
            let mut rows = Vec::new();
            let (mut td, mut tc) = (Money::ZERO, Money::ZERO);
            for k in 0..(a % 7 + 1) {
                let (debit, credit) = if k % 2 == 0 {
                    (Money::from_cents(2500 + k), Money::ZERO)
                } else {
                    (Money::ZERO, Money::from_cents(1200))
                };
                balance += debit - credit;
                td += debit;
                tc += credit;
                rows.push(LedgerRow {
                    date: d(2026, 2, 1) + chrono::Days::new(u64::try_from(k).unwrap()),
                    entry_number: a * 10 + k,
                    description: format!("Movimiento {k} de la cuenta {a}"),
                    debit,
                    credit,
                    balance,
                });
            }
            accounts.push(LedgerAccount {
                code: format!("57200{a:02}"),
                name: format!("Banco {a}"),
                opening,
                rows,
                total_debit: td,
                total_credit: tc,
                closing: balance,
            });
        }
        Ledger {
            from: Some(d(2026, 1, 1)),
            to: Some(d(2026, 12, 31)),
            accounts,
        }
    }

    #[test]
    fn the_ledger_prints_each_account_with_opening_movements_and_totals() {
        let l = ledger();
        let pdf = ledger_pdf(&l, &company(), d(2027, 1, 15), Language::Es).unwrap();
        keep("ledger.pdf", &pdf);
        let pages = page_count(&pdf);
        assert!(pages >= 2, "{pages}");
        let texts: Vec<String> = (1..=pages).map(|p| page_text(&pdf, p)).collect();
        for (i, t) in texts.iter().enumerate() {
            assert!(t.contains("Libro mayor") && t.contains("NIF: B12345678"));
            assert!(t.contains(&format!("Página {} de {pages}", i + 1)));
            let header: Vec<&str> = t
                .lines()
                .find(|l| l.contains("Fecha"))
                .unwrap()
                .split_whitespace()
                .collect();
            assert_eq!(
                header,
                ["Fecha", "Asiento", "Concepto", "Debe", "Haber", "Saldo"]
            );
        }
        let all = texts.join("\n");
        let a3 = &l.accounts[3];
        assert!(all.contains("5720003") && all.contains("Banco 3"));
        // Account 3: opening -20,00; +25,00 -12,00 +25,02 -12,00 → 6,02.
        let opening = all
            .lines()
            .filter(|x| x.contains("Saldo anterior"))
            .nth(3)
            .unwrap();
        assert!(opening.trim_end().ends_with("-20,00"), "{opening}");
        let totals = all
            .lines()
            .find(|x| x.contains("Total cuenta 5720003"))
            .unwrap();
        assert_eq!(
            totals.split_whitespace().collect::<Vec<_>>(),
            ["Total", "cuenta", "5720003", "50,02", "24,00", "6,02"]
        );
        assert_eq!(a3.closing, eur("6.02"));
        // A section's heading and opening row stay with the rest of it on one page.
        for a in &l.accounts {
            let heading = texts
                .iter()
                .position(|t| t.lines().any(|x| x.trim_start().starts_with(&a.code)))
                .unwrap();
            let totals = texts
                .iter()
                .position(|t| t.contains(&format!("Total cuenta {}", a.code)))
                .unwrap();
            assert!(
                totals == heading || a.rows.len() > 40,
                "{} starts on {heading}, ends on {totals}",
                a.code
            );
        }
        let en = text(&ledger_pdf(&l, &company(), d(2027, 1, 15), Language::En).unwrap());
        assert!(
            en.contains("General ledger")
                && en.contains("Opening balance")
                && en.contains("Account total 5720003")
        );
    }

    #[test]
    fn ledger_csv_has_an_opening_row_per_account() {
        let mut l = ledger();
        l.accounts.truncate(2);
        let bytes = ledger_csv(&l, Language::Es).unwrap();
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(
            r.headers().unwrap(),
            vec![
                "account",
                "account_name",
                "date",
                "entry",
                "description",
                "debit",
                "credit",
                "balance"
            ]
        );
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(rows.len(), 1 + 1 + 1 + 2);
        assert_eq!(
            rows[0],
            [
                "5720000",
                "Banco 0",
                "2026-01-01",
                "",
                "Saldo anterior",
                "0.00",
                "0.00",
                "-50.00"
            ]
        );
        assert_eq!(
            rows[1],
            [
                "5720000",
                "Banco 0",
                "2026-02-01",
                "0",
                "Movimiento 0 de la cuenta 0",
                "25.00",
                "0.00",
                "-25.00"
            ]
        );
        assert_eq!(rows[4][7], "-27.00", "-40.00 + 25.00 - 12.00");
        let en = String::from_utf8(ledger_csv(&l, Language::En).unwrap()).unwrap();
        assert!(en.contains(",,opening,"));
    }
}
