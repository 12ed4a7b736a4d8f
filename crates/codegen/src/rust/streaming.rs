//! The `Streamed` impl of a streaming operation.

use ccapi_loader::ir::*;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value as Json;

use super::paths::{ident, named_path};

/// A Rust expression for a JSON value of a field's type (checked by the spec crate).
fn value_expr(api: &Api, f: &Field, v: &Json, here: &str) -> TokenStream {
    match (&f.ty, v) {
        (Type::Bool, Json::Bool(b)) => quote!(#b),
        (Type::Int(it), Json::Number(n)) => {
            let lit = Literal::i64_unsuffixed(n.as_i64().unwrap_or(0));
            let t = ident(it.rust());
            quote!(#lit as #t)
        }
        (Type::String, Json::String(s)) => quote!(#s.to_string()),
        (Type::Named(id), Json::Number(n)) => {
            let path = named_path(api, *id, here);
            let n = n.as_i64().unwrap_or(0);
            quote!(#path::from_value(#n))
        }
        (Type::Named(id), Json::String(s)) => {
            let path = named_path(api, *id, here);
            quote!(#path::from_wire(#s))
        }
        _ => unreachable!("the spec crate checked `finish_value` against its field"),
    }
}

/// The `Streamed` impl: a chunk's request from the template, and the stream key of a response.
pub(super) fn streamed_impl(api: &Api, op: &Operation, s: &Streaming, here: &str) -> TokenStream {
    let op_i = ident(&op.rust_name);
    let chunk = ident(&s.chunk.rust_name);
    let set_chunk =
        if s.chunk.required { quote!(request.#chunk = chunk;) } else { quote!(request.#chunk = Some(chunk);) };
    let key = ident(&s.request_key.rust_name);
    let rkey = ident(&s.response_key.rust_name);
    let key_of =
        if s.response_key.required { quote!(Some(&response.#rkey)) } else { quote!(response.#rkey.as_deref()) };
    let finish = ident(&s.finish.rust_name);
    let value = value_expr(api, &s.finish, &s.finish_value, here);
    quote! {
        impl super::support::Streamed for #op_i {
            fn chunk_request(template: &Self::Request, chunk: String, key: Option<String>, last: bool) -> Self::Request {
                let mut request = template.clone();
                #set_chunk
                request.#key = key;
                request.#finish = if last { Some(#value) } else { None };
                request
            }
            fn key_of(response: &Self::Response) -> Option<&str> {
                #key_of
            }
        }
    }
}
