//! Events applied end to end, against the real simulator over HTTP and a real sled store: the
//! app registers its receiver at the simulator (Stripe's webhook endpoints API), the simulator
//! delivers signed events to it, and applying them updates onboarding entries and payouts with
//! nobody pressing "Check status" or Sync; a late, older event never moves a record back.

#[path = "onboarding/support.rs"]
#[allow(dead_code)] // The onboarding tests use the rest.
mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use connectdesk_core::accounts::Accounts;
use connectdesk_core::connections::Connections;
use connectdesk_core::disputes::Disputes;
use connectdesk_core::fees::Fees;
use connectdesk_core::guard::Guard;
use connectdesk_core::journal::{
    Journal, NewOperation, OperationKind, OperationState, Reconcile, WriteError,
};
use connectdesk_core::payments::Payments;
use connectdesk_core::payouts::Payouts;
use connectdesk_core::query::{FilterInput, ListQuery};
use connectdesk_core::stripe_access::StripeContext;
use connectdesk_core::transfers::Transfers;
use connectdesk_core::vault::Vault;
use connectdesk_core::webhooks::apply::{EventAppliers, RecordsChanged};
use connectdesk_core::webhooks::inbox::{EventState, InboxEvent};
use connectdesk_core::webhooks::receiver::{self, RunningReceiver};
use connectdesk_core::webhooks::service::{EventPlatforms, Events, SANDBOX_CONNECTION};
use connectdesk_secrets::NoKeyring;
use connectdesk_stripe::webhook_endpoints::{self, ListWebhookEndpoints, WebhookEndpoint};
use connectdesk_stripe::Page;
use support::Harness;

/// Every event comes from the harness's simulator.
struct Sandbox(StripeContext);

impl EventPlatforms for Sandbox {
    fn platform(&self, id: u64) -> connectdesk_core::Result<Option<StripeContext>> {
        Ok((id == SANDBOX_CONNECTION).then(|| self.0.clone()))
    }
}

struct World {
    h: Harness,
    events: Events,
    payouts: Payouts,
    transfers: Transfers,
    disputes: Disputes,
    journal: Journal,
    receiver: RunningReceiver,
}

async fn world() -> World {
    let h = Harness::start().await;
    let journal = Journal::open(&h.store).expect("journal");
    let vault = Arc::new(Vault::open(h.dir.path(), &NoKeyring));
    let payouts = Payouts::new(&h.store, journal.clone()).expect("payouts");
    let transfers = Transfers::new(&h.store, journal.clone()).expect("transfers");
    let disputes = Disputes::new(&h.store, journal.clone()).expect("disputes");
    let appliers = EventAppliers {
        onboarding: h.onboarding.clone(),
        accounts: Accounts::new(&h.store).expect("accounts"),
        payments: Payments::new(
            &h.store,
            journal.clone(),
            Arc::new(Fees::new(&h.store).expect("fees")),
        )
        .expect("payments"),
        payouts: payouts.clone(),
        disputes: disputes.clone(),
        transfers: transfers.clone(),
    };
    let connections = Connections::new(&h.store, vault).expect("connections");
    let guard = Guard::open(&h.store).expect("guard");
    let events =
        Events::new(&h.store, appliers, connections, journal.clone(), guard).expect("events");
    let receiver = receiver::start(0, events.inbox().clone(), events.receiver_secrets())
        .await
        .expect("the receiver starts");
    events
        .register_sandbox(&h.ctx, &receiver.url_for(SANDBOX_CONNECTION))
        .await
        .expect("registered at the simulator");
    World {
        h,
        events,
        payouts,
        transfers,
        disputes,
        journal,
        receiver,
    }
}

impl World {
    fn stored(&self, event_type: &str) -> Vec<InboxEvent> {
        let query = ListQuery {
            sort: Some("id:asc".into()),
            filters: vec![FilterInput::eq("eventType", event_type)],
            ..ListQuery::default()
        };
        self.events
            .inbox()
            .events()
            .list(&query)
            .expect("inbox")
            .items
    }

    /// Applies what arrives until `done` holds (the simulator delivers in the background).
    async fn apply_until(&self, what: &str, done: impl Fn(&World) -> bool) -> Vec<RecordsChanged> {
        let platforms = Sandbox(self.h.ctx.clone());
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut changes = Vec::new();
        loop {
            changes.extend(self.events.apply_pending(&platforms).await.expect("apply"));
            if done(self) {
                return changes;
            }
            if Instant::now() >= deadline {
                let inbox = self.events.inbox().events().list(&ListQuery::default());
                let seen: Vec<_> = inbox
                    .expect("inbox")
                    .items
                    .into_iter()
                    .map(|e| (e.event_type, e.state, e.outcome))
                    .collect();
                panic!("never saw {what}; the inbox holds {seen:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

#[tokio::test]
async fn an_account_update_at_stripe_reaches_its_onboarding_entry_by_itself() {
    let w = world().await;
    let link =
        w.h.onboarding
            .create(&w.h.ctx, w.h.input_of("merchant_grill", "custom"))
            .await
            .expect("onboarding create");
    let entry_id = link.entry_id.to_string();
    let before = w.h.onboarding.get(&entry_id).expect("entry");
    assert!(!before.charges_enabled);

    // The merchant finishes onboarding at Stripe; ConnectDesk is not asked anything.
    w.h.complete_at_stripe(&before.account_id).await;
    let changes = w
        .apply_until("the entry enabled", |w| {
            w.h.onboarding
                .get(&entry_id)
                .is_ok_and(|entry| entry.charges_enabled && entry.details_submitted)
        })
        .await;
    assert!(
        changes.iter().any(|c| c.sections == ["onboarding"]
            && c.object_id == before.account_id
            && c.workspace_ids == [w.h.workspace_id]),
        "{changes:?}"
    );
    let updates = w.stored("account.updated");
    assert!(!updates.is_empty());
    assert!(updates.iter().all(
        |e| e.account.as_deref() == Some(&*before.account_id) && e.state != EventState::Pending
    ));

    // The oldest account.updated comes again (a resend, or late): the entry stays as it is now.
    let oldest = &updates[0];
    w.events
        .inbox()
        .settle(oldest.id, EventState::Pending, None)
        .expect("pending again");
    w.apply_until("the old event applied", |w| {
        w.stored("account.updated")
            .iter()
            .all(|e| e.state != EventState::Pending)
    })
    .await;
    let after = w.h.onboarding.get(&entry_id).expect("entry");
    assert!(
        after.charges_enabled && after.details_submitted,
        "{after:?}"
    );
}

#[tokio::test]
async fn a_paid_payout_is_shown_paid_without_a_sync() {
    let w = world().await;
    let entry = w.h.onboarded_custom("merchant_grill").await;
    w.h.fund_platform(20_000, "usd").await;
    w.h.sim_post(
        "/v1/transfers",
        &[
            ("amount", "10000"),
            ("currency", "usd"),
            ("destination", &entry.account_id),
        ],
    )
    .await;
    // A payout made at Stripe (the account's dashboard, an automatic payout): ConnectDesk
    // has never seen it.
    let payout =
        w.h.sim_post_as(
            Some(&entry.account_id),
            "/v1/payouts",
            &[("amount", "2500"), ("currency", "usd")],
        )
        .await;
    let payout_id = payout["id"].as_str().expect("payout id").to_string();
    let find = |w: &World| {
        w.payouts
            .list(&ListQuery {
                filters: vec![FilterInput::eq("payoutId", payout_id.clone())],
                ..ListQuery::default()
            })
            .ok()
            .and_then(|page| page.items.into_iter().next())
    };
    w.apply_until("the new payout", |w| find(w).is_some()).await;
    let stored = find(&w).expect("stored");
    assert_eq!((stored.amount, stored.status.as_str()), (2500, "pending"));
    assert_eq!(stored.workspace_id, w.h.workspace_id);
    assert_eq!(stored.merchant_id.as_deref(), Some("merchant_grill"));

    // The bank pays it: payout.paid arrives and the stored payout follows.
    w.h.control(&format!("payouts/{payout_id}/pay"), serde_json::json!({}))
        .await;
    let changes = w
        .apply_until("the payout paid", |w| {
            find(w).is_some_and(|p| p.status == "paid")
        })
        .await;
    assert!(
        changes
            .iter()
            .any(|c| c.sections == ["payouts"] && c.object_id == payout_id),
        "{changes:?}"
    );
    let paid = w.stored("payout.paid");
    assert_eq!(paid.len(), 1, "one payout.paid, kept once");
    assert_eq!(paid[0].state, EventState::Applied);
}

#[tokio::test]
async fn a_transfer_made_and_reversed_at_stripe_shows_without_a_sync() {
    let w = world().await;
    let entry = w.h.onboarded_custom("merchant_grill").await;
    w.h.fund_platform(20_000, "usd").await;
    // Made at Stripe (the dashboard, another tool): ConnectDesk never sent it.
    let transfer =
        w.h.sim_post(
            "/v1/transfers",
            &[
                ("amount", "8000"),
                ("currency", "usd"),
                ("destination", &entry.account_id),
            ],
        )
        .await;
    let transfer_id = transfer["id"].as_str().expect("transfer id").to_string();
    let find = |w: &World| {
        w.transfers
            .list(&ListQuery {
                filters: vec![FilterInput::eq("transferId", transfer_id.clone())],
                ..ListQuery::default()
            })
            .ok()
            .and_then(|page| page.items.into_iter().next())
    };
    w.apply_until("the new transfer", |w| find(w).is_some())
        .await;
    let stored = find(&w).expect("stored");
    assert_eq!((stored.amount, stored.amount_reversed), (8000, 0));
    assert_eq!(stored.workspace_id, w.h.workspace_id);
    assert_eq!(stored.merchant_id.as_deref(), Some("merchant_grill"));

    // Half of it is taken back at Stripe.
    w.h.sim_post(
        &format!("/v1/transfers/{transfer_id}/reversals"),
        &[("amount", "4000")],
    )
    .await;
    let changes = w
        .apply_until("the reversal", |w| {
            find(w).is_some_and(|t| t.amount_reversed == 4000)
        })
        .await;
    assert_eq!(
        find(&w).expect("stored").status,
        connectdesk_core::transfers::TransferStatus::PartiallyReversed
    );
    assert!(
        changes
            .iter()
            .any(|c| c.sections == ["transfers"] && c.object_id == transfer_id),
        "{changes:?}"
    );
}

#[tokio::test]
async fn a_disputed_payment_makes_its_dispute_appear_by_itself() {
    let w = world().await;
    let entry = w.h.onboarded_custom("merchant_grill").await;
    let paid =
        w.h.sim_post(
            "/v1/payment_intents",
            &[
                ("amount", "4000"),
                ("currency", "usd"),
                ("confirm", "true"),
                ("payment_method", "pm_card_createDispute"),
                ("transfer_data[destination]", &entry.account_id),
            ],
        )
        .await;
    assert_eq!(paid["status"], "succeeded", "{paid}");
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let changes = w
        .apply_until("the dispute", |w| {
            w.disputes
                .list(&ListQuery::default(), now)
                .is_ok_and(|page| page.items.len() == 1)
        })
        .await;
    let dispute = w
        .disputes
        .list(&ListQuery::default(), now)
        .expect("disputes")
        .items
        .remove(0);
    assert_eq!(dispute.amount, 4000);
    assert_eq!(dispute.workspace_id, w.h.workspace_id);
    assert!(
        changes.iter().any(|c| c.sections == ["disputes"]),
        "{changes:?}"
    );
}

#[tokio::test]
async fn with_the_receiver_down_the_poller_brings_every_event_and_a_late_webhook_is_not_taken_twice(
) {
    let w = world().await;
    let link =
        w.h.onboarding
            .create(&w.h.ctx, w.h.input_of("merchant_grill", "custom"))
            .await
            .expect("onboarding create");
    let entry_id = link.entry_id.to_string();
    let account = w.h.onboarding.get(&entry_id).expect("entry").account_id;
    let World {
        h,
        events,
        receiver,
        ..
    } = w;
    // The listener is down while the merchant finishes at Stripe, and stays down.
    receiver.stop();
    h.complete_at_stripe(&account).await;
    let platforms = Sandbox(h.ctx.clone());
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let polled = events
        .poll(&platforms, SANDBOX_CONNECTION, now)
        .await
        .expect("poll");
    assert!(polled.new > 0, "{polled:?}");
    events.apply_pending(&platforms).await.expect("apply");
    let done = h.onboarding.get(&entry_id).expect("entry");
    assert!(done.charges_enabled && done.details_submitted, "{done:?}");

    // The webhooks arrive after all (Stripe retried): the same events, none taken again.
    let stored = events
        .inbox()
        .events()
        .list(&ListQuery::default())
        .expect("inbox")
        .items;
    for event in &stored {
        let again = events
            .inbox()
            .receive(
                SANDBOX_CONNECTION,
                event.payload.as_bytes(),
                connectdesk_core::webhooks::inbox::EventSource::Receiver,
            )
            .expect("receive");
        assert!(
            matches!(
                again,
                connectdesk_core::webhooks::inbox::Received::Duplicate
            ),
            "{} taken twice",
            event.event_id
        );
    }
    assert!(events.inbox().pending(10).expect("pending").is_empty());
    // A second poll finds nothing new.
    let again = events
        .poll(&platforms, SANDBOX_CONNECTION, now)
        .await
        .expect("poll");
    assert_eq!(again.new, 0, "{again:?}");
}

#[tokio::test]
async fn the_events_section_lists_what_arrived_and_what_applying_it_did() {
    let w = world().await;
    let entry = w.h.onboarded_custom("merchant_list").await;
    w.h.sim_post(
        &format!("/v1/accounts/{}", entry.account_id),
        &[("business_profile[url]", "https://list.example")],
    )
    .await;
    w.apply_until("the account's updates applied", |w| {
        let updates = w.stored("account.updated");
        !updates.is_empty() && updates.iter().all(|e| e.state != EventState::Pending)
    })
    .await;

    let page = w
        .events
        .list_events(SANDBOX_CONNECTION, &ListQuery::default())
        .expect("the sandbox's events");
    assert!(page.total_count >= 1);
    let ids: Vec<u64> = page.items.iter().map(|e| e.id).collect();
    let mut newest_first = ids.clone();
    newest_first.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(ids, newest_first, "newest first");
    let update = page
        .items
        .iter()
        .find(|e| e.event_type == "account.updated")
        .expect("an account.updated row");
    assert_eq!(update.state, EventState::Applied, "{update:?}");
    assert_eq!(update.account.as_deref(), Some(&*entry.account_id));
    assert!(update.outcome.is_some(), "{update:?}");
    // The sandbox connection has no partner endpoint: nothing is forwarded, so nothing to resend.
    assert_eq!(update.forwarding, None);

    let only_updates = w
        .events
        .list_events(
            SANDBOX_CONNECTION,
            &ListQuery {
                filters: vec![FilterInput::eq("eventType", "account.updated")],
                ..ListQuery::default()
            },
        )
        .expect("filtered");
    assert!(only_updates
        .items
        .iter()
        .all(|e| e.event_type == "account.updated"));

    let detail = w.events.open_event(update.id).expect("opened");
    assert!(
        detail.payload.contains("\n  \"id\": \""),
        "{}",
        detail.payload
    );
    assert!(detail.payload.contains(&*update.event_id));

    let refused = w
        .events
        .resend(update.id, 1_700_000_000)
        .expect_err("no forward to resend");
    assert_eq!(refused.code, connectdesk_core::ErrorCode::InvalidValue);

    // Another connection's events are not the sandbox's.
    let elsewhere = w.events.list_events(9_999, &ListQuery::default());
    assert_eq!(
        elsewhere.expect_err("no such connection").code,
        connectdesk_core::ErrorCode::NotFound
    );
}

impl World {
    /// The endpoints at the simulator that point at this test's receiver.
    async fn our_endpoints(&self) -> Vec<WebhookEndpoint> {
        let url = self.receiver.url_for(SANDBOX_CONNECTION);
        let listed = self
            .h
            .ctx
            .client
            .list_webhook_endpoints(&ListWebhookEndpoints {
                page: Page::limit(100),
            })
            .await
            .expect("endpoints listed");
        listed.data.into_iter().filter(|e| e.url == url).collect()
    }

    fn operations(&self, kind: OperationKind) -> Vec<connectdesk_core::journal::Operation> {
        let query = ListQuery {
            sort: Some("id:asc".into()),
            ..ListQuery::default()
        };
        self.journal
            .list(&query)
            .expect("journal")
            .items
            .into_iter()
            .filter(|op| op.kind == kind)
            .collect()
    }
}

#[tokio::test]
async fn registering_again_replaces_the_old_endpoints_through_the_journal() {
    let w = world().await;
    let first: Vec<String> = w.our_endpoints().await.into_iter().map(|e| e.id).collect();
    assert_eq!(
        first.len(),
        2,
        "one for Connect events, one for the platform's"
    );

    // The app starts again: the earlier run's two endpoints go, two new ones come.
    w.events
        .register_sandbox(&w.h.ctx, &w.receiver.url_for(SANDBOX_CONNECTION))
        .await
        .expect("registered again");
    let second: Vec<String> = w.our_endpoints().await.into_iter().map(|e| e.id).collect();
    assert_eq!(second.len(), 2, "{second:?}");
    assert!(
        second.iter().all(|id| !first.contains(id)),
        "{first:?} {second:?}"
    );

    let deletes = w.operations(OperationKind::WebhookEndpointDelete);
    let mut deleted: Vec<String> = deletes
        .iter()
        .map(|op| {
            assert_eq!(op.state, OperationState::Completed, "{op:?}");
            assert_eq!(op.method, "DELETE");
            assert_eq!(op.attempts, 1, "recorded with its key before it was sent");
            op.object_id.clone().expect("the deleted endpoint")
        })
        .collect();
    deleted.sort();
    let mut expected = first.clone();
    expected.sort();
    assert_eq!(deleted, expected);
    let creates = w.operations(OperationKind::WebhookEndpointCreate);
    assert_eq!(creates.len(), 4);
    assert!(creates
        .iter()
        .all(|op| op.state == OperationState::Completed));

    // A delete of an endpoint Stripe no longer has (an earlier send's answer was lost) is
    // answered 404 resource_missing: the journal settles it done, not refused.
    let gone = first[0].clone();
    let again = w
        .journal
        .execute(
            &w.h.ctx,
            SANDBOX_CONNECTION,
            NewOperation {
                kind: OperationKind::WebhookEndpointDelete,
                summary: format!("Remove {gone} again"),
                subject: Some(gone.clone()),
                operator: None,
                reconcile: Reconcile::State {
                    path: format!("/v1/webhook_endpoints/{gone}"),
                    field: "deleted".into(),
                    expected: "true".into(),
                },
                apply_locally: false,
                context: serde_json::Value::Null,
            },
            |op| Ok(webhook_endpoints::delete_durable(&gone, op)),
        )
        .await;
    match again {
        Err(WriteError::Stripe { operation, error }) => {
            assert_eq!(operation.state, OperationState::Completed, "{error}");
            assert_eq!(operation.object_id.as_deref(), Some(gone.as_str()));
            assert!(operation.failure.is_none());
        }
        other => panic!("Stripe has no {gone} any more, yet: {other:?}"),
    }
    assert_eq!(w.our_endpoints().await.len(), 2);
}
