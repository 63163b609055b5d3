//! How messages name a field: by the label people know (annex 2, the visit form) rather
//! than by the ERP column name.

use crate::error::Lang;

/// Fields that are not columns of the profile but that errors can concern.
const PSEUDO_FIELDS: &[(&str, &str, &str)] = &[
    ("visit_date", "date de visite", "visit date"),
    ("visit_time", "heure de visite", "visit time"),
    ("signature", "signature du client", "client's signature"),
    ("fleet", "type de parc", "fleet"),
    ("c_user", "code utilisateur", "user code"),
    ("c_entite", "code client", "client code"),
];

/// The label of a field or form group in `lang`: annex-2 profile first, then the pseudo
/// fields above, then the default visit form; the name itself when none knows it.
pub fn field_label(name: &str, lang: Lang) -> String {
    let pick = |fr: &str, en: &str| match lang {
        Lang::Fr => fr.to_string(),
        Lang::En => en.to_string(),
    };
    if let Some(label) = crate::profile::annex2_label(name, lang) {
        return label.to_string();
    }
    if let Some((_, fr, en)) = PSEUDO_FIELDS.iter().find(|(n, _, _)| *n == name) {
        return pick(fr, en);
    }
    crate::visit_form::VisitForm::default_tree()
        .group_label(name, lang)
        .unwrap_or_else(|| name.to_string())
}
