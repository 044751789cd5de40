//! Reads and writes of the balance report and the selection assistant: the pool of
//! candidates, quotas, locks, and applied proposals with their audit trail.

use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::Store;
use super::read::name_at;
use crate::audit::{AuditField, BatchKind};
use crate::balance::{Candidate, ExperienceBand, Lock, Pool, Quota, TandemLink};
use crate::error::Result;
use crate::model::{Programme, TrackRole};
use crate::selection::{SelectionError, StatusChange};

impl Store {
    pub fn experience_bands(&self, programme_id: Uuid) -> Result<Vec<ExperienceBand>> {
        let mut stmt = self.conn().prepare(
            "SELECT label, min_years, max_years FROM experience_band
             WHERE programme_id = ?1 ORDER BY position, min_years",
        )?;
        let rows = stmt.query_map([programme_id], |r| {
            Ok(ExperienceBand {
                label: r.get(0)?,
                min_years: r.get(1)?,
                max_years: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Quotas in the order they were imported: per scope, then by position.
    pub fn quotas(&self, programme_id: Uuid) -> Result<Vec<Quota>> {
        let mut stmt = self.conn().prepare(
            "SELECT track_role, dimension, value, min_count, max_count, min_flex, max_flex
             FROM quota WHERE programme_id = ?1
             ORDER BY CASE track_role WHEN 'fuehrung' THEN 0 WHEN 'change' THEN 1 ELSE 2 END,
                      position",
        )?;
        let rows = stmt.query_map([programme_id], |r| {
            Ok(Quota {
                track: r.get(0)?,
                dimension: r.get(1)?,
                value: r.get(2)?,
                min: r.get(3)?,
                max: r.get(4)?,
                min_flex: r.get(5)?,
                max_flex: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Replaces every quota of one scope (a track, or both together) in one
    /// transaction, recording the old and the new set in the audit trail.
    pub fn replace_quotas(
        &mut self,
        programme_id: Uuid,
        scope: Option<TrackRole>,
        quotas: &[Quota],
        actor: &str,
    ) -> Result<()> {
        let old: Vec<Quota> = self
            .quotas(programme_id)?
            .into_iter()
            .filter(|q| q.track == scope)
            .collect();
        self.write(|w| {
            w.tx.execute(
                "DELETE FROM quota WHERE programme_id = ?1 AND track_role IS ?2",
                params![programme_id, scope],
            )?;
            for (position, q) in quotas.iter().enumerate() {
                w.tx.execute(
                    "INSERT INTO quota (id, programme_id, track_role, dimension, value, min_count,
                     max_count, min_flex, max_flex, position)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    params![
                        Uuid::now_v7(),
                        programme_id,
                        scope,
                        q.dimension,
                        q.value,
                        q.min,
                        q.max,
                        q.min_flex,
                        q.max_flex,
                        position as i64
                    ],
                )?;
            }
            let json = |q: &[Quota]| serde_json::to_string(q).unwrap_or_default();
            w.audit(
                actor,
                "programme",
                programme_id,
                &AuditField::Quotas(scope),
                Some(&json(&old)),
                Some(&json(quotas)),
            )?;
            Ok(())
        })
    }

    /// Locks an application in or out of the cohort, or clears the lock.
    pub fn set_lock(
        &mut self,
        application_id: Uuid,
        lock: Option<Lock>,
        actor: &str,
    ) -> Result<()> {
        self.write(|w| {
        let old: Option<Lock> = w.tx
            .query_row(
                "SELECT lock FROM selection_lock WHERE application_id = ?1",
                [application_id],
                |r| r.get(0),
            )
            .optional()?;
        match lock {
            Some(lock) => w.tx.execute(
                "INSERT INTO selection_lock (application_id, lock, at, actor) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (application_id) DO UPDATE SET lock = ?2, at = ?3, actor = ?4",
                params![application_id, lock, w.now, actor],
            )?,
            None => w.tx.execute(
                "DELETE FROM selection_lock WHERE application_id = ?1",
                [application_id],
            )?,
        };
        w.audit(
            actor,
            "application",
            application_id,
            &AuditField::Lock,
            old.map(Lock::key),
            lock.map(Lock::key),
        )?;
        Ok(())
        })
    }

    /// Everything the balance report and the assistant need, with `late` derived from
    /// the deadline and regions as configured in `federal_state`. Holds the stored
    /// tandems only; the service adds those named in the form and the suggestions.
    pub fn pool(&self, programme: &Programme, today: chrono::NaiveDate) -> Result<Pool> {
        let mut stmt = self.conn().prepare(
            "SELECT a.id, p.title, p.first_name, p.last_name, t.role, a.status, a.received_at,
                    a.score, m.id, m.name, m.kind, m.state_code, s.region, a.experience_years,
                    p.gender,
                    EXISTS (SELECT 1 FROM programme_fellow f
                            WHERE f.programme_id = a.programme_id AND f.municipality_id = m.id),
                    d.leader_application_id, d.planner_application_id, d.confirmed, l.lock
             FROM application a
             JOIN person p ON p.id = a.person_id
             JOIN municipality m ON m.id = p.municipality_id
             JOIN federal_state s ON s.code = m.state_code
             JOIN track t ON t.id = a.track_id
             LEFT JOIN tandem d
                    ON d.leader_application_id = a.id OR d.planner_application_id = a.id
             LEFT JOIN selection_lock l ON l.application_id = a.id
             WHERE a.programme_id = ?1
             ORDER BY a.received_at, a.id",
        )?;
        let deadline = programme.application_deadline;
        let rows = stmt.query_map([programme.id], |r| {
            let id: Uuid = r.get(0)?;
            let received_at: chrono::NaiveDateTime = r.get(6)?;
            let leader: Option<Uuid> = r.get(16)?;
            let planner: Option<Uuid> = r.get(17)?;
            let confirmed: Option<bool> = r.get(18)?;
            Ok(Candidate {
                id,
                name: name_at(r, 1)?,
                track: r.get(4)?,
                status: r.get(5)?,
                received_at,
                late: received_at.date() > deadline,
                score: r.get(7)?,
                municipality_id: r.get(8)?,
                municipality: r.get(9)?,
                kind: r.get(10)?,
                state: r.get(11)?,
                region: r.get(12)?,
                experience_years: r.get(13)?,
                gender: r.get(14)?,
                fellow: r.get(15)?,
                tandem: match (leader, planner, confirmed) {
                    (Some(l), Some(p), Some(confirmed)) => Some(TandemLink {
                        partner_id: if l == id { p } else { l },
                        confirmed,
                    }),
                    _ => None,
                },
                lock: r.get(19)?,
            })
        })?;
        let candidates = rows.collect::<rusqlite::Result<_>>()?;
        Ok(Pool {
            tracks: self.tracks(programme.id)?,
            bands: self.experience_bands(programme.id)?,
            candidates,
            quotas: self.quotas(programme.id)?,
            deadline_passed: today > deadline,
            suggested_tandems: Vec::new(),
        })
    }

    /// Applies a proposal's status changes in one transaction: each status guarded by
    /// the one the proposal expects, one audit entry per change, all in a change batch
    /// of kind [`BatchKind::Selection`] that undo reverts as a whole. Returns the batch.
    pub fn apply_selection(
        &mut self,
        programme_id: Uuid,
        changes: &[StatusChange],
        actor: &str,
    ) -> Result<Uuid> {
        self.write(|w| {
            let batch = w.open_batch(programme_id, BatchKind::Selection, actor)?;
            for c in changes {
                let updated = w
                    .tx
                    .prepare_cached(
                        "UPDATE application SET status = ?1, updated_at = ?2
                         WHERE id = ?3 AND status = ?4",
                    )?
                    .execute(params![c.to, w.now, c.application_id, c.from])?;
                if updated != 1 {
                    return Err(SelectionError::Stale.into());
                }
                let entry = w.audit(
                    actor,
                    "application",
                    c.application_id,
                    &AuditField::Status,
                    Some(c.from.key()),
                    Some(c.to.key()),
                )?;
                w.add_to_batch(batch, entry)?;
            }
            Ok(batch)
        })
    }
}
