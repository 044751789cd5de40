//! Personal data on request (DSGVO Art. 15 and 17), after pretix's shredder: an export
//! of exactly what is stored, a preview of what a deletion removes, one transaction per
//! shredder with the audit kept but its personal values overwritten, and the file
//! compacted afterwards so the deleted bytes are gone from it. Backups still holding
//! the person are named, and can be pruned.

use std::path::{Path, PathBuf};

use chrono::{Local, Months};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::Kohorte;
use crate::backup::BackupReason;
use crate::balance::experience_band;
use crate::documents::{self, Issued, Section};
use crate::error::{Error, Result};
use crate::store::{PersonRows, RetentionCandidate, Row, Shredded, Store};

/// The months after a programme's end after which rejected and withdrawn applicants are
/// proposed for deletion, unless the coordinator says otherwise.
pub const RETENTION_MONTHS: u32 = 6;

/// What a deletion or anonymisation will remove (shown before it) or removed.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Shred {
    pub person_id: Uuid,
    pub name: String,
    pub email: String,
    pub counts: Shredded,
    /// Backups that still hold the person (by path): deleted from the database, the
    /// person lives on in these until they are pruned or age out.
    pub backups_holding: Vec<String>,
    /// False when another program kept the file from being compacted at once.
    pub compacted: bool,
}

/// The files of an Auskunft.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Auskunft {
    pub json: String,
    pub pdf: String,
    pub pages: u32,
}

fn text(row: &Row, key: &str) -> String {
    match row.get(key) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn name_of(rows: &PersonRows) -> String {
    format!(
        "{} {}",
        text(&rows.person, "first_name"),
        text(&rows.person, "last_name")
    )
    .trim()
    .to_string()
}

impl Kohorte {
    /// The person `id` names: a person's or one of their applications' id.
    fn person(&self, store: &Store, id: Uuid) -> Result<Uuid> {
        store.person_of(id)?.ok_or(Error::PersonNotFound(id))
    }

    /// Everything stored about the person (`id`: theirs or an application's).
    pub fn person_data(&self, id: Uuid) -> Result<PersonRows> {
        let store = self.store();
        let person = self.person(&store, id)?;
        store.person_rows(person)
    }

    /// Writes the Auskunft into `dir`: `Auskunft_<Name>_<Vorname>.json` (every stored row)
    /// and `….pdf` (the same, readable).
    pub fn write_person_export(&self, id: Uuid, dir: &Path) -> Result<Auskunft> {
        let rows = self.person_data(id)?;
        let name = name_of(&rows);
        let at = Local::now();
        let stem = documents::file_name(
            "Auskunft",
            &[
                &text(&rows.person, "last_name"),
                &text(&rows.person, "first_name"),
            ],
        )
        .trim_end_matches(".pdf")
        .to_string();
        let json_path = dir.join(format!("{stem}.json"));
        let pdf_path = dir.join(format!("{stem}.pdf"));
        let payload = serde_json::json!({
            "erstellt": at.to_rfc3339(),
            "hinweis": "Alle in Kohorte gespeicherten Daten zu dieser Person (Art. 15 DSGVO).",
            "daten": rows,
        });
        let json = serde_json::to_vec_pretty(&payload).map_err(|e| Error::Export {
            path: json_path.display().to_string(),
            reason: e.to_string(),
        })?;
        let sections = sections(&rows);
        let pdf = documents::data_report_pdf(
            &format!("Auskunft über gespeicherte Daten – {name}"),
            "Diese Auskunft nach Art. 15 DSGVO enthält alle Daten, die Kohorte zu der Person \
             speichert: Stammdaten, Bewerbungen in allen Programmen mit Status, Bewertung und \
             Notizen, Tandems, Anwesenheit, erzeugte Dokumente und den Änderungsverlauf.",
            &sections,
            Issued::new(at.fixed_offset()),
        )
        .map_err(|e| Error::Export {
            path: pdf_path.display().to_string(),
            reason: e.to_string(),
        })?;
        std::fs::create_dir_all(dir).map_err(|e| Error::Export {
            path: dir.display().to_string(),
            reason: e.to_string(),
        })?;
        for (path, bytes) in [(&json_path, &json), (&pdf_path, &pdf.bytes)] {
            std::fs::write(path, bytes).map_err(|e| Error::Export {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
        }
        Ok(Auskunft {
            json: json_path.display().to_string(),
            pdf: pdf_path.display().to_string(),
            pages: u32::try_from(pdf.pages).unwrap_or(u32::MAX),
        })
    }

    /// What deleting the person would remove, without removing anything.
    pub fn preview_person_deletion(&self, id: Uuid) -> Result<Shred> {
        let store = self.store();
        let person = self.person(&store, id)?;
        let rows = store.person_rows(person)?;
        let ids: Vec<Uuid> = rows
            .applications
            .iter()
            .filter_map(|a| text(a, "id").parse().ok())
            .collect();
        Ok(Shred {
            person_id: person,
            name: name_of(&rows),
            email: text(&rows.person, "email"),
            counts: Shredded {
                applications: ids.len() as u32,
                tandems: rows.tandems.len() as u32,
                attendance: rows.attendance.len() as u32,
                documents: rows.documents.len() as u32,
                audit_overwritten: rows.audit.len() as u32,
            },
            backups_holding: self.backups_holding(person)?,
            compacted: true,
        })
    }

    /// Deletes the person with everything linked to them, in one transaction (a backup
    /// first), then compacts the file.
    pub fn delete_person(&self, id: Uuid) -> Result<Shred> {
        self.shred(id, false)
    }

    /// Removes the person's identity, keeping what the statistics count.
    pub fn anonymise_person(&self, id: Uuid) -> Result<Shred> {
        self.shred(id, true)
    }

    fn shred(&self, id: Uuid, anonymise: bool) -> Result<Shred> {
        let mut store = self.store();
        let person = self.person(&store, id)?;
        let rows = store.person_rows(person)?;
        self.backup_locked(&store, BackupReason::Deletion)?;
        let programme = store.programme()?;
        let bands = store.experience_bands(programme.id)?;
        let years: Vec<(Uuid, Option<f64>)> = rows
            .applications
            .iter()
            .filter_map(|a| {
                let id: Uuid = text(a, "id").parse().ok()?;
                let exact = a.get("experience_years").and_then(|v| v.as_f64());
                let band = experience_band(exact, &bands);
                let lower = bands.iter().find(|b| b.label == band).map(|b| b.min_years);
                Some((id, lower))
            })
            .collect();
        let counts = store.write(|w| {
            if anonymise {
                w.anonymise_person(person, &years)
            } else {
                w.delete_person(person)
            }
        })?;
        let compacted = store.compact()?;
        drop(store);
        *self.last_preview.lock().unwrap_or_else(|p| p.into_inner()) = None;
        Ok(Shred {
            person_id: person,
            name: name_of(&rows),
            email: text(&rows.person, "email"),
            counts,
            backups_holding: self.backups_holding(person)?,
            compacted,
        })
    }

    fn backups_holding(&self, person: Uuid) -> Result<Vec<String>> {
        let paths: Vec<PathBuf> = self
            .backups()?
            .into_iter()
            .map(|b| PathBuf::from(b.path))
            .collect();
        Ok(Store::backups_holding(&paths, person)
            .into_iter()
            .map(|p| p.display().to_string())
            .collect())
    }

    /// Removes the listed backups (after a deletion, those still holding the person);
    /// only files in this database's backup folder are touched. Returns how many.
    pub fn prune_backups(&self, paths: &[String]) -> Result<usize> {
        let folder = self.backup_folder();
        let mut removed = 0;
        for path in paths.iter().map(PathBuf::from) {
            if path.parent() != Some(folder.as_path()) {
                return Err(Error::Backup {
                    path: path.display().to_string(),
                    reason: "keine Sicherung dieser Datenbank".into(),
                });
            }
            std::fs::remove_file(&path).map_err(|e| Error::Backup {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
            removed += 1;
        }
        Ok(removed)
    }

    /// The persons the retention proposes for deletion: all their applications rejected
    /// or withdrawn, in programmes that ended more than `months` months ago.
    pub fn retention(&self, months: u32) -> Result<Vec<RetentionCandidate>> {
        let today = Local::now().date_naive();
        let cutoff = today
            .checked_sub_months(Months::new(months))
            .unwrap_or(today);
        self.store().retention_candidates(cutoff)
    }

    /// Deletes every person [`Kohorte::retention`] proposes; returns what went.
    pub fn apply_retention(&self, months: u32) -> Result<Vec<Shred>> {
        self.retention(months)?
            .into_iter()
            .map(|c| self.delete_person(c.person_id))
            .collect()
    }

    /// Deletes those of `confirmed` (the list the coordinator saw and confirmed) that the
    /// retention still proposes: someone whose status changed since is kept.
    pub fn apply_retention_to(&self, months: u32, confirmed: &[Uuid]) -> Result<Vec<Shred>> {
        self.retention(months)?
            .into_iter()
            .filter(|c| confirmed.contains(&c.person_id))
            .map(|c| self.delete_person(c.person_id))
            .collect()
    }
}

/// The Auskunft's sections, in German, every stored column as one line.
fn sections(rows: &PersonRows) -> Vec<Section> {
    let record = |row: &Row| -> Vec<(String, String)> {
        row.iter()
            .map(|(k, v)| {
                let value = match v {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => "–".into(),
                    other => other.to_string(),
                };
                (k.clone(), value)
            })
            .collect()
    };
    let section = |heading: &str, rows: &[Row]| Section {
        heading: heading.into(),
        records: rows.iter().map(record).collect(),
    };
    vec![
        section("Person", std::slice::from_ref(&rows.person)),
        section("Bewerbungen", &rows.applications),
        section("Tandems", &rows.tandems),
        section("Anwesenheit", &rows.attendance),
        section("Dokumente", &rows.documents),
        section("Festlegungen in der Auswahl", &rows.locks),
        section("Änderungsverlauf", &rows.audit),
    ]
}
