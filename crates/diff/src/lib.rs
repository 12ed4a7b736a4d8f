//! Compares two ccapi specs and classifies every change, for two audiences: readers and writers
//! of the published JSON Schemas, and users of the generated Rust crates.
//!
//! Direction matters, as in oasdiff: narrowing what a request accepts breaks callers, widening
//! what a response may contain breaks readers. The two audiences differ where the generated Rust
//! code differs from a schema (a new enum value in a response breaks schema readers, but the Rust
//! enums keep unknown values; a field made optional in a request is fine for schemas, but changes
//! a Rust field's type). [`classify`] holds the rules. A callback's body is read by the app, so it
//! is compared as a response; its reply is written by the app, so it is compared as a request.
//!
//! ```no_run
//! let root = std::path::Path::new(".");
//! let old = ccapi_diff::input::read("HEAD~1", root).unwrap().api.unwrap();
//! let new = ccapi_diff::input::read("spec", root).unwrap().api.unwrap();
//! let report = ccapi_diff::diff(&old, &new);
//! print!("{}", ccapi_diff::text::render(&report, "HEAD~1", "spec"));
//! std::process::exit(report.exit_code().into());
//! ```

mod callbacks;
pub mod change;
pub mod changelog;
pub mod classify;
mod constraints;
mod fields;
pub mod input;
mod operations;
mod pair;
mod reach;
pub mod report;
pub mod semver;
mod sink;
mod spec_wide;
#[cfg(test)]
mod tests;
pub mod text;
mod types;
mod walk;

use ccapi_loader::ir::{Api, Operation};

pub use change::{Change, Direction, Kind, Level};
pub use report::Report;
pub use semver::{Bump, Recommended};

/// Every change from `old` to `new`, classified, with the recommended bumps and whether
/// `api.version` moved enough.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut sink = sink::Sink::default();
    let mut seen = spec_wide::compare_header(old, new, &mut sink);
    seen.extend(operations::compare(old, new, &mut sink));
    seen.extend(callbacks::compare(old, new, &mut sink));
    spec_wide::compare_unattached(old, new, &seen, &mut sink);
    Report::new(&old.version, &new.version, sink.changes)
}

/// Every change from one operation to another, classified as [`diff`] classifies it, and reported
/// under the id of `old_op`: what a draft of an operation (`new_op`, loaded into `new`) changes in
/// the spec's (`old_op` of `old`). Spec-wide parts (servers, auth schemes, envelopes, families,
/// other operations) are left out.
pub fn diff_operation(old: &Api, old_op: &Operation, new: &Api, new_op: &Operation) -> Report {
    let mut sink = sink::Sink::default();
    let renamed = Operation { id: old_op.id.clone(), ..new_op.clone() };
    operations::operation(old, new, old_op, &renamed, &mut sink);
    Report::new(&old.version, &new.version, sink.changes)
}
