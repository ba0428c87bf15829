//! The `Payments` service: take a payment for a connected account with the platform's fee from
//! the rules, confirm it with a test card, capture, cancel, refund, list and sync. Every Stripe
//! write goes through the operations journal; every operation is gated and audited.

use std::path::Path;
use std::sync::Arc;

use connectdesk_stripe::charges;
use connectdesk_stripe::payment_intents::{
    self, CancelPaymentIntent, CaptureMethod, CapturePaymentIntent, ConfirmPaymentIntent,
    CreatePaymentIntent, ListPaymentIntents, PaymentIntent, TransferDataParams,
};
use connectdesk_stripe::refunds::{self, CreateRefund, RefundReason};
use connectdesk_stripe::Metadata;
use futures::TryStreamExt;

use super::export::PAYMENTS_CSV;
use super::fees::{FeeSource, Priced};
use super::model::*;
use super::remote::{apply_charge, apply_intent, destination, new_payment, note};
use super::validate::{self, positive_amount, ValidPayment};
use super::volume::month_volume;
use crate::audit::{diff, FieldChange};
use crate::guard::{Action, Guard, Reach};
use crate::journal::{
    Journal, NewOperation, OperationKind, Reconcile, WriteError, METADATA_OPERATION,
};
use crate::money;
use crate::onboarding::{entry_of_account, OnboardingEntry};
use crate::operators::{authorize, Operator, Permission, Scope};
use crate::query::{FilterInput, ListQuery, Page};
use crate::saved_file::ExportedFile;
use crate::settings::Settings;
use crate::store::{Collection, Store};
use crate::stripe_access::{StripeAccess, StripeContext};
use crate::stripe_errors::{refusal, write_failure};
use crate::stripe_gateway::Target;
use crate::{CoreError, ErrorCode, Result};

const VIEW: Action = Action::new("payment.view", "payment");
const CREATE: Action = Action::new("payment.create", "payment");
const CONFIRM: Action = Action::new("payment.confirm", "payment");
const CAPTURE: Action = Action::new("payment.capture", "payment");
const CANCEL: Action = Action::new("payment.cancel", "payment");
const REFUND: Action = Action::new("payment.refund", "payment");
const SYNC: Action = Action::new("payment.sync", "workspace");
const EXPORT: Action = Action::new("payment.export", "payment");
/// Payments reach a workspace, and a shop owner only their own merchants' payments.
const REACH: Reach = Reach {
    workspace: "workspaceId",
    merchant: Some("merchantId"),
};

/// Payments of connected accounts. Cheap to clone; safe to share between threads.
#[derive(Clone)]
pub struct Payments {
    pub(super) payments: Collection<Payment>,
    pub(super) entries: Collection<OnboardingEntry>,
    journal: Journal,
    pub(super) guard: Guard,
    pub(super) settings: Settings,
    rules: Arc<dyn FeeSource>,
}

impl Payments {
    pub fn new(store: &Store, journal: Journal, rules: Arc<dyn FeeSource>) -> Result<Self> {
        Ok(Self {
            payments: store.collection()?,
            entries: store.collection()?,
            journal,
            guard: Guard::open(store)?,
            settings: Settings::open(store)?,
            rules,
        })
    }

    /// What the operator may see. Filterable: workspaceId, accountId, status, currency (keys),
    /// paymentIntentId, merchantId, orderId, customerEmail, amount, created; sortable: id,
    /// amount, created.
    pub fn list(&self, query: &ListQuery) -> Result<Page<Payment>> {
        let query = self
            .guard
            .narrow(Permission::ViewMoney, VIEW, query, REACH)?;
        self.payments.list(&query)
    }

    /// Saves every payment of the current filter the operator may see as a new CSV in `dir`.
    pub fn export(&self, query: &ListQuery, dir: &Path) -> Result<ExportedFile> {
        self.guard.export_list(
            Permission::ViewMoney,
            EXPORT,
            query,
            REACH,
            |page| self.payments.list(page),
            &PAYMENTS_CSV,
            dir,
        )
    }

    pub fn get(&self, id: u64) -> Result<Payment> {
        let payment = self.payments.get(id)?;
        self.allow(Permission::ViewMoney, VIEW, &payment)?;
        Ok(payment)
    }

    /// Creates the PaymentIntent (a destination charge) with the application fee from the
    /// workspace's fee rules (or an Admin's own, with a reason), and stores the payment.
    pub async fn create(
        &self,
        access: &dyn StripeAccess,
        input: CreatePayment,
    ) -> Result<CreatedPayment> {
        let scope = Scope::workspace(input.workspace_id);
        let by = self
            .guard
            .allow(Permission::ManagePayments, scope, CREATE, "")?;
        if input.fee_override.is_some() {
            self.guard
                .allow(Permission::ManageFees, scope, CREATE, "feeOverride")?;
        }
        let result = self.create_for(access, &by, &input).await;
        self.guard.record(
            &by,
            Some(input.workspace_id),
            CREATE,
            &result
                .as_ref()
                .map(|created| created.payment.payment_intent_id.clone())
                .unwrap_or_default(),
            &result,
            |created| created_diff(&created.payment, input.fee_override.as_ref()),
        );
        result
    }

    async fn create_for(
        &self,
        access: &dyn StripeAccess,
        by: &Operator,
        input: &CreatePayment,
    ) -> Result<CreatedPayment> {
        let valid = validate::create(input)?;
        let entry = self.destination_entry(valid.workspace_id, &valid.account_id)?;
        let ctx = access.context(valid.workspace_id)?;
        let priced = self.price(&valid, &entry)?;
        let new = NewOperation {
            kind: OperationKind::PaymentCreate,
            summary: format!(
                "Payment of {} to {}",
                money::display(valid.amount, &valid.currency),
                valid.account_id
            ),
            subject: valid
                .order_id
                .as_ref()
                .map(|order| format!("payment:{}:{order}", valid.workspace_id)),
            operator: Some(by.journal_name()),
            reconcile: Reconcile::Created {
                list_path: "/v1/payment_intents".into(),
            },
            apply_locally: false,
            context: serde_json::json!({ "feeRule": priced.explanation }),
        };
        let done = self
            .journal
            .execute(&ctx, valid.workspace_id, new, |op| {
                payment_intents::create(&create_params(&valid, priced.fee, op.as_str()), op)
            })
            .await
            .map_err(|err| write_failure("create the payment", err, &ctx.target))?;
        let client_secret = done
            .result
            .raw
            .get("client_secret")
            .and_then(|value| value.as_str())
            .map(|text| ClientSecret(text.to_string()))
            .ok_or_else(|| CoreError::internal("Stripe's payment has no client secret."))?;
        let mut payment = new_payment(
            valid.workspace_id,
            &done.result.object,
            Some(entry.merchant_id.clone()),
            &ctx,
        );
        payment.fee_rule = Some(priced.explanation);
        payment.fee_set_by_admin = valid.fee_override.is_some();
        let payment = self.payments.insert(payment)?;
        Ok(CreatedPayment {
            payment,
            client_secret,
        })
    }

    /// The fee: an Admin's override, else the rules for the merchant's volume this month.
    fn price(&self, valid: &ValidPayment, entry: &OnboardingEntry) -> Result<Priced> {
        if let Some((fee, reason)) = &valid.fee_override {
            return Ok(Priced {
                fee: *fee,
                explanation: format!("Set by an Admin: {reason}"),
            });
        }
        let volume = month_volume(
            &self.payments,
            valid.workspace_id,
            &entry.merchant_id,
            &valid.currency,
            time::OffsetDateTime::now_utc(),
        )?;
        self.rules
            .quote(
                valid.workspace_id,
                &valid.currency,
                Some(&entry.merchant_id),
                valid.amount,
                volume,
            )?
            .ok_or_else(|| {
                CoreError::on_field(
                    ErrorCode::InvalidValue,
                    "currency",
                    format!(
                        "This workspace has no platform fee rules for {}: an Admin sets them up in Fees first.",
                        valid.currency.to_uppercase()
                    ),
                )
            })
    }

    /// The workspace's onboarding entry of the account, which must be able to take charges.
    fn destination_entry(&self, workspace_id: u64, account_id: &str) -> Result<OnboardingEntry> {
        let entry = self.account_entry(workspace_id, account_id)?.ok_or_else(|| {
            CoreError::on_field(
                ErrorCode::AccountNotFound,
                "accountId",
                format!("{account_id} is not a connected account of this workspace (onboard it first)."),
            )
        })?;
        if !entry.charges_enabled {
            return Err(CoreError::on_field(
                ErrorCode::AccountNotOnboarded,
                "accountId",
                format!(
                    "{account_id} cannot accept payments yet: the merchant has not finished Stripe's onboarding. Open the entry in Onboarding and send them a new link with Continue."
                ),
            ));
        }
        Ok(entry)
    }

    /// "Pay with a test card": confirms with one of Stripe's test payment methods. Only where
    /// no real card can be charged: the sandbox and test mode.
    pub async fn confirm_with_test_card(
        &self,
        access: &dyn StripeAccess,
        id: u64,
        card: TestCard,
    ) -> Result<Payment> {
        self.act(access, Permission::ManagePayments, CONFIRM, id, |ctx, payment| async move {
            if ctx.mode_code() == 1 {
                return Err(CoreError::new(
                    ErrorCode::InvalidValue,
                    "Test cards work in the offline sandbox and in test mode only; this payment is live.",
                ));
            }
            let expected = if payment.capture_method == "manual" {
                "requires_capture"
            } else {
                "succeeded"
            };
            let intent = payment.payment_intent_id.clone();
            let result = self
                .journal
                .execute(
                    &ctx,
                    payment.workspace_id,
                    self.operation(OperationKind::PaymentConfirm, &payment, expected, "Confirm with a test card"),
                    |op| {
                        payment_intents::confirm(
                            &intent,
                            &ConfirmPaymentIntent {
                                payment_method: Some(card.payment_method().into()),
                                return_url: None,
                            },
                            op,
                        )
                    },
                )
                .await;
            match result {
                Ok(done) => self.refreshed(&ctx, payment, &done.result.object, "confirmed", card_words(card)).await,
                Err(WriteError::Stripe { operation, error }) if !operation.state.is_open() => {
                    // A decline: Stripe answered 402 and the intent wants another method.
                    let intent = ctx
                        .client
                        .retrieve_payment_intent(&payment.payment_intent_id)
                        .await
                        .map_err(|err| read_failure(&err, &ctx.target))?;
                    let declined = error.to_string();
                    let mut updated = self.refreshed(&ctx, payment, &intent, "declined", &declined).await?;
                    updated.failure = Some(declined);
                    self.payments.update(updated.id, |stored| {
                        stored.failure = updated.failure.clone();
                        Ok(())
                    })
                }
                Err(err) => Err(write_failure("confirm the payment", err, &ctx.target)),
            }
        }, same)
        .await
    }

    /// Captures an authorized payment, wholly or `amount` of it; a partial capture's fee is
    /// the rules' fee for the captured amount.
    pub async fn capture(
        &self,
        access: &dyn StripeAccess,
        input: CapturePayment,
    ) -> Result<Payment> {
        self.act(
            access,
            Permission::ManagePayments,
            CAPTURE,
            input.id,
            |ctx, payment| async move {
                if payment.status != "requires_capture" {
                    return Err(CoreError::new(
                        ErrorCode::InvalidValue,
                        "Only an authorized payment (waiting for capture) can be captured.",
                    ));
                }
                let amount = match input.amount.as_deref().map(str::trim) {
                    None | Some("") => payment.amount_capturable,
                    Some(text) => positive_amount("amount", text, &payment.currency)?,
                };
                if amount > payment.amount_capturable {
                    return Err(CoreError::on_field(
                        ErrorCode::InvalidValue,
                        "amount",
                        format!(
                            "At most {} can be captured.",
                            money::display(payment.amount_capturable, &payment.currency)
                        ),
                    ));
                }
                let fee = if amount < payment.amount_capturable {
                    Some(self.fee_for(&payment, amount)?)
                } else {
                    None
                };
                let params = CapturePaymentIntent {
                    amount_to_capture: Some(amount),
                    application_fee_amount: fee.as_ref().map(|priced| priced.fee),
                    ..CapturePaymentIntent::default()
                };
                let intent = payment.payment_intent_id.clone();
                let done = self
                    .journal
                    .execute(
                        &ctx,
                        payment.workspace_id,
                        self.operation(
                            OperationKind::PaymentCapture,
                            &payment,
                            "succeeded",
                            "Capture",
                        ),
                        |op| payment_intents::capture(&intent, &params, op),
                    )
                    .await
                    .map_err(|err| write_failure("capture the payment", err, &ctx.target))?;
                let detail = format!("{} captured", money::display(amount, &payment.currency));
                let mut captured = self
                    .refreshed(&ctx, payment, &done.result.object, "captured", &detail)
                    .await?;
                if let Some(priced) = fee {
                    captured = self.payments.update(captured.id, |stored| {
                        stored.fee_rule = Some(priced.explanation.clone());
                        Ok(())
                    })?;
                }
                Ok(captured)
            },
            same,
        )
        .await
    }

    /// Cancels a payment that was not captured (or not confirmed) yet.
    pub async fn cancel(&self, access: &dyn StripeAccess, id: u64) -> Result<Payment> {
        self.act(
            access,
            Permission::ManagePayments,
            CANCEL,
            id,
            |ctx, payment| async move {
                if matches!(
                    payment.status.as_str(),
                    "succeeded" | "canceled" | "processing"
                ) {
                    return Err(CoreError::new(
                    ErrorCode::InvalidValue,
                    "Only a payment that was not captured yet can be canceled; refund it instead.",
                ));
                }
                let intent = payment.payment_intent_id.clone();
                let done = self
                    .journal
                    .execute(
                        &ctx,
                        payment.workspace_id,
                        self.operation(
                            OperationKind::PaymentCancel,
                            &payment,
                            "canceled",
                            "Cancel",
                        ),
                        |op| {
                            payment_intents::cancel(
                                &intent,
                                &CancelPaymentIntent {
                                    cancellation_reason: Some("requested_by_customer".into()),
                                },
                                op,
                            )
                        },
                    )
                    .await
                    .map_err(|err| write_failure("cancel the payment", err, &ctx.target))?;
                self.refreshed(&ctx, payment, &done.result.object, "canceled", "")
                    .await
            },
            same,
        )
        .await
    }

    /// Refunds what remains or `amount` of it, optionally with the application fee (in
    /// proportion, as Stripe does) and the transfer to the account.
    ///
    /// Operators who may refund but not manage payments (Support) refund up to the workspace's
    /// refund limit, which is 0 (none) until an Admin can set one.
    pub async fn refund(
        &self,
        access: &dyn StripeAccess,
        input: RefundPayment,
    ) -> Result<RefundOutcome> {
        self.check_refund_limit(&input)?;
        self.act(
            access,
            Permission::Refund,
            REFUND,
            input.id,
            |ctx, payment| async move { self.send_refund(&ctx, payment, &input).await },
            |outcome: &RefundOutcome| &outcome.payment,
        )
        .await
    }

    fn check_refund_limit(&self, input: &RefundPayment) -> Result<()> {
        let payment = self.payments.get(input.id)?;
        let by = self.guard.operator()?;
        let scope = Scope::workspace(payment.workspace_id);
        if authorize(&by, Permission::ManagePayments, scope).is_ok()
            || authorize(&by, Permission::Refund, scope).is_err()
        {
            // Payments admins refund freely; the gate answers everyone else.
            return Ok(());
        }
        let limit = self.support_limit(payment.workspace_id, &payment.currency)?;
        let asked = match input.amount.as_deref().map(str::trim) {
            None | Some("") => payment.amount_received - payment.amount_refunded,
            Some(text) => positive_amount("amount", text, &payment.currency)?,
        };
        if asked <= limit {
            return Ok(());
        }
        Err(self.guard.refuse_because(
            &by,
            Some(payment.workspace_id),
            REFUND,
            &payment.payment_intent_id,
            CoreError::new(
                ErrorCode::Forbidden,
                format!(
                    "Support refunds up to {} in this workspace; a Payments admin can refund this payment.",
                    money::display(limit, &payment.currency)
                ),
            ),
        ))
    }

    async fn send_refund(
        &self,
        ctx: &StripeContext,
        payment: Payment,
        input: &RefundPayment,
    ) -> Result<RefundOutcome> {
        let remaining = payment.amount_received - payment.amount_refunded;
        if remaining <= 0 {
            return Err(CoreError::new(
                ErrorCode::InvalidValue,
                "Nothing of this payment is left to refund.",
            ));
        }
        let amount = match input.amount.as_deref().map(str::trim) {
            None | Some("") => remaining,
            Some(text) => positive_amount("amount", text, &payment.currency)?,
        };
        if amount > remaining {
            return Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                "amount",
                format!(
                    "At most {} is left to refund.",
                    money::display(remaining, &payment.currency)
                ),
            ));
        }
        let reason = match input.reason.as_deref().map(str::trim) {
            None | Some("") => None,
            Some("duplicate") => Some(RefundReason::Duplicate),
            Some("fraudulent") => Some(RefundReason::Fraudulent),
            Some("requested_by_customer") => Some(RefundReason::RequestedByCustomer),
            Some(_) => {
                return Err(CoreError::on_field(
                    ErrorCode::InvalidValue,
                    "reason",
                    "The reason is duplicate, fraudulent or requested_by_customer.",
                ))
            }
        };
        let fee_before = self.fee_refunded_so_far(ctx, &payment).await?;
        let intent = payment.payment_intent_id.clone();
        let new = NewOperation {
            reconcile: Reconcile::Created {
                list_path: "/v1/refunds".into(),
            },
            ..self.operation(OperationKind::Refund, &payment, "", "Refund")
        };
        let done = self
            .journal
            .execute(ctx, payment.workspace_id, new, |op| {
                refunds::create(
                    &CreateRefund {
                        amount: Some(amount),
                        reason,
                        refund_application_fee: Some(input.refund_application_fee),
                        reverse_transfer: Some(input.reverse_transfer),
                        metadata: tagged(op.as_str()),
                        ..CreateRefund::for_payment_intent(&intent)
                    },
                    op,
                )
            })
            .await
            .map_err(|err| write_failure("refund the payment", err, &ctx.target))?;
        let refund = &done.result.object;
        let fee_after = self.fee_refunded_so_far(ctx, &payment).await?;
        let line = PaymentRefund {
            id: refund.id.clone(),
            amount: refund.amount,
            status: refund.status.as_ref().map(|s| s.as_str().to_string()),
            reason: refund.reason.as_ref().map(|r| r.as_str().to_string()),
            application_fee_refunded: fee_after - fee_before,
            reversed_transfer: refund.transfer_reversal.is_some(),
            created: crate::time::iso_from_unix(refund.created).unwrap_or_default(),
        };
        let intent = ctx
            .client
            .retrieve_payment_intent(&payment.payment_intent_id)
            .await
            .map_err(|err| read_failure(&err, &ctx.target))?;
        let detail = format!(
            "{} refunded{}",
            money::display(line.amount, &payment.currency),
            if line.application_fee_refunded > 0 {
                format!(
                    ", {} of the fee",
                    money::display(line.application_fee_refunded, &payment.currency)
                )
            } else {
                String::new()
            }
        );
        let mut updated = self
            .refreshed(ctx, payment, &intent, "refunded", &detail)
            .await?;
        updated = self.payments.update(updated.id, |stored| {
            stored.refunds.push(line.clone());
            stored.application_fee_refunded = fee_after;
            Ok(())
        })?;
        Ok(RefundOutcome {
            refund: line,
            payment: updated,
        })
    }

    async fn fee_refunded_so_far(&self, ctx: &StripeContext, payment: &Payment) -> Result<i64> {
        let Some(fee_id) = payment.application_fee_id.as_deref() else {
            return Ok(0);
        };
        ctx.client
            .retrieve_application_fee(fee_id)
            .await
            .map(|fee| fee.amount_refunded)
            .map_err(|err| read_failure(&err, &ctx.target))
    }

    /// Reads every destination charge of the platform from Stripe into the store (including
    /// ones created outside ConnectDesk) for the workspace's connected accounts.
    pub async fn sync(&self, access: &dyn StripeAccess, workspace_id: u64) -> Result<u32> {
        let by = self.guard.allow(
            Permission::ViewMoney,
            Scope::workspace(workspace_id),
            SYNC,
            &workspace_id.to_string(),
        )?;
        let result = self.sync_workspace(access, workspace_id).await;
        self.guard.record(
            &by,
            Some(workspace_id),
            SYNC,
            &workspace_id.to_string(),
            &result,
            |count| {
                diff(
                    &serde_json::Value::Null,
                    &serde_json::json!({ "synced": count }),
                )
            },
        );
        result
    }

    async fn sync_workspace(&self, access: &dyn StripeAccess, workspace_id: u64) -> Result<u32> {
        let ctx = access.context(workspace_id)?;
        let request = payment_intents::list(&ListPaymentIntents::default())
            .map_err(|err| read_failure(&err, &ctx.target))?;
        let intents: Vec<PaymentIntent> = ctx
            .client
            .paginate(request)
            .try_collect()
            .await
            .map_err(|err| read_failure(&err, &ctx.target))?;
        let mut synced = 0;
        for intent in intents {
            let Some(account) = destination(&intent) else {
                continue;
            };
            let Some(entry) = self.account_entry(workspace_id, account)? else {
                continue;
            };
            let stored = match self.by_intent(&intent.id)? {
                Some(payment) => payment,
                None => self.payments.insert(new_payment(
                    workspace_id,
                    &intent,
                    Some(entry.merchant_id),
                    &ctx,
                ))?,
            };
            if stored.workspace_id != workspace_id {
                continue;
            }
            self.refreshed(&ctx, stored, &intent, "", "").await?;
            synced += 1;
        }
        Ok(synced)
    }

    /// Checks the permission on a stored payment, runs `work` against its Stripe, audits it.
    async fn act<T, F, Fut>(
        &self,
        access: &dyn StripeAccess,
        permission: Permission,
        action: Action,
        id: u64,
        work: F,
        payment_of: fn(&T) -> &Payment,
    ) -> Result<T>
    where
        F: FnOnce(StripeContext, Payment) -> Fut,
        Fut: std::future::Future<Output = Result<T>>,
    {
        let payment = self.payments.get(id)?;
        let by = self.allow(permission, action, &payment)?;
        let result = async {
            let ctx = access.context(payment.workspace_id)?;
            if ctx.mode_code() != payment.mode || ctx.offline() != payment.offline {
                return Err(CoreError::new(
                    ErrorCode::InvalidValue,
                    format!(
                        "This payment was made in {}, but ConnectDesk is using {}. Switch back to work on it.",
                        crate::stripe_access::describe(payment.offline, payment.mode),
                        ctx.describe()
                    ),
                ));
            }
            work(ctx, payment.clone()).await
        }
        .await;
        self.guard.record(
            &by,
            Some(payment.workspace_id),
            action,
            &payment.payment_intent_id,
            &result,
            |after| payment_diff(&payment, payment_of(after)),
        );
        result
    }

    fn allow(&self, permission: Permission, action: Action, payment: &Payment) -> Result<Operator> {
        let scope = match &payment.merchant_id {
            Some(merchant) => Scope::merchant(payment.workspace_id, merchant),
            None => Scope::workspace(payment.workspace_id),
        };
        self.guard
            .allow(permission, scope, action, &payment.payment_intent_id)
    }

    /// Stores the intent's (and its charge's) state with a history line.
    pub(super) async fn refreshed(
        &self,
        ctx: &StripeContext,
        payment: Payment,
        intent: &PaymentIntent,
        event: &str,
        detail: &str,
    ) -> Result<Payment> {
        let charge = match intent.latest_charge.as_deref() {
            Some(id) => Some(
                ctx.client
                    .send(charges::retrieve(id))
                    .await
                    .map_err(|err| read_failure(&err, &ctx.target))?,
            ),
            None => None,
        };
        self.payments.update(payment.id, |stored| {
            apply_intent(stored, intent);
            if let Some(charge) = &charge {
                apply_charge(stored, charge);
            }
            if !event.is_empty() {
                note(stored, event, detail);
            }
            Ok(())
        })
    }

    fn fee_for(&self, payment: &Payment, amount: i64) -> Result<Priced> {
        if payment.fee_set_by_admin {
            let fee = payment.application_fee_amount.min(amount);
            return Ok(Priced {
                fee,
                explanation: payment
                    .fee_rule
                    .clone()
                    .unwrap_or_else(|| "Set by an Admin".into()),
            });
        }
        let volume = match &payment.merchant_id {
            Some(merchant) => month_volume(
                &self.payments,
                payment.workspace_id,
                merchant,
                &payment.currency,
                time::OffsetDateTime::now_utc(),
            )?,
            None => 0,
        };
        self.rules
            .quote(
                payment.workspace_id,
                &payment.currency,
                payment.merchant_id.as_deref(),
                amount,
                volume,
            )?
            .ok_or_else(|| {
                CoreError::new(
                    ErrorCode::InvalidValue,
                    format!(
                        "This workspace has no platform fee rules for {} to price a partial capture.",
                        payment.currency.to_uppercase()
                    ),
                )
            })
    }

    fn operation(
        &self,
        kind: OperationKind,
        payment: &Payment,
        expected: &str,
        what: &str,
    ) -> NewOperation {
        NewOperation {
            kind,
            summary: format!(
                "{what}: {} of {}",
                payment.payment_intent_id,
                money::display(payment.amount, &payment.currency)
            ),
            subject: Some(format!("payment:{}", payment.payment_intent_id)),
            operator: self.guard.operator().ok().map(|by| by.journal_name()),
            reconcile: Reconcile::State {
                path: format!("/v1/payment_intents/{}", payment.payment_intent_id),
                field: "status".into(),
                expected: expected.into(),
            },
            apply_locally: false,
            context: serde_json::Value::Null,
        }
    }

    pub(super) fn by_intent(&self, intent_id: &str) -> Result<Option<Payment>> {
        let query = ListQuery {
            size: Some("1".into()),
            filters: vec![FilterInput::eq("paymentIntentId", intent_id)],
            ..ListQuery::default()
        };
        Ok(self.payments.list(&query)?.items.into_iter().next())
    }

    /// The workspace's entry of an account, if it has one.
    fn account_entry(
        &self,
        workspace_id: u64,
        account_id: &str,
    ) -> Result<Option<OnboardingEntry>> {
        entry_of_account(&self.entries, workspace_id, account_id)
    }
}

fn same(payment: &Payment) -> &Payment {
    payment
}

fn tagged(reference: &str) -> Metadata {
    Metadata::from([(METADATA_OPERATION.to_string(), reference.to_string())])
}

fn create_params(valid: &ValidPayment, fee: i64, reference: &str) -> CreatePaymentIntent {
    let mut metadata = valid.metadata.clone();
    metadata.insert(METADATA_OPERATION.into(), reference.into());
    if let Some(order) = &valid.order_id {
        metadata.insert("order_id".into(), order.clone());
    }
    CreatePaymentIntent {
        payment_method_types: valid.payment_method_types.clone(),
        application_fee_amount: Some(fee),
        capture_method: valid.manual_capture.then_some(CaptureMethod::Manual),
        receipt_email: valid.customer_email.clone(),
        metadata,
        transfer_data: Some(TransferDataParams {
            destination: valid.account_id.clone(),
            amount: None,
        }),
        ..CreatePaymentIntent::new(valid.amount, valid.currency.clone())
    }
}

fn card_words(card: TestCard) -> &'static str {
    match card {
        TestCard::Succeeds => "Test card that succeeds (pm_card_visa)",
        TestCard::Declined => "Test card that is declined (pm_card_chargeDeclined)",
        TestCard::RequiresAuthentication => {
            "Test card that needs 3D Secure (pm_card_authenticationRequired): waiting for the customer"
        }
        TestCard::Disputed => "Test card that is disputed (pm_card_createDispute)",
    }
}

pub(super) fn read_failure(err: &connectdesk_stripe::Error, target: &Target) -> CoreError {
    refusal("read the payment from Stripe", err, target)
}

fn created_diff(payment: &Payment, fee_override: Option<&FeeOverride>) -> Vec<FieldChange> {
    diff(
        &serde_json::Value::Null,
        &serde_json::json!({
            "paymentIntentId": payment.payment_intent_id,
            "accountId": payment.account_id,
            "amount": payment.amount,
            "currency": payment.currency,
            "applicationFeeAmount": payment.application_fee_amount,
            "feeRule": payment.fee_rule,
            "feeOverrideReason": fee_override.map(|o| o.reason.clone()),
        }),
    )
}

fn payment_diff(before: &Payment, after: &Payment) -> Vec<FieldChange> {
    let view = |p: &Payment| {
        serde_json::json!({
            "status": p.status,
            "amountReceived": p.amount_received,
            "amountRefunded": p.amount_refunded,
            "applicationFeeAmount": p.application_fee_amount,
            "applicationFeeRefunded": p.application_fee_refunded,
        })
    };
    diff(&view(before), &view(after))
}
