//! `Retry-After` end to end, against a scripted loopback server (the simulator never sends the
//! header): the retry waits for it beyond the backoff's cap, and no request of the key's
//! limiter starts sooner, not even one of another client sharing the limiter.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use connectdesk_stripe::testing::{raw_request, MemoryIdempotencyKeys};
use connectdesk_stripe::{ApiKey, Client, Method, RateLimit};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const RATE_LIMITED: &str = r#"{"error":{"type":"invalid_request_error","code":"rate_limit","message":"Request rate limit exceeded."}}"#;

/// Answers the first request with 429 and `Retry-After: {retry_after}`, every later one with
/// `{}`; returns its base URL and when each request arrived.
async fn scripted_server(retry_after: u64) -> (String, Arc<Mutex<Vec<Instant>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&arrivals);
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let mut request = Vec::new();
            let mut buffer = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match socket.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buffer[..n]),
                }
            }
            let first = {
                let mut arrivals = log.lock().expect("log");
                arrivals.push(Instant::now());
                arrivals.len() == 1
            };
            let (status, extra, body) = if first {
                (
                    "429 Too Many Requests",
                    format!("Retry-After: {retry_after}\r\n"),
                    RATE_LIMITED,
                )
            } else {
                ("200 OK", String::new(), "{}")
            };
            let answer = format!(
                "HTTP/1.1 {status}\r\n{extra}Content-Type: application/json\r\nRequest-Id: req_scripted\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(answer.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    (base, arrivals)
}

/// Retries after 1 ms, at most 20 ms by the backoff alone.
fn client(base: &str) -> Client {
    let key = ApiKey::new("sk_test_connectdesk0123456789").expect("key");
    Client::builder(key, Arc::new(MemoryIdempotencyKeys::new()))
        .base_url(base)
        .retry_delays(Duration::from_millis(1), Duration::from_millis(20))
        .rate_limit(RateLimit::per_second(1_000))
        .build()
        .expect("client")
}

#[tokio::test]
async fn retry_after_holds_back_every_client_of_the_limiter() {
    let (base, arrivals) = scripted_server(1).await;
    let refused = client(&base);
    let other = Client::builder(
        ApiKey::new("sk_test_connectdeskother0123").expect("key"),
        Arc::new(MemoryIdempotencyKeys::new()),
    )
    .base_url(&base)
    .share_rate_limiter(refused.rate_limiter())
    .build()
    .expect("client");

    let retried = tokio::spawn({
        let refused = refused.clone();
        async move {
            refused
                .send(raw_request::<serde_json::Value>(
                    Method::Get,
                    "/v1/balance",
                    &[],
                ))
                .await
        }
    });
    while arrivals.lock().expect("log").is_empty() {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    other
        .send(raw_request::<serde_json::Value>(
            Method::Get,
            "/v1/balance",
            &[],
        ))
        .await
        .expect("the other client's request");
    retried
        .await
        .expect("task")
        .expect("retried after the pause");

    let arrivals = arrivals.lock().expect("log").clone();
    assert_eq!(arrivals.len(), 3, "the 429, its retry, the other request");
    for later in &arrivals[1..] {
        let waited = *later - arrivals[0];
        assert!(waited >= Duration::from_millis(990), "{waited:?}");
        assert!(waited < Duration::from_secs(3), "{waited:?}");
    }
    assert_eq!(refused.stats().rate_limited, 1);
    assert_eq!(other.stats().retries, 0);
}
