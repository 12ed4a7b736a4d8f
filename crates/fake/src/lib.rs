//! A stateful fake of the vendors, on 127.0.0.1: the Tencent Cloud Contact Center Desk API,
//! the Tencent Chat chatbot API and the ccmessaging API, speaking the spec's wire format (the
//! bodies are read and written with the `ccapi-models` types), with scriptable faults.
//!
//! ```
//! use ccapi_fake::{FakeConfig, FakeServer, Fault, paths};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let fake = FakeServer::start(FakeConfig::default()).await?;
//! // The next call to send_stream_msg appends its chunk, then its answer is lost in a 502.
//! fake.inject(paths::DESK_SEND_STREAM_MSG, Fault::bad_gateway().after_apply(), 1);
//! println!("point the client at {}", fake.base_url());
//! // ... run the client, then look at what the fake saw:
//! assert!(fake.calls(paths::DESK_SEND_STREAM_MSG).is_empty());
//! fake.stop().await;
//! # Ok(())
//! # }
//! ```
//!
//! # Tencent paths (Desk and chatbot)
//!
//! Every call needs the query parameters `sdkappid`, `identifier`, `usersig`, `random` and
//! `contenttype=json`; the answer is always HTTP 200 with
//! `{"ActionStatus":"FAIL","ErrorCode":N,"ErrorInfo":"<the vendor's description>"}` on failure.
//! The checks, in order, and their common codes:
//!
//! | check | code |
//! |---|---|
//! | `sdkappid` missing | 60012 |
//! | another parameter missing or unreadable, `random` not a `u32`, `contenttype` not `json` | 60002 |
//! | `sdkappid` is not [`FakeConfig::sdkappid`] | 60006 |
//! | UserSig empty / malformed / expired / wrong key / for another identifier / for another SDKAppID | 70002 / 70003 / 70001 / 70009 / 70013 / 70014 |
//! | `identifier` is not the admin account [`FakeConfig::identifier`] (with a valid UserSig for it) | 60010 |
//! | chatbot only, with [`FakeConfig::enforce_rate_limit`]: more than [`FakeConfig::rate_limit_per_second`] admitted calls in the last second | 60011 (the documented limit is per app, "SDKAppID request exceeds the frequency limit") |
//! | body is not JSON | 60003 |
//! | body does not fit the model (missing or mistyped field, unknown field) or breaks a documented constraint (`Validate`) | the operation's parameter code: 141004 (Desk), 10004 (chatbot) |
//!
//! Operations:
//! - `desk.send_stream_msg`: `SessionId` must be a known session (else 141005). A call without
//!   `MsgKey` starts a message and its answer carries a new `MsgKey`
//!   (`<n>_<unix secs>_<25 hex digits>`, like the page's sample); later calls carry it and, as on
//!   the page, their answers do not. A `MsgKey` that is unknown, of another session or of a
//!   finished message is refused with 141004. `Finish: 1` (also allowed on the first call)
//!   closes the message and appends it to the session's history as one `TIMTextElem` from the
//!   admin identifier with `FromAccountRole` 3 (System: it is the App admin's message, not a
//!   human agent's) and the finishing time as `Timestamp`.
//! - `desk.describe_chat_messages`: unknown session → 141010; `Limit` (default 20, at most 100)
//!   and `Offset` (default 0) page through the history in `Order` (1 oldest first, 2 newest
//!   first, the default); `TotalCount` is the whole history's size. "Oldest" means added first.
//! - `desk.get_session_state`: by `SessionId`, or by `ClientUserId` + `CustomerServiceId` (the
//!   session added last wins); exactly one way, else 141004; unknown → 141005. `AgentId` is `""`
//!   when the session has no agent.
//! - `chatbot.send_stream_msg`: the same chaining, keys like `606781340_3986845397_1706000918`,
//!   and every answer carries the `MsgKey`. A `MsgKey` must be used with the same
//!   `From_Account` and `To_Account`; empty accounts, unknown or finished keys → 10004.
//!
//! # ccmessaging paths
//!
//! Errors the fake itself produces are `{"resultCode":"<HTTP status>","resultDesc":"<the spec's
//! description of that status>"}` with that status.
//! - `POST /apigovernance/api/oauth/tokenByAkSk`: body `{"app_key","app_secret"}` (missing → 400,
//!   wrong → 401); header `X-Token-Expire` 1 to 3600 seconds (absent: 3600; else 400). Answers
//!   `AccessToken`, `ApplyType` `"Bearer"`, `CreateTime` (unix milliseconds, as text), `Expires`
//!   (seconds, as text), `Scope` `"default"`, `AppKey` and `UserID` (the app key).
//! - `POST /apiaccess/ccmessaging/applyToken`: `x-app-key` and `Authorization: Bearer <access
//!   token>` of that app key, else 401; the body must fit
//!   `ccapi_models::ccmessaging::ApplyTokenRequest` (`userId` of 1 to 32 characters, `userName`,
//!   `channelId`, non-empty, and `locale`), else 400. Answers `{"resultCode":"0","token":"..."}`;
//!   the token is valid for one hour.
//! - `POST /apiaccess/ccmessaging/send`: the three headers must be valid (a missing, unknown or
//!   expired access token or ccmessaging-token → 401); the body must fit
//!   `ccapi_models::ccmessaging::SendRequest` and pass `validate()` (else 400); the
//!   ccmessaging-token is only good for the `from` (= `userId`) and `to` (= `channelId`) it was
//!   applied for (else 401). Answers `{"resultCode":"0","resultDesc":...}` with the sample's text
//!   for the `controlType`; the message is recorded ([`FakeServer::sent_messages`]).
//!
//! # Callbacks
//!
//! With a [`CallbackTarget`] ([`FakeConfig::callback`] or [`FakeServer::set_callback_target`];
//! `ccapi fake --callback-url URL`), the fake delivers callbacks there as the vendors would:
//! query `SdkAppid`, `CallbackCommand`, `contenttype=json`, `ClientIP`, `OptPlatform` and, with a
//! token, `Sign` (SHA-256 of token + `RequestTime`) and `RequestTime`; Desk events carry a
//! `RequestID`. What triggers them: [`FakeServer::send_user_message`] (`Bot.OnC2CMessage`),
//! [`FakeServer::begin_session`] (`SessionBegin`), [`FakeServer::user_writes`]
//! (`ChatBot.UserSendMsg`), a Desk `send_stream_msg` with `Finish: 1` (`ChatBot.RobotSendMsg`),
//! and [`FakeServer::transfer_to_human`] (`ChatBot.OnAssignHuman`, whose answer moves the session
//! to its agent). The vendor documents no other Desk event's wire name, so the fake sends none.
//! Deliveries are queued and made in order, each with up to [`ATTEMPTS`] attempts (the vendors'
//! retry policy is unconfirmed); [`FakeServer::inject_delivery`] makes the next ones misbehave
//! ([`DeliveryFault`]), and [`FakeServer::deliveries`] lists them all. The same triggers are
//! control paths for another process ([`control`]).
//!
//! # Faults
//!
//! [`FakeServer::inject`] queues a [`Fault`] for the next N calls to a path (first in, first
//! out); see [`Fault`] for what each does on the wire. Every call is recorded
//! ([`FakeServer::calls`]) with its arrival instant, its `random` and its outcome, faulted or not.
//!
//! # Seeded data
//!
//! With [`FakeConfig::seed`] (the default), these Desk sessions exist, so that the pages'
//! samples work against `ccapi fake` out of the box:
//!
//! | `SessionId` | `ClientUserId` | `CustomerServiceId` | state | agent | history |
//! |---|---|---|---|---|---|
//! | `fd8a2e30-54de-4e40-bcaf-02718409c5cf` | `user01` | `@customer_service_account` | `Chatbot` | – | empty |
//! | `b0f4ca12-4850-4218-a284-efe679a87066` | `8618655061639` | `@customer_service_account` | `Agent` | `test@qq.com` | 26 text messages, alternately from the user (role 1, first `"hello"` at 1730939030138) and the agent (role 2), one second apart |
//! | `a-b-c-d-e` | `user1` | `@customer_service_account` | `Agent` | `test@qq.com` | empty |

#![forbid(unsafe_code)]

pub mod callbacks;
mod ccmessaging;
pub mod control;
mod fault;
mod handler;
mod inject;
mod push;
mod server;
mod state;
mod tencent;

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ccapi_models::ccmessaging::{DownLinkMsg, SendRequest};
use ccapi_models::desk::Message;
use ccapi_models::support::Operation;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use fault::{CallRecord, Fault};
pub use push::{ATTEMPTS, Attempt, CallbackTarget, DeliveryFault, DeliveryRecord};
pub use state::{Session, StreamTarget, StreamedMessage};

/// The URL paths the fake serves (for [`FakeServer::inject`] and [`FakeServer::calls`]): each
/// is its operation's generated [`Operation::PATH`], so the fake, the client and the spec agree.
pub mod paths {
    use ccapi_models::support::Operation;
    use ccapi_models::{ccmessaging, chatbot, desk};

    /// `desk.send_stream_msg`.
    pub const DESK_SEND_STREAM_MSG: &str = <desk::SendStreamMsg as Operation>::PATH;
    /// `desk.describe_chat_messages`.
    pub const DESK_DESCRIBE_CHAT_MESSAGES: &str = <desk::DescribeChatMessages as Operation>::PATH;
    /// `desk.get_session_state`.
    pub const DESK_GET_SESSION_STATE: &str = <desk::GetSessionState as Operation>::PATH;
    /// `chatbot.send_stream_msg`.
    pub const CHATBOT_SEND_STREAM_MSG: &str = <chatbot::SendStreamMsg as Operation>::PATH;
    /// `ccmessaging.token_by_ak_sk`: the access token.
    pub const TOKEN_BY_AK_SK: &str = <ccmessaging::TokenByAkSk as Operation>::PATH;
    /// `ccmessaging.apply_token`: a conversation's ccmessaging-token.
    pub const APPLY_TOKEN: &str = <ccmessaging::ApplyToken as Operation>::PATH;
    /// `ccmessaging.send`.
    pub const CCMESSAGING_SEND: &str = <ccmessaging::Send as Operation>::PATH;
    /// `ccmessaging.poll`: the messages waiting for a receiver.
    pub const CCMESSAGING_POLL: &str = <ccmessaging::Poll as Operation>::PATH;
}

/// The fake's credentials and switches. [`Default`] gives test values; `Debug` hides the
/// secrets.
#[derive(Clone)]
pub struct FakeConfig {
    /// The one SDKAppID the fake knows (default `1400000000`); others get 60006.
    pub sdkappid: u64,
    /// The App admin account (default `administrator`): the only `identifier` accepted, and the
    /// sender of finished Desk stream messages.
    pub identifier: String,
    /// The SDKAppID's secret key that UserSigs are verified with (default: the key of the
    /// vendor's test vector, `5bd2850f…3b5e`).
    pub secret_key: String,
    /// The ccmessaging app key (default `fake-app-key`).
    pub app_key: String,
    /// The ccmessaging app secret (default `fake-app-secret`).
    pub app_secret: String,
    /// Whether `chatbot.send_stream_msg` refuses calls over the rate limit with 60011
    /// (default `false`: calls are only recorded).
    pub enforce_rate_limit: bool,
    /// The limit in calls per second, counted over a sliding one-second window of admitted calls
    /// (default: the documented 200).
    pub rate_limit_per_second: u32,
    /// Whether to seed the sessions listed in the crate docs (default `true`).
    pub seed: bool,
    /// Where callbacks go from the start (default none; see [`FakeServer::set_callback_target`]).
    pub callback: Option<CallbackTarget>,
}

impl Default for FakeConfig {
    fn default() -> Self {
        Self {
            sdkappid: 1_400_000_000,
            identifier: "administrator".to_owned(),
            secret_key: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e".to_owned(),
            app_key: "fake-app-key".to_owned(),
            app_secret: "fake-app-secret".to_owned(),
            enforce_rate_limit: false,
            rate_limit_per_second: <ccapi_models::chatbot::SendStreamMsg as Operation>::RATE_LIMIT
                .map_or(200, |limit| limit.per_second),
            seed: true,
            callback: None,
        }
    }
}

impl fmt::Debug for FakeConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeConfig")
            .field("sdkappid", &self.sdkappid)
            .field("identifier", &self.identifier)
            .field("secret_key", &"<redacted>")
            .field("app_key", &self.app_key)
            .field("app_secret", &"<redacted>")
            .field("enforce_rate_limit", &self.enforce_rate_limit)
            .field("rate_limit_per_second", &self.rate_limit_per_second)
            .field("seed", &self.seed)
            .field("callback", &self.callback)
            .finish()
    }
}

/// A running fake. It stops with [`FakeServer::stop`], or when dropped.
pub struct FakeServer {
    shared: Arc<state::Shared>,
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
    pusher: JoinHandle<()>,
}

impl fmt::Debug for FakeServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeServer").field("addr", &self.addr).finish_non_exhaustive()
    }
}

/// `/v4/...` → itself, `v4/...` → `/v4/...`.
fn normalize(path: &str) -> String {
    if path.starts_with('/') { path.to_owned() } else { format!("/{path}") }
}

impl FakeServer {
    /// Starts a fake on `127.0.0.1` on a free port.
    ///
    /// # Errors
    ///
    /// When the socket cannot be bound.
    pub async fn start(config: FakeConfig) -> std::io::Result<Self> {
        Self::start_on(config, SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await
    }

    /// Starts a fake on `addr` (port 0 for a free one). Must be called within a tokio runtime.
    ///
    /// # Errors
    ///
    /// When the socket cannot be bound.
    pub async fn start_on(config: FakeConfig, addr: SocketAddr) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (pushes, queue) = tokio::sync::mpsc::unbounded_channel();
        let shared = Arc::new(state::Shared::new(config, pushes));
        let pusher = tokio::spawn(push::run(Arc::clone(&shared), queue));
        let router = control::routes().fallback(handler::handle).with_state(Arc::clone(&shared));
        let (shutdown, stop) = watch::channel(false);
        let task = tokio::spawn(server::accept_loop(listener, router, stop));
        Ok(Self { shared, addr, shutdown, task: Some(task), pusher })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, the base URL for every family.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Its configuration.
    pub fn config(&self) -> &FakeConfig {
        &self.shared.config
    }

    /// A UserSig for the admin account, valid for a day from now.
    pub fn usersig(&self) -> String {
        let config = &self.shared.config;
        ccapi_usersig::sign(config.sdkappid, &config.identifier, &self.shared.key, ccapi_usersig::now(), 86_400)
    }

    /// Queues `fault` for the next `times` calls to `path` (e.g. [`paths::DESK_SEND_STREAM_MSG`]),
    /// after the faults already queued for it. `times` 0 queues nothing.
    pub fn inject(&self, path: &str, fault: Fault, times: usize) {
        if times > 0 {
            let mut inner = self.shared.lock();
            inner.faults.entry(normalize(path)).or_default().push_back((fault, times));
        }
    }

    /// Adds a Desk session, replacing one with the same id.
    pub fn add_session(&self, session: Session) {
        self.shared.lock().put_session(session);
    }

    /// Adds a Desk session and reports `SessionBegin` (delivered when a callback target is set).
    pub async fn begin_session(&self, session: Session) -> Option<DeliveryRecord> {
        let id = session.id.clone();
        self.add_session(session);
        self.push_session_event(&id, "SessionBegin").await
    }

    /// Appends messages to a session's history (they become its newest).
    ///
    /// # Panics
    ///
    /// When no session has this id: add it first with [`FakeServer::add_session`].
    pub fn add_messages(&self, session_id: &str, messages: Vec<Message>) {
        let mut inner = self.shared.lock();
        let Some(session) = inner.session_mut(session_id) else {
            panic!("the fake has no session {session_id:?}: add it with add_session first");
        };
        session.messages.extend(messages);
    }

    /// A session as it is now (state and history).
    pub fn session(&self, session_id: &str) -> Option<Session> {
        self.shared.lock().session(session_id).cloned()
    }

    /// A streamed message (Desk or chatbot) by the `MsgKey` the fake issued.
    pub fn stream_message(&self, msg_key: &str) -> Option<StreamedMessage> {
        self.shared.lock().stream(msg_key).cloned()
    }

    /// Every streamed message (Desk and chatbot), in the order they were started: also those
    /// whose `MsgKey` the client never saw (after a [`Fault::AfterApply`]).
    pub fn stream_messages(&self) -> Vec<StreamedMessage> {
        self.shared.lock().streams.clone()
    }

    /// Every call to `path` so far, in arrival order.
    pub fn calls(&self, path: &str) -> Vec<CallRecord> {
        self.shared.lock().calls.get(&normalize(path)).cloned().unwrap_or_default()
    }

    /// The largest number of calls to `path` that arrived within any `window` (e.g. one second,
    /// to check a client kept to a rate limit).
    pub fn max_calls_within(&self, path: &str, window: Duration) -> usize {
        let mut arrivals: Vec<Instant> = self.calls(path).iter().map(|c| c.at).collect();
        arrivals.sort();
        let mut best = 0;
        let mut start = 0;
        for end in 0..arrivals.len() {
            while arrivals[end].duration_since(arrivals[start]) >= window {
                start += 1;
            }
            best = best.max(end - start + 1);
        }
        best
    }

    /// Expires every access token and ccmessaging-token issued so far: the next `applyToken` or
    /// `send` with them gets 401.
    pub fn expire_tokens(&self) {
        let now = Instant::now();
        let mut inner = self.shared.lock();
        inner.access_tokens.values_mut().for_each(|t| t.expires_at = now);
        inner.cc_tokens.values_mut().for_each(|t| t.expires_at = now);
    }

    /// Expires only the ccmessaging-tokens (`applyToken`), as their one hour running out would:
    /// the access tokens stay valid.
    pub fn expire_ccmessaging_tokens(&self) {
        let now = Instant::now();
        self.shared.lock().cc_tokens.values_mut().for_each(|t| t.expires_at = now);
    }

    /// How many requests reached `tokenByAkSk` and `applyToken` so far (whatever their outcome).
    pub fn token_requests(&self) -> (usize, usize) {
        let inner = self.shared.lock();
        let count = |path: &str| inner.calls.get(path).map_or(0, Vec::len);
        (count(paths::TOKEN_BY_AK_SK), count(paths::APPLY_TOKEN))
    }

    /// The ccmessaging messages accepted from `from`, in order.
    pub fn sent_messages(&self, from: &str) -> Vec<SendRequest> {
        self.shared.lock().sent.get(from).cloned().unwrap_or_default()
    }

    /// Delivers callbacks to `target` from now on (Desk events as sessions move, the messages
    /// [`FakeServer::send_user_message`] injects, `ChatBot.OnAssignHuman` on a transfer).
    pub fn set_callback_target(&self, target: CallbackTarget) {
        self.shared.lock().callback_target = Some(target);
    }

    /// Applies `fault` to the next `times` deliveries, after the faults already queued.
    pub fn inject_delivery(&self, fault: DeliveryFault, times: usize) {
        if times > 0 {
            self.shared.lock().delivery_faults.push_back((fault, times));
        }
    }

    /// Every delivery made so far, in order (a duplicated one twice).
    pub fn deliveries(&self) -> Vec<DeliveryRecord> {
        self.shared.lock().deliveries.clone()
    }

    /// The user `from` sends `text` to the bot `to_bot` (`@RBT#...`): Chat delivers
    /// `Bot.OnC2CMessage`. Resolves once delivered (or given up), with its record.
    pub async fn send_user_message(&self, from: &str, to_bot: &str, text: &str) -> Option<DeliveryRecord> {
        self.shared.send_user_message(from, to_bot, text).await
    }

    /// Desk reports `event` (`SessionBegin`, ...) of a session as it is now; `None` without a
    /// callback target or without such a session.
    pub async fn push_session_event(&self, session_id: &str, event: &str) -> Option<DeliveryRecord> {
        self.shared.push_session_event(session_id, event).await
    }

    /// The session's user writes `text`: it joins the history (role 1, User) and Desk reports
    /// `ChatBot.UserSendMsg`; `None` without a callback target or without such a session.
    pub async fn user_writes(&self, session_id: &str, text: &str) -> Option<DeliveryRecord> {
        self.shared.user_writes(session_id, text).await
    }

    /// The session's user asks for a human: Desk asks the app (`ChatBot.OnAssignHuman`, a
    /// synchronous callback) and applies its answer to the session, as `get_session_state` then
    /// reports it: `AgentIdList` → state `Agent` with the first agent; `AgentGroupId` alone →
    /// `Queuing` (Desk picks an agent of the group); `FAIL`, no answer or neither field → the
    /// session stays as it was. Returns the delivery (`None` without a target or session).
    pub async fn transfer_to_human(&self, session_id: &str) -> Option<DeliveryRecord> {
        self.shared.transfer_to_human(session_id).await
    }

    /// Queues a message (an agent's, a robot's or the system's) for `receiver_id`: the next
    /// `ccmessaging.poll` of that receiver hands it over, once.
    pub fn queue_downlink(&self, receiver_id: &str, message: DownLinkMsg) {
        self.shared.lock().downlink.entry(receiver_id.to_owned()).or_default().push(message);
    }

    /// Stops accepting connections and waits (up to two seconds) for the open ones to finish
    /// their current request.
    pub async fn stop(mut self) {
        self.pusher.abort();
        self.shutdown.send_replace(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.pusher.abort();
        self.shutdown.send_replace(true);
    }
}

/// Serves a fake on `addr` until the future is dropped (for `ccapi fake --port P`): calls
/// `on_bound` with the bound address once it accepts connections, so the caller can print
/// `listening on http://127.0.0.1:PORT`. Prints nothing itself.
///
/// ```no_run
/// # async fn cli() -> std::io::Result<()> {
/// let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 8080));
/// ccapi_fake::serve_forever(ccapi_fake::FakeConfig::default(), addr, |bound| {
///     println!("listening on http://{bound}");
/// })
/// .await
/// # }
/// ```
///
/// # Errors
///
/// When the socket cannot be bound.
pub async fn serve_forever(
    config: FakeConfig,
    addr: SocketAddr,
    on_bound: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let mut server = FakeServer::start_on(config, addr).await?;
    on_bound(server.addr());
    if let Some(task) = server.task.take() {
        let _ = task.await;
    }
    Ok(())
}
