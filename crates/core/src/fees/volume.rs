//! Where a merchant's monthly volume comes from, for choosing its tier.

use crate::Result;

/// A merchant's volume: whole major units of its succeeded payments in `currency` during the
/// current calendar month (UTC), before the payment being quoted. The payments service
/// implements it from the payments it has recorded.
pub trait VolumeSource {
    fn month_volume(&self, workspace_id: u64, merchant_id: &str, currency: &str) -> Result<i64>;
}

/// The volume source while the Desk records no payments: every merchant's volume is 0. The
/// payments service provides the real one.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoPayments;

impl VolumeSource for NoPayments {
    fn month_volume(&self, _workspace_id: u64, _merchant_id: &str, _currency: &str) -> Result<i64> {
        Ok(0)
    }
}
