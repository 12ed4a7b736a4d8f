//! Operations: the unit struct, its `Operation` impl (static facts) and its error-code enum.

use ccapi_loader::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

use super::docs::docs;
use super::errors::error_enum;
use super::paging::paged_impl;
use super::paths::ident;
use super::polling::polled_impl;
use super::streaming::streamed_impl;

/// An operation's items: its error-code enum, its unit struct with the `Operation` impl, and the
/// `Paged`, `Streamed` and `Polled` impls when it pages, streams or is polled.
pub(super) fn operation_items(api: &Api, fam: &Family, op: &Operation) -> TokenStream {
    let mut out = operation_errors(api, op);
    out.extend(operation_impl(api, fam, op));
    out.extend(crate::token::token_issue_impl(api, op));
    if let Some(p) = &op.paging {
        out.extend(paged_impl(api, op, p, &fam.key));
    }
    if let Some(s) = &op.streaming {
        out.extend(streamed_impl(api, op, s, &fam.key));
    }
    if let Some(p) = &op.polling {
        out.extend(polled_impl(api, op, p, &fam.key));
    }
    out
}

/// The operation's error-code enum: its own codes and a variant per shared set it uses.
fn operation_errors(api: &Api, op: &Operation) -> TokenStream {
    let own: Vec<ErrorCode> = op.errors.iter().filter(|e| e.from_set.is_none()).cloned().collect();
    let mut sets: Vec<(String, String)> = Vec::new();
    for e in &op.errors {
        if let Some(set) = e.from_set.as_deref().and_then(|k| api.error_sets.iter().find(|s| s.key == k))
            && !sets.iter().any(|(x, _)| *x == set.variant_name)
        {
            sets.push((set.variant_name.clone(), format!("super::{COMMON_MODULE}::{}", set.rust_name)));
        }
    }
    let doc = format!("Error codes of `{}`.", op.id);
    error_enum(&op.error_enum, &doc, &own, &sets)
}

/// The unit struct and its `Operation` impl (the runtime's `operation!`): the operation's static
/// facts, and what its auth needs of it.
fn operation_impl(api: &Api, fam: &Family, op: &Operation) -> TokenStream {
    let op_i = ident(&op.rust_name);
    let req = ident(&api.ty(op.request).rust_name);
    let resp = ident(&api.ty(op.response).rust_name);
    let err = ident(&op.error_enum);
    let id = &op.id;
    let family = &fam.key;
    let method_variant = ident(op.method.rust_name());
    let path = &op.path;
    let idem = op.idempotent;
    let rate = match &op.rate_limit {
        Some(r) => {
            let (per, scope) = (r.per_second, &r.scope);
            quote!((#per, #scope))
        }
        None => quote!(None),
    };
    let summary = &op.summary;
    let auth = ident(&api.auth_scheme(&op.auth).map(|a| a.static_name.clone()).unwrap_or_default());
    let server = ident(&api.server(&fam.server).map(|s| s.static_name.clone()).unwrap_or_default());
    let common = ident(COMMON_MODULE);
    let statuses = api.envelopes.iter().filter(|e| e.key == op.envelope).flat_map(|e| &e.http_statuses).map(|h| {
        let (status, description, retryable) = (h.status, &h.description, h.retryable);
        quote!((#status, #description, #retryable))
    });
    let subject = token_subject(op);
    let secret_fields: Vec<&str> = match &api.ty(op.request).kind {
        TypeKind::Struct(st) => st.fields.iter().filter(|f| f.secret).map(|f| f.wire_name.as_str()).collect(),
        _ => Vec::new(),
    };
    let secret_fields = (!secret_fields.is_empty()).then(|| quote!(secret_fields: [#(#secret_fields),*],));
    let token_operations = crate::token::token_operations_fact(api, op);
    let doc = docs(&operation_doc(op), None, None);
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct #op_i;

        super::support::operation!(#op_i {
            request: #req, response: #resp, error_code: #err,
            id: #id, family: #family, method: #method_variant, path: #path,
            idempotent: #idem, rate_limit: #rate, summary: #summary,
            auth: super::#common::#auth, server: super::#common::#server,
            http_statuses: [#(#statuses),*],
            #secret_fields #subject #token_operations
        });
    }
}

/// The `token_subject: [("part", field), ..],` fact of `operation!`, when the operation's token is
/// bound to request fields.
fn token_subject(op: &Operation) -> TokenStream {
    if op.token_subject.is_empty() {
        return TokenStream::new();
    }
    let parts = op.token_subject.iter().map(|(part, f)| {
        let name = ident(&f.rust_name);
        quote!((#part, #name))
    });
    quote!(token_subject: [#(#parts),*],)
}

/// The operation's doc text: method and path, summary, description, idempotency, rate limit, source.
fn operation_doc(op: &Operation) -> String {
    let (method, path, idem) = (&op.method, &op.path, op.idempotent);
    let mut text = format!("`{method} {path}`: {}\n\n{}", op.summary, op.description);
    text.push_str(&format!("\n\nIdempotent: {}.", if idem { "yes" } else { "no, never resend blindly" }));
    if let Some(r) = &op.rate_limit {
        text.push_str(&format!(" Rate limit: {} calls/s per {}.", r.per_second, r.scope));
    }
    if let Some(d) = &op.docs {
        text.push_str(&format!(
            "\n\nSource: {}{}",
            d.title.as_deref().map(|t| format!("\"{t}\", ")).unwrap_or_default(),
            d.page
        ));
        if let Some(u) = &d.updated {
            text.push_str(&format!(" (updated {u})"));
        }
    }
    text
}
