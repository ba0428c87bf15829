//! Sending a request until Stripe gives a definitive answer: idempotency key first, then
//! attempts under the rate limiter, retried as Stripe's SDKs do.

use std::sync::Arc;

use tracing::{debug, warn};

use super::transport::Answer;
use super::Client;
use crate::error::Result;
use crate::idempotency::{Idempotency, IdempotencyKey, IdempotencyStoreError, OperationRef};
use crate::request::RequestSpec;
use crate::retry::{jitter, should_retry};

impl Client {
    /// Sends `spec` and returns the successful answer, or the error of the last attempt.
    pub(super) async fn execute(&self, spec: &RequestSpec) -> Result<Answer> {
        let key = match spec.idempotency() {
            Idempotency::None => None,
            Idempotency::PerCall => Some(IdempotencyKey::generate()?),
            Idempotency::Durable(operation) => Some(self.durable_key(operation).await?),
        };
        let policy = self.inner.retry;
        let mut retries = 0;
        loop {
            self.inner.limiter.acquire().await;
            let outcome = self.attempt(spec, key.as_ref()).await;
            let retryable = match &outcome {
                Ok(answer) => {
                    debug!(method = %spec.method(), path = spec.path(), status = answer.status,
                        request_id = answer.request_id.as_deref(), retries, "Stripe answered");
                    !answer.is_success() && should_retry(answer.status, answer.should_retry)
                }
                Err(err) => err.is_transport(),
            };

            if retryable && retries < policy.max_retries {
                retries += 1;
                let retry_after = outcome.as_ref().ok().and_then(|answer| answer.retry_after);
                let delay = policy.delay(retries, retry_after, jitter());
                match &outcome {
                    Ok(answer) => warn!(method = %spec.method(), path = spec.path(),
                        status = answer.status, retry = retries, ?delay, "retrying Stripe request"),
                    Err(err) => warn!(method = %spec.method(), path = spec.path(),
                        error = %err, retry = retries, ?delay, "retrying Stripe request"),
                }
                tokio::time::sleep(delay).await;
                continue;
            }

            let answer = outcome?;
            // A definitive answer ends the operation; an unknown outcome (5xx, 409 or 429 after
            // the last retry) keeps its key so the next attempt cannot run it twice.
            if let Idempotency::Durable(operation) = spec.idempotency() {
                if answer.is_success() || !retryable {
                    self.complete(operation).await;
                }
            }
            return if answer.is_success() { Ok(answer) } else { Err(self.api_error(&answer)) };
        }
    }

    /// The stored key of `operation`, created and persisted first if needed.
    async fn durable_key(&self, operation: &OperationRef) -> Result<IdempotencyKey> {
        let keys = Arc::clone(&self.inner.keys);
        let operation = operation.clone();
        let key = tokio::task::spawn_blocking(move || keys.key_for(&operation))
            .await
            .map_err(|err| IdempotencyStoreError::with_source("the key store task failed", err))??;
        Ok(key)
    }

    /// Tells the store `operation` is finished. A failure here is logged, not returned: Stripe
    /// has answered, and the stale key only makes a repeat replay that same answer.
    async fn complete(&self, operation: &OperationRef) {
        let keys = Arc::clone(&self.inner.keys);
        let owned = operation.clone();
        let result = tokio::task::spawn_blocking(move || keys.complete(&owned)).await;
        match result {
            Ok(Ok(())) => {}
            Ok(Err(err)) => warn!(operation = %operation, error = %err, "could not mark operation complete"),
            Err(err) => warn!(operation = %operation, error = %err, "could not mark operation complete"),
        }
    }
}
