//! Reconciliation benchmark: `bank_suggestions` for statement lines on the receivables bench's
//! company (100 000 issued invoices over 2 000 customers, built once and cached in
//! target/bench-data/ by the builder shared with aging.rs, shared/receivables_data.rs). The
//! cached file is copied, a bank account and five lines are imported into the copy, and each
//! line's suggestions are timed: an exact open amount, an invoice number in the concept, a
//! customer's name, and nothing findable (money in and money out). See README.md.
#[path = "../tests/common/mod.rs"]
mod common;

use chrono::NaiveDate;
use common::*;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use trastienda_core::bank::{BankLine, Format, Statement, StatementAccount};
use trastienda_core::Money;
use trastienda_store::{BankAccountInput, BankLineFilter, Company};

#[path = "shared/receivables_data.rs"]
mod receivables_data;
use receivables_data::*;

fn line(date: NaiveDate, cents: i64, description: &str, n: u32) -> BankLine {
    BankLine {
        date,
        value_date: Some(date),
        amount: Money::from_cents(cents),
        description: description.into(),
        reference: String::new(),
        counterparty: String::new(),
        balance_after: None,
        source_line: n,
    }
}

/// A copy of the aging file with a bank account and the five lines; their ids by case.
fn reconcile_company(n: usize) -> (Company, Vec<(&'static str, i64)>) {
    drop(company(n));
    let dir = bench_data_dir();
    let src = dir.join(format!("aging-{n}-g{GENERATOR_VERSION}.trastienda"));
    let path = dir.join(format!("reconcile-{n}-g{GENERATOR_VERSION}.trastienda"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    std::fs::copy(&src, &path).unwrap();
    let mut c = Company::open(&path, now()).unwrap();
    let as_of = d(2026, 11, 30);
    let open = c.open_invoices(as_of, Some(7)).unwrap();
    let by_amount = open.first().expect("customer 7 has open invoices");
    let by_number = open.last().unwrap();
    let account = c
        .save_bank_account(
            None,
            &BankAccountInput {
                name: "Banco bench".into(),
                iban: Some("ES9121000418450200051332".into()),
                create_ledger_account: true,
                ..BankAccountInput::default()
            },
            now(),
        )
        .unwrap();
    let day = d(2026, 11, 20);
    let cases = [
        (
            "exact amount",
            by_amount.open.cents(),
            "TRANSFERENCIA RECIBIDA".to_string(),
        ),
        (
            "number in the concept",
            123_457,
            format!("TRANSF. PAGO FRA {}", by_number.full_number),
        ),
        (
            "customer name",
            98_765,
            "TRANSF. DE CLIENTE 0042 SL".to_string(),
        ),
        ("nothing (money in)", 77_777, "ABONO VARIOS".to_string()),
        (
            "nothing (money out)",
            -1_234,
            "COMISION MANTENIMIENTO".to_string(),
        ),
    ];
    let lines: Vec<BankLine> = cases
        .iter()
        .enumerate()
        .map(|(i, (_, cents, text))| line(day, *cents, text, i as u32 + 2))
        .collect();
    let statement = Statement {
        format: Format::Norma43,
        accounts: vec![StatementAccount {
            account_id: "21000418450200051332".into(),
            currency: "EUR".into(),
            opening_balance: None,
            closing_balance: None,
            from: Some(day),
            to: Some(day),
            lines,
        }],
    };
    c.import_statement(account.id, "bench.n43", None, &statement, now())
        .unwrap();
    let page = c
        .bank_lines(&BankLineFilter {
            account_id: account.id,
            page_size: 100,
            ..BankLineFilter::default()
        })
        .unwrap();
    let ids = cases
        .iter()
        .map(|(label, cents, _)| {
            let l = page
                .rows
                .iter()
                .find(|l| l.amount.cents() == *cents)
                .unwrap();
            (*label, l.id)
        })
        .collect();
    (c, ids)
}

fn reconcile(c: &mut Criterion) {
    let n = invoices_wanted();
    let (company, lines) = reconcile_company(n);
    for (label, id) in &lines {
        let s = first_and_median(&format!("bank_suggestions ({label})"), 9, || {
            company.bank_suggestions(*id).unwrap()
        });
        eprintln!(
            "  {} suggestions{}",
            s.len(),
            s.first()
                .map(|x| format!(", first: {} ({}, score {})", x.label, x.kind, x.score))
                .unwrap_or_default()
        );
    }
    let mut g = c.benchmark_group(format!("reconcile_{n}"));
    g.sample_size(20);
    for (label, id) in &lines {
        g.bench_function(label.replace(' ', "_"), |b| {
            b.iter(|| company.bank_suggestions(black_box(*id)).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, reconcile);
criterion_main!(benches);
