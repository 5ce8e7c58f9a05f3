//! Trastienda's use cases over `store` and `render`, and the ONE table of commands that every
//! front end exposes: the Tauri shell registers it as IPC, `trastienda serve` as HTTP.
//!
//! Architecture invariant: no Tauri, no HTTP here. Only this crate knows the wire format
//! (serde DTOs in `dto`, errors as `{code, message, problems}`); TypeScript types and the
//! UI's client are generated from this crate (`bindings`), never written twice.

mod app;
pub mod backups;
pub mod bank;
pub mod bindings;
pub mod bookkeeping;
mod charts;
pub mod commands;
pub mod correspondence;
pub mod customers;
pub mod demo;
mod demo_bank;
mod demo_correspondence;
mod demo_employees;
mod demo_payables;
mod demo_payroll;
mod demo_purchases;
mod demo_sales;
mod demo_supplier_relations;
pub mod doctext;
pub mod documents;
pub mod dto;
mod dto_bank;
mod dto_correspondence;
mod dto_documents;
mod dto_employees;
mod dto_hr;
mod dto_invoice_pdf;
mod dto_invoices;
mod dto_payables;
mod dto_payroll;
mod dto_payroll_reports;
mod dto_purchase_orders;
mod dto_receivables;
mod dto_reconcile;
mod dto_sales;
mod dto_search;
mod dto_supplier_relations;
mod dto_suppliers;
pub mod employees;
mod error;
pub mod hr;
pub mod import;
pub mod invoice_pdf;
pub mod mail;
mod parse;
mod party_csv;
pub mod payables;
pub mod payroll;
pub mod payroll_reports;
pub mod purchase_orders;
pub mod receivables;
pub mod reconcile;
pub mod reports;
pub mod sales;
pub mod search;
pub mod settlement;
pub mod supplier_relations;
pub mod suppliers;

pub use app::{actor, App, AppConfig};
pub use backups::restore_lock;
pub use error::{ApiError, ErrorCode, ProblemDto};
pub use trastienda_core::Language;
pub use trastienda_store::{Company, Password};

/// Opens a company file (bringing its schema up to date, after backing it up when a
/// migration is pending).
pub fn open_company_file(
    app: &App,
    path: &std::path::Path,
    password: Option<&trastienda_store::Password>,
) -> Result<Company, ApiError> {
    backups::open_for_cli(app, path, password)
}

use serde_json::Value;

/// Declares every command once: its name on the wire, its argument and result types. From
/// this the dispatcher and the TypeScript client are both derived.
macro_rules! command_table {
    ($( $name:ident : $args:ty => $out:ty ;)*) => {
        /// Runs command `cmd` with JSON `args`, returning its JSON result.
        pub fn dispatch(app: &App, cmd: &str, args: Value) -> Result<Value, ApiError> {
            match cmd {
                $( stringify!($name) => {
                    let args = if args.is_null() { Value::Object(Default::default()) } else { args };
                    let a: $args = serde_json::from_value(args)
                        .map_err(|e| ApiError::new(ErrorCode::Validation, format!("{}: bad arguments: {e}", stringify!($name))))?;
                    let out: $out = commands::$name(app, a)?;
                    serde_json::to_value(out).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
                } )*
                _ => Err(ApiError::new(ErrorCode::UnknownCommand, format!("unknown command '{cmd}'"))),
            }
        }

        /// (name, argument type, result type) of every command, for the generated client.
        pub fn command_signatures(cfg: &ts_rs::Config) -> Vec<(&'static str, String, String)> {
            use ts_rs::TS;
            vec![ $( (stringify!($name), <$args as TS>::name(cfg), <$out as TS>::name(cfg)) ),* ]
        }

        /// Declarations of every type the commands use, for the generated client.
        pub(crate) fn command_type_decls(cfg: &ts_rs::Config, out: &mut bindings::Decls) {
            $( out.add::<$args>(cfg); out.add::<$out>(cfg); )*
        }
    };
}

use dto::*;

command_table! {
    app_info: NoArgs => AppInfo;
    list_templates: NoArgs => Vec<ChartTemplate>;
    check_tax_id: CheckTaxIdArgs => TaxIdCheck;
    create_company: NewCompany => CompanyInfo;
    open_company: OpenCompanyArgs => CompanyInfo;
    open_demo_company: NoArgs => CompanyInfo;
    close_company: NoArgs => ();
    set_language: SetLanguageArgs => ();
    list_accounts: ListAccountsArgs => Vec<AccountRow>;
    search_accounts: SearchAccountsArgs => Vec<AccountRow>;
    add_account: AddAccountArgs => AccountRow;
    rename_account: RenameAccountArgs => AccountRow;
    set_account_active: SetAccountActiveArgs => AccountRow;
    delete_account: AccountCodeArgs => ();
    post_entry: NewEntry => EntrySummary;
    list_entries: ListEntriesArgs => EntryPage;
    get_entry: EntryIdArgs => Entry;
    reverse_entry: ReverseEntryArgs => EntrySummary;
    trial_balance: TrialBalanceArgs => TrialBalance;
    account_register: RegisterArgs => RegisterPage;
    export_trial_balance: ExportTrialBalanceArgs => ExportedFile;
    open_exported: OpenExportedArgs => SavedFile;
    save_exported: SaveExportedArgs => SavedFile;
    periods_info: NoArgs => PeriodsInfo;
    create_fiscal_year: CreateYearArgs => FiscalYearRow;
    set_lock_date: SetLockDateArgs => PeriodsInfo;
    preview_close_year: YearArgs => ClosePreview;
    close_year: YearArgs => ClosedYear;
    reopen_year: ReopenYearArgs => PeriodsInfo;
    post_opening_balances: OpeningBalancesArgs => EntrySummary;
    import_opening_balances: ImportOpeningArgs => EntrySummary;
    list_drafts: NoArgs => Vec<Draft>;
    get_draft: IdArgs => Draft;
    save_draft: SaveDraftArgs => Draft;
    delete_draft: IdArgs => ();
    post_draft: IdArgs => EntrySummary;
    list_entry_templates: NoArgs => Vec<EntryTemplate>;
    save_entry_template: SaveTemplateArgs => EntryTemplate;
    delete_entry_template: IdArgs => ();
    draft_recurring: DraftDueArgs => Vec<Draft>;
    statement: StatementArgs => Statement;
    drill_down: DrillDownArgs => DrillPage;
    journal_book: JournalBookArgs => JournalBookPage;
    ledger_summary: LedgerArgs => LedgerSummary;
    export_report: ExportReportArgs => ExportedFile;
    audit_log: AuditArgs => AuditPage;
    verify_audit_log: NoArgs => AuditCheck;
    backup_settings: NoArgs => BackupSettingsDto;
    set_backup_settings: SetBackupSettingsArgs => BackupSettingsDto;
    backup_now: NoArgs => BackupRow;
    backup_progress: NoArgs => BackupProgress;
    list_backups: NoArgs => Vec<BackupRow>;
    restore_backup: RestoreBackupArgs => Restored;
    restore_latest_backup: RestoreLatestArgs => Restored;
    set_password: SetPasswordArgs => CompanyInfo;
    // Customers and catalogue
    list_customers: ListCustomersArgs => CustomerPage;
    get_customer: IdArgs => CustomerCard;
    save_customer: SaveCustomerArgs => CustomerDto;
    set_customer_active: SetActiveArgs => CustomerDto;
    import_customers: ImportCustomersArgs => ImportedCustomers;
    export_customers: NoArgs => ExportedFile;
    list_products: ListProductsArgs => Vec<ProductDto>;
    save_product: SaveProductArgs => ProductDto;
    set_product_active: SetActiveArgs => ProductDto;
    // Suppliers
    list_suppliers: ListSuppliersArgs => SupplierPage;
    get_supplier: IdArgs => SupplierDto;
    save_supplier: SaveSupplierArgs => SupplierDto;
    set_supplier_status: SetSupplierStatusArgs => SupplierDto;
    import_suppliers: ImportSuppliersArgs => ImportedSuppliers;
    export_suppliers: NoArgs => ExportedFile;
    // Bank and cash accounts, CSV layouts, statement import
    list_bank_accounts: NoArgs => Vec<BankAccountDto>;
    save_bank_account: SaveBankAccountArgs => BankAccountDto;
    list_csv_mappings: NoArgs => Vec<CsvMappingDto>;
    save_csv_mapping: SaveCsvMappingArgs => CsvMappingDto;
    delete_csv_mapping: IdArgs => ();
    preview_statement: StatementFileArgs => StatementPreview;
    import_statement: StatementFileArgs => ImportResultDto;
    list_bank_lines: ListBankLinesArgs => BankLinePage;
    // Reconciling statement lines, bank rules
    bank_suggestions: LineIdArgs => Vec<BankSuggestionDto>;
    reconcile_line: ReconcileLineArgs => ReconciledDto;
    ignore_bank_line: LineIdArgs => ();
    reopen_bank_line: LineIdArgs => ();
    list_bank_rules: NoArgs => Vec<BankRuleDto>;
    save_bank_rule: SaveBankRuleArgs => BankRuleDto;
    delete_bank_rule: IdArgs => DeletedBankRule;
    rule_from_line: RuleFromLineArgs => BankRuleDto;
    bank_reconciliation_pdf: BankReconciliationPdfArgs => ExportedFile;
    // Employees and payroll settings
    list_employees: ListEmployeesArgs => EmployeeList;
    get_employee: IdArgs => EmployeeDto;
    save_employee: SaveEmployeeArgs => EmployeeDto;
    set_employee_irpf: SetEmployeeIrpfArgs => EmployeeDto;
    terminate_employee: TerminateEmployeeArgs => EmployeeDto;
    reinstate_employee: IdArgs => EmployeeDto;
    import_employees: ImportEmployeesArgs => ImportedEmployees;
    export_employees: NoArgs => ExportedFile;
    employee_data_export: IdArgs => ExportedFile;
    payroll_settings: NoArgs => PayrollSettingsDto;
    set_payroll_settings: PayrollSettingsDto => PayrollSettingsDto;
    // Supplier relationship: evaluations and contracts
    list_supplier_evaluations: SupplierIdArgs => SupplierEvaluations;
    add_supplier_evaluation: AddSupplierEvaluationArgs => SupplierEvaluations;
    delete_supplier_evaluation: IdArgs => ();
    list_supplier_contracts: SupplierIdArgs => Vec<SupplierContractDto>;
    save_supplier_contract: SaveSupplierContractArgs => SupplierContractDto;
    delete_supplier_contract: IdArgs => ();
    contracts_due: ContractsDueArgs => ContractsDue;
    // HR records on employees, the vacation balance, candidates
    list_leave: EmployeeIdArgs => Vec<LeaveDto>;
    save_leave: SaveLeaveArgs => LeaveDto;
    delete_leave: IdArgs => ();
    list_trainings: EmployeeIdArgs => Vec<TrainingDto>;
    save_training: SaveTrainingArgs => TrainingDto;
    delete_training: IdArgs => ();
    list_reviews: EmployeeIdArgs => Vec<ReviewDto>;
    save_review: SaveReviewArgs => ReviewDto;
    delete_review: IdArgs => ();
    list_benefits: EmployeeIdArgs => Vec<BenefitDto>;
    save_benefit: SaveBenefitArgs => BenefitDto;
    delete_benefit: IdArgs => ();
    vacation_balance: VacationBalanceArgs => VacationBalanceDto;
    list_candidates: ListCandidatesArgs => Vec<CandidateDto>;
    save_candidate: SaveCandidateArgs => CandidateDto;
    set_candidate_status: SetCandidateStatusArgs => CandidateDto;
    delete_candidate: IdArgs => ();
    // Purchase orders
    list_purchase_orders: ListPurchaseOrdersArgs => Vec<PurchaseOrderRowDto>;
    get_purchase_order: IdArgs => PurchaseOrderDto;
    save_purchase_order: SavePurchaseOrderArgs => PurchaseOrderDto;
    send_purchase_order: PurchaseOrderPdfArgs => SentPurchaseOrder;
    purchase_order_pdf: PurchaseOrderPdfArgs => ExportedFile;
    receive_purchase_order: ReceivePurchaseOrderArgs => PurchaseOrderDto;
    cancel_purchase_order: CancelPurchaseOrderArgs => PurchaseOrderDto;
    order_for_billing: IdArgs => OrderForBillingDto;
    // Bills, expenses, payments made, payables
    preview_bill: PostBillArgs => BillPreview;
    post_bill: PostBillArgs => BillView;
    get_bill: IdArgs => BillView;
    list_bills: ListBillsArgs => Vec<BillView>;
    record_expense: RecordExpenseArgs => BillView;
    record_supplier_payment: RecordSupplierPaymentArgs => SupplierPaymentView;
    list_supplier_payments: SupplierScopeArgs => Vec<SupplierPaymentView>;
    open_bills: SupplierScopeArgs => Vec<OpenBillView>;
    supplier_account: IdArgs => SupplierAccountView;
    payables_aging: AsOfArgs => PayablesAgingView;
    export_payables_aging: ExportPayablesAgingArgs => ExportedFile;
    supplier_statement: SupplierStatementArgs => SupplierStatementView;
    export_supplier_statement: ExportSupplierStatementArgs => ExportedFile;
    vat_input_summary: VatInputArgs => VatInputSummaryView;
    export_vat_input_summary: ExportVatInputArgs => ExportedFile;
    prepare_payment_run: PreparePaymentRunArgs => PaymentRunView;
    confirm_payment_run: IdArgs => PaymentRunView;
    cancel_payment_run: IdArgs => PaymentRunView;
    get_payment_run: IdArgs => PaymentRunView;
    list_payment_runs: NoArgs => Vec<PaymentRunView>;
    // Pay runs, payslips and the year's payroll rates
    compute_pay_run: MonthArgs => PayRunView;
    get_pay_run: IdArgs => PayRunView;
    list_pay_runs: NoArgs => Vec<PayRunRow>;
    adjust_payslip: AdjustPayslipArgs => PayslipView;
    correct_payslip: CorrectPayslipArgs => PayslipView;
    approve_pay_run: IdArgs => PayRunView;
    delete_pay_run: IdArgs => ();
    pay_pay_run: PayPayRunArgs => PaidPayRun;
    payslip_pdf: PayslipPdfArgs => ExportedFile;
    pay_run_pdf: PayslipPdfArgs => ExportedFile;
    pay_run_pdf_progress: NoArgs => InvoicePdfProgress;
    pay_run_csv: IdArgs => ExportedFile;
    employee_payslips: IdArgs => Vec<PayslipView>;
    payroll_rates: YearArgs => Vec<PayrollRateView>;
    set_payroll_rate: SetPayrollRateArgs => Vec<PayrollRateView>;
    settlement_preview: FinalSettlementArgs => FinalSettlementView;
    settlement_pdf: FinalSettlementArgs => ExportedFile;
    // Invoices
    list_invoices: ListInvoicesArgs => Vec<InvoiceListRow>;
    get_invoice: InvoiceRefArgs => InvoiceView;
    save_invoice_draft: SaveInvoiceDraftArgs => InvoiceView;
    delete_invoice_draft: IdArgs => ();
    issue_invoice: IdArgs => InvoiceView;
    create_credit_note: CreateCreditNoteArgs => InvoiceView;
    list_invoice_series: NoArgs => Vec<SeriesView>;
    save_invoice_template: SaveInvoiceTemplateArgs => InvoiceView;
    draft_due_invoices: DraftDueInvoicesArgs => Vec<InvoiceView>;
    record_payment: RecordPaymentArgs => PaymentView;
    list_payments: ListPaymentsArgs => Vec<PaymentView>;
    receivables_aging: AsOfArgs => ReceivablesAging;
    overdue_invoices: AsOfArgs => Vec<OverdueRow>;
    record_reminder: RecordReminderArgs => ReminderView;
    verify_invoice_register: NoArgs => InvoiceRegisterCheck;
    vat_output_summary: VatOutputArgs => VatOutputSummaryView;
    list_quotes: ListQuotesArgs => Vec<QuoteView>;
    save_quote: SaveQuoteArgs => QuoteView;
    set_quote_state: SetQuoteStateArgs => QuoteView;
    convert_quote: ConvertQuoteArgs => InvoiceView;
    // Receivables documents
    export_aging: ExportAgingArgs => ExportedFile;
    reminder_pdf: ReminderPdfArgs => ExportedFile;
    customer_statement: CustomerStatementArgs => ExportedFile;
    export_vat_output_summary: ExportVatOutputArgs => ExportedFile;
    // Invoice PDFs
    invoice_pdf: InvoicePdfArgs => ExportedFile;
    invoices_pdf: InvoicesPdfArgs => ExportedFile;
    invoice_pdf_progress: NoArgs => InvoicePdfProgress;
    invoice_profile: NoArgs => InvoiceProfileDto;
    set_invoice_profile: InvoiceProfileDto => InvoiceProfileDto;
    invoice_register_info: InvoiceRefArgs => InvoiceRegisterInfo;
    invoice_tax_rows: IdArgs => Vec<InvoiceTaxView>;
    // Payroll reports: summary, Social Security cost, IRPF (modelos 111 and 190), headcount
    payroll_summary: PayrollPeriodArgs => PayrollSummaryView;
    ss_cost: PayrollPeriodArgs => SsCostView;
    irpf_withheld: IrpfQuarterArgs => IrpfQuarterView;
    irpf_annual: PayrollYearArgs => IrpfAnnualView;
    headcount: PayrollYearArgs => HeadcountView;
    export_payroll_report: ExportPayrollReportArgs => ExportedFile;
    // Documents: the archive (uploads in chunks, content in pieces, retention, verification)
    document_upload_begin: DocumentUploadBeginArgs => DocumentUploadBegun;
    document_upload_chunk: DocumentUploadChunkArgs => DocumentUploadReceived;
    document_upload_finish: DocumentUploadFinishArgs => DocumentDto;
    document_upload_cancel: DocumentUploadIdArgs => ();
    document_add_path: DocumentAddPathArgs => DocumentDto;
    document_get: IdArgs => DocumentDto;
    document_content: DocumentContentArgs => DocumentContent;
    document_open: IdArgs => SavedFile;
    document_list: DocumentListArgs => DocumentListPage;
    record_documents: RecordDocumentsArgs => Vec<DocumentDto>;
    document_update: DocumentUpdateArgs => DocumentDto;
    document_link: DocumentLinkArgs => DocumentDto;
    document_unlink: DocumentLinkArgs => DocumentDto;
    document_categories: NoArgs => Vec<DocumentCategoryDto>;
    document_category_save: DocumentCategorySaveArgs => Vec<DocumentCategoryDto>;
    document_retention: DocumentRetentionArgs => Vec<DocumentRetentionRow>;
    document_purge: DocumentPurgeArgs => DocumentPurged;
    documents_verify: NoArgs => DocumentsVerified;
    // Banking: undoing a reconciliation, the statement import's progress
    bank_unreconcile: LineIdArgs => UnreconciledDto;
    bank_import_progress: NoArgs => BankImportProgress;
    // The global search
    search: SearchArgs => SearchResultsDto;
    // Correspondence: the log, follow-ups, e-mail triage and import
    correspondence_list: CorrespondenceListArgs => Vec<CorrespondenceDto>;
    correspondence_save: CorrespondenceSaveArgs => CorrespondenceDto;
    correspondence_delete: IdArgs => ();
    follow_ups_due: FollowUpsDueArgs => FollowUpsDue;
    follow_up_done: IdArgs => CorrespondenceDto;
    triage_piles: NoArgs => Vec<TriagePileCount>;
    triage_list: TriageListArgs => TriageListPage;
    triage_reclassify: TriageReclassifyArgs => TriageReclassified;
    mail_rules: NoArgs => Vec<MailRuleDto>;
    mail_rule_save: MailRuleSaveArgs => MailRuleDto;
    mail_rule_delete: IdArgs => ();
    mail_import_path: MailImportPathArgs => MailImportReportDto;
    mail_import_upload: MailImportUploadArgs => MailImportReportDto;
    mail_import_progress: NoArgs => MailImportProgress;
}
