//! Parties linked to an ERP client or a prospect (docs/crm-lifecycle.md, « Clients and
//! prospects as parties »), on a real snapshot: the laptop refuses before writing what the
//! server would refuse after a sync (`linked_party`) — a copied field changed, the party
//! deleted — and writes the rest (notes, people) as on any party.

use super::*;
use crate::error::{LinkKind, LinkedPartyOp};

/// A client's party and a prospect's, in the reserved id range, as the server derives them.
const CLIENT_PARTY: &str = "0000000000C11ENTPARTY00001";
const PROSPECT_PARTY: &str = "0000000000PR0SPECTPARTY001";

/// The laptop of `laptop_accepting` with the two linked parties added to its snapshot.
fn laptop_with_links() -> Laptop {
    let laptop = laptop_accepting("[1,2]");
    let path = laptop.folder().join("snapshot.sqlite");
    let writable = Connection::open(&path).unwrap();
    writable
        .execute_batch(&format!(
            "INSERT INTO party (id, kind, name, siret, phone, email, postal_code, city, notes, owner,
                                created_by, created_at, status, client_code, prospect_id, client_since) VALUES
               ('{CLIENT_PARTY}', 'company', 'Transports Rhône', NULL, '04 78 11 22 33',
                'contact@rhone.example', '69003', 'Lyon', 'Client historique', 'jdupont', 'server', 'x',
                'client', 'C0042', NULL, '2025-03-01'),
               ('{PROSPECT_PARTY}', 'company', 'Boulangerie Vienne', NULL, NULL, NULL, '38200', 'Vienne',
                NULL, 'jdupont', 'server', 'x', 'prospect', NULL, 'PR-7', NULL);"
        ))
        .unwrap();
    drop(writable);
    // The index is built from the snapshot: rebuilt, as a new snapshot would.
    let mut laptop = laptop;
    laptop.index = RecordIndex::build(&laptop.conn, &laptop.parameters.action_types).unwrap();
    laptop
}

/// The party's form as the edit dialog fills it from the contact page.
fn as_shown(laptop: &mut Laptop, id: &str) -> PartyInput {
    let row = laptop.read(|reader| reader.party(id).unwrap().unwrap().0);
    PartyInput {
        kind: if row.kind == "person" {
            PartyKindDto::Person
        } else {
            PartyKindDto::Company
        },
        name: row.name,
        first_name: row.first_name,
        siret: row.siret,
        vat: row.vat,
        phone: row.phone,
        mobile: row.mobile,
        email: row.email,
        address1: row.address1,
        address2: row.address2,
        postal_code: row.postal_code,
        city: row.city,
        country: row.country,
        notes: row.notes,
    }
}

/// The one broken rule of `error`, as the window receives it: field, code, values.
fn linked_refusal(error: &FieldError) -> (String, String, String, String) {
    let shown = error.to_command_error();
    assert_eq!(shown.problems.len(), 1, "one problem: {shown:?}");
    let problem = &shown.problems[0];
    (
        problem.field.clone(),
        problem.code.as_str().to_string(),
        problem.values.get("link").cloned().unwrap_or_default(),
        problem.values.get("op").cloned().unwrap_or_default(),
    )
}

fn nothing_written(laptop: &mut Laptop) {
    assert!(laptop.outbox_files().is_empty(), "no change file");
    assert!(
        laptop.local.held().unwrap().is_empty(),
        "no change held either"
    );
    let pending = laptop.read(|reader| reader.party(CLIENT_PARTY).unwrap().unwrap().1);
    assert!(!pending, "the client's party is not marked pending");
}

#[test]
fn a_clients_party_is_not_deleted_and_nothing_is_written() {
    let mut laptop = laptop_with_links();
    let error = laptop
        .with(|local, writer| writer.delete_party(local, CLIENT_PARTY))
        .unwrap_err();
    assert_eq!(
        linked_refusal(&error),
        (
            "id".into(),
            "linked_party".into(),
            "client".into(),
            "delete".into()
        )
    );
    nothing_written(&mut laptop);
    // A party created on the laptop, linked to nothing, is still deleted.
    let deleted = laptop.with(|local, writer| writer.delete_party(local, P2));
    assert!(deleted.is_ok(), "{deleted:?}");
    assert_eq!(laptop.outbox_files().len(), 1);
}

/// One change to the form as shown.
type Edit = fn(&mut PartyInput);

#[test]
fn each_copied_field_of_a_clients_party_is_refused_by_name() {
    let mut laptop = laptop_with_links();
    let edits: [(&str, Edit); 8] = [
        ("kind", |p| p.kind = PartyKindDto::Person),
        ("name", |p| p.name = "Transports Rhône et Saône".into()),
        ("siret", |p| p.siret = Some("73282932000074".into())),
        ("phone", |p| p.phone = Some("04 78 99 99 99".into())),
        ("email", |p| p.email = None),
        ("address1", |p| p.address1 = Some("1 quai Perrache".into())),
        ("postal_code", |p| p.postal_code = Some("69002".into())),
        ("city", |p| p.city = Some("Villeurbanne".into())),
    ];
    for (field, edit) in edits {
        let mut input = as_shown(&mut laptop, CLIENT_PARTY);
        edit(&mut input);
        let error = laptop
            .with(|local, writer| writer.update_party(local, CLIENT_PARTY, &input))
            .unwrap_err();
        assert_eq!(
            linked_refusal(&error),
            (
                field.to_string(),
                "linked_party".into(),
                "client".into(),
                "update".into()
            ),
            "editing {field}"
        );
    }
    nothing_written(&mut laptop);
}

#[test]
fn a_linked_partys_notes_and_people_are_written_with_only_what_changed() {
    let mut laptop = laptop_with_links();
    // The dialog sends the copied fields as shown, unchanged: only the notes travel.
    let mut input = as_shown(&mut laptop, CLIENT_PARTY);
    input.notes = Some("Livraisons le mardi".into());
    laptop
        .with(|local, writer| writer.update_party(local, CLIENT_PARTY, &input))
        .unwrap();
    let fields = only_change_fields(&laptop);
    assert_eq!(
        fields.keys().map(String::as_str).collect::<Vec<_>>(),
        ["notes"]
    );
    assert_eq!(fields["notes"], "Livraisons le mardi");
    // A person joins the client's company like any company's.
    let person = PersonInput {
        party_id: CLIENT_PARTY.into(),
        first_name: Some("Léa".into()),
        last_name: "Perrin".into(),
        position: Some("Acheteuse".into()),
        phone: None,
        mobile: None,
        email: None,
        notes: None,
    };
    laptop
        .with(|local, writer| writer.add_person(local, &person, false))
        .unwrap();
    assert_eq!(laptop.outbox_files().len(), 2);
}

#[test]
fn a_prospects_party_names_the_prospect_as_where_its_data_is_edited() {
    let mut laptop = laptop_with_links();
    let mut input = as_shown(&mut laptop, PROSPECT_PARTY);
    input.city = Some("Lyon".into());
    let error = laptop
        .with(|local, writer| writer.update_party(local, PROSPECT_PARTY, &input))
        .unwrap_err();
    assert_eq!(
        linked_refusal(&error),
        (
            "city".into(),
            "linked_party".into(),
            "prospect".into(),
            "update".into()
        )
    );
    let error = laptop
        .with(|local, writer| writer.delete_party(local, PROSPECT_PARTY))
        .unwrap_err();
    assert!(matches!(
        &error,
        FieldError::Rules(rules) if matches!(
            rules.as_slice(),
            [RuleError::App(AppRule::LinkedParty {
                link: LinkKind::Prospect,
                op: LinkedPartyOp::Delete,
                ..
            })]
        )
    ));
    assert!(laptop.outbox_files().is_empty());
}
