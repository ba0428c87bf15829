//! The fee function: which rule applies to a payment, and the fee it gives. Pure, so payments,
//! the preview and the CLI all get the same answer.

use super::model::{FeeQuote, FeeRule, FeeRules};
use super::validate::tier_bounds;
use crate::money::{self, percent_text, FULL_PERCENT_BPS};

/// The fee on `amount` (minor units, ≥ 0) for `merchant_id` with `volume` (whole major units)
/// this month: the merchant's override if it has one, else the tier containing the volume
/// (bounds inclusive), else the default. The percentage part is rounded half up to a minor unit,
/// the fixed part added; the fee never exceeds the amount (`capped`) and is never negative.
pub fn quote(rules: &FeeRules, merchant_id: &str, volume: i64, amount: i64) -> FeeQuote {
    let currency = rules.currency.as_str();
    let (rule, tier_index, percent_bps, fixed, why) = if let Some(o) = rules
        .per_merchant_overrides
        .iter()
        .find(|o| o.merchant_id == merchant_id)
    {
        let why = format!("Override for {} ({})", o.merchant_id, o.reason);
        (FeeRule::Override, None, o.fee_percent_bps, o.fee_fixed, why)
    } else if let Some((index, tier)) = rules.fee_tiers.iter().enumerate().find(|(_, tier)| {
        tier.volume_min <= volume && tier.volume_max.is_none_or(|max| volume <= max)
    }) {
        let why = format!("Tier {}", tier_bounds(tier));
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        (
            FeeRule::Tier,
            Some(index),
            tier.fee_percent_bps,
            tier.fee_fixed,
            why,
        )
    } else {
        let why = if rules.fee_tiers.is_empty() {
            "Default".to_string()
        } else {
            format!(
                "Default (no tier covers volume {})",
                whole_units(volume, currency)
            )
        };
        (
            FeeRule::Default,
            None,
            rules.default_fee_percent_bps,
            rules.default_fee_fixed,
            why,
        )
    };
    let amount_wide = i128::from(amount.max(0));
    let percent_part = (amount_wide * i128::from(percent_bps) + i128::from(FULL_PERCENT_BPS / 2))
        / i128::from(FULL_PERCENT_BPS);
    let raw = percent_part + i128::from(fixed.max(0));
    let capped = raw > amount_wide;
    // Both bounds fit an i64: the fee is between 0 and the amount.
    let fee = i64::try_from(raw.min(amount_wide)).unwrap_or(0).max(0);
    let mut explanation = format!(
        "{why}: {} % + {}",
        percent_text(percent_bps),
        money::display(fixed, currency)
    );
    if rule == FeeRule::Tier {
        explanation.push_str(&format!(
            ", volume this month {}",
            whole_units(volume, currency)
        ));
    }
    if capped {
        explanation.push_str(&format!(
            "; capped at the amount {}",
            money::display(amount, currency)
        ));
    }
    FeeQuote {
        fee,
        rule,
        tier_index,
        capped,
        percent_bps,
        fixed,
        volume,
        amount,
        currency: rules.currency.clone(),
        explanation,
    }
}

/// Whole major units as a sentence shows them: 12400 USD → "$12,400"; 5000 JPY → "¥5,000".
pub fn whole_units(volume: i64, currency: &str) -> String {
    let exponent = money::exponent(currency);
    match 10_i64
        .checked_pow(exponent)
        .and_then(|scale| volume.checked_mul(scale))
    {
        Some(minor) if exponent > 0 => money::display(minor, currency).replacen(
            &format!(".{}", "0".repeat(exponent as usize)),
            "",
            1,
        ),
        Some(minor) => money::display(minor, currency),
        None => format!(
            "{} {}",
            money::group_thousands(&volume.to_string()),
            currency.to_uppercase()
        ),
    }
}
