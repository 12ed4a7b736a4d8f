//! The runtime under the generated client of the contact-centre chat APIs: ordinary, compiled,
//! tested Rust that names no vendor family. The generated crate (`ccapi-client`) adds one handle
//! per family with a method per operation, on top of [`Client::call`]; this crate does the rest
//! of every call, for any spec:
//! - refuses a request that breaks the spec's constraints before anything is sent;
//! - signs the Tencent UserSig itself and reuses it until shortly before it expires, with a fresh
//!   random `random` per request; fetches and caches the ccmessaging tokens, renewing them once
//!   on HTTP 401; sends the header and query credentials of a spec's own auth schemes;
//! - waits for the rate limiter when the operation has a documented limit (in-process by
//!   default; shared by a fleet through Redis with the `redis` feature: [`redis`]), the first
//!   call of a new message ahead of the rest ([`Priority`]);
//! - retries with exponential backoff and jitter what is safe to retry (see
//!   [`retry::should_retry`]);
//! - streams text in coalesced chunks, pages through listings, and polls as a stream;
//! - never shows a secret in `Debug`, `Display`, logs or errors.
//!
//! It is a crate of its own so that regenerating the operations rebuilds only them: the runtime
//! stays compiled, as a dependency does.

#![forbid(unsafe_code)]

mod auth;
mod ccm;
mod client;
mod error;
mod paginate;
mod poll;
pub mod ratelimit;
#[cfg(feature = "redis")]
pub mod redis;
pub mod retry;
mod secret;
mod send;
mod stream;

pub use auth::{CcmCredentials, TencentCredentials};
pub use ccapi_usersig::SecretKey;
pub use client::{BuildError, Client, ClientBuilder, DEFAULT_TIMEOUT, Endpoint, PreparedRequest};
pub use error::{Error, TokenCode, TokenError, TransportKind, VendorError};
pub use poll::PollOptions;
pub use ratelimit::{LocalRateLimiter, Priority, Quota, RateLimiter};
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use stream::{AfterInDoubt, StreamError, StreamOptions, StreamOutcome};

use ccapi_support::{Operation, Paged, Polled, Streamed};

/// Something to do with an operation chosen at run time (the generated `visit_operation`): the visitor
/// gets the operation as a type, so it can call the typed client.
pub trait OperationVisitor {
    /// What the visit returns.
    type Output;
    /// Visits an operation.
    fn visit<O: Operation>(self) -> Self::Output;
    /// Visits a paged operation (by default, as any operation).
    fn visit_paged<O: Paged>(self) -> Self::Output
    where
        Self: Sized,
    {
        self.visit::<O>()
    }
    /// Visits a streamed operation (by default, as any operation).
    fn visit_streamed<O: Streamed>(self) -> Self::Output
    where
        Self: Sized,
    {
        self.visit::<O>()
    }
    /// Visits a polled operation (by default, as any operation).
    fn visit_polled<O: Polled>(self) -> Self::Output
    where
        Self: Sized,
    {
        self.visit::<O>()
    }
}
