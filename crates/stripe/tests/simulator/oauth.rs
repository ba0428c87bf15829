//! Connect OAuth: the refresh-token exchange, the access token acting on its account, and the
//! errors of a revoked or unknown refresh token, which never carry the token.

use connectdesk_stripe::{accounts, ApiKey, Client};

use crate::harness::Harness;

#[tokio::test]
async fn a_refresh_token_gives_an_access_token_for_the_connected_account() {
    let h = Harness::start().await;
    let grant = h.oauth_grant().await;
    let refresh_token = grant["refresh_token"].as_str().expect("refresh token");

    let token = h
        .client
        .refresh_oauth_token(refresh_token)
        .await
        .expect("the exchange succeeds");
    assert_eq!(token.stripe_user_id, grant["stripe_user_id"]);
    assert!(!token.livemode);
    assert_eq!(token.scope.as_deref(), Some("read_write"));

    let on_account = Client::builder(
        ApiKey::new(token.access_token.expose()).expect("a key"),
        h.keys.clone(),
    )
    .base_url(h.sim.base_url())
    .build()
    .expect("client");
    let account = on_account
        .send(accounts::retrieve_current())
        .await
        .expect("the access token reads its account");
    assert_eq!(account.id, token.stripe_user_id);

    // A Stripe-Account naming another account is refused for an access token.
    let other = h.oauth_grant().await;
    let err = on_account
        .on_account(other["stripe_user_id"].as_str().expect("id"))
        .expect("handle")
        .send(accounts::retrieve_current())
        .await
        .expect_err("not its account");
    assert_eq!(err.status(), Some(403));
}

#[tokio::test]
async fn an_unknown_or_revoked_refresh_token_is_invalid_grant_without_the_token() {
    let h = Harness::start().await;
    let unknown = "rt_unknownUnknownUnknown123456";
    let err = h
        .client
        .refresh_oauth_token(unknown)
        .await
        .expect_err("unknown token");
    let api = err.api().expect("an OAuth error");
    assert_eq!(
        (api.status, api.code.as_deref()),
        (400, Some("invalid_grant"))
    );
    assert!(api.request_id.is_some());
    assert!(!err.to_string().contains(unknown), "{err}");

    let grant = h.oauth_grant().await;
    let refresh_token = grant["refresh_token"].as_str().expect("refresh token");
    let status = h
        .deauthorize(
            grant["client_id"].as_str().expect("client id"),
            grant["stripe_user_id"].as_str().expect("account"),
        )
        .await;
    assert_eq!(status, 200);
    let err = h
        .client
        .refresh_oauth_token(refresh_token)
        .await
        .expect_err("revoked");
    assert_eq!(
        err.api().and_then(|api| api.code.as_deref()),
        Some("invalid_grant")
    );
    assert!(!err.to_string().contains(refresh_token), "{err}");
}

#[tokio::test]
async fn a_wrong_client_secret_is_invalid_client() {
    let h = Harness::start().await;
    let grant = h.oauth_grant().await;
    let wrong = Client::builder(
        ApiKey::new("sk_test_invalidSecret123").expect("key"),
        h.keys.clone(),
    )
    .base_url(h.sim.base_url())
    .build()
    .expect("client");
    let err = wrong
        .refresh_oauth_token(grant["refresh_token"].as_str().expect("token"))
        .await
        .expect_err("wrong secret");
    let api = err.api().expect("an OAuth error");
    assert_eq!(
        (api.status, api.code.as_deref()),
        (401, Some("invalid_client"))
    );
}
