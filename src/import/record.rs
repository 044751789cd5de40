//! One application as the import understands it: every field normalised. Built from the
//! cells of a row or from a manual-entry form, compared with what the database holds.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::Problem;
use super::mapping::{Field, fold};
use super::normalise;
use crate::model::{MunicipalityKind, Salutation, TrackRole};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
// Named apart from TypeScript's built-in `Record<K, V>`, which the bindings use.
#[ts(export, rename = "ImportRecord")]
pub struct Record {
    pub salutation: Salutation,
    pub title: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub municipality: String,
    /// ISO 3166-2 code.
    pub state: String,
    /// `None` when the form did not say; an existing municipality's kind is kept.
    pub municipality_kind: Option<MunicipalityKind>,
    pub job_title: String,
    pub track: TrackRole,
    pub experience_years: Option<f64>,
    /// `None` when the form did not ask.
    pub fellow: Option<bool>,
    pub tandem_partner: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub motivation: String,
    pub dietary_needs: String,
    pub accessibility_needs: String,
    pub gender: String,
    pub received_at: NaiveDateTime,
}

/// One field whose value differs between two records, both shown as a person reads them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Difference {
    pub field: Field,
    pub label: String,
    pub old: String,
    pub new: String,
}

/// Fields compared for duplicates and merged on request. Fellow and the kind of
/// municipality belong to the municipality, shared with other applicants, so an
/// applicant's row does not change them.
const COMPARED: [Field; 20] = [
    Field::Salutation,
    Field::Title,
    Field::FirstName,
    Field::LastName,
    Field::Email,
    Field::Phone,
    Field::Municipality,
    Field::State,
    Field::JobTitle,
    Field::Track,
    Field::Experience,
    Field::TandemPartner,
    Field::Street,
    Field::PostalCode,
    Field::City,
    Field::Motivation,
    Field::DietaryNeeds,
    Field::AccessibilityNeeds,
    Field::Gender,
    Field::ReceivedAt,
];

impl Record {
    /// Normalises the text of each field; every problem is returned, each with its field,
    /// so a form or a preview can show all of them at once.
    pub fn from_texts(values: &BTreeMap<Field, String>) -> Result<Record, Vec<(Field, Problem)>> {
        let mut problems = Vec::new();
        let text = |field: Field| values.get(&field).map_or("", |v| v.trim());
        // Required fields report "missing" for an empty cell; optional ones hand the
        // empty text to their normaliser, which knows what empty means for it.
        let take = |field: Field, required: bool, problems: &mut Vec<(Field, Problem)>| {
            let value = text(field);
            if required && value.is_empty() {
                problems.push((field, Problem::Missing));
                None
            } else {
                Some(value)
            }
        };
        fn checked<T>(
            field: Field,
            value: Option<&str>,
            normalise: impl Fn(&str) -> Result<T, Problem>,
            problems: &mut Vec<(Field, Problem)>,
        ) -> Option<T> {
            match normalise(value?) {
                Ok(v) => Some(v),
                Err(p) => {
                    problems.push((field, p));
                    None
                }
            }
        }

        let first_name = take(Field::FirstName, true, &mut problems);
        let last_name = take(Field::LastName, true, &mut problems);
        let municipality = take(Field::Municipality, true, &mut problems);
        let v = take(Field::Email, true, &mut problems);
        let email = checked(Field::Email, v, normalise::email, &mut problems);
        let v = take(Field::State, true, &mut problems);
        let state = checked(Field::State, v, normalise::state, &mut problems);
        let v = take(Field::Track, true, &mut problems);
        let track = checked(Field::Track, v, normalise::track, &mut problems);
        let v = take(Field::ReceivedAt, true, &mut problems);
        let received_at = checked(Field::ReceivedAt, v, normalise::date_time, &mut problems);
        let v = take(Field::Salutation, false, &mut problems);
        let salutation = checked(Field::Salutation, v, normalise::salutation, &mut problems);
        let v = take(Field::MunicipalityKind, false, &mut problems);
        let kind = checked(
            Field::MunicipalityKind,
            v,
            normalise::municipality_kind,
            &mut problems,
        );
        let v = take(Field::Experience, false, &mut problems);
        let experience_years = checked(Field::Experience, v, normalise::experience, &mut problems);
        let v = take(Field::Fellow, false, &mut problems);
        let fellow = checked(Field::Fellow, v, normalise::yes_no, &mut problems);

        let (
            Some(first_name),
            Some(last_name),
            Some(municipality),
            Some(email),
            Some(state),
            Some(track),
            Some(received_at),
            Some(salutation),
            Some(kind),
            Some(experience_years),
            Some(fellow),
            true,
        ) = (
            first_name,
            last_name,
            municipality,
            email,
            state,
            track,
            received_at,
            salutation,
            kind,
            experience_years,
            fellow,
            problems.is_empty(),
        )
        else {
            return Err(problems);
        };
        Ok(Record {
            salutation,
            title: text(Field::Title).into(),
            first_name: first_name.into(),
            last_name: last_name.into(),
            email,
            phone: text(Field::Phone).into(),
            municipality: municipality.into(),
            state: state.into(),
            municipality_kind: kind.or_else(|| normalise::kind_from_name(municipality, state)),
            job_title: text(Field::JobTitle).into(),
            track,
            experience_years,
            fellow,
            tandem_partner: text(Field::TandemPartner).into(),
            street: text(Field::Street).into(),
            postal_code: normalise::postal_code(text(Field::PostalCode)),
            city: text(Field::City).into(),
            motivation: text(Field::Motivation).into(),
            dietary_needs: text(Field::DietaryNeeds).into(),
            accessibility_needs: text(Field::AccessibilityNeeds).into(),
            gender: text(Field::Gender).into(),
            received_at,
        })
    }

    /// A field's value as a person reads it (the old and new values of the audit, too).
    pub fn display(&self, field: Field) -> String {
        match field {
            Field::Salutation => match self.salutation {
                Salutation::Frau => "Frau".into(),
                Salutation::Herr => "Herr".into(),
                Salutation::Keine => String::new(),
            },
            Field::Title => self.title.clone(),
            Field::FirstName => self.first_name.clone(),
            Field::LastName => self.last_name.clone(),
            Field::Email => self.email.clone(),
            Field::Phone => self.phone.clone(),
            Field::Municipality => self.municipality.clone(),
            Field::State => crate::reference::state_name(&self.state).into(),
            Field::MunicipalityKind => self
                .municipality_kind
                .map(|k| k.label().to_string())
                .unwrap_or_default(),
            Field::JobTitle => self.job_title.clone(),
            Field::Track => match self.track {
                TrackRole::Fuehrung => "Führung".into(),
                TrackRole::Change => "Change".into(),
            },
            Field::Experience => self
                .experience_years
                .map(|y| y.to_string().replace('.', ","))
                .unwrap_or_default(),
            Field::Fellow => match self.fellow {
                Some(true) => "ja".into(),
                Some(false) => "nein".into(),
                None => String::new(),
            },
            Field::TandemPartner => self.tandem_partner.clone(),
            Field::Street => self.street.clone(),
            Field::PostalCode => self.postal_code.clone(),
            Field::City => self.city.clone(),
            Field::Motivation => self.motivation.clone(),
            Field::DietaryNeeds => self.dietary_needs.clone(),
            Field::AccessibilityNeeds => self.accessibility_needs.clone(),
            Field::Gender => self.gender.clone(),
            Field::ReceivedAt => self.received_at.format("%d.%m.%Y %H:%M").to_string(),
        }
    }

    /// What differs from `self` (old) to `other` (new).
    pub fn differences(&self, other: &Record) -> Vec<Difference> {
        COMPARED
            .into_iter()
            .filter_map(|field| {
                let (old, new) = (self.display(field), other.display(field));
                let same = if field == Field::Email {
                    old.to_lowercase() == new.to_lowercase()
                } else {
                    old == new
                };
                (!same).then(|| Difference {
                    field,
                    label: field.label().into(),
                    old,
                    new,
                })
            })
            .collect()
    }

    /// The merge of two submissions of one person: the newer one's values win, but an
    /// empty newer value never erases an older one, so nothing is lost.
    pub fn merged_with(&self, other: &Record) -> Record {
        let (older, newer) = if other.received_at >= self.received_at {
            (self, other)
        } else {
            (other, self)
        };
        let pick = |new: &String, old: &String| {
            if new.trim().is_empty() {
                old.clone()
            } else {
                new.clone()
            }
        };
        Record {
            salutation: if newer.salutation == Salutation::Keine {
                older.salutation
            } else {
                newer.salutation
            },
            title: pick(&newer.title, &older.title),
            first_name: pick(&newer.first_name, &older.first_name),
            last_name: pick(&newer.last_name, &older.last_name),
            email: pick(&newer.email, &older.email),
            phone: pick(&newer.phone, &older.phone),
            municipality: pick(&newer.municipality, &older.municipality),
            state: pick(&newer.state, &older.state),
            municipality_kind: newer.municipality_kind.or(older.municipality_kind),
            job_title: pick(&newer.job_title, &older.job_title),
            track: newer.track,
            experience_years: newer.experience_years.or(older.experience_years),
            fellow: newer.fellow.or(older.fellow),
            tandem_partner: pick(&newer.tandem_partner, &older.tandem_partner),
            street: pick(&newer.street, &older.street),
            postal_code: pick(&newer.postal_code, &older.postal_code),
            city: pick(&newer.city, &older.city),
            motivation: pick(&newer.motivation, &older.motivation),
            dietary_needs: pick(&newer.dietary_needs, &older.dietary_needs),
            accessibility_needs: pick(&newer.accessibility_needs, &older.accessibility_needs),
            gender: pick(&newer.gender, &older.gender),
            received_at: newer.received_at,
        }
    }

    /// Same e-mail, ignoring case.
    pub fn email_key(&self) -> String {
        self.email.trim().to_lowercase()
    }

    /// Same person by name in the same municipality, ignoring case, umlaut spelling and
    /// punctuation.
    pub fn name_key(&self) -> String {
        format!(
            "{}|{}|{}",
            fold(&self.first_name),
            fold(&self.last_name),
            municipality_key(&self.municipality, &self.state)
        )
    }
}

/// A municipality is one by name and state, however its name is capitalised.
pub fn municipality_key(name: &str, state: &str) -> String {
    format!("{}|{}", fold(name), state)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(pairs: &[(Field, &str)]) -> BTreeMap<Field, String> {
        pairs.iter().map(|(f, v)| (*f, (*v).to_string())).collect()
    }

    fn minimal() -> BTreeMap<Field, String> {
        texts(&[
            (Field::FirstName, "Anna"),
            (Field::LastName, "Weber"),
            (Field::Email, "anna.weber@koeln.de"),
            (Field::Municipality, "Stadt Köln"),
            (Field::State, "NRW"),
            (Field::Track, "Lernpfad Führung"),
            (Field::ReceivedAt, "16.09.2025 09:41"),
        ])
    }

    #[test]
    fn a_minimal_row_is_normalised() {
        let record = Record::from_texts(&minimal()).unwrap();
        assert_eq!(record.state, "DE-NW");
        assert_eq!(record.track, TrackRole::Fuehrung);
        assert_eq!(record.salutation, Salutation::Keine);
        assert_eq!(record.display(Field::ReceivedAt), "16.09.2025 09:41");
        assert_eq!(record.municipality_kind, None);
    }

    #[test]
    fn every_problem_of_a_row_is_reported_with_its_field() {
        let mut values = minimal();
        values.insert(Field::Email, "anna".into());
        values.insert(Field::State, "Preußen".into());
        values.insert(Field::LastName, " ".into());
        values.insert(Field::Experience, "viele".into());
        let problems = Record::from_texts(&values).unwrap_err();
        let fields: Vec<Field> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            vec![
                Field::LastName,
                Field::Email,
                Field::State,
                Field::Experience
            ]
        );
        assert_eq!(problems[2].1, Problem::UnknownState("Preußen".into()));
    }

    #[test]
    fn merge_takes_the_newer_values_but_keeps_older_ones_the_newer_left_empty() {
        let older = Record::from_texts(&minimal()).unwrap();
        let mut values = minimal();
        values.insert(Field::ReceivedAt, "20.09.2025 10:00".into());
        values.insert(Field::Phone, "0221 1234".into());
        values.insert(Field::Track, "Change".into());
        let mut newer = Record::from_texts(&values).unwrap();
        let mut older = older;
        older.motivation = "Steuerung lernen".into();
        newer.motivation = String::new();
        let merged = older.merged_with(&newer);
        assert_eq!(merged, newer.merged_with(&older), "order must not matter");
        assert_eq!(merged.track, TrackRole::Change);
        assert_eq!(merged.phone, "0221 1234");
        assert_eq!(merged.motivation, "Steuerung lernen");
        let changed: Vec<Field> = older.differences(&merged).iter().map(|d| d.field).collect();
        assert_eq!(changed, vec![Field::Phone, Field::Track, Field::ReceivedAt]);
    }

    #[test]
    fn name_key_ignores_case_and_umlaut_spelling() {
        let mut a = Record::from_texts(&minimal()).unwrap();
        let mut b = a.clone();
        a.last_name = "Müller".into();
        b.last_name = "MUELLER".into();
        b.municipality = "stadt köln".into();
        assert_eq!(a.name_key(), b.name_key());
    }
}
