//! Reads and writes of the review: statuses, scores, notes, change batches, history.

use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::read::name_at;
use super::{Store, Writer};
use crate::audit::{AuditField, BatchKind};
use crate::error::{Error, Result};
use crate::model::Status;
use crate::review::{AuditEntry, ReviewError};

/// One audit entry of a batch: (application, old status key, new status key).
pub type BatchEntry = (Uuid, Option<String>, Option<String>);

/// What [`Writer::undo_batch`] reverted: the batch of its own entries, and per
/// application the status it had and the one it is back to.
#[derive(Debug)]
pub struct Undone {
    pub batch_id: Uuid,
    pub reverted: Vec<(Uuid, Status, Status)>,
}

impl Store {
    /// The status of every application of a programme.
    pub fn statuses(&self, programme_id: Uuid) -> Result<std::collections::HashMap<Uuid, Status>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, status FROM application WHERE programme_id = ?1")?;
        let rows = stmt.query_map([programme_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The reviewer's notes of one application; `None` when it does not exist.
    pub fn reviewer_notes(&self, application_id: Uuid) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT reviewer_notes FROM application WHERE id = ?1",
                [application_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The history of one application (and of its tandem pairings), oldest first.
    pub fn history(&self, application_id: Uuid) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, at, actor, entity, entity_id, field, old_value, new_value
             FROM audit_entry WHERE entity_id = ?1 ORDER BY at, rowid",
        )?;
        let rows = stmt.query_map([application_id], |r| {
            let field: String = r.get(5)?;
            let known = AuditField::from_key(&field);
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                entity: r.get(3)?,
                entity_id: r.get(4)?,
                label: known.label(),
                old_value: known.value(r.get(6)?),
                new_value: known.value(r.get(7)?),
                field,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Writer<'_> {
    /// Status and display name of an application, if it exists.
    pub fn status_of(&self, application_id: Uuid) -> Result<Option<(Status, String)>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT a.status, p.title, p.first_name, p.last_name
                 FROM application a JOIN person p ON p.id = a.person_id WHERE a.id = ?1",
            )?
            .query_row([application_id], |r| Ok((r.get(0)?, name_at(r, 1)?)))
            .optional()?)
    }

    pub fn update_status(&self, application_id: Uuid, status: Status) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE application SET status = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(params![application_id, status, self.now])?;
        Ok(())
    }

    pub fn score_and_notes(&self, application_id: Uuid) -> Result<Option<(Option<u8>, String)>> {
        Ok(self
            .tx
            .query_row(
                "SELECT score, reviewer_notes FROM application WHERE id = ?1",
                [application_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    pub fn update_score(&self, application_id: Uuid, score: Option<u8>) -> Result<()> {
        self.tx.execute(
            "UPDATE application SET score = ?2, updated_at = ?3 WHERE id = ?1",
            params![application_id, score, self.now],
        )?;
        Ok(())
    }

    pub fn update_notes(&self, application_id: Uuid, notes: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE application SET reviewer_notes = ?2, updated_at = ?3 WHERE id = ?1",
            params![application_id, notes, self.now],
        )?;
        Ok(())
    }

    /// Opens a batch of changes to one programme's applications; undo works per
    /// programme, so a batch never reaches into another one.
    pub fn open_batch(&self, programme_id: Uuid, kind: BatchKind, actor: &str) -> Result<Uuid> {
        let id = Uuid::now_v7();
        self.tx.execute(
            "INSERT INTO change_batch (id, at, actor, kind, programme_id)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, self.now, actor, kind.key(), programme_id],
        )?;
        Ok(id)
    }

    pub fn add_to_batch(&self, batch_id: Uuid, audit_entry_id: Uuid) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO change_batch_entry (batch_id, audit_entry_id) VALUES (?1, ?2)",
            )?
            .execute(params![batch_id, audit_entry_id])?;
        Ok(())
    }

    /// The newest batch of `kind` in the programme not yet undone.
    pub(crate) fn newest_open_batch(
        &self,
        programme_id: Uuid,
        kind: BatchKind,
    ) -> Result<Option<Uuid>> {
        Ok(self
            .tx
            .query_row(
                "SELECT id FROM change_batch
                 WHERE kind = ?1 AND programme_id = ?2 AND undone_at IS NULL
                 ORDER BY at DESC, rowid DESC LIMIT 1",
                params![kind.key(), programme_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The newest batch of `kind` not yet undone, with its status entries.
    pub fn last_open_batch(
        &self,
        programme_id: Uuid,
        kind: BatchKind,
    ) -> Result<Option<(Uuid, Vec<BatchEntry>)>> {
        let Some(batch) = self.newest_open_batch(programme_id, kind)? else {
            return Ok(None);
        };
        let mut stmt = self.tx.prepare(
            "SELECT e.entity_id, e.old_value, e.new_value
             FROM change_batch_entry b JOIN audit_entry e ON e.id = b.audit_entry_id
             WHERE b.batch_id = ?1 AND e.field = ?2 ORDER BY e.rowid",
        )?;
        let entries = stmt
            .query_map(params![batch, AuditField::Status.key()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<rusqlite::Result<Vec<BatchEntry>>>()?;
        Ok(Some((batch, entries)))
    }

    /// Undoes the newest batch of `kind` not yet undone: every application goes back to
    /// its old status, each audited, and the reverting entries form a batch of kind
    /// "undo". `None` when there is nothing to undo. Fails, and the caller's transaction
    /// rolls back, when an application has been changed since.
    pub fn undo_batch(
        &self,
        programme_id: Uuid,
        kind: BatchKind,
        actor: &str,
    ) -> Result<Option<Undone>> {
        let Some((batch, entries)) = self.last_open_batch(programme_id, kind)? else {
            return Ok(None);
        };
        let undo = self.open_batch(programme_id, BatchKind::Undo, actor)?;
        let mut reverted = Vec::new();
        for (id, old, new) in entries {
            let parse = |key: Option<String>| {
                key.as_deref()
                    .and_then(Status::from_key)
                    .ok_or_else(|| Error::CorruptValue {
                        table: "audit_entry",
                        column: "old_value",
                        value: key.unwrap_or_default(),
                    })
            };
            let (old, new) = (parse(old)?, parse(new)?);
            // An application deleted since has nothing left to restore.
            let Some((now, name)) = self.status_of(id)? else {
                continue;
            };
            if now != new {
                return Err(ReviewError::UndoConflict { name, now }.into());
            }
            self.update_status(id, old)?;
            let entry = self.audit(
                actor,
                "application",
                id,
                &AuditField::Status,
                Some(new.key()),
                Some(old.key()),
            )?;
            self.add_to_batch(undo, entry)?;
            reverted.push((id, new, old));
        }
        self.mark_undone(batch)?;
        Ok(Some(Undone {
            batch_id: undo,
            reverted,
        }))
    }

    pub fn mark_undone(&self, batch_id: Uuid) -> Result<()> {
        self.tx.execute(
            "UPDATE change_batch SET undone_at = ?2 WHERE id = ?1",
            params![batch_id, self.now],
        )?;
        Ok(())
    }
}

impl Writer<'_> {
    /// Whether another application of the programme already uses this e-mail (any case).
    pub fn email_taken(
        &self,
        programme_id: Uuid,
        email: &str,
        except: Option<Uuid>,
    ) -> Result<bool> {
        let count: i64 = self.tx.query_row(
            "SELECT count(*) FROM application a JOIN person p ON p.id = a.person_id
             WHERE a.programme_id = ?1 AND lower(p.email) = lower(?2)
               AND (?3 IS NULL OR a.id <> ?3)",
            params![programme_id, email.trim(), except],
            |r| r.get(0),
        )?;
        Ok(count > 0)
    }
}
