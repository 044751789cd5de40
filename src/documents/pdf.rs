//! A thin drawing layer over printpdf: millimetres measured from the top-left corner
//! (as every layout spec gives them), one call per text run or rule. printpdf itself
//! counts points from the bottom-left.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix,
};

use super::DocumentError;
use super::font::{Face, Fonts, Weight};

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
}

impl Page {
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
        })
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
        }
    }

    pub fn push(&mut self, page: Page) {
        let (width, height) = (page.width, page.height);
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
            // No images here; skip the image pass.
            image_optimization: None,
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
