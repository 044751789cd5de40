//! Reads and writes of tandems.

use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::read::name_at;
use super::{Store, Writer};
use crate::audit::BatchKind;
use crate::error::Result;
use crate::model::{Programme, TrackRole};
use crate::tandem::{Candidate, StoredTandem};

impl Store {
    /// Every application of the programme as the tandem matching needs it, by name,
    /// with `late` derived from the deadline.
    pub fn tandem_candidates(&self, programme: &Programme) -> Result<Vec<Candidate>> {
        let mut stmt = self.conn().prepare(
            "SELECT a.id, t.role, p.first_name, p.last_name, p.email, m.id, m.name,
                    a.tandem_partner_text, a.status, p.title, a.received_at
             FROM application a
             JOIN person p ON p.id = a.person_id
             JOIN municipality m ON m.id = p.municipality_id
             JOIN track t ON t.id = a.track_id
             WHERE a.programme_id = ?1
             ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, a.id",
        )?;
        let deadline = programme.application_deadline;
        let rows = stmt.query_map([programme.id], |r| {
            let received_at: chrono::NaiveDateTime = r.get(10)?;
            Ok(Candidate {
                id: r.get(0)?,
                role: r.get(1)?,
                title: r.get(9)?,
                first_name: r.get(2)?,
                last_name: r.get(3)?,
                email: r.get(4)?,
                municipality_id: r.get(5)?,
                municipality: r.get(6)?,
                partner_text: r.get(7)?,
                status: r.get(8)?,
                late: received_at.date() > deadline,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn stored_tandems(&self, programme_id: Uuid) -> Result<Vec<StoredTandem>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, leader_application_id, planner_application_id, confirmed
             FROM tandem WHERE programme_id = ?1 ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map([programme_id], |r| {
            Ok(StoredTandem {
                id: r.get(0)?,
                leader: r.get(1)?,
                planner: r.get(2)?,
                confirmed: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// (tandem id, value before) of each tandem a confirmation batch changed.
pub type TandemEntries = Vec<(Uuid, Option<String>)>;

impl Writer<'_> {
    pub fn tandem(&self, id: Uuid) -> Result<Option<StoredTandem>> {
        Ok(self
            .tx
            .query_row(
                "SELECT id, leader_application_id, planner_application_id, confirmed
                 FROM tandem WHERE id = ?1",
                [id],
                |r| {
                    Ok(StoredTandem {
                        id: r.get(0)?,
                        leader: r.get(1)?,
                        planner: r.get(2)?,
                        confirmed: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// The tandems either application is in (at most one each).
    pub fn tandems_of(&self, applications: &[Uuid]) -> Result<Vec<StoredTandem>> {
        let mut found = Vec::new();
        for id in applications {
            let ids: Vec<Uuid> = self
                .tx
                .prepare_cached(
                    "SELECT id FROM tandem
                     WHERE leader_application_id = ?1 OR planner_application_id = ?1",
                )?
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for tandem_id in ids {
                if let Some(t) = self.tandem(tandem_id)?
                    && !found.contains(&t)
                {
                    found.push(t);
                }
            }
        }
        Ok(found)
    }

    pub fn delete_tandem(&self, id: Uuid) -> Result<()> {
        self.tx.execute("DELETE FROM tandem WHERE id = ?1", [id])?;
        Ok(())
    }

    pub fn set_tandem_confirmed(&self, id: Uuid, confirmed: bool) -> Result<()> {
        self.tx.execute(
            "UPDATE tandem SET confirmed = ?2 WHERE id = ?1",
            params![id, confirmed],
        )?;
        Ok(())
    }

    /// The newest confirmation of several tandems not yet undone: its batch, and per
    /// tandem the value before (`None`: the batch stored the pairing).
    pub fn last_tandem_batch(&self, programme_id: Uuid) -> Result<Option<(Uuid, TandemEntries)>> {
        let Some(batch) = self.newest_open_batch(programme_id, BatchKind::Tandems)? else {
            return Ok(None);
        };
        let mut stmt = self.tx.prepare(
            "SELECT e.entity_id, e.old_value
             FROM change_batch_entry b JOIN audit_entry e ON e.id = b.audit_entry_id
             WHERE b.batch_id = ?1 AND e.entity = 'tandem' ORDER BY e.rowid",
        )?;
        let entries = stmt
            .query_map([batch], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some((batch, entries)))
    }

    /// Role and display name of an application, if it exists.
    pub fn role_and_name(&self, application_id: Uuid) -> Result<Option<(TrackRole, String)>> {
        Ok(self
            .tx
            .query_row(
                "SELECT t.role, p.title, p.first_name, p.last_name
                 FROM application a JOIN person p ON p.id = a.person_id
                 JOIN track t ON t.id = a.track_id WHERE a.id = ?1",
                [application_id],
                |r| Ok((r.get(0)?, name_at(r, 1)?)),
            )
            .optional()?)
    }
}
