//! The desktop shell: opens the database, then hands the core to the web UI through
//! thin commands.

pub mod commands;

use std::path::PathBuf;

use kohorte::Kohorte;
use tauri::Manager;

/// Registers every command and the shell's own state (the running jobs); shared by
/// `run` and the command tests (mock runtime).
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .manage(commands::jobs::Jobs::default())
        .manage(commands::safety::Startup::default())
        .invoke_handler(tauri::generate_handler![
            commands::overview,
            commands::applications,
            commands::data_revision,
            commands::app_info,
            commands::launch_probe,
            commands::balance::balance,
            commands::balance::candidates,
            commands::balance::quotas,
            commands::balance::set_quotas,
            commands::balance::import_quotas,
            commands::balance::export_quotas,
            commands::balance::set_lock,
            commands::balance::propose_selection,
            commands::balance::apply_selection,
            commands::balance::undo_selection,
            commands::review::import_applications,
            commands::review::remembered_mapping,
            commands::review::set_status,
            commands::review::status_plans,
            commands::review::undo_last_change,
            commands::review::set_score,
            commands::review::reviewer_notes,
            commands::review::set_reviewer_notes,
            commands::review::check_application,
            commands::review::create_application,
            commands::review::application_form,
            commands::review::update_application,
            commands::review::history,
            commands::review::tandems,
            commands::review::pair_tandem,
            commands::review::confirm_tandem,
            commands::review::confirm_tandems,
            commands::review::undo_tandem_confirmation,
            commands::review::dissolve_tandem,
            commands::documents::placeholders,
            commands::documents::letter_template,
            commands::documents::default_letter_template,
            commands::documents::validate_template,
            commands::documents::save_letter_template,
            commands::documents::reset_letter_template,
            commands::documents::recipients,
            commands::documents::preview_letter,
            commands::documents::letter_summary,
            commands::documents::write_letters,
            commands::documents::modules,
            commands::documents::write_agenda,
            commands::documents::write_list,
            commands::documents::attendance,
            commands::documents::set_attendance,
            commands::documents::write_certificates,
            commands::documents::documents,
            commands::documents::document_history,
            commands::export::list_columns,
            commands::export::list_settings,
            commands::export::export_list,
            commands::export::export_calendar,
            commands::export::mail_template,
            commands::export::save_mail_template,
            commands::export::reset_mail_template,
            commands::export::write_mail_drafts,
            commands::files::choose_file,
            commands::files::choose_save_path,
            commands::files::choose_folder,
            commands::files::open_path,
            commands::jobs::cancel_job,
            commands::programme::programmes,
            commands::programme::select_programme,
            commands::programme::create_programme,
            commands::programme::create_demo,
            commands::programme::remove_demo,
            commands::programme::intro_pending,
            commands::programme::dismiss_intro,
            commands::programme::settings,
            commands::programme::check_settings,
            commands::programme::save_settings,
            commands::programme::undo_settings_change,
            commands::programme::fellows,
            commands::programme::add_fellow,
            commands::programme::remove_fellow,
            commands::programme::import_fellows,
            commands::programme::module_forms,
            commands::programme::check_module,
            commands::programme::save_module,
            commands::programme::set_programme_image,
            commands::programme::has_programme_image,
            commands::programme::waitlist_promotion,
            commands::programme::promote_from_waitlist,
            commands::safety::backups,
            commands::safety::create_backup,
            commands::safety::restore_backup,
            commands::safety::database_problem,
            commands::safety::restore_damaged_database,
            commands::safety::open_database_file,
            commands::safety::person_preview,
            commands::safety::export_person,
            commands::safety::delete_person,
            commands::safety::anonymise_person,
            commands::safety::prune_backups,
            commands::safety::retention,
            commands::safety::apply_retention
        ])
}

/// Whether the window may load `url`: only the app's own files (`tauri://localhost`
/// on Linux and macOS, `http(s)://tauri.localhost` on Windows). A link or script that
/// tries to open any other origin in the window is stopped.
pub fn navigation_allowed(url: &tauri::Url) -> bool {
    match (url.scheme(), url.host_str()) {
        ("tauri", Some("localhost")) => true,
        ("http" | "https", Some("tauri.localhost")) => url.port().is_none(),
        _ => false,
    }
}

/// The plugin that applies [`navigation_allowed`] to every webview of the app.
pub fn navigation_guard<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|_, url| navigation_allowed(url))
        .build()
}

/// Whether the launch probe is on: `KOHORTE_LAUNCH_PROBE=1` (scripts/bench-app.sh).
pub fn launch_probe_enabled() -> bool {
    std::env::var_os("KOHORTE_LAUNCH_PROBE").is_some_and(|v| v == "1")
}

/// With the launch probe on, prints "launch-mark: WHAT UNIX_MS": the moments of the
/// start that scripts/bench_launch.py lays out as a breakdown of the launch time.
pub fn launch_mark(what: &str) {
    if launch_probe_enabled() {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
        print_launch_mark(what, now);
    }
}

/// One "launch-mark:" line: `at` in Unix ms, as the shell's and the page's marks give it.
pub fn print_launch_mark(what: &str, at: f64) {
    println!("launch-mark: {what} {at:.1}");
}

/// Tells the page that the launch probe is on (`window.__KOHORTE_LAUNCH_PROBE__`), so it
/// reports when the Übersicht first shows its figures; registered only when it is on.
fn launch_probe<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("launch-probe")
        .js_init_script("window.__KOHORTE_LAUNCH_PROBE__ = true;")
        .build()
}

/// `--db PATH` on the command line, else `KOHORTE_DB`. The arguments are scanned by
/// hand because WebDriver and desktop launchers may add flags of their own that a
/// strict parser would refuse.
fn database_from_args() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--db=")) {
            return Some(PathBuf::from(path));
        }
    }
    std::env::var_os("KOHORTE_DB")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Opens the database on the programme the window worked on last. An empty file stays
/// empty: the window then asks "Neues Programm anlegen" or "Demo ansehen", unless
/// `demo_if_empty` (the README's start command, `--demo`) fills it with the demo.
pub fn open_database(path: &std::path::Path, demo_if_empty: bool) -> kohorte::Result<Kohorte> {
    let kohorte = Kohorte::open(path)?;
    if demo_if_empty && !kohorte.has_programme()? {
        kohorte.create_demo(false)?;
    }
    kohorte.select_remembered_programme()?;
    Ok(kohorte)
}

/// `--demo` on the command line.
fn demo_from_args() -> bool {
    std::env::args_os().skip(1).any(|arg| arg == "--demo")
}

pub fn run() {
    launch_mark("main");
    let mut builder = with_commands(tauri::Builder::default())
        .plugin(tauri_plugin_dialog::init())
        .plugin(navigation_guard());
    if launch_probe_enabled() {
        builder = builder.plugin(launch_probe());
    }
    let app = builder
        .setup(|app| {
            launch_mark("setup");
            let path = match database_from_args() {
                Some(path) => path,
                None => {
                    let dir = app.path().app_data_dir()?;
                    std::fs::create_dir_all(&dir)?;
                    dir.join("kohorte.sqlite")
                }
            };
            match open_database(&path, demo_from_args()) {
                Ok(kohorte) => {
                    // A checked copy on start when the file changed since the newest
                    // one, made beside the first views instead of before the window
                    // (half a second for 10,000 applications); a failure is reported
                    // but does not keep the window shut.
                    launch_mark("database-open");
                    kohorte.announce_start_backup();
                    app.manage(kohorte);
                    let handle = app.handle().clone();
                    std::thread::spawn(move || {
                        if let Err(e) = handle.state::<Kohorte>().backup_if_changed() {
                            eprintln!("Sicherung beim Start fehlgeschlagen: {e}");
                        }
                    });
                }
                Err(e) => {
                    // The window opens on a screen that says what is wrong and offers
                    // the newest good backup; the file itself is left as it is.
                    eprintln!("Kohorte kann die Datenbank nicht öffnen: {e}");
                    let problem = commands::safety::DatabaseProblem::new(&path, &e);
                    let startup = app.state::<commands::safety::Startup>();
                    *startup.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(problem);
                }
            }
            Ok(())
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!("Kohorte konnte nicht gestartet werden: {e}");
            std::process::exit(1);
        }
    }
}
