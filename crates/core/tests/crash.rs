//! A write reported as done survives `kill -9`.
//!
//! The test runs its own binary again as a child that writes in a loop and reports each id only
//! after `insert` returned; the parent kills it mid-stream with SIGKILL, reopens the store and
//! checks every reported entry.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use common::{open, Item};

const CHILD_DIR: &str = "CONNECTDESK_CRASH_TEST_DIR";
const TEST_NAME: &str = "reported_writes_survive_sigkill";
const KILL_AFTER: usize = 200;
/// The child stops by itself if nobody kills it (e.g. the parent died).
const CHILD_LIMIT: usize = 50_000;

fn name_for(i: usize) -> String {
    format!("entry {i} ✓")
}

#[test]
fn reported_writes_survive_sigkill() {
    if let Ok(dir) = std::env::var(CHILD_DIR) {
        write_until_killed(&dir);
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let exe = std::env::current_exe().expect("own test binary");
    let mut child = Command::new(exe)
        .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_DIR, dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the writer");
    let stdout = child.stdout.take().expect("piped stdout");

    let mut reported: Vec<(u64, String)> = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("read a line");
        // Only our lines; the test harness prints its own.
        let Some(rest) = line.strip_prefix("written ") else {
            continue;
        };
        let (id, name) = rest.split_once(' ').expect("id and name");
        reported.push((id.parse().expect("id"), name.to_owned()));
        if reported.len() == KILL_AFTER {
            child.kill().expect("SIGKILL the writer");
            break;
        }
    }
    let status = child.wait().expect("reap the writer");
    assert!(
        !status.success(),
        "the writer was killed, it did not finish: {status:?}"
    );
    assert_eq!(
        reported.len(),
        KILL_AFTER,
        "the writer reported enough writes before dying"
    );

    let (_store, items) = open(dir.path());
    for (id, name) in &reported {
        let item = items
            .get(*id)
            .unwrap_or_else(|err| panic!("reported entry {id} is lost: {err}"));
        assert_eq!(&item.name, name, "entry {id} is intact");
        assert_eq!(item.code, format!("code-{name}"));
    }
    let ids: Vec<u64> = reported.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        ids,
        (1..=KILL_AFTER as u64).collect::<Vec<_>>(),
        "ids were consecutive"
    );
    assert!(
        items.count().expect("count") >= KILL_AFTER as u64,
        "the counters agree with the entries"
    );
    let next = items
        .insert(Item::new("after the crash", 1, "paid"))
        .expect("the store takes writes again");
    assert!(next.id > KILL_AFTER as u64);
}

fn write_until_killed(dir: &str) {
    let (_store, items) = open(std::path::Path::new(dir));
    let mut stdout = std::io::stdout().lock();
    // The harness leaves "test ... " unterminated; start our reports on a line of their own.
    writeln!(stdout).expect("report");
    for i in 0..CHILD_LIMIT {
        let name = name_for(i);
        let item = items
            .insert(Item::new(&name, i as i64, "paid"))
            .expect("write");
        writeln!(stdout, "written {} {name}", item.id).expect("report");
        stdout.flush().expect("report");
    }
}
