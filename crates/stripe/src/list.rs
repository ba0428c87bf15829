//! Stripe's list envelope and the parameters every list endpoint shares.

use serde::{Deserialize, Serialize};

use crate::de::null_as_default;

/// One page of a list endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct List<T> {
    #[serde(default, deserialize_with = "null_as_default")]
    pub data: Vec<T>,
    /// More items exist after (or, paging backwards, before) this page.
    #[serde(default)]
    pub has_more: bool,
    #[serde(default)]
    pub url: String,
}

/// A Stripe object with an id: what a list is paginated by.
pub trait Object {
    fn id(&self) -> &str;
}

/// Cursor and page size: `limit` (1–100, Stripe's default 10), `starting_after` (the id of the
/// last item seen, paging forwards), `ending_before` (the first item seen, paging backwards).
/// The auto-paginating stream starts from these and moves the cursor itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Page {
    pub limit: Option<u8>,
    pub starting_after: Option<String>,
    pub ending_before: Option<String>,
}

impl Page {
    pub fn limit(limit: u8) -> Self {
        Self {
            limit: Some(limit),
            ..Self::default()
        }
    }

    pub fn starting_after(self, id: impl Into<String>) -> Self {
        Self {
            starting_after: Some(id.into()),
            ..self
        }
    }

    pub fn ending_before(self, id: impl Into<String>) -> Self {
        Self {
            ending_before: Some(id.into()),
            ..self
        }
    }
}

/// A filter on a timestamp (Unix seconds), e.g. `created[gte]=1700000000`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RangeQuery {
    pub gt: Option<i64>,
    pub gte: Option<i64>,
    pub lt: Option<i64>,
    pub lte: Option<i64>,
}

impl RangeQuery {
    /// From `start` (inclusive) to `end` (exclusive).
    pub fn between(start: i64, end: i64) -> Self {
        Self {
            gte: Some(start),
            lt: Some(end),
            ..Self::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::to_pairs;

    #[test]
    fn decodes_a_page_and_tolerates_missing_fields() {
        let page: List<u8> =
            serde_json::from_str(r#"{"object":"list","data":[1,2],"has_more":true,"url":"/v1/x"}"#)
                .expect("decodes");
        assert_eq!(page.data, [1, 2]);
        assert!(page.has_more);
        let bare: List<u8> = serde_json::from_str(r#"{"data":null}"#).expect("decodes");
        assert!(bare.data.is_empty() && !bare.has_more);
    }

    #[test]
    fn page_and_range_encode_as_stripe_expects() {
        #[derive(Serialize)]
        struct Params {
            created: Option<RangeQuery>,
            #[serde(flatten)]
            page: Page,
        }
        let params = Params {
            created: Some(RangeQuery::between(10, 20)),
            page: Page::limit(100).starting_after("acct_9"),
        };
        let pairs = to_pairs(&params).expect("encodes");
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("created[gte]", "10"),
                ("created[lt]", "20"),
                ("limit", "100"),
                ("starting_after", "acct_9")
            ]
        );
    }
}
