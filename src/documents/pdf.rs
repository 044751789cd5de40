//! A thin drawing layer over printpdf: millimetres measured from the top-left corner
//! (as every layout spec gives them), one call per text run or rule. printpdf itself
//! counts points from the bottom-left.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use std::sync::Arc;

use printpdf::{
    Color, FontEmbeddingMode, FontId, Greyscale, ImageCompression, ImageOptimizationOptions, Line,
    LinePoint, Mm, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    RawImage, Rect, TextItem, TextMatrix, XObjectId, XObjectTransform,
};

use super::DocumentError;
use super::font::{Face, Fonts, RunFonts, Weight};
use crate::model::ProgrammeImages;

pub const A4_SHORT: f32 = 210.0;
pub const A4_LONG: f32 = 297.0;

fn pt(mm: f32) -> Pt {
    Mm(mm).into()
}

/// Text style: size in points, weight, and grey level (0 = black, 1 = white).
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub size: f32,
    pub weight: Weight,
    pub grey: f32,
}

impl Style {
    pub const fn regular(size: f32) -> Style {
        Style {
            size,
            weight: Weight::Regular,
            grey: 0.0,
        }
    }

    pub const fn bold(size: f32) -> Style {
        Style {
            size,
            weight: Weight::Bold,
            grey: 0.0,
        }
    }

    pub const fn grey(self, grey: f32) -> Style {
        Style { grey, ..self }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Center,
}

/// One page being drawn. Rules and fills collect in `ops`, text in one text object
/// (`text`), switching font and colour only when they change: a letter page then
/// serialises to a third of the operators, which is most of the time per letter.
pub struct Page {
    pub width: f32,
    pub height: f32,
    ops: Vec<Op>,
    text: Vec<Op>,
    /// The font in use (weight, run cut?), its size and the grey level.
    current: Option<(Weight, bool, f32, f32)>,
    ids: FontIds,
    fonts: &'static Fonts,
    run: Option<Arc<RunFonts>>,
    /// Which full faces the page drew with (regular, bold).
    used_full: [bool; 2],
    pictures: Pictures,
    /// What was drawn, in page millimetres, kept only for a preview (see [`svg`]).
    shapes: Option<Vec<Shape>>,
}

/// The resource ids of the faces a document may draw with: the full faces (subset per
/// document when it is saved) and, for a run, the faces cut once for the whole run.
#[derive(Clone)]
struct FontIds {
    regular: FontId,
    bold: FontId,
    run: Option<(FontId, FontId)>,
}

/// Which of the programme's images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PictureKind {
    Logo,
    Signature,
}

/// An image registered once per document, drawn on any of its pages.
#[derive(Debug, Clone)]
struct Picture {
    id: XObjectId,
    width_px: usize,
    height_px: usize,
    /// The original bytes as a `data:` URI, for the SVG preview only.
    data_uri: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Pictures {
    logo: Option<Picture>,
    signature: Option<Picture>,
}

impl Pictures {
    fn get(&self, kind: PictureKind) -> Option<&Picture> {
        match kind {
            PictureKind::Logo => self.logo.as_ref(),
            PictureKind::Signature => self.signature.as_ref(),
        }
    }
}

/// One drawing call as the preview replays it: the same positions as in the PDF.
#[derive(Debug, Clone)]
enum Shape {
    Text {
        x: f32,
        y: f32,
        style: Style,
        width: f32,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        grey: f32,
    },
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        href: String,
    },
}

impl Page {
    /// Draws the programme's logo or signature scaled to fit `max_w` × `max_h` mm, its
    /// top at `y`; `x` is its left edge, or its right edge with [`Align::Right`].
    /// Returns the drawn height in mm (0 without that image).
    pub fn picture(
        &mut self,
        kind: PictureKind,
        x: f32,
        y: f32,
        (max_w, max_h): (f32, f32),
        align: Align,
    ) -> f32 {
        let Some(picture) = self.pictures.get(kind).cloned() else {
            return 0.0;
        };
        let (px_w, px_h) = (picture.width_px as f32, picture.height_px as f32);
        if px_w < 1.0 || px_h < 1.0 {
            return 0.0;
        }
        let scale = (max_w / px_w).min(max_h / px_h);
        let (w, h) = (px_w * scale, px_h * scale);
        let left = match align {
            Align::Left => x,
            Align::Right => x - w,
            Align::Center => x - w / 2.0,
        };
        if let (Some(shapes), Some(href)) = (self.shapes.as_mut(), picture.data_uri.clone()) {
            shapes.push(Shape::Image {
                x: left,
                y,
                w,
                h,
                href,
            });
        }
        self.ops.push(Op::UseXobject {
            id: picture.id,
            transform: XObjectTransform {
                translate_x: Some(pt(left)),
                translate_y: Some(pt(self.height - y - h)),
                // The image's own size at this resolution is exactly `w` mm wide.
                dpi: Some(px_w * 25.4 / w),
                ..XObjectTransform::default()
            },
        });
        h
    }

    pub fn face(&self, weight: Weight) -> &'static Face {
        self.fonts.face(weight)
    }

    /// Draws one line of text with its baseline at `y` mm from the top.
    pub fn text(&mut self, x: f32, y: f32, style: Style, align: Align, text: &str) {
        if text.is_empty() {
            return;
        }
        let x = match align {
            Align::Left => x,
            Align::Right => x - self.face(style.weight).width_mm(text, style.size),
            Align::Center => x - self.face(style.weight).width_mm(text, style.size) / 2.0,
        };
        if self.shapes.is_some() {
            let width = self.face(style.weight).width_mm(text, style.size);
            if let Some(shapes) = self.shapes.as_mut() {
                shapes.push(Shape::Text {
                    x,
                    y,
                    style,
                    width,
                    text: text.to_string(),
                });
            }
        }
        // The run's cut when it has every character, else the full face.
        let cut = match (&self.run, &self.ids.run) {
            (Some(run), Some(ids)) if run.face(style.weight).covers(text) => {
                Some(match style.weight {
                    Weight::Regular => &ids.0,
                    Weight::Bold => &ids.1,
                })
            }
            _ => None,
        };
        let in_cut = cut.is_some();
        let (font_now, grey_now) = match self.current {
            Some((weight, was_cut, size, grey)) => (
                weight == style.weight && was_cut == in_cut && size == style.size,
                grey == style.grey,
            ),
            None => (false, style.grey == 0.0),
        };
        if !font_now {
            let font = match (cut, style.weight) {
                (Some(id), _) => id.clone(),
                (None, Weight::Regular) => self.ids.regular.clone(),
                (None, Weight::Bold) => self.ids.bold.clone(),
            };
            if !in_cut {
                self.used_full[style.weight as usize] = true;
            }
            self.text.push(Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(style.size),
            });
        }
        if !grey_now {
            self.text.push(Op::SetFillColor {
                col: grey_color(style.grey),
            });
        }
        self.current = Some((style.weight, in_cut, style.size, style.grey));
        self.text.extend([
            Op::SetTextMatrix {
                matrix: TextMatrix::Translate(pt(x), pt(self.height - y)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_string())],
            },
        ]);
    }

    /// All operators: graphics first (fills under text), then the one text object.
    fn into_ops(mut self) -> Vec<Op> {
        if !self.text.is_empty() {
            self.ops.reserve(self.text.len() + 2);
            self.ops.push(Op::StartTextSection);
            self.ops.append(&mut self.text);
            self.ops.push(Op::EndTextSection);
        }
        self.ops
    }

    /// A straight rule from (x1, y1) to (x2, y2), `width` points thick.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        if let Some(shapes) = self.shapes.as_mut() {
            shapes.push(Shape::Line {
                x1,
                y1,
                x2,
                y2,
                width,
            });
        }
        let point = |x: f32, y: f32| LinePoint {
            p: Point {
                x: pt(x),
                y: pt(self.height - y),
            },
            bezier: false,
        };
        let line = Line {
            points: vec![point(x1, y1), point(x2, y2)],
            is_closed: false,
        };
        self.ops.extend([
            Op::SetOutlineThickness { pt: Pt(width) },
            Op::DrawLine { line },
        ]);
    }

    /// A filled rectangle; its top-left corner at (x, y).
    pub fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, grey: f32) {
        if let Some(shapes) = self.shapes.as_mut() {
            shapes.push(Shape::Fill { x, y, w, h, grey });
        }
        let mut rectangle = Rect::from_xywh(pt(x), pt(self.height - y - h), pt(w), pt(h));
        rectangle.mode = Some(printpdf::PaintMode::Fill);
        self.ops.extend([
            Op::SetFillColor {
                col: grey_color(grey),
            },
            Op::DrawRectangle { rectangle },
            Op::SetFillColor {
                col: grey_color(0.0),
            },
        ]);
    }
}

fn grey_color(level: f32) -> Color {
    // Greyscale's value is the lightness: 0 is black.
    Color::Greyscale(Greyscale {
        percent: level,
        icc_profile: None,
    })
}

/// A document being assembled: the fonts are registered once, however many pages or
/// letters it holds, so a merged PDF carries one subset of each face.
pub struct Builder {
    doc: PdfDocument,
    ids: FontIds,
    /// Which full faces a page drew with: only those are embedded.
    used_full: [bool; 2],
    fonts: &'static Fonts,
    run: Option<Arc<RunFonts>>,
    pictures: Pictures,
    /// Pages as SVG, when the builder makes a preview instead of a PDF.
    preview: Option<Vec<String>>,
}

impl Builder {
    pub fn new(title: &str, created: DateTime<FixedOffset>) -> Result<Builder, DocumentError> {
        let fonts = Fonts::get()?;
        let mut doc = PdfDocument::new(title);
        // Registered in `finish`, and only if drawn with: each registration copies the
        // face's tables.
        let ids = FontIds {
            regular: FontId::new(),
            bold: FontId::new(),
            run: None,
        };
        // Without these the viewer shows 1 January 1970.
        let when = pdf_date(created);
        let info = &mut doc.metadata.info;
        info.creation_date = when;
        info.modification_date = when;
        info.metadata_date = when;
        info.creator = "Kohorte".into();
        info.producer = "Kohorte (printpdf)".into();
        Ok(Builder {
            doc,
            ids,
            used_full: [false; 2],
            fonts,
            run: None,
            pictures: Pictures::default(),
            preview: None,
        })
    }

    /// Registers the programme's logo and signature once for the whole document. An
    /// image that does not decode is left out rather than failing every letter: the
    /// upload already checked that it is PNG or JPEG.
    pub fn with_images(mut self, images: &ProgrammeImages) -> Builder {
        let preview = self.preview.is_some();
        let mut register = |bytes: &Option<std::sync::Arc<[u8]>>| -> Option<Picture> {
            let bytes = bytes.as_ref()?;
            let image = decoded(bytes)?;
            let (width_px, height_px) = (image.width, image.height);
            let id = self.doc.add_image(&image);
            let data_uri = preview.then(|| data_uri(bytes));
            Some(Picture {
                id,
                width_px,
                height_px,
                data_uri,
            })
        };
        let logo = register(&images.logo);
        let signature = register(&images.signature);
        self.pictures = Pictures { logo, signature };
        self
    }

    /// Draws with the faces cut once for a whole run (see [`RunFonts`]) wherever they
    /// have the characters.
    pub fn with_run_fonts(mut self, run: &Arc<RunFonts>) -> Builder {
        let mut add = |face: &super::font::RunFace| {
            let id = FontId::new();
            let mut font = PdfFont::new(face.parsed.clone());
            // Already cut: embedded as it is, the same bytes in every document.
            font.meta.embedding_mode = FontEmbeddingMode::Full;
            font.meta.requires_subsetting = false;
            self.doc.resources.fonts.map.insert(id.clone(), font);
            id
        };
        let ids = (add(&run.regular), add(&run.bold));
        self.ids.run = Some(ids);
        self.run = Some(run.clone());
        self
    }

    /// A builder that also keeps every page as SVG (see [`Builder::svg_pages`]).
    pub fn preview(title: &str, created: DateTime<FixedOffset>) -> Result<Builder, DocumentError> {
        let mut builder = Builder::new(title, created)?;
        builder.preview = Some(Vec::new());
        Ok(builder)
    }

    /// The pages drawn so far as SVG documents, for a builder made by
    /// [`Builder::preview`] (empty otherwise).
    pub fn svg_pages(self) -> Vec<String> {
        self.preview.unwrap_or_default()
    }

    pub fn page(&self, width: f32, height: f32) -> Page {
        Page {
            width,
            height,
            ops: Vec::with_capacity(64),
            text: Vec::with_capacity(256),
            current: None,
            ids: self.ids.clone(),
            fonts: self.fonts,
            run: self.run.clone(),
            used_full: [false; 2],
            pictures: self.pictures.clone(),
            shapes: self.preview.as_ref().map(|_| Vec::new()),
        }
    }

    pub fn push(&mut self, mut page: Page) {
        let (width, height) = (page.width, page.height);
        self.used_full[0] |= page.used_full[0];
        self.used_full[1] |= page.used_full[1];
        if let (Some(pages), Some(shapes)) = (self.preview.as_mut(), page.shapes.take()) {
            pages.push(svg(width, height, &shapes));
        }
        self.doc
            .pages
            .push(PdfPage::new(Mm(width), Mm(height), page.into_ops()));
    }

    pub fn page_count(&self) -> usize {
        self.doc.pages.len()
    }

    /// Serialises the document; fonts are subset to the glyphs used.
    pub fn finish(mut self) -> Vec<u8> {
        let full = [
            (&self.ids.regular, &self.fonts.regular),
            (&self.ids.bold, &self.fonts.bold),
        ];
        for (used, (id, face)) in self.used_full.into_iter().zip(full) {
            if used {
                let font = PdfFont::new(face.parsed.clone());
                self.doc.resources.fonts.map.insert(id.clone(), font);
            }
        }
        let mut warnings = Vec::new();
        let options = PdfSaveOptions {
            // Logo and signature losslessly compressed (without, a 512-pixel logo adds
            // 1.5 MB to every letter), never resized or turned lossy.
            image_optimization: Some(ImageOptimizationOptions {
                format: Some(ImageCompression::Flate),
                auto_optimize: Some(false),
                max_image_size: None,
                convert_to_greyscale: Some(false),
                ..ImageOptimizationOptions::default()
            }),
            ..PdfSaveOptions::default()
        };
        let mut doc = self.doc.to_lopdf_document(&options, &mut warnings);
        compress(&mut doc);
        let mut bytes = Vec::new();
        // Writing into a Vec cannot fail.
        let _ = doc.save_to(&mut bytes);
        bytes
    }
}

/// Streams at least this long are compressed on more than one thread, and kept for the
/// next document when they are font programs (see [`deflate_shared`]).
const LARGE: usize = 16 * 1024;

/// Compresses every stream lopdf would (page contents, font programs, ToUnicode maps):
/// zlib at its default level instead of lopdf's level 9 (whose slow matcher was a fifth
/// of the time in the profile; the merged benchmark PDF stays 2.6 MB), and a big
/// document's streams spread over the cores.
fn compress(doc: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|object| match object {
            lopdf::Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => {
                Some(s)
            }
            _ => None,
        })
        .collect();
    let bytes: usize = streams.iter().map(|s| s.content.len()).sum();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(bytes / (4 * LARGE))
        .max(1);
    if workers == 1 {
        streams.iter_mut().for_each(|s| compress_stream(s));
        return;
    }
    let per_worker = streams.len().div_ceil(workers);
    std::thread::scope(|scope| {
        for part in streams.chunks_mut(per_worker) {
            scope.spawn(move || part.iter_mut().for_each(|s| compress_stream(s)));
        }
    });
}

fn compress_stream(stream: &mut lopdf::Stream) {
    let compressed = if stream.content.len() >= LARGE && stream.dict.has(b"Length1") {
        deflate_shared(&stream.content).to_vec()
    } else {
        deflate(&stream.content)
    };
    // As lopdf does: keep a stream that would not shrink.
    if compressed.len() + 19 < stream.content.len() {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(compressed);
    }
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(bytes.len() / 2),
        flate2::Compression::default(),
    );
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// A font program compressed once for all documents that embed the same bytes (every
/// PDF of a run embeds the run's cut, see [`RunFonts`]).
fn deflate_shared(bytes: &[u8]) -> Arc<[u8]> {
    use std::sync::Mutex;
    type Cache = Vec<(Arc<[u8]>, Arc<[u8]>)>;
    static CACHE: Mutex<Cache> = Mutex::new(Vec::new());
    let seen = |cache: &Cache| {
        cache
            .iter()
            .find(|(plain, _)| plain[..] == bytes[..])
            .map(|(_, packed)| packed.clone())
    };
    if let Some(packed) = seen(&CACHE.lock().unwrap_or_else(|p| p.into_inner())) {
        return packed;
    }
    let packed: Arc<[u8]> = deflate(bytes).into();
    let mut cache = CACHE.lock().unwrap_or_else(|p| p.into_inner());
    if seen(&cache).is_none() {
        // Two faces of the current run, and the previous run's.
        if cache.len() >= 4 {
            cache.remove(0);
        }
        cache.push((bytes.into(), packed.clone()));
    }
    packed
}

fn pdf_date(at: DateTime<FixedOffset>) -> printpdf::OffsetDateTime {
    let offset_seconds = at.offset().local_minus_utc();
    printpdf::OffsetDateTime {
        date: printpdf::Date {
            year: at.year(),
            month: at.month() as u8,
            day: at.day() as u8,
        },
        time: printpdf::Time {
            hour: at.hour() as u8,
            minute: at.minute() as u8,
            second: at.second() as u8,
            millisecond: 0,
        },
        offset: printpdf::Offset {
            hours: (offset_seconds / 3600) as i8,
            minutes: ((offset_seconds % 3600) / 60) as i8,
            seconds: 0,
            milliseconds: 0,
        },
    }
}

/// The decoded image, kept for the next document: one PDF per person would otherwise
/// decode the same logo a thousand times.
fn decoded(bytes: &std::sync::Arc<[u8]>) -> Option<std::sync::Arc<RawImage>> {
    use std::sync::{Arc, Mutex};
    type Cache = Vec<(Arc<[u8]>, Arc<RawImage>)>;
    static CACHE: Mutex<Cache> = Mutex::new(Vec::new());
    let mut cache = CACHE.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, image)) = cache.iter().find(|(b, _)| b[..] == bytes[..]) {
        return Some(image.clone());
    }
    let image = Arc::new(RawImage::decode_from_bytes(bytes, &mut Vec::new()).ok()?);
    // A logo and a signature: two entries are enough.
    if cache.len() >= 2 {
        cache.remove(0);
    }
    cache.push((bytes.clone(), image.clone()));
    Some(image)
}

/// The image as a `data:` URI (PNG or JPEG, told apart by its first bytes).
fn data_uri(bytes: &[u8]) -> String {
    use base64::Engine;
    let mime = if bytes.starts_with(b"\x89PNG") {
        "image/png"
    } else {
        "image/jpeg"
    };
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    format!("data:{mime};base64,{encoded}")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn grey_rgb(level: f32) -> String {
    let v = (level.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("rgb({v},{v},{v})")
}

/// One page as an SVG document in millimetres: every text run at the PDF's position,
/// stretched to the width the embedded font gives it, so the lines wrap and break
/// exactly as printed even where the viewer substitutes another sans.
fn svg(width: f32, height: f32, shapes: &[Shape]) -> String {
    use std::fmt::Write;
    const MM_PER_PT: f32 = 25.4 / 72.0;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         font-family=\"Liberation Sans, Arimo, Arial, Helvetica, sans-serif\">\
         <rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>"
    );
    for shape in shapes {
        // Writing to a String cannot fail.
        let _ = match shape {
            Shape::Text {
                x,
                y,
                style,
                width,
                text,
            } => write!(
                out,
                "<text x=\"{x:.2}\" y=\"{y:.2}\" font-size=\"{:.3}\"{} fill=\"{}\" \
                 textLength=\"{width:.2}\" lengthAdjust=\"spacingAndGlyphs\" \
                 xml:space=\"preserve\">{}</text>",
                style.size * MM_PER_PT,
                if style.weight == Weight::Bold {
                    " font-weight=\"bold\""
                } else {
                    ""
                },
                grey_rgb(style.grey),
                escape(text)
            ),
            Shape::Line {
                x1,
                y1,
                x2,
                y2,
                width,
            } => write!(
                out,
                "<line x1=\"{x1:.2}\" y1=\"{y1:.2}\" x2=\"{x2:.2}\" y2=\"{y2:.2}\" \
                 stroke=\"black\" stroke-width=\"{:.3}\"/>",
                width * MM_PER_PT
            ),
            Shape::Fill { x, y, w, h, grey } => write!(
                out,
                "<rect x=\"{x:.2}\" y=\"{y:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" \
                 fill=\"{}\"/>",
                grey_rgb(*grey)
            ),
            Shape::Image { x, y, w, h, href } => write!(
                out,
                "<image x=\"{x:.2}\" y=\"{y:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" \
                 href=\"{href}\"/>"
            ),
        };
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pdftotext(bytes: &[u8]) -> String {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("cut.pdf");
        std::fs::write(&path, bytes).expect("write");
        let out = std::process::Command::new("pdftotext")
            .args([path.to_string_lossy().as_ref(), "-"])
            .output()
            .expect("pdftotext (poppler-utils) must be installed");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("utf-8")
    }

    fn document(run: Option<&Arc<RunFonts>>, lines: &[(Style, &str)]) -> Vec<u8> {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-01T10:00:00+01:00").expect("date");
        let mut builder = Builder::new("Test", at).expect("fonts");
        if let Some(run) = run {
            builder = builder.with_run_fonts(run);
        }
        let mut page = builder.page(A4_SHORT, A4_LONG);
        for (index, (style, text)) in lines.iter().enumerate() {
            page.text(20.0, 30.0 + 10.0 * index as f32, *style, Align::Left, text);
        }
        builder.push(page);
        builder.finish()
    }

    #[test]
    fn a_run_cut_draws_its_characters_and_the_full_face_the_rest() {
        let fonts = Fonts::get().expect("fonts");
        let run = Arc::new(RunFonts::cut(fonts, "Grüße aus Köln".chars()).expect("cut"));
        assert!(run.regular.covers("Grüße aus Köln"));
        // Ł, ó, ź and Ω are neither in the cut's characters nor in its fixed wording.
        assert!(!run.regular.covers("Łódź Ω"));
        let lines = [
            (Style::regular(11.0), "Grüße aus Köln"),
            (Style::bold(11.0), "Grüße aus Köln"),
            (Style::regular(11.0), "Łódź Ω"),
        ];
        let with_cut = document(Some(&run), &lines);
        let text = pdftotext(&with_cut);
        for (_, line) in lines {
            assert!(text.contains(line), "{line} in {text}");
        }
        // Three faces: both cuts, and the full regular face for the last line only.
        let doc = lopdf::Document::load_mem(&with_cut).expect("pdf");
        let descriptors = doc
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| {
                d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(&b"FontDescriptor"[..])
            })
            .count();
        assert_eq!(descriptors, 3);
        assert_eq!(pdftotext(&document(None, &lines)), text);
    }

    #[test]
    fn documents_of_one_run_embed_the_same_font_program() {
        let fonts = Fonts::get().expect("fonts");
        let run = Arc::new(RunFonts::cut(fonts, "Sehr geehrte Frau Weber".chars()).expect("cut"));
        let a = document(Some(&run), &[(Style::regular(11.0), "Frau Weber")]);
        let b = document(Some(&run), &[(Style::regular(11.0), "Sehr geehrte")]);
        let program = |pdf: &[u8]| {
            let doc = lopdf::Document::load_mem(pdf).expect("pdf");
            doc.objects
                .values()
                .find_map(|o| match o {
                    lopdf::Object::Stream(s) if s.dict.has(b"Length1") => Some(s.content.clone()),
                    _ => None,
                })
                .expect("an embedded TrueType program")
        };
        assert_eq!(program(&a), program(&b));
    }
}
