//! Log lines carry the operation, attempt and status, never a secret. In a test binary of its
//! own: `tracing` caches which call sites are enabled process-wide, so tests on other threads
//! without a subscriber would silence this one's.

use std::sync::{Arc, Mutex};

use ccapi_fake::{Fault, paths};
use ccapi_models::desk;

mod support;
use support::{SESSION, ccm_message, client_for, fake};

#[tokio::test(flavor = "current_thread")]
async fn logs_carry_no_secrets() {
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
    let fake = fake().await;
    let c = fake.config().clone();
    let client = client_for(&fake);
    fake.inject(paths::DESK_GET_SESSION_STATE, Fault::error(141002, "Internal error, retry."), 1);
    client.desk().get_session_state(&desk::GetSessionStateRequest::by_session(SESSION)).await.unwrap();
    client.ccmessaging().send(&ccm_message("user_1", "hi")).await.unwrap();
    let usersig = fake.usersig();
    let logs = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("ccapi.call") && logs.contains("desk.get_session_state"), "{logs}");
    assert!(logs.contains("retrying"), "the retry is logged: {logs}");
    assert!(logs.contains("usersig=<redacted>"), "{logs}");
    for secret in [c.secret_key.as_str(), c.app_secret.as_str(), &usersig[..24]] {
        assert!(!logs.contains(secret), "a secret in the logs: {logs}");
    }
    fake.stop().await;
}
