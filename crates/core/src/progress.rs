//! Progress of long work (syncing accounts, transfers, payouts): counts as it goes and a cancel
//! flag the UI can set. Cancelling stops at the next page and keeps what was already stored.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use specta::Type;

/// One report of a running task, sent to the UI as it goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProgressUpdate {
    /// Names the task, so the UI can cancel it: "sync:accounts:3".
    pub task: String,
    /// What is counted, plural: "accounts".
    pub noun: String,
    pub done: u32,
    /// When Stripe tells how many there are.
    pub total: Option<u32>,
    pub finished: bool,
    pub cancelled: bool,
}

type Sink = Arc<dyn Fn(ProgressUpdate) + Send + Sync>;

/// Handed to long work: report counts, ask whether to stop.
#[derive(Clone)]
pub struct Progress {
    task: Arc<str>,
    noun: Arc<str>,
    cancelled: Arc<AtomicBool>,
    sink: Sink,
}

impl Progress {
    /// Progress nobody watches (tests, benchmarks, start-up work).
    pub fn silent(noun: &str) -> Self {
        Self {
            task: Arc::from(""),
            noun: Arc::from(noun),
            cancelled: Arc::new(AtomicBool::new(false)),
            sink: Arc::new(|_| {}),
        }
    }

    pub fn task(&self) -> &str {
        &self.task
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    pub fn advance(&self, done: u32, total: Option<u32>) {
        (self.sink)(self.update(done, total, false));
    }

    pub fn finish(&self, done: u32, total: Option<u32>) {
        (self.sink)(self.update(done, total, true));
    }

    fn update(&self, done: u32, total: Option<u32>, finished: bool) -> ProgressUpdate {
        ProgressUpdate {
            task: self.task.to_string(),
            noun: self.noun.to_string(),
            done,
            total,
            finished,
            cancelled: self.is_cancelled(),
        }
    }
}

/// The running tasks, so a Cancel button can reach the one it shows.
#[derive(Clone, Default)]
pub struct Tasks {
    running: Arc<Mutex<HashMap<String, Arc<AtomicBool>>>>,
    sink: Option<Sink>,
}

impl Tasks {
    /// Tasks whose updates go to `sink` (the app emits them as window events).
    pub fn reporting_to(sink: impl Fn(ProgressUpdate) + Send + Sync + 'static) -> Self {
        Self {
            running: Arc::default(),
            sink: Some(Arc::new(sink)),
        }
    }

    /// Starts tracking `task`; the guard forgets it when dropped.
    pub fn start(&self, task: String, noun: &str) -> (Progress, TaskGuard) {
        let cancelled = Arc::new(AtomicBool::new(false));
        if let Ok(mut running) = self.running.lock() {
            running.insert(task.clone(), cancelled.clone());
        }
        let progress = Progress {
            task: Arc::from(task.as_str()),
            noun: Arc::from(noun),
            cancelled,
            sink: self.sink.clone().unwrap_or_else(|| Arc::new(|_| {})),
        };
        let guard = TaskGuard {
            tasks: self.running.clone(),
            task,
        };
        (progress, guard)
    }

    /// Asks `task` to stop; false when it is not running.
    pub fn cancel(&self, task: &str) -> bool {
        let Ok(running) = self.running.lock() else {
            return false;
        };
        match running.get(task) {
            Some(flag) => {
                flag.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }
}

/// Removes a finished task from [`Tasks`].
pub struct TaskGuard {
    tasks: Arc<Mutex<HashMap<String, Arc<AtomicBool>>>>,
    task: String,
}

impl Drop for TaskGuard {
    fn drop(&mut self) {
        if let Ok(mut running) = self.tasks.lock() {
            running.remove(&self.task);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_reaches_the_running_task_and_updates_say_so() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let tasks = Tasks::reporting_to(move |update| sink.lock().unwrap().push(update));
        let (progress, guard) = tasks.start("sync:accounts:1".into(), "accounts");
        progress.advance(100, Some(1000));
        assert!(tasks.cancel("sync:accounts:1"));
        assert!(progress.is_cancelled());
        progress.finish(100, Some(1000));
        drop(guard);
        assert!(
            !tasks.cancel("sync:accounts:1"),
            "a finished task is forgotten"
        );
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2);
        assert_eq!((seen[0].done, seen[0].cancelled), (100, false));
        assert!(seen[1].finished && seen[1].cancelled);
    }
}
