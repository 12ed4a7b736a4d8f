//! Helpers shared by the workspace tests: where things are.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is inside the workspace").to_path_buf()
}

/// Loads the workspace spec, panicking with the rendered diagnostics if it has errors.
pub fn workspace_api() -> ccapi_loader::ir::Api {
    let loaded = ccapi_loader::load_dir(&root().join("spec"));
    let rendered = loaded.diagnostics.render(&loaded.sources);
    loaded.api.unwrap_or_else(|| panic!("the workspace spec has errors:\n{rendered}"))
}

/// The README's Rust examples, compiled and run as doc-tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// Writes `dir` as a copy of the workspace's `spec/` files with `draft` beside them as
/// `new.yaml`, and loads it, as `cargo xtask check` would load a draft dropped into `spec/`.
pub fn load_beside_spec(dir: &std::path::Path, draft: &str) -> ccapi_loader::Loaded {
    std::fs::create_dir_all(dir).unwrap();
    for e in std::fs::read_dir(root().join("spec")).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "yaml") {
            std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
        }
    }
    std::fs::write(dir.join("new.yaml"), draft).unwrap();
    ccapi_loader::load_dir(dir)
}
