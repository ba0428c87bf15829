//! The one error type of the secrets layer.
//!
//! No message ever contains secret material: not a plaintext, not a key, not a passphrase. Reasons
//! coming from the OS secret store are its own error texts, which name the store, never its contents.

use std::path::PathBuf;

/// Everything that can go wrong in this crate. [`Error::code`] gives a stable machine code for the UI.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Authentication failed: the sealed secret belongs to another record, was sealed with another
    /// data key, or was damaged. AES-GCM cannot tell these apart, on purpose.
    #[error(
        "the secret could not be decrypted: it belongs to another record, was encrypted with \
         another key, or is damaged"
    )]
    DecryptFailed,

    /// A stored sealed secret is not in a format this version can read.
    #[error("the stored secret is malformed: {0}")]
    MalformedSealedSecret(&'static str),

    /// A stored sealed secret was written by a newer ConnectDesk.
    #[error("the stored secret uses format version {0}, which this ConnectDesk cannot read")]
    UnsupportedSealedVersion(u8),

    /// The operating system's random number generator failed.
    #[error("the system random number generator failed")]
    RandomFailed,

    /// A cryptographic primitive refused its input (should not happen; reported, never ignored).
    #[error("encryption failed")]
    EncryptFailed,

    /// The passphrase does not match the one this data directory was set up with.
    #[error("wrong passphrase")]
    WrongPassphrase,

    /// A new passphrase is shorter than [`crate::MIN_PASSPHRASE_CHARS`].
    #[error("the passphrase is too short: use at least {min} characters")]
    PassphraseTooShort {
        /// The minimum number of characters.
        min: usize,
    },

    /// The data key is not loaded yet: the provider waits for a passphrase.
    #[error("secrets are locked: enter the passphrase first")]
    Locked,

    /// `unlock_with_passphrase` was called while the data key is already loaded.
    #[error("secrets are already unlocked")]
    AlreadyUnlocked,

    /// The keystore says the data key is in the OS secret store, and that store cannot be reached
    /// now (no D-Bus session, store locked, access refused...). Nothing was changed; try again once
    /// the store is available.
    #[error(
        "the data key of this data directory is kept in the OS secret store ({store}), which \
         cannot be reached: {reason}"
    )]
    SecretStoreUnavailable {
        /// Which store, e.g. "Secret Service".
        store: &'static str,
        /// The store's own error text.
        reason: String,
    },

    /// The keystore says the data key is in the OS secret store, and the entry is gone. No new key
    /// is made, because secrets sealed with the old key could then never be decrypted.
    #[error(
        "the data key of this data directory is missing from the OS secret store ({store}, service \
         \"{service}\", account \"{account}\"): secrets saved earlier cannot be decrypted. Restore \
         the entry, or reset the stored secrets"
    )]
    KeyringEntryMissing {
        /// Which store, e.g. "Secret Service".
        store: &'static str,
        /// The entry's service name.
        service: String,
        /// The entry's account (user) name.
        account: String,
    },

    /// The OS secret store entry exists but does not hold a data key (wrong length or encoding).
    #[error("the OS secret store entry for this data directory does not hold a valid data key")]
    KeyringEntryInvalid,

    /// The OS secret store holds a key for this entry, but not the one the keystore was made with.
    #[error("the data key in the OS secret store does not match this data directory's keystore")]
    KeyMismatch,

    /// The keystore file cannot be understood.
    #[error("the keystore file {path} is invalid: {reason}")]
    KeystoreInvalid {
        /// Path of the keystore file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },

    /// Another ConnectDesk process set up this data directory's keystore at the same moment.
    #[error("another ConnectDesk process set up the keystore at the same time: open the data directory again")]
    KeystoreConflict,

    /// Reading or writing a file failed.
    #[error("{action} {path} failed: {source}")]
    Io {
        /// What was being done, e.g. "reading".
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
}

/// This crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A stable machine code the UI can branch on. Never rename one.
    pub fn code(&self) -> &'static str {
        match self {
            Error::DecryptFailed => "decryptFailed",
            Error::MalformedSealedSecret(_) => "malformedSealedSecret",
            Error::UnsupportedSealedVersion(_) => "unsupportedSealedVersion",
            Error::RandomFailed => "randomFailed",
            Error::EncryptFailed => "encryptFailed",
            Error::WrongPassphrase => "wrongPassphrase",
            Error::PassphraseTooShort { .. } => "passphraseTooShort",
            Error::Locked => "locked",
            Error::AlreadyUnlocked => "alreadyUnlocked",
            Error::SecretStoreUnavailable { .. } => "secretStoreUnavailable",
            Error::KeyringEntryMissing { .. } => "keyringEntryMissing",
            Error::KeyringEntryInvalid => "keyringEntryInvalid",
            Error::KeyMismatch => "keyMismatch",
            Error::KeystoreInvalid { .. } => "keystoreInvalid",
            Error::KeystoreConflict => "keystoreConflict",
            Error::Io { .. } => "io",
        }
    }

    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
