//! A fleet sharing one app's 200 calls/s through Redis: several processes of this binary, each
//! with many conversations, against one fake that refuses calls over the limit.
//!
//! The parent starts a real `redis-server` (127.0.0.1, a free port, a temporary directory) and
//! the fake (`enforce_rate_limit`: code 60011 over 200 calls/s per app), then runs
//! `CCAPI_BENCH_PROCESSES` copies of itself as workers. Each worker is one client with a
//! `RedisRateLimiter` (fleet size = the number of workers) and `CCAPI_BENCH_CONVERSATIONS`
//! conversations that each stream `CCAPI_BENCH_MESSAGES` answers of `CCAPI_BENCH_TOKENS` tokens
//! (one every 10-20 ms, 1-3 s between answers), all starting at the same instant. Workers
//! print one line per answer; the parent joins them with what the fake recorded.
//!
//! Reported: calls the fake refused (goal 0), the busiest second at the fake across the fleet
//! (goal at most 200), the total time against the ideal (every answer in one call at 200
//! calls/s: answers / 200 s), time to first token (median, p99).
//!
//! `cargo bench -p ccapi-client --bench fleet` (needs `redis-server` on `PATH`).
//! `CCAPI_BENCH_QUICK=1`: 3 processes of 50 conversations; default 4 of 250.

mod common;
#[path = "../../runtime/tests/redis/server.rs"]
#[allow(dead_code)] // the tests' helper: restarting is theirs
mod server;

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ccapi_client::redis::{RedisConnection, RedisRateLimiter};
use ccapi_client::{Client, Endpoint, StreamOptions, TencentCredentials};
use ccapi_fake::{FakeConfig, FakeServer, paths};
use ccapi_models::chatbot;
use common::{env_usize, spread};

/// The chatbot's documented limit (calls per second per app).
const LIMIT: usize = 200;
fn unix_micros(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_micros() as u64)
}

/// Settings passed from the parent to its workers.
struct Load {
    processes: usize,
    conversations: usize,
    messages: usize,
    tokens: usize,
}

impl Load {
    fn from_env() -> Self {
        let quick = std::env::var("CCAPI_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0");
        Self {
            processes: env_usize("CCAPI_BENCH_PROCESSES", if quick { 3 } else { 4 }).max(1),
            conversations: env_usize("CCAPI_BENCH_CONVERSATIONS", if quick { 50 } else { 250 }).max(1),
            messages: env_usize("CCAPI_BENCH_MESSAGES", 2).max(1),
            tokens: env_usize("CCAPI_BENCH_TOKENS", 200).max(1),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The worker: one process of the fleet.

/// Runs the conversations of worker `index` and prints `index message began_us msg_key chars
/// error` per answer (`-` for none).
fn worker(load: &Load) {
    let index = env_usize("CCAPI_BENCH_WORKER", 0);
    let fake_url = std::env::var("CCAPI_BENCH_FAKE").expect("CCAPI_BENCH_FAKE");
    let redis_url = std::env::var("CCAPI_REDIS_URL").expect("CCAPI_REDIS_URL");
    let (sdkappid, identifier, key) = (
        env_usize("CCAPI_BENCH_SDKAPPID", 0) as u64,
        std::env::var("CCAPI_BENCH_IDENTIFIER").expect("identifier"),
        std::env::var("CCAPI_BENCH_KEY").expect("key"),
    );
    let go = UNIX_EPOCH + Duration::from_micros(env_usize("CCAPI_BENCH_GO_US", 0) as u64);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    let lines = runtime.block_on(async {
        let redis = RedisConnection::open(&redis_url).expect("redis url");
        let limiter = RedisRateLimiter::new(redis, load.processes as u32);
        let client = Client::builder()
            .tencent(TencentCredentials::new(sdkappid, identifier, key))
            .endpoint(Endpoint::Custom(fake_url))
            .rate_limiter(Arc::new(limiter))
            .build()
            .expect("client");
        if let Ok(wait) = go.duration_since(SystemTime::now()) {
            tokio::time::sleep(wait).await;
        }
        let tasks: Vec<_> = (0..load.conversations)
            .map(|c| {
                let client = client.clone();
                let (messages, tokens) = (load.messages, load.tokens);
                tokio::spawn(async move { conversation(client, format!("user{index}-{c}"), messages, tokens).await })
            })
            .collect();
        let mut lines = Vec::new();
        for t in tasks {
            lines.extend(t.await.expect("conversation"));
        }
        lines
    });
    let mut out = std::io::stdout().lock();
    for line in lines {
        writeln!(out, "{line}").expect("stdout");
    }
}

async fn conversation(client: Client, user: String, messages: usize, tokens: usize) -> Vec<String> {
    let template = chatbot::SendStreamMsgRequest::new("@RBT#fleet", user, "");
    let mut out = Vec::new();
    for index in 0..messages {
        if index > 0 {
            tokio::time::sleep(Duration::from_millis(fastrand::u64(1000..3000))).await;
        }
        let (source, chars) = common::answer(tokens);
        let began = unix_micros(SystemTime::now());
        let result = client.chatbot().send_stream_msg_from_stream(&template, source, StreamOptions::default()).await;
        let (key, error) = match result {
            Ok(o) => (o.msg_key, None),
            Err(e) => (e.msg_key.clone(), Some(e.to_string().replace(char::is_whitespace, "_"))),
        };
        out.push(format!(
            "{index} {began} {} {chars} {}",
            key.as_deref().unwrap_or("-"),
            error.as_deref().unwrap_or("-")
        ));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The parent: Redis, the fake, the workers, the report.

fn row(label: &str, value: impl std::fmt::Display) {
    println!("  {label:<52} {value}");
}

fn parent(load: &Load) {
    let redis = server::RedisServer::start();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    let fake = runtime
        .block_on(FakeServer::start(FakeConfig { enforce_rate_limit: true, ..FakeConfig::default() }))
        .expect("fake");
    let cfg = fake.config().clone();
    println!(
        "fleet: {} processes x {} conversations x {} answers of {} tokens, one app at {LIMIT} calls/s, Redis on {}",
        load.processes,
        load.conversations,
        load.messages,
        load.tokens,
        redis.url()
    );
    // The instant every worker starts, far enough ahead for them all to be up.
    let (now_sys, now) = (SystemTime::now(), Instant::now());
    let go = now_sys + Duration::from_secs(2);
    let exe = std::env::current_exe().expect("this bench's path");
    let children: Vec<_> = (0..load.processes)
        .map(|i| {
            Command::new(&exe)
                .env("CCAPI_BENCH_WORKER", i.to_string())
                .env("CCAPI_BENCH_FAKE", fake.base_url())
                .env("CCAPI_REDIS_URL", redis.url())
                .env("CCAPI_BENCH_SDKAPPID", cfg.sdkappid.to_string())
                .env("CCAPI_BENCH_IDENTIFIER", &cfg.identifier)
                .env("CCAPI_BENCH_KEY", &cfg.secret_key)
                .env("CCAPI_BENCH_GO_US", unix_micros(go).to_string())
                .env("CCAPI_BENCH_PROCESSES", load.processes.to_string())
                .env("CCAPI_BENCH_CONVERSATIONS", load.conversations.to_string())
                .env("CCAPI_BENCH_MESSAGES", load.messages.to_string())
                .env("CCAPI_BENCH_TOKENS", load.tokens.to_string())
                .stdout(Stdio::piped())
                .spawn()
                .expect("a worker")
        })
        .collect();
    let outputs: Vec<_> = children.into_iter().map(|c| c.wait_with_output().expect("worker output")).collect();
    let go_instant = now + go.duration_since(now_sys).unwrap_or_default();
    let wall = go_instant.elapsed().as_secs_f64();

    let (mut first, mut later, mut errors, mut answers, mut lost) =
        (Vec::new(), Vec::new(), Vec::new(), 0usize, 0usize);
    for (i, out) in outputs.iter().enumerate() {
        if !out.status.success() {
            errors.push(format!("worker {i} exited with {}", out.status));
        }
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let parts: Vec<&str> = line.split(' ').collect();
            let [index, began, key, _chars, error] = parts[..] else { continue };
            answers += 1;
            if error != "-" {
                errors.push(format!("worker {i}: {error}"));
            }
            let began = UNIX_EPOCH + Duration::from_micros(began.parse().unwrap_or(0));
            let Some(message) = (key != "-").then(|| fake.stream_message(key)).flatten() else {
                lost += 1;
                continue;
            };
            // The fake's instant, on the system clock the workers used.
            let started = now_sys + message.started.saturating_duration_since(now);
            let ttft = started.duration_since(began).unwrap_or_default().as_secs_f64();
            if index == "0" { first.push(ttft) } else { later.push(ttft) }
        }
    }
    let records = fake.calls(paths::CHATBOT_SEND_STREAM_MSG);
    let refused = records.iter().filter(|c| c.code != Some(0)).count();
    let busiest = fake.max_calls_within(paths::CHATBOT_SEND_STREAM_MSG, Duration::from_secs(1));
    let ideal = answers as f64 / LIMIT as f64;
    println!();
    row("answers streamed", answers);
    row("calls received by the fake", records.len());
    row("calls refused by the fake (goal 0)", refused);
    row(&format!("busiest second at the fake (goal <= {LIMIT})"), busiest);
    row("total time", format!("{wall:.2} s"));
    row("ideal (every answer in one call at 200/s)", format!("{ideal:.2} s"));
    row("total time / ideal", format!("{:.2}x", wall / ideal));
    row("time to first token, first answers", spread(first));
    row("time to first token, later answers", spread(later));
    row("answers the fake does not know (no MsgKey)", lost);
    row("errors", errors.len());
    for e in errors.iter().take(5) {
        row("", e);
    }
    runtime.block_on(fake.stop());
}

fn main() {
    let load = Load::from_env();
    if std::env::var_os("CCAPI_BENCH_WORKER").is_some() {
        worker(&load);
    } else {
        parent(&load);
    }
}
