//! The Tencent Chat (IM) conventions and the Desk and chatbot operations.

use std::collections::HashMap;
use std::time::Instant;

use axum::body::Body;
use axum::extract::Query;
use axum::http::Uri;
use ccapi_models::chatbot;
use ccapi_models::common::{ActionStatus, TencentImCommonErrorCode, TencentUsersigQuery};
use ccapi_models::common::{MsgBodyElement, TextElem};
use ccapi_models::desk::{self, FromAccountRole, Message, Order};
use ccapi_models::support::{ErrorCode, Validate};
use ccapi_usersig::VerifyError;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::handler::{Answer, MAX_BODY};
use crate::state::{Shared, StreamTarget, StreamedMessage, unix_millis};

/// A Tencent operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TencentOp {
    DeskSendStreamMsg,
    DeskDescribeChatMessages,
    DeskGetSessionState,
    ChatbotSendStreamMsg,
}

/// Common code 60011: the documented chatbot limit is per app (per SDKAppID).
pub(crate) const RATE_LIMITED: i64 = 60011;

fn common(code: i64) -> &'static str {
    TencentImCommonErrorCode::from_code(code).description().unwrap_or("")
}

/// The operation's `FAIL` envelope, built with its own response type.
fn fail(op: TencentOp, code: i64, info: &str) -> Answer {
    let fail = ActionStatus::Fail;
    match op {
        TencentOp::DeskSendStreamMsg => Answer::tencent(&desk::SendStreamMsgResponse::new(fail, code, info), code),
        TencentOp::DeskDescribeChatMessages => {
            Answer::tencent(&desk::DescribeChatMessagesResponse::new(fail, code, info), code)
        }
        TencentOp::DeskGetSessionState => Answer::tencent(&desk::GetSessionStateResponse::new(fail, code, info), code),
        TencentOp::ChatbotSendStreamMsg => {
            Answer::tencent(&chatbot::SendStreamMsgResponse::new(fail, code, info), code)
        }
    }
}

/// The operation's `FAIL` envelope for one of its documented codes.
fn fail_with<E: ErrorCode>(op: TencentOp, error: E) -> Answer {
    fail(op, error.code(), error.description().unwrap_or(""))
}

/// The operation's code for parameters that break a documented rule.
fn bad_parameters(op: TencentOp) -> Answer {
    match op {
        TencentOp::DeskSendStreamMsg => fail_with(op, desk::SendStreamMsgErrorCode::IllegalRequestParameters),
        TencentOp::DeskDescribeChatMessages => fail_with(op, desk::DescribeChatMessagesErrorCode::InvalidParameter),
        TencentOp::DeskGetSessionState => fail_with(op, desk::GetSessionStateErrorCode::InvalidParameter),
        TencentOp::ChatbotSendStreamMsg => fail_with(op, chatbot::SendStreamMsgErrorCode::IncorrectParameter),
    }
}

/// Checks the query string: parameters, SDKAppID, UserSig, admin account. `Err` is a common code.
fn check_auth(shared: &Shared, uri: &Uri) -> Result<(), i64> {
    let params = Query::<HashMap<String, String>>::try_from_uri(uri).map_err(|_| 60002)?;
    if !params.contains_key("sdkappid") {
        return Err(60012);
    }
    let Query(query) = Query::<TencentUsersigQuery>::try_from_uri(uri).map_err(|_| 60002)?;
    query.validate().map_err(|_| 60002)?;
    let config = &shared.config;
    if query.sdkappid != config.sdkappid {
        return Err(60006);
    }
    ccapi_usersig::verify(&query.usersig, query.sdkappid, &query.identifier, &shared.key, ccapi_usersig::now())
        .map_err(|e| match e {
            VerifyError::Empty => 70002,
            VerifyError::Expired { .. } => 70001,
            VerifyError::BadSignature => 70009,
            VerifyError::IdentifierMismatch { .. } => 70013,
            VerifyError::SdkAppIdMismatch { .. } => 70014,
            _ => 70003,
        })?;
    if query.identifier != config.identifier {
        return Err(60010);
    }
    Ok(())
}

/// Reads the body as a request of type `T`: `Err` is the answer to send.
fn typed<T: DeserializeOwned + Validate>(op: TencentOp, value: Value) -> Result<T, Answer> {
    let request: T = serde_json::from_value(value).map_err(|_| bad_parameters(op))?;
    request.validate().map_err(|_| bad_parameters(op))?;
    Ok(request)
}

/// Processes a call to a Tencent path: the query string, the rate limit, then the body.
pub(crate) async fn process(shared: &Shared, op: TencentOp, uri: &Uri, body: Body, arrived: Instant) -> Answer {
    if let Err(code) = check_auth(shared, uri) {
        return fail(op, code, common(code));
    }
    if op == TencentOp::ChatbotSendStreamMsg
        && shared.config.enforce_rate_limit
        && !shared.lock().admit(uri.path(), arrived, shared.config.rate_limit_per_second)
    {
        return fail(op, RATE_LIMITED, common(RATE_LIMITED));
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return fail(op, 60003, common(60003));
    };
    let Ok(value) = serde_json::from_slice::<Value>(&bytes) else {
        return fail(op, 60003, common(60003));
    };
    let result = match op {
        TencentOp::DeskSendStreamMsg => typed(op, value).map(|r| desk_send(shared, r)),
        TencentOp::DeskDescribeChatMessages => typed(op, value).map(|r| describe(shared, r)),
        TencentOp::DeskGetSessionState => typed(op, value).map(|r| session_state(shared, r)),
        TencentOp::ChatbotSendStreamMsg => typed(op, value).map(|r| chatbot_send(shared, r)),
    };
    result.unwrap_or_else(|answer| answer)
}

/// 25 hex digits, like the page's sample key.
fn hex25() -> String {
    format!("{:016x}{:09x}", fastrand::u64(..), fastrand::u64(..1 << 36))
}

fn unix_secs() -> i64 {
    unix_millis() / 1000
}

fn desk_send(shared: &Shared, request: desk::SendStreamMsgRequest) -> Answer {
    use desk::SendStreamMsgErrorCode as E;
    const OP: TencentOp = TencentOp::DeskSendStreamMsg;
    let mut inner = shared.lock();
    if inner.session(&request.session_id).is_none() {
        return fail_with(OP, E::SessionNotFound);
    }
    let finish = request.finish.is_some();
    let (msg_key, first) = match &request.msg_key {
        None => {
            inner.stream_seq += 1;
            let key = format!("{}_{}_{}", inner.stream_seq, unix_secs(), hex25());
            inner.streams.push(StreamedMessage {
                msg_key: key.clone(),
                target: StreamTarget::Desk { session_id: request.session_id.clone() },
                chunks: Vec::new(),
                text: String::new(),
                finished: false,
                started: std::time::Instant::now(),
            });
            (key, true)
        }
        Some(key) => {
            let open = inner.stream(key).is_some_and(|m| {
                !m.finished
                    && matches!(&m.target, StreamTarget::Desk { session_id } if *session_id == request.session_id)
            });
            if !open {
                return fail_with(OP, E::IllegalRequestParameters);
            }
            (key.clone(), false)
        }
    };
    let Some(message) = inner.stream_mut(&msg_key) else {
        return fail_with(OP, E::InternalSystemError);
    };
    message.chunks.push(request.chunk.clone());
    message.text.push_str(&request.chunk);
    message.finished = finish;
    let text = message.text.clone();
    if finish {
        let entry = Message::new()
            .from_account(shared.config.identifier.clone())
            .from_account_role(FromAccountRole::System)
            .msg_body(vec![MsgBodyElement::Text(TextElem::new(text.clone()))])
            .timestamp(unix_millis());
        inner.callback_seq += 1;
        let seq = inner.callback_seq;
        if let Some(session) = inner.session_mut(&request.session_id) {
            session.messages.push(entry);
            // Desk reports the bot's finished message (delivered when a callback target is set).
            let event = crate::callbacks::session_event(
                seq,
                session,
                ccapi_models::desk::SessionEventType::RobotSendMsg,
                Some((&msg_key, &text)),
            );
            drop(shared.push(event));
        }
    }
    let response = desk::SendStreamMsgResponse::new(ActionStatus::Ok, 0, "");
    // As on the page, only the first call's answer carries the MsgKey.
    let response = if first { response.msg_key(msg_key) } else { response };
    Answer::tencent(&response, 0)
}

fn describe(shared: &Shared, request: desk::DescribeChatMessagesRequest) -> Answer {
    const OP: TencentOp = TencentOp::DeskDescribeChatMessages;
    let inner = shared.lock();
    let Some(session) = inner.session(&request.session_id) else {
        return fail_with(OP, desk::DescribeChatMessagesErrorCode::SessionNotFound);
    };
    let limit = request.limit.unwrap_or(20) as usize;
    let offset = request.offset.unwrap_or(0) as usize;
    let all = &session.messages;
    let page: Vec<Message> = match request.order.unwrap_or(Order::NewestFirst) {
        Order::OldestFirst => all.iter().skip(offset).take(limit).cloned().collect(),
        _ => all.iter().rev().skip(offset).take(limit).cloned().collect(),
    };
    let response =
        desk::DescribeChatMessagesResponse::new(ActionStatus::Ok, 0, "").total_count(all.len() as u64).messages(page);
    Answer::tencent(&response, 0)
}

fn session_state(shared: &Shared, request: desk::GetSessionStateRequest) -> Answer {
    const OP: TencentOp = TencentOp::DeskGetSessionState;
    let inner = shared.lock();
    let found = match (&request.session_id, &request.client_user_id, &request.customer_service_id) {
        (Some(id), _, _) => inner.session(id),
        (None, Some(user), Some(service)) => {
            inner.sessions.iter().rev().find(|s| s.client_user_id == *user && s.customer_service_id == *service)
        }
        _ => return bad_parameters(OP),
    };
    let Some(session) = found else {
        return fail_with(OP, desk::GetSessionStateErrorCode::SessionNotFoundOrEnded);
    };
    let response = desk::GetSessionStateResponse::new(ActionStatus::Ok, 0, "")
        .session_id(session.id.clone())
        .current_state(session.state.clone())
        .agent_id(session.agent_id.clone().unwrap_or_default());
    Answer::tencent(&response, 0)
}

fn chatbot_send(shared: &Shared, request: chatbot::SendStreamMsgRequest) -> Answer {
    const OP: TencentOp = TencentOp::ChatbotSendStreamMsg;
    if request.from_account.is_empty() || request.to_account.is_empty() {
        return bad_parameters(OP);
    }
    let mut inner = shared.lock();
    let target =
        StreamTarget::Chatbot { from_account: request.from_account.clone(), to_account: request.to_account.clone() };
    let msg_key = match &request.msg_key {
        None => {
            // Like the page's sample: `606781340_3986845397_1706000918`.
            let key = loop {
                let key = format!("{}_{}_{}", fastrand::u32(..), fastrand::u32(..), unix_secs());
                if inner.stream(&key).is_none() {
                    break key;
                }
            };
            inner.streams.push(StreamedMessage {
                msg_key: key.clone(),
                target,
                chunks: Vec::new(),
                text: String::new(),
                finished: false,
                started: std::time::Instant::now(),
            });
            key
        }
        Some(key) => {
            let open = inner.stream(key).is_some_and(|m| !m.finished && m.target == target);
            if !open {
                return bad_parameters(OP);
            }
            key.clone()
        }
    };
    let Some(message) = inner.stream_mut(&msg_key) else {
        return fail_with(OP, chatbot::SendStreamMsgErrorCode::InternalSystemError);
    };
    message.chunks.push(request.chunk.clone());
    message.text.push_str(&request.chunk);
    message.finished = request.finish.is_some();
    let response = chatbot::SendStreamMsgResponse::new(ActionStatus::Ok, 0, "").msg_key(msg_key);
    Answer::tencent(&response, 0)
}
