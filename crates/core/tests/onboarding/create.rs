//! Create: the account at Stripe, the entry, the first link; and the form's field errors.

use connectdesk_core::journal::METADATA_OPERATION;
use connectdesk_core::onboarding::{
    AccountKind, BusinessProfileInput, CreateOnboarding, LinkType, OnboardingStatus,
    METADATA_MERCHANT, METADATA_WORKSPACE,
};
use connectdesk_core::time::parse_iso;
use connectdesk_core::ErrorCode;
use connectdesk_stripe::accounts::AccountType;

use crate::support::{assert_code, Harness};

#[tokio::test]
async fn create_stores_the_entry_and_returns_the_onboarding_link() {
    let h = Harness::start().await;
    let link = h
        .onboarding
        .create(&h.ctx, h.input("merchant_123"))
        .await
        .expect("create");

    assert!(
        link.url
            .starts_with(&format!("{}/connect/onboarding/", h.sim.base_url())),
        "{}",
        link.url
    );
    assert_eq!(link.link_type, LinkType::AccountOnboarding);
    let expires = parse_iso(&link.expires_at).expect("expires_at is ISO 8601");

    let entry = h.onboarding.get(&link.entry_id.to_string()).expect("get");
    assert_eq!(entry.account_id, link.account_id);
    assert_eq!(
        (entry.workspace_id, entry.merchant_id.as_str()),
        (h.workspace_id, "merchant_123")
    );
    assert_eq!(entry.account_type, AccountKind::Express);
    assert_eq!((entry.mode, entry.offline), (0, true));
    assert_eq!(
        (entry.status, entry.status_name),
        (0, OnboardingStatus::MissingData)
    );
    assert_eq!(entry.email, "merchant_123@restaurant.example");
    assert_eq!(
        (entry.country.as_str(), entry.business_type.as_str()),
        ("US", "company")
    );
    assert!(!entry.details_submitted && !entry.tos_accepted);
    assert!(!entry.charges_enabled && !entry.payouts_enabled);
    assert_eq!(
        entry
            .capabilities
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        ["card_payments", "transfers"],
        "both capabilities were requested"
    );
    assert!(
        entry.payment_methods.is_empty(),
        "payment methods come with finish"
    );
    assert_eq!(entry.deleted_at, "1970-01-01T00:00:00.000Z");
    assert_eq!(
        entry.link_expires_at.as_deref(),
        Some(link.expires_at.as_str())
    );
    assert!(expires > parse_iso(&entry.created_at).expect("createdAt"));
    assert_eq!(entry.raw_response["id"], link.account_id.as_str());
    assert_eq!(entry.raw_response["object"], "account");

    let accounts = h.sim_accounts().await;
    assert_eq!(accounts.len(), 1);
    let account = &accounts[0];
    assert_eq!(account.id, link.account_id);
    assert_eq!(account.account_type, Some(AccountType::Express));
    let metadata = |key: &str| account.metadata.get(key).map(String::as_str);
    assert_eq!(metadata(METADATA_MERCHANT), Some("merchant_123"));
    assert_eq!(
        metadata(METADATA_WORKSPACE),
        Some(h.workspace_id.to_string().as_str())
    );
    assert!(metadata(METADATA_OPERATION).is_some_and(|reference| reference.starts_with("op_")));
    let profile = account.business_profile.clone().unwrap_or_default();
    assert_eq!(
        (profile.name, profile.mcc, profile.url),
        (
            Some("Downtown Grill".into()),
            Some("5812".into()),
            Some("https://downtowngrill.example".into())
        )
    );
}

#[tokio::test]
async fn every_account_type_can_be_created() {
    let h = Harness::start().await;
    for (kind, expected) in [
        ("standard", AccountKind::Standard),
        ("express", AccountKind::Express),
        ("custom", AccountKind::Custom),
    ] {
        let link = h
            .onboarding
            .create(&h.ctx, h.input_of(&format!("m_{kind}"), kind))
            .await
            .unwrap_or_else(|err| panic!("create {kind}: {err:?}"));
        let entry = h.onboarding.get(&link.entry_id.to_string()).expect("get");
        assert_eq!(entry.account_type, expected);
        assert_eq!(entry.raw_response["type"], kind);
    }
    assert_eq!(h.sim_accounts().await.len(), 3);
    assert_eq!(h.entry_count(), 3);
}

#[tokio::test]
async fn a_form_with_a_bad_field_creates_nothing() {
    use ErrorCode::*;
    let h = Harness::start().await;
    let with = |change: &dyn Fn(&mut CreateOnboarding)| {
        let mut form = h.input("m1");
        change(&mut form);
        form
    };
    let profile = |mcc: &str, url: &str| BusinessProfileInput {
        name: None,
        mcc: Some(mcc.into()),
        url: Some(url.into()),
    };
    #[rustfmt::skip]
    let cases: Vec<(CreateOnboarding, ErrorCode, &str)> = vec![
        (with(&|f| f.account_type = "premium".into()), InvalidValue, "accountType"),
        (with(&|f| f.country = "Germany".into()), InvalidValue, "country"),
        (with(&|f| f.email = "owner(at)example.com".into()), InvalidValue, "email"),
        (with(&|f| f.business_profile = profile("58120", "")), InvalidValue, "businessProfile.mcc"),
        (with(&|f| f.business_profile = profile("5812", "http://a.example")), InvalidValue, "businessProfile.url"),
        (with(&|f| f.merchant_id = " ".into()), Required, "merchantId"),
        (with(&|f| f.workspace_id = 999), NotFound, "workspaceId"),
    ];
    for (input, code, field) in cases {
        assert_code(h.onboarding.create(&h.ctx, input).await, code, Some(field));
    }
    assert!(h.sim_accounts().await.is_empty(), "nothing reached Stripe");
    assert_eq!(h.entry_count(), 0);
}
