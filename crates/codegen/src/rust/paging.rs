//! The `Paged` impl of a paged operation.

use ccapi_loader::ir::*;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value as Json;

use super::paths::{ident, rust_type};

/// An integer field's value as `u64` (`None` when unset or negative).
fn int_as_u64(f: &Field, owner: TokenStream) -> TokenStream {
    let name = ident(&f.rust_name);
    match (&f.ty, f.required) {
        (Type::Int(IntType::U64), true) => quote!(Some(#owner.#name)),
        (Type::Int(IntType::U64), false) => quote!(#owner.#name),
        (Type::Int(IntType::U32), true) => quote!(Some(u64::from(#owner.#name))),
        (Type::Int(IntType::U32), false) => quote!(#owner.#name.map(u64::from)),
        (_, true) => quote!(u64::try_from(#owner.#name).ok()),
        (_, false) => quote!(#owner.#name.and_then(|v| u64::try_from(v).ok())),
    }
}

/// Stores a `u64` into an integer field (saturating at the field type's maximum).
fn store_u64(f: &Field, value: TokenStream) -> TokenStream {
    let name = ident(&f.rust_name);
    let Type::Int(it) = &f.ty else { unreachable!("the spec crate checked paging fields are integers") };
    let t = ident(it.rust());
    let v = match it {
        IntType::U64 => value,
        _ => quote!(#t::try_from(#value).unwrap_or(#t::MAX)),
    };
    if f.required { quote!(request.#name = #v;) } else { quote!(request.#name = Some(#v);) }
}

/// A field's default as `Some(u64)`, `None` when it has none.
fn default_u64(f: &Field) -> TokenStream {
    match f.default.as_ref().and_then(Json::as_u64) {
        Some(d) => quote!(Some(#d)),
        None => quote!(None),
    }
}

/// The `Paged` impl: page size bounds, reading and setting the offset and page size, the items and total.
pub(super) fn paged_impl(api: &Api, op: &Operation, p: &Paging, here: &str) -> TokenStream {
    let op_i = ident(&op.rust_name);
    let Type::Array(item) = &p.items.ty else { unreachable!("the spec crate checked `items` is an array") };
    let item = rust_type(api, item, here);
    let max = match p.limit.constraints.maximum {
        Some(m) => {
            let m = u64::try_from(m).unwrap_or(0);
            quote!(Some(#m))
        }
        None => quote!(None),
    };
    let offset = int_as_u64(&p.offset, quote!(request));
    let offset_default = p.offset.default.as_ref().and_then(Json::as_u64).unwrap_or(0);
    let size = int_as_u64(&p.limit, quote!(request));
    let size_default = default_u64(&p.limit);
    let set_offset = store_u64(&p.offset, quote!(offset));
    let set_size = store_u64(&p.limit, quote!(page_size));
    let items = ident(&p.items.rust_name);
    let take_items =
        if p.items.required { quote!(response.#items) } else { quote!(response.#items.unwrap_or_default()) };
    let total = match &p.total {
        Some(t) => int_as_u64(t, quote!(response)),
        None => quote!(None),
    };
    let total_arg = if p.total.is_some() { quote!(response) } else { quote!(_response) };
    quote! {
        impl super::support::Paged for #op_i {
            type Item = #item;
            const MAX_PAGE_SIZE: Option<u64> = #max;
            const DEFAULT_PAGE_SIZE: Option<u64> = #size_default;
            fn offset(request: &Self::Request) -> u64 {
                #offset.unwrap_or(#offset_default)
            }
            fn page_size(request: &Self::Request) -> Option<u64> {
                #size
            }
            fn with_page(request: &Self::Request, offset: u64, page_size: u64) -> Self::Request {
                let mut request = request.clone();
                #set_offset
                #set_size
                request
            }
            fn into_items(response: Self::Response) -> Vec<Self::Item> {
                #take_items
            }
            fn total(#total_arg: &Self::Response) -> Option<u64> {
                #total
            }
        }
    }
}
