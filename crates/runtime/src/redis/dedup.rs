//! [`RedisDedupStore`]: the callback receiver's dedup store in Redis, so that a callback delivered
//! to two hosts of a fleet is handled once.

use std::time::Duration;

use ccapi_receiver::DedupStore;

use super::connection::RedisConnection;

/// A [`DedupStore`] in Redis, shared by every receiver pointed at the same server and prefix.
///
/// `first_seen` is one `SET prefix+key 1 NX PX ttl` (atomic: of concurrent deliveries of one key,
/// across hosts, exactly one is new); Redis forgets the key when its time is up. `forget` is a
/// `DEL`.
///
/// **When Redis is slow or down** (no answer within the connection's timeout, 200 ms by default,
/// or an error), both return `Err`: the receiver then answers 503 without handling the delivery,
/// and the vendor delivers it again later. Failing closed is right here, unlike for the rate
/// limiter: handling without the store could handle one callback twice (a customer's message
/// answered twice), while a redelivery only delays it.
///
/// ```no_run
/// use ccapi_runtime::redis::{RedisConnection, RedisDedupStore};
/// use ccapi_receiver::{Delivery, RawEvent, Receiver, ReceiverConfig, Reply};
///
/// # fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let store = RedisDedupStore::new(RedisConnection::open("redis://127.0.0.1:6379/0")?);
/// let receiver = Receiver::with_dedup(
///     ReceiverConfig::new("1400000000"),
///     |d: Delivery<RawEvent>| async move { Reply::ok() },
///     store,
/// );
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct RedisDedupStore {
    redis: RedisConnection,
    prefix: String,
}

impl RedisDedupStore {
    /// The prefix of its keys by default.
    pub const DEFAULT_PREFIX: &str = "ccapi:dedup:";

    /// A store on `redis` with the default prefix.
    pub fn new(redis: RedisConnection) -> Self {
        Self { redis, prefix: Self::DEFAULT_PREFIX.to_string() }
    }

    /// Names its keys `prefix` + the delivery's key (default [`Self::DEFAULT_PREFIX`]): receivers
    /// share what they have seen when they share a prefix (give each app its own, e.g.
    /// `ccapi:dedup:1400000000:`).
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }
}

impl DedupStore for RedisDedupStore {
    async fn first_seen(&self, key: &str, ttl: Duration) -> Result<bool, String> {
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let mut cmd = ::redis::cmd("SET");
        cmd.arg(self.key(key)).arg(1).arg("NX").arg("PX").arg(ttl_ms);
        let set: Option<String> = self.redis.query(&cmd).await.map_err(|e| {
            tracing::warn!(redis = %self.redis.target(), error = %e, "the dedup store did not answer; the delivery is refused (503) for the vendor to redeliver");
            format!("dedup store: {e}")
        })?;
        Ok(set.is_some())
    }

    async fn forget(&self, key: &str) -> Result<(), String> {
        let mut cmd = ::redis::cmd("DEL");
        cmd.arg(self.key(key));
        self.redis.query::<i64>(&cmd).await.map(|_| ()).map_err(|e| format!("dedup store: {e}"))
    }
}
