//! The money model: fees, destination charges, transfers, reversals, refunds, payouts, time.

use serde_json::Value;
use stripe_sim::SimConfig;

use crate::common::{ids, TestSim};

const DAYS_3: i64 = 3 * 86_400;
/// Longer than two business days from any weekday (Friday → Tuesday).
const DAYS_5: i64 = 5 * 86_400;

async fn destination_payment(sim: &TestSim, connected: &str) -> Value {
    sim.pay(&[
        ("transfer_data[destination]", connected),
        ("application_fee_amount", "750"),
    ])
    .await
}

#[tokio::test]
async fn destination_charge_with_application_fee() {
    let sim = TestSim::start().await;
    let connected = sim.active_account().await;
    let pi = destination_payment(&sim, &connected).await;
    assert_eq!(pi["transfer_data"]["destination"], connected.as_str());
    assert_eq!(pi["application_fee_amount"], 750);
    let charge = &pi["charges"]["data"][0];
    let transfer_id = charge["transfer"].as_str().expect("transfer");
    let fee_id = charge["application_fee"].as_str().expect("application_fee");
    assert!(fee_id.starts_with("fee_"));

    let transfer = sim.get(&format!("/v1/transfers/{transfer_id}")).await.ok();
    assert_eq!(
        (
            transfer["amount"].as_i64(),
            transfer["destination"].as_str()
        ),
        (Some(10000), Some(connected.as_str()))
    );
    assert_eq!(transfer["source_transaction"], charge["id"]);
    let payment_id = transfer["destination_payment"]
        .as_str()
        .expect("destination_payment");
    assert!(payment_id.starts_with("py_"));
    let payment = sim
        .get_as(Some(&connected), &format!("/v1/charges/{payment_id}"))
        .await
        .ok();
    assert_eq!(payment["source_transfer"], transfer_id);

    let fee = sim
        .get(&format!("/v1/application_fees/{fee_id}"))
        .await
        .ok();
    assert_eq!(
        (fee["amount"].as_i64(), fee["account"].as_str()),
        (Some(750), Some(connected.as_str()))
    );
    assert_eq!(fee["originating_transaction"], charge["id"]);
    assert_eq!(ids(&sim.get("/v1/application_fees").await.ok()), [fee_id]);

    // Everything is pending until the payout delay passed.
    assert_eq!(sim.balance(None, "usd").await, (0, 750));
    assert_eq!(sim.balance(Some(&connected), "usd").await, (0, 9250));
    let connected_txns = sim
        .get_as(Some(&connected), "/v1/balance_transactions")
        .await
        .ok();
    let payment_txn = &connected_txns["data"][0];
    assert_eq!(
        (
            payment_txn["type"].as_str(),
            payment_txn["fee"].as_i64(),
            payment_txn["net"].as_i64()
        ),
        (Some("payment"), Some(750), Some(9250))
    );
    assert_eq!(payment_txn["fee_details"][0]["type"], "application_fee");
    let platform_types: Vec<String> = sim.get("/v1/balance_transactions").await.ok()["data"]
        .as_array()
        .map(|d| {
            d.iter()
                .filter_map(|t| t["type"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(platform_types, ["application_fee", "transfer", "charge"]);

    sim.advance(DAYS_3).await;
    assert_eq!(sim.balance(None, "usd").await, (750, 0));
    assert_eq!(sim.balance(Some(&connected), "usd").await, (9250, 0));
    assert!(sim
        .event_types(None)
        .await
        .contains(&"balance.available".to_owned()));
    assert!(sim
        .event_types(None)
        .await
        .contains(&"transfer.created".to_owned()));
    assert!(sim
        .event_types(Some(&connected))
        .await
        .contains(&"balance.available".to_owned()));
    sim.stop().await;
}

#[tokio::test]
async fn refund_with_application_fee_and_transfer_reversal() {
    let sim = TestSim::start().await;
    let connected = sim.active_account().await;
    let pi = destination_payment(&sim, &connected).await;
    let pi_id = pi["id"].as_str().expect("id");
    sim.advance(DAYS_3).await;

    let refund = sim
        .post(
            "/v1/refunds",
            &[
                ("payment_intent", pi_id),
                ("amount", "4000"),
                ("reason", "requested_by_customer"),
                ("refund_application_fee", "true"),
                ("reverse_transfer", "true"),
            ],
        )
        .await
        .ok();
    assert!(refund["id"].as_str().is_some_and(|i| i.starts_with("re_")));
    assert_eq!(
        (refund["object"].as_str(), refund["status"].as_str()),
        (Some("refund"), Some("succeeded"))
    );
    assert_eq!(refund["reason"], "requested_by_customer");
    let reversal_id = refund["transfer_reversal"]
        .as_str()
        .expect("transfer_reversal");
    assert!(reversal_id.starts_with("trr_"));
    // Platform: 750 - 4000 (refund) + 4000 (reversal) - 300 (fee refund); connected: 9250 - 4000 + 300.
    assert_eq!(sim.balance(None, "usd").await, (450, 0));
    assert_eq!(sim.balance(Some(&connected), "usd").await, (5550, 0));
    let fee_id = pi["charges"]["data"][0]["application_fee"]
        .as_str()
        .expect("fee");
    let fee = sim
        .get(&format!("/v1/application_fees/{fee_id}"))
        .await
        .ok();
    assert_eq!(
        (fee["amount_refunded"].as_i64(), fee["refunded"].as_bool()),
        (Some(300), Some(false))
    );
    assert_eq!(fee["refunds"]["data"][0]["object"], "fee_refund");

    // The rest (no amount = everything left).
    sim.post(
        "/v1/refunds",
        &[
            ("payment_intent", pi_id),
            ("refund_application_fee", "true"),
            ("reverse_transfer", "true"),
        ],
    )
    .await
    .ok();
    assert_eq!(sim.balance(None, "usd").await, (0, 0));
    assert_eq!(sim.balance(Some(&connected), "usd").await, (0, 0));
    let charge = sim
        .get(&format!(
            "/v1/charges/{}",
            pi["latest_charge"].as_str().unwrap_or("")
        ))
        .await
        .ok();
    assert_eq!(
        (
            charge["amount_refunded"].as_i64(),
            charge["refunded"].as_bool()
        ),
        (Some(10000), Some(true))
    );
    assert_eq!(charge["refunds"]["data"].as_array().map(Vec::len), Some(2));
    let transfer = sim
        .get(&format!(
            "/v1/transfers/{}",
            charge["transfer"].as_str().unwrap_or("")
        ))
        .await
        .ok();
    assert_eq!(
        (
            transfer["amount_reversed"].as_i64(),
            transfer["reversed"].as_bool()
        ),
        (Some(10000), Some(true))
    );
    let e = sim
        .post(
            "/v1/refunds",
            &[("charge", charge["id"].as_str().unwrap_or(""))],
        )
        .await
        .err(400);
    assert_eq!(e["code"], "charge_already_refunded");
    let types = sim.event_types(None).await;
    for t in [
        "charge.refunded",
        "refund.created",
        "transfer.reversed",
        "application_fee.refunded",
    ] {
        assert!(types.contains(&t.to_owned()), "{t} missing from {types:?}");
    }
    assert_eq!(
        ids(&sim
            .get(&format!("/v1/refunds?payment_intent={pi_id}"))
            .await
            .ok())
        .len(),
        2
    );
    sim.stop().await;
}

#[tokio::test]
async fn refund_errors_and_platform_only_refunds() {
    let sim = TestSim::start().await;
    let pi = sim.pay(&[]).await;
    let pi_id = pi["id"].as_str().expect("id");
    let e = sim
        .post(
            "/v1/refunds",
            &[("payment_intent", pi_id), ("amount", "20000")],
        )
        .await
        .err(400);
    assert_eq!(
        (e["code"].as_str(), e["param"].as_str()),
        (Some("amount_too_large"), Some("amount"))
    );
    sim.post("/v1/refunds", &[]).await.err(400);
    sim.post("/v1/refunds", &[("charge", "ch_nope")])
        .await
        .err(404);
    let refund = sim
        .post(
            "/v1/refunds",
            &[("payment_intent", pi_id), ("amount", "2500")],
        )
        .await
        .ok();
    assert_eq!(refund["transfer_reversal"], Value::Null);
    assert_eq!(sim.balance(None, "usd").await, (-2500, 10000));
    let updated = sim
        .post(
            &format!("/v1/refunds/{}", refund["id"].as_str().unwrap_or("")),
            &[("metadata[ticket]", "T-1")],
        )
        .await
        .ok();
    assert_eq!(updated["metadata"]["ticket"], "T-1");
    sim.stop().await;
}

#[tokio::test]
async fn a_transfer_is_reversed_only_as_far_as_the_account_still_holds_it() {
    // Stripe: a transfer that is not a destination charge's can be reversed only while the
    // destination account has the funds to cover the reversal.
    let sim = TestSim::start().await;
    let connected = sim.active_account().await;
    sim.pay(&[("payment_method", "pm_card_bypassPending")])
        .await;
    let transfer = sim
        .post(
            "/v1/transfers",
            &[
                ("amount", "6000"),
                ("currency", "usd"),
                ("destination", &connected),
            ],
        )
        .await
        .ok();
    let tr = transfer["id"].as_str().expect("id");
    sim.post_as(
        Some(&connected),
        "/v1/payouts",
        &[("amount", "5000"), ("currency", "usd")],
    )
    .await
    .ok();
    assert_eq!(sim.balance(Some(&connected), "usd").await, (1000, 0));
    let e = sim
        .post(
            &format!("/v1/transfers/{tr}/reversals"),
            &[("amount", "2500")],
        )
        .await
        .err(400);
    assert_eq!(
        (e["code"].as_str(), e["type"].as_str()),
        (Some("balance_insufficient"), Some("invalid_request_error"))
    );
    assert_eq!(sim.balance(None, "usd").await, (4000, 0));
    sim.post(
        &format!("/v1/transfers/{tr}/reversals"),
        &[("amount", "1000")],
    )
    .await
    .ok();
    assert_eq!(sim.balance(Some(&connected), "usd").await, (0, 0));
    assert_eq!(sim.balance(None, "usd").await, (5000, 0));
    sim.stop().await;
}

#[tokio::test]
async fn transfers_reversals_and_balance_insufficient() {
    let sim = TestSim::start().await;
    let connected = sim.active_account().await;
    let e = sim
        .post(
            "/v1/transfers",
            &[
                ("amount", "1000"),
                ("currency", "usd"),
                ("destination", &connected),
            ],
        )
        .await
        .err(400);
    assert_eq!(
        (e["code"].as_str(), e["type"].as_str()),
        (Some("balance_insufficient"), Some("invalid_request_error"))
    );

    sim.pay(&[("payment_method", "pm_card_bypassPending")])
        .await;
    assert_eq!(sim.balance(None, "usd").await, (10000, 0));
    let transfer = sim
        .post(
            "/v1/transfers",
            &[
                ("amount", "6000"),
                ("currency", "usd"),
                ("destination", &connected),
                ("description", "Weekly tip payout"),
                ("metadata[pay_period]", "2026-01-15 to 2026-01-21"),
            ],
        )
        .await
        .ok();
    let tr = transfer["id"].as_str().expect("id");
    assert!(tr.starts_with("tr_"));
    assert_eq!(transfer["reversals"]["object"], "list");
    assert_eq!(sim.balance(None, "usd").await, (4000, 0));
    assert_eq!(sim.balance(Some(&connected), "usd").await, (6000, 0));
    let e = sim
        .post(
            "/v1/transfers",
            &[
                ("amount", "5000"),
                ("currency", "usd"),
                ("destination", &connected),
            ],
        )
        .await
        .err(400);
    assert_eq!(e["code"], "balance_insufficient");
    sim.post(
        "/v1/transfers",
        &[
            ("amount", "5"),
            ("currency", "usd"),
            ("destination", "acct_nope"),
        ],
    )
    .await
    .err(400);
    sim.post("/v1/transfers", &[("amount", "5"), ("currency", "usd")])
        .await
        .err(400);

    let reversal = sim
        .post(
            &format!("/v1/transfers/{tr}/reversals"),
            &[("amount", "2500")],
        )
        .await
        .ok();
    assert_eq!(
        (reversal["object"].as_str(), reversal["amount"].as_i64()),
        (Some("transfer_reversal"), Some(2500))
    );
    assert_eq!(reversal["transfer"], tr);
    assert_eq!(sim.balance(None, "usd").await, (6500, 0));
    assert_eq!(sim.balance(Some(&connected), "usd").await, (3500, 0));
    let e = sim
        .post(
            &format!("/v1/transfers/{tr}/reversals"),
            &[("amount", "4000")],
        )
        .await
        .err(400);
    assert_eq!(e["param"], "amount");
    sim.post(&format!("/v1/transfers/{tr}/reversals"), &[])
        .await
        .ok();
    let after = sim.get(&format!("/v1/transfers/{tr}")).await.ok();
    assert_eq!(
        (
            after["amount_reversed"].as_i64(),
            after["reversed"].as_bool()
        ),
        (Some(6000), Some(true))
    );
    assert_eq!(
        ids(&sim.get(&format!("/v1/transfers/{tr}/reversals")).await.ok()).len(),
        2
    );
    sim.get(&format!(
        "/v1/transfers/{tr}/reversals/{}",
        reversal["id"].as_str().unwrap_or("")
    ))
    .await
    .ok();
    sim.post(&format!("/v1/transfers/{tr}/reversals"), &[])
        .await
        .err(400);
    sim.post("/v1/transfers/tr_nope/reversals", &[])
        .await
        .err(404);
    assert_eq!(sim.balance(None, "usd").await, (10000, 0));
    assert_eq!(
        ids(&sim
            .get(&format!("/v1/transfers?destination={connected}"))
            .await
            .ok()),
        [tr]
    );

    // A transfer tied to a pending charge does not need available funds.
    let pending = sim.pay(&[]).await;
    let linked = sim
        .post(
            "/v1/transfers",
            &[
                ("amount", "10000"),
                ("currency", "usd"),
                ("destination", &connected),
                (
                    "source_transaction",
                    pending["latest_charge"].as_str().unwrap_or(""),
                ),
            ],
        )
        .await
        .ok();
    assert_eq!(linked["source_transaction"], pending["latest_charge"]);
    assert_eq!(sim.balance(Some(&connected), "usd").await, (0, 10000));
    sim.stop().await;
}

#[tokio::test]
async fn payouts_paid_failed_and_arriving_with_time() {
    let sim = TestSim::start().await;
    let connected = sim.active_account().await;
    sim.pay(&[("payment_method", "pm_card_bypassPending")])
        .await;
    sim.post(
        "/v1/transfers",
        &[
            ("amount", "5000"),
            ("currency", "usd"),
            ("destination", &connected),
        ],
    )
    .await
    .ok();
    let c = Some(connected.as_str());

    let e = sim
        .post_as(c, "/v1/payouts", &[("amount", "6000"), ("currency", "usd")])
        .await
        .err(400);
    assert_eq!(e["code"], "balance_insufficient");
    let payout = sim
        .post_as(c, "/v1/payouts", &[("amount", "2000"), ("currency", "usd")])
        .await
        .ok();
    let po = payout["id"].as_str().expect("id");
    assert!(po.starts_with("po_"));
    assert_eq!(
        (payout["status"].as_str(), payout["method"].as_str()),
        (Some("pending"), Some("standard"))
    );
    assert!(payout["destination"]
        .as_str()
        .is_some_and(|d| d.starts_with("ba_")));
    assert!(payout["arrival_date"].as_i64() > payout["created"].as_i64());
    assert_eq!(sim.balance(c, "usd").await, (3000, 0));
    let paid = sim
        .control(&format!("/payouts/{po}/pay"), serde_json::json!({}))
        .await
        .ok();
    assert_eq!(paid["status"], "paid");
    assert!(sim.event_types(c).await.contains(&"payout.paid".to_owned()));
    sim.control(&format!("/payouts/{po}/pay"), serde_json::json!({}))
        .await
        .err(400);

    let failing = sim
        .post_as(c, "/v1/payouts", &[("amount", "1000"), ("currency", "usd")])
        .await
        .ok();
    let failed = sim
        .control(
            &format!("/payouts/{}/fail", failing["id"].as_str().unwrap_or("")),
            serde_json::json!({"failure_code": "account_closed"}),
        )
        .await
        .ok();
    assert_eq!(
        (failed["status"].as_str(), failed["failure_code"].as_str()),
        (Some("failed"), Some("account_closed"))
    );
    assert!(failed["failure_balance_transaction"]
        .as_str()
        .is_some_and(|t| t.starts_with("txn_")));
    assert_eq!(sim.balance(c, "usd").await, (3000, 0));
    assert!(sim
        .event_types(c)
        .await
        .contains(&"payout.failed".to_owned()));

    let later = sim
        .post_as(c, "/v1/payouts", &[("amount", "500"), ("currency", "usd")])
        .await
        .ok();
    sim.advance(DAYS_5).await;
    let arrived = sim
        .get_as(
            c,
            &format!("/v1/payouts/{}", later["id"].as_str().unwrap_or("")),
        )
        .await
        .ok();
    assert_eq!(arrived["status"], "paid");
    assert_eq!(sim.balance(c, "usd").await, (2500, 0));
    assert_eq!(
        ids(&sim.get_as(c, "/v1/payouts?status=paid").await.ok()).len(),
        2
    );

    let cancelable = sim
        .post_as(c, "/v1/payouts", &[("amount", "500"), ("currency", "usd")])
        .await
        .ok();
    let canceled = sim
        .post_as(
            c,
            &format!(
                "/v1/payouts/{}/cancel",
                cancelable["id"].as_str().unwrap_or("")
            ),
            &[],
        )
        .await
        .ok();
    assert_eq!(canceled["status"], "canceled");
    assert_eq!(sim.balance(c, "usd").await, (2500, 0));

    // Platform payouts use the platform's bank account.
    let platform = sim
        .post(
            "/v1/payouts",
            &[
                ("amount", "1000"),
                ("currency", "usd"),
                ("method", "instant"),
            ],
        )
        .await
        .ok();
    assert_eq!(platform["method"], "instant");
    sim.get(&format!(
        "/v1/payouts/{}",
        platform["id"].as_str().unwrap_or("")
    ))
    .await
    .ok();
    sim.stop().await;
}

#[tokio::test]
async fn failing_test_bank_account_and_unready_accounts() {
    let sim = TestSim::start().await;
    let closing = sim.active_account_with_bank("000111111116").await;
    sim.pay(&[("payment_method", "pm_card_bypassPending")])
        .await;
    sim.post(
        "/v1/transfers",
        &[
            ("amount", "3000"),
            ("currency", "usd"),
            ("destination", &closing),
        ],
    )
    .await
    .ok();
    let payout = sim
        .post_as(
            Some(&closing),
            "/v1/payouts",
            &[("amount", "3000"), ("currency", "usd")],
        )
        .await
        .ok();
    assert_eq!(sim.balance(Some(&closing), "usd").await, (0, 0));
    sim.advance(DAYS_5).await;
    let failed = sim
        .get_as(
            Some(&closing),
            &format!("/v1/payouts/{}", payout["id"].as_str().unwrap_or("")),
        )
        .await
        .ok();
    // Stripe's test number 000111111116: "Payout fails with a no_account code."
    assert_eq!(
        (failed["status"].as_str(), failed["failure_code"].as_str()),
        (Some("failed"), Some("no_account"))
    );
    assert!(failed["failure_message"]
        .as_str()
        .is_some_and(|m| m.contains("No bank account could be located")));
    assert_eq!(sim.balance(Some(&closing), "usd").await, (3000, 0));

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
        .post_as(
            unready["id"].as_str(),
            "/v1/payouts",
            &[("amount", "100"), ("currency", "usd")],
        )
        .await
        .err(400);
    assert_eq!(e["code"], "payouts_not_allowed");
    sim.stop().await;
}

#[tokio::test]
async fn payouts_walk_pending_in_transit_paid_by_the_clock() {
    let sim = TestSim::start().await;
    let account = sim.active_account_with_bank("000123456789").await;
    let closed = sim.active_account_with_bank("000111111113").await;
    sim.pay(&[("payment_method", "pm_card_bypassPending")])
        .await;
    for destination in [&account, &closed] {
        sim.post(
            "/v1/transfers",
            &[
                ("amount", "2000"),
                ("currency", "usd"),
                ("destination", destination),
            ],
        )
        .await
        .ok();
    }
    let status = |payout: &Value| payout["status"].as_str().map(str::to_owned);
    let mut walked = Vec::new();
    for who in [&account, &closed] {
        let payout = sim
            .post_as(
                Some(who),
                "/v1/payouts",
                &[("amount", "1500"), ("currency", "usd")],
            )
            .await
            .ok();
        let (created, arrival) = (
            payout["created"].as_i64().unwrap_or(0),
            payout["arrival_date"].as_i64().unwrap_or(0),
        );
        // Two business days after the day it was made, at midnight UTC; never on a weekend.
        assert_eq!(arrival % 86_400, 0, "{payout}");
        let weekday = (arrival / 86_400).rem_euclid(7); // 0 = Thursday
        assert!(!matches!(weekday, 2 | 3), "arrives on a weekday: {payout}");
        let day_start = created - created.rem_euclid(86_400);
        assert!(
            (2 * 86_400..=4 * 86_400).contains(&(arrival - day_start)),
            "{payout}"
        );
        walked.push((
            who.clone(),
            payout["id"].as_str().unwrap_or("").to_owned(),
            arrival,
        ));
    }
    let path = |id: &str| format!("/v1/payouts/{id}");
    let now = |clock: &Value| clock["now"].as_i64().unwrap_or(0);
    let (who, id, arrival) = walked[0].clone();
    // Submitted to the bank at the start of the next business day: in transit until arrival.
    let clock = sim.send(sim.http.get(sim.url("/_sim/clock"))).await.ok();
    sim.advance(arrival - 3_600 - now(&clock)).await;
    let on_the_way = sim.get_as(Some(&who), &path(&id)).await.ok();
    assert_eq!(status(&on_the_way).as_deref(), Some("in_transit"));
    let cancel = sim
        .post_as(Some(&who), &format!("{}/cancel", path(&id)), &[])
        .await
        .err(400);
    assert!(cancel["message"]
        .as_str()
        .is_some_and(|m| m.contains("pending")));
    sim.advance(3_600).await;
    let paid = sim.get_as(Some(&who), &path(&id)).await.ok();
    assert_eq!(status(&paid).as_deref(), Some("paid"));
    let events = sim.event_types(Some(&who)).await;
    assert!(events.contains(&"payout.updated".to_owned()), "{events:?}");
    assert!(events.contains(&"payout.paid".to_owned()), "{events:?}");

    let (who, id, _) = walked[1].clone();
    let failed = sim.get_as(Some(&who), &path(&id)).await.ok();
    assert_eq!(
        (failed["status"].as_str(), failed["failure_code"].as_str()),
        (Some("failed"), Some("account_closed"))
    );
    assert_eq!(sim.balance(Some(&who), "usd").await, (2000, 0));
    sim.stop().await;
}

#[tokio::test]
async fn pending_funds_become_available_as_time_moves() {
    let sim = TestSim::start().await;
    sim.pay(&[]).await;
    assert_eq!(sim.balance(None, "usd").await, (0, 10000));
    sim.advance(3_600).await;
    assert_eq!(sim.balance(None, "usd").await, (0, 10000));
    sim.advance(DAYS_3).await;
    assert_eq!(sim.balance(None, "usd").await, (10000, 0));
    let txns = sim.get("/v1/balance_transactions?type=charge").await.ok();
    assert_eq!(txns["data"][0]["status"], "available");
    let clock = sim.send(sim.http.get(sim.url("/_sim/clock"))).await.ok();
    assert_eq!(clock["offset_secs"], 3_600 + DAYS_3);
    sim.stop().await;
}

#[tokio::test]
async fn stripe_fees_direct_charges_and_zero_decimal_currencies() {
    let sim = TestSim::start_with(SimConfig::ephemeral()).await;
    let pi = sim
        .pay(&[("expand[]", "latest_charge.balance_transaction")])
        .await;
    let txn = &pi["latest_charge"]["balance_transaction"];
    assert_eq!(
        (
            txn["amount"].as_i64(),
            txn["fee"].as_i64(),
            txn["net"].as_i64()
        ),
        (Some(10000), Some(320), Some(9680))
    );
    assert_eq!(txn["fee_details"][0]["type"], "stripe_fee");
    assert_eq!(sim.balance(None, "usd").await, (0, 9680));

    let connected = sim.active_account().await;
    let direct = sim
        .post_as(
            Some(&connected),
            "/v1/payment_intents",
            &[
                ("amount", "10000"),
                ("currency", "usd"),
                ("confirm", "true"),
                ("payment_method", "pm_card_visa"),
                ("application_fee_amount", "1000"),
                ("expand[]", "latest_charge.balance_transaction"),
            ],
        )
        .await
        .ok();
    let txn = &direct["latest_charge"]["balance_transaction"];
    assert_eq!(
        (txn["fee"].as_i64(), txn["net"].as_i64()),
        (Some(1320), Some(8680))
    );
    assert_eq!(sim.balance(Some(&connected), "usd").await, (0, 8680));
    assert_eq!(sim.balance(None, "usd").await, (0, 10680));
    assert_eq!(ids(&sim.get("/v1/application_fees").await.ok()).len(), 1);

    let yen = sim
        .pay(&[
            ("amount", "1000"),
            ("currency", "jpy"),
            ("expand[]", "latest_charge.balance_transaction"),
        ])
        .await;
    let txn = &yen["latest_charge"]["balance_transaction"];
    assert_eq!(
        (
            txn["currency"].as_str(),
            txn["fee"].as_i64(),
            txn["net"].as_i64()
        ),
        (Some("jpy"), Some(29), Some(971))
    );
    assert_eq!(sim.balance(None, "jpy").await, (0, 971));
    sim.stop().await;
}
