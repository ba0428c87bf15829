//! Stripe's events, taken in the background: a round at start, then whenever the receiver
//! or the poller stores an event (and at least every few seconds, for due forwards and the
//! poll). What changed goes to the window as `RECORDS_EVENT`, so open screens reload without
//! polling from the UI.

use std::sync::Arc;
use std::time::Duration;

use connectdesk_core::Desk;
use tauri::{AppHandle, Emitter};

use crate::RECORDS_EVENT;

/// The longest wait between rounds when no event arrives.
const IDLE_ROUND: Duration = Duration::from_secs(15);

pub fn spawn(app: AppHandle, desk: Arc<Desk>) {
    tauri::async_runtime::spawn(async move {
        let arrivals = desk.events().inbox().arrivals();
        loop {
            match desk.take_events().await {
                Ok(changes) => {
                    for change in changes {
                        if let Err(err) = app.emit(RECORDS_EVENT, &change) {
                            tracing::warn!("could not tell the window what changed: {err}");
                        }
                    }
                }
                Err(err) => tracing::warn!("could not apply Stripe's events: {err}"),
            }
            tokio::select! {
                () = arrivals.notified() => {}
                () = tokio::time::sleep(IDLE_ROUND) => {}
            }
        }
    });
}
