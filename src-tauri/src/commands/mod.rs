//! Thin commands: each one line over the core. Errors cross as `{code, message}`.
//! One file per domain; this one holds the shell's own and the Übersicht's.

pub mod balance;
pub mod documents;
pub mod export;
pub mod files;
pub mod jobs;
pub mod programme;
pub mod review;
pub mod safety;

use kohorte::model::{ApplicationRow, Overview};
use kohorte::{Error, Kohorte};
use serde::Serialize;
use tauri::State;

#[tauri::command(async)]
pub fn overview(k: State<'_, Kohorte>) -> Result<Overview, Error> {
    k.overview()
}

#[tauri::command(async)]
pub fn applications(k: State<'_, Kohorte>) -> Result<Vec<ApplicationRow>, Error> {
    k.applications()
}

/// Changes whenever the database may have changed, so the window can keep what it read.
#[tauri::command(async)]
pub fn data_revision(k: State<'_, Kohorte>) -> Result<String, Error> {
    k.revision()
}

/// What the status bar shows: which file is open.
#[derive(Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AppInfo {
    pub database: String,
    pub version: &'static str,
}

#[tauri::command]
pub fn app_info(k: State<'_, Kohorte>) -> AppInfo {
    AppInfo {
        database: k.path().display().to_string(),
        version: env!("CARGO_PKG_VERSION"),
    }
}

/// The launch benchmark's probe (scripts/bench-app.sh): with `KOHORTE_LAUNCH_PROBE=1`
/// the page calls it once the Übersicht painted its figures, and it prints one line on
/// stdout; without the variable the page never calls it and it prints nothing.
/// `marks`: moments the page noted on the way (name, Unix time in ms), printed first as
/// "launch-mark:" lines for the breakdown.
#[tauri::command(async)]
pub fn launch_probe(what: String, marks: Option<Vec<(String, f64)>>) {
    if crate::launch_probe_enabled() {
        for (name, at) in marks.unwrap_or_default() {
            crate::print_launch_mark(&name, at);
        }
        println!("launch-probe: {what}");
    }
}
