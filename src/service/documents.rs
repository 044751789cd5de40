//! Documents through the facade: load from the store, render with the pure
//! `documents` module, write the files, then record every document in one transaction.
//! Rendering runs outside the store's lock, so the app stays responsive meanwhile.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::Local;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::Kohorte;
use crate::documents::{
    self, Attended, DocumentError, DocumentKind, Issued, LetterKind, Letters, ListKind, Pdf,
    Recipient,
};
use crate::job::Job;
use crate::model::{Module, Status, TrackRole};
use crate::store::DocumentRecord;

type Result<T> = std::result::Result<T, DocumentError>;

/// A letter template as the Dokumente view edits it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct LetterTemplate {
    pub kind: LetterKind,
    pub body: String,
    /// Saved by the coordinator (false: the shipped default).
    pub custom: bool,
    /// Who gets this letter unless the coordinator says otherwise.
    pub recipient_status: Status,
}

impl LetterTemplate {
    fn new(kind: LetterKind, body: String, custom: bool) -> LetterTemplate {
        LetterTemplate {
            kind,
            body,
            custom,
            recipient_status: kind.default_status(),
        }
    }
}

/// How a letter run writes its letters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LetterOptions {
    /// One PDF with every letter, for printing (else one file per person).
    pub merged: bool,
    /// For two-sided printing: in the merged PDF every letter starts on an odd page,
    /// a blank page following each letter of odd length.
    pub duplex: bool,
    /// Leave out whoever already has a letter of this kind.
    pub skip_written: bool,
}

impl LetterOptions {
    pub fn merged(merged: bool) -> LetterOptions {
        LetterOptions {
            merged,
            ..LetterOptions::default()
        }
    }
}

/// A file Kohorte wrote.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct WrittenFile {
    pub path: PathBuf,
    pub pages: usize,
    pub bytes: usize,
    /// SHA-256 of the file, hex (as recorded in the `document` table).
    pub content_hash: String,
    /// How many documents (letters, certificates) the file holds.
    pub documents: usize,
}

pub(super) fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into place: a
/// reader sees the old file or the whole new one, never half of it, and a failed write
/// leaves nothing behind (the temporary file is removed when dropped).
pub(super) fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let failed = |e: std::io::Error| DocumentError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let dir = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => dir,
        None => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".kohorte-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(failed)?;
    temp.write_all(bytes).map_err(failed)?;
    temp.as_file().sync_all().map_err(failed)?;
    temp.persist(path).map_err(|e| failed(e.error))?;
    Ok(())
}

pub(super) fn create_dir(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|e| DocumentError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// `name` unless taken; then `name_2`, `name_3`… (two people may share a name).
fn unique(name: String, taken: &mut HashSet<String>) -> String {
    let mut candidate = name.clone();
    let stem = name.trim_end_matches(".pdf").to_string();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{stem}_{n}.pdf");
        n += 1;
    }
    candidate
}

fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn now() -> (Issued, chrono::NaiveDateTime) {
    let at = Local::now();
    (Issued::new(at.fixed_offset()), at.naive_local())
}

fn record(
    kind: DocumentKind,
    application_id: Option<Uuid>,
    module_id: Option<Uuid>,
    created_at: chrono::NaiveDateTime,
    written: &WrittenFile,
) -> DocumentRecord {
    DocumentRecord {
        id: Uuid::now_v7(),
        application_id,
        module_id,
        kind,
        created_at,
        file_name: file_name_of(&written.path),
        content_hash: written.content_hash.clone(),
    }
}

fn written(path: PathBuf, pdf: &Pdf, documents: usize) -> WrittenFile {
    WrittenFile {
        path,
        pages: pdf.pages,
        bytes: pdf.bytes.len(),
        content_hash: sha256(&pdf.bytes),
        documents,
    }
}

/// Rendered documents, before anything is written: one merged PDF, or one per person.
enum Output {
    Merged(Pdf),
    Each(Vec<Pdf>),
}

impl Output {
    /// Writes the PDFs (merged into the file `out`, or each into the folder `out`, named
    /// `<prefix>_<Nachname>_<Vorname>.pdf`) and returns the files with one record per
    /// person. Runs only after every document rendered, so a cancelled job writes none.
    fn write(
        self,
        out: &Path,
        prefix: &str,
        people: &[(Uuid, &crate::model::Person)],
        record: impl Fn(Uuid, &WrittenFile) -> DocumentRecord,
    ) -> Result<(Vec<WrittenFile>, Vec<DocumentRecord>)> {
        let mut files = Vec::new();
        let mut records = Vec::new();
        match self {
            Output::Merged(pdf) => {
                if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
                    create_dir(parent)?;
                }
                write_file(out, &pdf.bytes)?;
                let file = written(out.to_path_buf(), &pdf, people.len());
                records.extend(people.iter().map(|(id, _)| record(*id, &file)));
                files.push(file);
            }
            Output::Each(pdfs) => {
                create_dir(out)?;
                let mut taken = HashSet::new();
                for ((id, person), pdf) in people.iter().zip(&pdfs) {
                    let name =
                        documents::file_name(prefix, &[&person.last_name, &person.first_name]);
                    let path = out.join(unique(name, &mut taken));
                    write_file(&path, &pdf.bytes)?;
                    let file = written(path, pdf, 1);
                    records.push(record(*id, &file));
                    files.push(file);
                }
            }
        }
        Ok((files, records))
    }
}

impl Kohorte {
    /// The people a letter run would reach: applications with `status`.
    pub fn recipients(&self, status: Option<Status>) -> Result<Vec<Recipient>> {
        Ok(self.named_recipients(status)?)
    }

    /// Applications with `status` (all if `None`) as letters, lists and exports need
    /// them, each naming the partner of a confirmed, stored or stated tandem by the one
    /// rule of [`documents::name_tandem_partners`].
    pub(super) fn named_recipients(
        &self,
        status: Option<Status>,
    ) -> crate::error::Result<Vec<Recipient>> {
        let board = self.tandems()?;
        let mut all = {
            let store = self.store();
            let programme = store.programme()?;
            store.recipients(&programme, None)?
        };
        documents::name_tandem_partners(&mut all, &board.pairs);
        all.retain(|r| status.is_none_or(|s| r.status == s));
        Ok(all)
    }

    /// What a run of `kind` to everyone with `status` (the kind's usual status if
    /// `None`) would do: how many letters, who already has one of this kind, who lacks
    /// a postal address. Reads only; shown before the run starts.
    pub fn letter_summary(
        &self,
        kind: LetterKind,
        status: Option<Status>,
    ) -> Result<documents::LetterSummary> {
        let status = status.unwrap_or(kind.default_status());
        let recipients = self.named_recipients(Some(status))?;
        let written = self.written_to(kind)?;
        Ok(documents::letter_summary(kind, &recipients, &written))
    }

    /// The applications that have a letter of `kind` on record.
    fn written_to(&self, kind: LetterKind) -> Result<HashSet<Uuid>> {
        let kind = DocumentKind::from(kind);
        Ok(self
            .store()
            .documents()?
            .into_iter()
            .filter(|d| d.kind == kind)
            .filter_map(|d| d.application_id)
            .collect())
    }

    /// The template of `kind` in use: the one saved for this programme, else the
    /// default shipped in `assets/templates/`.
    pub fn letter_template(&self, kind: LetterKind) -> Result<LetterTemplate> {
        let store = self.store();
        let programme = store.programme()?;
        Ok(match store.letter_template(programme.id, kind)? {
            Some(body) => LetterTemplate::new(kind, body, true),
            None => LetterTemplate::new(kind, kind.default_template().to_string(), false),
        })
    }

    /// Saves the coordinator's template of `kind` for this programme, after checking
    /// it (an unknown placeholder or a syntax error is refused and nothing is saved).
    pub fn save_letter_template(&self, kind: LetterKind, body: &str) -> Result<LetterTemplate> {
        documents::validate_template(body)?;
        let store = self.store();
        let programme = store.programme()?;
        store.save_letter_template(programme.id, kind, body)?;
        Ok(LetterTemplate::new(kind, body.to_string(), true))
    }

    /// Forgets the saved template of `kind`: the default applies again.
    pub fn reset_letter_template(&self, kind: LetterKind) -> Result<LetterTemplate> {
        {
            let store = self.store();
            let programme = store.programme()?;
            store.delete_letter_template(programme.id, kind)?;
        }
        self.letter_template(kind)
    }

    /// The template a run uses when none is given: the saved one, else the default.
    fn template_or_saved(&self, kind: LetterKind, template: Option<&str>) -> Result<String> {
        match template {
            Some(t) => Ok(t.to_string()),
            None => Ok(self.letter_template(kind)?.body),
        }
    }

    /// Renders one person's letter as SVG pages (the same layout as the PDF) without
    /// writing or recording anything: the preview in the Dokumente view.
    pub fn preview_letter_pages(
        &self,
        kind: LetterKind,
        template: Option<&str>,
        application_id: Uuid,
    ) -> Result<Vec<String>> {
        let template = self.template_or_saved(kind, template)?;
        let (programme, modules, recipient) = self.one_recipient(application_id)?;
        let letters = Letters {
            kind,
            template: &template,
            programme: &programme,
            modules: &modules,
            issued: now().0,
        };
        letters.preview(&recipient)
    }

    fn one_recipient(
        &self,
        application_id: Uuid,
    ) -> Result<(crate::model::Programme, Vec<Module>, Recipient)> {
        let all = self.named_recipients(None)?;
        let store = self.store();
        let programme = store.programme()?;
        let modules = store.modules(programme.id)?;
        let recipient = all
            .into_iter()
            .find(|r| r.application_id == application_id)
            .ok_or(DocumentError::NoRecipients {
                status: "ausgewählt".into(),
            })?;
        Ok((programme, modules, recipient))
    }

    /// Writes the letters of `kind` to everyone with `status` (the kind's usual status
    /// if `None`): one merged PDF at `out`, or one file per person in the folder `out`.
    /// Each letter is recorded with the file's name and hash; generating twice records
    /// twice.
    pub fn write_letters(
        &self,
        kind: LetterKind,
        status: Option<Status>,
        template: Option<&str>,
        out: &Path,
        merged: bool,
    ) -> Result<Vec<WrittenFile>> {
        let options = LetterOptions::merged(merged);
        self.write_letters_with_job(kind, status, template, out, options, &Job::NONE)
    }

    /// [`Kohorte::write_letters`] with all its `options` (duplex, leaving out those
    /// written to), reporting each letter to `job`. Cancelled, it writes no file and
    /// records nothing.
    pub fn write_letters_with_job(
        &self,
        kind: LetterKind,
        status: Option<Status>,
        template: Option<&str>,
        out: &Path,
        options: LetterOptions,
        job: &Job,
    ) -> Result<Vec<WrittenFile>> {
        self.write_letters_of(kind, status, None, template, out, options, job)
    }

    /// The letters of `kind` to exactly these applications (e.g. the people who just
    /// moved up from the waitlist), as [`Kohorte::write_letters`] writes them.
    pub fn write_letters_to(
        &self,
        kind: LetterKind,
        ids: &[Uuid],
        out: &Path,
        merged: bool,
    ) -> Result<Vec<WrittenFile>> {
        let options = LetterOptions::merged(merged);
        self.write_letters_of(kind, None, Some(ids), None, out, options, &Job::NONE)
    }

    #[allow(clippy::too_many_arguments)]
    fn write_letters_of(
        &self,
        kind: LetterKind,
        status: Option<Status>,
        only: Option<&[Uuid]>,
        template: Option<&str>,
        out: &Path,
        options: LetterOptions,
        job: &Job,
    ) -> Result<Vec<WrittenFile>> {
        let status = status.unwrap_or(kind.default_status());
        let template = self.template_or_saved(kind, template)?;
        let mut recipients = self.named_recipients(Some(status))?;
        let (programme, modules) = {
            let store = self.store();
            let programme = store.programme()?;
            let modules = store.modules(programme.id)?;
            (programme, modules)
        };
        if let Some(ids) = only {
            recipients.retain(|r| ids.contains(&r.application_id));
        }
        if recipients.is_empty() {
            return Err(DocumentError::NoRecipients {
                status: status.label().into(),
            });
        }
        if options.skip_written {
            let written = self.written_to(kind)?;
            let count = recipients.len();
            recipients.retain(|r| !written.contains(&r.application_id));
            if recipients.is_empty() {
                return Err(DocumentError::AllWritten {
                    count,
                    status: status.label().into(),
                    kind: kind.label().into(),
                });
            }
        }
        let (issued, created_at) = now();
        let letters = Letters {
            kind,
            template: &template,
            programme: &programme,
            modules: &modules,
            issued,
        };
        let each: Vec<(Uuid, &crate::model::Person)> = recipients
            .iter()
            .map(|r| (r.application_id, &r.person))
            .collect();
        let output = if options.merged {
            Output::Merged(letters.merged_for_print(&recipients, options.duplex, job)?)
        } else {
            Output::Each(letters.each(&recipients, job)?)
        };
        let (files, records) = output.write(out, kind.label(), &each, |id, file| {
            record(kind.into(), Some(id), None, created_at, file)
        })?;
        self.store().record_documents(&records)?;
        Ok(files)
    }

    fn module(&self, number: u32) -> Result<(crate::model::Programme, Module)> {
        let store = self.store();
        let programme = store.programme()?;
        let module = store
            .modules(programme.id)?
            .into_iter()
            .find(|m| m.number == number)
            .ok_or(DocumentError::UnknownModule { number })?;
        Ok((programme, module))
    }

    /// Writes the agenda of module `number` to `out` and records it.
    pub fn write_agenda(&self, number: u32, out: &Path) -> Result<WrittenFile> {
        let (programme, module) = self.module(number)?;
        let items = self.store().agenda(module.id)?;
        let (issued, created_at) = now();
        let pdf = documents::agenda_pdf(&programme, &module, &items, issued)?;
        write_file(out, &pdf.bytes)?;
        let file = written(out.to_path_buf(), &pdf, 1);
        self.store().record_documents(&[record(
            DocumentKind::Agenda,
            None,
            Some(module.id),
            created_at,
            &file,
        )])?;
        Ok(file)
    }

    /// Writes the Teilnehmendenliste (confirmed participants of `track`, or all) or the
    /// Unterschriftenliste of module `module` (both days) to `out` and records it.
    pub fn write_list(
        &self,
        kind: ListKind,
        track: Option<TrackRole>,
        module: Option<u32>,
        out: &Path,
    ) -> Result<WrittenFile> {
        let (issued, created_at) = now();
        let recipients = self.named_recipients(Some(Status::Zugesagt))?;
        let (programme, tracks) = {
            let store = self.store();
            let programme = store.programme()?;
            let tracks = store.tracks(programme.id)?;
            (programme, tracks)
        };
        let (pdf, module_id) = match kind {
            ListKind::Teilnehmende => {
                let track_name = track.and_then(|role| {
                    tracks
                        .iter()
                        .find(|t| t.role == role)
                        .map(|t| t.name.as_str())
                });
                let pdf = documents::participants_pdf(
                    &programme,
                    track,
                    track_name,
                    &recipients,
                    issued,
                )?;
                (pdf, None)
            }
            ListKind::Unterschriften => {
                let number = module.ok_or(DocumentError::ModuleRequired)?;
                let (_, module) = self.module(number)?;
                let recipients: Vec<Recipient> = recipients
                    .into_iter()
                    .filter(|r| track.is_none_or(|t| r.track_role == t))
                    .collect();
                let pdf = documents::signature_list_pdf(&programme, &module, &recipients, issued)?;
                (pdf, Some(module.id))
            }
        };
        write_file(out, &pdf.bytes)?;
        let file = written(out.to_path_buf(), &pdf, 1);
        self.store().record_documents(&[record(
            kind.into(),
            None,
            module_id,
            created_at,
            &file,
        )])?;
        Ok(file)
    }

    /// Writes a Teilnahmebescheinigung for every confirmed participant with recorded
    /// attendance, listing the modules they attended; merged into `out` or one file
    /// each in the folder `out`.
    pub fn write_certificates(&self, out: &Path, merged: bool) -> Result<Vec<WrittenFile>> {
        self.write_certificates_with_job(out, merged, &Job::NONE)
    }

    /// [`Kohorte::write_certificates`], reporting each certificate to `job`.
    pub fn write_certificates_with_job(
        &self,
        out: &Path,
        merged: bool,
        job: &Job,
    ) -> Result<Vec<WrittenFile>> {
        let recipients = self.named_recipients(Some(Status::Zugesagt))?;
        let (programme, modules, attended) = {
            let store = self.store();
            let programme = store.programme()?;
            let modules = store.modules(programme.id)?;
            let attended = store.attended_modules(programme.id)?;
            (programme, modules, attended)
        };
        let entries: Vec<Attended<'_>> = recipients
            .iter()
            .map(|r| Attended {
                recipient: r,
                modules: modules
                    .iter()
                    .filter(|m| attended.contains(&(r.application_id, m.id)))
                    .collect(),
            })
            .filter(|a| !a.modules.is_empty())
            .collect();
        if entries.is_empty() {
            return Err(DocumentError::NoAttendance);
        }
        let (issued, created_at) = now();
        let kind = DocumentKind::Teilnahmebescheinigung;
        let each: Vec<(Uuid, &crate::model::Person)> = entries
            .iter()
            .map(|e| (e.recipient.application_id, &e.recipient.person))
            .collect();
        let output = if merged {
            Output::Merged(documents::certificates_pdf(
                &programme, &entries, issued, job,
            )?)
        } else {
            let total = entries.len();
            job.step(0, total)?;
            let mut pdfs = Vec::with_capacity(total);
            for (index, entry) in entries.iter().enumerate() {
                let one = std::slice::from_ref(entry);
                pdfs.push(documents::certificates_pdf(
                    &programme,
                    one,
                    issued,
                    &Job::NONE,
                )?);
                job.step(index + 1, total)?;
            }
            Output::Each(pdfs)
        };
        let (files, records) = output.write(out, kind.label(), &each, |id, file| {
            record(kind, Some(id), None, created_at, file)
        })?;
        self.store().record_documents(&records)?;
        Ok(files)
    }

    /// The programme's modules, in order (for the agenda and sign-in list pickers).
    pub fn modules(&self) -> Result<Vec<Module>> {
        let store = self.store();
        let programme = store.programme()?;
        Ok(store.modules(programme.id)?)
    }

    /// Documents generated for one application (the person's history), newest first.
    pub fn document_history(&self, application_id: Uuid) -> Result<Vec<DocumentRecord>> {
        Ok(self.store().documents_for(application_id)?)
    }

    /// Every recorded document, newest first.
    pub fn documents(&self) -> Result<Vec<DocumentRecord>> {
        Ok(self.store().documents()?)
    }
}
