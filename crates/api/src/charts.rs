//! The chart-of-accounts templates shipped in assets/charts/, embedded in the binary.

use crate::error::{ApiError, ErrorCode};
use trastienda_core::chart::{parse_template, TemplateAccount};

pub struct Template {
    pub id: &'static str,
    pub name: &'static str,
    text: &'static str,
    /// Where the year-end regularisation puts the result (129 in the PGC).
    pub result_account: &'static str,
    /// Statement layouts (assets/statements/): which accounts feed which line.
    pub profit_loss: &'static str,
    pub balance_sheet: &'static str,
}

pub const TEMPLATES: &[Template] = &[
    Template {
        id: "es-pymes",
        name: "PGC PYMES (España)",
        text: include_str!("../../../assets/charts/es-pymes.csv"),
        result_account: "129",
        profit_loss: include_str!("../../../assets/statements/es-pymes-profit-loss.csv"),
        balance_sheet: include_str!("../../../assets/statements/es-pymes-balance-sheet.csv"),
    },
    Template {
        id: "generic",
        name: "Generic small business",
        text: include_str!("../../../assets/charts/generic.csv"),
        result_account: "120",
        profit_loss: include_str!("../../../assets/statements/generic-profit-loss.csv"),
        balance_sheet: include_str!("../../../assets/statements/generic-balance-sheet.csv"),
    },
];

/// The template a company was created from (the PGC when unknown, as for Spanish files).
pub fn template(id: &str) -> &'static Template {
    TEMPLATES
        .iter()
        .find(|t| t.id == id)
        .unwrap_or(&TEMPLATES[0])
}

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
        // Every template's result account is a leaf of its chart, and its layouts parse.
        for t in TEMPLATES {
            let chart = accounts(t.id).unwrap();
            assert!(
                chart.iter().any(|a| a.code.as_str() == t.result_account)
                    && !chart.iter().any(|a| a.code.as_str() != t.result_account
                        && a.code.as_str().starts_with(t.result_account)),
                "{}: result account {} must be a leaf",
                t.id,
                t.result_account
            );
            for layout in [t.profit_loss, t.balance_sheet] {
                trastienda_core::statement::parse_layout(layout).unwrap();
            }
        }
        assert!(accounts("nope").is_err());
    }
}
