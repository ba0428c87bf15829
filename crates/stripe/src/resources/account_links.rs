//! Account links: single-use URLs for Connect onboarding (`POST /v1/account_links`).

use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::Result;
use crate::request::{Request, RequestSpec};
use crate::string_enum::string_enum;

string_enum! {
    pub enum AccountLinkType {
        AccountOnboarding => "account_onboarding",
        AccountUpdate => "account_update",
    }
}

string_enum! {
    pub enum AccountLinkCollect {
        CurrentlyDue => "currently_due",
        EventuallyDue => "eventually_due",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateAccountLink {
    pub account: String,
    #[serde(rename = "type")]
    pub link_type: AccountLinkType,
    /// Where Stripe sends the user when the link expired or was already used.
    pub refresh_url: Option<String>,
    /// Where Stripe sends the user when they leave the flow.
    pub return_url: Option<String>,
    pub collect: Option<AccountLinkCollect>,
}

impl CreateAccountLink {
    pub fn new(account: impl Into<String>, link_type: AccountLinkType) -> Self {
        Self {
            account: account.into(),
            link_type,
            refresh_url: None,
            return_url: None,
            collect: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AccountLink {
    pub url: String,
    /// Unix seconds.
    pub created: i64,
    /// Unix seconds.
    pub expires_at: i64,
}

/// `POST /v1/account_links`.
pub fn create(params: &CreateAccountLink) -> Result<Request<AccountLink>> {
    Ok(Request::new(
        RequestSpec::post("/v1/account_links".into()).with_params(params)?,
    ))
}

impl Client {
    pub async fn create_account_link(&self, params: &CreateAccountLink) -> Result<AccountLink> {
        self.send(create(params)?).await
    }
}
