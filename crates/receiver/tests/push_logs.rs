//! A push receiver without a verification hook says so, once, as a warning; a receiver with one
//! says nothing of the kind, and no log line shows the push's `Authorization`. In a test binary of
//! its own: `tracing` caches which call sites are enabled process-wide, so tests on other threads
//! without a subscriber would silence this one's.

use ccapi_models::ccmessaging::PushEvent;
use ccapi_receiver::{Inbound, PushConfig, PushDelivery, PushReceiver, PushRequest};

#[path = "../../runtime/tests/shared/captured_logs.rs"]
mod captured_logs;
use captured_logs::CapturedLogs;

const AUTH: &str = "auth-v2/ak-0001/1619590480756/content-type;host/4f2a9c";

fn push(message_code: &str) -> Inbound {
    let body = format!(
        r#"{{"timestamp":1619590480756,"messages":[{{"channel":"WEB","from":"a","to":"b","controlType":"CHAT","mediaType":"TEXT","content":"Hello","sourceType":"AGENT","timestamp":1,"messageCode":"{message_code}"}}]}}"#
    );
    Inbound::post_to("/webhooks/v1/messages", body).with_header("Authorization", AUTH)
}

#[tokio::test(flavor = "current_thread")]
async fn without_a_hook_the_receiver_warns_once_that_signatures_are_not_checked() {
    let captured = CapturedLogs::start(tracing::Level::TRACE);
    let logs = || captured.text();
    let warning = "push signatures are NOT checked";

    let unverified = PushReceiver::new(PushConfig::default(), |_: PushDelivery<PushEvent>| async {});
    assert!(!unverified.verifies());
    assert!(!logs().contains(warning), "nothing before the first push: {}", logs());
    for code in ["m-1", "m-2", "m-3"] {
        assert_eq!(unverified.answer(&push(code)).await.status, 200, "accepted without a hook");
    }
    let text = logs();
    assert_eq!(text.matches(warning).count(), 1, "{text}");
    assert!(text.contains("WARN") && text.contains("ccmessaging.push") && text.contains("with_verifier"), "{text}");

    let before = text.len();
    let verified = PushReceiver::new(PushConfig::default(), |_: PushDelivery<PushEvent>| async {})
        .with_verifier(|_: &PushRequest<'_>| Err("refused by the gateway".to_string()));
    assert_eq!(verified.answer(&push("m-4")).await.status, 401);
    let after = logs();
    assert!(!after[before..].contains(warning), "{after}");
    assert!(after[before..].contains("push refused"), "the refusal is logged: {after}");
    assert!(!after.contains("ak-0001"), "the Authorization header is in no log: {after}");
}
