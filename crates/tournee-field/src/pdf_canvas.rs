//! The drawing surface every A4 document of Tournée shares (the stats page, the quote, the
//! managers' reports): vector shapes and the PDF's built-in Helvetica in shades of grey,
//! so that a page reads the same on a black-and-white printer and needs no font file.

use printpdf::{
    BuiltinFont, Color, Greyscale, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem,
};

/// A4's width in millimetres.
pub const PAGE_W: f32 = 210.0;
/// A4's height in millimetres.
pub const PAGE_H: f32 = 297.0;

/// One page being drawn, in millimetres from the bottom-left corner.
#[derive(Default)]
pub struct Canvas {
    /// The page's drawing operations, in order.
    pub ops: Vec<Op>,
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale::new(level, None))
}

/// Width in millimetres of `text` at `size` points: Helvetica averages about half its
/// size per character, close enough to centre and right-align labels and figures.
pub fn text_width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.5 * 0.3528
}

impl Canvas {
    /// A rectangle filled with grey `shade` (0 black, 1 white) and outlined in black.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, shade: f32) {
        if w <= 0.0 || h <= 0.0 {
            return;
        }
        self.ops.push(Op::SetFillColor { col: grey(shade) });
        self.ops.push(Op::SetOutlineColor { col: grey(0.0) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(0.4) });
        let mut rect = Rect::from_xywh(Mm(x).into(), Mm(y).into(), Mm(w).into(), Mm(h).into());
        rect.mode = Some(PaintMode::FillStroke);
        self.ops.push(Op::DrawRectangle { rectangle: rect });
    }

    /// A black line `thickness` points wide.
    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), thickness: f32) {
        self.ops.push(Op::SetOutlineColor { col: grey(0.0) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        let point = |(x, y): (f32, f32)| LinePoint {
            p: Point::new(Mm(x), Mm(y)),
            bezier: false,
        };
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![point(from), point(to)],
                is_closed: false,
            },
        });
    }

    /// Black text starting at (`x`, `y`), its baseline.
    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        let font = if bold {
            BuiltinFont::HelveticaBold
        } else {
            BuiltinFont::Helvetica
        };
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetFillColor { col: grey(0.0) });
        self.ops.push(Op::SetFont {
            font: PdfFontHandle::Builtin(font),
            size: Pt(size),
        });
        self.ops.push(Op::SetTextCursor {
            pos: Point::new(Mm(x), Mm(y)),
        });
        self.ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.to_string())],
        });
        self.ops.push(Op::EndTextSection);
    }

    /// Text centred on `x`.
    pub fn centred(&mut self, x: f32, y: f32, size: f32, text: &str) {
        self.text(x - text_width(text, size) / 2.0, y, size, false, text);
    }

    /// Text ending at `right`, as figures in a column are.
    pub fn right_aligned(&mut self, right: f32, y: f32, size: f32, bold: bool, text: &str) {
        self.text(right - text_width(text, size), y, size, bold, text);
    }

    /// This canvas as one A4 page.
    pub fn into_page(self) -> PdfPage {
        PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), self.ops)
    }
}

/// The document's bytes: `pages` under `title` (the PDF's metadata title).
pub fn save_document(title: &str, pages: Vec<PdfPage>) -> Vec<u8> {
    let mut warnings = Vec::new();
    PdfDocument::new(title)
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings)
}
