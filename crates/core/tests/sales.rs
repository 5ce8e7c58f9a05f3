//! Hand-computed sales invoices: mixed rates, recargo de equivalencia, IRPF, exemptions,
//! reverse charge, tickets with VAT-included prices, credit notes; their journal entries and
//! register records. Every expected figure is worked out in the comments.

use chrono::{DateTime, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use trastienda_core::invoice::{
    compute_totals, invoice_entry, payment_entry, AppliedTax, CorrectionMethod, CorrectionReason,
    CreditNoteHeader, ExemptionCause, InvoiceKind, Legend, LineTax, Recipient, SalesAccounts,
    VatRules, Withholding,
};
use trastienda_core::verifactu::{Alta, InvoiceType, Record};
use trastienda_core::{
    AccountCode, BalancedEntry, EntryDraft, Invoice, InvoiceDraft, InvoiceLine, InvoiceRules,
    Language, Money, ProblemCode, TaxTreatment,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}
fn eur(s: &str) -> Money {
    Money::parse(s).unwrap()
}
fn acc(s: &str) -> AccountCode {
    AccountCode::parse(s).unwrap()
}
fn vat(rate: Decimal) -> LineTax {
    LineTax::Vat(rate)
}
fn line(desc: &str, qty: Decimal, price: &str, tax: LineTax) -> InvoiceLine {
    InvoiceLine::new(desc, qty, eur(price), tax)
}
fn spanish_customer() -> Recipient {
    Recipient {
        name: "Papelería Ruiz SL".into(),
        country: "ES".into(),
        tax_id: "B12345674".into(),
    }
}
fn full(treatment: TaxTreatment, lines: Vec<InvoiceLine>) -> InvoiceDraft {
    InvoiceDraft {
        kind: InvoiceKind::Full,
        issue_date: d(2027, 3, 15),
        recipient: spanish_customer(),
        treatment,
        prices_include_vat: false,
        withholding: None,
        lines,
    }
}

/// The entry's lines as (account, debit, credit) strings.
fn postings(e: &EntryDraft) -> Vec<(String, String, String)> {
    e.lines
        .iter()
        .map(|l| {
            (
                l.account.to_string(),
                l.debit.to_string(),
                l.credit.to_string(),
            )
        })
        .collect()
}
fn p(a: &str, debit: &str, credit: &str) -> (String, String, String) {
    (a.into(), debit.into(), credit.into())
}

/// A professional's invoice: two rates plus a reduced and a super-reduced line, an exempt
/// line, discounts, and 15 % IRPF on the services only.
fn professional_invoice() -> Invoice {
    let mut draft = full(
        TaxTreatment::Domestic,
        vec![
            // 10 × 65.00 = 650.00
            line("Consultoría", dec!(10), "65.00", vat(dec!(21))).with_income_account(acc("705")),
            // 3.5 × 120.00 × 0.90 = 378.00
            line("Formación", dec!(3.5), "120.00", vat(dec!(21)))
                .with_discount(dec!(10))
                .with_income_account(acc("705")),
            // 4 × 19.95 = 79.80, not subject to withholding
            line("Libros", dec!(4), "19.95", vat(dec!(4))).without_withholding(),
            // 2.125 × 13.33 × 0.95 = 26.9099375 -> 26.91, not subject to withholding
            line("Material", dec!(2.125), "13.33", vat(dec!(10)))
                .with_discount(dec!(5))
                .without_withholding(),
            // 200.00 exempt (art. 20 LIVA)
            line(
                "Curso de formación reglada",
                dec!(1),
                "200.00",
                LineTax::Exempt(ExemptionCause::E1),
            )
            .with_income_account(acc("705")),
        ],
    );
    draft.withholding = Some(Withholding::Professional);
    Invoice::new(draft, &InvoiceRules::spain()).unwrap()
}

#[test]
fn mixed_rates_exempt_line_and_irpf() {
    let inv = professional_invoice();
    let t = inv.totals();
    assert_eq!(
        t.line_bases,
        vec![
            eur("650.00"),
            eur("378.00"),
            eur("79.80"),
            eur("26.91"),
            eur("200.00")
        ]
    );
    // 21 %: 650.00 + 378.00 = 1028.00, VAT 1028.00 × 0.21 = 215.88
    // 10 %: 26.91, VAT 2.691 -> 2.69
    //  4 %: 79.80, VAT 3.192 -> 3.19
    // E1: 200.00, no VAT
    let rows: Vec<_> = t
        .by_rate
        .iter()
        .map(|r| (r.tax, r.base, r.vat, r.recargo))
        .collect();
    let v = |rate| AppliedTax::Vat {
        rate,
        recargo: Decimal::ZERO,
    };
    assert_eq!(
        rows,
        vec![
            (v(dec!(21)), eur("1028.00"), eur("215.88"), Money::ZERO),
            (v(dec!(10)), eur("26.91"), eur("2.69"), Money::ZERO),
            (v(dec!(4)), eur("79.80"), eur("3.19"), Money::ZERO),
            (
                AppliedTax::Exempt(ExemptionCause::E1),
                eur("200.00"),
                Money::ZERO,
                Money::ZERO
            ),
        ]
    );
    // Bases 1028.00 + 26.91 + 79.80 + 200.00 = 1334.71; VAT 215.88 + 2.69 + 3.19 = 221.76.
    assert_eq!(t.base, eur("1334.71"));
    assert_eq!(t.vat, eur("221.76"));
    assert_eq!(t.recargo, Money::ZERO);
    // Withholding on 650.00 + 378.00 + 200.00 = 1228.00 × 15 % = 184.20.
    assert_eq!(t.withholding_base, eur("1228.00"));
    assert_eq!(t.withholding, eur("184.20"));
    // 1334.71 + 221.76 − 184.20 = 1372.27; before withholding 1556.47.
    assert_eq!(t.total, eur("1372.27"));
    assert_eq!(t.gross(), eur("1556.47"));
    assert_eq!(t.tax(), eur("221.76"));
    assert_eq!(inv.legends(), vec![Legend::Exempt(ExemptionCause::E1)]);
    assert_eq!(inv.invoice_type(), InvoiceType::F1);

    let entry = invoice_entry(&inv, "2027-0001", &SalesAccounts::pgc_pymes()).unwrap();
    assert_eq!(
        postings(&entry),
        vec![
            p("430", "1372.27", "0.00"),
            p("473", "184.20", "0.00"),
            // 650.00 + 378.00 + 200.00
            p("705", "0.00", "1228.00"),
            // 79.80 + 26.91
            p("700", "0.00", "106.71"),
            p("4770021", "0.00", "215.88"),
            p("4770010", "0.00", "2.69"),
            p("4770004", "0.00", "3.19"),
        ]
    );
    assert_eq!(entry.date, d(2027, 3, 15));
    assert_eq!(entry.description, "Factura 2027-0001 · Papelería Ruiz SL");
    assert_eq!(BalancedEntry::new(entry).unwrap().total(), eur("1556.47"));
}

#[test]
fn recargo_de_equivalencia_per_rate() {
    let inv = Invoice::new(
        full(
            TaxTreatment::RecargoEquivalencia,
            vec![
                // 12 × 8.45 = 101.40
                line("Cuadernos", dec!(12), "8.45", vat(dec!(21))),
                // 30 × 2.10 × 0.975 = 61.425 -> 61.43
                line("Café", dec!(30), "2.10", vat(dec!(10))).with_discount(dec!(2.5)),
                // 7 × 3.99 = 27.93
                line("Pan", dec!(7), "3.99", vat(dec!(4))),
            ],
        ),
        &InvoiceRules::spain(),
    )
    .unwrap();
    let t = inv.totals();
    // 21 %: VAT 101.40 × 0.21 = 21.294 -> 21.29; RE 101.40 × 0.052 = 5.2728 -> 5.27
    // 10 %: VAT 61.43 × 0.10 = 6.143 -> 6.14;    RE 61.43 × 0.014 = 0.86002 -> 0.86
    //  4 %: VAT 27.93 × 0.04 = 1.1172 -> 1.12;   RE 27.93 × 0.005 = 0.13965 -> 0.14
    let rows: Vec<_> = t
        .by_rate
        .iter()
        .map(|r| {
            (
                r.tax.vat_rate(),
                r.tax.recargo_rate(),
                r.base,
                r.vat,
                r.recargo,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                dec!(21),
                dec!(5.2),
                eur("101.40"),
                eur("21.29"),
                eur("5.27")
            ),
            (dec!(10), dec!(1.4), eur("61.43"), eur("6.14"), eur("0.86")),
            (dec!(4), dec!(0.5), eur("27.93"), eur("1.12"), eur("0.14")),
        ]
    );
    // 190.76 + 28.55 + 6.27 = 225.58
    assert_eq!(
        (t.base, t.vat, t.recargo, t.total),
        (eur("190.76"), eur("28.55"), eur("6.27"), eur("225.58"))
    );
    assert_eq!(t.tax(), eur("34.82"));
    assert!(inv.legends().is_empty());

    let accounts = SalesAccounts::pgc_pymes().for_customer(acc("4300007"));
    let entry = invoice_entry(&inv, "2027-0002", &accounts).unwrap();
    assert_eq!(
        postings(&entry),
        vec![
            p("4300007", "225.58", "0.00"),
            p("700", "0.00", "190.76"),
            p("4770021", "0.00", "21.29"),
            p("4770021", "0.00", "5.27"),
            p("4770010", "0.00", "6.14"),
            p("4770010", "0.00", "0.86"),
            p("4770004", "0.00", "1.12"),
            p("4770004", "0.00", "0.14"),
        ]
    );
    assert_eq!(
        entry.lines[3].description,
        "Recargo de equivalencia 5,2 % Factura 2027-0002"
    );
    // A chart with its own recargo subaccount gets it.
    let mut own = SalesAccounts::pgc_pymes();
    own.recargo = vec![(dec!(5.2), acc("4771052"))];
    let entry = invoice_entry(&inv, "2027-0002", &own).unwrap();
    assert_eq!(entry.lines[3].account, acc("4771052"));
    assert!(BalancedEntry::new(entry).is_ok());
}

#[test]
fn intra_eu_reverse_charge_charges_no_vat_and_says_so() {
    let mut draft = full(
        TaxTreatment::IntraEuReverseCharge,
        // 40 × 55.00 = 2200.00, 21 % in the catalogue but not charged
        vec![
            line("Desarrollo de software", dec!(40), "55.00", vat(dec!(21)))
                .with_income_account(acc("705")),
        ],
    );
    draft.recipient = Recipient {
        name: "Logiciel SARL".into(),
        country: "FR".into(),
        tax_id: "FR40303265045".into(),
    };
    let inv = Invoice::new(draft.clone(), &InvoiceRules::spain()).unwrap();
    let t = inv.totals();
    assert_eq!(
        (t.base, t.vat, t.total),
        (eur("2200.00"), Money::ZERO, eur("2200.00"))
    );
    assert_eq!(t.by_rate[0].tax, AppliedTax::ReverseCharge);
    assert_eq!(inv.legends(), vec![Legend::ReverseCharge]);
    assert_eq!(
        inv.legends()[0].text(Language::Es),
        "Inversión del sujeto pasivo"
    );
    let entry = invoice_entry(&inv, "2027-0003", &SalesAccounts::pgc_pymes()).unwrap();
    assert_eq!(
        postings(&entry),
        vec![p("430", "2200.00", "0.00"), p("705", "0.00", "2200.00")]
    );

    // A Spanish VAT number, or none at all, is refused with the field named.
    for id in ["ESB12345674", "FR4030326504", ""] {
        draft.recipient.tax_id = id.into();
        let err = Invoice::new(draft.clone(), &InvoiceRules::spain()).unwrap_err();
        assert_eq!(err.len(), 1, "{id}: {err:?}");
        assert_eq!(err[0].code, ProblemCode::InvalidTaxId, "{id}");
        assert_eq!(err[0].field.as_deref(), Some("recipient_tax_id"));
    }
}

#[test]
fn export_and_exempt_customers_override_the_line_rates() {
    let mut draft = full(
        TaxTreatment::Export,
        vec![
            line("Aceite", dec!(100), "6.50", vat(dec!(4))),
            line("Vino", dec!(24), "9.75", vat(dec!(21))),
        ],
    );
    draft.recipient = Recipient {
        name: "Olive Imports Inc.".into(),
        country: "US".into(),
        tax_id: "12-3456789".into(),
    };
    let inv = Invoice::new(draft.clone(), &InvoiceRules::spain()).unwrap();
    // 650.00 + 234.00, one exempt row.
    assert_eq!(inv.totals().by_rate.len(), 1);
    assert_eq!(inv.totals().total, eur("884.00"));
    assert_eq!(inv.legends(), vec![Legend::Exempt(ExemptionCause::E2)]);
    assert!(inv.legends()[0].text(Language::Es).contains("art. 21"));

    draft.treatment = TaxTreatment::Exempt(ExemptionCause::E5);
    draft.recipient.country = "DE".into();
    draft.recipient.tax_id = "DE123456789".into();
    let inv = Invoice::new(draft, &InvoiceRules::spain()).unwrap();
    assert_eq!(inv.legends(), vec![Legend::Exempt(ExemptionCause::E5)]);
    assert_eq!(inv.totals().vat, Money::ZERO);
}

fn ticket(lines: Vec<InvoiceLine>) -> InvoiceDraft {
    InvoiceDraft {
        kind: InvoiceKind::Simplified,
        issue_date: d(2027, 3, 15),
        recipient: Recipient::default(),
        treatment: TaxTreatment::Domestic,
        prices_include_vat: true,
        withholding: None,
        lines,
    }
}

#[test]
fn ticket_with_vat_included_prices_is_broken_down_per_rate() {
    let inv = Invoice::new(
        ticket(vec![
            line("Menú", dec!(2), "3.50", vat(dec!(10))), // 7.00
            line("Botella de vino", dec!(1), "12.95", vat(dec!(21))), // 12.95
            line("Barra de pan", dec!(3), "1.20", vat(dec!(4))), // 3.60
            line("Café", dec!(1), "2.30", vat(dec!(10))), // 2.30
        ]),
        &InvoiceRules::spain(),
    )
    .unwrap();
    let t = inv.totals();
    // 21 %: 12.95 / 1.21 = 10.7024... -> 10.70, VAT 12.95 − 10.70 = 2.25
    // 10 %: 9.30 / 1.10 = 8.4545... -> 8.45, VAT 9.30 − 8.45 = 0.85
    //  4 %: 3.60 / 1.04 = 3.4615... -> 3.46, VAT 3.60 − 3.46 = 0.14
    let rows: Vec<_> = t
        .by_rate
        .iter()
        .map(|r| (r.tax.vat_rate(), r.base, r.vat))
        .collect();
    assert_eq!(
        rows,
        vec![
            (dec!(21), eur("10.70"), eur("2.25")),
            (dec!(10), eur("8.45"), eur("0.85")),
            (dec!(4), eur("3.46"), eur("0.14")),
        ]
    );
    // Line bases: 7.00 / 1.10 = 6.36, 10.70, 3.60 / 1.04 = 3.46, 2.30 / 1.10 = 2.09.
    assert_eq!(
        t.line_bases,
        vec![eur("6.36"), eur("10.70"), eur("3.46"), eur("2.09")]
    );
    // What the customer paid: 7.00 + 12.95 + 3.60 + 2.30.
    assert_eq!(t.total, eur("25.85"));
    assert_eq!((t.base, t.vat), (eur("22.61"), eur("3.24")));
    assert_eq!(inv.invoice_type(), InvoiceType::F2);
}

#[test]
fn ticket_line_bases_take_the_rounding_remainder_on_one_line() {
    // Three lines of 1.00 at 21 % VAT included: the rate's base is 3.00 / 1.21 = 2.479 ->
    // 2.48, VAT 0.52; line by line 1.00 / 1.21 = 0.826 -> 0.83 each (2.49), so one line
    // takes the −0.01.
    let t = compute_totals(
        &ticket(vec![
            line("a", dec!(1), "1.00", vat(dec!(21))),
            line("b", dec!(1), "1.00", vat(dec!(21))),
            line("c", dec!(1), "1.00", vat(dec!(21))),
        ]),
        &VatRules::spain(),
    );
    assert_eq!(
        (t.base, t.vat, t.total),
        (eur("2.48"), eur("0.52"), eur("3.00"))
    );
    let sum: Money = t.line_bases.iter().sum();
    assert_eq!(sum, eur("2.48"));
    let mut bases = t.line_bases.clone();
    bases.sort();
    assert_eq!(bases, vec![eur("0.82"), eur("0.83"), eur("0.83")]);
}

#[test]
fn a_ticket_over_its_limit_is_refused_unless_the_sector_allows_it() {
    // 400.01 VAT included.
    let draft = ticket(vec![line("Bicicleta", dec!(1), "400.01", vat(dec!(21)))]);
    let err = Invoice::new(draft.clone(), &InvoiceRules::spain()).unwrap_err();
    assert_eq!(err.len(), 1);
    assert_eq!(err[0].code, ProblemCode::OutOfRange);
    assert_eq!(err[0].field.as_deref(), Some("total"));
    assert!(err[0].params.contains(&("limit".into(), "400.00".into())));
    assert!(Invoice::new(draft, &InvoiceRules::spain_retail()).is_ok());
    // Exactly 400.00 is fine.
    assert!(Invoice::new(
        ticket(vec![line("Bicicleta", dec!(1), "400.00", vat(dec!(21)))]),
        &InvoiceRules::spain()
    )
    .is_ok());
}

fn original() -> Invoice {
    Invoice::new(
        full(
            TaxTreatment::Domestic,
            vec![
                // 10 × 100.00 = 1000.00 at 21 %: VAT 210.00
                line("Silla", dec!(10), "100.00", vat(dec!(21))),
                // 5 × 20.00 = 100.00 at 10 %: VAT 10.00
                line("Cojín", dec!(5), "20.00", vat(dec!(10))),
            ],
        ),
        &InvoiceRules::spain(),
    )
    .unwrap()
}

fn header(reason: CorrectionReason) -> CreditNoteHeader {
    CreditNoteHeader {
        corrects: "2027-0001".into(),
        issue_date: d(2027, 4, 2),
        reason,
        explanation: "Devolución de mercancía".into(),
    }
}

#[test]
fn credit_note_by_difference() {
    let orig = original();
    assert_eq!(orig.totals().total, eur("1320.00"));
    // Two chairs returned: −2 × 100.00 = −200.00, VAT −42.00, total −242.00.
    let draft = orig.credit_note_by_difference(
        header(CorrectionReason::LegalErrorOrArt80),
        vec![line(
            "Silla (devolución)",
            dec!(-2),
            "100.00",
            vat(dec!(21)),
        )],
    );
    match &draft.kind {
        InvoiceKind::Corrective(c) => {
            assert_eq!(c.corrects.number, "2027-0001");
            assert_eq!(c.corrects.issue_date, d(2027, 3, 15));
            assert_eq!(c.method, CorrectionMethod::Difference);
            assert_eq!(c.method.verifactu_code(), "I");
            assert!(!c.of_simplified);
        }
        k => panic!("{k:?}"),
    }
    let cn = Invoice::new(draft, &InvoiceRules::spain()).unwrap();
    let t = cn.totals();
    assert_eq!(
        (t.base, t.vat, t.total),
        (eur("-200.00"), eur("-42.00"), eur("-242.00"))
    );
    assert_eq!(cn.invoice_type(), InvoiceType::R1);
    let entry = invoice_entry(&cn, "R2027-0001", &SalesAccounts::pgc_pymes()).unwrap();
    assert_eq!(
        postings(&entry),
        vec![
            p("430", "0.00", "242.00"),
            p("700", "200.00", "0.00"),
            p("4770021", "42.00", "0.00"),
        ]
    );
    assert!(entry
        .description
        .starts_with("Factura rectificativa R2027-0001"));
}

#[test]
fn cancelling_credit_note_negates_every_amount() {
    let orig = original();
    let cn = Invoice::new(
        orig.cancelling_credit_note(header(CorrectionReason::Other)),
        &InvoiceRules::spain(),
    )
    .unwrap();
    let (a, b) = (orig.totals(), cn.totals());
    assert_eq!(b.total, eur("-1320.00"));
    assert_eq!((b.base, b.vat), (-a.base, -a.vat));
    for (x, y) in a.by_rate.iter().zip(&b.by_rate) {
        assert_eq!((x.base, x.vat), (-y.base, -y.vat));
    }
    assert_eq!(cn.invoice_type(), InvoiceType::R4);
}

#[test]
fn credit_note_by_substitution() {
    let orig = original();
    // Corrected price of the chairs: 95.00. Lines −1000.00, −100.00, +950.00, +100.00:
    // 21 %: −50.00, VAT −10.50; 10 %: 0.00, VAT 0.00; total −60.50.
    let draft = orig.credit_note_by_substitution(
        header(CorrectionReason::Other),
        vec![
            line("Silla", dec!(10), "95.00", vat(dec!(21))),
            line("Cojín", dec!(5), "20.00", vat(dec!(10))),
        ],
    );
    assert_eq!(draft.lines.len(), 4);
    let cn = Invoice::new(draft, &InvoiceRules::spain()).unwrap();
    let t = cn.totals();
    assert_eq!(
        (t.base, t.vat, t.total),
        (eur("-50.00"), eur("-10.50"), eur("-60.50"))
    );
    match &cn.draft().kind {
        InvoiceKind::Corrective(c) => assert_eq!(c.method.verifactu_code(), "S"),
        k => panic!("{k:?}"),
    }
    let entry = invoice_entry(&cn, "R2027-0002", &SalesAccounts::pgc_pymes()).unwrap();
    assert_eq!(
        postings(&entry),
        vec![
            p("430", "0.00", "60.50"),
            p("700", "50.00", "0.00"),
            p("4770021", "10.50", "0.00"),
        ]
    );
}

#[test]
fn credit_note_of_a_ticket_is_r5_and_needs_no_customer() {
    let t = Invoice::new(
        ticket(vec![line("Menú", dec!(2), "12.10", vat(dec!(10)))]),
        &InvoiceRules::spain(),
    )
    .unwrap();
    let cn = Invoice::new(
        t.cancelling_credit_note(CreditNoteHeader {
            corrects: "T2027-0044".into(),
            issue_date: d(2027, 3, 16),
            reason: CorrectionReason::Other,
            explanation: "Cobro duplicado".into(),
        }),
        &InvoiceRules::spain(),
    )
    .unwrap();
    assert_eq!(cn.invoice_type(), InvoiceType::R5);
    assert_eq!(cn.totals().total, eur("-24.20"));
}

#[test]
fn every_problem_names_its_line_and_field() {
    let mut draft = full(
        TaxTreatment::Domestic,
        vec![
            line("Bien", dec!(1), "10.00", vat(dec!(21))),
            line(" ", dec!(0), "10.00", vat(dec!(21))),
            line("Descuento raro", dec!(1), "10.00", vat(dec!(21))).with_discount(dec!(120)),
            line("Tipo inexistente", dec!(1.2345), "10.00", vat(dec!(15))),
        ],
    );
    draft.recipient.tax_id = "B12345675".into();
    let err = Invoice::new(draft, &InvoiceRules::spain()).unwrap_err();
    let got: Vec<_> = err
        .iter()
        .map(|p| (p.code, p.row, p.field.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        got,
        vec![
            (ProblemCode::Required, Some(2), "description".into()),
            (ProblemCode::LineEmpty, Some(2), "quantity".into()),
            (ProblemCode::OutOfRange, Some(3), "discount".into()),
            (ProblemCode::InvalidAmount, Some(4), "quantity".into()),
            (ProblemCode::InvalidCode, Some(4), "vat_rate".into()),
            (ProblemCode::InvalidTaxId, None, "recipient_tax_id".into()),
        ]
    );
    assert!(err[5].params.contains(&("expected".into(), "4".into())));
}

#[test]
fn invoice_level_problems() {
    // No lines, no customer tax id.
    let mut draft = full(TaxTreatment::Domestic, vec![]);
    draft.recipient.tax_id.clear();
    let err = Invoice::new(draft, &InvoiceRules::spain()).unwrap_err();
    let fields: Vec<_> = err
        .iter()
        .map(|p| (p.code, p.field.clone().unwrap()))
        .collect();
    assert_eq!(
        fields,
        vec![
            (ProblemCode::TooFewLines, "lines".to_string()),
            (ProblemCode::Required, "recipient_tax_id".to_string()),
        ]
    );

    // A negative total outside a credit note: 100.00 − 150.00 advance = −50.00 (+ VAT).
    let draft = full(
        TaxTreatment::Domestic,
        vec![
            line("Servicio", dec!(1), "100.00", vat(dec!(21))),
            line("Anticipo recibido", dec!(-1), "150.00", vat(dec!(21))),
        ],
    );
    let err = Invoice::new(draft, &InvoiceRules::spain()).unwrap_err();
    assert_eq!(err.len(), 1);
    assert_eq!(err[0].code, ProblemCode::NegativeAmount);
    assert!(err[0].params.contains(&("total".into(), "-60.50".into())));

    // A credit note citing nothing, dated before the invoice, with no reason.
    let mut cn = original().credit_note_by_difference(
        CreditNoteHeader {
            corrects: " ".into(),
            issue_date: d(2027, 3, 1),
            reason: CorrectionReason::Other,
            explanation: "".into(),
        },
        vec![line("x", dec!(-1), "1.00", vat(dec!(21)))],
    );
    let err = Invoice::new(cn.clone(), &InvoiceRules::spain()).unwrap_err();
    let fields: Vec<_> = err.iter().map(|p| p.field.clone().unwrap()).collect();
    assert_eq!(fields, ["corrects", "issue_date", "explanation"]);
    // Withholding out of range.
    cn.kind = InvoiceKind::Full;
    cn.lines = vec![line("x", dec!(1), "1.00", vat(dec!(21)))];
    cn.withholding = Some(Withholding::Other(dec!(100)));
    let err = Invoice::new(cn, &InvoiceRules::spain()).unwrap_err();
    assert_eq!(err[0].field.as_deref(), Some("withholding"));
}

#[test]
fn a_payment_moves_the_customer_to_the_bank() {
    let e = payment_entry(
        d(2027, 4, 14),
        eur("1372.27"),
        &acc("430"),
        &acc("5720001"),
        "Cobro factura 2027-0001",
    );
    assert_eq!(
        postings(&e),
        vec![p("5720001", "1372.27", "0.00"), p("430", "0.00", "1372.27")]
    );
    assert!(BalancedEntry::new(e).is_ok());
    let refund = payment_entry(
        d(2027, 4, 15),
        eur("-10.00"),
        &acc("430"),
        &acc("5700001"),
        "Devolución",
    );
    assert_eq!(
        postings(&refund),
        vec![p("5700001", "0.00", "10.00"), p("430", "10.00", "0.00")]
    );
}

#[test]
fn a_rate_without_an_account_is_named() {
    let inv = professional_invoice();
    let mut accounts = SalesAccounts::pgc_pymes();
    accounts.output_vat.retain(|(r, _)| *r != dec!(10));
    let p = invoice_entry(&inv, "2027-0001", &accounts).unwrap_err();
    assert_eq!(p.code, ProblemCode::UnknownAccount);
    assert!(p.params.contains(&("rate".into(), "10".into())));
}

#[test]
fn the_register_record_of_an_invoice() {
    let inv = professional_invoice();
    let alta = Alta::for_invoice(
        "B12345674",
        "2027-0001",
        &inv,
        DateTime::parse_from_rfc3339("2027-03-15T10:15:00+01:00").unwrap(),
    );
    assert_eq!(
        Record::Alta(alta).hash_input(""),
        "IDEmisorFactura=B12345674&NumSerieFactura=2027-0001&FechaExpedicionFactura=15-03-2027&TipoFactura=F1&CuotaTotal=221.76&ImporteTotal=1556.47&Huella=&FechaHoraHusoGenRegistro=2027-03-15T10:15:00+01:00"
    );
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

fn any_line() -> impl Strategy<Value = InvoiceLine> {
    (
        -5_000i64..50_000, // quantity in thousandths
        0i64..100_000,     // price in cents
        prop::sample::select(vec![0i64, 0, 5, 10, 250, 3333, 10000]), // discount in hundredths
        prop::sample::select(vec![
            LineTax::Vat(dec!(21)),
            LineTax::Vat(dec!(10)),
            LineTax::Vat(dec!(4)),
            LineTax::Vat(dec!(0)),
            LineTax::Exempt(ExemptionCause::E1),
        ]),
        prop::sample::select(vec!["700", "705", "701"]),
        any::<bool>(),
    )
        .prop_filter("a quantity", |(q, ..)| *q != 0)
        .prop_map(|(q, cents, disc, tax, account, withheld)| {
            let mut l = InvoiceLine::new("x", Decimal::new(q, 3), Money::from_cents(cents), tax)
                .with_discount(Decimal::new(disc, 2))
                .with_income_account(acc(account));
            l.withholding_applies = withheld;
            l
        })
}

fn any_draft() -> impl Strategy<Value = InvoiceDraft> {
    (
        prop::collection::vec(any_line(), 1..12),
        prop::sample::select(vec![
            TaxTreatment::Domestic,
            TaxTreatment::RecargoEquivalencia,
            TaxTreatment::Exempt(ExemptionCause::E6),
            TaxTreatment::Export,
        ]),
        any::<bool>(),
        prop::option::of(prop::sample::select(vec![
            Withholding::Professional,
            Withholding::NewProfessional,
            Withholding::Rental,
            Withholding::Other(dec!(1.5)),
        ])),
    )
        .prop_map(|(lines, treatment, incl, withholding)| {
            let mut draft = full(treatment, lines);
            draft.prices_include_vat = incl;
            draft.withholding = withholding;
            draft.kind = InvoiceKind::Corrective(trastienda_core::invoice::Correction {
                corrects: trastienda_core::invoice::InvoiceRef {
                    number: "2027-0001".into(),
                    issue_date: d(2027, 1, 1),
                },
                method: CorrectionMethod::Difference,
                reason: CorrectionReason::Other,
                explanation: "x".into(),
                of_simplified: false,
            });
            draft
        })
}

proptest! {
    #[test]
    fn totals_add_up(draft in any_draft()) {
        let rules = InvoiceRules::spain();
        let t = compute_totals(&draft, &rules.vat);
        let lines: Money = t.line_bases.iter().sum();
        prop_assert_eq!(lines, t.base);
        prop_assert_eq!(t.total, t.base + t.vat + t.recargo - t.withholding);
        if draft.prices_include_vat {
            // What the lines charge is exactly base + VAT + recargo.
            let charged: Money = draft.lines.iter().map(|l| l.amount().unwrap()).sum();
            prop_assert_eq!(charged, t.gross());
        } else {
            for r in &t.by_rate {
                let want = |pct: Decimal| {
                    trastienda_core::invoice::round_to_cents(r.base.decimal() * pct / dec!(100)).unwrap()
                };
                prop_assert_eq!(r.vat, want(r.tax.vat_rate()));
                prop_assert_eq!(r.recargo, want(r.tax.recargo_rate()));
            }
        }
    }

    #[test]
    fn every_invoice_posts_a_balanced_entry(draft in any_draft()) {
        let inv = Invoice::new(draft, &InvoiceRules::spain()).unwrap();
        let entry = invoice_entry(&inv, "R2027-0001", &SalesAccounts::pgc_pymes()).unwrap();
        let debit: Money = entry.lines.iter().map(|l| l.debit).sum();
        let credit: Money = entry.lines.iter().map(|l| l.credit).sum();
        prop_assert_eq!(debit, credit);
        if entry.lines.len() >= 2 {
            prop_assert!(BalancedEntry::new(entry).is_ok());
        }
    }

    #[test]
    fn a_cancelling_credit_note_negates_the_invoice(draft in any_draft()) {
        let rules = InvoiceRules::spain();
        let inv = Invoice::new(draft, &rules).unwrap();
        let cn = Invoice::new(inv.cancelling_credit_note(CreditNoteHeader {
            corrects: "2027-0009".into(),
            issue_date: d(2027, 6, 1),
            reason: CorrectionReason::Other,
            explanation: "Anulación".into(),
        }), &rules).unwrap();
        let (a, b) = (inv.totals(), cn.totals());
        prop_assert_eq!(a.total, -b.total);
        prop_assert_eq!(a.vat, -b.vat);
        prop_assert_eq!(a.recargo, -b.recargo);
        prop_assert_eq!(a.withholding, -b.withholding);
        let negated: Vec<Money> = a.line_bases.iter().map(|m| -*m).collect();
        prop_assert_eq!(negated, b.line_bases.clone());
    }
}
