//! The API's routing table: method and path to handler.

use crate::api::input::Input;
use crate::api::reply::Payload;
use crate::api::resources::*;
use crate::domain::Ctx;
use crate::wire::ApiError;

/// Runs the handler for `method` and the path `segments` (after `/v1/`).
pub fn dispatch(
    ctx: &mut Ctx<'_>,
    method: &str,
    path: &str,
    segments: &[&str],
    input: Input,
) -> Result<Payload, ApiError> {
    let p = input.params;
    let json = match (method, segments) {
        ("GET", ["account"]) => accounts::retrieve_self(ctx, p),
        ("POST", ["accounts"]) => accounts::create(ctx, p),
        ("GET", ["accounts"]) => accounts::list_accounts(ctx, p),
        ("GET", ["accounts", id]) => accounts::retrieve(ctx, id, p),
        ("POST", ["accounts", id]) => accounts::update(ctx, id, p),
        ("DELETE", ["accounts", id]) => accounts::delete(ctx, id, p),
        ("POST", ["accounts", id, "login_links"]) => accounts::login_link(ctx, id, p),
        ("GET", ["accounts", id, "external_accounts"]) => accounts::external_accounts(ctx, id, p),
        ("GET", ["accounts", id, "capabilities"]) => accounts::capabilities(ctx, id, p),
        ("POST", ["account_links"]) => account_links::create(ctx, p),

        ("POST", ["payment_intents"]) => payment_intents::create(ctx, p),
        ("GET", ["payment_intents"]) => payment_intents::list_intents(ctx, p),
        ("GET", ["payment_intents", id]) => payment_intents::retrieve(ctx, id, p),
        ("POST", ["payment_intents", id]) => payment_intents::update(ctx, id, p),
        ("POST", ["payment_intents", id, "confirm"]) => payment_intents::confirm(ctx, id, p),
        ("POST", ["payment_intents", id, "capture"]) => payment_intents::capture(ctx, id, p),
        ("POST", ["payment_intents", id, "cancel"]) => payment_intents::cancel(ctx, id, p),
        ("GET", ["payment_methods", id]) => payment_methods::retrieve(ctx, id, p),
        ("GET", ["charges"]) => charges::list_charges(ctx, p),
        ("GET", ["charges", id]) => charges::retrieve(ctx, id, p),

        ("POST", ["refunds"]) => refunds::create(ctx, p),
        ("GET", ["refunds"]) => refunds::list_refunds(ctx, p),
        ("GET", ["refunds", id]) => refunds::retrieve(ctx, id, p),
        ("POST", ["refunds", id]) => refunds::update(ctx, id, p),

        ("POST", ["transfers"]) => transfers::create(ctx, p),
        ("GET", ["transfers"]) => transfers::list_transfers(ctx, p),
        ("GET", ["transfers", id]) => transfers::retrieve(ctx, id, p),
        ("POST", ["transfers", id]) => transfers::update(ctx, id, p),
        ("POST", ["transfers", id, "reversals"]) => transfers::reverse(ctx, id, p),
        ("GET", ["transfers", id, "reversals"]) => transfers::list_reversals(ctx, id, p),
        ("GET", ["transfers", id, "reversals", reversal]) => {
            transfers::retrieve_reversal(ctx, id, reversal, p)
        }

        ("POST", ["payouts"]) => payouts::create(ctx, p),
        ("GET", ["payouts"]) => payouts::list_payouts(ctx, p),
        ("GET", ["payouts", id]) => payouts::retrieve(ctx, id, p),
        ("POST", ["payouts", id]) => payouts::update(ctx, id, p),
        ("POST", ["payouts", id, "cancel"]) => payouts::cancel(ctx, id, p),

        ("GET", ["balance"]) => balance::retrieve(ctx, p),
        ("GET", ["balance_transactions"]) | ("GET", ["balance", "history"]) => {
            balance::list_transactions(ctx, p)
        }
        ("GET", ["balance_transactions", id]) | ("GET", ["balance", "history", id]) => {
            balance::retrieve_transaction(ctx, id, p)
        }

        ("GET", ["disputes"]) => disputes::list_disputes(ctx, p),
        ("GET", ["disputes", id]) => disputes::retrieve(ctx, id, p),
        ("POST", ["disputes", id]) => disputes::update(ctx, id, p),
        ("POST", ["disputes", id, "close"]) => disputes::close(ctx, id, p),

        ("POST", ["files"]) => files::create(ctx, p, input.upload),
        ("GET", ["files"]) => files::list_files(ctx, p),
        ("GET", ["files", id]) => files::retrieve(ctx, id, p),
        ("GET", ["files", id, "contents"]) => return files::contents(ctx, id, p),

        ("GET", ["events"]) => events::list_events(ctx, p),
        ("GET", ["events", id]) => events::retrieve(ctx, id, p),

        ("GET", ["payment_method_configurations"]) => {
            payment_method_configurations::list_configurations(ctx, p)
        }
        ("GET", ["payment_method_configurations", id]) => {
            payment_method_configurations::retrieve(ctx, id, p)
        }

        ("GET", ["application_fees"]) => application_fees::list_fees(ctx, p),
        ("GET", ["application_fees", id]) => application_fees::retrieve(ctx, id, p),
        ("GET", ["application_fees", id, "refunds"]) => application_fees::list_refunds(ctx, id, p),

        ("POST", ["webhook_endpoints"]) => webhook_endpoints::create(ctx, p),
        ("GET", ["webhook_endpoints"]) => webhook_endpoints::list_endpoints(ctx, p),
        ("GET", ["webhook_endpoints", id]) => webhook_endpoints::retrieve(ctx, id, p),
        ("POST", ["webhook_endpoints", id]) => webhook_endpoints::update(ctx, id, p),
        ("DELETE", ["webhook_endpoints", id]) => webhook_endpoints::delete(ctx, id, p),

        _ => Err(ApiError::unrecognized_url(method, path)),
    };
    json.map(Payload::Json)
}
