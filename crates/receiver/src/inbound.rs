//! One delivery as it reached the app's HTTP server, and the answer to write back: the
//! receivers' only contact with whatever framework serves the callback URL.

use std::fmt;

/// A delivery as received: method, path, raw query string, headers and body bytes. Its `Debug`
/// shows the body's length, and the credential headers (`Authorization`, `Cookie`) redacted.
#[derive(Clone, Default)]
pub struct Inbound {
    /// The HTTP method (`POST`).
    pub method: String,
    /// The URL path (`/webhooks/v1/messages`): what a callback without a command is dispatched
    /// on ([`crate::PushReceiver`]); the command-dispatched [`crate::Receiver`] ignores it.
    pub path: String,
    /// The raw query string, without the `?` (`SdkAppid=1400000000&CallbackCommand=...`).
    pub query: String,
    /// The headers, names as received.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Inbound {
    /// A POST with this query string and body, no headers (and no path).
    pub fn post(query: impl Into<String>, body: impl Into<Vec<u8>>) -> Self {
        Self { method: "POST".into(), path: String::new(), query: query.into(), headers: Vec::new(), body: body.into() }
    }

    /// A POST to this path with this body, no query and no headers.
    pub fn post_to(path: impl Into<String>, body: impl Into<Vec<u8>>) -> Self {
        Self { path: path.into(), ..Self::post("", body) }
    }

    /// With a header added.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The first header of this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Headers whose values are credentials: shown redacted.
const CREDENTIAL_HEADERS: [&str; 3] = ["authorization", "proxy-authorization", "cookie"];

impl fmt::Debug for Inbound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                let shown = if CREDENTIAL_HEADERS.iter().any(|c| n.eq_ignore_ascii_case(c)) { "<redacted>" } else { v };
                (n.as_str(), shown)
            })
            .collect();
        f.debug_struct("Inbound")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// The answer to write back: an HTTP status and a JSON body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outbound {
    /// The HTTP status (200 for accepted and duplicate deliveries).
    pub status: u16,
    /// The JSON body.
    pub body: Vec<u8>,
}

impl Outbound {
    /// The content type of every answer.
    pub const CONTENT_TYPE: &'static str = "application/json";
}
