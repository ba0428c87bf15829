//! Every minute, the dispute notifications now due in the active workspace (a dispute that
//! needs a response with less than 24 hours left), each given once: deadlines pass without a
//! sync, so this does not wait for one.

use std::sync::Arc;
use std::time::Duration;

use connectdesk_core::Desk;
use tauri::AppHandle;

const INTERVAL: Duration = Duration::from_secs(60);

pub fn spawn(app: AppHandle, desk: Arc<Desk>) {
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(INTERVAL).await;
            let checking = Arc::clone(&desk);
            let due = tauri::async_runtime::spawn_blocking(move || {
                let Some(workspace) = checking.status()?.active_workspace else {
                    return Ok(Vec::new());
                };
                checking
                    .disputes()
                    .watch(workspace.id, checking.stripe_now()?)
            })
            .await;
            match due {
                Ok(Ok(notices)) => crate::notify::show(&app, &notices),
                Ok(Err(err)) => tracing::warn!("could not check the disputes' deadlines: {err}"),
                Err(err) => tracing::warn!("the dispute deadline check failed: {err}"),
            }
        }
    });
}
