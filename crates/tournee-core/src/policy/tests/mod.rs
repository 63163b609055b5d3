//! The policy's tests: the rules and the document (`document`).

mod document;
