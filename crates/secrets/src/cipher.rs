//! AES-256-GCM sealing of secrets, bound to the record they belong to.
//!
//! Sealed format, version 1 (stored as standard base64 with padding):
//!
//! ```text
//! 0x01 || nonce (12 bytes, fresh from the system RNG) || ciphertext || tag (16 bytes)
//! ```
//!
//! The associated data is `0x01 || record_id`: a sealed secret copied into another record, or
//! relabelled with another version, fails to decrypt.

use std::fmt;
use std::str::FromStr;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use ring::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, Result};
use crate::secret::Secret;

/// The sealed format this version writes.
pub const SEALED_VERSION: u8 = 1;
/// Length of a data key in bytes (AES-256).
pub const KEY_LEN: usize = 32;
const NONCE_LEN: usize = aead::NONCE_LEN;
const TAG_LEN: usize = 16;
const HEADER_LEN: usize = 1 + NONCE_LEN;

/// The 32-byte data key. Never leaves this crate except into the OS secret store; zeroed on drop.
pub(crate) struct DataKey(Zeroizing<[u8; KEY_LEN]>);

impl DataKey {
    pub(crate) fn generate(rng: &dyn SecureRandom) -> Result<Self> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        rng.fill(key.as_mut()).map_err(|_| Error::RandomFailed)?;
        Ok(DataKey(key))
    }

    pub(crate) fn from_bytes(bytes: Zeroizing<[u8; KEY_LEN]>) -> Self {
        DataKey(bytes)
    }

    pub(crate) fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

/// Seals and opens secrets with one data key. `Send + Sync`: share it behind an `Arc`.
///
/// ring's expanded key schedule inside is not zeroed on drop; the raw key bytes are.
pub struct Cipher {
    key: LessSafeKey,
    rng: SystemRandom,
}

impl Cipher {
    pub(crate) fn new(key: &DataKey) -> Result<Self> {
        let unbound =
            UnboundKey::new(&AES_256_GCM, key.as_bytes()).map_err(|_| Error::EncryptFailed)?;
        Ok(Cipher {
            key: LessSafeKey::new(unbound),
            rng: SystemRandom::new(),
        })
    }

    /// A cipher with a random key that exists only in memory: whatever it seals is lost with it.
    /// Meant for tests of code that stores secrets, and for throw-away data.
    pub fn ephemeral() -> Result<Self> {
        let rng = SystemRandom::new();
        Cipher::new(&DataKey::generate(&rng)?)
    }

    /// Seals `secret` for the record `record_id` with a fresh random nonce.
    ///
    /// `record_id` is authenticated, not stored: pass the same value to [`Cipher::decrypt`]. When a
    /// record holds several secrets, include the field (e.g. `"conn_42/apiKey"`) so that they cannot
    /// be swapped with each other either.
    pub fn encrypt(&self, secret: &Secret, record_id: &str) -> Result<SealedSecret> {
        let mut nonce = [0u8; NONCE_LEN];
        self.rng.fill(&mut nonce).map_err(|_| Error::RandomFailed)?;

        let plaintext = secret.expose().as_bytes();
        // Allocated once at full size: the plaintext copy is encrypted in place, never reallocated.
        let mut sealed = Vec::with_capacity(HEADER_LEN + plaintext.len() + TAG_LEN);
        sealed.push(SEALED_VERSION);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(plaintext);

        let aad = associated_data(SEALED_VERSION, record_id);
        let (_header, in_out) = sealed.split_at_mut(HEADER_LEN);
        let sealing = self.key.seal_in_place_separate_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad.as_slice()),
            in_out,
        );
        match sealing {
            Ok(tag) => {
                sealed.extend_from_slice(tag.as_ref());
                Ok(SealedSecret(sealed))
            }
            Err(_) => {
                sealed.zeroize();
                Err(Error::EncryptFailed)
            }
        }
    }

    /// Opens a secret sealed for `record_id`. Fails with [`Error::DecryptFailed`] if it was sealed
    /// for another record, with another key, or was altered in any way.
    pub fn decrypt(&self, sealed: &SealedSecret, record_id: &str) -> Result<Secret> {
        // `SealedSecret` guarantees the length; checked again rather than trusted.
        let (nonce, body) = match sealed.as_bytes() {
            [_version, rest @ ..] if rest.len() >= NONCE_LEN + TAG_LEN => rest.split_at(NONCE_LEN),
            _ => return Err(Error::MalformedSealedSecret("too short")),
        };
        let nonce = Nonce::try_assume_unique_for_key(nonce)
            .map_err(|_| Error::MalformedSealedSecret("bad nonce length"))?;
        let aad = associated_data(sealed.version(), record_id);

        let mut buffer = Zeroizing::new(body.to_vec());
        let plaintext_len = self
            .key
            .open_in_place(nonce, Aad::from(aad.as_slice()), buffer.as_mut_slice())
            .map_err(|_| Error::DecryptFailed)?
            .len();
        let mut plaintext = std::mem::take(&mut *buffer);
        plaintext.truncate(plaintext_len);
        match String::from_utf8(plaintext) {
            Ok(text) => Ok(Secret::new(text)),
            Err(not_utf8) => {
                not_utf8.into_bytes().zeroize();
                Err(Error::DecryptFailed)
            }
        }
    }
}

fn associated_data(version: u8, record_id: &str) -> Vec<u8> {
    let mut aad = Vec::with_capacity(1 + record_id.len());
    aad.push(version);
    aad.extend_from_slice(record_id.as_bytes());
    aad
}

impl fmt::Debug for Cipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cipher { key: [redacted] }")
    }
}

/// A sealed secret: safe to store in a record, to log and to show (it is ciphertext).
///
/// Serializes as a base64 string; deserializing checks the version and length.
#[derive(Clone, PartialEq, Eq)]
pub struct SealedSecret(Vec<u8>);

impl SealedSecret {
    /// Checks and wraps raw sealed bytes (`version || nonce || ciphertext || tag`).
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self> {
        match bytes.first() {
            None => Err(Error::MalformedSealedSecret("empty")),
            Some(&SEALED_VERSION) if bytes.len() < HEADER_LEN + TAG_LEN => {
                Err(Error::MalformedSealedSecret("too short"))
            }
            Some(&SEALED_VERSION) => Ok(SealedSecret(bytes)),
            Some(&other) => Err(Error::UnsupportedSealedVersion(other)),
        }
    }

    /// Reads the base64 form written by [`SealedSecret::to_base64`] (or `Serialize`).
    pub fn from_base64(text: &str) -> Result<Self> {
        let bytes = BASE64
            .decode(text)
            .map_err(|_| Error::MalformedSealedSecret("not valid base64"))?;
        SealedSecret::from_bytes(bytes)
    }

    /// The storage form: standard base64 with padding.
    pub fn to_base64(&self) -> String {
        BASE64.encode(&self.0)
    }

    /// The raw bytes: `version || nonce || ciphertext || tag`.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The format version (the first byte).
    pub fn version(&self) -> u8 {
        // Never empty: every constructor checks it.
        self.0.first().copied().unwrap_or_default()
    }
}

impl fmt::Debug for SealedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealedSecret")
            .field("version", &self.version())
            .field("len", &self.0.len())
            .finish()
    }
}

impl fmt::Display for SealedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_base64())
    }
}

impl FromStr for SealedSecret {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        SealedSecret::from_base64(text)
    }
}

impl Serialize for SealedSecret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_base64())
    }
}

impl<'de> Deserialize<'de> for SealedSecret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        SealedSecret::from_base64(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    const KEY: &str = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

    fn cipher() -> Cipher {
        Cipher::ephemeral().expect("cipher")
    }

    #[test]
    fn round_trip() {
        let cipher = cipher();
        for plaintext in [KEY, "", "pässwörd ✓", &"x".repeat(10_000)] {
            let sealed = cipher
                .encrypt(&Secret::new(plaintext), "conn_1/apiKey")
                .expect("seal");
            assert_eq!(sealed.version(), SEALED_VERSION);
            assert_eq!(
                sealed.as_bytes().len(),
                HEADER_LEN + plaintext.len() + TAG_LEN
            );
            let opened = cipher.decrypt(&sealed, "conn_1/apiKey").expect("open");
            assert_eq!(opened.expose(), plaintext);
        }
    }

    #[test]
    fn ciphertext_does_not_contain_the_plaintext() {
        let sealed = cipher().encrypt(&Secret::new(KEY), "conn_1").expect("seal");
        assert!(!sealed
            .as_bytes()
            .windows(8)
            .any(|w| KEY.as_bytes().windows(8).any(|k| k == w)));
        assert!(!sealed.to_base64().contains("4eC39"));
        assert!(!format!("{sealed:?}").contains("4eC39"));
    }

    #[test]
    fn serde_round_trip_as_base64_string() {
        let cipher = cipher();
        let sealed = cipher.encrypt(&Secret::new(KEY), "conn_1").expect("seal");
        let json = serde_json::to_string(&sealed).expect("serialize");
        assert_eq!(json, format!("\"{}\"", sealed.to_base64()));
        let back: SealedSecret = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, sealed);
        assert_eq!(
            back.to_string().parse::<SealedSecret>().expect("parse"),
            sealed
        );
        assert_eq!(cipher.decrypt(&back, "conn_1").expect("open").expose(), KEY);
    }

    #[test]
    fn every_flipped_bit_fails_to_decrypt() {
        let cipher = cipher();
        let sealed = cipher.encrypt(&Secret::new(KEY), "conn_1").expect("seal");
        let len = sealed.as_bytes().len();
        // Nonce, ciphertext and tag: every bit of each.
        for byte in 1..len {
            for bit in 0..8 {
                let mut bytes = sealed.as_bytes().to_vec();
                bytes[byte] ^= 1 << bit;
                let tampered = SealedSecret::from_bytes(bytes).expect("still well-formed");
                let region = match byte {
                    b if b < HEADER_LEN => "nonce",
                    b if b < len - TAG_LEN => "ciphertext",
                    _ => "tag",
                };
                assert!(
                    matches!(
                        cipher.decrypt(&tampered, "conn_1"),
                        Err(Error::DecryptFailed)
                    ),
                    "flipped bit {bit} of byte {byte} ({region}) still decrypts"
                );
            }
        }
        // The version byte: another version is refused before any decryption is tried.
        let mut bytes = sealed.as_bytes().to_vec();
        bytes[0] ^= 0x80;
        assert!(matches!(
            SealedSecret::from_bytes(bytes),
            Err(Error::UnsupportedSealedVersion(0x81))
        ));
    }

    #[test]
    fn another_record_id_or_key_fails_to_decrypt() {
        let cipher = cipher();
        let sealed = cipher
            .encrypt(&Secret::new(KEY), "conn_1/apiKey")
            .expect("seal");
        for other in [
            "conn_2/apiKey",
            "conn_1/webhookSecret",
            "conn_1/apiKe",
            "",
            "conn_1/apiKey ",
        ] {
            assert!(
                matches!(cipher.decrypt(&sealed, other), Err(Error::DecryptFailed)),
                "{other:?}"
            );
        }
        let other_key = Cipher::ephemeral().expect("cipher");
        assert!(matches!(
            other_key.decrypt(&sealed, "conn_1/apiKey"),
            Err(Error::DecryptFailed)
        ));
    }

    #[test]
    fn nonces_never_repeat_across_100k_encryptions() {
        let cipher = cipher();
        let secret = Secret::new(KEY);
        let mut nonces = HashSet::with_capacity(100_000);
        for _ in 0..100_000 {
            let sealed = cipher.encrypt(&secret, "conn_1").expect("seal");
            let nonce: [u8; NONCE_LEN] =
                sealed.as_bytes()[1..HEADER_LEN].try_into().expect("nonce");
            assert!(
                nonces.insert(nonce),
                "nonce repeated after {} encryptions",
                nonces.len()
            );
        }
        assert_eq!(nonces.len(), 100_000);
    }

    #[test]
    fn malformed_input_is_refused() {
        assert!(matches!(
            SealedSecret::from_bytes(vec![]),
            Err(Error::MalformedSealedSecret(_))
        ));
        assert!(matches!(
            SealedSecret::from_bytes(vec![SEALED_VERSION; HEADER_LEN + TAG_LEN - 1]),
            Err(Error::MalformedSealedSecret(_))
        ));
        assert!(matches!(
            SealedSecret::from_base64("not base64!"),
            Err(Error::MalformedSealedSecret(_))
        ));
        assert!(serde_json::from_str::<SealedSecret>("\"AQ==\"").is_err());
        assert!(matches!(
            SealedSecret::from_bytes(vec![2; 64]),
            Err(Error::UnsupportedSealedVersion(2))
        ));
    }

    #[test]
    fn debug_shows_no_key() {
        assert_eq!(format!("{:?}", cipher()), "Cipher { key: [redacted] }");
    }
}
