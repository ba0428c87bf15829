//! Durable "pending create" intents: written before Stripe is asked to create an account and
//! closed once the entry is saved. An intent still open later means the account may exist at
//! Stripe without an entry (an orphan); the next create for that merchant, or a sync, adopts it.

use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};

use connectdesk_stripe::OperationRef;

use super::model::AccountKind;
use super::validate::ValidCreate;
use crate::query::{FilterInput, ListQuery};
use crate::store::{Collection, Field, Record, Store};
use crate::{CoreError, Result};

/// Metadata keys put on every account ConnectDesk creates, so an orphan can be found by listing.
pub const METADATA_MERCHANT: &str = "connectdesk_merchant";
pub const METADATA_INTENT: &str = "connectdesk_intent";
pub const METADATA_WORKSPACE: &str = "connectdesk_workspace";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CreateIntent {
    pub id: u64,
    /// Random, so accounts of two ConnectDesk installs on one platform never match each other's
    /// intents (ids restart at 1 in every store).
    pub token: String,
    pub workspace_id: u64,
    pub merchant_id: String,
    pub mode: u8,
    pub offline: bool,
    pub account_type: AccountKind,
    pub return_url: Option<String>,
    pub refresh_url: Option<String>,
    /// Set as soon as Stripe answered with the account.
    pub account_id: Option<String>,
    /// Unix seconds when recorded: bounds the search for its account at Stripe.
    pub recorded_unix: i64,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: String,
}

impl Record for CreateIntent {
    const COLLECTION: &'static str = "onboarding_intents";
    const LABEL: &'static str = "pending account creation";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::int("workspaceId").key(),
        Field::text("merchantId").filterable(),
    ];
}

impl CreateIntent {
    /// The durable idempotency reference of its Stripe create.
    pub fn operation(&self) -> connectdesk_stripe::Result<OperationRef> {
        OperationRef::new(format!("onboarding/create/{}", self.id))
    }

    /// Same Stripe (sandbox, test or live) as the context?
    pub fn same_place(&self, mode: u8, offline: bool) -> bool {
        self.mode == mode && self.offline == offline
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Intents {
    collection: Collection<CreateIntent>,
}

impl Intents {
    pub fn new(store: &Store) -> Result<Self> {
        Ok(Self {
            collection: store.collection()?,
        })
    }

    /// Records the intent (flushed) before Stripe is called.
    pub fn record(&self, valid: &ValidCreate, mode: u8, offline: bool) -> Result<CreateIntent> {
        self.collection.insert(CreateIntent {
            id: 0,
            token: token()?,
            workspace_id: valid.workspace_id,
            merchant_id: valid.merchant_id.clone(),
            mode,
            offline,
            account_type: valid.kind,
            return_url: valid.return_url.clone(),
            refresh_url: valid.refresh_url.clone(),
            account_id: None,
            recorded_unix: time::OffsetDateTime::now_utc().unix_timestamp(),
            created_at: String::new(),
            updated_at: String::new(),
            deleted_at: String::new(),
        })
    }

    pub fn attach_account(&self, id: u64, account_id: &str) -> Result<CreateIntent> {
        self.collection.update(id, |intent| {
            intent.account_id = Some(account_id.to_string());
            Ok(())
        })
    }

    /// Closes an intent whose create is settled (entry saved, or nothing created).
    pub fn close(&self, id: u64) -> Result<()> {
        self.collection.soft_delete(id).map(drop)
    }

    /// Closing can fail after the real work is done; an intent left open is only looked at again.
    pub fn close_quietly(&self, id: u64) {
        if let Err(err) = self.close(id) {
            tracing::warn!(intent = id, "could not close an onboarding intent: {err}");
        }
    }

    /// Open intents of a workspace, oldest first; of one merchant when `merchant_id` is given.
    pub fn open(&self, workspace_id: u64, merchant_id: Option<&str>) -> Result<Vec<CreateIntent>> {
        let mut filters = vec![filter("workspaceId", &workspace_id.to_string())];
        if let Some(merchant) = merchant_id {
            filters.push(filter("merchantId", merchant));
        }
        let mut query = ListQuery {
            size: Some("300".into()),
            filters,
            ..ListQuery::default()
        };
        let mut open = Vec::new();
        loop {
            let page = self.collection.list(&query)?;
            // Text filters ignore case; merchant ids do not.
            open.extend(
                page.items
                    .into_iter()
                    .filter(|intent| merchant_id.is_none_or(|id| intent.merchant_id == id)),
            );
            match page.next_page_token {
                Some(token) => query.page_token = Some(token),
                None => return Ok(open),
            }
        }
    }
}

fn filter(field: &str, value: &str) -> FilterInput {
    FilterInput {
        field: field.into(),
        op: "eq".into(),
        value: value.into(),
    }
}

fn token() -> Result<String> {
    let mut bytes = [0u8; 12];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| CoreError::internal("The system random number generator failed."))?;
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    Ok(format!("oi_{hex}"))
}
