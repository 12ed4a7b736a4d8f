//! Servers: the static the runtime reads (`ServerDoc`) and the region enum with its accessors.

use ccapi_loader::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

use super::docs::docs;
use super::literals::opt_str;
use super::paths::ident;

/// A server's static (`ServerDoc`) and, when it has regions, its region enum.
pub(super) fn server_items(s: &Server) -> TokenStream {
    let static_name = ident(&s.static_name);
    let (key, template) = (&s.key, opt_str(s.template.as_deref()));
    let default_region = opt_str(s.default_region.as_deref());
    let docs_of = s.regions.iter().map(|r| {
        let (k, title, primary, backup) = (&r.key, &r.title, &r.primary, opt_str(r.backup.as_deref()));
        quote!(super::support::RegionDoc { server: #key, key: #k, title: #title, primary: #primary, backup: #backup })
    });
    let doc = docs(&format!("The `{}` server: {}", s.key, s.description), None, None);
    let mut out = quote! {
        #doc
        pub static #static_name: super::support::ServerDoc = super::support::ServerDoc {
            key: #key,
            regions: &[#(#docs_of),*],
            default_region: #default_region,
            template: #template,
        };
    };
    if !s.regions.is_empty() {
        out.extend(region_enum(s));
    }
    out
}

/// The region enum of a server with regions: one variant per region, and its accessors.
fn region_enum(s: &Server) -> TokenStream {
    let static_name = ident(&s.static_name);
    let name = ident(&s.region_enum);
    let doc = docs(&format!("Regions of the `{}` server: {}", s.key, s.description), None, None);
    let variants = s.regions.iter().map(|r| {
        let v = ident(&r.rust_name);
        let is_default = s.default_region.as_deref() == Some(r.key.as_str());
        let d =
            docs(&format!("{} (`{}`){}.", r.title, r.key, if is_default { ", the default" } else { "" }), None, None);
        let attr = is_default.then(|| quote!(#[default]));
        quote!(#d #attr #v)
    });
    let all = s.regions.iter().map(|r| {
        let v = ident(&r.rust_name);
        quote!(Self::#v)
    });
    let derive_default = s.default_region.is_some().then(|| quote!(Default,));
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, #derive_default PartialEq, Eq, Hash)]
        pub enum #name { #(#variants,)* }

        impl #name {
            /// Every region.
            pub const ALL: &'static [Self] = &[#(#all),*];

            /// What the spec says of this region (its key, title and domains).
            pub fn doc(self) -> &'static super::support::RegionDoc {
                &#static_name.regions[self as usize]
            }

            /// The key used in configuration (`silicon-valley`).
            pub fn key(self) -> &'static str {
                self.doc().key
            }

            /// The region with this key.
            pub fn from_key(key: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|r| r.key() == key)
            }

            /// The primary base URL.
            pub fn primary(self) -> &'static str {
                self.doc().primary
            }

            /// The backup base URL, if documented.
            pub fn backup(self) -> Option<&'static str> {
                self.doc().backup
            }
        }

        impl super::support::Region for #name {
            fn region_doc(self) -> &'static super::support::RegionDoc {
                self.doc()
            }
        }
    }
}
