//! `trastienda invoice list|show|pdf`: the invoices of a company, read-only (it works while
//! the app has the company open), shaped by the api so the CLI prints what the UI shows.

use crate::{open_to_read, InvoiceWhat};
use trastienda_api::dto::{InvoicePdfArgs, InvoiceRefArgs, Lang, ListInvoicesArgs};
use trastienda_api::invoice_pdf;
use trastienda_api::sales;
use trastienda_api::{ApiError, ErrorCode};

pub fn run(what: InvoiceWhat) -> Result<(), ApiError> {
    match what {
        InvoiceWhat::List {
            company,
            state,
            customer,
        } => {
            let c = open_to_read(&company)?;
            let list = sales::invoice_list(
                &c,
                &ListInvoicesArgs {
                    state,
                    customer_id: customer,
                    ..Default::default()
                },
            )?;
            println!(
                "{:>5}  {:<12} {:<10} {:<8} {:<30} {:>12} {:>12}",
                "id", "number", "date", "state", "customer", "total", "open"
            );
            for i in &list {
                println!(
                    "{:>5}  {:<12} {:<10} {:<8} {:<30} {:>12} {:>12}",
                    i.id,
                    i.number.as_deref().unwrap_or("-"),
                    i.issue_date,
                    i.state,
                    i.customer_name.chars().take(30).collect::<String>(),
                    i.total,
                    i.open
                );
            }
        }
        InvoiceWhat::Show {
            company,
            number,
            id,
        } => {
            let c = open_to_read(&company)?;
            if id.is_none() && number.is_none() {
                return Err(ApiError::new(
                    ErrorCode::Validation,
                    "give --number (e.g. 2027-0001) or --id",
                ));
            }
            let v = sales::invoice_lookup(&c, &InvoiceRefArgs { id, number })?;
            let title = match v.kind.as_str() {
                "corrective" => "Factura rectificativa",
                "simplified" => "Factura simplificada",
                _ => "Factura",
            };
            println!(
                "{title} {} ({}, id {})",
                v.number.as_deref().unwrap_or("(draft)"),
                v.state,
                v.id
            );
            println!("date: {}", v.issue_date);
            if let Some(d) = &v.operation_date {
                println!("operation date: {d}");
            }
            if let Some(d) = &v.due_date {
                println!("due: {d}");
            }
            println!(
                "customer: {} {} {}",
                v.customer_name, v.customer_country, v.customer_tax_id
            );
            if !v.customer_address.is_empty() {
                println!("address: {}", v.customer_address);
            }
            println!("treatment: {}", v.treatment);
            if let Some(c) = &v.correction {
                println!(
                    "corrects: {} of {} ({}, {}): {}",
                    c.number, c.date, c.method, c.reason, c.explanation
                );
            }
            println!();
            println!(
                "{:>3}  {:<40} {:>10} {:>12} {:>6} {:>5} {:>12}",
                "#", "description", "quantity", "price", "disc.", "tax", "amount"
            );
            for (n, l) in v.lines.iter().enumerate() {
                println!(
                    "{:>3}  {:<40} {:>10} {:>12} {:>6} {:>5} {:>12}",
                    n + 1,
                    l.description.chars().take(40).collect::<String>(),
                    l.quantity,
                    l.unit_price,
                    l.discount_pct,
                    l.tax,
                    l.amount
                );
            }
            println!();
            for t in &v.taxes {
                let recargo = if t.recargo_rate != "0" {
                    format!(", recargo {} %: {}", t.recargo_rate, t.recargo)
                } else {
                    String::new()
                };
                println!(
                    "tax {}: base {}, VAT {} %: {}{recargo}",
                    t.tax, t.base, t.vat_rate, t.vat
                );
            }
            println!("base:        {:>12}", v.base);
            println!("VAT:         {:>12}", v.vat);
            if v.recargo != "0.00" {
                println!("recargo:     {:>12}", v.recargo);
            }
            if let Some(p) = &v.withholding_pct {
                println!("IRPF {p} %:  {:>12}", format!("-{}", v.withholding));
            }
            println!("total:       {:>12}", v.total);
            if v.state == "issued" && v.kind != "corrective" {
                println!("open:        {:>12}", v.open);
            }
            if let Some(e) = v.entry_id {
                println!("journal entry: {e}");
            }
        }
        InvoiceWhat::Pdf {
            company,
            number,
            id,
            out,
            lang,
        } => {
            if id.is_none() && number.is_none() {
                return Err(ApiError::new(
                    ErrorCode::Validation,
                    "give --number (e.g. 2027-0001) or --id",
                ));
            }
            let language = match lang.as_deref() {
                None => None,
                Some("es") => Some(Lang::Es),
                Some("en") => Some(Lang::En),
                Some(other) => {
                    return Err(ApiError::new(
                        ErrorCode::Validation,
                        format!("--lang is es or en, not '{other}'"),
                    ))
                }
            };
            let c = open_to_read(&company)?;
            let (_, bytes) = invoice_pdf::invoice_pdf_bytes(
                &c,
                &InvoicePdfArgs {
                    id,
                    number,
                    language,
                },
            )?;
            std::fs::write(&out, &bytes).map_err(|e| {
                ApiError::new(
                    ErrorCode::Io,
                    format!("could not write {}: {e}", out.display()),
                )
            })?;
            println!("{} ({} bytes)", out.display(), bytes.len());
        }
    }
    Ok(())
}
