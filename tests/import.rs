//! The page importer (`cargo xtask import`, crate `ccapi-import`).
//!
//! Each seed page (`../shared/seeds/`) is imported against the workspace spec and its draft loaded
//! beside the spec's shared parts (its `api` header, servers, auth schemes, envelopes and error
//! sets), so that it lowers to the IR; `ccapi-diff` then compares the operation with the
//! hand-written one, and the example bodies are compared too. Every difference must be one the
//! spec made on purpose, listed below with the TODO the importer must have put there; every TODO
//! the importer emits is listed too. The drafts and summaries are snapshot-tested.
//!
//! Pages the importer has never seen (`tests/import-pages/`, in the seeds' three table shapes)
//! must import and load as well, with what their prose states.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ccapi_diff::{Change, Kind, Level};
use ccapi_import::Import;
use ccapi_loader::Sources;
use ccapi_loader::ir::{Api, EnumDef, EnumRepr, Field, IntType, Operation, Type, TypeId, TypeKind};
use serde_json::{Value as Json, json};

fn seeds() -> PathBuf {
    ccapi_tests::root().join("../shared/seeds")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The workspace's spec, as pages are imported against it.
fn spec() -> ccapi_import::Spec {
    ccapi_import::Spec::load_dir(&ccapi_tests::root().join("spec")).unwrap_or_else(|e| panic!("{e}"))
}

/// Loads a draft beside the spec's shared parts.
fn load_draft(spec: &ccapi_import::Spec, import: &Import) -> Api {
    let loaded = spec.load_draft(&import.yaml);
    let rendered = loaded.diagnostics.render(&loaded.sources);
    loaded.api.unwrap_or_else(|| panic!("the draft does not load:\n{rendered}\n{}", import.yaml))
}

fn op<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations().find(|o| o.id == id).unwrap_or_else(|| panic!("no operation `{id}`"))
}

fn import_file(spec: &ccapi_import::Spec, path: &Path) -> Import {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    ccapi_import::import(&read(path), name.as_deref(), spec)
}

/// Whether a change is one the importer does not try to match: words only (descriptions, notes,
/// errata, examples: the examples are compared on their own), the Rust names of error codes (the
/// importer derives them from the vendor's description), and call patterns (paging, streaming),
/// which no page states.
fn beyond_the_page(c: &Change) -> bool {
    (c.schema == Level::Docs && c.rust == Level::Docs)
        || (c.kind == Kind::RustNameChanged && c.location.starts_with("errors."))
        || c.kind == Kind::CallPatternRemoved
}

/// Where the examples of two operations differ: their request bodies, their response bodies,
/// which response answers which request, and which fields a request breaks (key order aside).
fn example_differences(a: &Operation, b: &Operation) -> BTreeSet<&'static str> {
    let facts = |op: &Operation| {
        let mut f: [(&'static str, Vec<Json>); 4] = [
            ("examples.requests", vec![]),
            ("examples.responses", vec![]),
            ("examples.pairs", vec![]),
            ("examples.breaks", vec![]),
        ];
        for e in &op.examples {
            f[0].1.extend(e.request.clone());
            f[1].1.extend(e.response.clone());
            if let (Some(q), Some(p)) = (&e.request, &e.response) {
                f[2].1.push(json!([q, p]));
            }
            if !e.breaks.is_empty() {
                let mut breaks = e.breaks.clone();
                breaks.sort();
                f[3].1.push(json!([e.request, breaks]));
            }
        }
        f
    };
    let same = |x: &[Json], y: &[Json]| {
        x.len() == y.len() && x.iter().all(|v| y.contains(v)) && y.iter().all(|v| x.contains(v))
    };
    facts(a).into_iter().zip(facts(b)).filter(|((_, x), (_, y))| !same(x, y)).map(|((place, _), _)| place).collect()
}

/// What a seed page must give.
struct Seed {
    page: &'static str,
    id: &'static str,
    /// Every place the importer marks with a TODO.
    todos: &'static [&'static str],
    /// Every difference from the hand-written spec (`LOCATION KIND` as `ccapi-diff` says it, or
    /// the examples' place), with the TODO that marks it.
    differences: &'static [(&'static str, &'static str)],
}

fn check_seed(seed: &Seed) {
    let spec = spec();
    let import = import_file(&spec, &seeds().join(seed.page));
    assert_eq!(import.draft.id(), seed.id);

    // Every doubt is a `# TODO:` comment in the YAML with its page line, and the doubts are the
    // expected ones.
    let squashed: String = import.yaml.split_whitespace().collect::<Vec<_>>().join(" ");
    for t in &import.draft.todos {
        let msg: String = t.message.split_whitespace().collect::<Vec<_>>().join(" ");
        let line = t.line.unwrap_or_else(|| panic!("{}: TODO at `{}` has no page line", seed.page, t.place));
        assert!(
            squashed.contains(&format!("TODO: line {line}: {msg}"))
                || squashed.contains(&format!(", line {line}): {msg}")),
            "{}: TODO at `{}` not in the YAML",
            seed.page,
            t.place
        );
    }
    let places: BTreeSet<&str> = import.draft.todos.iter().map(|t| t.place.as_str()).collect();
    let expected: BTreeSet<&str> = seed.todos.iter().copied().collect();
    assert_eq!(places, expected, "{}: TODO places\n{}", seed.page, import.summary());

    // The draft lowers beside the shared spec, and equals the hand-written operation up to words
    // and the places listed.
    let draft_api = load_draft(&spec, &import);
    let hand_op = op(spec.api(), seed.id);
    let draft_op = op(&draft_api, seed.id);
    let report = ccapi_diff::diff_operation(spec.api(), hand_op, &draft_api, draft_op);
    let changes: Vec<&Change> = report.changes.iter().filter(|c| !beyond_the_page(c)).collect();
    let mut found: BTreeSet<String> = changes.iter().map(|c| format!("{} {}", c.location, c.kind.code())).collect();
    found.extend(example_differences(hand_op, draft_op).into_iter().map(String::from));
    let allowed: BTreeSet<String> = seed.differences.iter().map(|d| d.0.to_string()).collect();
    let shown: Vec<String> =
        changes.iter().map(|c| format!("  {} {}: {}", c.location, c.kind.code(), c.detail)).collect();
    assert_eq!(found, allowed, "{}: differences from the hand-written spec:\n{}", seed.page, shown.join("\n"));
    for (place, todo) in seed.differences {
        assert!(places.contains(todo), "{}: the difference at `{place}` has no TODO at `{todo}`", seed.page);
    }

    let stem = seed.page.trim_end_matches(".txt");
    insta::assert_snapshot!(format!("{stem}.yaml"), import.yaml);
    insta::assert_snapshot!(format!("{stem}.summary"), import.summary().to_string());
}

#[test]
fn seed_000_desk_send_stream_msg() {
    check_seed(&Seed {
        page: "000_323b4c833cf6805e.txt",
        id: "desk.send_stream_msg",
        todos: &["operation.idempotent", "types.Finish", "examples.response_package_example", "errors.141004"],
        differences: &[("request.Finish rust_name_changed", "types.Finish")],
    });
}

#[test]
fn seed_001_chatbot_send_stream_msg() {
    check_seed(&Seed {
        page: "001_b340292c8810dc23.txt",
        id: "chatbot.send_stream_msg",
        todos: &[
            "operation.idempotent",
            "operation.rate_limit",
            "request.fields.Finish.type",
            "examples.normal_response",
        ],
        differences: &[
            // The hand-written spec pairs the page's lone response with the first call.
            ("examples.pairs", "examples.normal_response"),
            // ... and makes Finish an enum with the one value the samples send.
            ("request.Finish type_changed", "request.fields.Finish.type"),
        ],
    });
}

#[test]
fn seed_002_desk_describe_chat_messages() {
    check_seed(&Seed {
        page: "002_744e5b4962bc62b3.txt",
        id: "desk.describe_chat_messages",
        todos: &[
            "operation.summary",
            "operation.description",
            "operation.idempotent",
            "request.fields.Limit.type",
            "request.fields.Offset.type",
            "types.Order",
            "response.fields.TotalCount.type",
            "response.fields.Messages.type",
            "types.FromAccountRole",
            "types.Message.fields.MsgBody",
            "types.Message.fields.MsgBody.type",
        ],
        differences: &[
            ("request.Limit type_changed", "request.fields.Limit.type"),
            ("request.Offset type_changed", "request.fields.Offset.type"),
            ("response.TotalCount type_changed", "response.fields.TotalCount.type"),
            ("request.Order rust_name_changed", "types.Order"),
            ("response.Messages[].FromAccountRole rust_name_changed", "types.FromAccountRole"),
            // The spec models MsgBody as a union of Tencent Chat's message elements.
            ("response.Messages[].MsgBody type_changed", "types.Message.fields.MsgBody.type"),
        ],
    });
}

#[test]
fn seed_003_ccmessaging_send() {
    check_seed(&Seed {
        page: "003_2b5991b4fcbfefa6.txt",
        id: "ccmessaging.send",
        todos: &[
            "operation.idempotent",
            "request",
            "request.fields.content",
            "request.fields.timestamp.type",
            "request.fields.userAgent.nullable",
            "request.fields.senderAvatar.nullable",
            "types.ControlType",
            "types.MediaType",
            "types.SourceType",
            "errors.3",
            // The 40-character `from` of the robot samples: accepted, the table's 24 under
            // `documented`, the samples marked `breaks` (one doubt, at the field).
            "request.fields.from.documented",
            "examples.send_web_card_message_to_agent_alternative",
        ],
        differences: &[
            // The spec describes each content format per mediaType (holds_by) from the samples.
            ("request.content constraint_loosened", "request.fields.content"),
            ("request.controlType rust_name_changed", "types.ControlType"),
            ("request.mediaType rust_name_changed", "types.MediaType"),
            ("request.timestamp constraint_loosened", "request.fields.timestamp.type"),
        ],
    });
}

#[test]
fn seed_004_desk_get_session_state() {
    check_seed(&Seed {
        page: "004_3149057197378d6c.txt",
        id: "desk.get_session_state",
        todos: &["operation.idempotent", "request", "types.CurrentState", "examples.response_packet_body_example"],
        differences: &[
            // The spec pairs the page's response with the second way of asking.
            ("examples.pairs", "examples.response_packet_body_example"),
            ("request one_of_dropped", "request"),
        ],
    });
}

/// An unseen page imported and loaded beside the shared spec: the import, its loaded draft and
/// its TODO places.
fn unseen(page: &str) -> (Import, Api, BTreeSet<String>) {
    let spec = spec();
    let import = import_file(&spec, &ccapi_tests::root().join("tests/import-pages").join(page));
    let api = load_draft(&spec, &import);
    let todos = import.draft.todos.iter().map(|t| t.place.clone()).collect();
    (import, api, todos)
}

/// The fields of a struct.
fn fields(api: &Api, id: TypeId) -> &[Field] {
    match &api.ty(id).kind {
        TypeKind::Struct(s) => &s.fields,
        other => panic!("`{}` is not a struct: {other:?}", api.ty(id).name),
    }
}

/// The field `wire` of a struct.
fn field<'a>(api: &'a Api, id: TypeId, wire: &str) -> &'a Field {
    fields(api, id).iter().find(|f| f.wire_name == wire).unwrap_or_else(|| panic!("no field `{wire}`"))
}

/// The type a field names (directly or as array items).
fn named(f: &Field) -> TypeId {
    match &f.ty {
        Type::Named(id) => *id,
        Type::Array(inner) => match **inner {
            Type::Named(id) => id,
            _ => panic!("`{}` is not of a named type", f.wire_name),
        },
        _ => panic!("`{}` is not of a named type", f.wire_name),
    }
}

/// The enum a field's type names.
fn enum_of<'a>(api: &'a Api, f: &Field) -> &'a EnumDef {
    match &api.ty(named(f)).kind {
        TypeKind::Enum(e) => e,
        other => panic!("`{}` is not an enum: {other:?}", f.wire_name),
    }
}

/// An enum's values and their Rust names, as `value=Name`.
fn values(e: &EnumDef) -> Vec<String> {
    e.values.iter().map(|v| format!("{}={}", v.value, v.rust_name)).collect()
}

/// The retryability of an operation's error code.
fn retryable(op: &Operation, code: i64) -> bool {
    op.errors.iter().find(|e| e.code == code).unwrap_or_else(|| panic!("no error {code}")).retryable
}

/// A Desk page in the one-cell-per-line shape, with Spanish chrome, a sample with a comment and a
/// trailing comma, an undocumented sample key, an array, and every kind of prose rule.
#[test]
fn unseen_desk_page() {
    let (import, api, todos) = unseen("desk_transfer_to_human.txt");
    assert_eq!(import.draft.id(), "desk.transfer_to_human");
    assert_eq!(import.draft.op.summary, "Transferring a Session to a Human Agent");
    assert_eq!(import.draft.op.docs.as_ref().and_then(|d| d.updated.as_deref()), Some("2025-06-01 09:30:00"));
    let o = op(&api, "desk.transfer_to_human");
    assert_eq!((o.method.as_str(), o.path.as_str()), ("POST", "/v4/desk_http_svc/transfer_to_human"));
    let req = |wire| field(&api, o.request, wire);
    let session = req("SessionId");
    assert!(session.required);
    assert_eq!((session.constraints.min_length, session.constraints.max_length), (Some(1), Some(64)));
    assert_eq!(req("SkillGroupIds").ty, Type::Array(Box::new(Type::String)));
    assert_eq!(req("SkillGroupIds").constraints.max_items, Some(5));
    assert_eq!(enum_of(&api, req("Priority")).repr, EnumRepr::Integer);
    assert_eq!(req("Priority").default, Some(json!(2)));
    assert_eq!(values(enum_of(&api, req("Priority"))), ["1=LowPriority", "2=NormalPriority", "3=Urgent"]);
    assert_eq!(req("Reason").constraints.max_length, Some(256));
    assert_eq!(req("Reason").constraints.not_contains, [";"]);
    assert_eq!(req("Mode").default, Some(json!("QUEUE")));
    let modes: Vec<&Json> = enum_of(&api, req("Mode")).values.iter().map(|v| &v.value).collect();
    assert_eq!(modes, [&json!("QUEUE"), &json!("DIRECT"), &json!("CALLBACK")]);
    assert_eq!(req("TimeoutSec").ty, Type::Int(IntType::U32));
    assert_eq!(
        (req("TimeoutSec").constraints.maximum, req("TimeoutSec").default.clone()),
        (Some(3600), Some(json!(600)))
    );
    assert_eq!(req("Channel").ty, Type::String);
    assert_eq!(field(&api, o.response, "QueuePosition").ty, Type::Int(IntType::I64));
    let states: Vec<&Json> = enum_of(&api, field(&api, o.response, "State")).values.iter().map(|v| &v.value).collect();
    assert_eq!(states, [&json!("Queuing"), &json!("Agent")]);
    assert!(retryable(o, 141011) && retryable(o, 141012) && !retryable(o, 141004));
    assert!(o.errors.iter().any(|e| e.from_set.as_deref() == Some("tencent-im-common")));
    // 70402 is in the common range the page names: the shared set has it, the draft does not.
    assert!(!import.draft.op.errors.iter().any(|e| e.code == 70402));
    assert!(!import.draft.op.response.fields.iter().any(|f| f.wire == "ErrorCode"), "the envelope's field");
    assert_eq!(import.draft.op.examples.len(), 3);
    assert_eq!(import.summary().repaired, 2);
    for place in [
        "request.fields.Channel",
        "request.fields.SkillGroupIds.type",
        "types.Priority",
        "examples.response_packet_example",
    ] {
        assert!(todos.contains(place), "no TODO at `{place}`: {todos:?}");
    }
}

/// A ccmessaging page in the `|`-terminated-cell shape: header parameters, the `reqBody` nesting
/// with flat samples, a nested response object, an error table, and a sample no repair can fix.
#[test]
fn unseen_ccmessaging_page() {
    let (import, api, todos) = unseen("ccmessaging_query_queue_status.txt");
    assert_eq!(import.draft.id(), "ccmessaging.query_queue_status");
    let o = op(&api, "ccmessaging.query_queue_status");
    assert_eq!((o.method.as_str(), o.path.as_str()), ("POST", "/apiaccess/ccmessaging/queryQueueStatus"));
    let req = |wire| field(&api, o.request, wire);
    assert!(req("channel").required);
    assert_eq!((req("from").constraints.min_length, req("from").constraints.max_length), (Some(1), Some(24)));
    assert_eq!(enum_of(&api, req("language")).repr, EnumRepr::String);
    assert_eq!(req("language").default, Some(json!("en_US")));
    assert_eq!(values(enum_of(&api, req("language"))), ["\"zh_CN\"=ZhCn", "\"en_US\"=EnUs"]);
    let data = named(field(&api, o.response, "data"));
    assert_eq!(field(&api, data, "position").ty, Type::Int(IntType::I64));
    let queue_states: Vec<&Json> =
        enum_of(&api, field(&api, data, "queueState")).values.iter().map(|v| &v.value).collect();
    assert_eq!(queue_states, [&json!("WAITING"), &json!("SERVING"), &json!("TIMEOUT")]);
    assert!(!retryable(o, 1) && retryable(o, 2));
    assert!(o.errors.iter().all(|e| e.from_set.is_none()), "ccmessaging has no shared error set");
    let wires: Vec<&str> =
        [o.request, o.response, data].iter().flat_map(|id| fields(&api, *id)).map(|f| f.wire_name.as_str()).collect();
    assert!(!wires.iter().any(|w| ["ccmessaging-token", "reqBody"].contains(w)), "{wires:?}");
    assert!(!import.draft.op.response.fields.iter().any(|f| f.wire == "resultCode"), "the envelope's field");
    assert_eq!(import.draft.op.examples.len(), 2);
    assert_eq!(import.draft.op.unreadable.len(), 1, "the single-quoted sample is left out");
    assert!(import.yaml.contains("#     { 'channel': 'WEB' }"));
    for place in ["request", "examples", "types.Data"] {
        assert!(todos.contains(place), "no TODO at `{place}`: {todos:?}");
    }
}

/// A page of a service no family of the spec has, in the `|`-separated-row shape without
/// headings: its family is new, named after the service, with a TODO.
#[test]
fn unseen_service_page() {
    let (import, api, todos) = unseen("group_get_online_member_num.txt");
    assert_eq!(import.draft.id(), "group_open.get_online_member_num");
    let o = op(&api, "group_open.get_online_member_num");
    let limit = field(&api, o.request, "MemberLimit");
    assert!(field(&api, o.request, "GroupId").required);
    assert_eq!(
        (limit.constraints.minimum, limit.constraints.maximum, limit.default.clone()),
        (Some(1), Some(1000), Some(json!(100)))
    );
    assert_eq!(field(&api, o.response, "Tags").ty, Type::Array(Box::new(Type::String)));
    assert!(retryable(o, 10002) && !retryable(o, 10015));
    for place in ["family", "operation.summary", "request.fields.MemberLimit.type"] {
        assert!(todos.contains(place), "no TODO at `{place}`: {todos:?}");
    }
    let family = import.draft.todos.iter().find(|t| t.place == "family").map(|t| t.message.as_str());
    assert!(family.is_some_and(|m| m.contains("under no family of the spec")), "{family:?}");
}

/// `--merge`: against the spec, a seed page shows what it changes, classified by `ccapi-diff`;
/// a page of a new operation says so.
#[test]
fn merge_shows_what_the_page_changes() {
    let spec = spec();
    let import = import_file(&spec, &seeds().join("002_744e5b4962bc62b3.txt"));
    let merged = ccapi_import::merge(&import.draft, &spec).unwrap();
    let ccapi_import::Merge::Changes { id, changes, .. } = &merged else {
        panic!("describe_chat_messages is in the spec");
    };
    assert_eq!(id, "desk.describe_chat_messages");
    let limit = changes.iter().find(|c| c.location == "request.Limit").expect("the Limit type differs");
    assert_eq!((limit.kind.code(), limit.schema, limit.rust), ("type_changed", Level::Compatible, Level::Breaking));
    let text = merged.to_string();
    assert!(text.contains("  schema: compatible, rust: breaking  request.Limit: type changed from u32 to i64; the Rust field type changes\n"), "{text}");
    assert!(
        text.contains("  breaking                            response.TotalCount: type changed from u64 to i64\n"),
        "{text}"
    );
    assert!(!text.contains(": description changed"), "words are counted, not listed:\n{text}");
    assert!(text.contains(" documentation-only change(s) left out"), "{text}");

    let new = import_file(&spec, &ccapi_tests::root().join("tests/import-pages/desk_transfer_to_human.txt"));
    assert_eq!(
        ccapi_import::merge(&new.draft, &spec).unwrap(),
        ccapi_import::Merge::New { id: "desk.transfer_to_human".into() }
    );
}

/// No input makes the importer panic, and whatever it drafts is YAML the spec loader can read.
#[test]
fn mangled_pages_never_panic() {
    let mut pages: Vec<String> = Vec::new();
    let mut dirs = vec![ccapi_tests::root().join("tests/import-pages")];
    if seeds().exists() {
        dirs.push(seeds());
    }
    for dir in dirs {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            if e.path().extension().is_some_and(|x| x == "txt") {
                pages.push(read(&e.path()));
            }
        }
    }
    let mut inputs = vec![String::new(), "{".into(), "}".into(), "\"a\":".into(), "|||".into(), "No. |\n1 |".into()];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for page in &pages {
        let chars: Vec<char> = page.chars().collect();
        for _ in 0..12 {
            // Cut at a random place, drop random lines, and splice random brackets in.
            let cut = (next() as usize) % (chars.len() + 1);
            inputs.push(chars[..cut].iter().collect());
            let lines: Vec<&str> = page.lines().filter(|_| next() % 4 != 0).collect();
            inputs.push(lines.join("\n"));
            let mut spliced = chars.clone();
            for _ in 0..8 {
                let at = (next() as usize) % (spliced.len() + 1);
                let c = ['{', '}', '[', ']', '"', '|', ':', '\n', ',', '/', 'é', '\u{85}'][(next() % 12) as usize];
                spliced.insert(at, c);
            }
            inputs.push(spliced.into_iter().collect());
        }
    }
    let spec = spec();
    for input in &inputs {
        let import = ccapi_import::import(input, Some("mangled.txt"), &spec);
        let _ = import.summary().to_string();
        let mut sources = Sources::default();
        let id = sources.add("draft.yaml", import.yaml.clone());
        assert!(
            ccapi_loader::yaml::parse(sources.get(id)).is_ok(),
            "the draft is not YAML:\n{}\nfrom:\n{input}",
            import.yaml
        );
    }
}

/// Writes a draft beside a copy of `spec/` and loads the directory, as `cargo xtask check` would.
fn load_beside_spec(import: &Import, name: &str) -> Api {
    let dir = std::env::temp_dir().join(format!("ccapi-import-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let loaded = ccapi_tests::load_beside_spec(&dir, &import.yaml);
    let _ = std::fs::remove_dir_all(&dir);
    let rendered = loaded.diagnostics.render(&loaded.sources);
    loaded.api.unwrap_or_else(|| panic!("the draft does not load:\n{rendered}\n{}", import.yaml))
}

/// A page that shows no path borrows the conventions of the family whose auth parameters and
/// envelope fields it names (not the spec's first family), and a draft of a new family never
/// keeps an auth scheme whose token operations are another family's: both load beside the spec.
#[test]
fn drafts_without_a_path_or_of_a_new_family_load() {
    let spec = spec();
    let im = "Parameter | Description |\nsdkappid | The app. |\nusersig | The signature. |\n{\"SessionId\": \"s1\"}\nField | Type | Required | Description |\nSessionId | String | Optional. | The session. |\n{\"ActionStatus\": \"OK\",\"ErrorInfo\": \"\",\"ErrorCode\": 0}\nField | Type | Description |\nErrorCode | Integer | Error code. |\nErrorInfo | String | Error text. |\nActionStatus | String | Outcome. |\nError Code | Description |\n141002 | Internal error, please retry. |\n";
    let import = ccapi_import::import(im, Some("im.txt"), &spec);
    assert_eq!(import.draft.family.key, "imported");
    assert_eq!(import.draft.family.auth, "tencent-usersig");
    assert!(import.draft.op.response.fields.is_empty(), "the envelope is the borrowed family's");
    let api = load_beside_spec(&import, "no-path");
    assert!(api.operations().any(|o| o.id == "imported.operation"));

    let cc = "Sending Things\nMethod\nPOST\nURI\nhttps://Domain name/apiaccess/things/sendThing\nRequest Description\nNo. |\nParameter |\nType |\nMandatory or Not |\nDescription |\n---|---|---|---|---|\n1 |\nccmessaging-token |\nString |\nYes |\nThe token |\n2 |\nx-app-key |\nString |\nYes |\nApp key |\n3 |\nAuthorization |\nString |\nYes |\nBearer token |\nNo. |\nParameter |\nType |\nMandatory or Not |\nDescription |\n---|---|---|---|---|\n1.1 |\nthing |\nString |\nYes |\nThe thing |\n";
    let import = ccapi_import::import(cc, Some("cc.txt"), &spec);
    assert_eq!(import.draft.id(), "things.send_thing");
    let auth = import.draft.todos.iter().find(|t| t.place == "family.auth").map(|t| t.message.as_str());
    assert!(auth.is_some_and(|m| m.contains("cannot use")), "{:?}", import.draft.todos);
    assert!(import.yaml.contains("auth: ccmessaging-poll  # TODO"), "{}", import.yaml);
    let api = load_beside_spec(&import, "new-family");
    assert!(api.operations().any(|o| o.id == "things.send_thing"));
}
