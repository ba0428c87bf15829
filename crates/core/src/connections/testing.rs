//! The Test button. A saved connection is tested with its stored credentials and the result is
//! kept with it; the form's Test checks the form as shown, a secret left empty while editing
//! being the stored one, so Test and Save always talk about the same connection.

use connectdesk_secrets::Secret;

use super::model::{AuthScheme, DraftAuth, DraftConnectionTest, LastTest, UpdateConnection};
use super::probe::{probe, probe_oauth, ConnectionTest};
use super::service::{Connections, Credentials, TEST, TEST_DRAFT};
use super::validate;
use crate::audit::{diff, FieldChange};
use crate::mode::Mode;
use crate::stripe_gateway::StripeGateway;
use crate::{CoreError, ErrorCode, FieldChecks, Result};

/// Tests the saved connection and keeps the result as its last Test.
pub async fn test_saved(
    gateway: &StripeGateway,
    connections: &Connections,
    biz_id: &str,
) -> Result<ConnectionTest> {
    let (by, record) = connections.allow_manage(biz_id, TEST)?;
    let result = test_stored(gateway, connections, biz_id).await;
    connections.guard.record(
        &by,
        Some(record.workspace_id),
        TEST,
        &record.biz_id,
        &result,
        |test| test_change(record.last_test.as_ref(), test),
    );
    result
}

async fn test_stored(
    gateway: &StripeGateway,
    connections: &Connections,
    biz_id: &str,
) -> Result<ConnectionTest> {
    let stored = connections.credentials(biz_id)?;
    let plan = Plan {
        auth: match stored.auth_scheme {
            AuthScheme::ApiKey => Auth::ApiKey {
                key: stored_secret(&stored.api_key, "apiKey", "API key")?,
                mode: stored.mode,
            },
            AuthScheme::OAuth2 => Auth::OAuth2 {
                client_secret: stored_secret(
                    &stored.client_secret,
                    "clientSecret",
                    "client secret",
                )?,
                refresh_token: stored_secret(
                    &stored.refresh_token,
                    "refreshToken",
                    "refresh token",
                )?,
                stored_refresh_token: true,
                mode: stored.mode,
            },
        },
        account: stored.stripe_account_id.clone(),
    };
    let test = run(gateway, connections, Some(biz_id), plan).await?;
    connections.record_test(biz_id, &test)?;
    Ok(test)
}

/// Tests the form: a new connection's credentials as typed, or, with `biz_id`, the saved
/// connection as the form would change it. When the form changes nothing a Test checks, this is
/// a Test of the saved connection and its result is kept like one.
pub async fn test_draft(
    gateway: &StripeGateway,
    connections: &Connections,
    draft: DraftConnectionTest,
) -> Result<ConnectionTest> {
    let (by, workspace) = match draft.biz_id.as_deref() {
        Some(biz_id) => {
            let (by, record) = connections.allow_manage(biz_id, TEST_DRAFT)?;
            (by, Some(record.workspace_id))
        }
        None => connections.allow_manage_active(TEST_DRAFT)?,
    };
    let target = draft.biz_id.clone().unwrap_or_default();
    let result = test_form(gateway, connections, draft).await;
    connections
        .guard
        .record(&by, workspace, TEST_DRAFT, &target, &result, |_| Vec::new());
    result
}

async fn test_form(
    gateway: &StripeGateway,
    connections: &Connections,
    draft: DraftConnectionTest,
) -> Result<ConnectionTest> {
    let stored = match draft.biz_id.as_deref() {
        Some(biz_id) => Some((connections.get(biz_id)?, connections.credentials(biz_id)?)),
        None => None,
    };
    let mut checks = FieldChecks::default();
    let auth = checks.check(merge(&draft.auth, stored.as_ref().map(|(_, c)| c)).map(Some));
    let account = checks.check(match draft.stripe_account_id.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(id) => validate::stripe_account_id("stripeAccountId", id).map(Some),
    });
    checks.finish()?;
    let (auth, typed_secret) =
        auth.ok_or_else(|| CoreError::internal("The credentials were not checked."))?;
    let unchanged = stored.as_ref().is_some_and(|(saved, credentials)| {
        !typed_secret
            && account == credentials.stripe_account_id
            && match (&draft.auth, saved.auth_scheme) {
                (DraftAuth::ApiKey { .. }, AuthScheme::ApiKey) => true,
                (
                    DraftAuth::OAuth2 {
                        client_id, mode, ..
                    },
                    AuthScheme::OAuth2,
                ) => saved.client_id.as_deref() == Some(client_id.trim()) && *mode == saved.mode,
                _ => false,
            }
    });
    let biz_id = draft.biz_id.as_deref();
    let test = run(gateway, connections, biz_id, Plan { auth, account }).await?;
    if let (true, Some(biz_id)) = (unchanged, biz_id) {
        connections.record_test(biz_id, &test)?;
    }
    Ok(test)
}

/// A Test's audit diff: whether the connection was reachable, before and after.
fn test_change(before: Option<&LastTest>, after: &ConnectionTest) -> Vec<FieldChange> {
    diff(
        &serde_json::json!({ "lastTest": before.map(|t| serde_json::json!({ "available": t.available, "reason": t.reason })) }),
        &serde_json::json!({ "lastTest": { "available": after.available, "reason": after.reason } }),
    )
}

struct Plan {
    auth: Auth,
    account: Option<String>,
}

enum Auth {
    ApiKey {
        key: Secret,
        mode: Mode,
    },
    OAuth2 {
        client_secret: Secret,
        refresh_token: Secret,
        /// The refresh token is the saved connection's, so a replacement Stripe hands out is
        /// sealed in its place.
        stored_refresh_token: bool,
        mode: Mode,
    },
}

async fn run(
    gateway: &StripeGateway,
    connections: &Connections,
    biz_id: Option<&str>,
    plan: Plan,
) -> Result<ConnectionTest> {
    let account = plan.account.as_deref();
    match plan.auth {
        Auth::ApiKey { key, mode } => probe(gateway, &key, mode, account).await,
        Auth::OAuth2 {
            client_secret,
            refresh_token,
            stored_refresh_token,
            mode,
        } => {
            let outcome =
                probe_oauth(gateway, &client_secret, &refresh_token, mode, account).await?;
            // A new connection has nowhere to keep a replaced token yet; Stripe's Connect OAuth
            // keeps refresh tokens, and testing after saving stores any change.
            if let (Some(fresh), Some(biz_id), true) =
                (outcome.new_refresh_token, biz_id, stored_refresh_token)
            {
                connections.update(UpdateConnection {
                    biz_id: biz_id.to_string(),
                    refresh_token: Some(fresh),
                    ..UpdateConnection::default()
                })?;
            }
            Ok(outcome.test)
        }
    }
}

/// The draft's credentials with the stored secrets in place of empty ones; also whether any
/// secret was typed.
fn merge(draft: &DraftAuth, stored: Option<&Credentials>) -> Result<(Auth, bool)> {
    let typed = |secret: &Option<Secret>| {
        secret
            .as_ref()
            .map(|s| s.expose().trim())
            .filter(|s| !s.is_empty())
            .map(Secret::new)
    };
    if let Some(stored) = stored {
        let draft_scheme = match draft {
            DraftAuth::ApiKey { .. } => AuthScheme::ApiKey,
            DraftAuth::OAuth2 { .. } => AuthScheme::OAuth2,
        };
        if draft_scheme != stored.auth_scheme {
            return Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                "authScheme",
                "The sign-in method of a saved connection cannot change; create a new connection to use the other one.",
            ));
        }
    }
    match draft {
        DraftAuth::ApiKey { api_key } => match (typed(api_key), stored) {
            (Some(key), _) => {
                let mode = validate::api_key_mode(key.expose())?;
                Ok((Auth::ApiKey { key, mode }, true))
            }
            (None, Some(stored)) => Ok((
                Auth::ApiKey {
                    key: stored_secret(&stored.api_key, "apiKey", "API key")?,
                    mode: stored.mode,
                },
                false,
            )),
            (None, None) => Err(validate::api_key_mode("").err().unwrap_or_else(|| {
                CoreError::on_field(ErrorCode::Required, "apiKey", "Enter the API key.")
            })),
        },
        DraftAuth::OAuth2 {
            client_id,
            client_secret,
            refresh_token,
            mode,
        } => {
            let mut checks = FieldChecks::default();
            checks.check(validate::oauth_value("clientId", "client id", client_id));
            let secret = |value: &Option<Secret>,
                          kept: Option<&Option<Secret>>,
                          field: &str,
                          label: &str|
             -> Result<(Secret, bool)> {
                match (typed(value), kept) {
                    (Some(value), _) => validate::oauth_value(field, label, value.expose())
                        .map(|v| (Secret::new(v), true)),
                    (None, Some(kept)) => stored_secret(kept, field, label).map(|s| (s, false)),
                    (None, None) => {
                        validate::oauth_value(field, label, "").map(|v| (Secret::new(v), true))
                    }
                }
            };
            let client_secret = checks.check(
                secret(
                    client_secret,
                    stored.map(|c| &c.client_secret),
                    "clientSecret",
                    "client secret",
                )
                .map(Some),
            );
            let refresh_token = checks.check(
                secret(
                    refresh_token,
                    stored.map(|c| &c.refresh_token),
                    "refreshToken",
                    "refresh token",
                )
                .map(Some),
            );
            checks.finish()?;
            let (Some((client_secret, typed_secret)), Some((refresh_token, typed_token))) =
                (client_secret, refresh_token)
            else {
                return Err(CoreError::internal(
                    "The OAuth2 credentials were not checked.",
                ));
            };
            Ok((
                Auth::OAuth2 {
                    client_secret,
                    refresh_token,
                    stored_refresh_token: !typed_token,
                    mode: *mode,
                },
                typed_secret || typed_token,
            ))
        }
    }
}

fn stored_secret(secret: &Option<Secret>, field: &str, label: &str) -> Result<Secret> {
    secret
        .as_ref()
        .map(|s| Secret::new(s.expose()))
        .ok_or_else(|| {
            CoreError::on_field(
                ErrorCode::InvalidValue,
                field,
                format!("This connection has no {label} stored; enter it again and save."),
            )
        })
}
