//! `ccmessaging().poll_stream`, the stream of a polled operation, against the fake: the items in
//! order, an empty answer waits and polls again, the item that ends the session ends the stream,
//! a failed poll yields its error and ends the stream or goes on as the retry classifier says
//! (a lost answer is never resent: the poll is not idempotent), and dropping the stream stops
//! the polling.

use std::time::{Duration, Instant};

use ccapi_client::{Client, Error, PollOptions};
use ccapi_fake::{FakeServer, Fault, paths};
use ccapi_models::ccmessaging::{
    ApplyTokenRequest, DownLinkMsg, DownlinkControlType, DownlinkMediaType, DownlinkSourceType, PollRequest,
    TokenByAkSkRequest,
};
use futures_util::StreamExt;

mod support;
use support::{client_for, fake};

/// Short waits, so that the tests are quick.
const FAST: PollOptions = PollOptions { interval: Duration::from_millis(20) };

/// A client with the three headers of `user_1`'s poll, obtained from the fake's token operations.
async fn poll_client(fake: &FakeServer) -> Client {
    let c = fake.config().clone();
    let tokens = client_for(fake);
    let access = tokens.ccmessaging().token_by_ak_sk(&TokenByAkSkRequest::new(&c.app_key, &c.app_secret)).await;
    let access = access.expect("access token").access_token.expect("a token");
    let apply = ApplyTokenRequest::new("user_1", "user_1", "1011577355744904195", "en");
    let token = tokens.ccmessaging().apply_token(&apply).await.expect("token").token.expect("a token");
    Client::builder()
        .auth_value("x-app-key", c.app_key.clone())
        .auth_value("Authorization", format!("Bearer {access}"))
        .auth_value("ccmessaging-token", token)
        .ccmessaging_endpoint(fake.base_url())
        .retry(support::fast_retries())
        .timeout(Duration::from_secs(2))
        .build()
        .expect("client")
}

/// A message to `user_1` with this control type and text.
fn message(control: DownlinkControlType, text: &str) -> DownLinkMsg {
    DownLinkMsg::new(
        "WEB",
        serde_json::json!(text),
        "agent@example.com",
        "user_1",
        DownlinkMediaType::Text,
        control,
        DownlinkSourceType::Agent,
        1_619_590_480_756,
    )
}

fn chat(text: &str) -> DownLinkMsg {
    message(DownlinkControlType::Chat, text)
}

fn disconnect() -> DownLinkMsg {
    message(DownlinkControlType::Disconnect, "")
}

fn request() -> PollRequest {
    PollRequest::new("user_1", "WEB")
}

fn polls(fake: &FakeServer) -> usize {
    fake.calls(paths::CCMESSAGING_POLL).len()
}

/// The next item, failing the test after a second.
async fn next<S: futures_util::Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    tokio::time::timeout(Duration::from_secs(1), stream.next()).await.expect("an item within a second")
}

#[tokio::test]
async fn the_messages_come_in_order_and_disconnect_ends_the_stream() {
    let fake = fake().await;
    let client = poll_client(&fake).await;
    for m in [chat("one"), chat("two"), disconnect(), chat("after the end")] {
        fake.queue_downlink("user_1", m);
    }
    let mut stream = client.ccmessaging().poll_stream(request(), FAST);
    let mut seen = Vec::new();
    while let Some(item) = next(&mut stream).await {
        seen.push(item.expect("polled"));
    }
    assert_eq!(seen, vec![chat("one"), chat("two"), disconnect()], "yielded in order, up to the DISCONNECT");
    assert_eq!(polls(&fake), 1, "one answer held them all; nothing is polled after the end");
    fake.stop().await;
}

#[tokio::test]
async fn an_empty_answer_waits_the_interval_then_polls_again() {
    let fake = fake().await;
    let client = poll_client(&fake).await;
    let options = PollOptions { interval: Duration::from_millis(100) };
    let mut stream = client.ccmessaging().poll_stream(request(), options);
    let started = Instant::now();
    let queue = async {
        tokio::time::sleep(Duration::from_millis(250)).await;
        fake.queue_downlink("user_1", chat("late"));
    };
    let (first, ()) = tokio::join!(next(&mut stream), queue);
    assert_eq!(first.expect("an item").expect("polled"), chat("late"));
    let (took, n) = (started.elapsed(), polls(&fake));
    // Polls at about 0, 100, 200 and 300 ms: the message queued at 250 ms comes with the fourth.
    assert!((3..=5).contains(&n), "{n} polls in {took:?}");
    assert!(took >= Duration::from_millis(250), "{took:?}");
    // An answer with items is followed by the next poll at once, not after the interval.
    fake.queue_downlink("user_1", disconnect());
    let before = polls(&fake);
    let started = Instant::now();
    assert_eq!(next(&mut stream).await.expect("an item").expect("polled"), disconnect());
    assert!(started.elapsed() < Duration::from_millis(90), "{:?}", started.elapsed());
    assert_eq!(polls(&fake), before + 1);
    assert!(next(&mut stream).await.is_none(), "DISCONNECT ends the stream");
    fake.stop().await;
}

#[tokio::test]
async fn a_final_error_is_yielded_and_ends_the_stream() {
    let fake = fake().await;
    let client = poll_client(&fake).await;
    // The spec documents ccmessaging's 500 as not retryable.
    fake.inject(paths::CCMESSAGING_POLL, Fault::error_with_status(500, 500, "Business failure."), 1);
    fake.queue_downlink("user_1", chat("never polled"));
    let mut stream = client.ccmessaging().poll_stream(request(), FAST);
    let err = next(&mut stream).await.expect("the error").unwrap_err();
    assert_eq!(err.status(), Some(500), "{err:?}");
    assert!(!err.is_retryable());
    assert!(next(&mut stream).await.is_none(), "a final error ends the stream");
    assert_eq!(polls(&fake), 1);
    // A poll refused for another receiver (its token is user_1's) is final too.
    let other = client.ccmessaging().poll_stream(PollRequest::new("user_2", "WEB"), FAST);
    let results: Vec<_> = tokio::time::timeout(Duration::from_secs(1), other.collect::<Vec<_>>()).await.unwrap();
    assert_eq!(results.len(), 1, "{results:?}");
    assert!(matches!(&results[0], Err(Error::Vendor(v)) if v.status == 401), "{results:?}");
    fake.stop().await;
}

#[tokio::test]
async fn an_error_that_may_succeed_again_is_yielded_and_polling_goes_on() {
    let fake = fake().await;
    let client = poll_client(&fake).await;
    // A gateway's 503 (undocumented): the poll may have been carried out, so the client does not
    // resend it (the poll is not idempotent), but a later poll may succeed.
    fake.inject(paths::CCMESSAGING_POLL, Fault::status(503, "<html>503 Service Unavailable</html>"), 1);
    fake.queue_downlink("user_1", chat("after the outage"));
    let mut stream = client.ccmessaging().poll_stream(request(), FAST);
    let err = next(&mut stream).await.expect("the error").unwrap_err();
    assert_eq!(err.status(), Some(503), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(polls(&fake), 1, "not resent by the client's retries");
    assert_eq!(next(&mut stream).await.expect("an item").expect("polled"), chat("after the outage"));
    assert_eq!(polls(&fake), 2, "the next poll, after the interval");
    fake.stop().await;
}

#[tokio::test]
async fn a_lost_answer_is_not_resent_and_its_messages_are_reported_lost() {
    let fake = fake().await;
    let client = poll_client(&fake).await;
    // The fake hands the message over, then the answer is lost behind a 502.
    fake.inject(paths::CCMESSAGING_POLL, Fault::bad_gateway().after_apply(), 1);
    fake.queue_downlink("user_1", chat("lost"));
    let mut stream = client.ccmessaging().poll_stream(request(), FAST);
    let err = next(&mut stream).await.expect("the error").unwrap_err();
    assert!(err.may_have_reached_the_vendor() && err.is_retryable(), "{err:?}");
    assert_eq!(polls(&fake), 1, "an in-doubt poll is never resent");
    fake.queue_downlink("user_1", chat("next"));
    assert_eq!(next(&mut stream).await.expect("an item").expect("polled"), chat("next"));
    fake.stop().await;
}

#[tokio::test]
async fn dropping_the_stream_stops_polling() {
    let fake = fake().await;
    let client = poll_client(&fake).await;
    let mut stream = client.ccmessaging().poll_stream(request(), FAST);
    // Nothing waiting: it polls every 20 ms while it is read.
    assert!(tokio::time::timeout(Duration::from_millis(150), stream.next()).await.is_err());
    let while_read = polls(&fake);
    assert!(while_read >= 3, "{while_read} polls");
    // Not read: not polled.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let idle = polls(&fake);
    assert!(idle <= while_read + 1, "{while_read} then {idle}");
    drop(stream);
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(polls(&fake), idle, "no poll after the stream is dropped");
    fake.stop().await;
}
