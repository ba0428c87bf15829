//! Object ids and random tokens.
//!
//! Ids look like Stripe's (`pi_` + 24 characters) but their first 10 characters encode a global
//! sequence number in order-preserving base 62, so sorting ids sorts by creation. Lists walk the
//! id-ordered tables backwards to return newest first.

use std::sync::atomic::{AtomicU64, Ordering};

use ring::rand::{SecureRandom, SystemRandom};

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SEQ_LEN: usize = 10;
const RANDOM_LEN: usize = 14;

/// An id with `prefix`, ordered by `seq`.
pub fn object_id(prefix: &str, seq: u64) -> String {
    format!(
        "{prefix}_{}{}",
        base62(seq, SEQ_LEN),
        random_token(RANDOM_LEN)
    )
}

/// `len` random base-62 characters.
pub fn random_token(len: usize) -> String {
    let mut bytes = vec![0u8; len];
    fill_random(&mut bytes);
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
}

/// Fills `buf` from the OS generator; should that ever fail, from a time-seeded splitmix64
/// (ids must be unique, not secret: the simulator guards no real money).
fn fill_random(buf: &mut [u8]) {
    if SystemRandom::new().fill(buf).is_ok() {
        return;
    }
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let mut state = nanos ^ COUNTER.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
    for chunk in buf.chunks_mut(8) {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
    }
}

/// Fixed-width base 62 with the alphabet in ASCII order, so string order equals numeric order.
fn base62(mut n: u64, width: usize) -> String {
    let mut out = vec![b'0'; width];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_sequence() {
        let a = object_id("pi", 9);
        let b = object_id("pi", 10);
        let c = object_id("pi", 62 * 62 + 1);
        assert!(a < b && b < c, "{a} {b} {c}");
        assert_eq!(a.len(), "pi_".len() + 24);
    }

    #[test]
    fn tokens_are_random_alphanumerics() {
        let t = random_token(32);
        assert_eq!(t.len(), 32);
        assert!(t.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(t, random_token(32));
    }
}
