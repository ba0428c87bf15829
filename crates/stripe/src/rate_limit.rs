//! A client-side rate limiter, so bulk work stays under Stripe's limits instead of collecting
//! 429s. One limiter is one key's budget: the clones of a client share it, and clients of the
//! same key can share it too ([`ClientBuilder::share_rate_limiter`]).
//!
//! Pacing is a token bucket kept as one timestamp (GCRA): each request is scheduled one
//! interval after the previous one, and up to `burst` requests may start at once after a pause.
//! It paces at [`RATE_HEADROOM`] (95 %) of the limit: a server counts requests by their arrival
//! in its own one-second windows, and network jitter can pull request `n + limit` into the
//! window of request `n` when requests are sent exactly `1/limit` apart.
//!
//! A 429 means the key's budget is spent (other programs may use the key too), so the whole
//! bucket backs off, not only the request that got it: additive increase, multiplicative
//! decrease, as TCP does.
//! - No request of the bucket starts before the server's `Retry-After` is over (honoured up to
//!   [`MAX_RETRY_AFTER`]), nor within one interval at the new pace; requests already waiting
//!   for a slot book again.
//! - The pace halves (never below 1/16 of the limit) and then climbs back by a tenth of the
//!   limit per second: a halved bucket is at full pace again five seconds after it resumed.
//! - 429s of requests that started before the last slowdown were sent at the old pace, so they
//!   do not halve it again: one burst of 429s is one halving.
//!
//! [`ClientBuilder::share_rate_limiter`]: crate::ClientBuilder::share_rate_limiter

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use crate::error::{Error, Result};
use crate::retry::MAX_RETRY_AFTER;
use crate::secret::KeyMode;

/// The share of the limit the limiter paces at.
pub const RATE_HEADROOM: f64 = 0.95;

/// How far one 429 drops the pace.
const DECREASE: f64 = 0.5;
/// The slowest pace, as a share of the full pace.
const MIN_SHARE: f64 = 1.0 / 16.0;
/// How fast the pace climbs back after a 429: this share of the full pace, per second.
const RECOVERY_PER_SECOND: f64 = 0.1;

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

    /// The time between two request starts at full pace: `1 / (per_second × RATE_HEADROOM)`.
    pub fn spacing(&self) -> Duration {
        Duration::from_secs(1).div_f64(self.full_rate())
    }

    /// Requests per second at full pace.
    fn full_rate(&self) -> f64 {
        f64::from(self.per_second.max(1)) * RATE_HEADROOM
    }
}

/// One key's rate limiter: every client holding it (and their clones) is paced together, and a
/// 429 seen by any of them slows all of them down. Cheap to clone; clones are the same bucket.
///
/// A client builds its own from its [`RateLimit`]; [`Client::rate_limiter`] hands it out and
/// [`ClientBuilder::share_rate_limiter`] gives it to another client of the same key (e.g. a
/// one-off client for a Connect OAuth access token).
///
/// [`Client::rate_limiter`]: crate::Client::rate_limiter
/// [`ClientBuilder::share_rate_limiter`]: crate::ClientBuilder::share_rate_limiter
#[derive(Debug, Clone)]
pub struct RateLimiter {
    bucket: Arc<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    limit: RateLimit,
    state: Mutex<State>,
    /// Wakes requests waiting for a slot when a slowdown voids their slots.
    slowed: Notify,
}

#[derive(Debug)]
struct State {
    /// When the next request would start if no burst were allowed.
    next: Instant,
    /// No request starts before this (the end of the last `Retry-After`); the pace climbs back
    /// from here.
    resume_at: Instant,
    /// The pace at `resume_at`, in requests per second.
    resume_rate: f64,
    /// Counts slowdowns. A slot booked before the latest one is void; a 429 of a request sent
    /// before it does not halve the pace again.
    generation: u64,
}

impl RateLimiter {
    /// A new bucket; `limit.per_second` and `limit.burst` must be at least 1.
    pub fn new(limit: RateLimit) -> Result<Self> {
        if limit.per_second == 0 || limit.burst == 0 {
            return Err(Error::Config(
                "the rate limit and its burst must be at least 1".into(),
            ));
        }
        let now = Instant::now();
        Ok(Self {
            bucket: Arc::new(Bucket {
                limit,
                state: Mutex::new(State {
                    next: now,
                    resume_at: now,
                    resume_rate: limit.full_rate(),
                    generation: 0,
                }),
                slowed: Notify::new(),
            }),
        })
    }

    /// The configured limit (the pace after full recovery).
    pub fn limit(&self) -> RateLimit {
        self.bucket.limit
    }

    /// The pace right now, in requests per second: `per_second × RATE_HEADROOM`, or less while
    /// the bucket recovers from a 429.
    pub fn current_rate(&self) -> f64 {
        self.bucket.state().rate(Instant::now(), self.bucket.limit)
    }

    /// Whether `other` is the same bucket.
    pub fn is_shared_with(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.bucket, &other.bucket)
    }

    /// Waits until this request may start.
    pub(crate) async fn acquire(&self) -> Slot {
        loop {
            // Created before booking, so a slowdown right after the booking still wakes us.
            let slowed = self.bucket.slowed.notified();
            let (start, generation) = self.bucket.reserve(Instant::now());
            // Ends at the slot, or early when a slowdown voids it.
            let _ = tokio::time::timeout_at(start, slowed).await;
            if self.bucket.state().generation == generation {
                return Slot { generation };
            }
        }
    }

    /// Slows the whole bucket down after the request sent in `slot` got a 429.
    pub(crate) fn slow_down(&self, slot: Slot, retry_after: Option<Duration>) {
        let now = Instant::now();
        let limit = self.bucket.limit;
        let mut state = self.bucket.state();
        let fresh = slot.generation == state.generation;
        if !fresh && retry_after.is_none() {
            return; // Sent at the old pace: already accounted for.
        }
        let rate = state.rate(now, limit);
        state.resume_rate = if fresh {
            (rate * DECREASE).max(limit.full_rate() * MIN_SHARE)
        } else {
            rate
        };
        let pause = retry_after.unwrap_or_default().min(MAX_RETRY_AFTER);
        state.resume_at = state.resume_at.max(now + pause);
        // Slots booked at the old pace are void: their holders book again, from the end of the
        // pause and no sooner than one interval at the new pace (the refused request counts as
        // the latest start).
        let interval = Duration::from_secs(1).div_f64(state.resume_rate);
        state.next = state.resume_at.max(now + interval);
        state.generation += 1;
        drop(state);
        self.bucket.slowed.notify_waiters();
    }
}

/// The slot a request started in: which slowdown of the bucket it was paced under.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    generation: u64,
}

impl Bucket {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Books the next slot at or after `now` and returns when it begins, with the generation
    /// it was booked under.
    fn reserve(&self, now: Instant) -> (Instant, u64) {
        let mut state = self.state();
        let rate = state.rate(now, self.limit);
        let interval = Duration::from_secs(1).div_f64(rate);
        // Bursts only at full pace: a recovering bucket spaces every request.
        let tolerance = if rate < self.limit.full_rate() {
            Duration::ZERO
        } else {
            interval * (self.limit.burst - 1)
        };
        let earliest = state.next.checked_sub(tolerance).unwrap_or(now);
        let start = earliest.max(now).max(state.resume_at);
        state.next = state.next.max(start) + interval;
        (start, state.generation)
    }
}

impl State {
    /// The pace at `now`: from `resume_rate`, climbing linearly back to the full pace.
    fn rate(&self, now: Instant, limit: RateLimit) -> f64 {
        let full = limit.full_rate();
        let climbed = now.saturating_duration_since(self.resume_at).as_secs_f64()
            * full
            * RECOVERY_PER_SECOND;
        (self.resume_rate + climbed).min(full)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokio's timer fires on whole milliseconds.
    fn assert_near(elapsed: Duration, expected: Duration) {
        let difference = elapsed.abs_diff(expected);
        assert!(
            difference <= Duration::from_millis(1),
            "{elapsed:?} vs {expected:?}"
        );
    }

    fn limiter(limit: RateLimit) -> RateLimiter {
        RateLimiter::new(limit).expect("valid limit")
    }

    /// Starts `count` concurrent acquires; returns when each began, in completion order.
    async fn concurrent(limiter: &RateLimiter, count: usize) -> Vec<Instant> {
        let tasks: Vec<_> = (0..count)
            .map(|_| {
                let limiter = limiter.clone();
                tokio::spawn(async move {
                    limiter.acquire().await;
                    Instant::now()
                })
            })
            .collect();
        let mut ends = Vec::new();
        for task in tasks {
            ends.push(task.await.expect("task"));
        }
        ends.sort();
        ends
    }

    #[tokio::test(start_paused = true)]
    async fn spaces_requests_evenly() {
        let limiter = limiter(RateLimit::per_second(10));
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
        let limiter = limiter(RateLimit::per_second(10).with_burst(3));
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
        let limiter = limiter(RateLimit::per_second(100));
        let begin = Instant::now();
        let ends = concurrent(&limiter, 50).await;
        assert_near(ends[49] - begin, RateLimit::per_second(100).spacing() * 49);
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_holds_back_every_request_of_the_bucket() {
        let limiter = limiter(RateLimit::per_second(10));
        let begin = Instant::now();
        let slot = limiter.acquire().await;
        // Callers already waiting for a slot, and one that comes later.
        let waiting = {
            let limiter = limiter.clone();
            tokio::spawn(async move { concurrent(&limiter, 5).await })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        limiter.slow_down(slot, Some(Duration::from_secs(2)));
        limiter.acquire().await;
        let late = Instant::now();
        let mut starts = waiting.await.expect("task");
        starts.push(late);
        starts.sort();
        let resume = begin + Duration::from_millis(50) + Duration::from_secs(2);
        assert_near(starts[0] - begin, resume - begin);
        // After the pause the six requests are spaced at the halved pace, not all at once.
        let halved = RateLimit::per_second(10).spacing() * 2;
        for pair in starts.windows(2) {
            assert_near(pair[1] - pair[0], halved);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_pace_halves_and_recovers_to_the_limit() {
        let limit = RateLimit::per_second(10);
        let limiter = limiter(limit);
        let full = 9.5;
        assert_eq!(limiter.current_rate(), full);

        let before = limiter.acquire().await;
        limiter.slow_down(before, None);
        assert_eq!(limiter.current_rate(), full / 2.0);
        // Requests now start twice as far apart, the first one interval after the 429.
        let begin = Instant::now();
        limiter.acquire().await;
        let after = limiter.acquire().await;
        assert_near(begin.elapsed(), limit.spacing() * 4);

        // A 429 of a request sent before the slowdown does not halve again; a later one does.
        let rate = limiter.current_rate();
        limiter.slow_down(before, None);
        assert_eq!(limiter.current_rate(), rate);
        limiter.slow_down(after, None);
        assert_eq!(limiter.current_rate(), rate / 2.0);

        // A tenth of the limit per second: climbing back, then at the limit again.
        tokio::time::sleep(Duration::from_secs(3)).await;
        let climbing = limiter.current_rate();
        assert!(climbing > rate / 2.0 && climbing < full, "{climbing}");
        tokio::time::sleep(Duration::from_secs(5)).await;
        assert_eq!(limiter.current_rate(), full);
        limiter.acquire().await;
        let at_full = Instant::now();
        limiter.acquire().await;
        assert_near(at_full.elapsed(), limit.spacing());
    }

    #[tokio::test(start_paused = true)]
    async fn the_pace_never_drops_below_a_sixteenth() {
        let limiter = limiter(RateLimit::per_second(16));
        let floor = 16.0 * RATE_HEADROOM / 16.0;
        for _ in 0..10 {
            // A request sent after the latest slowdown, refused at the same instant.
            let slot = Slot {
                generation: limiter.bucket.state().generation,
            };
            limiter.slow_down(slot, None);
            assert!(limiter.current_rate() >= floor);
        }
        assert_eq!(limiter.current_rate(), floor);
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_is_capped_at_a_minute() {
        let limiter = limiter(RateLimit::per_second(10));
        let begin = Instant::now();
        let slot = limiter.acquire().await;
        limiter.slow_down(slot, Some(Duration::from_secs(600)));
        limiter.acquire().await;
        assert_near(begin.elapsed(), MAX_RETRY_AFTER);
    }

    #[tokio::test(start_paused = true)]
    async fn clones_are_one_bucket() {
        let limit = RateLimit::per_second(10);
        let first = limiter(limit);
        let second = first.clone();
        assert!(first.is_shared_with(&second));
        assert!(!first.is_shared_with(&limiter(limit)));

        let begin = Instant::now();
        first.acquire().await;
        let slot = second.acquire().await;
        assert_near(begin.elapsed(), limit.spacing());
        second.slow_down(slot, Some(Duration::from_secs(1)));
        first.acquire().await;
        assert_near(begin.elapsed(), limit.spacing() + Duration::from_secs(1));
        assert_eq!(first.current_rate(), 9.5 / 2.0);
    }

    #[test]
    fn a_limit_of_zero_is_refused() {
        assert!(RateLimiter::new(RateLimit::per_second(0)).is_err());
        assert!(RateLimiter::new(RateLimit::per_second(5).with_burst(0)).is_err());
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
