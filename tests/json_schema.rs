//! The models' `schemars::JsonSchema` impls (feature `schemars`) agree with the published
//! schemas: the runtime builds an enum's schema from its value table, the published files come
//! from the IR, and both must say the same.

use ccapi_models::{ccmessaging, common, desk};
use ccapi_tests::workspace_api;
use schemars::JsonSchema;

/// The published schema of the named type `name` (as `$defs` entries have it), but its `title`
/// (the type's component name, which schemars gives as the schema's name instead).
fn published(name: &str) -> serde_json::Value {
    let api = workspace_api();
    let id = api.types.iter().position(|t| t.rust_name == name).unwrap_or_else(|| panic!("no type {name}"));
    let mut s = ccapi_codegen::schema::named_schema(&api, ccapi_loader::ir::TypeId(id), &mut Default::default());
    assert_eq!(s["title"], api.types[id].component_name, "{name}: titled with its component name");
    s.as_object_mut().expect("an object").remove("title");
    s
}

fn generated<T: JsonSchema>() -> serde_json::Value {
    serde_json::to_value(T::json_schema(&mut schemars::SchemaGenerator::default())).unwrap()
}

#[test]
fn enum_schemas_built_from_the_value_tables_equal_the_published_ones() {
    assert_eq!(generated::<desk::Order>(), published("Order"));
    assert_eq!(generated::<desk::FromAccountRole>(), published("FromAccountRole"));
    assert_eq!(generated::<common::ActionStatus>(), published("ActionStatus"));
    assert_eq!(generated::<ccmessaging::ControlType>(), published("ControlType"));
    assert_eq!(generated::<ccmessaging::MediaType>(), published("MediaType"));
}

#[test]
fn struct_schemas_are_derived() {
    let s = generated::<desk::DescribeChatMessagesRequest>();
    assert!(s["properties"]["Limit"].is_object(), "{s}");
}
