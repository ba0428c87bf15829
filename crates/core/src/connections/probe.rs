//! "Test connection": one real call with the connection's credentials, explained in plain words.

use connectdesk_secrets::Secret;
use connectdesk_stripe::{accounts, Error as StripeError};
use serde::Serialize;
use specta::Type;

use crate::desk::Mode;
use crate::stripe_gateway::{sentence, StripeGateway, Target};
use crate::Result;

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

/// Calls `GET /v1/account` (or `/v1/accounts/{id}` for a named account) with this key.
pub async fn probe(
    gateway: &StripeGateway,
    api_key: &Secret,
    mode: Mode,
    account_id: Option<&str>,
) -> Result<ConnectionTest> {
    let target = gateway.target();
    let client = gateway.client(api_key)?;
    let request = match account_id {
        Some(id) => accounts::retrieve(id),
        None => accounts::retrieve_current(),
    };
    let outcome = client.send(request).await;
    let base = ConnectionTest {
        available: false,
        account_id: account_id.map(str::to_string),
        country: None,
        mode,
        reason: None,
        request_id: None,
        target: target.describe().to_string(),
    };
    Ok(match outcome {
        Ok(account) => ConnectionTest {
            available: true,
            account_id: Some(account.id),
            country: account.country,
            ..base
        },
        Err(err) => ConnectionTest {
            reason: Some(explain(&err, &target, mode, account_id)),
            request_id: err.request_id().map(str::to_string),
            ..base
        },
    })
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
        (other, _) => format!("Stripe error: {}", sentence(&other.to_string())),
    }
}
