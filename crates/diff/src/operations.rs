//! Operations: added, removed, and for those kept, their metadata, error codes and both bodies.

use std::collections::BTreeSet;

use ccapi_loader::ir::{Api, ErrorCode, Operation, Paging, Polling, RateLimit, Streaming};

use crate::change::{Direction, Kind};
use crate::pair::{Pair, pairs};
use crate::sink::{Sink, docs_changed};
use crate::walk::Walker;

/// Compares every operation (matched by id); returns the keys of the types the body walks
/// compared, so that the spec-wide pass can skip them.
pub(crate) fn compare(old: &Api, new: &Api, sink: &mut Sink) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for o in old.operations() {
        match new.operations().find(|n| n.id == o.id) {
            Some(n) => seen.extend(operation(old, new, o, n, sink)),
            None => {
                let detail = format!("operation removed ({} {})", o.method, o.path);
                sink.push(Some(&o.id), None, "operation", Kind::OperationRemoved, detail);
            }
        }
    }
    for n in new.operations().filter(|n| !old.operations().any(|o| o.id == n.id)) {
        let detail = format!("operation added ({} {})", n.method, n.path);
        sink.push(Some(&n.id), None, "operation", Kind::OperationAdded, detail);
    }
    seen
}

/// Compares one operation with another; returns the keys of the types the body walks compared.
pub(crate) fn operation(old: &Api, new: &Api, o: &Operation, n: &Operation, sink: &mut Sink) -> BTreeSet<String> {
    let id = Some(n.id.as_str());
    let docs = docs_changed(&[
        ("summary", o.summary != n.summary),
        ("description", o.description != n.description),
        ("source page", o.docs != n.docs),
        ("examples", o.examples != n.examples),
        ("invalid requests", o.invalid_requests != n.invalid_requests),
    ]);
    if let Some(d) = docs {
        sink.push(id, None, "operation", Kind::Docs, d);
    }
    if o.rust_name != n.rust_name || o.error_enum != n.error_enum {
        let detail =
            format!("Rust names `{}`/`{}` are now `{}`/`{}`", o.rust_name, o.error_enum, n.rust_name, n.error_enum);
        sink.push(id, None, "operation", Kind::RustNameChanged, detail);
    }
    if o.method != n.method {
        sink.push(id, None, "method", Kind::MethodChanged, format!("method changed from {} to {}", o.method, n.method));
    }
    if o.path != n.path {
        sink.push(id, None, "path", Kind::PathChanged, format!("path changed from {} to {}", o.path, n.path));
    }
    if o.idempotent != n.idempotent {
        let detail = if n.idempotent { "now idempotent" } else { "no longer idempotent" };
        sink.push(id, None, "idempotent", Kind::IdempotencyChanged, detail);
    }
    rate_limit(id, o.rate_limit.as_ref(), n.rate_limit.as_ref(), sink);
    call_pattern(id, "paging", o.paging.as_ref().map(paging_fields), n.paging.as_ref().map(paging_fields), sink);
    call_pattern(
        id,
        "streaming",
        o.streaming.as_ref().map(streaming_fields),
        n.streaming.as_ref().map(streaming_fields),
        sink,
    );
    call_pattern(id, "polling", o.polling.as_ref().map(polling_fields), n.polling.as_ref().map(polling_fields), sink);
    operation_errors(old, new, o, n, sink);

    let mut seen = BTreeSet::new();
    let mut walk = Walker::new(old, new, id, Direction::Request, sink);
    walk.named(o.request, n.request, "request");
    seen.extend(walk.into_seen());
    let mut walk = Walker::new(old, new, id, Direction::Response, sink);
    walk.skip_fields("response", shared_envelope_fields(old, new, o, n));
    walk.named(o.response, n.response, "response");
    seen.extend(walk.into_seen());
    seen
}

/// The wire names of the envelope fields of the response when the operation uses the
/// same envelope in both specs: those are compared once, with the envelope.
fn shared_envelope_fields(old: &Api, new: &Api, o: &Operation, n: &Operation) -> BTreeSet<String> {
    let (ok, nk) = (o.envelope.clone(), n.envelope.clone());
    let (Some(oe), Some(ne)) = (old.envelope(&ok), new.envelope(&nk)) else { return BTreeSet::new() };
    if ok != nk {
        return BTreeSet::new();
    }
    oe.fields.iter().chain(&ne.fields).map(|f| f.wire_name.clone()).collect()
}

/// Compares an operation's error codes, leaving out the codes of error sets it uses in both
/// specs (those are compared once, with the set).
fn operation_errors(old: &Api, new: &Api, o: &Operation, n: &Operation, sink: &mut Sink) {
    let sets = |op: &Operation| op.errors.iter().filter_map(|e| e.from_set.clone()).collect::<BTreeSet<_>>();
    let (old_sets, new_sets) = (sets(o), sets(n));
    let shared = |e: &ErrorCode| {
        e.from_set.as_ref().is_some_and(|k| {
            old_sets.contains(k)
                && new_sets.contains(k)
                && old.error_sets.iter().any(|s| &s.key == k)
                && new.error_sets.iter().any(|s| &s.key == k)
        })
    };
    let mut old_codes = Vec::new();
    let mut new_codes = Vec::new();
    for p in pairs(&o.errors, &n.errors, |e| e.code) {
        match p {
            Pair::Kept(a, b) if shared(a) && shared(b) && a.from_set == b.from_set => {}
            Pair::Removed(a) | Pair::Added(a) if shared(a) => {}
            Pair::Kept(a, b) => {
                old_codes.push(a.clone());
                new_codes.push(b.clone());
            }
            Pair::Removed(a) => old_codes.push(a.clone()),
            Pair::Added(b) => new_codes.push(b.clone()),
        }
    }
    errors(Some(&n.id), "errors", &old_codes, &new_codes, sink);
}

/// A paging pattern as `role: field` pairs.
fn paging_fields(p: &Paging) -> String {
    let mut parts = vec![
        format!("offset: {}", p.offset.wire_name),
        format!("limit: {}", p.limit.wire_name),
        format!("items: {}", p.items.wire_name),
    ];
    if let Some(t) = &p.total {
        parts.push(format!("total: {}", t.wire_name));
    }
    parts.join(", ")
}

/// A streaming pattern as `role: field` pairs.
fn streaming_fields(s: &Streaming) -> String {
    format!(
        "chunk: {}, key: {}/{}, finish: {} = {}",
        s.chunk.wire_name, s.request_key.wire_name, s.response_key.wire_name, s.finish.wire_name, s.finish_value
    )
}

/// A polling pattern as `role: field` pairs.
fn polling_fields(p: &Polling) -> String {
    format!("items: {}, ends: {} = {}", p.items.wire_name, p.ends.wire_name, p.ends_value)
}

fn call_pattern(id: Option<&str>, at: &str, o: Option<String>, n: Option<String>, sink: &mut Sink) {
    match (o, n) {
        (None, Some(n)) => sink.push(id, None, at, Kind::CallPatternAdded, format!("{at} added ({n})")),
        (Some(o), None) => sink.push(id, None, at, Kind::CallPatternRemoved, format!("{at} removed (was {o})")),
        (Some(o), Some(n)) if o != n => {
            sink.push(id, None, at, Kind::CallPatternChanged, format!("{at} changed from ({o}) to ({n})"))
        }
        _ => {}
    }
}

fn limit_text(r: &RateLimit) -> String {
    format!("{}/s per {}", r.per_second, r.scope)
}

fn rate_limit(id: Option<&str>, o: Option<&RateLimit>, n: Option<&RateLimit>, sink: &mut Sink) {
    let at = "rate_limit";
    match (o, n) {
        (None, Some(r)) => {
            sink.push(id, None, at, Kind::RateLimitChanged, format!("rate limit {} added", limit_text(r)))
        }
        (Some(r), None) => {
            sink.push(id, None, at, Kind::RateLimitChanged, format!("rate limit {} removed", limit_text(r)));
        }
        (Some(a), Some(b)) if a.per_second != b.per_second || a.scope != b.scope => {
            let detail = format!("rate limit changed from {} to {}", limit_text(a), limit_text(b));
            sink.push(id, None, at, Kind::RateLimitChanged, detail);
        }
        (Some(a), Some(b)) if a.source != b.source => sink.push(id, None, at, Kind::Docs, "rate limit source changed"),
        _ => {}
    }
}

/// Compares two lists of error codes, matched by code; each is located at `{prefix}.{code}`.
pub(crate) fn errors(id: Option<&str>, prefix: &str, old: &[ErrorCode], new: &[ErrorCode], sink: &mut Sink) {
    let origin =
        |e: &ErrorCode| e.from_set.as_ref().map_or("the operation's own codes".into(), |k| format!("error set {k}"));
    for o in old {
        let at = format!("{prefix}.{}", o.code);
        let Some(n) = new.iter().find(|n| n.code == o.code) else {
            sink.push(id, None, &at, Kind::ErrorRemoved, format!("error removed (was {})", o.rust_name));
            continue;
        };
        if o.retryable != n.retryable {
            let now = if n.retryable { "now retryable" } else { "no longer retryable" };
            sink.push(id, None, &at, Kind::ErrorRetryableChanged, format!("{} is {now}", n.rust_name));
        }
        if o.rust_name != n.rust_name {
            let detail = format!("Rust variant `{}` renamed `{}`", o.rust_name, n.rust_name);
            sink.push(id, None, &at, Kind::RustNameChanged, detail);
        }
        if o.from_set != n.from_set {
            let detail = format!("moved from {} to {}", origin(o), origin(n));
            sink.push(id, None, &at, Kind::RustNameChanged, detail);
        }
        if let Some(d) = docs_changed(&[("description", o.description != n.description), ("note", o.note != n.note)]) {
            sink.push(id, None, &at, Kind::Docs, d);
        }
    }
    for n in new.iter().filter(|n| !old.iter().any(|o| o.code == n.code)) {
        let retry = if n.retryable { ", retryable" } else { "" };
        let detail = format!("error added ({}{retry})", n.rust_name);
        sink.push(id, None, &format!("{prefix}.{}", n.code), Kind::ErrorAdded, detail);
    }
}
