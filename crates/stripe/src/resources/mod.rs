//! One module per Stripe resource: parameter structs, the response type with the fields
//! ConnectDesk uses, request builders (pure: they return a [`Request`](crate::Request) to send or
//! inspect), and the matching `Client` methods.
//!
//! Responses ignore unknown fields and default what Stripe may omit, so new API fields never
//! break decoding; `Client::send_with_raw` gives the whole JSON where a view needs it.

pub mod account_links;
pub mod accounts;
pub mod application_fees;
pub mod balance;
pub mod balance_transactions;
pub mod charges;
pub mod disputes;
pub mod events;
pub mod files;
pub mod login_links;
pub mod oauth;
pub mod payment_intents;
pub mod payment_method_configurations;
pub mod payouts;
pub mod refunds;
pub mod transfer_reversals;
pub mod transfers;
pub mod webhook_endpoints;

use std::collections::BTreeMap;

/// Stripe metadata: up to 50 string keys with string values.
pub type Metadata = BTreeMap<String, String>;

/// Implements [`Object`](crate::list::Object) for response types with an `id` field.
macro_rules! impl_object {
    ($($ty:ty),+ $(,)?) => {
        $(impl $crate::list::Object for $ty {
            fn id(&self) -> &str {
                &self.id
            }
        })+
    };
}

pub(crate) use impl_object;
