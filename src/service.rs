//! The facade both faces use: load from the store, call the pure parts, write back in one
//! transaction. Holds the store behind a mutex so the desktop shell can share it
//! between command threads.

mod attendance;
mod backup;
mod documents;
mod export;
mod import;
mod person;
mod programme;
mod review;
mod selection;
mod tandem;
mod waitlist;

pub use backup::{backups_of, restore_damaged};
pub use documents::{LetterOptions, LetterTemplate, WrittenFile};
pub use export::{ExportedFile, MailDrafts, MailTemplate};
pub use person::{Auskunft, RETENTION_MONTHS, Shred};
pub use programme::ModuleSaved;
pub use selection::Applied;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::Local;

use crate::balance::experience_band;
use crate::demo;
use crate::error::{Error, Result};
use crate::model::{ApplicationRow, Overview, Programme};
use crate::overview::overview;
use crate::store::Store;

pub struct Kohorte {
    path: PathBuf,
    store: Mutex<Store>,
    /// The last import preview, reused by the commit that usually follows it.
    last_preview: Mutex<Option<import::Preview>>,
    /// Held while a backup is written (see `Kohorte::backup_locked`).
    backups_writing: Mutex<()>,
    start_backup: backup::StartBackup,
}

impl Kohorte {
    /// Opens the database at `path`, creating and migrating it as needed.
    pub fn open(path: &Path) -> Result<Kohorte> {
        Ok(Kohorte {
            path: path.to_path_buf(),
            store: Mutex::new(Store::open(path)?),
            last_preview: Mutex::new(None),
            backups_writing: Mutex::new(()),
            start_backup: backup::StartBackup::default(),
        })
    }

    /// What opening the file did (created, an earlier version's file marked, migrated).
    pub fn opened(&self) -> crate::store::Opened {
        self.store().opened()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave SQLite half-written (transactions
        // roll back on drop), so a poisoned lock is safe to keep using.
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn has_programme(&self) -> Result<bool> {
        self.store().has_programme()
    }

    /// Writes the demo programme. Refuses a file that already holds data unless
    /// `replace` is set, in which case everything in it is replaced in one transaction.
    pub fn create_demo(&self, replace: bool) -> Result<Programme> {
        let mut store = self.store();
        if replace && store.has_programme()? {
            self.backup_locked(&store, crate::backup::BackupReason::Demo)?;
        }
        store.write(|w| {
            if !w.is_empty()? {
                if !replace {
                    return Err(Error::NotEmpty);
                }
                w.clear_all()?;
            }
            demo::create(w)
        })
    }

    pub fn programme(&self) -> Result<Programme> {
        self.store().programme()
    }

    /// The Übersicht figures, counted as of today.
    pub fn overview(&self) -> Result<Overview> {
        let store = self.store();
        let programme = store.programme()?;
        let tracks = store.tracks(programme.id)?;
        let rows = store.application_rows(&programme)?;
        let tandems = tandem::tandem_board(&store, &programme)?.counts;
        let modules = store.modules(programme.id)?;
        let fellows = store.fellow_count(programme.id)?;
        Ok(overview(
            &programme,
            &tracks,
            &rows,
            tandems,
            modules,
            fellows,
            Local::now().date_naive(),
        ))
    }

    /// A mark of the database's state: the same text means nothing was written since,
    /// so a face may keep what it read then (the Bewerbungen view keeps its rows).
    pub fn revision(&self) -> Result<String> {
        Ok(self.store().change_marker()?.to_string())
    }

    /// Every application with what the Bewerbungen table shows.
    pub fn applications(&self) -> Result<Vec<ApplicationRow>> {
        let store = self.store();
        let programme = store.programme()?;
        let bands = store.experience_bands(programme.id)?;
        let mut rows = store.application_rows(&programme)?;
        for row in &mut rows {
            row.experience_band = experience_band(row.experience_years, &bands);
        }
        Ok(rows)
    }
}
