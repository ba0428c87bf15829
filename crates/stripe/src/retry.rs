//! When to send a request again, and how long to wait first — as Stripe's own SDKs do.

use std::time::Duration;

use ring::rand::{SecureRandom, SystemRandom};

/// The longest server `Retry-After` honoured, by retries and by the rate limiter; longer asks
/// are cut to this. Stripe's SDKs draw the line at 60 s too.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Retries of one call. Every attempt of a POST carries the same idempotency key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts after the first (default 2).
    pub max_retries: u32,
    /// Wait before the first retry; doubles with each retry (default 0.5 s).
    pub base_delay: Duration,
    /// Upper bound of the exponential backoff (default 5 s). A server's `Retry-After` may ask
    /// for more, up to [`MAX_RETRY_AFTER`].
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(5),
        }
    }
}

/// Whether an error answer is worth sending again. `Stripe-Should-Retry` decides when present;
/// otherwise conflicts (409), rate limiting (429) and server errors (5xx) are retried.
pub(crate) fn should_retry(status: u16, stripe_should_retry: Option<bool>) -> bool {
    match stripe_should_retry {
        Some(verdict) => verdict,
        None => status == 409 || status == 429 || status >= 500,
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (1-based): exponential from `base_delay`, capped at
    /// `max_delay`, with jitter taking up to half of it away (never below `base_delay`); at least
    /// the server's `Retry-After` when it sent one, up to [`MAX_RETRY_AFTER`] (beyond
    /// `max_delay`: the server knows when its budget refills). `jitter` is in `[0, 1)`.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>, jitter: f64) -> Duration {
        let doubling = 2u32.saturating_pow(retry.saturating_sub(1));
        let exponential = self.base_delay.saturating_mul(doubling).min(self.max_delay);
        let jittered = exponential.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0));
        let delay = jittered.max(self.base_delay).min(self.max_delay);
        match retry_after {
            Some(wait) => delay.max(wait.min(MAX_RETRY_AFTER)),
            None => delay,
        }
    }
}

/// A uniform value in `[0, 1)` from the system generator; `1.0` (no jitter) if it fails.
pub(crate) fn jitter() -> f64 {
    let mut bytes = [0u8; 4];
    match SystemRandom::new().fill(&mut bytes) {
        Ok(()) => f64::from(u32::from_le_bytes(bytes)) / (f64::from(u32::MAX) + 1.0),
        Err(_) => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn retries_conflicts_rate_limits_and_server_errors() {
        for status in [409, 429, 500, 502, 503, 504] {
            assert!(should_retry(status, None), "{status}");
        }
        for status in [400, 401, 402, 403, 404] {
            assert!(!should_retry(status, None), "{status}");
        }
    }

    #[test]
    fn stripe_should_retry_header_wins() {
        assert!(should_retry(400, Some(true)));
        assert!(!should_retry(500, Some(false)));
        assert!(!should_retry(429, Some(false)));
        assert!(!should_retry(409, Some(false)));
    }

    #[test]
    fn delay_doubles_and_is_capped() {
        let policy = RetryPolicy::default();
        // Without jitter taking anything away (jitter close to 1).
        let full = 1.0 - f64::EPSILON;
        assert_eq!(policy.delay(1, None, full), MS(500));
        assert!(policy.delay(2, None, full) > MS(999));
        assert!(policy.delay(4, None, full) > MS(3_999));
        assert_eq!(policy.delay(5, None, full), MS(5_000));
        assert_eq!(policy.delay(60, None, full), MS(5_000));
    }

    #[test]
    fn jitter_takes_at_most_half_and_never_goes_below_base() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.delay(1, None, 0.0), MS(500));
        assert_eq!(policy.delay(3, None, 0.0), MS(1_000));
        assert_eq!(policy.delay(3, None, 0.5), MS(1_500));
        for _ in 0..100 {
            let value = jitter();
            assert!((0.0..1.0).contains(&value));
            let delay = policy.delay(3, None, value);
            assert!(delay >= MS(1_000) && delay <= MS(2_000), "{delay:?}");
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_a_minute() {
        let policy = RetryPolicy::default();
        let secs = Duration::from_secs;
        assert_eq!(policy.delay(1, Some(secs(2)), 0.0), secs(2));
        // Beyond the backoff's 5 s cap: the server's ask wins.
        assert_eq!(policy.delay(1, Some(secs(30)), 0.0), secs(30));
        assert_eq!(policy.delay(1, Some(secs(60)), 0.0), secs(60));
        assert_eq!(policy.delay(1, Some(secs(600)), 0.0), MAX_RETRY_AFTER);
        // A shorter ask than the backoff does not shorten it.
        assert_eq!(policy.delay(3, Some(MS(10)), 0.0), MS(1_000));
        // Also for a policy with tiny waits.
        let fast = RetryPolicy {
            max_retries: 2,
            base_delay: MS(1),
            max_delay: MS(4),
        };
        assert_eq!(fast.delay(1, Some(secs(2)), 0.99), secs(2));
    }

    #[test]
    fn fast_policies_for_tests() {
        let policy = RetryPolicy {
            max_retries: 2,
            base_delay: MS(1),
            max_delay: MS(4),
        };
        assert_eq!(policy.delay(1, None, 0.0), MS(1));
        assert_eq!(policy.delay(10, None, 0.99), MS(4).mul_f64(0.995));
    }
}
