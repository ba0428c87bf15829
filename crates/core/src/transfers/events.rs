//! Transfer events (`transfer.created`, `transfer.updated`, `transfer.reversed`): the transfer
//! and its reversals are read again from the Stripe the event came from, so a late or repeated
//! event never moves a stored transfer back. A transfer made outside ConnectDesk to an account a
//! workspace onboarded is stored in that workspace, as a sync would; one ConnectDesk made is
//! left to its create.

use super::remote::{apply, new_transfer};
use super::service::{all_reversals, read_failure, Transfers};
use super::Transfer;
use crate::journal::METADATA_OPERATION;
use crate::query::{every_page, FilterInput, ListQuery};
use crate::stripe_access::StripeContext;
use crate::Result;

impl Transfers {
    /// The stored transfers the event updated (or stored), one per workspace that keeps it.
    pub(crate) async fn apply_transfer_event(
        &self,
        platform: &StripeContext,
        transfer_id: &str,
    ) -> Result<Vec<Transfer>> {
        let transfer = platform
            .client
            .retrieve_transfer(transfer_id)
            .await
            .map_err(|err| read_failure(&err, platform))?;
        let reversals = all_reversals(platform, &transfer).await?;
        let query = ListQuery {
            filters: vec![FilterInput::eq("transferId", transfer_id)],
            ..ListQuery::default()
        };
        let place = (platform.mode_code(), platform.offline());
        let known: Vec<Transfer> = every_page(&query, |page| self.transfers.list(page))?
            .into_iter()
            .filter(|stored| (stored.mode, stored.offline) == place)
            .collect();
        if known.is_empty() {
            // One ConnectDesk sent is stored by its create (or the journal's recovery), which
            // may still be on its way: storing it here too would keep it twice.
            if transfer.metadata.contains_key(METADATA_OPERATION) {
                return Ok(Vec::new());
            }
            let Some(account) = transfer.destination.as_deref() else {
                return Ok(Vec::new());
            };
            let Some(entry) = self.entry_for_account(account, place)? else {
                return Ok(Vec::new());
            };
            let stored = self.transfers.insert(new_transfer(
                entry.workspace_id,
                &transfer,
                &reversals,
                Some(entry.merchant_id),
                platform,
            ))?;
            return Ok(vec![stored]);
        }
        known
            .into_iter()
            .map(|stored| {
                self.transfers.update(stored.id, |record| {
                    apply(record, &transfer, &reversals);
                    Ok(())
                })
            })
            .collect()
    }
}
