//! `schemas/CHANGELOG.md` from the spec's history: a throwaway git repository gets two
//! versions of the workspace spec, and the changelog must show the second as a section that
//! diffs it against the first.

use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t.invalid", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn each_version_gets_a_section_diffed_against_the_previous_one() {
    let dir = std::env::temp_dir().join(format!("ccapi-changelog-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    let src = ccapi_tests::root().join("spec");
    for e in std::fs::read_dir(&src).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "yaml") {
            std::fs::copy(e.path(), dir.join("spec").join(e.file_name())).unwrap();
        }
    }
    let set_version = |v: &str| {
        let p = dir.join("spec/ccapi.yaml");
        let text = std::fs::read_to_string(&p).unwrap();
        let line = text.lines().find(|l| l.trim_start().starts_with("version:")).unwrap().to_string();
        std::fs::write(&p, text.replacen(&line, &format!("  version: {v}"), 1)).unwrap();
    };
    git(&dir, &["init", "-q"]);
    set_version("1.0.0");
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-qm", "1.0.0"]);
    // 1.1.0: a tighter request limit is breaking for callers, so the changelog must say so
    // (and recommend a major bump, which 1.1.0 is not: the changelog reports, diff enforces).
    let desk = dir.join("spec/desk.yaml");
    let text = std::fs::read_to_string(&desk).unwrap();
    assert!(text.contains("maximum: 100"), "spec/desk.yaml documents Limit's maximum of 100");
    std::fs::write(&desk, text.replacen("maximum: 100", "maximum: 50", 1).replacen("example: 100", "example: 50", 1))
        .unwrap();
    set_version("1.1.0");
    git(&dir, &["commit", "-qam", "1.1.0"]);

    let log = ccapi_diff::changelog::render(&dir).expect("renders");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(log.starts_with("<!-- @generated"), "{log}");
    let v11 = log.find("## 1.1.0").expect("a section for 1.1.0");
    let v10 = log.find("## 1.0.0").expect("a section for 1.0.0");
    assert!(v11 < v10, "newest first:\n{log}");
    let section = &log[v11..v10];
    assert!(section.contains("Compared with 1.0.0"), "{section}");
    assert!(section.contains("### Breaking for schema consumers"), "{section}");
    assert!(
        section.contains("`desk.describe_chat_messages` `request.Limit`: maximum lowered from 100 to 50"),
        "{section}"
    );
    assert!(section.contains("published schemas: **major**"), "{section}");
    assert!(log[v10..].contains("First published version"), "{log}");
}

#[test]
fn the_committed_changelog_is_fresh() {
    let root = ccapi_tests::root();
    // Only meaningful with history: a shallow clone sees one commit, which still renders.
    let expected = ccapi_diff::changelog::render(&root).expect("renders");
    let committed = std::fs::read_to_string(root.join("schemas/CHANGELOG.md")).expect("schemas/CHANGELOG.md exists");
    assert_eq!(committed, expected, "schemas/CHANGELOG.md is stale: run `cargo xtask changelog`");
}
