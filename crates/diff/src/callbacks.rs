//! Callbacks: added, removed, and for those kept, how they are recognised, authenticated,
//! deduplicated and answered, and both bodies: the body as the app reads it (a response), the
//! reply as the app writes it (a request). Callback auth schemes are compared here too.

use std::collections::BTreeSet;

use ccapi_loader::ir::{Api, Callback, CallbackAuthScheme, DedupKey};

use crate::change::{Direction, Kind};
use crate::pair::{Pair, pairs};
use crate::sink::{Sink, docs_changed};
use crate::walk::Walker;

/// Compares every callback (matched by id) and every callback auth scheme (by key); returns the
/// keys of the types the walks compared.
pub(crate) fn compare(old: &Api, new: &Api, sink: &mut Sink) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for p in pairs(&old.callback_auth, &new.callback_auth, |a| a.key.clone()) {
        match p {
            Pair::Removed(o) => sink.push(
                None,
                None,
                &format!("callback_auth.{}", o.key),
                Kind::ServerRemoved,
                "callback auth scheme removed",
            ),
            Pair::Added(n) => sink.push(
                None,
                None,
                &format!("callback_auth.{}", n.key),
                Kind::ServerAdded,
                "callback auth scheme added",
            ),
            Pair::Kept(o, n) => seen.extend(scheme(old, new, o, n, sink)),
        }
    }
    for p in pairs(&old.callbacks().collect::<Vec<_>>(), &new.callbacks().collect::<Vec<_>>(), |c| c.id.clone()) {
        match p {
            Pair::Removed(o) => {
                let detail = format!("callback removed ({})", dispatch(o));
                sink.push(Some(&o.id), None, "callback", Kind::CallbackRemoved, detail);
            }
            Pair::Added(n) => {
                let detail = format!("callback added ({})", dispatch(n));
                sink.push(Some(&n.id), None, "callback", Kind::CallbackAdded, detail);
            }
            Pair::Kept(o, n) => seen.extend(callback(old, new, o, n, sink)),
        }
    }
    seen
}

/// What a receiver recognises a callback by: its command, else its path.
fn dispatch(c: &Callback) -> String {
    match (&c.command, &c.path) {
        (Some(cmd), _) => cmd.clone(),
        (None, Some(p)) => format!("POST {p}"),
        (None, None) => "?".into(),
    }
}

/// Dedup keys as `query RequestID, body MsgKey, digest`.
fn dedup_text(keys: &[DedupKey]) -> String {
    let text = |k: &DedupKey| match k {
        DedupKey::Query(q) => format!("query {q}"),
        DedupKey::Body(f) => format!("body {}", f.wire_name),
        DedupKey::Digest => "digest".to_string(),
    };
    keys.iter().map(text).collect::<Vec<_>>().join(", ")
}

/// Compares one callback kept by both specs; returns the keys of the types the walks compared.
fn callback(old: &Api, new: &Api, o: &Callback, n: &Callback, sink: &mut Sink) -> BTreeSet<String> {
    let id = Some(n.id.as_str());
    let docs = docs_changed(&[
        ("summary", o.summary != n.summary),
        ("description", o.description != n.description),
        ("trigger", o.trigger != n.trigger),
        ("source page", o.docs != n.docs),
        ("examples", o.examples != n.examples),
        ("note", o.note != n.note),
        ("erratum", o.erratum != n.erratum),
    ]);
    if let Some(d) = docs {
        sink.push(id, None, "callback", Kind::Docs, d);
    }
    if o.rust_name != n.rust_name {
        let detail = format!("Rust variant `{}` renamed `{}`", o.rust_name, n.rust_name);
        sink.push(id, None, "callback", Kind::RustNameChanged, detail);
    }
    if dispatch(o) != dispatch(n) {
        let detail = format!("now recognised by {} instead of {}", dispatch(n), dispatch(o));
        sink.push(id, None, "command", Kind::CallbackChanged, detail);
    }
    if o.synchronous != n.synchronous {
        let detail = if n.synchronous {
            "the vendor now waits for the reply"
        } else {
            "the vendor no longer waits for the reply"
        };
        sink.push(id, None, "synchronous", Kind::CallbackChanged, detail);
    }
    let (oa, na) = (&old.callback_auth_scheme(o.auth).key, &new.callback_auth_scheme(n.auth).key);
    if oa != na {
        sink.push(id, None, "auth", Kind::CallbackChanged, format!("auth scheme changed from {oa} to {na}"));
    }
    if o.dedup != n.dedup {
        let detail = format!("dedup keys changed from ({}) to ({})", dedup_text(&o.dedup), dedup_text(&n.dedup));
        sink.push(id, None, "dedup", Kind::CallbackHandlingChanged, detail);
    }
    if o.timeout_ms != n.timeout_ms {
        let ms = |t: Option<u64>| t.map_or("none".to_string(), |t| format!("{t} ms"));
        let detail = format!("timeout changed from {} to {}", ms(o.timeout_ms), ms(n.timeout_ms));
        sink.push(id, None, "timeout_ms", Kind::CallbackHandlingChanged, detail);
    }
    let mut seen = BTreeSet::new();
    let mut walk = Walker::new(old, new, id, Direction::Response, sink);
    walk.named(o.body, n.body, "body");
    seen.extend(walk.into_seen());
    let mut walk = Walker::new(old, new, id, Direction::Request, sink);
    if o.envelope == n.envelope
        && let (Some(oe), Some(ne)) = (old.envelope(&o.envelope), new.envelope(&n.envelope))
    {
        // The envelope's fields are compared once, with the envelope.
        walk.skip_fields("reply", oe.fields.iter().chain(&ne.fields).map(|f| f.wire_name.clone()).collect());
    } else if o.envelope != n.envelope {
        let detail = format!("reply envelope changed from {} to {}", o.envelope, n.envelope);
        walk.emit("reply", Kind::EnvelopeChanged, detail);
    }
    walk.named(o.reply, n.reply, "reply");
    seen.extend(walk.into_seen());
    seen
}

/// Compares a callback auth scheme: its kind and window, and its parameters, which the app reads
/// (compared as response fields, in objects that tolerate unknown entries).
fn scheme(old: &Api, new: &Api, o: &CallbackAuthScheme, n: &CallbackAuthScheme, sink: &mut Sink) -> BTreeSet<String> {
    let at = format!("callback_auth.{}", o.key);
    if o.kind != n.kind {
        let detail = format!("kind changed from {} to {}", o.kind.spec_name(), n.kind.spec_name());
        sink.push(None, None, &at, Kind::AuthChanged, detail);
    }
    if o.window_seconds != n.window_seconds {
        let s = |w: Option<u64>| w.map_or("none".to_string(), |w| format!("{w} s"));
        let detail = format!("replay window changed from {} to {}", s(o.window_seconds), s(n.window_seconds));
        sink.push(None, None, &at, Kind::AuthChanged, detail);
    }
    let docs = docs_changed(&[
        ("description", o.description != n.description),
        ("source page", o.docs != n.docs),
        ("note", o.note != n.note),
    ]);
    if let Some(d) = docs {
        sink.push(None, None, &at, Kind::Docs, d);
    }
    let mut walk = Walker::new(old, new, None, Direction::Response, sink);
    walk.fields(&o.query, &n.query, &format!("{at}.query"), false);
    walk.fields(&o.headers, &n.headers, &format!("{at}.headers"), false);
    walk.into_seen()
}
