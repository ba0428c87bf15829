//! The account object, with the fields ConnectDesk shows.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::de::null_as_default;
use crate::list::List;
use crate::resources::{impl_object, Metadata};
use crate::string_enum::string_enum;

string_enum! {
    pub enum AccountType {
        Custom => "custom",
        Express => "express",
        Standard => "standard",
    }
}

string_enum! {
    pub enum BusinessType {
        Company => "company",
        GovernmentEntity => "government_entity",
        Individual => "individual",
        NonProfit => "non_profit",
    }
}

string_enum! {
    /// Capabilities ConnectDesk requests; any other is `Other`.
    pub enum CapabilityName {
        CardPayments => "card_payments",
        Transfers => "transfers",
        LegacyPayments => "legacy_payments",
        CardIssuing => "card_issuing",
        SepaDebitPayments => "sepa_debit_payments",
        BancontactPayments => "bancontact_payments",
        IdealPayments => "ideal_payments",
    }
}

string_enum! {
    pub enum CapabilityStatus {
        Active => "active",
        Inactive => "inactive",
        Pending => "pending",
    }
}

string_enum! {
    pub enum PayoutInterval {
        Daily => "daily",
        Manual => "manual",
        Monthly => "monthly",
        Weekly => "weekly",
    }
}

string_enum! {
    pub enum Weekday {
        Monday => "monday",
        Tuesday => "tuesday",
        Wednesday => "wednesday",
        Thursday => "thursday",
        Friday => "friday",
        Saturday => "saturday",
        Sunday => "sunday",
    }
}

/// A Stripe account. Only `id` is always present: Stripe omits most fields of accounts the
/// platform does not control.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Account {
    pub id: String,
    #[serde(default, rename = "type")]
    pub account_type: Option<AccountType>,
    #[serde(default)]
    pub business_type: Option<BusinessType>,
    #[serde(default)]
    pub business_profile: Option<BusinessProfile>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub capabilities: BTreeMap<String, CapabilityStatus>,
    #[serde(default)]
    pub charges_enabled: bool,
    #[serde(default)]
    pub payouts_enabled: bool,
    #[serde(default)]
    pub details_submitted: bool,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub default_currency: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Unix seconds.
    #[serde(default)]
    pub created: Option<i64>,
    #[serde(default)]
    pub requirements: Option<Requirements>,
    #[serde(default)]
    pub settings: Option<AccountSettings>,
    /// Bank accounts and cards payouts go to (accounts the platform controls).
    #[serde(default)]
    pub external_accounts: Option<List<ExternalAccount>>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
}

/// A bank account (`ba_`) or debit card (`card_`) of a connected account.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ExternalAccount {
    pub id: String,
    /// `bank_account` or `card`.
    pub object: String,
    #[serde(default)]
    pub bank_name: Option<String>,
    /// A card's brand ("Visa").
    #[serde(default)]
    pub brand: Option<String>,
    #[serde(default)]
    pub last4: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub default_for_currency: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct BusinessProfile {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub mcc: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub product_description: Option<String>,
    #[serde(default)]
    pub support_email: Option<String>,
    #[serde(default)]
    pub support_phone: Option<String>,
    #[serde(default)]
    pub support_url: Option<String>,
}

/// What Stripe still needs before (or to keep) enabling charges and payouts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Requirements {
    #[serde(default, deserialize_with = "null_as_default")]
    pub currently_due: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub eventually_due: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub past_due: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub pending_verification: Vec<String>,
    #[serde(default)]
    pub disabled_reason: Option<String>,
    /// Unix seconds.
    #[serde(default)]
    pub current_deadline: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct AccountSettings {
    #[serde(default)]
    pub payouts: Option<PayoutSettings>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct PayoutSettings {
    #[serde(default)]
    pub debit_negative_balances: bool,
    #[serde(default)]
    pub schedule: Option<PayoutSchedule>,
    #[serde(default)]
    pub statement_descriptor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PayoutSchedule {
    pub delay_days: i64,
    pub interval: PayoutInterval,
    #[serde(default)]
    pub weekly_anchor: Option<Weekday>,
    #[serde(default)]
    pub monthly_anchor: Option<i64>,
}

/// The answer to `DELETE /v1/accounts/{account}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DeletedAccount {
    pub id: String,
    #[serde(default)]
    pub deleted: bool,
}

impl_object!(Account);
