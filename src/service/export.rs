//! Exports through the facade: load from the store, build the file with the pure
//! `export` module, write it (to a temporary file renamed into place), then record what
//! must be remembered: the list's settings, the calendar's sequences, the drafts as the
//! person's documents.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDate, Utc};
use uuid::Uuid;

use super::Kohorte;
use super::documents::{create_dir, sha256, write_file};
use crate::documents::{self, Issued, LetterInput, LetterKind, Letters};
use crate::export::{
    self, Attendee, ExportError, ListFormat, ListSettings, csv::Dialect, ics, mail,
};
use crate::job::Job;
use crate::model::{Module, Status};
use crate::store::DocumentRecord;

type Result<T> = std::result::Result<T, ExportError>;

/// A file an export wrote.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ExportedFile {
    pub path: PathBuf,
    pub bytes: usize,
    /// Rows of a list, events of a calendar, 1 for a draft.
    pub entries: usize,
}

/// The drafts of one run, and who got none for want of an e-mail address.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MailDrafts {
    pub files: Vec<ExportedFile>,
    pub without_email: Vec<String>,
}

/// An e-mail text as the Export view edits it (first line the subject).
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MailTemplate {
    pub kind: LetterKind,
    pub body: String,
    /// Saved by the coordinator (false: the shipped default).
    pub custom: bool,
}

fn write(path: &Path, bytes: &[u8], entries: usize) -> Result<ExportedFile> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_dir(parent)?;
    }
    write_file(path, bytes)?;
    Ok(ExportedFile {
        path: path.to_path_buf(),
        bytes: bytes.len(),
        entries,
    })
}

impl Kohorte {
    /// The list settings remembered for this programme (the defaults until the first
    /// export).
    pub fn list_settings(&self) -> Result<ListSettings> {
        let store = self.store();
        let programme = store.programme()?;
        Ok(store.list_settings(programme.id)?.unwrap_or_default())
    }

    /// Writes the attendee list `settings` chooses as `format` to `out`, and remembers
    /// the settings for the programme's next export.
    pub fn export_list(
        &self,
        format: ListFormat,
        settings: &ListSettings,
        out: &Path,
    ) -> Result<ExportedFile> {
        let recipients = self.named_recipients(None)?;
        let (sheet, programme_id) = {
            let store = self.store();
            let programme = store.programme()?;
            let modules = store.modules(programme.id)?;
            let facts = store.list_facts(programme.id)?;
            let mut present: HashMap<Uuid, HashSet<(Uuid, u8)>> = HashMap::new();
            for (application, module, day) in store.present_days(programme.id)? {
                present
                    .entry(application)
                    .or_default()
                    .insert((module, day));
            }
            let attendees: Vec<Attendee> = recipients
                .into_iter()
                .map(|recipient| {
                    let id = recipient.application_id;
                    let (fellow, received_at, experience_years) =
                        facts.get(&id).copied().unwrap_or_default();
                    Attendee {
                        recipient,
                        fellow,
                        received_at,
                        experience_years,
                        present: present.remove(&id).unwrap_or_default(),
                    }
                })
                .collect();
            (export::sheet(settings, &attendees, &modules)?, programme.id)
        };
        let bytes = match format {
            ListFormat::Csv => export::csv::write(&sheet, Dialect::GermanExcel)?,
            ListFormat::CsvComma => export::csv::write(&sheet, Dialect::Comma)?,
            ListFormat::Xlsx => export::xlsx::write(&sheet)?,
        };
        let file = write(out, &bytes, sheet.rows.len())?;
        self.store().save_list_settings(programme_id, settings)?;
        Ok(file)
    }

    /// The module dates as iCalendar: modules with dates, tentative ones only with
    /// `tentative`. Each module keeps its UID; its SEQUENCE grows when its dates, times,
    /// venue or title changed since the last export.
    pub fn export_calendar(&self, tentative: bool, out: &Path) -> Result<ExportedFile> {
        let (text, events) = self.calendar(tentative)?;
        write(out, text.as_bytes(), events)
    }

    /// The calendar text and its event count; records the sequences it used.
    fn calendar(&self, tentative: bool) -> Result<(String, usize)> {
        let mut store = self.store();
        let programme = store.programme()?;
        let modules = store.modules(programme.id)?;
        let states = store.calendar_states()?;
        let mut agendas = Vec::with_capacity(modules.len());
        for module in &modules {
            agendas.push(store.agenda(module.id)?);
        }
        let mut updates = Vec::new();
        let mut entries = Vec::new();
        let mut left_out = false;
        for (module, agenda) in modules.iter().zip(&agendas) {
            let Some(print) = ics::fingerprint(module, agenda) else {
                continue;
            };
            if ics::is_tentative(module) && !tentative {
                left_out = true;
                continue;
            }
            let sequence = match states.get(&module.id) {
                None => 0,
                Some((old, sequence)) if *old == print => *sequence,
                Some((_, sequence)) => sequence + 1,
            };
            updates.push((module.id, print, sequence));
            entries.push(ics::Entry {
                module,
                agenda,
                sequence,
            });
        }
        if entries.is_empty() {
            return Err(ExportError::NoDates {
                tentative_left_out: left_out,
            });
        }
        let (text, events) = ics::calendar(&programme, &entries, Utc::now());
        store.write(|w| {
            for (module, print, sequence) in &updates {
                w.set_calendar_state(*module, print, *sequence)?;
            }
            Ok(())
        })?;
        Ok((text, events))
    }

    /// Sets the start and end date of module `number` (both `None`: not fixed yet).
    pub fn set_module_dates(
        &self,
        number: u32,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
    ) -> Result<Module> {
        let mut store = self.store();
        let programme = store.programme()?;
        let found = store.write(|w| w.set_module_dates(programme.id, number, start, end))?;
        if !found {
            return Err(ExportError::UnknownModule { number });
        }
        store
            .modules(programme.id)?
            .into_iter()
            .find(|m| m.number == number)
            .ok_or(ExportError::UnknownModule { number })
    }

    /// The e-mail text of `kind` in use: the saved one, else the default.
    pub fn mail_template(&self, kind: LetterKind) -> Result<MailTemplate> {
        let store = self.store();
        let programme = store.programme()?;
        Ok(match store.mail_template(programme.id, kind)? {
            Some(body) => MailTemplate {
                kind,
                body,
                custom: true,
            },
            None => MailTemplate {
                kind,
                body: mail::default_template(kind).to_string(),
                custom: false,
            },
        })
    }

    /// Saves the coordinator's e-mail text after checking it like a letter template.
    pub fn save_mail_template(&self, kind: LetterKind, body: &str) -> Result<MailTemplate> {
        documents::validate_template(body)?;
        let store = self.store();
        let programme = store.programme()?;
        store.save_mail_template(programme.id, kind, body)?;
        Ok(MailTemplate {
            kind,
            body: body.to_string(),
            custom: true,
        })
    }

    pub fn reset_mail_template(&self, kind: LetterKind) -> Result<MailTemplate> {
        {
            let store = self.store();
            let programme = store.programme()?;
            store.delete_mail_template(programme.id, kind)?;
        }
        self.mail_template(kind)
    }

    /// [`Kohorte::write_mail_drafts_with_job`] without progress.
    pub fn write_mail_drafts(
        &self,
        kind: LetterKind,
        status: Option<Status>,
        template: Option<&str>,
        out: &Path,
    ) -> Result<MailDrafts> {
        self.write_mail_drafts_with_job(kind, status, template, out, &Job::NONE)
    }

    /// One `.eml` draft per person with `status` (the kind's own if `None`) in the folder
    /// `out`: the e-mail text (`template`, else the saved or default one), the person's
    /// letter as PDF and, with a Zusage, the fixed module dates as `.ics`. Each draft is
    /// recorded in the person's documents under the letter's kind. Cancelled, it writes
    /// no file and records nothing.
    pub fn write_mail_drafts_with_job(
        &self,
        kind: LetterKind,
        status: Option<Status>,
        template: Option<&str>,
        out: &Path,
        job: &Job,
    ) -> Result<MailDrafts> {
        let status = status.unwrap_or(kind.default_status());
        let mail_template = match template {
            Some(t) => t.to_string(),
            None => self.mail_template(kind)?.body,
        };
        let letter_template = self.letter_template(kind)?.body;
        let recipients = self.named_recipients(Some(status))?;
        let (programme, modules) = {
            let store = self.store();
            let programme = store.programme()?;
            let modules = store.modules(programme.id)?;
            (programme, modules)
        };
        if recipients.is_empty() {
            return Err(documents::DocumentError::NoRecipients {
                status: status.label().into(),
            }
            .into());
        }
        let calendar = match kind {
            LetterKind::Zusage => match self.calendar(false) {
                Ok((text, _)) => Some(text),
                Err(ExportError::NoDates { .. }) => None,
                Err(e) => return Err(e),
            },
            _ => None,
        };
        let now = Local::now();
        let issued = Issued::new(now.fixed_offset());
        let (with_email, without): (Vec<_>, Vec<_>) = recipients
            .iter()
            .partition(|r| !r.person.email.trim().is_empty());
        let inputs: Vec<LetterInput<'_>> = with_email
            .iter()
            .map(|r| LetterInput {
                programme: &programme,
                modules: &modules,
                recipient: r,
                date: issued.date,
            })
            .collect();
        let texts = mail::texts(&mail_template, &inputs)?;
        let letters = Letters {
            kind,
            template: &letter_template,
            programme: &programme,
            modules: &modules,
            issued,
        };
        let from = (
            programme.organiser_name.as_str(),
            mail::address_in(&programme.organiser_contact),
        );
        let total = with_email.len();
        job.step(0, total)?;
        let mut drafts = Vec::with_capacity(total);
        let mut taken = HashSet::new();
        for (index, (recipient, text)) in with_email.iter().zip(&texts).enumerate() {
            let pdf = letters
                .each(std::slice::from_ref(*recipient), &Job::NONE)?
                .pop()
                .ok_or_else(|| ExportError::Mail {
                    reason: "der Brief wurde nicht erzeugt".into(),
                })?;
            let person = &recipient.person;
            let pdf_name =
                documents::file_name(kind.label(), &[&person.last_name, &person.first_name]);
            let mut attachments = vec![mail::Attachment {
                file_name: &pdf_name,
                content_type: "application/pdf",
                bytes: &pdf.bytes,
            }];
            if let Some(calendar) = &calendar {
                attachments.push(mail::Attachment {
                    file_name: "Termine.ics",
                    content_type: "text/calendar; charset=utf-8",
                    bytes: calendar.as_bytes(),
                });
            }
            let bytes = mail::eml(&mail::Draft {
                from: from.clone(),
                to: (person.display_name(), person.email.trim()),
                subject: &text.subject,
                body: &text.body,
                attachments,
                date: issued.at,
            })?;
            let name = unique(pdf_name.trim_end_matches(".pdf"), &mut taken);
            drafts.push((recipient.application_id, name, bytes));
            job.step(index + 1, total)?;
        }
        create_dir(out)?;
        let created_at = now.naive_local();
        let mut files = Vec::with_capacity(drafts.len());
        let mut records = Vec::with_capacity(drafts.len());
        for (application_id, name, bytes) in &drafts {
            let file = write(&out.join(name), bytes, 1)?;
            records.push(DocumentRecord {
                id: Uuid::now_v7(),
                application_id: Some(*application_id),
                module_id: None,
                kind: kind.into(),
                created_at,
                file_name: name.clone(),
                content_hash: sha256(bytes),
            });
            files.push(file);
        }
        self.store().record_documents(&records)?;
        Ok(MailDrafts {
            files,
            without_email: without.iter().map(|r| r.person.display_name()).collect(),
        })
    }
}

/// `stem.eml`, or `stem_2.eml`… when two people share a name.
fn unique(stem: &str, taken: &mut HashSet<String>) -> String {
    let mut candidate = format!("{stem}.eml");
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{stem}_{n}.eml");
        n += 1;
    }
    candidate
}
