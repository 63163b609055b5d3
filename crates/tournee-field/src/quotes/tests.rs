//! Quotes on real files: a snapshot as the server writes it (and one from before the
//! tables), `local.sqlite`, an outbox. An opportunity's quotes are read with the pending
//! changes laid over; each write is checked by the lifecycle and the lines' rules before
//! its file is written, and the file is read back by the server's own reader; the PDF is
//! made from the merged quote.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use serde_json::json;
use tournee_sync::{parse_change_file, ChangeBody, RecordOp, MAX_FILE_BYTES};

use super::*;
use crate::dto::{QuoteEdit, QuoteInput, QuoteSignatureInput};
use crate::test_laptop::Laptop;

const P1: &str = "01JD0000000000000000000P01";
const O1: &str = "01JD0000000000000000000Q01";
const LOST: &str = "01JD0000000000000000000Q02";
const SERVER_QUOTE: &str = "01JD0000000000000000000D01";
/// A 1×1 PNG, as the pad's drawing would be read.
const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/// A party with an open and a lost opportunity, two catalogue entries, and one quote the
/// server numbered on the open one.
fn snapshot(dir: &Path, with_tables: bool) -> Connection {
    let path = dir.join("snapshot.sqlite");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_TABLES_SQL)
        .unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_INDEXES_SQL)
        .unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO config VALUES ('accepted_specs', '[1,2]');
         INSERT INTO party (id, kind, name, address1, postal_code, city, owner, created_by,
             created_at, status) VALUES
           ('{P1}', 'company', 'Cuisines Dubois', '12 rue des Lilas', '69003', 'Lyon',
             'jdupont', 'jdupont', 'x', 'prospect');
         INSERT INTO opportunity (id, party_id, title, value_cents, pipeline, stage, status,
             loss_reason, owner, created_by, created_at) VALUES
           ('{O1}', '{P1}', 'Armoires rouges', 500000, 'standard', 'proposition', 'open', NULL,
             'jdupont', 'jdupont', '2026-11-10T09:00:00Z'),
           ('{LOST}', '{P1}', 'Salle de bain', 300000, 'standard', 'besoin', 'lost', 'Trop cher',
             'jdupont', 'jdupont', '2026-11-10T09:00:00Z');
         INSERT INTO catalogue_item VALUES
           ('DESIGN-CUIS', 'Projet de design de cuisine', 150000, 2000, 'forfait'),
           ('ARM-100', 'Armoire de 100 cm', 48990, 2000, 'pièce');
         INSERT INTO quote VALUES ('{SERVER_QUOTE}', '{P1}', '{O1}', NULL, 'D-2026-7',
             'P-jdupont-OLD', 'sent', '2026-12-10', 0, NULL, NULL, 'jdupont', 'jdupont',
             '2026-11-12T09:00:00Z');
         INSERT INTO quote_line VALUES
           ('{SERVER_QUOTE}', 0, 'ARM-100', 'Armoire de 100 cm', 3000, 'pièce', 48990, 0, 2000),
           ('{SERVER_QUOTE}', 1, NULL, 'Pose', 1500, 'heure', 4500, 1000, 1000);"
    ))
    .unwrap();
    if !with_tables {
        conn.execute_batch("DROP TABLE quote_line; DROP TABLE quote; DROP TABLE catalogue_item")
            .unwrap();
    }
    drop(conn);
    Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn laptop_over(with_tables: bool) -> Laptop {
    let mut laptop = Laptop::new(|dir| snapshot(dir, with_tables));
    laptop.accepts = true;
    laptop
}

impl Laptop {
    fn quotes_of(&mut self, opportunity: &str) -> Vec<QuoteView> {
        self.with(|_, w| {
            of_opportunity(w.reader, opportunity)
                .unwrap()
                .iter()
                .map(view)
                .collect()
        })
    }

    /// The last file of the outbox, read by the server's reader: its op and fields.
    fn last_quote_file(&self) -> (RecordOp, serde_json::Value) {
        let files = self.outbox_files();
        let path = files.last().unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let envelope =
            parse_change_file(&name, &std::fs::read(path).unwrap(), MAX_FILE_BYTES).unwrap();
        let ChangeBody::RC(change) = envelope.body else {
            panic!("not a record change");
        };
        let payload = change.to_payload();
        assert_eq!(payload["entity"], "quote");
        (change.op, payload["fields"].clone())
    }
}

/// The code, field and rule of a refusal.
fn refusal(error: &FieldError) -> (String, String, String) {
    let command = error.to_command_error();
    let problem = &command.problems[0];
    (
        problem.code.to_string(),
        problem.field.clone(),
        problem.values.get("rule").cloned().unwrap_or_default(),
    )
}

fn catalogue_line(entry: &CatalogueChoice, quantity_milli: i64) -> QuoteLineDto {
    QuoteLineDto {
        reference: Some(entry.reference.clone()),
        label: entry.label.clone(),
        quantity_milli,
        unit: entry.unit.clone(),
        unit_price_cents: entry.unit_price_cents,
        discount_bp: 0,
        vat_bp: entry.vat_bp,
    }
}

/// Brief 002's quote: the kitchen design and a 100 cm wardrobe, from the catalogue.
fn brief_lines(laptop: &Laptop) -> Vec<QuoteLineDto> {
    let entries = catalogue(&laptop.conn).unwrap();
    let design = entries
        .iter()
        .find(|e| e.reference == "DESIGN-CUIS")
        .unwrap();
    let wardrobe = entries.iter().find(|e| e.reference == "ARM-100").unwrap();
    let mut wardrobe = catalogue_line(wardrobe, 2000);
    wardrobe.discount_bp = 1000;
    vec![catalogue_line(design, 1000), wardrobe]
}

fn draft(laptop: &mut Laptop) -> String {
    let lines = brief_lines(laptop);
    laptop
        .with(|local, w| {
            w.create_quote(
                local,
                &QuoteInput {
                    opportunity_id: O1.into(),
                    lines,
                    valid_until: None,
                },
            )
        })
        .unwrap()
        .id
}

fn signature() -> QuoteSignatureInput {
    QuoteSignatureInput {
        signer_name: "Paul Dubois".into(),
        signature_png_base64: PNG.into(),
    }
}

#[test]
fn the_catalogue_and_an_opportunitys_quotes_come_from_the_snapshot_with_their_totals() {
    let mut laptop = laptop_over(true);
    let entries = catalogue(&laptop.conn).unwrap();
    assert_eq!(
        entries
            .iter()
            .map(|e| e.reference.as_str())
            .collect::<Vec<_>>(),
        vec!["ARM-100", "DESIGN-CUIS"]
    );
    let quotes = laptop.quotes_of(O1);
    assert_eq!(quotes.len(), 1);
    let q = &quotes[0];
    assert_eq!(q.number.as_deref(), Some("D-2026-7"));
    assert_eq!(q.status, QuoteStatus::Sent);
    assert_eq!(q.party_name, "Cuisines Dubois");
    assert_eq!(q.lines.len(), 2);
    assert_eq!(q.lines[1].reference, None);
    // 3 × 489,90 = 1 469,70 at 20 %; 1,5 h × 45,00 − 10 % = 60,75 at 10 %.
    assert_eq!(q.totals.line_nets_cents, vec![146_970, 6_075]);
    assert_eq!(q.totals.excl_vat_cents, 153_045);
    assert_eq!(
        q.totals
            .vat
            .iter()
            .map(|v| (v.vat_bp, v.vat_cents))
            .collect::<Vec<_>>(),
        vec![(1000, 608), (2000, 29_394)]
    );
    assert_eq!(q.totals.incl_vat_cents, 153_045 + 608 + 29_394);
    assert!(!q.pending);
    assert!(laptop.quotes_of(LOST).is_empty());
}

#[test]
fn a_draft_from_the_catalogue_is_one_change_the_server_reads_and_shows_first_pending() {
    let mut laptop = laptop_over(true);
    let id = draft(&mut laptop);
    let (op, fields) = laptop.last_quote_file();
    assert_eq!(op, RecordOp::Create);
    assert_eq!(fields["party_id"], P1);
    assert_eq!(fields["opportunity_id"], O1);
    assert_eq!(fields["status"], "draft");
    // The seller's validity (an older snapshot: 30 days) from the laptop's day.
    assert_eq!(fields["valid_until"], "2026-12-21");
    assert!(fields["temp_ref"]
        .as_str()
        .unwrap()
        .starts_with("P-jdupont-"));
    assert_eq!(fields["lines"][0]["reference"], "DESIGN-CUIS");
    assert_eq!(fields["lines"][1]["discount_bp"], 1000);
    let quotes = laptop.quotes_of(O1);
    assert_eq!(quotes.len(), 2);
    assert_eq!(quotes[0].id, id);
    assert!(quotes[0].pending);
    assert_eq!(quotes[0].number, None);
    // 1 500,00 + 2 × 489,90 − 10 % = 881,82 → 2 381,82; VAT 20 % = 476,36.
    assert_eq!(quotes[0].totals.excl_vat_cents, 238_182);
    assert_eq!(quotes[0].totals.vat_cents, 47_636);
    assert_eq!(quotes[0].totals.incl_vat_cents, 285_818);
}

#[test]
fn a_draft_is_edited_sent_and_signed_then_no_longer_changes() {
    let mut laptop = laptop_over(true);
    let id = draft(&mut laptop);
    let mut lines = brief_lines(&laptop);
    lines.push(QuoteLineDto {
        reference: None,
        label: "Livraison".into(),
        quantity_milli: 1000,
        unit: String::new(),
        unit_price_cents: 8_000,
        discount_bp: 0,
        vat_bp: 2000,
    });
    let edit = QuoteEdit {
        lines,
        valid_until: "2026-12-21".into(),
    };
    laptop
        .with(|local, w| w.update_quote(local, &id, &edit))
        .unwrap();
    let (_, fields) = laptop.last_quote_file();
    assert_eq!(fields.as_object().unwrap().len(), 1, "{fields}");
    assert_eq!(fields["lines"][2]["label"], "Livraison");
    let again = laptop
        .with(|local, w| w.update_quote(local, &id, &edit))
        .unwrap_err();
    assert_eq!(refusal(&again).0, "nothing_changed");
    // Signed before it was sent: the lifecycle says sent first.
    let early = laptop
        .with(|local, w| w.accept_quote(local, &id, &signature()))
        .unwrap_err();
    assert_eq!(
        refusal(&early),
        (
            "quote_lifecycle".into(),
            "status".into(),
            "quote_status_move".into()
        )
    );
    laptop.with(|local, w| w.send_quote(local, &id)).unwrap();
    assert_eq!(laptop.last_quote_file().1, json!({"status": "sent"}));
    let unnamed = laptop
        .with(|local, w| {
            w.accept_quote(
                local,
                &id,
                &QuoteSignatureInput {
                    signer_name: " ".into(),
                    ..signature()
                },
            )
        })
        .unwrap_err();
    assert_eq!(refusal(&unnamed).1, "signer_name");
    let undrawn = laptop
        .with(|local, w| {
            w.accept_quote(
                local,
                &id,
                &QuoteSignatureInput {
                    signature_png_base64: "bm90IGEgcG5n".into(),
                    ..signature()
                },
            )
        })
        .unwrap_err();
    assert_eq!(refusal(&undrawn).1, "signature");
    laptop
        .with(|local, w| w.accept_quote(local, &id, &signature()))
        .unwrap();
    let (_, fields) = laptop.last_quote_file();
    assert_eq!(fields["status"], "accepted");
    assert_eq!(fields["signer_name"], "Paul Dubois");
    assert_eq!(fields["signature"]["data_base64"], PNG);
    assert_eq!(fields["signed_at"], "2026-11-21T09:00:00Z");
    let shown = &laptop.quotes_of(O1)[0];
    assert_eq!(shown.status, QuoteStatus::Accepted);
    assert!(shown.signed);
    let closed = laptop
        .with(|local, w| w.update_quote(local, &id, &edit))
        .unwrap_err();
    assert_eq!(
        refusal(&closed),
        (
            "quote_lifecycle".into(),
            "lines".into(),
            "quote_closed".into()
        )
    );
    let refused = laptop
        .with(|local, w| w.refuse_quote(local, &id))
        .unwrap_err();
    assert_eq!(refusal(&refused).2, "quote_closed");
    // Its PDF carries the pad's image and the signer, « Devis provisoire » until numbered.
    let doc = laptop.with(|_, w| document(&one(w.reader, &id).unwrap().unwrap(), w.today()));
    assert_eq!(doc.number, None);
    assert_eq!(doc.client_address, vec!["12 rue des Lilas", "69003 Lyon"]);
    let signed = doc.signature.clone().unwrap();
    assert_eq!(
        (signed.name.as_str(), signed.png_base64.as_str()),
        ("Paul Dubois", PNG)
    );
    let pdf = crate::quote_pdf::quote_pdf(&doc, &laptop.parameters.seller, tournee_core::Lang::Fr);
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn faulty_lines_a_past_validity_and_a_lost_opportunity_are_refused_by_their_field() {
    let mut laptop = laptop_over(true);
    let mut lines = brief_lines(&laptop);
    lines[1].vat_bp = 1900;
    let input = |lines: Vec<QuoteLineDto>, valid: Option<&str>| QuoteInput {
        opportunity_id: O1.into(),
        lines,
        valid_until: valid.map(str::to_string),
    };
    let vat = laptop
        .with(|local, w| w.create_quote(local, &input(lines.clone(), None)))
        .unwrap_err();
    assert_eq!(refusal(&vat).1, "lines[1].vat");
    lines[1].vat_bp = 2000;
    lines[0].quantity_milli = 0;
    let zero = laptop
        .with(|local, w| w.create_quote(local, &input(lines.clone(), None)))
        .unwrap_err();
    assert_eq!(refusal(&zero).1, "lines[0].quantity_milli");
    let none = laptop
        .with(|local, w| w.create_quote(local, &input(Vec::new(), None)))
        .unwrap_err();
    assert_eq!(refusal(&none).1, "lines");
    let brief = brief_lines(&laptop);
    let past = laptop
        .with(|local, w| w.create_quote(local, &input(brief.clone(), Some("2026-11-01"))))
        .unwrap_err();
    assert_eq!(
        refusal(&past),
        ("date_in_past".into(), "valid_until".into(), String::new())
    );
    assert!(laptop.outbox_files().is_empty());
    // A quote on the lost opportunity may be drafted and sent, never signed.
    let on_lost = laptop
        .with(|local, w| {
            w.create_quote(
                local,
                &QuoteInput {
                    opportunity_id: LOST.into(),
                    lines: brief,
                    valid_until: None,
                },
            )
        })
        .unwrap()
        .id;
    laptop
        .with(|local, w| w.send_quote(local, &on_lost))
        .unwrap();
    let lost = laptop
        .with(|local, w| w.accept_quote(local, &on_lost, &signature()))
        .unwrap_err();
    assert_eq!(
        refusal(&lost),
        (
            "quote_lifecycle".into(),
            "status".into(),
            "quote_opportunity_lost".into()
        )
    );
}

#[test]
fn a_snapshot_without_the_quote_tables_shows_only_the_drafts_of_this_laptop() {
    let mut laptop = laptop_over(false);
    assert!(catalogue(&laptop.conn).unwrap().is_empty());
    assert!(laptop.quotes_of(O1).is_empty());
    let lines = vec![QuoteLineDto {
        reference: None,
        label: "Conseil".into(),
        quantity_milli: 2000,
        unit: "heure".into(),
        unit_price_cents: 9_000,
        discount_bp: 0,
        vat_bp: 2000,
    }];
    laptop
        .with(|local, w| {
            w.create_quote(
                local,
                &QuoteInput {
                    opportunity_id: O1.into(),
                    lines,
                    valid_until: Some("2027-01-15".into()),
                },
            )
        })
        .unwrap();
    let quotes = laptop.quotes_of(O1);
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].valid_until, "2027-01-15");
    assert_eq!(quotes[0].totals.incl_vat_cents, 21_600);
}

#[test]
fn the_live_totals_refuse_numbers_beyond_the_lines_bounds_under_their_field() {
    let laptop = laptop_over(true);
    let mut lines = brief_lines(&laptop);
    assert_eq!(checked_totals(&lines).unwrap().incl_vat_cents, 285_818);
    // A quantity and a price no quote holds, which would overflow the sums unchecked.
    lines[1].quantity_milli = i64::MAX;
    lines[1].unit_price_cents = i64::MAX;
    let refused = checked_totals(&lines).unwrap_err();
    assert_eq!(refusal(&refused).1, "lines[1].quantity_milli");
    assert_eq!(refusal(&checked_totals(&[]).unwrap_err()).1, "lines");
}
