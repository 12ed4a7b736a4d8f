//! `cargo xtask bench-build [--sizes 10,100,1000] [--runs N] [--incremental]`: our generated crates side by side
//! with cargo-progenitor's, on the same API. A benchmark to run by hand (under `nice` on a busy
//! machine), never in CI or tests.
//!
//! For each size N, under `target/bench-build/nN/`:
//!
//! 1. `spec/`: the workspace's `spec/` plus `synth.yaml`, a family of N synthetic operations
//!    ([`ccapi_loader::synthetic::family_text`]) that reuses the real servers, auth and envelope.
//! 2. `ours/`: a workspace holding copies of `crates/models`, `crates/client` and the workspace
//!    crates they depend on ([`workspace::ours`]); our codegen (the release-built xtask, built
//!    first) writes into it (sources and the two manifests, whose dev-dependencies are dropped
//!    again); wall time and peak RSS are measured ([`measure`]).
//! 3. `openapi-3.0.json` ([`crate::openapi30`]) and `theirs/`, the crate cargo-progenitor
//!    generates from it, measured the same way ([`progenitor`]).
//! 4. Both are built in debug once to warm their dependencies (each with its own
//!    `CARGO_TARGET_DIR`, `target/bench-build/target-{ours,theirs}`, shared by the sizes), then
//!    rebuilt `--runs` times after touching the generated crates, offline, without incremental
//!    compilation (`CARGO_INCREMENTAL=0`: a full compile of the generated crates) unless
//!    `--incremental`.
//! 5. Generated Rust lines per operation are counted.
//!
//! The table ([`report`]) goes to stdout and to `target/bench-build/results.txt`; each child's
//! output goes to a log beside its project.

mod measure;
mod progenitor;
mod report;
mod workspace;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

/// What to measure.
#[derive(Clone, Debug, PartialEq)]
struct Options {
    sizes: Vec<usize>,
    runs: usize,
    /// Keep cargo's incremental compilation for the rebuilds (then a touched, unchanged crate is
    /// mostly reloaded from the incremental cache rather than compiled).
    incremental: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options { sizes: vec![10, 100, 1000], runs: 3, incremental: false };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--sizes" => {
                let v = it.next().ok_or("--sizes needs a list such as 10,100,1000")?;
                o.sizes = v
                    .split(',')
                    .map(|s| s.trim().parse::<usize>().map_err(|_| format!("--sizes: `{s}` is not a number")))
                    .collect::<Result<_, _>>()?;
                if o.sizes.is_empty() {
                    return Err("--sizes needs at least one size".into());
                }
            }
            "--runs" => {
                let v = it.next().ok_or("--runs needs a number")?;
                o.runs = v.parse().ok().filter(|n| *n > 0).ok_or(format!("--runs: `{v}` is not a positive number"))?;
            }
            "--incremental" => o.incremental = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok(o)
}

/// The command: parses `args` (those after `bench-build`), runs every size, prints the table.
pub fn command(args: Vec<String>, usage: &str) -> ExitCode {
    let opts = match parse(&args) {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
    };
    match run(&opts) {
        Ok(table) => {
            print!("{table}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Everything the sizes share.
struct Bench {
    root: PathBuf,
    base: PathBuf,
    cargo: PathBuf,
    codegen: PathBuf,
    progenitor: PathBuf,
    runs: usize,
    incremental: bool,
}

fn run(opts: &Options) -> Result<String, String> {
    let root = crate::root();
    let base = root.join("target").join("bench-build");
    std::fs::create_dir_all(&base).map_err(|e| format!("cannot create {}: {e}", base.display()))?;
    let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
    let progenitor = progenitor::locate(&cargo, &base.join("tools"))?;
    eprintln!("bench-build: cargo-progenitor {}", progenitor.display());
    let codegen = release_codegen(&cargo, &root, &base)?;
    let bench = Bench { root, base, cargo, codegen, progenitor, runs: opts.runs, incremental: opts.incremental };
    let reproduce = reproduce(opts, niceness());
    let mut rows = Vec::new();
    for &n in &opts.sizes {
        rows.push(bench.size(n)?);
        eprint!("{}", report::render(&rows, opts.runs, opts.incremental, &reproduce));
    }
    let table = report::render(&rows, opts.runs, opts.incremental, &reproduce);
    workspace::write(&bench.base.join("results.txt"), &table)?;
    Ok(table)
}

/// The command that ran the bench: its options, under `nice -n N` with the niceness this process
/// ran at (as the `nice` that started it set it), when known.
fn reproduce(opts: &Options, niceness: Option<i32>) -> String {
    let sizes: Vec<String> = opts.sizes.iter().map(usize::to_string).collect();
    format!(
        "{}cargo xtask bench-build --sizes {} --runs {}{}",
        niceness.map(|n| format!("nice -n {n} ")).unwrap_or_default(),
        sizes.join(","),
        opts.runs,
        if opts.incremental { " --incremental" } else { "" }
    )
}

/// This process's niceness (field 19 of `/proc/self/stat`), where the system has that file.
fn niceness() -> Option<i32> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(16)?.parse().ok()
}

/// Builds the xtask in release (so that our codegen runs optimized, as an installed
/// cargo-progenitor does) and returns the binary.
fn release_codegen(cargo: &Path, root: &Path, base: &Path) -> Result<PathBuf, String> {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    eprintln!("bench-build: building the xtask in release (our codegen)");
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--release", "-p", "xtask", "--manifest-path"]).arg(root.join("Cargo.toml"));
    cmd.env("CARGO_TARGET_DIR", &target);
    measure::run(&mut cmd, &base.join("xtask-release.log"))?;
    let bin = target.join("release").join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
    if bin.is_file() { Ok(bin) } else { Err(format!("the release build left no {}", bin.display())) }
}

impl Bench {
    fn size(&self, n: usize) -> Result<report::Row, String> {
        let dir = self.base.join(format!("n{n}"));
        workspace::reset(&dir)?;
        let spec = dir.join("spec");
        workspace::grown_spec(&self.root, &spec, n)?;
        let loaded = ccapi_loader::load_dir(&spec);
        let Some(api) = loaded.api else {
            return Err(format!("the grown spec has errors:\n{}", loaded.diagnostics.render(&loaded.sources)));
        };
        let operations = api.operations().count();
        eprintln!("bench-build: size {n}: {operations} operations in {}", spec.display());

        // Our codegen, into a fresh copy of the generated directories each run.
        let ours = dir.join("ours");
        let crates = workspace::ours(&self.root, &ours)?;
        eprintln!("bench-build: size {n}: {} holds {}", ours.display(), crates.join(", "));
        let mut samples = Vec::new();
        for _ in 0..self.runs {
            for d in ccapi_codegen::GENERATED_DIRS {
                let d = ours.join(d);
                if d.exists() {
                    std::fs::remove_dir_all(&d).map_err(|e| format!("cannot remove {}: {e}", d.display()))?;
                }
            }
            let mut cmd = Command::new(&self.codegen);
            cmd.arg("codegen").arg("--spec").arg(&spec).arg("--out").arg(&ours);
            samples.push(measure::run(&mut cmd, &dir.join("ours-codegen.log"))?);
        }
        let ours_codegen = measure::median(&samples).ok_or("no codegen run")?;
        workspace::strip_dev_sections(&ours, &crates)?;

        // cargo-progenitor on the 3.0 document of the same spec.
        let doc = dir.join(ccapi_codegen::openapi30::FILE_NAME);
        crate::openapi30::write(&api, &doc)?;
        let theirs = dir.join("theirs");
        let mut samples = Vec::new();
        for _ in 0..self.runs {
            if theirs.exists() {
                std::fs::remove_dir_all(&theirs).map_err(|e| format!("cannot remove {}: {e}", theirs.display()))?;
            }
            let mut cmd = progenitor::generate(&self.progenitor, &doc, &theirs, "synth_progenitor");
            samples.push(measure::run(&mut cmd, &dir.join("theirs-codegen.log"))?);
        }
        let theirs_codegen = measure::median(&samples).ok_or("no progenitor run")?;
        progenitor::own_workspace(&theirs)?;
        eprintln!(
            "bench-build: size {n}: codegen {:.3} s ours, {:.3} s theirs",
            ours_codegen.wall.as_secs_f64(),
            theirs_codegen.wall.as_secs_f64()
        );

        let generated = [ours.join(ccapi_codegen::MODELS_SRC), ours.join(ccapi_codegen::client::CLIENT_SRC)];
        let ours_lines = workspace::rust_lines(&generated)?;
        let theirs_lines = workspace::rust_lines(&[theirs.join("src")])?;

        // Debug builds: once to warm the dependencies, then rebuilds of the generated crates.
        let ours_target = self.base.join("target-ours");
        let theirs_target = self.base.join("target-theirs");
        self.warm(&ours, &ours_target, &dir.join("ours-build.log"))?;
        self.warm(&theirs, &theirs_target, &dir.join("theirs-build.log"))?;
        let ours_sources: Vec<PathBuf> = workspace::MEASURED.iter().map(|c| ours.join(c).join("src/lib.rs")).collect();
        let theirs_sources = [theirs.join("src/lib.rs")];
        let (mut ours_builds, mut theirs_builds) = (Vec::new(), Vec::new());
        for i in 0..self.runs {
            workspace::touch(&ours_sources)?;
            ours_builds.push(self.build(&ours, &ours_target, &dir.join("ours-build.log"), true)?);
            workspace::touch(&theirs_sources)?;
            theirs_builds.push(self.build(&theirs, &theirs_target, &dir.join("theirs-build.log"), true)?);
            eprintln!(
                "bench-build: size {n}: rebuild {}/{}: {:.2} s ours, {:.2} s theirs",
                i + 1,
                self.runs,
                ours_builds[i].as_secs_f64(),
                theirs_builds[i].as_secs_f64()
            );
        }
        Ok(report::Row {
            size: n,
            operations,
            ours_codegen,
            theirs_codegen,
            ours_lines,
            theirs_lines,
            ours_build: median(ours_builds),
            theirs_build: median(theirs_builds),
        })
    }

    /// The first build of a project: offline when the dependencies are cached, else online.
    fn warm(&self, project: &Path, target: &Path, log: &Path) -> Result<(), String> {
        let wall = match self.build(project, target, log, true) {
            Ok(w) => w,
            Err(_) => {
                eprintln!("bench-build: {} needs dependencies that are not cached: fetching them", project.display());
                self.build(project, target, log, false)?
            }
        };
        eprintln!("bench-build: warm build of {}: {:.1} s", project.display(), wall.as_secs_f64());
        Ok(())
    }

    /// `cargo build` of a project with its own target directory (without incremental compilation
    /// unless `--incremental`); its wall time.
    fn build(&self, project: &Path, target: &Path, log: &Path, offline: bool) -> Result<Duration, String> {
        let mut cmd = Command::new(&self.cargo);
        cmd.arg("build").arg("--manifest-path").arg(project.join("Cargo.toml"));
        if offline {
            cmd.arg("--offline");
        }
        cmd.env("CARGO_TARGET_DIR", target);
        if !self.incremental {
            cmd.env("CARGO_INCREMENTAL", "0");
        }
        Ok(measure::run(&mut cmd, log)?.wall)
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn options() {
        assert_eq!(parse(&[]).unwrap(), Options { sizes: vec![10, 100, 1000], runs: 3, incremental: false });
        assert_eq!(
            parse(&args("--sizes 5,50 --runs 1 --incremental")).unwrap(),
            Options { sizes: vec![5, 50], runs: 1, incremental: true }
        );
        assert!(parse(&args("--sizes 5,x")).unwrap_err().contains("`x`"));
        assert!(parse(&args("--runs 0")).is_err());
        assert!(parse(&args("--sizes")).is_err());
        assert!(parse(&args("--nope")).is_err());
    }

    #[test]
    fn the_reproduce_line_is_the_command_run() {
        let o = parse(&args("--sizes 100,1000 --runs 2")).unwrap();
        assert_eq!(reproduce(&o, Some(0)), "nice -n 0 cargo xtask bench-build --sizes 100,1000 --runs 2");
        assert_eq!(reproduce(&o, Some(7)), "nice -n 7 cargo xtask bench-build --sizes 100,1000 --runs 2");
        let o = parse(&args("--sizes 10 --runs 1 --incremental")).unwrap();
        assert_eq!(reproduce(&o, None), "cargo xtask bench-build --sizes 10 --runs 1 --incremental");
    }

    #[test]
    fn the_niceness_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            let n = niceness().expect("/proc/self/stat has the niceness");
            assert!((-20..=19).contains(&n), "{n}");
        }
    }
}
