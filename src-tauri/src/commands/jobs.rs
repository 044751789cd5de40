//! Long work off the main thread, with progress for the window and a way to cancel it.
//!
//! The window names each job with an id of its own choosing and may pass a channel for
//! progress. The work runs on Tokio's blocking pool, so neither the main thread (which
//! paints the window) nor the async workers (which serve every other command) wait for
//! 1,000 letters. `cancel_job` sets the job's flag; the core stops at its next step and
//! writes nothing.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use kohorte::Kohorte;
use kohorte::job::{Cancelled, Job, Progress};
use tauri::ipc::{Channel, JavaScriptChannelId};
use tauri::{AppHandle, Manager, Runtime, State, Webview};

/// The cancel flags of the jobs now running, by the window's id for them.
#[derive(Default)]
pub struct Jobs(Mutex<HashMap<String, Arc<AtomicBool>>>);

impl Jobs {
    fn flags(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<AtomicBool>>> {
        // Only flags are kept here; a poisoned map is still a valid map.
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn start(&self, id: &str) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        self.flags().insert(id.to_string(), flag.clone());
        flag
    }

    fn finish(&self, id: &str) {
        self.flags().remove(id);
    }

    /// Asks the job `id` to stop; false if no such job runs (it may have just ended).
    pub fn cancel(&self, id: &str) -> bool {
        match self.flags().get(id) {
            Some(flag) => {
                flag.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }
}

/// How the window follows one job: its id (for `cancel_job`) and where progress goes.
/// Both optional, so scripts and tests may call the same commands without them.
pub struct Watch {
    id: Option<String>,
    progress: Option<Channel<Progress>>,
}

impl Watch {
    /// `on_progress` is the id of a JavaScript `Channel` of the calling webview.
    pub fn new<R: Runtime>(
        webview: Webview<R>,
        id: Option<String>,
        on_progress: Option<JavaScriptChannelId>,
    ) -> Watch {
        Watch {
            id,
            progress: on_progress.map(|channel| channel.channel_on(webview)),
        }
    }
}

/// Runs `work` on the blocking pool with the core and a [`Job`] wired to `watch`.
pub async fn run<R, T, E, F>(app: AppHandle<R>, watch: Watch, work: F) -> Result<T, E>
where
    R: Runtime,
    T: Send + 'static,
    E: From<Cancelled> + Send + 'static,
    F: FnOnce(&Kohorte, &Job) -> Result<T, E> + Send + 'static,
{
    // Registered before the work starts, so an "Abbrechen" right after the click that
    // started it finds the job.
    let flag = match &watch.id {
        Some(id) => app.state::<Jobs>().start(id),
        None => Arc::new(AtomicBool::new(false)),
    };
    let handle = app.clone();
    let task = tauri::async_runtime::spawn_blocking(move || {
        let jobs = handle.state::<Jobs>();
        let progress = watch.progress;
        let report = move |p: Progress| {
            if let Some(channel) = &progress {
                // A closed window cannot take progress any more; the work goes on.
                let _ = channel.send(p);
            }
        };
        let job = Job::new(&flag, &report);
        let result = work(&handle.state::<Kohorte>(), &job);
        if let Some(id) = &watch.id {
            jobs.finish(id);
        }
        result
    });
    match task.await {
        Ok(result) => result,
        Err(e) => {
            // The work panicked (a bug): it ends as a stopped job would; the details go
            // to the terminal.
            eprintln!("Kohorte: eine Hintergrundarbeit ist abgestürzt: {e}");
            Err(E::from(Cancelled))
        }
    }
}

/// Stops the running job `id` at its next step. Answers at once (no database, no files),
/// so it stays on the main thread.
#[tauri::command]
pub fn cancel_job(jobs: State<'_, Jobs>, id: String) -> bool {
    jobs.cancel(&id)
}
