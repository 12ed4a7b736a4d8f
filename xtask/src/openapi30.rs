//! `cargo xtask openapi --openapi-version 3.0 [--check] [--spec DIR] [--out DIR]`: the
//! self-contained OpenAPI 3.0.3 document of the spec (`ccapi_codegen::openapi30`), for tools that
//! read only 3.0, such as progenitor.
//!
//! It is written on demand, not checked in: to `target/openapi-3.0.json`, or `DIR/openapi-3.0.json`
//! with `--out DIR`. Not under `schemas/`, whose every file is codegen's (it would remove the file
//! as no longer generated).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Where the document goes: `out/openapi-3.0.json`, `out` being `target/` of the workspace by
/// default.
pub fn path(root: &Path, out: Option<&Path>) -> PathBuf {
    out.map_or_else(|| root.join("target"), Path::to_path_buf).join(ccapi_codegen::openapi30::FILE_NAME)
}

/// The document's text (formatted as every generated JSON file).
pub fn text(api: &ccapi_loader::ir::Api) -> Result<String, String> {
    let doc =
        ccapi_codegen::openapi30::document(api).map_err(|e| format!("cannot build the OpenAPI 3.0 document: {e}"))?;
    Ok(ccapi_codegen::format::json_file(&doc))
}

/// Writes the document to `path` (creating its directory).
pub fn write(api: &ccapi_loader::ir::Api, path: &Path) -> Result<(), String> {
    let text = text(api)?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The command: write the document, or with `check` say whether the file on disk is current
/// (exit 1 if not).
pub fn command(api: &ccapi_loader::ir::Api, path: &Path, check: bool) -> ExitCode {
    if check {
        let fresh = match text(api) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        if std::fs::read_to_string(path).is_ok_and(|on_disk| on_disk == fresh) {
            println!("{} is up to date", path.display());
            return ExitCode::SUCCESS;
        }
        eprintln!("stale:   {}\nerror: run `cargo xtask openapi --openapi-version 3.0`", path.display());
        return ExitCode::from(1);
    }
    match write(api, path) {
        Ok(()) => {
            println!("wrote {} (OpenAPI {})", path.display(), ccapi_codegen::openapi30::OPENAPI_VERSION);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
