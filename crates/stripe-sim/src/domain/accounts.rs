//! Creating accounts, the platform's own account, bank accounts, and saving account changes
//! (requirements recomputed, `account.updated` / `capability.updated` emitted).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::domain::events::previous_attributes;
use crate::domain::{requirements, Ctx};
use crate::ids;
use crate::model::*;
use crate::money;
use crate::store::render::Render;
use crate::store::Db;

/// The bank name Stripe shows for test bank accounts.
pub const TEST_BANK_NAME: &str = "STRIPE TEST BANK";

/// A fresh database holding only the platform account.
pub fn fresh_db() -> Db {
    let mut db = Db::empty(String::new());
    init_platform(&mut db);
    db
}

/// Creates the platform account in an empty database.
pub fn init_platform(db: &mut Db) {
    let id = db.next_id("acct");
    db.meta.platform = id.clone();
    let now = db.now();
    let mut account = blank(&id, "standard", "US", now);
    account.controller = json!({ "type": "account" });
    account.email = Some("platform@stripe-sim.invalid".into());
    account.business_type = Some("company".into());
    account.company = Some(Company {
        name: Some("Stripe Sim Platform".into()),
        phone: None,
        tax_id_provided: true,
    });
    account.business_profile.name = Some("Stripe Sim Platform".into());
    account.business_profile.mcc = Some("5734".into());
    account.business_profile.url = Some("https://platform.stripe-sim.invalid".into());
    account.settings.dashboard.display_name = Some("Stripe Sim Platform".into());
    account.details_submitted = true;
    account.tos_acceptance = TosAcceptance {
        date: Some(now),
        ip: Some("127.0.0.1".into()),
        user_agent: None,
        service_agreement: None,
    };
    let bank_id = db.next_id("ba");
    let bank = bank_account(
        &id,
        bank_id,
        "US",
        "usd",
        Some("Stripe Sim Platform"),
        Some("company"),
        Some("110000000"),
        "6789",
    );
    account.external_accounts.push(bank);
    requirements::apply(&mut account, false);
    db.accounts.insert(&id, account);
}

/// A new account with nothing filled in. Standard accounts always carry `card_payments` and
/// `transfers`; other types get what the platform requests.
pub fn blank(id: &str, kind: &str, country: &str, now: i64) -> Account {
    let mut capabilities = BTreeMap::new();
    if kind == "standard" {
        capabilities.insert("card_payments".to_owned(), "inactive".to_owned());
        capabilities.insert("transfers".to_owned(), "inactive".to_owned());
    }
    Account {
        id: id.to_owned(),
        object: "account".into(),
        kind: kind.to_owned(),
        business_profile: BusinessProfile::default(),
        business_type: None,
        capabilities,
        charges_enabled: false,
        company: None,
        individual: None,
        controller: controller(kind),
        country: country.to_owned(),
        created: now,
        default_currency: money::default_currency(country).to_owned(),
        details_submitted: false,
        email: None,
        external_accounts: EmbeddedList::new(format!("/v1/accounts/{id}/external_accounts")),
        future_requirements: Requirements::default(),
        metadata: Metadata::new(),
        payouts_enabled: false,
        requirements: Requirements::default(),
        settings: default_settings(country),
        tos_acceptance: TosAcceptance::default(),
    }
}

fn controller(kind: &str) -> Value {
    let (payer, losses, collection, dashboard) = match kind {
        "express" => ("application_express", "application", "stripe", "express"),
        "custom" => ("application", "application", "application", "none"),
        _ => ("account", "stripe", "stripe", "full"),
    };
    json!({
        "type": "application",
        "is_controller": true,
        "fees": { "payer": payer },
        "losses": { "payments": losses },
        "requirement_collection": collection,
        "stripe_dashboard": { "type": dashboard },
    })
}

fn default_settings(country: &str) -> Settings {
    Settings {
        bacs_debit_payments: json!({ "display_name": null, "service_user_number": null }),
        branding: json!({ "icon": null, "logo": null, "primary_color": null, "secondary_color": null }),
        card_issuing: json!({ "tos_acceptance": { "date": null, "ip": null } }),
        card_payments: json!({
            "decline_on": { "avs_failure": false, "cvc_failure": false },
            "statement_descriptor_prefix": null,
            "statement_descriptor_prefix_kana": null,
            "statement_descriptor_prefix_kanji": null,
        }),
        dashboard: DashboardSettings {
            display_name: None,
            timezone: "Etc/UTC".into(),
        },
        payments: PaymentsSettings::default(),
        payouts: PayoutSettings {
            debit_negative_balances: true,
            schedule: PayoutSchedule {
                delay_days: default_delay_days(country),
                interval: "daily".into(),
                monthly_anchor: None,
                weekly_anchor: None,
            },
            statement_descriptor: None,
        },
        sepa_debit_payments: json!({}),
    }
}

/// Days until charged funds become available: 2 in the US, 7 elsewhere (Stripe's defaults for
/// new accounts).
pub fn default_delay_days(country: &str) -> i64 {
    if country == "US" {
        2
    } else {
        7
    }
}

/// A test bank account (`ba_`).
#[allow(clippy::too_many_arguments)]
pub fn bank_account(
    account: &str,
    id: String,
    country: &str,
    currency: &str,
    holder_name: Option<&str>,
    holder_type: Option<&str>,
    routing_number: Option<&str>,
    last4: &str,
) -> BankAccount {
    BankAccount {
        id,
        object: "bank_account".into(),
        account: account.to_owned(),
        account_holder_name: holder_name.map(str::to_owned),
        account_holder_type: holder_type.map(str::to_owned),
        account_type: None,
        available_payout_methods: vec!["standard".into(), "instant".into()],
        bank_name: TEST_BANK_NAME.into(),
        country: country.to_owned(),
        currency: currency.to_owned(),
        default_for_currency: true,
        fingerprint: ids::random_token(16),
        last4: last4.to_owned(),
        metadata: Metadata::new(),
        routing_number: routing_number.map(str::to_owned),
        status: "new".into(),
    }
}

impl Ctx<'_> {
    /// Adds a bank account to `account` (the default for its currency) and emits
    /// `account.external_account.created`. `payout_failure` is the failure code of Stripe's
    /// failing test numbers, kept aside (Stripe never shows the full number again).
    pub fn attach_bank_account(
        &mut self,
        account: &mut Account,
        bank: BankAccount,
        payout_failure: Option<&str>,
    ) {
        if let Some(code) = payout_failure {
            self.db
                .meta
                .payout_failures
                .insert(bank.id.clone(), code.to_owned());
            self.db.meta_dirty = true;
        }
        for existing in account.external_accounts.data.iter_mut() {
            if existing.currency == bank.currency {
                existing.default_for_currency = false;
            }
        }
        let rendered = serde_json::to_value(&bank).unwrap_or(Value::Null);
        account.external_accounts.push(bank);
        let owner = account.id.clone();
        self.emit(&owner, "account.external_account.created", rendered, None);
    }

    /// Stores a changed (or new, when `before` is `None`) account after recomputing its
    /// requirements, and emits `account.updated` plus `capability.updated` per changed capability.
    pub fn save_account(&mut self, before: Option<&Account>, mut account: Account) -> Account {
        let held = self.db.meta.verification_holds.contains(&account.id);
        requirements::apply(&mut account, held);
        let platform = self.platform();
        let owner = account.id.clone();
        if let Some(before) = before {
            let old = before.render(self.db);
            let new = account.render(self.db);
            if let Some(previous) = previous_attributes(&old, &new) {
                self.emit(&owner, "account.updated", new, Some(previous));
            }
            for (name, status) in &account.capabilities {
                let old_status = before.capabilities.get(name);
                if old_status != Some(status) {
                    let capability = capability_object(&account, name, status, self.now());
                    let previous = old_status.map(|s| json!({ "status": s }));
                    self.emit(&owner, "capability.updated", capability, previous);
                }
            }
        }
        self.db.accounts.insert(&platform, account.clone());
        account
    }
}

/// Stripe's `capability` object.
pub fn capability_object(account: &Account, name: &str, status: &str, now: i64) -> Value {
    let due: Vec<&String> = if status == "active" {
        Vec::new()
    } else {
        account.requirements.currently_due.iter().collect()
    };
    json!({
        "id": name,
        "object": "capability",
        "account": account.id,
        "requested": true,
        "requested_at": account.created,
        "requirements": {
            "alternatives": [],
            "current_deadline": null,
            "currently_due": due,
            "disabled_reason": if due.is_empty() { Value::Null } else { json!("requirements.past_due") },
            "errors": [],
            "eventually_due": due,
            "past_due": due,
            "pending_verification": [],
        },
        "status": status,
        "updated_at": now,
    })
}
