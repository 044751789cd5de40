//! Personal data on request (DSGVO Art. 15 and 17), the SQL part: everything stored
//! about one person, read generically (every column, so a later column cannot be
//! forgotten), and the shredders: delete, anonymise, both keeping the audit trail with
//! its personal values overwritten; then the file compacted so the bytes are gone.

use std::collections::BTreeMap;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, params_from_iter};
use uuid::Uuid;

use super::{Store, Writer};
use crate::error::Result;

/// One stored row as column → value (a 16-byte key shown as a UUID).
pub type Row = BTreeMap<String, serde_json::Value>;

/// Everything stored about one person, by table.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct PersonRows {
    pub person: Row,
    pub applications: Vec<Row>,
    pub tandems: Vec<Row>,
    pub attendance: Vec<Row>,
    pub documents: Vec<Row>,
    pub locks: Vec<Row>,
    pub audit: Vec<Row>,
}

/// What overwrites a personal value in the audit trail.
pub const ERASED: &str = "[gelöscht]";

/// Audit fields whose values are no personal data once the person is gone (keys of a
/// vocabulary): they stay, so the history of the programme still adds up.
const NEUTRAL_FIELDS: &[&str] = &["status", "score", "lock"];

fn value(v: ValueRef<'_>) -> serde_json::Value {
    match v {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => f.into(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
        ValueRef::Blob(b) => match Uuid::from_slice(b) {
            Ok(id) => id.to_string().into(),
            Err(_) => format!("{} Bytes", b.len()).into(),
        },
    }
}

fn rows(conn: &Connection, sql: &str, ids: &[Uuid]) -> Result<Vec<Row>> {
    let mut statement = conn.prepare(sql)?;
    let names: Vec<String> = statement
        .column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let found = statement
        .query_map(params_from_iter(ids.iter()), |r| {
            let mut row = Row::new();
            for (i, name) in names.iter().enumerate() {
                row.insert(name.clone(), value(r.get_ref(i)?));
            }
            Ok(row)
        })?
        .collect::<rusqlite::Result<Vec<Row>>>()?;
    Ok(found)
}

/// `?2, ?3, …` for the application ids after the person id (`?1`).
fn placeholders(count: usize, from: usize) -> String {
    (from..from + count)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// The person `id` is, or whose application it is; `None` if neither.
    pub fn person_of(&self, id: Uuid) -> Result<Option<Uuid>> {
        let found = self.conn.query_row(
            "SELECT id FROM person WHERE id = ?1
             UNION ALL SELECT person_id FROM application WHERE id = ?1 LIMIT 1",
            [id],
            |r| r.get(0),
        );
        match found {
            Ok(person) => Ok(Some(person)),
            Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Every row stored about the person, table by table.
    pub fn person_rows(&self, person: Uuid) -> Result<PersonRows> {
        person_rows(&self.conn, person)
    }

    /// Folds the WAL into the file, rebuilds the file without free pages and empties
    /// the WAL: after a deletion, the deleted bytes are in neither file. Returns false
    /// when another connection kept a checkpoint from completing.
    pub fn compact(&self) -> Result<bool> {
        let checkpoint = |conn: &Connection| -> Result<bool> {
            let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
            Ok(busy == 0)
        };
        let first = checkpoint(&self.conn)?;
        self.conn.execute_batch("VACUUM")?;
        let second = checkpoint(&self.conn)?;
        Ok(first && second)
    }

    /// Which of the backup files at `paths` still hold the person `person`.
    pub fn backups_holding(paths: &[std::path::PathBuf], person: Uuid) -> Vec<std::path::PathBuf> {
        paths
            .iter()
            .filter(|path| {
                Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                    .and_then(|c| {
                        c.query_row("SELECT count(*) FROM person WHERE id = ?1", [person], |r| {
                            r.get::<_, i64>(0)
                        })
                    })
                    .is_ok_and(|n| n > 0)
            })
            .cloned()
            .collect()
    }
}

fn person_rows(conn: &Connection, person: Uuid) -> Result<PersonRows> {
    let person_row = rows(conn, "SELECT * FROM person WHERE id = ?1", &[person])?
        .into_iter()
        .next()
        .unwrap_or_default();
    let applications = rows(
        conn,
        "SELECT a.*, p.name AS programme, t.name AS track
         FROM application a JOIN programme p ON p.id = a.programme_id
         JOIN track t ON t.id = a.track_id
         WHERE a.person_id = ?1 ORDER BY a.received_at",
        &[person],
    )?;
    let ids = application_ids(conn, person)?;
    let mut all = vec![person];
    all.extend(&ids);
    let list = placeholders(ids.len(), 2);
    let within = |sql: &str| -> Result<Vec<Row>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        rows(conn, &sql.replace("{ids}", &list), &all)
    };
    Ok(PersonRows {
        person: person_row,
        tandems: within(
            "SELECT * FROM tandem WHERE ?1 IS NOT NULL AND
             (leader_application_id IN ({ids}) OR planner_application_id IN ({ids}))",
        )?,
        attendance: within(
            "SELECT * FROM attendance WHERE ?1 IS NOT NULL AND application_id IN ({ids})
             ORDER BY module_id, day",
        )?,
        documents: within(
            "SELECT * FROM document WHERE ?1 IS NOT NULL AND application_id IN ({ids})
             ORDER BY created_at",
        )?,
        locks: within(
            "SELECT * FROM selection_lock WHERE ?1 IS NOT NULL AND application_id IN ({ids})",
        )?,
        audit: rows(
            conn,
            &format!(
                "SELECT * FROM audit_entry WHERE entity_id = ?1 OR entity_id IN ({})
                 ORDER BY at, rowid",
                placeholders(ids.len(), 2)
            ),
            &all,
        )?,
        applications,
    })
}

/// A person the retention proposes for deletion: every application of theirs was
/// rejected or withdrawn, in programmes that ended before the cut-off.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RetentionCandidate {
    pub person_id: Uuid,
    pub name: String,
    pub email: String,
    pub programmes: String,
    /// The end of the latest of their programmes (its last module day).
    pub programme_end: chrono::NaiveDate,
}

impl Store {
    /// Persons whose applications were all rejected or withdrawn in programmes whose
    /// last module ended before `cutoff`. A programme without module dates has not
    /// ended, so its applicants are never proposed.
    pub fn retention_candidates(
        &self,
        cutoff: chrono::NaiveDate,
    ) -> Result<Vec<RetentionCandidate>> {
        let mut statement = self.conn.prepare(
            "WITH ends AS (
               SELECT programme_id, max(coalesce(end_date, start_date)) AS ended
               FROM module GROUP BY programme_id)
             SELECT p.id, trim(p.first_name || ' ' || p.last_name), p.email,
                    group_concat(DISTINCT pr.name), max(e.ended)
             FROM person p
             JOIN application a ON a.person_id = p.id
             JOIN programme pr ON pr.id = a.programme_id
             LEFT JOIN ends e ON e.programme_id = a.programme_id
             GROUP BY p.id
             HAVING sum(CASE WHEN a.status IN ('abgesagt', 'zurueckgezogen')
                              AND e.ended IS NOT NULL AND e.ended < ?1
                         THEN 0 ELSE 1 END) = 0
             ORDER BY p.last_name, p.first_name",
        )?;
        let found = statement
            .query_map([cutoff], |r| {
                Ok(RetentionCandidate {
                    person_id: r.get(0)?,
                    name: r.get(1)?,
                    email: r.get(2)?,
                    programmes: r.get(3)?,
                    programme_end: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(found)
    }
}

fn application_ids(conn: &Connection, person: Uuid) -> Result<Vec<Uuid>> {
    let mut statement = conn.prepare("SELECT id FROM application WHERE person_id = ?1")?;
    let ids = statement
        .query_map([person], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<Uuid>>>()?;
    Ok(ids)
}

/// How many rows a shredder removed or overwrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Shredded {
    pub applications: u32,
    pub tandems: u32,
    pub attendance: u32,
    pub documents: u32,
    pub audit_overwritten: u32,
}

impl Writer<'_> {
    /// Every row stored about the person (inside the shredder's transaction).
    pub fn person_rows(&self, person: Uuid) -> Result<PersonRows> {
        person_rows(self.tx, person)
    }

    /// Overwrites the personal values in the audit trail: every value of the person's
    /// own entries except neutral keys (status, score, lock), and the person's name and
    /// e-mail address wherever another entry mentions them ("Tandem mit …").
    fn erase_from_audit(&self, person: Uuid, ids: &[Uuid]) -> Result<u32> {
        let mut all = vec![person];
        all.extend(ids);
        let neutral = NEUTRAL_FIELDS
            .iter()
            .map(|f| format!("'{f}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let own = self.tx.execute(
            &format!(
                "UPDATE audit_entry SET
                   old_value = CASE WHEN old_value IS NULL THEN NULL ELSE '{ERASED}' END,
                   new_value = CASE WHEN new_value IS NULL THEN NULL ELSE '{ERASED}' END
                 WHERE (entity_id = ?1 OR entity_id IN ({})) AND field NOT IN ({neutral})",
                placeholders(ids.len(), 2)
            ),
            params_from_iter(all.iter()),
        )?;
        let (first, last, email): (String, String, String) = self.tx.query_row(
            "SELECT first_name, last_name, email FROM person WHERE id = ?1",
            [person],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let mut mentioned = 0;
        let full = format!("{first} {last}").trim().to_string();
        for text in [email.as_str(), full.as_str()] {
            if text.chars().count() < 3 {
                continue;
            }
            mentioned += self.tx.execute(
                "UPDATE audit_entry SET
                   old_value = replace(old_value, ?1, ?2), new_value = replace(new_value, ?1, ?2)
                 WHERE instr(old_value, ?1) > 0 OR instr(new_value, ?1) > 0",
                rusqlite::params![text, ERASED],
            )?;
        }
        Ok(u32::try_from(own + mentioned).unwrap_or(u32::MAX))
    }

    fn count_links(&self, ids: &[Uuid]) -> Result<Shredded> {
        if ids.is_empty() {
            return Ok(Shredded::default());
        }
        let list = placeholders(ids.len(), 1);
        let count = |sql: String| -> Result<u32> {
            Ok(self
                .tx
                .query_row(&sql, params_from_iter(ids.iter()), |r| r.get(0))?)
        };
        Ok(Shredded {
            applications: u32::try_from(ids.len()).unwrap_or(u32::MAX),
            tandems: count(format!(
                "SELECT count(*) FROM tandem WHERE leader_application_id IN ({list})
                 OR planner_application_id IN ({list})"
            ))?,
            attendance: count(format!(
                "SELECT count(*) FROM attendance WHERE application_id IN ({list})"
            ))?,
            documents: count(format!(
                "SELECT count(*) FROM document WHERE application_id IN ({list})"
            ))?,
            audit_overwritten: 0,
        })
    }

    /// Deletes the person with their applications, tandem links, attendance, document
    /// records and locks (the schema cascades from `person`); the audit trail stays,
    /// its personal values overwritten.
    pub fn delete_person(&self, person: Uuid) -> Result<Shredded> {
        let ids = application_ids(self.tx, person)?;
        let mut shredded = self.count_links(&ids)?;
        shredded.audit_overwritten = self.erase_from_audit(person, &ids)?;
        self.tx
            .execute("DELETE FROM person WHERE id = ?1", [person])?;
        Ok(shredded)
    }

    /// Removes the person's identity and keeps what the balance statistics count:
    /// municipality (so state, region and kind), track, status, and the experience as
    /// the lower bound of its band (`years` per application, from the service). Tandem
    /// links, document records and locks go; attendance stays (it names no one).
    pub fn anonymise_person(
        &self,
        person: Uuid,
        years: &[(Uuid, Option<f64>)],
    ) -> Result<Shredded> {
        let ids = application_ids(self.tx, person)?;
        let mut shredded = self.count_links(&ids)?;
        shredded.attendance = 0;
        shredded.audit_overwritten = self.erase_from_audit(person, &ids)?;
        self.tx.execute(
            "UPDATE person SET salutation = 'keine', title = '', first_name = 'Anonymisiert',
               last_name = '', email = '', phone = '', job_title = '', street = '',
               postal_code = '', city = '', gender = '', dietary_needs = '',
               accessibility_needs = '', updated_at = ?2
             WHERE id = ?1",
            rusqlite::params![person, self.now],
        )?;
        for (id, experience) in years {
            self.tx.execute(
                "UPDATE application SET motivation = '', tandem_partner_text = '',
                   reviewer_notes = '', score = NULL, experience_years = ?2, updated_at = ?3
                 WHERE id = ?1 AND person_id = ?4",
                rusqlite::params![id, experience, self.now, person],
            )?;
        }
        if !ids.is_empty() {
            let list = placeholders(ids.len(), 1);
            for sql in [
                format!(
                    "DELETE FROM tandem WHERE leader_application_id IN ({list})
                     OR planner_application_id IN ({list})"
                ),
                format!("DELETE FROM document WHERE application_id IN ({list})"),
                format!("DELETE FROM selection_lock WHERE application_id IN ({list})"),
            ] {
                self.tx.execute(&sql, params_from_iter(ids.iter()))?;
            }
        }
        Ok(shredded)
    }
}
