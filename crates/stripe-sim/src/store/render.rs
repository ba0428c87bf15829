//! Objects to Stripe JSON. Most serialize as stored; a few gain the lists Stripe nests in them
//! (`payment_intent.charges`, `charge.refunds`, `transfer.reversals`,
//! `application_fee.refunds`) or embed full objects (`dispute.balance_transactions`).

use serde::Serialize;
use serde_json::{json, Value};

use crate::model::*;
use crate::store::{Db, Table};

/// How many items a nested list shows (like Stripe, the rest is behind `has_more`).
const NESTED_LIMIT: usize = 10;

/// Renders an object as the API returns it.
pub trait Render {
    fn render(&self, db: &Db) -> Value;
}

fn plain<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

macro_rules! render_plain {
    ($($ty:ty),* $(,)?) => {
        $(impl Render for $ty {
            fn render(&self, _db: &Db) -> Value {
                plain(self)
            }
        })*
    };
}

render_plain!(
    Account,
    PaymentMethod,
    Refund,
    TransferReversal,
    Payout,
    BalanceTransaction,
    Event,
    FeeRefund,
);

/// A nested list of `table` rows matching `pred`, newest first.
fn nested<T: Resource + Render>(
    db: &Db,
    table: &Table<T>,
    url: String,
    pred: impl Fn(&T) -> bool,
) -> Value {
    let matching: Vec<&T> = table
        .rows()
        .rev()
        .map(|r| &r.value)
        .filter(|v| pred(v))
        .collect();
    let data: Vec<Value> = matching
        .iter()
        .take(NESTED_LIMIT)
        .map(|v| v.render(db))
        .collect();
    json!({
        "object": "list",
        "data": data,
        "has_more": matching.len() > NESTED_LIMIT,
        "total_count": matching.len(),
        "url": url,
    })
}

fn with(mut value: Value, key: &str, extra: Value) -> Value {
    if let Value::Object(map) = &mut value {
        map.insert(key.to_owned(), extra);
    }
    value
}

impl Render for FileObject {
    fn render(&self, db: &Db) -> Value {
        let url = self.url.as_ref().map(|u| {
            if u.starts_with('/') {
                format!("{}{u}", db.base_url)
            } else {
                u.clone()
            }
        });
        with(plain(self), "url", json!(url))
    }
}

impl Render for PaymentIntent {
    fn render(&self, db: &Db) -> Value {
        let charges = nested(
            db,
            &db.charges,
            format!("/v1/charges?payment_intent={}", self.id),
            |c| c.payment_intent.as_deref() == Some(self.id.as_str()),
        );
        with(plain(self), "charges", charges)
    }
}

impl Render for Charge {
    fn render(&self, db: &Db) -> Value {
        let refunds = nested(
            db,
            &db.refunds,
            format!("/v1/charges/{}/refunds", self.id),
            |r| r.charge == self.id,
        );
        with(plain(self), "refunds", refunds)
    }
}

impl Render for Transfer {
    fn render(&self, db: &Db) -> Value {
        let reversals = nested(
            db,
            &db.reversals,
            format!("/v1/transfers/{}/reversals", self.id),
            |r| r.transfer == self.id,
        );
        with(plain(self), "reversals", reversals)
    }
}

impl Render for ApplicationFee {
    fn render(&self, db: &Db) -> Value {
        let refunds = nested(
            db,
            &db.fee_refunds,
            format!("/v1/application_fees/{}/refunds", self.id),
            |r| r.fee == self.id,
        );
        with(plain(self), "refunds", refunds)
    }
}

impl Render for Dispute {
    fn render(&self, db: &Db) -> Value {
        let txns: Vec<Value> = self
            .balance_transactions
            .iter()
            .filter_map(|id| db.balance_transactions.row(id))
            .map(|r| r.value.render(db))
            .collect();
        with(plain(self), "balance_transactions", Value::Array(txns))
    }
}

impl Render for WebhookEndpointRecord {
    /// Stripe shows the secret only in the answer to the create call, and never `connect`.
    fn render(&self, _db: &Db) -> Value {
        let mut value = plain(self);
        if let Value::Object(map) = &mut value {
            map.remove("secret");
            map.remove("connect");
        }
        value
    }
}

/// Any object by id (for `expand`), regardless of the account it belongs to.
pub fn by_id(db: &Db, id: &str) -> Option<Value> {
    fn get<T: Resource + Render>(db: &Db, table: &Table<T>, id: &str) -> Option<Value> {
        table.row(id).map(|r| r.value.render(db))
    }
    let prefix = id.split('_').next().unwrap_or("");
    match prefix {
        "acct" => get(db, &db.accounts, id),
        "pi" => get(db, &db.payment_intents, id),
        "pm" => get(db, &db.payment_methods, id),
        "ch" | "py" => get(db, &db.charges, id),
        "re" | "pyr" => get(db, &db.refunds, id),
        "tr" => get(db, &db.transfers, id),
        "trr" => get(db, &db.reversals, id),
        "po" => get(db, &db.payouts, id),
        "txn" => get(db, &db.balance_transactions, id),
        "dp" => get(db, &db.disputes, id),
        "file" => get(db, &db.files, id),
        "evt" => get(db, &db.events, id),
        "fee" => get(db, &db.application_fees, id),
        "fr" => get(db, &db.fee_refunds, id),
        "we" => get(db, &db.webhook_endpoints, id),
        _ => None,
    }
}
