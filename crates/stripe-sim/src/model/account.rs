use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{resource, EmbeddedList, Metadata};

/// A Stripe account: the platform's own or a connected account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: String,
    pub object: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub business_profile: BusinessProfile,
    pub business_type: Option<String>,
    /// Requested capabilities and their status (`inactive`, `pending`, `active`).
    pub capabilities: BTreeMap<String, String>,
    pub charges_enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<Company>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub individual: Option<Individual>,
    pub controller: Value,
    pub country: String,
    pub created: i64,
    pub default_currency: String,
    pub details_submitted: bool,
    pub email: Option<String>,
    pub external_accounts: EmbeddedList<BankAccount>,
    pub future_requirements: Requirements,
    pub metadata: Metadata,
    pub payouts_enabled: bool,
    pub requirements: Requirements,
    pub settings: Settings,
    pub tos_acceptance: TosAcceptance,
}
resource!(Account, "accounts");

impl Account {
    /// The default bank account for `currency`, if any.
    pub fn bank_account_for(&self, currency: &str) -> Option<&BankAccount> {
        self.external_accounts
            .data
            .iter()
            .find(|b| b.currency == currency && b.default_for_currency)
            .or_else(|| {
                self.external_accounts
                    .data
                    .iter()
                    .find(|b| b.currency == currency)
            })
    }

    /// The `pmc_` id of this account's default payment method configuration.
    pub fn payment_method_configuration_id(&self) -> String {
        format!("pmc_{}", self.id.trim_start_matches("acct_"))
    }

    /// Days before charged funds become available.
    pub fn delay_days(&self) -> i64 {
        self.settings.payouts.schedule.delay_days
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BusinessProfile {
    pub mcc: Option<String>,
    pub name: Option<String>,
    pub product_description: Option<String>,
    pub support_address: Option<Value>,
    pub support_email: Option<String>,
    pub support_phone: Option<String>,
    pub support_url: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Company {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub tax_id_provided: bool,
}

/// The account's representative (Stripe's `person` object, abbreviated).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Individual {
    pub id: String,
    pub object: String,
    pub account: String,
    pub created: i64,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

/// `requirements` / `future_requirements`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Requirements {
    pub alternatives: Vec<RequirementAlternative>,
    pub current_deadline: Option<i64>,
    pub currently_due: Vec<String>,
    pub disabled_reason: Option<String>,
    pub errors: Vec<Value>,
    pub eventually_due: Vec<String>,
    pub past_due: Vec<String>,
    pub pending_verification: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RequirementAlternative {
    pub alternative_fields_due: Vec<String>,
    pub original_fields_due: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub bacs_debit_payments: Value,
    pub branding: Value,
    pub card_issuing: Value,
    pub card_payments: Value,
    pub dashboard: DashboardSettings,
    pub payments: PaymentsSettings,
    pub payouts: PayoutSettings,
    pub sepa_debit_payments: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardSettings {
    pub display_name: Option<String>,
    pub timezone: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PaymentsSettings {
    pub statement_descriptor: Option<String>,
    pub statement_descriptor_kana: Option<String>,
    pub statement_descriptor_kanji: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PayoutSettings {
    pub debit_negative_balances: bool,
    pub schedule: PayoutSchedule,
    pub statement_descriptor: Option<String>,
}

/// `settings.payouts.schedule`; anchors appear only for their interval, like in Stripe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PayoutSchedule {
    pub delay_days: i64,
    pub interval: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly_anchor: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekly_anchor: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TosAcceptance {
    pub date: Option<i64>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_agreement: Option<String>,
}

/// An external bank account (`ba_`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BankAccount {
    pub id: String,
    pub object: String,
    pub account: String,
    pub account_holder_name: Option<String>,
    pub account_holder_type: Option<String>,
    pub account_type: Option<String>,
    pub available_payout_methods: Vec<String>,
    pub bank_name: String,
    pub country: String,
    pub currency: String,
    pub default_for_currency: bool,
    pub fingerprint: String,
    pub last4: String,
    pub metadata: Metadata,
    pub routing_number: Option<String>,
    pub status: String,
}
