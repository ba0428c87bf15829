//! Operator PINs: derived with PBKDF2-HMAC-SHA256 like the vault's passphrase, with a random
//! salt per PIN; only the salt and the derived bytes are stored, never the PIN.

use std::num::NonZeroU32;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ring::pbkdf2;
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};

use crate::{CoreError, ErrorCode, Result};

/// As the vault: slow enough to make guessing a short PIN from a stolen store expensive.
pub const ITERATIONS: u32 = 600_000;
const ALGORITHM: pbkdf2::Algorithm = pbkdf2::PBKDF2_HMAC_SHA256;
const LEN: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PinDigest {
    pub iterations: u32,
    pub salt: String,
    pub digest: String,
}

/// 4 to 64 characters, not only spaces.
pub fn check(pin: &str) -> Result<()> {
    let length = pin.chars().count();
    if pin.trim().is_empty() || !(4..=64).contains(&length) {
        return Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            "pin",
            "A PIN has 4 to 64 characters.",
        ));
    }
    Ok(())
}

pub fn derive(pin: &str) -> Result<PinDigest> {
    check(pin)?;
    let mut salt = [0u8; 16];
    SystemRandom::new()
        .fill(&mut salt)
        .map_err(|_| CoreError::internal("The system random number generator failed."))?;
    Ok(PinDigest {
        iterations: ITERATIONS,
        salt: STANDARD.encode(salt),
        digest: STANDARD.encode(compute(pin, &salt, ITERATIONS)?),
    })
}

/// Constant-time comparison (ring's verify).
pub fn verify(pin: &str, stored: &PinDigest) -> Result<bool> {
    let damaged = || CoreError::new(ErrorCode::StoreCorrupt, "A stored PIN is damaged.");
    let salt = STANDARD.decode(&stored.salt).map_err(|_| damaged())?;
    let digest = STANDARD.decode(&stored.digest).map_err(|_| damaged())?;
    let iterations = NonZeroU32::new(stored.iterations).ok_or_else(damaged)?;
    Ok(pbkdf2::verify(ALGORITHM, iterations, &salt, pin.as_bytes(), &digest).is_ok())
}

fn compute(pin: &str, salt: &[u8], iterations: u32) -> Result<[u8; LEN]> {
    let iterations =
        NonZeroU32::new(iterations).ok_or_else(|| CoreError::internal("zero PBKDF2 rounds"))?;
    let mut out = [0u8; LEN];
    pbkdf2::derive(ALGORITHM, iterations, salt, pin.as_bytes(), &mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_verifies_and_another_does_not() {
        let stored = derive("2468").expect("derive");
        assert!(!stored.digest.contains("2468") && !stored.salt.contains("2468"));
        assert!(verify("2468", &stored).expect("verify"));
        assert!(!verify("2469", &stored).expect("verify"));
        assert_ne!(derive("2468").expect("again").salt, stored.salt);
    }

    #[test]
    fn short_or_blank_pins_are_refused() {
        for bad in ["", "123", "    ", &"x".repeat(65)] {
            assert_eq!(check(bad).expect_err(bad).field.as_deref(), Some("pin"));
        }
    }
}
