//! Sales invoices as rules: lines, the customer's tax treatment, totals by VAT rate, the
//! checks an invoice must pass before it is issued, credit notes (facturas rectificativas),
//! simplified invoices (tickets), and the journal entry an issued invoice posts. Numbering is
//! `series`, the tamper-evident register and the QR are `verifactu`; the store keeps the
//! documents and the api runs the use cases.
//!
//! # Rounding
//!
//! Every rounding is to cents, half away from zero (0.005 -> 0.01, -0.005 -> -0.01): the
//! euro rounding rule of Ley 46/1998 art. 11, and symmetric, so a credit note that negates an
//! invoice negates each of its amounts exactly.
//!
//! - A line's amount is `round(quantity × unit price × (1 − discount/100))`: what the line
//!   prints.
//! - VAT and recargo are computed once per rate on the sum of that rate's line bases:
//!   `vat = round(Σ bases × rate/100)`, `recargo = round(Σ bases × recargo/100)`. This is the
//!   breakdown the invoice prints and the VeriFactu record carries (one row per rate with its
//!   base and tax), and the AEAT checks each row's tax against base × rate; rounding line by
//!   line and summing drifts by a cent per few lines and can fail that check.
//! - Withholding is `round(Σ bases of the lines subject to it × IRPF/100)`.
//! - Total = bases + VAT + recargo − withholding.
//! - With VAT-included prices (tickets), each rate's VAT-included sum is split once:
//!   `base = round(sum / (1 + (rate + recargo)/100))`, `recargo = round(base × recargo/100)`
//!   and the VAT is what is left, so base + VAT + recargo is exactly what the customer paid.

use crate::account::AccountCode;
use crate::entry::{EntryDraft, EntryLine};
use crate::money::Money;
use crate::problem::{Problem, ProblemCode};
use crate::taxid;
use crate::verifactu::InvoiceType;
use crate::Language;
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds to cents, half away from zero; `None` when the amount is beyond what `Money` holds.
pub fn round_to_cents(d: Decimal) -> Option<Money> {
    Money::from_decimal(d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)).ok()
}

fn pct(d: Decimal) -> Option<Decimal> {
    d.checked_div(Decimal::ONE_HUNDRED)
}

/// Formats a percentage for people: "21", "5,2" (es) or "5.2" (en).
pub fn format_percent(p: Decimal, lang: Language) -> String {
    let s = p.normalize().to_string();
    match lang {
        Language::Es => s.replace('.', ","),
        Language::En => s,
    }
}

// ---------------------------------------------------------------------------------------
// Taxes
// ---------------------------------------------------------------------------------------

/// Why an operation is exempt from VAT: the causes E1..E6 of the AEAT's list (VeriFactu and
/// SII key L10), each pointing at its article of the Ley 37/1992 (LIVA).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExemptionCause {
    /// Art. 20 LIVA: exempt domestic operations (health, education, insurance, finance, ...).
    E1,
    /// Art. 21: exports.
    E2,
    /// Art. 22: operations treated as exports (ships, aircraft, diplomats, ...).
    E3,
    /// Arts. 23 and 24: free zones, customs warehouses and other customs regimes.
    E4,
    /// Art. 25: intra-Community supplies of goods.
    E5,
    /// Other causes.
    E6,
}

impl ExemptionCause {
    pub const ALL: [ExemptionCause; 6] = [
        ExemptionCause::E1,
        ExemptionCause::E2,
        ExemptionCause::E3,
        ExemptionCause::E4,
        ExemptionCause::E5,
        ExemptionCause::E6,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ExemptionCause::E1 => "E1",
            ExemptionCause::E2 => "E2",
            ExemptionCause::E3 => "E3",
            ExemptionCause::E4 => "E4",
            ExemptionCause::E5 => "E5",
            ExemptionCause::E6 => "E6",
        }
    }

    pub fn parse(s: &str) -> Option<ExemptionCause> {
        ExemptionCause::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(s.trim()))
    }

    /// The text an invoice must print for the exemption (RD 1619/2012 art. 6.1.j).
    pub fn legend(self, lang: Language) -> &'static str {
        use ExemptionCause::*;
        match (lang, self) {
            (Language::Es, E1) => "Operación exenta de IVA (art. 20 de la Ley 37/1992)",
            (Language::Es, E2) => "Exportación exenta de IVA (art. 21 de la Ley 37/1992)",
            (Language::Es, E3) => {
                "Operación asimilada a la exportación, exenta de IVA (art. 22 de la Ley 37/1992)"
            }
            (Language::Es, E4) => {
                "Operación exenta de IVA (arts. 23 y 24 de la Ley 37/1992: zonas francas, depósitos y regímenes aduaneros)"
            }
            (Language::Es, E5) => {
                "Entrega intracomunitaria exenta de IVA (art. 25 de la Ley 37/1992)"
            }
            (Language::Es, E6) => "Operación exenta de IVA",
            (Language::En, E1) => "VAT exempt (art. 20 of Spanish Law 37/1992)",
            (Language::En, E2) => "Export, VAT exempt (art. 21 of Spanish Law 37/1992)",
            (Language::En, E3) => {
                "Treated as an export, VAT exempt (art. 22 of Spanish Law 37/1992)"
            }
            (Language::En, E4) => {
                "VAT exempt (arts. 23 and 24 of Spanish Law 37/1992: free zones, warehouses and customs regimes)"
            }
            (Language::En, E5) => {
                "Intra-Community supply, VAT exempt (art. 25 of Spanish Law 37/1992)"
            }
            (Language::En, E6) => "VAT exempt",
        }
    }
}

/// The tax a line carries as entered (from the catalogue or typed): a VAT rate in percent, or
/// exempt with its cause. The customer's [`TaxTreatment`] decides what is actually applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineTax {
    Vat(Decimal),
    Exempt(ExemptionCause),
}

/// A VAT rate allowed in the country and its recargo de equivalencia, both in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VatRate {
    pub vat: Decimal,
    pub recargo: Decimal,
}

/// The VAT rates a company may charge: data, so a change of rates needs no new code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatRules {
    pub rates: Vec<VatRate>,
}

impl VatRules {
    /// Spain's rates (LIVA arts. 90, 91 and 161): 21 % with 5.2 % recargo, 10 % with 1.4 %,
    /// 4 % with 0.5 %, and 0 %.
    pub fn spain() -> VatRules {
        let r = |vat: i64, re: i64| VatRate {
            vat: Decimal::new(vat, 0),
            recargo: Decimal::new(re, 1),
        };
        VatRules {
            rates: vec![r(21, 52), r(10, 14), r(4, 5), r(0, 0)],
        }
    }
    pub fn allows(&self, vat: Decimal) -> bool {
        self.rates.iter().any(|r| r.vat == vat)
    }
    /// The recargo de equivalencia that goes with a VAT rate.
    pub fn recargo_for(&self, vat: Decimal) -> Option<Decimal> {
        self.rates.iter().find(|r| r.vat == vat).map(|r| r.recargo)
    }
}

/// Everything country-specific that checking an invoice needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRules {
    pub vat: VatRules,
    /// The largest total (VAT included) of a simplified invoice: 400 € in general, 3 000 € for
    /// the retail, hospitality and other sectors of RD 1619/2012 art. 4.1.
    pub simplified_limit: Money,
}

impl InvoiceRules {
    pub fn spain() -> InvoiceRules {
        InvoiceRules {
            vat: VatRules::spain(),
            simplified_limit: Money::from_cents(40_000),
        }
    }
    /// Spain's rules for a business in one of the sectors of RD 1619/2012 art. 4.1 (retail,
    /// hospitality, hairdressing, transport, ...): simplified invoices up to 3 000 €.
    pub fn spain_retail() -> InvoiceRules {
        InvoiceRules {
            simplified_limit: Money::from_cents(300_000),
            ..InvoiceRules::spain()
        }
    }
}

/// How VAT applies to a customer. It decides which rates apply to the lines and which legend
/// the invoice must print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaxTreatment {
    /// IVA at each line's rate (a line may still be exempt with its own cause).
    Domestic,
    /// A retailer in the recargo de equivalencia regime: each line's VAT rate plus its
    /// recargo (5.2 / 1.4 / 0.5 for 21 / 10 / 4).
    RecargoEquivalencia,
    /// Every line exempt for this cause, whatever its own rate.
    Exempt(ExemptionCause),
    /// A business customer in another EU state: no VAT charged, the customer accounts for it
    /// ("Inversión del sujeto pasivo", RD 1619/2012 art. 6.1.m). Intra-Community supplies of
    /// goods are `Exempt(E5)` instead.
    IntraEuReverseCharge,
    /// Outside the EU: exempt as an export (art. 21 LIVA).
    Export,
}

impl TaxTreatment {
    /// A stable code for storage and the wire: `domestic`, `recargo`, `exempt_e1`..`exempt_e6`,
    /// `intra_eu`, `export`.
    pub fn as_str(self) -> &'static str {
        match self {
            TaxTreatment::Domestic => "domestic",
            TaxTreatment::RecargoEquivalencia => "recargo",
            TaxTreatment::Exempt(ExemptionCause::E1) => "exempt_e1",
            TaxTreatment::Exempt(ExemptionCause::E2) => "exempt_e2",
            TaxTreatment::Exempt(ExemptionCause::E3) => "exempt_e3",
            TaxTreatment::Exempt(ExemptionCause::E4) => "exempt_e4",
            TaxTreatment::Exempt(ExemptionCause::E5) => "exempt_e5",
            TaxTreatment::Exempt(ExemptionCause::E6) => "exempt_e6",
            TaxTreatment::IntraEuReverseCharge => "intra_eu",
            TaxTreatment::Export => "export",
        }
    }
    pub fn parse(s: &str) -> Option<TaxTreatment> {
        let s = s.trim().to_ascii_lowercase();
        match s.as_str() {
            "domestic" => Some(TaxTreatment::Domestic),
            "recargo" => Some(TaxTreatment::RecargoEquivalencia),
            "intra_eu" => Some(TaxTreatment::IntraEuReverseCharge),
            "export" => Some(TaxTreatment::Export),
            _ => s
                .strip_prefix("exempt_")
                .and_then(ExemptionCause::parse)
                .map(TaxTreatment::Exempt),
        }
    }

    /// Whether the lines' own VAT rates are used (and so must be allowed rates).
    pub fn uses_line_rates(self) -> bool {
        matches!(
            self,
            TaxTreatment::Domestic | TaxTreatment::RecargoEquivalencia
        )
    }

    /// The tax applied to a line under this treatment.
    pub fn apply(self, line: LineTax, rules: &VatRules) -> AppliedTax {
        match (self, line) {
            (TaxTreatment::Exempt(cause), _) => AppliedTax::Exempt(cause),
            (TaxTreatment::Export, _) => AppliedTax::Exempt(ExemptionCause::E2),
            (TaxTreatment::IntraEuReverseCharge, _) => AppliedTax::ReverseCharge,
            (_, LineTax::Exempt(cause)) => AppliedTax::Exempt(cause),
            (TaxTreatment::Domestic, LineTax::Vat(rate)) => AppliedTax::Vat {
                rate: rate.normalize(),
                recargo: Decimal::ZERO,
            },
            (TaxTreatment::RecargoEquivalencia, LineTax::Vat(rate)) => AppliedTax::Vat {
                rate: rate.normalize(),
                recargo: rules.recargo_for(rate).unwrap_or_default().normalize(),
            },
        }
    }
}

/// The tax actually applied to a line: the key of the invoice's breakdown by rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppliedTax {
    Vat {
        rate: Decimal,
        recargo: Decimal,
    },
    Exempt(ExemptionCause),
    /// No VAT charged: the customer accounts for it.
    ReverseCharge,
}

impl AppliedTax {
    /// Breakdown order: VAT rates from the highest, then exemptions by cause, then reverse
    /// charge.
    fn order(&self) -> (u8, Decimal, u8) {
        match self {
            AppliedTax::Vat { rate, recargo } => (0, -*rate, recargo.is_zero() as u8),
            AppliedTax::Exempt(c) => (1, Decimal::ZERO, *c as u8),
            AppliedTax::ReverseCharge => (2, Decimal::ZERO, 0),
        }
    }
    pub fn vat_rate(&self) -> Decimal {
        match self {
            AppliedTax::Vat { rate, .. } => *rate,
            _ => Decimal::ZERO,
        }
    }
    pub fn recargo_rate(&self) -> Decimal {
        match self {
            AppliedTax::Vat { recargo, .. } => *recargo,
            _ => Decimal::ZERO,
        }
    }
    fn legend(&self) -> Option<Legend> {
        match self {
            AppliedTax::Vat { .. } => None,
            AppliedTax::Exempt(c) => Some(Legend::Exempt(*c)),
            AppliedTax::ReverseCharge => Some(Legend::ReverseCharge),
        }
    }
}

/// A mention the invoice must print because of how VAT applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legend {
    Exempt(ExemptionCause),
    ReverseCharge,
}

impl Legend {
    pub fn text(self, lang: Language) -> &'static str {
        match (self, lang) {
            (Legend::Exempt(c), _) => c.legend(lang),
            (Legend::ReverseCharge, Language::Es) => "Inversión del sujeto pasivo",
            (Legend::ReverseCharge, Language::En) => "Reverse charge",
        }
    }
}

/// The IRPF withheld by the customer on the invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withholding {
    /// 15 %: professional services.
    Professional,
    /// 7 %: professionals in their first years of activity.
    NewProfessional,
    /// 19 %: rentals of urban property.
    Rental,
    /// Any other percentage.
    Other(Decimal),
}

impl Withholding {
    pub fn percent(self) -> Decimal {
        match self {
            Withholding::Professional => Decimal::new(15, 0),
            Withholding::NewProfessional => Decimal::new(7, 0),
            Withholding::Rental => Decimal::new(19, 0),
            Withholding::Other(p) => p,
        }
    }
    /// The named percentage when it is one, else `Other`.
    pub fn from_percent(p: Decimal) -> Withholding {
        [
            Withholding::Professional,
            Withholding::NewProfessional,
            Withholding::Rental,
        ]
        .into_iter()
        .find(|w| w.percent() == p)
        .unwrap_or(Withholding::Other(p))
    }
}

// ---------------------------------------------------------------------------------------
// The invoice
// ---------------------------------------------------------------------------------------

/// One line as typed or taken from the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceLine {
    pub description: String,
    /// Up to 3 decimals; negative on credit notes and for deductions on an invoice.
    pub quantity: Decimal,
    /// VAT excluded, or included when the invoice says `prices_include_vat`.
    pub unit_price: Money,
    /// 0 to 100.
    pub discount_pct: Decimal,
    pub tax: LineTax,
    /// The income account (700-705) the line posts to; `None` takes the default.
    pub income_account: Option<AccountCode>,
    /// Whether the invoice's IRPF withholding applies to this line (not to expenses passed
    /// on at cost, for instance).
    pub withholding_applies: bool,
}

impl InvoiceLine {
    /// A line with no discount, the default income account and subject to withholding.
    pub fn new(
        description: impl Into<String>,
        quantity: Decimal,
        unit_price: Money,
        tax: LineTax,
    ) -> InvoiceLine {
        InvoiceLine {
            description: description.into(),
            quantity,
            unit_price,
            discount_pct: Decimal::ZERO,
            tax,
            income_account: None,
            withholding_applies: true,
        }
    }
    pub fn with_discount(mut self, pct: Decimal) -> InvoiceLine {
        self.discount_pct = pct;
        self
    }
    pub fn with_income_account(mut self, account: AccountCode) -> InvoiceLine {
        self.income_account = Some(account);
        self
    }
    pub fn without_withholding(mut self) -> InvoiceLine {
        self.withholding_applies = false;
        self
    }
    /// The same line with the opposite quantity, so its amount is exactly the opposite.
    pub fn negated(&self) -> InvoiceLine {
        InvoiceLine {
            quantity: -self.quantity,
            ..self.clone()
        }
    }
    /// quantity × price × (1 − discount/100), not rounded; `None` on overflow.
    fn exact_amount(&self) -> Option<Decimal> {
        let factor = Decimal::ONE.checked_sub(pct(self.discount_pct)?)?;
        self.quantity
            .checked_mul(self.unit_price.decimal())?
            .checked_mul(factor)
    }
    /// The line's amount rounded to cents: its base, or its VAT-included amount when prices
    /// include VAT. `None` when too large to be an amount.
    pub fn amount(&self) -> Option<Money> {
        self.exact_amount().and_then(round_to_cents)
    }
}

/// A reference to an issued invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRef {
    pub number: String,
    pub issue_date: NaiveDate,
}

/// How a credit note corrects the invoice it cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorrectionMethod {
    /// Its lines are the differences (negative to reduce): VeriFactu `I`.
    Difference,
    /// Its lines are the full negative of the original plus the correct lines: VeriFactu `S`.
    Substitution,
}

impl CorrectionMethod {
    /// VeriFactu's TipoRectificativa.
    pub fn verifactu_code(self) -> &'static str {
        match self {
            CorrectionMethod::Difference => "I",
            CorrectionMethod::Substitution => "S",
        }
    }
}

/// Why a credit note is issued: decides its VeriFactu type R1-R4 (R5 is any correction of a
/// simplified invoice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorrectionReason {
    /// R1: an error in law, or art. 80 One, Two and Six LIVA (returns, discounts after the
    /// sale, cancelled operations, price changes).
    LegalErrorOrArt80,
    /// R2: the customer's insolvency proceedings (art. 80 Three).
    Insolvency,
    /// R3: an uncollectable debt (art. 80 Four).
    BadDebt,
    /// R4: any other reason (a mistake in the invoice).
    Other,
}

/// What a credit note cites and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub corrects: InvoiceRef,
    pub method: CorrectionMethod,
    pub reason: CorrectionReason,
    /// The reason in words, printed on the credit note.
    pub explanation: String,
    /// Whether the corrected invoice is a simplified one (VeriFactu R5).
    pub of_simplified: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvoiceKind {
    /// A complete invoice (F1).
    Full,
    /// A simplified invoice, or ticket (F2).
    Simplified,
    /// A complete invoice issued in place of simplified ones (F3).
    ReplacesSimplified(Vec<InvoiceRef>),
    /// A credit note, factura rectificativa (R1-R5).
    Corrective(Correction),
}

/// The customer as the invoice names them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Recipient {
    pub name: String,
    /// ISO 3166 alpha-2.
    pub country: String,
    /// NIF/NIE/CIF in Spain, the VAT number for intra-EU, free text elsewhere; may be empty on
    /// a simplified invoice.
    pub tax_id: String,
}

/// An invoice as typed: not checked, not numbered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceDraft {
    pub kind: InvoiceKind,
    pub issue_date: NaiveDate,
    pub recipient: Recipient,
    pub treatment: TaxTreatment,
    /// Unit prices include VAT (and recargo): usual on tickets.
    pub prices_include_vat: bool,
    pub withholding: Option<Withholding>,
    pub lines: Vec<InvoiceLine>,
}

/// The breakdown of one applied tax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateTotal {
    pub tax: AppliedTax,
    pub base: Money,
    pub vat: Money,
    pub recargo: Money,
}

/// The amounts of an invoice; see the module doc for how each is rounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceTotals {
    /// The base of each line, in order (for VAT-included prices, the line's share of its
    /// rate's base).
    pub line_bases: Vec<Money>,
    pub by_rate: Vec<RateTotal>,
    pub base: Money,
    pub vat: Money,
    pub recargo: Money,
    /// The base the withholding is computed on.
    pub withholding_base: Money,
    pub withholding: Money,
    /// What the customer owes: base + VAT + recargo − withholding.
    pub total: Money,
}

impl InvoiceTotals {
    /// VAT plus recargo: VeriFactu's CuotaTotal.
    pub fn tax(&self) -> Money {
        self.vat + self.recargo
    }
    /// Base plus VAT plus recargo, before withholding: VeriFactu's ImporteTotal, and the
    /// amount the simplified-invoice limit applies to.
    pub fn gross(&self) -> Money {
        self.base + self.vat + self.recargo
    }
}

/// Computes the totals of any draft, checked or not, so a form can show them while it is
/// typed. Lines too large to be amounts count as zero (`Invoice::new` refuses them).
pub fn compute_totals(draft: &InvoiceDraft, rules: &VatRules) -> InvoiceTotals {
    let amounts: Vec<Money> = draft
        .lines
        .iter()
        .map(|l| l.amount().unwrap_or(Money::ZERO))
        .collect();
    let applied: Vec<AppliedTax> = draft
        .lines
        .iter()
        .map(|l| draft.treatment.apply(l.tax, rules))
        .collect();

    // Group the lines by applied tax, in first-seen order, then sort.
    let mut groups: Vec<(AppliedTax, Vec<usize>)> = Vec::new();
    for (i, tax) in applied.iter().enumerate() {
        match groups.iter_mut().find(|(t, _)| t == tax) {
            Some((_, idx)) => idx.push(i),
            None => groups.push((*tax, vec![i])),
        }
    }
    groups.sort_by_key(|(t, _)| t.order());

    let mut line_bases = amounts.clone();
    let mut by_rate = Vec::with_capacity(groups.len());
    for (tax, idx) in &groups {
        let sum: Money = idx.iter().map(|&i| amounts[i]).sum();
        let rate = tax.vat_rate();
        let re = tax.recargo_rate();
        let (base, vat, recargo) = if draft.prices_include_vat {
            let divisor = rate
                .checked_add(re)
                .and_then(pct)
                .and_then(|x| Decimal::ONE.checked_add(x))
                .filter(|d| *d > Decimal::ZERO)
                .unwrap_or(Decimal::ONE);
            let base = round_to_cents(sum.decimal() / divisor).unwrap_or(Money::ZERO);
            let recargo = share(base, re);
            // Each line's share of the base; the rounding remainder goes to the largest line.
            let mut shares = Money::ZERO;
            for &i in idx {
                line_bases[i] =
                    round_to_cents(amounts[i].decimal() / divisor).unwrap_or(Money::ZERO);
                shares += line_bases[i];
            }
            if let Some(&largest) = idx.iter().max_by_key(|&&i| amounts[i].abs()) {
                line_bases[largest] += base - shares;
            }
            (base, sum - base - recargo, recargo)
        } else {
            (sum, share(sum, rate), share(sum, re))
        };
        by_rate.push(RateTotal {
            tax: *tax,
            base,
            vat,
            recargo,
        });
    }

    let base: Money = by_rate.iter().map(|r| r.base).sum();
    let vat: Money = by_rate.iter().map(|r| r.vat).sum();
    let recargo: Money = by_rate.iter().map(|r| r.recargo).sum();
    let withholding_base: Money = draft
        .lines
        .iter()
        .zip(&line_bases)
        .filter(|(l, _)| l.withholding_applies)
        .map(|(_, b)| *b)
        .sum();
    let withholding = match draft.withholding {
        Some(w) => share(withholding_base, w.percent()),
        None => Money::ZERO,
    };
    InvoiceTotals {
        line_bases,
        by_rate,
        base,
        vat,
        recargo,
        withholding_base,
        withholding,
        total: base + vat + recargo - withholding,
    }
}

/// round(amount × percent / 100).
fn share(amount: Money, percent: Decimal) -> Money {
    amount
        .decimal()
        .checked_mul(percent)
        .and_then(pct)
        .and_then(round_to_cents)
        .unwrap_or(Money::ZERO)
}

/// An invoice that passed every check: the only thing that may be numbered and issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    draft: InvoiceDraft,
    totals: InvoiceTotals,
}

/// A credit note's heading: the invoice it corrects and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditNoteHeader {
    /// The corrected invoice's number.
    pub corrects: String,
    pub issue_date: NaiveDate,
    pub reason: CorrectionReason,
    pub explanation: String,
}

impl Invoice {
    /// Checks a draft and returns every problem found, each naming its line (1-based row) and
    /// field: no lines, a blank description, a zero quantity, more than 3 decimals, a
    /// discount outside 0..100, a VAT rate the rules do not know, a missing or malformed
    /// customer tax id where one is required, a negative total outside a credit note, a
    /// simplified invoice over its limit, a credit note that cites nothing or no reason.
    pub fn new(draft: InvoiceDraft, rules: &InvoiceRules) -> Result<Invoice, Vec<Problem>> {
        let totals = compute_totals(&draft, &rules.vat);
        let problems = check(&draft, &totals, rules);
        if problems.is_empty() {
            Ok(Invoice { draft, totals })
        } else {
            Err(problems)
        }
    }
    pub fn draft(&self) -> &InvoiceDraft {
        &self.draft
    }
    pub fn into_draft(self) -> InvoiceDraft {
        self.draft
    }
    pub fn totals(&self) -> &InvoiceTotals {
        &self.totals
    }
    pub fn issue_date(&self) -> NaiveDate {
        self.draft.issue_date
    }
    pub fn is_corrective(&self) -> bool {
        matches!(self.draft.kind, InvoiceKind::Corrective(_))
    }

    /// The invoice's VeriFactu type (TipoFactura).
    pub fn invoice_type(&self) -> InvoiceType {
        match &self.draft.kind {
            InvoiceKind::Full => InvoiceType::F1,
            InvoiceKind::Simplified => InvoiceType::F2,
            InvoiceKind::ReplacesSimplified(_) => InvoiceType::F3,
            InvoiceKind::Corrective(c) if c.of_simplified => InvoiceType::R5,
            InvoiceKind::Corrective(c) => match c.reason {
                CorrectionReason::LegalErrorOrArt80 => InvoiceType::R1,
                CorrectionReason::Insolvency => InvoiceType::R2,
                CorrectionReason::BadDebt => InvoiceType::R3,
                CorrectionReason::Other => InvoiceType::R4,
            },
        }
    }

    /// The mentions the invoice must print (exemption causes, reverse charge), each once, in
    /// the order of the breakdown.
    pub fn legends(&self) -> Vec<Legend> {
        let mut out = Vec::new();
        for l in self.totals.by_rate.iter().filter_map(|r| r.tax.legend()) {
            if !out.contains(&l) {
                out.push(l);
            }
        }
        out
    }

    fn credit_note(
        &self,
        header: CreditNoteHeader,
        method: CorrectionMethod,
        lines: Vec<InvoiceLine>,
    ) -> InvoiceDraft {
        InvoiceDraft {
            kind: InvoiceKind::Corrective(Correction {
                corrects: InvoiceRef {
                    number: header.corrects,
                    issue_date: self.draft.issue_date,
                },
                method,
                reason: header.reason,
                explanation: header.explanation,
                of_simplified: matches!(self.draft.kind, InvoiceKind::Simplified),
            }),
            issue_date: header.issue_date,
            lines,
            ..self.draft.clone()
        }
    }

    /// A credit note by differences: `lines` are the changes (negative to reduce); the
    /// customer, treatment, price basis and withholding are the original's.
    pub fn credit_note_by_difference(
        &self,
        header: CreditNoteHeader,
        lines: Vec<InvoiceLine>,
    ) -> InvoiceDraft {
        self.credit_note(header, CorrectionMethod::Difference, lines)
    }

    /// A credit note that cancels the whole invoice: every line negated.
    pub fn cancelling_credit_note(&self, header: CreditNoteHeader) -> InvoiceDraft {
        let lines = self.draft.lines.iter().map(InvoiceLine::negated).collect();
        self.credit_note(header, CorrectionMethod::Difference, lines)
    }

    /// A credit note by substitution: the full negative of the original followed by the
    /// correct lines, so its totals are the new invoice's minus the original's.
    pub fn credit_note_by_substitution(
        &self,
        header: CreditNoteHeader,
        new_lines: Vec<InvoiceLine>,
    ) -> InvoiceDraft {
        let lines = self
            .draft
            .lines
            .iter()
            .map(InvoiceLine::negated)
            .chain(new_lines)
            .collect();
        self.credit_note(header, CorrectionMethod::Substitution, lines)
    }
}

fn check(draft: &InvoiceDraft, totals: &InvoiceTotals, rules: &InvoiceRules) -> Vec<Problem> {
    let mut problems = Vec::new();
    if draft.lines.is_empty() {
        problems.push(
            Problem::new(
                ProblemCode::TooFewLines,
                "an invoice needs at least one line",
            )
            .field("lines"),
        );
    }
    for (i, line) in draft.lines.iter().enumerate() {
        check_line(
            i as u32 + 1,
            line,
            draft.treatment,
            &rules.vat,
            &mut problems,
        );
    }
    if let Some(w) = draft.withholding {
        let p = w.percent();
        if p <= Decimal::ZERO || p >= Decimal::ONE_HUNDRED {
            problems.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!("a withholding of {p} % is not between 0 and 100"),
                )
                .field("withholding")
                .param("percent", p),
            );
        }
    }
    check_recipient(draft, &mut problems);
    check_kind(draft, &mut problems);

    let corrective = matches!(draft.kind, InvoiceKind::Corrective(_));
    if totals.total.is_negative() && !corrective {
        problems.push(
            Problem::new(
                ProblemCode::NegativeAmount,
                format!(
                    "the total is {}; only a credit note (factura rectificativa) may be negative",
                    totals.total
                ),
            )
            .field("total")
            .param("total", totals.total),
        );
    }
    let simplified = match &draft.kind {
        InvoiceKind::Simplified => true,
        InvoiceKind::Corrective(c) => c.of_simplified,
        _ => false,
    };
    if simplified && totals.gross().abs() > rules.simplified_limit {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!(
                    "a simplified invoice may total at most {} (VAT included), this one totals {}; issue a complete invoice",
                    rules.simplified_limit,
                    totals.gross()
                ),
            )
            .field("total")
            .param("limit", rules.simplified_limit)
            .param("total", totals.gross()),
        );
    }
    problems
}

fn check_line(
    row: u32,
    line: &InvoiceLine,
    treatment: TaxTreatment,
    vat: &VatRules,
    problems: &mut Vec<Problem>,
) {
    if line.description.trim().is_empty() {
        problems.push(
            Problem::new(ProblemCode::Required, "the line needs a description")
                .at_row(row)
                .field("description"),
        );
    }
    if line.quantity.is_zero() {
        problems.push(
            Problem::new(
                ProblemCode::LineEmpty,
                "the quantity is zero; remove the line or enter a quantity",
            )
            .at_row(row)
            .field("quantity"),
        );
    } else if line.quantity.normalize().scale() > 3 {
        problems.push(
            Problem::new(
                ProblemCode::InvalidAmount,
                format!("the quantity {} has more than 3 decimals", line.quantity),
            )
            .at_row(row)
            .field("quantity")
            .param("quantity", line.quantity),
        );
    }
    if line.discount_pct < Decimal::ZERO || line.discount_pct > Decimal::ONE_HUNDRED {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!(
                    "a discount of {} % is not between 0 and 100",
                    line.discount_pct
                ),
            )
            .at_row(row)
            .field("discount")
            .param("discount", line.discount_pct)
            .param("min", 0)
            .param("max", 100),
        );
    }
    if let (true, LineTax::Vat(rate)) = (treatment.uses_line_rates(), line.tax) {
        if !vat.allows(rate) {
            let allowed: Vec<String> = vat.rates.iter().map(|r| r.vat.to_string()).collect();
            problems.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!(
                        "{rate} % is not a VAT rate; use one of {} or an exemption",
                        allowed.join(", ")
                    ),
                )
                .at_row(row)
                .field("vat_rate")
                .param("rate", rate)
                .param("allowed", allowed.join(",")),
            );
        }
    }
    if line.amount().is_none() {
        problems.push(
            Problem::new(ProblemCode::InvalidAmount, "the line's amount is too large")
                .at_row(row)
                .field("unit_price"),
        );
    }
}

fn check_recipient(draft: &InvoiceDraft, problems: &mut Vec<Problem>) {
    let r = &draft.recipient;
    let required = match &draft.kind {
        InvoiceKind::Simplified => false,
        InvoiceKind::Corrective(c) => !c.of_simplified,
        _ => true,
    };
    let id = r.tax_id.trim();
    if required && r.name.trim().is_empty() {
        problems.push(
            Problem::new(
                ProblemCode::Required,
                "a complete invoice names the customer (RD 1619/2012 art. 6)",
            )
            .field("recipient_name"),
        );
    }
    if draft.treatment == TaxTreatment::IntraEuReverseCharge {
        if matches!(draft.kind, InvoiceKind::Simplified) {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    "a reverse-charge operation needs a complete invoice, not a simplified one",
                )
                .field("treatment"),
            );
        }
        match taxid::validate_eu_vat(id) {
            Ok(v) if v.prefix == "ES" => problems.push(
                Problem::new(
                    ProblemCode::InvalidTaxId,
                    format!("'{id}' is a Spanish VAT number; intra-EU reverse charge is for customers in other member states"),
                )
                .field("recipient_tax_id"),
            ),
            Ok(_) => {}
            Err(e) => problems.push(
                Problem::new(
                    ProblemCode::InvalidTaxId,
                    format!("intra-EU reverse charge needs the customer's EU VAT number: {e}"),
                )
                .field("recipient_tax_id")
                .param("reason", e.reason.code()),
            ),
        }
        return;
    }
    if id.is_empty() {
        if required {
            problems.push(
                Problem::new(
                    ProblemCode::Required,
                    "a complete invoice needs the customer's tax id (RD 1619/2012 art. 6)",
                )
                .field("recipient_tax_id"),
            );
        }
        return;
    }
    let country = if r.country.trim().is_empty() {
        "ES"
    } else {
        r.country.trim()
    };
    if let Err(e) = taxid::check(country, id) {
        let mut p = Problem::new(ProblemCode::InvalidTaxId, e.message.clone())
            .field("recipient_tax_id")
            .param("reason", e.reason.code());
        if let Some(c) = e.reason.expected() {
            p = p.param("expected", c);
        }
        problems.push(p);
    }
}

fn check_kind(draft: &InvoiceDraft, problems: &mut Vec<Problem>) {
    match &draft.kind {
        InvoiceKind::ReplacesSimplified(tickets) if tickets.is_empty() => problems.push(
            Problem::new(
                ProblemCode::Required,
                "name the simplified invoices this invoice replaces",
            )
            .field("replaces"),
        ),
        InvoiceKind::Corrective(c) => {
            if c.corrects.number.trim().is_empty() {
                problems.push(
                    Problem::new(
                        ProblemCode::Required,
                        "a credit note cites the invoice it corrects",
                    )
                    .field("corrects"),
                );
            }
            if c.corrects.issue_date > draft.issue_date {
                problems.push(
                    Problem::new(
                        ProblemCode::InvalidDate,
                        format!(
                            "the credit note is dated {}, before the invoice it corrects ({})",
                            draft.issue_date, c.corrects.issue_date
                        ),
                    )
                    .field("issue_date")
                    .param("date", draft.issue_date)
                    .param("corrected_date", c.corrects.issue_date),
                );
            }
            if c.explanation.trim().is_empty() {
                problems.push(
                    Problem::new(
                        ProblemCode::Required,
                        "a credit note says why it corrects the invoice",
                    )
                    .field("explanation"),
                );
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------
// Journal
// ---------------------------------------------------------------------------------------

/// The accounts an invoice posts to; the company's chart decides them, not this code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesAccounts {
    /// The customer (430 or the customer's own subaccount).
    pub customer: AccountCode,
    /// Income for lines that name no account of their own (700 sales, 705 services).
    pub income: AccountCode,
    /// Output VAT (477) per VAT rate.
    pub output_vat: Vec<(Decimal, AccountCode)>,
    /// Recargo de equivalencia per recargo rate. A rate not listed posts to the output VAT
    /// account of the VAT rate it goes with, on a line of its own.
    pub recargo: Vec<(Decimal, AccountCode)>,
    /// IRPF withheld by the customer, an asset until the year's tax return (473).
    pub withholding: AccountCode,
}

impl SalesAccounts {
    /// The accounts of the PGC PYMES chart shipped in assets/charts/es-pymes.csv: 430, 700,
    /// 4770021 / 4770010 / 4770004, recargo on the same 477 subaccount as its VAT, 473.
    pub fn pgc_pymes() -> SalesAccounts {
        let a = |s: &str| AccountCode::parse(s).expect("valid account code");
        SalesAccounts {
            customer: a("430"),
            income: a("700"),
            output_vat: vec![
                (Decimal::new(21, 0), a("4770021")),
                (Decimal::new(10, 0), a("4770010")),
                (Decimal::new(4, 0), a("4770004")),
            ],
            recargo: Vec::new(),
            withholding: a("473"),
        }
    }
    /// The same accounts with the customer's own account.
    pub fn for_customer(mut self, customer: AccountCode) -> SalesAccounts {
        self.customer = customer;
        self
    }
    fn vat_account(&self, rate: Decimal) -> Option<&AccountCode> {
        self.output_vat
            .iter()
            .find(|(r, _)| *r == rate)
            .map(|(_, a)| a)
    }
    fn recargo_account(&self, recargo: Decimal, vat: Decimal) -> Option<&AccountCode> {
        self.recargo
            .iter()
            .find(|(r, _)| *r == recargo)
            .map(|(_, a)| a)
            .or_else(|| self.vat_account(vat))
    }
}

fn signed_line(account: &AccountCode, description: String, amount: Money) -> EntryLine {
    let (debit, credit) = amount.sides();
    EntryLine {
        account: account.clone(),
        description,
        debit,
        credit,
    }
}

/// The journal entry an issued invoice posts, dated on its issue date: the customer debited
/// with the total, the IRPF withheld debited to 473, each income account credited with its
/// lines' bases, output VAT credited per rate and recargo per rate on lines of their own.
/// A credit note posts the same with the signs turned (a negative amount goes to the other
/// side). Lines of zero are left out. Refuses a VAT rate with no account.
pub fn invoice_entry(
    invoice: &Invoice,
    number: &str,
    accounts: &SalesAccounts,
) -> Result<EntryDraft, Problem> {
    let t = invoice.totals();
    let d = invoice.draft();
    let what = if invoice.is_corrective() {
        "Factura rectificativa"
    } else {
        "Factura"
    };
    let doc = format!("{what} {}", number.trim());
    let mut lines = vec![signed_line(&accounts.customer, doc.clone(), t.total)];
    lines.push(signed_line(
        &accounts.withholding,
        format!("Retención IRPF {doc}"),
        t.withholding,
    ));
    let mut income: Vec<(&AccountCode, Money)> = Vec::new();
    for (line, base) in d.lines.iter().zip(&t.line_bases) {
        let account = line.income_account.as_ref().unwrap_or(&accounts.income);
        match income.iter_mut().find(|(a, _)| *a == account) {
            Some((_, sum)) => *sum += *base,
            None => income.push((account, *base)),
        }
    }
    for (account, base) in income {
        lines.push(signed_line(account, doc.clone(), -base));
    }
    for r in &t.by_rate {
        if let AppliedTax::Vat { rate, recargo } = r.tax {
            if !r.vat.is_zero() {
                let account = accounts.vat_account(rate).ok_or_else(|| {
                    Problem::new(
                        ProblemCode::UnknownAccount,
                        format!("no output VAT account is set for {rate} %"),
                    )
                    .field("vat_rate")
                    .param("rate", rate)
                })?;
                lines.push(signed_line(
                    account,
                    format!(
                        "IVA repercutido {} % {doc}",
                        format_percent(rate, Language::Es)
                    ),
                    -r.vat,
                ));
            }
            if !r.recargo.is_zero() {
                let account = accounts.recargo_account(recargo, rate).ok_or_else(|| {
                    Problem::new(
                        ProblemCode::UnknownAccount,
                        format!("no account is set for recargo de equivalencia {recargo} %"),
                    )
                    .field("recargo_rate")
                    .param("rate", recargo)
                })?;
                lines.push(signed_line(
                    account,
                    format!(
                        "Recargo de equivalencia {} % {doc}",
                        format_percent(recargo, Language::Es)
                    ),
                    -r.recargo,
                ));
            }
        }
    }
    lines.retain(|l| !(l.debit.is_zero() && l.credit.is_zero()));
    let name = d.recipient.name.trim();
    Ok(EntryDraft {
        date: d.issue_date,
        description: if name.is_empty() {
            doc
        } else {
            format!("{doc} · {name}")
        },
        lines,
    })
}

/// The entry of a payment received: the cash (570) or bank (572) account debited, the
/// customer credited. A negative amount (a refund) turns the sides.
pub fn payment_entry(
    date: NaiveDate,
    amount: Money,
    customer: &AccountCode,
    treasury: &AccountCode,
    description: &str,
) -> EntryDraft {
    EntryDraft {
        date,
        description: description.trim().to_string(),
        lines: vec![
            signed_line(treasury, description.trim().to_string(), amount),
            signed_line(customer, description.trim().to_string(), -amount),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn eur(s: &str) -> Money {
        Money::parse(s).unwrap()
    }
    fn draft(lines: Vec<InvoiceLine>) -> InvoiceDraft {
        InvoiceDraft {
            kind: InvoiceKind::Full,
            issue_date: d(2027, 3, 1),
            recipient: Recipient {
                name: "Cliente SL".into(),
                country: "ES".into(),
                tax_id: "B12345674".into(),
            },
            treatment: TaxTreatment::Domestic,
            prices_include_vat: false,
            withholding: None,
            lines,
        }
    }

    #[test]
    fn line_amount_rounds_half_away_from_zero() {
        // 0.125 × 3.00 = 0.375 -> 0.38; negated -> -0.38.
        let l = InvoiceLine::new("x", dec!(0.125), eur("3.00"), LineTax::Vat(dec!(21)));
        assert_eq!(l.amount(), Some(eur("0.38")));
        assert_eq!(l.negated().amount(), Some(eur("-0.38")));
        // 2.5 × 19.99 × 0.9 = 44.9775 -> 44.98
        let l = InvoiceLine::new("x", dec!(2.5), eur("19.99"), LineTax::Vat(dec!(21)))
            .with_discount(dec!(10));
        assert_eq!(l.amount(), Some(eur("44.98")));
    }

    #[test]
    fn vat_is_computed_per_rate_on_summed_bases() {
        // Ten lines of 0.05 at 21 %: line by line 0.0105 -> 0.01 each, 0.10 in all; per rate
        // 0.50 × 21 % = 0.105 -> 0.11, which is what we charge.
        let lines = (0..10)
            .map(|_| InvoiceLine::new("x", dec!(1), eur("0.05"), LineTax::Vat(dec!(21))))
            .collect();
        let t = compute_totals(&draft(lines), &VatRules::spain());
        assert_eq!(t.base, eur("0.50"));
        assert_eq!(t.vat, eur("0.11"));
        assert_eq!(t.total, eur("0.61"));
    }

    #[test]
    fn treatments_decide_the_applied_tax() {
        let rules = VatRules::spain();
        let v21 = LineTax::Vat(dec!(21));
        assert_eq!(
            TaxTreatment::RecargoEquivalencia.apply(v21, &rules),
            AppliedTax::Vat {
                rate: dec!(21),
                recargo: dec!(5.2)
            }
        );
        assert_eq!(
            TaxTreatment::RecargoEquivalencia.apply(LineTax::Vat(dec!(4)), &rules),
            AppliedTax::Vat {
                rate: dec!(4),
                recargo: dec!(0.5)
            }
        );
        assert_eq!(
            TaxTreatment::Export.apply(v21, &rules),
            AppliedTax::Exempt(ExemptionCause::E2)
        );
        assert_eq!(
            TaxTreatment::IntraEuReverseCharge.apply(v21, &rules),
            AppliedTax::ReverseCharge
        );
        assert_eq!(
            TaxTreatment::Domestic.apply(LineTax::Exempt(ExemptionCause::E1), &rules),
            AppliedTax::Exempt(ExemptionCause::E1)
        );
        for t in [
            TaxTreatment::Domestic,
            TaxTreatment::RecargoEquivalencia,
            TaxTreatment::Exempt(ExemptionCause::E4),
            TaxTreatment::IntraEuReverseCharge,
            TaxTreatment::Export,
        ] {
            assert_eq!(TaxTreatment::parse(t.as_str()), Some(t));
        }
    }

    #[test]
    fn withholding_names_its_usual_rates() {
        assert_eq!(
            Withholding::from_percent(dec!(15)),
            Withholding::Professional
        );
        assert_eq!(
            Withholding::from_percent(dec!(7)),
            Withholding::NewProfessional
        );
        assert_eq!(Withholding::from_percent(dec!(19)), Withholding::Rental);
        assert_eq!(
            Withholding::from_percent(dec!(2)),
            Withholding::Other(dec!(2))
        );
    }

    #[test]
    fn percent_is_printed_the_local_way() {
        assert_eq!(format_percent(dec!(5.20), Language::Es), "5,2");
        assert_eq!(format_percent(dec!(21.00), Language::En), "21");
    }
}
