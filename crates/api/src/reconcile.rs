//! Reconciling statement lines and bank rules: the commands over `store::reconcile`. Each
//! acceptance is one transaction in the store (the payment or entry, its match, the line's
//! state, the audit record).

use crate::app::App;
use crate::dto::*;
use crate::error::ApiError;
use crate::parse;
use trastienda_core::{Money, Problem, ProblemCode};
use trastienda_store::{self as store};

type R<T> = Result<T, ApiError>;

fn vat_rate(field: &str, s: &Option<String>) -> Result<u32, Problem> {
    let s = s.as_deref().map(str::trim).unwrap_or("");
    if s.is_empty() {
        return Ok(0);
    }
    s.trim_end_matches('%')
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|r| [0, 4, 10, 21].contains(r))
        .ok_or_else(|| {
            Problem::new(
                ProblemCode::OutOfRange,
                format!("the VAT rate is 0, 4, 10 or 21, not '{s}'"),
            )
            .field(field)
        })
}

fn rule_dto(r: &store::BankRule) -> BankRuleDto {
    BankRuleDto {
        id: r.id,
        name: r.name.clone(),
        match_text: r.match_text.clone(),
        sign: r.sign.clone(),
        account: r.account.clone(),
        vat_rate: r.vat_rate.to_string(),
        description: r.description.clone(),
        priority: r.priority,
        active: r.active,
        created_at: r.created_at.clone(),
    }
}

fn reconciled_dto(r: &store::Reconciled) -> ReconciledDto {
    ReconciledDto {
        line_id: r.line_id,
        kind: r.kind.clone(),
        entry_id: r.entry_id,
        payment_id: r.payment_id,
        supplier_payment_id: r.supplier_payment_id,
        unapplied: r.unapplied.to_string(),
    }
}

pub fn bank_suggestions(app: &App, a: LineIdArgs) -> R<Vec<BankSuggestionDto>> {
    app.with_company(|c| {
        Ok(c.bank_suggestions(a.line_id)?
            .iter()
            .map(|s| BankSuggestionDto {
                kind: s.kind.clone(),
                target_id: s.target_id,
                label: s.label.clone(),
                amount: s.amount.to_string(),
                score: s.score,
                reason: s.reason.clone(),
            })
            .collect())
    })
}

fn allocations(given: &Option<Vec<ReconcileAllocation>>) -> R<Vec<(i64, Money)>> {
    let mut p = Vec::new();
    let mut out = Vec::new();
    for (i, a) in given.iter().flatten().enumerate() {
        match parse::money("amount", &a.amount) {
            Ok(m) => out.push((a.id, m)),
            Err(e) => p.push(e.at_row(i as u32 + 1)),
        }
    }
    if !p.is_empty() {
        return Err(ApiError::from_problems(&p));
    }
    Ok(out)
}

fn required(field: &str, what: &str) -> ApiError {
    ApiError::from_problems(&[Problem::new(
        ProblemCode::Required,
        format!("{what} is required for this kind of reconciliation"),
    )
    .field(field)])
}

/// Reconciles a line as `with.kind` says: "invoices", "bills", "entry", "rule" or
/// "new_entry".
pub fn reconcile_line(app: &App, a: ReconcileLineArgs) -> R<ReconciledDto> {
    let now = app.now();
    let w = &a.with;
    let r = match w.kind.trim() {
        "invoices" => {
            let alloc = allocations(&w.allocations)?;
            app.with_company(|c| Ok(c.reconcile_with_invoices(a.line_id, &alloc, now)?))?
        }
        "bills" => {
            let alloc = allocations(&w.allocations)?;
            app.with_company(|c| Ok(c.reconcile_with_bills(a.line_id, &alloc, now)?))?
        }
        "entry" => {
            let id = w
                .entry_id
                .ok_or_else(|| required("entry_id", "the entry"))?;
            app.with_company(|c| Ok(c.reconcile_with_entry(a.line_id, id, now)?))?
        }
        "rule" => {
            let id = w.rule_id.ok_or_else(|| required("rule_id", "the rule"))?;
            app.with_company(|c| Ok(c.reconcile_by_rule(a.line_id, id, now)?))?
        }
        "new_entry" => {
            let rate =
                vat_rate("vat_rate", &w.vat_rate).map_err(|p| ApiError::from_problems(&[p]))?;
            let account = w.account.clone().unwrap_or_default();
            let description = w.description.clone().unwrap_or_default();
            app.with_company(|c| {
                Ok(c.reconcile_with_new_entry(a.line_id, &account, rate, &description, now)?)
            })?
        }
        other => {
            return Err(ApiError::from_problems(&[Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "'{other}' is not a way to reconcile; use invoices, bills, entry, rule or \
                     new_entry"
                ),
            )
            .field("kind")]))
        }
    };
    Ok(reconciled_dto(&r))
}

pub fn ignore_bank_line(app: &App, a: LineIdArgs) -> R<()> {
    let now = app.now();
    app.with_company(|c| Ok(c.ignore_bank_line(a.line_id, now)?))
}

/// Brings an ignored line back; a reconciled one is refused (`bank_unreconcile` undoes it).
pub fn reopen_bank_line(app: &App, a: LineIdArgs) -> R<()> {
    let now = app.now();
    app.with_company(|c| Ok(c.reopen_bank_line(a.line_id, now)?))
}

/// Puts a reconciled line back to open: an existing entry unlinked, an entry made from the
/// line reversed, a payment recorded from it undone by a reversing payment (one transaction in
/// the store, audited).
pub fn bank_unreconcile(app: &App, a: LineIdArgs) -> R<UnreconciledDto> {
    let now = app.now();
    app.with_company(|c| {
        let u = c.unreconcile_line(a.line_id, now)?;
        Ok(UnreconciledDto {
            line_id: u.line_id,
            unlinked_entries: u.unlinked_entries,
            reversal_entries: u.reversal_entries,
            reversing_payments: u.reversing_payments,
            reversing_supplier_payments: u.reversing_supplier_payments,
        })
    })
}

pub fn list_bank_rules(app: &App, _a: NoArgs) -> R<Vec<BankRuleDto>> {
    app.with_company(|c| Ok(c.bank_rules()?.iter().map(rule_dto).collect()))
}

pub fn save_bank_rule(app: &App, a: SaveBankRuleArgs) -> R<BankRuleDto> {
    let now = app.now();
    let f = &a.rule;
    let rate = vat_rate("vat_rate", &f.vat_rate).map_err(|p| ApiError::from_problems(&[p]))?;
    let input = store::BankRuleInput {
        name: f.name.clone(),
        match_text: f.match_text.clone(),
        sign: f
            .sign
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or("any")
            .to_string(),
        account: f.account.clone(),
        vat_rate: rate,
        description: f.description.clone().unwrap_or_default(),
        priority: f.priority.unwrap_or(100),
        active: f.active.unwrap_or(true),
    };
    app.with_company(|c| Ok(rule_dto(&c.save_bank_rule(a.id, &input, now)?)))
}

/// Deletes a rule, or keeps it inactive when lines were reconciled by it.
pub fn delete_bank_rule(app: &App, a: IdArgs) -> R<DeletedBankRule> {
    let now = app.now();
    app.with_company(|c| {
        Ok(DeletedBankRule {
            id: a.id,
            deleted: c.delete_bank_rule(a.id, now)?,
        })
    })
}

pub fn rule_from_line(app: &App, a: RuleFromLineArgs) -> R<BankRuleDto> {
    let now = app.now();
    let rate = vat_rate("vat_rate", &a.vat_rate).map_err(|p| ApiError::from_problems(&[p]))?;
    app.with_company(|c| {
        Ok(rule_dto(
            &c.rule_from_line(a.line_id, &a.account, rate, now)?,
        ))
    })
}
