//! Scriptable faults and the record of every call.

use std::time::{Duration, Instant};

/// A scripted misbehaviour for the calls to one URL path, queued with
/// [`FakeServer::inject`](crate::FakeServer::inject).
///
/// Unless it is wrapped in [`Fault::AfterApply`] (or is a [`Fault::Delay`]), a fault replaces the
/// request's processing entirely: nothing is checked, nothing changes in the fake's state.
///
/// ```
/// use std::time::Duration;
/// use ccapi_fake::Fault;
///
/// // Desk answers `{"ActionStatus":"FAIL","ErrorCode":141002,...}` (HTTP 200).
/// let busy = Fault::error(141002, "Internal system error, please retry.");
/// // The chunk is appended, then the client sees a 502 from the gateway.
/// let lost = Fault::bad_gateway().after_apply();
/// // Nothing for two seconds, then the connection is reset.
/// let hang = Fault::Reset.delayed(Duration::from_secs(2));
/// # let _ = (busy, lost, hang);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answers with the operation family's error envelope, with HTTP `status`:
    /// `{"ActionStatus":"FAIL","ErrorCode":code,"ErrorInfo":message}` on the Tencent paths,
    /// `{"resultCode":"<code>","resultDesc":message}` on the ccmessaging paths.
    Error {
        /// The HTTP status (200 for a vendor code, as both vendors answer).
        status: u16,
        /// The vendor's code (`ErrorCode`, or `resultCode` as decimal text).
        code: i64,
        /// `ErrorInfo` or `resultDesc`.
        message: String,
    },
    /// Answers with a bare HTTP status and this body (`text/html` when it starts with `<`,
    /// `text/plain` otherwise), like a gateway in front of the vendor.
    Status {
        /// The HTTP status.
        status: u16,
        /// The body, sent as is.
        body: String,
    },
    /// Waits, then processes the request and answers normally.
    Delay(Duration),
    /// Answers HTTP 200 with `Content-Type: application/json` and a body that is not JSON.
    Malformed,
    /// Answers HTTP 200 with a `Content-Length` of the whole JSON answer but sends only the
    /// first half of it, then closes the connection. After [`Fault::AfterApply`] it is a prefix of
    /// the real answer; otherwise a prefix of a success envelope.
    Truncated,
    /// Reads the whole request, then closes the connection with a TCP reset (zero linger)
    /// without answering.
    Reset,
    /// Waits, then applies the inner fault.
    Delayed(Duration, Box<Fault>),
    /// Processes the request normally (its effects on the fake's state happen), then answers
    /// with the inner fault instead of the real answer: "the request reached the server but
    /// the answer was lost". `AfterApply(Delay(d))` answers normally, `d` after applying.
    AfterApply(Box<Fault>),
}

impl Fault {
    /// [`Fault::Error`] with HTTP 200.
    pub fn error(code: i64, message: impl Into<String>) -> Self {
        Self::Error { status: 200, code, message: message.into() }
    }

    /// [`Fault::Error`] with another HTTP status, e.g. a ccmessaging `500` with a `resultCode`.
    pub fn error_with_status(status: u16, code: i64, message: impl Into<String>) -> Self {
        Self::Error { status, code, message: message.into() }
    }

    /// [`Fault::Status`].
    pub fn status(status: u16, body: impl Into<String>) -> Self {
        Self::Status { status, body: body.into() }
    }

    /// A `502 Bad Gateway` with the HTML page a reverse proxy sends.
    pub fn bad_gateway() -> Self {
        Self::status(
            502,
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
             <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n\
             </body>\r\n</html>\r\n",
        )
    }

    /// This fault, after waiting `delay` ([`Fault::Delayed`]).
    #[must_use]
    pub fn delayed(self, delay: Duration) -> Self {
        Self::Delayed(delay, Box::new(self))
    }

    /// This fault, after the request was processed ([`Fault::AfterApply`]).
    #[must_use]
    pub fn after_apply(self) -> Self {
        Self::AfterApply(Box::new(self))
    }
}

/// One call the fake received, as [`FakeServer::calls`](crate::FakeServer::calls) lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallRecord {
    /// When the request arrived (its head was read).
    pub at: Instant,
    /// The `random` query parameter, when present and a `u32`.
    pub random: Option<u32>,
    /// The HTTP status answered; `None` when no answer was sent (a [`Fault::Reset`], or the
    /// answer was still being prepared when the record was read).
    pub status: Option<u16>,
    /// The vendor code of a complete JSON answer: `ErrorCode` (Tencent) or `resultCode`
    /// (ccmessaging, when it is decimal text).
    pub code: Option<i64>,
    /// The injected fault that shaped this call, if any.
    pub fault: Option<Fault>,
}
