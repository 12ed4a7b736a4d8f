//! When and how long to wait before sending a request again.

use std::time::Duration;

use ccapi_support::ErrorCode;

use crate::error::Error;

/// Bounded exponential backoff with full jitter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = never retry).
    pub max_attempts: u32,
    /// The backoff ceiling before the first retry.
    pub initial_backoff: Duration,
    /// The largest backoff ceiling.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { max_attempts: 4, initial_backoff: Duration::from_millis(100), max_backoff: Duration::from_secs(5) }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// The wait before retry number `retry` (1 for the first): a uniformly random duration up to
    /// `initial_backoff * 2^(retry-1)`, capped at `max_backoff` ("full jitter").
    pub fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32.checked_shl(retry.saturating_sub(1)).unwrap_or(u32::MAX))
            .min(self.max_backoff);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// What a failed attempt allows: the one decision behind both [`should_retry`] (the client's)
/// and [`Error::is_retryable`] (the caller's), so the two cannot disagree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    /// Sending it again cannot succeed (or nothing was sent because of the request itself).
    Never,
    /// The request was not carried out: resending is safe for any operation.
    Safe,
    /// The request may have been carried out: only an idempotent operation is resent (a streamed
    /// chunk is never appended twice).
    IfIdempotent,
}

/// One rule of the classifier: decides for the errors it knows, passes (`None`) on the others.
pub type Rule<C> = fn(&Error<C>) -> Option<Retry>;

/// A request the client refused to send, or could not authenticate (a failed token call was
/// already retried as its own operation): resending cannot help.
fn not_sent_by_us<C: ErrorCode>(e: &Error<C>) -> Option<Retry> {
    matches!(e, Error::Invalid(_) | Error::Auth(_) | Error::Token(_)).then_some(Retry::Never)
}

/// A vendor error code: retryable exactly when the spec marks the code so (the vendor refused
/// the request, so it was not carried out).
fn vendor_code<C: ErrorCode>(e: &Error<C>) -> Option<Retry> {
    match e {
        Error::Vendor(v) => Some(if v.code.is_retryable() { Retry::Safe } else { Retry::Never }),
        _ => None,
    }
}

/// An HTTP status the spec documents for the family: retryable when the spec says so; a
/// documented 4xx was refused (safe), a documented 5xx may have been carried out.
fn documented_status<C: ErrorCode>(e: &Error<C>) -> Option<Retry> {
    match e {
        Error::Http { documented: Some(d), .. } => Some(match (d.retryable, d.status) {
            (false, _) => Retry::Never,
            (true, 400..=499) => Retry::Safe,
            (true, _) => Retry::IfIdempotent,
        }),
        _ => None,
    }
}

/// An HTTP status the spec does not document, by HTTP's own semantics: 429 Too Many Requests
/// refused the request (RFC 6585); 502, 503 and 504 come from a gateway or an overloaded
/// server and may follow a request that was carried out; any other status is final.
fn http_semantics<C: ErrorCode>(e: &Error<C>) -> Option<Retry> {
    match e {
        Error::Http { status: 429, .. } => Some(Retry::Safe),
        Error::Http { status: 502..=504, .. } => Some(Retry::IfIdempotent),
        Error::Http { .. } => Some(Retry::Never),
        _ => None,
    }
}

/// A transport failure: a connection that could not be made never carried the request; a
/// timeout or a broken connection may have.
fn transport<C: ErrorCode>(e: &Error<C>) -> Option<Retry> {
    match e {
        Error::Transport { kind, .. } => Some(if kind.maybe_sent() { Retry::IfIdempotent } else { Retry::Safe }),
        _ => None,
    }
}

/// An answer that could not be read: the request may have been carried out.
fn unreadable_answer<C: ErrorCode>(e: &Error<C>) -> Option<Retry> {
    matches!(e, Error::Decode { .. }).then_some(Retry::IfIdempotent)
}

/// The rules, in order; the first that decides wins.
pub fn rules<C: ErrorCode>() -> [Rule<C>; 6] {
    [not_sent_by_us, vendor_code, documented_status, http_semantics, transport, unreadable_answer]
}

/// What a failed attempt allows (the first rule of [`rules`] that decides).
pub fn classify<C: ErrorCode>(error: &Error<C>) -> Retry {
    rules().iter().find_map(|rule| rule(error)).unwrap_or(Retry::Never)
}

/// Whether a failed attempt of an operation (idempotent or not) may be sent again.
pub fn should_retry<C: ErrorCode>(error: &Error<C>, idempotent: bool) -> bool {
    retry_allowed(classify(error), idempotent)
}

/// Whether what a failed attempt allows lets an operation (idempotent or not) send it again.
pub(crate) fn retry_allowed(retry: Retry, idempotent: bool) -> bool {
    match retry {
        Retry::Never => false,
        Retry::Safe => true,
        Retry::IfIdempotent => idempotent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TransportKind;
    use ccapi_support::{HttpStatusDoc, ValidationErrors};

    /// Two codes: 1 retryable, 2 not.
    #[derive(Debug, Clone, Copy, PartialEq)]
    struct Code(i64);

    impl ErrorCode for Code {
        fn from_code(code: i64) -> Self {
            Code(code)
        }
        fn code(&self) -> i64 {
            self.0
        }
        fn description(&self) -> Option<&'static str> {
            None
        }
        fn is_retryable(&self) -> bool {
            self.0 == 1
        }
        fn is_known(&self) -> bool {
            true
        }
    }

    fn vendor(code: i64) -> Error<Code> {
        Error::Vendor(crate::VendorError { code: Code(code), message: String::new(), status: 200, body: String::new() })
    }

    fn http(status: u16, documented: Option<bool>) -> Error<Code> {
        let documented = documented.map(|retryable| HttpStatusDoc { status, description: "d", retryable });
        Error::Http { status, documented, body: String::new() }
    }

    fn transport(kind: TransportKind) -> Error<Code> {
        Error::Transport { kind, message: String::new() }
    }

    fn every_kind() -> Vec<(Error<Code>, Retry)> {
        vec![
            (Error::Invalid(ValidationErrors(Vec::new())), Retry::Never),
            (Error::Auth("no key".into()), Retry::Never),
            (vendor(1), Retry::Safe),
            (vendor(2), Retry::Never),
            (http(429, None), Retry::Safe),
            (http(502, None), Retry::IfIdempotent),
            (http(503, None), Retry::IfIdempotent),
            (http(504, None), Retry::IfIdempotent),
            (http(500, None), Retry::Never),
            (http(404, None), Retry::Never),
            // The spec's word comes before HTTP's semantics.
            (http(503, Some(false)), Retry::Never),
            (http(429, Some(false)), Retry::Never),
            (http(500, Some(true)), Retry::IfIdempotent),
            (http(409, Some(true)), Retry::Safe),
            (transport(TransportKind::Connect), Retry::Safe),
            (transport(TransportKind::Timeout), Retry::IfIdempotent),
            (transport(TransportKind::Interrupted), Retry::IfIdempotent),
            (Error::Decode { status: 200, message: String::new(), body: String::new() }, Retry::IfIdempotent),
        ]
    }

    #[test]
    fn the_first_rule_that_knows_an_error_decides() {
        for (error, expected) in every_kind() {
            assert_eq!(classify(&error), expected, "{error:?}");
        }
    }

    #[test]
    fn the_client_and_is_retryable_cannot_disagree() {
        for (error, _) in every_kind() {
            // An idempotent operation is resent exactly when the error says it may succeed again;
            // a non-idempotent one only when the request was provably not carried out.
            assert_eq!(should_retry(&error, true), error.is_retryable(), "{error:?}");
            assert!(!should_retry(&error, false) || error.is_retryable(), "{error:?}");
            assert_eq!(should_retry(&error, false), classify(&error) == Retry::Safe, "{error:?}");
        }
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy {
            max_attempts: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(350),
        };
        for _ in 0..200 {
            assert!(p.backoff(1) <= Duration::from_millis(100));
            assert!(p.backoff(2) <= Duration::from_millis(200));
            assert!(p.backoff(3) <= Duration::from_millis(350));
            assert!(p.backoff(40) <= Duration::from_millis(350));
        }
        // Jitter: not always the ceiling.
        let distinct: std::collections::HashSet<_> = (0..50).map(|_| p.backoff(3)).collect();
        assert!(distinct.len() > 1);
    }
}
