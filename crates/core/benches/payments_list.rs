//! The Payments table's query over a large store: a page of 100 payments of one connected
//! account, sorted by amount (largest first), with its total, at 10k / 100k / 1M stored payments.
//!
//! `cargo bench -p connectdesk-core --bench payments_list` (`BENCH_MAX=100000` for a quick run;
//! `BENCH_STORE=<dir>` keeps the seeded stores for the next run). Each size is seeded in a child
//! process and measured in a fresh one, as after an app start (see the list_query bench for why).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use connectdesk_core::payments::{Payment, TimelineEvent};
use connectdesk_core::query::{FilterInput, ListQuery};
use connectdesk_core::store::{Collection, Store};

/// The app's allocator, so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];
/// Payments spread over this many connected accounts: one account holds 1 in 50, so even at 10k
/// every page is a full 100 and each size does the same work per page.
const ACCOUNTS: u64 = 50;
const WARMUP: usize = 200;
const ITERATIONS: usize = 2_000;
const PREPARE_SIZE: &str = "BENCH_PREPARE_SIZE";
const PREPARE_DIR: &str = "BENCH_PREPARE_DIR";

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: deterministic, so every run stores the same payments.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

fn account(n: u64) -> String {
    format!("acct_1Bench{n:014}")
}

fn payment(rng: &mut Rng, n: usize) -> Payment {
    let account_no = rng.next() % ACCOUNTS;
    let amount = 50 + (rng.next() % 500_000) as i64;
    let created = format!(
        "2026-{:02}-{:02}T{:02}:{:02}:00.000Z",
        1 + rng.next() % 12,
        1 + rng.next() % 28,
        rng.next() % 24,
        rng.next() % 60
    );
    Payment {
        id: 0,
        workspace_id: 1,
        payment_intent_id: format!("pi_bench{n:016}"),
        account_id: account(account_no),
        merchant_id: Some(format!("merchant_{account_no}")),
        amount,
        amount_capturable: 0,
        amount_received: amount,
        amount_refunded: 0,
        currency: "usd".into(),
        status: "succeeded".into(),
        capture_method: "automatic".into(),
        application_fee_amount: amount * 3 / 100,
        application_fee_refunded: 0,
        destination_amount: amount - amount * 3 / 100,
        fee_rule: Some("Default: 3 % + $0.00".into()),
        fee_set_by_admin: false,
        order_id: Some(format!("order-{n}")),
        customer_email: Some(format!("customer{}@example.com", n % 5_000)),
        card: Some("visa •••• 4242".into()),
        charge_id: Some(format!("ch_bench{n:016}")),
        transfer_id: Some(format!("tr_bench{n:016}")),
        application_fee_id: Some(format!("fee_bench{n:015}")),
        disputed: false,
        failure: None,
        metadata: BTreeMap::new(),
        refunds: Vec::new(),
        timeline: vec![TimelineEvent {
            at: created.clone(),
            event: "created".into(),
            detail: String::new(),
        }],
        mode: 0,
        offline: true,
        created,
        created_at: String::new(),
        updated_at: String::new(),
        deleted_at: String::new(),
    }
}

fn query(account_no: u64) -> ListQuery {
    ListQuery {
        size: Some("100".into()),
        sort: Some("amount:desc".into()),
        filters: vec![FilterInput {
            field: "accountId".into(),
            op: "eq".into(),
            value: account(account_no),
        }],
        ..ListQuery::default()
    }
}

fn store_dir(size: usize) -> (Option<tempfile::TempDir>, PathBuf) {
    match std::env::var_os("BENCH_STORE") {
        Some(root) => (None, Path::new(&root).join(format!("payments-{size}"))),
        None => {
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().to_owned();
            (Some(dir), path)
        }
    }
}

fn prepare(size: usize, dir: &Path) {
    let store = Store::open(dir).expect("open");
    let payments = store.collection::<Payment>().expect("collection");
    let have = payments.count().expect("count") as usize;
    if have == size {
        return;
    }
    assert_eq!(have, 0, "{} holds another store", dir.display());
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ size as u64);
    let start = Instant::now();
    payments
        .insert_many((0..size).map(|n| payment(&mut rng, n)))
        .expect("seed");
    eprintln!(
        "  seeded {size} payments in {:.1} s",
        start.elapsed().as_secs_f64()
    );
}

fn measure(payments: &Collection<Payment>) -> Vec<Duration> {
    for n in 0..WARMUP as u64 {
        payments.list(&query(n % ACCOUNTS)).expect("warm-up");
    }
    let mut times = Vec::with_capacity(ITERATIONS);
    for n in 0..ITERATIONS as u64 {
        let q = query((n * 7) % ACCOUNTS);
        let start = Instant::now();
        let page = payments.list(&q).expect("page");
        times.push(start.elapsed());
        assert!(page.total_count > 0);
    }
    times.sort();
    times
}

fn run(size: usize) -> Vec<Duration> {
    let (_temporary, dir) = store_dir(size);
    let status = Command::new(std::env::current_exe().expect("this benchmark"))
        .args(std::env::args_os().skip(1))
        .env(PREPARE_SIZE, size.to_string())
        .env(PREPARE_DIR, &dir)
        .status()
        .expect("seed in a child process");
    assert!(status.success(), "seeding failed");
    let store = Store::open(&dir).expect("reopen");
    let payments = store.collection::<Payment>().expect("collection");
    // Sanity: the page is the account's, largest first, and the total is its count.
    let page = payments.list(&query(3)).expect("list");
    assert!(page.items.iter().all(|p| p.account_id == account(3)));
    assert!(page.items.windows(2).all(|w| w[0].amount >= w[1].amount));
    measure(&payments)
}

fn millis(sorted: &[Duration], p: f64) -> f64 {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at].as_secs_f64() * 1_000.0
}

fn main() {
    if let (Some(size), Some(dir)) = (
        std::env::var_os(PREPARE_SIZE),
        std::env::var_os(PREPARE_DIR),
    ) {
        let size = size.to_str().and_then(|s| s.parse().ok()).expect("a size");
        prepare(size, Path::new(&dir));
        return;
    }
    let limit = |name: &str| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.replace('_', "").parse::<usize>().ok())
    };
    let (min, max) = (
        limit("BENCH_MIN").unwrap_or(0),
        limit("BENCH_MAX").unwrap_or(usize::MAX),
    );
    println!(
        "payments_list: page of 100 with its total, accountId eq <one of {ACCOUNTS}>, sort amount:desc, {ITERATIONS} iterations"
    );
    println!("{:>9}  {:>10} {:>10}", "payments", "p50 ms", "p95 ms");
    let mut results = Vec::new();
    for size in SIZES.into_iter().filter(|size| (min..=max).contains(size)) {
        let times = run(size);
        let (p50, p95) = (millis(&times, 0.5), millis(&times, 0.95));
        println!("{size:>9}  {p50:>10.3} {p95:>10.3}");
        results.push((size, p50));
    }
    if let (Some(small), Some(large)) = (results.first(), results.last()) {
        if large.0 > small.0 {
            println!(
                "p50 ratio {}/{}: {:.2} (target ≤ 1.5); p50 at {}: {:.3} ms (target ≤ 2 ms)",
                large.0,
                small.0,
                large.1 / small.1,
                large.0,
                large.1
            );
        }
    }
}
