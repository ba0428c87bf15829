//! The simulator's clock: wall-clock time plus an offset that the time control moves forward.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Simulated time = real time + `offset_secs`. Unix seconds throughout, like Stripe.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    pub offset_secs: i64,
}

impl Clock {
    /// The simulated "now".
    pub fn now(&self) -> i64 {
        real_now().saturating_add(self.offset_secs)
    }

    /// Moves simulated time forward by `secs` (never backward).
    pub fn advance(&mut self, secs: i64) {
        self.offset_secs = self.offset_secs.saturating_add(secs.max(0));
    }
}

/// Real unix time in seconds.
pub fn real_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Midnight UTC of the day containing `ts`.
pub fn start_of_day(ts: i64) -> i64 {
    ts - ts.rem_euclid(DAY)
}

/// RFC 3339 rendering of a unix timestamp, for the HTML pages.
pub fn rfc3339(ts: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| ts.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_of_day_truncates_to_midnight() {
        assert_eq!(start_of_day(DAY * 3 + 5), DAY * 3);
        assert_eq!(start_of_day(DAY * 3), DAY * 3);
    }

    #[test]
    fn advance_never_goes_back() {
        let mut clock = Clock::default();
        clock.advance(-10);
        assert_eq!(clock.offset_secs, 0);
        clock.advance(60);
        assert_eq!(clock.offset_secs, 60);
    }
}
