//! The stored resources. Each struct serializes to the exact JSON object Stripe returns (lists
//! nested in another object, such as `charge.refunds`, are added when rendering; see
//! `store::render`), and the same serialization is what sled persists.

mod account;
mod application_fee;
mod balance_transaction;
mod charge;
mod dispute;
mod event;
mod file;
mod internal;
mod payment_intent;
mod payment_method;
mod payout;
mod refund;
mod transfer;
mod webhook_endpoint;

pub use account::*;
pub use application_fee::*;
pub use balance_transaction::*;
pub use charge::*;
pub use dispute::*;
pub use event::*;
pub use file::*;
pub use internal::*;
pub use payment_intent::*;
pub use payment_method::*;
pub use payout::*;
pub use refund::*;
pub use transfer::*;
pub use webhook_endpoint::*;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A stored object: has an id (its table key, ordered by creation) and a creation time.
pub trait Resource: Serialize + DeserializeOwned + Clone + Send + 'static {
    /// Table (and sled tree) name.
    const TABLE: &'static str;
    fn id(&self) -> &str;
    fn created(&self) -> i64;
}

macro_rules! resource {
    ($ty:ty, $table:literal) => {
        impl $crate::model::Resource for $ty {
            const TABLE: &'static str = $table;
            fn id(&self) -> &str {
                &self.id
            }
            fn created(&self) -> i64 {
                self.created
            }
        }
    };
}
pub(crate) use resource;

/// A list nested inside an object (`account.external_accounts`), stored with its owner.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EmbeddedList<T> {
    pub object: String,
    pub data: Vec<T>,
    pub has_more: bool,
    pub total_count: u64,
    pub url: String,
}

impl<T> EmbeddedList<T> {
    pub fn new(url: String) -> Self {
        Self {
            object: "list".into(),
            data: Vec::new(),
            has_more: false,
            total_count: 0,
            url,
        }
    }

    pub fn push(&mut self, item: T) {
        self.data.push(item);
        self.total_count = self.data.len() as u64;
    }
}

/// `metadata`: string keys to string values.
pub type Metadata = std::collections::BTreeMap<String, String>;
