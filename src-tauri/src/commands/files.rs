//! The system's file dialogs and viewer: choose a file to read, a place to save, a folder;
//! open a written document. The dialogs run here, in Rust, so the web UI needs no
//! plugin permission at all: it can ask for a path, and everything it reads or writes
//! still goes through the core's commands.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize, Serializer};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

/// What a chosen file is for: decides the title and the file-type filter.
#[derive(Debug, Clone, Copy, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FilePurpose {
    /// The application form's export to import (CSV or Excel).
    FormExport,
    /// Quotas as a categories CSV.
    Quotas,
    /// A PDF to write.
    Pdf,
    /// A letterhead logo or signature (PNG, JPEG).
    Image,
    /// A list of fellow municipalities (CSV or Excel).
    FellowList,
    /// An attendee list as CSV.
    Csv,
    /// An attendee list as Excel workbook.
    Xlsx,
    /// Module dates as iCalendar.
    Calendar,
    /// A Kohorte database to open instead of one that cannot be opened, or to create.
    Database,
}

impl FilePurpose {
    fn title(self, saving: bool) -> &'static str {
        match (self, saving) {
            (FilePurpose::FormExport, _) => "Formular-Export auswählen",
            (FilePurpose::Quotas, false) => "Quoten-Datei auswählen",
            (FilePurpose::Quotas, true) => "Quoten speichern unter",
            (FilePurpose::Pdf, _) => "PDF speichern unter",
            (FilePurpose::Image, _) => "Bild auswählen",
            (FilePurpose::FellowList, _) => "Liste der Fellow-Kommunen auswählen",
            (FilePurpose::Csv, _) => "CSV-Liste speichern unter",
            (FilePurpose::Xlsx, _) => "Excel-Liste speichern unter",
            (FilePurpose::Calendar, _) => "Kalender speichern unter",
            (FilePurpose::Database, false) => "Kohorte-Datenbank öffnen",
            (FilePurpose::Database, true) => "Neue Kohorte-Datenbank anlegen",
        }
    }

    fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            FilePurpose::FormExport => ("Formular-Export (CSV, Excel)", &["csv", "txt", "xlsx"]),
            FilePurpose::Quotas => ("Quoten (CSV)", &["csv"]),
            FilePurpose::Pdf => ("PDF-Dokument", &["pdf"]),
            FilePurpose::Image => ("Bild (PNG, JPEG)", &["png", "jpg", "jpeg"]),
            FilePurpose::FellowList => ("Liste (CSV, Excel)", &["csv", "txt", "xlsx"]),
            FilePurpose::Csv => ("CSV-Datei", &["csv"]),
            FilePurpose::Xlsx => ("Excel-Arbeitsmappe", &["xlsx"]),
            FilePurpose::Calendar => ("iCalendar-Datei", &["ics"]),
            FilePurpose::Database => ("Kohorte-Datenbank", &["sqlite", "db"]),
        }
    }
}

/// Why a file could not be shown; crosses to the UI as `{code, message}` like the
/// core's errors.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("„{0}“ gibt es nicht (mehr).")]
    Missing(String),
    #[error(
        "„{0}“ ist kein von Kohorte geschriebenes Dokument (PDF, CSV, Excel, Kalender oder E-Mail)."
    )]
    NotADocument(String),
    #[error("„{path}“ konnte nicht geöffnet werden: {reason}")]
    Viewer { path: String, reason: String },
}

impl FileError {
    pub fn code(&self) -> &'static str {
        match self {
            FileError::Missing(_) => "files.missing",
            FileError::NotADocument(_) => "files.not_a_document",
            FileError::Viewer { .. } => "files.viewer",
        }
    }
}

impl Serialize for FileError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        kohorte::coded::serialize_coded(serializer, self.code(), &self.to_string())
    }
}

fn dialog<R: Runtime>(app: &AppHandle<R>, title: &str) -> FileDialogBuilder<R> {
    let mut builder = app.dialog().file().set_title(title);
    // Modal over the main window, so it cannot get lost behind it.
    if let Some(window) = app.get_webview_window("main") {
        builder = builder.set_parent(&window);
    }
    builder
}

fn chosen(path: Option<tauri_plugin_dialog::FilePath>) -> Option<String> {
    path.and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
}

// The dialog commands are async: a blocking dialog must not run on the main thread,
// where synchronous commands run and the dialog's own event loop lives.

/// A file to read; `None` when the coordinator cancels.
#[tauri::command]
pub async fn choose_file<R: Runtime>(app: AppHandle<R>, purpose: FilePurpose) -> Option<String> {
    let (name, extensions) = purpose.filter();
    chosen(
        dialog(&app, purpose.title(false))
            .add_filter(name, extensions)
            .blocking_pick_file(),
    )
}

/// Where to save, starting from `suggested` (a path or a file name); `None` when
/// cancelled.
#[tauri::command]
pub async fn choose_save_path<R: Runtime>(
    app: AppHandle<R>,
    purpose: FilePurpose,
    suggested: String,
) -> Option<String> {
    let (name, extensions) = purpose.filter();
    let mut builder = dialog(&app, purpose.title(true)).add_filter(name, extensions);
    let suggested = PathBuf::from(suggested);
    if let Some(dir) = suggested.parent().filter(|d| d.is_dir()) {
        builder = builder.set_directory(dir);
    }
    if let Some(file) = suggested.file_name() {
        builder = builder.set_file_name(file.to_string_lossy());
    }
    chosen(builder.blocking_save_file())
}

/// A folder, for one file per person; `None` when cancelled.
#[tauri::command]
pub async fn choose_folder<R: Runtime>(app: AppHandle<R>) -> Option<String> {
    chosen(dialog(&app, "Ordner für die Dokumente wählen").blocking_pick_folder())
}

/// Opens a written document in the system's viewer, or a folder of them in the file
/// manager. Only documents of the kinds Kohorte writes: the UI must not become a way
/// to launch arbitrary files.
#[tauri::command(async)]
pub fn open_path(path: String) -> Result<(), FileError> {
    let target = Path::new(&path);
    check_openable(target)?;
    open::that_detached(target).map_err(|e| FileError::Viewer {
        path: path.clone(),
        reason: e.to_string(),
    })
}

/// What Kohorte writes: letters and lists, exports, calendars and e-mail drafts.
const DOCUMENT_EXTENSIONS: [&str; 5] = ["pdf", "csv", "xlsx", "ics", "eml"];

fn check_openable(path: &Path) -> Result<(), FileError> {
    let shown = || path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(|_| FileError::Missing(shown()))?;
    if metadata.is_dir() {
        return Ok(());
    }
    let document = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
    if metadata.is_file() && document {
        Ok(())
    } else {
        Err(FileError::NotADocument(shown()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_documents_and_folders_may_be_opened() {
        let dir = tempfile::tempdir().expect("temp dir");
        let pdf = dir.path().join("Zusage_Müller_Anna.PDF");
        let script = dir.path().join("run.sh");
        std::fs::write(&pdf, b"%PDF-1.7").expect("write");
        std::fs::write(&script, b"#!/bin/sh").expect("write");
        assert!(check_openable(&pdf).is_ok());
        assert!(check_openable(dir.path()).is_ok());
        assert!(matches!(
            check_openable(&script),
            Err(FileError::NotADocument(_))
        ));
        assert!(matches!(
            check_openable(&dir.path().join("gone.pdf")),
            Err(FileError::Missing(_))
        ));
    }
}
