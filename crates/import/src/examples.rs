//! Samples → examples: each read (and repaired where unambiguous), sorted into requests and
//! responses, paired, named after its label; then checked against the draft, so that the draft
//! states what the samples show (an undocumented key, a `null`, an unlisted enum value) and marks
//! a sample that breaks the page's own rules.

use ccapi_loader::instance::Rule;
use ccapi_loader::naming::{is_snake, snake};
use serde_json::Value as Json;

use crate::draft::{Draft, ExampleDraft, FieldDraft, TypeKindDraft, Unreadable, ValueDraft};
use crate::family::Convention;
use crate::lowered::{Finding, Lowered};
use crate::page::{Dir, HeadingKind, Page};
use crate::repair::{Repaired, repair};
use crate::rx::{lower, rx, squash};
use crate::sample::Sample;
use crate::spec::Spec;

/// A sample read and sorted.
#[derive(Clone, Debug)]
pub struct Read {
    /// The sample.
    pub sample: Sample,
    /// Its value and repairs, or why it could not be read.
    pub parsed: Result<Repaired, String>,
    /// Request or response.
    pub dir: Dir,
}

/// The wire names of the page's request and response tables, which tell a sample's direction by
/// its shape.
#[derive(Clone, Debug, Default)]
pub struct Shapes {
    /// Names in the request tables.
    pub request: Vec<String>,
    /// Names in the response tables (the envelope's left out).
    pub response: Vec<String>,
}

impl Shapes {
    /// The direction the keys of a sample body fit: every key a request name and one of them no
    /// response name, or the other way round.
    fn direction(&self, keys: &[&String]) -> Option<Dir> {
        let all = |names: &[String]| !keys.is_empty() && keys.iter().all(|k| names.contains(k));
        let some_not = |names: &[String]| keys.iter().any(|k| !names.contains(k));
        if all(&self.request) && some_not(&self.response) {
            Some(Dir::Request)
        } else if all(&self.response) && some_not(&self.request) {
            Some(Dir::Response)
        } else {
            None
        }
    }
}

/// Reads every sample and decides whether it is a request or a response: a body carrying the
/// envelope's fields is a response; else its shape says (its keys are the request table's, or the
/// response table's), else its label, else its section's heading.
pub fn read(page: &Page, samples: &[Sample], conv: &Convention, shapes: &Shapes) -> Vec<Read> {
    samples
        .iter()
        .map(|s| {
            let parsed = repair(&s.raw);
            let object = parsed.as_ref().ok().and_then(|r| r.value.as_object());
            let enveloped = object.is_some_and(|o| {
                conv.code_field.is_some_and(|f| o.contains_key(f))
                    || conv.envelope_fields.iter().any(|f| o.contains_key(*f))
            });
            let shaped = object.and_then(|o| shapes.direction(&o.keys().collect::<Vec<_>>()));
            let label = s.label.as_deref().map(lower).unwrap_or_default();
            let section = page.heading_before(s.line).and_then(|h| match h.kind {
                HeadingKind::Samples(d) | HeadingKind::Fields(d) => d,
                _ => None,
            });
            let dir = if enveloped {
                Dir::Response
            } else if let Some(d) = shaped {
                d
            } else if label.contains("response") {
                Dir::Response
            } else if rx!(r"\brequest|\bcall\b|invocation|\bsend").is_match(&label) {
                Dir::Request
            } else if rx!(r"\breturn|\bresult|\breply").is_match(&label) {
                Dir::Response
            } else {
                section.unwrap_or(Dir::Request)
            };
            Read { sample: s.clone(), parsed, dir }
        })
        .collect()
}

/// A label made into a summary: list markers, `Scenario:` and trailing colons removed.
fn clean_label(label: &str) -> String {
    let t = label.trim().trim_start_matches(['-', '*', '•']).trim();
    let cut = rx!(r"^(?:scenario|example|sample|case)\s*\d*\s*[:：]\s*").find(&lower(t)).map_or(0, |m| m.end());
    let kept = t.get(cut..).unwrap_or(t);
    squash(kept.trim_end_matches([':', '：']).trim())
}

/// A snake_case example name from a label, unique among `taken`.
fn name_from(label: &str, taken: &[String]) -> String {
    const SKIP: &[&str] = &["a", "an", "the"];
    // A parenthesis explains; the name keeps what comes before it.
    let label = match label.split_once(" (") {
        Some((head, _)) if !head.trim().is_empty() => head,
        _ => label,
    };
    let words: Vec<String> = label
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(lower)
        .filter(|w| !SKIP.contains(&w.as_str()))
        .take(6)
        .collect();
    if words.is_empty() {
        return unique("example", taken);
    }
    let mut base = snake(&words.join("_"));
    if !is_snake(&base) {
        base = format!("example{base}");
    }
    if !is_snake(&base) {
        base = "example".into();
    }
    unique(&base, taken)
}

fn unique(base: &str, taken: &[String]) -> String {
    let mut name = base.to_string();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

fn join_errata(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(format!("Request: {a} Response: {b}")),
        (a, b) => a.or(b),
    }
}

/// Builds the draft's examples from the samples, pairing each response with the request it
/// follows; a response shown apart (its own section) stays its own example with a TODO, unless
/// the page has a single request.
pub fn build(draft: &mut Draft, page: &Page, read: &[Read]) {
    let requests = read.iter().filter(|r| r.dir == Dir::Request && r.parsed.is_ok()).count();
    let mut prev: Option<(usize, Dir, Option<usize>)> = None; // (example index, dir, section line)
    for r in read {
        // Each example is anchored at the line of its first sample.
        let before = draft.op.examples.len();
        build_one(draft, page, r, requests, &mut prev);
        if draft.op.examples.len() > before {
            let name = format!("examples.{}", draft.op.examples[before].name);
            draft.anchor(name, r.sample.line);
        }
    }
}

/// Adds one sample to the examples: a new example, or the response of the one it answers.
fn build_one(
    draft: &mut Draft,
    page: &Page,
    r: &Read,
    requests: usize,
    prev: &mut Option<(usize, Dir, Option<usize>)>,
) {
    let section = page.heading_before(r.sample.line).map(|h| h.line);
    let label = r.sample.label.as_deref().map(clean_label).filter(|l| !l.is_empty());
    let value = match &r.parsed {
        Ok(v) => v,
        Err(reason) => {
            let line = r.sample.line + 1;
            draft.op.unreadable.push(Unreadable {
                label: label.clone(),
                raw: r.sample.raw.clone(),
                reason: reason.clone(),
            });
            draft.todo(
                    "examples",
                    format!(
                        "line {line}: the sample {} is not valid JSON ({reason}) and has no unambiguous repair: kept as a comment",
                        label.as_deref().map_or("without a label".to_string(), |l| format!("\"{l}\""))
                    ),
                );
            return;
        }
    };
    let taken: Vec<String> = draft.op.examples.iter().map(|e| e.name.clone()).collect();
    match r.dir {
        Dir::Request => {
            let name = name_from(label.as_deref().unwrap_or("example"), &taken);
            draft.op.examples.push(ExampleDraft {
                name,
                summary: label.clone(),
                request: Some(value.value.clone()),
                response: None,
                erratum: value.erratum(),
                breaks: Vec::new(),
            });
            *prev = Some((draft.op.examples.len() - 1, Dir::Request, section));
        }
        Dir::Response => {
            if r.sample.alternative
                && let Some((i, Dir::Response, _)) = *prev
            {
                let base = draft.op.examples[i].clone();
                let name = unique(&format!("{}_alternative", base.name), &taken);
                draft.todo(
                    format!("examples.{name}"),
                    "the page gives this response as an alternative (\"or\") to the one before, for the same request",
                );
                draft.op.examples.push(ExampleDraft {
                    name,
                    summary: base.summary.map(|s| format!("{s} (alternative response)")),
                    request: base.request,
                    response: Some(value.value.clone()),
                    erratum: value.erratum(),
                    breaks: Vec::new(),
                });
                *prev = Some((draft.op.examples.len() - 1, Dir::Response, section));
                return;
            }
            let follows = match *prev {
                Some((i, Dir::Request, s)) => s == section && draft.op.examples[i].response.is_none(),
                _ => false,
            };
            let single = (requests == 1)
                .then(|| draft.op.examples.iter().position(|e| e.request.is_some() && e.response.is_none()))
                .flatten();
            let target = match *prev {
                Some((i, Dir::Request, _)) if follows => Some(i),
                _ => single,
            };
            if let Some(i) = target {
                let e = &mut draft.op.examples[i];
                e.response = Some(value.value.clone());
                e.erratum = join_errata(e.erratum.take(), value.erratum());
                *prev = Some((i, Dir::Response, section));
                return;
            }
            let heading = page.heading_before(r.sample.line).map(|h| h.text.clone());
            let summary = label.clone().or(heading);
            let name = name_from(summary.as_deref().unwrap_or("response"), &taken);
            if requests > 0 {
                draft.todo(
                    format!("examples.{name}"),
                    "a response shown apart from the requests: which request does it answer? Kept as its own example",
                );
            }
            draft.op.examples.push(ExampleDraft {
                name,
                summary,
                request: None,
                response: Some(value.value.clone()),
                erratum: value.erratum(),
                breaks: Vec::new(),
            });
            *prev = Some((draft.op.examples.len() - 1, Dir::Response, section));
        }
    }
}

/// The JSON type of a sample value, as a spec type.
fn inferred(v: &Json) -> &'static str {
    match v {
        Json::String(_) | Json::Null => "string",
        Json::Number(n) if n.is_f64() => "f64",
        Json::Number(_) => "i64",
        Json::Bool(_) => "bool",
        Json::Array(_) => "array<json>",
        Json::Object(_) => "json",
    }
}

/// Makes the draft state what the samples show, then marks samples breaking the page's rules;
/// both as the spec's instance checker finds them on the draft lowered beside `spec` (when the
/// draft does not load, nothing is checked).
pub fn reconcile(draft: &mut Draft, envelope: &[&str], spec: &Spec) {
    // Keys the table does not document.
    for dir in [Dir::Request, Dir::Response] {
        let place = dir_place(dir);
        let bodies: Vec<(String, Json)> = draft
            .op
            .examples
            .iter()
            .filter_map(|e| {
                let body = if dir == Dir::Request { e.request.clone() } else { e.response.clone() };
                body.map(|b| (format!("examples.{}", e.name), b))
            })
            .collect();
        for (example, b) in &bodies {
            let line = draft.anchors.iter().find(|(p, _)| p == example).map(|a| a.1);
            let Some(obj) = b.as_object() else { continue };
            for (k, v) in obj {
                let fields = body_fields(draft, dir);
                if envelope.contains(&k.as_str()) || fields.iter().any(|f| f.wire == *k) {
                    continue;
                }
                // The table's field spelt in another case (`IMAgentUserId` / `IMAgentUserID`): one
                // field, sent as the samples spell it.
                if let Some(f) = body_fields_mut(draft, dir).iter_mut().find(|f| f.wire.eq_ignore_ascii_case(k)) {
                    let table = std::mem::replace(&mut f.wire, k.clone());
                    f.erratum = Some(format!(
                        "The page's table spells the field `{table}`, its samples `{k}`; the draft sends the samples' spelling."
                    ));
                    let moved: Vec<(usize, String)> = draft
                        .todos
                        .iter()
                        .enumerate()
                        .filter_map(|(i, t)| {
                            t.place.strip_prefix(&format!("{place}.fields.{table}")).map(|rest| (i, rest.to_string()))
                        })
                        .collect();
                    for (i, rest) in moved {
                        draft.todos[i].place = format!("{place}.fields.{k}{rest}");
                    }
                    draft.todo(
                        format!("{place}.fields.{k}"),
                        format!("the table spells it `{table}`, the samples `{k}`: one field, sent as the samples spell it; check which the vendor accepts"),
                    );
                    continue;
                }
                let mut f = FieldDraft::new(k, inferred(v));
                f.nullable = v.is_null();
                body_fields_mut(draft, dir).push(f);
                if let Some(l) = line {
                    draft.anchor(format!("{place}.fields.{k}"), l);
                }
                draft.todo(
                    format!("{place}.fields.{k}"),
                    format!(
                        "sent in the samples but not in the page's table: type `{}` read off the sample",
                        inferred(v)
                    ),
                );
            }
        }
    }
    // Nulls and enum values the samples send, found by the spec's checker on the lowered draft.
    if all_bodies(draft).is_empty() {
        return;
    }
    let mut lowered = Lowered::new(draft, spec);
    for _ in 0..4 {
        let Ok(low) = &lowered else { break };
        let mut changed = false;
        for (dir, body) in all_bodies(draft) {
            for f in low.body(draft, dir, &body) {
                let Some(place) = f.place else { continue };
                match f.violation.rule {
                    Rule::Null => {
                        if let Some(field) = field_at_mut(draft, &place)
                            && !field.nullable
                        {
                            field.nullable = true;
                            let ty = field.ty.clone();
                            draft.todo(
                                format!("{place}.nullable"),
                                format!("typed `{ty}`, but the samples send null: null accepted (nullable); check"),
                            );
                            changed = true;
                        }
                    }
                    Rule::NotListed(value) if add_enum_value(draft, &place, &value) => changed = true,
                    _ => {}
                }
            }
        }
        if !changed {
            break;
        }
        lowered = Lowered::new(draft, spec);
    }
    // Lengths the page's samples break: accepted, the table's limit kept under `documented`.
    if let Ok(low) = &lowered
        && crate::contradiction::accept_sample_lengths(draft, low)
    {
        lowered = Lowered::new(draft, spec);
    }
    let Ok(low) = lowered else { return };
    // Samples still breaking a documented rule: requests keep them with `breaks` (unless the whole
    // body is wrong), responses are left out.
    for i in 0..draft.op.examples.len() {
        let e = draft.op.examples[i].clone();
        if let Some(req) = &e.request {
            let found = low.body(draft, Dir::Request, req);
            let mut breaks: Vec<String> = found.iter().map(|f| f.violation.field.clone()).collect();
            breaks.sort();
            breaks.dedup();
            if breaks.iter().any(String::is_empty) {
                leave_out(draft, i, Dir::Request, &found);
            } else if !breaks.is_empty() {
                let note = format!(
                    "The sample breaks the page's own rules ({}); it is kept verbatim, so validation flags {} here.",
                    what(&found),
                    breaks.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
                );
                let ex = &mut draft.op.examples[i];
                ex.breaks.extend(breaks);
                ex.breaks.sort();
                ex.breaks.dedup();
                ex.erratum = Some(match ex.erratum.take() {
                    Some(prev) => format!("{prev} {note}"),
                    None => note,
                });
                draft.todo(
                    format!("examples.{}", e.name),
                    "the page's sample breaks the page's own rules: kept with `breaks`; decide which is right",
                );
            }
        }
        if let Some(resp) = &e.response {
            let found = low.body(draft, Dir::Response, resp);
            if !found.is_empty() {
                leave_out(draft, i, Dir::Response, &found);
            }
        }
    }
    draft.op.examples.retain(|e| e.request.is_some() || e.response.is_some());
}

/// What the findings say, each under its top-level field.
fn what(found: &[Finding]) -> String {
    let each: Vec<String> = found.iter().map(|f| format!("`{}`: {}", f.top, f.violation.message)).collect();
    each.join("; ")
}

/// Leaves the request or response of example `i` out, kept as a comment, because it contradicts
/// the page's table.
fn leave_out(draft: &mut Draft, i: usize, dir: Dir, found: &[Finding]) {
    let e = &mut draft.op.examples[i];
    let (name, label) = (e.name.clone(), e.summary.clone());
    let side = dir_place(dir);
    let body = match dir {
        Dir::Request => e.request.take(),
        Dir::Response => e.response.take(),
    };
    draft.op.unreadable.push(crate::draft::Unreadable {
        label,
        raw: body.map(|b| b.to_string()).unwrap_or_default(),
        reason: format!("the {side} contradicts the page's table ({})", what(found)),
    });
    draft.todo(
        format!("examples.{name}"),
        format!("the {side} sample contradicts the page's table ({}): left out, kept as a comment", what(found)),
    );
}

/// `request` or `response`: the draft place of a body.
pub(crate) fn dir_place(dir: Dir) -> &'static str {
    match dir {
        Dir::Request => "request",
        Dir::Response => "response",
    }
}

/// The fields of the request or response body.
pub(crate) fn body_fields(draft: &Draft, dir: Dir) -> &[FieldDraft] {
    match dir {
        Dir::Request => &draft.op.request.fields,
        Dir::Response => &draft.op.response.fields,
    }
}

fn body_fields_mut(draft: &mut Draft, dir: Dir) -> &mut Vec<FieldDraft> {
    match dir {
        Dir::Request => &mut draft.op.request.fields,
        Dir::Response => &mut draft.op.response.fields,
    }
}

fn all_bodies(draft: &Draft) -> Vec<(Dir, Json)> {
    let mut out = Vec::new();
    for e in &draft.op.examples {
        if let Some(r) = &e.request {
            out.push((Dir::Request, r.clone()));
        }
        if let Some(r) = &e.response {
            out.push((Dir::Response, r.clone()));
        }
    }
    out
}

/// The field at a draft place (`request.fields.x`, `types.T.fields.x`).
pub fn field_at_mut<'a>(draft: &'a mut Draft, place: &str) -> Option<&'a mut FieldDraft> {
    let (owner, wire) = place.rsplit_once(".fields.")?;
    let fields = match owner {
        "request" => &mut draft.op.request.fields,
        "response" => &mut draft.op.response.fields,
        t => {
            let name = t.strip_prefix("types.")?;
            match &mut draft.types.iter_mut().find(|x| x.name == name)?.kind {
                TypeKindDraft::Struct { fields } => fields,
                TypeKindDraft::Enum { .. } => return None,
            }
        }
    };
    fields.iter_mut().find(|f| f.wire == wire)
}

/// Adds a value the samples send to the enum of the field at `place`.
fn add_enum_value(draft: &mut Draft, place: &str, value: &Json) -> bool {
    let Some(ty) =
        field_at_mut(draft, place).map(|f| f.ty.trim_start_matches("array<").trim_end_matches('>').to_string())
    else {
        return false;
    };
    let Some(t) = draft.types.iter_mut().find(|t| t.name == ty) else { return false };
    let TypeKindDraft::Enum { integer, values } = &mut t.kind else { return false };
    let fits = if *integer { value.is_i64() } else { value.is_string() };
    if !fits || values.iter().any(|v| v.value == *value) {
        return false;
    }
    let name = if *integer { Some(format!("Value{}", value.as_i64().unwrap_or_default())) } else { None };
    values.push(ValueDraft { value: value.clone(), name, description: String::new() });
    let tname = t.name.clone();
    draft.todo(
        format!("types.{tname}"),
        format!("the samples send {value}, which the page does not list: added; describe it"),
    );
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_tell_requests_from_responses() {
        let shapes = Shapes {
            request: vec!["GroupId".into(), "ReqMsgNumber".into()],
            response: vec!["GroupId".into(), "RspMsgList".into()],
        };
        let (g, n, r) = ("GroupId".to_string(), "ReqMsgNumber".to_string(), "RspMsgList".to_string());
        assert_eq!(shapes.direction(&[&g, &n]), Some(Dir::Request));
        assert_eq!(shapes.direction(&[&g, &r]), Some(Dir::Response));
        assert_eq!(shapes.direction(&[&g]), None, "a key of both tables says nothing");
        assert_eq!(shapes.direction(&[]), None);
    }

    #[test]
    fn labels_and_names() {
        assert_eq!(
            clean_label("- Scenario: Send a request for connecting to the robot."),
            "Send a request for connecting to the robot."
        );
        assert_eq!(clean_label("Last call:"), "Last call");
        assert_eq!(
            name_from("Send a request for connecting to the robot.", &[]),
            "send_request_for_connecting_to_robot"
        );
        assert_eq!(name_from("First invocation", &["first_invocation".into()]), "first_invocation_2");
        assert_eq!(name_from("1. call", &[]), "example_1_call");
        assert_eq!(name_from("", &[]), "example");
    }
}
