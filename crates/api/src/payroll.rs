//! Pay runs: compute a month, review a payslip (lines added), correct an approved one in a
//! later run, approve (posted), pay (posted, with the salaries' SEPA file), the payslips as
//! PDF (the model of Orden ESS/2098/2014, one or a whole run) and CSV, and the year's rates.
//! The store computes and posts; this module parses the wire and maps payslips onto
//! render's `PayslipDoc`.

use crate::dto::*;
use crate::error::{ApiError, ErrorCode};
use crate::parse;
use crate::App;
use base64::Engine;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use trastienda_core::payroll::LineKind;
use trastienda_core::{Language, Money, Problem, ProblemCode};
use trastienda_render as render;
use trastienda_store::{Company, ManualLine, PayRunRecord, PayslipRecord};

type R<T> = Result<T, ApiError>;

fn fail<T>(p: Vec<Problem>) -> R<T> {
    Err(ApiError::from_problems(&p))
}

fn short(s: &str) -> String {
    s.chars().take(60).collect()
}

fn file(file_name: String, mime: &str, bytes: &[u8]) -> ExportedFile {
    ExportedFile {
        file_name,
        mime: mime.into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

fn language(app: &App, asked: Option<Lang>) -> Language {
    match asked {
        Some(l) => l.into(),
        None => app.settings().language.into(),
    }
}

// ---- views ----

pub fn payslip_view(p: &PayslipRecord) -> PayslipView {
    let s = &p.slip;
    PayslipView {
        id: p.id,
        run_id: p.run_id,
        month: p.month.clone(),
        run_state: p.run_state.clone(),
        employee_id: p.employee_id,
        corrects_id: p.corrects_id,
        period_start: p.period_start.to_string(),
        period_end: p.period_end.to_string(),
        days: p.days,
        employee_name: p.employee_name.clone(),
        employee_nif: p.employee_nif.clone(),
        ss_number: p.ss_number.clone(),
        group: p.group,
        category: p.category.clone(),
        contract_type: p.contract_type.clone(),
        part_time_pct: p.part_time_pct.clone(),
        irpf_pct: p.irpf_pct.clone(),
        lines: s
            .lines
            .iter()
            .zip(p.manual.iter().chain(std::iter::repeat(&false)))
            .map(|(l, manual)| PayLineView {
                kind: l.kind.as_str().into(),
                code: l.code.clone(),
                label: l.label.clone(),
                amount: l.amount.to_string(),
                manual: *manual,
            })
            .collect(),
        salary: s.salary.to_string(),
        non_salary: s.non_salary.to_string(),
        gross: s.gross.to_string(),
        bccc: s.bccc.to_string(),
        bccp: s.bccp.to_string(),
        overtime_base: s.overtime_base.to_string(),
        irpf_base: s.irpf_base.to_string(),
        ee_cc: s.ee.cc.to_string(),
        ee_unemployment: s.ee.unemployment.to_string(),
        ee_fp: s.ee.fp.to_string(),
        ee_mei: s.ee.mei.to_string(),
        ee_solidarity: s.ee.solidarity.to_string(),
        ee_overtime: s.ee.overtime.to_string(),
        ee_total: s.ee.total().to_string(),
        irpf: s.irpf.to_string(),
        other_deductions: s.other_deductions.to_string(),
        total_deductions: s.total_deductions.to_string(),
        net: s.net.to_string(),
        er_cc: s.er.cc.to_string(),
        er_atep: s.er.atep.to_string(),
        er_unemployment: s.er.unemployment.to_string(),
        er_fogasa: s.er.fogasa.to_string(),
        er_fp: s.er.fp.to_string(),
        er_mei: s.er.mei.to_string(),
        er_solidarity: s.er.solidarity.to_string(),
        er_overtime: s.er.overtime.to_string(),
        er_total: s.er.total().to_string(),
        employer_cost: s.employer_cost.to_string(),
        warnings: s.warnings.clone(),
    }
}

pub fn run_view(r: &PayRunRecord) -> PayRunView {
    PayRunView {
        id: r.id,
        month: r.month.clone(),
        state: r.state.clone(),
        payslips: r.payslips.iter().map(payslip_view).collect(),
        gross: r.gross.to_string(),
        net: r.net.to_string(),
        employer_cost: r.employer_cost.to_string(),
        entry_id: r.entry_id,
        payment_entry_id: r.payment_entry_id,
        payment_date: r.payment_date.map(|d| d.to_string()),
        created_at: r.created_at.clone(),
        approved_at: r.approved_at.clone(),
    }
}

fn manual_lines(lines: &[ManualLineInput]) -> R<Vec<ManualLine>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    if lines.len() > 50 {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                "a payslip takes at most 50 lines in review",
            )
            .field("lines"),
        );
    }
    for (i, l) in lines.iter().enumerate().take(50) {
        let row = i as u32 + 1;
        let kind = LineKind::parse(&l.kind);
        if kind.is_none() {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!(
                        "'{}' is not a kind of line (salary, non_salary, deduction)",
                        short(&l.kind)
                    ),
                )
                .at_row(row)
                .field("kind"),
            );
        }
        let amount = match parse::money("amount", &l.amount) {
            Ok(a) if a.cents() > 0 => Some(a),
            Ok(a) => {
                problems.push(
                    Problem::new(
                        ProblemCode::OutOfRange,
                        format!("a line's amount is more than zero, not {a}"),
                    )
                    .at_row(row)
                    .field("amount"),
                );
                None
            }
            Err(p) => {
                problems.push(p.at_row(row));
                None
            }
        };
        if let (Some(kind), Some(amount)) = (kind, amount) {
            let code = l.code.trim();
            out.push(ManualLine {
                kind,
                code: if code.is_empty() {
                    "manual".into()
                } else {
                    short(code)
                },
                label: l.label.chars().take(120).collect(),
                amount,
            });
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        fail(problems)
    }
}

// ---- commands ----

pub fn compute_pay_run(app: &App, a: MonthArgs) -> R<PayRunView> {
    let now = app.now();
    app.with_company(|c| Ok(run_view(&c.compute_pay_run(&a.month, now)?)))
}

pub fn get_pay_run(app: &App, a: IdArgs) -> R<PayRunView> {
    app.with_company(|c| Ok(run_view(&c.pay_run(a.id)?)))
}

pub fn list_pay_runs(app: &App, _: NoArgs) -> R<Vec<PayRunRow>> {
    app.with_company(|c| {
        Ok(c.pay_runs()?
            .iter()
            .map(|r| PayRunRow {
                id: r.id,
                month: r.month.clone(),
                state: r.state.clone(),
                employees: r.payslips.len() as u32,
                gross: r.gross.to_string(),
                net: r.net.to_string(),
                employer_cost: r.employer_cost.to_string(),
            })
            .collect())
    })
}

pub fn adjust_payslip(app: &App, a: AdjustPayslipArgs) -> R<PayslipView> {
    let lines = manual_lines(&a.lines)?;
    let now = app.now();
    app.with_company(|c| {
        Ok(payslip_view(&c.adjust_payslip(
            a.payslip_id,
            &lines,
            now,
        )?))
    })
}

pub fn correct_payslip(app: &App, a: CorrectPayslipArgs) -> R<PayslipView> {
    let lines = manual_lines(&a.lines)?;
    let now = app.now();
    app.with_company(|c| {
        Ok(payslip_view(&c.correct_payslip(
            a.run_id,
            a.original_id,
            &lines,
            now,
        )?))
    })
}

/// Approves a draft run, archiving each payslip's PDF as printed now (also for the CLI and the
/// demo).
pub fn approve_archived(
    c: &mut Company,
    id: i64,
    lang: Language,
    now: chrono::DateTime<chrono::Utc>,
) -> R<PayRunRecord> {
    let run = c.pay_run(id)?;
    let mut archive = Vec::with_capacity(run.payslips.len());
    if run.state == "draft" {
        let cd = company_doc(c)?;
        let rates = rates_map(c, year_of(&run.month))?;
        for p in &run.payslips {
            let doc = payslip_doc(c, &cd, &rates, p, lang)?;
            archive.push((p.id, render::payslip_pdf(&doc, lang).map_err(render_err)?));
        }
    }
    let run = c.approve_pay_run(id, &archive, now)?;
    // The payslips were archived with their text to read: read it now for the search (the
    // approval is committed whatever happens here; what is left is read at the next open).
    if let Err(e) = c
        .record_documents("pay_run", id)
        .map_err(ApiError::from)
        .and_then(|docs| crate::doctext::index_documents(c, &docs))
    {
        eprintln!("trastienda: reading the payslips' text failed: {e}");
    }
    Ok(run)
}

pub fn approve_pay_run(app: &App, a: IdArgs) -> R<PayRunView> {
    let now = app.now();
    let lang = language(app, None);
    app.with_company(|c| Ok(run_view(&approve_archived(c, a.id, lang, now)?)))
}

pub fn delete_pay_run(app: &App, a: IdArgs) -> R<()> {
    let now = app.now();
    app.with_company(|c| Ok(c.delete_pay_run(a.id, now)?))
}

pub fn pay_pay_run(app: &App, a: PayPayRunArgs) -> R<PaidPayRun> {
    let mut problems = Vec::new();
    let date = parse::opt_date("date", &a.date).map_err(|p| problems.push(p));
    let account = parse::account("account", a.account.as_deref().unwrap_or("5720001"))
        .map_err(|p| problems.push(p));
    let (Ok(date), Ok(account), true) = (date, account, problems.is_empty()) else {
        return fail(problems);
    };
    let date = date.unwrap_or_else(|| app.today());
    let now = app.now();
    app.with_company(|c| {
        let (run, xml) = c.pay_pay_run(a.id, date, &account, now)?;
        Ok(PaidPayRun {
            file: file(
                format!("nominas-{}.xml", run.month),
                "application/xml",
                xml.as_bytes(),
            ),
            run: run_view(&run),
        })
    })
}

pub fn payroll_rates(app: &App, a: YearArgs) -> R<Vec<PayrollRateView>> {
    app.with_company(|c| {
        Ok(c.payroll_rates(a.year)?
            .into_iter()
            .map(|r| PayrollRateView {
                key: r.key,
                value: r.value,
                source: r.source,
                shipped: r.shipped,
            })
            .collect())
    })
}

pub fn set_payroll_rate(app: &App, a: SetPayrollRateArgs) -> R<Vec<PayrollRateView>> {
    let now = app.now();
    app.with_company(|c| {
        Ok(c.set_payroll_rate(
            a.year,
            &short(&a.key),
            a.value.as_deref().map(short).as_deref(),
            &a.note.chars().take(500).collect::<String>(),
            now,
        )?
        .into_iter()
        .map(|r| PayrollRateView {
            key: r.key,
            value: r.value,
            source: r.source,
            shipped: r.shipped,
        })
        .collect())
    })
}

// ---- documents ----

const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

fn long_date(d: NaiveDate, lang: Language) -> String {
    match lang {
        Language::Es => format!(
            "{} de {} de {}",
            d.day(),
            MONTHS_ES[d.month0() as usize],
            d.year()
        ),
        Language::En => d.format("%-d %B %Y").to_string(),
    }
}

fn contract_name(code: &str, lang: Language) -> String {
    match (code, lang) {
        ("indefinido", Language::Es) => "Indefinido",
        ("temporal", Language::Es) => "Temporal",
        ("formacion", Language::Es) => "Formativo",
        ("practicas", Language::Es) => "Prácticas",
        ("fijo_discontinuo", Language::Es) => "Fijo discontinuo",
        ("indefinido", Language::En) => "Permanent",
        ("temporal", Language::En) => "Temporary",
        ("formacion", Language::En) => "Training",
        ("practicas", Language::En) => "Internship",
        ("fijo_discontinuo", Language::En) => "Seasonal permanent",
        (other, _) => other,
    }
    .to_string()
}

/// What a payslip document needs of the company, read once for a whole run.
struct CompanyDoc {
    company: render::PayslipCompany,
    atep: Decimal,
    place: String,
}

fn company_doc(c: &Company) -> R<CompanyDoc> {
    let s = c.settings()?;
    let payroll = c.payroll_settings()?;
    let profile = c.invoice_profile()?;
    let address: Vec<String> = s
        .address
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    // The town: the last line or comma part of the address, without its postcode.
    let place = address
        .last()
        .and_then(|l| l.rsplit(',').next())
        .map(|t| {
            t.trim()
                .trim_start_matches(|ch: char| ch.is_ascii_digit())
                .trim()
                .to_string()
        })
        .unwrap_or_default();
    Ok(CompanyDoc {
        company: render::PayslipCompany {
            name: s.name,
            tax_id: s.tax_id,
            address,
            ss_employer_code: payroll.ss_employer_code.unwrap_or_default(),
            logo: profile.logo,
        },
        atep: Decimal::from_str(&payroll.atep_rate).unwrap_or(Decimal::new(150, 2)),
        place,
    })
}

fn rates_map(c: &Company, year: i32) -> R<HashMap<String, Decimal>> {
    Ok(c.payroll_rates(year)?
        .into_iter()
        .filter_map(|r| Decimal::from_str(&r.value).ok().map(|v| (r.key, v)))
        .collect())
}

fn words(lang: Language) -> [&'static str; 14] {
    match lang {
        Language::Es => [
            "Contingencias comunes",
            "Desempleo",
            "Formación profesional",
            "MEI",
            "Cotización adicional de solidaridad",
            "Horas extraordinarias",
            "IRPF",
            "Contingencias comunes",
            "AT y EP",
            "Desempleo",
            "Formación profesional",
            "Fondo de Garantía Salarial",
            "MEI",
            "Cotización adicional de solidaridad",
        ],
        Language::En => [
            "Common contingencies",
            "Unemployment",
            "Vocational training",
            "Intergenerational equity (MEI)",
            "Solidarity contribution",
            "Overtime",
            "Income tax (IRPF)",
            "Common contingencies",
            "Work accidents and illness",
            "Unemployment",
            "Vocational training",
            "Wage Guarantee Fund",
            "Intergenerational equity (MEI)",
            "Solidarity contribution",
        ],
    }
}

fn payslip_doc(
    c: &Company,
    cd: &CompanyDoc,
    rates: &HashMap<String, Decimal>,
    p: &PayslipRecord,
    lang: Language,
) -> R<render::PayslipDoc> {
    let s = &p.slip;
    let r = |k: &str| rates.get(k).copied().unwrap_or_default();
    let temporal = p.contract_type == "temporal";
    let (ee_unemp, er_unemp) = if temporal {
        (r("ee_unemployment_temporal"), r("er_unemployment_temporal"))
    } else {
        (
            r("ee_unemployment_indefinido"),
            r("er_unemployment_indefinido"),
        )
    };
    let w = words(lang);
    let line = |label: &str, base: Money, rate: Decimal, amount: Money| render::ContributionLine {
        label: label.to_string(),
        base,
        rate,
        amount,
    };
    let mut employee_contributions = vec![
        line(w[0], s.bccc, r("ee_cc"), s.ee.cc),
        line(w[1], s.bccp, ee_unemp, s.ee.unemployment),
        line(w[2], s.bccp, r("ee_fp"), s.ee.fp),
        line(w[3], s.bccc, r("ee_mei"), s.ee.mei),
    ];
    if !s.ee.solidarity.is_zero() {
        employee_contributions.push(line(w[4], Money::ZERO, Decimal::ZERO, s.ee.solidarity));
    }
    if !s.ee.overtime.is_zero() {
        employee_contributions.push(line(w[5], s.overtime_base, r("ee_overtime"), s.ee.overtime));
    }
    let mut employer_contributions = vec![
        line(w[7], s.bccc, r("er_cc"), s.er.cc),
        line(w[8], s.bccp, cd.atep, s.er.atep),
        line(w[9], s.bccp, er_unemp, s.er.unemployment),
        line(w[10], s.bccp, r("er_fp"), s.er.fp),
        line(w[11], s.bccp, r("er_fogasa"), s.er.fogasa),
        line(w[12], s.bccc, r("er_mei"), s.er.mei),
    ];
    if !s.er.solidarity.is_zero() {
        employer_contributions.push(line(w[13], Money::ZERO, Decimal::ZERO, s.er.solidarity));
    }
    if !s.er.overtime.is_zero() {
        employer_contributions.push(line(w[5], s.overtime_base, r("er_overtime"), s.er.overtime));
    }
    let pl = |k: LineKind| -> Vec<render::PayslipLine> {
        s.lines
            .iter()
            .filter(|l| l.kind == k)
            .map(|l| render::PayslipLine {
                label: l.label.clone(),
                amount: l.amount,
            })
            .collect()
    };
    // The month's remuneration in the common-contingencies base: the salary lines but
    // overtime and an extra payment paid this month; the rest of the base is the proration.
    let remuneration: Money = s
        .lines
        .iter()
        .filter(|l| {
            l.kind == LineKind::Salary
                && !matches!(l.code.as_str(), "overtime" | "overtime_fm" | "extra")
        })
        .map(|l| l.amount)
        .sum();
    let remuneration = if remuneration > s.bccc {
        s.bccc
    } else {
        remuneration
    };
    let seniority = c.employee(p.employee_id).ok().map(|e| e.input.start_date);
    let corrects = p.corrects_id.map(|id| match c.payslip(id) {
        Ok(o) => match lang {
            Language::Es => format!("nómina de {} de {}", o.employee_name, o.month),
            Language::En => format!("payslip of {} for {}", o.employee_name, o.month),
        },
        Err(_) => format!("#{id}"),
    });
    let when = long_date(p.period_end, lang);
    Ok(render::PayslipDoc {
        company: cd.company.clone(),
        worker: render::PayslipWorker {
            name: p.employee_name.clone(),
            nif: p.employee_nif.clone(),
            ss_number: p.ss_number.clone(),
            category: p.category.clone(),
            group: p.group,
            contract: contract_name(&p.contract_type, lang),
            seniority,
            part_time_pct: if p.part_time_pct == "100" {
                String::new()
            } else {
                p.part_time_pct.clone()
            },
        },
        period_start: p.period_start,
        period_end: p.period_end,
        days: p.days,
        salary_lines: pl(LineKind::Salary),
        non_salary_lines: pl(LineKind::NonSalary),
        total_devengado: s.gross,
        employee_contributions,
        irpf: line(w[6], s.irpf_base, s.irpf_pct, s.irpf),
        other_deductions: pl(LineKind::Deduction),
        total_deducir: s.total_deductions,
        liquido: s.net,
        bccc_remuneration: remuneration,
        bccc_proration: s.bccc - remuneration,
        bccc: s.bccc,
        bccp: s.bccp,
        overtime_base: s.overtime_base,
        irpf_base: s.irpf_base,
        employer_contributions,
        employer_total: s.er.total(),
        corrects,
        place_and_date: if cd.place.is_empty() {
            when
        } else {
            format!("{}, {when}", cd.place)
        },
    })
}

fn year_of(month: &str) -> i32 {
    month.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0)
}

fn render_err(e: render::RenderError) -> ApiError {
    ApiError::new(ErrorCode::Internal, e.to_string())
}

/// One payslip as PDF (also for the CLI): an approved one as archived when its run was
/// approved, a draft one as it would print now.
pub fn payslip_file(c: &Company, id: i64, lang: Language) -> R<ExportedFile> {
    let p = c.payslip(id)?;
    let bytes = match c.archived_payslip(id)? {
        Some(pdf) => pdf,
        None => {
            let cd = company_doc(c)?;
            let rates = rates_map(c, year_of(&p.month))?;
            let doc = payslip_doc(c, &cd, &rates, &p, lang)?;
            render::payslip_pdf(&doc, lang).map_err(render_err)?
        }
    };
    let name = p
        .employee_name
        .chars()
        .map(|ch| if ch.is_alphanumeric() { ch } else { '-' })
        .collect::<String>();
    Ok(file(
        format!("nomina-{}-{name}.pdf", p.month),
        "application/pdf",
        &bytes,
    ))
}

/// A whole run's payslips, one PDF.
pub fn run_payslips_pdf(c: &Company, run: &PayRunRecord, lang: Language) -> R<Vec<u8>> {
    if run.payslips.is_empty() {
        return fail(vec![Problem::new(
            ProblemCode::Required,
            format!("the pay run of {} has no payslips", run.month),
        )
        .field("id")]);
    }
    let cd = company_doc(c)?;
    let rates = rates_map(c, year_of(&run.month))?;
    let docs = run
        .payslips
        .iter()
        .map(|p| payslip_doc(c, &cd, &rates, p, lang))
        .collect::<R<Vec<_>>>()?;
    let p = &PROGRESS;
    p.done.store(0, Ordering::Relaxed);
    p.total.store(docs.len() as u64, Ordering::Relaxed);
    p.active.store(true, Ordering::Relaxed);
    let r = render::payslips_pdf_with_progress(&docs, lang, |done, _| {
        p.done.store(done as u64, Ordering::Relaxed)
    });
    p.active.store(false, Ordering::Relaxed);
    r.map_err(render_err)
}

/// How far the PDF of a whole run has got (polled by the UI's progress bar).
struct Progress {
    active: AtomicBool,
    done: AtomicU64,
    total: AtomicU64,
}

static PROGRESS: Progress = Progress {
    active: AtomicBool::new(false),
    done: AtomicU64::new(0),
    total: AtomicU64::new(0),
};

pub fn pay_run_pdf_progress(_: &App, _: NoArgs) -> R<InvoicePdfProgress> {
    let p = &PROGRESS;
    Ok(InvoicePdfProgress {
        active: p.active.load(Ordering::Relaxed),
        done: p.done.load(Ordering::Relaxed),
        total: p.total.load(Ordering::Relaxed),
    })
}

/// The CSV of a run: one row per payslip with every figure, '.' decimals (also for the CLI).
pub fn run_payslips_csv(run: &PayRunRecord) -> R<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| ApiError::new(ErrorCode::Internal, format!("writing CSV: {e}"));
    w.write_record([
        "nif",
        "name",
        "month",
        "days",
        "gross",
        "bccc",
        "bccp",
        "ee_cc",
        "ee_unemployment",
        "ee_fp",
        "ee_mei",
        "ee_solidarity",
        "ee_overtime",
        "irpf",
        "other_deductions",
        "total_deductions",
        "net",
        "er_cc",
        "er_atep",
        "er_unemployment",
        "er_fogasa",
        "er_fp",
        "er_mei",
        "er_solidarity",
        "er_overtime",
        "employer_cost",
        "corrects",
    ])
    .map_err(err)?;
    for p in &run.payslips {
        let s = &p.slip;
        let m = |x: Money| x.to_string();
        w.write_record([
            p.employee_nif.clone(),
            p.employee_name.clone(),
            p.month.clone(),
            p.days.to_string(),
            m(s.gross),
            m(s.bccc),
            m(s.bccp),
            m(s.ee.cc),
            m(s.ee.unemployment),
            m(s.ee.fp),
            m(s.ee.mei),
            m(s.ee.solidarity),
            m(s.ee.overtime),
            m(s.irpf),
            m(s.other_deductions),
            m(s.total_deductions),
            m(s.net),
            m(s.er.cc),
            m(s.er.atep),
            m(s.er.unemployment),
            m(s.er.fogasa),
            m(s.er.fp),
            m(s.er.mei),
            m(s.er.solidarity),
            m(s.er.overtime),
            m(s.employer_cost),
            p.corrects_id.map(|i| i.to_string()).unwrap_or_default(),
        ])
        .map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("writing CSV: {e}")))
}

pub fn payslip_pdf(app: &App, a: PayslipPdfArgs) -> R<ExportedFile> {
    let lang = language(app, a.language);
    app.with_company(|c| payslip_file(c, a.id, lang))
}

pub fn pay_run_pdf(app: &App, a: PayslipPdfArgs) -> R<ExportedFile> {
    let lang = language(app, a.language);
    app.with_company(|c| {
        let run = c.pay_run(a.id)?;
        let bytes = run_payslips_pdf(c, &run, lang)?;
        Ok(file(
            format!("nominas-{}.pdf", run.month),
            "application/pdf",
            &bytes,
        ))
    })
}

pub fn pay_run_csv(app: &App, a: IdArgs) -> R<ExportedFile> {
    app.with_company(|c| {
        let run = c.pay_run(a.id)?;
        Ok(file(
            format!("nominas-{}.csv", run.month),
            "text/csv",
            &run_payslips_csv(&run)?,
        ))
    })
}

pub fn employee_payslips(app: &App, a: IdArgs) -> R<Vec<PayslipView>> {
    app.with_company(|c| {
        Ok(c.employee_payslips(a.id)?
            .iter()
            .map(payslip_view)
            .collect())
    })
}
