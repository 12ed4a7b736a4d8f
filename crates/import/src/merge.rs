//! `--merge`: what a page changes in an operation the spec already has. The draft is loaded
//! beside the spec (its family renamed, so both versions coexist) and the two operations are
//! compared in the IR.

use std::fmt;
use std::path::Path;

use crate::compare::{Change, compare};
use crate::draft::Draft;
use crate::emit;

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
        /// The changes.
        changes: Vec<Change>,
        /// How many TODOs the draft carries.
        todos: usize,
    },
}

/// The family key the draft gets when loaded beside the spec.
const SUFFIX: &str = "_import_draft";

/// Compares the draft with the operation of the same id in the spec at `spec_dir`; the error is
/// the rendered diagnostics when the spec, or the draft beside it, does not load.
pub fn merge(draft: &Draft, spec_dir: &Path) -> Result<Merge, String> {
    let loaded = ccapi_spec::load_dir(spec_dir);
    let spec_sources = loaded.sources.clone();
    let api = loaded.into_result().map_err(|e| format!("the spec does not load:\n{e}"))?;
    let id = draft.id();
    let Some(old) = api.operations().find(|o| o.id == id) else {
        return Ok(Merge::New { id });
    };
    let renamed = format!("{}{SUFFIX}", draft.family.key);
    let mut sources = spec_sources;
    sources.add(format!("<draft of {id}>"), emit::yaml(draft, Some(&renamed)));
    let both = ccapi_spec::load_sources(sources);
    let rendered = both.diagnostics.render(&both.sources);
    let Some(api2) = both.api else {
        return Err(format!("the draft does not load beside the spec; resolve its TODOs first:\n{rendered}"));
    };
    let Some(new) = api2.operations().find(|o| o.family == renamed && o.name == draft.op.name) else {
        return Err("the draft's operation is missing after loading".into());
    };
    let changes = compare(&api, old, &api2, new);
    Ok(Merge::Changes { id, changes, todos: draft.todos.len() })
}

fn short(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 160 { format!("{}…", one.chars().take(160).collect::<String>()) } else { one }
}

impl fmt::Display for Merge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Merge::New { id } => writeln!(f, "`{id}` is not in the spec: the draft is a new operation"),
            Merge::Changes { id, changes, todos } => {
                if changes.is_empty() {
                    writeln!(f, "`{id}`: the page changes nothing the spec states (descriptions aside)")?;
                } else {
                    writeln!(
                        f,
                        "`{id}`: what the page changes in the spec (spec → page), {} change(s):",
                        changes.len()
                    )?;
                }
                for c in changes {
                    let item = if c.item.is_empty() { String::new() } else { format!(" {}", short(&c.item)) };
                    match (&c.old, &c.new) {
                        (None, Some(n)) => writeln!(f, "  + {}{item}: {}", c.place, short(n))?,
                        (Some(o), None) => writeln!(f, "  - {}{item}: {}", c.place, short(o))?,
                        (Some(o), Some(n)) => writeln!(f, "  ~ {}{item}: {} → {}", c.place, short(o), short(n))?,
                        (None, None) => {}
                    }
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
