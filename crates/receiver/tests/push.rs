//! The ccmessaging push receiver: typed by the generated `PushEvent`, answered in the push's reply
//! shape, checked by the app's verification hook (accepted, refused, and the hook sees the
//! delivery unchanged), and every other way a push goes wrong: a malformed or mistyped body,
//! another path, another method, an oversized body, a duplicate; the axum adapter on a loopback
//! socket.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ccapi_models::ccmessaging::{DownlinkControlType, PushEvent};
use ccapi_receiver::*;
use serde_json::{Value as Json, json};
use tokio::sync::mpsc;

#[path = "shared/raw_http.rs"]
mod raw_http;
use raw_http::post;

const PATH: &str = "/webhooks/v1/messages";
/// What the vendor's header looks like; the rest of its format is not published.
const AUTH: &str = "auth-v2/ak-0001/1619590480756/content-type;host/4f2a9c";

/// The push page's sample, as the vendor sends it.
fn sample() -> String {
    r#"{"timestamp":1619590480756,"messages":[{"channel":"WEB","from":"1011577355744904195","to":"session_fixed_user_fixed","controlType":"CHAT","mediaType":"TEXT","content":"Hello","sourceType":"AGENT","timestamp":1619590480756,"messageCode":"m-0001"}]}"#.to_string()
}

fn push(body: impl Into<Vec<u8>>) -> Inbound {
    Inbound::post_to(PATH, body).with_header("Content-Type", "application/json").with_header("Authorization", AUTH)
}

type Deliveries = mpsc::UnboundedReceiver<PushDelivery<PushEvent>>;

/// A receiver whose handler sends each delivery to the returned channel.
fn recording() -> (PushReceiver<PushEvent, impl PushHandler<PushEvent>>, Deliveries) {
    let (tx, rx) = mpsc::unbounded_channel();
    let receiver = PushReceiver::new(PushConfig::default(), move |d: PushDelivery<PushEvent>| {
        let tx = tx.clone();
        async move {
            let _ = tx.send(d);
        }
    });
    (receiver, rx)
}

/// The hook of a gateway that put its verdict in a header (a stand-in for the app's real check).
fn gateway_check(push: &PushRequest<'_>) -> Result<(), String> {
    match push.header("Authorization") {
        Some(a) if a == AUTH => Ok(()),
        Some(_) => Err("signature mismatch for ak-0001".to_string()),
        None => Err("no Authorization header".to_string()),
    }
}

fn json_of(out: &Outbound) -> Json {
    serde_json::from_slice(&out.body).expect("a JSON answer")
}

/// No delivery reaches the handler within 100 ms.
async fn nothing_handled(rx: &mut Deliveries) {
    let got = tokio::time::timeout(Duration::from_millis(100), rx.recv()).await;
    assert!(got.is_err(), "handled: {:?}", got.map(|d| d.map(|d| d.key)));
}

#[tokio::test]
async fn an_accepted_push_is_acknowledged_in_its_reply_shape_and_handled_typed() {
    let (receiver, mut rx) = recording();
    let receiver = receiver.with_verifier(gateway_check);
    assert!(receiver.verifies());
    let out = receiver.answer(&push(sample())).await;
    assert_eq!(out.status, 200);
    assert_eq!(String::from_utf8(out.body).unwrap(), r#"{"resultCode":"0","resultDesc":"success"}"#);
    let d = tokio::time::timeout(Duration::from_secs(1), rx.recv()).await.unwrap().unwrap();
    assert_eq!(d.path, PATH);
    assert!(d.key.starts_with("ccmessaging.push:sha256:"), "{}", d.key);
    assert_eq!(d.event.timestamp, 1_619_590_480_756);
    assert_eq!(d.event.messages.len(), 1);
    assert_eq!(d.event.messages[0].control_type, DownlinkControlType::Chat);
    assert_eq!(d.event.messages[0].content, json!("Hello"));
    // Under a prefix of the app's base URL too.
    let prefixed = Inbound { path: format!("/cc{PATH}"), ..push(sample().replace("m-0001", "m-0002")) };
    assert_eq!(receiver.answer(&prefixed).await.status, 200);
}

#[tokio::test]
async fn a_push_the_hook_refuses_is_a_401_and_is_not_handled() {
    let (receiver, mut rx) = recording();
    let receiver = receiver.with_verifier(gateway_check);
    let forged = Inbound::post_to(PATH, sample()).with_header("Authorization", "auth-v2/ak-0001/1/host/forged");
    let err = receiver.receive(&forged).await.unwrap_err();
    assert_eq!(err, Rejection::Refused("signature mismatch for ak-0001".into()));
    assert!(err.is_authentication());
    let out = receiver.answer(&forged).await;
    assert_eq!(out.status, 401);
    let answer = json_of(&out);
    assert_eq!(answer, json!({"resultCode": "401", "resultDesc": "the push failed verification"}));
    assert!(!String::from_utf8_lossy(&out.body).contains("ak-0001"), "the hook's reason stays in the log");
    let unsigned = Inbound::post_to(PATH, sample());
    assert_eq!(receiver.receive(&unsigned).await.unwrap_err(), Rejection::Refused("no Authorization header".into()));
    nothing_handled(&mut rx).await;
}

#[tokio::test]
async fn the_hook_sees_the_delivery_unchanged() {
    type Seen = (String, String, String, Vec<(String, String)>, Vec<u8>);
    let seen: Arc<Mutex<Option<Seen>>> = Arc::default();
    let record = Arc::clone(&seen);
    let (receiver, mut rx) = recording();
    let receiver = receiver.with_verifier(move |p: &PushRequest<'_>| {
        let copy = (p.method.into(), p.path.into(), p.query.into(), p.headers.to_vec(), p.body.to_vec());
        *record.lock().unwrap() = Some(copy);
        Ok(())
    });
    // Spacing, key order, escapes and non-ASCII text as a signer would see them, not re-serialised.
    let body = "{ \"messages\" : [ {\"content\":\"Hall\\u00e9 \u{4f60}\u{597d}\",\"channel\":\"WEB\",\"from\":\"a\",\"to\":\"b\",\"controlType\":\"CHAT\",\"mediaType\":\"TEXT\",\"sourceType\":\"AGENT\",\"timestamp\":1}],\n\t\"timestamp\":1619590480756 }";
    let inbound = Inbound { query: "x=1".into(), ..push(body) };
    assert_eq!(receiver.answer(&inbound).await.status, 200);
    let (method, path, query, headers, bytes) = seen.lock().unwrap().take().expect("the hook ran");
    assert_eq!((method.as_str(), path.as_str(), query.as_str()), ("POST", PATH, "x=1"));
    assert_eq!(bytes, body.as_bytes(), "the raw body bytes");
    assert_eq!(headers, inbound.headers);
    let d = rx.recv().await.unwrap();
    assert_eq!(d.event.messages[0].content, json!("Hallé 你好"));
}

#[tokio::test]
async fn a_malformed_or_mistyped_body_is_a_400_and_is_not_handled() {
    let (receiver, mut rx) = recording();
    let receiver = receiver.with_verifier(gateway_check);
    let truncated = &sample()[..60];
    let missing = r#"{"timestamp":1619590480756}"#;
    let mistyped = sample().replace(r#""timestamp":1619590480756,"messages""#, r#""timestamp":"soon","messages""#);
    for body in [truncated, missing, mistyped.as_str(), "", "[]"] {
        let err = receiver.receive(&push(body)).await.unwrap_err();
        assert!(
            matches!(&err, Rejection::Unreadable { command, body: kept, .. } if command == "ccmessaging.push" && kept == body.as_bytes()),
            "{body}: {err:?}"
        );
        let out = receiver.answer(&push(body)).await;
        assert_eq!(out.status, 400, "{body}");
        assert_eq!(json_of(&out)["resultCode"], "400");
    }
    nothing_handled(&mut rx).await;
}

#[tokio::test]
async fn other_paths_methods_oversized_bodies_and_duplicates() {
    let (receiver, mut rx) = recording();
    let receiver = receiver.with_verifier(gateway_check);
    let other = Inbound { path: "/webhooks/v1/other".into(), ..push(sample()) };
    assert_eq!(receiver.receive(&other).await.unwrap_err(), Rejection::OtherPath("/webhooks/v1/other".into()));
    assert_eq!(receiver.answer(&other).await.status, 404);
    let get = Inbound { method: "GET".into(), ..push(sample()) };
    assert_eq!(receiver.answer(&get).await.status, 405);
    let big = push(format!("{{\"pad\":\"{}\"}}", "x".repeat(PushConfig::default().max_body)));
    assert_eq!(receiver.answer(&big).await.status, 413);
    nothing_handled(&mut rx).await;
    // The same push twice: acknowledged twice, handled once.
    let first = receiver.receive(&push(sample())).await.unwrap();
    let again = receiver.receive(&push(sample())).await.unwrap();
    assert_eq!((first.outcome, again.outcome), (Outcome::Queued, Outcome::Duplicate));
    assert_eq!(first.key, again.key);
    assert_eq!(receiver.answer(&push(sample())).await.status, 200);
    assert_eq!(rx.recv().await.unwrap().key, first.key);
    nothing_handled(&mut rx).await;
}

#[test]
fn debug_shows_no_credential() {
    let inbound = push(sample());
    let shown = format!("{inbound:?}");
    assert!(!shown.contains("ak-0001") && shown.contains("<redacted>"), "{shown}");
    let request = PushRequest { method: "POST", path: PATH, query: "", headers: &inbound.headers, body: &inbound.body };
    let shown = format!("{request:?}");
    assert!(!shown.contains("ak-0001") && !shown.contains("Hello"), "{shown}");
    let (receiver, _rx) = recording();
    let receiver = receiver.with_verifier(gateway_check);
    assert!(format!("{receiver:?}").contains("verifies: true"));
}

#[tokio::test]
async fn the_axum_push_router_answers_over_a_loopback_socket() {
    let (receiver, mut rx) = recording();
    let app = ccapi_receiver::axum::push_router(Arc::new(receiver.with_verifier(gateway_check)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { ::axum::serve(listener, app).await });

    let (status, body) = post(addr, PATH, &[("Authorization", AUTH)], &sample()).await;
    assert_eq!((status, body.as_str()), (200, r#"{"resultCode":"0","resultDesc":"success"}"#));
    assert_eq!(rx.recv().await.unwrap().event.messages[0].message_code.as_deref(), Some("m-0001"));
    let (status, body) = post(addr, PATH, &[("Authorization", "auth-v2/forged")], &sample()).await;
    assert_eq!((status, body.as_str()), (401, r#"{"resultCode":"401","resultDesc":"the push failed verification"}"#));
    let (status, _) = post(addr, "/elsewhere", &[("Authorization", AUTH)], &sample()).await;
    assert_eq!(status, 404);
    server.abort();
}
