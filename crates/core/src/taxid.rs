//! Spanish tax ids: NIF (DNI), NIE and CIF, each checked with its control character; the
//! format of EU VAT numbers per member state (`validate_eu_vat`, for intra-EU customers and
//! suppliers). Other countries' ids are free text (see `check`).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanishTaxIdKind {
    Nif,
    Nie,
    Cif,
}

impl SpanishTaxIdKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SpanishTaxIdKind::Nif => "NIF",
            SpanishTaxIdKind::Nie => "NIE",
            SpanishTaxIdKind::Cif => "CIF",
        }
    }
}

/// Why a tax id was refused, for a message in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaxIdReason {
    /// Empty.
    Required,
    /// Not 9 characters (Spain) or over 32 (elsewhere).
    Length,
    /// The characters do not follow any NIF, NIE or CIF pattern.
    Format,
    /// The pattern is right but the control character is not; it should be `expected`.
    Control { expected: char },
}

impl TaxIdReason {
    pub fn code(&self) -> &'static str {
        match self {
            TaxIdReason::Required => "required",
            TaxIdReason::Length => "length",
            TaxIdReason::Format => "format",
            TaxIdReason::Control { .. } => "control",
        }
    }
    pub fn expected(&self) -> Option<char> {
        match self {
            TaxIdReason::Control { expected } => Some(*expected),
            _ => None,
        }
    }
}

/// A refused tax id: the reason, and an English message for logs and the CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxIdError {
    pub reason: TaxIdReason,
    pub message: String,
}

impl TaxIdError {
    fn new(reason: TaxIdReason, message: String) -> TaxIdError {
        TaxIdError { reason, message }
    }
    pub fn contains(&self, text: &str) -> bool {
        self.message.contains(text)
    }
}

impl std::fmt::Display for TaxIdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

const NIF_LETTERS: &[u8] = b"TRWAGMYFPDXBNJZSQVHLCKE";
const CIF_LETTERS: &[u8] = b"JABCDEFGHI";

/// Uppercases and drops spaces, dots and dashes: "b-12.345.674" -> "B12345674".
pub fn normalize(id: &str) -> String {
    id.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.'))
        .flat_map(char::to_uppercase)
        .collect()
}

fn nif_letter(number: u32) -> char {
    NIF_LETTERS[(number % 23) as usize] as char
}

/// Validates a Spanish NIF, NIE or CIF, returning its kind or why it is wrong.
pub fn validate_spanish(id: &str) -> Result<SpanishTaxIdKind, TaxIdError> {
    let s = normalize(id);
    let b = s.as_bytes();
    if b.len() != 9 || !s.is_ascii() {
        return Err(TaxIdError::new(
            TaxIdReason::Length,
            format!("'{id}' is not a Spanish tax id: a NIF, NIE or CIF has 9 characters"),
        ));
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        s.get(r)
            .filter(|d| d.chars().all(|c| c.is_ascii_digit()))
            .and_then(|d| d.parse().ok())
    };
    let first = b[0] as char;
    let last = b[8] as char;
    if first.is_ascii_digit() {
        let n = digits(0..8).ok_or_else(|| {
            TaxIdError::new(
                TaxIdReason::Format,
                format!("'{id}': a NIF has 8 digits and a letter"),
            )
        })?;
        let want = nif_letter(n);
        return if last == want {
            Ok(SpanishTaxIdKind::Nif)
        } else {
            Err(TaxIdError::new(
                TaxIdReason::Control { expected: want },
                format!("'{id}': the NIF control letter should be {want}"),
            ))
        };
    }
    if matches!(first, 'X' | 'Y' | 'Z') {
        let n7 = digits(1..8).ok_or_else(|| {
            TaxIdError::new(
                TaxIdReason::Format,
                format!("'{id}': a NIE is X, Y or Z, 7 digits and a letter"),
            )
        })?;
        let prefix = match first {
            'X' => 0,
            'Y' => 1,
            _ => 2,
        };
        let want = nif_letter(prefix * 10_000_000 + n7);
        return if last == want {
            Ok(SpanishTaxIdKind::Nie)
        } else {
            Err(TaxIdError::new(
                TaxIdReason::Control { expected: want },
                format!("'{id}': the NIE control letter should be {want}"),
            ))
        };
    }
    if matches!(first, 'K' | 'L' | 'M') {
        let n7 = digits(1..8).ok_or_else(|| {
            TaxIdError::new(
                TaxIdReason::Format,
                format!("'{id}': 7 digits expected after {first}"),
            )
        })?;
        let want = nif_letter(n7);
        return if last == want {
            Ok(SpanishTaxIdKind::Nif)
        } else {
            Err(TaxIdError::new(
                TaxIdReason::Control { expected: want },
                format!("'{id}': the control letter should be {want}"),
            ))
        };
    }
    if "ABCDEFGHJNPQRSUVW".contains(first) {
        digits(1..8).ok_or_else(|| {
            TaxIdError::new(
                TaxIdReason::Format,
                format!("'{id}': a CIF is a letter, 7 digits and a control character"),
            )
        })?;
        let mut sum = 0u32;
        for (i, c) in s[1..8].chars().enumerate() {
            let d = c.to_digit(10).unwrap_or(0);
            if i % 2 == 0 {
                let x = d * 2;
                sum += x / 10 + x % 10;
            } else {
                sum += d;
            }
        }
        let control = (10 - sum % 10) % 10;
        let as_digit = char::from_digit(control, 10).unwrap_or('0');
        let as_letter = CIF_LETTERS[control as usize] as char;
        let ok = match first {
            // Entities that always carry a letter.
            'P' | 'Q' | 'R' | 'S' | 'W' | 'N' => last == as_letter,
            // Companies that always carry a digit.
            'A' | 'B' | 'E' | 'H' => last == as_digit,
            _ => last == as_digit || last == as_letter,
        };
        return if ok {
            Ok(SpanishTaxIdKind::Cif)
        } else {
            let expected = if matches!(first, 'P' | 'Q' | 'R' | 'S' | 'W' | 'N') {
                as_letter
            } else {
                as_digit
            };
            Err(TaxIdError::new(
                TaxIdReason::Control { expected },
                format!("'{id}': the CIF control character should be {expected}"),
            ))
        };
    }
    Err(TaxIdError::new(
        TaxIdReason::Format,
        format!("'{id}' is not a valid NIF, NIE or CIF"),
    ))
}

/// Checks a tax id for a country (ISO 3166 alpha-2). Spain is validated; elsewhere any
/// non-empty text up to 32 characters is accepted.
pub fn check(country: &str, id: &str) -> Result<Option<SpanishTaxIdKind>, TaxIdError> {
    if id.trim().is_empty() {
        return Err(TaxIdError::new(
            TaxIdReason::Required,
            "a tax id is required".into(),
        ));
    }
    if country.eq_ignore_ascii_case("ES") {
        validate_spanish(id).map(Some)
    } else if id.trim().chars().count() > 32 {
        Err(TaxIdError::new(
            TaxIdReason::Length,
            "a tax id has at most 32 characters".into(),
        ))
    } else {
        Ok(None)
    }
}

/// An EU VAT number as VIES knows it: the member state's prefix (`EL` for Greece, `XI` for
/// Northern Ireland) and the national number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EuVatNumber {
    pub prefix: String,
    pub number: String,
}

impl std::fmt::Display for EuVatNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.prefix, self.number)
    }
}

/// Each VAT prefix and the shapes its numbers take: `9` a digit, `A` a letter, `X` a letter or
/// a digit, `+` a letter, a digit, `+` or `*`; anything else stands for itself.
const EU_VAT_FORMATS: &[(&str, &[&str])] = &[
    ("AT", &["U99999999"]),
    ("BE", &["9999999999"]),
    ("BG", &["999999999", "9999999999"]),
    ("CY", &["99999999A"]),
    ("CZ", &["99999999", "999999999", "9999999999"]),
    ("DE", &["999999999"]),
    ("DK", &["99999999"]),
    ("EE", &["999999999"]),
    ("EL", &["999999999"]),
    ("ES", &["X9999999X"]),
    ("FI", &["99999999"]),
    ("FR", &["XX999999999"]),
    ("HR", &["99999999999"]),
    ("HU", &["99999999"]),
    ("IE", &["9999999A", "9999999AA", "9+99999A"]),
    ("IT", &["99999999999"]),
    ("LT", &["999999999", "999999999999"]),
    ("LU", &["99999999"]),
    ("LV", &["99999999999"]),
    ("MT", &["99999999"]),
    ("NL", &["999999999B99"]),
    ("PL", &["9999999999"]),
    ("PT", &["999999999"]),
    (
        "RO",
        &[
            "99",
            "999",
            "9999",
            "99999",
            "999999",
            "9999999",
            "99999999",
            "999999999",
            "9999999999",
        ],
    ),
    ("SE", &["999999999901"]),
    ("SI", &["99999999"]),
    ("SK", &["9999999999"]),
    ("XI", &["999999999", "999999999999", "GD999", "HA999"]),
];

fn matches_shape(number: &str, shape: &str) -> bool {
    number.len() == shape.len()
        && number.chars().zip(shape.chars()).all(|(c, p)| match p {
            '9' => c.is_ascii_digit(),
            'A' => c.is_ascii_uppercase(),
            'X' => c.is_ascii_uppercase() || c.is_ascii_digit(),
            '+' => c.is_ascii_uppercase() || c.is_ascii_digit() || c == '+' || c == '*',
            lit => c == lit,
        })
}

/// The VAT prefix of an EU member state (ISO 3166 alpha-2): the code itself except Greece
/// (`EL`); `None` outside the EU. Northern Ireland's `XI` is a prefix, not a country.
pub fn eu_vat_prefix(country: &str) -> Option<&'static str> {
    let c = country.trim().to_ascii_uppercase();
    let c = if c == "GR" { "EL".to_string() } else { c };
    EU_VAT_FORMATS
        .iter()
        .map(|(p, _)| *p)
        .find(|p| *p == c && *p != "XI")
}

/// Whether a country (ISO 3166 alpha-2) is an EU member state.
pub fn is_eu_member(country: &str) -> bool {
    eu_vat_prefix(country).is_some()
}

/// Checks the format of an EU VAT number ("FR40303265045", "de 123 456 789"): a member
/// state's prefix and the shape of that state's numbers. Spanish numbers also pass the
/// NIF/NIE/CIF control check. Whether the number is registered is VIES's to say (online), not
/// checked here.
pub fn validate_eu_vat(id: &str) -> Result<EuVatNumber, TaxIdError> {
    let s = normalize(id);
    if s.is_empty() {
        return Err(TaxIdError::new(
            TaxIdReason::Required,
            "a VAT number is required".into(),
        ));
    }
    let prefix: String = s.chars().take(2).collect();
    let Some((_, shapes)) = EU_VAT_FORMATS.iter().find(|(p, _)| *p == prefix) else {
        return Err(TaxIdError::new(
            TaxIdReason::Format,
            format!("'{id}' does not start with an EU member state's VAT prefix (e.g. FR, DE, EL)"),
        ));
    };
    let number = &s[prefix.len()..];
    if !shapes.iter().any(|shape| matches_shape(number, shape)) {
        let lengths = shapes.iter().map(|p| p.len()).collect::<Vec<_>>();
        let reason = if lengths.contains(&number.len()) {
            TaxIdReason::Format
        } else {
            TaxIdReason::Length
        };
        return Err(TaxIdError::new(
            reason,
            format!(
                "'{id}' is not a {prefix} VAT number: after {prefix} it has {}",
                shapes
                    .iter()
                    .map(|p| describe_shape(p))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        ));
    }
    if prefix == "ES" {
        validate_spanish(number)
            .map_err(|e| TaxIdError::new(e.reason.clone(), format!("'{id}': {}", e.message)))?;
    }
    Ok(EuVatNumber {
        prefix,
        number: number.to_string(),
    })
}

fn describe_shape(shape: &str) -> String {
    if shape.chars().all(|c| c == '9') {
        format!("{} digits", shape.len())
    } else {
        format!("the form {shape} (9 a digit, A a letter, X either)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SpanishTaxIdKind::*;

    #[test]
    fn valid_ids_by_kind() {
        for (id, kind) in [
            ("12345678Z", Nif),
            ("00000000T", Nif),
            ("X1234567L", Nie),
            ("Y1234567X", Nie),
            ("Z1234567R", Nie),
            ("B12345674", Cif),
            ("A58818501", Cif),
            ("Q2826000H", Cif),
            ("P2807900B", Cif),
            ("b-12.345.674", Cif),
        ] {
            assert_eq!(validate_spanish(id), Ok(kind), "{id}");
        }
    }

    #[test]
    fn wrong_control_characters_are_named() {
        let e = validate_spanish("12345678A").unwrap_err();
        assert!(e.contains("should be Z"), "{e}");
        assert!(validate_spanish("X1234567A")
            .unwrap_err()
            .contains("should be L"));
        assert!(validate_spanish("B12345675")
            .unwrap_err()
            .contains("should be 4"));
        assert!(validate_spanish("Q2826000A").is_err());
        assert!(validate_spanish("1234").is_err());
        assert!(validate_spanish("I12345678").is_err());
    }

    #[test]
    fn reasons_say_what_is_wrong_and_what_was_expected() {
        assert_eq!(
            validate_spanish("12345678A").unwrap_err().reason,
            TaxIdReason::Control { expected: 'Z' }
        );
        assert_eq!(
            validate_spanish("B12345675").unwrap_err().reason,
            TaxIdReason::Control { expected: '4' }
        );
        assert_eq!(
            validate_spanish("1234").unwrap_err().reason,
            TaxIdReason::Length
        );
        assert_eq!(
            validate_spanish("X12A4567L").unwrap_err().reason,
            TaxIdReason::Format
        );
        assert_eq!(check("ES", " ").unwrap_err().reason, TaxIdReason::Required);
        assert_eq!(TaxIdReason::Control { expected: 'Z' }.code(), "control");
    }

    #[test]
    fn other_countries_are_free_text() {
        assert_eq!(check("FR", "FR40303265045"), Ok(None));
        assert!(check("ES", "FR40303265045").is_err());
        assert!(check("DE", "  ").is_err());
    }

    #[test]
    fn eu_vat_numbers_by_member_state() {
        for (id, prefix) in [
            ("FR40303265045", "FR"),
            ("fr 40 303 265 045", "FR"),
            ("DE123456789", "DE"),
            ("ATU12345678", "AT"),
            ("BE0123456789", "BE"),
            ("EL123456789", "EL"),
            ("NL123456789B01", "NL"),
            ("IE1234567T", "IE"),
            ("IE1234567WA", "IE"),
            ("IE1+23456T", "IE"),
            ("CY12345678L", "CY"),
            ("SE123456789701", "SE"),
            ("RO12", "RO"),
            ("XIGD123", "XI"),
            ("ESB12345674", "ES"),
            ("ESX1234567L", "ES"),
        ] {
            let v = validate_eu_vat(id).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(v.prefix, prefix, "{id}");
        }
        assert_eq!(
            validate_eu_vat("NL123456789B01").unwrap().to_string(),
            "NL123456789B01"
        );
    }

    #[test]
    fn eu_vat_errors_say_what_is_wrong() {
        let e = validate_eu_vat("DE12345678").unwrap_err();
        assert_eq!(e.reason, TaxIdReason::Length);
        assert!(e.contains("9 digits"), "{e}");
        assert_eq!(
            validate_eu_vat("ATX12345678").unwrap_err().reason,
            TaxIdReason::Format
        );
        assert_eq!(
            validate_eu_vat("GR123456789").unwrap_err().reason,
            TaxIdReason::Format
        );
        assert_eq!(
            validate_eu_vat("US123456789").unwrap_err().reason,
            TaxIdReason::Format
        );
        assert_eq!(
            validate_eu_vat(" ").unwrap_err().reason,
            TaxIdReason::Required
        );
        assert_eq!(
            validate_eu_vat("ESB12345675").unwrap_err().reason,
            TaxIdReason::Control { expected: '4' }
        );
        assert_eq!(
            validate_eu_vat("SE123456789702").unwrap_err().reason,
            TaxIdReason::Format
        );
    }

    #[test]
    fn member_states_and_their_prefixes() {
        assert_eq!(eu_vat_prefix("gr"), Some("EL"));
        assert_eq!(eu_vat_prefix("FR"), Some("FR"));
        assert_eq!(eu_vat_prefix("XI"), None);
        assert_eq!(eu_vat_prefix("GB"), None);
        assert!(is_eu_member("ES"));
        assert!(!is_eu_member("CH"));
    }
}
