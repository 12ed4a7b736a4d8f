//! The receiver against every way a delivery goes wrong: signatures (the vendor's vector, forged,
//! missing, stale, future), another app, duplicates (also concurrent), malformed, truncated,
//! mistyped and oversized bodies, unknown commands, a slow synchronous handler, 200 concurrent
//! deliveries, the token in no `Debug` or error, and the axum adapter on a loopback socket.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ccapi_receiver::*;
use serde_json::{Value as Json, json};
use tokio::sync::mpsc;

#[path = "shared/raw_http.rs"]
mod raw_http;
use raw_http::post;

/// What generated callback types look like, for three commands of the spec.
#[derive(Debug)]
enum TestEvent {
    C2c { msg_key: String },
    Session(Json),
    AssignHuman { session_id: String },
    Unknown(String, Json),
}

const C2C: CallbackFacts = CallbackFacts { synchronous: false, dedup: &[DedupKey::BodyField("MsgKey")] };
const SESSION: CallbackFacts =
    CallbackFacts { synchronous: false, dedup: &[DedupKey::Query("RequestID"), DedupKey::BodyDigest] };
const ASSIGN: CallbackFacts = CallbackFacts { synchronous: true, dedup: &[DedupKey::BodyDigest] };

impl Events for TestEvent {
    fn facts(command: &str) -> Option<CallbackFacts> {
        match command {
            "Bot.OnC2CMessage" => Some(C2C),
            "Desk.SessionEventNotify" => Some(SESSION),
            "ChatBot.OnAssignHuman" => Some(ASSIGN),
            _ => None,
        }
    }

    fn parse(command: &str, body: &[u8]) -> Result<Self, serde_json::Error> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct C2cBody {
            msg_key: String,
        }
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct AssignBody {
            session_id: String,
        }
        Ok(match command {
            "Bot.OnC2CMessage" => TestEvent::C2c { msg_key: serde_json::from_slice::<C2cBody>(body)?.msg_key },
            "Desk.SessionEventNotify" => TestEvent::Session(serde_json::from_slice(body)?),
            "ChatBot.OnAssignHuman" => {
                TestEvent::AssignHuman { session_id: serde_json::from_slice::<AssignBody>(body)?.session_id }
            }
            other => TestEvent::Unknown(other.to_string(), serde_json::from_slice(body)?),
        })
    }
}

const APP: &str = "1400000000";
const TOKEN: &str = "xxxxyyyy";
/// The vendor's vector: `xxxxyyyy` + `1669872112`.
const TIME: u64 = 1669872112;
const SIGN: &str = "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061";

fn config() -> ReceiverConfig {
    let mut c = ReceiverConfig::new(APP).with_token(CallbackToken::new(TOKEN));
    c.clock = || TIME + 30;
    c
}

fn c2c_body(msg_key: &str) -> String {
    json!({"CallbackCommand": "Bot.OnC2CMessage", "From_Account": "jared", "To_Account": "@RBT#001",
        "MsgKey": msg_key, "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "red packet"}}]})
    .to_string()
}

fn signed(command: &str) -> String {
    format!(
        "SdkAppid={APP}&CallbackCommand={command}&contenttype=json&ClientIP=127.0.0.1&OptPlatform=RESTAPI&Sign={SIGN}&RequestTime={TIME}"
    )
}

/// A receiver whose handler reports each delivery on a channel and answers `reply`.
fn recording(
    config: ReceiverConfig,
) -> (Receiver<TestEvent, impl Handler<TestEvent>>, mpsc::UnboundedReceiver<Delivery<TestEvent>>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let receiver = Receiver::new(config, move |d: Delivery<TestEvent>| {
        let tx = tx.clone();
        async move {
            let reply = match &d.event {
                TestEvent::AssignHuman { session_id } => {
                    Reply::ok().with("AgentIdList", vec!["svc1@tencent.com"]).with("ForSession", session_id.clone())
                }
                _ => Reply::ok(),
            };
            let _ = tx.send(d);
            reply
        }
    });
    (receiver, rx)
}

#[tokio::test]
async fn a_signed_delivery_of_the_vendor_vector_is_accepted_and_handled_off_the_request_path() {
    let (receiver, mut rx) = recording(config());
    let r = receiver.receive(&Inbound::post(signed("Bot.OnC2CMessage"), c2c_body("1_2_3"))).await.unwrap();
    assert_eq!(r.outcome, Outcome::Queued);
    assert_eq!(r.key, "Bot.OnC2CMessage:MsgKey:1_2_3");
    let d = rx.recv().await.unwrap();
    assert!(matches!(d.event, TestEvent::C2c { ref msg_key } if msg_key == "1_2_3"));
    let answer = receiver.answer(&Inbound::post(signed("Bot.OnC2CMessage"), c2c_body("4_5_6"))).await;
    assert_eq!(answer.status, 200);
    assert_eq!(String::from_utf8(answer.body).unwrap(), r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#);
}

#[tokio::test]
async fn authentication_failures_are_401_each_with_its_reason() {
    let (receiver, _rx) = recording(config());
    let body = c2c_body("1");
    let base = format!("SdkAppid={APP}&CallbackCommand=Bot.OnC2CMessage");
    let cases = [
        (format!("{base}&Sign={}&RequestTime={TIME}", SIGN.replace('7', "8")), Rejection::BadSign),
        (format!("{base}&RequestTime={TIME}"), Rejection::MissingSign),
        (format!("{base}&Sign={SIGN}"), Rejection::MissingSign),
        (format!("{base}&Sign={SIGN}&RequestTime=soon"), Rejection::BadRequestTime("soon".into())),
        (
            format!("SdkAppid=1400000001&CallbackCommand=Bot.OnC2CMessage&Sign={SIGN}&RequestTime={TIME}"),
            Rejection::OtherApp { given: "1400000001".into() },
        ),
        (format!("CallbackCommand=Bot.OnC2CMessage&Sign={SIGN}&RequestTime={TIME}"), Rejection::MissingAppId),
    ];
    for (query, expected) in cases {
        let err = receiver.receive(&Inbound::post(query.clone(), body.clone())).await.unwrap_err();
        assert_eq!(err, expected, "{query}");
        assert!(err.is_authentication());
        assert_eq!(receiver.answer(&Inbound::post(query, body.clone())).await.status, 401);
    }
}

#[tokio::test]
async fn stale_and_future_request_times_are_refused_the_window_edge_accepted() {
    for (offset, accepted) in [(60i64, true), (-60, true), (61, false), (-61, false)] {
        let mut c = config();
        c.clock = match offset {
            60 => || TIME + 60,
            -60 => || TIME - 60,
            61 => || TIME + 61,
            _ => || TIME - 61,
        };
        let (receiver, _rx) = recording(c);
        let result = receiver.receive(&Inbound::post(signed("Bot.OnC2CMessage"), c2c_body("k"))).await;
        match (accepted, result) {
            (true, Ok(_)) => {}
            (false, Err(Rejection::Stale { request_time, .. })) => assert_eq!(request_time, TIME),
            (_, other) => panic!("offset {offset}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn without_a_token_no_signature_is_asked_but_the_app_id_still_is() {
    let (receiver, _rx) = recording(ReceiverConfig::new(APP));
    let ok = receiver
        .receive(&Inbound::post(format!("SdkAppid={APP}&CallbackCommand=Bot.OnC2CMessage"), c2c_body("k")))
        .await;
    assert!(ok.is_ok());
    let other = receiver.receive(&Inbound::post("SdkAppid=1&CallbackCommand=Bot.OnC2CMessage", c2c_body("k"))).await;
    assert!(matches!(other, Err(Rejection::OtherApp { .. })));
}

#[tokio::test]
async fn a_duplicate_is_acknowledged_and_not_handled_again() {
    let (receiver, mut rx) = recording(config());
    let first = receiver.receive(&Inbound::post(signed("Bot.OnC2CMessage"), c2c_body("same"))).await.unwrap();
    let again = receiver.receive(&Inbound::post(signed("Bot.OnC2CMessage"), c2c_body("same"))).await.unwrap();
    assert_eq!((first.outcome, again.outcome), (Outcome::Queued, Outcome::Duplicate));
    assert_eq!(again.reply, Reply::ok());
    rx.recv().await.unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(rx.try_recv().is_err(), "handled twice");
    // Desk events: RequestID when the query has one, else the body digest.
    let session =
        json!({"CallbackCommand": "Desk.SessionEventNotify", "SessionId": "s", "Event": "SessionBegin"}).to_string();
    let with_id = |id: &str| format!("{}&RequestID={id}", signed("Desk.SessionEventNotify"));
    let a = receiver.receive(&Inbound::post(with_id("r1"), session.clone())).await.unwrap();
    let b = receiver.receive(&Inbound::post(with_id("r2"), session.clone())).await.unwrap();
    let c = receiver
        .receive(&Inbound::post(with_id("r1"), "{\"CallbackCommand\":\"Desk.SessionEventNotify\"}"))
        .await
        .unwrap();
    assert_eq!((a.outcome, b.outcome, c.outcome), (Outcome::Queued, Outcome::Queued, Outcome::Duplicate));
    let d = receiver.receive(&Inbound::post(signed("Desk.SessionEventNotify"), session.clone())).await.unwrap();
    let e = receiver.receive(&Inbound::post(signed("Desk.SessionEventNotify"), session)).await.unwrap();
    assert!(d.key.starts_with("Desk.SessionEventNotify:sha256:"), "{}", d.key);
    let mut events = Vec::new();
    while let Ok(d) = rx.try_recv() {
        events.push(d);
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    while let Ok(d) = rx.try_recv() {
        events.push(d);
    }
    let begins =
        events.iter().filter(|d| matches!(&d.event, TestEvent::Session(b) if b["Event"] == "SessionBegin")).count();
    assert_eq!(begins, 3, "r1, r2 and the digest of the first body without RequestID");
    assert_eq!((d.outcome, e.outcome), (Outcome::Queued, Outcome::Duplicate));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_concurrent_duplicates_exactly_one_is_handled() {
    let handled = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&handled);
    let receiver = Arc::new(Receiver::new(config(), move |_d: Delivery<TestEvent>| {
        counter.fetch_add(1, Ordering::SeqCst);
        async { Reply::ok() }
    }));
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let r = Arc::clone(&receiver);
            tokio::spawn(async move {
                r.receive(&Inbound::post(signed("Bot.OnC2CMessage"), c2c_body("dup"))).await.unwrap().outcome
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(outcomes.iter().filter(|o| **o == Outcome::Queued).count(), 1);
    assert_eq!(outcomes.iter().filter(|o| **o == Outcome::Duplicate).count(), 49);
    assert_eq!(handled.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn unreadable_bodies_are_400_and_keep_the_body_oversized_ones_413_other_methods_405() {
    let (receiver, _rx) = recording(config());
    let q = signed("Bot.OnC2CMessage");
    for body in ["not json", r#"{"CallbackCommand":"Bot.OnC2CMessage","MsgKey":"1_2"#, r#"{"MsgKey": 5}"#] {
        match receiver.receive(&Inbound::post(q.clone(), body)).await {
            Err(Rejection::Unreadable { body: kept, command, .. }) => {
                assert_eq!(kept, body.as_bytes());
                assert_eq!(command, "Bot.OnC2CMessage");
            }
            other => panic!("{body}: {other:?}"),
        }
        assert_eq!(receiver.answer(&Inbound::post(q.clone(), body)).await.status, 400);
    }
    let mismatch = receiver
        .receive(&Inbound::post(q.clone(), c2c_body("1").replace("Bot.OnC2CMessage", "Bot.OnGroupMessage")))
        .await;
    assert!(matches!(mismatch, Err(Rejection::CommandMismatch { .. })));
    let none = receiver.receive(&Inbound::post(format!("SdkAppid={APP}&Sign={SIGN}&RequestTime={TIME}"), "{}")).await;
    assert_eq!(none.unwrap_err(), Rejection::MissingCommand);

    let mut small = config();
    small.max_body = 64;
    let (receiver, _rx) = recording(small);
    let big = c2c_body(&"k".repeat(100));
    assert_eq!(receiver.receive(&Inbound::post(q.clone(), big)).await.unwrap_err(), Rejection::TooLarge { limit: 64 });
    let get = Inbound { method: "GET".into(), ..Inbound::post(q, "{}") };
    assert_eq!(receiver.answer(&get).await.status, 405);
}

#[tokio::test]
async fn an_unknown_command_is_kept_not_refused() {
    let (receiver, mut rx) = recording(config());
    let body = json!({"CallbackCommand": "Bot.OnSomethingNew", "X": 1}).to_string();
    let r = receiver.receive(&Inbound::post(signed("Bot.OnSomethingNew"), body)).await.unwrap();
    assert_eq!(r.outcome, Outcome::Queued);
    let d = rx.recv().await.unwrap();
    assert!(matches!(d.event, TestEvent::Unknown(ref c, ref b) if c == "Bot.OnSomethingNew" && b["X"] == 1));
}

#[tokio::test]
async fn a_synchronous_command_gets_the_handlers_reply() {
    let (receiver, _rx) = recording(config());
    let body = json!({"CallbackCommand": "ChatBot.OnAssignHuman", "SessionId": "aa-bb-cc-dd", "ClientUserId": "123", "EventTime": 1670574414123u64});
    let answer = receiver.answer(&Inbound::post(signed("ChatBot.OnAssignHuman"), body.to_string())).await;
    assert_eq!(answer.status, 200);
    let reply: Json = serde_json::from_slice(&answer.body).unwrap();
    assert_eq!(reply["AgentIdList"], json!(["svc1@tencent.com"]));
    assert_eq!(reply["ForSession"], "aa-bb-cc-dd");
}

#[tokio::test]
async fn the_generated_event_enums_dispatch_dedup_and_answer_typed() {
    use ccapi_models::chatbot::ChatbotEvent;
    use ccapi_models::common::ActionStatus;
    use ccapi_models::desk::{DeskEvent, OnAssignHumanReply, SessionEventType};
    use ccapi_models::support::Either;

    type Both = Either<ChatbotEvent, DeskEvent>;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let receiver = Receiver::new(config(), move |d: Delivery<Both>| {
        let tx = tx.clone();
        async move {
            let reply = match &d.event {
                Either::Second(DeskEvent::OnAssignHuman(e)) => Reply::typed(
                    &OnAssignHumanReply::new(ActionStatus::Ok, 0, "")
                        .agent_id_list(vec![format!("{}@agents", e.client_user_id)]),
                ),
                _ => Reply::ok(),
            };
            let _ = tx.send(d.event);
            reply
        }
    });
    // Bot.OnC2CMessage: chatbot's, deduplicated by MsgKey (the spec's key) whatever else differs.
    let r = receiver.receive(&Inbound::post(signed("Bot.OnC2CMessage"), c2c_body("1_2_3"))).await.unwrap();
    assert_eq!((r.outcome, r.key.as_str()), (Outcome::Queued, "Bot.OnC2CMessage:MsgKey:1_2_3"));
    let same_key = c2c_body("1_2_3").replace("jared", "someone else");
    let again = receiver.receive(&Inbound::post(signed("Bot.OnC2CMessage"), same_key)).await.unwrap();
    assert_eq!(again.outcome, Outcome::Duplicate);
    match rx.recv().await.unwrap() {
        Either::First(ChatbotEvent::OnC2cMessage(m)) => {
            assert_eq!((m.from_account.as_str(), m.msg_key.as_deref()), ("jared", Some("1_2_3")));
        }
        other => panic!("{other:?}"),
    }
    // Desk.SessionEventNotify: desk's, deduplicated by the query's RequestID; an Event the spec
    // does not list is kept.
    let session = json!({"CallbackCommand": "Desk.SessionEventNotify", "SessionId": "s", "Event": "Desk.NewEvent"});
    let q = format!("{}&RequestID=r-1", signed("Desk.SessionEventNotify"));
    let r = receiver.receive(&Inbound::post(q, session.to_string())).await.unwrap();
    assert_eq!(r.key, "Desk.SessionEventNotify:RequestID:r-1");
    match rx.recv().await.unwrap() {
        Either::Second(DeskEvent::SessionEventNotify(e)) => {
            assert_eq!(e.event, SessionEventType::Unknown("Desk.NewEvent".into()));
        }
        other => panic!("{other:?}"),
    }
    // ChatBot.OnAssignHuman: synchronous, answered with the typed reply.
    let body = json!({"CallbackCommand": "ChatBot.OnAssignHuman", "SessionId": "aa", "ClientUserId": "123"});
    let r = receiver.receive(&Inbound::post(signed("ChatBot.OnAssignHuman"), body.to_string())).await.unwrap();
    assert_eq!(r.outcome, Outcome::Answered);
    assert_eq!(
        r.reply.to_json(),
        json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "AgentIdList": ["123@agents"]})
    );
    // A command neither family lists: the second's Unknown. A listed one with a mistyped body: 400.
    let new = json!({"CallbackCommand": "Bot.OnSomethingNew", "X": 1});
    receiver.receive(&Inbound::post(signed("Bot.OnSomethingNew"), new.to_string())).await.unwrap();
    rx.recv().await.unwrap(); // the OnAssignHuman
    match rx.recv().await.unwrap() {
        Either::Second(DeskEvent::Unknown { command, body }) => {
            assert_eq!((command.as_str(), &body), ("Bot.OnSomethingNew", &new))
        }
        other => panic!("{other:?}"),
    }
    let mistyped = json!({"CallbackCommand": "ChatBot.OnAssignHuman", "SessionId": 5, "ClientUserId": "123"});
    let err = receiver.receive(&Inbound::post(signed("ChatBot.OnAssignHuman"), mistyped.to_string())).await;
    assert!(matches!(err, Err(Rejection::Unreadable { .. })), "{err:?}");
}

#[tokio::test(start_paused = true)]
async fn a_slow_synchronous_handler_gets_fail_within_the_budget_and_the_redelivery_is_handled() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let receiver = Receiver::new(config(), move |_d: Delivery<TestEvent>| {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        async move {
            if n == 0 {
                tokio::time::sleep(Duration::from_secs(3)).await;
            }
            Reply::ok().with("AgentGroupId", 6521)
        }
    });
    let body = json!({"CallbackCommand": "ChatBot.OnAssignHuman", "SessionId": "s1", "ClientUserId": "u"}).to_string();
    let started = tokio::time::Instant::now();
    let slow = receiver.receive(&Inbound::post(signed("ChatBot.OnAssignHuman"), body.clone())).await.unwrap();
    assert!(started.elapsed() <= Duration::from_millis(1800), "{:?}", started.elapsed());
    assert_eq!(slow.outcome, Outcome::TimedOut);
    assert!(!slow.reply.ok);
    let again = receiver.receive(&Inbound::post(signed("ChatBot.OnAssignHuman"), body)).await.unwrap();
    assert_eq!(again.outcome, Outcome::Answered);
    assert_eq!(again.reply.fields["AgentGroupId"], 6521);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_deliveries_are_each_handled_once() {
    let (receiver, mut rx) = recording(config());
    let receiver = Arc::new(receiver);
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let r = Arc::clone(&receiver);
            tokio::spawn(async move {
                r.answer(&Inbound::post(signed("Bot.OnC2CMessage"), c2c_body(&format!("k{i}")))).await.status
            })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    let mut keys = std::collections::BTreeSet::new();
    for _ in 0..200 {
        keys.insert(rx.recv().await.unwrap().key);
    }
    assert_eq!(keys.len(), 200);
}

#[tokio::test]
async fn the_token_is_in_no_debug_and_no_error() {
    let (receiver, _rx) = recording(config());
    let mut shown = format!("{receiver:?} {:?}", config());
    for query in [format!("SdkAppid={APP}&CallbackCommand=Bot.OnC2CMessage&Sign=00&RequestTime={TIME}"), signed("x")] {
        let out = receiver.answer(&Inbound::post(query.clone(), "nope")).await;
        shown.push_str(&String::from_utf8_lossy(&out.body));
        if let Err(e) = receiver.receive(&Inbound::post(query, "nope")).await {
            shown.push_str(&format!("{e} {e:?}"));
        }
    }
    assert!(shown.contains("<redacted>"), "{shown}");
    assert!(!shown.contains(TOKEN), "{shown}");
}

#[cfg(feature = "axum")]
#[tokio::test]
async fn the_axum_router_answers_on_any_path_over_a_loopback_socket() {
    let mut c = config();
    c.max_body = 1024;
    let (receiver, mut rx) = recording(c);
    let app = ccapi_receiver::axum::router(Arc::new(receiver));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { ::axum::serve(listener, app).await });

    let (status, body) =
        post(addr, &format!("/any/path?{}", signed("Bot.OnC2CMessage")), &[], &c2c_body("over-tcp")).await;
    assert_eq!((status, body.as_str()), (200, r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#));
    assert_eq!(rx.recv().await.unwrap().key, "Bot.OnC2CMessage:MsgKey:over-tcp");
    let (status, _) =
        post(addr, &format!("/cb?{}", signed("Bot.OnC2CMessage")), &[], &c2c_body(&"k".repeat(2000))).await;
    assert_eq!(status, 413);
    let (status, body) = post(addr, "/cb?SdkAppid=1&CallbackCommand=Bot.OnC2CMessage", &[], &c2c_body("x")).await;
    assert_eq!(status, 401, "{body}");
    server.abort();
}
