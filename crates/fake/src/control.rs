//! The fake's control paths, for driving it from another process (`ccapi fake`): what a user or
//! Desk does, which the app then hears of through callbacks. Each answers the delivery it caused as
//! `{"command", "delivered", "statuses", "reply"}`, or 404 for an unknown session.
//!
//! - `POST /_fake/user-message` `{"from", "to", "text"}`: a user's message to a bot (`Bot.OnC2CMessage`).
//! - `POST /_fake/sessions` `{"SessionId", "ClientUserId", "CustomerServiceId"}`: a new Desk session (`SessionBegin`).
//! - `POST /_fake/sessions/{id}/messages` `{"text"}`: the session's user writes (`ChatBot.UserSendMsg`).
//! - `POST /_fake/sessions/{id}/transfer`: the user asks for a human (`ChatBot.OnAssignHuman`, its
//!   answer applied to the session).

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::push::DeliveryRecord;
use crate::state::{Session, Shared};

/// The control paths' prefix.
pub const PREFIX: &str = "/_fake";

/// The routes under [`PREFIX`].
pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_fake/user-message", post(user_message))
        .route("/_fake/sessions", post(begin))
        .route("/_fake/sessions/{id}/messages", post(writes))
        .route("/_fake/sessions/{id}/transfer", post(transfer))
}

type Answer = (StatusCode, Json<Value>);

fn answer(record: Option<DeliveryRecord>, has_target: bool) -> Answer {
    match record {
        Some(r) => {
            let statuses: Vec<Option<u16>> = r.attempts.iter().map(|a| a.status).collect();
            let body =
                json!({"command": r.command, "delivered": r.delivered(), "statuses": statuses, "reply": r.reply()});
            (StatusCode::OK, Json(body))
        }
        None if has_target => (StatusCode::NOT_FOUND, Json(json!({"error": "no such session"}))),
        None => (
            StatusCode::OK,
            Json(json!({"delivered": false, "error": "no callback target (ccapi fake --callback-url)"})),
        ),
    }
}

fn has_target(shared: &Shared) -> bool {
    shared.lock().callback_target.is_some()
}

#[derive(Deserialize)]
struct UserMessage {
    from: String,
    to: String,
    text: String,
}

async fn user_message(State(shared): State<Arc<Shared>>, Json(m): Json<UserMessage>) -> Answer {
    let record = shared.send_user_message(&m.from, &m.to, &m.text).await;
    answer(record, true)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct NewSession {
    session_id: String,
    client_user_id: String,
    customer_service_id: String,
}

async fn begin(State(shared): State<Arc<Shared>>, Json(s): Json<NewSession>) -> Answer {
    shared.lock().put_session(Session::new(&s.session_id, s.client_user_id, s.customer_service_id));
    let record = shared.push_session_event(&s.session_id, "SessionBegin").await;
    answer(record, has_target(&shared))
}

#[derive(Deserialize)]
struct Text {
    text: String,
}

async fn writes(State(shared): State<Arc<Shared>>, Path(id): Path<String>, Json(t): Json<Text>) -> Answer {
    if shared.lock().session(&id).is_none() {
        return answer(None, true);
    }
    let record = shared.user_writes(&id, &t.text).await;
    answer(record, has_target(&shared))
}

async fn transfer(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Answer {
    if shared.lock().session(&id).is_none() {
        return answer(None, true);
    }
    let record = shared.transfer_to_human(&id).await;
    answer(record, has_target(&shared))
}
