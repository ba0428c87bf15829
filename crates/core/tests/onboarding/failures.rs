//! Failure paths of create and finish: Stripe down, Stripe gone, answers lost, the local save
//! failing. However it fails, Stripe never ends up with two accounts for one merchant request.

use connectdesk_core::stripe_access::StripeContext;
use connectdesk_core::ErrorCode;
use serde_json::json;

use crate::support::{assert_code, sandbox_context, start_sim, Harness};

#[tokio::test]
async fn when_stripe_fails_nothing_is_stored_and_the_next_create_works() {
    let h = Harness::start().await;
    let fault = h
        .control(
            "faults/fail",
            json!({"count": 1, "status": 500, "should_retry": false,
                   "message": "The simulated Stripe is having a bad day."}),
        )
        .await;
    assert_eq!(fault.status, 200, "{}", fault.body);

    let err = assert_code(
        h.onboarding.create(&h.ctx, h.input("merchant_123")).await,
        ErrorCode::ServiceUnavailable,
        None,
    );
    assert!(
        err.message
            .contains("Stripe said: The simulated Stripe is having a bad day."),
        "{}",
        err.message
    );
    assert_eq!(h.entry_count(), 0, "no local entry");
    assert!(h.sim_accounts().await.is_empty());

    let link = h
        .onboarding
        .create(&h.ctx, h.input("merchant_123"))
        .await
        .expect("create once Stripe is back");
    assert_eq!(h.sim_accounts().await.len(), 1);
    assert_eq!(h.entry_count(), 1);
    assert!(h.onboarding.get(&link.entry_id.to_string()).is_ok());
}

#[tokio::test]
async fn when_stripe_cannot_be_reached_nothing_is_stored() {
    let h = Harness::start().await;
    let gone = start_sim().await;
    let unreachable = sandbox_context(&h.store, gone.base_url());
    gone.shutdown().await.expect("stop");

    let err = assert_code(
        h.onboarding
            .create(&unreachable, h.input("merchant_123"))
            .await,
        ErrorCode::ServiceUnavailable,
        None,
    );
    assert!(
        err.message.contains("could not be reached"),
        "{}",
        err.message
    );
    assert_eq!(h.entry_count(), 0);

    // Back on a reachable Stripe, the open intent is checked (no account carries it) and dropped.
    h.onboarding
        .create(&h.ctx, h.input("merchant_123"))
        .await
        .expect("create");
    assert_eq!(h.sim_accounts().await.len(), 1);
    assert_eq!(h.entry_count(), 1);
}

#[tokio::test]
async fn a_failed_local_save_is_adopted_by_the_next_create() {
    let h = Harness::start().await;
    h.faults.fail_next(1);
    let err = assert_code(
        h.onboarding.create(&h.ctx, h.input("merchant_123")).await,
        ErrorCode::InternalError,
        None,
    );
    let orphans = h.sim_accounts().await;
    assert_eq!(orphans.len(), 1, "Stripe created the account");
    assert!(err.message.contains(&orphans[0].id), "{}", err.message);
    assert_eq!(h.entry_count(), 0, "but it was not saved");

    // Another merchant's create does not take it.
    let other = h
        .onboarding
        .create(&h.ctx, h.input("merchant_456"))
        .await
        .expect("another merchant");
    assert_ne!(other.account_id, orphans[0].id);

    let link = h
        .onboarding
        .create(&h.ctx, h.input("merchant_123"))
        .await
        .expect("the next create");
    assert_eq!(link.account_id, orphans[0].id, "the orphan was adopted");
    let accounts = h.sim_accounts().await;
    assert_eq!(accounts.len(), 2, "one account per merchant at Stripe");
    assert_eq!(h.entry_count(), 2);
    let entry = h.onboarding.get(&link.entry_id.to_string()).expect("get");
    assert_eq!(entry.merchant_id, "merchant_123");

    // Settled: a further create for the merchant makes a new account, as asked.
    h.onboarding
        .create(&h.ctx, h.input("merchant_123"))
        .await
        .expect("a second account on purpose");
    assert_eq!(h.sim_accounts().await.len(), 3);
}

#[tokio::test]
async fn a_sync_adopts_the_orphan_too() {
    let h = Harness::start().await;
    h.faults.fail_next(1);
    assert_code(
        h.onboarding.create(&h.ctx, h.input("merchant_123")).await,
        ErrorCode::InternalError,
        None,
    );
    let report = h
        .onboarding
        .sync(&h.ctx, h.workspace_id)
        .await
        .expect("sync");
    assert_eq!(report.adopted.len(), 1);
    assert_eq!(report.synced, 1, "the adopted entry is synced as well");
    assert!(report.failed.is_empty());
    let entry = h
        .onboarding
        .get(&report.adopted[0].to_string())
        .expect("adopted entry");
    let accounts = h.sim_accounts().await;
    assert_eq!(accounts.len(), 1);
    assert_eq!(entry.account_id, accounts[0].id);
    assert!(!entry.payment_methods.is_empty(), "synced after adoption");

    let again = h
        .onboarding
        .sync(&h.ctx, h.workspace_id)
        .await
        .expect("sync");
    assert!(again.adopted.is_empty());
    assert_eq!(h.entry_count(), 1);
}

#[tokio::test]
async fn a_lost_answer_is_found_by_the_accounts_metadata() {
    let h = Harness::start().await;
    // Stripe carries out the create but every answer is lost (first try and the retry).
    let drop = h.control("faults/drop", json!({"count": 2})).await;
    assert_eq!(drop.status, 200, "{}", drop.body);
    let err = assert_code(
        h.onboarding.create(&h.ctx, h.input("merchant_123")).await,
        ErrorCode::ServiceUnavailable,
        None,
    );
    assert!(err.message.contains("next try"), "{}", err.message);
    let accounts = h.sim_accounts().await;
    assert_eq!(accounts.len(), 1, "the account exists at Stripe");
    assert_eq!(h.entry_count(), 0);

    let link = h
        .onboarding
        .create(&h.ctx, h.input("merchant_123"))
        .await
        .expect("the next create");
    assert_eq!(link.account_id, accounts[0].id);
    assert_eq!(h.sim_accounts().await.len(), 1, "still one account");
    assert_eq!(h.entry_count(), 1);
}

#[tokio::test]
async fn finish_and_refresh_report_stripe_failures_and_change_nothing() {
    let h = Harness::start().await;
    let link = h
        .onboarding
        .create(&h.ctx, h.input("merchant_123"))
        .await
        .expect("create");
    let before = h.onboarding.get(&link.entry_id.to_string()).expect("get");
    h.control(
        "faults/fail",
        json!({"count": 2, "status": 500, "should_retry": false}),
    )
    .await;
    assert_code(
        h.onboarding.finish(&h.ctx, link.entry_id).await,
        ErrorCode::ServiceUnavailable,
        None,
    );
    assert_code(
        h.onboarding.refresh(&h.ctx, link.entry_id).await,
        ErrorCode::ServiceUnavailable,
        None,
    );
    assert_eq!(
        h.onboarding.get(&link.entry_id.to_string()).expect("get"),
        before
    );

    // A sync with Stripe unreachable stops with the same error.
    let gone = start_sim().await;
    let unreachable: StripeContext = sandbox_context(&h.store, gone.base_url());
    gone.shutdown().await.expect("stop");
    assert_code(
        h.onboarding.sync(&unreachable, h.workspace_id).await,
        ErrorCode::ServiceUnavailable,
        None,
    );
}
