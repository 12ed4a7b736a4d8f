//! The ccmessaging token flow: app key + secret → access token (tokenByAkSk) → one
//! ccmessaging-token per conversation (applyToken, with the fields the spec's `token_subject`
//! names: userId = the request's `from`, channelId = its `to`), each cached until shortly before
//! it expires.

use std::time::Duration;

use ccapi_models::support::Operation;
use serde::Deserialize;

use crate::auth::{Cached, CcmCredentials};
use crate::client::Client;
use crate::secret::Secret;

/// The path of the access-token call.
pub const TOKEN_BY_AK_SK_PATH: &str = "/apigovernance/api/oauth/tokenByAkSk";
/// The path of the session-token call.
pub const APPLY_TOKEN_PATH: &str = "/apiaccess/ccmessaging/applyToken";
/// The lifetime asked for the access token (`X-Token-Expire`, at most 3600 s).
const ACCESS_TOKEN_SECONDS: u64 = 3600;
/// The documented lifetime of a ccmessaging-token.
const SESSION_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);

#[derive(Deserialize)]
struct AccessTokenResponse {
    #[serde(rename = "AccessToken")]
    access_token: Option<String>,
    #[serde(rename = "Expires")]
    expires: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct ApplyTokenResponse {
    token: Option<String>,
    #[serde(rename = "resultCode")]
    result_code: Option<String>,
    #[serde(rename = "resultDesc")]
    result_desc: Option<String>,
}

/// The subject a request's ccmessaging-token is applied for (from the spec: `userId` = its
/// `from`, `channelId` = its `to`), which is also the token's cache key; an error when the
/// operation names none.
pub(crate) fn subject<O: Operation>(request: &O::Request) -> Result<Subject, String> {
    let parts: Subject = O::token_subject(request).into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    if parts.is_empty() {
        return Err(format!("{} names no token subject, so no ccmessaging-token can be applied for it", O::ID));
    }
    Ok(parts)
}

/// The token request's fields and their values.
pub(crate) type Subject = Vec<(String, String)>;

/// The values of a token-flow call: the access token, the app key and the conversation's token.
pub(crate) struct CcmValues {
    pub(crate) access: Secret,
    pub(crate) app_key: String,
    pub(crate) session: Secret,
}

impl Client {
    /// The token-flow values of a call to the server at `base`, fetching tokens as needed.
    pub(crate) async fn ccm_values(
        &self,
        id: &str,
        subject: &Result<Subject, String>,
        base: &str,
    ) -> Result<CcmValues, String> {
        let ccm = self.inner.ccm.as_ref().ok_or_else(|| format!("{id} needs ccmessaging credentials"))?;
        let (access, session) = match ccm {
            CcmCredentials::Tokens { access_token, ccmessaging_token, .. } => {
                (access_token.clone(), ccmessaging_token.clone())
            }
            CcmCredentials::AppKey { .. } => {
                let access = self.access_token(base).await?;
                let session = self.session_token(base, &access, subject.clone()?).await?;
                (access, session)
            }
        };
        Ok(CcmValues { access, app_key: ccm.key().to_string(), session })
    }

    /// Forgets the tokens a request used, after a 401.
    pub(crate) async fn invalidate_ccm(&self, subject: &Result<Subject, String>) {
        *self.inner.ccm_tokens.access().await = None;
        if let Ok(key) = subject {
            self.inner.ccm_tokens.sessions().await.remove(key);
        }
    }

    async fn access_token(&self, base: &str) -> Result<Secret, String> {
        let mut slot = self.inner.ccm_tokens.access().await;
        if let Some(t) = slot.as_ref().and_then(Cached::fresh) {
            return Ok(t);
        }
        let Some(CcmCredentials::AppKey { app_key, app_secret, .. }) = &self.inner.ccm else {
            return Err("no app key and secret to fetch an access token with".into());
        };
        let body = serde_json::json!({"app_key": app_key, "app_secret": app_secret.expose()});
        let headers = [("x-token-expire", ACCESS_TOKEN_SECONDS.to_string())];
        let parsed: AccessTokenResponse =
            self.token_call(base, "tokenByAkSk", TOKEN_BY_AK_SK_PATH, &headers, body).await?;
        let token = parsed.access_token.ok_or("tokenByAkSk answered no AccessToken")?;
        let seconds = match parsed.expires {
            Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
            Some(serde_json::Value::Number(n)) => n.as_u64(),
            _ => None,
        }
        .unwrap_or(ACCESS_TOKEN_SECONDS)
        .max(1);
        let token = Secret::new(token);
        *slot = Some(Cached::new(token.clone(), Duration::from_secs(seconds)));
        Ok(token)
    }

    async fn session_token(&self, base: &str, access: &Secret, key: Subject) -> Result<Secret, String> {
        let mut sessions = self.inner.ccm_tokens.sessions().await;
        if let Some(t) = sessions.get(&key).and_then(Cached::fresh) {
            return Ok(t);
        }
        let Some(CcmCredentials::AppKey { app_key, locale, .. }) = &self.inner.ccm else {
            return Err("no app key to apply for a ccmessaging-token with".into());
        };
        let mut body = serde_json::Map::new();
        for (k, v) in &key {
            body.insert(k.clone(), serde_json::Value::String(v.clone()));
        }
        // The user's display name: the vendor requires one; the user id serves.
        if let Some(user) = body.get("userId").cloned() {
            body.entry("userName").or_insert(user);
        }
        body.insert("locale".into(), serde_json::Value::String(locale.clone()));
        let body = serde_json::Value::Object(body);
        let headers = [("x-app-key", app_key.clone()), ("authorization", format!("Bearer {}", access.expose()))];
        let parsed: ApplyTokenResponse = self.token_call(base, "applyToken", APPLY_TOKEN_PATH, &headers, body).await?;
        if let Some(code) = parsed.result_code.as_deref().filter(|c| *c != "0") {
            return Err(format!("applyToken answered resultCode {code}: {}", parsed.result_desc.unwrap_or_default()));
        }
        let token = Secret::new(parsed.token.ok_or("applyToken answered no token")?);
        sessions.insert(key, Cached::new(token.clone(), SESSION_TOKEN_LIFETIME));
        Ok(token)
    }
}

impl Client {
    /// POSTs a JSON body to a token endpoint and reads its JSON answer; errors name the call and
    /// carry no secret (a failed token call's body holds none).
    async fn token_call<T: serde::de::DeserializeOwned>(
        &self,
        base: &str,
        name: &str,
        path: &str,
        headers: &[(&str, String)],
        body: serde_json::Value,
    ) -> Result<T, String> {
        let mut request = self.inner.http.post(format!("{base}{path}")).header("content-type", "application/json");
        for (h, v) in headers {
            request = request.header(*h, v.as_str());
        }
        let response =
            request.body(body.to_string()).send().await.map_err(|e| format!("{name}: {}", e.without_url()))?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|e| format!("{name}: {}", e.without_url()))?;
        if status != 200 {
            return Err(format!("{name} answered HTTP {status}: {}", excerpt(&bytes)));
        }
        serde_json::from_slice(&bytes).map_err(|e| format!("{name} answered an unreadable body: {e}"))
    }
}

/// The start of a body that failed, for an error message (token bodies are never shown on
/// success, and a failure carries no token).
fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out: String = text.chars().take(200).collect();
    if text.chars().count() > 200 {
        out.push('…');
    }
    out
}
