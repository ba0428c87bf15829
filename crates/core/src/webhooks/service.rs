//! The events service: where each connection's events come from and go. The receiver and the
//! poller put events into the inbox; [`Events::apply_pending`] applies them in order, each
//! against the Stripe it came from. Connection `0` is the offline sandbox, whose endpoint the
//! app registers at the simulator itself ([`Events::register_sandbox`]).

use std::sync::{Arc, Mutex};

use connectdesk_secrets::Secret;
use connectdesk_stripe::webhook_endpoints::{self, CreateWebhookEndpoint, ListWebhookEndpoints};
use connectdesk_stripe::{Metadata, Page as StripePage};
use time::OffsetDateTime;

use super::apply::{Applied, EventAppliers, RecordsChanged};
use super::forward::{DeliverySummary, ForwardingSecrets, Outbox};
use super::inbox::{EventState, Inbox, InboxEvent};
use super::poller::{PollSummary, Poller};
use super::receiver::WebhookSecrets;
use crate::connections::Connections;
use crate::guard::Guard;
use crate::journal::{
    Journal, NewOperation, OperationKind, OperationState, Reconcile, WriteError, METADATA_OPERATION,
};
use crate::settings::Settings;
use crate::store::Store;
use crate::stripe_access::StripeContext;
use crate::stripe_errors::stripe_failure;
use crate::stripe_gateway::StripeGateway;
use crate::{CoreError, ErrorCode, Result};

/// The receiver path of the offline sandbox's events.
pub const SANDBOX_CONNECTION: u64 = 0;

/// Events applied per round; the applier goes round again while more wait.
const BATCH: usize = 50;

#[derive(Clone)]
pub struct Events {
    inbox: Inbox,
    poller: Poller,
    outbox: Outbox,
    http: reqwest::Client,
    appliers: EventAppliers,
    connections: Connections,
    journal: Journal,
    guard: Guard,
    /// The active workspace: whose operators may read the sandbox's events.
    settings: Settings,
    /// The signing secrets of the sandbox's endpoints (Connect and platform), from this run's
    /// registration; the simulator shows a secret only when the endpoint is created.
    sandbox_secrets: Arc<Mutex<Vec<Secret>>>,
}

impl Events {
    pub fn new(
        store: &Store,
        appliers: EventAppliers,
        connections: Connections,
        journal: Journal,
        guard: Guard,
    ) -> Result<Self> {
        // The partner's answer must come from the partner: no redirects elsewhere.
        let tls = connectdesk_stripe::tls_config()
            .map_err(|err| CoreError::internal(format!("Cannot set up TLS: {err}")))?;
        let http = reqwest::Client::builder()
            .use_preconfigured_tls(tls)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(super::forward::REQUEST_TIMEOUT)
            .build()
            .map_err(|err| {
                CoreError::internal(format!("Cannot build the forwarding client: {err}"))
            })?;
        Ok(Self {
            inbox: Inbox::new(store)?,
            poller: Poller::new(store)?,
            outbox: Outbox::new(store)?,
            http,
            appliers,
            connections,
            journal,
            guard,
            settings: Settings::open(store)?,
            sandbox_secrets: Arc::new(Mutex::new(Vec::new())),
        })
    }

    pub fn inbox(&self) -> &Inbox {
        &self.inbox
    }

    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    pub(super) fn guard(&self) -> &Guard {
        &self.guard
    }

    pub(super) fn connections(&self) -> &Connections {
        &self.connections
    }

    pub(super) fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Reads what connection `id`'s Stripe has since the last poll: the platform's own events
    /// and those of every connected account ConnectDesk onboarded there. The safety net for
    /// webhooks that never arrived (the app or the listener was off).
    pub async fn poll(
        &self,
        platforms: &dyn EventPlatforms,
        id: u64,
        now: i64,
    ) -> Result<PollSummary> {
        let Some(platform) = platforms.platform(id)? else {
            return Ok(PollSummary::default());
        };
        let mut total = self
            .poller
            .poll(&platform.client, id, None, &self.inbox, now)
            .await?;
        let place = (platform.mode_code(), platform.offline());
        for account in self.appliers.onboarding.account_ids(place.0, place.1)? {
            let summary = self
                .poller
                .poll(&platform.client, id, Some(&account), &self.inbox, now)
                .await?;
            total.new += summary.new;
            total.duplicates += summary.duplicates;
            total.newest = total.newest.max(summary.newest);
        }
        Ok(total)
    }

    /// One round: every source polled when `poll` (the sandbox while it runs, else each
    /// active connection), every waiting event applied, every due forward sent. Returns what
    /// changed. A source that cannot be read now is skipped until the next round.
    pub async fn round(
        &self,
        gateway: &StripeGateway,
        poll: bool,
        now: i64,
    ) -> Result<Vec<RecordsChanged>> {
        let platforms = GatewayPlatforms {
            gateway,
            connections: &self.connections,
        };
        if poll {
            let sources = if gateway.target()?.is_sandbox() {
                vec![SANDBOX_CONNECTION]
            } else {
                self.connections.active_ids()?
            };
            for id in sources {
                if let Err(err) = self.poll(&platforms, id, now).await {
                    tracing::warn!("could not read connection {id}'s events: {}", err.message);
                }
            }
        }
        let arrived = !self.inbox.pending(1)?.is_empty() || self.inbox.take_refused() > 0;
        let mut changes = self.apply_pending(&platforms).await?;
        let forwarded = match self.forward_due(now).await {
            Ok(summary) => summary.delivered + summary.retrying + summary.failed > 0,
            Err(err) => {
                tracing::warn!("could not forward events: {}", err.message);
                false
            }
        };
        if arrived || forwarded {
            changes.push(RecordsChanged::events_section());
        }
        Ok(changes)
    }

    /// Sends every forward that is due to its partner endpoint.
    pub async fn forward_due(&self, now: i64) -> Result<DeliverySummary> {
        let secrets = PartnerSecrets {
            connections: self.connections.clone(),
        };
        self.outbox.deliver_due(&self.http, &secrets, now).await
    }

    /// What the receiver checks signatures with.
    pub fn receiver_secrets(&self) -> Arc<dyn WebhookSecrets> {
        Arc::new(ReceiverSecrets {
            connections: self.connections.clone(),
            sandbox: Arc::clone(&self.sandbox_secrets),
        })
    }

    /// Applies every waiting event, oldest first, and returns what changed. An event whose
    /// Stripe cannot be reached now stays pending for the next round; one that fails otherwise
    /// is marked failed with the reason.
    pub async fn apply_pending(
        &self,
        platforms: &dyn EventPlatforms,
    ) -> Result<Vec<RecordsChanged>> {
        let mut changes = Vec::new();
        loop {
            let batch = self.inbox.pending(BATCH)?;
            let mut progressed = false;
            for event in &batch {
                let platform = match platforms.platform(event.connection_id) {
                    Ok(Some(platform)) => platform,
                    Ok(None) => {
                        self.inbox.settle(
                            event.id,
                            EventState::Ignored,
                            Some("Its connection is gone or inactive.".into()),
                        )?;
                        progressed = true;
                        continue;
                    }
                    // The sandbox is off or the vault locked: try again later.
                    Err(_) => continue,
                };
                match self.apply_one(&platform, event).await {
                    Ok(Some(change)) => changes.push(change),
                    Ok(None) => {}
                    Err(err) if err.code == ErrorCode::ServiceUnavailable => continue,
                    Err(err) => {
                        self.inbox
                            .settle(event.id, EventState::Failed, Some(err.message))?;
                    }
                }
                progressed = true;
            }
            if batch.len() < BATCH || !progressed {
                return Ok(changes);
            }
        }
    }

    async fn apply_one(
        &self,
        platform: &StripeContext,
        event: &InboxEvent,
    ) -> Result<Option<RecordsChanged>> {
        let applied = self.appliers.apply(platform, event).await?;
        // The partner hears of every event of its list, whether or not ConnectDesk keeps it.
        if let Some((signer, label, url)) = self.partner_for(event.connection_id)? {
            self.outbox
                .enqueue_signed_by(event, &label, &url, Some(signer))?;
        }
        match applied {
            Applied::Changed(change) => {
                let outcome = format!("Updated {}", change.sections.join(", "));
                self.inbox
                    .settle(event.id, EventState::Applied, Some(outcome))?;
                Ok(Some(change))
            }
            Applied::Ignored(why) => {
                self.inbox
                    .settle(event.id, EventState::Ignored, Some(why))?;
                Ok(None)
            }
        }
    }

    /// Where connection `id`'s events are forwarded: its partner endpoint (the connection that
    /// signs, its name, the URL). The sandbox's go to the partner of the active workspace's
    /// connection, so forwarding works end to end offline.
    fn partner_for(&self, id: u64) -> Result<Option<(u64, String, String)>> {
        let connection = if id == SANDBOX_CONNECTION {
            let Some(workspace) = self.settings.active_workspace()? else {
                return Ok(None);
            };
            match self.connections.in_use(workspace)? {
                Some(connection) => connection.id,
                None => return Ok(None),
            }
        } else {
            id
        };
        Ok(self
            .connections
            .partner_of(connection)?
            .map(|(label, url)| (connection, label, url)))
    }

    /// Registers `url` (the receiver's sandbox path) at the running simulator for every event,
    /// once for connected accounts' events and once for the platform's, replacing endpoints
    /// earlier runs registered there; keeps the two signing secrets for the receiver.
    pub async fn register_sandbox(&self, ctx: &StripeContext, url: &str) -> Result<()> {
        let failed =
            |what: &str, err: connectdesk_stripe::Error| stripe_failure(what, &err, &ctx.target);
        let listed = ctx
            .client
            .list_webhook_endpoints(&ListWebhookEndpoints {
                page: StripePage::limit(100),
            })
            .await
            .map_err(|err| failed("list the sandbox's webhook endpoints", err))?;
        for old in listed.data.iter().filter(|e| is_ours(&e.url)) {
            self.remove_sandbox_endpoint(ctx, &old.id).await?;
        }
        let mut secrets = Vec::new();
        for connect in [true, false] {
            let new = NewOperation {
                kind: OperationKind::WebhookEndpointCreate,
                summary: format!(
                    "Register the app's receiver for the sandbox's {} events",
                    if connect {
                        "connected accounts'"
                    } else {
                        "platform"
                    }
                ),
                subject: None,
                operator: None,
                reconcile: Reconcile::Created {
                    list_path: "/v1/webhook_endpoints".into(),
                },
                apply_locally: false,
                context: serde_json::Value::Null,
            };
            let done = self
                .journal
                .execute(ctx, SANDBOX_CONNECTION, new, |op| {
                    let mut metadata = Metadata::new();
                    metadata.insert(METADATA_OPERATION.into(), op.as_str().into());
                    webhook_endpoints::create(
                        &CreateWebhookEndpoint {
                            connect: Some(connect),
                            metadata,
                            description: Some("ConnectDesk's local receiver".into()),
                            ..CreateWebhookEndpoint::new(url, ["*"])
                        },
                        op,
                    )
                })
                .await
                .map_err(|err| match err {
                    WriteError::NotSent(err) => err,
                    WriteError::Stripe { error, .. } => stripe_failure(
                        "register the app's receiver in the sandbox",
                        &error,
                        &ctx.target,
                    ),
                })?;
            let secret = done.result.object.secret.ok_or_else(|| {
                CoreError::internal(
                    "The sandbox answered a new webhook endpoint without its secret",
                )
            })?;
            secrets.push(Secret::new(secret.expose()));
        }
        *self
            .sandbox_secrets
            .lock()
            .map_err(|_| CoreError::internal("The sandbox secrets lock was poisoned"))? = secrets;
        Ok(())
    }
}

impl Events {
    /// Removes an endpoint an earlier run registered, through the journal like every write. An
    /// endpoint that is gone already (404) is what was asked for: the journal settles it done.
    async fn remove_sandbox_endpoint(&self, ctx: &StripeContext, endpoint_id: &str) -> Result<()> {
        // The path exactly as the delete sends it (the id percent-encoded).
        let path = webhook_endpoints::delete(endpoint_id)
            .spec()
            .path()
            .to_string();
        let new = NewOperation {
            kind: OperationKind::WebhookEndpointDelete,
            summary: format!("Remove the sandbox webhook endpoint {endpoint_id} of an earlier run"),
            subject: Some(endpoint_id.to_string()),
            operator: None,
            reconcile: Reconcile::State {
                path,
                field: "deleted".into(),
                expected: "true".into(),
            },
            apply_locally: false,
            context: serde_json::Value::Null,
        };
        let sent = self
            .journal
            .execute(ctx, SANDBOX_CONNECTION, new, |op| {
                Ok(webhook_endpoints::delete_durable(endpoint_id, op))
            })
            .await;
        match sent {
            Ok(_) => Ok(()),
            Err(WriteError::Stripe { operation, .. })
                if operation.state == OperationState::Completed =>
            {
                Ok(())
            }
            Err(WriteError::NotSent(err)) => Err(err),
            Err(WriteError::Stripe { error, .. }) => Err(stripe_failure(
                "remove an old sandbox webhook endpoint",
                &error,
                &ctx.target,
            )),
        }
    }
}

/// The Stripe each connection's events come from.
pub trait EventPlatforms: Send + Sync {
    /// `None` when connection `id` is gone or inactive; an error when its Stripe cannot be
    /// reached now (the sandbox is off, the vault is locked).
    fn platform(&self, id: u64) -> Result<Option<StripeContext>>;
}

/// The app's: the sandbox for connection 0, else the connection's own key.
pub struct GatewayPlatforms<'a> {
    pub gateway: &'a StripeGateway,
    pub connections: &'a Connections,
}

impl EventPlatforms for GatewayPlatforms<'_> {
    fn platform(&self, id: u64) -> Result<Option<StripeContext>> {
        let gateway = self.gateway;
        if id == SANDBOX_CONNECTION {
            if !gateway.target()?.is_sandbox() {
                return Err(CoreError::new(
                    ErrorCode::ServiceUnavailable,
                    "The offline sandbox is off.",
                ));
            }
            return StripeContext::sandbox(gateway).map(Some);
        }
        // A connection's objects are read again from its own Stripe, never from the sandbox.
        if gateway.target()?.is_sandbox() {
            return Err(CoreError::new(
                ErrorCode::ServiceUnavailable,
                "This connection's events wait until the offline sandbox is switched off.",
            ));
        }
        match self.connections.credentials_of(id)? {
            Some(credentials) => StripeContext::connection(gateway, &credentials).map(Some),
            None => Ok(None),
        }
    }
}

/// An endpoint an earlier run of the app registered for the sandbox.
fn is_ours(url: &str) -> bool {
    url.starts_with("http://127.0.0.1:")
        && url.ends_with(&format!("/webhooks/{SANDBOX_CONNECTION}"))
}

struct PartnerSecrets {
    connections: Connections,
}

impl ForwardingSecrets for PartnerSecrets {
    fn secret(&self, connection_id: u64) -> Option<Secret> {
        match self.connections.forwarding_secret_of(connection_id) {
            Ok(secret) => secret,
            Err(err) => {
                tracing::warn!(
                    "cannot read a connection's forwarding secret: {}",
                    err.message
                );
                None
            }
        }
    }
}

struct ReceiverSecrets {
    connections: Connections,
    sandbox: Arc<Mutex<Vec<Secret>>>,
}

impl WebhookSecrets for ReceiverSecrets {
    fn secrets(&self, connection_id: u64) -> Option<Vec<Secret>> {
        if connection_id == SANDBOX_CONNECTION {
            let secrets = self.sandbox.lock().ok()?.clone();
            return (!secrets.is_empty()).then_some(secrets);
        }
        let today = OffsetDateTime::now_utc().date();
        match self.connections.webhook_secrets_of(connection_id, today) {
            Ok(secrets) => secrets,
            Err(err) => {
                tracing::warn!(
                    "cannot read a connection's webhook secrets: {}",
                    err.message
                );
                None
            }
        }
    }
}
