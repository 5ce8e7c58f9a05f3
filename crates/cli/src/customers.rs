//! `trastienda customer list|show|import|export`: the customers through the api's use cases
//! (the same code and messages as the UI). Reading opens the company read-only (it works
//! while the app has it open); the import takes the writer lock.

use crate::{app, open, open_to_read, CustomerWhat};
use trastienda_api::customers;
use trastienda_api::dto::ListCustomersArgs;
use trastienda_api::{ApiError, ErrorCode};

pub fn run(what: CustomerWhat) -> Result<(), ApiError> {
    match what {
        CustomerWhat::List {
            company,
            query,
            all,
        } => {
            let c = open_to_read(&company)?;
            let mut page = 0;
            println!(
                "{:>5}  {:<40} {:<2} {:<15} {:>12}",
                "id", "legal name", "", "tax id", "balance"
            );
            loop {
                let p = customers::customer_page(
                    &c,
                    &ListCustomersArgs {
                        query: query.clone(),
                        include_inactive: Some(all),
                        page: Some(page),
                        page_size: Some(500),
                    },
                )?;
                for r in &p.rows {
                    println!(
                        "{:>5}  {:<40} {:<2} {:<15} {:>12}{}",
                        r.id,
                        r.legal_name,
                        r.country,
                        r.tax_id,
                        r.balance,
                        if r.active { "" } else { "  (inactive)" }
                    );
                }
                if p.rows.len() < 500 {
                    break;
                }
                page += 1;
            }
        }
        CustomerWhat::Show { company, id } => {
            let c = open_to_read(&company)?;
            let card = customers::customer_card(&c, id)?;
            let f = &card.customer.fields;
            println!("{} [{}]", f.legal_name, card.customer.id);
            if let Some(t) = &f.trade_name {
                println!("trade name: {t}");
            }
            println!("tax id: {} {}", f.country, f.tax_id);
            println!(
                "address: {}, {} {} ({})",
                f.address, f.postal_code, f.city, f.province
            );
            println!(
                "treatment: {}{}; payment days: {}",
                f.treatment,
                f.exemption_cause
                    .as_deref()
                    .map(|e| format!(" {e}"))
                    .unwrap_or_default(),
                f.payment_days
            );
            for (label, v) in [("email", &f.email), ("phone", &f.phone), ("iban", &f.iban)] {
                if let Some(v) = v {
                    println!("{label}: {v}");
                }
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
            println!(
                "active: {}",
                if card.customer.active { "yes" } else { "no" }
            );
            println!("balance: {} (unapplied {})", card.balance, card.unapplied);
            for i in &card.open_invoices {
                println!(
                    "open: {} {} due {} total {} open {}",
                    i.full_number,
                    i.issue_date,
                    i.due_date.as_deref().unwrap_or("-"),
                    i.total,
                    i.open
                );
            }
            for h in &card.history {
                println!(
                    "{} {:?} {} {} -> {}",
                    h.date, h.kind, h.reference, h.amount, h.balance
                );
            }
        }
        CustomerWhat::Import { company, csv } => {
            let app = app();
            let mut c = open(&app, &company)?;
            let file = std::fs::File::open(&csv)
                .map_err(|e| ApiError::io(&format!("opening {}", csv.display()), e))?;
            let r = customers::import_customers_into(
                &mut c,
                std::io::BufReader::new(file),
                &customers::source_name(&csv),
                app.now(),
            )?;
            println!("imported {} customers", r.imported);
        }
        CustomerWhat::Export { company, out } => {
            let c = open_to_read(&company)?;
            let bytes = customers::customers_csv(&c)?;
            match out {
                Some(path) => std::fs::write(&path, &bytes)
                    .map_err(|e| ApiError::io(&format!("writing {}", path.display()), e))?,
                None => {
                    use std::io::Write;
                    std::io::stdout()
                        .write_all(&bytes)
                        .map_err(|e| ApiError::new(ErrorCode::Io, e.to_string()))?
                }
            }
        }
    }
    Ok(())
}
