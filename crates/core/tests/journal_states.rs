//! Every state of a journal operation, against the in-process simulator and its fault
//! controls: recorded → sent → completed; refused (failed, with Stripe's code and request id);
//! pending after a dropped connection, then completed by resume with the same key; a stored
//! server error reconciled through the object's metadata (or its state, for a capture); past
//! Stripe's idempotency window never sent again, only reconciled (completed, or waiting for a
//! decision, which needs a note to resolve); and no key for an operation the journal never
//! recorded.

mod common;
#[path = "support/money_worker.rs"]
mod money_worker;

use std::time::Duration;

use connectdesk_core::journal::{
    Executed, Journal, NewOperation, Operation, OperationKind, OperationState, Reconcile,
    WriteError, METADATA_OPERATION, RESEND_WINDOW_SECS,
};
use connectdesk_core::store::{Store, STORE_DIR};
use connectdesk_core::stripe_access::StripeContext;
use connectdesk_core::ErrorCode;
use connectdesk_stripe::transfers::{self, CreateTransfer, Transfer};
use connectdesk_stripe::{Metadata, OperationRef};
use money_worker::{CURRENCY, WORKSPACE_ID};
use ring::rand::{SecureRandom, SystemRandom};
use serde_json::{json, Value};
use stripe_sim::{RunningSim, SimConfig};

/// Attempts per call: the first and one retry.
const RETRIES: u32 = 1;

struct Local {
    /// Kept open with the journal; dropped to edit the files.
    _store: Store,
    journal: Journal,
    ctx: StripeContext,
}

struct Harness {
    dir: tempfile::TempDir,
    local: Option<Local>,
    sim: RunningSim,
    destination: String,
}

impl Harness {
    async fn start() -> Harness {
        let sim = stripe_sim::start(SimConfig::ephemeral())
            .await
            .expect("the simulator starts");
        let destination = money_worker::prepare(sim.base_url(), 1_000_000).await;
        let dir = tempfile::tempdir().expect("temp dir");
        let mut harness = Harness {
            dir,
            local: None,
            sim,
            destination,
        };
        harness.open();
        harness
    }

    fn open(&mut self) {
        let store = Store::open(self.dir.path()).expect("store");
        let journal = Journal::open(&store).expect("journal");
        let ctx = money_worker::context(
            &journal,
            self.sim.base_url(),
            Duration::from_secs(5),
            RETRIES,
        );
        self.local = Some(Local {
            _store: store,
            journal,
            ctx,
        });
    }

    fn journal(&self) -> &Journal {
        &self.local.as_ref().expect("open").journal
    }

    fn ctx(&self) -> &StripeContext {
        &self.local.as_ref().expect("open").ctx
    }

    fn base(&self) -> &str {
        self.sim.base_url()
    }

    async fn control(&self, path: &str, body: Value) -> Value {
        money_worker::control(self.base(), "POST", path, Some(body)).await
    }

    /// The simulator's request log, oldest first.
    async fn requests(&self) -> Vec<Value> {
        let log = money_worker::control(self.base(), "GET", "requests", None).await;
        let mut all = log["data"].as_array().cloned().unwrap_or_default();
        all.sort_by_key(|r| r["created"].as_i64());
        all
    }

    /// Logged POSTs carrying `key`.
    async fn posts_with(&self, key: &str) -> Vec<Value> {
        self.requests()
            .await
            .into_iter()
            .filter(|r| r["method"] == "POST" && r["idempotency_key"] == key)
            .collect()
    }

    async fn post_count(&self) -> usize {
        self.requests()
            .await
            .iter()
            .filter(|r| r["method"] == "POST")
            .count()
    }

    /// Ids of the objects under `list_path` made by operation `reference`.
    async fn tagged(&self, list_path: &str, reference: &str) -> Vec<String> {
        let page = self
            .ctx()
            .client
            .send_spec(
                &connectdesk_stripe::RequestSpec::read(list_path, &[("limit", "100")])
                    .expect("path"),
            )
            .await
            .expect("the list reads");
        page["data"]
            .as_array()
            .expect("data")
            .iter()
            .filter(|o| o["metadata"][METADATA_OPERATION] == reference)
            .map(|o| o["id"].as_str().expect("id").to_string())
            .collect()
    }

    async fn transfer(&self, amount: i64) -> Result<Executed<Transfer>, WriteError> {
        let new = NewOperation {
            kind: OperationKind::Transfer,
            summary: format!("Transfer {amount}"),
            subject: Some("states".into()),
            operator: None,
            reconcile: Reconcile::Created {
                list_path: "/v1/transfers".into(),
            },
            apply_locally: false,
            context: Value::Null,
        };
        self.journal()
            .execute(self.ctx(), WORKSPACE_ID, new, |op| {
                let mut params = CreateTransfer::new(amount, CURRENCY, &self.destination);
                params.metadata =
                    Metadata::from([(METADATA_OPERATION.to_string(), op.as_str().to_string())]);
                transfers::create(&params, op)
            })
            .await
    }

    /// A transfer left pending: every attempt's answer is lost.
    async fn pending_transfer(&self, fault: &str, body: Value) -> Operation {
        self.control(fault, body).await;
        let err = self.transfer(700).await.expect_err("the answer is lost");
        let operation = err.operation().expect("it was sent").clone();
        assert_eq!(operation.state, OperationState::Pending, "{err:?}");
        assert!(operation.attempts >= 1, "sent: {operation:?}");
        operation
    }

    /// Moves an operation's `recordedUnix` back by `secs`, in the store's files (closed for
    /// it), as if it had been recorded that long ago.
    fn age(&mut self, reference: &str, secs: i64) {
        self.local = None;
        let db = common::open_raw(&self.dir.path().join(STORE_DIR));
        let tree = db.open_tree("operations").expect("the operations tree");
        let mut aged = 0;
        for entry in tree.iter() {
            let (key, value) = entry.expect("read");
            let mut doc: Value = serde_json::from_slice(&value).expect("JSON");
            if doc["reference"] == reference {
                let recorded = doc["recordedUnix"].as_i64().expect("recordedUnix");
                doc["recordedUnix"] = json!(recorded - secs);
                tree.insert(key, serde_json::to_vec(&doc).expect("encode"))
                    .expect("write");
                aged += 1;
            }
        }
        assert_eq!(aged, 1, "one record has the reference");
        db.flush().expect("flush");
        drop(tree);
        drop(db);
        self.open();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recorded_then_sent_then_completed() {
    let h = Harness::start().await;
    // A slow answer, so the operation can be seen while it is on its way.
    h.control("faults/latency", json!({"ms": 600, "count": 1}))
        .await;
    let (journal, ctx, destination) = (h.journal().clone(), h.ctx().clone(), h.destination.clone());
    let sending = tokio::spawn(async move {
        money_worker::carry_out(&journal, &ctx, &destination, 0, None).await
    });
    let in_flight = loop {
        let pending = h.journal().in_state(OperationState::Pending).expect("list");
        if let Some(op) = pending.into_iter().find(|op| op.attempts == 1) {
            break op;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    // Recorded before it was sent: the request as sent, tagged, with its key.
    assert_eq!(
        (in_flight.method.as_str(), in_flight.path.as_str()),
        ("POST", "/v1/transfers")
    );
    let tag = format!("metadata[{METADATA_OPERATION}]");
    assert!(in_flight
        .params
        .iter()
        .any(|(name, value)| *name == tag && *value == in_flight.reference));
    assert!(in_flight.reference.starts_with("op_"));
    assert!(in_flight.object_id.is_none());

    let done = sending.await.expect("task").expect("sent");
    assert_eq!(done.id, in_flight.id);
    assert_eq!(done.state, OperationState::Completed);
    assert_eq!(
        (done.failure.clone(), done.last_error.clone()),
        (None, None)
    );
    assert_eq!(done.attempts, 1);
    assert_eq!(done.idempotency_key, in_flight.idempotency_key);
    let at_stripe = h.tagged("/v1/transfers", &done.reference).await;
    assert_eq!(at_stripe, vec![done.object_id.clone().expect("object id")]);
    assert!(at_stripe[0].starts_with("tr_"));
    assert_eq!(h.posts_with(&done.idempotency_key).await.len(), 1);
    assert_eq!(h.journal().get(done.id).expect("kept"), done);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_definitive_refusal_fails_with_code_and_request_id() {
    let h = Harness::start().await;
    // More than the platform has available.
    let err = h.transfer(90_000_000).await.expect_err("refused");
    let WriteError::Stripe { operation, .. } = &err else {
        panic!("it was sent: {err:?}");
    };
    assert_eq!(operation.state, OperationState::Failed);
    let failure = operation.failure.clone().expect("Stripe's refusal");
    assert_eq!(failure.status, 400);
    assert_eq!(failure.code.as_deref(), Some("balance_insufficient"));
    let request_id = failure.request_id.clone().expect("request id");
    let logged = h.requests().await;
    let request = logged
        .iter()
        .find(|r| r["id"] == request_id.as_str())
        .expect("the refused request is in the simulator's log");
    assert_eq!(request["status"], 400);
    assert_eq!(
        request["idempotency_key"],
        operation.idempotency_key.as_str()
    );
    assert!(operation.object_id.is_none());
    assert!(h
        .tagged("/v1/transfers", &operation.reference)
        .await
        .is_empty());
    assert_eq!(
        h.journal().get(operation.id).expect("kept").state,
        OperationState::Failed
    );
    // Settled: resume leaves it alone.
    let report = h.journal().resume_all(h.ctx()).await.expect("resume");
    assert_eq!(report, Default::default());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_answer_stays_pending_and_resume_completes_it_with_the_same_key() {
    let h = Harness::start().await;
    // More drops than the client has attempts: carried out, never answered.
    let pending = h
        .pending_transfer("faults/drop", json!({"count": RETRIES + 1}))
        .await;
    assert!(pending.last_error.is_some());
    assert_eq!(h.tagged("/v1/transfers", &pending.reference).await.len(), 1);

    let report = h.journal().resume_all(h.ctx()).await.expect("resume");
    assert_eq!((report.completed, report.still_pending), (1, 0));
    let done = h.journal().get(pending.id).expect("kept");
    assert_eq!(done.state, OperationState::Completed);
    assert_eq!(done.idempotency_key, pending.idempotency_key);
    assert!(done.attempts > pending.attempts, "the resend counts");
    let posts: Vec<Value> = h
        .requests()
        .await
        .into_iter()
        .filter(|r| r["method"] == "POST" && r["path"] == "/v1/transfers")
        .collect();
    assert_eq!(posts.len() as u32, RETRIES + 2, "two attempts, one resend");
    assert!(
        posts
            .iter()
            .all(|r| r["idempotency_key"] == pending.idempotency_key.as_str()),
        "{posts:?}"
    );
    let at_stripe = h.tagged("/v1/transfers", &done.reference).await;
    assert_eq!(at_stripe, vec![done.object_id.clone().expect("object id")]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_server_error_is_reconciled_through_the_metadata() {
    let h = Harness::start().await;
    let pending = h
        .pending_transfer("faults/fail_after_commit", json!({"count": 1}))
        .await;
    let report = h.journal().resume_all(h.ctx()).await.expect("resume");
    assert_eq!((report.completed, report.still_pending), (1, 0));
    let done = h.journal().get(pending.id).expect("kept");
    assert_eq!(
        done.state,
        OperationState::Completed,
        "{:?}",
        done.last_error
    );
    let at_stripe = h.tagged("/v1/transfers", &done.reference).await;
    assert_eq!(at_stripe, vec![done.object_id.clone().expect("object id")]);
}

/// A reversal's list (`/v1/transfers/{id}/reversals`) takes no `created` filter at Stripe:
/// reconciling must page it without one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_server_error_on_a_reversal_is_reconciled_through_the_metadata() {
    let h = Harness::start().await;
    let transfer = money_worker::carry_out(h.journal(), h.ctx(), &h.destination, 0, None)
        .await
        .expect("transfer");
    let transfer_id = transfer.object_id.clone().expect("transfer id");
    h.control("faults/fail_after_commit", json!({"count": 1}))
        .await;
    let reversal =
        money_worker::carry_out(h.journal(), h.ctx(), &h.destination, 1, Some(&transfer_id))
            .await
            .expect("sent");
    assert_eq!(reversal.state, OperationState::Pending);

    h.journal().resume_all(h.ctx()).await.expect("resume");
    let done = h.journal().get(reversal.id).expect("kept");
    assert_eq!(
        done.state,
        OperationState::Completed,
        "{:?}",
        done.last_error
    );
    let list = format!("/v1/transfers/{transfer_id}/reversals");
    let at_stripe = h.tagged(&list, &done.reference).await;
    assert_eq!(at_stripe, vec![done.object_id.clone().expect("object id")]);
}

/// An update is reconciled through the object's state.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_server_error_on_a_capture_is_reconciled_through_the_state() {
    let h = Harness::start().await;
    let payment = money_worker::carry_out(h.journal(), h.ctx(), &h.destination, 2, None)
        .await
        .expect("payment");
    let payment_id = payment.object_id.clone().expect("payment id");
    h.control("faults/fail_after_commit", json!({"count": 1}))
        .await;
    let capture =
        money_worker::carry_out(h.journal(), h.ctx(), &h.destination, 3, Some(&payment_id))
            .await
            .expect("sent");
    assert_eq!(capture.state, OperationState::Pending);

    h.journal().resume_all(h.ctx()).await.expect("resume");
    let done = h.journal().get(capture.id).expect("kept");
    assert_eq!(
        done.state,
        OperationState::Completed,
        "{:?}",
        done.last_error
    );
    assert_eq!(done.object_id.as_deref(), Some(payment_id.as_str()));
    let captures: Vec<Value> = h
        .requests()
        .await
        .into_iter()
        .filter(|r| r["path"] == format!("/v1/payment_intents/{payment_id}/capture"))
        .collect();
    assert!(captures
        .iter()
        .all(|r| r["idempotency_key"] == done.idempotency_key.as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_window_an_operation_is_reconciled_never_sent_again() {
    let mut h = Harness::start().await;
    // Carried out, answer lost.
    let carried_out = h
        .pending_transfer("faults/drop", json!({"count": RETRIES + 1}))
        .await;
    // Refused before executing every time: nothing happened at Stripe.
    let never_done = h
        .pending_transfer(
            "faults/fail",
            json!({"count": RETRIES + 1, "status": 500, "should_retry": true}),
        )
        .await;
    assert!(h
        .tagged("/v1/transfers", &never_done.reference)
        .await
        .is_empty());
    let past_window = RESEND_WINDOW_SECS + 60;
    h.age(&carried_out.reference, past_window);
    h.age(&never_done.reference, past_window);

    let posts_before = h.post_count().await;
    let report = h.journal().resume_all(h.ctx()).await.expect("resume");
    assert_eq!(
        (
            report.completed,
            report.needs_decision,
            report.still_pending
        ),
        (1, 1, 0)
    );
    assert_eq!(h.post_count().await, posts_before, "nothing was sent again");

    let completed = h.journal().get(carried_out.id).expect("kept");
    assert_eq!(completed.state, OperationState::Completed);
    let at_stripe = h.tagged("/v1/transfers", &completed.reference).await;
    assert_eq!(
        at_stripe,
        vec![completed.object_id.clone().expect("object id")]
    );

    let waiting = h.journal().get(never_done.id).expect("kept");
    assert_eq!(waiting.state, OperationState::NeedsDecision);
    assert!(waiting
        .last_error
        .as_deref()
        .is_some_and(|facts| facts.contains(&never_done.reference)));
    // A person resolves it, saying why.
    let err = h
        .journal()
        .mark_resolved(waiting.id, "  ")
        .expect_err("a note is required");
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::Required, Some("note"))
    );
    assert_eq!(
        h.journal().get(waiting.id).expect("kept").state,
        OperationState::NeedsDecision
    );
    let resolved = h
        .journal()
        .mark_resolved(
            waiting.id,
            "No transfer in the Dashboard; sent again by hand.",
        )
        .expect("resolved");
    assert_eq!(resolved.state, OperationState::Resolved);
    let again = h
        .journal()
        .mark_resolved(waiting.id, "twice")
        .expect_err("settled");
    assert_eq!(again.code, ErrorCode::Conflict);
    assert_eq!(h.post_count().await, posts_before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_key_for_an_operation_the_journal_never_recorded() {
    let h = Harness::start().await;
    let mut bytes = [0u8; 12];
    SystemRandom::new().fill(&mut bytes).expect("random");
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let unrecorded = OperationRef::new(format!("op_{hex}")).expect("a reference");
    let request = transfers::create(
        &CreateTransfer::new(500, CURRENCY, &h.destination),
        &unrecorded,
    )
    .expect("request");
    let logged_before = h.requests().await.len();
    let err = h.ctx().client.send(request).await.expect_err("refused");
    assert!(
        matches!(err, connectdesk_stripe::Error::IdempotencyStore(_)),
        "{err:?}"
    );
    assert_eq!(
        h.requests().await.len(),
        logged_before,
        "the simulator got nothing"
    );
    assert!(h.journal().by_reference(unrecorded.as_str()).is_err());
    // The journal's own writes still go out.
    assert!(h.transfer(500).await.is_ok());
}
