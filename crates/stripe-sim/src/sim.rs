//! The shared simulator: state behind one mutex, persistence, faults, webhooks, request log.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::Serialize;

use crate::config::{ApiKeyPolicy, StripeFee, WebhookEndpoint};
use crate::control::faults::Faults;
use crate::domain::{accounts, tick, Ctx, Env};
use crate::error::Error;
use crate::model::{Event, EventRequest};
use crate::store::{Db, Persist};
use crate::webhook::{self, WebhookHub};

/// How many requests the request log keeps.
const REQUEST_LOG_SIZE: usize = 500;

/// One served API request, for `/_sim/requests`.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedRequest {
    pub id: String,
    pub method: String,
    pub path: String,
    pub account: Option<String>,
    pub idempotency_key: Option<String>,
    pub status: u16,
    pub created: i64,
}

/// Everything the HTTP handlers share.
pub struct Sim {
    db: Mutex<Db>,
    persist: Option<Persist>,
    pub base_url: String,
    pub stripe_fee: StripeFee,
    pub api_keys: ApiKeyPolicy,
    pub faults: Mutex<Faults>,
    pub webhooks: WebhookHub,
    requests: Mutex<VecDeque<LoggedRequest>>,
}

/// Locks a mutex, recovering the data if a previous holder panicked (state stays usable).
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Sim {
    /// Loads state from `persist` (or starts fresh) and builds the simulator.
    pub fn new(
        persist: Option<Persist>,
        base_url: String,
        stripe_fee: StripeFee,
        api_keys: ApiKeyPolicy,
        webhooks: WebhookHub,
    ) -> Result<Self, Error> {
        let loaded = match &persist {
            Some(p) => p.load()?,
            None => None,
        };
        let mut db = loaded.unwrap_or_else(accounts::fresh_db);
        db.base_url = base_url.clone();
        if let Some(p) = &persist {
            p.save(&mut db)?;
        }
        Ok(Self {
            db: Mutex::new(db),
            persist,
            base_url,
            stripe_fee,
            api_keys,
            faults: Mutex::new(Faults::default()),
            webhooks,
            requests: Mutex::new(VecDeque::new()),
        })
    }

    fn env(&self) -> Env {
        Env {
            base_url: self.base_url.clone(),
            stripe_fee: self.stripe_fee,
            pending_webhooks: i64::from(self.webhooks.endpoint().is_some()),
        }
    }

    /// Runs `f` on the state, acting as `account` (the platform when `None`), after applying
    /// the passage of time; then persists what changed and queues new events for the webhook endpoints.
    pub fn with_ctx<R>(
        &self,
        account: Option<&str>,
        request: EventRequest,
        f: impl FnOnce(&mut Ctx<'_>) -> R,
    ) -> R {
        let env = self.env();
        let mut db = lock(&self.db);
        tick::run(&mut Ctx::system(&mut db, &env));
        self.commit(&mut db);
        let account = account
            .map(str::to_owned)
            .unwrap_or_else(|| db.platform().to_owned());
        let result = {
            let mut ctx = Ctx {
                db: &mut db,
                env: &env,
                account,
                request,
            };
            f(&mut ctx)
        };
        self.commit(&mut db);
        result
    }

    /// The connected account an OAuth access token acts on, if `key` is one.
    pub fn oauth_account(&self, key: &str) -> Option<String> {
        let digest = crate::oauth::token_digest(key);
        lock(&self.db)
            .oauth_grants
            .rows()
            .find(|row| row.value.access_token == digest)
            .map(|row| row.value.account.clone())
    }

    /// Applies due time-based changes (called once a second by the ticker).
    pub fn tick(&self) {
        self.with_ctx(None, EventRequest::default(), |_| ());
    }

    /// Moves the clock forward and applies what became due.
    pub fn advance_clock(&self, secs: i64) -> i64 {
        self.with_ctx(None, EventRequest::default(), |ctx| {
            ctx.db.advance_clock(secs)
        });
        self.with_ctx(None, EventRequest::default(), |ctx| ctx.now())
    }

    /// Deletes all state (a new platform account is created) and clears the faults.
    pub fn reset(&self) {
        let mut db = lock(&self.db);
        db.wipe(String::new());
        accounts::init_platform(&mut db);
        self.commit(&mut db);
        *lock(&self.faults) = Faults::default();
    }

    /// Persists changes and hands new events to the webhook sender.
    fn commit(&self, db: &mut Db) {
        match &self.persist {
            Some(p) => {
                if let Err(err) = p.save(db) {
                    tracing::error!(error = %err, "could not persist simulator state; will retry");
                }
            }
            None => {
                db.meta_dirty = false;
                for table in db.tables_mut() {
                    table.mark_clean();
                }
            }
        }
        let events: Vec<Event> = db.outbox.drain(..).collect();
        for event in events {
            let registered = webhook::registered_targets(db, &event);
            self.webhooks.enqueue(&event, registered);
        }
    }

    /// Flushes storage to disk.
    pub fn flush(&self) -> Result<(), Error> {
        match &self.persist {
            Some(p) => p.flush(),
            None => Ok(()),
        }
    }

    /// Records a served request.
    pub fn log_request(&self, entry: LoggedRequest) {
        let mut log = lock(&self.requests);
        if log.len() >= REQUEST_LOG_SIZE {
            log.pop_front();
        }
        log.push_back(entry);
    }

    /// Served requests, newest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        lock(&self.requests).iter().rev().cloned().collect()
    }

    /// Replaces the webhook endpoint.
    pub fn set_webhook(&self, endpoint: Option<WebhookEndpoint>) {
        self.webhooks.set_endpoint(endpoint);
    }
}
