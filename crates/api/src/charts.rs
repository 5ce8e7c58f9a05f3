//! The chart-of-accounts templates shipped in assets/charts/, embedded in the binary.

use crate::error::{ApiError, ErrorCode};
use trastienda_core::chart::{parse_template, TemplateAccount};

pub struct Template {
    pub id: &'static str,
    pub name: &'static str,
    text: &'static str,
}

pub const TEMPLATES: &[Template] = &[
    Template {
        id: "es-pymes",
        name: "PGC PYMES (España)",
        text: include_str!("../../../assets/charts/es-pymes.csv"),
    },
    Template {
        id: "generic",
        name: "Generic small business",
        text: include_str!("../../../assets/charts/generic.csv"),
    },
];

pub fn accounts(id: &str) -> Result<Vec<TemplateAccount>, ApiError> {
    let t = TEMPLATES.iter().find(|t| t.id == id).ok_or_else(|| {
        ApiError::new(
            ErrorCode::Validation,
            format!("unknown chart template '{id}' (es-pymes or generic)"),
        )
    })?;
    parse_template(t.text)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("template {id}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_templates_parse_and_hold_the_accounts_the_app_posts_to() {
        let es = accounts("es-pymes").unwrap();
        for code in [
            "129", "400", "430", "4720021", "4770021", "4751001", "4760001", "4650001", "5700001",
            "5720001", "600", "621", "629", "640", "642", "700", "705",
        ] {
            assert!(
                es.iter().any(|a| a.code.as_str() == code),
                "es-pymes lacks {code}"
            );
            assert!(
                !es.iter()
                    .any(|a| a.code.as_str() != code && a.code.as_str().starts_with(code)),
                "{code} must be a leaf"
            );
        }
        assert!(accounts("generic").unwrap().len() > 20);
        assert!(accounts("nope").is_err());
    }
}
