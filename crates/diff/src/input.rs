//! Where a side of the comparison comes from: a spec directory, or a git revision of the
//! workspace's `spec/` directory.

use std::fmt;
use std::path::Path;
use std::process::Command;

use ccapi_loader::{Loaded, Sources};

/// The directory, relative to the workspace root, that a revision's spec is read from.
const SPEC_DIR: &str = "spec/";

/// Why a side could not be read at all (a spec that reads but has errors is a [`Loaded`] with
/// diagnostics instead).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// The argument is not a directory, and git does not know it as a revision.
    NotFound {
        /// The argument as given.
        arg: String,
        /// What git said.
        git: String,
    },
    /// The revision has no `spec/*.yaml` file.
    NoSpecFiles {
        /// The revision.
        rev: String,
    },
    /// A file of the revision could not be read or is not UTF-8.
    Unreadable {
        /// `REV:spec/<file>`.
        path: String,
        /// Why.
        reason: String,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::NotFound { arg, git } => {
                write!(f, "`{arg}` is neither a spec directory nor a git revision")?;
                if !git.is_empty() {
                    write!(f, " (git: {git})")?;
                }
                Ok(())
            }
            InputError::NoSpecFiles { rev } => write!(f, "revision `{rev}` has no {SPEC_DIR}*.yaml files"),
            InputError::Unreadable { path, reason } => write!(f, "cannot read `{path}`: {reason}"),
        }
    }
}

impl std::error::Error for InputError {}

/// Reads one side: `arg` is a directory if one exists at that path (relative to the current
/// directory), else a git revision whose `spec/*.yaml` files are read with git from `root`, the
/// workspace root, and shown in diagnostics as `REV:spec/<file>`.
pub fn read(arg: &str, root: &Path) -> Result<Loaded, InputError> {
    let path = Path::new(arg);
    if path.is_dir() {
        return Ok(ccapi_loader::load_dir(path));
    }
    read_revision(arg, root)
}

/// Reads `spec/*.yaml` of a git revision.
pub fn read_revision(rev: &str, root: &Path) -> Result<Loaded, InputError> {
    let not_found = |git: String| InputError::NotFound { arg: rev.to_string(), git };
    // Never let a revision be taken for an option of git.
    if rev.is_empty() || rev.starts_with('-') {
        return Err(not_found(String::new()));
    }
    let listing = git(root, &["ls-tree", "--name-only", rev, SPEC_DIR]).map_err(not_found)?;
    let listing = String::from_utf8_lossy(&listing).into_owned();
    let mut names: Vec<&str> =
        listing.lines().filter(|l| l.ends_with(".yaml") || l.ends_with(".yml")).filter(|l| !l.is_empty()).collect();
    names.sort_unstable();
    if names.is_empty() {
        return Err(InputError::NoSpecFiles { rev: rev.to_string() });
    }
    let mut sources = Sources::default();
    for name in names {
        let shown = format!("{rev}:{name}");
        let bytes =
            git(root, &["show", &shown]).map_err(|reason| InputError::Unreadable { path: shown.clone(), reason })?;
        let text = String::from_utf8(bytes)
            .map_err(|_| InputError::Unreadable { path: shown.clone(), reason: "not UTF-8 text".into() })?;
        sources.add(shown, text);
    }
    Ok(ccapi_loader::load_sources(sources))
}

/// Runs git in `dir`; its standard output, or its first line of complaint.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git").args(args).current_dir(dir).output().map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        Err(err.lines().next().unwrap_or("failed").trim().to_string())
    }
}
