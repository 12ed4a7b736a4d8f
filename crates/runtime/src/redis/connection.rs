//! One Redis server as the fleet's backends see it: a URL parsed once, a reconnecting connection
//! made on first use, and every round trip bounded by a timeout.

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use ::redis::aio::{ConnectionManager, ConnectionManagerConfig};
use ::redis::{Client, Cmd, FromRedisValue, Script};

/// A Redis server (`redis://[[user]:password@]host[:port][/db]`), cheap to clone: clones share one
/// reconnecting connection (redis's `ConnectionManager`, multiplexed). Nothing connects until the
/// first command, so a limiter or store can be built while Redis is down.
///
/// Every round trip waits at most [`RedisConnection::timeout`] (default
/// [`RedisConnection::DEFAULT_TIMEOUT`]), connecting included; what happens then is the backend's
/// choice (see [`crate::redis`]). `Debug` and errors show the address and database, never the
/// URL's password.
#[derive(Clone)]
pub struct RedisConnection {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client,
    /// `host:port/db`, for logs and errors.
    target: String,
    timeout: Duration,
    manager: OnceLock<Result<ConnectionManager, String>>,
}

/// A Redis URL that could not be used. The URL is not repeated: it may hold a password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedisUrlError {
    reason: String,
}

impl fmt::Display for RedisUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "not a usable Redis URL ({}); expected redis://[[user]:password@]host[:port][/db], e.g. redis://127.0.0.1:6379/0",
            self.reason
        )
    }
}

impl std::error::Error for RedisUrlError {}

impl RedisConnection {
    /// The default bound on one round trip: 200 ms (a healthy Redis nearby answers in under one).
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(200);

    /// The server at `url`. Only the URL is checked here (`rediss://` is refused: this build has
    /// no TLS); the connection is made on first use.
    pub fn open(url: &str) -> Result<Self, RedisUrlError> {
        if url.starts_with("rediss://") || url.starts_with("valkeys://") {
            return Err(RedisUrlError { reason: "TLS (rediss://) is not built in".into() });
        }
        // The parser's message names the part that is wrong, not the URL's text ("Missing
        // hostname - InvalidClientConfig": the kind goes).
        let client = Client::open(url).map_err(|e| {
            let text = e.to_string();
            RedisUrlError { reason: text.split(" - ").next().unwrap_or(&text).to_string() }
        })?;
        let info = client.get_connection_info();
        let target = format!("{}/{}", info.addr(), info.redis_settings().db());
        let inner = Inner { client, target, timeout: Self::DEFAULT_TIMEOUT, manager: OnceLock::new() };
        Ok(Self { inner: Arc::new(inner) })
    }

    /// The same server with every round trip bounded by `timeout` (at least 1 ms). Set it before
    /// the first command; clones made before keep their own.
    pub fn with_timeout(self, timeout: Duration) -> Self {
        let timeout = timeout.max(Duration::from_millis(1));
        let inner = Inner {
            client: self.inner.client.clone(),
            target: self.inner.target.clone(),
            timeout,
            manager: OnceLock::new(),
        };
        Self { inner: Arc::new(inner) }
    }

    /// The bound on one round trip.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// Where it connects: `host:port/db` (no credentials).
    pub fn target(&self) -> &str {
        &self.inner.target
    }

    /// The shared connection, made on first use. Its own timeouts match ours, and it makes one
    /// attempt per reconnection: the backends decide when to try again.
    fn manager(&self) -> Result<ConnectionManager, String> {
        let made = self.inner.manager.get_or_init(|| {
            let config = ConnectionManagerConfig::new()
                .set_connection_timeout(Some(self.inner.timeout))
                .set_response_timeout(Some(self.inner.timeout))
                .set_number_of_retries(0);
            ConnectionManager::new_lazy_with_config(self.inner.client.clone(), config).map_err(|e| e.to_string())
        });
        made.clone()
    }

    /// Sends `cmd` and reads its answer, within the timeout. Errors name neither the URL nor the
    /// address (they may reach a vendor in a 503's body); logs add [`Self::target`].
    pub(crate) async fn query<T: FromRedisValue>(&self, cmd: &Cmd) -> Result<T, String> {
        let mut conn = self.manager()?;
        self.bounded(async move { cmd.query_async(&mut conn).await }).await
    }

    /// Runs `script` with one key and one argument (`EVALSHA`, loading the script when Redis
    /// answers `NOSCRIPT`, as after a restart), within the timeout.
    pub(crate) async fn invoke<T: FromRedisValue>(&self, script: &Script, key: &str, arg: u64) -> Result<T, String> {
        let mut conn = self.manager()?;
        self.bounded(async move { script.key(key).arg(arg).invoke_async(&mut conn).await }).await
    }

    async fn bounded<T>(&self, round_trip: impl Future<Output = ::redis::RedisResult<T>>) -> Result<T, String> {
        match tokio::time::timeout(self.inner.timeout, round_trip).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(format!("Redis: {e}")),
            Err(_) => Err(format!("Redis did not answer within {} ms", self.inner.timeout.as_millis())),
        }
    }
}

impl fmt::Debug for RedisConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisConnection")
            .field("target", &self.inner.target)
            .field("timeout", &self.inner.timeout)
            .finish_non_exhaustive()
    }
}
