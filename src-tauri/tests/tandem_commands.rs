//! The Tandems view's bulk confirmation through Tauri's real IPC and ACL, on a mock
//! runtime, against the demo programme: the Übersicht and the view count the same.

mod common;

use common::start;
use serde_json::json;

#[test]
fn shown_tandems_are_confirmed_at_once_and_undone_through_the_commands() {
    let h = start();
    let board = h.ok("tandems", json!({}));
    assert_eq!(h.ok("overview", json!({}))["tandems"], board["counts"]);
    let open: Vec<_> = board["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .filter(|p| p["confirmed"] == false)
        .map(|p| json!({"leader": p["leader"], "planner": p["planner"]}))
        .collect();
    assert!(open.len() > 1, "{board}");

    let done = h.ok("confirm_tandems", json!({"pairs": open}));
    assert_eq!(done["confirmed"], open.len());
    let after = h.ok("tandems", json!({}));
    assert_eq!(after["counts"]["confirmed"], board["counts"]["total"]);
    assert_eq!(h.ok("overview", json!({}))["tandems"], after["counts"]);

    assert_eq!(
        h.ok("undo_tandem_confirmation", json!({})),
        json!(open.len())
    );
    assert_eq!(h.ok("tandems", json!({}))["counts"], board["counts"]);
    let error = h.call("undo_tandem_confirmation", json!({})).unwrap_err();
    assert_eq!(error["code"], "review.nothing_to_undo");
}
