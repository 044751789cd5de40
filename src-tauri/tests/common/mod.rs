//! The harness every command test shares: the app with its real commands, IPC and
//! ACL on a mock runtime (no window), over the demo programme in a temporary file.
// Each test binary uses a different part of it.
#![allow(dead_code)]

use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

pub struct Harness {
    pub dir: tempfile::TempDir,
    _app: App<MockRuntime>,
    pub window: WebviewWindow<MockRuntime>,
}

/// The app as it starts for a new user: an empty file gets the demo programme.
pub fn start() -> Harness {
    let dir = tempfile::tempdir().expect("temp dir");
    let kohorte = kohorte_app::open_database(&dir.path().join("app.sqlite"), true).expect("open");
    start_on(dir, kohorte)
}

/// The app over `kohorte`, whose file lies in `dir`.
pub fn start_on(dir: tempfile::TempDir, kohorte: kohorte::Kohorte) -> Harness {
    let app = kohorte_app::with_commands(mock_builder())
        .manage(kohorte)
        .build(tauri::generate_context!())
        .expect("build app");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("main window");
    Harness {
        dir,
        _app: app,
        window,
    }
}

impl Harness {
    /// A harness over an app built by the test itself (with its own state).
    pub fn over(
        dir: tempfile::TempDir,
        app: App<MockRuntime>,
        window: WebviewWindow<MockRuntime>,
    ) -> Harness {
        Harness {
            dir,
            _app: app,
            window,
        }
    }

    /// Calls a command as the web UI does: arguments in camelCase, as one JSON body.
    pub fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().expect("url"),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize().expect("JSON body"))
    }

    pub fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}
