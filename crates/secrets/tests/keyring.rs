//! Tests against the real OS secret store. Ignored by default: they need a prepared session, which
//! `tests/run-keyring-test.sh` provides (a private D-Bus session with an unlocked GNOME Keyring, and
//! one with no secret store at all).

use std::fs;
use std::path::Path;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use connectdesk_secrets::{
    DataKeyProvider, Error, KeyScheme, KeyStatus, KeyringBackend, OsKeyring, SealedSecret, Secret,
    KEYSTORE_FILE, SERVICE,
};

const API_KEY: &str = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

fn keystore_json(dir: &Path) -> (Vec<u8>, serde_json::Value) {
    let bytes = fs::read(dir.join(KEYSTORE_FILE)).expect("keystore file");
    let json = serde_json::from_slice(&bytes).expect("keystore json");
    (bytes, json)
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

/// Fails if `haystack` holds any 16-character run of `needle`.
fn assert_not_contained(haystack: &[u8], needle: &str, what: &str) {
    let text = String::from_utf8_lossy(haystack);
    for start in 0..=needle.len().saturating_sub(16) {
        let end = (start + 16).min(needle.len());
        assert!(
            !text.contains(&needle[start..end]),
            "{what} found in the keystore file"
        );
    }
}

#[test]
#[ignore = "needs a Secret Service session: run tests/run-keyring-test.sh"]
fn real_keyring_round_trip() {
    let backend = OsKeyring::new();
    let dir = tempfile::tempdir().expect("temp dir");

    // First start: a new key goes into the real secret store.
    let provider = DataKeyProvider::open(dir.path(), &backend).expect("open");
    assert_eq!(
        provider.status(),
        KeyStatus::Unlocked {
            scheme: KeyScheme::OsKeyring
        }
    );
    let sealed = provider
        .cipher()
        .expect("cipher")
        .encrypt(&Secret::new(API_KEY), "conn_1/apiKey")
        .expect("seal");
    let stored_form = serde_json::to_string(&sealed).expect("serialize");
    drop(provider);

    // The key is in the store under the account the keystore names; the file holds no key material.
    let (bytes, json) = keystore_json(dir.path());
    assert_eq!(json["scheme"], "os-keyring");
    assert_eq!(json["service"], SERVICE);
    let account = json["account"].as_str().expect("account").to_owned();
    let encoded = OsKeyring::new()
        .get(SERVICE, &account)
        .expect("store reachable")
        .expect("entry");
    let key = BASE64.decode(encoded.as_bytes()).expect("base64 key");
    assert_eq!(key.len(), 32);
    assert!(
        !bytes.windows(32).any(|window| window == key.as_slice()),
        "raw key in file"
    );
    assert_not_contained(&bytes, &encoded, "the base64 key");
    assert_eq!(files_in(dir.path()), [KEYSTORE_FILE]);

    // A fresh provider with a fresh backend reads the key back and opens the ciphertext.
    let reopened = DataKeyProvider::open(dir.path(), &OsKeyring::new()).expect("reopen");
    assert_eq!(
        reopened.status(),
        KeyStatus::Unlocked {
            scheme: KeyScheme::OsKeyring
        }
    );
    let restored: SealedSecret = serde_json::from_str(&stored_form).expect("deserialize");
    let opened = reopened
        .cipher()
        .expect("cipher")
        .decrypt(&restored, "conn_1/apiKey")
        .expect("open");
    assert_eq!(opened.expose(), API_KEY);
    assert!(matches!(
        reopened
            .cipher()
            .expect("cipher")
            .decrypt(&restored, "conn_2/apiKey"),
        Err(Error::DecryptFailed)
    ));

    // Another data directory gets its own entry and key.
    let other = tempfile::tempdir().expect("temp dir");
    let other_provider = DataKeyProvider::open(other.path(), &backend).expect("open other");
    let (_, other_json) = keystore_json(other.path());
    assert_ne!(other_json["account"], json["account"]);
    assert!(matches!(
        other_provider
            .cipher()
            .expect("cipher")
            .decrypt(&restored, "conn_1/apiKey"),
        Err(Error::DecryptFailed)
    ));

    // The entry removed behind the app's back: a clear error, and no new key.
    backend.delete(SERVICE, &account).expect("delete entry");
    let err = DataKeyProvider::open(dir.path(), &backend).expect_err("entry gone");
    assert!(matches!(err, Error::KeyringEntryMissing { .. }), "{err}");
    eprintln!("entry removed -> {err}");
    assert!(
        backend
            .get(SERVICE, &account)
            .expect("store reachable")
            .is_none(),
        "no new key made"
    );

    let other_account = other_json["account"].as_str().expect("account");
    backend.delete(SERVICE, other_account).expect("clean up");
}

#[test]
#[ignore = "needs a session without any secret store: run tests/run-keyring-test.sh"]
fn no_secret_store_reachable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut provider = DataKeyProvider::open(dir.path(), &OsKeyring::new()).expect("open");
    let status = provider.status();
    eprintln!("status without a secret store: {status:?}");
    assert!(
        matches!(&status, KeyStatus::NoSecretStore { reason, .. } if !reason.is_empty()),
        "{status:?}"
    );
    assert!(matches!(provider.cipher(), Err(Error::Locked)));
    assert!(
        files_in(dir.path()).is_empty(),
        "nothing may be written before a passphrase is chosen"
    );

    // The passphrase path: nothing plain text is written either.
    let passphrase = "correct horse battery staple";
    provider
        .unlock_with_passphrase(&Secret::new(passphrase))
        .expect("set up passphrase");
    let sealed = provider
        .cipher()
        .expect("cipher")
        .encrypt(&Secret::new(API_KEY), "conn_1/apiKey")
        .expect("seal");
    let (bytes, json) = keystore_json(dir.path());
    assert_eq!(json["scheme"], "passphrase");
    assert!(json["iterations"].as_u64().expect("iterations") >= 600_000);
    assert_not_contained(&bytes, passphrase, "the passphrase");
    assert_eq!(files_in(dir.path()), [KEYSTORE_FILE]);

    // Next start: the keystore asks for the passphrase; the secret store is not consulted.
    let mut next = DataKeyProvider::open(dir.path(), &OsKeyring::new()).expect("reopen");
    assert_eq!(next.status(), KeyStatus::NeedsPassphrase);
    let err = next
        .unlock_with_passphrase(&Secret::new("wrong passphrase"))
        .expect_err("wrong");
    assert!(matches!(err, Error::WrongPassphrase));
    next.unlock_with_passphrase(&Secret::new(passphrase))
        .expect("unlock");
    let opened = next
        .cipher()
        .expect("cipher")
        .decrypt(&sealed, "conn_1/apiKey")
        .expect("open");
    assert_eq!(opened.expose(), API_KEY);

    // A keystore that says os-keyring while no store is reachable: an error, not a new key.
    let keyring_dir = tempfile::tempdir().expect("temp dir");
    let fake = serde_json::json!({
        "format": 1,
        "scheme": "os-keyring",
        "service": SERVICE,
        "account": "data-key-00000000000000000000000000000000",
        "verifier": json["verifier"],
    });
    fs::write(keyring_dir.path().join(KEYSTORE_FILE), fake.to_string()).expect("write");
    let err =
        DataKeyProvider::open(keyring_dir.path(), &OsKeyring::new()).expect_err("unreachable");
    assert!(matches!(err, Error::SecretStoreUnavailable { .. }), "{err}");
    eprintln!("os-keyring keystore without a store -> {err}");
}
