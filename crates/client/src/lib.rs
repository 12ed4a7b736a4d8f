//! The async client of the contact-centre chat APIs: Tencent Cloud Contact Center Desk, Tencent
//! Chat chatbots and ccmessaging.
//!
//! The operations are generated from the spec: one method per operation on a handle per family,
//! taking the model request and returning the model response or an [`Error`] typed by the
//! operation's documented error codes. Under them is the hand-written runtime, `ccapi-runtime`
//! (credentials, transport, retries, rate limiting, streaming, paging and polling), a crate of its own
//! so that regenerating rebuilds only the operations; everything it exports is exported here
//! too, and [`Client`] dereferences to its client.
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
//!   default; shared by a fleet through Redis with the `redis` feature: `ccapi_client::redis`), the
//!   first call of a new message ahead of the rest;
//! - retries with exponential backoff and jitter what is safe to retry (see
//!   [`retry::should_retry`]);
//! - never shows a secret in `Debug`, `Display`, logs or errors.

#![forbid(unsafe_code)]

#[rustfmt::skip]
mod generated;
mod wrapper;

/// The runtime crate itself, for its [`Client`](runtime::Client) type and anything named by path.
pub use ccapi_runtime as runtime;
pub use ccapi_runtime::*;
pub use generated::*;
pub use wrapper::{Client, ClientBuilder};
