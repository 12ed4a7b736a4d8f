//! The bad-spec corpus: every file (or directory) under `tests/bad-specs/` is a spec with
//! mistakes. Each must be refused without a panic, every problem must point at
//! `file:line:column`, and the rendered diagnostics are snapshot-tested so that every change to
//! their wording or placement is reviewed.

use std::path::{Path, PathBuf};

use ccapi_loader::Sources;

/// A corpus entry: a single `.yaml` file, or a directory of them (for problems across files).
fn cases() -> Vec<PathBuf> {
    let dir = ccapi_tests::root().join("tests/bad-specs");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/bad-specs exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    out.sort();
    out
}

/// Loads a case with paths shown relative to the workspace root, as a user would see them.
fn render(case: &Path) -> (String, usize) {
    let root = ccapi_tests::root();
    let rel = |p: &Path| p.strip_prefix(&root).unwrap_or(p).to_path_buf();
    let loaded = if case.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(case).unwrap().flatten().map(|e| e.path()).collect();
        files.sort();
        let mut sources = Sources::default();
        for f in files {
            sources.add(rel(&f), std::fs::read_to_string(&f).unwrap());
        }
        ccapi_loader::load_sources(sources)
    } else {
        let mut sources = Sources::default();
        sources.add(rel(case), std::fs::read_to_string(case).unwrap());
        ccapi_loader::load_sources(sources)
    };
    assert!(loaded.api.is_none(), "{}: a bad spec was accepted", case.display());
    (loaded.diagnostics.render(&loaded.sources), loaded.diagnostics.error_count())
}

#[test]
fn the_corpus_is_large_enough() {
    let n = cases().len();
    assert!(n >= 30, "the bad-spec corpus has {n} cases; keep at least 30");
}

#[test]
fn every_bad_spec_is_refused_with_located_diagnostics() {
    for case in cases() {
        let name = case.file_stem().unwrap().to_string_lossy().to_string();
        let (rendered, errors) = render(&case);
        assert!(errors > 0, "{name}: no error reported");
        // Every error carries `--> path:line:col`.
        let arrows = rendered.matches(" --> tests/bad-specs/").count();
        assert!(arrows >= errors, "{name}: {errors} errors but {arrows} locations:\n{rendered}");
        assert!(rendered.contains("help:"), "{name}: no fix is suggested:\n{rendered}");
        insta::assert_snapshot!(name, rendered);
    }
}

#[test]
fn a_typo_in_a_type_name_gets_its_place_and_a_suggestion() {
    let mut sources = Sources::default();
    let text = std::fs::read_to_string(ccapi_tests::root().join("spec/desk.yaml")).unwrap();
    let typo = text.replacen("type: string", "type: strng", 1);
    assert_ne!(typo, text, "spec/desk.yaml has a string field");
    sources.add("spec/desk.yaml", typo.clone());
    for other in ["ccapi.yaml", "tencent-im.yaml"] {
        sources.add(
            format!("spec/{other}"),
            std::fs::read_to_string(ccapi_tests::root().join("spec").join(other)).unwrap(),
        );
    }
    let loaded = ccapi_loader::load_sources(sources);
    assert!(loaded.api.is_none());
    let rendered = loaded.diagnostics.render(&loaded.sources);
    let offset = typo.find("strng").unwrap();
    let line = typo[..offset].matches('\n').count() + 1;
    let col = offset - typo[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
    assert!(rendered.contains(&format!("spec/desk.yaml:{line}:{col}")), "{rendered}");
    assert!(rendered.contains("unknown type `strng`"), "{rendered}");
    assert!(rendered.contains("did you mean `string`?"), "{rendered}");
}
