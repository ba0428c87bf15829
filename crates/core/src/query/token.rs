//! Page tokens: where the next page resumes in the index, bound to the query that made it.
//!
//! A token is URL-safe base64 of `version ++ check ++ last index key`, where `check` hashes the
//! query's fingerprint (collection, sort, filters) with the key. A token used with another query,
//! or altered, is refused instead of silently resuming somewhere meaningless. Tokens are opaque
//! but not secret.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use ring::digest;

use super::filter::Filter;
use super::parse::Sort;
use crate::store::{encode, Field};
use crate::{CoreError, ErrorCode, Result};

const VERSION: u8 = 1;
const CHECK_LEN: usize = 8;
const HEADER_LEN: usize = 1 + CHECK_LEN;

pub(crate) type Fingerprint = [u8; 32];

/// Identifies a query's result order and membership (not its page size, which may change
/// between pages).
pub(crate) fn fingerprint(
    collection: &str,
    fields: &[Field],
    sort: Sort,
    filters: &[Filter],
) -> Fingerprint {
    let mut context = digest::Context::new(&digest::SHA256);
    let mut add = |part: &[u8]| {
        // Length prefixes keep distinct part lists from hashing alike.
        context.update(&(part.len() as u64).to_be_bytes());
        context.update(part);
    };
    add(collection.as_bytes());
    add(fields[sort.field].name.as_bytes());
    add(&[u8::from(sort.desc)]);
    for filter in filters {
        add(fields[filter.field].name.as_bytes());
        add(filter.op.name().as_bytes());
        for operand in &filter.operands {
            add(&encode(operand));
        }
    }
    let mut fingerprint = [0; 32];
    fingerprint.copy_from_slice(context.finish().as_ref());
    fingerprint
}

/// Binds a resume key to the query it belongs to.
fn check(fingerprint: &Fingerprint, resume_key: &[u8]) -> [u8; CHECK_LEN] {
    let mut context = digest::Context::new(&digest::SHA256);
    context.update(fingerprint);
    context.update(resume_key);
    let mut check = [0; CHECK_LEN];
    check.copy_from_slice(&context.finish().as_ref()[..CHECK_LEN]);
    check
}

pub(crate) fn encode_token(fingerprint: &Fingerprint, resume_key: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(HEADER_LEN + resume_key.len());
    bytes.push(VERSION);
    bytes.extend_from_slice(&check(fingerprint, resume_key));
    bytes.extend_from_slice(resume_key);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The index key to resume after; `invalidValue` on `pageToken` for anything this query did
/// not produce.
pub(crate) fn decode_token(token: &str, fingerprint: &Fingerprint) -> Result<Vec<u8>> {
    let invalid = |why: &str| {
        CoreError::on_field(
            ErrorCode::InvalidValue,
            "pageToken",
            format!("pageToken {why}; request the first page again without it."),
        )
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(token)
        .map_err(|_| invalid("is not a page token"))?;
    if bytes.len() <= HEADER_LEN || bytes[0] != VERSION {
        return Err(invalid("is not a page token"));
    }
    let resume_key = &bytes[HEADER_LEN..];
    if bytes[1..HEADER_LEN] != check(fingerprint, resume_key) {
        return Err(invalid(
            "is damaged or belongs to a different sort or filters",
        ));
    }
    Ok(resume_key.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[Field] = &[Field::int("id").sortable(), Field::text("name").sortable()];

    #[test]
    fn round_trips_with_the_same_fingerprint_only() {
        let asc = fingerprint(
            "things",
            FIELDS,
            Sort {
                field: 0,
                desc: false,
            },
            &[],
        );
        let desc = fingerprint(
            "things",
            FIELDS,
            Sort {
                field: 0,
                desc: true,
            },
            &[],
        );
        let other = fingerprint(
            "others",
            FIELDS,
            Sort {
                field: 0,
                desc: false,
            },
            &[],
        );
        assert_ne!(asc, desc);
        assert_ne!(asc, other);
        let token = encode_token(&asc, b"\x01key");
        assert_eq!(decode_token(&token, &asc).expect("own token"), b"\x01key");
        let err = decode_token(&token, &desc).expect_err("foreign token");
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::InvalidValue, Some("pageToken"))
        );
        let mut altered = URL_SAFE_NO_PAD.decode(&token).expect("base64");
        altered.push(0);
        assert!(
            decode_token(&URL_SAFE_NO_PAD.encode(altered), &asc).is_err(),
            "an altered key is refused"
        );
    }

    #[test]
    fn rejects_garbage() {
        let fp = fingerprint(
            "things",
            FIELDS,
            Sort {
                field: 1,
                desc: false,
            },
            &[],
        );
        for garbage in [
            "-5",
            "",
            "%%%",
            "AAAA",
            "not a token at all",
            &URL_SAFE_NO_PAD.encode([2; 20]),
        ] {
            let err = decode_token(garbage, &fp).expect_err(garbage);
            assert_eq!(err.code, ErrorCode::InvalidValue, "{garbage}");
        }
    }
}
