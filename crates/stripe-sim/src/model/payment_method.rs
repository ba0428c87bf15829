use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{resource, Metadata};

/// A card PaymentMethod (`pm_`), created from a test token such as `pm_card_visa`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentMethod {
    pub id: String,
    pub object: String,
    pub billing_details: Value,
    pub card: Value,
    pub created: i64,
    pub customer: Option<String>,
    pub livemode: bool,
    pub metadata: Metadata,
    #[serde(rename = "type")]
    pub kind: String,
}
resource!(PaymentMethod, "payment_methods");

impl PaymentMethod {
    /// The card's last four digits (they select the test card's behaviour).
    pub fn last4(&self) -> &str {
        self.card.get("last4").and_then(Value::as_str).unwrap_or("")
    }
}
