//! Stripe's errors come back typed, naming the parameter; the API key never shows.

use std::sync::Arc;

use connectdesk_stripe::payouts::{CreatePayout, PayoutMethod};
use connectdesk_stripe::testing::{raw_request, MemoryIdempotencyKeys};
use connectdesk_stripe::transfers::{CreateTransfer, Transfer};
use connectdesk_stripe::{ApiKey, Client, Error, ErrorType, Method};

use crate::harness::{op, Harness};

#[tokio::test]
async fn a_missing_parameter_is_named() {
    let h = Harness::start().await;
    let request = raw_request::<Transfer>(
        Method::Post,
        "/v1/transfers",
        &[("currency", "usd"), ("destination", "acct_1")],
    );
    let err = h
        .client
        .send(request)
        .await
        .expect_err("amount is required");
    let api = err.api().expect("a Stripe error");
    assert_eq!(api.status, 400);
    assert_eq!(api.kind, ErrorType::InvalidRequestError);
    assert_eq!(api.code.as_deref(), Some("parameter_missing"));
    assert_eq!(api.param.as_deref(), Some("amount"));
    assert!(api
        .request_id
        .as_deref()
        .is_some_and(|id| id.starts_with("req_")));
    assert!(err.to_string().contains("param amount"), "{err}");
}

#[tokio::test]
async fn an_unknown_parameter_is_named() {
    let h = Harness::start().await;
    let request = raw_request::<Transfer>(
        Method::Post,
        "/v1/transfers",
        &[
            ("amount", "100"),
            ("currency", "usd"),
            ("destination", "acct_1"),
            ("metadata[a]", "b"),
            ("destinaton", "x"),
        ],
    );
    let err = h.client.send(request).await.expect_err("unknown parameter");
    let api = err.api().expect("a Stripe error");
    assert_eq!(
        (api.code.as_deref(), api.param.as_deref()),
        (Some("parameter_unknown"), Some("destinaton"))
    );
}

#[tokio::test]
async fn invalid_values_and_business_errors_are_typed() {
    let h = Harness::start().await;
    let payout = CreatePayout {
        method: Some(PayoutMethod::Other("teleport".into())),
        ..CreatePayout::new(100, "usd")
    };
    let err = h
        .client
        .create_payout(&payout, &op("bad-method"))
        .await
        .expect_err("invalid value");
    assert_eq!(
        err.api().and_then(|api| api.param.as_deref()),
        Some("method")
    );
    assert!(
        h.keys.stored(&op("bad-method")).is_none(),
        "a definitive error completes the operation"
    );

    let account = h.ready_account("poor").await;
    let err = h
        .client
        .create_transfer(
            &CreateTransfer::new(1_000_000, "usd", &account.id),
            &op("too-much"),
        )
        .await
        .expect_err("no funds");
    assert_eq!(
        err.api().and_then(|api| api.code.as_deref()),
        Some("balance_insufficient")
    );
}

#[tokio::test]
async fn a_rejected_key_never_appears_in_the_error() {
    let h = Harness::start().await;
    let secret = "sk_test_invalid1234567890";
    let client = Client::builder(
        ApiKey::new(secret).expect("key"),
        Arc::new(MemoryIdempotencyKeys::new()),
    )
    .base_url(h.sim.base_url())
    .build()
    .expect("client");
    let err = client.retrieve_balance().await.expect_err("rejected key");
    assert_eq!(err.status(), Some(401));
    for shown in [err.to_string(), format!("{err:?}"), format!("{client:?}")] {
        assert!(!shown.contains("invalid1234567890"), "{shown}");
    }
}

#[tokio::test]
async fn connected_account_ids_are_checked() {
    let h = Harness::start().await;
    assert!(matches!(
        h.client.on_account("acct 1"),
        Err(Error::InvalidRequest(_))
    ));
    assert!(matches!(
        h.client.on_account(""),
        Err(Error::InvalidRequest(_))
    ));
    let err = h
        .client
        .on_account("acct_unknown")
        .expect("handle")
        .retrieve_balance()
        .await
        .expect_err("unknown account");
    assert!(err.api().is_some(), "{err:?}");
}
