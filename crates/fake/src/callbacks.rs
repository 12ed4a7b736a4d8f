//! The bodies of the callbacks the fake sends, built with the generated body structs (so each is
//! shaped as the spec says): `Bot.OnC2CMessage`, `Desk.SessionEventNotify`,
//! `ChatBot.OnAssignHuman`.

use ccapi_models::chatbot::OnC2cMessageEvent;
use ccapi_models::common::{MsgBodyElement, TextElem};
use ccapi_models::desk::{OnAssignHumanEvent, SessionEventNotifyEvent, SessionEventType};
use ccapi_models::support::Callback;
use serde_json::Value as Json;

use crate::push::Outgoing;
use crate::state::{Session, unix_millis};

/// The command of a one-to-one message to a bot.
pub const BOT_ON_C2C_MESSAGE: &str = command::<OnC2cMessageEvent>();
/// The command of Desk's session events.
pub const DESK_SESSION_EVENT: &str = command::<SessionEventNotifyEvent>();
/// The command by which Desk asks the app which agent takes a transfer.
pub const ON_ASSIGN_HUMAN: &str = command::<OnAssignHumanEvent>();

/// The command of a callback the spec dispatches by command.
const fn command<C: Callback>() -> &'static str {
    match C::COMMAND {
        Some(c) => c,
        None => panic!("a callback dispatched by path"),
    }
}

/// A `MsgBody` of one text element.
fn text_body(text: &str) -> Vec<MsgBodyElement> {
    vec![MsgBodyElement::Text(TextElem::new(text))]
}

/// `<MsgSeq>_<MsgRandom>_<MsgTime>`, as the page's `MsgKey` sample is made.
pub fn msg_key(seq: u64, random: u32, time: i64) -> String {
    format!("{seq}_{random}_{time}")
}

/// Now, in milliseconds (the callbacks' `EventTime`).
fn now_millis() -> u64 {
    u64::try_from(unix_millis()).unwrap_or_default()
}

/// A body as the JSON the fake sends.
fn json(body: &impl serde::Serialize) -> Json {
    serde_json::to_value(body).expect("generated bodies serialise")
}

/// `Bot.OnC2CMessage`: `from` sent `text` to the bot `to`.
pub(crate) fn c2c_message(seq: u64, from: &str, to: &str, text: &str) -> Outgoing {
    let (random, time) = (fastrand::u32(..), unix_millis() / 1000);
    let seq = u32::try_from(seq).unwrap_or(u32::MAX);
    let body = OnC2cMessageEvent::new(BOT_ON_C2C_MESSAGE, from, to, text_body(text))
        .msg_seq(seq)
        .msg_random(random)
        .msg_time(u64::try_from(time).unwrap_or_default())
        .msg_key(msg_key(u64::from(seq), random, time))
        .online_only_flag(0)
        .send_msg_result(0)
        .error_info("send msg succeed")
        .cloud_custom_data("")
        .event_time(now_millis());
    Outgoing { command: BOT_ON_C2C_MESSAGE.into(), extra_query: Vec::new(), body: json(&body) }
}

/// `Desk.SessionEventNotify` of `event` for `session`; with a message (`MsgKey`, text) for the
/// message events. `RequestID` (query) is unique per delivery, as the vendor's is.
pub(crate) fn session_event(
    seq: u64,
    session: &Session,
    event: SessionEventType,
    message: Option<(&str, &str)>,
) -> Outgoing {
    let mut body = SessionEventNotifyEvent::new(DESK_SESSION_EVENT, session.id.clone(), event)
        .event_time(now_millis())
        .channel_type("SDK")
        .client_user_id(session.client_user_id.clone())
        .customer_service_id(session.customer_service_id.clone())
        .agent_id(session.agent_id.clone().unwrap_or_default());
    if let Some((key, text)) = message {
        body = body.msg_key(key).msg_body(text_body(text)).cloud_custom_data("");
    }
    let request_id = format!("fake-{seq}-{}", fastrand::u64(..));
    Outgoing {
        command: DESK_SESSION_EVENT.into(),
        extra_query: vec![("RequestID".into(), request_id)],
        body: json(&body),
    }
}

/// `ChatBot.OnAssignHuman`: the user of `session` asked for a human.
pub(crate) fn assign_human(session: &Session) -> Outgoing {
    let body = OnAssignHumanEvent::new(ON_ASSIGN_HUMAN, session.id.clone(), session.client_user_id.clone())
        .event_time(now_millis());
    Outgoing { command: ON_ASSIGN_HUMAN.into(), extra_query: Vec::new(), body: json(&body) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ccapi_models::support::Validate;

    #[test]
    fn the_bodies_keep_to_the_spec() {
        let session = Session::new("s-1", "u-1", "@cs");
        let c2c = c2c_message(7, "u-1", "@RBT#1", "hello");
        let parsed: OnC2cMessageEvent = serde_json::from_value(c2c.body.clone()).unwrap();
        parsed.validate().unwrap();
        let key = parsed.msg_key.unwrap();
        assert!(key.starts_with("7_"), "{key}");
        assert_eq!(c2c.body["MsgBody"][0]["MsgContent"]["Text"], "hello");
        let event = session_event(8, &session, SessionEventType::UserSendMsg, Some(("k", "hi")));
        let parsed: SessionEventNotifyEvent = serde_json::from_value(event.body.clone()).unwrap();
        parsed.validate().unwrap();
        assert_eq!((parsed.event, parsed.msg_key.as_deref()), (SessionEventType::UserSendMsg, Some("k")));
        assert_eq!(event.body["Event"], "ChatBot.UserSendMsg");
        let assign = assign_human(&session);
        let parsed: OnAssignHumanEvent = serde_json::from_value(assign.body).unwrap();
        parsed.validate().unwrap();
        assert_eq!(parsed.session_id, "s-1");
    }
}
