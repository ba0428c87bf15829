//! Checks a fee schedule as typed and turns it into [`FeeRules`]: every problem at once, each
//! next to its field (`defaultFeePercent`, `feeTiers[2].volumeMax`,
//! `perMerchantOverrides[0].merchantId`). Rows are named by their index in the input; the rules
//! come back with the tiers sorted by `volumeMin`.

use std::collections::HashMap;

use super::model::{FeeRules, FeeTier, MerchantOverride, SaveFeeSchedule};
use crate::money::{self, MAX_AMOUNT};
use crate::{CoreError, ErrorCode, FieldChecks, Result};

/// Longest override reason, in characters.
pub const MAX_REASON_CHARS: usize = 200;
/// Longest merchant id, in characters (as onboarding allows).
pub const MAX_MERCHANT_ID_CHARS: usize = 100;
/// Largest tier bound: fifteen digits of whole major units keeps every product exact.
pub const MAX_VOLUME: i64 = 999_999_999_999_999;

/// `known` answers whether the workspace knows a merchant id (the CLI, which has no workspace,
/// knows every one).
pub fn fee_rules(
    input: &SaveFeeSchedule,
    known: &mut dyn FnMut(&str) -> Result<bool>,
) -> Result<FeeRules> {
    let mut checks = FieldChecks::default();
    let currency = checks.check(money::currency("currency", &input.currency));
    // Until the currency is known, fixed fees are read (and explained) as two-decimal amounts.
    let unit = if currency.is_empty() {
        "usd"
    } else {
        &currency
    };
    let default_fee_percent_bps = checks.check(money::parse_percent(
        "defaultFeePercent",
        &input.default_fee_percent,
    ));
    let default_fee_fixed =
        checks.check(fixed_fee("defaultFeeFixed", &input.default_fee_fixed, unit));
    let fee_tiers = tiers(&mut checks, input, unit);
    let per_merchant_overrides = overrides(&mut checks, input, unit, known);
    checks.finish()?;
    Ok(FeeRules {
        currency,
        default_fee_percent_bps,
        default_fee_fixed,
        fee_tiers,
        per_merchant_overrides,
    })
}

/// Parses every row, then checks the sorted rows fit together: the first starts at 0, each
/// next one starts right after the previous one ends, and only the last may be open.
fn tiers(checks: &mut FieldChecks, input: &SaveFeeSchedule, unit: &str) -> Vec<FeeTier> {
    let mut parsed: Vec<(usize, FeeTier)> = Vec::new();
    for (index, row) in input.fee_tiers.iter().enumerate() {
        let path = |name: &str| format!("feeTiers[{index}].{name}");
        let min = volume(&path("volumeMin"), &row.volume_min, unit);
        let max = match row.volume_max.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(raw) => volume(&path("volumeMax"), raw, unit).map(Some),
        };
        let max = match (&min, max) {
            (Ok(min), Ok(Some(max))) if max < *min => Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                path("volumeMax"),
                format!(
                    "The volume max must be at least the tier's volume min ({}).",
                    money::group_thousands(&min.to_string())
                ),
            )),
            (_, max) => max,
        };
        let percent = money::parse_percent(&path("feePercent"), &row.fee_percent);
        let fixed = fixed_fee(&path("feeFixed"), &row.fee_fixed, unit);
        let min_ok = min.is_ok() && max.is_ok();
        let tier = FeeTier {
            volume_min: checks.check(min),
            volume_max: checks.check(max),
            fee_percent_bps: checks.check(percent),
            fee_fixed: checks.check(fixed),
        };
        // Rows whose bounds cannot be read are left out of the fit checks below.
        if min_ok {
            parsed.push((index, tier));
        }
    }
    parsed.sort_by_key(|(index, tier)| (tier.volume_min, *index));
    if let Some((index, first)) = parsed.first() {
        if first.volume_min != 0 {
            checks.check::<()>(Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                format!("feeTiers[{index}].volumeMin"),
                "The first tier starts at a volume of 0.",
            )));
        }
    }
    for pair in parsed.windows(2) {
        let [(prev_index, prev), (index, next)] = pair else {
            continue;
        };
        let Some(prev_max) = prev.volume_max else {
            checks.check::<()>(Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                format!("feeTiers[{prev_index}].volumeMax"),
                "Only the last tier may be open-ended; enter where this tier ends.",
            )));
            continue;
        };
        let expected = prev_max + 1;
        let bounds = tier_bounds(prev);
        if next.volume_min != expected {
            let what = if next.volume_min < expected {
                format!("This tier overlaps the tier {bounds}")
            } else {
                format!("This tier leaves a gap after the tier {bounds}")
            };
            checks.check::<()>(Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                format!("feeTiers[{index}].volumeMin"),
                format!(
                    "{what}: start it at {}.",
                    money::group_thousands(&expected.to_string())
                ),
            )));
        }
    }
    parsed.into_iter().map(|(_, tier)| tier).collect()
}

fn overrides(
    checks: &mut FieldChecks,
    input: &SaveFeeSchedule,
    unit: &str,
    known: &mut dyn FnMut(&str) -> Result<bool>,
) -> Vec<MerchantOverride> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (index, row) in input.per_merchant_overrides.iter().enumerate() {
        let path = |name: &str| format!("perMerchantOverrides[{index}].{name}");
        let merchant = merchant_id(&path("merchantId"), &row.merchant_id).and_then(|id| {
            if let Some(first) = seen.get(&id) {
                return Err(CoreError::on_field(
                    ErrorCode::Conflict,
                    path("merchantId"),
                    format!("{id} already has an override (row {}).", first + 1),
                ));
            }
            seen.insert(id.clone(), index);
            if !known(&id)? {
                return Err(CoreError::on_field(
                    ErrorCode::InvalidValue,
                    path("merchantId"),
                    format!("No merchant {id} is onboarded in this workspace."),
                ));
            }
            Ok(id)
        });
        out.push(MerchantOverride {
            merchant_id: checks.check(merchant),
            fee_percent_bps: checks
                .check(money::parse_percent(&path("feePercent"), &row.fee_percent)),
            fee_fixed: checks.check(fixed_fee(&path("feeFixed"), &row.fee_fixed, unit)),
            reason: checks.check(reason(&path("reason"), &row.reason)),
        });
    }
    out
}

/// A fixed fee: whole minor units from 0 to Stripe's largest amount.
pub fn fixed_fee(field: &str, raw: &str, currency: &str) -> Result<i64> {
    let hint = format!(
        "Enter the fixed fee in whole minor units, e.g. 30 for {}.",
        money::display(30, currency)
    );
    let value = digits(field, raw, "Enter a fixed fee (0 for none).", &hint)?;
    value.filter(|fee| *fee <= MAX_AMOUNT).ok_or_else(|| {
        CoreError::on_field(
            ErrorCode::InvalidValue,
            field,
            format!(
                "The largest fixed fee is {} minor units.",
                money::group_thousands(&MAX_AMOUNT.to_string())
            ),
        )
    })
}

/// A volume: whole major units from 0 to [`MAX_VOLUME`].
pub fn volume(field: &str, raw: &str, currency: &str) -> Result<i64> {
    let hint = format!(
        "Enter the volume as a whole number of {} without separators, e.g. 10000.",
        currency.to_uppercase()
    );
    let value = digits(field, raw, "Enter a volume.", &hint)?;
    value.filter(|v| *v <= MAX_VOLUME).ok_or_else(|| {
        CoreError::on_field(
            ErrorCode::InvalidValue,
            field,
            format!(
                "The largest volume is {}.",
                money::group_thousands(&MAX_VOLUME.to_string())
            ),
        )
    })
}

/// Digits only; `Ok(None)` when there are too many for an `i64`.
fn digits(field: &str, raw: &str, empty: &str, hint: &str) -> Result<Option<i64>> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(CoreError::on_field(ErrorCode::Required, field, empty));
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CoreError::on_field(
            ErrorCode::InvalidCharacters,
            field,
            hint,
        ));
    }
    Ok(text.parse::<i64>().ok())
}

fn merchant_id(field: &str, raw: &str) -> Result<String> {
    let id = raw.trim();
    if id.is_empty() {
        return Err(CoreError::on_field(
            ErrorCode::Required,
            field,
            "Choose the merchant this override is for.",
        ));
    }
    if id.chars().count() > MAX_MERCHANT_ID_CHARS {
        return Err(CoreError::on_field(
            ErrorCode::TooLong,
            field,
            format!("A merchant id has at most {MAX_MERCHANT_ID_CHARS} characters."),
        ));
    }
    Ok(id.to_string())
}

fn reason(field: &str, raw: &str) -> Result<String> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(CoreError::on_field(
            ErrorCode::Required,
            field,
            "Say why this merchant pays a different fee, e.g. Enterprise agreement.",
        ));
    }
    if text.chars().count() > MAX_REASON_CHARS {
        return Err(CoreError::on_field(
            ErrorCode::TooLong,
            field,
            format!("A reason has at most {MAX_REASON_CHARS} characters."),
        ));
    }
    Ok(text.to_string())
}

/// "10,001–50,000" or "50,001 and above".
pub(crate) fn tier_bounds(tier: &FeeTier) -> String {
    let min = money::group_thousands(&tier.volume_min.to_string());
    match tier.volume_max {
        Some(max) => format!("{min}–{}", money::group_thousands(&max.to_string())),
        None => format!("{min} and above"),
    }
}
