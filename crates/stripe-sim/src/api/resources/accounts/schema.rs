//! Parameter schemas of the account endpoints.

use crate::wire::params::{opt, req, Field, Kind};

pub(super) const REQUESTED: &[Field] = &[opt("requested", Kind::Boolean)];
pub(super) const CAP: Kind = Kind::Object(REQUESTED);

/// Capabilities that can be requested.
pub(super) const CAPABILITIES: &[Field] = &[
    opt("acss_debit_payments", CAP),
    opt("affirm_payments", CAP),
    opt("afterpay_clearpay_payments", CAP),
    opt("alipay_payments", CAP),
    opt("amazon_pay_payments", CAP),
    opt("au_becs_debit_payments", CAP),
    opt("bacs_debit_payments", CAP),
    opt("bancontact_payments", CAP),
    opt("bank_transfer_payments", CAP),
    opt("blik_payments", CAP),
    opt("boleto_payments", CAP),
    opt("card_issuing", CAP),
    opt("card_payments", CAP),
    opt("cartes_bancaires_payments", CAP),
    opt("cashapp_payments", CAP),
    opt("eps_payments", CAP),
    opt("fpx_payments", CAP),
    opt("giropay_payments", CAP),
    opt("grabpay_payments", CAP),
    opt("ideal_payments", CAP),
    opt("jcb_payments", CAP),
    opt("klarna_payments", CAP),
    opt("konbini_payments", CAP),
    opt("legacy_payments", CAP),
    opt("link_payments", CAP),
    opt("multibanco_payments", CAP),
    opt("oxxo_payments", CAP),
    opt("p24_payments", CAP),
    opt("paynow_payments", CAP),
    opt("promptpay_payments", CAP),
    opt("revolut_pay_payments", CAP),
    opt("sepa_debit_payments", CAP),
    opt("sofort_payments", CAP),
    opt("tax_reporting_us_1099_k", CAP),
    opt("tax_reporting_us_1099_misc", CAP),
    opt("transfers", CAP),
    opt("twint_payments", CAP),
    opt("us_bank_account_ach_payments", CAP),
    opt("us_bank_transfer_payments", CAP),
    opt("zip_payments", CAP),
];

pub(super) const BUSINESS_PROFILE: &[Field] = &[
    opt("annual_revenue", Kind::AnyObject),
    opt("estimated_worker_count", Kind::Integer),
    opt("mcc", Kind::String),
    opt("name", Kind::String),
    opt("product_description", Kind::String),
    opt("support_address", Kind::AnyObject),
    opt("support_email", Kind::String),
    opt("support_phone", Kind::String),
    opt("support_url", Kind::String),
    opt("url", Kind::String),
];

pub(super) const COMPANY: &[Field] = &[
    opt("address", Kind::AnyObject),
    opt("directors_provided", Kind::Boolean),
    opt("executives_provided", Kind::Boolean),
    opt("name", Kind::String),
    opt("owners_provided", Kind::Boolean),
    opt("phone", Kind::String),
    opt("registration_number", Kind::String),
    opt("structure", Kind::String),
    opt("tax_id", Kind::String),
    opt("vat_id", Kind::String),
];

pub(super) const INDIVIDUAL: &[Field] = &[
    opt("address", Kind::AnyObject),
    opt("dob", Kind::AnyObject),
    opt("email", Kind::String),
    opt("first_name", Kind::String),
    opt("gender", Kind::String),
    opt("id_number", Kind::String),
    opt("last_name", Kind::String),
    opt("maiden_name", Kind::String),
    opt("phone", Kind::String),
    opt("ssn_last_4", Kind::String),
];

pub(super) const WEEKDAYS: &[&str] = &[
    "friday",
    "monday",
    "saturday",
    "sunday",
    "thursday",
    "tuesday",
    "wednesday",
];
pub(super) const SCHEDULE: &[Field] = &[
    opt("delay_days", Kind::String),
    opt(
        "interval",
        Kind::Enum(&["daily", "manual", "monthly", "weekly"]),
    ),
    opt("monthly_anchor", Kind::Integer),
    opt("weekly_anchor", Kind::Enum(WEEKDAYS)),
];
pub(super) const PAYOUTS: &[Field] = &[
    opt("debit_negative_balances", Kind::Boolean),
    opt("schedule", Kind::Object(SCHEDULE)),
    opt("statement_descriptor", Kind::String),
];
pub(super) const PAYMENTS: &[Field] = &[
    opt("statement_descriptor", Kind::String),
    opt("statement_descriptor_kana", Kind::String),
    opt("statement_descriptor_kanji", Kind::String),
];
pub(super) const DASHBOARD: &[Field] = &[
    opt("display_name", Kind::String),
    opt("timezone", Kind::String),
];
pub(super) const SETTINGS: &[Field] = &[
    opt("bacs_debit_payments", Kind::AnyObject),
    opt("branding", Kind::AnyObject),
    opt("card_issuing", Kind::AnyObject),
    opt("card_payments", Kind::AnyObject),
    opt("dashboard", Kind::Object(DASHBOARD)),
    opt("invoices", Kind::AnyObject),
    opt("payments", Kind::Object(PAYMENTS)),
    opt("payouts", Kind::Object(PAYOUTS)),
    opt("sepa_debit_payments", Kind::AnyObject),
    opt("treasury", Kind::AnyObject),
];

pub(super) const TOS: &[Field] = &[
    opt("date", Kind::Integer),
    opt("ip", Kind::String),
    opt("service_agreement", Kind::Enum(&["full", "recipient"])),
    opt("user_agent", Kind::String),
];

pub(super) const EXTERNAL_ACCOUNT: &[Field] = &[
    opt("object", Kind::Enum(&["bank_account"])),
    opt("account_holder_name", Kind::String),
    opt(
        "account_holder_type",
        Kind::Enum(&["company", "individual"]),
    ),
    req("account_number", Kind::String),
    opt("country", Kind::String),
    opt("currency", Kind::Currency),
    opt("default_for_currency", Kind::Boolean),
    opt("metadata", Kind::Metadata),
    opt("routing_number", Kind::String),
];

pub(super) const CONTROLLER: &[Field] = &[
    opt(
        "fees",
        Kind::Object(&[opt("payer", Kind::Enum(&["account", "application"]))]),
    ),
    opt(
        "losses",
        Kind::Object(&[opt("payments", Kind::Enum(&["application", "stripe"]))]),
    ),
    opt(
        "requirement_collection",
        Kind::Enum(&["application", "stripe"]),
    ),
    opt(
        "stripe_dashboard",
        Kind::Object(&[opt("type", Kind::Enum(&["express", "full", "none"]))]),
    ),
];

pub(super) const BUSINESS_TYPES: &[&str] =
    &["company", "government_entity", "individual", "non_profit"];

pub(super) const CREATE: &[Field] = &[
    opt("account_token", Kind::String),
    opt("business_profile", Kind::Object(BUSINESS_PROFILE)),
    opt("business_type", Kind::Enum(BUSINESS_TYPES)),
    opt("capabilities", Kind::Object(CAPABILITIES)),
    opt("company", Kind::Object(COMPANY)),
    opt("controller", Kind::Object(CONTROLLER)),
    opt("country", Kind::String),
    opt("default_currency", Kind::Currency),
    opt("documents", Kind::AnyObject),
    opt("email", Kind::String),
    opt("external_account", Kind::TokenOr(EXTERNAL_ACCOUNT)),
    opt("individual", Kind::Object(INDIVIDUAL)),
    opt("metadata", Kind::Metadata),
    opt("settings", Kind::Object(SETTINGS)),
    opt("tos_acceptance", Kind::Object(TOS)),
    opt("type", Kind::Enum(&["custom", "express", "standard"])),
];

pub(super) const UPDATE: &[Field] = &[
    opt("account_token", Kind::String),
    opt("business_profile", Kind::Object(BUSINESS_PROFILE)),
    opt("business_type", Kind::Enum(BUSINESS_TYPES)),
    opt("capabilities", Kind::Object(CAPABILITIES)),
    opt("company", Kind::Object(COMPANY)),
    opt("default_currency", Kind::Currency),
    opt("documents", Kind::AnyObject),
    opt("email", Kind::String),
    opt("external_account", Kind::TokenOr(EXTERNAL_ACCOUNT)),
    opt("individual", Kind::Object(INDIVIDUAL)),
    opt("metadata", Kind::Metadata),
    opt("settings", Kind::Object(SETTINGS)),
    opt("tos_acceptance", Kind::Object(TOS)),
];

pub(super) const LOGIN_LINK: &[Field] = &[opt("redirect_url", Kind::String)];
