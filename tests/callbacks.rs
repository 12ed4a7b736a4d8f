//! The vendors' callbacks as the spec's IR decides them: every callback of reference/callbacks.md,
//! with its command (or path), its dedup keys, its auth scheme, its reply and its names.

use ccapi_spec::ir::{CallbackAuthKind, CallbackParamRole, DedupKey, RequestIn, StructRole, TypeKind};

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
    let poll = api.operation("ccmessaging.poll").unwrap();
    assert_eq!(poll.request_in, RequestIn::Query);
    assert_eq!(api.operation("ccmessaging.send").unwrap().request_in, RequestIn::Body);
}
