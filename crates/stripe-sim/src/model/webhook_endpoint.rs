use serde::{Deserialize, Serialize};

use super::{resource, Metadata};

/// A webhook endpoint registered through `/v1/webhook_endpoints` (`we_`). Stored with its
/// signing secret and `connect` flag, which Stripe never renders after creation (see
/// `store::render`); both are persisted because deliveries need them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookEndpointRecord {
    pub id: String,
    pub object: String,
    pub api_version: Option<String>,
    pub application: Option<String>,
    pub created: i64,
    pub description: Option<String>,
    pub enabled_events: Vec<String>,
    pub livemode: bool,
    pub metadata: Metadata,
    /// `enabled` or `disabled`.
    pub status: String,
    pub url: String,
    pub secret: String,
    /// Receives connected accounts' events (`true`) or the platform's own (`false`).
    pub connect: bool,
}
resource!(WebhookEndpointRecord, "webhook_endpoints");

impl WebhookEndpointRecord {
    /// Stripe's delivery rule: enabled, subscribed to `kind` (or `*`), and on the matching side
    /// of Connect (an event with `account` happened on a connected account).
    pub fn receives(&self, kind: &str, on_connected_account: bool) -> bool {
        self.status == "enabled"
            && self.connect == on_connected_account
            && self.enabled_events.iter().any(|e| e == "*" || e == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(connect: bool, events: &[&str]) -> WebhookEndpointRecord {
        WebhookEndpointRecord {
            id: "we_1".into(),
            object: "webhook_endpoint".into(),
            api_version: None,
            application: None,
            created: 0,
            description: None,
            enabled_events: events.iter().map(|e| (*e).to_owned()).collect(),
            livemode: false,
            metadata: Metadata::new(),
            status: "enabled".into(),
            url: "http://127.0.0.1/hooks".into(),
            secret: "whsec_x".into(),
            connect,
        }
    }

    #[test]
    fn connect_rule_and_event_filter() {
        let platform = endpoint(false, &["*"]);
        assert!(platform.receives("payout.paid", false));
        assert!(!platform.receives("payout.paid", true));
        let connect = endpoint(true, &["account.updated"]);
        assert!(connect.receives("account.updated", true));
        assert!(!connect.receives("account.updated", false));
        assert!(!connect.receives("payout.paid", true));
        let mut disabled = endpoint(false, &["*"]);
        disabled.status = "disabled".into();
        assert!(!disabled.receives("payout.paid", false));
    }
}
