//! Stripe's wire format: form parsing, parameter schemas, error objects, lists.

pub mod error;
pub mod form;
pub mod list;
pub mod multipart;
pub mod params;
mod web_url;

pub use error::{ApiError, ErrorType};
pub use params::Params;
pub use web_url::is_web_url;
