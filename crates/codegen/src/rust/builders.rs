//! Struct builders written out: the constructors of `one_of` alternatives (the runtime's
//! `struct_impls!` gives `new` and the setters), and what a record's `new` takes.

use ccapi_loader::ir::*;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::docs;
use super::paths::{ident, rust_type};

/// The Rust argument type of a setter/constructor and how to store it.
pub(super) fn arg(api: &Api, f: &Field, here: &str) -> (TokenStream, TokenStream) {
    let name = ident(&f.rust_name);
    let (ty, conv) = if takes_text(f) {
        (quote!(impl Into<String>), quote!(#name.into()))
    } else {
        (rust_type(api, &f.ty, here), quote!(#name))
    };
    let store = if f.required { conv } else { quote!(Some(#conv)) };
    (quote!(#name: #ty), store)
}

/// Whether a constructor or setter takes field `f` as `impl Into<String>` (text) rather than as
/// its own type.
pub(super) fn takes_text(f: &Field) -> bool {
    matches!(f.ty, Type::String)
}

/// `field: value`, or the shorthand `field` when the value is a variable of the same name.
pub(super) fn init(fname: &Ident, store: TokenStream) -> TokenStream {
    if *fname == store.to_string() { quote!(#fname) } else { quote!(#fname: #store) }
}

/// The constructors of a struct with `one_of` alternatives, one per alternative.
pub(super) fn constructors(api: &Api, s: &StructDef, here: &str) -> TokenStream {
    let mut out = TokenStream::new();
    let groups = s.one_of.iter().map(|g| {
        let fs: Vec<&Field> = g.fields.iter().filter_map(|w| s.fields.iter().find(|f| f.wire_name == *w)).collect();
        (&g.name, format!("{} ({})", g.description, g.fields.join(" + ")), fs)
    });
    for (cname, cdoc, extra) in groups {
        let cname = ident(cname);
        let cdoc = docs(&cdoc, None, None);
        let mut params = Vec::new();
        let mut inits = Vec::new();
        for f in &s.fields {
            let fname = ident(&f.rust_name);
            if f.required || extra.iter().any(|e| e.wire_name == f.wire_name) {
                let (p, store) = arg(api, f, here);
                params.push(p);
                inits.push(init(&fname, store));
            } else {
                inits.push(quote!(#fname: None));
            }
        }
        let allow = (params.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        out.extend(quote! {
            #cdoc
            #allow
            pub fn #cname(#(#params),*) -> Self {
                Self { #(#inits,)* }
            }
        });
    }
    out
}
