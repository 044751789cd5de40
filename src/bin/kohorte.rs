//! `kohorte`: the headless face of the core, for scripting and tests.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kohorte::model::{Overview, Status};
use kohorte::{Error, Kohorte};

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
    /// Import the application form's export (CSV or XLSX).
    Import(cli_import::ImportArgs),
    /// List applications.
    List(cli_import::ListArgs),
    /// Set the status of one or more applications: ID… STATUS.
    SetStatus(cli_import::SetStatusArgs),
    /// Undo the last status change.
    Undo,
    /// Show tandems, proposals, unpaired applicants and warnings.
    Tandems {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[path = "kohorte/cli_import.rs"]
mod cli_import;

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

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let Some(db) = cli.db else {
        return Err(Error::Open {
            path: String::new(),
            reason: "keine Datenbank angegeben (--db DATEI oder KOHORTE_DB)".into(),
        });
    };
    let kohorte = Kohorte::open(&db)?;
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
        Command::Import(args) => return cli_import::import(&kohorte, args),
        Command::List(args) => cli_import::list(&kohorte, args)?,
        Command::SetStatus(args) => cli_import::set_status(&kohorte, args)?,
        Command::Undo => cli_import::undo(&kohorte)?,
        Command::Tandems { json } => cli_import::tandems(&kohorte, json)?,
    }
    Ok(ExitCode::SUCCESS)
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
    println!("{} Bewerbungen, {} Tandems", o.applications, o.tandems);
    for t in &o.tracks {
        println!();
        println!(
            "{} – {} Plätze, davon {} frei",
            t.name, t.capacity, t.free_places
        );
        println!(
            "  Zusagen: {} Fellow-Plätze, {} von {} freien Plätzen",
            t.fellow_places_taken, t.free_places_taken, t.free_places
        );
        for status in Status::ALL {
            let count = t.by_status.get(&status).copied().unwrap_or(0);
            println!("  {:<15} {count:>4}", status.label());
        }
    }
}
