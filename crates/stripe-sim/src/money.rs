//! Currencies and amounts: integer minor units, lowercase ISO codes, zero-decimal currencies.

use crate::config::StripeFee;

/// Currencies the simulator accepts (Stripe's list of common settlement/presentment currencies).
pub const CURRENCIES: &[&str] = &[
    "aed", "all", "amd", "ars", "aud", "bam", "bdt", "bgn", "bif", "brl", "cad", "chf", "clp",
    "cny", "cop", "czk", "djf", "dkk", "egp", "eur", "gbp", "gnf", "hkd", "huf", "idr", "ils",
    "inr", "isk", "jpy", "kmf", "krw", "mga", "mxn", "myr", "nok", "nzd", "php", "pkr", "pln",
    "pyg", "ron", "rsd", "rwf", "sar", "sek", "sgd", "thb", "try", "twd", "uah", "ugx", "usd",
    "vnd", "vuv", "xaf", "xof", "xpf", "zar",
];

/// Currencies whose amounts have no minor unit (¥1000 is `amount=1000`).
pub const ZERO_DECIMAL: &[&str] = &[
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
    "xaf", "xof", "xpf",
];

/// The largest amount Stripe accepts for a charge (eight digits).
pub const MAX_AMOUNT: i64 = 99_999_999;

/// Stripe's fee for a dispute, in the charge currency's minor units.
pub const DISPUTE_FEE: i64 = 1_500;

/// Lowercases and checks a currency code.
pub fn normalize_currency(raw: &str) -> Option<String> {
    let code = raw.to_ascii_lowercase();
    CURRENCIES.contains(&code.as_str()).then_some(code)
}

/// Whether `currency` is zero-decimal.
pub fn is_zero_decimal(currency: &str) -> bool {
    ZERO_DECIMAL.contains(&currency)
}

/// The smallest chargeable amount in `currency` (Stripe's published minimums; 50 otherwise).
pub fn minimum_charge(currency: &str) -> i64 {
    match currency {
        "gbp" => 30,
        "dkk" => 250,
        "nok" | "sek" => 300,
        "pln" => 200,
        "czk" => 1_500,
        "huf" => 17_500,
        "hkd" => 400,
        "mxn" => 1_000,
        "thb" => 1_000,
        "aed" => 200,
        _ => 50,
    }
}

/// Stripe's processing fee for a charge of `amount`.
pub fn processing_fee(fee: StripeFee, amount: i64, currency: &str) -> i64 {
    let percent = (i128::from(amount) * i128::from(fee.percent_bps) + 5_000) / 10_000;
    let fixed = if is_zero_decimal(currency) {
        0
    } else {
        fee.fixed
    };
    i64::try_from(percent)
        .unwrap_or(i64::MAX)
        .saturating_add(fixed)
}

/// `part * numerator / denominator`, rounded half up; used to pro-rate fees and reversals.
pub fn prorate(part: i64, numerator: i64, denominator: i64) -> i64 {
    if denominator == 0 {
        return 0;
    }
    let value = (i128::from(part) * i128::from(numerator) * 2 + i128::from(denominator))
        / (2 * i128::from(denominator));
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// Human rendering for error messages, like Stripe's "$0.50 usd" or "¥50 jpy".
pub fn display(amount: i64, currency: &str) -> String {
    let symbol = match currency {
        "usd" | "aud" | "cad" | "nzd" | "sgd" | "hkd" | "mxn" => "$",
        "eur" => "€",
        "gbp" => "£",
        "jpy" => "¥",
        _ => "",
    };
    let number = if is_zero_decimal(currency) {
        amount.to_string()
    } else {
        format!("{}.{:02}", amount / 100, (amount % 100).abs())
    };
    format!("{symbol}{number} {currency}")
}

/// The currency a country settles in by default.
pub fn default_currency(country: &str) -> &'static str {
    match country {
        "AT" | "BE" | "CY" | "DE" | "EE" | "ES" | "FI" | "FR" | "GR" | "HR" | "IE" | "IT"
        | "LT" | "LU" | "LV" | "MT" | "NL" | "PT" | "SI" | "SK" => "eur",
        "GB" => "gbp",
        "JP" => "jpy",
        "CA" => "cad",
        "AU" => "aud",
        "NZ" => "nzd",
        "CH" => "chf",
        "SG" => "sgd",
        "HK" => "hkd",
        "MX" => "mxn",
        "BR" => "brl",
        "IN" => "inr",
        "DK" => "dkk",
        "NO" => "nok",
        "SE" => "sek",
        "PL" => "pln",
        "CZ" => "czk",
        "HU" => "huf",
        "RO" => "ron",
        "BG" => "bgn",
        _ => "usd",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_is_percent_plus_fixed_except_zero_decimal() {
        assert_eq!(processing_fee(StripeFee::default(), 10_000, "usd"), 320);
        assert_eq!(processing_fee(StripeFee::default(), 1_000, "jpy"), 29);
        assert_eq!(processing_fee(StripeFee::FREE, 1_000, "usd"), 0);
    }

    #[test]
    fn prorate_rounds_half_up() {
        assert_eq!(prorate(100, 1, 2), 50);
        assert_eq!(prorate(75, 500, 2500), 15);
        assert_eq!(prorate(1, 1, 2), 1);
    }

    #[test]
    fn display_formats_like_stripe() {
        assert_eq!(display(50, "usd"), "$0.50 usd");
        assert_eq!(display(50, "jpy"), "¥50 jpy");
    }

    #[test]
    fn currencies_normalise_to_lowercase() {
        assert_eq!(normalize_currency("USD").as_deref(), Some("usd"));
        assert_eq!(normalize_currency("xyz"), None);
    }
}
