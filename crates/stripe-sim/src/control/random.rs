//! Random faults for soak tests: each API request independently gets one fault with probability
//! `rate`, drawn from a seeded SplitMix64 sequence, so the same seed and the same order of
//! requests give the same faults.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Default latency of the `slow` kind: longer than a typical client timeout in tests.
pub const DEFAULT_SLOW_MS: u64 = 3_000;

/// A fault random mode can pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RandomKind {
    /// 500 `api_error` before anything is carried out; not stored under the key.
    #[serde(rename = "fail_before_5xx")]
    FailBefore5xx,
    /// Carried out and committed, then answered with a 500 that is stored under the key.
    #[serde(rename = "fail_after_commit_5xx")]
    FailAfterCommit5xx,
    /// Carried out and committed, then the connection closes without a response.
    #[serde(rename = "drop_after_commit")]
    DropAfterCommit,
    /// 429 `rate_limit` before anything is carried out.
    #[serde(rename = "rate_limit_429")]
    RateLimit429,
    /// Carried out, then answered after `slow_ms`.
    #[serde(rename = "slow")]
    Slow,
}

impl RandomKind {
    pub const ALL: [RandomKind; 5] = [
        RandomKind::FailBefore5xx,
        RandomKind::FailAfterCommit5xx,
        RandomKind::DropAfterCommit,
        RandomKind::RateLimit429,
        RandomKind::Slow,
    ];
}

fn all_kinds() -> Vec<RandomKind> {
    RandomKind::ALL.to_vec()
}

fn default_slow_ms() -> u64 {
    DEFAULT_SLOW_MS
}

/// The body of the random-fault control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RandomSpec {
    /// Probability (0..=1) that a request gets a fault.
    pub rate: f64,
    #[serde(default)]
    pub seed: u64,
    /// The kinds to pick from, uniformly (default: all).
    #[serde(default = "all_kinds")]
    pub kinds: Vec<RandomKind>,
    #[serde(default = "default_slow_ms")]
    pub slow_ms: u64,
}

impl RandomSpec {
    /// Why the spec cannot be used, as `(param, message)`.
    pub fn problem(&self) -> Option<(&'static str, &'static str)> {
        if !(0.0..=1.0).contains(&self.rate) {
            return Some(("rate", "rate must be between 0 and 1"));
        }
        if self.kinds.is_empty() {
            return Some(("kinds", "kinds must name at least one fault kind"));
        }
        None
    }
}

/// Active random faults: the spec, the generator and how many requests it has seen.
#[derive(Debug, Clone, Serialize)]
pub struct RandomFaults {
    #[serde(flatten)]
    pub spec: RandomSpec,
    /// API requests drawn for since the mode was set.
    pub requests: u64,
    #[serde(skip)]
    rng: SplitMix64,
}

impl RandomFaults {
    pub fn new(spec: RandomSpec) -> Self {
        let rng = SplitMix64(spec.seed);
        Self {
            spec,
            requests: 0,
            rng,
        }
    }

    /// The fault for the next request, if any. Two draws per request, hit or not, so request
    /// `n`'s fault depends only on the seed and `n`.
    pub fn draw(&mut self) -> Option<RandomKind> {
        self.requests += 1;
        let hit = self.rng.next_unit() < self.spec.rate;
        let pick = self.rng.next_u64();
        let len = u64::try_from(self.spec.kinds.len())
            .ok()
            .filter(|n| *n > 0)?;
        let index = usize::try_from(pick % len).ok()?;
        hit.then(|| self.spec.kinds.get(index).copied()).flatten()
    }

    pub fn slow(&self) -> Duration {
        Duration::from_millis(self.spec.slow_ms)
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough for picking faults.
#[derive(Debug, Clone, Copy)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1) from the top 53 bits.
    fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(rate: f64, seed: u64) -> RandomSpec {
        RandomSpec {
            rate,
            seed,
            kinds: all_kinds(),
            slow_ms: 10,
        }
    }

    #[test]
    fn same_seed_same_faults() {
        let draws = |seed| {
            let mut random = RandomFaults::new(spec(0.5, seed));
            (0..200).map(|_| random.draw()).collect::<Vec<_>>()
        };
        assert_eq!(draws(42), draws(42));
        assert_ne!(draws(42), draws(43));
    }

    #[test]
    fn rate_bounds_hold() {
        let mut never = RandomFaults::new(spec(0.0, 1));
        assert!((0..500).all(|_| never.draw().is_none()));
        let mut always = RandomFaults::new(spec(1.0, 1));
        assert!((0..500).all(|_| always.draw().is_some()));
        assert_eq!(always.requests, 500);
    }

    #[test]
    fn rate_is_roughly_respected_and_every_kind_appears() {
        let mut random = RandomFaults::new(spec(0.2, 7));
        let drawn: Vec<RandomKind> = (0..10_000).filter_map(|_| random.draw()).collect();
        assert!((1_700..2_300).contains(&drawn.len()), "{}", drawn.len());
        for kind in RandomKind::ALL {
            assert!(drawn.contains(&kind), "{kind:?}");
        }
    }

    #[test]
    fn spec_problems() {
        assert!(spec(1.5, 0).problem().is_some());
        assert!(spec(-0.1, 0).problem().is_some());
        let empty = RandomSpec {
            kinds: vec![],
            ..spec(0.5, 0)
        };
        assert_eq!(empty.problem().map(|p| p.0), Some("kinds"));
        assert!(spec(0.5, 0).problem().is_none());
    }
}
