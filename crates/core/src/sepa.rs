//! SEPA credit transfer files: ISO 20022 `pain.001.001.03`, the XML a bank accepts to pay
//! several supplier bills at once (a payment run). One group header, one payment information
//! block (one debtor account, one execution date) and one `CdtTrfTxInf` per transfer.
//!
//! Pure: the caller passes the creation time and the execution date; nothing reads the clock.
//! The XML is written by hand (a dozen element kinds, one escape function) rather than through
//! an XML crate.
//!
//! Text rules (EPC "SEPA Requirements for an Extended Character Set", basic Latin set):
//! - free text (names, remittance) is converted to `a-z A-Z 0-9 / - ? : ( ) . , ' +` and space:
//!   accented and other European letters lose their marks (á -> a, Ñ -> N, ç -> c, ü -> u,
//!   ß -> ss, æ -> ae, ø -> o, ł -> l), `º` / `ª` are dropped, `&` becomes `+` (language
//!   neutral and inside the set, where "y" / "and" would hard-code a language), dashes become
//!   `-`, typographic quotes `'`, brackets `(` `)`, `;` `,`, `€` "EUR", any other character
//!   is dropped; runs of spaces collapse to one and the ends are trimmed; then names are cut to
//!   70 characters and the remittance to 140.
//! - identifiers (message id, end-to-end ids) are not converted but checked: 1 to 35 characters
//!   of that set, not starting or ending with `/` and without `//` (EPC rule for references).
//!
//! Spanish banks (the AEB/CSB 34 successor guides) read the initiating party's identification
//! as the tax id followed by a three-digit suffix; this module always writes suffix "000".

use crate::iban::{Bic, BicError, Iban, IbanError};
use crate::taxid;
use chrono::{NaiveDate, NaiveDateTime};
use std::fmt::Write;

/// The largest amount of one transfer the scheme allows: 999 999 999.99 EUR.
pub const MAX_AMOUNT_CENTS: i64 = 99_999_999_999;
/// Free-text limits after conversion to the SEPA character set.
pub const MAX_NAME: usize = 70;
pub const MAX_REMITTANCE: usize = 140;
/// Identifier limit (Max35Text).
pub const MAX_ID: usize = 35;
/// The suffix appended to the debtor's tax id in `InitgPty/Id/OrgId/Othr/Id`.
pub const TAX_ID_SUFFIX: &str = "000";
/// `CtrlSum` has at most 18 digits, 2 of them decimals.
const MAX_TOTAL_CENTS: i128 = 999_999_999_999_999_999;

/// The company that pays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Debtor {
    pub name: String,
    pub iban: String,
    pub bic: Option<String>,
    /// NIF/CIF (or foreign id); written with the "000" suffix Spanish banks expect.
    pub tax_id: String,
}

/// One payment to one supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// Travels unchanged to the creditor's statement; unique within the run.
    pub end_to_end_id: String,
    pub creditor_name: String,
    pub creditor_iban: String,
    pub creditor_bic: Option<String>,
    /// Euro cents, more than 0 and at most `MAX_AMOUNT_CENTS`.
    pub amount_cents: i64,
    /// Unstructured remittance (e.g. the bills paid); empty writes no `RmtInf`.
    pub remittance: String,
}

/// A payment run: one file, one debtor account, one execution date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditTransferRun {
    /// `MsgId`, also used as the `PmtInfId` of the single payment information block.
    pub message_id: String,
    /// `CreDtTm`, written as given (the caller's UTC audit time).
    pub created_at: NaiveDateTime,
    pub execution_date: NaiveDate,
    pub debtor: Debtor,
    pub transfers: Vec<Transfer>,
}

/// Why an identifier (message id, end-to-end id) was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("is required")]
    Empty,
    #[error("has {0} characters, at most 35 are allowed")]
    TooLong(usize),
    #[error("contains {0:?}, only letters, digits, spaces and / - ? : ( ) . , ' + are allowed")]
    Character(char),
    #[error("must not start or end with '/' nor contain '//'")]
    Slash,
}

impl IdError {
    pub fn code(&self) -> &'static str {
        match self {
            IdError::Empty => "required",
            IdError::TooLong(_) => "length",
            IdError::Character(_) => "character",
            IdError::Slash => "slash",
        }
    }
}

/// What is wrong with one transfer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransferProblem {
    #[error("the end-to-end id {id:?} {error}")]
    EndToEndId { id: String, error: IdError },
    #[error("the end-to-end id {0:?} is already used by transfer {1}")]
    DuplicateEndToEndId(String, usize),
    #[error("the creditor's name is required (after dropping characters SEPA does not allow)")]
    CreditorName,
    #[error("the amount must be more than 0.00, it is {}", format_amount(*.0))]
    AmountNotPositive(i64),
    #[error("the amount {} is over the SEPA maximum 999999999.99", format_amount(*.0))]
    AmountTooLarge(i64),
    #[error("the IBAN {iban}: {error}")]
    Iban { iban: String, error: IbanError },
    #[error("the IBAN {0} is not in a SEPA country")]
    IbanNotSepa(String),
    #[error("the BIC {bic}: {error}")]
    Bic { bic: String, error: BicError },
}

impl TransferProblem {
    pub fn code(&self) -> &'static str {
        match self {
            TransferProblem::EndToEndId { .. } => "end_to_end_id",
            TransferProblem::DuplicateEndToEndId(..) => "duplicate_end_to_end_id",
            TransferProblem::CreditorName => "creditor_name",
            TransferProblem::AmountNotPositive(_) => "amount_not_positive",
            TransferProblem::AmountTooLarge(_) => "amount_too_large",
            TransferProblem::Iban { .. } => "creditor_iban",
            TransferProblem::IbanNotSepa(_) => "creditor_iban_not_sepa",
            TransferProblem::Bic { .. } => "creditor_bic",
        }
    }
}

/// Why no file could be made from a run. A transfer's error names its position (from 1) and
/// its creditor as typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SepaError {
    #[error("a payment run needs at least one transfer")]
    NoTransfers,
    #[error("the message id {id:?} {error}")]
    MessageId { id: String, error: IdError },
    #[error("the execution date {execution} is before the file's creation date {created}")]
    ExecutionBeforeCreation {
        execution: NaiveDate,
        created: NaiveDate,
    },
    #[error("the debtor's name is required (after dropping characters SEPA does not allow)")]
    DebtorName,
    #[error("the debtor's IBAN {iban}: {error}")]
    DebtorIban { iban: String, error: IbanError },
    #[error("the debtor's IBAN {0} is not in a SEPA country")]
    DebtorIbanNotSepa(String),
    #[error("the debtor's BIC {bic}: {error}")]
    DebtorBic { bic: String, error: BicError },
    #[error("the debtor's tax id {0:?} must be 1 to 32 letters and digits")]
    DebtorTaxId(String),
    #[error("the run's total {} is too large for one file", format_total(*.0))]
    TotalTooLarge(i128),
    #[error("transfer {position} ({creditor}): {problem}")]
    Transfer {
        /// 1-based position in `CreditTransferRun::transfers`.
        position: usize,
        creditor: String,
        problem: TransferProblem,
    },
}

impl SepaError {
    /// A stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            SepaError::NoTransfers => "no_transfers",
            SepaError::MessageId { .. } => "message_id",
            SepaError::ExecutionBeforeCreation { .. } => "execution_date",
            SepaError::DebtorName => "debtor_name",
            SepaError::DebtorIban { .. } => "debtor_iban",
            SepaError::DebtorIbanNotSepa(_) => "debtor_iban_not_sepa",
            SepaError::DebtorBic { .. } => "debtor_bic",
            SepaError::DebtorTaxId(_) => "debtor_tax_id",
            SepaError::TotalTooLarge(_) => "total_too_large",
            SepaError::Transfer { problem, .. } => problem.code(),
        }
    }
}

/// Formats cents as the XML decimal: 123450 -> "1234.50", 5 -> "0.05", -5 -> "-0.05".
pub fn format_amount(cents: i64) -> String {
    format_total(i128::from(cents))
}

fn format_total(cents: i128) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let a = cents.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// The sum of the run's amounts in cents (the `CtrlSum`), in i128 so it never overflows.
pub fn control_sum_cents(run: &CreditTransferRun) -> i128 {
    run.transfers
        .iter()
        .map(|t| i128::from(t.amount_cents))
        .sum()
}

fn is_sepa_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '/' | '-' | '?' | ':' | '(' | ')' | '.' | ',' | '\'' | '+' | ' '
        )
}

/// The replacement of one character outside the SEPA set ("" drops it).
fn replacement(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'æ' => "ae",
        'Æ' => "AE",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'ď' | 'đ' | 'ð' => "d",
        'Ď' | 'Đ' | 'Ð' => "D",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'ĥ' | 'ħ' => "h",
        'Ĥ' | 'Ħ' => "H",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
        'ĵ' => "j",
        'Ĵ' => "J",
        'ķ' => "k",
        'Ķ' => "K",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' => "O",
        'œ' => "oe",
        'Œ' => "OE",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => "S",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => "T",
        'þ' => "th",
        'Þ' => "TH",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ŵ' => "w",
        'Ŵ' => "W",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'Ý' | 'Ÿ' | 'Ŷ' => "Y",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        '&' => "+",
        '–' | '—' | '‐' | '‑' | '_' => "-",
        '‘' | '’' | '‚' | '´' | '`' | '"' | '“' | '”' | '„' | '«' | '»' => "'",
        '[' | '{' => "(",
        ']' | '}' => ")",
        ';' => ",",
        '\\' => "/",
        '€' => "EUR",
        c if c.is_whitespace() => " ",
        _ => "",
    }
}

/// Converts free text to the SEPA Latin character set (see the module notes), collapses
/// spaces, trims, and cuts it to `max` characters.
pub fn to_sepa_text(s: &str, max: usize) -> String {
    let mut converted = String::with_capacity(s.len());
    for c in s.chars() {
        if is_sepa_char(c) {
            converted.push(c);
        } else {
            converted.push_str(replacement(c));
        }
    }
    let collapsed = converted.split_whitespace().collect::<Vec<_>>().join(" ");
    // Only ASCII is left, so bytes are characters.
    let mut out = collapsed;
    out.truncate(max);
    out.truncate(out.trim_end().len());
    out
}

/// Checks an identifier: 1 to 35 characters of the SEPA set, no leading, trailing or double
/// '/'.
pub fn check_id(id: &str) -> Result<(), IdError> {
    if id.is_empty() {
        return Err(IdError::Empty);
    }
    if let Some(c) = id.chars().find(|c| !is_sepa_char(*c)) {
        return Err(IdError::Character(c));
    }
    if id.len() > MAX_ID {
        return Err(IdError::TooLong(id.len()));
    }
    if id.starts_with('/') || id.ends_with('/') || id.contains("//") {
        return Err(IdError::Slash);
    }
    Ok(())
}

/// Escapes text for an XML element or attribute.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A transfer after checking: what the XML needs.
struct Checked<'a> {
    end_to_end_id: &'a str,
    name: String,
    iban: Iban,
    bic: Option<Bic>,
    amount_cents: i64,
    remittance: String,
}

fn check_transfer(t: &Transfer) -> Result<Checked<'_>, TransferProblem> {
    check_id(&t.end_to_end_id).map_err(|error| TransferProblem::EndToEndId {
        id: t.end_to_end_id.clone(),
        error,
    })?;
    let name = to_sepa_text(&t.creditor_name, MAX_NAME);
    if name.is_empty() {
        return Err(TransferProblem::CreditorName);
    }
    if t.amount_cents <= 0 {
        return Err(TransferProblem::AmountNotPositive(t.amount_cents));
    }
    if t.amount_cents > MAX_AMOUNT_CENTS {
        return Err(TransferProblem::AmountTooLarge(t.amount_cents));
    }
    let iban = Iban::parse(&t.creditor_iban).map_err(|error| TransferProblem::Iban {
        iban: t.creditor_iban.trim().to_string(),
        error,
    })?;
    if !iban.is_sepa() {
        return Err(TransferProblem::IbanNotSepa(iban.to_string()));
    }
    let bic = match t.creditor_bic.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(b) => Some(Bic::parse(b).map_err(|error| TransferProblem::Bic {
            bic: b.to_string(),
            error,
        })?),
    };
    Ok(Checked {
        end_to_end_id: &t.end_to_end_id,
        name,
        iban,
        bic,
        amount_cents: t.amount_cents,
        remittance: to_sepa_text(&t.remittance, MAX_REMITTANCE),
    })
}

/// Builds the `pain.001.001.03` XML of a payment run, or says what is wrong with it (the first
/// problem found: header and debtor first, then the transfers in order).
pub fn pain_001_001_03(run: &CreditTransferRun) -> Result<String, SepaError> {
    check_id(&run.message_id).map_err(|error| SepaError::MessageId {
        id: run.message_id.clone(),
        error,
    })?;
    if run.transfers.is_empty() {
        return Err(SepaError::NoTransfers);
    }
    if run.execution_date < run.created_at.date() {
        return Err(SepaError::ExecutionBeforeCreation {
            execution: run.execution_date,
            created: run.created_at.date(),
        });
    }
    let d = &run.debtor;
    let debtor_name = to_sepa_text(&d.name, MAX_NAME);
    if debtor_name.is_empty() {
        return Err(SepaError::DebtorName);
    }
    let debtor_iban = Iban::parse(&d.iban).map_err(|error| SepaError::DebtorIban {
        iban: d.iban.trim().to_string(),
        error,
    })?;
    if !debtor_iban.is_sepa() {
        return Err(SepaError::DebtorIbanNotSepa(debtor_iban.to_string()));
    }
    let debtor_bic = match d.bic.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(b) => Some(Bic::parse(b).map_err(|error| SepaError::DebtorBic {
            bic: b.to_string(),
            error,
        })?),
    };
    let tax_id = taxid::normalize(&d.tax_id);
    if tax_id.is_empty()
        || tax_id.len() > MAX_ID - TAX_ID_SUFFIX.len()
        || !tax_id.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Err(SepaError::DebtorTaxId(d.tax_id.clone()));
    }

    let mut checked = Vec::with_capacity(run.transfers.len());
    for (i, t) in run.transfers.iter().enumerate() {
        let at = |problem| SepaError::Transfer {
            position: i + 1,
            creditor: t.creditor_name.clone(),
            problem,
        };
        let c = check_transfer(t).map_err(at)?;
        if let Some(j) = run.transfers[..i]
            .iter()
            .position(|o| o.end_to_end_id == t.end_to_end_id)
        {
            return Err(at(TransferProblem::DuplicateEndToEndId(
                t.end_to_end_id.clone(),
                j + 1,
            )));
        }
        checked.push(c);
    }
    let total = control_sum_cents(run);
    if total > MAX_TOTAL_CENTS {
        return Err(SepaError::TotalTooLarge(total));
    }

    let mut x = Xml::default();
    let count = checked.len().to_string();
    let sum = format_total(total);
    x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.open_attr(
        "Document",
        "xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"",
    );
    x.open("CstmrCdtTrfInitn");
    x.open("GrpHdr");
    x.leaf("MsgId", &run.message_id);
    x.leaf(
        "CreDtTm",
        &run.created_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
    );
    x.leaf("NbOfTxs", &count);
    x.leaf("CtrlSum", &sum);
    x.open("InitgPty");
    x.leaf("Nm", &debtor_name);
    x.open("Id");
    x.open("OrgId");
    x.open("Othr");
    x.leaf("Id", &format!("{tax_id}{TAX_ID_SUFFIX}"));
    x.close("Othr");
    x.close("OrgId");
    x.close("Id");
    x.close("InitgPty");
    x.close("GrpHdr");

    x.open("PmtInf");
    x.leaf("PmtInfId", &run.message_id);
    x.leaf("PmtMtd", "TRF");
    x.leaf("BtchBookg", "true");
    x.leaf("NbOfTxs", &count);
    x.leaf("CtrlSum", &sum);
    x.open("PmtTpInf");
    x.open("SvcLvl");
    x.leaf("Cd", "SEPA");
    x.close("SvcLvl");
    x.close("PmtTpInf");
    x.leaf(
        "ReqdExctnDt",
        &run.execution_date.format("%Y-%m-%d").to_string(),
    );
    x.open("Dbtr");
    x.leaf("Nm", &debtor_name);
    x.close("Dbtr");
    x.open("DbtrAcct");
    x.open("Id");
    x.leaf("IBAN", debtor_iban.as_str());
    x.close("Id");
    x.close("DbtrAcct");
    x.open("DbtrAgt");
    x.open("FinInstnId");
    match &debtor_bic {
        Some(b) => x.leaf("BIC", b.as_str()),
        None => {
            x.open("Othr");
            x.leaf("Id", "NOTPROVIDED");
            x.close("Othr");
        }
    }
    x.close("FinInstnId");
    x.close("DbtrAgt");
    x.leaf("ChrgBr", "SLEV");

    for t in &checked {
        x.open("CdtTrfTxInf");
        x.open("PmtId");
        x.leaf("EndToEndId", t.end_to_end_id);
        x.close("PmtId");
        x.open("Amt");
        x.leaf_attr("InstdAmt", "Ccy=\"EUR\"", &format_amount(t.amount_cents));
        x.close("Amt");
        if let Some(b) = &t.bic {
            x.open("CdtrAgt");
            x.open("FinInstnId");
            x.leaf("BIC", b.as_str());
            x.close("FinInstnId");
            x.close("CdtrAgt");
        }
        x.open("Cdtr");
        x.leaf("Nm", &t.name);
        x.close("Cdtr");
        x.open("CdtrAcct");
        x.open("Id");
        x.leaf("IBAN", t.iban.as_str());
        x.close("Id");
        x.close("CdtrAcct");
        if !t.remittance.is_empty() {
            x.open("RmtInf");
            x.leaf("Ustrd", &t.remittance);
            x.close("RmtInf");
        }
        x.close("CdtTrfTxInf");
    }
    x.close("PmtInf");
    x.close("CstmrCdtTrfInitn");
    x.close("Document");
    Ok(x.out)
}

/// A tiny indenting XML writer; every text goes through `escape`.
#[derive(Default)]
struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }
    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }
    fn open(&mut self, tag: &str) {
        self.indent();
        let _ = writeln!(self.out, "<{tag}>");
        self.depth += 1;
    }
    fn open_attr(&mut self, tag: &str, attrs: &str) {
        self.indent();
        let _ = writeln!(self.out, "<{tag} {attrs}>");
        self.depth += 1;
    }
    fn close(&mut self, tag: &str) {
        self.depth -= 1;
        self.indent();
        let _ = writeln!(self.out, "</{tag}>");
    }
    fn leaf(&mut self, tag: &str, text: &str) {
        self.indent();
        let _ = writeln!(self.out, "<{tag}>{}</{tag}>", escape(text));
    }
    fn leaf_attr(&mut self, tag: &str, attrs: &str, text: &str) {
        self.indent();
        let _ = writeln!(self.out, "<{tag} {attrs}>{}</{tag}>", escape(text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_from_cents() {
        assert_eq!(format_amount(123_450), "1234.50");
        assert_eq!(format_amount(5), "0.05");
        assert_eq!(format_amount(100), "1.00");
        assert_eq!(format_amount(-5), "-0.05");
        assert_eq!(format_amount(MAX_AMOUNT_CENTS), "999999999.99");
    }

    #[test]
    fn text_is_converted_collapsed_and_cut() {
        assert_eq!(
            to_sepa_text("  Señor Muñoz & Cía, S.º L.ª  ", 70),
            "Senor Munoz + Cia, S. L."
        );
        assert_eq!(to_sepa_text("Straße Øre Łódź", 70), "Strasse Ore Lodz");
        assert_eq!(
            to_sepa_text("Factura «12» — 100 €", 70),
            "Factura '12' - 100 EUR"
        );
        assert_eq!(to_sepa_text("a@b<c>#", 70), "abc");
        assert_eq!(to_sepa_text("abc def", 4), "abc");
        assert_eq!(to_sepa_text("ñ".repeat(80).as_str(), 70).len(), 70);
    }

    #[test]
    fn ids() {
        assert_eq!(check_id("PAGO-2026/11-0001"), Ok(()));
        assert_eq!(check_id(""), Err(IdError::Empty));
        assert_eq!(check_id(&"A".repeat(36)), Err(IdError::TooLong(36)));
        assert_eq!(check_id("A&B"), Err(IdError::Character('&')));
        assert_eq!(check_id("/A"), Err(IdError::Slash));
        assert_eq!(check_id("A//B"), Err(IdError::Slash));
    }

    #[test]
    fn escaping() {
        assert_eq!(escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
    }
}
