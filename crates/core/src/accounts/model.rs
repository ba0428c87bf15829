//! Connected accounts as ConnectDesk keeps them: every account of the workspace's Stripe
//! platform (also the ones created outside ConnectDesk), synced from `GET /v1/accounts`, with
//! its status in the seed's words and its requirements as a to-do list.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::onboarding::AccountKind;
use crate::store::{Field, Record};

/// The seed's account status, derived by [`super::account_status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum AccountStatus {
    /// Onboarding is not complete (or Stripe is still verifying what was sent).
    Pending,
    /// Charges and payouts work.
    Active,
    /// Limited functionality: something Stripe needs is missing or overdue.
    Restricted,
    /// Turned off by Stripe or the platform (rejected, listed, paused): providing information
    /// does not bring it back.
    Disabled,
}

/// How urgent a to-do is, as Stripe's requirement lists say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum Due {
    /// `past_due`: the deadline has passed; Stripe limits the account until it is done.
    PastDue,
    /// `currently_due`: needed by `deadline` (or now, when Stripe gives none).
    CurrentlyDue,
    /// `eventually_due` only: needed later, e.g. when the account's volume grows.
    EventuallyDue,
    /// `pending_verification`: provided; Stripe is checking it.
    PendingVerification,
}

/// One line of the account's to-do list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ToDo {
    /// What to provide, in words: "Bank account for payouts".
    pub words: String,
    /// Stripe's requirement names this line covers: `external_account`.
    pub fields: Vec<String>,
    pub due: Due,
    /// By when (ISO 8601): Stripe's `current_deadline` for currently due lines.
    pub deadline: Option<String>,
    /// Why Stripe did not accept what was sent (`requirements.errors`), in Stripe's words.
    pub problem: Option<String>,
}

/// One capability and its status (`active`, `pending`, `inactive`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Capability {
    /// Stripe's name: `card_payments`.
    pub name: String,
    /// In words: "Card payments".
    pub label: String,
    pub status: String,
}

/// What the account tells its customers, as Stripe has it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BusinessProfileView {
    pub name: Option<String>,
    /// Merchant category code, e.g. `5812`.
    pub mcc: Option<String>,
    pub url: Option<String>,
    pub product_description: Option<String>,
    pub support_email: Option<String>,
    pub support_phone: Option<String>,
    pub support_url: Option<String>,
}

/// One connected account, as stored and as the UI sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectedAccount {
    pub id: u64,
    pub workspace_id: u64,
    /// `acct_…`.
    pub account_id: String,
    /// The merchant of the workspace's onboarding entry for this account; `None` for accounts
    /// created outside ConnectDesk (only roles that see every merchant see those).
    pub merchant_id: Option<String>,
    /// That onboarding entry, for its onboarding link.
    pub onboarding_entry_id: Option<u64>,
    /// The business profile's name, else the company's or person's, else the email.
    pub business_name: String,
    /// `standard`, `express` or `custom`; `None` for a kind Stripe added later.
    pub account_type: Option<AccountKind>,
    /// `individual`, `company`, …; empty when not chosen yet.
    pub business_type: String,
    pub country: String,
    pub default_currency: String,
    pub email: String,
    pub status: AccountStatus,
    /// Why the account has its status, in one sentence.
    pub status_detail: String,
    pub charges_enabled: bool,
    pub payouts_enabled: bool,
    pub details_submitted: bool,
    /// Stripe's `requirements.disabled_reason` and the same in words.
    pub disabled_reason: Option<String>,
    pub disabled_reason_words: Option<String>,
    /// Most urgent first.
    pub to_do: Vec<ToDo>,
    /// Stripe's `requirements.current_deadline` (ISO 8601).
    pub current_deadline: Option<String>,
    pub capabilities: Vec<Capability>,
    pub business_profile: BusinessProfileView,
    /// The platform's page of the account in the Stripe Dashboard; `None` in the offline
    /// sandbox, which has no Dashboard.
    pub dashboard_url: Option<String>,
    /// 0 test mode (and the sandbox), 1 live.
    pub mode: u8,
    /// Read from the offline sandbox.
    pub offline: bool,
    /// When Stripe created it (ISO 8601); Stripe leaves it out for some accounts.
    pub created: Option<String>,
    /// When it was last read from Stripe.
    pub synced_at: String,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: String,
}

impl Record for ConnectedAccount {
    const COLLECTION: &'static str = "accounts";
    const LABEL: &'static str = "connected account";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::int("workspaceId").key(),
        Field::text("status").key(),
        Field::text("accountType").key(),
        Field::text("country").key().sortable(),
        Field::text("accountId").filterable(),
        Field::text("merchantId").filterable(),
        Field::text("businessName").sortable().filterable(),
        Field::text("email").filterable(),
        Field::bool("chargesEnabled").filterable(),
        Field::bool("payoutsEnabled").filterable(),
        Field::timestamp("created").sortable().filterable(),
        Field::timestamp("createdAt").filterable(),
        Field::timestamp("updatedAt").filterable(),
    ];
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountSyncReport {
    /// Accounts read from Stripe and stored (new and updated).
    pub synced: u32,
    /// Of those, new to ConnectDesk.
    pub added: u32,
    /// Stored accounts Stripe no longer lists (deleted there); only a complete sync knows.
    pub removed: u32,
    /// Pages read from Stripe (one request each).
    pub requests: u32,
    /// Stopped by Cancel: what was read so far is kept, nothing is removed.
    pub cancelled: bool,
}

/// A single-use link into an Express account's dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountLoginLink {
    pub account_id: String,
    pub url: String,
}
