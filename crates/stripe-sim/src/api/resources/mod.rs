//! One module per Stripe resource: its parameter schemas and handlers. Handlers validate the
//! raw parameters, call into `domain`, and render the result.

pub mod account_links;
pub mod accounts;
pub mod application_fees;
pub mod balance;
pub mod charges;
pub mod disputes;
pub mod events;
pub mod files;
pub mod payment_intents;
pub mod payment_method_configurations;
pub mod payment_methods;
pub mod payouts;
pub mod refunds;
pub mod transfers;
pub mod webhook_endpoints;

use serde_json::Value;

use crate::domain::{apply_metadata, Ctx};
use crate::model::{Metadata, Resource};
use crate::store::render::Render;
use crate::store::{Db, Table};
use crate::wire::list::{list_object, ListQuery};
use crate::wire::params::{validate, Field};
use crate::wire::{ApiError, Params};

/// A list response of `account`'s objects in `table` matching `filter`.
pub fn list<T: Resource + Render>(
    db: &Db,
    table: &Table<T>,
    account: &str,
    params: &Params,
    url: &str,
    object: &str,
    filter: impl Fn(&T) -> bool,
) -> Result<Value, ApiError> {
    let query = ListQuery::from_params(params)?;
    let page = table.page(account, &query, object, filter)?;
    let data = page.items.iter().map(|v| v.render(db)).collect();
    Ok(list_object(url, data, page.has_more))
}

/// Parameters of a retrieve (only `expand`).
pub fn no_params(raw: Value) -> Result<Params, ApiError> {
    const NONE: &[Field] = &[];
    validate(raw, NONE)
}

/// Applies a `metadata` parameter: `metadata=` clears all keys, `metadata[k]=` removes `k`.
pub fn update_metadata(target: &mut Metadata, params: &Params) {
    match params.get("metadata") {
        Some(Value::Null) => target.clear(),
        Some(Value::Object(changes)) => apply_metadata(target, changes),
        _ => {}
    }
}

/// New metadata from a `metadata` parameter.
pub fn new_metadata(params: &Params) -> Metadata {
    let mut metadata = Metadata::new();
    update_metadata(&mut metadata, params);
    metadata
}

/// An object of `account` rendered, or 404 `resource_missing`.
pub fn render_in<T: Resource + Render>(
    db: &Db,
    table: &Table<T>,
    account: &str,
    id: &str,
    object: &str,
    param: &str,
) -> Result<Value, ApiError> {
    table
        .get_in(account, id)
        .map(|v| v.render(db))
        .ok_or_else(|| ApiError::no_such(object, id, param))
}

/// Refuses a `Stripe-Account` (or a connected account's OAuth token) on platform-only resources.
pub fn require_platform(ctx: &Ctx<'_>) -> Result<(), ApiError> {
    if ctx.is_platform() {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "This request can only be made by the platform; remove the Stripe-Account header.",
        )
        .with_status(403))
    }
}
