//! The policy's tests: the whole matrix against an oracle of their own (`matrix`), the
//! rules and the document (`document`), and properties over random policies
//! (`properties`). `fixtures` holds the principal and the records of every relation.

mod document;
mod fixtures;
mod matrix;
mod pool;
mod properties;
