//! Attendance, pure: the shapes the Anwesenheit section shows and the errors of
//! recording it. Only confirmed participants (status zugesagt) are recorded, per
//! module and day; a certificate lists every module with at least one day present.

use serde::{Deserialize, Serialize, Serializer};
use ts_rs::TS;
use uuid::Uuid;

use crate::model::{Status, TrackRole};

/// Every module lasts two days.
pub const DAYS: [u8; 2] = [1, 2];

/// One module's attendance: every confirmed participant with a flag per day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ModuleAttendance {
    pub module: u32,
    pub title: String,
    pub rows: Vec<AttendanceRow>,
}

/// One participant of a module; a day never recorded counts as absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttendanceRow {
    pub application_id: Uuid,
    /// "Dr. Jana Weber".
    pub name: String,
    pub municipality: String,
    pub track_role: TrackRole,
    /// Present on day 1 and day 2.
    pub present: [bool; 2],
}

#[derive(Debug, thiserror::Error)]
pub enum AttendanceError {
    #[error("Die Bewerbung {0} gibt es nicht.")]
    UnknownApplication(Uuid),

    #[error(
        "{name} ist nicht ausgewählt (Status „{}“): Anwesenheit wird nur für \
         zugesagte Teilnehmende erfasst. Es wurde nichts gespeichert.",
        status.label()
    )]
    NotSelected { name: String, status: Status },

    #[error("Modul {0} gibt es in diesem Programm nicht. Es wurde nichts gespeichert.")]
    UnknownModule(u32),

    #[error("Tag {0} gibt es nicht: Jedes Modul hat Tag 1 und Tag 2.")]
    UnknownDay(u8),
}

impl AttendanceError {
    pub fn code(&self) -> &'static str {
        match self {
            AttendanceError::UnknownApplication(_) => "attendance.unknown_application",
            AttendanceError::NotSelected { .. } => "attendance.not_selected",
            AttendanceError::UnknownModule(_) => "attendance.unknown_module",
            AttendanceError::UnknownDay(_) => "attendance.unknown_day",
        }
    }
}

impl Serialize for AttendanceError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::coded::serialize_coded(serializer, self.code(), &self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_selected_crosses_as_code_and_german_message() {
        let json = serde_json::to_value(AttendanceError::NotSelected {
            name: "Jana Weber".into(),
            status: Status::Warteliste,
        })
        .expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({
                "code": "attendance.not_selected",
                "message": "Jana Weber ist nicht ausgewählt (Status „Warteliste“): Anwesenheit \
                            wird nur für zugesagte Teilnehmende erfasst. Es wurde nichts gespeichert."
            })
        );
    }
}
