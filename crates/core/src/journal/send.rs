//! Carrying a write out: record it, send it, settle it from Stripe's answer.

use connectdesk_stripe::{
    Error as StripeError, Method, OperationRef, Request, RequestSpec, WithRaw,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::book::{new_reference, Journal};
use super::model::{
    NewOperation, Operation, OperationState, OperationTarget, Reconcile, StripeFailure,
    METADATA_OPERATION,
};
use crate::stripe_access::StripeContext;
use crate::{CoreError, Result};

/// A write Stripe carried out, with its journal record.
#[derive(Debug)]
pub struct Executed<T> {
    pub operation: Operation,
    pub result: WithRaw<T>,
}

/// Why a write did not complete.
#[derive(Debug)]
pub enum WriteError {
    /// Nothing was sent: the request could not be built or recorded.
    NotSent(CoreError),
    /// Stripe refused, or its answer is unknown; `operation` says which (`Failed` or `Pending`).
    Stripe {
        operation: Box<Operation>,
        error: StripeError,
    },
}

impl WriteError {
    /// The journal's view: still pending (resumed later) or settled.
    pub fn operation(&self) -> Option<&Operation> {
        match self {
            Self::Stripe { operation, .. } => Some(operation),
            Self::NotSent(_) => None,
        }
    }
}

/// What an answer means for the operation.
pub(crate) enum Verdict {
    Completed {
        object_id: Option<String>,
    },
    Failed(StripeFailure),
    /// Unknown: send again with the same key later.
    Unknown(String),
    /// Stripe replays a stored server error for this key: sending again cannot tell more, so
    /// Stripe is read instead.
    Reconcile(String),
}

impl Journal {
    /// Records the write built by `build` (keyed by the operation's reference), sends it once
    /// with the client's retries, and settles it. An unknown outcome leaves it pending: the
    /// resumer sends it again with the same key, or reconciles it past Stripe's window.
    pub async fn execute<T: DeserializeOwned>(
        &self,
        ctx: &StripeContext,
        workspace_id: u64,
        new: NewOperation,
        build: impl FnOnce(&OperationRef) -> connectdesk_stripe::Result<Request<T>>,
    ) -> std::result::Result<Executed<T>, WriteError> {
        let reference = new_reference().map_err(WriteError::NotSent)?;
        let operation_ref = OperationRef::new(&reference)
            .map_err(|err| WriteError::NotSent(CoreError::internal(err.to_string())))?;
        let request = build(&operation_ref).map_err(|err| {
            WriteError::NotSent(CoreError::internal(format!(
                "Could not prepare the Stripe request: {err}"
            )))
        })?;
        check_tagged(&new.reconcile, request.spec(), &reference).map_err(WriteError::NotSent)?;
        let target = OperationTarget {
            workspace_id,
            connection: ctx.connection.clone(),
            mode: ctx.mode,
            offline: ctx.offline(),
            account: ctx.client.account().map(str::to_string),
        };
        // Claimed before it is recorded, so the resumer never sends it beside this call.
        let _guard = self.claim(&reference);
        let recorded = self
            .record(&new, &target, &reference, request.spec())
            .map_err(WriteError::NotSent)?;
        let sent = request.spec().clone();
        let outcome = ctx.client.send_with_raw(request).await;
        let verdict = match &outcome {
            Ok(answer) => Verdict::Completed {
                object_id: object_id(&answer.raw),
            },
            Err(err) => judge_request(&sent, err),
        };
        let settled = self.settle(recorded.id, verdict);
        match (outcome, settled) {
            (Ok(result), Ok(operation)) => Ok(Executed { operation, result }),
            (Ok(result), Err(err)) => {
                // Stripe carried it out; only our bookkeeping failed. The record stays pending
                // and the resumer replays Stripe's answer, so nothing is lost or doubled.
                tracing::warn!(
                    operation = recorded.id,
                    "could not settle a completed operation: {err}"
                );
                Ok(Executed {
                    operation: recorded,
                    result,
                })
            }
            (Err(error), settled) => Err(WriteError::Stripe {
                operation: Box::new(settled.unwrap_or(recorded)),
                error,
            }),
        }
    }

    /// Writes a verdict into the operation.
    pub(crate) fn settle(&self, id: u64, verdict: Verdict) -> Result<Operation> {
        self.update(id, |operation| {
            match &verdict {
                Verdict::Completed { object_id } => {
                    operation.state = OperationState::Completed;
                    operation.object_id = object_id.clone();
                    operation.last_error = None;
                }
                Verdict::Failed(failure) => {
                    operation.state = OperationState::Failed;
                    operation.failure = Some(failure.clone());
                    operation.last_error = None;
                    // Nothing happened at Stripe, so nothing waits to be saved locally.
                    operation.applied = true;
                }
                Verdict::Unknown(why) | Verdict::Reconcile(why) => {
                    operation.state = OperationState::Pending;
                    operation.last_error = Some(why.clone());
                }
            }
            Ok(())
        })
    }
}

/// Objects ConnectDesk creates carry the operation's reference, or they could not be found
/// again after Stripe's idempotency window.
fn check_tagged(reconcile: &Reconcile, spec: &RequestSpec, reference: &str) -> Result<()> {
    let name = format!("metadata[{METADATA_OPERATION}]");
    match reconcile {
        Reconcile::Created { .. } if spec.param(&name) != Some(reference) => {
            Err(CoreError::internal(format!(
                "A create through the journal must carry {name} = its operation reference."
            )))
        }
        _ => Ok(()),
    }
}

pub(crate) fn object_id(raw: &Value) -> Option<String> {
    raw.get("id").and_then(Value::as_str).map(str::to_string)
}

/// Like [`judge`], for the request that got the answer: a DELETE answered 404
/// `resource_missing` finds the object gone (an earlier send whose answer was lost, or someone
/// else, deleted it), which is what it asked for. Stripe ignores idempotency keys on DELETE, so
/// a repeat cannot replay the first answer.
pub(crate) fn judge_request(spec: &RequestSpec, err: &StripeError) -> Verdict {
    if spec.method() == Method::Delete && is_missing(err) {
        return Verdict::Completed {
            object_id: last_segment(spec.path()),
        };
    }
    judge(err)
}

/// Stripe's 404 `resource_missing`: no such object (any more).
pub(crate) fn is_missing(err: &StripeError) -> bool {
    matches!(err, StripeError::Api(api)
        if api.status == 404 && api.code.as_deref() == Some("resource_missing"))
}

/// The object id a path ends with, e.g. `we_1` of `/v1/webhook_endpoints/we_1`.
pub(crate) fn last_segment(path: &str) -> Option<String> {
    path.rsplit('/')
        .next()
        .filter(|id| !id.is_empty())
        .map(str::to_string)
}

/// Sorts a failed send into definitive and unknown, as Stripe documents it: a 4xx (but 409 and
/// 429) means nothing was carried out; a transport failure, 409, 429 or 5xx may hide a request
/// that was carried out.
pub(crate) fn judge(err: &StripeError) -> Verdict {
    match err {
        StripeError::Api(api) if api.status >= 500 && api.replayed => Verdict::Reconcile(format!(
            "Stripe answered with a stored server error (HTTP {}); ConnectDesk reads Stripe to find out whether it was carried out.",
            api.status
        )),
        StripeError::Api(api)
            if api.kind == connectdesk_stripe::ErrorType::IdempotencyError =>
        {
            // The key was used for another request: a bug, never a reason to send again.
            Verdict::Reconcile(format!(
                "Stripe refused the idempotency key: {}",
                api.message.as_deref().unwrap_or("idempotency error")
            ))
        }
        StripeError::Api(api) if (400..500).contains(&api.status) && !matches!(api.status, 409 | 429) => {
            Verdict::Failed(StripeFailure {
                status: api.status,
                code: api.code.clone(),
                message: api
                    .message
                    .clone()
                    .unwrap_or_else(|| format!("HTTP {}", api.status)),
                request_id: api.request_id.clone(),
            })
        }
        StripeError::Api(api) => Verdict::Unknown(format!(
            "Stripe answered HTTP {}{}; the request is sent again with the same key.",
            api.status,
            api.request_id
                .as_deref()
                .map(|id| format!(" (request {id})"))
                .unwrap_or_default()
        )),
        StripeError::Timeout(_) => {
            Verdict::Unknown("Stripe did not answer in time; the request is sent again with the same key.".into())
        }
        StripeError::Network(_) => Verdict::Unknown(
            "The connection to Stripe failed; the request is sent again with the same key.".into(),
        ),
        StripeError::Decode { status, .. } => Verdict::Unknown(format!(
            "Stripe's answer (HTTP {status}) could not be read; the request is sent again with the same key."
        )),
        // Refused by the key store before anything was sent: old or settled operations.
        StripeError::IdempotencyStore(err) => Verdict::Reconcile(err.to_string()),
        other => Verdict::Unknown(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use connectdesk_stripe::{ApiError, ErrorType};

    use super::*;

    fn api(status: u16, kind: ErrorType, replayed: bool) -> StripeError {
        StripeError::Api(Box::new(ApiError {
            status,
            request_id: Some("req_1".into()),
            kind,
            code: Some("some_code".into()),
            decline_code: None,
            param: None,
            message: Some("Stripe's words.".into()),
            doc_url: None,
            replayed,
        }))
    }

    #[test]
    fn a_client_error_is_a_definitive_refusal() {
        for status in [400, 401, 402, 403, 404] {
            match judge(&api(status, ErrorType::InvalidRequestError, false)) {
                Verdict::Failed(failure) => {
                    assert_eq!(failure.status, status);
                    assert_eq!(failure.request_id.as_deref(), Some("req_1"));
                    assert_eq!(failure.code.as_deref(), Some("some_code"));
                }
                _ => panic!("{status} should be definitive"),
            }
        }
    }

    #[test]
    fn conflicts_rate_limits_and_server_errors_leave_the_outcome_open() {
        for status in [409, 429, 500, 502, 503] {
            assert!(
                matches!(
                    judge(&api(status, ErrorType::ApiError, false)),
                    Verdict::Unknown(_)
                ),
                "{status}"
            );
        }
    }

    #[test]
    fn a_replayed_server_error_is_settled_by_reading_stripe() {
        assert!(matches!(
            judge(&api(500, ErrorType::ApiError, true)),
            Verdict::Reconcile(_)
        ));
        // A key used for other parameters is never a reason to send again.
        assert!(matches!(
            judge(&api(400, ErrorType::IdempotencyError, false)),
            Verdict::Reconcile(_)
        ));
    }

    #[test]
    fn a_delete_of_something_already_gone_is_done() {
        let operation = OperationRef::new("op_1").expect("reference");
        let delete =
            connectdesk_stripe::webhook_endpoints::delete_durable("we_1", &operation).into_spec();
        let missing = StripeError::Api(Box::new(ApiError {
            code: Some("resource_missing".into()),
            ..match api(404, ErrorType::InvalidRequestError, false) {
                StripeError::Api(api) => *api,
                _ => unreachable!("api() builds an API error"),
            }
        }));
        match judge_request(&delete, &missing) {
            Verdict::Completed { object_id } => assert_eq!(object_id.as_deref(), Some("we_1")),
            _ => panic!("a 404 resource_missing on a DELETE means it is gone"),
        }
        // Any other refusal of a DELETE stays a refusal, and a 404 on a POST stays one too.
        assert!(matches!(
            judge_request(&delete, &api(400, ErrorType::InvalidRequestError, false)),
            Verdict::Failed(_)
        ));
        let create = connectdesk_stripe::transfers::create(
            &connectdesk_stripe::transfers::CreateTransfer::new(100, "usd", "acct_1"),
            &operation,
        )
        .expect("request")
        .into_spec();
        assert!(matches!(
            judge_request(&create, &missing),
            Verdict::Failed(_)
        ));
    }

    #[test]
    fn creates_must_carry_their_reference() {
        let operation = OperationRef::new("op_1").expect("reference");
        let untagged = connectdesk_stripe::transfers::create(
            &connectdesk_stripe::transfers::CreateTransfer::new(100, "usd", "acct_1"),
            &operation,
        )
        .expect("request");
        let created = Reconcile::Created {
            list_path: "/v1/transfers".into(),
        };
        assert!(check_tagged(&created, untagged.spec(), "op_1").is_err());
        let update = Reconcile::State {
            path: "/v1/payment_intents/pi_1".into(),
            field: "status".into(),
            expected: "succeeded".into(),
        };
        assert!(check_tagged(&update, untagged.spec(), "op_1").is_ok());
    }
}
