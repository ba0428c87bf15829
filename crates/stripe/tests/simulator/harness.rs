//! A simulator in this process plus a client configured for fast tests, and the simulator's
//! `/_sim` test controls.

use std::sync::Arc;
use std::time::Duration;

use connectdesk_stripe::accounts::{
    Account, AccountType, BusinessProfileParams, BusinessType, CapabilityName, CapabilityRequest,
    CompanyParams, CreateAccount, TosAcceptanceParams,
};
use connectdesk_stripe::payment_intents::{CreatePaymentIntent, PaymentIntent};
use connectdesk_stripe::testing::MemoryIdempotencyKeys;
use connectdesk_stripe::{ApiKey, Client, ClientBuilder, OperationRef, RateLimit};
use serde_json::{json, Value};
use stripe_sim::{RunningSim, SimConfig};

pub const API_KEY: &str = "sk_test_connectdesk0123456789";

pub struct Harness {
    pub sim: RunningSim,
    pub client: Client,
    pub keys: Arc<MemoryIdempotencyKeys>,
    control: reqwest::Client,
}

/// Retries fast, and a rate limit far above what tests need.
pub fn fast_client(base_url: &str, keys: Arc<MemoryIdempotencyKeys>) -> ClientBuilder {
    let key = ApiKey::new(API_KEY).expect("valid key");
    Client::builder(key, keys)
        .base_url(base_url)
        .retry_delays(Duration::from_millis(1), Duration::from_millis(20))
        .rate_limit(RateLimit::per_second(10_000).with_burst(100))
        .timeout(Duration::from_secs(10))
}

/// The least an Express account needs: one requested capability.
pub fn express() -> CreateAccount {
    CreateAccount {
        account_type: Some(AccountType::Express),
        capabilities: [(
            CapabilityName::Transfers,
            CapabilityRequest { requested: true },
        )]
        .into(),
        ..CreateAccount::default()
    }
}

pub fn op(reference: &str) -> OperationRef {
    OperationRef::new(reference).expect("valid operation reference")
}

impl Harness {
    pub async fn start() -> Self {
        let sim = stripe_sim::start(SimConfig::ephemeral())
            .await
            .expect("simulator starts");
        let keys = Arc::new(MemoryIdempotencyKeys::new());
        let client = fast_client(sim.base_url(), Arc::clone(&keys))
            .build()
            .expect("client");
        Self {
            sim,
            client,
            keys,
            control: reqwest::Client::new(),
        }
    }

    async fn control(&self, path: &str, body: Value) -> Value {
        let url = format!("{}/_sim/{path}", self.sim.base_url());
        let response = self
            .control
            .post(&url)
            .json(&body)
            .send()
            .await
            .expect("control request");
        let status = response.status();
        let value: Value = response.json().await.expect("control answer");
        assert!(status.is_success(), "{path}: {status} {value}");
        value
    }

    /// The next `count` API requests fail with `status` (and `Stripe-Should-Retry` if given).
    /// A Connect OAuth grant on a new Standard account: the control's token answer.
    pub async fn oauth_grant(&self) -> Value {
        self.control("oauth/grants", json!({})).await
    }

    /// Revokes a grant the way a platform does, with `POST /oauth/deauthorize`.
    pub async fn deauthorize(&self, client_id: &str, account: &str) -> u16 {
        let response = self
            .control
            .post(format!("{}/oauth/deauthorize", self.sim.base_url()))
            .bearer_auth(API_KEY)
            .form(&[("client_id", client_id), ("stripe_user_id", account)])
            .send()
            .await
            .expect("deauthorize request");
        response.status().as_u16()
    }

    pub async fn fail_next(&self, count: u32, status: u16, should_retry: Option<bool>) {
        self.control(
            "faults/fail",
            json!({"count": count, "status": status, "should_retry": should_retry}),
        )
        .await;
    }

    /// The next `count` API requests are carried out, then their connection is dropped.
    pub async fn drop_next(&self, count: u32) {
        self.control("faults/drop", json!({"count": count})).await;
    }

    pub async fn latency(&self, ms: u64, count: Option<u32>) {
        self.control("faults/latency", json!({"ms": ms, "count": count}))
            .await;
    }

    pub async fn sim_rate_limit(&self, per_second: u32) {
        self.control("faults/rate_limit", json!({"per_second": per_second}))
            .await;
    }

    /// The simulator's request log, oldest first, as `(method, path, status, idempotency key)`.
    pub async fn requests(&self) -> Vec<(String, String, u16, Option<String>)> {
        let url = format!("{}/_sim/requests", self.sim.base_url());
        let log: Value = self
            .control
            .get(&url)
            .send()
            .await
            .expect("log")
            .json()
            .await
            .expect("log json");
        let mut entries: Vec<_> = log["data"]
            .as_array()
            .expect("log entries")
            .iter()
            .map(|entry| {
                (
                    entry["method"].as_str().unwrap_or_default().to_owned(),
                    entry["path"].as_str().unwrap_or_default().to_owned(),
                    u16::try_from(entry["status"].as_u64().unwrap_or_default()).unwrap_or_default(),
                    entry["idempotency_key"].as_str().map(str::to_owned),
                )
            })
            .collect();
        entries.reverse();
        entries
    }

    /// Requests to `method path` in the log, oldest first.
    pub async fn requests_to(&self, method: &str, path: &str) -> Vec<(u16, Option<String>)> {
        self.requests()
            .await
            .into_iter()
            .filter(|(m, p, _, _)| m == method && p == path)
            .map(|(_, _, status, key)| (status, key))
            .collect()
    }

    /// A Custom account with everything Stripe needs for transfers and payouts.
    pub async fn ready_account(&self, name: &str) -> Account {
        let params = CreateAccount {
            account_type: Some(AccountType::Custom),
            country: Some("US".into()),
            email: Some(format!("{name}@example.com")),
            business_type: Some(BusinessType::Company),
            company: Some(CompanyParams {
                name: Some(name.into()),
                ..CompanyParams::default()
            }),
            business_profile: Some(BusinessProfileParams {
                mcc: Some("5812".into()),
                url: Some("https://example.com".into()),
                ..BusinessProfileParams::default()
            }),
            capabilities: [CapabilityName::CardPayments, CapabilityName::Transfers]
                .into_iter()
                .map(|name| (name, CapabilityRequest { requested: true }))
                .collect(),
            tos_acceptance: Some(TosAcceptanceParams {
                date: Some(1_700_000_000),
                ip: Some("203.0.113.7".into()),
                user_agent: None,
            }),
            external_account: Some("btok_us_verified".into()),
            ..CreateAccount::default()
        };
        self.client
            .create_account(&params, &op(&format!("ready-account/{name}")))
            .await
            .expect("account")
    }

    /// Charges a card whose funds are available at once, so the platform can transfer them.
    pub async fn fund_platform(&self, amount: i64) -> PaymentIntent {
        let params = CreatePaymentIntent {
            payment_method: Some("pm_card_bypassPending".into()),
            payment_method_types: vec!["card".into()],
            confirm: Some(true),
            ..CreatePaymentIntent::new(amount, "usd")
        };
        let reference = format!(
            "fund/{}",
            connectdesk_stripe::IdempotencyKey::generate()
                .expect("random")
                .as_str()
        );
        self.client
            .create_payment_intent(&params, &op(&reference))
            .await
            .expect("funding charge")
    }
}
