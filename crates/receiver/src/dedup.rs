//! Dropping deliveries seen before: the [`DedupStore`] trait (a fleet shares one store, so that a
//! callback delivered to two hosts is handled once) and its bounded, time-limited in-memory default.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// Remembers which deliveries were seen.
pub trait DedupStore: Send + Sync + 'static {
    /// Records `key` for `ttl` and says whether it is new (`true`) or was recorded and has not
    /// expired (`false`). Atomic: of two concurrent calls with one key, one gets `true`.
    fn first_seen(&self, key: &str, ttl: Duration) -> impl Future<Output = Result<bool, String>> + Send;

    /// Forgets `key`, so that the vendor's next delivery of it is handled (after a synchronous
    /// handler failed to answer in time).
    fn forget(&self, key: &str) -> impl Future<Output = Result<(), String>> + Send;
}

/// An in-memory store of at most `capacity` keys: a key is forgotten when its time is up or, when
/// the store is full, oldest first.
#[derive(Debug)]
pub struct MemoryDedup {
    capacity: usize,
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    /// Key → when it expires.
    until: HashMap<String, Instant>,
    /// Keys in the order they were recorded (possibly forgotten since).
    order: VecDeque<(String, Instant)>,
}

impl MemoryDedup {
    /// The default capacity: 100,000 keys.
    pub const DEFAULT_CAPACITY: usize = 100_000;

    /// A store of at most `capacity` keys (at least 1).
    pub fn new(capacity: usize) -> Self {
        Self { capacity: capacity.max(1), seen: Mutex::new(Seen::default()) }
    }

    /// How many keys it holds now.
    pub fn len(&self) -> usize {
        self.lock().until.len()
    }

    /// Whether it holds no key.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Default for MemoryDedup {
    fn default() -> Self {
        Self::new(Self::DEFAULT_CAPACITY)
    }
}

impl Seen {
    /// Drops expired keys from the front, then the oldest while over `capacity`.
    fn trim(&mut self, now: Instant, capacity: usize) {
        while let Some((key, recorded_until)) = self.order.front() {
            let current = self.until.get(key).copied();
            let stale_entry = current != Some(*recorded_until);
            if stale_entry || *recorded_until <= now || self.until.len() > capacity {
                if !stale_entry {
                    self.until.remove(key);
                }
                self.order.pop_front();
            } else {
                break;
            }
        }
    }
}

impl DedupStore for MemoryDedup {
    async fn first_seen(&self, key: &str, ttl: Duration) -> Result<bool, String> {
        let now = Instant::now();
        let mut seen = self.lock();
        seen.trim(now, self.capacity);
        if seen.until.get(key).is_some_and(|until| *until > now) {
            return Ok(false);
        }
        let until = now + ttl;
        seen.until.insert(key.to_string(), until);
        seen.order.push_back((key.to_string(), until));
        seen.trim(now, self.capacity);
        Ok(true)
    }

    async fn forget(&self, key: &str) -> Result<(), String> {
        self.lock().until.remove(key);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_key_is_new_once_until_its_time_is_up() {
        let store = MemoryDedup::new(10);
        let ttl = Duration::from_secs(60);
        assert!(store.first_seen("a", ttl).await.unwrap());
        assert!(!store.first_seen("a", ttl).await.unwrap());
        tokio::time::advance(Duration::from_secs(61)).await;
        assert!(store.first_seen("a", ttl).await.unwrap());
        store.forget("a").await.unwrap();
        assert!(store.first_seen("a", ttl).await.unwrap());
    }

    #[tokio::test(start_paused = true)]
    async fn it_holds_at_most_its_capacity_oldest_out_first() {
        let store = MemoryDedup::new(3);
        let ttl = Duration::from_secs(60);
        for k in ["a", "b", "c", "d"] {
            assert!(store.first_seen(k, ttl).await.unwrap());
        }
        assert_eq!(store.len(), 3);
        assert!(!store.first_seen("d", ttl).await.unwrap());
        assert!(store.first_seen("a", ttl).await.unwrap(), "a was the oldest, so it went");
    }
}
