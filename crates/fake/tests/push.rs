//! The callbacks the fake delivers, received by `ccapi-receiver` as an app would: signed messages,
//! Desk events as a session moves, `OnAssignHuman` applied to the session, retries, and the
//! duplicated, delayed, forged, replayed and other-app deliveries.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ccapi_fake::{CallbackTarget, DeliveryFault, FakeConfig, FakeServer, Session};
use ccapi_models::desk::CurrentState;
use ccapi_receiver::{
    CallbackToken, Delivery, Outcome, RawEvent, Received, Receiver, ReceiverConfig, Rejection, Reply,
};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::sync::mpsc;

mod common;

const TOKEN: &str = "callback-token";

/// The app: a receiver on a free loopback port; every result (accepted, duplicate, refused) comes
/// out of the channel, and `OnAssignHuman` is answered with `assign`.
async fn app(sdkappid: u64, assign: Reply) -> (String, mpsc::UnboundedReceiver<Result<Received, Rejection>>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let config = ReceiverConfig::new(sdkappid.to_string()).with_token(CallbackToken::new(TOKEN));
    let receiver = Receiver::new(config, move |d: Delivery<RawEvent>| {
        let reply = if d.command == "ChatBot.OnAssignHuman" { assign.clone() } else { Reply::ok() };
        async move { reply }
    })
    .with_facts(|command| {
        const DIGEST: &[ccapi_receiver::DedupKey] = &[ccapi_receiver::DedupKey::BodyDigest];
        (command == "ChatBot.OnAssignHuman")
            .then_some(ccapi_receiver::CallbackFacts { synchronous: true, dedup: DIGEST })
    });
    let router = ccapi_receiver::axum::router_with(Arc::new(receiver), move |r| {
        let _ = tx.send(r.clone());
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/callback", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, rx)
}

async fn fake_with_app(assign: Reply) -> (FakeServer, mpsc::UnboundedReceiver<Result<Received, Rejection>>) {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let (url, rx) = app(fake.config().sdkappid, assign).await;
    fake.set_callback_target(CallbackTarget { url, token: Some(CallbackToken::new(TOKEN)) });
    (fake, rx)
}

#[tokio::test]
async fn a_user_message_reaches_the_app_signed_and_is_accepted() {
    let (fake, mut rx) = fake_with_app(Reply::ok()).await;
    let record = fake.send_user_message("jared", "@RBT#001", "red packet").await.unwrap();
    assert!(record.delivered(), "{record:?}");
    assert_eq!(record.attempts.len(), 1);
    assert!(record.query.contains("&Sign=") && record.query.contains("&RequestTime="), "{}", record.query);
    let received = rx.recv().await.unwrap().unwrap();
    assert_eq!(received.command, "Bot.OnC2CMessage");
    assert_eq!(received.body["MsgBody"][0]["MsgContent"]["Text"], "red packet");
    assert_eq!(received.body["MsgKey"], record.body["MsgKey"]);
}

#[tokio::test]
async fn forged_replayed_and_other_app_deliveries_are_refused_and_retried_a_duplicate_handled_once() {
    let (fake, mut rx) = fake_with_app(Reply::ok()).await;
    for fault in [DeliveryFault::Forge, DeliveryFault::Replay, DeliveryFault::OtherApp] {
        fake.inject_delivery(fault.clone(), 1);
        let record = fake.send_user_message("jared", "@RBT#001", "hi").await.unwrap();
        assert!(!record.delivered(), "{fault:?}");
        assert_eq!(record.attempts.len(), ccapi_fake::ATTEMPTS, "{fault:?}: retried");
        assert!(record.attempts.iter().all(|a| a.status == Some(401)), "{fault:?}: {:?}", record.attempts);
        for _ in 0..ccapi_fake::ATTEMPTS {
            assert!(rx.recv().await.unwrap().unwrap_err().is_authentication());
        }
    }
    fake.inject_delivery(DeliveryFault::Duplicate, 1);
    fake.send_user_message("jared", "@RBT#001", "twice").await.unwrap();
    let first = rx.recv().await.unwrap().unwrap();
    let second = rx.recv().await.unwrap().unwrap();
    assert_eq!((first.outcome, second.outcome), (Outcome::Queued, Outcome::Duplicate));
    let deliveries = fake.deliveries();
    assert_eq!(deliveries.len(), 5);
    assert_eq!(deliveries[3].query, deliveries[4].query);
}

#[tokio::test]
async fn a_delayed_delivery_arrives_late_and_a_failed_attempt_is_retried() {
    let (fake, mut rx) = fake_with_app(Reply::ok()).await;
    fake.inject_delivery(DeliveryFault::Delay(Duration::from_millis(300)), 1);
    let started = std::time::Instant::now();
    assert!(fake.send_user_message("jared", "@RBT#001", "late").await.unwrap().delivered());
    assert!(started.elapsed() >= Duration::from_millis(300));
    rx.recv().await.unwrap().unwrap();

    // An app that fails once, then answers.
    let hits = Arc::new(AtomicUsize::new(0));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let counter = Arc::clone(&hits);
    tokio::spawn(async move {
        loop {
            let (mut s, _) = listener.accept().await.unwrap();
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let mut buf = vec![0u8; 65536];
            let _ = s.read(&mut buf).await;
            let (status, body) = if n == 0 {
                ("503 Service Unavailable", "{}")
            } else {
                ("200 OK", r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#)
            };
            let answer =
                format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
            let _ = s.write_all(answer.as_bytes()).await;
        }
    });
    fake.set_callback_target(CallbackTarget { url, token: None });
    let record = fake.send_user_message("jared", "@RBT#001", "again").await.unwrap();
    let statuses: Vec<Option<u16>> = record.attempts.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Some(503), Some(200)]);
    assert!(!record.query.contains("Sign="), "no token, no Sign");
}

#[tokio::test]
async fn desk_events_follow_the_session_and_on_assign_human_moves_it_to_the_agent() {
    let assign = Reply::ok().with("AgentIdList", vec!["svc1@tencent.com"]);
    let (fake, mut rx) = fake_with_app(assign).await;
    fake.begin_session(Session::new("s-1", "user-1", "@customer_service_account")).await.unwrap();
    let begin = rx.recv().await.unwrap().unwrap();
    assert_eq!(
        (begin.command.as_str(), &begin.body["Event"]),
        ("Desk.SessionEventNotify", &serde_json::json!("SessionBegin"))
    );
    fake.user_writes("s-1", "How to request a refund?").await.unwrap();
    let wrote = rx.recv().await.unwrap().unwrap();
    assert_eq!(wrote.body["Event"], "ChatBot.UserSendMsg");
    assert!(wrote.key.starts_with("Desk.SessionEventNotify:sha256:"), "RawEvent has no facts: {}", wrote.key);
    assert_eq!(fake.session("s-1").unwrap().messages.len(), 1);

    let record = fake.transfer_to_human("s-1").await.unwrap();
    assert_eq!(record.reply().unwrap()["AgentIdList"][0], "svc1@tencent.com");
    let session = fake.session("s-1").unwrap();
    assert_eq!((session.state, session.agent_id.as_deref()), (CurrentState::Agent, Some("svc1@tencent.com")));
    assert_eq!(rx.recv().await.unwrap().unwrap().outcome, Outcome::Answered);
}

#[tokio::test]
async fn a_group_only_answer_queues_the_session_and_a_fail_leaves_it() {
    let (fake, _rx) = fake_with_app(Reply::ok().with("AgentGroupId", 6521)).await;
    fake.add_session(Session::new("s-2", "u", "@cs"));
    fake.transfer_to_human("s-2").await.unwrap();
    assert_eq!(fake.session("s-2").unwrap().state, CurrentState::Queuing);

    let (fake, _rx) = fake_with_app(Reply::fail(1, "no agent")).await;
    fake.add_session(Session::new("s-3", "u", "@cs"));
    fake.transfer_to_human("s-3").await.unwrap();
    assert_eq!(fake.session("s-3").unwrap().state, CurrentState::Chatbot);
}

#[tokio::test]
async fn without_a_target_nothing_is_delivered() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    assert!(fake.send_user_message("a", "@RBT#b", "c").await.is_none());
    assert!(fake.deliveries().is_empty());
}

#[tokio::test]
async fn a_bot_message_finished_with_send_stream_msg_is_reported_by_desk() {
    let (fake, mut rx) = fake_with_app(Reply::ok()).await;
    fake.add_session(Session::new("s-4", "u", "@cs"));
    let path = ccapi_fake::paths::DESK_SEND_STREAM_MSG;
    let first = common::tencent(&fake, path, serde_json::json!({"SessionId": "s-4", "Chunk": "Hello, "})).await;
    let key = first["MsgKey"].as_str().unwrap().to_string();
    common::tencent(&fake, path, serde_json::json!({"SessionId": "s-4", "Chunk": "world", "MsgKey": key, "Finish": 1}))
        .await;
    let event = rx.recv().await.unwrap().unwrap();
    assert_eq!(event.body["Event"], "ChatBot.RobotSendMsg");
    assert_eq!(event.body["MsgKey"], key.as_str());
    assert_eq!(event.body["MsgBody"][0]["MsgContent"]["Text"], "Hello, world");
}
