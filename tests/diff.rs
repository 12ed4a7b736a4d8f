//! `cargo xtask diff` on a corpus of spec pairs: every directory under `tests/diff-cases/` holds an
//! `old/` and a `new/` spec. The text and JSON reports are snapshot-tested, so that every change
//! to a classification or its wording is reviewed, and the exit decision of each case is asserted.

use std::path::{Path, PathBuf};

use ccapi_diff::{Bump, Level, Report};

/// The exit code each case must end with: 1 when a breaking change is not matched by a
/// sufficient bump of `api.version`, else 0. Every case directory must be listed here.
const EXPECTED_EXIT: &[(&str, u8)] = &[
    ("call-patterns", 0),
    ("constraints", 0),
    ("docs-only", 0),
    // An error code removed breaks only the Rust enum, and 1.0.0 → 1.1.0 is not a major bump.
    ("error-codes", 1),
    ("operation-added", 0),
    ("operation-metadata", 0),
    ("operation-removed-major", 0),
    ("operation-removed-unbumped", 1),
    ("request-narrowing", 1),
    ("request-widening", 0),
    ("required-nullable-defaults", 0),
    // A new enum value in a response breaks schema readers; 0.2.0 → 0.2.1 is not enough for 0.x.
    ("response-enum-value-zero-x", 1),
    ("response-narrowing", 0),
    // 0.3.0 → 0.4.0: for 0.x, a minor-digit bump is a major one.
    ("response-widening", 0),
    // The spec stops refusing a page's own sample: a request accepts more, the table's rule is words.
    ("sample-contradiction", 0),
    ("shared-type-both-directions", 0),
    ("spec-wide", 0),
    ("structured-values", 0),
];

fn cases_dir() -> PathBuf {
    ccapi_tests::root().join("tests/diff-cases")
}

fn cases() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(cases_dir())
        .expect("tests/diff-cases exists")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// Loads one side of a case, panicking with its diagnostics if the spec has errors.
fn load(dir: &Path) -> ccapi_loader::ir::Api {
    let loaded = ccapi_loader::load_dir(dir);
    let rendered = loaded.diagnostics.render(&loaded.sources);
    loaded.api.unwrap_or_else(|| panic!("{}: the spec has errors:\n{rendered}", dir.display()))
}

fn run(case: &str) -> (Report, String, String) {
    let dir = cases_dir().join(case);
    let report = ccapi_diff::diff(&load(&dir.join("old")), &load(&dir.join("new")));
    let label = |side: &str| format!("tests/diff-cases/{case}/{side}");
    let text = ccapi_diff::text::render(&report, &label("old"), &label("new"));
    let json = report.to_json();
    (report, text, json)
}

#[test]
fn the_corpus_is_large_enough_and_every_case_has_an_expected_exit() {
    let found = cases();
    assert!(found.len() >= 12, "the diff corpus has {} cases; keep at least 12", found.len());
    let listed: Vec<String> = EXPECTED_EXIT.iter().map(|(c, _)| c.to_string()).collect();
    assert_eq!(found, listed, "tests/diff-cases and EXPECTED_EXIT must list the same cases, in order");
}

#[test]
fn every_case_is_snapshot_tested_and_exits_as_expected() {
    for (case, exit) in EXPECTED_EXIT {
        let (report, text, json) = run(case);
        insta::assert_snapshot!(format!("{case}.text"), text);
        insta::assert_snapshot!(format!("{case}.json"), json);
        assert_eq!(report.exit_code(), *exit, "{case}: wrong exit decision:\n{text}");
        assert!(!report.changes.is_empty(), "{case}: no change found");
        // The JSON says the same as the report.
        let doc: serde_json::Value = serde_json::from_str(&json).expect("the JSON output parses");
        assert_eq!(doc["version_ok"], report.version_ok, "{case}");
        assert_eq!(doc["changes"].as_array().map(Vec::len), Some(report.changes.len()), "{case}");
        assert_eq!(doc["recommended"]["rust"], report.recommended.rust.as_str(), "{case}");
        assert_eq!(doc["recommended"]["schemas"], report.recommended.schemas.as_str(), "{case}");
        // Schemas are never "notable"; descriptions are never breaking.
        for c in &report.changes {
            assert_ne!(c.schema, Level::Notable, "{case}: {c:?}");
            if c.kind == ccapi_diff::Kind::Docs {
                assert_eq!((c.schema, c.rust), (Level::Docs, Level::Docs), "{case}: {c:?}");
            }
        }
    }
}

#[test]
fn the_two_audiences_disagree_on_a_new_response_enum_value() {
    let (report, text, _) = run("response-enum-value-zero-x");
    let c = report.changes.iter().find(|c| c.kind == ccapi_diff::Kind::EnumValueAdded).expect("the value is found");
    assert_eq!((c.schema, c.rust), (Level::Breaking, Level::Compatible));
    assert!(text.contains("schema: breaking, rust: compatible"), "{text}");
    assert_eq!((report.recommended.rust, report.recommended.schemas), (Bump::Minor, Bump::Major));
    assert!(text.contains("for 0.x versions the minor digit plays the major role"), "{text}");
}

#[test]
fn the_workspace_spec_has_no_changes_against_itself() {
    let api = ccapi_tests::workspace_api();
    let report = ccapi_diff::diff(&api, &api);
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
    assert_eq!((report.recommended.rust, report.recommended.schemas), (Bump::None, Bump::None));
    assert!(report.version_ok);
    assert_eq!(report.exit_code(), 0);
    let text = ccapi_diff::text::render(&report, "spec", "spec");
    assert!(text.contains("no changes"), "{text}");
}

#[test]
fn a_git_revision_is_read_from_the_workspace_root() {
    let root = ccapi_tests::root();
    if !root.join(".git").exists() {
        eprintln!("not a git checkout: skipped");
        return;
    }
    let loaded = ccapi_diff::input::read("HEAD", &root).expect("HEAD is a revision");
    assert!(loaded.sources.iter().all(|f| f.path.to_string_lossy().starts_with("HEAD:spec/")));
    assert!(loaded.sources.iter().any(|f| f.path.to_string_lossy() == "HEAD:spec/ccapi.yaml"));
    if let Some(api) = loaded.api {
        let report = ccapi_diff::diff(&api, &api);
        assert!(report.changes.is_empty());
    }
}

#[test]
fn a_side_that_is_neither_a_directory_nor_a_revision_is_refused() {
    let root = ccapi_tests::root();
    for arg in ["no-such-revision-or-directory", "--output=/tmp/x", ""] {
        let err = ccapi_diff::input::read(arg, &root).err().unwrap_or_else(|| panic!("`{arg}` was accepted"));
        assert!(matches!(err, ccapi_diff::input::InputError::NotFound { .. }), "{arg}: {err}");
    }
}
