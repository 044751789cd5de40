//! The vocabulary of the audit trail, pure: which field an entry is about (its stored
//! key, its German label, how its stored values read), and the kinds of change batches
//! that undo reverts. Every writer of an audit entry names its field here, so the
//! history can never meet a key it has no label for.

use crate::balance::Lock;
use crate::import::Field;
use crate::model::{Status, TrackRole};

/// What an audit entry changed. Stored as its [`key`](AuditField::key); the keys are
/// those earlier versions wrote, so existing databases keep reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditField {
    /// The application was created: by import (the value names file and row) or by hand.
    Created,
    /// Values are status keys (`in_pruefung`).
    Status,
    /// Values are the score as digits.
    Score,
    ReviewerNotes,
    /// Values are German already ("Tandem mit …", "bestätigt", "aufgelöst").
    Tandem,
    /// The coordinator's lock; values are lock keys (`in`, `out`).
    Lock,
    /// A programme's quotas of one scope (a track, or both with `None`); values are JSON.
    Quotas(Option<TrackRole>),
    /// Presence on one day of a module; values are [`presence`] texts.
    Attendance {
        module: u32,
        day: u8,
    },
    /// A field of the application form, changed by an edit or an import merge.
    Record(Field),
    /// A programme's settings and tracks; values are the whole form as JSON.
    Settings,
    /// One module with its agenda; values are the whole module form as JSON.
    Module(u32),
    /// A fellow municipality added (new value) or removed (old value), by name.
    Fellow,
    /// A key this version does not know (a file written by another version): shown as
    /// stored rather than refused, because a history must always open.
    Unknown(String),
}

impl AuditField {
    /// The key stored in `audit_entry.field`.
    pub fn key(&self) -> String {
        match self {
            AuditField::Created => "created".into(),
            AuditField::Status => "status".into(),
            AuditField::Score => "score".into(),
            AuditField::ReviewerNotes => "reviewer_notes".into(),
            AuditField::Tandem => "tandem".into(),
            AuditField::Lock => "selection_lock".into(),
            AuditField::Quotas(scope) => {
                format!("quotas:{}", scope.map_or("beide", TrackRole::key))
            }
            AuditField::Attendance { module, day } => format!("attendance.{module}.{day}"),
            AuditField::Record(field) => field.key(),
            AuditField::Settings => "settings".into(),
            AuditField::Module(number) => format!("module.{number}"),
            AuditField::Fellow => "fellow".into(),
            AuditField::Unknown(key) => key.clone(),
        }
    }

    /// Reads a stored key; never fails (see [`AuditField::Unknown`]).
    pub fn from_key(key: &str) -> AuditField {
        match key {
            "created" => AuditField::Created,
            "status" => AuditField::Status,
            "score" => AuditField::Score,
            "reviewer_notes" => AuditField::ReviewerNotes,
            "tandem" => AuditField::Tandem,
            "selection_lock" => AuditField::Lock,
            "quotas:beide" => AuditField::Quotas(None),
            "settings" => AuditField::Settings,
            "fellow" => AuditField::Fellow,
            other => {
                if let Some(scope) = other.strip_prefix("quotas:") {
                    if let Some(role) = TrackRole::from_key(scope) {
                        return AuditField::Quotas(Some(role));
                    }
                } else if let Some(number) =
                    other.strip_prefix("module.").and_then(|n| n.parse().ok())
                {
                    return AuditField::Module(number);
                } else if let Some(field) = attendance(other) {
                    return field;
                } else if let Some(field) = Field::from_key(other) {
                    return AuditField::Record(field);
                }
                AuditField::Unknown(other.to_string())
            }
        }
    }

    /// The German name of the field, as the history shows it.
    pub fn label(&self) -> String {
        match self {
            AuditField::Created => "angelegt".into(),
            AuditField::Status => "Status".into(),
            AuditField::Score => "Bewertung".into(),
            AuditField::ReviewerNotes => "Notizen".into(),
            AuditField::Tandem => "Tandem".into(),
            // The word the Auswahl view uses for the same decision.
            AuditField::Lock => "Festlegung".into(),
            AuditField::Quotas(None) => "Quoten (beide Lernpfade)".into(),
            AuditField::Quotas(Some(TrackRole::Fuehrung)) => "Quoten (Lernpfad Führung)".into(),
            AuditField::Quotas(Some(TrackRole::Change)) => "Quoten (Lernpfad Change)".into(),
            AuditField::Attendance { module, day } => {
                format!("Anwesenheit Modul {module}, Tag {day}")
            }
            AuditField::Record(field) => field.label().into(),
            AuditField::Settings => "Einstellungen".into(),
            AuditField::Module(number) => format!("Modul {number}"),
            AuditField::Fellow => "Fellow-Kommunen".into(),
            AuditField::Unknown(key) => key.clone(),
        }
    }

    /// A stored value as people read it: status and lock keys become their labels; a
    /// value that is not a key (from another version) is shown as stored.
    pub fn value(&self, stored: Option<String>) -> Option<String> {
        let stored = stored?;
        let shown = match self {
            AuditField::Status => Status::from_key(&stored).map(|s| s.label()),
            AuditField::Lock => Lock::from_key(&stored).map(Lock::label),
            _ => None,
        };
        Some(shown.map_or(stored, String::from))
    }
}

/// `attendance.2.1` → module 2, day 1.
fn attendance(key: &str) -> Option<AuditField> {
    let (module, day) = key.strip_prefix("attendance.")?.split_once('.')?;
    Some(AuditField::Attendance {
        module: module.parse().ok()?,
        day: day.parse().ok()?,
    })
}

/// The stored (and shown) value of a presence flag.
pub fn presence(present: bool) -> &'static str {
    if present { "anwesend" } else { "abwesend" }
}

/// A group of status changes undone together, stored as `change_batch.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchKind {
    /// A single or bulk status change in the review.
    Status,
    /// An applied proposal of the selection assistant.
    Selection,
    /// One saved change of a programme's settings or of a module.
    Settings,
    /// Tandems confirmed together (the proposals shown or selected).
    Tandems,
    /// The entries that reverted another batch; itself never undone.
    Undo,
}

impl BatchKind {
    pub fn key(self) -> &'static str {
        match self {
            BatchKind::Status => "status",
            BatchKind::Selection => "selection",
            BatchKind::Settings => "settings",
            BatchKind::Tandems => "tandems",
            BatchKind::Undo => "undo",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_field_reads_back_from_its_key() {
        let fields = [
            AuditField::Created,
            AuditField::Status,
            AuditField::Score,
            AuditField::ReviewerNotes,
            AuditField::Tandem,
            AuditField::Lock,
            AuditField::Quotas(None),
            AuditField::Quotas(Some(TrackRole::Fuehrung)),
            AuditField::Quotas(Some(TrackRole::Change)),
            AuditField::Attendance { module: 2, day: 1 },
            AuditField::Record(Field::Email),
            AuditField::Settings,
            AuditField::Module(2),
            AuditField::Fellow,
        ];
        for field in fields {
            assert_eq!(AuditField::from_key(&field.key()), field);
            assert_ne!(field.label(), field.key(), "{field:?} has a German label");
        }
    }

    #[test]
    fn stored_keys_stay_those_older_versions_wrote() {
        assert_eq!(AuditField::Lock.key(), "selection_lock");
        assert_eq!(
            AuditField::Attendance { module: 2, day: 1 }.key(),
            "attendance.2.1"
        );
        assert_eq!(AuditField::Record(Field::FirstName).key(), "first_name");
        assert_eq!(AuditField::Quotas(None).key(), "quotas:beide");
        assert_eq!(BatchKind::Selection.key(), "selection");
    }

    #[test]
    fn attendance_reads_as_module_and_day() {
        assert_eq!(
            AuditField::from_key("attendance.2.1").label(),
            "Anwesenheit Modul 2, Tag 1"
        );
    }

    #[test]
    fn an_unknown_key_or_value_is_shown_as_stored() {
        let field = AuditField::from_key("something_new");
        assert_eq!(field, AuditField::Unknown("something_new".into()));
        assert_eq!(field.label(), "something_new");
        assert_eq!(
            AuditField::Status.value(Some("vertagt".into())).as_deref(),
            Some("vertagt")
        );
    }

    #[test]
    fn status_and_lock_values_read_as_labels() {
        assert_eq!(
            AuditField::Status
                .value(Some("in_pruefung".into()))
                .as_deref(),
            Some("in Prüfung")
        );
        assert_eq!(
            AuditField::Lock.value(Some("in".into())).as_deref(),
            Some("immer dabei")
        );
        assert_eq!(AuditField::Lock.value(None), None);
    }
}
