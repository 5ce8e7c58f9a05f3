//! Account codes and kinds. A code is digits only; its length gives its level in the PGC
//! sense (1 group, 2 subgroup, 3 account, 4+ subaccount) and its prefix gives its kind.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountCode(String);

pub const MAX_CODE_LEN: usize = 12;

impl AccountCode {
    pub fn parse(s: &str) -> Result<AccountCode, String> {
        let t = s.trim();
        if t.is_empty() {
            return Err("an account code is required".into());
        }
        if !t.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!(
                "'{t}' is not an account code (digits only, e.g. 5720001)"
            ));
        }
        if t.len() > MAX_CODE_LEN {
            return Err(format!("'{t}' is longer than {MAX_CODE_LEN} digits"));
        }
        Ok(AccountCode(t.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// 1 group, 2 subgroup, 3 account, 4 subaccount (any longer code).
    pub fn level(&self) -> u8 {
        self.0.len().min(4) as u8
    }
    pub fn is_prefix_of(&self, other: &AccountCode) -> bool {
        other.0.len() > self.0.len() && other.0.starts_with(&self.0)
    }
    /// The code one digit shorter (for groups, subgroups and 3-digit accounts the PGC parent).
    pub fn truncated(&self) -> Option<AccountCode> {
        (self.0.len() > 1).then(|| AccountCode(self.0[..self.0.len() - 1].to_string()))
    }
}

impl fmt::Display for AccountCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountKind {
    Asset,
    Liability,
    Equity,
    Income,
    Expense,
}

impl AccountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Asset => "asset",
            AccountKind::Liability => "liability",
            AccountKind::Equity => "equity",
            AccountKind::Income => "income",
            AccountKind::Expense => "expense",
        }
    }
    pub fn parse(s: &str) -> Option<AccountKind> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "asset" => AccountKind::Asset,
            "liability" => AccountKind::Liability,
            "equity" => AccountKind::Equity,
            "income" => AccountKind::Income,
            "expense" => AccountKind::Expense,
            _ => return None,
        })
    }

    /// The kind of a PGC account from its code: the longest matching prefix in the table
    /// below, falling back to the group (first digit). Groups 6 and 8 are expenses, 7 and 9
    /// income; inside groups 1, 4 and 5 the subgroup decides (e.g. 40 proveedores is a
    /// liability, 43 clientes an asset, 472 IVA soportado an asset, 477 IVA repercutido a
    /// liability).
    pub fn from_pgc_code(code: &AccountCode) -> AccountKind {
        use AccountKind::*;
        const TABLE: &[(&str, AccountKind)] = &[
            ("1", Equity),
            ("14", Liability),
            ("15", Liability),
            ("16", Liability),
            ("17", Liability),
            ("18", Liability),
            ("19", Equity),
            ("2", Asset),
            ("3", Asset),
            ("4", Liability),
            ("43", Asset),
            ("44", Asset),
            ("460", Asset),
            ("470", Asset),
            ("471", Asset),
            ("472", Asset),
            ("473", Asset),
            ("474", Asset),
            ("480", Asset),
            ("5", Asset),
            ("50", Liability),
            ("51", Liability),
            ("52", Liability),
            ("555", Liability),
            ("56", Liability),
            ("565", Asset),
            ("566", Asset),
            ("585", Liability),
            ("586", Liability),
            ("587", Liability),
            ("588", Liability),
            ("589", Liability),
            ("6", Expense),
            ("7", Income),
            ("8", Expense),
            ("9", Income),
        ];
        let s = code.as_str();
        TABLE
            .iter()
            .filter(|(p, _)| s.starts_with(p))
            .max_by_key(|(p, _)| p.len())
            .map(|(_, k)| *k)
            .unwrap_or(Asset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(c: &str) -> AccountKind {
        AccountKind::from_pgc_code(&AccountCode::parse(c).unwrap())
    }

    #[test]
    fn kinds_follow_pgc_groups() {
        use AccountKind::*;
        for (code, k) in [
            ("100", Equity),
            ("129", Equity),
            ("170", Liability),
            ("211", Asset),
            ("300", Asset),
            ("400", Liability),
            ("4000001", Liability),
            ("410", Liability),
            ("430", Asset),
            ("4300001", Asset),
            ("465", Liability),
            ("472", Asset),
            ("4751", Liability),
            ("476", Liability),
            ("477", Liability),
            ("520", Liability),
            ("570", Asset),
            ("5720001", Asset),
            ("600", Expense),
            ("640", Expense),
            ("700", Income),
            ("705", Income),
        ] {
            assert_eq!(kind(code), k, "{code}");
        }
    }

    #[test]
    fn codes_are_digits_with_levels() {
        assert!(AccountCode::parse("57a").is_err());
        assert!(AccountCode::parse("").is_err());
        assert!(AccountCode::parse("1234567890123").is_err());
        assert_eq!(AccountCode::parse("5").unwrap().level(), 1);
        assert_eq!(AccountCode::parse("57").unwrap().level(), 2);
        assert_eq!(AccountCode::parse("572").unwrap().level(), 3);
        assert_eq!(AccountCode::parse("5720001").unwrap().level(), 4);
        let g = AccountCode::parse("57").unwrap();
        assert!(g.is_prefix_of(&AccountCode::parse("572").unwrap()));
        assert!(!g.is_prefix_of(&g));
    }
}
