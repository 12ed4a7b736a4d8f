//! The `Envelope` impl of a response struct: its code field, message field and success code, as
//! one `envelope!` call (the runtime's `envelope_fields::CodeField` and `envelope_fields::MessageField` read
//! them, whatever their types and whether they are required).

use ccapi_loader::ir::*;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value as Json;

use super::paths::ident;

/// The `Envelope` impl of a response struct, from the envelope of the operation it answers (the
/// operation's own, or its family's).
pub(super) fn envelope_impl(api: &Api, id: TypeId, def: &TypeDef) -> TokenStream {
    let Some(op) = api.operations().find(|o| o.response == id) else { return TokenStream::new() };
    let Some(env) = api.envelope(&op.envelope) else { return TokenStream::new() };
    let TypeKind::Struct(s) = &def.kind else { return TokenStream::new() };
    let name = ident(&def.rust_name);
    let code_f = s.fields.iter().find(|f| f.wire_name == env.code_field).expect("validated");
    let code = ident(&code_f.rust_name);
    let message = match s.fields.iter().find(|f| f.wire_name == env.message_field) {
        Some(f) => {
            let m = ident(&f.rust_name);
            quote!(#m)
        }
        None => quote!(_),
    };
    let success = Literal::i64_unsuffixed(match &env.success_code {
        Json::String(s) => s.parse::<i64>().expect("the loader checks that a string success code holds an integer"),
        j => j.as_i64().expect("the loader checks that the success code is an integer"),
    });
    quote!(super::support::envelope!(#name; #code, #message; #success);)
}
