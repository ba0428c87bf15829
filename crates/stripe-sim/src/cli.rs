//! Command-line arguments of the `stripe-sim` binary.

use std::collections::BTreeSet;
use std::net::SocketAddr;

use stripe_sim::{ApiKeyPolicy, SimConfig, StripeFee, WebhookEndpoint};

pub const USAGE: &str = "usage: stripe-sim [options]
  --listen ADDR            address to listen on (default 127.0.0.1:12111; port 0 = any free port)
  --allow-remote           allow a non-loopback listen address
  --data-dir DIR           persist state in this sled directory (default: memory only)
  --api-key KEY            accept only this key (repeatable; default: any sk_test_/rk_test_ key)
  --webhook-url URL        POST every event to URL, signed
  --webhook-secret SECRET  signing secret (default: generated whsec_...)
  --stripe-fee BPS:FIXED   Stripe's card fee (default 290:30 = 2.9% + 30)
  --no-stripe-fee          no Stripe fee
  -h, --help               this help";

/// What the binary should do.
#[derive(Debug)]
pub enum Command {
    Run(SimConfig),
    Help,
}

/// Parses arguments (without the program name).
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut config = SimConfig::default();
    let mut keys = BTreeSet::new();
    let mut webhook_url = None;
    let mut webhook_secret = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--listen" => {
                let raw = value("--listen")?;
                config.listen = raw
                    .parse::<SocketAddr>()
                    .map_err(|e| format!("--listen {raw}: {e} (expected e.g. 127.0.0.1:12111)"))?;
            }
            "--allow-remote" => config.allow_remote = true,
            "--data-dir" => config.data_dir = Some(value("--data-dir")?.into()),
            "--api-key" => {
                keys.insert(value("--api-key")?);
            }
            "--webhook-url" => webhook_url = Some(value("--webhook-url")?),
            "--webhook-secret" => webhook_secret = Some(value("--webhook-secret")?),
            "--stripe-fee" => {
                let raw = value("--stripe-fee")?;
                let (bps, fixed) = raw
                    .split_once(':')
                    .ok_or_else(|| format!("--stripe-fee {raw}: expected BPS:FIXED"))?;
                config.stripe_fee = StripeFee {
                    percent_bps: bps
                        .parse()
                        .map_err(|_| format!("--stripe-fee {raw}: bad basis points"))?,
                    fixed: fixed
                        .parse()
                        .map_err(|_| format!("--stripe-fee {raw}: bad fixed fee"))?,
                };
            }
            "--no-stripe-fee" => config.stripe_fee = StripeFee::FREE,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if !keys.is_empty() {
        config.api_keys = ApiKeyPolicy::Only(keys);
    }
    match (webhook_url, webhook_secret) {
        (Some(url), secret) => {
            let secret = secret.unwrap_or_else(|| format!("whsec_sim_{}", std::process::id()));
            config.webhook = Some(WebhookEndpoint { url, secret });
        }
        (None, Some(_)) => return Err("--webhook-secret needs --webhook-url".into()),
        (None, None) => {}
    }
    Ok(Command::Run(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<SimConfig, String> {
        match parse(args.iter().map(|s| s.to_string()))? {
            Command::Run(config) => Ok(config),
            Command::Help => Err("help".into()),
        }
    }

    #[test]
    fn parses_flags() {
        let config = run(&[
            "--listen",
            "127.0.0.1:0",
            "--data-dir=/tmp/x",
            "--api-key",
            "sk_test_a",
            "--no-stripe-fee",
        ])
        .expect("valid");
        assert_eq!(config.listen.port(), 0);
        assert_eq!(
            config.data_dir.as_deref(),
            Some(std::path::Path::new("/tmp/x"))
        );
        assert_eq!(
            config.api_keys,
            ApiKeyPolicy::Only(["sk_test_a".to_owned()].into())
        );
        assert_eq!(config.stripe_fee, StripeFee::FREE);
    }

    #[test]
    fn rejects_bad_input() {
        assert!(run(&["--listen", "nope"]).is_err());
        assert!(run(&["--bogus"]).is_err());
        assert!(run(&["--webhook-secret", "whsec_x"]).is_err());
    }
}
