//! The result of a comparison: the changes, the recommended bumps, the version verdict, and
//! its JSON form for CI.

use serde::Serialize;

use crate::change::Change;
use crate::semver::{Recommended, recommend, version_ok};

/// Everything `diff` found, and what it recommends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// `api.version` of the old spec.
    pub old_version: String,
    /// `api.version` of the new spec.
    pub new_version: String,
    /// Every change, grouped as found: spec-wide items, then operation by operation.
    pub changes: Vec<Change>,
    /// The bump each audience needs.
    pub recommended: Recommended,
    /// Whether `api.version` moved enough for the breaking changes (true when there are none).
    pub version_ok: bool,
}

impl Report {
    /// Builds the report of these changes between two versions.
    pub fn new(old_version: &str, new_version: &str, changes: Vec<Change>) -> Report {
        let recommended = recommend(&changes);
        let version_ok = version_ok(old_version, new_version, recommended);
        Report { old_version: old_version.into(), new_version: new_version.into(), changes, recommended, version_ok }
    }

    /// The process exit code: 0, or 1 when a breaking change is not matched by a version bump.
    pub fn exit_code(&self) -> u8 {
        if self.version_ok { 0 } else { 1 }
    }

    /// The JSON document for CI (stable field order), pretty-printed, ending with a newline.
    pub fn to_json(&self) -> String {
        let doc = JsonReport {
            old_version: &self.old_version,
            new_version: &self.new_version,
            changes: self
                .changes
                .iter()
                .map(|c| JsonChange {
                    operation: c.operation.as_deref(),
                    location: &c.location,
                    kind: c.kind.code(),
                    detail: &c.detail,
                    schema: c.schema.as_str(),
                    rust: c.rust.as_str(),
                })
                .collect(),
            recommended: JsonRecommended {
                rust: self.recommended.rust.as_str(),
                schemas: self.recommended.schemas.as_str(),
            },
            version_ok: self.version_ok,
        };
        let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        text.push('\n');
        text
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    old_version: &'a str,
    new_version: &'a str,
    changes: Vec<JsonChange<'a>>,
    recommended: JsonRecommended,
    version_ok: bool,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    operation: Option<&'a str>,
    location: &'a str,
    kind: &'static str,
    detail: &'a str,
    schema: &'static str,
    rust: &'static str,
}

#[derive(Serialize)]
struct JsonRecommended {
    rust: &'static str,
    schemas: &'static str,
}
