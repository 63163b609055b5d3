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
];

/// The label of a field or form group in `lang`: annex-2 profile first, then the pseudo
/// fields above, then the default visit form; the name itself when none knows it.
pub fn field_label(name: &str, lang: Lang) -> String {
    let pick = |fr: &str, en: &str| match lang {
        Lang::Fr => fr.to_string(),
        Lang::En => en.to_string(),
    };
    if let Some(label) = annex2_label(name, lang) {
        return label.to_string();
    }
    if let Some((_, fr, en)) = PSEUDO_FIELDS.iter().find(|(n, _, _)| *n == name) {
        return pick(fr, en);
    }
    if let Some(label) = contact_label(name, lang) {
        return label;
    }
    VisitForm::default_tree()
        .group_label(name, lang)
        .unwrap_or_else(|| name.to_string())
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
