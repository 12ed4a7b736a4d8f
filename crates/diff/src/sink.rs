//! Collects changes, classifying each as it is recorded.

use crate::change::{Change, Direction, Kind};
use crate::classify::classify;

/// The changes found so far, in the order found.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    /// Every change recorded.
    pub changes: Vec<Change>,
}

impl Sink {
    /// Records a change of `kind` at `location`, classified for `direction` (`None` when it is
    /// not about a body); the reason for the verdict, if any, is appended to `detail`.
    pub fn push(
        &mut self,
        operation: Option<&str>,
        direction: Option<Direction>,
        location: &str,
        kind: Kind,
        detail: impl Into<String>,
    ) {
        let verdict = classify(kind, direction);
        let mut detail = detail.into();
        if let Some(why) = verdict.why {
            detail.push_str("; ");
            detail.push_str(why);
        }
        self.changes.push(Change {
            operation: operation.map(str::to_string),
            location: location.to_string(),
            kind,
            detail,
            schema: verdict.schema,
            rust: verdict.rust,
        });
    }
}

/// The names of the parts that differ, as `description, note changed`, or `None` when none do.
pub(crate) fn docs_changed(parts: &[(&str, bool)]) -> Option<String> {
    let changed: Vec<&str> = parts.iter().filter(|(_, differs)| *differs).map(|(name, _)| *name).collect();
    (!changed.is_empty()).then(|| format!("{} changed", changed.join(", ")))
}
