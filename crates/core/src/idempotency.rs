//! Durable idempotency keys for the Stripe client, in the app's sled store.
//!
//! A key is written and flushed before the first attempt of a money-moving or creating call, so
//! a retry, even after a crash, sends the same key and Stripe carries the operation out once.

use connectdesk_stripe::{IdempotencyKey, IdempotencyKeys, IdempotencyStoreError, OperationRef};
use serde::{Deserialize, Serialize};

use crate::store::Store;
use crate::time::now_iso;
use crate::Result;

const TREE: &str = "idempotency_keys";

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredKey {
    key: String,
    created_at: String,
    /// Set once Stripe answered definitively. The key is kept: sending the same operation again
    /// then replays Stripe's first answer instead of carrying it out twice.
    completed_at: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SledIdempotencyKeys {
    tree: sled::Tree,
}

impl SledIdempotencyKeys {
    pub fn open(store: &Store) -> Result<Self> {
        Ok(Self {
            tree: store.tree(TREE)?,
        })
    }

    fn flush(&self) -> Result<(), IdempotencyStoreError> {
        self.tree.flush().map(drop).map_err(store_error)
    }
}

fn store_error(err: impl std::error::Error + Send + Sync + 'static) -> IdempotencyStoreError {
    IdempotencyStoreError::with_source("the idempotency key store failed", err)
}

impl IdempotencyKeys for SledIdempotencyKeys {
    fn key_for(&self, operation: &OperationRef) -> Result<IdempotencyKey, IdempotencyStoreError> {
        let fresh = StoredKey {
            key: IdempotencyKey::generate()?.as_str().to_string(),
            created_at: now_iso(),
            completed_at: None,
        };
        let encoded = serde_json::to_vec(&fresh).map_err(store_error)?;
        // Compare-and-swap from "absent": two concurrent callers get the same stored key.
        let swapped = self
            .tree
            .compare_and_swap(operation.as_str(), None as Option<&[u8]>, Some(encoded))
            .map_err(store_error)?;
        let stored = match swapped {
            Ok(()) => fresh,
            Err(existing) => {
                let bytes = existing.current.ok_or_else(|| {
                    IdempotencyStoreError::new("an idempotency key vanished while being read")
                })?;
                serde_json::from_slice(&bytes).map_err(store_error)?
            }
        };
        self.flush()?;
        IdempotencyKey::from_stored(stored.key)
    }

    fn complete(&self, operation: &OperationRef) -> Result<(), IdempotencyStoreError> {
        let Some(bytes) = self.tree.get(operation.as_str()).map_err(store_error)? else {
            return Ok(());
        };
        let mut stored: StoredKey = serde_json::from_slice(&bytes).map_err(store_error)?;
        if stored.completed_at.is_none() {
            stored.completed_at = Some(now_iso());
            self.tree
                .insert(
                    operation.as_str(),
                    serde_json::to_vec(&stored).map_err(store_error)?,
                )
                .map_err(store_error)?;
            self.flush()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_survives_reopen_and_completion() {
        let dir = tempfile::tempdir().expect("temp dir");
        let operation = OperationRef::new("transfer/42").expect("operation");
        let first = {
            let keys =
                SledIdempotencyKeys::open(&Store::open(dir.path()).expect("open")).expect("keys");
            let key = keys.key_for(&operation).expect("key");
            assert_eq!(keys.key_for(&operation).expect("same key"), key);
            key
        };
        let keys =
            SledIdempotencyKeys::open(&Store::open(dir.path()).expect("reopen")).expect("keys");
        assert_eq!(keys.key_for(&operation).expect("after reopen"), first);
        keys.complete(&operation).expect("complete");
        assert_eq!(keys.key_for(&operation).expect("after completion"), first);
        let other = keys
            .key_for(&OperationRef::new("transfer/43").expect("operation"))
            .expect("other");
        assert_ne!(other, first);
    }
}
