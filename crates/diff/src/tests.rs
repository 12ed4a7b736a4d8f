//! End-to-end checks of the comparison on small in-memory specs.

use ccapi_spec::Sources;
use ccapi_spec::ir::Api;

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
    message_field: Code
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
    let loaded = ccapi_spec::load_sources(sources);
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
