//! Declarative parameter schemas: one table per endpoint names every accepted parameter, its
//! kind and whether it is required. Validation rejects unknown and missing parameters with
//! Stripe's messages and `param` paths (`metadata[foo]`, `transfer_data[destination]`), coerces
//! the string leaves of a form body to JSON types, and hands the handler a [`Params`] to read.

use serde_json::{Map, Value};

use crate::money;
use crate::wire::ApiError;

/// The type of a parameter.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    String,
    Integer,
    Boolean,
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// A currency code; lowercased.
    Currency,
    /// Free-form string keys to string values; an empty value unsets the key.
    Metadata,
    /// A hash with these fields.
    Object(&'static [Field]),
    /// An array of this kind (from `a[]=` or `a[0]=`).
    Array(&'static Kind),
    /// A hash accepted without checks (e.g. `shipping`).
    AnyObject,
    /// A token string, or a hash with these fields (`external_account`).
    TokenOr(&'static [Field]),
    /// An integer or `{gt,gte,lt,lte}` (the `created` filter of lists).
    Range,
}

/// One accepted parameter.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

/// A required parameter.
pub const fn req(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: true,
    }
}

/// An optional parameter.
pub const fn opt(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: false,
    }
}

const EXPAND: Field = opt("expand", Kind::Array(&Kind::String));
const PAGE_FIELDS: &[Field] = &[
    opt("limit", Kind::Integer),
    opt("starting_after", Kind::String),
    opt("ending_before", Kind::String),
];
const LIST_FIELDS: &[Field] = &[
    opt("limit", Kind::Integer),
    opt("starting_after", Kind::String),
    opt("ending_before", Kind::String),
    opt("created", Kind::Range),
];

/// Validates the parameters of a non-list request (`expand` is always accepted).
pub fn validate(raw: Value, fields: &[Field]) -> Result<Params, ApiError> {
    validate_with(raw, fields, &[])
}

/// Validates the parameters of a list request (adds `limit`, `starting_after`, `ending_before`,
/// `created`).
pub fn validate_list(raw: Value, fields: &[Field]) -> Result<Params, ApiError> {
    validate_with(raw, fields, LIST_FIELDS)
}

/// Validates the parameters of a list Stripe pages but does not filter by `created` (the
/// sub-lists of one object: a transfer's reversals, a fee's refunds).
pub fn validate_page(raw: Value, fields: &[Field]) -> Result<Params, ApiError> {
    validate_with(raw, fields, PAGE_FIELDS)
}

fn validate_with(raw: Value, fields: &[Field], implicit: &[Field]) -> Result<Params, ApiError> {
    let Value::Object(map) = raw else {
        return Err(ApiError::invalid("Invalid request parameters"));
    };
    let lookup = |name: &str| {
        fields
            .iter()
            .chain(implicit)
            .chain(std::iter::once(&EXPAND))
            .find(|f| f.name == name)
    };
    let mut out = Map::new();
    for (key, value) in map {
        let field = lookup(&key).ok_or_else(|| ApiError::unknown_param(&key))?;
        let coerced = coerce(&key, value, field)?;
        out.insert(key, coerced);
    }
    check_required(&out, fields, None)?;
    Ok(Params(out))
}

fn check_required(
    map: &Map<String, Value>,
    fields: &[Field],
    prefix: Option<&str>,
) -> Result<(), ApiError> {
    for field in fields {
        let path = join(prefix, field.name);
        match map.get(field.name) {
            None | Some(Value::Null) if field.required => {
                return Err(ApiError::missing_param(&path))
            }
            Some(Value::Object(child)) => {
                if let Kind::Object(inner) | Kind::TokenOr(inner) = field.kind {
                    check_required(child, inner, Some(&path))?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn join(prefix: Option<&str>, name: &str) -> String {
    match prefix {
        Some(p) => format!("{p}[{name}]"),
        None => name.to_owned(),
    }
}

fn coerce(path: &str, value: Value, field: &Field) -> Result<Value, ApiError> {
    coerce_kind(path, value, field.kind)
}

fn coerce_kind(path: &str, value: Value, kind: Kind) -> Result<Value, ApiError> {
    // An empty string unsets a value, as in Stripe.
    if matches!(&value, Value::String(s) if s.is_empty()) {
        return Ok(Value::Null);
    }
    match kind {
        Kind::String => scalar(path, value).map(Value::String),
        Kind::Integer => {
            let s = scalar(path, value)?;
            s.trim()
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| ApiError::invalid_param(path, format!("Invalid integer: {s}")))
        }
        Kind::Boolean => match scalar(path, value)?.as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            other => Err(ApiError::invalid_param(
                path,
                format!("Invalid boolean: {other}"),
            )),
        },
        Kind::Enum(options) => {
            let s = scalar(path, value)?;
            if options.contains(&s.as_str()) {
                Ok(Value::String(s))
            } else {
                Err(ApiError::invalid_param(
                    path,
                    format!("Invalid {path}: must be one of {}", one_of(options)),
                ))
            }
        }
        Kind::Currency => {
            let s = scalar(path, value)?;
            money::normalize_currency(&s)
                .map(Value::String)
                .ok_or_else(|| {
                    ApiError::invalid_param(
                        path,
                        format!(
                            "Invalid currency: {}. Stripe currently supports these currencies: {}",
                            s.to_ascii_lowercase(),
                            money::CURRENCIES.join(", ")
                        ),
                    )
                })
        }
        Kind::Metadata => metadata(path, value),
        Kind::Object(fields) => {
            let Value::Object(map) = value else {
                return Err(ApiError::invalid_param(
                    path,
                    format!("Invalid object: {path} must be a hash"),
                ));
            };
            let mut out = Map::new();
            for (key, child) in map {
                let child_path = format!("{path}[{key}]");
                let field = fields
                    .iter()
                    .find(|f| f.name == key)
                    .ok_or_else(|| ApiError::unknown_param(&child_path))?;
                out.insert(key, coerce(&child_path, child, field)?);
            }
            Ok(Value::Object(out))
        }
        Kind::Array(item) => {
            let items = array_items(path, value)?;
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| coerce_kind(&format!("{path}[{i}]"), v, *item))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        Kind::TokenOr(fields) => match value {
            Value::String(s) => Ok(Value::String(s)),
            other => coerce_kind(path, other, Kind::Object(fields)),
        },
        Kind::AnyObject => match value {
            Value::Object(_) => Ok(value),
            _ => Err(ApiError::invalid_param(
                path,
                format!("Invalid object: {path} must be a hash"),
            )),
        },
        Kind::Range => match value {
            Value::Object(map) => {
                let mut out = Map::new();
                for (key, v) in map {
                    let child_path = format!("{path}[{key}]");
                    if !matches!(key.as_str(), "gt" | "gte" | "lt" | "lte") {
                        return Err(ApiError::unknown_param(&child_path));
                    }
                    out.insert(key, coerce_kind(&child_path, v, Kind::Integer)?);
                }
                Ok(Value::Object(out))
            }
            other => coerce_kind(path, other, Kind::Integer),
        },
    }
}

fn scalar(path: &str, value: Value) -> Result<String, ApiError> {
    match value {
        Value::String(s) => Ok(s),
        Value::Object(_) | Value::Array(_) => Err(ApiError::invalid_param(
            path,
            format!("Invalid {path}: expected a single value, got a hash or array"),
        )),
        other => Ok(other.to_string()),
    }
}

/// `a[]=x` gives an array; `a[0]=x&a[1]=y` a hash with numeric keys, ordered by index here.
fn array_items(path: &str, value: Value) -> Result<Vec<Value>, ApiError> {
    match value {
        Value::Array(items) => Ok(items),
        Value::Object(map) => {
            let mut indexed = map
                .into_iter()
                .map(|(k, v)| k.parse::<usize>().map(|i| (i, v)))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| ApiError::invalid_param(path, format!("Invalid array: {path}")))?;
            indexed.sort_by_key(|(i, _)| *i);
            Ok(indexed.into_iter().map(|(_, v)| v).collect())
        }
        _ => Err(ApiError::invalid_param(
            path,
            format!("Invalid array: {path}"),
        )),
    }
}

fn metadata(path: &str, value: Value) -> Result<Value, ApiError> {
    let Value::Object(map) = value else {
        return Err(ApiError::invalid_param(
            path,
            "Invalid metadata: metadata must be a hash",
        ));
    };
    if map.len() > 50 {
        return Err(ApiError::invalid_param(
            path,
            "Invalid metadata: at most 50 keys are allowed",
        ));
    }
    let mut out = Map::new();
    for (key, v) in map {
        let child_path = format!("{path}[{key}]");
        if key.chars().count() > 40 {
            return Err(ApiError::invalid_param(
                &child_path,
                "Invalid metadata: keys can be at most 40 characters long",
            ));
        }
        let v = match v {
            Value::String(s) if s.is_empty() => Value::Null,
            Value::String(s) if s.chars().count() > 500 => {
                return Err(ApiError::invalid_param(
                    &child_path,
                    "Invalid metadata: values can be at most 500 characters long",
                ))
            }
            Value::String(s) => Value::String(s),
            _ => {
                return Err(ApiError::invalid_param(
                    &child_path,
                    "Invalid metadata: metadata values must be strings",
                ))
            }
        };
        out.insert(key, v);
    }
    Ok(Value::Object(out))
}

/// "a, b, or c", as in Stripe's enum errors.
fn one_of(options: &[&str]) -> String {
    match options {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [a, b] => format!("{a} or {b}"),
        [init @ .., last] => format!("{}, or {last}", init.join(", ")),
    }
}

/// Validated parameters, read by dotted path (`transfer_data.destination`). A present-but-null
/// value means the client asked to unset it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params(Map<String, Value>);

impl Params {
    pub fn get(&self, path: &str) -> Option<&Value> {
        let mut parts = path.split('.');
        let first = parts.next()?;
        parts.try_fold(self.0.get(first)?, |v, p| v.get(p))
    }

    /// Present, even if null (an explicit unset).
    pub fn has(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    pub fn str(&self, path: &str) -> Option<&str> {
        self.get(path).and_then(Value::as_str)
    }

    pub fn string(&self, path: &str) -> Option<String> {
        self.str(path).map(str::to_owned)
    }

    pub fn int(&self, path: &str) -> Option<i64> {
        self.get(path).and_then(Value::as_i64)
    }

    pub fn bool(&self, path: &str) -> Option<bool> {
        self.get(path).and_then(Value::as_bool)
    }

    pub fn object(&self, path: &str) -> Option<&Map<String, Value>> {
        self.get(path).and_then(Value::as_object)
    }

    pub fn strings(&self, path: &str) -> Vec<String> {
        self.get(path)
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TRANSFER_DATA: &[Field] = &[
        req("destination", Kind::String),
        opt("amount", Kind::Integer),
    ];
    const FIELDS: &[Field] = &[
        req("amount", Kind::Integer),
        req("currency", Kind::Currency),
        opt("confirm", Kind::Boolean),
        opt("capture_method", Kind::Enum(&["automatic", "manual"])),
        opt("metadata", Kind::Metadata),
        opt("payment_method_types", Kind::Array(&Kind::String)),
        opt("transfer_data", Kind::Object(TRANSFER_DATA)),
    ];

    fn check(v: Value) -> Result<Params, ApiError> {
        validate(v, FIELDS)
    }

    #[test]
    fn coerces_and_reads() {
        let p = check(json!({
            "amount": "2500", "currency": "USD", "confirm": "true",
            "metadata": {"order": "42", "gone": ""},
            "payment_method_types": {"1": "sepa_debit", "0": "card"},
            "transfer_data": {"destination": "acct_1"},
            "expand": ["latest_charge"]
        }))
        .expect("valid");
        assert_eq!(p.int("amount"), Some(2500));
        assert_eq!(p.str("currency"), Some("usd"));
        assert_eq!(p.bool("confirm"), Some(true));
        assert_eq!(p.str("metadata.order"), Some("42"));
        assert!(p.has("metadata.gone") && p.str("metadata.gone").is_none());
        assert_eq!(p.strings("payment_method_types"), ["card", "sepa_debit"]);
        assert_eq!(p.str("transfer_data.destination"), Some("acct_1"));
        assert_eq!(p.strings("expand"), ["latest_charge"]);
    }

    #[test]
    fn unknown_and_missing_params_name_the_param() {
        let e =
            check(json!({"amount": "1", "currency": "usd", "bogus": "1"})).expect_err("unknown");
        assert_eq!(
            (e.param.as_deref(), e.message.as_str()),
            (Some("bogus"), "Received unknown parameter: bogus")
        );
        let e = check(json!({"amount": "1", "currency": "usd", "transfer_data": {"x": "1"}}))
            .expect_err("nested");
        assert_eq!(e.param.as_deref(), Some("transfer_data[x]"));
        let e = check(json!({"currency": "usd"})).expect_err("missing");
        assert_eq!(
            (e.param.as_deref(), e.message.as_str()),
            (Some("amount"), "Missing required param: amount.")
        );
        let e = check(json!({"amount": "1", "currency": "usd", "transfer_data": {"amount": "1"}}))
            .expect_err("nested missing");
        assert_eq!(e.param.as_deref(), Some("transfer_data[destination]"));
    }

    #[test]
    fn type_errors() {
        let e = check(json!({"amount": "ten", "currency": "usd"})).expect_err("int");
        assert_eq!(e.message, "Invalid integer: ten");
        let e =
            check(json!({"amount": "1", "currency": "usd", "confirm": "yes"})).expect_err("bool");
        assert_eq!(e.message, "Invalid boolean: yes");
        let e = check(json!({"amount": "1", "currency": "usd", "capture_method": "later"}))
            .expect_err("enum");
        assert_eq!(
            e.message,
            "Invalid capture_method: must be one of automatic or manual"
        );
        let e = check(json!({"amount": "1", "currency": "zzz"})).expect_err("currency");
        assert_eq!(e.param.as_deref(), Some("currency"));
        let e =
            check(json!({"amount": {"a": "1"}, "currency": "usd"})).expect_err("hash for scalar");
        assert_eq!(e.param.as_deref(), Some("amount"));
    }

    #[test]
    fn list_params_are_implicit_for_lists_only() {
        assert!(validate_list(json!({"limit": "3", "created": {"gte": "10"}}), &[]).is_ok());
        assert!(validate(json!({"limit": "3"}), &[]).is_err());
        assert!(validate_list(json!({"created": {"after": "1"}}), &[]).is_err());
    }

    #[test]
    fn enum_message_lists_options() {
        assert_eq!(one_of(&["a", "b", "c"]), "a, b, or c");
    }
}
