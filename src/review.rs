//! Review rules, pure: which status may follow which, what a manual entry must hold,
//! and the shapes the review views show (history, bulk change results).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize, Serializer};
use ts_rs::TS;
use uuid::Uuid;

use crate::import::{Field, Problem, Record};
use crate::model::Status;

/// DESIGN.md: eingegangen → in Prüfung → zugesagt | Warteliste | abgesagt, and
/// zurückgezogen from any state; plus what a coordinator needs on the way:
/// - an ineligible application (a state outside Germany, no leadership role) is
///   declined straight from eingegangen, without a review;
/// - a decision (zugesagt, Warteliste, abgesagt) may be revised to another decision, or
///   reopened to in Prüfung: places free up, the cohort is reconsidered, a mistake is
///   put right; a waitlist exists for exactly that;
/// - a withdrawn application comes back only through in Prüfung.
///
/// Nothing goes back to eingegangen (that is where an application arrives), and nothing
/// is accepted or waitlisted unreviewed.
pub fn transition_allowed(from: Status, to: Status) -> bool {
    use Status::*;
    from != to
        && matches!(
            (from, to),
            (_, Zurueckgezogen)
                | (Eingegangen, InPruefung | Abgesagt)
                | (InPruefung, Zugesagt | Warteliste | Abgesagt)
                | (
                    Zugesagt | Warteliste | Abgesagt,
                    InPruefung | Zugesagt | Warteliste | Abgesagt
                )
                | (Zurueckgezogen, InPruefung)
        )
}

/// Why a status change leaves an application as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SkipReason {
    /// It already has the wanted status.
    Already,
    /// Received, not reviewed: in Prüfung (or abgesagt) first.
    NotReviewed,
    /// Withdrawn: it comes back only through in Prüfung.
    Withdrawn,
    /// Nothing goes back to eingegangen.
    BackToReceived,
}

impl SkipReason {
    /// The reason an application in `from` does not go to `to`; `None` when it does.
    pub fn of(from: Status, to: Status) -> Option<SkipReason> {
        if from == to {
            Some(SkipReason::Already)
        } else if transition_allowed(from, to) {
            None
        } else if to == Status::Eingegangen {
            Some(SkipReason::BackToReceived)
        } else if from == Status::Zurueckgezogen {
            Some(SkipReason::Withdrawn)
        } else {
            Some(SkipReason::NotReviewed)
        }
    }

    /// Said in German after a count: "2 schon „abgesagt“".
    pub fn message(self, from: Status) -> String {
        match self {
            SkipReason::Already => format!("schon „{}“", from.label()),
            SkipReason::NotReviewed => format!("noch „{}“ (ungeprüft)", from.label()),
            SkipReason::Withdrawn => format!(
                "„{}“: nur zurück auf „{}“",
                from.label(),
                Status::InPruefung.label()
            ),
            SkipReason::BackToReceived => format!(
                "„{}“: zurück auf „{}“ geht nicht",
                from.label(),
                Status::Eingegangen.label()
            ),
        }
    }
}

/// What a status change would do to a set of applications, before it runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatusPlan {
    pub status: Status,
    /// The applications that would change, in the order given.
    pub change: Vec<Uuid>,
    /// The others, grouped by their status and the reason.
    pub skipped: Vec<Skipped>,
}

/// Applications a change leaves alone, all in one status for one reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Skipped {
    pub from: Status,
    pub reason: SkipReason,
    /// German, to follow the count: "schon „abgesagt“".
    pub message: String,
    pub ids: Vec<Uuid>,
}

impl StatusPlan {
    /// Sorts `current` (application, its status; repeats count once) into those that
    /// would go to `to` and those skipped, with the reason.
    pub fn new(current: &[(Uuid, Status)], to: Status) -> StatusPlan {
        let mut seen = std::collections::HashSet::new();
        let mut change = Vec::new();
        let mut groups: BTreeMap<(SkipReason, Status), Vec<Uuid>> = BTreeMap::new();
        for &(id, from) in current.iter().filter(|(id, _)| seen.insert(*id)) {
            match SkipReason::of(from, to) {
                None => change.push(id),
                Some(reason) => groups.entry((reason, from)).or_default().push(id),
            }
        }
        let skipped = groups
            .into_iter()
            .map(|((reason, from), ids)| Skipped {
                from,
                reason,
                message: reason.message(from),
                ids,
            })
            .collect();
        StatusPlan {
            status: to,
            change,
            skipped,
        }
    }

    pub fn skipped_count(&self) -> usize {
        self.skipped.iter().map(|s| s.ids.len()).sum()
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReviewError {
    #[error("Die Bewerbung {0} gibt es nicht.")]
    NotFound(Uuid),

    #[error(
        "Der Status von {name} kann nicht von „{}“ auf „{}“ wechseln.",
        from.label(),
        to.label()
    )]
    Transition {
        name: String,
        from: Status,
        to: Status,
    },

    #[error("Bewertung {0} liegt nicht zwischen 1 und 5.")]
    Score(u8),

    #[error("Es gibt keine Sammeländerung, die rückgängig gemacht werden könnte.")]
    NothingToUndo,

    #[error(
        "Die letzte Sammeländerung kann nicht rückgängig gemacht werden: \
         {name} hat inzwischen den Status „{}“.",
        now.label()
    )]
    UndoConflict { name: String, now: Status },

    #[error("Die Bewerbung ist unvollständig oder fehlerhaft: {}", list(.0))]
    Invalid(Vec<FieldProblem>),

    #[error("Die Tandem-Paarung {0} gibt es nicht.")]
    TandemNotFound(Uuid),

    #[error("Ein Tandem besteht aus einer Bewerbung für Führung und einer für Change.")]
    TandemRoles,

    #[error("{0} steht in mehr als einem der Tandems, die bestätigt werden sollen.")]
    TandemTwice(String),

    #[error(
        "{name} ist schon im Tandem mit {partner}; bitte dieses Tandem zuerst ändern oder \
         auflösen. Es wurde nichts bestätigt."
    )]
    TandemTaken { name: String, partner: String },
}

fn list(problems: &[FieldProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}: {}", p.label, p.message))
        .collect::<Vec<_>>()
        .join("; ")
}

impl ReviewError {
    pub fn code(&self) -> &'static str {
        match self {
            ReviewError::NotFound(_) => "review.not_found",
            ReviewError::Transition { .. } => "review.transition",
            ReviewError::Score(_) => "review.score",
            ReviewError::NothingToUndo => "review.nothing_to_undo",
            ReviewError::UndoConflict { .. } => "review.undo_conflict",
            ReviewError::Invalid(_) => "review.invalid",
            ReviewError::TandemNotFound(_) => "review.tandem_not_found",
            ReviewError::TandemRoles => "review.tandem_roles",
            ReviewError::TandemTwice(_) => "review.tandem_twice",
            ReviewError::TandemTaken { .. } => "review.tandem_taken",
        }
    }
}

impl Serialize for ReviewError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::coded::serialize_coded(serializer, self.code(), &self.to_string())
    }
}

/// A problem with one field of the manual-entry form, shown next to that field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldProblem {
    pub field: Field,
    pub label: String,
    pub code: String,
    pub message: String,
}

impl FieldProblem {
    pub fn new(field: Field, problem: &Problem) -> FieldProblem {
        FieldProblem {
            field,
            label: field.label().into(),
            code: problem.code().into(),
            message: problem.to_string(),
        }
    }
}

/// The manual-entry form: the same fields as an import row, as typed text, so a typed
/// application is checked by exactly the rules an imported one is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ApplicationForm {
    pub values: BTreeMap<Field, String>,
}

impl ApplicationForm {
    pub fn set(mut self, field: Field, value: &str) -> ApplicationForm {
        self.values.insert(field, value.into());
        self
    }

    /// The normalised record, or every problem with its field.
    pub fn record(&self) -> Result<Record, Vec<FieldProblem>> {
        Record::from_texts(&self.values).map_err(|problems| {
            problems
                .iter()
                .map(|(field, problem)| FieldProblem::new(*field, problem))
                .collect()
        })
    }

    /// The form filled with a stored record, for editing.
    pub fn from_record(record: &Record) -> ApplicationForm {
        let values = Field::ALL
            .into_iter()
            .map(|f| (f, record.display(f)))
            .collect();
        ApplicationForm { values }
    }
}

/// One line of an application's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: NaiveDateTime,
    pub actor: String,
    pub entity: String,
    pub entity_id: Uuid,
    /// Stable key: `status`, `selection_lock`, `attendance.2.1`, a form field key, …
    /// (the core's `AuditField` lists them all).
    pub field: String,
    /// German name of the field.
    pub label: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// What a bulk status change (or its undo) did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, rename = "BulkStatusChange")]
pub struct StatusChange {
    /// The batch to undo; `None` when nothing changed.
    pub batch_id: Option<Uuid>,
    pub changed: Vec<StatusChanged>,
    /// Applications already in the wanted status: left alone, not audited.
    pub unchanged: Vec<Uuid>,
    /// Applications the rules do not let go to the wanted status, with the reason:
    /// left alone, not audited.
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatusChanged {
    pub id: Uuid,
    pub old: Status,
    pub new: Status,
}

/// The local user name for the audit's "who": $USER or $LOGNAME on Linux and macOS,
/// $USERNAME on Windows. Processes started without a login environment (a launcher, a
/// test driver) may have none of these, so on Linux the account of the process's user
/// id is looked up before giving up.
pub fn local_user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .or_else(account_name)
        .unwrap_or_else(|| "unbekannt".into())
}

/// The account name of this process's user id, from /etc/passwd.
#[cfg(unix)]
fn account_name() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    passwd_name(&std::fs::read_to_string("/etc/passwd").ok()?, uid)
}

#[cfg(not(unix))]
fn account_name() -> Option<String> {
    None
}

/// The name of user `uid` in passwd(5) text: `name:password:uid:...`.
#[cfg_attr(not(unix), allow(dead_code))]
fn passwd_name(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let id: u32 = fields.nth(1)?.parse().ok()?;
        (id == uid && !name.is_empty()).then(|| name.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn the_account_name_is_found_by_user_id() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\n\
                      # a comment line\n\
                      anna:x:1000:1000:Anna Schäfer,,,:/home/anna:/bin/bash\n";
        assert_eq!(passwd_name(passwd, 1000).as_deref(), Some("anna"));
        assert_eq!(passwd_name(passwd, 0).as_deref(), Some("root"));
        assert_eq!(passwd_name(passwd, 1001), None);
    }

    #[test]
    fn transitions_follow_the_design() {
        assert!(transition_allowed(Eingegangen, InPruefung));
        for to in [Zugesagt, Warteliste, Abgesagt] {
            assert!(transition_allowed(InPruefung, to));
        }
        for from in Status::ALL {
            assert_eq!(
                transition_allowed(from, Zurueckgezogen),
                from != Zurueckgezogen
            );
            assert!(!transition_allowed(from, from));
            assert!(
                !transition_allowed(from, Eingegangen),
                "{from:?} goes back to eingegangen"
            );
        }
        for to in [Zugesagt, Warteliste] {
            assert!(
                !transition_allowed(Eingegangen, to),
                "{to:?} skips the review"
            );
            assert!(!transition_allowed(Zurueckgezogen, to));
        }
        assert!(transition_allowed(Warteliste, Zugesagt));
        assert!(transition_allowed(Zurueckgezogen, InPruefung));
    }

    #[test]
    fn an_ineligible_application_is_declined_without_a_review() {
        assert!(transition_allowed(Eingegangen, Abgesagt));
    }

    #[test]
    fn a_decision_can_be_revised_or_reopened() {
        let decided = [Zugesagt, Warteliste, Abgesagt];
        for from in decided {
            for to in decided.into_iter().chain([InPruefung]) {
                assert_eq!(
                    transition_allowed(from, to),
                    from != to,
                    "{from:?} → {to:?}"
                );
            }
        }
    }

    #[test]
    fn a_plan_says_which_change_and_why_the_others_are_skipped() {
        let ids: Vec<Uuid> = (0..6).map(|_| Uuid::new_v4()).collect();
        let current = [
            (ids[0], InPruefung),
            (ids[1], Eingegangen),
            (ids[2], Zugesagt),
            (ids[3], Eingegangen),
            (ids[4], Zurueckgezogen),
            (ids[5], InPruefung),
            (ids[0], InPruefung),
        ];
        let plan = StatusPlan::new(&current, Zugesagt);
        assert_eq!(plan.change, vec![ids[0], ids[5]], "a repeat counts once");
        let groups: Vec<_> = plan
            .skipped
            .iter()
            .map(|s| (s.reason, s.from, s.ids.clone(), s.message.as_str()))
            .collect();
        assert_eq!(
            groups,
            vec![
                (
                    SkipReason::Already,
                    Zugesagt,
                    vec![ids[2]],
                    "schon „zugesagt“"
                ),
                (
                    SkipReason::NotReviewed,
                    Eingegangen,
                    vec![ids[1], ids[3]],
                    "noch „eingegangen“ (ungeprüft)"
                ),
                (
                    SkipReason::Withdrawn,
                    Zurueckgezogen,
                    vec![ids[4]],
                    "„zurückgezogen“: nur zurück auf „in Prüfung“"
                ),
            ]
        );
        assert_eq!(plan.skipped_count(), 4);

        let declined = StatusPlan::new(&current, Abgesagt);
        assert_eq!(
            declined.change,
            vec![ids[0], ids[1], ids[2], ids[3], ids[5]],
            "declined unreviewed, or after a Zusage"
        );
        assert_eq!(declined.skipped[0].reason, SkipReason::Withdrawn);
        let back = StatusPlan::new(&current, Eingegangen);
        assert_eq!(back.change, Vec::<Uuid>::new());
        assert_eq!(back.skipped_count(), 6);
    }

    #[test]
    fn review_error_crosses_as_code_and_message() {
        let json = serde_json::to_value(ReviewError::Transition {
            name: "Anna Weber".into(),
            from: Eingegangen,
            to: Zugesagt,
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "review.transition",
                "message": "Der Status von Anna Weber kann nicht von „eingegangen“ auf „zugesagt“ wechseln."
            })
        );
    }

    #[test]
    fn a_form_is_checked_by_the_import_rules() {
        let form = ApplicationForm::default()
            .set(Field::FirstName, "Anna")
            .set(Field::LastName, "Weber")
            .set(Field::Email, "anna(at)koeln.de")
            .set(Field::State, "Preußen");
        let problems = form.record().unwrap_err();
        let fields: Vec<Field> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            vec![
                Field::Municipality,
                Field::Email,
                Field::State,
                Field::Track,
                Field::ReceivedAt
            ]
        );
        assert_eq!(problems[2].message, "unbekanntes Bundesland „Preußen“");
    }

    #[test]
    fn a_stored_record_fills_the_form_and_reads_back_unchanged() {
        let form = ApplicationForm::default()
            .set(Field::Salutation, "Frau")
            .set(Field::FirstName, "Anna")
            .set(Field::LastName, "Weber")
            .set(Field::Email, "anna@koeln.de")
            .set(Field::Municipality, "Stadt Köln")
            .set(Field::State, "NRW")
            .set(Field::MunicipalityKind, "kreisfreie Stadt")
            .set(Field::Track, "Change")
            .set(Field::Experience, "1,5")
            .set(Field::Fellow, "ja")
            .set(Field::ReceivedAt, "16.09.2025 09:41");
        let record = form.record().unwrap();
        let again = ApplicationForm::from_record(&record).record().unwrap();
        assert_eq!(again, record);
    }
}
