//! `--merge`: what a page changes in an operation the spec already has. The draft is loaded
//! beside the spec's shared parts, and `ccapi-diff` compares its operation with the spec's, each
//! change classified (breaking or not) with the words of `cargo xtask diff`; changes only to
//! words (descriptions, notes, errata, examples) are counted, not listed.

use std::fmt;

use ccapi_diff::{Change, Level};

use crate::draft::Draft;
use crate::emit;
use crate::spec::Spec;

/// The outcome of `--merge`.
#[derive(Clone, Debug, PartialEq)]
pub enum Merge {
    /// The spec has no such operation: the draft is new.
    New {
        /// Operation id.
        id: String,
    },
    /// The operation exists: what the page changes (spec → page).
    Changes {
        /// Operation id.
        id: String,
        /// The changes, classified.
        changes: Vec<Change>,
        /// How many TODOs the draft carries.
        todos: usize,
    },
}

/// Compares the draft with the operation of the same id in `spec`; the error is the rendered
/// diagnostics when the draft does not load beside the spec.
pub fn merge(draft: &Draft, spec: &Spec) -> Result<Merge, String> {
    let id = draft.id();
    let Some(old) = spec.api().operations().find(|o| o.id == id) else {
        return Ok(Merge::New { id });
    };
    let loaded = spec.load_draft(&emit::yaml(draft, None));
    let rendered = loaded.diagnostics.render(&loaded.sources);
    let Some(api) = loaded.api else {
        return Err(format!("the draft does not load beside the spec; resolve its TODOs first:\n{rendered}"));
    };
    let Some(new) = api.operations().find(|o| o.id == id) else {
        return Err("the draft's operation is missing after loading".into());
    };
    let report = ccapi_diff::diff_operation(spec.api(), old, &api, new);
    Ok(Merge::Changes { id, changes: report.changes, todos: draft.todos.len() })
}

impl fmt::Display for Merge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Merge::New { id } => writeln!(f, "`{id}` is not in the spec: the draft is a new operation"),
            Merge::Changes { id, changes, todos } => {
                writeln!(f, "`{id}`: what the page changes in the spec (spec → page):")?;
                let (words, shown): (Vec<&Change>, Vec<&Change>) =
                    changes.iter().partition(|c| c.schema == Level::Docs && c.rust == Level::Docs);
                let shown: Vec<Change> = shown.into_iter().cloned().collect();
                f.write_str(&ccapi_diff::text::render_changes(&shown))?;
                if !words.is_empty() {
                    writeln!(
                        f,
                        "({} documentation-only change(s) left out: descriptions, notes, errata, examples)",
                        words.len()
                    )?;
                }
                if *todos > 0 {
                    writeln!(
                        f,
                        "(the draft has {todos} TODO(s): a change at a TODO may be the importer's guess, not the page's)"
                    )?;
                }
                Ok(())
            }
        }
    }
}
