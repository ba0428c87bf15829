//! Which Stripe the app talks to: every connection, operation and entry carries one.

use serde::{Deserialize, Serialize};
use specta::Type;

/// Test-mode data (the offline sandbox, or Stripe with a test key) or live money.
/// Until a live connection is active, everything is SANDBOX.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Mode {
    #[default]
    Sandbox,
    Live,
}
