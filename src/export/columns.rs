//! What an attendee list holds: the columns a coordinator can choose, one row per
//! person, typed cells (text, date, number) that each format writes in its own way.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{ExportError, ListSettings};
use crate::documents::Recipient;
use crate::model::{Module, Salutation};

/// A column of the attendee list. The key is what the CLI's `--columns` and the stored
/// settings name; the label is the header people read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Column {
    Name,
    Salutation,
    Title,
    FirstName,
    LastName,
    Email,
    Phone,
    JobTitle,
    Municipality,
    State,
    Street,
    PostalCode,
    City,
    Track,
    Status,
    TandemPartner,
    Fellow,
    ExperienceYears,
    ReceivedAt,
    DietaryNeeds,
    AccessibilityNeeds,
    /// One column per module day: present or not.
    Attendance,
}

impl Column {
    pub const ALL: [Column; 22] = [
        Column::Name,
        Column::Salutation,
        Column::Title,
        Column::FirstName,
        Column::LastName,
        Column::Email,
        Column::Phone,
        Column::JobTitle,
        Column::Municipality,
        Column::State,
        Column::Street,
        Column::PostalCode,
        Column::City,
        Column::Track,
        Column::Status,
        Column::TandemPartner,
        Column::Fellow,
        Column::ExperienceYears,
        Column::ReceivedAt,
        Column::DietaryNeeds,
        Column::AccessibilityNeeds,
        Column::Attendance,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Salutation => "salutation",
            Column::Title => "title",
            Column::FirstName => "first_name",
            Column::LastName => "last_name",
            Column::Email => "email",
            Column::Phone => "phone",
            Column::JobTitle => "job_title",
            Column::Municipality => "municipality",
            Column::State => "state",
            Column::Street => "street",
            Column::PostalCode => "postal_code",
            Column::City => "city",
            Column::Track => "track",
            Column::Status => "status",
            Column::TandemPartner => "tandem_partner",
            Column::Fellow => "fellow",
            Column::ExperienceYears => "experience_years",
            Column::ReceivedAt => "received_at",
            Column::DietaryNeeds => "dietary_needs",
            Column::AccessibilityNeeds => "accessibility_needs",
            Column::Attendance => "attendance",
        }
    }

    /// The header in the file.
    pub fn label(self) -> &'static str {
        match self {
            Column::Name => "Name",
            Column::Salutation => "Anrede",
            Column::Title => "Titel",
            Column::FirstName => "Vorname",
            Column::LastName => "Nachname",
            Column::Email => "E-Mail",
            Column::Phone => "Telefon",
            Column::JobTitle => "Funktion",
            Column::Municipality => "Kommune",
            Column::State => "Bundesland",
            Column::Street => "Straße",
            Column::PostalCode => "PLZ",
            Column::City => "Ort",
            Column::Track => "Lernpfad",
            Column::Status => "Status",
            Column::TandemPartner => "Tandempartner*in",
            Column::Fellow => "Fellow-Kommune",
            Column::ExperienceYears => "Leitungserfahrung (Jahre)",
            Column::ReceivedAt => "Eingang",
            Column::DietaryNeeds => "Verpflegung",
            Column::AccessibilityNeeds => "Barrierefreiheit",
            Column::Attendance => "Anwesenheit",
        }
    }

    pub fn from_key(key: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.key() == key)
    }

    /// `a,b,c` as the CLI takes it; an unknown key names the allowed ones.
    pub fn parse_list(text: &str) -> Result<Vec<Column>, ExportError> {
        let columns = text
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(|key| {
                Column::from_key(&key.to_lowercase()).ok_or_else(|| ExportError::UnknownColumn {
                    key: key.to_string(),
                    allowed: Column::ALL.map(Column::key).join(", "),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if columns.is_empty() {
            return Err(ExportError::NoColumns);
        }
        Ok(columns)
    }
}

/// One applicant with everything a list may show.
#[derive(Debug, Clone, PartialEq)]
pub struct Attendee {
    pub recipient: Recipient,
    pub fellow: bool,
    pub received_at: NaiveDateTime,
    pub experience_years: Option<f64>,
    /// (module, day) pairs the person was recorded present on.
    pub present: HashSet<(Uuid, u8)>,
}

/// A value as the list holds it; each format writes it in its own way (a German date
/// in the Excel CSV, an ISO date in the other, a real date in XLSX).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Date(NaiveDate),
    Number(f64),
    Empty,
}

impl Cell {
    fn text(value: &str) -> Cell {
        if value.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(value.to_string())
        }
    }
}

/// The list ready to be written: headers and rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The rows `settings` chooses from `attendees` (in their order), with its columns;
/// the attendance column becomes one column per module day.
pub fn sheet(
    settings: &ListSettings,
    attendees: &[Attendee],
    modules: &[Module],
) -> Result<Sheet, ExportError> {
    if settings.columns.is_empty() {
        return Err(ExportError::NoColumns);
    }
    let attended = match settings.module {
        Some(number) => Some(
            modules
                .iter()
                .find(|m| m.number == number)
                .ok_or(ExportError::UnknownModule { number })?
                .id,
        ),
        None => None,
    };
    let mut headers = Vec::new();
    for column in &settings.columns {
        match column {
            Column::Attendance => {
                for module in modules {
                    for day in 1..=2u8 {
                        headers.push(day_header(module, day));
                    }
                }
            }
            other => headers.push(other.label().to_string()),
        }
    }
    let rows = attendees
        .iter()
        .filter(|a| settings.track.is_none_or(|t| a.recipient.track_role == t))
        .filter(|a| settings.status.is_none_or(|s| a.recipient.status == s))
        .filter(|a| {
            attended.is_none_or(|module| {
                a.present.contains(&(module, 1)) || a.present.contains(&(module, 2))
            })
        })
        .map(|a| {
            let mut row = Vec::with_capacity(headers.len());
            for column in &settings.columns {
                if *column == Column::Attendance {
                    for module in modules {
                        for day in 1..=2u8 {
                            row.push(if a.present.contains(&(module.id, day)) {
                                Cell::Text("ja".into())
                            } else {
                                Cell::Empty
                            });
                        }
                    }
                } else {
                    row.push(cell(*column, a));
                }
            }
            row
        })
        .collect();
    Ok(Sheet { headers, rows })
}

/// "Modul 1, Tag 2 (05.12.2025)"; without the date while the module has none.
fn day_header(module: &Module, day: u8) -> String {
    let date = module
        .start_date
        .and_then(|start| start.checked_add_days(chrono::Days::new(u64::from(day) - 1)));
    match date {
        Some(date) => format!(
            "Modul {}, Tag {day} ({})",
            module.number,
            date.format("%d.%m.%Y")
        ),
        None => format!("Modul {}, Tag {day}", module.number),
    }
}

fn cell(column: Column, a: &Attendee) -> Cell {
    let r = &a.recipient;
    let p = &r.person;
    match column {
        Column::Name => Cell::text(&p.display_name()),
        Column::Salutation => Cell::text(match p.salutation {
            Salutation::Frau => "Frau",
            Salutation::Herr => "Herr",
            Salutation::Keine => "",
        }),
        Column::Title => Cell::text(&p.title),
        Column::FirstName => Cell::text(&p.first_name),
        Column::LastName => Cell::text(&p.last_name),
        Column::Email => Cell::text(&p.email),
        Column::Phone => Cell::text(&p.phone),
        Column::JobTitle => Cell::text(&p.job_title),
        Column::Municipality => Cell::text(&r.municipality),
        Column::State => Cell::text(&r.state_name),
        Column::Street => Cell::text(&p.street),
        Column::PostalCode => Cell::text(&p.postal_code),
        Column::City => Cell::text(&p.city),
        Column::Track => Cell::text(&r.track_name),
        Column::Status => Cell::text(r.status.label()),
        Column::TandemPartner => Cell::text(r.tandem_partner.as_deref().unwrap_or("")),
        Column::Fellow => Cell::text(if a.fellow { "ja" } else { "nein" }),
        Column::ExperienceYears => a.experience_years.map_or(Cell::Empty, Cell::Number),
        Column::ReceivedAt => Cell::Date(a.received_at.date()),
        Column::DietaryNeeds => Cell::text(&p.dietary_needs),
        Column::AccessibilityNeeds => Cell::text(&p.accessibility_needs),
        // Expanded by `sheet`, one cell per module day.
        Column::Attendance => Cell::Empty,
    }
}
