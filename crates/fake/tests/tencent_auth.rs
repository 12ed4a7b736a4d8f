//! The Tencent query-string conventions: parameters, SDKAppID, UserSig, random.

mod common;

use ccapi_fake::{FakeConfig, FakeServer, paths};
use ccapi_usersig::{SecretKey, sign};
use common::{assert_fail, assert_ok, post_json};
use serde_json::json;

const PATH: &str = paths::DESK_GET_SESSION_STATE;

fn body() -> serde_json::Value {
    json!({"SessionId": "a-b-c-d-e"})
}

/// Calls with this query string and returns the answer.
async fn call(fake: &FakeServer, query: &str) -> serde_json::Value {
    let response = post_json(fake.addr(), &format!("{PATH}?{query}"), &[], &body()).await.unwrap();
    assert_eq!(response.status, 200, "the Tencent APIs answer 200 even on failure");
    response.json()
}

#[tokio::test]
async fn usersig_and_query_failures_map_to_the_common_codes() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let config = fake.config().clone();
    let key = SecretKey::new(config.secret_key.clone());
    let app = config.sdkappid;
    let admin = config.identifier.as_str();
    let now = ccapi_usersig::now();
    let good = fake.usersig();
    let q = |sdkappid: &str, identifier: &str, usersig: &str| {
        format!("sdkappid={sdkappid}&identifier={identifier}&usersig={usersig}&random=1&contenttype=json")
    };
    let app_s = app.to_string();

    assert_ok(&call(&fake, &q(&app_s, admin, &good)).await);

    let cases: Vec<(String, i64, &str)> = vec![
        (
            format!("identifier={admin}&usersig={good}&random=1&contenttype=json"),
            60012,
            "SDKAppID is required when calling the RESTful API. Check the SDKAppID in the request URL.",
        ),
        (
            format!("sdkappid={app}&usersig={good}&random=1&contenttype=json"),
            60002,
            "An error occurred when parsing the HTTP request. Check the format of the HTTP request URL.",
        ),
        (format!("sdkappid={app}&identifier={admin}&random=1&contenttype=json"), 60002, ""),
        (format!("sdkappid={app}&identifier={admin}&usersig={good}&contenttype=json"), 60002, ""),
        (format!("sdkappid={app}&identifier={admin}&usersig={good}&random=1"), 60002, ""),
        (format!("sdkappid={app}&identifier={admin}&usersig={good}&random=1&contenttype=xml"), 60002, ""),
        (format!("sdkappid={app}&identifier={admin}&usersig={good}&random=4294967296&contenttype=json"), 60002, ""),
        (q("abc", admin, &good), 60002, ""),
        (q("1400000001", admin, &good), 60006, "Invalid SDKAppID. Check the validity of the SDKAppID."),
        (
            q(&app_s, admin, ""),
            70002,
            "The value of UserSig is 0 bytes. Check whether the passed-in UserSig is correct.",
        ),
        (q(&app_s, admin, "not-a-usersig"), 70003, ""),
        (q(&app_s, admin, &sign(app, admin, &key, now - 1000, 10)), 70001, ""),
        (q(&app_s, admin, &sign(app, admin, &SecretKey::new("another key"), now, 600)), 70009, ""),
        (q(&app_s, admin, &sign(app, "someone", &key, now, 600)), 70013, ""),
        (q(&app_s, admin, &sign(1_400_000_001, admin, &key, now, 600)), 70014, ""),
        // A valid UserSig, but not for the admin account.
        (
            q(&app_s, "someone", &sign(app, "someone", &key, now, 600)),
            60010,
            "Set the `UserID` field of the RESTful API request to the admin account of the app.",
        ),
    ];
    for (query, code, info) in cases {
        let answer = call(&fake, &query).await;
        let got = assert_fail(&answer, code);
        if !info.is_empty() {
            assert_eq!(got, info, "{query}");
        }
        assert!(!got.is_empty(), "{query}: ErrorInfo is the table's description");
    }
}

#[tokio::test]
async fn every_random_is_recorded() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    for random in [5_u32, 4_294_967_295, 5] {
        let target = common::tencent_target(&fake, PATH, random);
        assert_ok(&post_json(fake.addr(), &target, &[], &body()).await.unwrap().json());
    }
    // A failing call is recorded too, without a random when it has none.
    call(&fake, "sdkappid=1").await;
    let calls = fake.calls(PATH);
    let randoms: Vec<Option<u32>> = calls.iter().map(|c| c.random).collect();
    assert_eq!(randoms, [Some(5), Some(4_294_967_295), Some(5), None]);
    assert!(calls.windows(2).all(|w| w[0].at <= w[1].at));
    assert_eq!(calls[0].status, Some(200));
    assert_eq!(calls[0].code, Some(0));
    assert_eq!(calls[3].code, Some(60002));
    // Without the leading slash too.
    assert_eq!(fake.calls(&PATH[1..]).len(), 4);
}

#[tokio::test]
async fn a_configured_app_and_key_are_used() {
    let config = FakeConfig {
        sdkappid: 88_888_888,
        identifier: "admin".into(),
        secret_key: "k".into(),
        ..FakeConfig::default()
    };
    assert!(!format!("{config:?}").contains("\"k\""), "Debug hides the key");
    let fake = FakeServer::start(config).await.unwrap();
    let usersig = sign(88_888_888, "admin", &SecretKey::new("k"), ccapi_usersig::now(), 60);
    let answer =
        call(&fake, &format!("sdkappid=88888888&identifier=admin&usersig={usersig}&random=9&contenttype=json")).await;
    assert_ok(&answer);
}
