//! `trastienda supplier list|show|import|export`: the suppliers through the api's use cases
//! (the same code and messages as the UI). Reading opens the company read-only; the import
//! takes the writer lock.

use crate::{app, open, open_to_read, SupplierWhat};
use trastienda_api::customers::source_name;
use trastienda_api::dto::ListSuppliersArgs;
use trastienda_api::suppliers;
use trastienda_api::{ApiError, ErrorCode};

pub fn run(what: SupplierWhat) -> Result<(), ApiError> {
    match what {
        SupplierWhat::List { company, query } => {
            let c = open_to_read(&company)?;
            let mut page = 0;
            println!(
                "{:>5}  {:<40} {:<2} {:<15} status",
                "id", "legal name", "", "tax id"
            );
            loop {
                let p = suppliers::supplier_page(
                    &c,
                    &ListSuppliersArgs {
                        query: query.clone(),
                        status: None,
                        page: Some(page),
                        page_size: Some(500),
                    },
                )?;
                for r in &p.rows {
                    println!(
                        "{:>5}  {:<40} {:<2} {:<15} {}{}",
                        r.id,
                        r.legal_name,
                        r.country,
                        r.tax_id,
                        r.status,
                        r.block_reason
                            .as_deref()
                            .map(|b| format!(" ({b})"))
                            .unwrap_or_default()
                    );
                }
                if p.rows.len() < 500 {
                    break;
                }
                page += 1;
            }
        }
        SupplierWhat::Show { company, id } => {
            let c = open_to_read(&company)?;
            let s = suppliers::supplier(&c, id)?;
            let f = &s.fields;
            println!("{} [{}]", f.legal_name, s.id);
            if let Some(t) = &f.trade_name {
                println!("trade name: {t}");
            }
            println!("tax id: {} {}", f.country, f.tax_id);
            println!(
                "address: {}, {} {} ({})",
                f.address, f.postal_code, f.city, f.province
            );
            println!(
                "vat treatment: {}; payment days: {}",
                f.vat_treatment, f.payment_days
            );
            for (label, v) in [
                ("email", &f.email),
                ("phone", &f.phone),
                ("iban", &f.iban),
                ("bic", &f.bic),
                ("expense account", &f.expense_account),
                ("irpf %", &f.irpf_pct),
            ] {
                if let Some(v) = v {
                    println!("{label}: {v}");
                }
            }
            if !f.category.is_empty() {
                println!("category: {}", f.category);
            }
            for k in &f.contacts {
                println!(
                    "contact: {} {} {} {}",
                    k.name,
                    k.role,
                    k.email.as_deref().unwrap_or(""),
                    k.phone.as_deref().unwrap_or("")
                );
            }
            match &s.block_reason {
                Some(r) => println!("status: {} ({r})", s.status),
                None => println!("status: {}", s.status),
            }
        }
        SupplierWhat::Import { company, csv } => {
            let app = app();
            let mut c = open(&app, &company)?;
            let file = std::fs::File::open(&csv)
                .map_err(|e| ApiError::io(&format!("opening {}", csv.display()), e))?;
            let r = suppliers::import_suppliers_into(
                &mut c,
                std::io::BufReader::new(file),
                &source_name(&csv),
                app.now(),
            )?;
            println!("imported {} suppliers", r.imported);
        }
        SupplierWhat::Export { company, out } => {
            let c = open_to_read(&company)?;
            let bytes = suppliers::suppliers_csv(&c)?;
            match out {
                Some(path) => std::fs::write(&path, &bytes)
                    .map_err(|e| ApiError::io(&format!("writing {}", path.display()), e))?,
                None => {
                    use std::io::Write;
                    std::io::stdout()
                        .write_all(&bytes)
                        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?
                }
            }
        }
    }
    Ok(())
}
