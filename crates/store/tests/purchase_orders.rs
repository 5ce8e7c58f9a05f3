//! Purchase orders in the store: numbering per year, lines checked and defaulted, receipts
//! in several deliveries with what is outstanding, and refusals that name what is wrong and
//! write nothing.

mod common;

use common::*;
use trastienda_core::{Money, ProblemCode};
use trastienda_store::{
    Company, ProductInput, PurchaseOrderFilter, PurchaseOrderInput, PurchaseOrderLineInput,
    PurchaseOrderState, ReceiveQuantities, StoreError, SupplierInput,
};

fn supplier(c: &mut Company, name: &str) -> i64 {
    c.save_supplier(
        None,
        &SupplierInput {
            legal_name: name.into(),
            expense_account: Some("600".into()),
            ..SupplierInput::default()
        },
        now(),
    )
    .unwrap()
    .id
}

fn line(desc: &str, qty: &str, cents: i64, tax: &str) -> PurchaseOrderLineInput {
    PurchaseOrderLineInput {
        product_id: None,
        description: desc.into(),
        quantity: qty.into(),
        unit_price: Money::from_cents(cents),
        tax: tax.into(),
        account: None,
    }
}

fn order(supplier_id: i64, date: chrono::NaiveDate) -> PurchaseOrderInput {
    PurchaseOrderInput {
        supplier_id,
        date,
        expected_date: Some(date + chrono::Days::new(7)),
        notes: "Entregar por la mañana".into(),
        lines: vec![
            line("Tornillos 4x40", "100", 12, "21"),
            line("Libros técnicos", "2.5", 2000, "4"),
        ],
    }
}

fn problems<T: std::fmt::Debug>(r: Result<T, StoreError>) -> Vec<trastienda_core::Problem> {
    match r {
        Err(StoreError::Invalid(p)) => p,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn orders_are_numbered_per_year_and_totalled_by_rate() {
    let mut f = fresh();
    let s = supplier(&mut f.company, "Suministros Norte SL");
    let a = f
        .company
        .save_purchase_order(None, &order(s, d(2026, 3, 2)), now())
        .unwrap();
    let b = f
        .company
        .save_purchase_order(None, &order(s, d(2026, 5, 2)), now())
        .unwrap();
    let c = f
        .company
        .save_purchase_order(None, &order(s, d(2027, 1, 10)), now())
        .unwrap();
    assert_eq!(
        (a.number.as_str(), b.number.as_str(), c.number.as_str()),
        ("PO-2026-0001", "PO-2026-0002", "PO-2027-0001")
    );
    assert_eq!(a.state, PurchaseOrderState::Open);
    // 100 × 0,12 = 12,00 at 21 %; 2,5 × 20,00 = 50,00 at 4 %.
    assert_eq!(a.taxes.len(), 2);
    assert_eq!(a.taxes[0].rate, "21");
    assert_eq!(a.taxes[0].base, Money::from_cents(1200));
    assert_eq!(a.taxes[0].vat, Money::from_cents(252));
    assert_eq!(a.taxes[1].vat, Money::from_cents(200));
    assert_eq!(a.total, Money::from_cents(1200 + 252 + 5000 + 200));
    // The supplier's expense account is the lines' default.
    assert!(a.lines.iter().all(|l| l.account.as_deref() == Some("600")));

    // Editing keeps the number.
    let mut edit = order(s, d(2026, 3, 3));
    edit.lines.push(line("Brocas", "3", 450, "21"));
    let a2 = f
        .company
        .save_purchase_order(Some(a.id), &edit, now())
        .unwrap();
    assert_eq!(a2.number, "PO-2026-0001");
    assert_eq!(a2.lines.len(), 3);

    let list = f
        .company
        .purchase_orders(&PurchaseOrderFilter {
            query: Some("brocas".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].total, a2.total);
}

#[test]
fn a_catalogue_line_keeps_its_product() {
    let mut f = fresh();
    let s = supplier(&mut f.company, "Suministros Norte SL");
    let p = f
        .company
        .save_product(
            None,
            &ProductInput {
                code: "TOR-440".into(),
                description: "Tornillos 4x40".into(),
                unit_price: Money::from_cents(12),
                tax: "21".into(),
                income_account: None,
            },
            now(),
        )
        .unwrap();
    let mut o = order(s, d(2026, 3, 2));
    o.lines[0].product_id = Some(p.id);
    o.lines[1].product_id = Some(999);
    o.lines[1].account = Some("700".into());
    let got = problems(f.company.save_purchase_order(None, &o, now()));
    let fields: Vec<_> = got
        .iter()
        .map(|p| (p.row, p.field.clone().unwrap_or_default(), p.code))
        .collect();
    assert_eq!(
        fields,
        vec![
            (Some(2), "product_id".into(), ProblemCode::NotFound),
            (Some(2), "account".into(), ProblemCode::NotPostable),
        ]
    );
    o.lines[1].product_id = None;
    o.lines[1].account = Some("217".into());
    let saved = f.company.save_purchase_order(None, &o, now()).unwrap();
    assert_eq!(saved.lines[0].product_id, Some(p.id));
    assert_eq!(saved.lines[1].account.as_deref(), Some("217"));
}

#[test]
fn goods_arrive_in_several_deliveries() {
    let mut f = fresh();
    let s = supplier(&mut f.company, "Suministros Norte SL");
    let o = f
        .company
        .save_purchase_order(None, &order(s, d(2026, 3, 2)), now())
        .unwrap();
    let o = f.company.mark_order_sent(o.id, now()).unwrap();
    assert_eq!(o.state, PurchaseOrderState::Sent);
    assert!(o.sent_at.is_some());

    let o = f
        .company
        .receive_order(
            o.id,
            d(2026, 3, 5),
            &ReceiveQuantities::Lines(vec![(1, "60".into()), (2, "1,5".into())]),
            "albarán 123",
            now(),
        )
        .unwrap();
    assert_eq!(o.state, PurchaseOrderState::Partial);
    assert_eq!(o.lines[0].received.to_string(), "60");
    assert_eq!(o.lines[0].outstanding.to_string(), "40");
    assert_eq!(o.lines[1].outstanding.to_string(), "1");

    // Over-receiving names the line; nothing is written.
    let audit = f.company.audit_len().unwrap();
    let p = problems(f.company.receive_order(
        o.id,
        d(2026, 3, 6),
        &ReceiveQuantities::Lines(vec![(1, "41".into())]),
        "",
        now(),
    ));
    assert_eq!(p[0].row, Some(1));
    assert!(p[0].message.contains("Tornillos 4x40"), "{}", p[0].message);
    assert!(p[0].message.contains("40 outstanding"), "{}", p[0].message);
    assert_eq!(f.company.audit_len().unwrap(), audit);
    assert_eq!(f.company.purchase_order(o.id).unwrap().receipts.len(), 1);

    // Editing or cancelling after a receipt is refused.
    let p = problems(
        f.company
            .save_purchase_order(Some(o.id), &order(s, d(2026, 3, 2)), now()),
    );
    assert_eq!(p[0].field.as_deref(), Some("state"));
    assert!(p[0].message.contains("received"), "{}", p[0].message);
    problems(f.company.cancel_order(o.id, None, now()));

    let o = f
        .company
        .receive_order(
            o.id,
            d(2026, 3, 9),
            &ReceiveQuantities::Everything,
            "",
            now(),
        )
        .unwrap();
    assert_eq!(o.state, PurchaseOrderState::Received);
    assert_eq!(o.receipts.len(), 2);
    assert!(o.lines.iter().all(|l| l.outstanding.is_zero()));
    problems(f.company.receive_order(
        o.id,
        d(2026, 3, 9),
        &ReceiveQuantities::Everything,
        "",
        now(),
    ));

    let b = f.company.order_for_billing(o.id).unwrap();
    assert_eq!(b.number, "PO-2026-0001");
    assert_eq!(b.lines.len(), 2);
    assert_eq!(b.lines[1].quantity_ordered.to_string(), "2.5");
    assert_eq!(b.lines[1].quantity_received.to_string(), "2.5");
    assert_eq!(b.lines[1].unit_price, Money::from_cents(2000));
    assert_eq!(b.lines[1].tax, "4");
    assert_eq!(b.lines[1].account.as_deref(), Some("600"));
}

#[test]
fn refusals_name_the_problem_and_write_nothing() {
    let mut f = fresh();
    let s = supplier(&mut f.company, "Suministros Norte SL");
    let audit = f.company.audit_len().unwrap();

    let mut bad = order(s, d(2026, 3, 2));
    bad.expected_date = Some(d(2026, 3, 1));
    bad.lines[0].description = "  ".into();
    bad.lines[0].quantity = "1.2345".into();
    bad.lines[1].unit_price = Money::from_cents(-1);
    bad.lines[1].tax = "7".into();
    let mut got: Vec<_> = problems(f.company.save_purchase_order(None, &bad, now()))
        .into_iter()
        .map(|p| (p.row, p.field.unwrap_or_default()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            (None, "expected_date".into()),
            (Some(1), "description".into()),
            (Some(1), "quantity".into()),
            (Some(2), "tax".into()),
            (Some(2), "unit_price".into()),
        ]
    );
    let mut none = order(s, d(2026, 3, 2));
    none.lines.clear();
    problems(f.company.save_purchase_order(None, &none, now()));

    f.company
        .set_supplier_status(s, true, Some("impagos de 2025"), now())
        .unwrap();
    let audit_blocked = f.company.audit_len().unwrap();
    let p = problems(
        f.company
            .save_purchase_order(None, &order(s, d(2026, 3, 2)), now()),
    );
    assert_eq!(p[0].field.as_deref(), Some("supplier_id"));
    assert!(p[0].message.contains("impagos de 2025"), "{}", p[0].message);
    assert_eq!(f.company.audit_len().unwrap(), audit_blocked);
    assert_eq!(audit_blocked, audit + 1, "only the block was logged");
    assert!(f
        .company
        .purchase_orders(&PurchaseOrderFilter::default())
        .unwrap()
        .is_empty());
}

#[test]
fn a_cancelled_order_is_not_received_or_sent() {
    let mut f = fresh();
    let s = supplier(&mut f.company, "Suministros Norte SL");
    let o = f
        .company
        .save_purchase_order(None, &order(s, d(2026, 3, 2)), now())
        .unwrap();
    let o = f
        .company
        .cancel_order(o.id, Some("duplicado"), now())
        .unwrap();
    assert_eq!(o.state, PurchaseOrderState::Cancelled);
    problems(f.company.receive_order(
        o.id,
        d(2026, 3, 9),
        &ReceiveQuantities::Everything,
        "",
        now(),
    ));
    problems(f.company.mark_order_sent(o.id, now()));
    let list = f
        .company
        .purchase_orders(&PurchaseOrderFilter {
            state: Some(PurchaseOrderState::Cancelled),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(list.len(), 1);
}
