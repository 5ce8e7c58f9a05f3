//! The demo company: a believable small business (a stationery shop in Madrid) with sales,
//! collections, purchases, payments, rent, payroll, social security and bank fees, generated
//! deterministically, and this year's customers, invoices and payments (`demo_sales`). Also the data set for benchmarks (`trastienda demo --entries N`).

use crate::app::App;
use crate::commands::create_company_at;
use crate::dto::{Lang, NewCompany};
use crate::error::ApiError;
use chrono::{Datelike, Days, NaiveDate};
use std::path::Path;
use trastienda_core::entry::{EntryDraft, EntryLine};
use trastienda_core::{AccountCode, BalancedEntry, Money};
use trastienda_store::Company;

/// About a year of activity for the demo opened from the welcome screen.
pub const DEMO_ENTRIES: usize = 1500;

pub fn demo_company() -> NewCompany {
    NewCompany {
        name: "Papelería Las Rozas, S.L.".into(),
        tax_id: "B12345674".into(),
        country: "ES".into(),
        address: "Calle Real 12, 28231 Las Rozas de Madrid".into(),
        fiscal_year_start_month: 1,
        currency: "EUR".into(),
        language: Lang::Es,
        template: "es-pymes".into(),
    }
}

/// Creates the demo company at `path` with `entries` entries ending today.
pub fn create_demo(path: &Path, entries: usize, app: &App) -> Result<Company, ApiError> {
    let mut company = create_company_at(path, &demo_company(), app)?;
    let gen = DemoBook::new(entries, app.today());
    company.post_stream(&[], gen.map(Ok), app.now())?;
    // This year's sales documents, issued through the sales use cases.
    let today = app.today();
    if let Some(year) = company
        .fiscal_years()?
        .into_iter()
        .find(|y| y.start <= today && today <= y.end && !y.closed)
    {
        crate::demo_sales::add_sales(&mut company, today, year.start, app.now())?;
        crate::demo_purchases::add_purchase_orders(&mut company, today, year.start, app.now())?;
        crate::demo_supplier_relations::add_supplier_relations(&mut company, today, app.now())?;
        crate::demo_payables::add_payables(&mut company, today, year.start, app.now())?;
    }
    crate::demo_employees::add_employees(&mut company, app.now())?;
    if let Some(year) = company
        .fiscal_years()?
        .into_iter()
        .find(|y| y.start <= today && today <= y.end && !y.closed)
    {
        crate::demo_payroll::add_payroll(&mut company, today, year.start, app.now())?;
    }
    crate::demo_correspondence::add_correspondence(&mut company, today, app.now())?;
    // Last, so the statement starts from the bank account's balance with everything posted.
    crate::demo_bank::add_bank(&mut company, today, app.now())?;
    Ok(company)
}

/// Closes every fiscal year of the demo before the current one, as its owner would have
/// done: the demo then shows a closed year, its year-end entries and this year's opening.
pub fn close_past_years(company: &mut Company, app: &App) -> Result<(), ApiError> {
    let current = trastienda_core::fiscal::fiscal_year_of(
        app.today(),
        company.settings()?.fiscal_year_start_month,
    );
    let result = AccountCode::parse("129").expect("valid code");
    for y in company.fiscal_years()? {
        if y.year < current && !y.closed {
            company.close_year(y.year, &result, trastienda_core::Language::Es, app.now())?;
        }
    }
    Ok(())
}

/// A small deterministic generator (xorshift64*), so the demo is the same on every machine.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
}

/// Yields `total` balanced entries in date order over the span ending `end`: one year for a
/// demo, up to five for large benchmark books.
pub struct DemoBook {
    rng: Rng,
    total: usize,
    done: usize,
    start: NaiveDate,
    days: u64,
    month: Option<(i32, u32)>,
    queue: Vec<BalancedEntry>,
    invoice: u32,
    /// Open customer invoices and supplier bills (gross cents), oldest first.
    receivable: std::collections::VecDeque<(i64, &'static str)>,
    payable: std::collections::VecDeque<(i64, &'static str)>,
    cash: i64,
    /// Balances to settle each quarter: output VAT, input VAT, withholdings.
    vat_out: i64,
    vat_in: i64,
    irpf_work: i64,
    irpf_rent: i64,
}

impl DemoBook {
    pub fn new(total: usize, end: NaiveDate) -> DemoBook {
        let years = (total / 50_000).clamp(1, 5) as u64;
        let days = 365 * years;
        DemoBook {
            rng: Rng(0x9E37_79B9_7F4A_7C15),
            total,
            done: 0,
            start: end - Days::new(days - 1),
            days,
            month: None,
            queue: Vec::new(),
            invoice: 0,
            receivable: Default::default(),
            payable: Default::default(),
            cash: 0,
            vat_out: 0,
            vat_in: 0,
            irpf_work: 0,
            irpf_rent: 0,
        }
    }

    fn date_of(&self, i: usize) -> NaiveDate {
        self.start + Days::new((i as u64 * self.days) / self.total.max(1) as u64)
    }
}

fn acc(code: &str) -> AccountCode {
    AccountCode::parse(code).expect("demo account codes are valid")
}

fn entry(date: NaiveDate, description: String, lines: &[(&str, i64, i64)]) -> BalancedEntry {
    BalancedEntry::new(EntryDraft {
        date,
        description,
        lines: lines
            .iter()
            .map(|(a, d, c)| EntryLine {
                account: acc(a),
                description: String::new(),
                debit: Money::from_cents(*d),
                credit: Money::from_cents(*c),
            })
            .collect(),
    })
    .expect("demo entries balance")
}

/// VAT (or any rate in percent) on a base in cents, rounded half up.
fn pct(base: i64, rate: i64) -> i64 {
    (base * rate + 50) / 100
}

const CUSTOMERS: &[&str] = &[
    "Colegio San José",
    "Gestoría Martín",
    "Ayuntamiento de Las Rozas",
    "Academia Lingua",
    "Clínica Dental Sonrisa",
    "Talleres Gómez",
];
const SUPPLIERS: &[&str] = &[
    "Distribuciones Papeleras del Centro",
    "Office Depot Ibérica",
    "Tintas y Tóner Madrid",
    "Embalajes Henares",
];

impl DemoBook {
    /// The fixed entries of a month: rent, payroll, social security and, in the first month
    /// of a quarter, the settlement of last quarter's VAT (modelo 303) and withholdings
    /// (modelos 111 and 115).
    fn month_entries(&mut self, date: NaiveDate) -> Vec<BalancedEntry> {
        let m = format!("{:02}/{}", date.month(), date.year());
        let rent = 120_000;
        let gross = 540_000 + self.rng.range(0, 4) * 10_000;
        let irpf = pct(gross, 12);
        let ss_worker = (gross * 635 + 5_000) / 10_000;
        let ss_company = (gross * 3_190 + 5_000) / 10_000;
        let net = gross - irpf - ss_worker;
        let mut out = Vec::new();
        if matches!(date.month(), 1 | 4 | 7 | 10) && (self.vat_out != 0 || self.irpf_work != 0) {
            let q = match date.month() {
                1 => format!("4T {}", date.year() - 1),
                m => format!("{}T {}", (m - 1) / 3, date.year()),
            };
            let (vo, vi) = (self.vat_out, self.vat_in);
            let due = vo - vi;
            let mut lines = vec![("4770021", vo, 0), ("4720021", 0, vi)];
            if due >= 0 {
                lines.push(("5720001", 0, due));
            } else {
                lines.push(("4700", -due, 0));
            }
            out.push(entry(
                date,
                format!("Liquidación de IVA {q} (modelo 303)"),
                &lines,
            ));
            let (w, r) = (self.irpf_work, self.irpf_rent);
            out.push(entry(
                date,
                format!("Ingreso de retenciones {q} (modelos 111 y 115)"),
                &[("4751001", w, 0), ("4751002", r, 0), ("5720001", 0, w + r)],
            ));
            self.vat_out = 0;
            self.vat_in = 0;
            self.irpf_work = 0;
            self.irpf_rent = 0;
        }
        self.vat_in += pct(rent, 21);
        self.irpf_rent += pct(rent, 19);
        self.irpf_work += irpf;
        out.extend([
            entry(
                date,
                format!("Alquiler del local {m}"),
                &[
                    ("621", rent, 0),
                    ("4720021", pct(rent, 21), 0),
                    ("4751002", 0, pct(rent, 19)),
                    ("5720001", 0, rent + pct(rent, 21) - pct(rent, 19)),
                ],
            ),
            entry(
                date,
                format!("Nóminas {m}"),
                &[
                    ("640", gross, 0),
                    ("4751001", 0, irpf),
                    ("4760001", 0, ss_worker),
                    ("4650001", 0, net),
                ],
            ),
            entry(
                date,
                format!("Seguridad Social a cargo de la empresa {m}"),
                &[("642", ss_company, 0), ("4760001", 0, ss_company)],
            ),
            entry(
                date,
                format!("Pago de nóminas {m}"),
                &[("4650001", net, 0), ("5720001", 0, net)],
            ),
            entry(
                date,
                format!("Pago de seguros sociales {m}"),
                &[
                    ("4760001", ss_worker + ss_company, 0),
                    ("5720001", 0, ss_worker + ss_company),
                ],
            ),
        ]);
        out
    }

    fn random_entry(&mut self, date: NaiveDate) -> BalancedEntry {
        let roll = self.rng.range(0, 99);
        let customer = CUSTOMERS[self.rng.range(0, CUSTOMERS.len() as i64 - 1) as usize];
        let supplier = SUPPLIERS[self.rng.range(0, SUPPLIERS.len() as i64 - 1) as usize];
        match roll {
            // Collections and payments settle the oldest open invoice or bill.
            28..=57 if self.receivable.len() > 2 => {
                let (amt, who) = self.receivable.pop_front().expect("open invoice");
                entry(
                    date,
                    format!("Cobro de {who}"),
                    &[("5720001", amt, 0), ("430", 0, amt)],
                )
            }
            72..=84 if self.payable.len() > 2 => {
                let (amt, who) = self.payable.pop_front().expect("open bill");
                entry(
                    date,
                    format!("Pago a {who}"),
                    &[("400", amt, 0), ("5720001", 0, amt)],
                )
            }
            0..=57 => {
                self.invoice += 1;
                let base = self.rng.range(8_000, 250_000);
                let vat = pct(base, 21);
                self.vat_out += vat;
                self.receivable.push_back((base + vat, customer));
                entry(
                    date,
                    format!("Factura {}-{:04} a {customer}", date.year(), self.invoice),
                    &[
                        ("430", base + vat, 0),
                        ("700", 0, base),
                        ("4770021", 0, vat),
                    ],
                )
            }
            58..=84 => {
                // Cost of goods about two thirds of sales, as in a shop.
                let base = self.rng.range(10_000, 330_000);
                let vat = pct(base, 21);
                self.vat_in += vat;
                self.payable.push_back((base + vat, supplier));
                entry(
                    date,
                    format!("Compra de mercaderías a {supplier}"),
                    &[
                        ("600", base, 0),
                        ("4720021", vat, 0),
                        ("400", 0, base + vat),
                    ],
                )
            }
            85..=91 => {
                let base = self.rng.range(300, 12_000);
                let vat = pct(base, 21);
                self.vat_out += vat;
                self.cash += base + vat;
                entry(
                    date,
                    "Ventas de mostrador (caja)".into(),
                    &[
                        ("5700001", base + vat, 0),
                        ("700", 0, base),
                        ("4770021", 0, vat),
                    ],
                )
            }
            92..=94 => {
                let fee = self.rng.range(150, 1_800);
                entry(
                    date,
                    "Comisión de mantenimiento bancario".into(),
                    &[("626", fee, 0), ("5720001", 0, fee)],
                )
            }
            95..=97 => {
                let base = self.rng.range(4_000, 30_000);
                let vat = pct(base, 21);
                self.vat_in += vat;
                entry(
                    date,
                    "Suministro eléctrico".into(),
                    &[
                        ("628", base, 0),
                        ("4720021", vat, 0),
                        ("5720001", 0, base + vat),
                    ],
                )
            }
            _ if self.cash > 10_000 => {
                // Bank most of the till, keep some change.
                let amt = (self.cash - 5_000) / 100 * 100;
                self.cash -= amt;
                entry(
                    date,
                    "Ingreso de caja en el banco".into(),
                    &[("5720001", amt, 0), ("5700001", 0, amt)],
                )
            }
            _ => {
                let fee = self.rng.range(150, 900);
                entry(
                    date,
                    "Comisión por transferencia".into(),
                    &[("626", fee, 0), ("5720001", 0, fee)],
                )
            }
        }
    }
}

impl Iterator for DemoBook {
    type Item = BalancedEntry;

    fn next(&mut self) -> Option<BalancedEntry> {
        if self.done >= self.total {
            return None;
        }
        let i = self.done;
        self.done += 1;
        if let Some(e) = self.queue.pop() {
            return Some(e);
        }
        let date = self.date_of(i);
        if i == 0 {
            // Capital and a five-year bank loan: the shop pays rent, wages and Social Security
            // every month whatever it sells, and a short demo (300 entries) has few collections,
            // so without the loan its bank account would end the year overdrawn.
            return Some(entry(
                date,
                "Asiento de apertura: aportación de capital y préstamo bancario".into(),
                &[
                    ("5720001", 13_000_000, 0),
                    ("100", 0, 3_000_000),
                    ("170", 0, 10_000_000),
                ],
            ));
        }
        let ym = (date.year(), date.month());
        if self.month != Some(ym) && self.total - self.done >= 7 {
            self.month = Some(ym);
            let mut fixed = self.month_entries(date);
            fixed.reverse();
            let first = fixed.pop().expect("month entries");
            self.queue = fixed;
            return Some(first);
        }
        Some(self.random_entry(date))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_book_is_deterministic_balanced_and_in_date_order() {
        let end = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let a: Vec<_> = DemoBook::new(800, end).collect();
        let b: Vec<_> = DemoBook::new(800, end).collect();
        assert_eq!(a.len(), 800);
        assert_eq!(a, b);
        assert!(a.windows(2).all(|w| w[0].date() <= w[1].date()));
        assert_eq!(a.last().unwrap().date(), end);
        assert!(a[0].date() > end - Days::new(366));
        // Every month of the year has its payroll.
        let payrolls = a
            .iter()
            .filter(|e| e.description().starts_with("Nóminas"))
            .count();
        assert!((12..=13).contains(&payrolls), "{payrolls}");
    }
}
