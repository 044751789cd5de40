//! What an import would do, decided against what the database already holds: which
//! rows are new, which are duplicates (and what differs), which arrived late, which are
//! invalid, and whether the whole import is refused. Pure, so the preview and the
//! commit can never disagree: the commit executes exactly the plan the preview showed.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Parsed;
use super::error::{ImportError, Problem};
use super::mapping::{ColumnMapping, Field};
use super::read::Format;
use super::record::{Difference, Record, municipality_key};
use crate::model::display_name;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportOptions {
    /// Only preview; write nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// Import the valid rows although some are invalid (default: refuse the file).
    #[serde(default)]
    pub skip_invalid: bool,
    /// Merge duplicates into what exists, newest value winning (default: leave them).
    #[serde(default)]
    pub merge_duplicates: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Outcome {
    /// Nothing written, because only a preview was asked for.
    Preview,
    /// Written in one transaction.
    Committed,
    /// Nothing written, because rows are invalid and skipping them was not asked for.
    Refused,
}

/// A remark about one row: `invalid[]` and `late[]` of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RowNote {
    pub row: usize,
    /// Who the row is, as written in the file (may be empty in a broken row).
    pub name: String,
    pub email: String,
    pub column: String,
    pub code: String,
    pub reason: String,
}

/// What happens to a row (or, in a preview, would happen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RowFate {
    /// Creates an application.
    New,
    /// A duplicate whose newer values go into an application (or an earlier row).
    Merged,
    /// A duplicate left as it is: nothing from it is written.
    Duplicate,
    /// Invalid: skipped, or the reason the whole file is refused.
    Invalid,
}

/// One line per data row of the file: the row, the person, what happens to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RowResult {
    pub row: usize,
    pub name: String,
    pub email: String,
    pub fate: RowFate,
    /// Received after the deadline.
    pub late: bool,
    /// In German: "neu", "zusammengeführt mit Anna Weber", "ungültig: …".
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[ts(export)]
pub enum DuplicateOf {
    /// An application already in the database.
    Application { id: Uuid, name: String },
    /// An earlier row of the same file.
    Row { row: usize },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DuplicateRow {
    pub row: usize,
    /// Who the row is, as written in the file.
    pub name: String,
    pub email: String,
    /// The column that matched: the e-mail's, or the last name's for name + municipality.
    pub column: String,
    pub reason: String,
    pub of: DuplicateOf,
    /// Old (what exists) → new (this row); empty when the row repeats what exists.
    pub differences: Vec<Difference>,
    /// True when the row's newer values were (or, in a preview, would be) merged in.
    pub merged: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub file_name: String,
    pub format: Format,
    pub mapping: ColumnMapping,
    /// Data rows read.
    pub rows: usize,
    /// Rows that create an application.
    pub new: usize,
    /// Applications created by this run (0 unless committed).
    pub imported: usize,
    /// Duplicate rows whose values are merged into an application.
    pub merged: usize,
    pub duplicates: Vec<DuplicateRow>,
    pub late: Vec<RowNote>,
    pub invalid: Vec<RowNote>,
    /// Rows with at least one invalid value.
    pub invalid_rows: usize,
    /// Rows whose "Fellow-Kommune" answer disagrees with the programme's fellow list.
    /// The list decides; the coordinator may add the municipality in Einstellungen.
    pub fellow_claims: Vec<RowNote>,
    pub outcome: Outcome,
    /// Every data row with what happens to it, in file order.
    pub results: Vec<RowResult>,
    /// What the import does (or did) with every row, in one German sentence.
    pub summary: String,
}

impl ImportReport {
    /// Rows by fate, with the rows that arrived late.
    fn count(&self, fate: RowFate) -> usize {
        self.results.iter().filter(|r| r.fate == fate).count()
    }

    /// "55 Zeilen: 46 neue Bewerbungen importiert, 2 Duplikate zusammengeführt (mit Anna
    /// Weber; Zeile 12), …", as the outcome says: imported, would be imported (a
    /// `dry_run`), refused.
    pub fn summary_text(&self, dry_run: bool) -> String {
        let rows = |n: usize| {
            if n == 1 {
                "1 Zeile".to_string()
            } else {
                format!("{n} Zeilen")
            }
        };
        let people = |fate: RowFate| -> String {
            self.results
                .iter()
                .filter(|r| r.fate == fate)
                .map(|r| format!("Zeile {} ({})", r.row, person(&r.name, &r.email)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let invalid = self.count(RowFate::Invalid);
        if self.outcome == Outcome::Refused && !dry_run {
            return format!(
                "Nicht importiert: {invalid} von {} ungültig – {}. Es wurde nichts \
                 geschrieben; korrigieren Sie die Datei oder überspringen Sie die ungültigen \
                 Zeilen.",
                rows(self.rows),
                people(RowFate::Invalid)
            );
        }
        let committed = self.outcome == Outcome::Committed;
        let new = self.count(RowFate::New);
        let mut parts = vec![match (committed, new) {
            (true, 1) => "1 neue Bewerbung importiert".to_string(),
            (true, n) => format!("{n} neue Bewerbungen importiert"),
            (false, 1) => "1 neue Bewerbung".to_string(),
            (false, n) => format!("{n} neue Bewerbungen"),
        }];
        let merged: Vec<&RowResult> = self
            .results
            .iter()
            .filter(|r| r.fate == RowFate::Merged)
            .collect();
        if !merged.is_empty() {
            let whom: Vec<String> = self
                .duplicates
                .iter()
                .filter(|d| d.merged)
                .map(|d| match &d.of {
                    DuplicateOf::Application { name, .. } => name.clone(),
                    DuplicateOf::Row { row } => format!("Zeile {row}"),
                })
                .collect();
            parts.push(format!(
                "{} {} (mit {})",
                if merged.len() == 1 {
                    "1 Duplikat".to_string()
                } else {
                    format!("{} Duplikate", merged.len())
                },
                if committed {
                    "zusammengeführt"
                } else {
                    "zum Zusammenführen"
                },
                whom.join("; ")
            ));
        }
        let kept = self.count(RowFate::Duplicate);
        if kept > 0 {
            parts.push(format!(
                "{} {}",
                if kept == 1 {
                    "1 Duplikat".to_string()
                } else {
                    format!("{kept} Duplikate")
                },
                match (committed, kept) {
                    (true, _) => "nicht übernommen",
                    (false, 1) => "bleibt unverändert",
                    (false, _) => "bleiben unverändert",
                }
            ));
        }
        if invalid > 0 {
            parts.push(format!(
                "{}{} – {}",
                if invalid == 1 {
                    "1 ungültige Zeile".to_string()
                } else {
                    format!("{invalid} ungültige Zeilen")
                },
                match (committed, self.outcome, invalid) {
                    (true, ..) => " übersprungen",
                    (false, Outcome::Refused, _) => "",
                    (false, _, 1) => " wird übersprungen",
                    (false, ..) => " werden übersprungen",
                },
                people(RowFate::Invalid)
            ));
        }
        let late = self.results.iter().filter(|r| r.late).count();
        if late > 0 {
            parts.push(format!(
                "{} nach der Frist eingegangen",
                if late == 1 {
                    "1 Zeile".to_string()
                } else {
                    format!("{late} Zeilen")
                }
            ));
        }
        let mut text = format!("{}: {}.", rows(self.rows), parts.join(", "));
        if self.outcome == Outcome::Refused {
            text.push_str(
                " So wird nichts importiert: korrigieren Sie die Datei oder überspringen Sie \
                 die ungültigen Zeilen.",
            );
        }
        text
    }
}

/// "Anna Weber, anna@koeln.de", or what of it the row has.
fn person(name: &str, email: &str) -> String {
    match (name.is_empty(), email.is_empty()) {
        (false, false) => format!("{name}, {email}"),
        (false, true) => name.to_string(),
        (true, false) => email.to_string(),
        (true, true) => "ohne Name und E-Mail".to_string(),
    }
}

/// An application the database holds, in the import's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Existing {
    pub application_id: Uuid,
    pub person_id: Uuid,
    pub record: Record,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedInsert {
    pub row: usize,
    pub record: Record,
    /// Values of older rows of the same file that this record's newer ones replaced;
    /// kept in the audit so nothing from the file is lost.
    pub superseded: Vec<Difference>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedMerge {
    pub application_id: Uuid,
    pub person_id: Uuid,
    /// The record after merging; `changes` says which fields differ from the stored one.
    pub record: Record,
    pub changes: Vec<Difference>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub report: ImportReport,
    pub inserts: Vec<PlannedInsert>,
    pub merges: Vec<PlannedMerge>,
}

impl Plan {
    /// Notes every row whose answer to "Fellow-Kommune" disagrees with `is_fellow`, the
    /// programme's list (by municipality key). The answer is only a claim.
    pub fn note_fellow_claims(&mut self, is_fellow: impl Fn(&str) -> bool) {
        let merge_rows: std::collections::HashMap<Uuid, usize> = self
            .report
            .duplicates
            .iter()
            .filter_map(|d| match d.of {
                DuplicateOf::Application { id, .. } => Some((id, d.row)),
                DuplicateOf::Row { .. } => None,
            })
            .collect();
        let rows = self.inserts.iter().map(|i| (i.row, &i.record)).chain(
            self.merges
                .iter()
                .filter_map(|m| Some((*merge_rows.get(&m.application_id)?, &m.record))),
        );
        let mut claims: Vec<RowNote> = rows
            .filter_map(|(row, r)| {
                let claimed = r.fellow?;
                let listed = is_fellow(&municipality_key(&r.municipality, &r.state));
                if claimed == listed {
                    return None;
                }
                let name = display_name("", &r.first_name, &r.last_name);
                let reason = if claimed {
                    format!(
                        "{name}: laut Formular Fellow-Kommune, „{}“ steht aber nicht in der \
                         Liste der Fellow-Kommunen; die Bewerbung zählt als freier Platz.",
                        r.municipality
                    )
                } else {
                    format!(
                        "{name}: laut Formular keine Fellow-Kommune, „{}“ steht aber in der \
                         Liste; die Bewerbung zählt als Fellow-Platz.",
                        r.municipality
                    )
                };
                Some(RowNote {
                    row,
                    name: name.clone(),
                    email: r.email.clone(),
                    column: Field::Fellow.label().into(),
                    code: "import.fellow_claim".into(),
                    reason,
                })
            })
            .collect();
        claims.sort_by_key(|c| c.row);
        self.report.fellow_claims = claims;
    }

    /// True when the store must write something.
    pub fn writes(&self) -> bool {
        self.report.outcome != Outcome::Refused
            && (!self.inserts.is_empty() || !self.merges.is_empty())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Existing(usize),
    Insert(usize),
}

/// Decides what importing `parsed` into a programme with `existing` applications,
/// `municipalities` (name, state code) and `deadline` does under `options`.
pub fn plan(
    file_name: &str,
    parsed: Parsed,
    existing: &[Existing],
    municipalities: &[(String, String)],
    deadline: NaiveDate,
    options: ImportOptions,
) -> Plan {
    let Parsed {
        format,
        mapping,
        rows,
        valid,
        invalid,
        people,
    } = parsed;
    let mut invalid: Vec<ImportError> = invalid;

    // A new municipality needs its kind; the file may state it in any of its rows.
    let known: HashSet<String> = municipalities
        .iter()
        .map(|(name, state)| municipality_key(name, state))
        .collect();
    let mut kinds_in_file = HashSet::new();
    for (_, record) in &valid {
        if record.municipality_kind.is_some() {
            kinds_in_file.insert(municipality_key(&record.municipality, &record.state));
        }
    }
    let mut rows_ok = Vec::with_capacity(valid.len());
    for (row, record) in valid {
        let key = municipality_key(&record.municipality, &record.state);
        if record.municipality_kind.is_none()
            && !known.contains(&key)
            && !kinds_in_file.contains(&key)
        {
            invalid.push(ImportError::Cell {
                row,
                column: mapping.header_of(Field::MunicipalityKind),
                problem: Problem::KindNeededForNewMunicipality(record.municipality.clone()),
            });
        } else {
            rows_ok.push((row, record));
        }
    }

    let mut by_email: HashMap<String, Target> = HashMap::new();
    let mut by_name: HashMap<String, Target> = HashMap::new();
    for (index, e) in existing.iter().enumerate() {
        by_email.insert(e.record.email_key(), Target::Existing(index));
        by_name.insert(e.record.name_key(), Target::Existing(index));
    }
    let mut inserts: Vec<PlannedInsert> = Vec::new();
    let mut merged_existing: HashMap<usize, Record> = HashMap::new();
    let mut duplicates = Vec::new();
    let mut late = Vec::new();
    let received_column = mapping.header_of(Field::ReceivedAt);

    for (row, record) in rows_ok {
        if record.received_at.date() > deadline {
            late.push(RowNote {
                row,
                name: display_name("", &record.first_name, &record.last_name),
                email: record.email.clone(),
                column: received_column.clone(),
                code: "import.late".into(),
                reason: format!(
                    "verspätet: eingegangen am {}, Bewerbungsfrist {}",
                    record.received_at.format("%d.%m.%Y %H:%M"),
                    deadline.format("%d.%m.%Y")
                ),
            });
        }
        let (email_key, name_key) = (record.email_key(), record.name_key());
        let found = match by_email.get(&email_key) {
            Some(t) => Some((*t, Field::Email)),
            None => by_name.get(&name_key).map(|t| (*t, Field::LastName)),
        };
        let Some((target, matched)) = found else {
            let target = Target::Insert(inserts.len());
            by_email.insert(email_key, target);
            by_name.insert(name_key, target);
            inserts.push(PlannedInsert {
                row,
                record,
                superseded: Vec::new(),
            });
            continue;
        };
        let current = match target {
            Target::Existing(i) => merged_existing
                .get(&i)
                .unwrap_or(&existing[i].record)
                .clone(),
            Target::Insert(i) => inserts[i].record.clone(),
        };
        let differences = current.differences(&record);
        let mut merged = false;
        if options.merge_duplicates && !differences.is_empty() {
            let combined = current.merged_with(&record);
            let changes = current.differences(&combined);
            if !changes.is_empty() {
                merged = true;
                match target {
                    Target::Existing(i) => {
                        merged_existing.insert(i, combined);
                    }
                    Target::Insert(i) => {
                        inserts[i].superseded.extend(changes);
                        inserts[i].record = combined;
                    }
                }
            }
        }
        let (of, whom) = match target {
            Target::Existing(i) => {
                let r = &existing[i].record;
                let name = display_name(&r.title, &r.first_name, &r.last_name);
                (
                    DuplicateOf::Application {
                        id: existing[i].application_id,
                        name: name.clone(),
                    },
                    format!("der vorhandenen Bewerbung von {name}"),
                )
            }
            Target::Insert(i) => (
                DuplicateOf::Row {
                    row: inserts[i].row,
                },
                format!("Zeile {}", inserts[i].row),
            ),
        };
        let reason = match (matched, differences.is_empty()) {
            (Field::Email, true) => format!("gleiche E-Mail-Adresse wie {whom}, keine Abweichung"),
            (Field::Email, false) => format!(
                "gleiche E-Mail-Adresse wie {whom}; abweichend: {}",
                labels(&differences)
            ),
            (_, true) => format!("gleicher Name und gleiche Kommune wie {whom}, keine Abweichung"),
            (_, false) => format!(
                "gleicher Name und gleiche Kommune wie {whom}; abweichend: {}",
                labels(&differences)
            ),
        };
        // Later rows find this person by either key, even after an e-mail change.
        by_email.entry(email_key).or_insert(target);
        by_name.entry(name_key).or_insert(target);
        duplicates.push(DuplicateRow {
            row,
            name: display_name("", &record.first_name, &record.last_name),
            email: record.email.clone(),
            column: mapping.header_of(matched),
            reason,
            of,
            differences,
            merged,
        });
    }

    let mut merges: Vec<PlannedMerge> = merged_existing
        .into_iter()
        .map(|(i, record)| PlannedMerge {
            application_id: existing[i].application_id,
            person_id: existing[i].person_id,
            changes: existing[i].record.differences(&record),
            record,
        })
        .collect();
    merges.sort_by_key(|m| m.application_id);

    invalid.sort_by_key(|e| match e {
        ImportError::Cell { row, .. } => *row,
        _ => 0,
    });
    let invalid_rows = invalid
        .iter()
        .filter_map(|e| match e {
            ImportError::Cell { row, .. } => Some(*row),
            _ => None,
        })
        .collect::<HashSet<_>>()
        .len();
    let who = |row: usize| people.get(&row).cloned().unwrap_or_default();
    let invalid: Vec<RowNote> = invalid
        .iter()
        .map(|e| match e {
            ImportError::Cell {
                row,
                column,
                problem,
            } => {
                let (name, email) = who(*row);
                RowNote {
                    row: *row,
                    name,
                    email,
                    column: column.clone(),
                    code: problem.code().into(),
                    reason: problem.to_string(),
                }
            }
            other => RowNote {
                row: 0,
                name: String::new(),
                email: String::new(),
                column: String::new(),
                code: other.code().into(),
                reason: other.to_string(),
            },
        })
        .collect();
    let outcome = outcome(invalid_rows, options);
    let merged = duplicates.iter().filter(|d| d.merged).count();
    let results = row_results(&inserts, &duplicates, &invalid, &late, &who);
    let mut plan = Plan {
        report: ImportReport {
            file_name: file_name.into(),
            format,
            mapping,
            rows,
            new: inserts.len(),
            imported: 0,
            merged,
            duplicates,
            late,
            invalid,
            invalid_rows,
            fellow_claims: Vec::new(),
            outcome,
            results,
            summary: String::new(),
        },
        inserts,
        merges,
    };
    plan.report.summary = plan.report.summary_text(options.dry_run);
    plan
}

/// One result per data row, in file order: new, merged or left duplicate, invalid.
fn row_results(
    inserts: &[PlannedInsert],
    duplicates: &[DuplicateRow],
    invalid: &[RowNote],
    late: &[RowNote],
    who: &dyn Fn(usize) -> (String, String),
) -> Vec<RowResult> {
    let late: HashSet<usize> = late.iter().map(|n| n.row).collect();
    let mut results: Vec<RowResult> = Vec::new();
    for insert in inserts {
        let r = &insert.record;
        results.push(RowResult {
            row: insert.row,
            name: display_name("", &r.first_name, &r.last_name),
            email: r.email.clone(),
            fate: RowFate::New,
            late: late.contains(&insert.row),
            text: if late.contains(&insert.row) {
                "neu, nach der Frist eingegangen".into()
            } else {
                "neu".into()
            },
        });
    }
    for d in duplicates {
        let whom = match &d.of {
            DuplicateOf::Application { name, .. } => format!("der Bewerbung von {name}"),
            DuplicateOf::Row { row } => format!("Zeile {row}"),
        };
        let (fate, text) = if d.merged {
            (RowFate::Merged, format!("zusammengeführt mit {whom}"))
        } else if d.differences.is_empty() {
            (
                RowFate::Duplicate,
                format!("Duplikat von {whom}, keine Abweichung"),
            )
        } else {
            (
                RowFate::Duplicate,
                format!(
                    "Duplikat von {whom}, nicht übernommen (abweichend: {})",
                    labels(&d.differences)
                ),
            )
        };
        results.push(RowResult {
            row: d.row,
            name: d.name.clone(),
            email: d.email.clone(),
            fate,
            late: late.contains(&d.row),
            text,
        });
    }
    let mut reasons: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
    for note in invalid.iter().filter(|n| n.row > 0) {
        reasons
            .entry(note.row)
            .or_default()
            .push(format!("{}: {}", note.column, note.reason));
    }
    for (row, reasons) in reasons {
        let (name, email) = who(row);
        results.push(RowResult {
            row,
            name,
            email,
            fate: RowFate::Invalid,
            late: false,
            text: format!("ungültig – {}", reasons.join("; ")),
        });
    }
    results.sort_by_key(|r| r.row);
    results
}

/// What an import with `invalid_rows` does under `options`.
fn outcome(invalid_rows: usize, options: ImportOptions) -> Outcome {
    if invalid_rows > 0 && !options.skip_invalid {
        Outcome::Refused
    } else if options.dry_run {
        Outcome::Preview
    } else {
        Outcome::Committed
    }
}

impl Plan {
    /// The same plan under other options. Only `merge_duplicates` changes what is
    /// planned, so it must be the one the plan was made with; dry run and skipping
    /// invalid rows only decide the outcome.
    pub fn with_options(mut self, options: ImportOptions) -> Plan {
        self.report.outcome = outcome(self.report.invalid_rows, options);
        self.report.summary = self.report.summary_text(options.dry_run);
        self
    }
}

fn labels(differences: &[Difference]) -> String {
    differences
        .iter()
        .map(|d| d.label.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse;

    const HEADER: &str =
        "Eingang;Vorname;Nachname;E-Mail;Kommune;Bundesland;Art der Kommune;Lernpfad;Telefon\n";

    fn deadline() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 9, 30).unwrap()
    }

    fn plan_of(body: &str, existing: &[Existing], options: ImportOptions) -> Plan {
        let parsed = parse(format!("{HEADER}{body}").as_bytes(), None, &[]).unwrap();
        let municipalities: Vec<(String, String)> = existing
            .iter()
            .map(|e| (e.record.municipality.clone(), e.record.state.clone()))
            .collect();
        plan(
            "test.csv",
            parsed,
            existing,
            &municipalities,
            deadline(),
            options,
        )
    }

    fn existing(body: &str) -> Vec<Existing> {
        plan_of(body, &[], ImportOptions::default())
            .inserts
            .into_iter()
            .map(|i| Existing {
                application_id: Uuid::now_v7(),
                person_id: Uuid::now_v7(),
                record: i.record,
            })
            .collect()
    }

    const ANNA: &str = "16.09.2025 09:41;Anna;Weber;anna@koeln.de;Stadt Köln;NRW;kreisfreie Stadt;Führung;0221 1\n";

    #[test]
    fn same_email_in_other_case_is_a_duplicate_with_its_differences() {
        let db = existing(ANNA);
        let plan = plan_of(
            "20.09.2025 08:00;Anna;Weber;ANNA@Koeln.de;Stadt Köln;NRW;;Führung;0221 2\n",
            &db,
            ImportOptions::default(),
        );
        assert_eq!(plan.report.new, 0);
        let dup = &plan.report.duplicates[0];
        assert_eq!(dup.row, 2);
        assert_eq!(dup.column, "E-Mail");
        let fields: Vec<Field> = dup.differences.iter().map(|d| d.field).collect();
        assert_eq!(fields, vec![Field::Phone, Field::ReceivedAt]);
        assert!(!dup.merged);
        assert!(plan.merges.is_empty(), "merging needs to be asked for");
    }

    #[test]
    fn same_name_and_municipality_is_a_duplicate_despite_another_email() {
        let db = existing(ANNA);
        let plan = plan_of(
            "16.09.2025 09:41;ANNA;weber;anna.privat@web.de;stadt köln;Nordrhein-Westfalen;;Führung;0221 1\n",
            &db,
            ImportOptions::default(),
        );
        assert_eq!(plan.report.duplicates.len(), 1);
        assert_eq!(plan.report.duplicates[0].column, "Nachname");
    }

    #[test]
    fn merge_on_request_takes_the_newer_row() {
        let db = existing(ANNA);
        let options = ImportOptions {
            merge_duplicates: true,
            ..Default::default()
        };
        let newer = plan_of(
            "20.09.2025 08:00;Anna;Weber;anna@koeln.de;Stadt Köln;NRW;;Change;0221 2\n",
            &db,
            options,
        );
        assert_eq!(newer.merges.len(), 1);
        assert_eq!(newer.merges[0].record.phone, "0221 2");
        assert_eq!(newer.report.merged, 1);
        // An older row loses to what exists: nothing to change.
        let older = plan_of(
            "01.09.2025 08:00;Anna;Weber;anna@koeln.de;Stadt Köln;NRW;;Change;0221 2\n",
            &db,
            options,
        );
        assert!(older.merges.is_empty());
        assert_eq!(older.report.merged, 0);
    }

    #[test]
    fn duplicates_within_the_file_point_at_the_earlier_row() {
        let plan = plan_of(&format!("{ANNA}{ANNA}"), &[], ImportOptions::default());
        assert_eq!(plan.report.new, 1);
        assert_eq!(plan.report.duplicates[0].of, DuplicateOf::Row { row: 2 });
        assert!(plan.report.duplicates[0].differences.is_empty());
    }

    #[test]
    fn late_rows_are_flagged_and_still_imported() {
        let plan = plan_of(
            "01.10.2025 00:05;Ben;Kurz;ben@halle.de;Stadt Halle;ST;kreisfreie Stadt;Change;\n\
             30.09.2025 23:59;Cem;Aydin;cem@halle.de;Stadt Halle;ST;kreisfreie Stadt;Change;\n",
            &[],
            ImportOptions::default(),
        );
        assert_eq!(plan.report.late.len(), 1);
        assert_eq!(plan.report.late[0].row, 2);
        assert_eq!(plan.report.new, 2);
        assert_eq!(plan.report.outcome, Outcome::Committed);
    }

    #[test]
    fn invalid_rows_refuse_the_import_unless_skipping_is_asked_for() {
        let body =
            format!("{ANNA}16.09.2025;Ben;Kurz;ben@;Stadt Halle;ST;kreisfreie Stadt;Change;\n");
        let refused = plan_of(&body, &[], ImportOptions::default());
        assert_eq!(refused.report.outcome, Outcome::Refused);
        assert!(!refused.writes());
        assert_eq!(refused.report.invalid[0].row, 3);
        assert_eq!(refused.report.invalid[0].column, "E-Mail");
        let skipped = plan_of(
            &body,
            &[],
            ImportOptions {
                skip_invalid: true,
                ..Default::default()
            },
        );
        assert_eq!(skipped.report.outcome, Outcome::Committed);
        assert_eq!(skipped.inserts.len(), 1);
    }

    #[test]
    fn a_new_municipality_without_kind_is_invalid_but_a_known_one_is_not() {
        let body = "16.09.2025;Ben;Kurz;ben@halle.de;Stadt Halle;ST;;Change;\n";
        let plan = plan_of(body, &[], ImportOptions::default());
        assert_eq!(plan.report.invalid[0].code, "import.kind_needed");
        assert_eq!(plan.report.invalid[0].column, "Art der Kommune");
        let parsed = parse(format!("{HEADER}{body}").as_bytes(), None, &[]).unwrap();
        let plan = super::plan(
            "t.csv",
            parsed,
            &[],
            &[("STADT HALLE".into(), "DE-ST".into())],
            deadline(),
            ImportOptions::default(),
        );
        assert!(plan.report.invalid.is_empty());
    }

    #[test]
    fn every_row_gets_a_result_naming_the_person_and_the_summary_says_it_all() {
        let db = existing(ANNA);
        let body = "20.09.2025 08:00;Anna;Weber;anna@koeln.de;Stadt Köln;NRW;;Führung;0221 2\n\
             16.09.2025;Ben;Kurz;ben@;Stadt Halle;ST;kreisfreie Stadt;Change;\n\
             01.10.2025 00:05;Cem;Aydin;cem@halle.de;Stadt Halle;ST;kreisfreie Stadt;Change;\n\
             17.09.2025 10:00;Dana;Roth;dana@halle.de;Stadt Halle;ST;kreisfreie Stadt;Führung;\n\
             17.09.2025 10:00;Dana;Roth;dana@halle.de;Stadt Halle;ST;kreisfreie Stadt;Führung;\n";
        let options = ImportOptions {
            skip_invalid: true,
            merge_duplicates: true,
            ..Default::default()
        };
        let plan = plan_of(body, &db, options);
        let report = &plan.report;
        let fates: Vec<(usize, RowFate, &str)> = report
            .results
            .iter()
            .map(|r| (r.row, r.fate, r.name.as_str()))
            .collect();
        assert_eq!(
            fates,
            vec![
                (2, RowFate::Merged, "Anna Weber"),
                (3, RowFate::Invalid, "Ben Kurz"),
                (4, RowFate::New, "Cem Aydin"),
                (5, RowFate::New, "Dana Roth"),
                (6, RowFate::Duplicate, "Dana Roth"),
            ]
        );
        assert_eq!(report.results.len(), report.rows, "one result per row");
        assert_eq!(report.results[1].email, "ben@");
        assert_eq!(report.invalid[0].name, "Ben Kurz");
        assert_eq!(report.invalid[0].email, "ben@");
        assert_eq!(report.late[0].name, "Cem Aydin");
        assert_eq!(report.duplicates[0].name, "Anna Weber");
        assert!(report.results[2].late && report.results[2].text.contains("nach der Frist"));
        assert_eq!(
            report.results[0].text,
            "zusammengeführt mit der Bewerbung von Anna Weber"
        );
        assert_eq!(
            report.results[4].text,
            "Duplikat von Zeile 5, keine Abweichung"
        );
        assert_eq!(
            report.summary,
            "5 Zeilen: 2 neue Bewerbungen importiert, 1 Duplikat zusammengeführt (mit Anna \
             Weber), 1 Duplikat nicht übernommen, 1 ungültige Zeile übersprungen – Zeile 3 (Ben \
             Kurz, ben@), 1 Zeile nach der Frist eingegangen."
        );

        let preview = plan.clone().with_options(ImportOptions {
            dry_run: true,
            ..options
        });
        assert_eq!(
            preview.report.summary,
            "5 Zeilen: 2 neue Bewerbungen, 1 Duplikat zum Zusammenführen (mit Anna Weber), 1 \
             Duplikat bleibt unverändert, 1 ungültige Zeile wird übersprungen – Zeile 3 (Ben \
             Kurz, ben@), 1 Zeile nach der Frist eingegangen."
        );
        // A preview without skipping describes the rows and says the file would be refused.
        let strict = plan.clone().with_options(ImportOptions {
            dry_run: true,
            skip_invalid: false,
            merge_duplicates: true,
        });
        assert_eq!(
            strict.report.summary,
            "5 Zeilen: 2 neue Bewerbungen, 1 Duplikat zum Zusammenführen (mit Anna Weber), 1 \
             Duplikat bleibt unverändert, 1 ungültige Zeile – Zeile 3 (Ben Kurz, ben@), 1 \
             Zeile nach der Frist eingegangen. So wird nichts importiert: korrigieren \
             Sie die Datei oder überspringen Sie die ungültigen Zeilen."
        );
        let refused = plan.with_options(ImportOptions::default());
        assert_eq!(
            refused.report.summary,
            "Nicht importiert: 1 von 5 Zeilen ungültig – Zeile 3 (Ben Kurz, ben@). Es wurde \
             nichts geschrieben; korrigieren Sie die Datei oder überspringen Sie die ungültigen \
             Zeilen."
        );
    }
}
