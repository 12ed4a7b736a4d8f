//! Generated files: fresh, deterministic, marked, and their generator's output snapshot-tested
//! on a small fixture spec that uses every feature of the format.

use std::path::Path;

use ccapi_codegen::{GeneratedFile, check_files, generate};

fn generated() -> Vec<GeneratedFile> {
    generate(&ccapi_tests::workspace_api()).expect("the workspace spec generates")
}

#[test]
fn committed_generated_files_are_fresh() {
    let stale = check_files(&ccapi_tests::root(), &generated());
    let list: Vec<String> = stale.iter().map(ToString::to_string).collect();
    assert!(stale.is_empty(), "generated files are stale; run `cargo xtask codegen`:\n{}", list.join("\n"));
}

#[test]
fn generation_is_deterministic() {
    let a = generated();
    let b = generated();
    assert_eq!(a, b);
    let paths: Vec<_> = a.iter().map(|f| f.path.clone()).collect();
    let mut sorted = paths.clone();
    sorted.dedup();
    assert_eq!(paths.len(), sorted.len(), "two generated files share a path");
}

#[test]
fn every_generated_file_carries_the_notice() {
    for f in generated() {
        let head: String = f.contents.lines().take(2).collect::<Vec<_>>().join("\n");
        assert!(head.contains("@generated"), "{} does not start with the @generated notice", f.path.display());
    }
}

#[test]
fn every_operation_is_in_the_schema_index() {
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ccapi_tests::root().join("schemas/index.json")).unwrap())
            .unwrap();
    let api = ccapi_tests::workspace_api();
    assert_eq!(index["version"], api.version);
    let mut ids: Vec<&str> =
        index["operations"].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "ccmessaging.apply_token",
            "ccmessaging.poll",
            "ccmessaging.send",
            "ccmessaging.token_by_ak_sk",
            "chatbot.send_stream_msg",
            "desk.describe_chat_messages",
            "desk.get_session_state",
            "desk.send_stream_msg"
        ]
    );
    for op in index["operations"].as_array().unwrap() {
        for key in ["request", "response"] {
            let file = op[key].as_str().unwrap();
            let schema: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(ccapi_tests::root().join("schemas").join(file)).unwrap())
                    .unwrap();
            assert!(schema["$id"].as_str().unwrap().contains(&api.version), "{file}: $id lacks the spec version");
            assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
        }
    }
}

/// The generator's output for the fixture spec, one snapshot per file.
#[test]
fn generator_output_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/mini");
    let loaded = ccapi_loader::load_dir(&dir);
    let rendered = loaded.diagnostics.render(&loaded.sources);
    let api = loaded.api.unwrap_or_else(|| panic!("the fixture spec has errors:\n{rendered}"));
    for f in generate(&api).unwrap() {
        let name = f.path.to_string_lossy().replace(['/', '\\'], "__");
        insta::assert_snapshot!(name, f.contents);
    }
}
