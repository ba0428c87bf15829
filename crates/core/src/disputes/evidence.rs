//! The evidence form as Stripe takes it: every field checked at once against Stripe's limits,
//! the evidence as field → value, and a version marker of a dispute's state at Stripe.

use std::collections::BTreeMap;

use connectdesk_stripe::disputes::{Dispute as StripeDispute, DisputeEvidence};

use super::words::{evidence_kind, evidence_label, EvidenceKind, MAX_EVIDENCE_TOTAL};
use crate::money::group_thousands;
use crate::{CoreError, ErrorCode, FieldChecks, Result};

/// Checks the whole form: every field is Stripe's, within its limit, files are `file_…` ids.
pub(super) fn validate_evidence(evidence: &BTreeMap<String, String>) -> Result<DisputeEvidence> {
    let mut checks = FieldChecks::default();
    let mut total = 0;
    let mut object = serde_json::Map::new();
    for (name, value) in evidence {
        let Some(kind) = evidence_kind(name) else {
            checks.check::<()>(Err(CoreError::on_field(
                ErrorCode::UnknownDataField,
                name,
                format!("Stripe has no evidence field {name}."),
            )));
            continue;
        };
        let length = value.chars().count();
        total += length;
        match kind {
            EvidenceKind::File => {
                if !value.is_empty() && !value.starts_with("file_") {
                    checks.check::<()>(Err(CoreError::on_field(
                        ErrorCode::InvalidValue,
                        name,
                        format!("{} takes an uploaded file.", evidence_label(name)),
                    )));
                }
            }
            EvidenceKind::Text | EvidenceKind::LongText => {
                let max = if kind == EvidenceKind::Text {
                    5_000
                } else {
                    20_000
                };
                if length > max {
                    checks.check::<()>(Err(CoreError::on_field(
                        ErrorCode::TooLong,
                        name,
                        format!(
                            "{} has at most {} characters; this has {}.",
                            evidence_label(name),
                            group_thousands(&max.to_string()),
                            group_thousands(&length.to_string())
                        ),
                    )));
                }
            }
        }
        object.insert(name.clone(), serde_json::Value::String(value.clone()));
    }
    if total > MAX_EVIDENCE_TOTAL {
        checks.check::<()>(Err(CoreError::on_field(
            ErrorCode::TooLong,
            "evidence",
            format!(
                "Stripe takes at most {} characters of evidence in all; this has {}.",
                group_thousands(&MAX_EVIDENCE_TOTAL.to_string()),
                group_thousands(&total.to_string())
            ),
        )));
    }
    checks.finish()?;
    serde_json::from_value(serde_json::Value::Object(object))
        .map_err(|err| CoreError::internal(format!("Could not prepare the evidence: {err}")))
}

/// Stripe's evidence as field → value, without the empty ones.
pub(super) fn evidence_map(evidence: &DisputeEvidence) -> BTreeMap<String, String> {
    match serde_json::to_value(evidence) {
        Ok(serde_json::Value::Object(fields)) => fields
            .into_iter()
            .filter_map(|(name, value)| match value {
                serde_json::Value::String(text) if !text.is_empty() => Some((name, text)),
                _ => None,
            })
            .collect(),
        _ => BTreeMap::new(),
    }
}

/// A marker of the dispute's state at Stripe (status, evidence, submissions, deadline):
/// FNV-1a over them, so any change elsewhere gives another version.
pub(super) fn version_of(fresh: &StripeDispute, evidence: &BTreeMap<String, String>) -> String {
    let text = serde_json::json!({
        "status": fresh.status.as_str(),
        "evidence": evidence,
        "submissions": fresh.evidence_details.submission_count,
        "dueBy": fresh.evidence_details.due_by,
        "pastDue": fresh.evidence_details.past_due,
    })
    .to_string();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_of_the_form_is_named_at_once() {
        let evidence = BTreeMap::from([
            ("customer_name".to_string(), "n".repeat(5_001)),
            ("uncategorized_text".to_string(), "x".repeat(20_000)),
            ("receipt".to_string(), "receipt.pdf".to_string()),
            ("favourite_color".to_string(), "blue".to_string()),
        ]);
        let err = validate_evidence(&evidence).expect_err("refused");
        let fields: Vec<(&str, ErrorCode)> = err
            .field_errors
            .iter()
            .map(|e| (e.field.as_str(), e.code))
            .collect();
        assert_eq!(
            fields,
            [
                ("customer_name", ErrorCode::TooLong),
                ("favourite_color", ErrorCode::UnknownDataField),
                ("receipt", ErrorCode::InvalidValue),
            ]
        );
        assert!(err.field_errors[0].message.contains("5,000"), "{err:?}");
    }

    #[test]
    fn evidence_within_the_limits_goes_to_stripe_with_cleared_fields_empty() {
        let evidence = BTreeMap::from([
            ("customer_name".to_string(), "n".repeat(5_000)),
            ("receipt".to_string(), "file_123".to_string()),
            ("shipping_carrier".to_string(), String::new()),
        ]);
        let sent = validate_evidence(&evidence).expect("valid");
        assert_eq!(sent.customer_name.as_deref().map(str::len), Some(5_000));
        assert_eq!(sent.receipt.as_deref(), Some("file_123"));
        assert_eq!(sent.shipping_carrier.as_deref(), Some(""));
        assert_eq!(
            sent.billing_address, None,
            "fields not in the form are left alone"
        );
    }

    #[test]
    fn all_fields_together_have_a_limit() {
        let long = [
            "access_activity_log",
            "cancellation_policy_disclosure",
            "cancellation_rebuttal",
            "duplicate_charge_explanation",
            "product_description",
            "refund_policy_disclosure",
            "refund_refusal_explanation",
            "uncategorized_text",
        ];
        let evidence: BTreeMap<String, String> = long
            .iter()
            .map(|name| ((*name).to_string(), "x".repeat(20_000)))
            .collect();
        let err = validate_evidence(&evidence).expect_err("over 150,000");
        assert_eq!(err.field.as_deref(), Some("evidence"));
        assert!(err.message.contains("150,000"), "{err:?}");
    }
}
