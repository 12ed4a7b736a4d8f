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
