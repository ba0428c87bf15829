//! The `Disputes` service: disputes of the platform's payments synced from Stripe into the
//! store, listed by what needs action, read fresh from Stripe when opened, answered with
//! evidence (a draft, or submitted for good), files uploaded as evidence, and accepted. Every
//! Stripe write goes through the operations journal; reading needs `viewDisputes`, answering
//! `respondToDisputes` (a shop owner reaches only their own merchants' disputes); every
//! operation is audited.

use std::path::Path;

use connectdesk_stripe::disputes::{self as stripe_disputes, Dispute as StripeDispute};
use connectdesk_stripe::disputes::{ListDisputes, UpdateDispute};
use connectdesk_stripe::files::{self as stripe_files, FilePurpose, UploadFile};
use connectdesk_stripe::{Error as StripeError, Page as StripePage};
use futures::TryStreamExt;

use super::evidence::{evidence_map, validate_evidence, version_of};
use super::export::DISPUTES_CSV;
use super::files::{self, size_words};
use super::model::*;
use super::words::{
    action_rank, countdown, evidence_kind, needs_response, reason_words, status_meaning,
    status_words, EvidenceKind, URGENT_HOURS,
};
use crate::audit::diff;
use crate::guard::{Action, Guard, Reach};
use crate::journal::{Journal, NewOperation, OperationKind, Reconcile, WriteError};
use crate::money;
use crate::operators::{merchants, Operator, Permission, Scope};
use crate::payments::Payment;
use crate::progress::Progress;
use crate::query::{FilterInput, ListQuery, Page};
use crate::saved_file::ExportedFile;
use crate::store::{Collection, Store};
use crate::stripe_access::{StripeAccess, StripeContext};
use crate::stripe_errors::refusal;
use crate::stripe_gateway::Target;
use crate::time::{iso_from_unix, now_iso};
use crate::{CoreError, ErrorCode, Result};

const VIEW: Action = Action::new("dispute.view", "dispute");
const EXPORT: Action = Action::new("dispute.export", "dispute");
const SYNC: Action = Action::new("dispute.sync", "workspace");
const SAVE: Action = Action::new("dispute.saveEvidence", "dispute");
const SUBMIT: Action = Action::new("dispute.submitEvidence", "dispute");
const UPLOAD: Action = Action::new("dispute.uploadFile", "dispute");
const ACCEPT: Action = Action::new("dispute.accept", "dispute");
const REACH: Reach = Reach {
    workspace: "workspaceId",
    merchant: Some("merchantId"),
};
/// The filter the UI sends for "due within N days"; the core turns it into `dueBy` bounds
/// counted from its own clock.
const DUE_WITHIN: &str = "dueWithinDays";
const REPORT_EVERY: u32 = 25;
/// Sorts after every deadline.
const NO_DEADLINE: i64 = 9_999_999_999;

/// Disputes of the platform's payments. Cheap to clone; safe to share.
#[derive(Clone)]
pub struct Disputes {
    disputes: Collection<Dispute>,
    payments: Collection<Payment>,
    journal: Journal,
    guard: Guard,
}

impl Disputes {
    pub fn new(store: &Store, journal: Journal) -> Result<Self> {
        Ok(Self {
            disputes: store.collection()?,
            payments: store.collection()?,
            journal,
            guard: Guard::open(store)?,
        })
    }

    /// What the operator may see, each with its countdown from `now` (Unix seconds).
    /// Filterable: workspaceId, accountId, status, reason, currency (keys), disputeId,
    /// paymentIntentId, merchantId, amount, dueBy, created, and `dueWithinDays` (1 to 120: due
    /// from now until that many days ahead); sortable: id, amount, urgencyRank (needs a response
    /// first, nearest deadline first), dueBy, created.
    pub fn list(&self, query: &ListQuery, now: i64) -> Result<Page<Dispute>> {
        let query = self.guard.narrow(
            Permission::ViewDisputes,
            VIEW,
            &due_within(query, now)?,
            REACH,
        )?;
        let mut page = self.disputes.list(&query)?;
        for dispute in &mut page.items {
            at_clock(dispute, now);
        }
        Ok(page)
    }

    /// Every dispute the filter matches, as CSV in `dir`.
    pub fn export(&self, query: &ListQuery, dir: &Path, now: i64) -> Result<ExportedFile> {
        self.guard.export_list(
            Permission::ViewDisputes,
            EXPORT,
            &due_within(query, now)?,
            REACH,
            |page| {
                let mut page = self.disputes.list(page)?;
                for dispute in &mut page.items {
                    at_clock(dispute, now);
                }
                Ok(page)
            },
            &DISPUTES_CSV,
            dir,
        )
    }

    /// The stored dispute (no Stripe call).
    pub fn get(&self, id: u64, now: i64) -> Result<Dispute> {
        let mut dispute = self.disputes.get(id)?;
        self.allow(Permission::ViewDisputes, VIEW, &dispute)?;
        at_clock(&mut dispute, now);
        Ok(dispute)
    }

    /// The dispute as Stripe has it now (stored), for the detail view: a dispute updated
    /// elsewhere shows its current state.
    pub async fn open(&self, access: &dyn StripeAccess, id: u64, now: i64) -> Result<Dispute> {
        let dispute = self.disputes.get(id)?;
        self.allow(Permission::ViewDisputes, VIEW, &dispute)?;
        let ctx = self.context_of(access, &dispute)?;
        let fresh = retrieve(&ctx, &dispute.dispute_id).await?;
        let mut stored = self.store(dispute.workspace_id, &fresh, &ctx, None).await?;
        at_clock(&mut stored, now);
        Ok(stored)
    }

    /// Reads every dispute of the workspace's platform from Stripe into the store. Reports the
    /// count as it goes; Cancel stops after the dispute in hand and keeps what was stored.
    pub async fn sync(
        &self,
        access: &dyn StripeAccess,
        workspace_id: u64,
        progress: &Progress,
    ) -> Result<DisputeSync> {
        let by = self.guard.allow(
            Permission::ViewDisputes,
            Scope::workspace(workspace_id),
            SYNC,
            &workspace_id.to_string(),
        )?;
        let result = self.sync_workspace(access, workspace_id, progress).await;
        self.guard.record(
            &by,
            Some(workspace_id),
            SYNC,
            &workspace_id.to_string(),
            &result,
            |sync| {
                diff(
                    &serde_json::Value::Null,
                    &serde_json::json!({
                        "disputes": sync.disputes,
                        "new": sync.new,
                        "cancelled": sync.cancelled,
                    }),
                )
            },
        );
        result
    }

    async fn sync_workspace(
        &self,
        access: &dyn StripeAccess,
        workspace_id: u64,
        progress: &Progress,
    ) -> Result<DisputeSync> {
        let ctx = access.context(workspace_id)?;
        let request = stripe_disputes::list(&ListDisputes {
            page: StripePage::limit(100),
            ..ListDisputes::default()
        })
        .map_err(|err| read_failure(&err, &ctx.target))?;
        let mut stream = Box::pin(ctx.client.paginate(request));
        let mut done = DisputeSync {
            disputes: 0,
            new: 0,
            cancelled: false,
        };
        while let Some(dispute) = stream
            .try_next()
            .await
            .map_err(|err| read_failure(&err, &ctx.target))?
        {
            if self.by_dispute_id(&dispute.id)?.is_none() {
                done.new += 1;
            }
            self.store(workspace_id, &dispute, &ctx, None).await?;
            done.disputes += 1;
            if done.disputes.is_multiple_of(REPORT_EVERY) {
                progress.advance(done.disputes, None);
            }
            if progress.is_cancelled() {
                done.cancelled = true;
                break;
            }
        }
        progress.finish(done.disputes, None);
        Ok(done)
    }

    /// Saves the evidence at Stripe: a draft (`submit` false; Stripe keeps it) or submitted to
    /// the bank (`submit` true; irreversible). Every field problem is named at once and nothing
    /// is sent; a dispute that changed at Stripe since `version` was read, was already
    /// submitted or closed, or is past its deadline, is refused.
    pub async fn save_evidence(
        &self,
        access: &dyn StripeAccess,
        input: DisputeEvidenceInput,
        now: i64,
    ) -> Result<Dispute> {
        let dispute = self.disputes.get(input.id)?;
        let action = if input.submit { SUBMIT } else { SAVE };
        let by = self.allow(Permission::RespondToDisputes, action, &dispute)?;
        let result = self.send_evidence(access, &by, &dispute, &input, now).await;
        self.guard.record(
            &by,
            Some(dispute.workspace_id),
            action,
            &dispute.dispute_id,
            &result,
            |after| {
                diff(
                    &serde_json::json!({ "status": dispute.status, "evidence": dispute.evidence }),
                    &serde_json::json!({ "status": after.status, "evidence": after.evidence }),
                )
            },
        );
        result
    }

    async fn send_evidence(
        &self,
        access: &dyn StripeAccess,
        by: &Operator,
        dispute: &Dispute,
        input: &DisputeEvidenceInput,
        now: i64,
    ) -> Result<Dispute> {
        let evidence = validate_evidence(&input.evidence)?;
        let ctx = self.context_of(access, dispute)?;
        let fresh = retrieve(&ctx, &dispute.dispute_id).await?;
        let current = self.store(dispute.workspace_id, &fresh, &ctx, None).await?;
        if current.version != input.version {
            return Err(CoreError::new(
                ErrorCode::DisputeChanged,
                format!(
                    "{} changed at Stripe since you opened it (now {}). Nothing was saved: look at its current evidence, then save again.",
                    dispute.dispute_id,
                    current.status_words.to_lowercase()
                ),
            ));
        }
        refuse_closed(&current, now)?;
        let params = UpdateDispute {
            evidence: Some(evidence),
            submit: Some(input.submit),
            ..UpdateDispute::default()
        };
        let reconcile = if input.submit {
            Reconcile::State {
                path: format!("/v1/disputes/{}", dispute.dispute_id),
                field: "evidence_details.submission_count".into(),
                expected: (current.submission_count + 1).to_string(),
            }
        } else {
            match input.evidence.iter().find(|(_, value)| !value.is_empty()) {
                Some((field, value)) => Reconcile::State {
                    path: format!("/v1/disputes/{}", dispute.dispute_id),
                    field: format!("evidence.{field}"),
                    expected: value.clone(),
                },
                None => Reconcile::State {
                    path: format!("/v1/disputes/{}", dispute.dispute_id),
                    field: "evidence_details.has_evidence".into(),
                    expected: "false".into(),
                },
            }
        };
        let (kind, what) = if input.submit {
            (OperationKind::DisputeSubmit, "submit the evidence")
        } else {
            (OperationKind::DisputeEvidence, "save the evidence")
        };
        let new = NewOperation {
            kind,
            summary: format!(
                "{} for dispute {} of {}",
                kind.describe(),
                dispute.dispute_id,
                money::display(dispute.amount, &dispute.currency)
            ),
            subject: Some(format!("dispute:{}", dispute.dispute_id)),
            operator: Some(by.journal_name()),
            reconcile,
            apply_locally: false,
            context: serde_json::Value::Null,
        };
        let done = self
            .journal
            .execute(&ctx, dispute.workspace_id, new, |op| {
                stripe_disputes::update_recorded(&dispute.dispute_id, &params, op)
            })
            .await
            .map_err(|err| dispute_failure(what, err, &ctx.target))?;
        let event = if input.submit {
            let count = input.evidence.values().filter(|v| !v.is_empty()).count();
            DisputeEvent {
                at: now_iso(),
                event: "Submitted".into(),
                detail: format!(
                    "{count} evidence fields sent to the bank by {}",
                    by.display_name
                ),
            }
        } else {
            DisputeEvent {
                at: now_iso(),
                event: "Evidence saved".into(),
                detail: format!("Draft saved by {}", by.display_name),
            }
        };
        let mut stored = self
            .store(dispute.workspace_id, &done.result.object, &ctx, Some(event))
            .await?;
        at_clock(&mut stored, now);
        Ok(stored)
    }

    /// Uploads a file (PDF, JPEG or PNG, at most 5 MB, checked by its bytes before anything
    /// is sent) to Stripe Files with purpose `dispute_evidence`, for one file field of the
    /// dispute's evidence. The evidence names it once the form is saved.
    pub async fn upload_file(
        &self,
        access: &dyn StripeAccess,
        input: EvidenceFileInput,
        now: i64,
    ) -> Result<EvidenceFile> {
        let dispute = self.disputes.get(input.id)?;
        let by = self.allow(Permission::RespondToDisputes, UPLOAD, &dispute)?;
        let result = self.upload(access, &by, &dispute, &input, now).await;
        self.guard.record(
            &by,
            Some(dispute.workspace_id),
            UPLOAD,
            &dispute.dispute_id,
            &result,
            |file| {
                diff(
                    &serde_json::Value::Null,
                    &serde_json::json!({
                        "field": file.field,
                        "fileId": file.file_id,
                        "name": file.name,
                        "size": file.size,
                    }),
                )
            },
        );
        result
    }

    async fn upload(
        &self,
        access: &dyn StripeAccess,
        by: &Operator,
        dispute: &Dispute,
        input: &EvidenceFileInput,
        now: i64,
    ) -> Result<EvidenceFile> {
        let field = input.field.trim();
        if evidence_kind(field) != Some(EvidenceKind::File) {
            return Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                "field",
                format!("{field} is not one of Stripe's evidence file fields."),
            ));
        }
        let mut probe = dispute.clone();
        at_clock(&mut probe, now);
        refuse_closed(&probe, now)?;
        let path = Path::new(input.path.trim());
        let shown = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| input.path.clone());
        let meta = std::fs::metadata(path).map_err(|err| {
            CoreError::on_field(
                ErrorCode::NotFound,
                field,
                format!("Could not read {shown}: {err}."),
            )
        })?;
        if meta.len() > files::MAX_FILE_BYTES as u64 {
            return Err(CoreError::on_field(
                ErrorCode::TooLong,
                field,
                format!(
                    "{shown} is {}; Stripe takes evidence files of at most {}. Nothing was uploaded.",
                    size_words(meta.len()),
                    size_words(files::MAX_FILE_BYTES as u64)
                ),
            ));
        }
        let data = std::fs::read(path).map_err(|err| {
            CoreError::on_field(
                ErrorCode::NotFound,
                field,
                format!("Could not read {shown}: {err}."),
            )
        })?;
        let (name, kind) = files::check(field, &shown, &data)?;
        let size = data.len() as u64;
        let ctx = self.context_of(access, dispute)?;
        let params = UploadFile::new(FilePurpose::DisputeEvidence, name.clone(), data)
            .content_type(kind.media_type());
        // Not through the journal: it cannot keep a file's bytes to send again, and an upload
        // moves no money and changes nothing until saved evidence (journaled) names the file.
        let _ = by;
        let request = stripe_files::create_per_call(&params)
            .map_err(|err| CoreError::internal(format!("Could not prepare the upload: {err}")))?;
        let uploaded = ctx.client.send(request).await.map_err(|err| {
            let mut failure = refusal("upload the file", &err, &ctx.target);
            failure.field = Some(field.to_string());
            failure.field_errors = vec![crate::FieldError {
                field: field.to_string(),
                code: failure.code,
                message: failure.message.clone(),
            }];
            failure
        })?;
        let file = EvidenceFile {
            field: field.to_string(),
            file_id: uploaded.id.clone(),
            name: Some(name),
            size: Some(size),
            size_words: Some(size_words(size)),
        };
        self.disputes.update(dispute.id, |entry| {
            entry.files.retain(|known| known.file_id != file.file_id);
            entry.files.push(file.clone());
            Ok(())
        })?;
        Ok(file)
    }

    /// Accepts the dispute (closes it at Stripe, conceding): it is lost, the money stays with
    /// the cardholder, and no evidence can be sent any more.
    pub async fn accept(&self, access: &dyn StripeAccess, id: u64, now: i64) -> Result<Dispute> {
        let dispute = self.disputes.get(id)?;
        let by = self.allow(Permission::RespondToDisputes, ACCEPT, &dispute)?;
        let result = self.close(access, &by, &dispute, now).await;
        self.guard.record(
            &by,
            Some(dispute.workspace_id),
            ACCEPT,
            &dispute.dispute_id,
            &result,
            |after| {
                diff(
                    &serde_json::json!({ "status": dispute.status }),
                    &serde_json::json!({ "status": after.status }),
                )
            },
        );
        result
    }

    async fn close(
        &self,
        access: &dyn StripeAccess,
        by: &Operator,
        dispute: &Dispute,
        now: i64,
    ) -> Result<Dispute> {
        let ctx = self.context_of(access, dispute)?;
        let fresh = retrieve(&ctx, &dispute.dispute_id).await?;
        let current = self.store(dispute.workspace_id, &fresh, &ctx, None).await?;
        if !needs_response(&current.status) {
            return Err(CoreError::new(
                ErrorCode::InvalidValue,
                format!(
                    "{} is {} and can no longer be accepted.",
                    dispute.dispute_id,
                    current.status_words.to_lowercase()
                ),
            ));
        }
        let new = NewOperation {
            kind: OperationKind::DisputeClose,
            summary: format!(
                "Accept dispute {} of {}",
                dispute.dispute_id,
                money::display(dispute.amount, &dispute.currency)
            ),
            subject: Some(format!("dispute:{}", dispute.dispute_id)),
            operator: Some(by.journal_name()),
            reconcile: Reconcile::State {
                path: format!("/v1/disputes/{}", dispute.dispute_id),
                field: "status".into(),
                expected: "lost".into(),
            },
            apply_locally: false,
            context: serde_json::Value::Null,
        };
        let done = self
            .journal
            .execute(&ctx, dispute.workspace_id, new, |op| {
                Ok(stripe_disputes::close_recorded(&dispute.dispute_id, op))
            })
            .await
            .map_err(|err| dispute_failure("accept the dispute", err, &ctx.target))?;
        let event = DisputeEvent {
            at: now_iso(),
            event: "Accepted".into(),
            detail: format!("Accepted by {}; the dispute is lost", by.display_name),
        };
        let mut stored = self
            .store(dispute.workspace_id, &done.result.object, &ctx, Some(event))
            .await?;
        at_clock(&mut stored, now);
        Ok(stored)
    }

    /// The desktop notifications due now for the disputes the operator may see: a dispute
    /// that needs a response, seen for the first time, and one with less than 24 hours left.
    /// Each is given once (remembered in the store).
    pub fn notices(&self, workspace_id: u64, now: i64) -> Result<Vec<DisputeNotice>> {
        let query = ListQuery {
            size: Some("300".into()),
            filters: vec![FilterInput::eq("workspaceId", workspace_id)],
            ..ListQuery::default()
        };
        let mut notices = Vec::new();
        let mut page = self.list(&query, now)?;
        loop {
            for dispute in &page.items {
                let amount = money::display(dispute.amount, &dispute.currency);
                let urgent = dispute.can_respond
                    && dispute.countdown.as_ref().is_some_and(|c| {
                        c.seconds_left > 0 && c.seconds_left < URGENT_HOURS * 3_600
                    });
                // Closed or answered ones arrive silently (a first sync brings old ones too).
                let notice = if !dispute.notified_new && dispute.can_respond {
                    Some((
                        true,
                        format!("New dispute: {amount}"),
                        format!(
                            "{} ({}) on {}. {}",
                            dispute.dispute_id,
                            dispute.reason_words.label,
                            if dispute.account_id.is_empty() {
                                "the platform"
                            } else {
                                &dispute.account_id
                            },
                            dispute
                                .countdown
                                .as_ref()
                                .map(|c| format!("Evidence due: {}.", c.words))
                                .unwrap_or_default()
                        ),
                    ))
                } else {
                    None
                };
                let due = (urgent && !dispute.notified_due).then(|| {
                    (
                        false,
                        format!("Dispute due in under 24 h: {amount}"),
                        format!(
                            "{}: {}. Submit evidence or accept it.",
                            dispute.dispute_id,
                            dispute.countdown.as_ref().map_or("", |c| c.words.as_str())
                        ),
                    )
                });
                if dispute.notified_new && due.is_none() {
                    continue;
                }
                self.disputes.update(dispute.id, |entry| {
                    entry.notified_new = true;
                    entry.notified_due |= urgent;
                    Ok(())
                })?;
                // One notification per dispute at a time: the deadline one says more.
                if let Some((_, title, body)) = due.or(notice) {
                    notices.push(DisputeNotice {
                        id: dispute.id,
                        dispute_id: dispute.dispute_id.clone(),
                        title,
                        body,
                    });
                }
            }
            match page.next_page_token.clone() {
                Some(token) if !page.end_reached => {
                    page = self.list(
                        &ListQuery {
                            page_token: Some(token),
                            ..query.clone()
                        },
                        now,
                    )?;
                }
                _ => return Ok(notices),
            }
        }
    }

    /// The background check (every minute in the app): the notices due now in `workspace_id`
    /// when the acting operator may see its disputes; nothing (and no refusal in the audit log)
    /// when they may not.
    pub fn watch(&self, workspace_id: u64, now: i64) -> Result<Vec<DisputeNotice>> {
        let operator = self.guard.operator()?;
        if merchants(&operator, Permission::ViewDisputes, Some(workspace_id)).is_none() {
            return Ok(Vec::new());
        }
        self.notices(workspace_id, now)
    }

    /// Saves what Stripe says of a dispute (new or changed), with `event` added to its history.
    pub(super) async fn store(
        &self,
        workspace_id: u64,
        fresh: &StripeDispute,
        ctx: &StripeContext,
        event: Option<DisputeEvent>,
    ) -> Result<Dispute> {
        let stored = self.by_dispute_id(&fresh.id)?;
        let payment = self.payment_of(fresh)?;
        let disputed = match (&payment, &stored) {
            (Some(payment), _) => Some(disputed_payment(payment)),
            (None, Some(old)) if old.payment.is_some() => old.payment.clone(),
            (None, _) => charge_payment(ctx, fresh).await,
        };
        let record = record_of(
            stored.as_ref(),
            workspace_id,
            fresh,
            payment.as_ref(),
            disputed,
            ctx,
            event,
        );
        match stored {
            Some(old) if old == record => Ok(old),
            Some(old) => self.disputes.update(old.id, |entry| {
                *entry = Dispute {
                    id: entry.id,
                    created_at: entry.created_at.clone(),
                    updated_at: entry.updated_at.clone(),
                    deleted_at: entry.deleted_at.clone(),
                    ..record.clone()
                };
                Ok(())
            }),
            None => self.disputes.insert(record),
        }
    }

    pub(super) fn payment_of(&self, fresh: &StripeDispute) -> Result<Option<Payment>> {
        let Some(intent) = &fresh.payment_intent else {
            return Ok(None);
        };
        let query = ListQuery {
            size: Some("1".into()),
            filters: vec![FilterInput::eq("paymentIntentId", intent)],
            ..ListQuery::default()
        };
        Ok(self.payments.list(&query)?.items.into_iter().next())
    }

    pub(super) fn by_dispute_id(&self, dispute_id: &str) -> Result<Option<Dispute>> {
        let query = ListQuery {
            size: Some("1".into()),
            filters: vec![FilterInput::eq("disputeId", dispute_id)],
            ..ListQuery::default()
        };
        Ok(self.disputes.list(&query)?.items.into_iter().next())
    }

    /// The Stripe the dispute was synced from (the same mode and sandbox), or why not.
    fn context_of(&self, access: &dyn StripeAccess, dispute: &Dispute) -> Result<StripeContext> {
        let ctx = access.context(dispute.workspace_id)?;
        if ctx.mode_code() != dispute.mode || ctx.offline() != dispute.offline {
            return Err(CoreError::new(
                ErrorCode::InvalidValue,
                format!(
                    "This dispute was synced from {}, but ConnectDesk is using {}. Switch back to work on it.",
                    crate::stripe_access::describe(dispute.offline, dispute.mode),
                    ctx.describe()
                ),
            ));
        }
        Ok(ctx)
    }

    fn allow(&self, permission: Permission, action: Action, dispute: &Dispute) -> Result<Operator> {
        self.guard.allow(
            permission,
            Scope::merchant(
                dispute.workspace_id,
                dispute.merchant_id.as_deref().unwrap_or(""),
            ),
            action,
            &dispute.dispute_id,
        )
    }
}

/// `query` with `dueWithinDays` turned into `dueBy` bounds from `now`.
fn due_within(query: &ListQuery, now: i64) -> Result<ListQuery> {
    let mut out = query.clone();
    let mut filters = Vec::with_capacity(query.filters.len());
    for filter in &query.filters {
        if filter.field != DUE_WITHIN {
            filters.push(filter.clone());
            continue;
        }
        let days = filter
            .value
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|days| (1..=120).contains(days))
            .ok_or_else(|| {
                CoreError::on_field(
                    ErrorCode::InvalidValue,
                    DUE_WITHIN,
                    format!(
                        "Due within takes a number of days from 1 to 120, not “{}”.",
                        filter.value
                    ),
                )
            })?;
        let bound = |at: i64| {
            iso_from_unix(at).ok_or_else(|| CoreError::internal("The clock is out of range."))
        };
        filters.push(FilterInput {
            field: "dueBy".into(),
            op: "gte".into(),
            value: bound(now)?,
        });
        filters.push(FilterInput {
            field: "dueBy".into(),
            op: "lte".into(),
            value: bound(now + days * 86_400)?,
        });
    }
    out.filters = filters;
    Ok(out)
}

/// Fills in what depends on the clock: the countdown, whether evidence can still be sent.
fn at_clock(dispute: &mut Dispute, now: i64) {
    let open = needs_response(&dispute.status);
    let overdue = dispute.past_due || dispute.due_by_unix.is_some_and(|due| due <= now);
    dispute.countdown = match (open, dispute.due_by_unix) {
        (true, Some(due)) => Some(countdown(due, now)),
        _ => None,
    };
    dispute.can_respond = open && !overdue;
    dispute.read_only_reason = if dispute.can_respond {
        None
    } else if open {
        Some(format!(
            "The evidence was due by {} (UTC); Stripe no longer takes evidence for this dispute.",
            dispute.due_by.as_deref().unwrap_or("its deadline")
        ))
    } else if dispute.submission_count > 0 {
        Some(format!(
            "The evidence was submitted; the dispute is {}.",
            dispute.status_words.to_lowercase()
        ))
    } else {
        Some(format!(
            "The dispute is {}; it takes no evidence.",
            dispute.status_words.to_lowercase()
        ))
    };
}

/// Refuses evidence for a dispute that is submitted, closed, or past its deadline.
fn refuse_closed(current: &Dispute, now: i64) -> Result<()> {
    let mut probe = current.clone();
    at_clock(&mut probe, now);
    if probe.can_respond {
        return Ok(());
    }
    let code = if needs_response(&current.status) {
        ErrorCode::DeadlinePassed
    } else {
        ErrorCode::InvalidValue
    };
    Err(CoreError::new(
        code,
        format!(
            "{} Nothing was sent.",
            probe.read_only_reason.unwrap_or_default()
        ),
    ))
}

fn disputed_payment(payment: &Payment) -> DisputedPayment {
    DisputedPayment {
        amount: payment.amount,
        currency: payment.currency.clone(),
        customer_email: payment.customer_email.clone(),
        created: payment.created.clone(),
        card: payment.card.clone(),
    }
}

/// The payment behind a dispute ConnectDesk has no payment for, read from its charge.
async fn charge_payment(ctx: &StripeContext, fresh: &StripeDispute) -> Option<DisputedPayment> {
    let charge_id = fresh.charge.as_deref()?;
    let charge = ctx.client.retrieve_charge(charge_id).await.ok()?;
    let card = charge
        .payment_method_details
        .as_ref()
        .and_then(|details| details.card.as_ref())
        .map(|card| {
            format!(
                "{} •••• {}",
                card.brand.as_deref().unwrap_or("card"),
                card.last4.as_deref().unwrap_or("????")
            )
        });
    Some(DisputedPayment {
        amount: charge.amount,
        currency: charge.currency.clone(),
        customer_email: charge
            .receipt_email
            .clone()
            .or(charge.billing_details.email),
        created: iso_from_unix(charge.created).unwrap_or_default(),
        card,
    })
}

fn record_of(
    old: Option<&Dispute>,
    workspace_id: u64,
    fresh: &StripeDispute,
    payment: Option<&Payment>,
    disputed: Option<DisputedPayment>,
    ctx: &StripeContext,
    event: Option<DisputeEvent>,
) -> Dispute {
    let status = fresh.status.as_str().to_string();
    let evidence = evidence_map(&fresh.evidence);
    let version = version_of(fresh, &evidence);
    let due_by_unix = fresh.evidence_details.due_by;
    let created = iso_from_unix(fresh.created).unwrap_or_default();
    let mut history = old.map(|old| old.history.clone()).unwrap_or_else(|| {
        vec![DisputeEvent {
            at: created.clone(),
            event: "Created".into(),
            detail: format!(
                "{} disputed: {}",
                money::display(fresh.amount, &fresh.currency),
                reason_words(&fresh.reason).label
            ),
        }]
    });
    let saved_here = event.is_some();
    if let Some(event) = event {
        history.push(event);
    }
    if let Some(old) = old {
        if old.evidence != evidence && !saved_here {
            history.push(DisputeEvent {
                at: now_iso(),
                event: "Evidence changed at Stripe".into(),
                detail: "The evidence was changed outside ConnectDesk.".into(),
            });
        }
    }
    let last_status = history
        .iter()
        .rev()
        .find_map(|e| e.detail.strip_prefix("Status: ").map(str::to_string));
    let previous = old.map(|old| old.status.clone());
    if previous.as_deref() != Some(status.as_str())
        && (previous.is_some() || status != "needs_response")
        && last_status.as_deref() != Some(status.as_str())
    {
        history.push(DisputeEvent {
            at: now_iso(),
            event: status_words(&status),
            detail: format!("Status: {status}"),
        });
    }
    let mut files: Vec<EvidenceFile> = evidence
        .iter()
        .filter(|(name, _)| evidence_kind(name) == Some(EvidenceKind::File))
        .map(|(name, file_id)| {
            old.and_then(|old| old.files.iter().find(|f| f.file_id == *file_id))
                .map(|known| EvidenceFile {
                    field: name.clone(),
                    ..known.clone()
                })
                .unwrap_or_else(|| EvidenceFile {
                    field: name.clone(),
                    file_id: file_id.clone(),
                    name: None,
                    size: None,
                    size_words: None,
                })
        })
        .collect();
    // Uploaded and not named by the evidence yet (the form is not saved): kept, so their
    // names show once it is.
    if let Some(old) = old {
        for known in &old.files {
            if !files.iter().any(|f| f.file_id == known.file_id) {
                files.push(known.clone());
            }
        }
    }
    let draft_saved_at = if saved_here && fresh.evidence_details.submission_count == 0 {
        Some(now_iso())
    } else {
        old.and_then(|old| old.draft_saved_at.clone())
    };
    let rank = i64::from(action_rank(&status));
    Dispute {
        id: old.map_or(0, |old| old.id),
        workspace_id: old.map_or(workspace_id, |old| old.workspace_id),
        dispute_id: fresh.id.clone(),
        charge_id: fresh.charge.clone(),
        payment_intent_id: fresh.payment_intent.clone(),
        account_id: payment.map(|p| p.account_id.clone()).unwrap_or_default(),
        merchant_id: payment.and_then(|p| p.merchant_id.clone()),
        amount: fresh.amount,
        currency: fresh.currency.clone(),
        reason: fresh.reason.clone(),
        reason_words: reason_words(&fresh.reason),
        status_words: status_words(&status),
        status_meaning: status_meaning(&status).to_string(),
        can_respond: needs_response(&status) && !fresh.evidence_details.past_due,
        read_only_reason: None,
        due_by: due_by_unix.and_then(iso_from_unix),
        due_by_unix,
        urgency_rank: rank * 10_000_000_000
            + due_by_unix.unwrap_or(NO_DEADLINE).clamp(0, NO_DEADLINE),
        countdown: None,
        past_due: fresh.evidence_details.past_due,
        has_evidence: fresh.evidence_details.has_evidence,
        submission_count: fresh.evidence_details.submission_count,
        evidence,
        files,
        draft_saved_at,
        version,
        payment: disputed,
        history,
        notified_new: old.is_some_and(|old| old.notified_new),
        notified_due: old.is_some_and(|old| old.notified_due),
        mode: ctx.mode_code(),
        offline: ctx.offline(),
        created,
        status,
        created_at: String::new(),
        updated_at: String::new(),
        deleted_at: String::new(),
    }
}

pub(super) async fn retrieve(ctx: &StripeContext, dispute_id: &str) -> Result<StripeDispute> {
    match ctx.client.retrieve_dispute(dispute_id).await {
        Ok(dispute) => Ok(dispute),
        Err(err) if err.status() == Some(404) => Err(CoreError::new(
            ErrorCode::NotFound,
            format!("Stripe has no dispute {dispute_id} on this platform."),
        )),
        Err(err) => Err(read_failure(&err, &ctx.target)),
    }
}

/// Stripe's refusal of a dispute write in words, next to the evidence field it names.
fn dispute_failure(what: &str, err: WriteError, target: &Target) -> CoreError {
    match err {
        WriteError::NotSent(err) => err,
        WriteError::Stripe { operation, error } => {
            let mut failure = refusal(what, &error, target);
            if let StripeError::Api(api) = &error {
                let field = api.param.as_deref().and_then(|param| {
                    param
                        .strip_prefix("evidence[")
                        .and_then(|rest| rest.strip_suffix(']'))
                        .map(str::to_string)
                });
                if let Some(field) = field {
                    failure.field = Some(field.clone());
                    failure.field_errors = vec![crate::FieldError {
                        field,
                        code: failure.code,
                        message: failure.message.clone(),
                    }];
                }
            }
            if operation.state.is_open() {
                failure.message.push_str(
                    " ConnectDesk keeps trying (Pending operations) and never sends it twice.",
                );
            }
            failure
        }
    }
}

fn read_failure(err: &StripeError, target: &Target) -> CoreError {
    refusal("read the disputes from Stripe", err, target)
}
