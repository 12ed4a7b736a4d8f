//! IR → protocol tests (`tests/generated/protocol.rs`, a module of the hand-written
//! `tests/protocol.rs`): every example of the spec becomes a test that the model reads it, writes
//! it back unchanged, validates it, and that its published schema accepts it; every invalid
//! request becomes a test that both the model and the schema refuse it; every callback example's
//! body is read through its family's event enum (by command, or by path) as its callback's
//! variant and written back unchanged, and its reply read as the callback's reply type; both are
//! accepted by their published schemas (`<family>/<callback>.event.json`, `.reply.json`).

use ccapi_loader::ir::*;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::schema::schema_file;

/// Tokens of `tests/protocol.rs`.
pub fn tokens(api: &Api) -> TokenStream {
    let mut tests = TokenStream::new();
    for op in api.operations() {
        let fam = Ident::new(&op.family, Span::call_site());
        for (role, ty) in [(StructRole::Request, op.request), (StructRole::Response, op.response)] {
            let t = Ident::new(&api.ty(ty).rust_name, Span::call_site());
            let file = schema_file(op, role);
            for ex in &op.examples {
                let body = if role == StructRole::Request { &ex.request } else { &ex.response };
                let Some(body) = body else { continue };
                // A sample an old spec still refuses (the loader warns) is no valid request.
                if role == StructRole::Request && !api.refused_fields(op, ex).is_empty() {
                    continue;
                }
                let test = if role == StructRole::Request { &ex.request_test } else { &ex.response_test };
                let name = Ident::new(test, Span::call_site());
                let json = serde_json::to_string(body).expect("JSON");
                // Samples that break the page's own table are valid too: the spec accepts them.
                let check = quote!(super::support::valid_example::<ccapi_models::#fam::#t>(#json, #file));
                tests.extend(quote! {
                    #[test]
                    fn #name() {
                        #check;
                    }
                });
            }
        }
        let t = Ident::new(&api.ty(op.request).rust_name, Span::call_site());
        let file = schema_file(op, StructRole::Request);
        for ex in &op.invalid_requests {
            let name = Ident::new(&ex.test_name, Span::call_site());
            let json = serde_json::to_string(&ex.request).expect("JSON");
            let field = &ex.field;
            tests.extend(quote! {
                #[test]
                fn #name() {
                    super::support::invalid_request::<ccapi_models::#fam::#t>(#json, #file, #field);
                }
            });
        }
    }
    tests.extend(callback_tests(api));
    quote! {
        #![allow(non_snake_case)]

        #tests
    }
}

/// Every callback example: its body read through the family's event enum by its command (or
/// path) as the callback's variant, and written back unchanged; its reply read as the callback's
/// reply type and written back unchanged; each accepted by its published schema.
fn callback_tests(api: &Api) -> TokenStream {
    let mut tests = TokenStream::new();
    for fam in &api.families {
        let module = Ident::new(&fam.key, Span::call_site());
        let events = Ident::new(&fam.event_enum, Span::call_site());
        for cb in &fam.callbacks {
            let body = Ident::new(&api.ty(cb.body).rust_name, Span::call_site());
            let (body_schema, reply_schema) = (&cb.body_schema, &cb.reply_schema);
            let address = match (&cb.command, &cb.path) {
                (Some(command), _) => quote!(super::support::Address::Command(#command)),
                (None, Some(path)) => quote!(super::support::Address::Path(#path)),
                (None, None) => continue,
            };
            for ex in &cb.examples {
                if let Some(json) = &ex.body {
                    let name = Ident::new(&ex.body_test, Span::call_site());
                    let json = serde_json::to_string(json).expect("JSON");
                    tests.extend(quote! {
                        #[test]
                        fn #name() {
                            super::support::callback_body::<ccapi_models::#module::#events, ccapi_models::#module::#body>(#address, #json, #body_schema);
                        }
                    });
                }
                if let Some(json) = &ex.reply {
                    let name = Ident::new(&ex.reply_test, Span::call_site());
                    let json = serde_json::to_string(json).expect("JSON");
                    tests.extend(quote! {
                        #[test]
                        fn #name() {
                            super::support::callback_reply::<ccapi_models::#module::#body>(#json, #reply_schema);
                        }
                    });
                }
            }
        }
    }
    tests
}
