//! A tiny HTTP/1.1 client over a raw TCP stream: it sees exactly what the fake sends, including
//! truncated bodies and resets.

#![allow(dead_code)]

use std::io;
use std::net::SocketAddr;

use ccapi_fake::FakeServer;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A response as read off the socket (the body is whatever came before EOF).
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

/// Sends one request with `Connection: close` and reads until the server closes.
pub async fn request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> io::Result<RawResponse> {
    let mut stream = TcpStream::connect(addr).await?;
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    parse(&raw)
}

/// A POST with a JSON body.
pub async fn post_json(
    addr: SocketAddr,
    target: &str,
    headers: &[(&str, &str)],
    body: &Value,
) -> io::Result<RawResponse> {
    let mut all = vec![("Content-Type", "application/json")];
    all.extend_from_slice(headers);
    request(addr, "POST", target, &all, body.to_string().as_bytes()).await
}

fn parse(raw: &[u8]) -> io::Result<RawResponse> {
    let bad = |why: &str| io::Error::new(io::ErrorKind::InvalidData, why.to_owned());
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| bad("no head"))?;
    let head = std::str::from_utf8(&raw[..end]).map_err(|_| bad("head not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().ok_or_else(|| bad("no status line"))?;
    let status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| bad("bad status line"))?;
    let headers =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned())).collect();
    Ok(RawResponse { status, headers, body: raw[end + 4..].to_vec() })
}

/// The query string of a Tencent call, with a fresh UserSig and this `random`.
pub fn tencent_target(fake: &FakeServer, path: &str, random: u32) -> String {
    let config = fake.config();
    format!(
        "{path}?sdkappid={}&identifier={}&usersig={}&random={random}&contenttype=json",
        config.sdkappid,
        config.identifier,
        fake.usersig()
    )
}

/// A Tencent call with a fresh random: asserts HTTP 200 and returns the JSON answer.
pub async fn tencent(fake: &FakeServer, path: &str, body: Value) -> Value {
    let target = tencent_target(fake, path, fastrand::u32(..));
    let response = post_json(fake.addr(), &target, &[], &body).await.expect("the call");
    assert_eq!(response.status, 200, "{response:?}");
    response.json()
}

/// Asserts a Tencent failure with this code and returns its `ErrorInfo`.
pub fn assert_fail(answer: &Value, code: i64) -> String {
    assert_eq!(answer["ActionStatus"], "FAIL", "{answer}");
    assert_eq!(answer["ErrorCode"], code, "{answer}");
    answer["ErrorInfo"].as_str().expect("ErrorInfo").to_owned()
}

/// Asserts a Tencent success.
pub fn assert_ok(answer: &Value) {
    assert_eq!(answer["ActionStatus"], "OK", "{answer}");
    assert_eq!(answer["ErrorCode"], 0, "{answer}");
}
