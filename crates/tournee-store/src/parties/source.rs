//! What a linked party copies from its source, as SQL: the identity columns of a party
//! read from an ERP client row, or from a prospect's winning fields, with one mapping for
//! both (docs/crm-lifecycle.md, « Clients and prospects as parties »).
//!
//! Why SQL: the ERP import refreshes every client's party after each run, tens of
//! thousands of rows; one `UPDATE … FROM` touching only the rows that differ is what keeps
//! an unchanged re-import cheap.

/// The party columns a link owns, in the order of [`source_columns`]: the record
/// contract's list (`tournee_sync::LINKED_PARTY_FIELDS`), so that what the server copies,
/// what it refuses in a record change and what the laptop refuses before writing are one
/// list. A rep cannot change them through a record change on a linked party (the ERP, or
/// the prospect's own changes, are where they change); everything else on the party is
/// the CRM's.
pub use tournee_sync::LINKED_PARTY_FIELDS as LINKED_COLUMNS;

/// The civilities (`c_titre`, upper case, without dots and spaces) that make a party
/// without SIRET nor VAT number a private person.
const CIVILITIES: &str =
    "'M', 'MR', 'MME', 'MLLE', 'MM', 'MMES', 'MONSIEUR', 'MADAME', 'MADEMOISELLE'";

/// The SELECT list of a source, over columns named as the ERP's `client` table
/// (`nom_client`, `contact_divers_2`…) in relation `t`, plus `owner`. The kind: a
/// company when a SIRET or a VAT number is given; else a private person when the title
/// is a civility (« M. », « Mme »); else a company (a legal form, or nothing known).
/// The postal code is the department and the distribution office together (`69` + `003`).
fn source_columns() -> String {
    let blank = |c: &str| format!("nullif(trim(coalesce(t.{c}, '')), '')");
    format!(
        "CASE WHEN {siret} IS NOT NULL OR {vat} IS NOT NULL THEN 'company' \
              WHEN upper(replace(replace(coalesce(t.c_titre, ''), '.', ''), ' ', '')) \
                   IN ({CIVILITIES}) THEN 'person' \
              ELSE 'company' END AS kind, \
         coalesce({name}, '?') AS name, {siret} AS siret, {vat} AS vat, {phone} AS phone, \
         {mobile} AS mobile, {email} AS email, {adr1} AS address1, {adr2} AS address2, \
         nullif(trim(coalesce(t.dep_fac, '') || coalesce(t.bur_dis_fac, '')), '') AS postal_code, \
         {city} AS city, {country} AS country, t.owner AS owner",
        siret = blank("contact_divers_2"),
        vat = blank("contact_divers_1"),
        name = blank("nom_client"),
        phone = blank("tel_1"),
        mobile = blank("tel_2"),
        email = blank("contact_divers_4"),
        adr1 = blank("adr1_fac"),
        adr2 = blank("adr2_fac"),
        city = blank("ville_fac"),
        country = blank("c_pays"),
    )
}

/// The ERP client columns the mapping reads.
const CLIENT_FIELDS: [&str; 13] = [
    "nom_client",
    "c_titre",
    "contact_divers_1",
    "contact_divers_2",
    "contact_divers_4",
    "tel_1",
    "tel_2",
    "adr1_fac",
    "adr2_fac",
    "dep_fac",
    "bur_dis_fac",
    "ville_fac",
    "c_pays",
];

/// Every client as a source: `key` (the client code) and the mapped columns; the owner is
/// the user whose ERP code is the client's `c_rep`.
pub fn clients_sql() -> String {
    format!(
        "SELECT t.key AS key, {} FROM (SELECT c.c_client AS key, {}, u.windows_user AS owner \
           FROM client c LEFT JOIN app_user u ON u.erp_code = c.c_rep) AS t",
        source_columns(),
        CLIENT_FIELDS.map(|f| format!("c.{f} AS {f}")).join(", ")
    )
}

/// The live prospects (or the one bound to `?1` when `one` is set) as a source: `key` (the
/// prospect id) and the mapped columns from their winning fields; the owner is the
/// assignee. The name is the prospect row's (its winning `nom_client`).
pub fn prospects_sql(one: bool) -> String {
    let pivot: Vec<String> = CLIENT_FIELDS
        .iter()
        .filter(|f| **f != "nom_client")
        .map(|f| format!("max(CASE WHEN f.field = '{f}' THEN f.value END) AS {f}"))
        .collect();
    let filter = if one {
        "p.prospect_id = ?1"
    } else {
        "p.status <> 'deleted'"
    };
    format!(
        "SELECT t.key AS key, {} FROM (SELECT p.prospect_id AS key, p.nom_client AS nom_client, \
           p.assignee AS owner, {} FROM prospect p LEFT JOIN prospect_field f \
           ON f.prospect_id = p.prospect_id WHERE {filter} GROUP BY p.prospect_id) AS t",
        source_columns(),
        pivot.join(", ")
    )
}

/// `UPDATE party … FROM (source)`: copies the mapped columns into the parties whose
/// `link_column` names a source row, only where something differs (an unchanged
/// re-import writes nothing). `extra` narrows the parties (`AND …`).
pub fn refresh_sql(source: &str, link_column: &str, extra: &str) -> String {
    let sets: Vec<String> = LINKED_COLUMNS
        .iter()
        .map(|c| format!("{c} = s.{c}"))
        .collect();
    let differs: Vec<String> = LINKED_COLUMNS
        .iter()
        .map(|c| format!("party.{c} IS NOT s.{c}"))
        .collect();
    format!(
        "UPDATE party SET {} FROM ({source}) AS s WHERE party.{link_column} = s.key {extra} \
         AND ({})",
        sets.join(", "),
        differs.join(" OR ")
    )
}
