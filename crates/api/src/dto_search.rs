//! What crosses the wire for the global search.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SearchArgs {
    /// What the user typed; any text (it is never query syntax).
    pub text: String,
    /// Hits per kind, 1..=50 (default 5).
    #[serde(default)]
    #[ts(optional)]
    pub per_kind: Option<u32>,
}

/// A piece of a hit's snippet; `matched` marks the words found.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SnippetPartDto {
    pub text: String,
    pub matched: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SearchHitDto {
    /// customer | supplier | employee | invoice | bill | entry | document | correspondence
    pub kind: String,
    pub id: i64,
    /// Name, number or title (a draft invoice: its customer, tag 'draft').
    pub label: String,
    pub detail: String,
    /// YYYY-MM-DD where the record has a date.
    pub date: Option<String>,
    /// An invoice's, bill's or entry's total, a decimal string ("121.00").
    pub total: Option<String>,
    /// draft | credit | inactive | blocked | terminated | expense | reversal
    pub tag: Option<String>,
    /// The text around the match; empty when the match is only in the label.
    pub snippet: Vec<SnippetPartDto>,
    /// Correspondence: the customer, supplier or employee it is with.
    pub party_kind: Option<String>,
    pub party_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SearchGroupDto {
    pub kind: String,
    /// Matches of this kind (a lower bound when `capped`).
    pub total: u32,
    pub hits: Vec<SearchHitDto>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SearchResultsDto {
    /// Kinds with matches, in a fixed order (customers first, correspondence last).
    pub groups: Vec<SearchGroupDto>,
    /// So many matches that only the newest were counted: totals are lower bounds.
    pub capped: bool,
    /// How long the search took, in milliseconds.
    pub took_ms: Option<u32>,
}
