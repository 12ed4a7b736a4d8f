//! Tests of `ccapi-usersig` against the reference test vector, UserSigs made by
//! the vendor's Python library, and every way verification can fail.

use std::io::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ccapi_usersig::{Claims, SecretKey, VerifyError, decode, now, sign, sign_with_userbuf, verify};
use serde_json::{Value, json};

const SDKAPPID: u64 = 1_400_000_000;
const KEY: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const IDENTIFIER: &str = "xiaojun";
const TIME: u64 = 1_700_000_000;
const EXPIRE: u64 = 15_552_000;
/// `TLS.sig` of the reference test vector (docs: tencent-im.md, "UserSig (TLSSigAPIv2)").
const SIG: &str = "LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=";
/// The same with user buffer `abc`.
const SIG_USERBUF: &str = "QjT201xPkXk/aM1e+y0vakZb0K2iPrFue++0s5y6bFM=";

/// UserSigs made with Python 3.11 mimicking tls-sig-api-v2-python's `__gen_sig`
/// with the clock fixed at `TIME`: the dict `{"TLS.ver": "2.0", "TLS.identifier",
/// "TLS.sdkappid", "TLS.expire", "TLS.time", ["TLS.userbuf",] "TLS.sig"}` (the
/// reference vector's values), `json.dumps` with default separators,
/// `zlib.compress` at the default level, `base64.b64encode`, then `+`→`*`,
/// `/`→`-`, `=`→`_`.
const PYTHON_USERSIG: &str = "eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkKjIT87NK82CSxSnZiQUFmSlAKUMTAyiAyqVWFGQWpYJkTE1NjRDiJZm5YFFzNPXFmekgG3zKHM1T9D3LzdODi-OKs8vCqpxcAvydnV2SSv2cy03cPcpDnA2SMgu0nUxslWoBHdYzUg__";
/// As [`PYTHON_USERSIG`], with user buffer `b"abc"`.
const PYTHON_USERSIG_USERBUF: &str = "eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkKjIT87NK82CSxSnZiQUFmSlAKUMTAyiAyqVWFGQWpYJkTE1NjRDiJZm5YFFzNPWlxalFSaVpIFsiw72y4FZkpoOEArNCjAwMKwKyI7L1E30NU7UrDcoSs6OSDLyNMgOK3EpTtbUNik0rzZLcfG2VagHdkjl6";

fn key() -> SecretKey {
    SecretKey::new(KEY)
}

/// Reverses the outer encoding: the UserSig's JSON document.
fn document(usersig: &str) -> Value {
    let standard: String = usersig
        .chars()
        .map(|c| match c {
            '*' => '+',
            '-' => '/',
            '_' => '=',
            c => c,
        })
        .collect();
    let compressed = STANDARD.decode(standard).expect("base64");
    let mut json = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(compressed.as_slice()), &mut json).expect("zlib");
    serde_json::from_slice(&json).expect("JSON")
}

/// Encodes any JSON text as a UserSig, the way the vendor does.
fn encode(json: &str) -> String {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(json.as_bytes()).expect("compress");
    STANDARD.encode(encoder.finish().expect("compress")).replace('+', "*").replace('/', "-").replace('=', "_")
}

fn reference_claims(userbuf: Option<&[u8]>) -> Claims {
    Claims {
        sdkappid: SDKAPPID,
        identifier: IDENTIFIER.to_owned(),
        time: TIME,
        expire: EXPIRE,
        userbuf: userbuf.map(<[u8]>::to_vec),
    }
}

#[test]
fn test_vector_without_userbuf() {
    let usersig = sign(SDKAPPID, IDENTIFIER, &key(), TIME, EXPIRE);
    assert_eq!(
        document(&usersig),
        json!({
            "TLS.ver": "2.0",
            "TLS.identifier": IDENTIFIER,
            "TLS.sdkappid": SDKAPPID,
            "TLS.expire": EXPIRE,
            "TLS.time": TIME,
            "TLS.sig": SIG,
        })
    );
    assert_eq!(decode(&usersig), Ok(reference_claims(None)));
}

#[test]
fn test_vector_with_userbuf() {
    let usersig = sign_with_userbuf(SDKAPPID, IDENTIFIER, &key(), TIME, EXPIRE, b"abc");
    assert_eq!(
        document(&usersig),
        json!({
            "TLS.ver": "2.0",
            "TLS.identifier": IDENTIFIER,
            "TLS.sdkappid": SDKAPPID,
            "TLS.expire": EXPIRE,
            "TLS.time": TIME,
            "TLS.userbuf": "YWJj",
            "TLS.sig": SIG_USERBUF,
        })
    );
    assert_eq!(decode(&usersig), Ok(reference_claims(Some(b"abc"))));
}

#[test]
fn document_fields_are_in_the_vendor_order() {
    // Not required by the server, but handy when comparing with the vendor's output.
    let usersig = sign_with_userbuf(SDKAPPID, IDENTIFIER, &key(), TIME, EXPIRE, b"abc");
    let keys: Vec<String> = document(&usersig).as_object().expect("object").keys().cloned().collect();
    assert_eq!(keys, ["TLS.ver", "TLS.identifier", "TLS.sdkappid", "TLS.expire", "TLS.time", "TLS.userbuf", "TLS.sig"]);
}

#[test]
fn usersig_uses_only_the_vendor_alphabet() {
    for identifier in ["xiaojun", "a", "administrator", "用户", "@RBT#bot"] {
        let usersig = sign(SDKAPPID, identifier, &key(), TIME, EXPIRE);
        assert!(usersig.bytes().all(|b| b.is_ascii_alphanumeric() || b"*-_".contains(&b)), "{usersig}");
    }
}

#[test]
fn python_usersig_decodes_and_verifies() {
    assert_eq!(decode(PYTHON_USERSIG), Ok(reference_claims(None)));
    assert_eq!(verify(PYTHON_USERSIG, SDKAPPID, IDENTIFIER, &key(), TIME + 1), Ok(reference_claims(None)));
    assert_eq!(
        document(PYTHON_USERSIG)["TLS.sig"],
        document(&sign(SDKAPPID, IDENTIFIER, &key(), TIME, EXPIRE))["TLS.sig"]
    );
}

#[test]
fn python_usersig_with_userbuf_decodes_and_verifies() {
    assert_eq!(verify(PYTHON_USERSIG_USERBUF, SDKAPPID, IDENTIFIER, &key(), TIME), Ok(reference_claims(Some(b"abc"))));
}

#[test]
fn round_trip() {
    let key = SecretKey::new("another key");
    let now = now();
    let usersig = sign(42, "admin", &key, now, 3600);
    let claims = verify(&usersig, 42, "admin", &key, now).expect("valid");
    assert_eq!(claims, Claims { sdkappid: 42, identifier: "admin".to_owned(), time: now, expire: 3600, userbuf: None });
}

#[test]
fn round_trip_with_userbuf() {
    for userbuf in [&b""[..], b"\x00\xff binary \n", &[7; 1000]] {
        let usersig = sign_with_userbuf(SDKAPPID, IDENTIFIER, &key(), TIME, EXPIRE, userbuf);
        let claims = verify(&usersig, SDKAPPID, IDENTIFIER, &key(), TIME).expect("valid");
        assert_eq!(claims.userbuf.as_deref(), Some(userbuf));
    }
}

#[test]
fn round_trip_with_awkward_identifiers() {
    for identifier in ["", "用户 \"quoted\"\n\\", "@RBT#bot", "a:b\nTLS.sdkappid:1"] {
        let usersig = sign(SDKAPPID, identifier, &key(), TIME, EXPIRE);
        let claims = verify(&usersig, SDKAPPID, identifier, &key(), TIME).expect("valid");
        assert_eq!(claims.identifier, identifier);
    }
}

#[test]
fn wrong_sdkappid() {
    let usersig = sign(SDKAPPID, IDENTIFIER, &key(), TIME, EXPIRE);
    assert_eq!(
        verify(&usersig, SDKAPPID + 1, IDENTIFIER, &key(), TIME),
        Err(VerifyError::SdkAppIdMismatch { expected: SDKAPPID + 1, found: SDKAPPID })
    );
}

#[test]
fn wrong_identifier() {
    let usersig = sign(SDKAPPID, IDENTIFIER, &key(), TIME, EXPIRE);
    assert_eq!(
        verify(&usersig, SDKAPPID, "xiaoming", &key(), TIME),
        Err(VerifyError::IdentifierMismatch { expected: "xiaoming".to_owned(), found: IDENTIFIER.to_owned() })
    );
}

#[test]
fn expiry_boundary() {
    let usersig = sign(SDKAPPID, IDENTIFIER, &key(), TIME, EXPIRE);
    let expires_at = TIME + EXPIRE;
    assert_eq!(reference_claims(None).expires_at(), expires_at);
    // Valid up to and including `time + expire`, as the vendor's libraries check `now > time + expire`.
    assert!(verify(&usersig, SDKAPPID, IDENTIFIER, &key(), expires_at - 1).is_ok());
    assert!(verify(&usersig, SDKAPPID, IDENTIFIER, &key(), expires_at).is_ok());
    assert_eq!(
        verify(&usersig, SDKAPPID, IDENTIFIER, &key(), expires_at + 1),
        Err(VerifyError::Expired { expired_at: expires_at })
    );
    // A UserSig from the future is accepted, as the vendor does.
    assert!(verify(&usersig, SDKAPPID, IDENTIFIER, &key(), 0).is_ok());
}

#[test]
fn expires_at_saturates() {
    let usersig = sign(SDKAPPID, IDENTIFIER, &key(), u64::MAX - 1, u64::MAX);
    let claims = verify(&usersig, SDKAPPID, IDENTIFIER, &key(), u64::MAX).expect("valid");
    assert_eq!(claims.expires_at(), u64::MAX);
}

#[test]
fn zero_expire_is_valid_only_at_time() {
    let usersig = sign(SDKAPPID, IDENTIFIER, &key(), TIME, 0);
    assert!(verify(&usersig, SDKAPPID, IDENTIFIER, &key(), TIME).is_ok());
    assert_eq!(
        verify(&usersig, SDKAPPID, IDENTIFIER, &key(), TIME + 1),
        Err(VerifyError::Expired { expired_at: TIME })
    );
}

#[test]
fn wrong_key() {
    let usersig = sign(SDKAPPID, IDENTIFIER, &key(), TIME, EXPIRE);
    assert_eq!(verify(&usersig, SDKAPPID, IDENTIFIER, &SecretKey::new("other"), TIME), Err(VerifyError::BadSignature));
}

#[test]
fn bad_signature_is_reported_before_expiry() {
    let usersig = sign(SDKAPPID, IDENTIFIER, &key(), TIME, EXPIRE);
    assert_eq!(
        verify(&usersig, SDKAPPID, IDENTIFIER, &SecretKey::new("other"), u64::MAX),
        Err(VerifyError::BadSignature)
    );
}

/// Re-encodes the reference document with one field changed.
fn tampered(field: &str, value: Value) -> String {
    let mut document = document(&sign_with_userbuf(SDKAPPID, IDENTIFIER, &key(), TIME, EXPIRE, b"abc"));
    document[field] = value;
    encode(&document.to_string())
}

#[test]
fn tampered_documents_fail() {
    let cases = [
        ("TLS.sig", json!("MvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=")),
        ("TLS.sig", json!(SIG)),
        ("TLS.sig", json!("")),
        ("TLS.sig", json!("not base64!")),
        ("TLS.sig", json!("QjT201xPkXk/aM1e+y0vakZb0K2iPrFue++0s5y6bA==")),
        ("TLS.expire", json!(EXPIRE + 1)),
        ("TLS.time", json!(TIME + 1)),
        ("TLS.userbuf", json!("YWJk")),
    ];
    for (field, value) in cases {
        assert_eq!(
            verify(&tampered(field, value.clone()), SDKAPPID, IDENTIFIER, &key(), TIME),
            Err(VerifyError::BadSignature),
            "{field} = {value}"
        );
    }
    // Removing the user buffer changes the signed content too.
    let mut document = document(&sign_with_userbuf(SDKAPPID, IDENTIFIER, &key(), TIME, EXPIRE, b"abc"));
    document.as_object_mut().expect("object").remove("TLS.userbuf");
    assert_eq!(
        verify(&encode(&document.to_string()), SDKAPPID, IDENTIFIER, &key(), TIME),
        Err(VerifyError::BadSignature)
    );
    // Untouched, the same re-encoding verifies.
    assert!(verify(&tampered("TLS.ver", json!("2.0")), SDKAPPID, IDENTIFIER, &key(), TIME).is_ok());
}

#[test]
fn vendor_variations_are_accepted() {
    // Another field order, compact separators, numbers as strings, no TLS.ver,
    // unknown extra fields, unpadded base64, surrounding whitespace.
    let json = format!(
        r#"{{"TLS.sig":"{SIG}","TLS.time":"{TIME}","TLS.expire":"{EXPIRE}","TLS.sdkappid":"{SDKAPPID}","TLS.identifier":"{IDENTIFIER}","extra":[1,{{}}]}}"#
    );
    let usersig = format!("\n {} \t", encode(&json).trim_end_matches('_'));
    assert_eq!(verify(&usersig, SDKAPPID, IDENTIFIER, &key(), TIME), Ok(reference_claims(None)));
    // The Python library's `\u` escapes for non-ASCII identifiers.
    let usersig = sign(SDKAPPID, "用户", &key(), TIME, EXPIRE);
    let sig = document(&usersig)["TLS.sig"].clone();
    let json = format!(
        r#"{{"TLS.ver": "2.0", "TLS.identifier": "\u7528\u6237", "TLS.sdkappid": {SDKAPPID}, "TLS.expire": {EXPIRE}, "TLS.time": {TIME}, "TLS.sig": {sig}}}"#
    );
    assert!(verify(&encode(&json), SDKAPPID, "用户", &key(), TIME).is_ok());
}

fn assert_malformed(usersig: &str, mentions: &str) {
    match decode(usersig) {
        Err(VerifyError::Malformed(why)) => {
            assert!(why.contains(mentions), "{why:?} should mention {mentions:?}");
        }
        other => panic!("{usersig:?}: expected Malformed, got {other:?}"),
    }
    assert!(matches!(verify(usersig, SDKAPPID, IDENTIFIER, &key(), TIME), Err(VerifyError::Malformed(_))));
}

#[test]
fn empty_input() {
    for usersig in ["", "  \n"] {
        assert_eq!(decode(usersig), Err(VerifyError::Empty));
        assert_eq!(verify(usersig, SDKAPPID, IDENTIFIER, &key(), TIME), Err(VerifyError::Empty));
    }
}

#[test]
fn garbage_input() {
    assert_malformed("not a usersig!", "base64");
    assert_malformed("a", "base64");
    assert_malformed("abc+def", "base64");
    assert_malformed("é", "base64");
    assert_malformed("AAAA", "zlib");
    assert_malformed("eJyr", "zlib");
    // A standard-base64 (not UserSig-alphabet) rendering of a real UserSig.
    assert_malformed(&PYTHON_USERSIG.replace('-', "/").replace('*', "+"), "base64");
    // Truncated.
    assert_malformed(&PYTHON_USERSIG[..PYTHON_USERSIG.len() / 2], "zlib");
}

#[test]
fn bad_documents() {
    let valid = |without: &str| {
        let mut document = json!({
            "TLS.ver": "2.0",
            "TLS.identifier": IDENTIFIER,
            "TLS.sdkappid": SDKAPPID,
            "TLS.expire": EXPIRE,
            "TLS.time": TIME,
            "TLS.sig": SIG,
        });
        document.as_object_mut().expect("object").remove(without);
        document.to_string()
    };
    assert_malformed(&encode("not json"), "JSON");
    assert_malformed(&encode("[1, 2]"), "object");
    assert_malformed(&encode(""), "JSON");
    for field in ["TLS.identifier", "TLS.sdkappid", "TLS.expire", "TLS.time", "TLS.sig"] {
        assert_malformed(&encode(&valid(field)), field);
    }
    assert!(decode(&encode(&valid("TLS.ver"))).is_ok());
    for (field, value) in [
        ("TLS.identifier", json!(7)),
        ("TLS.sdkappid", json!(-1)),
        ("TLS.sdkappid", json!("14e8")),
        ("TLS.time", json!(1.5)),
        ("TLS.time", json!(null)),
        ("TLS.expire", json!("")),
        ("TLS.expire", json!(18_446_744_073_709_551_616_f64)),
        ("TLS.sig", json!(null)),
        ("TLS.userbuf", json!("!!")),
        ("TLS.userbuf", json!(["abc"])),
    ] {
        assert_malformed(&tampered(field, value), field);
    }
}

#[test]
fn zlib_bomb_is_refused() {
    let huge = format!(r#"{{"TLS.identifier": "{}"}}"#, "a".repeat(10 << 20));
    let usersig = encode(&huge);
    assert!(usersig.len() < 64 * 1024, "{}", usersig.len());
    assert_malformed(&usersig, "larger than");
}

#[test]
fn errors_never_show_secrets() {
    let usersig = sign(SDKAPPID, IDENTIFIER, &key(), TIME, EXPIRE);
    let errors = [
        verify(&usersig, SDKAPPID, IDENTIFIER, &SecretKey::new("other"), TIME),
        verify(&usersig, SDKAPPID + 1, IDENTIFIER, &key(), TIME),
        verify(&usersig, SDKAPPID, "x", &key(), TIME),
        verify(&usersig, SDKAPPID, IDENTIFIER, &key(), u64::MAX),
        verify(&tampered("TLS.time", json!(1.5)), SDKAPPID, IDENTIFIER, &key(), TIME),
        verify("", SDKAPPID, IDENTIFIER, &key(), TIME),
        verify("%%%", SDKAPPID, IDENTIFIER, &key(), TIME),
    ];
    for error in errors {
        let error = error.expect_err("refused");
        let shown = format!("{error} {error:?}");
        assert!(!shown.is_empty());
        for secret in [KEY, SIG, &SIG[..8]] {
            assert!(!shown.contains(secret), "{shown}");
        }
        let _: &dyn std::error::Error = &error;
    }
}

#[test]
fn error_messages() {
    assert_eq!(VerifyError::Empty.to_string(), "the UserSig is empty");
    assert_eq!(
        VerifyError::SdkAppIdMismatch { expected: 1, found: 2 }.to_string(),
        "the UserSig is for SDKAppID 2, but SDKAppID 1 was expected"
    );
    assert_eq!(
        VerifyError::IdentifierMismatch { expected: "a".into(), found: "b".into() }.to_string(),
        r#"the UserSig is for identifier "b", but identifier "a" was expected"#
    );
    assert_eq!(VerifyError::Expired { expired_at: 5 }.to_string(), "the UserSig expired after unix time 5");
    assert!(VerifyError::BadSignature.to_string().contains("signature"));
    assert!(
        VerifyError::Malformed("the document has no TLS.sig".into())
            .to_string()
            .ends_with("malformed: the document has no TLS.sig")
    );
}

#[test]
fn secret_key_is_redacted() {
    let key = key();
    assert_eq!(format!("{key:?}"), "SecretKey(<redacted>)");
    assert_eq!(format!("{key:#?}"), "SecretKey(<redacted>)");
    assert!(!format!("{key}").contains(KEY));
    assert_eq!(key.expose(), KEY);
    assert_eq!(key.clone().expose(), KEY);
    assert_eq!(SecretKey::from(KEY).expose(), KEY);
    assert_eq!(SecretKey::from(KEY.to_owned()).expose(), KEY);
    #[derive(Debug)]
    #[allow(dead_code)]
    struct Config {
        key: SecretKey,
    }
    assert!(!format!("{:?}", Config { key }).contains(KEY));
}

#[test]
fn now_is_plausible() {
    // After 2023-11-14 and before 2100.
    let now = now();
    assert!(now > TIME && now < 4_102_444_800, "{now}");
}

#[test]
fn newline_injection_through_the_identifier_cannot_forge_a_usersig() {
    // The signed content is line-based, so an identifier containing lines could
    // make the content of a signed UserSig read like another one's, with the
    // rest hidden in TLS.userbuf. Strict base64 for TLS.userbuf prevents that.
    let identifier = format!("victim\nTLS.sdkappid:{SDKAPPID}\nTLS.time:1\nTLS.expire:4000000000\nTLS.userbuf:QUJD");
    let signed = sign(SDKAPPID, &identifier, &key(), TIME, EXPIRE);
    let sig = document(&signed)["TLS.sig"].clone();
    let forged = json!({
        "TLS.ver": "2.0",
        "TLS.identifier": "victim",
        "TLS.sdkappid": SDKAPPID,
        "TLS.expire": 4_000_000_000_u64,
        "TLS.time": 1,
        "TLS.userbuf": format!("QUJD\nTLS.sdkappid:{SDKAPPID}\nTLS.time:{TIME}\nTLS.expire:{EXPIRE}"),
        "TLS.sig": sig,
    });
    assert!(matches!(
        verify(&encode(&forged.to_string()), SDKAPPID, "victim", &key(), TIME),
        Err(VerifyError::Malformed(_))
    ));
}
