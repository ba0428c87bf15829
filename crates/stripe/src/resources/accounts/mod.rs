//! Connected accounts: `/v1/accounts` and the platform's own `/v1/account`.

mod params;
mod types;

pub use params::{
    AccountSettingsParams, AddressParams, BusinessProfileParams, CapabilityRequest, CompanyParams,
    CreateAccount, DelayDays, IndividualParams, ListAccounts, PayoutScheduleParams,
    PayoutSettingsParams, TosAcceptanceParams, UpdateAccount,
};
pub use types::{
    Account, AccountSettings, AccountType, BusinessProfile, BusinessType, CapabilityName,
    CapabilityStatus, DeletedAccount, ExternalAccount, PayoutInterval, PayoutSchedule,
    PayoutSettings, Requirements, Weekday,
};

use crate::client::{Client, WithRaw};
use crate::error::Result;
use crate::idempotency::OperationRef;
use crate::list::List;
use crate::request::{segment, Request, RequestSpec};

/// `POST /v1/accounts` (creates an object: keyed by `operation`).
pub fn create(params: &CreateAccount, operation: &OperationRef) -> Result<Request<Account>> {
    Ok(Request::new(
        RequestSpec::post_durable("/v1/accounts".into(), operation).with_params(params)?,
    ))
}

/// `GET /v1/accounts/{account}`.
pub fn retrieve(account_id: &str) -> Request<Account> {
    Request::new(RequestSpec::get(path(account_id)))
}

/// `GET /v1/account`: the platform's own account.
pub fn retrieve_current() -> Request<Account> {
    Request::new(RequestSpec::get("/v1/account".into()))
}

/// `POST /v1/accounts/{account}`.
pub fn update(account_id: &str, params: &UpdateAccount) -> Result<Request<Account>> {
    Ok(Request::new(
        RequestSpec::post(path(account_id)).with_params(params)?,
    ))
}

/// `POST /v1/accounts/{account}` as a recorded write (the operations journal), keyed by
/// `operation`, for changes such as the payout schedule that must happen exactly once.
pub fn update_recorded(
    account_id: &str,
    params: &UpdateAccount,
    operation: &OperationRef,
) -> Result<Request<Account>> {
    Ok(Request::new(
        RequestSpec::post_durable(path(account_id), operation).with_params(params)?,
    ))
}

/// `DELETE /v1/accounts/{account}`.
pub fn delete(account_id: &str) -> Request<DeletedAccount> {
    Request::new(RequestSpec::delete(path(account_id)))
}

/// `GET /v1/accounts`.
pub fn list(params: &ListAccounts) -> Result<Request<List<Account>>> {
    Ok(Request::new(
        RequestSpec::get("/v1/accounts".into()).with_params(params)?,
    ))
}

fn path(account_id: &str) -> String {
    format!("/v1/accounts/{}", segment(account_id))
}

impl Client {
    pub async fn create_account(
        &self,
        params: &CreateAccount,
        operation: &OperationRef,
    ) -> Result<Account> {
        self.send(create(params, operation)?).await
    }

    /// The account, typed and as Stripe sent it.
    pub async fn retrieve_account(&self, account_id: &str) -> Result<WithRaw<Account>> {
        self.send_with_raw(retrieve(account_id)).await
    }

    /// The platform's own account, typed and as Stripe sent it.
    pub async fn retrieve_current_account(&self) -> Result<WithRaw<Account>> {
        self.send_with_raw(retrieve_current()).await
    }

    pub async fn update_account(
        &self,
        account_id: &str,
        params: &UpdateAccount,
    ) -> Result<Account> {
        self.send(update(account_id, params)?).await
    }

    pub async fn delete_account(&self, account_id: &str) -> Result<DeletedAccount> {
        self.send(delete(account_id)).await
    }

    /// One page; use [`Client::paginate`] with [`list`] for all of them.
    pub async fn list_accounts(&self, params: &ListAccounts) -> Result<List<Account>> {
        self.send(list(params)?).await
    }
}
