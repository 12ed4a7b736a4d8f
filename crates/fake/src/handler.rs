//! Every request: recorded, matched with a scripted fault, processed, answered.

use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::header::{ALLOW, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::Response;
use serde::Serialize;

use crate::ccmessaging;
use crate::fault::{CallRecord, Fault};
use crate::paths;
use crate::server::ConnCtl;
use crate::state::Shared;
use crate::tencent::{self, TencentOp};

/// The largest request body read, in bytes.
pub(crate) const MAX_BODY: usize = 1 << 20;

/// How long a truncated answer waits between its prefix and closing the connection (so the
/// prefix is flushed first).
const TRUNCATE_PAUSE: Duration = Duration::from_millis(50);

/// The body of [`Fault::Malformed`].
const MALFORMED: &str = "<html><body>this is not JSON</body></html>";

/// A complete answer.
pub(crate) struct Answer {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    /// The vendor code the body carries.
    code: Option<i64>,
}

impl Answer {
    /// A JSON answer.
    pub fn json<T: Serialize>(status: u16, value: &T, code: Option<i64>) -> Self {
        let body = serde_json::to_vec(value).unwrap_or_default();
        Self { status, content_type: "application/json", body, code }
    }

    /// A Tencent answer (always HTTP 200).
    pub fn tencent<T: Serialize>(value: &T, code: i64) -> Self {
        Self::json(200, value, Some(code))
    }

    fn text(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Self { status, content_type, body: body.into(), code: None }
    }
}

/// What goes back on the wire.
enum Reply {
    Answer(Answer),
    /// The answer's head with the whole body's length, half the body, then the connection closes.
    Truncated(Answer),
    Reset,
}

/// The paths the fake serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Tencent(TencentOp),
    TokenByAkSk,
    ApplyToken,
    Send,
    Poll,
}

impl Op {
    fn from_path(path: &str) -> Option<Self> {
        Some(match path {
            paths::DESK_SEND_STREAM_MSG => Self::Tencent(TencentOp::DeskSendStreamMsg),
            paths::DESK_DESCRIBE_CHAT_MESSAGES => Self::Tencent(TencentOp::DeskDescribeChatMessages),
            paths::DESK_GET_SESSION_STATE => Self::Tencent(TencentOp::DeskGetSessionState),
            paths::CHATBOT_SEND_STREAM_MSG => Self::Tencent(TencentOp::ChatbotSendStreamMsg),
            paths::TOKEN_BY_AK_SK => Self::TokenByAkSk,
            paths::APPLY_TOKEN => Self::ApplyToken,
            paths::CCMESSAGING_SEND => Self::Send,
            paths::CCMESSAGING_POLL => Self::Poll,
            _ => return None,
        })
    }

    fn is_tencent(self) -> bool {
        matches!(self, Self::Tencent(_))
    }
}

/// The fallback handler of the router: every request comes here.
pub(crate) async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let arrived = Instant::now();
    let path = req.uri().path().to_owned();
    let random = Query::<std::collections::HashMap<String, String>>::try_from_uri(req.uri())
        .ok()
        .and_then(|Query(q)| q.get("random").and_then(|r| r.parse().ok()));
    let ctl = req.extensions().get::<Arc<ConnCtl>>().cloned();
    let (index, fault) = {
        let mut inner = shared.lock();
        let fault = inner.next_fault(&path);
        let calls = inner.calls.entry(path.clone()).or_default();
        calls.push(CallRecord { at: arrived, random, status: None, code: None, fault: fault.clone() });
        (calls.len() - 1, fault)
    };

    let op = Op::from_path(&path);
    let reply = run(&shared, op, req, fault, arrived).await;

    let (status, code) = match &reply {
        Reply::Answer(a) => (Some(a.status), a.code),
        Reply::Truncated(a) => (Some(a.status), None),
        Reply::Reset => (None, None),
    };
    if let Some(record) = shared.lock().calls.get_mut(&path).and_then(|c| c.get_mut(index)) {
        record.status = status;
        record.code = code;
    }
    respond(reply, ctl.as_deref())
}

/// Plays the fault (if any) around the normal processing.
async fn run(shared: &Shared, op: Option<Op>, req: Request, fault: Option<Fault>, arrived: Instant) -> Reply {
    let Some(mut fault) = fault else {
        return Reply::Answer(process(shared, op, req, arrived).await);
    };
    let mut pending = Some(req);
    let mut applied = None;
    loop {
        match fault {
            Fault::Delayed(delay, inner) => {
                tokio::time::sleep(delay).await;
                fault = *inner;
            }
            Fault::AfterApply(inner) => {
                if let Some(req) = pending.take() {
                    applied = Some(process(shared, op, req, arrived).await);
                }
                fault = *inner;
            }
            Fault::Delay(delay) => {
                tokio::time::sleep(delay).await;
                if let Some(req) = pending.take() {
                    applied = Some(process(shared, op, req, arrived).await);
                }
                return Reply::Answer(applied.unwrap_or_else(|| Answer::text(500, "text/plain", "no answer")));
            }
            terminal => {
                if let Some(req) = pending.take() {
                    // Read the whole request, as a server that fails later would have.
                    let _ = axum::body::to_bytes(req.into_body(), MAX_BODY).await;
                }
                return shape(terminal, op, applied);
            }
        }
    }
}

/// The reply of a fault that answers (or does not) without processing further.
fn shape(fault: Fault, op: Option<Op>, applied: Option<Answer>) -> Reply {
    let tencent = op.is_none_or(Op::is_tencent);
    match fault {
        Fault::Error { status, code, message } => Reply::Answer(if tencent {
            let body = serde_json::json!({
                "ActionStatus": "FAIL", "ErrorCode": code, "ErrorInfo": message,
            });
            Answer::json(status, &body, Some(code))
        } else {
            let body = serde_json::json!({"resultCode": code.to_string(), "resultDesc": message});
            Answer::json(status, &body, Some(code))
        }),
        Fault::Status { status, body } => {
            let content_type = if body.trim_start().starts_with('<') { "text/html" } else { "text/plain" };
            Reply::Answer(Answer::text(status, content_type, body))
        }
        Fault::Malformed => Reply::Answer(Answer::text(200, "application/json", MALFORMED)),
        Fault::Truncated => Reply::Truncated(applied.unwrap_or_else(|| {
            let body = if tencent {
                serde_json::json!({"ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0})
            } else {
                serde_json::json!({"resultCode": "0", "resultDesc": "sendUserMessage successfully."})
            };
            Answer::json(200, &body, Some(0))
        })),
        Fault::Reset => Reply::Reset,
        // Handled by `run`.
        Fault::Delay(_) | Fault::Delayed(..) | Fault::AfterApply(_) => {
            Reply::Answer(Answer::text(500, "text/plain", "unexpected fault"))
        }
    }
}

/// The normal processing of a request.
async fn process(shared: &Shared, op: Option<Op>, req: Request, arrived: Instant) -> Answer {
    let Some(op) = op else {
        return Answer::text(404, "text/plain", "not found");
    };
    // Every operation is a POST, but the poll, a GET (the spec's methods).
    let (method, name) = if op == Op::Poll { (Method::GET, "GET") } else { (Method::POST, "POST") };
    if req.method() != method {
        return Answer::text(
            405,
            "text/plain",
            if name == "GET" { "method not allowed: use GET" } else { "method not allowed: use POST" },
        );
    }
    let (parts, body) = req.into_parts();
    match op {
        Op::Tencent(op) => tencent::process(shared, op, &parts.uri, body, arrived).await,
        Op::TokenByAkSk => ccmessaging::token_by_ak_sk(shared, &parts.headers, body).await,
        Op::ApplyToken => ccmessaging::apply_token(shared, &parts.headers, body).await,
        Op::Send => ccmessaging::send(shared, &parts.headers, body).await,
        Op::Poll => ccmessaging::poll(shared, &parts.headers, &parts.uri),
    }
}

fn response(status: u16, content_type: &'static str, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if status == 405 {
        response.headers_mut().insert(ALLOW, HeaderValue::from_static("POST"));
    }
    response
}

/// Turns a reply into what hyper sends.
fn respond(reply: Reply, ctl: Option<&ConnCtl>) -> Response {
    match reply {
        Reply::Answer(a) => response(a.status, a.content_type, Body::from(a.body)),
        Reply::Truncated(a) => {
            let full = a.body.len();
            let prefix = a.body[..full / 2].to_vec();
            // A stream (unknown length) keeps hyper from checking the declared length; the error
            // after the pause makes it close the connection once the prefix is out.
            enum Step {
                Prefix(Vec<u8>),
                Abort,
                Done,
            }
            let stream = futures_util::stream::unfold(Step::Prefix(prefix), |step| async move {
                match step {
                    Step::Prefix(prefix) => Some((Ok(prefix), Step::Abort)),
                    Step::Abort => {
                        tokio::time::sleep(TRUNCATE_PAUSE).await;
                        Some((Err(io::Error::other("truncated by the fake")), Step::Done))
                    }
                    Step::Done => None,
                }
            });
            let mut response = response(a.status, a.content_type, Body::from_stream(stream));
            response.headers_mut().insert(CONTENT_LENGTH, HeaderValue::from(full));
            response
        }
        Reply::Reset => {
            if let Some(ctl) = ctl {
                ctl.request_reset();
            }
            response(500, "text/plain", Body::from("connection reset"))
        }
    }
}
