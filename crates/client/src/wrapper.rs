//! [`Client`] and [`ClientBuilder`]: the runtime's, with the generated family handles on top.
//!
//! The runtime's client ([`ccapi_runtime::Client`]) does every call; this crate's [`Client`]
//! holds one, dereferences to it (so [`ccapi_runtime::Client::call`] and the rest are methods
//! here too), and adds what is generated from the spec: a handle per family
//! (`client.desk()`) and an endpoint method per server without a default.

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use ccapi_runtime::{BuildError, CcmCredentials, Endpoint, RateLimiter, RetryPolicy, TencentCredentials};

/// The async client of every operation in the spec.
///
/// Cheap to clone; clones share connections, cached credentials and the rate limiter. The
/// operations are methods of the family handles generated from the spec (`client.desk()`, one
/// per family), or [`ccapi_runtime::Client::call`] with an operation type.
#[derive(Clone, Debug)]
pub struct Client {
    runtime: ccapi_runtime::Client,
}

impl Client {
    /// A builder with the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The runtime's client, which does every call.
    pub fn runtime(&self) -> &ccapi_runtime::Client {
        &self.runtime
    }
}

impl Deref for Client {
    type Target = ccapi_runtime::Client;

    fn deref(&self) -> &ccapi_runtime::Client {
        &self.runtime
    }
}

impl From<ccapi_runtime::Client> for Client {
    fn from(runtime: ccapi_runtime::Client) -> Self {
        Self { runtime }
    }
}

/// Builds a [`Client`]: [`ccapi_runtime::ClientBuilder`]'s settings, and an endpoint method per
/// server of the spec that has no default.
#[derive(Debug, Default)]
pub struct ClientBuilder {
    runtime: ccapi_runtime::ClientBuilder,
}

impl ClientBuilder {
    fn with(self, set: impl FnOnce(ccapi_runtime::ClientBuilder) -> ccapi_runtime::ClientBuilder) -> Self {
        Self { runtime: set(self.runtime) }
    }

    /// Credentials for the operations whose auth scheme is a Tencent UserSig.
    pub fn tencent(self, credentials: TencentCredentials) -> Self {
        self.with(|b| b.tencent(credentials))
    }

    /// Where operations are called. A region applies to its own server; a custom URL to every
    /// server not given its own with [`ClientBuilder::server_endpoint`]. A server with regions
    /// and none chosen uses the spec's default region.
    pub fn endpoint(self, endpoint: Endpoint) -> Self {
        self.with(|b| b.endpoint(endpoint))
    }

    /// Where the operations of the server with this key in the spec (`ccmessaging`) are called.
    pub fn server_endpoint(self, server: impl Into<String>, endpoint: Endpoint) -> Self {
        self.with(|b| b.server_endpoint(server, endpoint))
    }

    /// Credentials for the operations whose auth scheme is the ccmessaging token flow.
    pub fn ccmessaging(self, credentials: CcmCredentials) -> Self {
        self.with(|b| b.ccmessaging(credentials))
    }

    /// The value of an auth parameter the caller gives as it is (a `headers` scheme's
    /// `x-api-key`), by its name in the spec (case-insensitive).
    pub fn auth_value(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.with(|b| b.auth_value(name, value))
    }

    /// The timeout of one attempt, from sending to the end of the answer (default 10 s).
    pub fn timeout(self, timeout: Duration) -> Self {
        self.with(|b| b.timeout(timeout))
    }

    /// The timeout for making a connection (default 3 s).
    pub fn connect_timeout(self, timeout: Duration) -> Self {
        self.with(|b| b.connect_timeout(timeout))
    }

    /// How failed attempts are retried.
    pub fn retry(self, policy: RetryPolicy) -> Self {
        self.with(|b| b.retry(policy))
    }

    /// The limiter that keeps calls within the documented limits (default: one
    /// [`ccapi_runtime::LocalRateLimiter`] shared by the clones of this client).
    pub fn rate_limiter(self, limiter: Arc<dyn RateLimiter>) -> Self {
        self.with(|b| b.rate_limiter(limiter))
    }

    /// A ready reqwest client (its own timeouts then apply).
    pub fn http_client(self, client: reqwest::Client) -> Self {
        self.with(|b| b.http_client(client))
    }

    /// The client.
    pub fn build(self) -> Result<Client, BuildError> {
        self.runtime.build().map(Client::from)
    }
}
