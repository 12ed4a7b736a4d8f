//! One streaming message from a stream of text pieces (an LLM's tokens).
//!
//! The first call carries no key and returns one; every later call carries it; the last one is
//! marked finished. Pieces that arrive while a call waits for its rate-limit slot or is in
//! flight, or within [`StreamOptions::min_interval`] of the previous call, are coalesced into the
//! next chunk, so a fast token stream costs a few calls per second per conversation and
//! thousands of conversations stay within the app's rate limit. At most
//! [`StreamOptions::max_chunk_chars`] are held: beyond that the source is not read until a call
//! takes them, so a producer faster than the vendor is slowed down (back-pressure) instead of
//! buffered without bound.

use std::fmt;
use std::future::Future;
use std::pin::{Pin, pin};
use std::time::Duration;

use ccapi_support::{ErrorCode, Streamed};
use futures_util::{FutureExt, Stream, StreamExt};
use tokio::time::Instant;

use crate::client::Client;
use crate::error::Error;
use crate::ratelimit::Priority;

/// What to do after a call whose answer was lost (its text may or may not be on the customer's
/// screen: it is never resent, which could duplicate it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AfterInDoubt {
    /// Stop the message there and report the rest as not sent (the default).
    #[default]
    Stop,
    /// Go on with the next text, without resending that call's: the message may have a gap,
    /// never a duplicate. (A first call in doubt still stops: without its key there is no message
    /// to go on with.)
    GoOn,
}

/// How pieces are coalesced into calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamOptions {
    /// The least time between two calls of one message (default 200 ms): pieces arriving
    /// meanwhile are sent together.
    pub min_interval: Duration,
    /// The most characters in one call (default 2000); more is sent in several calls, and the
    /// source is not read while this much is pending.
    ///
    /// A message whose source ends after its last text was sent ends with one more call that
    /// carries no text and only the end mark.
    pub max_chunk_chars: usize,
    /// What to do after a call whose answer was lost (default: stop).
    pub after_in_doubt: AfterInDoubt,
}

impl Default for StreamOptions {
    fn default() -> Self {
        Self { min_interval: Duration::from_millis(200), max_chunk_chars: 2000, after_in_doubt: AfterInDoubt::Stop }
    }
}

/// A message streamed to the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamOutcome {
    /// The message's key (`None` when the source was empty and nothing was sent).
    pub msg_key: Option<String>,
    /// Calls made.
    pub calls: usize,
    /// Characters delivered.
    pub chars: usize,
    /// The text of calls whose answers were lost and that were not resent (with
    /// [`AfterInDoubt::GoOn`]; empty otherwise): it may or may not be in the message.
    pub in_doubt: String,
}

/// A message that could not be streamed to the end: what the vendor acknowledged, what it may
/// hold, and what it certainly does not, under which key.
#[derive(Debug)]
pub struct StreamError<C> {
    /// Why the last call failed.
    pub error: Error<C>,
    /// The message's key, if the first call succeeded.
    pub msg_key: Option<String>,
    /// The text the vendor acknowledged (answered OK), in order: on the customer's screen.
    pub delivered: String,
    /// The text of calls that reached the vendor but whose answer was lost (a timeout, a broken
    /// connection, a gateway error): it may be on the customer's screen. Resending it could
    /// duplicate it.
    pub in_doubt: String,
    /// The text the vendor certainly does not hold: a call it refused or that never reached it,
    /// and everything read after (the rest of the source is not read). Safe to send again.
    pub not_sent: String,
    /// Calls that succeeded.
    pub calls: usize,
}

impl<C> StreamError<C> {
    /// `D character(s) delivered, U in doubt, N not sent`.
    pub fn accounting(&self) -> String {
        format!(
            "{} character(s) delivered, {} in doubt, {} not sent",
            self.delivered.chars().count(),
            self.in_doubt.chars().count(),
            self.not_sent.chars().count()
        )
    }
}

impl<C: ErrorCode + fmt::Display> fmt::Display for StreamError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "streaming stopped after {} call(s): {}", self.calls, self.accounting())?;
        if let Some(k) = &self.msg_key {
            write!(f, " (MsgKey {k})")?;
        }
        write!(f, ": {}", self.error)
    }
}

impl<C: ErrorCode + fmt::Display + fmt::Debug> std::error::Error for StreamError<C> {}

/// The text source of one message and what has been read from it but not yet sent: at most
/// `max` characters are held, so a full buffer stops the reading (back-pressure).
struct Source<'a, S> {
    pieces: Pin<&'a mut S>,
    pending: String,
    ended: bool,
    max: usize,
}

impl<S: Stream<Item = String>> Source<'_, S> {
    /// Whether the source may be read: not ended, and less than `max` characters pending.
    fn has_room(&self) -> bool {
        !self.ended && self.pending.chars().count() < self.max
    }

    /// Records what the source yielded.
    fn add(&mut self, next: Option<String>) {
        match next {
            Some(p) => self.pending.push_str(&p),
            None => self.ended = true,
        }
    }

    /// Takes the pieces that are ready now, within the bound.
    fn take_ready(&mut self) {
        while self.has_room() {
            match self.pieces.next().now_or_never() {
                Some(next) => self.add(next),
                None => break,
            }
        }
    }

    /// Awaits `work`, reading the source meanwhile (within the bound).
    async fn read_while<F: Future>(&mut self, work: F) -> F::Output {
        let mut work = pin!(work);
        loop {
            let room = self.has_room();
            tokio::select! {
                biased;
                output = &mut work => return output,
                next = self.pieces.next(), if room => self.add(next),
            }
        }
    }
}

/// Splits off at most `n` characters from the front of `s`.
fn take_chars(s: &mut String, n: usize) -> String {
    let at = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    let rest = s.split_off(at);
    std::mem::replace(s, rest)
}

impl Client {
    /// Streams `pieces` as one message of operation `O`; `template` gives the other fields
    /// (session, sender, receiver), its own text, key and end mark are replaced.
    ///
    /// Each call goes through [`Client::call`]: validated, rate limited, and retried only where
    /// that cannot duplicate text (an operation that appends is not idempotent, so an ambiguous
    /// failure is reported, not resent).
    pub async fn stream_message<O, S>(
        &self,
        template: &O::Request,
        pieces: S,
        options: StreamOptions,
    ) -> Result<StreamOutcome, StreamError<O::ErrorCode>>
    where
        O: Streamed,
        S: Stream<Item = String>,
    {
        let mut source =
            Source { pieces: pin!(pieces), pending: String::new(), ended: false, max: options.max_chunk_chars.max(1) };
        let mut key: Option<String> = None;
        let mut delivered = String::new();
        let mut in_doubt = String::new();
        let mut calls = 0usize;
        let mut last_call: Option<Instant> = None;
        loop {
            // Wait for something to send.
            if source.pending.is_empty() && !source.ended {
                let next = source.pieces.next().await;
                source.add(next);
            }
            // Coalesce until the interval since the last call has passed (the first call goes
            // at once, for a quick first token), then take whatever else is ready.
            if let Some(deadline) = last_call.map(|t| t + options.min_interval) {
                while source.has_room() {
                    match tokio::time::timeout_at(deadline, source.pieces.next()).await {
                        Ok(next) => source.add(next),
                        Err(_) => break,
                    }
                }
            }
            source.take_ready();
            if source.ended && source.pending.is_empty() && calls == 0 {
                return Ok(StreamOutcome { msg_key: None, calls: 0, chars: 0, in_doubt });
            }
            // Take a rate-limit slot, reading on meanwhile: with many conversations the wait is
            // long, and what arrives during it goes in this call.
            // The first call of the message is what the customer waits for: it goes ahead of the
            // later calls of running messages.
            let priority = if key.is_none() { Priority::First } else { Priority::Normal };
            source.read_while(self.acquire_slot::<O>(priority)).await;
            source.take_ready();
            let chunk = take_chars(&mut source.pending, source.max);
            let last = source.ended && source.pending.is_empty();
            let request = O::chunk_request(template, chunk.clone(), key.clone(), last);
            last_call = Some(Instant::now());
            // Send it, reading on meanwhile for the next call.
            let result = source.read_while(self.call_with_slot::<O>(&request, priority)).await;
            match result {
                Ok(response) => {
                    calls += 1;
                    delivered.push_str(&chunk);
                    if key.is_none() {
                        match O::key_of(&response) {
                            Some(k) => key = Some(k.to_string()),
                            None if !last => {
                                return Err(StreamError {
                                    error: Error::Decode {
                                        status: 200,
                                        message: "the first call returned no message key for the later calls".into(),
                                        body: String::new(),
                                    },
                                    msg_key: None,
                                    delivered,
                                    in_doubt,
                                    not_sent: source.pending,
                                    calls,
                                });
                            }
                            None => {}
                        }
                    }
                    if last {
                        let chars = delivered.chars().count();
                        return Ok(StreamOutcome { msg_key: key, calls, chars, in_doubt });
                    }
                }
                Err(error) if error.may_have_reached_the_vendor() => {
                    in_doubt.push_str(&chunk);
                    let go_on = options.after_in_doubt == AfterInDoubt::GoOn && key.is_some() && !last;
                    if !go_on {
                        let not_sent = std::mem::take(&mut source.pending);
                        return Err(StreamError { error, msg_key: key, delivered, in_doubt, not_sent, calls });
                    }
                    tracing::warn!(chars = chunk.chars().count(), error = ?error, "a chunk's answer was lost: going on without resending it");
                }
                Err(error) => {
                    let mut not_sent = chunk;
                    not_sent.push_str(&source.pending);
                    return Err(StreamError { error, msg_key: key, delivered, in_doubt, not_sent, calls });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::take_chars;

    #[test]
    fn take_chars_splits_on_character_boundaries() {
        let mut s = "héllo wörld".to_string();
        assert_eq!(take_chars(&mut s, 2), "hé");
        assert_eq!(s, "llo wörld");
        assert_eq!(take_chars(&mut s, 100), "llo wörld");
        assert_eq!(s, "");
    }
}
