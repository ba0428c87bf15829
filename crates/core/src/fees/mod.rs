//! Platform fees: a fee schedule per workspace and currency (default, volume tiers, per-merchant
//! overrides), checked whole, saved atomically and audited, and the fee function payments use.
//!
//! - `model`: what is stored, sent and shown.
//! - `validate`: the editor's input → checked [`FeeRules`], every problem next to its field.
//! - `quote`: which rule applies and the fee it gives (pure).
//! - `service`: the gated, audited operations on the store.
//! - `volume`: where a merchant's monthly volume comes from.

mod model;
mod quote;
mod service;
pub mod validate;
mod volume;

pub use model::{
    FeePreviewInput, FeeQuote, FeeRule, FeeRules, FeeSchedule, FeeScheduleRecord, FeeTier,
    FeeTierInput, FeeTierView, MerchantOverride, MerchantOverrideInput, MerchantOverrideView,
    SaveFeeSchedule,
};
pub use quote::{quote, whole_units};
pub use service::Fees;
pub use validate::fee_rules;
pub use volume::{NoPayments, VolumeSource};
