//! `Validate` impls: the checks of each field's documented constraints and of `one_of` groups.

use ccapi_loader::ir::*;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value as Json;

use super::literals::{opt_i128, opt_u64};
use super::paths::{ident, named_path};

/// Statements checking one value (`v`, a reference) of field `f`.
fn value_checks(api: &Api, f: &Field, ty: &Type, v: TokenStream, is_item: bool) -> TokenStream {
    let wire = &f.wire_name;
    let c = &f.constraints;
    let mut out = TokenStream::new();
    match ty {
        Type::String if !is_item => {
            if c.min_length.is_some() || c.max_length.is_some() || !c.not_contains.is_empty() {
                let min = opt_u64(c.min_length);
                let max = opt_u64(c.max_length);
                let nc = &c.not_contains;
                out.extend(quote! {
                    s::check_str(errors, path, #wire, #v, s::StrRules::new(#min, #max, &[#(#nc),*]));
                });
            }
            if let Some(p) = &c.pattern {
                out.extend(quote! {
                    static PATTERN: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
                    s::check_pattern(errors, path, #wire, #v, &PATTERN, #p);
                });
            }
            if let Some(Json::String(k)) = &c.const_value {
                out.extend(quote! {
                    if #v != #k {
                        s::fail(errors, path, #wire, format!("must be `{}`", #k));
                    }
                });
            }
        }
        Type::Int(_) if !is_item && (c.minimum.is_some() || c.maximum.is_some()) => {
            let min = opt_i128(c.minimum);
            let max = opt_i128(c.maximum);
            out.extend(quote! {
                s::check_int(errors, path, #wire, i128::from(*#v), #min, #max);
            });
        }
        Type::Named(id) => match &api.ty(*id).kind {
            TypeKind::Enum(_) => out.extend(quote! {
                s::check_known(errors, path, #wire, #v.is_known(), #v);
            }),
            _ => {
                if is_item {
                    out.extend(
                        quote!(s::Validate::validate_at(#v, &format!("{}[{}]", s::join(path, #wire), i), errors);),
                    );
                } else {
                    out.extend(quote!(s::Validate::validate_at(#v, &s::join(path, #wire), errors);));
                }
            }
        },
        Type::Array(inner) => {
            if c.min_items.is_some() || c.max_items.is_some() {
                let min = opt_u64(c.min_items);
                let max = opt_u64(c.max_items);
                out.extend(quote!(s::check_items(errors, path, #wire, #v.len(), #min, #max);));
            }
            let nested = matches!(&**inner, Type::Named(id) if !matches!(api.ty(*id).kind, TypeKind::Enum(_)));
            let inner_checks = value_checks(api, f, inner, quote!(item), true);
            if nested {
                out.extend(quote!(s::validate_items(errors, path, #wire, #v);));
            } else if !inner_checks.is_empty() {
                out.extend(quote! {
                    for (i, item) in #v.iter().enumerate() {
                        let _ = i;
                        #inner_checks
                    }
                });
            }
        }
        _ => {}
    }
    out
}

/// Statements checking that a field's text (`text`) parses as what it holds.
fn holds_checks(api: &Api, s: &StructDef, f: &Field, here: &str) -> TokenStream {
    let wire = &f.wire_name;
    let check_for = |id: TypeId| {
        let t = named_path(api, id, here);
        match api.ty(id).kind {
            TypeKind::Record(_) => quote!(s::check_held_record::<#t>(errors, path, #wire, text);),
            _ => quote!(s::check_held_json::<#t>(errors, path, #wire, text);),
        }
    };
    match f.holds.as_ref() {
        None => TokenStream::new(),
        Some(Holds::Json) => quote!(s::check_json_text(errors, path, #wire, text);),
        Some(Holds::Type(id)) => check_for(*id),
        Some(Holds::ByField { field, rust_field, cases }) => {
            let sel = ident(rust_field);
            let sel_def = s.fields.iter().find(|x| x.wire_name == *field).expect("resolved");
            let Type::Named(enum_id) = sel_def.ty else { return TokenStream::new() };
            let enum_path = named_path(api, enum_id, here);
            let sel_value = if sel_def.required { quote!(Some(&self.#sel)) } else { quote!(self.#sel.as_ref()) };
            let arms = cases.iter().map(|(case, id)| {
                let v = ident(&case.rust_variant);
                let check = check_for(*id);
                quote!(Some(#enum_path::#v) => { #check })
            });
            quote! {
                match #sel_value {
                    #(#arms)*
                    _ => {}
                }
            }
        }
    }
}

/// The rules of the runtime's `validate!` for field `f`'s documented constraints, or
/// `None` when one of them is not such a rule (a pattern, a fixed value, held text, an array of
/// arrays): then the struct's `Validate` impl is written out.
fn rules(api: &Api, f: &Field) -> Option<Vec<TokenStream>> {
    let c = &f.constraints;
    if f.holds.is_some() || c.pattern.is_some() || c.const_value.is_some() {
        return None;
    }
    let mut out = Vec::new();
    match &f.ty {
        Type::String if c.min_length.is_some() || c.max_length.is_some() || !c.not_contains.is_empty() => {
            let (min, max, nc) = (opt_u64(c.min_length), opt_u64(c.max_length), &c.not_contains);
            out.push(quote!(str(#min, #max, &[#(#nc),*])));
        }
        Type::Int(_) if c.minimum.is_some() || c.maximum.is_some() => {
            let (min, max) = (opt_i128(c.minimum), opt_i128(c.maximum));
            out.push(quote!(int(#min, #max)));
        }
        Type::Named(id) => out.push(match api.ty(*id).kind {
            TypeKind::Enum(_) => quote!(known()),
            _ => quote!(nested()),
        }),
        Type::Array(inner) => {
            if c.min_items.is_some() || c.max_items.is_some() {
                let (min, max) = (opt_u64(c.min_items), opt_u64(c.max_items));
                out.push(quote!(items(#min, #max)));
            }
            match &**inner {
                Type::Named(id) => out.push(match api.ty(*id).kind {
                    TypeKind::Enum(_) => quote!(each_known()),
                    _ => quote!(nested()),
                }),
                Type::Array(_) => return None,
                _ => {}
            }
        }
        _ => {}
    }
    Some(out)
}

/// Each field's rules (one list per field, in order, empty for a field without constraints) when
/// every field's constraints are runtime rules and there are no `one_of` groups: then the
/// runtime checks them (`struct_impls!`, `validate!`); `None` otherwise.
pub(super) fn field_rules(api: &Api, s: &StructDef) -> Option<Vec<Vec<TokenStream>>> {
    if !s.one_of.is_empty() {
        return None;
    }
    s.fields.iter().map(|f| rules(api, f)).collect()
}

/// `validate!(Name; (field, "Wire", rules..), ..; (field, "Wire", rules..), ..)`, the required
/// fields with rules first, when [`field_rules`] gives the rules; `None` otherwise.
fn validate_by_rules(api: &Api, name: &str, s: &StructDef) -> Option<TokenStream> {
    let name_i = ident(name);
    let (mut required, mut optional) = (Vec::new(), Vec::new());
    for (f, rules) in s.fields.iter().zip(field_rules(api, s)?) {
        if rules.is_empty() {
            continue;
        }
        let (fname, wire) = (ident(&f.rust_name), &f.wire_name);
        let entry = quote!((#fname, #wire, #(#rules),*));
        if f.required { required.push(entry) } else { optional.push(entry) }
    }
    Some(quote!(super::support::validate!(#name_i; #(#required),*; #(#optional),*);))
}

/// The `Validate` impl of a record: the runtime's `validate!` where its rules are all runtime
/// rules, written out otherwise.
pub(super) fn validate_record(api: &Api, name: &str, s: &StructDef, here: &str) -> TokenStream {
    validate_by_rules(api, name, s).unwrap_or_else(|| validate_written(api, name, s, here))
}

/// The `Validate` impl written out, for a struct or record whose constraints are not all runtime
/// rules ([`field_rules`] gives `None`): each field's checks, then its `one_of` groups.
pub(super) fn validate_written(api: &Api, name: &str, s: &StructDef, here: &str) -> TokenStream {
    let name_i = ident(name);
    let mut body = TokenStream::new();
    for f in &s.fields {
        let fname = ident(&f.rust_name);
        let checks = value_checks(api, f, &f.ty, quote!(value), false);
        let holds = holds_checks(api, s, f, here);
        let holds = if holds.is_empty() {
            holds
        } else {
            quote! { let text: &str = value; #holds }
        };
        if checks.is_empty() && holds.is_empty() {
            continue;
        }
        if f.required {
            body.extend(quote! { { let value = &self.#fname; #checks #holds } });
        } else {
            body.extend(quote! { if let Some(value) = &self.#fname { #checks #holds } });
        }
    }
    if !s.one_of.is_empty() {
        let alts = s.one_of.iter().map(|g| {
            let gname = &g.name;
            let entries = g.fields.iter().map(|w| {
                let f = s.fields.iter().find(|f| f.wire_name == *w).expect("resolved");
                let fname = ident(&f.rust_name);
                quote!((#w, self.#fname.is_some()))
            });
            quote!((#gname, &[#(#entries),*]))
        });
        body.extend(quote! {
            s::check_one_of(errors, path, &[#(#alts),*]);
        });
    }
    let (path_arg, errors_arg) =
        if body.is_empty() { (quote!(_path), quote!(_errors)) } else { (quote!(path), quote!(errors)) };
    // The checks name the runtime as `s`, which keeps each one a line.
    let alias = (!body.is_empty()).then(|| {
        quote!(
            use super::support as s;
        )
    });
    quote! {
        impl super::support::Validate for #name_i {
            fn validate_at(&self, #path_arg: &str, #errors_arg: &mut Vec<super::support::ValidationError>) {
                #alias
                #body
            }
        }
    }
}
