//! Tables that flow over pages and repeat their header row on each one. Fills are
//! painted before text and rules, so nothing is hidden under a grey band.

use super::font::{MM_PER_PT, Weight, wrap};
use super::pdf::{Align, Builder, Page, Style};

pub struct Column {
    pub title: String,
    pub width: f32,
}

pub fn col(title: &str, width: f32) -> Column {
    Column {
        title: title.to_string(),
        width,
    }
}

pub enum Row {
    Cells(Vec<String>),
    /// A full-width heading inside the table (e.g. "Tag 2 · Freitag, 5. Dezember 2025").
    Group(String),
}

pub struct TableStyle {
    pub left: f32,
    pub bottom: f32,
    pub size: f32,
    pub min_row_height: f32,
    /// Vertical rules between columns (sign-in sheets need them to be usable).
    pub verticals: bool,
}

const PAD: f32 = 1.6;
const HEADER_FILL: f32 = 0.88;
const GROUP_FILL: f32 = 0.94;

impl TableStyle {
    fn line_height(&self) -> f32 {
        self.size * 1.22 * MM_PER_PT
    }

    /// Distance from a cell's top to its first baseline.
    fn ascent(&self) -> f32 {
        PAD + self.size * 0.76 * MM_PER_PT
    }

    fn width(columns: &[Column]) -> f32 {
        columns.iter().map(|c| c.width).sum()
    }
}

/// Draws `rows` under `columns`, starting each page with `new_page`, which draws the
/// page's own header and returns the y (mm from the top) where the table begins.
/// Returns the pages; the caller adds footers (it knows the page count only now).
pub fn draw(
    builder: &Builder,
    columns: &[Column],
    rows: &[Row],
    style: &TableStyle,
    mut new_page: impl FnMut(&Builder, usize) -> (Page, f32),
) -> Vec<Page> {
    let mut pages = Vec::new();
    let (mut page, mut y) = new_page(builder, 0);
    y = header(&mut page, columns, style, y);
    for row in rows {
        let (lines, height) = layout(&page, columns, style, row);
        if y + height > style.bottom {
            pages.push(page);
            let (next, top) = new_page(builder, pages.len());
            page = next;
            y = header(&mut page, columns, style, top);
        }
        paint_row(&mut page, columns, style, row, &lines, y, height);
        y += height;
    }
    pages.push(page);
    pages
}

fn header(page: &mut Page, columns: &[Column], style: &TableStyle, y: f32) -> f32 {
    let bold = Style::bold(style.size);
    let cells: Vec<Vec<String>> = columns
        .iter()
        .map(|c| {
            wrap(
                page.face(Weight::Bold),
                &c.title,
                style.size,
                c.width - 2.0 * PAD,
            )
        })
        .collect();
    // The header takes its natural height: the minimum is for rows people write in.
    let height = row_height(&cells, style).min(natural_height(&cells, style));
    let width = TableStyle::width(columns);
    page.fill(style.left, y, width, height, HEADER_FILL);
    let mut x = style.left;
    for (column, lines) in columns.iter().zip(&cells) {
        text_lines(page, x + PAD, y + style.ascent(), bold, style, lines);
        x += column.width;
    }
    rules(page, columns, style, y, height);
    page.line(style.left, y, style.left + width, y, 0.6);
    page.line(style.left, y + height, style.left + width, y + height, 0.6);
    y + height
}

fn natural_height(cells: &[Vec<String>], style: &TableStyle) -> f32 {
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32;
    2.0 * PAD + (lines - 1.0) * style.line_height() + style.size * MM_PER_PT
}

fn row_height(cells: &[Vec<String>], style: &TableStyle) -> f32 {
    natural_height(cells, style).max(style.min_row_height)
}

fn layout(
    page: &Page,
    columns: &[Column],
    style: &TableStyle,
    row: &Row,
) -> (Vec<Vec<String>>, f32) {
    match row {
        Row::Cells(cells) => {
            let lines: Vec<Vec<String>> = columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let text = cells.get(i).map(String::as_str).unwrap_or("");
                    wrap(
                        page.face(Weight::Regular),
                        text,
                        style.size,
                        c.width - 2.0 * PAD,
                    )
                })
                .collect();
            let height = row_height(&lines, style);
            (lines, height)
        }
        Row::Group(title) => {
            let width = TableStyle::width(columns);
            let lines = vec![wrap(
                page.face(Weight::Bold),
                title,
                style.size,
                width - 2.0 * PAD,
            )];
            let height = row_height(&lines, style).max(style.line_height() + 2.0 * PAD + 1.0);
            (lines, height)
        }
    }
}

fn paint_row(
    page: &mut Page,
    columns: &[Column],
    style: &TableStyle,
    row: &Row,
    lines: &[Vec<String>],
    y: f32,
    height: f32,
) {
    let width = TableStyle::width(columns);
    match row {
        Row::Cells(_) => {
            let regular = Style::regular(style.size);
            let mut x = style.left;
            for (column, cell) in columns.iter().zip(lines) {
                text_lines(page, x + PAD, y + style.ascent(), regular, style, cell);
                x += column.width;
            }
            rules(page, columns, style, y, height);
        }
        Row::Group(_) => {
            page.fill(style.left, y, width, height, GROUP_FILL);
            let bold = Style::bold(style.size);
            let first = lines.first().map(Vec::as_slice).unwrap_or(&[]);
            text_lines(
                page,
                style.left + PAD,
                y + style.ascent() + 0.5,
                bold,
                style,
                first,
            );
            if style.verticals {
                page.line(style.left, y, style.left, y + height, 0.3);
                page.line(style.left + width, y, style.left + width, y + height, 0.3);
            }
        }
    }
    page.line(style.left, y + height, style.left + width, y + height, 0.3);
}

fn rules(page: &mut Page, columns: &[Column], style: &TableStyle, y: f32, height: f32) {
    if !style.verticals {
        return;
    }
    let mut x = style.left;
    page.line(x, y, x, y + height, 0.3);
    for column in columns {
        x += column.width;
        page.line(x, y, x, y + height, 0.3);
    }
}

fn text_lines(page: &mut Page, x: f32, y: f32, text: Style, style: &TableStyle, lines: &[String]) {
    for (i, line) in lines.iter().enumerate() {
        page.text(
            x,
            y + i as f32 * style.line_height(),
            text,
            Align::Left,
            line,
        );
    }
}
