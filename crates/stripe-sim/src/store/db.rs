//! All simulator state in one struct, guarded by one mutex in `Sim`.

use crate::clock::Clock;
use crate::ids;
use crate::model::*;
use crate::store::table::DirtyTable;
use crate::store::Table;

/// Every table plus global metadata. Events emitted by the current request collect in `outbox`
/// and go to the webhook endpoints after the request committed.
#[derive(Debug, Clone)]
pub struct Db {
    /// Where this simulator is reachable (not persisted: the port may change between runs).
    pub base_url: String,
    pub meta: Meta,
    pub meta_dirty: bool,
    pub accounts: Table<Account>,
    pub payment_intents: Table<PaymentIntent>,
    pub payment_methods: Table<PaymentMethod>,
    pub charges: Table<Charge>,
    pub refunds: Table<Refund>,
    pub transfers: Table<Transfer>,
    pub reversals: Table<TransferReversal>,
    pub payouts: Table<Payout>,
    pub balance_transactions: Table<BalanceTransaction>,
    pub disputes: Table<Dispute>,
    pub files: Table<FileObject>,
    pub file_contents: Table<FileContents>,
    pub events: Table<Event>,
    pub application_fees: Table<ApplicationFee>,
    pub fee_refunds: Table<FeeRefund>,
    pub account_links: Table<AccountLinkRecord>,
    pub sessions: Table<OnboardingSession>,
    pub login_links: Table<LoginLinkRecord>,
    pub oauth_grants: Table<OAuthGrant>,
    pub idempotency: Table<IdempotencyRecord>,
    pub webhook_endpoints: Table<WebhookEndpointRecord>,
    pub outbox: Vec<Event>,
}

impl Db {
    /// An empty database whose platform account will be `platform`.
    pub fn empty(platform: String) -> Self {
        Self {
            base_url: String::new(),
            meta: Meta {
                platform,
                seq: 0,
                clock: Clock::default(),
                verification_holds: Default::default(),
                link_ttl_secs: None,
                payout_failures: Default::default(),
            },
            meta_dirty: true,
            accounts: Table::default(),
            payment_intents: Table::default(),
            payment_methods: Table::default(),
            charges: Table::default(),
            refunds: Table::default(),
            transfers: Table::default(),
            reversals: Table::default(),
            payouts: Table::default(),
            balance_transactions: Table::default(),
            disputes: Table::default(),
            files: Table::default(),
            file_contents: Table::default(),
            events: Table::default(),
            application_fees: Table::default(),
            fee_refunds: Table::default(),
            account_links: Table::default(),
            sessions: Table::default(),
            login_links: Table::default(),
            oauth_grants: Table::default(),
            idempotency: Table::default(),
            webhook_endpoints: Table::default(),
            outbox: Vec::new(),
        }
    }

    /// Simulated now.
    pub fn now(&self) -> i64 {
        self.meta.clock.now()
    }

    /// The platform account's id.
    pub fn platform(&self) -> &str {
        &self.meta.platform
    }

    /// A new id with `prefix`, later than every id before it.
    pub fn next_id(&mut self, prefix: &str) -> String {
        self.meta.seq += 1;
        self.meta_dirty = true;
        ids::object_id(prefix, self.meta.seq)
    }

    /// Moves the clock forward.
    pub fn advance_clock(&mut self, secs: i64) {
        self.meta.clock.advance(secs);
        self.meta_dirty = true;
    }

    /// Whether anything changed since the last commit.
    pub fn has_changes(&mut self) -> bool {
        self.meta_dirty || self.tables_mut().iter().any(|t| t.is_dirty())
    }

    /// Every table, for persistence.
    pub fn tables_mut(&mut self) -> [&mut dyn DirtyTable; 21] {
        [
            &mut self.accounts,
            &mut self.payment_intents,
            &mut self.payment_methods,
            &mut self.charges,
            &mut self.refunds,
            &mut self.transfers,
            &mut self.reversals,
            &mut self.payouts,
            &mut self.balance_transactions,
            &mut self.disputes,
            &mut self.files,
            &mut self.file_contents,
            &mut self.events,
            &mut self.application_fees,
            &mut self.fee_refunds,
            &mut self.account_links,
            &mut self.sessions,
            &mut self.login_links,
            &mut self.oauth_grants,
            &mut self.idempotency,
            &mut self.webhook_endpoints,
        ]
    }

    /// Deletes every object and restarts the clock and sequence, with a new platform id.
    pub fn wipe(&mut self, platform: String) {
        for table in self.tables_mut() {
            table.clear_all();
        }
        self.meta = Meta {
            platform,
            seq: 0,
            clock: Clock::default(),
            verification_holds: Default::default(),
            link_ttl_secs: None,
            payout_failures: Default::default(),
        };
        self.meta_dirty = true;
        self.outbox.clear();
    }
}
