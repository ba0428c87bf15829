//! Disputes in plain words: Stripe's statuses and reasons (with what evidence usually helps),
//! the evidence form's fields with Stripe's limits, and the countdown to the evidence deadline.
//! These rules live here once; the UI shows what they say.

use serde::Serialize;
use specta::Type;

/// Stripe's dispute statuses, most urgent first, with ConnectDesk's words.
pub const STATUSES: &[(&str, &str)] = &[
    ("needs_response", "Needs response"),
    ("warning_needs_response", "Inquiry: needs response"),
    ("under_review", "Under review"),
    ("warning_under_review", "Inquiry: under review"),
    ("won", "Won"),
    ("lost", "Lost"),
    ("warning_closed", "Inquiry closed"),
    ("charge_refunded", "Charge refunded"),
];

/// "Needs response" for `needs_response`; an unknown status as Stripe wrote it.
pub fn status_words(status: &str) -> String {
    STATUSES
        .iter()
        .find(|(known, _)| *known == status)
        .map_or_else(
            || status.replace('_', " "),
            |(_, words)| (*words).to_string(),
        )
}

/// Evidence can still be saved or submitted (before the deadline).
pub fn needs_response(status: &str) -> bool {
    matches!(status, "needs_response" | "warning_needs_response")
}

/// 0: needs a response, 1: the bank is reviewing, 2: closed. The list sorts by it first.
pub fn action_rank(status: &str) -> u8 {
    match status {
        "needs_response" | "warning_needs_response" => 0,
        "under_review" | "warning_under_review" => 1,
        _ => 2,
    }
}

/// What a status means, for the detail view.
pub fn status_meaning(status: &str) -> &'static str {
    match status {
        "needs_response" => "The cardholder's bank took the money back. Send evidence before the deadline, or accept the dispute.",
        "warning_needs_response" => "An inquiry (no money taken yet). Answer it before the deadline to avoid a chargeback.",
        "under_review" => "Evidence was submitted; the bank is deciding. This usually takes 60 to 75 days.",
        "warning_under_review" => "Evidence for the inquiry was submitted; the bank is deciding.",
        "won" => "The bank decided for the merchant; the disputed amount came back.",
        "lost" => "The bank decided for the cardholder (or the dispute was accepted); the money stays with them.",
        "warning_closed" => "The inquiry was closed without becoming a chargeback.",
        "charge_refunded" => "The payment was refunded, which closed the dispute.",
        _ => "",
    }
}

/// A reason in plain words and the evidence that usually helps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ReasonWords {
    /// Stripe's code, e.g. `fraudulent`.
    pub reason: String,
    /// "Fraudulent".
    pub label: String,
    /// What the cardholder says, in a sentence.
    pub explanation: String,
    /// What evidence usually helps for this reason.
    pub helps: String,
}

/// Stripe's dispute reasons (<https://docs.stripe.com/disputes/categories>).
const REASONS: &[(&str, &str, &str, &str)] = &[
    ("bank_cannot_process", "Bank cannot process", "The customer's bank cannot process the charge.", "Show that the charge was authorised and is correct; often it is best to accept."),
    ("check_returned", "Check returned", "The customer's check was returned unpaid.", "Show another payment was made, or that the customer owes the amount."),
    ("credit_not_processed", "Credit not processed", "The customer says they should have had a refund or credit that never came.", "The refund policy they agreed to and why no refund was due, or proof the refund was made."),
    ("customer_initiated", "Customer initiated", "The customer asked their bank to reverse the payment.", "Proof of the order and delivery, and communication with the customer."),
    ("debit_not_authorized", "Debit not authorized", "The customer says they did not authorise the debit.", "The signed mandate or authorisation, and the customer's details."),
    ("duplicate", "Duplicate", "The customer says they were charged twice for one purchase.", "Show both charges are for different purchases (two receipts), or that the other one was refunded."),
    ("fraudulent", "Fraudulent", "The cardholder says they did not make or allow this payment.", "Who the customer is (name, email, billing address, IP), proof of delivery to their address, and any earlier undisputed payments."),
    ("general", "General", "A dispute without a more specific reason.", "A receipt, proof of delivery or service, and communication with the customer."),
    ("incorrect_account_details", "Incorrect account details", "The account details of the payment were wrong.", "Show the details the customer gave; often it is best to accept."),
    ("insufficient_funds", "Insufficient funds", "The customer's account did not have the money.", "Show the customer owes the amount; often it is best to accept."),
    ("product_not_received", "Product not received", "The customer says they never received what they paid for.", "Proof of delivery: carrier, tracking number, shipping date and address, or proof the service was used."),
    ("product_unacceptable", "Product unacceptable", "The customer says what they received was defective, damaged or not as described.", "The product description they saw, the refund policy, and communication showing the product was as described."),
    ("subscription_canceled", "Subscription canceled", "The customer says they canceled the subscription before this charge.", "The cancellation policy they agreed to, and why the cancellation did not apply (or when it was requested)."),
    ("unrecognized", "Unrecognized", "The customer does not recognise the payment.", "A receipt and the customer's details that tie them to the payment, and communication with them."),
];

pub fn reason_words(reason: &str) -> ReasonWords {
    match REASONS.iter().find(|(code, ..)| *code == reason) {
        Some((code, label, explanation, helps)) => ReasonWords {
            reason: (*code).to_string(),
            label: (*label).to_string(),
            explanation: (*explanation).to_string(),
            helps: (*helps).to_string(),
        },
        None => ReasonWords {
            reason: reason.to_string(),
            label: reason.replace('_', " "),
            explanation: "Stripe gave a reason ConnectDesk does not know.".into(),
            helps: "A receipt, proof of delivery or service, and communication with the customer."
                .into(),
        },
    }
}

/// Text or file id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum EvidenceKind {
    Text,
    LongText,
    File,
}

/// One field of Stripe's evidence form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceField {
    /// Stripe's name, e.g. `customer_name` (also the field of a field error).
    pub name: String,
    pub label: String,
    pub kind: EvidenceKind,
    /// Characters allowed (text), `None` for files.
    pub max_length: Option<u32>,
}

/// A group of the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceGroup {
    pub title: String,
    pub fields: Vec<EvidenceField>,
}

/// Stripe's evidence fields by group: (name, label, kind). Text limits from Stripe's spec
/// (`maxLength`): 5,000 for short text, 20,000 for long text.
/// One field: Stripe's name, its label, its kind.
type FieldSpec = (&'static str, &'static str, EvidenceKind);

const GROUPS: &[(&str, &[FieldSpec])] = &[
    (
        "Customer",
        &[
            ("customer_name", "Customer name", EvidenceKind::Text),
            (
                "customer_email_address",
                "Customer email",
                EvidenceKind::Text,
            ),
            ("billing_address", "Billing address", EvidenceKind::Text),
            (
                "customer_purchase_ip",
                "Purchase IP address",
                EvidenceKind::Text,
            ),
            (
                "access_activity_log",
                "Access or activity log",
                EvidenceKind::LongText,
            ),
            (
                "customer_communication",
                "Customer communication",
                EvidenceKind::File,
            ),
            (
                "customer_signature",
                "Customer signature",
                EvidenceKind::File,
            ),
            ("receipt", "Receipt", EvidenceKind::File),
        ],
    ),
    (
        "Product or service",
        &[
            (
                "product_description",
                "Product or service description",
                EvidenceKind::LongText,
            ),
            ("service_date", "Service date", EvidenceKind::Text),
            (
                "service_documentation",
                "Service documentation",
                EvidenceKind::File,
            ),
        ],
    ),
    (
        "Shipping",
        &[
            ("shipping_address", "Shipping address", EvidenceKind::Text),
            ("shipping_carrier", "Carrier", EvidenceKind::Text),
            (
                "shipping_tracking_number",
                "Tracking number",
                EvidenceKind::Text,
            ),
            ("shipping_date", "Shipping date", EvidenceKind::Text),
            (
                "shipping_documentation",
                "Shipping documentation",
                EvidenceKind::File,
            ),
        ],
    ),
    (
        "Refund and cancellation policy",
        &[
            (
                "refund_policy_disclosure",
                "How the refund policy was shown",
                EvidenceKind::LongText,
            ),
            (
                "refund_refusal_explanation",
                "Why no refund was given",
                EvidenceKind::LongText,
            ),
            ("refund_policy", "Refund policy", EvidenceKind::File),
            (
                "cancellation_policy_disclosure",
                "How the cancellation policy was shown",
                EvidenceKind::LongText,
            ),
            (
                "cancellation_rebuttal",
                "Why the cancellation does not apply",
                EvidenceKind::LongText,
            ),
            (
                "cancellation_policy",
                "Cancellation policy",
                EvidenceKind::File,
            ),
        ],
    ),
    (
        "Duplicate charge",
        &[
            (
                "duplicate_charge_id",
                "The other charge (ch_…)",
                EvidenceKind::Text,
            ),
            (
                "duplicate_charge_explanation",
                "Why the charges differ",
                EvidenceKind::LongText,
            ),
            (
                "duplicate_charge_documentation",
                "Duplicate charge documentation",
                EvidenceKind::File,
            ),
        ],
    ),
    (
        "Other",
        &[
            (
                "uncategorized_text",
                "Anything else",
                EvidenceKind::LongText,
            ),
            ("uncategorized_file", "Other file", EvidenceKind::File),
        ],
    ),
];

/// The combined character count of all evidence Stripe accepts.
pub const MAX_EVIDENCE_TOTAL: usize = 150_000;

fn max_length(kind: EvidenceKind) -> Option<u32> {
    match kind {
        EvidenceKind::Text => Some(5_000),
        EvidenceKind::LongText => Some(20_000),
        EvidenceKind::File => None,
    }
}

/// The evidence form, grouped, in order.
pub fn evidence_groups() -> Vec<EvidenceGroup> {
    GROUPS
        .iter()
        .map(|(title, fields)| EvidenceGroup {
            title: (*title).to_string(),
            fields: fields
                .iter()
                .map(|(name, label, kind)| EvidenceField {
                    name: (*name).to_string(),
                    label: (*label).to_string(),
                    kind: *kind,
                    max_length: max_length(*kind),
                })
                .collect(),
        })
        .collect()
}

/// The kind of an evidence field, `None` for a name Stripe does not have.
pub fn evidence_kind(name: &str) -> Option<EvidenceKind> {
    GROUPS
        .iter()
        .flat_map(|(_, fields)| fields.iter())
        .find(|(known, ..)| *known == name)
        .map(|(_, _, kind)| *kind)
}

/// The label of an evidence field.
pub fn evidence_label(name: &str) -> String {
    GROUPS
        .iter()
        .flat_map(|(_, fields)| fields.iter())
        .find(|(known, ..)| *known == name)
        .map_or_else(
            || name.replace('_', " "),
            |(_, label, _)| (*label).to_string(),
        )
}

/// Every evidence field name, in the form's order.
#[cfg(test)]
fn evidence_names() -> impl Iterator<Item = &'static str> {
    GROUPS
        .iter()
        .flat_map(|(_, fields)| fields.iter())
        .map(|(name, ..)| *name)
}

/// How close the evidence deadline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum Urgency {
    /// More than 72 hours left.
    Calm,
    /// Under 72 hours: amber.
    Soon,
    /// Under 24 hours: red.
    Urgent,
    /// The deadline passed.
    Overdue,
}

/// The countdown shown on a row: words and how urgent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Countdown {
    /// "2 days 4 h left", "45 min left", "overdue".
    pub words: String,
    pub urgency: Urgency,
    /// Seconds left (negative once overdue); for the core's own decisions (notices).
    #[serde(skip)]
    #[specta(skip)]
    pub seconds_left: i64,
}

const HOUR: i64 = 3_600;
const DAY: i64 = 24 * HOUR;
/// Under this many hours the countdown turns amber.
pub const SOON_HOURS: i64 = 72;
/// Under this many hours the countdown turns red (and a notification is due).
pub const URGENT_HOURS: i64 = 24;

/// The countdown from `now` to `due_by` (both Unix seconds, UTC).
pub fn countdown(due_by: i64, now: i64) -> Countdown {
    let left = due_by - now;
    let urgency = if left <= 0 {
        Urgency::Overdue
    } else if left < URGENT_HOURS * HOUR {
        Urgency::Urgent
    } else if left < SOON_HOURS * HOUR {
        Urgency::Soon
    } else {
        Urgency::Calm
    };
    let words = if left <= 0 {
        "overdue".to_string()
    } else {
        let (days, hours, minutes) = (left / DAY, left % DAY / HOUR, left % HOUR / 60);
        let plural =
            |n: i64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        match (days, hours) {
            (0, 0) => format!("{} left", plural(minutes.max(1), "min", "min")),
            (0, h) => format!("{h} h {minutes} min left"),
            (d, 0) => format!("{} left", plural(d, "day", "days")),
            (d, h) => format!("{} {h} h left", plural(d, "day", "days")),
        }
    };
    Countdown {
        words,
        urgency,
        seconds_left: left,
    }
}

/// What the filters offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DisputeChoice {
    pub value: String,
    pub label: String,
}

/// The statuses and reasons to filter by, and the evidence form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DisputeChoices {
    pub statuses: Vec<DisputeChoice>,
    pub reasons: Vec<DisputeChoice>,
    pub evidence: Vec<EvidenceGroup>,
    /// Files ConnectDesk uploads as evidence: at most this many bytes each.
    pub max_file_bytes: u64,
}

pub fn dispute_choices() -> DisputeChoices {
    DisputeChoices {
        statuses: STATUSES
            .iter()
            .map(|(value, label)| DisputeChoice {
                value: (*value).into(),
                label: (*label).into(),
            })
            .collect(),
        reasons: REASONS
            .iter()
            .map(|(value, label, ..)| DisputeChoice {
                value: (*value).into(),
                label: (*label).into(),
            })
            .collect(),
        evidence: evidence_groups(),
        max_file_bytes: super::files::MAX_FILE_BYTES as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_around_its_thresholds() {
        let now = 1_767_225_600; // 2026-01-01T00:00:00Z
        let cases: &[(i64, &str, Urgency)] = &[
            (2 * DAY + 4 * HOUR, "2 days 4 h left", Urgency::Soon),
            (SOON_HOURS * HOUR + 1, "3 days left", Urgency::Calm),
            (SOON_HOURS * HOUR, "3 days left", Urgency::Calm),
            (SOON_HOURS * HOUR - 1, "2 days 23 h left", Urgency::Soon),
            (URGENT_HOURS * HOUR, "1 day left", Urgency::Soon),
            (URGENT_HOURS * HOUR - 1, "23 h 59 min left", Urgency::Urgent),
            (HOUR, "1 h 0 min left", Urgency::Urgent),
            (59 * 60 + 59, "59 min left", Urgency::Urgent),
            (30, "1 min left", Urgency::Urgent),
            (1, "1 min left", Urgency::Urgent),
            (0, "overdue", Urgency::Overdue),
            (-DAY, "overdue", Urgency::Overdue),
            (7 * DAY + 23 * HOUR, "7 days 23 h left", Urgency::Calm),
        ];
        for (left, words, urgency) in cases {
            let shown = countdown(now + left, now);
            assert_eq!(
                (shown.words.as_str(), shown.urgency, shown.seconds_left),
                (*words, *urgency, *left),
                "{left} s left"
            );
        }
    }

    #[test]
    fn every_evidence_field_of_stripe_is_in_one_group() {
        let mut names: Vec<&str> = evidence_names().collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "a field is in two groups");
        let stripe = [
            "access_activity_log",
            "billing_address",
            "cancellation_policy",
            "cancellation_policy_disclosure",
            "cancellation_rebuttal",
            "customer_communication",
            "customer_email_address",
            "customer_name",
            "customer_purchase_ip",
            "customer_signature",
            "duplicate_charge_documentation",
            "duplicate_charge_explanation",
            "duplicate_charge_id",
            "product_description",
            "receipt",
            "refund_policy",
            "refund_policy_disclosure",
            "refund_refusal_explanation",
            "service_date",
            "service_documentation",
            "shipping_address",
            "shipping_carrier",
            "shipping_date",
            "shipping_documentation",
            "shipping_tracking_number",
            "uncategorized_file",
            "uncategorized_text",
        ];
        assert_eq!(names, stripe);
        assert_eq!(evidence_kind("customer_name"), Some(EvidenceKind::Text));
        assert_eq!(
            evidence_kind("uncategorized_text"),
            Some(EvidenceKind::LongText)
        );
        assert_eq!(evidence_kind("receipt"), Some(EvidenceKind::File));
        assert_eq!(evidence_kind("favourite_color"), None);
    }

    #[test]
    fn needs_response_comes_before_review_and_closed() {
        let mut statuses: Vec<&str> = STATUSES.iter().map(|(s, _)| *s).collect();
        statuses.sort_by_key(|s| action_rank(s));
        assert_eq!(&statuses[..2], ["needs_response", "warning_needs_response"]);
        assert_eq!(action_rank("under_review"), 1);
        assert_eq!(action_rank("won"), 2);
        assert_eq!(status_words("warning_closed"), "Inquiry closed");
        assert_eq!(status_words("brand_new"), "brand new");
    }
}
