//! [`Secret`]: a string that never shows itself by accident.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

/// What [`Secret`]'s `Debug` and `Serialize` print instead of the value.
pub const REDACTED: &str = "[redacted]";

/// A secret string (an API key, a webhook signing secret, a passphrase...).
///
/// - `Debug` prints `Secret([redacted])` and `Serialize` writes `"[redacted]"`, so logging or sending
///   a struct that holds one never leaks it. There is deliberately no `Display`.
/// - `Deserialize` reads a plain string, so a command can take a `Secret` straight from the UI.
/// - The buffer is overwritten with zeros when dropped (copies made before it was wrapped, e.g. by
///   a JSON parser, are out of its reach).
/// - [`Secret::expose`] is the one way to the plaintext: grep for it when reviewing.
#[derive(Clone, Default)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a value. Pass an owned `String` to avoid leaving a copy behind.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Zeroizing::new(value.into()))
    }

    /// The plaintext. Use only where it is really needed (encrypting, calling Stripe).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A hint that lets a person recognise the secret without revealing it, e.g. `sk_test_…4242`.
    ///
    /// - A Stripe-style prefix (one or two leading groups of lowercase letters, each ending with
    ///   `_`: `sk_test_`, `rk_live_`, `whsec_`) is shown, followed by `…` and the last 4 characters,
    ///   provided those 4 are at most a quarter of what follows the prefix.
    /// - Otherwise (short or unprefixed secrets) only `…` and the last 2 characters, or fewer so that
    ///   never more than a quarter of the secret is shown: `…` alone for 3 characters or fewer.
    pub fn hint(&self) -> String {
        const ELLIPSIS: char = '…';
        let value = self.expose();
        let total = value.chars().count();
        if let Some(prefix_len) = prefix_len(value) {
            // The prefix is ASCII, so its byte length is its character count.
            if (total - prefix_len) >= 16 {
                return format!("{}{ELLIPSIS}{}", &value[..prefix_len], last_chars(value, 4));
            }
        }
        format!("{ELLIPSIS}{}", last_chars(value, (total / 4).min(2)))
    }
}

/// Byte length of a Stripe-style prefix (`sk_test_`, `whsec_`): up to two groups of 1 to 8 ASCII
/// lowercase letters, each followed by `_`. `None` if there is none.
fn prefix_len(value: &str) -> Option<usize> {
    let bytes = value.as_bytes();
    let mut end = 0;
    for _ in 0..2 {
        let rest = &bytes[end..];
        let letters = rest.iter().take_while(|b| b.is_ascii_lowercase()).count();
        if letters == 0 || letters > 8 || rest.get(letters) != Some(&b'_') {
            break;
        }
        end += letters + 1;
    }
    (end > 0).then_some(end)
}

/// The last `n` characters of `value` (all of it if shorter).
fn last_chars(value: &str, n: usize) -> &str {
    if n == 0 {
        return "";
    }
    match value.char_indices().rev().nth(n - 1) {
        Some((start, _)) => &value[start..],
        None => value,
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({REDACTED})")
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(REDACTED)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRIPE_DOCS_KEY: &str = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

    #[test]
    fn debug_and_serialize_show_no_plaintext() {
        let secret = Secret::new(STRIPE_DOCS_KEY);
        let debug = format!("{secret:?} {secret:#?}");
        assert!(!debug.contains("4eC39"), "{debug}");
        assert!(debug.contains(REDACTED));

        #[derive(Serialize, Debug)]
        struct Connection {
            api_key: Secret,
        }
        let connection = Connection {
            api_key: Secret::new(STRIPE_DOCS_KEY),
        };
        let json = serde_json::to_string(&connection).expect("serialize");
        assert_eq!(json, r#"{"api_key":"[redacted]"}"#);
        let debug = format!("{connection:?}");
        assert!(!debug.contains("4eC39"), "{debug}");
    }

    #[test]
    fn deserializes_from_a_plain_string() {
        let secret: Secret = serde_json::from_str(r#""whsec_abc""#).expect("deserialize");
        assert_eq!(secret.expose(), "whsec_abc");
        assert_eq!(secret.len(), 9);
        assert!(!secret.is_empty());
        assert!(Secret::default().is_empty());
    }

    #[test]
    fn hint_formats() {
        let hint = |s: &str| Secret::new(s).hint();
        assert_eq!(hint(STRIPE_DOCS_KEY), "sk_test_…p7dc");
        assert_eq!(
            hint(&format!("sk_live_51H{}4242", "x".repeat(90))),
            "sk_live_…4242"
        );
        assert_eq!(
            hint(&format!("rk_test_{}4242", "a".repeat(12))),
            "rk_test_…4242"
        );
        assert_eq!(
            hint("whsec_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH"),
            "whsec_…e8FH"
        );
        assert_eq!(hint("rt_1Mn2Op3Qr4St5Uv6Wx7Yz8"), "rt_…7Yz8");
        // Prefixed but short after the prefix: like unprefixed, last 2 only.
        assert_eq!(hint("sk_test_short4242"), "…42");
        // Unprefixed.
        assert_eq!(hint("4eC39HqLyjWDarjtT1zdp7dc"), "…dc");
        assert_eq!(hint("hunter22"), "…22");
        // Uppercase is not a Stripe prefix, nor are groups longer than 8 letters.
        assert_eq!(hint("SK_TEST_4eC39HqLyjWDarjtT1zdp7dc"), "…dc");
        assert_eq!(hint("abcdefghi_4eC39HqLyjWDarjtT1zdp7dc"), "…dc");
        // Never more than a quarter of the secret.
        assert_eq!(hint("abcd"), "…d");
        assert_eq!(hint("abc"), "…");
        assert_eq!(hint(""), "…");
        // Multi-byte characters never split.
        assert_eq!(hint("pässwörd-ünïcödé"), "…dé");
    }

    #[test]
    fn hint_never_reveals_more_than_four_chars_or_a_quarter() {
        let shapes = ["", "sk_test_", "whsec_", "x_", "rk_live_a_"];
        for shape in shapes {
            for len in 0..80 {
                let value = format!(
                    "{shape}{}",
                    "Zq9".repeat(len).chars().take(len).collect::<String>()
                );
                let hint = Secret::new(value.as_str()).hint();
                let (prefix, tail) = hint.split_once('…').expect("hint has an ellipsis");
                assert!(value.starts_with(prefix), "{value} -> {hint}");
                assert!(value.ends_with(tail), "{value} -> {hint}");
                let shown = tail.chars().count();
                let secret_part = value.chars().count() - prefix.len();
                assert!(shown <= 4, "{value} -> {hint}");
                assert!(shown * 4 <= secret_part, "{value} -> {hint}");
            }
        }
    }
}
