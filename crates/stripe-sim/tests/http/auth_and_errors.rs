//! Authentication, Stripe's error shape, headers, unknown routes, `Stripe-Account`, `expand`.

use serde_json::Value;
use stripe_sim::{ApiKeyPolicy, SimConfig};

use crate::common::TestSim;

async fn balance_with(sim: &TestSim, auth: Option<&str>) -> crate::common::Resp {
    let mut req = sim.http.get(sim.url("/v1/balance"));
    if let Some(value) = auth {
        req = req.header("Authorization", value);
    }
    sim.send(req).await
}

#[tokio::test]
async fn api_keys() {
    let sim = TestSim::start().await;
    let e = balance_with(&sim, None).await.err(401);
    assert_eq!(e["type"], "invalid_request_error");
    assert!(e["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("You did not provide an API key")));
    let e = balance_with(&sim, Some("Bearer sk_test_invalid0123456789"))
        .await
        .err(401);
    let message = e["message"].as_str().unwrap_or("");
    assert!(
        message.starts_with("Invalid API Key provided: sk_test_***") && message.ends_with("6789"),
        "{message}"
    );
    balance_with(&sim, Some("Bearer sk_test_short"))
        .await
        .err(401);
    balance_with(&sim, Some("Bearer nonsense")).await.err(401);
    let e = balance_with(&sim, Some("Bearer sk_live_51Abcdefghijklmnop"))
        .await
        .err(401);
    assert!(
        e["message"]
            .as_str()
            .is_some_and(|m| m.contains("test-mode sandbox") && m.contains("wrong mode")),
        "{e}"
    );
    assert_eq!(e["code"], "livemode_mismatch");
    balance_with(&sim, Some("Bearer pk_test_51Abcdefghijklmnop"))
        .await
        .err(401);
    balance_with(&sim, Some("Bearer rk_test_51Abcdefghijklmnop"))
        .await
        .ok();
    // curl -u sk_test_...: sends HTTP Basic.
    let basic = sim
        .send(
            sim.http
                .get(sim.url("/v1/balance"))
                .basic_auth(crate::common::KEY, Some("")),
        )
        .await;
    assert_eq!(basic.status, 200);
    sim.stop().await;

    let only = TestSim::start_with(SimConfig::ephemeral().with_api_keys(ApiKeyPolicy::Only(
        ["sk_test_onlyThisOne".to_owned()].into(),
    )))
    .await;
    balance_with(&only, Some("Bearer sk_test_onlyThisOne"))
        .await
        .ok();
    balance_with(&only, Some("Bearer sk_test_51SomeOtherValidKey"))
        .await
        .err(401);
    only.stop().await;
}

#[tokio::test]
async fn every_response_has_a_request_id() {
    let sim = TestSim::start().await;
    let ok = sim.get("/v1/balance").await;
    let err = sim.get("/v1/charges/ch_nope").await;
    let unauth = balance_with(&sim, None).await;
    for resp in [&ok, &err, &unauth] {
        let id = resp.header("request-id").expect("Request-Id");
        assert!(id.starts_with("req_"), "{id}");
        assert_eq!(resp.header("stripe-version"), Some(stripe_sim::API_VERSION));
        assert!(resp
            .header("content-type")
            .is_some_and(|c| c.starts_with("application/json")));
    }
    assert_ne!(ok.header("request-id"), err.header("request-id"));
    let error = err.body["error"].clone();
    let log_url = error["request_log_url"].as_str().expect("request_log_url");
    assert!(log_url.ends_with(err.header("request-id").unwrap_or("?")));
    assert_eq!(
        error["doc_url"],
        "https://stripe.com/docs/error-codes/resource-missing"
    );
    let logged = sim.send(sim.http.get(log_url)).await.ok();
    assert_eq!(logged["status"], 404);
    sim.stop().await;
}

#[tokio::test]
async fn unknown_routes_and_bad_bodies() {
    let sim = TestSim::start().await;
    let e = sim.get("/v1/widgets").await.err(404);
    assert_eq!(e["type"], "invalid_request_error");
    assert!(e["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("Unrecognized request URL (GET: /v1/widgets)")));
    sim.send(
        sim.http
            .put(sim.url("/v1/accounts"))
            .bearer_auth(crate::common::KEY),
    )
    .await
    .err(404);
    let e = sim.send(sim.http.get(sim.url("/nowhere"))).await.err(404);
    assert_eq!(e["type"], "invalid_request_error");
    let json_body = sim
        .http
        .post(sim.url("/v1/payment_intents"))
        .bearer_auth(crate::common::KEY)
        .json(&serde_json::json!({"amount": 100, "currency": "usd"}));
    sim.send(json_body).await.err(400);
    let e = sim.get("/v1/payment_intents/pi_nope").await.err(404);
    assert_eq!(
        (e["code"].as_str(), e["param"].as_str()),
        (Some("resource_missing"), Some("intent"))
    );
    sim.stop().await;
}

#[tokio::test]
async fn stripe_account_header_scopes_objects() {
    let sim = TestSim::start().await;
    let e = sim
        .get_as(Some("acct_unknown"), "/v1/balance")
        .await
        .err(403);
    assert_eq!(e["code"], "account_invalid");
    let connected = sim.active_account().await;
    let pi = sim
        .post_as(
            Some(&connected),
            "/v1/payment_intents",
            &[("amount", "1000"), ("currency", "usd")],
        )
        .await
        .ok();
    let id = pi["id"].as_str().expect("id");
    sim.get_as(Some(&connected), &format!("/v1/payment_intents/{id}"))
        .await
        .ok();
    sim.get(&format!("/v1/payment_intents/{id}")).await.err(404);
    let resp = sim.get_as(Some(&connected), "/v1/balance").await;
    assert_eq!(resp.header("stripe-account"), Some(connected.as_str()));
    sim.stop().await;
}

#[tokio::test]
async fn expand_replaces_ids_with_objects() {
    let sim = TestSim::start().await;
    let pi = sim
        .pay(&[("expand[]", "latest_charge.balance_transaction")])
        .await;
    let charge = &pi["latest_charge"];
    assert_eq!(charge["object"], "charge");
    assert_eq!(
        charge["balance_transaction"]["object"],
        "balance_transaction"
    );
    let list = sim
        .get("/v1/charges?expand[0]=data.balance_transaction")
        .await
        .ok();
    assert_eq!(
        list["data"][0]["balance_transaction"]["object"],
        "balance_transaction"
    );
    let e = sim
        .get("/v1/charges?expand[]=data.nonexistent")
        .await
        .err(400);
    assert_eq!(e["param"], "expand");
    let plain = sim
        .get(&format!(
            "/v1/payment_intents/{}",
            pi["id"].as_str().unwrap_or("")
        ))
        .await
        .ok();
    assert!(matches!(plain["latest_charge"], Value::String(_)));
    sim.stop().await;
}
