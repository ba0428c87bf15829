//! What the journal keeps of one Stripe write, and how it decides what happened to it.

use connectdesk_stripe::StoredRequest;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::mode::Mode;
use crate::store::{Field, Record};

/// Metadata key every object ConnectDesk creates carries: the operation's reference, so an
/// operation whose answer was lost can be found at Stripe after the idempotency window.
pub const METADATA_OPERATION: &str = "connectdesk_op";

/// Every kind of Stripe write ConnectDesk makes. New money features add their kind here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum OperationKind {
    AccountCreate,
    AccountUpdate,
    PaymentCreate,
    PaymentConfirm,
    PaymentCapture,
    PaymentCancel,
    Refund,
    Transfer,
    TransferReversal,
    PayoutCreate,
    PayoutCancel,
    PayoutSchedule,
    DisputeEvidence,
    DisputeSubmit,
    DisputeClose,
    FileUpload,
    WebhookEndpointCreate,
    WebhookEndpointDelete,
}

impl OperationKind {
    /// What the pending list says, e.g. "Create account".
    pub fn describe(self) -> &'static str {
        match self {
            Self::AccountCreate => "Create account",
            Self::AccountUpdate => "Update account",
            Self::PaymentCreate => "Create payment",
            Self::PaymentConfirm => "Confirm payment",
            Self::PaymentCapture => "Capture payment",
            Self::PaymentCancel => "Cancel payment",
            Self::Refund => "Refund",
            Self::Transfer => "Transfer",
            Self::TransferReversal => "Reverse transfer",
            Self::PayoutCreate => "Create payout",
            Self::PayoutCancel => "Cancel payout",
            Self::PayoutSchedule => "Change payout schedule",
            Self::DisputeEvidence => "Save dispute evidence",
            Self::DisputeSubmit => "Submit dispute evidence",
            Self::DisputeClose => "Accept dispute",
            Self::FileUpload => "Upload file",
            Self::WebhookEndpointCreate => "Register webhook endpoint",
            Self::WebhookEndpointDelete => "Remove webhook endpoint",
        }
    }
}

/// Where an operation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum OperationState {
    /// Recorded and maybe sent; Stripe's answer is not known yet. Resumed until it is.
    Pending,
    /// Stripe carried it out; `objectId` names the result.
    Completed,
    /// Stripe refused it definitively; nothing was carried out.
    Failed,
    /// Its outcome could not be established; a person decides (with the facts shown).
    NeedsDecision,
    /// A person marked it resolved after looking it up.
    Resolved,
}

impl OperationState {
    /// Still needs the app or a person.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Pending | Self::NeedsDecision)
    }
}

/// How to find out, by reading Stripe, whether an operation took effect. Used past the
/// idempotency window, and when Stripe replays a stored server error for the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", tag = "by")]
pub enum Reconcile {
    /// A created object: list `listPath` for objects created since the operation was recorded
    /// and take the one whose `metadata[connectdesk_op]` is the operation's reference.
    #[serde(rename_all = "camelCase")]
    Created { list_path: String },
    /// An update: read `path`; the operation took effect when the value at `field` (dots for
    /// nesting, e.g. `settings.payouts.schedule.interval`) equals `expected`. A delete is
    /// `deleted` = `true`, and a 404 `resource_missing` for the object counts as deleted.
    #[serde(rename_all = "camelCase")]
    State {
        path: String,
        field: String,
        expected: String,
    },
}

/// Stripe's definitive refusal, as the journal keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StripeFailure {
    pub status: u16,
    pub code: Option<String>,
    pub message: String,
    pub request_id: Option<String>,
}

/// Which Stripe an operation was sent to. A resumed operation goes to exactly this place or
/// nowhere: never from the sandbox to api.stripe.com, never with another connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OperationTarget {
    pub workspace_id: u64,
    /// The connection's bizId; `None` for the offline sandbox's platform.
    pub connection: Option<String>,
    pub mode: Mode,
    /// Sent to the offline sandbox.
    pub offline: bool,
    /// `Stripe-Account`, when the write acts on a connected account.
    pub account: Option<String>,
}

/// One Stripe write, recorded (and flushed) before it is first sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    pub id: u64,
    /// `op_` + 24 hex digits: the operation's name at Stripe (metadata) and the client's
    /// durable idempotency reference. Random, so two installs on one platform never collide.
    pub reference: String,
    pub kind: OperationKind,
    pub state: OperationState,
    /// What the operation is about, for people: "Account for merchant shop-1".
    pub summary: String,
    /// The local object it belongs to (e.g. the merchant id), for the feature that made it.
    pub subject: Option<String>,
    pub target: OperationTarget,
    /// The operator who asked, once operators exist.
    pub operator: Option<String>,
    pub idempotency_key: String,
    /// Unix seconds when recorded: Stripe keeps idempotency keys for 24 hours from first use.
    pub recorded_unix: i64,
    pub method: String,
    pub path: String,
    /// The form parameters as sent (never secrets: API keys travel in a header).
    pub params: Vec<(String, String)>,
    pub reconcile: Reconcile,
    /// Sends so far: the first, and each resume or Retry now (the client's own quick retries
    /// within one send count once).
    pub attempts: u32,
    pub last_attempt_at: Option<String>,
    /// Why the outcome is still unknown, in words.
    pub last_error: Option<String>,
    /// The Stripe object the operation produced or changed.
    pub object_id: Option<String>,
    pub failure: Option<StripeFailure>,
    /// What the feature needs to save the result locally later (e.g. the onboarding form's
    /// return addresses), when the answer arrives only after a restart.
    pub context: serde_json::Value,
    /// What the operation's answer means is saved locally (e.g. the onboarding entry), or
    /// nothing needs saving. Settled operations are pruned only once applied.
    pub applied: bool,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: String,
}

impl Record for Operation {
    const COLLECTION: &'static str = "operations";
    const LABEL: &'static str = "operation";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::text("state").key(),
        Field::text("kind").key(),
        Field::text("reference").filterable().unique(),
        Field::text("subject").filterable(),
        Field::timestamp("createdAt").sortable().filterable(),
        Field::timestamp("updatedAt").sortable().filterable(),
    ];
}

impl Operation {
    pub(crate) fn stored_request(&self) -> StoredRequest {
        StoredRequest {
            method: self.method.clone(),
            path: self.path.clone(),
            params: self.params.clone(),
            operation: self.reference.clone(),
        }
    }
}

/// What a feature asks the journal to carry out.
#[derive(Debug, Clone)]
pub struct NewOperation {
    pub kind: OperationKind,
    pub summary: String,
    pub subject: Option<String>,
    pub operator: Option<String>,
    pub reconcile: Reconcile,
    /// The feature saves the result locally after Stripe answers and then marks it applied;
    /// until then a completed operation is kept for the feature to adopt.
    pub apply_locally: bool,
    /// See [`Operation::context`].
    pub context: serde_json::Value,
}
