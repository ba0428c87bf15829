//! What reconciling an operation needs: created objects carry `metadata`, and their lists page
//! by `created[gte|lte]`, `limit` and `starting_after` as Stripe's do.

use serde_json::{json, Value};

use crate::common::{encode, TestSim};

const OP: &str = "metadata[connectdesk_op]";

/// Pages through `path` one object at a time (newest first) from `since`, and returns the
/// objects whose `metadata.connectdesk_op` is `op`, with the number of pages read.
async fn find_op(
    sim: &TestSim,
    account: Option<&str>,
    path: &str,
    since: Option<i64>,
    op: &str,
) -> (Vec<Value>, usize) {
    let mut found = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let since = since.map(|t| t.to_string());
        let mut query = vec![("limit", "1".to_owned())];
        if let Some(since) = since {
            query.push(("created[gte]", since.clone()));
            query.push((
                "created[lte]",
                (since.parse::<i64>().unwrap_or(0) + 3_600).to_string(),
            ));
        }
        if let Some(id) = &after {
            query.push(("starting_after", id.clone()));
        }
        let pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page = sim
            .get_as(account, &format!("{path}?{}", encode(&pairs)))
            .await
            .ok();
        pages += 1;
        let data = page["data"].as_array().cloned().unwrap_or_default();
        assert!(data.len() <= 1, "limit honoured: {page}");
        found.extend(
            data.iter()
                .filter(|o| o["metadata"]["connectdesk_op"] == op)
                .cloned(),
        );
        match (page["has_more"].as_bool(), data.last()) {
            (Some(true), Some(last)) => after = last["id"].as_str().map(str::to_owned),
            _ => return (found, pages),
        }
        assert!(pages < 50, "paging ends");
    }
}

fn only(found: (Vec<Value>, usize), id: &Value) -> usize {
    assert_eq!(found.0.len(), 1, "{:?}", found.0);
    assert_eq!(&found.0[0]["id"], id);
    found.1
}

#[tokio::test]
async fn created_objects_carry_metadata_and_lists_find_them() {
    let sim = TestSim::start().await;
    let connected = sim.active_account().await;
    let c = Some(connected.as_str());
    let t0 = sim.send(sim.http.get(sim.url("/_sim/clock"))).await.ok()["now"]
        .as_i64()
        .unwrap_or(0);
    // Older objects the reconciliation must skip.
    sim.pay(&[("metadata[connectdesk_op]", "op_old")]).await;

    let account = sim
        .post(
            "/v1/accounts",
            &[
                ("type", "express"),
                ("capabilities[transfers][requested]", "true"),
                (OP, "op_acct"),
            ],
        )
        .await
        .ok();
    let intent = sim
        .pay(&[("payment_method", "pm_card_bypassPending"), (OP, "op_pi")])
        .await;
    let refund = sim
        .post(
            "/v1/refunds",
            &[
                ("payment_intent", intent["id"].as_str().unwrap_or("")),
                ("amount", "1000"),
                (OP, "op_re"),
            ],
        )
        .await
        .ok();
    let transfer = sim
        .post(
            "/v1/transfers",
            &[
                ("amount", "3000"),
                ("currency", "usd"),
                ("destination", &connected),
                (OP, "op_tr"),
            ],
        )
        .await
        .ok();
    let tr = transfer["id"].as_str().unwrap_or("").to_owned();
    let reversals = format!("/v1/transfers/{tr}/reversals");
    sim.post(&reversals, &[("amount", "100")]).await.ok();
    let reversal = sim
        .post(&reversals, &[("amount", "500"), (OP, "op_trr")])
        .await
        .ok();
    sim.post(&reversals, &[("amount", "100")]).await.ok();
    let payout = sim
        .post_as(
            c,
            "/v1/payouts",
            &[("amount", "1000"), ("currency", "usd"), (OP, "op_po")],
        )
        .await
        .ok();
    let created = [
        (&account, "op_acct"),
        (&intent, "op_pi"),
        (&refund, "op_re"),
        (&transfer, "op_tr"),
        (&reversal, "op_trr"),
        (&payout, "op_po"),
    ];
    for (object, op) in created {
        assert_eq!(
            object["metadata"],
            json!({"connectdesk_op": op}),
            "{object}"
        );
    }

    let since = Some(t0);
    only(
        find_op(&sim, None, "/v1/accounts", since, "op_acct").await,
        &account["id"],
    );
    let pages = only(
        find_op(&sim, None, "/v1/payment_intents", since, "op_pi").await,
        &intent["id"],
    );
    assert_eq!(pages, 2, "two PaymentIntents since t0, one per page");
    only(
        find_op(&sim, None, "/v1/refunds", since, "op_re").await,
        &refund["id"],
    );
    only(
        find_op(&sim, None, "/v1/transfers", since, "op_tr").await,
        &transfer["id"],
    );
    only(
        find_op(&sim, c, "/v1/payouts", since, "op_po").await,
        &payout["id"],
    );
    // Stripe pages a transfer's reversals but does not filter them by `created`.
    let pages = only(
        find_op(&sim, None, &reversals, None, "op_trr").await,
        &reversal["id"],
    );
    assert_eq!(pages, 3);
    let e = sim
        .get(&format!("{reversals}?{}", encode(&[("created[gte]", "0")])))
        .await
        .err(400);
    assert_eq!(e["code"], "parameter_unknown");
    // The retrieved objects carry the metadata too.
    let fetched = sim
        .get(&format!(
            "{reversals}/{}",
            reversal["id"].as_str().unwrap_or("")
        ))
        .await
        .ok();
    assert_eq!(fetched["metadata"]["connectdesk_op"], "op_trr");

    // `created` bounds exclude: nothing is newer than an hour from now.
    let later = (t0 + 3_600).to_string();
    for path in [
        "/v1/accounts",
        "/v1/payment_intents",
        "/v1/refunds",
        "/v1/transfers",
    ] {
        let list = sim
            .get(&format!("{path}?{}", encode(&[("created[gte]", &later)])))
            .await
            .ok();
        assert_eq!(list["data"], json!([]), "{path}");
    }
    let old = (t0 - 1).to_string();
    let before = sim
        .get(&format!(
            "/v1/payment_intents?{}",
            encode(&[("created[lte]", &old)])
        ))
        .await
        .ok();
    assert!(before["data"].as_array().is_some_and(|d| d
        .iter()
        .all(|pi| pi["metadata"]["connectdesk_op"] != "op_pi")));
    sim.stop().await;
}
