//! The async client of the contact-centre chat APIs: Tencent Cloud Contact Center Desk, Tencent
//! Chat chatbots and ccmessaging.
//!
//! A small hand-written runtime (credentials, transport, retries, rate limiting, streaming,
//! paging and polling helpers) sits under operations generated from the spec: one method per
//! operation on a handle per family, taking the model request and returning the model response
//! or an [`Error`] typed by the operation's documented error codes.
//!
//! ```no_run
//! use ccapi_client::{Client, TencentCredentials, Endpoint};
//! use ccapi_models::{common::TencentImRegion, desk};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder()
//!     .tencent(TencentCredentials::new(1400000000, "administrator", "the secret key"))
//!     .endpoint(TencentImRegion::Singapore.into())
//!     .build()?;
//! let state = client
//!     .desk()
//!     .get_session_state(&desk::GetSessionStateRequest::by_session("b0f4ca12-4850-4218-a284-efe679a87066"))
//!     .await?;
//! println!("{:?}", state.current_state);
//! # Ok(())
//! # }
//! ```
//!
//! What the client does on every call:
//! - refuses a request that breaks the spec's constraints before anything is sent;
//! - signs the Tencent UserSig itself and reuses it until shortly before it expires, with a fresh
//!   random `random` per request; fetches and caches the ccmessaging tokens, renewing them once
//!   on HTTP 401;
//! - waits for the rate limiter when the operation has a documented limit (in-process by
//!   default; shared by a fleet through Redis with the `redis` feature: `ccapi_client::redis`);
//! - retries with exponential backoff and jitter what is safe to retry (see
//!   [`retry::should_retry`]);
//! - never shows a secret in `Debug`, `Display`, logs or errors.

#![forbid(unsafe_code)]

mod auth;
mod ccm;
mod client;
mod error;
#[rustfmt::skip]
mod generated;
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
pub use generated::*;
pub use poll::PollOptions;
pub use ratelimit::{LocalRateLimiter, Priority, Quota, RateLimiter};
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use stream::{AfterInDoubt, StreamError, StreamOptions, StreamOutcome};

use ccapi_models::support::{Operation, Paged, Polled, Streamed};

/// Something to do with an operation chosen at run time (see [`visit_operation`]): the visitor
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
