//! `connectdesk-cli`: ConnectDesk's rules without the window, for scripts and checks.
//!
//! `connectdesk-cli fees quote --config FILE.json --merchant ID --volume N --amount N --currency C`
//! prints one JSON line `{"fee":N,"rule":"override|tier|default","tierIndex":N|null,"capped":bool}`.
//! A bad configuration or input prints what is wrong on stderr and exits with 2.

mod args;
mod config;

use std::process::ExitCode;

use connectdesk_core::fees::{quote, validate, FeeRule};
use connectdesk_core::money;
use serde::Serialize;

/// What a script reads: the quote's rule and `tierIndex` counting in the file's `fee_tiers`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    fee: i64,
    rule: FeeRule,
    tier_index: Option<usize>,
    capped: bool,
}

const BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match args::parse(&argv) {
        Ok(args::Command::Help) => {
            println!("{}", args::USAGE);
            ExitCode::SUCCESS
        }
        Ok(args::Command::Quote(quote_args)) => match run_quote(&quote_args) {
            Ok(line) => {
                println!("{line}");
                ExitCode::SUCCESS
            }
            Err(problems) => fail(&problems),
        },
        Err(problem) => {
            eprintln!("connectdesk-cli: {problem}\n\n{}", args::USAGE);
            ExitCode::from(BAD_INPUT)
        }
    }
}

fn fail(problems: &[String]) -> ExitCode {
    for problem in problems {
        eprintln!("connectdesk-cli: {problem}");
    }
    ExitCode::from(BAD_INPUT)
}

fn run_quote(a: &args::QuoteArgs) -> Result<String, Vec<String>> {
    let flag =
        |name: &str, err: connectdesk_core::CoreError| vec![format!("--{name}: {}", err.message)];
    let currency = money::currency("currency", &a.currency).map_err(|e| flag("currency", e))?;
    let volume = validate::volume("volume", &a.volume, &currency).map_err(|e| flag("volume", e))?;
    let amount = config::amount(&a.amount).map_err(|e| flag("amount", e))?;
    let merchant = a.merchant.trim();
    if merchant.is_empty() {
        return Err(vec!["--merchant: give the merchant's id".into()]);
    }
    let json = std::fs::read_to_string(&a.config)
        .map_err(|err| vec![format!("cannot read {}: {err}", a.config)])?;
    let loaded = config::load(&json, &currency).map_err(|problems| {
        problems
            .into_iter()
            .map(|p| format!("{}: {p}", a.config))
            .collect::<Vec<_>>()
    })?;
    let q = quote(&loaded.rules, merchant, volume, amount);
    let answer = Answer {
        fee: q.fee,
        rule: q.rule,
        tier_index: q
            .tier_index
            .and_then(|i| loaded.file_index.get(i as usize).copied()),
        capped: q.capped,
    };
    serde_json::to_string(&answer).map_err(|err| vec![format!("cannot write the answer: {err}")])
}
