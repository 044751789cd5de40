//! The import, as both faces call it: read, map, plan against the database, and write the
//! plan in one transaction unless it is refused or only a preview.

use std::path::Path;
use std::sync::MutexGuard;

use crate::Kohorte;
use crate::error::Result;
use crate::import::{
    self, ColumnAssignment, ColumnMapping, ImportError, ImportOptions, ImportReport, Outcome, Plan,
};
use crate::job::Job;
use crate::review::local_user;

/// A preview's plan, kept so the commit that usually follows it does not read, map and
/// compare the file a second time. It is used only for the same file, mapping and merge
/// choice on a database nothing has been written to since.
#[derive(Debug)]
pub(crate) struct Preview {
    key: PreviewKey,
    /// The mapping the preview was asked for; `None` for the proposed one.
    requested: Option<ColumnMapping>,
    plan: Plan,
}

impl Preview {
    /// Whether a commit with `mapping` means this preview's mapping: the same request,
    /// or the mapping the preview showed, handed back unchanged (as the window does).
    fn same_mapping(&self, mapping: Option<&ColumnMapping>) -> bool {
        self.requested.as_ref() == mapping || mapping == Some(&self.plan.report.mapping)
    }
}

#[derive(Debug, PartialEq)]
struct PreviewKey {
    file_name: String,
    bytes: Vec<u8>,
    merge_duplicates: bool,
    database: crate::store::ChangeMarker,
}

#[cfg(test)]
thread_local! {
    /// Plans made from scratch on this thread, so tests can see the preview reused.
    static PLANS_MADE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl Kohorte {
    /// Header → field assignments learned from earlier imports.
    pub fn remembered_mapping(&self) -> Result<Vec<ColumnAssignment>> {
        self.store().remembered_mapping()
    }

    /// Previews or imports a form export. With `mapping` the columns are assigned as
    /// given (matched by header); without, as learned from earlier imports or guessed
    /// from the headers. The report's `outcome` says whether anything was written:
    /// a refused or dry-run import writes nothing, a committed one writes everything
    /// in one transaction and remembers the mapping.
    pub fn import(
        &self,
        file_name: &str,
        bytes: &[u8],
        mapping: Option<&ColumnMapping>,
        options: ImportOptions,
    ) -> Result<ImportReport> {
        self.import_with_job(file_name, bytes, mapping, options, &Job::NONE)
    }

    /// [`Kohorte::import`], reporting its steps to `job` (read and check, plan, write).
    /// Cancelled, it ends before the next step, or rolls the write back: nothing is kept.
    pub fn import_with_job(
        &self,
        file_name: &str,
        bytes: &[u8],
        mapping: Option<&ColumnMapping>,
        options: ImportOptions,
        job: &Job,
    ) -> Result<ImportReport> {
        const STEPS: usize = 3;
        job.step(0, STEPS)?;
        let mut store = self.store();
        let programme = store.programme()?;
        let key = PreviewKey {
            file_name: file_name.to_string(),
            bytes: bytes.to_vec(),
            merge_duplicates: options.merge_duplicates,
            database: store.change_marker()?,
        };
        let cached = self
            .last_preview()
            .take()
            .filter(|preview| preview.key == key && preview.same_mapping(mapping))
            .map(|preview| preview.plan.with_options(options));
        let mut plan = match cached {
            Some(plan) => plan,
            None => {
                #[cfg(test)]
                PLANS_MADE.with(|n| n.set(n.get() + 1));
                let remembered = store.remembered_mapping()?;
                let parsed = import::parse(bytes, mapping, &remembered)?;
                let existing = store.import_existing(programme.id)?;
                let municipalities = store.municipality_names()?;
                import::plan(
                    file_name,
                    parsed,
                    &existing,
                    &municipalities,
                    programme.application_deadline,
                    options,
                )
            }
        };
        let fellows: std::collections::HashSet<String> = store
            .fellow_names(programme.id)?
            .iter()
            .map(|(name, state)| crate::import::municipality_key(name, state))
            .collect();
        plan.note_fellow_claims(|key| fellows.contains(key));
        job.step(1, STEPS)?;
        match plan.report.outcome {
            Outcome::Committed => {
                let actor = local_user();
                let tracks = store.tracks(programme.id)?;
                self.backup_locked(&store, crate::backup::BackupReason::Import)?;
                store.allow_large_transactions()?;
                job.step(2, STEPS)?;
                plan.report.imported = store.write(|w| {
                    let created = w.execute_import(&programme, &tracks, &plan, &actor)?;
                    w.remember_mapping(&plan.report.mapping)?;
                    // The last chance to cancel: an error here rolls the whole import back.
                    job.step(STEPS, STEPS)?;
                    Ok(created)
                })?;
            }
            Outcome::Preview => {
                let report = plan.report.clone();
                *self.last_preview() = Some(Preview {
                    key,
                    requested: mapping.cloned(),
                    plan,
                });
                return Ok(report);
            }
            Outcome::Refused => {}
        }
        Ok(plan.report)
    }

    fn last_preview(&self) -> MutexGuard<'_, Option<Preview>> {
        // Only ever replaced whole, so a poisoned lock holds a complete value.
        self.last_preview.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// [`Kohorte::import`] of a file on disk.
    pub fn import_file(
        &self,
        path: &Path,
        mapping: Option<&ColumnMapping>,
        options: ImportOptions,
    ) -> Result<ImportReport> {
        self.import_file_with_job(path, mapping, options, &Job::NONE)
    }

    /// [`Kohorte::import_file`] with progress and cancel, as [`Kohorte::import_with_job`].
    pub fn import_file_with_job(
        &self,
        path: &Path,
        mapping: Option<&ColumnMapping>,
        options: ImportOptions,
        job: &Job,
    ) -> Result<ImportReport> {
        let failed = |e: std::io::Error| ImportError::File {
            path: path.display().to_string(),
            reason: e.to_string(),
        };
        // Refused by its size before a byte is read: a wrong 120 MB export never enters
        // memory.
        let size = std::fs::metadata(path).map_err(failed)?.len();
        crate::import::check_size(size)?;
        let bytes = std::fs::read(path).map_err(failed)?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.import_with_job(&name, &bytes, mapping, options, job)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPORT: &str = "Vorname;Nachname;E-Mail;Kommune;Bundesland;Art der Kommune;Lernpfad;Eingang\n\
                          Ada;Özdemir;ada@kiel.example;Stadt Kiel;SH;kreisfreie Stadt;Change;16.09.2025 09:41\n\
                          Ben;Groß;ben@kiel.example;Stadt Kiel;SH;kreisfreie Stadt;Führung;16.09.2025 10:12\n";

    fn plans_made() -> usize {
        PLANS_MADE.with(|n| n.get())
    }

    #[test]
    fn the_commit_reuses_the_preview_when_handed_its_mapping_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let k = Kohorte::open(&dir.path().join("k.sqlite")).expect("open");
        k.create_demo(false).expect("demo");
        let preview = ImportOptions {
            dry_run: true,
            ..Default::default()
        };
        let start = plans_made();
        let shown = k
            .import("f.csv", EXPORT.as_bytes(), None, preview)
            .expect("preview");
        assert_eq!(shown.new, 2);
        // The window sends the mapping it showed back with the commit.
        let done = k
            .import(
                "f.csv",
                EXPORT.as_bytes(),
                Some(&shown.mapping),
                ImportOptions::default(),
            )
            .expect("commit");
        assert_eq!(done.imported, 2);
        assert_eq!(plans_made() - start, 1, "the commit planned again");

        // A corrected mapping is planned afresh.
        let again = k
            .import("f.csv", EXPORT.as_bytes(), None, preview)
            .expect("preview");
        let mut corrected = again.mapping.clone();
        corrected.columns[5].field = None; // Art der Kommune: Kiel is known
        let before = plans_made();
        k.import(
            "f.csv",
            EXPORT.as_bytes(),
            Some(&corrected),
            ImportOptions::default(),
        )
        .expect("commit");
        assert_eq!(plans_made() - before, 1);
    }
}
