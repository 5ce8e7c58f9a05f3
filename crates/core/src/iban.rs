//! Bank account identifiers: IBAN (ISO 13616: country, check digits, BBAN; mod-97 check and
//! each country's length), the Spanish CCC check digits inside an ES IBAN, and the BIC
//! (ISO 9362) format. Written here rather than taken from a crate because the Spanish CCC
//! and BIC checks are needed anyway and the rest is a length table and a remainder.

use std::fmt;

/// Why an IBAN was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IbanError {
    #[error("an IBAN is required")]
    Empty,
    #[error("an IBAN is two letters, two digits and up to 30 letters and digits")]
    Format,
    #[error("an IBAN from {country} has {expected} characters, this one has {found}")]
    Length {
        country: String,
        expected: usize,
        found: usize,
    },
    #[error("the IBAN's check digits do not match: a character is wrong or two are swapped")]
    Checksum,
    #[error("the Spanish account number's control digits (CCC) should be {expected}")]
    SpanishControl { expected: String },
}

impl IbanError {
    /// A stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            IbanError::Empty => "required",
            IbanError::Format => "format",
            IbanError::Length { .. } => "length",
            IbanError::Checksum => "checksum",
            IbanError::SpanishControl { .. } => "control",
        }
    }
}

/// IBAN lengths by country: the SEPA countries and others common in trade (SWIFT's IBAN
/// registry). A country not listed is accepted with any length from 15 to 34 when its check
/// digits match, so a new registry entry does not lock a customer out.
const LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BR", 29),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NL", 18),
    ("NO", 15),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("SA", 24),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
];

/// The countries and territories of the SEPA scheme that have their own IBAN prefix.
const SEPA: &[&str] = &[
    "AD", "AL", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GI",
    "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MD", "ME", "MK", "MT", "NL",
    "NO", "PL", "PT", "RO", "SE", "SI", "SK", "SM", "VA",
];

/// The IBAN length of a country, if it is in the table.
pub fn iban_length(country: &str) -> Option<usize> {
    LENGTHS
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(country))
        .map(|(_, n)| *n)
}

/// A checked IBAN, kept in electronic format (no spaces, upper case).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Iban(String);

/// Upper-cases and drops spaces and dashes: "es91 2100-0418..." -> "ES912100 0418...".
fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// The ISO 7064 mod-97 remainder of an IBAN-shaped string (country, check digits, BBAN),
/// letters counting A = 10 .. Z = 35.
fn mod97(s: &str) -> u32 {
    let (head, bban) = s.split_at(4);
    let mut rem: u32 = 0;
    for c in bban.chars().chain(head.chars()) {
        let v = c.to_digit(36).unwrap_or(0);
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem
}

/// The two control digits of a Spanish CCC (bank 4, branch 4, account 10 digits): the first
/// over "00" + bank + branch, the second over the account, each 11 − (Σ digit × weight mod
/// 11) with weights 1, 2, 4, 8, 5, 10, 9, 7, 3, 6 (11 -> 0, 10 -> 1). `None` unless the parts
/// are digits of those lengths.
pub fn spanish_ccc_control(bank: &str, branch: &str, account: &str) -> Option<String> {
    fn digit(ten: &str) -> Option<u32> {
        const W: [u32; 10] = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
        if ten.len() != 10 || !ten.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let sum: u32 = ten
            .chars()
            .zip(W)
            .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
            .sum();
        Some(match 11 - sum % 11 {
            11 => 0,
            10 => 1,
            d => d,
        })
    }
    if bank.len() != 4 || branch.len() != 4 {
        return None;
    }
    let first = digit(&format!("00{bank}{branch}"))?;
    let second = digit(account)?;
    Some(format!("{first}{second}"))
}

impl Iban {
    /// Checks an IBAN typed in paper format ("ES91 2100 0418 ...") or electronic format:
    /// characters, the country's length, the mod-97 check digits and, for Spain, the CCC
    /// control digits.
    pub fn parse(s: &str) -> Result<Iban, IbanError> {
        let t = compact(s);
        if t.is_empty() {
            return Err(IbanError::Empty);
        }
        let b = t.as_bytes();
        if !t.is_ascii()
            || t.len() < 5
            || !b[..2].iter().all(u8::is_ascii_uppercase)
            || !b[2..4].iter().all(u8::is_ascii_digit)
            || !b[4..].iter().all(u8::is_ascii_alphanumeric)
        {
            return Err(IbanError::Format);
        }
        let country = &t[..2];
        match iban_length(country) {
            Some(n) if n != t.len() => {
                return Err(IbanError::Length {
                    country: country.to_string(),
                    expected: n,
                    found: t.len(),
                })
            }
            None if !(15..=34).contains(&t.len()) => return Err(IbanError::Format),
            _ => {}
        }
        if mod97(&t) != 1 {
            return Err(IbanError::Checksum);
        }
        if country == "ES" {
            let bban = &t[4..];
            let want = spanish_ccc_control(&bban[0..4], &bban[4..8], &bban[10..20])
                .ok_or(IbanError::Format)?;
            if bban[8..10] != want {
                return Err(IbanError::SpanishControl { expected: want });
            }
        }
        Ok(Iban(t))
    }

    /// The IBAN of a country's domestic account number (BBAN), computing the check digits.
    pub fn from_bban(country: &str, bban: &str) -> Result<Iban, IbanError> {
        let country = country.trim().to_ascii_uppercase();
        let bban = compact(bban);
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(IbanError::Format);
        }
        if !bban.bytes().all(|b| b.is_ascii_alphanumeric()) || bban.is_empty() {
            return Err(IbanError::Format);
        }
        let check = 98 - mod97(&format!("{country}00{bban}"));
        Iban::parse(&format!("{country}{check:02}{bban}"))
    }

    /// The IBAN of a 20-digit Spanish CCC (bank, branch, control, account).
    pub fn from_spanish_ccc(ccc: &str) -> Result<Iban, IbanError> {
        let ccc = compact(ccc);
        if ccc.len() != 20 || !ccc.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IbanError::Format);
        }
        Iban::from_bban("ES", &ccc)
    }

    /// Electronic format: "ES9121000418450200051332".
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn country(&self) -> &str {
        &self.0[..2]
    }
    pub fn check_digits(&self) -> &str {
        &self.0[2..4]
    }
    /// The domestic account number.
    pub fn bban(&self) -> &str {
        &self.0[4..]
    }
    /// Paper format, in groups of four: "ES91 2100 0418 4502 0005 1332".
    pub fn grouped(&self) -> String {
        let mut out = String::with_capacity(self.0.len() + self.0.len() / 4);
        for (i, c) in self.0.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }
    /// Whether the account is in a SEPA country (so a SEPA transfer or direct debit reaches it).
    pub fn is_sepa(&self) -> bool {
        SEPA.contains(&self.country())
    }
}

impl fmt::Display for Iban {
    /// Paper format.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

/// Why a BIC was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BicError {
    #[error("a BIC has 8 or 11 characters, this one has {0}")]
    Length(usize),
    #[error(
        "a BIC is 4 letters (bank), 2 letters (country), 2 letters or digits (location) and optionally 3 letters or digits (branch)"
    )]
    Format,
}

/// A BIC (SWIFT code) of the right shape; whether the bank exists is not checked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Bic(String);

impl Bic {
    pub fn parse(s: &str) -> Result<Bic, BicError> {
        let t = compact(s);
        if t.len() != 8 && t.len() != 11 {
            return Err(BicError::Length(t.chars().count()));
        }
        let b = t.as_bytes();
        let ok = b[..6].iter().all(u8::is_ascii_uppercase)
            && b[6..].iter().all(u8::is_ascii_alphanumeric);
        if ok {
            Ok(Bic(t))
        } else {
            Err(BicError::Format)
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn bank(&self) -> &str {
        &self.0[..4]
    }
    pub fn country(&self) -> &str {
        &self.0[4..6]
    }
    pub fn location(&self) -> &str {
        &self.0[6..8]
    }
    /// The branch code, when the BIC has 11 characters.
    pub fn branch(&self) -> Option<&str> {
        self.0.get(8..11)
    }
}

impl fmt::Display for Bic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn valid_ibans_of_several_countries() {
        for s in [
            "ES91 2100 0418 4502 0005 1332",
            "es9121000418450200051332",
            "DE89 3704 0044 0532 0130 00",
            "FR14 2004 1010 0505 0001 3M02 606",
            "GB29 NWBK 6016 1331 9268 19",
            "NL91 ABNA 0417 1643 00",
            "BE68 5390 0754 7034",
            "IT60 X054 2811 1010 0000 0123 456",
            "PT50 0002 0123 1234 5678 9015 4",
            "NO93 8601 1117 947",
            "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
        ] {
            let iban = Iban::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert!(iban.is_sepa(), "{s}");
        }
    }

    #[test]
    fn spanish_control_digits_by_hand() {
        // ES91 2100 0418 45 0200051332:
        // first: 0 0 2 1 0 0 0 4 1 8 × 1 2 4 8 5 10 9 7 3 6 = 8 + 8 + 28 + 3 + 48 = 95;
        //        95 mod 11 = 7; 11 − 7 = 4.
        // second: 0 2 0 0 0 5 1 3 3 2 × weights = 4 + 50 + 9 + 21 + 9 + 12 = 105;
        //        105 mod 11 = 6; 11 − 6 = 5.
        assert_eq!(
            spanish_ccc_control("2100", "0418", "0200051332").as_deref(),
            Some("45")
        );
        // A CCC whose first sum is a multiple of 11 gets 0, and one giving 10 gets 1.
        assert_eq!(
            spanish_ccc_control("0000", "0000", "0000000000").as_deref(),
            Some("00")
        );
        // 0000 0001: 1 × 6 = 6 -> 11 − 6 = 5; account ...01: 6 -> 5.
        assert_eq!(
            spanish_ccc_control("0000", "0001", "0000000001").as_deref(),
            Some("55")
        );
        assert_eq!(spanish_ccc_control("210", "0418", "0200051332"), None);
    }

    #[test]
    fn each_kind_of_error() {
        assert_eq!(Iban::parse("  "), Err(IbanError::Empty));
        assert_eq!(
            Iban::parse("ES91 2100 0418 4502 0005 133!"),
            Err(IbanError::Format)
        );
        assert_eq!(
            Iban::parse("9121000418450200051332"),
            Err(IbanError::Format)
        );
        assert_eq!(
            Iban::parse("ES91 2100 0418 4502 0005 133"),
            Err(IbanError::Length {
                country: "ES".into(),
                expected: 24,
                found: 23
            })
        );
        // Two digits swapped.
        assert_eq!(
            Iban::parse("ES91 2100 0418 4502 0005 1323"),
            Err(IbanError::Checksum)
        );
        // Right IBAN check digits over a wrong CCC control pair (46 instead of 45).
        let bad = Iban::from_bban("ES", "21000418460200051332").unwrap_err();
        assert_eq!(
            bad,
            IbanError::SpanishControl {
                expected: "45".into()
            }
        );
        assert_eq!(bad.code(), "control");
    }

    #[test]
    fn built_from_a_ccc_and_printed_in_groups() {
        let iban = Iban::from_spanish_ccc("2100-0418-45-0200051332").unwrap();
        assert_eq!(iban.as_str(), "ES9121000418450200051332");
        assert_eq!(iban.to_string(), "ES91 2100 0418 4502 0005 1332");
        assert_eq!(iban.country(), "ES");
        assert_eq!(iban.check_digits(), "91");
        assert_eq!(iban.bban(), "21000418450200051332");
        assert_eq!(
            Iban::from_bban("DE", "370400440532013000")
                .unwrap()
                .as_str(),
            "DE89370400440532013000"
        );
    }

    #[test]
    fn unknown_countries_need_only_the_checksum() {
        // A made-up country "ZZ": accepted when mod-97 holds.
        let iban = Iban::from_bban("ZZ", "123456789012").unwrap();
        assert!(!iban.is_sepa());
        assert!(Iban::parse("ZZ00123456789012").is_err());
    }

    #[test]
    fn bics() {
        let b = Bic::parse("caix es bb xxx").unwrap();
        assert_eq!(b.as_str(), "CAIXESBBXXX");
        assert_eq!(
            (b.bank(), b.country(), b.location(), b.branch()),
            ("CAIX", "ES", "BB", Some("XXX"))
        );
        assert_eq!(Bic::parse("BSCHESMM").unwrap().branch(), None);
        assert_eq!(Bic::parse("BSCHESM"), Err(BicError::Length(7)));
        assert_eq!(Bic::parse("BSCH1SMM"), Err(BicError::Format));
        assert_eq!(Bic::parse("BSCHESMM-X!"), Err(BicError::Length(10)));
    }

    proptest! {
        #[test]
        fn any_bban_makes_a_valid_iban_and_one_changed_digit_is_caught(
            account in "[0-9]{18}",
            pos in 4usize..22,
            delta in 1u32..10,
        ) {
            let iban = Iban::from_bban("DE", &account).unwrap();
            prop_assert_eq!(iban.as_str().len(), 22);
            prop_assert_eq!(Iban::parse(&iban.grouped()), Ok(iban.clone()));
            let mut chars: Vec<char> = iban.as_str().chars().collect();
            let d = chars[pos].to_digit(10).unwrap();
            chars[pos] = char::from_digit((d + delta) % 10, 10).unwrap();
            let changed: String = chars.into_iter().collect();
            prop_assert_eq!(Iban::parse(&changed), Err(IbanError::Checksum));
        }
    }
}
