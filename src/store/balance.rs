//! Reads and writes of the balance report and the selection assistant: the pool of
//! candidates, quotas, locks, and applied proposals with their audit trail.

use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::Store;
use super::read::name_at;
use crate::audit::{AuditField, BatchKind};
use crate::balance::{Candidate, Dimension, ExperienceBand, Lock, Pool, Quota, TandemLink};
use crate::error::{Error, Result};
use crate::model::{MunicipalityKind, Programme, Status, TrackRole};
use crate::reference::Region;
use crate::selection::{SelectionError, StatusChange};

fn corrupt(table: &'static str, column: &'static str, value: String) -> Error {
    Error::CorruptValue {
        table,
        column,
        value,
    }
}

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
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, String>(1)?,
                Quota {
                    track: None,
                    dimension: Dimension::State,
                    value: r.get(2)?,
                    min: r.get(3)?,
                    max: r.get(4)?,
                    min_flex: r.get(5)?,
                    max_flex: r.get(6)?,
                },
            ))
        })?;
        rows.map(|row| {
            let (track, dimension, mut quota) = row?;
            quota.track = match track {
                None => None,
                Some(t) => {
                    Some(TrackRole::from_key(&t).ok_or_else(|| corrupt("quota", "track_role", t))?)
                }
            };
            quota.dimension = Dimension::from_key(&dimension)
                .ok_or_else(|| corrupt("quota", "dimension", dimension))?;
            Ok(quota)
        })
        .collect()
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
        let scope_key = scope.map(TrackRole::key);
        self.write(|w| {
            w.tx.execute(
                "DELETE FROM quota WHERE programme_id = ?1 AND track_role IS ?2",
                params![programme_id, scope_key],
            )?;
            for (position, q) in quotas.iter().enumerate() {
                w.tx.execute(
                    "INSERT INTO quota (id, programme_id, track_role, dimension, value, min_count,
                     max_count, min_flex, max_flex, position)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    params![
                        Uuid::now_v7(),
                        programme_id,
                        scope_key,
                        q.dimension.key(),
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
        let old: Option<String> = w.tx
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
                params![application_id, lock.key(), w.now, actor],
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
            old.as_deref(),
            lock.map(Lock::key),
        )?;
        Ok(())
        })
    }

    /// Everything the balance report and the assistant need, with `late` derived from
    /// the deadline and regions as configured in `federal_state`.
    pub fn pool(&self, programme: &Programme) -> Result<Pool> {
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
        struct Raw {
            candidate: Candidate,
            role: String,
            status: String,
            kind: String,
            region: String,
            tandem: Option<(Uuid, Uuid, bool)>,
            lock: Option<String>,
        }
        let rows = stmt.query_map([programme.id], |r| {
            let leader: Option<Uuid> = r.get(16)?;
            let planner: Option<Uuid> = r.get(17)?;
            let confirmed: Option<bool> = r.get(18)?;
            Ok(Raw {
                candidate: Candidate {
                    id: r.get(0)?,
                    name: name_at(r, 1)?,
                    track: TrackRole::Fuehrung,
                    status: Status::Eingegangen,
                    received_at: r.get(6)?,
                    late: false,
                    score: r.get(7)?,
                    municipality_id: r.get(8)?,
                    municipality: r.get(9)?,
                    kind: MunicipalityKind::Landkreis,
                    state: r.get(11)?,
                    region: Region::Nord,
                    experience_years: r.get(13)?,
                    gender: r.get(14)?,
                    fellow: r.get(15)?,
                    tandem: None,
                    lock: None,
                },
                role: r.get(4)?,
                status: r.get(5)?,
                kind: r.get(10)?,
                region: r.get(12)?,
                tandem: match (leader, planner, confirmed) {
                    (Some(l), Some(p), Some(c)) => Some((l, p, c)),
                    _ => None,
                },
                lock: r.get(19)?,
            })
        })?;
        let mut candidates = Vec::new();
        for row in rows {
            let raw = row?;
            let mut c = raw.candidate;
            c.track = TrackRole::from_key(&raw.role)
                .ok_or_else(|| corrupt("track", "role", raw.role.clone()))?;
            c.status = Status::parse(&raw.status)
                .ok_or_else(|| corrupt("application", "status", raw.status.clone()))?;
            c.kind = MunicipalityKind::from_key(&raw.kind)
                .ok_or_else(|| corrupt("municipality", "kind", raw.kind.clone()))?;
            c.region = Region::from_key(&raw.region)
                .ok_or_else(|| corrupt("federal_state", "region", raw.region.clone()))?;
            c.late = c.received_at.date() > programme.application_deadline;
            c.tandem = raw.tandem.map(|(leader, planner, confirmed)| TandemLink {
                partner_id: if leader == c.id { planner } else { leader },
                confirmed,
            });
            c.lock = match raw.lock {
                None => None,
                Some(l) => {
                    Some(Lock::from_key(&l).ok_or_else(|| corrupt("selection_lock", "lock", l))?)
                }
            };
            candidates.push(c);
        }
        Ok(Pool {
            tracks: self.tracks(programme.id)?,
            bands: self.experience_bands(programme.id)?,
            candidates,
            quotas: self.quotas(programme.id)?,
        })
    }

    /// Applies a proposal's status changes in one transaction: each status guarded by
    /// the one the proposal expects, one audit entry per change, all in a change batch
    /// of kind [`BatchKind::Selection`] that undo reverts as a whole. Returns the batch.
    pub fn apply_selection(&mut self, changes: &[StatusChange], actor: &str) -> Result<Uuid> {
        self.write(|w| {
            let batch = w.open_batch(BatchKind::Selection, actor)?;
            for c in changes {
                let updated = w
                    .tx
                    .prepare_cached(
                        "UPDATE application SET status = ?1, updated_at = ?2
                         WHERE id = ?3 AND status = ?4",
                    )?
                    .execute(params![c.to.key(), w.now, c.application_id, c.from.key()])?;
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
