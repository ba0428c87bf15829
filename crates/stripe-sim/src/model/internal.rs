//! Simulator bookkeeping that is not a Stripe object: onboarding links and sessions, login
//! links, idempotency records, the persisted clock and sequence.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::resource;
use crate::clock::Clock;

/// An Account Link as the simulator tracks it; `id` is the URL token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountLinkRecord {
    pub id: String,
    pub account: String,
    /// `account_onboarding` or `account_update`.
    pub kind: String,
    pub refresh_url: Option<String>,
    pub return_url: Option<String>,
    pub created: i64,
    pub expires_at: i64,
    /// Set once the link was opened (links are single-use).
    pub session: Option<String>,
}
resource!(AccountLinkRecord, "account_links");

/// A hosted-onboarding session, started by opening an Account Link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OnboardingSession {
    pub id: String,
    pub link: String,
    pub account: String,
    pub kind: String,
    pub refresh_url: Option<String>,
    pub return_url: Option<String>,
    pub created: i64,
    pub expires_at: i64,
    /// The steps of this session, in order (`details`, `tos`, `bank`).
    pub steps: Vec<String>,
    /// The steps already submitted.
    pub done: Vec<String>,
    pub completed: bool,
}
resource!(OnboardingSession, "onboarding_sessions");

impl OnboardingSession {
    /// The first step not yet submitted.
    pub fn next_step(&self) -> Option<&str> {
        self.steps
            .iter()
            .find(|s| !self.done.contains(s))
            .map(String::as_str)
    }
}

/// An Express dashboard login link; `id` is the URL token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginLinkRecord {
    pub id: String,
    pub account: String,
    pub created: i64,
}
resource!(LoginLinkRecord, "login_links");

/// A Connect OAuth grant: the platform may act on `account`. Tokens are kept as SHA-256 digests
/// only (the state lives inside the app's data directory): `id` is the refresh token's digest,
/// `access_token` the digest of the access token issued last. Deauthorizing deletes the grant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OAuthGrant {
    pub id: String,
    pub account: String,
    pub client_id: String,
    pub access_token: String,
    /// `read_write` or `read_only`.
    pub scope: String,
    pub created: i64,
    /// Each exchange issues a new refresh token and retires the old one (a test control option;
    /// clients must keep the newest token).
    #[serde(default)]
    pub rotate: bool,
}
resource!(OAuthGrant, "oauth_grants");

/// A stored response for an `Idempotency-Key`; `id` is `<account>:<key>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdempotencyRecord {
    pub id: String,
    pub created: i64,
    pub fingerprint: String,
    pub status: u16,
    pub body: String,
    pub request_id: String,
}
resource!(IdempotencyRecord, "idempotency");

impl IdempotencyRecord {
    /// How long a key is remembered: Stripe prunes keys once they are at least 24 hours old.
    pub const TTL_SECS: i64 = crate::clock::DAY;

    /// Whether the key is old enough to be forgotten at simulated time `now`.
    pub fn expired(&self, now: i64) -> bool {
        now.saturating_sub(self.created) >= Self::TTL_SECS
    }
}

/// Global state: the platform account, the id sequence, the clock, and the accounts whose
/// verification the test control holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub platform: String,
    pub seq: u64,
    pub clock: Clock,
    #[serde(default)]
    pub verification_holds: BTreeSet<String>,
    /// How long new Account Links stay valid; the default when absent (a test control sets it).
    #[serde(default)]
    pub link_ttl_secs: Option<i64>,
    /// Bank accounts (`ba_`) made from Stripe's failing test numbers, with the failure code
    /// their payouts end with.
    #[serde(default)]
    pub payout_failures: BTreeMap<String, String>,
}
