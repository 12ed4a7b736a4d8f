//! The `Polled` impl of a polled operation.

use ccapi_loader::ir::*;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value as Json;

use super::paths::{ident, named_path, rust_type};

/// Whether `item.<ends>` is the value that ends the session (checked by the spec crate against
/// the field: a string, bool, integer or a value of its enum).
fn ends_test(api: &Api, p: &Polling, here: &str) -> TokenStream {
    let f = ident(&p.ends.rust_name);
    let required = p.ends.required;
    match (&p.ends.ty, &p.ends_value) {
        (Type::String, Json::String(s)) if required => quote!(item.#f == #s),
        (Type::String, Json::String(s)) => quote!(item.#f.as_deref() == Some(#s)),
        (Type::Bool, Json::Bool(true)) if required => quote!(item.#f),
        (Type::Bool, Json::Bool(false)) if required => quote!(!item.#f),
        (Type::Bool, Json::Bool(b)) => quote!(item.#f == Some(#b)),
        (Type::Int(_), Json::Number(n)) => {
            let lit = Literal::i64_unsuffixed(n.as_i64().unwrap_or(0));
            if required { quote!(item.#f == #lit) } else { quote!(item.#f == Some(#lit)) }
        }
        (Type::Named(id), v) => {
            let TypeKind::Enum(e) = &api.ty(*id).kind else { unreachable!("the spec crate checked `ends` is an enum") };
            let value = e.values.iter().find(|x| x.value == *v).expect("the spec crate checked `ends.value`");
            let (path, variant) = (named_path(api, *id, here), ident(&value.rust_name));
            if required { quote!(item.#f == #path::#variant) } else { quote!(item.#f == Some(#path::#variant)) }
        }
        _ => unreachable!("the spec crate checked `ends.value` against its field"),
    }
}

/// The `Polled` impl: the items of an answer, and whether an item ends the session.
pub(super) fn polled_impl(api: &Api, op: &Operation, p: &Polling, here: &str) -> TokenStream {
    let op_i = ident(&op.rust_name);
    let item = rust_type(api, &Type::Named(p.item), here);
    let items = ident(&p.items.rust_name);
    let take_items =
        if p.items.required { quote!(response.#items) } else { quote!(response.#items.unwrap_or_default()) };
    let ends = ends_test(api, p, here);
    quote! {
        impl super::support::Polled for #op_i {
            type Item = #item;
            fn items(response: Self::Response) -> Vec<Self::Item> {
                #take_items
            }
            fn ends(item: &Self::Item) -> bool {
                #ends
            }
        }
    }
}
