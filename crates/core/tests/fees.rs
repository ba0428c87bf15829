//! Platform fees: the fee function (a table of every boundary and a seeded property run), the
//! validator (every rule, several problems at once), and the service through the Desk (atomic
//! saves, the audit diff, the preview and the gate).

use connectdesk_core::fees::{
    fee_rules, quote, FeePreviewInput, FeeRule, FeeRules, FeeTier, FeeTierInput, MerchantOverride,
    MerchantOverrideInput, SaveFeeSchedule,
};
use connectdesk_core::money::MAX_AMOUNT;
use connectdesk_core::onboarding::CreateOnboarding;
use connectdesk_core::operators::{CreateOperator, Grant, Role};
use connectdesk_core::query::ListQuery;
use connectdesk_core::workspaces::CreateWorkspace;
use connectdesk_core::{CoreError, Desk, ErrorCode};
use connectdesk_secrets::NoKeyring;

fn tier(min: i64, max: Option<i64>, bps: u32, fixed: i64) -> FeeTier {
    FeeTier {
        volume_min: min,
        volume_max: max,
        fee_percent_bps: bps,
        fee_fixed: fixed,
    }
}

/// The seed's example configuration.
fn seed_rules(currency: &str) -> FeeRules {
    FeeRules {
        currency: currency.into(),
        default_fee_percent_bps: 290,
        default_fee_fixed: 30,
        fee_tiers: vec![
            tier(0, Some(10_000), 300, 30),
            tier(10_001, Some(50_000), 250, 25),
        ],
        per_merchant_overrides: vec![MerchantOverride {
            merchant_id: "merchant_123".into(),
            fee_percent_bps: 200,
            fee_fixed: 20,
            reason: "Enterprise agreement".into(),
        }],
    }
}

/// Rules, merchant, volume, amount → fee, rule, tier index, capped.
type Case<'a> = (
    &'a FeeRules,
    &'a str,
    i64,
    i64,
    i64,
    FeeRule,
    Option<u32>,
    bool,
);

/// `(field, code)` of every problem of a refused form, in order.
type Problems = Vec<(String, ErrorCode)>;

#[test]
fn the_fee_follows_the_rule_that_applies_at_every_boundary() {
    let usd = seed_rules("usd");
    let open = FeeRules {
        fee_tiers: vec![tier(0, Some(999), 100, 0), tier(1_000, None, 50, 0)],
        per_merchant_overrides: Vec::new(),
        ..seed_rules("usd")
    };
    let jpy = FeeRules {
        currency: "jpy".into(),
        default_fee_percent_bps: 360,
        default_fee_fixed: 0,
        fee_tiers: vec![tier(0, None, 360, 10)],
        per_merchant_overrides: Vec::new(),
    };
    let bhd = FeeRules {
        fee_tiers: vec![tier(0, None, 250, 100)],
        ..seed_rules("bhd")
    };
    let full = FeeRules {
        default_fee_percent_bps: 10_000,
        default_fee_fixed: 1,
        fee_tiers: Vec::new(),
        per_merchant_overrides: Vec::new(),
        ..seed_rules("usd")
    };
    // (rules, merchant, volume, amount) → (fee, rule, tier index, capped)
    let cases: &[Case] = &[
        // The override beats the tier its volume is in: 2 % of 2500 = 50, + 20.
        (
            &usd,
            "merchant_123",
            5_000,
            2_500,
            70,
            FeeRule::Override,
            None,
            false,
        ),
        (
            &usd,
            "merchant_123",
            90_000,
            2_500,
            70,
            FeeRule::Override,
            None,
            false,
        ),
        // Tier 0 from its first to its last volume: 3 % of 2500 = 75, + 30.
        (
            &usd,
            "merchant_9",
            0,
            2_500,
            105,
            FeeRule::Tier,
            Some(0),
            false,
        ),
        (
            &usd,
            "merchant_9",
            10_000,
            2_500,
            105,
            FeeRule::Tier,
            Some(0),
            false,
        ),
        // Tier 1 at both edges: 2.5 % of 2500 = 62.5, half up to 63, + 25.
        (
            &usd,
            "merchant_9",
            10_001,
            2_500,
            88,
            FeeRule::Tier,
            Some(1),
            false,
        ),
        (
            &usd,
            "merchant_9",
            50_000,
            2_500,
            88,
            FeeRule::Tier,
            Some(1),
            false,
        ),
        // Just below half rounds down: 2.5 % of 2498 = 62.45 → 62, + 25.
        (
            &usd,
            "merchant_9",
            12_400,
            2_498,
            87,
            FeeRule::Tier,
            Some(1),
            false,
        ),
        // Above every tier: the default, 2.9 % of 2500 = 72.5 → 73, + 30.
        (
            &usd,
            "merchant_9",
            50_001,
            2_500,
            103,
            FeeRule::Default,
            None,
            false,
        ),
        (
            &usd,
            "merchant_9",
            50_001,
            50,
            31,
            FeeRule::Default,
            None,
            false,
        ),
        // Capped: 3 % of 20 = 0.6 → 1, + 30 = 31 > 20.
        (&usd, "merchant_9", 0, 20, 20, FeeRule::Tier, Some(0), true),
        (&usd, "merchant_9", 0, 0, 0, FeeRule::Tier, Some(0), true),
        // Exactly the amount is not capped: 0.93 → 1, + 30 = 31.
        (&usd, "merchant_9", 0, 31, 31, FeeRule::Tier, Some(0), false),
        // An open last tier covers any volume above its start.
        (&open, "m", 999, 10_000, 100, FeeRule::Tier, Some(0), false),
        (&open, "m", 1_000, 10_000, 50, FeeRule::Tier, Some(1), false),
        (
            &open,
            "m",
            999_999_999_999,
            10_000,
            50,
            FeeRule::Tier,
            Some(1),
            false,
        ),
        // JPY has no decimals: 3.6 % of ¥1000 = 36, + ¥10; 3.6 % of ¥125 = 4.5 → 5, + ¥10.
        (&jpy, "m", 0, 1_000, 46, FeeRule::Tier, Some(0), false),
        (&jpy, "m", 0, 125, 15, FeeRule::Tier, Some(0), false),
        // BHD has three: 2.5 % of 1.000 BHD = 25, + 100.
        (&bhd, "m", 7, 1_000, 125, FeeRule::Tier, Some(0), false),
        // The largest amount at 100 % + 1 is capped without overflow.
        (
            &full,
            "m",
            0,
            MAX_AMOUNT,
            MAX_AMOUNT,
            FeeRule::Default,
            None,
            true,
        ),
    ];
    for &(rules, merchant, volume, amount, fee, rule, index, capped) in cases {
        let got = quote(rules, merchant, volume, amount);
        assert_eq!(
            (got.fee, got.rule, got.tier_index, got.capped),
            (fee, rule, index, capped),
            "{} {merchant} volume {volume} amount {amount}: {}",
            rules.currency,
            got.explanation
        );
        assert_eq!((got.volume, got.amount), (volume, amount));
    }
}

#[test]
fn a_quote_says_which_rule_applied_and_why() {
    let usd = seed_rules("usd");
    let got = quote(&usd, "merchant_9", 12_400, 2_500);
    assert_eq!(
        got.explanation,
        "Tier 10,001–50,000: 2.5 % + $0.25, volume this month $12,400"
    );
    assert_eq!((got.percent_bps, got.fixed), (250, 25));
    let got = quote(&usd, "merchant_123", 12_400, 2_500);
    assert_eq!(
        got.explanation,
        "Override for merchant_123 (Enterprise agreement): 2 % + $0.20"
    );
    let no_tiers = FeeRules {
        fee_tiers: Vec::new(),
        ..seed_rules("usd")
    };
    assert_eq!(
        quote(&no_tiers, "m", 0, 2_500).explanation,
        "Default: 2.9 % + $0.30"
    );
    assert_eq!(
        quote(&usd, "m", 60_000, 2_500).explanation,
        "Default (no tier covers volume $60,000): 2.9 % + $0.30"
    );
    assert_eq!(
        quote(&usd, "m", 0, 20).explanation,
        "Tier 0–10,000: 3 % + $0.30, volume this month $0; capped at the amount $0.20"
    );
    let jpy = FeeRules {
        fee_tiers: vec![tier(0, None, 360, 10)],
        ..seed_rules("jpy")
    };
    assert_eq!(
        quote(&jpy, "m", 5_000, 1_000).explanation,
        "Tier 0 and above: 3.6 % + ¥10, volume this month ¥5,000"
    );
}

/// xorshift64*: a fixed seed, so a failure repeats.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn amount(&mut self) -> i64 {
        // Mostly small amounts (where the fixed part and rounding matter), some up to the max.
        let cap = match self.below(3) {
            0 => 100,
            1 => 100_000,
            _ => MAX_AMOUNT as u64 + 1,
        };
        self.below(cap) as i64
    }
}

fn random_rules(rng: &mut Rng) -> FeeRules {
    let mut tiers = Vec::new();
    let mut start = 0;
    for index in 0..rng.below(5) {
        let last = rng.below(3) == 0 || index == 3;
        let end = (!last).then(|| start + rng.below(50_000) as i64);
        tiers.push(tier(
            start,
            end,
            rng.below(10_001) as u32,
            rng.below(2_000) as i64,
        ));
        match end {
            Some(end) => start = end + 1,
            None => break,
        }
    }
    FeeRules {
        currency: ["usd", "jpy", "bhd"][rng.below(3) as usize].into(),
        default_fee_percent_bps: rng.below(10_001) as u32,
        default_fee_fixed: rng.below(2_000) as i64,
        fee_tiers: tiers,
        per_merchant_overrides: (0..rng.below(3))
            .map(|n| MerchantOverride {
                merchant_id: format!("m{n}"),
                fee_percent_bps: rng.below(10_001) as u32,
                fee_fixed: rng.below(2_000) as i64,
                reason: "agreement".into(),
            })
            .collect(),
    }
}

#[test]
fn the_fee_is_never_above_the_amount_never_negative_and_grows_with_the_amount() {
    let mut rng = Rng(0x5EED_FEE5_2026_0001);
    for case in 0..20_000 {
        let rules = random_rules(&mut rng);
        let merchant = format!("m{}", rng.below(5));
        let volume = rng.below(250_000) as i64;
        let (a, b) = (rng.amount(), rng.amount());
        let (low, high) = (a.min(b), a.max(b));
        let q_low = quote(&rules, &merchant, volume, low);
        let q_high = quote(&rules, &merchant, volume, high);
        let context = format!("case {case}: {rules:?} {merchant} {volume} {low}/{high}");
        for q in [&q_low, &q_high] {
            assert!(q.fee >= 0 && q.fee <= q.amount, "{context}: {q:?}");
            if q.amount < q.fixed {
                assert!(
                    q.capped,
                    "{context}: the fixed part alone exceeds the amount"
                );
            }
            // Uncapped, the fee is at least its fixed part; capped, it is the amount.
            if q.capped {
                assert_eq!(q.fee, q.amount, "{context}");
            } else {
                assert!(q.fee >= q.fixed, "{context}: {q:?}");
            }
        }
        assert_eq!(
            (q_low.rule, q_low.tier_index),
            (q_high.rule, q_high.tier_index),
            "{context}: the rule depends on the merchant and volume only"
        );
        assert!(q_low.fee <= q_high.fee, "{context}: {q_low:?} {q_high:?}");
    }
}

fn text_tier(min: &str, max: &str, percent: &str, fixed: &str) -> FeeTierInput {
    FeeTierInput {
        volume_min: min.into(),
        volume_max: (!max.is_empty()).then(|| max.to_string()),
        fee_percent: percent.into(),
        fee_fixed: fixed.into(),
    }
}

fn text_override(
    merchant: &str,
    percent: &str,
    fixed: &str,
    reason: &str,
) -> MerchantOverrideInput {
    MerchantOverrideInput {
        merchant_id: merchant.into(),
        fee_percent: percent.into(),
        fee_fixed: fixed.into(),
        reason: reason.into(),
    }
}

fn seed_input(workspace_id: u64) -> SaveFeeSchedule {
    SaveFeeSchedule {
        workspace_id,
        currency: "USD".into(),
        default_fee_percent: "2.9".into(),
        default_fee_fixed: "30".into(),
        // Out of order on purpose: they are stored sorted.
        fee_tiers: vec![
            text_tier("10001", "50000", "2.5", "25"),
            text_tier("0", "10000", "3.0", "30"),
        ],
        per_merchant_overrides: vec![text_override(
            "merchant_123",
            "2.0",
            "20",
            "Enterprise agreement",
        )],
    }
}

fn knows(ids: &'static [&'static str]) -> impl FnMut(&str) -> connectdesk_core::Result<bool> {
    move |id| Ok(ids.contains(&id))
}

/// `(field, code)` of every problem, in order.
fn problems(err: &CoreError) -> Problems {
    err.field_errors
        .iter()
        .map(|e| (e.field.clone(), e.code))
        .collect()
}

fn rejected(input: &SaveFeeSchedule) -> Vec<(String, ErrorCode)> {
    let err = fee_rules(input, &mut knows(&["merchant_123", "merchant_456"]))
        .expect_err("the schedule is refused");
    problems(&err)
}

fn fields(list: &[(&str, ErrorCode)]) -> Vec<(String, ErrorCode)> {
    list.iter().map(|(f, c)| (f.to_string(), *c)).collect()
}

#[test]
fn a_valid_schedule_becomes_sorted_rules_in_basis_points() {
    let rules = fee_rules(&seed_input(1), &mut knows(&["merchant_123"])).expect("valid");
    assert_eq!(rules, seed_rules("usd"));
}

#[test]
fn every_rule_of_the_validator_names_its_field() {
    use ErrorCode::*;
    let with = |change: &dyn Fn(&mut SaveFeeSchedule)| {
        let mut input = seed_input(1);
        change(&mut input);
        rejected(&input)
    };
    let cases: Vec<(Problems, Vec<(&str, ErrorCode)>)> = vec![
        (
            with(&|i| i.currency = String::new()),
            vec![("currency", Required)],
        ),
        (
            with(&|i| i.currency = "dollars".into()),
            vec![("currency", InvalidValue)],
        ),
        (
            with(&|i| i.default_fee_percent = "2.955".into()),
            vec![("defaultFeePercent", InvalidValue)],
        ),
        (
            with(&|i| i.default_fee_percent = "100.01".into()),
            vec![("defaultFeePercent", InvalidValue)],
        ),
        (
            with(&|i| i.default_fee_percent = "2,9".into()),
            vec![("defaultFeePercent", InvalidCharacters)],
        ),
        (
            with(&|i| i.default_fee_percent = " ".into()),
            vec![("defaultFeePercent", Required)],
        ),
        (
            with(&|i| i.default_fee_fixed = "-5".into()),
            vec![("defaultFeeFixed", InvalidCharacters)],
        ),
        (
            with(&|i| i.default_fee_fixed = "0.30".into()),
            vec![("defaultFeeFixed", InvalidCharacters)],
        ),
        (
            with(&|i| i.default_fee_fixed = "100000000".into()),
            vec![("defaultFeeFixed", InvalidValue)],
        ),
        (
            with(&|i| i.fee_tiers[1].fee_percent = "abc".into()),
            vec![("feeTiers[1].feePercent", InvalidCharacters)],
        ),
        (
            with(&|i| i.fee_tiers[0].fee_fixed = "".into()),
            vec![("feeTiers[0].feeFixed", Required)],
        ),
        (
            with(&|i| i.fee_tiers[0].volume_min = "10,001".into()),
            vec![("feeTiers[0].volumeMin", InvalidCharacters)],
        ),
        // The first tier (by volume) must start at 0.
        (
            with(&|i| i.fee_tiers[1].volume_min = "1".into()),
            vec![("feeTiers[1].volumeMin", InvalidValue)],
        ),
        // A gap after 0–10,000, and an overlap with it.
        (
            with(&|i| i.fee_tiers[0].volume_min = "10002".into()),
            vec![("feeTiers[0].volumeMin", InvalidValue)],
        ),
        (
            with(&|i| i.fee_tiers[0].volume_min = "9000".into()),
            vec![("feeTiers[0].volumeMin", InvalidValue)],
        ),
        // Only the last tier may be open.
        (
            with(&|i| i.fee_tiers[1].volume_max = None),
            vec![("feeTiers[1].volumeMax", InvalidValue)],
        ),
        (
            with(&|i| i.fee_tiers[0].volume_max = Some("9".into())),
            vec![("feeTiers[0].volumeMax", InvalidValue)],
        ),
        (
            with(&|i| i.per_merchant_overrides[0].merchant_id = "merchant_999".into()),
            vec![("perMerchantOverrides[0].merchantId", InvalidValue)],
        ),
        (
            with(&|i| i.per_merchant_overrides[0].merchant_id = " ".into()),
            vec![("perMerchantOverrides[0].merchantId", Required)],
        ),
        (
            with(&|i| i.per_merchant_overrides[0].reason = String::new()),
            vec![("perMerchantOverrides[0].reason", Required)],
        ),
        (
            with(&|i| i.per_merchant_overrides[0].reason = "x".repeat(201)),
            vec![("perMerchantOverrides[0].reason", TooLong)],
        ),
        (
            with(&|i| i.per_merchant_overrides[0].fee_percent = "101".into()),
            vec![("perMerchantOverrides[0].feePercent", InvalidValue)],
        ),
        (
            with(&|i| {
                i.per_merchant_overrides
                    .push(text_override("merchant_123", "1", "0", "Second"))
            }),
            vec![("perMerchantOverrides[1].merchantId", Conflict)],
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got, fields(&want));
    }
    // The edges that are allowed.
    let mut input = seed_input(1);
    input.default_fee_percent = "100".into();
    input.fee_tiers[1].fee_percent = "0".into();
    input.fee_tiers[0].volume_max = Some(" ".into());
    input.per_merchant_overrides[0].reason = "x".repeat(200);
    let rules = fee_rules(&input, &mut knows(&["merchant_123"])).expect("edges are valid");
    assert_eq!(rules.default_fee_percent_bps, 10_000);
    assert_eq!(rules.fee_tiers[1].volume_max, None, "blank max is open");
}

#[test]
fn several_problems_are_reported_at_once_each_on_its_field() {
    use ErrorCode::*;
    let input = SaveFeeSchedule {
        workspace_id: 1,
        currency: "jpy".into(),
        default_fee_percent: "2.999".into(),
        default_fee_fixed: "30.5".into(),
        fee_tiers: vec![
            text_tier("0", "10000", "3", "30"),
            text_tier("20000", "", "2", "10"),
            text_tier("9000", "15000", "250", "x"),
        ],
        per_merchant_overrides: vec![
            text_override("merchant_456", "2", "20", ""),
            text_override("nobody", "2", "20", "Deal"),
            text_override("merchant_456", "1", "-1", "Deal"),
        ],
    };
    let err =
        fee_rules(&input, &mut knows(&["merchant_123", "merchant_456"])).expect_err("refused");
    assert_eq!(
        problems(&err),
        fields(&[
            ("defaultFeePercent", InvalidValue),
            ("defaultFeeFixed", InvalidCharacters),
            ("feeTiers[2].feePercent", InvalidValue),
            ("feeTiers[2].feeFixed", InvalidCharacters),
            // Sorted: 0–10,000, 9,000–15,000 (overlaps), 20,000– (gap after 15,000).
            ("feeTiers[2].volumeMin", InvalidValue),
            ("feeTiers[1].volumeMin", InvalidValue),
            ("perMerchantOverrides[0].reason", Required),
            ("perMerchantOverrides[1].merchantId", InvalidValue),
            ("perMerchantOverrides[2].merchantId", Conflict),
            ("perMerchantOverrides[2].feeFixed", InvalidCharacters),
        ])
    );
    // The first problem leads the error.
    assert_eq!(err.field.as_deref(), Some("defaultFeePercent"));
    let gap = &err.field_errors[5].message;
    assert!(gap.contains("gap") && gap.contains("15,001"), "{gap}");
    let overlap = &err.field_errors[4].message;
    assert!(
        overlap.contains("overlaps") && overlap.contains("10,001"),
        "{overlap}"
    );
    let fixed = &err.field_errors[1].message;
    assert!(
        fixed.contains("¥30"),
        "JPY fixed fees are explained in yen: {fixed}"
    );
}

// --- The service through the Desk ---

const PIN: &str = "1111";

struct World {
    _dir: tempfile::TempDir,
    desk: Desk,
    workspace: u64,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let desk = Desk::open(dir.path().join("data"), &NoKeyring).expect("desk");
        let workspace = desk
            .workspaces()
            .create(CreateWorkspace {
                name: "Main".into(),
            })
            .expect("workspace")
            .id;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        for merchant in ["merchant_123", "merchant_456"] {
            let input = CreateOnboarding {
                workspace_id: workspace,
                merchant_id: merchant.into(),
                account_type: "express".into(),
                country: "US".into(),
                email: format!("{merchant}@shop.example"),
                return_url: Some("https://platform.example/return".into()),
                refresh_url: Some("https://platform.example/refresh".into()),
                ..CreateOnboarding::default()
            };
            rt.block_on(desk.onboarding().create(&desk.stripe_access(), input))
                .expect("onboarded");
        }
        World {
            _dir: dir,
            desk,
            workspace,
        }
    }

    fn audit(&self, action: &str) -> Vec<connectdesk_core::audit::AuditRecord> {
        let query = ListQuery {
            size: Some("300".into()),
            sort: Some("id:desc".into()),
            ..ListQuery::default()
        };
        let page = self.desk.guard().audit_list(&query).expect("audit");
        page.items
            .into_iter()
            .filter(|r| r.action == action)
            .collect()
    }

    /// Makes a second operator with `role` in the workspace the one acting.
    fn act_as(&self, role: Role) {
        let guard = self.desk.guard();
        let admin = guard.operator().expect("admin").id;
        guard.set_operator_pin(admin, PIN).expect("admin pin");
        let created = guard
            .create_operator(CreateOperator {
                display_name: "Sam".into(),
                grants: vec![Grant {
                    workspace_id: Some(self.workspace),
                    role,
                    merchant_ids: Vec::new(),
                }],
                pin: Some("2222".into()),
            })
            .expect("operator");
        guard
            .switch_operator(created.id, Some("2222"))
            .expect("switch");
    }
}

#[test]
fn a_save_replaces_the_schedule_whole_and_a_rejected_one_changes_nothing() {
    let world = World::new();
    let fees = world.desk.fees();
    let saved = fees.save(seed_input(world.workspace)).expect("saved");
    assert_eq!(saved.currency, "usd");
    assert_eq!(saved.default_fee_percent, "2.9");
    assert_eq!(saved.default_fee_percent_bps, 290);
    let tiers: Vec<(i64, Option<i64>, &str, i64)> = saved
        .fee_tiers
        .iter()
        .map(|t| {
            (
                t.volume_min,
                t.volume_max,
                t.fee_percent.as_str(),
                t.fee_fixed,
            )
        })
        .collect();
    assert_eq!(
        tiers,
        [
            (0, Some(10_000), "3", 30),
            (10_001, Some(50_000), "2.5", 25)
        ]
    );
    assert_eq!(fees.get(world.workspace, "usd").expect("read"), saved);

    // One problem among valid changes: nothing of it is stored.
    let mut bad = seed_input(world.workspace);
    bad.default_fee_percent = "1.5".into();
    bad.fee_tiers[0].volume_min = "10002".into();
    bad.per_merchant_overrides[0].merchant_id = "merchant_999".into();
    let err = fees.save(bad).expect_err("refused");
    assert_eq!(
        problems(&err),
        fields(&[
            ("feeTiers[0].volumeMin", ErrorCode::InvalidValue),
            (
                "perMerchantOverrides[0].merchantId",
                ErrorCode::InvalidValue
            ),
        ])
    );
    assert_eq!(fees.get(world.workspace, "usd").expect("read"), saved);
    assert_eq!(
        fees.list(world.workspace).expect("list"),
        vec![saved.clone()]
    );

    // A valid change replaces the schedule (same record) and is audited field by field.
    let mut next = seed_input(world.workspace);
    next.fee_tiers[0].fee_percent = "2.4".into();
    next.per_merchant_overrides
        .push(text_override("merchant_456", "1.95", "0", "Launch partner"));
    let changed = fees.save(next).expect("saved again");
    assert_eq!(changed.id, saved.id);
    assert_eq!(changed.fee_tiers[1].fee_percent, "2.4");
    assert_eq!(changed.per_merchant_overrides[1].fee_percent_bps, 195);
    let saves = world.audit("fees.save");
    assert_eq!(saves.len(), 3, "two saves and one failed save");
    assert_eq!(saves[0].target_id, format!("{}/usd", world.workspace));
    let changes: Vec<(&str, Option<String>, Option<String>)> = saves[0]
        .changes
        .iter()
        .map(|c| {
            (
                c.field.as_str(),
                c.before.as_ref().map(|v| v.to_string()),
                c.after.as_ref().map(|v| v.to_string()),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            (
                "feeTiers.1.feePercent",
                Some("\"2.5\"".into()),
                Some("\"2.4\"".into())
            ),
            (
                "perMerchantOverrides.merchant_456.feeFixed",
                None,
                Some("0".into())
            ),
            (
                "perMerchantOverrides.merchant_456.feePercent",
                None,
                Some("\"1.95\"".into())
            ),
            (
                "perMerchantOverrides.merchant_456.reason",
                None,
                Some("\"Launch partner\"".into())
            ),
        ]
    );

    // Another currency is another schedule; deleting one leaves the other.
    let mut jpy = seed_input(world.workspace);
    jpy.currency = "jpy".into();
    fees.save(jpy).expect("jpy saved");
    let currencies: Vec<String> = fees
        .list(world.workspace)
        .expect("list")
        .into_iter()
        .map(|s| s.currency)
        .collect();
    assert_eq!(currencies, ["jpy", "usd"]);
    fees.delete(world.workspace, "USD").expect("deleted");
    let err = fees.get(world.workspace, "usd").expect_err("gone");
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::NotFound, Some("currency"))
    );
    assert_eq!(world.audit("fees.delete").len(), 1);
    assert_eq!(fees.list(world.workspace).expect("list").len(), 1);
}

#[test]
fn the_preview_quotes_with_the_saved_rules() {
    let world = World::new();
    let preview = |merchant: &str, currency: &str, amount: &str| {
        world.desk.preview_fee(&FeePreviewInput {
            workspace_id: world.workspace,
            currency: currency.into(),
            merchant_id: merchant.into(),
            amount: amount.into(),
        })
    };
    let err = preview("merchant_456", "usd", "25.00").expect_err("no schedule yet");
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::NotFound, Some("currency"))
    );
    world
        .desk
        .fees()
        .save(seed_input(world.workspace))
        .expect("saved");
    // No payments recorded yet: volume 0, the first tier.
    let q = preview("merchant_456", "usd", "25.00").expect("quote");
    assert_eq!(
        (q.fee, q.rule, q.tier_index, q.volume),
        (105, FeeRule::Tier, Some(0), 0)
    );
    let q = preview("merchant_123", "usd", "25").expect("quote");
    assert_eq!((q.fee, q.rule), (70, FeeRule::Override));
    let err = preview("", "usd", "25.005").expect_err("bad input");
    assert_eq!(
        problems(&err),
        fields(&[
            ("merchantId", ErrorCode::Required),
            ("amount", ErrorCode::InvalidValue)
        ])
    );
}

#[test]
fn support_may_read_fees_but_not_change_them() {
    let world = World::new();
    let saved = world
        .desk
        .fees()
        .save(seed_input(world.workspace))
        .expect("saved");
    world.act_as(Role::Support);
    let fees = world.desk.fees();
    assert_eq!(fees.get(world.workspace, "usd").expect("read"), saved);
    assert_eq!(fees.list(world.workspace).expect("list").len(), 1);
    let mut change = seed_input(world.workspace);
    change.default_fee_percent = "9".into();
    let err = fees.save(change).expect_err("refused");
    assert_eq!(err.code, ErrorCode::Forbidden);
    let err = fees.delete(world.workspace, "usd").expect_err("refused");
    assert_eq!(err.code, ErrorCode::Forbidden);
    assert_eq!(fees.get(world.workspace, "usd").expect("read"), saved);
}
