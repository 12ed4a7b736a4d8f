//! The client: configuration, and the typed half of one call of an operation (validate,
//! serialise, read each answer as the operation's response or error); the rest of the call
//! (authenticate, rate-limit, send, retry) is `crate::send`, which is not generic.
//!
//! Everything a call needs to know about its operation comes from the operation's generated
//! facts ([`Operation`]): its method, path, server, auth scheme (whose kind is matched
//! exhaustively, and whose parameter names come from the spec) and documented HTTP statuses.
//! Nothing here names a family.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use ccapi_support::{Envelope, ErrorCode, Operation, RegionDoc, Validate};
use serde::Serialize;

use crate::auth::{CcmCredentials, CcmTokenCache, TencentCredentials, UserSigCache};
use crate::error::{Error, VendorError};
use crate::ratelimit::{LocalRateLimiter, Priority, RateLimiter};
use crate::retry::{RetryPolicy, classify};
use crate::secret::Secret;
use crate::send::{Answer, Attempt, Call, Credentials, Facts, Verdict};

/// Where the operations of a server are called.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// A documented region of a server (`TencentImRegion::Singapore.doc()`, or `.into()`): its
    /// primary domain, switching to its backup domain after a connection failure.
    Region(&'static RegionDoc),
    /// A documented region's backup domain only.
    RegionBackup(&'static RegionDoc),
    /// Any base URL (a deployment, a proxy, or a fake server: `http://127.0.0.1:8080`).
    Custom(String),
}

impl Endpoint {
    /// The base URL of an attempt, given whether an earlier attempt could not connect.
    pub(crate) fn base(&self, failed_to_connect: bool) -> &str {
        match self {
            Endpoint::Region(r) if failed_to_connect => r.backup.unwrap_or(r.primary),
            Endpoint::Region(r) => r.primary,
            Endpoint::RegionBackup(r) => r.backup.unwrap_or(r.primary),
            Endpoint::Custom(url) => url.trim_end_matches('/'),
        }
    }
}

impl<R: ccapi_support::Region> From<R> for Endpoint {
    /// A region of its server, at its primary domain.
    fn from(region: R) -> Self {
        Endpoint::Region(region.region_doc())
    }
}

/// The default per-attempt timeout: well above the vendor's own 3 s server timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Builds a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    tencent: Option<TencentCredentials>,
    endpoints: HashMap<String, Endpoint>,
    fallback: Option<String>,
    ccm: Option<CcmCredentials>,
    given: Vec<(String, Secret)>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    limiter: Option<Arc<dyn RateLimiter>>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for dyn RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RateLimiter")
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            tencent: None,
            endpoints: HashMap::new(),
            fallback: None,
            ccm: None,
            given: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: Duration::from_secs(3),
            retry: RetryPolicy::default(),
            limiter: None,
            http: None,
        }
    }
}

impl ClientBuilder {
    /// Credentials for the operations whose auth scheme is a Tencent UserSig.
    pub fn tencent(mut self, credentials: TencentCredentials) -> Self {
        self.tencent = Some(credentials);
        self
    }

    /// Where operations are called. A region applies to its own server; a custom URL to every
    /// server not given its own with [`ClientBuilder::server_endpoint`]. A server with regions
    /// and none chosen uses the spec's default region.
    pub fn endpoint(mut self, endpoint: Endpoint) -> Self {
        match endpoint {
            Endpoint::Region(r) | Endpoint::RegionBackup(r) => {
                self.endpoints.insert(r.server.to_string(), endpoint);
            }
            Endpoint::Custom(url) => self.fallback = Some(url),
        }
        self
    }

    /// Where the operations of the server with this key in the spec (`ccmessaging`) are called.
    pub fn server_endpoint(mut self, server: impl Into<String>, endpoint: Endpoint) -> Self {
        self.endpoints.insert(server.into(), endpoint);
        self
    }

    /// Credentials for the operations whose auth scheme is the ccmessaging token flow.
    pub fn ccmessaging(mut self, credentials: CcmCredentials) -> Self {
        self.ccm = Some(credentials);
        self
    }

    /// The value of an auth parameter the caller gives as it is (a `headers` scheme's
    /// `x-api-key`), by its name in the spec (case-insensitive).
    pub fn auth_value(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.given.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.given.push((name, Secret::new(value.into())));
        self
    }

    /// The timeout of one attempt, from sending to the end of the answer (default 10 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The timeout for making a connection (default 3 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How failed attempts are retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The limiter that keeps calls within the documented limits (default: one
    /// [`LocalRateLimiter`] shared by the clones of this client).
    pub fn rate_limiter(mut self, limiter: Arc<dyn RateLimiter>) -> Self {
        self.limiter = Some(limiter);
        self
    }

    /// A ready reqwest client (its own timeouts then apply).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The client.
    pub fn build(self) -> Result<Client, BuildError> {
        let http = match self.http {
            Some(h) => h,
            None => {
                // TLS through rustls with the ring provider; installing it twice is harmless.
                let _ = rustls::crypto::ring::default_provider().install_default();
                reqwest::Client::builder()
                    .timeout(self.timeout)
                    .connect_timeout(self.connect_timeout)
                    .pool_idle_timeout(Duration::from_secs(60))
                    .build()
                    .map_err(|e| BuildError(e.without_url().to_string()))?
            }
        };
        if self.retry.max_attempts == 0 {
            return Err(BuildError("the retry policy must allow at least one attempt".into()));
        }
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                tencent: self.tencent,
                endpoints: self.endpoints,
                fallback: self.fallback.map(Endpoint::Custom),
                ccm: self.ccm,
                given: self.given,
                retry: self.retry,
                limiter: self.limiter.unwrap_or_else(|| Arc::new(LocalRateLimiter::new())),
                usersig: UserSigCache::default(),
                ccm_tokens: CcmTokenCache::default(),
            }),
        })
    }
}

/// The client could not be built.
#[derive(Debug, Clone)]
pub struct BuildError(String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build the client: {}", self.0)
    }
}

impl std::error::Error for BuildError {}

/// The async client of every operation in the spec.
///
/// Cheap to clone; clones share connections, cached credentials and the rate limiter. The
/// operations are methods of the family handles generated from the spec (`client.desk()`, one
/// per family), or [`Client::call`] with an operation type.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) tencent: Option<TencentCredentials>,
    pub(crate) endpoints: HashMap<String, Endpoint>,
    pub(crate) fallback: Option<Endpoint>,
    pub(crate) ccm: Option<CcmCredentials>,
    pub(crate) given: Vec<(String, Secret)>,
    pub(crate) retry: RetryPolicy,
    pub(crate) limiter: Arc<dyn RateLimiter>,
    pub(crate) usersig: UserSigCache,
    pub(crate) ccm_tokens: CcmTokenCache,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let given: Vec<&str> = self.inner.given.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Client")
            .field("tencent", &self.inner.tencent)
            .field("endpoints", &self.inner.endpoints)
            .field("fallback", &self.inner.fallback)
            .field("ccmessaging", &self.inner.ccm)
            .field("auth_values", &given)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// A request about to be sent, as `--dry-run` shows it: secrets already redacted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PreparedRequest {
    /// HTTP method.
    pub method: String,
    /// The full URL, with any secret query parameter replaced by `<redacted>`.
    pub url: String,
    /// Headers, secrets replaced by `<redacted>`.
    pub headers: Vec<(String, String)>,
    /// The JSON body, its secret fields (`Operation::SECRET_FIELDS`) replaced by `<redacted>`.
    pub body: serde_json::Value,
}

impl Client {
    /// A builder with the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// How many UserSigs this client (and its clones) signed so far: one per lifetime, not one
    /// per call.
    pub fn usersigs_signed(&self) -> u64 {
        self.inner.usersig.signed.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Calls operation `O`: validates the request (nothing is sent when it breaks the spec),
    /// waits for the rate limiter, sends it, and retries what may be retried.
    pub async fn call<O: Operation>(&self, request: &O::Request) -> Result<O::Response, Error<O::ErrorCode>> {
        self.call_inner::<O>(request, false, Priority::Normal).await
    }

    /// [`Client::call`] for a caller that already took the first attempt's rate-limit slot
    /// (see [`Client::acquire_slot`]); retries wait in the line of `priority`.
    pub(crate) async fn call_with_slot<O: Operation>(
        &self,
        request: &O::Request,
        priority: Priority,
    ) -> Result<O::Response, Error<O::ErrorCode>> {
        self.call_inner::<O>(request, true, priority).await
    }

    /// The typed part of a call: validate, serialise, and read each answer as `O`'s response.
    /// Everything else (credentials, sending, retrying) is `Client::send`, which is not generic,
    /// so that each operation adds only this much code.
    async fn call_inner<O: Operation>(
        &self,
        request: &O::Request,
        first_slot_taken: bool,
        priority: Priority,
    ) -> Result<O::Response, Error<O::ErrorCode>> {
        request.validate().map_err(Error::Invalid)?;
        let body = serde_json::to_vec(request).map_err(unserialisable)?;
        let facts = Facts::of::<O>();
        let fields = if O::METHOD.has_body() { Vec::new() } else { query_fields(serde_json::to_value(request)) };
        let call =
            Call { facts, subject: crate::ccm::subject::<O>(request), body: &body, fields, first_slot_taken, priority };
        let mut outcome = None;
        self.send(call, &mut |attempt| read_attempt::<O>(attempt, &mut outcome)).await;
        outcome.unwrap_or_else(|| Err(Error::Auth(format!("{} ended without an answer", O::ID))))
    }

    /// Waits for a rate-limit slot of operation `O` in the line of `priority` (at once when it
    /// documents no limit).
    pub(crate) async fn acquire_slot<O: Operation>(&self, priority: Priority) {
        self.acquire(&Facts::of::<O>(), priority).await;
    }

    /// The request `O` would send, secrets redacted, without sending it (and without fetching
    /// tokens: token headers show `<redacted>`).
    pub fn prepare<O: Operation>(&self, request: &O::Request) -> Result<PreparedRequest, Error<O::ErrorCode>> {
        request.validate().map_err(Error::Invalid)?;
        let mut body = serde_json::to_value(request).map_err(unserialisable)?;
        if let serde_json::Value::Object(map) = &mut body {
            for name in O::SECRET_FIELDS {
                if let Some(value) = map.get_mut(*name) {
                    *value = serde_json::Value::String(crate::secret::REDACTED.to_string());
                }
            }
        }
        let fields = if O::METHOD.has_body() { Vec::new() } else { query_fields(Ok(body.clone())) };
        let facts = Facts::of::<O>();
        // Building the wire without fetching tokens does not wait: poll it once.
        let wire =
            futures_util::FutureExt::now_or_never(self.wire(&facts, &Vec::new(), &fields, false, Credentials::Redact))
                .unwrap_or_else(|| Err(Error::Auth("preparing a request would have to wait".into())))
                .map_err(Error::widen)?;
        let mut headers = Vec::new();
        if O::METHOD.has_body() {
            headers.push(("content-type".to_string(), "application/json".to_string()));
        }
        // The wire already shows every secret as `<redacted>` (`Credentials::Redact`).
        headers.extend(wire.headers.into_iter().map(|(name, value)| (name, value.expose().to_string())));
        Ok(PreparedRequest { method: O::METHOD.as_str().to_string(), url: wire.redacted_url, headers, body })
    }
}

/// A request that could not be serialised.
fn unserialisable<C>(e: serde_json::Error) -> Error<C> {
    Error::Decode { status: 0, message: format!("the request could not be serialised: {e}"), body: String::new() }
}

/// The fields of a request sent without a body (`GET`, `DELETE`), as query parameters in field
/// order: strings as they are, numbers and booleans as their JSON text, absent (null) fields left
/// out. The spec crate refuses such a request with a field of any other type.
fn query_fields(request: Result<serde_json::Value, serde_json::Error>) -> Vec<(String, String)> {
    let Ok(serde_json::Value::Object(map)) = request else { return Vec::new() };
    map.into_iter()
        .filter_map(|(k, v)| match v {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some((k, s)),
            other => Some((k, other.to_string())),
        })
        .collect()
}

/// Reads an attempt of `O` into `outcome` (the response, or the typed error) and says what it
/// allows.
fn read_attempt<O: Operation>(
    attempt: Attempt,
    outcome: &mut Option<Result<O::Response, Error<O::ErrorCode>>>,
) -> Verdict {
    let result = match attempt {
        Ok(answer) => read_answer::<O>(answer),
        Err(e) => Err(e.widen()),
    };
    let verdict = match &result {
        Ok(_) => Verdict::Done,
        Err(e) => Verdict::Failed { retry: classify(e), summary: ErrorSummary(e).to_string() },
    };
    *outcome = Some(result);
    verdict
}

/// An answer as `O`'s response or error.
fn read_answer<O: Operation>(answer: Answer) -> Result<O::Response, Error<O::ErrorCode>> {
    let Answer { status, bytes, statuses } = answer;
    let parsed = serde_json::from_slice::<O::Response>(&bytes);
    let text = || String::from_utf8_lossy(&bytes).into_owned();
    match (status, parsed) {
        (200, Ok(r)) if r.is_success() => Ok(r),
        (_, Ok(r)) if !r.is_success() => match r.code() {
            Some(code) => Err(Error::Vendor(VendorError {
                code: O::ErrorCode::from_code(code),
                message: r.message().to_string(),
                status,
                body: text(),
            })),
            None => Err(Error::Decode {
                status,
                message: "the response's result code is not a number".into(),
                body: text(),
            }),
        },
        (200, Err(e)) => Err(Error::Decode { status, message: e.to_string(), body: text() }),
        (status, _) => {
            Err(Error::Http { status, documented: statuses.iter().find(|h| h.status == status).copied(), body: text() })
        }
    }
}

/// An error as one log-safe line (vendor errors by code; never a body).
struct ErrorSummary<'a, C>(&'a Error<C>);

impl<C: ErrorCode> fmt::Display for ErrorSummary<'_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Error::Invalid(_) => f.write_str("invalid request"),
            Error::Vendor(v) => write!(f, "vendor code {}", v.code.code()),
            Error::Http { status, .. } => write!(f, "HTTP {status}"),
            Error::Decode { status, .. } => write!(f, "undecodable response (HTTP {status})"),
            Error::Transport { kind, .. } => write!(f, "transport: {kind}"),
            Error::Auth(_) => f.write_str("authentication failed"),
            Error::Token(t) => write!(f, "token call {} failed: {}", t.operation, ErrorSummary(&t.error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static REGION: RegionDoc = RegionDoc {
        server: "s",
        key: "r",
        title: "R",
        primary: "https://primary.example.com",
        backup: Some("https://backup.example.com"),
    };
    static NO_BACKUP: RegionDoc = RegionDoc { backup: None, ..REGION };

    #[test]
    fn regions_use_the_primary_domain_then_the_backup_after_a_connection_failure() {
        assert_eq!(Endpoint::Region(&REGION).base(false), "https://primary.example.com");
        assert_eq!(Endpoint::Region(&REGION).base(true), "https://backup.example.com");
        assert_eq!(Endpoint::RegionBackup(&REGION).base(false), "https://backup.example.com");
        assert_eq!(Endpoint::Region(&NO_BACKUP).base(true), "https://primary.example.com");
        assert_eq!(Endpoint::Custom("http://127.0.0.1:1/".into()).base(true), "http://127.0.0.1:1");
    }
}
