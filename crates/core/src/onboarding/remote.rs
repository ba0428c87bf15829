//! The Stripe calls of onboarding. They return Stripe's own errors; callers decide what a failure
//! means for their operation.

use std::collections::BTreeMap;

use connectdesk_stripe::account_links::{AccountLink, AccountLinkType, CreateAccountLink};
use connectdesk_stripe::accounts::{
    self, Account, BusinessProfileParams, CapabilityName, CapabilityRequest, CreateAccount,
};
use connectdesk_stripe::login_links::CreateLoginLink;
use connectdesk_stripe::payment_method_configurations::ListPaymentMethodConfigurations;
use connectdesk_stripe::{OperationRef, Request, Result, WithRaw};

use super::model::{AccountKind, LinkType, PaymentMethod};
use super::pending::{METADATA_MERCHANT, METADATA_WORKSPACE};
use super::validate::ValidCreate;
use crate::journal::METADATA_OPERATION;
use crate::stripe_access::StripeContext;

/// The `POST /v1/accounts` of a create, keyed by the journal's operation and tagged with it.
pub(crate) fn create_account_request(
    valid: &ValidCreate,
    operation: &OperationRef,
) -> Result<Request<Account>> {
    let requested = CapabilityRequest { requested: true };
    let profile = BusinessProfileParams {
        name: valid.business_name.clone(),
        mcc: valid.mcc.clone(),
        url: valid.url.clone(),
        ..BusinessProfileParams::default()
    };
    let params = CreateAccount {
        account_type: Some(valid.kind.as_stripe()),
        country: Some(valid.country.clone()),
        email: Some(valid.email.clone()),
        business_type: valid.business_type.clone(),
        business_profile: (profile != BusinessProfileParams::default()).then_some(profile),
        capabilities: BTreeMap::from([
            (CapabilityName::CardPayments, requested),
            (CapabilityName::Transfers, requested),
        ]),
        metadata: BTreeMap::from([
            (METADATA_MERCHANT.to_string(), valid.merchant_id.clone()),
            (
                METADATA_OPERATION.to_string(),
                operation.as_str().to_string(),
            ),
            (
                METADATA_WORKSPACE.to_string(),
                valid.workspace_id.to_string(),
            ),
        ]),
        ..CreateAccount::default()
    };
    accounts::create(&params, operation)
}

pub(crate) async fn retrieve_account(
    ctx: &StripeContext,
    account_id: &str,
) -> Result<WithRaw<Account>> {
    ctx.client.retrieve_account(account_id).await
}

/// The account and its payment methods as Stripe has them now (two calls).
pub(crate) async fn snapshot(
    ctx: &StripeContext,
    account_id: &str,
) -> Result<(WithRaw<Account>, Vec<PaymentMethod>)> {
    let account = retrieve_account(ctx, account_id).await?;
    let methods = payment_methods(ctx, account_id).await?;
    Ok((account, methods))
}

/// The payment methods of the account's default configuration, by name.
pub(crate) async fn payment_methods(
    ctx: &StripeContext,
    account_id: &str,
) -> Result<Vec<PaymentMethod>> {
    let configurations = ctx
        .client
        .on_account(account_id)?
        .list_payment_method_configurations(&ListPaymentMethodConfigurations::default())
        .await?
        .data;
    let chosen = configurations
        .iter()
        .find(|configuration| configuration.is_default)
        .or(configurations.first());
    Ok(chosen
        .map(|configuration| {
            configuration
                .payment_methods()
                .into_iter()
                .map(|(kind, setting)| PaymentMethod::new(kind, setting.available))
                .collect()
        })
        .unwrap_or_default())
}

/// Stripe allows `account_update` links only for accounts without a Stripe-hosted dashboard
/// (Custom); the others continue in `account_onboarding`, which shows what is still missing.
pub(crate) fn link_type(kind: AccountKind, details_submitted: bool) -> LinkType {
    match kind {
        AccountKind::Custom if details_submitted => LinkType::AccountUpdate,
        _ => LinkType::AccountOnboarding,
    }
}

pub(crate) async fn create_link(
    ctx: &StripeContext,
    account_id: &str,
    link_type: LinkType,
    return_url: Option<&str>,
    refresh_url: Option<&str>,
) -> Result<AccountLink> {
    let mut params = CreateAccountLink::new(
        account_id,
        match link_type {
            LinkType::AccountOnboarding => AccountLinkType::AccountOnboarding,
            LinkType::AccountUpdate => AccountLinkType::AccountUpdate,
        },
    );
    params.return_url = return_url.map(str::to_string);
    params.refresh_url = refresh_url.map(str::to_string);
    ctx.client.create_account_link(&params).await
}

/// A single-use login link into an Express account's dashboard.
pub(crate) async fn login_link(ctx: &StripeContext, account_id: &str) -> Result<String> {
    let link = ctx
        .client
        .create_login_link(account_id, &CreateLoginLink::default())
        .await?;
    Ok(link.url)
}
