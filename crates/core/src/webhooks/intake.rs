//! Keeps the way events come in running: the receiver on the port from Settings (restarted
//! when the port changes) and, while the sandbox runs, the receiver registered at it.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::sync::Mutex as AsyncMutex;

use super::receiver::{self, RunningReceiver};
use super::service::{Events, SANDBOX_CONNECTION};
use crate::stripe_access::StripeContext;
use crate::stripe_gateway::{StripeGateway, Target};
use crate::Result;

#[derive(Default)]
struct State {
    receiver: Option<RunningReceiver>,
    port: u16,
    /// Why the receiver is not running (the port is taken, ...), in words.
    error: Option<String>,
    /// The simulator (its base URL) the receiver is registered at.
    registered_at: Option<String>,
}

/// What Settings shows of the receiver.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntakeStatus {
    /// `http://127.0.0.1:PORT` while it runs.
    pub receiver_url: Option<String>,
    pub error: Option<String>,
}

#[derive(Default)]
pub struct Intake {
    /// Held across the receiver's start and the registration, so rounds never overlap.
    state: AsyncMutex<State>,
    /// What the last round left, for [`Intake::status`] without waiting on a round.
    seen: Mutex<Option<IntakeStatus>>,
    last_poll: Mutex<Option<Instant>>,
}

/// How often the Events API is read besides at start: webhooks bring events at once, so the
/// poll only catches what they missed.
pub const POLL_EVERY: Duration = Duration::from_secs(300);

impl Intake {
    /// True at the first call and then once every [`POLL_EVERY`].
    pub fn poll_due(&self) -> bool {
        let Ok(mut last) = self.last_poll.lock() else {
            return false;
        };
        let due = last.is_none_or(|at| at.elapsed() >= POLL_EVERY);
        if due {
            *last = Some(Instant::now());
        }
        due
    }

    pub fn status(&self) -> IntakeStatus {
        self.seen
            .lock()
            .ok()
            .and_then(|seen| seen.clone())
            .unwrap_or_default()
    }

    /// Starts the receiver on `port` unless it runs there already, and registers it at the
    /// running sandbox unless it is registered there. Runs on a Tokio runtime.
    pub async fn ensure(&self, events: &Events, gateway: &StripeGateway, port: u16) -> Result<()> {
        let mut state = self.state.lock().await;
        let result = Self::bring_up(&mut state, events, gateway, port).await;
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(IntakeStatus {
                receiver_url: state
                    .receiver
                    .as_ref()
                    .map(|r| format!("http://{}", r.addr())),
                error: state.error.clone(),
            });
        }
        result
    }

    async fn bring_up(
        state: &mut State,
        events: &Events,
        gateway: &StripeGateway,
        port: u16,
    ) -> Result<()> {
        let (url, sandbox) = {
            if state.receiver.is_none() || state.port != port {
                // The old one first, so a restart on the same port can bind it.
                state.receiver = None;
                state.registered_at = None;
                match receiver::start(port, events.inbox().clone(), events.receiver_secrets()).await
                {
                    Ok(running) => {
                        tracing::info!("webhook receiver listening on {}", running.addr());
                        state.receiver = Some(running);
                        state.error = None;
                    }
                    Err(err) => {
                        state.error = Some(format!(
                            "The webhook receiver could not listen on 127.0.0.1:{port}; choose another port in Settings. ({})",
                            err.message
                        ));
                    }
                }
                state.port = port;
            }
            let Some(running) = &state.receiver else {
                return Ok(());
            };
            let sandbox = match gateway.target()? {
                Target::Sandbox { base_url } if state.registered_at.as_ref() != Some(&base_url) => {
                    Some(base_url)
                }
                _ => None,
            };
            (running.url_for(SANDBOX_CONNECTION), sandbox)
        };
        if let Some(base_url) = sandbox {
            events
                .register_sandbox(&StripeContext::sandbox(gateway)?, &url)
                .await?;
            state.registered_at = Some(base_url);
        }
        Ok(())
    }
}
