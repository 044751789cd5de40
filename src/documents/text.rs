//! German wording shared by every document: dates, salutations, names, file names.

use chrono::{Datelike, NaiveDate};

use crate::model::{Module, Person, Salutation, display_name};

const MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

const WEEKDAYS: [&str; 7] = [
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
];

fn month(date: NaiveDate) -> &'static str {
    MONTHS[date.month0() as usize]
}

/// "26. November 2026", as DIN 5008 writes a date in running text.
pub fn german_date(date: NaiveDate) -> String {
    format!("{}. {} {}", date.day(), month(date), date.year())
}

/// "Donnerstag, 3. Dezember 2025"
pub fn german_weekday_date(date: NaiveDate) -> String {
    format!(
        "{}, {}",
        WEEKDAYS[date.weekday().num_days_from_monday() as usize],
        german_date(date)
    )
}

/// "3.–4. Dezember 2025", "30. November – 1. Dezember 2025", or one date when the
/// module fits in a day.
pub fn german_range(start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        german_date(start)
    } else if start.year() != end.year() {
        format!("{} – {}", german_date(start), german_date(end))
    } else if start.month() != end.month() {
        format!("{}. {} – {}", start.day(), month(start), german_date(end))
    } else {
        format!("{}.–{}", start.day(), german_date(end))
    }
}

/// The module's dates once fixed, else its date label ("voraussichtlich KW 49, 2025").
pub fn module_dates(module: &Module) -> String {
    match (module.start_date, module.end_date) {
        (Some(start), Some(end)) => german_range(start, end),
        (Some(start), None) => german_date(start),
        _ => module.date_label.clone(),
    }
}

pub fn module_dates_fixed(module: &Module) -> bool {
    module.start_date.is_some()
}

/// "Dr. Jana Weber"
pub fn full_name(person: &Person) -> String {
    person.display_name()
}

/// "Frau Dr. Jana Weber" for the address field; no gendered word for `Keine`.
pub fn address_name(person: &Person) -> String {
    match person.salutation {
        Salutation::Frau => format!("Frau {}", full_name(person)),
        Salutation::Herr => format!("Herr {}", full_name(person)),
        Salutation::Keine => full_name(person),
    }
}

/// "Sehr geehrte Frau Dr. Weber," / "Sehr geehrter Herr Becker," / "Guten Tag Kim Vogt,".
/// The title stays, the first name goes, as German business letters do it; without a
/// gendered salutation the full name is the respectful form.
pub fn salutation(person: &Person) -> String {
    let title_and_last = display_name(&person.title, "", &person.last_name);
    match person.salutation {
        Salutation::Frau => format!("Sehr geehrte Frau {title_and_last},"),
        Salutation::Herr => format!("Sehr geehrter Herr {title_and_last},"),
        Salutation::Keine => format!("Guten Tag {},", full_name(person)),
    }
}

/// ASCII for file names: German umlauts as "ae", "oe", "ue", "ss", everything else via
/// its closest ASCII letters; anything that is not a letter or digit becomes "-".
fn ascii_part(text: &str) -> String {
    let mut german = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ä' => german.push_str("ae"),
            'ö' => german.push_str("oe"),
            'ü' => german.push_str("ue"),
            'Ä' => german.push_str("Ae"),
            'Ö' => german.push_str("Oe"),
            'Ü' => german.push_str("Ue"),
            'ß' => german.push_str("ss"),
            c => german.push(c),
        }
    }
    let ascii = deunicode::deunicode(&german);
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// `Zusage_Nachname_Vorname.pdf`: ASCII letters, digits, "-" and "_" only, so the name
/// is safe on every file system and can never leave the chosen folder.
pub fn file_name(prefix: &str, parts: &[&str]) -> String {
    let mut name = ascii_part(prefix);
    for part in parts {
        let part = ascii_part(part);
        if !part.is_empty() {
            if !name.is_empty() {
                name.push('_');
            }
            name.push_str(&part);
        }
    }
    if name.is_empty() {
        name.push_str("Dokument");
    }
    // ASCII only, so 120 characters are 120 bytes: with the extension far below the
    // 255 bytes every file system allows for a name.
    name.truncate(120);
    let name = name.trim_end_matches('-').to_string();
    // Windows refuses these names with any extension ("CON.pdf" opens the console).
    let stem = name.to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        return format!("{name}_.pdf");
    }
    format!("{name}.pdf")
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn person(salutation: Salutation, title: &str, first: &str, last: &str) -> Person {
        Person {
            id: Uuid::nil(),
            salutation,
            title: title.into(),
            first_name: first.into(),
            last_name: last.into(),
            email: String::new(),
            phone: String::new(),
            job_title: String::new(),
            municipality_id: Uuid::nil(),
            street: String::new(),
            postal_code: String::new(),
            city: String::new(),
            gender: String::new(),
            dietary_needs: String::new(),
            accessibility_needs: String::new(),
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn dates_read_as_german_text() {
        assert_eq!(german_date(date(2026, 11, 26)), "26. November 2026");
        assert_eq!(german_date(date(2026, 3, 1)), "1. März 2026");
        assert_eq!(
            german_weekday_date(date(2025, 12, 4)),
            "Donnerstag, 4. Dezember 2025"
        );
    }

    #[test]
    fn ranges_name_the_month_once_where_they_can() {
        assert_eq!(
            german_range(date(2025, 12, 4), date(2025, 12, 5)),
            "4.–5. Dezember 2025"
        );
        assert_eq!(
            german_range(date(2025, 11, 30), date(2025, 12, 1)),
            "30. November – 1. Dezember 2025"
        );
        assert_eq!(
            german_range(date(2025, 12, 31), date(2026, 1, 1)),
            "31. Dezember 2025 – 1. Januar 2026"
        );
    }

    #[test]
    fn salutation_follows_anrede_and_title() {
        assert_eq!(
            salutation(&person(Salutation::Frau, "Dr.", "Jana", "Weber")),
            "Sehr geehrte Frau Dr. Weber,"
        );
        assert_eq!(
            salutation(&person(Salutation::Herr, "", "Tom", "Becker")),
            "Sehr geehrter Herr Becker,"
        );
        assert_eq!(
            salutation(&person(Salutation::Keine, "", "Kim", "Vogt")),
            "Guten Tag Kim Vogt,"
        );
    }

    #[test]
    fn file_names_are_ascii_and_cannot_escape_the_folder() {
        assert_eq!(
            file_name("Zusage", &["Jürgens", "Kai"]),
            "Zusage_Juergens_Kai.pdf"
        );
        assert_eq!(
            file_name("Zusage", &["Größe-Öztürk", "Zoë"]),
            "Zusage_Groesse-Oeztuerk_Zoe.pdf"
        );
        assert_eq!(
            file_name("Absage", &["../../etc/passwd", "a\\b"]),
            "Absage_etc-passwd_a-b.pdf"
        );
        assert_eq!(file_name("Zusage", &["Yıldız", ""]), "Zusage_Yildiz.pdf");
    }

    #[test]
    fn file_names_avoid_reserved_windows_names() {
        for reserved in ["CON", "con", "Prn", "AUX", "NUL", "COM1", "lpt9"] {
            let name = file_name("", &[reserved]);
            assert_eq!(name, format!("{reserved}_.pdf"));
        }
        assert_eq!(file_name("", &["Conrad"]), "Conrad.pdf");
        assert_eq!(file_name("", &["COM10"]), "COM10.pdf");
        assert_eq!(file_name("Zusage", &["Con"]), "Zusage_Con.pdf");
    }

    #[test]
    fn file_names_stay_within_255_bytes_for_any_name() {
        let long = "Ä".repeat(400);
        let hyphenated = "ab-".repeat(200);
        for parts in [[long.as_str(), "ß"], [hyphenated.as_str(), "x"]] {
            let name = file_name("Teilnahmebescheinigung", &parts);
            assert!(name.len() <= 255, "{} bytes", name.len());
            assert!(name.is_ascii() && name.ends_with(".pdf"));
            assert!(!name.contains("-.pdf"), "{name}");
        }
    }
}
