//! Error codes: the page's table of private codes, and the failure codes its sample responses
//! show that the table lacks. Codes in the range the page calls "common" belong to the family's
//! shared error set and are left out.

use serde_json::Value as Json;

use crate::draft::{Draft, ErrorDraft};
use crate::family::Convention;
use crate::page::Page;
use crate::prose;
use crate::rx::{lower, rx, squash};
use crate::table::{Col, Table};

/// The range of codes the page calls common (`common error codes (60000 to 79999)`).
fn common_range(page: &Page) -> Option<(i64, i64)> {
    let text = lower(&page.lines[page.start..page.end].join(" "));
    let c = rx!(r"common (?:backend )?error codes?\s*\(\s*(\d+)\s*(?:to|-|~|–)\s*(\d+)\s*\)").captures(&text)?;
    Some((c.get(1)?.as_str().parse().ok()?, c.get(2)?.as_str().parse().ok()?))
}

/// Adds the page's error codes to the draft.
pub fn build(draft: &mut Draft, page: &Page, tables: &[Table], conv: &Convention) {
    let common = common_range(page);
    let mut skipped = Vec::new();
    for t in tables.iter().filter(|t| t.has(Col::Code)) {
        for r in &t.rows {
            let Some(code) = r.code.as_deref().and_then(|c| c.trim().parse::<i64>().ok()) else { continue };
            if common.is_some_and(|(lo, hi)| (lo..=hi).contains(&code)) {
                skipped.push(code.to_string());
                continue;
            }
            if draft.op.errors.iter().any(|e| e.code == code) {
                draft.todo(format!("errors.{code}"), "the page lists this code twice: the first description is kept");
                continue;
            }
            add(draft, code, &squash(&r.description));
        }
    }
    if !skipped.is_empty() {
        draft.notes.push(format!(
            "error codes {} are in the common range the page names: left to the shared error sets",
            skipped.join(", ")
        ));
    }
    if let Some((lo, hi)) = common {
        draft.notes.push(format!("the page refers to common error codes {lo} to {hi}: the family's shared error sets"));
    }
    // Failure codes the sample responses show.
    for e in draft.op.examples.clone() {
        let Some(obj) = e.response.as_ref().and_then(Json::as_object) else { continue };
        let Some(code) = conv.code_field.and_then(|f| obj.get(f)) else { continue };
        if Some(code) == conv.success_code {
            continue;
        }
        let Some(n) = code.as_i64().or_else(|| code.as_str().and_then(|s| s.trim().parse().ok())) else { continue };
        if draft.op.errors.iter().any(|x| x.code == n) {
            continue;
        }
        let message = conv.message_field.and_then(|f| obj.get(f)).and_then(Json::as_str).unwrap_or("").to_string();
        add(draft, n, &message);
        draft.todo(
            format!("errors.{n}"),
            format!("not in the page's error table: read off the sample response of example `{}`", e.name),
        );
    }
    let statuses: Vec<String> = page.lines[page.start..page.end]
        .iter()
        .filter_map(|l| {
            rx!(r"status code:?\s*(\d{3})\b").captures(&lower(l)).and_then(|c| c.get(1)).map(|m| m.as_str().to_string())
        })
        .filter(|s| s != "200")
        .collect();
    if !statuses.is_empty() {
        draft.notes.push(format!(
            "HTTP statuses {} are documented: they belong to the envelope `{}` (http_statuses)",
            statuses.join(", "),
            conv.envelope
        ));
    }
}

fn add(draft: &mut Draft, code: i64, description: &str) {
    let (retryable, doubt) = prose::retryable(description);
    if let Some(d) = doubt {
        draft.todo(format!("errors.{code}"), d);
    }
    let mut name = prose::error_name(description);
    if name.is_empty() || name == "Unknown" {
        name = format!("Code{}", code.unsigned_abs());
    }
    if draft.op.errors.iter().any(|e| e.name == name) {
        name = format!("{name}{}", code.unsigned_abs());
    }
    draft.op.errors.push(ErrorDraft { code, name, description: description.to_string(), retryable });
}
