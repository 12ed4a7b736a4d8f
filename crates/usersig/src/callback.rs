//! The `Sign` of Tencent Chat and Desk callbacks: how the vendor proves to the app's callback URL
//! that a delivery comes from it.
//!
//! With callback authentication on (a token set on the console's callback page), every callback
//! URL carries `Sign` and `RequestTime`: `Sign` is the lowercase hex SHA-256 of the token's UTF-8
//! bytes immediately followed by the decimal `RequestTime` (Unix seconds), with no key and no
//! separator. The body is not covered. The vendor asks the app to refuse a `RequestTime` more than
//! one minute from its own clock, against replays.
//!
//! ```
//! use ccapi_usersig::callback::{CallbackToken, sign, verify_sign};
//!
//! let token = CallbackToken::new("xxxx");
//! let s = sign(&token, "1669872112");
//! assert!(verify_sign(&token, "1669872112", &s));
//! assert!(!verify_sign(&token, "1669872113", &s));
//! ```

use std::fmt;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The token of callback authentication: `Debug` and `Display` print `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct CallbackToken(String);

impl CallbackToken {
    /// Wraps the token set on the console's callback page.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The token itself, for signing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for CallbackToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CallbackToken(<redacted>)")
    }
}

impl fmt::Display for CallbackToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The `Sign` of a callback sent at `request_time` (the query's `RequestTime`, as sent).
pub fn sign(token: &CallbackToken, request_time: &str) -> String {
    sha256_hex(&[token.expose().as_bytes(), request_time.as_bytes()].concat())
}

/// The lowercase hex SHA-256 of `bytes` (a `Sign`, or a body digest for dedup).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `given` is the `Sign` of `request_time` under `token`, compared in constant time
/// (upper-case hex is refused: the vendor sends lowercase).
pub fn verify_sign(token: &CallbackToken, request_time: &str, given: &str) -> bool {
    let expected = sign(token, request_time);
    expected.as_bytes().ct_eq(given.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The vector of the vendor's page, re-checked.
    #[test]
    fn the_vendor_vector_passes() {
        let token = CallbackToken::new("xxxxyyyy");
        let expected = "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061";
        assert_eq!(sign(&token, "1669872112"), expected);
        assert!(verify_sign(&token, "1669872112", expected));
    }

    #[test]
    fn another_token_time_or_case_fails() {
        let token = CallbackToken::new("xxxxyyyy");
        let good = sign(&token, "1669872112");
        assert!(!verify_sign(&CallbackToken::new("xxxxyyyz"), "1669872112", &good));
        assert!(!verify_sign(&token, "1669872111", &good));
        assert!(!verify_sign(&token, "1669872112", &good.to_uppercase()));
        assert!(!verify_sign(&token, "1669872112", &good[..63]));
        assert!(!verify_sign(&token, "1669872112", ""));
    }

    #[test]
    fn the_token_never_prints() {
        let token = CallbackToken::new("xxxxyyyy");
        assert!(!format!("{token:?} {token}").contains("xxxx"));
    }
}
