//! `RedisDedupStore` against a real Redis: concurrent duplicate deliveries across connections,
//! TTL expiry, forget, Redis down (an error, so the receiver answers 503), and two receivers of a
//! fleet sharing one Redis.

use std::sync::Arc;
use std::time::{Duration, Instant};

use ccapi_receiver::{DedupStore, Delivery, Inbound, Outcome, RawEvent, Receiver, ReceiverConfig, Reply};
use ccapi_runtime::redis::{RedisConnection, RedisDedupStore};
use tokio::sync::mpsc;

use crate::server::{RedisServer, free_port};

fn store(server: &RedisServer) -> RedisDedupStore {
    RedisDedupStore::new(RedisConnection::open(&server.url()).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_concurrent_duplicates_on_separate_connections_exactly_one_is_new() {
    let server = RedisServer::start();
    let stores: Vec<_> = (0..4).map(|_| Arc::new(store(&server))).collect();
    for key in ["Bot.OnC2CMessage:MsgKey:1_2_3", "Desk.SessionEventNotify:RequestID:r1"] {
        let calls: Vec<_> = (0..40)
            .map(|i| {
                let s = Arc::clone(&stores[i % stores.len()]);
                tokio::spawn(async move { s.first_seen(key, Duration::from_secs(60)).await.unwrap() })
            })
            .collect();
        let mut new = 0;
        for c in calls {
            new += usize::from(c.await.unwrap());
        }
        assert_eq!(new, 1, "{key}: one of 40 concurrent deliveries is new");
    }
}

#[tokio::test]
async fn a_key_is_new_again_when_its_time_is_up_or_it_is_forgotten() {
    let server = RedisServer::start();
    let (a, b) = (store(&server), store(&server));
    let ttl = Duration::from_millis(300);
    let start = Instant::now();
    assert!(a.first_seen("k", ttl).await.unwrap());
    assert!(!b.first_seen("k", ttl).await.unwrap(), "the other host has seen it");
    // Redis expires it after 300 ms: poll until it is new again (generously bounded).
    while !b.first_seen("k", ttl).await.unwrap() {
        assert!(start.elapsed() < Duration::from_secs(5), "the key never expired");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(start.elapsed() >= Duration::from_millis(250), "expired after {:?}, before its TTL", start.elapsed());

    let long = Duration::from_secs(60);
    assert!(a.first_seen("f", long).await.unwrap());
    assert!(!a.first_seen("f", long).await.unwrap());
    b.forget("f").await.unwrap();
    assert!(a.first_seen("f", long).await.unwrap(), "forgotten by one host, new for the other");
    // Prefixes separate what receivers share.
    let other = store(&server).with_prefix("ccapi:dedup:1400000001:");
    assert!(other.first_seen("f", long).await.unwrap());
}

#[tokio::test]
async fn with_redis_down_the_store_errs_within_the_bound_and_the_receiver_answers_503() {
    let url = format!("redis://:hunter2@127.0.0.1:{}/0", free_port());
    let store = RedisDedupStore::new(RedisConnection::open(&url).unwrap());
    let start = Instant::now();
    let error = store.first_seen("k", Duration::from_secs(60)).await.unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(1), "{:?}", start.elapsed());
    assert!(error.contains("Redis"), "{error}");
    let shown = format!("{error} {store:?} {:?}", store.forget("k").await.unwrap_err());
    assert!(!shown.contains("hunter2"), "the password shows: {shown}");

    let receiver =
        Receiver::with_dedup(ReceiverConfig::new(APP), |_d: Delivery<RawEvent>| async { Reply::ok() }, store);
    let answer = receiver.answer(&c2c("1_2_3")).await;
    assert_eq!(answer.status, 503, "{}", String::from_utf8_lossy(&answer.body));
}

const APP: &str = "1400000000";

fn c2c(msg_key: &str) -> Inbound {
    let body = serde_json::json!({"CallbackCommand": "Bot.OnC2CMessage", "MsgKey": msg_key, "From_Account": "jared"});
    Inbound::post(format!("SdkAppid={APP}&CallbackCommand=Bot.OnC2CMessage"), body.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_receivers_sharing_one_redis_handle_each_delivery_once() {
    let server = RedisServer::start();
    let (tx, mut handled) = mpsc::unbounded_channel();
    let host = |tx: mpsc::UnboundedSender<String>| {
        Arc::new(Receiver::with_dedup(
            ReceiverConfig::new(APP),
            move |d: Delivery<RawEvent>| {
                let tx = tx.clone();
                async move {
                    let _ = tx.send(d.key);
                    Reply::ok()
                }
            },
            store(&server),
        ))
    };
    let (one, two) = (host(tx.clone()), host(tx));
    for n in 0..10 {
        let inbound = c2c(&format!("1_2_{n}"));
        let (a, b) = tokio::join!(one.receive(&inbound), two.receive(&inbound));
        let mut outcomes = [a.unwrap().outcome, b.unwrap().outcome];
        outcomes.sort_by_key(|o| *o == Outcome::Duplicate);
        assert_eq!(outcomes, [Outcome::Queued, Outcome::Duplicate], "delivery {n}");
    }
    let mut keys = Vec::new();
    while keys.len() < 10 {
        let key = tokio::time::timeout(Duration::from_secs(5), handled.recv()).await.expect("handled").unwrap();
        keys.push(key);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(handled.try_recv().is_err(), "a delivery was handled twice");
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 10);
}
