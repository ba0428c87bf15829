//! Errors of starting, running and stopping the simulator (not Stripe API errors: those are
//! [`crate::wire::ApiError`] and travel over HTTP).

use std::net::SocketAddr;

/// Why the simulator could not start or stop cleanly.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    /// A non-loopback listen address was given without opting in.
    #[error(
        "refusing to listen on non-loopback address {0}; opt in with allow_remote / --allow-remote"
    )]
    NonLoopback(SocketAddr),
    /// The sled data directory could not be opened, read or written.
    #[error("storage error: {0}")]
    Storage(#[from] sled::Error),
    /// A stored record could not be decoded.
    #[error("stored record `{key}` in `{table}` is unreadable: {source}")]
    CorruptRecord {
        table: String,
        key: String,
        #[source]
        source: serde_json::Error,
    },
    /// A record could not be encoded for storage.
    #[error("cannot encode record for storage: {0}")]
    Encode(#[source] serde_json::Error),
    /// The HTTP server failed.
    #[error("server error: {0}")]
    Serve(#[source] std::io::Error),
    /// A tokio runtime could not be created (blocking start).
    #[error("cannot create the simulator runtime: {0}")]
    Runtime(#[source] std::io::Error),
    /// The simulator thread ended before reporting its address (blocking start).
    #[error("the simulator thread stopped unexpectedly")]
    ThreadGone,
}
