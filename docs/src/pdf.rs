//! A small document layer over printpdf, shared by every document Overdue
//! prints (letters, statements, and later agreements and hand-over packs):
//! wrapped paragraphs, tables that break across pages with their header
//! repeated, a header and a "page X of Y" footer on every page, A4 or US
//! Letter, and an embedded Unicode font (DejaVu Sans) measured with its own
//! metrics so any client name prints as written.
//!
//! Layout is top-down in millimetres; printpdf's origin is bottom-left, so
//! the conversion happens in one place (`y_pt`).

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, Rect, Rgb, TextItem,
};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

const REGULAR: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");
/// For what DejaVu Sans lacks (Chinese, Japanese, Korean); parsed and
/// embedded only in documents that need it.
const FALLBACK: &[u8] = include_bytes!("../assets/fonts/DroidSansFallbackFull.ttf");

/// Fonts are parsed once per process.
fn parsed(which: usize) -> &'static ParsedFont {
    static FONTS: [OnceLock<ParsedFont>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    FONTS[which].get_or_init(|| {
        let bytes = [REGULAR, BOLD, FALLBACK][which];
        ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("a bundled font parses")
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::Letter => (215.9, 279.4),
        }
    }
    pub fn parse(s: &str) -> overdue_domain::Result<Paper> {
        match s.trim().to_ascii_lowercase().as_str() {
            "a4" | "" => Ok(Paper::A4),
            "letter" | "us letter" | "us-letter" => Ok(Paper::Letter),
            other => Err(overdue_domain::Error::invalid("paper", format!("'{other}' is not a paper size (A4 or Letter)"))),
        }
    }
}

fn has_glyph(f: &ParsedFont, c: char) -> bool {
    c.is_whitespace() || f.lookup_glyph_index(c as u32).is_some_and(|g| g != 0)
}

/// Advance width of `text` in `f` at `size` points, in millimetres.
fn width_in(f: &ParsedFont, text: &str, size: f32) -> f32 {
    let upm = f.units_per_em.max(1) as f32;
    let missing = f.lookup_glyph_index('?' as u32).and_then(|g| f.get_glyph_width(g)).unwrap_or(600);
    let units: u32 =
        text.chars().map(|c| f.lookup_glyph_index(c as u32).and_then(|g| f.get_glyph_width(g)).unwrap_or(missing) as u32).sum();
    units as f32 / upm * size * 0.352_778
}

/// Splits text (already in visual order) into runs of one font each:
/// DejaVu where it has the glyph, the CJK fallback where only it has it.
fn runs(text: &str, bold: bool) -> Vec<(bool, String)> {
    let primary = parsed(if bold { 1 } else { 0 });
    let mut out: Vec<(bool, String)> = Vec::new();
    for c in text.chars() {
        let fb = !has_glyph(primary, c) && has_glyph(parsed(2), c);
        match out.last_mut() {
            Some((f, s)) if *f == fb => s.push(c),
            _ => out.push((fb, c.to_string())),
        }
    }
    out
}

fn width_mm(text: &str, size: f32, bold: bool) -> f32 {
    let vis = visual(text);
    if vis.chars().all(|c| (c as u32) < 0x0590) {
        return width_in(parsed(if bold { 1 } else { 0 }), &vis, size);
    }
    runs(&vis, bold).iter().map(|(fb, s)| width_in(if *fb { parsed(2) } else { parsed(if bold { 1 } else { 0 }) }, s, size)).sum()
}

/// A font holding only the glyphs for `chars` (and .notdef), with a Unicode
/// cmap so text still maps to it; None (whole font embedded) if that fails.
fn subset(face: usize, chars: &std::collections::BTreeSet<char>) -> Option<ParsedFont> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset as cut, CmapTarget, SubsetProfile};
    let f = parsed(face);
    let mut gids = std::collections::BTreeSet::from([0u16]);
    for c in chars.iter().chain(['?'].iter()) {
        if let Some(g) = f.lookup_glyph_index(*c as u32) {
            gids.insert(g);
        }
    }
    let gids: Vec<u16> = gids.into_iter().collect();
    let bytes = [REGULAR, BOLD, FALLBACK][face];
    let data = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
    let provider = data.table_provider(0).ok()?;
    let out = cut(&provider, &gids, &SubsetProfile::Pdf, CmapTarget::Unicode).ok()?;
    ParsedFont::from_bytes(&out, 0, &mut Vec::new())
}

// ------------------------------------------------- right-to-left scripts

fn is_rtl(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Arabic letters and their presentation forms: (letter, isolated form,
/// joins on both sides). Final = isolated + 1, initial + 2, medial + 3.
const ARABIC: &[(u32, u32, bool)] = &[
    (0x0621, 0xFE80, false), (0x0622, 0xFE81, false), (0x0623, 0xFE83, false), (0x0624, 0xFE85, false),
    (0x0625, 0xFE87, false), (0x0626, 0xFE89, true), (0x0627, 0xFE8D, false), (0x0628, 0xFE8F, true),
    (0x0629, 0xFE93, false), (0x062A, 0xFE95, true), (0x062B, 0xFE99, true), (0x062C, 0xFE9D, true),
    (0x062D, 0xFEA1, true), (0x062E, 0xFEA5, true), (0x062F, 0xFEA9, false), (0x0630, 0xFEAB, false),
    (0x0631, 0xFEAD, false), (0x0632, 0xFEAF, false), (0x0633, 0xFEB1, true), (0x0634, 0xFEB5, true),
    (0x0635, 0xFEB9, true), (0x0636, 0xFEBD, true), (0x0637, 0xFEC1, true), (0x0638, 0xFEC5, true),
    (0x0639, 0xFEC9, true), (0x063A, 0xFECD, true), (0x0641, 0xFED1, true), (0x0642, 0xFED5, true),
    (0x0643, 0xFED9, true), (0x0644, 0xFEDD, true), (0x0645, 0xFEE1, true), (0x0646, 0xFEE5, true),
    (0x0647, 0xFEE9, true), (0x0648, 0xFEED, false), (0x0649, 0xFEEF, false), (0x064A, 0xFEF1, true),
];

fn arabic(c: char) -> Option<(u32, bool)> {
    ARABIC.iter().find(|e| e.0 == c as u32).map(|e| (e.1, e.2))
}

/// Marks (harakat) do not break or take part in joining.
fn transparent(c: char) -> bool {
    matches!(c as u32, 0x064B..=0x065F | 0x0670)
}

/// Contextual forms for Arabic (printpdf does no shaping): each letter
/// takes its isolated, initial, medial or final form, and lam + alef
/// become their ligature. Text stays in logical order.
fn shape_arabic(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let joins_next = |i: usize| -> bool {
        // Can chars[i] connect to the next letter, and is there one?
        let here = chars[i] == '\u{0640}' || arabic(chars[i]).is_some_and(|a| a.1);
        here && chars[i + 1..].iter().find(|c| !transparent(**c)).is_some_and(|n| *n == '\u{0640}' || arabic(*n).is_some())
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let Some((iso, _)) = arabic(c) else {
            out.push(c);
            i += 1;
            continue;
        };
        let prev = chars[..i].iter().rposition(|c| !transparent(*c));
        let joined_before = prev.is_some_and(&joins_next);
        // lam + alef (with or without hamza/madda) ligature.
        if c == '\u{0644}' {
            if let Some(next) = chars.get(i + 1) {
                let lig = match *next {
                    '\u{0622}' => Some(0xFEF5),
                    '\u{0623}' => Some(0xFEF7),
                    '\u{0625}' => Some(0xFEF9),
                    '\u{0627}' => Some(0xFEFB),
                    _ => None,
                };
                if let Some(l) = lig {
                    out.push(char::from_u32(l + u32::from(joined_before)).unwrap_or(c));
                    i += 2;
                    continue;
                }
            }
        }
        let form = match (joined_before, joins_next(i)) {
            (false, false) => 0,
            (true, false) => 1,
            (false, true) => 2,
            (true, true) => 3,
        };
        out.push(char::from_u32(iso + form).unwrap_or(c));
        i += 1;
    }
    out
}

/// A line as it is drawn: Arabic shaped, right-to-left runs in visual
/// order (Unicode bidi algorithm). Left-to-right text is returned as is.
pub fn visual(text: &str) -> String {
    if !text.chars().any(is_rtl) {
        return text.to_string();
    }
    let shaped = shape_arabic(text);
    let info = unicode_bidi::BidiInfo::new(&shaped, Some(unicode_bidi::Level::ltr()));
    info.paragraphs.iter().map(|p| info.reorder_line(p, p.range.clone()).into_owned()).collect::<Vec<_>>().join("")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table column: title, share of the text width, alignment.
#[derive(Debug, Clone)]
pub struct Col {
    pub title: String,
    pub share: f32,
    pub align: Align,
}

pub fn col(title: &str, share: f32, align: Align) -> Col {
    Col { title: title.to_string(), share, align }
}

/// A document being laid out.
pub struct Doc {
    doc: PdfDocument,
    regular: FontId,
    bold: FontId,
    /// Added to the document the first time a glyph needs it.
    fallback: Option<FontId>,
    /// The characters drawn with each face (regular, bold, fallback): only
    /// their glyphs are embedded.
    used: [std::collections::BTreeSet<char>; 3],
    paper: Paper,
    pages: Vec<Vec<Op>>,
    /// Distance from the top of the page, in mm, of the next line.
    y: f32,
    margin: f32,
    header: String,
    footer: String,
}

const GREY: f32 = 0.35;
const LINE_FACTOR: f32 = 1.38;

fn pt_to_mm(pt: f32) -> f32 {
    pt * 0.352_778
}

impl Doc {
    /// `header` is printed small at the top of every page (e.g. the business
    /// name and a reference); `footer` at the bottom left beside "Page X of Y".
    /// `created`: the moment written into the PDF's metadata.
    pub fn new(paper: Paper, title: &str, header: &str, footer: &str, created: chrono::DateTime<chrono::Utc>) -> Doc {
        let mut doc = PdfDocument::new(title);
        let rid = doc.add_font(parsed(0));
        let bid = doc.add_font(parsed(1));
        let now = printpdf::OffsetDateTime::from_unix_timestamp(created.timestamp()).unwrap_or_else(|_| {
            printpdf::OffsetDateTime::from_unix_timestamp(0).expect("epoch")
        });
        doc.metadata.info.creation_date = now;
        doc.metadata.info.modification_date = now;
        doc.metadata.info.metadata_date = now;
        doc.metadata.info.creator = "Overdue".into();
        doc.metadata.info.producer = "Overdue (printpdf)".into();
        let mut d = Doc {
            doc,
            regular: rid,
            bold: bid,
            fallback: None,
            used: Default::default(),
            paper,
            pages: Vec::new(),
            y: 0.0,
            margin: 20.0,
            header: header.to_string(),
            footer: footer.to_string(),
        };
        d.new_page();
        d
    }

    pub fn width(&self) -> f32 {
        self.paper.size_mm().0 - 2.0 * self.margin
    }
    fn page_h(&self) -> f32 {
        self.paper.size_mm().1
    }
    fn bottom_limit(&self) -> f32 {
        self.page_h() - self.margin - 6.0
    }
    fn y_pt(&self, y_mm: f32) -> Pt {
        Mm(self.page_h() - y_mm).into()
    }
    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page exists")
    }
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.margin + 4.0;
    }

    /// Starts a new page unless `needed` mm still fit on this one.
    pub fn ensure(&mut self, needed: f32) {
        if self.y + needed > self.bottom_limit() {
            self.new_page();
        }
    }

    /// Writes one string with its baseline at `y` mm from the top.
    /// Shaped and in visual order, in as many font runs as its scripts need.
    pub fn text_at(&mut self, x_mm: f32, y_mm: f32, text: &str, size: f32, bold: bool, grey: bool) {
        let y = self.y_pt(y_mm);
        let g = if grey { GREY } else { 0.0 };
        let mut x = x_mm;
        for (fb, run) in runs(&visual(text), bold) {
            let font = if fb {
                if self.fallback.is_none() {
                    self.fallback = Some(self.doc.add_font(parsed(2)));
                }
                self.fallback.clone().expect("added")
            } else if bold {
                self.bold.clone()
            } else {
                self.regular.clone()
            };
            let face = if fb { 2 } else if bold { 1 } else { 0 };
            self.used[face].extend(run.chars());
            let w = width_in(parsed(face), &run, size);
            self.ops().extend([
                Op::SaveGraphicsState,
                Op::SetFillColor { col: Color::Rgb(Rgb { r: g, g, b: g, icc_profile: None }) },
                Op::StartTextSection,
                Op::SetFont { font: PdfFontHandle::External(font), size: Pt(size) },
                Op::SetTextCursor { pos: Point { x: Mm(x).into(), y } },
                Op::ShowText { items: vec![TextItem::Text(run)] },
                Op::EndTextSection,
                Op::RestoreGraphicsState,
            ]);
            x += w;
        }
    }

    pub fn measure(&self, text: &str, size: f32, bold: bool) -> f32 {
        width_mm(text, size, bold)
    }

    /// The current distance from the top of the page, in mm.
    pub fn y(&self) -> f32 {
        self.y
    }

    pub fn margin(&self) -> f32 {
        self.margin
    }

    /// A line of ink through `points` (mm from the top-left of the page):
    /// a signature drawn on screen.
    pub fn polyline(&mut self, points: &[(f32, f32)], thickness: f32) {
        if points.len() < 2 {
            return;
        }
        let pts = points.iter().map(|(x, y)| LinePoint { p: Point { x: Mm(*x).into(), y: self.y_pt(*y) }, bezier: false }).collect();
        self.ops().extend([
            Op::SaveGraphicsState,
            Op::SetOutlineColor { col: Color::Rgb(Rgb { r: 0.05, g: 0.1, b: 0.35, icc_profile: None }) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine { line: Line { points: pts, is_closed: false } },
            Op::RestoreGraphicsState,
        ]);
    }

    /// A thin line from `x0` to `x1` at `y` (mm): where to sign.
    pub fn sign_line(&mut self, x0: f32, x1: f32, y: f32) {
        self.hline(x0, x1, y, 0.5);
    }

    /// Breaks `text` into lines no wider than `width` mm (words, then
    /// characters for a word longer than a line). Keeps blank lines.
    pub fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let mut out = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split(' ') {
                let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
                if self.measure(&candidate, size, bold) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                }
                // A word wider than the line is cut by characters.
                let mut piece = String::new();
                for ch in word.chars() {
                    piece.push(ch);
                    if self.measure(&piece, size, bold) > width && piece.chars().count() > 1 {
                        piece.pop();
                        out.push(std::mem::take(&mut piece));
                        piece.push(ch);
                    }
                }
                line = piece;
            }
            out.push(line);
        }
        out
    }

    pub fn line_height(size: f32) -> f32 {
        pt_to_mm(size) * LINE_FACTOR
    }

    /// A wrapped paragraph at the current position, breaking pages as needed.
    pub fn paragraph(&mut self, text: &str, size: f32, bold: bool) {
        let lh = Self::line_height(size);
        let lines = self.wrap(text, size, bold, self.width());
        for l in lines {
            self.ensure(lh);
            self.y += lh;
            if !l.is_empty() {
                let x = self.margin;
                let y = self.y;
                self.text_at(x, y, &l, size, bold, false);
            }
        }
    }

    /// A paragraph in grey, smaller (notes, addresses).
    pub fn note(&mut self, text: &str, size: f32) {
        let lh = Self::line_height(size);
        for l in self.wrap(text, size, false, self.width()) {
            self.ensure(lh);
            self.y += lh;
            let (x, y) = (self.margin, self.y);
            self.text_at(x, y, &l, size, false, true);
        }
    }

    /// Text at the right edge, on the current line (dates, references).
    pub fn right(&mut self, text: &str, size: f32, bold: bool) {
        let lh = Self::line_height(size);
        self.ensure(lh);
        self.y += lh;
        let x = self.margin + self.width() - self.measure(text, size, bold);
        let y = self.y;
        self.text_at(x, y, text, size, bold, false);
    }

    pub fn space(&mut self, mm: f32) {
        self.y += mm;
    }

    pub fn rule(&mut self) {
        self.y += 2.0;
        let (x0, x1, y) = (self.margin, self.margin + self.width(), self.y);
        self.hline(x0, x1, y, 0.4);
        self.y += 2.0;
    }

    fn hline(&mut self, x0: f32, x1: f32, y_mm: f32, thickness: f32) {
        let y = self.y_pt(y_mm);
        self.ops().extend([
            Op::SaveGraphicsState,
            Op::SetOutlineColor { col: Color::Rgb(Rgb { r: 0.6, g: 0.6, b: 0.6, icc_profile: None }) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint { p: Point { x: Mm(x0).into(), y }, bezier: false },
                        LinePoint { p: Point { x: Mm(x1).into(), y }, bezier: false },
                    ],
                    is_closed: false,
                },
            },
            Op::RestoreGraphicsState,
        ]);
    }

    /// A QR code (rows of '1' dark / '0' light) at the left margin, about
    /// `size` mm square with its quiet zone, and `caption` beside it.
    pub fn qr(&mut self, rows: &[String], size: f32, caption: &str) {
        if rows.is_empty() {
            return;
        }
        let n = rows.len() as f32 + 8.0;
        let m = size / n;
        self.ensure(size + 2.0);
        let (x0, y0) = (self.margin + 4.0 * m, self.y + 4.0 * m);
        let mut ops = vec![Op::SaveGraphicsState, Op::SetFillColor { col: Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None }) }];
        for (r, row) in rows.iter().enumerate() {
            let b = row.as_bytes();
            let mut c = 0;
            while c < b.len() {
                if b[c] != b'1' {
                    c += 1;
                    continue;
                }
                let start = c;
                while c < b.len() && b[c] == b'1' {
                    c += 1;
                }
                let y = y0 + r as f32 * m;
                let mut rect = Rect::from_xywh(Mm(x0 + start as f32 * m).into(), self.y_pt(y + m), Mm((c - start) as f32 * m).into(), Mm(m).into());
                rect.mode = Some(PaintMode::Fill);
                ops.push(Op::DrawRectangle { rectangle: rect });
            }
        }
        ops.push(Op::RestoreGraphicsState);
        self.ops().extend(ops);
        let top = self.y;
        let x = self.margin + size + 3.0;
        let width = self.width() - size - 3.0;
        let mut y = top + 6.0;
        for line in self.wrap(caption, 9.0, false, width) {
            self.text_at(x, y, &line, 9.0, false, true);
            y += Doc::line_height(9.0);
        }
        self.y = top + size + 2.0;
    }

    fn shade(&mut self, x: f32, y_top: f32, w: f32, h: f32) {
        let mut r = Rect::from_xywh(Mm(x).into(), self.y_pt(y_top + h), Mm(w).into(), Mm(h).into());
        r.mode = Some(PaintMode::Fill);
        self.ops().extend([
            Op::SaveGraphicsState,
            Op::SetFillColor { col: Color::Rgb(Rgb { r: 0.93, g: 0.94, b: 0.96, icc_profile: None }) },
            Op::DrawRectangle { rectangle: r },
            Op::RestoreGraphicsState,
        ]);
    }

    /// A table: a shaded header row (repeated on every page the table
    /// reaches), cells wrapped inside their column, rows never split across
    /// pages. `bold_rows` are drawn in bold (totals).
    pub fn table(&mut self, cols: &[Col], rows: &[Vec<String>], bold_rows: &[usize]) {
        let size = 9.0;
        let lh = Self::line_height(size);
        let total_share: f32 = cols.iter().map(|c| c.share).sum::<f32>().max(0.0001);
        let widths: Vec<f32> = cols.iter().map(|c| self.width() * c.share / total_share).collect();
        let pad = 1.5;
        let header = |d: &mut Doc| {
            let top = d.y + 1.0;
            let m = d.margin;
            let w = d.width();
            d.shade(m, top, w, lh + 2.0);
            let mut x = m;
            for (i, c) in cols.iter().enumerate() {
                let tw = d.measure(&c.title, size, true);
                let tx = if c.align == Align::Right { x + widths[i] - pad - tw } else { x + pad };
                d.text_at(tx, top + lh, &c.title, size, true, false);
                x += widths[i];
            }
            d.y = top + lh + 2.5;
        };
        self.ensure(3.0 * lh + 4.0);
        header(self);
        let cells_of = |d: &Doc, ri: usize| -> Vec<Vec<String>> {
            let bold = bold_rows.contains(&ri);
            cols.iter().enumerate().map(|(i, _)| d.wrap(rows[ri].get(i).map(String::as_str).unwrap_or(""), size, bold, widths[i] - 2.0 * pad)).collect()
        };
        let height_of = |cells: &[Vec<String>]| cells.iter().map(|c| c.len()).max().unwrap_or(1) as f32 * lh + 1.5;
        let last = rows.len().saturating_sub(1);
        for ri in 0..rows.len() {
            let bold = bold_rows.contains(&ri);
            let cells = cells_of(self, ri);
            let height = height_of(&cells);
            // A closing total row never stands alone on a page.
            let keep = if ri + 1 == last && ri > 0 && bold_rows.contains(&last) { height_of(&cells_of(self, last)) } else { 0.0 };
            if self.y + height + keep > self.bottom_limit() {
                self.new_page();
                header(self);
            }
            let mut x = self.margin;
            for (i, c) in cols.iter().enumerate() {
                for (li, line) in cells[i].iter().enumerate() {
                    let tw = self.measure(line, size, bold);
                    let tx = if c.align == Align::Right { x + widths[i] - pad - tw } else { x + pad };
                    let ty = self.y + lh * (li as f32 + 1.0);
                    self.text_at(tx, ty, line, size, bold, false);
                }
                x += widths[i];
            }
            self.y += height;
            let (x0, x1, y) = (self.margin, self.margin + self.width(), self.y);
            self.hline(x0, x1, y - 0.5, 0.2);
        }
        self.y += 2.0;
    }

    /// Lays the header and "Page X of Y" footer on every page and returns the PDF bytes.
    pub fn finish(mut self) -> Vec<u8> {
        let n = self.pages.len();
        let pages = std::mem::take(&mut self.pages);
        let (w, h) = self.paper.size_mm();
        let mut out = Vec::with_capacity(n);
        for (i, ops) in pages.into_iter().enumerate() {
            self.pages = vec![ops];
            let m = self.margin;
            if !self.header.is_empty() {
                let header = self.header.clone();
                let hw = self.measure(&header, 7.5, false);
                self.text_at(w - m - hw, m - 6.0, &header, 7.5, false, true);
            }
            let label = format!("Page {} of {}", i + 1, n);
            let lw = self.measure(&label, 8.0, false);
            let fy = h - m + 4.0;
            self.text_at(w - m - lw, fy, &label, 8.0, false, true);
            if !self.footer.is_empty() {
                let footer: String = {
                    let max = self.width() - lw - 8.0;
                    let mut f = self.footer.clone();
                    while self.measure(&f, 7.5, false) > max && f.chars().count() > 1 {
                        f.pop();
                    }
                    f
                };
                self.text_at(m, fy, &footer, 7.5, false, true);
            }
            self.hline(m, w - m, fy - 4.0, 0.3);
            let ops = self.pages.pop().expect("page");
            out.push(PdfPage::new(Mm(w), Mm(h), ops));
        }
        // printpdf (without its layout engine) embeds whole fonts: embed
        // subsets of the glyphs used instead (DejaVu is 700 KB, Droid 4 MB).
        let ids = [Some(self.regular.clone()), Some(self.bold.clone()), self.fallback.clone()];
        for (face, id) in ids.into_iter().enumerate() {
            if let (Some(id), Some(sub)) = (id, subset(face, &self.used[face])) {
                self.doc.resources.fonts.map.insert(id, printpdf::PdfFont::new(sub));
            }
        }
        let mut warnings = Vec::new();
        self.doc.with_pages(out).save(&PdfSaveOptions::default(), &mut warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_respects_the_width_and_keeps_every_word() {
        let d = Doc::new(Paper::A4, "t", "", "", chrono::DateTime::UNIX_EPOCH);
        let text = "Ünïcödé names like Zoë Šťastná and Łukasz Ąę wrap like any other words in a long paragraph of text";
        let lines = d.wrap(text, 10.0, false, 60.0);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(d.measure(l, 10.0, false) <= 60.0, "{l}");
        }
        assert_eq!(lines.join(" "), text);
        // A single very long word is cut rather than overflowing.
        let long = "x".repeat(300);
        assert!(d.wrap(&long, 10.0, false, 60.0).len() > 3);
    }

    #[test]
    fn tables_break_across_pages() {
        let mut d = Doc::new(Paper::Letter, "t", "H", "F", chrono::DateTime::UNIX_EPOCH);
        let rows: Vec<Vec<String>> = (0..120).map(|i| vec![format!("INV-{i}"), "£1.00".into()]).collect();
        d.table(&[col("Invoice", 3.0, Align::Left), col("Amount", 1.0, Align::Right)], &rows, &[]);
        assert!(d.page_count() >= 3, "{}", d.page_count());
        let bytes = d.finish();
        assert!(bytes.starts_with(b"%PDF"));
    }
}

#[cfg(test)]
mod script_tests {
    use super::*;

    #[test]
    fn arabic_letters_take_their_joined_forms_and_run_right_to_left() {
        // محمد: meem initial, hah medial, meem medial, dal final.
        let v = visual("محمد");
        assert_eq!(v, "\u{FEAA}\u{FEE4}\u{FEA4}\u{FEE3}", "shaped and reversed for drawing");
        // lam + alef is one ligature.
        assert_eq!(visual("لا"), "\u{FEFB}");
        // Latin text around it keeps its order.
        assert!(visual("Client: محمد Ltd").starts_with("Client: "));
        assert!(visual("Client: محمد Ltd").ends_with(" Ltd"));
        assert_eq!(visual("Zażółć"), "Zażółć");
    }

    #[test]
    fn chinese_uses_the_fallback_font_and_latin_stays_in_dejavu() {
        let r = runs("Acme 北京有限公司 Ltd", false);
        assert_eq!(r.len(), 3);
        assert!(!r[0].0 && r[1].0 && !r[2].0, "{r:?}");
        assert_eq!(r[1].1, "北京有限公司");
        assert!(width_mm("北京", 10.0, false) > 5.0, "CJK glyphs are measured with their own widths");
    }
}
