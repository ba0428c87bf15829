//! `application/x-www-form-urlencoded` with Stripe's bracket notation, parsed into nested JSON.
//!
//! `metadata[order]=42` → `{"metadata":{"order":"42"}}`; `payment_method_types[]=card` →
//! `{"payment_method_types":["card"]}`; `items[0][price]=p` → `{"items":{"0":{"price":"p"}}}`
//! (indexed entries stay objects here; the parameter schema turns them into arrays where an array
//! is expected, so numeric metadata keys keep working). All leaves are strings.

use serde_json::{Map, Value};

/// A form body or query string that cannot be read as Stripe parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    /// The offending key as sent.
    pub key: String,
    pub message: String,
}

/// Parses a form body or query string.
pub fn parse(input: &[u8]) -> Result<Value, FormError> {
    let mut root = Map::new();
    for (key, value) in url::form_urlencoded::parse(input) {
        let path = split_key(&key)?;
        insert(&mut root, &key, &path, value.into_owned())?;
    }
    Ok(Value::Object(root))
}

#[derive(Debug, PartialEq, Eq)]
enum Segment {
    Name(String),
    Push,
}

fn split_key(key: &str) -> Result<Vec<Segment>, FormError> {
    let malformed = || FormError {
        key: key.to_owned(),
        message: format!("Invalid parameter name: {key}"),
    };
    let (base, mut rest) = match key.find('[') {
        Some(i) => (&key[..i], &key[i..]),
        None => (key, ""),
    };
    if base.is_empty() {
        return Err(malformed());
    }
    let mut segments = vec![Segment::Name(base.to_owned())];
    while !rest.is_empty() {
        let inner_end = rest.find(']').ok_or_else(malformed)?;
        if !rest.starts_with('[') {
            return Err(malformed());
        }
        let inner = &rest[1..inner_end];
        if inner.contains('[') {
            return Err(malformed());
        }
        segments.push(if inner.is_empty() {
            Segment::Push
        } else {
            Segment::Name(inner.to_owned())
        });
        rest = &rest[inner_end + 1..];
    }
    Ok(segments)
}

fn conflict(key: &str) -> FormError {
    FormError {
        key: key.to_owned(),
        message: format!(
            "Invalid parameter: {key} is given both as a value and as a hash or array"
        ),
    }
}

fn insert(
    map: &mut Map<String, Value>,
    key: &str,
    path: &[Segment],
    value: String,
) -> Result<(), FormError> {
    let Some((first, rest)) = path.split_first() else {
        return Ok(());
    };
    let Segment::Name(name) = first else {
        return Err(conflict(key));
    };
    if rest.is_empty() {
        match map.get(name) {
            Some(Value::Object(_) | Value::Array(_)) => return Err(conflict(key)),
            _ => {
                map.insert(name.clone(), Value::String(value));
            }
        }
        return Ok(());
    }
    match &rest[0] {
        Segment::Push => {
            let slot = map
                .entry(name.clone())
                .or_insert_with(|| Value::Array(Vec::new()));
            let Value::Array(items) = slot else {
                return Err(conflict(key));
            };
            push(items, key, &rest[1..], value)
        }
        Segment::Name(_) => {
            let slot = map
                .entry(name.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            let Value::Object(child) = slot else {
                return Err(conflict(key));
            };
            insert(child, key, rest, value)
        }
    }
}

/// `a[]=x` appends `x`; `a[][k]=v` adds `k` to the last element unless it already has `k`, in
/// which case a new element starts (Rack's convention).
fn push(
    items: &mut Vec<Value>,
    key: &str,
    rest: &[Segment],
    value: String,
) -> Result<(), FormError> {
    if rest.is_empty() {
        items.push(Value::String(value));
        return Ok(());
    }
    let Segment::Name(next) = &rest[0] else {
        return Err(conflict(key));
    };
    let start_new = match items.last() {
        Some(Value::Object(last)) => rest.len() == 1 && last.contains_key(next),
        _ => true,
    };
    if start_new {
        items.push(Value::Object(Map::new()));
    }
    match items.last_mut() {
        Some(Value::Object(last)) => insert(last, key, rest, value),
        _ => Err(conflict(key)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(s: &str) -> Value {
        match parse(s.as_bytes()) {
            Ok(v) => v,
            Err(e) => panic!("{s}: {e:?}"),
        }
    }

    #[test]
    fn flat_and_nested_keys() {
        assert_eq!(
            p("amount=100&metadata[order]=42&capabilities[transfers][requested]=true"),
            json!({"amount":"100","metadata":{"order":"42"},"capabilities":{"transfers":{"requested":"true"}}})
        );
    }

    #[test]
    fn arrays_with_empty_brackets_and_indices() {
        assert_eq!(
            p("payment_method_types[]=card&payment_method_types[]=sepa_debit&expand[0]=latest_charge"),
            json!({"payment_method_types":["card","sepa_debit"],"expand":{"0":"latest_charge"}})
        );
    }

    #[test]
    fn arrays_of_hashes() {
        assert_eq!(
            p("items[][price]=a&items[][qty]=1&items[][price]=b"),
            json!({"items":[{"price":"a","qty":"1"},{"price":"b"}]})
        );
    }

    #[test]
    fn percent_and_plus_decoding() {
        assert_eq!(
            p("evidence%5Bcustomer_name%5D=Jane+Doe&description=a%26b%3Dc"),
            json!({"evidence":{"customer_name":"Jane Doe"},"description":"a&b=c"})
        );
    }

    #[test]
    fn empty_values_are_kept_as_empty_strings() {
        assert_eq!(
            p("description=&metadata[k]="),
            json!({"description":"","metadata":{"k":""}})
        );
    }

    #[test]
    fn conflicts_and_malformed_keys_are_errors() {
        assert!(parse(b"a=1&a[b]=2").is_err());
        assert!(parse(b"a[b]=2&a=1").is_err());
        assert!(parse(b"a[b=1").is_err());
        assert!(parse(b"[a]=1").is_err());
        assert!(parse(b"a[b]c=1").is_err());
    }
}
