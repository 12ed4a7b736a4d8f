//! The ccapi generator as a proc-macro: `ccapi_macros::generate!("path/to/spec")` expands to the
//! same modules as the checked-in `ccapi-models` crate (`support`, `common`, one per family),
//! generated from your own spec directory (relative to your crate's `Cargo.toml`).
//!
//! ```ignore
//! mod api {
//!     ccapi_macros::generate!("spec");
//! }
//! let req = api::desk::SendStreamMsgRequest::new("session", "Hello");
//! ```
//!
//! The expansion uses `serde` (with `derive`), `serde_json`, `schemars` and `regex`: add them to
//! your crate's dependencies. A spec with problems fails the build with the same `file:line:col`
//! diagnostics as `cargo xtask check`. The expansion names every spec file with `include_bytes!`,
//! so editing the spec rebuilds your crate.

use std::path::{Path, PathBuf};

use proc_macro::TokenStream;
use quote::quote;

/// Expands to the models generated from the spec directory given as a string literal.
#[proc_macro]
pub fn generate(input: TokenStream) -> TokenStream {
    let lit = match syn::parse::<syn::LitStr>(input) {
        Ok(l) => l,
        Err(e) => return e.to_compile_error().into(),
    };
    let base = std::env::var("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_default();
    let dir = base.join(lit.value());
    expand(&dir, lit.span()).into()
}

fn expand(dir: &Path, span: proc_macro2::Span) -> proc_macro2::TokenStream {
    let loaded = ccapi_loader::load_dir(dir);
    let tracked: Vec<String> =
        loaded.sources.iter().filter(|f| f.path.is_file()).map(|f| f.path.display().to_string()).collect();
    let track = quote! { #(const _: &[u8] = include_bytes!(#tracked);)* };
    match &loaded.api {
        Some(api) => {
            let models = ccapi_codegen::model_tokens(api);
            quote! { #track #models }
        }
        None => {
            let message = format!("the spec has errors:\n\n{}", loaded.diagnostics.render(&loaded.sources));
            let err = syn::Error::new(span, message).to_compile_error();
            quote! { #track #err }
        }
    }
}
