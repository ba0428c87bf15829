//! The `stripe-sim` binary and the blocking start.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

fn http_get(base: &str, path: &str) -> String {
    let addr = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer sk_test_51BinaryTest0123\r\nConnection: close\r\n\r\n").expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    response
}

#[test]
fn binary_prints_its_port_first() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stripe-sim"))
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn stripe-sim");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("first line");
    let base = first
        .trim()
        .strip_prefix("stripe-sim listening on ")
        .expect("listening line")
        .to_owned();
    let port: u16 = base
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port");
    assert!(base.starts_with("http://127.0.0.1:") && port > 0, "{base}");
    let health = http_get(&base, "/_sim/health");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let balance = http_get(&base, "/v1/balance");
    assert!(
        balance.starts_with("HTTP/1.1 200") && balance.contains("\"object\": \"balance\""),
        "{balance}"
    );
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn binary_refuses_remote_addresses_without_opt_in() {
    let status = Command::new(env!("CARGO_BIN_EXE_stripe-sim"))
        .args(["--listen", "0.0.0.0:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run");
    assert!(!status.success());
    let status = Command::new(env!("CARGO_BIN_EXE_stripe-sim"))
        .args(["--bogus"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run");
    assert_eq!(status.code(), Some(2));
}

#[test]
fn blocking_start_from_plain_threads() {
    let sim = stripe_sim::BlockingSim::start(stripe_sim::SimConfig::ephemeral()).expect("starts");
    assert_eq!(sim.addr().ip().to_string(), "127.0.0.1");
    let health = http_get(sim.base_url(), "/_sim/health");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    sim.shutdown().expect("stops");
}
