//! Helpers: a simulator on a free loopback port and a small Stripe-style HTTP client.

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::redirect::Policy;
use serde_json::Value;
use stripe_sim::{RunningSim, SimConfig, StripeFee};

pub const KEY: &str = "sk_test_51SimTestKey0123456789";

/// A response: status, headers, JSON body (`Value::Null` if not JSON).
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts a 2xx and returns the body.
    pub fn ok(self) -> Value {
        assert!(
            (200..300).contains(&self.status),
            "expected success, got {}: {}",
            self.status,
            self.text
        );
        self.body
    }

    /// Asserts an error with `status` and returns `body.error`.
    pub fn err(self, status: u16) -> Value {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.text
        );
        assert!(
            self.body["error"].is_object(),
            "no error object: {}",
            self.text
        );
        self.body["error"].clone()
    }
}

/// A running simulator plus an HTTP client (redirects not followed, so tests see 303s).
pub struct TestSim {
    pub sim: Option<RunningSim>,
    pub base: String,
    pub http: reqwest::Client,
}

/// Form body with Stripe's encoding (brackets percent-encoded, as Stripe's libraries send).
pub fn encode(form: &[(&str, &str)]) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in form {
        s.append_pair(k, v);
    }
    s.finish()
}

impl TestSim {
    /// In memory, no Stripe fee (round numbers in money tests).
    pub async fn start() -> Self {
        Self::start_with(SimConfig::ephemeral().with_stripe_fee(StripeFee::FREE)).await
    }

    pub async fn start_with(config: SimConfig) -> Self {
        let sim = stripe_sim::start(config).await.expect("simulator starts");
        let base = sim.base_url().to_owned();
        let http = reqwest::Client::builder()
            .redirect(Policy::none())
            .timeout(Duration::from_secs(20))
            .build()
            .expect("client");
        Self {
            sim: Some(sim),
            base,
            http,
        }
    }

    pub async fn stop(mut self) {
        if let Some(sim) = self.sim.take() {
            sim.shutdown().await.expect("clean shutdown");
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Resp {
        let resp = req.send().await.expect("request completes");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp {
            status,
            headers,
            body,
            text,
        }
    }

    fn authed(
        &self,
        req: reqwest::RequestBuilder,
        account: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let req = req.bearer_auth(KEY);
        match account {
            Some(a) => req.header("Stripe-Account", a),
            None => req,
        }
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Resp {
        self.post_as(None, path, form).await
    }

    pub async fn post_as(&self, account: Option<&str>, path: &str, form: &[(&str, &str)]) -> Resp {
        let req = self
            .http
            .post(self.url(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(encode(form));
        self.send(self.authed(req, account)).await
    }

    pub async fn post_idem(&self, key: &str, path: &str, form: &[(&str, &str)]) -> Resp {
        let req = self
            .http
            .post(self.url(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Idempotency-Key", key)
            .body(encode(form));
        self.send(self.authed(req, None)).await
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.get_as(None, path).await
    }

    pub async fn get_as(&self, account: Option<&str>, path: &str) -> Resp {
        self.send(self.authed(self.http.get(self.url(path)), account))
            .await
    }

    pub async fn delete(&self, path: &str) -> Resp {
        self.send(self.authed(self.http.delete(self.url(path)), None))
            .await
    }

    /// A test control call with a JSON body.
    pub async fn control(&self, path: &str, body: Value) -> Resp {
        self.send(
            self.http
                .post(self.url(&format!("/_sim{path}")))
                .json(&body),
        )
        .await
    }

    /// Advances the simulated clock.
    pub async fn advance(&self, seconds: i64) {
        self.control("/clock/advance", serde_json::json!({ "seconds": seconds }))
            .await
            .ok();
    }

    /// A Custom account with every requirement met through the API (charges and payouts on).
    pub async fn active_account(&self) -> String {
        self.active_account_with_bank("000123456789").await
    }

    pub async fn active_account_with_bank(&self, account_number: &str) -> String {
        let account = self
            .post(
                "/v1/accounts",
                &[
                    ("type", "custom"),
                    ("country", "US"),
                    ("email", "owner@example.com"),
                    ("business_type", "company"),
                    ("company[name]", "Downtown Grill LLC"),
                    ("business_profile[name]", "Downtown Grill"),
                    ("business_profile[mcc]", "5812"),
                    ("business_profile[url]", "https://downtowngrill.example.com"),
                    ("capabilities[card_payments][requested]", "true"),
                    ("capabilities[transfers][requested]", "true"),
                    ("tos_acceptance[date]", "1700000000"),
                    ("tos_acceptance[ip]", "203.0.113.7"),
                    ("external_account[object]", "bank_account"),
                    ("external_account[country]", "US"),
                    ("external_account[currency]", "usd"),
                    ("external_account[routing_number]", "110000000"),
                    ("external_account[account_number]", account_number),
                ],
            )
            .await
            .ok();
        assert_eq!(account["charges_enabled"], true, "{account}");
        assert_eq!(account["payouts_enabled"], true, "{account}");
        account["id"].as_str().expect("id").to_owned()
    }

    /// A confirmed card payment on the platform; returns the PaymentIntent.
    pub async fn pay(&self, extra: &[(&str, &str)]) -> Value {
        let mut form = vec![
            ("currency", "usd"),
            ("confirm", "true"),
            ("payment_method", "pm_card_visa"),
        ];
        if !extra.iter().any(|(k, _)| *k == "amount") {
            form.push(("amount", "10000"));
        }
        form.extend_from_slice(extra);
        self.post("/v1/payment_intents", &form).await.ok()
    }

    /// `available` and `pending` amounts in `currency` of the platform or `account`.
    pub async fn balance(&self, account: Option<&str>, currency: &str) -> (i64, i64) {
        let balance = self.get_as(account, "/v1/balance").await.ok();
        let pick = |key: &str| {
            balance[key]
                .as_array()
                .and_then(|items| items.iter().find(|b| b["currency"] == currency))
                .and_then(|b| b["amount"].as_i64())
                .unwrap_or(0)
        };
        (pick("available"), pick("pending"))
    }

    /// Event types of the platform or `account`, oldest first.
    pub async fn event_types(&self, account: Option<&str>) -> Vec<String> {
        let events = self.get_as(account, "/v1/events?limit=100").await.ok();
        let mut types: Vec<String> = events["data"]
            .as_array()
            .map(|d| {
                d.iter()
                    .filter_map(|e| e["type"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        types.reverse();
        types
    }
}

/// The ids in a list response, in order.
pub fn ids(list: &Value) -> Vec<String> {
    list["data"]
        .as_array()
        .map(|d| {
            d.iter()
                .filter_map(|o| o["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A JSON array of strings as a Vec.
pub fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
