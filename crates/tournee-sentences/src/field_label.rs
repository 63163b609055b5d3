//! How messages name a field: by the label people know (annex 2, the visit form) rather
//! than by the ERP column name.

use tournee_core::{annex2_label, Lang, VisitForm};

/// Fields that are not columns of the profile but that errors can concern.
const PSEUDO_FIELDS: &[(&str, &str, &str)] = &[
    ("visit_date", "date de visite", "visit date"),
    ("visit_time", "heure de visite", "visit time"),
    ("signature", "signature du client", "client's signature"),
    ("fleet", "type de parc", "fleet"),
    ("c_user", "code utilisateur", "user code"),
    ("c_entite", "code client", "client code"),
    ("comment", "commentaire", "comment"),
    ("client_code", "code client", "client code"),
    ("device", "poste", "device"),
    ("fields", "nom de champ", "field name"),
    ("answers", "question du formulaire", "form question"),
    ("contacts", "contacts", "contacts"),
    ("reason", "motif", "reason"),
    ("note", "note", "note"),
    ("query", "recherche", "search"),
    // A quote's (issue 15).
    ("lines", "lignes du devis", "quote lines"),
    ("valid_until", "date de validité", "validity date"),
    ("signer_name", "nom du signataire", "signer’s name"),
    // Campaigns, business cards, calls and meetings (issue 15).
    ("company", "société", "company"),
    ("last_name", "nom", "last name"),
    ("attendee", "participant", "attendee"),
    ("campaign_id", "campagne", "campaign"),
    ("starts_at", "début", "start"),
    ("duration_minutes", "durée", "duration"),
    ("cost_cents", "coût", "cost"),
    ("starts_on", "premier jour", "first day"),
    ("ends_on", "dernier jour", "last day"),
    ("subject", "objet", "subject"),
    ("opportunity", "opportunité", "opportunity"),
    // Segments (issue 15).
    (
        "postal_prefix",
        "code postal commençant par",
        "postal code starting with",
    ),
    ("idle_days", "jours sans action", "days without action"),
    ("min_score", "score minimal", "minimum score"),
    ("created_from", "créé à partir du", "created from"),
    ("created_to", "créé jusqu’au", "created until"),
    ("statuses", "statuts", "statuses"),
    ("criteria", "critères", "criteria"),
    ("members", "contacts du segment", "contacts of the segment"),
    ("segment_id", "segment", "segment"),
    ("owner", "attribué à", "assigned to"),
    // The period of the sales reports (issue 15).
    ("from", "date de début", "start date"),
    ("to", "date de fin", "end date"),
];

/// The label of a field or form group in `lang`: annex-2 profile first, then the pseudo
/// fields above, then the default visit form; the name itself when none knows it.
pub fn field_label(name: &str, lang: Lang) -> String {
    if let Some(label) = annex2_label(name, lang) {
        return label.to_string();
    }
    if let Some(label) = worded_label(name, lang) {
        return label;
    }
    form_label(name, lang).unwrap_or_else(|| name.to_string())
}

/// The label of a field when it is data rather than wording: annex 2's profile column or
/// the visit form's question, which the app's window has no copy of and so receives beside
/// an error's code. `None` for the fields the window words from its own catalogue (the
/// pseudo fields and the contacts' parts, `field.<name>` in `ui/src/lib/i18n/`) and for a
/// name nobody knows (the window shows the name). Same precedence as [`field_label`].
pub fn data_label(name: &str, lang: Lang) -> Option<String> {
    if let Some(label) = annex2_label(name, lang) {
        return Some(label.to_string());
    }
    if worded_label(name, lang).is_some() {
        return None;
    }
    form_label(name, lang)
}

/// Every field both catalogues word (one contact per part, as `contacts[0].<part>`), with
/// its French and English label: what the test that ties the window's catalogue to this one
/// reads (`ui/tests/fixtures/field-labels.json`).
pub fn worded_fields() -> Vec<(String, String, String)> {
    let pseudo = PSEUDO_FIELDS.iter().map(|(name, _, _)| name.to_string());
    let contacts = CONTACT_PARTS
        .iter()
        .map(|(part, _, _)| format!("contacts[0].{part}"));
    let lines = LINE_PARTS
        .iter()
        .map(|(part, _, _)| format!("lines[0].{part}"));
    pseudo
        .chain(contacts)
        .chain(lines)
        .filter_map(|name| {
            let fr = worded_label(&name, Lang::Fr)?;
            let en = worded_label(&name, Lang::En)?;
            Some((name, fr, en))
        })
        .collect()
}

/// A pseudo field's or a contact part's label: wording, not data.
fn worded_label(name: &str, lang: Lang) -> Option<String> {
    let pick = |fr: &str, en: &str| match lang {
        Lang::Fr => fr.to_string(),
        Lang::En => en.to_string(),
    };
    if let Some((_, fr, en)) = PSEUDO_FIELDS.iter().find(|(n, _, _)| *n == name) {
        return Some(pick(fr, en));
    }
    contact_label(name, lang).or_else(|| line_label(name, lang))
}

/// A group of the default visit form, by its label.
fn form_label(name: &str, lang: Lang) -> Option<String> {
    VisitForm::default_tree().group_label(name, lang)
}

/// Parts of a contact, as `contacts[i].<part>` paths name them.
const CONTACT_PARTS: &[(&str, &str, &str)] = &[
    ("name", "nom", "name"),
    ("role", "fonction", "role"),
    ("phone", "téléphone", "phone"),
    ("email", "e-mail", "e-mail"),
];

/// « contact 1, téléphone » for `contacts[0].phone`: people count from one.
fn contact_label(path: &str, lang: Lang) -> Option<String> {
    let rest = path.strip_prefix("contacts[")?;
    let (index, part) = rest.split_once("].")?;
    let number = index.parse::<usize>().ok()?.checked_add(1)?;
    let (_, fr, en) = CONTACT_PARTS.iter().find(|(p, _, _)| *p == part)?;
    Some(match lang {
        Lang::Fr => format!("contact {number}, {fr}"),
        Lang::En => format!("contact {number}, {en}"),
    })
}

/// Parts of a quote's line, as `lines[i].<part>` paths name them (issue 15).
const LINE_PARTS: &[(&str, &str, &str)] = &[
    ("reference", "référence", "reference"),
    ("label", "désignation", "description"),
    ("quantity_milli", "quantité", "quantity"),
    ("unit", "unité", "unit"),
    ("unit_price_cents", "prix unitaire", "unit price"),
    ("discount_bp", "remise", "discount"),
    ("vat", "TVA", "VAT"),
];

/// « ligne 2, TVA » for `lines[1].vat`: people count lines from one, as on the quote.
fn line_label(path: &str, lang: Lang) -> Option<String> {
    let rest = path.strip_prefix("lines[")?;
    let (index, part) = rest.split_once("].")?;
    let number = index.parse::<usize>().ok()?.checked_add(1)?;
    let (_, fr, en) = LINE_PARTS.iter().find(|(p, _, _)| *p == part)?;
    Some(match lang {
        Lang::Fr => format!("ligne {number}, {fr}"),
        Lang::En => format!("line {number}, {en}"),
    })
}
