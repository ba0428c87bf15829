//! Sending a request until Stripe gives a definitive answer: idempotency key first, then
//! attempts under the rate limiter, retried as Stripe's SDKs do.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use tracing::{debug, warn};

use super::transport::Answer;
use super::Client;
use crate::error::Result;
use crate::idempotency::{Idempotency, IdempotencyKey, IdempotencyStoreError, OperationRef};
use crate::request::RequestSpec;
use crate::retry::{jitter, should_retry};

/// Whether an attempt's outcome is worth another attempt.
fn is_retryable(outcome: &Result<Answer>) -> bool {
    match outcome {
        Ok(answer) => !answer.is_success() && should_retry(answer.status, answer.should_retry),
        Err(err) => err.is_transport(),
    }
}

impl Client {
    /// Sends `spec` and returns the successful answer, or the error of the last attempt.
    pub(super) async fn execute(&self, spec: &RequestSpec) -> Result<Answer> {
        let key = self.idempotency_key(spec.idempotency()).await?;
        let mut retries = 0;
        loop {
            let outcome = self.limited_attempt(spec, key.as_ref()).await;
            let retryable = is_retryable(&outcome);
            if retryable && retries < self.inner.retry.max_retries {
                retries += 1;
                self.wait_before_retry(spec, &outcome, retries).await;
                continue;
            }
            return self.conclude(spec, outcome, retryable).await;
        }
    }

    async fn idempotency_key(&self, idempotency: &Idempotency) -> Result<Option<IdempotencyKey>> {
        Ok(match idempotency {
            Idempotency::None => None,
            Idempotency::PerCall => Some(IdempotencyKey::generate()?),
            Idempotency::Durable(operation) => Some(self.durable_key(operation).await?),
        })
    }

    /// One attempt, once the rate limiter allows it.
    async fn limited_attempt(
        &self,
        spec: &RequestSpec,
        key: Option<&IdempotencyKey>,
    ) -> Result<Answer> {
        let slot = self.inner.limiter.acquire().await;
        let counters = &self.inner.counters;
        counters.attempts.fetch_add(1, Ordering::Relaxed);
        let outcome = self.attempt(spec, key).await;
        if let Ok(answer) = &outcome {
            if answer.status == 429 {
                counters.rate_limited.fetch_add(1, Ordering::Relaxed);
                // The key's budget is spent: the whole bucket backs off, not just this request.
                self.inner.limiter.slow_down(slot, answer.retry_after);
            }
            debug!(method = %spec.method(), path = spec.path(), status = answer.status,
                request_id = answer.request_id.as_deref(), "Stripe answered");
        }
        outcome
    }

    async fn wait_before_retry(&self, spec: &RequestSpec, outcome: &Result<Answer>, retry: u32) {
        self.inner.counters.retries.fetch_add(1, Ordering::Relaxed);
        let retry_after = outcome.as_ref().ok().and_then(|answer| answer.retry_after);
        let delay = self.inner.retry.delay(retry, retry_after, jitter());
        match outcome {
            Ok(answer) => {
                warn!(method = %spec.method(), path = spec.path(), status = answer.status,
                retry, ?delay, "retrying Stripe request")
            }
            Err(err) => warn!(method = %spec.method(), path = spec.path(), error = %err,
                retry, ?delay, "retrying Stripe request"),
        }
        tokio::time::sleep(delay).await;
    }

    /// The final outcome. A definitive answer completes a durable operation; an unknown outcome
    /// (transport failure, or 409/429/5xx after the last retry) keeps its key, so the next
    /// attempt of the operation cannot carry it out twice.
    async fn conclude(
        &self,
        spec: &RequestSpec,
        outcome: Result<Answer>,
        retryable: bool,
    ) -> Result<Answer> {
        let answer = outcome?;
        if let Idempotency::Durable(operation) = spec.idempotency() {
            if answer.is_success() || !retryable {
                self.complete(operation).await;
            }
        }
        if answer.is_success() {
            Ok(answer)
        } else {
            Err(self.api_error(spec, &answer))
        }
    }

    /// The stored key of `operation`, created and persisted first if needed.
    async fn durable_key(&self, operation: &OperationRef) -> Result<IdempotencyKey> {
        let keys = Arc::clone(&self.inner.keys);
        let operation = operation.clone();
        let key = tokio::task::spawn_blocking(move || keys.key_for(&operation))
            .await
            .map_err(|err| {
                IdempotencyStoreError::with_source("the key store task failed", err)
            })??;
        Ok(key)
    }

    /// Tells the store `operation` is finished. A failure here is logged, not returned: Stripe
    /// has answered, and a stale key only makes a repeat replay that same answer.
    async fn complete(&self, operation: &OperationRef) {
        let keys = Arc::clone(&self.inner.keys);
        let owned = operation.clone();
        let error = match tokio::task::spawn_blocking(move || keys.complete(&owned)).await {
            Ok(Ok(())) => return,
            Ok(Err(err)) => err.to_string(),
            Err(err) => err.to_string(),
        };
        warn!(operation = %operation, error, "could not mark the operation complete");
    }
}
