//! German public holidays, nationwide and per federal state, as a module date is checked
//! against them. Pure date arithmetic: Easter by the Gregorian computus, the rest fixed
//! or counted from Easter. States are ISO 3166-2 codes ("DE-SN").

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The holiday's German name when `date` is a public holiday in `state` (or nationwide
/// when `state` is empty or unknown).
pub fn holiday(date: NaiveDate, state: &str) -> Option<&'static str> {
    let year = date.year();
    let easter = easter_sunday(year)?;
    let from_easter = |days: i64| easter + Duration::days(days);
    let fixed = |month: u32, day: u32| NaiveDate::from_ymd_opt(year, month, day);
    let in_states = |states: &[&str]| states.contains(&state);

    let candidates: [(Option<NaiveDate>, &'static str, bool); 18] = [
        (fixed(1, 1), "Neujahr", true),
        (
            fixed(1, 6),
            "Heilige Drei Könige",
            in_states(&["DE-BW", "DE-BY", "DE-ST"]),
        ),
        (
            fixed(3, 8),
            "Internationaler Frauentag",
            in_states(&["DE-BE", "DE-MV"]),
        ),
        (Some(from_easter(-2)), "Karfreitag", true),
        (Some(from_easter(1)), "Ostermontag", true),
        (fixed(5, 1), "Tag der Arbeit", true),
        (Some(from_easter(39)), "Christi Himmelfahrt", true),
        (Some(from_easter(50)), "Pfingstmontag", true),
        (
            Some(from_easter(60)),
            "Fronleichnam",
            in_states(&["DE-BW", "DE-BY", "DE-HE", "DE-NW", "DE-RP", "DE-SL"]),
        ),
        (fixed(8, 15), "Mariä Himmelfahrt", in_states(&["DE-SL"])),
        (fixed(9, 20), "Weltkindertag", in_states(&["DE-TH"])),
        (fixed(10, 3), "Tag der Deutschen Einheit", true),
        (
            fixed(10, 31),
            "Reformationstag",
            in_states(&[
                "DE-BB", "DE-HB", "DE-HH", "DE-MV", "DE-NI", "DE-SN", "DE-SH", "DE-ST", "DE-TH",
            ]),
        ),
        (
            fixed(11, 1),
            "Allerheiligen",
            in_states(&["DE-BW", "DE-BY", "DE-NW", "DE-RP", "DE-SL"]),
        ),
        (
            repentance_day(year),
            "Buß- und Bettag",
            in_states(&["DE-SN"]),
        ),
        (fixed(12, 25), "1. Weihnachtstag", true),
        (fixed(12, 26), "2. Weihnachtstag", true),
        // Easter Sunday and Whit Sunday are Sundays, already warned about as weekend days.
        (None, "", false),
    ];
    candidates
        .into_iter()
        .find(|(day, _, applies)| *applies && *day == Some(date))
        .map(|(_, name, _)| name)
}

/// Easter Sunday (Anonymous Gregorian algorithm, "Meeus/Jones/Butcher").
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

/// The Wednesday before 23 November.
fn repentance_day(year: i32) -> Option<NaiveDate> {
    let mut day = NaiveDate::from_ymd_opt(year, 11, 22)?;
    while day.weekday() != Weekday::Wed {
        day = day.pred_opt()?;
    }
    Some(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_falls_on_the_published_dates() {
        assert_eq!(easter_sunday(2024), Some(d(2024, 3, 31)));
        assert_eq!(easter_sunday(2025), Some(d(2025, 4, 20)));
        assert_eq!(easter_sunday(2026), Some(d(2026, 4, 5)));
        assert_eq!(easter_sunday(2027), Some(d(2027, 3, 28)));
    }

    #[test]
    fn nationwide_and_state_holidays_are_told_apart() {
        assert_eq!(
            holiday(d(2025, 10, 3), ""),
            Some("Tag der Deutschen Einheit")
        );
        assert_eq!(
            holiday(d(2026, 5, 14), "DE-NW"),
            Some("Christi Himmelfahrt")
        );
        assert_eq!(holiday(d(2026, 6, 4), "DE-NW"), Some("Fronleichnam"));
        assert_eq!(holiday(d(2026, 6, 4), "DE-SN"), None);
        assert_eq!(holiday(d(2025, 11, 19), "DE-SN"), Some("Buß- und Bettag"));
        assert_eq!(holiday(d(2025, 11, 19), "DE-BY"), None);
        assert_eq!(holiday(d(2025, 10, 31), "DE-ST"), Some("Reformationstag"));
        assert_eq!(holiday(d(2025, 12, 3), "DE-ST"), None);
    }
}
