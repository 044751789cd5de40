//! The Export view: attendee lists (CSV, XLSX) with remembered columns and filter,
//! module dates as iCalendar, letters as e-mail drafts. Each command is one line over
//! the core; errors cross as `{code, message}`.

use std::path::PathBuf;

use kohorte::Kohorte;
use kohorte::documents::LetterKind;
use kohorte::export::{Column, ExportError, ListFormat, ListSettings};
use kohorte::model::Status;
use kohorte::service::{ExportedFile, MailDrafts, MailTemplate};
use serde::Serialize;
use tauri::ipc::JavaScriptChannelId;
use tauri::{AppHandle, Runtime, State, Webview};

use super::jobs::{self, Watch};

/// A column the list can have, with its header as the file shows it.
#[derive(Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ColumnChoice {
    pub column: Column,
    pub label: &'static str,
}

#[tauri::command]
pub fn list_columns() -> Vec<ColumnChoice> {
    Column::ALL
        .into_iter()
        .map(|column| ColumnChoice {
            column,
            label: column.label(),
        })
        .collect()
}

#[tauri::command(async)]
pub fn list_settings(k: State<'_, Kohorte>) -> Result<ListSettings, ExportError> {
    k.list_settings()
}

/// Writes the list and remembers `settings` for the programme.
#[tauri::command(async)]
pub fn export_list(
    k: State<'_, Kohorte>,
    format: ListFormat,
    settings: ListSettings,
    out: PathBuf,
) -> Result<ExportedFile, ExportError> {
    k.export_list(format, &settings, &out)
}

#[tauri::command(async)]
pub fn export_calendar(
    k: State<'_, Kohorte>,
    tentative: bool,
    out: PathBuf,
) -> Result<ExportedFile, ExportError> {
    k.export_calendar(tentative, &out)
}

#[tauri::command(async)]
pub fn mail_template(k: State<'_, Kohorte>, kind: LetterKind) -> Result<MailTemplate, ExportError> {
    k.mail_template(kind)
}

#[tauri::command(async)]
pub fn save_mail_template(
    k: State<'_, Kohorte>,
    kind: LetterKind,
    template: String,
) -> Result<MailTemplate, ExportError> {
    k.save_mail_template(kind, &template)
}

#[tauri::command(async)]
pub fn reset_mail_template(
    k: State<'_, Kohorte>,
    kind: LetterKind,
) -> Result<MailTemplate, ExportError> {
    k.reset_mail_template(kind)
}

/// One `.eml` draft per person into the folder `out`; a job the window can follow and
/// cancel, like the letters.
#[allow(clippy::too_many_arguments)] // the command's arguments are the window's call
#[tauri::command]
pub async fn write_mail_drafts<R: Runtime>(
    app: AppHandle<R>,
    webview: Webview<R>,
    kind: LetterKind,
    status: Option<Status>,
    template: Option<String>,
    out: PathBuf,
    job: Option<String>,
    on_progress: Option<JavaScriptChannelId>,
) -> Result<MailDrafts, ExportError> {
    let watch = Watch::new(webview, job, on_progress);
    jobs::run(app, watch, move |k, job| {
        k.write_mail_drafts_with_job(kind, status, template.as_deref(), &out, job)
    })
    .await
}
