//! The models' runtime for the proc-macro: the model crate's hand-written `support` module
//! (the crate `ccapi-support`, `crates/support/src/lib.rs`), embedded as it is, so that code generated from a user's spec
//! runs on the same compiled, tested code as the checked-in models (progenitor-client's pattern).

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

/// The runtime's source text.
pub const SOURCE: &str = include_str!("../../support/src/lib.rs");

/// The crate feature that exports the runtime's macros from the crate; embedded, they are
/// re-exported within the module instead.
const EXPORTED_MACROS: &str = "exported-macros";

/// `pub mod support { .. }` holding the runtime, its macros re-exported within the module (the
/// crate's `exported-macros` switches resolved as off, so the user's crate sees no cfg of a
/// feature it does not have).
pub fn embedded() -> TokenStream {
    let mut file = syn::parse_file(SOURCE).expect("the models' support module is valid Rust (it is compiled)");
    let names_the_feature = |a: &syn::Attribute| a.to_token_stream().to_string().contains(EXPORTED_MACROS);
    for item in &mut file.items {
        match item {
            // `#[cfg_attr(feature = "exported-macros", macro_export)]`: off.
            syn::Item::Macro(m) => m.attrs.retain(|a| !names_the_feature(a)),
            // `#[cfg(not(feature = "exported-macros"))] pub(crate) use ..;`: on.
            syn::Item::Use(u) => u.attrs.retain(|a| !names_the_feature(a)),
            _ => {}
        }
    }
    let attrs = &file.attrs;
    let items = &file.items;
    quote! {
        pub mod support {
            #(#attrs)*
            #(#items)*
        }
    }
}
