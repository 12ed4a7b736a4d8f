//! The ccmessaging operations: `tokenByAkSk`, `applyToken`, `send` and `poll`.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::HeaderMap;
use ccapi_models::ccmessaging::{
    ApplyTokenRequest, ApplyTokenResponse, ControlType, PollResponse, SendRequest, SendResponse, TokenByAkSkRequest,
    TokenByAkSkResponse,
};
use ccapi_models::support::Validate;
use serde_json::Value;

use crate::handler::{Answer, MAX_BODY};
use crate::state::{AccessToken, CcToken, Shared, unix_millis};

/// How long a ccmessaging-token is valid (the docs: 1 hour).
const CC_TOKEN_TTL: Duration = Duration::from_secs(3600);
/// The longest (and the default) `X-Token-Expire`, in seconds.
pub(crate) const MAX_TOKEN_EXPIRE: u64 = 3600;

/// The spec's description of an HTTP status of the ccmessaging API.
fn status_description(status: u16) -> &'static str {
    match status {
        400 => "Incorrect request. Check the request path and parameters.",
        401 => {
            "Unauthorized operation. 1. Check whether you have purchased related services. \
             2. Contact customer service to check the status of your account."
        }
        404 => "The requested content is not found. Check the request path.",
        500 => "Business failure. Check the values of parameters in the request.",
        _ => "",
    }
}

/// An HTTP error: `{"resultCode":"<status>","resultDesc":"<the spec's description>"}`.
pub(crate) fn http_error(status: u16) -> Answer {
    let body = SendResponse::new(status.to_string()).result_desc(status_description(status));
    Answer::json(status, &body, Some(i64::from(status)))
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn new_token() -> String {
    format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}

/// The app key of a request whose `x-app-key` and `Authorization: Bearer` are valid.
fn check_access(shared: &Shared, headers: &HeaderMap, now: Instant) -> Result<String, Answer> {
    let app_key = header(headers, "x-app-key").ok_or_else(|| http_error(401))?;
    let token =
        header(headers, "authorization").and_then(|v| v.strip_prefix("Bearer ")).ok_or_else(|| http_error(401))?;
    let inner = shared.lock();
    match inner.access_tokens.get(token) {
        Some(t) if t.app_key == app_key && now < t.expires_at => Ok(app_key.to_owned()),
        _ => Err(http_error(401)),
    }
}

async fn json_body(body: Body) -> Result<Value, Answer> {
    let bytes = axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| http_error(400))?;
    serde_json::from_slice(&bytes).map_err(|_| http_error(400))
}

/// `POST /apigovernance/api/oauth/tokenByAkSk` (`ccmessaging.token_by_ak_sk`).
pub(crate) async fn token_by_ak_sk(shared: &Shared, headers: &HeaderMap, body: Body) -> Answer {
    let value = match json_body(body).await {
        Ok(value) => value,
        Err(answer) => return answer,
    };
    let Ok(credentials) = serde_json::from_value::<TokenByAkSkRequest>(value) else {
        return http_error(400);
    };
    let expire = match header(headers, "x-token-expire") {
        None => MAX_TOKEN_EXPIRE,
        Some(text) => match text.trim().parse::<u64>() {
            Ok(secs) if (1..=MAX_TOKEN_EXPIRE).contains(&secs) => secs,
            _ => return http_error(400),
        },
    };
    let config = &shared.config;
    if credentials.app_key != config.app_key || credentials.app_secret != config.app_secret {
        return http_error(401);
    }
    let token = new_token();
    shared.lock().access_tokens.insert(
        token.clone(),
        AccessToken { app_key: config.app_key.clone(), expires_at: Instant::now() + Duration::from_secs(expire) },
    );
    let body = TokenByAkSkResponse::new()
        .access_token(token)
        .apply_type("Bearer")
        .create_time(unix_millis().to_string())
        .expires(expire.to_string())
        .scope("default")
        .app_key(config.app_key.clone())
        .user_id(config.app_key.clone());
    Answer::json(200, &body, None)
}

/// `POST /apiaccess/ccmessaging/applyToken` (`ccmessaging.apply_token`).
pub(crate) async fn apply_token(shared: &Shared, headers: &HeaderMap, body: Body) -> Answer {
    let app_key = match check_access(shared, headers, Instant::now()) {
        Ok(app_key) => app_key,
        Err(answer) => return answer,
    };
    let value = match json_body(body).await {
        Ok(value) => value,
        Err(answer) => return answer,
    };
    let Ok(request) = serde_json::from_value::<ApplyTokenRequest>(value) else {
        return http_error(400);
    };
    if request.validate().is_err() || request.channel_id.is_empty() {
        return http_error(400);
    }
    let token = new_token();
    shared.lock().cc_tokens.insert(
        token.clone(),
        CcToken {
            app_key,
            user_id: request.user_id,
            channel_id: request.channel_id,
            expires_at: Instant::now() + CC_TOKEN_TTL,
        },
    );
    Answer::json(200, &ApplyTokenResponse::new().result_code("0").token(token), Some(0))
}

/// The sample's `resultDesc` for each kind of message.
fn success_description(control: &ControlType) -> &'static str {
    match control {
        ControlType::Connect => "connect to robot successfully.",
        ControlType::Trans2Agent => "transfer from robot to agent success.",
        ControlType::Disconnect => "Disconnect robot successfully",
        _ => "sendUserMessage successfully.",
    }
}

/// `POST /apiaccess/ccmessaging/send`.
pub(crate) async fn send(shared: &Shared, headers: &HeaderMap, body: Body) -> Answer {
    let now = Instant::now();
    let app_key = match check_access(shared, headers, now) {
        Ok(app_key) => app_key,
        Err(answer) => return answer,
    };
    let Some(cc_token) = header(headers, "ccmessaging-token").map(str::to_owned) else {
        return http_error(401);
    };
    let token_valid =
        shared.lock().cc_tokens.get(&cc_token).is_some_and(|t| t.app_key == app_key && now < t.expires_at);
    if !token_valid {
        return http_error(401);
    }
    let value = match json_body(body).await {
        Ok(value) => value,
        Err(answer) => return answer,
    };
    let Ok(request) = serde_json::from_value::<SendRequest>(value) else {
        return http_error(400);
    };
    if request.validate().is_err() {
        return http_error(400);
    }
    let mut inner = shared.lock();
    // The token is only good for the sender and channel it was applied for.
    let bound = inner.cc_tokens.get(&cc_token).is_some_and(|t| t.user_id == request.from && t.channel_id == request.to);
    if !bound {
        return http_error(401);
    }
    let response = SendResponse::new("0").result_desc(success_description(&request.control_type));
    inner.sent.entry(request.from.clone()).or_default().push(request);
    Answer::json(200, &response, Some(0))
}

/// `GET /apiaccess/ccmessaging/poll?receiverId=..&channel=..`: hands over (once) the messages
/// queued for the receiver, with the access headers and a ccmessaging-token applied for it.
pub(crate) fn poll(shared: &Shared, headers: &HeaderMap, uri: &axum::http::Uri) -> Answer {
    let now = Instant::now();
    let app_key = match check_access(shared, headers, now) {
        Ok(app_key) => app_key,
        Err(answer) => return answer,
    };
    let query = uri.query().unwrap_or_default();
    let param = |name: &str| {
        query.split('&').filter_map(|p| p.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v.to_owned())
    };
    let (Some(receiver), Some(_channel)) = (param("receiverId"), param("channel")) else {
        return http_error(400);
    };
    let Some(cc_token) = header(headers, "ccmessaging-token") else { return http_error(401) };
    let mut inner = shared.lock();
    let bound = inner
        .cc_tokens
        .get(cc_token)
        .is_some_and(|t| t.app_key == app_key && now < t.expires_at && t.user_id == receiver);
    if !bound {
        return http_error(401);
    }
    let messages = inner.downlink.remove(&receiver).unwrap_or_default();
    Answer::json(200, &PollResponse::new("0").result_desc("success").downlink_messages(messages), Some(0))
}
