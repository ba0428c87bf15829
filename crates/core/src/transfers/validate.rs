//! The create and reverse forms' rules, every problem at once and before anything is sent.

use std::collections::BTreeMap;

use super::model::{CreateTransfer, ReverseTransfer};
use crate::form_fields::{self, optional_text};
use crate::journal::METADATA_OPERATION;
use crate::money;
use crate::{CoreError, ErrorCode, FieldChecks, Result};

/// ConnectDesk's own limit: a description is read in a table row and a CSV cell.
const DESCRIPTION_CHARS: usize = 500;
/// Keys ConnectDesk writes itself.
const RESERVED_KEYS: &[&str] = &[METADATA_OPERATION];

#[derive(Debug, Clone)]
pub(super) struct ValidTransfer {
    pub workspace_id: u64,
    pub account_id: String,
    pub amount: i64,
    pub currency: String,
    pub description: Option<String>,
    pub metadata: BTreeMap<String, String>,
}

pub(super) fn create(input: &CreateTransfer) -> Result<ValidTransfer> {
    let mut checks = FieldChecks::default();
    let account_id = checks.check(
        form_fields::account_id(
            "accountId",
            &input.account_id,
            "Choose the connected account that receives the transfer.",
        )
        .map(Some),
    );
    let currency = checks.check(money::currency("currency", &input.currency).map(Some));
    let amount = match &currency {
        Some(code) => checks.check(money::positive_amount("amount", &input.amount, code).map(Some)),
        None => None,
    };
    let description = checks.check(
        optional_text(
            "description",
            input.description.as_deref(),
            DESCRIPTION_CHARS,
        )
        .map(Some),
    );
    let metadata = checks.check(form_fields::metadata(&input.metadata, RESERVED_KEYS).map(Some));
    checks.finish()?;
    let missing = || CoreError::internal("The transfer form was not checked.");
    Ok(ValidTransfer {
        workspace_id: input.workspace_id,
        account_id: account_id.ok_or_else(missing)?,
        amount: amount.ok_or_else(missing)?,
        currency: currency.ok_or_else(missing)?,
        description: description.ok_or_else(missing)?,
        metadata: metadata.ok_or_else(missing)?,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ValidReversal {
    pub amount: i64,
    pub description: Option<String>,
}

/// A reversal of at most `remaining` (what is not reversed yet); no amount means all of it.
pub(super) fn reversal(
    input: &ReverseTransfer,
    currency: &str,
    remaining: i64,
) -> Result<ValidReversal> {
    let mut checks = FieldChecks::default();
    let amount = checks.check(reversal_amount(
        input.amount.as_deref(),
        currency,
        remaining,
    ));
    let description = checks.check(optional_text(
        "description",
        input.description.as_deref(),
        DESCRIPTION_CHARS,
    ));
    checks.finish()?;
    Ok(ValidReversal {
        amount,
        description,
    })
}

fn reversal_amount(raw: Option<&str>, currency: &str, remaining: i64) -> Result<i64> {
    let amount = match raw.map(str::trim) {
        None | Some("") => return Ok(remaining),
        Some(text) => money::positive_amount("amount", text, currency)?,
    };
    if amount > remaining {
        return Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            "amount",
            format!(
                "At most {} of this transfer is left to reverse.",
                money::display(remaining, currency)
            ),
        ));
    }
    Ok(amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CreateTransfer {
        CreateTransfer {
            workspace_id: 1,
            account_id: "acct_1234567890".into(),
            amount: "100.00".into(),
            currency: "USD".into(),
            description: Some(" Weekly tip payout ".into()),
            metadata: BTreeMap::from([("pay_period".into(), "2026-01-15 to 2026-01-21".into())]),
        }
    }

    #[test]
    fn the_seeds_transfer_is_normalised_to_minor_units() {
        let valid = create(&form()).expect("valid");
        assert_eq!(
            (
                valid.amount,
                valid.currency.as_str(),
                valid.description.as_deref()
            ),
            (10_000, "usd", Some("Weekly tip payout"))
        );
        let yen = create(&CreateTransfer {
            amount: "500".into(),
            currency: "jpy".into(),
            ..form()
        })
        .expect("valid");
        assert_eq!(yen.amount, 500);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let bad = CreateTransfer {
            account_id: "cus_123".into(),
            amount: "10.001".into(),
            description: Some("x".repeat(501)),
            metadata: BTreeMap::from([("connectdesk_op".into(), "x".into())]),
            ..form()
        };
        let err = create(&bad).expect_err("invalid");
        let fields: Vec<&str> = err.field_errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["accountId", "amount", "description", "metadata"]);
        let zero_yen = CreateTransfer {
            amount: "0".into(),
            currency: "jpy".into(),
            ..form()
        };
        assert_eq!(
            create(&zero_yen).expect_err("zero").field.as_deref(),
            Some("amount")
        );
    }

    #[test]
    fn a_reversal_takes_what_is_left_or_less() {
        let input = |amount: Option<&str>| ReverseTransfer {
            id: 1,
            amount: amount.map(str::to_string),
            description: Some("Partial reversal - error correction".into()),
        };
        assert_eq!(
            reversal(&input(None), "usd", 7_500).expect("all").amount,
            7_500
        );
        assert_eq!(
            reversal(&input(Some("50.00")), "usd", 7_500)
                .expect("part")
                .amount,
            5_000
        );
        let too_much = reversal(&input(Some("75.01")), "usd", 7_500).expect_err("too much");
        assert_eq!(
            (too_much.field.as_deref(), too_much.message.as_str()),
            (
                Some("amount"),
                "At most $75.00 of this transfer is left to reverse."
            )
        );
        assert!(reversal(&input(Some("1.5")), "jpy", 100).is_err());
    }
}
