//! Errors of the exports: a stable code for programs, a German message for people (the
//! same shape as `crate::Error`; a store failure arrives as its code and message).

use serde::{Serialize, Serializer};

use crate::documents::DocumentError;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("Unbekannte Spalte „{key}“. Erlaubt sind: {allowed}.")]
    UnknownColumn { key: String, allowed: String },

    #[error("Bitte mindestens eine Spalte wählen.")]
    NoColumns,

    #[error("Modul {number} gibt es in diesem Programm nicht.")]
    UnknownModule { number: u32 },

    #[error(
        "Kein Modul hat feste Termine{tentative} – es wurde kein Kalender geschrieben.",
        tentative = if *.tentative_left_out { " (vorläufige Termine sind ausgelassen)" } else { "" }
    )]
    NoDates { tentative_left_out: bool },

    #[error("Die Excel-Datei konnte nicht erzeugt werden: {reason}")]
    Xlsx { reason: String },

    #[error("Der E-Mail-Entwurf konnte nicht erzeugt werden: {reason}")]
    Mail { reason: String },

    #[error("Die Datei „{path}“ konnte nicht geschrieben werden: {reason}")]
    Write { path: String, reason: String },

    /// Templates, letters, recipients: the documents' own error, code and message.
    #[error(transparent)]
    Document(#[from] DocumentError),

    #[error(transparent)]
    Cancelled(#[from] crate::job::Cancelled),

    /// A failure of the store underneath, with that error's own code and message.
    #[error("{message}")]
    Store { code: &'static str, message: String },
}

impl ExportError {
    /// A stable, dotted code for programs (the UI, scripts, tests).
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::UnknownColumn { .. } => "export.unknown_column",
            ExportError::NoColumns => "export.no_columns",
            ExportError::UnknownModule { .. } => "export.unknown_module",
            ExportError::NoDates { .. } => "export.no_dates",
            ExportError::Xlsx { .. } => "export.xlsx",
            ExportError::Mail { .. } => "export.mail",
            ExportError::Write { .. } => "export.write",
            ExportError::Document(e) => e.code(),
            ExportError::Cancelled(_) => crate::job::Cancelled::CODE,
            ExportError::Store { code, .. } => code,
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> ExportError {
        ExportError::Xlsx {
            reason: e.to_string(),
        }
    }
}

/// Crosses into the UI as `{"code": "...", "message": "..."}`.
impl Serialize for ExportError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::coded::serialize_coded(serializer, self.code(), &self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_dates_crosses_as_code_and_german_message() {
        let json = serde_json::to_value(ExportError::NoDates {
            tentative_left_out: true,
        })
        .expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({
                "code": "export.no_dates",
                "message": "Kein Modul hat feste Termine (vorläufige Termine sind ausgelassen) \
                            – es wurde kein Kalender geschrieben."
            })
        );
    }

    #[test]
    fn template_errors_keep_the_documents_code() {
        let e = ExportError::from(DocumentError::MissingSubject);
        assert_eq!(e.code(), "documents.missing_subject");
    }
}
