//! Stripe connections over a real sled store and a real (passphrase-derived) data key.

mod common;

use std::sync::Arc;

use connectdesk_core::connections::{
    AuthInput, AuthScheme, Connection, ConnectionStatus, Connections, CreateConnection,
    UpdateConnection,
};
use connectdesk_core::mode::Mode;
use connectdesk_core::query::ListQuery;
use connectdesk_core::store::Store;
use connectdesk_core::vault::Vault;
use connectdesk_core::workspaces::{CreateWorkspace, Workspaces};
use connectdesk_core::ErrorCode;
use connectdesk_secrets::{NoKeyring, Secret};

const API_KEY: &str = "sk_test_51LeakCanaryApiKey0000000004242";
const WEBHOOK_SECRET: &str = "whsec_LeakCanaryWebhookSecret000001";

struct Fixture {
    _dir: tempfile::TempDir,
    connections: Connections,
    workspace_id: u64,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("store")).expect("open store");
    let vault = Vault::open(dir.path(), &NoKeyring);
    vault
        .unlock_with_passphrase(&Secret::new("correct horse battery"))
        .expect("unlock");
    let workspace = Workspaces::new(&store)
        .expect("workspaces")
        .create(CreateWorkspace {
            name: "Acme".into(),
        })
        .expect("workspace");
    let connections = Connections::new(&store, Arc::new(vault)).expect("connections");
    Fixture {
        _dir: dir,
        connections,
        workspace_id: workspace.id,
    }
}

fn create_input(workspace_id: u64) -> CreateConnection {
    CreateConnection {
        workspace_id,
        connection_name: "  Main Stripe  ".into(),
        connection_description: Some("Production platform".into()),
        stripe_account_id: Some("acct_1Nv0FGQ9RKHgCVdK".into()),
        auth: AuthInput::ApiKey {
            api_key: Secret::new(API_KEY),
        },
        webhook_secret: Some(Secret::new(WEBHOOK_SECRET)),
        partner_endpoint: Some("https://partner.example.com/webhook".into()),
        config_json: Some("{\"region\":\"eu\"}".into()),
    }
}

fn all(connections: &Connections) -> Vec<Connection> {
    connections.list(&ListQuery::default()).expect("list").items
}

#[test]
fn create_stores_the_connection_active_with_hints_only() {
    let fx = fixture();
    let created = fx
        .connections
        .create(create_input(fx.workspace_id))
        .expect("create");
    assert!(created.biz_id.starts_with("sc_"));
    assert_eq!(created.connection_name, "Main Stripe");
    assert_eq!(created.status, 1);
    assert_eq!(created.status_name, ConnectionStatus::Active);
    assert_eq!(created.mode, Mode::Sandbox);
    assert_eq!(created.auth_scheme, AuthScheme::ApiKey);
    assert_eq!(created.hints.api_key.as_deref(), Some("sk_test_…4242"));
    assert_eq!(fx.connections.get(&created.biz_id).expect("get"), created);
    let credentials = fx
        .connections
        .credentials(&created.biz_id)
        .expect("credentials");
    assert_eq!(
        credentials.api_key.as_ref().map(Secret::expose),
        Some(API_KEY)
    );
    assert_eq!(
        credentials.webhook_secret.as_ref().map(Secret::expose),
        Some(WEBHOOK_SECRET)
    );
}

#[test]
fn a_live_key_makes_a_live_connection() {
    let fx = fixture();
    let mut input = create_input(fx.workspace_id);
    input.auth = AuthInput::ApiKey {
        api_key: Secret::new("sk_live_51Habcdefghijklmnop"),
    };
    assert_eq!(
        fx.connections.create(input).expect("create").mode,
        Mode::Live
    );
}

#[test]
fn rejected_creates_name_the_field_and_store_nothing() {
    let fx = fixture();
    type Spoil = Box<dyn Fn(&mut CreateConnection)>;
    let cases: Vec<(Spoil, &str)> = vec![
        (
            Box::new(|i| i.connection_name = " ".into()),
            "connectionName",
        ),
        (
            Box::new(|i| i.stripe_account_id = Some("acct_bad!".into())),
            "stripeAccountId",
        ),
        (
            Box::new(|i| {
                i.auth = AuthInput::ApiKey {
                    api_key: Secret::new("pk_test_123456789"),
                }
            }),
            "apiKey",
        ),
        (
            Box::new(|i| i.webhook_secret = Some(Secret::new("secret"))),
            "webhookSecret",
        ),
        (
            Box::new(|i| i.partner_endpoint = Some("http://partner.example.com".into())),
            "partnerEndpoint",
        ),
        (
            Box::new(|i| i.config_json = Some("{not json".into())),
            "configJson",
        ),
        (Box::new(|i| i.workspace_id = 999), "workspaceId"),
    ];
    for (spoil, field) in cases {
        let mut input = create_input(fx.workspace_id);
        spoil(&mut input);
        let err = fx.connections.create(input).expect_err(field);
        assert_eq!(err.field.as_deref(), Some(field), "{err:?}");
    }
    assert!(all(&fx.connections).is_empty());
}

#[test]
fn a_create_with_several_bad_fields_reports_them_all() {
    let fx = fixture();
    let mut input = create_input(fx.workspace_id);
    input.connection_name = "x".repeat(101);
    input.auth = AuthInput::ApiKey {
        api_key: Secret::new("pk_test_123456789"),
    };
    input.partner_endpoint = Some("javascript:alert(1)".into());
    input.config_json = Some("{bad".into());
    let err = fx.connections.create(input).expect_err("four bad fields");
    let fields: Vec<&str> = err.field_errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        ["connectionName", "apiKey", "partnerEndpoint", "configJson"]
    );
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::TooLong, Some("connectionName"))
    );
    assert!(all(&fx.connections).is_empty());

    let mut oauth = create_input(fx.workspace_id);
    oauth.auth = AuthInput::OAuth2 {
        client_id: " ".into(),
        client_secret: Secret::new(""),
        refresh_token: Secret::new("two words"),
        mode: Mode::Sandbox,
    };
    let err = fx.connections.create(oauth).expect_err("bad OAuth2 fields");
    let fields: Vec<&str> = err.field_errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["clientId", "clientSecret", "refreshToken"]);
    assert!(all(&fx.connections).is_empty());
}

#[test]
fn update_changes_only_the_fields_sent() {
    let fx = fixture();
    let original = fx
        .connections
        .create(create_input(fx.workspace_id))
        .expect("create");
    let biz_id = original.biz_id.clone();
    let update = |change: UpdateConnection| {
        fx.connections
            .update(UpdateConnection {
                biz_id: biz_id.clone(),
                ..change
            })
            .expect("update")
    };

    let renamed = update(UpdateConnection {
        connection_name: Some("Renamed".into()),
        ..Default::default()
    });
    assert_eq!(renamed.connection_name, "Renamed");
    assert_eq!(
        Connection {
            connection_name: original.connection_name.clone(),
            updated_at: original.updated_at.clone(),
            ..renamed.clone()
        },
        original
    );

    let described = update(UpdateConnection {
        connection_description: Some("".into()),
        ..Default::default()
    });
    assert_eq!(described.connection_description, None);
    assert_eq!(described.connection_name, "Renamed");

    let moved = update(UpdateConnection {
        stripe_account_id: Some("acct_2OtherAccount00".into()),
        ..Default::default()
    });
    assert_eq!(
        moved.stripe_account_id.as_deref(),
        Some("acct_2OtherAccount00")
    );
    assert_eq!(moved.partner_endpoint, original.partner_endpoint);

    let rekeyed = update(UpdateConnection {
        api_key: Some(Secret::new("sk_live_51NewLiveKey000009999")),
        ..Default::default()
    });
    assert_eq!(rekeyed.mode, Mode::Live);
    assert_eq!(rekeyed.hints.api_key.as_deref(), Some("sk_live_…9999"));
    assert_eq!(rekeyed.hints.webhook_secret, original.hints.webhook_secret);
    let credentials = fx.connections.credentials(&biz_id).expect("credentials");
    assert_eq!(
        credentials.api_key.as_ref().map(Secret::expose),
        Some("sk_live_51NewLiveKey000009999")
    );
    assert_eq!(
        credentials.webhook_secret.as_ref().map(Secret::expose),
        Some(WEBHOOK_SECRET)
    );

    let hooked = update(UpdateConnection {
        webhook_secret: Some(Secret::new("whsec_AnotherSecret1234")),
        ..Default::default()
    });
    assert_eq!(hooked.hints.webhook_secret.as_deref(), Some("whsec_…1234"));
    let endpoint = update(UpdateConnection {
        partner_endpoint: Some("http://localhost:9000/hook".into()),
        ..Default::default()
    });
    assert_eq!(
        endpoint.partner_endpoint.as_deref(),
        Some("http://localhost:9000/hook")
    );
    let config = update(UpdateConnection {
        config_json: Some("[1, 2]".into()),
        ..Default::default()
    });
    assert_eq!(config.config_json.as_deref(), Some("[1, 2]"));

    let untouched = update(UpdateConnection::default());
    assert_eq!(
        Connection {
            updated_at: config.updated_at.clone(),
            ..untouched
        },
        config
    );
}

#[test]
fn a_rejected_update_changes_nothing() {
    let fx = fixture();
    let original = fx
        .connections
        .create(create_input(fx.workspace_id))
        .expect("create");
    let err = fx
        .connections
        .update(UpdateConnection {
            biz_id: original.biz_id.clone(),
            connection_name: Some("Valid new name".into()),
            partner_endpoint: Some("ftp://nope".into()),
            ..Default::default()
        })
        .expect_err("bad endpoint");
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::InvalidValue, Some("partnerEndpoint"))
    );
    assert_eq!(fx.connections.get(&original.biz_id).expect("get"), original);
    let err = fx
        .connections
        .update(UpdateConnection {
            biz_id: original.biz_id.clone(),
            api_key: Some(Secret::new("sk_live_51HNewValidLiveKey0001")),
            connection_name: Some(String::new()),
            webhook_secret: Some(Secret::new("whsec_short")),
            ..Default::default()
        })
        .expect_err("two bad fields beside a good key");
    let fields: Vec<&str> = err.field_errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["connectionName", "webhookSecret"]);
    assert_eq!(fx.connections.get(&original.biz_id).expect("get"), original);
    let credentials = fx
        .connections
        .credentials(&original.biz_id)
        .expect("credentials");
    assert_eq!(
        credentials.api_key.as_ref().map(Secret::expose),
        Some(API_KEY)
    );
    let err = fx
        .connections
        .update(UpdateConnection {
            biz_id: "sc_unknown".into(),
            ..Default::default()
        })
        .expect_err("unknown");
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn deactivate_reactivate_and_soft_delete() {
    let fx = fixture();
    let created = fx
        .connections
        .create(create_input(fx.workspace_id))
        .expect("create");
    let inactive = fx
        .connections
        .set_active(&created.biz_id, false)
        .expect("deactivate");
    assert_eq!(
        (inactive.status, inactive.status_name),
        (0, ConnectionStatus::Inactive)
    );
    let active = fx
        .connections
        .set_active(&created.biz_id, true)
        .expect("reactivate");
    assert_eq!(active.status_name, ConnectionStatus::Active);
    fx.connections.delete(&created.biz_id).expect("delete");
    assert_eq!(
        fx.connections.get(&created.biz_id).expect_err("gone").code,
        ErrorCode::NotFound
    );
    assert!(all(&fx.connections).is_empty());
    assert_eq!(
        fx.connections
            .delete(&created.biz_id)
            .expect_err("twice")
            .code,
        ErrorCode::NotFound
    );
}

#[test]
fn a_deleted_connection_keeps_only_its_hints() {
    let Fixture {
        _dir: dir,
        connections,
        workspace_id,
    } = fixture();
    let api_key = connections
        .create(create_input(workspace_id))
        .expect("create");
    let mut oauth = create_input(workspace_id);
    oauth.auth = AuthInput::OAuth2 {
        client_id: "ca_LeakCanaryClient".into(),
        client_secret: Secret::new("sk_test_51LeakCanaryClientSecret0001"),
        refresh_token: Secret::new("rt_LeakCanaryRefreshToken0001"),
        mode: Mode::Sandbox,
    };
    oauth.webhook_secret = None;
    let oauth = connections.create(oauth).expect("create oauth");
    let kept = connections
        .create(create_input(workspace_id))
        .expect("create a third");
    connections.delete(&api_key.biz_id).expect("delete");
    connections.delete(&oauth.biz_id).expect("delete oauth");
    assert_eq!(
        connections
            .credentials(&kept.biz_id)
            .expect("the other connection still unseals")
            .api_key
            .as_ref()
            .map(Secret::expose),
        Some(API_KEY)
    );
    drop(connections);

    let trees = common::raw_trees(&dir.path().join("store"));
    let records = common::connection_records(&trees);
    assert_eq!(records.len(), 3, "soft-deleted records stay");
    for (record, view) in records.iter().zip([&api_key, &oauth]) {
        assert_eq!(record["bizId"], view.biz_id.as_str());
        assert_ne!(record["deletedAt"], connectdesk_core::time::NOT_DELETED);
        let sealed = record["sealed"].as_object().expect("sealed");
        assert_eq!(sealed.len(), 6, "{sealed:?}");
        assert!(
            sealed.values().all(serde_json::Value::is_null),
            "{sealed:?}"
        );
        assert_eq!(
            serde_json::from_value::<connectdesk_core::connections::SecretHints>(
                record["hints"].clone()
            )
            .expect("hints"),
            view.hints,
            "the hints stay as they were"
        );
    }
    assert!(view_has_hints(&api_key) && view_has_hints(&oauth));
    let sealed_left = common::sealed_values(&trees);
    assert_eq!(
        sealed_left.len(),
        2,
        "only the live connection's: {sealed_left:?}"
    );
    assert_eq!(records[2]["bizId"], kept.biz_id.as_str());
}

fn view_has_hints(connection: &Connection) -> bool {
    let hints = &connection.hints;
    match connection.auth_scheme {
        AuthScheme::ApiKey => hints.api_key.is_some() && hints.webhook_secret.is_some(),
        AuthScheme::OAuth2 => hints.client_secret.is_some() && hints.refresh_token.is_some(),
    }
}

#[test]
fn secrets_are_not_in_the_store_files_or_any_response() {
    let fx = fixture();
    let created = fx
        .connections
        .create(create_input(fx.workspace_id))
        .expect("create");
    let updated = fx
        .connections
        .update(UpdateConnection {
            biz_id: created.biz_id.clone(),
            webhook_secret: Some(Secret::new(WEBHOOK_SECRET)),
            ..Default::default()
        })
        .expect("update");
    let responses = serde_json::to_string(&(created, updated, all(&fx.connections))).expect("json");
    let mut haystacks = vec![responses.into_bytes()];
    for entry in common::walk(fx._dir.path()) {
        haystacks.push(std::fs::read(entry).expect("read store file"));
    }
    for secret in [API_KEY, WEBHOOK_SECRET, "LeakCanary"] {
        for haystack in &haystacks {
            assert!(
                !haystack
                    .windows(secret.len())
                    .any(|window| window == secret.as_bytes()),
                "{secret} leaked"
            );
        }
    }
}

#[test]
fn a_rotated_webhook_secret_keeps_the_old_one_until_the_chosen_day() {
    use connectdesk_core::connections::RotateWebhookSecret;
    use time::macros::date;
    let fx = fixture();
    let created = fx
        .connections
        .create(create_input(fx.workspace_id))
        .expect("create");
    let today = date!(2026 - 12 - 02);
    let exposed = |day| -> Vec<String> {
        fx.connections
            .webhook_secrets_of(created.id, day)
            .expect("secrets")
            .expect("a webhook secret")
            .iter()
            .map(|s| s.expose().to_string())
            .collect()
    };
    assert_eq!(exposed(today), [WEBHOOK_SECRET]);
    let rotate = |secret: &str, until: &str| {
        fx.connections.rotate_webhook_secret(
            RotateWebhookSecret {
                biz_id: created.biz_id.clone(),
                webhook_secret: Secret::new(secret),
                keep_previous_until: until.into(),
            },
            today,
        )
    };
    // Refusals name their field and change nothing.
    for (secret, until, field) in [
        (
            "whsec_NewRotatedSecret00000000000001",
            "2026-12-01",
            "keepPreviousUntil",
        ),
        (
            "whsec_NewRotatedSecret00000000000001",
            "2026-12-10",
            "keepPreviousUntil",
        ),
        ("not-a-secret", "2026-12-05", "webhookSecret"),
        (WEBHOOK_SECRET, "2026-12-05", "webhookSecret"),
    ] {
        let err = rotate(secret, until).expect_err(until);
        assert_eq!(
            err.field.as_deref(),
            Some(field),
            "{secret} {until}: {err:?}"
        );
        assert_eq!(exposed(today), [WEBHOOK_SECRET]);
    }
    let rotated = rotate("whsec_NewRotatedSecret00000000000001", "2026-12-05").expect("rotate");
    assert_eq!(
        rotated.previous_webhook_secret_until.as_deref(),
        Some("2026-12-05")
    );
    assert_eq!(
        rotated.hints.previous_webhook_secret, created.hints.webhook_secret,
        "the old secret's hint moves to previous"
    );
    assert_eq!(
        exposed(date!(2026 - 12 - 05)),
        ["whsec_NewRotatedSecret00000000000001", WEBHOOK_SECRET]
    );
    assert_eq!(
        exposed(date!(2026 - 12 - 06)),
        ["whsec_NewRotatedSecret00000000000001"],
        "the old secret is refused after its last day"
    );
}

#[test]
fn a_forwarding_secret_is_shown_once_and_kept_sealed() {
    let fx = fixture();
    let created = fx
        .connections
        .create(create_input(fx.workspace_id))
        .expect("create");
    assert!(fx
        .connections
        .forwarding_secret_of(created.id)
        .expect("read")
        .is_none());
    let (connection, secret) = fx
        .connections
        .issue_forwarding_secret(&created.biz_id)
        .expect("issue");
    assert!(secret.expose().starts_with("fwsec_"));
    let hint = connection.hints.forwarding_secret.expect("a hint");
    assert!(!hint.contains(&secret.expose()[6..]), "{hint}");
    let stored = fx
        .connections
        .forwarding_secret_of(created.id)
        .expect("read")
        .expect("stored");
    assert_eq!(stored.expose(), secret.expose());
}
