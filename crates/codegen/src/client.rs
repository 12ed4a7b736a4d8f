//! IR → the client's generated operations: a handle per family with one method per operation
//! (plus a `*_all` stream for paged operations, a `*_from_stream` helper for streamed ones and a
//! `*_stream` for polled ones), and the run-time lookup of an operation by id that tools such as
//! the CLI use.

use ccapi_loader::ir::{Api, Family, Operation, Type};
use proc_macro2::TokenStream;
use quote::quote;

use crate::rust::{docs, ident, type_tokens};

/// Where the client's generated module goes.
pub const CLIENT_SRC: &str = "crates/client/src/generated";

/// The family handle's type name (`Desk`), decided in the IR.
fn handle(fam: &Family) -> proc_macro2::Ident {
    ident(&fam.handle_name)
}

/// `#[cfg(feature = "desk")]`: a family's items exist only with its feature.
fn gate(fam: &Family) -> TokenStream {
    let key = &fam.key;
    quote!(#[cfg(feature = #key)])
}

/// The Rust type of an IR type, as the client names it (`ccapi_models::desk::Message`).
fn model_type(api: &Api, ty: &Type) -> TokenStream {
    type_tokens(ty, &|id| {
        let def = api.ty(id);
        let (m, n) = (ident(&def.module), ident(&def.rust_name));
        quote!(ccapi_models::#m::#n)
    })
}

fn op_doc(op: &Operation) -> String {
    let mut text = format!("{}\n\n{}\n\n`{} {}`", op.summary, op.description, op.method, op.path);
    text.push_str(if op.idempotent {
        "; idempotent: retried after ambiguous failures."
    } else {
        "; not idempotent: never resent after an ambiguous failure."
    });
    if let Some(r) = &op.rate_limit {
        text.push_str(&format!(" Rate limit: {} calls/s per {} (the client waits for a slot).", r.per_second, r.scope));
    }
    text
}

fn operation_methods(api: &Api, fam: &Family, op: &Operation) -> TokenStream {
    let m = ident(&fam.key);
    let name = ident(&op.name);
    let op_ty = ident(&op.rust_name);
    let req = ident(&api.ty(op.request).rust_name);
    let resp = ident(&api.ty(op.response).rust_name);
    let err = ident(&op.error_enum);
    let doc = docs(
        &format!(
            "{}\n\nRefused before sending when the request breaks the spec ([`Error::Invalid`]); the vendor's codes are [`{}::{}`].",
            op_doc(op),
            fam.key,
            op.error_enum
        ),
        None,
        None,
    );
    let mut out = quote! {
        #doc
        pub async fn #name(&self, request: &#m::#req) -> Result<#m::#resp, Error<#m::#err>> {
            self.client.call::<#m::#op_ty>(request).await
        }
    };
    if let Some(p) = &op.paging {
        let all = ident(&p.all_method);
        let doc = docs(
            &format!(
                "Every item of `{}`, as a stream: pages of `{}` items from `{}` on, fetched as the stream is read (see [`Client::paginate`]).",
                op.id, p.limit.wire_name, p.offset.wire_name
            ),
            None,
            None,
        );
        let Type::Array(item) = &p.items.ty else {
            unreachable!("the spec crate checked that paged items are an array")
        };
        let item = model_type(api, item);
        out.extend(quote! {
            #doc
            pub fn #all(&self, request: #m::#req) -> BoxStream<'static, Result<#item, Error<#m::#err>>> {
                self.client.paginate::<#m::#op_ty>(request)
            }
        });
    }
    if let Some(s) = &op.streaming {
        let from = ident(&s.from_stream_method);
        let doc = docs(
            &format!(
                "Streams text pieces as one `{}` message: `template` gives the other fields; see [`Client::stream_message`].",
                op.id
            ),
            None,
            None,
        );
        out.extend(quote! {
            #doc
            pub async fn #from<S: Stream<Item = String>>(
                &self,
                template: &#m::#req,
                pieces: S,
                options: StreamOptions,
            ) -> Result<StreamOutcome, StreamError<#m::#err>> {
                self.client.stream_message::<#m::#op_ty, S>(template, pieces, options).await
            }
        });
    }
    if let Some(p) = &op.polling {
        let method = ident(&p.stream_method);
        let doc = docs(
            &format!(
                "Every item of `{}`, as a stream: the request polled again and again as the stream is read, until an item whose `{}` is {} (yielded, then the stream ends); see [`Client::poll_stream`].",
                op.id, p.ends.wire_name, p.ends_value
            ),
            None,
            None,
        );
        let item = model_type(api, &Type::Named(p.item));
        out.extend(quote! {
            #doc
            pub fn #method(&self, request: #m::#req, options: PollOptions) -> BoxStream<'static, Result<#item, Error<#m::#err>>> {
                self.client.poll_stream::<#m::#op_ty>(request, options)
            }
        });
    }
    out
}

/// The generated operations module.
pub fn tokens(api: &Api) -> TokenStream {
    let modules = api.families.iter().map(|f| {
        let (g, m) = (gate(f), ident(&f.key));
        quote!(#g use ccapi_models::#m;)
    });
    let accessors = api.families.iter().map(|fam| {
        let name = ident(&fam.key);
        let h = handle(fam);
        let g = gate(fam);
        let doc = docs(&format!("The {} operations.", fam.title), None, None);
        quote! {
            #doc
            #g
            pub fn #name(&self) -> #h<'_> {
                #h { client: self }
            }
        }
    });
    let handles = api.families.iter().map(|fam| {
        let h = handle(fam);
        let doc = docs(&format!("{}\n\n{}", fam.title, fam.description), None, None);
        let methods = fam.operations.iter().map(|op| operation_methods(api, fam, op));
        let g = gate(fam);
        quote! {
            #doc
            #g
            #[derive(Clone, Copy, Debug)]
            pub struct #h<'a> {
                client: &'a Client,
            }

            #g
            impl #h<'_> {
                #(#methods)*
            }
        }
    });
    let ids: Vec<&str> = api.operations().map(|o| o.id.as_str()).collect();
    let arms = api.families.iter().flat_map(|fam| {
        fam.operations.iter().map(move |op| {
            let id = &op.id;
            let m = ident(&fam.key);
            let t = ident(&op.rust_name);
            let visit = if op.paging.is_some() {
                quote!(visit_paged)
            } else if op.streaming.is_some() {
                quote!(visit_streamed)
            } else if op.polling.is_some() {
                quote!(visit_polled)
            } else {
                quote!(visit)
            };
            let g = gate(fam);
            quote!(#g #id => Some(visitor.#visit::<#m::#t>()),)
        })
    });
    let servers = api.servers.iter().map(|srv| {
        let key = &srv.key;
        if srv.regions.is_empty() {
            let name = ident(&srv.endpoint_method);
            let doc = docs(
                &format!(
                    "The base URL of the `{key}` server (`{}`): each deployment has its own, so there is no default.",
                    srv.template.as_deref().unwrap_or_default()
                ),
                None,
                None,
            );
            quote! {
                impl crate::ClientBuilder {
                    #doc
                    pub fn #name(self, base_url: impl Into<String>) -> Self {
                        self.server_endpoint(#key, crate::Endpoint::Custom(base_url.into()))
                    }
                }
            }
        } else {
            // `From<region enum> for Endpoint` is the runtime's, for every `support::Region`.
            quote!()
        }
    });
    // Only what the spec's call patterns use, so a spec without them builds without warnings.
    let streaming_imports = api.operations().any(|o| o.streaming.is_some()).then(|| {
        quote! {
            #[allow(unused_imports)] // with every family that streams turned off
            use futures_util::Stream;
            #[allow(unused_imports)]
            use crate::{StreamError, StreamOptions, StreamOutcome};
        }
    });
    let boxed_imports = api.operations().any(|o| o.paging.is_some() || o.polling.is_some()).then(|| {
        quote!(
            #[allow(unused_imports)] // with every family that pages turned off
            use futures_util::stream::BoxStream;
        )
    });
    let polling_imports = api.operations().any(|o| o.polling.is_some()).then(|| {
        quote!(
            #[allow(unused_imports)] // with every family that polls turned off
            use crate::PollOptions;
        )
    });
    quote! {
        #(#modules)*
        #streaming_imports
        #boxed_imports
        #polling_imports
        #[allow(unused_imports)] // with every family turned off
        use crate::{Client, Error, OperationVisitor};

        impl Client {
            #(#accessors)*
        }

        #(#servers)*

        #(#handles)*

        /// Every operation id, in spec order.
        pub const OPERATION_IDS: &[&str] = &[#(#ids),*];

        /// Runs `visitor` with the operation whose id is `id` (`None` for an unknown id): how a
        /// tool that picks operations at run time, like the CLI, reaches the typed client.
        pub fn visit_operation<V: OperationVisitor>(id: &str, visitor: V) -> Option<V::Output> {
            let _ = &visitor; // unused when every family is turned off
            match id {
                #(#arms)*
                _ => None,
            }
        }
    }
}
