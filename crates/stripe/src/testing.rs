//! Test helpers (feature `testing`): an in-memory idempotency store and hand-made requests for
//! exercising error paths the typed API cannot reach. Not for production use.

pub use crate::idempotency::MemoryIdempotencyKeys;

use crate::request::{Method, Request, RequestSpec};

/// A request with arbitrary form pairs, e.g. a missing or unknown parameter. A POST carries a
/// fresh idempotency key.
pub fn raw_request<T>(method: Method, path: &str, params: &[(&str, &str)]) -> Request<T> {
    let mut spec = match method {
        Method::Get => RequestSpec::get(path.to_owned()),
        Method::Post => RequestSpec::post(path.to_owned()),
        Method::Delete => RequestSpec::delete(path.to_owned()),
    };
    for (name, value) in params {
        spec.push_param(name, value);
    }
    Request::new(spec)
}
