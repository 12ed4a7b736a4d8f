//! A fleet's shared state in Redis (cargo feature `redis`): [`RedisRateLimiter`], one rate limit
//! per app and operation across every process, and [`RedisDedupStore`], the callback receiver's
//! dedup store, so that a callback delivered to two hosts is handled once. Both run on a
//! [`RedisConnection`] (one reconnecting, multiplexed connection; clones share it).
//!
//! What happens when Redis is slow or down (no answer within [`RedisConnection::timeout`], 200 ms
//! by default, connecting included, or an error):
//!
//! | backend | behaviour | why |
//! |---|---|---|
//! | [`RedisRateLimiter`] | falls back to a local share of the budget (`per_second / fleet_size` per process), warns once per outage, tries Redis again after 100 ms, doubling up to 5 s | stopping every bot because a helper is away would cost the customer conversations; the share keeps the fleet within the limit |
//! | [`RedisDedupStore`] | `Err`: the receiver answers 503, the vendor redelivers later | handling without the store could handle a callback twice; a redelivery only delays it |
//!
//! ```no_run
//! use ccapi_runtime::redis::{RedisConnection, RedisDedupStore, RedisRateLimiter};
//!
//! # fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let redis = RedisConnection::open("redis://127.0.0.1:6379/0")?;
//! let limiter = RedisRateLimiter::new(redis.clone(), 4);
//! let dedup = RedisDedupStore::new(redis);
//! # Ok(())
//! # }
//! ```

mod connection;
mod dedup;
mod limiter;
mod outage;

pub use connection::{RedisConnection, RedisUrlError};
pub use dedup::RedisDedupStore;
pub use limiter::RedisRateLimiter;
