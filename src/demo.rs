//! The demo programme: the facts of the real call for applications (tracks, places,
//! modules, deadline, costs) with fictional applicants. Marked as demo everywhere.
//! Generated deterministically, so every demo file holds the same people.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use uuid::Uuid;

use crate::error::Result;
use crate::model::{
    AgendaItem, Application, Module, Municipality, MunicipalityKind, Person, Programme, Salutation,
    Source, Status, Track, TrackRole,
};
use crate::store::Writer;

pub const PROGRAMME_NAME: &str = "Lernpfad Führung & Change 2025/2026";

struct DemoMunicipality {
    name: &'static str,
    kind: MunicipalityKind,
    state: &'static str,
    postal_code: &'static str,
    city: &'static str,
    fellow: bool,
}

const fn town(
    name: &'static str,
    kind: MunicipalityKind,
    state: &'static str,
    postal_code: &'static str,
    city: &'static str,
    fellow: bool,
) -> DemoMunicipality {
    DemoMunicipality {
        name,
        kind,
        state,
        postal_code,
        city,
        fellow,
    }
}

use MunicipalityKind::{
    KreisangehoerigeGemeinde as Gemeinde, KreisfreieStadt as Stadt, Landkreis, Stadtstaat,
};

/// Nine fellow municipalities (one guaranteed place per track each) and others that
/// compete for the seven free places.
const MUNICIPALITIES: &[DemoMunicipality] = &[
    town("Stadt Leipzig", Stadt, "DE-SN", "04109", "Leipzig", true),
    town(
        "Landkreis Harz",
        Landkreis,
        "DE-ST",
        "38820",
        "Halberstadt",
        true,
    ),
    town("Stadt Bochum", Stadt, "DE-NW", "44787", "Bochum", true),
    town(
        "Landkreis Lüneburg",
        Landkreis,
        "DE-NI",
        "21335",
        "Lüneburg",
        true,
    ),
    town("Stadt Kiel", Stadt, "DE-SH", "24103", "Kiel", true),
    town(
        "Landkreis Görlitz",
        Landkreis,
        "DE-SN",
        "02826",
        "Görlitz",
        true,
    ),
    town(
        "Stadt Offenbach am Main",
        Stadt,
        "DE-HE",
        "63065",
        "Offenbach am Main",
        true,
    ),
    town(
        "Landkreis Ravensburg",
        Landkreis,
        "DE-BW",
        "88212",
        "Ravensburg",
        true,
    ),
    town(
        "Freie Hansestadt Bremen",
        Stadtstaat,
        "DE-HB",
        "28195",
        "Bremen",
        true,
    ),
    town("Stadt Erfurt", Stadt, "DE-TH", "99084", "Erfurt", false),
    town(
        "Landkreis Vorpommern-Greifswald",
        Landkreis,
        "DE-MV",
        "17489",
        "Greifswald",
        false,
    ),
    town(
        "Stadt Regensburg",
        Stadt,
        "DE-BY",
        "93047",
        "Regensburg",
        false,
    ),
    town(
        "Stadt Saarbrücken",
        Gemeinde,
        "DE-SL",
        "66111",
        "Saarbrücken",
        false,
    ),
    town("Stadt Mainz", Stadt, "DE-RP", "55116", "Mainz", false),
    town(
        "Landkreis Oberhavel",
        Landkreis,
        "DE-BB",
        "16515",
        "Oranienburg",
        false,
    ),
    town(
        "Berlin, Bezirk Neukölln",
        Stadtstaat,
        "DE-BE",
        "12043",
        "Berlin",
        false,
    ),
    town("Stadt Würzburg", Stadt, "DE-BY", "97070", "Würzburg", false),
    town(
        "Stadt Gütersloh",
        Gemeinde,
        "DE-NW",
        "33330",
        "Gütersloh",
        false,
    ),
    town(
        "Landkreis Fulda",
        Landkreis,
        "DE-HE",
        "36037",
        "Fulda",
        false,
    ),
    town(
        "Stadt Hamburg, Bezirk Altona",
        Stadtstaat,
        "DE-HH",
        "22765",
        "Hamburg",
        false,
    ),
];

/// One fictional applicant: (salutation, title, first, last, municipality index,
/// track, status, years of experience, score, gender, dietary needs).
type DemoPerson = (
    Salutation,
    &'static str,
    &'static str,
    &'static str,
    usize,
    TrackRole,
    Status,
    f64,
    Option<u8>,
    &'static str,
    &'static str,
);

use Salutation::{Frau, Herr, Keine};
use Status::{Abgesagt, Eingegangen, InPruefung, Warteliste, Zugesagt, Zurueckgezogen};
use TrackRole::{Change, Fuehrung};

const PEOPLE: &[DemoPerson] = &[
    (
        Frau,
        "Dr.",
        "Jana",
        "Weber",
        0,
        Fuehrung,
        Zugesagt,
        12.0,
        Some(5),
        "w",
        "",
    ),
    (
        Herr,
        "",
        "Tobias",
        "Krüger",
        0,
        Change,
        Zugesagt,
        4.0,
        Some(4),
        "m",
        "vegetarisch",
    ),
    (
        Frau,
        "",
        "Sabine",
        "Hoffmann",
        1,
        Fuehrung,
        Zugesagt,
        8.0,
        Some(4),
        "w",
        "",
    ),
    (
        Frau,
        "",
        "Leonie",
        "Schäfer",
        1,
        Change,
        Zugesagt,
        2.0,
        Some(4),
        "w",
        "vegan",
    ),
    (
        Herr,
        "",
        "Markus",
        "Becker",
        2,
        Fuehrung,
        Zugesagt,
        15.0,
        Some(3),
        "m",
        "",
    ),
    (
        Frau,
        "",
        "Aylin",
        "Yıldız",
        2,
        Change,
        Zugesagt,
        6.0,
        Some(5),
        "w",
        "",
    ),
    (
        Herr,
        "Dr.",
        "Stefan",
        "Meißner",
        3,
        Fuehrung,
        InPruefung,
        20.0,
        Some(4),
        "m",
        "",
    ),
    (
        Frau,
        "",
        "Katrin",
        "Lange",
        3,
        Change,
        InPruefung,
        3.0,
        None,
        "w",
        "laktosefrei",
    ),
    (
        Frau,
        "",
        "Maren",
        "Petersen",
        4,
        Fuehrung,
        Zugesagt,
        5.0,
        Some(4),
        "w",
        "",
    ),
    (
        Herr,
        "",
        "Jonas",
        "Claußen",
        4,
        Change,
        Zugesagt,
        1.5,
        Some(3),
        "m",
        "",
    ),
    (
        Frau,
        "",
        "Ulrike",
        "Zimmermann",
        5,
        Fuehrung,
        InPruefung,
        11.0,
        Some(3),
        "w",
        "",
    ),
    (
        Herr,
        "",
        "Paul",
        "Schröder",
        6,
        Fuehrung,
        Eingegangen,
        7.0,
        None,
        "m",
        "",
    ),
    (
        Frau,
        "",
        "Fatma",
        "Demir",
        6,
        Change,
        Eingegangen,
        2.5,
        None,
        "w",
        "halal",
    ),
    (
        Frau,
        "",
        "Christine",
        "Bauer",
        7,
        Fuehrung,
        Zugesagt,
        9.0,
        Some(5),
        "w",
        "",
    ),
    (
        Herr,
        "",
        "Florian",
        "Huber",
        7,
        Change,
        Zugesagt,
        5.0,
        Some(4),
        "m",
        "",
    ),
    (
        Keine,
        "",
        "Kim",
        "Vogt",
        8,
        Change,
        InPruefung,
        4.0,
        Some(4),
        "d",
        "",
    ),
    (
        Herr,
        "",
        "Thomas",
        "Richter",
        9,
        Fuehrung,
        Zugesagt,
        14.0,
        Some(4),
        "m",
        "",
    ),
    (
        Frau,
        "",
        "Anne",
        "Schulze",
        9,
        Change,
        Zugesagt,
        3.0,
        Some(3),
        "w",
        "",
    ),
    (
        Frau,
        "",
        "Birgit",
        "Wendt",
        10,
        Fuehrung,
        Warteliste,
        18.0,
        Some(3),
        "w",
        "",
    ),
    (
        Herr,
        "",
        "Lars",
        "Brandt",
        10,
        Change,
        Warteliste,
        2.0,
        Some(3),
        "m",
        "",
    ),
    (
        Herr,
        "Prof. Dr.",
        "Andreas",
        "Gruber",
        11,
        Fuehrung,
        Eingegangen,
        22.0,
        None,
        "m",
        "",
    ),
    (
        Frau,
        "",
        "Lena",
        "Hartmann",
        11,
        Change,
        Eingegangen,
        1.0,
        None,
        "w",
        "vegetarisch",
    ),
    (
        Frau,
        "",
        "Nicole",
        "Klein",
        12,
        Fuehrung,
        InPruefung,
        6.0,
        Some(4),
        "w",
        "",
    ),
    (
        Herr,
        "",
        "Michael",
        "Wolf",
        13,
        Fuehrung,
        Abgesagt,
        9.0,
        Some(2),
        "m",
        "",
    ),
    (
        Frau,
        "",
        "Julia",
        "Neumann",
        13,
        Change,
        Abgesagt,
        1.0,
        Some(2),
        "w",
        "",
    ),
    (
        Frau,
        "",
        "Sandra",
        "Krause",
        14,
        Fuehrung,
        Eingegangen,
        4.0,
        None,
        "w",
        "",
    ),
    (
        Herr,
        "",
        "Daniel",
        "Lehmann",
        14,
        Change,
        Eingegangen,
        3.5,
        None,
        "m",
        "",
    ),
    (
        Frau,
        "",
        "Merve",
        "Aydın",
        15,
        Change,
        Zugesagt,
        5.0,
        Some(5),
        "w",
        "",
    ),
    (
        Herr,
        "",
        "Sebastian",
        "Köhler",
        15,
        Fuehrung,
        Zugesagt,
        10.0,
        Some(4),
        "m",
        "",
    ),
    (
        Frau,
        "Dr.",
        "Eva",
        "Fischer",
        16,
        Fuehrung,
        Warteliste,
        16.0,
        Some(3),
        "w",
        "",
    ),
    (
        Herr,
        "",
        "Matthias",
        "Schmitt",
        17,
        Fuehrung,
        Zurueckgezogen,
        8.0,
        None,
        "m",
        "",
    ),
    (
        Frau,
        "",
        "Sophie",
        "Walter",
        17,
        Change,
        Eingegangen,
        0.5,
        None,
        "w",
        "glutenfrei",
    ),
    (
        Frau,
        "",
        "Heike",
        "Möller",
        18,
        Fuehrung,
        Eingegangen,
        25.0,
        None,
        "w",
        "",
    ),
    (
        Herr,
        "",
        "Jan",
        "Ohlsen",
        19,
        Change,
        InPruefung,
        7.0,
        Some(4),
        "m",
        "",
    ),
    (
        Frau,
        "",
        "Franziska",
        "Keller",
        19,
        Fuehrung,
        InPruefung,
        13.0,
        Some(5),
        "w",
        "",
    ),
    (
        Herr,
        "",
        "Oliver",
        "Hahn",
        5,
        Change,
        Eingegangen,
        2.0,
        None,
        "m",
        "",
    ),
    (
        Frau,
        "",
        "Martina",
        "Sommer",
        8,
        Fuehrung,
        Zugesagt,
        19.0,
        Some(4),
        "w",
        "",
    ),
    (
        Herr,
        "",
        "René",
        "Günther",
        12,
        Change,
        Eingegangen,
        6.0,
        None,
        "m",
        "",
    ),
    (
        Frau,
        "",
        "Ines",
        "Roth",
        16,
        Change,
        Abgesagt,
        1.0,
        Some(1),
        "w",
        "",
    ),
    (
        Herr,
        "",
        "Kai",
        "Jürgens",
        18,
        Change,
        Eingegangen,
        4.0,
        None,
        "m",
        "",
    ),
    (
        Frau,
        "",
        "Dorothea",
        "Engel",
        11,
        Fuehrung,
        Eingegangen,
        3.0,
        None,
        "w",
        "",
    ),
    (
        Herr,
        "",
        "Benedikt",
        "Brückner",
        9,
        Fuehrung,
        Eingegangen,
        5.0,
        None,
        "m",
        "",
    ),
];

/// Pairs of indices into PEOPLE: (leader, planner) of the same municipality.
const TANDEMS: &[(usize, usize, bool)] = &[
    (0, 1, true),
    (2, 3, true),
    (4, 5, true),
    (6, 7, true),
    (8, 9, true),
    (13, 14, true),
    (16, 17, true),
    (18, 19, true),
    (20, 21, false),
    (28, 27, true),
    (34, 33, false),
];

const MODULES: [(&str, &str, [&str; 3]); 3] = [
    (
        "Neue Anforderungen an Planung und Steuerung",
        "voraussichtlich KW 49, 2025",
        [
            "Vor welchen neuen Anforderungen stehen Sie als Führungskraft?",
            "Inwiefern können Ansätze integrierter Planung und Steuerung Sie dabei unterstützen, diesen Anforderungen zu begegnen?",
            "Welche (neuen) Rollen und Führungsaufgaben ergeben sich daraus?",
        ],
    ),
    (
        "Zusammenarbeit und Veränderung in Verwaltung",
        "März 2026",
        [
            "Wie können Sie eine neue Qualität der Zusammenarbeit in Ihrem Amt entwickeln?",
            "Wie können Sie Kooperation mit anderen Akteuren innerhalb der Verwaltung gestalten?",
            "Welche Instrumente unterstützen Veränderungsimpulse hin zu mehr integrierter Planung und Steuerung?",
        ],
    ),
    (
        "Kooperation mit Politik und Trägern",
        "Juni 2026",
        [
            "Wie gelingen Kooperationsbeziehungen trotz unterschiedlicher Organisationslogiken und Interessenlagen?",
            "Wie können Sie zentrale Akteure für Ihre Vorhaben identifizieren und gemeinsam Veränderung gestalten?",
            "Was braucht es, um integrierte Planung und Steuerung nachhaltig zu verankern?",
        ],
    ),
];

/// Agenda of a two-day module: (day, start, end, title, format); "{topic1..3}" are
/// replaced by the module's topics.
const AGENDA: &[(u8, &str, &str, &str, &str)] = &[
    (
        1,
        "10:00",
        "10:30",
        "Ankommen, Begrüßung und Ziele des Moduls",
        "Plenum",
    ),
    (1, "10:30", "12:00", "{topic1}", "Impuls"),
    (1, "12:00", "13:00", "Mittagspause", "Pause"),
    (1, "13:00", "14:30", "{topic2}", "Reflexion"),
    (1, "14:30", "15:00", "Kaffeepause", "Pause"),
    (
        1,
        "15:00",
        "16:30",
        "Fälle aus den Kommunen",
        "Kollegiale Beratung",
    ),
    (1, "16:30", "17:00", "Tagesabschluss", "Plenum"),
    (2, "09:00", "10:30", "{topic3}", "Impuls"),
    (2, "10:30", "10:45", "Kaffeepause", "Pause"),
    (
        2,
        "10:45",
        "12:15",
        "Umsetzungsschritte in der eigenen Verwaltung",
        "Arbeit im Tandem",
    ),
    (2, "12:15", "13:00", "Mittagspause", "Pause"),
    (
        2,
        "13:00",
        "14:00",
        "Verabredungen, Ausblick und Feedback",
        "Plenum",
    ),
];

/// Writes the demo programme into an empty store (the caller checks emptiness).
/// The call's experience bands (label, from years, below years), also those of every
/// new programme.
pub const EXPERIENCE_BANDS: [(&str, f64, Option<f64>); 3] = [
    ("unter 3 Jahre", 0.0, Some(3.0)),
    ("3–10 Jahre", 3.0, Some(11.0)),
    ("über 10 Jahre", 11.0, None),
];

pub fn create(w: &Writer<'_>) -> Result<Programme> {
    let programme = Programme {
        id: Uuid::now_v7(),
        name: PROGRAMME_NAME.into(),
        is_demo: true,
        organiser_name: "Initiative Kommune 360° (Demo)".into(),
        organiser_address: "Musterstraße 12\n10115 Berlin".into(),
        organiser_contact: "lernpfade@kommune360.example · 030 1234567-0".into(),
        signatory_name: "Dr. Miriam Falk".into(),
        signatory_role: "Programmleitung Lernpfade".into(),
        venue: "Stadt in Mitteldeutschland (der genaue Ort folgt)".into(),
        venue_state: String::new(),
        application_deadline: date(2025, 9, 30),
        cost_note: "Diese Fortbildung ist kostenfrei. Die Initiative Kommune 360° stellt neben \
                    den Trainer*innen den Veranstaltungsort und die Tagungsverpflegung."
            .into(),
        travel_note: "Anreise und Unterkunft organisieren und tragen die Teilnehmenden selbst. \
                      Bitte planen Sie Ihre Anreise für den Vortag der Fortbildung; Ihre Abreise \
                      können Sie für den Nachmittag des zweiten Fortbildungstages einplanen."
            .into(),
        images: Default::default(),
    };
    w.insert_programme(&programme)?;
    for (position, (label, min, max)) in EXPERIENCE_BANDS.iter().enumerate() {
        w.insert_experience_band(programme.id, label, *min, *max, position as u32)?;
    }

    let tracks = [
        (
            "Lernpfad Führung",
            Fuehrung,
            "Führungskräfte mit Planungs- und Steuerungsverantwortung im Kinder- und Jugendbereich",
        ),
        (
            "Lernpfad Change",
            Change,
            "Planungsfachkräfte im Kinder- und Jugendbereich",
        ),
    ]
    .map(|(name, role, target)| Track {
        id: Uuid::now_v7(),
        programme_id: programme.id,
        name: name.into(),
        role,
        target_role: target.into(),
        capacity: 16,
        free_places: 7,
    });
    for track in &tracks {
        w.insert_track(track)?;
    }

    for (index, (title, label, topics)) in MODULES.iter().enumerate() {
        let module = Module {
            id: Uuid::now_v7(),
            programme_id: programme.id,
            number: index as u32 + 1,
            title: (*title).into(),
            topics: topics.iter().map(|t| (*t).into()).collect(),
            date_label: (*label).into(),
            start_date: None,
            end_date: None,
            venue: programme.venue.clone(),
        };
        w.insert_module(&module)?;
        for (day, start, end, title, format) in AGENDA {
            let title = title
                .replace("{topic1}", topics[0])
                .replace("{topic2}", topics[1])
                .replace("{topic3}", topics[2]);
            w.insert_agenda_item(&AgendaItem {
                id: Uuid::now_v7(),
                module_id: module.id,
                day: *day,
                start: (*start).into(),
                end: (*end).into(),
                title,
                format: (*format).into(),
            })?;
        }
    }

    let mut municipality_ids = Vec::with_capacity(MUNICIPALITIES.len());
    for m in MUNICIPALITIES {
        let municipality = Municipality {
            id: Uuid::now_v7(),
            name: m.name.into(),
            kind: m.kind,
            state: m.state.into(),
        };
        w.insert_municipality(&municipality)?;
        if m.fellow {
            w.add_fellow(programme.id, municipality.id)?;
        }
        municipality_ids.push(municipality.id);
    }

    let mut application_ids = Vec::with_capacity(PEOPLE.len());
    for (index, person) in PEOPLE.iter().enumerate() {
        let &(salutation, title, first, last, town_index, role, status, years, score, gender, diet) =
            person;
        let town = &MUNICIPALITIES[town_index];
        let person = Person {
            id: Uuid::now_v7(),
            salutation,
            title: title.into(),
            first_name: first.into(),
            last_name: last.into(),
            email: demo_email(first, last),
            phone: format!("0{} {}", 300 + index * 7, 4_000_000 + index * 7919),
            job_title: match role {
                Fuehrung => "Leitung Jugendamt".into(),
                Change => "Jugendhilfeplanung".into(),
            },
            municipality_id: municipality_ids[town_index],
            street: format!("Rathausplatz {}", 1 + index % 9),
            postal_code: town.postal_code.into(),
            city: town.city.into(),
            gender: gender.into(),
            dietary_needs: diet.into(),
            accessibility_needs: if index == 10 {
                "barrierefreier Zugang (Rollstuhl)".into()
            } else {
                String::new()
            },
        };
        w.insert_person(&person)?;
        let track = tracks
            .iter()
            .find(|t| t.role == role)
            .expect("the demo has both tracks");
        let application = Application {
            id: Uuid::now_v7(),
            programme_id: programme.id,
            person_id: person.id,
            track_id: track.id,
            received_at: received_at(index),
            source: Source::Demo,
            motivation: format!(
                "Ich möchte in {} integrierte Planung und Steuerung voranbringen.",
                town.city
            ),
            experience_years: Some(years),
            tandem_partner_text: String::new(),
            status,
            score,
            reviewer_notes: String::new(),
        };
        w.insert_application(&application)?;
        application_ids.push(application.id);
    }
    for &(leader, planner, confirmed) in TANDEMS {
        w.insert_tandem(
            programme.id,
            application_ids[leader],
            application_ids[planner],
            confirmed,
        )?;
    }
    Ok(programme)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid constant date")
}

/// Spread over the application period; the last three arrive after the deadline.
fn received_at(index: usize) -> NaiveDateTime {
    let start = date(2025, 7, 1).and_time(NaiveTime::MIN);
    let late = index >= PEOPLE.len() - 3;
    let day = if late {
        92 + index as i64 % 5
    } else {
        (index as i64 * 89) % 91
    };
    start + Duration::days(day) + Duration::minutes(8 * 60 + (index as i64 * 37) % 600)
}

fn demo_email(first: &str, last: &str) -> String {
    let ascii = |s: &str| {
        s.to_lowercase()
            .replace('ä', "ae")
            .replace('ö', "oe")
            .replace('ü', "ue")
            .replace('ß', "ss")
            .replace('ı', "i")
            .replace('é', "e")
            .replace(' ', "")
    };
    format!("{}.{}@kommune.example", ascii(first), ascii(last))
}
