//! No command that touches the database or files may run on the main thread: a plain
//! `#[tauri::command] fn` runs there and freezes the window while it works. This reads
//! the command sources and fails for any synchronous command not named below.

use std::path::Path;

/// Commands that stay synchronous because they answer from memory at once.
const ANSWER_FROM_MEMORY: &[&str] = &[
    "placeholders",            // a static list
    "default_letter_template", // a template compiled into the binary
    "validate_template",       // parses the given text
    "app_info",                // the open file's path and the version
    "cancel_job",              // sets a flag
    "check_settings",          // checks the given form
    "list_columns",            // a static list
];

/// `(name, runs off the main thread)` of every command in `source`.
fn commands(source: &str) -> Vec<(String, bool)> {
    source
        .split("#[tauri::command")
        .skip(1)
        .map(|chunk| {
            let attribute_end = chunk.find(']').expect("attribute closes");
            let attribute = &chunk[..attribute_end];
            let rest = &chunk[attribute_end + 1..];
            let signature = &rest[..rest.find('(').expect("fn has arguments")];
            let after_fn = &signature[signature.find("fn ").expect("a fn") + 3..];
            let name: String = after_fn
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let off_main = attribute.contains("async") || signature.contains("async fn");
            (name, off_main)
        })
        .collect()
}

#[test]
fn every_command_that_touches_data_runs_off_the_main_thread() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let mut seen = 0;
    let mut blocking = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("commands folder") {
        let path = entry.expect("entry").path();
        let source = std::fs::read_to_string(&path).expect("readable source");
        for (name, off_main) in commands(&source) {
            seen += 1;
            if !off_main && !ANSWER_FROM_MEMORY.contains(&name.as_str()) {
                blocking.push(format!("{} in {}", name, path.display()));
            }
        }
    }
    assert!(
        seen > 40,
        "found only {seen} commands: is the parser still right?"
    );
    assert!(
        blocking.is_empty(),
        "these commands run on the main thread: {blocking:?}"
    );
}

#[test]
fn the_check_sees_a_synchronous_command() {
    let source = "#[tauri::command]\npub fn overview(k: State<'_, Kohorte>) {}\n\
                  #[tauri::command(async)]\npub fn balance(k: State<'_, Kohorte>) {}\n\
                  #[tauri::command]\npub async fn write_letters<R: Runtime>(app: AppHandle<R>) {}";
    assert_eq!(
        commands(source),
        vec![
            ("overview".to_string(), false),
            ("balance".to_string(), true),
            ("write_letters".to_string(), true),
        ]
    );
}

/// A command the window may not call fails only in the real window (the mock runtime
/// checks no capability): every command must be allowed in the capability file.
#[test]
fn every_command_is_allowed_for_the_window() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let capability =
        std::fs::read_to_string(root.join("capabilities/default.json")).expect("capability");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root.join("src/commands")).expect("commands folder") {
        let source = std::fs::read_to_string(entry.expect("entry").path()).expect("source");
        for (name, _) in commands(&source) {
            let permission = format!("\"allow-{}\"", name.replace('_', "-"));
            if !capability.contains(&permission) {
                missing.push(permission);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in capabilities/default.json: {missing:?}"
    );
}
