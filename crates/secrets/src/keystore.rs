//! The keystore file: which scheme protects the data key, and what is needed to get it back.
//! It never holds key material. Examples:
//!
//! ```json
//! { "format": 1, "scheme": "os-keyring", "service": "ConnectDesk",
//!   "account": "data-key-6f1c…", "verifier": "AZ3…" }
//!
//! { "format": 1, "scheme": "passphrase", "kdf": "pbkdf2-hmac-sha256",
//!   "salt": "q1R…==", "iterations": 600000, "verifier": "AUk…" }
//! ```
//!
//! The verifier is the sealed form of a public constant: opening it tells a wrong passphrase (or a
//! replaced OS secret store entry) from a right one before any real secret is touched.

use std::fs;
use std::io::{self, Write as _};
use std::num::NonZeroU32;
use std::path::Path;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use ring::pbkdf2;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::cipher::{Cipher, DataKey, SealedSecret, KEY_LEN};
use crate::error::{Error, Result};
use crate::secret::Secret;

/// Name of the keystore file in the data directory.
pub const KEYSTORE_FILE: &str = "keystore.json";
/// The keystore format this version writes and reads.
pub const KEYSTORE_FORMAT: u32 = 1;
/// PBKDF2-HMAC-SHA256 iterations for new passphrase keystores (OWASP 2023 recommendation).
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// Fewer iterations than this in a keystore file are refused as tampering.
pub const MIN_PBKDF2_ITERATIONS: u32 = 600_000;
// Checked at compile time: lowering the work factor below OWASP's 2023 figure cannot slip through.
const _: () =
    assert!(MIN_PBKDF2_ITERATIONS >= 600_000 && PBKDF2_ITERATIONS >= MIN_PBKDF2_ITERATIONS);
/// More than this is refused too: it would make unlocking hang.
const MAX_PBKDF2_ITERATIONS: u32 = 50_000_000;
/// Length of the random PBKDF2 salt in bytes.
pub const SALT_LEN: usize = 16;
const MAX_SALT_LEN: usize = 64;

const VERIFIER_PLAINTEXT: &str = "ConnectDesk keystore verifier v1";
const VERIFIER_RECORD: &str = "connectdesk:keystore-verifier";

/// The parsed keystore file.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct KeystoreFile {
    pub format: u32,
    #[serde(flatten)]
    pub scheme: SchemeParams,
    pub verifier: SealedSecret,
}

/// What each scheme records. The tag is the `scheme` field.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "scheme", rename_all = "kebab-case")]
pub(crate) enum SchemeParams {
    /// The data key is in the OS secret store under (service, account), base64-encoded.
    OsKeyring { service: String, account: String },
    /// The data key is derived from a passphrase.
    Passphrase {
        kdf: Kdf,
        salt: String,
        iterations: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Kdf {
    #[serde(rename = "pbkdf2-hmac-sha256")]
    Pbkdf2HmacSha256,
}

/// Passphrase parameters checked and decoded.
#[derive(Debug, Clone)]
pub(crate) struct PassphraseParams {
    pub salt: Vec<u8>,
    pub iterations: NonZeroU32,
    pub verifier: SealedSecret,
}

impl KeystoreFile {
    /// Reads the keystore at `path`; `Ok(None)` if there is none yet.
    pub fn load(path: &Path) -> Result<Option<Self>> {
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(Error::io("reading", path, err)),
        };
        let invalid = |reason: String| Error::KeystoreInvalid {
            path: path.to_owned(),
            reason,
        };
        let file: KeystoreFile =
            serde_json::from_slice(&bytes).map_err(|err| invalid(err.to_string()))?;
        if file.format != KEYSTORE_FORMAT {
            return Err(invalid(format!(
                "format {} is not supported (this ConnectDesk reads format {KEYSTORE_FORMAT})",
                file.format
            )));
        }
        match &file.scheme {
            SchemeParams::OsKeyring { service, account } => {
                if service.is_empty() || account.is_empty() {
                    return Err(invalid(
                        "the secret store service or account is empty".into(),
                    ));
                }
            }
            SchemeParams::Passphrase { .. } => {
                file.passphrase_params()
                    .map_err(|reason| invalid(reason.into()))?;
            }
        }
        Ok(Some(file))
    }

    /// The checked passphrase parameters, if this is a passphrase keystore.
    pub fn passphrase_params(&self) -> Result<PassphraseParams, &'static str> {
        let SchemeParams::Passphrase {
            kdf: Kdf::Pbkdf2HmacSha256,
            salt,
            iterations,
        } = &self.scheme
        else {
            return Err("not a passphrase keystore");
        };
        let salt = BASE64
            .decode(salt)
            .map_err(|_| "the salt is not valid base64")?;
        if !(SALT_LEN..=MAX_SALT_LEN).contains(&salt.len()) {
            return Err("the salt has the wrong length");
        }
        if !(MIN_PBKDF2_ITERATIONS..=MAX_PBKDF2_ITERATIONS).contains(iterations) {
            return Err("the iteration count is out of range");
        }
        let iterations = NonZeroU32::new(*iterations).ok_or("the iteration count is zero")?;
        Ok(PassphraseParams {
            salt,
            iterations,
            verifier: self.verifier.clone(),
        })
    }

    /// Creates the keystore at `path` atomically, only if there is none: `Ok(false)` if another
    /// process created one first (the caller must then use that one).
    pub fn create_new(&self, path: &Path) -> Result<bool> {
        let dir = path
            .parent()
            .filter(|dir| !dir.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut json = serde_json::to_vec_pretty(self).map_err(|err| Error::KeystoreInvalid {
            path: path.to_owned(),
            reason: err.to_string(),
        })?;
        json.push(b'\n');

        let mut temp = tempfile::Builder::new()
            .prefix(".keystore-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|err| Error::io("creating a temporary file in", dir, err))?;
        temp.write_all(&json)
            .map_err(|err| Error::io("writing", temp.path(), err))?;
        temp.as_file()
            .sync_all()
            .map_err(|err| Error::io("syncing", temp.path(), err))?;
        match temp.persist_noclobber(path) {
            Ok(_) => {}
            Err(err) if err.error.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
            Err(err) => return Err(Error::io("creating", path, err.error)),
        }
        sync_dir(dir)?;
        Ok(true)
    }
}

/// Makes the rename durable (POSIX needs the directory synced too).
#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<()> {
    fs::File::open(dir)
        .and_then(|handle| handle.sync_all())
        .map_err(|err| Error::io("syncing", dir, err))
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<()> {
    Ok(())
}

/// Seals the public verifier constant with `cipher`.
pub(crate) fn make_verifier(cipher: &Cipher) -> Result<SealedSecret> {
    cipher.encrypt(&Secret::new(VERIFIER_PLAINTEXT), VERIFIER_RECORD)
}

/// Whether `verifier` was sealed with the same key as `cipher`.
pub(crate) fn verifier_matches(cipher: &Cipher, verifier: &SealedSecret) -> bool {
    cipher
        .decrypt(verifier, VERIFIER_RECORD)
        .is_ok_and(|plaintext| plaintext.expose() == VERIFIER_PLAINTEXT)
}

/// PBKDF2-HMAC-SHA256 of the passphrase: the data key of a passphrase keystore.
pub(crate) fn derive_key(passphrase: &Secret, salt: &[u8], iterations: NonZeroU32) -> DataKey {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    pbkdf2::derive(
        pbkdf2::PBKDF2_HMAC_SHA256,
        iterations,
        salt,
        passphrase.expose().as_bytes(),
        key.as_mut(),
    );
    DataKey::from_bytes(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pbkdf2_is_deterministic_and_salted() {
        let iterations = NonZeroU32::new(PBKDF2_ITERATIONS).expect("non-zero");
        let pass = Secret::new("correct horse battery staple");
        let salt = [7u8; SALT_LEN];
        let a = derive_key(&pass, &salt, iterations);
        let b = derive_key(&pass, &salt, iterations);
        assert_eq!(a.as_bytes(), b.as_bytes());
        let other_salt = derive_key(&pass, &[8u8; SALT_LEN], iterations);
        assert_ne!(a.as_bytes(), other_salt.as_bytes());
        let other_pass = derive_key(
            &Secret::new("correct horse battery stapler"),
            &salt,
            iterations,
        );
        assert_ne!(a.as_bytes(), other_pass.as_bytes());
    }

    #[test]
    fn verifier_tells_keys_apart() {
        let cipher = Cipher::ephemeral().expect("cipher");
        let verifier = make_verifier(&cipher).expect("verifier");
        assert!(verifier_matches(&cipher, &verifier));
        assert!(!verifier_matches(
            &Cipher::ephemeral().expect("cipher"),
            &verifier
        ));
    }
}
