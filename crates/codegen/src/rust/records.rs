//! Records: structs written as delimited text, with `FromStr`, `Display` and validation.

use ccapi_loader::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

use super::builders::{arg, init};
use super::docs::{docs, field_doc};
use super::paths::{ident, rust_type};
use super::validation::validate_record;

/// A record: its struct, `new`, `FromStr`, `Display` and `Validate`.
pub(super) fn record_items(api: &Api, def: &TypeDef, r: &RecordDef, here: &str) -> TokenStream {
    let name = ident(&def.rust_name);
    let name_s = &def.rust_name;
    let format: Vec<&str> = r.fields.iter().map(|f| f.wire_name.as_str()).collect();
    let format = format.join(&r.delimiter);
    let doc = docs(&format!("{}\n\nText format: `{format}`.", def.description), def.erratum.as_deref(), None);
    let n = r.fields.len();
    let delim = &r.delimiter;
    let fields = r.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let ty = rust_type(api, &f.ty, here);
        let d = field_doc(f);
        quote!(#d pub #fname: #ty)
    });
    let parse = r.fields.iter().enumerate().map(|(i, f)| {
        let fname = ident(&f.rust_name);
        let wire = &f.wire_name;
        match f.ty {
            Type::Int(_) => quote!(#fname: super::support::record_int(parts[#i], #wire, #name_s)?),
            _ => quote!(#fname: parts[#i].to_string()),
        }
    });
    let writes = r.fields.iter().enumerate().map(|(i, f)| {
        let fname = ident(&f.rust_name);
        let fmt =
            if i == 0 { "{}".to_string() } else { format!("{}{{}}", delim.replace('{', "{{").replace('}', "}}")) };
        quote!(write!(f, #fmt, self.#fname)?;)
    });
    let s = StructDef { fields: r.fields.clone(), one_of: vec![], role: StructRole::Nested };
    let validate = validate_record(api, name_s, &s, here);
    let params = r.fields.iter().map(|f| arg(api, f, here).0);
    let inits = r.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        init(&fname, arg(api, f, here).1)
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct #name { #(#fields,)* }

        impl #name {
            /// A record from its parts.
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits,)* }
            }
        }

        impl std::str::FromStr for #name {
            type Err = super::support::RecordError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                let parts = super::support::split_record(text, #delim, #n, #name_s, #format)?;
                Ok(Self { #(#parse,)* })
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                #(#writes)*
                Ok(())
            }
        }

        #validate
    }
}
