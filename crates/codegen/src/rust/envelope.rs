//! The `Envelope` impl of a response struct: its code, message and success test.

use ccapi_loader::ir::*;
use proc_macro2::TokenStream;
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
    let code_i = ident(&code_f.rust_name);
    let code_value = match (env.code_is_string, code_f.required) {
        (true, true) => quote!(self.#code_i.trim().parse::<i64>().ok()),
        (true, false) => quote!(self.#code_i.as_deref().and_then(|c| c.trim().parse::<i64>().ok())),
        (false, true) if code_f.ty == Type::Int(IntType::I64) => quote!(Some(self.#code_i)),
        (false, false) if code_f.ty == Type::Int(IntType::I64) => quote!(self.#code_i),
        (false, true) => quote!(Some(i64::from(self.#code_i))),
        (false, false) => quote!(self.#code_i.map(i64::from)),
    };
    let message = match s.fields.iter().find(|f| f.wire_name == env.message_field) {
        Some(f) if f.required => {
            let m = ident(&f.rust_name);
            quote!(&self.#m)
        }
        Some(f) => {
            let m = ident(&f.rust_name);
            quote!(self.#m.as_deref().unwrap_or(""))
        }
        None => quote!(""),
    };
    let success = match &env.success_code {
        Json::String(s) => s.parse::<i64>().unwrap_or(0),
        j => j.as_i64().unwrap_or(0),
    };
    // An optional code field that is absent means success (the answer is the HTTP 200).
    let is_success = if code_f.required {
        quote!(self.code() == Some(#success))
    } else {
        quote!(self.#code_i.is_none() || self.code() == Some(#success))
    };
    quote! {
        impl super::support::Envelope for #name {
            fn code(&self) -> Option<i64> {
                #code_value
            }

            fn message(&self) -> &str {
                #message
            }

            fn is_success(&self) -> bool {
                #is_success
            }
        }
    }
}
