//! `kohorte`: the headless face of the core, for scripting and tests.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kohorte::attendance::ModuleAttendance;
use kohorte::documents::{LetterKind, LetterSummary, ListKind};
use kohorte::job::Job;
use kohorte::model::{Overview, Status, TrackRole};
use kohorte::service::{LetterOptions, WrittenFile};
use kohorte::{Error, Kohorte};

// The subcommands of one domain each, in src/bin/kohorte/. A binary's root file looks
// for modules beside itself, in src/bin/, hence the paths.
#[path = "kohorte/export.rs"]
mod export;
#[path = "kohorte/import.rs"]
mod import;
#[path = "kohorte/person.rs"]
mod person;
#[path = "kohorte/programme.rs"]
mod programme;
#[path = "kohorte/safety.rs"]
mod safety;
#[path = "kohorte/selection.rs"]
mod selection;

#[derive(Parser)]
#[command(
    name = "kohorte",
    version,
    about = "Kohorte – Bewerbungen und Kohorten verwalten"
)]
struct Cli {
    /// The database file (created if missing).
    #[arg(long, env = "KOHORTE_DB", global = true)]
    db: Option<PathBuf>,
    /// The programme to work on, by name or id (default: the newest).
    #[arg(long, global = true)]
    programme: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the demo programme with fictional applicants.
    Demo {
        /// Replace whatever the file already holds.
        #[arg(long)]
        force: bool,
    },
    /// Show the overview figures per track.
    Status {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show the balance report: counts, shares, quotas and violations.
    Balance {
        /// Only this track: fuehrung, change, or beide (both together).
        #[arg(long, value_parser = selection::parse_scope)]
        track: Option<selection::Scope>,
        #[arg(long)]
        json: bool,
    },
    /// Import or export quotas as a categories CSV (feature,value,min,max).
    Quotas {
        #[arg(long, conflicts_with = "export")]
        import: Option<PathBuf>,
        #[arg(long)]
        export: Option<PathBuf>,
        /// The scope: fuehrung, change, or beide (both tracks together, the default).
        #[arg(long, value_parser = selection::parse_scope)]
        track: Option<selection::Scope>,
    },
    /// Propose the cohort of both tracks, with waitlist and reasons.
    Select(selection::SelectArgs),
    /// Lock an application in or out of the cohort, or clear its lock.
    Lock {
        application_id: uuid::Uuid,
        #[arg(value_parser = ["in", "out", "keine"])]
        lock: String,
    },
    /// Write letters (Zusage, Warteliste, Absage) as PDF.
    Letters {
        /// zusage, warteliste, absage or terminaenderung.
        #[arg(long, value_parser = parse_letter_kind)]
        kind: LetterKind,
        /// Whose letters: a status key or label (default: the kind's own status).
        #[arg(long, value_parser = parse_status)]
        status: Option<Status>,
        /// A template file instead of the shipped default.
        #[arg(long)]
        template: Option<PathBuf>,
        /// With --merged the PDF file, otherwise the folder for one PDF per person.
        #[arg(long, required_unless_present = "summary")]
        out: Option<PathBuf>,
        /// One PDF with every letter, for printing.
        #[arg(long)]
        merged: bool,
        /// For two-sided printing: every letter of the merged PDF starts on an odd page.
        #[arg(long, requires = "merged")]
        duplex: bool,
        /// Leave out whoever already has a letter of this kind.
        #[arg(long)]
        skip_written: bool,
        /// Only say who would get a letter, who has one already and who lacks an
        /// address; write nothing.
        #[arg(long, conflicts_with_all = ["out", "merged", "duplex", "skip_written"])]
        summary: bool,
    },
    /// Write the agenda of one module as PDF.
    Agenda {
        #[arg(long)]
        module: u32,
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the attendee list or the sign-in sheets as PDF.
    Lists {
        /// teilnehmende or unterschriften.
        #[arg(long, value_parser = parse_list_kind)]
        kind: ListKind,
        /// The module (required for unterschriften).
        #[arg(long)]
        module: Option<u32>,
        /// Only this track: fuehrung or change (default: both).
        #[arg(long, value_parser = parse_track)]
        track: Option<TrackRole>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Write certificates of attendance (Teilnahmebescheinigungen) as PDF.
    Certificates {
        /// With --merged the PDF file, otherwise the folder for one PDF per person.
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        merged: bool,
    },
    /// Show the attendance of one module, or record it with --set ID….
    Attendance {
        #[arg(long)]
        module: u32,
        /// Record these applications as present (both days unless --day).
        #[arg(long, num_args = 1..)]
        set: Vec<uuid::Uuid>,
        /// Only this day: 1 or 2.
        #[arg(long, requires = "set")]
        day: Option<u8>,
        /// Record them as absent instead.
        #[arg(long, requires = "set")]
        absent: bool,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Import the application form's export (CSV or XLSX).
    Import(import::ImportArgs),
    /// List applications.
    List(import::ListArgs),
    /// Set the status of one or more applications: ID… STATUS.
    SetStatus(import::SetStatusArgs),
    /// Undo the last status change.
    Undo,
    /// Programmes: new, list, show, export, import, remove-demo.
    #[command(subcommand)]
    Programme(programme::ProgrammeCommand),
    /// Modules: set dates, label or title; list.
    #[command(subcommand)]
    Module(programme::ModuleCommand),
    /// Moving up from the waitlist into places that became free.
    #[command(subcommand)]
    Waitlist(programme::WaitlistCommand),
    /// Export the attendee list (CSV, XLSX) or the module dates (iCalendar).
    Export(export::ExportArgs),
    /// Write the letters of one kind as e-mail drafts (.eml), one per person.
    Mail(export::MailArgs),
    /// Write a checked backup into the folder beside the database, or to --out PATH.
    Backup {
        /// A new file to write the backup to (default: the backup folder).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// List the backups beside the database, with date and what each holds.
    Backups {
        #[arg(long)]
        json: bool,
    },
    /// Personal data on request: export, delete or anonymise one person.
    #[command(subcommand)]
    Person(person::PersonCommand),
    /// List rejected and withdrawn applicants of programmes ended long ago; --apply
    /// deletes them.
    Retention(person::RetentionArgs),
    /// Restore a backup; the current content is kept as a backup first.
    Restore { path: PathBuf },
    /// Show tandems, proposals, unpaired applicants and warnings; confirm many at once.
    Tandems {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Confirm every tandem not yet confirmed (or those of --kind) in one step.
        #[arg(long, conflicts_with = "undo")]
        confirm_all: bool,
        /// With --confirm-all: only tandems of this kind (angegeben, vorgeschlagen).
        #[arg(long, value_parser = parse_tandem_kind, requires = "confirm_all")]
        kind: Option<kohorte::tandem::TandemKind>,
        /// Undo the last confirmation of several tandems, in one step.
        #[arg(long)]
        undo: bool,
    },
}

fn parse_tandem_kind(text: &str) -> Result<kohorte::tandem::TandemKind, String> {
    use kohorte::tandem::TandemKind;
    [TandemKind::Stated, TandemKind::Proposed]
        .into_iter()
        .find(|k| k.key() == text || k.label() == text)
        .ok_or_else(|| "erlaubt sind angegeben (stated), vorgeschlagen (proposed)".into())
}

fn parse_letter_kind(text: &str) -> Result<LetterKind, String> {
    LetterKind::parse(text)
        .ok_or_else(|| "erlaubt sind zusage, warteliste, absage, terminaenderung".into())
}

fn parse_list_kind(text: &str) -> Result<ListKind, String> {
    ListKind::parse(text).ok_or_else(|| "erlaubt sind teilnehmende, unterschriften".into())
}

fn parse_status(text: &str) -> Result<Status, String> {
    Status::parse(text).ok_or_else(|| {
        let keys: Vec<&str> = Status::ALL.iter().map(|s| s.key()).collect();
        format!("erlaubt sind {}", keys.join(", "))
    })
}

fn parse_track(text: &str) -> Result<TrackRole, String> {
    TrackRole::from_key(text.trim()).ok_or_else(|| "erlaubt sind fuehrung, change".into())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("Fehler: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let Some(db) = cli.db else {
        return Err(Error::Open {
            path: String::new(),
            reason: "keine Datenbank angegeben (--db DATEI oder KOHORTE_DB)".into(),
        }
        .into());
    };
    // These two work on a database that cannot be opened (a damaged one).
    match &cli.command {
        Command::Backups { json } => {
            safety::list(&db, *json)?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Restore { path } => {
            safety::restore(&db, path)?;
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    let kohorte = Kohorte::open(&db)?;
    if let Some(programme) = &cli.programme {
        kohorte.use_programme(programme)?;
    }
    match cli.command {
        Command::Demo { force } => {
            let programme = kohorte.create_demo(force)?;
            println!(
                "Demoprogramm „{}“ angelegt in {}",
                programme.name,
                db.display()
            );
        }
        Command::Status { json } => {
            let overview = kohorte.overview()?;
            if json {
                println!("{}", to_json(&overview));
            } else {
                print_overview(&overview);
            }
        }
        Command::Balance { track, json } => selection::balance(&kohorte, track, json)?,
        Command::Quotas {
            import,
            export,
            track,
        } => selection::quotas(&kohorte, import, export, track.and_then(|s| s.0))?,
        Command::Select(args) => selection::select(&kohorte, &args)?,
        Command::Lock {
            application_id,
            lock,
        } => selection::lock(&kohorte, application_id, &lock)?,
        Command::Letters {
            kind,
            status,
            template,
            out,
            merged,
            duplex,
            skip_written,
            summary,
        } => {
            if summary {
                print_letter_summary(&kohorte.letter_summary(kind, status)?);
                return Ok(ExitCode::SUCCESS);
            }
            let template = match template {
                Some(path) => Some(std::fs::read_to_string(&path).map_err(|e| {
                    format!("Die Vorlage „{}“ ist nicht lesbar: {e}", path.display())
                })?),
                None => None,
            };
            let options = LetterOptions {
                merged,
                duplex,
                skip_written,
            };
            // clap requires --out unless --summary, handled above.
            let out = out.unwrap_or_default();
            let files = kohorte.write_letters_with_job(
                kind,
                status,
                template.as_deref(),
                &out,
                options,
                &Job::NONE,
            )?;
            print_written(&files);
        }
        Command::Agenda { module, out } => {
            print_written(&[kohorte.write_agenda(module, &out)?]);
        }
        Command::Lists {
            kind,
            module,
            track,
            out,
        } => {
            print_written(&[kohorte.write_list(kind, track, module, &out)?]);
        }
        Command::Certificates { out, merged } => {
            print_written(&kohorte.write_certificates(&out, merged)?);
        }
        Command::Attendance {
            module,
            set,
            day,
            absent,
            json,
        } => {
            let attendance = if set.is_empty() {
                kohorte.attendance(module)?
            } else {
                kohorte.set_attendance(&set, module, day, !absent)?
            };
            if json {
                println!("{}", to_json(&attendance));
            } else {
                print_attendance(&attendance);
            }
        }
        Command::Import(args) => return Ok(import::import(&kohorte, args)?),
        Command::List(args) => import::list(&kohorte, args)?,
        Command::SetStatus(args) => import::set_status(&kohorte, args)?,
        Command::Undo => import::undo(&kohorte)?,
        Command::Tandems {
            json,
            confirm_all,
            kind,
            undo,
        } => {
            if undo {
                import::undo_tandems(&kohorte)?;
            } else if confirm_all {
                import::confirm_tandems(&kohorte, kind, json)?;
            } else {
                import::tandems(&kohorte, json)?;
            }
        }
        Command::Programme(command) => programme::programme(&kohorte, command)?,
        Command::Module(command) => programme::module(&kohorte, command)?,
        Command::Waitlist(command) => programme::waitlist(&kohorte, command)?,
        Command::Export(args) => export::export(&kohorte, args)?,
        Command::Mail(args) => export::mail(&kohorte, args)?,
        Command::Backup { out } => safety::backup(&kohorte, out)?,
        Command::Person(command) => person::person(&kohorte, command)?,
        Command::Retention(args) => person::retention(&kohorte, args)?,
        // Handled above, before the database is opened.
        Command::Backups { .. } | Command::Restore { .. } => {}
    }
    Ok(ExitCode::SUCCESS)
}

fn print_letter_summary(s: &LetterSummary) {
    let kind = s.kind.label();
    println!("{kind}: {} Brief(e)", s.recipients);
    let names = |people: &[kohorte::documents::SummaryPerson]| {
        people
            .iter()
            .map(|p| format!("{} ({})", p.name, p.municipality))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !s.already_written.is_empty() {
        println!(
            "Bereits mit {kind}: {} – {} (mit --skip-written ausgelassen: {} Brief(e))",
            s.already_written.len(),
            names(&s.already_written),
            s.new_letters()
        );
    }
    if !s.without_address.is_empty() {
        println!(
            "Ohne vollständige Postanschrift: {} – {}",
            s.without_address.len(),
            names(&s.without_address)
        );
    }
}

fn print_written(files: &[WrittenFile]) {
    for f in files {
        println!(
            "{} – {} Seite(n), {} KB",
            f.path.display(),
            f.pages,
            f.bytes.div_ceil(1024)
        );
    }
    if files.len() > 1 {
        println!("{} Dateien geschrieben", files.len());
    }
}

fn print_attendance(a: &ModuleAttendance) {
    println!("Modul {}: {}", a.module, a.title);
    println!("Tag 1   Tag 2   Name");
    let mark = |present: bool| if present { "[x]" } else { "[ ]" };
    for row in &a.rows {
        println!(
            "{}     {}     {} ({}) {}",
            mark(row.present[0]),
            mark(row.present[1]),
            row.name,
            row.municipality,
            row.application_id
        );
    }
    if a.rows.is_empty() {
        println!("Keine zugesagten Teilnehmenden.");
    }
}

pub(crate) fn to_json(value: &impl serde::Serialize) -> String {
    // Serialising plain model values cannot fail: they hold no maps with non-string keys.
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

fn print_overview(o: &Overview) {
    let demo = if o.is_demo { " (Demodaten)" } else { "" };
    println!("{}{demo}", o.programme);
    let deadline = o.deadline.format("%d.%m.%Y");
    match o.days_until_deadline {
        d if d > 0 => println!("Bewerbungsfrist {deadline}: noch {d} Tage"),
        0 => println!("Bewerbungsfrist {deadline}: heute"),
        d => println!("Bewerbungsfrist {deadline}: seit {} Tagen abgelaufen", -d),
    }
    println!("{} Bewerbungen, {}", o.applications, o.tandems.text());
    for w in &o.warnings {
        println!("Warnung: {w}");
    }
    for t in &o.tracks {
        println!();
        println!(
            "{} – {} Plätze, davon {} frei",
            t.name, t.capacity, t.free_places
        );
        println!(
            "  Zusagen: {} von {} Fellow-Plätzen, {} von {} freien Plätzen",
            t.fellow_places_taken, t.fellow_places, t.free_places_taken, t.free_places
        );
        for status in Status::ALL {
            let count = t.by_status.get(&status).copied().unwrap_or(0);
            println!("  {:<15} {count:>4}", status.label());
        }
    }
}
