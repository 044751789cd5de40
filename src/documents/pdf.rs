//! A thin drawing layer over printpdf: millimetres measured from the top-left corner
//! (as every layout spec gives them), one call per text run or rule. printpdf itself
//! counts points from the bottom-left.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use printpdf::{
    Color, FontId, Greyscale, ImageCompression, ImageOptimizationOptions, Line, LinePoint, Mm, Op,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, RawImage, Rect, TextItem,
    TextMatrix, XObjectId, XObjectTransform,
};

use super::DocumentError;
use super::font::{Face, Fonts, Weight};
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
    current: Option<(Weight, f32, f32)>,
    regular: FontId,
    bold: FontId,
    fonts: &'static Fonts,
    pictures: Pictures,
    /// What was drawn, in page millimetres, kept only for a preview (see [`svg`]).
    shapes: Option<Vec<Shape>>,
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
        let (font_now, grey_now) = match self.current {
            Some((weight, size, grey)) => (
                weight == style.weight && size == style.size,
                grey == style.grey,
            ),
            None => (false, style.grey == 0.0),
        };
        if !font_now {
            let font = match style.weight {
                Weight::Regular => self.regular.clone(),
                Weight::Bold => self.bold.clone(),
            };
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
        self.current = Some((style.weight, style.size, style.grey));
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
    regular: FontId,
    bold: FontId,
    fonts: &'static Fonts,
    pictures: Pictures,
    /// Pages as SVG, when the builder makes a preview instead of a PDF.
    preview: Option<Vec<String>>,
}

impl Builder {
    pub fn new(title: &str, created: DateTime<FixedOffset>) -> Result<Builder, DocumentError> {
        let fonts = Fonts::get()?;
        let mut doc = PdfDocument::new(title);
        let regular = doc.add_font(&fonts.regular.parsed);
        let bold = doc.add_font(&fonts.bold.parsed);
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
            regular,
            bold,
            fonts,
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
            regular: self.regular.clone(),
            bold: self.bold.clone(),
            fonts: self.fonts,
            pictures: self.pictures.clone(),
            shapes: self.preview.as_ref().map(|_| Vec::new()),
        }
    }

    pub fn push(&mut self, mut page: Page) {
        let (width, height) = (page.width, page.height);
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
    pub fn finish(self) -> Vec<u8> {
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
        self.doc.save(&options, &mut warnings)
    }
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
