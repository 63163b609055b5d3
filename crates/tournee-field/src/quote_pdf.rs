//! A quote's A4 PDF (printpdf, the stats PDF's canvas and built-in Helvetica): every
//! mention French law asks of a quote — « Devis » and its number (or « Devis provisoire »
//! and the temporary reference until the server's number comes back), date and validity,
//! the seller's identity, the client's name and address, each line with its quantity,
//! unit, unit price, discount and total, the totals excl. VAT, per VAT rate and incl. VAT
//! (`tournee_core::quote_totals`, the one computation), the payment terms and late-payment
//! penalties, and « Bon pour accord » with the client's signature when signed.
//!
//! Made on the laptop from the snapshot, so a rep prints or mails it offline. Lines beyond
//! one page's room continue on further pages, each with the header; the totals and the
//! signature close the last one.

use base64::Engine;
use chrono::NaiveDate;
use printpdf::{
    Mm, Op, PdfDocument, PdfSaveOptions, RawImage, RawImageData, RawImageFormat, XObjectTransform,
};
use tournee_core::{euros_fr, percent_fr, quote_totals, Lang, QuoteLine, SellerIdentity};
use tournee_sentences::quote_document::{quote_pdf_words, QuotePdfWords};

use crate::pdf_canvas::{Canvas, PAGE_H, PAGE_W};

const MARGIN: f32 = 15.0;
/// Lines one page holds under the header.
const LINES_PER_PAGE: usize = 16;
/// Height of one line of the table, in millimetres.
const ROW_H: f32 = 6.0;
/// Left edge of each column: label, quantity, unit, unit price, discount, VAT, total.
const COLUMNS: [f32; 7] = [15.0, 95.0, 108.0, 124.0, 150.0, 163.0, 176.0];
/// Whether each column's figures are right-aligned on the next column's edge (numbers).
const RIGHT_ALIGNED: [bool; 7] = [false, true, false, true, true, true, true];

/// The right edge of column `i`: the next column's left edge, or the page's margin.
fn column_right(i: usize) -> f32 {
    COLUMNS
        .get(i + 1)
        .map_or(PAGE_W - MARGIN, |next| next - 2.0)
}

/// What a quote's page shows about the quote itself, gathered by the caller from the
/// snapshot (the quote, its party, the pending changes laid over).
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteDocument {
    /// The server's number (`D-2026-12`), `None` until the snapshot brings it.
    pub number: Option<String>,
    /// The reference minted offline.
    pub temp_ref: String,
    /// The day the quote is dated.
    pub date: NaiveDate,
    /// Last day the offer holds.
    pub valid_until: NaiveDate,
    /// The client's name (company, or first and last name).
    pub client_name: String,
    /// The client's address, one line per entry (empty ones left out).
    pub client_address: Vec<String>,
    /// The lines, in order.
    pub lines: Vec<QuoteLine>,
    /// The client's signature, when signed.
    pub signature: Option<SignedBy>,
}

/// A signed « Bon pour accord ».
#[derive(Debug, Clone, PartialEq)]
pub struct SignedBy {
    /// Who signed.
    pub name: String,
    /// The day they signed.
    pub on: NaiveDate,
    /// The signature pad's PNG, standard base64; empty when the image is not on this
    /// laptop (the snapshot says only that the quote is signed): the name and day print.
    pub png_base64: String,
}

/// Quantity in thousandths, decimals only as needed: `1500` → « 1,5 », `2000` → « 2 ».
pub fn quantity(milli: i64) -> String {
    let whole = milli / 1000;
    let rest = milli % 1000;
    if rest == 0 {
        return whole.to_string();
    }
    let decimals = format!("{rest:03}");
    format!("{whole},{}", decimals.trim_end_matches('0'))
}

fn day(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Cuts a text into lines of at most `width` characters, at spaces, keeping its own breaks.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                out.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            out.push(line);
        }
    }
    out
}

/// A text cut to `max` characters with « … », so a long label stays in its column.
fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// The PNG signature as RGB pixels on white (the pad draws black on white; any alpha is
/// laid on white), or `None` when it is not a readable 8-bit PNG.
fn signature_image(png_base64: &str) -> Option<RawImage> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(png_base64)
        .ok()?;
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    let mut buffer = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut buffer).ok()?;
    let pixels = &buffer[..info.buffer_size()];
    let channels = info.color_type.samples();
    let mut rgb = Vec::with_capacity(info.width as usize * info.height as usize * 3);
    for pixel in pixels.chunks_exact(channels) {
        let (colour, alpha): (&[u8], u16) = match channels {
            1 => (&pixel[..1], 255),
            2 => (&pixel[..1], u16::from(pixel[1])),
            3 => (pixel, 255),
            _ => (&pixel[..3], u16::from(pixel[3])),
        };
        for c in 0..3 {
            let value = u16::from(colour[c.min(colour.len() - 1)]);
            // Laid on white: value × alpha + 255 × (1 − alpha), in 0..=255.
            let blended = (value * alpha + 255 * (255 - alpha)) / 255;
            rgb.push(u8::try_from(blended).unwrap_or(u8::MAX));
        }
    }
    Some(RawImage {
        pixels: RawImageData::U8(rgb),
        width: info.width as usize,
        height: info.height as usize,
        data_format: RawImageFormat::RGB8,
        tag: Vec::new(),
    })
}

/// The quote's PDF, A4, in `lang`'s words (French for the client).
pub fn quote_pdf(quote: &QuoteDocument, seller: &SellerIdentity, lang: Lang) -> Vec<u8> {
    let words = quote_pdf_words(lang);
    let totals = quote_totals(&quote.lines);
    let mut document = PdfDocument::new(&title_of(quote, &words));
    // A signature whose image is not on this laptop (signed elsewhere, or back from the
    // server, whose snapshot carries only that it is signed) still prints who signed.
    let signature = quote.signature.as_ref().map(|signed| {
        let image = signature_image(&signed.png_base64).map(|image| {
            let size = (image.width, image.height);
            (document.add_image(&image), size)
        });
        (signed, image)
    });
    let chunks: Vec<&[QuoteLine]> = if quote.lines.is_empty() {
        vec![&[]]
    } else {
        quote.lines.chunks(LINES_PER_PAGE).collect()
    };
    let pages = chunks.len();
    let mut first_index = 0;
    let mut out = Vec::with_capacity(pages);
    for (page, lines) in chunks.into_iter().enumerate() {
        let mut canvas = Canvas::default();
        header(&mut canvas, quote, seller, &words);
        let bottom = table(
            &mut canvas,
            lines,
            &totals.line_nets_cents[first_index..first_index + lines.len()],
            &words,
        );
        first_index += lines.len();
        if page + 1 == pages {
            let after_totals = totals_block(&mut canvas, &totals, bottom, &words);
            closing(&mut canvas, seller, &words, after_totals, &signature);
        }
        footer(&mut canvas, seller, &words, page + 1, pages);
        out.push(canvas.into_page());
    }
    let mut warnings = Vec::new();
    document
        .with_pages(out)
        .save(&PdfSaveOptions::default(), &mut warnings)
}

fn title_of(quote: &QuoteDocument, words: &QuotePdfWords) -> String {
    match &quote.number {
        Some(number) => format!("{} {number}", words.title),
        None => format!("{} {}", words.provisional, quote.temp_ref),
    }
}

/// Seller on the left, the quote's title, dates and client on the right.
fn header(canvas: &mut Canvas, quote: &QuoteDocument, seller: &SellerIdentity, w: &QuotePdfWords) {
    let top = PAGE_H - MARGIN - 4.0;
    let company = [seller.name.as_str(), seller.legal_form.as_str()]
        .iter()
        .filter(|s| !s.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    canvas.text(MARGIN, top, 13.0, true, &fit(&company, 40));
    let mut y = top - 6.0;
    let mut mentions: Vec<String> = wrap(&seller.address, 48);
    if !seller.capital.trim().is_empty() {
        mentions.push(format!(
            "{} {} {}",
            seller.legal_form, w.capital, seller.capital
        ));
    }
    if !seller.siret.trim().is_empty() {
        mentions.push(format!("{} {}", w.siret, seller.siret));
    }
    if !seller.rcs_city.trim().is_empty() {
        mentions.push(format!("{} {}", w.rcs, seller.rcs_city));
    }
    if !seller.vat_number.trim().is_empty() {
        mentions.push(format!("{} {}", w.vat_number, seller.vat_number));
    }
    for mention in mentions {
        canvas.text(MARGIN, y, 8.5, false, &fit(&mention, 60));
        y -= 4.2;
    }
    let right = 120.0;
    let (title, reference) = match &quote.number {
        Some(number) => (w.title, number.as_str()),
        None => (w.provisional, quote.temp_ref.as_str()),
    };
    canvas.text(right, top, 18.0, true, title);
    canvas.text(right, top - 7.0, 12.0, true, &fit(reference, 34));
    canvas.text(
        right,
        top - 13.0,
        9.0,
        false,
        &format!("{} : {}", w.date, day(quote.date)),
    );
    canvas.text(
        right,
        top - 17.5,
        9.0,
        false,
        &format!("{} : {}", w.valid_until, day(quote.valid_until)),
    );
    let mut y = top - 27.0;
    canvas.text(right, y, 9.0, true, w.client);
    y -= 5.0;
    canvas.text(right, y, 10.0, true, &fit(&quote.client_name, 40));
    for line in &quote.client_address {
        y -= 4.5;
        canvas.text(right, y, 9.0, false, &fit(line, 44));
    }
}

/// The lines' table; returns the y of its bottom edge.
fn table(canvas: &mut Canvas, lines: &[QuoteLine], nets: &[i64], w: &QuotePdfWords) -> f32 {
    let top = 218.0;
    canvas.rect(MARGIN, top - 1.5, PAGE_W - 2.0 * MARGIN, ROW_H, 0.88);
    for (i, heading) in w.columns.iter().enumerate() {
        if RIGHT_ALIGNED[i] {
            canvas.right_aligned(column_right(i), top, 8.0, true, heading);
        } else {
            canvas.text(COLUMNS[i] + 1.0, top, 8.0, true, heading);
        }
    }
    let mut y = top - ROW_H;
    for (line, net) in lines.iter().zip(nets) {
        let discount = if line.discount_bp == 0 {
            String::new()
        } else {
            percent_fr(line.discount_bp)
        };
        let cells = [
            fit(&line.label, 48),
            quantity(line.quantity_milli),
            fit(&line.unit, 9),
            euros_fr(line.unit_price_cents),
            discount,
            line.vat.label_fr(),
            euros_fr(*net),
        ];
        for (i, cell) in cells.iter().enumerate() {
            if RIGHT_ALIGNED[i] {
                canvas.right_aligned(column_right(i), y, 8.5, false, cell);
            } else {
                canvas.text(COLUMNS[i] + 1.0, y, 8.5, false, cell);
            }
        }
        canvas.line((MARGIN, y - 2.0), (PAGE_W - MARGIN, y - 2.0), 0.2);
        y -= ROW_H;
    }
    y
}

/// Totals excl. VAT, per rate and incl. VAT, right-aligned under the table; returns the y
/// under them.
fn totals_block(
    canvas: &mut Canvas,
    totals: &tournee_core::QuoteTotals,
    top: f32,
    w: &QuotePdfWords,
) -> f32 {
    let label_x = 120.0;
    let value_x = PAGE_W - MARGIN;
    let mut y = top - 4.0;
    canvas.text(label_x, y, 9.5, true, w.total_excl);
    canvas.right_aligned(value_x, y, 9.5, true, &euros_fr(totals.excl_vat_cents));
    for vat in &totals.vat {
        y -= 5.0;
        canvas.text(
            label_x,
            y,
            9.0,
            false,
            &format!(
                "{} {} {} {}",
                w.vat,
                vat.rate.label_fr(),
                w.base,
                euros_fr(vat.base_cents)
            ),
        );
        canvas.right_aligned(value_x, y, 9.0, false, &euros_fr(vat.vat_cents));
    }
    y -= 6.0;
    canvas.line((label_x, y + 4.0), (PAGE_W - MARGIN, y + 4.0), 0.5);
    canvas.text(label_x, y, 11.0, true, w.total_incl);
    canvas.right_aligned(value_x, y, 11.0, true, &euros_fr(totals.incl_vat_cents));
    y - 6.0
}

/// A signature image added to the document, with its size in pixels.
type PlacedImage = (printpdf::XObjectId, (usize, usize));

/// Payment terms, penalties, and the « Bon pour accord » box with the signature.
fn closing(
    canvas: &mut Canvas,
    seller: &SellerIdentity,
    w: &QuotePdfWords,
    top: f32,
    signature: &Option<(&SignedBy, Option<PlacedImage>)>,
) {
    let mut y = top.min(110.0);
    canvas.text(MARGIN, y, 9.5, true, w.payment_terms);
    for line in wrap(&seller.payment_terms, 110)
        .into_iter()
        .chain(wrap(&seller.late_penalty, 110))
        .take(6)
    {
        y -= 4.2;
        canvas.text(MARGIN, y, 8.0, false, &line);
    }
    let box_top = y - 6.0;
    let box_h = 38.0;
    let box_x = 110.0;
    canvas.rect(box_x, box_top - box_h, PAGE_W - MARGIN - box_x, box_h, 1.0);
    canvas.text(box_x + 2.0, box_top - 5.0, 10.0, true, w.agreement);
    match signature {
        Some((signed, image)) => {
            canvas.text(
                box_x + 2.0,
                box_top - box_h + 3.0,
                8.0,
                false,
                &format!(
                    "{} {} {} {}",
                    w.signed_by,
                    signed.name,
                    w.on,
                    day(signed.on)
                ),
            );
            let Some((image, (width, _))) = image else {
                return;
            };
            // The image drawn 70 mm wide: its dpi is its pixels per 70 mm.
            let dpi = *width as f32 / (70.0 / 25.4);
            canvas.ops.push(Op::UseXobject {
                id: image.clone(),
                transform: XObjectTransform {
                    translate_x: Some(Mm(box_x + 8.0).into()),
                    translate_y: Some(Mm(box_top - box_h + 7.0).into()),
                    dpi: Some(dpi),
                    ..XObjectTransform::default()
                },
            });
        }
        None => {
            for (i, line) in wrap(w.sign_here, 50).iter().enumerate() {
                canvas.text(
                    box_x + 2.0,
                    box_top - 10.0 - i as f32 * 4.0,
                    7.5,
                    false,
                    line,
                );
            }
        }
    }
}

fn footer(
    canvas: &mut Canvas,
    seller: &SellerIdentity,
    w: &QuotePdfWords,
    page: usize,
    pages: usize,
) {
    let identity = [
        seller.name.as_str(),
        seller.legal_form.as_str(),
        seller.siret.as_str(),
    ]
    .iter()
    .filter(|s| !s.trim().is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(" — ");
    canvas.text(MARGIN, MARGIN - 5.0, 7.0, false, &fit(&identity, 100));
    canvas.text(
        PAGE_W - MARGIN - 20.0,
        MARGIN - 5.0,
        7.0,
        false,
        &format!("{} {page} / {pages}", w.page),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;
    use tournee_core::VatRate;

    /// A signature as the pad sends it: 560×180 RGBA, a black stroke on white, with a
    /// transparent corner (laid on white in the PDF).
    fn small_png() -> String {
        let (width, height) = (560u32, 180u32);
        let mut pixels = vec![255u8; (width * height * 4) as usize];
        for x in 40..520 {
            let t = x as f32 / 40.0;
            let y = 90.0 + 50.0 * t.sin() * (1.0 - x as f32 / 700.0);
            for dy in -2i32..=2 {
                let row = (y as i32 + dy).clamp(0, height as i32 - 1) as u32;
                let at = ((row * width + x) * 4) as usize;
                pixels[at..at + 3].copy_from_slice(&[0, 0, 0]);
            }
        }
        pixels[3] = 0;
        let mut bytes = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut bytes, width, height);
            encoder.set_color(png::ColorType::Rgba);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder.write_header().unwrap();
            writer.write_image_data(&pixels).unwrap();
        }
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    fn seller() -> SellerIdentity {
        SellerIdentity {
            name: "Cuisines Dupont".into(),
            legal_form: "SARL".into(),
            capital: "10 000 €".into(),
            address: "12 rue des Lilas\n69003 Lyon".into(),
            siret: "73282932000074".into(),
            rcs_city: "Lyon".into(),
            vat_number: "FR44732829320".into(),
            ..SellerIdentity::default()
        }
    }

    fn kitchen(number: Option<&str>, signed: bool) -> QuoteDocument {
        let line = |reference: &str, label: &str, q, unit: &str, price, discount| QuoteLine {
            reference: Some(reference.into()),
            label: label.into(),
            quantity_milli: q,
            unit: unit.into(),
            unit_price_cents: price,
            discount_bp: discount,
            vat: VatRate::Standard,
        };
        QuoteDocument {
            number: number.map(str::to_owned),
            temp_ref: "P-jdupont-7C1N0R".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
            valid_until: NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
            client_name: "Martin Élodie".into(),
            client_address: vec!["3 place Bellecour".into(), "69002 Lyon".into()],
            lines: vec![
                line(
                    "DESIGN-CUIS",
                    "Un projet de design de cuisine",
                    1000,
                    "forfait",
                    150_000,
                    0,
                ),
                line(
                    "ARM-100",
                    "Une armoire de 100cm",
                    2000,
                    "pièce",
                    48_990,
                    1000,
                ),
            ],
            signature: signed.then(|| SignedBy {
                name: "Élodie Martin".into(),
                on: NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(),
                png_base64: small_png(),
            }),
        }
    }

    fn poppler(tool: &str, pdf: &std::path::Path) -> String {
        let mut command = Command::new(tool);
        if tool == "pdftotext" {
            command.args(["-layout"]).arg(pdf).arg("-");
        } else {
            command.arg(pdf);
        }
        let out = command.output().unwrap_or_else(|e| panic!("{tool}: {e}"));
        assert!(out.status.success(), "{tool}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    /// A field of pdfinfo's answer (`Pages:           1` → `1`).
    fn info_field<'a>(info: &'a str, name: &str) -> &'a str {
        info.lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no {name} in {info}"))
    }

    #[test]
    fn amounts_and_quantities_read_the_french_way() {
        assert_eq!(euros_fr(285_818), "2 858,18 €");
        assert_eq!(euros_fr(5), "0,05 €");
        assert_eq!(euros_fr(100_000_000), "1 000 000,00 €");
        assert_eq!(quantity(1500), "1,5");
        assert_eq!(quantity(2000), "2");
        assert_eq!(quantity(333), "0,333");
        assert_eq!(wrap("un deux trois", 7), ["un deux", "trois"]);
        assert_eq!(fit("abcdef", 4), "abc…");
    }

    #[test]
    fn a_signed_quote_is_one_a4_page_with_every_mention_and_its_totals() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("devis.pdf");
        std::fs::write(
            &pdf,
            quote_pdf(&kitchen(Some("D-2026-12"), true), &seller(), Lang::Fr),
        )
        .unwrap();
        let info = poppler("pdfinfo", &pdf);
        assert_eq!(info_field(&info, "Pages"), "1", "{info}");
        assert!(info_field(&info, "Page size").ends_with("(A4)"), "{info}");
        let text = poppler("pdftotext", &pdf);
        for mention in [
            "Devis",
            "D-2026-12",
            "Date : 05/12/2026",
            "Valable jusqu'au : 04/01/2027",
            "Cuisines Dupont SARL",
            "12 rue des Lilas",
            "SARL au capital de 10 000 €",
            "SIRET 73282932000074",
            "RCS Lyon",
            "TVA intracommunautaire FR44732829320",
            "Martin Élodie",
            "3 place Bellecour",
            "Un projet de design de cuisine",
            "Une armoire de 100cm",
            "1 500,00 €",
            "489,90 €",
            "10 %",
            "881,82 €",
            "Total HT",
            "2 381,82 €",
            "TVA 20 % sur 2 381,82 €",
            "476,36 €",
            "Total TTC",
            "2 858,18 €",
            "Conditions de paiement",
            "Paiement à 30 jours",
            "indemnité forfaitaire",
            "Bon pour accord",
            "Signé par Élodie Martin le 06/12/2026",
        ] {
            assert!(
                text.contains(mention),
                "« {mention} » missing from:\n{text}"
            );
        }
        assert!(!text.contains("provisoire"), "{text}");
        // To look at it: TOURNEE_QUOTE_PDF=/tmp/devis.pdf cargo test … then pdftoppm.
        if let Some(out) = std::env::var_os("TOURNEE_QUOTE_PDF") {
            std::fs::copy(&pdf, out).unwrap();
        }
    }

    #[test]
    fn an_unnumbered_quote_says_provisional_with_its_temporary_reference() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("devis.pdf");
        std::fs::write(&pdf, quote_pdf(&kitchen(None, false), &seller(), Lang::Fr)).unwrap();
        let text = poppler("pdftotext", &pdf);
        assert!(text.contains("Devis provisoire"), "{text}");
        assert!(text.contains("P-jdupont-7C1N0R"), "{text}");
        assert!(text.contains("Date et signature du client"), "{text}");
        assert!(!text.contains("Signé par"), "{text}");
    }

    #[test]
    fn many_lines_flow_onto_further_pages_with_the_totals_on_the_last() {
        let mut quote = kitchen(Some("D-2026-13"), false);
        let line = quote.lines[1].clone();
        quote.lines = vec![line; 40];
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("devis.pdf");
        std::fs::write(&pdf, quote_pdf(&quote, &seller(), Lang::Fr)).unwrap();
        let info = poppler("pdfinfo", &pdf);
        assert_eq!(info_field(&info, "Pages"), "3", "{info}");
        let text = poppler("pdftotext", &pdf);
        // 40 × 881,82 € = 35 272,80 €; VAT 7 054,56 €; incl. 42 327,36 €.
        assert!(text.contains("35 272,80 €"), "{text}");
        assert!(text.contains("42 327,36 €"), "{text}");
        assert!(text.contains("Page 3 / 3"), "{text}");
    }
}
