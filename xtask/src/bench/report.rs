//! The table `bench-build` prints: one row per size, ratios ours/theirs.

use std::time::Duration;

use super::measure::Sample;

/// The measurements of one size.
#[derive(Clone, Debug)]
pub struct Row {
    /// Synthetic operations added to the real spec.
    pub size: usize,
    /// Operations of the grown spec (real and synthetic).
    pub operations: usize,
    /// Our codegen (median).
    pub ours_codegen: Sample,
    /// cargo-progenitor (median).
    pub theirs_codegen: Sample,
    /// Generated Rust lines, ours.
    pub ours_lines: usize,
    /// Generated Rust lines, theirs.
    pub theirs_lines: usize,
    /// Debug rebuild of our generated crates (median).
    pub ours_build: Duration,
    /// Debug rebuild of progenitor's crate (median).
    pub theirs_build: Duration,
}

fn ratio(ours: f64, theirs: f64) -> String {
    if theirs > 0.0 { format!("{:.2}", ours / theirs) } else { "-".into() }
}

/// The table, its legend and the command that reproduces it.
pub fn render(rows: &[Row], runs: usize, incremental: bool, reproduce: &str) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "{:>5} {:>5} | {:>23} | {:>23} | {:>13} | {:>23}\n",
        "", "", "codegen wall s", "codegen peak MiB", "lines/op", "debug build s"
    ));
    s.push_str(&format!(
        "{:>5} {:>5} | {:>7} {:>7} {:>7} | {:>7} {:>7} {:>7} | {:>6} {:>6} | {:>7} {:>7} {:>7}\n",
        "size",
        "ops",
        "ours",
        "theirs",
        "ratio",
        "ours",
        "theirs",
        "ratio",
        "ours",
        "theirs",
        "ours",
        "theirs",
        "ratio"
    ));
    for r in rows {
        let (og, tg) = (r.ours_codegen.wall.as_secs_f64(), r.theirs_codegen.wall.as_secs_f64());
        let (om, tm) = (r.ours_codegen.peak_mib(), r.theirs_codegen.peak_mib());
        let (ob, tb) = (r.ours_build.as_secs_f64(), r.theirs_build.as_secs_f64());
        let per_op = |lines: usize| lines as f64 / r.operations.max(1) as f64;
        s.push_str(&format!(
            "{:>5} {:>5} | {og:>7.3} {tg:>7.3} {:>7} | {om:>7.1} {tm:>7.1} {:>7} | {:>6.0} {:>6.0} | {ob:>7.2} {tb:>7.2} {:>7}\n",
            r.size,
            r.operations,
            ratio(og, tg),
            ratio(om, tm),
            per_op(r.ours_lines),
            per_op(r.theirs_lines),
            ratio(ob, tb),
        ));
    }
    s.push_str(&format!(
        "\nsize: synthetic operations added to the real spec; ops: operations of the grown spec; ratios are ours/theirs;\n\
         medians of {runs} run(s).\n\
         codegen: ours is the release-built `xtask codegen --spec --out` (load, validate and write every generated file:\n\
         models, client, CLI catalogue, JSON Schemas, OpenAPI 3.1, protocol tests); theirs is cargo-progenitor {} on the\n\
         OpenAPI 3.0 document of the same spec (written beforehand, not timed). peak: the child's maximum resident set.\n\
         lines/op: lines of the generated .rs files (ours: models and client src/generated; theirs: src/) per operation.\n\
         debug build: `cargo build --offline` {} after touching the generated crates' sources, dependencies\n\
         built (ours: ccapi-models with its support module, and ccapi-client, over ccapi-runtime, a dependency; theirs: its one\n\
         crate, over progenitor-client, a dependency).\n\
         reproduce: {reproduce}\n",
        super::progenitor::VERSION,
        if incremental { "(incremental)" } else { "(CARGO_INCREMENTAL=0)" },
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_has_its_ratios() {
        let sample = |ms, kib| Sample { wall: Duration::from_millis(ms), peak_kib: kib };
        let row = Row {
            size: 10,
            operations: 15,
            ours_codegen: sample(200, 20480),
            theirs_codegen: sample(100, 10240),
            ours_lines: 1500,
            theirs_lines: 3000,
            ours_build: Duration::from_secs(3),
            theirs_build: Duration::from_secs(6),
        };
        let t = render(&[row], 3, false, "cargo xtask bench-build --sizes 10");
        let line = t.lines().nth(2).unwrap();
        assert!(line.contains("2.00") && line.contains(" 0.50") && line.contains(" 100    200 |"), "{line}");
        assert!(t.contains("reproduce: cargo xtask bench-build --sizes 10"));
    }
}
