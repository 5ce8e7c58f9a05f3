//! The global search over the FTS5 index the triggers keep: accents and case folded, prefixes,
//! numbers with dashes, edits and deletions reaching the index, per-kind limits and totals,
//! and whatever a user types never being an FTS5 syntax error.

mod common;

use common::*;
use trastienda_core::invoice::LineTax;
use trastienda_core::{InvoiceLine, Money};
use trastienda_store::{
    BillInput, BillLineInput, Company, Content, CustomerInput, DocKind, DocumentInput, FileText,
    InvoiceInput, SearchKind, SearchResults, SupplierInput, TextStatus, COUNT_CAP,
};

fn eur(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn customer(c: &mut Company, name: &str, tax_id: &str) -> i64 {
    c.save_customer(None, &customer_input(name, tax_id), now())
        .unwrap()
        .id
}

fn customer_input(name: &str, tax_id: &str) -> CustomerInput {
    CustomerInput {
        legal_name: name.into(),
        tax_id: tax_id.into(),
        city: "Zaragoza".into(),
        ..CustomerInput::default()
    }
}

fn supplier(c: &mut Company, name: &str, tax_id: &str) -> i64 {
    c.save_supplier(
        None,
        &SupplierInput {
            legal_name: name.into(),
            tax_id: tax_id.into(),
            expense_account: Some("629".into()),
            ..SupplierInput::default()
        },
        now(),
    )
    .unwrap()
    .id
}

fn draft_invoice(c: &mut Company, customer: i64, notes: &str) -> i64 {
    let input = InvoiceInput {
        kind: DocKind::Invoice,
        issue_date: d(2026, 3, 1),
        operation_date: None,
        customer_id: Some(customer),
        prices_include_vat: false,
        withholding: None,
        notes: notes.into(),
        lines: vec![InvoiceLine::new(
            "Tornillos",
            1.into(),
            eur("100"),
            LineTax::Vat(21.into()),
        )],
    };
    c.save_invoice_draft(None, &input, now()).unwrap().id
}

fn bill(c: &mut Company, supplier_id: i64, number: &str, description: &str) -> i64 {
    c.post_bill(
        &BillInput {
            supplier_id,
            supplier_number: number.into(),
            date: d(2026, 2, 10),
            lines: vec![BillLineInput {
                description: "Material".into(),
                quantity: "1".into(),
                unit_price: eur("100"),
                vat_rate: "21".into(),
                account: None,
                order_line_no: None,
            }],
            vat_treatment: None,
            irpf_pct: None,
            total: eur("121"),
            due_dates: Vec::new(),
            corrects_id: None,
            order_id: None,
            description: description.into(),
        },
        now(),
    )
    .unwrap()
    .id
}

fn document(c: &mut Company, title: &str, tags: &[&str], text: &str) -> i64 {
    let input = DocumentInput {
        file_name: format!("{}.pdf", title.replace(' ', "-")),
        media_type: String::new(),
        category: "otros".into(),
        title: title.into(),
        doc_date: d(2026, 1, 15),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        notes: String::new(),
        links: Vec::new(),
    };
    let text = text.to_string();
    c.add_document(
        &input,
        Content::Bytes(format!("%PDF-1.4 {title}").as_bytes()),
        move || FileText {
            status: TextStatus::Extracted,
            text,
        },
        now(),
    )
    .unwrap()
    .id
}

/// (kind, id) of every hit.
fn found(r: &SearchResults) -> Vec<(SearchKind, i64)> {
    r.groups
        .iter()
        .flat_map(|g| g.hits.iter().map(|h| (h.kind, h.id)))
        .collect()
}

fn finds(c: &Company, text: &str, kind: SearchKind, id: i64) -> bool {
    found(&c.search(text, 10).unwrap()).contains(&(kind, id))
}

#[test]
fn accents_and_case_are_folded_and_prefixes_found() {
    let mut f = fresh();
    let c = &mut f.company;
    let garcia = customer(c, "Ferretería García SL", "B12345674");
    let doc = document(c, "Nómina marzo", &["personal"], "");

    assert!(finds(c, "GARCIA", SearchKind::Customer, garcia));
    assert!(finds(c, "garcía", SearchKind::Customer, garcia));
    assert!(finds(c, "ferr", SearchKind::Customer, garcia));
    assert!(finds(c, "Fe", SearchKind::Customer, garcia));
    assert!(finds(c, "ferr garc", SearchKind::Customer, garcia));
    assert!(!finds(c, "ferr lopez", SearchKind::Customer, garcia));
    assert!(finds(c, "nomina", SearchKind::Document, doc));
    assert!(finds(c, "NÓMINA MARZO", SearchKind::Document, doc));
    // By tax id, whole or begun.
    assert!(finds(c, "B12345674", SearchKind::Customer, garcia));
    assert!(finds(c, "b1234", SearchKind::Customer, garcia));

    let r = c.search("garcia", 10).unwrap();
    let hit = &r.groups[0].hits[0];
    assert_eq!(hit.label, "Ferretería García SL");
    assert_eq!(hit.detail, "B12345674 · Zaragoza");
    assert_eq!(hit.tag, None);
}

#[test]
fn invoices_bills_entries_and_document_text_are_found_by_what_identifies_them() {
    let mut f = fresh();
    let c = &mut f.company;
    let cust = customer(c, "Talleres Urquijo SA", "A58818501");
    let draft = draft_invoice(c, cust, "pedido de primavera");
    let issued = c.issue_invoice(draft, now()).unwrap();
    let number = issued.full_number.clone().expect("issued with a number");
    assert!(number.contains('-') || number.contains('/'), "{number}");
    assert!(finds(c, &number, SearchKind::Invoice, draft));
    // The number begun (search as you type) and the customer's name.
    let begun: String = number.chars().take(number.len() - 1).collect();
    assert!(finds(c, &begun, SearchKind::Invoice, draft));
    assert!(finds(c, "urquijo", SearchKind::Invoice, draft));
    let r = c.search(&number, 10).unwrap();
    let hit = &r.groups[0].hits[0];
    assert_eq!(
        (hit.kind, hit.label.as_str()),
        (SearchKind::Invoice, number.as_str())
    );
    assert_eq!(hit.date.as_deref(), Some("2026-03-01"));
    assert_eq!(hit.total_cents, Some(12100));

    let sup = supplier(c, "Suministros Ebro SL", "B99286320");
    let b = bill(c, sup, "FV-2026/0457", "cajas de clavos");
    assert!(finds(c, "FV-2026/0457", SearchKind::Bill, b));
    assert!(finds(c, "fv-2026/04", SearchKind::Bill, b));
    assert!(finds(c, "clavos", SearchKind::Bill, b));
    let r = c.search("FV-2026/0457", 10).unwrap();
    let hit = r
        .groups
        .iter()
        .find(|g| g.kind == SearchKind::Bill)
        .unwrap();
    assert_eq!(hit.hits[0].label, "FV-2026/0457 · Suministros Ebro SL");

    let e = c
        .post_entry(
            &entry(
                d(2026, 4, 2),
                "Alquiler del almacén de abril",
                &[("621", 80000), ("5720001", -80000)],
            ),
            now(),
        )
        .unwrap();
    assert!(finds(c, "almacen abril", SearchKind::Entry, e.id));
    let r = c.search("almacén", 10).unwrap();
    let g = r
        .groups
        .iter()
        .find(|g| g.kind == SearchKind::Entry)
        .unwrap();
    assert_eq!(
        g.hits[0].label,
        format!(
            "{}/{} · Alquiler del almacén de abril",
            e.fiscal_year, e.number
        )
    );

    // A word only inside the document's text, marked in the snippet.
    let doc = document(
        c,
        "Contrato de mantenimiento",
        &["contrato"],
        "Cláusula de penalización por retraso",
    );
    assert!(finds(c, "penalizacion", SearchKind::Document, doc));
    let r = c.search("penalizacion", 10).unwrap();
    let hit = &r.groups[0].hits[0];
    assert!(
        hit.snippet
            .iter()
            .any(|p| p.matched && p.text == "penalización"),
        "{:?}",
        hit.snippet
    );
}

#[test]
fn edits_and_deletions_reach_the_index() {
    let mut f = fresh();
    let c = &mut f.company;
    let id = customer(c, "Panadería Olmedo", "");
    assert!(finds(c, "olmedo", SearchKind::Customer, id));
    c.save_customer(Some(id), &customer_input("Obrador Castellano", ""), now())
        .unwrap();
    assert!(!finds(c, "olmedo", SearchKind::Customer, id));
    assert!(finds(c, "castellano", SearchKind::Customer, id));

    // A draft invoice, found by its customer, gone once deleted.
    let draft = draft_invoice(c, id, "encargo navideño");
    assert!(finds(c, "navideno", SearchKind::Invoice, draft));
    let r = c.search("navideno", 10).unwrap();
    assert_eq!(r.groups[0].hits[0].tag.as_deref(), Some("draft"));
    assert_eq!(r.groups[0].hits[0].label, "Obrador Castellano");
    c.delete_invoice_draft(draft, now()).unwrap();
    assert!(!finds(c, "navideno", SearchKind::Invoice, draft));
    assert!(c.search("navideno", 10).unwrap().groups.is_empty());
}

#[test]
fn each_kind_returns_its_best_hits_up_to_the_limit_with_its_total() {
    let mut f = fresh();
    let c = &mut f.company;
    for i in 0..12 {
        customer(c, &format!("Distribuciones Norte {i}"), "");
    }
    let sup = supplier(c, "Norte Logística SL", "");
    // A title match ranks above a body-only match.
    let body_only = document(c, "Albarán 17", &[], "entregado en la nave norte");
    let in_title = document(c, "Ruta norte", &[], "");

    let r = c.search("norte", 5).unwrap();
    let kinds: Vec<SearchKind> = r.groups.iter().map(|g| g.kind).collect();
    assert_eq!(
        kinds,
        [
            SearchKind::Customer,
            SearchKind::Supplier,
            SearchKind::Document
        ]
    );
    assert_eq!((r.groups[0].total, r.groups[0].hits.len()), (12, 5));
    assert_eq!((r.groups[1].total, r.groups[1].hits[0].id), (1, sup));
    let docs: Vec<i64> = r.groups[2].hits.iter().map(|h| h.id).collect();
    assert_eq!(docs, [in_title, body_only]);
    assert!(!r.capped);
    // A limit of 0 still shows one; a huge one is bounded.
    assert_eq!(c.search("norte", 0).unwrap().groups[0].hits.len(), 1);
    assert_eq!(c.search("norte", 10_000).unwrap().groups[0].hits.len(), 12);
}

#[test]
fn many_matches_are_ranked_in_a_window_and_counted_up_to_the_cap() {
    let mut f = fresh();
    let c = &mut f.company;
    // One old customer, then more matches of another kind than the ranked window holds.
    let old = customer(c, "Comercial Zenit", "");
    c.execute_raw(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
         INSERT INTO employees (nif, name, ss_number, contract_type, start_date,
                                cotization_group, base_salary_cents, created_at)
         SELECT printf('%08dZ', i), 'Empleado ' || i || ' zenit', '281234567890', 'indefinido',
                '2026-01-01', 5, 150000, '2026-01-01' FROM n",
    )
    .unwrap();
    let r = c.search("zenit", 3).unwrap();
    let g: Vec<(SearchKind, u32, usize)> = r
        .groups
        .iter()
        .map(|g| (g.kind, g.total, g.hits.len()))
        .collect();
    assert_eq!(
        g,
        [
            (SearchKind::Customer, 1, 1),
            (SearchKind::Employee, 2500, 3)
        ]
    );
    assert_eq!(r.groups[0].hits[0].id, old);
    assert!(!r.capped);

    // Past the cap only the newest matches are counted, and the results say so.
    c.execute_raw(
        "WITH RECURSIVE n(i) AS (SELECT 2501 UNION ALL SELECT i + 1 FROM n WHERE i < 10500)
         INSERT INTO employees (nif, name, ss_number, contract_type, start_date,
                                cotization_group, base_salary_cents, created_at)
         SELECT printf('%08dZ', i), 'Empleado ' || i || ' zenit', '281234567890', 'indefinido',
                '2026-01-01', 5, 150000, '2026-01-01' FROM n",
    )
    .unwrap();
    let r = c.search("zenit", 3).unwrap();
    assert!(r.capped);
    let g: Vec<(SearchKind, u32, usize)> = r
        .groups
        .iter()
        .map(|g| (g.kind, g.total, g.hits.len()))
        .collect();
    // The old customer is still found (from the oldest matches, read when capped).
    assert_eq!(
        g,
        [
            (SearchKind::Customer, 1, 1),
            (SearchKind::Employee, COUNT_CAP as u32, 3)
        ]
    );
    assert_eq!(r.groups[0].hits[0].id, old);
    // Not ranked by bm25 then: by the title (all alike here), the newest first.
    let ids: Vec<i64> = r.groups[1].hits.iter().map(|h| h.id).collect();
    assert_eq!(ids, [10_500, 10_499, 10_498]);
    // A title match comes before newer body-only matches.
    c.execute_raw(
        "UPDATE employees SET name = 'Empleado ' || id, notes = 'zenit' WHERE id > 10440",
    )
    .unwrap();
    c.execute_raw("UPDATE employees SET name = 'Zenit Ruiz' WHERE id = 10445")
        .unwrap();
    let r = c.search("zenit", 3).unwrap();
    let ids: Vec<i64> = r.groups[1].hits.iter().map(|h| h.id).collect();
    assert_eq!(ids, [10_445, 10_500, 10_499]);
}

#[test]
fn whatever_a_user_types_is_text_never_query_syntax() {
    let mut f = fresh();
    let c = &mut f.company;
    let id = customer(c, "Near And Or Not SL", "");
    for text in [
        "",
        "   ",
        "-",
        "*",
        "\"",
        "\"\"",
        "(",
        ")",
        "()",
        "'",
        "^",
        ":",
        "+-*/",
        "…",
        "¿?",
        "-- ;",
        "\u{0}",
        "\u{2}\u{3}",
    ] {
        let r = c
            .search(text, 10)
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert!(r.groups.is_empty(), "{text:?} found {:?}", found(&r));
    }
    for text in [
        "NEAR", "near(", "AND", "OR", "NOT", "near and", "\"near", "near\"", "near*", "(near)",
        "^near", "NOT or", "near-", "-near", "near -or",
    ] {
        let r = c
            .search(text, 10)
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert!(
            found(&r).contains(&(SearchKind::Customer, id)),
            "{text:?}: {:?}",
            r.query
        );
    }
    // Column filters, NEAR groups and odd quoting are words too: no error, whatever found.
    for text in [
        "title:near",
        "near NEAR/2 or",
        "n\"ear",
        "{title} : near",
        "NEAR(a b, 3)",
        "a* OR b*",
    ] {
        c.search(text, 10)
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
    }
    // Something absent: nothing, no error.
    assert!(c.search("zzqx \"a\" ( OR", 10).unwrap().groups.is_empty());
}

#[test]
fn correspondence_is_found_with_its_party_once_the_table_exists() {
    let mut f = fresh();
    let c = &mut f.company;
    let id = customer(c, "Hostal Miramar", "");
    let inserted = c.execute_raw(&format!(
        "INSERT INTO correspondence (id, party_kind, party_id, channel, direction, date,
                                     subject, notes, created_at)
         VALUES (7, 'customer', {id}, 'call', 'in', '2026-05-04',
                 'Reclamación por el pedido', 'llamó la encargada', '2026-05-04')"
    ));
    let inserted = match inserted {
        Ok(_) => true,
        Err(e) if e.to_string().contains("no such table") => false,
        Err(e) => panic!("{e}"),
    };
    let r = c.search("reclamacion", 10).unwrap();
    if !inserted {
        // Before 0009: no table, no kind 8, no error.
        assert!(r.groups.is_empty());
        return;
    }
    let hit = &r.groups[0].hits[0];
    assert_eq!((hit.kind, hit.id), (SearchKind::Correspondence, 7));
    assert_eq!(hit.label, "Reclamación por el pedido");
    assert_eq!(
        (hit.party_kind.as_deref(), hit.party_id),
        (Some("customer"), Some(id))
    );
    assert_eq!(hit.date.as_deref(), Some("2026-05-04"));
    assert!(hit.detail.starts_with("Hostal Miramar"), "{}", hit.detail);
}
