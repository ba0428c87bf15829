//! Stripe's webhook signature check, as Stripe specifies it: the `Stripe-Signature` header holds
//! `t=<unix seconds>` and one or more `v1=<hex>` signatures (other schemes such as `v0` are
//! ignored); a `v1` is the HMAC-SHA256 of `"{t}.{raw body}"` keyed with the whole `whsec_…`
//! secret. The event is genuine when any `v1` matches any of the connection's secrets (the
//! current one and, during a rotation, the previous one), compared in constant time, and `t` is
//! within the tolerance of now in either direction.
//!
//! A refusal says why for the Events section's list; the receiver answers 400 without it.

use ring::hmac;

/// Stripe's default tolerance: five minutes either way.
pub const TOLERANCE_SECS: i64 = 300;

/// The largest body the receiver reads (Stripe's events are far smaller).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Why a webhook was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No `Stripe-Signature` header (or an empty one).
    MissingHeader,
    /// The header has no `t=` with a whole number, or more than one `t=`.
    NoTimestamp,
    /// The header has no `v1=` signature in hex of the right length.
    NoSignature,
    /// `t` is older than the tolerance allows (a replay, or a clock far behind).
    TooOld,
    /// `t` is further in the future than the tolerance allows.
    FromTheFuture,
    /// No `v1` matches the body under any of the secrets.
    Mismatch,
    /// The body is larger than [`MAX_BODY_BYTES`].
    BodyTooLarge,
}

impl Refusal {
    /// In words, for the refused-signatures list.
    pub fn words(self) -> &'static str {
        match self {
            Refusal::MissingHeader => "no Stripe-Signature header",
            Refusal::NoTimestamp => "the signature header has no single timestamp",
            Refusal::NoSignature => "the signature header has no v1 signature",
            Refusal::TooOld => "the signature is more than five minutes old",
            Refusal::FromTheFuture => "the signature is more than five minutes in the future",
            Refusal::Mismatch => "the signature does not match the body and the webhook secret",
            Refusal::BodyTooLarge => "the body is larger than 1 MiB",
        }
    }
}

/// What the header says, before any check of the body.
#[derive(Debug, PartialEq, Eq)]
struct Parsed {
    timestamp: i64,
    signatures: Vec<[u8; 32]>,
}

fn parse(header: &str) -> Result<Parsed, Refusal> {
    let header = header.trim();
    if header.is_empty() {
        return Err(Refusal::MissingHeader);
    }
    let mut timestamp = None;
    let mut timestamps = 0;
    let mut signatures = Vec::new();
    for item in header.split(',') {
        let Some((key, value)) = item.trim().split_once('=') else {
            continue;
        };
        match key.trim() {
            "t" => {
                timestamps += 1;
                timestamp = value.trim().parse::<i64>().ok();
            }
            "v1" => {
                if let Some(signature) = hex32(value.trim()) {
                    signatures.push(signature);
                }
            }
            _ => {}
        }
    }
    let timestamp = match (timestamps, timestamp) {
        (1, Some(t)) => t,
        _ => return Err(Refusal::NoTimestamp),
    };
    if signatures.is_empty() {
        return Err(Refusal::NoSignature);
    }
    Ok(Parsed {
        timestamp,
        signatures,
    })
}

fn hex32(text: &str) -> Option<[u8; 32]> {
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        let high = (pair[0] as char).to_digit(16)?;
        let low = (pair[1] as char).to_digit(16)?;
        out[i] = u8::try_from(high * 16 + low).ok()?;
    }
    Some(out)
}

/// Checks a webhook: `header` is the `Stripe-Signature` value (`None` when absent), `body` the
/// raw bytes as received, `secrets` the connection's webhook secrets (current first), `now` the
/// receiver's clock in Unix seconds. Ok is the signature's timestamp.
pub fn verify(
    header: Option<&str>,
    body: &[u8],
    secrets: &[&str],
    now: i64,
) -> Result<i64, Refusal> {
    if body.len() > MAX_BODY_BYTES {
        return Err(Refusal::BodyTooLarge);
    }
    let parsed = parse(header.ok_or(Refusal::MissingHeader)?)?;
    let age = now.saturating_sub(parsed.timestamp);
    if age > TOLERANCE_SECS {
        return Err(Refusal::TooOld);
    }
    if age < -TOLERANCE_SECS {
        return Err(Refusal::FromTheFuture);
    }
    let mut signed = parsed.timestamp.to_string().into_bytes();
    signed.push(b'.');
    signed.extend_from_slice(body);
    let matches = secrets.iter().filter(|s| !s.is_empty()).any(|secret| {
        let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
        // `hmac::verify` compares in constant time.
        parsed
            .signatures
            .iter()
            .any(|signature| hmac::verify(&key, &signed, signature).is_ok())
    });
    if matches {
        Ok(parsed.timestamp)
    } else {
        Err(Refusal::Mismatch)
    }
}

/// The `Stripe-Signature`-style header value for `body` signed at `timestamp` with `secret`:
/// `t=<timestamp>,v1=<hex HMAC-SHA256 of "{t}.{body}">`. ConnectDesk signs what it forwards to
/// the partner this way, so the partner checks it as it would check Stripe's (and [`verify`]
/// accepts it).
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let mut signed = timestamp.to_string().into_bytes();
    signed.push(b'.');
    signed.extend_from_slice(body);
    let tag = hmac::sign(&key, &signed);
    let mut hex = String::with_capacity(64);
    for byte in tag.as_ref() {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    format!("t={timestamp},v1={hex}")
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;
    // The simulator's signer, written separately, is the other side of every check here.
    use stripe_sim::{sign_payload, signature_header};

    const SECRET: &str = "whsec_current_0123456789abcdef";
    const OLD_SECRET: &str = "whsec_previous_fedcba9876543210";
    const BODY: &str = r#"{"id":"evt_1","type":"payout.paid","data":{"object":{"id":"po_1"}}}"#;
    const NOW: i64 = 1_780_000_000;

    fn check(header: &str, body: &str) -> Result<i64, Refusal> {
        verify(Some(header), body.as_bytes(), &[SECRET], NOW)
    }

    #[test]
    fn sign_matches_stripes_scheme_and_verify_accepts_it() {
        let header = sign(SECRET, NOW, BODY.as_bytes());
        // The simulator's independent signer agrees byte for byte.
        assert_eq!(header, signature_header(SECRET, NOW, BODY));
        assert_eq!(check(&header, BODY), Ok(NOW));
        assert_eq!(
            verify(Some(&header), BODY.as_bytes(), &["whsec_other"], NOW),
            Err(Refusal::Mismatch)
        );
    }

    #[test]
    fn a_genuine_webhook_is_accepted() {
        assert_eq!(check(&signature_header(SECRET, NOW, BODY), BODY), Ok(NOW));
    }

    #[test]
    fn a_wrong_secret_or_a_changed_body_is_refused() {
        let other = signature_header("whsec_someone_else", NOW, BODY);
        assert_eq!(check(&other, BODY), Err(Refusal::Mismatch));
        let header = signature_header(SECRET, NOW, BODY);
        let tampered = BODY.replace("payout.paid", "payout.failed");
        assert_eq!(check(&header, &tampered), Err(Refusal::Mismatch));
        // The timestamp is signed too: moving it breaks the signature.
        let moved = header.replace(&format!("t={NOW}"), &format!("t={}", NOW + 1));
        assert_eq!(check(&moved, BODY), Err(Refusal::Mismatch));
    }

    #[test]
    fn the_tolerance_is_five_minutes_either_way() {
        let at = |t: i64| check(&signature_header(SECRET, t, BODY), BODY);
        assert_eq!(at(NOW - 300), Ok(NOW - 300));
        assert_eq!(at(NOW + 300), Ok(NOW + 300));
        assert_eq!(at(NOW - 301), Err(Refusal::TooOld));
        assert_eq!(at(NOW + 301), Err(Refusal::FromTheFuture));
    }

    #[test]
    fn any_v1_under_any_secret_is_enough() {
        // Stripe sends one v1 per active secret while a secret is rolled.
        let header = format!(
            "t={NOW},v1={},v1={},v0={}",
            sign_payload("whsec_not_ours", NOW, BODY),
            sign_payload(SECRET, NOW, BODY),
            "00".repeat(32)
        );
        assert_eq!(check(&header, BODY), Ok(NOW));
        // Signed with the previous secret: accepted while the connection still holds it.
        let old = signature_header(OLD_SECRET, NOW, BODY);
        assert_eq!(
            verify(Some(&old), BODY.as_bytes(), &[SECRET, OLD_SECRET], NOW),
            Ok(NOW)
        );
        assert_eq!(check(&old, BODY), Err(Refusal::Mismatch));
    }

    #[test]
    fn missing_or_garbled_headers_say_what_is_missing() {
        let sig = sign_payload(SECRET, NOW, BODY);
        assert_eq!(
            verify(None, BODY.as_bytes(), &[SECRET], NOW),
            Err(Refusal::MissingHeader)
        );
        assert_eq!(check("   ", BODY), Err(Refusal::MissingHeader));
        assert_eq!(check(&format!("v1={sig}"), BODY), Err(Refusal::NoTimestamp));
        assert_eq!(
            check(&format!("t=soon,v1={sig}"), BODY),
            Err(Refusal::NoTimestamp)
        );
        assert_eq!(
            check(&format!("t={NOW},t={NOW},v1={sig}"), BODY),
            Err(Refusal::NoTimestamp)
        );
        assert_eq!(check(&format!("t={NOW}"), BODY), Err(Refusal::NoSignature));
        assert_eq!(
            check(&format!("t={NOW},v1={}", &sig[..63]), BODY),
            Err(Refusal::NoSignature)
        );
        assert_eq!(
            check(&format!("t={NOW},v1={}zz", &sig[..62]), BODY),
            Err(Refusal::NoSignature)
        );
        // Only v0 (Stripe's test scheme) is not a signature ConnectDesk accepts.
        assert_eq!(
            check(&format!("t={NOW},v0={sig}"), BODY),
            Err(Refusal::NoSignature)
        );
        // Spaces around items are tolerated, as Stripe's libraries do.
        assert_eq!(check(&format!(" t={NOW} , v1={sig} "), BODY), Ok(NOW));
    }

    #[test]
    fn an_empty_secret_never_matches() {
        let header = signature_header("", NOW, BODY);
        assert_eq!(
            verify(Some(&header), BODY.as_bytes(), &[""], NOW),
            Err(Refusal::Mismatch)
        );
    }

    #[test]
    fn an_oversized_body_is_refused_before_anything_else() {
        let body = vec![b' '; MAX_BODY_BYTES + 1];
        assert_eq!(
            verify(Some("garbage"), &body, &[SECRET], NOW),
            Err(Refusal::BodyTooLarge)
        );
        let fits = vec![b' '; MAX_BODY_BYTES];
        let text = std::str::from_utf8(&fits).expect("ascii");
        assert_eq!(
            verify(
                Some(&signature_header(SECRET, NOW, text)),
                &fits,
                &[SECRET],
                NOW
            ),
            Ok(NOW)
        );
    }

    #[test]
    fn extreme_timestamps_do_not_overflow() {
        let sig = sign_payload(SECRET, NOW, BODY);
        for t in [i64::MIN, i64::MAX, 0, -1] {
            let refusal = check(&format!("t={t},v1={sig}"), BODY).expect_err("refused");
            assert!(
                matches!(refusal, Refusal::TooOld | Refusal::FromTheFuture),
                "{t}: {refusal:?}"
            );
        }
    }

    mod properties {
        use super::*;
        use proptest::collection::vec;
        use proptest::prelude::*;

        /// Header-like text: items of `t`, `v1`, `v0` or other keys with arbitrary values,
        /// stray commas, equals signs and spaces, and bytes of any kind.
        fn header() -> impl Strategy<Value = String> {
            let key = prop_oneof![Just("t"), Just("v1"), Just("v0"), Just(""), Just("x")];
            let value = prop_oneof![
                any::<i64>().prop_map(|n| n.to_string()),
                vec(any::<u8>(), 0..80).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
                vec(prop_oneof![Just('0'), Just('a'), Just('f'), Just('9')], 64)
                    .prop_map(|c| c.into_iter().collect()),
            ];
            vec((key, value, any::<bool>()), 0..6).prop_map(|items| {
                items
                    .into_iter()
                    .map(|(k, v, eq)| {
                        if eq {
                            format!("{k}={v}")
                        } else {
                            format!("{k}{v}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            })
        }

        proptest! {
            /// Whatever arrives, the check answers without panicking, and nothing but a real
            /// HMAC of the body gets in.
            #[test]
            fn arbitrary_headers_never_panic_and_never_pass(
                header in header(),
                body in vec(any::<u8>(), 0..256),
                now in any::<i64>(),
            ) {
                prop_assert!(verify(Some(&header), &body, &[SECRET], now).is_err());
            }

            /// A genuine signature of one body never admits another body.
            #[test]
            fn a_signature_covers_exactly_its_body(
                signed in vec(any::<u8>(), 0..128),
                sent in vec(any::<u8>(), 0..128),
            ) {
                let signed_text = String::from_utf8_lossy(&signed).into_owned();
                let header = signature_header(SECRET, NOW, &signed_text);
                let outcome = verify(Some(&header), &sent, &[SECRET], NOW);
                if sent == signed_text.as_bytes() {
                    prop_assert_eq!(outcome, Ok(NOW));
                } else {
                    prop_assert_eq!(outcome, Err(Refusal::Mismatch));
                }
            }
        }
    }
}
