//! Stripe connections of a workspace: API key or OAuth2 credentials, sealed at rest, never
//! returned to the UI, testable against Stripe or the sandbox.

mod export;
mod model;
mod probe;
mod service;
pub mod testing;
pub mod validate;
mod webhook_secrets;

pub use export::{write_export, ConnectionExport, EXPORT_FORMAT};
pub use model::*;
pub use probe::{probe, probe_oauth, sandbox_account, ConnectionTest, OAuthProbe, SandboxAccount};
pub use service::{Connections, Credentials};
pub use webhook_secrets::MAX_ROTATION_DAYS;
