//! Finish (sync) throughput: `Onboarding::sync` over 1,000 entries against the in-process
//! simulator, each entry one account retrieve and one payment method configuration list.
//!
//! The measured client is built as the app builds it for a test key, so its rate limiter (25
//! requests/s, paced at 95 %) sets the pace: about 11.9 entries/s. A second run with the limit
//! lifted shows what ConnectDesk and the simulator cost on their own.
//!
//! Run: `cargo bench -p connectdesk-core --bench onboarding_sync`
//! Fewer entries: `BENCH_ENTRIES=200 cargo bench -p connectdesk-core --bench onboarding_sync`

use std::sync::Arc;
use std::time::Instant;

use connectdesk_core::journal::Journal;
use connectdesk_core::mode::Mode;
use connectdesk_core::onboarding::{CreateOnboarding, Onboarding};
use connectdesk_core::store::Store;
use connectdesk_core::stripe_access::{StripeContext, SANDBOX_PLATFORM_KEY};
use connectdesk_core::stripe_gateway::Target;
use connectdesk_core::workspaces::{CreateWorkspace, Workspaces};
use connectdesk_stripe::{ApiKey, Client, RateLimit};
use stripe_sim::SimConfig;

/// The app's allocator, so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DEFAULT_ENTRIES: usize = 1_000;

fn context(store: &Store, base_url: &str, limit: Option<RateLimit>) -> StripeContext {
    let keys = Arc::new(Journal::open(store).expect("journal"));
    let mut builder =
        Client::builder(ApiKey::new(SANDBOX_PLATFORM_KEY).expect("key"), keys).base_url(base_url);
    if let Some(limit) = limit {
        builder = builder.rate_limit(limit);
    }
    StripeContext {
        client: builder.build().expect("client"),
        mode: Mode::Sandbox,
        target: Target::Sandbox {
            base_url: base_url.to_string(),
        },
        connection: None,
    }
}

fn form(workspace_id: u64, n: usize) -> CreateOnboarding {
    CreateOnboarding {
        workspace_id,
        merchant_id: format!("merchant_{n:05}"),
        account_type: ["express", "standard", "custom"][n % 3].into(),
        country: "US".into(),
        email: format!("owner{n}@merchant.example"),
        ..CreateOnboarding::default()
    }
}

/// Syncs the workspace once and prints the rate.
async fn measure(label: &str, onboarding: &Onboarding, ctx: &StripeContext, workspace_id: u64) {
    let before = ctx.client.stats().attempts;
    let start = Instant::now();
    let report = onboarding.sync(ctx, workspace_id).await.expect("sync");
    let elapsed = start.elapsed().as_secs_f64();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let requests = ctx.client.stats().attempts - before;
    println!(
        "{label:<28} {:>5} entries in {elapsed:>6.1} s = {:>7.1} entries/s ({requests} requests, {:.1}/s)",
        report.synced,
        report.synced as f64 / elapsed,
        requests as f64 / elapsed,
    );
}

fn main() {
    let entries = std::env::var("BENCH_ENTRIES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(DEFAULT_ENTRIES);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let sim = stripe_sim::start(SimConfig::ephemeral())
            .await
            .expect("simulator");
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let workspace_id = Workspaces::new(&store)
            .expect("workspaces")
            .create(CreateWorkspace {
                name: "Bench".into(),
            })
            .expect("workspace")
            .id;
        let onboarding =
            Onboarding::new(&store, Journal::open(&store).expect("journal")).expect("onboarding");

        let unlimited = context(&store, sim.base_url(), Some(RateLimit::per_second(100_000)));
        let start = Instant::now();
        for n in 0..entries {
            onboarding
                .create(&unlimited, form(workspace_id, n))
                .await
                .expect("create");
        }
        eprintln!(
            "created {entries} accounts and entries in {:.1} s",
            start.elapsed().as_secs_f64()
        );

        let limited = context(&store, sim.base_url(), None);
        let limit = limited.client.rate_limit();
        measure(
            &format!("sync, rate limit {}/s:", limit.per_second),
            &onboarding,
            &limited,
            workspace_id,
        )
        .await;
        measure(
            "sync, rate limit lifted:",
            &onboarding,
            &unlimited,
            workspace_id,
        )
        .await;
        sim.shutdown().await.expect("shutdown");
    });
}
