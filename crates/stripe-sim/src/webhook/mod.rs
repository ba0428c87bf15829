//! Webhook delivery: events are queued as they are committed and POSTed, in order, by one
//! background task with a `Stripe-Signature` header: to the configured endpoint (every event,
//! platform and connected), then to each registered `/v1/webhook_endpoints` endpoint whose
//! subscription matches, signed with that endpoint's own secret. Each delivery is tried up to
//! three times (0.5 s, then 2 s apart); every attempt is recorded for
//! `GET /_sim/webhook/deliveries`.

pub mod event_types;
pub mod signature;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use tokio::sync::mpsc;

use crate::clock::real_now;
use crate::config::WebhookEndpoint;
use crate::model::Event;
use crate::sim::lock;
use crate::store::Db;

const DELIVERY_LOG_SIZE: usize = 200;
const RETRY_DELAYS: [Duration; 2] = [Duration::from_millis(500), Duration::from_secs(2)];

/// One delivery attempt's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    pub event: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub url: String,
    /// The registered endpoint (`we_...`); `None` for the configured one.
    pub webhook_endpoint: Option<String>,
    pub attempt: u32,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub at: i64,
}

struct Job {
    event: String,
    kind: String,
    body: String,
    target: Target,
}

/// Where one delivery goes.
#[derive(Debug, Clone)]
pub struct Target {
    pub endpoint: WebhookEndpoint,
    /// The registered endpoint's id; `None` for the configured endpoint.
    pub id: Option<String>,
}

/// The registered endpoints that receive `event`, oldest first.
pub fn registered_targets(db: &Db, event: &Event) -> Vec<Target> {
    db.webhook_endpoints
        .rows()
        .map(|row| &row.value)
        .filter(|we| we.receives(&event.kind, event.account.is_some()))
        .map(|we| Target {
            endpoint: WebhookEndpoint {
                url: we.url.clone(),
                secret: we.secret.clone(),
            },
            id: Some(we.id.clone()),
        })
        .collect()
}

/// The endpoint configuration and the queue to the delivery task.
pub struct WebhookHub {
    endpoint: Mutex<Option<WebhookEndpoint>>,
    queue: mpsc::UnboundedSender<Job>,
    deliveries: Arc<Mutex<VecDeque<Delivery>>>,
}

/// The delivery task's end of the queue.
pub struct WebhookWorker {
    jobs: mpsc::UnboundedReceiver<Job>,
    deliveries: Arc<Mutex<VecDeque<Delivery>>>,
}

impl WebhookHub {
    /// A hub with an optional initial endpoint, and the worker to run.
    pub fn new(endpoint: Option<WebhookEndpoint>) -> (Self, WebhookWorker) {
        let (queue, jobs) = mpsc::unbounded_channel();
        let deliveries = Arc::new(Mutex::new(VecDeque::new()));
        let hub = Self {
            endpoint: Mutex::new(endpoint),
            queue,
            deliveries: deliveries.clone(),
        };
        (hub, WebhookWorker { jobs, deliveries })
    }

    pub fn endpoint(&self) -> Option<WebhookEndpoint> {
        lock(&self.endpoint).clone()
    }

    pub fn set_endpoint(&self, endpoint: Option<WebhookEndpoint>) {
        *lock(&self.endpoint) = endpoint;
    }

    /// Queues `event` for the configured endpoint (if any), then for `registered`.
    pub fn enqueue(&self, event: &Event, registered: Vec<Target>) {
        let configured = self
            .endpoint()
            .map(|endpoint| Target { endpoint, id: None });
        let targets: Vec<Target> = configured.into_iter().chain(registered).collect();
        if targets.is_empty() {
            return;
        }
        let body = match serde_json::to_string(event) {
            Ok(body) => body,
            Err(err) => {
                tracing::error!(event = %event.id, error = %err, "cannot encode event");
                return;
            }
        };
        for target in targets {
            let job = Job {
                event: event.id.clone(),
                kind: event.kind.clone(),
                body: body.clone(),
                target,
            };
            if self.queue.send(job).is_err() {
                tracing::warn!(event = %event.id, "webhook worker stopped; event not delivered");
                return;
            }
        }
    }

    /// Recent attempts, newest first.
    pub fn deliveries(&self) -> Vec<Delivery> {
        lock(&self.deliveries).iter().rev().cloned().collect()
    }
}

impl WebhookWorker {
    /// Delivers queued events until the hub is dropped.
    pub async fn run(mut self) {
        let client = match reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
        {
            Ok(client) => client,
            Err(err) => {
                tracing::error!(error = %err, "cannot build the webhook HTTP client; webhooks disabled");
                return;
            }
        };
        while let Some(job) = self.jobs.recv().await {
            self.deliver(&client, &job).await;
        }
    }

    async fn deliver(&self, client: &reqwest::Client, job: &Job) {
        let endpoint = &job.target.endpoint;
        for attempt in 1..=(RETRY_DELAYS.len() as u32 + 1) {
            let timestamp = real_now();
            let header = signature::signature_header(&endpoint.secret, timestamp, &job.body);
            let result = client
                .post(&endpoint.url)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", header)
                .header(
                    "User-Agent",
                    "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
                )
                .body(job.body.clone())
                .send()
                .await;
            let (status, error) = match &result {
                Ok(resp) => (Some(resp.status().as_u16()), None),
                Err(err) => (None, Some(err.to_string())),
            };
            let ok = status.is_some_and(|s| (200..300).contains(&s));
            self.record(Delivery {
                event: job.event.clone(),
                kind: job.kind.clone(),
                url: endpoint.url.clone(),
                webhook_endpoint: job.target.id.clone(),
                attempt,
                status,
                error,
                at: timestamp,
            });
            if ok {
                return;
            }
            if let Some(delay) = RETRY_DELAYS.get(attempt as usize - 1) {
                tokio::time::sleep(*delay).await;
            }
        }
        tracing::warn!(event = %job.event, url = %endpoint.url, "webhook delivery failed");
    }

    fn record(&self, delivery: Delivery) {
        let mut log = lock(&self.deliveries);
        if log.len() >= DELIVERY_LOG_SIZE {
            log.pop_front();
        }
        log.push_back(delivery);
    }
}
