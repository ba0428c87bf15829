//! Stripe's behaviour over the [`Db`](crate::store::Db): accounts and their requirements, the
//! PaymentIntent lifecycle, the money model (balance transactions, fees, transfers, refunds,
//! payouts, disputes) and the passage of time. No HTTP here: the API, the onboarding pages and
//! the test controls all call into these functions through a [`Ctx`].

pub mod accounts;
pub mod bank;
mod context;
pub mod disputes;
pub mod events;
pub mod files;
pub mod ledger;
pub mod payments;
pub mod payouts;
pub mod refunds;
pub mod requirements;
mod settlement;
pub mod test_cards;
pub mod tick;
pub mod transfers;

pub use context::{Ctx, Env};

use serde_json::{Map, Value};

use crate::model::Metadata;

/// Applies `metadata[...]` changes: a string sets the key, null (an empty value) removes it.
pub fn apply_metadata(target: &mut Metadata, changes: &Map<String, Value>) {
    for (key, value) in changes {
        match value.as_str() {
            Some(v) => {
                target.insert(key.clone(), v.to_owned());
            }
            None => {
                target.remove(key);
            }
        }
    }
}
