//! Binding, serving and stopping a simulator.

mod blocking;
mod listener;
mod router;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::SimConfig;
use crate::error::Error;
use crate::sim::Sim;
use crate::store::Persist;
use crate::webhook::WebhookHub;
pub use blocking::BlockingSim;
pub use listener::ConnInfo;
use listener::SimListener;

/// How long shutdown waits for open connections.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A running simulator. Stop it with [`RunningSim::shutdown`]; dropping it stops it too
/// (without waiting).
pub struct RunningSim {
    base_url: String,
    addr: SocketAddr,
    sim: Arc<Sim>,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
    background: Vec<JoinHandle<()>>,
}

/// Binds `config.listen` and serves the simulator on the current tokio runtime.
pub async fn start(config: SimConfig) -> Result<RunningSim, Error> {
    if !config.listen.ip().is_loopback() && !config.allow_remote {
        return Err(Error::NonLoopback(config.listen));
    }
    // reqwest (webhooks) uses rustls without a default provider; another crate may already
    // have installed one, which is fine.
    let _ = rustls::crypto::ring::default_provider().install_default();

    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|source| Error::Bind {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| Error::Bind {
        addr: config.listen,
        source,
    })?;
    let base_url = format!("http://{addr}");
    let persist = match &config.data_dir {
        Some(dir) => Some(Persist::open(dir)?),
        None => None,
    };
    let (hub, worker) = WebhookHub::new(config.webhook.clone());
    let sim = Arc::new(Sim::new(
        persist,
        base_url.clone(),
        config.stripe_fee,
        config.api_keys,
        hub,
    )?);

    let (stop, stopped) = oneshot::channel::<()>();
    let app = router::router(sim.clone()).into_make_service_with_connect_info::<ConnInfo>();
    let server = tokio::spawn(async move {
        axum::serve(SimListener::new(listener), app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    let ticker = {
        let sim = sim.clone();
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(Duration::from_secs(1));
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                interval.tick().await;
                sim.tick();
            }
        })
    };
    let webhooks = tokio::spawn(worker.run());
    tracing::info!(%base_url, "stripe-sim listening");
    Ok(RunningSim {
        base_url,
        addr,
        sim,
        stop: Some(stop),
        server: Some(server),
        background: vec![ticker, webhooks],
    })
}

/// The simulated clock of a running simulator, for in-process callers (the app's sandbox
/// settings); the same as the `/_sim/clock` test controls.
#[derive(Clone)]
pub struct SimClock(Arc<Sim>);

impl SimClock {
    /// Simulated now (unix seconds).
    pub fn now(&self) -> i64 {
        self.0.with_ctx(None, Default::default(), |ctx| ctx.now())
    }

    /// Moves simulated time forward by `secs` (never back) and applies what became due
    /// (funds available, payouts submitted and arrived); returns the new now.
    pub fn advance(&self, secs: i64) -> i64 {
        self.0.advance_clock(secs.max(0))
    }
}

impl std::fmt::Debug for SimClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SimClock")
    }
}

impl RunningSim {
    /// The simulated clock.
    pub fn clock(&self) -> SimClock {
        SimClock(self.sim.clone())
    }

    /// `http://127.0.0.1:PORT`: the base URL for the Stripe client (and `files.stripe.com`).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving, waits for open connections (up to 5 s) and flushes state to disk.
    pub async fn shutdown(mut self) -> Result<(), Error> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            match tokio::time::timeout(SHUTDOWN_GRACE, server).await {
                Ok(Ok(Ok(()))) => {}
                Ok(Ok(Err(err))) => return Err(Error::Serve(err)),
                Ok(Err(join)) => tracing::warn!(error = %join, "server task failed"),
                Err(_) => tracing::warn!("connections still open after the shutdown grace period"),
            }
        }
        for task in self.background.drain(..) {
            task.abort();
            let _ = task.await;
        }
        self.sim.flush()
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        for task in &self.background {
            task.abort();
        }
        if let Err(err) = self.sim.flush() {
            tracing::warn!(error = %err, "could not flush stripe-sim state");
        }
    }
}
