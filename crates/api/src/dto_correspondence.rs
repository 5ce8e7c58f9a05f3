//! What crosses the wire for the correspondence log, follow-ups, the e-mail triage and the
//! e-mail import.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A party's log.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CorrespondenceListArgs {
    /// 'customer', 'supplier' or 'employee'.
    pub party_kind: String,
    pub party_id: i64,
}

/// An entry to add (`id` absent) or change.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CorrespondenceSaveArgs {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    /// 'customer', 'supplier' or 'employee'; absent (with party_id) for nobody.
    #[serde(default)]
    #[ts(optional)]
    pub party_kind: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub party_id: Option<i64>,
    /// 'call', 'email', 'letter' or 'meeting'.
    pub channel: String,
    /// 'in' or 'out'.
    pub direction: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub subject: String,
    #[serde(default)]
    #[ts(optional)]
    pub notes: Option<String>,
    /// YYYY-MM-DD, on or after the date; absent or '' for none.
    #[serde(default)]
    #[ts(optional)]
    pub follow_up: Option<String>,
}

/// An entry of the log (an imported e-mail carries its addresses and pile).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CorrespondenceDto {
    pub id: i64,
    pub party_kind: Option<String>,
    pub party_id: Option<i64>,
    pub party_name: Option<String>,
    pub channel: String,
    pub direction: String,
    pub date: String,
    pub subject: String,
    pub notes: String,
    pub follow_up: Option<String>,
    pub follow_up_done: bool,
    pub message_id: Option<String>,
    pub from_address: Option<String>,
    pub to_address: Option<String>,
    /// 'billing', 'payments', 'complaint', 'order' or 'other'; null for an entry typed in.
    pub pile: Option<String>,
    pub rule_id: Option<i64>,
    /// Documents linked to the entry (an e-mail's attachments).
    pub documents: i64,
    pub created_at: String,
}

/// Every field optional: unknown fields are refused so a wrong payload is not read as "all
/// defaults".
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct FollowUpsDueArgs {
    /// YYYY-MM-DD; default today.
    #[serde(default)]
    #[ts(optional)]
    pub as_of: Option<String>,
    /// Default 7; 0..=3650.
    #[serde(default)]
    #[ts(optional)]
    pub within_days: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct FollowUpDueDto {
    pub entry: CorrespondenceDto,
    /// Days from as_of to the follow-up; negative when overdue.
    pub days_left: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct FollowUpsDue {
    pub as_of: String,
    pub within_days: i64,
    pub rows: Vec<FollowUpDueDto>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TriagePileCount {
    pub pile: String,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TriageListArgs {
    pub pile: String,
    /// 0-based; default 0.
    #[serde(default)]
    #[ts(optional)]
    pub page: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TriageListPage {
    pub rows: Vec<CorrespondenceDto>,
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TriageReclassifyArgs {
    pub id: i64,
    pub pile: String,
    /// 'sender' or 'subject' to make a rule from the message (placed before every other
    /// rule); absent or null for none.
    #[serde(default)]
    #[ts(optional)]
    pub make_rule: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MailRuleDto {
    pub id: i64,
    /// Lower first.
    pub priority: i64,
    /// 'sender', 'subject', 'body' or 'attachment'.
    pub field: String,
    pub pattern: String,
    pub pile: String,
    /// Shipped with the app.
    pub builtin: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TriageReclassified {
    pub entry: CorrespondenceDto,
    pub rule: Option<MailRuleDto>,
}

/// A rule to add (`id` absent) or change.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MailRuleSaveArgs {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    /// Default 100.
    #[serde(default)]
    #[ts(optional)]
    pub priority: Option<i64>,
    pub field: String,
    pub pattern: String,
    pub pile: String,
}

/// A .eml file or a .mbox mailbox on this computer.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MailImportPathArgs {
    pub path: String,
}

/// A .eml or .mbox sent by the UI, at most 50 MB.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MailImportUploadArgs {
    pub file_name: String,
    pub content_base64: String,
}

/// How far the running import has got (polled by the UI's progress bar).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MailImportProgress {
    pub active: bool,
    pub done: u64,
    pub total: u64,
}

/// A message not imported, by its 1-based position in the file.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MailProblemDto {
    pub position: u32,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MailImportReportDto {
    /// Messages read from the file.
    pub messages: u32,
    pub imported: u32,
    /// Already imported before (same Message-ID).
    pub skipped_duplicates: u32,
    /// Attachments archived.
    pub attachments: u32,
    /// Imported messages matched to no customer, supplier or employee.
    pub unmatched: u32,
    pub problems: Vec<MailProblemDto>,
    /// Imported messages per pile, in pile order.
    pub piles: Vec<TriagePileCount>,
}
