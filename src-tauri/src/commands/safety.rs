//! Data safety (issue 12): backups in Einstellungen, and the screen the window shows
//! instead of the app when its database cannot be opened (damaged, another
//! application's file) with the restore of a good backup.

use std::sync::Mutex;

use kohorte::backup::{BackupInfo, BackupReason};
use kohorte::service::{Auskunft, Shred};
use kohorte::{Error, Kohorte};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};
use uuid::Uuid;

#[tauri::command(async)]
pub fn backups(k: State<'_, Kohorte>) -> Result<Vec<BackupInfo>, Error> {
    k.backups()
}

#[tauri::command(async)]
pub fn create_backup(k: State<'_, Kohorte>) -> Result<BackupInfo, Error> {
    k.create_backup(BackupReason::Manual)
}

/// Restores `path`; returns the backup the current content was kept in.
#[tauri::command(async)]
pub fn restore_backup(k: State<'_, Kohorte>, path: String) -> Result<BackupInfo, Error> {
    k.restore(std::path::Path::new(&path))
}

/// Why the database could not be opened at start, with its backups; the window shows
/// this instead of the views.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DatabaseProblem {
    pub database: String,
    pub code: String,
    pub message: String,
    /// Whether a backup may replace it (a damaged Kohorte file; never a foreign one).
    pub restorable: bool,
    pub backups: Vec<BackupInfo>,
}

/// The shell's state at start: the problem, while there is one.
#[derive(Default)]
pub struct Startup(pub Mutex<Option<DatabaseProblem>>);

impl DatabaseProblem {
    pub fn new(path: &std::path::Path, error: &Error) -> DatabaseProblem {
        DatabaseProblem {
            database: path.display().to_string(),
            code: error.code().to_string(),
            message: error.to_string(),
            restorable: matches!(error, Error::Damaged { .. }),
            backups: kohorte::service::backups_of(path)
                .unwrap_or_default()
                .into_iter()
                .filter(|b| b.problem.is_none())
                .collect(),
        }
    }
}

#[tauri::command(async)]
pub fn database_problem(startup: State<'_, Startup>) -> Option<DatabaseProblem> {
    startup.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

/// Replaces the damaged database with the backup `path` (the damaged file kept as an
/// unchanged copy), opens it and hands it to the views.
#[tauri::command(async)]
pub fn restore_damaged_database<R: Runtime>(
    app: AppHandle<R>,
    startup: State<'_, Startup>,
    path: String,
) -> Result<(), Error> {
    let mut problem = startup.0.lock().unwrap_or_else(|p| p.into_inner());
    let Some(current) = problem.as_ref() else {
        return Ok(());
    };
    let database = std::path::PathBuf::from(&current.database);
    kohorte::service::restore_damaged(&database, std::path::Path::new(&path))?;
    let kohorte = Kohorte::open(&database)?;
    app.manage(kohorte);
    *problem = None;
    Ok(())
}

/// Opens (or creates) the database at `path` instead of the one that could not be
/// opened, and hands it to the views; a file that is not Kohorte's is refused like at
/// start, unchanged.
#[tauri::command(async)]
pub fn open_database_file<R: Runtime>(
    app: AppHandle<R>,
    startup: State<'_, Startup>,
    path: String,
) -> Result<(), Error> {
    let mut problem = startup.0.lock().unwrap_or_else(|p| p.into_inner());
    if problem.is_none() {
        return Ok(());
    }
    let kohorte = crate::open_database(std::path::Path::new(&path), false)?;
    app.manage(kohorte);
    *problem = None;
    Ok(())
}

/// What deleting the person of application `id` would remove (for the confirmation).
#[tauri::command(async)]
pub fn person_preview(k: State<'_, Kohorte>, id: Uuid) -> Result<Shred, Error> {
    k.preview_person_deletion(id)
}

/// The Auskunft of the person of application `id`, as JSON and PDF into `folder`.
#[tauri::command(async)]
pub fn export_person(k: State<'_, Kohorte>, id: Uuid, folder: String) -> Result<Auskunft, Error> {
    k.write_person_export(id, std::path::Path::new(&folder))
}

#[tauri::command(async)]
pub fn delete_person(k: State<'_, Kohorte>, id: Uuid) -> Result<Shred, Error> {
    k.delete_person(id)
}

#[tauri::command(async)]
pub fn anonymise_person(k: State<'_, Kohorte>, id: Uuid) -> Result<Shred, Error> {
    k.anonymise_person(id)
}

/// Deletes the listed backups (those still holding a deleted person).
#[tauri::command(async)]
pub fn prune_backups(k: State<'_, Kohorte>, paths: Vec<String>) -> Result<usize, Error> {
    k.prune_backups(&paths)
}

/// Rejected and withdrawn applicants of programmes ended more than `months` ago.
#[tauri::command(async)]
pub fn retention(
    k: State<'_, Kohorte>,
    months: u32,
) -> Result<Vec<kohorte::store::RetentionCandidate>, Error> {
    k.retention(months)
}

/// Deletes the confirmed persons the retention still proposes.
#[tauri::command(async)]
pub fn apply_retention(
    k: State<'_, Kohorte>,
    months: u32,
    ids: Vec<Uuid>,
) -> Result<Vec<Shred>, Error> {
    k.apply_retention_to(months, &ids)
}
