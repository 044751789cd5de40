//! The app's commands through Tauri's real IPC and ACL, on a mock runtime (no window).

use kohorte::model::{ApplicationRow, Overview};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

struct Harness {
    _dir: tempfile::TempDir,
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

/// The app as it starts for a new user: an empty file gets the demo programme.
fn start() -> Harness {
    let dir = tempfile::tempdir().expect("temp dir");
    let kohorte = kohorte_app::open_database(&dir.path().join("app.sqlite")).expect("open");
    let app = kohorte_app::with_commands(mock_builder())
        .manage(kohorte)
        .build(tauri::generate_context!())
        .expect("build app");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("main window");
    Harness {
        _dir: dir,
        _app: app,
        window,
    }
}

fn invoke(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
) -> Result<serde_json::Value, serde_json::Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::default(),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize().expect("JSON body"))
}

#[test]
fn first_start_shows_the_demo_overview() {
    let h = start();
    let overview: Overview =
        serde_json::from_value(invoke(&h.window, "overview").unwrap()).unwrap();
    assert!(overview.is_demo);
    assert_eq!(overview.programme, "Lernpfad Führung & Change 2025/2026");
    assert_eq!(overview.tracks.len(), 2);
    assert!(
        overview
            .tracks
            .iter()
            .all(|t| t.capacity == 16 && t.free_places == 7)
    );
}

#[test]
fn applications_command_returns_every_row() {
    let h = start();
    let rows: Vec<ApplicationRow> =
        serde_json::from_value(invoke(&h.window, "applications").unwrap()).unwrap();
    let overview: Overview =
        serde_json::from_value(invoke(&h.window, "overview").unwrap()).unwrap();
    assert_eq!(rows.len() as u32, overview.applications);
    assert!(rows.iter().any(|r| r.last_name == "Krüger"));
}

#[test]
fn app_info_names_the_open_database() {
    let h = start();
    let info = invoke(&h.window, "app_info").unwrap();
    assert!(info["database"].as_str().unwrap().ends_with("app.sqlite"));
}

#[test]
fn commands_outside_the_capability_are_refused() {
    let h = start();
    // Not an app command and not granted: the ACL must stop it before any handler runs.
    let refused = invoke(&h.window, "plugin:fs|read_file");
    assert!(refused.is_err(), "{refused:?}");
}

#[test]
fn core_errors_reach_the_ui_as_code_and_message() {
    let dir = tempfile::tempdir().unwrap();
    // A file without a programme (opened by the core directly, so no demo is added).
    let kohorte = kohorte::Kohorte::open(&dir.path().join("empty.sqlite")).unwrap();
    let app = kohorte_app::with_commands(mock_builder())
        .manage(kohorte)
        .build(tauri::generate_context!())
        .unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let error = invoke(&window, "overview").unwrap_err();
    assert_eq!(error["code"], "store.no_programme");
    assert_eq!(
        error["message"],
        "In der Datenbank ist noch kein Programm angelegt."
    );
}
