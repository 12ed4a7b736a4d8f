//! What a receiver checks and how long it waits: the app's own id, the callback token, the replay
//! window, the body cap, the budget of a synchronous reply and how long a delivery is remembered.

use std::fmt;
use std::time::Duration;

use ccapi_usersig::callback::CallbackToken;

/// A receiver's settings. [`ReceiverConfig::new`] gives the vendor's defaults.
#[derive(Clone)]
pub struct ReceiverConfig {
    /// The app's own SDKAppID: a delivery whose `SdkAppid` differs is refused (the vendor says
    /// the app must check it).
    pub sdk_app_id: String,
    /// The token of callback authentication. When set, `Sign` and `RequestTime` are required and
    /// checked; when unset, nothing proves a delivery comes from the vendor.
    pub token: Option<CallbackToken>,
    /// How far `RequestTime` may be from the receiver's clock, either way (the vendor: one minute).
    pub replay_window: Duration,
    /// The largest body accepted; a larger one is refused with 413.
    pub max_body: usize,
    /// How long a synchronous callback's handler may take before the receiver answers `FAIL`
    /// (Chat's before-callbacks time out after 2 s, so the default leaves 200 ms for the network).
    pub sync_budget: Duration,
    /// How long a delivery's dedup key is remembered.
    pub dedup_ttl: Duration,
    /// The clock, in Unix seconds (the system clock unless a test sets another).
    pub clock: fn() -> u64,
}

impl ReceiverConfig {
    /// The vendor's defaults for app `sdk_app_id`, without a token: 60 s replay window, 1 MiB
    /// bodies, 1.8 s for a synchronous reply, deliveries remembered for 10 minutes.
    pub fn new(sdk_app_id: impl Into<String>) -> Self {
        Self {
            sdk_app_id: sdk_app_id.into(),
            token: None,
            replay_window: Duration::from_secs(60),
            max_body: 1 << 20,
            sync_budget: Duration::from_millis(1800),
            dedup_ttl: Duration::from_secs(600),
            clock: ccapi_usersig::now,
        }
    }

    /// With callback authentication: `Sign` and `RequestTime` required and checked.
    pub fn with_token(mut self, token: CallbackToken) -> Self {
        self.token = Some(token);
        self
    }
}

impl fmt::Debug for ReceiverConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceiverConfig")
            .field("sdk_app_id", &self.sdk_app_id)
            .field("token", &self.token)
            .field("replay_window", &self.replay_window)
            .field("max_body", &self.max_body)
            .field("sync_budget", &self.sync_budget)
            .field("dedup_ttl", &self.dedup_ttl)
            .finish_non_exhaustive()
    }
}
