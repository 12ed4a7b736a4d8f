//! The client: configuration, and one call of an operation (validate, authenticate, rate-limit,
//! send, decode, classify, retry).
//!
//! Everything a call needs to know about its operation comes from the operation's generated
//! facts ([`Operation`]): its method, path, server, auth scheme (whose kind is matched
//! exhaustively, and whose parameter names come from the spec) and documented HTTP statuses.
//! Nothing here names a family.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use ccapi_models::support::{
    AuthDoc, AuthIn, AuthKind, AuthRole, Envelope, ErrorCode, HttpStatusDoc, Method, Operation, RateLimit, RegionDoc,
    ServerDoc, Validate,
};
use serde::Serialize;
use tracing::Instrument;

use crate::auth::{CcmCredentials, CcmTokenCache, TencentCredentials, UserSigCache};
use crate::ccm::Subject;
use crate::error::{Error, NoCode, VendorError, transport};
use crate::ratelimit::{LocalRateLimiter, Quota, RateLimiter};
use crate::retry::{Retry, RetryPolicy, classify, retry_allowed};
use crate::secret::Secret;

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
    fn base(&self, failed_to_connect: bool) -> &str {
        match self {
            Endpoint::Region(r) if failed_to_connect => r.backup.unwrap_or(r.primary),
            Endpoint::Region(r) => r.primary,
            Endpoint::RegionBackup(r) => r.backup.unwrap_or(r.primary),
            Endpoint::Custom(url) => url.trim_end_matches('/'),
        }
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
    /// The JSON body.
    pub body: serde_json::Value,
}

/// One attempt's request, with its secrets in the clear (never printed).
struct Wire {
    url: String,
    redacted_url: String,
    headers: Vec<(String, Secret)>,
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

    /// The typed part of a call: validate, serialise, and read each answer as `O`'s response.
    /// Everything else (credentials, sending, retrying) is [`Client::send`], which is not
    /// generic, so that each operation adds only this much code.
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
        let subject = crate::ccm::subject::<O>(request);
        let mut outcome = None;
        let mut read = |attempt: Attempt<'_>, renewable: bool| read_attempt::<O>(attempt, renewable, &mut outcome);
        let call = Call { facts: Facts::of::<O>(), subject: &subject, body: &body, first_slot_taken };
        self.send(call, &mut read).await;
        outcome.unwrap_or_else(|| Err(Error::Auth(format!("{} ended without an answer", O::ID))))
    }

    /// Waits for a rate-limit slot of operation `O` (at once when it documents no limit).
    pub(crate) async fn acquire_slot<O: Operation>(&self) {
        self.acquire(&Facts::of::<O>()).await;
    }

    /// Waits for a rate-limit slot of the operation of `facts`.
    async fn acquire(&self, facts: &Facts) {
        if let Some(limit) = facts.rate_limit {
            let key = format!("{}/{}", self.app_id(facts), facts.id);
            self.inner.limiter.acquire(Quota { key: &key, per_second: limit.per_second }).await;
        }
    }

    /// Sends a call until an attempt is final, as the retry policy allows: each attempt's answer
    /// (or failure) goes to `read`, which keeps the typed outcome and says what it allows.
    async fn send(&self, call: Call<'_>, read: &mut ReadAttempt<'_>) {
        let span = tracing::info_span!(
            "ccapi.call",
            operation = call.facts.id,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty
        );
        self.send_with_retries(call, read).instrument(span).await
    }

    async fn send_with_retries(&self, call: Call<'_>, read: &mut ReadAttempt<'_>) {
        let policy = self.inner.retry;
        let mut failed_to_connect = false;
        let mut reauthorized = false;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            tracing::Span::current().record("attempt", attempt);
            if !(call.first_slot_taken && attempt == 1) {
                self.acquire(&call.facts).await;
            }
            let renewable = !reauthorized && self.can_renew_ccm();
            let answer = self.exchange(&call, failed_to_connect).await;
            if let Err(Error::Transport { kind: crate::TransportKind::Connect, .. }) = &answer {
                failed_to_connect = true;
            }
            let (retry, summary) = match read(answer, renewable) {
                Step::Done => return,
                Step::Unauthorized => {
                    // A 401: the tokens expired early or were revoked. Renew them once; a second
                    // 401 is returned as it is.
                    tracing::debug!("HTTP 401: renewing the ccmessaging tokens once");
                    self.invalidate_ccm(call.subject).await;
                    reauthorized = true;
                    attempt -= 1;
                    continue;
                }
                Step::Failed { retry, summary } => (retry, summary),
            };
            if attempt >= policy.max_attempts || !retry_allowed(retry, call.facts.idempotent) {
                tracing::debug!(error = %summary, "call failed");
                return;
            }
            let wait = policy.backoff(attempt);
            tracing::debug!(error = %summary, ?wait, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    fn can_renew_ccm(&self) -> bool {
        matches!(self.inner.ccm, Some(CcmCredentials::AppKey { .. }))
    }

    /// One attempt (its rate-limit slot already taken): credentials, send, read the answer's
    /// status and bytes.
    async fn exchange(&self, call: &Call<'_>, failed_to_connect: bool) -> Attempt<'static> {
        let facts = &call.facts;
        let wire = self.wire(facts, call.subject, failed_to_connect, Credentials::Fetch).await.map_err(Error::Auth)?;
        tracing::debug!(url = %wire.redacted_url, "sending");
        let mut builder = self.inner.http.request(http_method(facts.method), &wire.url);
        if facts.method.has_body() {
            builder = builder.header("content-type", "application/json").body(call.body.to_vec());
        }
        for (name, value) in &wire.headers {
            builder = builder.header(name.as_str(), value.expose());
        }
        let response = builder.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        tracing::Span::current().record("status", status);
        let bytes = response.bytes().await.map_err(transport)?.into();
        Ok(Answer { status, bytes, auth: facts.auth.kind, statuses: facts.http_statuses })
    }

    /// What identifies the app for rate limiting: the Tencent SDKAppID, the ccmessaging app key,
    /// or the auth scheme's key for a scheme of given values.
    fn app_id(&self, facts: &Facts) -> String {
        match facts.auth.kind {
            AuthKind::TencentUserSig => self.inner.tencent.as_ref().map(|t| t.sdkappid.to_string()).unwrap_or_default(),
            AuthKind::CcmessagingToken => self.inner.ccm.as_ref().map(|c| c.key().to_string()).unwrap_or_default(),
            AuthKind::Headers => facts.auth.key.to_string(),
        }
    }

    /// The base URL of the operation's server (an error says what to configure).
    fn base_url(&self, facts: &Facts, failed_to_connect: bool) -> Result<String, String> {
        let chosen = self.inner.endpoints.get(facts.server.key).or(self.inner.fallback.as_ref());
        match (chosen, facts.server.default_region()) {
            (Some(e), _) => Ok(e.base(failed_to_connect).to_string()),
            (None, Some(region)) => Ok(Endpoint::Region(region).base(failed_to_connect).to_string()),
            (None, None) => Err(format!(
                "{} needs the base URL of server `{}` ({}): set it with `server_endpoint`",
                facts.id,
                facts.server.key,
                facts.server.template.unwrap_or("no default")
            )),
        }
    }

    /// The URL and headers of an attempt, its credentials included (or, for
    /// [`Credentials::Redact`], shown as `<redacted>` without fetching any token); an error is
    /// what the credentials lack.
    async fn wire(
        &self,
        facts: &Facts,
        subject: &Result<Subject, String>,
        failed_to_connect: bool,
        credentials: Credentials,
    ) -> Result<Wire, String> {
        let base = self.base_url(facts, failed_to_connect)?;
        let needs = |what: &str| format!("{} needs {what}", facts.id);
        let tencent = || {
            self.inner.tencent.as_ref().ok_or_else(|| needs("Tencent credentials (sdkappid, identifier, secret key)"))
        };
        let ccm = match (facts.auth.kind, credentials) {
            (AuthKind::CcmessagingToken, Credentials::Fetch) => Some(self.ccm_values(facts.id, subject, &base).await?),
            (AuthKind::CcmessagingToken, Credentials::Redact) => {
                let key = self.inner.ccm.as_ref().ok_or_else(|| needs("ccmessaging credentials"))?.key();
                Some(crate::ccm::CcmValues {
                    access: Secret::new("<redacted>"),
                    app_key: key.to_string(),
                    session: Secret::new("<redacted>"),
                })
            }
            (AuthKind::TencentUserSig | AuthKind::Headers, _) => None,
        };
        let ccm_value = |f: fn(&crate::ccm::CcmValues) -> String| {
            ccm.as_ref().map(f).ok_or_else(|| needs("the ccmessaging token flow"))
        };
        let mut query = Vec::new();
        let mut headers = Vec::new();
        for p in facts.auth.params {
            let value = match p.role {
                AuthRole::AppId => tencent()?.sdkappid.to_string(),
                AuthRole::Identifier => tencent()?.identifier.clone(),
                AuthRole::UserSig => match credentials {
                    Credentials::Fetch => self.inner.usersig.get(tencent()?).expose().to_string(),
                    Credentials::Redact => "<redacted>".to_string(),
                },
                AuthRole::Random => fastrand::u32(..).to_string(),
                AuthRole::Fixed(v) => v.to_string(),
                AuthRole::Given => match self.inner.given.iter().find(|(n, _)| n.eq_ignore_ascii_case(p.name)) {
                    Some(_) if p.secret && credentials == Credentials::Redact => "<redacted>".to_string(),
                    Some((_, v)) => v.expose().to_string(),
                    None => return Err(needs(&format!("a value for `{}` (`auth_value`, or {})", p.name, p.env))),
                },
                AuthRole::BearerAccessToken => ccm_value(|c| format!("Bearer {}", c.access.expose()))?,
                AuthRole::AppKey => ccm_value(|c| c.app_key.clone())?,
                AuthRole::ConversationToken => ccm_value(|c| c.session.expose().to_string())?,
            };
            match p.location {
                AuthIn::Query => query.push((p, value)),
                AuthIn::Header => headers.push((p.name.to_ascii_lowercase(), Secret::new(value))),
            }
        }
        let url = |redact: bool| {
            let mut url = format!("{base}{}", facts.path);
            for (i, (p, v)) in query.iter().enumerate() {
                let shown = if redact && p.secret { "<redacted>".to_string() } else { encode_query(v) };
                url.push_str(if i == 0 { "?" } else { "&" });
                url.push_str(&format!("{}={shown}", p.name));
            }
            url
        };
        let redacted_url = url(true);
        Ok(Wire { url: url(false), redacted_url, headers })
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
        let facts = Facts::of::<O>();
        let subject = crate::ccm::subject::<O>(request);
        // Building the wire without fetching tokens does not wait: poll it once.
        let wire = futures_util::FutureExt::now_or_never(self.wire(&facts, &subject, false, Credentials::Redact))
            .unwrap_or_else(|| Err("preparing a request would have to wait".into()))
            .map_err(Error::Auth)?;
        let mut headers = Vec::new();
        if O::METHOD.has_body() {
            headers.push(("content-type".to_string(), "application/json".to_string()));
        }
        // The wire already shows every secret as `<redacted>` (`Credentials::Redact`).
        headers.extend(wire.headers.into_iter().map(|(name, value)| (name, value.expose().to_string())));
        Ok(PreparedRequest { method: O::METHOD.as_str().to_string(), url: wire.redacted_url, headers, body })
    }
}

/// The facts of an operation that sending it needs, read once from its [`Operation`] impl so
/// that the code sending it is not generic.
#[derive(Clone, Copy)]
struct Facts {
    id: &'static str,
    method: Method,
    path: &'static str,
    idempotent: bool,
    rate_limit: Option<RateLimit>,
    auth: &'static AuthDoc,
    server: &'static ServerDoc,
    http_statuses: &'static [HttpStatusDoc],
}

impl Facts {
    fn of<O: Operation>() -> Self {
        Facts {
            id: O::ID,
            method: O::METHOD,
            path: O::PATH,
            idempotent: O::IDEMPOTENT,
            rate_limit: O::RATE_LIMIT,
            auth: O::AUTH,
            server: O::SERVER,
            http_statuses: O::HTTP_STATUSES,
        }
    }
}

/// One call as the untyped sender sees it.
struct Call<'a> {
    facts: Facts,
    /// The token subject of the request (an error when the operation names none).
    subject: &'a Result<Subject, String>,
    body: &'a [u8],
    first_slot_taken: bool,
}

/// What an attempt brought back: an answer, or a failure before one (transport, credentials),
/// which names no vendor code.
type Attempt<'a> = Result<Answer<'a>, Error<NoCode>>;

/// An HTTP answer, not read yet.
struct Answer<'a> {
    status: u16,
    bytes: Vec<u8>,
    auth: AuthKind,
    statuses: &'a [HttpStatusDoc],
}

/// Reads an attempt for the typed caller, keeping the outcome, and says what it allows (with
/// `renewable`, an HTTP 401 of a token-flow call is [`Step::Unauthorized`]).
type ReadAttempt<'a> = dyn FnMut(Attempt<'_>, bool) -> Step + Send + 'a;

/// What an attempt's reading allows the sender.
enum Step {
    /// The outcome is final (a response, or an error that is not retried).
    Done,
    /// A 401 of a token-flow call: renew the tokens and send again.
    Unauthorized,
    /// A failure that the retry policy may resend: what it allows and a log-safe summary.
    Failed { retry: Retry, summary: String },
}

/// Reads an attempt of `O` into `outcome`: the response, or the typed error.
fn read_attempt<O: Operation>(
    attempt: Attempt<'_>,
    renewable: bool,
    outcome: &mut Option<Result<O::Response, Error<O::ErrorCode>>>,
) -> Step {
    let result = match attempt {
        Ok(answer) => match read_answer::<O>(answer, renewable) {
            Some(result) => result,
            None => return Step::Unauthorized,
        },
        Err(e) => Err(e.widen()),
    };
    let step = match &result {
        Ok(_) => Step::Done,
        Err(e) => Step::Failed { retry: classify(e), summary: ErrorSummary(e).to_string() },
    };
    *outcome = Some(result);
    step
}

/// An answer as `O`'s response or error (`None` for a 401 to renew the tokens after).
fn read_answer<O: Operation>(answer: Answer<'_>, renewable: bool) -> Option<Result<O::Response, Error<O::ErrorCode>>> {
    let Answer { status, bytes, auth, statuses } = answer;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let parsed = serde_json::from_slice::<O::Response>(&bytes);
    Some(match (status, parsed) {
        (401, _) if auth == AuthKind::CcmessagingToken && renewable => return None,
        (200, Ok(r)) if r.is_success() => Ok(r),
        (_, Ok(r)) if !r.is_success() => match r.code() {
            Some(code) => Err(Error::Vendor(VendorError {
                code: O::ErrorCode::from_code(code),
                message: r.message().to_string(),
                status,
                body: text,
            })),
            None => {
                Err(Error::Decode { status, message: "the response's result code is not a number".into(), body: text })
            }
        },
        (200, Err(e)) => Err(Error::Decode { status, message: e.to_string(), body: text }),
        (status, _) => {
            Err(Error::Http { status, documented: statuses.iter().find(|h| h.status == status).copied(), body: text })
        }
    })
}

/// Whether a wire carries the credentials or shows them redacted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Credentials {
    /// Sign and fetch what is needed.
    Fetch,
    /// Show every secret as `<redacted>`, fetching nothing.
    Redact,
}

/// The reqwest method of a spec method.
fn http_method(m: Method) -> reqwest::Method {
    match m {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
    }
}

/// RFC 3986 unreserved characters stay; everything else in a query value is percent-encoded.
const QUERY_VALUE: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes a query value.
pub(crate) fn encode_query(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, QUERY_VALUE).to_string()
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

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(encode_query("admin"), "admin");
        assert_eq!(encode_query("a b&c=d*"), "a%20b%26c%3Dd%2A");
        assert_eq!(encode_query("é"), "%C3%A9");
    }
}
