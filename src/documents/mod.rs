//! Documents: model values + template → PDF bytes. Pure: no database, no files, no
//! clock (the caller passes the date), so every rule here is tested without I/O.
//!
//! Letters (Zusage, Warteliste, Absage) follow DIN 5008 form B; agendas, attendee and
//! sign-in lists are tables that repeat their header on every page. One font family
//! (Liberation Sans, embedded and subset) keeps the text real, searchable text.

mod error;
mod font;
mod letter;
mod lists;
mod partners;
mod pdf;
mod report;
mod summary;
mod table;
mod template;
mod text;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::model::{Person, Status, TrackRole};

pub use error::DocumentError;
pub use letter::Letters;
pub use lists::{
    Attended, ListKind, agenda_pdf, certificates_pdf, participants_pdf, signature_list_pdf,
};
pub use partners::{is_named_tandem, name_tandem_partners};
pub use report::{Section, data_report_pdf};
pub use summary::{LetterSummary, SummaryPerson, has_postal_address, letter_summary};
pub use template::{
    Compiled, LetterInput, LetterText, PLACEHOLDERS, Placeholder, validate_template, with_template,
};
pub use text::{file_name, german_date, module_dates, salutation};

/// The letters Kohorte writes to applicants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LetterKind {
    Zusage,
    Warteliste,
    Absage,
    /// To people holding a Zusage, when module dates changed after it was written.
    Terminaenderung,
}

impl LetterKind {
    pub const ALL: [LetterKind; 4] = [
        LetterKind::Zusage,
        LetterKind::Warteliste,
        LetterKind::Absage,
        LetterKind::Terminaenderung,
    ];

    /// Key in the CLI, the `document` table and JSON.
    pub fn key(self) -> &'static str {
        match self {
            LetterKind::Zusage => "zusage",
            LetterKind::Warteliste => "warteliste",
            LetterKind::Absage => "absage",
            LetterKind::Terminaenderung => "terminaenderung",
        }
    }

    /// German name, also the file name prefix.
    pub fn label(self) -> &'static str {
        match self {
            LetterKind::Zusage => "Zusage",
            LetterKind::Warteliste => "Warteliste",
            LetterKind::Absage => "Absage",
            LetterKind::Terminaenderung => "Terminänderung",
        }
    }

    pub fn parse(text: &str) -> Option<LetterKind> {
        let wanted = text.trim().to_lowercase();
        LetterKind::ALL.into_iter().find(|k| k.key() == wanted)
    }

    /// Who gets this letter unless the coordinator says otherwise.
    pub fn default_status(self) -> Status {
        match self {
            LetterKind::Zusage => Status::Zugesagt,
            LetterKind::Warteliste => Status::Warteliste,
            LetterKind::Absage => Status::Abgesagt,
            LetterKind::Terminaenderung => Status::Zugesagt,
        }
    }

    /// The template shipped in `assets/templates/`.
    pub fn default_template(self) -> &'static str {
        match self {
            LetterKind::Zusage => include_str!("../../assets/templates/zusage.txt"),
            LetterKind::Warteliste => include_str!("../../assets/templates/warteliste.txt"),
            LetterKind::Absage => include_str!("../../assets/templates/absage.txt"),
            LetterKind::Terminaenderung => {
                include_str!("../../assets/templates/terminaenderung.txt")
            }
        }
    }
}

/// Every kind of document Kohorte writes and records. The key is what the `document`
/// table stores and JSON carries; the UI's German names for them sit in its catalogue,
/// keyed by this type, so a new kind cannot be forgotten there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DocumentKind {
    Zusage,
    Warteliste,
    Absage,
    Terminaenderung,
    Agenda,
    Teilnehmendenliste,
    Unterschriftenliste,
    Teilnahmebescheinigung,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 8] = [
        DocumentKind::Zusage,
        DocumentKind::Warteliste,
        DocumentKind::Absage,
        DocumentKind::Terminaenderung,
        DocumentKind::Agenda,
        DocumentKind::Teilnehmendenliste,
        DocumentKind::Unterschriftenliste,
        DocumentKind::Teilnahmebescheinigung,
    ];

    /// Key in the `document` table and JSON.
    pub fn key(self) -> &'static str {
        match self {
            DocumentKind::Zusage => "zusage",
            DocumentKind::Warteliste => "warteliste",
            DocumentKind::Absage => "absage",
            DocumentKind::Terminaenderung => "terminaenderung",
            DocumentKind::Agenda => "agenda",
            DocumentKind::Teilnehmendenliste => "teilnehmendenliste",
            DocumentKind::Unterschriftenliste => "unterschriftenliste",
            DocumentKind::Teilnahmebescheinigung => "teilnahmebescheinigung",
        }
    }

    pub fn from_key(key: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// German name, for the CLI and the PDF titles.
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::Zusage => "Zusage",
            DocumentKind::Warteliste => "Warteliste",
            DocumentKind::Absage => "Absage",
            DocumentKind::Terminaenderung => "Terminänderung",
            DocumentKind::Agenda => "Agenda",
            DocumentKind::Teilnehmendenliste => "Teilnehmendenliste",
            DocumentKind::Unterschriftenliste => "Unterschriftenliste",
            DocumentKind::Teilnahmebescheinigung => "Teilnahmebescheinigung",
        }
    }
}

impl From<LetterKind> for DocumentKind {
    fn from(kind: LetterKind) -> DocumentKind {
        match kind {
            LetterKind::Zusage => DocumentKind::Zusage,
            LetterKind::Warteliste => DocumentKind::Warteliste,
            LetterKind::Absage => DocumentKind::Absage,
            LetterKind::Terminaenderung => DocumentKind::Terminaenderung,
        }
    }
}

impl From<ListKind> for DocumentKind {
    fn from(kind: ListKind) -> DocumentKind {
        match kind {
            ListKind::Teilnehmende => DocumentKind::Teilnehmendenliste,
            ListKind::Unterschriften => DocumentKind::Unterschriftenliste,
        }
    }
}

/// Stored by its key; a key this version does not know is a damaged value, not a guess.
impl rusqlite::ToSql for DocumentKind {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.key().into())
    }
}

impl rusqlite::types::FromSql for DocumentKind {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let key = value.as_str()?;
        DocumentKind::from_key(key).ok_or_else(|| {
            rusqlite::types::FromSqlError::Other(format!("unbekannte Dokumentart „{key}“").into())
        })
    }
}

/// One applicant as documents need them: the person with the address, and what lists
/// and letters print beside the name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Recipient {
    pub application_id: Uuid,
    pub person: Person,
    pub municipality: String,
    /// ISO 3166-2 code, e.g. "DE-NW".
    pub state: String,
    pub state_name: String,
    pub track_name: String,
    pub track_role: TrackRole,
    pub status: Status,
    /// Full name (with title) of the tandem partner, if the applicant is in a tandem
    /// that documents name (see [`name_tandem_partners`]).
    pub tandem_partner: Option<String>,
}

/// When a document was made: the date printed in letters and the PDF's creation time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Issued {
    pub date: NaiveDate,
    pub at: DateTime<FixedOffset>,
}

impl Issued {
    pub fn new(at: DateTime<FixedOffset>) -> Issued {
        Issued {
            date: at.date_naive(),
            at,
        }
    }
}

/// A finished PDF with its page count (for reports and tests).
#[derive(Debug, Clone)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
}
