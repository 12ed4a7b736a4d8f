//! The receiver: one delivery in, one answer out. In order: the method, the body cap, the app id,
//! the signature and the replay window, the body, the dedup key, then the app's handler: awaited
//! (within the budget) for a synchronous command, run off the request path for the others.

use std::future::Future;
use std::marker::PhantomData;
use std::sync::Arc;

use serde_json::Value as Json;

use crate::config::ReceiverConfig;
use crate::dedup::{DedupStore, MemoryDedup};
use crate::events::{CallbackFacts, DedupKey, Events};
use crate::inbound::{Inbound, Outbound};
use crate::query::CallbackQuery;
use crate::rejection::Rejection;
use crate::reply::Reply;

/// One accepted, first-seen delivery, as the handler gets it.
#[derive(Clone, Debug)]
pub struct Delivery<E> {
    /// The `CallbackCommand`.
    pub command: String,
    /// The parsed body.
    pub event: E,
    /// The query parameters.
    pub query: CallbackQuery,
    /// The dedup key it was recorded under (`Bot.OnC2CMessage:MsgKey:...`).
    pub key: String,
    /// Whether the vendor waits for the reply.
    pub synchronous: bool,
}

/// The app's code that handles deliveries. Any `Fn(Delivery<E>) -> impl Future<Output = Reply>`
/// is one.
pub trait Handler<E>: Send + Sync + 'static {
    /// Handles one delivery; the reply is sent to the vendor for a synchronous command, and
    /// dropped for the others (they are acknowledged before the handler runs).
    fn handle(&self, delivery: Delivery<E>) -> impl Future<Output = Reply> + Send;
}

impl<E, F, Fut> Handler<E> for F
where
    F: Fn(Delivery<E>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Reply> + Send,
{
    fn handle(&self, delivery: Delivery<E>) -> impl Future<Output = Reply> + Send {
        self(delivery)
    }
}

/// What became of an accepted delivery.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// A synchronous command, answered by the handler.
    Answered,
    /// Acknowledged; the handler runs off the request path.
    Queued,
    /// Seen before: acknowledged, not handled again.
    Duplicate,
    /// A synchronous command whose handler did not answer within the budget: `FAIL` answered, and
    /// the key forgotten so that a redelivery is handled.
    TimedOut,
}

/// An accepted delivery: its command, dedup key, what became of it and the reply sent.
#[derive(Clone, Debug, PartialEq)]
pub struct Received {
    /// The `CallbackCommand`.
    pub command: String,
    /// The dedup key.
    pub key: String,
    /// What became of it.
    pub outcome: Outcome,
    /// The reply sent.
    pub reply: Reply,
    /// The body as received, parsed.
    pub body: Json,
}

/// The facts of a command, `None` for a command the receiver does not know.
pub type FactsFn = dyn Fn(&str) -> Option<CallbackFacts> + Send + Sync;

/// Receives the callbacks of `E` for one app and hands them to `H`.
pub struct Receiver<E, H, D = MemoryDedup> {
    config: ReceiverConfig,
    handler: Arc<H>,
    dedup: Arc<D>,
    facts: Arc<FactsFn>,
    events: PhantomData<fn() -> E>,
}

impl<E, H, D> std::fmt::Debug for Receiver<E, H, D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Receiver").field("config", &self.config).finish_non_exhaustive()
    }
}

impl<E: Events, H: Handler<E>> Receiver<E, H, MemoryDedup> {
    /// A receiver with the in-memory dedup store.
    pub fn new(config: ReceiverConfig, handler: H) -> Self {
        Self::with_dedup(config, handler, MemoryDedup::default())
    }
}

impl<E: Events, H: Handler<E>, D: DedupStore> Receiver<E, H, D> {
    /// A receiver with its own dedup store (one a fleet shares).
    pub fn with_dedup(config: ReceiverConfig, handler: H, dedup: D) -> Self {
        Self {
            config,
            handler: Arc::new(handler),
            dedup: Arc::new(dedup),
            facts: Arc::new(E::facts),
            events: PhantomData,
        }
    }

    /// With the facts of each command from `facts` instead of `E`'s (a tool that receives untyped
    /// events, say, with the facts of a catalogue and its own synchronous replies).
    pub fn with_facts(mut self, facts: impl Fn(&str) -> Option<CallbackFacts> + Send + Sync + 'static) -> Self {
        self.facts = Arc::new(facts);
        self
    }

    /// Its settings.
    pub fn config(&self) -> &ReceiverConfig {
        &self.config
    }

    /// Receives one delivery: the accepted delivery, or why it was refused.
    pub async fn receive(&self, inbound: &Inbound) -> Result<Received, Rejection> {
        if !inbound.method.eq_ignore_ascii_case("POST") {
            return Err(Rejection::Method(inbound.method.clone()));
        }
        if inbound.body.len() > self.config.max_body {
            return Err(Rejection::TooLarge { limit: self.config.max_body });
        }
        let query = CallbackQuery::parse(&inbound.query);
        self.authenticate(&query)?;
        let (command, body) = command_and_body(&query, &inbound.body)?;
        let event = E::parse(&command, &inbound.body).map_err(|e| Rejection::Unreadable {
            command: command.clone(),
            error: e.to_string(),
            body: inbound.body.clone(),
        })?;
        let facts = (self.facts)(&command).unwrap_or(CallbackFacts::UNKNOWN);
        let key = dedup_key(&command, facts, &query, &body, &inbound.body);
        let first = self.dedup.first_seen(&key, self.config.dedup_ttl).await.map_err(Rejection::DedupUnavailable)?;
        if !first {
            tracing::debug!(command = %command, key = %key, "duplicate delivery acknowledged");
            return Ok(Received { command, key, outcome: Outcome::Duplicate, reply: Reply::ok(), body });
        }
        let delivery =
            Delivery { command: command.clone(), event, query, key: key.clone(), synchronous: facts.synchronous };
        if !facts.synchronous {
            let handler = Arc::clone(&self.handler);
            tokio::spawn(async move {
                handler.handle(delivery).await;
            });
            return Ok(Received { command, key, outcome: Outcome::Queued, reply: Reply::ok(), body });
        }
        match tokio::time::timeout(self.config.sync_budget, self.handler.handle(delivery)).await {
            Ok(reply) => Ok(Received { command, key, outcome: Outcome::Answered, reply, body }),
            Err(_) => {
                if let Err(e) = self.dedup.forget(&key).await {
                    tracing::warn!(key = %key, error = %e, "could not forget a timed-out delivery");
                }
                let budget = self.config.sync_budget.as_millis();
                let reply = Reply::fail(1, format!("the handler did not answer within {budget} ms"));
                tracing::warn!(command = %command, key = %key, "synchronous handler timed out");
                Ok(Received { command, key, outcome: Outcome::TimedOut, reply, body })
            }
        }
    }

    /// Receives one delivery and builds the HTTP answer: 200 with the reply when accepted (or a
    /// duplicate), the rejection's status with a `FAIL` reply saying why otherwise.
    pub async fn answer(&self, inbound: &Inbound) -> Outbound {
        let result = self.receive(inbound).await;
        if let Err(r) = &result {
            tracing::info!(status = r.status(), reason = %r, "callback refused");
        }
        outbound(&result)
    }

    /// The app id, then (with a token) `Sign` and the replay window.
    fn authenticate(&self, query: &CallbackQuery) -> Result<(), Rejection> {
        let app = query.get("SdkAppid").ok_or(Rejection::MissingAppId)?;
        if app != self.config.sdk_app_id {
            return Err(Rejection::OtherApp { given: app.to_string() });
        }
        let Some(token) = &self.config.token else { return Ok(()) };
        let (Some(sign), Some(time_text)) = (query.get("Sign"), query.get("RequestTime")) else {
            return Err(Rejection::MissingSign);
        };
        let request_time: u64 = time_text.parse().map_err(|_| Rejection::BadRequestTime(time_text.to_string()))?;
        let now = (self.config.clock)();
        if now.abs_diff(request_time) > self.config.replay_window.as_secs() {
            return Err(Rejection::Stale { request_time, now });
        }
        if !ccapi_usersig::callback::verify_sign(token, time_text, sign) {
            return Err(Rejection::BadSign);
        }
        Ok(())
    }
}

/// The HTTP answer to a delivery's result.
pub fn outbound(result: &Result<Received, Rejection>) -> Outbound {
    match result {
        Ok(r) => Outbound { status: 200, body: r.reply.to_json().to_string().into_bytes() },
        Err(e) => {
            let reply = Reply::fail(i64::from(e.status()), e.public_reason());
            Outbound { status: e.status(), body: reply.to_json().to_string().into_bytes() }
        }
    }
}

/// The command (the query's, which the body must repeat if it names one) and the body as JSON.
fn command_and_body(query: &CallbackQuery, raw: &[u8]) -> Result<(String, Json), Rejection> {
    let body: Json = serde_json::from_slice(raw).map_err(|e| Rejection::Unreadable {
        command: query.get("CallbackCommand").unwrap_or("(none)").to_string(),
        error: e.to_string(),
        body: raw.to_vec(),
    })?;
    let in_body = body.get("CallbackCommand").and_then(Json::as_str);
    let command = match (query.get("CallbackCommand"), in_body) {
        (Some(q), Some(b)) if q != b => {
            return Err(Rejection::CommandMismatch { query: q.to_string(), body: b.to_string() });
        }
        (Some(q), _) => q.to_string(),
        (None, Some(b)) => b.to_string(),
        (None, None) => return Err(Rejection::MissingCommand),
    };
    Ok((command, body))
}

/// `command:Name:value` for the first key of the facts that is present, else `command:sha256:hex`.
pub(crate) fn dedup_key(command: &str, facts: CallbackFacts, query: &CallbackQuery, body: &Json, raw: &[u8]) -> String {
    for key in facts.dedup {
        let found = match key {
            DedupKey::Query(name) => query.get(name).filter(|v| !v.is_empty()).map(|v| (*name, v.to_string())),
            DedupKey::BodyField(name) => {
                body.get(*name).and_then(Json::as_str).filter(|v| !v.is_empty()).map(|v| (*name, v.to_string()))
            }
            DedupKey::BodyDigest => None,
        };
        if let Some((name, value)) = found {
            return format!("{command}:{name}:{value}");
        }
    }
    let digest = ccapi_usersig::callback::sha256_hex(raw);
    format!("{command}:sha256:{digest}")
}
