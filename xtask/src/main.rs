//! `cargo xtask <command>`: the project's automation, in Rust (the rust-analyzer pattern).
//!
//! - `cargo xtask codegen [--check] [--spec DIR] [--out DIR]`: regenerate every generated file
//!   from the spec (`--check`: write nothing, list stale files, exit 1 if any).
//! - `cargo xtask check [--spec DIR]`: validate the spec and print its diagnostics.
//! - `cargo xtask import PAGE.txt [--out FILE] [--merge] [--spec DIR]`: draft a spec operation from
//!   a vendor page saved as text, against the spec's families (`--merge`: show what the page
//!   changes in the spec instead, classified by `ccapi-diff`).
//! - `cargo xtask openapi [--check]`: write `schemas/openapi.json` only; with
//!   `--openapi-version 3.0`, the self-contained OpenAPI 3.0.3 document `target/openapi-3.0.json`
//!   instead ([`openapi30`]).
//! - `cargo xtask bench-build [--sizes 10,100,1000] [--runs N] [--incremental]`: our generated
//!   crates against cargo-progenitor's, on the real spec grown by N synthetic operations
//!   ([`bench`](mod@bench); not for CI).
//! - `cargo xtask changelog [--check]`: write `schemas/CHANGELOG.md` from the spec's history.
//! - `cargo xtask consumer-fixtures [--spec DIR] [--out DIR]`: write the consumer matrix's
//!   fixtures (every operation's schema files, type names, examples and invalid requests) to
//!   `target/consumers/fixtures.json`, or `DIR/fixtures.json`.
//! - `cargo xtask diff OLD NEW [--json]`: list and classify every change between two specs
//!   (directories or git revisions) and recommend a semver bump.
//!
//! Exit codes: 0 success; 1 the spec has errors or generated files are stale; 2 bad usage or I/O.
//! `diff`: 0 success; 1 a breaking change is not matched by a bump of `api.version`; 2 bad usage,
//! I/O, an unknown revision, or a spec with errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod bench;
mod openapi30;

const USAGE: &str = "\
usage:
  cargo xtask codegen [--check] [--spec DIR] [--out DIR]
      regenerate the model crate, schemas/ and the protocol tests from the spec;
      --check writes nothing and fails (exit 1) naming every stale file;
      --spec DIR reads another spec; --out DIR writes under DIR instead of the workspace
  cargo xtask check [--spec DIR]
      validate the spec and print every problem (exit 1 if there is any)
  cargo xtask openapi [--check] [--spec DIR] [--out DIR]
      write only schemas/openapi.json, the OpenAPI 3.1 document of the whole spec
      (codegen writes it too, and codegen --check covers it)
  cargo xtask openapi --openapi-version 3.0 [--check] [--spec DIR] [--out DIR]
      write the self-contained OpenAPI 3.0.3 document (every schema under components/schemas)
      to target/openapi-3.0.json, or DIR/openapi-3.0.json; not checked in
  cargo xtask bench-build [--sizes 10,100,1000] [--runs N] [--incremental]
      for each size N, the real spec grown by N synthetic operations: our codegen against
      cargo-progenitor 0.15.1 (wall time, peak RSS, generated lines per operation, debug rebuild
      of the generated crates, CARGO_INCREMENTAL=0 unless --incremental; median of --runs,
      default 3), in target/bench-build/; a benchmark, never run in CI
  cargo xtask changelog [--check]
      write schemas/CHANGELOG.md from `diff` between the versions in the history of spec/
      (--check: exit 1 if the file is stale)
  cargo xtask consumer-fixtures [--spec DIR] [--out DIR]
      write the consumer matrix's fixtures (each operation's schema files, type names, examples
      and invalid requests, from the spec) to target/consumers/fixtures.json or DIR/fixtures.json
  cargo xtask synth N DIR
      write a synthetic spec with N operations to DIR/synth.yaml (for benchmarks)
  cargo xtask diff OLD NEW [--json]
      list every change from OLD to NEW (spec directories or git revisions such as HEAD~1),
      classified for schema readers and for the Rust models, and the semver bump they call for;
      exit 1 when a breaking change is not matched by a bump of api.version, 2 on errors
  cargo xtask import PAGE.txt [--out FILE] [--merge] [--spec DIR]
      draft a spec operation (YAML, to stdout or FILE) from a vendor page saved as text, against
      the spec (spec/ or DIR, whose families give the draft's family and conventions); the summary
      of what was found and doubted goes to stderr; --merge: when the spec already has the
      operation, print what the page changes in it, classified as `diff` does, instead of writing
      the draft";

struct Args {
    command: String,
    check: bool,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    openapi_version: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let command = it.next().ok_or("no command given")?;
    let mut args = Args { command, check: false, spec: None, out: None, openapi_version: None };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--check" if matches!(args.command.as_str(), "codegen" | "openapi" | "changelog") => args.check = true,
            "--spec" => args.spec = Some(it.next().ok_or("--spec needs a directory")?.into()),
            "--out" if matches!(args.command.as_str(), "codegen" | "openapi" | "consumer-fixtures") => {
                args.out = Some(it.next().ok_or("--out needs a directory")?.into())
            }
            "--openapi-version" if args.command == "openapi" => {
                args.openapi_version = Some(it.next().ok_or("--openapi-version needs 3.0 or 3.1")?)
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok(args)
}

/// The workspace root (xtask lives one level below it).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is inside the workspace").to_path_buf()
}

/// A path as short as possible for messages: relative to the current directory when inside it.
fn display_path(p: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| p.to_path_buf())
}

fn load(spec: Option<PathBuf>) -> Result<ccapi_loader::ir::Api, ExitCode> {
    let dir = spec.unwrap_or_else(|| display_path(&root().join("spec")));
    let loaded = ccapi_loader::load_dir(&dir);
    let warnings = !loaded.diagnostics.items.is_empty();
    match loaded.api {
        Some(api) => {
            if warnings {
                eprint!("{}", loaded.diagnostics.render(&loaded.sources));
            }
            Ok(api)
        }
        None => {
            eprint!("{}", loaded.diagnostics.render(&loaded.sources));
            Err(ExitCode::from(1))
        }
    }
}

/// Writes `DIR/fixtures.json` for the consumer matrix.
fn consumer_fixtures(api: &ccapi_loader::ir::Api, dir: PathBuf) -> ExitCode {
    let path = dir.join("fixtures.json");
    let text = ccapi_codegen::format::json_file(&ccapi_codegen::consumer_fixtures::fixtures(api));
    match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, text)) {
        Ok(()) => {
            println!("wrote {}", display_path(&path).display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            ExitCode::from(2)
        }
    }
}

fn codegen(args: Args) -> ExitCode {
    generate_files(args, None)
}

/// Generates, then writes or checks, every generated file or only `only` (then files it does not
/// produce are left alone rather than pruned).
fn generate_files(args: Args, only: Option<PathBuf>) -> ExitCode {
    let api = match load(args.spec) {
        Ok(api) => api,
        Err(code) => return code,
    };
    let files = match ccapi_codegen::generate(&api) {
        Ok(f) => f.into_iter().filter(|f| only.as_ref().is_none_or(|o| f.path == *o)).collect::<Vec<_>>(),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let out = args.out.unwrap_or_else(root);
    if args.check {
        let mut stale = ccapi_codegen::check_files(&out, &files);
        if only.is_some() {
            stale.retain(|s| !matches!(s, ccapi_codegen::Staleness::Extra(_)));
        }
        if stale.is_empty() {
            println!("generated files are up to date ({} files)", files.len());
            return ExitCode::SUCCESS;
        }
        for s in &stale {
            eprintln!("{s}");
        }
        eprintln!("error: {} generated file(s) are stale: run `cargo xtask codegen`", stale.len());
        return ExitCode::from(1);
    }
    let written = if only.is_some() {
        ccapi_codegen::write_listed(&out, &files)
    } else {
        ccapi_codegen::write_files(&out, &files)
    };
    match written {
        Ok(touched) => {
            for p in &touched {
                println!("wrote {}", display_path(&out.join(p)).display());
            }
            println!("{} files generated, {} changed", files.len(), touched.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write generated files: {e}");
            ExitCode::from(2)
        }
    }
}

fn synth() -> ExitCode {
    let mut it = std::env::args().skip(2);
    let (Some(n), Some(dir)) = (it.next().and_then(|n| n.parse::<usize>().ok()), it.next()) else {
        eprintln!("error: usage: cargo xtask synth N DIR");
        return ExitCode::from(2);
    };
    let path = Path::new(&dir).join("synth.yaml");
    match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, ccapi_loader::synthetic::spec_text(n))) {
        Ok(()) => {
            println!("wrote {} ({n} operations)", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            ExitCode::from(2)
        }
    }
}

/// Reads one side of `diff`: its warnings go to stderr; a side that cannot be read or has errors
/// prints why and is exit 2.
fn diff_side(arg: &str) -> Result<ccapi_loader::ir::Api, ExitCode> {
    let loaded = match ccapi_diff::input::read(arg, &root()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return Err(ExitCode::from(2));
        }
    };
    if !loaded.diagnostics.items.is_empty() {
        eprint!("{}", loaded.diagnostics.render(&loaded.sources));
    }
    loaded.api.ok_or(ExitCode::from(2))
}

fn diff() -> ExitCode {
    let mut json = false;
    let mut sides = Vec::new();
    for a in std::env::args().skip(2) {
        match a.as_str() {
            "--json" => json = true,
            "-h" | "--help" => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
            other if other.starts_with("--") => {
                eprintln!("error: unexpected argument `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
            _ => sides.push(a),
        }
    }
    let [old_arg, new_arg] = sides.as_slice() else {
        eprintln!("error: usage: cargo xtask diff OLD NEW [--json]");
        return ExitCode::from(2);
    };
    let (old, new) = match (diff_side(old_arg), diff_side(new_arg)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let report = ccapi_diff::diff(&old, &new);
    if json {
        print!("{}", report.to_json());
    } else {
        print!("{}", ccapi_diff::text::render(&report, old_arg, new_arg));
    }
    ExitCode::from(report.exit_code())
}

/// `cargo xtask import PAGE.txt [--out FILE] [--merge] [--spec DIR]`.
fn import() -> ExitCode {
    let (mut page, mut out, mut merge, mut spec) = (None::<PathBuf>, None::<PathBuf>, false, None::<PathBuf>);
    let mut it = std::env::args().skip(2);
    while let Some(a) = it.next() {
        let next = match a.as_str() {
            "--out" | "--spec" => match it.next() {
                Some(v) => Some(PathBuf::from(v)),
                None => {
                    eprintln!("error: {a} needs a path\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            _ => None,
        };
        match a.as_str() {
            "--out" => out = next,
            "--spec" => spec = next,
            "--merge" => merge = true,
            "-h" | "--help" => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
            other if !other.starts_with("--") && page.is_none() => page = Some(PathBuf::from(other)),
            other => {
                eprintln!("error: unexpected argument `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(page) = page else {
        eprintln!("error: usage: cargo xtask import PAGE.txt [--out FILE] [--merge] [--spec DIR]");
        return ExitCode::from(2);
    };
    let text = match std::fs::read(&page) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", page.display());
            return ExitCode::from(2);
        }
    };
    let dir = spec.unwrap_or_else(|| display_path(&root().join("spec")));
    let spec = match ccapi_import::Spec::load_dir(&dir) {
        Ok(spec) => spec,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let name = page.file_name().map(|n| n.to_string_lossy().into_owned());
    let imported = ccapi_import::import(&text, name.as_deref(), &spec);
    eprint!("{}", imported.summary());
    if merge {
        match ccapi_import::merge(&imported.draft, &spec) {
            Ok(m @ ccapi_import::Merge::Changes { .. }) => {
                print!("{m}");
                return ExitCode::SUCCESS;
            }
            Ok(m) => eprint!("{m}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        }
    }
    match out {
        None => {
            print!("{}", imported.yaml);
            ExitCode::SUCCESS
        }
        Some(path) => {
            let written = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
                Some(parent) => std::fs::create_dir_all(parent).and_then(|()| std::fs::write(&path, &imported.yaml)),
                None => std::fs::write(&path, &imported.yaml),
            };
            match written {
                Ok(()) => {
                    eprintln!("wrote {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    ExitCode::from(2)
                }
            }
        }
    }
}

fn changelog_command(check: bool) -> ExitCode {
    let root = root();
    let text = match ccapi_diff::changelog::render(&root) {
        Ok(t) => t,
        Err(e) => {
            eprint!("{e}");
            return ExitCode::from(1);
        }
    };
    let path = root.join(ccapi_codegen::SCHEMAS_DIR).join("CHANGELOG.md");
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if check {
        if current == text {
            println!("{} is up to date", display_path(&path).display());
            return ExitCode::SUCCESS;
        }
        eprintln!("stale:   {}\nerror: run `cargo xtask changelog`", display_path(&path).display());
        return ExitCode::from(1);
    }
    if current != text
        && let Err(e) = std::fs::write(&path, &text)
    {
        eprintln!("error: cannot write {}: {e}", path.display());
        return ExitCode::from(2);
    }
    println!("wrote {}", display_path(&path).display());
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        Some("synth") => return synth(),
        Some("diff") => return diff(),
        Some("import") => return import(),
        Some("bench-build") => return bench::command(std::env::args().skip(2).collect(), USAGE),
        _ => {}
    }
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match args.command.as_str() {
        "codegen" => codegen(args),
        "check" => match load(args.spec) {
            Ok(api) => {
                let ops = api.operations().count();
                println!(
                    "spec `{}` {} is valid: {} families, {ops} operations, {} types",
                    api.name,
                    api.version,
                    api.families.len(),
                    api.types.len()
                );
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        "openapi" if args.openapi_version.as_deref() == Some("3.0") => match load(args.spec) {
            Ok(api) => openapi30::command(&api, &openapi30::path(&root(), args.out.as_deref()), args.check),
            Err(code) => code,
        },
        "openapi" if args.openapi_version.as_deref().is_some_and(|v| v != "3.1") => {
            eprintln!("error: --openapi-version must be 3.0 or 3.1\n{USAGE}");
            ExitCode::from(2)
        }
        "openapi" => {
            let only = PathBuf::from(ccapi_codegen::SCHEMAS_DIR).join("openapi.json");
            generate_files(args, Some(only))
        }
        "changelog" => changelog_command(args.check),
        "consumer-fixtures" => match load(args.spec) {
            Ok(api) => consumer_fixtures(&api, args.out.unwrap_or_else(|| root().join("target/consumers"))),
            Err(code) => code,
        },
        "synth" => synth(),
        other => {
            eprintln!("error: unknown command `{other}`\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
