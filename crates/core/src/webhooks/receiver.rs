//! The local receiver: an HTTP server bound to 127.0.0.1 only, one path per connection
//! (`POST /webhooks/{connectionId}`), for the sandbox, `stripe listen --forward-to` or a tunnel.
//! It answers 200 only once the event is in the inbox on disk, so an event Stripe thinks was
//! delivered is never lost; a refusal is 400 without saying which part failed (the reason is
//! kept in the inbox's refusals), anything else Stripe retries.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use connectdesk_secrets::Secret;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use super::inbox::{EventSource, Inbox};
use super::signature::{verify, MAX_BODY_BYTES};
use crate::{CoreError, Result};

/// Where the receiver finds a connection's webhook secrets (current first, then the previous
/// one while a rotation lasts). `None`: no such connection, or it has no webhook secret.
pub trait WebhookSecrets: Send + Sync + 'static {
    fn secrets(&self, connection_id: u64) -> Option<Vec<Secret>>;
}

struct Shared {
    inbox: Inbox,
    secrets: Arc<dyn WebhookSecrets>,
    clock: fn() -> i64,
}

/// A running receiver; dropping it (or [`RunningReceiver::stop`]) stops it.
pub struct RunningReceiver {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
}

impl RunningReceiver {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL Stripe (or `stripe listen --forward-to`) posts a connection's events to.
    pub fn url_for(&self, connection_id: u64) -> String {
        format!("http://{}/webhooks/{connection_id}", self.addr)
    }

    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for RunningReceiver {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Starts the receiver on 127.0.0.1:`port` (0: any free port) on the current Tokio runtime.
pub async fn start(
    port: u16,
    inbox: Inbox,
    secrets: Arc<dyn WebhookSecrets>,
) -> Result<RunningReceiver> {
    start_with_clock(port, inbox, secrets, unix_now).await
}

async fn start_with_clock(
    port: u16,
    inbox: Inbox,
    secrets: Arc<dyn WebhookSecrets>,
    clock: fn() -> i64,
) -> Result<RunningReceiver> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
        .await
        .map_err(|err| {
            CoreError::internal(format!(
                "The webhook receiver could not listen on 127.0.0.1:{port}: {err}"
            ))
        })?;
    let addr = listener.local_addr().map_err(|err| {
        CoreError::internal(format!("The webhook receiver has no address: {err}"))
    })?;
    let shared = Arc::new(Shared {
        inbox,
        secrets,
        clock,
    });
    let app = Router::new()
        .route("/webhooks/{connection}", post(deliver))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(shared);
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let server = axum::serve(listener, app).with_graceful_shutdown(async {
            let _ = stopped.await;
        });
        if let Err(err) = server.await {
            tracing::warn!("webhook receiver stopped: {err}");
        }
    });
    Ok(RunningReceiver {
        addr,
        stop: Some(stop),
    })
}

async fn deliver(
    State(shared): State<Arc<Shared>>,
    Path(connection): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, &'static str) {
    let Ok(connection_id) = connection.parse::<u64>() else {
        return (StatusCode::NOT_FOUND, "no such connection");
    };
    let signature = headers
        .get("stripe-signature")
        .and_then(|value| value.to_str().ok())
        .map(str::to_string);
    // Unsealing, hashing and the flushed write are blocking work.
    let outcome = tokio::task::spawn_blocking(move || {
        accept(&shared, connection_id, signature.as_deref(), &body)
    })
    .await;
    match outcome {
        Ok(Outcome::Stored) => (StatusCode::OK, "received"),
        Ok(Outcome::Refused) => (StatusCode::BAD_REQUEST, "invalid webhook"),
        Ok(Outcome::Failed) | Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "try again"),
    }
}

enum Outcome {
    /// In the inbox (now, or already before).
    Stored,
    Refused,
    /// Not stored for a reason of ours: the sender tries again.
    Failed,
}

fn accept(shared: &Shared, connection_id: u64, signature: Option<&str>, body: &[u8]) -> Outcome {
    let refuse = |reason: &str| {
        if let Err(err) = shared.inbox.refuse(Some(connection_id), reason) {
            tracing::warn!("could not keep a refused webhook: {}", err.message);
        }
        Outcome::Refused
    };
    let Some(secrets) = shared.secrets.secrets(connection_id) else {
        return refuse("no connection with a webhook secret has this id");
    };
    let keys: Vec<&str> = secrets.iter().map(Secret::expose).collect();
    if let Err(refusal) = verify(signature, body, &keys, (shared.clock)()) {
        return refuse(refusal.words());
    }
    match shared
        .inbox
        .receive(connection_id, body, EventSource::Receiver)
    {
        Ok(_) => Outcome::Stored,
        Err(err) if err.code == crate::ErrorCode::InvalidValue => refuse(&err.message),
        Err(err) => {
            tracing::warn!("could not store a webhook: {}", err.message);
            Outcome::Failed
        }
    }
}
