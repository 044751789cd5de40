//! A bare Tauri window with one static page: what the app's launch time and memory are
//! measured against (scripts/bench-app.sh). The page calls `loaded` once it painted,
//! which prints one line, as Kohorte's launch probe does.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::io::Write;

#[tauri::command]
fn loaded(what: String) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "launch-probe: {what}");
    let _ = out.flush();
}

fn main() {
    let app = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![loaded])
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!("bare-window: {e}");
            std::process::exit(1);
        }
    }
}
