//! Tagged unions (a tag field and a content field, like `MsgBodyElement`): serde, validation, schema.

use ccapi_loader::ir::*;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::docs;
use super::flavor::Flavor;
use super::paths::{ident, named_path};

/// A tagged union: the enum with an `Unknown` variant, `tag()`, serde, `Validate` and its schema.
pub(super) fn union_items(api: &Api, def: &TypeDef, u: &UnionDef, here: &str, flavor: Flavor) -> TokenStream {
    let name = ident(&def.rust_name);
    let doc = docs(&def.description, def.erratum.as_deref(), None);
    let tag_f = &u.tag_field;
    let variants = u.variants.iter().map(|v| {
        let vi = ident(&v.rust_name);
        let t = named_path(api, v.content, here);
        let d = docs(&format!("`{tag_f}: {}`: {}", v.tag, v.description), None, None);
        quote!(#d #vi(#t))
    });
    let tags = u.variants.iter().map(|v| {
        let vi = ident(&v.rust_name);
        let tag = &v.tag;
        quote!(Self::#vi(_) => #tag)
    });
    let serde = union_serde(&name, u);
    let validate = union_validate(&name, u);
    let schema = union_schema(api, def, u, here, flavor);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A kind this spec does not list, kept as sent.
            Unknown {
                /// The tag value.
                tag: String,
                /// The content, as JSON.
                content: serde_json::Value,
            },
        }

        impl #name {
            /// The tag value of this variant.
            pub fn tag(&self) -> &str {
                match self { #(#tags,)* Self::Unknown { tag, .. } => tag }
            }
        }

        #serde
        #validate
        #schema
    }
}

/// `Serialize` and `Deserialize`: the tag and the content, an unknown tag kept as JSON.
fn union_serde(name: &Ident, u: &UnionDef) -> TokenStream {
    let tag_f = &u.tag_field;
    let content_f = &u.content_field;
    let ser_arms = u.variants.iter().map(|v| {
        let vi = ident(&v.rust_name);
        quote!(Self::#vi(c) => map.serialize_entry(#content_f, c)?)
    });
    let de_arms = u.variants.iter().map(|v| {
        let vi = ident(&v.rust_name);
        let tag = &v.tag;
        quote!(#tag => Self::#vi(serde_json::from_value(raw.content).map_err(D::Error::custom)?))
    });
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry(#tag_f, self.tag())?;
                match self {
                    #(#ser_arms,)*
                    Self::Unknown { content, .. } => map.serialize_entry(#content_f, content)?,
                }
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use serde::de::Error as _;
                #[derive(serde::Deserialize)]
                struct Raw {
                    #[serde(rename = #tag_f)]
                    tag: String,
                    #[serde(rename = #content_f, default)]
                    content: serde_json::Value,
                }
                let raw = Raw::deserialize(deserializer)?;
                Ok(match raw.tag.as_str() {
                    #(#de_arms,)*
                    _ => Self::Unknown { tag: raw.tag, content: raw.content },
                })
            }
        }
    }
}

/// `Validate`: the content's checks, and an unknown tag refused.
fn union_validate(name: &Ident, u: &UnionDef) -> TokenStream {
    let tag_f = &u.tag_field;
    let content_f = &u.content_field;
    let validate_arms = u.variants.iter().map(|v| {
        let vi = ident(&v.rust_name);
        quote!(Self::#vi(c) => super::support::Validate::validate_at(c, &super::support::join(path, #content_f), errors))
    });
    quote! {
        impl super::support::Validate for #name {
            fn validate_at(&self, path: &str, errors: &mut Vec<super::support::ValidationError>) {
                match self {
                    #(#validate_arms,)*
                    Self::Unknown { tag, .. } => super::support::fail(errors, path, #tag_f, format!("`{tag}` is not a documented {}", #tag_f)),
                }
            }
        }
    }
}

/// `schemars::JsonSchema`: the tag's enum and one alternative per variant.
fn union_schema(api: &Api, def: &TypeDef, u: &UnionDef, here: &str, flavor: Flavor) -> TokenStream {
    let name = ident(&def.rust_name);
    let name_s = &def.rust_name;
    let tag_f = &u.tag_field;
    let content_f = &u.content_field;
    let schema_variants = u.variants.iter().map(|v| {
        let t = named_path(api, v.content, here);
        let tag = &v.tag;
        let title = &v.rust_name;
        let d = &v.description;
        quote! {
            serde_json::json!({
                "title": #title,
                "description": #d,
                "properties": { #tag_f: {"const": #tag}, #content_f: generator.subschema_for::<#t>() },
            })
        }
    });
    let tag_values = u.variants.iter().map(|v| &v.tag);
    let schema_gate = flavor.cfg_schemars();
    let description = &def.description;
    quote! {
        #schema_gate
        impl schemars::JsonSchema for #name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                #name_s.into()
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let value = serde_json::json!({
                    "description": #description,
                    "type": "object",
                    "required": [#tag_f, #content_f],
                    "properties": { #tag_f: {"type": "string", "enum": [#(#tag_values),*]} },
                    "oneOf": [#(#schema_variants),*],
                });
                schemars::Schema::try_from(value).expect("an object")
            }
        }
    }
}
