//! Parameters of account create, update and list.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use super::types::{AccountType, BusinessType, CapabilityName, PayoutInterval, Weekday};
use crate::list::{Page, RangeQuery};
use crate::resources::Metadata;

/// `POST /v1/accounts`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CreateAccount {
    #[serde(rename = "type")]
    pub account_type: Option<AccountType>,
    /// ISO 3166-1 alpha-2, e.g. `US`.
    pub country: Option<String>,
    pub email: Option<String>,
    pub business_type: Option<BusinessType>,
    pub business_profile: Option<BusinessProfileParams>,
    pub capabilities: BTreeMap<CapabilityName, CapabilityRequest>,
    pub company: Option<CompanyParams>,
    pub individual: Option<IndividualParams>,
    pub default_currency: Option<String>,
    /// A bank account token (`btok_…`) for payouts (Custom and Express accounts).
    pub external_account: Option<String>,
    pub tos_acceptance: Option<TosAcceptanceParams>,
    pub settings: Option<AccountSettingsParams>,
    pub metadata: Metadata,
}

/// `POST /v1/accounts/{account}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UpdateAccount {
    pub email: Option<String>,
    pub business_type: Option<BusinessType>,
    pub business_profile: Option<BusinessProfileParams>,
    pub capabilities: BTreeMap<CapabilityName, CapabilityRequest>,
    pub company: Option<CompanyParams>,
    pub individual: Option<IndividualParams>,
    pub default_currency: Option<String>,
    /// A bank account token (`btok_…`); replaces the default for its currency.
    pub external_account: Option<String>,
    pub tos_acceptance: Option<TosAcceptanceParams>,
    pub settings: Option<AccountSettingsParams>,
    /// Set a key to `""` to remove it.
    pub metadata: Metadata,
}

/// `GET /v1/accounts`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ListAccounts {
    pub created: Option<RangeQuery>,
    #[serde(flatten)]
    pub page: Page,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BusinessProfileParams {
    pub name: Option<String>,
    /// Merchant category code, e.g. `5812`.
    pub mcc: Option<String>,
    pub url: Option<String>,
    pub product_description: Option<String>,
    pub support_email: Option<String>,
    pub support_phone: Option<String>,
    pub support_url: Option<String>,
}

/// The legal entity of a `company` (or `non_profit`, `government_entity`) account.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CompanyParams {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub tax_id: Option<String>,
    pub address: Option<AddressParams>,
}

/// The person behind an `individual` account.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IndividualParams {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<AddressParams>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AddressParams {
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
}

/// The account holder's acceptance of Stripe's services agreement (Custom accounts).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TosAcceptanceParams {
    /// Unix seconds.
    pub date: Option<i64>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// `capabilities[transfers][requested]=true`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CapabilityRequest {
    pub requested: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AccountSettingsParams {
    pub payouts: Option<PayoutSettingsParams>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PayoutSettingsParams {
    pub debit_negative_balances: Option<bool>,
    pub schedule: Option<PayoutScheduleParams>,
    pub statement_descriptor: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PayoutScheduleParams {
    pub interval: Option<PayoutInterval>,
    pub delay_days: Option<DelayDays>,
    pub weekly_anchor: Option<Weekday>,
    /// Day of the month, 1–31.
    pub monthly_anchor: Option<u8>,
}

/// How long funds are held before payout: the account's minimum or a number of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DelayDays {
    Minimum,
    Days(u32),
}

impl Serialize for DelayDays {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Minimum => serializer.serialize_str("minimum"),
            Self::Days(days) => serializer.serialize_u32(*days),
        }
    }
}
