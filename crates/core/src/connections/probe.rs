//! "Test connection": one real call with the connection's credentials, explained in plain words.
//! OAuth2 connections first exchange their refresh token, then read the account with the
//! access token they received.

use connectdesk_secrets::Secret;
use connectdesk_stripe::{accounts, Client, Error as StripeError};
use serde::Serialize;
use specta::Type;

use crate::mode::Mode;
use crate::stripe_access::StripeContext;
use crate::stripe_gateway::{sentence, StripeGateway, Target};
use crate::{CoreError, ErrorCode, Result};

/// What the Test button shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionTest {
    /// "Connection available" when true, "Connection unavailable" when false.
    pub available: bool,
    pub account_id: Option<String>,
    pub country: Option<String>,
    pub mode: Mode,
    /// Why it is unavailable, in plain words.
    pub reason: Option<String>,
    /// Stripe's request id, for support.
    pub request_id: Option<String>,
    /// What was called: "the offline sandbox" or "api.stripe.com".
    pub target: String,
}

/// The offline sandbox's own platform account: what its "Stripe account id" is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SandboxAccount {
    pub account_id: String,
    pub country: Option<String>,
}

/// Reads the sandbox platform's account (`GET /v1/account` with the sandbox's platform key).
/// `None` while the sandbox is switched off: then there is no sandbox account to show.
pub async fn sandbox_account(gateway: &StripeGateway) -> Result<Option<SandboxAccount>> {
    let target = gateway.target()?;
    if !target.is_sandbox() {
        return Ok(None);
    }
    let context = StripeContext::sandbox(gateway)?;
    let account = context
        .client
        .send(accounts::retrieve_current())
        .await
        .map_err(|err| {
            tracing::warn!("reading the sandbox platform account failed: {err}");
            CoreError::new(
                ErrorCode::ServiceUnavailable,
                "The offline sandbox did not answer with its account. Switch it off and on again in Settings.",
            )
        })?;
    Ok(Some(SandboxAccount {
        account_id: account.id,
        country: account.country,
    }))
}

/// The outcome of an OAuth2 test, plus the refresh token Stripe handed out instead of the old one
/// (to be sealed in its place), if it did.
#[derive(Debug)]
pub struct OAuthProbe {
    pub test: ConnectionTest,
    pub new_refresh_token: Option<Secret>,
}

fn unavailable(target: &Target, mode: Mode, account_id: Option<&str>) -> ConnectionTest {
    ConnectionTest {
        available: false,
        account_id: account_id.map(str::to_string),
        country: None,
        mode,
        reason: None,
        request_id: None,
        target: target.describe().to_string(),
    }
}

/// Calls `GET /v1/account` (or `/v1/accounts/{id}` for a named account) with this key.
pub async fn probe(
    gateway: &StripeGateway,
    api_key: &Secret,
    mode: Mode,
    account_id: Option<&str>,
) -> Result<ConnectionTest> {
    let client = gateway.client(api_key)?;
    Ok(read_account(&client, &gateway.target()?, mode, account_id).await)
}

async fn read_account(
    client: &Client,
    target: &Target,
    mode: Mode,
    account_id: Option<&str>,
) -> ConnectionTest {
    let request = match account_id {
        Some(id) => accounts::retrieve(id),
        None => accounts::retrieve_current(),
    };
    let outcome = client.send(request).await;
    let base = unavailable(target, mode, account_id);
    match outcome {
        Ok(account) => ConnectionTest {
            available: true,
            account_id: Some(account.id),
            country: account.country,
            ..base
        },
        Err(err) => ConnectionTest {
            reason: Some(explain(&err, target, mode, account_id)),
            request_id: err.request_id().map(str::to_string),
            ..base
        },
    }
}

/// Exchanges `refresh_token` at Connect OAuth with the client secret (the platform's secret key),
/// then calls `GET /v1/account` with the access token. `account_id`, when set, must be the
/// account the token grants.
pub async fn probe_oauth(
    gateway: &StripeGateway,
    client_secret: &Secret,
    refresh_token: &Secret,
    mode: Mode,
    account_id: Option<&str>,
) -> Result<OAuthProbe> {
    let target = gateway.target()?;
    let base = unavailable(&target, mode, account_id);
    let fail = |reason: String, request_id: Option<&str>| OAuthProbe {
        test: ConnectionTest {
            reason: Some(reason),
            request_id: request_id.map(str::to_string),
            ..base.clone()
        },
        new_refresh_token: None,
    };
    let platform = gateway.client(client_secret).map_err(|mut err| {
        err.field = Some("clientSecret".into());
        err
    })?;
    let token = match platform.refresh_oauth_token(refresh_token.expose()).await {
        Ok(token) => token,
        Err(err) => {
            return Ok(fail(
                explain_oauth(&err, &target, mode, account_id),
                err.request_id(),
            ))
        }
    };
    let new_refresh_token = token
        .refresh_token
        .as_ref()
        .filter(|fresh| fresh.expose() != refresh_token.expose())
        .map(|fresh| Secret::new(fresh.expose()));
    let token_mode = if token.livemode {
        Mode::Live
    } else {
        Mode::Sandbox
    };
    if token_mode != mode {
        let (granted, declared) = match token_mode {
            Mode::Live => ("live mode", "test mode (SANDBOX)"),
            Mode::Sandbox => ("test mode", "live mode (LIVE)"),
        };
        return Ok(OAuthProbe {
            new_refresh_token,
            ..fail(format!("Key for the wrong mode: this refresh token grants {granted} access, but the connection is set to {declared}. Change the connection's mode or use a token from the other mode."), None)
        });
    }
    if let Some(expected) = account_id.filter(|id| *id != token.stripe_user_id) {
        return Ok(OAuthProbe {
            new_refresh_token,
            ..fail(format!("Account not reachable: this refresh token grants access to {}, not to {expected}. Correct the account id or connect {expected} through OAuth.", token.stripe_user_id), None)
        });
    }
    let access_token = Secret::new(token.access_token.expose());
    let on_account = gateway.one_off_client(&access_token, &platform)?;
    let test = read_account(&on_account, &target, mode, None).await;
    Ok(OAuthProbe {
        test,
        new_refresh_token,
    })
}

/// Why the refresh-token exchange failed, in plain words.
fn explain_oauth(
    err: &StripeError,
    target: &Target,
    mode: Mode,
    account_id: Option<&str>,
) -> String {
    let code = err.api().and_then(|api| api.code.as_deref());
    let wrong_mode = matches!((target, mode), (Target::Sandbox { .. }, Mode::Live));
    match (code, err.status()) {
        (Some("invalid_grant"), _) => "Refresh token not accepted: Stripe does not know it, or the account revoked this platform's access. Connect the account through OAuth again to get a new refresh token.".into(),
        (Some("invalid_client"), _) | (_, Some(401)) if wrong_mode => "Key for the wrong mode: this connection is set to LIVE, but ConnectDesk is using the offline sandbox. Switch the sandbox off in Settings to use live credentials.".into(),
        (Some("invalid_client"), _) | (_, Some(401)) => "Invalid client secret: Stripe did not accept it. For Connect OAuth the client secret is the platform's secret key (sk_test_… or sk_live_…) from the Dashboard.".into(),
        _ => explain(err, target, mode, account_id),
    }
}

fn explain(err: &StripeError, target: &Target, mode: Mode, account_id: Option<&str>) -> String {
    let wrong_mode = matches!((target, mode), (Target::Sandbox { .. }, Mode::Live));
    match (err, err.status()) {
        _ if err.is_transport() => format!("Network error: {} could not be reached. Check the connection and try again.", target.describe()),
        (_, Some(401)) if wrong_mode => "Key for the wrong mode: this is a live key, but ConnectDesk is using the offline sandbox. Switch the sandbox off in Settings to use live keys.".into(),
        (_, Some(401)) => "Invalid API key: Stripe did not accept it. Copy the secret key again from the Stripe Dashboard (Developers → API keys).".into(),
        (_, Some(403)) if account_id.is_some() => format!("Account not reachable: this key may not act on {}. Is the account connected to this platform?", account_id.unwrap_or_default()),
        (_, Some(403)) => "This key lacks the permission to read the account. A restricted key needs read access to Account.".into(),
        (_, Some(404)) if account_id.is_some() => format!("Account not reachable: {} does not exist or is not connected to this platform.", account_id.unwrap_or_default()),
        (StripeError::Api(api), _) => {
            let message = api.message.as_deref().map(sentence).unwrap_or_else(|| "Stripe refused the request.".into());
            match &api.request_id {
                Some(id) => format!("Stripe error: {message} (request {id})"),
                None => format!("Stripe error: {message}"),
            }
        }
        (StripeError::Decode { status, .. }, _) => {
            tracing::warn!("connection test: unreadable answer: {err}");
            format!("Stripe's answer (HTTP {status}) could not be read. Try again; if it keeps happening, the address ConnectDesk calls is not Stripe.")
        }
        (StripeError::InvalidRequest(_), _) if account_id.is_some() => {
            "The account id cannot be sent to Stripe as it is; check it (acct_ and letters or digits).".into()
        }
        (other, _) => {
            // Encoding, configuration and key-store failures are ConnectDesk's own: the details
            // go to the log, the user gets words.
            tracing::error!("connection test failed inside ConnectDesk: {other}");
            "ConnectDesk could not send the request to Stripe (an internal problem, written to the log). Try again or restart ConnectDesk.".into()
        }
    }
}
