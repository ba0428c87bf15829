//! `expand[]=...`: replaces ids in a response by the objects they name (`latest_charge`,
//! `data.balance_transaction` in lists, nested paths such as `latest_charge.balance_transaction`;
//! at most four levels, like Stripe).

use serde_json::Value;

use crate::store::{render, Db};
use crate::wire::ApiError;

const MAX_DEPTH: usize = 4;

/// The `expand` paths of raw (unvalidated) parameters: `expand[]=a` or `expand[0]=a`.
pub fn requested(raw: &Value) -> Vec<String> {
    match raw.get("expand") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::Object(map)) => {
            let mut indexed: Vec<(usize, String)> = map
                .iter()
                .filter_map(|(k, v)| Some((k.parse().ok()?, v.as_str()?.to_owned())))
                .collect();
            indexed.sort();
            indexed.into_iter().map(|(_, v)| v).collect()
        }
        _ => Vec::new(),
    }
}

/// Expands every path in `value`.
pub fn apply(db: &Db, value: &mut Value, paths: &[String]) -> Result<(), ApiError> {
    for path in paths {
        let segments: Vec<&str> = path.split('.').collect();
        let depth = segments.iter().filter(|s| **s != "data").count();
        if depth > MAX_DEPTH {
            return Err(ApiError::invalid_param(
                "expand",
                format!("You cannot expand more than {MAX_DEPTH} levels of a property. Property: {path}"),
            ));
        }
        expand(db, value, &segments, path)?;
    }
    Ok(())
}

fn cannot(path: &str) -> ApiError {
    ApiError::invalid_param(
        "expand",
        format!("This property cannot be expanded ({path})."),
    )
}

fn expand(db: &Db, value: &mut Value, segments: &[&str], path: &str) -> Result<(), ApiError> {
    let Some((first, rest)) = segments.split_first() else {
        return Ok(());
    };
    let is_list = value.get("object").and_then(Value::as_str) == Some("list");
    let Value::Object(map) = value else {
        return Err(cannot(path));
    };
    let Some(field) = map.get_mut(*first) else {
        return Err(cannot(path));
    };
    if is_list && *first == "data" {
        if let Value::Array(items) = field {
            for item in items {
                expand(db, item, rest, path)?;
            }
        }
        return Ok(());
    }
    expand_field(db, field, rest, path)
}

fn expand_field(db: &Db, field: &mut Value, rest: &[&str], path: &str) -> Result<(), ApiError> {
    match field {
        Value::Null => Ok(()),
        Value::String(id) => {
            let object = render::by_id(db, id).ok_or_else(|| cannot(path))?;
            *field = object;
            expand(db, field, rest, path)
        }
        Value::Array(items) => {
            for item in items {
                expand_field(db, item, rest, path)?;
            }
            Ok(())
        }
        Value::Object(_) => expand(db, field, rest, path),
        _ => Err(cannot(path)),
    }
}
