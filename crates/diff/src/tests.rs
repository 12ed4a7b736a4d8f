//! End-to-end checks of the comparison on small in-memory specs.

use ccapi_loader::Sources;
use ccapi_loader::ir::Api;

use crate::change::{Kind, Level};
use crate::semver::Bump;

/// A complete spec with two families that each have a type `Item`, a recursive type, and
/// `extra` spliced into the `desk` family's `Item` fields.
fn spec(version: &str, desk_item_extra: &str) -> Api {
    let text = format!(
        r#"
api: {{name: t, title: T, version: {version}, description: A test.}}
servers:
  s: {{description: S., template: "https://{{domain}}", example: "https://x.example.com"}}
auth:
  a: {{kind: headers, description: A., headers: {{Key: {{type: string, required: true, description: K.}}}}}}
envelopes:
  e:
    description: E.
    fields:
      Code: {{type: i64, required: true, description: C.}}
    code_field: Code
    success_code: 0
families:
  desk:
    title: Desk
    description: D.
    server: s
    auth: a
    envelope: e
    types:
      Item:
        kind: struct
        description: An item.
        fields:
          Name: {{type: string, description: N.}}
{desk_item_extra}
      Node:
        kind: struct
        description: A tree.
        fields:
          Children: {{type: array<Node>, description: C.}}
    operations:
      get:
        summary: Get
        description: Get.
        method: POST
        path: /desk/get
        idempotent: true
        request:
          fields:
            Id: {{type: string, required: true, description: I.}}
        response:
          fields:
            Item: {{type: Item, description: I.}}
            Tree: {{type: Node, description: T.}}
  chat:
    title: Chat
    description: C.
    server: s
    auth: a
    envelope: e
    types:
      Item:
        kind: struct
        description: Another item.
        fields:
          Name: {{type: string, description: N.}}
    operations:
      get:
        summary: Get
        description: Get.
        method: POST
        path: /chat/get
        idempotent: true
        request:
          fields:
            Item: {{type: Item, description: I.}}
        response:
          fields:
            Ok: {{type: bool, description: O.}}
"#
    );
    let mut sources = Sources::default();
    sources.add("t.yaml", text);
    let loaded = ccapi_loader::load_sources(sources);
    let rendered = loaded.diagnostics.render(&loaded.sources);
    loaded.api.unwrap_or_else(|| panic!("{rendered}"))
}

#[test]
fn identical_specs_have_no_changes() {
    let api = spec("1.0.0", "");
    let report = crate::diff(&api, &api);
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
    assert_eq!(report.recommended.overall(), Bump::None);
    assert_eq!(report.exit_code(), 0);
}

#[test]
fn types_of_the_same_name_in_two_families_are_kept_apart() {
    let old = spec("1.0.0", "");
    let new = spec("1.0.0", "          Size: {type: u64, required: true, description: S.}");
    let report = crate::diff(&old, &new);
    let found: Vec<(&str, &str)> =
        report.changes.iter().map(|c| (c.operation.as_deref().unwrap_or(""), c.location.as_str())).collect();
    // Only the desk `Item` (in a response) changed; the chat `Item` (in a request) did not.
    assert_eq!(found, [("desk.get", "response.Item.Size")]);
    let c = &report.changes[0];
    assert_eq!((c.kind, c.schema, c.rust), (Kind::FieldAdded { required: true }, Level::Compatible, Level::Breaking));
    assert_eq!(report.exit_code(), 1, "a Rust-breaking change without a major bump");
    let bumped = crate::diff(&old, &spec("2.0.0", "          Size: {type: u64, required: true, description: S.}"));
    assert_eq!(bumped.exit_code(), 0);
}

#[test]
fn recursive_types_are_compared_once() {
    let api = spec("1.0.0", "");
    let mut new = api.clone();
    for t in &mut new.types {
        if t.name == "Node" {
            t.description = "A tree of nodes.".into();
        }
    }
    let report = crate::diff(&api, &new);
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    assert_eq!(report.changes[0].location, "response.Tree");
    assert_eq!(report.changes[0].kind, Kind::Docs);
    assert_eq!(report.recommended.overall(), Bump::Patch);
}

#[test]
fn invalid_type_ids_are_skipped_without_panicking() {
    let api = spec("1.0.0", "");
    let mut broken = api.clone();
    broken.types.truncate(1);
    let _ = crate::diff(&api, &broken);
    let _ = crate::diff(&broken, &api);
}

#[test]
fn unparsable_versions_never_satisfy_a_breaking_change() {
    let mut old = spec("1.0.0", "");
    let new = spec("1.0.0", "          Size: {type: u64, required: true, description: S.}");
    old.version = "one".into();
    let report = crate::diff(&old, &new);
    assert!(!report.version_ok);
    let text = crate::text::render(&report, "a", "b");
    assert!(text.contains("not enough"), "{text}");
}

#[test]
fn a_changed_token_subject_is_an_auth_change() {
    let old = spec("1.0.0", "");
    let mut new = old.clone();
    new.auth[0].token_subject = vec![("userId".into(), "Name".into())];
    let report = crate::diff(&old, &new);
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    let c = &report.changes[0];
    assert_eq!((c.kind, c.location.as_str()), (Kind::AuthChanged, "auth.a.token_subject"));
    assert_eq!(c.detail, "token subject changed from (none) to (userId = Name)");
    assert_eq!((c.schema, c.rust), (Level::Breaking, Level::Breaking));
}

#[test]
fn one_operation_is_compared_with_another_under_the_old_id() {
    let api = spec("1.0.0", "");
    let desk = api.operations().find(|o| o.id == "desk.get").expect("desk.get");
    let chat = api.operations().find(|o| o.id == "chat.get").expect("chat.get");
    assert!(crate::diff_operation(&api, desk, &api, desk).changes.is_empty());
    let report = crate::diff_operation(&api, desk, &api, chat);
    let found: Vec<(&str, &str, &str, Level)> = report
        .changes
        .iter()
        .map(|c| (c.operation.as_deref().unwrap_or(""), c.location.as_str(), c.kind.code(), c.schema))
        .collect();
    assert_eq!(
        found,
        [
            ("desk.get", "path", "path_changed", Level::Breaking),
            ("desk.get", "request", "docs_changed", Level::Docs),
            ("desk.get", "request", "rust_name_changed", Level::Docs),
            ("desk.get", "request.Id", "field_removed", Level::Breaking),
            ("desk.get", "request.Item", "field_added", Level::Compatible),
            ("desk.get", "response", "docs_changed", Level::Docs),
            ("desk.get", "response", "rust_name_changed", Level::Docs),
            ("desk.get", "response.Item", "field_removed", Level::Breaking),
            ("desk.get", "response.Tree", "field_removed", Level::Breaking),
            ("desk.get", "response.Ok", "field_added", Level::Compatible),
        ]
    );
    let text = crate::text::render_changes(&report.changes);
    assert!(text.starts_with("desk.get\n"), "{text}");
    assert!(
        text.contains("  breaking                      path: path changed from /desk/get to /chat/get\n"),
        "{text}"
    );
    assert!(text.contains("\n10 changes. schemas: 4 breaking, 2 compatible, 4 docs."), "{text}");
}

/// A spec with one family and its callbacks: `on_message` (with `body_extra` spliced into its body
/// fields and `reply_extra` into its reply fields) and `more` callbacks after it.
fn callback_spec(body_extra: &str, reply_extra: &str, more: &str) -> Api {
    let text = format!(
        r#"
api: {{name: t, title: T, version: 1.0.0, description: A test.}}
servers:
  s: {{description: S., template: "https://{{domain}}", example: "https://x.example.com"}}
auth:
  a: {{kind: headers, description: A., headers: {{Key: {{type: string, required: true, description: K.}}}}}}
envelopes:
  e:
    description: E.
    fields:
      Code: {{type: i64, required: true, description: C.}}
    code_field: Code
    success_code: 0
callback_auth:
  sign:
    kind: tencent_callback_sign
    description: S.
    window_seconds: 60
    query:
      SdkAppid: {{type: string, required: true, description: A.}}
      Sign: {{type: string, description: S.}}
      RequestTime: {{type: string, description: T.}}
families:
  bot:
    title: Bot
    description: B.
    server: s
    auth: a
    envelope: e
    callback_auth: sign
    callbacks:
      on_message:
        command: Bot.OnMessage
        summary: A message.
        description: A message.
        docs: {{page: "https://example.com"}}
        synchronous: true
        dedup: [{{body: MsgKey}}, digest]
        body:
          fields:
            MsgKey: {{type: string, description: K.}}
{body_extra}
        reply:
          fields:
            Answer: {{type: string, description: A.}}
{reply_extra}
{more}
"#
    );
    let mut sources = Sources::default();
    sources.add("t.yaml", text);
    let loaded = ccapi_loader::load_sources(sources);
    let rendered = loaded.diagnostics.render(&loaded.sources);
    loaded.api.unwrap_or_else(|| panic!("{rendered}"))
}

/// `(operation, location, kind, schema level, rust level)` of every change.
fn found(report: &crate::Report) -> Vec<(String, String, &'static str, Level, Level)> {
    report
        .changes
        .iter()
        .map(|c| (c.operation.clone().unwrap_or_default(), c.location.clone(), c.kind.code(), c.schema, c.rust))
        .collect()
}

const OTHER_CALLBACK: &str = r#"      on_join:
        command: Bot.OnJoin
        summary: A join.
        description: A join.
        docs: {page: "https://example.com"}
        synchronous: false
        dedup: [digest]
        body:
          fields:
            Who: {type: string, description: W.}"#;

#[test]
fn a_new_callback_body_field_is_a_response_change_and_a_new_required_reply_field_a_request_change() {
    let old = callback_spec("", "", "");
    let body = "            Extra: {type: string, required: true, description: E.}";
    let reply = "            Agent: {type: string, required: true, description: A.}";
    let s = |v: &str| v.to_string();
    let (b, c) = (Level::Breaking, Level::Compatible);
    let report = crate::diff(&old, &callback_spec(body, "", ""));
    // A receiver reads the body: a new field, even required, is compatible for schemas (the
    // Rust constructor gains an argument).
    assert_eq!(found(&report), [(s("bot.on_message"), s("body.Extra"), "field_added", c, b)]);
    let report = crate::diff(&old, &callback_spec("", reply, ""));
    // The app writes the reply: a new required field breaks both.
    assert_eq!(found(&report), [(s("bot.on_message"), s("reply.Agent"), "field_added", b, b)]);
    let optional = crate::diff(&old, &callback_spec("", "            Agent: {type: string, description: A.}", ""));
    assert_eq!(found(&optional), [(s("bot.on_message"), s("reply.Agent"), "field_added", c, c)]);
}

#[test]
fn callbacks_added_and_removed() {
    let old = callback_spec("", "", "");
    let new = callback_spec("", "", OTHER_CALLBACK);
    let s = |v: &str| v.to_string();
    let added = crate::diff(&old, &new);
    assert_eq!(
        found(&added),
        [(s("bot.on_join"), s("callback"), "callback_added", Level::Compatible, Level::Compatible)]
    );
    assert_eq!(added.changes[0].detail, "callback added (Bot.OnJoin)");
    let removed = crate::diff(&new, &old);
    assert_eq!(
        found(&removed),
        [(s("bot.on_join"), s("callback"), "callback_removed", Level::Breaking, Level::Breaking)]
    );
    assert_eq!(removed.exit_code(), 1, "breaking without a major bump");
}

#[test]
fn a_callback_that_is_no_longer_waited_for_and_new_dedup_keys() {
    let old = callback_spec("", "", "");
    let mut new = old.clone();
    let cb = &mut new.families[0].callbacks[0];
    cb.synchronous = false;
    cb.dedup = vec![ccapi_loader::ir::DedupKey::Digest];
    cb.command = Some("Bot.OnMsg".into());
    let s = |v: &str| v.to_string();
    let (b, c, n) = (Level::Breaking, Level::Compatible, Level::Notable);
    assert_eq!(
        found(&crate::diff(&old, &new)),
        [
            (s("bot.on_message"), s("command"), "callback_changed", b, b),
            (s("bot.on_message"), s("synchronous"), "callback_changed", b, b),
            (s("bot.on_message"), s("dedup"), "callback_handling_changed", c, n),
        ]
    );
}

#[test]
fn callback_auth_schemes_are_compared_like_auth_schemes() {
    let old = callback_spec("", "", "");
    let mut new = old.clone();
    new.callback_auth[0].window_seconds = Some(300);
    let report = crate::diff(&old, &new);
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    let c = &report.changes[0];
    assert_eq!((c.kind, c.location.as_str()), (Kind::AuthChanged, "callback_auth.sign"));
    assert_eq!(c.detail, "replay window changed from 60 s to 300 s");
}
