//! The bodies of the callbacks the fake sends, shaped as the vendors' pages show them
//! (`Bot.OnC2CMessage`, `Desk.SessionEventNotify`, `ChatBot.OnAssignHuman`).

use serde_json::{Value as Json, json};

use crate::push::Outgoing;
use crate::state::{Session, unix_millis};

/// The command of a one-to-one message to a bot.
pub const BOT_ON_C2C_MESSAGE: &str = "Bot.OnC2CMessage";
/// The command of Desk's session events.
pub const DESK_SESSION_EVENT: &str = "Desk.SessionEventNotify";
/// The command by which Desk asks the app which agent takes a transfer.
pub const ON_ASSIGN_HUMAN: &str = "ChatBot.OnAssignHuman";

/// A `MsgBody` of one text element.
fn text_body(text: &str) -> Json {
    json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": text}}])
}

/// `<MsgSeq>_<MsgRandom>_<MsgTime>`, as the page's `MsgKey` sample is made.
pub fn msg_key(seq: u64, random: u32, time: i64) -> String {
    format!("{seq}_{random}_{time}")
}

/// `Bot.OnC2CMessage`: `from` sent `text` to the bot `to`.
pub(crate) fn c2c_message(seq: u64, from: &str, to: &str, text: &str) -> Outgoing {
    let (random, time) = (fastrand::u32(..), unix_millis() / 1000);
    let body = json!({
        "CallbackCommand": BOT_ON_C2C_MESSAGE,
        "From_Account": from,
        "To_Account": to,
        "MsgSeq": seq,
        "MsgRandom": random,
        "MsgTime": time,
        "MsgKey": msg_key(seq, random, time),
        "OnlineOnlyFlag": 0,
        "SendMsgResult": 0,
        "ErrorInfo": "send msg succeed",
        "MsgBody": text_body(text),
        "CloudCustomData": "",
        "EventTime": unix_millis(),
    });
    Outgoing { command: BOT_ON_C2C_MESSAGE.into(), extra_query: Vec::new(), body }
}

/// `Desk.SessionEventNotify` of `event` for `session`; with a message (`MsgKey`, text) for the
/// message events. `RequestID` (query) is unique per delivery, as the vendor's is.
pub(crate) fn session_event(seq: u64, session: &Session, event: &str, message: Option<(&str, &str)>) -> Outgoing {
    let mut body = json!({
        "CallbackCommand": DESK_SESSION_EVENT,
        "SessionId": session.id,
        "Event": event,
        "EventTime": unix_millis(),
        "ChannelType": "SDK",
        "ClientUserId": session.client_user_id,
        "CustomerServiceId": session.customer_service_id,
        "AgentId": session.agent_id.clone().unwrap_or_default(),
    });
    if let Some((key, text)) = message {
        body["MsgKey"] = json!(key);
        body["MsgBody"] = text_body(text);
        body["CloudCustomData"] = json!("");
    }
    let request_id = format!("fake-{seq}-{}", fastrand::u64(..));
    Outgoing { command: DESK_SESSION_EVENT.into(), extra_query: vec![("RequestID".into(), request_id)], body }
}

/// `ChatBot.OnAssignHuman`: the user of `session` asked for a human.
pub(crate) fn assign_human(session: &Session) -> Outgoing {
    let body = json!({
        "CallbackCommand": ON_ASSIGN_HUMAN,
        "SessionId": session.id,
        "ClientUserId": session.client_user_id,
        "EventTime": unix_millis(),
    });
    Outgoing { command: ON_ASSIGN_HUMAN.into(), extra_query: Vec::new(), body }
}
