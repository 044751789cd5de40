//! A programme as the coordinator sets it up: its settings and tracks, its modules with
//! dates and agenda, and the rules they must keep. Pure: the forms come in as typed, the
//! checks name the field and say in German what is wrong; the store saves them.

mod holidays;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::coded::serialize_coded;
use crate::model::{MunicipalityKind, TrackRole};
use crate::reference::federal_state;

pub use holidays::{easter_sunday, holiday};

/// One programme as the switcher lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProgrammeSummary {
    pub id: Uuid,
    pub name: String,
    pub is_demo: bool,
    pub application_deadline: NaiveDate,
    pub applications: u32,
    /// The one every view works on.
    pub current: bool,
}

/// Everything "Einstellungen" edits about a programme, apart from its fellow list.
/// Dates travel as the text the form holds ("2026-09-30"), so a wrong one comes back as
/// a problem next to its field instead of a refused call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Settings {
    pub name: String,
    pub organiser_name: String,
    pub organiser_address: String,
    pub organiser_contact: String,
    pub signatory_name: String,
    pub signatory_role: String,
    pub venue: String,
    /// ISO 3166-2 code of the venue's state ("DE-SN"), or empty: the public holidays a
    /// module date is checked against.
    pub venue_state: String,
    pub application_deadline: String,
    pub cost_note: String,
    pub travel_note: String,
    /// Applications received after the deadline take part like the others (in tandem
    /// proposals); off, they stay out until the coordinator gives one a Zusage.
    /// Absent in settings files of earlier versions: off.
    #[serde(default)]
    pub accept_late: bool,
    pub tracks: Vec<TrackSettings>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrackSettings {
    pub role: TrackRole,
    pub name: String,
    pub target_role: String,
    pub capacity: u32,
    /// Places beyond the fellow municipalities' guaranteed ones.
    pub free_places: u32,
}

/// A field of a form that is wrong (or, for warnings, worth a second look), with the
/// German sentence shown next to it. `field` is the form's own path: `name`,
/// `tracks.fuehrung.free_places`, `start_date`, `agenda.3.end`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

fn problem(field: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem {
        field: field.into(),
        message: message.into(),
    }
}

/// A date as the forms and the CLI write it: ISO (`2026-09-30`) or German (`30.09.2026`).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d.%m.%Y"))
        .ok()
}

/// Every problem of a settings form; empty when it may be saved.
pub fn check_settings(s: &Settings) -> Vec<Problem> {
    let mut problems = Vec::new();
    if s.name.trim().is_empty() {
        problems.push(problem("name", "Bitte geben Sie dem Programm einen Namen."));
    }
    if parse_date(&s.application_deadline).is_none() {
        problems.push(problem(
            "application_deadline",
            format!(
                "„{}“ ist kein gültiges Datum (TT.MM.JJJJ).",
                s.application_deadline.trim()
            ),
        ));
    }
    if !s.venue_state.is_empty() && federal_state(&s.venue_state).is_none() {
        problems.push(problem(
            "venue_state",
            format!("„{}“ ist kein deutsches Bundesland.", s.venue_state),
        ));
    }
    for role in [TrackRole::Fuehrung, TrackRole::Change] {
        let count = s.tracks.iter().filter(|t| t.role == role).count();
        if count != 1 {
            problems.push(problem(
                format!("tracks.{}", role.key()),
                "Jeder der beiden Lernpfade braucht genau einen Eintrag.",
            ));
        }
    }
    for t in &s.tracks {
        let field = |name: &str| format!("tracks.{}.{name}", t.role.key());
        if t.name.trim().is_empty() {
            problems.push(problem(field("name"), "Bitte benennen Sie den Lernpfad."));
        }
        if t.capacity == 0 {
            problems.push(problem(
                field("capacity"),
                "Ein Lernpfad braucht mindestens einen Platz.",
            ));
        }
        if t.free_places > t.capacity {
            problems.push(problem(
                field("free_places"),
                format!(
                    "Es kann nicht mehr freie Plätze ({}) als Plätze insgesamt ({}) geben.",
                    t.free_places, t.capacity
                ),
            ));
        }
    }
    problems
}

/// The settings of a new programme: the call's shape (two tracks of 16 with 7 free
/// places), a deadline eight weeks ahead, everything else for the coordinator to fill.
pub fn default_settings(name: &str, today: NaiveDate) -> Settings {
    let track = |role, name: &str, target: &str| TrackSettings {
        role,
        name: name.into(),
        target_role: target.into(),
        capacity: 16,
        free_places: 7,
    };
    Settings {
        name: name.trim().into(),
        organiser_name: String::new(),
        organiser_address: String::new(),
        organiser_contact: String::new(),
        signatory_name: String::new(),
        signatory_role: String::new(),
        venue: String::new(),
        venue_state: String::new(),
        application_deadline: (today + Duration::weeks(8)).format("%Y-%m-%d").to_string(),
        cost_note: String::new(),
        travel_note: String::new(),
        accept_late: false,
        tracks: vec![
            track(
                TrackRole::Fuehrung,
                "Lernpfad Führung",
                "Führungskräfte mit Planungs- und Steuerungsverantwortung",
            ),
            track(TrackRole::Change, "Lernpfad Change", "Planungsfachkräfte"),
        ],
    }
}

/// Three two-day modules without dates yet, for a new programme.
pub fn default_modules() -> Vec<ModuleForm> {
    ["Auftakt", "Vertiefung", "Abschluss und Transfer"]
        .into_iter()
        .zip(1..)
        .map(|(title, number)| ModuleForm {
            number,
            title: title.into(),
            topics: Vec::new(),
            date_label: "Termin folgt".into(),
            start_date: String::new(),
            end_date: String::new(),
            venue: String::new(),
            agenda: Vec::new(),
        })
        .collect()
}

/// One module as the Module view edits it, with its agenda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ModuleForm {
    pub number: u32,
    pub title: String,
    pub topics: Vec<String>,
    /// What is known before the dates are fixed ("voraussichtlich KW 49, 2025").
    pub date_label: String,
    /// Empty until fixed; then `YYYY-MM-DD`.
    pub start_date: String,
    pub end_date: String,
    /// Empty: the programme's venue.
    pub venue: String,
    pub agenda: Vec<AgendaEntry>,
}

/// One item of a module day's agenda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgendaEntry {
    pub day: u8,
    /// "09:30"
    pub start: String,
    pub end: String,
    pub title: String,
    /// Impuls, Reflexion, Kollegiale Beratung, Pause, …
    pub format: String,
}

/// What the Module view shows beside a module: what must be fixed before saving, and
/// what deserves a look (a weekend, a holiday, an overlap or a gap in the agenda).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ModuleCheck {
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
    /// The end a module with only a start gets offered: modules last two days.
    pub suggested_end_date: Option<String>,
}

/// A module lasts one or two days: attendance and agenda are kept per day 1 and 2.
pub const MAX_MODULE_DAYS: i64 = 2;

/// The fixed dates of a module form, when both are valid.
pub fn module_dates(m: &ModuleForm) -> Option<(NaiveDate, NaiveDate)> {
    Some((parse_date(&m.start_date)?, parse_date(&m.end_date)?))
}

pub fn check_module(m: &ModuleForm, venue_state: &str) -> ModuleCheck {
    let mut check = ModuleCheck::default();
    if m.title.trim().is_empty() {
        check
            .problems
            .push(problem("title", "Bitte geben Sie dem Modul einen Titel."));
    }
    let date = |field: &str, text: &str, check: &mut ModuleCheck| {
        if text.trim().is_empty() {
            return None;
        }
        let parsed = parse_date(text);
        if parsed.is_none() {
            check.problems.push(problem(
                field,
                format!("„{}“ ist kein gültiges Datum (TT.MM.JJJJ).", text.trim()),
            ));
        }
        parsed
    };
    let start = date("start_date", &m.start_date, &mut check);
    let end = date("end_date", &m.end_date, &mut check);
    match (
        start,
        end,
        m.start_date.trim().is_empty(),
        m.end_date.trim().is_empty(),
    ) {
        (Some(start), Some(end), _, _) => {
            if end < start {
                check.problems.push(problem(
                    "end_date",
                    "Das Ende liegt vor dem Beginn des Moduls.",
                ));
            } else if (end - start).num_days() >= MAX_MODULE_DAYS {
                check.problems.push(problem(
                    "end_date",
                    "Ein Modul dauert einen oder zwei Tage.",
                ));
            } else {
                let mut day = start;
                while day <= end {
                    if let Some(warning) = day_warning(day, venue_state) {
                        let field = if day == start {
                            "start_date"
                        } else {
                            "end_date"
                        };
                        check.warnings.push(problem(field, warning));
                    }
                    day += Duration::days(1);
                }
            }
        }
        (_, _, true, false) => check
            .problems
            .push(problem("start_date", "Bitte auch den Beginn angeben.")),
        (start, _, false, true) => {
            check.suggested_end_date = start.map(|s| {
                (s + Duration::days(MAX_MODULE_DAYS - 1))
                    .format("%d.%m.%Y")
                    .to_string()
            });
            check
                .problems
                .push(problem("end_date", "Bitte auch das Ende angeben."));
        }
        _ => {}
    }
    let days = module_dates(m)
        .filter(|(s, e)| e >= s)
        .map_or(MAX_MODULE_DAYS, |(s, e)| (e - s).num_days() + 1);
    check_agenda(&m.agenda, days, &mut check);
    check
}

/// "Samstag" or "Tag der Deutschen Einheit" for a day nobody expects a course on.
fn day_warning(day: NaiveDate, venue_state: &str) -> Option<String> {
    let date = day.format("%d.%m.%Y");
    if let Some(name) = holiday(day, venue_state) {
        let place = federal_state(venue_state)
            .map(|s| format!(" in {}", s.name))
            .unwrap_or_else(|| " (bundesweit)".into());
        return Some(format!("Der {date} ist ein Feiertag{place}: {name}."));
    }
    match day.weekday() {
        Weekday::Sat => Some(format!("Der {date} ist ein Samstag.")),
        Weekday::Sun => Some(format!("Der {date} ist ein Sonntag.")),
        _ => None,
    }
}

fn time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

fn check_agenda(items: &[AgendaEntry], days: i64, check: &mut ModuleCheck) {
    for (i, item) in items.iter().enumerate() {
        let field = |name: &str| format!("agenda.{i}.{name}");
        if item.day == 0 || i64::from(item.day) > days {
            check.problems.push(problem(
                field("day"),
                format!("Das Modul hat nur {days} Tag(e)."),
            ));
        }
        if item.title.trim().is_empty() {
            check
                .problems
                .push(problem(field("title"), "Bitte einen Titel angeben."));
        }
        match (time(&item.start), time(&item.end)) {
            (Some(s), Some(e)) if e <= s => check.problems.push(problem(
                field("end"),
                "Das Ende liegt nicht nach dem Beginn.",
            )),
            (Some(_), Some(_)) => {}
            (None, _) => check.problems.push(problem(
                field("start"),
                format!("„{}“ ist keine Uhrzeit (HH:MM).", item.start.trim()),
            )),
            (_, None) => check.problems.push(problem(
                field("end"),
                format!("„{}“ ist keine Uhrzeit (HH:MM).", item.end.trim()),
            )),
        }
    }
    // Overlaps and gaps between consecutive items of a day, in time order.
    let mut timed: Vec<(usize, u8, NaiveTime, NaiveTime)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| Some((i, it.day, time(&it.start)?, time(&it.end)?)))
        .filter(|(_, _, s, e)| e > s)
        .collect();
    timed.sort_by_key(|&(i, day, start, _)| (day, start, i));
    for pair in timed.windows(2) {
        let (_, day, _, end) = pair[0];
        let (next, next_day, start, _) = pair[1];
        if day != next_day {
            continue;
        }
        let (a, b) = (&items[pair[0].0].title, &items[next].title);
        if start < end {
            check.warnings.push(problem(
                format!("agenda.{next}.start"),
                format!("Tag {day}: „{b}“ beginnt, bevor „{a}“ endet."),
            ));
        } else if start > end {
            check.warnings.push(problem(
                format!("agenda.{next}.start"),
                format!(
                    "Tag {day}: Lücke von {} Minuten zwischen „{a}“ und „{b}“.",
                    (start - end).num_minutes()
                ),
            ));
        }
    }
}

/// The agenda ordered as it is printed: by day, then start time, entry order kept.
pub fn sorted_agenda(items: &[AgendaEntry]) -> Vec<AgendaEntry> {
    let mut sorted = items.to_vec();
    sorted.sort_by_key(|a| (a.day, time(&a.start)));
    sorted
}

/// A fellow municipality of a programme, as Einstellungen lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Fellow {
    pub municipality_id: Uuid,
    pub name: String,
    pub state: String,
    pub state_name: String,
    pub kind: MunicipalityKind,
    /// Applications of this programme from the municipality.
    pub applications: u32,
}

/// A fellow municipality as it is entered or imported: by name, state and kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FellowEntry {
    pub name: String,
    /// ISO code ("DE-NW") or the state's German name.
    pub state: String,
    pub kind: MunicipalityKind,
}

/// The readable JSON of a programme (`programme export` / `import`): settings, tracks,
/// fellow municipalities, modules and agenda. The id says which programme an import
/// updates; a document without a known id creates one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeDocument {
    /// Always "kohorte-programm": a JSON file that is something else is refused.
    pub format: String,
    pub version: u32,
    pub id: Option<Uuid>,
    pub settings: Settings,
    pub fellows: Vec<FellowEntry>,
    pub modules: Vec<ModuleForm>,
}

pub const DOCUMENT_FORMAT: &str = "kohorte-programm";
pub const DOCUMENT_VERSION: u32 = 1;

/// Every problem of a programme document, fields prefixed by where they are.
pub fn check_document(doc: &ProgrammeDocument) -> Vec<Problem> {
    let mut problems = Vec::new();
    if doc.format != DOCUMENT_FORMAT || doc.version != DOCUMENT_VERSION {
        problems.push(problem(
            "format",
            format!(
                "Die Datei ist kein Kohorte-Programm (erwartet „{DOCUMENT_FORMAT}“, Version \
                 {DOCUMENT_VERSION})."
            ),
        ));
    }
    problems.extend(check_settings(&doc.settings));
    let state = doc.settings.venue_state.as_str();
    let mut numbers = std::collections::BTreeSet::new();
    for (i, m) in doc.modules.iter().enumerate() {
        if m.number == 0 || !numbers.insert(m.number) {
            problems.push(problem(
                format!("modules.{i}.number"),
                format!("Die Modulnummer {} ist doppelt oder 0.", m.number),
            ));
        }
        for p in check_module(m, state).problems {
            problems.push(problem(
                format!("modules.{i}.{}", p.field),
                format!("Modul {}: {}", m.number, p.message),
            ));
        }
    }
    for (i, f) in doc.fellows.iter().enumerate() {
        if f.name.trim().is_empty() || federal_state(&f.state).is_none() {
            problems.push(problem(
                format!("fellows.{i}"),
                format!(
                    "Fellow-Kommune {}: Name und Bundesland sind nötig („{}“, „{}“).",
                    i + 1,
                    f.name,
                    f.state
                ),
            ));
        }
    }
    problems
}

#[derive(Debug, thiserror::Error)]
pub enum ProgrammeError {
    /// The first problem in the message; all of them for the form.
    #[error("{}", .0.first().map_or("Die Eingaben sind unvollständig.", |p| p.message.as_str()))]
    Invalid(Vec<Problem>),
    #[error("Ein Programm „{0}“ gibt es in dieser Datei nicht.")]
    Unknown(String),
    #[error("„{0}“ passt auf mehrere Programme; bitte geben Sie die ID an.")]
    Ambiguous(String),
    #[error("Ein Programm namens „{0}“ gibt es schon.")]
    NameTaken(String),
    #[error("Modul {0} gibt es in diesem Programm nicht.")]
    UnknownModule(u32),
    #[error("Die Programmdatei „{path}“ ist nicht lesbar: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("Diese Datei enthält kein Demoprogramm.")]
    NoDemo,
    #[error("Es gibt keine Änderung der Einstellungen, die rückgängig gemacht werden kann.")]
    NothingToUndo,
    #[error("Das Bild ist kein PNG oder JPEG.")]
    NotAnImage,
    #[error("Das Bild ist mit {kb} KB zu groß (höchstens 2 MB).")]
    ImageTooLarge { kb: usize },
}

impl ProgrammeError {
    pub fn code(&self) -> &'static str {
        match self {
            ProgrammeError::Invalid(_) => "programme.invalid",
            ProgrammeError::Unknown(_) => "programme.unknown",
            ProgrammeError::Ambiguous(_) => "programme.ambiguous",
            ProgrammeError::NameTaken(_) => "programme.name_taken",
            ProgrammeError::UnknownModule(_) => "programme.unknown_module",
            ProgrammeError::Unreadable { .. } => "programme.unreadable",
            ProgrammeError::NoDemo => "programme.no_demo",
            ProgrammeError::NothingToUndo => "programme.nothing_to_undo",
            ProgrammeError::NotAnImage => "programme.not_an_image",
            ProgrammeError::ImageTooLarge { .. } => "programme.image_too_large",
        }
    }
}

impl Serialize for ProgrammeError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_coded(serializer, self.code(), &self.to_string())
    }
}

/// A letterhead or signature image: PNG or JPEG, at most 2 MB.
pub fn check_image(bytes: &[u8]) -> Result<(), ProgrammeError> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    const JPEG: &[u8] = b"\xff\xd8\xff";
    if !(bytes.starts_with(PNG) || bytes.starts_with(JPEG)) {
        return Err(ProgrammeError::NotAnImage);
    }
    if bytes.len() > 2 * 1024 * 1024 {
        return Err(ProgrammeError::ImageTooLarge {
            kb: bytes.len() / 1024,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    fn module(start: &str, end: &str) -> ModuleForm {
        ModuleForm {
            start_date: start.into(),
            end_date: end.into(),
            ..default_modules().remove(0)
        }
    }

    #[test]
    fn a_new_programme_starts_valid_with_the_calls_shape() {
        let s = default_settings("Lernpfade 2027", today());
        assert!(check_settings(&s).is_empty(), "{:?}", check_settings(&s));
        assert_eq!(s.application_deadline, "2027-01-26");
        assert_eq!(
            s.tracks
                .iter()
                .map(|t| (t.capacity, t.free_places))
                .collect::<Vec<_>>(),
            [(16, 7), (16, 7)]
        );
        assert_eq!(default_modules().len(), 3);
    }

    #[test]
    fn settings_problems_name_their_field() {
        let mut s = default_settings(" ", today());
        s.application_deadline = "31.02.2026".into();
        s.tracks[1].free_places = 17;
        s.venue_state = "DE-XX".into();
        let fields: Vec<String> = check_settings(&s).into_iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                "name",
                "application_deadline",
                "venue_state",
                "tracks.change.free_places"
            ]
        );
        let message = &check_settings(&s)[3].message;
        assert!(
            message.contains("(17)") && message.contains("(16)"),
            "{message}"
        );
    }

    #[test]
    fn module_end_before_start_is_refused_and_weekends_are_warned() {
        let check = check_module(&module("2026-03-10", "2026-03-09"), "");
        assert_eq!(check.problems[0].field, "end_date");
        // 2026-03-14 is a Saturday.
        let check = check_module(&module("2026-03-13", "2026-03-14"), "");
        assert!(check.problems.is_empty());
        assert_eq!(check.warnings[0].message, "Der 14.03.2026 ist ein Samstag.");
        let check = check_module(&module("2026-03-10", "2026-03-13"), "");
        assert_eq!(
            check.problems[0].message,
            "Ein Modul dauert einen oder zwei Tage."
        );
    }

    #[test]
    fn a_start_without_an_end_is_offered_the_next_day() {
        let check = check_module(&module("31.12.2026", ""), "");
        assert_eq!(check.suggested_end_date.as_deref(), Some("01.01.2027"));
        assert_eq!(check.problems[0].field, "end_date");
        assert_eq!(
            check_module(&module("kein Datum", ""), "").suggested_end_date,
            None
        );
        assert_eq!(
            check_module(&module("2026-03-10", "2026-03-11"), "").suggested_end_date,
            None
        );
    }

    #[test]
    fn a_holiday_of_the_venues_state_is_warned() {
        let check = check_module(&module("2025-11-18", "2025-11-19"), "DE-SN");
        assert_eq!(
            check.warnings[0].message,
            "Der 19.11.2025 ist ein Feiertag in Sachsen: Buß- und Bettag."
        );
        assert!(
            check_module(&module("2025-11-18", "2025-11-19"), "DE-BY")
                .warnings
                .is_empty()
        );
    }

    #[test]
    fn agenda_overlaps_and_gaps_are_shown() {
        let item = |start: &str, end: &str, title: &str| AgendaEntry {
            day: 1,
            start: start.into(),
            end: end.into(),
            title: title.into(),
            format: String::new(),
        };
        let mut m = module("2026-03-10", "2026-03-11");
        m.agenda = vec![
            item("09:00", "10:30", "Ankommen"),
            item("10:15", "11:00", "Impuls"),
            item("11:30", "12:30", "Reflexion"),
            item("13:00", "12:00", "Kaputt"),
        ];
        let check = check_module(&m, "");
        assert_eq!(check.problems[0].field, "agenda.3.end");
        let warnings: Vec<&str> = check.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            warnings,
            [
                "Tag 1: „Impuls“ beginnt, bevor „Ankommen“ endet.",
                "Tag 1: Lücke von 30 Minuten zwischen „Impuls“ und „Reflexion“."
            ]
        );
    }

    #[test]
    fn images_must_be_png_or_jpeg() {
        assert!(check_image(b"\x89PNG\r\n\x1a\nrest").is_ok());
        assert!(check_image(b"\xff\xd8\xff\xe0").is_ok());
        assert!(matches!(
            check_image(b"GIF89a"),
            Err(ProgrammeError::NotAnImage)
        ));
    }
}
