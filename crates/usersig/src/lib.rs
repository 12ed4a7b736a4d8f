//! Tencent Chat (Tencent Cloud IM) UserSig, TLSSigAPIv2: signing and verification; and the `Sign`
//! of the vendor's callbacks ([`callback`]).
//!
//! A UserSig proves that whoever made it knows the app's secret key. It is made
//! like this (exactly as the vendor's libraries do it):
//!
//! 1. The content to sign is these lines, each ending in `\n`, in this order:
//!    `TLS.identifier:{identifier}`, `TLS.sdkappid:{sdkappid}`,
//!    `TLS.time:{unix seconds}`, `TLS.expire:{seconds valid}` and, only with a
//!    user buffer, `TLS.userbuf:{standard base64 of the buffer}`.
//! 2. `TLS.sig` is the standard base64 of HMAC-SHA256 of that content, keyed
//!    with the secret key's UTF-8 bytes.
//! 3. A JSON document holds `TLS.ver` (`"2.0"`), `TLS.identifier` (string),
//!    `TLS.sdkappid`, `TLS.expire`, `TLS.time` (numbers), `TLS.userbuf` (only
//!    with a user buffer) and `TLS.sig`.
//! 4. The document is zlib-compressed (RFC 1950) and encoded as standard base64
//!    with `+` → `*`, `/` → `-` and `=` → `_`.
//!
//! A UserSig is valid from `TLS.time` until `TLS.time + TLS.expire` inclusive:
//! like the vendor's libraries, [`verify`] treats it as expired only when
//! `now > time + expire`.
//!
//! Compressed bytes differ between zlib implementations and levels, so two
//! correct libraries may produce different strings for the same claims; both
//! verify. Compare decoded [`Claims`], never UserSig strings.
//!
//! ```
//! use ccapi_usersig::{SecretKey, VerifyError, sign, verify};
//!
//! let key = SecretKey::new("5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e");
//! let now = 1_700_000_000;
//! let usersig = sign(1_400_000_000, "xiaojun", &key, now, 180 * 86_400);
//!
//! let claims = verify(&usersig, 1_400_000_000, "xiaojun", &key, now + 60)?;
//! assert_eq!(claims.identifier, "xiaojun");
//! assert_eq!(claims.expires_at(), now + 180 * 86_400);
//!
//! // Another identifier, or the same UserSig one second after it expired, is refused.
//! assert!(matches!(
//!     verify(&usersig, 1_400_000_000, "someone", &key, now),
//!     Err(VerifyError::IdentifierMismatch { .. })
//! ));
//! assert_eq!(
//!     verify(&usersig, 1_400_000_000, "xiaojun", &key, claims.expires_at() + 1),
//!     Err(VerifyError::Expired { expired_at: claims.expires_at() })
//! );
//! # Ok::<(), VerifyError>(())
//! ```

pub mod callback;

use std::fmt;
use std::io::{Read as _, Write as _};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::alphabet::{self, Alphabet, Symbol};
use base64::engine::general_purpose::{GeneralPurpose, PAD_INDIFFERENT};
use base64::engine::{DecodePaddingMode, GeneralPurposeConfig};
use hmac::{Hmac, KeyInit as _, Mac as _};
use serde_json::{Map, Value};
use sha2::Sha256;

/// Largest decompressed document [`decode`] and [`verify`] accept, in bytes.
///
/// Real documents are a few hundred bytes; the cap stops zlib bombs.
const MAX_DOCUMENT_LEN: u64 = 64 * 1024;

/// The vendor's base64 variant for the whole UserSig: the standard alphabet with
/// `+` → `*`, `/` → `-`, and `_` as padding.
const USERSIG_ALPHABET: Alphabet = {
    let padding = match Symbol::new(b'_') {
        Some(symbol) => symbol,
        None => panic!("`_` is a valid base64 padding symbol"),
    };
    match Alphabet::new_with_padding("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-", padding) {
        Ok(alphabet) => alphabet,
        Err(_) => panic!("the UserSig alphabet is valid"),
    }
};

/// Encodes with padding; decodes with or without it.
const USERSIG_BASE64: GeneralPurpose = GeneralPurpose::new(
    &USERSIG_ALPHABET,
    GeneralPurposeConfig::new().with_encode_padding(true).with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Standard base64 (for `TLS.sig` and `TLS.userbuf`): encodes with padding,
/// decodes with or without it.
const STANDARD_BASE64: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, PAD_INDIFFERENT);

type HmacSha256 = Hmac<Sha256>;

/// An app's secret key (the SDKAppID's key from the Chat console).
///
/// Its [`Debug`](fmt::Debug) and [`Display`](fmt::Display) output never shows
/// the key; use [`SecretKey::expose`] where the key itself is needed.
#[derive(Clone)]
pub struct SecretKey(String);

impl SecretKey {
    /// Wraps a secret key.
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// Returns the key itself. Take care not to log it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for SecretKey {
    fn from(key: String) -> Self {
        Self(key)
    }
}

impl From<&str> for SecretKey {
    fn from(key: &str) -> Self {
        Self(key.to_owned())
    }
}

/// What a UserSig says: its decoded document, without the signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claims {
    /// The app the UserSig is for (`TLS.sdkappid`).
    pub sdkappid: u64,
    /// The user account the UserSig is for (`TLS.identifier`).
    pub identifier: String,
    /// When the UserSig was made, in unix seconds (`TLS.time`).
    pub time: u64,
    /// How many seconds after [`time`](Claims::time) the UserSig stays valid
    /// (`TLS.expire`).
    pub expire: u64,
    /// The user buffer (`TLS.userbuf`, decoded from base64), if the UserSig has one.
    pub userbuf: Option<Vec<u8>>,
}

impl Claims {
    /// The last unix second at which the UserSig is valid: `time + expire`
    /// (saturating at `u64::MAX`).
    #[must_use]
    pub fn expires_at(&self) -> u64 {
        self.time.saturating_add(self.expire)
    }
}

/// Why [`verify`] or [`decode`] refused a UserSig.
///
/// Messages never include the secret key or signature bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// The UserSig is empty (or only whitespace).
    Empty,
    /// The UserSig cannot be decoded: bad base64, bad zlib data, bad JSON, or a
    /// missing or mistyped field. The string says which.
    Malformed(String),
    /// The UserSig is for another app.
    SdkAppIdMismatch {
        /// The SDKAppID the caller expected.
        expected: u64,
        /// The SDKAppID in the UserSig.
        found: u64,
    },
    /// The UserSig is for another user account.
    IdentifierMismatch {
        /// The identifier the caller expected.
        expected: String,
        /// The identifier in the UserSig.
        found: String,
    },
    /// The UserSig is authentic but expired: `now` is past `expired_at`.
    Expired {
        /// The last unix second at which the UserSig was valid
        /// ([`Claims::expires_at`]).
        expired_at: u64,
    },
    /// The signature does not match: the UserSig was made with another secret
    /// key, or it was altered.
    BadSignature,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("the UserSig is empty"),
            Self::Malformed(why) => write!(f, "the UserSig is malformed: {why}"),
            Self::SdkAppIdMismatch { expected, found } => {
                write!(f, "the UserSig is for SDKAppID {found}, but SDKAppID {expected} was expected")
            }
            Self::IdentifierMismatch { expected, found } => {
                write!(f, "the UserSig is for identifier {found:?}, but identifier {expected:?} was expected")
            }
            Self::Expired { expired_at } => {
                write!(f, "the UserSig expired after unix time {expired_at}")
            }
            Self::BadSignature => {
                f.write_str("the UserSig's signature does not match (wrong secret key, or the UserSig was altered)")
            }
        }
    }
}

impl std::error::Error for VerifyError {}

/// The current unix time in seconds (0 if the system clock is before 1970).
#[must_use]
pub fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs())
}

/// Makes a UserSig for `identifier` in app `sdkappid`, valid from `now` (unix
/// seconds) for `expire` seconds, without a user buffer.
///
/// The vendor's libraries default to 180 days (`15_552_000` seconds).
#[must_use]
pub fn sign(sdkappid: u64, identifier: &str, key: &SecretKey, now: u64, expire: u64) -> String {
    make(sdkappid, identifier, key, now, expire, None)
}

/// Like [`sign`], with a user buffer (`TLS.userbuf`), which the signature also
/// covers. An empty buffer is still included, as the vendor's libraries do.
#[must_use]
pub fn sign_with_userbuf(
    sdkappid: u64,
    identifier: &str,
    key: &SecretKey,
    now: u64,
    expire: u64,
    userbuf: &[u8],
) -> String {
    make(sdkappid, identifier, key, now, expire, Some(userbuf))
}

/// Decodes a UserSig without checking its signature, app, identifier or
/// expiry: for tooling and diagnostics, never for authentication.
///
/// Surrounding whitespace is ignored. The document's fields may come in any
/// order, and `TLS.sdkappid`, `TLS.time` and `TLS.expire` may be JSON numbers
/// or strings of decimal digits. `TLS.ver` is not checked. `TLS.sig` must be
/// present (as a string) but is not decoded.
///
/// # Errors
///
/// [`VerifyError::Empty`] for an empty string, otherwise
/// [`VerifyError::Malformed`].
pub fn decode(usersig: &str) -> Result<Claims, VerifyError> {
    parse(usersig).map(|document| document.claims)
}

/// Checks a UserSig for app `sdkappid` and user `identifier` at unix time `now`
/// and returns its claims.
///
/// The checks run in this order: the UserSig decodes (see [`decode`]), its
/// SDKAppID and identifier are the expected ones, its signature matches
/// (compared in constant time), and it has not expired (it is valid while
/// `now <= time + expire`). A UserSig whose `time` is in the future is
/// accepted, as the vendor does.
///
/// # Errors
///
/// The first check that fails, as a [`VerifyError`].
pub fn verify(
    usersig: &str,
    sdkappid: u64,
    identifier: &str,
    key: &SecretKey,
    now: u64,
) -> Result<Claims, VerifyError> {
    let Document { claims, sig, userbuf_base64 } = parse(usersig)?;
    if claims.sdkappid != sdkappid {
        return Err(VerifyError::SdkAppIdMismatch { expected: sdkappid, found: claims.sdkappid });
    }
    if claims.identifier != identifier {
        return Err(VerifyError::IdentifierMismatch { expected: identifier.to_owned(), found: claims.identifier });
    }
    // The signed content holds the document's own base64 text of the user buffer.
    let expected = mac(key, &claims.identifier, claims.sdkappid, claims.time, claims.expire, userbuf_base64.as_deref());
    let sig = STANDARD_BASE64.decode(sig).map_err(|_| VerifyError::BadSignature)?;
    expected.verify_slice(&sig).map_err(|_| VerifyError::BadSignature)?;
    if now > claims.expires_at() {
        return Err(VerifyError::Expired { expired_at: claims.expires_at() });
    }
    Ok(claims)
}

/// An HMAC-SHA256 over a UserSig's content, ready to finalize or verify.
fn mac(
    key: &SecretKey,
    identifier: &str,
    sdkappid: u64,
    time: u64,
    expire: u64,
    userbuf_base64: Option<&str>,
) -> HmacSha256 {
    let mut content =
        format!("TLS.identifier:{identifier}\nTLS.sdkappid:{sdkappid}\nTLS.time:{time}\nTLS.expire:{expire}\n");
    if let Some(userbuf) = userbuf_base64 {
        content.push_str("TLS.userbuf:");
        content.push_str(userbuf);
        content.push('\n');
    }
    let Ok(mut mac) = HmacSha256::new_from_slice(key.expose().as_bytes()) else {
        unreachable!("HMAC accepts keys of any length")
    };
    mac.update(content.as_bytes());
    mac
}

/// Builds, compresses and encodes a UserSig document.
fn make(sdkappid: u64, identifier: &str, key: &SecretKey, time: u64, expire: u64, userbuf: Option<&[u8]>) -> String {
    let userbuf_base64 = userbuf.map(|buf| STANDARD_BASE64.encode(buf));
    let tag = mac(key, identifier, sdkappid, time, expire, userbuf_base64.as_deref()).finalize().into_bytes();

    // The vendor's Python library's field order.
    let mut document = Map::new();
    document.insert("TLS.ver".into(), "2.0".into());
    document.insert("TLS.identifier".into(), identifier.into());
    document.insert("TLS.sdkappid".into(), sdkappid.into());
    document.insert("TLS.expire".into(), expire.into());
    document.insert("TLS.time".into(), time.into());
    if let Some(userbuf) = userbuf_base64 {
        document.insert("TLS.userbuf".into(), userbuf.into());
    }
    document.insert("TLS.sig".into(), STANDARD_BASE64.encode(tag).into());
    let json = Value::Object(document).to_string();

    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let compressed = match encoder.write_all(json.as_bytes()).and_then(|()| encoder.finish()) {
        Ok(compressed) => compressed,
        Err(error) => unreachable!("zlib compression into memory failed: {error}"),
    };
    USERSIG_BASE64.encode(compressed)
}

/// A decoded UserSig document.
#[derive(Debug)]
struct Document {
    claims: Claims,
    /// `TLS.sig`, still base64.
    sig: String,
    /// `TLS.userbuf` as the document spells it.
    userbuf_base64: Option<String>,
}

fn malformed(why: impl Into<String>) -> VerifyError {
    VerifyError::Malformed(why.into())
}

/// Reverses the encoding and reads the document's fields.
fn parse(usersig: &str) -> Result<Document, VerifyError> {
    let usersig = usersig.trim();
    if usersig.is_empty() {
        return Err(VerifyError::Empty);
    }
    let compressed =
        USERSIG_BASE64.decode(usersig).map_err(|error| malformed(format!("not valid UserSig base64: {error}")))?;

    let mut json = Vec::new();
    flate2::read::ZlibDecoder::new(compressed.as_slice())
        .take(MAX_DOCUMENT_LEN + 1)
        .read_to_end(&mut json)
        .map_err(|error| malformed(format!("not valid zlib data: {error}")))?;
    if json.len() as u64 > MAX_DOCUMENT_LEN {
        return Err(malformed(format!("the decompressed document is larger than {MAX_DOCUMENT_LEN} bytes")));
    }

    let document: Value =
        serde_json::from_slice(&json).map_err(|error| malformed(format!("the document is not valid JSON: {error}")))?;
    let Value::Object(fields) = document else {
        return Err(malformed("the document is not a JSON object"));
    };

    let identifier = string_field(&fields, "TLS.identifier")?.ok_or_else(|| missing("TLS.identifier"))?;
    let sdkappid = number_field(&fields, "TLS.sdkappid")?;
    let time = number_field(&fields, "TLS.time")?;
    let expire = number_field(&fields, "TLS.expire")?;
    let sig = string_field(&fields, "TLS.sig")?.ok_or_else(|| missing("TLS.sig"))?;
    let userbuf_base64 = string_field(&fields, "TLS.userbuf")?;
    let userbuf = userbuf_base64
        .map(|text| {
            STANDARD_BASE64.decode(text).map_err(|error| malformed(format!("TLS.userbuf is not valid base64: {error}")))
        })
        .transpose()?;

    Ok(Document {
        claims: Claims { sdkappid, identifier: identifier.to_owned(), time, expire, userbuf },
        sig: sig.to_owned(),
        userbuf_base64: userbuf_base64.map(str::to_owned),
    })
}

fn missing(name: &str) -> VerifyError {
    malformed(format!("the document has no {name}"))
}

/// A string field, or `None` if absent.
fn string_field<'a>(fields: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>, VerifyError> {
    match fields.get(name) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(malformed(format!("{name} is not a string"))),
    }
}

/// A required non-negative integer field: a JSON number, or a string of
/// decimal digits.
fn number_field(fields: &Map<String, Value>, name: &str) -> Result<u64, VerifyError> {
    let not_a_number = || malformed(format!("{name} is not a non-negative integer"));
    match fields.get(name) {
        None => Err(missing(name)),
        Some(Value::Number(number)) => number.as_u64().ok_or_else(not_a_number),
        Some(Value::String(text)) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
            text.parse().map_err(|_| not_a_number())
        }
        Some(_) => Err(not_a_number()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphabet_maps_plus_slash_equals() {
        // 0xfb 0xff → standard "+/8=" → "*-8_".
        assert_eq!(USERSIG_BASE64.encode([0xfb, 0xff]), "*-8_");
        assert_eq!(USERSIG_BASE64.decode("*-8_"), Ok(vec![0xfb, 0xff]));
        assert_eq!(USERSIG_BASE64.decode("*-8"), Ok(vec![0xfb, 0xff]));
    }

    #[test]
    fn content_matches_reference() {
        let key = SecretKey::new("5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e");
        let tag = mac(&key, "xiaojun", 1_400_000_000, 1_700_000_000, 15_552_000, None).finalize().into_bytes();
        assert_eq!(STANDARD_BASE64.encode(tag), "LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=");
    }

    #[test]
    fn numeric_strings_are_accepted_and_others_refused() {
        let fields = |value: Value| {
            let mut map = Map::new();
            map.insert("n".into(), value);
            map
        };
        assert_eq!(number_field(&fields("42".into()), "n"), Ok(42));
        assert_eq!(number_field(&fields(42.into()), "n"), Ok(42));
        for bad in [
            Value::from(""),
            Value::from("-1"),
            Value::from("+1"),
            Value::from(" 1"),
            Value::from("99999999999999999999999"),
            Value::from(-1),
            Value::from(1.5),
            Value::Null,
            Value::Bool(true),
        ] {
            assert!(
                matches!(number_field(&fields(bad.clone()), "n"), Err(VerifyError::Malformed(_))),
                "{bad} accepted"
            );
        }
    }
}
