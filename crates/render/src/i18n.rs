//! The words render prints, in each [`Language`]. Callers pass data and a language; they
//! never pre-translate report titles or column names.

use chrono::NaiveDate;
use trastienda_core::Language;

pub(crate) struct Words {
    pub trial_balance: &'static str,
    pub account: &'static str,
    pub name: &'static str,
    pub debit: &'static str,
    pub credit: &'static str,
    pub balance: &'static str,
    pub totals: &'static str,
    pub tax_id: &'static str,
    pub journal_book: &'static str,
    pub ledger: &'static str,
    pub entry: &'static str,
    pub date: &'static str,
    pub name_or_concept: &'static str,
    pub concept: &'static str,
    pub opening_balance: &'static str,
    pub account_total: &'static str,
    pub reference: &'static str,
    pub does_not_balance: &'static str,
    pub difference: &'static str,
    /// "Account {code} {name} not assigned to any line": the words around code and name.
    pub unassigned_before: &'static str,
    pub unassigned_after: &'static str,
    /// The opening row's description in the ledger CSV.
    pub opening_csv: &'static str,
}

const ES: Words = Words {
    trial_balance: "Balance de sumas y saldos",
    account: "Cuenta",
    name: "Nombre",
    debit: "Debe",
    credit: "Haber",
    balance: "Saldo",
    totals: "Totales",
    tax_id: "NIF",
    journal_book: "Libro diario",
    ledger: "Libro mayor",
    entry: "Asiento",
    date: "Fecha",
    name_or_concept: "Nombre / Concepto",
    concept: "Concepto",
    opening_balance: "Saldo anterior",
    account_total: "Total cuenta",
    reference: "Ref.",
    does_not_balance: "EL BALANCE NO CUADRA",
    difference: "diferencia",
    unassigned_before: "Cuenta",
    unassigned_after: "sin asignar a ninguna línea",
    opening_csv: "Saldo anterior",
};

const EN: Words = Words {
    trial_balance: "Trial balance",
    account: "Account",
    name: "Name",
    debit: "Debit",
    credit: "Credit",
    balance: "Balance",
    totals: "Totals",
    tax_id: "Tax ID",
    journal_book: "Journal book",
    ledger: "General ledger",
    entry: "Entry",
    date: "Date",
    name_or_concept: "Name / Description",
    concept: "Description",
    opening_balance: "Opening balance",
    account_total: "Account total",
    reference: "Ref.",
    does_not_balance: "DOES NOT BALANCE",
    difference: "difference",
    unassigned_before: "Account",
    unassigned_after: "not assigned to any line",
    opening_csv: "opening",
};

pub(crate) fn words(lang: Language) -> &'static Words {
    match lang {
        Language::Es => &ES,
        Language::En => &EN,
    }
}

/// Dates print as dd/mm/yyyy in both languages (the documents are Spanish books).
pub(crate) fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub(crate) fn page_x_of_y(lang: Language, page: usize, pages: usize) -> String {
    match lang {
        Language::Es => format!("Página {page} de {pages}"),
        Language::En => format!("Page {page} of {pages}"),
    }
}

pub(crate) fn period(lang: Language, from: Option<NaiveDate>, to: Option<NaiveDate>) -> String {
    match (lang, from, to) {
        (Language::Es, Some(f), Some(t)) => format!("Del {} al {}", date(f), date(t)),
        (Language::Es, Some(f), None) => format!("Desde el {}", date(f)),
        (Language::Es, None, Some(t)) => format!("Hasta el {}", date(t)),
        (Language::Es, None, None) => "Todas las fechas".to_string(),
        (Language::En, Some(f), Some(t)) => format!("From {} to {}", date(f), date(t)),
        (Language::En, Some(f), None) => format!("From {}", date(f)),
        (Language::En, None, Some(t)) => format!("Up to {}", date(t)),
        (Language::En, None, None) => "All dates".to_string(),
    }
}

pub(crate) fn printed_on(lang: Language, d: NaiveDate) -> String {
    match lang {
        Language::Es => format!("Impreso el {}", date(d)),
        Language::En => format!("Printed on {}", date(d)),
    }
}

/// The words of the sales documents (invoices, reminders, aging, statements of account).
pub(crate) struct SalesWords {
    pub invoice: &'static str,
    /// "Factura" as a column title.
    pub invoice_col: &'static str,
    pub simplified: &'static str,
    pub credit_note: &'static str,
    pub customer: &'static str,
    pub supplier: &'static str,
    pub details: &'static str,
    pub number: &'static str,
    pub series: &'static str,
    pub issue_date: &'static str,
    pub operation_date: &'static str,
    pub due_date: &'static str,
    pub corrects: &'static str,
    pub corrects_dated: &'static str,
    pub description: &'static str,
    pub quantity: &'static str,
    pub unit_price: &'static str,
    pub discount: &'static str,
    pub vat: &'static str,
    pub amount: &'static str,
    pub base: &'static str,
    pub vat_rate: &'static str,
    pub vat_amount: &'static str,
    pub recargo_rate: &'static str,
    pub recargo_amount: &'static str,
    pub recargo: &'static str,
    pub withholding: &'static str,
    pub total_invoice: &'static str,
    pub payment: &'static str,
    pub due_dates: &'static str,
    pub phone: &'static str,
    pub tax_qr: &'static str,
    pub notes: &'static str,
    pub continued: &'static str,
    pub date: &'static str,
    pub days_overdue: &'static str,
    pub outstanding: &'static str,
    pub interest: &'static str,
    pub total: &'static str,
    pub recovery_costs: &'static str,
    pub reminder_titles: [&'static str; 3],
    pub salutation: &'static str,
    pub closing: &'static str,
    pub reminder_text: [&'static [&'static str]; 3],
    pub receivables_aging: &'static str,
    pub payables_aging: &'static str,
    pub current: &'static str,
    pub statement_of_account: &'static str,
    pub document: &'static str,
    pub as_of: &'static str,
}

const SALES_ES: SalesWords = SalesWords {
    invoice: "FACTURA",
    invoice_col: "Factura",
    simplified: "FACTURA SIMPLIFICADA",
    credit_note: "FACTURA RECTIFICATIVA",
    customer: "Cliente",
    supplier: "Proveedor",
    details: "Datos de la factura",
    number: "Número",
    series: "Serie",
    issue_date: "Fecha de expedición",
    operation_date: "Fecha de operación",
    due_date: "Vencimiento",
    corrects: "Factura rectificada",
    corrects_dated: "Fecha factura rectificada",
    description: "Descripción",
    quantity: "Cantidad",
    unit_price: "Precio",
    discount: "Dto. %",
    vat: "IVA",
    amount: "Importe",
    base: "Base imponible",
    vat_rate: "% IVA",
    vat_amount: "Cuota IVA",
    recargo_rate: "% R.E.",
    recargo_amount: "Cuota R.E.",
    recargo: "Recargo de equivalencia",
    withholding: "Retención IRPF",
    total_invoice: "TOTAL FACTURA",
    payment: "Forma de pago",
    due_dates: "Vencimientos",
    phone: "Tel.",
    tax_qr: "QR tributario:",
    notes: "Observaciones",
    continued: "continuación",
    date: "Fecha",
    days_overdue: "Días de retraso",
    outstanding: "Importe pendiente",
    interest: "Intereses",
    total: "Total",
    recovery_costs: "Compensación por costes de cobro (art. 8 Ley 3/2004)",
    reminder_titles: [
        "RECORDATORIO DE PAGO",
        "REQUERIMIENTO DE PAGO",
        "ÚLTIMO AVISO DE PAGO",
    ],
    salutation: "Estimados señores:",
    closing: "Atentamente,",
    reminder_text: [
        &[
            "Según nuestros registros, las facturas que se detallan a continuación han vencido y aún no constan como pagadas. Es posible que se trate de un descuido o que el pago se haya cruzado con esta carta; en tal caso, les rogamos que no la tengan en cuenta.",
            "Les agradeceríamos que procedieran a su pago a la mayor brevedad posible.",
        ],
        &[
            "A pesar de nuestro recordatorio anterior, las facturas que se detallan a continuación siguen pendientes de pago.",
            "Les rogamos que regularicen esta situación en un plazo de diez días desde la fecha de esta carta, o que se pongan en contacto con nosotros si existe algún motivo que lo impida.",
        ],
        &[
            "Pese a nuestros avisos anteriores, las facturas que se detallan a continuación continúan impagadas.",
            "Les requerimos formalmente el pago del importe total indicado en un plazo de siete días. Transcurrido dicho plazo sin recibirlo, nos veremos obligados a iniciar las acciones legales oportunas para su reclamación.",
        ],
    ],
    receivables_aging: "Antigüedad de saldos de clientes",
    payables_aging: "Antigüedad de saldos de proveedores",
    current: "No vencido",
    statement_of_account: "Extracto de cuenta",
    document: "Documento",
    as_of: "A fecha",
};

const SALES_EN: SalesWords = SalesWords {
    invoice: "INVOICE",
    invoice_col: "Invoice",
    simplified: "SIMPLIFIED INVOICE",
    credit_note: "CREDIT NOTE",
    customer: "Customer",
    supplier: "Supplier",
    details: "Invoice details",
    number: "Number",
    series: "Series",
    issue_date: "Issue date",
    operation_date: "Date of supply",
    due_date: "Due date",
    corrects: "Corrected invoice",
    corrects_dated: "Corrected invoice date",
    description: "Description",
    quantity: "Qty",
    unit_price: "Unit price",
    discount: "Disc. %",
    vat: "VAT",
    amount: "Amount",
    base: "Taxable base",
    vat_rate: "VAT %",
    vat_amount: "VAT",
    recargo_rate: "Surch. %",
    recargo_amount: "Surcharge",
    recargo: "Equivalence surcharge",
    withholding: "IRPF withholding",
    total_invoice: "TOTAL",
    payment: "Payment",
    due_dates: "Due dates",
    phone: "Tel.",
    tax_qr: "Tax QR:",
    notes: "Notes",
    continued: "continued",
    date: "Date",
    days_overdue: "Days overdue",
    outstanding: "Outstanding",
    interest: "Interest",
    total: "Total",
    recovery_costs: "Recovery costs (art. 8 Spanish Law 3/2004)",
    reminder_titles: ["PAYMENT REMINDER", "PAYMENT REQUEST", "FINAL NOTICE"],
    salutation: "Dear Sir or Madam,",
    closing: "Yours faithfully,",
    reminder_text: [
        &[
            "According to our records, the invoices listed below are past their due date and have not yet been paid. This may be an oversight, or your payment may have crossed with this letter; if so, please disregard it.",
            "We would be grateful if you could settle them at your earliest convenience.",
        ],
        &[
            "Despite our previous reminder, the invoices listed below remain unpaid.",
            "Please settle them within ten days of the date of this letter, or contact us if there is any reason preventing payment.",
        ],
        &[
            "Despite our previous notices, the invoices listed below are still unpaid.",
            "We formally request payment of the total shown within seven days. If we do not receive it by then, we will have to take the appropriate legal action to recover it.",
        ],
    ],
    receivables_aging: "Receivables aging",
    payables_aging: "Payables aging",
    current: "Not yet due",
    statement_of_account: "Statement of account",
    document: "Document",
    as_of: "As of",
};

pub(crate) fn sales_words(lang: Language) -> &'static SalesWords {
    match lang {
        Language::Es => &SALES_ES,
        Language::En => &SALES_EN,
    }
}

/// The interest line of a final notice: the yearly rate and the law it comes from.
pub(crate) fn interest_note(lang: Language, rate: &str) -> String {
    match lang {
        Language::Es => format!(
            "Intereses de demora al tipo legal del {rate} % anual desde el día siguiente al vencimiento (art. 7 de la Ley 3/2004, de 29 de diciembre)."
        ),
        Language::En => format!(
            "Late-payment interest at the statutory rate of {rate} % a year from the day after the due date (art. 7 of Spanish Law 3/2004)."
        ),
    }
}

/// "Invoice 2027-0001 of 01/02/2027" as the credit note legend cites it.
pub(crate) fn corrects_legend(lang: Language, number: &str, d: NaiveDate, reason: &str) -> String {
    match lang {
        Language::Es => format!(
            "Factura rectificativa de la factura {number} de fecha {}. Motivo: {reason}",
            date(d)
        ),
        Language::En => format!(
            "Credit note correcting invoice {number} dated {}. Reason: {reason}",
            date(d)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_read_naturally() {
        let (f, t) = (Some(d(2026, 1, 1)), Some(d(2026, 12, 31)));
        assert_eq!(period(Language::Es, f, t), "Del 01/01/2026 al 31/12/2026");
        assert_eq!(period(Language::En, f, t), "From 01/01/2026 to 31/12/2026");
        assert_eq!(period(Language::Es, None, None), "Todas las fechas");
        assert_eq!(period(Language::En, None, None), "All dates");
        assert_eq!(period(Language::Es, None, t), "Hasta el 31/12/2026");
        assert_eq!(page_x_of_y(Language::Es, 1, 3), "Página 1 de 3");
        assert_eq!(page_x_of_y(Language::En, 2, 3), "Page 2 of 3");
    }
}
