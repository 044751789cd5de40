//! Subcommands of issue 11: programmes and modules. Each parses its arguments, calls
//! one service method and prints.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use kohorte::programme::{ProgrammeDocument, ProgrammeError};
use kohorte::store::ImageSlot;
use kohorte::{Error, Kohorte};

use super::to_json;

#[derive(Subcommand)]
pub enum ProgrammeCommand {
    /// Create a programme (from defaults, or copying another one's settings).
    New {
        #[arg(long)]
        name: String,
        /// Copy settings, tracks, modules, agenda, templates and quotas of this one.
        #[arg(long)]
        from: Option<String>,
    },
    /// List the programmes of the file, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show the settings, tracks, fellow municipalities and modules.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Write the programme as a readable JSON document.
    Export {
        #[arg(long)]
        out: PathBuf,
    },
    /// Update the programme a JSON document names by its id, or create it.
    Import { path: PathBuf },
    /// Remove the demo programme with all its fictional people.
    RemoveDemo,
    /// Set the letterhead logo or the signature (PNG or JPEG), or remove it.
    Image {
        #[arg(value_parser = ["logo", "signature"])]
        slot: String,
        /// The image file; without it the image is removed.
        path: Option<PathBuf>,
    },
}

#[derive(Args)]
pub struct ModuleSetArgs {
    /// The module's number.
    number: u32,
    /// First day: YYYY-MM-DD or TT.MM.JJJJ (with --end).
    #[arg(long, requires = "end")]
    start: Option<String>,
    /// Last day.
    #[arg(long, requires = "start")]
    end: Option<String>,
    /// What is known before the dates are fixed, e.g. "voraussichtlich KW 49".
    #[arg(long)]
    label: Option<String>,
    #[arg(long)]
    title: Option<String>,
}

#[derive(Subcommand)]
pub enum ModuleCommand {
    /// Change a module's dates, date label or title.
    Set(ModuleSetArgs),
    /// List the modules with dates and agenda.
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn programme(k: &Kohorte, command: ProgrammeCommand) -> Result<(), Error> {
    match command {
        ProgrammeCommand::New { name, from } => {
            let from = from.map(|f| k.find_programme(&f)).transpose()?;
            let p = k.create_programme(&name, from)?;
            println!("Programm „{}“ angelegt ({})", p.name, p.id);
        }
        ProgrammeCommand::List { json } => {
            let all = k.programmes()?;
            if json {
                println!("{}", to_json(&all));
            } else {
                for p in &all {
                    let mark = if p.current { "*" } else { " " };
                    let demo = if p.is_demo { " (Demo)" } else { "" };
                    println!(
                        "{mark} {}{demo} – Frist {}, {} Bewerbungen – {}",
                        p.name,
                        p.application_deadline.format("%d.%m.%Y"),
                        p.applications,
                        p.id
                    );
                }
            }
        }
        ProgrammeCommand::Show { json } => {
            let doc = k.export_programme()?;
            if json {
                println!("{}", to_json(&doc));
            } else {
                print_programme(&doc);
            }
        }
        ProgrammeCommand::Export { out } => {
            let doc = k.export_programme()?;
            std::fs::write(&out, to_json(&doc) + "\n").map_err(|e| ProgrammeError::Unreadable {
                path: out.display().to_string(),
                reason: e.to_string(),
            })?;
            println!("{} geschrieben", out.display());
        }
        ProgrammeCommand::Import { path } => {
            let unreadable = |reason: String| ProgrammeError::Unreadable {
                path: path.display().to_string(),
                reason,
            };
            let text = std::fs::read_to_string(&path).map_err(|e| unreadable(e.to_string()))?;
            let doc: ProgrammeDocument =
                serde_json::from_str(&text).map_err(|e| unreadable(e.to_string()))?;
            let p = k.import_programme(&doc)?;
            println!("Programm „{}“ übernommen ({})", p.name, p.id);
        }
        ProgrammeCommand::Image { slot, path } => {
            let slot = if slot == "logo" {
                ImageSlot::Logo
            } else {
                ImageSlot::Signature
            };
            let bytes = match &path {
                Some(path) => {
                    Some(std::fs::read(path).map_err(|e| ProgrammeError::Unreadable {
                        path: path.display().to_string(),
                        reason: e.to_string(),
                    })?)
                }
                None => None,
            };
            k.set_programme_image(slot, bytes.as_deref())?;
            match path {
                Some(path) => println!("Bild {} übernommen", path.display()),
                None => println!("Bild entfernt"),
            }
        }
        ProgrammeCommand::RemoveDemo => {
            k.remove_demo()?;
            println!("Demoprogramm entfernt");
        }
    }
    Ok(())
}

pub fn module(k: &Kohorte, command: ModuleCommand) -> Result<(), Error> {
    match command {
        ModuleCommand::Set(args) => {
            let dates = args.start.zip(args.end);
            let saved = k.set_module(args.number, dates, args.label, args.title)?;
            let m = &saved.module;
            println!("Modul {}: {} – {}", m.number, m.title, dates_text(m));
            for w in &saved.check.warnings {
                println!("Hinweis: {}", w.message);
            }
            if !saved.outdated_letters.is_empty() {
                println!(
                    "Mit den alten Terminen zugesagt: {}",
                    saved.outdated_letters.join(", ")
                );
            }
        }
        ModuleCommand::List { json } => {
            let modules = k.module_forms()?;
            if json {
                println!("{}", to_json(&modules));
            } else {
                for m in &modules {
                    println!("Modul {}: {} – {}", m.number, m.title, dates_text(m));
                }
            }
        }
    }
    Ok(())
}

fn dates_text(m: &kohorte::programme::ModuleForm) -> String {
    match kohorte::programme::module_dates(m) {
        Some((s, e)) if s == e => s.format("%d.%m.%Y").to_string(),
        Some((s, e)) => format!("{}–{}", s.format("%d.%m."), e.format("%d.%m.%Y")),
        None if m.date_label.is_empty() => "Termin offen".into(),
        None => m.date_label.clone(),
    }
}

fn print_programme(doc: &ProgrammeDocument) {
    let s = &doc.settings;
    println!("{}", s.name);
    if let Some(id) = doc.id {
        println!("ID: {id}");
    }
    println!("Träger: {}", s.organiser_name);
    println!("Unterzeichnung: {}, {}", s.signatory_name, s.signatory_role);
    println!("Ort: {}", s.venue);
    println!("Bewerbungsfrist: {}", s.application_deadline);
    for t in &s.tracks {
        println!(
            "{}: {} Plätze, davon {} frei – {}",
            t.name, t.capacity, t.free_places, t.target_role
        );
    }
    println!("Fellow-Kommunen: {}", doc.fellows.len());
    for f in &doc.fellows {
        println!("  {} ({})", f.name, f.state);
    }
    for m in &doc.modules {
        println!("Modul {}: {} – {}", m.number, m.title, dates_text(m));
    }
}

#[derive(Subcommand)]
pub enum WaitlistCommand {
    /// Who moves up into open places; --apply gives them the Zusage.
    Promote {
        /// Give the Zusage (one undoable status change).
        #[arg(long)]
        apply: bool,
        /// With --apply: write their Zusage letters into this folder, one PDF each.
        #[arg(long, requires = "apply")]
        letters: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

pub fn waitlist(k: &Kohorte, command: WaitlistCommand) -> Result<(), Box<dyn std::error::Error>> {
    let WaitlistCommand::Promote {
        apply,
        letters,
        json,
    } = command;
    let options = kohorte::selection::SelectionOptions::default();
    let promotion = if apply {
        let (promotion, _) = k.promote_from_waitlist(&options)?;
        if let Some(dir) = &letters {
            let ids: Vec<_> = promotion.promoted.iter().map(|e| e.id).collect();
            if !ids.is_empty() {
                let files =
                    k.write_letters_to(kohorte::documents::LetterKind::Zusage, &ids, dir, false)?;
                for f in &files {
                    println!("{}", f.path.display());
                }
            }
        }
        promotion
    } else {
        k.waitlist_promotion(&options)?
    };
    if json {
        println!("{}", to_json(&promotion));
        return Ok(());
    }
    for o in &promotion.open {
        println!(
            "{}: {} von {} Plätzen zugesagt, {} frei",
            o.name, o.confirmed, o.capacity, o.open
        );
    }
    for e in &promotion.promoted {
        let verb = if apply {
            "zugesagt"
        } else {
            "würde nachrücken"
        };
        println!("{verb}: {} – {}", e.name, e.reason);
    }
    if let Some(note) = &promotion.note {
        println!("{note}");
    }
    Ok(())
}
