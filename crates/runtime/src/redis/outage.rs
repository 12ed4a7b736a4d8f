//! Whether Redis is down, as the rate limiter saw it: when the outage began, when to try Redis
//! again (one probe at a time, the wait doubling up to a maximum), and one warning per outage.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// The limiter's view of Redis.
#[derive(Debug)]
pub(crate) struct Outage {
    state: Mutex<State>,
    /// The first wait before trying Redis again.
    min_retry: Duration,
    /// The longest wait.
    max_retry: Duration,
}

#[derive(Debug)]
struct State {
    /// When the current outage began (`None`: Redis answers).
    since: Option<Instant>,
    /// When the next call may try Redis.
    next_probe: Instant,
    /// The wait after the next failed probe.
    backoff: Duration,
    /// How many outages began.
    count: u32,
    /// The last failure seen.
    last_error: Option<String>,
}

impl Outage {
    /// Redis presumed up; after a failure, tried again after `min_retry`, then twice as long each
    /// time up to `max_retry`.
    pub(crate) fn new(min_retry: Duration, max_retry: Duration) -> Self {
        let max_retry = max_retry.max(min_retry);
        let state = State { since: None, next_probe: Instant::now(), backoff: min_retry, count: 0, last_error: None };
        Self { state: Mutex::new(state), min_retry, max_retry }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether this call should go to Redis: always while it answers; during an outage, one call
    /// once the wait is over (it claims the probe, so concurrent calls do not all try).
    pub(crate) fn should_try(&self) -> bool {
        let mut s = self.lock();
        if s.since.is_none() {
            return true;
        }
        let now = Instant::now();
        if now < s.next_probe {
            return false;
        }
        s.next_probe = now + s.backoff;
        s.backoff = (s.backoff * 2).min(self.max_retry);
        true
    }

    /// A round trip failed with `error`; returns whether this begins an outage (the caller warns
    /// once).
    pub(crate) fn failed(&self, error: &str) -> bool {
        let mut s = self.lock();
        s.last_error = Some(error.to_string());
        if s.since.is_some() {
            return false;
        }
        let now = Instant::now();
        s.since = Some(now);
        s.count += 1;
        s.next_probe = now + self.min_retry;
        s.backoff = (self.min_retry * 2).min(self.max_retry);
        true
    }

    /// A round trip succeeded; returns how long the outage it ends lasted, if there was one.
    pub(crate) fn succeeded(&self) -> Option<Duration> {
        let mut s = self.lock();
        let since = s.since.take()?;
        s.backoff = self.min_retry;
        Some(since.elapsed())
    }

    /// Whether an outage is going on.
    pub(crate) fn is_down(&self) -> bool {
        self.lock().since.is_some()
    }

    /// How many outages began, and the last failure seen.
    pub(crate) fn history(&self) -> (u32, Option<String>) {
        let s = self.lock();
        (s.count, s.last_error.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn during_an_outage_one_probe_goes_at_a_time_the_wait_doubling_up_to_the_maximum() {
        let o = Outage::new(Duration::from_millis(100), Duration::from_millis(350));
        assert!(o.should_try());
        assert!(o.failed("refused"), "the first failure begins the outage");
        assert!(!o.failed("timed out"), "a second one does not");
        let mut probes = Vec::new();
        let start = Instant::now();
        for _ in 0..120 {
            if o.should_try() {
                probes.push((Instant::now() - start).as_millis());
                o.failed("refused");
            }
            tokio::time::advance(Duration::from_millis(10)).await;
        }
        assert_eq!(probes, [100, 300, 650, 1000]);
        assert!(o.is_down());
        assert_eq!(o.succeeded(), Some(Duration::from_millis(1200)));
        assert!(!o.is_down() && o.should_try() && o.succeeded().is_none());
        assert!(o.failed("reset"), "a failure after an answer begins a second outage");
        assert_eq!(o.history(), (2, Some("reset".to_string())));
    }
}
