//! Every request the client can build, checked against Stripe's OpenAPI spec (API version
//! 2020-08-27): path template, method, every parameter name down to the last bracket, value types
//! and enums, and required parameters. Each parameter struct is filled completely (no `None`, no
//! empty list or map anywhere), so every field is checked.

mod spec;

use std::collections::{BTreeMap, BTreeSet};

use connectdesk_stripe::account_links::{
    self, AccountLinkCollect, AccountLinkType, CreateAccountLink,
};
use connectdesk_stripe::accounts::{
    self, AccountSettingsParams, AccountType, AddressParams, BusinessProfileParams, BusinessType,
    CapabilityName, CapabilityRequest, CompanyParams, CreateAccount, DelayDays, IndividualParams,
    ListAccounts, PayoutInterval, PayoutScheduleParams, PayoutSettingsParams, TosAcceptanceParams,
    UpdateAccount, Weekday,
};
use connectdesk_stripe::balance_transactions::{self, ListBalanceTransactions};
use connectdesk_stripe::disputes::{self, DisputeEvidence, ListDisputes, UpdateDispute};
use connectdesk_stripe::events::{self, ListEvents};
use connectdesk_stripe::files::{self, FilePurpose, UploadFile};
use connectdesk_stripe::login_links::{self, CreateLoginLink};
use connectdesk_stripe::payment_intents::{
    self, CaptureMethod, CapturePaymentIntent, CaptureTransferData, CreatePaymentIntent,
    ListPaymentIntents, TransferDataParams,
};
use connectdesk_stripe::payment_method_configurations::{self, ListPaymentMethodConfigurations};
use connectdesk_stripe::payouts::{self, CreatePayout, ListPayouts, PayoutMethod, PayoutStatus};
use connectdesk_stripe::refunds::{self, CreateRefund, ListRefunds, RefundReason};
use connectdesk_stripe::transfer_reversals::{self, CreateTransferReversal, ListTransferReversals};
use connectdesk_stripe::transfers::{self, CreateTransfer, ListTransfers, SourceType};
use connectdesk_stripe::webhook_endpoints::{
    self, CreateWebhookEndpoint, ListWebhookEndpoints, UpdateWebhookEndpoint,
};
use connectdesk_stripe::{
    balance, Idempotency, Metadata, Method, OperationRef, Page, RangeQuery, RequestSpec,
};
use serde::Serialize;
use serde_json::Value;
use spec::{check_value, split_key, Spec};

/// Endpoints newer than the 2020-08-27 spec, with the query parameters Stripe documents today.
const NEWER_THAN_SPEC: &[(&str, &[&str])] = &[(
    "/v1/payment_method_configurations",
    &["application", "ending_before", "limit", "starting_after"],
)];

fn op(name: &str) -> OperationRef {
    OperationRef::new(name).expect("valid operation reference")
}

fn metadata() -> Metadata {
    Metadata::from([("order".to_owned(), "42".to_owned())])
}

fn range() -> RangeQuery {
    RangeQuery {
        gt: Some(1),
        gte: Some(2),
        lt: Some(3),
        lte: Some(4),
    }
}

fn page() -> Page {
    Page::limit(100)
        .starting_after("obj_1")
        .ending_before("obj_0")
}

fn some(text: &str) -> Option<String> {
    Some(text.to_owned())
}

fn business_profile() -> BusinessProfileParams {
    BusinessProfileParams {
        name: some("Downtown Grill"),
        mcc: some("5812"),
        url: some("https://downtowngrill.example"),
        product_description: some("Food"),
        support_email: some("support@downtowngrill.example"),
        support_phone: some("+15555550100"),
        support_url: some("https://downtowngrill.example/help"),
    }
}

fn account_settings() -> AccountSettingsParams {
    AccountSettingsParams {
        payouts: Some(PayoutSettingsParams {
            debit_negative_balances: Some(true),
            schedule: Some(PayoutScheduleParams {
                interval: Some(PayoutInterval::Weekly),
                delay_days: Some(DelayDays::Days(2)),
                weekly_anchor: Some(Weekday::Friday),
                monthly_anchor: Some(15),
            }),
            statement_descriptor: some("GRILL"),
        }),
    }
}

fn capabilities() -> BTreeMap<CapabilityName, CapabilityRequest> {
    BTreeMap::from([(
        CapabilityName::Transfers,
        CapabilityRequest { requested: true },
    )])
}

fn address() -> AddressParams {
    AddressParams {
        line1: some("1 Main St"),
        line2: some("Suite 2"),
        city: some("Springfield"),
        state: some("IL"),
        postal_code: some("62701"),
        country: some("US"),
    }
}

fn company() -> CompanyParams {
    CompanyParams {
        name: some("Downtown Grill LLC"),
        phone: some("+15555550100"),
        tax_id: some("000000000"),
        address: Some(address()),
    }
}

fn individual() -> IndividualParams {
    IndividualParams {
        first_name: some("Jenny"),
        last_name: some("Rosen"),
        email: some("jenny@example.com"),
        phone: some("+15555550101"),
        address: Some(address()),
    }
}

fn tos_acceptance() -> TosAcceptanceParams {
    TosAcceptanceParams {
        date: Some(1_700_000_000),
        ip: some("203.0.113.7"),
        user_agent: some("ConnectDesk"),
    }
}

fn create_account() -> CreateAccount {
    CreateAccount {
        account_type: Some(AccountType::Express),
        country: some("US"),
        email: some("owner@downtowngrill.example"),
        business_type: Some(BusinessType::Company),
        business_profile: Some(business_profile()),
        capabilities: capabilities(),
        company: Some(company()),
        individual: Some(individual()),
        default_currency: some("usd"),
        external_account: some("btok_us_verified"),
        tos_acceptance: Some(tos_acceptance()),
        settings: Some(account_settings()),
        metadata: metadata(),
    }
}

fn update_account() -> UpdateAccount {
    UpdateAccount {
        email: some("owner@downtowngrill.example"),
        business_type: Some(BusinessType::Company),
        business_profile: Some(business_profile()),
        capabilities: capabilities(),
        company: Some(company()),
        individual: Some(individual()),
        default_currency: some("usd"),
        external_account: some("btok_us_verified"),
        tos_acceptance: Some(tos_acceptance()),
        settings: Some(account_settings()),
        metadata: metadata(),
    }
}

fn create_payment_intent() -> CreatePaymentIntent {
    CreatePaymentIntent {
        amount: 2500,
        currency: "usd".into(),
        payment_method_types: vec!["card".into()],
        application_fee_amount: Some(75),
        capture_method: Some(CaptureMethod::Manual),
        confirm: Some(true),
        customer: some("cus_1"),
        description: some("Order 42"),
        metadata: metadata(),
        on_behalf_of: some("acct_1"),
        payment_method: some("pm_card_visa"),
        receipt_email: some("customer@example.com"),
        statement_descriptor: some("GRILL"),
        statement_descriptor_suffix: some("42"),
        transfer_data: Some(TransferDataParams {
            destination: "acct_1".into(),
            amount: Some(2425),
        }),
        transfer_group: some("order_42"),
    }
}

fn dispute_evidence() -> DisputeEvidence {
    let text = some("text");
    let file = some("file_1");
    DisputeEvidence {
        access_activity_log: text.clone(),
        billing_address: text.clone(),
        cancellation_policy: file.clone(),
        cancellation_policy_disclosure: text.clone(),
        cancellation_rebuttal: text.clone(),
        customer_communication: file.clone(),
        customer_email_address: text.clone(),
        customer_name: text.clone(),
        customer_purchase_ip: text.clone(),
        customer_signature: file.clone(),
        duplicate_charge_documentation: file.clone(),
        duplicate_charge_explanation: text.clone(),
        duplicate_charge_id: text.clone(),
        product_description: text.clone(),
        receipt: file.clone(),
        refund_policy: file.clone(),
        refund_policy_disclosure: text.clone(),
        refund_refusal_explanation: text.clone(),
        service_date: text.clone(),
        service_documentation: file.clone(),
        shipping_address: text.clone(),
        shipping_carrier: text.clone(),
        shipping_date: text.clone(),
        shipping_documentation: file.clone(),
        shipping_tracking_number: text.clone(),
        uncategorized_file: file,
        uncategorized_text: text,
    }
}

/// A request and the parameter struct it was built from (to prove the struct was filled).
struct Case {
    name: &'static str,
    spec: RequestSpec,
    params: Option<Value>,
}

fn case<P: Serialize>(name: &'static str, spec: &RequestSpec, params: &P) -> Case {
    let params = serde_json::to_value(params).expect("params as JSON");
    Case {
        name,
        spec: spec.clone(),
        params: Some(params),
    }
}

fn bare(name: &'static str, spec: &RequestSpec) -> Case {
    Case {
        name,
        spec: spec.clone(),
        params: None,
    }
}

/// Every endpoint function of the crate.
fn all_requests() -> Vec<Case> {
    let create_account = create_account();
    let update_account = update_account();
    let list_accounts = ListAccounts {
        created: Some(range()),
        page: page(),
    };
    let account_link = CreateAccountLink {
        account: "acct_1".into(),
        link_type: AccountLinkType::AccountOnboarding,
        refresh_url: some("https://app.example/refresh"),
        return_url: some("https://app.example/return"),
        collect: Some(AccountLinkCollect::EventuallyDue),
    };
    let login_link = CreateLoginLink {
        redirect_url: some("https://app.example/back"),
    };
    let create_pi = create_payment_intent();
    let capture = CapturePaymentIntent {
        amount_to_capture: Some(2500),
        application_fee_amount: Some(75),
        statement_descriptor: some("GRILL"),
        statement_descriptor_suffix: some("42"),
        transfer_data: Some(CaptureTransferData { amount: Some(2425) }),
    };
    let list_pi = ListPaymentIntents {
        created: Some(range()),
        customer: some("cus_1"),
        page: page(),
    };
    let refund = CreateRefund {
        payment_intent: some("pi_1"),
        charge: some("ch_1"),
        amount: Some(500),
        reason: Some(RefundReason::RequestedByCustomer),
        refund_application_fee: Some(true),
        reverse_transfer: Some(true),
        metadata: metadata(),
    };
    let list_refunds = ListRefunds {
        charge: some("ch_1"),
        payment_intent: some("pi_1"),
        created: Some(range()),
        page: page(),
    };
    let transfer = CreateTransfer {
        amount: 10_000,
        currency: "usd".into(),
        destination: "acct_1".into(),
        description: some("Weekly tip payout"),
        metadata: metadata(),
        source_transaction: some("ch_1"),
        source_type: Some(SourceType::Card),
        transfer_group: some("week_3"),
    };
    let list_transfers = ListTransfers {
        created: Some(range()),
        destination: some("acct_1"),
        transfer_group: some("week_3"),
        page: page(),
    };
    let reversal = CreateTransferReversal {
        amount: Some(5_000),
        description: some("Partial reversal"),
        metadata: metadata(),
        refund_application_fee: Some(true),
    };
    let list_reversals = ListTransferReversals { page: page() };
    let payout = CreatePayout {
        amount: 125_000,
        currency: "usd".into(),
        description: some("Weekly payout"),
        destination: some("ba_1"),
        metadata: metadata(),
        method: Some(PayoutMethod::Standard),
        source_type: Some(SourceType::Card),
        statement_descriptor: some("GRILL"),
    };
    let list_payouts = ListPayouts {
        arrival_date: Some(range()),
        created: Some(range()),
        destination: some("ba_1"),
        status: Some(PayoutStatus::Paid),
        page: page(),
    };
    let list_txns = ListBalanceTransactions {
        created: Some(range()),
        currency: some("usd"),
        payout: some("po_1"),
        source: some("ch_1"),
        transaction_type: some("charge"),
        page: page(),
    };
    let list_disputes = ListDisputes {
        charge: some("ch_1"),
        payment_intent: some("pi_1"),
        created: Some(range()),
        page: page(),
    };
    let update_dispute = UpdateDispute {
        evidence: Some(dispute_evidence()),
        metadata: metadata(),
        submit: Some(true),
    };
    let upload = UploadFile::new(
        FilePurpose::DisputeEvidence,
        "receipt.pdf",
        b"%PDF-1.4".to_vec(),
    )
    .content_type("application/pdf");
    let list_events = ListEvents {
        created: Some(range()),
        delivery_success: Some(true),
        event_type: some("payout.paid"),
        types: vec!["payout.paid".into()],
        page: page(),
    };
    let list_pmc = ListPaymentMethodConfigurations {
        application: some("ca_1"),
        page: page(),
    };
    let create_webhook = CreateWebhookEndpoint {
        url: "https://app.example/hooks".into(),
        enabled_events: vec!["account.updated".into(), "payout.paid".into()],
        api_version: some("2020-08-27"),
        connect: Some(true),
        description: some("ConnectDesk"),
        metadata: metadata(),
    };
    let update_webhook = UpdateWebhookEndpoint {
        url: some("https://app.example/v2/hooks"),
        enabled_events: vec!["*".into()],
        disabled: Some(true),
        description: some("ConnectDesk"),
        metadata: metadata(),
    };
    let list_webhooks = ListWebhookEndpoints { page: page() };

    vec![
        case(
            "accounts::create",
            accounts::create(&create_account, &op("a"))
                .expect("builds")
                .spec(),
            &create_account,
        ),
        bare("accounts::retrieve", accounts::retrieve("acct_1").spec()),
        bare(
            "accounts::retrieve_current",
            accounts::retrieve_current().spec(),
        ),
        case(
            "accounts::update",
            accounts::update("acct_1", &update_account)
                .expect("builds")
                .spec(),
            &update_account,
        ),
        case(
            "accounts::update_recorded",
            accounts::update_recorded("acct_1", &update_account, &op("o"))
                .expect("builds")
                .spec(),
            &update_account,
        ),
        bare("accounts::delete", accounts::delete("acct_1").spec()),
        case(
            "accounts::list",
            accounts::list(&list_accounts).expect("builds").spec(),
            &list_accounts,
        ),
        case(
            "account_links::create",
            account_links::create(&account_link).expect("builds").spec(),
            &account_link,
        ),
        case(
            "login_links::create",
            login_links::create("acct_1", &login_link)
                .expect("builds")
                .spec(),
            &login_link,
        ),
        case(
            "payment_intents::create",
            payment_intents::create(&create_pi, &op("p"))
                .expect("builds")
                .spec(),
            &create_pi,
        ),
        bare(
            "payment_intents::retrieve",
            payment_intents::retrieve("pi_1").spec(),
        ),
        case(
            "payment_intents::capture",
            payment_intents::capture("pi_1", &capture, &op("c"))
                .expect("builds")
                .spec(),
            &capture,
        ),
        case(
            "payment_intents::list",
            payment_intents::list(&list_pi).expect("builds").spec(),
            &list_pi,
        ),
        case(
            "refunds::create",
            refunds::create(&refund, &op("r")).expect("builds").spec(),
            &refund,
        ),
        case(
            "refunds::list",
            refunds::list(&list_refunds).expect("builds").spec(),
            &list_refunds,
        ),
        case(
            "transfers::create",
            transfers::create(&transfer, &op("t"))
                .expect("builds")
                .spec(),
            &transfer,
        ),
        bare("transfers::retrieve", transfers::retrieve("tr_1").spec()),
        case(
            "transfers::list",
            transfers::list(&list_transfers).expect("builds").spec(),
            &list_transfers,
        ),
        case(
            "transfer_reversals::create",
            transfer_reversals::create("tr_1", &reversal, &op("v"))
                .expect("builds")
                .spec(),
            &reversal,
        ),
        case(
            "transfer_reversals::list",
            transfer_reversals::list("tr_1", &list_reversals)
                .expect("builds")
                .spec(),
            &list_reversals,
        ),
        case(
            "payouts::create",
            payouts::create(&payout, &op("o")).expect("builds").spec(),
            &payout,
        ),
        bare("payouts::retrieve", payouts::retrieve("po_1").spec()),
        bare(
            "payouts::cancel",
            payouts::cancel("po_1", &op("o")).expect("builds").spec(),
        ),
        case(
            "payouts::list",
            payouts::list(&list_payouts).expect("builds").spec(),
            &list_payouts,
        ),
        bare("balance::retrieve", balance::retrieve().spec()),
        case(
            "balance_transactions::list",
            balance_transactions::list(&list_txns)
                .expect("builds")
                .spec(),
            &list_txns,
        ),
        case(
            "disputes::list",
            disputes::list(&list_disputes).expect("builds").spec(),
            &list_disputes,
        ),
        bare("disputes::retrieve", disputes::retrieve("dp_1").spec()),
        case(
            "disputes::update",
            disputes::update("dp_1", &update_dispute)
                .expect("builds")
                .spec(),
            &update_dispute,
        ),
        case(
            "files::create",
            files::create(&upload, &op("f")).expect("builds").spec(),
            &upload,
        ),
        case(
            "events::list",
            events::list(&list_events).expect("builds").spec(),
            &list_events,
        ),
        case(
            "payment_method_configurations::list",
            payment_method_configurations::list(&list_pmc)
                .expect("builds")
                .spec(),
            &list_pmc,
        ),
        case(
            "webhook_endpoints::create",
            webhook_endpoints::create(&create_webhook, &op("w"))
                .expect("builds")
                .spec(),
            &create_webhook,
        ),
        bare(
            "webhook_endpoints::retrieve",
            webhook_endpoints::retrieve("we_1").spec(),
        ),
        case(
            "webhook_endpoints::update",
            webhook_endpoints::update("we_1", &update_webhook)
                .expect("builds")
                .spec(),
            &update_webhook,
        ),
        bare(
            "webhook_endpoints::delete",
            webhook_endpoints::delete("we_1").spec(),
        ),
        case(
            "webhook_endpoints::list",
            webhook_endpoints::list(&list_webhooks)
                .expect("builds")
                .spec(),
            &list_webhooks,
        ),
    ]
}

/// Checks one request against the spec; returns every problem found.
fn conformance_errors(spec: &Spec, request: &RequestSpec) -> Vec<String> {
    let mut keys: Vec<(String, String)> = request.params().to_vec();
    if let Some(file) = request.file() {
        keys.push(("file".to_owned(), file.filename.clone()));
    }
    pair_errors(
        spec,
        request.method(),
        request.path(),
        &keys,
        request.file().is_some(),
    )
}

/// Checks method, path and form pairs against the spec.
fn pair_errors(
    spec: &Spec,
    method: Method,
    path: &str,
    keys: &[(String, String)],
    multipart: bool,
) -> Vec<String> {
    let mut errors = Vec::new();
    let Some(template) = spec.match_path(path) else {
        return vec![format!("{method} {path}: no such path in the spec")];
    };
    let Some(operation) = spec.operation(&template, method.as_str()) else {
        return vec![format!(
            "{method} {template}: the spec has no such operation"
        )];
    };

    let mut objects = Vec::new();
    let mut roots = BTreeSet::new();
    let body_schema = match method {
        Method::Post => {
            let content_type = if multipart {
                "multipart/form-data"
            } else {
                "application/x-www-form-urlencoded"
            };
            let schema = &operation["requestBody"]["content"][content_type]["schema"];
            if schema.is_null() {
                return vec![format!(
                    "{method} {template}: no {content_type} body in the spec"
                )];
            }
            Some(schema)
        }
        Method::Get | Method::Delete => None,
    };

    for (key, value) in keys {
        let (root, segments) = split_key(key);
        roots.insert(root.clone());
        let schema = match body_schema {
            Some(body) => body["properties"].get(&root).cloned(),
            None => operation["parameters"].as_array().and_then(|parameters| {
                parameters
                    .iter()
                    .find(|p| p["in"] == "query" && p["name"] == root.as_str())
                    .map(|p| p["schema"].clone())
            }),
        };
        let Some(schema) = schema else {
            errors.push(format!("{method} {template}: unknown parameter {root:?}"));
            continue;
        };
        if let Err(err) = check_value(spec, &schema, &root, &segments, value, &mut objects) {
            errors.push(format!("{method} {template}: {err}"));
        }
    }

    if let Some(body) = body_schema {
        for required in body["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !roots.contains(required) {
                errors.push(format!(
                    "{method} {template}: required parameter {required:?} missing"
                ));
            }
        }
    }
    for (prefix, required) in objects {
        for name in required {
            let nested = format!("{prefix}[{name}]");
            if !keys
                .iter()
                .any(|(key, _)| key == &nested || key.starts_with(&format!("{nested}[")))
            {
                errors.push(format!("{method} {template}: {prefix} requires {name}"));
            }
        }
    }
    errors
}

/// Parameter values that would leave a field unchecked: `null`, `[]`, `{}`.
fn unfilled(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::Null => out.push(path.to_owned()),
        Value::Array(items) if items.is_empty() => out.push(path.to_owned()),
        Value::Object(fields) if fields.is_empty() => out.push(path.to_owned()),
        Value::Array(items) => items
            .iter()
            .for_each(|item| unfilled(item, &format!("{path}[]"), out)),
        Value::Object(fields) => fields
            .iter()
            .for_each(|(name, field)| unfilled(field, &format!("{path}.{name}"), out)),
        _ => {}
    }
}

#[test]
fn every_request_matches_the_openapi_spec() {
    let spec = Spec::load();
    let mut errors = Vec::new();
    let mut checked = 0;
    for Case {
        name,
        spec: request,
        params,
    } in all_requests()
    {
        if let Some(params) = &params {
            let mut missing = Vec::new();
            unfilled(params, name, &mut missing);
            assert!(
                missing.is_empty(),
                "fill every field of the parameters: {missing:?}"
            );
        }
        if let Some((path, allowed)) = NEWER_THAN_SPEC
            .iter()
            .find(|(path, _)| *path == request.path())
        {
            assert!(
                !spec.has_path(path),
                "{path} is in the spec now: check it like the others"
            );
            for (key, _) in request.params() {
                assert!(
                    allowed.contains(&split_key(key).0.as_str()),
                    "{name}: unknown parameter {key}"
                );
            }
            continue;
        }
        errors.extend(
            conformance_errors(&spec, &request)
                .into_iter()
                .map(|err| format!("{name}: {err}")),
        );
        checked += 1;
    }
    assert!(
        errors.is_empty(),
        "{} problems:\n{}",
        errors.len(),
        errors.join("\n")
    );
    assert_eq!(checked, all_requests().len() - NEWER_THAN_SPEC.len());
}

#[test]
fn every_post_carries_an_idempotency_key_and_money_calls_are_durable() {
    let durable = [
        "accounts::create",
        "payment_intents::create",
        "payment_intents::capture",
        "refunds::create",
        "transfers::create",
        "transfer_reversals::create",
        "payouts::create",
        "payouts::cancel",
        "accounts::update_recorded",
        "files::create",
        "webhook_endpoints::create",
    ];
    for Case {
        name,
        spec: request,
        ..
    } in all_requests()
    {
        let expected = match request.method() {
            Method::Get | Method::Delete => "none",
            Method::Post if durable.contains(&name) => "durable",
            Method::Post => "per call",
        };
        let actual = match request.idempotency() {
            Idempotency::None => "none",
            Idempotency::PerCall => "per call",
            Idempotency::Durable(_) => "durable",
        };
        assert_eq!(actual, expected, "{name}");
    }
}

/// Every value of every request enum the client knows is one the spec allows at that place.
#[test]
fn every_known_enum_value_is_in_the_spec() {
    let spec = Spec::load();
    let cases: &[(&str, &str, &str, &[&str])] = &[
        ("/v1/accounts", "post", "type", AccountType::KNOWN_VALUES),
        (
            "/v1/accounts",
            "post",
            "business_type",
            BusinessType::KNOWN_VALUES,
        ),
        (
            "/v1/accounts",
            "post",
            "settings[payouts][schedule][interval]",
            PayoutInterval::KNOWN_VALUES,
        ),
        (
            "/v1/accounts",
            "post",
            "settings[payouts][schedule][weekly_anchor]",
            Weekday::KNOWN_VALUES,
        ),
        (
            "/v1/account_links",
            "post",
            "type",
            AccountLinkType::KNOWN_VALUES,
        ),
        (
            "/v1/account_links",
            "post",
            "collect",
            AccountLinkCollect::KNOWN_VALUES,
        ),
        (
            "/v1/payment_intents",
            "post",
            "capture_method",
            CaptureMethod::KNOWN_VALUES,
        ),
        (
            "/v1/transfers",
            "post",
            "source_type",
            SourceType::KNOWN_VALUES,
        ),
        (
            "/v1/payouts",
            "post",
            "source_type",
            SourceType::KNOWN_VALUES,
        ),
        ("/v1/payouts", "post", "method", PayoutMethod::KNOWN_VALUES),
        ("/v1/payouts", "get", "status", PayoutStatus::KNOWN_VALUES),
        ("/v1/files", "post", "purpose", FilePurpose::KNOWN_VALUES),
        // `expired_uncaptured_charge` is set by Stripe only; the others may be sent.
        (
            "/v1/refunds",
            "post",
            "reason",
            &RefundReason::KNOWN_VALUES[..3],
        ),
    ];
    let mut errors = Vec::new();
    for (template, method, key, values) in cases {
        let operation = spec.operation(template, method).expect("operation exists");
        let (root, segments) = split_key(key);
        let schema = if *method == "get" {
            operation["parameters"]
                .as_array()
                .and_then(|ps| ps.iter().find(|p| p["name"] == root.as_str()))
                .map(|p| p["schema"].clone())
        } else {
            let content = &operation["requestBody"]["content"];
            let body = content
                .get("application/x-www-form-urlencoded")
                .or_else(|| content.get("multipart/form-data"))
                .expect("a body");
            body["schema"]["properties"].get(&root).cloned()
        }
        .unwrap_or_else(|| panic!("{template} has {root}"));
        for value in *values {
            if let Err(err) = check_value(&spec, &schema, &root, &segments, value, &mut Vec::new())
            {
                errors.push(format!("{method} {template}: {err}"));
            }
        }
    }
    for name in CapabilityName::KNOWN_VALUES {
        let key = format!("capabilities[{name}][requested]");
        let request = accounts::update(
            "acct_1",
            &UpdateAccount {
                capabilities: BTreeMap::from([(
                    CapabilityName::from(*name),
                    CapabilityRequest { requested: true },
                )]),
                ..UpdateAccount::default()
            },
        )
        .expect("builds");
        assert!(
            request.spec().params().iter().any(|(k, _)| k == &key),
            "{key}"
        );
        errors.extend(conformance_errors(&spec, request.spec()));
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn delay_days_minimum_and_unset_metadata_are_accepted() {
    let spec = Spec::load();
    let params = UpdateAccount {
        settings: Some(AccountSettingsParams {
            payouts: Some(PayoutSettingsParams {
                schedule: Some(PayoutScheduleParams {
                    delay_days: Some(DelayDays::Minimum),
                    ..PayoutScheduleParams::default()
                }),
                ..PayoutSettingsParams::default()
            }),
        }),
        metadata: Metadata::from([("order".to_owned(), String::new())]),
        ..UpdateAccount::default()
    };
    let request = accounts::update("acct_1", &params).expect("builds");
    assert_eq!(
        request.spec().params(),
        [
            (
                "settings[payouts][schedule][delay_days]".to_owned(),
                "minimum".to_owned()
            ),
            ("metadata[order]".to_owned(), String::new()),
        ]
    );
    assert_eq!(
        conformance_errors(&spec, request.spec()),
        Vec::<String>::new()
    );
}

/// The checker itself catches what it should.
#[test]
fn the_checker_rejects_wrong_requests() {
    let spec = Spec::load();
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    let errors = pair_errors(
        &spec,
        Method::Post,
        "/v1/transfers",
        &pairs(&[
            ("amount", "ten"),
            ("currency", "usd"),
            ("destinaton", "acct_1"),
            ("metadata[a]", "b"),
        ]),
        false,
    );
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].contains(r#"amount="ten""#), "{errors:?}");
    assert!(
        errors[1].contains(r#"unknown parameter "destinaton""#),
        "{errors:?}"
    );
    assert!(
        errors[2].contains(r#"required parameter "destination" missing"#),
        "{errors:?}"
    );

    let errors = pair_errors(
        &spec,
        Method::Post,
        "/v1/payment_intents",
        &pairs(&[
            ("amount", "1"),
            ("currency", "usd"),
            ("transfer_data[amount]", "1"),
            ("capabilities[x]", "1"),
        ]),
        false,
    );
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].contains("unknown parameter \"capabilities\""),
        "{errors:?}"
    );
    assert!(
        errors[1].contains("transfer_data requires destination"),
        "{errors:?}"
    );

    let errors = pair_errors(
        &spec,
        Method::Get,
        "/v1/transfers",
        &pairs(&[("created[gte]", "soon"), ("limit", "10")]),
        false,
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        pair_errors(&spec, Method::Delete, "/v1/transfers/tr_1", &[], false).len(),
        1
    );
    assert_eq!(
        pair_errors(&spec, Method::Get, "/v1/nothing", &[], false).len(),
        1
    );

    let reason = CreateRefund {
        reason: Some(RefundReason::Other("because".into())),
        ..CreateRefund::for_payment_intent("pi_1")
    };
    let errors = conformance_errors(
        &spec,
        refunds::create(&reason, &op("r")).expect("builds").spec(),
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains(r#"reason="because""#), "{errors:?}");
}
