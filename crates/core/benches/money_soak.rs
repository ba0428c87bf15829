//! Money soak: 10,000 money operations through the operations journal against the simulator
//! with random faults, the worker process killed with SIGKILL every few hundred operations
//! and started again, then the journal compared with what the simulator holds.
//!
//! Operations: cycles of transfer → reversal and payment (created and confirmed with
//! `pm_card_visa`, manual capture) → capture → refund. Faults: dropped after commit, 500 before
//! and after executing (stored), 429, slow answers (1.5 s against the worker's 1 s timeout).
//! The simulator runs in this process, so it outlives the worker, which is this binary started
//! again with its environment (see `tests/support/money_worker.rs`).
//!
//! Run: `cargo bench -p connectdesk-core --bench money_soak`
//! Env: `SOAK_OPS` (default 10000), `SOAK_FAULT_RATE` (0.1), `SOAK_KILL_EVERY` (300 ops,
//! each kill drawn between half and one and a half of it), `SOAK_SEED` (42).
//! The last line is `money_soak: ops N duplicates D lost L unresolved U`.

#[path = "../tests/support/money_worker.rs"]
mod money_worker;

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use connectdesk_core::journal::Journal;
use connectdesk_core::store::Store;
use money_worker::{WorkerConfig, DONE, PROGRESS};
use serde_json::json;
use stripe_sim::{BlockingSim, SimConfig};

/// The app's allocator, so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const WORKER_TIMEOUT: Duration = Duration::from_secs(1);
const SLOW_MS: u64 = 1_500;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// SplitMix64, for the kill points.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Runs the worker until it has carried out `kill_after` operations (then SIGKILL), or to the
/// end of its plan. Returns the operations it carried out and whether it was killed.
fn run_worker(config: &WorkerConfig, log: &File, kill_after: Option<usize>) -> (usize, bool) {
    let mut command = Command::new(std::env::current_exe().expect("own binary"));
    command
        .stdout(Stdio::piped())
        .stderr(log.try_clone().expect("log"));
    config.apply(&mut command);
    let mut child = command.spawn().expect("start the worker");
    let stdout = child.stdout.take().expect("stdout");
    let mut progress = 0;
    let mut done = false;
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        if line.starts_with(PROGRESS) {
            progress += 1;
            if kill_after == Some(progress) {
                child.kill().expect("SIGKILL the worker");
                child.wait().expect("reap");
                return (progress, true);
            }
        }
        done |= line == DONE;
    }
    let status = child.wait().expect("reap");
    assert!(
        status.success() && done,
        "the worker failed ({status:?}); see its log"
    );
    (progress, false)
}

fn worker() -> bool {
    let Some(config) = WorkerConfig::from_env() else {
        return false;
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if let Err(err) = runtime.block_on(money_worker::run(&config)) {
        eprintln!("money worker: {err}");
        std::process::exit(1);
    }
    true
}

fn main() {
    if worker() {
        return;
    }
    let ops: usize = env_or("SOAK_OPS", 10_000);
    let rate: f64 = env_or("SOAK_FAULT_RATE", 0.1);
    let kill_every: usize = env_or("SOAK_KILL_EVERY", 300).max(2);
    let seed: u64 = env_or("SOAK_SEED", 42);

    let started = Instant::now();
    let sim = BlockingSim::start(SimConfig::ephemeral()).expect("the simulator starts");
    let base = sim.base_url().to_string();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // Transfers draw on available funds: about 1,100 per cycle of five operations, plus room.
    let funds = (ops as i64 / 5 + 1) * 2_000 + 1_000_000;
    let destination = runtime.block_on(money_worker::prepare(&base, funds.min(99_999_999)));
    runtime.block_on(money_worker::control(
        &base,
        "POST",
        "faults/random",
        Some(json!({
            "rate": rate,
            "seed": seed,
            "kinds": ["fail_before_5xx", "fail_after_commit_5xx", "drop_after_commit", "rate_limit_429", "slow"],
            "slow_ms": SLOW_MS,
        })),
    ));

    let dir = tempfile::tempdir().expect("temp dir");
    let config = WorkerConfig {
        sim_url: base.clone(),
        data_dir: dir.path().join("data"),
        destination,
        ops,
        timeout: WORKER_TIMEOUT,
    };
    let log_path = dir.path().join("worker.log");
    let log = File::create(&log_path).expect("log");
    let mut draw = Draw(seed);
    let (mut kills, mut carried_out) = (0, 0);
    loop {
        let span = kill_every as u64;
        let kill_after = (span / 2 + draw.next() % (span + 1)) as usize;
        let (progress, killed) = run_worker(&config, &log, Some(kill_after));
        carried_out += progress;
        if !killed {
            break;
        }
        kills += 1;
    }
    let worker_secs = started.elapsed().as_secs_f64();

    let faults = runtime.block_on(money_worker::control(&base, "GET", "faults", None));
    runtime.block_on(money_worker::control(&base, "DELETE", "faults", None));
    let store = Store::open(&config.data_dir).expect("the worker's store opens");
    let journal = Journal::open(&store).expect("journal");
    let ctx = money_worker::context(&journal, &base, Duration::from_secs(10), 2);
    let passes = runtime.block_on(money_worker::settle_all(&journal, &ctx, 5));
    let audit = runtime.block_on(money_worker::audit(&journal, &ctx.client));
    let wall = started.elapsed().as_secs_f64();

    for finding in audit.findings.iter().take(20) {
        println!("finding: {finding}");
    }
    println!(
        "planned {ops}, carried out by the workers {carried_out} (an operation on a result that never completed is skipped)"
    );
    println!(
        "journal: completed {}, failed {}, failed but carried out {}, untracked objects {}; final resume passes {}",
        audit.completed,
        audit.failed,
        audit.failed_but_done,
        audit.untracked,
        passes.map_or("more than 5".to_string(), |p| p.to_string())
    );
    println!(
        "fault rate {rate} (slow {SLOW_MS} ms vs client timeout {} ms)",
        WORKER_TIMEOUT.as_millis()
    );
    println!("injected faults {}", faults["injected"]);
    println!("kills {kills} (SIGKILL every ~{kill_every} operations)");
    println!(
        "wall time {wall:.1} s (workers {worker_secs:.1} s), {:.1} ops/s",
        audit.ops as f64 / worker_secs
    );
    if !audit.findings.is_empty() {
        println!("worker log: {}", log_path.display());
        std::mem::forget(dir);
    }
    sim.shutdown().expect("the simulator stops");
    println!("{}", audit.last_line());
}
