//! Disputes as CSV: amounts in major units of their currency (exact decimal text), deadlines in
//! UTC.

use super::model::Dispute;
use crate::guard::CsvTable;
use crate::money::major_text;

pub(super) const DISPUTES_CSV: CsvTable<Dispute> = CsvTable {
    what: "disputes",
    header: &[
        "disputeId",
        "created",
        "paymentIntentId",
        "chargeId",
        "accountId",
        "merchantId",
        "currency",
        "amount",
        "reason",
        "status",
        "evidenceDueBy",
        "timeLeft",
        "submissionCount",
    ],
    row,
};

fn row(dispute: &Dispute) -> Vec<String> {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    vec![
        dispute.dispute_id.clone(),
        dispute.created.clone(),
        text(&dispute.payment_intent_id),
        text(&dispute.charge_id),
        dispute.account_id.clone(),
        text(&dispute.merchant_id),
        dispute.currency.to_ascii_uppercase(),
        major_text(dispute.amount, &dispute.currency),
        dispute.reason.clone(),
        dispute.status_words.clone(),
        text(&dispute.due_by),
        dispute
            .countdown
            .as_ref()
            .map(|c| c.words.clone())
            .unwrap_or_default(),
        dispute.submission_count.to_string(),
    ]
}
