//! What the receiver needs to know of a family's callbacks: how to parse a command's body, whether
//! the vendor waits for the reply, and which value identifies a delivery. The trait and its facts
//! live in the models' runtime (`ccapi_support`), so that the event types generated from
//! the spec's callbacks implement [`Events`] (one enum per family, `ccapi_models::desk::DeskEvent`,
//! with [`Either`] to serve two families on one URL); [`RawEvent`] serves any command, untyped.

use serde_json::Value as Json;

pub use ccapi_support::{Callback, CallbackFacts, DedupKey, Either, Events};

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
