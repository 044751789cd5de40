//! The import, as both faces call it: read, map, plan against the database, and write the
//! plan in one transaction unless it is refused or only a preview.

use std::path::Path;

use crate::Kohorte;
use crate::error::Result;
use crate::import::{
    self, ColumnAssignment, ColumnMapping, ImportError, ImportOptions, ImportReport, Outcome,
};
use crate::review::local_user;

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
        let mut store = self.store();
        let programme = store.programme()?;
        let tracks = store.tracks(programme.id)?;
        let remembered = store.remembered_mapping()?;
        let parsed = import::parse(bytes, mapping, &remembered)?;
        let existing = store.import_existing(programme.id)?;
        let municipalities = store.municipality_names()?;
        let mut plan = import::plan(
            file_name,
            parsed,
            &existing,
            &municipalities,
            programme.application_deadline,
            options,
        );
        if plan.report.outcome == Outcome::Committed {
            let actor = local_user();
            store.allow_large_transactions()?;
            plan.report.imported = store.write(|w| {
                let created = w.execute_import(&programme, &tracks, &plan, &actor)?;
                w.remember_mapping(&plan.report.mapping)?;
                Ok(created)
            })?;
        }
        Ok(plan.report)
    }

    /// [`Kohorte::import`] of a file on disk.
    pub fn import_file(
        &self,
        path: &Path,
        mapping: Option<&ColumnMapping>,
        options: ImportOptions,
    ) -> Result<ImportReport> {
        let bytes = std::fs::read(path).map_err(|e| ImportError::File {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.import(&name, &bytes, mapping, options)
    }
}
