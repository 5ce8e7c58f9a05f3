//! Supplier evaluations and contracts: scores and texts checked with their field names,
//! averages computed by hand, the due list's boundaries (exactly N days, past ends, the
//! auto-renewal roll-forward), every change one audit record, nothing written on error.

mod common;

use common::*;
use rust_decimal::Decimal;
use std::str::FromStr;
use trastienda_core::{Money, ProblemCode};
use trastienda_store::{
    roll_forward, Company, ContractAction, ContractInput, EvaluationInput, StoreError,
    SupplierInput,
};

fn supplier(c: &mut Company, name: &str) -> i64 {
    c.save_supplier(
        None,
        &SupplierInput {
            legal_name: name.into(),
            ..SupplierInput::default()
        },
        now(),
    )
    .unwrap()
    .id
}

fn ev(date: (i32, u32, u32), q: i64, d_: i64, p: i64, s: i64) -> EvaluationInput {
    EvaluationInput {
        date: d(date.0, date.1, date.2),
        quality: q,
        delivery: d_,
        price: p,
        service: s,
        comment: String::new(),
    }
}

fn contract(subject: &str, start: (i32, u32, u32), end: Option<(i32, u32, u32)>) -> ContractInput {
    ContractInput {
        subject: subject.into(),
        start_date: d(start.0, start.1, start.2),
        end_date: end.map(|(y, m, dd)| d(y, m, dd)),
        auto_renew: false,
        renewal_notice_days: 0,
        amount: None,
        notes: String::new(),
    }
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn fields<T: std::fmt::Debug>(r: Result<T, StoreError>) -> Vec<(String, ProblemCode)> {
    match r {
        Err(StoreError::Invalid(p)) => {
            let mut v: Vec<_> = p
                .into_iter()
                .map(|p| (p.field.unwrap_or_default(), p.code))
                .collect();
            v.sort();
            v
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn evaluations_are_checked_averaged_and_logged() {
    let mut f = fresh();
    let s = supplier(&mut f.company, "Papelería Sol SL");
    let other = supplier(&mut f.company, "Transportes Río SA");

    let summary = f.company.evaluation_summary(s).unwrap();
    assert_eq!(summary.count, 0);
    assert_eq!(summary.overall, None);
    assert_eq!(summary.quality, None);

    // Refusals name every field; nothing is written.
    let audit0 = f.company.audit_len().unwrap();
    let mut bad = ev((2026, 3, 1), 0, 6, 3, -1);
    bad.comment = "x".repeat(2001);
    assert_eq!(
        fields(f.company.add_evaluation(s, &bad, now())),
        vec![
            ("comment".to_string(), ProblemCode::OutOfRange),
            ("delivery".to_string(), ProblemCode::OutOfRange),
            ("quality".to_string(), ProblemCode::OutOfRange),
            ("service".to_string(), ProblemCode::OutOfRange),
        ]
    );
    assert!(matches!(
        f.company
            .add_evaluation(999, &ev((2026, 3, 1), 3, 3, 3, 3), now()),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(f.company.audit_len().unwrap(), audit0, "nothing written");
    assert!(f.company.evaluations(s).unwrap().is_empty());

    // Three evaluations. Quality 5,4,4 = 13/3 = 4.333 -> 4.33; delivery 3,3,4 = 10/3 -> 3.33;
    // price 2,5,5 = 12/3 = 4.00; service 4,4,5 = 13/3 -> 4.33. Overall (13+10+12+13)/12
    // = 48/12 = 4.00.
    let mut first = ev((2026, 1, 10), 5, 3, 2, 4);
    first.comment = "  Buen material, caro  ".into();
    let e1 = f.company.add_evaluation(s, &first, now()).unwrap();
    assert_eq!(e1.input.comment, "Buen material, caro");
    f.company
        .add_evaluation(s, &ev((2026, 2, 10), 4, 3, 5, 4), now())
        .unwrap();
    let e3 = f
        .company
        .add_evaluation(s, &ev((2026, 3, 10), 4, 4, 5, 5), now())
        .unwrap();
    f.company
        .add_evaluation(other, &ev((2026, 3, 10), 1, 1, 1, 2), now())
        .unwrap();
    assert_eq!(f.company.audit_len().unwrap(), audit0 + 4);

    let list = f.company.evaluations(s).unwrap();
    assert_eq!(
        list.iter().map(|e| e.input.date).collect::<Vec<_>>(),
        vec![d(2026, 3, 10), d(2026, 2, 10), d(2026, 1, 10)],
        "newest first"
    );
    let sum = f.company.evaluation_summary(s).unwrap();
    assert_eq!(sum.count, 3);
    assert_eq!(sum.quality, Some(dec("4.33")));
    assert_eq!(sum.delivery, Some(dec("3.33")));
    assert_eq!(sum.price, Some(dec("4.00")));
    assert_eq!(sum.service, Some(dec("4.33")));
    assert_eq!(sum.overall, Some(dec("4.00")));

    // The other supplier: (1+1+1+2)/4 = 1.25.
    let ratings = f.company.supplier_ratings().unwrap();
    assert_eq!(ratings.len(), 2);
    assert_eq!((ratings[0].supplier_id, ratings[0].count), (s, 3));
    assert_eq!(ratings[0].overall, dec("4.00"));
    assert_eq!(ratings[1].overall, dec("1.25"));

    // A mistaken evaluation is deleted, and the log keeps what it said. Now quality 5,4 = 4.5,
    // delivery 3,3 = 3, price 2,5 = 3.5, service 4,4 = 4; overall 30/8 = 3.75.
    f.company.delete_evaluation(e3.id, now()).unwrap();
    let sum = f.company.evaluation_summary(s).unwrap();
    assert_eq!(sum.count, 2);
    assert_eq!(sum.quality, Some(dec("4.5")));
    assert_eq!(sum.price, Some(dec("3.5")));
    assert_eq!(sum.overall, Some(dec("3.75")));
    // Halves round away from zero: the other supplier's (1,1,1,2) and (1,1,1,1) give
    // 9/8 = 1.125 -> 1.13, service (2+1)/2 = 1.5.
    f.company
        .add_evaluation(other, &ev((2026, 3, 11), 1, 1, 1, 1), now())
        .unwrap();
    let o = f.company.evaluation_summary(other).unwrap();
    assert_eq!((o.count, o.overall), (2, Some(dec("1.13"))));
    assert_eq!(o.service, Some(dec("1.5")));
    let log = f
        .company
        .audit_records(&format!("supplier_evaluation:{}", e3.id), 10)
        .unwrap();
    assert_eq!(log.len(), 2);
    let del = log.iter().find(|r| r.action == "delete").unwrap();
    assert!(
        del.before
            .as_deref()
            .unwrap()
            .contains("quality 4, delivery 4"),
        "{del:?}"
    );
    assert!(matches!(
        f.company.delete_evaluation(e3.id, now()),
        Err(StoreError::NotFound(_))
    ));
    assert!(f.company.verify().unwrap().is_empty());
}

#[test]
fn contracts_are_checked_saved_updated_and_deleted() {
    let mut f = fresh();
    let s = supplier(&mut f.company, "Limpiezas Brillo SL");
    let other = supplier(&mut f.company, "Otro SL");
    let audit0 = f.company.audit_len().unwrap();

    let mut bad = contract("   ", (2026, 6, 1), Some((2026, 5, 31)));
    bad.renewal_notice_days = 3651;
    bad.amount = Some(Money::from_cents(-1));
    bad.notes = "n".repeat(2001);
    assert_eq!(
        fields(f.company.save_contract(s, None, &bad, now())),
        vec![
            ("amount".to_string(), ProblemCode::NegativeAmount),
            ("end_date".to_string(), ProblemCode::OutOfRange),
            ("notes".to_string(), ProblemCode::OutOfRange),
            ("renewal_notice_days".to_string(), ProblemCode::OutOfRange),
            ("subject".to_string(), ProblemCode::Required),
        ]
    );
    let mut neg = contract("Limpieza", (2026, 1, 1), None);
    neg.renewal_notice_days = -1;
    assert_eq!(
        fields(f.company.save_contract(s, None, &neg, now())),
        vec![("renewal_notice_days".to_string(), ProblemCode::OutOfRange)]
    );
    assert!(matches!(
        f.company
            .save_contract(999, None, &contract("X", (2026, 1, 1), None), now()),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(f.company.audit_len().unwrap(), audit0, "nothing written");

    // Same start and end day is allowed; so is an amount of zero.
    let mut one_day = contract(" Limpieza oficina ", (2026, 1, 1), Some((2026, 1, 1)));
    one_day.amount = Some(Money::ZERO);
    let c = f.company.save_contract(s, None, &one_day, now()).unwrap();
    assert_eq!(c.input.subject, "Limpieza oficina");
    assert_eq!(c.input.amount, Some(Money::ZERO));

    let mut edit = c.input.clone();
    edit.end_date = Some(d(2026, 12, 31));
    edit.auto_renew = true;
    edit.renewal_notice_days = 30;
    edit.amount = Some(Money::from_cents(120_000));
    let c2 = f
        .company
        .save_contract(s, Some(c.id), &edit, now())
        .unwrap();
    assert_eq!(c2.id, c.id);
    assert_eq!(c2.input, edit);
    // Saving it unchanged writes nothing.
    let n = f.company.audit_len().unwrap();
    f.company
        .save_contract(s, Some(c.id), &edit, now())
        .unwrap();
    assert_eq!(f.company.audit_len().unwrap(), n);
    // Another supplier's id does not reach it.
    assert!(matches!(
        f.company.save_contract(other, Some(c.id), &edit, now()),
        Err(StoreError::NotFound(_))
    ));

    f.company
        .save_contract(
            s,
            None,
            &contract("Mantenimiento", (2025, 1, 1), None),
            now(),
        )
        .unwrap();
    let list = f.company.contracts(s).unwrap();
    assert_eq!(
        list.iter()
            .map(|c| c.input.subject.as_str())
            .collect::<Vec<_>>(),
        vec!["Limpieza oficina", "Mantenimiento"],
        "open-ended last"
    );
    assert!(f.company.contracts(other).unwrap().is_empty());

    f.company.delete_contract(c.id, now()).unwrap();
    assert_eq!(f.company.contracts(s).unwrap().len(), 1);
    let log = f
        .company
        .audit_records(&format!("supplier_contract:{}", c.id), 10)
        .unwrap();
    let mut actions: Vec<_> = log.iter().map(|r| r.action.as_str()).collect();
    actions.sort();
    assert_eq!(actions, vec!["create", "delete", "update"]);
    assert!(matches!(
        f.company.delete_contract(c.id, now()),
        Err(StoreError::NotFound(_))
    ));
    assert!(f.company.verify().unwrap().is_empty());
}

#[test]
fn the_due_list_keeps_its_boundaries() {
    let mut f = fresh();
    let s = supplier(&mut f.company, "Alquileres Norte SL");
    let as_of = d(2026, 6, 1);
    let mut save = |c: ContractInput| f.company.save_contract(s, None, &c, now()).unwrap().id;

    // Ends exactly 30 days after as_of: due within 30, not within 29.
    let exact = save(contract("Exacto", (2026, 1, 1), Some((2026, 7, 1))));
    // Ends today: due, 0 days left.
    let today = save(contract("Hoy", (2026, 1, 1), Some((2026, 6, 1))));
    // Ended yesterday, no auto-renewal: over, never listed.
    save(contract("Terminado", (2026, 1, 1), Some((2026, 5, 31))));
    // Open-ended: never listed.
    save(contract("Indefinido", (2026, 1, 1), None));
    // Auto-renewing, ends 2026-08-31 with 60 days' notice: the notice deadline is 2026-07-02
    // (31 days ahead).
    let mut notice = contract("Aviso", (2025, 9, 1), Some((2026, 8, 31)));
    notice.auto_renew = true;
    notice.renewal_notice_days = 60;
    let notice = save(notice);
    // Auto-renewing, ends 2026-06-20 with 30 days' notice: the deadline 2026-05-21 is past
    // but the term has not ended: overdue, -11 days.
    let mut overdue = contract("Vencido", (2025, 6, 21), Some((2026, 6, 20)));
    overdue.auto_renew = true;
    overdue.renewal_notice_days = 30;
    let overdue = save(overdue);
    // Auto-renewing, ended 2024-06-15: it renewed itself twice, the term ends 2026-06-15,
    // the 10 days' notice deadline is 2026-06-05 (4 days ahead).
    let mut rolled = contract("Renovado", (2023, 6, 16), Some((2024, 6, 15)));
    rolled.auto_renew = true;
    rolled.renewal_notice_days = 10;
    let rolled = save(rolled);

    let due = f.company.contracts_due(as_of, 30).unwrap();
    let got: Vec<_> = due
        .iter()
        .map(|x| (x.contract.id, x.action, x.action_date, x.days_left))
        .collect();
    assert_eq!(
        got,
        vec![
            (overdue, ContractAction::NoticeDeadline, d(2026, 5, 21), -11),
            (today, ContractAction::Ends, d(2026, 6, 1), 0),
            (rolled, ContractAction::NoticeDeadline, d(2026, 6, 5), 4),
            (exact, ContractAction::Ends, d(2026, 7, 1), 30),
        ]
    );
    let r = due.iter().find(|x| x.contract.id == rolled).unwrap();
    assert_eq!((r.term_end, r.rolled), (d(2026, 6, 15), true));
    assert_eq!(r.supplier_name, "Alquileres Norte SL");
    let o = due.iter().find(|x| x.contract.id == overdue).unwrap();
    assert_eq!((o.term_end, o.rolled), (d(2026, 6, 20), false));

    let ids = |n: i64| -> Vec<i64> {
        f.company
            .contracts_due(as_of, n)
            .unwrap()
            .iter()
            .map(|x| x.contract.id)
            .collect()
    };
    assert!(!ids(29).contains(&exact));
    assert!(ids(31).contains(&notice));
    assert!(!ids(30).contains(&notice));
    assert_eq!(ids(0), vec![overdue, today]);

    // The next day the rolled contract's deadline has passed; once its term ends
    // (2026-06-16) it rolls to 2027-06-15 and its deadline 2027-06-05 is far away.
    let later = f.company.contracts_due(d(2026, 6, 16), 30).unwrap();
    assert!(!later.iter().any(|x| x.contract.id == rolled));
    let next_year = f.company.contracts_due(d(2026, 6, 16), 365).unwrap();
    let r = next_year.iter().find(|x| x.contract.id == rolled).unwrap();
    assert_eq!((r.term_end, r.action_date), (d(2027, 6, 15), d(2027, 6, 5)));

    assert!(matches!(
        f.company.contracts_due(as_of, -1),
        Err(StoreError::Invalid(p)) if p[0].field.as_deref() == Some("within_days")
    ));
}

#[test]
fn rolling_forward_counts_whole_years_from_the_original_end() {
    // Not past: unchanged.
    assert_eq!(
        roll_forward(d(2026, 6, 1), d(2026, 6, 1)),
        (d(2026, 6, 1), false)
    );
    assert_eq!(
        roll_forward(d(2026, 5, 31), d(2026, 6, 1)),
        (d(2027, 5, 31), true)
    );
    // Years later, as_of early in its year: the first end on or after it.
    assert_eq!(
        roll_forward(d(2020, 12, 31), d(2026, 1, 2)),
        (d(2026, 12, 31), true)
    );
    assert_eq!(
        roll_forward(d(2020, 1, 5), d(2026, 1, 2)),
        (d(2026, 1, 5), true)
    );
    // 29 February: the 28th in common years, the 29th again in a leap year.
    assert_eq!(
        roll_forward(d(2024, 2, 29), d(2025, 1, 1)),
        (d(2025, 2, 28), true)
    );
    assert_eq!(
        roll_forward(d(2024, 2, 29), d(2028, 2, 29)),
        (d(2028, 2, 29), true)
    );
}
