//! IR → JSON Schema (draft 2020-12): one self-contained file per request and response body, and
//! `schemas/index.json`, the contract other teams read.

use std::collections::BTreeSet;

use ccapi_spec::ir::*;
use serde_json::{Map, Value as Json, json};

/// The draft every published schema declares.
pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Path of an operation's request or response schema, relative to `schemas/`.
pub fn schema_file(op: &Operation, role: StructRole) -> String {
    let suffix = if role == StructRole::Request { "request" } else { "response" };
    format!("{}/{}.{suffix}.json", op.family, op.name)
}

/// The `$id` of a published schema: it carries the spec version.
pub fn schema_id(api: &Api, file: &str) -> String {
    format!("urn:{}:schemas:{}:{}", api.name, api.version, file)
}

/// The schema of an operation's request or response body.
pub fn body_schema(api: &Api, op: &Operation, role: StructRole) -> Json {
    let (ty, what) = match role {
        StructRole::Request => (op.request, "request"),
        _ => (op.response, "response"),
    };
    let file = schema_file(op, role);
    let mut defs = BTreeSet::new();
    let mut out = Map::new();
    out.insert("$comment".into(), json!(crate::format::NOTICE));
    out.insert("$schema".into(), json!(DRAFT));
    out.insert("$id".into(), json!(schema_id(api, &file)));
    out.insert("title".into(), json!(format!("{} {what}", op.id)));
    let def = api.ty(ty);
    let mut description = format!("{}\n\n{}", op.summary, def.description);
    if let Some(e) = &def.erratum {
        description.push_str(&format!("\n\nErratum: {e}"));
    }
    out.insert("description".into(), json!(description));
    let TypeKind::Struct(s) = &def.kind else { unreachable!("operation bodies are structs") };
    for (k, v) in struct_schema(api, s, &mut defs) {
        out.insert(k, v);
    }
    let examples: Vec<Json> = op
        .examples
        .iter()
        .filter_map(|e| match role {
            // Samples that break the page's own table are accepted too (see `Field::contradiction`),
            // unless an old spec still refuses them.
            StructRole::Request if api.refused_fields(op, e).is_empty() => e.request.clone(),
            StructRole::Request => None,
            _ => e.response.clone(),
        })
        .collect();
    if !examples.is_empty() {
        out.insert("examples".into(), Json::Array(examples));
    }
    out.insert("x-operation".into(), json!(op.id));
    if role == StructRole::Response {
        let codes: Vec<Json> = op
            .errors
            .iter()
            .map(|e| json!({"code": e.code, "description": e.description, "retryable": e.retryable}))
            .collect();
        out.insert("x-error-codes".into(), Json::Array(codes));
    }
    // Named types reachable from the body, each once, in a stable order.
    let mut done = BTreeSet::new();
    let mut def_map = Map::new();
    while let Some(id) = defs.iter().find(|id| !done.contains(*id)).copied() {
        done.insert(id);
        let schema = named_schema(api, id, &mut defs);
        def_map.insert(api.ty(id).rust_name.clone(), schema);
    }
    if !def_map.is_empty() {
        let mut sorted: Vec<_> = def_map.into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        out.insert("$defs".into(), Json::Object(sorted.into_iter().collect()));
    }
    Json::Object(out)
}

/// `schemas/index.json`.
pub fn index(api: &Api) -> Json {
    let ops: Vec<Json> = api
        .operations()
        .map(|op| {
            let mut entry = json!({
                "id": op.id,
                "method": op.method.as_str(),
                "path": op.path,
                "request": schema_file(op, StructRole::Request),
                "response": schema_file(op, StructRole::Response),
            });
            let (paging, streaming) = call_patterns(op);
            if let Some(p) = paging {
                entry["paging"] = p;
            }
            if let Some(s) = streaming {
                entry["streaming"] = s;
            }
            entry
        })
        .collect();
    json!({"$comment": crate::format::NOTICE, "version": api.version, "operations": ops})
}

/// An operation's call patterns as JSON, by wire names: how it pages (`offset`, `limit`,
/// `items`, `total`) and how it streams (`chunk`, `key`, `response_key`, `finish`,
/// `finish_value`), for consumers of the index and the OpenAPI document.
pub fn call_patterns(op: &Operation) -> (Option<Json>, Option<Json>) {
    let paging = op.paging.as_ref().map(|p| {
        let mut j = json!({"offset": p.offset.wire_name, "limit": p.limit.wire_name, "items": p.items.wire_name});
        if let Some(t) = &p.total {
            j["total"] = json!(t.wire_name);
        }
        j
    });
    let streaming = op.streaming.as_ref().map(|s| {
        json!({
            "chunk": s.chunk.wire_name,
            "key": s.request_key.wire_name,
            "response_key": s.response_key.wire_name,
            "finish": s.finish.wire_name,
            "finish_value": s.finish_value,
        })
    });
    (paging, streaming)
}

fn with_doc(mut schema: Map<String, Json>, description: &str) -> Json {
    if !description.is_empty() {
        schema.insert("description".into(), json!(description));
    }
    Json::Object(schema)
}

/// The schema of a named type (used in `$defs`, and for the models' `JsonSchema` impls).
pub fn named_schema(api: &Api, id: TypeId, defs: &mut BTreeSet<TypeId>) -> Json {
    let def = api.ty(id);
    let mut desc = def.description.clone();
    if let Some(e) = &def.erratum {
        desc.push_str(&format!("\n\nErratum: {e}"));
    }
    match &def.kind {
        TypeKind::Struct(s) => with_doc(struct_schema(api, s, defs), &desc),
        TypeKind::Enum(e) => {
            let mut m = Map::new();
            m.insert("type".into(), json!(if e.repr == EnumRepr::String { "string" } else { "integer" }));
            m.insert("enum".into(), Json::Array(e.values.iter().map(|v| v.value.clone()).collect()));
            let one_of: Vec<Json> = e
                .values
                .iter()
                .map(|v| json!({"const": v.value, "title": v.rust_name, "description": v.description}))
                .collect();
            m.insert("oneOf".into(), Json::Array(one_of));
            with_doc(m, &desc)
        }
        TypeKind::Union(u) => {
            let mut m = Map::new();
            m.insert("type".into(), json!("object"));
            m.insert("required".into(), json!([u.tag_field, u.content_field]));
            let tags: Vec<&str> = u.variants.iter().map(|v| v.tag.as_str()).collect();
            m.insert("properties".into(), json!({ u.tag_field.clone(): {"type": "string", "enum": tags} }));
            let one_of: Vec<Json> = u
                .variants
                .iter()
                .map(|v| {
                    defs.insert(v.content);
                    json!({
                        "title": v.rust_name,
                        "description": v.description,
                        "properties": {
                            u.tag_field.clone(): {"const": v.tag},
                            u.content_field.clone(): {"$ref": format!("#/$defs/{}", api.ty(v.content).rust_name)},
                        },
                    })
                })
                .collect();
            m.insert("oneOf".into(), Json::Array(one_of));
            with_doc(m, &desc)
        }
        TypeKind::Record(r) => {
            let mut m = Map::new();
            m.insert("type".into(), json!("string"));
            m.insert("pattern".into(), json!(record_pattern(r)));
            let parts: Vec<&str> = r.fields.iter().map(|f| f.wire_name.as_str()).collect();
            with_doc(m, &format!("{desc}\n\nFormat: `{}`.", parts.join(&r.delimiter)))
        }
    }
}

/// A regex that matches exactly the texts of a record.
pub fn record_pattern(r: &RecordDef) -> String {
    let delim = regex_escape(&r.delimiter);
    let first = r.delimiter.chars().next().map(|c| regex_escape(&c.to_string())).unwrap_or_default();
    let parts: Vec<String> = r
        .fields
        .iter()
        .map(|f| match f.ty {
            Type::Int(IntType::U32 | IntType::U64) => "[0-9]+".to_string(),
            Type::Int(_) => "-?[0-9]+".to_string(),
            _ => format!("[^{first}]*"),
        })
        .collect();
    format!("^{}$", parts.join(&delim))
}

/// Escapes regex metacharacters.
pub fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A regex matching text that looks like a JSON object (used where a string holds a struct).
pub const JSON_OBJECT_PATTERN: &str = "^\\s*\\{[\\s\\S]*\\}\\s*$";

/// A regex matching text that looks like a JSON value (used where a string holds JSON of any
/// shape). JSON Schema cannot parse JSON inside a string, so this catches plain text and
/// unbalanced brackets; the models' `validate()` parses the text exactly.
pub const JSON_TEXT_PATTERN: &str =
    "^\\s*(\\{[\\s\\S]*\\}|\\[[\\s\\S]*\\]|\"[\\s\\S]*\"|-?[0-9][0-9.eE+-]*|true|false|null)\\s*$";

fn struct_schema(api: &Api, s: &StructDef, defs: &mut BTreeSet<TypeId>) -> Map<String, Json> {
    let mut m = Map::new();
    m.insert("type".into(), json!("object"));
    let mut props = Map::new();
    for f in &s.fields {
        props.insert(f.wire_name.clone(), field_schema(api, f, defs));
    }
    m.insert("properties".into(), Json::Object(props));
    let required: Vec<&str> = s.fields.iter().filter(|f| f.required).map(|f| f.wire_name.as_str()).collect();
    if !required.is_empty() {
        m.insert("required".into(), json!(required));
    }
    if s.role == StructRole::Request {
        m.insert("additionalProperties".into(), json!(false));
    }
    let mut all_of = Vec::new();
    if !s.one_of.is_empty() {
        let alts: Vec<Json> = s
            .one_of
            .iter()
            .map(|g| {
                let others: Vec<Json> = s
                    .one_of
                    .iter()
                    .flat_map(|o| o.fields.iter())
                    .filter(|f| !g.fields.contains(f))
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .map(|f| json!({"required": [f]}))
                    .collect();
                let mut alt = json!({"title": g.name, "description": g.description, "required": g.fields});
                if !others.is_empty() {
                    alt["not"] = json!({"anyOf": others});
                }
                alt
            })
            .collect();
        m.insert("oneOf".into(), Json::Array(alts));
    }
    for f in &s.fields {
        if let Some(Holds::ByField { field, cases, .. }) = &f.holds {
            for (case, id) in cases {
                let held = held_schema(api, *id, defs);
                all_of.push(json!({
                    "if": {"properties": {field.clone(): {"const": case.value}}, "required": [field]},
                    "then": {"properties": {f.wire_name.clone(): held}},
                }));
            }
        }
    }
    if !all_of.is_empty() {
        m.insert("allOf".into(), Json::Array(all_of));
    }
    m
}

/// What a string that holds a type must look like.
fn held_schema(api: &Api, id: TypeId, defs: &mut BTreeSet<TypeId>) -> Json {
    match &api.ty(id).kind {
        TypeKind::Record(r) => json!({"pattern": record_pattern(r)}),
        _ => {
            defs.insert(id);
            json!({
                "pattern": JSON_OBJECT_PATTERN,
                "contentMediaType": "application/json",
                "contentSchema": {"$ref": format!("#/$defs/{}", api.ty(id).rust_name)},
            })
        }
    }
}

fn type_schema(api: &Api, ty: &Type, c: &Constraints, defs: &mut BTreeSet<TypeId>) -> Map<String, Json> {
    let mut m = Map::new();
    match ty {
        Type::String => {
            m.insert("type".into(), json!("string"));
            if let Some(v) = c.min_length {
                m.insert("minLength".into(), json!(v));
            }
            if let Some(v) = c.max_length {
                m.insert("maxLength".into(), json!(v));
            }
            let mut patterns: Vec<String> = c.pattern.iter().cloned().collect();
            if !c.not_contains.is_empty() {
                let alts: Vec<String> = c.not_contains.iter().map(|s| regex_escape(s)).collect();
                let single_chars = c.not_contains.iter().all(|s| s.chars().count() == 1);
                if single_chars {
                    let class: String = c.not_contains.iter().map(|s| class_escape(s)).collect();
                    patterns.push(format!("^[^{class}]*$"));
                } else {
                    m.insert("not".into(), json!({"pattern": alts.join("|")}));
                }
            }
            match patterns.len() {
                0 => {}
                1 => {
                    m.insert("pattern".into(), json!(patterns[0]));
                }
                _ => {
                    let all: Vec<Json> = patterns.iter().map(|p| json!({"pattern": p})).collect();
                    m.insert("allOf".into(), Json::Array(all));
                }
            }
        }
        Type::Bool => {
            m.insert("type".into(), json!("boolean"));
        }
        Type::F64 => {
            m.insert("type".into(), json!("number"));
        }
        Type::Json => {}
        Type::Int(it) => {
            m.insert("type".into(), json!("integer"));
            let (lo, hi) = it.bounds();
            let min = c.minimum.map_or(lo, i128::from).max(lo);
            let max = c.maximum.map_or(hi, i128::from).min(hi);
            m.insert("minimum".into(), int_json(min));
            m.insert("maximum".into(), int_json(max));
        }
        Type::Named(id) => {
            defs.insert(*id);
            m.insert("$ref".into(), json!(format!("#/$defs/{}", api.ty(*id).rust_name)));
        }
        Type::Array(inner) => {
            m.insert("type".into(), json!("array"));
            m.insert("items".into(), Json::Object(type_schema(api, inner, &Constraints::default(), defs)));
            if let Some(v) = c.min_items {
                m.insert("minItems".into(), json!(v));
            }
            if let Some(v) = c.max_items {
                m.insert("maxItems".into(), json!(v));
            }
        }
    }
    if let Some(k) = &c.const_value {
        m.insert("const".into(), k.clone());
    }
    m
}

fn int_json(v: i128) -> Json {
    if let Ok(i) = i64::try_from(v) { json!(i) } else { json!(u64::try_from(v).unwrap_or(u64::MAX)) }
}

fn class_escape(s: &str) -> String {
    s.chars().map(|c| if "\\]^-[".contains(c) { format!("\\{c}") } else { c.to_string() }).collect()
}

/// The schema of one field (type, constraints, description, default, examples).
pub fn field_schema(api: &Api, f: &Field, defs: &mut BTreeSet<TypeId>) -> Json {
    let mut m = type_schema(api, &f.ty, &f.constraints, defs);
    if f.nullable {
        if let Some(Json::String(t)) = m.get("type").cloned() {
            m.insert("type".into(), json!([t, "null"]));
        } else {
            let inner = Json::Object(std::mem::take(&mut m));
            m.insert("anyOf".into(), json!([inner, {"type": "null"}]));
        }
    }
    let mut desc = f.description.clone();
    if let Some(e) = &f.erratum {
        desc.push_str(&format!("\n\nErratum: {e}"));
    }
    if let Some(n) = &f.note {
        desc.push_str(&format!("\n\nNote: {n}"));
    }
    if let Some(c) = &f.contradiction {
        desc.push_str(&format!("\n\nThe page contradicts itself: {}.", c.summary));
    }
    // A `$ref` with siblings is fine in 2020-12.
    m.insert("description".into(), json!(desc));
    if let Some(d) = &f.default {
        m.insert("default".into(), d.clone());
    }
    if let Some(e) = &f.example {
        m.insert("examples".into(), json!([e]));
    }
    match &f.holds {
        Some(Holds::Json) => {
            m.insert("pattern".into(), json!(JSON_TEXT_PATTERN));
            m.insert("contentMediaType".into(), json!("application/json"));
        }
        Some(Holds::Type(id)) => {
            if let Json::Object(h) = held_schema(api, *id, defs) {
                m.extend(h);
            }
        }
        _ => {}
    }
    if f.secret {
        m.insert("writeOnly".into(), json!(true));
        m.insert("x-secret".into(), json!(true));
    }
    Json::Object(m)
}
