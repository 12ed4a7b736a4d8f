//! Configuration from the environment: the client an operation needs, and the fake's credentials.

use ccapi_client::{CcmCredentials, Client, Endpoint, TencentCredentials};
#[cfg(feature = "fake")]
use ccapi_fake::FakeConfig;
use ccapi_models::support::{AuthDoc, AuthKind, AuthRole, ServerDoc};

use crate::exit::Exit;

/// The Tencent app's id.
pub const SDKAPPID: &str = "CCAPI_SDKAPPID";
/// The app admin account.
pub const IDENTIFIER: &str = "CCAPI_IDENTIFIER";
/// The app's secret key.
pub const SECRET_KEY: &str = "CCAPI_SECRET_KEY";
/// The region of the Tencent app.
pub const REGION: &str = "CCAPI_REGION";
/// A base URL overriding the region's.
pub const ENDPOINT: &str = "CCAPI_ENDPOINT";
/// The ccmessaging deployment's base URL.
pub const CCM_ENDPOINT: &str = "CCAPI_CCM_ENDPOINT";
/// The ccmessaging app key.
pub const CCM_APP_KEY: &str = "CCAPI_CCM_APP_KEY";
/// The ccmessaging app secret.
pub const CCM_APP_SECRET: &str = "CCAPI_CCM_APP_SECRET";
/// A ready ccmessaging access token.
pub const CCM_ACCESS_TOKEN: &str = "CCAPI_CCM_ACCESS_TOKEN";
/// A ready ccmessaging-token.
pub const CCM_TOKEN: &str = "CCAPI_CCM_TOKEN";
/// The Redis a fleet of processes shares the rate limits through.
pub const REDIS_URL: &str = "CCAPI_REDIS_URL";
/// How many processes share the app (each takes that share of a limit while Redis is down).
pub const FLEET_SIZE: &str = "CCAPI_FLEET_SIZE";

/// A variable's value; unset and empty are the same.
pub fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The values of `names`, or exit 2 naming every one that is not set.
fn require<const N: usize>(what: &str, names: [&str; N]) -> Result<[String; N], Exit> {
    let values = names.map(var);
    let missing: Vec<&str> = names.iter().zip(&values).filter(|(_, v)| v.is_none()).map(|(n, _)| *n).collect();
    if !missing.is_empty() {
        let verb = if missing.len() == 1 { "is" } else { "are" };
        return Err(Exit::usage(format!("{what} needs {} ({verb} not set)", missing.join(", "))));
    }
    Ok(values.map(|v| v.unwrap_or_default()))
}

/// The SDKAppID, as a number.
fn parse_sdkappid(text: &str) -> Result<u64, Exit> {
    text.trim().parse().map_err(|_| Exit::usage(format!("{SDKAPPID} must be a number, not `{text}`")))
}

/// The variables naming a server's base URL, first set first: for the server of the
/// operations whose auth is the ccmessaging token flow, `CCAPI_CCM_ENDPOINT` (also for its
/// operations of other auth schemes, `poll` and the token operations), then `CCAPI_ENDPOINT`;
/// for any other server, `CCAPI_ENDPOINT`.
pub fn endpoint_vars(server: &ServerDoc) -> &'static [&'static str] {
    let ccm_server = ccapi_models::catalog::OPERATIONS
        .iter()
        .any(|o| o.facts.auth.kind == AuthKind::CcmessagingToken && o.facts.server.key == server.key);
    if ccm_server { &[CCM_ENDPOINT, ENDPOINT] } else { &[ENDPOINT] }
}

/// Where a server's operations are called: the first of [`endpoint_vars`] that is set, else
/// `CCAPI_REGION` (a region of the server), else the server's default region (the client picks
/// it). For a server without regions, a base URL is needed (checked by the client, which names
/// the server).
fn endpoint(server: &'static ServerDoc) -> Result<Option<Endpoint>, Exit> {
    if let Some(url) = endpoint_vars(server).iter().find_map(|name| var(name)) {
        return Ok(Some(Endpoint::Custom(url)));
    }
    match var(REGION) {
        None => Ok(None),
        Some(key) if server.regions.is_empty() => {
            Err(Exit::usage(format!("{REGION} `{key}`: server `{}` has no regions; set {ENDPOINT}", server.key)))
        }
        Some(key) => server.region(&key).map(|r| Some(Endpoint::Region(r))).ok_or_else(|| {
            let keys: Vec<&str> = server.regions.iter().map(|r| r.key).collect();
            Exit::usage(format!("{REGION} `{key}` is not a region; the regions are {}", keys.join(", ")))
        }),
    }
}

/// The ccmessaging credentials: ready tokens when either token variable is set, else the app key
/// and secret (the client then fetches the tokens).
fn ccm_credentials(what: &str) -> Result<CcmCredentials, Exit> {
    if var(CCM_ACCESS_TOKEN).is_some() || var(CCM_TOKEN).is_some() {
        let [key, access, token] = require(what, [CCM_APP_KEY, CCM_ACCESS_TOKEN, CCM_TOKEN])?;
        return Ok(CcmCredentials::tokens(key, access, token));
    }
    match (var(CCM_APP_KEY), var(CCM_APP_SECRET)) {
        (Some(key), Some(secret)) => Ok(CcmCredentials::app_key(key, secret)),
        (key, _) => {
            let mut missing = Vec::new();
            if key.is_none() {
                missing.push(CCM_APP_KEY);
            }
            missing.push(CCM_APP_SECRET);
            Err(Exit::usage(format!(
                "{what} needs {} (not set), or ready tokens in {CCM_ACCESS_TOKEN} and {CCM_TOKEN}",
                missing.join(" and ")
            )))
        }
    }
}

/// A client for an operation on `server` with auth scheme `auth`, from the environment.
pub fn client(op_id: &str, server: &'static ServerDoc, auth: &'static AuthDoc) -> Result<Client, Exit> {
    let builder = match auth.kind {
        AuthKind::TencentUserSig => {
            let [sdkappid, identifier, key] = require(op_id, [SDKAPPID, IDENTIFIER, SECRET_KEY])?;
            let credentials = TencentCredentials::new(parse_sdkappid(&sdkappid)?, identifier, key);
            let builder = Client::builder().tencent(credentials);
            match endpoint(server)? {
                Some(e) => builder.server_endpoint(server.key, e),
                None => builder,
            }
        }
        AuthKind::CcmessagingToken => {
            let [base] = require(op_id, [CCM_ENDPOINT])?;
            Client::builder().ccmessaging(ccm_credentials(op_id)?).server_endpoint(server.key, Endpoint::Custom(base))
        }
        AuthKind::Headers => {
            // Each value the caller gives comes from its own variable (`CCAPI_AUTH_X_API_KEY`).
            let given: Vec<_> = auth.params.iter().filter(|p| p.role == AuthRole::Given).collect();
            let missing: Vec<&str> = given.iter().filter(|p| var(p.env).is_none()).map(|p| p.env).collect();
            if !missing.is_empty() {
                let verb = if missing.len() == 1 { "is" } else { "are" };
                return Err(Exit::usage(format!("{op_id} needs {} ({verb} not set)", missing.join(", "))));
            }
            let mut builder = Client::builder();
            for p in given {
                builder = builder.auth_value(p.name, var(p.env).unwrap_or_default());
            }
            match endpoint(server)? {
                Some(e) => builder.server_endpoint(server.key, e),
                None => builder,
            }
        }
    };
    let builder = match shared_limiter()? {
        Some(limiter) => builder.rate_limiter(limiter),
        None => builder,
    };
    builder.build().map_err(|e| Exit::transport(e.to_string()))
}

/// The rate limiter of a fleet when `CCAPI_REDIS_URL` is set: Redis's, with a local share of
/// `1 / CCAPI_FLEET_SIZE` of each limit while Redis does not answer. Neither variable's value is
/// repeated in an error (the URL may hold a password).
#[cfg(feature = "redis")]
fn shared_limiter() -> Result<Option<std::sync::Arc<dyn ccapi_client::RateLimiter>>, Exit> {
    use ccapi_client::redis::{RedisConnection, RedisRateLimiter};
    let Some(url) = var(REDIS_URL) else { return Ok(None) };
    let Some(size) = var(FLEET_SIZE) else {
        return Err(Exit::usage(format!(
            "{REDIS_URL} needs {FLEET_SIZE} (not set): how many processes share the app; while Redis is down each takes that share of the rate limit"
        )));
    };
    let fleet_size = size.trim().parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
        Exit::usage(format!("{FLEET_SIZE} must be a whole number of processes, 1 or more, not `{size}`"))
    })?;
    let redis = RedisConnection::open(&url).map_err(|e| Exit::usage(format!("{REDIS_URL}: {e}")))?;
    let limiter = FLEET_LIMITER.get_or_init(|| std::sync::Arc::new(RedisRateLimiter::new(redis, fleet_size)));
    Ok(Some(limiter.clone()))
}

/// The fleet's limiter, once made, for [`report_redis_outages`].
#[cfg(feature = "redis")]
static FLEET_LIMITER: std::sync::OnceLock<std::sync::Arc<ccapi_client::redis::RedisRateLimiter>> =
    std::sync::OnceLock::new();

/// At exit: a warning on stderr when Redis did not answer the rate limiter at some point (this
/// process then took its local share of the limit), since the CLI logs nothing else.
pub fn report_redis_outages() {
    #[cfg(feature = "redis")]
    if let Some(limiter) = FLEET_LIMITER.get()
        && let (n @ 1.., error) = limiter.outages()
    {
        let still = if limiter.on_fallback() { ", and had not answered again at exit" } else { "" };
        eprintln!(
            "warning: the rate limiter's Redis ({}) stopped answering {n} time(s) ({}){still}; meanwhile this process took 1/{} of the rate limit ({FLEET_SIZE})",
            limiter.target(),
            error.unwrap_or_default(),
            limiter.fleet_size()
        );
    }
}

/// Without the `redis` feature, `CCAPI_REDIS_URL` cannot be honoured: say so rather than let a
/// fleet overrun the limit.
#[cfg(not(feature = "redis"))]
fn shared_limiter() -> Result<Option<std::sync::Arc<dyn ccapi_client::RateLimiter>>, Exit> {
    match var(REDIS_URL) {
        None => Ok(None),
        Some(_) => Err(Exit::usage(format!(
            "{REDIS_URL} is set, but this ccapi was built without the `redis` feature (so {FLEET_SIZE} is not read either)"
        ))),
    }
}

/// The SDKAppID and secret key for `ccapi usersig`.
pub fn signing_key() -> Result<(u64, ccapi_usersig::SecretKey), Exit> {
    let [sdkappid, key] = require("signing a UserSig", [SDKAPPID, SECRET_KEY])?;
    Ok((parse_sdkappid(&sdkappid)?, ccapi_usersig::SecretKey::new(key)))
}

/// The fake's configuration: its defaults, with the credentials the environment sets (so one
/// environment serves both `ccapi fake` and the calls made to it).
#[cfg(feature = "fake")]
pub fn fake() -> Result<FakeConfig, Exit> {
    let mut config = FakeConfig::default();
    if let Some(v) = var(SDKAPPID) {
        config.sdkappid = parse_sdkappid(&v)?;
    }
    if let Some(v) = var(IDENTIFIER) {
        config.identifier = v;
    }
    if let Some(v) = var(SECRET_KEY) {
        config.secret_key = v;
    }
    if let Some(v) = var(CCM_APP_KEY) {
        config.app_key = v;
    }
    if let Some(v) = var(CCM_APP_SECRET) {
        config.app_secret = v;
    }
    Ok(config)
}
