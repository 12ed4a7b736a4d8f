//! Callbacks: each body struct's `Callback` impl (where it is delivered, its reply, its facts), the
//! `Acknowledge` impl of a reply built from its envelope alone, and the family's event enum, one
//! variant per callback and `Unknown`, whose `Events` impl the runtime's `events!` expands.

use ccapi_loader::ir::*;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value as Json;

use super::docs::docs;
use super::paths::ident;

/// A family's callback items: a `Callback` impl per body struct, then the event enum (nothing
/// for a family without callbacks).
pub(super) fn callback_items(api: &Api, fam: &Family) -> TokenStream {
    if fam.callbacks.is_empty() {
        return TokenStream::new();
    }
    let mut out = TokenStream::new();
    for cb in &fam.callbacks {
        out.extend(callback_impl(api, cb));
        out.extend(acknowledge_impl(api, cb));
    }
    out.extend(event_enum(api, fam));
    out
}

fn opt_str(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

/// The callback's `Callback` impl, on its body struct.
fn callback_impl(api: &Api, cb: &Callback) -> TokenStream {
    let body = ident(&api.ty(cb.body).rust_name);
    let reply = ident(&api.ty(cb.reply).rust_name);
    let id = &cb.id;
    let command = opt_str(cb.command.as_deref());
    let path = opt_str(cb.path.as_deref());
    let facts = facts(cb);
    let timeout = match cb.timeout_ms {
        Some(ms) => quote!(Some(#ms)),
        None => quote!(None),
    };
    quote! {
        impl super::support::Callback for #body {
            type Reply = #reply;
            const ID: &'static str = #id;
            const COMMAND: Option<&'static str> = #command;
            const PATH: Option<&'static str> = #path;
            const FACTS: super::support::CallbackFacts = #facts;
            const TIMEOUT_MS: Option<u64> = #timeout;
        }
    }
}

/// The reply's `Acknowledge` impl, when the reply can be built from its envelope alone: every
/// required field is the envelope's code field (a string or an `i64`) or message field (a
/// string). Nothing for the others (Tencent's replies also need `ActionStatus`).
fn acknowledge_impl(api: &Api, cb: &Callback) -> TokenStream {
    let Some(env) = api.envelopes.iter().find(|e| e.key == cb.envelope) else { return TokenStream::new() };
    let TypeKind::Struct(reply) = &api.ty(cb.reply).kind else { return TokenStream::new() };
    let field = |wire: &str| reply.fields.iter().find(|f| f.wire_name == wire);
    let (Some(code), Some(message)) = (field(&env.code_field), field(&env.message_field)) else {
        return TokenStream::new();
    };
    let own = |f: &Field| f.wire_name == code.wire_name || f.wire_name == message.wire_name;
    // The loader has checked that the message field is a string.
    if !reply.one_of.is_empty() || reply.fields.iter().any(|f| f.required && !own(f)) {
        return TokenStream::new();
    }
    let (success, refused) = match (&code.ty, &env.success_code) {
        (Type::String, Json::String(s)) => (quote!(#s.to_string()), quote!(code.to_string())),
        (Type::String, Json::Number(n)) => {
            let s = n.to_string();
            (quote!(#s.to_string()), quote!(code.to_string()))
        }
        (Type::Int(IntType::I64), Json::Number(n)) => match n.as_i64() {
            Some(n) => (quote!(#n), quote!(code)),
            None => return TokenStream::new(),
        },
        _ => return TokenStream::new(),
    };
    let build = |code_value: TokenStream| {
        let inits = reply.fields.iter().map(|f| {
            let name = ident(&f.rust_name);
            let value = if f.wire_name == code.wire_name {
                code_value.clone()
            } else if f.wire_name == message.wire_name {
                quote!(message.to_string())
            } else {
                return quote!(#name: None);
            };
            if f.required { quote!(#name: #value) } else { quote!(#name: Some(#value)) }
        });
        quote!(Self { #(#inits),* })
    };
    let (accepted, refused) = (build(success), build(refused));
    let reply_name = ident(&api.ty(cb.reply).rust_name);
    quote! {
        impl super::support::Acknowledge for #reply_name {
            fn accepted(message: &str) -> Self {
                #accepted
            }
            fn refused(code: i64, message: &str) -> Self {
                #refused
            }
        }
    }
}

/// A callback's `CallbackFacts`: whether it is synchronous, and its dedup keys in order.
fn facts(cb: &Callback) -> TokenStream {
    let sync = cb.synchronous;
    let keys = cb.dedup.iter().map(|k| match k {
        DedupKey::Query(name) => quote!(super::support::DedupKey::Query(#name)),
        DedupKey::Body(f) => {
            let name = &f.wire_name;
            quote!(super::support::DedupKey::BodyField(#name))
        }
        DedupKey::Digest => quote!(super::support::DedupKey::BodyDigest),
    });
    quote!(super::support::CallbackFacts { synchronous: #sync, dedup: &[#(#keys),*] })
}

/// Where a callback is delivered, for docs: its command, else its path.
fn address(cb: &Callback) -> String {
    match (&cb.command, &cb.path) {
        (Some(c), _) => format!("`{c}`"),
        (None, Some(p)) => format!("`POST {p}`"),
        (None, None) => format!("`{}`", cb.id),
    }
}

/// The family's event enum and its `events!` invocation.
fn event_enum(api: &Api, fam: &Family) -> TokenStream {
    let name = ident(&fam.event_enum);
    let doc = docs(
        &format!(
            "The callbacks of family `{}`, as a receiver dispatches them (`support::Events`): by command, \
or by path for a callback without one; a command the spec does not list is kept as `Unknown`.",
            fam.key
        ),
        None,
        None,
    );
    let variants = fam.callbacks.iter().map(|cb| {
        let v = ident(&cb.rust_name);
        let body = ident(&api.ty(cb.body).rust_name);
        let kind = if cb.synchronous {
            "Synchronous: the vendor waits for the reply."
        } else {
            "Acknowledged at once and handled off the request path."
        };
        let d = docs(&format!("{}: {}.\n\n{kind}", address(cb), cb.summary.trim_end_matches('.')), None, None);
        quote!(#d #v(#body))
    });
    let pairs = fam.callbacks.iter().map(|cb| {
        let v = ident(&cb.rust_name);
        let body = ident(&api.ty(cb.body).rust_name);
        quote!(#v(#body))
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A command the spec does not list, kept as received (never an error).
            Unknown {
                /// The `CallbackCommand`.
                command: String,
                /// The body as received.
                body: serde_json::Value,
            },
        }

        super::support::events!(#name; #(#pairs),*);
    }
}
