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
        let key = (workspace_id, merchant_id.to_string());
        if !self.lock().insert(key.clone()) {
            return Err(CoreError::on_field(
                ErrorCode::Conflict,
                "merchantId",
                "An account for this merchant is being created right now; wait for it to finish.",
            ));
        }
        Ok(Claim {
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
