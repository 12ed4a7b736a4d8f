//! Compares two versions of an operation in the IR: path, method, request and response fields
//! (types, required-ness, nullability, defaults, constraints, what strings hold, enum values and
//! their Rust names, nested types), `one_of`, error codes and retryability, and example bodies.
//! Descriptions and names of error codes are left out.

use std::collections::{BTreeMap, BTreeSet};

use ccapi_spec::ir::{Api, Field, Holds, Operation, Type, TypeKind};
use serde_json::Value as Json;

/// One difference.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Where (`request.fields.Limit.type`, `errors.141004.retryable`, `examples.pairs`).
    pub place: String,
    /// Which item of a list place (an example body), else empty.
    pub item: String,
    /// The old value (`None`: added).
    pub old: Option<String>,
    /// The new value (`None`: removed).
    pub new: Option<String>,
}

type Facts = BTreeMap<(String, String), String>;

/// Every difference from `old` to `new`. A field, error code or type present on one side only is
/// one change; what lies under it is not listed.
pub fn compare(old_api: &Api, old: &Operation, new_api: &Api, new: &Operation) -> Vec<Change> {
    let a = facts(old_api, old);
    let b = facts(new_api, new);
    let keys: BTreeSet<&(String, String)> = a.keys().chain(b.keys()).collect();
    let mut out: Vec<Change> = Vec::new();
    for k in keys {
        let (x, y) = (a.get(k), b.get(k));
        if x != y {
            out.push(Change { place: k.0.clone(), item: k.1.clone(), old: x.cloned(), new: y.cloned() });
        }
    }
    let whole: Vec<String> = out
        .iter()
        .filter(|c| c.item.is_empty() && (c.old.is_none() || c.new.is_none()))
        .map(|c| format!("{}.", c.place))
        .collect();
    out.retain(|c| !whole.iter().any(|w| c.place.starts_with(w.as_str())));
    // When a field's type changes, what its old or new type contains follows from that.
    let retyped: Vec<String> = out
        .iter()
        .filter(|c| c.old.is_some() && c.new.is_some())
        .filter_map(|c| c.place.strip_suffix(".type").map(str::to_string))
        .collect();
    out.retain(|c| {
        !retyped.iter().any(|p| {
            c.place.strip_prefix(p.as_str()).is_some_and(|rest| {
                ["values", "names", "items", "fields", "variants", "parts"]
                    .iter()
                    .any(|k| rest.strip_prefix('.').is_some_and(|r| r == *k || r.starts_with(&format!("{k}."))))
            })
        })
    });
    out
}

/// The facts of an operation, by place.
pub fn facts(api: &Api, op: &Operation) -> Facts {
    let mut f = Facts::new();
    let mut put = |place: &str, item: &str, value: String| {
        f.insert((place.to_string(), item.to_string()), value);
    };
    put("method", "", op.method.to_string());
    put("path", "", op.path.clone());
    let envelope: Vec<String> = api
        .family(&op.family)
        .and_then(|fam| api.envelope(&fam.envelope))
        .map(|e| e.fields.iter().map(|x| x.wire_name.clone()).collect())
        .unwrap_or_default();
    let mut facts = Facts::new();
    for (name, id) in [("request", op.request), ("response", op.response)] {
        if let TypeKind::Struct(s) = &api.ty(id).kind {
            let own: Vec<&Field> =
                s.fields.iter().filter(|x| name == "request" || !envelope.contains(&x.wire_name)).collect();
            fields(api, name, &own, &mut facts, 0);
            if !s.one_of.is_empty() {
                let mut groups: Vec<String> = s
                    .one_of
                    .iter()
                    .map(|g| {
                        let mut fs = g.fields.clone();
                        fs.sort();
                        format!("[{}]", fs.join(", "))
                    })
                    .collect();
                groups.sort();
                facts.insert((format!("{name}.one_of"), String::new()), groups.join(" | "));
            }
        }
    }
    f.extend(facts);
    let mut sets = BTreeSet::new();
    for e in &op.errors {
        match &e.from_set {
            Some(s) => {
                sets.insert(s.clone());
            }
            None => {
                f.insert((format!("errors.{}", e.code), String::new()), "code".into());
                f.insert((format!("errors.{}.retryable", e.code), String::new()), e.retryable.to_string());
            }
        }
    }
    f.insert(("errors.sets".into(), String::new()), sets.into_iter().collect::<Vec<_>>().join(", "));
    for e in &op.examples {
        let req = e.request.as_ref().map(canonical);
        let resp = e.response.as_ref().map(canonical);
        for (place, body) in [("examples.requests", &req), ("examples.responses", &resp)] {
            if let Some(b) = body {
                let c = f.entry((place.to_string(), b.clone())).or_insert_with(|| "0".into());
                *c = (c.parse::<usize>().unwrap_or(0) + 1).to_string();
            }
        }
        if let (Some(q), Some(p)) = (&req, &resp) {
            f.insert(("examples.pairs".into(), format!("{q} => {p}")), "paired".into());
        }
        if let (Some(q), false) = (&req, e.breaks.is_empty()) {
            let mut b = e.breaks.clone();
            b.sort();
            f.insert(("examples.breaks".into(), q.clone()), b.join(", "));
        }
    }
    f
}

/// JSON with object keys sorted, so that key order does not count.
pub fn canonical(v: &Json) -> String {
    fn sort(v: &Json) -> Json {
        match v {
            Json::Object(m) => {
                let sorted: BTreeMap<&String, Json> = m.iter().map(|(k, x)| (k, sort(x))).collect();
                Json::Object(sorted.into_iter().map(|(k, x)| (k.clone(), x)).collect())
            }
            Json::Array(items) => Json::Array(items.iter().map(sort).collect()),
            other => other.clone(),
        }
    }
    sort(v).to_string()
}

fn fields(api: &Api, prefix: &str, list: &[&Field], f: &mut Facts, depth: usize) {
    for x in list {
        let p = format!("{prefix}.fields.{}", x.wire_name);
        field(api, &p, x, f, depth);
    }
}

fn field(api: &Api, p: &str, x: &Field, f: &mut Facts, depth: usize) {
    let mut put = |k: &str, v: String| {
        f.insert((if k.is_empty() { p.to_string() } else { format!("{p}.{k}") }, String::new()), v);
    };
    put("", "field".into());
    put("type", type_str(api, &x.ty));
    put("required", x.required.to_string());
    if x.nullable {
        put("nullable", "true".into());
    }
    if let Some(d) = &x.default {
        put("default", d.to_string());
    }
    let c = &x.constraints;
    for (k, v) in [
        ("min_length", c.min_length),
        ("max_length", c.max_length),
        ("min_items", c.min_items),
        ("max_items", c.max_items),
    ] {
        if let Some(v) = v {
            put(k, v.to_string());
        }
    }
    for (k, v) in [("minimum", c.minimum), ("maximum", c.maximum)] {
        if let Some(v) = v {
            put(k, v.to_string());
        }
    }
    if let Some(pat) = &c.pattern {
        put("pattern", pat.clone());
    }
    if !c.not_contains.is_empty() {
        put("not_contains", format!("{:?}", c.not_contains));
    }
    if let Some(k) = &c.const_value {
        put("const", k.to_string());
    }
    if let Some(h) = &x.holds {
        put("holds", holds_str(api, h));
    }
    nested(api, p, &x.ty, f, depth);
}

fn holds_str(api: &Api, h: &Holds) -> String {
    match h {
        Holds::Json => "json".into(),
        Holds::Type(id) => format!("{} {}", kind_str(api, &Type::Named(*id)), shape(api, *id)),
        Holds::ByField { field, cases, .. } => {
            let cs: Vec<String> = cases.iter().map(|(c, id)| format!("{}: {}", c.value, shape(api, *id))).collect();
            format!("by {field} {{{}}}", cs.join(", "))
        }
    }
}

/// The wire shape of a struct or record, for `holds`.
fn shape(api: &Api, id: ccapi_spec::ir::TypeId) -> String {
    match &api.ty(id).kind {
        TypeKind::Struct(s) => {
            let fs: Vec<String> =
                s.fields.iter().map(|x| format!("{}: {}", x.wire_name, type_str(api, &x.ty))).collect();
            format!("{{{}}}", fs.join(", "))
        }
        TypeKind::Record(r) => {
            let fs: Vec<String> =
                r.fields.iter().map(|x| format!("{}: {}", x.wire_name, type_str(api, &x.ty))).collect();
            format!("[{}]", fs.join(&r.delimiter))
        }
        _ => kind_str(api, &Type::Named(id)),
    }
}

fn kind_str(api: &Api, t: &Type) -> String {
    match t {
        Type::Named(id) => match &api.ty(*id).kind {
            TypeKind::Enum(e) => {
                format!("enum:{}", if e.repr == ccapi_spec::ir::EnumRepr::Integer { "integer" } else { "string" })
            }
            TypeKind::Struct(_) => "struct".into(),
            TypeKind::Union(_) => "union".into(),
            TypeKind::Record(_) => "record".into(),
        },
        other => type_str(api, other),
    }
}

/// A type as text: primitives by name, named types by kind (`enum:integer`, `struct`).
pub fn type_str(api: &Api, t: &Type) -> String {
    match t {
        Type::String => "string".into(),
        Type::Bool => "bool".into(),
        Type::Int(i) => i.rust().into(),
        Type::F64 => "f64".into(),
        Type::Json => "json".into(),
        Type::Array(inner) => format!("array<{}>", type_str(api, inner)),
        Type::Named(_) => kind_str(api, t),
    }
}

fn nested(api: &Api, p: &str, t: &Type, f: &mut Facts, depth: usize) {
    if depth > 8 {
        return;
    }
    match t {
        Type::Array(inner) => nested(api, &format!("{p}.items"), inner, f, depth + 1),
        Type::Named(id) => match &api.ty(*id).kind {
            TypeKind::Enum(e) => {
                for v in &e.values {
                    f.insert((format!("{p}.values"), v.value.to_string()), "listed".into());
                    f.insert((format!("{p}.names"), v.value.to_string()), v.rust_name.clone());
                }
            }
            TypeKind::Struct(s) => {
                let list: Vec<&Field> = s.fields.iter().collect();
                fields(api, p, &list, f, depth + 1);
            }
            TypeKind::Union(u) => {
                let mut tags: Vec<String> = u.variants.iter().map(|v| v.tag.clone()).collect();
                tags.sort();
                f.insert(
                    (format!("{p}.variants"), String::new()),
                    format!("{}/{}: {}", u.tag_field, u.content_field, tags.join(", ")),
                );
            }
            TypeKind::Record(_) => {
                f.insert((format!("{p}.parts"), String::new()), shape(api, *id));
            }
        },
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shared parts a Desk draft refers to, in miniature.
    const SHARED: &str = r#"
api: {name: t, title: T, version: 0.1.0, description: d}
servers:
  tencent-im: {description: d, default_region: china, regions: {china: {title: China, primary: "https://a.example"}}}
auth:
  tencent-usersig: {kind: tencent_usersig, description: d}
envelopes:
  tencent-im:
    description: d
    fields:
      ActionStatus: {type: string, required: true, description: d}
      ErrorCode: {type: i64, required: true, description: d}
      ErrorInfo: {type: string, required: true, description: d}
    code_field: ErrorCode
    message_field: ErrorInfo
    success_code: 0
error_sets:
  tencent-im-common: {description: d, codes: {60007: {name: RateLimited, description: d, retryable: true}}}
"#;

    fn page(maximum: u32, order_values: &str) -> String {
        format!(
            "Listing Things\n\nLast updated: 2025-01-01 00:00:00\n\nAPI Call Description\n\nLists things.\n\n\
             Sample Request URL\n\nhttps://console.tim.qq.com/v4/desk_http_svc/list_things?sdkappid=1\n\n\
             Sample Request Packet\n\n{{\"Limit\": 5, \"Order\": 1}}\n\n\
             Request Packet Fields\n\nField\nType\nRequired\nDescription\n\
             Limit\nInteger\nOptional.\nNumber of things, the maximum is {maximum}.\n\
             Order\nInteger\nOptional.\n{order_values}\n\n\
             Error Codes\n\nError Code\nDescription\n141004\nInvalid parameter.\n"
        )
    }

    fn load(yaml: &str) -> Api {
        let mut sources = ccapi_spec::Sources::default();
        sources.add("shared.yaml", SHARED);
        sources.add("draft.yaml", yaml);
        let loaded = ccapi_spec::load_sources(sources);
        let rendered = loaded.diagnostics.render(&loaded.sources);
        loaded.api.unwrap_or_else(|| panic!("{rendered}\n{yaml}"))
    }

    #[test]
    fn drafts_load_and_compare() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec");
        let spec = crate::Spec::load_dir(&dir).unwrap();
        let a = crate::import(&page(100, "1: Oldest first 2: Newest first"), Some("a.txt"), &spec);
        let b = crate::import(&page(200, "1: Oldest first 2: Newest first 3: Random"), Some("b.txt"), &spec);
        let (api_a, api_b) = (load(&a.yaml), load(&b.yaml));
        let op_a = api_a.operations().next().unwrap();
        let op_b = api_b.operations().next().unwrap();
        assert_eq!(op_a.id, "desk.list_things");
        assert!(compare(&api_a, op_a, &api_a, op_a).is_empty());
        let changes = compare(&api_a, op_a, &api_b, op_b);
        let got: Vec<(&str, &str, Option<&str>, Option<&str>)> =
            changes.iter().map(|c| (c.place.as_str(), c.item.as_str(), c.old.as_deref(), c.new.as_deref())).collect();
        assert_eq!(
            got,
            [
                ("request.fields.Limit.maximum", "", Some("100"), Some("200")),
                ("request.fields.Order.names", "3", None, Some("Random")),
                ("request.fields.Order.values", "3", None, Some("listed")),
            ]
        );
        let retry = facts(&api_a, op_a);
        assert_eq!(retry.get(&("errors.141004.retryable".into(), String::new())).map(String::as_str), Some("false"));
        assert_eq!(retry.get(&("errors.sets".into(), String::new())).map(String::as_str), Some("tencent-im-common"));
    }

    #[test]
    fn canonical_json_ignores_key_order() {
        let a: Json = serde_json::from_str(r#"{"b": 1, "a": {"d": 2, "c": 3}}"#).unwrap();
        let b: Json = serde_json::from_str(r#"{"a": {"c": 3, "d": 2}, "b": 1}"#).unwrap();
        assert_eq!(canonical(&a), canonical(&b));
    }
}
