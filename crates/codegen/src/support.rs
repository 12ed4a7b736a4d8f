//! The models' runtime for the proc-macro: the model crate's hand-written `support` module
//! (`crates/models/src/support.rs`), embedded as it is, so that code generated from a user's spec
//! runs on the same compiled, tested code as the checked-in models (progenitor-client's pattern).

use proc_macro2::TokenStream;
use quote::quote;

/// The runtime's source text.
pub const SOURCE: &str = include_str!("../../models/src/support.rs");

/// `pub mod support { .. }` holding the runtime.
pub fn embedded() -> TokenStream {
    let file = syn::parse_file(SOURCE).expect("the models' support module is valid Rust (it is compiled)");
    let attrs = &file.attrs;
    let items = &file.items;
    quote! {
        pub mod support {
            #(#attrs)*
            #(#items)*
        }
    }
}
