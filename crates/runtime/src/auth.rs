//! Credentials and the values derived from them: the Tencent UserSig (signed here and cached
//! until shortly before it expires) and the ccmessaging tokens (fetched and cached until expiry,
//! re-acquired once on HTTP 401).

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use ccapi_usersig::SecretKey;
use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::secret::Secret;

/// How a Tencent app administrator signs in: the app, its admin account and the app's secret key.
#[derive(Clone)]
pub struct TencentCredentials {
    /// The SDKAppID.
    pub sdkappid: u64,
    /// An app administrator account.
    pub identifier: String,
    /// The app's secret key, which signs the UserSig.
    pub secret_key: SecretKey,
    /// How long each UserSig is valid (the client signs a new one shortly before it expires).
    pub usersig_ttl: Duration,
}

impl TencentCredentials {
    /// Credentials with a UserSig lifetime of one day.
    pub fn new(sdkappid: u64, identifier: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self {
            sdkappid,
            identifier: identifier.into(),
            secret_key: SecretKey::new(secret_key),
            usersig_ttl: Duration::from_secs(24 * 3600),
        }
    }
}

impl fmt::Debug for TencentCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TencentCredentials")
            .field("sdkappid", &self.sdkappid)
            .field("identifier", &self.identifier)
            .field("secret_key", &"<redacted>")
            .field("usersig_ttl", &self.usersig_ttl)
            .finish()
    }
}

/// How a ccmessaging client signs in.
#[derive(Clone, Debug)]
pub enum CcmCredentials {
    /// An app key and secret: the client fetches the access token (tokenByAkSk) and a
    /// ccmessaging-token per conversation (applyToken), caches both and renews them.
    AppKey {
        /// The app key (also sent as `x-app-key`).
        app_key: String,
        /// The app secret.
        app_secret: Secret,
        /// The `locale` sent to applyToken (`en`, `zh`).
        locale: String,
    },
    /// Ready-made tokens, used as they are (a 401 is then final).
    Tokens {
        /// The app key, sent as `x-app-key`.
        app_key: String,
        /// The AccessToken (sent as `Authorization: Bearer ...`).
        access_token: Secret,
        /// The ccmessaging-token.
        ccmessaging_token: Secret,
    },
}

impl CcmCredentials {
    /// App key and secret, with locale `en`.
    pub fn app_key(app_key: impl Into<String>, app_secret: impl Into<String>) -> Self {
        CcmCredentials::AppKey { app_key: app_key.into(), app_secret: Secret::new(app_secret), locale: "en".into() }
    }

    /// Ready-made tokens.
    pub fn tokens(
        app_key: impl Into<String>,
        access_token: impl Into<String>,
        ccmessaging_token: impl Into<String>,
    ) -> Self {
        CcmCredentials::Tokens {
            app_key: app_key.into(),
            access_token: Secret::new(access_token),
            ccmessaging_token: Secret::new(ccmessaging_token),
        }
    }

    /// The app key.
    pub fn key(&self) -> &str {
        match self {
            CcmCredentials::AppKey { app_key, .. } | CcmCredentials::Tokens { app_key, .. } => app_key,
        }
    }
}

/// A cached value and when to stop using it.
pub(crate) struct Cached<T> {
    value: T,
    renew_at: Instant,
}

/// How long before its expiry a cached credential is renewed: a tenth of its lifetime, at most
/// five minutes, so a credential is never used in its last moments.
fn renew_margin(lifetime: Duration) -> Duration {
    (lifetime / 10).min(Duration::from_secs(300))
}

/// The current UserSig, signed on first use and again shortly before it expires.
#[derive(Default)]
pub(crate) struct UserSigCache {
    current: std::sync::Mutex<Option<Cached<Secret>>>,
    /// How many UserSigs were signed (for tests and metrics).
    pub(crate) signed: std::sync::atomic::AtomicU64,
}

impl UserSigCache {
    pub(crate) fn get(&self, creds: &TencentCredentials) -> Secret {
        let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if let Some(c) = current.as_ref().filter(|c| now < c.renew_at) {
            return c.value.clone();
        }
        let ttl = creds.usersig_ttl.max(Duration::from_secs(1));
        let sig = ccapi_usersig::sign(
            creds.sdkappid,
            &creds.identifier,
            &creds.secret_key,
            ccapi_usersig::now(),
            ttl.as_secs(),
        );
        self.signed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let value = Secret::new(sig);
        *current = Some(Cached { value: value.clone(), renew_at: now + ttl - renew_margin(ttl) });
        value
    }
}

/// The ccmessaging tokens: one access token per app, one ccmessaging-token per subject
/// (conversation).
#[derive(Default)]
pub(crate) struct CcmTokenCache {
    access: Mutex<Option<Cached<Secret>>>,
    session: Mutex<HashMap<crate::ccm::Subject, Cached<Secret>>>,
}

impl CcmTokenCache {
    pub(crate) async fn access(&self) -> tokio::sync::MutexGuard<'_, Option<Cached<Secret>>> {
        self.access.lock().await
    }

    pub(crate) async fn sessions(&self) -> tokio::sync::MutexGuard<'_, HashMap<crate::ccm::Subject, Cached<Secret>>> {
        self.session.lock().await
    }
}

impl<T: Clone> Cached<T> {
    pub(crate) fn new(value: T, lifetime: Duration) -> Self {
        Cached { value, renew_at: Instant::now() + lifetime - renew_margin(lifetime) }
    }

    pub(crate) fn fresh(&self) -> Option<T> {
        (Instant::now() < self.renew_at).then(|| self.value.clone())
    }
}
