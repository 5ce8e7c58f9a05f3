//! `trastienda search --company FILE TEXT...`: the global search (the same use case as the
//! UI's search box), printed by kind with each kind's total and the ids that open the records.

use crate::open_to_read;
use std::path::Path;
use trastienda_api::dto::SearchResultsDto;
use trastienda_api::search::search_company;
use trastienda_api::ApiError;

fn heading(kind: &str) -> &str {
    match kind {
        "customer" => "Customers",
        "supplier" => "Suppliers",
        "employee" => "Employees",
        "invoice" => "Invoices",
        "bill" => "Supplier bills",
        "entry" => "Journal entries",
        "document" => "Documents",
        "correspondence" => "Correspondence",
        other => other,
    }
}

/// The results as printed: a heading per kind with its total, a line per hit (id, label,
/// state, date, total, detail) and its snippet with the matched words in [brackets].
pub fn format(r: &SearchResultsDto) -> String {
    let mut out = String::new();
    if r.groups.is_empty() {
        out.push_str("nothing found\n");
        return out;
    }
    let more = if r.capped { "+" } else { "" };
    for g in &r.groups {
        let shown = g.hits.len();
        out.push_str(&format!("{} ({}{more})", heading(&g.kind), g.total));
        if (shown as u32) < g.total {
            out.push_str(&format!(", the best {shown}"));
        }
        out.push('\n');
        for h in &g.hits {
            let mut line = format!("  {:>6}  {}", h.id, h.label);
            if let Some(tag) = &h.tag {
                line.push_str(&format!(" [{tag}]"));
            }
            for extra in [h.date.as_deref(), h.total.as_deref()]
                .into_iter()
                .flatten()
            {
                line.push_str(&format!("  {extra}"));
            }
            if !h.detail.is_empty() {
                line.push_str(&format!("  — {}", h.detail));
            }
            out.push_str(&line);
            out.push('\n');
            if !h.snippet.is_empty() {
                let text: String = h
                    .snippet
                    .iter()
                    .map(|p| {
                        if p.matched {
                            format!("[{}]", p.text)
                        } else {
                            p.text.clone()
                        }
                    })
                    .collect();
                out.push_str(&format!("          {}\n", text.replace('\n', " ")));
            }
        }
    }
    if r.capped {
        out.push_str("(many matches: only the newest were counted; add a word to narrow)\n");
    }
    out
}

pub fn run(company: &Path, text: &[String], per_kind: u32) -> Result<(), ApiError> {
    let c = open_to_read(company)?;
    let r = search_company(&c, &text.join(" "), Some(per_kind))?;
    print!("{}", format(&r));
    Ok(())
}
