//! The Dokumente view: letter templates, preview, letters, agendas, lists, attendance,
//! certificates, history.
//! Each command is one line over the core; errors cross as `{code, message}`.

use std::path::PathBuf;

use kohorte::attendance::ModuleAttendance;
use kohorte::documents::{
    DocumentError, LetterKind, ListKind, PLACEHOLDERS, Placeholder, Recipient,
};
use kohorte::model::{Module, Status, TrackRole};
use kohorte::service::{LetterTemplate, WrittenFile};
use kohorte::store::DocumentRecord;
use kohorte::{Error, Kohorte};
use tauri::State;
use uuid::Uuid;

#[tauri::command]
pub fn placeholders() -> &'static [Placeholder] {
    PLACEHOLDERS
}

/// The template in use for `kind`: the programme's saved one, else the default.
#[tauri::command]
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

#[tauri::command]
pub fn save_letter_template(
    k: State<'_, Kohorte>,
    kind: LetterKind,
    template: String,
) -> Result<LetterTemplate, DocumentError> {
    k.save_letter_template(kind, &template)
}

#[tauri::command]
pub fn reset_letter_template(
    k: State<'_, Kohorte>,
    kind: LetterKind,
) -> Result<LetterTemplate, DocumentError> {
    k.reset_letter_template(kind)
}

#[tauri::command]
pub fn recipients(
    k: State<'_, Kohorte>,
    status: Option<Status>,
) -> Result<Vec<Recipient>, DocumentError> {
    k.recipients(status)
}

/// One person's letter as SVG pages, laid out exactly as the PDF (nothing recorded).
#[tauri::command]
pub fn preview_letter(
    k: State<'_, Kohorte>,
    kind: LetterKind,
    template: Option<String>,
    application_id: Uuid,
) -> Result<Vec<String>, DocumentError> {
    k.preview_letter_pages(kind, template.as_deref(), application_id)
}

#[tauri::command]
pub fn write_letters(
    k: State<'_, Kohorte>,
    kind: LetterKind,
    status: Option<Status>,
    template: Option<String>,
    out: PathBuf,
    merged: bool,
) -> Result<Vec<WrittenFile>, DocumentError> {
    k.write_letters(kind, status, template.as_deref(), &out, merged)
}

#[tauri::command]
pub fn modules(k: State<'_, Kohorte>) -> Result<Vec<Module>, DocumentError> {
    k.modules()
}

#[tauri::command]
pub fn write_agenda(
    k: State<'_, Kohorte>,
    module: u32,
    out: PathBuf,
) -> Result<WrittenFile, DocumentError> {
    k.write_agenda(module, &out)
}

#[tauri::command]
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
#[tauri::command]
pub fn attendance(k: State<'_, Kohorte>, module: u32) -> Result<ModuleAttendance, Error> {
    k.attendance(module)
}

/// Records `ids` as present (or absent) on `day` of `module`, both days if `None`.
#[tauri::command]
pub fn set_attendance(
    k: State<'_, Kohorte>,
    ids: Vec<Uuid>,
    module: u32,
    day: Option<u8>,
    present: bool,
) -> Result<ModuleAttendance, Error> {
    k.set_attendance(&ids, module, day, present)
}

/// Teilnahmebescheinigungen for everyone with recorded attendance.
#[tauri::command]
pub fn write_certificates(
    k: State<'_, Kohorte>,
    out: PathBuf,
    merged: bool,
) -> Result<Vec<WrittenFile>, DocumentError> {
    k.write_certificates(&out, merged)
}

/// Every recorded document, newest first.
#[tauri::command]
pub fn documents(k: State<'_, Kohorte>) -> Result<Vec<DocumentRecord>, DocumentError> {
    k.documents()
}

#[tauri::command]
pub fn document_history(
    k: State<'_, Kohorte>,
    application_id: Uuid,
) -> Result<Vec<DocumentRecord>, DocumentError> {
    k.document_history(application_id)
}
