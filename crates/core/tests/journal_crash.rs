//! Money operations survive `kill -9`: nothing is carried out twice at Stripe, nothing the
//! journal calls completed is missing there, and nothing stays pending.
//!
//! The simulator runs in this process, so its state outlives the worker. The worker is this
//! test binary started again (`money_worker_process`, which does nothing without its
//! environment); it carries out a plan of transfers, reversals, payments, captures and refunds
//! through the journal while the simulator injects random faults, and is killed with SIGKILL
//! (`Child::kill`) at points drawn from a fixed seed, then started again: it resumes what is
//! pending and goes on with the plan. At the end (faults off) the test resumes until nothing
//! is pending and audits the journal against the simulator.

#[path = "support/money_worker.rs"]
mod money_worker;

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use connectdesk_core::journal::Journal;
use connectdesk_core::store::Store;
use money_worker::{WorkerConfig, DONE, PROGRESS};
use serde_json::json;
use stripe_sim::{BlockingSim, SimConfig};

const WORKER_TEST: &str = "money_worker_process";
/// 30 cycles of five operations.
const OPS: usize = 150;
const KILLS: usize = 15;
const SEED: u64 = 0x00c0_ffee_2026;
/// No single worker run may take longer (it would be hanging).
const RUN_LIMIT: Duration = Duration::from_secs(40);

/// The child: runs only when started by the test below, with its environment.
#[test]
#[ignore = "the worker process of money_operations_survive_sigkill; does nothing on its own"]
fn money_worker_process() {
    let Some(config) = WorkerConfig::from_env() else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if let Err(err) = runtime.block_on(money_worker::run(&config)) {
        panic!("the worker failed: {err}");
    }
}

/// SplitMix64: kill points from a fixed seed.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn spawn_worker(config: &WorkerConfig, log: &File) -> (Child, Receiver<String>) {
    let mut command = Command::new(std::env::current_exe().expect("own test binary"));
    command
        .args([
            "--exact",
            WORKER_TEST,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .stdout(Stdio::piped())
        .stderr(log.try_clone().expect("log file"));
    config.apply(&mut command);
    let mut child = command.spawn().expect("start the worker");
    let stdout = child.stdout.take().expect("piped stdout");
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                return;
            }
        }
    });
    (child, lines)
}

/// How a worker run ended.
#[derive(Debug, PartialEq)]
enum Ended {
    Killed { progress: usize },
    Finished { progress: usize },
}

/// Lets the worker carry out `kill_after` operations (then waits `delay`) and kills it;
/// `None`: lets it finish.
fn supervise(
    mut child: Child,
    lines: &Receiver<String>,
    kill_after: Option<usize>,
    delay: Duration,
) -> Ended {
    let deadline = Instant::now() + RUN_LIMIT;
    let mut progress = 0;
    let mut done = false;
    if kill_after == Some(0) {
        std::thread::sleep(delay);
        child.kill().expect("SIGKILL the worker");
        child.wait().expect("reap the worker");
        return Ended::Killed { progress };
    }
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) if line.starts_with(PROGRESS) => {
                progress += 1;
                if kill_after == Some(progress) {
                    std::thread::sleep(delay);
                    child.kill().expect("SIGKILL the worker");
                    child.wait().expect("reap the worker");
                    return Ended::Killed { progress };
                }
            }
            Ok(line) => done |= line == DONE,
            Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("a worker run took longer than {RUN_LIMIT:?}");
            }
        }
    }
    let status = child.wait().expect("reap the worker");
    assert!(status.success() && done, "the worker failed: {status:?}");
    Ended::Finished { progress }
}

/// Pending operations a killed worker left, and how many of them it never sent.
fn left_open(config: &WorkerConfig) -> (usize, usize) {
    let store = Store::open(&config.data_dir).expect("the worker's store opens");
    let journal = Journal::open(&store).expect("journal");
    let pending = journal
        .in_state(connectdesk_core::journal::OperationState::Pending)
        .expect("list");
    let unsent = pending.iter().filter(|op| op.attempts == 0).count();
    (pending.len(), unsent)
}

#[test]
fn money_operations_survive_sigkill() {
    let started = Instant::now();
    let sim = BlockingSim::start(SimConfig::ephemeral()).expect("the simulator starts");
    let base = sim.base_url().to_string();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let destination = runtime.block_on(money_worker::prepare(&base, 5_000_000));
    runtime.block_on(money_worker::control(
        &base,
        "POST",
        "faults/random",
        Some(json!({
            "rate": 0.2,
            "seed": 42,
            "kinds": ["fail_before_5xx", "fail_after_commit_5xx", "drop_after_commit", "rate_limit_429", "slow"],
            "slow_ms": 700,
        })),
    ));

    let dir = tempfile::tempdir().expect("temp dir");
    let config = WorkerConfig {
        sim_url: base.clone(),
        data_dir: dir.path().join("data"),
        destination,
        ops: OPS,
        timeout: Duration::from_millis(500),
    };
    let log = File::create(dir.path().join("worker.log")).expect("log file");
    let mut draw = Draw(SEED);
    let mut kills = 0;
    let mut runs = 0;
    // What the kills left for the next start to resume (timing decides; shown, not asserted).
    let (mut open_at_kill, mut recorded_not_sent) = (0, 0);
    loop {
        runs += 1;
        assert!(runs <= KILLS + 5, "the worker does not finish its plan");
        let (kill_after, delay) = if kills < KILLS {
            // 0: killed while starting (opening the store, resuming).
            let after = draw.below(9) as usize;
            let ms = if after == 0 {
                50 + draw.below(300)
            } else {
                draw.below(40)
            };
            (Some(after), Duration::from_millis(ms))
        } else {
            (None, Duration::ZERO)
        };
        let (child, lines) = spawn_worker(&config, &log);
        match supervise(child, &lines, kill_after, delay) {
            Ended::Killed { .. } => {
                kills += 1;
                let (pending, unsent) = left_open(&config);
                open_at_kill += pending;
                recorded_not_sent += unsent;
            }
            Ended::Finished { .. } => break,
        }
    }
    assert_eq!(kills, KILLS);

    let injected = runtime.block_on(money_worker::control(&base, "GET", "faults", None));
    runtime.block_on(money_worker::control(&base, "DELETE", "faults", None));
    let store = Store::open(&config.data_dir).expect("the worker's store opens");
    let journal = Journal::open(&store).expect("journal");
    let ctx = money_worker::context(&journal, &base, Duration::from_secs(5), 2);
    let passes = runtime.block_on(money_worker::settle_all(&journal, &ctx, 5));
    let audit = runtime.block_on(money_worker::audit(&journal, &ctx.client));
    eprintln!(
        "{kills} kills, {runs} runs, {:.1} s; left pending by kills {open_at_kill} (recorded, never sent: {recorded_not_sent}); faults {}; resume passes {passes:?}; {audit:?}",
        started.elapsed().as_secs_f64(),
        injected["injected"]
    );

    let faults = &injected["injected"];
    for kind in ["fail_after_commit_5xx", "drop_after_commit", "slow"] {
        assert!(
            faults[kind].as_u64() > Some(0),
            "{kind} was injected: {faults}"
        );
    }
    assert!(
        audit.ops >= OPS * 3 / 4,
        "most of the plan was carried out: {audit:?}"
    );
    assert_eq!(
        (
            audit.duplicates,
            audit.lost,
            audit.unresolved,
            audit.failed_but_done,
            audit.untracked
        ),
        (0, 0, 0, 0, 0),
        "{:#?}",
        audit.findings
    );
    assert!(passes.is_some(), "nothing stays pending");
    let open = journal.open_counts().expect("counts");
    assert_eq!((open.pending, open.needs_decision), (0, 0));
    sim.shutdown().expect("the simulator stops");
}
