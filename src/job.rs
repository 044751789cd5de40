//! Progress and cancellation of long work (letters, certificates, lists, imports).
//!
//! The core knows nothing of windows or threads: a face hands in a [`Job`] made of a
//! cancel flag it can set from elsewhere and a function that receives [`Progress`]. The
//! work calls [`Job::step`] between its units; a set flag ends it with [`Cancelled`]
//! before anything is written, so a cancelled run leaves no file and no database row.

use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use ts_rs::TS;

/// How far a job is: `done` of `total` units (letters, certificates, rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// The job was cancelled before it wrote anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Abgebrochen – es wurde nichts geschrieben.")]
pub struct Cancelled;

impl Cancelled {
    pub const CODE: &'static str = "job.cancelled";
}

/// How often a job reports at most: about once per percent, so a window is not flooded
/// with 10,000 messages for 10,000 rows.
const REPORTS: usize = 100;

/// What a long piece of work is told to report to and to listen to.
#[derive(Clone, Copy)]
pub struct Job<'a> {
    cancel: Option<&'a AtomicBool>,
    report: Option<&'a (dyn Fn(Progress) + Sync)>,
}

impl<'a> Job<'a> {
    /// A job nobody watches or cancels (the CLI, tests, benchmarks).
    pub const NONE: Job<'static> = Job {
        cancel: None,
        report: None,
    };

    pub fn new(cancel: &'a AtomicBool, report: &'a (dyn Fn(Progress) + Sync)) -> Job<'a> {
        Job {
            cancel: Some(cancel),
            report: Some(report),
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }

    /// Called after each unit: reports `done` of `total` (thinned out to about one report
    /// per percent, always the first and the last), then stops the work if cancelled.
    pub fn step(&self, done: usize, total: usize) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            return Err(Cancelled);
        }
        if let Some(report) = self.report {
            let every = (total / REPORTS).max(1);
            if done == 0 || done >= total || done.is_multiple_of(every) {
                report(Progress { done, total });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn a_job_reports_about_once_per_percent_and_always_the_end() {
        let seen = Mutex::new(Vec::new());
        let report = |p: Progress| seen.lock().expect("not poisoned").push(p.done);
        let cancel = AtomicBool::new(false);
        let job = Job::new(&cancel, &report);
        for done in 0..=1_000 {
            job.step(done, 1_000).expect("not cancelled");
        }
        let seen = seen.into_inner().expect("not poisoned");
        assert_eq!(seen.len(), 101);
        assert_eq!(seen.first(), Some(&0));
        assert_eq!(seen.last(), Some(&1_000));
    }

    #[test]
    fn a_set_flag_stops_the_next_step() {
        let cancel = AtomicBool::new(false);
        let report = |_: Progress| {};
        let job = Job::new(&cancel, &report);
        assert_eq!(job.step(1, 3), Ok(()));
        cancel.store(true, Ordering::Relaxed);
        assert_eq!(job.step(2, 3), Err(Cancelled));
        assert_eq!(Job::NONE.step(2, 3), Ok(()));
    }
}
