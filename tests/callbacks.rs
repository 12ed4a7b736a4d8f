//! The vendors' callbacks as the spec's IR decides them: every callback of reference/callbacks.md,
//! with its command (or path), its dedup keys, its auth scheme, its reply and its names.

use ccapi_loader::ir::{CallbackAuthKind, CallbackParamRole, DedupKey, RequestIn, StructRole, TypeKind};

/// `(id, command or path, synchronous, dedup as text)` of every callback, in spec order.
fn summary() -> Vec<(String, String, bool, String)> {
    let api = ccapi_tests::workspace_api();
    api.callbacks()
        .map(|c| {
            let dedup: Vec<String> = c
                .dedup
                .iter()
                .map(|d| match d {
                    DedupKey::Query(q) => format!("query:{q}"),
                    DedupKey::Body(f) => format!("body:{}", f.wire_name),
                    DedupKey::Digest => "digest".into(),
                })
                .collect();
            let on = c.command.clone().or_else(|| c.path.clone()).unwrap_or_default();
            (c.id.clone(), on, c.synchronous, dedup.join(" "))
        })
        .collect()
}

#[test]
fn every_documented_callback_is_in_the_spec() {
    let s = |a: &str, b: &str, sync: bool, d: &str| (a.to_string(), b.to_string(), sync, d.to_string());
    assert_eq!(
        summary(),
        [
            s("ccmessaging.push", "/webhooks/v1/messages", false, "digest"),
            s("chatbot.on_c2c_message", "Bot.OnC2CMessage", false, "body:MsgKey digest"),
            s("chatbot.on_group_message", "Bot.OnGroupMessage", false, "digest"),
            s("chatbot.on_c2c_signal_message", "Chatbot.OnC2CSignalMessage", true, "body:MsgKey digest"),
            s("desk.session_event_notify", "Desk.SessionEventNotify", false, "query:RequestID body:MsgKey digest"),
            s("desk.on_assign_human", "ChatBot.OnAssignHuman", true, "digest"),
            s("desk.interface_invocation", "Chatbot.InterfaceInvocation", true, "digest"),
        ]
    );
}

#[test]
fn names_auth_and_replies_are_decided_once() {
    let api = ccapi_tests::workspace_api();
    let desk = api.family("desk").unwrap();
    assert_eq!(desk.event_enum, "DeskEvent");
    let assign = api.callback("desk.on_assign_human").unwrap();
    assert_eq!(assign.rust_name, "OnAssignHuman");
    assert_eq!(api.ty(assign.body).rust_name, "OnAssignHumanEvent");
    assert_eq!(api.ty(assign.reply).component_name, "DeskOnAssignHumanReply");
    assert_eq!(assign.body_schema, "desk/on_assign_human.event.json");
    assert_eq!(assign.reply_schema, "desk/on_assign_human.reply.json");
    assert_eq!(assign.webhook, "ChatBot.OnAssignHuman");
    let TypeKind::Struct(reply) = &api.ty(assign.reply).kind else { panic!("a struct") };
    assert_eq!(reply.role, StructRole::CallbackReply);
    let wires: Vec<&str> = reply.fields.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(wires, ["ActionStatus", "ErrorCode", "ErrorInfo", "AgentGroupId", "AgentIdList"], "envelope first");
    let sign = api.callback_auth_scheme(assign.auth);
    assert_eq!((sign.kind, sign.window_seconds), (CallbackAuthKind::TencentCallbackSign, Some(60)));
    let role = |r| sign.param(r).map(|p| p.wire_name.as_str());
    assert_eq!(role(CallbackParamRole::AppId), Some("SdkAppid"));
    assert_eq!(role(CallbackParamRole::Sign), Some("Sign"));
    assert_eq!(role(CallbackParamRole::RequestTime), Some("RequestTime"));
    let push = api.callback("ccmessaging.push").unwrap();
    assert_eq!(push.webhook, "ccmessaging.push", "no command: the id");
    assert_eq!(api.callback_auth_scheme(push.auth).kind, CallbackAuthKind::VerificationHook);
    let TypeKind::Struct(push_reply) = &api.ty(push.reply).kind else { panic!("a struct") };
    let wires: Vec<&str> = push_reply.fields.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(wires, ["resultCode", "resultDesc"], "the ccmessaging envelope alone");
    // Published names keep through generators that upper-case a letter after a digit.
    let c2c = api.callback("chatbot.on_c2c_message").unwrap();
    assert_eq!(api.ty(c2c.body).rust_name, "OnC2cMessageEvent");
    assert_eq!(api.ty(c2c.body).component_name, "ChatbotOnC2CMessageEvent");
    for t in &api.types {
        let n = t.component_name.as_bytes();
        assert!(!n.windows(2).any(|w| w[0].is_ascii_digit() && w[1].is_ascii_lowercase()), "{}", t.component_name);
    }
    let poll = api.operation("ccmessaging.poll").unwrap();
    assert_eq!(poll.request_in, RequestIn::Query);
    assert_eq!(api.operation("ccmessaging.send").unwrap().request_in, RequestIn::Body);
}

fn published(file: &str) -> serde_json::Value {
    let path = ccapi_tests::root().join("schemas").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The `callbacks` entry of `schemas/index.json` for each callback of the IR, in the same order.
fn index_entries() -> Vec<serde_json::Value> {
    published("index.json")["callbacks"].as_array().expect("index.json has `callbacks`").clone()
}

#[test]
fn every_callback_has_an_index_entry_and_a_webhook() {
    let api = ccapi_tests::workspace_api();
    let entries = index_entries();
    let ids: Vec<&str> = entries.iter().map(|e| e["id"].as_str().unwrap()).collect();
    let expected: Vec<&str> = api.callbacks().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, expected, "one entry per callback, in spec order");
    let doc = published("openapi.json");
    let webhooks = doc["webhooks"].as_object().expect("openapi.json has `webhooks`");
    assert_eq!(webhooks.len(), expected.len(), "one webhook per callback");
    let components = doc["components"]["schemas"].as_object().unwrap();
    let schemes = doc["components"]["securitySchemes"].as_object().unwrap();
    for (cb, entry) in api.callbacks().zip(&entries) {
        let scheme = api.callback_auth_scheme(cb.auth);
        // The index: how it is recognised, its facts and files, as the IR decided them.
        assert_eq!(entry["family"], cb.family);
        assert_eq!(entry["webhook"], cb.webhook);
        assert_eq!(entry.get("command").and_then(|c| c.as_str()), cb.command.as_deref(), "{}", cb.id);
        assert_eq!(entry.get("path").and_then(|c| c.as_str()), cb.path.as_deref(), "{}", cb.id);
        assert_eq!(entry["synchronous"], cb.synchronous, "{}", cb.id);
        assert_eq!(entry["dedup"].as_array().unwrap().len(), cb.dedup.len(), "{}", cb.id);
        assert_eq!(entry["auth"]["kind"], scheme.kind.spec_name(), "{}", cb.id);
        let query: Vec<&str> =
            entry["query"].as_array().map_or(vec![], |q| q.iter().map(|p| p["name"].as_str().unwrap()).collect());
        let scheme_query: Vec<&str> = scheme.query.iter().map(|f| f.wire_name.as_str()).collect();
        assert_eq!(query, scheme_query, "{}: the query parameters", cb.id);
        for (key, file, ty) in [("event", &cb.body_schema, cb.body), ("reply", &cb.reply_schema, cb.reply)] {
            assert_eq!(entry[key], **file, "{}", cb.id);
            let schema = published(file);
            let name = &api.ty(ty).component_name;
            assert_eq!(schema["title"], *name, "{file}: titled with its component name");
            assert_eq!(schema["x-callback"], cb.id, "{file}");
            assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema", "{file}");
            assert!(schema["$id"].as_str().unwrap().contains(&api.version), "{file}: $id lacks the version");
            assert_eq!(components[name.as_str()]["title"], *name, "{name} is a component of openapi.json");
        }
        // The reply, written by the app, is closed; the body, read by it, open.
        assert_eq!(published(&cb.reply_schema)["additionalProperties"], false, "{}", cb.reply_schema);
        assert!(published(&cb.body_schema).get("additionalProperties").is_none(), "{}", cb.body_schema);
        // The webhook: a POST of the body, answered by the reply, with the scheme's query.
        let hook = &webhooks[&cb.webhook]["post"];
        assert_eq!(hook["operationId"], cb.id);
        assert_eq!(hook["summary"], cb.summary);
        assert!(hook["description"].as_str().unwrap().starts_with(&cb.description), "{}", cb.id);
        let body_ref = format!("#/components/schemas/{}", api.ty(cb.body).component_name);
        let reply_ref = format!("#/components/schemas/{}", api.ty(cb.reply).component_name);
        assert_eq!(hook["requestBody"]["content"]["application/json"]["schema"]["$ref"], body_ref);
        assert_eq!(hook["responses"]["200"]["content"]["application/json"]["schema"]["$ref"], reply_ref);
        let params: Vec<&str> = hook["parameters"]
            .as_array()
            .map_or(vec![], |p| p.iter().filter(|p| p["in"] == "query").map(|p| p["name"].as_str().unwrap()).collect());
        assert_eq!(params, scheme_query, "{}: the webhook's query parameters", cb.id);
        if let Some(command) = &cb.command {
            let param = hook["parameters"].as_array().unwrap().iter().find(|p| p["name"] == "CallbackCommand").unwrap();
            assert_eq!(param["schema"]["const"], *command, "{}", cb.id);
        }
        assert_eq!(hook["x-synchronous"], cb.synchronous);
        assert_eq!(hook["x-callback-auth"], entry["auth"], "{}: the index and the webhook say the same", cb.id);
        // The signature is a security scheme of the document; without a published recipe, it says so.
        let security = hook["security"].as_array().unwrap();
        let named: Vec<&String> = security.iter().flat_map(|s| s.as_object().unwrap().keys()).collect();
        assert!(!named.is_empty(), "{}: a signed callback names its signature", cb.id);
        for name in named {
            let description = schemes[name.as_str()]["description"].as_str().unwrap();
            match scheme.kind {
                CallbackAuthKind::TencentCallbackSign => {
                    assert!(description.contains("SHA-256") && description.contains("RequestTime"), "{name}")
                }
                CallbackAuthKind::VerificationHook => {
                    assert!(description.contains("does not publish how this signature is made"), "{name}");
                    assert_eq!(hook["x-callback-auth"]["recipe"], "unpublished");
                }
                CallbackAuthKind::Unverified => panic!("{name}: an unverified callback has no signature"),
            }
        }
    }
    // The ccmessaging push has no command: it is keyed by its id and says its path.
    let push = &webhooks["ccmessaging.push"]["post"];
    assert_eq!(push["x-callback-path"], "/webhooks/v1/messages");
    assert!(push.get("parameters").is_none(), "its only header is the signature, a security scheme");
}

/// Every example body and reply of a callback is accepted by the schema its index entry names, as
/// by the spec's own instance checker; and the schemas are no blank check: each body without one
/// of its required fields, and each reply with a field it does not define, is refused by both.
#[test]
fn every_callback_example_validates_against_its_published_schemas() {
    let api = ccapi_tests::workspace_api();
    let mut checked = 0;
    for (cb, entry) in api.callbacks().zip(index_entries()) {
        let event = jsonschema::validator_for(&published(entry["event"].as_str().unwrap())).expect("compiles");
        let reply = jsonschema::validator_for(&published(entry["reply"].as_str().unwrap())).expect("compiles");
        let TypeKind::Struct(body_def) = &api.ty(cb.body).kind else { panic!("a struct") };
        for ex in &cb.examples {
            let what = format!("{} example {}", cb.id, ex.name);
            if let Some(body) = &ex.body {
                let errors: Vec<String> =
                    event.iter_errors(body).map(|e| format!("{}: {e}", e.instance_path())).collect();
                assert!(errors.is_empty(), "{what}: {} refuses the body: {errors:?}", cb.body_schema);
                assert!(ccapi_loader::instance::check_type(&api, cb.body, body).is_empty(), "{what}");
                checked += 1;
                for f in body_def.fields.iter().filter(|f| f.required) {
                    let mut broken = body.clone();
                    broken.as_object_mut().unwrap().remove(&f.wire_name);
                    assert!(!event.is_valid(&broken), "{what}: accepted without `{}`", f.wire_name);
                    assert!(!ccapi_loader::instance::check_type(&api, cb.body, &broken).is_empty(), "{what}");
                }
            }
            if let Some(body) = &ex.reply {
                let errors: Vec<String> =
                    reply.iter_errors(body).map(|e| format!("{}: {e}", e.instance_path())).collect();
                assert!(errors.is_empty(), "{what}: {} refuses the reply: {errors:?}", cb.reply_schema);
                assert!(ccapi_loader::instance::check_type(&api, cb.reply, body).is_empty(), "{what}");
                checked += 1;
                let mut extra = body.clone();
                extra.as_object_mut().unwrap().insert("NotAField".into(), serde_json::json!(1));
                assert!(!reply.is_valid(&extra), "{what}: a reply is closed");
            }
        }
    }
    assert!(checked >= 12, "only {checked} callback samples checked");
}
