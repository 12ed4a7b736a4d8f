//! How the command ends: exit codes and the messages that go with them.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | the vendor answered with an error code |
//! | 2 | bad usage, a request that breaks the spec (nothing sent), invalid JSON, unknown operation, missing configuration |
//! | 3 | transport failure, an HTTP status without a readable answer, an undecodable response, credentials that could not be obtained |

use std::fmt;
use std::io::Write as _;

use ccapi_client::Error;
use ccapi_models::support::{ErrorCode, ValidationErrors};

/// Exit code: the vendor returned an error.
pub const VENDOR: u8 = 1;
/// Exit code: bad usage or a request that breaks the spec.
pub const USAGE: u8 = 2;
/// Exit code: transport, HTTP or an undecodable response.
pub const TRANSPORT: u8 = 3;

/// The command failed (or must stop): the code to exit with and what to print on stderr.
#[derive(Debug)]
pub struct Exit {
    /// The exit code.
    pub code: u8,
    /// The message (printed as `error: ...`; nothing when empty).
    pub message: String,
}

impl Exit {
    /// Bad usage (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self { code: USAGE, message: message.into() }
    }

    /// The vendor returned an error (exit 1).
    pub fn vendor(message: impl Into<String>) -> Self {
        Self { code: VENDOR, message: message.into() }
    }

    /// Transport, HTTP or decoding failure (exit 3).
    pub fn transport(message: impl Into<String>) -> Self {
        Self { code: TRANSPORT, message: message.into() }
    }

    /// Stop quietly with success (the reader of stdout went away).
    pub fn quiet() -> Self {
        Self { code: 0, message: String::new() }
    }

    /// Prefixes the message with some context.
    pub fn context(mut self, context: impl fmt::Display) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }
}

/// The message for a request that breaks the spec: every broken rule with its field path.
pub fn invalid(op_id: &str, errors: &ValidationErrors) -> Exit {
    let mut message = format!("the request breaks the spec of {op_id}; nothing was sent:");
    for e in errors.iter() {
        let path = if e.path.is_empty() { "(the whole body)" } else { e.path.as_str() };
        message.push_str(&format!("\n  {path}: {}", e.message));
    }
    Exit::usage(message)
}

/// A vendor's error code as `141005 (This session does not exist.)`.
fn code_text<C: ErrorCode>(code: &C) -> String {
    match code.description() {
        Some(d) => format!("{} ({d})", code.code()),
        None => format!("{} (not documented in the spec)", code.code()),
    }
}

/// A failed call of operation `op_id` as an exit.
pub fn from_client<C: ErrorCode>(op_id: &str, error: Error<C>) -> Exit {
    match error {
        Error::Invalid(errors) => invalid(op_id, &errors),
        Error::Vendor(v) => {
            let mut message = format!("vendor error {}", code_text(&v.code));
            if !v.message.is_empty() {
                message.push_str(&format!(": {}", v.message));
            }
            message.push_str(if v.code.is_retryable() { "; retryable" } else { "; not retryable" });
            Exit::vendor(message)
        }
        Error::Http { status, documented, body } => {
            let description = documented.map(|d| format!(" ({})", d.description)).unwrap_or_default();
            Exit::transport(format!("HTTP status {status}{description}; the body:\n{body}"))
        }
        Error::Decode { status, message, body } => {
            Exit::transport(format!("undecodable response (HTTP {status}): {message}; the body:\n{body}"))
        }
        Error::Transport { kind, message } => Exit::transport(format!("transport error, {kind}: {message}")),
        Error::Auth(message) => Exit::transport(format!("could not obtain credentials: {message}")),
        // A token call the vendor refused is a vendor error; its other failures are transport's.
        Error::Token(t) => match &t.error {
            Error::Vendor(_) => Exit::vendor(format!("could not obtain credentials: {t}")),
            _ => Exit::transport(format!("could not obtain credentials: {t}")),
        },
        other => Exit::transport(format!("{other:?}")),
    }
}

/// Writes to stdout and flushes; a reader that went away stops the command quietly.
pub fn print(text: &str) -> Result<(), Exit> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Exit::quiet()),
        Err(e) => Err(Exit::transport(format!("cannot write to stdout: {e}"))),
    }
}
