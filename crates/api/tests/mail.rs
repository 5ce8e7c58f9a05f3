//! E-mail import and triage through the command table: the fixture mailbox (24 messages
//! written for the tests, tests/fixtures/mail/make.py) lands every message in its expected
//! pile matched to its expected party; attachments are archived (source mail, linked to the
//! entry and the party, supplier invoices under facturas_recibidas); re-importing adds
//! nothing; a malformed mailbox names the bad message's position and imports the rest; the
//! .eml files, upload, reclassification and the correspondence log with its follow-ups.

use base64::Engine;
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;
use trastienda_api::{dispatch, App, AppConfig};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mail")
        .join(name)
}

fn customer(app: &App, name: &str, email: &str, contacts: &[&str]) -> i64 {
    let contacts: Vec<Value> = contacts
        .iter()
        .map(|e| json!({"name": "Contacto", "role": "", "email": e, "phone": null}))
        .collect();
    dispatch(
        app,
        "save_customer",
        json!({"customer": {
            "legal_name": name, "trade_name": null, "country": "ES", "tax_id": "",
            "address": "", "postal_code": "", "city": "", "province": "",
            "shipping_address": null, "email": email, "phone": null, "payment_days": 30,
            "payment_days_of_month": null, "treatment": "domestic", "exemption_cause": null,
            "iban": null, "account": null, "notes": "", "contacts": contacts}}),
    )
    .unwrap()["id"]
        .as_i64()
        .unwrap()
}

fn supplier(app: &App, name: &str, email: &str) -> i64 {
    dispatch(
        app,
        "save_supplier",
        json!({"supplier": {
            "legal_name": name, "trade_name": null, "country": "ES", "tax_id": "",
            "address": "", "postal_code": "", "city": "", "province": "", "email": email,
            "phone": null, "iban": null, "bic": null, "payment_days": 30, "expense_account": null,
            "vat_treatment": "deductible", "irpf_pct": null, "category": "", "notes": "",
            "contacts": []}}),
    )
    .unwrap()["id"]
        .as_i64()
        .unwrap()
}

struct Demo {
    _dir: tempfile::TempDir,
    app: App,
    path: String,
    ids: BTreeMap<&'static str, (&'static str, i64)>,
}

/// A company with the customers, suppliers and employee the fixture's senders belong to,
/// and its own address (so its own messages are outgoing).
fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 3, 20, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    let info = dispatch(
        &app,
        "create_company",
        json!({"name": "Mi Tienda SL", "tax_id": "B12345674", "country": "ES", "address": "",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es", "template": "es-pymes"}),
    )
    .unwrap();
    dispatch(
        &app,
        "set_invoice_profile",
        json!({"iban": "", "email": "admin@mitienda.es", "phone": "", "invoice_footer": "",
               "logo_base64": ""}),
    )
    .unwrap();
    let mut ids = BTreeMap::new();
    ids.insert(
        "costa",
        (
            "customer",
            customer(
                &app,
                "Hostelería Costa Brava SL",
                "pedidos@costabrava-hosteleria.es",
                &[],
            ),
        ),
    );
    ids.insert(
        "alameda",
        (
            "customer",
            customer(&app, "Librería Alameda", "libreria.alameda@gmail.com", &[]),
        ),
    );
    ids.insert(
        "northwind",
        (
            "customer",
            customer(
                &app,
                "Northwind Traders Ltd",
                "",
                &["purchasing@northwind.co.uk"],
            ),
        ),
    );
    ids.insert(
        "papelera",
        (
            "supplier",
            supplier(&app, "Papelera del Norte SA", "facturas@papeleranorte.es"),
        ),
    );
    ids.insert(
        "molino",
        (
            "supplier",
            supplier(
                &app,
                "Café Molino Tostadores SL",
                "administracion@cafemolino.es",
            ),
        ),
    );
    ids.insert(
        "iberia",
        (
            "supplier",
            supplier(&app, "Iberia Logística SL", "info@iberialogistica.es"),
        ),
    );
    ids.insert(
        "acme",
        (
            "supplier",
            supplier(
                &app,
                "Acme Office Supplies Ltd",
                "billing@acme-office.co.uk",
            ),
        ),
    );
    let emp = dispatch(
        &app,
        "save_employee",
        json!({"employee": {
            "nif": "50123456Q", "name": "Lucía Martín", "ss_number": "281234567840",
            "birth_date": "1985-04-12", "address": "", "iban": null,
            "email": "lucia.martin@mitienda.es", "phone": null, "contract_type": "indefinido",
            "start_date": "2024-02-01", "end_date": null, "part_time_pct": "100",
            "job_title": "Dependienta", "category": "", "cotization_group": 7, "agreement": "",
            "base_salary": "1650.00", "complement": "0", "allowance": "0", "in_kind": "0",
            "payments": 14, "prorate_extras": false, "vacation_days": 30, "notes": "",
            "irpf_pct": "11"}}),
    )
    .unwrap()["id"]
        .as_i64()
        .unwrap();
    ids.insert("lucia", ("employee", emp));
    Demo {
        _dir: dir,
        app,
        path: info["path"].as_str().unwrap().to_string(),
        ids,
    }
}

fn all_in(app: &App, pile: &str) -> Vec<Value> {
    let page = dispatch(app, "triage_list", json!({"pile": pile})).unwrap();
    page["rows"].as_array().unwrap().clone()
}

/// Every imported message by subject: (pile, party key or "", direction, documents).
fn by_subject(d: &Demo) -> BTreeMap<String, (String, String, String, i64)> {
    let mut out = BTreeMap::new();
    for pile in ["billing", "payments", "complaint", "order", "other"] {
        for r in all_in(&d.app, pile) {
            let party = match (r["party_kind"].as_str(), r["party_id"].as_i64()) {
                (Some(k), Some(id)) => d
                    .ids
                    .iter()
                    .find(|(_, (kk, ii))| *kk == k && *ii == id)
                    .map(|(name, _)| name.to_string())
                    .unwrap(),
                _ => String::new(),
            };
            out.insert(
                r["subject"].as_str().unwrap().to_string(),
                (
                    pile.to_string(),
                    party,
                    r["direction"].as_str().unwrap().to_string(),
                    r["documents"].as_i64().unwrap(),
                ),
            );
        }
    }
    out
}

#[test]
fn the_fixture_mailbox_lands_in_its_piles() {
    let d = demo();
    let r = dispatch(
        &d.app,
        "mail_import_path",
        json!({"path": fixture("triage.mbox").display().to_string()}),
    )
    .unwrap();
    assert_eq!(r["messages"], 24);
    assert_eq!(r["imported"], 24);
    assert_eq!(r["skipped_duplicates"], 0);
    assert_eq!(r["problems"], json!([]));
    // PDFs on 1-5, 14, 24; the photo on 9; the XML on 21.
    assert_eq!(r["attachments"], 9);
    // The bank, the consumer, the restaurant, the newsletter, the adviser, Pedro.
    assert_eq!(r["unmatched"], 6);

    let expected: BTreeMap<String, (String, String, String, i64)> = [
        ("Factura F-2026-031", "billing", "papelera", "in", 1),
        (
            "Envío de factura 2026/118 - Café Molino",
            "billing",
            "molino",
            "in",
            1,
        ),
        (
            "Invoice INV-20931 from Acme Office Supplies",
            "billing",
            "acme",
            "in",
            1,
        ),
        (
            "Factura rectificativa (abono) R-2026-004",
            "billing",
            "papelera",
            "in",
            1,
        ),
        (
            "Justificante de transferencia - factura 2026-0042",
            "payments",
            "costa",
            "in",
            1,
        ),
        (
            "Remittance advice - payment run 14 March",
            "payments",
            "northwind",
            "in",
            0,
        ),
        ("Pago pendiente", "payments", "alameda", "in", 0),
        (
            "Aviso de vencimiento de recibo domiciliado",
            "payments",
            "",
            "in",
            0,
        ),
        (
            "Reclamación pedido 2026-0077: cajas rotas",
            "complaint",
            "costa",
            "in",
            1,
        ),
        (
            "Complaint: damaged goods on delivery DN-5521",
            "complaint",
            "northwind",
            "in",
            0,
        ),
        (
            "Producto defectuoso - solicito garantía",
            "complaint",
            "",
            "in",
            0,
        ),
        ("Nuevo pedido semana 12", "order", "costa", "in", 0),
        ("Purchase order PO-7781", "order", "northwind", "in", 0),
        ("Albarán de entrega 55012", "order", "iberia", "in", 1),
        (
            "Solicitud de presupuesto para 200 tazas",
            "order",
            "",
            "in",
            0,
        ),
        (
            "Ofertas de primavera: haz tu pedido con un 20% de descuento",
            "other",
            "",
            "in",
            0,
        ),
        (
            "Acme Monthly: new products for your order list",
            "other",
            "acme",
            "in",
            0,
        ),
        ("Vacaciones de agosto", "other", "lucia", "in", 0),
        (
            "Documentación modelo 303 primer trimestre",
            "other",
            "",
            "in",
            0,
        ),
        (
            "RE: Reclamación pedido 2026-0077: cajas rotas",
            "complaint",
            "costa",
            "out",
            0,
        ),
        (
            "Documento electrónico F2026-119",
            "billing",
            "molino",
            "in",
            1,
        ),
        ("Seguimiento de envío 55013", "order", "iberia", "in", 0),
        ("Consulta horario", "other", "", "in", 0),
        ("Credit note CN-311", "billing", "acme", "in", 1),
    ]
    .into_iter()
    .map(|(s, p, party, dir, docs)| {
        (
            s.to_string(),
            (p.to_string(), party.to_string(), dir.to_string(), docs),
        )
    })
    .collect();
    let got = by_subject(&d);
    for (s, e) in &expected {
        assert_eq!(got.get(s), Some(e), "{s}");
    }
    assert_eq!(got, expected);

    let piles = dispatch(&d.app, "triage_piles", json!({})).unwrap();
    assert_eq!(
        piles,
        json!([{"pile": "billing", "count": 6}, {"pile": "payments", "count": 4},
               {"pile": "complaint", "count": 4}, {"pile": "order", "count": 5},
               {"pile": "other", "count": 5}])
    );
    assert_eq!(r["piles"], piles);

    // Every entry is on its party's log; the customer's log has the outgoing reply too.
    let costa = d.ids["costa"].1;
    let log = dispatch(
        &d.app,
        "correspondence_list",
        json!({"party_kind": "customer", "party_id": costa}),
    )
    .unwrap();
    assert_eq!(log.as_array().unwrap().len(), 4);
    assert_eq!(
        log[0]["subject"],
        "RE: Reclamación pedido 2026-0077: cajas rotas"
    );
    assert_eq!(log[0]["channel"], "email");
    assert_eq!(log[0]["party_name"], "Hostelería Costa Brava SL");

    // Re-importing adds nothing.
    let again = dispatch(
        &d.app,
        "mail_import_path",
        json!({"path": fixture("triage.mbox").display().to_string()}),
    )
    .unwrap();
    assert_eq!(
        (
            &again["imported"],
            &again["skipped_duplicates"],
            &again["attachments"]
        ),
        (&json!(0), &json!(24), &json!(0))
    );
    // (mail_import_progress is one per process, shared by the tests running at once here;
    // e2e-mail checks it after an import.)

    // The attachments in the archive, read back from the company file.
    dispatch(&d.app, "close_company", json!({})).unwrap();
    let c = trastienda_store::Company::open(std::path::Path::new(&d.path), Utc::now()).unwrap();
    let papelera = c.record_documents("supplier", d.ids["papelera"].1).unwrap();
    assert_eq!(papelera.len(), 2);
    for doc in &papelera {
        assert_eq!(doc.source, "mail");
        assert_eq!(doc.category, "facturas_recibidas");
        assert!(doc.links.iter().any(|l| l.kind == "correspondence"));
        assert!(c.document_content(doc.id).unwrap().starts_with(b"%PDF-1.4"));
    }
    let f031 = papelera
        .iter()
        .find(|x| x.file_name == "F-2026-031.pdf")
        .unwrap();
    let entry = f031
        .links
        .iter()
        .find(|l| l.kind == "correspondence")
        .unwrap();
    assert_eq!(
        c.correspondence(entry.id).unwrap().subject,
        "Factura F-2026-031"
    );
    // The XML Facturae is a received invoice too; a customer's receipt and a photo are
    // correspondence.
    let molino = c.record_documents("supplier", d.ids["molino"].1).unwrap();
    let mut names: Vec<(&str, &str)> = molino
        .iter()
        .map(|x| (x.file_name.as_str(), x.category.as_str()))
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            ("F2026-119.xml", "facturas_recibidas"),
            ("fra-2026-118.pdf", "facturas_recibidas")
        ]
    );
    let costa_docs = c.record_documents("customer", costa).unwrap();
    let mut names: Vec<(&str, &str)> = costa_docs
        .iter()
        .map(|x| (x.file_name.as_str(), x.category.as_str()))
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            ("foto-cajas.jpg", "correspondencia"),
            ("justificante.pdf", "correspondencia")
        ]
    );
}

#[test]
fn a_malformed_mailbox_names_the_bad_message_and_imports_the_rest() {
    let d = demo();
    let r = dispatch(
        &d.app,
        "mail_import_path",
        json!({"path": fixture("malformed.mbox").display().to_string()}),
    )
    .unwrap();
    assert_eq!(r["messages"], 5);
    assert_eq!(r["imported"], 4);
    let problems = r["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["position"], 3);
    assert!(
        problems[0]["message"].as_str().unwrap().contains("sender"),
        "{}",
        problems[0]["message"]
    );
    let got = by_subject(&d);
    let piles: Vec<(&str, &str)> = got
        .iter()
        .map(|(s, v)| (s.as_str(), v.0.as_str()))
        .collect();
    assert_eq!(
        piles,
        vec![
            ("Factura 2026/120", "billing"),
            ("Pago realizado", "payments"),
            ("Purchase order PO-7790", "order"),
            ("Queja por el trato recibido", "complaint"),
        ]
    );
}

#[test]
fn eml_files_uploads_and_bad_files() {
    let d = demo();
    let r = dispatch(
        &d.app,
        "mail_import_path",
        json!({"path": fixture("factura-proveedor.eml").display().to_string()}),
    )
    .unwrap();
    assert_eq!(
        (&r["messages"], &r["imported"], &r["attachments"]),
        (&json!(1), &json!(1), &json!(1))
    );
    let bytes = std::fs::read(fixture("pedido-cliente.eml")).unwrap();
    let r = dispatch(
        &d.app,
        "mail_import_upload",
        json!({"file_name": "pedido-cliente.eml",
               "content_base64": base64::engine::general_purpose::STANDARD.encode(&bytes)}),
    )
    .unwrap();
    assert_eq!((&r["imported"], &r["unmatched"]), (&json!(1), &json!(0)));
    let got = by_subject(&d);
    assert_eq!(got["Factura F-2026-045"].0, "billing");
    assert_eq!(got["Factura F-2026-045"].1, "papelera");
    assert_eq!(got["Pedido urgente para el fin de semana"].0, "order");
    // The whole mailbox uploaded (the UI's way) gives the same piles.
    let mbox = std::fs::read(fixture("triage.mbox")).unwrap();
    let r = dispatch(
        &d.app,
        "mail_import_upload",
        json!({"file_name": "triage.mbox",
               "content_base64": base64::engine::general_purpose::STANDARD.encode(&mbox)}),
    )
    .unwrap();
    assert_eq!(r["imported"], 24);

    // Bad files: named.
    let e = dispatch(
        &d.app,
        "mail_import_path",
        json!({"path": "/no/such/file.mbox"}),
    )
    .unwrap_err();
    assert_eq!(e.problems[0].field.as_deref(), Some("path"));
    let e = dispatch(&d.app, "mail_import_path", json!({"path": ""})).unwrap_err();
    assert_eq!(e.problems[0].field.as_deref(), Some("path"));
    let e = dispatch(
        &d.app,
        "mail_import_upload",
        json!({"file_name": "x.eml", "content_base64": "***"}),
    )
    .unwrap_err();
    assert_eq!(e.problems[0].field.as_deref(), Some("content_base64"));
    let e = dispatch(
        &d.app,
        "mail_import_upload",
        json!({"file_name": "x.eml", "content_base64": ""}),
    )
    .unwrap_err();
    assert_eq!(e.problems[0].field.as_deref(), Some("content_base64"));
    // One .eml that is not an e-mail: reported at position 1, nothing imported.
    let r = dispatch(
        &d.app,
        "mail_import_upload",
        json!({"file_name": "x.eml",
               "content_base64": base64::engine::general_purpose::STANDARD.encode(b"hello there")}),
    )
    .unwrap();
    assert_eq!(
        (&r["imported"], &r["problems"][0]["position"]),
        (&json!(0), &json!(1))
    );
}

#[test]
fn reclassify_with_a_rule_and_the_log_with_follow_ups() {
    let d = demo();
    dispatch(
        &d.app,
        "mail_import_path",
        json!({"path": fixture("triage.mbox").display().to_string()}),
    )
    .unwrap();
    let adviser = all_in(&d.app, "other")
        .into_iter()
        .find(|r| r["subject"] == "Documentación modelo 303 primer trimestre")
        .unwrap();
    let moved = dispatch(
        &d.app,
        "triage_reclassify",
        json!({"id": adviser["id"], "pile": "billing", "make_rule": "sender"}),
    )
    .unwrap();
    assert_eq!(moved["entry"]["pile"], "billing");
    assert_eq!(moved["rule"]["pattern"], "gestoria@asesoriafiscal.es");
    assert_eq!(moved["rule"]["field"], "sender");
    let rules = dispatch(&d.app, "mail_rules", json!({})).unwrap();
    assert_eq!(rules[0]["id"], moved["rule"]["id"]);
    let e = dispatch(
        &d.app,
        "triage_reclassify",
        json!({"id": adviser["id"], "pile": "billing", "make_rule": "body"}),
    )
    .unwrap_err();
    assert_eq!(e.problems[0].field.as_deref(), Some("make_rule"));
    // The adviser's next message follows the rule.
    let next = "From: Asesoría <gestoria@asesoriafiscal.es>\nTo: admin@mitienda.es\n\
                Date: Mon, 23 Mar 2026 10:00:00 +0100\nMessage-ID: <next@asesoria>\n\
                Subject: Recordatorio trimestre\n\nHola\n";
    let r = dispatch(
        &d.app,
        "mail_import_upload",
        json!({"file_name": "n.eml",
               "content_base64": base64::engine::general_purpose::STANDARD.encode(next)}),
    )
    .unwrap();
    assert_eq!(r["piles"][0], json!({"pile": "billing", "count": 1}));

    // A call with a follow-up on a customer's card, then done.
    let costa = d.ids["costa"].1;
    let e = dispatch(
        &d.app,
        "correspondence_save",
        json!({"party_kind": "customer", "party_id": costa, "channel": "call",
               "direction": "out", "date": "2026-03-20", "subject": "Llamar por la reposición",
               "notes": "", "follow_up": "2026-03-18"}),
    )
    .unwrap_err();
    assert_eq!(e.problems[0].field.as_deref(), Some("follow_up"));
    let e = dispatch(
        &d.app,
        "correspondence_save",
        json!({"party_id": costa, "channel": "call", "direction": "out", "date": "2026-03-32",
               "subject": "x"}),
    )
    .unwrap_err();
    let mut f: Vec<_> = e.problems.iter().filter_map(|p| p.field.clone()).collect();
    f.sort();
    assert_eq!(f, vec!["date", "party_kind"]);
    let saved = dispatch(
        &d.app,
        "correspondence_save",
        json!({"party_kind": "customer", "party_id": costa, "channel": "call",
               "direction": "out", "date": "2026-03-20", "subject": "Llamar por la reposición",
               "notes": "Confirmar que llegaron las cajas", "follow_up": "2026-03-24"}),
    )
    .unwrap();
    let due = dispatch(&d.app, "follow_ups_due", json!({})).unwrap();
    assert_eq!(
        (&due["as_of"], &due["within_days"]),
        (&json!("2026-03-20"), &json!(7))
    );
    assert_eq!(due["rows"][0]["entry"]["id"], saved["id"]);
    assert_eq!(due["rows"][0]["days_left"], 4);
    assert_eq!(
        due["rows"][0]["entry"]["party_name"],
        "Hostelería Costa Brava SL"
    );
    let none = dispatch(&d.app, "follow_ups_due", json!({"within_days": 3})).unwrap();
    assert_eq!(none["rows"], json!([]));
    dispatch(&d.app, "follow_up_done", json!({"id": saved["id"]})).unwrap();
    let due = dispatch(&d.app, "follow_ups_due", json!({})).unwrap();
    assert_eq!(due["rows"], json!([]));
    dispatch(&d.app, "correspondence_delete", json!({"id": saved["id"]})).unwrap();
}
