//! All routes: the Stripe API, the hosted pages, the test controls, Stripe's 404 otherwise.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Json, Router};

use crate::sim::Sim;
use crate::wire::ApiError;
use crate::{api, control, oauth, onboarding};

pub fn router(sim: Arc<Sim>) -> Router {
    Router::new()
        .route("/v1/{*rest}", any(api::handle))
        .merge(onboarding::routes())
        .merge(oauth::routes())
        .nest("/_sim", control::routes())
        .fallback(not_found)
        .with_state(sim)
}

async fn not_found(request: Request) -> Response {
    let error = ApiError::unrecognized_url(request.method().as_str(), request.uri().path());
    (StatusCode::NOT_FOUND, Json(error.body(None))).into_response()
}
