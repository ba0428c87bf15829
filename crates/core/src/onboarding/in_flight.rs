//! Creates running right now, per merchant: a double click must not create two accounts, and a
//! sync must not adopt an account whose create is still on its way.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::{CoreError, ErrorCode, Result};

type Key = (u64, String);

#[derive(Debug, Clone, Default)]
pub(crate) struct InFlight {
    running: Arc<Mutex<HashSet<Key>>>,
}

impl InFlight {
    /// Marks a create for this merchant as running until the claim is dropped.
    pub fn claim(&self, workspace_id: u64, merchant_id: &str) -> Result<Claim> {
        self.try_claim(workspace_id, merchant_id).ok_or_else(|| {
            CoreError::on_field(
                ErrorCode::Conflict,
                "merchantId",
                "An account for this merchant is being created right now; wait for it to finish.",
            )
        })
    }

    /// Marks `(workspace_id, what)` as running until the claim is dropped; `None` while it
    /// already runs. Other work that must not run twice at once (a workspace's account sync)
    /// claims its own names.
    pub fn try_claim(&self, workspace_id: u64, what: &str) -> Option<Claim> {
        let key = (workspace_id, what.to_string());
        self.lock().insert(key.clone()).then(|| Claim {
            running: self.clone(),
            key,
        })
    }

    pub fn contains(&self, workspace_id: u64, merchant_id: &str) -> bool {
        self.lock()
            .contains(&(workspace_id, merchant_id.to_string()))
    }

    // The set stays consistent whatever panicked while holding it: take it back.
    fn lock(&self) -> MutexGuard<'_, HashSet<Key>> {
        self.running.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[derive(Debug)]
pub(crate) struct Claim {
    running: InFlight,
    key: Key,
}

impl Drop for Claim {
    fn drop(&mut self) {
        self.running.lock().remove(&self.key);
    }
}
