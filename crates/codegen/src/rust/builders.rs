//! Struct builders: the constructors (`new`, or one per `one_of` alternative) and the setters of
//! optional fields (the runtime's `setters!`).

use ccapi_loader::ir::*;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::docs;
use super::paths::{ident, rust_type};

/// The Rust argument type of a setter/constructor and how to store it.
pub(super) fn arg(api: &Api, f: &Field, here: &str) -> (TokenStream, TokenStream) {
    let name = ident(&f.rust_name);
    let (ty, conv) = match f.ty {
        Type::String => (quote!(impl Into<String>), quote!(#name.into())),
        _ => (rust_type(api, &f.ty, here), quote!(#name)),
    };
    let store = if f.required { conv } else { quote!(Some(#conv)) };
    (quote!(#name: #ty), store)
}

/// `field: value`, or the shorthand `field` when the value is a variable of the same name.
pub(super) fn init(fname: &Ident, store: TokenStream) -> TokenStream {
    if *fname == store.to_string() { quote!(#fname) } else { quote!(#fname: #store) }
}

/// The constructors of a struct.
pub(super) fn constructors(api: &Api, name: &str, s: &StructDef, here: &str) -> TokenStream {
    let mut out = TokenStream::new();
    let groups: Vec<(String, String, Vec<&Field>)> = if s.one_of.is_empty() {
        vec![(
            "new".into(),
            format!("A `{name}` with its required fields; set the others with the methods named after them."),
            vec![],
        )]
    } else {
        s.one_of
            .iter()
            .map(|g| {
                let fs = g.fields.iter().filter_map(|w| s.fields.iter().find(|f| f.wire_name == *w)).collect();
                (g.name.clone(), format!("{} ({})", g.description, g.fields.join(" + ")), fs)
            })
            .collect()
    };
    for (cname, cdoc, extra) in groups {
        let cname = ident(&cname);
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

/// ``setters!(Name; (field, "Sets `Wire`."), ..; (field, "Sets `Wire`.", Type), ..)``: the setters of the optional
/// fields, those of text first (taking `impl Into<String>`), each storing `Some(value)`; nothing
/// when every field is required.
pub(super) fn setters(api: &Api, name: &str, s: &StructDef, here: &str) -> TokenStream {
    let (mut text, mut typed) = (Vec::new(), Vec::new());
    for f in s.fields.iter().filter(|f| !f.required) {
        let (fname, doc) = (ident(&f.rust_name), format!("Sets `{}`.", f.wire_name));
        match f.ty {
            Type::String => text.push(quote!((#fname, #doc))),
            _ => {
                let ty = rust_type(api, &f.ty, here);
                typed.push(quote!((#fname, #doc, #ty)));
            }
        }
    }
    if text.is_empty() && typed.is_empty() {
        return TokenStream::new();
    }
    let name = ident(name);
    quote!(super::support::setters!(#name; #(#text),*; #(#typed),*);)
}
