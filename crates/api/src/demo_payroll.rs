//! The demo company's payroll: last month's pay run computed, approved and paid (with the
//! salaries' transfer file made and dropped: the demo only shows it posted), and this month's
//! run computed as a draft to review — when both months are in the open fiscal year.

use crate::error::ApiError;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use trastienda_core::AccountCode;
use trastienda_store::Company;

pub fn add_payroll(
    company: &mut Company,
    today: NaiveDate,
    year_start: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let this_month = today.with_day(1).expect("day 1 exists");
    let Some(last_month) = this_month.pred_opt().and_then(|d| d.with_day(1)) else {
        return Ok(());
    };
    if last_month < year_start {
        return Ok(());
    }
    let label = |d: NaiveDate| format!("{:04}-{:02}", d.year(), d.month());
    let run = company.compute_pay_run(&label(last_month), now)?;
    let run =
        crate::payroll::approve_archived(company, run.id, trastienda_core::Language::Es, now)?;
    let bank = AccountCode::parse("5720001").expect("valid code");
    company.pay_pay_run(run.id, this_month, &bank, now)?;
    company.compute_pay_run(&label(this_month), now)?;
    Ok(())
}
