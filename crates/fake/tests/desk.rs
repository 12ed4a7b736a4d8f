//! The Desk operations: streaming, history paging, session state.

mod common;

use ccapi_fake::{FakeConfig, FakeServer, Session, StreamTarget, paths};
use ccapi_models::common::{MsgBodyElement, TextElem};
use ccapi_models::desk::{
    CurrentState, DescribeChatMessagesResponse, FromAccountRole, GetSessionStateResponse, Message,
    SendStreamMsgRequest, SendStreamMsgResponse,
};
use common::{assert_fail, assert_ok, post_json, tencent, tencent_target};
use serde_json::{Value, json};

const STREAM_SESSION: &str = "fd8a2e30-54de-4e40-bcaf-02718409c5cf";
const HISTORY_SESSION: &str = "b0f4ca12-4850-4218-a284-efe679a87066";

async fn send(fake: &FakeServer, request: &SendStreamMsgRequest) -> Value {
    tencent(fake, paths::DESK_SEND_STREAM_MSG, serde_json::to_value(request).unwrap()).await
}

fn texts(answer: &Value) -> Vec<String> {
    let response: DescribeChatMessagesResponse = serde_json::from_value(answer.clone()).unwrap();
    response
        .messages
        .unwrap_or_default()
        .iter()
        .map(|m| match m.msg_body.as_deref() {
            Some([MsgBodyElement::Text(t)]) => t.text.clone(),
            other => panic!("not one text element: {other:?}"),
        })
        .collect()
}

#[tokio::test]
async fn stream_chains_finishes_and_lands_in_the_history() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();

    let first = send(&fake, &SendStreamMsgRequest::new(STREAM_SESSION, "Hello, ")).await;
    assert_ok(&first);
    let first: SendStreamMsgResponse = serde_json::from_value(first).unwrap();
    let key = first.msg_key.expect("the first answer carries the MsgKey");
    let parts: Vec<&str> = key.split('_').collect();
    assert_eq!(parts.len(), 3, "{key}");
    assert!(parts[0].parse::<u64>().is_ok() && parts[1].parse::<u64>().is_ok(), "{key}");
    assert!(parts[2].len() == 25 && parts[2].chars().all(|c| c.is_ascii_hexdigit()), "{key}");

    let second = send(&fake, &SendStreamMsgRequest::new(STREAM_SESSION, "this is ").msg_key(&key)).await;
    assert_ok(&second);
    assert!(second.get("MsgKey").is_none(), "later answers carry no MsgKey, as on the page");

    let streamed = fake.stream_message(&key).unwrap();
    assert_eq!(streamed.text, "Hello, this is ");
    assert!(!streamed.finished);
    assert_eq!(streamed.target, StreamTarget::Desk { session_id: STREAM_SESSION.into() });
    assert!(fake.session(STREAM_SESSION).unwrap().messages.is_empty(), "not finished yet");

    // The page's last sample, verbatim (Finish is an integer).
    let last = json!({"SessionId": STREAM_SESSION, "Chunk": "Tencent Cloud.", "MsgKey": key, "Finish": 1});
    assert_ok(&tencent(&fake, paths::DESK_SEND_STREAM_MSG, last).await);
    let streamed = fake.stream_message(&key).unwrap();
    assert_eq!(streamed.chunks, ["Hello, ", "this is ", "Tencent Cloud."]);
    assert_eq!(streamed.text, "Hello, this is Tencent Cloud.");
    assert!(streamed.finished);

    // A closed message takes no more chunks.
    let late = send(&fake, &SendStreamMsgRequest::new(STREAM_SESSION, "more").msg_key(&key)).await;
    assert_eq!(assert_fail(&late, 141004), "Illegal request parameters, please check and retry.");
    assert_eq!(fake.stream_message(&key).unwrap().chunks.len(), 3);

    // The finished message is the session's newest, from the admin, as a System message.
    let history =
        tencent(&fake, paths::DESK_DESCRIBE_CHAT_MESSAGES, json!({"SessionId": STREAM_SESSION, "Order": 2})).await;
    assert_ok(&history);
    assert_eq!(history["TotalCount"], 1);
    assert_eq!(texts(&history), ["Hello, this is Tencent Cloud."]);
    let entry = &history["Messages"][0];
    assert_eq!(entry["FromAccount"], "administrator");
    assert_eq!(entry["FromAccountRole"], 3);
    assert_eq!(entry["MsgBody"][0]["MsgType"], "TIMTextElem");
    assert!(entry["Timestamp"].as_i64().unwrap() > 1_700_000_000_000);

    fake.stop().await;
}

#[tokio::test]
async fn stream_refuses_bad_sessions_keys_and_bodies() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();

    let unknown = send(&fake, &SendStreamMsgRequest::new("no-such-session", "x")).await;
    assert_eq!(assert_fail(&unknown, 141005), "This session does not exist.");

    let unknown_key = send(&fake, &SendStreamMsgRequest::new(STREAM_SESSION, "x").msg_key("1_2_abc")).await;
    assert_fail(&unknown_key, 141004);

    // A key of another session.
    let other: SendStreamMsgResponse =
        serde_json::from_value(send(&fake, &SendStreamMsgRequest::new(HISTORY_SESSION, "x")).await).unwrap();
    let foreign = send(&fake, &SendStreamMsgRequest::new(STREAM_SESSION, "x").msg_key(other.msg_key.unwrap())).await;
    assert_fail(&foreign, 141004);

    // The spec's invalid requests: missing fields, Finish 2, a string Finish, unknown fields.
    for body in [
        json!({"Chunk": "Hello, "}),
        json!({"SessionId": STREAM_SESSION}),
        json!({"SessionId": STREAM_SESSION, "Chunk": "x", "Finish": 2}),
        json!({"SessionId": STREAM_SESSION, "Chunk": "x", "Finish": "1"}),
        json!({"SessionId": 12345, "Chunk": "x"}),
        json!({"SessionId": STREAM_SESSION, "Chunk": null}),
        json!({"SessionId": STREAM_SESSION, "Chunk": "x", "Extra": true}),
    ] {
        let answer = tencent(&fake, paths::DESK_SEND_STREAM_MSG, body.clone()).await;
        assert_fail(&answer, 141004);
    }

    // Not JSON at all: the common 60003.
    let target = tencent_target(&fake, paths::DESK_SEND_STREAM_MSG, 7);
    let response = common::request(fake.addr(), "POST", &target, &[], b"{\"SessionId\": ").await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(
        assert_fail(&response.json(), 60003),
        "An error occurred when parsing the JSON data of the HTTP request. Check the JSON format."
    );

    // A single call can open and close a message.
    let once = send(
        &fake,
        &SendStreamMsgRequest::new(STREAM_SESSION, "all at once").finish(ccapi_models::desk::Finish::Finished),
    )
    .await;
    let key = once["MsgKey"].as_str().unwrap();
    assert!(fake.stream_message(key).unwrap().finished);
    assert_eq!(fake.session(STREAM_SESSION).unwrap().messages.len(), 1);
}

#[tokio::test]
async fn history_pages_by_limit_offset_and_order() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    fake.add_session(Session::new("s-page", "u", "@cs"));
    let messages = (0..30)
        .map(|i| {
            Message::new()
                .from_account("u")
                .from_account_role(FromAccountRole::User)
                .msg_body(vec![MsgBodyElement::Text(TextElem::new(format!("m{i}")))])
                .timestamp(1_000 + i)
        })
        .collect();
    fake.add_messages("s-page", messages);
    let page = |body: Value| {
        let fake = &fake;
        async move { tencent(fake, paths::DESK_DESCRIBE_CHAT_MESSAGES, body).await }
    };

    // Defaults: 20 newest first.
    let default = page(json!({"SessionId": "s-page"})).await;
    assert_ok(&default);
    assert_eq!(default["TotalCount"], 30);
    let expected: Vec<String> = (10..30).rev().map(|i| format!("m{i}")).collect();
    assert_eq!(texts(&default), expected);

    let oldest = page(json!({"SessionId": "s-page", "Limit": 5, "Offset": 0, "Order": 1})).await;
    assert_eq!(texts(&oldest), ["m0", "m1", "m2", "m3", "m4"]);
    let next = page(json!({"SessionId": "s-page", "Limit": 5, "Offset": 5, "Order": 1})).await;
    assert_eq!(texts(&next), ["m5", "m6", "m7", "m8", "m9"]);
    let newest = page(json!({"SessionId": "s-page", "Limit": 3, "Offset": 2, "Order": 2})).await;
    assert_eq!(texts(&newest), ["m27", "m26", "m25"]);
    let tail = page(json!({"SessionId": "s-page", "Limit": 100, "Offset": 28, "Order": 1})).await;
    assert_eq!(texts(&tail), ["m28", "m29"]);
    let beyond = page(json!({"SessionId": "s-page", "Offset": 30})).await;
    assert_ok(&beyond);
    assert_eq!(beyond["TotalCount"], 30);
    assert_eq!(beyond["Messages"], json!([]));

    for bad in [
        json!({"SessionId": "s-page", "Limit": 101}),
        json!({"SessionId": "s-page", "Order": 3}),
        json!({"SessionId": "s-page", "Order": 0}),
        json!({"SessionId": "s-page", "Offset": -1}),
        json!({"SessionId": "s-page", "Limit": "50"}),
        json!({"Limit": 50}),
    ] {
        assert_eq!(assert_fail(&page(bad).await, 141004), "Invalid parameter.");
    }
    let unknown = page(json!({"SessionId": "nope"})).await;
    assert_eq!(assert_fail(&unknown, 141010), "The session does not exist.");
}

#[tokio::test]
async fn the_seeded_history_answers_the_pages_sample() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let sample = json!({"SessionId": HISTORY_SESSION, "Limit": 50, "Offset": 0, "Order": 1});
    let answer = tencent(&fake, paths::DESK_DESCRIBE_CHAT_MESSAGES, sample).await;
    assert_ok(&answer);
    assert_eq!(answer["TotalCount"], 26);
    assert_eq!(
        answer["Messages"][0],
        json!({"FromAccount": "8618655061639", "FromAccountRole": 1,
               "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hello"}}],
               "Timestamp": 1730939030138_i64})
    );
    assert_eq!(answer["Messages"][1]["FromAccountRole"], 2);

    let unseeded = FakeServer::start(FakeConfig { seed: false, ..FakeConfig::default() }).await;
    let unseeded = unseeded.unwrap();
    assert!(unseeded.session(HISTORY_SESSION).is_none());
}

#[tokio::test]
async fn session_state_by_id_or_by_user() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let state = |body: Value| {
        let fake = &fake;
        async move { tencent(fake, paths::DESK_GET_SESSION_STATE, body).await }
    };

    // The page's sample, by user.
    let by_user = state(json!({"ClientUserId": "user1", "CustomerServiceId": "@customer_service_account"})).await;
    assert_ok(&by_user);
    let response: GetSessionStateResponse = serde_json::from_value(by_user).unwrap();
    assert_eq!(response.session_id.as_deref(), Some("a-b-c-d-e"));
    assert_eq!(response.current_state, Some(CurrentState::Agent));
    assert_eq!(response.agent_id.as_deref(), Some("test@qq.com"));

    let by_id = state(json!({"SessionId": STREAM_SESSION})).await;
    assert_ok(&by_id);
    assert_eq!(by_id["SessionId"], STREAM_SESSION);
    assert_eq!(by_id["CurrentState"], "Chatbot");
    assert_eq!(by_id["AgentId"], "");

    fake.add_session(Session::new("s-queue", "u9", "@cs9").state(CurrentState::Queuing));
    let queued = state(json!({"ClientUserId": "u9", "CustomerServiceId": "@cs9"})).await;
    assert_eq!(queued["SessionId"], "s-queue");
    assert_eq!(queued["CurrentState"], "Queuing");

    for bad in [
        json!({}),
        json!({"ClientUserId": "user1"}),
        json!({"CustomerServiceId": "@customer_service_account"}),
        json!({"SessionId": STREAM_SESSION, "ClientUserId": "user1"}),
        json!({"SessionId": STREAM_SESSION, "ClientUserId": "user1", "CustomerServiceId": "@c"}),
        json!({"SessionId": 42}),
    ] {
        assert_eq!(assert_fail(&state(bad).await, 141004), "Invalid parameter.");
    }
    let missing = state(json!({"SessionId": "nope"})).await;
    assert_eq!(assert_fail(&missing, 141005), "Session does not exist or has ended.");
    let missing = state(json!({"ClientUserId": "nobody", "CustomerServiceId": "@cs9"})).await;
    assert_fail(&missing, 141005);
}

#[tokio::test]
async fn only_post_and_known_paths() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let target = tencent_target(&fake, paths::DESK_GET_SESSION_STATE, 1);
    let get = common::request(fake.addr(), "GET", &target, &[], b"").await.unwrap();
    assert_eq!(get.status, 405);
    assert_eq!(get.header("allow"), Some("POST"));
    let unknown = post_json(fake.addr(), "/v4/desk_http_svc/nope", &[], &json!({})).await.unwrap();
    assert_eq!(unknown.status, 404);
}
