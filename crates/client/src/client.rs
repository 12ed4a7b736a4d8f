//! The client: configuration, and one call of an operation (validate, authenticate, rate-limit,
//! send, decode, classify, retry).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use ccapi_models::common::TencentImRegion;
use ccapi_models::support::{Envelope, ErrorCode, Operation, Validate};
use serde::Serialize;
use tracing::Instrument;

use crate::auth::{CcmCredentials, CcmTokenCache, TencentCredentials, UserSigCache};
use crate::error::{Error, VendorError, transport};
use crate::ratelimit::{LocalRateLimiter, Quota, RateLimiter};
use crate::retry::{RetryPolicy, should_retry};
use crate::secret::Secret;

/// Where the Tencent families (Desk, chatbot) are called.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// A documented region: its primary domain, switching to its backup domain after a
    /// connection failure.
    Region(TencentImRegion),
    /// A documented region's backup domain only.
    RegionBackup(TencentImRegion),
    /// Any base URL (a proxy, or a fake server: `http://127.0.0.1:8080`).
    Custom(String),
}

impl Endpoint {
    /// The base URL of an attempt, given whether an earlier attempt could not connect.
    fn base(&self, failed_to_connect: bool) -> &str {
        match self {
            Endpoint::Region(r) if failed_to_connect => r.backup().unwrap_or(r.primary()),
            Endpoint::Region(r) => r.primary(),
            Endpoint::RegionBackup(r) => r.backup().unwrap_or(r.primary()),
            Endpoint::Custom(url) => url,
        }
    }
}

/// The default per-attempt timeout: well above the vendor's own 3 s server timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Builds a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    tencent: Option<TencentCredentials>,
    endpoint: Endpoint,
    ccm: Option<CcmCredentials>,
    ccm_endpoint: Option<String>,
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
            endpoint: Endpoint::Region(TencentImRegion::China),
            ccm: None,
            ccm_endpoint: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: Duration::from_secs(3),
            retry: RetryPolicy::default(),
            limiter: None,
            http: None,
        }
    }
}

impl ClientBuilder {
    /// Credentials for the Desk and chatbot families.
    pub fn tencent(mut self, credentials: TencentCredentials) -> Self {
        self.tencent = Some(credentials);
        self
    }

    /// Where the Desk and chatbot families are called (default: the China region).
    pub fn endpoint(mut self, endpoint: Endpoint) -> Self {
        self.endpoint = endpoint;
        self
    }

    /// Credentials for the ccmessaging family.
    pub fn ccmessaging(mut self, credentials: CcmCredentials) -> Self {
        self.ccm = Some(credentials);
        self
    }

    /// The ccmessaging deployment's base URL (`https://service.example.com`); each deployment
    /// has its own, so there is no default.
    pub fn ccmessaging_endpoint(mut self, base_url: impl Into<String>) -> Self {
        self.ccm_endpoint = Some(base_url.into());
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
                endpoint: self.endpoint,
                ccm: self.ccm,
                ccm_endpoint: self.ccm_endpoint.map(|u| u.trim_end_matches('/').to_string()),
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
/// operations are methods of the family handles: [`Client::desk`], [`Client::chatbot`],
/// [`Client::ccmessaging`].
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) tencent: Option<TencentCredentials>,
    pub(crate) endpoint: Endpoint,
    pub(crate) ccm: Option<CcmCredentials>,
    pub(crate) ccm_endpoint: Option<String>,
    pub(crate) retry: RetryPolicy,
    pub(crate) limiter: Arc<dyn RateLimiter>,
    pub(crate) usersig: UserSigCache,
    pub(crate) ccm_tokens: CcmTokenCache,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("tencent", &self.inner.tencent)
            .field("endpoint", &self.inner.endpoint)
            .field("ccmessaging", &self.inner.ccm)
            .field("ccmessaging_endpoint", &self.inner.ccm_endpoint)
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
    /// The JSON body.
    pub body: serde_json::Value,
}

/// One attempt's request, with its secrets in the clear (never printed).
struct Wire {
    url: String,
    redacted_url: String,
    headers: Vec<(String, Secret)>,
}

/// What an attempt's answer was, before it is turned into a result.
enum Answer<R> {
    Ok(R),
    Unauthorized,
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
        self.call_inner::<O>(request, false).await
    }

    /// [`Client::call`] for a caller that already took the first attempt's rate-limit slot
    /// (see [`Client::acquire_slot`]).
    pub(crate) async fn call_with_slot<O: Operation>(
        &self,
        request: &O::Request,
    ) -> Result<O::Response, Error<O::ErrorCode>> {
        self.call_inner::<O>(request, true).await
    }

    async fn call_inner<O: Operation>(
        &self,
        request: &O::Request,
        first_slot_taken: bool,
    ) -> Result<O::Response, Error<O::ErrorCode>> {
        request.validate().map_err(Error::Invalid)?;
        let body = serde_json::to_vec(request).map_err(|e| Error::Decode {
            status: 0,
            message: format!("the request could not be serialised: {e}"),
            body: String::new(),
        })?;
        let span = tracing::info_span!(
            "ccapi.call",
            operation = O::ID,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty
        );
        self.call_with_retries::<O>(request, &body, first_slot_taken).instrument(span).await
    }

    /// Waits for a rate-limit slot of operation `O` (at once when it documents no limit).
    pub(crate) async fn acquire_slot<O: Operation>(&self) {
        if let Some(limit) = O::RATE_LIMIT {
            let key = format!("{}/{}", self.app_id::<O>(), O::ID);
            self.inner.limiter.acquire(Quota { key: &key, per_second: limit.per_second }).await;
        }
    }

    async fn call_with_retries<O: Operation>(
        &self,
        request: &O::Request,
        body: &[u8],
        first_slot_taken: bool,
    ) -> Result<O::Response, Error<O::ErrorCode>> {
        let policy = self.inner.retry;
        let mut failed_to_connect = false;
        let mut reauthorized = false;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            tracing::Span::current().record("attempt", attempt);
            if !(first_slot_taken && attempt == 1) {
                self.acquire_slot::<O>().await;
            }
            let renewable = !reauthorized && self.can_renew_ccm();
            let result = self.attempt::<O>(request, body, failed_to_connect, renewable).await;
            let error = match result {
                Ok(Answer::Ok(response)) => return Ok(response),
                Ok(Answer::Unauthorized) => {
                    // A 401: the tokens expired early or were revoked. Renew them once; a second
                    // 401 is returned as it is.
                    tracing::debug!("HTTP 401: renewing the ccmessaging tokens once");
                    self.invalidate_ccm::<O>(request).await;
                    reauthorized = true;
                    attempt -= 1;
                    continue;
                }
                Err(e) => e,
            };
            if let Error::Transport { kind: crate::TransportKind::Connect, .. } = &error {
                failed_to_connect = true;
            }
            if attempt >= policy.max_attempts || !should_retry(&error, O::IDEMPOTENT) {
                tracing::debug!(error = %ErrorSummary(&error), "call failed");
                return Err(error);
            }
            let wait = policy.backoff(attempt);
            tracing::debug!(error = %ErrorSummary(&error), ?wait, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    fn can_renew_ccm(&self) -> bool {
        matches!(self.inner.ccm, Some(CcmCredentials::AppKey { .. }))
    }

    /// One attempt (its rate-limit slot already taken): credentials, send, read, classify. With
    /// `renewable`, an HTTP 401 of a ccmessaging call is [`Answer::Unauthorized`].
    async fn attempt<O: Operation>(
        &self,
        request: &O::Request,
        body: &[u8],
        failed_to_connect: bool,
        renewable: bool,
    ) -> Result<Answer<O::Response>, Error<O::ErrorCode>> {
        let wire = self.wire::<O>(request, failed_to_connect).await?;
        tracing::debug!(url = %wire.redacted_url, "sending");
        let mut builder = self
            .inner
            .http
            .request(reqwest::Method::from_bytes(O::METHOD.as_bytes()).unwrap_or(reqwest::Method::POST), &wire.url)
            .header("content-type", "application/json")
            .body(body.to_vec());
        for (name, value) in &wire.headers {
            builder = builder.header(name.as_str(), value.expose());
        }
        let response = builder.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        tracing::Span::current().record("status", status);
        let bytes = response.bytes().await.map_err(transport)?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let parsed = serde_json::from_slice::<O::Response>(&bytes);
        match (status, parsed) {
            (401, _) if O::AUTH == "ccmessaging-token" && renewable => Ok(Answer::Unauthorized),
            (200, Ok(r)) if r.is_success() => Ok(Answer::Ok(r)),
            (_, Ok(r)) if !r.is_success() => match r.code() {
                Some(code) => Err(Error::Vendor(VendorError {
                    code: O::ErrorCode::from_code(code),
                    message: r.message().to_string(),
                    status,
                    body: text,
                })),
                None => Err(Error::Decode {
                    status,
                    message: "the response's result code is not a number".into(),
                    body: text,
                }),
            },
            (200, Err(e)) => Err(Error::Decode { status, message: e.to_string(), body: text }),
            (status, _) => Err(Error::Http {
                status,
                description: O::HTTP_STATUSES.iter().find(|h| h.status == status).map(|h| h.description),
                body: text,
            }),
        }
    }

    /// What identifies the app for rate limiting.
    fn app_id<O: Operation>(&self) -> String {
        match O::AUTH {
            "tencent-usersig" => self.inner.tencent.as_ref().map(|t| t.sdkappid.to_string()).unwrap_or_default(),
            _ => self.inner.ccm.as_ref().map(|c| c.key().to_string()).unwrap_or_default(),
        }
    }

    /// The URL and headers of an attempt, its credentials included.
    async fn wire<O: Operation>(
        &self,
        request: &O::Request,
        failed_to_connect: bool,
    ) -> Result<Wire, Error<O::ErrorCode>> {
        match O::AUTH {
            "tencent-usersig" => {
                let creds = self.inner.tencent.as_ref().ok_or_else(|| {
                    Error::Auth(format!("{} needs Tencent credentials (sdkappid, identifier, secret key)", O::ID))
                })?;
                let usersig = self.inner.usersig.get(creds);
                let base = self.inner.endpoint.base(failed_to_connect).trim_end_matches('/');
                let random = fastrand::u32(..);
                let query = |sig: &str| {
                    format!(
                        "{base}{}?sdkappid={}&identifier={}&usersig={sig}&random={random}&contenttype=json",
                        O::PATH,
                        creds.sdkappid,
                        encode_query(&creds.identifier),
                    )
                };
                Ok(Wire {
                    url: query(&encode_query(usersig.expose())),
                    redacted_url: query("<redacted>"),
                    headers: Vec::new(),
                })
            }
            "ccmessaging-token" => {
                let base = self.inner.ccm_endpoint.as_deref().ok_or_else(|| {
                    Error::Auth(format!("{} needs the ccmessaging endpoint (the deployment's base URL)", O::ID))
                })?;
                let url = format!("{base}{}", O::PATH);
                let headers = self.ccm_headers::<O>(request).await.map_err(Error::Auth)?;
                Ok(Wire { redacted_url: url.clone(), url, headers })
            }
            other => Err(Error::Auth(format!("auth scheme `{other}` of {} is not supported by this client", O::ID))),
        }
    }

    /// The request `O` would send, secrets redacted, without sending it (and without fetching
    /// tokens: token headers show `<redacted>`).
    pub fn prepare<O: Operation>(&self, request: &O::Request) -> Result<PreparedRequest, Error<O::ErrorCode>> {
        request.validate().map_err(Error::Invalid)?;
        let body = serde_json::to_value(request).map_err(|e| Error::Decode {
            status: 0,
            message: format!("the request could not be serialised: {e}"),
            body: String::new(),
        })?;
        let mut headers = vec![("content-type".to_string(), "application/json".to_string())];
        let url = match O::AUTH {
            "tencent-usersig" => {
                let creds = self.inner.tencent.as_ref().ok_or_else(|| Error::Auth("no Tencent credentials".into()))?;
                format!(
                    "{}{}?sdkappid={}&identifier={}&usersig=<redacted>&random={}&contenttype=json",
                    self.inner.endpoint.base(false).trim_end_matches('/'),
                    O::PATH,
                    creds.sdkappid,
                    encode_query(&creds.identifier),
                    fastrand::u32(..)
                )
            }
            _ => {
                let ccm = self.inner.ccm.as_ref().ok_or_else(|| Error::Auth("no ccmessaging credentials".into()))?;
                headers.push(("authorization".into(), "Bearer <redacted>".into()));
                headers.push(("x-app-key".into(), ccm.key().to_string()));
                headers.push(("ccmessaging-token".into(), "<redacted>".into()));
                format!("{}{}", self.inner.ccm_endpoint.as_deref().unwrap_or("https://{domain}"), O::PATH)
            }
        };
        Ok(PreparedRequest { method: O::METHOD.to_string(), url, headers, body })
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
pub(crate) fn encode_query(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_use_the_primary_domain_then_the_backup_after_a_connection_failure() {
        for region in TencentImRegion::ALL {
            let e = Endpoint::Region(*region);
            assert_eq!(e.base(false), region.primary());
            assert_eq!(e.base(true), region.backup().unwrap_or(region.primary()));
            assert_eq!(Endpoint::RegionBackup(*region).base(false), region.backup().unwrap_or(region.primary()));
        }
        assert_eq!(Endpoint::Region(TencentImRegion::Singapore).base(true), "https://adminapisgp.my-imcloud.com");
        assert_eq!(Endpoint::Custom("http://127.0.0.1:1".into()).base(true), "http://127.0.0.1:1");
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(encode_query("admin"), "admin");
        assert_eq!(encode_query("a b&c=d*"), "a%20b%26c%3Dd%2A");
        assert_eq!(encode_query("é"), "%C3%A9");
    }
}
