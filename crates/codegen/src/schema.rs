//! IR → JSON Schema (draft 2020-12): one self-contained file per request and response body of an
//! operation and per body (`.event.json`) and reply (`.reply.json`) of a callback, and
//! `schemas/index.json`, the contract other teams read (its `operations` and its `callbacks`).

use std::collections::BTreeSet;

use ccapi_loader::ir::*;
use serde_json::{Map, Value as Json, json};

use crate::vocabulary;

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
    let ty = match role {
        StructRole::Request => op.request,
        _ => op.response,
    };
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
    let mut marks = vec![(vocabulary::OPERATION, json!(op.id))];
    if role == StructRole::Response {
        marks.push((vocabulary::ERROR_CODES, error_codes(op)));
    }
    top_schema(api, ty, &schema_file(op, role), &op.summary, examples, marks)
}

/// The schema of a callback's body ([`StructRole::CallbackBody`], the file the IR names
/// [`Callback::body_schema`]) or reply ([`StructRole::CallbackReply`], [`Callback::reply_schema`]).
pub fn callback_schema(api: &Api, cb: &Callback, role: StructRole) -> Json {
    let (ty, file) = match role {
        StructRole::CallbackBody => (cb.body, &cb.body_schema),
        _ => (cb.reply, &cb.reply_schema),
    };
    let examples: Vec<Json> = cb
        .examples
        .iter()
        .filter_map(|e| if role == StructRole::CallbackBody { e.body.clone() } else { e.reply.clone() })
        .collect();
    top_schema(api, ty, file, &cb.summary, examples, vec![(vocabulary::CALLBACK, json!(cb.id))])
}

/// A published file: the struct `ty` titled with its component name, its samples, the
/// vocabulary's `marks`, and every definition it reaches under `$defs`.
fn top_schema(api: &Api, ty: TypeId, file: &str, summary: &str, examples: Vec<Json>, marks: Vec<(&str, Json)>) -> Json {
    let mut defs = Defs::default();
    let mut out = Map::new();
    out.insert("$comment".into(), json!(crate::format::NOTICE));
    out.insert("$schema".into(), json!(DRAFT));
    out.insert("$id".into(), json!(schema_id(api, file)));
    let def = api.ty(ty);
    // The title is the body's component name, unique across the published schemas, so that
    // generators name the type after it (`DeskSendStreamMsgRequest`).
    out.insert("title".into(), json!(def.component_name));
    let mut description = format!("{summary}\n\n{}", def.description);
    if let Some(e) = &def.erratum {
        description.push_str(&format!("\n\nErratum: {e}"));
    }
    out.insert("description".into(), json!(description));
    let TypeKind::Struct(s) = &def.kind else { unreachable!("operation and callback bodies are structs") };
    for (k, v) in struct_schema(api, s, &mut defs) {
        out.insert(k, v);
    }
    if !examples.is_empty() {
        out.insert("examples".into(), Json::Array(examples));
    }
    for (k, v) in marks {
        out.insert(k.into(), v);
    }
    let def_map = defs.resolve(api);
    if !def_map.is_empty() {
        out.insert("$defs".into(), Json::Object(def_map));
    }
    Json::Object(out)
}

/// An operation's error codes as the schemas' `x-error-codes` list them.
fn error_codes(op: &Operation) -> Json {
    let codes: Vec<Json> = op
        .errors
        .iter()
        .map(|e| json!({"code": e.code, "description": e.description, "retryable": e.retryable}))
        .collect();
    Json::Array(codes)
}

/// The named schemas a schema refers to (`#/$defs/<component name>`): named types, found while
/// writing it, and the variants of its unions.
#[derive(Default)]
pub struct Defs {
    types: BTreeSet<TypeId>,
    /// The branches of `one_of` structs, by name, as they are written.
    branches: Vec<(String, Json)>,
}

impl Defs {
    /// A reference to the named type `id`, which joins the definitions.
    fn reference(&mut self, api: &Api, id: TypeId) -> Json {
        self.types.insert(id);
        json!({"$ref": def_ref(&api.ty(id).component_name)})
    }

    /// Every definition reachable from what was referenced, by name (sorted): each named type
    /// once, and after a union its variants.
    pub fn resolve(mut self, api: &Api) -> Map<String, Json> {
        let mut done = BTreeSet::new();
        let mut out: Vec<(String, Json)> = Vec::new();
        while let Some(id) = self.types.iter().find(|id| !done.contains(*id)).copied() {
            done.insert(id);
            let def = api.ty(id);
            out.push((def.component_name.clone(), named_schema(api, id, &mut self)));
            if let TypeKind::Union(u) = &def.kind {
                for v in &u.variants {
                    out.push((v.component_name.clone(), variant_schema(api, u, v, &mut self)));
                }
            }
        }
        out.append(&mut self.branches);
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.into_iter().collect()
    }
}

/// The reference to a definition of the same file.
pub fn def_ref(name: &str) -> String {
    format!("#/$defs/{name}")
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
    let callbacks: Vec<Json> = api.callbacks().map(|cb| callback_entry(api, cb)).collect();
    json!({"$comment": crate::format::NOTICE, "version": api.version, "operations": ops, "callbacks": callbacks})
}

/// A callback's entry in `schemas/index.json`: how it is recognised, its schema files, its
/// facts, and the query parameters and headers it carries.
fn callback_entry(api: &Api, cb: &Callback) -> Json {
    let mut entry = json!({"id": cb.id, "family": cb.family, "webhook": cb.webhook});
    if let Some(c) = &cb.command {
        entry["command"] = json!(c);
    }
    if let Some(p) = &cb.path {
        entry["path"] = json!(p);
    }
    entry["event"] = json!(cb.body_schema);
    entry["reply"] = json!(cb.reply_schema);
    if let Json::Object(facts) = callback_facts(api, cb) {
        for (k, v) in facts {
            entry[k] = v;
        }
    }
    let scheme = api.callback_auth_scheme(cb.auth);
    for (key, location, fields) in
        [("query", AuthIn::Query, &scheme.query), ("headers", AuthIn::Header, &scheme.headers)]
    {
        let params: Vec<Json> = fields
            .iter()
            .filter_map(|f| {
                let p = scheme.params.iter().find(|p| p.location == location && p.wire_name == f.wire_name)?;
                Some(json!({"name": f.wire_name, "required": p.required, "role": p.role.key()}))
            })
            .collect();
        if !params.is_empty() {
            entry[key] = Json::Array(params);
        }
    }
    entry
}

/// What a receiver of a callback must know besides its schemas, by the names of the spec
/// format (the index's entries and the OpenAPI webhooks' `x-callback` say the same):
/// `synchronous`, `timeout_ms` (where the vendor says), `dedup` (the keys in order of
/// preference: `{"query": name}`, `{"body": field}`, `{"digest": "sha256"}`, the SHA-256 of the
/// body) and `auth` (the callback auth scheme's key and kind, the wire names of the parameters it
/// checks, its replay window).
pub fn callback_facts(api: &Api, cb: &Callback) -> Json {
    let dedup: Vec<Json> = cb
        .dedup
        .iter()
        .map(|d| match d {
            DedupKey::Query(q) => json!({"query": q}),
            DedupKey::Body(f) => json!({"body": f.wire_name}),
            DedupKey::Digest => json!({"digest": "sha256"}),
        })
        .collect();
    let mut facts = json!({"synchronous": cb.synchronous});
    if let Some(ms) = cb.timeout_ms {
        facts["timeout_ms"] = json!(ms);
    }
    facts["dedup"] = Json::Array(dedup);
    facts["auth"] = callback_auth_facts(api.callback_auth_scheme(cb.auth));
    facts
}

/// A callback auth scheme as the index and the OpenAPI webhooks state it: its key, its kind
/// (the spec format's name), the wire name of each parameter it checks (by role), and its replay
/// window. A `verification_hook` says `"recipe": "unpublished"`: the vendor does not say how
/// its signature is made, and nothing here makes one up.
pub fn callback_auth_facts(scheme: &CallbackAuthScheme) -> Json {
    let mut auth = json!({"scheme": scheme.key, "kind": scheme.kind.spec_name()});
    for p in scheme.params.iter().filter(|p| p.role != CallbackParamRole::Info) {
        auth[p.role.key()] = json!(p.wire_name);
    }
    if let Some(w) = scheme.window_seconds {
        auth["window_seconds"] = json!(w);
    }
    if scheme.kind == CallbackAuthKind::VerificationHook {
        auth["recipe"] = json!("unpublished");
    }
    auth
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

/// The schema of a named type (used in `$defs`, and for the models' `JsonSchema` impls), titled
/// with its component name.
pub fn named_schema(api: &Api, id: TypeId, defs: &mut Defs) -> Json {
    let def = api.ty(id);
    let mut desc = def.description.clone();
    if let Some(e) = &def.erratum {
        desc.push_str(&format!("\n\nErratum: {e}"));
    }
    let mut m = Map::new();
    m.insert("title".into(), json!(def.component_name));
    match &def.kind {
        TypeKind::Struct(s) => m.extend(struct_schema(api, s, defs)),
        TypeKind::Enum(e) => m.extend(enum_schema(e)),
        TypeKind::Union(u) => {
            // One branch per variant, each a closed-tag object of its own (see `variant_schema`).
            let mut one_of: Vec<Json> =
                u.variants.iter().map(|v| json!({"$ref": def_ref(&v.component_name)})).collect();
            if one_of.len() == 1 {
                // No one-branch `oneOf`: the only variant is the type.
                m.extend(one_of.remove(0).as_object().cloned().unwrap_or_default());
            } else {
                m.insert("oneOf".into(), Json::Array(one_of));
            }
        }
        TypeKind::Record(r) => {
            m.insert("type".into(), json!("string"));
            m.insert("pattern".into(), json!(record_pattern(r)));
            let parts: Vec<&str> = r.fields.iter().map(|f| f.wire_name.as_str()).collect();
            desc = format!("{desc}\n\nFormat: `{}`.", parts.join(&r.delimiter));
        }
    }
    with_doc(m, &desc)
}

/// An enum: its values listed once, under `enum`, with their Rust names and the vendor's
/// description of each in the vocabulary's `x-enum-varnames` and `x-enum-descriptions` (a `oneOf`
/// of `const`s would make generators emit intersections and stray aliases).
pub fn enum_schema(e: &EnumDef) -> Map<String, Json> {
    let mut m = Map::new();
    m.insert("type".into(), json!(if e.repr == EnumRepr::String { "string" } else { "integer" }));
    m.insert("enum".into(), Json::Array(e.values.iter().map(|v| v.value.clone()).collect()));
    m.insert(vocabulary::ENUM_VARNAMES.into(), e.values.iter().map(|v| json!(v.rust_name)).collect());
    m.insert(vocabulary::ENUM_DESCRIPTIONS.into(), e.values.iter().map(|v| json!(v.description)).collect());
    m
}

/// One variant of a tagged union: an object with the tag as a `const` and its content, both
/// required.
fn variant_schema(api: &Api, u: &UnionDef, v: &UnionVariant, defs: &mut Defs) -> Json {
    let content = defs.reference(api, v.content);
    let mut m = Map::new();
    m.insert("title".into(), json!(v.component_name));
    m.insert("type".into(), json!("object"));
    m.insert(
        "properties".into(),
        json!({
            u.tag_field.clone(): {"type": "string", "const": v.tag},
            u.content_field.clone(): content,
        }),
    );
    m.insert("required".into(), json!([u.tag_field, u.content_field]));
    with_doc(m, &v.description)
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

fn struct_schema(api: &Api, s: &StructDef, defs: &mut Defs) -> Map<String, Json> {
    let mut m = Map::new();
    m.insert("type".into(), json!("object"));
    // What the app writes is closed (a request, a callback's reply), what it reads open.
    let closed = matches!(s.role, StructRole::Request | StructRole::CallbackReply);
    if s.one_of.len() < 2 {
        // A single group is no choice: its fields are simply required (no one-branch `oneOf`).
        let also: Vec<String> = s.one_of.iter().flat_map(|g| g.fields.iter().cloned()).collect();
        let (props, required) = object_parts(api, &s.fields.iter().collect::<Vec<_>>(), &also, defs);
        m.insert("properties".into(), props);
        if !required.is_empty() {
            m.insert("required".into(), json!(required));
        }
        if closed {
            m.insert("additionalProperties".into(), json!(false));
        }
    } else {
        // "Exactly one of these groups": one closed branch per group (a definition named by the
        // IR), each with its own properties (its group's fields and those of no group) and
        // `required`, so that a generator makes a union of complete shapes. A field of another group is then an extra
        // property of the branch, which is what forbids mixing groups.
        let grouped: BTreeSet<&str> = s.one_of.iter().flat_map(|g| g.fields.iter().map(String::as_str)).collect();
        let branches: Vec<Json> = s
            .one_of
            .iter()
            .map(|g| {
                let fields: Vec<&Field> = s
                    .fields
                    .iter()
                    .filter(|f| g.fields.contains(&f.wire_name) || !grouped.contains(f.wire_name.as_str()))
                    .collect();
                let (props, required) = object_parts(api, &fields, &g.fields, defs);
                let mut b = Map::new();
                b.insert("title".into(), json!(g.component_name));
                b.insert("description".into(), json!(g.description));
                b.insert("type".into(), json!("object"));
                b.insert("properties".into(), props);
                b.insert("required".into(), json!(required));
                if closed {
                    b.insert("additionalProperties".into(), json!(false));
                }
                // A definition of its own, as a union's variants are, so that generators name
                // its type by its name.
                defs.branches.push((g.component_name.clone(), Json::Object(b)));
                json!({"$ref": def_ref(&g.component_name)})
            })
            .collect();
        m.insert("oneOf".into(), Json::Array(branches));
    }
    let mut all_of = Vec::new();
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

/// The `properties` of `fields` and the wire names of those required: required fields and
/// `also_required` (a `one_of` group's), in field order.
fn object_parts(api: &Api, fields: &[&Field], also_required: &[String], defs: &mut Defs) -> (Json, Vec<String>) {
    let mut props = Map::new();
    for f in fields {
        props.insert(f.wire_name.clone(), field_schema(api, f, defs));
    }
    let required = fields
        .iter()
        .filter(|f| f.required || also_required.contains(&f.wire_name))
        .map(|f| f.wire_name.clone())
        .collect();
    (Json::Object(props), required)
}

/// What a string that holds a type must look like.
fn held_schema(api: &Api, id: TypeId, defs: &mut Defs) -> Json {
    match &api.ty(id).kind {
        TypeKind::Record(r) => json!({"type": "string", "pattern": record_pattern(r)}),
        _ => json!({
            "type": "string",
            "pattern": JSON_OBJECT_PATTERN,
            "contentMediaType": "application/json",
            "contentSchema": defs.reference(api, id),
        }),
    }
}

fn type_schema(api: &Api, ty: &Type, c: &Constraints, defs: &mut Defs) -> Map<String, Json> {
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
                    m.insert("not".into(), json!({"type": "string", "pattern": alts.join("|")}));
                }
            }
            match patterns.len() {
                0 => {}
                1 => {
                    m.insert("pattern".into(), json!(patterns[0]));
                }
                _ => {
                    let all: Vec<Json> = patterns.iter().map(|p| json!({"type": "string", "pattern": p})).collect();
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
        Type::Json => {
            // Any JSON value, spelled out: `{}` means the same to a validator, but generators
            // read a schema without `type` as an object (json-schema-to-typescript's
            // `{[k: string]: unknown}`), refusing a string where the vendor sends one. The object
            // branch says that it has members: openapi-typescript reads a bare `{type: object}` as
            // `Record<string, never>`, refusing every non-empty object.
            let any: Vec<Json> =
                ["string", "number", "boolean", "object", "array", "null"]
                    .iter()
                    .map(|t| {
                        if *t == "object" {
                            json!({"type": t, "additionalProperties": true})
                        } else {
                            json!({"type": t})
                        }
                    })
                    .collect();
            m.insert("anyOf".into(), Json::Array(any));
        }
        Type::Int(it) => {
            m.insert("type".into(), json!("integer"));
            let (lo, hi) = it.bounds();
            let min = c.minimum.map_or(lo, i128::from).max(lo);
            let max = c.maximum.map_or(hi, i128::from).min(hi);
            m.insert("minimum".into(), int_json(min));
            m.insert("maximum".into(), int_json(max));
        }
        Type::Named(id) => {
            if let Json::Object(r) = defs.reference(api, *id) {
                m.extend(r);
            }
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
///
/// A documented default is published as the vocabulary's `x-default` and in the description,
/// not as `default`: generators with default settings (openapi-typescript) make a property
/// with a `default` required in the types they emit, which an optional request field is not.
pub fn field_schema(api: &Api, f: &Field, defs: &mut Defs) -> Json {
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
    if let Some(d) = &f.default {
        desc.push_str(&format!("\n\nDefault: `{d}`."));
    }
    // A `$ref` with siblings is fine in 2020-12.
    m.insert("description".into(), json!(desc));
    if let Some(d) = &f.default {
        m.insert(vocabulary::DEFAULT.into(), d.clone());
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
        m.insert(vocabulary::SECRET.into(), json!(true));
    }
    Json::Object(m)
}
