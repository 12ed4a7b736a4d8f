//! One delivery as it reached the app's HTTP server, and the answer to write back: the
//! receiver's only contact with whatever framework serves the callback URL.

/// A delivery as received: method, raw query string, headers and body bytes.
#[derive(Clone, Debug, Default)]
pub struct Inbound {
    /// The HTTP method (`POST`).
    pub method: String,
    /// The raw query string, without the `?` (`SdkAppid=1400000000&CallbackCommand=...`).
    pub query: String,
    /// The headers, names as received.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Inbound {
    /// A POST with this query string and body, no headers.
    pub fn post(query: impl Into<String>, body: impl Into<Vec<u8>>) -> Self {
        Self { method: "POST".into(), query: query.into(), headers: Vec::new(), body: body.into() }
    }

    /// The first header of this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
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
