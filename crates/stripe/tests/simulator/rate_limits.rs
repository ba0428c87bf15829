//! The rate limiter against the simulator: after 429s the client as a whole backs off, and
//! clients sharing one limiter (a key's one-off OAuth client) are paced and slowed together.

use std::sync::Arc;
use std::time::{Duration, Instant};

use connectdesk_stripe::testing::MemoryIdempotencyKeys;
use connectdesk_stripe::{ApiKey, Client, RateLimit};
use futures::{stream, StreamExt, TryStreamExt};

use crate::harness::{express, fast_client, op, Harness};

fn limited(h: &Harness, per_second: u32) -> Client {
    fast_client(h.sim.base_url(), Arc::new(MemoryIdempotencyKeys::new()))
        .rate_limit(RateLimit::per_second(per_second))
        .build()
        .expect("client")
}

/// A one-off client for a Connect OAuth access token, paced by `platform`'s limiter.
async fn one_off_sharing(h: &Harness, platform: &Client) -> Client {
    let grant = h.oauth_grant().await;
    let token = grant["access_token"].as_str().expect("access token");
    Client::builder(ApiKey::new(token).expect("a key"), h.keys.clone())
        .base_url(h.sim.base_url())
        .share_rate_limiter(platform.rate_limiter())
        .build()
        .expect("client")
}

#[tokio::test]
async fn after_429s_the_whole_client_backs_off_and_the_work_completes() {
    const WORK: usize = 40;
    let h = Harness::start().await;
    // The server allows a quarter of what the client was told.
    h.sim_rate_limit(20).await;
    let keys = Arc::new(MemoryIdempotencyKeys::new());
    let client = fast_client(h.sim.base_url(), keys)
        .rate_limit(RateLimit::per_second(80))
        .max_retries(4)
        .build()
        .expect("client");

    let begin = Instant::now();
    let created: Vec<String> = stream::iter(0..WORK)
        .map(|n| {
            let client = &client;
            async move {
                let account = client
                    .create_account(&express(), &op(&format!("backoff/{n}")))
                    .await?;
                Ok::<_, connectdesk_stripe::Error>(account.id)
            }
        })
        .buffer_unordered(8)
        .try_collect()
        .await
        .expect("every account is created within the retries");
    let elapsed = begin.elapsed();

    assert_eq!(created.len(), WORK);
    let stats = client.stats();
    // Pacing on at 76/s, about three in four attempts would be refused; halving the pace at
    // each 429 keeps them to a few.
    assert!(stats.rate_limited >= 1, "{stats:?}");
    assert!(stats.rate_limited <= 12, "{stats:?} in {elapsed:?}");
    assert_eq!(stats.retries, stats.rate_limited);
    assert_eq!(stats.attempts, WORK as u64 + stats.retries);
    assert!(client.rate_limiter().current_rate() < 76.0);
    let statuses: Vec<u16> = h.requests().await.iter().map(|r| r.2).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), WORK);
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count() as u64,
        stats.rate_limited
    );
    // The server lets 20 through per second: the rest had to wait for later windows.
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
}

#[tokio::test]
async fn clients_sharing_a_limiter_are_paced_together() {
    let h = Harness::start().await;
    let platform = limited(&h, 10);
    let one_off = one_off_sharing(&h, &platform).await;
    assert!(one_off
        .rate_limiter()
        .is_shared_with(&platform.rate_limiter()));
    assert_eq!(one_off.rate_limit(), RateLimit::per_second(10));

    let begin = Instant::now();
    for _ in 0..5 {
        platform.retrieve_balance().await.expect("platform");
        one_off
            .send(connectdesk_stripe::accounts::retrieve_current())
            .await
            .expect("one-off");
    }
    // Ten requests of one 10/s budget: nine intervals, not four and a half.
    let spacing = RateLimit::per_second(10).spacing();
    assert!(begin.elapsed() >= spacing * 9, "{:?}", begin.elapsed());
}

#[tokio::test]
async fn a_429_seen_by_one_client_slows_the_other() {
    let h = Harness::start().await;
    let platform = limited(&h, 10);
    let one_off = one_off_sharing(&h, &platform).await;
    let full = 10.0 * connectdesk_stripe::RATE_HEADROOM;
    assert_eq!(platform.rate_limiter().current_rate(), full);

    h.fail_next(1, 429, None).await;
    one_off
        .send(connectdesk_stripe::accounts::retrieve_current())
        .await
        .expect("retried");
    assert_eq!(one_off.stats().rate_limited, 1);
    assert_eq!(platform.stats().rate_limited, 0);
    assert!(platform.rate_limiter().current_rate() < full * 0.6);

    // The platform's own requests are now about twice as far apart as at full pace.
    let begin = Instant::now();
    for _ in 0..3 {
        platform.retrieve_balance().await.expect("balance");
    }
    let full_pace = RateLimit::per_second(10).spacing();
    assert!(
        begin.elapsed() >= full_pace * 3,
        "{:?} for two intervals",
        begin.elapsed()
    );
    assert!(begin.elapsed() < Duration::from_secs(2));
}
