//! Year-end close as PGC practice does it: the regularisation entry (income and expense
//! accounts into the result account, 129 in the PGC), the closing entry (every remaining
//! balance to zero) and the next year's opening entry (the closing entry mirrored). Pure: the
//! store supplies the year-end balances and posts what this returns.

use crate::entry::{BalancedEntry, EntryDraft, EntryKind, EntryLine};
use crate::{AccountCode, AccountKind, Language, Money};
use chrono::NaiveDate;

/// An account's balance at year end, debit minus credit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearEndBalance {
    pub code: AccountCode,
    pub kind: AccountKind,
    pub balance: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearEnd {
    /// None when no income or expense account has a balance.
    pub regularisation: Option<BalancedEntry>,
    /// None when nothing has a balance after regularisation.
    pub closing: Option<BalancedEntry>,
    pub opening: Option<BalancedEntry>,
    /// Profit (positive) or loss (negative) of the year.
    pub result: Money,
}

fn build(
    date: NaiveDate,
    description: String,
    kind: EntryKind,
    amounts: Vec<(AccountCode, Money)>,
) -> Option<BalancedEntry> {
    let lines: Vec<EntryLine> = amounts
        .into_iter()
        .filter(|(_, m)| !m.is_zero())
        .map(|(account, m)| {
            let (debit, credit) = m.sides();
            EntryLine {
                account,
                description: String::new(),
                debit,
                credit,
            }
        })
        .collect();
    if lines.len() < 2 {
        return None;
    }
    BalancedEntry::new(EntryDraft {
        date,
        description,
        lines,
    })
    .ok()
    .map(|e| e.with_kind(kind))
}

/// The three year-end entries for fiscal year `year` (ending `end`, the next starting
/// `next_start`) from the balances at year end. Income and expense accounts are regularised
/// into `result_account`; every other account with a balance is closed and reopened.
pub fn year_end_entries(
    balances: &[YearEndBalance],
    result_account: &AccountCode,
    year: i32,
    end: NaiveDate,
    next_start: NaiveDate,
    lang: Language,
) -> YearEnd {
    let mut sorted: Vec<&YearEndBalance> =
        balances.iter().filter(|b| !b.balance.is_zero()).collect();
    sorted.sort_by(|a, b| a.code.cmp(&b.code));
    let is_pl = |k: AccountKind| matches!(k, AccountKind::Income | AccountKind::Expense);

    // Regularisation: each income/expense balance reversed, the net into the result account.
    let mut reg: Vec<(AccountCode, Money)> = sorted
        .iter()
        .filter(|b| is_pl(b.kind))
        .map(|b| (b.code.clone(), -b.balance))
        .collect();
    let pl_net: Money = sorted
        .iter()
        .filter(|b| is_pl(b.kind))
        .map(|b| b.balance)
        .sum();
    // Net debit of the P&L accounts is a loss: the result account takes it on its debit.
    if !pl_net.is_zero() {
        reg.push((result_account.clone(), pl_net));
    }
    let (reg_desc, close_desc, open_desc) = match lang {
        Language::Es => (
            format!("Regularización del ejercicio {year}"),
            format!("Asiento de cierre del ejercicio {year}"),
            format!("Asiento de apertura del ejercicio {}", year + 1),
        ),
        Language::En => (
            format!("Regularisation of fiscal year {year}"),
            format!("Closing entry of fiscal year {year}"),
            format!("Opening entry of fiscal year {}", year + 1),
        ),
    };
    let regularisation = build(end, reg_desc, EntryKind::Regularisation, reg);

    // After regularisation: balance-sheet accounts, the result account adding the net.
    let mut after: Vec<(AccountCode, Money)> = sorted
        .iter()
        .filter(|b| !is_pl(b.kind))
        .map(|b| (b.code.clone(), b.balance))
        .collect();
    if !pl_net.is_zero() {
        match after.iter_mut().find(|(c, _)| c == result_account) {
            Some((_, m)) => *m += pl_net,
            None => after.push((result_account.clone(), pl_net)),
        }
        after.sort_by(|a, b| a.0.cmp(&b.0));
    }
    let closing = build(
        end,
        close_desc,
        EntryKind::Closing,
        after.iter().map(|(c, m)| (c.clone(), -*m)).collect(),
    );
    let opening = build(next_start, open_desc, EntryKind::Opening, after);
    YearEnd {
        regularisation,
        closing,
        opening,
        result: -pl_net,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn b(code: &str, cents: i64) -> YearEndBalance {
        let code = AccountCode::parse(code).unwrap();
        YearEndBalance {
            kind: AccountKind::from_pgc_code(&code),
            code,
            balance: Money::from_cents(cents),
        }
    }
    fn lines(e: &BalancedEntry) -> Vec<(String, i64)> {
        e.postings()
            .iter()
            .map(|p| (p.account.to_string(), p.amount.cents()))
            .collect()
    }

    /// Hand-checked: capital 3 000, sales 10 000, purchases 4 000 (paid), wages 2 000;
    /// bank 7 000 and customers 0; profit 4 000.
    #[test]
    fn profit_goes_to_129_and_every_balance_is_carried() {
        let balances = vec![
            b("100", -300000),
            b("5720001", 700000),
            b("4300001", 0),
            b("700", -1000000),
            b("600", 400000),
            b("640", 200000),
        ];
        let ye = year_end_entries(
            &balances,
            &AccountCode::parse("129").unwrap(),
            2026,
            d(2026, 12, 31),
            d(2027, 1, 1),
            Language::Es,
        );
        assert_eq!(ye.result, Money::from_cents(400000));
        let reg = ye.regularisation.unwrap();
        assert_eq!(reg.kind(), EntryKind::Regularisation);
        assert_eq!(reg.date(), d(2026, 12, 31));
        assert_eq!(
            lines(&reg),
            vec![
                ("600".into(), -400000),
                ("640".into(), -200000),
                ("700".into(), 1000000),
                ("129".into(), -400000)
            ]
        );
        let closing = ye.closing.unwrap();
        assert_eq!(
            lines(&closing),
            vec![
                ("100".into(), 300000),
                ("129".into(), 400000),
                ("5720001".into(), -700000)
            ]
        );
        let opening = ye.opening.unwrap();
        assert_eq!(opening.kind(), EntryKind::Opening);
        assert_eq!(opening.date(), d(2027, 1, 1));
        assert_eq!(
            lines(&opening),
            vec![
                ("100".into(), -300000),
                ("129".into(), -400000),
                ("5720001".into(), 700000)
            ]
        );
        assert_eq!(reg.description(), "Regularización del ejercicio 2026");
    }

    #[test]
    fn a_loss_debits_the_result_account_already_holding_a_balance() {
        let balances = vec![
            b("129", -5000),
            b("100", -300000),
            b("5720001", 200000),
            b("600", 105000),
        ];
        let ye = year_end_entries(
            &balances,
            &AccountCode::parse("129").unwrap(),
            2026,
            d(2026, 12, 31),
            d(2027, 1, 1),
            Language::En,
        );
        assert_eq!(ye.result, Money::from_cents(-105000));
        let closing = ye.closing.unwrap();
        assert_eq!(
            lines(&closing),
            vec![
                ("100".into(), 300000),
                ("129".into(), -100000),
                ("5720001".into(), -200000)
            ]
        );
    }

    #[test]
    fn empty_books_give_no_entries() {
        let ye = year_end_entries(
            &[],
            &AccountCode::parse("129").unwrap(),
            2026,
            d(2026, 12, 31),
            d(2027, 1, 1),
            Language::Es,
        );
        assert!(ye.regularisation.is_none() && ye.closing.is_none() && ye.opening.is_none());
        assert!(ye.result.is_zero());
    }

    proptest! {
        /// For any balanced books: regularisation leaves no income/expense balance, closing
        /// leaves no balance at all, and opening restores every balance-sheet account exactly.
        #[test]
        fn close_and_reopen_carries_every_balance_sheet_account(
            amounts in proptest::collection::vec((0usize..8, -1_000_000i64..1_000_000), 1..30)
        ) {
            let codes = ["100", "4300001", "5720001", "400", "129", "600", "640", "700"];
            let mut bal: BTreeMap<&str, i64> = BTreeMap::new();
            // Every amount is one balanced movement against the bank.
            for (i, a) in &amounts {
                *bal.entry(codes[*i]).or_default() += a;
                *bal.entry("5720001").or_default() -= a;
            }
            let balances: Vec<YearEndBalance> = bal.iter().map(|(c, m)| b(c, *m)).collect();
            let ye = year_end_entries(&balances, &AccountCode::parse("129").unwrap(), 2026,
                d(2026, 12, 31), d(2027, 1, 1), Language::Es);
            let mut after: BTreeMap<String, i64> =
                bal.iter().map(|(c, m)| (c.to_string(), *m)).collect();
            for e in [&ye.regularisation, &ye.closing].into_iter().flatten() {
                for (c, m) in lines(e) { *after.entry(c).or_default() += m; }
            }
            prop_assert!(after.values().all(|m| *m == 0), "closed books are all zero: {after:?}");
            let mut reopened: BTreeMap<String, i64> = BTreeMap::new();
            if let Some(o) = &ye.opening {
                for (c, m) in lines(o) { *reopened.entry(c).or_default() += m; }
            }
            let pl: i64 = ["600", "640", "700"].iter().map(|c| bal.get(c).copied().unwrap_or(0)).sum();
            for c in ["100", "4300001", "5720001", "400"] {
                prop_assert_eq!(reopened.get(c).copied().unwrap_or(0), bal.get(c).copied().unwrap_or(0));
            }
            prop_assert_eq!(reopened.get("129").copied().unwrap_or(0),
                bal.get("129").copied().unwrap_or(0) + pl);
            prop_assert_eq!(ye.result.cents(), -pl);
        }
    }
}
