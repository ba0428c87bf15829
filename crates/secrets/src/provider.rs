//! [`DataKeyProvider`]: finds, creates or unlocks the data key of one data directory.

use std::fmt::Write as _;
use std::fs;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::backend::KeyringBackend;
use crate::cipher::{Cipher, DataKey, KEY_LEN};
use crate::error::{Error, Result};
use crate::keystore::{
    derive_key, make_verifier, verifier_matches, Kdf, KeystoreFile, PassphraseParams, SchemeParams,
    KEYSTORE_FILE, KEYSTORE_FORMAT, PBKDF2_ITERATIONS, SALT_LEN,
};
use crate::secret::Secret;

/// The service name of the data key's entry in the OS secret store.
pub const SERVICE: &str = "ConnectDesk";
/// The shortest passphrase accepted when one is chosen.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

const NEW_PBKDF2_ITERATIONS: NonZeroU32 = match NonZeroU32::new(PBKDF2_ITERATIONS) {
    Some(iterations) => iterations,
    None => panic!("PBKDF2_ITERATIONS must not be zero"),
};

/// How the data key of a data directory is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyScheme {
    /// The key is in the OS secret store.
    OsKeyring,
    /// The key is derived from a passphrase the user types at each start.
    Passphrase,
}

/// What the app must do before it can read or write secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum KeyStatus {
    /// The data key is loaded: [`DataKeyProvider::cipher`] works.
    Unlocked {
        /// How the key is protected.
        scheme: KeyScheme,
    },
    /// First start and no OS secret store could be used. Say so (with `reason`), and ask the user
    /// to choose a passphrase (twice; it cannot be recovered), then call
    /// [`DataKeyProvider::unlock_with_passphrase`].
    NoSecretStore {
        /// The store that was tried, e.g. "Secret Service".
        store: &'static str,
        /// Why it could not be used, e.g. "no D-Bus session".
        reason: String,
    },
    /// This data directory's key is protected by a passphrase: ask for it, then call
    /// [`DataKeyProvider::unlock_with_passphrase`].
    NeedsPassphrase,
}

/// The data key of one data directory: created on first start, then found again at each start.
///
/// The keystore file (`keystore.json` in the data directory) records the scheme; see
/// [`crate::keystore`]. The provider never writes a key or a secret in plain text, and never makes a
/// new key when the keystore says one exists.
#[derive(Debug)]
pub struct DataKeyProvider {
    keystore_path: PathBuf,
    state: State,
}

#[derive(Debug)]
enum State {
    Unlocked {
        scheme: KeyScheme,
        cipher: Arc<Cipher>,
    },
    NoSecretStore {
        store: &'static str,
        reason: String,
    },
    NeedsPassphrase(PassphraseParams),
}

impl DataKeyProvider {
    /// Opens the data key of `data_dir` (created if missing).
    ///
    /// - No keystore yet: a random key is stored in `backend` (service [`SERVICE`], account
    ///   `data-key-<random id>` recorded in the keystore, so two data directories never share a key),
    ///   read back, and the keystore is written: [`KeyStatus::Unlocked`]. If the store cannot be used,
    ///   nothing is written: [`KeyStatus::NoSecretStore`].
    /// - Keystore says "os-keyring": the key is read from `backend` and checked against the
    ///   keystore's verifier. A missing entry is [`Error::KeyringEntryMissing`] and an unreachable
    ///   store [`Error::SecretStoreUnavailable`]; no new key is made in either case.
    /// - Keystore says "passphrase": [`KeyStatus::NeedsPassphrase`].
    ///
    /// Pass [`crate::OsKeyring`] in the app, [`crate::NoKeyring`] when the user prefers a passphrase.
    pub fn open(data_dir: &Path, backend: &dyn KeyringBackend) -> Result<Self> {
        fs::create_dir_all(data_dir).map_err(|err| Error::io("creating", data_dir, err))?;
        let keystore_path = data_dir.join(KEYSTORE_FILE);
        let state = match KeystoreFile::load(&keystore_path)? {
            Some(file) => state_from_keystore(&keystore_path, &file, backend)?,
            None => match first_start(&keystore_path, backend)? {
                Some(state) => state,
                // Another process created the keystore meanwhile: use theirs.
                None => match KeystoreFile::load(&keystore_path)? {
                    Some(file) => state_from_keystore(&keystore_path, &file, backend)?,
                    None => return Err(Error::KeystoreConflict),
                },
            },
        };
        Ok(DataKeyProvider {
            keystore_path,
            state,
        })
    }

    /// Forgets the data key of `data_dir`: removes the keystore file, then (best effort) the OS
    /// secret store entry it names. The next [`DataKeyProvider::open`] starts afresh.
    ///
    /// Every secret sealed with the old key can then never be decrypted: the caller must delete
    /// them, after asking the user. This is the way out of [`Error::KeyringEntryMissing`], a damaged
    /// keystore or a forgotten passphrase; nothing in this crate calls it on its own.
    pub fn reset(data_dir: &Path, backend: &dyn KeyringBackend) -> Result<()> {
        let keystore_path = data_dir.join(KEYSTORE_FILE);
        let entry = match KeystoreFile::load(&keystore_path) {
            Ok(Some(KeystoreFile {
                scheme: SchemeParams::OsKeyring { service, account },
                ..
            })) => Some((service, account)),
            Ok(_) | Err(Error::KeystoreInvalid { .. }) => None,
            Err(err) => return Err(err),
        };
        match fs::remove_file(&keystore_path) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(Error::io("removing", &keystore_path, err)),
        }
        if let Some((service, account)) = entry {
            // An entry left behind holds a key nothing refers to any more: harmless.
            let _ = backend.delete(&service, &account);
        }
        Ok(())
    }

    /// What the app must do next.
    pub fn status(&self) -> KeyStatus {
        match &self.state {
            State::Unlocked { scheme, .. } => KeyStatus::Unlocked { scheme: *scheme },
            State::NoSecretStore { store, reason } => KeyStatus::NoSecretStore {
                store,
                reason: reason.clone(),
            },
            State::NeedsPassphrase(_) => KeyStatus::NeedsPassphrase,
        }
    }

    /// The cipher of the unlocked data key; [`Error::Locked`] until then.
    pub fn cipher(&self) -> Result<Arc<Cipher>> {
        match &self.state {
            State::Unlocked { cipher, .. } => Ok(Arc::clone(cipher)),
            State::NoSecretStore { .. } | State::NeedsPassphrase(_) => Err(Error::Locked),
        }
    }

    /// Path of the keystore file.
    pub fn keystore_path(&self) -> &Path {
        &self.keystore_path
    }

    /// With [`KeyStatus::NeedsPassphrase`]: derives the key and checks it against the keystore's
    /// verifier ([`Error::WrongPassphrase`] if it does not match; the provider stays locked).
    ///
    /// With [`KeyStatus::NoSecretStore`]: sets up the passphrase scheme (a new random salt,
    /// [`PBKDF2_ITERATIONS`] iterations) and writes the keystore. The passphrase must have at least
    /// [`MIN_PASSPHRASE_CHARS`] characters.
    ///
    /// Deriving takes a noticeable moment (PBKDF2, 600,000 rounds): call it off the UI thread.
    pub fn unlock_with_passphrase(&mut self, passphrase: &Secret) -> Result<()> {
        let cipher = match &self.state {
            State::Unlocked { .. } => return Err(Error::AlreadyUnlocked),
            State::NeedsPassphrase(params) => {
                let key = derive_key(passphrase, &params.salt, params.iterations);
                let cipher = Cipher::new(&key)?;
                if !verifier_matches(&cipher, &params.verifier) {
                    return Err(Error::WrongPassphrase);
                }
                cipher
            }
            State::NoSecretStore { .. } => {
                if passphrase.expose().chars().count() < MIN_PASSPHRASE_CHARS {
                    return Err(Error::PassphraseTooShort {
                        min: MIN_PASSPHRASE_CHARS,
                    });
                }
                let mut salt = [0u8; SALT_LEN];
                SystemRandom::new()
                    .fill(&mut salt)
                    .map_err(|_| Error::RandomFailed)?;
                let iterations = NEW_PBKDF2_ITERATIONS;
                let cipher = Cipher::new(&derive_key(passphrase, &salt, iterations))?;
                let file = KeystoreFile {
                    format: KEYSTORE_FORMAT,
                    scheme: SchemeParams::Passphrase {
                        kdf: Kdf::Pbkdf2HmacSha256,
                        salt: BASE64.encode(salt),
                        iterations: iterations.get(),
                    },
                    verifier: make_verifier(&cipher)?,
                };
                if !file.create_new(&self.keystore_path)? {
                    return Err(Error::KeystoreConflict);
                }
                cipher
            }
        };
        self.state = State::Unlocked {
            scheme: KeyScheme::Passphrase,
            cipher: Arc::new(cipher),
        };
        Ok(())
    }
}

/// The state a keystore file leads to.
fn state_from_keystore(
    path: &Path,
    file: &KeystoreFile,
    backend: &dyn KeyringBackend,
) -> Result<State> {
    match &file.scheme {
        SchemeParams::OsKeyring { service, account } => {
            let store = backend.store_name();
            let encoded = match backend.get(service, account) {
                Ok(Some(encoded)) => encoded,
                Ok(None) => {
                    return Err(Error::KeyringEntryMissing {
                        store,
                        service: service.clone(),
                        account: account.clone(),
                    })
                }
                Err(err) => {
                    return Err(Error::SecretStoreUnavailable {
                        store,
                        reason: err.to_string(),
                    })
                }
            };
            let cipher = Cipher::new(&decode_key(&encoded)?)?;
            if !verifier_matches(&cipher, &file.verifier) {
                return Err(Error::KeyMismatch);
            }
            Ok(State::Unlocked {
                scheme: KeyScheme::OsKeyring,
                cipher: Arc::new(cipher),
            })
        }
        SchemeParams::Passphrase { .. } => {
            let params = file
                .passphrase_params()
                .map_err(|reason| Error::KeystoreInvalid {
                    path: path.to_owned(),
                    reason: reason.into(),
                })?;
            Ok(State::NeedsPassphrase(params))
        }
    }
}

/// No keystore yet: try the OS secret store. `Ok(None)` if another process wrote a keystore first.
fn first_start(keystore_path: &Path, backend: &dyn KeyringBackend) -> Result<Option<State>> {
    let rng = SystemRandom::new();
    let key = DataKey::generate(&rng)?;
    let cipher = Cipher::new(&key)?;
    let account = new_account(&rng)?;
    let file = KeystoreFile {
        format: KEYSTORE_FORMAT,
        scheme: SchemeParams::OsKeyring {
            service: SERVICE.to_owned(),
            account: account.clone(),
        },
        verifier: make_verifier(&cipher)?,
    };
    let store = backend.store_name();
    let no_store = |reason: String| Ok(Some(State::NoSecretStore { store, reason }));
    // Best effort: the entry is useless without a keystore, and failing to remove it harms nothing.
    let forget_entry = || {
        let _ = backend.delete(SERVICE, &account);
    };

    let encoded = Zeroizing::new(BASE64.encode(key.as_bytes()));
    if let Err(err) = backend.set(SERVICE, &account, &encoded) {
        return no_store(err.to_string());
    }
    // Read it back in a separate call: a store that accepts a write and keeps nothing is no store.
    match backend.get(SERVICE, &account) {
        Ok(Some(stored)) if stored.as_str() == encoded.as_str() => {}
        Ok(_) => {
            forget_entry();
            return no_store("the secret store did not keep the key written to it".to_owned());
        }
        Err(err) => {
            forget_entry();
            return no_store(err.to_string());
        }
    }

    match file.create_new(keystore_path) {
        Ok(true) => Ok(Some(State::Unlocked {
            scheme: KeyScheme::OsKeyring,
            cipher: Arc::new(cipher),
        })),
        Ok(false) => {
            forget_entry();
            Ok(None)
        }
        Err(err) => {
            forget_entry();
            Err(err)
        }
    }
}

/// A fresh, random account name for the secret store entry: `data-key-` and 32 hex digits.
fn new_account(rng: &dyn SecureRandom) -> Result<String> {
    let mut id = [0u8; 16];
    rng.fill(&mut id).map_err(|_| Error::RandomFailed)?;
    let mut account = String::from("data-key-");
    for byte in id {
        // Writing to a String cannot fail.
        let _ = write!(account, "{byte:02x}");
    }
    Ok(account)
}

/// Decodes the base64 data key read from the secret store.
fn decode_key(encoded: &str) -> Result<DataKey> {
    // Room for base64's length estimate (33 bytes for 44 characters); longer input is refused.
    let mut decoded = Zeroizing::new([0u8; KEY_LEN + 3]);
    let len = BASE64
        .decode_slice(encoded.trim(), decoded.as_mut())
        .map_err(|_| Error::KeyringEntryInvalid)?;
    if len != KEY_LEN {
        return Err(Error::KeyringEntryInvalid);
    }
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    key.copy_from_slice(&decoded[..KEY_LEN]);
    Ok(DataKey::from_bytes(key))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Mutex;

    use super::*;
    use crate::backend::{BackendError, NoKeyring};
    use crate::keystore::MIN_PBKDF2_ITERATIONS;

    const API_KEY: &str = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
    const PASSPHRASE: &str = "correct horse battery staple";

    /// A test stand-in for the OS secret store (not keyring's mock: that is never used).
    #[derive(Default)]
    struct MemoryStore {
        entries: Mutex<HashMap<(String, String), String>>,
        unreachable: Mutex<Option<String>>,
        forgetful: bool,
    }

    impl MemoryStore {
        fn unreachable(reason: &str) -> Self {
            let store = MemoryStore::default();
            store.set_unreachable(Some(reason));
            store
        }

        fn set_unreachable(&self, reason: Option<&str>) {
            *self.unreachable.lock().expect("lock") = reason.map(str::to_owned);
        }

        fn check(&self) -> Result<(), BackendError> {
            match &*self.unreachable.lock().expect("lock") {
                Some(reason) => Err(BackendError::new(reason.clone())),
                None => Ok(()),
            }
        }

        fn entries(&self) -> HashMap<(String, String), String> {
            self.entries.lock().expect("lock").clone()
        }

        fn only_entry(&self) -> ((String, String), String) {
            let entries = self.entries();
            assert_eq!(entries.len(), 1, "expected exactly one entry");
            entries.into_iter().next().expect("one entry")
        }
    }

    impl KeyringBackend for MemoryStore {
        fn store_name(&self) -> &'static str {
            "memory"
        }

        fn get(
            &self,
            service: &str,
            account: &str,
        ) -> Result<Option<Zeroizing<String>>, BackendError> {
            self.check()?;
            let entries = self.entries.lock().expect("lock");
            Ok(entries
                .get(&(service.to_owned(), account.to_owned()))
                .cloned()
                .map(Zeroizing::new))
        }

        fn set(&self, service: &str, account: &str, value: &str) -> Result<(), BackendError> {
            self.check()?;
            if !self.forgetful {
                let mut entries = self.entries.lock().expect("lock");
                entries.insert((service.to_owned(), account.to_owned()), value.to_owned());
            }
            Ok(())
        }

        fn delete(&self, service: &str, account: &str) -> Result<(), BackendError> {
            self.check()?;
            self.entries
                .lock()
                .expect("lock")
                .remove(&(service.to_owned(), account.to_owned()));
            Ok(())
        }
    }

    fn temp_dir() -> tempfile::TempDir {
        tempfile::tempdir().expect("temp dir")
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("read dir")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    /// Fails if `haystack` holds `key` raw, in base64 (either alphabet) or in hex.
    fn assert_no_key_material(haystack: &[u8], key: &[u8; KEY_LEN]) {
        use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
        assert!(
            !haystack.windows(KEY_LEN).any(|w| w == key),
            "raw key bytes in file"
        );
        let text = String::from_utf8_lossy(haystack);
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        let encodings = [
            BASE64.encode(key),
            URL_SAFE.encode(key),
            URL_SAFE_NO_PAD.encode(key),
            hex.clone(),
            hex.to_uppercase(),
        ];
        for encoding in encodings {
            // Any 16-character run of the encoding would already be a leak.
            for start in 0..=encoding.len() - 16 {
                assert!(
                    !text.contains(&encoding[start..start + 16]),
                    "encoded key in file"
                );
            }
        }
    }

    fn read_keystore(dir: &Path) -> (Vec<u8>, serde_json::Value) {
        let bytes = fs::read(dir.join(KEYSTORE_FILE)).expect("keystore file");
        let json = serde_json::from_slice(&bytes).expect("keystore json");
        (bytes, json)
    }

    #[test]
    fn first_start_stores_key_in_os_keyring_and_finds_it_again() {
        let dir = temp_dir();
        let store = MemoryStore::default();
        let provider = DataKeyProvider::open(dir.path(), &store).expect("open");
        assert_eq!(
            provider.status(),
            KeyStatus::Unlocked {
                scheme: KeyScheme::OsKeyring
            }
        );
        let sealed = provider
            .cipher()
            .expect("cipher")
            .encrypt(&Secret::new(API_KEY), "c1")
            .expect("seal");
        drop(provider);

        let ((service, account), encoded) = store.only_entry();
        assert_eq!(service, SERVICE);
        assert!(
            account.starts_with("data-key-") && account.len() == 9 + 32,
            "{account}"
        );
        let (bytes, json) = read_keystore(dir.path());
        assert_eq!(json["format"], 1);
        assert_eq!(json["scheme"], "os-keyring");
        assert_eq!(json["service"], SERVICE);
        assert_eq!(json["account"], account.as_str());
        let key = decode_key(&encoded).expect("stored key");
        assert_no_key_material(&bytes, key.as_bytes());
        assert_eq!(files_in(dir.path()), [KEYSTORE_FILE]);

        let reopened = DataKeyProvider::open(dir.path(), &store).expect("reopen");
        assert_eq!(
            reopened.status(),
            KeyStatus::Unlocked {
                scheme: KeyScheme::OsKeyring
            }
        );
        let opened = reopened
            .cipher()
            .expect("cipher")
            .decrypt(&sealed, "c1")
            .expect("open");
        assert_eq!(opened.expose(), API_KEY);
        assert_eq!(store.entries().len(), 1, "no second key made");
    }

    #[test]
    fn two_data_dirs_do_not_share_keys() {
        let (a, b) = (temp_dir(), temp_dir());
        let store = MemoryStore::default();
        let cipher_a = DataKeyProvider::open(a.path(), &store)
            .expect("open a")
            .cipher()
            .expect("a");
        let cipher_b = DataKeyProvider::open(b.path(), &store)
            .expect("open b")
            .cipher()
            .expect("b");
        assert_eq!(store.entries().len(), 2);
        let sealed = cipher_a.encrypt(&Secret::new(API_KEY), "c1").expect("seal");
        assert!(matches!(
            cipher_b.decrypt(&sealed, "c1"),
            Err(Error::DecryptFailed)
        ));
    }

    #[test]
    fn missing_keyring_entry_is_a_clear_error_not_a_new_key() {
        let dir = temp_dir();
        let store = MemoryStore::default();
        DataKeyProvider::open(dir.path(), &store).expect("open");
        let ((service, account), _) = store.only_entry();
        let before = fs::read(dir.path().join(KEYSTORE_FILE)).expect("keystore");
        store.delete(&service, &account).expect("delete");

        let err = DataKeyProvider::open(dir.path(), &store).expect_err("entry is gone");
        assert!(
            matches!(&err, Error::KeyringEntryMissing { account: a, .. } if *a == account),
            "{err}"
        );
        assert_eq!(err.code(), "keyringEntryMissing");
        assert!(
            err.to_string().contains("missing from the OS secret store"),
            "{err}"
        );
        assert!(store.entries().is_empty(), "no new key made");
        assert_eq!(
            fs::read(dir.path().join(KEYSTORE_FILE)).expect("keystore"),
            before
        );
    }

    #[test]
    fn unreachable_store_on_a_later_start_is_an_error_and_changes_nothing() {
        let dir = temp_dir();
        let store = MemoryStore::default();
        DataKeyProvider::open(dir.path(), &store).expect("open");
        let before = fs::read(dir.path().join(KEYSTORE_FILE)).expect("keystore");
        store.set_unreachable(Some("no D-Bus session"));

        let err = DataKeyProvider::open(dir.path(), &store).expect_err("store unreachable");
        assert!(
            matches!(&err, Error::SecretStoreUnavailable { reason, .. } if reason == "no D-Bus session")
        );
        assert_eq!(
            fs::read(dir.path().join(KEYSTORE_FILE)).expect("keystore"),
            before
        );

        store.set_unreachable(None);
        let provider = DataKeyProvider::open(dir.path(), &store).expect("store back");
        assert_eq!(
            provider.status(),
            KeyStatus::Unlocked {
                scheme: KeyScheme::OsKeyring
            }
        );
    }

    #[test]
    fn replaced_or_damaged_keyring_entry_is_refused() {
        let dir = temp_dir();
        let store = MemoryStore::default();
        DataKeyProvider::open(dir.path(), &store).expect("open");
        let ((service, account), _) = store.only_entry();

        store
            .set(&service, &account, &BASE64.encode([9u8; KEY_LEN]))
            .expect("replace");
        assert!(matches!(
            DataKeyProvider::open(dir.path(), &store),
            Err(Error::KeyMismatch)
        ));

        for damaged in [
            "not base64!",
            "",
            &BASE64.encode([1u8; 31]),
            &BASE64.encode([1u8; 33]),
        ] {
            store.set(&service, &account, damaged).expect("damage");
            let result = DataKeyProvider::open(dir.path(), &store);
            assert!(
                matches!(result, Err(Error::KeyringEntryInvalid)),
                "{damaged:?}"
            );
        }
    }

    #[test]
    fn no_secret_store_offers_a_passphrase_and_writes_nothing_until_then() {
        for store in [
            &MemoryStore::unreachable("no D-Bus session") as &dyn KeyringBackend,
            &NoKeyring,
        ] {
            let dir = temp_dir();
            let provider = DataKeyProvider::open(dir.path(), store).expect("open");
            assert!(
                matches!(provider.status(), KeyStatus::NoSecretStore { .. }),
                "{:?}",
                provider.status()
            );
            assert!(matches!(provider.cipher(), Err(Error::Locked)));
            assert!(files_in(dir.path()).is_empty(), "nothing written");
        }
        let dir = temp_dir();
        let provider =
            DataKeyProvider::open(dir.path(), &MemoryStore::unreachable("no D-Bus session"))
                .expect("open");
        assert_eq!(
            provider.status(),
            KeyStatus::NoSecretStore {
                store: "memory",
                reason: "no D-Bus session".to_owned()
            }
        );
    }

    #[test]
    fn a_store_that_keeps_nothing_is_no_store() {
        let dir = temp_dir();
        let store = MemoryStore {
            forgetful: true,
            ..MemoryStore::default()
        };
        let provider = DataKeyProvider::open(dir.path(), &store).expect("open");
        assert!(matches!(provider.status(), KeyStatus::NoSecretStore { .. }));
        assert!(files_in(dir.path()).is_empty());
    }

    #[test]
    fn passphrase_scheme_set_up_then_unlocked_at_next_start() {
        let dir = temp_dir();
        let store = MemoryStore::unreachable("no D-Bus session");
        let mut provider = DataKeyProvider::open(dir.path(), &store).expect("open");

        let err = provider
            .unlock_with_passphrase(&Secret::new("short"))
            .expect_err("too short");
        assert!(matches!(
            err,
            Error::PassphraseTooShort {
                min: MIN_PASSPHRASE_CHARS
            }
        ));
        assert!(files_in(dir.path()).is_empty());

        provider
            .unlock_with_passphrase(&Secret::new(PASSPHRASE))
            .expect("set up");
        assert_eq!(
            provider.status(),
            KeyStatus::Unlocked {
                scheme: KeyScheme::Passphrase
            }
        );
        assert!(matches!(
            provider.unlock_with_passphrase(&Secret::new(PASSPHRASE)),
            Err(Error::AlreadyUnlocked)
        ));
        let sealed = provider
            .cipher()
            .expect("cipher")
            .encrypt(&Secret::new(API_KEY), "c1")
            .expect("seal");
        assert_eq!(files_in(dir.path()), [KEYSTORE_FILE]);

        // The keystore: scheme, kdf, 16-byte salt, ≥ 600,000 iterations; no key, no passphrase.
        let (bytes, json) = read_keystore(dir.path());
        assert_eq!(json["scheme"], "passphrase");
        assert_eq!(json["kdf"], "pbkdf2-hmac-sha256");
        let iterations = json["iterations"].as_u64().expect("iterations");
        assert!(iterations >= 600_000, "{iterations}");
        let salt = BASE64
            .decode(json["salt"].as_str().expect("salt"))
            .expect("base64 salt");
        assert_eq!(salt.len(), 16);
        let iterations =
            NonZeroU32::new(u32::try_from(iterations).expect("u32")).expect("non-zero");
        let key = derive_key(&Secret::new(PASSPHRASE), &salt, iterations);
        assert_no_key_material(&bytes, key.as_bytes());
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("horse") && !text.contains("4eC39"));

        // Next start: asks for the passphrase; a wrong one is a clear error and stays locked.
        let mut next = DataKeyProvider::open(dir.path(), &store).expect("reopen");
        assert_eq!(next.status(), KeyStatus::NeedsPassphrase);
        assert!(matches!(next.cipher(), Err(Error::Locked)));
        let err = next
            .unlock_with_passphrase(&Secret::new("correct horse battery stapler"))
            .expect_err("wrong");
        assert!(matches!(err, Error::WrongPassphrase));
        assert_eq!(err.to_string(), "wrong passphrase");
        assert_eq!(next.status(), KeyStatus::NeedsPassphrase);

        next.unlock_with_passphrase(&Secret::new(PASSPHRASE))
            .expect("unlock");
        assert_eq!(
            next.status(),
            KeyStatus::Unlocked {
                scheme: KeyScheme::Passphrase
            }
        );
        let opened = next
            .cipher()
            .expect("cipher")
            .decrypt(&sealed, "c1")
            .expect("open");
        assert_eq!(opened.expose(), API_KEY);
    }

    #[test]
    fn passphrase_keystore_is_used_even_when_a_store_appears_later() {
        let dir = temp_dir();
        let mut provider = DataKeyProvider::open(dir.path(), &NoKeyring).expect("open");
        provider
            .unlock_with_passphrase(&Secret::new(PASSPHRASE))
            .expect("set up");
        let store = MemoryStore::default();
        let next = DataKeyProvider::open(dir.path(), &store).expect("reopen");
        assert_eq!(next.status(), KeyStatus::NeedsPassphrase);
        assert!(store.entries().is_empty());
    }

    #[test]
    fn tampered_or_unknown_keystore_is_refused() {
        let dir = temp_dir();
        let mut provider = DataKeyProvider::open(dir.path(), &NoKeyring).expect("open");
        provider
            .unlock_with_passphrase(&Secret::new(PASSPHRASE))
            .expect("set up");
        let path = dir.path().join(KEYSTORE_FILE);
        let (_, json) = read_keystore(dir.path());

        let edits: [(&str, serde_json::Value); 6] = [
            ("iterations", (MIN_PBKDF2_ITERATIONS - 1).into()),
            ("iterations", 0.into()),
            ("salt", "c2hvcnQ=".into()),
            ("kdf", "md5".into()),
            ("format", 2.into()),
            ("scheme", "plaintext".into()),
        ];
        for (field, value) in edits {
            let mut edited = json.clone();
            edited[field] = value;
            fs::write(&path, serde_json::to_vec(&edited).expect("json")).expect("write");
            let err = DataKeyProvider::open(dir.path(), &NoKeyring).expect_err(field);
            assert!(
                matches!(err, Error::KeystoreInvalid { .. }),
                "{field}: {err}"
            );
        }
        fs::write(&path, b"{not json").expect("write");
        assert!(matches!(
            DataKeyProvider::open(dir.path(), &NoKeyring),
            Err(Error::KeystoreInvalid { .. })
        ));
    }

    #[test]
    fn keystore_is_never_overwritten() {
        let dir = temp_dir();
        let mut provider = DataKeyProvider::open(dir.path(), &NoKeyring).expect("open");
        // Another process finishes its first start while this one waits for a passphrase.
        DataKeyProvider::open(dir.path(), &MemoryStore::default()).expect("other process");
        let before = fs::read(dir.path().join(KEYSTORE_FILE)).expect("keystore");
        let err = provider
            .unlock_with_passphrase(&Secret::new(PASSPHRASE))
            .expect_err("conflict");
        assert!(matches!(err, Error::KeystoreConflict));
        assert_eq!(
            fs::read(dir.path().join(KEYSTORE_FILE)).expect("keystore"),
            before
        );
        assert_eq!(
            files_in(dir.path()),
            [KEYSTORE_FILE],
            "no temporary file left"
        );
    }

    #[test]
    fn reset_forgets_the_key_and_starts_afresh() {
        let dir = temp_dir();
        let store = MemoryStore::default();
        let old = DataKeyProvider::open(dir.path(), &store)
            .expect("open")
            .cipher()
            .expect("cipher");
        let sealed = old.encrypt(&Secret::new(API_KEY), "c1").expect("seal");
        let ((service, account), _) = store.only_entry();
        store.delete(&service, &account).expect("entry lost");
        assert!(matches!(
            DataKeyProvider::open(dir.path(), &store),
            Err(Error::KeyringEntryMissing { .. })
        ));

        DataKeyProvider::reset(dir.path(), &store).expect("reset");
        assert!(files_in(dir.path()).is_empty());
        let fresh = DataKeyProvider::open(dir.path(), &store).expect("open afresh");
        assert_eq!(
            fresh.status(),
            KeyStatus::Unlocked {
                scheme: KeyScheme::OsKeyring
            }
        );
        let cipher = fresh.cipher().expect("cipher");
        assert!(matches!(
            cipher.decrypt(&sealed, "c1"),
            Err(Error::DecryptFailed)
        ));

        // The entry goes too; a forgotten passphrase, a damaged or a missing keystore reset alike.
        DataKeyProvider::reset(dir.path(), &store).expect("reset");
        assert!(store.entries().is_empty());
        let mut provider = DataKeyProvider::open(dir.path(), &NoKeyring).expect("open");
        provider
            .unlock_with_passphrase(&Secret::new(PASSPHRASE))
            .expect("set up");
        DataKeyProvider::reset(dir.path(), &NoKeyring).expect("reset passphrase keystore");
        fs::write(dir.path().join(KEYSTORE_FILE), b"{damaged").expect("write");
        DataKeyProvider::reset(dir.path(), &NoKeyring).expect("reset damaged keystore");
        DataKeyProvider::reset(dir.path(), &NoKeyring).expect("reset without keystore");
        assert!(files_in(dir.path()).is_empty());
    }

    #[test]
    fn status_serializes_for_the_ui() {
        let json = |status: KeyStatus| serde_json::to_string(&status).expect("json");
        assert_eq!(
            json(KeyStatus::Unlocked {
                scheme: KeyScheme::OsKeyring
            }),
            r#"{"status":"unlocked","scheme":"os-keyring"}"#
        );
        assert_eq!(
            json(KeyStatus::NeedsPassphrase),
            r#"{"status":"needsPassphrase"}"#
        );
        assert_eq!(
            json(KeyStatus::NoSecretStore {
                store: "Secret Service",
                reason: "no bus".into()
            }),
            r#"{"status":"noSecretStore","store":"Secret Service","reason":"no bus"}"#
        );
    }
}
