//! The Spanish Social Security affiliation number (número de afiliación, NAF): 12 digits, the
//! province (2), the number within it (8) and a control (2). The control is the body modulo
//! 97, where the body is province × 10^7 + number when the number is below 10 000 000, and
//! the province followed by the number as written (province × 10^8 + number) otherwise.

/// Why a Social Security number was refused: `length` (not 12 digits), `format` (a character
/// other than digits, spaces, slashes, dashes or dots), `control` (the last two digits are
/// not the body's control; `expected` holds the right ones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsNumberError {
    pub reason: &'static str,
    pub expected: Option<String>,
    pub message: String,
}

impl std::fmt::Display for SsNumberError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The two control digits for a province (0..=99) and a number within it (0..=99 999 999).
pub fn ss_control(province: u64, number: u64) -> u64 {
    let body = if number < 10_000_000 {
        province * 10_000_000 + number
    } else {
        province * 100_000_000 + number
    };
    body % 97
}

/// Checks a Social Security number as typed ("28/12345678/40", "28 1234567840") and returns
/// its 12 digits, or why it is wrong.
pub fn check_ss_number(s: &str) -> Result<String, SsNumberError> {
    let mut digits = String::with_capacity(12);
    for ch in s.trim().chars() {
        match ch {
            '0'..='9' => digits.push(ch),
            ' ' | '/' | '-' | '.' => {}
            _ => {
                return Err(SsNumberError {
                    reason: "format",
                    expected: None,
                    message: format!(
                        "'{s}' is not a Social Security number: only digits (spaces, slashes and dashes allowed)"
                    ),
                })
            }
        }
    }
    if digits.len() != 12 {
        return Err(SsNumberError {
            reason: "length",
            expected: None,
            message: format!(
                "'{s}' is not a Social Security number: it has 12 digits (province, number, control)"
            ),
        });
    }
    let province: u64 = digits[0..2].parse().unwrap_or(0);
    let number: u64 = digits[2..10].parse().unwrap_or(0);
    let control: u64 = digits[10..12].parse().unwrap_or(0);
    let expected = ss_control(province, number);
    if control != expected {
        return Err(SsNumberError {
            reason: "control",
            expected: Some(format!("{expected:02}")),
            message: format!(
                "'{s}' is not a Social Security number: its control digits should be {expected:02}"
            ),
        });
    }
    Ok(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_for_small_and_large_numbers() {
        // Madrid, number 01234567 (below 10^7): 28 × 10^7 + 1 234 567 = 281 234 567, mod 97 = 42.
        assert_eq!(281_234_567u64 % 97, 42);
        assert_eq!(ss_control(28, 1_234_567), 42);
        assert_eq!(check_ss_number("280123456742").unwrap(), "280123456742");
        // Madrid, number 12345678: 2 812 345 678 mod 97 = 40.
        assert_eq!(2_812_345_678u64 % 97, 40);
        assert_eq!(check_ss_number("28/12345678/40").unwrap(), "281234567840");
        // Barcelona: 08 followed by 34567890 = 834 567 890, mod 97 = 66.
        assert_eq!(check_ss_number("08 34567890 66").unwrap(), "083456789066");
        // Valencia: 4 610 203 040 mod 97 = 38.
        assert_eq!(check_ss_number("46-10203040-38").unwrap(), "461020304038");
    }

    #[test]
    fn refuses_wrong_shapes() {
        assert_eq!(check_ss_number("28123456782").unwrap_err().reason, "length");
        assert_eq!(check_ss_number("").unwrap_err().reason, "length");
        assert_eq!(
            check_ss_number("28A234567824").unwrap_err().reason,
            "format"
        );
        let e = check_ss_number("281234567841").unwrap_err();
        assert_eq!(e.reason, "control");
        assert_eq!(e.expected.as_deref(), Some("40"));
        assert!(e.message.contains("40"));
    }
}
