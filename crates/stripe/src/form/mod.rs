//! Encodes typed parameter structs into the form pairs Stripe expects, with bracket notation:
//!
//! | Rust value                                   | pairs                                     |
//! |----------------------------------------------|-------------------------------------------|
//! | `metadata: {"order": "42"}`                  | `metadata[order]=42`                      |
//! | `capabilities.transfers.requested = true`    | `capabilities[transfers][requested]=true` |
//! | `payment_method_types: ["card"]`             | `payment_method_types[]=card`             |
//! | `items: [{price: "p_1"}]`                    | `items[0][price]=p_1`                     |
//! | `None`, `()`, an empty list                  | nothing                                   |
//!
//! Lists of scalars use `[]`; lists of objects use indices so each object's fields stay together.
//! Strings are sent as they are, empty strings included (Stripe reads `""` as "unset").
//! The caller percent-encodes the pairs (body or query string).

mod serializer;

use serde::Serialize;

/// A parameter struct that cannot be sent as a form. These are programming errors in a parameter
/// type, never caused by the values a user enters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    #[error("form parameters must be a struct or a map, not {0}")]
    NotAnObject(&'static str),
    #[error("{0} cannot be encoded as a form value")]
    Unsupported(&'static str),
    #[error("map keys must be strings or numbers")]
    KeyNotAString,
    #[error("numbers must be finite")]
    NonFinite,
    #[error("{0}")]
    Custom(String),
}

impl serde::ser::Error for FormError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Self::Custom(msg.to_string())
    }
}

/// The form pairs of `params`, in field order.
pub fn to_pairs<T: Serialize + ?Sized>(params: &T) -> Result<Vec<(String, String)>, FormError> {
    let mut pairs = Vec::new();
    params.serialize(serializer::TopLevel { out: &mut pairs })?;
    Ok(pairs)
}

#[cfg(test)]
mod tests;
