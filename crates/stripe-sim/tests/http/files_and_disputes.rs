//! File uploads and disputes: opened by the control, evidence, submit, close.

use serde_json::{json, Value};

use crate::common::{ids, TestSim, KEY};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake image bytes";

async fn upload(
    sim: &TestSim,
    purpose: &str,
    filename: &str,
    content_type: &str,
    data: &[u8],
) -> crate::common::Resp {
    let boundary = "----stripe-sim-test-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n{purpose}\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = sim
        .http
        .post(sim.url("/v1/files"))
        .bearer_auth(KEY)
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body);
    sim.send(req).await
}

#[tokio::test]
async fn upload_and_download_files() {
    let sim = TestSim::start().await;
    let file = upload(&sim, "dispute_evidence", "receipt.png", "image/png", PNG)
        .await
        .ok();
    let id = file["id"].as_str().expect("id");
    assert!(id.starts_with("file_"));
    assert_eq!(file["object"], "file");
    assert_eq!(
        (file["purpose"].as_str(), file["type"].as_str()),
        (Some("dispute_evidence"), Some("png"))
    );
    assert_eq!(file["size"], PNG.len());
    assert_eq!(file["filename"], "receipt.png");
    let url = file["url"].as_str().expect("url");
    assert_eq!(url, format!("{}/v1/files/{id}/contents", sim.base));
    let contents = sim
        .http
        .get(url)
        .bearer_auth(KEY)
        .send()
        .await
        .expect("download");
    assert_eq!(
        contents
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/png")
    );
    assert_eq!(contents.bytes().await.expect("bytes").as_ref(), PNG);
    assert_eq!(sim.get(&format!("/v1/files/{id}")).await.ok(), file);
    assert_eq!(
        ids(&sim.get("/v1/files?purpose=dispute_evidence").await.ok()),
        [id]
    );

    let e = upload(
        &sim,
        "dispute_evidence",
        "notes.txt",
        "text/plain",
        b"hello",
    )
    .await
    .err(400);
    assert_eq!(e["param"], "file");
    let e = upload(&sim, "selfie", "a.png", "image/png", PNG)
        .await
        .err(400);
    assert_eq!(e["param"], "purpose");
    let no_file = sim
        .http
        .post(sim.url("/v1/files"))
        .bearer_auth(KEY)
        .header("Content-Type", "multipart/form-data; boundary=b")
        .body("--b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\ndispute_evidence\r\n--b--\r\n");
    assert_eq!(sim.send(no_file).await.err(400)["param"], "file");
    sim.stop().await;
}

async fn disputed_charge(sim: &TestSim) -> (String, Value) {
    let pi = sim.pay(&[]).await;
    let charge = pi["latest_charge"].as_str().expect("charge").to_owned();
    let dispute = sim
        .control(
            &format!("/charges/{charge}/dispute"),
            json!({"reason": "product_not_received"}),
        )
        .await
        .ok();
    (charge, dispute)
}

#[tokio::test]
async fn dispute_lifecycle() {
    let sim = TestSim::start().await;
    let (charge, dispute) = disputed_charge(&sim).await;
    let id = dispute["id"].as_str().expect("id").to_owned();
    assert!(id.starts_with("dp_"));
    assert_eq!(dispute["object"], "dispute");
    assert_eq!(
        (dispute["status"].as_str(), dispute["reason"].as_str()),
        (Some("needs_response"), Some("product_not_received"))
    );
    assert_eq!(dispute["amount"], 10000);
    assert_eq!(dispute["charge"], charge.as_str());
    let due_by = dispute["evidence_details"]["due_by"]
        .as_i64()
        .expect("due_by");
    assert!(due_by > dispute["created"].as_i64().unwrap_or(0) + 6 * 86_400);
    assert_eq!(dispute["evidence_details"]["has_evidence"], false);
    assert_eq!(
        dispute["balance_transactions"][0]["object"],
        "balance_transaction"
    );
    assert_eq!(dispute["balance_transactions"][0]["net"], -11_500);
    assert_eq!(sim.balance(None, "usd").await, (-11_500, 10000));
    assert_eq!(
        sim.get(&format!("/v1/charges/{charge}")).await.ok()["disputed"],
        true
    );
    assert!(sim
        .event_types(None)
        .await
        .contains(&"charge.dispute.created".to_owned()));
    let e = sim
        .post("/v1/refunds", &[("charge", &charge)])
        .await
        .err(400);
    assert_eq!(e["code"], "charge_disputed");
    sim.control(&format!("/charges/{charge}/dispute"), json!({}))
        .await
        .err(400);

    let file = upload(
        &sim,
        "dispute_evidence",
        "receipt.pdf",
        "application/pdf",
        b"%PDF-1.4 receipt",
    )
    .await
    .ok();
    let file_id = file["id"].as_str().expect("id");
    let e = sim
        .post(
            &format!("/v1/disputes/{id}"),
            &[("evidence[receipt]", "file_nope")],
        )
        .await
        .err(400);
    assert_eq!(e["param"], "evidence[receipt]");
    let e = sim
        .post(
            &format!("/v1/disputes/{id}"),
            &[("evidence[favourite_color]", "blue")],
        )
        .await
        .err(400);
    assert_eq!(e["param"], "evidence[favourite_color]");
    let updated = sim
        .post(
            &format!("/v1/disputes/{id}"),
            &[
                ("evidence[customer_name]", "John Doe"),
                ("evidence[customer_email_address]", "john@example.com"),
                ("evidence[receipt]", file_id),
                ("metadata[case]", "C-7"),
            ],
        )
        .await
        .ok();
    assert_eq!(updated["status"], "needs_response");
    assert_eq!(updated["evidence"]["customer_name"], "John Doe");
    assert_eq!(updated["evidence"]["receipt"], file_id);
    assert_eq!(updated["evidence_details"]["has_evidence"], true);
    assert_eq!(updated["metadata"], json!({"case": "C-7"}));
    let events = sim.get("/v1/events?type=charge.dispute.updated").await.ok();
    assert_eq!(
        events["data"][0]["data"]["previous_attributes"]["evidence"]["customer_name"],
        Value::Null
    );

    let submitted = sim
        .post(&format!("/v1/disputes/{id}"), &[("submit", "true")])
        .await
        .ok();
    assert_eq!(submitted["status"], "under_review");
    assert_eq!(submitted["evidence_details"]["submission_count"], 1);
    let e = sim
        .post(
            &format!("/v1/disputes/{id}"),
            &[("evidence[customer_name]", "Late")],
        )
        .await
        .err(400);
    assert_eq!(e["type"], "invalid_request_error");
    sim.post(
        &format!("/v1/disputes/{id}"),
        &[("metadata[note]", "still fine")],
    )
    .await
    .ok();

    let won = sim
        .control(&format!("/disputes/{id}/close"), json!({"outcome": "won"}))
        .await
        .ok();
    assert_eq!(won["status"], "won");
    assert_eq!(sim.balance(None, "usd").await, (-1_500, 10000));
    assert!(sim
        .event_types(None)
        .await
        .contains(&"charge.dispute.closed".to_owned()));
    assert_eq!(
        ids(&sim.get(&format!("/v1/disputes?charge={charge}")).await.ok()),
        [id.as_str()]
    );
    sim.get("/v1/disputes/dp_nope").await.err(404);
    sim.stop().await;
}

#[tokio::test]
async fn accepting_a_dispute_and_the_dispute_test_card() {
    let sim = TestSim::start().await;
    let (_, dispute) = disputed_charge(&sim).await;
    let id = dispute["id"].as_str().expect("id");
    let closed = sim
        .post(&format!("/v1/disputes/{id}/close"), &[])
        .await
        .ok();
    assert_eq!(closed["status"], "lost");
    sim.control(&format!("/disputes/{id}/close"), json!({"outcome": "won"}))
        .await
        .err(400);

    let pi = sim
        .pay(&[("payment_method", "pm_card_createDispute")])
        .await;
    let disputes = sim
        .get(&format!(
            "/v1/disputes?payment_intent={}",
            pi["id"].as_str().unwrap_or("")
        ))
        .await
        .ok();
    assert_eq!(disputes["data"][0]["reason"], "fraudulent");
    sim.stop().await;
}

#[tokio::test]
async fn the_test_mode_evidence_rule_decides_submitted_evidence() {
    let sim = TestSim::start().await;
    let (_, won) = disputed_charge(&sim).await;
    let won_id = won["id"].as_str().expect("id");
    assert_eq!(sim.balance(None, "usd").await.0, -11_500);
    let answer = sim
        .post(
            &format!("/v1/disputes/{won_id}"),
            &[
                ("evidence[uncategorized_text]", "winning_evidence"),
                ("submit", "true"),
            ],
        )
        .await
        .ok();
    assert_eq!(answer["status"], "won");
    assert_eq!(answer["evidence_details"]["submission_count"], 1);
    // The amount comes back like a won close; the dispute fee stays.
    assert_eq!(sim.balance(None, "usd").await.0, -1_500);

    let (_, lost) = disputed_charge(&sim).await;
    let lost_id = lost["id"].as_str().expect("id");
    let answer = sim
        .post(
            &format!("/v1/disputes/{lost_id}"),
            &[
                ("evidence[uncategorized_text]", "losing_evidence"),
                ("submit", "true"),
            ],
        )
        .await
        .ok();
    assert_eq!(answer["status"], "lost");
    assert_eq!(sim.balance(None, "usd").await.0, -1_500 - 11_500);

    let (_, other) = disputed_charge(&sim).await;
    let other_id = other["id"].as_str().expect("id");
    let saved = sim
        .post(
            &format!("/v1/disputes/{other_id}"),
            &[("evidence[uncategorized_text]", "winning_evidence")],
        )
        .await
        .ok();
    assert_eq!(saved["status"], "needs_response", "a draft decides nothing");
    let answer = sim
        .post(
            &format!("/v1/disputes/{other_id}"),
            &[
                ("evidence[uncategorized_text]", "The parcel was signed for."),
                ("submit", "true"),
            ],
        )
        .await
        .ok();
    assert_eq!(answer["status"], "under_review");
    sim.stop().await;
}

#[tokio::test]
async fn evidence_text_limits_and_the_due_date() {
    let sim = TestSim::start().await;
    let (_, dispute) = disputed_charge(&sim).await;
    let id = dispute["id"].as_str().expect("id");
    let path = format!("/v1/disputes/{id}");
    let name = "n".repeat(5_001);
    let e = sim
        .post(&path, &[("evidence[customer_name]", &name)])
        .await
        .err(400);
    assert_eq!(e["param"], "evidence[customer_name]");
    let at_limit = "n".repeat(5_000);
    sim.post(&path, &[("evidence[customer_name]", &at_limit)])
        .await
        .ok();
    let long = "x".repeat(20_000);
    sim.post(&path, &[("evidence[product_description]", &long)])
        .await
        .ok();
    let longer = "x".repeat(20_001);
    let e = sim
        .post(&path, &[("evidence[uncategorized_text]", &longer)])
        .await
        .err(400);
    assert_eq!(e["param"], "evidence[uncategorized_text]");
    let fields = [
        "access_activity_log",
        "cancellation_policy_disclosure",
        "cancellation_rebuttal",
        "duplicate_charge_explanation",
        "product_description",
        "refund_policy_disclosure",
        "refund_refusal_explanation",
        "uncategorized_text",
    ];
    let params: Vec<(String, &str)> = fields
        .iter()
        .map(|f| (format!("evidence[{f}]"), long.as_str()))
        .collect();
    let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let e = sim.post(&path, &pairs).await.err(400);
    assert_eq!(
        e["param"], "evidence",
        "8 × 20,000 is over the combined 150,000"
    );

    let due_by = dispute["evidence_details"]["due_by"]
        .as_i64()
        .expect("due_by");
    let created = dispute["created"].as_i64().expect("created");
    sim.advance(due_by - created + 1).await;
    let read = sim.get(&path).await.ok();
    assert_eq!(read["evidence_details"]["past_due"], true);
    let e = sim
        .post(&path, &[("evidence[customer_name]", "Too late")])
        .await
        .err(400);
    assert_eq!(e["param"], "evidence");
    assert!(
        e["message"].as_str().unwrap_or("").contains("due by"),
        "{e}"
    );
    sim.post(&path, &[("submit", "true")]).await.err(400);
    sim.stop().await;
}
