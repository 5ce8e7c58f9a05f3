//! Suppliers: the commands, and the suppliers' CSV.
//!
//! The CSV (import and export) has `CSV_HEADER`'s columns, in this order on export; an import
//! may give them in any order and leave out any but `legal_name`, and refuses a column it does
//! not know. Empty cells take the defaults: country ES, payment days 0, VAT treatment
//! deductible. UTF-8, comma-separated, a byte-order mark allowed (the export writes one).
//! Contacts and the status are not in the file. An import is all or nothing: every problem of
//! every row is listed with the file's line number (the header is line 1) and the column.

use crate::app::App;
use crate::dto::*;
use crate::error::{ApiError, ErrorCode};
use crate::party_csv;
use base64::Engine;
use std::io::Read;
use trastienda_core::{Problem, ProblemCode};
use trastienda_store::{self as store, Company, SupplierFilter, SupplierInput};

type R<T> = Result<T, ApiError>;

/// The suppliers' CSV columns, in the order the export writes them.
pub const CSV_HEADER: [&str; 19] = [
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
    "iban",
    "bic",
    "payment_days",
    "expense_account",
    "vat_treatment",
    "irpf_pct",
    "category",
    "notes",
    "status",
];

fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

fn supplier_dto(s: &store::Supplier) -> SupplierDto {
    let i = &s.input;
    SupplierDto {
        id: s.id,
        status: s.status.clone(),
        block_reason: s.block_reason.clone(),
        created_at: s.created_at.clone(),
        fields: SupplierFields {
            legal_name: i.legal_name.clone(),
            trade_name: i.trade_name.clone(),
            country: i.country.clone(),
            tax_id: i.tax_id.clone(),
            address: i.address.clone(),
            postal_code: i.postal_code.clone(),
            city: i.city.clone(),
            province: i.province.clone(),
            email: i.email.clone(),
            phone: i.phone.clone(),
            iban: i.iban.clone(),
            bic: i.bic.clone(),
            payment_days: i.payment_days,
            expense_account: i.expense_account.clone(),
            vat_treatment: i.vat_treatment.clone(),
            irpf_pct: i.irpf_pct.clone(),
            category: i.category.clone(),
            notes: i.notes.clone(),
            contacts: s
                .contacts
                .iter()
                .map(|k| ContactDto {
                    name: k.name.clone(),
                    role: k.role.clone(),
                    email: k.email.clone(),
                    phone: k.phone.clone(),
                })
                .collect(),
        },
    }
}

fn input_of(f: &SupplierFields) -> SupplierInput {
    SupplierInput {
        legal_name: f.legal_name.clone(),
        trade_name: opt(&f.trade_name),
        country: f.country.clone(),
        tax_id: f.tax_id.clone(),
        address: f.address.clone(),
        postal_code: f.postal_code.clone(),
        city: f.city.clone(),
        province: f.province.clone(),
        email: opt(&f.email),
        phone: opt(&f.phone),
        iban: opt(&f.iban),
        bic: opt(&f.bic),
        payment_days: f.payment_days,
        expense_account: opt(&f.expense_account),
        vat_treatment: f.vat_treatment.clone(),
        irpf_pct: opt(&f.irpf_pct),
        category: f.category.clone(),
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

/// A page of suppliers (for the CLI as for the UI).
pub fn supplier_page(c: &Company, a: &ListSuppliersArgs) -> R<SupplierPage> {
    let page = c.list_suppliers(&SupplierFilter {
        query: a.query.clone(),
        status: opt(&a.status),
        page: a.page.unwrap_or(0),
        page_size: a.page_size.unwrap_or(50),
    })?;
    Ok(SupplierPage {
        total: page.total,
        rows: page
            .rows
            .into_iter()
            .map(|r| SupplierRow {
                id: r.id,
                legal_name: r.legal_name,
                trade_name: r.trade_name,
                country: r.country,
                tax_id: r.tax_id,
                city: r.city,
                category: r.category,
                status: r.status,
                block_reason: r.block_reason,
            })
            .collect(),
    })
}

/// One supplier with its contacts (for the CLI as for the UI).
pub fn supplier(c: &Company, id: i64) -> R<SupplierDto> {
    Ok(supplier_dto(&c.supplier(id)?))
}

pub fn list_suppliers(app: &App, a: ListSuppliersArgs) -> R<SupplierPage> {
    app.with_company(|c| supplier_page(c, &a))
}

pub fn get_supplier(app: &App, a: IdArgs) -> R<SupplierDto> {
    app.with_company(|c| supplier(c, a.id))
}

pub fn save_supplier(app: &App, a: SaveSupplierArgs) -> R<SupplierDto> {
    let now = app.now();
    let input = input_of(&a.supplier);
    app.with_company(|c| Ok(supplier_dto(&c.save_supplier(a.id, &input, now)?)))
}

pub fn set_supplier_status(app: &App, a: SetSupplierStatusArgs) -> R<SupplierDto> {
    let now = app.now();
    app.with_company(|c| {
        Ok(supplier_dto(&c.set_supplier_status(
            a.id,
            a.blocked,
            a.reason.as_deref(),
            now,
        )?))
    })
}

/// Reads the suppliers' CSV: each data row with its line number, or every problem found
/// (unknown or repeated columns, unreadable rows, a payment_days that is not a whole number,
/// a status other than active, and each row's field problems as the store checks them).
/// Never panics on any input.
pub fn parse_suppliers_csv(input: impl Read) -> Result<Vec<(u32, SupplierInput)>, Vec<Problem>> {
    let (rows, mut p) = party_csv::read(input, &CSV_HEADER)?;
    let inputs = rows
        .iter()
        .map(|r| {
            let status = r.get(18);
            if !status.is_empty() && !status.eq_ignore_ascii_case("active") {
                p.push(
                    Problem::new(
                        ProblemCode::OutOfRange,
                        "an import creates active suppliers: block them afterwards, with a reason",
                    )
                    .at_row(r.row)
                    .field("status")
                    .param("value", &status),
                );
            }
            let input = SupplierInput {
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
                iban: r.some(10),
                bic: r.some(11),
                payment_days: r.days(12, &mut p),
                expense_account: r.some(13),
                vat_treatment: r.or(14, "deductible"),
                irpf_pct: r.some(15),
                category: r.get(16),
                notes: r.get(17),
                contacts: Vec::new(),
            };
            (r.row, input)
        })
        .collect();
    party_csv::finish(inputs, p, store::validate_supplier, "suppliers")
}

/// Imports suppliers from CSV bytes into `c`, all or nothing (for the CLI as for the UI).
pub fn import_suppliers_into(
    c: &mut Company,
    input: impl Read,
    source: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> R<ImportedSuppliers> {
    let rows = parse_suppliers_csv(input).map_err(|p| ApiError::from_problems(&p))?;
    let ids = c.import_suppliers(&rows, source, now)?;
    Ok(ImportedSuppliers {
        imported: ids.len() as u32,
        ids,
    })
}

pub fn import_suppliers(app: &App, a: ImportSuppliersArgs) -> R<ImportedSuppliers> {
    let now = app.now();
    let source = a
        .file_name
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().take(200).collect::<String>())
        .unwrap_or_else(|| "CSV".into());
    app.with_company(|c| import_suppliers_into(c, a.csv.as_bytes(), &source, now))
}

/// The suppliers' CSV (see the module's documentation), with a byte-order mark.
pub fn suppliers_csv(c: &Company) -> R<Vec<u8>> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let csv_err = |e: csv::Error| ApiError::new(ErrorCode::Internal, format!("writing CSV: {e}"));
    w.write_record(CSV_HEADER).map_err(csv_err)?;
    for s in c.all_suppliers()? {
        let k = &s.input;
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
            &o(&k.iban),
            &o(&k.bic),
            &days,
            &o(&k.expense_account),
            &k.vat_treatment,
            &o(&k.irpf_pct),
            &k.category,
            &k.notes,
            &s.status,
        ])
        .map_err(csv_err)?;
    }
    w.into_inner()
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("writing CSV: {e}")))
}

pub fn export_suppliers(app: &App, _: NoArgs) -> R<ExportedFile> {
    let bytes = app.with_company(|c| suppliers_csv(c))?;
    Ok(ExportedFile {
        file_name: "proveedores.csv".into(),
        mime: "text/csv".into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    })
}
