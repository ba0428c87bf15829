//! Payments as ConnectDesk keeps them: a destination charge (a PaymentIntent with
//! `transfer_data[destination]`) synced from Stripe, with the fee rule that priced it and what
//! happened to it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::store::{Field, Record};

/// One payment, as stored and as the UI sees it (the client secret is never stored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    pub id: u64,
    pub workspace_id: u64,
    /// `pi_…`.
    pub payment_intent_id: String,
    /// The connected account the funds go to (`transfer_data[destination]`).
    pub account_id: String,
    /// The merchant of that account's onboarding entry, when ConnectDesk knows it.
    pub merchant_id: Option<String>,
    /// Minor units of `currency`, as every amount here.
    pub amount: i64,
    pub amount_capturable: i64,
    pub amount_received: i64,
    pub amount_refunded: i64,
    /// Lower case, e.g. `usd`.
    pub currency: String,
    /// Stripe's status: `requires_payment_method`, `requires_confirmation`, `requires_action`,
    /// `processing`, `requires_capture`, `canceled` or `succeeded`.
    pub status: String,
    /// `automatic` or `manual`.
    pub capture_method: String,
    pub application_fee_amount: i64,
    pub application_fee_refunded: i64,
    /// What reaches the account: the amount received less the application fee.
    pub destination_amount: i64,
    /// How the fee was found ("Tier 10,001–50,000: 2.5 % + $0.25, …"); `None` for payments
    /// created outside ConnectDesk.
    pub fee_rule: Option<String>,
    /// An Admin set this payment's fee themselves: a partial capture keeps it (at most the
    /// captured amount) instead of asking the rules.
    #[serde(default)]
    pub fee_set_by_admin: bool,
    pub order_id: Option<String>,
    pub customer_email: Option<String>,
    /// "visa •••• 4242", once a card paid.
    pub card: Option<String>,
    pub charge_id: Option<String>,
    pub transfer_id: Option<String>,
    pub application_fee_id: Option<String>,
    pub disputed: bool,
    /// Why the last confirmation failed, in Stripe's words.
    pub failure: Option<String>,
    pub metadata: BTreeMap<String, String>,
    pub refunds: Vec<PaymentRefund>,
    pub timeline: Vec<TimelineEvent>,
    /// 0 test mode, 1 live.
    pub mode: u8,
    /// Created in the offline sandbox.
    pub offline: bool,
    /// When Stripe created it (ISO 8601).
    pub created: String,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PaymentRefund {
    /// `re_…`.
    pub id: String,
    pub amount: i64,
    pub status: Option<String>,
    pub reason: Option<String>,
    /// The part of the application fee given back with this refund.
    pub application_fee_refunded: i64,
    pub reversed_transfer: bool,
    pub created: String,
}

/// One line of a payment's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TimelineEvent {
    pub at: String,
    /// `created`, `confirmed`, `declined`, `captured`, `canceled`, `refunded`, `disputed`.
    pub event: String,
    pub detail: String,
}

impl Record for Payment {
    const COLLECTION: &'static str = "payments";
    const LABEL: &'static str = "payment";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::int("workspaceId").key(),
        Field::text("accountId").key(),
        Field::text("status").key(),
        Field::text("currency").key(),
        Field::text("paymentIntentId").filterable().unique(),
        Field::text("merchantId").filterable(),
        Field::text("orderId").filterable(),
        Field::text("customerEmail").filterable(),
        Field::int("amount").sortable().filterable(),
        Field::timestamp("created").sortable().filterable(),
        Field::timestamp("createdAt").filterable(),
        Field::timestamp("updatedAt").filterable(),
    ];
}

/// What the create form sends; every number is text, checked by the core.
#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CreatePayment {
    pub workspace_id: u64,
    /// `acct_…` of a connected account of this workspace.
    pub account_id: String,
    /// In major units, with at most the currency's decimals ("25.00", "500" for JPY).
    pub amount: String,
    pub currency: String,
    #[serde(default)]
    pub order_id: Option<String>,
    #[serde(default)]
    pub customer_email: Option<String>,
    /// Empty: `card`.
    #[serde(default)]
    pub payment_method_types: Vec<String>,
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
    /// Authorize now, capture later.
    #[serde(default)]
    pub manual_capture: bool,
    /// An Admin's own application fee instead of the rules' (audited with its reason).
    #[serde(default)]
    pub fee_override: Option<FeeOverride>,
}

#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FeeOverride {
    /// Major units, like the amount.
    pub amount: String,
    pub reason: String,
}

/// What a create answers: the payment and its client secret, shown once.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CreatedPayment {
    pub payment: Payment,
    pub client_secret: ClientSecret,
}

/// A PaymentIntent's client secret: given to the UI to copy, never written to a log.
#[derive(Clone, Serialize, Type)]
#[serde(transparent)]
pub struct ClientSecret(pub String);

impl std::fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientSecret(••••)")
    }
}

/// Stripe's test payment methods, for "Pay with a test card" (test mode and the sandbox only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum TestCard {
    /// `pm_card_visa`: succeeds.
    Succeeds,
    /// `pm_card_chargeDeclined`: declined.
    Declined,
    /// `pm_card_authenticationRequired`: waits for 3D Secure, which only the customer can do.
    RequiresAuthentication,
    /// `pm_card_createDispute`: succeeds, then the customer disputes it.
    Disputed,
}

impl TestCard {
    pub fn payment_method(self) -> &'static str {
        match self {
            Self::Succeeds => "pm_card_visa",
            Self::Declined => "pm_card_chargeDeclined",
            Self::RequiresAuthentication => "pm_card_authenticationRequired",
            Self::Disputed => "pm_card_createDispute",
        }
    }
}

/// A capture: the whole capturable amount, or `amount` (major units) of it.
#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CapturePayment {
    pub id: u64,
    #[serde(default)]
    pub amount: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RefundPayment {
    pub id: u64,
    /// Major units; empty: everything not yet refunded.
    #[serde(default)]
    pub amount: Option<String>,
    /// `duplicate`, `fraudulent` or `requested_by_customer`; empty: none.
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub refund_application_fee: bool,
    #[serde(default)]
    pub reverse_transfer: bool,
}

/// What Support may refund per payment in a workspace, in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RefundLimit {
    /// Lower case, e.g. `usd`.
    pub currency: String,
    /// Minor units; 0 means Support cannot refund in this currency.
    pub amount: i64,
}

/// An Admin sets what Support may refund per payment, in one currency.
#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SetRefundLimit {
    pub workspace_id: u64,
    pub currency: String,
    /// Major units, as typed; 0 or empty: no refunds by Support.
    pub amount: String,
}

/// What a refund answers, as the seed's response has it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RefundOutcome {
    pub refund: PaymentRefund,
    pub payment: Payment,
}
