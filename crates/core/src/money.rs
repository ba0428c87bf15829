//! Money as Stripe counts it: integer amounts in a currency's minor unit, whose size is Stripe's
//! rule (https://docs.stripe.com/currencies#zero-decimal, #three-decimal), and percentages as
//! integer basis points. Text typed by a person is parsed here, exactly, never through floats.

use crate::{CoreError, ErrorCode, Result};

/// Currencies Stripe sends without a fractional part: 500 JPY means ¥500.
const ZERO_DECIMAL: &[&str] = &[
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
    "xaf", "xof", "xpf",
];
/// Currencies Stripe sends in thousandths: 5120 BHD minor units means 5.120 BHD.
const THREE_DECIMAL: &[&str] = &["bhd", "jod", "kwd", "omr", "tnd"];

/// Stripe's largest amount: eight digits of minor units.
pub const MAX_AMOUNT: i64 = 99_999_999;

/// 100 % in basis points.
pub const FULL_PERCENT_BPS: u32 = 10_000;

/// How many decimals a currency's amounts have at Stripe.
pub fn exponent(currency: &str) -> u32 {
    let code = currency.to_ascii_lowercase();
    if ZERO_DECIMAL.contains(&code.as_str()) {
        0
    } else if THREE_DECIMAL.contains(&code.as_str()) {
        3
    } else {
        2
    }
}

/// A currency code as Stripe writes it: three letters, lower case.
pub fn currency(field: &str, raw: &str) -> Result<String> {
    let code = raw.trim().to_ascii_lowercase();
    if code.is_empty() {
        return Err(CoreError::on_field(
            ErrorCode::Required,
            field,
            "Choose a currency.",
        ));
    }
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            field,
            format!(
                "`{}` is not a currency code such as usd, eur or jpy.",
                raw.trim()
            ),
        ));
    }
    Ok(code)
}

/// "12.34" USD → 1234; "500" JPY → 500. Refuses more decimals than the currency has, signs,
/// thousands separators and anything above Stripe's maximum.
pub fn parse_amount(field: &str, raw: &str, currency: &str) -> Result<i64> {
    let text = raw.trim();
    let digits = exponent(currency);
    let invalid = |message: String| CoreError::on_field(ErrorCode::InvalidValue, field, message);
    if text.is_empty() {
        return Err(CoreError::on_field(
            ErrorCode::Required,
            field,
            "Enter an amount.",
        ));
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) || text.ends_with('.') {
        return Err(CoreError::on_field(
            ErrorCode::InvalidCharacters,
            field,
            format!(
                "Enter the amount as digits with at most {digits} decimals, e.g. {}.",
                example(digits)
            ),
        ));
    }
    if fraction.len() > digits as usize {
        return Err(invalid(match digits {
            0 => format!(
                "{} has no decimals: enter a whole amount.",
                currency.to_uppercase()
            ),
            n => format!("{} has {n} decimals at most.", currency.to_uppercase()),
        }));
    }
    let scaled = format!("{whole}{fraction:0<width$}", width = digits as usize);
    let too_large = || {
        invalid(format!(
            "The largest amount is {}.",
            major_text(MAX_AMOUNT, currency)
        ))
    };
    let digits_only = scaled.trim_start_matches('0');
    let minor = if digits_only.len() > 18 {
        None
    } else {
        Some(digits_only.parse::<i64>().unwrap_or(0))
    }
    .filter(|minor| *minor <= MAX_AMOUNT)
    .ok_or_else(too_large)?;
    Ok(minor)
}

/// [`parse_amount`], and more than zero: what money moves.
pub fn positive_amount(field: &str, raw: &str, currency: &str) -> Result<i64> {
    let amount = parse_amount(field, raw, currency)?;
    if amount == 0 {
        return Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            field,
            "The amount must be more than zero.",
        ));
    }
    Ok(amount)
}

fn example(digits: u32) -> &'static str {
    match digits {
        0 => "1500",
        3 => "15.250",
        _ => "15.25",
    }
}

/// 1234 USD → "12.34"; 500 JPY → "500": exact, no rounding.
pub fn major_text(minor: i64, currency: &str) -> String {
    let digits = exponent(currency) as usize;
    let sign = if minor < 0 { "-" } else { "" };
    let text = minor.unsigned_abs().to_string();
    if digits == 0 {
        return format!("{sign}{text}");
    }
    let padded = format!("{text:0>width$}", width = digits + 1);
    let (whole, fraction) = padded.split_at(padded.len() - digits);
    format!("{sign}{whole}.{fraction}")
}

/// For sentences: "$0.25", "€1,250.00", "¥300", "12.500 BHD".
pub fn display(minor: i64, currency: &str) -> String {
    let text = major_text(minor, currency);
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let grouped = group_thousands(whole);
    let number = if fraction.is_empty() {
        grouped
    } else {
        format!("{grouped}.{fraction}")
    };
    match currency.to_ascii_lowercase().as_str() {
        "usd" => format!("${number}"),
        "eur" => format!("€{number}"),
        "gbp" => format!("£{number}"),
        "jpy" => format!("¥{number}"),
        other => format!("{number} {}", other.to_uppercase()),
    }
}

/// "12400" → "12,400".
pub fn group_thousands(digits: &str) -> String {
    let (sign, digits) = digits.strip_prefix('-').map_or(("", digits), |d| ("-", d));
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}")
}

/// "2.95" → 295 basis points: 0 to 100 with at most two decimals.
pub fn parse_percent(field: &str, raw: &str) -> Result<u32> {
    let text = raw.trim();
    let problem = |code, message: &str| CoreError::on_field(code, field, message);
    if text.is_empty() {
        return Err(problem(
            ErrorCode::Required,
            "Enter a percentage, e.g. 2.9.",
        ));
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) || text.ends_with('.') {
        return Err(problem(
            ErrorCode::InvalidCharacters,
            "Enter the percentage as a number such as 2.9 (no % sign).",
        ));
    }
    if fraction.len() > 2 {
        return Err(problem(
            ErrorCode::InvalidValue,
            "A percentage has at most two decimals (2.95).",
        ));
    }
    let bps = format!("{whole}{fraction:0<2}")
        .parse::<u64>()
        .ok()
        .filter(|bps| *bps <= u64::from(FULL_PERCENT_BPS));
    bps.and_then(|bps| u32::try_from(bps).ok()).ok_or_else(|| {
        problem(
            ErrorCode::InvalidValue,
            "A percentage is between 0 and 100.",
        )
    })
}

/// 295 → "2.95"; 250 → "2.5"; 300 → "3".
pub fn percent_text(bps: u32) -> String {
    let whole = bps / 100;
    match bps % 100 {
        0 => whole.to_string(),
        cents if cents % 10 == 0 => format!("{whole}.{}", cents / 10),
        cents => format!("{whole}.{cents:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_follow_the_currency_decimals() {
        assert_eq!(parse_amount("a", "12.34", "usd").expect("usd"), 1234);
        assert_eq!(parse_amount("a", "12.3", "usd").expect("usd"), 1230);
        assert_eq!(parse_amount("a", "12", "usd").expect("usd"), 1200);
        assert_eq!(parse_amount("a", "0", "usd").expect("zero"), 0);
        assert_eq!(parse_amount("a", "500", "jpy").expect("jpy"), 500);
        assert_eq!(parse_amount("a", "5.125", "bhd").expect("bhd"), 5125);
        assert_eq!(
            parse_amount("a", "999999.99", "usd").expect("max"),
            MAX_AMOUNT
        );
        for (bad, currency, code) in [
            ("12.345", "usd", ErrorCode::InvalidValue),
            ("500.5", "jpy", ErrorCode::InvalidValue),
            ("-1", "usd", ErrorCode::InvalidCharacters),
            ("1,000", "usd", ErrorCode::InvalidCharacters),
            ("1e3", "usd", ErrorCode::InvalidCharacters),
            ("12.", "usd", ErrorCode::InvalidCharacters),
            (".5", "usd", ErrorCode::InvalidCharacters),
            ("1000000", "usd", ErrorCode::InvalidValue),
            ("99999999999999999999999", "jpy", ErrorCode::InvalidValue),
            ("", "usd", ErrorCode::Required),
        ] {
            let err = parse_amount("amount", bad, currency).expect_err(bad);
            assert_eq!(
                (err.code, err.field.as_deref()),
                (code, Some("amount")),
                "{bad}"
            );
        }
    }

    #[test]
    fn amounts_are_written_exactly() {
        assert_eq!(major_text(1234, "usd"), "12.34");
        assert_eq!(major_text(5, "usd"), "0.05");
        assert_eq!(major_text(500, "jpy"), "500");
        assert_eq!(major_text(-1205, "eur"), "-12.05");
        assert_eq!(display(2500, "usd"), "$25.00");
        assert_eq!(display(1_240_000, "usd"), "$12,400.00");
        assert_eq!(display(300, "jpy"), "¥300");
        assert_eq!(display(12_500, "bhd"), "12.500 BHD");
    }

    #[test]
    fn percentages_are_basis_points() {
        assert_eq!(parse_percent("p", "2.9").expect("2.9"), 290);
        assert_eq!(parse_percent("p", "2.95").expect("2.95"), 295);
        assert_eq!(parse_percent("p", "100").expect("100"), 10_000);
        assert_eq!(parse_percent("p", "0").expect("0"), 0);
        for bad in ["2.955", "100.01", "-1", "abc", "2,9", "", "1e1"] {
            assert!(parse_percent("p", bad).is_err(), "{bad}");
        }
        assert_eq!(percent_text(295), "2.95");
        assert_eq!(percent_text(250), "2.5");
        assert_eq!(percent_text(300), "3");
        assert_eq!(percent_text(5), "0.05");
    }
}
