//! `wire_struct!` on a struct wider than one group of fields (16): the same JSON out, the same
//! values in and the same errors as serde's derive on its twin, for maps and sequences, with
//! the fields of the second group required, optional and nullable.

use serde::{Deserialize, Serialize};

/// What generated modules see as `super::support`.
mod support {
    pub use ccapi_support::*;
}

mod generated {
    use super::support;

    /// Twenty fields: sixteen in the first group, four in the second.
    #[derive(Debug, PartialEq)]
    pub struct Wide {
        pub f0: String,
        pub f1: Option<u32>,
        pub f2: Option<String>,
        pub f3: Option<bool>,
        pub f4: Option<u32>,
        pub f5: Option<u32>,
        pub f6: Option<u32>,
        pub f7: Option<u32>,
        pub f8: Option<u32>,
        pub f9: Option<u32>,
        pub f10: Option<u32>,
        pub f11: Option<u32>,
        pub f12: Option<u32>,
        pub f13: Option<u32>,
        pub f14: Option<u32>,
        pub f15: Option<Vec<String>>,
        pub f16: i64,
        pub f17: Option<String>,
        pub f18: Option<String>,
        pub f19: Option<u8>,
    }
    support::wire_struct!(
        Wide deny;
        {
            required(f0: String, "F0"), optional(f1: Option<u32>, "F1"), optional(f2: Option<String>, "F2"),
            optional(f3: Option<bool>, "F3"), optional(f4: Option<u32>, "F4"), optional(f5: Option<u32>, "F5"),
            optional(f6: Option<u32>, "F6"), optional(f7: Option<u32>, "F7"), optional(f8: Option<u32>, "F8"),
            optional(f9: Option<u32>, "F9"), optional(f10: Option<u32>, "F10"), optional(f11: Option<u32>, "F11"),
            optional(f12: Option<u32>, "F12"), optional(f13: Option<u32>, "F13"), optional(f14: Option<u32>, "F14"),
            optional(f15: Option<Vec<String>>, "F15")
        }
        {
            required(f16: i64, "F16"), nullable(f17: Option<String>, "F17"), optional(f18: Option<String>, "F18"),
            optional(f19: Option<u8>, "F19")
        }
    );

    /// A response-shaped struct (unknown fields ignored) with no fields at all.
    #[derive(Debug, PartialEq)]
    pub struct Empty {}
    support::wire_struct!(Empty;);
}

use generated::{Empty, Wide};

/// `Wide` with serde's derive.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Derived {
    #[serde(rename = "F0")]
    f0: String,
    #[serde(rename = "F1", default, skip_serializing_if = "Option::is_none")]
    f1: Option<u32>,
    #[serde(rename = "F2", default, skip_serializing_if = "Option::is_none")]
    f2: Option<String>,
    #[serde(rename = "F3", default, skip_serializing_if = "Option::is_none")]
    f3: Option<bool>,
    #[serde(rename = "F4", default, skip_serializing_if = "Option::is_none")]
    f4: Option<u32>,
    #[serde(rename = "F5", default, skip_serializing_if = "Option::is_none")]
    f5: Option<u32>,
    #[serde(rename = "F6", default, skip_serializing_if = "Option::is_none")]
    f6: Option<u32>,
    #[serde(rename = "F7", default, skip_serializing_if = "Option::is_none")]
    f7: Option<u32>,
    #[serde(rename = "F8", default, skip_serializing_if = "Option::is_none")]
    f8: Option<u32>,
    #[serde(rename = "F9", default, skip_serializing_if = "Option::is_none")]
    f9: Option<u32>,
    #[serde(rename = "F10", default, skip_serializing_if = "Option::is_none")]
    f10: Option<u32>,
    #[serde(rename = "F11", default, skip_serializing_if = "Option::is_none")]
    f11: Option<u32>,
    #[serde(rename = "F12", default, skip_serializing_if = "Option::is_none")]
    f12: Option<u32>,
    #[serde(rename = "F13", default, skip_serializing_if = "Option::is_none")]
    f13: Option<u32>,
    #[serde(rename = "F14", default, skip_serializing_if = "Option::is_none")]
    f14: Option<u32>,
    #[serde(rename = "F15", default, skip_serializing_if = "Option::is_none")]
    f15: Option<Vec<String>>,
    #[serde(rename = "F16")]
    f16: i64,
    #[serde(rename = "F17", default)]
    f17: Option<String>,
    #[serde(rename = "F18", default, skip_serializing_if = "Option::is_none")]
    f18: Option<String>,
    #[serde(rename = "F19", default, skip_serializing_if = "Option::is_none")]
    f19: Option<u8>,
}

/// `Empty` with serde's derive.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct DerivedEmpty {}

/// What reading `json` as `T` gives: its JSON written back, or the error message.
fn outcome<T: for<'de> Deserialize<'de> + Serialize>(json: &str) -> String {
    match serde_json::from_str::<T>(json) {
        Ok(v) => serde_json::to_string(&v).expect("writes"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_wide_struct_reads_writes_and_fails_as_a_derived_one() {
    let cases = [
        r#"{"F0": "a", "F16": 7}"#,
        r#"{"F16": 7, "F0": "a", "F17": null, "F19": 3, "F15": ["x"], "F3": true}"#,
        r#"{"F0": "a", "F1": 1, "F2": "b", "F3": false, "F4": 4, "F5": 5, "F6": 6, "F7": 7, "F8": 8,
            "F9": 9, "F10": 10, "F11": 11, "F12": 12, "F13": 13, "F14": 14, "F15": [], "F16": -1,
            "F17": "c", "F18": "d", "F19": 255}"#,
        r#"{"F0": "a"}"#,
        r#"{"F16": 7}"#,
        r#"{}"#,
        r#"{"F0": "a", "F16": 7, "F18": "x", "F18": "y"}"#,
        r#"{"F0": "a", "F16": 7, "F1": 1, "F1": 2}"#,
        r#"{"F0": "a", "F16": 7, "F20": 1}"#,
        r#"{"F0": "a", "F16": "seven"}"#,
        r#"{"F0": "a", "F16": 7, "F19": 256}"#,
        r#"["a", 1, "b", true, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, ["x"], 16, null, "d", 19]"#,
        r#"["a", 1, "b", true, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, ["x"], 16]"#,
        r#"["a", 1, "b", true, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, ["x"]]"#,
        r#"["a"]"#,
        r#"[]"#,
        r#""text""#,
    ];
    for json in cases {
        assert_eq!(outcome::<Wide>(json), outcome::<Derived>(json).replace("Derived", "Wide"), "{json}");
    }
}

#[test]
fn a_struct_without_fields_reads_and_writes_as_a_derived_one() {
    for json in [r#"{}"#, r#"{"anything": [1]}"#, r#"[]"#, r#"null"#] {
        assert_eq!(outcome::<Empty>(json), outcome::<DerivedEmpty>(json).replace("DerivedEmpty", "Empty"), "{json}");
    }
}
