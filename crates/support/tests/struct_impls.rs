//! `struct_impls!` from one field list: `new` takes exactly the required fields (text as
//! `impl Into<String>`), the setters set the optional ones, the rules are checked (an optional
//! field's only when given), and the serde is `wire_struct!`'s.

use ccapi_support::Validate;

/// What generated modules see as `super::support`.
mod support {
    pub use ccapi_support::*;
}

mod generated {
    use super::support;

    /// A field of each kind and argument, with and without rules.
    #[derive(Debug, PartialEq)]
    pub struct Item {
        pub name: String,
        pub count: u32,
        pub note: Option<String>,
        pub size: Option<u8>,
        pub tags: Option<Vec<String>>,
        pub gone: Option<String>,
    }
    support::struct_impls!(
        Item deny; new, validate; {
            required(name: String, "Name", text, str(Some(2), Some(4), &["x"])),
            required(count: u32, "Count", value, int(None, Some(10))),
            optional(note: String, "Note", text, str(None, Some(3), &[])),
            optional(size: u8, "Size", value),
            optional(tags: Vec<String>, "Tags", value, items(Some(1), None)),
            nullable(gone: String, "Gone", text)
        }
    );

    /// Nothing asked for but the serde and the setters.
    #[derive(Debug, Default, PartialEq)]
    pub struct Bare {
        pub text: Option<String>,
    }
    support::struct_impls!(Bare; ; { optional(text: String, "Text", text) });
}

use generated::{Bare, Item};

#[test]
fn new_takes_the_required_fields_and_setters_the_others() {
    let item = Item::new("ab", 3).note("n").size(7).tags(vec!["t".into()]).gone(String::from("g"));
    assert_eq!(
        item,
        Item {
            name: "ab".into(),
            count: 3,
            note: Some("n".into()),
            size: Some(7),
            tags: Some(vec!["t".into()]),
            gone: Some("g".into()),
        }
    );
    assert_eq!(Item::new("ab", 3).note, None);
    assert_eq!(Bare::default().text("t").text.as_deref(), Some("t"));
}

#[test]
fn rules_are_checked_and_optional_ones_only_when_given() {
    assert!(Item::new("ab", 3).validate().is_ok());
    let errors = Item::new("x", 11).note("long").tags(vec![]).validate().unwrap_err();
    let broken: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    // "x" is both too short and forbidden.
    assert_eq!(broken, ["Name", "Name", "Count", "Note", "Tags"]);
}

#[test]
fn serde_is_wire_structs() {
    let item = Item::new("ab", 3).size(1);
    let json = serde_json::to_value(&item).unwrap();
    assert_eq!(json, serde_json::json!({"Name": "ab", "Count": 3, "Size": 1, "Gone": null}));
    assert_eq!(serde_json::from_value::<Item>(json).unwrap(), item);
    let unknown = serde_json::json!({"Name": "ab", "Count": 3, "Other": 1});
    assert!(serde_json::from_value::<Item>(unknown).unwrap_err().to_string().contains("Other"));
    assert_eq!(serde_json::from_str::<Bare>(r#"{"Text":"t","More":1}"#).unwrap().text.as_deref(), Some("t"));
}
