//! Which links the app may open in the system browser: Stripe's hosted onboarding and
//! Dashboard, and the offline sandbox's own pages. Everything else is refused, whatever asks.

use url::Url;

use crate::{CoreError, ErrorCode, Result};

const STRIPE_HOSTS: [&str; 2] = ["connect.stripe.com", "dashboard.stripe.com"];

/// Returns the parsed URL when it may be opened; `sandbox_base` is the running simulator's
/// address (`http://127.0.0.1:PORT`), if any.
pub fn allowed_external_url(raw: &str, sandbox_base: Option<&str>) -> Result<Url> {
    let refused = |why: &str| {
        CoreError::on_field(
            ErrorCode::InvalidValue,
            "url",
            format!("ConnectDesk does not open this link: {why}"),
        )
    };
    let url = Url::parse(raw.trim()).map_err(|_| refused("it is not a valid web address."))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refused("it carries credentials."));
    }
    let stripe = url.scheme() == "https"
        && url.port().is_none()
        && url
            .host_str()
            .is_some_and(|host| STRIPE_HOSTS.contains(&host));
    let sandbox = sandbox_base
        .and_then(|base| Url::parse(base).ok())
        .is_some_and(|base| {
            url.scheme() == base.scheme()
                && url.host_str() == base.host_str()
                && url.port_or_known_default() == base.port_or_known_default()
        });
    match (stripe, sandbox, url.scheme()) {
        (true, _, _) | (_, true, _) => Ok(url),
        (_, _, "https") => Err(refused(
            "only Stripe's onboarding and Dashboard pages are allowed.",
        )),
        _ => Err(refused("only https links to Stripe are allowed.")),
    }
}

/// The platform's page of a connected account in the Stripe Dashboard. The account holder's own
/// Dashboard is theirs to log into; the platform reaches the account through Connect.
pub fn platform_dashboard_url(account_id: &str, live: bool) -> String {
    let mode = if live { "" } else { "test/" };
    format!("https://dashboard.stripe.com/{mode}connect/accounts/{account_id}")
}

/// What the user is told when the system has no browser to open a link in. The launcher's own
/// error (program names, exit statuses) is for the log, not for the user; `field` `browser`
/// tells the window to show the link itself, to copy.
pub fn no_browser() -> CoreError {
    CoreError::on_field(
        ErrorCode::ServiceUnavailable,
        "browser",
        "No web browser could be opened on this computer. Copy the link and open it in a browser yourself.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SANDBOX: Option<&str> = Some("http://127.0.0.1:41234");

    #[test]
    fn stripe_pages_and_the_sandbox_are_allowed() {
        for url in [
            "https://connect.stripe.com/setup/e/acct_1Nv0FGQ9RKHgCVdK/abc",
            "https://dashboard.stripe.com/acct_1Nv0FGQ9RKHgCVdK/payments",
            "http://127.0.0.1:41234/connect/onboarding/tok_123",
        ] {
            assert!(allowed_external_url(url, SANDBOX).is_ok(), "{url}");
        }
    }

    #[test]
    fn accounts_open_in_the_platform_dashboard_of_their_mode() {
        let live = platform_dashboard_url("acct_1Nv0FGQ9RKHgCVdK", true);
        assert_eq!(
            live,
            "https://dashboard.stripe.com/connect/accounts/acct_1Nv0FGQ9RKHgCVdK"
        );
        assert_eq!(
            platform_dashboard_url("acct_1Nv0FGQ9RKHgCVdK", false),
            "https://dashboard.stripe.com/test/connect/accounts/acct_1Nv0FGQ9RKHgCVdK"
        );
        assert!(allowed_external_url(&live, None).is_ok());
    }

    #[test]
    fn everything_else_is_refused() {
        for url in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://evil.example.com/connect.stripe.com",
            "https://connect.stripe.com.evil.example/setup",
            "http://connect.stripe.com/setup",
            "https://connect.stripe.com:8443/setup",
            "https://user:pw@dashboard.stripe.com/",
            "http://127.0.0.1:41235/connect/onboarding/tok_123",
            "http://localhost:41234/connect/onboarding/tok_123",
            "data:text/html,<script>alert(1)</script>",
            "",
        ] {
            let err = allowed_external_url(url, SANDBOX).expect_err(url);
            assert_eq!(
                (err.code, err.field.as_deref()),
                (ErrorCode::InvalidValue, Some("url")),
                "{url}"
            );
        }
        assert!(
            allowed_external_url("http://127.0.0.1:41234/x", None).is_err(),
            "no sandbox running"
        );
    }
}
