//! The shell's attack surface, pinned: the exact content security policy, the exact
//! set of permissions the window has (Kohorte's own commands, no core or plugin
//! permission), and that the window cannot be navigated to another origin. Widening
//! any of them fails here, so it is a visible change.

use std::path::Path;

use serde_json::Value;

fn json(path: &str) -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(root.join(path)).expect(path)).expect("JSON")
}

/// The commands declared in build.rs (each gets its permission from tauri-build).
fn declared_commands() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let build = std::fs::read_to_string(root.join("build.rs")).expect("build.rs");
    let list = &build[build.find(".commands(&[").expect("command list")..];
    let list = &list[..list.find("])").expect("list end")];
    list.lines()
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix('"')
                .and_then(|l| l.strip_suffix("\","))
                .map(str::to_string)
        })
        .collect()
}

#[test]
fn the_content_security_policy_is_exactly_the_apps_own_files() {
    let conf = json("tauri.conf.json");
    let security = &conf["app"]["security"];
    assert_eq!(
        security["csp"],
        "default-src 'self'; img-src 'self' data:; style-src 'self'; \
         connect-src ipc: http://ipc.localhost"
    );
    assert_eq!(security["freezePrototype"], true);
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    assert!(
        security
            .get("dangerousDisableAssetCspModification")
            .is_none()
    );
    assert!(security.get("devCsp").is_none());
    assert!(
        conf["build"].get("devUrl").is_none(),
        "no remote or dev server"
    );
}

#[test]
fn the_window_may_call_exactly_kohortes_own_commands() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files: Vec<_> = std::fs::read_dir(root.join("capabilities"))
        .expect("capabilities")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(files, ["default.json"], "one capability file");
    let capability = json("capabilities/default.json");
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    assert!(
        capability.get("remote").is_none(),
        "no remote origin gets IPC"
    );
    assert!(capability.get("webviews").is_none());
    let mut granted: Vec<String> = capability["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .map(|p| p.as_str().expect("a plain permission name").to_string())
        .collect();
    let mut expected: Vec<String> = declared_commands()
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    granted.sort();
    expected.sort();
    assert!(expected.len() > 50, "parsed {} commands", expected.len());
    assert_eq!(granted, expected);
}

#[test]
fn navigation_to_another_origin_is_blocked() {
    let allowed = |u: &str| kohorte_app::navigation_allowed(&u.parse().expect("url"));
    assert!(allowed("tauri://localhost/"));
    assert!(allowed("tauri://localhost/index.html#bewerbungen"));
    assert!(allowed("http://tauri.localhost/"));
    for other in [
        "https://example.org/",
        "http://localhost:1420/",
        "tauri://evil.example/",
        "http://tauri.localhost.evil.example/",
        "http://tauri.localhost:8080/",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "javascript:alert(1)",
    ] {
        assert!(!allowed(other), "{other} was allowed");
    }
}
