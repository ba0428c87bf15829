//! The offline sandbox forwards too: with the Desk as the app runs it (the in-process
//! simulator, its receiver, the intake round), an event that happens in the sandbox reaches the
//! partner endpoint of the active workspace's connection, signed with that connection's
//! forwarding secret, exactly as a real connection's events do.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use connectdesk_core::connections::{AuthInput, CreateConnection};
use connectdesk_core::stripe_access::SANDBOX_PLATFORM_KEY;
use connectdesk_core::webhooks::forward::SIGNATURE_HEADER;
use connectdesk_core::webhooks::signature::verify;
use connectdesk_core::workspaces::CreateWorkspace;
use connectdesk_core::Desk;
use connectdesk_secrets::{NoKeyring, Secret};
use serde_json::Value;

type Got = Arc<Mutex<Vec<(Option<String>, String)>>>;

async fn partner() -> (Got, String) {
    let got: Got = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/hooks", listener.local_addr().expect("addr"));
    let app = Router::new()
        .route(
            "/hooks",
            post(
                |State(got): State<Got>, headers: HeaderMap, body: Bytes| async move {
                    let signature = headers
                        .get(SIGNATURE_HEADER)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    let body = String::from_utf8_lossy(&body).into_owned();
                    got.lock().expect("lock").push((signature, body));
                    StatusCode::OK
                },
            ),
        )
        .with_state(got.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (got, url)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sandbox_event_reaches_the_active_connections_partner_signed() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = Desk::open(dir.path(), &NoKeyring).expect("open desk");
    desk.vault()
        .unlock_with_passphrase(&Secret::new("a long passphrase"))
        .expect("unlock");
    desk.set_webhook_port(&free_port().to_string())
        .expect("receiver port");
    let workspace = desk
        .workspaces()
        .create(CreateWorkspace {
            name: "Acme".into(),
        })
        .expect("workspace");
    desk.set_active_workspace(Some(workspace.id))
        .expect("active workspace");
    let (got, url) = partner().await;
    let connection = desk
        .connections()
        .create(CreateConnection {
            workspace_id: workspace.id,
            connection_name: "Acme platform".into(),
            connection_description: None,
            stripe_account_id: None,
            auth: AuthInput::ApiKey {
                api_key: Secret::new("sk_test_51SandboxForwarding000001"),
            },
            webhook_secret: None,
            partner_endpoint: Some(url),
            config_json: None,
        })
        .expect("connection");
    let (_, secret) = desk
        .connections()
        .issue_forwarding_secret(&connection.biz_id)
        .expect("forwarding secret");
    // The first round registers the receiver at the simulator.
    desk.take_events().await.expect("first round");

    // Something happens in the sandbox: a connected account is made and then changed.
    let sim = desk.status().expect("status").sandbox_url.expect("running");
    let http = reqwest::Client::new();
    let post = |path: String, form: Vec<(&'static str, &'static str)>| {
        http.post(format!("{sim}{path}"))
            .bearer_auth(SANDBOX_PLATFORM_KEY)
            .form(&form)
            .send()
    };
    let account: Value = post(
        "/v1/accounts".into(),
        vec![
            ("type", "custom"),
            ("country", "US"),
            ("capabilities[transfers][requested]", "true"),
        ],
    )
    .await
    .expect("create")
    .json()
    .await
    .expect("json");
    let account_id = account["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{account}"))
        .to_string();
    let updated = post(
        format!("/v1/accounts/{account_id}"),
        vec![("business_profile[name]", "Kiosk Berlin")],
    )
    .await
    .expect("update");
    assert!(updated.status().is_success());

    let deadline = Instant::now() + Duration::from_secs(20);
    let forwarded = loop {
        desk.take_events().await.expect("round");
        let found = got.lock().expect("lock").iter().find_map(|(sig, body)| {
            let body_json: Value = serde_json::from_str(body).ok()?;
            (body_json["type"] == "stripe.account_updated"
                && body_json["account"] == account_id.as_str())
            .then(|| (sig.clone(), body.clone(), body_json))
        });
        if let Some(found) = found {
            break found;
        }
        assert!(
            Instant::now() < deadline,
            "never forwarded: {:?}",
            got.lock()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let (signature, body, json) = forwarded;
    assert_eq!(json["connection"], "Acme platform");
    assert!(json["id"]
        .as_str()
        .is_some_and(|id| id.starts_with("fwd_evt_")));
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!(
        verify(
            signature.as_deref(),
            body.as_bytes(),
            &[secret.expose()],
            now
        )
        .is_ok(),
        "signed with the active connection's forwarding secret"
    );
}
