//! Log lines carry the operation, attempt and status, never a secret. In a test binary of its
//! own: `tracing` caches which call sites are enabled process-wide, so tests on other threads
//! without a subscriber would silence this one's.

use ccapi_fake::{Fault, paths};
use ccapi_models::desk;

#[path = "../../runtime/tests/shared/captured_logs.rs"]
mod captured_logs;
mod support;
use captured_logs::CapturedLogs;
use support::{SESSION, ccm_message, client_for, fake};

#[tokio::test(flavor = "current_thread")]
async fn logs_carry_no_secrets() {
    let captured = CapturedLogs::start(tracing::Level::TRACE);
    let fake = fake().await;
    let c = fake.config().clone();
    let client = client_for(&fake);
    fake.inject(paths::DESK_GET_SESSION_STATE, Fault::error(141002, "Internal error, retry."), 1);
    client.desk().get_session_state(&desk::GetSessionStateRequest::by_session(SESSION)).await.unwrap();
    client.ccmessaging().send(&ccm_message("user_1", "hi")).await.unwrap();
    let usersig = fake.usersig();
    let logs = captured.text();
    assert!(logs.contains("ccapi.call") && logs.contains("desk.get_session_state"), "{logs}");
    assert!(logs.contains("retrying"), "the retry is logged: {logs}");
    assert!(logs.contains("usersig=<redacted>"), "{logs}");
    for secret in [c.secret_key.as_str(), c.app_secret.as_str(), &usersig[..24]] {
        assert!(!logs.contains(secret), "a secret in the logs: {logs}");
    }
    fake.stop().await;
}
