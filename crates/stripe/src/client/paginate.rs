//! The auto-paginating stream: one page at a time, as the consumer reads.

use futures::stream::{self, Stream, TryStreamExt};
use serde::de::DeserializeOwned;

use super::Client;
use crate::error::{Error, Result};
use crate::list::{List, Object};
use crate::request::{Request, RequestSpec};

impl Client {
    /// Every item of a list endpoint, fetching the next page when the current one is used up.
    ///
    /// Pages forwards with `starting_after`; when the request sets `ending_before` it pages
    /// backwards, yielding items in reverse order, as Stripe's SDKs do. An error ends the stream.
    pub fn paginate<T>(
        &self,
        request: Request<List<T>>,
    ) -> impl Stream<Item = Result<T>> + Send + 'static
    where
        T: DeserializeOwned + Object + Send + 'static,
    {
        let client = self.clone();
        let spec = request.into_spec();
        let backwards = spec.param("ending_before").is_some();
        stream::try_unfold(Some(spec), move |spec| {
            let client = client.clone();
            async move {
                let Some(spec) = spec else {
                    return Ok::<_, Error>(None);
                };
                let page: List<T> = client.send(Request::new(spec.clone())).await?;
                let next = next_page(spec, &page, backwards);
                let mut items = page.data;
                if backwards {
                    items.reverse();
                }
                Ok(Some((stream::iter(items.into_iter().map(Ok)), next)))
            }
        })
        .try_flatten()
    }
}

/// The request for the page after `page`, if there is one.
fn next_page<T: Object>(
    mut spec: RequestSpec,
    page: &List<T>,
    backwards: bool,
) -> Option<RequestSpec> {
    if !page.has_more {
        return None;
    }
    let (cursor, edge) = if backwards {
        ("ending_before", page.data.first())
    } else {
        ("starting_after", page.data.last())
    };
    // `has_more` with an empty page would repeat the same request forever.
    let edge = edge?;
    spec.set_param(cursor, edge.id());
    Some(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Item(&'static str);

    impl Object for Item {
        fn id(&self) -> &str {
            self.0
        }
    }

    fn page(ids: &[&'static str], has_more: bool) -> List<Item> {
        List {
            data: ids.iter().map(|id| Item(id)).collect(),
            has_more,
            url: String::new(),
        }
    }

    #[test]
    fn moves_the_cursor_past_the_last_item() {
        let spec = RequestSpec::get("/v1/accounts".into());
        let next = next_page(spec, &page(&["a", "b"], true), false).expect("more");
        assert_eq!(next.param("starting_after"), Some("b"));
        let next = next_page(next, &page(&["c"], true), false).expect("more");
        assert_eq!(
            next.params(),
            [("starting_after".to_owned(), "c".to_owned())]
        );
    }

    #[test]
    fn pages_backwards_from_the_first_item() {
        let mut spec = RequestSpec::get("/v1/accounts".into());
        spec.set_param("ending_before", "z");
        let next = next_page(spec, &page(&["x", "y"], true), true).expect("more");
        assert_eq!(next.param("ending_before"), Some("x"));
    }

    #[test]
    fn stops_at_the_end_or_on_an_empty_page() {
        let spec = RequestSpec::get("/v1/accounts".into());
        assert!(next_page(spec.clone(), &page(&["a"], false), false).is_none());
        assert!(next_page(spec, &page(&[], true), false).is_none());
    }
}
