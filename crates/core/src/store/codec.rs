//! Typed field values and their order-preserving byte encoding.
//!
//! Index keys are compared as raw bytes by sled, so every value is encoded such that byte order
//! equals value order: a presence tag (null sorts first), then integers and timestamps as
//! sign-flipped big-endian `i64`, booleans as one byte, and case-folded text with `0x00` escaped
//! and a terminator, so that a shorter text sorts before its extensions and anything may follow it
//! in a composite key.

use std::cmp::Ordering;

use crate::time::parse_iso;

/// The kinds of field a record can declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// A signed 64-bit integer (ids, amounts in minor units, counts).
    Int,
    /// Text; compared, sorted and indexed case-insensitively.
    Text,
    Bool,
    /// An ISO 8601 timestamp; compared with millisecond precision.
    Timestamp,
}

/// A field's value, normalised for comparison: text is case-folded, timestamps are
/// milliseconds since the Unix epoch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Bool(bool),
    Timestamp(i64),
}

impl Value {
    /// Orders two values of the same kind; `None` when either is null or the kinds differ,
    /// which makes every comparison with a missing value false.
    pub fn compare(&self, other: &Value) -> Option<Ordering> {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) | (Value::Timestamp(a), Value::Timestamp(b)) => {
                Some(a.cmp(b))
            }
            (Value::Text(a), Value::Text(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
            (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }
}

const TAG_NULL: u8 = 0x00;
const TAG_PRESENT: u8 = 0x01;
const TEXT_ESCAPE: u8 = 0x00;
const TEXT_ESCAPED_ZERO: u8 = 0xFF;
const TEXT_END: u8 = 0x01;

/// The first byte of every encoded non-null value; a range starting here skips nulls.
pub const PRESENT: u8 = TAG_PRESENT;

/// Appends the order-preserving encoding of `value` to `out`.
pub fn encode_into(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.push(TAG_NULL),
        Value::Int(n) | Value::Timestamp(n) => {
            out.push(TAG_PRESENT);
            out.extend_from_slice(&encode_i64(*n));
        }
        Value::Bool(b) => out.extend_from_slice(&[TAG_PRESENT, u8::from(*b)]),
        Value::Text(text) => {
            out.push(TAG_PRESENT);
            for &byte in text.as_bytes() {
                out.push(byte);
                if byte == TEXT_ESCAPE {
                    out.push(TEXT_ESCAPED_ZERO);
                }
            }
            out.extend_from_slice(&[TEXT_ESCAPE, TEXT_END]);
        }
    }
}

pub fn encode(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    encode_into(value, &mut out);
    out
}

/// Flipping the sign bit makes two's complement integers sort as unsigned big-endian bytes.
fn encode_i64(n: i64) -> [u8; 8] {
    (n as u64 ^ (1 << 63)).to_be_bytes()
}

/// Entry ids as keys: big-endian so the data tree iterates in id order.
pub fn id_key(id: u64) -> [u8; 8] {
    id.to_be_bytes()
}

/// Reads the id every index key ends with.
pub fn id_from_key_suffix(key: &[u8]) -> Option<u64> {
    let start = key.len().checked_sub(8)?;
    key[start..].try_into().ok().map(u64::from_be_bytes)
}

/// Case folding used for comparing, indexing and uniqueness of text.
///
/// Upper- then lower-casing approximates Unicode full case folding (`"Straße"` and `"STRASSE"`
/// fold alike, as do final and medial sigma), which plain `to_lowercase` does not.
pub fn fold(text: &str) -> String {
    text.to_uppercase().to_lowercase()
}

/// Parses text as a value of `kind`, as filters and stored documents present it.
/// `None` when the text does not fit the kind.
pub fn parse_as(kind: FieldKind, text: &str) -> Option<Value> {
    match kind {
        FieldKind::Int => text.parse().ok().map(Value::Int),
        FieldKind::Text => Some(Value::Text(fold(text))),
        FieldKind::Bool => match text {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        FieldKind::Timestamp => parse_iso(text).map(|moment| {
            // Floor, not truncate, so instants before 1970 keep their order. Milliseconds since
            // the epoch fit i64 for every year `time` can represent.
            Value::Timestamp(moment.unix_timestamp_nanos().div_euclid(1_000_000) as i64)
        }),
    }
}

/// Reads a field of a stored JSON document as `kind`; a missing field or JSON null is `Null`.
/// `None` when the JSON type does not match the declared kind (a schema mistake).
pub fn from_json(kind: FieldKind, json: Option<&serde_json::Value>) -> Option<Value> {
    use serde_json::Value as Json;
    match (kind, json) {
        (_, None | Some(Json::Null)) => Some(Value::Null),
        (FieldKind::Int, Some(Json::Number(n))) => n.as_i64().map(Value::Int),
        (FieldKind::Bool, Some(Json::Bool(b))) => Some(Value::Bool(*b)),
        (FieldKind::Text | FieldKind::Timestamp, Some(Json::String(text))) => parse_as(kind, text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted_by_encoding(mut values: Vec<Value>) -> Vec<Value> {
        values.sort_by_key(encode);
        values
    }

    #[test]
    fn integers_sort_numerically_with_null_first() {
        let values = vec![
            Value::Int(5),
            Value::Int(-1),
            Value::Null,
            Value::Int(i64::MIN),
            Value::Int(i64::MAX),
            Value::Int(0),
        ];
        let expected = vec![
            Value::Null,
            Value::Int(i64::MIN),
            Value::Int(-1),
            Value::Int(0),
            Value::Int(5),
            Value::Int(i64::MAX),
        ];
        assert_eq!(sorted_by_encoding(values), expected);
    }

    #[test]
    fn text_sorts_prefix_first_even_with_nul_bytes_and_a_suffix() {
        let mut keys: Vec<Vec<u8>> = ["ab", "a", "ab\0", "abc", ""]
            .iter()
            .map(|t| {
                let mut key = encode(&Value::Text((*t).to_owned()));
                key.extend_from_slice(&id_key(u64::MAX));
                key
            })
            .collect();
        keys.sort();
        let decoded: Vec<String> = keys
            .iter()
            .map(|k| {
                let body = &k[1..k.len() - 10];
                String::from_utf8(
                    body.iter()
                        .copied()
                        .filter(|b| *b != TEXT_ESCAPED_ZERO)
                        .collect(),
                )
                .expect("utf8")
            })
            .collect();
        assert_eq!(decoded, ["", "a", "ab", "ab\0", "abc"]);
    }

    #[test]
    fn folding_is_case_insensitive_beyond_ascii() {
        assert_eq!(fold("Straße"), fold("STRASSE"));
        assert_eq!(fold("ΟΔΟΣ"), fold("οδος"));
        assert_eq!(fold("Émile"), "émile");
    }

    #[test]
    fn parses_filter_text_by_kind() {
        assert_eq!(parse_as(FieldKind::Int, "-42"), Some(Value::Int(-42)));
        assert_eq!(parse_as(FieldKind::Int, "2.5"), None);
        assert_eq!(parse_as(FieldKind::Bool, "maybe"), None);
        assert_eq!(
            parse_as(FieldKind::Timestamp, "1970-01-01T00:00:01.500Z"),
            Some(Value::Timestamp(1500))
        );
        assert_eq!(
            parse_as(FieldKind::Timestamp, "1969-12-31T23:59:59.000Z"),
            Some(Value::Timestamp(-1000))
        );
        assert_eq!(parse_as(FieldKind::Timestamp, "soon"), None);
    }

    #[test]
    fn id_suffix_round_trips() {
        let mut key = encode(&Value::Bool(true));
        key.extend_from_slice(&id_key(77));
        assert_eq!(id_from_key_suffix(&key), Some(77));
        assert_eq!(id_from_key_suffix(&[1, 2]), None);
    }
}
