//! Benchmark, not a test: a 10,000-row form export from preview to committed.
//! Run with `cargo bench --bench import`; the target is under 0.5 s in release.

use std::time::Instant;

use kohorte::Kohorte;
use kohorte::import::{ImportOptions, Outcome};

fn export(rows: usize) -> Vec<u8> {
    let states = [
        "NRW",
        "Bayern",
        "SN",
        "Hessen",
        "Niedersachsen",
        "Thüringen",
        "BW",
        "MV",
    ];
    let mut out = String::from(
        "\u{feff}Zeitstempel;Anrede;Vorname;Nachname;E-Mail;Telefon;Kommune;Bundesland;Art der Kommune;Funktion;Lernpfad;Jahre Leitungserfahrung;Tandem-Partner;Motivation;Straße;PLZ;Ort\r\n",
    );
    for i in 0..rows {
        out.push_str(&format!(
            "{:02}.09.2025 {:02}:{:02};{};Vor{i};Nach{i};person{i}@kommune{}.example;0{} {i};Stadt {};{};kreisfreie Stadt;Leitung Jugendamt;{};{};;\"Ich möchte \"\"Planung\"\"\r\nlernen.\";Rathausplatz {};{:05};Stadt {}\r\n",
            1 + i % 30,
            8 + i % 10,
            i % 60,
            ["Frau", "Herr", ""][i % 3],
            i % 400,
            300 + i % 700,
            i % 400,
            states[i % states.len()],
            if i % 2 == 0 { "Lernpfad Führung" } else { "Change" },
            ["über 10", "1,5", "8 Jahre", "unter 3"][i % 4],
            1 + i % 50,
            10000 + i % 80000,
            i % 400,
        ));
    }
    out.into_bytes()
}

/// CPU seconds this process used so far (user + system), from /proc on Linux: the
/// machine is shared, so wall time alone says more about the neighbours than about us.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let rows = 10_000;
    let bytes = export(rows);
    // `-- --write PATH`: only write the export, for the window benchmarks' database
    // (scripts/bench-app.sh: `scripts/bench.sh launch`, `window`).
    let args: Vec<String> = std::env::args().collect();
    if let Some(path) = args
        .iter()
        .position(|a| a == "--write")
        .and_then(|i| args.get(i + 1))
    {
        std::fs::write(path, &bytes).expect("the export written");
        return;
    }
    let dir = tempfile::tempdir().expect("a temp folder");
    let kohorte = Kohorte::open(&dir.path().join("bench.sqlite")).expect("a database");
    kohorte.create_demo(false).expect("the demo programme");

    let cpu_start = cpu_seconds();
    let start = Instant::now();
    let preview = kohorte
        .import(
            "bench.csv",
            &bytes,
            None,
            ImportOptions {
                dry_run: true,
                ..Default::default()
            },
        )
        .expect("preview");
    let preview_time = start.elapsed();
    let report = kohorte
        .import("bench.csv", &bytes, None, ImportOptions::default())
        .expect("import");
    let total = start.elapsed();
    let cpu = cpu_start.zip(cpu_seconds()).map(|(a, b)| b - a);
    assert_eq!(preview.new, rows);
    assert_eq!(report.outcome, Outcome::Committed);
    assert_eq!(report.imported, rows);
    println!(
        "import of {rows} rows ({} KiB): preview {:.3} s, preview + commit {:.3} s \
         (CPU {})",
        bytes.len() / 1024,
        preview_time.as_secs_f64(),
        total.as_secs_f64(),
        cpu.map_or("unknown".into(), |c| format!("{c:.2} s"))
    );

    // Where the time goes: reading and normalising alone, without the database.
    let start = Instant::now();
    let parsed = kohorte::import::parse(&bytes, None, &[]).expect("parse");
    assert_eq!(parsed.valid.len(), rows);
    println!(
        "  of which reading + normalising: {:.3} s",
        start.elapsed().as_secs_f64()
    );

    let start = Instant::now();
    let again = kohorte
        .import("bench.csv", &bytes, None, ImportOptions::default())
        .expect("re-import");
    assert_eq!(again.imported, 0);
    println!(
        "re-import of the same file (all duplicates): {:.3} s",
        start.elapsed().as_secs_f64()
    );
}
