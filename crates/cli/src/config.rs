//! The fee configuration file, in the seed's shape (snake_case, percentages as JSON numbers
//! such as 2.9), read exactly: every number is taken as its JSON text and parsed by the core's
//! rules, never through binary floating point, and checked as the fee editor checks it.

use connectdesk_core::fees::{
    fee_rules, validate, FeeRules, FeeTierInput, MerchantOverrideInput, SaveFeeSchedule,
};
use connectdesk_core::{CoreError, ErrorCode};
use serde::Deserialize;
use serde_json::value::RawValue;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Config<'a> {
    #[serde(borrow, default)]
    default_fee_percent: Option<&'a RawValue>,
    #[serde(borrow, default)]
    default_fee_fixed: Option<&'a RawValue>,
    #[serde(borrow, default)]
    fee_tiers: Vec<Tier<'a>>,
    #[serde(borrow, default)]
    per_merchant_overrides: Vec<Override<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Tier<'a> {
    #[serde(borrow, default)]
    volume_min: Option<&'a RawValue>,
    /// Absent or null: and above.
    #[serde(borrow, default)]
    volume_max: Option<&'a RawValue>,
    #[serde(borrow, default)]
    fee_percent: Option<&'a RawValue>,
    #[serde(borrow, default)]
    fee_fixed: Option<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Override<'a> {
    #[serde(default)]
    merchant_id: String,
    #[serde(borrow, default)]
    fee_percent: Option<&'a RawValue>,
    #[serde(borrow, default)]
    fee_fixed: Option<&'a RawValue>,
    #[serde(default)]
    reason: String,
}

/// The checked rules, and for each of their (sorted) tiers its index in the file's
/// `fee_tiers`.
pub struct Loaded {
    pub rules: FeeRules,
    pub file_index: Vec<usize>,
}

/// One problem per line, fields named as in the file (`fee_tiers[1].volume_min`).
pub type Problems = Vec<String>;

pub fn load(json: &str, currency: &str) -> Result<Loaded, Problems> {
    let config: Config<'_> = serde_json::from_str(json)
        .map_err(|err| vec![format!("not a fee configuration: {err}")])?;
    let mut problems = Vec::new();
    let mut number = |path: String, raw: Option<&RawValue>, optional: bool| -> Option<String> {
        match raw.map(RawValue::get) {
            None | Some("null") if optional => None,
            None | Some("null") => Some(String::new()),
            Some(text) if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) => {
                Some(text.to_string())
            }
            Some(text) => {
                problems.push(format!("{path}: must be a JSON number, not {text}"));
                Some(String::new())
            }
        }
    };
    let input = SaveFeeSchedule {
        workspace_id: 0,
        currency: currency.to_string(),
        default_fee_percent: number(
            "default_fee_percent".into(),
            config.default_fee_percent,
            false,
        )
        .unwrap_or_default(),
        default_fee_fixed: number("default_fee_fixed".into(), config.default_fee_fixed, false)
            .unwrap_or_default(),
        fee_tiers: config
            .fee_tiers
            .iter()
            .enumerate()
            .map(|(i, tier)| FeeTierInput {
                volume_min: number(format!("fee_tiers[{i}].volume_min"), tier.volume_min, false)
                    .unwrap_or_default(),
                volume_max: number(format!("fee_tiers[{i}].volume_max"), tier.volume_max, true),
                fee_percent: number(
                    format!("fee_tiers[{i}].fee_percent"),
                    tier.fee_percent,
                    false,
                )
                .unwrap_or_default(),
                fee_fixed: number(format!("fee_tiers[{i}].fee_fixed"), tier.fee_fixed, false)
                    .unwrap_or_default(),
            })
            .collect(),
        per_merchant_overrides: config
            .per_merchant_overrides
            .iter()
            .enumerate()
            .map(|(i, o)| MerchantOverrideInput {
                merchant_id: o.merchant_id.clone(),
                fee_percent: number(
                    format!("per_merchant_overrides[{i}].fee_percent"),
                    o.fee_percent,
                    false,
                )
                .unwrap_or_default(),
                fee_fixed: number(
                    format!("per_merchant_overrides[{i}].fee_fixed"),
                    o.fee_fixed,
                    false,
                )
                .unwrap_or_default(),
                reason: o.reason.clone(),
            })
            .collect(),
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    // Without a workspace every merchant id is one the configuration may name.
    let rules = fee_rules(&input, &mut |_| Ok(true)).map_err(|err| describe(&err))?;
    let starts: Vec<Option<i64>> = input
        .fee_tiers
        .iter()
        .map(|tier| validate::volume("", &tier.volume_min, currency).ok())
        .collect();
    // Checked tiers never share a start, so each sorted tier has one row in the file.
    let file_index = rules
        .fee_tiers
        .iter()
        .map(|tier| {
            starts
                .iter()
                .position(|start| *start == Some(tier.volume_min))
                .unwrap_or_default()
        })
        .collect();
    Ok(Loaded { rules, file_index })
}

/// Every problem of a core error, its field named as the file names it.
pub fn describe(err: &CoreError) -> Problems {
    if err.field_errors.is_empty() {
        return vec![match &err.field {
            Some(field) => format!("{}: {}", snake_case(field), err.message),
            None => err.message.clone(),
        }];
    }
    err.field_errors
        .iter()
        .map(|e| format!("{}: {}", snake_case(&e.field), e.message))
        .collect()
}

/// `feeTiers[1].volumeMin` → `fee_tiers[1].volume_min`.
fn snake_case(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 4);
    for ch in path.chars() {
        if ch.is_ascii_uppercase() {
            out.push('_');
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

/// A whole number of minor units from the command line: 0 to Stripe's largest amount.
pub fn amount(raw: &str) -> Result<i64, CoreError> {
    let text = raw.trim();
    let bad = |message: &str| CoreError::on_field(ErrorCode::InvalidValue, "amount", message);
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(
            "must be a whole number of minor units, e.g. 2500 for $25.00",
        ));
    }
    text.parse::<i64>()
        .ok()
        .filter(|amount| *amount <= connectdesk_core::money::MAX_AMOUNT)
        .ok_or_else(|| bad("is above Stripe's largest amount (99999999 minor units)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_named_as_in_the_file() {
        assert_eq!(
            snake_case("feeTiers[1].volumeMin"),
            "fee_tiers[1].volume_min"
        );
        assert_eq!(
            snake_case("perMerchantOverrides[0].merchantId"),
            "per_merchant_overrides[0].merchant_id"
        );
        assert_eq!(snake_case("currency"), "currency");
    }
}
