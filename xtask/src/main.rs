//! `cargo xtask <command>`: the project's automation, in Rust (the rust-analyzer pattern).
//!
//! - `cargo xtask codegen [--check] [--spec DIR] [--out DIR]`: regenerate every generated file
//!   from the spec (`--check`: write nothing, list stale files, exit 1 if any).
//! - `cargo xtask check [--spec DIR]`: validate the spec and print its diagnostics.
//!
//! Exit codes: 0 success; 1 the spec has errors or generated files are stale; 2 bad usage or I/O.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  cargo xtask codegen [--check] [--spec DIR] [--out DIR]
      regenerate the model crate, schemas/ and the protocol tests from the spec;
      --check writes nothing and fails (exit 1) naming every stale file;
      --spec DIR reads another spec; --out DIR writes under DIR instead of the workspace
  cargo xtask check [--spec DIR]
      validate the spec and print every problem (exit 1 if there is any)
  cargo xtask synth N DIR
      write a synthetic spec with N operations to DIR/synth.yaml (for benchmarks)";

struct Args {
    command: String,
    check: bool,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let command = it.next().ok_or("no command given")?;
    let mut args = Args { command, check: false, spec: None, out: None };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--check" if args.command == "codegen" => args.check = true,
            "--spec" => args.spec = Some(it.next().ok_or("--spec needs a directory")?.into()),
            "--out" if args.command == "codegen" => args.out = Some(it.next().ok_or("--out needs a directory")?.into()),
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

fn load(spec: Option<PathBuf>) -> Result<ccapi_spec::ir::Api, ExitCode> {
    let dir = spec.unwrap_or_else(|| display_path(&root().join("spec")));
    let loaded = ccapi_spec::load_dir(&dir);
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

fn codegen(args: Args) -> ExitCode {
    let api = match load(args.spec) {
        Ok(api) => api,
        Err(code) => return code,
    };
    let files = match ccapi_codegen::generate(&api) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let out = args.out.unwrap_or_else(root);
    if args.check {
        let stale = ccapi_codegen::check_files(&out, &files);
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
    match ccapi_codegen::write_files(&out, &files) {
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
    match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, ccapi_spec::synthetic::spec_text(n))) {
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

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("synth") {
        return synth();
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
        "synth" => synth(),
        other => {
            eprintln!("error: unknown command `{other}`\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
