//! The client against the simulator (in this process, over loopback): resource by resource,
//! pagination, every retry path, the money test, and typed errors.

mod errors;
mod harness;
mod money;
mod oauth;
mod pagination;
mod rate_limits;
mod resources;
mod retries;
mod webhook_endpoints;
