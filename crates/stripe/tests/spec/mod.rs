//! Reading Stripe's OpenAPI spec for the conformance tests: the part of it they use, committed in
//! `tests/data/` (written from the full spec by `scripts/stripe-spec-subset.py`), so a clone
//! without `../shared` runs them too.

#![allow(dead_code)] // Each test binary uses part of this module.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

pub fn data_dir() -> PathBuf {
    // Read at run time: a test binary that cargo reuses from another checkout sharing the target
    // directory would otherwise carry that checkout's path.
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
        .join("tests/data")
}

/// `spec3-subset.json` or `fixtures3-subset.json`.
pub fn load(name: &str) -> Value {
    let path = data_dir().join(name);
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

pub struct Spec {
    root: Value,
}

impl Spec {
    pub fn load() -> Self {
        Self {
            root: load("spec3-subset.json"),
        }
    }

    pub fn schema(&self, name: &str) -> Option<&Value> {
        self.root["components"]["schemas"].get(name)
    }

    /// Follows `$ref`s to the schema itself.
    pub fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        let mut schema = schema;
        while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let name = reference.trim_start_matches("#/components/schemas/");
            schema = self
                .schema(name)
                .unwrap_or_else(|| panic!("dangling $ref {reference}"));
        }
        schema
    }

    pub fn has_path(&self, template: &str) -> bool {
        self.root["paths"].get(template).is_some()
    }

    /// The path template matching a concrete path (`/v1/accounts/acct_1` → `/v1/accounts/{account}`),
    /// preferring literal segments over placeholders.
    pub fn match_path(&self, path: &str) -> Option<String> {
        let segments: Vec<&str> = path.split('/').collect();
        let paths = self.root["paths"].as_object()?;
        paths
            .keys()
            .filter_map(|template| {
                let parts: Vec<&str> = template.split('/').collect();
                if parts.len() != segments.len() {
                    return None;
                }
                let mut literals = 0;
                for (part, segment) in parts.iter().zip(&segments) {
                    if part.starts_with('{') && part.ends_with('}') {
                        if segment.is_empty() {
                            return None;
                        }
                    } else if part == segment {
                        literals += 1;
                    } else {
                        return None;
                    }
                }
                Some((literals, template.clone()))
            })
            .max()
            .map(|(_, template)| template)
    }

    pub fn operation(&self, template: &str, method: &str) -> Option<&Value> {
        self.root["paths"][template].get(method.to_ascii_lowercase())
    }
}

/// `a[b][c][]` → (`a`, [`b`, `c`, ``]).
pub fn split_key(key: &str) -> (String, Vec<String>) {
    match key.find('[') {
        None => (key.to_owned(), Vec::new()),
        Some(open) => {
            let root = key[..open].to_owned();
            let rest = &key[open..];
            let inner = rest
                .strip_prefix('[')
                .and_then(|r| r.strip_suffix(']'))
                .unwrap_or_else(|| panic!("malformed key {key}"));
            (root, inner.split("][").map(str::to_owned).collect())
        }
    }
}

/// Walks `segments` into `schema` and checks `value` at the leaf. Records each object passed
/// through (with its path) so required nested properties can be checked afterwards.
pub fn check_value(
    spec: &Spec,
    schema: &Value,
    prefix: &str,
    segments: &[String],
    value: &str,
    objects: &mut Vec<(String, BTreeSet<String>)>,
) -> Result<(), String> {
    let schema = spec.resolve(schema);
    if let Some(branches) = schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))
        .and_then(Value::as_array)
    {
        let mut errors = Vec::new();
        for branch in branches {
            let mut seen = Vec::new();
            match check_value(spec, branch, prefix, segments, value, &mut seen) {
                Ok(()) => {
                    objects.extend(seen);
                    return Ok(());
                }
                Err(err) => errors.push(err),
            }
        }
        return Err(errors.join(" | "));
    }
    let Some((segment, rest)) = segments.split_first() else {
        return check_leaf(schema, prefix, value);
    };
    let child_prefix = format!("{prefix}[{segment}]");
    if let Some(items) = schema.get("items") {
        if segment.is_empty() || segment.parse::<usize>().is_ok() {
            return check_value(spec, items, &child_prefix, rest, value, objects);
        }
        return Err(format!(
            "{prefix}: an array needs [] or [n], not [{segment}]"
        ));
    }
    if let Some(property) = schema
        .get("properties")
        .and_then(|props| props.get(segment))
    {
        let required: BTreeSet<String> = schema["required"]
            .as_array()
            .map(|names| {
                names
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        objects.push((prefix.to_owned(), required));
        return check_value(spec, property, &child_prefix, rest, value, objects);
    }
    match schema.get("additionalProperties") {
        Some(Value::Bool(true)) => Ok(()),
        Some(extra @ Value::Object(_)) => {
            check_value(spec, extra, &child_prefix, rest, value, objects)
        }
        _ => Err(format!("{prefix} has no property {segment:?}")),
    }
}

fn check_leaf(schema: &Value, key: &str, value: &str) -> Result<(), String> {
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !allowed.iter().any(|v| v.as_str() == Some(value)) {
            return Err(format!("{key}={value:?} is not one of {allowed:?}"));
        }
        return Ok(());
    }
    let ok = match schema.get("type").and_then(Value::as_str) {
        Some("integer") => value.parse::<i64>().is_ok(),
        Some("number") => value.parse::<f64>().is_ok(),
        Some("boolean") => value == "true" || value == "false",
        Some("string") | None => true,
        Some("object") | Some("array") => false,
        Some(_) => true,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{key}={value:?} does not fit type {}",
            schema["type"]
        ))
    }
}
