//! [`FieldApp`]'s segments (issue 15): the reads (the snapshot with this laptop's pending
//! changes laid over, [`crate::segments`]), the writes (each an `RC` change through the
//! record writer), the CSV export of a segment's parties and « Attribuer à… ». Thin: each
//! builds its reader or writer and calls one function.

use tournee_core::Lang;
use tournee_csv::{kind_label, ContactLine, ContactsCsv, LastAction, PersonCell};
use tournee_sentences::Label;

use super::documents::Document;
use super::FieldApp;
use crate::dto::{
    AssignmentResult, ExportedFile, RecordWritten, SegmentInput, SegmentLine, SegmentParties,
};
use crate::error::{FieldError, Result};
use crate::record_views::RecordReader;
use crate::segments;

impl FieldApp {
    /// Every segment the user reads, by name.
    pub fn segments(&self) -> Result<Vec<SegmentLine>> {
        self.read_records(segments::segments)
    }

    /// A segment's first parties by name, and how many it holds.
    pub fn segment_parties(&self, id: &str) -> Result<SegmentParties> {
        self.read_records(|reader| segments::segment_parties(reader, id))?
            .ok_or_else(|| unknown_segment(id))
    }

    /// A new segment, a list or criteria.
    pub fn create_segment(&mut self, input: &SegmentInput) -> Result<RecordWritten> {
        self.write_records(|local, w| w.create_segment(local, input))
    }

    /// A segment renamed or given new criteria.
    pub fn update_segment(&mut self, id: &str, input: &SegmentInput) -> Result<RecordWritten> {
        self.write_records(|local, w| w.update_segment(local, id, input))
    }

    /// A segment deleted.
    pub fn delete_segment(&mut self, id: &str) -> Result<RecordWritten> {
        self.write_records(|local, w| w.delete_segment(local, id))
    }

    /// « Ajouter au segment »: a party put in a list.
    pub fn add_to_segment(&mut self, id: &str, party_id: &str) -> Result<RecordWritten> {
        self.write_records(|local, w| w.change_segment_members(local, id, party_id, true))
    }

    /// A party taken out of a list.
    pub fn remove_from_segment(&mut self, id: &str, party_id: &str) -> Result<RecordWritten> {
        self.write_records(|local, w| w.change_segment_members(local, id, party_id, false))
    }

    /// « Attribuer à… »: every party of the segment given to `owner`, where allowed.
    pub fn assign_segment(&mut self, id: &str, owner: &str) -> Result<AssignmentResult> {
        self.write_records(|local, w| w.assign_segment(local, id, owner))
    }

    /// « Exporter »: the segment's parties as CSV under `<home>/exports/`.
    pub fn export_segment(&self, id: &str) -> Result<ExportedFile> {
        self.export(&self.segment_document(id)?)
    }

    /// Every party of segment `id` as the user sees it, in the contacts export's layout
    /// (the same columns as « Exporter les contacts »), for French Excel and LibreOffice.
    pub fn segment_document(&self, id: &str) -> Result<Document> {
        let lang = self.settings.lang;
        let (name, bytes) = self.read_records(|reader| {
            let segment = segments::segment(reader, id)?.ok_or_else(|| unknown_segment(id))?;
            Ok((segment.name.clone(), segment_csv(reader, &segment, lang)?))
        })?;
        let today = self.now().date_naive();
        Ok(Document::new(
            &format!("segment-{}-{today}.csv", crate::search::fold(&name)),
            "text/csv; charset=utf-8",
            bytes,
        ))
    }
}

fn unknown_segment(id: &str) -> FieldError {
    FieldError::UnknownRecord {
        entity: "segment",
        id: id.to_string(),
    }
}

/// The CSV of a segment's parties: each party merged, its people, status and last action.
fn segment_csv(reader: &RecordReader<'_>, segment: &SegmentLine, lang: Lang) -> Result<Vec<u8>> {
    let mut file = ContactsCsv::new();
    for member in segments::members_of(reader, segment)? {
        let Some((party, _)) = reader.party(&member.id)? else {
            continue;
        };
        let people = reader
            .people(&member.id)?
            .into_iter()
            .map(|p| PersonCell {
                first_name: p.first_name.unwrap_or_default(),
                last_name: p.last_name,
                position: p.position.unwrap_or_default(),
                phone: p.phone.unwrap_or_default(),
                mobile: p.mobile.unwrap_or_default(),
                email: p.email.unwrap_or_default(),
            })
            .collect();
        let last_action = reader.last_action(&member.id)?.map(|a| {
            LastAction::stored(
                &a.date,
                a.time.as_deref(),
                &a.action_type,
                a.comment.as_deref(),
            )
        });
        let status: tournee_core::Status = segments::core_status(member.status);
        file.push(&ContactLine {
            id: party.id,
            kind: kind_label(&party.kind).to_string(),
            name: party.name,
            first_name: party.first_name.unwrap_or_default(),
            siret: party.siret.unwrap_or_default(),
            vat: party.vat.unwrap_or_default(),
            phone: party.phone.unwrap_or_default(),
            mobile: party.mobile.unwrap_or_default(),
            email: party.email.unwrap_or_default(),
            address1: party.address1.unwrap_or_default(),
            address2: party.address2.unwrap_or_default(),
            postal_code: party.postal_code.unwrap_or_default(),
            city: party.city.unwrap_or_default(),
            country: party.country.unwrap_or_default(),
            notes: party.notes.unwrap_or_default(),
            owner: party.owner,
            status: status.label(lang).to_string(),
            last_action,
            people,
        });
    }
    Ok(file.finish())
}
