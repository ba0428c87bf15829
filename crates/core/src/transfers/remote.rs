//! What Stripe says about a transfer, written into the stored [`Transfer`].

use connectdesk_stripe::transfer_reversals::TransferReversal;
use connectdesk_stripe::transfers::Transfer as StripeTransfer;

use super::model::{Reversal, Transfer, TransferStatus};
use crate::journal::METADATA_OPERATION;
use crate::stripe_access::StripeContext;
use crate::time::{iso_from_unix, now_iso};

/// A new record for a transfer ConnectDesk has not stored yet in this workspace.
pub(super) fn new_transfer(
    workspace_id: u64,
    transfer: &StripeTransfer,
    reversals: &[TransferReversal],
    merchant_id: Option<String>,
    ctx: &StripeContext,
) -> Transfer {
    let mut record = Transfer {
        id: 0,
        workspace_id,
        transfer_id: transfer.id.clone(),
        account_id: String::new(),
        merchant_id,
        amount: 0,
        amount_reversed: 0,
        currency: String::new(),
        status: TransferStatus::Paid,
        description: None,
        metadata: Default::default(),
        reversals: Vec::new(),
        source_transaction: None,
        transfer_group: None,
        destination_payment: None,
        made_here: false,
        mode: ctx.mode_code(),
        offline: ctx.offline(),
        created: String::new(),
        created_at: String::new(),
        updated_at: String::new(),
        deleted_at: String::new(),
    };
    apply(&mut record, transfer, reversals);
    record
}

/// Copies the transfer's state and its reversals (`reversals`: all of them, newest first).
/// Descriptions typed here stay: Stripe does not return a reversal's description.
pub(super) fn apply(
    record: &mut Transfer,
    transfer: &StripeTransfer,
    reversals: &[TransferReversal],
) {
    record.account_id = transfer.destination.clone().unwrap_or_default();
    record.amount = transfer.amount;
    record.amount_reversed = transfer.amount_reversed;
    record.currency = transfer.currency.to_ascii_lowercase();
    record.status = TransferStatus::of(transfer.amount, transfer.amount_reversed);
    record.description = transfer.description.clone().filter(|d| !d.is_empty());
    record.made_here = transfer.metadata.contains_key(METADATA_OPERATION);
    record.metadata = transfer.metadata.clone();
    record.source_transaction = transfer.source_transaction.clone();
    record.transfer_group = transfer.transfer_group.clone();
    record.destination_payment = transfer.destination_payment.clone();
    record.created = iso_from_unix(transfer.created).unwrap_or_else(now_iso);
    let described = std::mem::take(&mut record.reversals);
    record.reversals = reversals
        .iter()
        .map(|reversal| {
            let mut line = reversal_line(reversal, None);
            line.description = described
                .iter()
                .find(|known| known.id == reversal.id)
                .and_then(|known| known.description.clone());
            line
        })
        .collect();
}

pub(super) fn reversal_line(reversal: &TransferReversal, description: Option<String>) -> Reversal {
    Reversal {
        id: reversal.id.clone(),
        amount: reversal.amount,
        description,
        source_refund: reversal.source_refund.clone(),
        created: iso_from_unix(reversal.created).unwrap_or_else(now_iso),
    }
}
