//! The `ccapi` binary against a fake server started in the test: every command, every exit code,
//! and no secret in any output.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use ccapi_fake::{FakeConfig, FakeServer, Fault, paths};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_ccapi");
/// A seeded Desk session in state `Chatbot`, without history.
const CHATBOT_SESSION: &str = "fd8a2e30-54de-4e40-bcaf-02718409c5cf";
/// A seeded Desk session in state `Agent`, with 26 messages.
const AGENT_SESSION: &str = "b0f4ca12-4850-4218-a284-efe679a87066";
/// A ccmessaging request that keeps to the spec.
const CCM_SEND: &str = r#"{"channel":"WEB","content":"This is a text message.","controlType":"CHAT","from":"1678101150955228003","mediaType":"TEXT","sourceType":"CUSTOMER","to":"202303061540344336"}"#;

/// A fake server on its own runtime (the binary runs in another process).
struct Fake {
    server: Option<FakeServer>,
    runtime: tokio::runtime::Runtime,
}

impl Fake {
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let server = runtime.block_on(FakeServer::start(FakeConfig::default())).unwrap();
        Self { server: Some(server), runtime }
    }

    fn server(&self) -> &FakeServer {
        self.server.as_ref().unwrap()
    }

    fn config(&self) -> &FakeConfig {
        self.server().config()
    }

    /// Every variable the fake's credentials call for, both families.
    fn env(&self) -> Vec<(&'static str, String)> {
        let c = self.config();
        let url = self.server().base_url();
        vec![
            ("CCAPI_SDKAPPID", c.sdkappid.to_string()),
            ("CCAPI_IDENTIFIER", c.identifier.clone()),
            ("CCAPI_SECRET_KEY", c.secret_key.clone()),
            ("CCAPI_ENDPOINT", url.clone()),
            ("CCAPI_CCM_ENDPOINT", url),
            ("CCAPI_CCM_APP_KEY", c.app_key.clone()),
            ("CCAPI_CCM_APP_SECRET", c.app_secret.clone()),
        ]
    }

    fn calls(&self, path: &str) -> usize {
        self.server().calls(path).len()
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            self.runtime.block_on(server.stop());
        }
    }
}

/// The binary with an empty environment (but `PATH`) plus `env`.
fn ccapi(env: &[(&str, String)], args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_clear().args(args).stdin(Stdio::null());
    if let Some(path) = std::env::var_os("PATH") {
        cmd.env("PATH", path);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().expect("exited normally"),
            stdout: String::from_utf8(o.stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(o.stderr).expect("UTF-8 stderr"),
        }
    }
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }

    #[track_caller]
    fn expect(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "exit code\nstdout: {}\nstderr: {}", self.stdout, self.stderr);
        self
    }
}

fn run(env: &[(&str, String)], args: &[&str]) -> Run {
    ccapi(env, args).output().expect("the binary runs").into()
}

/// Runs with `input` on stdin.
fn run_with_stdin(env: &[(&str, String)], args: &[&str], input: &str) -> Run {
    let mut child =
        ccapi(env, args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // The command may exit before it reads stdin (a refused request): ignore a broken pipe.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    child.wait_with_output().unwrap().into()
}

/// Asserts that no secret of the fake's configuration (nor a UserSig for it) shows in `text`.
#[track_caller]
fn assert_no_secrets(fake: &Fake, text: &str, extra: &[&str]) {
    let c = fake.config();
    for secret in [c.secret_key.as_str(), c.app_secret.as_str()].iter().chain(extra) {
        assert!(!text.contains(secret), "a secret shows in:\n{text}");
    }
    // A UserSig is zlib + base64 of a document starting `{"TLS.ver"`: it begins `eJ`.
    assert!(!text.contains("usersig=eJ"), "a UserSig shows in:\n{text}");
}

#[test]
fn list_prints_one_line_per_operation_then_one_per_callback() {
    let r = run(&[], &["list"]);
    r.expect(0);
    let (operations, callbacks) = r.stdout.split_once("\n\n").expect("two sections");
    let lines: Vec<&str> = operations.lines().collect();
    assert_eq!(lines.len(), ccapi_client::OPERATION_IDS.len());
    for (line, id) in lines.iter().zip(ccapi_client::OPERATION_IDS) {
        let (first, summary) = line.split_once(' ').unwrap();
        assert_eq!(first, *id);
        assert!(!summary.trim().is_empty(), "{line}");
    }
    assert!(r.stdout.contains("desk.get_session_state") && r.stdout.contains("Querying User Session Status"));
    let mut lines = callbacks.lines();
    assert!(lines.next().unwrap().starts_with("Callbacks ("), "{callbacks}");
    let names: Vec<&str> = lines.map(|l| l.split_whitespace().next().unwrap()).collect();
    let expected: Vec<&str> = ccapi_models::catalog::CALLBACKS.iter().map(|c| c.name()).collect();
    assert_eq!(names, expected);
    for name in ["Bot.OnC2CMessage", "Desk.SessionEventNotify", "ChatBot.OnAssignHuman", "/webhooks/v1/messages"] {
        assert!(names.contains(&name), "{name} missing in:\n{callbacks}");
    }
}

#[test]
fn help_shows_a_callbacks_catalog_entry_by_command_or_id() {
    let r = run(&[], &["help", "Bot.OnC2CMessage"]);
    r.expect(0);
    for needle in [
        "Bot.OnC2CMessage — A one-to-one message to a bot",
        "callback chatbot.on_c2c_message: POST to the app's callback URL, CallbackCommand=Bot.OnC2CMessage",
        "asynchronous: acknowledged at once",
        "dedup: MsgKey (body), else the body's SHA-256",
        "auth: tencent-callback-sign (tencent_callback_sign, replay window 60 s)",
        "Sign  (string;",
        "MsgBody  (array<MsgBodyElement>; required)",
        "MsgBodyElement (one of, by MsgType",
        "Reply fields:",
        "ErrorCode  (i64; required)",
        "Example body (reconstructed):",
    ] {
        assert!(r.stdout.contains(needle), "missing {needle:?} in:\n{}", r.stdout);
    }
    let r = run(&[], &["help", "desk.on_assign_human"]);
    r.expect(0);
    for needle in [
        "ChatBot.OnAssignHuman — ",
        "synchronous: the vendor waits for the reply",
        "AgentIdList  (array<string>)",
        "erratum: ",
        "ccapi listen --reply ChatBot.OnAssignHuman=@reply.json",
    ] {
        assert!(r.stdout.contains(needle), "missing {needle:?} in:\n{}", r.stdout);
    }
    let r = run(&[], &["help", "Desk.SessionEventNotify"]);
    r.expect(0);
    assert!(r.stdout.contains("dedup: RequestID (query), else MsgKey (body), else the body's SHA-256"), "{}", r.stdout);
    let r = run(&[], &["help", "/webhooks/v1/messages"]);
    r.expect(0);
    assert!(r.stdout.contains("no command: dispatched by path"), "{}", r.stdout);
}

#[test]
fn help_shows_the_catalog_entry() {
    let r = run(&[], &["help", "desk.describe_chat_messages"]);
    r.expect(0);
    for needle in [
        "desk.describe_chat_messages — Querying the messages of a session",
        "POST /v4/desk_http_svc/describe_chat_messages",
        "idempotent",
        "auth: tencent-usersig",
        "Limit  (u32; default 20; maximum 100)",
        "SessionId  (string; required)",
        "1  OldestFirst — From morning to evening.",
        "Messages  (array<Message>)",
        "Message (object)",
        "MsgBodyElement (one of, by MsgType",
        "141010  SessionNotFound: The session does not exist.",
        "141002  ClsInternalError: CLS internal error, retry. (retryable)",
        "plus the 47 common codes of tencent-im-common",
        "--all",
    ] {
        assert!(r.stdout.contains(needle), "missing {needle:?} in:\n{}", r.stdout);
    }

    let r = run(&[], &["help", "ccmessaging.send"]);
    r.expect(0);
    for needle in [
        "from  (string; required; 1 to 40 characters; the page contradicts itself: the page's table says 1 to 24 characters",
        "must not contain \",\"",
        "when mediaType is FILE: holds a FileContent record `name,size,fileId,ext`",
        "3  RedirectNotTrusted",
        "rate limit: none documented",
    ] {
        assert!(r.stdout.contains(needle), "missing {needle:?} in:\n{}", r.stdout);
    }

    let r = run(&[], &["help", "desk.get_session_state"]);
    r.expect(0);
    assert!(r.stdout.contains("by_user: ClientUserId + CustomerServiceId"), "{}", r.stdout);

    let r = run(&[], &["help", "chatbot.send_stream_msg"]);
    r.expect(0);
    assert!(r.stdout.contains("rate limit: 200 calls/s per app"), "{}", r.stdout);
    assert!(r.stdout.contains("ccapi stream chatbot.send_stream_msg --data '{\"From_Account\""), "{}", r.stdout);
}

#[test]
fn help_codes_lists_the_shared_codes() {
    let r = run(&[], &["help", "--codes", "desk.get_session_state"]);
    r.expect(0);
    assert!(r.stdout.contains("141005  SessionNotFoundOrEnded"), "{}", r.stdout);
    assert!(r.stdout.contains("shared table tencent-im-common"), "{}", r.stdout);
    assert!(r.stdout.contains("70001"), "{}", r.stdout);
    assert!(!r.stdout.contains("plus the"), "{}", r.stdout);
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["call", "--help"],
        &["stream", "--help"],
        &["usersig", "--help"],
        &["fake", "--help"],
        &["list", "--help"],
        &["help", "--help"],
        &["help"],
        &["help", "call"],
    ] {
        let r = run(&[], args);
        r.expect(0);
        assert!(r.stdout.contains("Usage"), "{args:?}: {}", r.stdout);
    }
    let r = run(&[], &["call", "--help"]);
    for flag in ["--data", "--all", "--dry-run", "CCAPI_SECRET_KEY"] {
        assert!(r.stdout.contains(flag), "{}", r.stdout);
    }
}

#[test]
fn call_desk_succeeds() {
    let fake = Fake::start();
    let data = json!({"SessionId": AGENT_SESSION}).to_string();
    let r = run(&fake.env(), &["call", "desk.get_session_state", "--data", &data]);
    r.expect(0);
    let response = r.json();
    assert_eq!(response["ActionStatus"], "OK");
    assert_eq!(response["CurrentState"], "Agent");
    assert_eq!(response["AgentId"], "test@qq.com");
    assert!(r.stdout.contains("\n  \""), "pretty-printed: {}", r.stdout);
    assert_no_secrets(&fake, &(r.stdout + &r.stderr), &[]);
}

#[test]
fn call_reads_data_from_a_file_and_from_stdin() {
    let fake = Fake::start();
    let data = json!({"ClientUserId": "user1", "CustomerServiceId": "@customer_service_account"}).to_string();
    let file = std::env::temp_dir().join(format!("ccapi-cli-test-{}.json", std::process::id()));
    std::fs::write(&file, &data).unwrap();
    let at_file = format!("@{}", file.display());
    let r = run(&fake.env(), &["call", "desk.get_session_state", "--data", &at_file]);
    std::fs::remove_file(&file).unwrap();
    r.expect(0);
    assert_eq!(r.json()["SessionId"], "a-b-c-d-e");

    let r = run_with_stdin(&fake.env(), &["call", "desk.get_session_state", "--data", "-"], &data);
    r.expect(0);
    assert_eq!(r.json()["SessionId"], "a-b-c-d-e");
}

#[test]
fn call_chatbot_succeeds() {
    let fake = Fake::start();
    let data =
        json!({"From_Account": "@RBT#bot", "To_Account": "user01", "Chunk": "hello, world", "Finish": 1}).to_string();
    let r = run(&fake.env(), &["call", "chatbot.send_stream_msg", "--data", &data]);
    r.expect(0);
    let key = r.json()["MsgKey"].as_str().expect("a MsgKey").to_string();
    let message = fake.server().stream_message(&key).expect("the fake has the message");
    assert_eq!(message.text, "hello, world");
    assert!(message.finished);
}

#[test]
fn call_ccmessaging_fetches_tokens_with_the_app_key_and_secret() {
    let fake = Fake::start();
    let r = run(&fake.env(), &["call", "ccmessaging.send", "--data", CCM_SEND]);
    r.expect(0);
    assert_eq!(r.json()["resultCode"], "0");
    assert_eq!(fake.server().token_requests(), (1, 1));
    let sent = fake.server().sent_messages("1678101150955228003");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].content.as_deref(), Some("This is a text message."));
    assert_no_secrets(&fake, &(r.stdout + &r.stderr), &[]);
}

/// One HTTP/1.1 POST over a plain socket, for getting tokens from the fake outside the CLI.
fn post(fake: &Fake, path: &str, headers: &[(&str, &str)], body: &Value) -> Value {
    let mut stream = std::net::TcpStream::connect(fake.server().addr()).unwrap();
    let body = body.to_string();
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        fake.server().addr(),
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    stream.write_all(format!("{head}\r\n{body}").as_bytes()).unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let (status, rest) = raw.split_once("\r\n").unwrap();
    assert!(status.contains(" 200 "), "{raw}");
    serde_json::from_str(rest.split_once("\r\n\r\n").unwrap().1).unwrap()
}

#[test]
fn call_ccmessaging_with_ready_tokens() {
    let fake = Fake::start();
    let c = fake.config().clone();
    let access = post(&fake, paths::TOKEN_BY_AK_SK, &[], &json!({"app_key": c.app_key, "app_secret": c.app_secret}));
    let access = access["AccessToken"].as_str().unwrap().to_string();
    let bearer = format!("Bearer {access}");
    let token = post(
        &fake,
        paths::APPLY_TOKEN,
        &[("x-app-key", &c.app_key), ("authorization", &bearer)],
        &json!({"userId": "1678101150955228003", "userName": "user_lk", "channelId": "202303061540344336", "locale": "en"}),
    );
    let token = token["token"].as_str().unwrap().to_string();
    let env: Vec<(&str, String)> = vec![
        ("CCAPI_CCM_ENDPOINT", fake.server().base_url()),
        ("CCAPI_CCM_APP_KEY", c.app_key.clone()),
        ("CCAPI_CCM_ACCESS_TOKEN", access.clone()),
        ("CCAPI_CCM_TOKEN", token.clone()),
    ];
    let r = run(&env, &["call", "ccmessaging.send", "--data", CCM_SEND]);
    r.expect(0);
    assert_eq!(r.json()["resultCode"], "0");
    assert_eq!(fake.server().token_requests(), (1, 1), "the CLI fetched no token itself");
    assert_eq!(fake.calls(paths::CCMESSAGING_SEND), 1);
    assert_no_secrets(&fake, &(r.stdout + &r.stderr), &[&access, &token]);
}

#[test]
fn call_all_prints_every_item_in_order() {
    let fake = Fake::start();
    let data = json!({"SessionId": AGENT_SESSION, "Limit": 10, "Order": 1}).to_string();
    let r = run(&fake.env(), &["call", "desk.describe_chat_messages", "--data", &data, "--all"]);
    r.expect(0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 26, "{}", r.stdout);
    let items: Vec<Value> = lines.iter().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    assert!(lines.iter().all(|l| !l.contains("\n  ")));
    assert_eq!(items[0]["MsgBody"][0]["MsgContent"]["Text"], "hello");
    let stamps: Vec<i64> = items.iter().map(|i| i["Timestamp"].as_i64().unwrap()).collect();
    assert!(stamps.windows(2).all(|w| w[0] < w[1]), "oldest first: {stamps:?}");
    assert_eq!(fake.calls(paths::DESK_DESCRIBE_CHAT_MESSAGES), 3, "pages of 10");
}

#[test]
fn call_all_of_a_polled_operation_prints_each_message_until_the_session_ends() {
    use ccapi_models::ccmessaging::{DownLinkMsg, DownlinkControlType, DownlinkMediaType, DownlinkSourceType};
    let fake = Fake::start();
    let c = fake.config().clone();
    let access = post(&fake, paths::TOKEN_BY_AK_SK, &[], &json!({"app_key": c.app_key, "app_secret": c.app_secret}));
    let access = access["AccessToken"].as_str().unwrap().to_string();
    let bearer = format!("Bearer {access}");
    let token = post(
        &fake,
        paths::APPLY_TOKEN,
        &[("x-app-key", &c.app_key), ("authorization", &bearer)],
        &json!({"userId": "user_1", "userName": "user_1", "channelId": "202303061540344336", "locale": "en"}),
    );
    let token = token["token"].as_str().unwrap().to_string();
    let message = |control, text: &str| {
        let (media, source) = (DownlinkMediaType::Text, DownlinkSourceType::Agent);
        DownLinkMsg::new("WEB", json!(text), "agent01", "user_1", media, control, source, 1_619_590_480_756)
    };
    for (control, text) in [
        (DownlinkControlType::Chat, "Hello"),
        (DownlinkControlType::Chat, "How can I help?"),
        (DownlinkControlType::Disconnect, ""),
    ] {
        fake.server().queue_downlink("user_1", message(control, text));
    }
    let env: Vec<(&str, String)> = vec![
        // A scheme of given headers on the ccmessaging server reads its endpoint where `send`
        // does, from CCAPI_CCM_ENDPOINT.
        ("CCAPI_CCM_ENDPOINT", fake.server().base_url()),
        ("CCAPI_AUTH_X_APP_KEY", c.app_key.clone()),
        ("CCAPI_AUTH_AUTHORIZATION", bearer),
        ("CCAPI_AUTH_CCMESSAGING_TOKEN", token.clone()),
    ];
    let data = json!({"receiverId": "user_1", "channel": "WEB"}).to_string();
    let r = run(&env, &["call", "ccmessaging.poll", "--data", &data, "--all"]);
    r.expect(0);
    let items: Vec<Value> =
        r.stdout.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    let shown: Vec<(&str, &str)> =
        items.iter().map(|i| (i["controlType"].as_str().unwrap(), i["content"].as_str().unwrap())).collect();
    assert_eq!(shown, [("CHAT", "Hello"), ("CHAT", "How can I help?"), ("DISCONNECT", "")], "{}", r.stdout);
    assert_eq!(fake.calls(paths::CCMESSAGING_POLL), 1, "the DISCONNECT ended the session");
    // A final error (the documented 500) ends the command with it.
    fake.server().inject(paths::CCMESSAGING_POLL, Fault::error_with_status(500, 500, "Business failure."), 1);
    let r = run(&env, &["call", "ccmessaging.poll", "--data", &data, "--all"]);
    assert_ne!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty() && r.stderr.contains("500"), "{}", r.stderr);
    assert_no_secrets(&fake, &(r.stdout + &r.stderr), &[&access, &token]);
    let help = run(&[], &["help", "ccmessaging.poll"]);
    assert!(help.stdout.contains("polled: the items of downlinkMessages"), "{}", help.stdout);
}

#[test]
fn all_needs_a_paged_operation() {
    let fake = Fake::start();
    let data = json!({"SessionId": AGENT_SESSION}).to_string();
    let r = run(&fake.env(), &["call", "desk.get_session_state", "--data", &data, "--all"]);
    r.expect(2);
    assert!(r.stderr.contains("needs a paged or polled operation"), "{}", r.stderr);
    assert_eq!(fake.calls(paths::DESK_GET_SESSION_STATE), 0);
}

#[test]
fn dry_run_redacts_secrets_and_sends_nothing() {
    let fake = Fake::start();
    let data = json!({"SessionId": AGENT_SESSION}).to_string();
    let r = run(&fake.env(), &["call", "desk.get_session_state", "--data", &data, "--dry-run"]);
    r.expect(0);
    let shown = r.json();
    assert_eq!(shown["method"], "POST");
    let url = shown["url"].as_str().unwrap();
    assert!(url.starts_with(&format!("{}/v4/desk_http_svc/get_session_state?", fake.server().base_url())), "{url}");
    assert!(url.contains("usersig=<redacted>"), "{url}");
    assert!(url.contains(&format!("sdkappid={}", fake.config().sdkappid)), "{url}");
    assert_eq!(shown["body"], json!({"SessionId": AGENT_SESSION}));
    assert_eq!(shown["headers"]["content-type"], "application/json");
    assert_no_secrets(&fake, &(r.stdout.clone() + &r.stderr), &[]);

    // ccmessaging, with ready tokens and with the app secret.
    let mut env = fake.env();
    let r = run(&env, &["call", "ccmessaging.send", "--data", CCM_SEND, "--dry-run"]);
    r.expect(0);
    assert_eq!(r.json()["headers"]["ccmessaging-token"], "<redacted>");
    assert_eq!(r.json()["headers"]["authorization"], "Bearer <redacted>");
    assert_no_secrets(&fake, &(r.stdout + &r.stderr), &[]);
    env.push(("CCAPI_CCM_ACCESS_TOKEN", "access-token-sentinel".into()));
    env.push(("CCAPI_CCM_TOKEN", "ccm-token-sentinel".into()));
    let r = run(&env, &["call", "ccmessaging.send", "--data", CCM_SEND, "--dry-run"]);
    r.expect(0);
    assert_no_secrets(&fake, &(r.stdout + &r.stderr), &["access-token-sentinel", "ccm-token-sentinel"]);

    // A secret in the body (the token operation's app secret, `secret: true` in the spec).
    let data = json!({"app_key": "key-sentinel", "app_secret": "app-secret-sentinel"}).to_string();
    let r = run(&fake.env(), &["call", "ccmessaging.token_by_ak_sk", "--data", &data, "--dry-run"]);
    r.expect(0);
    assert_eq!(r.json()["body"], json!({"app_key": "key-sentinel", "app_secret": "<redacted>"}));
    assert_no_secrets(&fake, &(r.stdout + &r.stderr), &["app-secret-sentinel"]);

    assert_eq!(fake.calls(paths::DESK_GET_SESSION_STATE), 0);
    assert_eq!(fake.calls(paths::CCMESSAGING_SEND), 0);
    assert_eq!(fake.server().token_requests(), (0, 0));
}

#[test]
fn stream_sends_stdin_as_one_message() {
    let fake = Fake::start();
    let data = json!({"SessionId": CHATBOT_SESSION}).to_string();
    let text = "Hello, \nthis is Tencent Cloud. ünïcödé ✓\n";
    let r = run_with_stdin(&fake.env(), &["stream", "desk.send_stream_msg", "--data", &data], text);
    r.expect(0);
    let out = r.json();
    let key = out["MsgKey"].as_str().expect("a MsgKey");
    assert_eq!(out["chars"], text.chars().count());
    let calls = out["calls"].as_u64().unwrap();
    assert!(calls >= 1);
    assert_eq!(fake.calls(paths::DESK_SEND_STREAM_MSG) as u64, calls);
    let message = fake.server().stream_message(key).expect("the fake has the message");
    assert_eq!(message.text, text);
    assert!(message.finished);
    assert_no_secrets(&fake, &(r.stdout + &r.stderr), &[]);
}

#[test]
fn stream_sends_text_as_it_arrives() {
    let fake = Fake::start();
    let data = json!({"From_Account": "@RBT#bot", "To_Account": "user01"}).to_string();
    let mut child = ccapi(&fake.env(), &["stream", "chatbot.send_stream_msg", "--data", &data])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"first line\n").unwrap();
    stdin.flush().unwrap();
    // The first line is sent before the input ends.
    let deadline = Instant::now() + Duration::from_secs(20);
    while fake.calls(paths::CHATBOT_SEND_STREAM_MSG) == 0 {
        assert!(Instant::now() < deadline, "nothing was sent while stdin stayed open");
        std::thread::sleep(Duration::from_millis(20));
    }
    stdin.write_all(b"second line\n").unwrap();
    drop(stdin);
    let r: Run = child.wait_with_output().unwrap().into();
    r.expect(0);
    let out = r.json();
    assert!(out["calls"].as_u64().unwrap() >= 2, "{out}");
    let message = fake.server().stream_message(out["MsgKey"].as_str().unwrap()).unwrap();
    assert_eq!(message.text, "first line\nsecond line\n");
    assert!(message.finished);
}

#[test]
fn stream_refuses_a_chunk_in_data_and_a_non_streamed_operation() {
    let fake = Fake::start();
    let data = json!({"SessionId": CHATBOT_SESSION, "Chunk": "x"}).to_string();
    let r = run_with_stdin(&fake.env(), &["stream", "desk.send_stream_msg", "--data", &data], "text");
    r.expect(2);
    assert!(r.stderr.contains("leave Chunk out of --data"), "{}", r.stderr);
    let data = json!({"SessionId": CHATBOT_SESSION}).to_string();
    let r = run_with_stdin(&fake.env(), &["stream", "desk.get_session_state", "--data", &data], "text");
    r.expect(2);
    assert!(r.stderr.contains("not a streamed operation"), "{}", r.stderr);
    assert_eq!(fake.calls(paths::DESK_SEND_STREAM_MSG), 0);
    assert_eq!(fake.calls(paths::DESK_GET_SESSION_STATE), 0);
}

#[test]
fn usersig_prints_a_valid_usersig() {
    let c = FakeConfig::default();
    let env = vec![("CCAPI_SDKAPPID", c.sdkappid.to_string()), ("CCAPI_SECRET_KEY", c.secret_key.clone())];
    let key = ccapi_usersig::SecretKey::new(c.secret_key.clone());

    let r = run(&env, &["usersig", "--identifier", "alice"]);
    r.expect(0);
    let claims = ccapi_usersig::verify(r.stdout.trim(), c.sdkappid, "alice", &key, ccapi_usersig::now()).unwrap();
    assert_eq!(claims.expire, 86_400);

    let r = run(&env, &["usersig", "--identifier", "bob", "--expire", "60"]);
    r.expect(0);
    let claims = ccapi_usersig::verify(r.stdout.trim(), c.sdkappid, "bob", &key, ccapi_usersig::now()).unwrap();
    assert_eq!(claims.expire, 60);

    let r = run(&env[..1], &["usersig", "--identifier", "bob"]);
    r.expect(2);
    assert!(r.stderr.contains("CCAPI_SECRET_KEY"), "{}", r.stderr);
}

#[test]
fn vendor_error_exits_1_with_code_description_and_retryability() {
    let fake = Fake::start();
    let data = json!({"SessionId": "no-such-session"}).to_string();
    let r = run(&fake.env(), &["call", "desk.get_session_state", "--data", &data]);
    r.expect(1);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains("error: vendor error 141005 (Session does not exist or has ended.): ")
            && r.stderr.trim_end().ends_with("; not retryable"),
        "{}",
        r.stderr
    );

    fake.server().inject(
        paths::CHATBOT_SEND_STREAM_MSG,
        Fault::error(10002, "Internal system error, please retry."),
        10,
    );
    let data = json!({"From_Account": "@RBT#bot", "To_Account": "user01", "Chunk": "x"}).to_string();
    let r = run(&fake.env(), &["call", "chatbot.send_stream_msg", "--data", &data]);
    r.expect(1);
    assert!(
        r.stderr.contains("vendor error 10002 (Internal system error, please retry.)")
            && r.stderr.contains("; retryable"),
        "{}",
        r.stderr
    );
}

#[test]
fn invalid_request_exits_2_listing_every_error_and_sends_nothing() {
    let fake = Fake::start();
    let data = json!({"SessionId": AGENT_SESSION, "Limit": 101, "Order": 3}).to_string();
    let r = run(&fake.env(), &["call", "desk.describe_chat_messages", "--data", &data]);
    r.expect(2);
    assert!(r.stderr.contains("nothing was sent"), "{}", r.stderr);
    assert!(r.stderr.contains("Limit: must be at most 100, found 101"), "{}", r.stderr);
    assert!(r.stderr.contains("Order: "), "{}", r.stderr);

    let data = json!({"ClientUserId": "user1"}).to_string();
    let r = run(&fake.env(), &["call", "desk.get_session_state", "--data", &data]);
    r.expect(2);
    assert!(r.stderr.contains("exactly one of"), "{}", r.stderr);

    let data = json!({"SessionId": AGENT_SESSION, "Limit": "ten"}).to_string();
    let r = run(&fake.env(), &["call", "desk.describe_chat_messages", "--data", &data]);
    r.expect(2);
    assert!(r.stderr.contains("does not fit the request"), "{}", r.stderr);

    let r = run(&fake.env(), &["call", "ccmessaging.send", "--data", &CCM_SEND.replace("1678101150955228003", "")]);
    r.expect(2);
    assert!(r.stderr.contains("from: must be at least 1 characters"), "{}", r.stderr);

    assert_eq!(fake.calls(paths::DESK_DESCRIBE_CHAT_MESSAGES), 0);
    assert_eq!(fake.calls(paths::DESK_GET_SESSION_STATE), 0);
    assert_eq!(fake.calls(paths::CCMESSAGING_SEND), 0);
    assert_eq!(fake.server().token_requests(), (0, 0));
}

#[test]
fn invalid_json_exits_2() {
    let fake = Fake::start();
    let r = run(&fake.env(), &["call", "desk.get_session_state", "--data", "{\"SessionId\": "]);
    r.expect(2);
    assert!(r.stderr.contains("not valid JSON"), "{}", r.stderr);
    assert_eq!(fake.calls(paths::DESK_GET_SESSION_STATE), 0);
}

#[test]
fn unknown_operation_exits_2_with_a_suggestion() {
    let r = run(&[], &["call", "desk.get_sesion_state", "--data", "{}"]);
    r.expect(2);
    assert!(r.stderr.contains("unknown operation `desk.get_sesion_state`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `desk.get_session_state`?"), "{}", r.stderr);

    let r = run(&[], &["help", "send_stream_msg"]);
    r.expect(2);
    assert!(r.stderr.contains("`chatbot.send_stream_msg` or `desk.send_stream_msg`"), "{}", r.stderr);

    let r = run(&[], &["stream", "chatbot.send_stream"]);
    r.expect(2);
    assert!(r.stderr.contains("did you mean `chatbot.send_stream_msg`?"), "{}", r.stderr);
}

#[test]
fn missing_configuration_exits_2_naming_the_variables() {
    let fake = Fake::start();
    let data = json!({"SessionId": AGENT_SESSION}).to_string();
    let env: Vec<_> = fake.env().into_iter().filter(|(k, _)| *k != "CCAPI_SECRET_KEY").collect();
    let r = run(&env, &["call", "desk.get_session_state", "--data", &data]);
    r.expect(2);
    assert!(r.stderr.contains("CCAPI_SECRET_KEY"), "{}", r.stderr);
    assert!(!r.stderr.contains("CCAPI_SDKAPPID"), "{}", r.stderr);

    let env: Vec<_> = fake.env().into_iter().filter(|(k, _)| !k.starts_with("CCAPI_CCM_APP")).collect();
    let r = run(&env, &["call", "ccmessaging.send", "--data", CCM_SEND]);
    r.expect(2);
    assert!(r.stderr.contains("CCAPI_CCM_APP_KEY") && r.stderr.contains("CCAPI_CCM_APP_SECRET"), "{}", r.stderr);

    let mut env = fake.env();
    env.push(("CCAPI_CCM_ACCESS_TOKEN", "a".into()));
    let r = run(&env, &["call", "ccmessaging.send", "--data", CCM_SEND]);
    r.expect(2);
    assert!(r.stderr.contains("CCAPI_CCM_TOKEN"), "{}", r.stderr);

    let env = vec![("CCAPI_REGION", "mars".to_string())]
        .into_iter()
        .chain(fake.env().into_iter().filter(|(k, _)| *k != "CCAPI_ENDPOINT"))
        .collect::<Vec<_>>();
    let r = run(&env, &["call", "desk.get_session_state", "--data", &data]);
    r.expect(2);
    assert!(r.stderr.contains("CCAPI_REGION") && r.stderr.contains("silicon-valley"), "{}", r.stderr);

    assert_eq!(fake.calls(paths::DESK_GET_SESSION_STATE), 0);
}

#[test]
fn http_error_exits_3_with_status_and_body() {
    let fake = Fake::start();
    fake.server().inject(paths::CHATBOT_SEND_STREAM_MSG, Fault::bad_gateway(), 1);
    let data = json!({"From_Account": "@RBT#bot", "To_Account": "user01", "Chunk": "x"}).to_string();
    let r = run(&fake.env(), &["call", "chatbot.send_stream_msg", "--data", &data]);
    r.expect(3);
    assert!(r.stderr.contains("HTTP status 502"), "{}", r.stderr);
    assert!(r.stderr.contains("<center><h1>502 Bad Gateway</h1></center>"), "{}", r.stderr);
    assert_eq!(fake.calls(paths::CHATBOT_SEND_STREAM_MSG), 1, "not idempotent: not resent");
    assert_no_secrets(&fake, &(r.stdout + &r.stderr), &[]);
}

#[test]
fn undecodable_response_exits_3() {
    let fake = Fake::start();
    fake.server().inject(paths::DESK_GET_SESSION_STATE, Fault::Malformed, 10);
    let data = json!({"SessionId": AGENT_SESSION}).to_string();
    let r = run(&fake.env(), &["call", "desk.get_session_state", "--data", &data]);
    r.expect(3);
    assert!(r.stderr.contains("undecodable response (HTTP 200)"), "{}", r.stderr);
}

#[test]
fn unreachable_endpoint_exits_3() {
    let fake = Fake::start();
    let mut env = fake.env();
    env.retain(|(k, _)| *k != "CCAPI_ENDPOINT");
    env.push(("CCAPI_ENDPOINT", "http://127.0.0.1:1".into()));
    let data = json!({"SessionId": AGENT_SESSION}).to_string();
    let r = run(&env, &["call", "desk.get_session_state", "--data", &data]);
    r.expect(3);
    assert!(r.stderr.contains("could not connect"), "{}", r.stderr);
    assert_no_secrets(&fake, &(r.stdout + &r.stderr), &[]);
}

#[test]
fn stream_failure_exits_with_the_call_error() {
    let fake = Fake::start();
    fake.server().inject(paths::DESK_SEND_STREAM_MSG, Fault::bad_gateway(), 1);
    let data = json!({"SessionId": CHATBOT_SESSION}).to_string();
    let r = run_with_stdin(&fake.env(), &["stream", "desk.send_stream_msg", "--data", &data], "some text");
    r.expect(3);
    assert!(r.stderr.contains("streaming stopped after 0 call(s)"), "{}", r.stderr);
    assert!(r.stderr.contains("HTTP status 502"), "{}", r.stderr);
    // A 502 may hide an applied call: the text is in doubt, not "not sent".
    assert!(r.stderr.contains("0 character(s) delivered, 9 in doubt, 0 not sent"), "{}", r.stderr);
    fake.server().inject(paths::DESK_SEND_STREAM_MSG, Fault::error(141004, "Illegal request parameters"), 1);
    let r = run_with_stdin(&fake.env(), &["stream", "desk.send_stream_msg", "--data", &data], "some text");
    r.expect(1);
    assert!(r.stderr.contains("0 character(s) delivered, 0 in doubt, 9 not sent"), "{}", r.stderr);
}

/// Kills the child on drop, so a failed assertion does not leave the fake running.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn fake_command_serves_until_stopped() {
    let child = ccapi(&[], &["fake", "--port", "0"]).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut child = Killed(child);
    let mut line = String::new();
    BufReader::new(child.0.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("first line: {line:?}")).to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");

    let c = FakeConfig::default();
    let env = vec![
        ("CCAPI_SDKAPPID", c.sdkappid.to_string()),
        ("CCAPI_IDENTIFIER", c.identifier.clone()),
        ("CCAPI_SECRET_KEY", c.secret_key.clone()),
        ("CCAPI_ENDPOINT", url),
    ];
    let data = json!({"SessionId": AGENT_SESSION}).to_string();
    let r = run(&env, &["call", "desk.get_session_state", "--data", &data]);
    r.expect(0);
    assert_eq!(r.json()["CurrentState"], "Agent");
    assert!(child.0.try_wait().unwrap().is_none(), "still serving");
}

/// `ccapi listen` on a free port, with its stdout and stderr lines read as they come.
struct Listener {
    child: Child,
    addr: String,
    stdout: std::sync::mpsc::Receiver<String>,
    stderr: std::sync::mpsc::Receiver<String>,
}

impl Listener {
    fn start(env: &[(&str, &str)], args: &[&str]) -> Self {
        let mut command = Command::new(BIN);
        command
            .args(["listen", "--port", "0"])
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let lines = |r: Box<dyn std::io::Read + Send>| {
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                for line in BufReader::new(r).lines().map_while(Result::ok) {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
            rx
        };
        let stdout = lines(Box::new(child.stdout.take().unwrap()));
        let stderr = lines(Box::new(child.stderr.take().unwrap()));
        let deadline = Instant::now() + Duration::from_secs(20);
        let addr = loop {
            let line = stderr
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("listen says where it listens");
            if let Some(rest) = line.strip_prefix("listening on http://") {
                break rest.split(' ').next().unwrap().to_string();
            }
        };
        Self { child, addr, stdout, stderr }
    }

    /// POSTs `body` to `path_and_query`; the status and body of the answer.
    fn post(&self, path_and_query: &str, body: &str) -> (u16, String) {
        let mut s = std::net::TcpStream::connect(&self.addr).unwrap();
        let request = format!(
            "POST {path_and_query} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        );
        s.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        let status = answer.split(' ').nth(1).unwrap().parse().unwrap();
        (status, answer.split("\r\n\r\n").nth(1).unwrap_or_default().to_string())
    }

    fn stdout_line(&self) -> Value {
        serde_json::from_str(&self.stdout.recv_timeout(Duration::from_secs(10)).expect("a stdout line")).unwrap()
    }

    fn stderr_line(&self) -> String {
        self.stderr.recv_timeout(Duration::from_secs(10)).expect("a stderr line")
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn listen_prints_accepted_callbacks_and_refuses_forged_ones() {
    // The vendor's Sign vector: token `xxxxyyyy`, RequestTime 1669872112; the listener's clock is
    // now, so a fresh signature is computed for it.
    let token = "xxxxyyyy";
    let l = Listener::start(&[("CCAPI_SDKAPPID", "1400000000"), ("CCAPI_CALLBACK_TOKEN", token)], &[]);
    let now = ccapi_usersig::now().to_string();
    let sign = ccapi_usersig::callback::sign(&ccapi_usersig::callback::CallbackToken::new(token), &now);
    let query = format!("SdkAppid=1400000000&CallbackCommand=Bot.OnC2CMessage&Sign={sign}&RequestTime={now}");
    let body = json!({"CallbackCommand": "Bot.OnC2CMessage", "MsgKey": "1_2_3", "From_Account": "jared"}).to_string();
    let (status, reply) = l.post(&format!("/any/path?{query}"), &body);
    assert_eq!((status, reply.as_str()), (200, r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#));
    let line = l.stdout_line();
    assert_eq!(line["command"], "Bot.OnC2CMessage");
    assert_eq!(line["event"]["MsgKey"], "1_2_3");
    // A duplicate is acknowledged, on stderr only.
    assert_eq!(l.post(&format!("/cb?{query}"), &body).0, 200);
    assert!(l.stderr_line().starts_with("duplicate Bot.OnC2CMessage"));
    // Forged, stale and other-app deliveries: 401, stderr only.
    let forged = query.replace(&sign, &"0".repeat(64));
    assert_eq!(l.post(&format!("/cb?{forged}"), &body).0, 401);
    assert!(l.stderr_line().starts_with("refused (401)"));
    let stale_sign = ccapi_usersig::callback::sign(&ccapi_usersig::callback::CallbackToken::new(token), "1669872112");
    let stale =
        format!("SdkAppid=1400000000&CallbackCommand=Bot.OnC2CMessage&Sign={stale_sign}&RequestTime=1669872112");
    assert_eq!(l.post(&format!("/cb?{stale}"), &body).0, 401);
    let other = query.replace("SdkAppid=1400000000", "SdkAppid=1400000001");
    assert_eq!(l.post(&format!("/cb?{other}"), &body).0, 401);
    assert_eq!(l.post(&format!("/cb?{query}"), "{not json").0, 400);
    assert!(l.stdout.recv_timeout(Duration::from_millis(300)).is_err(), "only the accepted callback is on stdout");
    let mut stderr = Vec::new();
    while let Ok(line) = l.stderr.recv_timeout(Duration::from_millis(300)) {
        stderr.push(line);
    }
    assert!(stderr.iter().all(|l| !l.contains(token)), "{stderr:?}");
}

#[test]
fn listen_without_a_token_says_so_and_answers_a_configured_synchronous_reply() {
    let dir = std::env::temp_dir().join(format!("ccapi-listen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let reply = dir.join("assign.json");
    std::fs::write(&reply, r#"{"AgentGroupId": 6521, "AgentIdList": ["svc1@tencent.com"]}"#).unwrap();
    let arg = format!("ChatBot.OnAssignHuman=@{}", reply.display());
    let l = Listener::start(&[("CCAPI_SDKAPPID", "1400000000")], &["--reply", &arg]);
    let body = json!({"CallbackCommand": "ChatBot.OnAssignHuman", "SessionId": "aa-bb-cc-dd", "ClientUserId": "123", "EventTime": 1670574414123u64}).to_string();
    let (status, answer) = l.post("/?SdkAppid=1400000000&CallbackCommand=ChatBot.OnAssignHuman", &body);
    assert_eq!(status, 200);
    let answer: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(
        answer,
        json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "AgentGroupId": 6521, "AgentIdList": ["svc1@tencent.com"]})
    );
    assert_eq!(l.stdout_line()["event"]["SessionId"], "aa-bb-cc-dd");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn listen_tells_deliveries_apart_by_the_specs_dedup_keys() {
    let l = Listener::start(&[("CCAPI_SDKAPPID", "1400000000")], &[]);
    let desk = |request_id: &str| {
        format!("/?SdkAppid=1400000000&CallbackCommand=Desk.SessionEventNotify&RequestID={request_id}")
    };
    let event = |event: &str| {
        json!({"CallbackCommand": "Desk.SessionEventNotify", "SessionId": "s-1", "Event": event}).to_string()
    };
    // Desk events: by RequestID, so a redelivery is a duplicate even with another body, and
    // another RequestID is another event even with the same body.
    assert_eq!(l.post(&desk("r-1"), &event("SessionBegin")).0, 200);
    assert_eq!(l.stdout_line()["event"]["Event"], "SessionBegin");
    assert_eq!(l.post(&desk("r-1"), &event("ChatBot.UserSendMsg")).0, 200);
    assert!(l.stderr_line().contains("Desk.SessionEventNotify:RequestID:r-1"));
    assert_eq!(l.post(&desk("r-2"), &event("SessionBegin")).0, 200);
    assert_eq!(l.stdout_line()["event"]["Event"], "SessionBegin");
    // Bot messages: by MsgKey.
    let c2c = "/?SdkAppid=1400000000&CallbackCommand=Bot.OnC2CMessage";
    let message = |text: &str| {
        json!({"CallbackCommand": "Bot.OnC2CMessage", "From_Account": "u", "To_Account": "@RBT#1", "MsgKey": "7_8_9",
            "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": text}}]})
        .to_string()
    };
    assert_eq!(l.post(c2c, &message("hello")).0, 200);
    assert_eq!(l.stdout_line()["event"]["MsgKey"], "7_8_9");
    assert_eq!(l.post(c2c, &message("hello, edited")).0, 200);
    assert!(l.stderr_line().starts_with("duplicate Bot.OnC2CMessage (Bot.OnC2CMessage:MsgKey:7_8_9)"));
    // A synchronous command without --reply: answered when handled, with the trio.
    let assign = json!({"CallbackCommand": "ChatBot.OnAssignHuman", "SessionId": "s-1", "ClientUserId": "u"});
    let (status, reply) = l.post("/?SdkAppid=1400000000&CallbackCommand=ChatBot.OnAssignHuman", &assign.to_string());
    assert_eq!((status, reply.as_str()), (200, r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#));
    assert_eq!(l.stdout_line()["command"], "ChatBot.OnAssignHuman");
    // An unknown command: by the body digest, printed as received.
    let new = json!({"CallbackCommand": "Bot.OnSomethingNew", "X": 1}).to_string();
    assert_eq!(l.post("/?SdkAppid=1400000000&CallbackCommand=Bot.OnSomethingNew", &new).0, 200);
    assert_eq!(l.stdout_line()["event"]["X"], 1);
    assert_eq!(l.post("/?SdkAppid=1400000000&CallbackCommand=Bot.OnSomethingNew", &new).0, 200);
    assert!(l.stderr_line().contains("Bot.OnSomethingNew:sha256:"));
    assert!(l.stdout.recv_timeout(Duration::from_millis(300)).is_err(), "nothing else on stdout");
}

#[test]
fn listen_needs_the_app_id_and_refuses_a_bad_reply_file() {
    let out = run(&[], &["listen", "--port", "0"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("CCAPI_SDKAPPID"), "{}", out.stderr);
    let out = run(&[("CCAPI_SDKAPPID", "1".into())], &["listen", "--port", "0", "--reply", "X=[1]"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("not a reply object"), "{}", out.stderr);
}

/// The client's test harness for a real `redis-server` (free port, temporary directory, killed on
/// drop).
#[path = "../../runtime/tests/redis/server.rs"]
#[allow(dead_code)]
mod redis_server;

/// The command stats of the Redis on `port` (`INFO commandstats`).
fn redis_command_stats(port: u16) -> String {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(b"INFO commandstats\r\nQUIT\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

fn chatbot_message() -> String {
    json!({"From_Account": "@RBT#bot", "To_Account": "user01", "Chunk": "hello, fleet", "Finish": 1}).to_string()
}

#[test]
fn with_ccapi_redis_url_the_rate_limit_is_counted_in_redis() {
    let fake = Fake::start();
    let redis = redis_server::RedisServer::start();
    let mut env = fake.env();
    env.push(("CCAPI_REDIS_URL", redis.url()));
    env.push(("CCAPI_FLEET_SIZE", "3".into()));
    let r = run(&env, &["call", "chatbot.send_stream_msg", "--data", &chatbot_message()]);
    r.expect(0);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    let stats = redis_command_stats(redis.port());
    assert!(stats.contains("cmdstat_evalsha:calls="), "the limiter's script ran in Redis: {stats}");
}

#[test]
fn with_its_redis_down_a_call_goes_on_with_the_local_share_and_says_so() {
    let fake = Fake::start();
    let port = redis_server::free_port();
    let mut env = fake.env();
    env.push(("CCAPI_REDIS_URL", format!("redis://:hunter2@127.0.0.1:{port}/0")));
    env.push(("CCAPI_FLEET_SIZE", "3".into()));
    let r = run(&env, &["call", "chatbot.send_stream_msg", "--data", &chatbot_message()]);
    r.expect(0);
    assert!(
        r.stderr.contains(&format!("warning: the rate limiter's Redis (127.0.0.1:{port}/0) stopped answering")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("1/3 of the rate limit"), "{}", r.stderr);
    assert!(!r.stderr.contains("hunter2"), "{}", r.stderr);
    assert_eq!(fake.calls(paths::CHATBOT_SEND_STREAM_MSG), 1);
}

#[test]
fn a_redis_url_without_a_fleet_size_or_unusable_exits_2_and_sends_nothing() {
    let fake = Fake::start();
    let data = chatbot_message();
    let with = |url: &str, size: Option<&str>| {
        let mut env = fake.env();
        env.push(("CCAPI_REDIS_URL", url.to_string()));
        if let Some(size) = size {
            env.push(("CCAPI_FLEET_SIZE", size.to_string()));
        }
        run(&env, &["call", "chatbot.send_stream_msg", "--data", &data])
    };
    let r = with("redis://127.0.0.1:6379/0", None);
    r.expect(2);
    assert!(r.stderr.contains("CCAPI_REDIS_URL needs CCAPI_FLEET_SIZE"), "{}", r.stderr);
    let r = with("redis://127.0.0.1:6379/0", Some("0"));
    r.expect(2);
    assert!(r.stderr.contains("CCAPI_FLEET_SIZE must be a whole number"), "{}", r.stderr);
    let r = with("redis://:hunter2@/0", Some("2"));
    r.expect(2);
    assert!(r.stderr.contains("CCAPI_REDIS_URL: not a usable Redis URL"), "{}", r.stderr);
    assert!(!r.stderr.contains("hunter2"), "{}", r.stderr);
    assert_eq!(fake.calls(paths::CHATBOT_SEND_STREAM_MSG), 0);
}

#[test]
fn ccapi_fake_delivers_callbacks_that_ccapi_listen_prints() {
    let token = "fake-to-listen";
    let sdkappid = FakeConfig::default().sdkappid.to_string();
    let l = Listener::start(&[("CCAPI_SDKAPPID", sdkappid.as_str()), ("CCAPI_CALLBACK_TOKEN", token)], &[]);
    let callback_url = format!("http://{}/callback", l.addr);
    let env = [("CCAPI_CALLBACK_TOKEN", token.to_string())];
    let child = ccapi(&env, &["fake", "--port", "0", "--callback-url", &callback_url])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut child = Killed(child);
    let mut line = String::new();
    BufReader::new(child.0.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let fake =
        line.trim().strip_prefix("listening on http://").unwrap_or_else(|| panic!("first line: {line:?}")).to_string();
    let control = |path: &str, body: Value| -> Value {
        let mut s = std::net::TcpStream::connect(&fake).unwrap();
        let body = body.to_string();
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: {fake}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        s.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap()).unwrap()
    };
    let sent = control("/_fake/user-message", json!({"from": "jared", "to": "@RBT#001", "text": "red packet"}));
    assert_eq!(sent["delivered"], true, "{sent}");
    let printed = l.stdout_line();
    assert_eq!(printed["command"], "Bot.OnC2CMessage");
    assert_eq!(printed["event"]["MsgBody"][0]["MsgContent"]["Text"], "red packet");
    let begun =
        control("/_fake/sessions", json!({"SessionId": "s-9", "ClientUserId": "u", "CustomerServiceId": "@cs"}));
    assert_eq!(begun["delivered"], true, "{begun}");
    assert_eq!(l.stdout_line()["event"]["Event"], "SessionBegin");
    let missing = control("/_fake/sessions/nope/transfer", json!({}));
    assert_eq!(missing["error"], "no such session");
}
