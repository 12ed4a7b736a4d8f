//! When and how long to wait before sending a request again.

use std::time::Duration;

use ccapi_models::support::ErrorCode;

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

/// Whether a failed attempt may be sent again.
///
/// - refused by the vendor with a code the spec marks retryable, or by a rate limit (HTTP 429):
///   the request was not carried out, so resending is safe for any operation;
/// - a connection that could not be made: the request never left;
/// - an ambiguous failure (timeout, broken connection, 502/503/504, an unreadable answer): the
///   request may have been carried out, so only idempotent operations are resent — a streamed
///   chunk is never appended twice.
pub fn should_retry<C: ErrorCode>(error: &Error<C>, idempotent: bool) -> bool {
    match error {
        Error::Vendor(v) => v.code.is_retryable(),
        Error::Http { status: 429, .. } => true,
        Error::Http { status, .. } => idempotent && matches!(status, 502..=504),
        Error::Transport { kind, .. } => !kind.maybe_sent() || idempotent,
        Error::Decode { .. } => idempotent,
        Error::Invalid(_) | Error::Auth(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
