//! Customers and the catalogue in the store: every rule names its field, every change is one
//! audit record, an import is all or nothing, and the customer card reads the sales tables.

mod common;

use common::*;
use trastienda_core::{Money, ProblemCode};
use trastienda_store::{
    ContactInput, CustomerFilter, CustomerInput, HistoryKind, ProductInput, StoreError,
};

fn customer(name: &str, tax_id: &str) -> CustomerInput {
    CustomerInput {
        legal_name: name.into(),
        tax_id: tax_id.into(),
        ..CustomerInput::default()
    }
}

/// The (field, code) of each problem, or a panic when the result is not `Invalid`.
fn fields<T: std::fmt::Debug>(r: Result<T, StoreError>) -> Vec<(String, ProblemCode)> {
    match r {
        Err(StoreError::Invalid(p)) => p
            .into_iter()
            .map(|p| (p.field.unwrap_or_default(), p.code))
            .collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn a_customer_is_created_checked_and_logged() {
    let mut f = fresh();
    let audit0 = f.company.audit_len().unwrap();
    // A NIF with the wrong control letter names the field and the letter it should be.
    let bad = f
        .company
        .save_customer(None, &customer("Juan Pérez", "12345678A"), now());
    match &bad {
        Err(StoreError::Invalid(p)) => {
            assert_eq!(p.len(), 1);
            assert_eq!(p[0].field.as_deref(), Some("tax_id"));
            assert_eq!(p[0].code, ProblemCode::InvalidTaxId);
            assert!(
                p[0].params.contains(&("expected".into(), "Z".into())),
                "{p:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(f.company.audit_len().unwrap(), audit0, "nothing written");

    let mut input = customer("Juan Pérez", "12345678-z");
    input.email = Some(" juan@example.com ".into());
    input.iban = Some("ES91 2100 0418 4502 0005 1332".into());
    input.payment_days = 30;
    input.payment_days_of_month = Some("20, 5".into());
    input.contacts = vec![
        ContactInput {
            name: "Ana".into(),
            role: "Compras".into(),
            email: Some("ana@example.com".into()),
            phone: None,
        },
        ContactInput {
            name: "Luis".into(),
            ..ContactInput::default()
        },
    ];
    let c = f.company.save_customer(None, &input, now()).unwrap();
    assert_eq!(c.tax_id, "12345678Z", "stored normalised");
    assert_eq!(c.iban.as_deref(), Some("ES9121000418450200051332"));
    assert_eq!(c.email.as_deref(), Some("juan@example.com"));
    assert_eq!(c.payment_days_of_month.as_deref(), Some("20,5"));
    assert_eq!(c.contacts.len(), 2);
    assert!(c.active);
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 1);
    let rec = &f.company.audit_records("customer:", 1).unwrap()[0];
    assert_eq!(rec.action, "create");
    assert!(rec.after.as_deref().unwrap().contains("12345678Z"));

    // Update: one contact removed, the name changed; saving again unchanged writes nothing.
    let mut edit = c.to_input();
    edit.legal_name = "Juan Pérez García".into();
    edit.contacts.truncate(1);
    let c2 = f.company.save_customer(Some(c.id), &edit, now()).unwrap();
    assert_eq!(c2.contacts.len(), 1);
    assert_eq!(c2.legal_name, "Juan Pérez García");
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 2);
    f.company.save_customer(Some(c.id), &edit, now()).unwrap();
    assert_eq!(
        f.company.audit_len().unwrap(),
        audit0 + 2,
        "no change, no record"
    );

    // Deactivate: hidden from the list unless asked, logged once.
    f.company.set_customer_active(c.id, false, now()).unwrap();
    f.company.set_customer_active(c.id, false, now()).unwrap();
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 3);
    let page = f
        .company
        .list_customers(&CustomerFilter::default())
        .unwrap();
    assert_eq!(page.total, 0);
    let page = f
        .company
        .list_customers(&CustomerFilter {
            include_inactive: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 1);
    assert!(!page.rows[0].active);
    assert!(matches!(
        f.company.set_customer_active(999, true, now()),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn every_wrong_field_is_named() {
    let mut f = fresh();
    let input = CustomerInput {
        legal_name: "  ".into(),
        country: "España".into(),
        email: Some("juan@".into()),
        iban: Some("ES91 2100 0418 4502 0005 1333".into()),
        payment_days: 400,
        payment_days_of_month: Some("5,40".into()),
        treatment: "exempt".into(),
        contacts: vec![ContactInput::default()],
        ..CustomerInput::default()
    };
    let got = fields(f.company.save_customer(None, &input, now()));
    for want in [
        ("legal_name", ProblemCode::Required),
        ("country", ProblemCode::InvalidCode),
        ("exemption_cause", ProblemCode::Required),
        ("email", ProblemCode::InvalidCode),
        ("payment_days", ProblemCode::OutOfRange),
        ("payment_days_of_month", ProblemCode::OutOfRange),
        ("iban", ProblemCode::InvalidCode),
        ("contacts.name", ProblemCode::Required),
    ] {
        assert!(
            got.contains(&(want.0.to_string(), want.1)),
            "{want:?} missing from {got:?}"
        );
    }
    // A cause without the exempt treatment; an unknown treatment.
    let mut x = customer("A", "B12345674");
    x.exemption_cause = Some("E1".into());
    assert_eq!(
        fields(f.company.save_customer(None, &x, now())),
        vec![("exemption_cause".to_string(), ProblemCode::OutOfRange)]
    );
    x.exemption_cause = None;
    x.treatment = "gratis".into();
    assert_eq!(
        fields(f.company.save_customer(None, &x, now())),
        vec![("treatment".to_string(), ProblemCode::InvalidCode)]
    );
    // Exempt with its cause is fine; the cause is stored upper-case.
    x.treatment = "exempt".into();
    x.exemption_cause = Some("e1".into());
    let c = f.company.save_customer(None, &x, now()).unwrap();
    assert_eq!(c.exemption_cause.as_deref(), Some("E1"));
}

#[test]
fn tax_ids_by_country_and_treatment() {
    let mut f = fresh();
    // A consumer may have no tax id; a retailer in recargo or an intra-EU customer may not.
    f.company
        .save_customer(None, &customer("Consumidor", ""), now())
        .unwrap();
    f.company
        .save_customer(None, &customer("Otro consumidor", ""), now())
        .expect("empty tax ids are not duplicates");
    let mut r = customer("Tienda", "");
    r.treatment = "recargo".into();
    assert_eq!(
        fields(f.company.save_customer(None, &r, now())),
        vec![("tax_id".to_string(), ProblemCode::Required)]
    );
    // Intra-EU: the state's VAT format, its prefix added when missing.
    let mut eu = customer("Société Exemple", "40303265045");
    eu.country = "FR".into();
    eu.treatment = "intra_eu".into();
    let c = f.company.save_customer(None, &eu, now()).unwrap();
    assert_eq!(c.tax_id, "FR40303265045");
    eu.tax_id = "DE123456789".into();
    assert_eq!(
        fields(f.company.save_customer(None, &eu, now())),
        vec![("tax_id".to_string(), ProblemCode::InvalidTaxId)]
    );
    eu.tax_id = "FR123".into();
    assert_eq!(
        fields(f.company.save_customer(None, &eu, now())),
        vec![("tax_id".to_string(), ProblemCode::InvalidTaxId)]
    );
    // Intra-EU from Spain or outside the EU is refused on the treatment.
    let mut us = customer("Acme Inc", "12-3456789");
    us.country = "US".into();
    us.treatment = "intra_eu".into();
    assert!(fields(f.company.save_customer(None, &us, now()))
        .contains(&("treatment".to_string(), ProblemCode::OutOfRange)));
    // Elsewhere the tax id is free text.
    us.treatment = "export".into();
    f.company.save_customer(None, &us, now()).unwrap();
    // A French customer not in intra_eu: free text (a consumer abroad, say).
    let mut fr = customer("Marie", "anything 1");
    fr.country = "FR".into();
    f.company.save_customer(None, &fr, now()).unwrap();
}

#[test]
fn a_duplicate_tax_id_is_a_problem_on_tax_id() {
    let mut f = fresh();
    let a = f
        .company
        .save_customer(None, &customer("Ferretería A", "B12345674"), now())
        .unwrap();
    let dup = f
        .company
        .save_customer(None, &customer("Ferretería B", "b-12.345.674"), now());
    match dup {
        Err(StoreError::Invalid(p)) => {
            assert_eq!(p[0].code, ProblemCode::Duplicate);
            assert_eq!(p[0].field.as_deref(), Some("tax_id"));
            assert!(p[0].message.contains("Ferretería A"), "{}", p[0].message);
        }
        other => panic!("{other:?}"),
    }
    // Saving the same customer again with its own tax id is no duplicate.
    f.company
        .save_customer(Some(a.id), &a.to_input(), now())
        .unwrap();
    // The same number in another country is another customer.
    let mut pt = customer("Lojas", "B12345674");
    pt.country = "PT".into();
    f.company.save_customer(None, &pt, now()).unwrap();
}

#[test]
fn the_receivable_account_must_be_a_430_leaf() {
    let mut f = fresh();
    let mut x = customer("A", "B12345674");
    x.account = Some("4309999".into());
    assert_eq!(
        fields(f.company.save_customer(None, &x, now())),
        vec![("account".to_string(), ProblemCode::UnknownAccount)]
    );
    x.account = Some("700".into());
    assert_eq!(
        fields(f.company.save_customer(None, &x, now())),
        vec![("account".to_string(), ProblemCode::NotPostable)]
    );
    x.account = Some("430".into());
    f.company.save_customer(None, &x, now()).unwrap();
}

#[test]
fn search_matches_name_trade_name_and_tax_id_and_pages() {
    let mut f = fresh();
    for i in 0..25 {
        let mut c = customer(&format!("Cliente {i:02}"), "");
        if i == 7 {
            c.trade_name = Some("La Bodeguita".into());
        }
        f.company.save_customer(None, &c, now()).unwrap();
    }
    f.company
        .save_customer(None, &customer("Ferretería Sol", "B12345674"), now())
        .unwrap();
    let q = |s: &str| {
        f.company
            .list_customers(&CustomerFilter {
                query: Some(s.into()),
                ..Default::default()
            })
            .unwrap()
    };
    assert_eq!(q("bodeguita").rows[0].legal_name, "Cliente 07");
    assert_eq!(q("b-1234").rows[0].legal_name, "Ferretería Sol");
    assert_eq!(
        q("FERRETERÍA").total,
        0,
        "LIKE is case-insensitive for ASCII only"
    );
    assert_eq!(q("ferreter").total, 1);
    assert_eq!(q("cliente").total, 25);
    assert_eq!(q("100%").total, 0, "wildcards are literal");
    let page = f
        .company
        .list_customers(&CustomerFilter {
            page: 2,
            page_size: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 26);
    assert_eq!(page.rows.len(), 6);
    assert_eq!(page.rows[0].legal_name, "Cliente 20");
}

#[test]
fn the_card_shows_open_invoices_balance_and_history() {
    let mut f = fresh();
    let c = f
        .company
        .save_customer(None, &customer("Bar Pepe", "B12345674"), now())
        .unwrap();
    let other = f
        .company
        .save_customer(None, &customer("Otro", ""), now())
        .unwrap();
    let empty = f.company.customer_card(c.id).unwrap();
    assert!(empty.open_invoices.is_empty() && empty.history.is_empty());
    assert_eq!(empty.balance, Money::ZERO);

    // Until the invoice store exists, the sales rows go in by SQL (one entry serves as the
    // posting of every document here).
    let e = f
        .company
        .post_entry(
            &entry(
                d(2026, 2, 1),
                "Ventas",
                &[("430", 30_250), ("700", -30_250)],
            ),
            now(),
        )
        .unwrap();
    let sql = |s: String| f.company.execute_raw(&s).unwrap();
    sql("INSERT INTO invoice_series (id, code, kind, year) VALUES (1, 'F', 'F', 2026)".into());
    for (id, n, date, total, cust) in [
        (1, 1, "2026-02-01", 12_100, c.id),
        (2, 2, "2026-02-10", 18_150, c.id),
        (3, 3, "2026-02-11", 5_000, other.id),
    ] {
        sql(format!(
            "INSERT INTO invoices (id, state, series_id, issue_date, customer_id, total_cents, due_date, created_at)
             VALUES ({id}, 'draft', 1, '{date}', {cust}, {total}, '{date}', 'now')"
        ));
        sql(format!(
            "UPDATE invoices SET state = 'issued', number = {n}, full_number = '2026-000{n}',
                 entry_id = {}, issued_at = 'now', customer_name = 'x' WHERE id = {id}",
            e.id
        ));
    }
    // A draft counts for nothing.
    sql(format!(
        "INSERT INTO invoices (state, issue_date, customer_id, total_cents, created_at)
         VALUES ('draft', '2026-02-12', {}, 99999, 'now')",
        c.id
    ));
    // 121.00 paid in full, 50.00 towards the second, 20.00 left unapplied.
    sql(format!(
        "INSERT INTO payments (id, customer_id, date, amount_cents, method, account, reference, entry_id, created_at)
         VALUES (1, {0}, '2026-02-15', 17100, 'bank', '5720001', 'TRF 1', {1}, 'now'),
                (2, {0}, '2026-02-20', 2000, 'cash', '5700001', '', {1}, 'now')",
        c.id, e.id
    ));
    sql("INSERT INTO payment_allocations VALUES (1, 1, 12100), (1, 2, 5000)".into());

    let card = f.company.customer_card(c.id).unwrap();
    assert_eq!(card.open_invoices.len(), 1);
    let open = &card.open_invoices[0];
    assert_eq!(open.full_number, "2026-0002");
    assert_eq!(open.total, Money::from_cents(18_150));
    assert_eq!(open.paid, Money::from_cents(5_000));
    assert_eq!(open.open, Money::from_cents(13_150));
    // 121 + 181.50 - 171 - 20 = 111.50
    assert_eq!(card.balance, Money::from_cents(11_150));
    assert_eq!(card.unapplied, Money::from_cents(2_000));
    let kinds: Vec<(HistoryKind, i64, i64)> = card
        .history
        .iter()
        .map(|h| (h.kind, h.amount.cents(), h.balance.cents()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (HistoryKind::Invoice, 12_100, 12_100),
            (HistoryKind::Invoice, 18_150, 30_250),
            (HistoryKind::Payment, -17_100, 13_150),
            (HistoryKind::Payment, -2_000, 11_150),
        ]
    );
    assert_eq!(card.history[2].reference, "TRF 1");
    let row = &f
        .company
        .list_customers(&CustomerFilter::default())
        .unwrap()
        .rows[0];
    assert_eq!(
        (row.legal_name.as_str(), row.balance.cents()),
        ("Bar Pepe", 11_150)
    );
    assert!(matches!(
        f.company.customer_card(42),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn an_import_is_all_or_nothing_with_rows() {
    let mut f = fresh();
    f.company
        .save_customer(None, &customer("Ya existe", "B12345674"), now())
        .unwrap();
    let audit0 = f.company.audit_len().unwrap();
    let rows = vec![
        (2, customer("Uno", "12345678Z")),
        (3, customer("Dos", "12345678A")),
        (4, customer("Tres", "B12345674")),
        (5, customer("Cuatro", "12345678z")),
        (6, customer("", "")),
    ];
    match f.company.import_customers(&rows, "test.csv", now()) {
        Err(StoreError::Invalid(p)) => {
            let got: Vec<(Option<u32>, Option<&str>, ProblemCode)> = p
                .iter()
                .map(|p| (p.row, p.field.as_deref(), p.code))
                .collect();
            assert_eq!(
                got,
                vec![
                    (Some(3), Some("tax_id"), ProblemCode::InvalidTaxId),
                    (Some(4), Some("tax_id"), ProblemCode::Duplicate),
                    (Some(5), Some("tax_id"), ProblemCode::Duplicate),
                    (Some(6), Some("legal_name"), ProblemCode::Required),
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(f.company.audit_len().unwrap(), audit0);
    assert_eq!(
        f.company
            .list_customers(&CustomerFilter::default())
            .unwrap()
            .total,
        1
    );
    let good = vec![(2, customer("Uno", "12345678Z")), (3, customer("Dos", ""))];
    let ids = f
        .company
        .import_customers(&good, "test.csv", now())
        .unwrap();
    assert_eq!(ids.len(), 2);
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 1, "one record");
    let rec = &f.company.audit_records("customers:", 1).unwrap()[0];
    assert_eq!(rec.action, "import");
    assert!(rec.after.as_deref().unwrap().starts_with("2 customers"));
    assert!(f.company.import_customers(&[], "x", now()).is_err());
}

#[test]
fn products_are_checked_unique_and_logged() {
    let mut f = fresh();
    let audit0 = f.company.audit_len().unwrap();
    let input = ProductInput {
        code: "TORN-6".into(),
        description: "Tornillo 6 mm".into(),
        unit_price: Money::from_cents(35),
        tax: "21".into(),
        income_account: Some("700".into()),
    };
    let p = f.company.save_product(None, &input, now()).unwrap();
    assert_eq!(p.unit_price, Money::from_cents(35));
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 1);
    // Duplicate code, bad tax, unknown or non-income account, negative price, empty fields.
    let bad = ProductInput {
        code: "TORN-6".into(),
        description: "Otro".into(),
        unit_price: Money::from_cents(1),
        tax: "7".into(),
        income_account: None,
    };
    assert_eq!(
        fields(f.company.save_product(None, &bad, now())),
        vec![("tax".to_string(), ProblemCode::InvalidCode)]
    );
    let dup = ProductInput {
        tax: "E1".into(),
        ..bad.clone()
    };
    assert_eq!(
        fields(f.company.save_product(None, &dup, now())),
        vec![("code".to_string(), ProblemCode::Duplicate)]
    );
    for (acc, code) in [
        ("7999999", ProblemCode::UnknownAccount),
        ("572", ProblemCode::NotPostable),
        ("70", ProblemCode::NotPostable),
    ] {
        let x = ProductInput {
            code: "NEW".into(),
            tax: "10".into(),
            income_account: Some(acc.into()),
            ..bad.clone()
        };
        assert_eq!(
            fields(f.company.save_product(None, &x, now())),
            vec![("income_account".to_string(), code)],
            "{acc}"
        );
    }
    let empty = ProductInput {
        code: " ".into(),
        description: "".into(),
        unit_price: Money::from_cents(-1),
        tax: "4".into(),
        income_account: None,
    };
    assert_eq!(
        fields(f.company.save_product(None, &empty, now())),
        vec![
            ("code".to_string(), ProblemCode::Required),
            ("description".to_string(), ProblemCode::Required),
            ("unit_price".to_string(), ProblemCode::NegativeAmount),
        ]
    );
    assert_eq!(
        f.company.audit_len().unwrap(),
        audit0 + 1,
        "nothing written"
    );
    // Update, deactivate, list.
    let mut upd = input.clone();
    upd.unit_price = Money::from_cents(40);
    upd.tax = "e6".into();
    let p2 = f.company.save_product(Some(p.id), &upd, now()).unwrap();
    assert_eq!(p2.tax, "E6");
    f.company.set_product_active(p.id, false, now()).unwrap();
    assert!(f.company.list_products(None, false).unwrap().is_empty());
    assert_eq!(
        f.company
            .list_products(Some("tornillo"), true)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 3);
}
