//! ERP clients and the reps' prospects as parties (issue 13, step 4; docs/crm-lifecycle.md,
//! « Clients and prospects as parties »).
//!
//! Every client and every live prospect has exactly one party, linked by
//! `party.client_code` / `party.prospect_id` (migration 0017), with an id derived from the
//! link ([`derived_party_id`]). The client row (and a prospect's own fields) stays the
//! source of truth: the party's identity columns are copies ([`LINKED_COLUMNS`]), refreshed
//! by the code that changes the source, in its transaction — the migration and the ERP
//! import ([`link_all`]), the integration of a prospect's changes ([`link_prospect`]), the
//! accountant's validation of a conversion ([`link_converted_client`]). The links give the
//! party its lifecycle facts ([`link_facts`]): a sale makes it « Client », a visit is a
//! contact, a modification request is nothing.

mod facts;
mod ids;
mod link;
mod source;

pub use facts::link_facts;
pub use ids::{derived_party_id, is_derived_party_id, Link};
pub use link::{link_all, link_converted_client, link_prospect, Linked};
pub use source::LINKED_COLUMNS;
#[cfg(test)]
mod tests;
