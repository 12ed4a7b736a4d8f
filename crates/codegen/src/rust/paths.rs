//! Rust identifiers and the Rust types of IR types, as seen from a module.

use ccapi_loader::ir::*;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier (names come from the IR, already valid Rust).
pub(crate) fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// The Rust type of an IR type, as seen from module `here`.
pub(super) fn rust_type(api: &Api, ty: &Type, here: &str) -> TokenStream {
    type_tokens(ty, &|id| named_path(api, id, here))
}

/// The Rust type of an IR type, naming named types with `named`.
pub(crate) fn type_tokens(ty: &Type, named: &dyn Fn(TypeId) -> TokenStream) -> TokenStream {
    match ty {
        Type::String => quote!(String),
        Type::Bool => quote!(bool),
        Type::Int(it) => {
            let i = ident(it.rust());
            quote!(#i)
        }
        Type::F64 => quote!(f64),
        Type::Json => quote!(serde_json::Value),
        Type::Named(id) => named(*id),
        Type::Array(inner) => {
            let inner = type_tokens(inner, named);
            quote!(Vec<#inner>)
        }
    }
}

/// The path of a named type from module `here` (`Name`, or `super::module::Name`).
pub(super) fn named_path(api: &Api, id: TypeId, here: &str) -> TokenStream {
    let def = api.ty(id);
    let name = ident(&def.rust_name);
    if def.module == here {
        quote!(#name)
    } else {
        let m = ident(&def.module);
        quote!(super::#m::#name)
    }
}

/// The Rust type of a field (`Option<T>` unless required).
pub(super) fn field_type(api: &Api, f: &Field, here: &str) -> TokenStream {
    let t = rust_type(api, &f.ty, here);
    if f.required { t } else { quote!(Option<#t>) }
}
