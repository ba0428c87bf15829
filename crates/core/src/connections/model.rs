//! What a Stripe connection is on disk, what the UI sees of it, and what the UI sends.
//! The stored record holds secrets only sealed; the view holds hints only.

use connectdesk_secrets::Secret;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::mode::Mode;
use crate::store::{Field, Record};
use crate::Result;

/// How the connection authenticates to Stripe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum AuthScheme {
    ApiKey,
    #[serde(rename = "oauth2")]
    OAuth2,
}

/// 1 ACTIVE / 0 INACTIVE, as the connection API has always numbered them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConnectionStatus {
    Active,
    Inactive,
}

impl ConnectionStatus {
    pub fn code(self) -> u8 {
        match self {
            ConnectionStatus::Active => 1,
            ConnectionStatus::Inactive => 0,
        }
    }
}

/// A connection as stored. Sealed fields are base64 AES-GCM blobs bound to `bizId` and the field.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionRecord {
    pub id: u64,
    pub biz_id: String,
    pub tenant_biz_id: String,
    pub workspace_id: u64,
    pub connection_name: String,
    pub connection_description: Option<String>,
    pub stripe_account_id: Option<String>,
    pub auth_scheme: AuthScheme,
    pub mode: Mode,
    pub status: u8,
    pub partner_endpoint: Option<String>,
    pub config_json: Option<String>,
    pub client_id: Option<String>,
    pub sealed: SealedSecrets,
    pub hints: SecretHints,
    /// The last Test of the connection as saved; `None` until it is tested, and again once
    /// what a Test checks (credentials, account id) changes.
    #[serde(default)]
    pub last_test: Option<LastTest>,
    /// The last day (UTC, `YYYY-MM-DD`) the previous webhook secret is still accepted.
    #[serde(default)]
    pub previous_webhook_secret_until: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: String,
}

/// What the last Test of a saved connection found, and when: the table shows it next to the
/// ACTIVE/INACTIVE switch, which says only whether the connection is meant to be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LastTest {
    pub available: bool,
    /// Why it was unavailable, in plain words.
    pub reason: Option<String>,
    /// The account Stripe answered for (or the one that could not be reached).
    pub account_id: Option<String>,
    /// "the offline sandbox" or "api.stripe.com".
    pub target: String,
    /// ISO 8601.
    pub tested_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SealedSecrets {
    pub api_key: Option<String>,
    pub webhook_secret: Option<String>,
    pub client_secret: Option<String>,
    pub refresh_token: Option<String>,
    /// The webhook secret before the last rotation, accepted until `previousWebhookSecretUntil`.
    #[serde(default)]
    pub previous_webhook_secret: Option<String>,
    /// Signs what ConnectDesk forwards to the partner endpoint; generated, shown once.
    #[serde(default)]
    pub forwarding_secret: Option<String>,
}

impl ConnectionRecord {
    /// What a deleted connection keeps of its secrets: the hints only. Called in the write that
    /// deletes it, so no stored record of a deleted connection holds a sealed value.
    pub(crate) fn erase_secrets(&mut self) -> Result<()> {
        self.sealed = SealedSecrets::default();
        Ok(())
    }
}

/// Recognisable, non-revealing hints such as `sk_test_…4242`, kept so lists never decrypt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SecretHints {
    pub api_key: Option<String>,
    pub webhook_secret: Option<String>,
    pub client_secret: Option<String>,
    pub refresh_token: Option<String>,
    #[serde(default)]
    pub previous_webhook_secret: Option<String>,
    #[serde(default)]
    pub forwarding_secret: Option<String>,
}

impl Record for ConnectionRecord {
    const COLLECTION: &'static str = "connections";
    const LABEL: &'static str = "connection";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::text("bizId").filterable().unique(),
        Field::int("workspaceId").key(),
        Field::text("connectionName").sortable().filterable(),
        Field::text("stripeAccountId").sortable().filterable(),
        Field::text("authScheme").key(),
        Field::text("mode").key(),
        Field::int("status").key(),
        Field::timestamp("createdAt").sortable().filterable(),
        Field::timestamp("updatedAt").sortable().filterable(),
    ];
}

/// A connection as the UI sees it: no secret, only hints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    pub id: u64,
    pub biz_id: String,
    pub tenant_biz_id: String,
    pub workspace_id: u64,
    pub connection_name: String,
    pub connection_description: Option<String>,
    pub stripe_account_id: Option<String>,
    pub auth_scheme: AuthScheme,
    pub mode: Mode,
    pub status: u8,
    pub status_name: ConnectionStatus,
    pub partner_endpoint: Option<String>,
    pub config_json: Option<String>,
    pub client_id: Option<String>,
    pub hints: SecretHints,
    /// `None`: not tested (or changed since the last Test).
    pub last_test: Option<LastTest>,
    /// While a webhook secret rotation lasts: the last day the previous secret is accepted.
    pub previous_webhook_secret_until: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<&ConnectionRecord> for Connection {
    fn from(record: &ConnectionRecord) -> Self {
        Connection {
            id: record.id,
            biz_id: record.biz_id.clone(),
            tenant_biz_id: record.tenant_biz_id.clone(),
            workspace_id: record.workspace_id,
            connection_name: record.connection_name.clone(),
            connection_description: record.connection_description.clone(),
            stripe_account_id: record.stripe_account_id.clone(),
            auth_scheme: record.auth_scheme,
            mode: record.mode,
            status: record.status,
            status_name: if record.status == ConnectionStatus::Active.code() {
                ConnectionStatus::Active
            } else {
                ConnectionStatus::Inactive
            },
            partner_endpoint: record.partner_endpoint.clone(),
            config_json: record.config_json.clone(),
            client_id: record.client_id.clone(),
            hints: record.hints.clone(),
            last_test: record.last_test.clone(),
            previous_webhook_secret_until: record.previous_webhook_secret_until.clone(),
            created_at: record.created_at.clone(),
            updated_at: record.updated_at.clone(),
        }
    }
}

/// Credentials as typed in the form. Secrets arrive wrapped so they never print.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(tag = "scheme", rename_all = "camelCase")]
pub enum AuthInput {
    #[serde(rename_all = "camelCase")]
    ApiKey {
        #[specta(type = String)]
        api_key: Secret,
    },
    #[serde(rename = "oauth2", rename_all = "camelCase")]
    OAuth2 {
        client_id: String,
        #[specta(type = String)]
        client_secret: Secret,
        #[specta(type = String)]
        refresh_token: Secret,
        /// OAuth tokens do not tell their mode by shape, so the admin says which it is.
        mode: Mode,
    },
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CreateConnection {
    pub workspace_id: u64,
    pub connection_name: String,
    #[serde(default)]
    pub connection_description: Option<String>,
    #[serde(default)]
    pub stripe_account_id: Option<String>,
    pub auth: AuthInput,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub webhook_secret: Option<Secret>,
    #[serde(default)]
    pub partner_endpoint: Option<String>,
    #[serde(default)]
    pub config_json: Option<String>,
}

/// What the form's Test sends: the form as it is. Editing a saved connection (`biz_id` set), a
/// secret left empty means the stored one; every other field is taken from the draft, so Test
/// checks exactly what Save would store.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DraftConnectionTest {
    #[serde(default)]
    pub biz_id: Option<String>,
    pub auth: DraftAuth,
    #[serde(default)]
    pub stripe_account_id: Option<String>,
}

/// [`AuthInput`] with every secret optional (empty or absent: the stored one, when editing).
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(tag = "scheme", rename_all = "camelCase")]
pub enum DraftAuth {
    #[serde(rename_all = "camelCase")]
    ApiKey {
        #[serde(default)]
        #[specta(type = Option<String>)]
        api_key: Option<Secret>,
    },
    #[serde(rename = "oauth2", rename_all = "camelCase")]
    OAuth2 {
        client_id: String,
        #[serde(default)]
        #[specta(type = Option<String>)]
        client_secret: Option<Secret>,
        #[serde(default)]
        #[specta(type = Option<String>)]
        refresh_token: Option<Secret>,
        mode: Mode,
    },
}

/// Every secret typed: what a new connection's form sends.
impl From<AuthInput> for DraftAuth {
    fn from(auth: AuthInput) -> Self {
        match auth {
            AuthInput::ApiKey { api_key } => DraftAuth::ApiKey {
                api_key: Some(api_key),
            },
            AuthInput::OAuth2 {
                client_id,
                client_secret,
                refresh_token,
                mode,
            } => DraftAuth::OAuth2 {
                client_id,
                client_secret: Some(client_secret),
                refresh_token: Some(refresh_token),
                mode,
            },
        }
    }
}

/// A forwarding secret just generated, with the connection it belongs to. The one time the
/// secret leaves the core: the form shows it once for the partner to copy, and it is never read
/// back (only its hint).
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct IssuedForwardingSecret {
    pub connection: Connection,
    pub secret: String,
}

impl From<(Connection, Secret)> for IssuedForwardingSecret {
    fn from((connection, secret): (Connection, Secret)) -> Self {
        Self {
            connection,
            secret: secret.expose().to_string(),
        }
    }
}

/// "Rotate webhook secret": the new secret from Stripe, and the last day (UTC) the current one is
/// still accepted, so events signed with it during the switch are not refused.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RotateWebhookSecret {
    pub biz_id: String,
    #[specta(type = String)]
    pub webhook_secret: Secret,
    /// `YYYY-MM-DD`, today or later.
    pub keep_previous_until: String,
}

/// Only the fields sent change. An empty text clears an optional field.
#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateConnection {
    pub biz_id: String,
    #[serde(default)]
    pub connection_name: Option<String>,
    #[serde(default)]
    pub connection_description: Option<String>,
    #[serde(default)]
    pub stripe_account_id: Option<String>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub api_key: Option<Secret>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub webhook_secret: Option<Secret>,
    #[serde(default)]
    pub partner_endpoint: Option<String>,
    #[serde(default)]
    pub config_json: Option<String>,
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub client_secret: Option<Secret>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub refresh_token: Option<Secret>,
}
