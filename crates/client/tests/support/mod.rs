//! What the client's test binaries share: the fake, a client for it, and sample requests.

#![allow(dead_code)] // each test binary uses its own part

use std::time::Duration;

use ccapi_client::{CcmCredentials, Client, Endpoint, RetryPolicy, TencentCredentials};
use ccapi_fake::{FakeConfig, FakeServer};
use ccapi_models::ccmessaging::{ControlType, MediaType, SendRequest, SourceType};

/// A seeded Desk session in state Chatbot, without history.
pub const SESSION: &str = "fd8a2e30-54de-4e40-bcaf-02718409c5cf";
/// A seeded Desk session with 26 messages of history.
pub const HISTORY_SESSION: &str = "b0f4ca12-4850-4218-a284-efe679a87066";

/// Short retries, so that tests of the retry bound are quick.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy { max_attempts: 3, initial_backoff: Duration::from_millis(5), max_backoff: Duration::from_millis(20) }
}

/// A fake with the default configuration.
pub async fn fake() -> FakeServer {
    FakeServer::start(FakeConfig::default()).await.expect("fake starts")
}

/// A client with the fake's credentials for every family.
pub fn client_for(fake: &FakeServer) -> Client {
    let c = fake.config();
    Client::builder()
        .tencent(TencentCredentials::new(c.sdkappid, c.identifier.clone(), c.secret_key.clone()))
        .endpoint(Endpoint::Custom(fake.base_url()))
        .ccmessaging(CcmCredentials::app_key(c.app_key.clone(), c.app_secret.clone()))
        .ccmessaging_endpoint(fake.base_url())
        .retry(fast_retries())
        .timeout(Duration::from_secs(2))
        .build()
        .expect("client")
}

/// A ccmessaging chat message from `from`.
pub fn ccm_message(from: &str, text: &str) -> SendRequest {
    SendRequest::new("WEB", ControlType::Chat, from, MediaType::Text, SourceType::Customer, "1011577355744904195")
        .content(text)
}
