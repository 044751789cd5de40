//! Business letters after DIN 5008, form B, on A4: letterhead, return-address line and
//! address field for a window envelope (DL, window left), info block, bold subject,
//! body, closing and signatory, page numbers, fold and punch marks.

use super::font::{Fonts, RunFonts};
use super::pdf::{A4_LONG, A4_SHORT, Align, Builder, Page, PictureKind, Style};
use super::template::{LetterInput, LetterText, with_template};
use super::text::{address_name, german_date};
use super::{DocumentError, Issued, LetterKind, Pdf, Recipient};
use crate::job::Job;
use crate::model::{Module, Programme};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Left text margin (the address field starts at 20 mm, its text 5 mm further in).
const LEFT: f32 = 25.0;
/// Right text edge: at least 20 mm margin.
const RIGHT: f32 = 190.0;
const WIDTH: f32 = RIGHT - LEFT;
const BODY: Style = Style::regular(11.0);
const SUBJECT: Style = Style::bold(11.0);
/// Baseline to baseline in the body: single spacing for 11 pt Liberation Sans / Arial
/// (1.15 em), as DIN 5008 sets a letter; one blank line of it between paragraphs.
const LEADING: f32 = 4.5;
/// First body baseline on page one: the subject, two blank lines below the address
/// field (45 + 45 mm), as form B has it.
const FIRST_PAGE_TOP: f32 = 101.5;
const NEXT_PAGE_TOP: f32 = 30.0;
/// Lowest baseline for body text; the footer rule sits 6 mm below.
const BOTTOM: f32 = 274.0;
/// The footer: its rule, and the baseline of its text.
const FOOTER_RULE: f32 = 280.0;
const FOOTER_TEXT: f32 = 284.0;
/// Blank lines for the handwritten signature between closing and name.
const SIGNATURE_LINES: usize = 3;
/// Bullets hang: the dot at the margin, the text indented.
const BULLET_INDENT: f32 = 5.0;

/// What every letter of one batch shares.
pub struct Letters<'a> {
    pub kind: LetterKind,
    /// The template source (the coordinator's or [`LetterKind::default_template`]).
    pub template: &'a str,
    pub programme: &'a Programme,
    pub modules: &'a [Module],
    pub issued: Issued,
}

/// One positioned line of body text.
struct Placed {
    y: f32,
    x: f32,
    style: Style,
    text: String,
}

/// A block that moves to the next page as a whole, or splits only where allowed.
struct Block {
    lines: Vec<(f32, Style, String)>,
    /// Extra space after the block (paragraph gap), in mm.
    after: f32,
    /// May the block be split across pages (keeping two lines on either side)?
    splittable: bool,
    /// Must the block share its page with the next one (the paragraphs before the
    /// closing, so the closing never stands alone on a page)? Its last two lines do;
    /// see [`rows`].
    keep_with_next: bool,
}

impl Letters<'_> {
    /// Every recipient's letter in one PDF, for printing in one go. `job` hears of each
    /// letter drawn and may cancel between two.
    pub fn merged(&self, recipients: &[Recipient], job: &Job) -> Result<Pdf, DocumentError> {
        self.merged_for_print(recipients, false, job)
    }

    /// [`Letters::merged`]; with `duplex`, for printing on both sides: every letter
    /// starts on an odd page, a blank page following each letter of odd length.
    pub fn merged_for_print(
        &self,
        recipients: &[Recipient],
        duplex: bool,
        job: &Job,
    ) -> Result<Pdf, DocumentError> {
        with_template(self.template, |compiled| {
            let title = format!("{} – {}", self.kind.label(), self.programme.name);
            let mut builder =
                Builder::new(&title, self.issued.at)?.with_images(&self.programme.images);
            job.step(0, recipients.len())?;
            // Letters are laid out on all cores, then joined in order.
            let letters = in_parallel(recipients, job, |recipient| {
                let text = compiled.render(&self.input(recipient))?;
                Ok(self.pages(&builder, recipient, &text))
            })?;
            for pages in letters {
                for page in pages {
                    builder.push(page);
                }
                if duplex && builder.page_count() % 2 == 1 {
                    let blank = builder.page(A4_SHORT, A4_LONG);
                    builder.push(blank);
                }
            }
            let pages = builder.page_count();
            Ok(Pdf {
                bytes: builder.finish(),
                pages,
            })
        })
    }

    /// One recipient's letter as SVG pages, laid out by the same code as the PDF (same
    /// lines, breaks and positions), for a preview the app's web view can show.
    pub fn preview(&self, recipient: &Recipient) -> Result<Vec<String>, DocumentError> {
        with_template(self.template, |compiled| {
            let text = compiled.render(&self.input(recipient))?;
            let mut builder = Builder::preview(self.kind.label(), self.issued.at)?
                .with_images(&self.programme.images);
            self.draw(&mut builder, recipient, &text);
            Ok(builder.svg_pages())
        })
    }

    /// One PDF per recipient, in the order given; `job` as in [`Letters::merged`]. The
    /// letters are made on all cores, with the faces cut once for the whole run.
    pub fn each(&self, recipients: &[Recipient], job: &Job) -> Result<Vec<Pdf>, DocumentError> {
        with_template(self.template, |compiled| {
            job.step(0, recipients.len())?;
            let run = self.run_fonts(recipients);
            in_parallel(recipients, job, |recipient| {
                let text = compiled.render(&self.input(recipient))?;
                let title = format!(
                    "{} – {}",
                    self.kind.label(),
                    address_name(&recipient.person)
                );
                let mut builder =
                    Builder::new(&title, self.issued.at)?.with_images(&self.programme.images);
                if let Some(run) = &run {
                    builder = builder.with_run_fonts(run);
                }
                self.draw(&mut builder, recipient, &text);
                let pages = builder.page_count();
                Ok(Pdf {
                    bytes: builder.finish(),
                    pages,
                })
            })
        })
    }

    /// The faces cut to every character the run's letters can contain: the template's
    /// own text, the programme, its modules and the recipients (a character missed
    /// here is still drawn, from the full face).
    fn run_fonts(&self, recipients: &[Recipient]) -> Option<Arc<RunFonts>> {
        let data = serde_json::to_string(&(self.programme, self.modules, recipients)).ok()?;
        let chars = self.template.chars().chain(data.chars());
        RunFonts::cut(Fonts::get().ok()?, chars).map(Arc::new)
    }

    fn input<'r>(&'r self, recipient: &'r Recipient) -> LetterInput<'r> {
        LetterInput {
            programme: self.programme,
            modules: self.modules,
            recipient,
            date: self.issued.date,
        }
    }

    fn draw(&self, builder: &mut Builder, recipient: &Recipient, text: &LetterText) {
        for page in self.pages(builder, recipient, text) {
            builder.push(page);
        }
    }

    /// One letter's pages, drawn on pages of `builder` (not yet added to it).
    fn pages(&self, builder: &Builder, recipient: &Recipient, text: &LetterText) -> Vec<Page> {
        let probe = builder.page(A4_SHORT, A4_LONG);
        let pages = paginate(&self.blocks(&probe, text));
        let count = pages.len();
        let mut drawn = Vec::with_capacity(count);
        for (index, lines) in pages.into_iter().enumerate() {
            let mut page = builder.page(A4_SHORT, A4_LONG);
            if index == 0 {
                self.first_page_furniture(&mut page, recipient);
            } else {
                let header = format!(
                    "{} · {}",
                    address_name(&recipient.person),
                    german_date(self.issued.date)
                );
                page.text(
                    LEFT,
                    16.0,
                    Style::regular(8.0).grey(0.35),
                    Align::Left,
                    &header,
                );
            }
            self.footer(&mut page, index + 1, count);
            if index + 1 == count {
                self.signature(&mut page, &lines);
            }
            for line in lines {
                page.text(line.x, line.y, line.style, Align::Left, &line.text);
            }
            drawn.push(page);
        }
        drawn
    }

    /// The signature image in the blank lines above the signatory's name.
    fn signature(&self, page: &mut Page, lines: &[Placed]) {
        let name = &self.programme.signatory_name;
        if name.is_empty() {
            return;
        }
        if let Some(line) = lines.iter().rev().find(|l| &l.text == name) {
            // From below the closing's descenders to above the name's capitals.
            let gap = (SIGNATURE_LINES + 1) as f32 * LEADING;
            page.picture(
                PictureKind::Signature,
                LEFT,
                line.y - gap + 1.5,
                (55.0, gap - 5.5),
                Align::Left,
            );
        }
    }

    /// Subject, salutation, paragraphs, closing and signatory as blocks of wrapped lines.
    fn blocks(&self, page: &Page, text: &LetterText) -> Vec<Block> {
        let wrap = |style: Style, indent: f32, line: &str| -> Vec<(f32, Style, String)> {
            super::font::wrap(page.face(style.weight), line, style.size, WIDTH - indent)
                .into_iter()
                .map(|l| (LEFT + indent, style, l))
                .collect()
        };
        let mut blocks = vec![Block {
            lines: wrap(SUBJECT, 0.0, &text.subject),
            after: 2.0 * LEADING,
            splittable: false,
            keep_with_next: false,
        }];
        let paragraphs: Vec<&str> = text
            .body
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let last = paragraphs.len().saturating_sub(1);
        for (index, paragraph) in paragraphs.iter().enumerate() {
            let mut lines = Vec::new();
            for line in paragraph.lines() {
                let line = line.trim_end();
                let bullet = line.strip_prefix("- ").or_else(|| line.strip_prefix("• "));
                match bullet {
                    Some(item) => {
                        let mut wrapped = wrap(BODY, BULLET_INDENT, item.trim());
                        if let Some(first) = wrapped.first_mut() {
                            // The bullet travels with the item's first line.
                            lines.push((LEFT + 1.0, BODY, "•".to_string()));
                            lines.push(std::mem::replace(first, (0.0, BODY, String::new())));
                            wrapped.remove(0);
                        }
                        lines.extend(wrapped);
                    }
                    None => lines.extend(wrap(BODY, 0.0, line)),
                }
            }
            let closing = index == last;
            if closing {
                // The closing stays on the page with the signatory, with room to sign.
                for _ in 0..SIGNATURE_LINES {
                    lines.push((LEFT, BODY, String::new()));
                }
                let mut signature = vec![
                    (LEFT, BODY, self.programme.signatory_name.clone()),
                    (LEFT, BODY, self.programme.signatory_role.clone()),
                ];
                signature.retain(|(_, _, t)| !t.is_empty());
                lines.extend(signature);
            }
            blocks.push(Block {
                lines,
                after: LEADING,
                splittable: !closing,
                keep_with_next: false,
            });
        }
        // The closing takes at least two lines of text along to its page: the last
        // paragraph, and the one before when the last is a single line.
        let mut taken = 0;
        let closing = blocks.len().saturating_sub(1);
        // Not the subject (block 0), not the closing itself.
        for block in blocks.iter_mut().take(closing).skip(1).rev() {
            block.keep_with_next = true;
            taken += lines_with_steps(&block.lines)
                .iter()
                .filter(|(step, _)| *step)
                .count();
            if taken >= 2 {
                break;
            }
        }
        blocks
    }

    fn first_page_furniture(&self, page: &mut Page, recipient: &Recipient) {
        let p = self.programme;
        // Letterhead.
        page.text(
            LEFT,
            20.0,
            Style::bold(15.0),
            Align::Left,
            &p.organiser_name,
        );
        page.text(
            LEFT,
            26.0,
            Style::regular(9.5).grey(0.25),
            Align::Left,
            &p.name,
        );
        page.line(LEFT, 30.0, RIGHT, 30.0, 0.4);
        page.picture(PictureKind::Logo, RIGHT, 8.0, (60.0, 19.0), Align::Right);

        // Return-address line in the Zusatz- und Vermerkzone, above the address.
        let sender = std::iter::once(p.organiser_name.as_str())
            .chain(p.organiser_address.lines().map(str::trim))
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        let style = Style::regular(7.0);
        let sender = super::font::fit(page.face(style.weight), &sender, style.size, 80.0);
        page.text(LEFT, 59.5, style, Align::Left, &sender);
        let width = page.face(style.weight).width_mm(&sender, style.size);
        page.line(LEFT, 60.6, LEFT + width, 60.6, 0.3);

        // Anschriftzone: 62.7 mm to 90 mm, up to six lines that must fit the window.
        let person = &recipient.person;
        let city = format!("{} {}", person.postal_code.trim(), person.city.trim());
        let name = address_name(person);
        let address = [
            recipient.municipality.trim(),
            name.trim(),
            person.street.trim(),
            city.trim(),
        ];
        let style = Style::regular(10.0);
        let mut y = 67.0;
        for line in address.iter().filter(|l| !l.is_empty()).take(6) {
            let fitted = super::font::fit(page.face(style.weight), line, style.size, 80.0);
            page.text(LEFT, y, style, Align::Left, &fitted);
            y += 4.25;
        }

        // Info block: 125 mm from the left edge, from 50 mm down.
        let x = 125.0;
        let value = Style::regular(9.0);
        let mut y = 53.0;
        let mut entry = |page: &mut Page, label: &str, values: &[&str]| {
            page.text(x, y, Style::regular(7.5).grey(0.4), Align::Left, label);
            y += 4.0;
            for v in values.iter().filter(|v| !v.is_empty()) {
                if y > 92.0 {
                    break;
                }
                let fitted = super::font::fit(page.face(value.weight), v, value.size, RIGHT - x);
                page.text(x, y, value, Align::Left, &fitted);
                y += 4.0;
            }
            y += 1.5;
        };
        entry(page, "Ansprechperson", &[&p.signatory_name]);
        let contact: Vec<&str> = p.organiser_contact.split(" · ").map(str::trim).collect();
        entry(page, "Kontakt", &contact);
        entry(page, "Datum", &[&german_date(self.issued.date)]);

        // Fold marks (105 mm, 210 mm) and punch mark (148.5 mm) at the left edge.
        page.line(4.0, 105.0, 9.0, 105.0, 0.5);
        page.line(4.0, 210.0, 9.0, 210.0, 0.5);
        page.line(4.0, 148.5, 11.0, 148.5, 0.5);
    }

    fn footer(&self, page: &mut Page, number: usize, count: usize) {
        let p = self.programme;
        let style = Style::regular(7.5).grey(0.4);
        page.line(LEFT, FOOTER_RULE, RIGHT, FOOTER_RULE, 0.3);
        let parts = [p.organiser_name.as_str(), p.organiser_contact.as_str()];
        let left = parts
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · ");
        let left = super::font::fit(page.face(style.weight), &left, style.size, WIDTH - 25.0);
        page.text(LEFT, FOOTER_TEXT, style, Align::Left, &left);
        if count > 1 {
            page.text(
                RIGHT,
                FOOTER_TEXT,
                Style::regular(8.0),
                Align::Right,
                &format!("Seite {number} von {count}"),
            );
        }
    }
}

/// One baseline of body text: what is drawn on it (a bullet shares its item's first
/// line), the extra space above it, and whether a page may break before it.
struct Row {
    items: Vec<(f32, Style, String)>,
    /// The paragraph gap above the row, in mm, when it does not start a page.
    gap_before: f32,
    /// May a page end just above this row?
    break_before: bool,
}

/// The blocks as rows with the places a page may break: between two blocks, unless
/// the first keeps with the next; inside a splittable block only with two lines left
/// on either side (no orphans, no widows). The closing block keeps together, and the
/// paragraph before it hands on at least its last two lines, so the closing and the
/// signature never stand alone on a page.
fn rows(blocks: &[Block]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut gap = 0.0;
    let mut keep = false;
    for block in blocks {
        let mut own: Vec<Vec<(f32, Style, String)>> = Vec::new();
        for (step, line) in lines_with_steps(&block.lines) {
            match own.last_mut() {
                Some(last) if !step => last.push(line),
                _ => own.push(vec![line]),
            }
        }
        let n = own.len();
        for (index, items) in own.into_iter().enumerate() {
            let break_before = if index == 0 {
                !keep
            } else {
                block.splittable && index >= 2 && n - index >= 2
            };
            rows.push(Row {
                items,
                gap_before: if index == 0 { gap } else { 0.0 },
                break_before,
            });
        }
        gap = block.after;
        keep = block.keep_with_next;
    }
    rows
}

/// Flows blocks onto pages, line by line: where a line no longer fits, the page ends
/// at the last place allowed to break (see [`rows`]); only a unit longer than a whole
/// page is cut where it must.
fn paginate(blocks: &[Block]) -> Vec<Vec<Placed>> {
    let rows = rows(blocks);
    // Per page: (index of its first row, the rows' baselines).
    let mut pages: Vec<(usize, Vec<f32>)> = vec![(0, Vec::new())];
    let mut index = 0;
    while index < rows.len() {
        let first_page = pages.len() == 1;
        let (start, ys) = pages.last_mut().expect("one page at least");
        let y = match ys.last() {
            None if first_page => FIRST_PAGE_TOP,
            None => NEXT_PAGE_TOP,
            Some(previous) => previous + LEADING + rows[index].gap_before,
        };
        if y <= BOTTOM || ys.is_empty() {
            ys.push(y);
            index += 1;
            continue;
        }
        let page_start = *start;
        let at = (page_start + 1..=index)
            .rev()
            .find(|&b| rows[b].break_before)
            .unwrap_or(index);
        ys.truncate(at - page_start);
        pages.push((at, Vec::new()));
        index = at;
    }
    pages
        .into_iter()
        .map(|(start, ys)| {
            ys.iter()
                .enumerate()
                .flat_map(|(offset, y)| {
                    rows[start + offset]
                        .items
                        .iter()
                        .filter(|(_, _, text)| !text.is_empty())
                        .map(|(x, style, text)| Placed {
                            y: *y,
                            x: *x,
                            style: *style,
                            text: text.clone(),
                        })
                })
                .collect()
        })
        .collect()
}

/// Marks which lines advance the baseline: a bullet dot shares its item's baseline.
fn lines_with_steps(lines: &[(f32, Style, String)]) -> Vec<(bool, (f32, Style, String))> {
    let mut out = Vec::with_capacity(lines.len());
    let mut previous_was_bullet = false;
    for line in lines {
        let is_bullet = line.2 == "•";
        out.push((!previous_was_bullet, line.clone()));
        previous_was_bullet = is_bullet;
    }
    out
}

/// `make` for every item, on all cores; the results in the order of the items. `job`
/// hears of each finished item (counting up, whichever finished) and may cancel between
/// two. Items are handed out in order and a worker ends its item before it stops, so
/// the error returned is the first in the items' order, as one after the other would.
fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    job: &Job,
    make: impl Fn(&T) -> Result<R, DocumentError> + Sync,
) -> Result<Vec<R>, DocumentError> {
    let total = items.len();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(total)
        .max(1);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let done = Mutex::new(0);
    let cancelled = Mutex::new(None);
    let work = || {
        let mut made = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else {
                break;
            };
            let result = make(item);
            if result.is_err() {
                stop.store(true, Ordering::Relaxed);
            }
            made.push((index, result));
            let mut done = done.lock().unwrap_or_else(|p| p.into_inner());
            *done += 1;
            if let Err(c) = job.step(*done, total) {
                stop.store(true, Ordering::Relaxed);
                *cancelled.lock().unwrap_or_else(|p| p.into_inner()) = Some(c);
            }
        }
        made
    };
    let mut made: Vec<(usize, Result<R, DocumentError>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..workers).map(|_| scope.spawn(work)).collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    made.sort_by_key(|(index, _)| *index);
    let results: Vec<R> = made
        .into_iter()
        .map(|(_, result)| result)
        .collect::<Result<_, _>>()?;
    if let Some(cancelled) = cancelled.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(cancelled.into());
    }
    Ok(results)
}
