//! Report shapes, derived from per-account totals (never hand-built): the trial balance with
//! group subtotals. The store sums postings per account in SQL; this module nests the sums
//! under the chart's groups and totals them.

use crate::money::Money;
use crate::AccountCode;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// An account of the chart as a report needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartAccount {
    pub code: AccountCode,
    pub name: String,
}

/// What the store summed for one account over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountTotals {
    pub code: AccountCode,
    pub debit: Money,
    pub credit: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrialBalanceRow {
    pub code: String,
    pub name: String,
    /// 1 group, 2 subgroup, 3 account, 4 subaccount.
    pub level: u8,
    /// A row that subtotals the accounts under it rather than an account with postings.
    pub is_group: bool,
    pub debit: Money,
    pub credit: Money,
    /// debit - credit.
    pub balance: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrialBalance {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub rows: Vec<TrialBalanceRow>,
    pub total_debit: Money,
    pub total_credit: Money,
    pub total_balance: Money,
}

impl TrialBalance {
    /// Accounts with postings (not the subtotal rows), as the CSV export lists them.
    pub fn account_rows(&self) -> impl Iterator<Item = &TrialBalanceRow> {
        self.rows.iter().filter(|r| !r.is_group)
    }
}

/// Options for [`build_trial_balance`].
#[derive(Debug, Clone, Copy, Default)]
pub struct TrialBalanceOptions {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Deepest level shown: 1 groups only, 3 up to 3-digit accounts, None everything. Amounts
    /// of deeper accounts roll up into the shown level.
    pub level: Option<u8>,
}

/// Nests per-account totals under every chart account that is a prefix of them (groups,
/// subgroups, 3-digit accounts) and totals the whole. Accounts without movements are left out.
pub fn build_trial_balance(
    chart: &[ChartAccount],
    totals: &[AccountTotals],
    opts: TrialBalanceOptions,
) -> TrialBalance {
    let names: BTreeMap<&str, &str> = chart
        .iter()
        .map(|a| (a.code.as_str(), a.name.as_str()))
        .collect();
    // code -> (debit, credit, has own postings)
    let mut sums: BTreeMap<String, (Money, Money, bool)> = BTreeMap::new();
    let mut total_debit = Money::ZERO;
    let mut total_credit = Money::ZERO;
    for t in totals {
        if t.debit.is_zero() && t.credit.is_zero() {
            continue;
        }
        total_debit += t.debit;
        total_credit += t.credit;
        let code = t.code.as_str();
        let own = sums.entry(code.to_string()).or_default();
        own.0 += t.debit;
        own.1 += t.credit;
        own.2 = true;
        // Every proper prefix that is an account of the chart gets the amounts too.
        for len in 1..code.len() {
            let prefix = &code[..len];
            if names.contains_key(prefix) {
                let g = sums.entry(prefix.to_string()).or_default();
                g.0 += t.debit;
                g.1 += t.credit;
            }
        }
    }
    let level = opts.level.unwrap_or(u8::MAX);
    let rows = sums
        .into_iter()
        .filter_map(|(code, (debit, credit, own))| {
            let lvl = code.len().min(4) as u8;
            if lvl > level {
                return None;
            }
            // A row is a subtotal when something under it had postings and is shown
            // separately; at the deepest shown level every row reads as an account.
            let is_group = !own && lvl < level;
            Some(TrialBalanceRow {
                name: names.get(code.as_str()).copied().unwrap_or("").to_string(),
                level: lvl,
                is_group,
                debit,
                credit,
                balance: debit - credit,
                code,
            })
        })
        .collect();
    TrialBalance {
        from: opts.from,
        to: opts.to,
        rows,
        total_debit,
        total_credit,
        total_balance: total_debit - total_credit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(s: &str) -> AccountCode {
        AccountCode::parse(s).unwrap()
    }
    fn chart() -> Vec<ChartAccount> {
        [
            ("5", "Cuentas financieras"),
            ("57", "Tesorería"),
            ("572", "Bancos"),
            ("5720001", "Banco Uno"),
            ("5720002", "Banco Dos"),
            ("7", "Ventas"),
            ("70", "Ventas de mercaderías"),
            ("700", "Ventas de mercaderías"),
        ]
        .iter()
        .map(|(c, n)| ChartAccount {
            code: code(c),
            name: n.to_string(),
        })
        .collect()
    }

    #[test]
    fn groups_subtotal_their_accounts() {
        let tb = build_trial_balance(
            &chart(),
            &[
                AccountTotals {
                    code: code("5720001"),
                    debit: Money::from_cents(1000),
                    credit: Money::ZERO,
                },
                AccountTotals {
                    code: code("5720002"),
                    debit: Money::from_cents(500),
                    credit: Money::from_cents(200),
                },
                AccountTotals {
                    code: code("700"),
                    debit: Money::ZERO,
                    credit: Money::from_cents(1300),
                },
            ],
            TrialBalanceOptions::default(),
        );
        let by: BTreeMap<_, _> = tb.rows.iter().map(|r| (r.code.as_str(), r)).collect();
        assert_eq!(by["572"].debit.cents(), 1500);
        assert_eq!(by["572"].balance.cents(), 1300);
        assert!(by["572"].is_group);
        assert!(by["5"].is_group);
        assert!(!by["700"].is_group);
        assert_eq!(by["7"].credit.cents(), 1300);
        assert_eq!(tb.total_debit.cents(), 1500);
        assert_eq!(tb.total_balance, Money::ZERO);
        assert_eq!(tb.account_rows().count(), 3);
        assert_eq!(tb.rows[0].code, "5", "ordered by code");

        let groups = build_trial_balance(
            &chart(),
            &[AccountTotals {
                code: code("5720001"),
                debit: Money::from_cents(1000),
                credit: Money::ZERO,
            }],
            TrialBalanceOptions {
                level: Some(3),
                ..Default::default()
            },
        );
        let codes: Vec<_> = groups.rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["5", "57", "572"]);
        assert!(
            !groups.rows[2].is_group,
            "deepest shown level reads as accounts"
        );
    }

    proptest! {
        #[test]
        fn balanced_books_give_a_zero_trial_balance(
            entries in prop::collection::vec(
                (prop::sample::select(vec!["5720001", "5720002", "700"]),
                 prop::sample::select(vec!["5720001", "5720002", "700"]),
                 1i64..1_000_000), 0..40)
        ) {
            let mut totals: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
            for (d, c, amt) in &entries {
                totals.entry(d).or_default().0 += amt;
                totals.entry(c).or_default().1 += amt;
            }
            let totals: Vec<_> = totals.iter().map(|(c, (d, k))| AccountTotals {
                code: code(c), debit: Money::from_cents(*d), credit: Money::from_cents(*k)
            }).collect();
            let tb = build_trial_balance(&chart(), &totals, TrialBalanceOptions::default());
            prop_assert_eq!(tb.total_balance, Money::ZERO);
            prop_assert_eq!(tb.total_debit, tb.total_credit);
            let group_sum: Money = tb.rows.iter().filter(|r| r.level == 1).map(|r| r.balance).sum();
            prop_assert_eq!(group_sum, Money::ZERO);
        }
    }
}
