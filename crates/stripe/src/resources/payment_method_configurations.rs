//! Payment method configurations: which payment methods checkout shows, per configuration.
//!
//! The endpoint is newer than the 2020-08-27 OpenAPI spec; its shape follows Stripe's fixtures.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::Result;
use crate::list::{List, Page};
use crate::request::{Request, RequestSpec};
use crate::resources::impl_object;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PaymentMethodConfiguration {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub active: bool,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default)]
    pub livemode: bool,
    /// The Connect application that owns it, if any.
    #[serde(default)]
    pub application: Option<String>,
    /// The platform configuration a connected account's configuration inherits from.
    #[serde(default)]
    pub parent: Option<String>,
    /// Every other field: per payment method settings (`card`, `apple_pay`, …) and anything new.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// One payment method's setting in a configuration.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PaymentMethodSetting {
    /// Whether the method can be shown at all (account capabilities, country, currency).
    pub available: bool,
    pub display_preference: DisplayPreference,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DisplayPreference {
    #[serde(default)]
    pub overridable: Option<bool>,
    /// `on`, `off` or `none` (inherit).
    pub preference: String,
    /// The effective value, `on` or `off`.
    pub value: String,
}

impl PaymentMethodConfiguration {
    /// The payment methods and their settings: every field shaped like a setting.
    pub fn payment_methods(&self) -> BTreeMap<&str, PaymentMethodSetting> {
        self.other
            .iter()
            .filter_map(|(name, value)| {
                PaymentMethodSetting::deserialize(value)
                    .ok()
                    .map(|setting| (name.as_str(), setting))
            })
            .collect()
    }
}

/// `GET /v1/payment_method_configurations`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListPaymentMethodConfigurations {
    /// Only the configurations of this Connect application.
    pub application: Option<String>,
    #[serde(flatten)]
    pub page: Page,
}

/// `GET /v1/payment_method_configurations`.
pub fn list(
    params: &ListPaymentMethodConfigurations,
) -> Result<Request<List<PaymentMethodConfiguration>>> {
    Ok(Request::new(
        RequestSpec::get("/v1/payment_method_configurations".into()).with_params(params)?,
    ))
}

impl Client {
    pub async fn list_payment_method_configurations(
        &self,
        params: &ListPaymentMethodConfigurations,
    ) -> Result<List<PaymentMethodConfiguration>> {
        self.send(list(params)?).await
    }
}

impl_object!(PaymentMethodConfiguration);
