//! One cell's text → one typed value. Each function accepts the spellings seen in form
//! exports and refuses everything else with a [`Problem`]; none of them guesses.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime};

use super::error::Problem;
use super::mapping::fold;
use crate::model::{MunicipalityKind, Salutation, TrackRole};
use crate::reference::{FEDERAL_STATES, federal_state};

/// ISO 3166-2 code from a name, abbreviation or case variant ("NRW", "thüringen").
pub fn state(text: &str) -> Result<&'static str, Problem> {
    // `federal_state` folds every spelling of every state per call; an import asks
    // thousands of times, so the spellings it knows are folded once.
    static KNOWN: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    let known = KNOWN.get_or_init(|| {
        FEDERAL_STATES
            .iter()
            .flat_map(|s| {
                [s.code, s.name]
                    .into_iter()
                    .chain(s.aliases.iter().copied())
                    .map(move |spelling| (fold(spelling), s.code))
            })
            .collect()
    });
    known
        .get(&fold(text))
        .copied()
        .or_else(|| federal_state(text).map(|s| s.code))
        .ok_or_else(|| Problem::UnknownState(text.into()))
}

/// "Lernpfad Führung", "Führung", "Führungskräfte" → Führung; "Lernpfad Change",
/// "Change", "Planung", "Planungsfachkraft" → Change. Text naming both is refused.
pub fn track(text: &str) -> Result<TrackRole, Problem> {
    let folded = fold(text);
    let leader = ["fuehrung", "leitung", "leader", "leadership"]
        .iter()
        .any(|w| folded.contains(w));
    let planner = ["change", "planung", "planer", "planning", "planner"]
        .iter()
        .any(|w| folded.contains(w));
    match (leader, planner) {
        (true, false) => Ok(TrackRole::Fuehrung),
        (false, true) => Ok(TrackRole::Change),
        _ => Err(Problem::UnknownTrack(text.into())),
    }
}

/// ja/nein/yes/no/x and friends; an empty cell is "not said" (`None`).
pub fn yes_no(text: &str) -> Result<Option<bool>, Problem> {
    match fold(text).as_str() {
        "" if text.trim().is_empty() => Ok(None),
        "ja" | "j" | "yes" | "y" | "x" | "true" | "wahr" | "1" => Ok(Some(true)),
        "nein" | "n" | "no" | "false" | "falsch" | "0" => Ok(Some(false)),
        _ if text.trim() == "✓" || text.trim() == "✔" => Ok(Some(true)),
        _ if text.trim() == "-" => Ok(Some(false)),
        _ => Err(Problem::InvalidYesNo(text.into())),
    }
}

/// Years of leadership experience: "8", "1,5", "8 Jahre", "ca. 4", "über 10" (→ 11, so it
/// lands in the band from 11), "unter 3" (→ 2), "3-5" (→ 4), "keine" (→ 0).
pub fn experience(text: &str) -> Result<Option<f64>, Problem> {
    let refuse = || Problem::InvalidExperience(text.into());
    let mut t = text.trim().to_lowercase().replace(',', ".");
    if t.is_empty() {
        return Ok(None);
    }
    for word in [
        "jahren",
        "jahre",
        "jahr",
        "j.",
        "years",
        "year",
        "yrs",
        "circa",
        "ca.",
        "ca",
        "etwa",
        "rund",
        "ungefähr",
        "about",
        "~",
    ] {
        // Checked first: most cells hold none of these, and each replace allocates.
        if t.contains(word) {
            t = t.replace(word, " ");
        }
    }
    let t = t.trim();
    if ["keine", "kein", "none"].contains(&t) {
        return Ok(Some(0.0));
    }
    if t == "-" {
        return Ok(None);
    }
    let (prefix, rest) = [
        ("über", 1.0),
        ("ueber", 1.0),
        ("mehr als", 1.0),
        ("more than", 1.0),
        ("over", 1.0),
        (">", 1.0),
        ("unter", -1.0),
        ("weniger als", -1.0),
        ("less than", -1.0),
        ("under", -1.0),
        ("<", -1.0),
    ]
    .iter()
    .find_map(|(p, step)| t.strip_prefix(p).map(|rest| (*step, rest.trim())))
    .unwrap_or((0.0, t));
    let (number, plus) = match rest.strip_suffix('+') {
        Some(n) => (n.trim(), 1.0),
        None => (rest, 0.0),
    };
    let value = if let Some((low, high)) = number
        .split_once(" bis ")
        .or_else(|| number.split_once('–'))
        .or_else(|| number.split_once('-'))
    {
        let low: f64 = low.trim().parse().map_err(|_| refuse())?;
        let high: f64 = high.trim().parse().map_err(|_| refuse())?;
        if prefix != 0.0 || plus != 0.0 || high < low {
            return Err(refuse());
        }
        (low + high) / 2.0
    } else {
        let n: f64 = number.parse().map_err(|_| refuse())?;
        (n + prefix + plus).max(0.0)
    };
    if !value.is_finite() || !(0.0..=60.0).contains(&value) {
        return Err(refuse());
    }
    Ok(Some(value))
}

/// German date-times ("16.09.2025 09:41", "16.9.2025", "16.09.25 9:41:05"), ISO dates and
/// date-times with or without offset. A date alone means midnight.
pub fn date_time(text: &str) -> Result<NaiveDateTime, Problem> {
    let t = text.trim().trim_end_matches(" Uhr");
    // chrono reads "25" for %Y as the year 25; such a value falls through to the
    // two-digit formats instead.
    let plausible = |value: NaiveDateTime| (1900..=2200).contains(&value.year());
    let date_times = [
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
        "%d.%m.%Y, %H:%M:%S",
        "%d.%m.%Y, %H:%M",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%d.%m.%y %H:%M:%S",
        "%d.%m.%y %H:%M",
    ];
    let dates = ["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"];
    let found = date_times
        .iter()
        .filter_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
        .chain(
            dates
                .iter()
                .filter_map(|f| NaiveDate::parse_from_str(t, f).ok())
                .map(|d| d.and_time(NaiveTime::MIN)),
        )
        // With an offset the wall-clock time the applicant saw is kept, offset dropped.
        .chain(
            DateTime::parse_from_rfc3339(t)
                .ok()
                .map(|d| d.naive_local()),
        )
        .find(|value| plausible(*value));
    found.ok_or_else(|| Problem::InvalidDate(text.into()))
}

/// Frau / Herr, in any case and abbreviated; empty, "divers" or "keine Angabe" → no
/// gendered salutation.
pub fn salutation(text: &str) -> Result<Salutation, Problem> {
    let first_word = text.split_whitespace().next().map(fold).unwrap_or_default();
    match first_word.as_str() {
        "frau" | "fr" | "ms" | "mrs" | "miss" => Ok(Salutation::Frau),
        "herr" | "hr" | "mr" => Ok(Salutation::Herr),
        _ => match fold(text).as_str() {
            "" | "keine" | "keineangabe" | "ohne" | "divers" | "neutral" | "none" | "mx"
            | "keineanrede" => Ok(Salutation::Keine),
            _ => Err(Problem::UnknownSalutation(text.into())),
        },
    }
}

/// The kind of municipality as a form spells it; `None` for an empty cell.
pub fn municipality_kind(text: &str) -> Result<Option<MunicipalityKind>, Problem> {
    let folded = fold(text);
    if folded.is_empty() {
        return Ok(None);
    }
    let kind = if folded.starts_with("kreisfrei") {
        MunicipalityKind::KreisfreieStadt
    } else if folded.starts_with("kreisangehoerig") || folded == "gemeinde" || folded == "stadt" {
        MunicipalityKind::KreisangehoerigeGemeinde
    } else if folded == "landkreis" || folded == "kreis" || folded == "regionalverband" {
        MunicipalityKind::Landkreis
    } else if folded == "stadtstaat" {
        MunicipalityKind::Stadtstaat
    } else if let Some(kind) = MunicipalityKind::ALL
        .into_iter()
        .find(|k| fold(k.key()) == folded || fold(k.label()) == folded)
    {
        kind
    } else {
        return Err(Problem::UnknownKind(text.into()));
    };
    Ok(Some(kind))
}

/// The kind a name makes certain ("Landkreis Harz", "Kreis Soest", Berlin in Berlin);
/// `None` when only the coordinator can say.
pub fn kind_from_name(name: &str, state_code: &str) -> Option<MunicipalityKind> {
    let folded = fold(name);
    if folded.starts_with("landkreis") || folded.starts_with("kreis") {
        return Some(MunicipalityKind::Landkreis);
    }
    let city_state = match state_code {
        "DE-BE" => "berlin",
        "DE-HH" => "hamburg",
        "DE-HB" => "bremen",
        _ => return None,
    };
    folded
        .trim_start_matches("stadt")
        .trim_start_matches("landeshauptstadt")
        .trim_start_matches("freieundhansestadt")
        .trim_start_matches("freiehansestadt")
        .eq(city_state)
        .then_some(MunicipalityKind::Stadtstaat)
}

/// An e-mail address as typed, checked for the shape name@domain.tld.
pub fn email(text: &str) -> Result<String, Problem> {
    let t = text.trim().trim_start_matches("mailto:");
    let valid = match t.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !t.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
        }
        None => false,
    };
    if valid {
        Ok(t.to_string())
    } else {
        Err(Problem::InvalidEmail(text.into()))
    }
}

/// German postal codes have five digits; a spreadsheet that took "04109" for a number
/// wrote "4109", so the lost zero is put back.
pub fn postal_code(text: &str) -> String {
    let t = text.trim();
    if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        format!("0{t}")
    } else {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn states_from_names_abbreviations_and_case_variants() {
        assert_eq!(state("Nordrhein-Westfalen"), Ok("DE-NW"));
        assert_eq!(state("NRW"), Ok("DE-NW"));
        assert_eq!(state("sachsen-anhalt"), Ok("DE-ST"));
        assert_eq!(state("THÜRINGEN"), Ok("DE-TH"));
        assert_eq!(
            state("Preußen"),
            Err(Problem::UnknownState("Preußen".into()))
        );
    }

    #[test]
    fn track_names_as_forms_write_them() {
        for text in [
            "Lernpfad Führung",
            "Führung",
            "fuehrung",
            "Leitung",
            "FÜHRUNGSKRÄFTE",
        ] {
            assert_eq!(track(text), Ok(TrackRole::Fuehrung), "{text}");
        }
        for text in ["Lernpfad Change", "Change", "Planung", "Planungsfachkraft"] {
            assert_eq!(track(text), Ok(TrackRole::Change), "{text}");
        }
        for text in ["Führung und Change", "Lernpfad 3", ""] {
            assert!(track(text).is_err(), "{text}");
        }
    }

    #[test]
    fn yes_and_no_in_german_english_and_crosses() {
        for text in ["ja", "Ja", "JA", "yes", "x", "X", "1", "✓"] {
            assert_eq!(yes_no(text), Ok(Some(true)), "{text}");
        }
        for text in ["nein", "Nein", "no", "NO", "0", "-"] {
            assert_eq!(yes_no(text), Ok(Some(false)), "{text}");
        }
        assert_eq!(yes_no("  "), Ok(None));
        assert!(yes_no("vielleicht").is_err());
    }

    #[test]
    fn experience_spellings() {
        let cases = [
            ("8", 8.0),
            ("1,5", 1.5),
            ("1.5", 1.5),
            ("8 Jahre", 8.0),
            ("ca. 4 Jahre", 4.0),
            ("über 10", 11.0),
            ("Über 10 Jahre", 11.0),
            ("mehr als 10", 11.0),
            ("10+", 11.0),
            ("unter 3", 2.0),
            ("weniger als 1 Jahr", 0.0),
            ("3-5", 4.0),
            ("3 bis 5 Jahre", 4.0),
            ("keine", 0.0),
            ("0", 0.0),
        ];
        for (text, years) in cases {
            assert_eq!(experience(text), Ok(Some(years)), "{text}");
        }
        assert_eq!(experience(""), Ok(None));
        for text in ["viele", "-3", "120", "5-3", "über 3-5"] {
            assert!(experience(text).is_err(), "{text}");
        }
    }

    #[test]
    fn experience_over_ten_lands_in_the_top_default_band() {
        // The default bands are [0,3), [3,11), [11,∞): "über 10" must not count as 3–10.
        assert!(experience("über 10").unwrap().unwrap() >= 11.0);
        assert!(experience("unter 3").unwrap().unwrap() < 3.0);
    }

    #[test]
    fn german_and_iso_date_times() {
        assert_eq!(date_time("16.09.2025 09:41"), Ok(at(2025, 9, 16, 9, 41)));
        assert_eq!(date_time("16.9.2025 9:41"), Ok(at(2025, 9, 16, 9, 41)));
        assert_eq!(
            date_time("16.09.2025, 09:41 Uhr"),
            Ok(at(2025, 9, 16, 9, 41))
        );
        assert_eq!(date_time("16.09.2025"), Ok(at(2025, 9, 16, 0, 0)));
        assert_eq!(date_time("16.09.25 09:41"), Ok(at(2025, 9, 16, 9, 41)));
        assert_eq!(date_time("2025-09-16"), Ok(at(2025, 9, 16, 0, 0)));
        assert_eq!(date_time("2025-09-16 09:41:00"), Ok(at(2025, 9, 16, 9, 41)));
        assert_eq!(date_time("2025-09-16T09:41:00"), Ok(at(2025, 9, 16, 9, 41)));
        assert_eq!(
            date_time("2025-09-16T09:41:00+02:00"),
            Ok(at(2025, 9, 16, 9, 41))
        );
        assert_eq!(
            date_time("2025-09-16T09:41:00.250"),
            Ok(at(2025, 9, 16, 9, 41) + chrono::Duration::milliseconds(250))
        );
        for text in ["31.02.2025", "gestern", "2025-13-01", ""] {
            assert!(date_time(text).is_err(), "{text}");
        }
    }

    #[test]
    fn salutations() {
        assert_eq!(salutation("Frau"), Ok(Salutation::Frau));
        assert_eq!(salutation("frau dr."), Ok(Salutation::Frau));
        assert_eq!(salutation("Hr."), Ok(Salutation::Herr));
        assert_eq!(salutation("Mr"), Ok(Salutation::Herr));
        assert_eq!(salutation(""), Ok(Salutation::Keine));
        assert_eq!(salutation("keine Angabe"), Ok(Salutation::Keine));
        assert_eq!(salutation("divers"), Ok(Salutation::Keine));
        assert!(salutation("Seine Exzellenz").is_err());
    }

    #[test]
    fn municipality_kinds_and_what_a_name_makes_certain() {
        assert_eq!(
            municipality_kind("kreisfreie Stadt"),
            Ok(Some(MunicipalityKind::KreisfreieStadt))
        );
        assert_eq!(
            municipality_kind("Kreisangehörige Stadt/Gemeinde"),
            Ok(Some(MunicipalityKind::KreisangehoerigeGemeinde))
        );
        assert_eq!(
            municipality_kind("Landkreis"),
            Ok(Some(MunicipalityKind::Landkreis))
        );
        assert_eq!(
            municipality_kind("stadtstaat"),
            Ok(Some(MunicipalityKind::Stadtstaat))
        );
        assert_eq!(municipality_kind(""), Ok(None));
        assert!(municipality_kind("Bezirk").is_err());
        assert_eq!(
            kind_from_name("Landkreis Harz", "DE-ST"),
            Some(MunicipalityKind::Landkreis)
        );
        assert_eq!(
            kind_from_name("Berlin", "DE-BE"),
            Some(MunicipalityKind::Stadtstaat)
        );
        assert_eq!(kind_from_name("Stadt Halle (Saale)", "DE-ST"), None);
    }

    #[test]
    fn emails_are_checked_for_shape_only() {
        assert_eq!(
            email(" Anna.Weber@Koeln.de "),
            Ok("Anna.Weber@Koeln.de".into())
        );
        assert_eq!(email("mailto:a@b.de"), Ok("a@b.de".into()));
        for text in [
            "",
            "anna",
            "anna@",
            "@koeln.de",
            "anna@koeln",
            "a b@c.de",
            "a@b@c.de",
            "a@b.de; c@d.de",
        ] {
            assert!(email(text).is_err(), "{text}");
        }
    }

    #[test]
    fn postal_codes_get_their_leading_zero_back() {
        assert_eq!(postal_code("4109"), "04109");
        assert_eq!(postal_code("04109"), "04109");
        assert_eq!(postal_code("D-04109"), "D-04109");
    }
}
