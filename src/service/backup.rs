//! Backups, when and how: a checked copy in the folder beside the database before every
//! risky change (migration, import, selection, bulk status change, deletion, demo), on
//! start when the file changed since the newest one, and by hand; the rolling retention
//! after each; the list with what each holds; restore (the current file kept first).

use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard};

use sha2::{Digest, Sha256};

use super::Kohorte;
use crate::backup::{self, BackupInfo, BackupReason};
use crate::error::{Error, Result};
use crate::store::{self, Store};

impl Kohorte {
    /// The folder beside the database that holds its backups.
    pub fn backup_folder(&self) -> PathBuf {
        backup::folder(self.path())
    }

    /// A checked backup into the folder beside the database, then the retention.
    pub fn create_backup(&self, reason: BackupReason) -> Result<BackupInfo> {
        let store = self.store();
        self.backup_locked(&store, reason)
    }

    /// [`Kohorte::create_backup`] for a caller that already holds the store (so nothing
    /// can change between the copy and the change it protects against).
    pub(crate) fn backup_locked(&self, store: &Store, reason: BackupReason) -> Result<BackupInfo> {
        let _writing = self.backups_writing();
        let target = store::new_backup_path(self.path(), reason)?;
        let holds = store.backup_into(&target)?;
        prune(self.path())?;
        // Checked while it was made: checking it again took an import as long as the copy.
        Ok(described(&target, Ok(holds)))
    }

    /// A checked backup to a file of the user's choosing (`kohorte backup --out PATH`);
    /// refused if the file exists. Not counted by the retention.
    pub fn backup_to(&self, out: &Path) -> Result<BackupInfo> {
        let store = self.store();
        let _writing = self.backups_writing();
        let holds = store.backup_into(out)?;
        Ok(described(out, Ok(holds)))
    }

    /// Every backup in the folder beside the database, newest first, each checked.
    /// Waits for a start backup still being made, so the list is never without it.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        self.start_backup.wait();
        backups_of(self.path())
    }

    /// Says that [`Kohorte::backup_if_changed`] is about to run beside the window's first
    /// views: until it ends, [`Kohorte::backups`] waits for it.
    pub fn announce_start_backup(&self) {
        self.start_backup.begin();
    }

    /// On start: a backup if the file changed since the newest one (by content: a copy is
    /// made and compared with it), else nothing. It reads through a connection of its
    /// own, so the views need not wait for the copy (half a second for 10,000
    /// applications).
    pub fn backup_if_changed(&self) -> Result<Option<BackupInfo>> {
        let made = self.backup_if_changed_now();
        self.start_backup.finish();
        made
    }

    fn backup_if_changed_now(&self) -> Result<Option<BackupInfo>> {
        let _writing = self.backups_writing();
        let newest = backup_files(self.path())?.into_iter().next();
        let target = store::new_backup_path(self.path(), BackupReason::Start)?;
        let holds = store::backup_file(self.path(), &target)?;
        if let Some((newest, _)) = newest
            && digest(&newest).ok() == digest(&target).ok()
        {
            std::fs::remove_file(&target).map_err(|e| Error::Backup {
                path: target.display().to_string(),
                reason: e.to_string(),
            })?;
            return Ok(None);
        }
        prune(self.path())?;
        Ok(Some(described(&target, Ok(holds))))
    }

    /// Held while a backup is written and the retention applied: the start backup runs
    /// beside the other changes, and two prunes at once would remove the same file.
    fn backups_writing(&self) -> MutexGuard<'_, ()> {
        self.backups_writing
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// Replaces the database's content with the backup at `from` (checked first); the
    /// current content is kept as a backup before. Returns that backup.
    pub fn restore(&self, from: &Path) -> Result<BackupInfo> {
        store::check_backup(from)?;
        let mut store = self.store();
        let kept = self.backup_locked(&store, BackupReason::Restore)?;
        store.restore_from(from)?;
        *self.last_preview.lock().unwrap_or_else(|p| p.into_inner()) = None;
        Ok(kept)
    }
}

/// The backups of the database at `db`, newest first, each opened and checked; a
/// backup that fails the check is listed with its problem. Works without opening `db`
/// (the window lists them when the database itself is damaged).
pub fn backups_of(db: &Path) -> Result<Vec<BackupInfo>> {
    Ok(backup_files(db)?
        .into_iter()
        .map(|(path, _)| describe(&path))
        .collect())
}

/// Restores the backup `from` over a damaged database file `db`, which cannot be opened
/// and so cannot be restored into: the damaged file is kept, unchanged, as a copy in
/// the backup folder first. Only a file that is SQLite and not another application's is
/// replaced (a damaged Kohorte file); anything else is refused and left alone.
pub fn restore_damaged(db: &Path, from: &Path) -> Result<PathBuf> {
    store::check_backup(from)?;
    match crate::store::guard::inspect(db) {
        Err(Error::Damaged { .. }) => {}
        Err(other) => return Err(other),
        Ok(_) => {
            return Err(Error::Backup {
                path: db.display().to_string(),
                reason: "die Datenbank ist nicht beschädigt; bitte in Kohorte wiederherstellen"
                    .into(),
            });
        }
    }
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |e: std::io::Error| Error::Backup {
            path,
            reason: e.to_string(),
        }
    };
    let kept = store::new_backup_path(db, BackupReason::Damaged)?;
    std::fs::copy(db, &kept).map_err(io(&kept))?;
    crate::store::guard::make_private(&kept)?;
    for suffix in ["-wal", "-shm"] {
        let mut side = db.as_os_str().to_owned();
        side.push(suffix);
        let side = PathBuf::from(side);
        if side.exists() {
            let mut copy = kept.as_os_str().to_owned();
            copy.push(suffix);
            std::fs::rename(&side, PathBuf::from(copy)).map_err(io(&side))?;
        }
    }
    // Copied beside the target, then renamed over it: never half a file.
    let dir = db.parent().unwrap_or(Path::new("."));
    let temp = tempfile::NamedTempFile::new_in(dir).map_err(io(dir))?;
    std::fs::copy(from, temp.path()).map_err(io(temp.path()))?;
    temp.persist(db).map_err(|e| io(db)(e.error))?;
    crate::store::guard::make_private(db)?;
    Ok(kept)
}

/// The backup files beside `db` (by name), newest first.
fn backup_files(db: &Path) -> Result<Vec<(PathBuf, chrono::NaiveDateTime)>> {
    let dir = backup::folder(db);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Error::Backup {
                path: dir.display().to_string(),
                reason: e.to_string(),
            });
        }
    };
    let mut files: Vec<(PathBuf, chrono::NaiveDateTime)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let (at, _) = backup::parse_name(&name)?;
            Some((e.path(), at))
        })
        .collect();
    files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
    Ok(files)
}

/// Removes the backups the rolling retention no longer keeps. A damaged file's copy is
/// never removed by it.
fn prune(db: &Path) -> Result<()> {
    let files: Vec<(String, chrono::NaiveDateTime)> = backup_files(db)?
        .into_iter()
        .filter_map(|(path, at)| {
            let name = path.file_name()?.to_string_lossy().into_owned();
            match backup::parse_name(&name) {
                Some((_, BackupReason::Damaged)) => None,
                _ => Some((name, at)),
            }
        })
        .collect();
    let dir = backup::folder(db);
    for name in backup::to_prune(&files, chrono::Local::now().naive_local()) {
        let path = dir.join(&name);
        std::fs::remove_file(&path).map_err(|e| Error::Backup {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
    }
    Ok(())
}

/// The list entry of the backup at `path`: its name's time and reason, what it holds.
pub(crate) fn describe(path: &Path) -> BackupInfo {
    described(path, store::check_backup(path))
}

/// The backup at `path` as listed, with what checking it found.
fn described(path: &Path, checked: Result<store::Holds>) -> BackupInfo {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (created_at, reason) = backup::parse_name(&file_name).unwrap_or_else(|| {
        let modified = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .map(|t| chrono::DateTime::<chrono::Local>::from(t).naive_local())
            .unwrap_or_default();
        (modified, BackupReason::Manual)
    });
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    BackupInfo {
        path: path.display().to_string(),
        file_name,
        created_at,
        reason,
        reason_label: reason.label().to_string(),
        bytes,
        programmes: checked.as_ref().ok().map(|h| h.programmes),
        applications: checked.as_ref().ok().map(|h| h.applications),
        problem: checked.err().map(|e| e.to_string()),
    }
}

/// Whether the start backup is still being made.
#[derive(Debug, Default)]
pub(crate) struct StartBackup {
    running: Mutex<bool>,
    finished: Condvar,
}

impl StartBackup {
    fn running(&self) -> MutexGuard<'_, bool> {
        self.running.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn begin(&self) {
        *self.running() = true;
    }

    fn finish(&self) {
        *self.running() = false;
        self.finished.notify_all();
    }

    /// Until the start backup ended; at most a minute, so a stuck copy cannot keep the
    /// list away for good.
    fn wait(&self) {
        let running = self.running();
        let _ended = self
            .finished
            .wait_timeout_while(running, std::time::Duration::from_secs(60), |r| *r)
            .unwrap_or_else(|p| p.into_inner());
    }
}

fn digest(path: &Path) -> std::io::Result<Vec<u8>> {
    Ok(Sha256::digest(std::fs::read(path)?).to_vec())
}
