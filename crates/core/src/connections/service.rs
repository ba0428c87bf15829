use std::sync::Arc;

use connectdesk_secrets::{Cipher, SealedSecret, Secret};
use ring::rand::{SecureRandom, SystemRandom};

use super::model::*;
use super::probe::ConnectionTest;
use super::validate;
use crate::audit::{diff, FieldChange};
use crate::guard::{Action, Guard, Reach};
use crate::mode::Mode;
use crate::operators::{Operator, Permission, Scope};
use crate::query::{FilterInput, ListQuery, Page};
use crate::settings::Settings;
use crate::store::{Collection, Store};
use crate::vault::{secrets_error, Vault};
use crate::workspaces::Workspace;
use crate::{CoreError, ErrorCode, FieldChecks, Result};

/// Creates, edits, retires and lists connections; seals secrets with the vault's data key.
/// Reading needs `viewWorkspace`, everything else `manageConnections` (`workspace:manage`) in
/// the connection's workspace; every change is audited with secrets as their hints.
#[derive(Clone)]
pub struct Connections {
    pub(super) collection: Collection<ConnectionRecord>,
    workspaces: Collection<Workspace>,
    settings: Settings,
    pub(super) guard: Guard,
    pub(super) vault: Arc<Vault>,
}

const VIEW: Action = Action::new("connection.view", "connection");
const CREATE: Action = Action::new("connection.create", "connection");
pub(super) const UPDATE: Action = Action::new("connection.update", "connection");
const SET_STATUS: Action = Action::new("connection.setActive", "connection");
const DELETE: Action = Action::new("connection.delete", "connection");
const CHOOSE: Action = Action::new("connection.choose", "workspace");
pub(super) const TEST: Action = Action::new("connection.test", "connection");
pub(super) const TEST_DRAFT: Action = Action::new("connection.testDraft", "connection");
pub(super) const EXPORT: Action = Action::new("connection.export", "workspace");
const WORKSPACE_ID: &str = "workspaceId";

impl Connections {
    pub fn new(store: &Store, vault: Arc<Vault>) -> Result<Connections> {
        Ok(Connections {
            collection: store.collection()?,
            workspaces: store.collection()?,
            settings: Settings::open(store)?,
            guard: Guard::open(store)?,
            vault,
        })
    }

    /// Creates a connection; a workspace's first one (or the first after the one in use was
    /// deleted) becomes the connection in use, as nobody adds one to leave it unused.
    pub fn create(&self, input: CreateConnection) -> Result<Connection> {
        self.guard.change(
            Permission::ManageConnections,
            Scope::workspace(input.workspace_id),
            CREATE,
            "",
            |_| {
                let created = self.insert(input)?;
                if self.in_use(created.workspace_id)?.is_none() {
                    self.settings
                        .set_active_connection(created.workspace_id, Some(&created.biz_id))?;
                }
                Ok(created)
            },
            |created| (created.biz_id.clone(), audit_diff(None, Some(created))),
        )
    }

    /// The live connection a workspace works through, if one is chosen.
    pub fn in_use(&self, workspace_id: u64) -> Result<Option<Connection>> {
        let Some(biz_id) = self.settings.active_connection(workspace_id)? else {
            return Ok(None);
        };
        match self.find(&biz_id) {
            Ok(record) => Ok(Some(Connection::from(&record))),
            Err(err) if err.code == ErrorCode::NotFound => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// Chooses the connection a workspace works through; it must belong to that workspace.
    pub fn choose(&self, workspace_id: u64, biz_id: Option<&str>) -> Result<()> {
        let before = self.settings.active_connection(workspace_id)?;
        self.guard.change(
            Permission::ManageConnections,
            Scope::workspace(workspace_id),
            CHOOSE,
            &workspace_id.to_string(),
            |_| {
                self.workspaces
                    .get(workspace_id)
                    .map_err(|err| on_field(err, "workspaceId"))?;
                if let Some(biz_id) = biz_id {
                    if self.find(biz_id)?.workspace_id != workspace_id {
                        return Err(CoreError::on_field(
                            ErrorCode::InvalidValue,
                            "bizId",
                            "This connection belongs to another workspace.",
                        ));
                    }
                }
                self.settings.set_active_connection(workspace_id, biz_id)
            },
            |_| {
                (
                    String::new(),
                    diff(
                        &serde_json::json!({ "connectionInUse": before }),
                        &serde_json::json!({ "connectionInUse": biz_id }),
                    ),
                )
            },
        )
    }

    /// Refuses (and audits) unless the operator may manage the connection's workspace.
    pub(super) fn allow_manage(
        &self,
        biz_id: &str,
        action: Action,
    ) -> Result<(Operator, ConnectionRecord)> {
        let record = self.find(biz_id)?;
        let by = self.guard.allow(
            Permission::ManageConnections,
            Scope::workspace(record.workspace_id),
            action,
            &record.biz_id,
        )?;
        Ok((by, record))
    }

    /// For a connection not saved yet: the operator must manage the workspace they work in.
    pub(super) fn allow_manage_active(&self, action: Action) -> Result<(Operator, Option<u64>)> {
        let workspace = self.settings.active_workspace()?;
        let scope = workspace.map_or_else(Scope::installation, Scope::workspace);
        let by = self
            .guard
            .allow(Permission::ManageConnections, scope, action, "")?;
        Ok((by, workspace))
    }

    fn insert(&self, input: CreateConnection) -> Result<Connection> {
        let mut checks = FieldChecks::default();
        let connection_name = checks.check(validate::connection_name(&input.connection_name));
        let connection_description = checks.check(optional(
            input.connection_description.as_deref(),
            validate::connection_description,
        ));
        let credentials = checks.check(validate::credentials(&input.auth).map(Some));
        let stripe_account_id = checks
            .check(optional_text(input.stripe_account_id.as_deref(), |raw| {
                validate::stripe_account_id("stripeAccountId", raw)
            }));
        let webhook_secret = checks.check(match &input.webhook_secret {
            Some(secret) if !secret.expose().trim().is_empty() => {
                validate::webhook_secret(secret.expose()).map(|valid| Some(Secret::new(valid)))
            }
            _ => Ok(None),
        });
        let partner_endpoint = checks.check(optional_text(
            input.partner_endpoint.as_deref(),
            validate::partner_endpoint,
        ));
        let config_json = checks.check(optional(
            input.config_json.as_deref(),
            validate::config_json,
        ));
        checks.check(
            self.workspaces
                .get(input.workspace_id)
                .map(drop)
                .map_err(|err| on_field(err, "workspaceId")),
        );
        checks.finish()?;
        let credentials =
            credentials.ok_or_else(|| CoreError::internal("Credentials were not checked."))?;

        let biz_id = new_biz_id()?;
        let cipher = self.vault.cipher()?;
        let mut sealed = SealedSecrets::default();
        let mut hints = SecretHints::default();
        let (auth_scheme, mode, client_id) = match credentials {
            validate::ValidCredentials::ApiKey { key, mode } => {
                seal_into(
                    &cipher,
                    &biz_id,
                    "apiKey",
                    &key,
                    &mut sealed.api_key,
                    &mut hints.api_key,
                )?;
                (AuthScheme::ApiKey, mode, None)
            }
            validate::ValidCredentials::OAuth2 { credentials, mode } => {
                seal_into(
                    &cipher,
                    &biz_id,
                    "clientSecret",
                    &credentials.client_secret,
                    &mut sealed.client_secret,
                    &mut hints.client_secret,
                )?;
                seal_into(
                    &cipher,
                    &biz_id,
                    "refreshToken",
                    &credentials.refresh_token,
                    &mut sealed.refresh_token,
                    &mut hints.refresh_token,
                )?;
                (AuthScheme::OAuth2, mode, Some(credentials.client_id))
            }
        };
        if let Some(secret) = &webhook_secret {
            seal_into(
                &cipher,
                &biz_id,
                "webhookSecret",
                secret,
                &mut sealed.webhook_secret,
                &mut hints.webhook_secret,
            )?;
        }

        let record = ConnectionRecord {
            id: 0,
            biz_id,
            tenant_biz_id: tenant_biz_id(input.workspace_id),
            workspace_id: input.workspace_id,
            connection_name,
            connection_description,
            stripe_account_id,
            auth_scheme,
            mode,
            status: ConnectionStatus::Active.code(),
            partner_endpoint,
            config_json,
            client_id,
            sealed,
            hints,
            last_test: None,
            previous_webhook_secret_until: None,
            created_at: String::new(),
            updated_at: String::new(),
            deleted_at: String::new(),
        };
        Ok(Connection::from(&self.collection.insert(record)?))
    }

    /// Applies only the fields sent; everything is validated and sealed before the one write.
    pub fn update(&self, input: UpdateConnection) -> Result<Connection> {
        let current = self.find(&input.biz_id)?;
        let before = Connection::from(&current);
        self.guard.change(
            Permission::ManageConnections,
            Scope::workspace(current.workspace_id),
            UPDATE,
            &current.biz_id,
            |_| self.apply_update(current.clone(), input),
            |after| (String::new(), audit_diff(Some(&before), Some(after))),
        )
    }

    fn apply_update(
        &self,
        current: ConnectionRecord,
        input: UpdateConnection,
    ) -> Result<Connection> {
        let mut next = current.clone();
        let mut checks = FieldChecks::default();
        if let Some(name) = &input.connection_name {
            next.connection_name = checks.check(validate::connection_name(name));
        }
        if let Some(text) = &input.connection_description {
            next.connection_description = checks.check(validate::connection_description(text));
        }
        checks.check(scheme_takes(current.auth_scheme, &input));
        let api_key = input.api_key.as_ref().map(|key| {
            let key = Secret::new(key.expose().trim());
            let mode = checks.check(validate::api_key_mode(key.expose()));
            (key, mode)
        });
        if let Some(raw) = &input.client_id {
            next.client_id =
                Some(checks.check(validate::oauth_value("clientId", "client id", raw)));
        }
        let client_secret = input.client_secret.as_ref().map(|secret| {
            Secret::new(checks.check(validate::oauth_value(
                "clientSecret",
                "client secret",
                secret.expose(),
            )))
        });
        let refresh_token = input.refresh_token.as_ref().map(|token| {
            Secret::new(checks.check(validate::oauth_value(
                "refreshToken",
                "refresh token",
                token.expose(),
            )))
        });
        if let Some(raw) = &input.stripe_account_id {
            next.stripe_account_id = checks.check(optional_text(Some(raw), |raw| {
                validate::stripe_account_id("stripeAccountId", raw)
            }));
        }
        // Some(None) removes the stored signing secret.
        let webhook_secret = input.webhook_secret.as_ref().map(|secret| {
            let text = secret.expose().trim();
            (!text.is_empty()).then(|| Secret::new(checks.check(validate::webhook_secret(text))))
        });
        if let Some(raw) = &input.partner_endpoint {
            next.partner_endpoint =
                checks.check(optional_text(Some(raw), validate::partner_endpoint));
        }
        if let Some(raw) = &input.config_json {
            next.config_json = checks.check(validate::config_json(raw));
        }
        checks.finish()?;

        let cipher = self.vault.cipher()?;
        let biz_id = current.biz_id.clone();
        if let Some((key, mode)) = api_key {
            next.mode = mode;
            seal_into(
                &cipher,
                &biz_id,
                "apiKey",
                &key,
                &mut next.sealed.api_key,
                &mut next.hints.api_key,
            )?;
        }
        if let Some(secret) = client_secret {
            seal_into(
                &cipher,
                &biz_id,
                "clientSecret",
                &secret,
                &mut next.sealed.client_secret,
                &mut next.hints.client_secret,
            )?;
        }
        if let Some(token) = refresh_token {
            seal_into(
                &cipher,
                &biz_id,
                "refreshToken",
                &token,
                &mut next.sealed.refresh_token,
                &mut next.hints.refresh_token,
            )?;
        }
        match webhook_secret {
            Some(Some(secret)) => seal_into(
                &cipher,
                &biz_id,
                "webhookSecret",
                &secret,
                &mut next.sealed.webhook_secret,
                &mut next.hints.webhook_secret,
            )?,
            Some(None) => {
                next.sealed.webhook_secret = None;
                next.hints.webhook_secret = None;
            }
            None => {}
        }
        // A Test of the old credentials or account says nothing about the new ones.
        if input.api_key.is_some()
            || input.client_secret.is_some()
            || input.refresh_token.is_some()
            || next.client_id != current.client_id
            || next.stripe_account_id != current.stripe_account_id
        {
            next.last_test = None;
        }
        self.replace(current.id, next)
    }

    /// Keeps `test` as the connection's last Test result.
    pub(super) fn record_test(&self, biz_id: &str, test: &ConnectionTest) -> Result<Connection> {
        let current = self.find(biz_id)?;
        let mut next = current.clone();
        next.last_test = Some(LastTest {
            available: test.available,
            reason: test.reason.clone(),
            account_id: test.account_id.clone(),
            target: test.target.clone(),
            tested_at: crate::time::now_iso(),
        });
        self.replace(current.id, next)
    }

    pub fn set_active(&self, biz_id: &str, active: bool) -> Result<Connection> {
        let current = self.find(biz_id)?;
        let before = Connection::from(&current);
        self.guard.change(
            Permission::ManageConnections,
            Scope::workspace(current.workspace_id),
            SET_STATUS,
            &current.biz_id,
            |_| {
                let status = if active {
                    ConnectionStatus::Active
                } else {
                    ConnectionStatus::Inactive
                };
                let mut next = current.clone();
                next.status = status.code();
                self.replace(current.id, next)
            },
            |after| (String::new(), audit_diff(Some(&before), Some(after))),
        )
    }

    /// Soft-deletes the connection and, in the same write, erases its sealed secrets: the
    /// stored record keeps only the hints. sled writes the new record to its log; the old
    /// version's bytes (ciphertext, never plain text) stay in an old log segment until sled
    /// reuses that segment, which no call can force, so they are unreadable through the store
    /// at once but may stay on disk for a while.
    pub fn delete(&self, biz_id: &str) -> Result<()> {
        let current = self.find(biz_id)?;
        let before = Connection::from(&current);
        self.guard.change(
            Permission::ManageConnections,
            Scope::workspace(current.workspace_id),
            DELETE,
            &current.biz_id,
            |_| {
                self.collection
                    .soft_delete_with(current.id, ConnectionRecord::erase_secrets)
                    .map(drop)
            },
            |_| (String::new(), audit_diff(Some(&before), None)),
        )
    }

    /// One connection, for an operator who may see its workspace.
    pub fn get(&self, biz_id: &str) -> Result<Connection> {
        let record = self.find(biz_id)?;
        self.guard.allow(
            Permission::ViewWorkspace,
            Scope::workspace(record.workspace_id),
            VIEW,
            &record.biz_id,
        )?;
        Ok(Connection::from(&record))
    }

    /// The connection whatever the operator, for the core's own use (the header, Stripe
    /// calls); never answered to a command as is.
    pub(crate) fn stored(&self, biz_id: &str) -> Result<Connection> {
        self.find(biz_id).map(|record| Connection::from(&record))
    }

    /// The connections of the workspaces the operator may see. Sortable: id, connectionName,
    /// stripeAccountId, createdAt, updatedAt; filterable also bizId, workspaceId, authScheme,
    /// mode, status.
    pub fn list(&self, query: &ListQuery) -> Result<Page<Connection>> {
        let query = self.guard.narrow(
            Permission::ViewWorkspace,
            VIEW,
            query,
            Reach {
                workspace: WORKSPACE_ID,
                merchant: None,
            },
        )?;
        self.list_all(&query)
    }

    pub(super) fn workspace(&self, id: u64) -> Result<Workspace> {
        self.workspaces
            .get(id)
            .map_err(|err| on_field(err, "workspaceId"))
    }

    /// Every live connection, for the core's own use.
    pub(crate) fn list_all(&self, query: &ListQuery) -> Result<Page<Connection>> {
        let page = self.collection.list(query)?;
        Ok(Page {
            items: page.items.iter().map(Connection::from).collect(),
            end_reached: page.end_reached,
            next_page_token: page.next_page_token,
            total_count: page.total_count,
        })
    }

    /// The credentials needed to call Stripe, unsealed for that one call.
    pub fn credentials(&self, biz_id: &str) -> Result<Credentials> {
        let record = self.find(biz_id)?;
        let cipher = self.vault.cipher()?;
        let unseal = |field: &str, sealed: &Option<String>| -> Result<Option<Secret>> {
            sealed
                .as_deref()
                .map(|text| {
                    let sealed = SealedSecret::from_base64(text).map_err(secrets_error)?;
                    cipher
                        .decrypt(&sealed, &associated_data(&record.biz_id, field))
                        .map_err(secrets_error)
                })
                .transpose()
        };
        Ok(Credentials {
            biz_id: record.biz_id.clone(),
            mode: record.mode,
            auth_scheme: record.auth_scheme,
            stripe_account_id: record.stripe_account_id.clone(),
            api_key: unseal("apiKey", &record.sealed.api_key)?,
            client_secret: unseal("clientSecret", &record.sealed.client_secret)?,
            refresh_token: unseal("refreshToken", &record.sealed.refresh_token)?,
            webhook_secret: unseal("webhookSecret", &record.sealed.webhook_secret)?,
        })
    }

    pub(super) fn find(&self, biz_id: &str) -> Result<ConnectionRecord> {
        let query = ListQuery {
            size: Some("1".into()),
            filters: vec![FilterInput::eq("bizId", biz_id.trim().to_string())],
            ..ListQuery::default()
        };
        self.collection
            .list(&query)?
            .items
            .into_iter()
            .next()
            .ok_or_else(|| {
                CoreError::on_field(
                    ErrorCode::NotFound,
                    "bizId",
                    "This Stripe connection was not found (it may have been deleted).",
                )
            })
    }

    pub(super) fn replace(&self, id: u64, next: ConnectionRecord) -> Result<Connection> {
        // The store keeps `id` and the timestamps as they were.
        let updated = self.collection.update(id, |record| {
            *record = next.clone();
            Ok(())
        })?;
        Ok(Connection::from(&updated))
    }
}

/// Unsealed credentials for one Stripe call; every secret stays wrapped.
#[derive(Debug)]
pub struct Credentials {
    pub biz_id: String,
    pub mode: Mode,
    pub auth_scheme: AuthScheme,
    pub stripe_account_id: Option<String>,
    pub api_key: Option<Secret>,
    pub client_secret: Option<Secret>,
    pub refresh_token: Option<Secret>,
    pub webhook_secret: Option<Secret>,
}

/// The audit view of a connection: what an operator set, with secrets as their hints.
pub(super) fn audit_diff(
    before: Option<&Connection>,
    after: Option<&Connection>,
) -> Vec<FieldChange> {
    let view = |connection: Option<&Connection>| {
        connection.map_or(serde_json::Value::Null, |c| {
            serde_json::json!({
                "workspaceId": c.workspace_id,
                "connectionName": c.connection_name,
                "connectionDescription": c.connection_description,
                "stripeAccountId": c.stripe_account_id,
                "authScheme": c.auth_scheme,
                "mode": c.mode,
                "status": c.status_name,
                "partnerEndpoint": c.partner_endpoint,
                "configJson": c.config_json,
                "clientId": c.client_id,
                "hints": c.hints,
            })
        })
    };
    diff(&view(before), &view(after))
}

/// Binds a ciphertext to its connection and field: moved elsewhere, it no longer decrypts.
pub(super) fn associated_data(biz_id: &str, field: &str) -> String {
    format!("{biz_id}/{field}")
}

pub(super) fn seal_into(
    cipher: &Cipher,
    biz_id: &str,
    field: &str,
    secret: &Secret,
    sealed: &mut Option<String>,
    hint: &mut Option<String>,
) -> Result<()> {
    let blob = cipher
        .encrypt(secret, &associated_data(biz_id, field))
        .map_err(secrets_error)?;
    *sealed = Some(blob.to_base64());
    *hint = Some(secret.hint());
    Ok(())
}

fn new_biz_id() -> Result<String> {
    let mut bytes = [0u8; 8];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| CoreError::internal("The system random number generator failed."))?;
    Ok(format!(
        "sc_{}",
        bytes
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect::<String>()
    ))
}

fn tenant_biz_id(workspace_id: u64) -> String {
    format!("tn_{workspace_id:06}")
}

fn optional<T>(raw: Option<&str>, rule: impl Fn(&str) -> Result<Option<T>>) -> Result<Option<T>> {
    raw.map(rule).transpose().map(Option::flatten)
}

/// Empty or absent means none; anything else must pass the rule.
fn optional_text(
    raw: Option<&str>,
    rule: impl Fn(&str) -> Result<String>,
) -> Result<Option<String>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => rule(text).map(Some),
    }
}

fn on_field(mut err: CoreError, field: &str) -> CoreError {
    err.field = Some(field.to_string());
    err
}

/// An update may only send the credentials of the connection's own scheme.
fn scheme_takes(scheme: AuthScheme, input: &UpdateConnection) -> Result<()> {
    let wants_oauth_fields =
        input.client_id.is_some() || input.client_secret.is_some() || input.refresh_token.is_some();
    match scheme {
        AuthScheme::ApiKey if wants_oauth_fields => Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            "authScheme",
            "This connection uses an API key; OAuth2 fields do not apply.",
        )),
        AuthScheme::OAuth2 if input.api_key.is_some() => Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            "apiKey",
            "This connection uses OAuth2; it has no API key.",
        )),
        _ => Ok(()),
    }
}
