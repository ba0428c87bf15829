//! The data key of this data directory, shared by every service that seals secrets.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use connectdesk_secrets::{Cipher, DataKeyProvider, KeyStatus, KeyringBackend, Secret};

use crate::{CoreError, ErrorCode, Result};

pub struct Vault {
    provider: Mutex<DataKeyProvider>,
}

impl Vault {
    pub fn open(data_dir: &Path, backend: &dyn KeyringBackend) -> Result<Vault> {
        let provider = DataKeyProvider::open(data_dir, backend).map_err(secrets_error)?;
        Ok(Vault {
            provider: Mutex::new(provider),
        })
    }

    pub fn status(&self) -> Result<KeyStatus> {
        Ok(self.lock()?.status())
    }

    pub fn unlock_with_passphrase(&self, passphrase: &Secret) -> Result<KeyStatus> {
        let mut provider = self.lock()?;
        provider.unlock_with_passphrase(passphrase).map_err(|err| {
            let mut error = secrets_error(err);
            error.field = Some("passphrase".into());
            error
        })?;
        Ok(provider.status())
    }

    pub fn cipher(&self) -> Result<Arc<Cipher>> {
        self.lock()?.cipher().map_err(secrets_error)
    }

    fn lock(&self) -> Result<MutexGuard<'_, DataKeyProvider>> {
        self.provider.lock().map_err(|_| {
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
    CoreError::new(code, capitalise(&err.to_string()))
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
