//! Callbacks: each body struct's `Callback` impl (where it is delivered, its reply, its facts) and
//! the family's event enum, one variant per callback and `Unknown`, whose `Events` impl the
//! runtime's `events!` expands.

use ccapi_spec::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

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
