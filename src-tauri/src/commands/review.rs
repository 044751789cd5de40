//! The Bewerbungen and Tandems views: import from the form export, review (statuses with
//! undo, scores, notes, history) and tandems. Each command is one line over the core;
//! errors cross as `{code, message}`.

use std::path::PathBuf;

use kohorte::import::{ColumnAssignment, ColumnMapping, Difference, ImportOptions, ImportReport};
use kohorte::model::Status;
use kohorte::review::{ApplicationForm, AuditEntry, FieldProblem, StatusChange, StatusPlan};
use kohorte::tandem::{PairKey, TandemBoard, TandemsConfirmed};
use kohorte::{Error, Kohorte};
use tauri::ipc::JavaScriptChannelId;
use tauri::{AppHandle, Runtime, State, Webview};
use uuid::Uuid;

use super::jobs::{self, Watch};

/// Previews (`options.dry_run`) or imports a form export from a file on disk. Without
/// `mapping` the columns are assigned as remembered from earlier imports, or guessed.
/// A job the window can follow (`job`, `on_progress`) and cancel; a cancelled import
/// writes nothing.
#[tauri::command]
pub async fn import_applications<R: Runtime>(
    app: AppHandle<R>,
    webview: Webview<R>,
    path: PathBuf,
    mapping: Option<ColumnMapping>,
    options: ImportOptions,
    job: Option<String>,
    on_progress: Option<JavaScriptChannelId>,
) -> Result<ImportReport, Error> {
    let watch = Watch::new(webview, job, on_progress);
    jobs::run(app, watch, move |k, job| {
        k.import_file_with_job(&path, mapping.as_ref(), options, job)
    })
    .await
}

#[tauri::command(async)]
pub fn remembered_mapping(k: State<'_, Kohorte>) -> Result<Vec<ColumnAssignment>, Error> {
    k.remembered_mapping()
}

/// For every status: which listed applications a change would change, which it would
/// skip and why. Reads only.
#[tauri::command(async)]
pub fn status_plans(k: State<'_, Kohorte>, ids: Vec<Uuid>) -> Result<Vec<StatusPlan>, Error> {
    k.status_plans(&ids)
}

/// Sets the status of every listed application the rules allow, skipping the others
/// (reported with the reason); one transaction, undoable in one step.
#[tauri::command(async)]
pub fn set_status(
    k: State<'_, Kohorte>,
    ids: Vec<Uuid>,
    status: Status,
) -> Result<StatusChange, Error> {
    k.set_status(&ids, status)
}

#[tauri::command(async)]
pub fn undo_last_change(k: State<'_, Kohorte>) -> Result<StatusChange, Error> {
    k.undo_last_change()
}

#[tauri::command(async)]
pub fn set_score(k: State<'_, Kohorte>, id: Uuid, score: Option<u8>) -> Result<(), Error> {
    k.set_score(id, score)
}

#[tauri::command(async)]
pub fn reviewer_notes(k: State<'_, Kohorte>, id: Uuid) -> Result<String, Error> {
    k.reviewer_notes(id)
}

#[tauri::command(async)]
pub fn set_reviewer_notes(k: State<'_, Kohorte>, id: Uuid, notes: String) -> Result<(), Error> {
    k.set_reviewer_notes(id, &notes)
}

/// Every problem of the manual-entry form, each with its field; empty when it can be
/// saved. `editing` is the application being edited (its own e-mail is not taken).
#[tauri::command(async)]
pub fn check_application(
    k: State<'_, Kohorte>,
    form: ApplicationForm,
    editing: Option<Uuid>,
) -> Result<Vec<FieldProblem>, Error> {
    k.check_application(&form, editing)
}

#[tauri::command(async)]
pub fn create_application(k: State<'_, Kohorte>, form: ApplicationForm) -> Result<Uuid, Error> {
    k.create_application(&form)
}

#[tauri::command(async)]
pub fn application_form(k: State<'_, Kohorte>, id: Uuid) -> Result<ApplicationForm, Error> {
    k.application_form(id)
}

#[tauri::command(async)]
pub fn update_application(
    k: State<'_, Kohorte>,
    id: Uuid,
    form: ApplicationForm,
) -> Result<Vec<Difference>, Error> {
    k.update_application(id, &form)
}

#[tauri::command(async)]
pub fn history(k: State<'_, Kohorte>, id: Uuid) -> Result<Vec<AuditEntry>, Error> {
    k.history(id)
}

#[tauri::command(async)]
pub fn tandems(k: State<'_, Kohorte>) -> Result<TandemBoard, Error> {
    k.tandems()
}

/// Pairs a Führung (`leader`) and a Change (`planner`) application; returns the
/// tandem's id. Confirms a proposal, or changes a pairing.
#[tauri::command(async)]
pub fn pair_tandem(
    k: State<'_, Kohorte>,
    leader: Uuid,
    planner: Uuid,
    confirmed: bool,
) -> Result<Uuid, Error> {
    k.pair_tandem(leader, planner, confirmed)
}

#[tauri::command(async)]
pub fn confirm_tandem(k: State<'_, Kohorte>, id: Uuid) -> Result<(), Error> {
    k.confirm_tandem(id)
}

/// Confirms the given pairs (the shown or selected ones) in one step.
#[tauri::command(async)]
pub fn confirm_tandems(
    k: State<'_, Kohorte>,
    pairs: Vec<PairKey>,
) -> Result<TandemsConfirmed, Error> {
    k.confirm_tandems(&pairs)
}

#[tauri::command(async)]
pub fn undo_tandem_confirmation(k: State<'_, Kohorte>) -> Result<u32, Error> {
    k.undo_tandem_confirmation()
}

#[tauri::command(async)]
pub fn dissolve_tandem(k: State<'_, Kohorte>, id: Uuid) -> Result<(), Error> {
    k.dissolve_tandem(id)
}
