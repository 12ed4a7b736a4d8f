//! ccmessaging: tokenByAkSk → applyToken → send, and 401 once tokens expire.

mod common;

use ccapi_fake::{FakeConfig, FakeServer, paths};
use ccapi_models::ccmessaging::{ControlType, MediaType, SendRequest, SourceType};
use common::{RawResponse, post_json};
use serde_json::{Value, json};

async fn access_token(fake: &FakeServer) -> String {
    let config = fake.config();
    let body = json!({"app_key": config.app_key, "app_secret": config.app_secret});
    let response = post_json(fake.addr(), paths::TOKEN_BY_AK_SK, &[("X-Token-Expire", "600")], &body).await.unwrap();
    assert_eq!(response.status, 200, "{response:?}");
    let answer = response.json();
    assert_eq!(answer["ApplyType"], "Bearer");
    assert_eq!(answer["Expires"], "600");
    assert_eq!(answer["AppKey"], config.app_key.as_str());
    assert_eq!(answer["UserID"], config.app_key.as_str());
    assert!(answer["CreateTime"].as_str().unwrap().parse::<u64>().is_ok());
    assert!(answer["Scope"].is_string());
    answer["AccessToken"].as_str().unwrap().to_owned()
}

async fn apply(fake: &FakeServer, access: &str, user: &str, channel: &str) -> RawResponse {
    let bearer = format!("Bearer {access}");
    let body = json!({"userId": user, "userName": "User", "channelId": channel, "locale": "en"});
    let headers = [("x-app-key", fake.config().app_key.as_str()), ("Authorization", &bearer)];
    post_json(fake.addr(), paths::APPLY_TOKEN, &headers, &body).await.unwrap()
}

async fn session_token(fake: &FakeServer, access: &str, user: &str, channel: &str) -> String {
    let response = apply(fake, access, user, channel).await;
    assert_eq!(response.status, 200, "{response:?}");
    let answer = response.json();
    assert_eq!(answer["resultCode"], "0");
    answer["token"].as_str().unwrap().to_owned()
}

async fn send(fake: &FakeServer, access: &str, token: &str, body: &Value) -> RawResponse {
    let bearer = format!("Bearer {access}");
    let headers =
        [("x-app-key", fake.config().app_key.as_str()), ("Authorization", &bearer), ("ccmessaging-token", token)];
    post_json(fake.addr(), paths::CCMESSAGING_SEND, &headers, body).await.unwrap()
}

fn text(from: &str, to: &str, content: &str) -> Value {
    let request = SendRequest::new("WEB", ControlType::Chat, from, MediaType::Text, SourceType::Customer, to)
        .content(content)
        .timestamp("1688038541395");
    serde_json::to_value(request).unwrap()
}

#[tokio::test]
async fn token_flow_and_send() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let access = access_token(&fake).await;
    let token = session_token(&fake, &access, "1678101150955228003", "202303061540344336").await;

    let ok = send(&fake, &access, &token, &text("1678101150955228003", "202303061540344336", "hi")).await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.json(), json!({"resultCode": "0", "resultDesc": "sendUserMessage successfully."}));

    // The page's sample body, verbatim (nulls included).
    let sample = json!({"content": "", "controlType": "DISCONNECT", "from": "1678101150955228003",
        "mediaType": "TEXT", "senderNickname": "user_lk", "sourceType": "CUSTOMER",
        "timestamp": "1619573854156", "to": "202303061540344336", "userAgent": null,
        "senderAvatar": null, "channel": "WEB"});
    let disconnect = send(&fake, &access, &token, &sample).await;
    assert_eq!(disconnect.json()["resultDesc"], "Disconnect robot successfully");

    let sent = fake.sent_messages("1678101150955228003");
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].content.as_deref(), Some("hi"));
    assert_eq!(sent[1].control_type, ControlType::Disconnect);
    assert_eq!(fake.token_requests(), (1, 1));
    assert_eq!(fake.calls(paths::CCMESSAGING_SEND)[0].code, Some(0));
}

#[tokio::test]
async fn sends_are_refused_without_valid_tokens() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let access = access_token(&fake).await;
    let token = session_token(&fake, &access, "alice", "chan-1").await;
    let body = text("alice", "chan-1", "hi");

    assert_eq!(send(&fake, &access, "unknown", &body).await.status, 401);
    assert_eq!(send(&fake, "unknown", &token, &body).await.status, 401);
    let no_headers = post_json(fake.addr(), paths::CCMESSAGING_SEND, &[], &body).await.unwrap();
    assert_eq!(no_headers.status, 401);
    let answer = no_headers.json();
    assert_eq!(answer["resultCode"], "401");
    assert!(answer["resultDesc"].as_str().unwrap().starts_with("Unauthorized operation."));
    // Another app key with a valid token.
    let bearer = format!("Bearer {access}");
    let headers = [("x-app-key", "other"), ("Authorization", bearer.as_str()), ("ccmessaging-token", &token)];
    let other = post_json(fake.addr(), paths::CCMESSAGING_SEND, &headers, &body).await.unwrap();
    assert_eq!(other.status, 401);

    // The token is tied to its userId and channelId.
    assert_eq!(send(&fake, &access, &token, &text("bob", "chan-1", "hi")).await.status, 401);
    assert_eq!(send(&fake, &access, &token, &text("alice", "chan-2", "hi")).await.status, 401);
    assert!(fake.sent_messages("alice").is_empty() && fake.sent_messages("bob").is_empty());

    assert_eq!(send(&fake, &access, &token, &body).await.status, 200);
}

#[tokio::test]
async fn expired_tokens_get_401_until_reacquired() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let access = access_token(&fake).await;
    let token = session_token(&fake, &access, "alice", "chan-1").await;
    let body = text("alice", "chan-1", "hi");
    assert_eq!(send(&fake, &access, &token, &body).await.status, 200);

    // Only the session token: applyToken with the same access token gets a fresh one.
    fake.expire_ccmessaging_tokens();
    assert_eq!(send(&fake, &access, &token, &body).await.status, 401);
    let token = session_token(&fake, &access, "alice", "chan-1").await;
    assert_eq!(send(&fake, &access, &token, &body).await.status, 200);

    // Everything: applyToken needs a new access token too.
    fake.expire_tokens();
    assert_eq!(send(&fake, &access, &token, &body).await.status, 401);
    assert_eq!(apply(&fake, &access, "alice", "chan-1").await.status, 401);
    let access = access_token(&fake).await;
    let token = session_token(&fake, &access, "alice", "chan-1").await;
    assert_eq!(send(&fake, &access, &token, &body).await.status, 200);

    assert_eq!(fake.token_requests(), (2, 4));
    assert_eq!(fake.sent_messages("alice").len(), 3);
}

#[tokio::test]
async fn bad_requests_are_400() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let access = access_token(&fake).await;
    let token = session_token(&fake, &access, "alice", "chan-1").await;

    let mut too_long = text("alice", "chan-1", "hi");
    too_long["messageId"] = json!("a,b");
    let file = json!({"content": "test_txt.txt,6,7d9f", "controlType": "CHAT", "from": "alice",
        "mediaType": "FILE", "sourceType": "CUSTOMER", "to": "chan-1", "channel": "WEB"});
    let mut missing = text("alice", "chan-1", "hi");
    missing.as_object_mut().unwrap().remove("channel");
    let mut shout = text("alice", "chan-1", "hi");
    shout["controlType"] = json!("SHOUT");
    for body in [too_long, file, missing, shout] {
        let response = send(&fake, &access, &token, &body).await;
        assert_eq!(response.status, 400, "{body}");
        assert_eq!(response.json()["resultCode"], "400");
    }
    let garbage = common::request(
        fake.addr(),
        "POST",
        paths::CCMESSAGING_SEND,
        &[("x-app-key", "fake-app-key"), ("Authorization", &format!("Bearer {access}")), ("ccmessaging-token", &token)],
        b"{not json",
    )
    .await
    .unwrap();
    assert_eq!(garbage.status, 400);

    // tokenByAkSk: wrong secret, missing field, bad expiry.
    let wrong = json!({"app_key": "fake-app-key", "app_secret": "nope"});
    let r = post_json(fake.addr(), paths::TOKEN_BY_AK_SK, &[], &wrong).await.unwrap();
    assert_eq!(r.status, 401);
    let r = post_json(fake.addr(), paths::TOKEN_BY_AK_SK, &[], &json!({"app_key": "fake-app-key"})).await.unwrap();
    assert_eq!(r.status, 400);
    let good = json!({"app_key": "fake-app-key", "app_secret": "fake-app-secret"});
    let r = post_json(fake.addr(), paths::TOKEN_BY_AK_SK, &[("X-Token-Expire", "3601")], &good).await.unwrap();
    assert_eq!(r.status, 400);
    let r = post_json(fake.addr(), paths::TOKEN_BY_AK_SK, &[], &good).await.unwrap();
    assert_eq!(r.json()["Expires"], "3600");

    // applyToken: userId of 33 characters, no channelId.
    assert_eq!(apply(&fake, &access, &"u".repeat(33), "chan-1").await.status, 400);
    assert_eq!(apply(&fake, &access, "alice", "").await.status, 400);
    assert_eq!(apply(&fake, "nope", "alice", "chan-1").await.status, 401);
}
