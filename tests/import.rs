//! The page importer (`cargo xtask import`, crate `ccapi-import`).
//!
//! Each seed page (`../shared/seeds/`) is imported and its draft loaded beside the shared spec
//! files (spec/ccapi.yaml, spec/tencent-im.yaml and the server, auth and envelope of
//! spec/ccmessaging.yaml), so that it lowers to the IR; the operation is then compared with the
//! hand-written one: path, method, request and response fields (types, required-ness, defaults,
//! constraints, enum values and names, what strings hold), `one_of`, error codes and
//! retryability, and the example bodies. Every difference must be one the spec made on purpose,
//! listed below with the TODO the importer must have put there; every TODO the importer emits is
//! listed too. The drafts and summaries are snapshot-tested.
//!
//! Pages the importer has never seen (`tests/import-pages/`, in the seeds' three table shapes)
//! must import and load as well, with what their prose states.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ccapi_import::Import;
use ccapi_spec::Sources;
use ccapi_spec::ir::{Api, Operation};

fn seeds() -> PathBuf {
    ccapi_tests::root().join("../shared/seeds")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The top-level parts of a spec file other than `families` (its server, auth, envelope, ...).
fn shared_parts(path: &Path) -> String {
    let text = read(path);
    let mut sources = Sources::default();
    let id = sources.add(path, text.clone());
    let root = ccapi_spec::yaml::parse(sources.get(id)).unwrap_or_else(|d| panic!("{}", d.message));
    let ccapi_spec::yaml::Value::Map(entries) = &root.value else { panic!("{} is not a mapping", path.display()) };
    let mut out = String::new();
    for (i, (k, _)) in entries.iter().enumerate() {
        let end = entries.get(i + 1).map_or(text.len(), |(next, _)| next.span.start);
        if k.scalar_text() != "families" {
            out.push_str(&text[k.span.start..end]);
        }
    }
    out
}

/// Loads a draft beside the shared spec files.
fn load_draft(import: &Import) -> Api {
    let root = ccapi_tests::root();
    let mut sources = Sources::default();
    for f in ["spec/ccapi.yaml", "spec/tencent-im.yaml"] {
        sources.add(f, read(&root.join(f)));
    }
    sources.add("spec/ccmessaging.yaml (all but `families`)", shared_parts(&root.join("spec/ccmessaging.yaml")));
    sources.add("draft.yaml", import.yaml.clone());
    let loaded = ccapi_spec::load_sources(sources);
    let rendered = loaded.diagnostics.render(&loaded.sources);
    loaded.api.unwrap_or_else(|| panic!("the draft does not load:\n{rendered}\n{}", import.yaml))
}

fn op<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations().find(|o| o.id == id).unwrap_or_else(|| panic!("no operation `{id}`"))
}

/// The workspace's spec, as pages are imported against it.
fn spec() -> ccapi_import::Spec {
    ccapi_import::Spec::load_dir(&ccapi_tests::root().join("spec")).unwrap_or_else(|e| panic!("{e}"))
}

fn import_file(path: &Path) -> Import {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    ccapi_import::import(&read(path), name.as_deref(), &spec())
}

/// What a seed page must give.
struct Seed {
    page: &'static str,
    id: &'static str,
    /// Every place the importer marks with a TODO.
    todos: &'static [&'static str],
    /// Every difference from the hand-written spec (its place), with the TODO that marks it.
    differences: &'static [(&'static str, &'static str)],
}

fn check_seed(seed: &Seed) {
    let import = import_file(&seeds().join(seed.page));
    assert_eq!(import.draft.id(), seed.id);

    // Every doubt is a `# TODO:` comment in the YAML, and the doubts are the expected ones.
    let squashed: String = import.yaml.split_whitespace().collect::<Vec<_>>().join(" ");
    for t in &import.draft.todos {
        let msg: String = t.message.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(squashed.contains(&format!("TODO: {msg}")), "{}: TODO at `{}` not in the YAML", seed.page, t.place);
    }
    let places: BTreeSet<&str> = import.draft.todos.iter().map(|t| t.place.as_str()).collect();
    let expected: BTreeSet<&str> = seed.todos.iter().copied().collect();
    assert_eq!(places, expected, "{}: TODO places\n{}", seed.page, import.summary());

    // The draft lowers beside the shared spec, and equals the hand-written operation up to
    // descriptions and the places listed.
    let draft_api = load_draft(&import);
    let hand_api = ccapi_tests::workspace_api();
    let changes = ccapi_import::compare(&hand_api, op(&hand_api, seed.id), &draft_api, op(&draft_api, seed.id));
    let found: BTreeSet<&str> = changes.iter().map(|c| c.place.as_str()).collect();
    let allowed: BTreeSet<&str> = seed.differences.iter().map(|d| d.0).collect();
    let shown: Vec<String> =
        changes.iter().map(|c| format!("  {} {}: {:?} -> {:?}", c.place, c.item, c.old, c.new)).collect();
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
        differences: &[("request.fields.Finish.names", "types.Finish")],
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
            ("request.fields.Finish.type", "request.fields.Finish.type"),
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
            ("request.fields.Limit.type", "request.fields.Limit.type"),
            ("request.fields.Offset.type", "request.fields.Offset.type"),
            ("response.fields.TotalCount.type", "response.fields.TotalCount.type"),
            ("request.fields.Order.names", "types.Order"),
            ("response.fields.Messages.items.fields.FromAccountRole.names", "types.FromAccountRole"),
            // The spec models MsgBody as a union of Tencent Chat's message elements.
            ("response.fields.Messages.items.fields.MsgBody.type", "types.Message.fields.MsgBody.type"),
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
            "examples.send_request_for_connecting_to_robot",
            "examples.send_request_for_chatting_with_robot",
            "examples.send_request_for_switching_from_robot",
            "examples.send_web_card_message_to_agent",
            "examples.send_web_card_message_to_agent_alternative",
            "examples.send_disconnection_request",
        ],
        differences: &[
            // The spec describes each content format per mediaType (holds_by) from the samples.
            ("request.fields.content.holds", "request.fields.content"),
            ("request.fields.controlType.names", "types.ControlType"),
            ("request.fields.mediaType.names", "types.MediaType"),
            ("request.fields.timestamp.pattern", "request.fields.timestamp.type"),
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
            ("request.one_of", "request"),
        ],
    });
}

/// The draft's facts (`request.fields.Limit.maximum` → `100`), after loading it beside the shared
/// spec, and its TODO places.
fn facts(page: &str) -> (Import, std::collections::BTreeMap<String, String>, BTreeSet<String>) {
    let import = import_file(&ccapi_tests::root().join("tests/import-pages").join(page));
    let api = load_draft(&import);
    let facts = ccapi_import::compare::facts(&api, op(&api, &import.draft.id()));
    let flat = facts
        .into_iter()
        .map(|((place, item), v)| (if item.is_empty() { place } else { format!("{place} {item}") }, v))
        .collect();
    let todos = import.draft.todos.iter().map(|t| t.place.clone()).collect();
    (import, flat, todos)
}

fn assert_facts(facts: &std::collections::BTreeMap<String, String>, expected: &[(&str, &str)]) {
    for (place, value) in expected {
        assert_eq!(facts.get(*place).map(String::as_str), Some(*value), "fact `{place}`");
    }
}

/// The items of a list fact (`request.fields.Mode.values` → `"CALLBACK"`, ...), each with its value.
fn items(facts: &std::collections::BTreeMap<String, String>, place: &str) -> Vec<String> {
    let prefix = format!("{place} ");
    facts.iter().filter_map(|(k, v)| k.strip_prefix(&prefix).map(|item| format!("{item}={v}"))).collect()
}

/// A Desk page in the one-cell-per-line shape, with Spanish chrome, a sample with a comment and a
/// trailing comma, an undocumented sample key, an array, and every kind of prose rule.
#[test]
fn unseen_desk_page() {
    let (import, f, todos) = facts("desk_transfer_to_human.txt");
    assert_eq!(import.draft.id(), "desk.transfer_to_human");
    assert_eq!(import.draft.op.summary, "Transferring a Session to a Human Agent");
    assert_eq!(import.draft.op.docs.as_ref().and_then(|d| d.updated.as_deref()), Some("2025-06-01 09:30:00"));
    assert_facts(
        &f,
        &[
            ("method", "POST"),
            ("path", "/v4/desk_http_svc/transfer_to_human"),
            ("request.fields.SessionId.required", "true"),
            ("request.fields.SessionId.min_length", "1"),
            ("request.fields.SessionId.max_length", "64"),
            ("request.fields.SkillGroupIds.type", "array<string>"),
            ("request.fields.SkillGroupIds.max_items", "5"),
            ("request.fields.Priority.type", "enum:integer"),
            ("request.fields.Priority.default", "2"),
            ("request.fields.Reason.max_length", "256"),
            ("request.fields.Reason.not_contains", "[\";\"]"),
            ("request.fields.Mode.default", "\"QUEUE\""),
            ("request.fields.TimeoutSec.type", "u32"),
            ("request.fields.TimeoutSec.maximum", "3600"),
            ("request.fields.TimeoutSec.default", "600"),
            ("request.fields.Channel.type", "string"),
            ("response.fields.QueuePosition.type", "i64"),
            ("errors.141011.retryable", "true"),
            ("errors.141012.retryable", "true"),
            ("errors.141004.retryable", "false"),
            ("errors.sets", "tencent-im-common"),
        ],
    );
    assert_eq!(items(&f, "request.fields.Priority.names"), ["1=LowPriority", "2=NormalPriority", "3=Urgent"]);
    assert_eq!(
        items(&f, "request.fields.Mode.values"),
        ["\"CALLBACK\"=listed", "\"DIRECT\"=listed", "\"QUEUE\"=listed"]
    );
    assert_eq!(items(&f, "response.fields.State.values"), ["\"Agent\"=listed", "\"Queuing\"=listed"]);
    // 70402 is in the common range the page names: the shared set has it.
    assert!(!f.contains_key("errors.70402"));
    assert!(!f.keys().any(|k| k.starts_with("response.fields.ErrorCode")));
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
    let (import, f, todos) = facts("ccmessaging_query_queue_status.txt");
    assert_eq!(import.draft.id(), "ccmessaging.query_queue_status");
    assert_facts(
        &f,
        &[
            ("method", "POST"),
            ("path", "/apiaccess/ccmessaging/queryQueueStatus"),
            ("request.fields.channel.required", "true"),
            ("request.fields.from.min_length", "1"),
            ("request.fields.from.max_length", "24"),
            ("request.fields.language.type", "enum:string"),
            ("request.fields.language.default", "\"en_US\""),
            ("response.fields.data.type", "struct"),
            ("response.fields.data.fields.position.type", "i64"),
            ("errors.1.retryable", "false"),
            ("errors.2.retryable", "true"),
            ("errors.sets", ""),
        ],
    );
    assert_eq!(items(&f, "request.fields.language.values"), ["\"en_US\"=listed", "\"zh_CN\"=listed"]);
    assert_eq!(
        items(&f, "response.fields.data.fields.queueState.values"),
        ["\"SERVING\"=listed", "\"TIMEOUT\"=listed", "\"WAITING\"=listed"]
    );
    let fields: Vec<&String> = f.keys().filter(|k| k.contains(".fields.")).collect();
    assert!(
        !fields.iter().any(|k| k.contains("ccmessaging-token") || k.contains("resultCode") || k.contains("reqBody")),
        "{fields:?}"
    );
    assert_eq!(import.draft.op.examples.len(), 2);
    assert_eq!(import.draft.op.unreadable.len(), 1, "the single-quoted sample is left out");
    assert!(import.yaml.contains("#     { 'channel': 'WEB' }"));
    for place in ["request", "examples", "types.Data"] {
        assert!(todos.contains(place), "no TODO at `{place}`: {todos:?}");
    }
}

/// A page of a service the importer does not know, in the `|`-separated-row shape without
/// headings: its family is named after the service, with a TODO.
#[test]
fn unseen_service_page() {
    let (import, f, todos) = facts("group_get_online_member_num.txt");
    assert_eq!(import.draft.id(), "group_open.get_online_member_num");
    assert_facts(
        &f,
        &[
            ("request.fields.GroupId.required", "true"),
            ("request.fields.MemberLimit.minimum", "1"),
            ("request.fields.MemberLimit.maximum", "1000"),
            ("request.fields.MemberLimit.default", "100"),
            ("response.fields.Tags.type", "array<string>"),
            ("errors.10002.retryable", "true"),
            ("errors.10015.retryable", "false"),
        ],
    );
    for place in ["family", "operation.summary", "request.fields.MemberLimit.type"] {
        assert!(todos.contains(place), "no TODO at `{place}`: {todos:?}");
    }
}

/// `--merge`: against the spec, a seed page shows exactly the places where the spec departs from
/// it on purpose; a page of a new operation says so.
#[test]
fn merge_shows_what_the_page_changes() {
    let spec = ccapi_tests::root().join("spec");
    let import = import_file(&seeds().join("002_744e5b4962bc62b3.txt"));
    let ccapi_import::Merge::Changes { id, changes, .. } = ccapi_import::merge(&import.draft, &spec).unwrap() else {
        panic!("describe_chat_messages is in the spec");
    };
    assert_eq!(id, "desk.describe_chat_messages");
    let limit = changes.iter().find(|c| c.place == "request.fields.Limit.type").expect("the Limit type differs");
    assert_eq!((limit.old.as_deref(), limit.new.as_deref()), (Some("u32"), Some("i64")));
    let text = ccapi_import::Merge::Changes { id, changes, todos: 1 }.to_string();
    assert!(text.contains("~ request.fields.Limit.type: u32 → i64"), "{text}");

    let new = import_file(&ccapi_tests::root().join("tests/import-pages/desk_transfer_to_human.txt"));
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
            ccapi_spec::yaml::parse(sources.get(id)).is_ok(),
            "the draft is not YAML:\n{}\nfrom:\n{input}",
            import.yaml
        );
    }
}
