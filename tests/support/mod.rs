//! What every generated protocol test checks (hand-written; `protocol.rs` is generated).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use ccapi_models::support::Validate;
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
