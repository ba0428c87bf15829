//! Onboarding reports Stripe's failures as every feature does.

pub(crate) use crate::stripe_errors::{is_missing, stripe_failure};
