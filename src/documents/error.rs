//! Errors of document generation: a stable code for programs, a German message for
//! people (the same shape as `crate::Error`; a store failure arrives as its code and
//! message, converted in `crate::error`).

use serde::{Serialize, Serializer};

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error(
        "Unbekannter Platzhalter „{name}“ in der Vorlage. \
         Bitte wählen Sie einen Platzhalter aus der Liste."
    )]
    UnknownPlaceholder { name: String },

    #[error("Die Vorlage ist fehlerhaft (Zeile {line}): {reason}")]
    TemplateSyntax { line: usize, reason: String },

    #[error("Die Vorlage lässt sich nicht ausfüllen (Zeile {line}): {reason}")]
    TemplateRender { line: usize, reason: String },

    #[error("Die erste Zeile der Vorlage ist der Betreff; sie darf nicht leer sein.")]
    MissingSubject,

    #[error("Die eingebettete Schrift ist beschädigt: {reason}")]
    Font { reason: String },

    #[error("Modul {number} gibt es in diesem Programm nicht.")]
    UnknownModule { number: u32 },

    #[error("Es gibt keine Bewerbungen mit dem Status „{status}“ – es wurde nichts erzeugt.")]
    NoRecipients { status: String },

    #[error(
        "Alle {count} Personen mit dem Status „{status}“ haben bereits eine {kind} – \
         es wurde nichts erzeugt."
    )]
    AllWritten {
        count: usize,
        status: String,
        kind: String,
    },

    #[error("Für die Unterschriftenliste bitte ein Modul angeben (--module N).")]
    ModuleRequired,

    #[error(
        "Für Teilnahmebescheinigungen ist noch keine Anwesenheit erfasst – \
         es wurde nichts erzeugt."
    )]
    NoAttendance,

    #[error("Die Datei „{path}“ konnte nicht geschrieben werden: {reason}")]
    Write { path: String, reason: String },

    #[error(transparent)]
    Cancelled(#[from] crate::job::Cancelled),

    /// A failure of the store underneath, with that error's own code and message.
    #[error("{message}")]
    Store { code: &'static str, message: String },
}

impl DocumentError {
    /// A stable, dotted code for programs (the UI, scripts, tests).
    pub fn code(&self) -> &'static str {
        match self {
            DocumentError::UnknownPlaceholder { .. } => "documents.unknown_placeholder",
            DocumentError::TemplateSyntax { .. } => "documents.template_syntax",
            DocumentError::TemplateRender { .. } => "documents.template_render",
            DocumentError::MissingSubject => "documents.missing_subject",
            DocumentError::Font { .. } => "documents.font",
            DocumentError::UnknownModule { .. } => "documents.unknown_module",
            DocumentError::NoRecipients { .. } => "documents.no_recipients",
            DocumentError::AllWritten { .. } => "documents.all_written",
            DocumentError::ModuleRequired => "documents.module_required",
            DocumentError::NoAttendance => "documents.no_attendance",
            DocumentError::Write { .. } => "documents.write",
            DocumentError::Cancelled(_) => crate::job::Cancelled::CODE,
            DocumentError::Store { code, .. } => code,
        }
    }
}

/// Crosses into the UI as `{"code": "...", "message": "..."}`.
impl Serialize for DocumentError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::coded::serialize_coded(serializer, self.code(), &self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_placeholder_crosses_as_code_and_german_message() {
        let json = serde_json::to_value(DocumentError::UnknownPlaceholder {
            name: "vornahme".into(),
        })
        .expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({
                "code": "documents.unknown_placeholder",
                "message": "Unbekannter Platzhalter „vornahme“ in der Vorlage. \
                            Bitte wählen Sie einen Platzhalter aus der Liste."
            })
        );
    }
}
