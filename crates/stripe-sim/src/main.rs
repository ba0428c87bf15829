//! `stripe-sim`: run the Stripe simulator.
//!
//! ```text
//! stripe-sim [--listen 127.0.0.1:12111] [--data-dir DIR] [--allow-remote]
//!            [--api-key KEY]... [--webhook-url URL [--webhook-secret whsec_...]]
//!            [--stripe-fee BPS:FIXED | --no-stripe-fee]
//! ```
//!
//! The first line on stdout is `stripe-sim listening on http://ADDR`. Logs go to stderr
//! (`RUST_LOG`, default `info`). Ctrl-C or SIGTERM stops it and flushes state.

mod cli;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let config = match cli::parse(std::env::args().skip(1)) {
        Ok(cli::Command::Run(config)) => config,
        Ok(cli::Command::Help) => {
            println!("{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("stripe-sim: {message}\n\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("stripe-sim: cannot start the runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("stripe-sim: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: stripe_sim::SimConfig) -> Result<(), stripe_sim::Error> {
    let sim = stripe_sim::start(config).await?;
    {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "stripe-sim listening on {}", sim.base_url());
        let _ = stdout.flush();
    }
    wait_for_signal().await;
    tracing::info!("stopping");
    sim.shutdown().await
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
