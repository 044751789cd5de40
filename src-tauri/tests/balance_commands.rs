//! The Ausgewogenheit view's commands through Tauri's real IPC and ACL, on a mock
//! runtime (no window), against the demo programme in a temporary file.

use std::collections::BTreeMap;

use kohorte::balance::BalanceReport;
use kohorte::selection::Proposal;
mod common;

use common::{Harness, start};
use serde_json::{Value, json};

impl Harness {
    fn report(&self) -> BalanceReport {
        serde_json::from_value(self.ok("balance", json!({}))).expect("report")
    }

    /// Application id → status key, from the candidates command.
    fn statuses(&self) -> BTreeMap<String, String> {
        let candidates = self.ok("candidates", json!({}));
        candidates
            .as_array()
            .expect("array")
            .iter()
            .map(|c| {
                (
                    c["id"].as_str().expect("id").to_string(),
                    c["status"].as_str().expect("status").to_string(),
                )
            })
            .collect()
    }
}

fn options() -> Value {
    json!({"options": {"include_late": false, "include_withdrawn": false, "include_rejected": false}})
}

#[test]
fn balance_command_reports_each_track_and_both_with_all_sixteen_states() {
    let h = start();
    let report = h.report();
    let scopes: Vec<_> = report.scopes.iter().map(|s| s.track).collect();
    assert_eq!(scopes.len(), 3, "{scopes:?}");
    assert!(scopes.contains(&None));
    for scope in &report.scopes {
        let states = scope
            .dimensions
            .iter()
            .find(|d| d.dimension == kohorte::balance::Dimension::State)
            .expect("state dimension");
        assert_eq!(states.values.len(), 16);
        let selected: u32 = states.values.iter().map(|v| v.selected).sum();
        assert_eq!(selected, scope.selected);
    }
}

#[test]
fn quotas_set_through_the_command_are_stored_and_reported_as_violations() {
    let h = start();
    h.ok(
        "set_quotas",
        json!({"scope": "fuehrung", "quotas": [{
            "track": null, "dimension": "state", "value": "DE-HB",
            "min": 3, "max": 4, "min_flex": null, "max_flex": null
        }]}),
    );
    let quotas = h.ok("quotas", json!({}));
    assert_eq!(quotas[0]["track"], "fuehrung", "the scope wins: {quotas}");
    let report = h.report();
    let fuehrung = report
        .scopes
        .iter()
        .find(|s| s.track == Some(kohorte::model::TrackRole::Fuehrung))
        .expect("Führung");
    let bremen = fuehrung.dimensions[0]
        .values
        .iter()
        .find(|v| v.value == "DE-HB")
        .expect("Bremen");
    assert_eq!((bremen.min, bremen.max), (Some(3), Some(4)));
    assert!(
        report
            .violations
            .iter()
            .any(|v| v.code == "quota_min"
                && v.message.contains("aus Bremen, mindestens 3 vorgesehen")),
        "{:?}",
        report.violations
    );
}

#[test]
fn assistant_proposes_applies_and_undoes_through_the_commands() {
    let h = start();
    let before = h.statuses();
    let proposal: Proposal =
        serde_json::from_value(h.ok("propose_selection", options())).expect("proposal");
    assert_eq!(proposal.tracks.len(), 2);
    assert!(proposal.tracks.iter().all(|t| !t.selected.is_empty()));
    assert!(
        proposal
            .tracks
            .iter()
            .flat_map(|t| t.selected.iter().chain(&t.waitlist))
            .all(|e| !e.reason.is_empty())
    );
    assert_eq!(h.statuses(), before, "proposing writes nothing");

    let applied = h.ok("apply_selection", options());
    let changes = applied[1]["changes"].as_array().expect("changes").clone();
    assert_eq!(changes.len(), proposal.changes.len());
    let after = h.statuses();
    for change in &changes {
        let id = change["application_id"].as_str().expect("id");
        assert_eq!(after[id], change["to"].as_str().expect("to"));
    }
    if !changes.is_empty() {
        assert_ne!(after, before);
    }

    let reverted = h.ok("undo_selection", json!({}));
    assert_eq!(reverted.as_array().map(Vec::len), Some(changes.len()));
    assert_eq!(h.statuses(), before, "undo restores every status");
}

#[test]
fn locks_set_through_the_command_steer_the_proposal() {
    let h = start();
    let proposal: Proposal =
        serde_json::from_value(h.ok("propose_selection", options())).expect("proposal");
    let first = proposal.tracks[0].selected[0].id;
    h.ok("set_lock", json!({"applicationId": first, "lock": "out"}));
    let candidates = h.ok("candidates", json!({}));
    let locked = candidates
        .as_array()
        .expect("array")
        .iter()
        .find(|c| c["id"] == json!(first))
        .expect("candidate");
    assert_eq!(locked["lock"], "out");
    let again: Proposal =
        serde_json::from_value(h.ok("propose_selection", options())).expect("proposal");
    assert!(!again.tracks[0].selected.iter().any(|e| e.id == first));
    assert!(again.tracks[0].excluded.iter().any(|e| e.id == first));

    h.ok("set_lock", json!({"applicationId": first, "lock": null}));
    let cleared = h.ok("candidates", json!({}));
    assert!(
        cleared
            .as_array()
            .expect("array")
            .iter()
            .any(|c| c["id"] == json!(first) && c["lock"].is_null())
    );
}

#[test]
fn quotas_round_trip_through_a_categories_csv_file() {
    let h = start();
    let quota = json!({"track": null, "dimension": "region", "value": "ost",
                       "min": 2, "max": 6, "min_flex": null, "max_flex": null});
    h.ok("set_quotas", json!({"scope": null, "quotas": [quota]}));
    let path = h.dir.path().join("quoten.csv");
    assert_eq!(
        h.ok("export_quotas", json!({"path": path, "scope": null})),
        1
    );
    h.ok("set_quotas", json!({"scope": null, "quotas": []}));
    let imported = h.ok("import_quotas", json!({"path": path, "scope": null}));
    assert_eq!(imported, json!([quota]));
    assert_eq!(h.ok("quotas", json!({})), json!([quota]));
}

#[test]
fn a_bad_quota_file_reaches_the_ui_with_its_row_and_changes_nothing() {
    let h = start();
    let path = h.dir.path().join("kaputt.csv");
    std::fs::write(&path, "feature,value,min,max\nBundesland,Atlantis,1,2\n").expect("write");
    let error = h
        .call("import_quotas", json!({"path": path, "scope": "change"}))
        .unwrap_err();
    assert_eq!(error["code"], "quotas.unknown_value");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Zeile 2")),
        "{error}"
    );
    assert_eq!(h.ok("quotas", json!({})), json!([]));
}

#[test]
fn undo_without_an_applied_proposal_is_a_coded_error() {
    let h = start();
    let error = h.call("undo_selection", json!({})).unwrap_err();
    assert_eq!(error["code"], "selection.nothing_to_undo");
    assert!(error["message"].is_string());
}
