//! The untyped half of a call: rate limiting, credentials, the URL and headers, sending, and the
//! retry loop.
//!
//! None of it is generic over the operation: the facts it needs are read once from the
//! operation's [`Operation`] impl into [`Facts`], and the request arrives serialised. Only
//! validating, serialising and reading an answer as the operation's own types stay per operation
//! (`crate::client`), so each operation of a large spec adds that much code to a build, not a
//! copy of this file.

use ccapi_support::{AuthDoc, AuthIn, AuthKind, AuthRole, HttpStatusDoc, Method, Operation, RateLimit, ServerDoc};
use tracing::Instrument;

use crate::auth::CcmCredentials;
use crate::ccm::{CcmValues, Subject, TokenFlow};
use crate::client::{Client, Endpoint};
use crate::error::{Error, NoCode, transport};
use crate::ratelimit::{Priority, Quota};
use crate::retry::{Retry, retry_allowed};
use crate::secret::Secret;

/// The facts of an operation that sending it needs, read once from its [`Operation`] impl.
#[derive(Clone, Copy)]
pub(crate) struct Facts {
    pub(crate) id: &'static str,
    pub(crate) method: Method,
    pub(crate) path: &'static str,
    pub(crate) idempotent: bool,
    pub(crate) rate_limit: Option<RateLimit>,
    pub(crate) auth: &'static AuthDoc,
    pub(crate) server: &'static ServerDoc,
    pub(crate) http_statuses: &'static [HttpStatusDoc],
    /// The operations issuing its scheme's tokens, when the spec names them.
    pub(crate) tokens: Option<TokenFlow>,
}

impl Facts {
    /// The facts of operation `O`.
    pub(crate) fn of<O: Operation>() -> Self {
        Facts {
            id: O::ID,
            method: O::METHOD,
            path: O::PATH,
            idempotent: O::IDEMPOTENT,
            rate_limit: O::RATE_LIMIT,
            auth: O::AUTH,
            server: O::SERVER,
            http_statuses: O::HTTP_STATUSES,
            tokens: crate::ccm::token_flow::<O>(),
        }
    }
}

/// One call as the sender sees it: the operation's facts and the request, serialised.
pub(crate) struct Call<'a> {
    pub(crate) facts: Facts,
    /// The token subject of the request (empty when its scheme applies no conversation token).
    pub(crate) subject: Subject,
    /// The JSON body (sent when the method has one).
    pub(crate) body: &'a [u8],
    /// The request's fields as query parameters, for a method without a body.
    pub(crate) fields: Vec<(String, String)>,
    /// Whether the caller already took the first attempt's rate-limit slot.
    pub(crate) first_slot_taken: bool,
    /// Its place when calls queue for the rate limit (retries keep it).
    pub(crate) priority: Priority,
}

/// What an attempt brought back: an answer, or a failure before one (transport, credentials),
/// which names no vendor code.
pub(crate) type Attempt = Result<Answer, Error<NoCode>>;

/// An HTTP answer, not read yet.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) bytes: Vec<u8>,
    /// What the spec says of the HTTP statuses the operation's family documents.
    pub(crate) statuses: &'static [HttpStatusDoc],
}

/// Reads an attempt for the typed caller, keeping the outcome, and says what it allows.
pub(crate) type ReadAttempt<'a> = dyn FnMut(Attempt) -> Verdict + Send + 'a;

/// What reading an attempt allows the sender.
pub(crate) enum Verdict {
    /// The outcome is final: a response.
    Done,
    /// A failure, which the retry policy may resend: what it allows, and a log-safe summary.
    Failed { retry: Retry, summary: String },
}

/// One attempt's request, with its secrets in the clear (never printed).
pub(crate) struct Wire {
    pub(crate) url: String,
    pub(crate) redacted_url: String,
    pub(crate) headers: Vec<(String, Secret)>,
}

/// Whether a wire carries the credentials or shows them redacted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Credentials {
    /// Sign and fetch what is needed.
    Fetch,
    /// Show every secret as `<redacted>`, fetching nothing.
    Redact,
}

impl Client {
    /// Waits for a rate-limit slot of the operation of `facts`, in the line of `priority` (at
    /// once when it documents no limit).
    pub(crate) async fn acquire(&self, facts: &Facts, priority: Priority) {
        if let Some(limit) = facts.rate_limit {
            let key = format!("{}/{}", self.app_id(facts), facts.id);
            self.inner.limiter.acquire_with(Quota { key: &key, per_second: limit.per_second }, priority).await;
        }
    }

    /// Sends a call until an attempt is final, as the retry policy allows: each attempt's answer
    /// (or failure) goes to `read`, which keeps the typed outcome and says what it allows.
    pub(crate) async fn send(&self, call: Call<'_>, read: &mut ReadAttempt<'_>) {
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
                self.acquire(&call.facts, call.priority).await;
            }
            let answer = self.exchange(&call, failed_to_connect).await;
            match &answer {
                Ok(a) if a.status == 401 && self.renews_on_401(&call.facts, reauthorized) => {
                    // The tokens expired early or were revoked. Renew them once; a second 401 is
                    // read as it is.
                    tracing::debug!("HTTP 401: renewing the ccmessaging tokens once");
                    self.invalidate_ccm(&call.subject).await;
                    reauthorized = true;
                    attempt -= 1;
                    continue;
                }
                Err(Error::Transport { kind: crate::TransportKind::Connect, .. }) => failed_to_connect = true,
                _ => {}
            }
            let (retry, summary) = match read(answer) {
                Verdict::Done => return,
                Verdict::Failed { retry, summary } => (retry, summary),
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

    /// Whether a 401 of the operation of `facts` renews its tokens: a token-flow call with an
    /// app key and secret, not renewed yet.
    fn renews_on_401(&self, facts: &Facts, reauthorized: bool) -> bool {
        facts.auth.kind == AuthKind::CcmessagingToken
            && !reauthorized
            && matches!(self.inner.ccm, Some(CcmCredentials::AppKey { .. }))
    }

    /// One attempt (its rate-limit slot already taken): credentials, send, read the answer's
    /// status and bytes.
    async fn exchange(&self, call: &Call<'_>, failed_to_connect: bool) -> Attempt {
        let facts = &call.facts;
        let wire = self.wire(facts, &call.subject, &call.fields, failed_to_connect, Credentials::Fetch).await?;
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
        Ok(Answer { status, bytes, statuses: facts.http_statuses })
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
    fn base_url(&self, facts: &Facts, failed_to_connect: bool) -> Result<String, Error<NoCode>> {
        let chosen = self.inner.endpoints.get(facts.server.key).or(self.inner.fallback.as_ref());
        match (chosen, facts.server.default_region()) {
            (Some(e), _) => Ok(e.base(failed_to_connect).to_string()),
            (None, Some(region)) => Ok(Endpoint::Region(region).base(failed_to_connect).to_string()),
            (None, None) => Err(Error::Auth(format!(
                "{} needs the base URL of server `{}` ({}): set it with `server_endpoint`",
                facts.id,
                facts.server.key,
                facts.server.template.unwrap_or("no default")
            ))),
        }
    }

    /// The URL and headers of an attempt, its credentials included (or, for
    /// [`Credentials::Redact`], shown as `<redacted>` without fetching any token), with `fields`
    /// as query parameters after the auth scheme's.
    pub(crate) async fn wire(
        &self,
        facts: &Facts,
        subject: &Subject,
        fields: &[(String, String)],
        failed_to_connect: bool,
        credentials: Credentials,
    ) -> Result<Wire, Error<NoCode>> {
        let base = self.base_url(facts, failed_to_connect)?;
        let needs = |what: &str| Error::Auth(format!("{} needs {what}", facts.id));
        let tencent = || {
            self.inner.tencent.as_ref().ok_or_else(|| needs("Tencent credentials (sdkappid, identifier, secret key)"))
        };
        let ccm = match (facts.auth.kind, credentials) {
            (AuthKind::CcmessagingToken, Credentials::Fetch) => {
                Some(self.ccm_values(facts, subject).await.map_err(crate::ccm::CcmFailure::into_error)?)
            }
            (AuthKind::CcmessagingToken, Credentials::Redact) => {
                let key = self.inner.ccm.as_ref().ok_or_else(|| needs("ccmessaging credentials"))?.key();
                Some(CcmValues {
                    access: Secret::new(crate::secret::REDACTED),
                    app_key: key.to_string(),
                    session: Some(Secret::new(crate::secret::REDACTED)),
                })
            }
            (AuthKind::TencentUserSig | AuthKind::Headers, _) => None,
        };
        let ccm_value =
            |f: fn(&CcmValues) -> String| ccm.as_ref().map(f).ok_or_else(|| needs("the ccmessaging token flow"));
        let mut query = Vec::new();
        let mut headers = Vec::new();
        for p in facts.auth.params {
            let value = match p.role {
                AuthRole::AppId => tencent()?.sdkappid.to_string(),
                AuthRole::Identifier => tencent()?.identifier.clone(),
                AuthRole::UserSig => match credentials {
                    Credentials::Fetch => self.inner.usersig.get(tencent()?).expose().to_string(),
                    Credentials::Redact => crate::secret::REDACTED.to_string(),
                },
                AuthRole::Random => fastrand::u32(..).to_string(),
                AuthRole::Fixed(v) => v.to_string(),
                AuthRole::Given => match self.inner.given.iter().find(|(n, _)| n.eq_ignore_ascii_case(p.name)) {
                    Some(_) if p.secret && credentials == Credentials::Redact => crate::secret::REDACTED.to_string(),
                    Some((_, v)) => v.expose().to_string(),
                    None => return Err(needs(&format!("a value for `{}` (`auth_value`, or {})", p.name, p.env))),
                },
                AuthRole::BearerAccessToken => ccm_value(|c| format!("Bearer {}", c.access.expose()))?,
                AuthRole::AppKey => ccm_value(|c| c.app_key.clone())?,
                AuthRole::ConversationToken => {
                    ccm_value(|c| c.session.as_ref().map(|s| s.expose().to_string()).unwrap_or_default())?
                }
            };
            match p.location {
                AuthIn::Query => query.push((p, value)),
                AuthIn::Header => headers.push((p.name.to_ascii_lowercase(), Secret::new(value))),
            }
        }
        let url = |redact: bool| {
            let mut url = format!("{base}{}", facts.path);
            for (i, (p, v)) in query.iter().enumerate() {
                let shown = if redact && p.secret { crate::secret::REDACTED.to_string() } else { encode_query(v) };
                url.push_str(if i == 0 { "?" } else { "&" });
                url.push_str(&format!("{}={shown}", p.name));
            }
            for (i, (name, v)) in fields.iter().enumerate() {
                url.push_str(if i == 0 && query.is_empty() { "?" } else { "&" });
                url.push_str(&format!("{}={}", encode_query(name), encode_query(v)));
            }
            url
        };
        let redacted_url = url(true);
        Ok(Wire { url: url(false), redacted_url, headers })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(encode_query("admin"), "admin");
        assert_eq!(encode_query("a b&c=d*"), "a%20b%26c%3Dd%2A");
        assert_eq!(encode_query("é"), "%C3%A9");
    }
}
