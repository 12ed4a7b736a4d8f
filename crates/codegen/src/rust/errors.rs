//! Error-code enums (an operation's, or a shared set's) and their code tables.

use ccapi_loader::ir::*;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::docs::docs;
use super::paths::ident;

/// The error-code enum of an operation or a shared set.
pub(super) fn error_enum(name: &str, doc: &str, own: &[ErrorCode], sets: &[(String, String)]) -> TokenStream {
    let name_i = ident(name);
    let doc = docs(doc, None, None);
    let variants = own.iter().map(|c| {
        let vi = ident(&c.rust_name);
        let retry = if c.retryable { " Retryable." } else { "" };
        let d = docs(&format!("{}: {}{retry}", c.code, c.description), None, c.note.as_deref());
        quote!(#d #vi)
    });
    let shared: Vec<(Ident, TokenStream)> =
        sets.iter().map(|(variant, path)| (ident(variant), path.parse().expect("a path"))).collect();
    let set_variants = shared.iter().map(|(vi, p)| {
        let d = docs(&format!("A code of the shared table `{vi}`."), None, None);
        quote!(#d #vi(#p))
    });
    let table = own.iter().map(|c| {
        let vi = ident(&c.rust_name);
        let code = Literal::i64_unsuffixed(c.code);
        let (d, r) = (&c.description, c.retryable);
        let note = c.note.as_deref().map(|n| quote!(, #n));
        quote!((#vi, #code, #d, #r #note))
    });
    let shared_args = shared.iter().map(|(vi, p)| quote!(#vi(#p)));
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name_i {
            #(#variants,)*
            #(#set_variants,)*
            /// A code this spec does not document.
            Unknown(i64),
        }

        super::support::error_codes!(#name_i; #(#shared_args),*; #(#table),*);
    }
}
