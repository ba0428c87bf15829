//! The create form's rules, all problems at once and before anything is sent.

use std::collections::BTreeMap;

use super::model::{CreatePayment, FeeOverride};
use crate::form_fields::{self, optional_text};
use crate::money;
use crate::{CoreError, ErrorCode, FieldChecks, Result};

const ORDER_ID_CHARS: usize = 100;
/// Keys ConnectDesk writes itself.
const RESERVED_KEYS: &[&str] = &["connectdesk_op", "order_id"];
const PAYMENT_METHOD_TYPES: &[&str] = &["card"];

#[derive(Debug, Clone)]
pub(super) struct ValidPayment {
    pub workspace_id: u64,
    pub account_id: String,
    pub amount: i64,
    pub currency: String,
    pub order_id: Option<String>,
    pub customer_email: Option<String>,
    pub payment_method_types: Vec<String>,
    pub metadata: BTreeMap<String, String>,
    pub manual_capture: bool,
    pub fee_override: Option<(i64, String)>,
}

pub(super) fn create(input: &CreatePayment) -> Result<ValidPayment> {
    let mut checks = FieldChecks::default();
    let account_id = checks.check(account_id(&input.account_id).map(Some));
    let currency = checks.check(money::currency("currency", &input.currency).map(Some));
    let amount = match &currency {
        Some(code) => checks.check(positive_amount("amount", &input.amount, code).map(Some)),
        None => None,
    };
    let order_id =
        checks.check(optional_text("orderId", input.order_id.as_deref(), ORDER_ID_CHARS).map(Some));
    let customer_email = checks.check(email(input.customer_email.as_deref()).map(Some));
    let payment_method_types = checks.check(method_types(&input.payment_method_types).map(Some));
    let metadata = checks.check(metadata(&input.metadata).map(Some));
    // Amount and reason are judged apart, so both problems show at once.
    let fee_amount = match (&input.fee_override, &currency, amount) {
        (Some(chosen), Some(code), Some(amount)) => {
            checks.check(fee_amount(chosen, code, amount).map(Some))
        }
        _ => None,
    };
    let fee_reason = input
        .fee_override
        .as_ref()
        .and_then(|chosen| checks.check(fee_reason(&chosen.reason).map(Some)));
    let fee_override = fee_amount.zip(fee_reason);
    checks.finish()?;
    let missing = || CoreError::internal("The payment form was not checked.");
    Ok(ValidPayment {
        workspace_id: input.workspace_id,
        account_id: account_id.ok_or_else(missing)?,
        amount: amount.ok_or_else(missing)?,
        currency: currency.ok_or_else(missing)?,
        order_id: order_id.ok_or_else(missing)?,
        customer_email: customer_email.ok_or_else(missing)?,
        payment_method_types: payment_method_types.ok_or_else(missing)?,
        metadata: metadata.ok_or_else(missing)?,
        manual_capture: input.manual_capture,
        fee_override,
    })
}

pub(super) use crate::money::positive_amount;

fn email(raw: Option<&str>) -> Result<Option<String>> {
    let Some(text) = optional_text("customerEmail", raw, 254)? else {
        return Ok(None);
    };
    let valid = text.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !text.contains(char::is_whitespace)
    });
    if valid {
        Ok(Some(text))
    } else {
        Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            "customerEmail",
            "Enter an email address such as jenny@example.com.",
        ))
    }
}

fn method_types(raw: &[String]) -> Result<Vec<String>> {
    let mut types: Vec<String> = raw
        .iter()
        .map(|t| t.trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    types.sort();
    types.dedup();
    if let Some(unknown) = types
        .iter()
        .find(|t| !PAYMENT_METHOD_TYPES.contains(&t.as_str()))
    {
        return Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            "paymentMethodTypes",
            format!("ConnectDesk takes card payments; `{unknown}` is not offered."),
        ));
    }
    if types.is_empty() {
        types.push("card".into());
    }
    Ok(types)
}

fn metadata(raw: &BTreeMap<String, String>) -> Result<BTreeMap<String, String>> {
    form_fields::metadata(raw, RESERVED_KEYS)
}

fn account_id(raw: &str) -> Result<String> {
    form_fields::account_id(
        "accountId",
        raw,
        "Choose the connected account that receives the payment.",
    )
}

fn fee_amount(chosen: &FeeOverride, currency: &str, amount: i64) -> Result<i64> {
    let fee = money::parse_amount("feeOverride.amount", &chosen.amount, currency)?;
    if fee > amount {
        return Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            "feeOverride.amount",
            "The application fee cannot be more than the payment.",
        ));
    }
    Ok(fee)
}

fn fee_reason(raw: &str) -> Result<String> {
    let reason = raw.trim();
    if reason.is_empty() {
        return Err(CoreError::on_field(
            ErrorCode::Required,
            "feeOverride.reason",
            "Say why this payment's fee differs from the rules (it is audited).",
        ));
    }
    if reason.chars().count() > 200 {
        return Err(CoreError::on_field(
            ErrorCode::TooLong,
            "feeOverride.reason",
            "At most 200 characters.",
        ));
    }
    Ok(reason.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CreatePayment {
        CreatePayment {
            workspace_id: 1,
            account_id: "acct_1Test".into(),
            amount: "25.00".into(),
            currency: "USD".into(),
            ..CreatePayment::default()
        }
    }

    #[test]
    fn a_good_form_is_normalised() {
        let valid = create(&form()).expect("valid");
        assert_eq!((valid.amount, valid.currency.as_str()), (2500, "usd"));
        assert_eq!(valid.payment_method_types, vec!["card".to_string()]);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let bad = CreatePayment {
            account_id: "cus_123".into(),
            amount: "25.001".into(),
            customer_email: Some("not an email".into()),
            payment_method_types: vec!["sofort".into()],
            metadata: BTreeMap::from([("connectdesk_op".into(), "x".into())]),
            ..form()
        };
        let err = create(&bad).expect_err("invalid");
        let fields: Vec<&str> = err.field_errors.iter().map(|e| e.field.as_str()).collect();
        for field in [
            "accountId",
            "amount",
            "customerEmail",
            "paymentMethodTypes",
            "metadata",
        ] {
            assert!(fields.contains(&field), "{field} in {fields:?}");
        }
    }

    #[test]
    fn an_own_fee_needs_an_amount_within_the_payment_and_a_reason() {
        let both_wrong = CreatePayment {
            fee_override: Some(FeeOverride {
                amount: "30.00".into(),
                reason: " ".into(),
            }),
            ..form()
        };
        let err = create(&both_wrong).expect_err("invalid");
        let fields: Vec<&str> = err.field_errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["feeOverride.amount", "feeOverride.reason"]);
        let good = CreatePayment {
            fee_override: Some(FeeOverride {
                amount: "1.50".into(),
                reason: "Launch promotion".into(),
            }),
            ..form()
        };
        assert_eq!(
            create(&good).expect("valid").fee_override,
            Some((150, "Launch promotion".to_string()))
        );
    }

    #[test]
    fn zero_decimal_amounts_refuse_decimals_and_zero() {
        let jpy = CreatePayment {
            amount: "500.5".into(),
            currency: "jpy".into(),
            ..form()
        };
        assert!(create(&jpy).is_err());
        let zero = CreatePayment {
            amount: "0".into(),
            ..form()
        };
        assert!(create(&zero).is_err());
    }
}
