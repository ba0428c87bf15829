//! Accounts: create, retrieve, update, list, delete, login links, payment method configurations.

use serde_json::json;

use crate::common::{ids, strings, TestSim};

async fn express(sim: &TestSim) -> serde_json::Value {
    sim.post(
        "/v1/accounts",
        &[
            ("type", "express"),
            ("country", "US"),
            ("email", "owner@restaurant.com"),
            ("business_profile[name]", "Downtown Grill"),
            ("business_profile[mcc]", "5812"),
            ("business_profile[url]", "https://downtowngrill.com"),
            ("capabilities[card_payments][requested]", "true"),
            ("capabilities[transfers][requested]", "true"),
            ("metadata[merchant_id]", "merchant_123"),
        ],
    )
    .await
    .ok()
}

#[tokio::test]
async fn create_and_retrieve_an_express_account() {
    let sim = TestSim::start().await;
    let account = express(&sim).await;
    let id = account["id"].as_str().expect("id");
    assert!(id.starts_with("acct_"));
    assert_eq!(account["object"], "account");
    assert_eq!(account["type"], "express");
    assert_eq!(account["country"], "US");
    assert_eq!(account["default_currency"], "usd");
    assert_eq!(account["email"], "owner@restaurant.com");
    assert_eq!(account["business_profile"]["name"], "Downtown Grill");
    assert_eq!(account["metadata"], json!({"merchant_id": "merchant_123"}));
    assert_eq!(
        account["capabilities"],
        json!({"card_payments": "inactive", "transfers": "inactive"})
    );
    assert_eq!(account["charges_enabled"], false);
    assert_eq!(account["payouts_enabled"], false);
    assert_eq!(account["details_submitted"], false);
    assert_eq!(
        strings(&account["requirements"]["currently_due"]),
        [
            "business_type",
            "external_account",
            "tos_acceptance.date",
            "tos_acceptance.ip"
        ]
    );
    assert_eq!(
        account["requirements"]["disabled_reason"],
        "requirements.past_due"
    );
    assert_eq!(
        account["settings"]["payouts"]["schedule"],
        json!({"delay_days": 2, "interval": "daily"})
    );
    assert_eq!(account["external_accounts"]["object"], "list");
    assert_eq!(account["tos_acceptance"]["date"], serde_json::Value::Null);
    assert!(account["created"]
        .as_i64()
        .is_some_and(|t| t > 1_600_000_000));

    let fetched = sim.get(&format!("/v1/accounts/{id}")).await.ok();
    assert_eq!(fetched, account);
    sim.stop().await;
}

#[tokio::test]
async fn account_creation_errors_name_the_parameter() {
    let sim = TestSim::start().await;
    let e = sim
        .post("/v1/accounts", &[("country", "US")])
        .await
        .err(400);
    assert_eq!(
        (e["type"].as_str(), e["param"].as_str()),
        (Some("invalid_request_error"), Some("type"))
    );
    let e = sim
        .post("/v1/accounts", &[("type", "standard"), ("colour", "red")])
        .await
        .err(400);
    assert_eq!(e["param"], "colour");
    assert_eq!(e["message"], "Received unknown parameter: colour");
    let e = sim
        .post(
            "/v1/accounts",
            &[("type", "standard"), ("business_profile[colour]", "red")],
        )
        .await
        .err(400);
    assert_eq!(e["param"], "business_profile[colour]");
    let e = sim
        .post("/v1/accounts", &[("type", "partner")])
        .await
        .err(400);
    assert_eq!(
        e["message"],
        "Invalid type: must be one of custom, express, or standard"
    );
    let e = sim
        .post("/v1/accounts", &[("type", "express")])
        .await
        .err(400);
    assert_eq!(e["param"], "capabilities");
    let e = sim
        .post(
            "/v1/accounts",
            &[("type", "standard"), ("business_profile[url]", "not a url")],
        )
        .await
        .err(400);
    assert_eq!(e["param"], "business_profile[url]");
    let e = sim
        .post(
            "/v1/accounts",
            &[
                ("type", "express"),
                ("capabilities[transfers][requested]", "true"),
                ("tos_acceptance[date]", "1"),
            ],
        )
        .await
        .err(400);
    assert_eq!(e["param"], "tos_acceptance");
    let e = sim.get("/v1/accounts/acct_doesnotexist").await.err(404);
    assert_eq!(
        (e["code"].as_str(), e["param"].as_str()),
        (Some("resource_missing"), Some("account"))
    );
    assert_eq!(e["message"], "No such account: 'acct_doesnotexist'");
    sim.stop().await;
}

#[tokio::test]
async fn update_payout_schedule_and_metadata_emits_account_updated() {
    let sim = TestSim::start().await;
    let id = express(&sim).await["id"].as_str().expect("id").to_owned();
    let updated = sim
        .post(
            &format!("/v1/accounts/{id}"),
            &[
                ("settings[payouts][schedule][interval]", "weekly"),
                ("settings[payouts][schedule][weekly_anchor]", "friday"),
                ("settings[payouts][schedule][delay_days]", "5"),
                ("metadata[merchant_id]", ""),
                ("metadata[tier]", "gold"),
            ],
        )
        .await
        .ok();
    assert_eq!(
        updated["settings"]["payouts"]["schedule"],
        json!({"delay_days": 5, "interval": "weekly", "weekly_anchor": "friday"})
    );
    assert_eq!(updated["metadata"], json!({"tier": "gold"}));
    let monthly = sim
        .post(
            &format!("/v1/accounts/{id}"),
            &[("settings[payouts][schedule][interval]", "monthly")],
        )
        .await
        .ok();
    assert_eq!(
        monthly["settings"]["payouts"]["schedule"],
        json!({"delay_days": 5, "interval": "monthly", "monthly_anchor": 1})
    );
    let e = sim
        .post(
            &format!("/v1/accounts/{id}"),
            &[("settings[payouts][schedule][interval]", "hourly")],
        )
        .await
        .err(400);
    assert_eq!(e["param"], "settings[payouts][schedule][interval]");
    let e = sim
        .post(
            &format!("/v1/accounts/{id}"),
            &[("settings[payouts][schedule][delay_days]", "1")],
        )
        .await
        .err(400);
    assert_eq!(e["param"], "settings[payouts][schedule][delay_days]");

    let events = sim
        .get_as(Some(&id), "/v1/events?type=account.updated")
        .await
        .ok();
    let first = &events["data"][1];
    assert_eq!(first["account"], id.as_str());
    assert_eq!(
        first["data"]["previous_attributes"]["settings"]["payouts"]["schedule"]["interval"],
        "daily"
    );
    assert_eq!(
        first["data"]["previous_attributes"]["metadata"]["tier"],
        serde_json::Value::Null
    );
    sim.stop().await;
}

#[tokio::test]
async fn list_is_newest_first_with_cursors() {
    let sim = TestSim::start().await;
    let mut created = Vec::new();
    for _ in 0..5 {
        created.push(express(&sim).await["id"].as_str().expect("id").to_owned());
    }
    created.reverse();
    let page = sim.get("/v1/accounts?limit=2").await.ok();
    assert_eq!(page["object"], "list");
    assert_eq!(page["url"], "/v1/accounts");
    assert_eq!(page["has_more"], true);
    assert_eq!(ids(&page), created[..2]);
    let next = sim
        .get(&format!(
            "/v1/accounts?limit=2&starting_after={}",
            created[1]
        ))
        .await
        .ok();
    assert_eq!(ids(&next), created[2..4]);
    let last = sim
        .get(&format!(
            "/v1/accounts?limit=2&starting_after={}",
            created[3]
        ))
        .await
        .ok();
    assert_eq!(
        (ids(&last), last["has_more"].as_bool()),
        (created[4..].to_vec(), Some(false))
    );
    let before = sim
        .get(&format!(
            "/v1/accounts?limit=2&ending_before={}",
            created[3]
        ))
        .await
        .ok();
    assert_eq!(ids(&before), created[1..3]);
    let all = sim.get("/v1/accounts").await.ok();
    assert_eq!(ids(&all), created, "default limit 10, platform excluded");
    assert_eq!(
        sim.get("/v1/accounts?limit=0").await.err(400)["param"],
        "limit"
    );
    assert_eq!(
        sim.get("/v1/accounts?limit=101").await.err(400)["param"],
        "limit"
    );
    let e = sim
        .get("/v1/accounts?starting_after=acct_nope")
        .await
        .err(404);
    assert_eq!(e["param"], "starting_after");
    sim.stop().await;
}

#[tokio::test]
async fn delete_and_own_account() {
    let sim = TestSim::start().await;
    let platform = sim.get("/v1/account").await.ok();
    assert_eq!(platform["charges_enabled"], true);
    assert_eq!(platform["payouts_enabled"], true);
    let id = express(&sim).await["id"].as_str().expect("id").to_owned();
    let own = sim.get_as(Some(&id), "/v1/account").await.ok();
    assert_eq!(own["id"], id.as_str());
    let deleted = sim.delete(&format!("/v1/accounts/{id}")).await.ok();
    assert_eq!(
        deleted,
        json!({"id": id, "object": "account", "deleted": true})
    );
    sim.get(&format!("/v1/accounts/{id}")).await.err(404);
    sim.delete(&format!("/v1/accounts/{id}")).await.err(404);
    sim.stop().await;
}

#[tokio::test]
async fn custom_account_completed_through_the_api() {
    let sim = TestSim::start().await;
    let id = sim.active_account().await;
    let account = sim.get(&format!("/v1/accounts/{id}")).await.ok();
    assert_eq!(
        account["capabilities"],
        json!({"card_payments": "active", "transfers": "active"})
    );
    assert_eq!(account["details_submitted"], true);
    assert_eq!(
        strings(&account["requirements"]["currently_due"]),
        Vec::<String>::new()
    );
    assert_eq!(
        account["requirements"]["disabled_reason"],
        serde_json::Value::Null
    );
    let bank = &account["external_accounts"]["data"][0];
    assert_eq!(
        (bank["object"].as_str(), bank["last4"].as_str()),
        (Some("bank_account"), Some("6789"))
    );
    assert_eq!(bank["routing_number"], "110000000");
    let caps = sim
        .get(&format!("/v1/accounts/{id}/capabilities"))
        .await
        .ok();
    assert_eq!(caps["data"][0]["object"], "capability");
    let banks = sim
        .get(&format!("/v1/accounts/{id}/external_accounts"))
        .await
        .ok();
    assert_eq!(ids(&banks).len(), 1);
    let e = sim
        .post(
            &format!("/v1/accounts/{id}"),
            &[
                ("external_account[routing_number]", "123456789"),
                ("external_account[account_number]", "000123456789"),
            ],
        )
        .await
        .err(400);
    assert_eq!(e["param"], "external_account[routing_number]");
    sim.stop().await;
}

#[tokio::test]
async fn login_links_only_for_onboarded_express_accounts() {
    let sim = TestSim::start().await;
    let express_id = express(&sim).await["id"].as_str().expect("id").to_owned();
    let e = sim
        .post(&format!("/v1/accounts/{express_id}/login_links"), &[])
        .await
        .err(400);
    assert!(e["message"]
        .as_str()
        .is_some_and(|m| m.contains("onboarding")));
    let custom = sim.active_account().await;
    let e = sim
        .post(&format!("/v1/accounts/{custom}/login_links"), &[])
        .await
        .err(400);
    assert!(e["message"].as_str().is_some_and(|m| m.contains("Express")));
    sim.post("/v1/accounts/acct_missing/login_links", &[])
        .await
        .err(404);

    crate::onboarding::complete_onboarding(&sim, &express_id).await;
    let link = sim
        .post(&format!("/v1/accounts/{express_id}/login_links"), &[])
        .await
        .ok();
    assert_eq!(link["object"], "login_link");
    let url = link["url"].as_str().expect("url");
    assert!(url.starts_with(&format!("{}/connect/express/", sim.base)));
    let page = sim.send(sim.http.get(url)).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains(&express_id));
    sim.stop().await;
}

#[tokio::test]
async fn payment_method_configurations_follow_capabilities() {
    let sim = TestSim::start().await;
    let id = express(&sim).await["id"].as_str().expect("id").to_owned();
    let list = sim
        .get_as(Some(&id), "/v1/payment_method_configurations")
        .await
        .ok();
    let config = &list["data"][0];
    assert_eq!(config["object"], "payment_method_configuration");
    assert!(config["id"].as_str().is_some_and(|i| i.starts_with("pmc_")));
    assert_eq!(config["card"]["available"], false);
    let active = sim.active_account().await;
    let list = sim
        .get_as(Some(&active), "/v1/payment_method_configurations")
        .await
        .ok();
    assert_eq!(list["data"][0]["card"]["available"], true);
    assert_eq!(list["data"][0]["apple_pay"]["available"], true);
    assert_eq!(list["data"][0]["ideal"]["available"], false);
    let pmc = list["data"][0]["id"].as_str().expect("id");
    sim.get_as(
        Some(&active),
        &format!("/v1/payment_method_configurations/{pmc}"),
    )
    .await
    .ok();
    sim.get_as(Some(&active), "/v1/payment_method_configurations/pmc_nope")
        .await
        .err(404);
    sim.stop().await;
}
