//! The ccmessaging token flow: app key + secret → access token → one conversation token per
//! subject (userId = the request's `from`, channelId = its `to`, as the spec's `token_subject`
//! says), each cached until shortly before it expires.
//!
//! The token calls are operations of the spec like any other: the auth scheme names them
//! (`token_operations`), the generated code links each operation using the scheme to them
//! ([`Operation::token_operations`]) and builds their requests and reads their tokens
//! ([`AccessTokenOperation`], [`ConversationTokenOperation`]); they are called with
//! [`Client::call`], so their paths, methods, headers, retries and errors are the spec's. Nothing
//! here names a family.

use std::time::Duration;

use ccapi_support::{
    AccessTokenOperation, AuthRole, ConversationTokenOperation, ErrorCode, Operation, TokenOperationsVisitor,
};
use futures_util::future::BoxFuture;

use crate::auth::{Cached, CcmCredentials};
use crate::client::Client;
use crate::error::{Error, TokenError};
use crate::secret::Secret;
use crate::send::Facts;

/// How long an access token is used when its answer gives no lifetime: the reference's sample
/// `X-Token-Expire` (600 s), so a token is never kept beyond what was likely granted.
const FALLBACK_ACCESS_LIFETIME: Duration = Duration::from_secs(600);
/// The documented lifetime of a conversation token.
const CONVERSATION_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);

/// The token request's fields and their values, also the token's cache key.
pub(crate) type Subject = Vec<(String, String)>;

/// The subject a request's conversation token is applied for (empty when its scheme applies
/// none).
pub(crate) fn subject<O: Operation>(request: &O::Request) -> Subject {
    O::token_subject(request).into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The values of a token-flow call: the access token, the app key and, when its scheme sends
/// one, the conversation's token.
pub(crate) struct CcmValues {
    pub(crate) access: Secret,
    pub(crate) app_key: String,
    pub(crate) session: Option<Secret>,
}

/// Why the token-flow values could not be had.
pub(crate) enum CcmFailure {
    /// No credentials, or the spec gives no way to get a token.
    Auth(String),
    /// A token call failed.
    Token(TokenError),
}

impl CcmFailure {
    pub(crate) fn into_error<C>(self) -> Error<C> {
        match self {
            CcmFailure::Auth(m) => Error::Auth(m),
            CcmFailure::Token(t) => Error::Token(Box::new(t)),
        }
    }
}

/// A token fetch of the client, boxed so that the sender calling it is not generic.
type Fetched<'a> = BoxFuture<'a, Result<Secret, CcmFailure>>;

/// The token operations of an auth scheme, as functions: the sender calls them without being
/// generic over them (each is one copy per token operation, not per operation using it).
#[derive(Clone, Copy)]
pub(crate) struct TokenFlow {
    /// Fetches the app's access token (from the cache or the access-token operation).
    access: for<'a> fn(&'a Client) -> Fetched<'a>,
    /// Fetches a subject's conversation token (from the cache or the conversation-token
    /// operation).
    conversation: for<'a> fn(&'a Client, Subject) -> Fetched<'a>,
}

/// The token flow of operation `O`'s scheme, when the spec names its token operations.
pub(crate) fn token_flow<O: Operation>() -> Option<TokenFlow> {
    O::token_operations(Flow)
}

/// Reads the token operations of a scheme into a [`TokenFlow`].
struct Flow;

impl TokenOperationsVisitor for Flow {
    type Output = TokenFlow;

    fn visit<A: AccessTokenOperation, C: ConversationTokenOperation>(self) -> TokenFlow {
        TokenFlow { access: access_of::<A>, conversation: conversation_of::<C> }
    }
}

fn access_of<A: AccessTokenOperation>(client: &Client) -> Fetched<'_> {
    Box::pin(client.access_token::<A>())
}

fn conversation_of<C: ConversationTokenOperation>(client: &Client, subject: Subject) -> Fetched<'_> {
    Box::pin(client.conversation_token::<C>(subject))
}

impl Client {
    /// The token-flow values of a call of the operation of `facts` for `subject`, fetching
    /// tokens as needed.
    pub(crate) async fn ccm_values(&self, facts: &Facts, subject: &Subject) -> Result<CcmValues, CcmFailure> {
        let ccm = self
            .inner
            .ccm
            .as_ref()
            .ok_or_else(|| CcmFailure::Auth(format!("{} needs ccmessaging credentials", facts.id)))?;
        let wants_session = facts.auth.params.iter().any(|p| p.role == AuthRole::ConversationToken);
        let (access, session) = match ccm {
            CcmCredentials::Tokens { access_token, ccmessaging_token, .. } => {
                (access_token.clone(), wants_session.then(|| ccmessaging_token.clone()))
            }
            CcmCredentials::AppKey { .. } => {
                if wants_session && subject.is_empty() {
                    return Err(CcmFailure::Auth(format!(
                        "{} names no token subject, so no conversation token can be applied for it",
                        facts.id
                    )));
                }
                let Some(flow) = facts.tokens else {
                    return Err(CcmFailure::Auth(format!(
                        "the auth scheme `{}` of {} names no token operations: give ready-made tokens",
                        facts.auth.key, facts.id
                    )));
                };
                // The conversation token first: applying for it may renew the access token (on
                // a 401), and the call must then carry the new one.
                let session = match wants_session {
                    true => Some((flow.conversation)(self, subject.clone()).await?),
                    false => None,
                };
                let access = (flow.access)(self).await?;
                (access, session)
            }
        };
        Ok(CcmValues { access, app_key: ccm.key().to_string(), session })
    }

    /// Forgets the tokens a request of `subject` used, after a 401.
    pub(crate) async fn invalidate_ccm(&self, subject: &Subject) {
        *self.inner.ccm_tokens.access().await = None;
        // An operation without a subject (applyToken itself) holds no conversation token, and
        // may be called while the conversation tokens are locked.
        if !subject.is_empty() {
            self.inner.ccm_tokens.sessions().await.remove(subject);
        }
    }

    /// The app's access token, from the cache or from operation `A`.
    async fn access_token<A: AccessTokenOperation>(&self) -> Result<Secret, CcmFailure> {
        let mut slot = self.inner.ccm_tokens.access().await;
        if let Some(t) = slot.as_ref().and_then(Cached::fresh) {
            return Ok(t);
        }
        let Some(CcmCredentials::AppKey { app_key, app_secret, .. }) = &self.inner.ccm else {
            return Err(CcmFailure::Auth("no app key and secret to fetch an access token with".into()));
        };
        let response =
            self.call::<A>(&A::token_request(app_key, app_secret.expose())).await.map_err(token_failure::<A>)?;
        let token = A::access_token(&response).ok_or_else(|| CcmFailure::Token(TokenError::no_token(A::ID)))?;
        let lifetime =
            A::lifetime_seconds(&response).map_or(FALLBACK_ACCESS_LIFETIME, |s| Duration::from_secs(s.max(1)));
        let token = Secret::new(token);
        *slot = Some(Cached::new(token.clone(), lifetime));
        Ok(token)
    }

    /// The conversation token of `subject`, from the cache or from operation `C`.
    async fn conversation_token<C: ConversationTokenOperation>(&self, subject: Subject) -> Result<Secret, CcmFailure> {
        let mut sessions = self.inner.ccm_tokens.sessions().await;
        if let Some(t) = sessions.get(&subject).and_then(Cached::fresh) {
            return Ok(t);
        }
        let Some(CcmCredentials::AppKey { locale, .. }) = &self.inner.ccm else {
            return Err(CcmFailure::Auth("no app key to apply for a conversation token with".into()));
        };
        let parts: Vec<(&str, &str)> = subject.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let response = self.call::<C>(&C::token_request(&parts, locale)).await.map_err(token_failure::<C>)?;
        let token = C::conversation_token(&response).ok_or_else(|| CcmFailure::Token(TokenError::no_token(C::ID)))?;
        let token = Secret::new(token);
        sessions.insert(subject, Cached::new(token.clone(), CONVERSATION_TOKEN_LIFETIME));
        Ok(token)
    }
}

/// A failed token call as the failure of the call that needed the token.
fn token_failure<O: Operation>(error: Error<O::ErrorCode>) -> CcmFailure
where
    O::ErrorCode: ErrorCode,
{
    CcmFailure::Token(TokenError::of::<O>(error))
}
