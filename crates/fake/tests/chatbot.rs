//! chatbot.send_stream_msg: chaining, parameters, the rate limit.

mod common;

use std::time::Duration;

use ccapi_fake::{FakeConfig, FakeServer, StreamTarget, paths};
use ccapi_models::chatbot::{Finish, SendStreamMsgRequest, SendStreamMsgResponse};
use common::{assert_fail, assert_ok, tencent};
use serde_json::json;

const PATH: &str = paths::CHATBOT_SEND_STREAM_MSG;

async fn send(fake: &FakeServer, request: &SendStreamMsgRequest) -> serde_json::Value {
    tencent(fake, PATH, serde_json::to_value(request).unwrap()).await
}

#[tokio::test]
async fn stream_chains_with_the_key_on_every_answer() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let first = send(&fake, &SendStreamMsgRequest::new("@RBT#my_bot", "user01", "hello, ")).await;
    assert_ok(&first);
    let first: SendStreamMsgResponse = serde_json::from_value(first).unwrap();
    let key = first.msg_key.unwrap();
    let parts: Vec<&str> = key.split('_').collect();
    assert!(parts.len() == 3 && parts.iter().all(|p| p.parse::<u64>().is_ok()), "{key}");

    let last = SendStreamMsgRequest::new("@RBT#my_bot", "user01", "world").msg_key(&key).finish(Finish::Finished);
    let last = send(&fake, &last).await;
    assert_ok(&last);
    assert_eq!(last["MsgKey"], key.as_str());

    let streamed = fake.stream_message(&key).unwrap();
    assert_eq!(streamed.text, "hello, world");
    assert_eq!(streamed.chunks, ["hello, ", "world"]);
    assert!(streamed.finished);
    assert_eq!(
        streamed.target,
        StreamTarget::Chatbot { from_account: "@RBT#my_bot".into(), to_account: "user01".into() }
    );

    let late = send(&fake, &SendStreamMsgRequest::new("@RBT#my_bot", "user01", "!").msg_key(&key)).await;
    assert_eq!(assert_fail(&late, 10004), "Incorrect parameter. Please check the request parameters.");
}

#[tokio::test]
async fn bad_parameters_are_10004() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let open = send(&fake, &SendStreamMsgRequest::new("@RBT#bot", "u1", "a")).await;
    let key = open["MsgKey"].as_str().unwrap().to_owned();
    for body in [
        json!({"From_Account": "@RBT#bot", "Chunk": "x"}),
        json!({"To_Account": "u1", "Chunk": "x"}),
        json!({"From_Account": "@RBT#bot", "To_Account": "u1"}),
        json!({"From_Account": "@RBT#bot", "To_Account": "u1", "Chunk": "x", "MsgKey": key, "Finish": 2}),
        json!({"From_Account": "@RBT#bot", "To_Account": "u1", "Chunk": "x", "MsgKey": key, "Finish": 0}),
        json!({"From_Account": "", "To_Account": "u1", "Chunk": "x"}),
        // The key belongs to another conversation, or does not exist.
        json!({"From_Account": "@RBT#bot", "To_Account": "u2", "Chunk": "x", "MsgKey": key}),
        json!({"From_Account": "@RBT#bot", "To_Account": "u1", "Chunk": "x", "MsgKey": "1_2_3"}),
    ] {
        assert_fail(&tencent(&fake, PATH, body).await, 10004);
    }
    assert_eq!(fake.stream_message(&key).unwrap().text, "a");
}

#[tokio::test]
async fn the_rate_limit_is_enforced_when_asked() {
    let config = FakeConfig { enforce_rate_limit: true, rate_limit_per_second: 5, ..FakeConfig::default() };
    let fake = FakeServer::start(config).await.unwrap();
    let request = SendStreamMsgRequest::new("@RBT#bot", "u1", "x");
    let mut codes = Vec::new();
    for _ in 0..7 {
        codes.push(send(&fake, &request).await["ErrorCode"].as_i64().unwrap());
    }
    assert_eq!(codes, [0, 0, 0, 0, 0, 60011, 60011]);
    let info = send(&fake, &request).await;
    assert_eq!(
        assert_fail(&info, 60011),
        "The SDKAppID request exceeds the frequency limit. Please reduce the request frequency."
    );
    assert_eq!(fake.max_calls_within(PATH, Duration::from_secs(1)), 8);

    // A second later the window has room again.
    tokio::time::sleep(Duration::from_millis(1050)).await;
    assert_ok(&send(&fake, &request).await);
}

#[tokio::test]
async fn arrivals_are_recorded_without_enforcement() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let request = SendStreamMsgRequest::new("@RBT#bot", "u1", "x");
    for _ in 0..3 {
        assert_ok(&send(&fake, &request).await);
        tokio::time::sleep(Duration::from_millis(120)).await;
    }
    let calls = fake.calls(PATH);
    assert_eq!(calls.len(), 3);
    assert!(calls[2].at.duration_since(calls[0].at) >= Duration::from_millis(240));
    assert_eq!(fake.max_calls_within(PATH, Duration::from_millis(100)), 1);
    assert_eq!(fake.max_calls_within(PATH, Duration::from_secs(1)), 3);
    let randoms: std::collections::HashSet<_> = calls.iter().map(|c| c.random).collect();
    assert_eq!(randoms.len(), 3, "the helper sends a fresh random each time");
}
