//! Injected faults for API requests (`/v1/...` only), of two kinds, as Stripe's idempotency
//! rules tell them apart: before executing (fail the next N requests, rate-limit; nothing is
//! carried out or stored under the key) and after committing (answer a 500 that is stored under
//! the key, drop the connection, answer late). Latency delays requests; random mode picks one
//! fault per request from a seed. Every injection is counted by kind.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::random::{RandomFaults, RandomKind};
use crate::wire::{ApiError, ErrorType};

/// Fail the next `count` API requests with `status` before they are carried out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailNext {
    pub count: u32,
    pub status: u16,
    /// Sent as `Stripe-Should-Retry: true|false` when set.
    #[serde(default)]
    pub should_retry: Option<bool>,
    /// Overrides the error `code`.
    #[serde(default)]
    pub code: Option<String>,
    /// Overrides the error message.
    #[serde(default)]
    pub message: Option<String>,
}

/// Delay API requests by `ms` (the next `count` ones, or all when `count` is absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Latency {
    pub ms: u64,
    #[serde(default)]
    pub count: Option<u32>,
}

/// Allow `per_second` API requests per second; the rest get 429 `rate_limit`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RateLimit {
    pub per_second: u32,
    #[serde(skip)]
    window: Option<Instant>,
    #[serde(skip)]
    used: u32,
}

impl RateLimit {
    pub fn new(per_second: u32) -> Self {
        Self {
            per_second,
            window: None,
            used: 0,
        }
    }

    /// Counts a request; `false` when over the limit.
    fn admit(&mut self, now: Instant) -> bool {
        let fresh = self.window.map_or(true, |start| {
            now.duration_since(start) >= Duration::from_secs(1)
        });
        if fresh {
            self.window = Some(now);
            self.used = 0;
        }
        self.used += 1;
        self.used <= self.per_second
    }
}

/// Answer the next `count` API requests that the endpoint carried out with a `status` (5xx)
/// `api_error` after their changes were committed; the error is stored under the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailAfterCommit {
    pub count: u32,
    #[serde(default = "default_after_status")]
    pub status: u16,
}

fn default_after_status() -> u16 {
    500
}

/// How many faults were injected, by kind (since the faults were last cleared).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Injected {
    /// `/v1` requests the fault layer saw.
    pub requests: u64,
    /// Injected failures before executing with a 4xx status other than 429.
    pub fail_before_4xx: u64,
    #[serde(rename = "fail_before_5xx")]
    pub fail_before_5xx: u64,
    /// 429s from the rate limit, `fail` with status 429, or random mode.
    #[serde(rename = "rate_limit_429")]
    pub rate_limit_429: u64,
    #[serde(rename = "fail_after_commit_5xx")]
    pub fail_after_commit_5xx: u64,
    pub drop_after_commit: u64,
    pub slow: u64,
    pub latency: u64,
}

/// The active faults.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Faults {
    pub fail: Option<FailNext>,
    pub fail_after_commit: Option<FailAfterCommit>,
    pub drop_next: u32,
    pub latency: Option<Latency>,
    pub rate_limit: Option<RateLimit>,
    pub random: Option<RandomFaults>,
    pub injected: Injected,
}

/// A fault random mode picked for a request that applies once it was carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterCommit {
    Fail,
    Drop,
    Slow(Duration),
}

/// What to do with one request: before carrying it out, and afterwards.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub delay: Option<Duration>,
    /// Fail before executing: nothing is carried out or stored.
    pub reject: Option<ApiError>,
    /// Random mode's fault for after the request was carried out.
    pub after: Option<AfterCommit>,
}

/// How the answer of a carried-out request is delivered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivery {
    /// Close the connection instead of answering.
    pub drop: bool,
    /// Answer only after this delay.
    pub delay: Option<Duration>,
}

impl Faults {
    /// Consumes the faults that apply to the next API request before it is carried out.
    pub fn before_request(&mut self) -> Plan {
        self.injected.requests += 1;
        let mut plan = Plan::default();
        if let Some(latency) = &mut self.latency {
            plan.delay = Some(Duration::from_millis(latency.ms));
            self.injected.latency += 1;
            if let Some(count) = &mut latency.count {
                *count = count.saturating_sub(1);
                if *count == 0 {
                    self.latency = None;
                }
            }
        }
        if let Some(limit) = &mut self.rate_limit {
            if !limit.admit(Instant::now()) {
                return self.reject(plan, ApiError::rate_limited());
            }
        }
        if let Some(fail) = &mut self.fail {
            let error = injected_error(fail);
            fail.count = fail.count.saturating_sub(1);
            if fail.count == 0 {
                self.fail = None;
            }
            return self.reject(plan, error);
        }
        let drawn = self
            .random
            .as_mut()
            .and_then(|r| Some((r.draw()?, r.slow())));
        match drawn {
            Some((RandomKind::FailBefore5xx, _)) => self.reject(plan, server_error(500)),
            Some((RandomKind::RateLimit429, _)) => self.reject(plan, ApiError::rate_limited()),
            Some((RandomKind::FailAfterCommit5xx, _)) => Plan {
                after: Some(AfterCommit::Fail),
                ..plan
            },
            Some((RandomKind::DropAfterCommit, _)) => Plan {
                after: Some(AfterCommit::Drop),
                ..plan
            },
            Some((RandomKind::Slow, slow)) => Plan {
                after: Some(AfterCommit::Slow(slow)),
                ..plan
            },
            None => plan,
        }
    }

    fn reject(&mut self, plan: Plan, error: ApiError) -> Plan {
        let counter = match error.status {
            429 => &mut self.injected.rate_limit_429,
            status if status >= 500 => &mut self.injected.fail_before_5xx,
            _ => &mut self.injected.fail_before_4xx,
        };
        *counter += 1;
        Plan {
            reject: Some(error),
            ..plan
        }
    }

    /// The error that replaces the answer of a request the endpoint carried out and committed,
    /// if a fault says so (random mode's pick, else the next `fail_after_commit`).
    pub fn after_commit(&mut self, planned: Option<AfterCommit>) -> Option<ApiError> {
        let status = if planned == Some(AfterCommit::Fail) {
            500
        } else {
            let fail = self.fail_after_commit.as_mut()?;
            let status = fail.status;
            fail.count = fail.count.saturating_sub(1);
            if fail.count == 0 {
                self.fail_after_commit = None;
            }
            status
        };
        self.injected.fail_after_commit_5xx += 1;
        Some(server_error(status))
    }

    /// How to deliver the answer of a request that was carried out (a dropped connection or
    /// a late answer).
    pub fn delivery(&mut self, planned: Option<AfterCommit>) -> Delivery {
        let mut delivery = Delivery::default();
        if planned == Some(AfterCommit::Drop) || self.drop_next > 0 {
            if planned != Some(AfterCommit::Drop) {
                self.drop_next -= 1;
            }
            self.injected.drop_after_commit += 1;
            delivery.drop = true;
        }
        if let Some(AfterCommit::Slow(delay)) = planned {
            self.injected.slow += 1;
            delivery.delay = Some(delay);
        }
        delivery
    }
}

/// Stripe's answer to an internal error.
fn server_error(status: u16) -> ApiError {
    ApiError::new(
        status,
        ErrorType::ApiError,
        "An unknown error occurred while processing this request (injected by stripe-sim).",
    )
}

/// The error an injected failure answers with: Stripe's usual error for that status.
fn injected_error(fail: &FailNext) -> ApiError {
    let mut error = match fail.status {
        429 => ApiError::rate_limited(),
        409 => ApiError::invalid(
            "This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request.",
        )
        .with_status(409)
        .with_code("lock_timeout"),
        402 => ApiError::new(402, ErrorType::CardError, "Your card was declined.").with_code("card_declined"),
        401 => ApiError::invalid("Invalid API Key provided (injected by stripe-sim).").with_status(401),
        status if status >= 500 => server_error(status),
        status => ApiError::invalid("Injected failure (stripe-sim).").with_status(status),
    };
    if let Some(code) = &fail.code {
        error.code = Some(code.clone());
    }
    if let Some(message) = &fail.message {
        error.message = message.clone();
    }
    error.should_retry = fail.should_retry;
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_next_counts_down() {
        let mut faults = Faults {
            fail: Some(FailNext {
                count: 2,
                status: 503,
                should_retry: Some(true),
                code: None,
                message: None,
            }),
            ..Faults::default()
        };
        let first = faults.before_request().reject.expect("first fails");
        assert_eq!((first.status, first.should_retry), (503, Some(true)));
        assert!(faults.before_request().reject.is_some());
        assert!(faults.before_request().reject.is_none());
    }

    #[test]
    fn rate_limit_admits_per_window() {
        let mut limit = RateLimit::new(2);
        let t = Instant::now();
        assert!(limit.admit(t) && limit.admit(t) && !limit.admit(t));
        assert!(limit.admit(t + Duration::from_secs(1)));
    }

    #[test]
    fn fail_after_commit_counts_down_and_is_counted() {
        let mut faults = Faults {
            fail_after_commit: Some(FailAfterCommit {
                count: 1,
                status: 502,
            }),
            ..Faults::default()
        };
        let plan = faults.before_request();
        assert!(plan.reject.is_none() && plan.after.is_none());
        let error = faults.after_commit(plan.after).expect("replaced");
        assert_eq!((error.status, error.kind), (502, ErrorType::ApiError));
        assert!(faults.after_commit(None).is_none());
        assert_eq!(faults.injected.fail_after_commit_5xx, 1);
    }

    #[test]
    fn random_mode_plans_and_counts_every_kind() {
        use crate::control::random::{RandomKind, RandomSpec};
        let spec = RandomSpec {
            rate: 1.0,
            seed: 9,
            kinds: RandomKind::ALL.to_vec(),
            slow_ms: 5,
        };
        let mut faults = Faults {
            random: Some(RandomFaults::new(spec)),
            ..Faults::default()
        };
        for _ in 0..100 {
            let plan = faults.before_request();
            if plan.reject.is_none() {
                faults.after_commit(plan.after);
                faults.delivery(plan.after);
            }
        }
        let n = &faults.injected;
        assert_eq!(n.requests, 100);
        assert_eq!(
            n.fail_before_5xx
                + n.rate_limit_429
                + n.fail_after_commit_5xx
                + n.drop_after_commit
                + n.slow,
            100
        );
        assert!([
            n.fail_before_5xx,
            n.rate_limit_429,
            n.fail_after_commit_5xx,
            n.drop_after_commit,
            n.slow
        ]
        .iter()
        .all(|c| *c > 0));
    }

    #[test]
    fn drops_count_down() {
        let mut faults = Faults {
            drop_next: 1,
            ..Faults::default()
        };
        assert!(faults.delivery(None).drop);
        assert!(!faults.delivery(None).drop);
        assert_eq!(faults.injected.drop_after_commit, 1);
    }
}
