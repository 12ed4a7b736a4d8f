//! The generated structs' serde (`support::wire_struct!`) against serde's derive: the same JSON
//! out, the same values in and the same errors for a response (unknown fields ignored) as its
//! derived twin, and derive's errors for a request (unknown fields denied, a nullable field).

use ccapi_models::ccmessaging::{SendRequest, SendResponse};
use serde::{Deserialize, Serialize};

/// What `SendResponse` was when it derived its serde.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct DerivedResponse {
    #[serde(rename = "resultCode")]
    result_code: String,
    #[serde(rename = "resultDesc", default, skip_serializing_if = "Option::is_none")]
    result_desc: Option<String>,
}

/// The error message of reading `json` as `T`, or `ok` when it reads.
fn outcome<T: for<'de> Deserialize<'de>>(json: &str) -> String {
    match serde_json::from_str::<T>(json) {
        Ok(_) => "ok".into(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn responses_read_and_fail_as_derived_ones() {
    let cases = [
        r#"{"resultCode": "0", "resultDesc": "done"}"#,
        r#"{"resultCode": "0"}"#,
        r#"{"resultCode": "0", "resultDesc": null}"#,
        r#"{"resultCode": "0", "somethingNew": [1, {"a": 2}]}"#,
        r#"{"resultDesc": "no code"}"#,
        r#"{"resultCode": "0", "resultCode": "1"}"#,
        r#"{"resultCode": 0}"#,
        r#"["0", "done"]"#,
        r#"["0"]"#,
        r#"[]"#,
        r#"["0", "done", "extra"]"#,
        r#""text""#,
    ];
    for json in cases {
        assert_eq!(
            outcome::<SendResponse>(json),
            outcome::<DerivedResponse>(json).replace("DerivedResponse", "SendResponse"),
            "{json}"
        );
    }
    let read: SendResponse = serde_json::from_str(cases[0]).expect("reads");
    assert_eq!((read.result_code.as_str(), read.result_desc.as_deref()), ("0", Some("done")));
}

#[test]
fn responses_write_as_derived_ones() {
    for (code, desc) in [("0", Some("done")), ("1", None)] {
        let mut ours = SendResponse::new(code);
        if let Some(d) = desc {
            ours = ours.result_desc(d);
        }
        let derived = DerivedResponse { result_code: code.into(), result_desc: desc.map(String::from) };
        assert_eq!(serde_json::to_string(&ours).unwrap(), serde_json::to_string(&derived).unwrap());
    }
}

#[test]
fn requests_deny_unknown_fields_and_write_nullable_fields_as_derived_ones() {
    let full = r#"{"channel": "WEB", "controlType": "CHAT", "from": "a", "mediaType": "TEXT", "sourceType": "CUSTOMER", "to": "b""#;
    let read = |tail: &str| outcome::<SendRequest>(&format!("{full}{tail}"));
    assert_eq!(read("}"), "ok");
    assert_eq!(read(r#", "userAgent": null}"#), "ok");
    let unknown = read(r#", "nope": 1}"#);
    assert!(unknown.starts_with("unknown field `nope`, expected one of `channel`, `content`"), "{unknown}");
    let duplicate = read(r#", "channel": "WEB"}"#);
    assert!(duplicate.starts_with("duplicate field `channel`"), "{duplicate}");
    assert!(read("").contains("EOF"), "a cut document is an error");
    let missing = outcome::<SendRequest>(r#"{"channel": "WEB"}"#);
    assert!(missing.starts_with("missing field `controlType`"), "{missing}");
    let request: SendRequest = serde_json::from_str(&format!("{full}}}")).expect("reads");
    let written = serde_json::to_value(&request).expect("writes");
    assert_eq!(written["userAgent"], serde_json::Value::Null, "a nullable field is written as null");
    assert!(written.get("content").is_none(), "an unset optional field is not written");
}
