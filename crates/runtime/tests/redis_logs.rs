//! What `RedisRateLimiter` logs through an outage: one warning when Redis stops answering (however
//! many calls and probes follow), one line when it answers again, and never the URL's password.
//! In a test binary of its own, as `logs.rs` (tracing caches call-site interest process-wide).

use std::time::Duration;

use ccapi_runtime::redis::{RedisConnection, RedisRateLimiter};
use ccapi_runtime::{Quota, RateLimiter};

#[path = "shared/captured_logs.rs"]
mod captured_logs;
#[path = "redis/server.rs"]
mod server;
use captured_logs::CapturedLogs;

#[tokio::test(flavor = "current_thread")]
async fn an_outage_is_warned_once_its_end_logged_and_the_password_never_shown() {
    let captured = CapturedLogs::start(tracing::Level::INFO);

    let mut server = server::RedisServer::start();
    let redis = RedisConnection::open(&server.url()).unwrap();
    let limiter = RedisRateLimiter::new(redis, 2).retry_after(Duration::from_millis(20), Duration::from_millis(40));
    let quota = Quota { key: "1400000000/chatbot.send_stream_msg", per_second: 200 };
    limiter.acquire(quota).await;
    server.kill();
    for _ in 0..30 {
        limiter.acquire(quota).await;
    }
    assert!(limiter.on_fallback());
    server.restart();
    while limiter.on_fallback() {
        limiter.acquire(quota).await;
    }
    let dead = RedisConnection::open(&format!("redis://:hunter2@127.0.0.1:{}/0", server::free_port())).unwrap();
    let with_password = RedisRateLimiter::new(dead, 2);
    with_password.acquire(quota).await;
    assert!(with_password.on_fallback());

    let logs = captured.text();
    assert_eq!(logs.matches("Redis rate limiter unavailable").count(), 2, "once per outage, per limiter: {logs}");
    assert_eq!(logs.matches("Redis answers again").count(), 1, "{logs}");
    assert!(logs.contains(&format!("127.0.0.1:{}/0", server.port())), "the warning names the server: {logs}");
    let shown = format!("{logs} {with_password:?}");
    assert!(!shown.contains("hunter2"), "the password shows: {shown}");
}
