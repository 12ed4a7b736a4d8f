//! Changes that belong to no single operation: the `api` header, servers, auth schemes,
//! envelopes, error sets, families, and named types no operation reaches.

use std::collections::BTreeSet;

use ccapi_loader::ir::{Api, AuthKind, AuthScheme, Envelope, ErrorSet, Family, Server, TypeDef, TypeId};

use crate::change::{Direction, Kind};
use crate::pair::{Pair, pairs};
use crate::reach::reachable;
use crate::sink::{Sink, docs_changed};
use crate::walk::{Walker, key, show};

/// Compares everything that comes before the operations; returns the keys of the types the
/// auth-scheme walks compared.
pub(crate) fn compare_header(old: &Api, new: &Api, sink: &mut Sink) -> BTreeSet<String> {
    if old.version != new.version {
        let detail = format!("version changed from {} to {}", old.version, new.version);
        sink.push(None, None, "api.version", Kind::VersionChanged, detail);
    }
    let docs = docs_changed(&[
        ("name", old.name != new.name),
        ("title", old.title != new.title),
        ("description", old.description != new.description),
        ("license", old.license != new.license),
    ]);
    if let Some(d) = docs {
        sink.push(None, None, "api", Kind::Docs, d);
    }
    for p in pairs(&old.servers, &new.servers, |s| s.key.clone()) {
        match p {
            Pair::Removed(o) => {
                sink.push(None, None, &format!("servers.{}", o.key), Kind::ServerRemoved, "server removed")
            }
            Pair::Added(n) => sink.push(None, None, &format!("servers.{}", n.key), Kind::ServerAdded, "server added"),
            Pair::Kept(o, n) => server(o, n, sink),
        }
    }
    let mut seen = BTreeSet::new();
    for p in pairs(&old.auth, &new.auth, |a| a.key.clone()) {
        match p {
            Pair::Removed(o) => {
                sink.push(None, None, &format!("auth.{}", o.key), Kind::ServerRemoved, "auth scheme removed")
            }
            Pair::Added(n) => sink.push(None, None, &format!("auth.{}", n.key), Kind::ServerAdded, "auth scheme added"),
            Pair::Kept(o, n) => seen.extend(auth(old, new, o, n, sink)),
        }
    }
    for p in pairs(&old.envelopes, &new.envelopes, |e| e.key.clone()) {
        match p {
            Pair::Removed(o) => {
                sink.push(None, None, &format!("envelopes.{}", o.key), Kind::ServerRemoved, "envelope removed");
            }
            Pair::Added(n) => {
                sink.push(None, None, &format!("envelopes.{}", n.key), Kind::ServerAdded, "envelope added")
            }
            Pair::Kept(o, n) => seen.extend(envelope(old, new, o, n, sink)),
        }
    }
    for p in pairs(&old.error_sets, &new.error_sets, |e| e.key.clone()) {
        match p {
            Pair::Removed(o) => {
                sink.push(None, None, &format!("error_sets.{}", o.key), Kind::TypeRemoved, "error set removed");
            }
            Pair::Added(n) => {
                sink.push(None, None, &format!("error_sets.{}", n.key), Kind::TypeAdded, "error set added")
            }
            Pair::Kept(o, n) => error_set(o, n, sink),
        }
    }
    for p in pairs(&old.families, &new.families, |f| f.key.clone()) {
        match p {
            Pair::Removed(o) => {
                sink.push(None, None, &format!("families.{}", o.key), Kind::FamilyRemoved, "family removed")
            }
            Pair::Added(n) => sink.push(None, None, &format!("families.{}", n.key), Kind::FamilyAdded, "family added"),
            Pair::Kept(o, n) => family(o, n, sink),
        }
    }
    seen
}

fn server(o: &Server, n: &Server, sink: &mut Sink) {
    let at = format!("servers.{}", o.key);
    if let Some(d) =
        docs_changed(&[("description", o.description != n.description), ("example", o.example != n.example)])
    {
        sink.push(None, None, &at, Kind::Docs, d);
    }
    let opt = |s: &Option<String>| s.clone().unwrap_or_else(|| "none".into());
    if o.template != n.template {
        let detail = format!("URL template changed from {} to {}", opt(&o.template), opt(&n.template));
        sink.push(None, None, &at, Kind::ServerChanged, detail);
    }
    if o.default_region != n.default_region {
        let detail = format!("default region changed from {} to {}", opt(&o.default_region), opt(&n.default_region));
        sink.push(None, None, &at, Kind::ServerChanged, detail);
    }
    for p in pairs(&o.regions, &n.regions, |r| r.key.clone()) {
        match p {
            Pair::Removed(r) => {
                sink.push(None, None, &format!("{at}.regions.{}", r.key), Kind::RegionRemoved, "region removed")
            }
            Pair::Added(r) => {
                let detail = format!("region added ({})", r.primary);
                sink.push(None, None, &format!("{at}.regions.{}", r.key), Kind::RegionAdded, detail);
            }
            Pair::Kept(a, b) => {
                let at = format!("{at}.regions.{}", a.key);
                if a.primary != b.primary {
                    let detail = format!("primary URL changed from {} to {}", a.primary, b.primary);
                    sink.push(None, None, &at, Kind::ServerChanged, detail);
                }
                if a.backup != b.backup {
                    let detail = format!("backup URL changed from {} to {}", opt(&a.backup), opt(&b.backup));
                    sink.push(None, None, &at, Kind::ServerChanged, detail);
                }
                if a.rust_name != b.rust_name {
                    let detail = format!("Rust variant `{}` renamed `{}`", a.rust_name, b.rust_name);
                    sink.push(None, None, &at, Kind::RustNameChanged, detail);
                }
                if a.title != b.title {
                    sink.push(None, None, &at, Kind::Docs, "title changed");
                }
            }
        }
    }
}

/// Compares an auth scheme; its parameters are compared like request fields (callers send
/// them), in objects that tolerate unknown entries.
fn auth(old: &Api, new: &Api, o: &AuthScheme, n: &AuthScheme, sink: &mut Sink) -> BTreeSet<String> {
    let at = format!("auth.{}", o.key);
    if o.kind != n.kind {
        let kind = |k: AuthKind| if k == AuthKind::Headers { "headers" } else { "tencent_usersig" };
        let detail = format!("kind changed from {} to {}", kind(o.kind), kind(n.kind));
        sink.push(None, None, &at, Kind::AuthChanged, detail);
    }
    if o.token_subject != n.token_subject {
        let text = |parts: &[(String, String)]| {
            if parts.is_empty() {
                "none".to_string()
            } else {
                parts.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join(", ")
            }
        };
        let detail = format!("token subject changed from ({}) to ({})", text(&o.token_subject), text(&n.token_subject));
        sink.push(None, None, &format!("{at}.token_subject"), Kind::AuthChanged, detail);
    }
    if o.rust_name != n.rust_name {
        let detail = format!("Rust type `{}` renamed `{}`", o.rust_name, n.rust_name);
        sink.push(None, None, &at, Kind::RustNameChanged, detail);
    }
    if o.description != n.description {
        sink.push(None, None, &at, Kind::Docs, "description changed");
    }
    let mut walk = Walker::new(old, new, None, Direction::Request, sink);
    walk.fields(&o.query, &n.query, &format!("{at}.query"), false);
    walk.fields(&o.headers, &n.headers, &format!("{at}.headers"), false);
    walk.into_seen()
}

/// Compares an envelope; its fields, part of every response of its families, are compared here
/// once, as response fields.
fn envelope(old: &Api, new: &Api, o: &Envelope, n: &Envelope, sink: &mut Sink) -> BTreeSet<String> {
    let at = format!("envelopes.{}", o.key);
    for (what, a, b) in [
        ("code field", o.code_field.clone(), n.code_field.clone()),
        ("message field", o.message_field.clone(), n.message_field.clone()),
        ("success code", show(&o.success_code), show(&n.success_code)),
        ("code sent as a string", o.code_is_string.to_string(), n.code_is_string.to_string()),
    ] {
        if a != b {
            sink.push(None, None, &at, Kind::EnvelopeChanged, format!("{what} changed from {a} to {b}"));
        }
    }
    if let Some(d) = docs_changed(&[("description", o.description != n.description), ("http", o.http != n.http)]) {
        sink.push(None, None, &at, Kind::Docs, d);
    }
    for p in pairs(&o.http_statuses, &n.http_statuses, |s| s.status) {
        match p {
            Pair::Removed(s) => {
                let at = format!("{at}.http_statuses.{}", s.status);
                sink.push(None, None, &at, Kind::HttpStatusChanged, format!("HTTP status {} removed", s.status));
            }
            Pair::Added(s) => {
                let at = format!("{at}.http_statuses.{}", s.status);
                sink.push(None, None, &at, Kind::HttpStatusChanged, format!("HTTP status {} added", s.status));
            }
            Pair::Kept(a, b) => {
                let at = format!("{at}.http_statuses.{}", a.status);
                if a.retryable != b.retryable {
                    let now = if b.retryable { "now retryable" } else { "no longer retryable" };
                    sink.push(None, None, &at, Kind::HttpStatusChanged, format!("HTTP status {} is {now}", a.status));
                }
                if a.description != b.description {
                    sink.push(None, None, &at, Kind::Docs, "description changed");
                }
            }
        }
    }
    let mut walk = Walker::new(old, new, None, Direction::Response, sink);
    walk.fields(&o.fields, &n.fields, &format!("{at}.fields"), false);
    walk.into_seen()
}

/// Compares an error set and its codes (once, for every operation that uses the set).
fn error_set(o: &ErrorSet, n: &ErrorSet, sink: &mut Sink) {
    let at = format!("error_sets.{}", o.key);
    if let Some(d) = docs_changed(&[("description", o.description != n.description), ("source", o.source != n.source)])
    {
        sink.push(None, None, &at, Kind::Docs, d);
    }
    crate::operations::errors(None, &at, &o.codes, &n.codes, sink);
}

fn family(o: &Family, n: &Family, sink: &mut Sink) {
    let at = format!("families.{}", o.key);
    for (what, a, b) in
        [("server", &o.server, &n.server), ("auth", &o.auth, &n.auth), ("envelope", &o.envelope, &n.envelope)]
    {
        if a != b {
            sink.push(None, None, &at, Kind::FamilyBindingChanged, format!("{what} changed from {a} to {b}"));
        }
    }
    if let Some(d) = docs_changed(&[("title", o.title != n.title), ("description", o.description != n.description)]) {
        sink.push(None, None, &at, Kind::Docs, d);
    }
}

/// Compares the named types that no walk compared: those kept by both specs are compared with
/// both directions' rules (no operation tells which applies); those only in one spec are listed
/// when no operation reaches them (otherwise the field or variant that uses them says it).
pub(crate) fn compare_unattached(old: &Api, new: &Api, seen: &BTreeSet<String>, sink: &mut Sink) {
    let (old_reached, new_reached) = (reachable(old), reachable(new));
    let at = |t: &TypeDef| format!("types.{}.{}", t.module, t.name);
    // One walk for all of them, knowing what the operations compared: nothing is said twice.
    let mut walk = Walker::new(old, new, None, Direction::Both, sink);
    walk.already_seen(seen);
    for p in pairs(&old.types, &new.types, key) {
        match p {
            Pair::Kept(o, n) => {
                if let (Some(oi), Some(ni)) = (index_of(old, o), index_of(new, n)) {
                    walk.named(oi, ni, &at(o));
                }
            }
            Pair::Removed(o) if !old_reached.contains(&key(o)) => {
                let detail = format!("type removed (Rust `{}::{}`)", o.module, o.rust_name);
                walk.emit(&at(o), Kind::TypeRemoved, detail);
            }
            Pair::Added(n) if !new_reached.contains(&key(n)) => {
                let detail = format!("type added (Rust `{}::{}`)", n.module, n.rust_name);
                walk.emit(&at(n), Kind::TypeAdded, detail);
            }
            _ => {}
        }
    }
}

/// The id of a type of `api` (found by its key, as `pairs` hands out references).
fn index_of(api: &Api, def: &TypeDef) -> Option<TypeId> {
    let k = key(def);
    api.types.iter().position(|t| key(t) == k).map(TypeId)
}
