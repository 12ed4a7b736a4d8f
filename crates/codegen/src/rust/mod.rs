//! IR → Rust model code (`quote!` tokens; [`crate::format`] turns them into files).
//!
//! One file per kind of item: `assembly` decides which items each module holds and hands each
//! to its emitter; the others emit one kind of item each, and `paths`, `docs` and `literals` are
//! the small pieces they share.

mod assembly;
mod auth;
mod builders;
mod callbacks;
mod docs;
mod enums;
mod envelope;
mod errors;
mod flavor;
mod held;
mod literals;
mod operations;
mod paging;
mod paths;
mod polling;
mod records;
mod servers;
mod streaming;
mod structs;
mod unions;
mod validation;

pub use assembly::modules;
pub(crate) use docs::docs;
pub use flavor::Flavor;
pub(crate) use paths::{ident, type_tokens};
