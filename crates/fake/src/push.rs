//! The callbacks the fake sends to the app, as the vendors would: signed with the callback token
//! (`Sign` = SHA-256 of token + `RequestTime`), retried when an attempt fails, and misbehaving on
//! request (duplicated, delayed, forged, replayed, for another app).
//!
//! The vendors do not document their retry policy; the fake makes [`ATTEMPTS`] attempts, 100 ms
//! then 200 ms apart, and counts an attempt as failed unless it gets HTTP 200.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::Request;
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use serde_json::Value as Json;
use tokio::net::TcpStream;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::state::{PushRequest, Shared};

use ccapi_usersig::callback::{CallbackToken, sign};

/// How many attempts a delivery gets (the first and its retries).
pub const ATTEMPTS: usize = 3;

/// Where and how the fake delivers callbacks: the app's callback URL (`http://` only; the fake
/// talks to loopback) and the callback token, when callback authentication is on.
#[derive(Clone)]
pub struct CallbackTarget {
    /// The callback URL, e.g. `http://127.0.0.1:8081/callback` (a query it has is kept).
    pub url: String,
    /// The token; `None`: deliveries carry no `Sign` and `RequestTime`.
    pub token: Option<CallbackToken>,
}

impl fmt::Debug for CallbackTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackTarget").field("url", &self.url).field("token", &self.token).finish()
    }
}

/// How the next deliveries misbehave ([`crate::FakeServer::inject_delivery`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeliveryFault {
    /// Delivered twice, identically (the second right after the first).
    Duplicate,
    /// Delivered after this delay.
    Delay(Duration),
    /// With a `Sign` made with another token.
    Forge,
    /// Replayed: a `RequestTime` two minutes old, correctly signed for that time.
    Replay,
    /// With another app's `SdkAppid`.
    OtherApp,
}

/// One attempt to deliver.
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    /// The HTTP status answered (`None`: no answer).
    pub status: Option<u16>,
    /// The body answered, as text.
    pub reply: String,
    /// Why there was no answer.
    pub error: Option<String>,
}

/// One callback the fake sent (all its attempts).
#[derive(Clone, Debug, PartialEq)]
pub struct DeliveryRecord {
    /// The `CallbackCommand`.
    pub command: String,
    /// The query string sent (with `Sign` when signed).
    pub query: String,
    /// The body sent.
    pub body: Json,
    /// The fault applied, if any.
    pub fault: Option<DeliveryFault>,
    /// Every attempt, in order (a duplicate's second delivery is another record).
    pub attempts: Vec<Attempt>,
}

impl DeliveryRecord {
    /// The last attempt's reply as JSON, when it answered 200 with JSON.
    pub fn reply(&self) -> Option<Json> {
        let last = self.attempts.last()?;
        (last.status == Some(200)).then(|| serde_json::from_str(&last.reply).ok()).flatten()
    }

    /// Whether an attempt got HTTP 200.
    pub fn delivered(&self) -> bool {
        self.attempts.iter().any(|a| a.status == Some(200))
    }
}

/// A delivery to make: command, extra query parameters (Desk's `RequestID`), body.
pub(crate) struct Outgoing {
    pub command: String,
    pub extra_query: Vec<(String, String)>,
    pub body: Json,
}

/// The query string of a delivery at `now` (Unix seconds).
fn query(target: &CallbackTarget, sdkappid: u64, out: &Outgoing, fault: Option<&DeliveryFault>, now: u64) -> String {
    let app = if fault == Some(&DeliveryFault::OtherApp) { sdkappid + 1 } else { sdkappid };
    let mut q = format!(
        "SdkAppid={app}&CallbackCommand={}&contenttype=json&ClientIP=127.0.0.1&OptPlatform=RESTAPI",
        out.command
    );
    for (k, v) in &out.extra_query {
        q.push_str(&format!("&{k}={v}"));
    }
    if let Some(token) = &target.token {
        let time = if fault == Some(&DeliveryFault::Replay) { now - 120 } else { now }.to_string();
        let sign = match fault {
            Some(DeliveryFault::Forge) => sign(&CallbackToken::new(format!("{}-forged", token.expose())), &time),
            _ => sign(token, &time),
        };
        q.push_str(&format!("&Sign={sign}&RequestTime={time}"));
    }
    q
}

/// Delivers `out` to `target` (with its retries) and records every attempt.
pub(crate) async fn deliver(
    target: &CallbackTarget,
    sdkappid: u64,
    out: &Outgoing,
    fault: Option<DeliveryFault>,
) -> DeliveryRecord {
    if let Some(DeliveryFault::Delay(d)) = &fault {
        tokio::time::sleep(*d).await;
    }
    let query = query(target, sdkappid, out, fault.as_ref(), ccapi_usersig::now());
    let attempts = attempts(&target.url, &query, &out.body.to_string()).await;
    DeliveryRecord { command: out.command.clone(), query, body: out.body.clone(), fault, attempts }
}

/// Every attempt at one delivery: until one gets HTTP 200, at most [`ATTEMPTS`].
async fn attempts(url: &str, query: &str, body: &str) -> Vec<Attempt> {
    let mut attempts = Vec::new();
    for n in 0..ATTEMPTS {
        if n > 0 {
            tokio::time::sleep(Duration::from_millis(100 << (n - 1))).await;
        }
        let attempt = post(url, query, body).await;
        let ok = attempt.status == Some(200);
        attempts.push(attempt);
        if ok {
            break;
        }
    }
    attempts
}

/// Delivers the queued callbacks one after the other, for as long as the fake runs; a
/// [`DeliveryFault::Duplicate`] delivery is sent again, identically, right after.
pub(crate) async fn run(shared: Arc<Shared>, mut queue: UnboundedReceiver<PushRequest>) {
    while let Some(PushRequest { out, done }) = queue.recv().await {
        let target = shared.lock().callback_target.clone();
        let record = match target {
            None => None,
            Some(target) => {
                let fault = shared.next_delivery_fault();
                let first = deliver(&target, shared.config.sdkappid, &out, fault.clone()).await;
                let mut records = vec![first.clone()];
                if fault == Some(DeliveryFault::Duplicate) {
                    let again = attempts(&target.url, &first.query, &out.body.to_string()).await;
                    records.push(DeliveryRecord { attempts: again, ..first.clone() });
                }
                shared.lock().deliveries.extend(records);
                Some(first)
            }
        };
        if let Some(done) = done {
            let _ = done.send(record);
        }
    }
}

/// `http://host:port/path?q` → (`host:port`, `/path?q`).
fn split_url(url: &str) -> Result<(&str, String), String> {
    let rest = url.strip_prefix("http://").ok_or_else(|| format!("{url}: the fake delivers to http:// URLs only"))?;
    let (authority, path) = rest.split_once('/').map_or((rest, String::from("/")), |(a, p)| (a, format!("/{p}")));
    Ok((authority, path))
}

/// One POST; never fails (a failure is an attempt without status).
async fn post(url: &str, query: &str, body: &str) -> Attempt {
    let failed = |error: String| Attempt { status: None, reply: String::new(), error: Some(error) };
    let (authority, path) = match split_url(url) {
        Ok(parts) => parts,
        Err(e) => return failed(e),
    };
    let target = format!("{path}{}{query}", if path.contains('?') { '&' } else { '?' });
    let stream = match tokio::time::timeout(Duration::from_secs(5), TcpStream::connect(authority)).await {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => return failed(format!("cannot connect to {authority}: {e}")),
        Err(_) => return failed(format!("cannot connect to {authority}: timed out")),
    };
    let exchange = async {
        let (mut sender, connection) = http1::handshake(TokioIo::new(stream)).await.map_err(|e| e.to_string())?;
        tokio::spawn(connection);
        let request = Request::post(target)
            .header(hyper::header::HOST, authority)
            .header(hyper::header::CONTENT_TYPE, "application/json")
            .body(Full::new(Bytes::from(body.to_string())))
            .map_err(|e| e.to_string())?;
        let response = sender.send_request(request).await.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let bytes = response.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
        Ok::<_, String>((status, String::from_utf8_lossy(&bytes).into_owned()))
    };
    match tokio::time::timeout(Duration::from_secs(10), exchange).await {
        Ok(Ok((status, reply))) => Attempt { status: Some(status), reply, error: None },
        Ok(Err(e)) => failed(e),
        Err(_) => failed("no answer within 10 s".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_authority_and_target() {
        assert_eq!(split_url("http://127.0.0.1:8081/cb?x=1").unwrap(), ("127.0.0.1:8081", "/cb?x=1".to_string()));
        assert_eq!(split_url("http://127.0.0.1:8081").unwrap(), ("127.0.0.1:8081", "/".to_string()));
        assert!(split_url("https://example.com/").is_err());
    }

    #[test]
    fn signed_queries_carry_the_vendor_parameters_and_faults_change_them() {
        let target = CallbackTarget { url: "http://x/".into(), token: Some(CallbackToken::new("xxxxyyyy")) };
        let out = Outgoing { command: "Bot.OnC2CMessage".into(), extra_query: vec![], body: Json::Null };
        let q = query(&target, 1400000000, &out, None, 1669872112);
        assert!(q.starts_with("SdkAppid=1400000000&CallbackCommand=Bot.OnC2CMessage&contenttype=json"), "{q}");
        assert!(
            q.ends_with(
                "&Sign=17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061&RequestTime=1669872112"
            ),
            "{q}"
        );
        assert!(
            query(&target, 1400000000, &out, Some(&DeliveryFault::Replay), 1669872112)
                .contains("RequestTime=1669871992")
        );
        assert!(!query(&target, 1400000000, &out, Some(&DeliveryFault::Forge), 1669872112).contains("17773bc3"));
        assert!(query(&target, 1400000000, &out, Some(&DeliveryFault::OtherApp), 1).starts_with("SdkAppid=1400000001"));
        assert!(!format!("{target:?}").contains("xxxx"));
    }
}
