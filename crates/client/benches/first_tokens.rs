//! Time to first token with many conversations starting at once, before and after fair first
//! tokens, in one process against the loopback fake.
//!
//! Each conversation is a bot answering `CCAPI_BENCH_MESSAGES` user messages in turn: it streams
//! each answer (`CCAPI_BENCH_TOKENS` tokens, one every 10-20 ms) through
//! `chatbot.send_stream_msg_from_stream`, then waits 1-3 s for the next user message. Every
//! conversation starts at the same instant and one client is held to the chatbot's 200 calls/s.
//! The time to first token of a message is from the instant the bot starts answering to the
//! instant the fake received the message's first call (`StreamedMessage::started`).
//!
//! Two variants, run one after the other in the same process, against a fresh fake each:
//! - **before**: the default `LocalRateLimiter` behind a wrapper that implements only
//!   `RateLimiter::acquire`, so every call waits in one first-come line (the behaviour before
//!   priorities);
//! - **after**: the default `LocalRateLimiter` itself: first calls of new messages go ahead
//!   (at most 8 in a row while other calls wait).
//!
//! `cargo bench -p ccapi-client --bench first_tokens`. Environment: `CCAPI_BENCH_QUICK=1`
//! (200 conversations), `CCAPI_BENCH_CONVERSATIONS` (default 1000), `CCAPI_BENCH_MESSAGES`
//! (default 3), `CCAPI_BENCH_TOKENS` (default 200: answers of about 3 s, as a model writes them).
//!
//! The first answers of all conversations start together, so their first calls queue behind each
//! other whatever the order (1,000 calls at 190/s take 5.3 s): fairness cannot shorten that.
//! What it changes is everything after: a later answer's first call no longer waits behind the
//! follow-up calls of every running answer.

mod common;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ccapi_client::{Client, Endpoint, LocalRateLimiter, Quota, RateLimiter, StreamOptions, TencentCredentials};
use ccapi_fake::{FakeConfig, FakeServer, paths};
use ccapi_models::chatbot;
use common::{env_usize, percentile, spread};

/// The chatbot's documented limit (calls per second per app).
const LIMIT: usize = 200;
/// The limiter as it was before priorities: one line, first come first served.
struct OneLine(LocalRateLimiter);

impl RateLimiter for OneLine {
    fn acquire<'a>(&'a self, quota: Quota<'a>) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>> {
        self.0.acquire(quota)
    }
}

/// What one message's answer came to: when the bot began it, its message key, and its text.
struct Answered {
    index: usize,
    began: Instant,
    msg_key: Option<String>,
    error: Option<String>,
}

/// One conversation: `messages` answers in turn, each streamed token by token.
async fn conversation(client: Client, id: usize, messages: usize, tokens: usize, go: Instant) -> Vec<Answered> {
    tokio::time::sleep_until(go.into()).await;
    let template = chatbot::SendStreamMsgRequest::new("@RBT#bench", format!("user{id}"), "");
    let mut out = Vec::with_capacity(messages);
    for index in 0..messages {
        if index > 0 {
            tokio::time::sleep(Duration::from_millis(fastrand::u64(1000..3000))).await;
        }
        let (source, _) = common::answer(tokens);
        let began = Instant::now();
        let result = client.chatbot().send_stream_msg_from_stream(&template, source, StreamOptions::default()).await;
        out.push(match result {
            Ok(o) => Answered { index, began, msg_key: o.msg_key, error: None },
            Err(e) => Answered { index, began, msg_key: e.msg_key.clone(), error: Some(e.to_string()) },
        });
    }
    out
}

/// The numbers of one variant.
struct Run {
    first: Vec<f64>,
    later: Vec<f64>,
    wall: f64,
    calls: usize,
    refused: usize,
    busiest: usize,
    errors: usize,
}

async fn run(limiter: Arc<dyn RateLimiter>, conversations: usize, messages: usize, tokens: usize) -> Run {
    let fake = FakeServer::start(FakeConfig { enforce_rate_limit: true, ..FakeConfig::default() }).await.expect("fake");
    let cfg = fake.config().clone();
    let client = Client::builder()
        .tencent(TencentCredentials::new(cfg.sdkappid, cfg.identifier.clone(), cfg.secret_key.clone()))
        .endpoint(Endpoint::Custom(fake.base_url()))
        .rate_limiter(limiter)
        .build()
        .expect("client");
    let go = Instant::now() + Duration::from_millis(300);
    let tasks: Vec<_> =
        (0..conversations).map(|i| tokio::spawn(conversation(client.clone(), i, messages, tokens, go))).collect();
    let mut answered = Vec::new();
    for t in tasks {
        answered.extend(t.await.expect("conversation"));
    }
    let wall = go.elapsed().as_secs_f64();
    let (mut first, mut later, mut errors) = (Vec::new(), Vec::new(), 0);
    for a in &answered {
        if a.error.is_some() {
            errors += 1;
        }
        let Some(started) = a.msg_key.as_deref().and_then(|k| fake.stream_message(k)).map(|m| m.started) else {
            continue;
        };
        let ttft = started.saturating_duration_since(a.began).as_secs_f64();
        if a.index == 0 { first.push(ttft) } else { later.push(ttft) }
    }
    let records = fake.calls(paths::CHATBOT_SEND_STREAM_MSG);
    let run = Run {
        first,
        later,
        wall,
        calls: records.len(),
        refused: records.iter().filter(|c| c.code != Some(0)).count(),
        busiest: fake.max_calls_within(paths::CHATBOT_SEND_STREAM_MSG, Duration::from_secs(1)),
        errors,
    };
    fake.stop().await;
    run
}

fn report(label: &str, r: &Run) {
    println!("\n  -- {label} --");
    println!("  {:<44} {}", "time to first token, first messages", spread(r.first.clone()));
    println!("  {:<44} {}", "time to first token, later messages", spread(r.later.clone()));
    println!("  {:<44} {:.2} s", "wall time", r.wall);
    println!("  {:<44} {} ({} refused by the fake)", "calls", r.calls, r.refused);
    println!("  {:<44} {} (limit {LIMIT})", "busiest second at the fake", r.busiest);
    println!("  {:<44} {}", "streams that failed", r.errors);
}

fn main() {
    let quick = std::env::var("CCAPI_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0");
    let conversations = env_usize("CCAPI_BENCH_CONVERSATIONS", if quick { 200 } else { 1000 });
    let messages = env_usize("CCAPI_BENCH_MESSAGES", 3).max(1);
    let tokens = env_usize("CCAPI_BENCH_TOKENS", 200).max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    runtime.block_on(async {
        println!(
            "time to first token: {conversations} conversations starting at once, {messages} messages each, \
             {tokens} tokens per answer, one client at {LIMIT} calls/s"
        );
        let before = run(Arc::new(OneLine(LocalRateLimiter::new())), conversations, messages, tokens).await;
        report("before: one line, first come first served", &before);
        let after = run(Arc::new(LocalRateLimiter::new()), conversations, messages, tokens).await;
        report("after: first calls of new messages first (LocalRateLimiter)", &after);
        let ratio = |f: fn(&Run) -> &Vec<f64>, p: f64| {
            let (mut a, mut b) = (f(&after).clone(), f(&before).clone());
            a.sort_by(f64::total_cmp);
            b.sort_by(f64::total_cmp);
            percentile(&a, p) / percentile(&b, p)
        };
        println!("\n  -- after / before --");
        println!(
            "  {:<44} p50 {:.3}x, p99 {:.3}x",
            "later messages' time to first token",
            ratio(|r| &r.later, 50.0),
            ratio(|r| &r.later, 99.0)
        );
        println!(
            "  {:<44} p50 {:.3}x, p99 {:.3}x",
            "first messages' time to first token",
            ratio(|r| &r.first, 50.0),
            ratio(|r| &r.first, 99.0)
        );
        println!("  {:<44} {:.3}x", "wall time", after.wall / before.wall);
    });
}
