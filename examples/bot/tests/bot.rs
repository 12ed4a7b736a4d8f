//! The example bot against the fake, offline: a user's message to the bot gets a streamed answer;
//! in a Desk session the bot answers the user, and when the user asks for a human, Desk's
//! `OnAssignHuman` stops the running answer and hands the session to the bot's agent.

use std::time::{Duration, Instant};

use ccapi_example_bot::{Bot, BotConfig, answer_pieces, serve};
use ccapi_fake::{CallbackTarget, FakeConfig, FakeServer, Session, StreamTarget, StreamedMessage};
use ccapi_models::desk::CurrentState;
use ccapi_receiver::CallbackToken;

const TOKEN: &str = "bot-callback-token";

async fn start(word_delay: Duration) -> FakeServer {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let c = fake.config();
    let bot = Bot::new(BotConfig {
        sdk_app_id: c.sdkappid,
        identifier: c.identifier.clone(),
        secret_key: c.secret_key.clone(),
        endpoint: fake.base_url(),
        callback_token: Some(TOKEN.into()),
        agents: vec!["svc1@tencent.com".into()],
        word_delay,
    })
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/callback", listener.local_addr().unwrap());
    tokio::spawn(serve(bot, listener));
    fake.set_callback_target(CallbackTarget { url, token: Some(CallbackToken::new(TOKEN)) });
    fake
}

/// Waits (up to 15 s) until a streamed message matches.
async fn message(fake: &FakeServer, matches: impl Fn(&StreamedMessage) -> bool) -> StreamedMessage {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(m) = fake.stream_messages().into_iter().find(|m| matches(m)) {
            return m;
        }
        assert!(Instant::now() < deadline, "no such message: {:?}", fake.stream_messages());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_users_message_gets_a_streamed_answer() {
    let fake = start(Duration::from_millis(5)).await;
    let record = fake.send_user_message("user01", "@RBT#helper", "How to request a refund?").await.unwrap();
    assert!(record.delivered(), "{record:?}");
    let answer = message(&fake, |m| {
        m.finished && matches!(&m.target, StreamTarget::Chatbot { to_account, .. } if to_account == "user01")
    })
    .await;
    assert!(answer.text.starts_with("You asked: \"How to request a refund?\""), "{}", answer.text);
    assert!(answer.text.ends_with("help you with?"), "{}", answer.text);
    assert!(answer.chunks.len() > 1, "streamed in pieces: {:?}", answer.chunks);
    let StreamTarget::Chatbot { from_account, .. } = &answer.target else { unreachable!() };
    assert_eq!(from_account, "@RBT#helper");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transfer_stops_the_running_answer_and_hands_the_session_to_the_agent() {
    let fake = start(Duration::from_millis(60)).await;
    fake.begin_session(Session::new("s-1", "user-1", "@customer_service_account")).await.unwrap();
    fake.user_writes("s-1", "Where is my parcel?").await.unwrap();
    let in_session =
        |m: &StreamedMessage| matches!(&m.target, StreamTarget::Desk { session_id } if session_id == "s-1");
    // The answer has begun...
    message(&fake, |m| in_session(m) && !m.text.is_empty()).await;
    // ...when the user asks for a human.
    let record = fake.transfer_to_human("s-1").await.unwrap();
    assert_eq!(record.reply().unwrap()["AgentIdList"][0], "svc1@tencent.com");
    let session = fake.session("s-1").unwrap();
    assert_eq!((session.state, session.agent_id.as_deref()), (CurrentState::Agent, Some("svc1@tencent.com")));
    let stopped = message(&fake, |m| in_session(m) && m.finished).await;
    let (_keep, never) = tokio::sync::watch::channel(false);
    let full: String =
        futures_util::StreamExt::collect::<Vec<String>>(answer_pieces("Where is my parcel?", Duration::ZERO, never))
            .await
            .concat();
    assert!(full.starts_with(&stopped.text), "{} is not the start of {full}", stopped.text);
    assert!(stopped.text.len() < full.len(), "the answer stopped early: {}", stopped.text);
    // The finished partial answer is in the session's history, and Desk reported it.
    let history = fake.session("s-1").unwrap().messages;
    assert_eq!(history.len(), 2, "the user's message and the bot's");
    let commands: Vec<String> =
        fake.deliveries().iter().map(|d| format!("{} {}", d.command, d.body["Event"])).collect();
    assert!(commands.iter().any(|c| c.contains("ChatBot.RobotSendMsg")), "{commands:?}");
}
