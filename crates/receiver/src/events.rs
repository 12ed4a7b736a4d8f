//! What the receiver needs to know of a family's callbacks: how to parse a command's body, whether
//! the vendor waits for the reply, and which value identifies a delivery. Types generated from the
//! spec's callbacks implement [`Events`]; [`RawEvent`] serves any command, untyped.

use serde_json::Value as Json;

/// Which value identifies one delivery, so that a retried one is dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DedupKey {
    /// A query parameter (Desk's `RequestID`).
    Query(&'static str),
    /// A top-level string field of the body (a bot message's `MsgKey`).
    BodyField(&'static str),
    /// The SHA-256 of the body, where the vendor names no key.
    BodyDigest,
}

/// The facts of one callback command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallbackFacts {
    /// Whether the vendor waits for the handler's reply (`ChatBot.OnAssignHuman`); the other
    /// callbacks are acknowledged at once and handled off the request path.
    pub synchronous: bool,
    /// What identifies a delivery, in order of preference (the first one present is used; the
    /// body digest when none is).
    pub dedup: &'static [DedupKey],
}

impl CallbackFacts {
    /// An asynchronous callback deduplicated by its body digest: what a command the spec does not
    /// know gets.
    pub const UNKNOWN: CallbackFacts = CallbackFacts { synchronous: false, dedup: &[DedupKey::BodyDigest] };
}

/// The callbacks of a family (or of several), as the receiver dispatches them.
pub trait Events: Sized + Send + 'static {
    /// The facts of `command`, `None` for a command the spec does not list (it is still received,
    /// with [`CallbackFacts::UNKNOWN`]).
    fn facts(command: &str) -> Option<CallbackFacts>;

    /// Parses the body of a delivery of `command`; a command the spec does not list is kept
    /// (an `Unknown` variant), never an error.
    fn parse(command: &str, body: &[u8]) -> Result<Self, serde_json::Error>;
}

/// Any callback, untyped: its command and its body as JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct RawEvent {
    /// The `CallbackCommand`.
    pub command: String,
    /// The body as received.
    pub body: Json,
}

impl Events for RawEvent {
    fn facts(_: &str) -> Option<CallbackFacts> {
        None
    }

    fn parse(command: &str, body: &[u8]) -> Result<Self, serde_json::Error> {
        Ok(RawEvent { command: command.to_string(), body: serde_json::from_slice(body)? })
    }
}
