//! Which Stripe a feature's call reaches, with which key: the workspace's active connection, or
//! the offline sandbox's platform. Every feature gets its client here, so the rules (sandbox
//! first, deactivated connections never used) are written once.

use connectdesk_secrets::Secret;
use connectdesk_stripe::Client;

use crate::connections::{ConnectionStatus, Connections, Credentials};
use crate::journal::{OperationTarget, TargetClients};
use crate::mode::Mode;
use crate::settings::Settings;
use crate::stripe_gateway::{StripeGateway, Target};
use crate::{CoreError, ErrorCode, Result};

/// The key ConnectDesk uses with the offline sandbox. The simulator accepts any plausible test
/// key and has a single platform, so a connection's own key would change nothing there.
pub const SANDBOX_PLATFORM_KEY: &str = "sk_test_connectdeskSandbox0001";

/// A client plus where it points; everything a Stripe operation needs from the outside.
#[derive(Debug, Clone)]
pub struct StripeContext {
    pub client: Client,
    pub mode: Mode,
    pub target: Target,
    /// The connection whose key the client uses; `None` for the sandbox's platform.
    pub connection: Option<String>,
}

impl StripeContext {
    /// The offline sandbox, with [`SANDBOX_PLATFORM_KEY`].
    pub fn sandbox(gateway: &StripeGateway) -> Result<Self> {
        Ok(Self {
            client: gateway.client(&Secret::new(SANDBOX_PLATFORM_KEY))?,
            mode: Mode::Sandbox,
            target: gateway.target()?,
            connection: None,
        })
    }

    /// Stripe itself, with a connection's API key; the mode follows the connection. An OAuth2
    /// connection's client secret is the platform's secret key, which is what creating and
    /// reading connected accounts takes.
    pub fn connection(gateway: &StripeGateway, credentials: &Credentials) -> Result<Self> {
        let platform_key = credentials
            .api_key
            .as_ref()
            .or(credentials.client_secret.as_ref())
            .ok_or_else(|| {
                CoreError::on_field(
                    ErrorCode::InvalidValue,
                    "connection",
                    "This workspace's connection has no API key or client secret stored. Edit the connection and enter it again.",
                )
            })?;
        Ok(Self {
            client: gateway.client(platform_key)?,
            mode: credentials.mode,
            target: gateway.target()?,
            connection: Some(credentials.biz_id.clone()),
        })
    }

    /// True while calls go to the local simulator.
    pub fn offline(&self) -> bool {
        self.target.is_sandbox()
    }

    pub(crate) fn mode_code(&self) -> u8 {
        crate::onboarding::mode_code(self.mode)
    }

    /// "the offline sandbox", "Stripe test mode" or "Stripe live mode".
    pub(crate) fn describe(&self) -> &'static str {
        describe(self.offline(), self.mode_code())
    }
}

pub(crate) fn describe(offline: bool, mode: u8) -> &'static str {
    match (offline, mode) {
        (true, _) => "the offline sandbox",
        (false, 1) => "Stripe live mode",
        (false, _) => "Stripe test mode",
    }
}

/// Gives the Stripe context for a workspace. The app implements it over its active connection
/// ([`ConnectionAccess`]); tests and benchmarks pass a fixed [`StripeContext`].
pub trait StripeAccess: Send + Sync {
    fn context(&self, workspace_id: u64) -> Result<StripeContext>;
}

/// The client of this context, for operations recorded in the same place only.
impl TargetClients for StripeContext {
    fn client_for(&self, target: &OperationTarget) -> Result<Client> {
        if target.offline != self.offline()
            || target.mode != self.mode
            || target.connection != self.connection
        {
            return Err(elsewhere(target));
        }
        Ok(self.client.clone())
    }
}

/// Why a journal operation is not resumed with the current Stripe.
fn elsewhere(target: &OperationTarget) -> CoreError {
    let place = if target.offline {
        "the offline sandbox".to_string()
    } else {
        format!(
            "Stripe {} mode through the connection {}",
            if target.mode == Mode::Live {
                "live"
            } else {
                "test"
            },
            target.connection.as_deref().unwrap_or("(none)")
        )
    };
    CoreError::new(
        ErrorCode::ServiceUnavailable,
        format!(
            "Waiting for {place}, where this operation was sent; it is never sent anywhere else."
        ),
    )
}

/// One context for every workspace.
impl StripeAccess for StripeContext {
    fn context(&self, _workspace_id: u64) -> Result<StripeContext> {
        Ok(self.clone())
    }
}

/// The app's access: the offline sandbox while it runs, else the workspace's active connection.
pub struct ConnectionAccess<'a> {
    gateway: &'a StripeGateway,
    connections: &'a Connections,
    settings: &'a Settings,
}

impl<'a> ConnectionAccess<'a> {
    pub fn new(
        gateway: &'a StripeGateway,
        connections: &'a Connections,
        settings: &'a Settings,
    ) -> Self {
        Self {
            gateway,
            connections,
            settings,
        }
    }
}

/// A recorded operation goes back to exactly where it was sent: the sandbox while it runs, or
/// its own connection (active, same mode) while the sandbox is off.
impl TargetClients for ConnectionAccess<'_> {
    fn client_for(&self, target: &OperationTarget) -> Result<Client> {
        let in_sandbox = self.gateway.target()?.is_sandbox();
        if target.offline != in_sandbox {
            return Err(elsewhere(target));
        }
        if target.offline {
            return Ok(StripeContext::sandbox(self.gateway)?.client);
        }
        let biz_id = target
            .connection
            .as_deref()
            .ok_or_else(|| elsewhere(target))?;
        let connection = self
            .connections
            .get(biz_id)
            .map_err(|_| elsewhere(target))?;
        if connection.status_name == ConnectionStatus::Inactive || connection.mode != target.mode {
            return Err(elsewhere(target));
        }
        let credentials = self.connections.credentials(biz_id)?;
        Ok(StripeContext::connection(self.gateway, &credentials)?.client)
    }
}

impl StripeAccess for ConnectionAccess<'_> {
    fn context(&self, workspace_id: u64) -> Result<StripeContext> {
        // In the sandbox the connection is not needed, so a locked vault does not get in the way.
        if self.gateway.target()?.is_sandbox() {
            return StripeContext::sandbox(self.gateway);
        }
        let no_connection = || {
            CoreError::on_field(
                ErrorCode::InvalidValue,
                "connection",
                "Choose a Stripe connection for this workspace, or switch the offline sandbox on in Settings.",
            )
        };
        let biz_id = self
            .settings
            .active_connection(workspace_id)?
            .ok_or_else(no_connection)?;
        let connection = self.connections.stored(&biz_id).map_err(|err| {
            if err.code == ErrorCode::NotFound {
                no_connection()
            } else {
                err
            }
        })?;
        if connection.status_name == ConnectionStatus::Inactive {
            return Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                "connection",
                format!(
                    "The connection “{}” is deactivated, so ConnectDesk does not call Stripe with it. Reactivate it or choose another in Connections.",
                    connection.connection_name
                ),
            ));
        }
        let credentials = self.connections.credentials(&biz_id)?;
        StripeContext::connection(self.gateway, &credentials)
    }
}
