//! [`RedisRateLimiter`]: one GCRA per app and operation in Redis, shared by every process of a
//! fleet, with a local share of the budget while Redis does not answer.

use std::future::Future;
use std::pin::Pin;
use std::sync::LazyLock;
use std::time::Duration;

use ::redis::Script;

use super::connection::RedisConnection;
use super::outage::Outage;
use crate::ratelimit::fair::FairLines;
use crate::ratelimit::{DEFAULT_HEADROOM, LocalRateLimiter, Priority, Quota, RateLimiter, spacing};

/// The GCRA script (`gcra.lua`): reserves the next slot on Redis's clock, returns the wait in µs.
static GCRA: LazyLock<Script> = LazyLock::new(|| Script::new(include_str!("gcra.lua")));

/// A [`RateLimiter`] shared by a fleet: every process (or client) that asks Redis for slots under
/// one key shares that key's budget, whatever host it runs on.
///
/// **Algorithm.** The same as [`LocalRateLimiter`]'s, in Redis: a GCRA with a burst of one, calls
/// under one key spaced `1 s / (per_second × (1 − headroom))` apart (5% headroom by default:
/// 190 calls/s for a limit of 200), keyed `prefix` + the quota's `app/operation` key. Each call is
/// one round trip (`EVALSHA` of a Lua script, loaded again when Redis answers `NOSCRIPT`) that
/// reserves the next slot atomically and returns how long to wait for it, measured on Redis's
/// clock (`TIME`), so hosts' clocks do not matter; the caller then sleeps that long.
///
/// **Fair first tokens.** Each process keeps one reservation per key in flight: its waiters
/// queue in two lines ([`Priority`]) and the slot, when it comes, goes to the best of them, so a
/// first call asked for a moment ago goes ahead of this process's follow-ups. Across the fleet
/// the reservations are served in the order Redis took them.
///
/// **When Redis is slow or down** (no answer within the connection's timeout, 200 ms by default,
/// or an error): the call goes on with a local share of the budget, a [`LocalRateLimiter`] at
/// `per_second / fleet_size` (the same headroom), and a warning is logged once per outage. While
/// Redis is down, one call at a time tries it again, after 100 ms, then twice as long each time up
/// to 5 s ([`RedisRateLimiter::retry_after`]); the first answer ends the outage (logged). So an
/// outage costs each call at most one timeout, and a fleet of `fleet_size` processes stays within
/// the vendor's limit throughout.
///
/// Why not fail closed: a rate limiter that stops every bot while Redis is away turns an outage
/// of a helper into an outage of the customer conversation, and the vendor's limit is not a hard
/// wall (calls over it are refused with a retryable code); a local share keeps the fleet within
/// the limit as long as `fleet_size` is not less than the number of processes running.
///
/// ```no_run
/// use std::sync::Arc;
/// use ccapi_runtime::{Client, TencentCredentials};
/// use ccapi_runtime::redis::{RedisConnection, RedisRateLimiter};
///
/// # fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let redis = RedisConnection::open("redis://127.0.0.1:6379/0")?;
/// let client = Client::builder()
///     .tencent(TencentCredentials::new(1400000000, "administrator", "the secret key"))
///     // 8 processes share the app: each takes 1/8 of the limit while Redis is down.
///     .rate_limiter(Arc::new(RedisRateLimiter::new(redis, 8)))
///     .build()?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct RedisRateLimiter {
    redis: RedisConnection,
    headroom: f64,
    prefix: String,
    fleet_size: u32,
    /// The local share used while Redis is down.
    fallback: LocalRateLimiter,
    outage: Outage,
    /// This process's waiters, per key: a slot it reserves goes to its best waiter when it comes.
    lines: FairLines,
}

impl RedisRateLimiter {
    /// The prefix of its keys by default.
    pub const DEFAULT_PREFIX: &str = "ccapi:ratelimit:";
    /// The first wait before trying Redis again during an outage by default.
    pub const DEFAULT_MIN_RETRY: Duration = Duration::from_millis(100);
    /// The longest wait before trying Redis again during an outage by default.
    pub const DEFAULT_MAX_RETRY: Duration = Duration::from_secs(5);

    /// A limiter on `redis` for a fleet of `fleet_size` processes (at least 1): while Redis is
    /// down, each takes `1 / fleet_size` of every limit. The default headroom (5%), prefix and
    /// retry waits.
    pub fn new(redis: RedisConnection, fleet_size: u32) -> Self {
        Self {
            redis,
            headroom: DEFAULT_HEADROOM,
            prefix: Self::DEFAULT_PREFIX.to_string(),
            fleet_size: fleet_size.max(1),
            fallback: LocalRateLimiter::new(),
            outage: Outage::new(Self::DEFAULT_MIN_RETRY, Self::DEFAULT_MAX_RETRY),
            lines: FairLines::default(),
        }
    }

    /// Keeps `headroom` (0.0 to 0.9) of each limit unused, as [`LocalRateLimiter::with_headroom`].
    /// Every process of a fleet must use the same.
    pub fn with_headroom(mut self, headroom: f64) -> Self {
        self.headroom = headroom.clamp(0.0, 0.9);
        self
    }

    /// Names its keys `prefix` + `app/operation` (default [`Self::DEFAULT_PREFIX`]). Processes
    /// share a budget when they share a prefix.
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// During an outage, tries Redis again after `min`, then twice as long each time up to `max`.
    pub fn retry_after(mut self, min: Duration, max: Duration) -> Self {
        self.outage = Outage::new(min, max);
        self
    }

    /// How many processes it assumes share each budget while Redis is down.
    pub fn fleet_size(&self) -> u32 {
        self.fleet_size
    }

    /// Whether it is on its local share now (Redis did not answer its last call).
    pub fn on_fallback(&self) -> bool {
        self.outage.is_down()
    }

    /// How many outages it has seen (Redis stopped answering, then answered again or not), and
    /// the last failure (no credentials in it), for a health check or a report at exit.
    pub fn outages(&self) -> (u32, Option<String>) {
        self.outage.history()
    }

    /// Where its Redis is: `host:port/db`.
    pub fn target(&self) -> &str {
        self.redis.target()
    }

    /// How long to wait for the next slot under `key`, `interval` apart across the fleet.
    async fn reserve(&self, key: &str, interval: Duration) -> Duration {
        if self.outage.should_try() {
            let interval_us = u64::try_from(interval.as_micros()).unwrap_or(u64::MAX).max(1);
            match self.redis.invoke::<i64>(&GCRA, &format!("{}{key}", self.prefix), interval_us).await {
                Ok(wait_us) => {
                    if let Some(lasted) = self.outage.succeeded() {
                        tracing::info!(
                            redis = %self.redis.target(),
                            outage_ms = lasted.as_millis() as u64,
                            "Redis answers again: the rate limit is shared by the fleet again"
                        );
                    }
                    return Duration::from_micros(u64::try_from(wait_us).unwrap_or(0));
                }
                Err(error) => {
                    if self.outage.failed(&error) {
                        tracing::warn!(
                            redis = %self.redis.target(),
                            %error,
                            fleet_size = self.fleet_size,
                            "Redis rate limiter unavailable: each process now takes 1/fleet_size of the limit until Redis answers"
                        );
                    }
                }
            }
        }
        self.fallback.reserve_every(key, interval * self.fleet_size)
    }
}

impl RateLimiter for RedisRateLimiter {
    fn acquire<'a>(&'a self, quota: Quota<'a>) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>> {
        self.acquire_with(quota, Priority::Normal)
    }

    fn acquire_with<'a>(
        &'a self,
        quota: Quota<'a>,
        priority: Priority,
    ) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>> {
        let Some(interval) = spacing(quota.per_second, self.headroom) else {
            return Box::pin(std::future::ready(()));
        };
        Box::pin(self.lines.acquire(quota.key, priority, move || self.reserve(quota.key, interval)))
    }
}
