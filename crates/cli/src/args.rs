//! The command line, std only: `fees quote --config FILE --merchant ID --volume N --amount N
//! --currency C` (each flag also as `--flag=value`).

use std::collections::BTreeMap;

pub const USAGE: &str = "usage: connectdesk-cli fees quote --config FILE.json --merchant ID --volume N --amount N --currency C

  --config    fee configuration (JSON: default_fee_percent, default_fee_fixed, fee_tiers, per_merchant_overrides)
  --merchant  the merchant's id
  --volume    the merchant's volume this month, whole major units (10000 = $10,000.00)
  --amount    the payment amount, minor units (2500 = $25.00; 2500 JPY = ¥2,500)
  --currency  the configuration's and the payment's currency, e.g. usd

Prints one JSON line: {\"fee\":N,\"rule\":\"override|tier|default\",\"tierIndex\":N|null,\"capped\":bool}";

/// What was asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Quote(QuoteArgs),
}

#[derive(Debug, PartialEq, Eq)]
pub struct QuoteArgs {
    pub config: String,
    pub merchant: String,
    pub volume: String,
    pub amount: String,
    pub currency: String,
}

const FLAGS: [&str; 5] = ["config", "merchant", "volume", "amount", "currency"];

/// `args` without the program name; `Err` says what is wrong in a sentence.
pub fn parse(args: &[String]) -> Result<Command, String> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Command::Help);
    }
    match args {
        [group, command, rest @ ..] if group == "fees" && command == "quote" => {
            quote_args(rest).map(Command::Quote)
        }
        [] => Err("no command given".into()),
        _ => Err(format!("unknown command `{}`", args.join(" "))),
    }
}

fn quote_args(rest: &[String]) -> Result<QuoteArgs, String> {
    let mut values: BTreeMap<&str, String> = BTreeMap::new();
    let mut items = rest.iter();
    while let Some(item) = items.next() {
        let Some(flag) = item.strip_prefix("--") else {
            return Err(format!("unexpected argument `{item}`"));
        };
        let (name, value) = match flag.split_once('=') {
            Some((name, value)) => (name, value.to_string()),
            None => {
                let value = items
                    .next()
                    .ok_or_else(|| format!("--{flag} needs a value"))?;
                (flag, value.clone())
            }
        };
        let name = FLAGS
            .iter()
            .find(|known| **known == name)
            .ok_or_else(|| format!("unknown option --{name}"))?;
        if values.insert(name, value).is_some() {
            return Err(format!("--{name} is given twice"));
        }
    }
    let mut take = |name: &str| {
        values
            .remove(name)
            .ok_or_else(|| format!("--{name} is required"))
    };
    Ok(QuoteArgs {
        config: take("config")?,
        merchant: take("merchant")?,
        volume: take("volume")?,
        amount: take("amount")?,
        currency: take("currency")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn flags_come_in_any_order_and_either_form() {
        let parsed = parse(&args(
            "fees quote --currency usd --amount=2500 --config c.json --volume 10 --merchant m",
        ));
        assert_eq!(
            parsed,
            Ok(Command::Quote(QuoteArgs {
                config: "c.json".into(),
                merchant: "m".into(),
                volume: "10".into(),
                amount: "2500".into(),
                currency: "usd".into(),
            }))
        );
    }

    #[test]
    fn mistakes_are_named() {
        let base = "fees quote --config c --merchant m --volume 1 --amount 2";
        assert_eq!(
            parse(&args(base)),
            Err("--currency is required".to_string())
        );
        assert_eq!(
            parse(&args(&format!("{base} --currency usd --currency eur"))),
            Err("--currency is given twice".to_string())
        );
        assert_eq!(
            parse(&args(&format!("{base} --currency usd --fast"))),
            Err("--fast needs a value".to_string())
        );
        assert_eq!(
            parse(&args(&format!("{base} --currency usd --fast=1"))),
            Err("unknown option --fast".to_string())
        );
        assert!(parse(&args("fees list")).is_err());
        assert!(parse(&[]).is_err());
        assert_eq!(parse(&args("fees quote --help")), Ok(Command::Help));
    }
}
