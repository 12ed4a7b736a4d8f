//! Why a delivery was refused: each reason a typed value with its HTTP status; an unreadable body
//! is kept as received. Nothing here holds or prints the callback token.

use std::fmt;

/// A refused delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// Not a POST (405).
    Method(String),
    /// The body is larger than the receiver accepts (413).
    TooLarge {
        /// The receiver's cap, in bytes.
        limit: usize,
    },
    /// No `SdkAppid` in the query (401).
    MissingAppId,
    /// Another app's `SdkAppid` (401).
    OtherApp {
        /// The id the delivery carries.
        given: String,
    },
    /// Callback authentication is on and `Sign` or `RequestTime` is missing (401).
    MissingSign,
    /// `RequestTime` is not a number of seconds (401).
    BadRequestTime(String),
    /// `RequestTime` is further from the receiver's clock than the replay window (401).
    Stale {
        /// The delivery's `RequestTime`.
        request_time: u64,
        /// The receiver's clock.
        now: u64,
    },
    /// `Sign` is not the signature of `RequestTime` under the token (401).
    BadSign,
    /// No `CallbackCommand` in the query or the body (400).
    MissingCommand,
    /// The query and the body name different commands (400).
    CommandMismatch {
        /// The query's `CallbackCommand`.
        query: String,
        /// The body's `CallbackCommand`.
        body: String,
    },
    /// The body is not what the command's schema says (400); the body is kept as received.
    Unreadable {
        /// The command.
        command: String,
        /// What is wrong.
        error: String,
        /// The body as received.
        body: Vec<u8>,
    },
    /// The dedup store could not answer (503, so that the vendor delivers again).
    DedupUnavailable(String),
    /// A push receiver got a delivery to a path no callback of its is delivered to (404).
    OtherPath(String),
    /// The app's verification hook refused the push (401): why, as the hook says (logged, and
    /// never sent back to the sender).
    Refused(String),
}

impl Rejection {
    /// The HTTP status answered.
    pub fn status(&self) -> u16 {
        match self {
            Rejection::Method(_) => 405,
            Rejection::TooLarge { .. } => 413,
            Rejection::MissingAppId
            | Rejection::OtherApp { .. }
            | Rejection::MissingSign
            | Rejection::BadRequestTime(_)
            | Rejection::Stale { .. }
            | Rejection::BadSign
            | Rejection::Refused(_) => 401,
            Rejection::OtherPath(_) => 404,
            Rejection::MissingCommand | Rejection::CommandMismatch { .. } | Rejection::Unreadable { .. } => 400,
            Rejection::DedupUnavailable(_) => 503,
        }
    }

    /// What the answer's body says: the reason, except the verification hook's own words, which
    /// stay in the receiver's log.
    pub fn public_reason(&self) -> String {
        match self {
            Rejection::Refused(_) => "the push failed verification".to_string(),
            other => other.to_string(),
        }
    }

    /// Whether the delivery failed authentication (wrong app, missing, stale or bad signature, or
    /// refused by the verification hook).
    pub fn is_authentication(&self) -> bool {
        self.status() == 401
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Method(m) => write!(f, "method {m}: callbacks are POSTs"),
            Rejection::TooLarge { limit } => write!(f, "body larger than {limit} bytes"),
            Rejection::MissingAppId => f.write_str("no SdkAppid in the query"),
            Rejection::OtherApp { given } => write!(f, "SdkAppid {given} is not this app's"),
            Rejection::MissingSign => f.write_str("callback authentication is on, and Sign or RequestTime is missing"),
            Rejection::BadRequestTime(t) => write!(f, "RequestTime {t:?} is not Unix seconds"),
            Rejection::Stale { request_time, now } => {
                write!(
                    f,
                    "RequestTime {request_time} is {}s from now ({now}): outside the replay window",
                    now.abs_diff(*request_time)
                )
            }
            Rejection::BadSign => f.write_str("Sign does not match the token and RequestTime"),
            Rejection::MissingCommand => f.write_str("no CallbackCommand in the query or the body"),
            Rejection::CommandMismatch { query, body } => {
                write!(f, "the query says CallbackCommand {query}, the body {body}")
            }
            Rejection::Unreadable { command, error, body } => {
                write!(f, "{command}: unreadable body ({error}; {} bytes kept)", body.len())
            }
            Rejection::DedupUnavailable(e) => write!(f, "the dedup store did not answer: {e}"),
            Rejection::OtherPath(p) => write!(f, "no callback is delivered to {p:?}"),
            Rejection::Refused(why) => write!(f, "the verification hook refused the push: {why}"),
        }
    }
}

impl std::error::Error for Rejection {}
