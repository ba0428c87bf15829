//! Balance transactions and balances. Every movement of money is one `txn_` on one account;
//! a balance is the sum of net amounts, `available` once `available_on` has passed, `pending`
//! before. Credits from charges wait for the account's payout delay; debits are available at
//! once, as in Stripe.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::clock::{start_of_day, DAY};
use crate::domain::Ctx;
use crate::model::{BalanceTransaction, FeeDetail};
use crate::store::Db;

/// A movement to record.
#[derive(Debug, Clone)]
pub struct Entry {
    pub account: String,
    pub amount: i64,
    pub currency: String,
    pub kind: &'static str,
    pub reporting_category: &'static str,
    pub source: Option<String>,
    pub description: Option<String>,
    pub fee_details: Vec<FeeDetail>,
    pub available_on: i64,
}

impl Entry {
    /// A movement without fees.
    pub fn new(
        account: &str,
        amount: i64,
        currency: &str,
        kind: &'static str,
        category: &'static str,
    ) -> Self {
        Self {
            account: account.to_owned(),
            amount,
            currency: currency.to_owned(),
            kind,
            reporting_category: category,
            source: None,
            description: None,
            fee_details: Vec::new(),
            available_on: 0,
        }
    }

    pub fn source(mut self, source: &str) -> Self {
        self.source = Some(source.to_owned());
        self
    }

    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    pub fn fees(mut self, fees: Vec<FeeDetail>) -> Self {
        self.fee_details = fees;
        self
    }

    pub fn available_on(mut self, ts: i64) -> Self {
        self.available_on = ts;
        self
    }
}

/// A fee line.
pub fn fee(
    kind: &str,
    amount: i64,
    currency: &str,
    description: &str,
    application: Option<&str>,
) -> FeeDetail {
    FeeDetail {
        amount,
        application: application.map(str::to_owned),
        currency: currency.to_owned(),
        description: description.to_owned(),
        kind: kind.to_owned(),
    }
}

impl Ctx<'_> {
    /// Records `entry`; returns the `txn_` id. An `available_on` in the past (or 0) means
    /// available now.
    pub fn post(&mut self, entry: Entry) -> String {
        let now = self.now();
        let id = self.next_id("txn");
        let fee: i64 = entry.fee_details.iter().map(|f| f.amount).sum();
        let available_on = entry.available_on.max(now);
        let txn = BalanceTransaction {
            id: id.clone(),
            object: "balance_transaction".into(),
            amount: entry.amount,
            available_on,
            created: now,
            currency: entry.currency,
            description: entry.description,
            exchange_rate: None,
            fee,
            fee_details: entry.fee_details,
            net: entry.amount - fee,
            reporting_category: entry.reporting_category.into(),
            source: entry.source,
            status: if available_on <= now {
                "available"
            } else {
                "pending"
            }
            .into(),
            kind: entry.kind.into(),
        };
        self.db.balance_transactions.insert(&entry.account, txn);
        id
    }

    /// When funds charged now on `account` become available: midnight UTC after the account's
    /// payout delay.
    pub fn funds_available_on(&self, account: &str) -> i64 {
        let delay = self
            .db
            .accounts
            .row(account)
            .map(|r| r.value.delay_days())
            .unwrap_or(2);
        start_of_day(self.now()) + delay * DAY
    }
}

/// Available funds of `account` in `currency`.
pub fn available(db: &Db, account: &str, currency: &str) -> i64 {
    let now = db.now();
    db.balance_transactions
        .in_account(account)
        .filter(|t| t.currency == currency && t.available_on <= now)
        .map(|t| t.net)
        .sum()
}

/// Stripe's `balance` object for `account`.
pub fn balance(db: &Db, account: &str) -> Value {
    let now = db.now();
    let mut available: BTreeMap<String, i64> = BTreeMap::new();
    let mut pending: BTreeMap<String, i64> = BTreeMap::new();
    if let Some(row) = db.accounts.row(account) {
        available.insert(row.value.default_currency.clone(), 0);
        pending.insert(row.value.default_currency.clone(), 0);
    }
    for txn in db.balance_transactions.in_account(account) {
        let bucket = if txn.available_on <= now {
            &mut available
        } else {
            &mut pending
        };
        *bucket.entry(txn.currency.clone()).or_default() += txn.net;
        available.entry(txn.currency.clone()).or_default();
        pending.entry(txn.currency.clone()).or_default();
    }
    let amounts = |m: &BTreeMap<String, i64>| -> Vec<Value> {
        m.iter()
            .map(|(currency, amount)| json!({ "amount": amount, "currency": currency, "source_types": { "card": amount } }))
            .collect()
    };
    let mut out = json!({
        "object": "balance",
        "available": amounts(&available),
        "livemode": false,
        "pending": amounts(&pending),
    });
    if account == db.platform() {
        out["connect_reserved"] = available
            .keys()
            .map(|currency| json!({ "amount": 0, "currency": currency }))
            .collect();
    }
    out
}
