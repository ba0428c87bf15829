//! Hosted onboarding over plain HTTP: link → details → terms → bank → return_url, with the
//! account checked after every step; expiry and reuse → refresh_url.

use serde_json::{json, Value};

use crate::common::{encode, strings, Resp, TestSim};

const REFRESH: &str = "http://localhost:4242/onboarding/refresh";
const RETURN: &str = "http://localhost:4242/onboarding/return";

async fn link(sim: &TestSim, account: &str, kind: &str) -> Value {
    sim.post(
        "/v1/account_links",
        &[
            ("account", account),
            ("refresh_url", REFRESH),
            ("return_url", RETURN),
            ("type", kind),
        ],
    )
    .await
    .ok()
}

async fn open(sim: &TestSim, url: &str) -> Resp {
    sim.send(sim.http.get(url)).await
}

async fn form(sim: &TestSim, path: &str, fields: &[(&str, &str)]) -> Resp {
    let req = sim
        .http
        .post(sim.url(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("User-Agent", "onboarding-test/1.0")
        .body(encode(fields));
    sim.send(req).await
}

fn location(resp: &Resp) -> String {
    assert_eq!(
        resp.status, 303,
        "expected a 303 redirect, got {}: {}",
        resp.status, resp.text
    );
    resp.header("location").expect("Location").to_owned()
}

async fn account(sim: &TestSim, id: &str) -> Value {
    sim.get(&format!("/v1/accounts/{id}")).await.ok()
}

const DETAILS: &[(&str, &str)] = &[
    ("business_type", "company"),
    ("company_name", "Downtown Grill LLC"),
    ("business_name", "Downtown Grill"),
    ("email", "owner@restaurant.com"),
    ("mcc", "5812"),
    ("url", "https://downtowngrill.com"),
    ("product_description", ""),
    ("support_phone", "+15555550123"),
];

/// Runs the whole flow for `account_id` (used by other tests too).
pub async fn complete_onboarding(sim: &TestSim, account_id: &str) {
    let link = link(sim, account_id, "account_onboarding").await;
    let details = location(&open(sim, link["url"].as_str().unwrap_or("")).await);
    let tos = location(&form(sim, &details, DETAILS).await);
    let bank = location(&form(sim, &tos, &[("accept", "true")]).await);
    let done = location(
        &form(
            sim,
            &bank,
            &[
                ("account_holder_name", "Jane Doe"),
                ("routing_number", "110000000"),
                ("account_number", "000123456789"),
            ],
        )
        .await,
    );
    assert_eq!(done, RETURN);
}

#[tokio::test]
async fn onboarding_step_by_step() {
    let sim = TestSim::start().await;
    let created = sim
        .post(
            "/v1/accounts",
            &[
                ("type", "express"),
                ("country", "US"),
                ("capabilities[card_payments][requested]", "true"),
                ("capabilities[transfers][requested]", "true"),
            ],
        )
        .await
        .ok();
    let id = created["id"].as_str().expect("id").to_owned();
    assert_eq!(
        strings(&created["requirements"]["currently_due"]),
        [
            "business_profile.mcc",
            "business_profile.url",
            "business_type",
            "external_account",
            "tos_acceptance.date",
            "tos_acceptance.ip"
        ]
    );
    assert_eq!(
        created["requirements"]["alternatives"][0]["alternative_fields_due"],
        json!(["business_profile.product_description"])
    );

    let link = link(&sim, &id, "account_onboarding").await;
    assert_eq!(link["object"], "account_link");
    assert_eq!(
        link["expires_at"].as_i64(),
        link["created"].as_i64().map(|c| c + 300)
    );
    let url = link["url"].as_str().expect("url");
    assert!(url.starts_with(&format!("{}/connect/onboarding/", sim.base)));

    // Opening the link leads to the first step.
    let details = location(&open(&sim, url).await);
    assert!(
        details.starts_with("/connect/session/") && details.ends_with("/details"),
        "{details}"
    );
    let page = sim.send(sim.http.get(sim.url(&details))).await;
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/html")));
    for name in [
        "business_type",
        "first_name",
        "last_name",
        "company_name",
        "email",
        "mcc",
        "url",
        "product_description",
        "support_phone",
    ] {
        assert!(
            page.text.contains(&format!("name=\"{name}\"")),
            "missing field {name}"
        );
        assert!(
            page.text.contains(&format!("<label for=\"{name}\"")),
            "missing label for {name}"
        );
    }
    assert!(page.text.contains(&format!("action=\"{details}\"")));

    // Step 1: details (first with errors).
    let invalid = form(&sim, &details, &[("email", "nope")]).await;
    assert_eq!(invalid.status, 400);
    assert!(
        invalid.text.contains("Choose a business type.")
            && invalid.text.contains("id=\"email-error\"")
    );
    assert_eq!(account(&sim, &id).await["details_submitted"], false);
    let tos = location(&form(&sim, &details, DETAILS).await);
    assert!(tos.ends_with("/tos"));
    let a = account(&sim, &id).await;
    assert_eq!(a["details_submitted"], true);
    assert_eq!(a["business_type"], "company");
    assert_eq!(a["business_profile"]["mcc"], "5812");
    assert_eq!(a["business_profile"]["name"], "Downtown Grill");
    assert_eq!(a["email"], "owner@restaurant.com");
    assert_eq!(
        strings(&a["requirements"]["currently_due"]),
        [
            "external_account",
            "tos_acceptance.date",
            "tos_acceptance.ip"
        ]
    );
    assert_eq!(
        (
            a["charges_enabled"].as_bool(),
            a["payouts_enabled"].as_bool()
        ),
        (Some(false), Some(false))
    );
    assert_eq!(
        a["capabilities"],
        json!({"card_payments": "inactive", "transfers": "inactive"})
    );

    // Steps must be done in order.
    let bank_path = tos.replace("/tos", "/bank");
    assert_eq!(
        location(&sim.send(sim.http.get(sim.url(&bank_path))).await),
        tos
    );

    // Step 2: terms of service.
    let tos_page = sim.send(sim.http.get(sim.url(&tos))).await;
    assert!(tos_page.text.contains("name=\"accept\"") && tos_page.text.contains("id=\"accept\""));
    assert_eq!(form(&sim, &tos, &[]).await.status, 400);
    let bank = location(&form(&sim, &tos, &[("accept", "true")]).await);
    assert_eq!(bank, bank_path);
    let a = account(&sim, &id).await;
    assert_eq!(a["charges_enabled"], true);
    assert_eq!(a["payouts_enabled"], false);
    assert!(a["tos_acceptance"]["date"].as_i64().is_some());
    assert_eq!(a["tos_acceptance"]["ip"], "127.0.0.1");
    assert_eq!(a["tos_acceptance"]["user_agent"], "onboarding-test/1.0");
    assert_eq!(
        a["capabilities"],
        json!({"card_payments": "active", "transfers": "inactive"})
    );
    assert_eq!(
        strings(&a["requirements"]["currently_due"]),
        ["external_account"]
    );
    assert_eq!(
        a["requirements"]["disabled_reason"],
        "requirements.past_due"
    );

    // Step 3: bank account.
    let bank_page = sim.send(sim.http.get(sim.url(&bank))).await;
    for name in ["account_holder_name", "routing_number", "account_number"] {
        assert!(
            bank_page.text.contains(&format!("name=\"{name}\"")),
            "missing field {name}"
        );
    }
    let wrong = form(
        &sim,
        &bank,
        &[
            ("account_holder_name", "Jane Doe"),
            ("routing_number", "123456789"),
            ("account_number", "000123456789"),
        ],
    )
    .await;
    assert_eq!(wrong.status, 400);
    assert!(wrong.text.contains("id=\"routing_number-error\""));
    let done = location(
        &form(
            &sim,
            &bank,
            &[
                ("account_holder_name", "Jane Doe"),
                ("routing_number", "110000000"),
                ("account_number", "000123456789"),
            ],
        )
        .await,
    );
    assert_eq!(done, RETURN);
    let a = account(&sim, &id).await;
    assert_eq!(
        (
            a["charges_enabled"].as_bool(),
            a["payouts_enabled"].as_bool()
        ),
        (Some(true), Some(true))
    );
    assert_eq!(
        a["capabilities"],
        json!({"card_payments": "active", "transfers": "active"})
    );
    assert_eq!(
        strings(&a["requirements"]["currently_due"]),
        Vec::<String>::new()
    );
    assert_eq!(a["requirements"]["disabled_reason"], Value::Null);
    let ba = &a["external_accounts"]["data"][0];
    assert_eq!(
        (
            ba["last4"].as_str(),
            ba["routing_number"].as_str(),
            ba["bank_name"].as_str()
        ),
        (Some("6789"), Some("110000000"), Some("STRIPE TEST BANK"))
    );

    // The link was used: opening it again, or the finished session, goes to refresh_url.
    assert_eq!(location(&open(&sim, url).await), REFRESH);
    assert_eq!(
        location(&sim.send(sim.http.get(sim.url(&details))).await),
        REFRESH
    );

    let types = sim.event_types(Some(&id)).await;
    assert!(
        types.iter().filter(|t| *t == "account.updated").count() >= 3,
        "{types:?}"
    );
    assert!(types.contains(&"capability.updated".to_owned()));
    assert!(types.contains(&"account.external_account.created".to_owned()));
    let updated = sim
        .get_as(Some(&id), "/v1/events?type=account.updated&limit=1")
        .await
        .ok();
    assert_eq!(
        updated["data"][0]["data"]["previous_attributes"]["payouts_enabled"],
        false
    );
    sim.stop().await;
}

#[tokio::test]
async fn expired_links_and_sessions_go_to_refresh_url() {
    let sim = TestSim::start().await;
    let id = sim
        .post(
            "/v1/accounts",
            &[
                ("type", "express"),
                ("capabilities[transfers][requested]", "true"),
            ],
        )
        .await
        .ok()["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let expiring = link(&sim, &id, "account_onboarding").await;
    sim.advance(301).await;
    assert_eq!(
        location(&open(&sim, expiring["url"].as_str().unwrap_or("")).await),
        REFRESH
    );

    let fresh = link(&sim, &id, "account_onboarding").await;
    let details = location(&open(&sim, fresh["url"].as_str().unwrap_or("")).await);
    sim.advance(3_601).await;
    assert_eq!(location(&form(&sim, &details, DETAILS).await), REFRESH);

    let missing = sim
        .send(sim.http.get(sim.url("/connect/onboarding/nope")))
        .await;
    assert_eq!(missing.status, 404);
    sim.stop().await;
}

#[tokio::test]
async fn link_errors_and_account_update_links() {
    let sim = TestSim::start().await;
    let e = sim
        .post(
            "/v1/account_links",
            &[("account", "acct_nope"), ("type", "account_onboarding")],
        )
        .await
        .err(400);
    assert_eq!(e["param"], "account");
    let standard = sim.post("/v1/accounts", &[("type", "standard")]).await.ok();
    let standard_id = standard["id"].as_str().expect("id");
    let e = sim
        .post(
            "/v1/account_links",
            &[("account", standard_id), ("type", "account_update")],
        )
        .await
        .err(400);
    assert_eq!(e["param"], "type");
    let e = sim
        .post("/v1/account_links", &[("account", standard_id)])
        .await
        .err(400);
    assert_eq!(e["param"], "type");
    let e = sim
        .post(
            "/v1/account_links",
            &[
                ("account", standard_id),
                ("type", "account_onboarding"),
                ("return_url", "nope"),
            ],
        )
        .await
        .err(400);
    assert_eq!(e["param"], "return_url");

    let express = sim
        .post(
            "/v1/accounts",
            &[
                ("type", "express"),
                ("capabilities[transfers][requested]", "true"),
            ],
        )
        .await
        .ok();
    let id = express["id"].as_str().expect("id");
    complete_onboarding(&sim, id).await;
    let update = link(&sim, id, "account_update").await;
    let details = location(&open(&sim, update["url"].as_str().unwrap_or("")).await);
    let page = sim.send(sim.http.get(sim.url(&details))).await;
    assert!(
        page.text.contains("value=\"Downtown Grill LLC\""),
        "details are prefilled"
    );
    let mut changed: Vec<(&str, &str)> = DETAILS.to_vec();
    changed.retain(|(k, _)| *k != "email");
    changed.push(("email", "new-owner@restaurant.com"));
    let bank = location(&form(&sim, &details, &changed).await);
    assert!(
        bank.ends_with("/bank"),
        "ToS already accepted, so the bank step follows"
    );
    assert!(sim
        .send(sim.http.get(sim.url(&bank)))
        .await
        .text
        .contains("keep the current bank account"));
    assert_eq!(location(&form(&sim, &bank, &[]).await), RETURN);
    let a = account(&sim, id).await;
    assert_eq!(a["email"], "new-owner@restaurant.com");
    assert_eq!(
        a["external_accounts"]["data"].as_array().map(Vec::len),
        Some(1)
    );
    sim.stop().await;
}

#[tokio::test]
async fn german_account_with_iban_and_no_return_url() {
    let sim = TestSim::start().await;
    let account_id = sim
        .post(
            "/v1/accounts",
            &[
                ("type", "express"),
                ("country", "DE"),
                ("capabilities[card_payments][requested]", "true"),
                ("capabilities[transfers][requested]", "true"),
            ],
        )
        .await
        .ok()["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let created = account(&sim, &account_id).await;
    assert_eq!(created["default_currency"], "eur");
    assert_eq!(created["settings"]["payouts"]["schedule"]["delay_days"], 7);
    let link = sim
        .post(
            "/v1/account_links",
            &[("account", &account_id), ("type", "account_onboarding")],
        )
        .await
        .ok();
    let details = location(&open(&sim, link["url"].as_str().unwrap_or("")).await);
    let individual = [
        ("business_type", "individual"),
        ("first_name", "Jana"),
        ("last_name", "Schmidt"),
        ("email", "jana@example.de"),
        ("mcc", "5691"),
        ("product_description", "Handmade clothing"),
    ];
    let tos = location(&form(&sim, &details, &individual).await);
    let bank = location(&form(&sim, &tos, &[("accept", "true")]).await);
    let page = sim.send(sim.http.get(sim.url(&bank))).await;
    assert!(page.text.contains("IBAN") && !page.text.contains("name=\"routing_number\""));
    let done = form(
        &sim,
        &bank,
        &[
            ("account_holder_name", "Jana Schmidt"),
            ("account_number", "DE89370400440532013000"),
        ],
    )
    .await;
    assert_eq!(done.status, 200);
    assert!(done.text.contains("Onboarding complete"));
    let a = account(&sim, &account_id).await;
    assert_eq!(a["individual"]["first_name"], "Jana");
    assert_eq!(a["business_profile"]["name"], "Jana Schmidt");
    assert_eq!(a["payouts_enabled"], true);
    let ba = &a["external_accounts"]["data"][0];
    assert_eq!(
        (
            ba["last4"].as_str(),
            ba["currency"].as_str(),
            ba["country"].as_str()
        ),
        (Some("3000"), Some("eur"), Some("DE"))
    );
    sim.stop().await;
}
