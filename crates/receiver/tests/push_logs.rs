//! A push receiver without a verification hook says so, once, as a warning; a receiver with one
//! says nothing of the kind, and no log line shows the push's `Authorization`. In a test binary of
//! its own: `tracing` caches which call sites are enabled process-wide, so tests on other threads
//! without a subscriber would silence this one's.

use std::sync::{Arc, Mutex};

use ccapi_models::ccmessaging::PushEvent;
use ccapi_receiver::{Inbound, PushConfig, PushDelivery, PushReceiver, PushRequest};

const AUTH: &str = "auth-v2/ak-0001/1619590480756/content-type;host/4f2a9c";

fn push(message_code: &str) -> Inbound {
    let body = format!(
        r#"{{"timestamp":1619590480756,"messages":[{{"channel":"WEB","from":"a","to":"b","controlType":"CHAT","mediaType":"TEXT","content":"Hello","sourceType":"AGENT","timestamp":1,"messageCode":"{message_code}"}}]}}"#
    );
    Inbound::post_to("/webhooks/v1/messages", body).with_header("Authorization", AUTH)
}

#[tokio::test(flavor = "current_thread")]
async fn without_a_hook_the_receiver_warns_once_that_signatures_are_not_checked() {
    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber =
        tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_writer(move || writer.clone()).finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let logs = || String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
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
