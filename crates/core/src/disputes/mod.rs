//! Disputes of the platform's payments: synced from Stripe, listed by what needs action with a
//! countdown to each evidence deadline, answered with evidence (text and files, saved as a
//! draft or submitted), accepted; desktop notices for new disputes and the last 24 hours.

mod events;
mod evidence;
mod export;
pub mod files;
mod model;
mod service;
mod words;

pub use model::*;
pub use service::Disputes;
pub use words::{
    countdown, dispute_choices, evidence_groups, reason_words, status_words, Countdown,
    DisputeChoice, DisputeChoices, EvidenceField, EvidenceGroup, EvidenceKind, ReasonWords,
    Urgency, SOON_HOURS, URGENT_HOURS,
};
