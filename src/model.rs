//! Plain types of the domain. No I/O here: the store loads and saves them, the pure parts
//! (balance, selection, documents) compute on them, the faces show them.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// Where an application stands in the review. Stored and exchanged as the snake-case
/// ASCII key (`in_pruefung`), shown to people as the German label (`in Prüfung`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Status {
    Eingegangen,
    InPruefung,
    Zugesagt,
    Warteliste,
    Abgesagt,
    Zurueckgezogen,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Eingegangen,
        Status::InPruefung,
        Status::Zugesagt,
        Status::Warteliste,
        Status::Abgesagt,
        Status::Zurueckgezogen,
    ];

    /// The key used in the database, the CLI and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Status::Eingegangen => "eingegangen",
            Status::InPruefung => "in_pruefung",
            Status::Zugesagt => "zugesagt",
            Status::Warteliste => "warteliste",
            Status::Abgesagt => "abgesagt",
            Status::Zurueckgezogen => "zurueckgezogen",
        }
    }

    /// The label a coordinator reads.
    pub fn label(self) -> &'static str {
        match self {
            Status::Eingegangen => "eingegangen",
            Status::InPruefung => "in Prüfung",
            Status::Zugesagt => "zugesagt",
            Status::Warteliste => "Warteliste",
            Status::Abgesagt => "abgesagt",
            Status::Zurueckgezogen => "zurückgezogen",
        }
    }

    /// Exactly the stored key, as the database and the audit hold it.
    pub fn from_key(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Accepts the key as well as the German label, case-insensitively: for what people
    /// type (the CLI, an imported sheet), never for what the store reads back.
    pub fn parse(text: &str) -> Option<Status> {
        let wanted = text.trim().to_lowercase();
        Status::ALL
            .into_iter()
            .find(|s| s.key() == wanted || s.label().to_lowercase() == wanted)
    }
}

/// The two learning tracks of the call: leaders, and planning specialists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TrackRole {
    /// Lernpfad Führung: leaders with planning and steering responsibility.
    Fuehrung,
    /// Lernpfad Change: planning specialists (Planungsfachkräfte).
    Change,
}

impl TrackRole {
    pub fn key(self) -> &'static str {
        match self {
            TrackRole::Fuehrung => "fuehrung",
            TrackRole::Change => "change",
        }
    }

    pub fn from_key(key: &str) -> Option<TrackRole> {
        match key {
            "fuehrung" => Some(TrackRole::Fuehrung),
            "change" => Some(TrackRole::Change),
            _ => None,
        }
    }
}

/// Kind of municipality, as German administrative law names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MunicipalityKind {
    KreisfreieStadt,
    Landkreis,
    KreisangehoerigeGemeinde,
    Stadtstaat,
}

impl MunicipalityKind {
    pub const ALL: [MunicipalityKind; 4] = [
        MunicipalityKind::KreisfreieStadt,
        MunicipalityKind::Landkreis,
        MunicipalityKind::KreisangehoerigeGemeinde,
        MunicipalityKind::Stadtstaat,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MunicipalityKind::KreisfreieStadt => "kreisfreie_stadt",
            MunicipalityKind::Landkreis => "landkreis",
            MunicipalityKind::KreisangehoerigeGemeinde => "kreisangehoerige_gemeinde",
            MunicipalityKind::Stadtstaat => "stadtstaat",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MunicipalityKind::KreisfreieStadt => "kreisfreie Stadt",
            MunicipalityKind::Landkreis => "Landkreis",
            MunicipalityKind::KreisangehoerigeGemeinde => "kreisangehörige Stadt/Gemeinde",
            MunicipalityKind::Stadtstaat => "Stadtstaat",
        }
    }

    pub fn from_key(key: &str) -> Option<MunicipalityKind> {
        MunicipalityKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// How a letter addresses a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Salutation {
    Frau,
    Herr,
    /// No gendered form: letters say "Guten Tag Vorname Nachname,".
    Keine,
}

impl Salutation {
    pub fn key(self) -> &'static str {
        match self {
            Salutation::Frau => "frau",
            Salutation::Herr => "herr",
            Salutation::Keine => "keine",
        }
    }

    pub fn from_key(key: &str) -> Option<Salutation> {
        match key {
            "frau" => Some(Salutation::Frau),
            "herr" => Some(Salutation::Herr),
            "keine" => Some(Salutation::Keine),
            _ => None,
        }
    }
}

/// How an application reached Kohorte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Source {
    Import,
    Manual,
    Demo,
}

impl Source {
    pub fn key(self) -> &'static str {
        match self {
            Source::Import => "import",
            Source::Manual => "manual",
            Source::Demo => "demo",
        }
    }

    pub fn from_key(key: &str) -> Option<Source> {
        match key {
            "import" => Some(Source::Import),
            "manual" => Some(Source::Manual),
            "demo" => Some(Source::Demo),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Programme {
    pub id: Uuid,
    pub name: String,
    /// Demo programmes are marked in every view so nobody mistakes them for real data.
    pub is_demo: bool,
    pub organiser_name: String,
    pub organiser_address: String,
    pub organiser_contact: String,
    pub signatory_name: String,
    pub signatory_role: String,
    pub venue: String,
    /// ISO 3166-2 code of the venue's state, or empty (public holidays of module dates).
    pub venue_state: String,
    pub application_deadline: NaiveDate,
    pub cost_note: String,
    pub travel_note: String,
    /// Letterhead logo and signature, drawn in the documents; never sent to the UI.
    #[serde(skip)]
    #[ts(skip)]
    pub images: ProgrammeImages,
}

/// A programme's images as the coordinator chose them: PNG or JPEG bytes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProgrammeImages {
    pub logo: Option<std::sync::Arc<[u8]>>,
    pub signature: Option<std::sync::Arc<[u8]>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Track {
    pub id: Uuid,
    pub programme_id: Uuid,
    pub name: String,
    pub role: TrackRole,
    pub target_role: String,
    pub capacity: u32,
    /// Places beyond the fellow municipalities' guaranteed ones.
    pub free_places: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Module {
    pub id: Uuid,
    pub programme_id: Uuid,
    pub number: u32,
    pub title: String,
    /// One topic per entry, as the call lists them.
    pub topics: Vec<String>,
    /// What is known before the dates are fixed, e.g. "voraussichtlich KW 49, 2025".
    pub date_label: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub venue: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgendaItem {
    pub id: Uuid,
    pub module_id: Uuid,
    pub day: u8,
    /// "09:30"
    pub start: String,
    pub end: String,
    pub title: String,
    /// Impuls, Reflexion, Kollegiale Beratung, Pause, …
    pub format: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Municipality {
    pub id: Uuid,
    pub name: String,
    pub kind: MunicipalityKind,
    /// ISO 3166-2 code of the federal state, e.g. "DE-NW".
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Person {
    pub id: Uuid,
    pub salutation: Salutation,
    pub title: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub job_title: String,
    pub municipality_id: Uuid,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub gender: String,
    pub dietary_needs: String,
    pub accessibility_needs: String,
}

/// How a person is named wherever people read it (letters, lists, messages, the
/// assistant's reasons): "Dr. Jana Weber". The one rule: title, first and last name in
/// that order, surrounding and repeated whitespace dropped, empty parts left out.
pub fn display_name(title: &str, first_name: &str, last_name: &str) -> String {
    [title, first_name, last_name]
        .iter()
        .flat_map(|part| part.split_whitespace())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Person {
    /// See [`display_name`].
    pub fn display_name(&self) -> String {
        display_name(&self.title, &self.first_name, &self.last_name)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Application {
    pub id: Uuid,
    pub programme_id: Uuid,
    pub person_id: Uuid,
    pub track_id: Uuid,
    pub received_at: NaiveDateTime,
    pub source: Source,
    pub motivation: String,
    pub experience_years: Option<f64>,
    /// The partner as the applicant wrote it in the form.
    pub tandem_partner_text: String,
    pub status: Status,
    pub score: Option<u8>,
    pub reviewer_notes: String,
}

/// One row of the Bewerbungen table: an application joined with what a coordinator
/// needs to see beside it. `late` is derived from the deadline, never stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ApplicationRow {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub municipality: String,
    /// ISO 3166-2 code, e.g. "DE-NW".
    pub state: String,
    pub state_name: String,
    pub track_id: Uuid,
    pub track: String,
    pub track_role: TrackRole,
    pub status: Status,
    pub received_at: NaiveDateTime,
    pub late: bool,
    pub score: Option<u8>,
    pub fellow: bool,
    pub tandem_id: Option<Uuid>,
    pub experience_years: Option<f64>,
    /// The experience band as the balance report names it (the programme's band label,
    /// or "unbekannt"), so the table filters by exactly the report's values.
    pub experience_band: String,
}

/// The Übersicht of one programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Overview {
    pub programme: String,
    pub is_demo: bool,
    pub deadline: NaiveDate,
    /// Positive while the deadline is ahead, negative once it has passed.
    #[ts(type = "number")]
    pub days_until_deadline: i64,
    pub applications: u32,
    /// Counted as the Tandems view counts them: confirmed, stated, proposed.
    pub tandems: crate::tandem::TandemCounts,
    pub tracks: Vec<TrackOverview>,
    /// The modules with their dates (or what is known of them), in order.
    pub modules: Vec<Module>,
    /// Stored data that breaks the place rules, in German (empty when all is well).
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrackOverview {
    pub name: String,
    pub role: TrackRole,
    pub capacity: u32,
    pub free_places: u32,
    /// Guaranteed places: one per fellow municipality of the programme, never more than
    /// capacity minus free places.
    pub fellow_places: u32,
    /// Confirmed (zugesagt) applicants from fellow municipalities.
    pub fellow_places_taken: u32,
    /// Confirmed applicants from other municipalities.
    pub free_places_taken: u32,
    /// Every status with its count, zeros included, keyed by the status key.
    pub by_status: std::collections::BTreeMap<Status, u32>,
}

#[cfg(test)]
mod tests {
    use super::display_name;

    #[test]
    fn a_display_name_has_title_first_and_last_with_single_spaces() {
        assert_eq!(display_name(" Dr. ", "Jana ", " Weber"), "Dr. Jana Weber");
        assert_eq!(display_name("", "Kim", "Vogt"), "Kim Vogt");
        assert_eq!(display_name("Prof.  Dr.", "", "Falk"), "Prof. Dr. Falk");
        assert_eq!(display_name("", " ", ""), "");
    }
}
