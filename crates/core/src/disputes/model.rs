//! Disputes as ConnectDesk keeps and shows them, and what the UI sends to answer them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use specta::Type;

use super::words::{Countdown, ReasonWords};
use crate::store::{Field, Record};

/// One dispute of a payment of the platform, synced from Stripe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Dispute {
    pub id: u64,
    pub workspace_id: u64,
    /// `dp_…`.
    pub dispute_id: String,
    pub charge_id: Option<String>,
    pub payment_intent_id: Option<String>,
    /// The connected account the payment went to; empty when ConnectDesk does not know it.
    pub account_id: String,
    pub merchant_id: Option<String>,
    /// Minor units of `currency`.
    pub amount: i64,
    pub currency: String,
    /// Stripe's reason, e.g. `fraudulent`.
    pub reason: String,
    pub reason_words: ReasonWords,
    /// Stripe's status, e.g. `needs_response`, `warning_under_review`, `charge_refunded`.
    pub status: String,
    pub status_words: String,
    pub status_meaning: String,
    /// Evidence can be saved or submitted now (an open status and before the deadline).
    pub can_respond: bool,
    /// Why the evidence form is read-only, when it is.
    pub read_only_reason: Option<String>,
    /// Evidence due by (ISO 8601, UTC).
    pub due_by: Option<String>,
    /// The same in Unix seconds.
    pub due_by_unix: Option<i64>,
    /// The list's order: needs a response first, nearest deadline first.
    pub urgency_rank: i64,
    /// Time left, from the core's clock when read (`None` once closed or without a deadline).
    #[serde(default)]
    pub countdown: Option<Countdown>,
    pub past_due: bool,
    pub has_evidence: bool,
    pub submission_count: i64,
    /// The evidence Stripe holds (draft or submitted): Stripe's field name → text or `file_…`.
    pub evidence: BTreeMap<String, String>,
    /// The files named by the evidence (and ones uploaded for it, not saved yet), with what
    /// ConnectDesk knows of them.
    pub files: Vec<EvidenceFile>,
    /// When ConnectDesk last saved a draft (ISO 8601).
    pub draft_saved_at: Option<String>,
    /// What the dispute looked like at Stripe when read; a save must name it, so a dispute
    /// changed elsewhere meanwhile is never overwritten.
    pub version: String,
    /// The payment behind it.
    pub payment: Option<DisputedPayment>,
    pub history: Vec<DisputeEvent>,
    /// A notification was shown for the new dispute / for its last 24 hours.
    pub notified_new: bool,
    pub notified_due: bool,
    /// 0 test mode, 1 live.
    pub mode: u8,
    pub offline: bool,
    /// When Stripe opened it (ISO 8601).
    pub created: String,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: String,
}

impl Record for Dispute {
    const COLLECTION: &'static str = "disputes";
    const LABEL: &'static str = "dispute";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::int("workspaceId").key(),
        Field::text("accountId").key(),
        Field::text("status").key(),
        Field::text("reason").key(),
        Field::text("currency").key(),
        Field::text("disputeId").filterable().unique(),
        Field::text("paymentIntentId").filterable(),
        Field::text("merchantId").filterable(),
        Field::int("amount").sortable().filterable(),
        Field::int("urgencyRank").sortable(),
        Field::timestamp("dueBy").sortable().filterable(),
        Field::timestamp("created").sortable().filterable(),
        Field::timestamp("updatedAt").filterable(),
    ];
}

/// The payment a dispute is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DisputedPayment {
    pub amount: i64,
    pub currency: String,
    pub customer_email: Option<String>,
    /// ISO 8601.
    pub created: String,
    /// "visa •••• 0259", when Stripe gives it.
    pub card: Option<String>,
}

/// An evidence file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceFile {
    /// The evidence field that names it, e.g. `receipt`.
    pub field: String,
    /// `file_…`.
    pub file_id: String,
    pub name: Option<String>,
    pub size: Option<u64>,
    /// "1.2 MB".
    pub size_words: Option<String>,
}

/// One line of a dispute's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DisputeEvent {
    /// ISO 8601.
    pub at: String,
    /// "Created", "Evidence saved", "Submitted", "Won", …
    pub event: String,
    pub detail: String,
}

/// Save the evidence as a draft (`submit` false) or send it to the bank (`submit` true).
#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DisputeEvidenceInput {
    /// The stored dispute's `id`.
    pub id: u64,
    /// The `version` read with the dispute.
    pub version: String,
    /// Stripe's field name → text or `file_…`; an empty value clears the field.
    pub evidence: BTreeMap<String, String>,
    #[serde(default)]
    pub submit: bool,
}

/// Upload a file as one evidence field's document.
#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceFileInput {
    pub id: u64,
    /// The file field, e.g. `receipt`.
    pub field: String,
    /// The file's path on this computer (from the file dialog).
    pub path: String,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DisputeSync {
    pub disputes: u32,
    /// Disputes seen for the first time.
    pub new: u32,
    pub cancelled: bool,
}

/// A desktop notification to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DisputeNotice {
    /// The stored dispute's `id` (opened when the notification is clicked).
    pub id: u64,
    pub dispute_id: String,
    pub title: String,
    pub body: String,
}
