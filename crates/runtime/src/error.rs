//! What a call can fail with.
//!
//! [`Error`] is generic over the operation's error-code enum, so a vendor error carries the code
//! as a typed value (`desk::SendStreamMsgErrorCode::NetworkIssue`), with the spec's description
//! and retry classification. Nothing here holds a secret: URLs are never kept (the UserSig is in
//! the query string), and token responses are not echoed.

use std::fmt;

use ccapi_support::{ErrorCode, HttpStatusDoc, ValidationErrors};

/// A failed call of an operation whose documented codes are `C`.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<C> {
    /// The request breaks a documented constraint; nothing was sent.
    Invalid(ValidationErrors),
    /// The vendor answered with an error code.
    Vendor(VendorError<C>),
    /// The vendor answered with an HTTP status other than 200 and no readable error envelope.
    Http {
        /// The status.
        status: u16,
        /// What the spec says of this status, when it documents it.
        documented: Option<HttpStatusDoc>,
        /// The raw response body.
        body: String,
    },
    /// The response could not be read as the operation's response.
    Decode {
        /// The HTTP status.
        status: u16,
        /// What is wrong.
        message: String,
        /// The raw response body.
        body: String,
    },
    /// The request or its response was lost on the way.
    Transport {
        /// What kind of failure.
        kind: TransportKind,
        /// The underlying error, without any URL.
        message: String,
    },
    /// Credentials could not be obtained: none are set, or the spec gives no way to get them.
    Auth(String),
    /// A token call of the auth scheme failed (ccmessaging's tokenByAkSk or applyToken), with
    /// that operation's own error.
    Token(Box<TokenError>),
}

/// A failed token call: which operation, and its error, the code erased to a [`TokenCode`] so
/// that the error of any operation can carry it. Never holds a token or a secret: a token
/// answer's body is dropped.
#[derive(Debug)]
pub struct TokenError {
    /// The token operation's id (`ccmessaging.token_by_ak_sk`).
    pub operation: &'static str,
    /// How it failed (a vendor error carries the code with the spec's description).
    pub error: Error<TokenCode>,
}

impl TokenError {
    /// The error of a token call of operation `O`.
    pub(crate) fn of<O: ccapi_support::Operation>(error: Error<O::ErrorCode>) -> Self {
        let error = match error {
            // A token call that needed a token itself (applyToken's access token) failed there.
            Error::Token(inner) => return *inner,
            Error::Invalid(e) => Error::Invalid(e),
            Error::Vendor(v) => Error::Vendor(VendorError {
                code: TokenCode::of(&v.code),
                message: v.message,
                status: v.status,
                body: v.body,
            }),
            Error::Http { status, documented, body } => Error::Http { status, documented, body },
            // A successful answer that could not be read may hold the token: its body is dropped.
            Error::Decode { status: 200, message, .. } => {
                Error::Decode { status: 200, message, body: "<dropped: a token answer>".into() }
            }
            Error::Decode { status, message, body } => Error::Decode { status, message, body },
            Error::Transport { kind, message } => Error::Transport { kind, message },
            Error::Auth(m) => Error::Auth(m),
        };
        TokenError { operation: O::ID, error }
    }

    /// A successful answer without the token.
    pub(crate) fn no_token(operation: &'static str) -> Self {
        let error = Error::Decode { status: 200, message: "the answer holds no token".into(), body: String::new() };
        TokenError { operation, error }
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the token call {} failed: {}", self.operation, self.error)
    }
}

/// The error code of a token operation, as its number with what the spec says of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenCode {
    /// The vendor's number.
    pub code: i64,
    /// The spec's description, when documented.
    pub description: Option<&'static str>,
    /// Whether the spec marks it retryable.
    pub retryable: bool,
    /// Whether the spec documents it.
    pub known: bool,
}

impl TokenCode {
    fn of<C: ErrorCode>(c: &C) -> Self {
        TokenCode { code: c.code(), description: c.description(), retryable: c.is_retryable(), known: c.is_known() }
    }
}

impl ErrorCode for TokenCode {
    fn from_code(code: i64) -> Self {
        TokenCode { code, description: None, retryable: false, known: false }
    }
    fn code(&self) -> i64 {
        self.code
    }
    fn description(&self) -> Option<&'static str> {
        self.description
    }
    fn is_retryable(&self) -> bool {
        self.retryable
    }
    fn is_known(&self) -> bool {
        self.known
    }
}

impl fmt::Display for TokenCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        ccapi_support::fmt_error_code(self, f)
    }
}

/// The kind of a transport failure, which decides whether resending is safe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// The connection could not be made: the request provably never reached the server.
    Connect,
    /// No complete answer in time: the request may have been processed.
    Timeout,
    /// The connection broke after the request was sent: it may have been processed.
    Interrupted,
}

impl TransportKind {
    /// Whether the request may have reached the server.
    pub fn maybe_sent(self) -> bool {
        !matches!(self, TransportKind::Connect)
    }
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Connect => "could not connect",
            TransportKind::Timeout => "timed out",
            TransportKind::Interrupted => "connection interrupted",
        })
    }
}

/// An error code returned by the vendor.
#[derive(Debug, Clone)]
pub struct VendorError<C> {
    /// The documented code (or `Unknown(n)`).
    pub code: C,
    /// The vendor's message (`ErrorInfo`, `resultDesc`).
    pub message: String,
    /// The HTTP status it came with.
    pub status: u16,
    /// The raw response body.
    pub body: String,
}

impl<C: ErrorCode> Error<C> {
    /// Whether the same request may succeed when sent again, for an idempotent operation at
    /// least: [`crate::retry::classify`] is not [`crate::retry::Retry::Never`]. The client itself
    /// decides with the same classifier, resending ambiguous failures only of idempotent
    /// operations.
    pub fn is_retryable(&self) -> bool {
        crate::retry::classify(self) != crate::retry::Retry::Never
    }

    /// Whether the request may have reached the vendor and been applied although no success
    /// answer came back: a timeout or a connection broken after sending, a 5xx status (a gateway
    /// may hide an applied call), or an unreadable answer. A vendor error code, a 4xx status, a
    /// refused connection, a request refused before sending or failed credentials mean it was
    /// not applied.
    pub fn may_have_reached_the_vendor(&self) -> bool {
        match self {
            Error::Invalid(_) | Error::Vendor(_) | Error::Auth(_) | Error::Token(_) => false,
            Error::Http { status, .. } => *status >= 500,
            Error::Decode { .. } => true,
            Error::Transport { kind, .. } => kind.maybe_sent(),
        }
    }

    /// The vendor's error code, for a vendor error.
    pub fn code(&self) -> Option<&C> {
        match self {
            Error::Vendor(v) => Some(&v.code),
            _ => None,
        }
    }

    /// The raw response body, when there was a response.
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            Error::Vendor(v) => Some(&v.body),
            Error::Http { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The HTTP status, when there was a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Vendor(v) => Some(v.status),
            Error::Http { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl<C: ErrorCode + fmt::Display> fmt::Display for Error<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(e) => write!(f, "request refused before sending: {e}"),
            Error::Vendor(v) => {
                write!(f, "vendor error {}", v.code)?;
                if !v.message.is_empty() {
                    write!(f, ": {}", v.message)?;
                }
                if v.code.is_retryable() {
                    f.write_str(" [retryable]")?;
                }
                Ok(())
            }
            Error::Http { status, documented, .. } => {
                write!(f, "HTTP status {status}")?;
                if let Some(d) = documented {
                    write!(f, ": {}", d.description)?;
                }
                Ok(())
            }
            Error::Decode { status, message, .. } => write!(f, "undecodable response (HTTP {status}): {message}"),
            Error::Transport { kind, message } => write!(f, "transport error, {kind}: {message}"),
            Error::Auth(m) => write!(f, "authentication failed: {m}"),
            Error::Token(t) => write!(f, "authentication failed: {t}"),
        }
    }
}

impl<C: ErrorCode + fmt::Display> std::error::Error for Error<C> {}

/// The code type of a failure that names no vendor code (a transport or credentials failure,
/// before any answer): it has no value, so such an [`Error`] widens to any operation's.
#[derive(Debug)]
pub(crate) enum NoCode {}

impl Error<NoCode> {
    /// The same failure as an error of an operation whose codes are `C`.
    pub(crate) fn widen<C>(self) -> Error<C> {
        match self {
            Error::Invalid(e) => Error::Invalid(e),
            Error::Vendor(v) => match v.code {},
            Error::Http { status, documented, body } => Error::Http { status, documented, body },
            Error::Decode { status, message, body } => Error::Decode { status, message, body },
            Error::Transport { kind, message } => Error::Transport { kind, message },
            Error::Auth(m) => Error::Auth(m),
            Error::Token(t) => Error::Token(t),
        }
    }
}

/// A reqwest error as a transport failure, without its URL (which holds the UserSig).
pub(crate) fn transport<C>(e: reqwest::Error) -> Error<C> {
    let kind = if e.is_connect() {
        TransportKind::Connect
    } else if e.is_timeout() {
        TransportKind::Timeout
    } else {
        TransportKind::Interrupted
    };
    let e = e.without_url();
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    // The causes carry no URL and say what happened ("connection refused", "reset by peer").
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    Error::Transport { kind, message }
}
