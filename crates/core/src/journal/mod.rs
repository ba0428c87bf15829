//! The operations journal: every Stripe write happens exactly once, even across crashes.
//!
//! 1. Before the first attempt a write is recorded and flushed: a stable reference, its
//!    idempotency key, the request as sent (no secrets), the target and who asked.
//! 2. Stripe's definitive answer settles it (the object id, or the refusal with its request id).
//! 3. An unknown outcome (network, timeout, crash, 409/429/5xx) stays pending. The resumer
//!    sends it again with the same key inside Stripe's 24-hour window, and past the window, or
//!    when Stripe replays a stored server error, reads Stripe instead; what it cannot settle
//!    waits for a person ("needs a decision"), never retried silently.
//!
//! The journal is also the client's durable key store ([`Journal`] implements
//! `IdempotencyKeys`), and it refuses keys for anything it has not recorded.

mod book;
mod model;
mod resume;
mod send;

pub use book::{Journal, OpenCounts, DEFAULT_RETENTION_DAYS, RESEND_WINDOW_SECS};
pub use model::{
    NewOperation, Operation, OperationKind, OperationState, OperationTarget, Reconcile,
    StripeFailure, METADATA_OPERATION,
};
pub use resume::{ResumeReport, TargetClients};
pub use send::{Executed, WriteError};
