//! cargo-progenitor, the generator we compare with: finding (or installing) it and the command
//! that generates a crate from an OpenAPI 3.0 document.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The version compared with (and installed when none is found).
pub const VERSION: &str = "0.15.1";

/// Where an install made by someone else may already be.
const KNOWN: &str = "/tmp/progenitor/bin/cargo-progenitor";

/// The cargo-progenitor binary: on `PATH`, else at [`KNOWN`], else under `tools` (installing it
/// there with `cargo install`, which is said on stderr, when it is not).
pub fn locate(cargo: &Path, tools: &Path) -> Result<PathBuf, String> {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join("cargo-progenitor")).collect::<Vec<_>>())
        .unwrap_or_default();
    let installed = tools.join("bin").join("cargo-progenitor");
    if let Some(found) = on_path.into_iter().chain([PathBuf::from(KNOWN), installed.clone()]).find(|p| p.is_file()) {
        return Ok(found);
    }
    eprintln!(
        "bench-build: cargo-progenitor is not on PATH nor at {KNOWN}: installing cargo-progenitor {VERSION} \
         into {} (cargo install --locked; this takes a few minutes)",
        tools.display()
    );
    let status = Command::new(cargo)
        .args(["install", "cargo-progenitor", "--version", VERSION, "--locked", "--root"])
        .arg(tools)
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    if !status.success() || !installed.is_file() {
        return Err(format!("cargo install cargo-progenitor {VERSION} failed ({status})"));
    }
    Ok(installed)
}

/// `cargo progenitor -i input -o out -n name -v 0.1.0`, calling the binary directly (as cargo
/// would, with the subcommand's name first) so that cargo's own start-up is not measured.
pub fn generate(bin: &Path, input: &Path, out: &Path, name: &str) -> Command {
    let mut cmd = Command::new(bin);
    cmd.arg("progenitor").arg("-i").arg(input).arg("-o").arg(out).args(["-n", name, "-v", "0.1.0"]);
    cmd
}

/// Makes the generated crate its own workspace, so that cargo does not look for one above it.
pub fn own_workspace(out: &Path) -> Result<(), String> {
    let manifest = out.join("Cargo.toml");
    let text = super::workspace::read(&manifest)?;
    if !text.lines().any(|l| l.trim() == "[workspace]") {
        super::workspace::write(&manifest, &format!("{text}\n[workspace]\n"))?;
    }
    Ok(())
}
