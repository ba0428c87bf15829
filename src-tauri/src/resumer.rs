//! The journal's background work: at start-up, prune settled operations past the retention
//! period (Settings); then, at once and every minute, resume every pending Stripe write.

use std::sync::Arc;
use std::time::Duration;

use connectdesk_core::Desk;

const INTERVAL: Duration = Duration::from_secs(60);

pub fn spawn(desk: Arc<Desk>) {
    tauri::async_runtime::spawn(async move {
        let pruning = Arc::clone(&desk);
        let pruned = tauri::async_runtime::spawn_blocking(move || pruning.prune_operations()).await;
        match pruned {
            Ok(Ok(0)) => {}
            Ok(Ok(count)) => tracing::info!(count, "pruned settled operations"),
            Ok(Err(err)) => tracing::warn!("could not prune the operations journal: {err}"),
            Err(err) => tracing::warn!("the journal pruning task failed: {err}"),
        }
        loop {
            match desk.resume_operations().await {
                Ok(report) if report == Default::default() => {}
                Ok(report) => tracing::info!(?report, "resumed pending operations"),
                Err(err) => tracing::warn!("could not resume pending operations: {err}"),
            }
            tokio::time::sleep(INTERVAL).await;
        }
    });
}
