//! The token flow's generated code: the `AccessTokenOperation` / `ConversationTokenOperation`
//! impls of the operations that issue tokens, and, on the operations whose auth scheme names
//! them, the `token_operations` link the client follows to call them.

use ccapi_loader::ir::{Api, Field, IntType, Operation, TokenIssue, Type};
use proc_macro2::TokenStream;
use quote::quote;

use crate::rust::ident;

/// The `token_operations: (Access, Conversation),` fact of `operation!` for an operation whose
/// auth scheme names its token operations (they are in the same family: the spec crate checked
/// it); nothing otherwise.
pub(crate) fn token_operations_fact(api: &Api, op: &Operation) -> TokenStream {
    let Some(t) = api.auth_scheme(&op.auth).and_then(|a| a.token_operations.as_ref()) else {
        return TokenStream::new();
    };
    let (Some(access), Some(conversation)) = (api.operation(&t.access), api.operation(&t.conversation)) else {
        return TokenStream::new();
    };
    let (a, c) = (ident(&access.rust_name), ident(&conversation.rust_name));
    quote!(token_operations: (#a, #c),)
}

/// The token trait impl of an operation that issues one.
pub(crate) fn token_issue_impl(api: &Api, op: &Operation) -> TokenStream {
    let Some(issue) = &op.token else { return TokenStream::new() };
    let op_i = ident(&op.rust_name);
    let request = body_fields(api, op);
    let req_i = ident(&api.ty(op.request).rust_name);
    match issue {
        TokenIssue::Access { app_key, app_secret, token, lifetime } => {
            let fields = request.iter().map(|f| {
                let value = if f.wire_name == app_key.wire_name {
                    Some(quote!(app_key.to_string()))
                } else if f.wire_name == app_secret.wire_name {
                    Some(quote!(app_secret.to_string()))
                } else {
                    None
                };
                field_init(f, value)
            });
            let token = string_of(token);
            let lifetime = match lifetime {
                Some(f) => seconds_of(f),
                None => quote!(None),
            };
            let lifetime_arg = if matches!(issue, TokenIssue::Access { lifetime: Some(_), .. }) {
                quote!(response)
            } else {
                quote!(_response)
            };
            quote! {
                impl super::support::AccessTokenOperation for #op_i {
                    fn token_request(app_key: &str, app_secret: &str) -> Self::Request {
                        #req_i { #(#fields),* }
                    }
                    fn access_token(response: &Self::Response) -> Option<&str> {
                        #token
                    }
                    fn lifetime_seconds(#lifetime_arg: &Self::Response) -> Option<u64> {
                        #lifetime
                    }
                }
            }
        }
        TokenIssue::Conversation { locale, token } => {
            let fields = request.iter().map(|f| {
                let value = match (&f.ty, locale) {
                    (_, Some(l)) if l.wire_name == f.wire_name => Some(quote!(locale.to_string())),
                    (Type::String, _) => {
                        let wire = &f.wire_name;
                        let found = quote!(subject.iter().find(|(k, _)| *k == #wire).map(|(_, v)| v.to_string()));
                        // A required field is always in the subject (the spec crate checked it).
                        return if f.required {
                            let name = ident(&f.rust_name);
                            quote!(#name: #found.unwrap_or_default())
                        } else {
                            let name = ident(&f.rust_name);
                            quote!(#name: #found)
                        };
                    }
                    _ => None,
                };
                field_init(f, value)
            });
            let token = string_of(token);
            quote! {
                impl super::support::ConversationTokenOperation for #op_i {
                    fn token_request(subject: &[(&str, &str)], locale: &str) -> Self::Request {
                        #req_i { #(#fields),* }
                    }
                    fn conversation_token(response: &Self::Response) -> Option<&str> {
                        #token
                    }
                }
            }
        }
    }
}

/// The request's fields.
fn body_fields<'a>(api: &'a Api, op: &Operation) -> &'a [Field] {
    match &api.ty(op.request).kind {
        ccapi_loader::ir::TypeKind::Struct(s) => &s.fields,
        _ => &[],
    }
}

/// `name: value` of a struct literal (`None` for an optional field without a value).
fn field_init(f: &Field, value: Option<TokenStream>) -> TokenStream {
    let name = ident(&f.rust_name);
    match (value, f.required) {
        (Some(v), true) => quote!(#name: #v),
        (Some(v), false) => quote!(#name: Some(#v)),
        (None, _) => quote!(#name: None),
    }
}

/// A response's string field as `Option<&str>`.
fn string_of(f: &Field) -> TokenStream {
    let name = ident(&f.rust_name);
    if f.required { quote!(Some(response.#name.as_str())) } else { quote!(response.#name.as_deref()) }
}

/// A response's lifetime field (an integer, or a string of digits) as seconds.
fn seconds_of(f: &Field) -> TokenStream {
    let name = ident(&f.rust_name);
    match (&f.ty, f.required) {
        (Type::String, true) => quote!(response.#name.trim().parse::<u64>().ok()),
        (Type::String, false) => quote!(response.#name.as_deref().and_then(|s| s.trim().parse::<u64>().ok())),
        (Type::Int(IntType::U64), true) => quote!(Some(response.#name)),
        (Type::Int(IntType::U64), false) => quote!(response.#name),
        (_, true) => quote!(u64::try_from(response.#name).ok()),
        (_, false) => quote!(response.#name.and_then(|v| u64::try_from(v).ok())),
    }
}
