//! How long one page of a filtered, sorted list takes as the store grows, against SQLite.
//!
//! Builds stores of 10,000 / 100,000 / 1,000,000 payouts (bulk-loaded, in a child process) and
//! times, in a fresh process as after an app start, the first and second page (size 100) of
//! `status eq <value>` sorted by `arrivalDate:desc`, with its total. The same records go into
//! SQLite (bundled, default settings, a file in the same temporary directory) with the natural
//! index `(status, arrival_date)`, and the same query runs there in the same run, in
//! alternating blocks: `WHERE status = ? ORDER BY arrival_date DESC, id DESC LIMIT 101` (keyset-paged like our
//! `pageToken`) plus `SELECT count(*) WHERE status = ?`, rows read into the same `Payout` type.
//! Targets: p50 at 1,000,000 ≤ 2 ms, p50(1,000,000) / p50(10,000) ≤ 1.5, and our p50 ≤ SQLite's
//! at every size.
//!
//! Run: `cargo bench -p connectdesk-core --bench list_query`
//! Quick run: `BENCH_MAX=100000 cargo bench -p connectdesk-core --bench list_query`
//! (`BENCH_MIN=1000000` runs only the sizes from there up; `BENCH_STORE=<dir>` keeps the seeded
//! stores there for the next run, e.g. to profile one size.)

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use connectdesk_core::query::{FilterInput, ListQuery};
use connectdesk_core::store::{Collection, Field, Record, Store};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

/// The app's allocator, so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];
const WARMUP: usize = 200;
const ITERATIONS: usize = 2_000;
/// Iterations per engine before switching to the other; WARMUP and ITERATIONS are multiples.
const BLOCK: usize = 100;
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
    // Payouts reach millions: pages read one range of one index.
    const COVERING: bool = true;
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
        ..ListQuery::default()
    }
}

/// Per iteration: ours (page 1, page 2) and SQLite's (page 1, page 2, each with its total),
/// and SQLite's pages without the total.
#[derive(Default)]
struct Timings {
    first: Vec<Duration>,
    second: Vec<Duration>,
    sqlite_first: Vec<Duration>,
    sqlite_second: Vec<Duration>,
    sqlite_first_page_only: Vec<Duration>,
    sqlite_second_page_only: Vec<Duration>,
}

impl Timings {
    fn sort(&mut self) {
        for samples in [
            &mut self.first,
            &mut self.second,
            &mut self.sqlite_first,
            &mut self.sqlite_second,
            &mut self.sqlite_first_page_only,
            &mut self.sqlite_second_page_only,
        ] {
            samples.sort_unstable();
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn p50(sorted: &[Duration]) -> f64 {
    millis(percentile(sorted, 0.5))
}

fn p95(sorted: &[Duration]) -> f64 {
    millis(percentile(sorted, 0.95))
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

const SQLITE_COLUMNS: &str =
    "id, account, status, amount, currency, arrival_date, description, created_at, updated_at, deleted_at";

/// Copies every payout of `payouts` into a new SQLite table, a page of 300 at a time. Returns
/// how many rows it wrote and the time spent in SQLite.
fn sqlite_copy(db: &mut Connection, payouts: &Collection<Payout>) -> (usize, Duration) {
    let mut in_sqlite = Duration::ZERO;
    let start = Instant::now();
    db.execute_batch(
        "CREATE TABLE payouts (id INTEGER PRIMARY KEY, account TEXT NOT NULL, status TEXT NOT NULL,
             amount INTEGER NOT NULL, currency TEXT NOT NULL, arrival_date TEXT NOT NULL,
             description TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
             deleted_at TEXT NOT NULL);
         CREATE INDEX payouts_status_arrival ON payouts (status, arrival_date);",
    )
    .expect("schema");
    let tx = db.transaction().expect("transaction");
    in_sqlite += start.elapsed();
    let mut copied = 0;
    {
        let mut insert = tx
            .prepare(&format!(
                "INSERT INTO payouts ({SQLITE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
            ))
            .expect("prepare");
        let mut token = None;
        loop {
            let page = payouts
                .list(&ListQuery {
                    size: Some("300".into()),
                    page_token: token,
                    ..ListQuery::default()
                })
                .expect("read back");
            let start = Instant::now();
            for p in &page.items {
                insert
                    .execute(params![
                        p.id as i64,
                        p.account,
                        p.status,
                        p.amount,
                        p.currency,
                        p.arrival_date,
                        p.description,
                        p.created_at,
                        p.updated_at,
                        p.deleted_at
                    ])
                    .expect("insert");
            }
            in_sqlite += start.elapsed();
            copied += page.items.len();
            match page.next_page_token {
                Some(next) => token = Some(next),
                None => break,
            }
        }
    }
    let start = Instant::now();
    tx.commit().expect("commit");
    db.execute_batch("ANALYZE").expect("analyze");
    (copied, in_sqlite + start.elapsed())
}

fn sqlite_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Payout> {
    Ok(Payout {
        id: row.get::<_, i64>(0)? as u64,
        account: row.get(1)?,
        status: row.get(2)?,
        amount: row.get(3)?,
        currency: row.get(4)?,
        arrival_date: row.get(5)?,
        description: row.get(6)?,
        created_at: row.get(7)?,
        updated_at: row.get(8)?,
        deleted_at: row.get(9)?,
    })
}

/// One page of 100 from SQLite, reading one row more to know whether another page exists, as
/// our list does; `after` is the previous page's last (arrival_date, id).
fn sqlite_page(
    db: &Connection,
    status: &str,
    after: Option<&(String, i64)>,
) -> (Vec<Payout>, bool) {
    let mut rows = match after {
        None => {
            let mut statement = db
                .prepare_cached(&format!(
                    "SELECT {SQLITE_COLUMNS} FROM payouts WHERE status = ?1
                     ORDER BY arrival_date DESC, id DESC LIMIT 101"
                ))
                .expect("prepare");
            statement
                .query_map(params![status], sqlite_row)
                .expect("query")
                .collect::<rusqlite::Result<Vec<_>>>()
        }
        Some((date, id)) => {
            let mut statement = db
                .prepare_cached(&format!(
                    "SELECT {SQLITE_COLUMNS} FROM payouts WHERE status = ?1
                     AND (arrival_date, id) < (?2, ?3)
                     ORDER BY arrival_date DESC, id DESC LIMIT 101"
                ))
                .expect("prepare");
            statement
                .query_map(params![status, date, id], sqlite_row)
                .expect("query")
                .collect::<rusqlite::Result<Vec<_>>>()
        }
    }
    .expect("rows");
    let more = rows.len() > 100;
    rows.truncate(100);
    (rows, more)
}

fn sqlite_total(db: &Connection, status: &str) -> u64 {
    db.prepare_cached("SELECT count(*) FROM payouts WHERE status = ?1")
        .expect("prepare")
        .query_row(params![status], |row| row.get::<_, i64>(0))
        .expect("count") as u64
}

/// Times ours and SQLite's pages in alternating blocks of [`BLOCK`] iterations, so both see
/// the same machine load while neither evicts the other's data from the CPU caches on every
/// page (which would time cold caches instead; SQLite's count walks up to 600,000 index entries).
fn measure(payouts: &Collection<Payout>, db: &Connection) -> Timings {
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
    let resume: Vec<(String, i64)> = QUERIED
        .iter()
        .map(|status| {
            let (rows, _) = sqlite_page(db, status, None);
            let last = rows.last().expect("a full page");
            (last.arrival_date.clone(), last.id as i64)
        })
        .collect();
    let mut timings = Timings::default();
    let keep = |i: usize| i >= WARMUP;
    for block in (0..WARMUP + ITERATIONS).step_by(BLOCK) {
        for i in block..block + BLOCK {
            let which = i % QUERIED.len();
            let status = QUERIED[which];
            let start = Instant::now();
            let page = payouts.list(&query(status, None)).expect("page 1");
            let first = start.elapsed();
            assert_eq!(page.items.len(), 100);
            black_box(page);

            let start = Instant::now();
            let page = payouts
                .list(&query(status, Some(tokens[which].clone())))
                .expect("page 2");
            let second = start.elapsed();
            assert_eq!(page.items.len(), 100);
            black_box(page);
            if keep(i) {
                timings.first.push(first);
                timings.second.push(second);
            }
        }
        for i in block..block + BLOCK {
            let which = i % QUERIED.len();
            let status = QUERIED[which];
            let start = Instant::now();
            let page = sqlite_page(db, status, None);
            let first_page_only = start.elapsed();
            let total = sqlite_total(db, status);
            let first = start.elapsed();
            assert_eq!(page.0.len(), 100);
            black_box((page, total));

            let start = Instant::now();
            let page = sqlite_page(db, status, Some(&resume[which]));
            let second_page_only = start.elapsed();
            let total = sqlite_total(db, status);
            let second = start.elapsed();
            assert_eq!(page.0.len(), 100);
            black_box((page, total));
            if keep(i) {
                timings.sqlite_first.push(first);
                timings.sqlite_second.push(second);
                timings.sqlite_first_page_only.push(first_page_only);
                timings.sqlite_second_page_only.push(second_page_only);
            }
        }
    }
    timings.sort();
    timings
}

/// The directory of the `size` stores (ours and the SQLite file): a new temporary one, or with
/// `BENCH_STORE=<dir>` a kept one under `<dir>` that later runs reuse instead of seeding again
/// (to profile one size).
fn store_dir(size: usize) -> (Option<tempfile::TempDir>, PathBuf) {
    match std::env::var_os("BENCH_STORE") {
        Some(root) => (None, Path::new(&root).join(size.to_string())),
        None => {
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().to_owned();
            (Some(dir), path)
        }
    }
}

const PEER_FILE: &str = "peer.sqlite";
/// Set (to the size, with [`PREPARE_DIR`]) in the child process that seeds both stores.
const PREPARE_SIZE: &str = "BENCH_PREPARE_SIZE";
const PREPARE_DIR: &str = "BENCH_PREPARE_DIR";

/// Seeds `size` payouts into our store in `dir` (unless it holds them) and copies them into a
/// new SQLite file there (unless one is complete). Runs in a child process, so the measuring
/// process starts as the app does: both stores on disk, nothing of the seeding in its memory
/// (a million freed records, or sled's cache of a million writes, leave glibc's free lists long
/// and slow every later allocation, ours and SQLite's alike: at 1,000,000 that tripled both).
fn prepare(size: usize, dir: &Path) {
    let store = Store::open(dir).expect("open");
    let payouts = store.collection::<Payout>().expect("collection");
    let have = payouts.count().expect("count") as usize;
    if have != size {
        assert_eq!(have, 0, "{} holds another store", dir.display());
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ size as u64);
        let start = Instant::now();
        // insert_many bulk-loads ten thousand entries per chunk and flushes once; records are
        // generated as it goes.
        payouts
            .insert_many((0..size).map(|_| payout(&mut rng)))
            .expect("seed");
        eprintln!(
            "  seeded {size} payouts in {:.1} s",
            start.elapsed().as_secs_f64()
        );
    }
    let done = dir.join(format!("{PEER_FILE}.done"));
    if !done.exists() {
        let peer = dir.join(PEER_FILE);
        if peer.exists() {
            std::fs::remove_file(&peer).expect("remove a partial copy");
        }
        // SQLite gets the very records we stored, ids and timestamps included.
        let mut db = Connection::open(&peer).expect("sqlite");
        let (copied, took) = sqlite_copy(&mut db, &payouts);
        assert_eq!(copied, size);
        std::fs::write(&done, b"").expect("mark the copy");
        eprintln!(
            "  seeded {size} rows into SQLite in {:.1} s",
            took.as_secs_f64()
        );
    }
}

fn run(size: usize) -> Timings {
    let (_temporary, dir) = store_dir(size);
    let status = Command::new(std::env::current_exe().expect("this benchmark"))
        .args(std::env::args_os().skip(1))
        .env(PREPARE_SIZE, size.to_string())
        .env(PREPARE_DIR, &dir)
        .status()
        .expect("seed in a child process");
    assert!(status.success(), "seeding failed");
    let store = Store::open(&dir).expect("reopen");
    let payouts = store.collection::<Payout>().expect("collection");
    let db = Connection::open(dir.join(PEER_FILE)).expect("sqlite");

    // Sanity: both answer the query alike, and it is what it asks for.
    for status in QUERIED {
        let ours = payouts.list(&query(status, None)).expect("list");
        assert!(ours.items.iter().all(|p| p.status == status));
        assert!(ours
            .items
            .windows(2)
            .all(|w| w[0].arrival_date >= w[1].arrival_date));
        let (theirs, more) = sqlite_page(&db, status, None);
        assert!(more);
        let ids = |items: &[Payout]| items.iter().map(|p| p.id).collect::<Vec<_>>();
        assert_eq!(ids(&ours.items), ids(&theirs), "the same page of {status}");
        assert_eq!(ours.total_count, sqlite_total(&db, status));
    }
    measure(&payouts, &db)
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
        "list_query: page of 100 with its total, status eq <value>, sort arrivalDate:desc, \
         {ITERATIONS} iterations per page; SQLite = same query + count(*), alternating blocks of {BLOCK}"
    );
    println!(
        "{:>9}  {:>12} {:>12} {:>12} {:>12}  {:>12} {:>12}  {:>9} {:>9}",
        "entries",
        "p1 p50 ms",
        "p1 p95 ms",
        "p2 p50 ms",
        "p2 p95 ms",
        "sqlite p1",
        "sqlite p2",
        "ours/sq 1",
        "ours/sq 2"
    );
    let mut results = Vec::new();
    for size in SIZES.into_iter().filter(|size| (min..=max).contains(size)) {
        let t = run(size);
        println!(
            "{size:>9}  {:>12.3} {:>12.3} {:>12.3} {:>12.3}  {:>12.3} {:>12.3}  {:>9.2} {:>9.2}",
            p50(&t.first),
            p95(&t.first),
            p50(&t.second),
            p95(&t.second),
            p50(&t.sqlite_first),
            p50(&t.sqlite_second),
            p50(&t.first) / p50(&t.sqlite_first),
            p50(&t.second) / p50(&t.sqlite_second),
        );
        println!(
            "{:>9}  SQLite p95 {:.3} / {:.3} ms; SQLite page without its count(*): p50 {:.3} / {:.3} ms (ours/that {:.2} / {:.2})",
            "",
            p95(&t.sqlite_first),
            p95(&t.sqlite_second),
            p50(&t.sqlite_first_page_only),
            p50(&t.sqlite_second_page_only),
            p50(&t.first) / p50(&t.sqlite_first_page_only),
            p50(&t.second) / p50(&t.sqlite_second_page_only),
        );
        results.push((size, p50(&t.first), p50(&t.second)));
    }
    if let (Some(small), Some(large)) = (results.first(), results.last()) {
        if large.0 > small.0 {
            println!(
                "p50 ratio {}/{}: page 1 {:.2}, page 2 {:.2} (target ≤ 1.5); p50 at {}: page 1 {:.3} ms, page 2 {:.3} ms (target ≤ 2 ms)",
                large.0,
                small.0,
                large.1 / small.1,
                large.2 / small.2,
                large.0,
                large.1,
                large.2
            );
        }
    }
}
