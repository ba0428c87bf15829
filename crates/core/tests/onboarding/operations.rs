//! Refresh, dashboard, delete and the `act(type, id)` entry point.

use connectdesk_core::mode::Mode;
use connectdesk_core::onboarding::{
    ActOutcome, DashboardKind, LinkType, OnboardingAction, OnboardingStatus,
};
use connectdesk_core::stripe_access::StripeContext;
use connectdesk_core::stripe_gateway::Target;
use connectdesk_core::time::parse_iso;
use connectdesk_core::ErrorCode;
use connectdesk_stripe::accounts::{
    BusinessProfileParams, BusinessType, CompanyParams, UpdateAccount,
};

use crate::support::{assert_code, http, open_link, submit_step, Harness, BANK, DETAILS};

/// Creates an account of `kind` and fills in its details on the hosted page; returns the entry id.
async fn with_details(h: &Harness, merchant: &str, kind: &str) -> u64 {
    let link = h
        .onboarding
        .create(&h.ctx, h.input_of(merchant, kind))
        .await
        .expect("create");
    let details = open_link(h.sim.base_url(), &link.url).await;
    submit_step(h.sim.base_url(), &details, DETAILS).await;
    link.entry_id
}

#[tokio::test]
async fn refresh_continues_onboarding_and_updates_custom_accounts() {
    let h = Harness::start().await;
    let base = h.sim.base_url();

    // Express and Standard accounts have a Stripe dashboard: Stripe allows only onboarding links.
    for kind in ["express", "standard"] {
        let id = with_details(&h, &format!("m_{kind}"), kind).await;
        let link = h.onboarding.refresh(&h.ctx, id).await.expect("refresh");
        assert_eq!(link.link_type, LinkType::AccountOnboarding, "{kind}");
        let step = open_link(base, &link.url).await;
        assert!(step.contains("/connect/session/"), "{kind}: {step}");
        let entry = h.onboarding.get(&id.to_string()).expect("get");
        assert_eq!(
            entry.link_expires_at.as_deref(),
            Some(link.expires_at.as_str())
        );
        assert!(
            entry.details_submitted,
            "refresh records the account it read"
        );
    }

    // A Custom account whose details the platform supplied through the API gets an update link.
    let created = h
        .onboarding
        .create(&h.ctx, h.input_of("m_custom", "custom"))
        .await
        .expect("create");
    let before = h
        .onboarding
        .refresh(&h.ctx, created.entry_id)
        .await
        .expect("refresh");
    assert_eq!(before.link_type, LinkType::AccountOnboarding);
    h.ctx
        .client
        .update_account(
            &created.account_id,
            &UpdateAccount {
                business_type: Some(BusinessType::Company),
                company: Some(CompanyParams {
                    name: Some("Custom Grill LLC".into()),
                    ..CompanyParams::default()
                }),
                business_profile: Some(BusinessProfileParams {
                    mcc: Some("5812".into()),
                    url: Some("https://customgrill.example".into()),
                    ..BusinessProfileParams::default()
                }),
                ..UpdateAccount::default()
            },
        )
        .await
        .expect("details through the API");
    let update = h
        .onboarding
        .refresh(&h.ctx, created.entry_id)
        .await
        .expect("refresh");
    assert_eq!(update.link_type, LinkType::AccountUpdate);
    assert!(open_link(base, &update.url).await.ends_with("/details"));
}

#[tokio::test]
async fn dashboards_follow_the_account_type() {
    let h = Harness::start().await;
    let base = h.sim.base_url();

    let express = h
        .onboarding
        .create(&h.ctx, h.input("m_express"))
        .await
        .expect("create");
    // Before onboarding is done: no link, and a reason in plain words rather than Stripe's refusal.
    let early = h
        .onboarding
        .dashboard(&h.ctx, express.entry_id)
        .await
        .expect("an answer");
    assert_eq!((early.kind, early.url), (DashboardKind::None, None));
    assert!(early
        .reason
        .is_some_and(|why| why.contains("finished Stripe's onboarding")));
    // Finished in the browser, never checked here: the dashboard asks Stripe again first.
    let details = open_link(base, &express.url).await;
    let tos = submit_step(base, &details, DETAILS).await;
    let bank = submit_step(base, &tos, &[("accept", "true")]).await;
    submit_step(base, &bank, BANK).await;
    let login = h
        .onboarding
        .dashboard(&h.ctx, express.entry_id)
        .await
        .expect("login link");
    assert_eq!(login.kind, DashboardKind::ExpressLoginLink);
    let url = login.url.expect("a URL");
    assert!(
        url.starts_with(&format!("{base}/connect/express/")),
        "{url}"
    );
    let page = http("GET", &url, None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&express.account_id));

    let standard = h
        .onboarding
        .create(&h.ctx, h.input_of("m_standard", "standard"))
        .await
        .expect("create");
    let offline = h
        .onboarding
        .dashboard(&h.ctx, standard.entry_id)
        .await
        .expect("dashboard");
    assert_eq!((offline.kind, offline.url), (DashboardKind::None, None));
    assert!(offline
        .reason
        .is_some_and(|why| why.contains("offline sandbox")));

    let custom = h
        .onboarding
        .create(&h.ctx, h.input_of("m_custom", "custom"))
        .await
        .expect("create");
    let none = h
        .onboarding
        .dashboard(&h.ctx, custom.entry_id)
        .await
        .expect("dashboard");
    assert_eq!((none.kind, none.url), (DashboardKind::None, None));
    assert!(none.reason.is_some_and(|why| why.contains("platform owns")));
}

/// A context that says "Stripe test mode" while its client still reaches the simulator: the
/// code paths of real Stripe, without leaving the machine.
fn stripe_test_mode(h: &Harness) -> StripeContext {
    StripeContext {
        client: h.ctx.client.clone(),
        mode: Mode::Sandbox,
        target: Target::Stripe,
        connection: None,
    }
}

#[tokio::test]
async fn at_stripe_standard_accounts_open_the_platform_dashboard() {
    let h = Harness::start().await;
    let stripe = stripe_test_mode(&h);
    let without_urls = connectdesk_core::onboarding::CreateOnboarding {
        return_url: None,
        ..h.input_of("m_standard", "standard")
    };
    assert_code(
        h.onboarding.create(&stripe, without_urls).await,
        ErrorCode::Required,
        Some("returnUrl"),
    );
    let link = h
        .onboarding
        .create(&stripe, h.input_of("m_standard", "standard"))
        .await
        .expect("create");
    let entry = h.onboarding.get(&link.entry_id.to_string()).expect("get");
    assert_eq!((entry.mode, entry.offline), (0, false));
    let dashboard = h
        .onboarding
        .dashboard(&stripe, link.entry_id)
        .await
        .expect("dashboard");
    assert_eq!(dashboard.kind, DashboardKind::PlatformDashboard);
    assert_eq!(
        dashboard.url.as_deref(),
        Some(
            format!(
                "https://dashboard.stripe.com/test/connect/accounts/{}",
                link.account_id
            )
            .as_str()
        )
    );

    // The offline sandbox does not know accounts made at Stripe: refused, not sent.
    let err = assert_code(
        h.onboarding.finish(&h.ctx, link.entry_id).await,
        ErrorCode::InvalidValue,
        Some("mode"),
    );
    assert!(err.message.contains("Stripe test mode"), "{}", err.message);
}

#[tokio::test]
async fn delete_hides_the_entry_and_keeps_the_account() {
    let h = Harness::start().await;
    let link = h
        .onboarding
        .create(&h.ctx, h.input("merchant_123"))
        .await
        .expect("create");
    let id = link.entry_id.to_string();
    h.onboarding.delete(&id).expect("delete");

    assert_code(h.onboarding.get(&id), ErrorCode::NotFound, None);
    assert_eq!(h.entry_count(), 0);
    assert_code(
        h.onboarding
            .act(&h.ctx, OnboardingAction::Finish, &id)
            .await,
        ErrorCode::NotFound,
        None,
    );
    assert_code(h.onboarding.delete(&id), ErrorCode::NotFound, None);
    let account = h
        .ctx
        .client
        .retrieve_account(&link.account_id)
        .await
        .expect("the account stays at Stripe");
    assert_eq!(account.object.id, link.account_id);
}

#[tokio::test]
async fn act_dispatches_by_type_and_rejects_the_rest() {
    let h = Harness::start().await;
    let link = h
        .onboarding
        .create(&h.ctx, h.input("merchant_123"))
        .await
        .expect("create");
    let id = link.entry_id.to_string();

    match h
        .onboarding
        .act(&h.ctx, OnboardingAction::Finish, &id)
        .await
        .expect("finish")
    {
        ActOutcome::Finish(entry) => {
            assert_eq!(entry.status_name, OnboardingStatus::MissingData);
            assert!(
                !entry.payment_methods.is_empty(),
                "finish reads payment methods"
            );
        }
        other => panic!("expected a finished entry, got {other:?}"),
    }
    match h
        .onboarding
        .act(&h.ctx, OnboardingAction::Refresh, &id)
        .await
        .expect("refresh")
    {
        ActOutcome::Refresh(refreshed) => assert_eq!(refreshed.account_id, link.account_id),
        other => panic!("expected a link, got {other:?}"),
    }
    match h
        .onboarding
        .act(&h.ctx, OnboardingAction::Dashboard, &id)
        .await
        .expect("dashboard")
    {
        ActOutcome::Dashboard(link) => assert_eq!(link.kind, DashboardKind::None),
        other => panic!("expected a dashboard answer, got {other:?}"),
    }

    for kind in ["", "delete", "create", "FINISH", "sync"] {
        assert_code(
            h.onboarding.act(&h.ctx, action(kind), &id).await,
            ErrorCode::InvalidValue,
            Some("type"),
        );
    }
    // The type is checked before the id.
    assert_code(
        h.onboarding
            .act(&h.ctx, OnboardingAction::Unknown, "abc")
            .await,
        ErrorCode::InvalidValue,
        Some("type"),
    );
    for bad in ["", "abc", "1.5", "-1", "1e2"] {
        assert_code(
            h.onboarding
                .act(&h.ctx, OnboardingAction::Finish, bad)
                .await,
            ErrorCode::NotFound,
            Some("id"),
        );
        assert_code(h.onboarding.get(bad), ErrorCode::NotFound, Some("id"));
    }
    assert_code(
        h.onboarding
            .act(&h.ctx, OnboardingAction::Refresh, "999")
            .await,
        ErrorCode::NotFound,
        None,
    );
}

#[tokio::test]
async fn on_return_only_an_expired_link_of_an_unfinished_merchant_is_renewed() {
    let h = Harness::start().await;
    let base = h.sim.base_url();
    let first = h
        .onboarding
        .create(&h.ctx, h.input("m_returning"))
        .await
        .expect("create");
    let id = first.entry_id.to_string();
    let expires_at = parse_iso(&first.expires_at).expect("an ISO expiry");
    let second = time::Duration::seconds(1);

    let valid = h
        .onboarding
        .renew_expired_link(&h.ctx, &id, expires_at - second)
        .await
        .expect("renew");
    assert_eq!(valid, None, "a link still valid is kept");

    let renewed = h
        .onboarding
        .renew_expired_link(&h.ctx, &id, expires_at + second)
        .await
        .expect("renew")
        .expect("a new link for the expired one");
    assert_eq!(renewed.link_type, LinkType::AccountOnboarding);
    assert_ne!(renewed.url, first.url);
    let entry = h.onboarding.get(&id).expect("get");
    assert_eq!(
        entry.link_expires_at.as_deref(),
        Some(renewed.expires_at.as_str())
    );

    // The merchant finishes with the new link; afterwards nothing is renewed, and the entry
    // shows the account as it is now.
    let details = open_link(base, &renewed.url).await;
    let tos = submit_step(base, &details, DETAILS).await;
    let bank = submit_step(base, &tos, &[("accept", "true")]).await;
    submit_step(base, &bank, BANK).await;
    let later = parse_iso(&renewed.expires_at).expect("expiry") + time::Duration::days(1);
    let done = h
        .onboarding
        .renew_expired_link(&h.ctx, &id, later)
        .await
        .expect("renew");
    assert_eq!(done, None);
    assert_eq!(
        h.onboarding.get(&id).expect("get").status_name,
        OnboardingStatus::PayoutEnabled
    );

    for bad in ["", "abc", "999999"] {
        let err = h
            .onboarding
            .renew_expired_link(&h.ctx, bad, later)
            .await
            .expect_err(bad);
        assert_eq!(err.code, ErrorCode::NotFound, "{bad:?}");
    }
}

/// An action name as it arrives over IPC: any text deserializes, unknown ones as `Unknown`.
fn action(name: &str) -> OnboardingAction {
    serde_json::from_value(serde_json::Value::String(name.into())).expect("any text reads")
}
