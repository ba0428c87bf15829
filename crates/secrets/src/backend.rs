//! Where the data key lives when a passphrase is not used: the OS secret store, behind a small
//! trait so tests can substitute their own store.

use std::fmt;

use zeroize::{Zeroize, Zeroizing};

/// An OS secret store as the provider sees it: string values under (service, account).
///
/// Implementations must not log or return values in errors.
pub trait KeyringBackend {
    /// The store's name for messages, e.g. "Secret Service".
    fn store_name(&self) -> &'static str;

    /// The value under (service, account); `Ok(None)` if there is no such entry.
    fn get(&self, service: &str, account: &str) -> Result<Option<Zeroizing<String>>, BackendError>;

    /// Stores `value` under (service, account), replacing any previous value.
    fn set(&self, service: &str, account: &str, value: &str) -> Result<(), BackendError>;

    /// Deletes the entry; deleting an absent entry is not an error.
    fn delete(&self, service: &str, account: &str) -> Result<(), BackendError>;
}

/// Why a secret store call failed: the store's own message, never a stored value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendError(String);

impl BackendError {
    /// A failure described by `message` (which must not contain secret material).
    pub fn new(message: impl Into<String>) -> Self {
        BackendError(message.into())
    }

    /// The description.
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BackendError {}

/// The platform's secret store through the `keyring` crate: Secret Service over D-Bus on Linux and
/// the BSDs (GNOME Keyring, KWallet), the Keychain on macOS and iOS, the Credential Manager on
/// Windows. The platform credential is built explicitly, so keyring's in-memory mock store can
/// never be used by accident; on any other platform every call fails and a passphrase is offered.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsKeyring;

impl OsKeyring {
    /// The platform's secret store.
    pub fn new() -> Self {
        OsKeyring
    }
}

impl KeyringBackend for OsKeyring {
    fn store_name(&self) -> &'static str {
        platform::STORE_NAME
    }

    fn get(&self, service: &str, account: &str) -> Result<Option<Zeroizing<String>>, BackendError> {
        match platform::entry(service, account)?.get_password() {
            Ok(value) => Ok(Some(Zeroizing::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(describe(err)),
        }
    }

    fn set(&self, service: &str, account: &str, value: &str) -> Result<(), BackendError> {
        platform::entry(service, account)?
            .set_password(value)
            .map_err(describe)
    }

    fn delete(&self, service: &str, account: &str) -> Result<(), BackendError> {
        match platform::entry(service, account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(describe(err)),
        }
    }
}

/// Turns a keyring error into a message that carries no stored bytes.
fn describe(err: keyring::Error) -> BackendError {
    match err {
        keyring::Error::BadEncoding(mut bytes) => {
            bytes.zeroize();
            BackendError::new("the stored entry is not UTF-8 text")
        }
        keyring::Error::Ambiguous(matches) => BackendError::new(format!(
            "{} entries in the secret store match",
            matches.len()
        )),
        other => BackendError::new(other.to_string()),
    }
}

#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
mod platform {
    use super::{describe, BackendError};

    pub(super) const STORE_NAME: &str = "Secret Service";

    pub(super) fn entry(service: &str, account: &str) -> Result<keyring::Entry, BackendError> {
        let credential =
            keyring::secret_service::SsCredential::new_with_target(None, service, account)
                .map_err(describe)?;
        Ok(keyring::Entry::new_with_credential(Box::new(credential)))
    }
}

#[cfg(target_os = "macos")]
mod platform {
    use super::{describe, BackendError};

    pub(super) const STORE_NAME: &str = "macOS Keychain";

    pub(super) fn entry(service: &str, account: &str) -> Result<keyring::Entry, BackendError> {
        let credential = keyring::macos::MacCredential::new_with_target(None, service, account)
            .map_err(describe)?;
        Ok(keyring::Entry::new_with_credential(Box::new(credential)))
    }
}

#[cfg(target_os = "ios")]
mod platform {
    use super::{describe, BackendError};

    pub(super) const STORE_NAME: &str = "iOS Keychain";

    pub(super) fn entry(service: &str, account: &str) -> Result<keyring::Entry, BackendError> {
        let credential = keyring::ios::IosCredential::new_with_target(None, service, account)
            .map_err(describe)?;
        Ok(keyring::Entry::new_with_credential(Box::new(credential)))
    }
}

#[cfg(target_os = "windows")]
mod platform {
    use super::{describe, BackendError};

    pub(super) const STORE_NAME: &str = "Windows Credential Manager";

    pub(super) fn entry(service: &str, account: &str) -> Result<keyring::Entry, BackendError> {
        let credential = keyring::windows::WinCredential::new_with_target(None, service, account)
            .map_err(describe)?;
        Ok(keyring::Entry::new_with_credential(Box::new(credential)))
    }
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "macos",
    target_os = "ios",
    target_os = "windows",
)))]
mod platform {
    use super::BackendError;

    pub(super) const STORE_NAME: &str = "none";

    pub(super) fn entry(_service: &str, _account: &str) -> Result<keyring::Entry, BackendError> {
        Err(BackendError::new(
            "ConnectDesk supports no OS secret store on this platform",
        ))
    }
}

/// A backend that is never available: use it when the user prefers a passphrase to the OS secret
/// store. A first start then asks for a new passphrase.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoKeyring;

impl KeyringBackend for NoKeyring {
    fn store_name(&self) -> &'static str {
        "none"
    }

    fn get(&self, _: &str, _: &str) -> Result<Option<Zeroizing<String>>, BackendError> {
        Err(BackendError::new(
            "the OS secret store is not used (a passphrase was chosen)",
        ))
    }

    fn set(&self, _: &str, _: &str, _: &str) -> Result<(), BackendError> {
        Err(BackendError::new(
            "the OS secret store is not used (a passphrase was chosen)",
        ))
    }

    fn delete(&self, _: &str, _: &str) -> Result<(), BackendError> {
        Ok(())
    }
}
