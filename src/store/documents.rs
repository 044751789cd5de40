//! Reads and writes for documents: recipients with address and municipality,
//! attendance, and the record of every generated document.

use chrono::NaiveDateTime;
use rusqlite::{Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Store;
use crate::documents::{DocumentKind, Recipient};
use crate::error::Result;
use crate::model::{Person, Programme, Status};
use crate::reference::state_name;

/// One generated document as the `document` table keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocumentRecord {
    pub id: Uuid,
    pub application_id: Option<Uuid>,
    pub module_id: Option<Uuid>,
    pub kind: DocumentKind,
    pub created_at: NaiveDateTime,
    pub file_name: String,
    /// SHA-256 of the written file, hex.
    pub content_hash: String,
}

/// Reads a row of `SELECT id, application_id, module_id, kind, created_at, file_name,
/// content_hash FROM document`.
fn document_row(r: &Row<'_>) -> rusqlite::Result<DocumentRecord> {
    Ok(DocumentRecord {
        id: r.get(0)?,
        application_id: r.get(1)?,
        module_id: r.get(2)?,
        kind: r.get(3)?,
        created_at: r.get(4)?,
        file_name: r.get(5)?,
        content_hash: r.get(6)?,
    })
}

fn recipient_row(r: &Row<'_>) -> rusqlite::Result<Recipient> {
    Ok(Recipient {
        application_id: r.get(0)?,
        person: Person {
            id: r.get(1)?,
            salutation: r.get(2)?,
            title: r.get(3)?,
            first_name: r.get(4)?,
            last_name: r.get(5)?,
            email: r.get(6)?,
            phone: r.get(7)?,
            job_title: r.get(8)?,
            municipality_id: r.get(9)?,
            street: r.get(10)?,
            postal_code: r.get(11)?,
            city: r.get(12)?,
            gender: r.get(13)?,
            dietary_needs: r.get(14)?,
            accessibility_needs: r.get(15)?,
        },
        municipality: r.get(16)?,
        state: r.get(17)?,
        state_name: String::new(),
        track_name: r.get(18)?,
        track_role: r.get(19)?,
        status: r.get(20)?,
        // Named by the service from the tandems (`documents::name_tandem_partners`).
        tandem_partner: None,
    })
}

/// "Köhler" → "kohler", "Claußen" → "claussen": umlauts sort with their base letter.
fn german_sort_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' | 'á' | 'à' | 'â' => key.push('a'),
            'ö' | 'ó' | 'ò' | 'ô' => key.push('o'),
            'ü' | 'ú' | 'ù' | 'û' => key.push('u'),
            'é' | 'è' | 'ê' | 'ë' => key.push('e'),
            'ı' | 'í' | 'ì' | 'î' => key.push('i'),
            'ß' => key.push_str("ss"),
            c => key.push(c),
        }
    }
    key
}

impl Store {
    /// Applicants of the programme with the given status (all if `None`), with address,
    /// municipality, ordered by last name, first name. The tandem partner is left empty:
    /// the service names it from the tandem board (stored and stated tandems alike).
    pub fn recipients(
        &self,
        programme: &Programme,
        status: Option<Status>,
    ) -> Result<Vec<Recipient>> {
        let mut stmt = self.conn().prepare(
            "SELECT a.id, p.id, p.salutation, p.title, p.first_name, p.last_name, p.email,
                    p.phone, p.job_title, p.municipality_id, p.street, p.postal_code, p.city,
                    p.gender, p.dietary_needs, p.accessibility_needs, m.name, m.state_code,
                    t.name, t.role, a.status
             FROM application a
             JOIN person p ON p.id = a.person_id
             JOIN municipality m ON m.id = p.municipality_id
             JOIN track t ON t.id = a.track_id
             WHERE a.programme_id = ?1 AND (?2 IS NULL OR a.status = ?2)
             ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, a.id",
        )?;
        let rows = stmt.query_map(params![programme.id, status], recipient_row)?;
        let mut recipients: Vec<Recipient> = rows
            .map(|row| {
                let mut out = row?;
                out.state_name = state_name(&out.state).to_string();
                Ok(out)
            })
            .collect::<Result<_>>()?;
        // SQLite's NOCASE knows only ASCII and would put "Köhler" after "Krüger";
        // lists are read by people, so sort as a German phone book does (DIN 5007-1).
        recipients.sort_by_cached_key(|r| {
            (
                german_sort_key(&r.person.last_name),
                german_sort_key(&r.person.first_name),
            )
        });
        Ok(recipients)
    }

    /// (application, module) pairs where the person was present on at least one day.
    pub fn attended_modules(&self, programme_id: Uuid) -> Result<Vec<(Uuid, Uuid)>> {
        let mut stmt = self.conn().prepare(
            "SELECT DISTINCT at.application_id, at.module_id
             FROM attendance at
             JOIN application a ON a.id = at.application_id
             WHERE a.programme_id = ?1 AND at.present = 1",
        )?;
        let rows = stmt.query_map([programme_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records generated documents, all or none.
    pub fn record_documents(&self, records: &[DocumentRecord]) -> Result<()> {
        // `unchecked_transaction` because the store hands out `&Connection` here; the
        // service holds the store's mutex, so no other transaction can interleave.
        let tx = self.conn().unchecked_transaction()?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO document (id, application_id, module_id, kind, created_at,
                     file_name, content_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for d in records {
                insert.execute(params![
                    d.id,
                    d.application_id,
                    d.module_id,
                    d.kind,
                    d.created_at,
                    d.file_name,
                    d.content_hash
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Documents generated for one application, newest first (the person's history).
    pub fn documents_for(&self, application_id: Uuid) -> Result<Vec<DocumentRecord>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, application_id, module_id, kind, created_at, file_name, content_hash
             FROM document WHERE application_id = ?1 ORDER BY created_at DESC, id",
        )?;
        let rows = stmt.query_map([application_id], document_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every recorded document, newest first.
    pub fn documents(&self) -> Result<Vec<DocumentRecord>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, application_id, module_id, kind, created_at, file_name, content_hash
             FROM document ORDER BY created_at DESC, id",
        )?;
        let rows = stmt.query_map([], document_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
