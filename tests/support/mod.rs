//! What every generated protocol test checks (hand-written; `protocol.rs` is generated).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use ccapi_models::support::{Callback, Events, Validate};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The published schema `schemas/<file>`, compiled once per file.
fn with_schema<R>(file: &str, f: impl FnOnce(&jsonschema::Validator) -> R) -> R {
    static CACHE: OnceLock<Mutex<HashMap<String, &'static jsonschema::Validator>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let validator = {
        let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
        *map.entry(file.to_string()).or_insert_with(|| {
            let path = ccapi_tests::root().join("schemas").join(file);
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
            let v = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{file} is not a valid schema: {e}"));
            Box::leak(Box::new(v))
        })
    };
    f(validator)
}

/// A sample from the vendor's page: it must deserialize, serialize back to the same JSON, pass
/// `validate()`, and be accepted by its published schema.
pub fn valid_example<T: DeserializeOwned + Serialize + Validate>(json: &str, schema_file: &str) {
    let value: Value = serde_json::from_str(json).expect("the example is JSON");
    let model: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("does not deserialize: {e}"));
    let back = serde_json::to_value(&model).expect("serializes");
    assert_eq!(back, value, "does not serialize back to the same JSON");
    if let Err(e) = model.validate() {
        panic!("validate() refuses a documented sample: {e}");
    }
    with_schema(schema_file, |v| {
        let errors: Vec<String> = v.iter_errors(&value).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{schema_file} refuses a documented sample: {errors:?}");
    });
}

/// A request that breaks the rule of `field` ("" for a whole-body rule): the model must refuse it
/// (when reading, or in `validate()`, naming the field) and so must the published schema.
pub fn invalid_request<T: DeserializeOwned + Validate>(json: &str, schema_file: &str, field: &str) {
    let value: Value = serde_json::from_str(json).expect("the example is JSON");
    match serde_path_to_error::deserialize::<_, T>(value.clone()) {
        // A missing or unknown field is named in the message; a wrongly typed one by the path.
        Err(e) => assert!(
            field.is_empty() || e.path().to_string() == field || e.inner().to_string().contains(&format!("`{field}`")),
            "refused when reading, but not for `{field}`: {e}"
        ),
        Ok(model) => match model.validate() {
            Ok(()) => panic!("validate() accepts a request that breaks the rule of `{field}`"),
            Err(errors) => assert!(errors.names_field(field), "validate() refuses it, but not for `{field}`: {errors}"),
        },
    }
    with_schema(schema_file, |v| {
        assert!(!v.is_valid(&value), "{schema_file} accepts a request that breaks the rule of `{field}`")
    });
}

/// Where a callback is delivered: its `CallbackCommand`, or its path for one without command.
#[derive(Clone, Copy, Debug)]
pub enum Address {
    /// Dispatched on this command.
    Command(&'static str),
    /// Dispatched by this path.
    Path(&'static str),
}

/// The errors of `value` against the published schema `schemas/<file>`.
fn schema_errors(file: &str, value: &Value) -> Vec<String> {
    with_schema(file, |v| v.iter_errors(value).map(|e| format!("{}: {e}", e.instance_path())).collect())
}

/// A callback example's body: the body struct `C` reads it and passes `validate()`; the event
/// enum `E`, given the callback's command (or path), has `C`'s facts and reads it as `C`'s variant
/// (not as `Unknown`, nor another), which writes back to the same JSON; and its published event
/// schema `schema_file` accepts it.
pub fn callback_body<E, C>(address: Address, json: &str, schema_file: &str)
where
    E: Events + From<C> + Serialize + PartialEq + std::fmt::Debug,
    C: Callback + DeserializeOwned + Validate,
{
    let value: Value = serde_json::from_str(json).expect("the example is JSON");
    let body: C =
        serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("the body does not deserialize: {e}"));
    if let Err(e) = body.validate() {
        panic!("validate() refuses a documented sample: {e}");
    }
    let event = match address {
        Address::Command(command) => {
            assert_eq!(C::COMMAND, Some(command), "the body type's command");
            assert_eq!(E::facts(command), Some(C::FACTS), "the event enum's facts of {command}");
            E::parse(command, json.as_bytes()).unwrap_or_else(|e| panic!("{command}: the event does not parse: {e}"))
        }
        Address::Path(path) => {
            assert_eq!(C::PATH, Some(path), "the body type's path");
            assert_eq!(E::path_facts(path), Some(C::FACTS), "the event enum's facts of {path}");
            let parsed = E::parse_path(path, json.as_bytes()).unwrap_or_else(|| panic!("{path} is no callback's path"));
            parsed.unwrap_or_else(|e| panic!("{path}: the event does not parse: {e}"))
        }
    };
    let back = serde_json::to_value(&event).expect("serializes");
    assert_eq!(event, E::from(body), "parsed as another variant");
    assert_eq!(back, value, "does not serialize back to the same JSON");
    let errors = schema_errors(schema_file, &value);
    assert!(errors.is_empty(), "{schema_file} refuses a documented body: {errors:?}");
}

/// A callback example's reply: the callback's reply type reads it, passes `validate()` and
/// writes it back to the same JSON (the same members; the order is the reply type's), and its
/// published reply schema `schema_file` accepts it.
pub fn callback_reply<C>(json: &str, schema_file: &str)
where
    C: Callback,
    C::Reply: DeserializeOwned + Serialize + Validate,
{
    let value: Value = serde_json::from_str(json).expect("the example is JSON");
    let reply: C::Reply =
        serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("the reply does not deserialize: {e}"));
    if let Err(e) = reply.validate() {
        panic!("validate() refuses a documented reply: {e}");
    }
    assert_eq!(serde_json::to_value(&reply).expect("serializes"), value, "does not serialize back to the same JSON");
    let errors = schema_errors(schema_file, &value);
    assert!(errors.is_empty(), "{schema_file} refuses a documented reply: {errors:?}");
}
