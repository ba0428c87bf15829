//! Webhook endpoints against the simulator: the secret comes once, create is keyed durably.

use connectdesk_stripe::webhook_endpoints::{
    self, CreateWebhookEndpoint, ListWebhookEndpoints, UpdateWebhookEndpoint, WebhookEndpointStatus,
};
use connectdesk_stripe::{Metadata, Page};
use futures::TryStreamExt;

use crate::harness::{op, Harness};

#[tokio::test]
async fn create_retrieve_update_list_delete() {
    let h = Harness::start().await;
    let params = CreateWebhookEndpoint {
        description: Some("ConnectDesk".into()),
        metadata: Metadata::from([("app".into(), "connectdesk".into())]),
        connect: Some(true),
        ..CreateWebhookEndpoint::new(
            "https://app.example/hooks",
            ["account.updated", "payout.paid"],
        )
    };
    let created = h
        .client
        .create_webhook_endpoint(&params, &op("webhook/app"))
        .await
        .expect("create");
    assert!(created.id.starts_with("we_"), "{}", created.id);
    assert_eq!(created.status, WebhookEndpointStatus::Enabled);
    assert_eq!(created.enabled_events, ["account.updated", "payout.paid"]);
    assert_eq!(created.description.as_deref(), Some("ConnectDesk"));
    assert_eq!(created.metadata["app"], "connectdesk");
    let secret = created.secret.clone().expect("create returns the secret");
    assert!(secret.expose().starts_with("whsec_"));
    let shown = format!("{created:?}");
    assert!(!shown.contains(secret.expose()), "{shown}");
    assert!(
        h.keys.stored(&op("webhook/app")).is_none(),
        "completed operations forget their key"
    );
    let creates = h.requests_to("POST", "/v1/webhook_endpoints").await;
    assert!(creates.iter().all(|(_, key)| key.is_some()), "{creates:?}");

    let fetched = h
        .client
        .retrieve_webhook_endpoint(&created.id)
        .await
        .expect("retrieve");
    assert!(fetched.secret.is_none(), "only create shows the secret");
    assert_eq!(
        fetched,
        webhook_endpoints::WebhookEndpoint {
            secret: None,
            ..created.clone()
        }
    );

    let update = UpdateWebhookEndpoint {
        url: Some("https://app.example/v2/hooks".into()),
        enabled_events: vec!["*".into()],
        disabled: Some(true),
        ..UpdateWebhookEndpoint::default()
    };
    let updated = h
        .client
        .update_webhook_endpoint(&created.id, &update)
        .await
        .expect("update");
    assert_eq!(updated.status, WebhookEndpointStatus::Disabled);
    assert_eq!(updated.url, "https://app.example/v2/hooks");
    assert_eq!(updated.enabled_events, ["*"]);
    assert!(updated.secret.is_none());

    for n in 0..2 {
        h.client
            .create_webhook_endpoint(
                &CreateWebhookEndpoint::new(format!("https://app.example/{n}"), ["*"]),
                &op(&format!("webhook/{n}")),
            )
            .await
            .expect("create");
    }
    let page = h
        .client
        .list_webhook_endpoints(&ListWebhookEndpoints {
            page: Page::limit(2),
        })
        .await
        .expect("list");
    assert_eq!(page.data.len(), 2);
    assert!(page.has_more);
    let all: Vec<_> = h
        .client
        .paginate(
            webhook_endpoints::list(&ListWebhookEndpoints {
                page: Page::limit(1),
            })
            .expect("builds"),
        )
        .try_collect()
        .await
        .expect("all pages");
    assert_eq!(all.len(), 3);
    assert_eq!(all.last().map(|e| e.id.as_str()), Some(created.id.as_str()));
    assert!(all.iter().all(|e| e.secret.is_none()));

    let deleted = h
        .client
        .delete_webhook_endpoint(&created.id)
        .await
        .expect("delete");
    assert!(deleted.deleted);
    assert_eq!(deleted.id, created.id);
    let err = h
        .client
        .retrieve_webhook_endpoint(&created.id)
        .await
        .expect_err("gone");
    let api = err.api().expect("a Stripe error");
    assert_eq!(api.status, 404);
    assert_eq!(api.code.as_deref(), Some("resource_missing"));
}

#[tokio::test]
async fn a_lost_create_answer_is_retried_with_the_same_key() {
    let h = Harness::start().await;
    h.drop_next(1).await;
    let created = h
        .client
        .create_webhook_endpoint(
            &CreateWebhookEndpoint::new("https://app.example/hooks", ["*"]),
            &op("webhook/dropped"),
        )
        .await
        .expect("create retried");
    assert!(
        created.secret.is_some(),
        "the replayed answer still has the secret"
    );
    let creates = h.requests_to("POST", "/v1/webhook_endpoints").await;
    assert_eq!(creates.len(), 2, "dropped once, then replayed");
    assert!(creates[0].1.is_some() && creates[0].1 == creates[1].1);
    let listed = h
        .client
        .list_webhook_endpoints(&ListWebhookEndpoints::default())
        .await
        .expect("list");
    assert_eq!(listed.data.len(), 1, "registered once");
}

#[tokio::test]
async fn bad_parameters_and_connected_accounts_are_refused() {
    let h = Harness::start().await;
    let err = h
        .client
        .create_webhook_endpoint(
            &CreateWebhookEndpoint::new("https://app.example/hooks", ["payout.exploded"]),
            &op("webhook/bad-event"),
        )
        .await
        .expect_err("unknown event type");
    assert_eq!(
        err.api().and_then(|a| a.param.as_deref()),
        Some("enabled_events")
    );
    let err = h
        .client
        .create_webhook_endpoint(
            &CreateWebhookEndpoint::new("app.example/hooks", ["*"]),
            &op("webhook/bad-url"),
        )
        .await
        .expect_err("relative URL");
    assert_eq!(err.api().and_then(|a| a.param.as_deref()), Some("url"));

    let account = h.ready_account("hooks").await;
    let connected = h.client.on_account(&account.id).expect("client");
    let err = connected
        .list_webhook_endpoints(&ListWebhookEndpoints::default())
        .await
        .expect_err("platform only");
    assert_eq!(err.api().map(|a| a.status), Some(403));
}
