//! Keeping calls within the vendors' documented rate limits.
//!
//! A limit such as the chatbot's 200 calls/s applies to the whole app, not to one process. The
//! client asks a [`RateLimiter`] for a slot before every attempt; [`LocalRateLimiter`] (the
//! default) spaces calls evenly within one process and is shared by all clones of a client. A
//! fleet of bots sharing one app plugs in a shared backend by implementing the trait: the
//! `redis` feature has one, `RedisRateLimiter` (in `ccapi_runtime::redis`).
//!
//! Both put the first call of a new message ahead of the calls of running messages
//! ([`Priority`], the [`fair`] lines): the customer sees the first words of every answer soon,
//! even when a thousand conversations start at once.

pub mod fair;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use fair::FairLines;
pub use fair::Priority;

/// What a call is limited by: a key naming the app and operation, and the documented limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quota<'a> {
    /// Identifies what the limit counts: the app and the operation (`1400000000/chatbot.send_stream_msg`).
    pub key: &'a str,
    /// Calls allowed per second.
    pub per_second: u32,
}

/// Grants permission to make a call, waiting as long as needed.
pub trait RateLimiter: Send + Sync + 'static {
    /// Resolves when one more call under `quota` may be made.
    fn acquire<'a>(&'a self, quota: Quota<'a>) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

    /// [`RateLimiter::acquire`] for a call of `priority`: a limiter that keeps calls waiting
    /// gives the slots that come to [`Priority::First`] calls ahead of the others (the client
    /// asks this way). By default the priority is ignored and calls are served as `acquire`
    /// serves them.
    fn acquire_with<'a>(
        &'a self,
        quota: Quota<'a>,
        priority: Priority,
    ) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>> {
        let _ = priority;
        self.acquire(quota)
    }
}

/// An in-process limiter: calls under one key are spaced `1 s / per_second` apart (a GCRA with a
/// burst of one), so that no one-second window holds more than `per_second` calls. Waiters are
/// given slots as the slots come, first calls of new messages ahead of the rest
/// ([`fair`]), each priority in the order it asked. Uses tokio's clock (so it follows
/// `tokio::time::pause`).
///
/// Calls leave evenly spaced but reach the vendor with some jitter, so the limiter keeps a
/// headroom below the documented limit (5% by default: 190 calls/s for a limit of 200).
#[derive(Debug)]
pub struct LocalRateLimiter {
    /// For each key, the earliest instant the next call may start.
    next: Mutex<HashMap<String, Instant>>,
    /// The fraction of the limit kept unused.
    headroom: f64,
    /// The waiters, per key.
    lines: FairLines,
}

/// The fraction of a limit the limiters keep unused by default.
pub(crate) const DEFAULT_HEADROOM: f64 = 0.05;

impl Default for LocalRateLimiter {
    fn default() -> Self {
        Self { next: Mutex::default(), headroom: DEFAULT_HEADROOM, lines: FairLines::default() }
    }
}

impl LocalRateLimiter {
    /// A limiter with no history and the default headroom of 5%.
    pub fn new() -> Self {
        Self::default()
    }

    /// A limiter keeping `headroom` (0.0 to 0.9) of each limit unused.
    pub fn with_headroom(headroom: f64) -> Self {
        Self { next: Mutex::default(), headroom: headroom.clamp(0.0, 0.9), lines: FairLines::default() }
    }

    /// Reserves the next slot for `quota` and says how long to wait for it.
    fn reserve(&self, quota: Quota<'_>) -> Duration {
        match spacing(quota.per_second, self.headroom) {
            Some(interval) => self.reserve_every(quota.key, interval),
            None => Duration::ZERO,
        }
    }

    /// Reserves the next slot under `key`, slots being `interval` apart, and says how long to wait
    /// for it.
    pub(crate) fn reserve_every(&self, key: &str, interval: Duration) -> Duration {
        let now = Instant::now();
        let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        let slot = match next.get_mut(key) {
            Some(t) => {
                let start = (*t).max(now);
                *t = start + interval;
                start
            }
            None => {
                next.insert(key.to_string(), now + interval);
                now
            }
        };
        slot - now
    }
}

/// The time between two calls under a limit of `per_second` keeping `headroom` of it unused; `None`
/// when the limit is 0 (no limit).
pub(crate) fn spacing(per_second: u32, headroom: f64) -> Option<Duration> {
    (per_second > 0).then(|| Duration::from_secs(1).div_f64(f64::from(per_second) * (1.0 - headroom)))
}

impl RateLimiter for LocalRateLimiter {
    fn acquire<'a>(&'a self, quota: Quota<'a>) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>> {
        self.acquire_with(quota, Priority::Normal)
    }

    fn acquire_with<'a>(
        &'a self,
        quota: Quota<'a>,
        priority: Priority,
    ) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>> {
        if quota.per_second == 0 {
            return Box::pin(std::future::ready(()));
        }
        Box::pin(self.lines.acquire(quota.key, priority, move || std::future::ready(self.reserve(quota))))
    }
}

/// A limiter that never waits (for tests, or when the vendor enforces the limit for you).
#[derive(Clone, Copy, Debug, Default)]
pub struct Unlimited;

impl RateLimiter for Unlimited {
    fn acquire<'a>(&'a self, _: Quota<'a>) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>> {
        Box::pin(std::future::ready(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn calls_are_spaced_so_no_second_holds_more_than_the_limit() {
        let limiter = LocalRateLimiter::with_headroom(0.0);
        let start = Instant::now();
        let mut times = Vec::new();
        for _ in 0..450 {
            limiter.acquire(Quota { key: "app/op", per_second: 200 }).await;
            times.push(Instant::now() - start);
        }
        for (i, t) in times.iter().enumerate() {
            let in_window = times[i..].iter().take_while(|u| **u < *t + Duration::from_secs(1)).count();
            assert!(in_window <= 200, "{in_window} calls in the second after {t:?}");
        }
        // 450 calls at 200/s take 449 intervals of 5 ms.
        assert_eq!(*times.last().unwrap(), Duration::from_millis(5 * 449));
    }

    #[tokio::test(start_paused = true)]
    async fn keys_are_limited_separately() {
        let limiter = LocalRateLimiter::with_headroom(0.0);
        limiter.acquire(Quota { key: "a", per_second: 1 }).await;
        let before = Instant::now();
        limiter.acquire(Quota { key: "b", per_second: 1 }).await;
        assert_eq!(Instant::now(), before);
        limiter.acquire(Quota { key: "a", per_second: 1 }).await;
        assert_eq!(Instant::now() - before, Duration::from_secs(1));
    }

    #[tokio::test(start_paused = true)]
    async fn the_default_keeps_five_percent_headroom() {
        let limiter = LocalRateLimiter::new();
        let start = Instant::now();
        for _ in 0..191 {
            limiter.acquire(Quota { key: "k", per_second: 200 }).await;
        }
        // 190 intervals of 1/190 s.
        let took = Instant::now() - start;
        assert!(took >= Duration::from_millis(999) && took <= Duration::from_millis(1001), "{took:?}");
    }
}
