//! `RedisRateLimiter` against a real Redis: a fleet of limiters on separate connections sharing
//! one budget, Redis killed and restarted mid-run, Redis unreachable or silent from the start.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ccapi_runtime::redis::{RedisConnection, RedisRateLimiter};
use ccapi_runtime::{Quota, RateLimiter};

use crate::server::{RedisServer, free_port};

const KEY: &str = "1400000000/chatbot.send_stream_msg";

/// The most grants within any one second.
fn busiest_second(times: &[Instant]) -> usize {
    let mut times = times.to_vec();
    times.sort();
    (0..times.len())
        .map(|i| times[i..].iter().take_while(|t| **t < times[i] + Duration::from_secs(1)).count())
        .max()
        .unwrap_or(0)
}

/// Grants `limiter` gives `tasks` concurrent callers (one key, `per_second`) until `until`, with
/// the instant of each.
async fn grants(limiter: Arc<RedisRateLimiter>, tasks: usize, per_second: u32, until: Instant) -> Vec<Instant> {
    let times = Arc::new(Mutex::new(Vec::new()));
    let handles: Vec<_> = (0..tasks)
        .map(|_| {
            let (limiter, times) = (Arc::clone(&limiter), Arc::clone(&times));
            tokio::spawn(async move {
                while Instant::now() < until {
                    limiter.acquire(Quota { key: KEY, per_second }).await;
                    times.lock().unwrap().push(Instant::now());
                }
            })
        })
        .collect();
    for h in handles {
        h.await.unwrap();
    }
    let mut times = std::mem::take(&mut *times.lock().unwrap());
    times.retain(|t| *t < until);
    times
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fleet_of_limiters_on_separate_connections_stays_within_one_budget() {
    let server = RedisServer::start();
    let per_second = 40;
    // Four "processes", each with its own connection and three callers. A headroom of 20% (not
    // the default 5%) absorbs a loaded test machine's late timer wake-ups, which bunch grants.
    let limiters: Vec<_> = (0..4)
        .map(|_| Arc::new(RedisRateLimiter::new(RedisConnection::open(&server.url()).unwrap(), 4).with_headroom(0.2)))
        .collect();
    let until = Instant::now() + Duration::from_millis(2200);
    let runs: Vec<_> = limiters.iter().map(|l| tokio::spawn(grants(Arc::clone(l), 3, per_second, until))).collect();
    let mut all = Vec::new();
    let mut each = Vec::new();
    for r in runs {
        let times = r.await.unwrap();
        each.push(times.len());
        all.extend(times);
    }
    let busiest = busiest_second(&all);
    // 32 calls/s across the fleet (40 less 20%); each process alone would have taken 32.
    assert!(busiest <= per_second as usize, "{busiest} grants in one second across the fleet (limit {per_second})");
    assert!(busiest >= 26, "the fleet used the budget: {busiest} grants in its busiest second (ideal 32)");
    assert!(each.iter().all(|n| *n > 0), "every process got slots: {each:?}");
    assert!(limiters.iter().all(|l| !l.on_fallback()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_restarted_mid_run_the_limiter_takes_its_share_then_shares_the_budget_again() {
    let mut server = RedisServer::start();
    let per_second = 100;
    let limiter = Arc::new(
        RedisRateLimiter::new(RedisConnection::open(&server.url()).unwrap(), 4)
            .retry_after(Duration::from_millis(50), Duration::from_millis(200)),
    );
    let before = grants(Arc::clone(&limiter), 2, per_second, Instant::now() + Duration::from_millis(500)).await;
    assert!(!limiter.on_fallback());
    assert!(before.len() >= 30, "through Redis at 95/s: {} grants in 0.5 s", before.len());

    server.kill();
    let down = grants(Arc::clone(&limiter), 2, per_second, Instant::now() + Duration::from_millis(1000)).await;
    assert!(limiter.on_fallback(), "Redis is down: the local share applies");
    // A quarter of 95/s: about 24 in the second Redis was down (plus the calls that found out).
    assert!((8..=30).contains(&down.len()), "{} grants in the second Redis was down (share ~24/s)", down.len());

    server.restart();
    let deadline = Instant::now() + Duration::from_secs(5);
    while limiter.on_fallback() && Instant::now() < deadline {
        limiter.acquire(Quota { key: KEY, per_second }).await;
    }
    assert!(!limiter.on_fallback(), "the limiter uses Redis again once it answers");
    let after = grants(Arc::clone(&limiter), 2, per_second, Instant::now() + Duration::from_millis(500)).await;
    assert!(after.len() >= 30, "through Redis again at 95/s, not the share: {} grants in 0.5 s", after.len());
    let mut check = redis::Client::open(server.url()).unwrap().get_connection().unwrap();
    let tat: Option<String> =
        redis::cmd("GET").arg(format!("{}{KEY}", RedisRateLimiter::DEFAULT_PREFIX)).query(&mut check).unwrap();
    assert!(tat.is_some(), "the restarted Redis holds the key's next slot");
}

#[tokio::test]
async fn redis_unreachable_at_start_each_call_waits_at_most_the_bound_then_takes_the_share() {
    // Nothing listens: the connection is refused at once.
    let refused = RedisConnection::open(&format!("redis://127.0.0.1:{}/0", free_port())).unwrap();
    // A socket that listens and never answers (the kernel completes the handshake): each round
    // trip runs into the timeout.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_url = format!("redis://127.0.0.1:{}/0", listener.local_addr().unwrap().port());
    let silent = RedisConnection::open(&silent_url).unwrap().with_timeout(Duration::from_millis(150));
    for redis in [refused, silent] {
        let bound = redis.timeout();
        let limiter = RedisRateLimiter::new(redis, 5).retry_after(Duration::from_secs(10), Duration::from_secs(10));
        let start = Instant::now();
        limiter.acquire(Quota { key: KEY, per_second: 50 }).await;
        let first = start.elapsed();
        assert!(first < bound + Duration::from_millis(500), "the first call waited {first:?} (bound {bound:?})");
        assert!(limiter.on_fallback());
        // The share: 50/s less 5%, over 5 processes, is 9.5/s; 5 more calls take 4 intervals or more.
        let start = Instant::now();
        for _ in 0..5 {
            limiter.acquire(Quota { key: KEY, per_second: 50 }).await;
        }
        let took = start.elapsed();
        assert!(took >= Duration::from_millis(400), "5 calls in {took:?}: the share is 9.5/s");
        assert!(took < Duration::from_millis(1500), "5 calls in {took:?}: no round trip to Redis while it is down");
    }
    drop(listener);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_call_goes_ahead_of_the_follow_ups_this_process_has_queued() {
    use ccapi_runtime::Priority;
    let server = RedisServer::start();
    let limiter = Arc::new(RedisRateLimiter::new(RedisConnection::open(&server.url()).unwrap(), 1).with_headroom(0.0));
    // 10 calls/s: 100 ms apart, so that the order is not a matter of scheduling.
    let quota = Quota { key: KEY, per_second: 10 };
    let order = Arc::new(Mutex::new(Vec::new()));
    let start = |label: &'static str, priority| {
        let (limiter, order) = (Arc::clone(&limiter), Arc::clone(&order));
        tokio::spawn(async move {
            limiter.acquire_with(quota, priority).await;
            order.lock().unwrap().push(label);
        })
    };
    let mut tasks = Vec::new();
    for label in ["n0", "n1", "n2", "n3"] {
        tasks.push(start(label, Priority::Normal));
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tasks.push(start("first", Priority::First));
    for t in tasks {
        t.await.unwrap();
    }
    // n0 took the slot that was free at once; the first call takes the next one.
    assert_eq!(*order.lock().unwrap(), ["n0", "first", "n1", "n2", "n3"]);
}
