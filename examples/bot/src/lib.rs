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
use ccapi_models::{chatbot, desk};
use ccapi_receiver::{
    CallbackFacts, CallbackToken, DedupKey, Delivery, Events, RawEvent, Receiver, ReceiverConfig, Reply,
};
use futures_util::{Stream, StreamExt, stream};
use serde_json::Value as Json;
use tokio::sync::watch;

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

/// The facts of the commands the bot handles, as the vendors' pages state them: Desk events are
/// told apart by `RequestID`, messages by `MsgKey`; `OnAssignHuman` waits for the reply.
fn facts(command: &str) -> Option<CallbackFacts> {
    const REQUEST_ID: &[DedupKey] = &[DedupKey::Query("RequestID"), DedupKey::BodyDigest];
    const MSG_KEY: &[DedupKey] = &[DedupKey::BodyField("MsgKey"), DedupKey::BodyDigest];
    const DIGEST: &[DedupKey] = &[DedupKey::BodyDigest];
    match command {
        "Bot.OnC2CMessage" => Some(CallbackFacts { synchronous: false, dedup: MSG_KEY }),
        "Desk.SessionEventNotify" => Some(CallbackFacts { synchronous: false, dedup: REQUEST_ID }),
        "ChatBot.OnAssignHuman" => Some(CallbackFacts { synchronous: true, dedup: DIGEST }),
        _ => RawEvent::facts(command),
    }
}

/// The text of a `MsgBody`'s text elements, joined.
fn text_of(body: &Json) -> String {
    let elements = body["MsgBody"].as_array().map(Vec::as_slice).unwrap_or_default();
    elements
        .iter()
        .filter(|e| e["MsgType"] == "TIMTextElem")
        .filter_map(|e| e["MsgContent"]["Text"].as_str())
        .collect::<Vec<_>>()
        .join(" ")
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
    pub fn receiver(self: &Arc<Self>) -> Receiver<RawEvent, impl ccapi_receiver::Handler<RawEvent>> {
        let mut config = ReceiverConfig::new(self.config.sdk_app_id.to_string());
        if let Some(token) = &self.config.callback_token {
            config = config.with_token(CallbackToken::new(token.clone()));
        }
        let bot = Arc::clone(self);
        Receiver::new(config, move |d: Delivery<RawEvent>| {
            let bot = Arc::clone(&bot);
            async move { bot.handle(d).await }
        })
        .with_facts(facts)
    }

    async fn handle(self: Arc<Self>, d: Delivery<RawEvent>) -> Reply {
        let body = &d.event.body;
        match d.command.as_str() {
            "Bot.OnC2CMessage" => {
                let (user, bot) = (
                    body["From_Account"].as_str().unwrap_or_default(),
                    body["To_Account"].as_str().unwrap_or_default(),
                );
                self.answer_user(bot, user, &text_of(body)).await;
                Reply::ok()
            }
            "Desk.SessionEventNotify" if body["Event"] == "ChatBot.UserSendMsg" => {
                let session = body["SessionId"].as_str().unwrap_or_default();
                self.answer_in_session(session, &text_of(body)).await;
                Reply::ok()
            }
            "ChatBot.OnAssignHuman" => {
                let session = body["SessionId"].as_str().unwrap_or_default();
                self.stop(session);
                if self.config.agents.is_empty() {
                    Reply::fail(1, "no agent configured")
                } else {
                    Reply::ok().with("AgentIdList", self.config.agents.clone())
                }
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
