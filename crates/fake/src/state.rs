//! The fake's state: sessions, streamed messages, tokens, faults and call records.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ccapi_models::ccmessaging::{DownLinkMsg, SendRequest};
use ccapi_models::common::{MsgBodyElement, TextElem};
use ccapi_models::desk::{CurrentState, FromAccountRole, Message};
use ccapi_usersig::SecretKey;

use crate::FakeConfig;
use crate::fault::{CallRecord, Fault};
use crate::push::{CallbackTarget, DeliveryFault, DeliveryRecord, Outgoing};

/// A Desk session the fake knows: what `get_session_state` reports and the history
/// `describe_chat_messages` pages through.
///
/// ```
/// use ccapi_fake::Session;
/// use ccapi_models::desk::CurrentState;
///
/// let session = Session::new("s-1", "user1", "@customer_service_account")
///     .state(CurrentState::Agent)
///     .agent("agent@example.com");
/// # let _ = session;
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Session {
    /// `SessionId`.
    pub id: String,
    /// `ClientUserId`: the user of the session.
    pub client_user_id: String,
    /// `CustomerServiceId`: the customer service account the user talks to.
    pub customer_service_id: String,
    /// `CurrentState`.
    pub state: CurrentState,
    /// `AgentId` (sent as `""` when `None`).
    pub agent_id: Option<String>,
    /// The history, oldest first, in the order messages were added (the fake does not sort by
    /// `Timestamp`).
    pub messages: Vec<Message>,
}

impl Session {
    /// A session in state `Chatbot`, without agent and without history.
    pub fn new(
        id: impl Into<String>,
        client_user_id: impl Into<String>,
        customer_service_id: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            client_user_id: client_user_id.into(),
            customer_service_id: customer_service_id.into(),
            state: CurrentState::Chatbot,
            agent_id: None,
            messages: Vec::new(),
        }
    }

    /// Sets the state.
    #[must_use]
    pub fn state(mut self, state: CurrentState) -> Self {
        self.state = state;
        self
    }

    /// Sets the agent account.
    #[must_use]
    pub fn agent(mut self, agent_id: impl Into<String>) -> Self {
        self.agent_id = Some(agent_id.into());
        self
    }

    /// Sets the history (oldest first).
    #[must_use]
    pub fn messages(mut self, messages: Vec<Message>) -> Self {
        self.messages = messages;
        self
    }
}

/// Where a streamed message goes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamTarget {
    /// `desk.send_stream_msg` into a session.
    Desk {
        /// `SessionId`.
        session_id: String,
    },
    /// `chatbot.send_stream_msg` from a bot to a user.
    Chatbot {
        /// `From_Account`.
        from_account: String,
        /// `To_Account`.
        to_account: String,
    },
}

/// A message streamed with `send_stream_msg`, as the fake reassembled it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StreamedMessage {
    /// The `MsgKey` the fake issued.
    pub msg_key: String,
    /// Where it goes.
    pub target: StreamTarget,
    /// Every accepted `Chunk`, in order.
    pub chunks: Vec<String>,
    /// The chunks joined: the text so far.
    pub text: String,
    /// Whether a call with `Finish: 1` closed it.
    pub finished: bool,
    /// When its first call arrived (what the customer waited for: time to first token).
    pub started: Instant,
}

/// An issued ccmessaging access token (`tokenByAkSk`).
pub(crate) struct AccessToken {
    pub app_key: String,
    pub expires_at: Instant,
}

/// An issued ccmessaging-token (`applyToken`), tied to one sender and channel.
pub(crate) struct CcToken {
    pub app_key: String,
    pub user_id: String,
    pub channel_id: String,
    pub expires_at: Instant,
}

/// Everything that changes.
#[derive(Default)]
pub(crate) struct Inner {
    pub sessions: Vec<Session>,
    /// Every streamed message, in the order they were started.
    pub streams: Vec<StreamedMessage>,
    pub stream_seq: u64,
    pub faults: HashMap<String, VecDeque<(Fault, usize)>>,
    pub calls: HashMap<String, Vec<CallRecord>>,
    /// Arrival instants of the calls the rate limiter admitted, per path (the last second).
    pub admitted: HashMap<String, VecDeque<Instant>>,
    pub access_tokens: HashMap<String, AccessToken>,
    pub cc_tokens: HashMap<String, CcToken>,
    pub sent: HashMap<String, Vec<SendRequest>>,
    /// Where callbacks go (none: nothing is delivered).
    pub callback_target: Option<CallbackTarget>,
    /// Faults for the next deliveries, first in, first out.
    pub delivery_faults: VecDeque<(DeliveryFault, usize)>,
    /// Every delivery made, in order.
    pub deliveries: Vec<DeliveryRecord>,
    /// The last `RequestID` / `MsgSeq` issued for a callback.
    pub callback_seq: u64,
    /// Messages waiting for `ccmessaging.poll`, per receiver.
    pub downlink: HashMap<String, Vec<DownLinkMsg>>,
}

impl Inner {
    pub fn session(&self, id: &str) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id == id)
    }

    pub fn session_mut(&mut self, id: &str) -> Option<&mut Session> {
        self.sessions.iter_mut().find(|s| s.id == id)
    }

    pub fn stream(&self, msg_key: &str) -> Option<&StreamedMessage> {
        self.streams.iter().find(|m| m.msg_key == msg_key)
    }

    pub fn stream_mut(&mut self, msg_key: &str) -> Option<&mut StreamedMessage> {
        self.streams.iter_mut().find(|m| m.msg_key == msg_key)
    }

    /// Adds a session, replacing one with the same id.
    pub fn put_session(&mut self, session: Session) {
        match self.session_mut(&session.id) {
            Some(old) => *old = session,
            None => self.sessions.push(session),
        }
    }

    /// The fault for the next call to `path`, if one is queued.
    pub fn next_fault(&mut self, path: &str) -> Option<Fault> {
        let queue = self.faults.get_mut(path)?;
        let (fault, left) = queue.front_mut()?;
        let fault = fault.clone();
        *left -= 1;
        if *left == 0 {
            queue.pop_front();
        }
        Some(fault)
    }

    /// Whether one more call to `path` fits in `per_second` calls in the last second; if so,
    /// counts it.
    pub fn admit(&mut self, path: &str, now: Instant, per_second: u32) -> bool {
        let window = self.admitted.entry(path.to_owned()).or_default();
        while window.front().is_some_and(|at| now.duration_since(*at) >= Duration::from_secs(1)) {
            window.pop_front();
        }
        if window.len() >= per_second as usize {
            return false;
        }
        window.push_back(now);
        true
    }
}

/// The state shared by the server's tasks and the [`FakeServer`](crate::FakeServer) handle.
pub(crate) struct Shared {
    pub config: FakeConfig,
    pub key: SecretKey,
    inner: Mutex<Inner>,
    /// The queue of callbacks to deliver, in order (see [`crate::push`]).
    pushes: tokio::sync::mpsc::UnboundedSender<PushRequest>,
}

/// A callback to deliver, and who waits for its record.
pub(crate) struct PushRequest {
    pub out: Outgoing,
    pub done: Option<tokio::sync::oneshot::Sender<Option<DeliveryRecord>>>,
}

impl Shared {
    pub fn new(config: FakeConfig, pushes: tokio::sync::mpsc::UnboundedSender<PushRequest>) -> Self {
        let mut inner = Inner::default();
        if config.seed {
            for session in seed_sessions() {
                inner.put_session(session);
            }
        }
        inner.callback_target = config.callback.clone();
        let key = SecretKey::new(config.secret_key.clone());
        Self { config, key, inner: Mutex::new(inner), pushes }
    }

    /// The state, locked (never across an `.await`). A panic while locked does not poison it:
    /// the fake keeps serving.
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues a callback; it is delivered after those queued before it (nothing happens without a
    /// callback target).
    pub fn push(&self, out: Outgoing) -> tokio::sync::oneshot::Receiver<Option<DeliveryRecord>> {
        let (done, record) = tokio::sync::oneshot::channel();
        let _ = self.pushes.send(PushRequest { out, done: Some(done) });
        record
    }

    /// The next delivery fault, if any is queued.
    pub fn next_delivery_fault(&self) -> Option<DeliveryFault> {
        let mut inner = self.lock();
        let (fault, left) = inner.delivery_faults.front_mut()?;
        let fault = fault.clone();
        *left -= 1;
        if *left == 0 {
            inner.delivery_faults.pop_front();
        }
        Some(fault)
    }
}

/// Unix time in milliseconds.
pub(crate) fn unix_millis() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The session of the page's `send_stream_msg` samples: where streaming goes out of the box.
pub(crate) const SEED_STREAM_SESSION: &str = "fd8a2e30-54de-4e40-bcaf-02718409c5cf";
/// The session of the page's `describe_chat_messages` sample: 26 messages.
pub(crate) const SEED_HISTORY_SESSION: &str = "b0f4ca12-4850-4218-a284-efe679a87066";
/// The session of the page's `get_session_state` sample (user `user1`, agent `test@qq.com`).
pub(crate) const SEED_AGENT_SESSION: &str = "a-b-c-d-e";

/// The sessions seeded when [`FakeConfig::seed`] is set (listed in the crate docs).
fn seed_sessions() -> Vec<Session> {
    let user = "8618655061639";
    let agent = "test@qq.com";
    let history = (0..26)
        .map(|i| {
            let (from, role) = if i % 2 == 0 { (user, FromAccountRole::User) } else { (agent, FromAccountRole::Agent) };
            let text = if i == 0 { "hello".to_owned() } else { format!("message {i}") };
            Message::new()
                .from_account(from)
                .from_account_role(role)
                .msg_body(vec![MsgBodyElement::Text(TextElem::new(text))])
                .timestamp(1_730_939_030_138 + i64::from(i) * 1_000)
        })
        .collect();
    vec![
        Session::new(SEED_STREAM_SESSION, "user01", "@customer_service_account"),
        Session::new(SEED_HISTORY_SESSION, user, "@customer_service_account")
            .state(CurrentState::Agent)
            .agent(agent)
            .messages(history),
        Session::new(SEED_AGENT_SESSION, "user1", "@customer_service_account").state(CurrentState::Agent).agent(agent),
    ]
}
