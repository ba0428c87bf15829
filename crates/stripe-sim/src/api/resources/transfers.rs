//! `/v1/transfers` and `/v1/transfers/{id}/reversals`.

use serde_json::Value;

use crate::api::resources::{list, new_metadata, no_params, render_in, update_metadata};
use crate::domain::events::previous_attributes;
use crate::domain::transfers::{self, NewReversal, NewTransfer};
use crate::domain::Ctx;
use crate::store::render::Render;
use crate::wire::params::{opt, req, validate, validate_list, validate_page, Field, Kind};
use crate::wire::ApiError;

const CREATE: &[Field] = &[
    req("amount", Kind::Integer),
    req("currency", Kind::Currency),
    opt("description", Kind::String),
    req("destination", Kind::String),
    opt("metadata", Kind::Metadata),
    opt("source_transaction", Kind::String),
    opt("source_type", Kind::Enum(&["bank_account", "card", "fpx"])),
    opt("transfer_group", Kind::String),
];
const UPDATE: &[Field] = &[
    opt("description", Kind::String),
    opt("metadata", Kind::Metadata),
];
const LIST: &[Field] = &[
    opt("destination", Kind::String),
    opt("transfer_group", Kind::String),
];
const REVERSE: &[Field] = &[
    opt("amount", Kind::Integer),
    opt("description", Kind::String),
    opt("metadata", Kind::Metadata),
    opt("refund_application_fee", Kind::Boolean),
];

fn platform_only(ctx: &Ctx<'_>, id: &str) -> Result<(), ApiError> {
    if ctx.is_platform() {
        Ok(())
    } else {
        Err(ApiError::no_such("transfer", id, "transfer"))
    }
}

/// `POST /v1/transfers`.
pub fn create(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    let p = validate(raw, CREATE)?;
    let new = NewTransfer {
        amount: p.int("amount").unwrap_or_default(),
        currency: p.string("currency").unwrap_or_default(),
        destination: p.string("destination").unwrap_or_default(),
        description: p.string("description"),
        metadata: new_metadata(&p),
        source_transaction: p.string("source_transaction"),
        transfer_group: p.string("transfer_group"),
    };
    let id = transfers::create(ctx, new)?;
    render_in(
        ctx.db,
        &ctx.db.transfers,
        &ctx.account,
        &id,
        "transfer",
        "transfer",
    )
}

/// `GET /v1/transfers`.
pub fn list_transfers(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    let p = validate_list(raw, LIST)?;
    let (destination, group) = (p.string("destination"), p.string("transfer_group"));
    list(
        ctx.db,
        &ctx.db.transfers,
        &ctx.account,
        &p,
        "/v1/transfers",
        "transfer",
        |t| {
            destination.as_ref().map_or(true, |d| &t.destination == d)
                && (group.is_none() || t.transfer_group == group)
        },
    )
}

/// `GET /v1/transfers/{id}`.
pub fn retrieve(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    no_params(raw)?;
    render_in(
        ctx.db,
        &ctx.db.transfers,
        &ctx.account,
        id,
        "transfer",
        "transfer",
    )
}

/// `POST /v1/transfers/{id}`.
pub fn update(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    let p = validate(raw, UPDATE)?;
    let account = ctx.account.clone();
    let mut transfer = ctx
        .db
        .transfers
        .get_in(&account, id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("transfer", id, "transfer"))?;
    let before = transfer.render(ctx.db);
    if p.has("description") {
        transfer.description = p.string("description");
    }
    update_metadata(&mut transfer.metadata, &p);
    ctx.db.transfers.insert(&account, transfer.clone());
    let after = transfer.render(ctx.db);
    if let Some(previous) = previous_attributes(&before, &after) {
        ctx.emit(&account, "transfer.updated", after.clone(), Some(previous));
    }
    Ok(after)
}

/// `POST /v1/transfers/{id}/reversals`.
pub fn reverse(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    platform_only(ctx, id)?;
    let p = validate(raw, REVERSE)?;
    let new = NewReversal {
        amount: p.int("amount"),
        metadata: new_metadata(&p),
        refund_application_fee: p.bool("refund_application_fee").unwrap_or(false),
        source_refund: None,
    };
    let reversal = transfers::reverse(ctx, id, new)?;
    render_in(
        ctx.db,
        &ctx.db.reversals,
        &ctx.account,
        &reversal,
        "transfer_reversal",
        "id",
    )
}

/// `GET /v1/transfers/{id}/reversals`.
pub fn list_reversals(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    let p = validate_page(raw, &[])?;
    if ctx.db.transfers.get_in(&ctx.account, id).is_none() {
        return Err(ApiError::no_such("transfer", id, "id"));
    }
    let url = format!("/v1/transfers/{id}/reversals");
    list(
        ctx.db,
        &ctx.db.reversals,
        &ctx.account,
        &p,
        &url,
        "transfer_reversal",
        |r| r.transfer == id,
    )
}

/// `GET /v1/transfers/{id}/reversals/{reversal}`.
pub fn retrieve_reversal(
    ctx: &mut Ctx<'_>,
    id: &str,
    reversal: &str,
    raw: Value,
) -> Result<Value, ApiError> {
    no_params(raw)?;
    let found = ctx
        .db
        .reversals
        .get_in(&ctx.account, reversal)
        .filter(|r| r.transfer == id)
        .map(|r| r.render(ctx.db));
    found.ok_or_else(|| ApiError::no_such("transfer_reversal", reversal, "id"))
}
