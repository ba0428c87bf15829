//! Bank details: US routing/account numbers (ABA checksum) and IBANs (mod 97), as Stripe's test
//! mode checks them, and Stripe's test numbers whose payouts fail
//! (<https://docs.stripe.com/connect/testing#payouts>): with routing `110000000`, account
//! `000123456789` succeeds, `000111111116` fails with `no_account`, `000111111113` with
//! `account_closed`, `000222222227` with `insufficient_funds`, `000333333335` with
//! `debit_not_authorized` and `000444444440` with `invalid_currency`; the IBANs
//! `DE89370400440532013000` (succeeds) and `DE62370400440532013001`, `DE89370400440532013002` …
//! `…3005` fail the same ways, in that order (Stripe accepts these test IBANs although the last
//! four do not pass the mod-97 check).

/// Checked bank details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankDetails {
    pub routing_number: Option<String>,
    pub last4: String,
    /// The failure code every payout to this account ends with (Stripe's failing test numbers).
    pub payout_failure: Option<&'static str>,
}

/// Stripe's test account numbers (US, with any valid routing number) and IBANs whose payouts
/// fail, with the failure code.
const FAILING_TEST_NUMBERS: &[(&str, &str)] = &[
    ("000111111116", "no_account"),
    ("000111111113", "account_closed"),
    ("000222222227", "insufficient_funds"),
    ("000333333335", "debit_not_authorized"),
    ("000444444440", "invalid_currency"),
    ("DE62370400440532013001", "no_account"),
    ("DE89370400440532013002", "account_closed"),
    ("DE89370400440532013003", "insufficient_funds"),
    ("DE89370400440532013004", "debit_not_authorized"),
    ("DE89370400440532013005", "invalid_currency"),
];

/// The failure code of a failing test number, if `account_number` is one.
fn payout_failure(account_number: &str) -> Option<&'static str> {
    FAILING_TEST_NUMBERS
        .iter()
        .find(|(number, _)| *number == account_number)
        .map(|(_, code)| *code)
}

/// Which field is wrong and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankError {
    pub field: &'static str,
    pub message: String,
}

fn error(field: &'static str, message: &str) -> BankError {
    BankError {
        field,
        message: message.to_owned(),
    }
}

/// Validates details for an account in `country`: US accounts need a routing and account
/// number; elsewhere the account number is an IBAN.
pub fn validate(
    country: &str,
    routing_number: Option<&str>,
    account_number: &str,
) -> Result<BankDetails, BankError> {
    let account_number: String = account_number
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if country == "US" {
        let routing = routing_number.map(str::trim).unwrap_or("");
        if routing.len() != 9 || !routing.chars().all(|c| c.is_ascii_digit()) {
            return Err(error(
                "routing_number",
                "Routing number must have 9 digits.",
            ));
        }
        if !aba_checksum_ok(routing) {
            return Err(error(
                "routing_number",
                "Invalid routing number. Use 110000000 in test mode.",
            ));
        }
        if !(4..=17).contains(&account_number.len())
            || !account_number.chars().all(|c| c.is_ascii_digit())
        {
            return Err(error(
                "account_number",
                "Account number must have 4 to 17 digits.",
            ));
        }
        Ok(BankDetails {
            routing_number: Some(routing.to_owned()),
            last4: last4(&account_number),
            payout_failure: payout_failure(&account_number),
        })
    } else {
        let iban = account_number.to_ascii_uppercase();
        let failure = payout_failure(&iban);
        if failure.is_none() && !iban_ok(&iban) {
            return Err(error(
                "account_number",
                "Invalid IBAN. Use DE89370400440532013000 in test mode.",
            ));
        }
        Ok(BankDetails {
            routing_number: None,
            last4: last4(&iban),
            payout_failure: failure,
        })
    }
}

fn last4(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

fn aba_checksum_ok(routing: &str) -> bool {
    let digits: Vec<u32> = routing.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 9 {
        return false;
    }
    let sum = 3 * (digits[0] + digits[3] + digits[6])
        + 7 * (digits[1] + digits[4] + digits[7])
        + (digits[2] + digits[5] + digits[8]);
    sum % 10 == 0
}

fn iban_ok(iban: &str) -> bool {
    let bytes = iban.as_bytes();
    if !(15..=34).contains(&iban.len())
        || !bytes[..2].iter().all(u8::is_ascii_uppercase)
        || !bytes[2..4].iter().all(u8::is_ascii_digit)
        || !bytes.iter().all(u8::is_ascii_alphanumeric)
    {
        return false;
    }
    let rearranged = iban[4..].chars().chain(iban[..4].chars());
    let mut remainder: u32 = 0;
    for c in rearranged {
        let value = match c.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn us_test_numbers() {
        let ok = validate("US", Some("110000000"), "000123456789").expect("valid");
        assert_eq!((ok.last4.as_str(), ok.payout_failure), ("6789", None));
        let failing = |number: &str| {
            validate("US", Some("110000000"), number)
                .expect("a test number")
                .payout_failure
        };
        assert_eq!(failing("000111111116"), Some("no_account"));
        assert_eq!(failing("000111111113"), Some("account_closed"));
        assert_eq!(failing("000222222227"), Some("insufficient_funds"));
        assert_eq!(failing("000333333335"), Some("debit_not_authorized"));
        assert_eq!(failing("000444444440"), Some("invalid_currency"));
        // Only the exact test numbers fail: another account ending in 1116 is paid.
        assert_eq!(failing("000987651116"), None);
        assert_eq!(
            validate("US", Some("110000001"), "000123456789").map_err(|e| e.field),
            Err("routing_number")
        );
        assert_eq!(
            validate("US", Some("110000000"), "12").map_err(|e| e.field),
            Err("account_number")
        );
        assert_eq!(
            validate("US", None, "000123456789").map_err(|e| e.field),
            Err("routing_number")
        );
    }

    #[test]
    fn ibans() {
        assert_eq!(
            validate("DE", None, "DE89 3704 0044 0532 0130 00").map(|d| d.last4),
            Ok("3000".into())
        );
        assert!(validate("DE", None, "DE89370400440532013001").is_err());
        assert_eq!(
            validate("DE", None, "DE89370400440532013002").map(|d| d.payout_failure),
            Ok(Some("account_closed")),
            "Stripe's failing test IBAN is accepted"
        );
        assert!(validate("DE", None, "nonsense").is_err());
    }
}
