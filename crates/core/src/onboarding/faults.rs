//! A fault-injection point for tests of the orphan path: the local save of a new entry fails
//! after Stripe created the account, as a full disk would make it.
//!
//! Only [`super::Onboarding::with_save_faults`] takes one; [`super::Onboarding::new`] builds a
//! disarmed point that nothing can reach, so production code cannot trip it.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use crate::{CoreError, Result};

#[derive(Debug, Clone, Default)]
pub struct SaveFaults {
    remaining: Arc<AtomicU32>,
}

impl SaveFaults {
    pub fn new() -> Self {
        Self::default()
    }

    /// The next `count` saves of new entries fail.
    pub fn fail_next(&self, count: u32) {
        self.remaining.store(count, Ordering::SeqCst);
    }

    /// Fails (and counts down) while armed.
    pub(crate) fn check(&self) -> Result<()> {
        let armed = self
            .remaining
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
                left.checked_sub(1)
            })
            .is_ok();
        if armed {
            return Err(CoreError::internal(
                "Injected fault: the entry was not saved.",
            ));
        }
        Ok(())
    }
}
