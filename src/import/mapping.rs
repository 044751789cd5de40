//! Which column of the form export holds which field. Proposed from the header names,
//! corrected by the coordinator, saved for the next import.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::ImportError;

/// A field of an application that a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Field {
    Salutation,
    Title,
    FirstName,
    LastName,
    Email,
    Phone,
    Municipality,
    State,
    MunicipalityKind,
    JobTitle,
    Track,
    Experience,
    Fellow,
    TandemPartner,
    Street,
    PostalCode,
    City,
    Motivation,
    DietaryNeeds,
    AccessibilityNeeds,
    Gender,
    ReceivedAt,
}

impl Field {
    pub const ALL: [Field; 22] = [
        Field::Salutation,
        Field::Title,
        Field::FirstName,
        Field::LastName,
        Field::Email,
        Field::Phone,
        Field::Municipality,
        Field::State,
        Field::MunicipalityKind,
        Field::JobTitle,
        Field::Track,
        Field::Experience,
        Field::Fellow,
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

    /// Without these no application can be created, so a mapping must assign them.
    pub const REQUIRED: [Field; 7] = [
        Field::FirstName,
        Field::LastName,
        Field::Email,
        Field::Municipality,
        Field::State,
        Field::Track,
        Field::ReceivedAt,
    ];

    /// The snake-case key used in JSON, saved mappings and the audit.
    pub fn key(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    }

    pub fn from_key(key: &str) -> Option<Field> {
        serde_json::from_value(serde_json::Value::String(key.into())).ok()
    }

    /// The German name a coordinator reads.
    pub fn label(self) -> &'static str {
        match self {
            Field::Salutation => "Anrede",
            Field::Title => "Titel",
            Field::FirstName => "Vorname",
            Field::LastName => "Nachname",
            Field::Email => "E-Mail",
            Field::Phone => "Telefon",
            Field::Municipality => "Kommune",
            Field::State => "Bundesland",
            Field::MunicipalityKind => "Art der Kommune",
            Field::JobTitle => "Funktion",
            Field::Track => "Lernpfad",
            Field::Experience => "Jahre Leitungserfahrung",
            Field::Fellow => "Fellow",
            Field::TandemPartner => "Tandem-Partner",
            Field::Street => "Adresse",
            Field::PostalCode => "PLZ",
            Field::City => "Ort",
            Field::Motivation => "Motivation",
            Field::DietaryNeeds => "Ernährung",
            Field::AccessibilityNeeds => "Barrierefreiheit",
            Field::Gender => "Geschlecht",
            Field::ReceivedAt => "Eingangsdatum",
        }
    }

    /// Header spellings seen in German and English forms, already folded (see [`fold`]).
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Salutation => &["anrede", "salutation", "formofaddress", "ansprache"],
            Field::Title => &["titel", "title", "akademischertitel", "academictitle"],
            Field::FirstName => &["vorname", "firstname", "givenname", "forename", "vornamen"],
            Field::LastName => &[
                "nachname",
                "familienname",
                "lastname",
                "surname",
                "familyname",
                "name",
            ],
            Field::Email => &[
                "email",
                "emailadresse",
                "mail",
                "emailaddress",
                "mailadresse",
                "dienstlicheemail",
                "dienstlicheemailadresse",
            ],
            Field::Phone => &[
                "telefon",
                "telefonnummer",
                "tel",
                "phone",
                "phonenumber",
                "telephone",
                "mobil",
                "mobilnummer",
            ],
            Field::Municipality => &[
                "kommune",
                "namederkommune",
                "gemeinde",
                "gebietskoerperschaft",
                "municipality",
                "kommuneslandkreis",
                "kommunelandkreis",
                "landkreiskommune",
                "stadtlandkreis",
                "jugendamt",
                "organisation",
                "institution",
            ],
            Field::State => &["bundesland", "land", "state", "federalstate"],
            Field::MunicipalityKind => &[
                "artderkommune",
                "kommunenart",
                "kommunentyp",
                "typderkommune",
                "artdergebietskoerperschaft",
                "municipalitykind",
                "municipalitytype",
                "kindofmunicipality",
                "typeofmunicipality",
            ],
            Field::JobTitle => &[
                "funktion",
                "position",
                "stelle",
                "jobtitle",
                "role",
                "funktionposition",
                "dienstbezeichnung",
                "ihrefunktion",
            ],
            Field::Track => &[
                "lernpfad",
                "track",
                "learningtrack",
                "learningpath",
                "pfad",
                "gewuenschterlernpfad",
            ],
            Field::Experience => &[
                "jahreleitungserfahrung",
                "leitungserfahrung",
                "leitungserfahrunginjahren",
                "fuehrungserfahrung",
                "jahrefuehrungserfahrung",
                "yearsofleadershipexperience",
                "leadershipexperience",
                "experience",
                "yearsofexperience",
            ],
            Field::Fellow => &[
                "fellow",
                "fellowkommune",
                "fellowprogramm",
                "isfellow",
                "fellowmunicipality",
            ],
            Field::TandemPartner => &[
                "tandempartner",
                "tandempartnerin",
                "tandem",
                "partner",
                "partnerin",
                "tandempartnerinnen",
            ],
            Field::Street => &[
                "adresse",
                "strasse",
                "strassehausnummer",
                "strasseundhausnummer",
                "anschrift",
                "address",
                "street",
                "streetaddress",
                "dienstanschrift",
            ],
            Field::PostalCode => &[
                "plz",
                "postleitzahl",
                "postalcode",
                "zip",
                "zipcode",
                "postcode",
            ],
            Field::City => &["ort", "wohnort", "dienstort", "city", "town"],
            Field::Motivation => &[
                "motivation",
                "motivationsschreiben",
                "warummoechtensieteilnehmen",
                "motivationletter",
                "motivationstatement",
            ],
            Field::DietaryNeeds => &[
                "ernaehrung",
                "ernaehrungswuensche",
                "ernaehrungsweise",
                "essgewohnheiten",
                "verpflegung",
                "dietaryneeds",
                "diet",
                "dietaryrequirements",
            ],
            Field::AccessibilityNeeds => &[
                "barrierefreiheit",
                "barrierefreiheitsbedarf",
                "bedarfbarrierefreiheit",
                "accessibility",
                "accessibilityneeds",
            ],
            Field::Gender => &["geschlecht", "gender"],
            Field::ReceivedAt => &[
                "eingangsdatum",
                "eingegangenam",
                "eingang",
                "zeitstempel",
                "timestamp",
                "submittedat",
                "submitted",
                "absendedatum",
                "erstelltam",
                "createdat",
                "datum",
                "date",
            ],
        }
    }
}

/// One column of the file and the field it fills (`None`: ignored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ColumnAssignment {
    /// Position in the file, from 0. A saved mapping matches by header; the index only
    /// helps when a header is blank.
    pub index: usize,
    pub header: String,
    pub field: Option<Field>,
}

/// The whole mapping of one file, as the preview shows it for correction.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ColumnMapping {
    pub columns: Vec<ColumnAssignment>,
}

impl ColumnMapping {
    /// Proposes a mapping for `headers`: an assignment remembered for the same header
    /// (from an earlier import or a mapping file) wins, otherwise the header's name decides.
    /// Each field goes to at most one column, the first that claims it.
    pub fn propose(headers: &[String], remembered: &[ColumnAssignment]) -> ColumnMapping {
        let mut taken = Vec::new();
        let mut columns = Vec::with_capacity(headers.len());
        for (index, header) in headers.iter().enumerate() {
            let key = fold(header);
            let remembered = remembered.iter().find(|r| {
                if key.is_empty() {
                    r.header.trim().is_empty() && r.index == index
                } else {
                    fold(&r.header) == key
                }
            });
            let field = match remembered {
                Some(r) => r.field,
                None => guess(header),
            }
            .filter(|f| !taken.contains(f));
            if let Some(f) = field {
                taken.push(f);
            }
            columns.push(ColumnAssignment {
                index,
                header: header.clone(),
                field,
            });
        }
        ColumnMapping { columns }
    }

    /// The field of each column of a file with `width` columns, checked: every required
    /// field assigned, none twice.
    pub fn resolve(&self, width: usize) -> Result<Vec<Option<Field>>, ImportError> {
        let mut fields = vec![None; width];
        let mut seen: Vec<(Field, &str)> = Vec::new();
        for column in &self.columns {
            let Some(field) = column.field else { continue };
            if column.index >= width {
                return Err(ImportError::Mapping(format!(
                    "Spalte {} („{}“) gibt es in der Datei nicht",
                    column.index + 1,
                    column.header
                )));
            }
            if let Some((_, first)) = seen.iter().find(|(f, _)| *f == field) {
                return Err(ImportError::FieldTwice {
                    field: field.label().into(),
                    first: (*first).into(),
                    second: column.header.clone(),
                });
            }
            seen.push((field, &column.header));
            fields[column.index] = Some(field);
        }
        for field in Field::REQUIRED {
            if !fields.contains(&Some(field)) {
                return Err(ImportError::MissingColumn {
                    field: field.label().into(),
                });
            }
        }
        Ok(fields)
    }

    /// The header of the column holding `field`, or the field's label when none does.
    pub fn header_of(&self, field: Field) -> String {
        self.columns
            .iter()
            .find(|c| c.field == Some(field))
            .map(|c| c.header.trim())
            .filter(|h| !h.is_empty())
            .unwrap_or(field.label())
            .to_string()
    }
}

/// The field a header names, if any: an exact synonym first, then the longest synonym
/// the header starts with ("E-Mail-Adresse (dienstlich)"), with and without the part
/// in brackets.
pub fn guess(header: &str) -> Option<Field> {
    let full = fold(header);
    let without_brackets = fold(&strip_brackets(header));
    for key in [&without_brackets, &full] {
        if key.is_empty() {
            continue;
        }
        if let Some(f) = Field::ALL
            .into_iter()
            .find(|f| f.synonyms().contains(&key.as_str()))
        {
            return Some(f);
        }
    }
    Field::ALL
        .into_iter()
        .flat_map(|f| f.synonyms().iter().map(move |s| (f, *s)))
        // Short synonyms ("tel", "land", "ort") would claim unrelated headers as prefixes.
        .filter(|(_, s)| s.len() >= 5 && without_brackets.starts_with(s))
        .max_by_key(|(_, s)| s.len())
        .map(|(f, _)| f)
}

fn strip_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Lower case, umlauts and ß folded to ASCII, nothing but letters and digits: so
/// "E-Mail", "e_mail" and "EMAIL " are one header, and "Straße" is "strasse".
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => folded.push_str("ae"),
            'ö' => folded.push_str("oe"),
            'ü' => folded.push_str("ue"),
            'ß' => folded.push_str("ss"),
            'é' | 'è' | 'ê' => folded.push('e'),
            c if c.is_alphanumeric() => folded.push(c),
            _ => {}
        }
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|h| (*h).to_string()).collect()
    }

    #[test]
    fn german_headers_are_mapped_whatever_their_case_and_punctuation() {
        let mapping = ColumnMapping::propose(
            &headers(&[
                "Zeitstempel",
                "ANREDE",
                "Vorname",
                "Nachname",
                "E-Mail-Adresse (dienstlich)",
                "Kommune / Landkreis",
                "Bundesland",
                "Art der Kommune",
                "Gewünschter Lernpfad",
                "Jahre Leitungserfahrung",
                "Straße + Hausnummer",
                "PLZ",
                "Ort",
                "Tandem-Partner*in",
                "Ernährung",
                "Barrierefreiheit",
                "Sonstiges",
            ]),
            &[],
        );
        let fields: Vec<_> = mapping.columns.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            vec![
                Some(Field::ReceivedAt),
                Some(Field::Salutation),
                Some(Field::FirstName),
                Some(Field::LastName),
                Some(Field::Email),
                Some(Field::Municipality),
                Some(Field::State),
                Some(Field::MunicipalityKind),
                Some(Field::Track),
                Some(Field::Experience),
                Some(Field::Street),
                Some(Field::PostalCode),
                Some(Field::City),
                Some(Field::TandemPartner),
                Some(Field::DietaryNeeds),
                Some(Field::AccessibilityNeeds),
                None,
            ]
        );
    }

    #[test]
    fn english_headers_are_mapped() {
        let mapping = ColumnMapping::propose(
            &headers(&[
                "First name",
                "Last_Name",
                "E-mail address",
                "Municipality",
                "Federal state",
                "Track",
                "Submitted at",
                "Years of leadership experience",
                "ZIP code",
            ]),
            &[],
        );
        let fields: Vec<_> = mapping.columns.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            vec![
                Some(Field::FirstName),
                Some(Field::LastName),
                Some(Field::Email),
                Some(Field::Municipality),
                Some(Field::State),
                Some(Field::Track),
                Some(Field::ReceivedAt),
                Some(Field::Experience),
                Some(Field::PostalCode),
            ]
        );
    }

    #[test]
    fn a_remembered_assignment_beats_the_guess_and_a_field_is_used_once() {
        let remembered = [ColumnAssignment {
            index: 9,
            header: "Dienststelle".into(),
            field: Some(Field::Municipality),
        }];
        let mapping = ColumnMapping::propose(
            &headers(&["Dienststelle", "Kommune", "E-Mail", "Mail"]),
            &remembered,
        );
        let fields: Vec<_> = mapping.columns.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            vec![Some(Field::Municipality), None, Some(Field::Email), None]
        );
    }

    #[test]
    fn resolve_names_the_missing_required_field() {
        let mapping = ColumnMapping::propose(&headers(&["Vorname", "Nachname"]), &[]);
        let error = mapping.resolve(2).unwrap_err();
        assert_eq!(error.code(), "import.missing_column");
        assert!(error.to_string().contains("„E-Mail“"), "{error}");
    }

    #[test]
    fn every_field_has_a_key_that_reads_back() {
        for field in Field::ALL {
            assert_eq!(Field::from_key(&field.key()), Some(field), "{field:?}");
        }
        assert_eq!(Field::TandemPartner.key(), "tandem_partner");
    }

    #[test]
    fn mapping_round_trips_through_json() {
        let mapping = ColumnMapping::propose(&headers(&["E-Mail", "Bemerkung"]), &[]);
        let json = serde_json::to_string(&mapping).unwrap();
        assert!(json.contains("\"field\":\"email\""), "{json}");
        let back: ColumnMapping = serde_json::from_str(&json).unwrap();
        assert_eq!(back, mapping);
    }
}
