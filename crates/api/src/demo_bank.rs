//! The demo's bank account: 'Cuenta principal' on 5720001 with the IBAN its invoices print,
//! and a statement of the last days imported. The statement agrees with the books: it opens
//! with the account's book balance the day before its first day, carries one line for every
//! entry on 5720001 since (each reconciled with its entry on import, as a user would have), and
//! adds the movements the books do not have yet, left open to reconcile — a transfer paying the
//! latest fully open invoice, another paying two invoices of one customer at once, a fee, a
//! receipt, a card terminal deposit. So the statement's closing balance is the book balance
//! plus the open lines, at any day of the statement. No entries are posted here.

use crate::error::ApiError;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use trastienda_core::bank::{BankLine, Format, Statement, StatementAccount};
use trastienda_core::{AccountCode, Money};
use trastienda_store::{BankAccountInput, BankLineFilter, Company, EntryFilter, EntryOrder};

/// How many days the demo statement covers (today included).
const DAYS: i64 = 10;

/// A statement line to be: (date, cents, description, counterparty, reference, the entry it
/// is already in the books as).
type Move = (NaiveDate, i64, String, String, String, Option<i64>);

pub fn add_bank(
    company: &mut Company,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let iban = company.invoice_profile()?.iban;
    let first = today - Duration::days(DAYS - 1);
    let ledger = AccountCode::parse("5720001").expect("valid code");
    // The entries on the bank account over the statement's days, oldest first.
    let mut booked: Vec<Move> = Vec::new();
    let mut page = 0;
    loop {
        let (entries, total) = company.list_entries(
            &EntryFilter {
                from: Some(first),
                to: Some(today),
                account: Some(ledger.clone()),
                order: EntryOrder::DateAsc,
                ..EntryFilter::default()
            },
            page,
            500,
        )?;
        for e in &entries {
            let posted = company.entry(e.id)?;
            let cents: i64 = posted
                .lines
                .iter()
                .filter(|l| l.account == ledger)
                .map(|l| l.amount.cents())
                .sum();
            if cents != 0 {
                booked.push((
                    e.date,
                    cents,
                    e.description.to_uppercase().chars().take(60).collect(),
                    String::new(),
                    e.reference.clone().unwrap_or_default(),
                    Some(e.id),
                ));
            }
        }
        page += 1;
        if entries.is_empty() || u64::from(page) * 500 >= total {
            break;
        }
    }
    let account = company.save_bank_account(
        None,
        &BankAccountInput {
            name: "Cuenta principal".into(),
            iban: iban.clone(),
            account: Some(ledger.as_str().into()),
            ..BankAccountInput::default()
        },
        now,
    )?;
    let opening = company
        .bank_balances_at(account.id, Some(first - Duration::days(1)))?
        .book;
    // The account as opened in the app: its balance the day before the statement.
    company.save_bank_account(
        Some(account.id),
        &BankAccountInput {
            name: account.name.clone(),
            iban: iban.clone(),
            account: Some(account.account.clone()),
            opening_date: Some(first - Duration::days(1)),
            opening_balance: opening,
            ..BankAccountInput::default()
        },
        now,
    )?;

    // What the bank has that the books do not (yet).
    let open_items = company.open_invoices(today, None)?;
    let fully_open = |o: &&trastienda_store::OpenItem| o.open == o.total && o.open > Money::ZERO;
    // One transfer pays the latest fully open invoice exactly, so the reconciliation screen
    // has a document to suggest.
    let paid = open_items
        .iter()
        .filter(fully_open)
        .max_by_key(|o| (o.issue_date, o.invoice_id));
    // Another pays two fully open invoices of one customer at once (a split across documents).
    let pair = open_items
        .iter()
        .filter(fully_open)
        .filter(|o| Some(o.invoice_id) != paid.map(|p| p.invoice_id))
        .filter_map(|o| o.customer_id.map(|c| (c, o)))
        .fold(
            std::collections::BTreeMap::<i64, Vec<&trastienda_store::OpenItem>>::new(),
            |mut m, (c, o)| {
                m.entry(c).or_default().push(o);
                m
            },
        )
        .into_values()
        .filter(|v| v.len() >= 2)
        .map(|mut v| {
            v.sort_by_key(|o| (o.issue_date, o.invoice_id));
            (v[v.len() - 2], v[v.len() - 1])
        })
        .max_by_key(|(_, b)| (b.issue_date, b.invoice_id));
    let day = |ago: i64| today - Duration::days(ago);
    let mut extra: Vec<Move> = vec![
        (
            day(9),
            -4_356,
            "RECIBO ENDESA ENERGIA".into(),
            "ENDESA ENERGIA SAU".into(),
            "LUZ-0412".into(),
            None,
        ),
        (
            day(8),
            121_000,
            "TRANSFERENCIA RECIBIDA".into(),
            "HOTEL MIRASIERRA SL".into(),
            "FRA 2026-0003".into(),
            None,
        ),
        (
            day(6),
            -1_250,
            "COMISION MANTENIMIENTO".into(),
            String::new(),
            String::new(),
            None,
        ),
        (
            day(4),
            -68_970,
            "TRANSFERENCIA EMITIDA".into(),
            "DISTRIBUCIONES OFICINA SA".into(),
            "PAGO FACTURA".into(),
            None,
        ),
        (
            day(2),
            36_300,
            "INGRESO TPV".into(),
            String::new(),
            "TPV 0001".into(),
            None,
        ),
        (
            day(1),
            -2_999,
            "RECIBO MOVISTAR".into(),
            "TELEFONICA DE ESPANA SAU".into(),
            "TEL-0413".into(),
            None,
        ),
    ];
    if let Some((a, b)) = pair {
        extra.push((
            day(7),
            (a.open + b.open).cents(),
            "TRANSFERENCIA RECIBIDA".into(),
            a.customer_name.clone(),
            format!("FRAS {} Y {}", a.full_number, b.full_number),
            None,
        ));
    }
    if let Some(o) = paid {
        extra.push((
            day(3),
            o.open.cents(),
            "TRANSFERENCIA RECIBIDA".into(),
            o.customer_name.clone(),
            format!("FRA {}", o.full_number),
            None,
        ));
    }
    // By day: the day's booked movements first, then the others.
    let mut moves = booked;
    moves.extend(extra);
    moves.sort_by_key(|m| (m.0, m.5.is_none()));

    let mut balance = opening;
    let lines: Vec<BankLine> = moves
        .iter()
        .enumerate()
        .map(|(i, (date, cents, desc, who, reference, _))| {
            balance += Money::from_cents(*cents);
            BankLine {
                date: *date,
                value_date: Some(*date),
                amount: Money::from_cents(*cents),
                description: desc.clone(),
                reference: reference.clone(),
                counterparty: who.clone(),
                balance_after: Some(balance),
                source_line: i as u32 + 2,
            }
        })
        .collect();
    let statement = Statement {
        format: Format::Norma43,
        accounts: vec![StatementAccount {
            account_id: iban.unwrap_or_default(),
            currency: "EUR".into(),
            opening_balance: Some(opening),
            closing_balance: Some(balance),
            from: lines.first().map(|l| l.date),
            to: lines.last().map(|l| l.date),
            lines,
        }],
    };
    company.import_statement(account.id, "extracto-demo.n43", None, &statement, now)?;

    // The booked movements reconciled with their entries (lines and moves share their order:
    // the import keeps the file's order, and ids grow with it).
    let mut ids: Vec<(NaiveDate, i64)> = Vec::new();
    company.each_bank_line(
        &BankLineFilter {
            account_id: account.id,
            ..BankLineFilter::default()
        },
        |l| {
            ids.push((l.date, l.id));
            Ok::<(), ApiError>(())
        },
    )??;
    ids.sort();
    for ((_, line_id), m) in ids.iter().zip(&moves) {
        if let Some(entry_id) = m.5 {
            company.reconcile_with_entry(*line_id, entry_id, now)?;
        }
    }
    Ok(())
}
