//! Form bodies in Stripe's bracket notation, encoded and raw.

use serde_json::json;

use crate::common::{TestSim, KEY};

async fn raw_post(sim: &TestSim, path: &str, body: &str) -> crate::common::Resp {
    let req = sim
        .http
        .post(sim.url(path))
        .bearer_auth(KEY)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body.to_owned());
    sim.send(req).await
}

#[tokio::test]
async fn nested_brackets_and_arrays() {
    let sim = TestSim::start().await;
    // Unencoded brackets, nested hashes, metadata with a numeric key.
    let account = raw_post(
        &sim,
        "/v1/accounts",
        "type=custom&capabilities[transfers][requested]=true&business_profile[name]=Caf%C3%A9+Zo%C3%A9&metadata[order]=42&metadata[0]=zero&settings[payouts][schedule][interval]=manual",
    )
    .await
    .ok();
    assert_eq!(account["capabilities"], json!({"transfers": "inactive"}));
    assert_eq!(account["business_profile"]["name"], "Café Zoé");
    assert_eq!(account["metadata"], json!({"0": "zero", "order": "42"}));
    assert_eq!(
        account["settings"]["payouts"]["schedule"]["interval"],
        "manual"
    );

    // Arrays: `[]` and indexed forms.
    let pi = raw_post(
        &sim,
        "/v1/payment_intents",
        "amount=500&currency=USD&payment_method_types[]=card",
    )
    .await
    .ok();
    assert_eq!(pi["payment_method_types"], json!(["card"]));
    assert_eq!(pi["currency"], "usd");
    let pi = raw_post(
        &sim,
        "/v1/payment_intents",
        "amount=500&currency=usd&payment_method_types%5B0%5D=card",
    )
    .await
    .ok();
    assert_eq!(pi["payment_method_types"], json!(["card"]));
    let e = raw_post(
        &sim,
        "/v1/payment_intents",
        "amount=500&currency=usd&payment_method_types[]=sepa_debit",
    )
    .await
    .err(400);
    assert_eq!(e["param"], "payment_method_types[0]");

    // Malformed keys and type errors.
    let e = raw_post(
        &sim,
        "/v1/payment_intents",
        "amount=500&currency=usd&metadata[a=1",
    )
    .await
    .err(400);
    assert_eq!(e["type"], "invalid_request_error");
    let e = raw_post(&sim, "/v1/payment_intents", "amount=5.00&currency=usd")
        .await
        .err(400);
    assert_eq!(
        (e["param"].as_str(), e["message"].as_str()),
        (Some("amount"), Some("Invalid integer: 5.00"))
    );
    let e = raw_post(&sim, "/v1/payment_intents", "amount[x]=1&currency=usd")
        .await
        .err(400);
    assert_eq!(e["param"], "amount");
    let e = raw_post(
        &sim,
        "/v1/payment_intents",
        "amount=500&currency=usd&metadata=x",
    )
    .await
    .err(400);
    assert_eq!(e["param"], "metadata");
    let e = raw_post(
        &sim,
        "/v1/payment_intents",
        "amount=500&currency=usd&transfer_data[destination]=acct_x&transfer_data[nope]=1",
    )
    .await
    .err(400);
    assert_eq!(e["param"], "transfer_data[nope]");
    let e = raw_post(&sim, "/v1/payment_intents", "currency=usd")
        .await
        .err(400);
    assert_eq!(
        (e["code"].as_str(), e["param"].as_str()),
        (Some("parameter_missing"), Some("amount"))
    );
    sim.stop().await;
}

#[tokio::test]
async fn empty_values_unset_fields() {
    let sim = TestSim::start().await;
    let pi = sim
        .post(
            "/v1/payment_intents",
            &[
                ("amount", "700"),
                ("currency", "usd"),
                ("description", "first"),
                ("metadata[a]", "1"),
                ("metadata[b]", "2"),
            ],
        )
        .await
        .ok();
    let id = pi["id"].as_str().expect("id");
    let updated = sim
        .post(
            &format!("/v1/payment_intents/{id}"),
            &[("description", ""), ("metadata[a]", "")],
        )
        .await
        .ok();
    assert_eq!(updated["description"], serde_json::Value::Null);
    assert_eq!(updated["metadata"], json!({"b": "2"}));
    let cleared = sim
        .post(&format!("/v1/payment_intents/{id}"), &[("metadata", "")])
        .await
        .ok();
    assert_eq!(cleared["metadata"], json!({}));
    sim.stop().await;
}
