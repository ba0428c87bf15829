//! The fault controls: `/_sim/faults` shows, sets and clears them; `/_sim/faults/{kind}` sets
//! one kind. Every setter answers the faults as `GET /_sim/faults` does, counters included.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::error;
use super::faults::{FailAfterCommit, FailNext, Faults, Latency, RateLimit};
use super::random::{RandomFaults, RandomSpec};
use crate::sim::{lock, Sim};
use crate::wire::ApiError;

/// The fault kinds, as named by the `/_sim/faults/{kind}` paths and the `POST /_sim/faults`
/// members.
const KINDS: [&str; 6] = [
    "fail",
    "fail_after_commit",
    "drop",
    "latency",
    "rate_limit",
    "random",
];

pub fn routes() -> Router<Arc<Sim>> {
    let mut router = Router::new().route(
        "/faults",
        get(show_faults).post(set_faults).delete(clear_faults),
    );
    for kind in KINDS {
        router = router.route(
            &format!("/faults/{kind}"),
            post(move |sim: State<Arc<Sim>>, bytes: Bytes| set_one(sim, kind, bytes)),
        );
    }
    router
}

/// One parsed fault setting (`None`/0 = off).
enum Setting {
    Fail(Option<FailNext>),
    FailAfterCommit(Option<FailAfterCommit>),
    Drop(u32),
    Latency(Option<Latency>),
    RateLimit(Option<RateLimit>),
    Random(Option<RandomSpec>),
}

impl Setting {
    fn apply(self, faults: &mut Faults) {
        match self {
            Setting::Fail(fail) => faults.fail = fail,
            Setting::FailAfterCommit(fail) => faults.fail_after_commit = fail,
            Setting::Drop(count) => faults.drop_next = count,
            Setting::Latency(latency) => faults.latency = latency,
            Setting::RateLimit(limit) => faults.rate_limit = limit,
            Setting::Random(spec) => faults.random = spec.map(RandomFaults::new),
        }
    }
}

fn spec<T: DeserializeOwned>(kind: &str, value: Value) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(|e| ApiError::invalid(format!("Invalid {kind}: {e}")))
}

#[derive(Deserialize)]
struct Count {
    count: u32,
}

#[derive(Deserialize)]
struct RateLimitSpec {
    per_second: Option<u32>,
}

/// Parses the setting of `kind` (`null` turns it off).
fn parse(kind: &str, value: Value) -> Result<Setting, ApiError> {
    if value.is_null() {
        return Ok(match kind {
            "fail" => Setting::Fail(None),
            "fail_after_commit" => Setting::FailAfterCommit(None),
            "drop" => Setting::Drop(0),
            "latency" => Setting::Latency(None),
            "rate_limit" => Setting::RateLimit(None),
            "random" => Setting::Random(None),
            other => return Err(ApiError::unknown_param(other)),
        });
    }
    match kind {
        "fail" => {
            let fail: FailNext = spec(kind, value)?;
            if !(400..=599).contains(&fail.status) {
                return Err(ApiError::invalid_param(
                    "status",
                    "status must be between 400 and 599",
                ));
            }
            Ok(Setting::Fail((fail.count > 0).then_some(fail)))
        }
        "fail_after_commit" => {
            let fail: FailAfterCommit = spec(kind, value)?;
            if !(500..=599).contains(&fail.status) {
                return Err(ApiError::invalid_param(
                    "status",
                    "status must be between 500 and 599",
                ));
            }
            Ok(Setting::FailAfterCommit((fail.count > 0).then_some(fail)))
        }
        "drop" => Ok(Setting::Drop(spec::<Count>(kind, value)?.count)),
        "latency" => {
            let latency: Latency = spec(kind, value)?;
            Ok(Setting::Latency(
                Some(latency).filter(|l| l.ms > 0 && l.count != Some(0)),
            ))
        }
        "rate_limit" => {
            let limit: RateLimitSpec = spec(kind, value)?;
            Ok(Setting::RateLimit(
                limit.per_second.filter(|n| *n > 0).map(RateLimit::new),
            ))
        }
        "random" => {
            let random: RandomSpec = spec(kind, value)?;
            if let Some((param, message)) = random.problem() {
                return Err(ApiError::invalid_param(param, message));
            }
            Ok(Setting::Random(Some(random)))
        }
        other => Err(ApiError::unknown_param(other)),
    }
}

/// A JSON body; an empty one is `null`.
fn json_body(bytes: &Bytes) -> Result<Value, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(bytes).map_err(|e| ApiError::invalid(format!("Invalid JSON body: {e}")))
}

fn faults_json(sim: &Sim) -> Value {
    serde_json::to_value(&*lock(&sim.faults)).unwrap_or(Value::Null)
}

async fn show_faults(State(sim): State<Arc<Sim>>) -> Response {
    Json(faults_json(&sim)).into_response()
}

/// Turns every fault off and zeroes the counters.
async fn clear_faults(State(sim): State<Arc<Sim>>) -> Response {
    *lock(&sim.faults) = Faults::default();
    Json(faults_json(&sim)).into_response()
}

/// `POST /_sim/faults/{kind}`. An empty body is an error except where `null` means off.
async fn set_one(State(sim): State<Arc<Sim>>, kind: &'static str, bytes: Bytes) -> Response {
    let setting = match json_body(&bytes) {
        Ok(Value::Null) if kind == "fail" => Err(ApiError::missing_param("status")),
        Ok(Value::Null) if kind == "drop" => Err(ApiError::missing_param("count")),
        Ok(value) => parse(kind, value),
        Err(e) => Err(e),
    };
    match setting {
        Ok(setting) => {
            setting.apply(&mut lock(&sim.faults));
            Json(faults_json(&sim)).into_response()
        }
        Err(e) => error(e),
    }
}

/// `POST /_sim/faults`: sets each kind named in the body (the same shapes as the per-kind
/// paths; `null` turns one off); the others stay as they are. Nothing changes on an error.
async fn set_faults(State(sim): State<Arc<Sim>>, bytes: Bytes) -> Response {
    let members = match json_body(&bytes) {
        Ok(Value::Object(members)) => members,
        Ok(Value::Null) => Map::new(),
        Ok(_) => return error(ApiError::invalid("The body must be a JSON object.")),
        Err(e) => return error(e),
    };
    let settings: Result<Vec<Setting>, ApiError> = members
        .into_iter()
        .map(|(kind, value)| match KINDS.contains(&kind.as_str()) {
            true => parse(&kind, value),
            false => Err(ApiError::unknown_param(&kind)),
        })
        .collect();
    match settings {
        Ok(settings) => {
            let mut faults = lock(&sim.faults);
            for setting in settings {
                setting.apply(&mut faults);
            }
            drop(faults);
            Json(faults_json(&sim)).into_response()
        }
        Err(e) => error(e),
    }
}
