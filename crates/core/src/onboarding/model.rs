//! What an onboarding entry is, what the UI sends to create one, and what the operations return.

use std::collections::BTreeMap;

use connectdesk_stripe::accounts::AccountType;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use specta::Type;

use crate::accounts::{Capability, ToDo};
use crate::mode::Mode;
use crate::store::{Field, Record};

/// Onboarding progress, derived from the Stripe account by [`super::derive_status`]. The numbers
/// ([`OnboardingStatus::code`]) are the API's and never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub enum OnboardingStatus {
    /// Details not submitted, or Stripe still needs data (other than the terms of service).
    MissingData,
    /// The terms of service are not accepted.
    MissingTos,
    ChargesDisabled,
    PayoutDisabled,
    /// Charges and payouts enabled: onboarding is complete.
    PayoutEnabled,
}

impl OnboardingStatus {
    pub fn code(self) -> u8 {
        match self {
            Self::MissingData => 0,
            Self::MissingTos => 1,
            Self::ChargesDisabled => 2,
            Self::PayoutDisabled => 3,
            Self::PayoutEnabled => 4,
        }
    }
}

/// The Connect account types ConnectDesk creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum AccountKind {
    /// Full Stripe Dashboard, Stripe-hosted onboarding.
    Standard,
    /// Express Dashboard (login links), Stripe-hosted onboarding.
    Express,
    /// No Stripe dashboard: the platform owns the account holder's experience.
    Custom,
}

impl AccountKind {
    pub fn as_stripe(self) -> AccountType {
        match self {
            Self::Standard => AccountType::Standard,
            Self::Express => AccountType::Express,
            Self::Custom => AccountType::Custom,
        }
    }

    pub fn from_stripe(kind: &AccountType) -> Option<Self> {
        match kind {
            AccountType::Standard => Some(Self::Standard),
            AccountType::Express => Some(Self::Express),
            AccountType::Custom => Some(Self::Custom),
            AccountType::Other(_) => None,
        }
    }
}

/// `mode` as the onboarding API numbers it: 0 Sandbox, 1 Live.
pub fn mode_code(mode: Mode) -> u8 {
    match mode {
        Mode::Sandbox => 0,
        Mode::Live => 1,
    }
}

/// One payment method of the account's default payment method configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PaymentMethod {
    /// Stripe's API id, e.g. `us_bank_account`.
    #[serde(rename = "type")]
    pub kind: String,
    /// As the Stripe Dashboard names it, e.g. "US bank account"; follows from `type`.
    pub name: String,
    /// Whether the account can offer it (capabilities, country, currency).
    pub available: bool,
}

impl PaymentMethod {
    pub fn new(kind: &str, available: bool) -> Self {
        Self {
            kind: kind.to_string(),
            name: super::names::payment_method_name(kind),
            available,
        }
    }
}

/// What is read back: the name is derived again from the id, so entries stored before the name
/// existed (or under an older name) show today's.
#[derive(Deserialize)]
struct StoredPaymentMethod {
    #[serde(rename = "type")]
    kind: String,
    available: bool,
}

impl<'de> Deserialize<'de> for PaymentMethod {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = StoredPaymentMethod::deserialize(deserializer)?;
        Ok(Self::new(&stored.kind, stored.available))
    }
}

/// A connected account being onboarded, as stored and as the UI sees it (it holds no secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OnboardingEntry {
    pub id: u64,
    pub workspace_id: u64,
    /// The platform's own reference for the merchant (e.g. `merchant_123`).
    pub merchant_id: String,
    pub account_id: String,
    pub account_type: AccountKind,
    /// [`OnboardingStatus::code`].
    pub status: u8,
    pub status_name: OnboardingStatus,
    /// 0 Sandbox (test mode), 1 Live; from the connection the account was created with.
    pub mode: u8,
    /// Created in the offline sandbox (the local simulator), so Stripe itself does not know it.
    pub offline: bool,
    /// Empty when Stripe has none.
    pub email: String,
    pub country: String,
    pub tos_accepted: bool,
    pub details_submitted: bool,
    pub charges_enabled: bool,
    pub payouts_enabled: bool,
    /// Capability name → `active`, `pending` or `inactive`, as Stripe reports it.
    pub capabilities: BTreeMap<String, String>,
    /// The same capabilities in words, for the detail.
    #[serde(default)]
    pub capability_list: Vec<Capability>,
    /// What Stripe still needs, as a to-do list in words (the account detail's list).
    #[serde(default)]
    pub to_do: Vec<ToDo>,
    /// Why Stripe disabled charges or payouts, in words.
    #[serde(default)]
    pub disabled_reason_words: Option<String>,
    /// Empty until the first finish (sync).
    pub payment_methods: Vec<PaymentMethod>,
    /// `individual`, `company`, `non_profit`, …; empty until chosen.
    pub business_type: String,
    /// Where Stripe sends the merchant after onboarding; reused by refresh.
    pub return_url: Option<String>,
    /// Where Stripe sends the merchant when a link expired or was used; reused by refresh.
    pub refresh_url: Option<String>,
    /// When the last onboarding link expires (ISO 8601), so the app can offer a new one.
    pub link_expires_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// `1970-01-01T00:00:00.000Z` while not deleted.
    pub deleted_at: String,
    /// The Stripe account object exactly as last received.
    pub raw_response: Value,
}

impl Record for OnboardingEntry {
    const COLLECTION: &'static str = "onboarding";
    const LABEL: &'static str = "onboarding entry";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::int("status").key().sortable(),
        Field::int("mode").key(),
        Field::int("workspaceId").key(),
        // One live entry per account: adopting an orphan twice cannot create a second entry.
        Field::text("accountId").filterable().unique(),
        Field::text("merchantId").filterable(),
        Field::text("email").sortable().filterable(),
        Field::timestamp("createdAt").sortable().filterable(),
        Field::timestamp("updatedAt").sortable().filterable(),
    ];
}

/// What the create form sends. Values are checked by the service, which reports each problem
/// on its field (`accountType`, `country`, `email`, `businessProfile.mcc`, …).
#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CreateOnboarding {
    pub workspace_id: u64,
    pub merchant_id: String,
    /// `standard`, `express` or `custom`.
    pub account_type: String,
    /// ISO 3166-1 alpha-2, e.g. `US`.
    pub country: String,
    pub email: String,
    /// `individual`, `company`, `non_profit` or `government_entity`; empty lets the merchant
    /// choose during onboarding.
    #[serde(default)]
    pub business_type: Option<String>,
    #[serde(default)]
    pub business_profile: BusinessProfileInput,
    /// Required at Stripe; optional in the offline sandbox, which then shows its own pages.
    #[serde(default)]
    pub return_url: Option<String>,
    #[serde(default)]
    pub refresh_url: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BusinessProfileInput {
    #[serde(default)]
    pub name: Option<String>,
    /// Merchant category code: four digits, e.g. `5812`.
    #[serde(default)]
    pub mcc: Option<String>,
    /// The business's website (https).
    #[serde(default)]
    pub url: Option<String>,
}

/// Which hosted flow an Account Link opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LinkType {
    AccountOnboarding,
    AccountUpdate,
}

/// A single-use onboarding URL (an Account Link) for the merchant to open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OnboardingLink {
    pub entry_id: u64,
    pub account_id: String,
    pub url: String,
    /// ISO 8601; Stripe links live a few minutes and can be opened once.
    pub expires_at: String,
    pub link_type: LinkType,
}

/// What a dashboard link opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum DashboardKind {
    /// A single-use login link into the merchant's Express Dashboard.
    ExpressLoginLink,
    /// The platform's page of the account in the Stripe Dashboard (Standard accounts).
    PlatformDashboard,
    /// No dashboard to open; `reason` says why.
    None,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DashboardLink {
    pub entry_id: u64,
    pub account_id: String,
    pub kind: DashboardKind,
    pub url: Option<String>,
    /// Why there is no URL.
    pub reason: Option<String>,
}

/// The result of [`super::Onboarding::act`], tagged by the operation's `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(tag = "type", content = "result", rename_all = "camelCase")]
pub enum ActOutcome {
    Finish(Box<OnboardingEntry>),
    Refresh(OnboardingLink),
    Dashboard(DashboardLink),
}

/// What [`super::Onboarding::sync`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    /// Entries created for accounts whose create had not been saved (orphans).
    pub adopted: Vec<u64>,
    /// Entries brought up to date with Stripe.
    pub synced: u64,
    pub failed: Vec<SyncFailure>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncFailure {
    pub id: u64,
    pub account_id: String,
    pub message: String,
}
