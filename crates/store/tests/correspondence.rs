//! The correspondence log, follow-ups, triage rules and e-mail import: party matching by exact
//! address, by a domain only one party has and never by a public domain; follow-ups due with
//! their boundaries; a reclassification that learns a rule classifying the next import; a
//! duplicate Message-ID skipped; bad input named by field; every change audited.

mod common;

use common::*;
use trastienda_core::{Money, ProblemCode};
use trastienda_store::{
    Company, ContactInput, CorrespondenceInput, CustomerInput, EmployeeInput, FileText,
    MailAttachment, MailMessage, MailRuleInput, PartyRef, RuleFrom, StoreError, SupplierInput,
    TextStatus,
};

fn customer(c: &mut Company, name: &str, email: &str, contacts: &[&str]) -> i64 {
    c.save_customer(
        None,
        &CustomerInput {
            legal_name: name.into(),
            email: Some(email.into()),
            contacts: contacts
                .iter()
                .map(|e| ContactInput {
                    name: format!("Contacto {e}"),
                    email: Some(e.to_string()),
                    ..ContactInput::default()
                })
                .collect(),
            ..CustomerInput::default()
        },
        now(),
    )
    .unwrap()
    .id
}

fn supplier(c: &mut Company, name: &str, email: &str) -> i64 {
    c.save_supplier(
        None,
        &SupplierInput {
            legal_name: name.into(),
            email: Some(email.into()),
            ..SupplierInput::default()
        },
        now(),
    )
    .unwrap()
    .id
}

fn employee(c: &mut Company, name: &str, email: &str) -> i64 {
    c.save_employee(
        None,
        &EmployeeInput {
            nif: "12345678Z".into(),
            name: name.into(),
            ss_number: "281234567840".into(),
            email: Some(email.into()),
            start_date: d(2024, 2, 1),
            cotization_group: 5,
            base_salary: Money::from_cents(185_000),
            ..EmployeeInput::default()
        },
        now(),
    )
    .unwrap()
    .id
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

fn entry(
    party: Option<(&str, i64)>,
    date: (i32, u32, u32),
    follow: Option<(i32, u32, u32)>,
) -> CorrespondenceInput {
    CorrespondenceInput {
        party: party.map(|(k, id)| PartyRef { kind: k.into(), id }),
        channel: "call".into(),
        direction: "out".into(),
        date: d(date.0, date.1, date.2),
        subject: "Llamada sobre el pedido".into(),
        notes: "Quedamos en volver a llamar".into(),
        follow_up: follow.map(|(y, m, dd)| d(y, m, dd)),
    }
}

fn mail(id: &str, from: &str, subject: &str, body: &str, att: Vec<MailAttachment>) -> MailMessage {
    MailMessage {
        message_id: id.into(),
        from_address: from.into(),
        from_name: String::new(),
        to_address: "admin@mitienda.es".into(),
        date: d(2026, 3, 10),
        subject: subject.into(),
        body: body.into(),
        attachments: att,
    }
}

fn no_text(_: &[u8], _: &str, _: &str) -> FileText {
    FileText {
        status: TextStatus::Pending,
        text: String::new(),
    }
}

fn audit_count(c: &Company) -> usize {
    c.audit_len().unwrap() as usize
}

#[test]
fn party_matching_exact_then_one_domain_never_public() {
    let mut f = fresh();
    let c = &mut f.company;
    let acme = customer(
        c,
        "Acme Distribuciones SL",
        "Pedidos@Acme.es",
        &["ana@acme-grupo.es"],
    );
    let sup = supplier(c, "Papelera del Norte SA", "facturas@papeleranorte.es");
    let sup2 = supplier(c, "Otra en Gmail", "proveedor.x@gmail.com");
    let emp = employee(c, "Lucía Martín", "lucia@mitienda.es");
    // Two parties share a domain: no domain match there.
    customer(c, "Hermanos Uno", "uno@hermanos.es", &[]);
    customer(c, "Hermanos Dos", "dos@hermanos.es", &[]);

    let m = c.match_party_by_email("pedidos@acme.es").unwrap().unwrap();
    assert_eq!((m.kind.as_str(), m.id, m.exact), ("customer", acme, true));
    let m = c
        .match_party_by_email("Ana <ANA@acme-grupo.es>")
        .unwrap()
        .unwrap();
    assert_eq!((m.kind.as_str(), m.id, m.exact), ("customer", acme, true));
    let m = c
        .match_party_by_email("administracion@papeleranorte.es")
        .unwrap()
        .unwrap();
    assert_eq!((m.kind.as_str(), m.id, m.exact), ("supplier", sup, false));
    assert_eq!(m.name, "Papelera del Norte SA");
    let m = c
        .match_party_by_email("lucia@mitienda.es")
        .unwrap()
        .unwrap();
    assert_eq!((m.kind.as_str(), m.id), ("employee", emp));
    // Employees are never matched by domain.
    assert_eq!(c.match_party_by_email("otra@mitienda.es").unwrap(), None);
    // A public domain: only the exact address.
    let m = c
        .match_party_by_email("proveedor.x@gmail.com")
        .unwrap()
        .unwrap();
    assert_eq!((m.kind.as_str(), m.id), ("supplier", sup2));
    assert_eq!(c.match_party_by_email("someone@gmail.com").unwrap(), None);
    // Two parties at one domain; an address without '@'.
    assert_eq!(c.match_party_by_email("tres@hermanos.es").unwrap(), None);
    assert!(c.match_party_by_email("uno@hermanos.es").unwrap().is_some());
    assert_eq!(c.match_party_by_email("nadie").unwrap(), None);
}

#[test]
fn log_and_follow_ups_due() {
    let mut f = fresh();
    let c = &mut f.company;
    let acme = customer(c, "Acme Distribuciones SL", "pedidos@acme.es", &[]);
    let before = audit_count(c);
    let a = c
        .save_correspondence(
            None,
            &entry(Some(("customer", acme)), (2026, 3, 1), Some((2026, 3, 10))),
            now(),
        )
        .unwrap();
    let b = c
        .save_correspondence(
            None,
            &entry(Some(("customer", acme)), (2026, 3, 5), Some((2026, 3, 20))),
            now(),
        )
        .unwrap();
    let _none = c
        .save_correspondence(None, &entry(None, (2026, 3, 6), None), now())
        .unwrap();
    assert_eq!(audit_count(c), before + 3);
    assert_eq!(a.party_name.as_deref(), Some("Acme Distribuciones SL"));
    let log = c.party_correspondence("customer", acme).unwrap();
    assert_eq!(
        log.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![b.id, a.id]
    );

    // As of the 10th: a is due today (0 days); b within 10 days (exactly the boundary).
    let due = c.follow_ups_due(d(2026, 3, 10), 0).unwrap();
    assert_eq!(
        due.iter()
            .map(|x| (x.entry.id, x.days_left))
            .collect::<Vec<_>>(),
        vec![(a.id, 0)]
    );
    let due = c.follow_ups_due(d(2026, 3, 10), 10).unwrap();
    assert_eq!(
        due.iter()
            .map(|x| (x.entry.id, x.days_left))
            .collect::<Vec<_>>(),
        vec![(a.id, 0), (b.id, 10)]
    );
    assert_eq!(c.follow_ups_due(d(2026, 3, 10), 9).unwrap().len(), 1);
    // Overdue: negative.
    let due = c.follow_ups_due(d(2026, 3, 12), 0).unwrap();
    assert_eq!(due[0].days_left, -2);
    assert_eq!(
        due[0].entry.party_name.as_deref(),
        Some("Acme Distribuciones SL")
    );

    let done = c.follow_up_done(a.id, now()).unwrap();
    assert!(done.follow_up_done);
    assert!(c.follow_ups_due(d(2026, 3, 12), 0).unwrap().is_empty());
    // Moving the follow-up reopens it.
    let moved = c
        .save_correspondence(
            Some(a.id),
            &entry(Some(("customer", acme)), (2026, 3, 1), Some((2026, 3, 11))),
            now(),
        )
        .unwrap();
    assert!(!moved.follow_up_done);
    c.delete_correspondence(b.id, now()).unwrap();
    assert_eq!(c.party_correspondence("customer", acme).unwrap().len(), 1);

    // Bad input, each named.
    let bad = CorrespondenceInput {
        channel: "fax".into(),
        direction: "sideways".into(),
        subject: "  ".into(),
        follow_up: Some(d(2026, 2, 1)),
        ..entry(None, (2026, 3, 1), None)
    };
    let mut got = fields(c.save_correspondence(None, &bad, now()));
    got.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(
        got,
        vec![
            ("channel".into(), ProblemCode::InvalidCode),
            ("direction".into(), ProblemCode::InvalidCode),
            ("follow_up".into(), ProblemCode::OutOfRange),
            ("subject".into(), ProblemCode::Required),
        ]
    );
    assert_eq!(
        fields(c.save_correspondence(
            None,
            &entry(Some(("supplier", 999)), (2026, 3, 1), None),
            now()
        )),
        vec![("party_id".into(), ProblemCode::NotFound)]
    );
    assert_eq!(
        fields(c.follow_ups_due(d(2026, 3, 1), -1)),
        vec![("within_days".into(), ProblemCode::OutOfRange)]
    );
}

#[test]
fn import_classifies_matches_archives_and_skips_duplicates() {
    let mut f = fresh();
    let c = &mut f.company;
    let sup = supplier(c, "Papelera del Norte SA", "facturas@papeleranorte.es");
    let pdf = MailAttachment {
        file_name: "F-2026-031.pdf".into(),
        media_type: "application/pdf".into(),
        data: b"%PDF-1.4 tiny".to_vec(),
    };
    let msgs = vec![
        Ok(mail(
            "<1@p>",
            "facturas@papeleranorte.es",
            "Factura F-2026-031",
            "Adjuntamos la factura.",
            vec![pdf.clone()],
        )),
        Err("the message has no headers".to_string()),
        Ok(mail(
            "<2@x>",
            "someone@gmail.com",
            "Hola",
            "Qué tal",
            vec![],
        )),
        Ok(mail(
            "<3@x>",
            "x@y.es",
            "",
            "",
            vec![MailAttachment {
                data: vec![],
                ..pdf.clone()
            }],
        )),
    ];
    let mut seen = Vec::new();
    let r = c
        .import_mail(msgs, no_text, |p| seen.push(p), now())
        .unwrap();
    assert_eq!(seen, vec![1, 2, 3, 4]);
    assert_eq!(
        (r.imported, r.skipped_duplicates, r.attachments, r.unmatched),
        (3, 0, 1, 2)
    );
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].position, 2);
    let first = c.correspondence(r.ids[0]).unwrap();
    assert_eq!(first.pile.as_deref(), Some("billing"));
    assert_eq!(
        first.party,
        Some(PartyRef {
            kind: "supplier".into(),
            id: sup
        })
    );
    assert_eq!(first.documents, 1);
    let docs = c.record_documents("supplier", sup).unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(
        (docs[0].source.as_str(), docs[0].category.as_str()),
        ("mail", "facturas_recibidas")
    );
    let third = c.correspondence(r.ids[2]).unwrap();
    assert_eq!(third.subject, "(sin asunto)");
    assert_eq!(third.pile.as_deref(), Some("other"));
    assert_eq!(third.rule_id, None);

    let again = vec![Ok(mail(
        "<1@p>",
        "facturas@papeleranorte.es",
        "Factura F-2026-031",
        "",
        vec![pdf],
    ))];
    let r2 = c.import_mail(again, no_text, |_| {}, now()).unwrap();
    assert_eq!(
        (r2.imported, r2.skipped_duplicates, r2.attachments),
        (0, 1, 0)
    );
}

#[test]
fn reclassify_learns_a_rule_that_files_the_next_import() {
    let mut f = fresh();
    let c = &mut f.company;
    let r = c
        .import_mail(
            vec![Ok(mail(
                "<a@1>",
                "avisos@electrica.es",
                "Aviso de corte 2026-03",
                "Su suministro",
                vec![],
            ))],
            no_text,
            |_| {},
            now(),
        )
        .unwrap();
    let id = r.ids[0];
    assert_eq!(c.correspondence(id).unwrap().pile.as_deref(), Some("other"));
    let counts = c.triage_counts().unwrap();
    assert_eq!(counts.iter().find(|x| x.0 == "other").unwrap().1, 1);

    let top = c.mail_rules().unwrap()[0].priority;
    let (moved, rule) = c
        .reclassify(id, "payments", Some(RuleFrom::Subject), now())
        .unwrap();
    let rule = rule.unwrap();
    assert_eq!(
        (
            rule.field.as_str(),
            rule.pattern.as_str(),
            rule.pile.as_str()
        ),
        ("subject", "aviso de corte", "payments")
    );
    assert!(rule.priority < top);
    assert_eq!(moved.pile.as_deref(), Some("payments"));
    assert_eq!(c.mail_rules().unwrap()[0].id, rule.id);

    // The next one (with accents, another month, a billing word) follows the learnt rule.
    let r = c
        .import_mail(
            vec![Ok(mail(
                "<a@2>",
                "avisos@electrica.es",
                "AVISO DE CORTE 2026-04 factura",
                "",
                vec![],
            ))],
            no_text,
            |_| {},
            now(),
        )
        .unwrap();
    let next = c.correspondence(r.ids[0]).unwrap();
    assert_eq!(
        (next.pile.as_deref(), next.rule_id),
        (Some("payments"), Some(rule.id))
    );
    // A rule from the sender.
    let (_, by_sender) = c
        .reclassify(next.id, "complaint", Some(RuleFrom::Sender), now())
        .unwrap();
    assert_eq!(by_sender.unwrap().pattern, "avisos@electrica.es");
    let page = c.triage_page("complaint", 0).unwrap();
    assert_eq!((page.total, page.rows[0].id), (1, next.id));

    // Rules CRUD and bad input.
    let made = c
        .save_mail_rule(
            None,
            &MailRuleInput {
                priority: 1,
                field: "body".into(),
                pattern: " Urgente ".into(),
                pile: "complaint".into(),
            },
            now(),
        )
        .unwrap();
    assert_eq!(made.pattern, "Urgente");
    let mut got = fields(c.save_mail_rule(
        Some(made.id),
        &MailRuleInput {
            priority: 1,
            field: "header".into(),
            pattern: "".into(),
            pile: "spam".into(),
        },
        now(),
    ));
    got.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(
        got,
        vec![
            ("field".into(), ProblemCode::InvalidCode),
            ("pattern".into(), ProblemCode::Required),
            ("pile".into(), ProblemCode::InvalidCode),
        ]
    );
    c.delete_mail_rule(made.id, now()).unwrap();
    assert!(c.mail_rules().unwrap().iter().all(|r| r.id != made.id));
    // A manual entry is not triaged.
    let manual = c
        .save_correspondence(None, &entry(None, (2026, 3, 1), None), now())
        .unwrap();
    assert_eq!(
        fields(c.reclassify(manual.id, "order", None, now())),
        vec![("id".into(), ProblemCode::InvalidCode)]
    );
    assert_eq!(
        fields(c.reclassify(id, "spam", None, now())),
        vec![("pile".into(), ProblemCode::InvalidCode)]
    );
}

#[test]
fn shipped_rules_file_common_messages() {
    let mut f = fresh();
    let c = &mut f.company;
    let cases = [
        ("Reclamación: pedido 55 llegó roto", "complaint"),
        ("Pago de la factura 12", "payments"),
        ("Invoice INV-889", "billing"),
        ("Nuevo pedido", "order"),
        ("Protocolo de visitas", "other"),
    ];
    let msgs: Vec<_> = cases
        .iter()
        .enumerate()
        .map(|(i, (s, _))| Ok(mail(&format!("<{i}@s>"), "x@y.es", s, "", vec![])))
        .collect();
    let r = c.import_mail(msgs, no_text, |_| {}, now()).unwrap();
    for (id, (s, pile)) in r.ids.iter().zip(cases) {
        assert_eq!(
            c.correspondence(*id).unwrap().pile.as_deref(),
            Some(pile),
            "{s}"
        );
    }
}

#[test]
fn the_search_finds_entries_by_subject_notes_and_address_and_forgets_deleted_ones() {
    use trastienda_store::SearchKind;
    let mut f = fresh();
    let c = &mut f.company;
    let acme = customer(c, "Acme Distribuciones SL", "pedidos@acme.es", &[]);
    let found = |c: &Company, q: &str| -> Vec<i64> {
        c.search(q, 10)
            .unwrap()
            .groups
            .into_iter()
            .filter(|g| g.kind == SearchKind::Correspondence)
            .flat_map(|g| g.hits.into_iter().map(|h| h.id))
            .collect()
    };
    let mut input = entry(Some(("customer", acme)), (2026, 3, 1), None);
    input.subject = "Reunión sobre la ampliación".into();
    input.notes = "Hablamos de la zarzamora y los plazos".into();
    let e = c.save_correspondence(None, &input, now()).unwrap();
    assert_eq!(found(c, "ampliacion"), vec![e.id]);
    assert_eq!(found(c, "zarzamora"), vec![e.id]);
    let r = c
        .import_mail(
            vec![Ok(mail("<s@1>", "ventas@membrillo.es", "Hola", "", vec![]))],
            no_text,
            |_| {},
            now(),
        )
        .unwrap();
    assert_eq!(found(c, "membrillo"), vec![r.ids[0]]);
    // Edited: the old words go, the new ones come; deleted: gone.
    input.notes = "Ahora hablamos de arándanos".into();
    c.save_correspondence(Some(e.id), &input, now()).unwrap();
    assert!(found(c, "zarzamora").is_empty());
    assert_eq!(found(c, "arandanos"), vec![e.id]);
    c.delete_correspondence(e.id, now()).unwrap();
    assert!(found(c, "arandanos").is_empty());
}
