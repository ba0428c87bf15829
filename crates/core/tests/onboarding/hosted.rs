//! The simulator's hosted onboarding, completed over HTTP as a merchant would, with finish after
//! every step: the status follows the real account through each shape.

use connectdesk_core::onboarding::{LinkType, OnboardingEntry, OnboardingStatus};
use serde_json::json;

use crate::support::{
    http, open_link, submit_step, Harness, BANK, DETAILS, REFRESH_URL, RETURN_URL,
};

fn capability(entry: &OnboardingEntry, name: &str) -> String {
    entry.capabilities.get(name).cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_merchant_completes_onboarding_and_finish_reports_payouts_enabled() {
    let h = Harness::start().await;
    let base = h.sim.base_url();
    let first = h
        .onboarding
        .create(&h.ctx, h.input("merchant_123"))
        .await
        .expect("create");
    let id = first.entry_id;

    // The merchant opens the link, leaves; the link is single-use, so it now leads to refresh.
    let abandoned = open_link(base, &first.url).await;
    assert!(abandoned.ends_with("/details"), "{abandoned}");
    assert_eq!(open_link(base, &first.url).await, REFRESH_URL);
    let link = h.onboarding.refresh(&h.ctx, id).await.expect("refresh");
    assert_eq!(link.link_type, LinkType::AccountOnboarding);
    assert_ne!(link.url, first.url);

    let fresh = h
        .onboarding
        .finish(&h.ctx, id)
        .await
        .expect("finish: fresh");
    assert_eq!(fresh.status_name, OnboardingStatus::MissingData);
    assert!(!fresh.details_submitted && !fresh.tos_accepted);
    assert_eq!(capability(&fresh, "card_payments"), "inactive");

    let details = open_link(base, &link.url).await;
    let tos = submit_step(base, &details, DETAILS).await;
    assert!(tos.ends_with("/tos"), "{tos}");
    let after_details = h.onboarding.finish(&h.ctx, id).await.expect("finish");
    assert!(after_details.details_submitted);
    assert!(!after_details.tos_accepted && !after_details.charges_enabled);
    // The terms and the bank account are still due.
    assert_eq!(after_details.status_name, OnboardingStatus::MissingData);
    assert_eq!(after_details.email, "owner@downtowngrill.example");

    let bank = submit_step(base, &tos, &[("accept", "true")]).await;
    assert!(bank.ends_with("/bank"), "{bank}");
    let after_tos = h.onboarding.finish(&h.ctx, id).await.expect("finish");
    assert!(after_tos.tos_accepted && after_tos.charges_enabled);
    assert!(!after_tos.payouts_enabled);
    assert_eq!(capability(&after_tos, "card_payments"), "active");
    // The bank account is still due.
    assert_eq!(after_tos.status_name, OnboardingStatus::MissingData);

    let back = submit_step(base, &bank, BANK).await;
    assert_eq!(back, RETURN_URL, "the last step returns to the app");
    let done = h.onboarding.finish(&h.ctx, id).await.expect("finish");
    assert_eq!(
        (done.status, done.status_name),
        (4, OnboardingStatus::PayoutEnabled)
    );
    assert!(done.charges_enabled && done.payouts_enabled);
    assert_eq!(capability(&done, "transfers"), "active");
    assert_eq!(done.business_type, "company");
    assert_eq!(
        done.raw_response["external_accounts"]["data"][0]["bank_name"],
        "STRIPE TEST BANK"
    );
    let available = |kind: &str| {
        done.payment_methods
            .iter()
            .find(|method| method.kind == kind)
            .map(|method| method.available)
    };
    assert_eq!(available("card"), Some(true));
    assert_eq!(available("apple_pay"), Some(true));
    assert_eq!(available("klarna"), Some(false));
    assert_eq!(h.onboarding.get(&id.to_string()).expect("get"), done);

    // Stripe holds verification: charges stop until it is done.
    let hold = h
        .control(
            &format!("accounts/{}/verification", done.account_id),
            json!({"hold": true}),
        )
        .await;
    assert_eq!(hold.status, 200, "{}", hold.body);
    let held = h.onboarding.finish(&h.ctx, id).await.expect("finish");
    assert_eq!(held.status_name, OnboardingStatus::ChargesDisabled);
    assert_eq!(capability(&held, "card_payments"), "pending");
    assert_eq!(
        held.payment_methods
            .iter()
            .find(|method| method.kind == "card")
            .map(|method| method.available),
        Some(false)
    );
}

#[tokio::test]
async fn without_return_urls_the_sandbox_shows_its_own_pages() {
    let h = Harness::start().await;
    let base = h.sim.base_url();
    let input = connectdesk_core::onboarding::CreateOnboarding {
        return_url: None,
        refresh_url: None,
        ..h.input("merchant_local")
    };
    let link = h.onboarding.create(&h.ctx, input).await.expect("create");
    let details = open_link(base, &link.url).await;
    let tos = submit_step(base, &details, DETAILS).await;
    let bank = submit_step(base, &tos, &[("accept", "true")]).await;
    let page = http("POST", &bank, Some(crate::support::form(BANK))).await;
    assert_eq!(page.status, 200, "the sandbox's own completion page");
    assert!(page.body.contains("Onboarding complete"), "{}", page.body);
    let done = h
        .onboarding
        .finish(&h.ctx, link.entry_id)
        .await
        .expect("finish");
    assert_eq!(done.status_name, OnboardingStatus::PayoutEnabled);
}
