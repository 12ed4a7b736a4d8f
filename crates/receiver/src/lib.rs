//! Receives the vendors' callbacks (webhooks) for one app, framework-agnostic: an [`Inbound`]
//! delivery (method, raw query, headers, body bytes) in, an [`Outbound`] answer (status, JSON body)
//! out, with an axum adapter behind the `axum` feature.
//!
//! For each delivery the [`Receiver`], in order: refuses anything but a POST (405) and a body over
//! the cap (413); checks that `SdkAppid` is the app's own, and, when a callback token is set, that
//! `Sign` is the SHA-256 of token + `RequestTime` (constant-time) and `RequestTime` is within the
//! replay window (401 for each); reads the body (400 when unreadable, the body kept in the
//! [`Rejection`]); computes the delivery's dedup key from the command's [`CallbackFacts`] (Desk's
//! `RequestID`, a message's `MsgKey`, else the body's SHA-256) and acknowledges a duplicate without
//! handling it again; then hands it to the app's [`Handler`]: awaited within the budget for a
//! synchronous command (its [`Reply`] is the answer), run off the request path for the others
//! (acknowledged at once, as Desk asks).
//!
//! Dedup goes through [`DedupStore`]: [`MemoryDedup`] (bounded, time-limited) by default, a shared
//! store for a fleet (`ccapi_client::redis::RedisDedupStore`, the client's `redis` feature, keeps
//! it in Redis). A store that cannot answer makes the receiver answer 503, so the vendor
//! redelivers. The callback token never appears in `Debug`, logs or errors.
//!
//! The events are typed by the enums generated from the spec, one per family
//! (`ccapi_models::desk::DeskEvent`, `ccapi_models::chatbot::ChatbotEvent`; [`Either`] serves two
//! families on one URL), whose facts (synchronous or not, the dedup keys) come from the spec; a
//! synchronous command's handler answers with the generated reply struct through
//! [`Reply::typed`]. [`RawEvent`] takes any command untyped.
//!
//! The ccmessaging push, which has no command, has a receiver of its own: [`PushReceiver`], typed
//! by the push's generated body struct (`ccapi_models::ccmessaging::PushEvent`) and answering in
//! its reply shape (`{"resultCode":"0","resultDesc":"success"}`). The vendor does not publish how
//! it signs pushes, so the app supplies the check ([`VerifyPush`]); without one, every push is
//! accepted and the receiver logs a warning saying so.
//!
//! ```
//! use ccapi_receiver::{Inbound, RawEvent, Receiver, ReceiverConfig, Reply, Delivery};
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let receiver = Receiver::new(ReceiverConfig::new("1400000000"), |d: Delivery<RawEvent>| async move {
//!     println!("{}: {}", d.command, d.event.body);
//!     Reply::ok()
//! });
//! let answer = receiver
//!     .answer(&Inbound::post(
//!         "SdkAppid=1400000000&CallbackCommand=Bot.OnC2CMessage",
//!         r#"{"CallbackCommand":"Bot.OnC2CMessage","MsgKey":"1_2_3"}"#,
//!     ))
//!     .await;
//! assert_eq!(answer.status, 200);
//! # });
//! ```

#[cfg(feature = "axum")]
pub mod axum;
mod config;
mod dedup;
mod events;
mod inbound;
mod push;
mod query;
mod receiver;
mod rejection;
mod reply;

pub use ccapi_usersig::callback::CallbackToken;
pub use config::ReceiverConfig;
pub use dedup::{DedupStore, MemoryDedup};
pub use events::{Callback, CallbackFacts, DedupKey, Either, Events, RawEvent};
pub use inbound::{Inbound, Outbound};
pub use push::{
    PushConfig, PushDelivery, PushHandler, PushReceived, PushReceiver, PushRequest, VerifyPush, push_outbound,
};
pub use query::CallbackQuery;
pub use receiver::{Delivery, FactsFn, Handler, Outcome, Received, Receiver, outbound};
pub use rejection::Rejection;
pub use reply::Reply;
