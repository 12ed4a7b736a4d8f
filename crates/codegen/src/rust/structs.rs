//! Structs: fields with their serde and schemars attributes, `Debug` (redacting secrets), and the impl block.

use ccapi_loader::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

use super::builders::{constructors, setters};
use super::docs::{docs, field_doc};
use super::flavor::Flavor;
use super::held::held_accessors;
use super::paths::{field_type, ident};
use super::validation::validate_struct;

/// A struct: its fields, `Debug` (redacted by hand when a field is secret), constructors, setters, accessors and `Validate`.
pub(super) fn struct_items(
    api: &Api,
    name: &str,
    doc: &str,
    erratum: Option<&str>,
    s: &StructDef,
    here: &str,
    flavor: Flavor,
) -> TokenStream {
    let name_i = ident(name);
    let doc = docs(doc, erratum, None);
    let deny = s.role == StructRole::Request;
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let ty = field_type(api, f, here);
        let wire = &f.wire_name;
        let fdoc = field_doc(f);
        // The serde attributes tell `schemars` what `wire_struct!` does (its serde impls): the
        // wire name, and that `None` is left out when sending (`schemars` leaves `Option` fields
        // out of `required` when reading by itself). One attribute each, so each stays one line.
        let skip = (!f.required && !f.nullable).then(|| quote!(serde(skip_serializing_if = "Option::is_none")));
        let attrs: TokenStream = [Some(quote!(serde(rename = #wire))), skip, Some(schemars_attr(f))]
            .into_iter()
            .flatten()
            .filter(|a| !a.is_empty())
            .map(|a| flavor.schemars_attrs(&[a]))
            .collect();
        quote! { #fdoc #attrs pub #fname: #ty }
    });
    let wire = wire_struct(api, name, s, here, deny);
    let has_secret = s.fields.iter().any(|f| f.secret);
    let derive_debug = (!has_secret).then(|| quote!(Debug,));
    // Nothing required and no alternatives: the empty value is a meaningful default.
    let derive_default = (s.one_of.is_empty() && s.fields.iter().all(|f| !f.required)).then(|| quote!(Default,));
    let debug_impl = has_secret.then(|| {
        let entries = s.fields.iter().map(|f| {
            let fname = ident(&f.rust_name);
            let label = &f.rust_name;
            if f.secret {
                quote!(.field(#label, &super::support::Redacted))
            } else {
                quote!(.field(#label, &self.#fname))
            }
        });
        quote! {
            impl std::fmt::Debug for #name_i {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct(#name) #(#entries)* .finish()
                }
            }
        }
    });
    let mut schema_attrs = vec![quote!(derive(schemars::JsonSchema))];
    schema_attrs.extend(deny.then(|| quote!(serde(deny_unknown_fields))));
    let derive_schema = flavor.schemars_attrs(&schema_attrs);
    let constructors = constructors(api, name, s, here);
    let setters = setters(api, name, s, here);
    let validate = validate_struct(api, name, s, here);
    let accessors = held_accessors(api, s, here);
    quote! {
        #doc
        #[derive(Clone, #derive_debug #derive_default PartialEq)]
        #derive_schema
        #[non_exhaustive]
        pub struct #name_i { #(#fields,)* }

        #wire

        #debug_impl

        impl #name_i {
            #constructors
            #accessors
        }

        #setters

        #validate
    }
}

/// The `schemars(length(..), range(..))` attribute of a constrained field, empty otherwise.
fn schemars_attr(f: &Field) -> TokenStream {
    let c = &f.constraints;
    let mut parts = Vec::new();
    if c.min_length.is_some() || c.max_length.is_some() {
        let min = c.min_length.map(|v| quote!(min = #v,));
        let max = c.max_length.map(|v| quote!(max = #v,));
        parts.push(quote!(length(#min #max)));
    }
    if c.minimum.is_some() || c.maximum.is_some() {
        let min = c.minimum.map(|v| quote!(min = #v,));
        let max = c.maximum.map(|v| quote!(max = #v,));
        parts.push(quote!(range(#min #max)));
    }
    if parts.is_empty() { TokenStream::new() } else { quote!(schemars(#(#parts),*)) }
}

/// The struct's serde: `wire_struct!` with its name, whether it denies unknown fields, and each
/// field's kind (required; optional, skipped when `None`; nullable), Rust name, type and wire
/// name, in groups of at most [`WIRE_GROUP`] (the tuples the runtime's `wire::Slots` reads into).
fn wire_struct(api: &Api, name: &str, s: &StructDef, here: &str, deny: bool) -> TokenStream {
    let name = ident(name);
    let deny = deny.then(|| quote!(deny));
    let groups = s.fields.chunks(WIRE_GROUP).map(|group| {
        let fields = group.iter().map(|f| {
            let (fname, ty, wire) = (ident(&f.rust_name), field_type(api, f, here), &f.wire_name);
            let kind = ident(wire_kind(f));
            quote!(#kind(#fname: #ty, #wire))
        });
        quote!({ #(#fields),* })
    });
    quote!(super::support::wire_struct!(#name #deny; #(#groups)*);)
}

/// How many fields one group of `wire_struct!` holds: the largest tuple the runtime's
/// `wire::Slots` and `wire::Fields` are implemented for.
const WIRE_GROUP: usize = 16;

/// The `wire_struct!` kind of a field: `required`, `nullable` or `optional`.
fn wire_kind(f: &Field) -> &'static str {
    match (f.required, f.nullable) {
        (true, _) => "required",
        (false, true) => "nullable",
        (false, false) => "optional",
    }
}
