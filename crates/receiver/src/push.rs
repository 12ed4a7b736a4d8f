//! Callbacks delivered to a path instead of carrying a command (ccmessaging's push:
//! `POST {baseUrl}/webhooks/v1/messages`), typed by their generated body struct, and checked by
//! a verification hook the app supplies.
//!
//! The vendor signs each push (an `Authorization: auth-v2/{accessKey}/{timestamp}/{SignedHeaders}…`
//! header) but does not publish the recipe: which bytes are signed, with which algorithm and
//! which key. So this receiver checks no signature itself. The app plugs its own check (its API
//! gateway's, or one the vendor gave it) into [`VerifyPush`], which sees the delivery as it
//! arrived: method, path, query, headers and the raw body bytes, unchanged. Without a hook every
//! push is accepted, and the receiver logs once, as a warning, that push signatures are not
//! checked.
//!
//! In order, for each delivery: anything but a POST is refused (405), a path that is not the
//! callback's (404), a body over the cap (413); the hook decides (401 when it refuses, nothing
//! handled); the body is parsed as the callback's body struct (400 when it does not fit); a
//! delivery seen before (by the callback's dedup keys: the body's SHA-256 for the push) is
//! acknowledged and not handled again; the others are acknowledged at once and handed to the
//! app's handler off the request path. Every answer has the callback's own reply shape
//! ([`Acknowledge`]): `{"resultCode":"0","resultDesc":"success"}` for an accepted or duplicate
//! push, the HTTP status as `resultCode` and the reason as `resultDesc` for a refused one.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ccapi_support::{Acknowledge, Callback, is_path};
use serde_json::Value as Json;

use crate::dedup::{DedupStore, MemoryDedup};
use crate::inbound::{Inbound, Outbound};
use crate::query::CallbackQuery;
use crate::receiver::{Outcome, dedup_key};
use crate::rejection::Rejection;

/// A push as the verification hook sees it: the delivery exactly as it arrived.
#[derive(Clone, Copy)]
pub struct PushRequest<'a> {
    /// The HTTP method (`POST`).
    pub method: &'a str,
    /// The URL path (`/webhooks/v1/messages`).
    pub path: &'a str,
    /// The raw query string, without the `?`.
    pub query: &'a str,
    /// The headers, names as received.
    pub headers: &'a [(String, String)],
    /// The body bytes, unchanged (what a signature covers).
    pub body: &'a [u8],
}

impl PushRequest<'_> {
    /// The first header of this name (case-insensitive): `Authorization` holds the vendor's
    /// `auth-v2/{accessKey}/{timestamp}/{SignedHeaders}…`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for PushRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("PushRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("header_names", &names)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// The app's check that a push comes from the vendor. The vendor does not publish how it signs
/// pushes, so the SDK has no check of its own: plug in the one your API gateway (or the vendor)
/// gives you. Any `Fn(&PushRequest) -> Result<(), String>` is one.
///
/// It runs on the request path, before anything is parsed or handled, so keep it quick; compare
/// signatures in constant time. `Err(why)` refuses the push with 401: `why` goes to the
/// receiver's log (keep secrets out of it), never to the sender.
pub trait VerifyPush: Send + Sync + 'static {
    /// Accepts (`Ok`) or refuses (`Err` with why) a push.
    fn verify(&self, push: &PushRequest<'_>) -> Result<(), String>;
}

impl<F> VerifyPush for F
where
    F: Fn(&PushRequest<'_>) -> Result<(), String> + Send + Sync + 'static,
{
    fn verify(&self, push: &PushRequest<'_>) -> Result<(), String> {
        self(push)
    }
}

/// One accepted, first-seen push, as the handler gets it.
#[derive(Clone, Debug)]
pub struct PushDelivery<C> {
    /// The parsed body (`ccapi_models::ccmessaging::PushEvent`).
    pub event: C,
    /// The path it was delivered to.
    pub path: String,
    /// The dedup key it was recorded under (`ccmessaging.push:sha256:...`).
    pub key: String,
}

/// The app's code that handles pushes, off the request path (the push is acknowledged first). Any
/// `Fn(PushDelivery<C>) -> impl Future<Output = ()>` is one.
pub trait PushHandler<C>: Send + Sync + 'static {
    /// Handles one push.
    fn handle(&self, delivery: PushDelivery<C>) -> impl Future<Output = ()> + Send;
}

impl<C, F, Fut> PushHandler<C> for F
where
    F: Fn(PushDelivery<C>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send,
{
    fn handle(&self, delivery: PushDelivery<C>) -> impl Future<Output = ()> + Send {
        self(delivery)
    }
}

/// An accepted push: its dedup key and whether it was handed to the handler or was a duplicate.
#[derive(Clone, Debug, PartialEq)]
pub struct PushReceived {
    /// The dedup key.
    pub key: String,
    /// [`Outcome::Queued`] (handed to the handler) or [`Outcome::Duplicate`].
    pub outcome: Outcome,
}

/// A push receiver's settings.
#[derive(Clone, Debug)]
pub struct PushConfig {
    /// The largest body accepted; a larger one is refused with 413.
    pub max_body: usize,
    /// How long a push's dedup key is remembered.
    pub dedup_ttl: Duration,
}

impl Default for PushConfig {
    /// 1 MiB bodies, pushes remembered for 10 minutes.
    fn default() -> Self {
        Self { max_body: 1 << 20, dedup_ttl: Duration::from_secs(600) }
    }
}

/// The answer to an accepted push: `{"resultCode":"0","resultDesc":"success"}` for ccmessaging.
const ACCEPTED: &str = "success";

/// Receives the pushes of callback `C` (a generated body struct delivered by path, such as
/// `ccapi_models::ccmessaging::PushEvent`) and hands them to `H`.
pub struct PushReceiver<C, H, D = MemoryDedup> {
    config: PushConfig,
    verify: Option<Arc<dyn VerifyPush>>,
    handler: Arc<H>,
    dedup: Arc<D>,
    /// Whether the warning that signatures are not checked was logged.
    warned: AtomicBool,
    callback: PhantomData<fn() -> C>,
}

impl<C, H, D> fmt::Debug for PushReceiver<C, H, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PushReceiver")
            .field("config", &self.config)
            .field("verifies", &self.verify.is_some())
            .finish_non_exhaustive()
    }
}

impl<C, H> PushReceiver<C, H, MemoryDedup>
where
    C: Callback + serde::de::DeserializeOwned + Send + 'static,
    C::Reply: Acknowledge,
    H: PushHandler<C>,
{
    /// A receiver with the in-memory dedup store and no verification hook (add one with
    /// [`PushReceiver::with_verifier`]; until then every push is accepted, and the first one logs
    /// a warning saying so).
    pub fn new(config: PushConfig, handler: H) -> Self {
        Self::with_dedup(config, handler, MemoryDedup::default())
    }
}

impl<C, H, D> PushReceiver<C, H, D>
where
    C: Callback + serde::de::DeserializeOwned + Send + 'static,
    C::Reply: Acknowledge,
    H: PushHandler<C>,
    D: DedupStore,
{
    /// A receiver with its own dedup store (one a fleet shares), and no verification hook.
    pub fn with_dedup(config: PushConfig, handler: H, dedup: D) -> Self {
        const {
            assert!(
                !C::FACTS.synchronous && C::PATH.is_some(),
                "a push receiver serves callbacks delivered by path that the vendor does not wait for"
            )
        };
        Self {
            config,
            verify: None,
            handler: Arc::new(handler),
            dedup: Arc::new(dedup),
            warned: AtomicBool::new(false),
            callback: PhantomData,
        }
    }

    /// With the app's verification hook: a push it refuses is answered 401 and not handled.
    pub fn with_verifier(mut self, verify: impl VerifyPush) -> Self {
        self.verify = Some(Arc::new(verify));
        self
    }

    /// Its settings.
    pub fn config(&self) -> &PushConfig {
        &self.config
    }

    /// Whether a verification hook checks the pushes.
    pub fn verifies(&self) -> bool {
        self.verify.is_some()
    }

    /// Receives one push: the accepted push, or why it was refused.
    pub async fn receive(&self, inbound: &Inbound) -> Result<PushReceived, Rejection> {
        if !inbound.method.eq_ignore_ascii_case("POST") {
            return Err(Rejection::Method(inbound.method.clone()));
        }
        if !is_path::<C>(&inbound.path) {
            return Err(Rejection::OtherPath(inbound.path.clone()));
        }
        if inbound.body.len() > self.config.max_body {
            return Err(Rejection::TooLarge { limit: self.config.max_body });
        }
        self.verify(inbound)?;
        let unreadable =
            |error: String| Rejection::Unreadable { command: C::ID.to_string(), error, body: inbound.body.clone() };
        let body: Json = serde_json::from_slice(&inbound.body).map_err(|e| unreadable(e.to_string()))?;
        let event: C = serde_json::from_slice(&inbound.body).map_err(|e| unreadable(e.to_string()))?;
        let query = CallbackQuery::parse(&inbound.query);
        let key = dedup_key(C::ID, C::FACTS, &query, &body, &inbound.body);
        let first = self.dedup.first_seen(&key, self.config.dedup_ttl).await.map_err(Rejection::DedupUnavailable)?;
        if !first {
            tracing::debug!(callback = C::ID, key = %key, "duplicate push acknowledged");
            return Ok(PushReceived { key, outcome: Outcome::Duplicate });
        }
        let delivery = PushDelivery { event, path: inbound.path.clone(), key: key.clone() };
        let handler = Arc::clone(&self.handler);
        tokio::spawn(async move {
            handler.handle(delivery).await;
        });
        Ok(PushReceived { key, outcome: Outcome::Queued })
    }

    /// Receives one push and builds the HTTP answer, in the callback's reply shape: 200 with the
    /// success code when accepted (or a duplicate), the rejection's status with the status as the
    /// code and the reason otherwise.
    pub async fn answer(&self, inbound: &Inbound) -> Outbound {
        let result = self.receive(inbound).await;
        if let Err(r) = &result {
            tracing::info!(callback = C::ID, status = r.status(), reason = %r, "push refused");
        }
        push_outbound::<C>(&result)
    }

    /// The hook's verdict; without a hook, accepted, with a warning the first time.
    fn verify(&self, inbound: &Inbound) -> Result<(), Rejection> {
        let Some(verify) = &self.verify else {
            if !self.warned.swap(true, Ordering::Relaxed) {
                tracing::warn!(
                    callback = C::ID,
                    "push signatures are NOT checked: no verification hook is configured, so anyone who can reach \
                     this URL can push messages (the vendor does not publish its auth-v2 signing recipe; plug your \
                     API gateway's check into PushReceiver::with_verifier)"
                );
            }
            return Ok(());
        };
        let push = PushRequest {
            method: &inbound.method,
            path: &inbound.path,
            query: &inbound.query,
            headers: &inbound.headers,
            body: &inbound.body,
        };
        verify.verify(&push).map_err(Rejection::Refused)
    }
}

/// The HTTP answer to a push's result, in the reply shape of callback `C`.
pub fn push_outbound<C: Callback>(result: &Result<PushReceived, Rejection>) -> Outbound
where
    C::Reply: Acknowledge,
{
    let (status, reply) = match result {
        Ok(_) => (200, C::Reply::accepted(ACCEPTED)),
        Err(e) => (e.status(), C::Reply::refused(i64::from(e.status()), &e.public_reason())),
    };
    let body = serde_json::to_vec(&reply).unwrap_or_else(|e| {
        tracing::warn!(callback = C::ID, error = %e, "the reply does not serialise");
        Vec::new()
    });
    Outbound { status, body }
}
