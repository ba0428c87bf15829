//! PaymentIntents: create, confirm with test cards, declines, manual capture, cancel.

use crate::common::{ids, TestSim};

#[tokio::test]
async fn create_retrieve_list() {
    let sim = TestSim::start().await;
    let pi = sim
        .post(
            "/v1/payment_intents",
            &[
                ("amount", "2500"),
                ("currency", "usd"),
                ("description", "Order 42"),
                ("metadata[order_number]", "42"),
            ],
        )
        .await
        .ok();
    let id = pi["id"].as_str().expect("id");
    assert!(id.starts_with("pi_"));
    assert_eq!(pi["object"], "payment_intent");
    assert_eq!(pi["status"], "requires_payment_method");
    assert_eq!(pi["amount"], 2500);
    assert_eq!(pi["capture_method"], "automatic");
    assert_eq!(pi["livemode"], false);
    assert_eq!(pi["latest_charge"], serde_json::Value::Null);
    assert!(pi["client_secret"]
        .as_str()
        .is_some_and(|s| s.starts_with(&format!("{id}_secret_"))));
    assert_eq!(pi["charges"]["object"], "list");
    let fetched = sim.get(&format!("/v1/payment_intents/{id}")).await.ok();
    assert_eq!(fetched, pi);
    let second = sim
        .post(
            "/v1/payment_intents",
            &[("amount", "900"), ("currency", "usd")],
        )
        .await
        .ok();
    let list = sim.get("/v1/payment_intents?limit=1").await.ok();
    assert_eq!(ids(&list), [second["id"].as_str().unwrap_or("")]);
    assert_eq!(list["has_more"], true);
    sim.stop().await;
}

#[tokio::test]
async fn confirm_with_visa_succeeds_and_creates_a_charge() {
    let sim = TestSim::start().await;
    let pi = sim.pay(&[("amount", "2500")]).await;
    assert_eq!(pi["status"], "succeeded");
    assert_eq!(pi["amount_received"], 2500);
    let charge_id = pi["latest_charge"].as_str().expect("latest_charge");
    assert!(charge_id.starts_with("ch_"));
    assert_eq!(pi["charges"]["data"][0]["id"], charge_id);
    assert!(pi["payment_method"]
        .as_str()
        .is_some_and(|p| p.starts_with("pm_")));
    let charge = sim.get(&format!("/v1/charges/{charge_id}")).await.ok();
    assert_eq!(charge["status"], "succeeded");
    assert_eq!(charge["captured"], true);
    assert_eq!(charge["amount_captured"], 2500);
    assert_eq!(charge["payment_method_details"]["card"]["last4"], "4242");
    let txn = sim
        .get(&format!(
            "/v1/balance_transactions/{}",
            charge["balance_transaction"].as_str().unwrap_or("")
        ))
        .await
        .ok();
    assert_eq!(
        (
            txn["type"].as_str(),
            txn["amount"].as_i64(),
            txn["status"].as_str()
        ),
        (Some("charge"), Some(2500), Some("pending"))
    );
    let pm = sim
        .get(&format!(
            "/v1/payment_methods/{}",
            pi["payment_method"].as_str().unwrap_or("")
        ))
        .await
        .ok();
    assert_eq!(pm["card"]["brand"], "visa");
    let types = sim.event_types(None).await;
    assert!(
        types.ends_with(&["charge.succeeded".into(), "payment_intent.succeeded".into()]),
        "{types:?}"
    );
    let charges = sim
        .get(&format!(
            "/v1/charges?payment_intent={}",
            pi["id"].as_str().unwrap_or("")
        ))
        .await
        .ok();
    assert_eq!(ids(&charges), [charge_id]);
    sim.stop().await;
}

#[tokio::test]
async fn declined_card_is_a_card_error() {
    let sim = TestSim::start().await;
    let resp = sim
        .post(
            "/v1/payment_intents",
            &[
                ("amount", "2500"),
                ("currency", "usd"),
                ("confirm", "true"),
                ("payment_method", "pm_card_chargeDeclined"),
            ],
        )
        .await;
    let e = resp.err(402);
    assert_eq!(e["type"], "card_error");
    assert_eq!(e["code"], "card_declined");
    assert_eq!(e["decline_code"], "generic_decline");
    assert_eq!(e["message"], "Your card was declined.");
    assert!(e["charge"].as_str().is_some_and(|c| c.starts_with("ch_")));
    let pi = &e["payment_intent"];
    assert_eq!(pi["status"], "requires_payment_method");
    assert_eq!(pi["last_payment_error"]["decline_code"], "generic_decline");
    let charge = sim
        .get(&format!(
            "/v1/charges/{}",
            e["charge"].as_str().unwrap_or("")
        ))
        .await
        .ok();
    assert_eq!(
        (charge["status"].as_str(), charge["failure_code"].as_str()),
        (Some("failed"), Some("card_declined"))
    );
    let failed = sim
        .get("/v1/events?type=payment_intent.payment_failed")
        .await
        .ok();
    assert_eq!(failed["data"][0]["data"]["object"]["id"], pi["id"]);

    let insufficient = sim
        .post(
            &format!(
                "/v1/payment_intents/{}/confirm",
                pi["id"].as_str().unwrap_or("")
            ),
            &[("payment_method", "pm_card_chargeDeclinedInsufficientFunds")],
        )
        .await
        .err(402);
    assert_eq!(insufficient["decline_code"], "insufficient_funds");
    let ok = sim
        .post(
            &format!(
                "/v1/payment_intents/{}/confirm",
                pi["id"].as_str().unwrap_or("")
            ),
            &[("payment_method", "pm_card_visa")],
        )
        .await
        .ok();
    assert_eq!(ok["status"], "succeeded");
    assert_eq!(ok["charges"]["data"].as_array().map(Vec::len), Some(3));
    let e = sim
        .post(
            &format!(
                "/v1/payment_intents/{}/confirm",
                pi["id"].as_str().unwrap_or("")
            ),
            &[],
        )
        .await
        .err(400);
    assert_eq!(e["code"], "payment_intent_unexpected_state");
    let e = sim
        .post(
            "/v1/payment_intents",
            &[
                ("amount", "100"),
                ("currency", "usd"),
                ("confirm", "true"),
                ("payment_method", "pm_nope"),
            ],
        )
        .await
        .err(400);
    assert_eq!(
        (e["code"].as_str(), e["param"].as_str()),
        (Some("resource_missing"), Some("payment_method"))
    );
    sim.stop().await;
}

#[tokio::test]
async fn manual_capture_with_amount_to_capture() {
    let sim = TestSim::start().await;
    let pi = sim.pay(&[("capture_method", "manual")]).await;
    let id = pi["id"].as_str().expect("id");
    assert_eq!(pi["status"], "requires_capture");
    assert_eq!(pi["amount_capturable"], 10000);
    let charge = &pi["charges"]["data"][0];
    assert_eq!(
        (
            charge["captured"].as_bool(),
            charge["balance_transaction"].is_null()
        ),
        (Some(false), true)
    );
    assert_eq!(sim.balance(None, "usd").await, (0, 0));
    let e = sim
        .post(
            &format!("/v1/payment_intents/{id}/capture"),
            &[("amount_to_capture", "20000")],
        )
        .await
        .err(400);
    assert_eq!(e["param"], "amount_to_capture");
    let captured = sim
        .post(
            &format!("/v1/payment_intents/{id}/capture"),
            &[("amount_to_capture", "7500")],
        )
        .await
        .ok();
    assert_eq!(captured["status"], "succeeded");
    assert_eq!(
        (
            captured["amount_received"].as_i64(),
            captured["amount_capturable"].as_i64()
        ),
        (Some(7500), Some(0))
    );
    let charge = &captured["charges"]["data"][0];
    assert_eq!(
        (
            charge["amount_captured"].as_i64(),
            charge["amount_refunded"].as_i64()
        ),
        (Some(7500), Some(2500))
    );
    assert_eq!(sim.balance(None, "usd").await, (0, 7500));
    let e = sim
        .post(&format!("/v1/payment_intents/{id}/capture"), &[])
        .await
        .err(400);
    assert_eq!(e["code"], "payment_intent_unexpected_state");
    assert!(sim
        .event_types(None)
        .await
        .contains(&"charge.captured".to_owned()));
    sim.stop().await;
}

#[tokio::test]
async fn cancel_and_validation_errors() {
    let sim = TestSim::start().await;
    let pi = sim.pay(&[("capture_method", "manual")]).await;
    let id = pi["id"].as_str().expect("id");
    let canceled = sim
        .post(
            &format!("/v1/payment_intents/{id}/cancel"),
            &[("cancellation_reason", "requested_by_customer")],
        )
        .await
        .ok();
    assert_eq!(canceled["status"], "canceled");
    assert_eq!(canceled["cancellation_reason"], "requested_by_customer");
    assert_eq!(canceled["charges"]["data"][0]["refunded"], true);
    sim.post(&format!("/v1/payment_intents/{id}/cancel"), &[])
        .await
        .err(400);

    let e = sim
        .post(
            "/v1/payment_intents",
            &[("amount", "10"), ("currency", "usd")],
        )
        .await
        .err(400);
    assert_eq!(
        (e["code"].as_str(), e["message"].as_str()),
        (
            Some("amount_too_small"),
            Some("Amount must be at least $0.50 usd")
        )
    );
    let e = sim
        .post(
            "/v1/payment_intents",
            &[
                ("amount", "1000"),
                ("currency", "usd"),
                ("application_fee_amount", "100"),
            ],
        )
        .await
        .err(400);
    assert_eq!(e["param"], "application_fee_amount");
    let e = sim
        .post(
            "/v1/payment_intents",
            &[
                ("amount", "1000"),
                ("currency", "usd"),
                ("transfer_data[destination]", "acct_nope"),
            ],
        )
        .await
        .err(400);
    assert_eq!(e["param"], "transfer_data[destination]");
    let unready = sim
        .post(
            "/v1/accounts",
            &[
                ("type", "express"),
                ("capabilities[transfers][requested]", "true"),
            ],
        )
        .await
        .ok();
    let e = sim
        .post(
            "/v1/payment_intents",
            &[
                ("amount", "1000"),
                ("currency", "usd"),
                (
                    "transfer_data[destination]",
                    unready["id"].as_str().unwrap_or(""),
                ),
            ],
        )
        .await
        .err(400);
    assert_eq!(e["code"], "insufficient_capabilities_for_transfer");
    let e = sim
        .post(
            "/v1/payment_intents",
            &[("amount", "1000"), ("currency", "xyz")],
        )
        .await
        .err(400);
    assert_eq!(e["param"], "currency");
    let jpy = sim.pay(&[("amount", "1000"), ("currency", "jpy")]).await;
    assert_eq!(
        (jpy["amount"].as_i64(), jpy["currency"].as_str()),
        (Some(1000), Some("jpy"))
    );
    let update = sim
        .post(
            &format!("/v1/payment_intents/{}", jpy["id"].as_str().unwrap_or("")),
            &[("amount", "2000")],
        )
        .await
        .err(400);
    assert_eq!(update["code"], "payment_intent_unexpected_state");
    sim.stop().await;
}
