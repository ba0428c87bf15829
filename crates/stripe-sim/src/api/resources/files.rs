//! `/v1/files` (Stripe serves uploads at files.stripe.com; the simulator on its own host).

use base64::Engine;
use serde_json::Value;

use crate::api::reply::Payload;
use crate::api::resources::{list, no_params, render_in};
use crate::domain::files::{self, Upload, PURPOSES};
use crate::domain::Ctx;
use crate::wire::params::{opt, req, validate, validate_list, Field, Kind};
use crate::wire::ApiError;

const CREATE: &[Field] = &[
    req("purpose", Kind::Enum(PURPOSES)),
    opt("file_link_data", Kind::AnyObject),
];
const LIST: &[Field] = &[opt("purpose", Kind::String)];

/// `POST /v1/files` (`multipart/form-data` with `purpose` and `file`).
pub fn create(ctx: &mut Ctx<'_>, raw: Value, upload: Option<Upload>) -> Result<Value, ApiError> {
    validate(raw, CREATE)?;
    let upload = upload.ok_or_else(|| ApiError::missing_param("file"))?;
    let id = files::create(ctx, upload)?;
    render_in(ctx.db, &ctx.db.files, &ctx.account, &id, "file", "file")
}

/// `GET /v1/files`.
pub fn list_files(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    let p = validate_list(raw, LIST)?;
    let purpose = p.string("purpose");
    list(
        ctx.db,
        &ctx.db.files,
        &ctx.account,
        &p,
        "/v1/files",
        "file",
        |f| purpose.as_ref().map_or(true, |x| &f.purpose == x),
    )
}

/// `GET /v1/files/{id}`.
pub fn retrieve(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    no_params(raw)?;
    render_in(ctx.db, &ctx.db.files, &ctx.account, id, "file", "file")
}

/// `GET /v1/files/{id}/contents`: the bytes.
pub fn contents(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Payload, ApiError> {
    no_params(raw)?;
    let stored = ctx
        .db
        .file_contents
        .get_in(&ctx.account, id)
        .ok_or_else(|| ApiError::no_such("file", id, "file"))?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&stored.data_base64)
        .map_err(|e| ApiError::internal(format!("stored file {id} is unreadable: {e}")))?;
    Ok(Payload::Raw {
        content_type: stored.content_type.clone(),
        bytes,
    })
}
