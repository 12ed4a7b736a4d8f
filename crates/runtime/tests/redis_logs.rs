//! What `RedisRateLimiter` logs through an outage: one warning when Redis stops answering (however
//! many calls and probes follow), one line when it answers again, and never the URL's password.
//! In a test binary of its own, as `logs.rs` (tracing caches call-site interest process-wide).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ccapi_runtime::redis::{RedisConnection, RedisRateLimiter};
use ccapi_runtime::{Quota, RateLimiter};

#[path = "redis/server.rs"]
mod server;

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

#[tokio::test(flavor = "current_thread")]
async fn an_outage_is_warned_once_its_end_logged_and_the_password_never_shown() {
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber =
        tracing_subscriber::fmt().with_max_level(tracing::Level::INFO).with_writer(move || writer.clone()).finish();
    let _guard = tracing::subscriber::set_default(subscriber);

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

    let logs = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert_eq!(logs.matches("Redis rate limiter unavailable").count(), 2, "once per outage, per limiter: {logs}");
    assert_eq!(logs.matches("Redis answers again").count(), 1, "{logs}");
    assert!(logs.contains(&format!("127.0.0.1:{}/0", server.port())), "the warning names the server: {logs}");
    let shown = format!("{logs} {with_password:?}");
    assert!(!shown.contains("hunter2"), "the password shows: {shown}");
}
