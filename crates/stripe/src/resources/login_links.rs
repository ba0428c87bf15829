//! Login links: single-use URLs into an Express account's dashboard.

use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::Result;
use crate::request::{segment, Request, RequestSpec};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CreateLoginLink {
    /// Where the dashboard's "back" link goes (API version 2020-08-27).
    pub redirect_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LoginLink {
    pub url: String,
    /// Unix seconds.
    pub created: i64,
}

/// `POST /v1/accounts/{account}/login_links`.
pub fn create(account_id: &str, params: &CreateLoginLink) -> Result<Request<LoginLink>> {
    let path = format!("/v1/accounts/{}/login_links", segment(account_id));
    Ok(Request::new(RequestSpec::post(path).with_params(params)?))
}

impl Client {
    pub async fn create_login_link(
        &self,
        account_id: &str,
        params: &CreateLoginLink,
    ) -> Result<LoginLink> {
        self.send(create(account_id, params)?).await
    }
}
