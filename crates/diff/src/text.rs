//! The report as text for people: changes grouped by operation, each with its classification,
//! then the recommended bumps and the verdict on `api.version`.

use std::fmt::Write as _;

use crate::change::{Change, Level};
use crate::report::Report;
use crate::semver::{Bump, Version, bump_between};

/// The heading of changes that belong to no operation.
const SPEC_WIDE: &str = "spec-wide";

/// Renders the report; `old_label` and `new_label` name the two sides as the user gave them.
pub fn render(report: &Report, old_label: &str, new_label: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "ccapi diff: {old_label} (api.version {}) → {new_label} (api.version {})",
        report.old_version, report.new_version
    );
    out.push('\n');
    out.push_str(&render_changes(&report.changes));
    recommendation(&mut out, report);
    out
}

/// Renders changes as [`render`] lists them: grouped by operation, each with its classification,
/// then their count by level (or `no changes`).
pub fn render_changes(list: &[Change]) -> String {
    let mut out = String::new();
    if list.is_empty() {
        out.push_str("no changes\n\n");
    } else {
        changes(&mut out, list);
        summary(&mut out, list);
    }
    out
}

/// `breaking` when both audiences agree, else `schema: breaking, rust: compatible`.
fn tag(c: &Change) -> String {
    if c.schema == c.rust { c.schema.to_string() } else { format!("schema: {}, rust: {}", c.schema, c.rust) }
}

fn changes(out: &mut String, changes: &[Change]) {
    let mut groups: Vec<(&str, Vec<&Change>)> = Vec::new();
    for c in changes {
        let name = c.operation.as_deref().unwrap_or(SPEC_WIDE);
        match groups.iter_mut().find(|(g, _)| *g == name) {
            Some((_, list)) => list.push(c),
            None => groups.push((name, vec![c])),
        }
    }
    let width = changes.iter().map(|c| tag(c).chars().count()).max().unwrap_or(0);
    for (name, list) in groups {
        let _ = writeln!(out, "{name}");
        for c in list {
            let _ = writeln!(out, "  {:<width$}  {}: {}", tag(c), c.location, c.detail);
        }
        out.push('\n');
    }
}

fn summary(out: &mut String, changes: &[Change]) {
    let count = |levels: &[Level], pick: fn(&Change) -> Level| {
        let parts: Vec<String> = levels
            .iter()
            .filter_map(|l| {
                let n = changes.iter().filter(|c| pick(c) == *l).count();
                (n > 0).then(|| format!("{n} {l}"))
            })
            .collect();
        parts.join(", ")
    };
    let n = changes.len();
    let _ = writeln!(
        out,
        "{n} change{}. schemas: {}. rust: {}.",
        if n == 1 { "" } else { "s" },
        count(&[Level::Breaking, Level::Compatible, Level::Docs], |c| c.schema),
        count(&[Level::Breaking, Level::Notable, Level::Compatible, Level::Docs], |c| c.rust),
    );
    out.push('\n');
}

fn recommendation(out: &mut String, report: &Report) {
    let old = Version::parse(&report.old_version);
    let target = |bump: Bump| match old {
        Some(v) if bump != Bump::None => format!(" ({} → {})", report.old_version, v.next(bump)),
        _ => String::new(),
    };
    let rec = report.recommended;
    let _ = writeln!(out, "recommended bump");
    let _ = writeln!(out, "  generated crates (rust): {}{}", rec.rust.as_str(), target(rec.rust));
    let _ = writeln!(out, "  published schemas:       {}{}", rec.schemas.as_str(), target(rec.schemas));
    if let Some(note) = old.and_then(Version::zero_note).filter(|_| rec.overall() >= Bump::Minor) {
        let _ = writeln!(out, "  note: {note}");
    }
    let new = Version::parse(&report.new_version);
    let made = match (old, new) {
        (Some(o), Some(n)) => bump_between(o, n),
        _ => Bump::None,
    };
    let head = format!("api.version {} → {}", report.old_version, report.new_version);
    let verdict = match (report.version_ok, rec.overall()) {
        (false, _) => match old {
            Some(o) => format!("not enough: the breaking changes need at least {}", o.next(Bump::Major)),
            None => "not enough: the breaking changes need a major bump, and the version is not semver".to_string(),
        },
        (true, Bump::Major) => "enough for the breaking changes".to_string(),
        (true, wanted) if made >= wanted => "ok".to_string(),
        (true, wanted) => format!("ok (only breaking changes are enforced; a {} bump is recommended)", wanted.as_str()),
    };
    let _ = writeln!(out, "{head}: {verdict}");
}
