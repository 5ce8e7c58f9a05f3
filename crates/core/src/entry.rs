//! Journal entries. An `EntryDraft` is what a person typed; a `BalancedEntry` is a draft that
//! passed every check (at least two lines, one side per line, debits equal credits) and is the
//! only thing the store accepts for posting.

use crate::money::Money;
use crate::problem::{Problem, ProblemCode};
use crate::AccountCode;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    Normal,
    /// Opening balances of a fiscal year (carried from the previous close, or entered for a
    /// company that starts keeping its books mid-life).
    Opening,
    /// Year-end regularisation: income and expense accounts into the result account.
    Regularisation,
    /// Year-end closing: every balance-sheet account to zero.
    Closing,
    Reversal,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Normal => "normal",
            EntryKind::Opening => "opening",
            EntryKind::Regularisation => "regularisation",
            EntryKind::Closing => "closing",
            EntryKind::Reversal => "reversal",
        }
    }
    pub fn parse(s: &str) -> Option<EntryKind> {
        match s {
            "normal" => Some(EntryKind::Normal),
            "opening" => Some(EntryKind::Opening),
            "regularisation" => Some(EntryKind::Regularisation),
            "closing" => Some(EntryKind::Closing),
            "reversal" => Some(EntryKind::Reversal),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryLine {
    pub account: AccountCode,
    pub description: String,
    pub debit: Money,
    pub credit: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryDraft {
    pub date: NaiveDate,
    pub description: String,
    pub lines: Vec<EntryLine>,
}

/// One side of a balanced entry: positive amounts are debits, negative are credits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub account: AccountCode,
    pub description: String,
    pub amount: Money,
}

impl Posting {
    pub fn debit(&self) -> Money {
        self.amount.sides().0
    }
    pub fn credit(&self) -> Money {
        self.amount.sides().1
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BalancedEntry {
    date: NaiveDate,
    description: String,
    reference: Option<String>,
    kind: EntryKind,
    postings: Vec<Posting>,
}

impl BalancedEntry {
    /// Checks a draft and returns every problem found, each naming its line (1-based).
    pub fn new(draft: EntryDraft) -> Result<BalancedEntry, Vec<Problem>> {
        let mut problems = Vec::new();
        if draft.lines.len() < 2 {
            problems.push(
                Problem::new(
                    ProblemCode::TooFewLines,
                    format!(
                        "an entry needs at least two lines, it has {}",
                        draft.lines.len()
                    ),
                )
                .field("lines")
                .param("count", draft.lines.len()),
            );
        }
        let mut debit = Money::ZERO;
        let mut credit = Money::ZERO;
        let mut postings = Vec::with_capacity(draft.lines.len());
        for (i, line) in draft.lines.iter().enumerate() {
            let row = i as u32 + 1;
            if line.debit.is_negative() || line.credit.is_negative() {
                problems.push(
                    Problem::new(
                        ProblemCode::NegativeAmount,
                        "amounts are positive; put a negative debit in the credit column",
                    )
                    .at_row(row)
                    .field(if line.debit.is_negative() {
                        "debit"
                    } else {
                        "credit"
                    }),
                );
                continue;
            }
            match (line.debit.is_zero(), line.credit.is_zero()) {
                (true, true) => problems.push(
                    Problem::new(
                        ProblemCode::LineEmpty,
                        "the line has neither debit nor credit",
                    )
                    .at_row(row)
                    .field("debit"),
                ),
                (false, false) => problems.push(
                    Problem::new(
                        ProblemCode::LineBothSides,
                        "a line has a debit or a credit, not both",
                    )
                    .at_row(row)
                    .field("credit"),
                ),
                _ => {}
            }
            debit += line.debit;
            credit += line.credit;
            postings.push(Posting {
                account: line.account.clone(),
                description: line.description.trim().to_string(),
                amount: line.debit - line.credit,
            });
        }
        if debit != credit {
            let diff = debit - credit;
            problems.push(
                Problem::new(
                    ProblemCode::Unbalanced,
                    format!(
                        "the entry is unbalanced by {}: debits {debit}, credits {credit}; add a line or fix an amount",
                        diff.abs()
                    ),
                )
                .field("lines")
                .param("difference", diff.abs())
                .param("debit", debit)
                .param("credit", credit),
            );
        }
        if problems.is_empty() {
            Ok(BalancedEntry {
                date: draft.date,
                description: draft.description.trim().to_string(),
                reference: None,
                kind: EntryKind::Normal,
                postings,
            })
        } else {
            Err(problems)
        }
    }

    /// The entry that undoes `postings`: the same accounts with every amount negated.
    pub fn reversal_of(
        postings: &[Posting],
        date: NaiveDate,
        description: String,
    ) -> BalancedEntry {
        BalancedEntry {
            date,
            description,
            reference: None,
            kind: EntryKind::Reversal,
            postings: postings
                .iter()
                .map(|p| Posting {
                    account: p.account.clone(),
                    description: p.description.clone(),
                    amount: -p.amount,
                })
                .collect(),
        }
    }

    /// The same entry with a document reference (an invoice number, a receipt); blank
    /// references are dropped.
    pub fn with_reference(mut self, reference: Option<&str>) -> BalancedEntry {
        self.reference = reference
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string);
        self
    }

    /// The same entry as an opening, regularisation or closing entry. A reversal is made only
    /// by [`BalancedEntry::reversal_of`], so asking for one here keeps the entry's kind.
    pub fn with_kind(mut self, kind: EntryKind) -> BalancedEntry {
        if kind != EntryKind::Reversal {
            self.kind = kind;
        }
        self
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }
    pub fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }
    pub fn description(&self) -> &str {
        &self.description
    }
    pub fn kind(&self) -> EntryKind {
        self.kind
    }
    pub fn postings(&self) -> &[Posting] {
        &self.postings
    }
    /// The sum of the debits (equal to the sum of the credits).
    pub fn total(&self) -> Money {
        self.postings.iter().map(Posting::debit).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn line(acc: &str, d: i64, c: i64) -> EntryLine {
        EntryLine {
            account: AccountCode::parse(acc).unwrap(),
            description: String::new(),
            debit: Money::from_cents(d),
            credit: Money::from_cents(c),
        }
    }
    fn draft(lines: Vec<EntryLine>) -> EntryDraft {
        EntryDraft {
            date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            description: "x".into(),
            lines,
        }
    }

    #[test]
    fn unbalanced_entry_says_by_how_much() {
        let err = BalancedEntry::new(draft(vec![line("572", 10000, 0), line("700", 0, 8800)]))
            .unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].code, ProblemCode::Unbalanced);
        assert!(err[0].message.contains("12.00"), "{}", err[0].message);
        assert!(err[0]
            .params
            .contains(&("difference".to_string(), "12.00".to_string())));
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let err = BalancedEntry::new(draft(vec![
            line("572", 100, 100),
            line("700", 0, 0),
            line("600", -5, 0),
        ]))
        .unwrap_err();
        let codes: Vec<_> = err.iter().map(|p| (p.code, p.row)).collect();
        assert!(codes.contains(&(ProblemCode::LineBothSides, Some(1))));
        assert!(codes.contains(&(ProblemCode::LineEmpty, Some(2))));
        assert!(codes.contains(&(ProblemCode::NegativeAmount, Some(3))));
    }

    #[test]
    fn one_line_is_too_few() {
        let err = BalancedEntry::new(draft(vec![line("572", 0, 0)])).unwrap_err();
        assert!(err.iter().any(|p| p.code == ProblemCode::TooFewLines));
    }

    fn accounts() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["100", "430", "4300001", "572", "600", "700", "477"])
            .prop_map(str::to_string)
    }

    proptest! {
        #[test]
        fn random_balanced_entries_always_post(
            debits in prop::collection::vec((accounts(), 1i64..10_000_000), 1..8),
            credit_accounts in prop::collection::vec(accounts(), 1..4),
        ) {
            let total: i64 = debits.iter().map(|(_, c)| c).sum();
            let mut lines: Vec<_> = debits.iter().map(|(a, c)| line(a, *c, 0)).collect();
            // Split the total over the credit accounts, the last one takes the remainder.
            let n = credit_accounts.len() as i64;
            let share = total / n;
            for (i, a) in credit_accounts.iter().enumerate() {
                let amt = if i as i64 == n - 1 { total - share * (n - 1) } else { share };
                if amt > 0 { lines.push(line(a, 0, amt)); }
            }
            let e = BalancedEntry::new(draft(lines)).unwrap();
            let sum: Money = e.postings().iter().map(|p| p.amount).sum();
            prop_assert!(sum.is_zero());
            prop_assert_eq!(e.total().cents(), total);
        }

        #[test]
        fn any_unbalanced_entry_is_refused(
            debits in prop::collection::vec((accounts(), 1i64..10_000_000), 1..6),
            skew in prop::sample::select(vec![-1i64, 1, 7, -100, 99_999]),
        ) {
            let total: i64 = debits.iter().map(|(_, c)| c).sum();
            prop_assume!(total + skew > 0);
            let mut lines: Vec<_> = debits.iter().map(|(a, c)| line(a, *c, 0)).collect();
            lines.push(line("700", 0, total + skew));
            let err = BalancedEntry::new(draft(lines)).unwrap_err();
            prop_assert!(err.iter().any(|p| p.code == ProblemCode::Unbalanced));
        }

        #[test]
        fn reversal_negates_every_posting(
            amounts in prop::collection::vec(1i64..1_000_000, 1..6),
        ) {
            let total: i64 = amounts.iter().sum();
            let mut lines: Vec<_> = amounts.iter().map(|c| line("600", *c, 0)).collect();
            lines.push(line("572", 0, total));
            let e = BalancedEntry::new(draft(lines)).unwrap();
            let r = BalancedEntry::reversal_of(e.postings(), e.date(), "rev".into());
            prop_assert_eq!(r.kind(), EntryKind::Reversal);
            for (a, b) in e.postings().iter().zip(r.postings()) {
                prop_assert_eq!(a.amount + b.amount, Money::ZERO);
                prop_assert_eq!(&a.account, &b.account);
            }
        }
    }
}
