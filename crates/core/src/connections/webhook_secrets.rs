//! The secrets of a connection's events: the webhook signing secret(s) the receiver checks
//! deliveries with (the previous one too while a rotation lasts) and the forwarding secret that
//! signs what goes on to the partner endpoint.

use connectdesk_secrets::{SealedSecret, Secret};
use ring::rand::{SecureRandom, SystemRandom};
use time::{Date, Duration};

use super::model::{Connection, ConnectionRecord, ConnectionStatus, RotateWebhookSecret};
use super::service::{associated_data, audit_diff, seal_into, Connections, Credentials};
use super::validate;
use crate::guard::Action;
use crate::operators::{Permission, Scope};
use crate::query::{every_page, FilterInput, ListQuery};
use crate::vault::secrets_error;
use crate::{CoreError, ErrorCode, Result};

const ROTATE: Action = Action::new("connection.rotateWebhookSecret", "connection");
const ISSUE_FORWARDING: Action = Action::new("connection.issueForwardingSecret", "connection");

/// Stripe lets an endpoint's old secret live at most 7 days after a roll; so do we.
pub const MAX_ROTATION_DAYS: i64 = 7;

const WEBHOOK: &str = "webhookSecret";
const PREVIOUS: &str = "previousWebhookSecret";
const FORWARDING: &str = "forwardingSecret";

impl Connections {
    /// Makes `webhookSecret` the current secret and keeps the one it replaces, accepted until the
    /// end of `keepPreviousUntil` (UTC), so deliveries signed during the switch still pass.
    pub fn rotate_webhook_secret(
        &self,
        input: RotateWebhookSecret,
        today: Date,
    ) -> Result<Connection> {
        let current = self.find(&input.biz_id)?;
        let before = Connection::from(&current);
        self.guard.change(
            Permission::ManageConnections,
            Scope::workspace(current.workspace_id),
            ROTATE,
            &current.biz_id,
            |_| self.apply_rotation(current.clone(), &input, today),
            |after| (String::new(), audit_diff(Some(&before), Some(after))),
        )
    }

    fn apply_rotation(
        &self,
        current: ConnectionRecord,
        input: &RotateWebhookSecret,
        today: Date,
    ) -> Result<Connection> {
        let new_secret = Secret::new(validate::webhook_secret(input.webhook_secret.expose())?);
        let until = rotation_end(&input.keep_previous_until, today)?;
        let cipher = self.vault.cipher()?;
        let old = self.unseal(&current, WEBHOOK, &current.sealed.webhook_secret)?;
        let Some(old) = old else {
            return Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                WEBHOOK,
                "This connection has no webhook secret to rotate yet; enter one with Edit first.",
            ));
        };
        if old.expose() == new_secret.expose() {
            return Err(CoreError::on_field(
                ErrorCode::InvalidValue,
                WEBHOOK,
                "This is the secret already in use. Roll the secret in Stripe (Developers → Webhooks → your endpoint → Roll secret) and paste the new one.",
            ));
        }
        let mut next = current.clone();
        // Sealed blobs are bound to their field, so the old secret is sealed again as "previous".
        seal_into(
            &cipher,
            &current.biz_id,
            PREVIOUS,
            &old,
            &mut next.sealed.previous_webhook_secret,
            &mut next.hints.previous_webhook_secret,
        )?;
        seal_into(
            &cipher,
            &current.biz_id,
            WEBHOOK,
            &new_secret,
            &mut next.sealed.webhook_secret,
            &mut next.hints.webhook_secret,
        )?;
        next.previous_webhook_secret_until = Some(until.to_string());
        self.replace(current.id, next)
    }

    /// Generates the connection's forwarding secret (replacing any earlier one) and returns it,
    /// the only time it is shown; the partner verifies forwarded events with it.
    pub fn issue_forwarding_secret(&self, biz_id: &str) -> Result<(Connection, Secret)> {
        let current = self.find(biz_id)?;
        let before = Connection::from(&current);
        let secret = new_forwarding_secret()?;
        let connection = self.guard.change(
            Permission::ManageConnections,
            Scope::workspace(current.workspace_id),
            ISSUE_FORWARDING,
            &current.biz_id,
            |_| {
                let cipher = self.vault.cipher()?;
                let mut next = current.clone();
                seal_into(
                    &cipher,
                    &current.biz_id,
                    FORWARDING,
                    &secret,
                    &mut next.sealed.forwarding_secret,
                    &mut next.hints.forwarding_secret,
                )?;
                self.replace(current.id, next)
            },
            |after| (String::new(), audit_diff(Some(&before), Some(after))),
        )?;
        Ok((connection, secret))
    }

    /// The secrets a delivery to connection `id` may be signed with, current first; `None` when
    /// the connection is gone, inactive or has no webhook secret. What the receiver checks with.
    pub fn webhook_secrets_of(&self, id: u64, today: Date) -> Result<Option<Vec<Secret>>> {
        let Some(record) = self.live(id)? else {
            return Ok(None);
        };
        let Some(current) = self.unseal(&record, WEBHOOK, &record.sealed.webhook_secret)? else {
            return Ok(None);
        };
        let mut secrets = vec![current];
        let previous_valid = record
            .previous_webhook_secret_until
            .as_deref()
            .and_then(|until| Date::parse(until, DATE).ok())
            .is_some_and(|until| today <= until);
        if previous_valid {
            if let Some(previous) =
                self.unseal(&record, PREVIOUS, &record.sealed.previous_webhook_secret)?
            {
                secrets.push(previous);
            }
        }
        Ok(Some(secrets))
    }

    /// The forwarding secret of connection `id`, for signing what goes to its partner.
    pub fn forwarding_secret_of(&self, id: u64) -> Result<Option<Secret>> {
        match self.live(id)? {
            Some(record) => self.unseal(&record, FORWARDING, &record.sealed.forwarding_secret),
            None => Ok(None),
        }
    }

    /// The credentials of active connection `id`, for reading its events' objects.
    pub(crate) fn credentials_of(&self, id: u64) -> Result<Option<Credentials>> {
        match self.live(id)? {
            Some(record) => self.credentials(&record.biz_id).map(Some),
            None => Ok(None),
        }
    }

    /// The name and partner endpoint of active connection `id`, when it has an endpoint.
    pub(crate) fn partner_of(&self, id: u64) -> Result<Option<(String, String)>> {
        Ok(self.live(id)?.and_then(|record| {
            record
                .partner_endpoint
                .map(|url| (record.connection_name, url))
        }))
    }

    /// The ids of every active connection, whose events the poller reads.
    pub(crate) fn active_ids(&self) -> Result<Vec<u64>> {
        let query = ListQuery {
            filters: vec![FilterInput::eq("status", ConnectionStatus::Active.code())],
            ..ListQuery::default()
        };
        Ok(every_page(&query, |page| self.collection.list(page))?
            .into_iter()
            .map(|record| record.id)
            .collect())
    }

    /// The workspace of connection `id`, active or not; `None` once it is deleted.
    pub(crate) fn workspace_of(&self, id: u64) -> Result<Option<u64>> {
        match self.collection.get(id) {
            Ok(record) => Ok(Some(record.workspace_id)),
            Err(err) if err.code == ErrorCode::NotFound => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// The active connection with this id, if there is one.
    fn live(&self, id: u64) -> Result<Option<ConnectionRecord>> {
        match self.collection.get(id) {
            Ok(record) if record.status == ConnectionStatus::Active.code() => Ok(Some(record)),
            Ok(_) => Ok(None),
            Err(err) if err.code == ErrorCode::NotFound => Ok(None),
            Err(err) => Err(err),
        }
    }

    fn unseal(
        &self,
        record: &ConnectionRecord,
        field: &str,
        sealed: &Option<String>,
    ) -> Result<Option<Secret>> {
        let Some(text) = sealed.as_deref() else {
            return Ok(None);
        };
        let cipher = self.vault.cipher()?;
        let sealed = SealedSecret::from_base64(text).map_err(secrets_error)?;
        cipher
            .decrypt(&sealed, &associated_data(&record.biz_id, field))
            .map(Some)
            .map_err(secrets_error)
    }
}

const DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// `keepPreviousUntil` checked: a date, today or up to [`MAX_ROTATION_DAYS`] ahead.
fn rotation_end(raw: &str, today: Date) -> Result<Date> {
    let field = "keepPreviousUntil";
    let until = Date::parse(raw.trim(), DATE).map_err(|_| {
        CoreError::on_field(
            ErrorCode::InvalidValue,
            field,
            "Enter the last day the old secret is accepted as a date, such as 2026-12-08.",
        )
    })?;
    if until < today {
        return Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            field,
            format!("This day has passed; choose today ({today}) or a later day."),
        ));
    }
    if until > today + Duration::days(MAX_ROTATION_DAYS) {
        return Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            field,
            format!(
                "Stripe keeps an old secret at most {MAX_ROTATION_DAYS} days after a roll; choose {} or earlier.",
                today + Duration::days(MAX_ROTATION_DAYS)
            ),
        ));
    }
    Ok(until)
}

/// 32 random bytes as hex after `fwsec_`.
fn new_forwarding_secret() -> Result<Secret> {
    let mut bytes = [0u8; 32];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| CoreError::internal("The system random number generator failed."))?;
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    Ok(Secret::new(format!("fwsec_{hex}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn rotation_end_is_today_to_seven_days_ahead() {
        let today = date!(2026 - 12 - 02);
        assert_eq!(rotation_end("2026-12-02", today).ok(), Some(today));
        assert_eq!(
            rotation_end(" 2026-12-09 ", today).ok(),
            Some(date!(2026 - 12 - 09))
        );
        for bad in ["2026-12-01", "2026-12-10", "tomorrow", "", "2026-13-01"] {
            let err = rotation_end(bad, today).expect_err(bad);
            assert_eq!(err.field.as_deref(), Some("keepPreviousUntil"), "{bad}");
        }
    }

    #[test]
    fn forwarding_secrets_are_random_and_long() {
        let (a, b) = (new_forwarding_secret().ok(), new_forwarding_secret().ok());
        let a = a.expect("random");
        assert!(a.expose().starts_with("fwsec_") && a.expose().len() == 6 + 64);
        assert_ne!(Some(a.expose()), b.as_ref().map(Secret::expose));
    }
}
