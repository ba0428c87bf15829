//! The built binary, run as a script would: the seed's example configuration in a file, one
//! JSON line on stdout, and exit code 2 with the problem on stderr for bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The seed's "Get Fee Configuration" response, as written there.
const SEED: &str = r#"{
  "default_fee_percent": 2.9,
  "default_fee_fixed": 30,
  "fee_tiers": [
    { "volume_min": 0, "volume_max": 10000, "fee_percent": 3.0, "fee_fixed": 30 },
    { "volume_min": 10001, "volume_max": 50000, "fee_percent": 2.5, "fee_fixed": 25 }
  ],
  "per_merchant_overrides": [
    { "merchant_id": "merchant_123", "fee_percent": 2.0, "fee_fixed": 20, "reason": "Enterprise agreement" }
  ]
}"#;

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Dir {
        Dir(tempfile::tempdir().expect("temp dir"))
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.path().join(name);
        std::fs::write(&path, text).expect("config written");
        path
    }
}

fn run(config: &Path, merchant: &str, volume: &str, amount: &str, currency: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_connectdesk-cli"))
        .args(["fees", "quote", "--config"])
        .arg(config)
        .args([
            "--merchant",
            merchant,
            "--volume",
            volume,
            "--amount",
            amount,
        ])
        .args(["--currency", currency])
        .output()
        .expect("the binary runs")
}

/// The one line printed, after checking the run succeeded and printed nothing else.
fn answer(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "exit {:?}, stderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stderr.is_empty(), "stderr: {:?}", output.stderr);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "exactly one line: {stdout:?}");
    lines[0].to_string()
}

/// Exit code 2, nothing on stdout, and stderr (returned) says what is wrong.
fn refused(output: &Output) -> String {
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(output.stdout.is_empty(), "stdout: {:?}", output.stdout);
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn the_seed_configuration_quotes_each_rule() {
    let dir = Dir::new();
    let seed = dir.file("fees.json", SEED);
    // The override beats the tier: 2 % of $25.00 = 50, + 20.
    assert_eq!(
        answer(&run(&seed, "merchant_123", "5000", "2500", "usd")),
        r#"{"fee":70,"rule":"override","tierIndex":null,"capped":false}"#
    );
    // Tier 1 (10,001–50,000): 2.5 % of 2500 = 62.5, half up to 63, + 25.
    assert_eq!(
        answer(&run(&seed, "merchant_9", "12400", "2500", "usd")),
        r#"{"fee":88,"rule":"tier","tierIndex":1,"capped":false}"#
    );
    // The last volume of tier 0: 3 % of 2500 = 75, + 30.
    assert_eq!(
        answer(&run(&seed, "merchant_9", "10000", "2500", "usd")),
        r#"{"fee":105,"rule":"tier","tierIndex":0,"capped":false}"#
    );
    // Above every tier: the default, 2.9 % of 2500 = 72.5 → 73, + 30.
    assert_eq!(
        answer(&run(&seed, "merchant_9", "50001", "2500", "usd")),
        r#"{"fee":103,"rule":"default","tierIndex":null,"capped":false}"#
    );
    // 3 % of 20 = 1, + 30 is more than the amount: the fee is the amount.
    assert_eq!(
        answer(&run(&seed, "merchant_9", "0", "20", "usd")),
        r#"{"fee":20,"rule":"tier","tierIndex":0,"capped":true}"#
    );
    // JPY amounts are yen: 3 % of ¥1000 = 30, + ¥30.
    assert_eq!(
        answer(&run(&seed, "merchant_9", "0", "1000", "JPY")),
        r#"{"fee":60,"rule":"tier","tierIndex":0,"capped":false}"#
    );
}

#[test]
fn percentages_are_read_exactly_and_tier_index_counts_in_the_file() {
    let dir = Dir::new();
    // 0.29 and 1.15 are not exact in binary floating point (0.29 * 100 = 28.999…); read as
    // text they are 29 and 115 basis points. The tiers are listed out of order.
    let config = dir.file(
        "exact.json",
        r#"{ "default_fee_percent": 0.29, "default_fee_fixed": 0,
             "fee_tiers": [
               { "volume_min": 1000, "volume_max": null, "fee_percent": 1.15, "fee_fixed": 0 },
               { "volume_min": 0, "volume_max": 999, "fee_percent": 0.29, "fee_fixed": 0 }
             ] }"#,
    );
    assert_eq!(
        answer(&run(&config, "m", "5000", "100000", "usd")),
        r#"{"fee":1150,"rule":"tier","tierIndex":0,"capped":false}"#
    );
    assert_eq!(
        answer(&run(&config, "m", "999", "100000", "usd")),
        r#"{"fee":290,"rule":"tier","tierIndex":1,"capped":false}"#
    );
}

#[test]
fn a_bad_configuration_is_refused_with_every_problem_named() {
    let dir = Dir::new();
    let bad_percent = dir.file(
        "bad.json",
        &SEED
            .replace("\"fee_percent\": 3.0", "\"fee_percent\": 2.955")
            .replace("\"volume_min\": 10001", "\"volume_min\": 10002"),
    );
    let stderr = refused(&run(&bad_percent, "merchant_9", "0", "2500", "usd"));
    assert!(
        stderr.contains("fee_tiers[0].fee_percent: A percentage has at most two decimals"),
        "{stderr}"
    );
    assert!(stderr.contains("fee_tiers[1].volume_min:"), "{stderr}");

    let text_percent = dir.file("text.json", &SEED.replace("2.9,", "\"2.9\","));
    let stderr = refused(&run(&text_percent, "merchant_9", "0", "2500", "usd"));
    assert!(
        stderr.contains("default_fee_percent: must be a JSON number"),
        "{stderr}"
    );

    let typo = dir.file("typo.json", &SEED.replace("fee_tiers", "fee_teirs"));
    let stderr = refused(&run(&typo, "merchant_9", "0", "2500", "usd"));
    assert!(stderr.contains("unknown field `fee_teirs`"), "{stderr}");

    let no_reason = dir.file("reason.json", &SEED.replace("Enterprise agreement", " "));
    let stderr = refused(&run(&no_reason, "merchant_9", "0", "2500", "usd"));
    assert!(
        stderr.contains("per_merchant_overrides[0].reason:"),
        "{stderr}"
    );

    let broken = dir.file("broken.json", "{ \"default_fee_percent\": ");
    refused(&run(&broken, "merchant_9", "0", "2500", "usd"));
    refused(&run(
        &dir.0.path().join("missing.json"),
        "m",
        "0",
        "2500",
        "usd",
    ));
}

#[test]
fn bad_input_is_refused() {
    let dir = Dir::new();
    let seed = dir.file("fees.json", SEED);
    let stderr = refused(&run(&seed, "merchant_9", "0", "25.00", "usd"));
    assert!(stderr.contains("--amount:"), "{stderr}");
    let stderr = refused(&run(&seed, "merchant_9", "-5", "2500", "usd"));
    assert!(stderr.contains("--volume:"), "{stderr}");
    let stderr = refused(&run(&seed, "merchant_9", "0", "2500", "dollars"));
    assert!(stderr.contains("--currency:"), "{stderr}");
    let output = Command::new(env!("CARGO_BIN_EXE_connectdesk-cli"))
        .args(["fees", "quote", "--config"])
        .arg(&seed)
        .output()
        .expect("runs");
    assert!(refused(&output).contains("--merchant is required"));
}
