//! Payroll reports (issue 9, item 6): the payroll summary, the Social Security cost, IRPF per
//! quarter (modelo 111) and per employee for a year (modelo 190) and the headcount, on screen
//! and as PDF or CSV. The store sums the approved runs; this module shapes the answers and
//! asks `render` for the files. Reports are for the owner: the company's `hide_salaries`
//! setting (for shared screens) does not apply.

use crate::dto::*;
use crate::error::{ApiError, ErrorCode};
use crate::App;
use base64::Engine;
use chrono::NaiveDate;
use trastienda_core::{Language, Problem, ProblemCode};
use trastienda_render as render;
use trastienda_store::{self as store, Company};

type R<T> = Result<T, ApiError>;

fn render_err(e: render::RenderError) -> ApiError {
    ApiError::new(ErrorCode::Internal, e.to_string())
}

fn language(app: &App, asked: Option<Lang>) -> Language {
    match asked {
        Some(l) => l.into(),
        None => app.settings().language.into(),
    }
}

fn header(c: &Company) -> R<render::CompanyHeader> {
    let s = c.settings()?;
    Ok(render::CompanyHeader {
        name: s.name,
        tax_id: s.tax_id,
    })
}

fn exported(name: String, format: ExportFormat, bytes: Vec<u8>) -> ExportedFile {
    let (ext, mime) = match format {
        ExportFormat::Pdf => ("pdf", "application/pdf"),
        ExportFormat::Csv => ("csv", "text/csv"),
    };
    ExportedFile {
        file_name: format!("{name}.{ext}"),
        mime: mime.into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

fn required(field: &str) -> ApiError {
    ApiError::from_problems(&[Problem::new(
        ProblemCode::Required,
        format!("{field} is required for this report"),
    )
    .field(field)])
}

// ---- views ----

fn totals_view(t: &store::PayrollTotals) -> PayrollTotalsView {
    PayrollTotalsView {
        gross: t.gross.to_string(),
        employee_ss: t.employee_ss.to_string(),
        irpf: t.irpf.to_string(),
        other_deductions: t.other_deductions.to_string(),
        net: t.net.to_string(),
        employer_ss: t.employer_ss.to_string(),
        employer_cost: t.employer_cost.to_string(),
        payslips: t.payslips,
    }
}

fn summary_view(s: &store::PayrollSummary) -> PayrollSummaryView {
    PayrollSummaryView {
        from: s.from.clone(),
        to: s.to.clone(),
        employees: s
            .employees
            .iter()
            .map(|e| PayrollEmployeeView {
                employee_id: e.employee_id,
                name: e.name.clone(),
                nif: e.nif.clone(),
                totals: totals_view(&e.totals),
            })
            .collect(),
        months: s
            .months
            .iter()
            .map(|m| PayrollMonthView {
                month: m.month.clone(),
                employees: m.employees,
                totals: totals_view(&m.totals),
            })
            .collect(),
        totals: totals_view(&s.totals),
    }
}

fn ss_row_view(r: &store::SsCostRow) -> SsCostMonthView {
    SsCostMonthView {
        month: r.month.clone(),
        employees: r.employees,
        bccc: r.bccc.to_string(),
        bccp: r.bccp.to_string(),
        ee: EmployeeSsView {
            cc: r.ee.cc.to_string(),
            unemployment: r.ee.unemployment.to_string(),
            fp: r.ee.fp.to_string(),
            mei: r.ee.mei.to_string(),
            solidarity: r.ee.solidarity.to_string(),
            overtime: r.ee.overtime.to_string(),
            total: r.ee.total().to_string(),
        },
        er: EmployerSsView {
            cc: r.er.cc.to_string(),
            atep: r.er.atep.to_string(),
            unemployment: r.er.unemployment.to_string(),
            fogasa: r.er.fogasa.to_string(),
            fp: r.er.fp.to_string(),
            mei: r.er.mei.to_string(),
            solidarity: r.er.solidarity.to_string(),
            overtime: r.er.overtime.to_string(),
            total: r.er.total().to_string(),
        },
        total: r.total().to_string(),
    }
}

fn ss_view(s: &store::SsCost) -> SsCostView {
    SsCostView {
        from: s.from.clone(),
        to: s.to.clone(),
        months: s.months.iter().map(ss_row_view).collect(),
        totals: ss_row_view(&s.totals),
    }
}

fn quarter_view(q: &store::IrpfQuarter) -> IrpfQuarterView {
    IrpfQuarterView {
        year: q.year,
        quarter: q.quarter,
        from: q.from.clone(),
        to: q.to.clone(),
        recipients: q.recipients,
        base: q.base.to_string(),
        withheld: q.withheld.to_string(),
        payslips: q.payslips,
    }
}

fn annual_view(y: &store::IrpfAnnual) -> IrpfAnnualView {
    IrpfAnnualView {
        year: y.year,
        rows: y
            .rows
            .iter()
            .map(|r| IrpfAnnualRowView {
                employee_id: r.employee_id,
                nif: r.nif.clone(),
                name: r.name.clone(),
                base: r.base.to_string(),
                withheld: r.withheld.to_string(),
                payslips: r.payslips,
            })
            .collect(),
        base: y.base.to_string(),
        withheld: y.withheld.to_string(),
    }
}

fn headcount_view(h: &store::Headcount) -> HeadcountView {
    HeadcountView {
        year: h.year,
        months: h
            .months
            .iter()
            .map(|m| HeadcountMonthView {
                month: m.month.clone(),
                employees: m.employees,
                fte: format!("{:.2}", m.fte),
                hires: m.hires,
                terminations: m.terminations,
            })
            .collect(),
        hires: h.hires,
        terminations: h.terminations,
        average_fte: format!("{:.2}", h.average_fte),
    }
}

// ---- commands ----

pub fn payroll_summary(app: &App, a: PayrollPeriodArgs) -> R<PayrollSummaryView> {
    app.with_company(|c| Ok(summary_view(&c.payroll_summary(&a.from, &a.to)?)))
}

pub fn ss_cost(app: &App, a: PayrollPeriodArgs) -> R<SsCostView> {
    app.with_company(|c| Ok(ss_view(&c.ss_cost(&a.from, &a.to)?)))
}

pub fn irpf_withheld(app: &App, a: IrpfQuarterArgs) -> R<IrpfQuarterView> {
    app.with_company(|c| Ok(quarter_view(&c.irpf_withheld(a.year, a.quarter)?)))
}

pub fn irpf_annual(app: &App, a: PayrollYearArgs) -> R<IrpfAnnualView> {
    app.with_company(|c| Ok(annual_view(&c.irpf_annual(a.year)?)))
}

pub fn headcount(app: &App, a: PayrollYearArgs) -> R<HeadcountView> {
    app.with_company(|c| Ok(headcount_view(&c.headcount(a.year)?)))
}

// ---- files ----

fn figures(t: &store::PayrollTotals) -> render::PayrollFigures {
    render::PayrollFigures {
        gross: t.gross,
        employee_ss: t.employee_ss,
        irpf: t.irpf,
        other_deductions: t.other_deductions,
        net: t.net,
        employer_ss: t.employer_ss,
        employer_cost: t.employer_cost,
        payslips: t.payslips,
    }
}

fn ss_line(r: &store::SsCostRow) -> render::SsCostLine {
    render::SsCostLine {
        month: r.month.clone(),
        employees: r.employees,
        bccc: r.bccc,
        bccp: r.bccp,
        ee: r.ee.clone(),
        er: r.er.clone(),
    }
}

/// A payroll report as a PDF or CSV, named after the report and its period; also used by
/// the CLI.
pub fn payroll_report_file(
    c: &Company,
    a: &ExportPayrollReportArgs,
    lang: Language,
    today: NaiveDate,
) -> R<(String, Vec<u8>)> {
    let pdf = a.format == ExportFormat::Pdf;
    let es = lang == Language::Es;
    let period = || -> R<(String, String)> {
        let from = a.from.clone().ok_or_else(|| required("from"))?;
        let to = a.to.clone().ok_or_else(|| required("to"))?;
        Ok((from, to))
    };
    let year = || a.year.ok_or_else(|| required("year"));
    let (name, bytes) = match a.report {
        PayrollReportKind::Summary => {
            let (from, to) = period()?;
            let s = c.payroll_summary(&from, &to)?;
            let doc = render::PayrollSummaryDoc {
                from: s.from.clone(),
                to: s.to.clone(),
                employees: s
                    .employees
                    .iter()
                    .map(|e| render::PayrollEmployeeLine {
                        name: e.name.clone(),
                        nif: e.nif.clone(),
                        figures: figures(&e.totals),
                    })
                    .collect(),
                months: s
                    .months
                    .iter()
                    .map(|m| render::PayrollMonthLine {
                        month: m.month.clone(),
                        employees: m.employees,
                        figures: figures(&m.totals),
                    })
                    .collect(),
                totals: figures(&s.totals),
            };
            let bytes = if pdf {
                render::payroll_summary_pdf(&doc, &header(c)?, today, lang)
            } else {
                render::payroll_summary_csv(&doc)
            };
            let n = if es {
                "resumen-nominas"
            } else {
                "payroll-summary"
            };
            (format!("{n}-{}-{}", s.from, s.to), bytes)
        }
        PayrollReportKind::SsCost => {
            let (from, to) = period()?;
            let s = c.ss_cost(&from, &to)?;
            let doc = render::SsCostDoc {
                from: s.from.clone(),
                to: s.to.clone(),
                months: s.months.iter().map(ss_line).collect(),
                totals: ss_line(&s.totals),
            };
            let bytes = if pdf {
                render::ss_cost_pdf(&doc, &header(c)?, today, lang)
            } else {
                render::ss_cost_csv(&doc)
            };
            let n = if es {
                "coste-seguridad-social"
            } else {
                "social-security-cost"
            };
            (format!("{n}-{}-{}", s.from, s.to), bytes)
        }
        PayrollReportKind::IrpfQuarter => {
            let y = year()?;
            let quarter = a.quarter.ok_or_else(|| required("quarter"))?;
            let q = c.irpf_withheld(y, quarter)?;
            let doc = render::IrpfQuarterDoc {
                year: q.year,
                quarter: q.quarter,
                from: q.from.clone(),
                to: q.to.clone(),
                recipients: q.recipients,
                base: q.base,
                withheld: q.withheld,
                payslips: q.payslips,
            };
            let bytes = if pdf {
                render::irpf_quarter_pdf(&doc, &header(c)?, today, lang)
            } else {
                render::irpf_quarter_csv(&doc)
            };
            (format!("modelo-111-{}-{}T", q.year, q.quarter), bytes)
        }
        PayrollReportKind::IrpfAnnual => {
            let y = c.irpf_annual(year()?)?;
            let doc = render::IrpfAnnualDoc {
                year: y.year,
                rows: y
                    .rows
                    .iter()
                    .map(|r| render::IrpfAnnualLine {
                        nif: r.nif.clone(),
                        name: r.name.clone(),
                        base: r.base,
                        withheld: r.withheld,
                        payslips: r.payslips,
                    })
                    .collect(),
                base: y.base,
                withheld: y.withheld,
            };
            let bytes = if pdf {
                render::irpf_annual_pdf(&doc, &header(c)?, today, lang)
            } else {
                render::irpf_annual_csv(&doc)
            };
            (format!("modelo-190-{}", y.year), bytes)
        }
        PayrollReportKind::Headcount => {
            let h = c.headcount(year()?)?;
            let doc = render::HeadcountDoc {
                year: h.year,
                months: h
                    .months
                    .iter()
                    .map(|m| render::HeadcountLine {
                        month: m.month.clone(),
                        employees: m.employees,
                        fte: m.fte,
                        hires: m.hires,
                        terminations: m.terminations,
                    })
                    .collect(),
                hires: h.hires,
                terminations: h.terminations,
                average_fte: h.average_fte,
            };
            let bytes = if pdf {
                render::headcount_pdf(&doc, &header(c)?, today, lang)
            } else {
                render::headcount_csv(&doc)
            };
            let n = if es { "plantilla" } else { "headcount" };
            (format!("{n}-{}", h.year), bytes)
        }
    };
    Ok((name, bytes.map_err(render_err)?))
}

pub fn export_payroll_report(app: &App, a: ExportPayrollReportArgs) -> R<ExportedFile> {
    let lang = language(app, a.language);
    let today = app.today();
    let (name, bytes) = app.with_company(|c| payroll_report_file(c, &a, lang, today))?;
    Ok(exported(name, a.format, bytes))
}
