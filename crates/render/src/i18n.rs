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
