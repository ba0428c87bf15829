//! The data key of this data directory, shared by every service that seals secrets.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use connectdesk_secrets::{Cipher, DataKeyProvider, KeyScheme, KeyStatus, KeyringBackend, Secret};
use serde::Serialize;
use specta::Type;

use crate::{CoreError, ErrorCode, Result};

/// What the app must do before secrets can be read or written; the UI shows it in Settings and
/// asks for a passphrase when needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum VaultState {
    /// The data key is loaded. `scheme` is "os-keyring" or "passphrase".
    Unlocked { scheme: String },
    /// No OS secret store could be used: the user chooses a passphrase (first start).
    #[serde(rename_all = "camelCase")]
    NoSecretStore { store: String, reason: String },
    /// The key is derived from a passphrase: ask for it.
    NeedsPassphrase,
    /// The key cannot be loaded; nothing was changed.
    Unavailable { reason: String },
}

/// The passphrase the user typed; it never prints.
#[derive(Debug, Clone, serde::Deserialize, Type)]
pub struct UnlockSecrets {
    #[specta(type = String)]
    pub passphrase: Secret,
}

pub struct Vault {
    provider: std::result::Result<Mutex<DataKeyProvider>, CoreError>,
}

impl Vault {
    /// Never fails: a key store that cannot be opened leaves the vault `Unavailable` with the
    /// reason, so the rest of the app still works.
    pub fn open(data_dir: &Path, backend: &dyn KeyringBackend) -> Vault {
        let provider = DataKeyProvider::open(data_dir, backend)
            .map(Mutex::new)
            .map_err(secrets_error);
        if let Err(err) = &provider {
            tracing::warn!("secrets are unavailable: {}", err.message);
        }
        Vault { provider }
    }

    pub fn state(&self) -> VaultState {
        match self.lock() {
            Ok(provider) => match provider.status() {
                KeyStatus::Unlocked { scheme } => VaultState::Unlocked {
                    scheme: match scheme {
                        KeyScheme::OsKeyring => "os-keyring".into(),
                        KeyScheme::Passphrase => "passphrase".into(),
                    },
                },
                KeyStatus::NoSecretStore { store, reason } => VaultState::NoSecretStore {
                    store: store.into(),
                    reason,
                },
                KeyStatus::NeedsPassphrase => VaultState::NeedsPassphrase,
            },
            Err(err) => VaultState::Unavailable {
                reason: err.message,
            },
        }
    }

    pub fn unlock_with_passphrase(&self, passphrase: &Secret) -> Result<VaultState> {
        self.lock()?
            .unlock_with_passphrase(passphrase)
            .map_err(|err| {
                let mut error = secrets_error(err);
                error.field = Some("passphrase".into());
                error
            })?;
        Ok(self.state())
    }

    pub fn cipher(&self) -> Result<Arc<Cipher>> {
        self.lock()?.cipher().map_err(secrets_error)
    }

    fn lock(&self) -> Result<MutexGuard<'_, DataKeyProvider>> {
        let provider = self.provider.as_ref().map_err(Clone::clone)?;
        provider.lock().map_err(|_| {
            CoreError::internal(
                "The key store lock was poisoned by an earlier failure; restart ConnectDesk.",
            )
        })
    }
}

/// The secrets layer's messages never contain secret material, so they can be shown as they are.
pub fn secrets_error(err: connectdesk_secrets::Error) -> CoreError {
    use connectdesk_secrets::Error;
    let code = match err {
        Error::Locked => ErrorCode::Locked,
        Error::WrongPassphrase | Error::PassphraseTooShort { .. } => ErrorCode::InvalidValue,
        _ => ErrorCode::InternalError,
    };
    CoreError::new(code, crate::stripe_gateway::sentence(&err.to_string()))
}
