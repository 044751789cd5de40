//! What a letter run is about to do, said before it starts: how many letters, who
//! already has one of this kind, whose address field would stay empty.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::text::full_name;
use super::{LetterKind, Recipient};
use crate::model::Person;

/// One person the summary names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SummaryPerson {
    pub application_id: Uuid,
    /// Full name with title, as the address field prints it.
    pub name: String,
    pub municipality: String,
}

/// A letter run before it starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LetterSummary {
    pub kind: LetterKind,
    /// Everyone the run writes to (all with the run's status).
    pub recipients: usize,
    /// Of them, those who already have a letter of this kind: left out on request.
    pub already_written: Vec<SummaryPerson>,
    /// Of them, those without street, postal code or city: their letter's address field
    /// would lack it, so it cannot go out by post as it is.
    pub without_address: Vec<SummaryPerson>,
}

impl LetterSummary {
    /// How many letters the run writes when those already written to are left out.
    pub fn new_letters(&self) -> usize {
        self.recipients - self.already_written.len()
    }
}

/// A postal address has a street, a postal code and a city.
pub fn has_postal_address(person: &Person) -> bool {
    [&person.street, &person.postal_code, &person.city]
        .iter()
        .all(|part| !part.trim().is_empty())
}

/// The summary of a run of `kind` to `recipients`; `written` holds the applications
/// that already have a letter of this kind.
pub fn letter_summary(
    kind: LetterKind,
    recipients: &[Recipient],
    written: &HashSet<Uuid>,
) -> LetterSummary {
    let person = |r: &Recipient| SummaryPerson {
        application_id: r.application_id,
        name: full_name(&r.person),
        municipality: r.municipality.clone(),
    };
    LetterSummary {
        kind,
        recipients: recipients.len(),
        already_written: recipients
            .iter()
            .filter(|r| written.contains(&r.application_id))
            .map(person)
            .collect(),
        without_address: recipients
            .iter()
            .filter(|r| !has_postal_address(&r.person))
            .map(person)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Salutation, Status, TrackRole};

    fn recipient(last: &str, street: &str, postal_code: &str, city: &str) -> Recipient {
        Recipient {
            application_id: Uuid::now_v7(),
            person: Person {
                id: Uuid::now_v7(),
                salutation: Salutation::Frau,
                title: String::new(),
                first_name: "Eva".into(),
                last_name: last.into(),
                email: String::new(),
                phone: String::new(),
                job_title: String::new(),
                municipality_id: Uuid::nil(),
                street: street.into(),
                postal_code: postal_code.into(),
                city: city.into(),
                gender: String::new(),
                dietary_needs: String::new(),
                accessibility_needs: String::new(),
            },
            municipality: "Stadt Kiel".into(),
            state: String::new(),
            state_name: String::new(),
            track_name: String::new(),
            track_role: TrackRole::Fuehrung,
            status: Status::Zugesagt,
            tandem_partner: None,
        }
    }

    #[test]
    fn counts_letters_names_those_written_to_and_those_without_an_address() {
        let people = [
            recipient("Voll", "Rathausplatz 1", "24103", "Kiel"),
            recipient("Ohne", "", "", ""),
            recipient("Halb", "Rathausplatz 2", " ", "Kiel"),
            recipient("Schon", "Markt 3", "24103", "Kiel"),
        ];
        let written: HashSet<Uuid> = [people[3].application_id].into();
        let summary = letter_summary(LetterKind::Zusage, &people, &written);
        assert_eq!(summary.recipients, 4);
        assert_eq!(summary.new_letters(), 3);
        let names = |list: &[SummaryPerson]| -> Vec<String> {
            list.iter().map(|p| p.name.clone()).collect()
        };
        assert_eq!(names(&summary.already_written), ["Eva Schon"]);
        assert_eq!(names(&summary.without_address), ["Eva Ohne", "Eva Halb"]);
    }
}
