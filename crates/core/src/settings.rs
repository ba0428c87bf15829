//! Small typed settings that outlive restarts, in one tree of the store.

use std::collections::BTreeMap;
use std::marker::PhantomData;

use serde::{de::DeserializeOwned, Serialize};
use sled::transaction::TransactionalTree;

use crate::journal::DEFAULT_RETENTION_DAYS;
use crate::store::{abort, Collection, Store, TxResult};
use crate::workspaces::Workspace;
use crate::{CoreError, ErrorCode, Result};

const TREE: &str = "settings";

/// A setting's key and the type of its value (stored as JSON).
struct Key<T> {
    name: &'static str,
    value: PhantomData<fn() -> T>,
}

impl<T> Key<T> {
    const fn new(name: &'static str) -> Self {
        Self {
            name,
            value: PhantomData,
        }
    }
}

const ACTIVE_WORKSPACE: Key<u64> = Key::new("activeWorkspace");
/// On until the user switches it off (allowed once a real connection exists).
const SANDBOX_ENABLED: Key<bool> = Key::new("sandboxEnabled");
/// Days settled operations stay in the journal (default [`DEFAULT_RETENTION_DAYS`]).
const OPERATION_RETENTION_DAYS: Key<u32> = Key::new("operationRetentionDays");
/// The local webhook receiver's port on 127.0.0.1 (default [`DEFAULT_WEBHOOK_PORT`]).
const WEBHOOK_PORT: Key<u16> = Key::new("webhookPort");
/// Unassigned by IANA and far from the ports dev servers pick, so it rarely collides.
pub const DEFAULT_WEBHOOK_PORT: u16 = 47_821;
/// The operator this installation works as, across restarts.
const ACTIVE_OPERATOR: Key<u64> = Key::new("activeOperator");
/// Per workspace, under `activeConnection/<workspace id>`: the chosen connection's bizId.
const ACTIVE_CONNECTION_PREFIX: &str = "activeConnection/";
/// Per workspace, under `supportRefundLimits/<workspace id>`: currency → minor units.
const SUPPORT_REFUND_LIMITS_PREFIX: &str = "supportRefundLimits/";

#[derive(Clone)]
pub struct Settings {
    tree: sled::Tree,
    workspaces: Collection<Workspace>,
}

impl std::fmt::Debug for Settings {
    // sled's own Debug prints the tree's contents.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings").finish_non_exhaustive()
    }
}

impl Settings {
    pub fn open(store: &Store) -> Result<Settings> {
        Ok(Settings {
            tree: store.tree(TREE)?,
            workspaces: store.collection()?,
        })
    }

    pub fn active_operator(&self) -> Result<Option<u64>> {
        self.get(&ACTIVE_OPERATOR)
    }

    pub fn set_active_operator(&self, id: Option<u64>) -> Result<()> {
        self.put(&ACTIVE_OPERATOR, id.as_ref())
    }

    /// How many days settled Stripe writes stay in the operations journal.
    pub fn operation_retention_days(&self) -> Result<u32> {
        Ok(self
            .get(&OPERATION_RETENTION_DAYS)?
            .unwrap_or(DEFAULT_RETENTION_DAYS))
    }

    /// A whole number of days from 1 to 3,650, as typed; anything else is refused on the field
    /// `days`. Stripe keeps keys only for a day, so even one day keeps every key the journal
    /// might replay.
    pub fn set_operation_retention_days(&self, days: &str) -> Result<u32> {
        let days = days
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|days| (1..=3_650).contains(days))
            .ok_or_else(|| {
                CoreError::on_field(
                    ErrorCode::InvalidValue,
                    "days",
                    "Enter a whole number of days from 1 to 3650.",
                )
            })?;
        self.put(&OPERATION_RETENTION_DAYS, Some(&days))?;
        Ok(days)
    }

    pub fn webhook_port(&self) -> Result<u16> {
        Ok(self.get(&WEBHOOK_PORT)?.unwrap_or(DEFAULT_WEBHOOK_PORT))
    }

    /// A port from 1024 to 65535, as typed; anything else is refused on the field `port`
    /// (lower ports need administrator rights).
    pub fn set_webhook_port(&self, port: &str) -> Result<u16> {
        let port = port
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|port| *port >= 1024)
            .ok_or_else(|| {
                CoreError::on_field(
                    ErrorCode::InvalidValue,
                    "port",
                    "Enter a port number from 1024 to 65535.",
                )
            })?;
        self.put(&WEBHOOK_PORT, Some(&port))?;
        Ok(port)
    }

    /// The workspace the app last worked in; `None` when none was chosen or it has been
    /// deleted since.
    pub fn active_workspace(&self) -> Result<Option<u64>> {
        let Some(id) = self.get(&ACTIVE_WORKSPACE)? else {
            return Ok(None);
        };
        match self.workspaces.get(id) {
            Ok(_) => Ok(Some(id)),
            Err(err) if err.code == ErrorCode::NotFound => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// Remembers the active workspace (`None` forgets it); `notFound` unless it exists and
    /// is not deleted.
    pub fn set_active_workspace(&self, id: Option<u64>) -> Result<()> {
        match id {
            Some(id) => {
                self.workspaces.get(id)?;
                self.put(&ACTIVE_WORKSPACE, Some(&id))
            }
            None => self.put(&ACTIVE_WORKSPACE, None),
        }
    }

    pub fn sandbox_enabled(&self) -> Result<bool> {
        Ok(self.get(&SANDBOX_ENABLED)?.unwrap_or(true))
    }

    pub fn set_sandbox_enabled(&self, enabled: bool) -> Result<()> {
        self.put(&SANDBOX_ENABLED, Some(&enabled))
    }

    /// The bizId of the connection the workspace works through, if one was chosen.
    pub fn active_connection(&self, workspace_id: u64) -> Result<Option<String>> {
        self.get_named(&format!("{ACTIVE_CONNECTION_PREFIX}{workspace_id}"))
    }

    pub fn set_active_connection(&self, workspace_id: u64, biz_id: Option<&str>) -> Result<()> {
        self.put_named(&format!("{ACTIVE_CONNECTION_PREFIX}{workspace_id}"), biz_id)
    }

    /// What Support may refund per payment in the workspace, per currency (minor units); a
    /// currency not named is 0: no refunds.
    pub fn support_refund_limits(&self, workspace_id: u64) -> Result<BTreeMap<String, i64>> {
        Ok(self
            .get_named(&format!("{SUPPORT_REFUND_LIMITS_PREFIX}{workspace_id}"))?
            .unwrap_or_default())
    }

    pub fn set_support_refund_limits(
        &self,
        workspace_id: u64,
        limits: &BTreeMap<String, i64>,
    ) -> Result<()> {
        let name = format!("{SUPPORT_REFUND_LIMITS_PREFIX}{workspace_id}");
        self.put_named(&name, Some(limits).filter(|limits| !limits.is_empty()))
    }

    /// The tree, for a write that spans it and collections ([`crate::store::transact`]).
    pub(crate) fn tree(&self) -> &sled::Tree {
        &self.tree
    }

    /// Inside a write over [`Settings::tree`]: forgets `id` if it is the active workspace
    /// (leaving any other choice alone) and forgets its chosen connection.
    pub(crate) fn forget_workspace_in(tree: &TransactionalTree, id: u64) -> TxResult<()> {
        let current = encode(&id).or_else(abort)?;
        // Read in the transaction, so a concurrent choice of another workspace is not undone.
        if tree.get(ACTIVE_WORKSPACE.name)?.as_deref() == Some(&current[..]) {
            tree.remove(ACTIVE_WORKSPACE.name)?;
        }
        tree.remove(format!("{ACTIVE_CONNECTION_PREFIX}{id}").as_bytes())?;
        tree.remove(format!("{SUPPORT_REFUND_LIMITS_PREFIX}{id}").as_bytes())?;
        Ok(())
    }

    fn get<T: DeserializeOwned>(&self, key: &Key<T>) -> Result<Option<T>> {
        self.get_named(key.name)
    }

    fn put<T: Serialize>(&self, key: &Key<T>, value: Option<&T>) -> Result<()> {
        self.put_named(key.name, value)
    }

    fn get_named<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>> {
        let Some(raw) = self.tree.get(name)? else {
            return Ok(None);
        };
        serde_json::from_slice(&raw).map(Some).map_err(|err| {
            CoreError::new(
                ErrorCode::StoreCorrupt,
                format!("The setting `{name}` is damaged ({err})."),
            )
        })
    }

    fn put_named<T: Serialize + ?Sized>(&self, name: &str, value: Option<&T>) -> Result<()> {
        match value {
            Some(value) => self.tree.insert(name, encode(value)?)?,
            None => self.tree.remove(name)?,
        };
        self.tree.flush()?;
        Ok(())
    }
}

fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value)
        .map_err(|err| CoreError::internal(format!("Cannot encode a setting: {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_retention_defaults_to_ninety_days_and_takes_whole_days_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let settings = Settings::open(&Store::open(dir.path()).expect("store")).expect("settings");
        assert_eq!(settings.operation_retention_days().expect("read"), 90);
        for bad in ["", "0", "3651", "2.5", "-1", "ten", "1e3"] {
            let err = settings.set_operation_retention_days(bad).expect_err(bad);
            assert_eq!(
                (err.code, err.field.as_deref()),
                (ErrorCode::InvalidValue, Some("days")),
                "{bad:?}"
            );
            assert_eq!(settings.operation_retention_days().expect("read"), 90);
        }
        assert_eq!(
            settings.set_operation_retention_days(" 30 ").expect("set"),
            30
        );
        assert_eq!(settings.operation_retention_days().expect("read"), 30);
    }
}
