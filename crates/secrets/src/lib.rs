//! ConnectDesk's secrets layer: how Stripe secrets (`apiKey`, `webhookSecret`, `clientSecret`,
//! `refreshToken`) are kept at rest.
//!
//! - [`Secret`] wraps a plaintext: redacted in `Debug` and `Serialize`, zeroed on drop, read only
//!   through [`Secret::expose`], recognisable through [`Secret::hint`] (`sk_test_…4242`).
//! - [`Cipher`] seals a secret with AES-256-GCM (ring), a fresh random 96-bit nonce each time and
//!   the record id as associated data, into a versioned [`SealedSecret`] stored as base64.
//! - [`DataKeyProvider`] owns the 32-byte data key of one data directory: kept in the OS secret store
//!   ([`OsKeyring`]: Secret Service, Keychain, Credential Manager) or, when there is none, derived
//!   from a passphrase with PBKDF2-HMAC-SHA256. The choice is recorded in `keystore.json`
//!   ([`keystore`]), which never holds key material. Nothing is ever stored in plain text.
//!
//! ```no_run
//! use connectdesk_secrets::{DataKeyProvider, KeyStatus, OsKeyring, Secret};
//! # fn main() -> connectdesk_secrets::Result<()> {
//! let mut provider = DataKeyProvider::open("/path/to/data".as_ref(), &OsKeyring::new())?;
//! if let KeyStatus::NoSecretStore { .. } | KeyStatus::NeedsPassphrase = provider.status() {
//!     // Ask the user; a first start writes the passphrase keystore.
//!     provider.unlock_with_passphrase(&Secret::new("a passphrase typed by the user"))?;
//! }
//! let cipher = provider.cipher()?;
//! let sealed = cipher.encrypt(&Secret::new("sk_test_…"), "conn_42/apiKey")?;
//! let api_key = cipher.decrypt(&sealed, "conn_42/apiKey")?;
//! # let _ = api_key;
//! # Ok(())
//! # }
//! ```

mod backend;
mod cipher;
mod error;
pub mod keystore;
mod provider;
mod secret;

pub use backend::{BackendError, KeyringBackend, NoKeyring, OsKeyring};
pub use cipher::{Cipher, SealedSecret, KEY_LEN, SEALED_VERSION};
pub use error::{Error, Result};
pub use keystore::{KEYSTORE_FILE, MIN_PBKDF2_ITERATIONS, PBKDF2_ITERATIONS};
pub use provider::{DataKeyProvider, KeyScheme, KeyStatus, MIN_PASSPHRASE_CHARS, SERVICE};
pub use secret::{Secret, REDACTED};
