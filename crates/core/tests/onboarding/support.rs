//! A real sled store in a temporary directory, the real simulator in-process, a Stripe client
//! on it, and a minimal HTTP/1.1 client to use the simulator's pages as a person would.

use std::sync::Arc;
use std::time::Duration;

use connectdesk_core::journal::Journal;
use connectdesk_core::mode::Mode;
use connectdesk_core::onboarding::{
    BusinessProfileInput, CreateOnboarding, Onboarding, SaveFaults,
};
use connectdesk_core::store::Store;
use connectdesk_core::stripe_access::{StripeContext, SANDBOX_PLATFORM_KEY};
use connectdesk_core::stripe_gateway::Target;
use connectdesk_core::workspaces::{CreateWorkspace, Workspaces};
use connectdesk_core::ErrorCode;
use connectdesk_stripe::accounts::{Account, ListAccounts};
use connectdesk_stripe::{ApiKey, Client, Page, RateLimit};
use serde_json::Value;
use stripe_sim::{RunningSim, SimConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const RETURN_URL: &str = "https://app.connectdesk.example/onboarding/return";
pub const REFRESH_URL: &str = "https://app.connectdesk.example/onboarding/refresh";

pub struct Harness {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub onboarding: Onboarding,
    pub faults: SaveFaults,
    pub workspace_id: u64,
    pub sim: RunningSim,
    pub ctx: StripeContext,
}

impl Harness {
    pub async fn start() -> Harness {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path()).expect("store");
        let workspace_id = Workspaces::new(&store)
            .expect("workspaces")
            .create(CreateWorkspace {
                name: "Acme Marketplace".into(),
            })
            .expect("workspace")
            .id;
        let faults = SaveFaults::new();
        let onboarding = Onboarding::with_save_faults(
            &store,
            Journal::open(&store).expect("journal"),
            faults.clone(),
        )
        .expect("service");
        let sim = start_sim().await;
        let ctx = sandbox_context(&store, sim.base_url());
        Harness {
            dir,
            store,
            onboarding,
            faults,
            workspace_id,
            sim,
            ctx,
        }
    }

    /// An Express account in the US with everything the form offers.
    pub fn input(&self, merchant_id: &str) -> CreateOnboarding {
        CreateOnboarding {
            workspace_id: self.workspace_id,
            merchant_id: merchant_id.into(),
            account_type: "express".into(),
            country: "US".into(),
            email: format!("{merchant_id}@restaurant.example"),
            business_type: Some("company".into()),
            business_profile: BusinessProfileInput {
                name: Some("Downtown Grill".into()),
                mcc: Some("5812".into()),
                url: Some("https://downtowngrill.example".into()),
            },
            return_url: Some(RETURN_URL.into()),
            refresh_url: Some(REFRESH_URL.into()),
        }
    }

    pub fn input_of(&self, merchant_id: &str, account_type: &str) -> CreateOnboarding {
        CreateOnboarding {
            account_type: account_type.into(),
            ..self.input(merchant_id)
        }
    }

    /// Every connected account the simulator holds.
    pub async fn sim_accounts(&self) -> Vec<Account> {
        accounts_at(&self.ctx.client).await
    }

    pub fn entry_count(&self) -> u64 {
        self.onboarding
            .list(&Default::default())
            .expect("list")
            .total_count
    }

    /// `POST /_sim/{path}` with a JSON body.
    pub async fn control(&self, path: &str, body: Value) -> Response {
        let url = format!("{}/_sim/{path}", self.sim.base_url());
        http("POST", &url, Some(("application/json", body.to_string()))).await
    }
}

// Money tests (payments, transfers) share these; the onboarding tests use the rest.
#[allow(dead_code)]
impl Harness {
    /// `POST {path}` on the simulator as the platform, as a merchant or Stripe would act
    /// outside ConnectDesk; panics unless it succeeds.
    pub async fn sim_post(&self, path: &str, form: &[(&str, &str)]) -> Value {
        self.sim_post_as(None, path, form).await
    }

    /// [`Harness::sim_post`] as a connected account (`Stripe-Account`) when `account` is set.
    pub async fn sim_post_as(
        &self,
        account: Option<&str>,
        path: &str,
        form: &[(&str, &str)],
    ) -> Value {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let mut request = reqwest::Client::new()
            .post(format!("{}{path}", self.sim.base_url()))
            .bearer_auth(SANDBOX_PLATFORM_KEY)
            .header("content-type", "application/x-www-form-urlencoded");
        if let Some(account) = account {
            request = request.header("stripe-account", account);
        }
        let response = request
            .body(body)
            .send()
            .await
            .expect("the simulator answers");
        let status = response.status();
        let answer: Value = response.json().await.expect("JSON");
        assert!(status.is_success(), "{path}: {status} {answer}");
        answer
    }

    /// What the merchant gives Stripe to finish a Custom account's onboarding (company, terms,
    /// a bank account), sent straight to the simulator: ConnectDesk is not asked anything.
    pub async fn complete_at_stripe(&self, account_id: &str) -> Value {
        self.complete_at_stripe_with_bank(account_id, "000123456789")
            .await
    }

    /// [`Harness::complete_at_stripe`] with `account_number` as the bank account.
    pub async fn complete_at_stripe_with_bank(
        &self,
        account_id: &str,
        account_number: &str,
    ) -> Value {
        self.sim_post(
            &format!("/v1/accounts/{account_id}"),
            &[
                ("company[name]", "Downtown Grill LLC"),
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
    }

    /// A Custom account whose merchant finished what onboarding asks for (company, terms, a
    /// bank account): it takes charges and receives transfers.
    pub async fn onboarded_custom(
        &self,
        merchant_id: &str,
    ) -> connectdesk_core::onboarding::OnboardingEntry {
        let link = self
            .onboarding
            .create(&self.ctx, self.input_of(merchant_id, "custom"))
            .await
            .expect("onboarding create");
        let entry = self
            .onboarding
            .get(&link.entry_id.to_string())
            .expect("entry");
        self.complete_at_stripe(&entry.account_id).await;
        let finished = self
            .onboarding
            .finish(&self.ctx, link.entry_id)
            .await
            .expect("finish");
        assert!(finished.charges_enabled, "{finished:?}");
        finished
    }

    /// `amount` (minor units) of `currency` available on the platform at once: a payment with
    /// Stripe's test card whose funds skip the pending period (`pm_card_bypassPending`).
    pub async fn fund_platform(&self, amount: i64, currency: &str) {
        let amount = amount.to_string();
        let payment = self
            .sim_post(
                "/v1/payment_intents",
                &[
                    ("amount", amount.as_str()),
                    ("currency", currency),
                    ("confirm", "true"),
                    ("payment_method", "pm_card_bypassPending"),
                ],
            )
            .await;
        assert_eq!(payment["status"], "succeeded", "{payment}");
    }
}

pub async fn start_sim() -> RunningSim {
    stripe_sim::start(SimConfig::ephemeral())
        .await
        .expect("the simulator starts")
}

/// The sandbox context the app would build: the platform key, generous rate limit so tests
/// run fast, short retry waits.
pub fn sandbox_context(store: &Store, base_url: &str) -> StripeContext {
    let keys = Arc::new(Journal::open(store).expect("journal"));
    let client = Client::builder(ApiKey::new(SANDBOX_PLATFORM_KEY).expect("key"), keys)
        .base_url(base_url)
        .rate_limit(RateLimit::per_second(1_000).with_burst(50))
        .max_retries(1)
        .retry_delays(Duration::from_millis(10), Duration::from_millis(50))
        .connect_timeout(Duration::from_secs(2))
        .build()
        .expect("client");
    StripeContext {
        client,
        mode: Mode::Sandbox,
        target: Target::Sandbox {
            base_url: base_url.to_string(),
        },
        connection: None,
    }
}

pub async fn accounts_at(client: &Client) -> Vec<Account> {
    let mut params = ListAccounts {
        page: Page::limit(100),
        ..ListAccounts::default()
    };
    let mut all = Vec::new();
    loop {
        let page = client.list_accounts(&params).await.expect("list accounts");
        all.extend(page.data);
        match all.last() {
            Some(last) if page.has_more => params.page = Page::limit(100).starting_after(&last.id),
            _ => return all,
        }
    }
}

pub fn assert_code<T: std::fmt::Debug>(
    result: connectdesk_core::Result<T>,
    code: ErrorCode,
    field: Option<&str>,
) -> connectdesk_core::CoreError {
    let err = result.expect_err("an error");
    assert_eq!((err.code, err.field.as_deref()), (code, field), "{err:?}");
    err
}

/// One HTTP answer.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The target of a 303, made absolute against `base`.
    pub fn redirect(&self, base: &str) -> String {
        assert_eq!(self.status, 303, "expected a redirect: {}", self.body);
        let location = self.header("location").expect("Location");
        if location.starts_with('/') {
            format!("{base}{location}")
        } else {
            location.to_string()
        }
    }
}

/// A plain HTTP/1.1 exchange (`Connection: close`), redirects not followed. Enough for the
/// simulator's pages and controls, which are plain HTTP on loopback.
pub async fn http(method: &str, url: &str, body: Option<(&str, String)>) -> Response {
    let parsed = url::Url::parse(url).expect("absolute URL");
    let host = parsed.host_str().expect("host");
    let port = parsed.port_or_known_default().expect("port");
    let target = match parsed.query() {
        Some(query) => format!("{}?{query}", parsed.path()),
        None => parsed.path().to_string(),
    };
    let mut request = format!(
        "{method} {target} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: onboarding-test/1.0\r\nConnection: close\r\n"
    );
    let content = match body {
        Some((content_type, content)) => {
            request.push_str(&format!(
                "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
                content.len()
            ));
            content
        }
        None => String::new(),
    };
    request.push_str("\r\n");
    request.push_str(&content);

    let mut stream = TcpStream::connect((host, port)).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("receive");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("a complete answer");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(key, value)| (key.trim().to_string(), value.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_string(),
    }
}

/// `application/x-www-form-urlencoded`.
pub fn form(fields: &[(&str, &str)]) -> (&'static str, String) {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    ("application/x-www-form-urlencoded", body)
}

/// What a merchant fills in on the details page.
pub const DETAILS: &[(&str, &str)] = &[
    ("business_type", "company"),
    ("company_name", "Downtown Grill LLC"),
    ("business_name", "Downtown Grill"),
    ("email", "owner@downtowngrill.example"),
    ("mcc", "5812"),
    ("url", "https://downtowngrill.example"),
    ("product_description", ""),
    ("support_phone", "+15555550123"),
];

pub const BANK: &[(&str, &str)] = &[
    ("account_holder_name", "Jane Doe"),
    ("routing_number", "110000000"),
    ("account_number", "000123456789"),
];

/// Opens an onboarding link as a browser would: the first step's URL.
pub async fn open_link(base: &str, url: &str) -> String {
    http("GET", url, None).await.redirect(base)
}

/// Looks at a step's form, then submits it; returns where the page sends the merchant next.
pub async fn submit_step(base: &str, step_url: &str, fields: &[(&str, &str)]) -> String {
    let page = http("GET", step_url, None).await;
    assert_eq!(page.status, 200, "the step shows its form: {}", page.body);
    for (name, _) in fields {
        assert!(
            page.body.contains(&format!("name=\"{name}\"")),
            "the form of {step_url} has a {name} field"
        );
    }
    http("POST", step_url, Some(form(fields)))
        .await
        .redirect(base)
}
