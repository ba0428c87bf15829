//! Client → in-process simulator over loopback (`cargo bench -p connectdesk-stripe --bench client`):
//!
//! 1. list 10,000 seeded accounts with the auto-paginating stream;
//! 2. create 1,000 PaymentIntents through the client's rate limiter at 100/s, with the
//!    simulator enforcing 100/s as well: the achieved rate as a share of the limit (target ≥ 0.9)
//!    and the count of 429s and retries (must be 0).
//!
//! A report, not a timed test: it prints figures, and fails only if a target is missed.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use connectdesk_stripe::accounts::{
    self, AccountType, CapabilityName, CapabilityRequest, CreateAccount, ListAccounts,
};
use connectdesk_stripe::payment_intents::CreatePaymentIntent;
use connectdesk_stripe::testing::MemoryIdempotencyKeys;
use connectdesk_stripe::{ApiKey, Client, OperationRef, Page, RateLimit};
use futures::{stream, StreamExt, TryStreamExt};
use stripe_sim::SimConfig;

const API_KEY: &str = "sk_test_connectdeskbench0123";
const ACCOUNTS: usize = 10_000;
const PAYMENT_INTENTS: usize = 1_000;
const LIMIT_PER_SECOND: u32 = 100;
/// Requests kept in flight, so the rate limiter, not latency, sets the pace.
const IN_FLIGHT: usize = 32;
const TARGET_SHARE: f64 = 0.9;

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

fn client(base_url: &str, limit: RateLimit) -> BenchResult<Client> {
    let keys = Arc::new(MemoryIdempotencyKeys::new());
    Ok(Client::builder(ApiKey::new(API_KEY)?, keys)
        .base_url(base_url)
        .rate_limit(limit)
        .build()?)
}

fn op(prefix: &str, n: usize) -> BenchResult<OperationRef> {
    Ok(OperationRef::new(format!("bench/{prefix}/{n}"))?)
}

async fn seed_accounts(client: &Client) -> BenchResult<Duration> {
    let params = CreateAccount {
        account_type: Some(AccountType::Express),
        capabilities: [(
            CapabilityName::Transfers,
            CapabilityRequest { requested: true },
        )]
        .into(),
        ..CreateAccount::default()
    };
    let start = Instant::now();
    stream::iter(0..ACCOUNTS)
        .map(|n| {
            let params = &params;
            async move { BenchResult::Ok(client.create_account(params, &op("account", n)?).await?) }
        })
        .buffer_unordered(IN_FLIGHT)
        .try_for_each(|_| async { Ok(()) })
        .await?;
    Ok(start.elapsed())
}

async fn list_accounts(client: &Client) -> BenchResult<(usize, Duration)> {
    let request = accounts::list(&ListAccounts {
        page: Page::limit(100),
        ..ListAccounts::default()
    })?;
    let start = Instant::now();
    let count = client
        .paginate(request)
        .try_fold(0usize, |count, _| async move { Ok(count + 1) })
        .await?;
    Ok((count, start.elapsed()))
}

async fn create_payment_intents(client: &Client) -> BenchResult<Duration> {
    let params = CreatePaymentIntent {
        payment_method_types: vec!["card".into()],
        ..CreatePaymentIntent::new(2_500, "usd")
    };
    let start = Instant::now();
    stream::iter(0..PAYMENT_INTENTS)
        .map(|n| {
            let params = &params;
            async move {
                BenchResult::Ok(
                    client
                        .create_payment_intent(params, &op("payment-intent", n)?)
                        .await?,
                )
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .try_for_each(|_| async { Ok(()) })
        .await?;
    Ok(start.elapsed())
}

async fn set_sim_rate_limit(base_url: &str, per_second: u32) -> BenchResult<()> {
    let url = format!("{base_url}/_sim/faults/rate_limit");
    let body = format!(r#"{{"per_second":{per_second}}}"#);
    let response = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await?;
    if !response.status().is_success() {
        return Err(format!("simulator rate limit: HTTP {}", response.status()).into());
    }
    Ok(())
}

async fn run() -> BenchResult<bool> {
    let sim = stripe_sim::start(SimConfig::ephemeral()).await?;
    let base_url = sim.base_url().to_owned();

    let seeder = client(
        &base_url,
        RateLimit::per_second(100_000).with_burst(IN_FLIGHT as u32),
    )?;
    let seeding = seed_accounts(&seeder).await?;
    println!(
        "seeded {ACCOUNTS} accounts in {:.2} s ({} in flight, no rate limit)",
        seeding.as_secs_f64(),
        IN_FLIGHT
    );

    set_sim_rate_limit(&base_url, LIMIT_PER_SECOND).await?;
    let limited = client(&base_url, RateLimit::per_second(LIMIT_PER_SECOND))?;

    let (listed, listing) = list_accounts(&limited).await?;
    let pages = limited.stats().attempts;
    println!(
        "list {listed} accounts (auto-pagination, limit 100): {:.2} s, {pages} pages, {:.0} accounts/s",
        listing.as_secs_f64(),
        listed as f64 / listing.as_secs_f64()
    );

    let before = limited.stats();
    let creating = create_payment_intents(&limited).await?;
    let after = limited.stats();
    let attempts = after.attempts - before.attempts;
    let rate = PAYMENT_INTENTS as f64 / creating.as_secs_f64();
    let share = rate / f64::from(LIMIT_PER_SECOND);
    let rate_limited = after.rate_limited - before.rate_limited;
    let retries = after.retries - before.retries;
    println!(
        "create {PAYMENT_INTENTS} PaymentIntents at limit {LIMIT_PER_SECOND}/s: {:.2} s, {rate:.1}/s = {share:.3} of the limit, \
         {attempts} requests, {rate_limited} × 429, {retries} retries",
        creating.as_secs_f64()
    );

    sim.shutdown().await?;
    let ok = listed == ACCOUNTS && share >= TARGET_SHARE && rate_limited == 0 && retries == 0;
    Ok(ok)
}

fn main() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("a target was missed (share ≥ {TARGET_SHARE}, no 429s, no retries, every account listed)");
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("benchmark failed: {err}");
            ExitCode::FAILURE
        }
    }
}
