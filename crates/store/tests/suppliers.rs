//! Suppliers in the store: every rule names its field, every change is one audit record,
//! blocking needs a reason, an import is all or nothing, and the list searches and pages.

mod common;

use common::*;
use trastienda_core::ProblemCode;
use trastienda_store::{ContactInput, StoreError, SupplierFilter, SupplierInput};

fn supplier(name: &str, tax_id: &str) -> SupplierInput {
    SupplierInput {
        legal_name: name.into(),
        tax_id: tax_id.into(),
        ..SupplierInput::default()
    }
}

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
fn a_supplier_is_created_checked_and_logged() {
    let mut f = fresh();
    let audit0 = f.company.audit_len().unwrap();
    let mut bad = supplier("Papelería Sol SL", "12345678A");
    bad.iban = Some("ES00 2100 0418 4502 0005 1332".into());
    bad.bic = Some("CAIX-ES".into());
    bad.email = Some("sin arroba".into());
    bad.irpf_pct = Some("150".into());
    bad.vat_treatment = "reverse".into();
    bad.contacts = vec![ContactInput::default()];
    let mut got = fields(f.company.save_supplier(None, &bad, now()));
    got.sort();
    assert_eq!(
        got,
        vec![
            ("bic".to_string(), ProblemCode::InvalidCode),
            ("contacts.name".to_string(), ProblemCode::Required),
            ("email".to_string(), ProblemCode::InvalidCode),
            ("iban".to_string(), ProblemCode::InvalidCode),
            ("irpf_pct".to_string(), ProblemCode::OutOfRange),
            ("tax_id".to_string(), ProblemCode::InvalidTaxId),
            ("vat_treatment".to_string(), ProblemCode::InvalidCode),
        ]
    );
    assert_eq!(f.company.audit_len().unwrap(), audit0, "nothing written");

    let mut good = supplier("Papelería Sol SL", "12345678-z");
    good.iban = Some("ES91 2100 0418 4502 0005 1332".into());
    good.bic = Some("caixesbbxxx".into());
    good.irpf_pct = Some("15.00".into());
    good.expense_account = Some("629".into());
    good.category = "Material de oficina".into();
    good.contacts = vec![ContactInput {
        name: "Ana".into(),
        role: "Ventas".into(),
        email: Some("ana@sol.es".into()),
        phone: None,
    }];
    let s = f.company.save_supplier(None, &good, now()).unwrap();
    assert_eq!(s.input.tax_id, "12345678Z");
    assert_eq!(s.input.iban.as_deref(), Some("ES9121000418450200051332"));
    assert_eq!(s.input.bic.as_deref(), Some("CAIXESBBXXX"));
    assert_eq!(s.input.irpf_pct.as_deref(), Some("15"));
    assert_eq!(s.status, "active");
    assert_eq!(s.contacts.len(), 1);
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 1);

    // Saving the same again writes nothing; a change is one record.
    f.company.save_supplier(Some(s.id), &good, now()).unwrap();
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 1);
    good.payment_days = 60;
    let s2 = f.company.save_supplier(Some(s.id), &good, now()).unwrap();
    assert_eq!(s2.input.payment_days, 60);
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 2);

    // The same tax id in the same country is a duplicate, on the tax id.
    assert_eq!(
        fields(
            f.company
                .save_supplier(None, &supplier("Otra", "12345678Z"), now())
        ),
        vec![("tax_id".to_string(), ProblemCode::Duplicate)]
    );
}

#[test]
fn the_expense_account_is_an_existing_6xx_leaf() {
    let mut f = fresh();
    let mut x = supplier("Luz SA", "");
    x.expense_account = Some("6299999".into());
    assert_eq!(
        fields(f.company.save_supplier(None, &x, now())),
        vec![("expense_account".to_string(), ProblemCode::UnknownAccount)]
    );
    x.expense_account = Some("700".into());
    assert_eq!(
        fields(f.company.save_supplier(None, &x, now())),
        vec![("expense_account".to_string(), ProblemCode::NotPostable)]
    );
    x.expense_account = Some("628".into());
    f.company.save_supplier(None, &x, now()).unwrap();
}

#[test]
fn an_intra_eu_supplier_needs_its_vat_number() {
    let mut f = fresh();
    let mut x = supplier("Papier GmbH", "");
    x.country = "DE".into();
    x.vat_treatment = "intra_eu".into();
    assert_eq!(
        fields(f.company.save_supplier(None, &x, now())),
        vec![("tax_id".to_string(), ProblemCode::Required)]
    );
    x.country = "ES".into();
    x.tax_id = "B12345674".into();
    assert!(fields(f.company.save_supplier(None, &x, now()))
        .contains(&("vat_treatment".to_string(), ProblemCode::OutOfRange)));
}

#[test]
fn blocking_needs_a_reason_and_is_logged() {
    let mut f = fresh();
    let s = f
        .company
        .save_supplier(None, &supplier("Gas SL", "B12345674"), now())
        .unwrap();
    let audit0 = f.company.audit_len().unwrap();
    assert_eq!(
        fields(f.company.set_supplier_status(s.id, true, Some("  "), now())),
        vec![("block_reason".to_string(), ProblemCode::Required)]
    );
    assert_eq!(f.company.audit_len().unwrap(), audit0);
    let b = f
        .company
        .set_supplier_status(s.id, true, Some("Facturas duplicadas"), now())
        .unwrap();
    assert_eq!(b.status, "blocked");
    assert_eq!(b.block_reason.as_deref(), Some("Facturas duplicadas"));
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 1);
    // Blocked suppliers are listed with their reason; the filter picks them.
    let p = f
        .company
        .list_suppliers(&SupplierFilter {
            status: Some("blocked".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(p.total, 1);
    assert_eq!(
        p.rows[0].block_reason.as_deref(),
        Some("Facturas duplicadas")
    );
    let a = f
        .company
        .set_supplier_status(s.id, false, None, now())
        .unwrap();
    assert_eq!((a.status.as_str(), a.block_reason), ("active", None));
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 2);
}

#[test]
fn an_import_is_all_or_nothing_and_the_list_searches_and_pages() {
    let mut f = fresh();
    let audit0 = f.company.audit_len().unwrap();
    let rows = vec![
        (2, supplier("Alfa SL", "B12345674")),
        (3, supplier("Beta SL", "12345678A")),
        (4, supplier("Gamma SL", "B12345674")),
    ];
    match f.company.import_suppliers(&rows, "p.csv", now()) {
        Err(StoreError::Invalid(p)) => {
            let at: Vec<(Option<u32>, Option<&str>)> =
                p.iter().map(|x| (x.row, x.field.as_deref())).collect();
            assert_eq!(
                at,
                vec![(Some(3), Some("tax_id")), (Some(4), Some("tax_id"))]
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(f.company.all_suppliers().unwrap().len(), 0);
    assert_eq!(f.company.audit_len().unwrap(), audit0);

    let rows: Vec<(u32, SupplierInput)> = (0..7)
        .map(|i| {
            let mut s = supplier(&format!("Proveedor {i}"), "");
            s.category = if i % 2 == 0 { "Limpieza" } else { "Oficina" }.into();
            (i + 2, s)
        })
        .collect();
    let ids = f.company.import_suppliers(&rows, "p.csv", now()).unwrap();
    assert_eq!(ids.len(), 7);
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 1, "one record");
    let page = f
        .company
        .list_suppliers(&SupplierFilter {
            query: Some("limp".into()),
            page_size: 3,
            page: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 4);
    assert_eq!(page.rows.len(), 1);
    assert_eq!(page.rows[0].legal_name, "Proveedor 6");
}
