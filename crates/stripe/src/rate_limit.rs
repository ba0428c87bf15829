//! A client-side rate limiter, so bulk work stays under Stripe's limits instead of collecting
//! 429s. It is a token bucket kept as one timestamp (GCRA): each request is scheduled one
//! interval after the previous one, and up to `burst` requests may start at once after a pause.
//!
//! It paces at [`RATE_HEADROOM`] (95 %) of the limit: a server counts requests by their arrival
//! in its own one-second windows, and network jitter can pull request `n + limit` into the
//! window of request `n` when requests are sent exactly `1/limit` apart.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use crate::secret::KeyMode;

/// The share of the limit the limiter paces at.
pub const RATE_HEADROOM: f64 = 0.95;

/// Requests per second and how many may start at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub per_second: u32,
    /// Requests that may start together after a pause (at least 1). The default, 1, spaces every
    /// request evenly, so no one-second window ever holds more than `per_second` of them.
    pub burst: u32,
}

impl RateLimit {
    /// Stripe's limits: 100 requests per second in live mode, 25 in test mode.
    pub fn for_mode(mode: KeyMode) -> Self {
        match mode {
            KeyMode::Live => Self::per_second(100),
            KeyMode::Test | KeyMode::Unknown => Self::per_second(25),
        }
    }

    pub fn per_second(per_second: u32) -> Self {
        Self {
            per_second,
            burst: 1,
        }
    }

    pub fn with_burst(self, burst: u32) -> Self {
        Self { burst, ..self }
    }

    /// The time between two request starts: `1 / (per_second × RATE_HEADROOM)`.
    pub fn spacing(&self) -> Duration {
        Duration::from_secs(1).div_f64(f64::from(self.per_second.max(1)) * RATE_HEADROOM)
    }
}

/// Shared by all clones of a client.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    interval: Duration,
    tolerance: Duration,
    /// When the next request would start if no burst were allowed.
    next: Mutex<Instant>,
}

impl RateLimiter {
    /// `limit.per_second` and `limit.burst` must be at least 1 (checked by the client builder).
    pub(crate) fn new(limit: RateLimit) -> Self {
        let interval = limit.spacing();
        Self {
            interval,
            tolerance: interval * (limit.burst.max(1) - 1),
            next: Mutex::new(Instant::now()),
        }
    }

    /// Waits until this request may start.
    pub(crate) async fn acquire(&self) {
        let start = self.reserve(Instant::now());
        tokio::time::sleep_until(start).await;
    }

    /// Books the next slot at or after `now` and returns when it begins.
    fn reserve(&self, now: Instant) -> Instant {
        let mut next = self.next.lock().unwrap_or_else(PoisonError::into_inner);
        let earliest = next.checked_sub(self.tolerance).unwrap_or(now);
        let start = earliest.max(now);
        *next = (*next).max(now) + self.interval;
        start
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    /// Tokio's timer fires on whole milliseconds.
    fn assert_near(elapsed: Duration, expected: Duration) {
        let difference = elapsed.abs_diff(expected);
        assert!(
            difference <= Duration::from_millis(1),
            "{elapsed:?} vs {expected:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn spaces_requests_evenly() {
        let limiter = RateLimiter::new(RateLimit::per_second(10));
        let begin = Instant::now();
        for _ in 0..5 {
            limiter.acquire().await;
        }
        let spacing = RateLimit::per_second(10).spacing();
        assert_eq!(spacing, Duration::from_secs(1).div_f64(9.5));
        assert_near(begin.elapsed(), spacing * 4);
    }

    #[tokio::test(start_paused = true)]
    async fn allows_a_burst_after_a_pause() {
        let limiter = RateLimiter::new(RateLimit::per_second(10).with_burst(3));
        tokio::time::sleep(Duration::from_secs(5)).await;
        let begin = Instant::now();
        for _ in 0..3 {
            limiter.acquire().await;
        }
        assert_eq!(begin.elapsed(), Duration::ZERO);
        limiter.acquire().await;
        assert_near(begin.elapsed(), RateLimit::per_second(10).spacing());
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_the_budget() {
        let limiter = Arc::new(RateLimiter::new(RateLimit::per_second(100)));
        let begin = Instant::now();
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let limiter = Arc::clone(&limiter);
                tokio::spawn(async move { limiter.acquire().await })
            })
            .collect();
        for task in tasks {
            task.await.expect("task");
        }
        assert_near(begin.elapsed(), RateLimit::per_second(100).spacing() * 49);
    }

    #[test]
    fn defaults_follow_the_key_mode() {
        assert_eq!(
            RateLimit::for_mode(KeyMode::Live),
            RateLimit {
                per_second: 100,
                burst: 1
            }
        );
        assert_eq!(
            RateLimit::for_mode(KeyMode::Test),
            RateLimit {
                per_second: 25,
                burst: 1
            }
        );
    }
}
