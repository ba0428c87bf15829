//! The money worker shared by the crash test (`tests/journal_crash.rs`) and the soak benchmark
//! (`benches/money_soak.rs`), and the audit both end with.
//!
//! The worker carries out a fixed plan of money operations through the operations journal
//! against the simulator: cycles of transfer → reversal, payment (created and confirmed with
//! `pm_card_visa`, manual capture) → capture → refund. Planned operation `i` is recorded with
//! subject `money-{i}`, so a worker started again after `kill -9` knows what it already did:
//! it resumes what is pending (a crash between recording and sending included), then goes on
//! with the first planned operation the journal does not have. An operation acting on an
//! earlier one's result (a reversal, capture or refund) is carried out only once that one
//! completed.
//!
//! The audit compares the journal with what the simulator holds, through the
//! `metadata[connectdesk_op]` every created object carries.

#![allow(dead_code)] // Each target uses a different part.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use connectdesk_core::journal::{
    Journal, NewOperation, Operation, OperationKind, OperationState, Reconcile, WriteError,
    METADATA_OPERATION,
};
use connectdesk_core::mode::Mode;
use connectdesk_core::store::Store;
use connectdesk_core::stripe_access::{StripeContext, SANDBOX_PLATFORM_KEY};
use connectdesk_core::stripe_gateway::Target;
use connectdesk_stripe::payment_intents::{
    self, CaptureMethod, CapturePaymentIntent, CreatePaymentIntent,
};
use connectdesk_stripe::refunds::{self, CreateRefund};
use connectdesk_stripe::transfer_reversals::{self, CreateTransferReversal};
use connectdesk_stripe::transfers::{self, CreateTransfer};
use connectdesk_stripe::{ApiKey, Client, Metadata, OperationRef, RateLimit, RequestSpec};
use serde_json::Value;

pub const ENV_SIM_URL: &str = "CONNECTDESK_MONEY_WORKER_SIM_URL";
pub const ENV_DATA_DIR: &str = "CONNECTDESK_MONEY_WORKER_DATA_DIR";
pub const ENV_DESTINATION: &str = "CONNECTDESK_MONEY_WORKER_DESTINATION";
pub const ENV_OPS: &str = "CONNECTDESK_MONEY_WORKER_OPS";
pub const ENV_TIMEOUT_MS: &str = "CONNECTDESK_MONEY_WORKER_TIMEOUT_MS";

/// Printed (and flushed, stdout is line-buffered) after each planned operation the worker
/// carried out, with its index.
pub const PROGRESS: &str = "money-worker op ";
/// Printed when the whole plan is done.
pub const DONE: &str = "money-worker done";

pub const WORKSPACE_ID: u64 = 1;
pub const CURRENCY: &str = "usd";
/// Planned operations per cycle (see [`Step`]).
pub const CYCLE: usize = 5;

/// What a worker process needs, passed through its environment.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    pub sim_url: String,
    pub data_dir: PathBuf,
    /// The connected account transfers go to.
    pub destination: String,
    /// Planned operations.
    pub ops: usize,
    /// The client's limit for a whole request.
    pub timeout: Duration,
}

impl WorkerConfig {
    /// `None` unless this process was started as a worker.
    pub fn from_env() -> Option<WorkerConfig> {
        let var = |name| std::env::var(name).ok();
        Some(WorkerConfig {
            sim_url: var(ENV_SIM_URL)?,
            data_dir: PathBuf::from(var(ENV_DATA_DIR)?),
            destination: var(ENV_DESTINATION)?,
            ops: var(ENV_OPS)?.parse().ok()?,
            timeout: Duration::from_millis(var(ENV_TIMEOUT_MS)?.parse().ok()?),
        })
    }

    /// Passes the configuration to a worker process.
    pub fn apply(&self, command: &mut Command) {
        command
            .env(ENV_SIM_URL, &self.sim_url)
            .env(ENV_DATA_DIR, &self.data_dir)
            .env(ENV_DESTINATION, &self.destination)
            .env(ENV_OPS, self.ops.to_string())
            .env(ENV_TIMEOUT_MS, self.timeout.as_millis().to_string());
    }
}

/// One planned operation's kind, by its place in the cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Transfer,
    /// Half of the cycle's transfer.
    Reverse,
    /// Created and confirmed at once (`confirm=true`, `pm_card_visa`), captured later.
    Pay,
    Capture,
    /// Part of the captured payment.
    Refund,
}

impl Step {
    pub fn of(index: usize) -> Step {
        match index % CYCLE {
            0 => Step::Transfer,
            1 => Step::Reverse,
            2 => Step::Pay,
            3 => Step::Capture,
            _ => Step::Refund,
        }
    }

    pub fn kind(self) -> OperationKind {
        match self {
            Step::Transfer => OperationKind::Transfer,
            Step::Reverse => OperationKind::TransferReversal,
            Step::Pay => OperationKind::PaymentCreate,
            Step::Capture => OperationKind::PaymentCapture,
            Step::Refund => OperationKind::Refund,
        }
    }

    /// Acts on the object the previous planned operation produced.
    fn needs_previous(self) -> bool {
        matches!(self, Step::Reverse | Step::Capture | Step::Refund)
    }
}

pub fn subject(index: usize) -> String {
    format!("money-{index:06}")
}

/// Minor units, varied so replays of the wrong request would show.
pub fn amount(index: usize) -> i64 {
    500 + (index % 7) as i64 * 100
}

const PAYMENT_EXTRA: i64 = 2_000;
const REFUND: i64 = 300;

/// The client a worker uses: the journal is its key store; the rate limit is lifted so the
/// simulator's faults, not the limiter, set the pace; short waits between retries.
pub fn context(
    journal: &Journal,
    base_url: &str,
    timeout: Duration,
    retries: u32,
) -> StripeContext {
    let client = Client::builder(
        ApiKey::new(SANDBOX_PLATFORM_KEY).expect("the sandbox key"),
        Arc::new(journal.clone()),
    )
    .base_url(base_url)
    .rate_limit(RateLimit::per_second(1_000).with_burst(100))
    .max_retries(retries)
    .retry_delays(Duration::from_millis(10), Duration::from_millis(100))
    .connect_timeout(Duration::from_secs(1))
    .timeout(timeout)
    .build()
    .expect("the client");
    StripeContext {
        client,
        mode: Mode::Sandbox,
        target: Target::Sandbox {
            base_url: base_url.to_string(),
        },
        connection: None,
    }
}

fn tagged(operation: &OperationRef) -> Metadata {
    Metadata::from([(
        METADATA_OPERATION.to_string(),
        operation.as_str().to_string(),
    )])
}

fn created(list_path: impl Into<String>) -> Reconcile {
    Reconcile::Created {
        list_path: list_path.into(),
    }
}

/// Carries out planned operation `index` through the journal; `on` is the object it acts on
/// (the transfer of a reversal, the payment of a capture or refund). Returns the journal's
/// record, whatever Stripe answered; `Err` only when nothing was sent.
pub async fn carry_out(
    journal: &Journal,
    ctx: &StripeContext,
    destination: &str,
    index: usize,
    on: Option<&str>,
) -> Result<Operation, String> {
    let step = Step::of(index);
    let new = |reconcile| NewOperation {
        kind: step.kind(),
        summary: format!("{} #{index}", step.kind().describe()),
        subject: Some(subject(index)),
        operator: None,
        reconcile,
        apply_locally: false,
        context: Value::Null,
    };
    let target = || {
        on.map(str::to_string)
            .ok_or("no object to act on".to_string())
    };
    let outcome = match step {
        Step::Transfer => journal
            .execute(ctx, WORKSPACE_ID, new(created("/v1/transfers")), |op| {
                let mut params = CreateTransfer::new(amount(index), CURRENCY, destination);
                params.metadata = tagged(op);
                transfers::create(&params, op)
            })
            .await
            .map(|done| done.operation),
        Step::Reverse => {
            let transfer = target()?;
            let list_path = format!("/v1/transfers/{transfer}/reversals");
            journal
                .execute(ctx, WORKSPACE_ID, new(created(list_path)), |op| {
                    let params = CreateTransferReversal {
                        amount: Some(amount(index - 1) / 2),
                        metadata: tagged(op),
                        ..CreateTransferReversal::default()
                    };
                    transfer_reversals::create(&transfer, &params, op)
                })
                .await
                .map(|done| done.operation)
        }
        Step::Pay => journal
            .execute(
                ctx,
                WORKSPACE_ID,
                new(created("/v1/payment_intents")),
                |op| {
                    let params = CreatePaymentIntent {
                        payment_method_types: vec!["card".into()],
                        capture_method: Some(CaptureMethod::Manual),
                        confirm: Some(true),
                        payment_method: Some("pm_card_visa".into()),
                        metadata: tagged(op),
                        ..CreatePaymentIntent::new(PAYMENT_EXTRA + amount(index), CURRENCY)
                    };
                    payment_intents::create(&params, op)
                },
            )
            .await
            .map(|done| done.operation),
        Step::Capture => {
            let payment = target()?;
            let reconcile = Reconcile::State {
                path: format!("/v1/payment_intents/{payment}"),
                field: "status".into(),
                expected: "succeeded".into(),
            };
            journal
                .execute(ctx, WORKSPACE_ID, new(reconcile), |op| {
                    payment_intents::capture(&payment, &CapturePaymentIntent::default(), op)
                })
                .await
                .map(|done| done.operation)
        }
        Step::Refund => {
            let payment = target()?;
            journal
                .execute(ctx, WORKSPACE_ID, new(created("/v1/refunds")), |op| {
                    let params = CreateRefund {
                        amount: Some(REFUND),
                        metadata: tagged(op),
                        ..CreateRefund::for_payment_intent(&payment)
                    };
                    refunds::create(&params, op)
                })
                .await
                .map(|done| done.operation)
        }
    };
    match outcome {
        Ok(operation) => Ok(operation),
        Err(WriteError::Stripe { operation, .. }) => Ok(*operation),
        Err(WriteError::NotSent(err)) => Err(format!("operation {index} not sent: {err:?}")),
    }
}

/// Every operation in the journal, by subject.
pub fn by_subject(journal: &Journal) -> Result<HashMap<String, Operation>, String> {
    Ok(all_operations(journal)?
        .into_iter()
        .filter_map(|op| op.subject.clone().map(|subject| (subject, op)))
        .collect())
}

pub fn all_operations(journal: &Journal) -> Result<Vec<Operation>, String> {
    let mut all = Vec::new();
    for state in [
        OperationState::Pending,
        OperationState::Completed,
        OperationState::Failed,
        OperationState::NeedsDecision,
        OperationState::Resolved,
    ] {
        all.extend(journal.in_state(state).map_err(|err| err.message)?);
    }
    Ok(all)
}

/// The object planned operation `index` produced, once it completed; a pending one is tried
/// again a few times (the simulator's faults are random).
async fn result_of(
    journal: &Journal,
    ctx: &StripeContext,
    known: &mut HashMap<String, Operation>,
    index: usize,
) -> Result<Option<String>, String> {
    let name = subject(index);
    let Some(mut operation) = known.get(&name).cloned() else {
        return Ok(None);
    };
    for _ in 0..3 {
        if operation.state != OperationState::Pending {
            break;
        }
        operation = journal
            .retry(ctx, operation.id)
            .await
            .map_err(|err| err.message)?;
        known.insert(name.clone(), operation.clone());
    }
    Ok(match operation.state {
        OperationState::Completed => operation.object_id,
        _ => None,
    })
}

/// The worker process: resume what is pending, then carry out the rest of the plan.
pub async fn run(config: &WorkerConfig) -> Result<(), String> {
    let store = Store::open(&config.data_dir).map_err(|err| err.message)?;
    let journal = Journal::open(&store).map_err(|err| err.message)?;
    let ctx = context(&journal, &config.sim_url, config.timeout, 2);
    journal.resume_all(&ctx).await.map_err(|err| err.message)?;
    let mut known = by_subject(&journal)?;
    for index in 0..config.ops {
        let name = subject(index);
        if known.contains_key(&name) {
            continue;
        }
        let on = if Step::of(index).needs_previous() {
            match result_of(&journal, &ctx, &mut known, index - 1).await? {
                Some(object) => Some(object),
                None => continue,
            }
        } else {
            None
        };
        let operation =
            carry_out(&journal, &ctx, &config.destination, index, on.as_deref()).await?;
        known.insert(name, operation);
        println!("{PROGRESS}{index}");
    }
    println!("{DONE}");
    Ok(())
}

// ---- Setup and controls (parent side, plain HTTP) ----

/// `POST /_sim/{path}` (or another method) with a JSON body; the answer as JSON.
pub async fn control(base_url: &str, method: &str, path: &str, body: Option<Value>) -> Value {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = reqwest::Client::new().request(method, format!("{base_url}/_sim/{path}"));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("the simulator answers");
    let status = response.status();
    let answer: Value = response.json().await.expect("a JSON answer");
    assert!(status.is_success(), "/_sim/{path}: {status} {answer}");
    answer
}

/// A form POST to the API with the sandbox key, outside the journal: test setup only.
pub async fn setup_post(base_url: &str, path: &str, form: &[(&str, &str)]) -> Value {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let response = reqwest::Client::new()
        .post(format!("{base_url}{path}"))
        .bearer_auth(SANDBOX_PLATFORM_KEY)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("the simulator answers");
    let status = response.status();
    let answer: Value = response.json().await.expect("a JSON answer");
    assert!(status.is_success(), "{path}: {status} {answer}");
    answer
}

/// A Custom account that can receive transfers, and `funds` (minor units) available on the
/// platform (a payment with `pm_card_bypassPending`, as in Stripe). Returns the account id.
pub async fn prepare(base_url: &str, funds: i64) -> String {
    let account = setup_post(
        base_url,
        "/v1/accounts",
        &[
            ("type", "custom"),
            ("country", "US"),
            ("email", "owner@downtowngrill.example"),
            ("business_type", "company"),
            ("company[name]", "Downtown Grill LLC"),
            ("business_profile[mcc]", "5812"),
            ("business_profile[url]", "https://downtowngrill.example"),
            ("capabilities[card_payments][requested]", "true"),
            ("capabilities[transfers][requested]", "true"),
            ("tos_acceptance[date]", "1700000000"),
            ("tos_acceptance[ip]", "203.0.113.7"),
            ("external_account[object]", "bank_account"),
            ("external_account[country]", "US"),
            ("external_account[currency]", "usd"),
            ("external_account[routing_number]", "110000000"),
            ("external_account[account_number]", "000123456789"),
        ],
    )
    .await;
    assert_eq!(account["capabilities"]["transfers"], "active", "{account}");
    let funds = funds.to_string();
    let payment = setup_post(
        base_url,
        "/v1/payment_intents",
        &[
            ("amount", funds.as_str()),
            ("currency", CURRENCY),
            ("confirm", "true"),
            ("payment_method", "pm_card_bypassPending"),
        ],
    )
    .await;
    assert_eq!(payment["status"], "succeeded", "{payment}");
    account["id"].as_str().expect("an account id").to_string()
}

// ---- Audit ----

/// Resumes until nothing is pending (faults off); returns the passes it took, or `None` when
/// operations are still pending after `max_passes`.
pub async fn settle_all(journal: &Journal, ctx: &StripeContext, max_passes: u32) -> Option<u32> {
    for pass in 1..=max_passes {
        journal.resume_all(ctx).await.expect("resume");
        if journal.open_counts().expect("counts").pending == 0 {
            return Some(pass);
        }
    }
    None
}

/// The journal compared with what the simulator holds.
#[derive(Debug, Default)]
pub struct Audit {
    /// Operations in the journal.
    pub ops: usize,
    pub completed: usize,
    pub failed: usize,
    /// Carried out more than once at Stripe: more than one object with one operation's
    /// `connectdesk_op`, more than one charge for a payment (confirm) or capture of a charge.
    pub duplicates: usize,
    /// Completed in the journal, absent (or another object) at Stripe.
    pub lost: usize,
    /// Pending or waiting for a decision.
    pub unresolved: usize,
    /// Failed (or resolved by hand) in the journal, carried out at Stripe.
    pub failed_but_done: usize,
    /// Objects carrying a `connectdesk_op` the journal does not know.
    pub untracked: usize,
    /// One line per finding, for the report.
    pub findings: Vec<String>,
}

impl Audit {
    pub fn last_line(&self) -> String {
        format!(
            "money_soak: ops {} duplicates {} lost {} unresolved {}",
            self.ops, self.duplicates, self.lost, self.unresolved
        )
    }
}

async fn list_all(client: &Client, path: &str, filter: &[(&str, &str)]) -> Vec<Value> {
    let mut all: Vec<Value> = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let mut query = vec![("limit", "100")];
        query.extend_from_slice(filter);
        if let Some(last) = after.as_deref() {
            query.push(("starting_after", last));
        }
        let spec = RequestSpec::read(path, &query).expect("a list path");
        let page = client.send_spec(&spec).await.expect("the list reads");
        let data = page["data"].as_array().cloned().unwrap_or_default();
        let last = data
            .last()
            .and_then(|o| o["id"].as_str())
            .map(str::to_string);
        all.extend(data);
        match last {
            Some(last) if page["has_more"] == true => after = Some(last),
            _ => return all,
        }
    }
}

fn count_by<'a>(values: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for value in values {
        *counts.entry(value.to_string()).or_default() += 1;
    }
    counts
}

/// Compares every journal operation with the simulator (read with `client`, faults off).
pub async fn audit(journal: &Journal, client: &Client) -> Audit {
    let operations = all_operations(journal).expect("the journal lists");
    let transfers = list_all(client, "/v1/transfers", &[]).await;
    let mut objects = transfers.clone();
    for transfer in &transfers {
        if transfer["amount_reversed"].as_i64().unwrap_or(0) > 0 {
            let id = transfer["id"].as_str().expect("transfer id");
            objects.extend(list_all(client, &format!("/v1/transfers/{id}/reversals"), &[]).await);
        }
    }
    let payments = list_all(client, "/v1/payment_intents", &[]).await;
    objects.extend(payments.iter().cloned());
    objects.extend(list_all(client, "/v1/refunds", &[]).await);
    let pointer = format!("/metadata/{METADATA_OPERATION}");
    let mut tagged: HashMap<String, Vec<String>> = HashMap::new();
    for object in &objects {
        if let Some(reference) = object.pointer(&pointer).and_then(Value::as_str) {
            let id = object["id"].as_str().unwrap_or_default().to_string();
            tagged.entry(reference.to_string()).or_default().push(id);
        }
    }
    let status: HashMap<&str, &str> = payments
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p["status"].as_str()?)))
        .collect();

    let mut audit = Audit {
        ops: operations.len(),
        ..Audit::default()
    };
    for op in &operations {
        match op.state {
            OperationState::Completed => audit.completed += 1,
            OperationState::Failed => audit.failed += 1,
            OperationState::Pending | OperationState::NeedsDecision => {
                audit.unresolved += 1;
                audit.findings.push(format!(
                    "unresolved: {} {} {:?}: {}",
                    op.reference,
                    op.summary,
                    op.state,
                    op.last_error.as_deref().unwrap_or("")
                ));
            }
            OperationState::Resolved => {}
        }
        if op.kind == OperationKind::PaymentCapture {
            let captured = op
                .object_id
                .as_deref()
                .and_then(|id| status.get(id))
                .is_some_and(|s| *s == "succeeded");
            match op.state {
                OperationState::Completed if !captured => {
                    audit.lost += 1;
                    audit
                        .findings
                        .push(format!("lost: {} {}", op.reference, op.summary));
                }
                OperationState::Failed if captured => {
                    audit.failed_but_done += 1;
                    audit
                        .findings
                        .push(format!("failed but done: {} {}", op.reference, op.summary));
                }
                _ => {}
            }
            continue;
        }
        let found = tagged.remove(&op.reference).unwrap_or_default();
        if found.len() > 1 {
            audit.duplicates += 1;
            audit.findings.push(format!(
                "duplicate: {} {} → {found:?}",
                op.reference, op.summary
            ));
        }
        match op.state {
            OperationState::Completed
                if !op.object_id.as_ref().is_some_and(|id| found.contains(id)) =>
            {
                audit.lost += 1;
                audit.findings.push(format!(
                    "lost: {} {} (journal {:?}, Stripe {found:?})",
                    op.reference, op.summary, op.object_id
                ));
            }
            OperationState::Failed | OperationState::Resolved if !found.is_empty() => {
                audit.failed_but_done += 1;
                audit.findings.push(format!(
                    "failed but done: {} {} → {found:?}",
                    op.reference, op.summary
                ));
            }
            _ => {}
        }
    }
    audit.untracked = tagged.len();
    for (reference, ids) in &tagged {
        audit
            .findings
            .push(format!("untracked: {reference} → {ids:?}"));
    }

    // A confirm applied twice is a second charge of one payment; a capture applied twice, a
    // second `charge.captured` of one charge.
    let charges = list_all(client, "/v1/charges", &[]).await;
    let per_payment = count_by(charges.iter().filter_map(|c| c["payment_intent"].as_str()));
    let captured = list_all(client, "/v1/events", &[("type", "charge.captured")]).await;
    let per_charge = count_by(
        captured
            .iter()
            .filter_map(|e| e["data"]["object"]["id"].as_str()),
    );
    for (what, counts) in [
        ("charges of payment", per_payment),
        ("captures of charge", per_charge),
    ] {
        for (id, n) in counts.into_iter().filter(|(_, n)| *n > 1) {
            audit.duplicates += 1;
            audit.findings.push(format!("duplicate: {n} {what} {id}"));
        }
    }
    audit
}
