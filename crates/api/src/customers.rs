//! Customers and the products/services catalogue: the commands, and the customers' CSV.
//!
//! The CSV (import and export) has this header, in this order on export; an import may give
//! the columns in any order and leave out any but `legal_name`, and refuses a column it does
//! not know (a typo would otherwise drop data silently):
//!
//! `legal_name,trade_name,country,tax_id,address,postal_code,city,province,email,phone,payment_days,treatment,exemption_cause,iban,notes`
//!
//! Empty cells take the defaults: country ES, payment days 0, treatment domestic. UTF-8,
//! comma-separated, a byte-order mark allowed (the export writes one, for spreadsheets).
//! Contacts, the shipping address, the days of the month and the 430 account are not in the
//! file: an export lists every customer, active or not, with these columns only.
//! An import is all or nothing: every problem of every row is listed with the file's line
//! number (the header is line 1) and the column, and nothing is written unless all are right.

use crate::app::App;
use crate::dto::*;
use crate::error::{ApiError, ErrorCode};
use crate::parse;
use crate::party_csv;
use base64::Engine;
use std::io::Read;
use std::path::Path;
use trastienda_core::{Money, Problem, ProblemCode};
use trastienda_store::{self as store, Company, CustomerFilter, CustomerInput};

type R<T> = Result<T, ApiError>;

/// The customers' CSV columns, in the order the export writes them.
pub const CSV_HEADER: [&str; 15] = [
    "legal_name",
    "trade_name",
    "country",
    "tax_id",
    "address",
    "postal_code",
    "city",
    "province",
    "email",
    "phone",
    "payment_days",
    "treatment",
    "exemption_cause",
    "iban",
    "notes",
];

fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

fn fields_dto(c: &store::Customer) -> CustomerFields {
    CustomerFields {
        legal_name: c.legal_name.clone(),
        trade_name: c.trade_name.clone(),
        country: c.country.clone(),
        tax_id: c.tax_id.clone(),
        address: c.address.clone(),
        postal_code: c.postal_code.clone(),
        city: c.city.clone(),
        province: c.province.clone(),
        shipping_address: c.shipping_address.clone(),
        email: c.email.clone(),
        phone: c.phone.clone(),
        payment_days: c.payment_days,
        payment_days_of_month: c.payment_days_of_month.clone(),
        treatment: c.treatment.clone(),
        exemption_cause: c.exemption_cause.clone(),
        iban: c.iban.clone(),
        account: c.account.clone(),
        notes: c.notes.clone(),
        contacts: c
            .contacts
            .iter()
            .map(|k| ContactDto {
                name: k.name.clone(),
                role: k.role.clone(),
                email: k.email.clone(),
                phone: k.phone.clone(),
            })
            .collect(),
    }
}

fn customer_dto(c: &store::Customer) -> CustomerDto {
    CustomerDto {
        id: c.id,
        active: c.active,
        created_at: c.created_at.clone(),
        fields: fields_dto(c),
    }
}

fn input_of(f: &CustomerFields) -> CustomerInput {
    CustomerInput {
        legal_name: f.legal_name.clone(),
        trade_name: opt(&f.trade_name),
        country: f.country.clone(),
        tax_id: f.tax_id.clone(),
        address: f.address.clone(),
        postal_code: f.postal_code.clone(),
        city: f.city.clone(),
        province: f.province.clone(),
        shipping_address: opt(&f.shipping_address),
        email: opt(&f.email),
        phone: opt(&f.phone),
        payment_days: f.payment_days,
        payment_days_of_month: opt(&f.payment_days_of_month),
        treatment: f.treatment.clone(),
        exemption_cause: opt(&f.exemption_cause),
        iban: opt(&f.iban),
        account: opt(&f.account),
        notes: f.notes.clone(),
        contacts: f
            .contacts
            .iter()
            .map(|k| store::ContactInput {
                name: k.name.clone(),
                role: k.role.clone(),
                email: opt(&k.email),
                phone: opt(&k.phone),
            })
            .collect(),
    }
}

// ---- Customers ----

/// A page of customers (for the CLI as for the UI).
pub fn customer_page(c: &Company, a: &ListCustomersArgs) -> R<CustomerPage> {
    let page = c.list_customers(&CustomerFilter {
        query: a.query.clone(),
        include_inactive: a.include_inactive.unwrap_or(false),
        page: a.page.unwrap_or(0),
        page_size: a.page_size.unwrap_or(50),
    })?;
    Ok(CustomerPage {
        total: page.total,
        rows: page
            .rows
            .into_iter()
            .map(|r| CustomerRow {
                id: r.id,
                legal_name: r.legal_name,
                trade_name: r.trade_name,
                country: r.country,
                tax_id: r.tax_id,
                city: r.city,
                email: r.email,
                phone: r.phone,
                active: r.active,
                balance: r.balance.to_string(),
            })
            .collect(),
    })
}

/// The customer card (for the CLI as for the UI).
pub fn customer_card(c: &Company, id: i64) -> R<CustomerCard> {
    let card = c.customer_card(id)?;
    Ok(CustomerCard {
        customer: customer_dto(&card.customer),
        open_invoices: card
            .open_invoices
            .iter()
            .map(|i| OpenInvoiceRow {
                id: i.id,
                full_number: i.full_number.clone(),
                issue_date: i.issue_date.clone(),
                due_date: i.due_date.clone(),
                total: i.total.to_string(),
                paid: i.paid.to_string(),
                open: i.open.to_string(),
            })
            .collect(),
        balance: card.balance.to_string(),
        unapplied: card.unapplied.to_string(),
        history: card
            .history
            .iter()
            .map(|h| HistoryRow {
                date: h.date.clone(),
                kind: match h.kind {
                    store::HistoryKind::Invoice => HistoryKind::Invoice,
                    store::HistoryKind::CreditNote => HistoryKind::CreditNote,
                    store::HistoryKind::Payment => HistoryKind::Payment,
                },
                id: h.id,
                reference: h.reference.clone(),
                amount: h.amount.to_string(),
                balance: h.balance.to_string(),
            })
            .collect(),
    })
}

pub fn list_customers(app: &App, a: ListCustomersArgs) -> R<CustomerPage> {
    app.with_company(|c| customer_page(c, &a))
}

pub fn get_customer(app: &App, a: IdArgs) -> R<CustomerCard> {
    app.with_company(|c| customer_card(c, a.id))
}

pub fn save_customer(app: &App, a: SaveCustomerArgs) -> R<CustomerDto> {
    let now = app.now();
    let input = input_of(&a.customer);
    app.with_company(|c| Ok(customer_dto(&c.save_customer(a.id, &input, now)?)))
}

pub fn set_customer_active(app: &App, a: SetActiveArgs) -> R<CustomerDto> {
    let now = app.now();
    app.with_company(|c| Ok(customer_dto(&c.set_customer_active(a.id, a.active, now)?)))
}

/// Reads the customers' CSV: each data row with its line number in the file, or every
/// problem found (unknown or missing columns, unreadable rows, a payment_days that is not a
/// whole number, and each row's field problems as the store checks them, without the
/// database). Never panics on any input (`fuzz/` and the tests feed it junk).
pub fn parse_customers_csv(input: impl Read) -> Result<Vec<(u32, CustomerInput)>, Vec<Problem>> {
    let (rows, mut p) = party_csv::read(input, &CSV_HEADER)?;
    let inputs = rows
        .iter()
        .map(|r| {
            let input = CustomerInput {
                legal_name: r.get(0),
                trade_name: r.some(1),
                country: r.or(2, "ES"),
                tax_id: r.get(3),
                address: r.get(4),
                postal_code: r.get(5),
                city: r.get(6),
                province: r.get(7),
                email: r.some(8),
                phone: r.some(9),
                payment_days: r.days(10, &mut p),
                treatment: r.or(11, "domestic"),
                exemption_cause: r.some(12),
                iban: r.some(13),
                notes: r.get(14),
                ..CustomerInput::default()
            };
            (r.row, input)
        })
        .collect();
    party_csv::finish(inputs, p, store::validate_customer, "customers")
}

/// Imports customers from CSV bytes into `c`, all or nothing (for the CLI as for the UI).
pub fn import_customers_into(
    c: &mut Company,
    input: impl Read,
    source: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> R<ImportedCustomers> {
    let rows = parse_customers_csv(input).map_err(|p| ApiError::from_problems(&p))?;
    let ids = c.import_customers(&rows, source, now)?;
    Ok(ImportedCustomers {
        imported: ids.len() as u32,
        ids,
    })
}

pub fn import_customers(app: &App, a: ImportCustomersArgs) -> R<ImportedCustomers> {
    let now = app.now();
    let source = a
        .file_name
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().take(200).collect::<String>())
        .unwrap_or_else(|| "CSV".into());
    app.with_company(|c| import_customers_into(c, a.csv.as_bytes(), &source, now))
}

/// The customers' CSV (see the module's documentation), with a byte-order mark.
pub fn customers_csv(c: &Company) -> R<Vec<u8>> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let csv_err = |e: csv::Error| ApiError::new(ErrorCode::Internal, format!("writing CSV: {e}"));
    w.write_record(CSV_HEADER).map_err(csv_err)?;
    for k in c.all_customers()? {
        let days = k.payment_days.to_string();
        let o = |s: &Option<String>| s.clone().unwrap_or_default();
        w.write_record([
            k.legal_name.as_str(),
            &o(&k.trade_name),
            &k.country,
            &k.tax_id,
            &k.address,
            &k.postal_code,
            &k.city,
            &k.province,
            &o(&k.email),
            &o(&k.phone),
            &days,
            &k.treatment,
            &o(&k.exemption_cause),
            &o(&k.iban),
            &k.notes,
        ])
        .map_err(csv_err)?;
    }
    w.into_inner()
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("writing CSV: {e}")))
}

pub fn export_customers(app: &App, _: NoArgs) -> R<ExportedFile> {
    let bytes = app.with_company(|c| customers_csv(c))?;
    Ok(ExportedFile {
        file_name: "clientes.csv".into(),
        mime: "text/csv".into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    })
}

// ---- Products ----

fn product_dto(p: store::Product) -> ProductDto {
    ProductDto {
        id: p.id,
        code: p.code,
        description: p.description,
        unit_price: p.unit_price.to_string(),
        tax: p.tax,
        income_account: p.income_account,
        active: p.active,
    }
}

pub fn list_products(app: &App, a: ListProductsArgs) -> R<Vec<ProductDto>> {
    app.with_company(|c| {
        Ok(
            c.list_products(a.query.as_deref(), a.include_inactive.unwrap_or(false))?
                .into_iter()
                .map(product_dto)
                .collect(),
        )
    })
}

pub fn save_product(app: &App, a: SaveProductArgs) -> R<ProductDto> {
    let now = app.now();
    let price = if a.unit_price.trim().is_empty() {
        Err(Problem::new(ProblemCode::Required, "the unit price is required").field("unit_price"))
    } else {
        parse::money("unit_price", &a.unit_price)
    };
    let price: Money = match price {
        Ok(m) => m,
        Err(p) => return Err(ApiError::from_problems(&[p])),
    };
    let input = store::ProductInput {
        code: a.code,
        description: a.description,
        unit_price: price,
        tax: a.tax,
        income_account: a.income_account,
    };
    app.with_company(|c| Ok(product_dto(c.save_product(a.id, &input, now)?)))
}

pub fn set_product_active(app: &App, a: SetActiveArgs) -> R<ProductDto> {
    let now = app.now();
    app.with_company(|c| Ok(product_dto(c.set_product_active(a.id, a.active, now)?)))
}

/// A CSV file's name for the change log, from a path the CLI was given.
pub fn source_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "CSV".into())
}
