//! Accessors of string fields that hold another value (`{field}_json`, `{field}_parsed`, `{field}_as_{type}`).

use std::collections::BTreeSet;

use ccapi_loader::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

use super::docs::docs;
use super::paths::{ident, named_path};

/// The accessors of every field of `s` that holds another value.
pub(super) fn held_accessors(api: &Api, s: &StructDef, here: &str) -> TokenStream {
    let mut out = TokenStream::new();
    for f in &s.fields {
        let fname = ident(&f.rust_name);
        let text = if f.required { quote!(Some(self.#fname.as_str())) } else { quote!(self.#fname.as_deref()) };
        match &f.holds {
            None => {}
            Some(Holds::Json) => out.extend(json_accessor(f, &text)),
            Some(Holds::Type(id)) => out.extend(parsed_accessor(api, f, *id, &text, here)),
            Some(Holds::ByField { field, rust_field, cases }) => {
                out.extend(by_field_accessors(api, s, f, (field, rust_field, cases), &text, here))
            }
        }
    }
    out
}

/// `{field}_json`: the text read as JSON.
fn json_accessor(f: &Field, text: &TokenStream) -> TokenStream {
    let m = ident(f.holds_accessor.as_deref().expect("the spec crate names the accessor"));
    let d = docs(&format!("`{}` read as JSON (`None` when absent).", f.wire_name), None, None);
    quote! {
        #d
        pub fn #m(&self) -> Option<Result<serde_json::Value, serde_json::Error>> {
            #text.map(serde_json::from_str)
        }
    }
}

/// `{field}_parsed`: the text read as the one type it holds.
fn parsed_accessor(api: &Api, f: &Field, id: TypeId, text: &TokenStream, here: &str) -> TokenStream {
    let m = ident(f.holds_accessor.as_deref().expect("the spec crate names the accessor"));
    let t = named_path(api, id, here);
    let d = docs(&format!("`{}` read as `{}` (`None` when absent).", f.wire_name, api.ty(id).rust_name), None, None);
    let parse = held_parse(api, id, &t);
    quote! {
        #d
        pub fn #m(&self) -> Option<Result<#t, super::support::HeldError>> {
            #text.map(|text| #parse)
        }
    }
}

/// `{field}_as_{type}`, one per type the field holds, chosen by the value of a selector field.
fn by_field_accessors(
    api: &Api,
    s: &StructDef,
    f: &Field,
    (field, rust_field, cases): (&String, &String, &[(EnumCase, TypeId)]),
    text: &TokenStream,
    here: &str,
) -> TokenStream {
    let mut out = TokenStream::new();
    let sel = ident(rust_field);
    let sel_def = s.fields.iter().find(|x| x.wire_name == *field).expect("the spec crate resolved it");
    let Type::Named(enum_id) = sel_def.ty else { return out };
    let enum_path = named_path(api, enum_id, here);
    let sel_value = if sel_def.required { quote!(Some(&self.#sel)) } else { quote!(self.#sel.as_ref()) };
    let mut seen = BTreeSet::new();
    for (case, id) in cases {
        let tdef = api.ty(*id);
        let m = ident(&case.accessor);
        let t = named_path(api, *id, here);
        let variants: Vec<&str> = cases.iter().filter(|(_, i)| i == id).map(|(c, _)| c.rust_variant.as_str()).collect();
        if !seen.insert(*id) {
            continue;
        }
        let pats = variants.iter().map(|v| {
            let v = ident(v);
            quote!(#enum_path::#v)
        });
        let wires: Vec<String> = cases.iter().filter(|(_, i)| i == id).map(|(c, _)| c.value.clone()).collect();
        let d = docs(
            &format!(
                "`{}` read as `{}` when `{field}` is {} (`None` otherwise, or when absent).",
                f.wire_name,
                tdef.rust_name,
                wires.join(" or ")
            ),
            None,
            None,
        );
        let parse = held_parse(api, *id, &t);
        out.extend(quote! {
            #d
            pub fn #m(&self) -> Option<Result<#t, super::support::HeldError>> {
                match #sel_value {
                    #(Some(#pats))|* => #text.map(|text| #parse),
                    _ => None,
                }
            }
        });
    }
    out
}

/// The expression parsing `text` as the held type `t` (a record by `FromStr`, else JSON).
fn held_parse(api: &Api, id: TypeId, t: &TokenStream) -> TokenStream {
    match api.ty(id).kind {
        TypeKind::Record(_) => quote!(text.parse::<#t>().map_err(super::support::HeldError::Record)),
        _ => quote!(serde_json::from_str::<#t>(text).map_err(super::support::HeldError::Json)),
    }
}
