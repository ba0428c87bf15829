//! `/v1/payment_method_configurations`: one default configuration per account, whose
//! `available` flags follow the account's capabilities (card and wallets with `card_payments`).

use serde_json::{json, Value};

use crate::api::resources::no_params;
use crate::domain::Ctx;
use crate::model::Account;
use crate::wire::list::list_object;
use crate::wire::params::{opt, validate_list, Field, Kind};
use crate::wire::ApiError;

/// Payment methods listed in a configuration, with the capability each needs.
const METHODS: &[(&str, &str)] = &[
    ("acss_debit", "acss_debit_payments"),
    ("affirm", "affirm_payments"),
    ("afterpay_clearpay", "afterpay_clearpay_payments"),
    ("alipay", "alipay_payments"),
    ("amazon_pay", "amazon_pay_payments"),
    ("apple_pay", "card_payments"),
    ("bacs_debit", "bacs_debit_payments"),
    ("bancontact", "bancontact_payments"),
    ("blik", "blik_payments"),
    ("card", "card_payments"),
    ("cartes_bancaires", "cartes_bancaires_payments"),
    ("cashapp", "cashapp_payments"),
    ("customer_balance", "bank_transfer_payments"),
    ("eps", "eps_payments"),
    ("giropay", "giropay_payments"),
    ("google_pay", "card_payments"),
    ("ideal", "ideal_payments"),
    ("klarna", "klarna_payments"),
    ("link", "link_payments"),
    ("multibanco", "multibanco_payments"),
    ("p24", "p24_payments"),
    ("sepa_debit", "sepa_debit_payments"),
    ("sofort", "sofort_payments"),
    ("us_bank_account", "us_bank_account_ach_payments"),
    ("wechat_pay", "wechat_pay_payments"),
    ("zip", "zip_payments"),
];

const LIST: &[Field] = &[opt("application", Kind::String)];

fn configuration(account: &Account, platform: &str) -> Value {
    let mut config = json!({
        "id": account.payment_method_configuration_id(),
        "object": "payment_method_configuration",
        "active": true,
        "application": null,
        "is_default": true,
        "livemode": false,
        "name": "Default",
        "parent": null,
    });
    for (method, capability) in METHODS {
        let available = account.id == platform && *capability == "card_payments"
            || account.capabilities.get(*capability).map(String::as_str) == Some("active");
        let setting = if available { "on" } else { "off" };
        config[*method] = json!({
            "available": available,
            "display_preference": { "overridable": null, "preference": setting, "value": setting },
        });
    }
    config
}

fn acting_account(ctx: &Ctx<'_>) -> Result<Account, ApiError> {
    ctx.db
        .accounts
        .row(&ctx.account)
        .map(|r| r.value.clone())
        .ok_or_else(|| ApiError::no_such("account", &ctx.account, "account"))
}

/// `GET /v1/payment_method_configurations`.
pub fn list_configurations(ctx: &mut Ctx<'_>, raw: Value) -> Result<Value, ApiError> {
    validate_list(raw, LIST)?;
    let account = acting_account(ctx)?;
    let data = vec![configuration(&account, ctx.db.platform())];
    Ok(list_object(
        "/v1/payment_method_configurations",
        data,
        false,
    ))
}

/// `GET /v1/payment_method_configurations/{id}`.
pub fn retrieve(ctx: &mut Ctx<'_>, id: &str, raw: Value) -> Result<Value, ApiError> {
    no_params(raw)?;
    let account = acting_account(ctx)?;
    if account.payment_method_configuration_id() != id {
        return Err(ApiError::no_such(
            "payment_method_configuration",
            id,
            "configuration",
        ));
    }
    Ok(configuration(&account, ctx.db.platform()))
}
