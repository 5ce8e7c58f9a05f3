//! The global search over every kind of record (rules in the store's `search`).

use crate::app::App;
use crate::dto::*;
use crate::error::ApiError;
use std::time::Instant;
use trastienda_core::Money;
use trastienda_store::{self as store, Company};

type R<T> = Result<T, ApiError>;

/// Hits per kind when the caller does not say.
pub const DEFAULT_PER_KIND: u32 = 5;

fn hit_dto(h: store::SearchHit) -> SearchHitDto {
    SearchHitDto {
        kind: h.kind.as_str().into(),
        id: h.id,
        label: h.label,
        detail: h.detail,
        date: h.date,
        total: h.total_cents.map(|c| Money::from_cents(c).to_string()),
        tag: h.tag,
        snippet: h
            .snippet
            .into_iter()
            .map(|p| SnippetPartDto {
                text: p.text,
                matched: p.matched,
            })
            .collect(),
        party_kind: h.party_kind,
        party_id: h.party_id,
    }
}

/// Searches the open company (for the CLI as for the UI).
pub fn search_company(c: &Company, text: &str, per_kind: Option<u32>) -> R<SearchResultsDto> {
    let started = Instant::now();
    let per_kind = per_kind
        .unwrap_or(DEFAULT_PER_KIND)
        .clamp(1, store::MAX_PER_KIND as u32);
    let r = c.search(text, per_kind as usize)?;
    Ok(SearchResultsDto {
        groups: r
            .groups
            .into_iter()
            .map(|g| SearchGroupDto {
                kind: g.kind.as_str().into(),
                total: g.total,
                hits: g.hits.into_iter().map(hit_dto).collect(),
            })
            .collect(),
        capped: r.capped,
        took_ms: Some(started.elapsed().as_millis().min(u32::MAX as u128) as u32),
    })
}

pub fn search(app: &App, a: SearchArgs) -> R<SearchResultsDto> {
    app.with_company(|c| search_company(c, &a.text, a.per_kind))
}
