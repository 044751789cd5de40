//! `cargo bench --bench letters`: 1,000 Zusage letters into one merged PDF, and 1,000
//! separate PDFs, with the demo programme. Prints ms per letter and the process's peak
//! resident memory (VmHWM). Target from issue 6: merged under 1 s in release.

use std::time::Instant;

use chrono::Local;
use kohorte::Kohorte;
use kohorte::documents::{Issued, LetterKind, Letters, Recipient};
use kohorte::job::Job;
use kohorte::model::Status;

const LETTERS: usize = 1_000;

/// CPU seconds this process has used (user + system): on a busy machine (other builds
/// on two cores) wall time overstates the cost, CPU time does not.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may contain spaces) start after ')'.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Peak resident set size of this process in MB (Linux).
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let kohorte = Kohorte::open(&dir.path().join("bench.db"))?;
    kohorte.create_demo(false)?;
    let programme = kohorte.programme()?;
    let demo = kohorte.recipients(Some(Status::Zugesagt))?;
    let modules = {
        // Modules through the public store API: the service does the same.
        let store = kohorte::store::Store::open(&dir.path().join("bench.db"))?;
        store.modules(programme.id)?
    };
    // 1,000 recipients: the demo's confirmed people, numbered so every letter differs.
    let recipients: Vec<Recipient> = (0..LETTERS)
        .map(|i| {
            let mut r = demo[i % demo.len()].clone();
            r.person.last_name = format!("{}-{}", r.person.last_name, i);
            r
        })
        .collect();
    let letters = Letters {
        kind: LetterKind::Zusage,
        template: LetterKind::Zusage.default_template(),
        programme: &programme,
        modules: &modules,
        issued: Issued::new(Local::now().fixed_offset()),
    };
    // Warm-up: parses the fonts once, as the app does on its first letter.
    letters.merged(&recipients[..1], &Job::NONE)?;
    let before = peak_mb();

    let cpu_start = cpu_seconds();
    let start = Instant::now();
    let merged = letters.merged(&recipients, &Job::NONE)?;
    let merged_time = start.elapsed();
    let merged_cpu = cpu_seconds().zip(cpu_start).map(|(b, a)| b - a);
    let after_merged = peak_mb();
    std::fs::write(dir.path().join("merged.pdf"), &merged.bytes)?;

    let cpu_start = cpu_seconds();
    let start = Instant::now();
    let each = letters.each(&recipients, &Job::NONE)?;
    let each_time = start.elapsed();
    let each_cpu = cpu_seconds().zip(cpu_start).map(|(b, a)| b - a);
    let each_bytes: usize = each.iter().map(|p| p.bytes.len()).sum();

    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "merged:   {LETTERS} letters, {} pages, {:.1} MB in {:.0} ms = {:.3} ms per letter",
        merged.pages,
        merged.bytes.len() as f64 / 1e6,
        ms(merged_time),
        ms(merged_time) / LETTERS as f64
    );
    println!(
        "separate: {LETTERS} files, {:.1} KB each on average, {:.0} ms = {:.3} ms per letter",
        each_bytes as f64 / LETTERS as f64 / 1e3,
        ms(each_time),
        ms(each_time) / LETTERS as f64
    );
    if let (Some(m), Some(e)) = (merged_cpu, each_cpu) {
        println!(
            "CPU time: merged {:.0} ms ({:.3} ms per letter), separate {:.0} ms ({:.3} ms per letter)",
            m * 1000.0,
            m * 1000.0 / LETTERS as f64,
            e * 1000.0,
            e * 1000.0 / LETTERS as f64
        );
    }
    match (before, after_merged, peak_mb()) {
        (Some(b), Some(m), Some(e)) => println!(
            "peak RSS: {b:.0} MB before, {m:.0} MB after the merged run, {e:.0} MB at the end"
        ),
        _ => println!("peak RSS: not available on this system"),
    }
    Ok(())
}
