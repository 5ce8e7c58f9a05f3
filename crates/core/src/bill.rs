//! Supplier bills: what a bill adds up to and the journal entry it posts.
//!
//! A bill is entered from the supplier's paper: lines (quantity × unit price, VAT excluded)
//! each with its VAT rate and the account it is charged to (6xx expense or 2xx asset), the
//! IRPF the company withholds from a professional, and the total printed on the paper. The
//! lines must add up to that total to the cent; the difference is reported, never absorbed.
//!
//! Amounts are rounded as the sales side does: each line to cents, then VAT (and recargo) per
//! rate on the summed bases, half away from zero; IRPF on the summed base.
//!
//! How the VAT treatment posts (PGC PYMES):
//! - `Deductible`: expense/asset debited with the base, 472 with the VAT, 4751 credited with
//!   the IRPF, 400 with what is owed;
//! - `Recargo`: the company is in recargo de equivalencia: the supplier charges VAT and
//!   recargo, neither deductible, both part of the cost;
//! - `NonDeductible`: the VAT charged is part of the cost;
//! - `IntraEu`: the supplier charges no VAT; the company self-assesses it (reverse charge),
//!   472 debited and 477 credited with the same amount, so the supplier is owed the base.
//!
//! Tax that is part of the cost is shared among the lines of its rate by their bases, the
//! rounding remainder to the largest line, so each expense account carries its own share.
//! A credit bill is the same with negative quantities: every amount turns sign.

use crate::entry::{EntryDraft, EntryLine};
use crate::invoice::{format_percent, round_to_cents, VatRules};
use crate::money::Money;
use crate::problem::{Problem, ProblemCode};
use crate::{AccountCode, Language};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// How the VAT on a supplier's bills is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VatTreatment {
    Deductible,
    Recargo,
    IntraEu,
    NonDeductible,
}

impl VatTreatment {
    pub const ALL: [VatTreatment; 4] = [
        VatTreatment::Deductible,
        VatTreatment::Recargo,
        VatTreatment::IntraEu,
        VatTreatment::NonDeductible,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            VatTreatment::Deductible => "deductible",
            VatTreatment::Recargo => "recargo",
            VatTreatment::IntraEu => "intra_eu",
            VatTreatment::NonDeductible => "non_deductible",
        }
    }
    pub fn parse(s: &str) -> Option<VatTreatment> {
        VatTreatment::ALL
            .into_iter()
            .find(|t| t.as_str() == s.trim())
    }
}

/// One line of a bill as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillLine {
    pub description: String,
    /// Up to 3 decimals; negative on a credit bill.
    pub quantity: Decimal,
    /// VAT excluded.
    pub unit_price: Money,
    /// The VAT rate in percent ('21', '10', '4', '0').
    pub vat_rate: Decimal,
    /// The expense (6xx) or asset (2xx) account charged.
    pub account: AccountCode,
}

impl BillLine {
    /// quantity × unit price rounded to cents; `None` when too large to be an amount.
    pub fn amount(&self) -> Option<Money> {
        self.quantity
            .checked_mul(self.unit_price.decimal())
            .and_then(round_to_cents)
    }
}

/// A bill as typed from the supplier's paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillDraft {
    pub date: NaiveDate,
    pub treatment: VatTreatment,
    /// IRPF withheld, percent (0 for none).
    pub irpf_pct: Decimal,
    pub lines: Vec<BillLine>,
    /// A credit bill: its lines are negative.
    pub credit: bool,
}

/// The breakdown of one VAT rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillRateTotal {
    pub vat_rate: Decimal,
    pub base: Money,
    /// VAT at this rate: charged by the supplier, or self-assessed on an intra-EU bill.
    pub vat: Money,
    pub recargo_rate: Decimal,
    pub recargo: Money,
    /// What of `vat` the company deducts (472).
    pub deductible: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillTotals {
    /// Each line's amount, in order.
    pub line_amounts: Vec<Money>,
    /// Each line's cost: its amount plus its share of the tax that is not deductible.
    pub line_costs: Vec<Money>,
    pub by_rate: Vec<BillRateTotal>,
    pub base: Money,
    /// VAT at the bill's rates (self-assessed on an intra-EU bill).
    pub vat: Money,
    pub recargo: Money,
    pub deductible: Money,
    pub irpf: Money,
    /// What is owed to the supplier.
    pub total: Money,
}

impl BillTotals {
    /// The VAT the supplier charged (none on an intra-EU bill).
    pub fn vat_charged(&self, treatment: VatTreatment) -> Money {
        if treatment == VatTreatment::IntraEu {
            Money::ZERO
        } else {
            self.vat
        }
    }
}

fn pct(d: Decimal) -> Option<Decimal> {
    d.checked_div(Decimal::ONE_HUNDRED)
}

/// round(amount × percent / 100).
fn share(amount: Money, percent: Decimal) -> Money {
    amount
        .decimal()
        .checked_mul(percent)
        .and_then(pct)
        .and_then(round_to_cents)
        .unwrap_or(Money::ZERO)
}

/// The totals of any bill, checked or not, so a form can show them while it is typed. Lines
/// too large to be amounts count as zero (`check_bill` refuses them).
pub fn compute_bill(draft: &BillDraft, rules: &VatRules) -> BillTotals {
    let amounts: Vec<Money> = draft
        .lines
        .iter()
        .map(|l| l.amount().unwrap_or(Money::ZERO))
        .collect();
    let mut rates: Vec<Decimal> = Vec::new();
    for l in &draft.lines {
        if !rates.contains(&l.vat_rate) {
            rates.push(l.vat_rate);
        }
    }
    rates.sort_by(|a, b| b.cmp(a));
    let mut costs = amounts.clone();
    let mut by_rate = Vec::with_capacity(rates.len());
    for rate in rates {
        let idx: Vec<usize> = (0..draft.lines.len())
            .filter(|&i| draft.lines[i].vat_rate == rate)
            .collect();
        let base: Money = idx.iter().map(|&i| amounts[i]).sum();
        let vat = share(base, rate);
        let recargo_rate = if draft.treatment == VatTreatment::Recargo {
            rules.recargo_for(rate).unwrap_or(Decimal::ZERO)
        } else {
            Decimal::ZERO
        };
        let recargo = share(base, recargo_rate);
        let deductible = match draft.treatment {
            VatTreatment::Deductible | VatTreatment::IntraEu => vat,
            VatTreatment::Recargo | VatTreatment::NonDeductible => Money::ZERO,
        };
        // Tax that is a cost, shared among the rate's lines by their bases.
        let cost_tax = match draft.treatment {
            VatTreatment::Recargo | VatTreatment::NonDeductible => vat + recargo,
            _ => Money::ZERO,
        };
        if !cost_tax.is_zero() && !base.is_zero() {
            let mut given = Money::ZERO;
            for &i in &idx {
                let part = amounts[i]
                    .decimal()
                    .checked_mul(cost_tax.decimal())
                    .and_then(|x| x.checked_div(base.decimal()))
                    .and_then(round_to_cents)
                    .unwrap_or(Money::ZERO);
                costs[i] += part;
                given += part;
            }
            if let Some(&largest) = idx.iter().max_by_key(|&&i| amounts[i].abs()) {
                costs[largest] += cost_tax - given;
            }
        }
        by_rate.push(BillRateTotal {
            vat_rate: rate,
            base,
            vat,
            recargo_rate,
            recargo,
            deductible,
        });
    }
    let base: Money = by_rate.iter().map(|r| r.base).sum();
    let vat: Money = by_rate.iter().map(|r| r.vat).sum();
    let recargo: Money = by_rate.iter().map(|r| r.recargo).sum();
    let deductible: Money = by_rate.iter().map(|r| r.deductible).sum();
    let irpf = share(base, draft.irpf_pct);
    let charged = if draft.treatment == VatTreatment::IntraEu {
        Money::ZERO
    } else {
        vat
    };
    BillTotals {
        line_amounts: amounts,
        line_costs: costs,
        by_rate,
        base,
        vat,
        recargo,
        deductible,
        irpf,
        total: base + charged + recargo - irpf,
    }
}

/// Checks a bill and returns every problem, each naming its line (1-based row) and field: no
/// lines, a blank description, a zero quantity or one with more than 3 decimals, a quantity
/// of the wrong sign for a bill or a credit bill, a VAT rate the rules do not know, an
/// account outside 6xx/2xx, IRPF outside 0..100, an amount too large, and — when the total
/// typed from the paper is given — lines that do not add up to it (the difference named).
pub fn check_bill(draft: &BillDraft, typed_total: Option<Money>, rules: &VatRules) -> Vec<Problem> {
    let mut problems = Vec::new();
    if draft.lines.is_empty() {
        problems.push(
            Problem::new(ProblemCode::TooFewLines, "a bill has at least one line").field("lines"),
        );
    }
    for (i, l) in draft.lines.iter().enumerate() {
        let row = i as u32 + 1;
        if l.description.trim().is_empty() {
            problems.push(
                Problem::new(ProblemCode::Required, "the line needs a description")
                    .at_row(row)
                    .field("description"),
            );
        }
        if l.quantity.is_zero() {
            problems.push(
                Problem::new(ProblemCode::OutOfRange, "the quantity may not be zero")
                    .at_row(row)
                    .field("quantity"),
            );
        } else if draft.credit && l.quantity.is_sign_positive() {
            problems.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    "a credit bill's quantities are negative (what the supplier credits)",
                )
                .at_row(row)
                .field("quantity"),
            );
        }
        if l.quantity.normalize().scale() > 3 {
            problems.push(
                Problem::new(ProblemCode::OutOfRange, "a quantity has at most 3 decimals")
                    .at_row(row)
                    .field("quantity"),
            );
        }
        if l.unit_price.is_negative() {
            problems.push(
                Problem::new(
                    ProblemCode::NegativeAmount,
                    "the unit price may not be negative; a discount or return is a negative quantity on a credit bill",
                )
                .at_row(row)
                .field("unit_price"),
            );
        }
        if !rules.allows(l.vat_rate) {
            let known: Vec<String> = rules
                .rates
                .iter()
                .map(|r| format_percent(r.vat, Language::Es))
                .collect();
            problems.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!(
                        "{} % is not a VAT rate; use one of {} %",
                        l.vat_rate,
                        known.join(", ")
                    ),
                )
                .at_row(row)
                .field("vat_rate"),
            );
        }
        let code = l.account.as_str();
        if !(code.starts_with('6') || code.starts_with('2')) {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidAccount,
                    format!(
                        "{code} is not an expense (6xx) or fixed-asset (2xx) account; a bill line is charged to one"
                    ),
                )
                .at_row(row)
                .field("account"),
            );
        }
        if l.amount().is_none() {
            problems.push(
                Problem::new(ProblemCode::InvalidAmount, "the line's amount is too large")
                    .at_row(row)
                    .field("unit_price"),
            );
        }
    }
    if draft.irpf_pct < Decimal::ZERO || draft.irpf_pct >= Decimal::ONE_HUNDRED {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("IRPF withheld is 0 to 99 %, not {}", draft.irpf_pct),
            )
            .field("irpf_pct"),
        );
    }
    if problems.is_empty() {
        if let Some(typed) = typed_total {
            let t = compute_bill(draft, rules);
            if typed != t.total {
                let diff = typed - t.total;
                problems.push(
                    Problem::new(
                        ProblemCode::Unbalanced,
                        format!(
                            "the lines add up to {}, the bill says {typed}: a difference of {diff} \
                             to resolve (a line, a rate or the IRPF may be wrong)",
                            t.total
                        ),
                    )
                    .field("total")
                    .param("computed", t.total)
                    .param("typed", typed)
                    .param("difference", diff),
                );
            }
        }
    }
    problems
}

/// The accounts bills and payments made post to; the company's chart decides them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseAccounts {
    /// The supplier (400).
    pub supplier: AccountCode,
    /// Deductible input VAT (472) per rate.
    pub input_vat: Vec<(Decimal, AccountCode)>,
    /// Output VAT (477) per rate, for the reverse charge of intra-EU bills.
    pub output_vat: Vec<(Decimal, AccountCode)>,
    /// IRPF withheld from professionals (4751).
    pub withholding: AccountCode,
}

impl PurchaseAccounts {
    /// The accounts of the PGC PYMES chart shipped in assets/charts/es-pymes.csv: 400,
    /// 4720021/4720010/4720004, 4770021/4770010/4770004 and 4751002.
    pub fn pgc_pymes() -> PurchaseAccounts {
        let a = |s: &str| AccountCode::parse(s).expect("valid account code");
        let rate = |n: i64| Decimal::new(n, 0);
        PurchaseAccounts {
            supplier: a("400"),
            input_vat: vec![
                (rate(21), a("4720021")),
                (rate(10), a("4720010")),
                (rate(4), a("4720004")),
            ],
            output_vat: vec![
                (rate(21), a("4770021")),
                (rate(10), a("4770010")),
                (rate(4), a("4770004")),
            ],
            withholding: a("4751002"),
        }
    }
}

fn find(list: &[(Decimal, AccountCode)], rate: Decimal) -> Option<&AccountCode> {
    list.iter().find(|(r, _)| *r == rate).map(|(_, a)| a)
}

fn signed_line(account: &AccountCode, description: &str, amount: Money) -> EntryLine {
    let (debit, credit) = amount.sides();
    EntryLine {
        account: account.clone(),
        description: description.to_string(),
        debit,
        credit,
    }
}

/// The journal entry of a bill, dated on the bill's date: each account charged debited with
/// its lines' costs, deductible VAT debited per rate (and, intra-EU, the same credited to
/// output VAT), IRPF credited to 4751, and `creditor` — the supplier's 400, or the cash or
/// bank account a quick expense was paid from — credited with the total. `label` names the
/// document ("Factura proveedor A-123 · Papelera Sur SL"). Lines of zero are left out.
pub fn bill_entry(
    draft: &BillDraft,
    totals: &BillTotals,
    label: &str,
    creditor: &AccountCode,
    accounts: &PurchaseAccounts,
) -> Result<EntryDraft, Problem> {
    let mut lines: Vec<EntryLine> = Vec::new();
    let mut charged: Vec<(&AccountCode, Money)> = Vec::new();
    for (line, cost) in draft.lines.iter().zip(&totals.line_costs) {
        match charged.iter_mut().find(|(a, _)| **a == line.account) {
            Some((_, sum)) => *sum += *cost,
            None => charged.push((&line.account, *cost)),
        }
    }
    for (account, cost) in charged {
        lines.push(signed_line(account, label, cost));
    }
    for r in &totals.by_rate {
        if r.deductible.is_zero() {
            continue;
        }
        let input = find(&accounts.input_vat, r.vat_rate).ok_or_else(|| {
            Problem::new(
                ProblemCode::UnknownAccount,
                format!("no input VAT account is set for {} %", r.vat_rate),
            )
            .field("vat_rate")
        })?;
        let pctx = format_percent(r.vat_rate, Language::Es);
        lines.push(signed_line(
            input,
            &format!("IVA soportado {pctx} % {label}"),
            r.deductible,
        ));
        if draft.treatment == VatTreatment::IntraEu {
            let output = find(&accounts.output_vat, r.vat_rate).ok_or_else(|| {
                Problem::new(
                    ProblemCode::UnknownAccount,
                    format!("no output VAT account is set for {} %", r.vat_rate),
                )
                .field("vat_rate")
            })?;
            lines.push(signed_line(
                output,
                &format!("IVA autorrepercutido {pctx} % {label}"),
                -r.vat,
            ));
        }
    }
    lines.push(signed_line(
        &accounts.withholding,
        &format!("Retención IRPF {label}"),
        -totals.irpf,
    ));
    lines.push(signed_line(creditor, label, -totals.total));
    lines.retain(|l| !(l.debit.is_zero() && l.credit.is_zero()));
    Ok(EntryDraft {
        date: draft.date,
        description: label.to_string(),
        lines,
    })
}

/// The entry of a payment made: the supplier debited, the cash (570) or bank (572) account
/// credited. A negative amount (a refund received, or a reversal) turns the sides.
pub fn supplier_payment_entry(
    date: NaiveDate,
    amount: Money,
    supplier: &AccountCode,
    treasury: &AccountCode,
    description: &str,
) -> EntryDraft {
    let d = description.trim();
    EntryDraft {
        date,
        description: d.to_string(),
        lines: vec![
            signed_line(supplier, d, amount),
            signed_line(treasury, d, -amount),
        ],
    }
}

/// A quick expense: a ticket paid on the spot, typed as its amount with VAT included and the
/// account it is charged to. The base is the amount over (1 + rate), rounded; the VAT is
/// what is left, so the parts always add up to what was paid. Returns the bill as one line
/// and its totals (deductible VAT, nothing withheld).
pub fn quick_expense(
    date: NaiveDate,
    gross: Money,
    vat_rate: Decimal,
    account: AccountCode,
    description: &str,
) -> (BillDraft, BillTotals) {
    let divisor = pct(vat_rate)
        .and_then(|x| Decimal::ONE.checked_add(x))
        .filter(|d| *d > Decimal::ZERO)
        .unwrap_or(Decimal::ONE);
    let base = gross
        .decimal()
        .checked_div(divisor)
        .and_then(round_to_cents)
        .unwrap_or(gross);
    let vat = gross - base;
    let draft = BillDraft {
        date,
        treatment: VatTreatment::Deductible,
        irpf_pct: Decimal::ZERO,
        lines: vec![BillLine {
            description: description.to_string(),
            quantity: Decimal::ONE,
            unit_price: base,
            vat_rate,
            account,
        }],
        credit: false,
    };
    let totals = BillTotals {
        line_amounts: vec![base],
        line_costs: vec![base],
        by_rate: vec![BillRateTotal {
            vat_rate,
            base,
            vat,
            recargo_rate: Decimal::ZERO,
            recargo: Money::ZERO,
            deductible: vat,
        }],
        base,
        vat,
        recargo: Money::ZERO,
        deductible: vat,
        irpf: Money::ZERO,
        total: gross,
    };
    (draft, totals)
}

/// Splits `total` into instalments due `dates`: equal parts, the rounding remainder on the
/// last. One date takes the whole total.
pub fn instalments(total: Money, dates: &[NaiveDate]) -> Vec<(NaiveDate, Money)> {
    if dates.is_empty() {
        return Vec::new();
    }
    let n = dates.len() as i64;
    let part = Money::from_cents(total.cents() / n);
    let mut out: Vec<(NaiveDate, Money)> = dates.iter().map(|d| (*d, part)).collect();
    let given: Money = out.iter().map(|(_, m)| *m).sum();
    if let Some(last) = out.last_mut() {
        last.1 += total - given;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::BalancedEntry;
    use rust_decimal_macros::dec;

    fn eur(s: &str) -> Money {
        Money::parse(s).unwrap()
    }
    fn acc(s: &str) -> AccountCode {
        AccountCode::parse(s).unwrap()
    }
    fn line(q: Decimal, price: &str, rate: Decimal, account: &str) -> BillLine {
        BillLine {
            description: "x".into(),
            quantity: q,
            unit_price: eur(price),
            vat_rate: rate,
            account: acc(account),
        }
    }
    fn draft(treatment: VatTreatment, irpf: Decimal, lines: Vec<BillLine>) -> BillDraft {
        BillDraft {
            date: NaiveDate::from_ymd_opt(2027, 3, 10).unwrap(),
            treatment,
            irpf_pct: irpf,
            lines,
            credit: false,
        }
    }
    fn side(e: &EntryDraft, account: &str) -> Money {
        e.lines
            .iter()
            .filter(|l| l.account.as_str() == account)
            .map(|l| l.debit - l.credit)
            .sum()
    }

    #[test]
    fn mixed_rates_with_withholding_by_hand() {
        // 3 × 12.35 = 37.05 @21 ; 1 × 100.00 @21 ; 2.5 × 8.10 = 20.25 @10.
        // 21 %: base 137.05, VAT 28.7805 -> 28.78. 10 %: base 20.25, VAT 2.025 -> 2.03.
        // Base 157.30; IRPF 15 % = 23.595 -> 23.60; total 157.30 + 30.81 − 23.60 = 164.51.
        let d = draft(
            VatTreatment::Deductible,
            dec!(15),
            vec![
                line(dec!(3), "12.35", dec!(21), "629"),
                line(dec!(1), "100.00", dec!(21), "623"),
                line(dec!(2.5), "8.10", dec!(10), "629"),
            ],
        );
        let rules = VatRules::spain();
        let t = compute_bill(&d, &rules);
        assert_eq!(t.base, eur("157.30"));
        assert_eq!(t.vat, eur("30.81"));
        assert_eq!(t.irpf, eur("23.60"));
        assert_eq!(t.total, eur("164.51"));
        assert!(check_bill(&d, Some(eur("164.51")), &rules).is_empty());
        let p = check_bill(&d, Some(eur("164.50")), &rules);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].field.as_deref(), Some("total"));
        assert!(p[0].message.contains("-0.01"), "{}", p[0].message);

        let e = bill_entry(
            &d,
            &t,
            "Factura proveedor 7",
            &acc("400"),
            &PurchaseAccounts::pgc_pymes(),
        )
        .unwrap();
        assert_eq!(side(&e, "629"), eur("57.30"));
        assert_eq!(side(&e, "623"), eur("100.00"));
        assert_eq!(side(&e, "4720021"), eur("28.78"));
        assert_eq!(side(&e, "4720010"), eur("2.03"));
        assert_eq!(side(&e, "4751002"), eur("-23.60"));
        assert_eq!(side(&e, "400"), eur("-164.51"));
        BalancedEntry::new(e).expect("balances");
    }

    #[test]
    fn recargo_and_non_deductible_tax_is_cost_shared_by_line() {
        // 21 % with 5.2 % recargo on 100.00 + 50.00: VAT 31.50, recargo 7.80, cost tax 39.30
        // shared 26.20 / 13.10.
        let d = draft(
            VatTreatment::Recargo,
            Decimal::ZERO,
            vec![
                line(dec!(1), "100.00", dec!(21), "600"),
                line(dec!(1), "50.00", dec!(21), "602"),
            ],
        );
        let t = compute_bill(&d, &VatRules::spain());
        assert_eq!(t.vat, eur("31.50"));
        assert_eq!(t.recargo, eur("7.80"));
        assert_eq!(t.deductible, Money::ZERO);
        assert_eq!(t.total, eur("189.30"));
        assert_eq!(t.line_costs, vec![eur("126.20"), eur("63.10")]);
        let e = bill_entry(&d, &t, "F", &acc("400"), &PurchaseAccounts::pgc_pymes()).unwrap();
        assert_eq!(side(&e, "600"), eur("126.20"));
        assert_eq!(side(&e, "602"), eur("63.10"));
        assert_eq!(side(&e, "4720021"), Money::ZERO);
        BalancedEntry::new(e).expect("balances");

        // Three equal lines of 0.01 at 21 %: tax 0.01 goes whole to one line.
        let d = draft(
            VatTreatment::NonDeductible,
            Decimal::ZERO,
            vec![
                line(dec!(1), "0.02", dec!(21), "629"),
                line(dec!(1), "0.02", dec!(21), "629"),
                line(dec!(1), "0.02", dec!(21), "629"),
            ],
        );
        let t = compute_bill(&d, &VatRules::spain());
        assert_eq!(t.vat, eur("0.01"));
        let costs: Money = t.line_costs.iter().copied().sum();
        assert_eq!(costs, eur("0.07"));
    }

    #[test]
    fn intra_eu_self_assesses_and_owes_the_base() {
        let d = draft(
            VatTreatment::IntraEu,
            Decimal::ZERO,
            vec![line(dec!(10), "40.00", dec!(21), "600")],
        );
        let t = compute_bill(&d, &VatRules::spain());
        assert_eq!(t.vat, eur("84.00"));
        assert_eq!(t.total, eur("400.00"));
        let e = bill_entry(&d, &t, "F", &acc("400"), &PurchaseAccounts::pgc_pymes()).unwrap();
        assert_eq!(side(&e, "4720021"), eur("84.00"));
        assert_eq!(side(&e, "4770021"), eur("-84.00"));
        assert_eq!(side(&e, "400"), eur("-400.00"));
        BalancedEntry::new(e).expect("balances");
    }

    #[test]
    fn credit_bill_turns_every_sign_and_refuses_positive_lines() {
        let mut d = draft(
            VatTreatment::Deductible,
            Decimal::ZERO,
            vec![line(dec!(-2), "10.00", dec!(21), "600")],
        );
        d.credit = true;
        let t = compute_bill(&d, &VatRules::spain());
        assert_eq!(t.total, eur("-24.20"));
        let e = bill_entry(&d, &t, "F", &acc("400"), &PurchaseAccounts::pgc_pymes()).unwrap();
        assert_eq!(side(&e, "400"), eur("24.20"));
        assert_eq!(side(&e, "600"), eur("-20.00"));
        d.lines[0].quantity = dec!(2);
        let p = check_bill(&d, None, &VatRules::spain());
        assert_eq!(p[0].field.as_deref(), Some("quantity"));
    }

    #[test]
    fn bad_lines_are_named() {
        let d = draft(
            VatTreatment::Deductible,
            dec!(100),
            vec![
                BillLine {
                    description: " ".into(),
                    ..line(dec!(0), "1.00", dec!(7), "700")
                },
                line(dec!(1.2345), "-1.00", dec!(21), "600"),
            ],
        );
        let p = check_bill(&d, None, &VatRules::spain());
        let got: Vec<(Option<u32>, Option<&str>)> =
            p.iter().map(|p| (p.row, p.field.as_deref())).collect();
        for want in [
            (Some(1), Some("description")),
            (Some(1), Some("quantity")),
            (Some(1), Some("vat_rate")),
            (Some(1), Some("account")),
            (Some(2), Some("quantity")),
            (Some(2), Some("unit_price")),
            (None, Some("irpf_pct")),
        ] {
            assert!(got.contains(&want), "{want:?} missing from {got:?}");
        }
    }

    #[test]
    fn quick_expense_parts_add_up_to_what_was_paid() {
        // 10.00 at 21 %: base 10 / 1.21 = 8.2644 -> 8.26, VAT 1.74 (not 8.26 × 21 % = 1.73).
        let date = NaiveDate::from_ymd_opt(2027, 3, 10).unwrap();
        let (d, t) = quick_expense(date, eur("10.00"), dec!(21), acc("629"), "Taxi");
        assert_eq!(t.base, eur("8.26"));
        assert_eq!(t.vat, eur("1.74"));
        assert_eq!(t.total, eur("10.00"));
        let e = bill_entry(
            &d,
            &t,
            "Ticket",
            &acc("5700001"),
            &PurchaseAccounts::pgc_pymes(),
        )
        .unwrap();
        assert_eq!(side(&e, "5700001"), eur("-10.00"));
        BalancedEntry::new(e).expect("balances");
    }

    #[test]
    fn instalments_add_up() {
        let d = |m| NaiveDate::from_ymd_opt(2027, m, 1).unwrap();
        let parts = instalments(eur("100.00"), &[d(1), d(2), d(3)]);
        assert_eq!(
            parts.iter().map(|p| p.1).collect::<Vec<_>>(),
            vec![eur("33.33"), eur("33.33"), eur("33.34")]
        );
    }
}
