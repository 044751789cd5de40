//! The Ausgewogenheit view: balance report, quotas, locks and the selection assistant.
//! Each command is one line over the core; errors cross as `{code, message}`.

use std::path::PathBuf;

use kohorte::balance::{BalanceReport, Candidate, Lock, Quota};
use kohorte::model::{Status, TrackRole};
use kohorte::selection::{Proposal, SelectionOptions};
use kohorte::service::Applied;
use kohorte::{Error, Kohorte};
use tauri::State;
use uuid::Uuid;

#[tauri::command(async)]
pub fn balance(k: State<'_, Kohorte>) -> Result<BalanceReport, Error> {
    k.balance()
}

#[tauri::command(async)]
pub fn candidates(k: State<'_, Kohorte>) -> Result<Vec<Candidate>, Error> {
    k.candidates()
}

#[tauri::command(async)]
pub fn quotas(k: State<'_, Kohorte>) -> Result<Vec<Quota>, Error> {
    k.quotas()
}

/// Replaces the quotas of one scope (a track, or both together with `scope: null`).
#[tauri::command(async)]
pub fn set_quotas(
    k: State<'_, Kohorte>,
    scope: Option<TrackRole>,
    quotas: Vec<Quota>,
) -> Result<(), Error> {
    k.set_quotas(scope, &quotas)
}

#[tauri::command(async)]
pub fn import_quotas(
    k: State<'_, Kohorte>,
    path: PathBuf,
    scope: Option<TrackRole>,
) -> Result<Vec<Quota>, Error> {
    k.import_quotas(&path, scope)
}

#[tauri::command(async)]
pub fn export_quotas(
    k: State<'_, Kohorte>,
    path: PathBuf,
    scope: Option<TrackRole>,
) -> Result<usize, Error> {
    k.export_quotas(&path, scope)
}

#[tauri::command(async)]
pub fn set_lock(
    k: State<'_, Kohorte>,
    application_id: Uuid,
    lock: Option<Lock>,
) -> Result<(), Error> {
    k.set_lock(application_id, lock)
}

#[tauri::command(async)]
pub fn propose_selection(
    k: State<'_, Kohorte>,
    options: SelectionOptions,
) -> Result<Proposal, Error> {
    k.propose_selection(&options)
}

#[tauri::command(async)]
pub fn apply_selection(
    k: State<'_, Kohorte>,
    options: SelectionOptions,
) -> Result<(Proposal, Applied), Error> {
    k.apply_selection(&options)
}

/// Reverts the last applied proposal: `[application id, from, to]` per change.
#[tauri::command(async)]
pub fn undo_selection(k: State<'_, Kohorte>) -> Result<Vec<(Uuid, Status, Status)>, Error> {
    k.undo_selection()
}
