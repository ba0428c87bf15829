//! Sync throughput: `Accounts::sync` of 1,000 connected accounts against the in-process
//! simulator, with the client the app builds for a test key (25 requests/s, paced at 95 %).
//! Stripe lists 100 accounts per request, so 1,000 accounts are 10 requests: the limiter's
//! spacing (42 ms) and storing a page of 100 (about as long) overlap. A first sync stores every
//! account, a second updates them all; a third with the limit lifted shows ConnectDesk's and the
//! simulator's own cost.
//!
//! Run: `cargo bench -p connectdesk-core --bench accounts_sync`
//! Fewer or more: `BENCH_ACCOUNTS=200 cargo bench -p connectdesk-core --bench accounts_sync`

use std::sync::Arc;
use std::time::Instant;

use connectdesk_core::accounts::Accounts;
use connectdesk_core::journal::Journal;
use connectdesk_core::mode::Mode;
use connectdesk_core::progress::Progress;
use connectdesk_core::store::Store;
use connectdesk_core::stripe_access::{StripeContext, SANDBOX_PLATFORM_KEY};
use connectdesk_core::stripe_gateway::Target;
use connectdesk_core::workspaces::{CreateWorkspace, Workspaces};
use connectdesk_stripe::{ApiKey, Client, RateLimit};
use stripe_sim::SimConfig;

/// The app's allocator, so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DEFAULT_ACCOUNTS: usize = 1_000;

/// The app's client for the sandbox: the test-mode rate limit of its key.
fn context(store: &Store, base_url: &str, limit: Option<RateLimit>) -> StripeContext {
    let keys = Arc::new(Journal::open(store).expect("journal"));
    let mut builder =
        Client::builder(ApiKey::new(SANDBOX_PLATFORM_KEY).expect("key"), keys).base_url(base_url);
    if let Some(limit) = limit {
        builder = builder.rate_limit(limit);
    }
    let client = builder.build().expect("client");
    StripeContext {
        client,
        mode: Mode::Sandbox,
        target: Target::Sandbox {
            base_url: base_url.to_string(),
        },
        connection: None,
    }
}

/// Creates `count` Custom accounts at the simulator directly, as another tool would, several
/// at a time.
async fn seed(base_url: &str, count: usize) {
    let http = reqwest::Client::new();
    let mut pending = Vec::new();
    for n in 0..count {
        let http = http.clone();
        let url = format!("{base_url}/v1/accounts");
        pending.push(tokio::spawn(async move {
            let name = format!("Shop {n:05}");
            let form = [
                ("type", "custom"),
                ("country", "US"),
                ("business_type", "company"),
                ("company[name]", name.as_str()),
                ("capabilities[transfers][requested]", "true"),
            ];
            let status = http
                .post(url)
                .bearer_auth(SANDBOX_PLATFORM_KEY)
                .form(&form)
                .send()
                .await
                .expect("the simulator answers")
                .status();
            assert!(status.is_success(), "create: {status}");
        }));
        if pending.len() == 16 {
            for task in pending.drain(..) {
                task.await.expect("seeding task");
            }
        }
    }
    for task in pending {
        task.await.expect("seeding task");
    }
}

async fn measure(label: &str, accounts: &Accounts, ctx: &StripeContext, workspace_id: u64) {
    let before = ctx.client.stats().attempts;
    let start = Instant::now();
    let report = accounts
        .sync(ctx, workspace_id, &Progress::silent("accounts"))
        .await
        .expect("sync");
    let elapsed = start.elapsed().as_secs_f64();
    let requests = ctx.client.stats().attempts - before;
    println!(
        "{label:<24} {:>5} accounts ({} new) in {elapsed:>6.2} s = {:>7.1} accounts/s; {requests} requests = {:.3} requests/account",
        report.synced,
        report.added,
        f64::from(report.synced) / elapsed,
        requests as f64 / f64::from(report.synced.max(1)),
    );
}

fn main() {
    let count = std::env::var("BENCH_ACCOUNTS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(DEFAULT_ACCOUNTS);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let sim = stripe_sim::start(SimConfig::ephemeral())
            .await
            .expect("simulator");
        let start = Instant::now();
        seed(sim.base_url(), count).await;
        eprintln!(
            "created {count} accounts at the simulator in {:.1} s",
            start.elapsed().as_secs_f64()
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let workspace_id = Workspaces::new(&store)
            .expect("workspaces")
            .create(CreateWorkspace {
                name: "Bench".into(),
            })
            .expect("workspace")
            .id;
        let accounts = Accounts::new(&store).expect("accounts");
        let ctx = context(&store, sim.base_url(), None);
        let limit = ctx.client.rate_limit().per_second;
        measure(
            &format!("first sync, {limit}/s:"),
            &accounts,
            &ctx,
            workspace_id,
        )
        .await;
        measure(
            &format!("second sync, {limit}/s:"),
            &accounts,
            &ctx,
            workspace_id,
        )
        .await;
        let unlimited = context(&store, sim.base_url(), Some(RateLimit::per_second(100_000)));
        measure("sync, limit lifted:", &accounts, &unlimited, workspace_id).await;
        sim.shutdown().await.expect("shutdown");
    });
}
