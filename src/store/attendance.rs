//! Reads and writes of attendance: one row per application, module and day.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::{Store, Writer};
use crate::error::Result;

impl Store {
    /// The recorded days of one module: (application, day) → present.
    pub fn attendance(&self, module_id: Uuid) -> Result<HashMap<(Uuid, u8), bool>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT application_id, day, present FROM attendance WHERE module_id = ?1")?;
        let rows = stmt.query_map([module_id], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Writer<'_> {
    /// The recorded flag of one module day; `None` when nothing is recorded yet.
    pub fn presence(&self, application_id: Uuid, module_id: Uuid, day: u8) -> Result<Option<bool>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT present FROM attendance
                 WHERE application_id = ?1 AND module_id = ?2 AND day = ?3",
            )?
            .query_row(params![application_id, module_id, day], |r| r.get(0))
            .optional()?)
    }

    /// Records whether the person was present on one module day (replacing any earlier
    /// record of that day).
    pub fn set_presence(
        &self,
        application_id: Uuid,
        module_id: Uuid,
        day: u8,
        present: bool,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO attendance (application_id, module_id, day, present)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (application_id, module_id, day) DO UPDATE SET present = ?4",
            )?
            .execute(params![application_id, module_id, day, present])?;
        Ok(())
    }
}
