//! An employee's HR records, the vacation balance and the candidates (rules in the store's
//! `hr`).

use crate::app::App;
use crate::dto::*;
use crate::error::ApiError;
use crate::parse;
use chrono::Datelike;
use trastienda_core::Problem;
use trastienda_store::{
    self as store, BenefitInput, CandidateInput, LeaveInput, ReviewInput, TrainingInput,
};

type R<T> = Result<T, ApiError>;

fn problems(p: Vec<Problem>) -> ApiError {
    ApiError::from_problems(&p)
}

fn leave_dto(l: &store::LeaveRecord) -> LeaveDto {
    LeaveDto {
        id: l.id,
        employee_id: l.employee_id,
        days: l.days,
        created_at: l.created_at.clone(),
        fields: LeaveFields {
            kind: l.input.kind.clone(),
            start_date: l.input.start_date.to_string(),
            end_date: l.input.end_date.to_string(),
            note: l.input.note.clone(),
        },
    }
}

fn training_dto(t: &store::TrainingRecord) -> TrainingDto {
    TrainingDto {
        id: t.id,
        employee_id: t.employee_id,
        created_at: t.created_at.clone(),
        fields: TrainingFields {
            course: t.input.course.clone(),
            hours: t.input.hours.clone(),
            date: t.input.date.to_string(),
            note: t.input.note.clone(),
        },
    }
}

fn review_dto(r: &store::ReviewRecord) -> ReviewDto {
    ReviewDto {
        id: r.id,
        employee_id: r.employee_id,
        created_at: r.created_at.clone(),
        fields: ReviewFields {
            date: r.input.date.to_string(),
            reviewer: r.input.reviewer.clone(),
            score: r.input.score,
            comments: r.input.comments.clone(),
        },
    }
}

fn benefit_dto(b: &store::BenefitRecord) -> BenefitDto {
    BenefitDto {
        id: b.id,
        employee_id: b.employee_id,
        created_at: b.created_at.clone(),
        fields: BenefitFields {
            description: b.input.description.clone(),
            amount: b.input.amount.map(|a| a.to_string()),
            start_date: b.input.start_date.map(|d| d.to_string()),
            end_date: b.input.end_date.map(|d| d.to_string()),
        },
    }
}

fn candidate_dto(c: &store::CandidateRecord) -> CandidateDto {
    CandidateDto {
        id: c.id,
        created_at: c.created_at.clone(),
        fields: CandidateFields {
            name: c.input.name.clone(),
            position: c.input.position.clone(),
            status: c.input.status.clone(),
            email: c.input.email.clone(),
            phone: c.input.phone.clone(),
            notes: c.input.notes.clone(),
        },
    }
}

/// Collects the parse problems of a form; `Ok` only when there are none.
fn done<T>(p: Vec<Problem>, v: Option<T>) -> R<T> {
    match v {
        Some(v) if p.is_empty() => Ok(v),
        _ => Err(problems(p)),
    }
}

fn leave_input(f: &LeaveFields) -> R<LeaveInput> {
    let mut p = Vec::new();
    let start = parse::date("start_date", &f.start_date)
        .map_err(|e| p.push(e))
        .ok();
    let end = parse::date("end_date", &f.end_date)
        .map_err(|e| p.push(e))
        .ok();
    let v = start.zip(end).map(|(start_date, end_date)| LeaveInput {
        kind: f.kind.clone(),
        start_date,
        end_date,
        note: f.note.clone(),
    });
    done(p, v)
}

fn training_input(f: &TrainingFields) -> R<TrainingInput> {
    let date = parse::date("date", &f.date).map_err(|e| problems(vec![e]))?;
    Ok(TrainingInput {
        course: f.course.clone(),
        hours: f.hours.clone(),
        date,
        note: f.note.clone(),
    })
}

fn review_input(f: &ReviewFields) -> R<ReviewInput> {
    let date = parse::date("date", &f.date).map_err(|e| problems(vec![e]))?;
    Ok(ReviewInput {
        date,
        reviewer: f.reviewer.clone(),
        score: f.score,
        comments: f.comments.clone(),
    })
}

fn benefit_input(f: &BenefitFields) -> R<BenefitInput> {
    let mut p = Vec::new();
    let start_date = parse::opt_date("start_date", &f.start_date)
        .map_err(|e| p.push(e))
        .ok()
        .flatten();
    let end_date = parse::opt_date("end_date", &f.end_date)
        .map_err(|e| p.push(e))
        .ok()
        .flatten();
    let amount = match f.amount.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(a) => parse::money("amount", a).map_err(|e| p.push(e)).ok(),
    };
    let v = Some(BenefitInput {
        description: f.description.clone(),
        amount,
        start_date,
        end_date,
    });
    done(p, v)
}

fn candidate_input(f: &CandidateFields) -> CandidateInput {
    CandidateInput {
        name: f.name.clone(),
        position: f.position.clone(),
        status: f.status.clone(),
        email: f.email.clone(),
        phone: f.phone.clone(),
        notes: f.notes.clone(),
    }
}

pub fn list_leave(app: &App, a: EmployeeIdArgs) -> R<Vec<LeaveDto>> {
    app.with_company(|c| Ok(c.leaves(a.employee_id)?.iter().map(leave_dto).collect()))
}

pub fn save_leave(app: &App, a: SaveLeaveArgs) -> R<LeaveDto> {
    let now = app.now();
    let input = leave_input(&a.leave)?;
    app.with_company(|c| {
        Ok(leave_dto(&c.save_leave(
            a.employee_id,
            a.id,
            &input,
            now,
        )?))
    })
}

pub fn delete_leave(app: &App, a: IdArgs) -> R<()> {
    let now = app.now();
    app.with_company(|c| Ok(c.delete_leave(a.id, now)?))
}

pub fn list_trainings(app: &App, a: EmployeeIdArgs) -> R<Vec<TrainingDto>> {
    app.with_company(|c| {
        Ok(c.trainings(a.employee_id)?
            .iter()
            .map(training_dto)
            .collect())
    })
}

pub fn save_training(app: &App, a: SaveTrainingArgs) -> R<TrainingDto> {
    let now = app.now();
    let input = training_input(&a.training)?;
    app.with_company(|c| {
        Ok(training_dto(&c.save_training(
            a.employee_id,
            a.id,
            &input,
            now,
        )?))
    })
}

pub fn delete_training(app: &App, a: IdArgs) -> R<()> {
    let now = app.now();
    app.with_company(|c| Ok(c.delete_training(a.id, now)?))
}

pub fn list_reviews(app: &App, a: EmployeeIdArgs) -> R<Vec<ReviewDto>> {
    app.with_company(|c| Ok(c.reviews(a.employee_id)?.iter().map(review_dto).collect()))
}

pub fn save_review(app: &App, a: SaveReviewArgs) -> R<ReviewDto> {
    let now = app.now();
    let input = review_input(&a.review)?;
    app.with_company(|c| {
        Ok(review_dto(&c.save_review(
            a.employee_id,
            a.id,
            &input,
            now,
        )?))
    })
}

pub fn delete_review(app: &App, a: IdArgs) -> R<()> {
    let now = app.now();
    app.with_company(|c| Ok(c.delete_review(a.id, now)?))
}

pub fn list_benefits(app: &App, a: EmployeeIdArgs) -> R<Vec<BenefitDto>> {
    app.with_company(|c| Ok(c.benefits(a.employee_id)?.iter().map(benefit_dto).collect()))
}

pub fn save_benefit(app: &App, a: SaveBenefitArgs) -> R<BenefitDto> {
    let now = app.now();
    let input = benefit_input(&a.benefit)?;
    app.with_company(|c| {
        Ok(benefit_dto(&c.save_benefit(
            a.employee_id,
            a.id,
            &input,
            now,
        )?))
    })
}

pub fn delete_benefit(app: &App, a: IdArgs) -> R<()> {
    let now = app.now();
    app.with_company(|c| Ok(c.delete_benefit(a.id, now)?))
}

/// The vacation balance (for the CLI as for the UI).
pub fn balance_dto(b: &store::VacationBalance) -> VacationBalanceDto {
    VacationBalanceDto {
        employee_id: b.employee_id,
        year: b.year,
        vacation_days: b.vacation_days,
        days_under_contract: b.days_under_contract,
        days_in_year: b.days_in_year,
        entitlement: format!("{:.2}", b.entitlement),
        taken: b.taken,
        remaining: format!("{:.2}", b.remaining),
        sick_days: b.sick_days,
    }
}

pub fn vacation_balance(app: &App, a: VacationBalanceArgs) -> R<VacationBalanceDto> {
    let year = a.year.unwrap_or_else(|| app.today().year());
    app.with_company(|c| Ok(balance_dto(&c.vacation_balance(a.employee_id, year)?)))
}

pub fn list_candidates(app: &App, a: ListCandidatesArgs) -> R<Vec<CandidateDto>> {
    let status = a.status.as_deref().map(str::trim).filter(|s| !s.is_empty());
    app.with_company(|c| Ok(c.candidates(status)?.iter().map(candidate_dto).collect()))
}

pub fn save_candidate(app: &App, a: SaveCandidateArgs) -> R<CandidateDto> {
    let now = app.now();
    let input = candidate_input(&a.candidate);
    app.with_company(|c| Ok(candidate_dto(&c.save_candidate(a.id, &input, now)?)))
}

pub fn set_candidate_status(app: &App, a: SetCandidateStatusArgs) -> R<CandidateDto> {
    let now = app.now();
    app.with_company(|c| {
        Ok(candidate_dto(
            &c.set_candidate_status(a.id, &a.status, now)?,
        ))
    })
}

pub fn delete_candidate(app: &App, a: IdArgs) -> R<()> {
    let now = app.now();
    app.with_company(|c| Ok(c.delete_candidate(a.id, now)?))
}
