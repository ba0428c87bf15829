//! Injected faults for API requests (`/v1/...` only): fail the next N requests, drop the
//! connection after the next N requests were carried out, add latency, rate-limit.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

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

/// The active faults.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Faults {
    pub fail: Option<FailNext>,
    pub drop_next: u32,
    pub latency: Option<Latency>,
    pub rate_limit: Option<RateLimit>,
}

/// What to do with one request before carrying it out.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub delay: Option<Duration>,
    pub reject: Option<ApiError>,
}

impl Faults {
    /// Consumes the faults that apply to the next API request.
    pub fn before_request(&mut self) -> Plan {
        let mut plan = Plan::default();
        if let Some(latency) = &mut self.latency {
            plan.delay = Some(Duration::from_millis(latency.ms));
            if let Some(count) = &mut latency.count {
                *count = count.saturating_sub(1);
                if *count == 0 {
                    self.latency = None;
                }
            }
        }
        if let Some(limit) = &mut self.rate_limit {
            if !limit.admit(Instant::now()) {
                plan.reject = Some(ApiError::rate_limited());
                return plan;
            }
        }
        if let Some(fail) = &mut self.fail {
            plan.reject = Some(injected_error(fail));
            fail.count = fail.count.saturating_sub(1);
            if fail.count == 0 {
                self.fail = None;
            }
        }
        plan
    }

    /// Whether to drop the connection of the request just carried out.
    pub fn take_drop(&mut self) -> bool {
        if self.drop_next > 0 {
            self.drop_next -= 1;
            true
        } else {
            false
        }
    }
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
        status if status >= 500 => ApiError::new(
            status,
            ErrorType::ApiError,
            "An unknown error occurred while processing this request (injected by stripe-sim).",
        ),
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
    fn drops_count_down() {
        let mut faults = Faults {
            drop_next: 1,
            ..Faults::default()
        };
        assert!(faults.take_drop());
        assert!(!faults.take_drop());
    }
}
