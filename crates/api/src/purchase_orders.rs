//! Purchase orders: the commands over the store's orders, the order's PDF (the company's
//! letterhead as on its invoices, the supplier's address from its record) and what a supplier
//! bill is prefilled from (`order_for_billing`). Sending returns the PDF and marks the order
//! sent in one call; the PDF goes out however the user chooses (saved, attached to a mail).

use crate::dto::*;
use crate::error::{ApiError, ErrorCode};
use crate::invoice_pdf::address_lines;
use crate::parse;
use crate::App;
use base64::Engine;
use rust_decimal::Decimal;
use std::str::FromStr;
use trastienda_core::{Iban, Language, Problem, ProblemCode};
use trastienda_render::{
    Issuer, PurchaseOrderDoc, PurchaseOrderDocLine, PurchaseOrderTax, Recipient,
};
use trastienda_store::{
    self as store, Company, PurchaseOrderFilter, PurchaseOrderInput, PurchaseOrderLineInput,
    PurchaseOrderState, ReceiveQuantities,
};

type R<T> = Result<T, ApiError>;

fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

fn order_dto(o: &store::PurchaseOrder) -> PurchaseOrderDto {
    PurchaseOrderDto {
        id: o.id,
        number: o.number.clone(),
        supplier_id: o.supplier_id,
        supplier_name: o.supplier_name.clone(),
        supplier_tax_id: o.supplier_tax_id.clone(),
        date: o.date.to_string(),
        expected_date: o.expected_date.map(|d| d.to_string()),
        state: o.state.as_str().into(),
        notes: o.notes.clone(),
        created_at: o.created_at.clone(),
        sent_at: o.sent_at.clone(),
        lines: o
            .lines
            .iter()
            .map(|l| PurchaseOrderLineDto {
                line_no: l.line_no,
                product_id: l.product_id,
                description: l.description.clone(),
                quantity: l.quantity.to_string(),
                unit_price: l.unit_price.to_string(),
                tax: l.tax.clone(),
                account: l.account.clone(),
                amount: l.amount.to_string(),
                received: l.received.to_string(),
                outstanding: l.outstanding.to_string(),
            })
            .collect(),
        taxes: o
            .taxes
            .iter()
            .map(|t| PurchaseTaxDto {
                rate: t.rate.clone(),
                base: t.base.to_string(),
                vat: t.vat.to_string(),
            })
            .collect(),
        base: o.base.to_string(),
        vat: o.vat.to_string(),
        total: o.total.to_string(),
        receipts: o
            .receipts
            .iter()
            .map(|r| PurchaseReceiptDto {
                id: r.id,
                date: r.date.to_string(),
                note: r.note.clone(),
                created_at: r.created_at.clone(),
                lines: r
                    .lines
                    .iter()
                    .map(|(n, q)| PurchaseReceiptLineDto {
                        line_no: *n,
                        quantity: q.to_string(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn input_of(f: &PurchaseOrderFields) -> R<PurchaseOrderInput> {
    let mut p = Vec::new();
    let date = parse::date("date", &f.date).map_err(|e| p.push(e)).ok();
    let expected_date = parse::opt_date("expected_date", &f.expected_date)
        .map_err(|e| p.push(e))
        .ok()
        .flatten();
    let mut lines = Vec::new();
    for (i, l) in f.lines.iter().enumerate() {
        let row = i as u32 + 1;
        let unit_price = match parse::money("unit_price", l.unit_price.trim()) {
            Ok(m) => m,
            Err(e) => {
                p.push(e.at_row(row));
                trastienda_core::Money::ZERO
            }
        };
        lines.push(PurchaseOrderLineInput {
            product_id: l.product_id,
            description: l.description.clone(),
            quantity: l.quantity.clone(),
            unit_price,
            tax: l.tax.clone(),
            account: opt(&l.account),
        });
    }
    match (date, p.is_empty()) {
        (Some(date), true) => Ok(PurchaseOrderInput {
            supplier_id: f.supplier_id,
            date,
            expected_date,
            notes: f.notes.clone(),
            lines,
        }),
        _ => Err(ApiError::from_problems(&p)),
    }
}

fn state_of(s: &Option<String>) -> R<Option<PurchaseOrderState>> {
    match opt(s) {
        None => Ok(None),
        Some(v) => PurchaseOrderState::parse(&v).map(Some).ok_or_else(|| {
            ApiError::from_problems(&[Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "'{v}' is not an order state (open, sent, partial, received, billed, cancelled)"
                ),
            )
            .field("state")
            .param("value", &v)])
        }),
    }
}

pub fn list_purchase_orders(app: &App, a: ListPurchaseOrdersArgs) -> R<Vec<PurchaseOrderRowDto>> {
    let state = state_of(&a.state)?;
    app.with_company(|c| {
        Ok(c.purchase_orders(&PurchaseOrderFilter {
            supplier_id: a.supplier_id,
            state,
            query: opt(&a.query),
        })?
        .into_iter()
        .map(|r| PurchaseOrderRowDto {
            id: r.id,
            number: r.number,
            supplier_id: r.supplier_id,
            supplier_name: r.supplier_name,
            date: r.date.to_string(),
            expected_date: r.expected_date.map(|d| d.to_string()),
            state: r.state.as_str().into(),
            total: r.total.to_string(),
        })
        .collect())
    })
}

pub fn get_purchase_order(app: &App, a: IdArgs) -> R<PurchaseOrderDto> {
    app.with_company(|c| Ok(order_dto(&c.purchase_order(a.id)?)))
}

pub fn save_purchase_order(app: &App, a: SavePurchaseOrderArgs) -> R<PurchaseOrderDto> {
    let now = app.now();
    let input = input_of(&a.order)?;
    app.with_company(|c| Ok(order_dto(&c.save_purchase_order(a.id, &input, now)?)))
}

fn render_err(e: trastienda_render::RenderError) -> ApiError {
    ApiError::new(ErrorCode::Internal, e.to_string())
}

/// The order's PDF: the file name and the bytes (for the CLI as for the UI).
pub fn purchase_order_pdf_bytes(c: &Company, id: i64, lang: Option<Lang>) -> R<(String, Vec<u8>)> {
    let o = c.purchase_order(id)?;
    let s = c.settings()?;
    let lang: Language = match lang {
        Some(l) => l.into(),
        None => s.language,
    };
    let p = c.invoice_profile()?;
    let sup = c.supplier(o.supplier_id)?;
    let si = &sup.input;
    let mut address = address_lines(&si.address);
    let place = [si.postal_code.trim(), si.city.trim()]
        .iter()
        .filter(|x| !x.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let place = match si.province.trim() {
        "" => place,
        prov if prov != si.city.trim() => format!("{place} ({prov})"),
        _ => place,
    };
    if !place.trim().is_empty() {
        address.push(place.trim().to_string());
    }
    let doc = PurchaseOrderDoc {
        issuer: Issuer {
            name: s.name.clone(),
            tax_id: s.tax_id.clone(),
            address: address_lines(&s.address),
            email: p.email.clone().filter(|e| !e.is_empty()),
            phone: p.phone.clone().filter(|e| !e.is_empty()),
            iban: p.iban.as_deref().map(|i| {
                Iban::parse(i)
                    .map(|x| x.grouped())
                    .unwrap_or_else(|_| i.to_string())
            }),
            logo: p.logo.clone(),
        },
        supplier: Recipient {
            name: sup
                .input
                .trade_name
                .as_ref()
                .map(|t| format!("{} ({t})", si.legal_name))
                .unwrap_or_else(|| si.legal_name.clone()),
            tax_id: si.tax_id.clone(),
            address,
            country: (si.country != s.country).then(|| si.country.clone()),
        },
        number: o.number.clone(),
        date: o.date,
        expected_date: o.expected_date,
        lines: o
            .lines
            .iter()
            .map(|l| PurchaseOrderDocLine {
                description: l.description.clone(),
                quantity: l.quantity,
                unit_price: l.unit_price,
                vat_rate: Decimal::from_str(&l.tax).unwrap_or_default(),
                amount: l.amount,
            })
            .collect(),
        taxes: o
            .taxes
            .iter()
            .map(|t| PurchaseOrderTax {
                vat_rate: Decimal::from_str(&t.rate).unwrap_or_default(),
                base: t.base,
                vat: t.vat,
            })
            .collect(),
        base: o.base,
        vat: o.vat,
        total: o.total,
        notes: o
            .notes
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect(),
        footer: p.invoice_footer.clone().filter(|f| !f.trim().is_empty()),
    };
    let bytes = trastienda_render::purchase_order_pdf(&doc, lang).map_err(render_err)?;
    let stem = match lang {
        Language::Es => "pedido",
        Language::En => "purchase-order",
    };
    Ok((format!("{stem}-{}.pdf", o.number), bytes))
}

fn pdf_file(file_name: String, bytes: &[u8]) -> ExportedFile {
    ExportedFile {
        file_name,
        mime: "application/pdf".into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

pub fn purchase_order_pdf(app: &App, a: PurchaseOrderPdfArgs) -> R<ExportedFile> {
    let (name, bytes) = app.with_company(|c| purchase_order_pdf_bytes(c, a.id, a.language))?;
    Ok(pdf_file(name, &bytes))
}

/// Renders the order's PDF, then marks it sent (a cancelled or billed order is refused
/// before anything is rendered).
pub fn send_purchase_order(app: &App, a: PurchaseOrderPdfArgs) -> R<SentPurchaseOrder> {
    let now = app.now();
    app.with_company(|c| {
        let o = c.purchase_order(a.id)?;
        if matches!(
            o.state,
            PurchaseOrderState::Cancelled | PurchaseOrderState::Billed
        ) {
            // The store words the refusal.
            c.mark_order_sent(a.id, now)?;
        }
        let (name, bytes) = purchase_order_pdf_bytes(c, a.id, a.language)?;
        let o = c.mark_order_sent(a.id, now)?;
        Ok(SentPurchaseOrder {
            order: order_dto(&o),
            file: pdf_file(name, &bytes),
        })
    })
}

pub fn receive_purchase_order(app: &App, a: ReceivePurchaseOrderArgs) -> R<PurchaseOrderDto> {
    let now = app.now();
    let date = parse::date("date", &a.date).map_err(|p| ApiError::from_problems(&[p]))?;
    let what = if a.all {
        ReceiveQuantities::Everything
    } else {
        ReceiveQuantities::Lines(
            a.lines
                .iter()
                .map(|l| (l.line_no, l.quantity.clone()))
                .collect(),
        )
    };
    app.with_company(|c| {
        Ok(order_dto(
            &c.receive_order(a.id, date, &what, &a.note, now)?,
        ))
    })
}

pub fn cancel_purchase_order(app: &App, a: CancelPurchaseOrderArgs) -> R<PurchaseOrderDto> {
    let now = app.now();
    app.with_company(|c| {
        Ok(order_dto(&c.cancel_order(
            a.id,
            a.reason.as_deref(),
            now,
        )?))
    })
}

pub fn order_for_billing(app: &App, a: IdArgs) -> R<OrderForBillingDto> {
    app.with_company(|c| {
        let b = c.order_for_billing(a.id)?;
        Ok(OrderForBillingDto {
            order_id: b.order_id,
            number: b.number,
            supplier_id: b.supplier_id,
            state: b.state.as_str().into(),
            lines: b
                .lines
                .into_iter()
                .map(|l| BillingLineDto {
                    line_no: l.line_no,
                    product_id: l.product_id,
                    description: l.description,
                    quantity_ordered: l.quantity_ordered.to_string(),
                    quantity_received: l.quantity_received.to_string(),
                    unit_price: l.unit_price.to_string(),
                    tax: l.tax,
                    account: l.account,
                })
                .collect(),
        })
    })
}
