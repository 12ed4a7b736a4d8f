//! The items of a polled operation (ccmessaging's `poll`), as one stream.
//!
//! The same request is sent again and again: each answer's items are yielded in order and the
//! next poll follows at once; an empty answer waits [`PollOptions::interval`] before the next
//! one. The item that ends the session ([`Polled::ends`], the spec's `polling.ends`: a
//! `DISCONNECT`) is yielded, and the stream ends. A failed poll is yielded as an error; the stream
//! then ends if the error is final ([`Error::is_retryable`] is false), and otherwise waits the
//! interval and polls again.
//!
//! Each poll goes through [`Client::call`], so its retries are the client's: a poll is not
//! idempotent (it hands over the messages waiting), so a poll whose answer was lost (a timeout, a
//! 502-504 from a gateway, an unreadable answer) is never resent by the client; the stream yields
//! that error, and the messages that answer held may be lost
//! ([`Error::may_have_reached_the_vendor`]). Polling again after it is a new poll, not a resend.

use std::collections::VecDeque;
use std::time::Duration;

use ccapi_support::Polled;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;

use crate::client::Client;
use crate::error::Error;

/// How a polled operation is polled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollOptions {
    /// How long to wait after an empty answer, or a failed poll that may succeed again, before
    /// the next poll (default 1 s). An answer with items is followed by the next poll at once.
    ///
    /// ccmessaging's page says that not polling for longer than the session time releases the
    /// session, so keep the interval well below the session time the deployment configures.
    /// The stream polls only while it is read: a consumer that stops reading it stops polling too,
    /// and its session is released after the session time.
    pub interval: Duration,
}

impl Default for PollOptions {
    fn default() -> Self {
        Self { interval: Duration::from_secs(1) }
    }
}

impl Client {
    /// The items of a polled operation, as a stream: `request` is polled as the stream is read,
    /// each answer's items yielded in order, until the item that ends the session (yielded, then
    /// the stream ends; items after it in the same answer are dropped, with a warning).
    ///
    /// An empty answer waits `options.interval` and polls again. A failed poll is yielded as an
    /// error; after it the stream ends when the error is final ([`Error::is_retryable`] is
    /// false), and otherwise waits `options.interval` and polls again. Dropping the stream stops
    /// the polling.
    pub fn poll_stream<O: Polled>(
        &self,
        request: O::Request,
        options: PollOptions,
    ) -> BoxStream<'static, Result<O::Item, Error<O::ErrorCode>>> {
        let state =
            State::<O> { client: self.clone(), request, options, buffer: VecDeque::new(), wait: false, done: false };
        futures_util::stream::unfold(state, |mut s| async move {
            loop {
                if let Some(item) = s.buffer.pop_front() {
                    if O::ends(&item) {
                        s.done = true;
                        if !s.buffer.is_empty() {
                            tracing::warn!(
                                operation = O::ID,
                                dropped = s.buffer.len(),
                                "items after the one that ended the session are dropped"
                            );
                            s.buffer.clear();
                        }
                    }
                    return Some((Ok(item), s));
                }
                if s.done {
                    return None;
                }
                if s.wait {
                    tokio::time::sleep(s.options.interval).await;
                }
                match s.client.call::<O>(&s.request).await {
                    Ok(response) => {
                        s.buffer.extend(O::items(response));
                        s.wait = s.buffer.is_empty();
                    }
                    Err(e) => {
                        s.wait = true;
                        s.done = !e.is_retryable();
                        return Some((Err(e), s));
                    }
                }
            }
        })
        .boxed()
    }
}

struct State<O: Polled> {
    client: Client,
    request: O::Request,
    options: PollOptions,
    buffer: VecDeque<O::Item>,
    /// Whether the next poll waits the interval (after an empty answer or a failed poll).
    wait: bool,
    done: bool,
}
