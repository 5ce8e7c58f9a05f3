//! Sample documents: what the tests check, `examples/sales_documents.rs` writes for a look
//! and `examples/invoice_timings.rs` times. Hand-computed figures (written out below), not
//! derived through core, so a test failing here points at rendering.

use crate::invoice::{
    Due, InvoiceDoc, InvoiceDocLine, InvoiceKind, Issuer, PaymentDetails, Recipient, TaxBreakdown,
    VerifactuQr, WithholdingLine,
};
use crate::reminder::{OverdueInvoice, Reminder, ReminderLevel};
use crate::{AgingReport, AgingRow, AgingSide, CompanyHeader, StatementLine, StatementOfAccount};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use trastienda_core::verifactu::{qr_url, AeatEnvironment, QrMode};
use trastienda_core::Money;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn eur(cents: i64) -> Money {
    Money::from_cents(cents)
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

/// A 220 × 80 px logo: a blue rounded mark and a grey bar, transparent around (PNG, RGBA).
pub fn logo_png() -> Vec<u8> {
    crate::logo::encode_png_rgba(220, 80, |x, y| {
        let (cx, cy) = (40i64, 40i64);
        let (dx, dy) = (i64::from(x) - cx, i64::from(y) - cy);
        if dx * dx + dy * dy <= 34 * 34 {
            [30, 56, 92, 255]
        } else if (90..210).contains(&x) && (30..50).contains(&y) {
            [150, 160, 175, 255]
        } else {
            [0, 0, 0, 0]
        }
    })
}

pub fn issuer(with_logo: bool) -> Issuer {
    Issuer {
        name: "Ferretería Martínez, S.L.".into(),
        tax_id: "B12345674".into(),
        address: vec![
            "Calle Mayor 12, bajo".into(),
            "02001 Albacete (Albacete)".into(),
        ],
        email: Some("facturas@ferreteriamartinez.es".into()),
        phone: Some("967 123 456".into()),
        iban: Some("ES91 2100 0418 4502 0005 1332".into()),
        logo: with_logo.then(logo_png),
    }
}

pub fn recipient() -> Recipient {
    Recipient {
        name: "Construcciones Hermanos García e Hijos, S.A.".into(),
        tax_id: "A87654321".into(),
        address: vec![
            "Avenida de la Constitución 45, 3.º B".into(),
            "46001 Valencia (Valencia)".into(),
        ],
        country: Some("España".into()),
    }
}

/// Invoice 2027-0042: three rates, recargo on the 21 % line, 15 % IRPF.
///
/// Lines: 10 × 45,00 − 10 % = 405,00 (21 % + 5,2 % RE); 2 × 120,50 = 241,00 (10 %);
/// 3 × 12,3333 = 37,00 (4 %); 1 × 300,00 = 300,00 (21 %, no RE: professional service).
/// 21 %: base 705,00, IVA 148,05; RE 5,2 % on 405,00 = 21,06; 10 %: 241,00 → 24,10;
/// 4 %: 37,00 → 1,48. Bases 983,00; IVA 173,63; RE 21,06; IRPF 15 % of 300,00 = 45,00.
/// Total 983,00 + 173,63 + 21,06 − 45,00 = 1.132,69.
pub fn invoice() -> InvoiceDoc {
    let lines = vec![
        line(
            "Taladro percutor Bosch PSB 750 RCE con maletín",
            "10",
            "45.00",
            "10",
            "21 % + RE",
            40_500,
        ),
        line(
            "Escalera de aluminio 7 peldaños, certificada EN 131",
            "2",
            "120.50",
            "0",
            "10 %",
            24_100,
        ),
        line(
            "Guantes de protección (par)",
            "3",
            "12.3333",
            "0",
            "4 %",
            3_700,
        ),
        line(
            "Montaje e instalación de estanterías en almacén (8 horas de oficial de primera)",
            "1",
            "300.00",
            "0",
            "21 %",
            30_000,
        ),
    ];
    InvoiceDoc {
        issuer: issuer(true),
        recipient: Some(recipient()),
        kind: InvoiceKind::Invoice,
        series: "2027".into(),
        number: "2027-0042".into(),
        issue_date: d(2027, 3, 15),
        operation_date: Some(d(2027, 3, 10)),
        due: vec![Due {
            date: d(2027, 4, 14),
            amount: eur(113_269),
        }],
        lines,
        taxes: vec![
            TaxBreakdown {
                base: eur(70_500),
                vat_rate: dec("21"),
                vat: eur(14_805),
                recargo_rate: dec("5.2"),
                recargo: eur(2_106),
                label: None,
            },
            TaxBreakdown {
                base: eur(24_100),
                vat_rate: dec("10"),
                vat: eur(2_410),
                recargo_rate: Decimal::ZERO,
                recargo: Money::ZERO,
                label: None,
            },
            TaxBreakdown {
                base: eur(3_700),
                vat_rate: dec("4"),
                vat: eur(148),
                recargo_rate: Decimal::ZERO,
                recargo: Money::ZERO,
                label: None,
            },
        ],
        withholding: Some(WithholdingLine {
            rate: dec("15"),
            amount: eur(4_500),
        }),
        total: eur(113_269),
        legends: Vec::new(),
        payment: Some(PaymentDetails {
            method: "Transferencia bancaria".into(),
            iban: None,
        }),
        notes: vec!["Material entregado en obra, calle del Pintor Sorolla 3, Valencia.".into()],
        footer: Some(
            "Ferretería Martínez, S.L. Inscrita en el Registro Mercantil de Albacete, tomo 1234, folio 56, hoja AB-7890."
                .into(),
        ),
        qr: Some(VerifactuQr {
            url: qr_url(
                AeatEnvironment::Production,
                QrMode::Verifactu,
                "B12345674",
                "2027-0042",
                d(2027, 3, 15),
                eur(113_269),
            ),
            verifactu: true,
        }),
    }
}

/// The QR of `doc` for its own number, date and total.
fn with_qr(mut doc: InvoiceDoc) -> InvoiceDoc {
    doc.qr = Some(VerifactuQr {
        url: qr_url(
            AeatEnvironment::Production,
            QrMode::Verifactu,
            &doc.issuer.tax_id,
            &doc.number,
            doc.issue_date,
            doc.total,
        ),
        verifactu: true,
    });
    doc
}

fn line(desc: &str, qty: &str, price: &str, disc: &str, tax: &str, cents: i64) -> InvoiceDocLine {
    InvoiceDocLine {
        description: desc.into(),
        quantity: dec(qty),
        unit_price: dec(price),
        discount: dec(disc),
        tax: tax.into(),
        amount: eur(cents),
    }
}

/// An intra-EU exempt invoice: one rate row labelled, the exemption legend.
pub fn exempt_invoice() -> InvoiceDoc {
    let mut doc = invoice();
    doc.number = "2027-0043".into();
    doc.operation_date = None;
    doc.recipient = Some(Recipient {
        name: "Bauhaus Werkzeuge GmbH".into(),
        tax_id: "DE123456789".into(),
        address: vec!["Industriestraße 5".into(), "80331 München".into()],
        country: Some("Alemania".into()),
    });
    doc.lines = vec![line(
        "Juego de llaves combinadas 8-22 mm",
        "50",
        "18.40",
        "0",
        "Exenta",
        92_000,
    )];
    doc.taxes = vec![TaxBreakdown {
        base: eur(92_000),
        vat_rate: Decimal::ZERO,
        vat: Money::ZERO,
        recargo_rate: Decimal::ZERO,
        recargo: Money::ZERO,
        label: Some("Exenta (E5)".into()),
    }];
    doc.withholding = None;
    doc.total = eur(92_000);
    doc.due = vec![Due {
        date: d(2027, 4, 14),
        amount: eur(92_000),
    }];
    doc.legends = vec!["Entrega intracomunitaria exenta de IVA (art. 25 de la Ley 37/1992)".into()];
    doc.notes = Vec::new();
    with_qr(doc)
}

/// A credit note for part of 2027-0042.
pub fn credit_note() -> InvoiceDoc {
    let mut doc = invoice();
    doc.kind = InvoiceKind::CreditNote {
        corrected_number: "2027-0042".into(),
        corrected_date: d(2027, 3, 15),
        reason: "Devolución de 2 taladros defectuosos".into(),
    };
    doc.series = "R2027".into();
    doc.number = "R2027-0003".into();
    doc.issue_date = d(2027, 3, 28);
    doc.operation_date = None;
    doc.lines = vec![line(
        "Taladro percutor Bosch PSB 750 RCE con maletín",
        "-2",
        "45.00",
        "10",
        "21 % + RE",
        -8_100,
    )];
    doc.taxes = vec![TaxBreakdown {
        base: eur(-8_100),
        vat_rate: dec("21"),
        vat: eur(-1_701),
        recargo_rate: dec("5.2"),
        recargo: eur(-421),
        label: None,
    }];
    doc.withholding = None;
    doc.total = eur(-10_222);
    doc.due = Vec::new();
    doc.notes = Vec::new();
    with_qr(doc)
}

/// An invoice of `n` lines at 21 %: line i is i × 1,00 € (base n(n+1)/2 €).
pub fn long_invoice(n: usize) -> InvoiceDoc {
    let mut doc = invoice();
    doc.number = "2027-0100".into();
    doc.lines = (1..=n)
        .map(|i| {
            let c = i64::try_from(i).unwrap_or(0) * 100;
            line(
                &format!("Artículo de prueba número {i}"),
                &i.to_string(),
                "1.00",
                "0",
                "21 %",
                c,
            )
        })
        .collect();
    let base = i64::try_from(n * (n + 1) / 2).unwrap_or(0) * 100;
    let vat = base * 21 / 100;
    doc.taxes = vec![TaxBreakdown {
        base: eur(base),
        vat_rate: dec("21"),
        vat: eur(vat),
        recargo_rate: Decimal::ZERO,
        recargo: Money::ZERO,
        label: None,
    }];
    doc.withholding = None;
    doc.total = eur(base + vat);
    doc.due = vec![Due {
        date: d(2027, 4, 14),
        amount: eur(base + vat),
    }];
    with_qr(doc)
}

pub fn company() -> CompanyHeader {
    CompanyHeader {
        name: "Ferretería Martínez, S.L.".into(),
        tax_id: "B12345674".into(),
    }
}

/// A final notice with Ley 3/2004 interest on two invoices.
pub fn reminder(level: ReminderLevel) -> Reminder {
    let with_interest = level == ReminderLevel::Final;
    Reminder {
        issuer: issuer(true),
        recipient: recipient(),
        level,
        date: d(2027, 6, 1),
        place: Some("Albacete".into()),
        invoices: vec![
            OverdueInvoice {
                number: "2027-0042".into(),
                issue_date: d(2027, 3, 15),
                due_date: d(2027, 4, 14),
                days_overdue: 48,
                open: eur(113_269),
                interest: with_interest.then(|| eur(1_598)),
            },
            OverdueInvoice {
                number: "2027-0057".into(),
                issue_date: d(2027, 4, 2),
                due_date: d(2027, 5, 2),
                days_overdue: 30,
                open: eur(48_400),
                interest: with_interest.then(|| eur(427)),
            },
        ],
        interest_rate: with_interest.then(|| dec("10.15")),
        recovery_costs: with_interest.then(|| eur(8_000)),
        text: None,
        footer: Some("Ferretería Martínez, S.L. · B12345674".into()),
    }
}

pub fn aging(customers: usize) -> AgingReport {
    let rows = (0..customers)
        .map(|i| {
            let k = i64::try_from(i).unwrap_or(0);
            let b = [
                eur(10_000 * (k % 7)),
                eur(5_550 * (k % 3)),
                eur(if k % 4 == 0 { 123_456 } else { 0 }),
                eur(0),
                eur(if k % 5 == 0 { 99_999 } else { 0 }),
            ];
            AgingRow {
                name: format!("Cliente {:03} de prueba, S.L.", i + 1),
                tax_id: format!("B{:08}", 10_000_000 + i),
                buckets: b,
                total: b.iter().copied().sum(),
            }
        })
        .collect();
    AgingReport {
        side: AgingSide::Receivables,
        as_of: d(2027, 6, 30),
        rows,
    }
}

pub fn statement_of_account() -> StatementOfAccount {
    StatementOfAccount {
        customer: recipient(),
        from: Some(d(2027, 1, 1)),
        to: Some(d(2027, 6, 30)),
        opening: eur(25_000),
        lines: vec![
            StatementLine {
                date: d(2027, 1, 20),
                document: "Cobro".into(),
                concept: "Transferencia recibida".into(),
                debit: Money::ZERO,
                credit: eur(25_000),
            },
            StatementLine {
                date: d(2027, 3, 15),
                document: "2027-0042".into(),
                concept: "Factura".into(),
                debit: eur(113_269),
                credit: Money::ZERO,
            },
            StatementLine {
                date: d(2027, 3, 28),
                document: "R2027-0003".into(),
                concept: "Factura rectificativa de 2027-0042".into(),
                debit: eur(-10_222),
                credit: Money::ZERO,
            },
            StatementLine {
                date: d(2027, 4, 30),
                document: "Cobro".into(),
                concept: "Pago parcial 2027-0042".into(),
                debit: Money::ZERO,
                credit: eur(50_000),
            },
        ],
    }
}

// --- Payslips ----------------------------------------------------------------------------

fn pay_line(label: &str, cents: i64) -> crate::PayslipLine {
    crate::PayslipLine {
        label: label.into(),
        amount: eur(cents),
    }
}

fn contribution(label: &str, base: i64, rate: &str, amount: i64) -> crate::ContributionLine {
    crate::ContributionLine {
        label: label.into(),
        base: eur(base),
        rate: dec(rate),
        amount: eur(amount),
    }
}

/// January 2026 for a full-time worker: base 1.800,00 + complements 350,00 + prorated extra
/// pay 358,33 (bases 2.508,33), transport 60,00 (non-salary). Worker contributions at 4,70 +
/// 1,55 + 0,10 + 0,15 % (163,04), IRPF 12 % of 2.150,00 (258,00), an advance of 100,00:
/// deductions 521,04, net 2.210,00 - 521,04 = 1.688,96. Employer: 806,43.
pub fn payslip(worker: &str, nif: &str) -> crate::PayslipDoc {
    let bc = 250_833;
    crate::PayslipDoc {
        company: crate::PayslipCompany {
            name: "Ferretería Martínez, S.L.".into(),
            tax_id: "B12345674".into(),
            address: vec![
                "Calle Mayor 12, bajo".into(),
                "02001 Albacete (Albacete)".into(),
            ],
            ss_employer_code: "02 1234567 89".into(),
            logo: Some(logo_png()),
        },
        worker: crate::PayslipWorker {
            name: worker.into(),
            nif: nif.into(),
            ss_number: "02 12345678 90".into(),
            category: "Dependiente mayor".into(),
            group: 5,
            contract: "Indefinido".into(),
            seniority: Some(d(2019, 9, 16)),
            part_time_pct: String::new(),
        },
        period_start: d(2026, 1, 1),
        period_end: d(2026, 1, 31),
        days: 31,
        salary_lines: vec![
            pay_line("Salario base", 180_000),
            pay_line("Plus convenio", 25_000),
            pay_line("Complemento de antigüedad", 10_000),
        ],
        non_salary_lines: vec![pay_line("Plus de transporte", 6_000)],
        total_devengado: eur(221_000),
        employee_contributions: vec![
            contribution("Contingencias comunes", bc, "4.70", 11_789),
            contribution("Desempleo", bc, "1.55", 3_888),
            contribution("Formación profesional", bc, "0.10", 251),
            contribution(
                "Mecanismo de equidad intergeneracional (MEI)",
                bc,
                "0.15",
                376,
            ),
        ],
        irpf: contribution("IRPF", 215_000, "12", 25_800),
        other_deductions: vec![pay_line("Anticipos", 10_000)],
        total_deducir: eur(52_104),
        liquido: eur(168_896),
        bccc_remuneration: eur(215_000),
        bccc_proration: eur(35_833),
        bccc: eur(bc),
        bccp: eur(bc),
        overtime_base: Money::ZERO,
        irpf_base: eur(215_000),
        employer_contributions: vec![
            contribution("Contingencias comunes", bc, "23.60", 59_197),
            contribution("AT y EP", bc, "1.50", 3_762),
            contribution("Desempleo", bc, "5.50", 13_796),
            contribution("Formación profesional", bc, "0.60", 1_505),
            contribution("FOGASA", bc, "0.20", 502),
            contribution("MEI", bc, "0.75", 1_881),
        ],
        employer_total: eur(80_643),
        corrects: None,
        place_and_date: "Albacete, 31 de enero de 2026".into(),
    }
}

/// The same payslip with `n` salary lines (the totals are not re-added: layout only).
pub fn long_payslip(n: usize) -> crate::PayslipDoc {
    let mut doc = payslip("Ana Belén Torres Ruiz", "12345678Z");
    doc.salary_lines = (1..=n)
        .map(|i| pay_line(&format!("Complemento salarial #{i}"), 1_000 * i as i64))
        .collect();
    doc
}
