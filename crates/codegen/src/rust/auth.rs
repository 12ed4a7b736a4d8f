//! Auth schemes: the static the runtime reads (`AuthDoc`) and the structs of their query parameters and headers.

use ccapi_loader::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

use super::docs::docs;
use super::flavor::Flavor;
use super::paths::ident;
use super::structs::struct_items;

/// The static describing an auth scheme to the runtime.
fn auth_doc(a: &AuthScheme) -> TokenStream {
    let static_name = ident(&a.static_name);
    let key = &a.key;
    let kind = ident(a.kind.rust_name());
    let params = a.params.iter().map(|p| {
        let (name, secret, env) = (&p.wire_name, p.secret, &p.env);
        let location = ident(match p.location {
            AuthIn::Query => "Query",
            AuthIn::Header => "Header",
        });
        let variant = ident(p.role.rust_name());
        let role = match &p.role {
            AuthRole::Fixed(v) => quote!(#variant(#v)),
            _ => quote!(#variant),
        };
        quote! {
            super::support::AuthParam {
                name: #name,
                location: super::support::AuthIn::#location,
                role: super::support::AuthRole::#role,
                secret: #secret,
                env: #env,
            }
        }
    });
    let doc = docs(&format!("The `{}` auth scheme: {}", a.key, a.description), None, None);
    quote! {
        #doc
        pub static #static_name: super::support::AuthDoc = super::support::AuthDoc {
            key: #key,
            kind: super::support::AuthKind::#kind,
            params: &[#(#params),*],
        };
    }
}

/// An auth scheme's static and the structs of its query parameters and headers.
pub(super) fn auth_items(api: &Api, a: &AuthScheme, flavor: Flavor) -> TokenStream {
    let mut out = auth_doc(a);
    for (fields, name, what) in
        [(&a.query, &a.query_struct, "query parameters"), (&a.headers, &a.headers_struct, "headers")]
    {
        if fields.is_empty() {
            continue;
        }
        let doc = format!("The {what} of the `{}` auth scheme: {}", a.key, a.description);
        let s = StructDef { fields: fields.clone(), one_of: vec![], role: StructRole::Nested };
        out.extend(struct_items(api, name, &doc, None, &s, COMMON_MODULE, flavor));
    }
    out
}
