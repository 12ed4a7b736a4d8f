//! A whole customer-service bot on the SDK, small enough to read: what a team wiring an LLM into a
//! desk writes. It
//! - receives `Bot.OnC2CMessage` (a user writes to the bot) and answers with
//!   `chatbot.send_stream_msg`, streamed piece by piece as the "model" produces it;
//! - receives `Desk.SessionEventNotify` and answers each `ChatBot.UserSendMsg` in the session with
//!   `desk.send_stream_msg`;
//! - answers `ChatBot.OnAssignHuman` (synchronous) with its agents, and stops the session's running
//!   answer at once: from then on the human has the session.
//!
//! The "model" here is [`answer_pieces`]: words of a canned answer, one every
//! [`BotConfig::word_delay`]. Put a real model's token stream in its place.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ccapi_client::{Client, Endpoint, StreamOptions, TencentCredentials};
use ccapi_models::chatbot::{self, ChatbotEvent};
use ccapi_models::common::{ActionStatus, MsgBodyElement};
use ccapi_models::desk::{self, DeskEvent, OnAssignHumanReply, SessionEventType};
use ccapi_receiver::{CallbackToken, Delivery, Either, Receiver, ReceiverConfig, Reply};
use futures_util::{Stream, StreamExt, stream};
use tokio::sync::watch;

/// The callbacks the bot receives on its one URL: Chat's bot callbacks and Desk's, typed by the
/// enums generated from the spec (which also say what identifies a delivery: `MsgKey` for bot
/// messages, `RequestID` for Desk events; and that `OnAssignHuman` waits for the reply).
pub type BotEvent = Either<ChatbotEvent, DeskEvent>;

/// What the bot needs: the app's credentials and endpoint, its callback token, its agents.
#[derive(Clone, Debug)]
pub struct BotConfig {
    /// The SDKAppID.
    pub sdk_app_id: u64,
    /// The admin account that calls the REST APIs.
    pub identifier: String,
    /// The app's secret key (signs UserSigs).
    pub secret_key: String,
    /// The base URL of the REST APIs (a region's, or the fake's).
    pub endpoint: String,
    /// The callback token, when callback authentication is on.
    pub callback_token: Option<String>,
    /// The agents `ChatBot.OnAssignHuman` is answered with (empty: let Desk choose: `FAIL`).
    pub agents: Vec<String>,
    /// How long the "model" takes per word.
    pub word_delay: Duration,
}

/// The text of a `MsgBody`'s text elements, joined.
fn text_of(body: Option<&[MsgBodyElement]>) -> String {
    let texts = body.unwrap_or_default().iter().filter_map(|e| match e {
        MsgBodyElement::Text(t) => Some(t.text.as_str()),
        _ => None,
    });
    texts.collect::<Vec<_>>().join(" ")
}

/// The "model": a canned answer to `question`, a word at a time, until `stop` turns true.
pub fn answer_pieces(
    question: &str,
    word_delay: Duration,
    mut stop: watch::Receiver<bool>,
) -> impl Stream<Item = String> {
    let answer = format!(
        "You asked: \"{question}\". Thank you for your patience. Let me look into this for you: refunds are \
processed within five working days after the returned goods arrive, and you can follow the status in your \
orders page. Is there anything else I can help you with?"
    );
    let words: Vec<String> = answer.split_inclusive(' ').map(str::to_string).collect();
    let stopped = async move {
        let _ = stop.wait_for(|s| *s).await;
    };
    stream::iter(words)
        .then(move |w| async move {
            tokio::time::sleep(word_delay).await;
            w
        })
        .take_until(stopped)
}

/// The bot: its client, its agents, and the stop switch of each session's running answer.
pub struct Bot {
    client: Client,
    config: BotConfig,
    running: Mutex<HashMap<String, watch::Sender<bool>>>,
}

impl Bot {
    /// A bot calling the APIs at `config.endpoint`.
    ///
    /// # Errors
    ///
    /// When the client cannot be built.
    pub fn new(config: BotConfig) -> Result<Arc<Self>, ccapi_client::BuildError> {
        let client = Client::builder()
            .tencent(TencentCredentials::new(config.sdk_app_id, config.identifier.clone(), config.secret_key.clone()))
            .endpoint(Endpoint::Custom(config.endpoint.clone()))
            .build()?;
        Ok(Arc::new(Self { client, config, running: Mutex::new(HashMap::new()) }))
    }

    /// The receiver for the bot's callback URL.
    pub fn receiver(self: &Arc<Self>) -> Receiver<BotEvent, impl ccapi_receiver::Handler<BotEvent>> {
        let mut config = ReceiverConfig::new(self.config.sdk_app_id.to_string());
        if let Some(token) = &self.config.callback_token {
            config = config.with_token(CallbackToken::new(token.clone()));
        }
        let bot = Arc::clone(self);
        Receiver::new(config, move |d: Delivery<BotEvent>| {
            let bot = Arc::clone(&bot);
            async move { bot.handle(d).await }
        })
    }

    async fn handle(self: Arc<Self>, d: Delivery<BotEvent>) -> Reply {
        match d.event {
            Either::First(ChatbotEvent::OnC2cMessage(m)) => {
                self.answer_user(&m.to_account, &m.from_account, &text_of(Some(&m.msg_body))).await;
                Reply::ok()
            }
            Either::Second(DeskEvent::SessionEventNotify(e)) if e.event == SessionEventType::UserSendMsg => {
                self.answer_in_session(&e.session_id, &text_of(e.msg_body.as_deref())).await;
                Reply::ok()
            }
            Either::Second(DeskEvent::OnAssignHuman(e)) => {
                self.stop(&e.session_id);
                let reply = if self.config.agents.is_empty() {
                    OnAssignHumanReply::new(ActionStatus::Fail, 1, "no agent configured")
                } else {
                    OnAssignHumanReply::new(ActionStatus::Ok, 0, "").agent_id_list(self.config.agents.clone())
                };
                Reply::typed(&reply)
            }
            _ => Reply::ok(),
        }
    }

    /// Stops the session's running answer (it ends as a finished message with what was sent).
    pub fn stop(&self, session: &str) {
        if let Some(stop) = self.running.lock().unwrap_or_else(|e| e.into_inner()).remove(session) {
            let _ = stop.send(true);
        }
    }

    async fn answer_user(&self, bot: &str, user: &str, question: &str) {
        let (_stop, never) = watch::channel(false);
        let pieces = answer_pieces(question, self.config.word_delay, never);
        let template = chatbot::SendStreamMsgRequest::new(bot, user, "");
        let sent = self.client.chatbot().send_stream_msg_from_stream(&template, pieces, StreamOptions::default()).await;
        if let Err(e) = sent {
            tracing::warn!(error = %e, "the answer to {user} stopped");
        }
    }

    async fn answer_in_session(&self, session: &str, question: &str) {
        let (stop, stopped) = watch::channel(false);
        if let Some(previous) = self.running.lock().unwrap_or_else(|e| e.into_inner()).insert(session.to_string(), stop)
        {
            let _ = previous.send(true);
        }
        let pieces = answer_pieces(question, self.config.word_delay, stopped);
        let template = desk::SendStreamMsgRequest::new(session, "");
        let sent = self.client.desk().send_stream_msg_from_stream(&template, pieces, StreamOptions::default()).await;
        if let Err(e) = sent {
            tracing::warn!(error = %e, "the answer in session {session} stopped");
        }
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        if running.get(session).is_some_and(|s| s.is_closed() || *s.borrow()) {
            running.remove(session);
        }
    }
}

/// Serves the bot's callback URL on `listener` until the future is dropped.
///
/// # Errors
///
/// When serving fails.
pub async fn serve(bot: Arc<Bot>, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let router = ccapi_receiver::axum::router(Arc::new(bot.receiver()));
    axum::serve(listener, router).await
}
