//! The client against the stateful fake of the vendors, on 127.0.0.1: every operation, every
//! error class, retries (and the failures that must not be retried), rate limiting, streaming,
//! paging and secret redaction.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ccapi_client::{
    AfterInDoubt, CcmCredentials, Client, Endpoint, Error, RetryPolicy, StreamOptions, TencentCredentials,
    TransportKind,
};
use ccapi_fake::{FakeConfig, FakeServer, Fault, paths};
use ccapi_models::desk::{self, CurrentState, Order};
use ccapi_models::support::ErrorCode;
use ccapi_models::{chatbot, common::TencentImCommonErrorCode};
use futures_util::{StreamExt, stream};

mod support;
use support::{HISTORY_SESSION, SESSION, ccm_message, client_for, fake, fast_retries};

#[tokio::test]
async fn desk_get_session_state_both_ways() {
    let fake = fake().await;
    let client = client_for(&fake);
    let by_session = client.desk().get_session_state(&desk::GetSessionStateRequest::by_session(HISTORY_SESSION)).await;
    let r = by_session.expect("by session");
    assert_eq!(r.current_state, Some(CurrentState::Agent));
    assert_eq!(r.agent_id.as_deref(), Some("test@qq.com"));
    let by_user = client
        .desk()
        .get_session_state(&desk::GetSessionStateRequest::by_user("user01", "@customer_service_account"))
        .await
        .expect("by user");
    assert_eq!(by_user.session_id.as_deref(), Some(SESSION));
    assert_eq!(by_user.current_state, Some(CurrentState::Chatbot));
    fake.stop().await;
}

#[tokio::test]
async fn usersig_is_signed_once_and_random_is_fresh_per_request() {
    let fake = fake().await;
    let client = client_for(&fake);
    let clone = client.clone();
    for c in [&client, &clone, &client] {
        c.desk().get_session_state(&desk::GetSessionStateRequest::by_session(SESSION)).await.expect("ok");
    }
    assert_eq!(client.usersigs_signed(), 1, "the UserSig is cached, and shared by clones");
    let randoms: Vec<u32> = fake.calls(paths::DESK_GET_SESSION_STATE).iter().filter_map(|c| c.random).collect();
    assert_eq!(randoms.len(), 3);
    let distinct: std::collections::HashSet<_> = randoms.iter().collect();
    assert_eq!(distinct.len(), 3, "random must be fresh per request: {randoms:?}");
    fake.stop().await;
}

#[tokio::test]
async fn usersig_is_renewed_shortly_before_expiry() {
    let fake = fake().await;
    let c = fake.config();
    let mut creds = TencentCredentials::new(c.sdkappid, c.identifier.clone(), c.secret_key.clone());
    creds.usersig_ttl = Duration::from_secs(2); // renewed 0.2 s before expiry
    let client = Client::builder().tencent(creds).endpoint(Endpoint::Custom(fake.base_url())).build().unwrap();
    let req = desk::GetSessionStateRequest::by_session(SESSION);
    client.desk().get_session_state(&req).await.expect("first");
    client.desk().get_session_state(&req).await.expect("second");
    assert_eq!(client.usersigs_signed(), 1);
    tokio::time::sleep(Duration::from_millis(1900)).await;
    client.desk().get_session_state(&req).await.expect("after renewal");
    assert_eq!(client.usersigs_signed(), 2);
    fake.stop().await;
}

#[tokio::test]
async fn wrong_secret_key_is_a_typed_common_error() {
    let fake = fake().await;
    let c = fake.config();
    let client = Client::builder()
        .tencent(TencentCredentials::new(c.sdkappid, c.identifier.clone(), "not-the-key"))
        .endpoint(Endpoint::Custom(fake.base_url()))
        .build()
        .unwrap();
    let err = client.desk().get_session_state(&desk::GetSessionStateRequest::by_session(SESSION)).await.unwrap_err();
    let Error::Vendor(v) = &err else { panic!("expected a vendor error, got {err:?}") };
    assert_eq!(v.code.code(), 70009);
    assert!(matches!(
        v.code,
        desk::GetSessionStateErrorCode::TencentImCommon(TencentImCommonErrorCode::UserSigWrongKey)
    ));
    assert!(!err.is_retryable());
    assert!(err.raw_body().unwrap().contains("70009"));
    assert_eq!(fake.calls(paths::DESK_GET_SESSION_STATE).len(), 1, "not retried");
    fake.stop().await;
}

#[tokio::test]
async fn vendor_error_keeps_code_description_and_body() {
    let fake = fake().await;
    let client = client_for(&fake);
    let err = client.desk().get_session_state(&desk::GetSessionStateRequest::by_session("nope")).await.unwrap_err();
    let Error::Vendor(v) = &err else { panic!("{err:?}") };
    assert_eq!(v.code, desk::GetSessionStateErrorCode::SessionNotFoundOrEnded);
    assert_eq!(v.code.description(), Some("Session does not exist or has ended."));
    assert!(!v.code.is_retryable());
    assert_eq!(v.status, 200);
    assert!(err.to_string().contains("141005"), "{err}");
    fake.stop().await;
}

#[tokio::test]
async fn unknown_vendor_code_is_kept() {
    let fake = fake().await;
    let client = client_for(&fake);
    fake.inject(paths::DESK_GET_SESSION_STATE, Fault::error(999_999, "brand new"), 1);
    let err = client.desk().get_session_state(&desk::GetSessionStateRequest::by_session(SESSION)).await.unwrap_err();
    let Error::Vendor(v) = &err else { panic!("{err:?}") };
    assert_eq!(v.code, desk::GetSessionStateErrorCode::Unknown(999_999));
    assert_eq!(v.message, "brand new");
    fake.stop().await;
}

#[tokio::test]
async fn invalid_request_is_refused_before_sending() {
    let fake = fake().await;
    let client = client_for(&fake);
    let err = client
        .desk()
        .describe_chat_messages(&desk::DescribeChatMessagesRequest::new(HISTORY_SESSION).limit(101))
        .await
        .unwrap_err();
    let Error::Invalid(v) = &err else { panic!("{err:?}") };
    assert!(v.names_field("Limit"), "{v}");
    // A one_of with both ways given.
    let both = desk::GetSessionStateRequest::by_session(SESSION).client_user_id("user01");
    assert!(matches!(client.desk().get_session_state(&both).await, Err(Error::Invalid(_))));
    // ccmessaging `from` is 1 to 40 characters (the page's table says 24; its samples send 40).
    let long = ccm_message(&"x".repeat(41), "hi");
    assert!(matches!(client.ccmessaging().send(&long).await, Err(Error::Invalid(e)) if e.names_field("from")));
    assert!(fake.calls(paths::DESK_DESCRIBE_CHAT_MESSAGES).is_empty());
    assert!(fake.calls(paths::DESK_GET_SESSION_STATE).is_empty());
    assert_eq!(fake.token_requests(), (0, 0), "nothing sent, not even a token request");
    fake.stop().await;
}

#[tokio::test]
async fn retryable_vendor_code_is_retried_even_for_a_non_idempotent_operation() {
    let fake = fake().await;
    let client = client_for(&fake);
    // 20004 "Network issue, please retry." is refused by the vendor: nothing was appended.
    fake.inject(paths::DESK_SEND_STREAM_MSG, Fault::error(20004, "Network issue, please retry."), 1);
    let r = client.desk().send_stream_msg(&desk::SendStreamMsgRequest::new(SESSION, "Hello")).await.expect("retried");
    let key = r.msg_key.expect("a key");
    assert_eq!(fake.calls(paths::DESK_SEND_STREAM_MSG).len(), 2);
    assert_eq!(fake.stream_message(&key).unwrap().text, "Hello");
    fake.stop().await;
}

#[tokio::test]
async fn retries_stop_at_the_policy_bound() {
    let fake = fake().await;
    let client = client_for(&fake);
    fake.inject(paths::DESK_GET_SESSION_STATE, Fault::error(141002, "Internal error, retry."), 10);
    let err = client.desk().get_session_state(&desk::GetSessionStateRequest::by_session(SESSION)).await.unwrap_err();
    assert_eq!(err.code(), Some(&desk::GetSessionStateErrorCode::InternalError));
    assert!(err.is_retryable());
    assert_eq!(fake.calls(paths::DESK_GET_SESSION_STATE).len(), 3, "max_attempts = 3");
    fake.stop().await;
}

#[tokio::test]
async fn ambiguous_failures_are_retried_for_idempotent_operations() {
    let fake = fake().await;
    let client = client_for(&fake);
    for fault in [Fault::bad_gateway(), Fault::Reset, Fault::Truncated, Fault::Malformed] {
        fake.inject(paths::DESK_GET_SESSION_STATE, fault.clone(), 1);
        let r = client.desk().get_session_state(&desk::GetSessionStateRequest::by_session(SESSION)).await;
        assert!(r.is_ok(), "{fault:?}: {r:?}");
    }
    assert_eq!(fake.calls(paths::DESK_GET_SESSION_STATE).len(), 8);
    fake.stop().await;
}

#[tokio::test]
async fn ambiguous_failures_are_not_retried_for_a_stream_chunk() {
    let fake = fake().await;
    let client = client_for(&fake);
    let first = client.desk().send_stream_msg(&desk::SendStreamMsgRequest::new(SESSION, "one ")).await.unwrap();
    let key = first.msg_key.unwrap();
    let next = desk::SendStreamMsgRequest::new(SESSION, "two ").msg_key(key.clone());
    // The chunk is appended, then the answer is lost: resending would write "two two ".
    fake.inject(paths::DESK_SEND_STREAM_MSG, Fault::bad_gateway().after_apply(), 1);
    let err = client.desk().send_stream_msg(&next).await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 502, .. }), "{err:?}");
    assert!(err.raw_body().unwrap().contains("502 Bad Gateway"));
    fake.inject(paths::DESK_SEND_STREAM_MSG, Fault::Reset.after_apply(), 1);
    let err = client.desk().send_stream_msg(&next).await.unwrap_err();
    assert!(matches!(err, Error::Transport { kind: TransportKind::Interrupted, .. }), "{err:?}");
    fake.inject(paths::DESK_SEND_STREAM_MSG, Fault::Malformed.after_apply(), 1);
    let err = client.desk().send_stream_msg(&next).await.unwrap_err();
    assert!(matches!(&err, Error::Decode { status: 200, body, .. } if !body.is_empty()), "{err:?}");
    assert_eq!(fake.stream_message(&key).unwrap().text, "one two two two ", "each call sent exactly once");
    assert_eq!(fake.calls(paths::DESK_SEND_STREAM_MSG).len(), 4);
    fake.stop().await;
}

#[tokio::test]
async fn timeouts_are_configurable_and_ambiguous() {
    let fake = fake().await;
    let c = fake.config();
    let client = Client::builder()
        .tencent(TencentCredentials::new(c.sdkappid, c.identifier.clone(), c.secret_key.clone()))
        .endpoint(Endpoint::Custom(fake.base_url()))
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    fake.inject(paths::DESK_SEND_STREAM_MSG, Fault::Delay(Duration::from_millis(600)), 1);
    let err = client.desk().send_stream_msg(&desk::SendStreamMsgRequest::new(SESSION, "slow")).await.unwrap_err();
    assert!(matches!(err, Error::Transport { kind: TransportKind::Timeout, .. }), "{err:?}");
    assert_eq!(ccapi_client::DEFAULT_TIMEOUT, Duration::from_secs(10), "above the vendor's 3 s");
    fake.stop().await;
}

#[tokio::test]
async fn connection_refused_is_retried_even_when_not_idempotent() {
    // A port with nothing listening: the request provably never left.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = Client::builder()
        .tencent(TencentCredentials::new(1, "admin", "key"))
        .endpoint(Endpoint::Custom(format!("http://127.0.0.1:{port}")))
        .retry(fast_retries())
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = client.desk().send_stream_msg(&desk::SendStreamMsgRequest::new(SESSION, "x")).await.unwrap_err();
    assert!(matches!(err, Error::Transport { kind: TransportKind::Connect, .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    let text = format!("{err} {err:?}");
    assert!(!text.contains("usersig="), "no URL with the UserSig in errors: {text}");
}

#[tokio::test]
async fn secrets_never_appear_in_debug_display_or_errors() {
    let fake = fake().await;
    let c = fake.config().clone();
    let client = client_for(&fake);
    let usersig = fake.usersig();
    let dbg = format!("{client:?}");
    assert!(!dbg.contains(&c.secret_key) && !dbg.contains(&c.app_secret), "{dbg}");
    // An error whose transport message would carry the URL.
    fake.inject(paths::DESK_GET_SESSION_STATE, Fault::Reset, 3);
    let err = client.desk().get_session_state(&desk::GetSessionStateRequest::by_session(SESSION)).await.unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(!text.contains("usersig=") && !text.contains(&usersig[..20]), "{text}");
    // Dry run shows the request with secrets redacted.
    let prepared = client.prepare::<desk::GetSessionState>(&desk::GetSessionStateRequest::by_session(SESSION)).unwrap();
    assert!(prepared.url.contains("usersig=<redacted>"), "{}", prepared.url);
    let prepared = client.prepare::<ccapi_models::ccmessaging::Send>(&ccm_message("u1", "hi")).unwrap();
    let shown = serde_json::to_string(&prepared).unwrap();
    assert!(!shown.contains(&c.app_secret) && shown.contains("<redacted>"), "{shown}");
    let creds = CcmCredentials::tokens("k", "access-token-value", "session-token-value");
    assert!(!format!("{creds:?}").contains("token-value"));
    fake.stop().await;
}

#[tokio::test]
async fn describe_chat_messages_all_pages_through_everything_in_order() {
    let fake = fake().await;
    let client = client_for(&fake);
    let all: Vec<desk::Message> = client
        .desk()
        .describe_chat_messages_all(
            desk::DescribeChatMessagesRequest::new(HISTORY_SESSION).limit(10).order(Order::OldestFirst),
        )
        .map(|r| r.expect("page"))
        .collect()
        .await;
    assert_eq!(all.len(), 26);
    let stamps: Vec<i64> = all.iter().map(|m| m.timestamp.unwrap()).collect();
    assert!(stamps.windows(2).all(|w| w[0] < w[1]), "oldest first: {stamps:?}");
    assert_eq!(fake.calls(paths::DESK_DESCRIBE_CHAT_MESSAGES).len(), 3, "pages of 10: 10 + 10 + 6");
    // Without a Limit: pages of the documented maximum (100), one call.
    let newest: Vec<_> = client
        .desk()
        .describe_chat_messages_all(desk::DescribeChatMessagesRequest::new(HISTORY_SESSION))
        .collect()
        .await;
    assert_eq!(newest.len(), 26);
    assert_eq!(fake.calls(paths::DESK_DESCRIBE_CHAT_MESSAGES).len(), 4);
    // From an offset.
    let rest: Vec<_> = client
        .desk()
        .describe_chat_messages_all(desk::DescribeChatMessagesRequest::new(HISTORY_SESSION).offset(20).limit(4))
        .collect()
        .await;
    assert_eq!(rest.len(), 6);
    fake.stop().await;
}

#[tokio::test]
async fn a_failed_page_ends_the_stream_with_its_error() {
    let fake = fake().await;
    let client = client_for(&fake);
    fake.inject(paths::DESK_DESCRIBE_CHAT_MESSAGES, Fault::error(141010, "The session does not exist."), 1);
    let items: Vec<_> = client
        .desk()
        .describe_chat_messages_all(desk::DescribeChatMessagesRequest::new(HISTORY_SESSION))
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].as_ref().unwrap_err().code(), Some(&desk::DescribeChatMessagesErrorCode::SessionNotFound));
    fake.stop().await;
}

fn tokens(text: &str) -> impl futures_util::Stream<Item = String> + use<> {
    let pieces: Vec<String> = text.split_inclusive(' ').map(str::to_string).collect();
    stream::iter(pieces)
}

#[tokio::test]
async fn streaming_helper_sends_one_message_with_key_and_finish() {
    let fake = fake().await;
    let client = client_for(&fake);
    let text = "Hello, this is Tencent Cloud streaming a rather long answer token by token.";
    let template = desk::SendStreamMsgRequest::new(SESSION, "");
    let out = client
        .desk()
        .send_stream_msg_from_stream(&template, tokens(text), StreamOptions::default())
        .await
        .expect("streamed");
    let key = out.msg_key.clone().unwrap();
    let msg = fake.stream_message(&key).unwrap();
    assert_eq!(msg.text, text);
    assert!(msg.finished);
    assert_eq!(out.chars, text.chars().count());
    assert_eq!(out.calls, msg.chunks.len());
    // An instantly available stream is coalesced: the first piece goes at once, the rest together.
    assert!(out.calls <= 3, "{} calls", out.calls);
    let history = fake.session(SESSION).unwrap().messages;
    assert_eq!(history.len(), 1, "the finished message joins the session's history");
    fake.stop().await;
}

#[tokio::test]
async fn streaming_chunks_are_bounded_and_slow_pieces_coalesce_by_interval() {
    let fake = fake().await;
    let client = client_for(&fake);
    let template = chatbot::SendStreamMsgRequest::new("@RBT#bot", "user01", "");
    // 40 pieces, one every 10 ms, with a 100 ms interval: about 4 to 6 calls, not 40.
    let (tx, rx) = tokio::sync::mpsc::channel::<String>(1);
    tokio::spawn(async move {
        for i in 0..40 {
            tx.send(format!("t{i:02} ")).await.unwrap();
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    });
    let pieces = stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|p| (p, rx)) });
    let options =
        StreamOptions { min_interval: Duration::from_millis(100), max_chunk_chars: 1000, ..StreamOptions::default() };
    let out = client.chatbot().send_stream_msg_from_stream(&template, pieces, options).await.unwrap();
    let msg = fake.stream_message(out.msg_key.as_deref().unwrap()).unwrap();
    let expected: String = (0..40).map(|i| format!("t{i:02} ")).collect();
    assert_eq!(msg.text, expected);
    assert!(msg.finished);
    assert!((3..=10).contains(&out.calls), "{} calls for 40 pieces over ~400 ms", out.calls);
    // max_chunk_chars splits a long pending text.
    let long = "x".repeat(2500);
    let options = StreamOptions { min_interval: Duration::ZERO, max_chunk_chars: 1000, ..StreamOptions::default() };
    let out =
        client.chatbot().send_stream_msg_from_stream(&template, stream::iter([long.clone()]), options).await.unwrap();
    let msg = fake.stream_message(out.msg_key.as_deref().unwrap()).unwrap();
    assert_eq!(msg.chunks.iter().map(|c| c.chars().count()).collect::<Vec<_>>(), [1000, 1000, 500]);
    fake.stop().await;
}

/// Streams "first ", "second ", "third" into the seeded session, the second call meeting `fault`.
async fn stream_with_fault_on_second(
    fault: Fault,
    after_in_doubt: AfterInDoubt,
) -> (
    ccapi_fake::FakeServer,
    Result<ccapi_client::StreamOutcome, ccapi_client::StreamError<desk::SendStreamMsgErrorCode>>,
) {
    let fake = fake().await;
    let client = client_for(&fake);
    let template = desk::SendStreamMsgRequest::new(SESSION, "");
    let (tx, rx) = tokio::sync::mpsc::channel::<String>(1);
    let fake_ref = &fake;
    let producer = async move {
        tx.send("first ".into()).await.unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
        fake_ref.inject(paths::DESK_SEND_STREAM_MSG, fault, 1);
        tx.send("second ".into()).await.unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
        let _ = tx.send("third".into()).await;
    };
    let pieces = stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|p| (p, rx)) });
    let options = StreamOptions { min_interval: Duration::ZERO, max_chunk_chars: 1000, after_in_doubt };
    let desk = client.desk();
    let (result, ()) = tokio::join!(desk.send_stream_msg_from_stream(&template, pieces, options), producer);
    (fake, result)
}

#[tokio::test]
async fn a_lost_answer_after_the_vendor_applied_the_chunk_is_in_doubt_not_unsent() {
    let (fake, result) = stream_with_fault_on_second(Fault::bad_gateway().after_apply(), AfterInDoubt::Stop).await;
    let err = result.unwrap_err();
    assert_eq!((err.delivered.as_str(), err.in_doubt.as_str()), ("first ", "second "));
    assert_eq!(
        err.accounting(),
        format!("6 character(s) delivered, 7 in doubt, {} not sent", err.not_sent.chars().count())
    );
    // The vendor does hold it: reporting it as not sent would make a caller duplicate it.
    assert_eq!(fake.stream_message(err.msg_key.as_ref().unwrap()).unwrap().text, "first second ");
    fake.stop().await;
}

#[tokio::test]
async fn going_on_after_an_in_doubt_chunk_never_duplicates_it_and_may_leave_a_gap() {
    // The answer was lost after the vendor applied the chunk: the message is whole.
    let (fake, result) = stream_with_fault_on_second(Fault::Reset.after_apply(), AfterInDoubt::GoOn).await;
    let outcome = result.unwrap();
    assert_eq!(outcome.in_doubt, "second ");
    assert_eq!(fake.stream_message(outcome.msg_key.as_ref().unwrap()).unwrap().text, "first second third");
    fake.stop().await;
    // The connection broke before the vendor applied it: a gap, never a duplicate.
    let (fake, result) = stream_with_fault_on_second(Fault::Reset, AfterInDoubt::GoOn).await;
    let outcome = result.unwrap();
    assert_eq!(outcome.in_doubt, "second ");
    let message = fake.stream_message(outcome.msg_key.as_ref().unwrap()).unwrap();
    assert_eq!((message.text.as_str(), message.finished), ("first third", true));
    fake.stop().await;
}

#[tokio::test]
async fn a_refused_chunk_is_not_sent_and_stops_even_when_going_on() {
    let (fake, result) =
        stream_with_fault_on_second(Fault::error(141004, "Illegal request parameters"), AfterInDoubt::GoOn).await;
    let err = result.unwrap_err();
    // "third" was not read yet: the rest of the source is left unread.
    assert_eq!((err.in_doubt.as_str(), err.not_sent.as_str()), ("", "second "));
    fake.stop().await;
}

#[tokio::test]
async fn streaming_failure_reports_what_was_delivered_under_which_key() {
    let fake = fake().await;
    let client = client_for(&fake);
    let template = desk::SendStreamMsgRequest::new(SESSION, "");
    let (tx, rx) = tokio::sync::mpsc::channel::<String>(1);
    let fake_ref = &fake;
    let producer = async move {
        tx.send("first ".into()).await.unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
        // The second call fails with a code that is not retryable.
        fake_ref.inject(paths::DESK_SEND_STREAM_MSG, Fault::error(141004, "Illegal request parameters"), 1);
        tx.send("second ".into()).await.unwrap();
        let _ = tx.send("third".into()).await;
    };
    let pieces = stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|p| (p, rx)) });
    let options = StreamOptions { min_interval: Duration::ZERO, max_chunk_chars: 1000, ..StreamOptions::default() };
    let desk = client.desk();
    let (result, ()) = tokio::join!(desk.send_stream_msg_from_stream(&template, pieces, options), producer);
    let err = result.unwrap_err();
    assert_eq!(err.delivered, "first ");
    assert!(err.not_sent.starts_with("second"), "refused by the vendor: not sent: {:?}", err.not_sent);
    assert_eq!(err.in_doubt, "");
    let key = err.msg_key.clone().expect("the first call returned the key");
    assert_eq!(err.error.code(), Some(&desk::SendStreamMsgErrorCode::IllegalRequestParameters));
    assert_eq!(fake.stream_message(&key).unwrap().text, "first ");
    assert!(err.to_string().contains(&key), "{err}");
    fake.stop().await;
}

#[tokio::test]
async fn concurrent_conversations_share_the_rate_limit() {
    let fake = FakeServer::start(FakeConfig { enforce_rate_limit: true, ..FakeConfig::default() }).await.unwrap();
    let client = client_for(&fake);
    // 50 conversations streaming at once, each piece every 5 ms: far above 200 calls/s if sent
    // one call per piece.
    let mut tasks = Vec::new();
    for i in 0..50 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let template = chatbot::SendStreamMsgRequest::new("@RBT#bot", format!("user{i}"), "");
            let (tx, rx) = tokio::sync::mpsc::channel::<String>(4);
            tokio::spawn(async move {
                for j in 0..30 {
                    if tx.send(format!("{i}:{j} ")).await.is_err() {
                        return;
                    }
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            });
            let pieces = stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|p| (p, rx)) });
            let options = StreamOptions {
                min_interval: Duration::from_millis(50),
                max_chunk_chars: 2000,
                ..StreamOptions::default()
            };
            let out = client.chatbot().send_stream_msg_from_stream(&template, pieces, options).await;
            (i, out)
        }));
    }
    for t in tasks {
        let (i, out) = t.await.unwrap();
        let out = out.unwrap_or_else(|e| panic!("conversation {i}: {e}"));
        let expected: String = (0..30).map(|j| format!("{i}:{j} ")).collect();
        assert_eq!(fake.stream_message(out.msg_key.as_deref().unwrap()).unwrap().text, expected);
    }
    let window = fake.max_calls_within(paths::CHATBOT_SEND_STREAM_MSG, Duration::from_secs(1));
    assert!(window <= 200, "{window} calls in one second");
    let rejected = fake.calls(paths::CHATBOT_SEND_STREAM_MSG).iter().filter(|c| c.code == Some(60011)).count();
    assert_eq!(rejected, 0, "the fake enforcing 200/s never had to refuse a call");
    fake.stop().await;
}

#[tokio::test]
async fn ccmessaging_token_flow_caches_and_renews_once_on_401() {
    let fake = fake().await;
    let client = client_for(&fake);
    let r = client.ccmessaging().send(&ccm_message("user_1", "Version")).await.expect("sent");
    assert_eq!(r.result_code, "0");
    client.ccmessaging().send(&ccm_message("user_1", "again")).await.expect("sent");
    assert_eq!(fake.token_requests(), (1, 1), "both tokens cached");
    client.ccmessaging().send(&ccm_message("user_2", "other conversation")).await.expect("sent");
    assert_eq!(fake.token_requests(), (1, 2), "a ccmessaging-token per conversation");
    fake.expire_tokens();
    client.ccmessaging().send(&ccm_message("user_1", "after expiry")).await.expect("renewed");
    assert_eq!(fake.token_requests(), (2, 3), "renewed once after the 401");
    assert_eq!(fake.sent_messages("user_1").len(), 3);
    fake.stop().await;
}

#[tokio::test]
async fn ccmessaging_ready_tokens_and_http_errors() {
    let fake = fake().await;
    let c = fake.config().clone();
    let client = Client::builder()
        .ccmessaging(CcmCredentials::tokens(c.app_key.clone(), "bogus-access", "bogus-token"))
        .ccmessaging_endpoint(fake.base_url())
        .build()
        .unwrap();
    let err = client.ccmessaging().send(&ccm_message("user_1", "hi")).await.unwrap_err();
    let Error::Vendor(v) = &err else { panic!("expected the 401 envelope as a vendor error: {err:?}") };
    assert_eq!(v.status, 401);
    assert_eq!(fake.token_requests(), (0, 0), "ready tokens are used as they are");
    // A documented HTTP status with a non-JSON body keeps the spec's description.
    let client = client_for(&fake);
    fake.inject(paths::CCMESSAGING_SEND, Fault::status(500, "oops"), 1);
    let err = client.ccmessaging().send(&ccm_message("user_1", "hi")).await.unwrap_err();
    let Error::Http { status: 500, documented: Some(d), body } = &err else { panic!("{err:?}") };
    assert!(d.description.starts_with("Business failure"), "{d:?}");
    assert!(!err.is_retryable(), "the spec marks 500 of ccmessaging as not retryable");
    assert_eq!(body, "oops");
    fake.stop().await;
}

#[tokio::test]
async fn ccmessaging_wrong_app_secret_is_an_auth_error() {
    let fake = fake().await;
    let client = Client::builder()
        .ccmessaging(CcmCredentials::app_key("fake-app-key", "wrong-secret"))
        .ccmessaging_endpoint(fake.base_url())
        .build()
        .unwrap();
    let err = client.ccmessaging().send(&ccm_message("user_1", "hi")).await.unwrap_err();
    // The failed token call is the typed error of tokenByAkSk, with the vendor's code and body.
    let Error::Token(t) = &err else { panic!("expected a token error: {err:?}") };
    assert_eq!(t.operation, "ccmessaging.token_by_ak_sk");
    let Error::Vendor(v) = &t.error else { panic!("expected the 401 envelope as a vendor error: {t:?}") };
    assert_eq!((v.code.code(), v.status), (401, 401));
    assert!(v.body.contains("Unauthorized operation"), "the raw body is kept: {}", v.body);
    assert!(!err.is_retryable(), "a refused token call is final");
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains("wrong-secret"), "{shown}");
    }
    assert_eq!(fake.token_requests(), (1, 0), "not retried, and no applyToken without an access token");
    assert!(fake.calls(paths::CCMESSAGING_SEND).is_empty());
    fake.stop().await;
}

#[tokio::test]
async fn ccmessaging_apply_token_renews_the_access_token_once_on_401() {
    let fake = fake().await;
    let client = client_for(&fake);
    client.ccmessaging().send(&ccm_message("user_1", "first")).await.expect("sent");
    assert_eq!(fake.token_requests(), (1, 1));
    // The access token expires while it is cached: applyToken for a new conversation gets a 401,
    // the client fetches a new access token once and applies again.
    fake.expire_tokens();
    client.ccmessaging().send(&ccm_message("user_2", "second")).await.expect("renewed");
    assert_eq!(fake.token_requests(), (2, 3), "one more tokenByAkSk, applyToken twice");
    let statuses: Vec<Option<u16>> = fake.calls(paths::APPLY_TOKEN).iter().map(|c| c.status).collect();
    assert_eq!(statuses, [Some(200), Some(401), Some(200)]);
    fake.stop().await;
}

#[tokio::test]
async fn ccmessaging_token_calls_follow_the_spec() {
    use ccapi_models::ccmessaging::{ApplyToken, TokenByAkSk};
    use ccapi_models::support::Operation;
    let fake = fake().await;
    let client = client_for(&fake);
    client.ccmessaging().send(&ccm_message("user_1", "hi")).await.expect("sent");
    assert_eq!(fake.calls(<TokenByAkSk as Operation>::PATH).len(), 1);
    assert_eq!(fake.calls(<ApplyToken as Operation>::PATH).len(), 1);
    // Called directly, applyToken takes its two headers from the token flow too.
    let request = ccapi_models::ccmessaging::ApplyTokenRequest::new("user_9", "user_9", "channel", "en");
    let answer = client.ccmessaging().apply_token(&request).await.expect("a token");
    assert!(answer.token.is_some());
    assert!(!format!("{answer:?}").contains(answer.token.as_deref().unwrap_or("?")), "the token is redacted in Debug");
    fake.stop().await;
}

#[tokio::test]
async fn missing_credentials_are_an_auth_error_and_nothing_is_sent() {
    let client = Client::builder().endpoint(Endpoint::Custom("http://127.0.0.1:9".into())).build().unwrap();
    let err = client.desk().get_session_state(&desk::GetSessionStateRequest::by_session(SESSION)).await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
}

#[tokio::test]
async fn chatbot_stream_chain_by_hand() {
    let fake = fake().await;
    let client = client_for(&fake);
    let first = client
        .chatbot()
        .send_stream_msg(&chatbot::SendStreamMsgRequest::new("@RBT#my_bot", "user01", "hello, "))
        .await
        .unwrap();
    let key = first.msg_key.unwrap();
    client
        .chatbot()
        .send_stream_msg(
            &chatbot::SendStreamMsgRequest::new("@RBT#my_bot", "user01", "world")
                .msg_key(key.clone())
                .finish(chatbot::Finish::Finished),
        )
        .await
        .unwrap();
    let msg = fake.stream_message(&key).unwrap();
    assert_eq!((msg.text.as_str(), msg.finished), ("hello, world", true));
    fake.stop().await;
}

#[tokio::test]
async fn a_custom_rate_limiter_is_asked_before_every_attempt_of_a_limited_operation() {
    use ccapi_client::{Quota, RateLimiter};
    use std::future::Future;
    use std::pin::Pin;

    /// Records what it was asked, as a shared backend would see it.
    #[derive(Default)]
    struct Recording(Mutex<Vec<(String, u32)>>);
    impl RateLimiter for Recording {
        fn acquire<'a>(&'a self, quota: Quota<'a>) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>> {
            self.0.lock().unwrap().push((quota.key.to_string(), quota.per_second));
            Box::pin(std::future::ready(()))
        }
    }
    let fake = fake().await;
    let c = fake.config().clone();
    let limiter = Arc::new(Recording::default());
    let client = Client::builder()
        .tencent(TencentCredentials::new(c.sdkappid, c.identifier.clone(), c.secret_key.clone()))
        .endpoint(Endpoint::Custom(fake.base_url()))
        .retry(fast_retries())
        .rate_limiter(limiter.clone())
        .build()
        .unwrap();
    fake.inject(paths::CHATBOT_SEND_STREAM_MSG, Fault::error(10002, "Internal system error, please retry."), 1);
    client.chatbot().send_stream_msg(&chatbot::SendStreamMsgRequest::new("@RBT#bot", "user01", "hi")).await.unwrap();
    // Desk documents no limit: the limiter is not asked.
    client.desk().get_session_state(&desk::GetSessionStateRequest::by_session(SESSION)).await.unwrap();
    let asked = limiter.0.lock().unwrap().clone();
    let key = format!("{}/chatbot.send_stream_msg", c.sdkappid);
    assert_eq!(asked, vec![(key.clone(), 200), (key, 200)], "one slot per attempt, keyed by app and operation");
    fake.stop().await;
}

#[tokio::test]
async fn ccmessaging_a_second_401_is_returned_not_renewed_again() {
    let fake = fake().await;
    let client = client_for(&fake);
    client.ccmessaging().send(&ccm_message("user_1", "hi")).await.expect("sent");
    assert_eq!(fake.token_requests(), (1, 1));
    fake.inject(paths::CCMESSAGING_SEND, Fault::error_with_status(401, 401, "Unauthorized"), 2);
    let err = client.ccmessaging().send(&ccm_message("user_1", "hi")).await.unwrap_err();
    assert_eq!(err.status(), Some(401), "{err:?}");
    assert_eq!(fake.token_requests(), (2, 2), "renewed exactly once");
    assert_eq!(fake.calls(paths::CCMESSAGING_SEND).len(), 3);
    fake.stop().await;
}

#[tokio::test]
async fn ccmessaging_poll_sends_its_fields_in_the_query_and_reads_the_waiting_messages() {
    use ccapi_models::ccmessaging::{
        ApplyTokenRequest, DownLinkMsg, DownlinkControlType, DownlinkMediaType, DownlinkSourceType, PollRequest,
        TokenByAkSkRequest,
    };
    let fake = fake().await;
    let c = fake.config().clone();
    // The poll's headers are given as they are: obtain them with the token operations.
    let tokens = client_for(&fake);
    let access = tokens.ccmessaging().token_by_ak_sk(&TokenByAkSkRequest::new(&c.app_key, &c.app_secret)).await;
    let access = access.expect("access token").access_token.expect("a token");
    let apply = ApplyTokenRequest::new("user_1", "user_1", "1011577355744904195", "en");
    let token = tokens.ccmessaging().apply_token(&apply).await.expect("token").token.expect("a token");
    let client = Client::builder()
        .auth_value("x-app-key", c.app_key.clone())
        .auth_value("Authorization", format!("Bearer {access}"))
        .auth_value("ccmessaging-token", token)
        .ccmessaging_endpoint(fake.base_url())
        .build()
        .expect("client");
    let reply = DownLinkMsg::new(
        "WEB",
        serde_json::json!("Hello"),
        "agent@example.com",
        "user_1",
        DownlinkMediaType::Text,
        DownlinkControlType::Chat,
        DownlinkSourceType::Agent,
        1_619_590_480_756,
    );
    fake.queue_downlink("user_1", reply.clone());
    let polled = client.ccmessaging().poll(&PollRequest::new("user_1", "WEB")).await.expect("polled");
    assert_eq!(polled.downlink_messages, Some(vec![reply]));
    let again = client.ccmessaging().poll(&PollRequest::new("user_1", "WEB").is_need_read(true)).await;
    assert_eq!(again.expect("polled").downlink_messages, Some(vec![]), "handed over once");
    let prepared = client.prepare::<ccapi_models::ccmessaging::Poll>(&PollRequest::new("user 1", "WEB")).unwrap();
    assert_eq!(prepared.method, "GET");
    assert!(prepared.url.ends_with("/apiaccess/ccmessaging/poll?receiverId=user%201&channel=WEB"), "{}", prepared.url);
    assert!(!prepared.headers.iter().any(|(n, _)| n == "content-type"), "a GET has no body");
    // Another receiver's token is refused.
    let other = client.ccmessaging().poll(&PollRequest::new("user_2", "WEB")).await.unwrap_err();
    assert!(matches!(&other, Error::Vendor(v) if v.status == 401), "{other:?}");
    fake.stop().await;
}
