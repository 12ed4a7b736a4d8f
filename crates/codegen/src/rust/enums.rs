//! Value enums (integer or string): variants, the value table and the runtime's enum macro.

use ccapi_loader::ir::*;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value as Json;

use super::docs::docs;
use super::flavor::Flavor;
use super::paths::ident;

/// A value enum: its variants and `Unknown`, and the runtime's `int_enum!`/`str_enum!` with its value table, and its schema.
pub(super) fn enum_items(def: &TypeDef, e: &EnumDef, flavor: Flavor) -> TokenStream {
    let name = ident(&def.rust_name);
    let doc = docs(&def.description, def.erratum.as_deref(), None);
    let is_str = e.repr == EnumRepr::String;
    let variants = e.values.iter().map(|v| {
        let vi = ident(&v.rust_name);
        let d = docs(&format!("`{}`: {}", v.value, v.description), v.erratum.as_deref(), None);
        quote!(#d #vi)
    });
    let table = e.values.iter().map(|v| {
        let vi = ident(&v.rust_name);
        let wire = match &v.value {
            Json::String(w) => quote!(#w),
            other => {
                let n = Literal::i64_unsuffixed(other.as_i64().unwrap_or_default());
                quote!(#n)
            }
        };
        let d = &v.description;
        quote!((#vi, #wire, #d))
    });
    let (unknown_ty, copy, macro_name, kind) = if is_str {
        (quote!(String), None, quote!(str_enum), quote!(str))
    } else {
        (quote!(i64), Some(quote!(Copy,)), quote!(int_enum), quote!(int))
    };
    let mut description = def.description.clone();
    if let Some(e) = &def.erratum {
        description.push_str(&format!("\n\nErratum: {e}"));
    }
    let schema = flavor.gate_schemars(quote!(super::support::enum_json_schema!(#kind #name, #description);));
    quote! {
        #doc
        #[derive(Clone, #copy Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A value this spec does not list: kept so that a new vendor value still deserializes;
            /// `validate()` refuses to send it.
            Unknown(#unknown_ty),
        }

        super::support::#macro_name!(#name; #(#table),*);
        #schema
    }
}
