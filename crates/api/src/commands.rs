//! One function per command: parse the arguments, call core/store/render, shape the result.
//! Each is registered once in the table in lib.rs.

use crate::app::{absolute, App};
use crate::charts;
use crate::dto::*;
use crate::error::{ApiError, ErrorCode};
use crate::parse;
use crate::reports;
use base64::Engine;
use std::path::{Path, PathBuf};
use trastienda_core::entry::{EntryDraft, EntryLine};
use trastienda_core::{taxid, AccountCode, BalancedEntry, Money, Problem, ProblemCode};
use trastienda_store::{Company, CompanySettings, EntryFilter, EntryOrder};

pub use crate::backups::{
    backup_now, backup_progress, backup_settings, list_backups, restore_backup,
    restore_latest_backup, set_backup_settings, set_password,
};
pub use crate::bank::{
    bank_import_progress, bank_reconciliation_pdf, delete_csv_mapping, import_statement,
    list_bank_accounts, list_bank_lines, list_csv_mappings, preview_statement, save_bank_account,
    save_csv_mapping,
};
pub use crate::bookkeeping::{
    audit_log, close_year, create_fiscal_year, delete_draft, delete_entry_template,
    draft_recurring, get_draft, import_opening_balances, list_drafts, list_entry_templates,
    periods_info, post_draft, post_opening_balances, preview_close_year, reopen_year, save_draft,
    save_entry_template, set_lock_date, verify_audit_log,
};
pub use crate::correspondence::{
    correspondence_delete, correspondence_list, correspondence_save, follow_up_done,
    follow_ups_due, mail_rule_delete, mail_rule_save, mail_rules, triage_list, triage_piles,
    triage_reclassify,
};
pub use crate::customers::{
    export_customers, get_customer, import_customers, list_customers, list_products, save_customer,
    save_product, set_customer_active, set_product_active,
};
pub use crate::documents::{
    document_add_path, document_categories, document_category_save, document_content, document_get,
    document_link, document_list, document_open, document_purge, document_retention,
    document_unlink, document_update, document_upload_begin, document_upload_cancel,
    document_upload_chunk, document_upload_finish, documents_verify, record_documents,
};
pub use crate::employees::{
    employee_data_export, export_employees, get_employee, import_employees, list_employees,
    payroll_settings, reinstate_employee, save_employee, set_employee_irpf, set_payroll_settings,
    terminate_employee,
};
pub use crate::hr::{
    delete_benefit, delete_candidate, delete_leave, delete_review, delete_training, list_benefits,
    list_candidates, list_leave, list_reviews, list_trainings, save_benefit, save_candidate,
    save_leave, save_review, save_training, set_candidate_status, vacation_balance,
};
pub use crate::invoice_pdf::{
    invoice_pdf, invoice_pdf_progress, invoice_profile, invoice_register_info, invoice_tax_rows,
    invoices_pdf, set_invoice_profile,
};
pub use crate::mail::{mail_import_path, mail_import_progress, mail_import_upload};
pub use crate::payables::{
    cancel_payment_run, confirm_payment_run, export_payables_aging, export_supplier_statement,
    export_vat_input_summary, get_bill, get_payment_run, list_bills, list_payment_runs,
    list_supplier_payments, open_bills, payables_aging, post_bill, prepare_payment_run,
    preview_bill, record_expense, record_supplier_payment, supplier_account, supplier_statement,
    vat_input_summary,
};
pub use crate::payroll::{
    adjust_payslip, approve_pay_run, compute_pay_run, correct_payslip, delete_pay_run,
    employee_payslips, get_pay_run, list_pay_runs, pay_pay_run, pay_run_csv, pay_run_pdf,
    pay_run_pdf_progress, payroll_rates, payslip_pdf, set_payroll_rate,
};
pub use crate::payroll_reports::{
    export_payroll_report, headcount, irpf_annual, irpf_withheld, payroll_summary, ss_cost,
};
pub use crate::purchase_orders::{
    cancel_purchase_order, get_purchase_order, list_purchase_orders, order_for_billing,
    purchase_order_pdf, receive_purchase_order, save_purchase_order, send_purchase_order,
};
pub use crate::receivables::{
    customer_statement, export_aging, export_vat_output_summary, reminder_pdf,
};
pub use crate::reconcile::{
    bank_suggestions, bank_unreconcile, delete_bank_rule, ignore_bank_line, list_bank_rules,
    reconcile_line, reopen_bank_line, rule_from_line, save_bank_rule,
};
pub use crate::reports::{drill_down, export_report, journal_book, ledger_summary, statement};
pub use crate::sales::{
    convert_quote, create_credit_note, delete_invoice_draft, draft_due_invoices, get_invoice,
    issue_invoice, list_invoice_series, list_invoices, list_payments, list_quotes,
    overdue_invoices, receivables_aging, record_payment, record_reminder, save_invoice_draft,
    save_invoice_template, save_quote, set_quote_state, vat_output_summary,
    verify_invoice_register,
};
pub use crate::search::search;
pub use crate::settlement::{settlement_pdf, settlement_preview};
pub use crate::supplier_relations::{
    add_supplier_evaluation, contracts_due, delete_supplier_contract, delete_supplier_evaluation,
    list_supplier_contracts, list_supplier_evaluations, save_supplier_contract,
};
pub use crate::suppliers::{
    export_suppliers, get_supplier, import_suppliers, list_suppliers, save_supplier,
    set_supplier_status,
};

type R<T> = Result<T, ApiError>;

fn problems<T>(p: Vec<Problem>) -> R<T> {
    Err(ApiError::from_problems(&p))
}

pub(crate) fn company_info(c: &Company) -> R<CompanyInfo> {
    let s = c.settings()?;
    Ok(CompanyInfo {
        path: absolute(c.path()),
        name: s.name,
        tax_id: s.tax_id,
        country: s.country,
        address: s.address,
        fiscal_year_start_month: s.fiscal_year_start_month,
        currency: s.currency,
        language: s.language.into(),
        template: s.template,
        warnings: crate::backups::warnings_for(c.path()),
        encrypted: c.is_encrypted(),
    })
}

// ---- App ----

pub fn app_info(app: &App, _: NoArgs) -> R<AppInfo> {
    let company = {
        let slot = app.company_slot();
        match slot.as_ref() {
            Some(c) => Some(company_info(c)?),
            None => None,
        }
    };
    // Each settings read takes the lock on its own: never two guards in one expression.
    let language = app.settings().language;
    let recent = app.recent();
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: app.config.data_dir.display().to_string(),
        debug: app.config.debug,
        language,
        company,
        recent,
    })
}

pub fn list_templates(_: &App, _: NoArgs) -> R<Vec<ChartTemplate>> {
    Ok(charts::TEMPLATES
        .iter()
        .map(|t| ChartTemplate {
            id: t.id.to_string(),
            name: t.name.to_string(),
        })
        .collect())
}

pub fn check_tax_id(_: &App, a: CheckTaxIdArgs) -> R<TaxIdCheck> {
    Ok(match taxid::check(&a.country, &a.tax_id) {
        Ok(kind) => TaxIdCheck {
            valid: true,
            kind: kind.map(|k| k.as_str().to_string()),
            reason: None,
            expected: None,
            message: None,
        },
        Err(e) => TaxIdCheck {
            valid: false,
            kind: None,
            reason: Some(e.reason.code().to_string()),
            expected: e.reason.expected().map(String::from),
            message: Some(e.message),
        },
    })
}

/// Validates a new company's settings, returning every problem.
pub fn validate_new_company(n: &NewCompany) -> R<CompanySettings> {
    let mut p = Vec::new();
    if n.name.trim().is_empty() {
        p.push(Problem::new(ProblemCode::Required, "the legal name is required").field("name"));
    }
    if let Err(e) = taxid::check(&n.country, &n.tax_id) {
        let mut problem = Problem::new(ProblemCode::InvalidTaxId, e.message.clone())
            .field("tax_id")
            .param("value", &n.tax_id)
            .param("reason", e.reason.code());
        if let Some(c) = e.reason.expected() {
            problem = problem.param("expected", c);
        }
        p.push(problem);
    }
    if !(1..=12).contains(&n.fiscal_year_start_month) {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                "the fiscal year starts in a month from 1 to 12",
            )
            .field("fiscal_year_start_month"),
        );
    }
    let currency = n.currency.trim().to_ascii_uppercase();
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_alphabetic()) {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                "the currency is a 3-letter ISO code such as EUR",
            )
            .field("currency"),
        );
    }
    if !charts::TEMPLATES.iter().any(|t| t.id == n.template) {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("unknown chart template '{}'", n.template),
            )
            .field("template"),
        );
    }
    if !p.is_empty() {
        return problems(p);
    }
    let country = n.country.trim().to_ascii_uppercase();
    let tax_id = if country == "ES" {
        taxid::normalize(&n.tax_id)
    } else {
        n.tax_id.trim().to_string()
    };
    Ok(CompanySettings {
        name: n.name.trim().to_string(),
        tax_id,
        country,
        address: n.address.trim().to_string(),
        fiscal_year_start_month: n.fiscal_year_start_month,
        currency,
        language: n.language.into(),
        template: n.template.clone(),
    })
}

/// Creates a company file at `path` (the CLI's `init`, and `create_company` below).
pub fn create_company_at(path: &Path, n: &NewCompany, app: &App) -> R<Company> {
    let settings = validate_new_company(n)?;
    let chart = charts::accounts(&n.template)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| ApiError::io("creating the folder", e))?;
    }
    let mut company = Company::create(path, &settings, &chart, app.now())?;
    crate::invoice_pdf::install_archiver(&mut company);
    Ok(company)
}

/// A file name from the company name: "Ferretería López, S.L." -> "ferreteria-lopez-s-l".
fn file_stem(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = match c {
            'á' | 'à' | 'ä' | 'â' | 'Á' | 'À' => 'a',
            'é' | 'è' | 'ë' | 'ê' | 'É' => 'e',
            'í' | 'ì' | 'ï' | 'Í' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' | 'Ó' => 'o',
            'ú' | 'ù' | 'ü' | 'Ú' | 'Ü' => 'u',
            'ñ' | 'Ñ' => 'n',
            'ç' | 'Ç' => 'c',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let s = out.trim_end_matches('-').to_string();
    if s.is_empty() {
        "empresa".into()
    } else {
        s
    }
}

pub fn create_company(app: &App, n: NewCompany) -> R<CompanyInfo> {
    let dir = app.companies_dir();
    let stem = file_stem(&n.name);
    let mut path = dir.join(format!("{stem}.trastienda"));
    let mut i = 2;
    while path.exists() {
        path = dir.join(format!("{stem}-{i}.trastienda"));
        i += 1;
    }
    let company = create_company_at(&path, &n, app)?;
    let info = company_info(&company)?;
    app.set_company(company)?;
    Ok(info)
}

pub fn open_company(app: &App, a: OpenCompanyArgs) -> R<CompanyInfo> {
    if !app.may_open(Path::new(a.path.trim())) {
        return problems(vec![Problem::new(
            ProblemCode::OutOfRange,
            "open a company file with the Open dialog or from the recent list",
        )
        .field("path")
        .param("value", a.path.trim())]);
    }
    let password = a.password.and_then(trastienda_store::Password::new);
    let company =
        crate::backups::open_for_app(app, &PathBuf::from(a.path.trim()), password.as_ref())?;
    let info = company_info(&company)?;
    app.set_company(company)?;
    Ok(info)
}

pub fn open_demo_company(app: &App, _: NoArgs) -> R<CompanyInfo> {
    let path = app.companies_dir().join("demo.trastienda");
    let company = if path.is_file() {
        crate::backups::open_for_app(app, &path, None)?
    } else {
        let mut c = crate::demo::create_demo(&path, crate::demo::DEMO_ENTRIES, app)?;
        crate::demo::close_past_years(&mut c, app)?;
        c
    };
    let info = company_info(&company)?;
    app.set_company(company)?;
    Ok(info)
}

pub fn close_company(app: &App, _: NoArgs) -> R<()> {
    app.close_company();
    Ok(())
}

pub fn set_language(app: &App, a: SetLanguageArgs) -> R<()> {
    let mut s = app.settings().clone();
    s.language = a.language;
    app.save_settings(&s)?;
    *app.settings() = s;
    let now = app.now();
    if let Some(c) = app.company_slot().as_mut() {
        c.set_language(a.language.into(), now)?;
    }
    Ok(())
}

// ---- Accounts ----

fn code_arg(field: &str, s: &str) -> R<AccountCode> {
    parse::account(field, s).map_err(|p| ApiError::from_problems(&[p]))
}

pub fn list_accounts(app: &App, a: ListAccountsArgs) -> R<Vec<AccountRow>> {
    let to = parse::opt_date("to", &a.to).map_err(|p| ApiError::from_problems(&[p]))?;
    app.with_company(|c| {
        let accounts = c.accounts()?;
        let totals = reports::rolled_up_totals(c, None, to)?;
        let q = a
            .query
            .as_deref()
            .map(|q| q.trim().to_lowercase())
            .filter(|q| !q.is_empty());
        let include_inactive = a.include_inactive.unwrap_or(true);
        Ok(accounts
            .into_iter()
            .filter(|acc| include_inactive || acc.active)
            .filter(|acc| match &q {
                None => true,
                Some(q) => {
                    acc.code.as_str().starts_with(q.as_str()) || acc.name.to_lowercase().contains(q)
                }
            })
            .map(|acc| {
                let (d, k) = totals.get(acc.code.as_str()).copied().unwrap_or_default();
                account_row(&acc, d, k)
            })
            .collect())
    })
}

fn account_row(acc: &trastienda_store::Account, debit: Money, credit: Money) -> AccountRow {
    AccountRow {
        code: acc.code.to_string(),
        name: acc.name.clone(),
        kind: acc.kind.into(),
        level: acc.code.level(),
        parent: acc.parent.as_ref().map(|p| p.to_string()),
        postable: acc.postable(),
        active: acc.active,
        debit: debit.to_string(),
        credit: credit.to_string(),
        balance: (debit - credit).to_string(),
        has_postings: acc.has_postings,
    }
}

fn account_row_now(c: &Company, code: &AccountCode) -> R<AccountRow> {
    let acc = c.account(code)?;
    let totals = reports::rolled_up_totals(c, None, None)?;
    let (d, k) = totals.get(code.as_str()).copied().unwrap_or_default();
    Ok(account_row(&acc, d, k))
}

pub fn search_accounts(app: &App, a: SearchAccountsArgs) -> R<Vec<AccountRow>> {
    app.with_company(|c| {
        let found = c.search_accounts(&a.query, a.limit.unwrap_or(20).min(200))?;
        let totals = reports::rolled_up_totals(c, None, None)?;
        Ok(found
            .iter()
            .map(|acc| {
                let (d, k) = totals.get(acc.code.as_str()).copied().unwrap_or_default();
                account_row(acc, d, k)
            })
            .collect())
    })
}

pub fn add_account(app: &App, a: AddAccountArgs) -> R<AccountRow> {
    let mut p = Vec::new();
    let parent = parse::account("parent_code", &a.parent_code);
    let code = parse::account("code", &a.code);
    if let Err(e) = &parent {
        p.push(e.clone());
    }
    if let Err(e) = &code {
        p.push(e.clone());
    }
    if a.name.trim().is_empty() {
        p.push(Problem::new(ProblemCode::Required, "the account needs a name").field("name"));
    }
    if let (Ok(parent), Ok(code)) = (&parent, &code) {
        if !parent.is_prefix_of(code) {
            p.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!("a subaccount of {parent} has a longer code that starts with {parent}"),
                )
                .field("code")
                .param("parent", parent),
            );
        }
    }
    if !p.is_empty() {
        return problems(p);
    }
    let (parent, code) = (parent.expect("checked"), code.expect("checked"));
    let now = app.now();
    app.with_company(|c| {
        let parent_acc = c.account(&parent)?;
        c.add_account(
            &trastienda_store::NewAccount {
                code: code.clone(),
                name: a.name.clone(),
                kind: parent_acc.kind,
            },
            now,
        )?;
        account_row_now(c, &code)
    })
}

pub fn rename_account(app: &App, a: RenameAccountArgs) -> R<AccountRow> {
    let code = code_arg("code", &a.code)?;
    let now = app.now();
    app.with_company(|c| {
        c.rename_account(&code, &a.name, now)?;
        account_row_now(c, &code)
    })
}

pub fn set_account_active(app: &App, a: SetAccountActiveArgs) -> R<AccountRow> {
    let code = code_arg("code", &a.code)?;
    let now = app.now();
    app.with_company(|c| {
        c.set_account_active(&code, a.active, now)?;
        account_row_now(c, &code)
    })
}

pub fn delete_account(app: &App, a: AccountCodeArgs) -> R<()> {
    let code = code_arg("code", &a.code)?;
    let now = app.now();
    app.with_company(|c| Ok(c.delete_account(&code, now)?))
}

// ---- Journal ----

/// Parses and checks a typed entry; problems name the line (1-based `row`) and field.
pub fn entry_from_dto(e: &NewEntry) -> R<BalancedEntry> {
    let mut p = Vec::new();
    let date = parse::date("date", &e.date).map_err(|x| p.push(x)).ok();
    let mut lines = Vec::new();
    for (i, l) in e.lines.iter().enumerate() {
        let row = i as u32 + 1;
        let account = parse::account("account", &l.account)
            .map_err(|x| p.push(x.at_row(row)))
            .ok();
        let debit = parse::money("debit", &l.debit)
            .map_err(|x| p.push(x.at_row(row)))
            .ok();
        let credit = parse::money("credit", &l.credit)
            .map_err(|x| p.push(x.at_row(row)))
            .ok();
        if let (Some(account), Some(debit), Some(credit)) = (account, debit, credit) {
            lines.push(EntryLine {
                account,
                description: l.description.clone(),
                debit,
                credit,
            });
        }
    }
    if !p.is_empty() {
        return problems(p);
    }
    BalancedEntry::new(EntryDraft {
        date: date.expect("checked"),
        description: e.description.clone(),
        lines,
    })
    .map(|b| b.with_reference(e.reference.as_deref()))
    .map_err(|p| ApiError::from_problems(&p))
}

pub(crate) fn summary_dto(s: &trastienda_store::EntrySummary) -> EntrySummary {
    EntrySummary {
        id: s.id,
        fiscal_year: s.fiscal_year,
        number: s.number,
        date: s.date.to_string(),
        description: s.description.clone(),
        reference: s.reference.clone(),
        total: s.total.to_string(),
        kind: crate::bookkeeping::summary_kind(s.kind),
        reverses: s.reverses,
        reversed_by: s.reversed_by,
        line_count: s.line_count,
    }
}

pub fn post_entry(app: &App, e: NewEntry) -> R<EntrySummary> {
    let entry = entry_from_dto(&e)?;
    let now = app.now();
    app.with_company(|c| Ok(summary_dto(&c.post_entry(&entry, now)?)))
}

pub fn list_entries(app: &App, a: ListEntriesArgs) -> R<EntryPage> {
    let mut p = Vec::new();
    let from = parse::opt_date("from", &a.from)
        .map_err(|x| p.push(x))
        .ok()
        .flatten();
    let to = parse::opt_date("to", &a.to)
        .map_err(|x| p.push(x))
        .ok()
        .flatten();
    let blank = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let account =
        blank(&a.account).and_then(|v| parse::account("account", &v).map_err(|x| p.push(x)).ok());
    let min_total =
        blank(&a.min_total).and_then(|v| parse::money("min_total", &v).map_err(|x| p.push(x)).ok());
    let max_total =
        blank(&a.max_total).and_then(|v| parse::money("max_total", &v).map_err(|x| p.push(x)).ok());
    if let (Some(lo), Some(hi)) = (min_total, max_total) {
        if lo > hi {
            p.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!("the minimum ({lo}) is above the maximum ({hi})"),
                )
                .field("min_total"),
            );
        }
    }
    if !p.is_empty() {
        return problems(p);
    }
    let desc = a.descending.unwrap_or(true);
    let order = match (a.sort.unwrap_or(EntrySort::Date), desc) {
        (EntrySort::Date, true) => EntryOrder::DateDesc,
        (EntrySort::Date, false) => EntryOrder::DateAsc,
        (EntrySort::Number, true) => EntryOrder::NumberDesc,
        (EntrySort::Number, false) => EntryOrder::NumberAsc,
    };
    let filter = EntryFilter {
        from,
        to,
        query: a.query.clone(),
        account,
        min_total,
        max_total,
        kind: a.kind.map(crate::bookkeeping::core_kind),
        order,
    };
    app.with_company(|c| {
        let (rows, total) = c.list_entries(&filter, a.page, a.page_size.clamp(1, 500))?;
        Ok(EntryPage {
            rows: rows.iter().map(summary_dto).collect(),
            total,
        })
    })
}

pub fn get_entry(app: &App, a: EntryIdArgs) -> R<Entry> {
    app.with_company(|c| {
        let e = c.entry(a.id)?;
        Ok(Entry {
            summary: summary_dto(&e.summary),
            lines: e
                .lines
                .iter()
                .map(|l| EntryLineView {
                    account: l.account.to_string(),
                    account_name: l.account_name.clone(),
                    description: l.description.clone(),
                    debit: l.amount.sides().0.to_string(),
                    credit: l.amount.sides().1.to_string(),
                })
                .collect(),
        })
    })
}

pub fn reverse_entry(app: &App, a: ReverseEntryArgs) -> R<EntrySummary> {
    let date = parse::date("date", &a.date).map_err(|p| ApiError::from_problems(&[p]))?;
    let now = app.now();
    app.with_company(|c| {
        Ok(summary_dto(&c.reverse_entry(
            a.id,
            date,
            a.description.as_deref(),
            now,
        )?))
    })
}

// ---- Reports ----

pub fn trial_balance(app: &App, a: TrialBalanceArgs) -> R<TrialBalance> {
    let (from, to) = reports::period(&a.from, &a.to)?;
    app.with_company(|c| {
        Ok(reports::trial_balance_dto(&reports::trial_balance(
            c, from, to, a.level,
        )?))
    })
}

pub fn account_register(app: &App, a: RegisterArgs) -> R<RegisterPage> {
    let code = code_arg("code", &a.code)?;
    let (from, to) = reports::period(&a.from, &a.to)?;
    app.with_company(|c| {
        let p = c.register_page(&code, from, to, a.page, a.page_size)?;
        Ok(RegisterPage {
            code: p.code.to_string(),
            name: p.name,
            opening_balance: p.opening_balance.to_string(),
            rows: p
                .rows
                .iter()
                .map(|r| RegisterRow {
                    entry_id: r.entry_id,
                    fiscal_year: r.fiscal_year,
                    entry_number: r.entry_number,
                    date: r.date.to_string(),
                    description: r.description.clone(),
                    debit: r.amount.sides().0.to_string(),
                    credit: r.amount.sides().1.to_string(),
                    balance: r.balance.to_string(),
                })
                .collect(),
            total_rows: p.total_rows,
            page: p.page,
            page_size: p.page_size,
            closing_balance: p.closing_balance.to_string(),
        })
    })
}

pub fn export_trial_balance(app: &App, a: ExportTrialBalanceArgs) -> R<ExportedFile> {
    let (from, to) = reports::period(&a.from, &a.to)?;
    let lang = a.language.unwrap_or(app.settings().language);
    let today = app.today();
    let file = app.with_company(|c| {
        reports::export_trial_balance(c, from, to, a.format, lang.into(), today)
    })?;
    Ok(ExportedFile {
        file_name: file.file_name,
        mime: file.mime.to_string(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(&file.bytes),
    })
}

fn decode(content: &str) -> R<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(content)
        .map_err(|e| ApiError::new(ErrorCode::Validation, format!("content_base64: {e}")))
}

/// Desktop "Print": writes the document to a temporary folder and opens the system viewer.
pub fn open_exported(app: &App, a: OpenExportedArgs) -> R<SavedFile> {
    let bytes = decode(&a.content_base64)?;
    let name = Path::new(&a.file_name).file_name().ok_or_else(|| {
        ApiError::new(ErrorCode::Validation, "file_name: a file name is required")
    })?;
    let dir = std::env::temp_dir().join("trastienda-print");
    std::fs::create_dir_all(&dir).map_err(|e| ApiError::io("creating the print folder", e))?;
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|e| ApiError::io("writing the document", e))?;
    show_in_viewer(&path)?;
    let _ = app;
    Ok(SavedFile {
        path: path.display().to_string(),
    })
}

/// Opens a file in the system's application for its kind (not when TRASTIENDA_NO_VIEWER is
/// set: tests, headless runs).
pub(crate) fn show_in_viewer(path: &Path) -> R<()> {
    if std::env::var_os("TRASTIENDA_NO_VIEWER").is_none() {
        opener::open(path).map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!("opening {} in the system viewer: {e}", path.display()),
            )
        })?;
    }
    Ok(())
}

/// Desktop "Save as": writes the document where the user chose in the native Save dialog
/// (the shell grants that path; any other is refused, so the web side cannot write files
/// where it likes).
pub fn save_exported(app: &App, a: SaveExportedArgs) -> R<SavedFile> {
    let bytes = decode(&a.content_base64)?;
    if a.path.trim().is_empty() {
        return problems(vec![Problem::new(
            ProblemCode::Required,
            "choose where to save",
        )
        .field("path")]);
    }
    if !app.granted(Path::new(&a.path), true) {
        return problems(vec![Problem::new(
            ProblemCode::OutOfRange,
            "documents are saved only where you choose in the Save dialog",
        )
        .field("path")
        .param("value", &a.path)]);
    }
    std::fs::write(&a.path, bytes).map_err(|e| ApiError::io(&format!("writing {}", a.path), e))?;
    Ok(SavedFile { path: a.path })
}
