//! The correspondence log, follow-ups due, the triage piles and rules (rules in the store's
//! `correspondence`). The e-mail import is in `mail`.

use crate::app::App;
use crate::dto::*;
use crate::error::ApiError;
use crate::parse;
use trastienda_core::{Problem, ProblemCode};
use trastienda_store::{self as store, CorrespondenceInput, MailRuleInput, PartyRef, RuleFrom};

type R<T> = Result<T, ApiError>;

/// Follow-ups due within this many days when the caller does not say.
pub const DEFAULT_WITHIN_DAYS: i64 = 7;

pub(crate) fn entry_dto(e: &store::CorrespondenceRecord) -> CorrespondenceDto {
    CorrespondenceDto {
        id: e.id,
        party_kind: e.party.as_ref().map(|p| p.kind.clone()),
        party_id: e.party.as_ref().map(|p| p.id),
        party_name: e.party_name.clone(),
        channel: e.channel.clone(),
        direction: e.direction.clone(),
        date: e.date.to_string(),
        subject: e.subject.clone(),
        notes: e.notes.clone(),
        follow_up: e.follow_up.map(|d| d.to_string()),
        follow_up_done: e.follow_up_done,
        message_id: e.message_id.clone(),
        from_address: e.from_address.clone(),
        to_address: e.to_address.clone(),
        pile: e.pile.clone(),
        rule_id: e.rule_id,
        documents: e.documents,
        created_at: e.created_at.clone(),
    }
}

pub(crate) fn rule_dto(r: &store::MailRule) -> MailRuleDto {
    MailRuleDto {
        id: r.id,
        priority: r.priority,
        field: r.field.clone(),
        pattern: r.pattern.clone(),
        pile: r.pile.clone(),
        builtin: r.builtin,
        created_at: r.created_at.clone(),
    }
}

pub fn correspondence_list(app: &App, a: CorrespondenceListArgs) -> R<Vec<CorrespondenceDto>> {
    app.with_company(|c| {
        Ok(c.party_correspondence(a.party_kind.trim(), a.party_id)?
            .iter()
            .map(entry_dto)
            .collect())
    })
}

fn correspondence_input(a: &CorrespondenceSaveArgs) -> R<CorrespondenceInput> {
    let mut p: Vec<Problem> = Vec::new();
    let date = parse::date("date", &a.date).map_err(|e| p.push(e)).ok();
    let follow_up = parse::opt_date("follow_up", &a.follow_up)
        .map_err(|e| p.push(e))
        .ok()
        .flatten();
    let kind = a
        .party_kind
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty());
    let party = match (kind, a.party_id) {
        (Some(kind), Some(id)) => Some(PartyRef {
            kind: kind.to_string(),
            id,
        }),
        (None, None) => None,
        (Some(_), None) => {
            p.push(
                Problem::new(ProblemCode::Required, "a party kind needs its party_id")
                    .field("party_id"),
            );
            None
        }
        (None, Some(_)) => {
            p.push(
                Problem::new(
                    ProblemCode::Required,
                    "party_id needs its party_kind (customer, supplier or employee)",
                )
                .field("party_kind"),
            );
            None
        }
    };
    match date {
        Some(date) if p.is_empty() => Ok(CorrespondenceInput {
            party,
            channel: a.channel.clone(),
            direction: a.direction.clone(),
            date,
            subject: a.subject.clone(),
            notes: a.notes.clone().unwrap_or_default(),
            follow_up,
        }),
        _ => Err(ApiError::from_problems(&p)),
    }
}

pub fn correspondence_save(app: &App, a: CorrespondenceSaveArgs) -> R<CorrespondenceDto> {
    let input = correspondence_input(&a)?;
    let now = app.now();
    app.with_company(|c| Ok(entry_dto(&c.save_correspondence(a.id, &input, now)?)))
}

pub fn correspondence_delete(app: &App, a: IdArgs) -> R<()> {
    let now = app.now();
    app.with_company(|c| Ok(c.delete_correspondence(a.id, now)?))
}

pub fn follow_ups_due(app: &App, a: FollowUpsDueArgs) -> R<FollowUpsDue> {
    let as_of = parse::opt_date("as_of", &a.as_of)
        .map_err(|p| ApiError::from_problems(&[p]))?
        .unwrap_or_else(|| app.today());
    let within = a.within_days.unwrap_or(DEFAULT_WITHIN_DAYS);
    app.with_company(|c| {
        Ok(FollowUpsDue {
            as_of: as_of.to_string(),
            within_days: within,
            rows: c
                .follow_ups_due(as_of, within)?
                .iter()
                .map(|f| FollowUpDueDto {
                    entry: entry_dto(&f.entry),
                    days_left: f.days_left,
                })
                .collect(),
        })
    })
}

pub fn follow_up_done(app: &App, a: IdArgs) -> R<CorrespondenceDto> {
    let now = app.now();
    app.with_company(|c| Ok(entry_dto(&c.follow_up_done(a.id, now)?)))
}

pub(crate) fn pile_counts(c: &store::Company) -> R<Vec<TriagePileCount>> {
    Ok(c.triage_counts()?
        .into_iter()
        .map(|(pile, count)| TriagePileCount { pile, count })
        .collect())
}

pub fn triage_piles(app: &App, _: NoArgs) -> R<Vec<TriagePileCount>> {
    app.with_company(|c| pile_counts(c))
}

pub fn triage_list(app: &App, a: TriageListArgs) -> R<TriageListPage> {
    let page = a.page.unwrap_or(0);
    app.with_company(|c| {
        let p = c.triage_page(a.pile.trim(), page)?;
        Ok(TriageListPage {
            rows: p.rows.iter().map(entry_dto).collect(),
            total: p.total,
            page,
            page_size: store::TRIAGE_PAGE_SIZE,
        })
    })
}

pub fn triage_reclassify(app: &App, a: TriageReclassifyArgs) -> R<TriageReclassified> {
    let make_rule = match a.make_rule.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("sender") => Some(RuleFrom::Sender),
        Some("subject") => Some(RuleFrom::Subject),
        Some(other) => {
            return Err(ApiError::from_problems(&[Problem::new(
                ProblemCode::InvalidCode,
                format!("make_rule: '{other}' is not 'sender' or 'subject'"),
            )
            .field("make_rule")]))
        }
    };
    let now = app.now();
    app.with_company(|c| {
        let (entry, rule) = c.reclassify(a.id, a.pile.trim(), make_rule, now)?;
        Ok(TriageReclassified {
            entry: entry_dto(&entry),
            rule: rule.as_ref().map(rule_dto),
        })
    })
}

pub fn mail_rules(app: &App, _: NoArgs) -> R<Vec<MailRuleDto>> {
    app.with_company(|c| Ok(c.mail_rules()?.iter().map(rule_dto).collect()))
}

pub fn mail_rule_save(app: &App, a: MailRuleSaveArgs) -> R<MailRuleDto> {
    let input = MailRuleInput {
        priority: a.priority.unwrap_or(100),
        field: a.field,
        pattern: a.pattern,
        pile: a.pile,
    };
    let now = app.now();
    app.with_company(|c| Ok(rule_dto(&c.save_mail_rule(a.id, &input, now)?)))
}

pub fn mail_rule_delete(app: &App, a: IdArgs) -> R<()> {
    let now = app.now();
    app.with_company(|c| Ok(c.delete_mail_rule(a.id, now)?))
}
