//! The field app's types crossing the window boundary, from one place: when the field
//! crate regroups its DTO modules, only this file follows.

pub use tournee_field::dto::*;
pub use tournee_field::dto_more::*;
