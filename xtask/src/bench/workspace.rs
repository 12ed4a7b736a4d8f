//! The scratch projects of one bench size: the grown spec, our workspace (copies of the
//! hand-written crates the generated models and client need), and file helpers (copying,
//! counting lines, touching sources).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The crates whose generated code is measured; the crates they depend on are copied too.
pub const MEASURED: &[&str] = &["crates/models", "crates/client"];

/// Writes `dir` as a copy of the workspace's `spec/` (its YAML files) plus `synth.yaml`, a
/// family of `operations` synthetic operations.
pub fn grown_spec(root: &Path, dir: &Path, operations: usize) -> Result<(), String> {
    reset(dir)?;
    let spec = root.join("spec");
    for entry in read_dir(&spec)? {
        if entry.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            let name = entry.file_name().unwrap_or_default();
            copy_file(&entry, &dir.join(name))?;
        }
    }
    let synth = dir.join("synth.yaml");
    if synth.exists() {
        return Err(format!("{} has a synth.yaml already: the synthetic family needs the name", spec.display()));
    }
    write(&synth, &ccapi_loader::synthetic::family_text(operations))
}

/// Writes `dir` as a workspace of the crates in [`MEASURED`] and the workspace crates they depend
/// on (sources and manifests, without tests, benches or dev-dependencies), with the root
/// manifest's shared settings and its `Cargo.lock`. Returns the copied crates' directories,
/// relative to `dir`.
pub fn ours(root: &Path, dir: &Path) -> Result<Vec<String>, String> {
    reset(dir)?;
    let manifest = read(&root.join("Cargo.toml"))?;
    let paths = workspace_paths(&manifest);
    let mut crates: Vec<String> = MEASURED.iter().map(|s| s.to_string()).collect();
    let mut i = 0;
    while i < crates.len() {
        let text = read(&root.join(&crates[i]).join("Cargo.toml"))?;
        for dep in workspace_dependencies(&text) {
            match paths.iter().find(|(name, _)| *name == dep) {
                Some((_, path)) if !crates.contains(path) => crates.push(path.clone()),
                Some(_) => {}
                None => return Err(format!("{}: dependency `{dep}` has no path in the workspace", crates[i])),
            }
        }
        i += 1;
    }
    for c in &crates {
        let (from, to) = (root.join(c), dir.join(c));
        write(&to.join("Cargo.toml"), &without_dev_sections(&read(&from.join("Cargo.toml"))?))?;
        copy_tree(&from.join("src"), &to.join("src"))?;
    }
    write(&dir.join("Cargo.toml"), &workspace_manifest(&manifest, &crates))?;
    let lock = root.join("Cargo.lock");
    if lock.exists() {
        copy_file(&lock, &dir.join("Cargo.lock"))?;
    }
    Ok(crates)
}

/// Drops dev-dependencies and test targets from the copied crates' manifests again (codegen
/// writes the model and client manifests, with the dev-dependencies of the real workspace).
pub fn strip_dev_sections(dir: &Path, crates: &[String]) -> Result<(), String> {
    for c in crates {
        let manifest = dir.join(c).join("Cargo.toml");
        let text = read(&manifest)?;
        let stripped = without_dev_sections(&text);
        if stripped != text {
            write(&manifest, &stripped)?;
        }
    }
    Ok(())
}

/// `name → path` of the root manifest's path dependencies (`ccapi-loader = { path = "crates/loader" }`).
fn workspace_paths(manifest: &str) -> Vec<(String, String)> {
    manifest
        .lines()
        .filter_map(|l| {
            let (name, rest) = l.split_once('=')?;
            let path = rest.split("path = \"").nth(1)?.split('"').next()?;
            Some((name.trim().to_string(), path.to_string()))
        })
        .collect()
}

/// The `ccapi-*` crates of a member's `[dependencies]`.
fn workspace_dependencies(manifest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_deps = false;
    for l in manifest.lines().map(str::trim) {
        if l.starts_with('[') {
            in_deps = l == "[dependencies]";
            continue;
        }
        if in_deps && l.starts_with("ccapi-") {
            let name = l.split(['.', '=', ' ']).next().unwrap_or_default();
            out.push(name.to_string());
        }
    }
    out
}

/// A member's manifest without `[dev-dependencies]` and bench, test and example targets (which
/// are not copied).
fn without_dev_sections(manifest: &str) -> String {
    let mut out = String::new();
    let mut keep = true;
    for l in manifest.lines() {
        let t = l.trim();
        if t.starts_with('[') {
            keep = !(t.starts_with("[dev-dependencies") || matches!(t, "[[bench]]" | "[[test]]" | "[[example]]"));
        }
        if keep {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

/// The root manifest with `members` set to `crates` and without path dependencies on crates that
/// are not copied.
fn workspace_manifest(manifest: &str, crates: &[String]) -> String {
    let members: Vec<String> = crates.iter().map(|c| format!("\"{c}\"")).collect();
    let mut out = String::from("# The bench-build copy of the workspace (cargo xtask bench-build).\n");
    for l in manifest.lines() {
        let t = l.trim_start();
        if t.starts_with("members") {
            out.push_str(&format!("members = [{}]\n", members.join(", ")));
            continue;
        }
        let path = l.split("path = \"").nth(1).and_then(|r| r.split('"').next());
        if path.is_some_and(|p| !crates.iter().any(|c| c == p)) {
            continue;
        }
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// Lines of every `.rs` file under each of `dirs`.
pub fn rust_lines(dirs: &[PathBuf]) -> Result<usize, String> {
    let mut total = 0;
    for d in dirs {
        for p in files(d)? {
            if p.extension().is_some_and(|e| e == "rs") {
                total += read(&p)?.lines().count();
            }
        }
    }
    Ok(total)
}

/// Sets the modification time of these files to now, so cargo rebuilds their crates.
pub fn touch(paths: &[PathBuf]) -> Result<(), String> {
    for p in paths {
        let f =
            std::fs::OpenOptions::new().write(true).open(p).map_err(|e| format!("cannot open {}: {e}", p.display()))?;
        f.set_modified(SystemTime::now()).map_err(|e| format!("cannot touch {}: {e}", p.display()))?;
    }
    Ok(())
}

/// Removes `dir` (if it is there) and creates it empty.
pub fn reset(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

/// Writes a file, creating its directory.
pub fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Reads a text file.
pub fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let rd = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut out: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    out.sort();
    Ok(out)
}

/// Every file under `dir` (none if it is not there).
fn files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for p in read_dir(&d)? {
            if p.is_dir() { stack.push(p) } else { out.push(p) }
        }
    }
    out.sort();
    Ok(out)
}

fn copy_file(from: &Path, to: &Path) -> Result<(), String> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::copy(from, to).map(|_| ()).map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    for p in files(from)? {
        let rel = p.strip_prefix(from).map_err(|e| format!("{}: {e}", p.display()))?;
        copy_file(&p, &to.join(rel))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: &str = "[workspace]\nmembers = [\"a\", \"crates/x\"]\n\n[workspace.dependencies]\n\
        ccapi-x = { path = \"crates/x\" }\nccapi-y = { path = \"crates/y\" }\nserde = \"1\"\n";

    #[test]
    fn manifests() {
        assert_eq!(
            workspace_paths(ROOT),
            [("ccapi-x".to_string(), "crates/x".to_string()), ("ccapi-y".to_string(), "crates/y".to_string())]
        );
        let m = workspace_manifest(ROOT, &["crates/x".to_string()]);
        assert!(m.contains("members = [\"crates/x\"]\n") && m.contains("ccapi-x") && !m.contains("ccapi-y"));
        assert!(m.contains("serde = \"1\""));
        let member = "[dependencies]\nccapi-x.workspace = true\nserde.workspace = true\n\n[dev-dependencies]\n\
            ccapi-y.workspace = true\n\n[[bench]]\nname = \"b\"\n";
        assert_eq!(workspace_dependencies(member), ["ccapi-x"]);
        assert_eq!(
            without_dev_sections(member),
            "[dependencies]\nccapi-x.workspace = true\nserde.workspace = true\n\n"
        );
    }
}
