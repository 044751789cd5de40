//! Import errors. A [`Problem`] is what is wrong with one value (its reason, without a
//! place), so manual entry can show it next to a form field; an [`ImportError`] adds the
//! row and column of the file, or names a problem with the whole file.

use serde::{Serialize, Serializer};

/// What is wrong with one value. The message is the German reason alone.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    #[error("Pflichtangabe fehlt")]
    Missing,
    #[error("ungültige E-Mail-Adresse „{0}“")]
    InvalidEmail(String),
    #[error("unbekanntes Bundesland „{0}“")]
    UnknownState(String),
    #[error("unbekannter Lernpfad „{0}“ (erwartet: Führung oder Change)")]
    UnknownTrack(String),
    #[error("unbekannte Art der Kommune „{0}“")]
    UnknownKind(String),
    #[error("unbekannte Anrede „{0}“ (erwartet: Frau, Herr oder leer)")]
    UnknownSalutation(String),
    #[error("„{0}“ ist weder ja noch nein")]
    InvalidYesNo(String),
    #[error("Leitungserfahrung „{0}“ ist keine Zahl von Jahren")]
    InvalidExperience(String),
    #[error("„{0}“ ist kein Datum (erwartet z. B. 16.09.2025 09:41 oder 2025-09-16)")]
    InvalidDate(String),
    #[error("Bewertung {0} liegt nicht zwischen 1 und 5")]
    InvalidScore(i64),
    #[error("die Art der Kommune fehlt für die neue Kommune „{0}“")]
    KindNeededForNewMunicipality(String),
}

impl Problem {
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Missing => "import.missing",
            Problem::InvalidEmail(_) => "import.invalid_email",
            Problem::UnknownState(_) => "import.unknown_state",
            Problem::UnknownTrack(_) => "import.unknown_track",
            Problem::UnknownKind(_) => "import.unknown_kind",
            Problem::UnknownSalutation(_) => "import.unknown_salutation",
            Problem::InvalidYesNo(_) => "import.invalid_yes_no",
            Problem::InvalidExperience(_) => "import.invalid_experience",
            Problem::InvalidDate(_) => "import.invalid_date",
            Problem::InvalidScore(_) => "import.invalid_score",
            Problem::KindNeededForNewMunicipality(_) => "import.kind_needed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    #[error("Zeile {row}, Spalte „{column}“: {problem}")]
    Cell {
        row: usize,
        column: String,
        problem: Problem,
    },

    #[error("Die Datei enthält keine Zeilen.")]
    Empty,

    #[error(
        "Die Datei hat {} Zeilen; importiert werden höchstens {}. Bitte prüfen Sie, \
         ob es der richtige Export ist, oder teilen Sie ihn auf. Es wurde nichts importiert.",
        thousands(*rows),
        thousands(*limit)
    )]
    TooManyRows { rows: usize, limit: usize },

    #[error(
        "Die Datei ist {megabytes} MB groß; importiert werden höchstens {limit} MB. Bitte \
         prüfen Sie, ob es der richtige Export ist, oder teilen Sie ihn auf. Es wurde nichts importiert."
    )]
    TooLarge { megabytes: u64, limit: u64 },

    #[error("Die Datei „{path}“ konnte nicht gelesen werden: {reason}")]
    File { path: String, reason: String },

    #[error("Die Excel-Datei konnte nicht gelesen werden: {0}")]
    Xlsx(String),

    #[error("Die CSV-Datei konnte nicht gelesen werden (Zeile {row}): {reason}")]
    Csv { row: usize, reason: String },

    #[error(
        "Keine Spalte ist dem Feld „{field}“ zugeordnet; es wird für jede Bewerbung gebraucht."
    )]
    MissingColumn { field: String },

    #[error("Das Feld „{field}“ ist mehreren Spalten zugeordnet: „{first}“ und „{second}“.")]
    FieldTwice {
        field: String,
        first: String,
        second: String,
    },

    #[error("Die Spaltenzuordnung ist ungültig: {0}")]
    Mapping(String),

    #[error(
        "Das Programm hat keinen Lernpfad „{0}“; Bewerbungen dafür können nicht angelegt werden."
    )]
    NoTrack(String),
}

/// 20000 → "20.000", as German texts write numbers.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

impl ImportError {
    /// A stable, dotted code; cell errors carry the code of their problem.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Cell { problem, .. } => problem.code(),
            ImportError::Empty => "import.empty",
            ImportError::TooManyRows { .. } => "import.too_many_rows",
            ImportError::TooLarge { .. } => "import.too_large",
            ImportError::File { .. } => "import.file",
            ImportError::Xlsx(_) => "import.xlsx",
            ImportError::Csv { .. } => "import.csv",
            ImportError::MissingColumn { .. } => "import.missing_column",
            ImportError::FieldTwice { .. } => "import.field_twice",
            ImportError::Mapping(_) => "import.mapping",
            ImportError::NoTrack(_) => "import.no_track",
        }
    }
}

/// Crosses into the UI as `{"code": "...", "message": "..."}`, like the core's errors.
impl Serialize for ImportError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::coded::serialize_coded(serializer, self.code(), &self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_error_crosses_as_code_and_message_naming_row_and_column() {
        let error = ImportError::Cell {
            row: 14,
            column: "Bundesland".into(),
            problem: Problem::UnknownState("Preußen".into()),
        };
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            serde_json::json!({
                "code": "import.unknown_state",
                "message": "Zeile 14, Spalte „Bundesland“: unbekanntes Bundesland „Preußen“"
            })
        );
    }
}
