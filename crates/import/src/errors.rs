//! Error codes: the page's table of private codes, and the failure codes its sample responses
//! show that the table lacks. Codes in the range the page calls "common" belong to the family's
//! shared error set and are left out.

use serde_json::Value as Json;

use crate::draft::{Draft, ErrorDraft};
use crate::family::Convention;
use crate::page::{HeadingKind, Page};
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
            add(draft, code, &squash(&r.description), Some(r.line));
        }
    }
    code_field_values(draft, tables, conv, common);
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
        let line = draft.anchors.iter().find(|(p, _)| *p == format!("examples.{}", e.name)).map(|a| a.1);
        add(draft, n, &message, line);
        draft.todo(
            format!("errors.{n}"),
            format!("not in the page's error table: read off the sample response of example `{}`", e.name),
        );
    }
    if draft.op.errors.is_empty() && !tables.iter().any(|t| t.has(Col::Code) && !t.rows.is_empty()) {
        unread_error_table(draft, page);
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

fn add(draft: &mut Draft, code: i64, description: &str, line: Option<usize>) {
    if let Some(l) = line {
        draft.anchor(format!("errors.{code}"), l);
    }
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

/// Codes listed in the description of the envelope's code field (`resultCode`: `1: Incorrect
/// parameters.`, one per line), but the success code.
fn code_field_values(draft: &mut Draft, tables: &[Table], conv: &Convention, common: Option<(i64, i64)>) {
    let Some(code_field) = conv.code_field else { return };
    let success = conv.success_code.and_then(|c| c.as_i64().or_else(|| c.as_str().and_then(|s| s.parse().ok())));
    for r in tables.iter().flat_map(|t| &t.rows).filter(|r| r.name.as_deref() == Some(code_field)) {
        for line in r.description.lines() {
            let Some(c) = rx!(r"^\s*(-?\d{1,9})\s*[:：]\s*(\S.*)$").captures(line) else { continue };
            let Ok(code) = c[1].parse::<i64>() else { continue };
            if Some(code) == success
                || common.is_some_and(|(lo, hi)| (lo..=hi).contains(&code))
                || draft.op.errors.iter().any(|e| e.code == code)
            {
                continue;
            }
            add(draft, code, &squash(&c[2]), Some(r.line));
        }
    }
}

/// An error-code heading, or a table header cut short, with no table of codes read: a doubt with
/// its line, so that nothing is dropped silently.
fn unread_error_table(draft: &mut Draft, page: &Page) {
    let says_none = |line: usize| {
        page.section_after(line)
            .map(|i| lower(page.lines[i].trim()))
            .find(|l| !l.is_empty())
            .is_some_and(|l| matches!(l.trim_end_matches('.'), "none" | "n/a" | "无" | "-"))
    };
    let heading = page
        .headings
        .iter()
        .find(|h| h.kind == HeadingKind::Errors)
        .filter(|h| !says_none(h.line))
        .map(|h| (h.line, h.text.clone()));
    if heading.is_none() && page.headings.iter().any(|h| h.kind == HeadingKind::Errors) {
        return;
    }
    let cut = || {
        (page.start..page.end).rev().find_map(|i| {
            let l = lower(&page.lines[i]);
            (l.contains('|') && rx!(r"error codes?\s*\|").is_match(&l)).then(|| (i, squash(&page.lines[i])))
        })
    };
    if let Some((line, text)) = heading.or_else(cut) {
        let shown: String = text.chars().rev().take(60).collect::<Vec<_>>().into_iter().rev().collect();
        draft.todo(
            "errors",
            format!(
                "line {}: the page introduces error codes (`{shown}`) but no table of codes could be read there: add the codes by hand",
                line + 1
            ),
        );
    }
}
