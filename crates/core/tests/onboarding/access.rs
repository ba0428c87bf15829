//! `ConnectionAccess`, the access the app uses: the sandbox while it runs, else the workspace's
//! active connection.

use std::sync::Arc;

use connectdesk_core::connections::{AuthInput, Connections, CreateConnection};
use connectdesk_core::journal::Journal;
use connectdesk_core::mode::Mode;
use connectdesk_core::settings::Settings;
use connectdesk_core::stripe_access::{ConnectionAccess, StripeAccess};
use connectdesk_core::stripe_gateway::{StripeGateway, Target};
use connectdesk_core::vault::Vault;
use connectdesk_core::ErrorCode;
use connectdesk_secrets::{NoKeyring, Secret};

use crate::support::{assert_code, Harness};

/// Tauri runs async commands on a multi-threaded runtime: their futures must be `Send`.
fn assert_send<T: Send>(_: &T) {}

#[tokio::test]
async fn the_sandbox_needs_no_connection_and_stripe_needs_one() {
    let h = Harness::start().await;
    let keys = Arc::new(Journal::open(&h.store).expect("journal"));
    let gateway = StripeGateway::new(
        Target::Sandbox {
            base_url: h.sim.base_url().to_string(),
        },
        keys,
    );
    let vault = Arc::new(Vault::open(h.dir.path(), &NoKeyring));
    let connections = Connections::new(&h.store, vault.clone()).expect("connections");
    let settings = Settings::open(&h.store).expect("settings");
    let access = ConnectionAccess::new(&gateway, &connections, &settings);

    // Sandbox: works with the vault locked and no connection, and really creates accounts.
    let ctx = access.context(h.workspace_id).expect("sandbox context");
    assert!(ctx.offline());
    assert_eq!(ctx.mode, Mode::Sandbox);
    let create = h.onboarding.create(&access, h.input("merchant_123"));
    assert_send(&create);
    create.await.expect("create through the app's access");
    assert_eq!(h.sim_accounts().await.len(), 1);

    // Stripe: the workspace must have chosen a connection; its key sets the mode.
    gateway.set_target(Target::Stripe).expect("target");
    assert_code(
        access.context(h.workspace_id),
        ErrorCode::InvalidValue,
        Some("connection"),
    );
    vault
        .unlock_with_passphrase(&Secret::new("correct horse battery"))
        .expect("unlock");
    let connection = connections
        .create(CreateConnection {
            workspace_id: h.workspace_id,
            connection_name: "Live platform".into(),
            connection_description: None,
            stripe_account_id: None,
            auth: AuthInput::ApiKey {
                api_key: Secret::new("sk_live_51LiveKeyForOnboarding000"),
            },
            webhook_secret: None,
            partner_endpoint: None,
            config_json: None,
        })
        .expect("connection");
    settings
        .set_active_connection(h.workspace_id, Some(&connection.biz_id))
        .expect("choose it");
    let live = access.context(h.workspace_id).expect("live context");
    assert!(!live.offline());
    assert_eq!(live.mode, Mode::Live);

    // A deactivated connection is not used, even while it is the one chosen.
    connections
        .set_active(&connection.biz_id, false)
        .expect("deactivate");
    let err = assert_code(
        access.context(h.workspace_id),
        ErrorCode::InvalidValue,
        Some("connection"),
    );
    assert!(err.message.contains("deactivated"), "{}", err.message);
    connections
        .set_active(&connection.biz_id, true)
        .expect("reactivate");
    access.context(h.workspace_id).expect("live again");
}
