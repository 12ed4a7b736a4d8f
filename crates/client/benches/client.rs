//! The client against the loopback fake, reported as ratios against a baseline measured in the
//! same process:
//!
//! 1. overhead per call: `desk.get_session_state` through the client vs the same request made
//!    with a bare `reqwest::Client` (same body, same query string shape, a precomputed UserSig),
//!    sequential and with 16 concurrent tasks, interleaved in rounds (A B, B A, ...);
//! 2. the streaming helper: many conversations, each streaming a synthetic LLM answer through
//!    `chatbot.send_stream_msg_from_stream` on one client held to the chatbot's 200 calls/s,
//!    against naive one-call-per-token streaming.
//!
//! `cargo bench -p ccapi-client --bench client`. Environment:
//! - `CCAPI_BENCH_QUICK=1`: a run of seconds (fewer calls, 100 conversations, short answers);
//! - `CCAPI_BENCH_CALLS`: calls per variant in part 1 (default 2000, quick 400);
//! - `CCAPI_BENCH_ROUNDS`: interleaved rounds in part 1 (default 10);
//! - `CCAPI_BENCH_CONVERSATIONS`, `CCAPI_BENCH_TOKENS`: part 2's size (default 1000 x 200, quick
//!   100 x 50);
//! - `CCAPI_BENCH_CHANNEL`: the capacity, in tokens, of each producer's bounded channel (default
//!   32): the helper does not read the source while a call waits for the limiter, so this bounds
//!   what can be coalesced into one call;
//! - `CCAPI_BENCH_ENFORCE=1`: the fake refuses chatbot calls over 200/s (code 60011) instead of
//!   only recording them.
//!
//! The default `LocalRateLimiter` keeps a 5% headroom below the documented limit, so part 2
//! should show about 190 calls/s.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ccapi_client::{Client, Endpoint, StreamOptions, TencentCredentials};
use ccapi_fake::{FakeConfig, FakeServer, paths};
use ccapi_models::{chatbot, desk};
use futures_util::stream;

const SESSION: &str = "fd8a2e30-54de-4e40-bcaf-02718409c5cf";
const CONCURRENCY: usize = 16;
/// The chatbot's documented limit (calls per second per app).
const LIMIT: usize = 200;
/// Short pieces of text a model might emit, some of them multi-byte.
const VOCAB: &[&str] =
    &[" the", " cat", " sat", " on", " mat", "ing", " and", " to", ", ", ". ", " é", " naïve", " 日本", " 🙂", " data"];

fn env_usize(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => v.trim().parse().unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
        Err(_) => default,
    }
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Percent-encodes a query value as the client does (RFC 3986 unreserved characters stay).
fn encode_query(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `p`-th percentile (0..=100) of sorted values.
fn percentile<T: Copy>(sorted: &[T], p: f64) -> T {
    let i = ((sorted.len() - 1) as f64 * p / 100.0).round() as usize;
    sorted[i]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn row(label: &str, value: impl std::fmt::Display) {
    println!("  {label:<58} {value}");
}

// ---------------------------------------------------------------------------------------------
// Part 1: overhead per call.

/// The same request made by hand: precomputed body and UserSig, fresh `random`.
struct Bare {
    http: reqwest::Client,
    url_prefix: String,
    body: Vec<u8>,
}

impl Bare {
    async fn call(&self) {
        let url = format!("{}&random={}&contenttype=json", self.url_prefix, fastrand::u32(..));
        let response = self
            .http
            .post(url)
            .header("content-type", "application/json")
            .body(self.body.clone())
            .send()
            .await
            .expect("bare request sent");
        assert_eq!(response.status().as_u16(), 200);
        let bytes = response.bytes().await.expect("bare answer read");
        let answer: desk::GetSessionStateResponse = serde_json::from_slice(&bytes).expect("bare answer decoded");
        assert_eq!(answer.error_code, 0, "bare call failed: {}", answer.error_info);
    }
}

async fn client_call(client: &Client, request: &desk::GetSessionStateRequest) {
    client.desk().get_session_state(request).await.expect("client call");
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Variant {
    Client,
    Bare,
}

/// Per-call latencies and total wall time of one variant over all rounds.
#[derive(Default)]
struct Samples {
    latencies: Vec<Duration>,
    wall: Duration,
    calls: usize,
}

impl Samples {
    fn median(&mut self) -> Duration {
        self.latencies.sort();
        percentile(&self.latencies, 50.0)
    }

    fn p99(&mut self) -> Duration {
        self.latencies.sort();
        percentile(&self.latencies, 99.0)
    }

    /// Wall time per call (throughput view; with concurrency, not a latency).
    fn per_call_wall(&self) -> Duration {
        self.wall / self.calls as u32
    }
}

/// `calls` calls of one variant spread over `tasks` tasks; returns each call's latency.
async fn run_batch(
    variant: Variant,
    client: &Client,
    bare: &Arc<Bare>,
    request: &desk::GetSessionStateRequest,
    calls: usize,
    tasks: usize,
) -> (Vec<Duration>, Duration) {
    let start = Instant::now();
    if tasks == 1 {
        let mut out = Vec::with_capacity(calls);
        for _ in 0..calls {
            let t = Instant::now();
            match variant {
                Variant::Client => client_call(client, request).await,
                Variant::Bare => bare.call().await,
            }
            out.push(t.elapsed());
        }
        return (out, start.elapsed());
    }
    let mut handles = Vec::with_capacity(tasks);
    for task in 0..tasks {
        let n = calls / tasks + usize::from(task < calls % tasks);
        let client = client.clone();
        let bare = Arc::clone(bare);
        let request = request.clone();
        handles.push(tokio::spawn(async move {
            let mut out = Vec::with_capacity(n);
            for _ in 0..n {
                let t = Instant::now();
                match variant {
                    Variant::Client => client_call(&client, &request).await,
                    Variant::Bare => bare.call().await,
                }
                out.push(t.elapsed());
            }
            out
        }));
    }
    let mut out = Vec::with_capacity(calls);
    for h in handles {
        out.extend(h.await.expect("task"));
    }
    (out, start.elapsed())
}

async fn overhead(fake: &FakeServer, calls: usize, rounds: usize) {
    let cfg = fake.config().clone();
    let client = Client::builder()
        .tencent(TencentCredentials::new(cfg.sdkappid, cfg.identifier.clone(), cfg.secret_key.clone()))
        .endpoint(Endpoint::Custom(fake.base_url()))
        .build()
        .expect("client");
    // The client installs the ring provider when it is built; the bare client gets the same
    // settings as the client's default one.
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(3))
        .pool_idle_timeout(Duration::from_secs(60))
        .build()
        .expect("bare reqwest client");
    let request = desk::GetSessionStateRequest::by_session(SESSION);
    let usersig = fake.usersig();
    let bare = Arc::new(Bare {
        http,
        url_prefix: format!(
            "{}{}?sdkappid={}&identifier={}&usersig={}",
            fake.base_url(),
            paths::DESK_GET_SESSION_STATE,
            cfg.sdkappid,
            encode_query(&cfg.identifier),
            encode_query(&usersig)
        ),
        body: serde_json::to_vec(&request).expect("body"),
    });

    println!("\n== 1. Overhead per call: client vs bare reqwest, desk.get_session_state on loopback ==");
    row("calls per variant and concurrency", calls);
    row("interleaved rounds (A B, B A, ...)", rounds);

    for tasks in [1, CONCURRENCY] {
        // Warm up both (connections, caches, the UserSig).
        run_batch(Variant::Client, &client, &bare, &request, 50.max(tasks * 4), tasks).await;
        run_batch(Variant::Bare, &client, &bare, &request, 50.max(tasks * 4), tasks).await;
        let mut client_samples = Samples::default();
        let mut bare_samples = Samples::default();
        let per_round = (calls / rounds).max(1);
        for round in 0..rounds {
            let order =
                if round % 2 == 0 { [Variant::Client, Variant::Bare] } else { [Variant::Bare, Variant::Client] };
            for variant in order {
                let (lat, wall) = run_batch(variant, &client, &bare, &request, per_round, tasks).await;
                let s = if variant == Variant::Client { &mut client_samples } else { &mut bare_samples };
                s.calls += lat.len();
                s.latencies.extend(lat);
                s.wall += wall;
            }
        }
        let (cm, bm) = (client_samples.median(), bare_samples.median());
        let (cp, bp) = (client_samples.p99(), bare_samples.p99());
        let (cw, bw) = (client_samples.per_call_wall(), bare_samples.per_call_wall());
        println!("\n  -- {tasks} task(s) --");
        println!("  {:<30} {:>14} {:>14} {:>14}", "", "client", "bare reqwest", "client/bare");
        println!(
            "  {:<30} {:>11.1} µs {:>11.1} µs {:>14.3}",
            "median latency per call",
            micros(cm),
            micros(bm),
            micros(cm) / micros(bm)
        );
        println!(
            "  {:<30} {:>11.1} µs {:>11.1} µs {:>14.3}",
            "p99 latency per call",
            micros(cp),
            micros(bp),
            micros(cp) / micros(bp)
        );
        println!(
            "  {:<30} {:>11.1} µs {:>11.1} µs {:>14.3}",
            "wall time / calls",
            micros(cw),
            micros(bw),
            micros(cw) / micros(bw)
        );
        println!(
            "  {:<30} {:>11.0} /s {:>11.0} /s",
            "throughput",
            client_samples.calls as f64 / client_samples.wall.as_secs_f64(),
            bare_samples.calls as f64 / bare_samples.wall.as_secs_f64()
        );
        row("client overhead, median latency (client - bare)", format!("{:+.1} µs/call", micros(cm) - micros(bm)));
        row("client overhead, wall time per call (client - bare)", format!("{:+.1} µs/call", micros(cw) - micros(bw)));
    }
    row("UserSigs signed by the client (all of part 1)", client.usersigs_signed());
    let failed = fake.calls(paths::DESK_GET_SESSION_STATE).iter().filter(|c| c.code != Some(0)).count();
    row("get_session_state calls not answered with code 0", failed);
}

// ---------------------------------------------------------------------------------------------
// Part 2: the streaming helper under the rate limit.

struct Conversation {
    produced: String,
    tokens: usize,
    outcome: Result<ccapi_client::StreamOutcome, String>,
    /// From the start to the helper's return.
    done: Duration,
    /// From the start to when the helper pulled the second token: about when the first call
    /// (the first token alone) was acknowledged.
    first_ack: Option<Duration>,
    /// Time the producer spent blocked on the full channel.
    producer_blocked: Duration,
}

fn answer(conversation: usize, tokens: usize) -> Vec<String> {
    let mut rng = fastrand::Rng::with_seed(conversation as u64);
    (0..tokens).map(|_| VOCAB[rng.usize(..VOCAB.len())].to_string()).collect()
}

async fn conversation(
    client: Client,
    index: usize,
    tokens: usize,
    channel: usize,
    mut go: tokio::sync::watch::Receiver<Option<Instant>>,
) -> Conversation {
    let pieces = answer(index, tokens);
    let produced: String = pieces.concat();
    let (tx, rx) = tokio::sync::mpsc::channel::<String>(channel);
    let blocked = Arc::new(AtomicU64::new(0));
    let producer_blocked = Arc::clone(&blocked);
    // Wait for the common start.
    let start = go.wait_for(Option::is_some).await.expect("start signal").expect("start instant");
    let producer = tokio::spawn(async move {
        let mut rng = fastrand::Rng::with_seed(1_000_000 + index as u64);
        for piece in pieces {
            let t = Instant::now();
            if tx.send(piece).await.is_err() {
                break;
            }
            producer_blocked.fetch_add(t.elapsed().as_micros() as u64, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(rng.u64(10..=20))).await;
        }
    });
    let second_pull = Arc::new(AtomicU64::new(0));
    let recorder = Arc::clone(&second_pull);
    let source = stream::unfold((rx, 0usize), move |(mut rx, n)| {
        let recorder = Arc::clone(&recorder);
        async move {
            let piece = rx.recv().await?;
            if n == 1 {
                recorder.store(start.elapsed().as_micros() as u64, Ordering::Relaxed);
            }
            Some((piece, (rx, n + 1)))
        }
    });
    let template = chatbot::SendStreamMsgRequest::new("@RBT#bench", format!("user{index}"), "");
    let outcome = client
        .chatbot()
        .send_stream_msg_from_stream(&template, source, StreamOptions::default())
        .await
        .map_err(|e| e.to_string());
    let done = start.elapsed();
    let _ = producer.await;
    let first_ack = match second_pull.load(Ordering::Relaxed) {
        0 => None,
        us => Some(Duration::from_micros(us)),
    };
    Conversation {
        produced,
        tokens,
        outcome,
        done,
        first_ack,
        producer_blocked: Duration::from_micros(blocked.load(Ordering::Relaxed)),
    }
}

fn spread(label: &str, mut values: Vec<f64>, unit: &str, decimals: usize) {
    if values.is_empty() {
        row(label, "-");
        return;
    }
    values.sort_by(f64::total_cmp);
    row(
        label,
        format!(
            "min {:.d$} / p50 {:.d$} / p99 {:.d$} / max {:.d$} {unit}",
            values[0],
            percentile(&values, 50.0),
            percentile(&values, 99.0),
            values[values.len() - 1],
            d = decimals
        ),
    );
}

async fn streaming(fake: &FakeServer, conversations: usize, tokens: usize, channel: usize) {
    let cfg = fake.config().clone();
    let client = Client::builder()
        .tencent(TencentCredentials::new(cfg.sdkappid, cfg.identifier.clone(), cfg.secret_key.clone()))
        .endpoint(Endpoint::Custom(fake.base_url()))
        .build()
        .expect("client");
    let options = StreamOptions::default();

    println!("\n== 2. Streaming helper: chatbot.send_stream_msg_from_stream, one client, {LIMIT} calls/s ==");
    row("conversations (all started at once)", conversations);
    row("tokens per answer (a token every 10-20 ms)", tokens);
    row("producer channel capacity (tokens)", channel);
    row(
        "StreamOptions",
        format!("min_interval {:?}, max_chunk_chars {}", options.min_interval, options.max_chunk_chars),
    );
    row("fake enforces the limit (60011)", cfg.enforce_rate_limit);

    let (go, ready) = tokio::sync::watch::channel(None);
    let mut handles = Vec::with_capacity(conversations);
    for i in 0..conversations {
        handles.push(tokio::spawn(conversation(client.clone(), i, tokens, channel, ready.clone())));
    }
    // Let the tasks prepare their answers, then start them together.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let start = Instant::now();
    go.send_replace(Some(start));
    let mut results = Vec::with_capacity(conversations);
    for h in handles {
        results.push(h.await.expect("conversation task"));
    }
    let wall = start.elapsed();

    let records = fake.calls(paths::CHATBOT_SEND_STREAM_MSG);
    let fake_calls = records.len();
    let refused = records.iter().filter(|c| c.code != Some(0)).count();
    let rate_limited = records.iter().filter(|c| c.code == Some(60011)).count();
    let max_1s = fake.max_calls_within(paths::CHATBOT_SEND_STREAM_MSG, Duration::from_secs(1));
    let mut arrivals: Vec<Instant> = records.iter().map(|c| c.at).collect();
    arrivals.sort();
    let gaps: Vec<f64> = arrivals.windows(2).map(|w| w[1].duration_since(w[0]).as_secs_f64() * 1e3).collect();
    let span = match (records.iter().map(|c| c.at).min(), records.iter().map(|c| c.at).max()) {
        (Some(a), Some(b)) => b.duration_since(a),
        _ => Duration::ZERO,
    };

    let total_tokens: usize = results.iter().map(|r| r.tokens).sum();
    let total_chars: usize = results.iter().map(|r| r.produced.chars().count()).sum();
    let mut errors = Vec::new();
    let mut mismatches = Vec::new();
    let mut unfinished = 0;
    let mut helper_calls = 0usize;
    let mut delivered_chars = 0usize;
    let mut chunk_sizes = Vec::new();
    let mut empty_chunks = 0;
    let mut calls_per_conv = Vec::new();
    for (i, r) in results.iter().enumerate() {
        match &r.outcome {
            Err(e) => errors.push(format!("conversation {i}: {e}")),
            Ok(o) => {
                helper_calls += o.calls;
                delivered_chars += o.chars;
                calls_per_conv.push(o.calls as f64);
                let stored = o.msg_key.as_deref().and_then(|k| fake.stream_message(k));
                match stored {
                    None => mismatches.push(format!("conversation {i}: the fake has no message {:?}", o.msg_key)),
                    Some(m) => {
                        if m.text != r.produced {
                            mismatches.push(format!(
                                "conversation {i}: fake has {} chars, produced {}",
                                m.text.chars().count(),
                                r.produced.chars().count()
                            ));
                        }
                        if !m.finished {
                            unfinished += 1;
                        }
                        chunk_sizes.extend(m.chunks.iter().map(|c| c.chars().count() as f64));
                        empty_chunks += m.chunks.iter().filter(|c| c.is_empty()).count();
                    }
                }
            }
        }
    }

    let secs = wall.as_secs_f64();
    let naive_secs = total_tokens as f64 / LIMIT as f64;
    println!();
    row("wall time", format!("{secs:.2} s"));
    row("calls made (helper's count)", helper_calls);
    row("calls received by the fake", fake_calls);
    row(
        "calls/s achieved (calls / wall time)",
        format!(
            "{:.1} ({:.1}% of the documented {LIMIT})",
            fake_calls as f64 / secs,
            100.0 * fake_calls as f64 / secs / LIMIT as f64
        ),
    );
    row(
        "calls/s between the fake's first and last arrival",
        format!("{:.1}", fake_calls.saturating_sub(1) as f64 / span.as_secs_f64().max(1e-9)),
    );
    spread("gap between two arrivals at the fake (ms)", gaps, "ms", 2);
    row("most calls the fake saw within any 1 s (max_calls_within)", format!("{max_1s} (limit {LIMIT})"));
    row("calls the fake refused (code != 0) / of them 60011", format!("{refused} / {rate_limited}"));
    row("characters produced / delivered", format!("{total_chars} / {delivered_chars}"));
    row("characters delivered per second", format!("{:.0}", delivered_chars as f64 / secs));
    row("mean chunk size (chars per call)", format!("{:.1}", delivered_chars as f64 / helper_calls.max(1) as f64));
    spread("chunk size (chars, as the fake stored them)", chunk_sizes, "", 0);
    row("empty chunks (a last call carrying only Finish)", empty_chunks);
    spread("calls per conversation", calls_per_conv, "", 0);
    spread(
        "conversation done after (s)",
        results.iter().filter(|r| r.outcome.is_ok()).map(|r| r.done.as_secs_f64()).collect(),
        "s",
        2,
    );
    spread(
        "first call acknowledged after (s, token 2 pulled)",
        results.iter().filter_map(|r| r.first_ack).map(|d| d.as_secs_f64()).collect(),
        "s",
        2,
    );
    spread(
        "producer blocked on the full channel (s)",
        results.iter().map(|r| r.producer_blocked.as_secs_f64()).collect(),
        "s",
        2,
    );
    row("streaming errors", errors.len());
    for e in errors.iter().take(5) {
        row("", e);
    }
    row("text mismatches (fake's reassembled text != produced)", mismatches.len());
    for m in mismatches.iter().take(5) {
        row("", m);
    }
    row("messages not marked finished on the fake", unfinished);
    println!("\n  -- against naive one-call-per-token streaming at {LIMIT}/s --");
    row("naive calls (one per token)", total_tokens);
    row("calls actually made", helper_calls);
    row(
        "coalescing factor (naive calls / calls made)",
        format!("{:.1}x", total_tokens as f64 / helper_calls.max(1) as f64),
    );
    row("naive time at the limit (tokens / 200 s)", format!("{naive_secs:.1} s"));
    row("wall time", format!("{secs:.2} s"));
    row("speed-up (naive time / wall time)", format!("{:.1}x", naive_secs / secs));
    let verdict = max_1s <= LIMIT + 5 && refused == 0 && errors.is_empty() && mismatches.is_empty() && unfinished == 0;
    row("verdict (limit + 5, no errors, no mismatches)", if verdict { "OK" } else { "PROBLEM" });
}

fn main() {
    let quick = env_flag("CCAPI_BENCH_QUICK");
    let calls = env_usize("CCAPI_BENCH_CALLS", if quick { 400 } else { 2000 });
    let rounds = env_usize("CCAPI_BENCH_ROUNDS", 10).max(1);
    let conversations = env_usize("CCAPI_BENCH_CONVERSATIONS", if quick { 100 } else { 1000 });
    let tokens = env_usize("CCAPI_BENCH_TOKENS", if quick { 50 } else { 200 }).max(1);
    let channel = env_usize("CCAPI_BENCH_CHANNEL", 32).max(1);
    let enforce = env_flag("CCAPI_BENCH_ENFORCE");

    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    runtime.block_on(async {
        println!(
            "ccapi-client bench ({} mode, {} worker threads; client and fake share the runtime)",
            if quick { "quick" } else { "full" },
            std::thread::available_parallelism().map_or(1, |n| n.get())
        );
        let fake = FakeServer::start(FakeConfig::default()).await.expect("fake");
        overhead(&fake, calls, rounds).await;
        fake.stop().await;

        let fake =
            FakeServer::start(FakeConfig { enforce_rate_limit: enforce, ..FakeConfig::default() }).await.expect("fake");
        streaming(&fake, conversations, tokens, channel).await;
        fake.stop().await;
    });
}
