//! Deserialisation helpers for the shapes Stripe uses: nullable collections and expandable ids.

use serde::{Deserialize, Deserializer};

/// Reads `null` (and, with `#[serde(default)]`, an absent field) as the type's default.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

#[derive(Deserialize)]
#[serde(untagged)]
enum IdOrObject {
    Id(String),
    Object { id: String },
}

/// An expandable reference: Stripe sends an id, or the whole object when expanded. Either way we
/// keep the id; `null` reads as `None`.
pub(crate) fn expandable_id<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(
        Option::<IdOrObject>::deserialize(deserializer)?.map(|reference| match reference {
            IdOrObject::Id(id) | IdOrObject::Object { id } => id,
        }),
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(Deserialize)]
    struct Sample {
        #[serde(default, deserialize_with = "expandable_id")]
        destination: Option<String>,
        #[serde(default, deserialize_with = "null_as_default")]
        metadata: BTreeMap<String, String>,
    }

    fn parse(json: &str) -> Sample {
        serde_json::from_str(json).expect("decodes")
    }

    #[test]
    fn expandable_reads_ids_objects_and_null() {
        assert_eq!(
            parse(r#"{"destination":"acct_1"}"#).destination.as_deref(),
            Some("acct_1")
        );
        let expanded = parse(r#"{"destination":{"id":"acct_2","object":"account","email":null}}"#);
        assert_eq!(expanded.destination.as_deref(), Some("acct_2"));
        assert_eq!(parse(r#"{"destination":null}"#).destination, None);
        assert_eq!(parse("{}").destination, None);
    }

    #[test]
    fn null_and_absent_collections_are_empty() {
        assert!(parse(r#"{"metadata":null}"#).metadata.is_empty());
        assert!(parse("{}").metadata.is_empty());
        assert_eq!(parse(r#"{"metadata":{"a":"b"}}"#).metadata["a"], "b");
    }
}
