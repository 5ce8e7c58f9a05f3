//! The demo's bank account: 'Cuenta principal' on 5720001 with the IBAN its invoices print,
//! and a statement of the last days imported (lines only: no entries are posted, so the
//! demo's books do not change; the lines wait to be reconciled).

use crate::error::ApiError;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use trastienda_core::bank::{BankLine, Format, Statement, StatementAccount};
use trastienda_core::Money;
use trastienda_store::{BankAccountInput, Company};

pub fn add_bank(
    company: &mut Company,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let iban = company.invoice_profile()?.iban;
    let account = company.save_bank_account(
        None,
        &BankAccountInput {
            name: "Cuenta principal".into(),
            iban: iban.clone(),
            account: Some("5720001".into()),
            ..BankAccountInput::default()
        },
        now,
    )?;
    let book = company
        .list_bank_accounts()?
        .into_iter()
        .find(|r| r.account.id == account.id)
        .map(|r| r.book_balance)
        .unwrap_or(Money::ZERO);
    // One transfer pays the latest fully open invoice exactly, so the reconciliation screen
    // has a document to suggest.
    let paid = company
        .open_invoices(today, None)?
        .into_iter()
        .filter(|o| o.open == o.total && o.open > Money::ZERO)
        .max_by_key(|o| (o.issue_date, o.invoice_id));
    let paid_ref = paid.as_ref().map(|o| format!("FRA {}", o.full_number));
    let mut moves: Vec<(i64, i64, &str, &str, &str)> = vec![
        (
            9,
            -4_356,
            "RECIBO ENDESA ENERGIA",
            "ENDESA ENERGIA SAU",
            "LUZ-0412",
        ),
        (
            8,
            121_000,
            "TRANSFERENCIA RECIBIDA",
            "HOTEL MIRASIERRA SL",
            "FRA 2026-0003",
        ),
        (6, -1_250, "COMISION MANTENIMIENTO", "", ""),
        (
            4,
            -68_970,
            "TRANSFERENCIA EMITIDA",
            "DISTRIBUCIONES OFICINA SA",
            "PAGO FACTURA",
        ),
        (2, 36_300, "INGRESO TPV", "", "TPV 0001"),
        (
            1,
            -2_999,
            "RECIBO MOVISTAR",
            "TELEFONICA DE ESPANA SAU",
            "TEL-0413",
        ),
    ];
    if let (Some(o), Some(reference)) = (&paid, &paid_ref) {
        let at = moves.iter().position(|m| m.0 < 3).unwrap_or(moves.len());
        moves.insert(
            at,
            (
                3,
                o.open.cents(),
                "TRANSFERENCIA RECIBIDA",
                &o.customer_name,
                reference,
            ),
        );
    }
    let mut balance = book;
    let lines: Vec<BankLine> = moves
        .iter()
        .enumerate()
        .map(|(i, (ago, cents, desc, who, reference))| {
            let date = today - Duration::days(*ago);
            balance += Money::from_cents(*cents);
            BankLine {
                date,
                value_date: Some(date),
                amount: Money::from_cents(*cents),
                description: (*desc).into(),
                reference: (*reference).into(),
                counterparty: (*who).into(),
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
            opening_balance: Some(book),
            closing_balance: Some(balance),
            from: lines.first().map(|l| l.date),
            to: lines.last().map(|l| l.date),
            lines,
        }],
    };
    company.import_statement(account.id, "extracto-demo.n43", None, &statement, now)?;
    Ok(())
}
