//! How long one page of a filtered, sorted list takes as the store grows.
//!
//! Builds stores of 10,000 / 100,000 / 1,000,000 payouts and times the first and second page
//! (size 100) of `status eq <value>` sorted by `arrivalDate:desc`. Targets: p50 at 1,000,000
//! ≤ 2 ms and p50(1,000,000) / p50(10,000) ≤ 1.5.
//!
//! Run: `cargo bench -p connectdesk-core --bench list_query`
//! Quick run: `BENCH_MAX=100000 cargo bench -p connectdesk-core --bench list_query`

use std::hint::black_box;
use std::time::{Duration, Instant};

use connectdesk_core::query::{FilterInput, ListQuery};
use connectdesk_core::store::{Collection, Field, Record, Store};
use serde::{Deserialize, Serialize};

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];
const WARMUP: usize = 200;
const ITERATIONS: usize = 2_000;
const STATUSES: [(&str, u32); 5] = [
    ("paid", 60),
    ("pending", 15),
    ("in_transit", 15),
    ("failed", 5),
    ("canceled", 5),
];
/// The statuses queried in turn, so no single slice of the index stays hot.
const QUERIED: [&str; 3] = ["paid", "pending", "in_transit"];

/// A payout as a Connect platform sees it: a status to filter on, an arrival date to sort by.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Payout {
    #[serde(default)]
    id: u64,
    account: String,
    status: String,
    amount: i64,
    currency: String,
    arrival_date: String,
    description: String,
    #[serde(default)]
    created_at: String,
    #[serde(default)]
    updated_at: String,
    #[serde(default)]
    deleted_at: String,
}

impl Record for Payout {
    const COLLECTION: &'static str = "bench_payouts";
    const LABEL: &'static str = "payout";
    const FIELDS: &'static [Field] = &[
        Field::int("id").sortable().filterable(),
        Field::text("status").key(),
        Field::int("amount").sortable().filterable(),
        Field::text("currency").filterable(),
        Field::timestamp("arrivalDate").sortable().filterable(),
        Field::timestamp("createdAt").sortable().filterable(),
    ];
}

/// xorshift64*: deterministic, dependency-free test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn status(rng: &mut Rng) -> &'static str {
    let mut pick = rng.below(100) as u32;
    for (status, weight) in STATUSES {
        if pick < weight {
            return status;
        }
        pick -= weight;
    }
    STATUSES[0].0
}

fn payout(rng: &mut Rng) -> Payout {
    let status = status(rng);
    // Arrival dates spread over three years, unrelated to insertion order.
    let day = rng.below(3 * 365);
    let (year, day_of_year) = (2023 + day / 365, day % 365);
    let arrival = format!(
        "{year}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        1 + day_of_year / 31 % 12,
        1 + day_of_year % 28,
        rng.below(24),
        rng.below(60),
        rng.below(60),
        rng.below(1000)
    );
    Payout {
        id: 0,
        account: format!("acct_{:016x}", rng.next()),
        status: status.to_owned(),
        amount: 100 + rng.below(1_000_000) as i64,
        currency: ["usd", "eur", "gbp", "jpy"][rng.below(4) as usize].to_owned(),
        arrival_date: arrival,
        description: format!("STRIPE PAYOUT {}", rng.below(1_000_000_000)),
        created_at: String::new(),
        updated_at: String::new(),
        deleted_at: String::new(),
    }
}

fn query(status: &str, page_token: Option<String>) -> ListQuery {
    ListQuery {
        size: Some("100".into()),
        page_token,
        sort: Some("arrivalDate:desc".into()),
        filters: vec![FilterInput {
            field: "status".into(),
            op: "eq".into(),
            value: status.into(),
        }],
    }
}

struct Timings {
    first: Vec<Duration>,
    second: Vec<Duration>,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn measure(payouts: &Collection<Payout>) -> Timings {
    let tokens: Vec<String> = QUERIED
        .iter()
        .map(|status| {
            payouts
                .list(&query(status, None))
                .expect("page 1")
                .next_page_token
                .expect("a second page")
        })
        .collect();
    let mut timings = Timings {
        first: Vec::with_capacity(ITERATIONS),
        second: Vec::with_capacity(ITERATIONS),
    };
    for i in 0..WARMUP + ITERATIONS {
        let which = i % QUERIED.len();
        let start = Instant::now();
        let page = payouts.list(&query(QUERIED[which], None)).expect("page 1");
        let first = start.elapsed();
        assert_eq!(page.items.len(), 100);
        black_box(page);

        let start = Instant::now();
        let page = payouts
            .list(&query(QUERIED[which], Some(tokens[which].clone())))
            .expect("page 2");
        let second = start.elapsed();
        assert_eq!(page.items.len(), 100);
        black_box(page);
        if i >= WARMUP {
            timings.first.push(first);
            timings.second.push(second);
        }
    }
    timings.first.sort_unstable();
    timings.second.sort_unstable();
    timings
}

fn run(size: usize) -> Timings {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let store = Store::open(dir.path()).expect("open");
        let payouts = store.collection::<Payout>().expect("collection");
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ size as u64);
        let start = Instant::now();
        payouts
            .insert_many((0..size).map(|_| payout(&mut rng)))
            .expect("seed");
        eprintln!(
            "  seeded {size} payouts in {:.1} s",
            start.elapsed().as_secs_f64()
        );
    }
    // Measure a reopened store, as the app sees it after a start.
    let store = Store::open(dir.path()).expect("reopen");
    let payouts = store.collection::<Payout>().expect("collection");
    // Sanity: the page is what the query asks for.
    let page = payouts.list(&query("paid", None)).expect("list");
    assert!(page.items.iter().all(|p| p.status == "paid"));
    assert!(page
        .items
        .windows(2)
        .all(|w| w[0].arrival_date >= w[1].arrival_date));
    assert!(page.total_count as f64 > size as f64 * 0.55);
    measure(&payouts)
}

fn main() {
    let max = std::env::var("BENCH_MAX")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(usize::MAX);
    println!("list_query: page of 100, status eq <value>, sort arrivalDate:desc, {ITERATIONS} iterations per page");
    println!(
        "{:>10}  {:>13}  {:>13}  {:>13}  {:>13}",
        "entries", "page 1 p50", "page 1 p95", "page 2 p50", "page 2 p95"
    );
    let mut results = Vec::new();
    for size in SIZES.into_iter().filter(|size| *size <= max) {
        let t = run(size);
        let (p1, p2) = (percentile(&t.first, 0.5), percentile(&t.second, 0.5));
        println!(
            "{size:>10}  {:>10.3} ms  {:>10.3} ms  {:>10.3} ms  {:>10.3} ms",
            millis(p1),
            millis(percentile(&t.first, 0.95)),
            millis(p2),
            millis(percentile(&t.second, 0.95))
        );
        results.push((size, p1, p2));
    }
    if let (Some(small), Some(large)) = (results.first(), results.last()) {
        if large.0 > small.0 {
            println!(
                "p50 ratio {}/{}: page 1 {:.2}, page 2 {:.2} (target ≤ 1.5); p50 at {}: page 1 {:.3} ms, page 2 {:.3} ms (target ≤ 2 ms)",
                large.0,
                small.0,
                millis(large.1) / millis(small.1),
                millis(large.2) / millis(small.2),
                large.0,
                millis(large.1),
                millis(large.2)
            );
        }
    }
}
