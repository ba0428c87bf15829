//! Disputes against the real simulator over HTTP and a real sled store: a payment confirmed
//! with Stripe's disputed test card opens a dispute that sync finds (needs response, due in 7
//! days by the simulated clock); evidence files are checked before upload (valid, too large,
//! wrong type); a draft is saved and read back; Stripe's test-mode rule decides submitted
//! evidence (winning → won, losing → lost); accepting loses it; evidence past the deadline and
//! evidence against a dispute changed elsewhere are refused; Stripe's refusals come in words
//! next to their field; a Support operator answers, a Payments admin only reads; notices are given
//! once.

#[path = "onboarding/support.rs"]
#[allow(dead_code)] // The onboarding tests use the rest.
mod support;

use std::collections::BTreeMap;
use std::sync::Arc;

use connectdesk_core::disputes::{
    Dispute, DisputeEvidenceInput, Disputes, EvidenceFileInput, Urgency,
};
use connectdesk_core::guard::Guard;
use connectdesk_core::journal::{Journal, OperationState};
use connectdesk_core::operators::{CreateOperator, Grant, Role};
use connectdesk_core::payments::{CreatePayment, FeeSource, Payments, Priced, TestCard};
use connectdesk_core::progress::Progress;
use connectdesk_core::query::{FilterInput, ListQuery};
use connectdesk_core::{ErrorCode, Result};
use serde_json::json;
use support::{assert_code, Harness};

struct NoFee;

impl FeeSource for NoFee {
    fn quote(&self, _: u64, _: &str, _: Option<&str>, _: i64, _: i64) -> Result<Option<Priced>> {
        Ok(Some(Priced {
            fee: 0,
            explanation: "No fee".into(),
        }))
    }
}

struct World {
    h: Harness,
    payments: Payments,
    disputes: Disputes,
    journal: Journal,
    account: String,
}

async fn world() -> World {
    let h = Harness::start().await;
    let entry = h.onboarded_custom("merchant_grill").await;
    let journal = Journal::open(&h.store).expect("journal");
    let payments = Payments::new(&h.store, journal.clone(), Arc::new(NoFee)).expect("payments");
    let disputes = Disputes::new(&h.store, journal.clone()).expect("disputes");
    World {
        account: entry.account_id,
        h,
        payments,
        disputes,
        journal,
    }
}

impl World {
    fn now(&self) -> i64 {
        self.h.sim.clock().now()
    }

    /// A payment of `amount` confirmed with `pm_card_createDispute`, synced; its dispute.
    async fn disputed(&self, amount: &str) -> Dispute {
        let created = self
            .payments
            .create(
                &self.h.ctx,
                CreatePayment {
                    workspace_id: self.h.workspace_id,
                    account_id: self.account.clone(),
                    amount: amount.into(),
                    currency: "usd".into(),
                    customer_email: Some("jenny@example.com".into()),
                    ..CreatePayment::default()
                },
            )
            .await
            .expect("create");
        let paid = self
            .payments
            .confirm_with_test_card(&self.h.ctx, created.payment.id, TestCard::Disputed)
            .await
            .expect("confirm");
        self.sync().await;
        let page = self
            .disputes
            .list(
                &ListQuery {
                    filters: vec![FilterInput::eq("paymentIntentId", &paid.payment_intent_id)],
                    ..ListQuery::default()
                },
                self.now(),
            )
            .expect("list");
        assert_eq!(page.items.len(), 1, "{page:?}");
        page.items[0].clone()
    }

    async fn sync(&self) -> u32 {
        self.disputes
            .sync(
                &self.h.ctx,
                self.h.workspace_id,
                &Progress::silent("disputes"),
            )
            .await
            .expect("sync")
            .new
    }

    fn form(dispute: &Dispute, fields: &[(&str, &str)], submit: bool) -> DisputeEvidenceInput {
        DisputeEvidenceInput {
            id: dispute.id,
            version: dispute.version.clone(),
            evidence: fields
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect::<BTreeMap<_, _>>(),
            submit,
        }
    }

    async fn save(
        &self,
        dispute: &Dispute,
        fields: &[(&str, &str)],
        submit: bool,
    ) -> Result<Dispute> {
        self.disputes
            .save_evidence(&self.h.ctx, Self::form(dispute, fields, submit), self.now())
            .await
    }

    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.h.dir.path().join(name);
        std::fs::write(&path, bytes).expect("write the file");
        path.to_string_lossy().into_owned()
    }

    async fn upload(
        &self,
        dispute: &Dispute,
        field: &str,
        path: &str,
    ) -> Result<connectdesk_core::disputes::EvidenceFile> {
        self.disputes
            .upload_file(
                &self.h.ctx,
                EvidenceFileInput {
                    id: dispute.id,
                    field: field.into(),
                    path: path.into(),
                },
                self.now(),
            )
            .await
    }

    async fn status_at_stripe(&self, dispute: &Dispute) -> String {
        let answer = self
            .h
            .ctx
            .client
            .retrieve_dispute(&dispute.dispute_id)
            .await
            .expect("dispute at Stripe");
        answer.status.as_str().to_string()
    }
}

#[tokio::test]
async fn a_disputed_payment_shows_up_needing_a_response_within_seven_days() {
    let w = world().await;
    let dispute = w.disputed("40.00").await;
    assert_eq!(dispute.status, "needs_response");
    assert_eq!(dispute.status_words, "Needs response");
    assert_eq!((dispute.amount, dispute.currency.as_str()), (4000, "usd"));
    assert_eq!(dispute.account_id, w.account);
    assert_eq!(dispute.merchant_id.as_deref(), Some("merchant_grill"));
    assert_eq!(dispute.reason, "fraudulent");
    assert!(
        dispute.reason_words.helps.contains("proof of delivery"),
        "{:?}",
        dispute.reason_words
    );
    let payment = dispute.payment.clone().expect("the payment");
    assert_eq!(payment.customer_email.as_deref(), Some("jenny@example.com"));
    assert!(
        payment.card.as_deref().is_some_and(|c| c.contains("0259")),
        "{payment:?}"
    );
    // Due at the end of the 7th day after today (UTC), by the simulated clock.
    let left = dispute.due_by_unix.expect("due by") - w.now();
    assert!((7 * 86_400..8 * 86_400).contains(&left), "{left}");
    let countdown = dispute.countdown.clone().expect("countdown");
    assert_eq!(countdown.urgency, Urgency::Calm);
    assert!(countdown.words.starts_with("7 days"), "{countdown:?}");
    assert!(dispute.can_respond);
    assert_eq!(dispute.history[0].event, "Created");
    assert_eq!(w.sync().await, 0, "a second sync finds nothing new");

    // Needs a response first, nearest deadline first; closed ones last.
    let later = w.disputed("12.00").await;
    w.h.sim.clock().advance(86_400);
    let third = w.disputed("13.00").await;
    w.save(&dispute, &[("uncategorized_text", "losing_evidence")], true)
        .await
        .expect("lost");
    let sorted = w
        .disputes
        .list(
            &ListQuery {
                sort: Some("urgencyRank:asc".into()),
                ..ListQuery::default()
            },
            w.now(),
        )
        .expect("list");
    let order: Vec<&str> = sorted.items.iter().map(|d| d.dispute_id.as_str()).collect();
    assert_eq!(
        order,
        [
            later.dispute_id.as_str(),
            third.dispute_id.as_str(),
            dispute.dispute_id.as_str()
        ],
        "needs a response first, nearest deadline first, closed last"
    );

    // Filters: status, reason, account, due within N days.
    let count = |filters: Vec<FilterInput>| {
        w.disputes
            .list(
                &ListQuery {
                    filters,
                    ..ListQuery::default()
                },
                w.now(),
            )
            .expect("list")
            .total_count
    };
    assert_eq!(count(vec![FilterInput::eq("status", "needs_response")]), 2);
    assert_eq!(count(vec![FilterInput::eq("status", "lost")]), 1);
    assert_eq!(count(vec![FilterInput::eq("reason", "fraudulent")]), 3);
    assert_eq!(count(vec![FilterInput::eq("accountId", &w.account)]), 3);
    assert_eq!(count(vec![FilterInput::eq("dueWithinDays", "8")]), 3);
    assert_eq!(count(vec![FilterInput::eq("dueWithinDays", "7")]), 2);
    assert_eq!(count(vec![FilterInput::eq("dueWithinDays", "6")]), 0);
    let err = w.disputes.list(
        &ListQuery {
            filters: vec![FilterInput::eq("dueWithinDays", "soon")],
            ..ListQuery::default()
        },
        w.now(),
    );
    assert_code(err, ErrorCode::InvalidValue, Some("dueWithinDays"));

    // CSV export of the filter.
    let file = w
        .disputes
        .export(
            &ListQuery {
                filters: vec![FilterInput::eq("status", "needs_response")],
                ..ListQuery::default()
            },
            w.h.dir.path(),
            w.now(),
        )
        .expect("export");
    assert_eq!(file.count, 2);
    let csv = std::fs::read_to_string(&file.path).expect("csv");
    assert!(csv.starts_with("disputeId,created,"), "{csv}");
    assert!(csv.contains(",12.00,fraudulent,Needs response,"), "{csv}");
}

#[tokio::test]
async fn a_draft_with_a_file_is_kept_at_stripe_and_read_back() {
    let w = world().await;
    let dispute = w.disputed("25.00").await;

    // Files: the type by the bytes, the size by Stripe's limit; nothing sent for a bad one.
    let ops_before = w
        .journal
        .list(&ListQuery::default())
        .expect("ops")
        .total_count;
    let text = w.file("notes.pdf", b"just some words");
    let err = assert_code(
        w.upload(&dispute, "receipt", &text).await,
        ErrorCode::InvalidValue,
        Some("receipt"),
    );
    assert!(err.message.contains("not a PDF, JPEG or PNG"), "{err:?}");
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(5 * 1024 * 1024 + 1, b' ');
    let big = w.file("big.pdf", &big);
    assert_code(
        w.upload(&dispute, "receipt", &big).await,
        ErrorCode::TooLong,
        Some("receipt"),
    );
    assert_code(
        w.upload(&dispute, "customer_name", &text).await,
        ErrorCode::InvalidValue,
        Some("field"),
    );
    let ops_after = w
        .journal
        .list(&ListQuery::default())
        .expect("ops")
        .total_count;
    assert_eq!(ops_before, ops_after, "nothing was sent");

    let pdf = w.file(
        "receipt-1001.pdf",
        b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
    );
    let file = w.upload(&dispute, "receipt", &pdf).await.expect("upload");
    assert!(file.file_id.starts_with("file_"), "{file:?}");
    assert_eq!(file.name.as_deref(), Some("receipt-1001.pdf"));
    assert_eq!(file.size, Some(35));

    let fields = [
        ("customer_name", "Jenny Rosen"),
        ("customer_email_address", "jenny@example.com"),
        ("product_description", "Two tickets for the 20:00 show."),
        ("receipt", file.file_id.as_str()),
    ];
    let saved = w.save(&dispute, &fields, false).await.expect("draft");
    assert_eq!(saved.status, "needs_response", "a draft is not submitted");
    assert!(saved.draft_saved_at.is_some());
    assert_eq!(
        saved.history.last().map(|e| e.event.as_str()),
        Some("Evidence saved")
    );
    assert_ne!(saved.version, dispute.version);

    // Coming back (a fresh read from Stripe) shows the same draft and the file's name.
    let reopened = w
        .disputes
        .open(&w.h.ctx, dispute.id, w.now())
        .await
        .expect("open");
    assert_eq!(
        reopened.evidence.get("customer_name").map(String::as_str),
        Some("Jenny Rosen")
    );
    assert_eq!(reopened.evidence.get("receipt"), Some(&file.file_id));
    let receipt = reopened
        .files
        .iter()
        .find(|f| f.field == "receipt" && f.file_id == file.file_id);
    assert_eq!(
        receipt.and_then(|f| f.name.as_deref()),
        Some("receipt-1001.pdf"),
        "{:?}",
        reopened.files
    );
    assert_eq!(reopened.version, saved.version);
    assert_eq!(reopened.draft_saved_at, saved.draft_saved_at);

    // Saving against the version read before the draft is refused: it changed meanwhile.
    let stale = w
        .save(&dispute, &[("customer_name", "Someone else")], false)
        .await;
    let err = assert_code(stale, ErrorCode::DisputeChanged, None);
    assert!(err.message.contains("changed at Stripe"), "{err:?}");

    // Evidence changed elsewhere (straight at Stripe) is seen on open and refuses the stale form.
    w.h.sim_post(
        &format!("/v1/disputes/{}", dispute.dispute_id),
        &[("evidence[shipping_carrier]", "UPS")],
    )
    .await;
    let stale = w
        .save(&reopened, &[("customer_name", "Jenny R.")], false)
        .await;
    assert_code(stale, ErrorCode::DisputeChanged, None);
    let now = w
        .disputes
        .open(&w.h.ctx, dispute.id, w.now())
        .await
        .expect("open");
    assert_eq!(
        now.evidence.get("shipping_carrier").map(String::as_str),
        Some("UPS")
    );
    assert_eq!(
        now.evidence.get("customer_name").map(String::as_str),
        Some("Jenny Rosen"),
        "not overwritten"
    );

    // Field limits are checked whole before anything is sent.
    let long = "x".repeat(5_001);
    let err = w
        .save(
            &now,
            &[("customer_name", long.as_str()), ("receipt", "receipt.pdf")],
            false,
        )
        .await
        .expect_err("too long");
    let fields: Vec<&str> = err.field_errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["customer_name", "receipt"]);
    // Stripe's own refusal comes in words next to its field (a file of no such upload).
    let err = w
        .save(&now, &[("receipt", "file_missing")], false)
        .await
        .expect_err("no such file");
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::StripeError, Some("receipt")),
        "{err:?}"
    );
    assert!(err.message.contains("file_missing"), "{err:?}");
}

#[tokio::test]
async fn stripes_test_mode_rule_decides_submitted_evidence() {
    let w = world().await;
    let won = w.disputed("30.00").await;
    let answer = w
        .save(
            &won,
            &[
                ("customer_name", "Jenny Rosen"),
                ("uncategorized_text", "winning_evidence"),
            ],
            true,
        )
        .await
        .expect("submit");
    assert_eq!(answer.status, "won");
    assert_eq!(answer.submission_count, 1);
    assert!(!answer.can_respond);
    assert!(answer
        .read_only_reason
        .as_deref()
        .is_some_and(|r| r.contains("submitted")));
    let events: Vec<&str> = answer.history.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(events, ["Created", "Submitted", "Won"]);
    // Submitted is for good.
    let again = w.save(&answer, &[("customer_name", "Jenny")], false).await;
    assert_code(again, ErrorCode::InvalidValue, None);

    let lost = w.disputed("31.00").await;
    let answer = w
        .save(&lost, &[("uncategorized_text", "losing_evidence")], true)
        .await
        .expect("submit");
    assert_eq!(answer.status, "lost");
    assert_eq!(w.status_at_stripe(&lost).await, "lost");

    let review = w.disputed("32.00").await;
    let answer = w
        .save(
            &review,
            &[("uncategorized_text", "The parcel was signed for.")],
            true,
        )
        .await
        .expect("submit");
    assert_eq!(answer.status, "under_review");
    assert_eq!(answer.status_words, "Under review");
    // The simulator's control decides; opening shows it.
    let closed =
        w.h.control(
            &format!("disputes/{}/close", review.dispute_id),
            json!({"outcome": "won"}),
        )
        .await;
    assert_eq!(closed.status, 200, "{}", closed.body);
    let opened = w
        .disputes
        .open(&w.h.ctx, review.id, w.now())
        .await
        .expect("open");
    assert_eq!(opened.status, "won");

    // Every write went through the journal, completed.
    let ops = w
        .journal
        .list(&ListQuery {
            size: Some("100".into()),
            ..ListQuery::default()
        })
        .expect("ops");
    let disputes_ops = ops
        .items
        .iter()
        .filter(|op| {
            op.subject
                .as_deref()
                .is_some_and(|s| s.starts_with("dispute:"))
        })
        .collect::<Vec<_>>();
    assert_eq!(disputes_ops.len(), 3);
    assert!(
        disputes_ops
            .iter()
            .all(|op| op.state == OperationState::Completed),
        "{disputes_ops:?}"
    );
}

#[tokio::test]
async fn accepting_loses_the_dispute_and_the_deadline_closes_the_form() {
    let w = world().await;
    let accepted = w.disputed("20.00").await;
    let answer = w
        .disputes
        .accept(&w.h.ctx, accepted.id, w.now())
        .await
        .expect("accept");
    assert_eq!(answer.status, "lost");
    assert_eq!(
        answer.history.last().map(|e| e.event.as_str()),
        Some("Lost")
    );
    assert_code(
        w.disputes.accept(&w.h.ctx, accepted.id, w.now()).await,
        ErrorCode::InvalidValue,
        None,
    );

    let late = w.disputed("21.00").await;
    let due = late.due_by_unix.expect("due by");
    // A new dispute that needs a response is told once; the accepted one arrives silently.
    let notices = w
        .disputes
        .notices(w.h.workspace_id, w.now())
        .expect("notices");
    let titles: Vec<&str> = notices.iter().map(|n| n.title.as_str()).collect();
    assert_eq!(titles, ["New dispute: $21.00"], "{notices:?}");
    assert!(
        notices[0].body.contains(&late.dispute_id)
            && notices[0].body.contains("Evidence due: 7 days"),
        "{notices:?}"
    );
    assert_eq!(notices[0].id, late.id);
    // Under 24 hours left: red, and a notice (once).
    w.h.sim.clock().advance(due - w.now() - 3 * 3_600);
    let notices = w
        .disputes
        .notices(w.h.workspace_id, w.now())
        .expect("notices");
    let titles: Vec<&str> = notices.iter().map(|n| n.title.as_str()).collect();
    assert_eq!(titles, ["Dispute due in under 24 h: $21.00"], "{notices:?}");
    assert!(
        notices[0].body.contains("2 h 59 min left") || notices[0].body.contains("3 h 0 min left"),
        "{notices:?}"
    );
    assert!(
        w.disputes
            .notices(w.h.workspace_id, w.now())
            .expect("again")
            .is_empty(),
        "only once"
    );
    // The background check gives nothing more, and nothing to one who may not see disputes.
    assert!(w
        .disputes
        .watch(w.h.workspace_id, w.now())
        .expect("watch")
        .is_empty());
    let red = w.disputes.get(late.id, w.now()).expect("get");
    assert_eq!(red.countdown.map(|c| c.urgency), Some(Urgency::Urgent));

    w.h.sim.clock().advance(4 * 3_600);
    let opened = w
        .disputes
        .open(&w.h.ctx, late.id, w.now())
        .await
        .expect("open");
    assert!(!opened.can_respond);
    assert_eq!(
        opened.countdown.as_ref().map(|c| c.words.as_str()),
        Some("overdue")
    );
    assert!(
        opened
            .read_only_reason
            .as_deref()
            .is_some_and(|r| r.contains("was due by")),
        "{opened:?}"
    );
    let err = w
        .save(&opened, &[("customer_name", "Too late")], true)
        .await;
    let err = assert_code(err, ErrorCode::DeadlinePassed, None);
    assert!(err.message.contains("Nothing was sent"), "{err:?}");
    let pdf = w.file("late.pdf", b"%PDF-1.4 late");
    assert_code(
        w.upload(&opened, "receipt", &pdf).await,
        ErrorCode::DeadlinePassed,
        None,
    );
    assert_eq!(w.status_at_stripe(&late).await, "needs_response");
}

#[tokio::test]
async fn support_answers_disputes_and_a_payments_admin_only_reads() {
    let w = world().await;
    let dispute = w.disputed("15.00").await;
    let guard = Guard::open(&w.h.store).expect("guard");
    let admin = guard.operator().expect("the first Admin");
    guard.set_operator_pin(admin.id, "1357").expect("PIN");
    let make = |name: &str, role: Role, pin: &str| {
        guard
            .create_operator(CreateOperator {
                display_name: name.into(),
                grants: vec![Grant {
                    workspace_id: Some(w.h.workspace_id),
                    role,
                    merchant_ids: Vec::new(),
                }],
                pin: Some(pin.into()),
            })
            .expect("operator")
    };
    let support = make("Sam from support", Role::Support, "2468");
    let viewer = make("Pat from payments", Role::PaymentsAdmin, "3579");

    guard
        .switch_operator(viewer.id, Some("3579"))
        .expect("viewer");
    let seen = w
        .disputes
        .list(&ListQuery::default(), w.now())
        .expect("a Payments admin sees");
    assert_eq!(seen.total_count, 1);
    let refused = w.save(&dispute, &[("customer_name", "Vic")], false).await;
    assert_code(refused, ErrorCode::Forbidden, None);
    assert_code(
        w.disputes.accept(&w.h.ctx, dispute.id, w.now()).await,
        ErrorCode::Forbidden,
        None,
    );

    guard
        .switch_operator(support.id, Some("2468"))
        .expect("support");
    let saved = w
        .save(&dispute, &[("customer_name", "Jenny Rosen")], false)
        .await
        .expect("support saves");
    assert!(
        saved
            .history
            .last()
            .is_some_and(|e| e.detail.contains("Sam from support")),
        "{saved:?}"
    );
    guard
        .switch_operator(admin.id, Some("1357"))
        .expect("admin");
    let audit = guard.audit_list(&ListQuery::default()).expect("audit");
    assert!(
        audit
            .items
            .iter()
            .any(|r| r.action == "dispute.saveEvidence"),
        "the save is audited"
    );
}
