//! Module dates as iCalendar (RFC 5545): one event per module with dates. All-day with
//! the exclusive end (`DTEND;VALUE=DATE` the day after the last day), or timed from
//! the agenda's first and last item. The UID stays the same for a module across
//! exports; the caller keeps a SEQUENCE per module that grows when [`fingerprint`]
//! changes, so Outlook and Thunderbird update the event instead of adding a second one.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use icalendar::{Calendar, Component, EventLike, EventStatus};

use crate::model::{AgendaItem, Module, Programme};

/// One module as the calendar needs it.
pub struct Entry<'a> {
    pub module: &'a Module,
    /// The module's agenda (both days), for the times; empty means all-day.
    pub agenda: &'a [AgendaItem],
    pub sequence: u32,
}

/// The same for a module in every export, and unique to it.
pub fn uid(module: &Module) -> String {
    format!("modul-{}@kohorte", module.id)
}

/// The call's word for dates not yet confirmed: a module with dates whose label still
/// says "voraussichtlich …" goes out as a tentative event (and only when asked for).
pub fn is_tentative(module: &Module) -> bool {
    module
        .date_label
        .trim()
        .to_lowercase()
        .starts_with("voraussichtlich")
}

/// When and where the event is, as one comparable text: when it changes, the event's
/// SEQUENCE must grow. `None` while the module has no dates (no event).
pub fn fingerprint(module: &Module, agenda: &[AgendaItem]) -> Option<String> {
    let span = span(module, agenda)?;
    Some(format!(
        "{span:?}|{}|{}|{}",
        module.venue,
        module.title,
        is_tentative(module)
    ))
}

/// Start and end of the event: dates (end exclusive) or date-times.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Span {
    Days(NaiveDate, NaiveDate),
    Times(chrono::NaiveDateTime, chrono::NaiveDateTime),
}

fn span(module: &Module, agenda: &[AgendaItem]) -> Option<Span> {
    let start = module.start_date?;
    let last = module.end_date.unwrap_or(start).max(start);
    let time = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok();
    let first_day = agenda.iter().map(|i| i.day).min();
    let last_day = agenda.iter().map(|i| i.day).max();
    let begins = first_day.and_then(|d| {
        agenda
            .iter()
            .filter(|i| i.day == d)
            .filter_map(|i| time(&i.start))
            .min()
    });
    let ends = last_day.and_then(|d| {
        agenda
            .iter()
            .filter(|i| i.day == d)
            .filter_map(|i| time(&i.end))
            .max()
    });
    let day_of = |day: u8| start.checked_add_days(Days::new(u64::from(day.max(1)) - 1));
    let timed = match (first_day, last_day, begins, ends) {
        (Some(fd), Some(ld), Some(b), Some(e)) => {
            match (day_of(fd), day_of(ld).map(|d| d.min(last))) {
                (Some(from), Some(to)) if from.and_time(b) < to.and_time(e) => {
                    Some(Span::Times(from.and_time(b), to.and_time(e)))
                }
                _ => None,
            }
        }
        _ => None,
    };
    match timed {
        Some(span) => Some(span),
        None => Some(Span::Days(start, last.checked_add_days(Days::new(1))?)),
    }
}

/// The calendar of `entries` (modules without dates are left out), stamped `now`.
/// Returns the text and how many events it holds.
pub fn calendar(
    programme: &Programme,
    entries: &[Entry<'_>],
    now: DateTime<Utc>,
) -> (String, usize) {
    let mut calendar = Calendar::new();
    calendar.name(&programme.name);
    calendar.append_property(("METHOD", "PUBLISH"));
    let mut events = 0;
    for entry in entries {
        let Some(span) = span(entry.module, entry.agenda) else {
            continue;
        };
        let module = entry.module;
        let tentative = is_tentative(module);
        let mut event = icalendar::Event::new();
        event
            .uid(&uid(module))
            .timestamp(now)
            .sequence(entry.sequence)
            .summary(&format!(
                "Modul {}: {} – {}",
                module.number, module.title, programme.name
            ))
            .status(if tentative {
                EventStatus::Tentative
            } else {
                EventStatus::Confirmed
            })
            .add_property(
                "X-MICROSOFT-CDO-BUSYSTATUS",
                if tentative { "TENTATIVE" } else { "BUSY" },
            )
            .add_property("TRANSP", "OPAQUE");
        if !module.venue.trim().is_empty() {
            event.location(module.venue.trim());
        }
        let mut description = String::new();
        if tentative {
            description.push_str(&format!("Termin vorläufig: {}\n", module.date_label.trim()));
        }
        if !module.topics.is_empty() {
            description.push_str("Themen:\n");
            for topic in &module.topics {
                description.push_str(&format!("- {topic}\n"));
            }
        }
        if !description.is_empty() {
            event.description(description.trim_end());
        }
        match span {
            Span::Days(from, until) => event.starts(from).ends(until),
            Span::Times(from, until) => event.starts(from).ends(until),
        };
        calendar.push(event.done());
        events += 1;
    }
    (calendar.done().to_string(), events)
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn module(label: &str) -> Module {
        Module {
            id: Uuid::from_u128(7),
            programme_id: Uuid::nil(),
            number: 3,
            title: "Wirkung & Öffentlichkeit".into(),
            topics: vec!["Größe zeigen".into()],
            date_label: label.into(),
            start_date: NaiveDate::from_ymd_opt(2026, 6, 18),
            end_date: NaiveDate::from_ymd_opt(2026, 6, 19),
            venue: "Tagungshaus Weißenfels, Saal 2".into(),
        }
    }

    fn programme() -> Programme {
        Programme {
            id: Uuid::nil(),
            name: "Lernpfade".into(),
            is_demo: false,
            organiser_name: String::new(),
            organiser_address: String::new(),
            organiser_contact: String::new(),
            signatory_name: String::new(),
            signatory_role: String::new(),
            venue: String::new(),
            venue_state: String::new(),
            application_deadline: NaiveDate::from_ymd_opt(2025, 9, 30).expect("date"),
            cost_note: String::new(),
            travel_note: String::new(),
            images: Default::default(),
        }
    }

    #[test]
    fn without_an_agenda_the_event_is_all_day_with_the_exclusive_end() {
        let m = module("Juni 2026");
        let (text, events) = calendar(
            &programme(),
            &[Entry {
                module: &m,
                agenda: &[],
                sequence: 4,
            }],
            Utc::now(),
        );
        assert_eq!(events, 1);
        let text = unfold(&text);
        assert!(text.contains("DTSTART;VALUE=DATE:20260618\r\n"), "{text}");
        assert!(
            text.contains("DTEND;VALUE=DATE:20260620\r\n"),
            "the day after the last"
        );
        assert!(text.contains("SEQUENCE:4\r\n"));
        assert!(text.contains("LOCATION:Tagungshaus Weißenfels\\, Saal 2\r\n"));
        assert!(text.contains("STATUS:CONFIRMED\r\n"));
        assert!(text.contains("X-MICROSOFT-CDO-BUSYSTATUS:BUSY\r\n"));
    }

    #[test]
    fn the_fingerprint_changes_with_the_dates_and_not_otherwise() {
        let m = module("Juni 2026");
        let same = module("Juni 2026");
        let mut moved = module("Juni 2026");
        moved.end_date = NaiveDate::from_ymd_opt(2026, 6, 20);
        assert_eq!(fingerprint(&m, &[]), fingerprint(&same, &[]));
        assert_ne!(fingerprint(&m, &[]), fingerprint(&moved, &[]));
        let mut undated = module("Juni 2026");
        undated.start_date = None;
        assert_eq!(fingerprint(&undated, &[]), None);
        assert!(is_tentative(&module("Voraussichtlich KW 49, 2025")));
        assert!(!is_tentative(&m));
    }

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }
}
