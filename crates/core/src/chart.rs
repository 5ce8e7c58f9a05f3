//! Chart-of-accounts templates. A template is CSV text `code,name` (header row first), kept
//! as data in assets/charts/; this module parses and checks it, the api embeds the files.

use crate::account::{AccountCode, AccountKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateAccount {
    pub code: AccountCode,
    pub name: String,
    pub kind: AccountKind,
}

/// Parses a template: one `code,name` per line after the header; `#` lines are comments.
/// Names may contain commas when quoted ("Clientes, euros"). Kinds come from the PGC table
/// unless a third column `kind` says otherwise.
pub fn parse_template(text: &str) -> Result<Vec<TemplateAccount>, String> {
    let mut out: Vec<TemplateAccount> = Vec::new();
    for (i, raw) in text.lines().enumerate().skip(1) {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields = split_csv_line(line);
        if fields.len() < 2 {
            return Err(format!("line {}: expected code,name", i + 1));
        }
        let code = AccountCode::parse(&fields[0]).map_err(|e| format!("line {}: {e}", i + 1))?;
        let kind = match fields.get(2).map(|s| s.trim()).filter(|s| !s.is_empty()) {
            Some(k) => AccountKind::parse(k)
                .ok_or_else(|| format!("line {}: unknown kind '{k}'", i + 1))?,
            None => AccountKind::from_pgc_code(&code),
        };
        if out.iter().any(|a| a.code == code) {
            return Err(format!("line {}: duplicate code {code}", i + 1));
        }
        out.push(TemplateAccount {
            code,
            name: fields[1].trim().to_string(),
            kind,
        });
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(out)
}

fn split_csv_line(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().expect("one field").push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quoted_names_and_kinds() {
        let t = parse_template(
            "code,name,kind\n# comment\n572,Bancos\n430,\"Clientes, euros\"\n9,Other,expense\n",
        )
        .unwrap();
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].code.as_str(), "430");
        assert_eq!(t[0].name, "Clientes, euros");
        assert_eq!(t[0].kind, AccountKind::Asset);
        assert_eq!(t[2].kind, AccountKind::Expense);
        assert!(parse_template("code,name\n57x,Bad\n")
            .unwrap_err()
            .contains("line 2"));
        assert!(parse_template("code,name\n1,A\n1,B\n")
            .unwrap_err()
            .contains("duplicate"));
    }
}
