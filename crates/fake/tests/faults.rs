//! Scripted faults, checked on the wire with a raw TCP client.

mod common;

use std::io::ErrorKind;
use std::time::{Duration, Instant};

use ccapi_fake::{FakeConfig, FakeServer, Fault, paths};
use common::{assert_fail, assert_ok, post_json, tencent, tencent_target};
use serde_json::{Value, json};

const SESSION: &str = "fd8a2e30-54de-4e40-bcaf-02718409c5cf";
const STATE: &str = paths::DESK_GET_SESSION_STATE;
const SEND: &str = paths::DESK_SEND_STREAM_MSG;

fn state_body() -> Value {
    json!({"SessionId": SESSION})
}

async fn raw_state(fake: &FakeServer) -> std::io::Result<common::RawResponse> {
    post_json(fake.addr(), &tencent_target(fake, STATE, 1), &[], &state_body()).await
}

#[tokio::test]
async fn faults_are_consumed_in_order_for_n_calls() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    fake.inject(STATE, Fault::error(141002, "Internal error, retry."), 2);
    fake.inject(STATE, Fault::bad_gateway(), 1);
    fake.inject(STATE, Fault::Malformed, 0);

    for _ in 0..2 {
        let answer = tencent(&fake, STATE, state_body()).await;
        assert_eq!(assert_fail(&answer, 141002), "Internal error, retry.");
    }
    let gateway = raw_state(&fake).await.unwrap();
    assert_eq!(gateway.status, 502);
    assert_eq!(gateway.header("content-type"), Some("text/html"));
    assert!(String::from_utf8_lossy(&gateway.body).contains("502 Bad Gateway"));
    assert_ok(&tencent(&fake, STATE, state_body()).await);

    let calls = fake.calls(STATE);
    let codes: Vec<_> = calls.iter().map(|c| (c.status, c.code)).collect();
    assert_eq!(codes, [(Some(200), Some(141002)), (Some(200), Some(141002)), (Some(502), None), (Some(200), Some(0))]);
    assert_eq!(calls[2].fault, Some(Fault::bad_gateway()));
    assert_eq!(calls[3].fault, None);
}

#[tokio::test]
async fn errors_replace_processing_and_use_each_familys_envelope() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    fake.inject(SEND, Fault::error(20004, "Network issue, please retry."), 1);
    let answer = tencent(&fake, SEND, json!({"SessionId": SESSION, "Chunk": "never applied"})).await;
    assert_eq!(
        answer,
        json!({"ActionStatus": "FAIL", "ErrorCode": 20004, "ErrorInfo": "Network issue, please retry."})
    );
    assert!(fake.stream_messages().is_empty(), "a fault without after_apply changes nothing");

    fake.inject(
        paths::CCMESSAGING_SEND,
        Fault::error_with_status(500, 3, "The redirection address is not in the trust list."),
        1,
    );
    let response = post_json(fake.addr(), paths::CCMESSAGING_SEND, &[], &json!({})).await.unwrap();
    assert_eq!(response.status, 500);
    assert_eq!(
        response.json(),
        json!({"resultCode": "3", "resultDesc": "The redirection address is not in the trust list."})
    );
    assert_eq!(fake.calls(paths::CCMESSAGING_SEND)[0].code, Some(3));

    fake.inject(paths::TOKEN_BY_AK_SK, Fault::status(503, "busy"), 1);
    let busy = post_json(fake.addr(), paths::TOKEN_BY_AK_SK, &[], &json!({})).await.unwrap();
    assert_eq!((busy.status, busy.body.as_slice()), (503, &b"busy"[..]));
    assert_eq!(busy.header("content-type"), Some("text/plain"));
}

#[tokio::test]
async fn delay_then_a_normal_answer() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    fake.inject(SEND, Fault::Delay(Duration::from_millis(300)), 1);
    let started = Instant::now();
    let answer = tencent(&fake, SEND, json!({"SessionId": SESSION, "Chunk": "slow"})).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_ok(&answer);
    let key = answer["MsgKey"].as_str().unwrap();
    assert_eq!(fake.stream_message(key).unwrap().text, "slow");
}

#[tokio::test]
async fn malformed_body_is_not_json() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    fake.inject(STATE, Fault::Malformed, 1);
    let response = raw_state(&fake).await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert!(serde_json::from_slice::<Value>(&response.body).is_err());
    assert!(!response.body.is_empty());
}

#[tokio::test]
async fn truncated_body_declares_more_than_it_sends() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    fake.inject(STATE, Fault::Truncated, 1);
    let response = raw_state(&fake).await.unwrap();
    assert_eq!(response.status, 200);
    let declared: usize = response.header("content-length").unwrap().parse().unwrap();
    assert!(!response.body.is_empty() && response.body.len() < declared, "{response:?}");
    assert!(response.body.starts_with(b"{\"ActionStatus\""), "{response:?}");
    assert!(serde_json::from_slice::<Value>(&response.body).is_err());
    assert_eq!(fake.calls(STATE)[0].status, Some(200));

    // After applying: a prefix of the real answer, and the message was started.
    fake.inject(SEND, Fault::Truncated.after_apply(), 1);
    let target = tencent_target(&fake, SEND, 2);
    let body = json!({"SessionId": SESSION, "Chunk": "cut"});
    let response = post_json(fake.addr(), &target, &[], &body).await.unwrap();
    let declared: usize = response.header("content-length").unwrap().parse().unwrap();
    assert!(response.body.len() < declared);
    let started = fake.stream_messages();
    assert_eq!(started.len(), 1);
    assert_eq!(started[0].chunks, ["cut"]);
    let full = serde_json::to_vec(&json!({
        "ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "MsgKey": started[0].msg_key,
    }))
    .unwrap();
    assert_eq!(declared, full.len());
    assert!(full.starts_with(&response.body));
}

#[tokio::test]
async fn reset_closes_the_connection_without_an_answer() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    fake.inject(STATE, Fault::Reset, 1);
    let error = raw_state(&fake).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ConnectionReset, "{error}");
    let calls = fake.calls(STATE);
    assert_eq!((calls[0].status, calls[0].fault.clone()), (None, Some(Fault::Reset)));
    // The next call is served normally.
    assert_ok(&raw_state(&fake).await.unwrap().json());

    // Delayed: nothing for a while, then the reset.
    fake.inject(STATE, Fault::Reset.delayed(Duration::from_millis(200)), 1);
    let started = Instant::now();
    let error = raw_state(&fake).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ConnectionReset);
    assert!(started.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn applied_then_lost_is_visible_in_the_state() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let first = tencent(&fake, SEND, json!({"SessionId": SESSION, "Chunk": "Hello, "})).await;
    let key = first["MsgKey"].as_str().unwrap().to_owned();

    // The chunk is appended, then the answer is a 502.
    fake.inject(SEND, Fault::bad_gateway().after_apply(), 1);
    let target = tencent_target(&fake, SEND, 3);
    let body = json!({"SessionId": SESSION, "Chunk": "world", "MsgKey": key});
    let response = post_json(fake.addr(), &target, &[], &body).await.unwrap();
    assert_eq!(response.status, 502);
    assert_eq!(fake.stream_message(&key).unwrap().text, "Hello, world");

    // The chunk is appended, then the connection is reset.
    fake.inject(SEND, Fault::Reset.after_apply(), 1);
    let target = tencent_target(&fake, SEND, 4);
    let body = json!({"SessionId": SESSION, "Chunk": "!", "MsgKey": key, "Finish": 1});
    let error = post_json(fake.addr(), &target, &[], &body).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ConnectionReset);
    let message = fake.stream_message(&key).unwrap();
    assert_eq!((message.text.as_str(), message.finished), ("Hello, world!", true));
    assert_eq!(fake.session(SESSION).unwrap().messages.len(), 1);

    // A retry of the lost chunk is refused: the message is closed.
    let retry = tencent(&fake, SEND, body).await;
    assert_fail(&retry, 141004);
}

#[tokio::test]
async fn applied_then_slow_answers_after_the_state_changed() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    fake.inject(SEND, Fault::Delay(Duration::from_millis(400)).after_apply(), 1);
    let target = tencent_target(&fake, SEND, 5);
    let addr = fake.addr();
    let pending = tokio::spawn(async move {
        let body = json!({"SessionId": SESSION, "Chunk": "early"});
        post_json(addr, &target, &[], &body).await
    });
    tokio::time::sleep(Duration::from_millis(150)).await;
    let started = fake.stream_messages();
    assert_eq!(started.len(), 1, "applied before the answer");
    assert!(!pending.is_finished());
    let response = pending.await.unwrap().unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["MsgKey"], started[0].msg_key.as_str());
}

#[tokio::test]
async fn ccmessaging_send_applied_then_reset() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let creds = json!({"app_key": "fake-app-key", "app_secret": "fake-app-secret"});
    let access = post_json(fake.addr(), paths::TOKEN_BY_AK_SK, &[], &creds).await.unwrap().json()["AccessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let bearer = format!("Bearer {access}");
    let auth = [("x-app-key", "fake-app-key"), ("Authorization", bearer.as_str())];
    let apply = json!({"userId": "alice", "userName": "A", "channelId": "chan", "locale": "en"});
    let token = post_json(fake.addr(), paths::APPLY_TOKEN, &auth, &apply).await.unwrap().json()["token"]
        .as_str()
        .unwrap()
        .to_owned();

    fake.inject(paths::CCMESSAGING_SEND, Fault::Reset.after_apply(), 1);
    let headers = [auth[0], auth[1], ("ccmessaging-token", token.as_str())];
    let body = json!({"content": "hi", "controlType": "CHAT", "from": "alice", "mediaType": "TEXT",
        "sourceType": "CUSTOMER", "to": "chan", "channel": "WEB"});
    let error = post_json(fake.addr(), paths::CCMESSAGING_SEND, &headers, &body).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ConnectionReset);
    assert_eq!(fake.sent_messages("alice").len(), 1, "the message was recorded");
}

#[tokio::test]
async fn stop_and_drop_close_the_listener() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let addr = fake.addr();
    assert_eq!(fake.base_url(), format!("http://{addr}"));
    assert!(addr.ip().is_loopback());
    fake.stop().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());

    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let addr = fake.addr();
    drop(fake);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn serve_forever_reports_its_address() {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let task =
        tokio::spawn(ccapi_fake::serve_forever(FakeConfig::default(), "127.0.0.1:0".parse().unwrap(), move |addr| {
            let _ = tx.send(addr);
        }));
    let addr = rx.await.unwrap();
    let response = post_json(addr, "/nope", &[], &json!({})).await.unwrap();
    assert_eq!(response.status, 404);
    task.abort();
}
