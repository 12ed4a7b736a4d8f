//! IR → a self-contained OpenAPI 3.0.3 document, for tools that read only 3.0 (generators such as
//! progenitor). Written on demand by `cargo xtask openapi --openapi-version 3.0`, not part of the
//! checked-in generated set.
//!
//! It is the 3.1 document of [`crate::openapi::document`] with every body schema inlined and
//! rewritten for 3.0:
//!
//! - The 3.1 document is already self-contained (every body and named type is one of its
//!   `components/schemas`, named by the IR's component names: `ChatbotFinish`, `DeskFinish`), so
//!   only its schemas are rewritten; every `$ref` points into `#/components/schemas/`.
//! - `const: v` becomes `enum: [v]`; `type: [t, "null"]` becomes `type: t` with `nullable: true`;
//!   `anyOf: [S, {type: null}]` becomes `S` with `nullable: true` (an `allOf: [S]` wrapper when
//!   `S` is a `$ref`); `examples: [e, ..]` becomes `example: e`.
//! - A `$ref` with siblings (a field's description, default, example) becomes `allOf: [{$ref}]`
//!   beside them, since 3.0 ignores a reference's siblings.
//! - Dropped: `$schema`, `$id`, `$comment` and the document's `jsonSchemaDialect`, which 3.0 lacks;
//!   `if`/`then` (the rules of fields that hold JSON text of a type chosen by another field: 3.0 has
//!   no conditionals, so those rules are left to the models' `validate()`); `contentMediaType`
//!   and `contentSchema` become the extensions `x-content-media-type` and `x-content-schema`.
//! - The license's `identifier` (3.1 only) is dropped; its `name` stays.
//! - `not` is kept: 3.0 has it.
//! - `webhooks` (3.1 only: 3.0 has no place for requests the vendor sends) becomes the
//!   extension `x-webhooks`, the same Path Items under Redocly's name for them in 3.0 documents,
//!   which Redoc renders and other 3.0 tools ignore; its parameter schemas are rewritten like the
//!   paths'. The callbacks' bodies and replies stay in `components/schemas`.

use std::collections::BTreeSet;

use ccapi_loader::ir::*;
use serde_json::{Map, Value as Json, json};

/// The OpenAPI version written.
pub const OPENAPI_VERSION: &str = "3.0.3";

/// The file name the xtask writes it to, under `schemas/` (or `--out`).
pub const FILE_NAME: &str = "openapi-3.0.json";

/// Where the 3.0 document keeps the 3.1 document's `webhooks`.
pub const WEBHOOKS: &str = "x-webhooks";

/// Why a 3.0 document could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// The whole document: self-contained (no reference leaves it) and free of 3.1-only keywords.
pub fn document(api: &Api) -> Result<Json, Error> {
    let mut doc = crate::openapi::document(api);
    let Json::Object(top) = &mut doc else { return Err(Error("the 3.1 document is not an object".into())) };
    top.insert("openapi".into(), json!(OPENAPI_VERSION));
    top.remove("jsonSchemaDialect");
    // 3.0's License Object has no `identifier`.
    if let Some(Json::Object(license)) = top.get_mut("info").and_then(|i| i.get_mut("license")) {
        license.remove("identifier");
    }
    let scope = Scope;
    if let Some(Json::Object(schemas)) = top.get_mut("components").and_then(|c| c.get_mut("schemas")) {
        for s in schemas.values_mut() {
            *s = scope.schema(std::mem::take(s))?;
        }
    }
    // 3.0 has no `webhooks`: the same Path Items go under `x-webhooks` (see the module docs).
    if let Some(webhooks) = top.remove("webhooks") {
        top.insert(WEBHOOKS.into(), webhooks);
    }
    // Parameter schemas (the auth scheme's query parameters) come from the same field schemas.
    for section in ["paths", WEBHOOKS] {
        let Some(Json::Object(paths)) = top.get_mut(section) else { continue };
        for item in paths.values_mut() {
            let Json::Object(item) = item else { continue };
            for operation in item.values_mut() {
                let Some(Json::Array(params)) = operation.get_mut("parameters") else { continue };
                for p in params {
                    if let Some(s) = p.get_mut("schema") {
                        *s = scope.schema(std::mem::take(s))?;
                    }
                }
            }
        }
    }
    check(&doc).map_err(|problems| Error(problems.join("; ")))?;
    Ok(doc)
}

/// Rewrites the 3.1 document's schemas (already self-contained) for 3.0.
struct Scope;

impl Scope {
    fn reference(&self, r: &str) -> Result<String, Error> {
        match r.strip_prefix("#/$defs/") {
            Some(local) => Ok(crate::openapi::component_ref(local)),
            None if r.starts_with("#/components/schemas/") => Ok(r.to_string()),
            None => Err(Error(format!("reference `{r}` does not resolve inside the document"))),
        }
    }

    /// A JSON Schema (2020-12, as the published files have it) rewritten as a 3.0 Schema Object.
    fn schema(&self, schema: Json) -> Result<Json, Error> {
        let Json::Object(m) = schema else { return Ok(schema) };
        let mut out = Map::new();
        let mut nullable = false;
        for (k, v) in m {
            match k.as_str() {
                "$schema" | "$id" | "$comment" | "$defs" => {}
                "$ref" => {
                    let r = v.as_str().ok_or_else(|| Error("a `$ref` that is not a string".into()))?;
                    out.insert(k, json!(self.reference(r)?));
                }
                "const" => {
                    out.insert("enum".into(), json!([v]));
                }
                "examples" => {
                    if let Some(first) = v.as_array().and_then(|a| a.first()) {
                        out.insert("example".into(), first.clone());
                    }
                }
                "type" => match v {
                    Json::Array(types) => {
                        let mut rest: Vec<Json> = types.into_iter().filter(|t| t != "null").collect();
                        nullable = true;
                        match rest.len() {
                            0 => {}
                            1 => {
                                out.insert(k, rest.remove(0));
                            }
                            _ => return Err(Error(format!("a schema of several types {rest:?}: 3.0 has one"))),
                        }
                    }
                    v => {
                        out.insert(k, v);
                    }
                },
                "anyOf" | "oneOf" | "allOf" => {
                    let Json::Array(items) = v else { return Err(Error(format!("`{k}` that is not an array"))) };
                    let mut converted = Vec::new();
                    for item in items {
                        if item.get("type").and_then(Json::as_str) == Some("null") && k == "anyOf" {
                            nullable = true;
                            continue;
                        }
                        // 3.0 has no conditionals: an `if`/`then` rule is left out (see the module docs).
                        if item.get("if").is_some() {
                            continue;
                        }
                        converted.push(self.schema(item)?);
                    }
                    if k == "anyOf" && converted.len() == 1 && nullable {
                        // `anyOf: [S, null]`: S itself, nullable.
                        if let Json::Object(inner) = converted.remove(0) {
                            for (ik, iv) in inner {
                                out.insert(ik, iv);
                            }
                        }
                    } else if !converted.is_empty() {
                        out.insert(k, Json::Array(converted));
                    }
                }
                "if" | "then" | "else" => {}
                "properties" => {
                    let Json::Object(props) = v else { return Err(Error("`properties` that is not an object".into())) };
                    let mut p = Map::new();
                    for (name, s) in props {
                        p.insert(name, self.schema(s)?);
                    }
                    out.insert(k, Json::Object(p));
                }
                "items" | "not" | "additionalProperties" => {
                    out.insert(k, self.schema(v)?);
                }
                "contentMediaType" => {
                    out.insert("x-content-media-type".into(), v);
                }
                "contentSchema" => {
                    out.insert("x-content-schema".into(), self.schema(v)?);
                }
                _ => {
                    out.insert(k, v);
                }
            }
        }
        if nullable {
            out.insert("nullable".into(), json!(true));
        }
        // 3.0 ignores the siblings of a `$ref`: keep the reference under `allOf`.
        if out.len() > 1
            && let Some(r) = out.remove("$ref")
        {
            let mut all_of = vec![json!({"$ref": r})];
            if let Some(Json::Array(more)) = out.remove("allOf") {
                all_of.extend(more);
            }
            out.insert("allOf".into(), Json::Array(all_of));
        }
        Ok(Json::Object(out))
    }
}

/// Every problem that keeps a document from being self-contained 3.0: a `$ref` that does not
/// point at one of its `components/schemas`, a `$defs`, `const`, `if`, `then`, `else`,
/// `contentSchema`, `$schema` or `$id` keyword, a type array, or a sibling of a `$ref`.
pub fn check(doc: &Json) -> Result<(), Vec<String>> {
    let components: BTreeSet<&str> = doc
        .pointer("/components/schemas")
        .and_then(Json::as_object)
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut problems = Vec::new();
    walk(doc, "", &components, &mut problems);
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

/// Keywords whose values are data, not schemas: their insides are not checked.
const DATA: &[&str] = &[
    "enum",
    "example",
    "default",
    "x-default",
    "x-error-codes",
    "x-paging",
    "x-streaming",
    "x-dedup",
    "x-callback-auth",
    "x-enum-varnames",
    "x-enum-descriptions",
    "discriminator",
];

fn walk(v: &Json, at: &str, components: &BTreeSet<&str>, problems: &mut Vec<String>) {
    match v {
        Json::Object(m) => {
            // Inside `properties`, keys are field names, which may be spelled like keywords.
            let is_properties = at.ends_with("/properties");
            for (k, child) in m {
                if !is_properties {
                    match k.as_str() {
                        "$ref" => match child.as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
                            Some(name) if components.contains(name) => {
                                if m.len() > 1 {
                                    problems.push(format!("{at}: `$ref` with siblings"));
                                }
                            }
                            _ => problems.push(format!("{at}: `$ref` {child} does not resolve in the document")),
                        },
                        "$defs" | "const" | "if" | "then" | "else" | "contentSchema" | "$schema" | "$id"
                        | "jsonSchemaDialect" => problems.push(format!("{at}: `{k}` is not OpenAPI 3.0")),
                        "type" if !child.is_string() => problems.push(format!("{at}: `type` {child} is not one type")),
                        k if DATA.contains(&k) => continue,
                        _ => {}
                    }
                }
                walk(child, &format!("{at}/{k}"), components, problems);
            }
        }
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{at}/{i}"), components, problems);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real_api() -> Api {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec");
        let loaded = ccapi_loader::load_dir(&dir);
        let rendered = loaded.diagnostics.render(&loaded.sources);
        loaded.api.unwrap_or_else(|| panic!("{rendered}"))
    }

    /// No 3.1-only keyword anywhere, and every reference resolves inside the document.
    #[test]
    fn the_document_is_self_contained_3_0() {
        let doc = document(&real_api()).expect("builds");
        assert_eq!(doc["openapi"], OPENAPI_VERSION);
        assert_eq!(check(&doc), Ok(()));
        let text = serde_json::to_string(&doc).expect("serializes");
        for word in ["\"$defs\"", "\"const\"", "\"$schema\"", "\"jsonSchemaDialect\"", "#/$defs/", ".json\""] {
            assert!(!text.contains(word), "{word} in the 3.0 document");
        }
        // Every body the 3.1 document publishes is a component, and a named type is one too.
        let schemas = doc["components"]["schemas"].as_object().expect("schemas");
        assert!(schemas.contains_key("DeskDescribeChatMessagesRequest"));
        assert!(schemas.contains_key("ActionStatus"));
        assert_eq!(schemas["ActionStatus"]["enum"], json!(["OK", "FAIL"]));
        assert_eq!(schemas["ActionStatus"]["x-enum-varnames"], json!(["Ok", "Fail"]));
        assert!(schemas["ActionStatus"].get("oneOf").is_none());
        // The webhooks, under the extension 3.0 tools know them by, with 3.0 parameter schemas.
        assert!(doc.get("webhooks").is_none(), "3.0 has no `webhooks`");
        let hook = &doc[WEBHOOKS]["Bot.OnC2CMessage"]["post"];
        assert_eq!(hook["operationId"], "chatbot.on_c2c_message");
        let command = hook["parameters"].as_array().unwrap().iter().find(|p| p["name"] == "CallbackCommand").unwrap();
        assert_eq!(command["schema"]["enum"], json!(["Bot.OnC2CMessage"]), "`const` as a one-value `enum`");
        let body = hook["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str().unwrap();
        assert!(schemas.contains_key(body.trim_start_matches("#/components/schemas/")), "{body}");
    }

    #[test]
    fn constructs_are_converted() {
        let scope = Scope;
        let s = scope
            .schema(json!({
                "$comment": "x",
                "type": "object",
                "properties": {
                    "const": {"type": ["string", "null"], "const": "a", "examples": ["a", "b"]},
                    "r": {"$ref": "#/$defs/ActionStatus", "description": "d"},
                    "n": {"anyOf": [{"$ref": "#/$defs/ActionStatus"}, {"type": "null"}]},
                },
                "allOf": [{"if": {"properties": {"a": {"const": 1}}}, "then": {}}],
            }))
            .expect("converts");
        assert_eq!(
            s,
            json!({
                "type": "object",
                "properties": {
                    "const": {"type": "string", "enum": ["a"], "example": "a", "nullable": true},
                    "r": {"description": "d", "allOf": [{"$ref": "#/components/schemas/ActionStatus"}]},
                    "n": {"nullable": true, "allOf": [{"$ref": "#/components/schemas/ActionStatus"}]},
                },
            })
        );
        assert!(scope.schema(json!({"$ref": "other.json"})).is_err());
    }

    #[test]
    fn check_finds_what_3_0_lacks() {
        let doc = json!({
            "components": {"schemas": {"A": {"type": ["string", "null"], "properties": {"const": {}}}}},
            "paths": {"/x": {"post": {"schema": {"$ref": "#/components/schemas/B", "const": 1}}}},
        });
        let problems = check(&doc).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
    }
}
