//! Stripe failures as the UI sees them: `serviceUnavailable` saying what Stripe said, or
//! `internalError` when the failure was ConnectDesk's own; money operations name Stripe's
//! refusals `stripeError` ([`refusal`]).

use connectdesk_stripe::Error as StripeError;

use crate::journal::WriteError;
use crate::stripe_gateway::{sentence, Target};
use crate::{CoreError, ErrorCode};

/// `what` completes "Could not …", e.g. "create the Stripe account".
pub(crate) fn stripe_failure(what: &str, err: &StripeError, target: &Target) -> CoreError {
    let unavailable = |detail: String| {
        CoreError::new(
            ErrorCode::ServiceUnavailable,
            format!("Could not {what}: {detail}"),
        )
    };
    match err {
        StripeError::Timeout(_) => unavailable(format!(
            "{} did not answer in time. Try again.",
            target.describe()
        )),
        _ if err.is_transport() => unavailable(format!(
            "{} could not be reached. Check the connection and try again.",
            target.describe()
        )),
        StripeError::Api(api) => {
            let said = api
                .message
                .as_deref()
                .map(sentence)
                .unwrap_or_else(|| format!("HTTP {} without a message.", api.status));
            let request = api
                .request_id
                .as_deref()
                .map(|id| format!(" Request {id}."))
                .unwrap_or_default();
            unavailable(format!("Stripe said: {said}{request}"))
        }
        StripeError::Decode { .. } => unavailable(sentence(&err.to_string())),
        // Our own request building, configuration or key store failed: not Stripe's doing.
        other => CoreError::internal(format!(
            "Could not {what}: {}",
            sentence(&other.to_string())
        )),
    }
}

/// As [`stripe_failure`], but a request Stripe refused (a 4xx other than 409 and 429, which
/// are worth trying again) is `stripeError`, as the seed's money operations answer.
pub(crate) fn refusal(what: &str, err: &StripeError, target: &Target) -> CoreError {
    let mut failure = stripe_failure(what, err, target);
    if matches!(err.status(), Some(status) if (400..500).contains(&status) && status != 409 && status != 429)
    {
        failure.code = ErrorCode::StripeError;
    }
    failure
}

/// A Stripe write that did not complete, in words; a refusal (4xx) is `stripeError` with
/// Stripe's message and request id, and an unknown outcome says the journal keeps at it.
pub(crate) fn write_failure(what: &str, err: WriteError, target: &Target) -> CoreError {
    match err {
        WriteError::NotSent(err) => err,
        WriteError::Stripe { operation, error } => {
            let mut failure = refusal(what, &error, target);
            if operation.state.is_open() {
                failure.message.push_str(
                    " ConnectDesk keeps trying (Pending operations) and never sends it twice.",
                );
            }
            failure
        }
    }
}

/// Stripe answered that the object does not exist.
pub(crate) fn is_missing(err: &StripeError) -> bool {
    err.status() == Some(404)
}

#[cfg(test)]
mod tests {
    use connectdesk_stripe::{ApiError, ErrorType};

    use super::*;

    fn api(status: u16, message: Option<&str>) -> StripeError {
        StripeError::Api(Box::new(ApiError {
            status,
            request_id: Some("req_123".into()),
            kind: ErrorType::InvalidRequestError,
            code: None,
            decline_code: None,
            param: None,
            message: message.map(str::to_string),
            doc_url: None,
            replayed: false,
        }))
    }

    #[test]
    fn stripes_answer_is_quoted() {
        let err = stripe_failure(
            "create the Stripe account",
            &api(400, Some("country is invalid")),
            &Target::Stripe,
        );
        assert_eq!(err.code, ErrorCode::ServiceUnavailable);
        assert_eq!(
            err.message,
            "Could not create the Stripe account: Stripe said: Country is invalid. Request req_123."
        );
        let bare = stripe_failure("sync the Stripe account", &api(502, None), &Target::Stripe);
        assert!(
            bare.message.contains("HTTP 502 without a message."),
            "{}",
            bare.message
        );
    }

    #[test]
    fn our_own_failures_are_internal() {
        let err = stripe_failure(
            "create the Stripe account",
            &StripeError::InvalidRequest("bad account id".into()),
            &Target::Stripe,
        );
        assert_eq!(err.code, ErrorCode::InternalError);
    }

    #[test]
    fn only_a_404_means_missing() {
        assert!(is_missing(&api(404, None)));
        assert!(!is_missing(&api(400, None)));
    }
}
