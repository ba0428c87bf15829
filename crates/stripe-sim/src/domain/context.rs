//! What every operation works with: the database, the environment and who is acting.

use crate::config::StripeFee;
use crate::model::EventRequest;
use crate::store::Db;

/// Settings fixed for the simulator's lifetime (plus whether webhooks are on right now).
#[derive(Debug, Clone)]
pub struct Env {
    /// `http://127.0.0.1:PORT`, for URLs the simulator hands out.
    pub base_url: String,
    pub stripe_fee: StripeFee,
    /// 1 while a webhook endpoint is configured (`SimConfig::with_webhook`, `/_sim/webhook`);
    /// new events add the registered endpoints that receive them.
    pub pending_webhooks: i64,
}

/// One operation's view: the database, the environment, the acting account and the request
/// (recorded on events).
pub struct Ctx<'a> {
    pub db: &'a mut Db,
    pub env: &'a Env,
    /// The platform, or the connected account named by `Stripe-Account`.
    pub account: String,
    pub request: EventRequest,
}

impl<'a> Ctx<'a> {
    /// A context acting as the platform, outside any request (ticks, test controls).
    pub fn system(db: &'a mut Db, env: &'a Env) -> Self {
        let account = db.platform().to_owned();
        Self {
            db,
            env,
            account,
            request: EventRequest::default(),
        }
    }

    pub fn now(&self) -> i64 {
        self.db.now()
    }

    pub fn platform(&self) -> String {
        self.db.platform().to_owned()
    }

    /// Whether the request acts as the platform (no `Stripe-Account`).
    pub fn is_platform(&self) -> bool {
        self.account == self.db.platform()
    }

    pub fn next_id(&mut self, prefix: &str) -> String {
        self.db.next_id(prefix)
    }
}
