//! A bare Tauri window with one static page: what the app's launch time and memory are
//! measured against (scripts/bench-app.sh). The page calls `loaded` once it painted,
//! which prints one line, as Kohorte's launch probe does.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::io::Write;

/// Unix time in ms, for the "launch-mark:" lines of the launch breakdown.
fn unix_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

#[tauri::command]
fn loaded(what: String, marks: Option<Vec<(String, f64)>>) {
    let mut out = std::io::stdout().lock();
    for (name, at) in marks.unwrap_or_default() {
        let _ = writeln!(out, "launch-mark: {name} {at:.1}");
    }
    let _ = writeln!(out, "launch-probe: {what}");
    let _ = out.flush();
}

fn main() {
    println!("launch-mark: main {:.1}", unix_ms());
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
