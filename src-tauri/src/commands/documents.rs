//! The Dokumente view: letter templates, preview, letters, agendas, lists, attendance,
//! certificates, history.
//! Each command is one line over the core; errors cross as `{code, message}`.

use std::path::PathBuf;

use kohorte::attendance::ModuleAttendance;
use kohorte::documents::{
    DocumentError, LetterKind, LetterSummary, ListKind, PLACEHOLDERS, Placeholder, Recipient,
};
use kohorte::model::{Module, Status, TrackRole};
use kohorte::service::{LetterOptions, LetterTemplate, WrittenFile};
use kohorte::store::DocumentRecord;
use kohorte::{Error, Kohorte};
use tauri::ipc::JavaScriptChannelId;
use tauri::{AppHandle, Runtime, State, Webview};
use uuid::Uuid;

use super::jobs::{self, Watch};

#[tauri::command]
pub fn placeholders() -> &'static [Placeholder] {
    PLACEHOLDERS
}

/// The template in use for `kind`: the programme's saved one, else the default.
#[tauri::command(async)]
pub fn letter_template(
    k: State<'_, Kohorte>,
    kind: LetterKind,
) -> Result<LetterTemplate, DocumentError> {
    k.letter_template(kind)
}

/// The shipped default of `kind`, whatever is saved.
#[tauri::command]
pub fn default_letter_template(kind: LetterKind) -> &'static str {
    kind.default_template()
}

#[tauri::command]
pub fn validate_template(template: String) -> Result<(), DocumentError> {
    kohorte::documents::validate_template(&template)
}

#[tauri::command(async)]
pub fn save_letter_template(
    k: State<'_, Kohorte>,
    kind: LetterKind,
    template: String,
) -> Result<LetterTemplate, DocumentError> {
    k.save_letter_template(kind, &template)
}

#[tauri::command(async)]
pub fn reset_letter_template(
    k: State<'_, Kohorte>,
    kind: LetterKind,
) -> Result<LetterTemplate, DocumentError> {
    k.reset_letter_template(kind)
}

#[tauri::command(async)]
pub fn recipients(
    k: State<'_, Kohorte>,
    status: Option<Status>,
) -> Result<Vec<Recipient>, DocumentError> {
    k.recipients(status)
}

/// One person's letter as SVG pages, laid out exactly as the PDF (nothing recorded).
#[tauri::command(async)]
pub fn preview_letter(
    k: State<'_, Kohorte>,
    kind: LetterKind,
    template: Option<String>,
    application_id: Uuid,
) -> Result<Vec<String>, DocumentError> {
    k.preview_letter_pages(kind, template.as_deref(), application_id)
}

/// What a run of `kind` to `status` would do: letters, already written, no address.
#[tauri::command(async)]
pub fn letter_summary(
    k: State<'_, Kohorte>,
    kind: LetterKind,
    status: Option<Status>,
) -> Result<LetterSummary, DocumentError> {
    k.letter_summary(kind, status)
}

/// Letters of `kind` as one PDF (each letter on an odd page with `duplex`) or one per
/// person, leaving out those written to with `skip_written`; a job the window can
/// follow (`job`, `on_progress`) and cancel.
#[allow(clippy::too_many_arguments)] // the command's arguments are the window's call
#[tauri::command]
pub async fn write_letters<R: Runtime>(
    app: AppHandle<R>,
    webview: Webview<R>,
    kind: LetterKind,
    status: Option<Status>,
    template: Option<String>,
    out: PathBuf,
    merged: bool,
    duplex: Option<bool>,
    skip_written: Option<bool>,
    job: Option<String>,
    on_progress: Option<JavaScriptChannelId>,
) -> Result<Vec<WrittenFile>, DocumentError> {
    let watch = Watch::new(webview, job, on_progress);
    let options = LetterOptions {
        merged,
        duplex: duplex.unwrap_or(false),
        skip_written: skip_written.unwrap_or(false),
    };
    jobs::run(app, watch, move |k, job| {
        k.write_letters_with_job(kind, status, template.as_deref(), &out, options, job)
    })
    .await
}

#[tauri::command(async)]
pub fn modules(k: State<'_, Kohorte>) -> Result<Vec<Module>, DocumentError> {
    k.modules()
}

#[tauri::command(async)]
pub fn write_agenda(
    k: State<'_, Kohorte>,
    module: u32,
    out: PathBuf,
) -> Result<WrittenFile, DocumentError> {
    k.write_agenda(module, &out)
}

#[tauri::command(async)]
pub fn write_list(
    k: State<'_, Kohorte>,
    kind: ListKind,
    track: Option<TrackRole>,
    module: Option<u32>,
    out: PathBuf,
) -> Result<WrittenFile, DocumentError> {
    k.write_list(kind, track, module, &out)
}

/// The confirmed participants of module `module` with a present flag per day.
#[tauri::command(async)]
pub fn attendance(k: State<'_, Kohorte>, module: u32) -> Result<ModuleAttendance, Error> {
    k.attendance(module)
}

/// Records `ids` as present (or absent) on `day` of `module`, both days if `None`.
#[tauri::command(async)]
pub fn set_attendance(
    k: State<'_, Kohorte>,
    ids: Vec<Uuid>,
    module: u32,
    day: Option<u8>,
    present: bool,
) -> Result<ModuleAttendance, Error> {
    k.set_attendance(&ids, module, day, present)
}

/// Teilnahmebescheinigungen for everyone with recorded attendance; a job like
/// [`write_letters`].
#[tauri::command]
pub async fn write_certificates<R: Runtime>(
    app: AppHandle<R>,
    webview: Webview<R>,
    out: PathBuf,
    merged: bool,
    job: Option<String>,
    on_progress: Option<JavaScriptChannelId>,
) -> Result<Vec<WrittenFile>, DocumentError> {
    let watch = Watch::new(webview, job, on_progress);
    jobs::run(app, watch, move |k, job| {
        k.write_certificates_with_job(&out, merged, job)
    })
    .await
}

/// Every recorded document, newest first.
#[tauri::command(async)]
pub fn documents(k: State<'_, Kohorte>) -> Result<Vec<DocumentRecord>, DocumentError> {
    k.documents()
}

#[tauri::command(async)]
pub fn document_history(
    k: State<'_, Kohorte>,
    application_id: Uuid,
) -> Result<Vec<DocumentRecord>, DocumentError> {
    k.document_history(application_id)
}
