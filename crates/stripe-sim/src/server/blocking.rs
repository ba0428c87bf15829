//! Running the simulator from non-async code: it gets its own thread and tokio runtime.

use std::net::SocketAddr;
use std::sync::mpsc;
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use crate::config::SimConfig;
use crate::error::Error;
use crate::server::{start, SimClock};

/// A simulator on its own thread. Dropping it stops the simulator (and waits for it).
pub struct BlockingSim {
    base_url: String,
    addr: SocketAddr,
    clock: SimClock,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<Result<(), Error>>>,
}

impl BlockingSim {
    /// Starts a simulator on a new thread and returns once it listens.
    pub fn start(config: SimConfig) -> Result<Self, Error> {
        let (ready_tx, ready_rx) = mpsc::channel();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("stripe-sim".into())
            .spawn(move || -> Result<(), Error> {
                let runtime = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .thread_name("stripe-sim-worker")
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(err) => {
                        let _ = ready_tx.send(Err(Error::Runtime(err)));
                        return Ok(());
                    }
                };
                runtime.block_on(async move {
                    match start(config).await {
                        Ok(sim) => {
                            let _ = ready_tx.send(Ok((
                                sim.base_url().to_owned(),
                                sim.addr(),
                                sim.clock(),
                            )));
                            let _ = stopped.await;
                            sim.shutdown().await
                        }
                        Err(err) => {
                            let _ = ready_tx.send(Err(err));
                            Ok(())
                        }
                    }
                })
            })
            .map_err(Error::Runtime)?;
        let (base_url, addr, clock) = ready_rx.recv().map_err(|_| Error::ThreadGone)??;
        Ok(Self {
            base_url,
            addr,
            clock,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The simulated clock.
    pub fn clock(&self) -> SimClock {
        self.clock.clone()
    }

    /// Stops the simulator and waits for it (state is flushed to disk).
    pub fn shutdown(mut self) -> Result<(), Error> {
        self.stop_and_join()
    }

    fn stop_and_join(&mut self) -> Result<(), Error> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take() {
            Some(thread) => thread.join().map_err(|_| Error::ThreadGone)?,
            None => Ok(()),
        }
    }
}

impl Drop for BlockingSim {
    fn drop(&mut self) {
        if let Err(err) = self.stop_and_join() {
            tracing::warn!(error = %err, "stripe-sim did not stop cleanly");
        }
    }
}
