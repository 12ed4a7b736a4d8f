//! Structs: fields with their serde and schemars attributes, the runtime's `struct_impls!` (serde,
//! setters, `new`, `Validate` by rules) from one field list, `Debug` (redacting secrets), and what
//! is written out (`one_of` constructors, accessors of held values, validation beyond rules).

use ccapi_loader::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

use super::builders::{constructors, takes_text};
use super::docs::{docs, field_doc};
use super::flavor::Flavor;
use super::held::held_accessors;
use super::paths::{field_type, ident, rust_type};
use super::validation::{field_rules, validate_written};

/// A struct: its fields, `struct_impls!`, `Debug` (redacted by hand when a field is secret), and
/// the constructors, accessors and `Validate` that `struct_impls!` does not give.
pub(super) fn struct_items(
    api: &Api,
    name: &str,
    doc: &str,
    erratum: Option<&str>,
    s: &StructDef,
    here: &str,
    flavor: Flavor,
) -> TokenStream {
    let name_i = ident(name);
    let doc = docs(doc, erratum, None);
    let deny = s.role == StructRole::Request;
    let rule = rename_rule(s);
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let ty = field_type(api, f, here);
        let wire = &f.wire_name;
        let fdoc = field_doc(f);
        // The serde attributes tell `schemars` what `struct_impls!` does (its serde impls): the
        // wire name, and that `None` is left out when sending (`schemars` leaves `Option` fields
        // out of `required` when reading by itself). One attribute each, so each stays one line.
        let skip = (!f.required && !f.nullable).then(|| quote!(serde(skip_serializing_if = "Option::is_none")));
        let rename =
            (rule.map(|r| r.apply(&f.rust_name)).as_deref() != Some(wire)).then(|| quote!(serde(rename = #wire)));
        let attrs: TokenStream = [rename, skip, Some(schemars_attr(f))]
            .into_iter()
            .flatten()
            .filter(|a| !a.is_empty())
            .map(|a| flavor.schemars_attrs(&[a]))
            .collect();
        quote! { #fdoc #attrs pub #fname: #ty }
    });
    let rules = field_rules(api, s);
    let impls = struct_impls(api, name, s, here, deny, rules.as_deref());
    let has_secret = s.fields.iter().any(|f| f.secret);
    let derive_debug = (!has_secret).then(|| quote!(Debug,));
    // Nothing required and no alternatives: the empty value is a meaningful default.
    let derive_default = (s.one_of.is_empty() && s.fields.iter().all(|f| !f.required)).then(|| quote!(Default,));
    let debug_impl = has_secret.then(|| {
        let entries = s.fields.iter().map(|f| {
            let fname = ident(&f.rust_name);
            let label = &f.rust_name;
            if f.secret {
                quote!(.field(#label, &super::support::Redacted))
            } else {
                quote!(.field(#label, &self.#fname))
            }
        });
        quote! {
            impl std::fmt::Debug for #name_i {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct(#name) #(#entries)* .finish()
                }
            }
        }
    });
    let mut schema_attrs = vec![quote!(derive(schemars::JsonSchema))];
    let rename_all = rule.map(RenameRule::serde_name).map(|r| quote!(rename_all = #r));
    let serde_args: Vec<TokenStream> =
        deny.then(|| quote!(deny_unknown_fields)).into_iter().chain(rename_all).collect();
    if !serde_args.is_empty() {
        schema_attrs.push(quote!(serde(#(#serde_args),*)));
    }
    let derive_schema = flavor.schemars_attrs(&schema_attrs);
    // `struct_impls!` gives `new`; the constructors of `one_of` alternatives are written out.
    let constructors = (!s.one_of.is_empty()).then(|| constructors(api, s, here));
    let accessors = held_accessors(api, s, here);
    let own_impl = (constructors.is_some() || !accessors.is_empty()).then(|| {
        quote! {
            impl #name_i {
                #constructors
                #accessors
            }
        }
    });
    let validate = rules.is_none().then(|| validate_written(api, name, s, here));
    quote! {
        #doc
        #[derive(Clone, #derive_debug #derive_default PartialEq)]
        #derive_schema
        #[non_exhaustive]
        pub struct #name_i { #(#fields,)* }

        #impls

        #debug_impl

        #own_impl

        #validate
    }
}

/// A serde `rename_all` rule, which `schemars` reads: the wire name of a field without its own
/// `rename`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RenameRule {
    /// `from_account` → `FromAccount`.
    Pascal,
    /// `from_account` → `fromAccount`.
    Camel,
}

impl RenameRule {
    /// Its name in `#[serde(rename_all = ..)]`.
    fn serde_name(self) -> &'static str {
        match self {
            RenameRule::Pascal => "PascalCase",
            RenameRule::Camel => "camelCase",
        }
    }

    /// The wire name serde gives a field of this Rust name (serde's own rule: PascalCase drops
    /// each `_` and upper-cases the first letter and each after a `_`; camelCase is that with its
    /// first letter lower-cased; a raw identifier's `r#` is not part of the name).
    fn apply(self, rust_name: &str) -> String {
        let name = rust_name.strip_prefix("r#").unwrap_or(rust_name);
        let mut pascal = String::with_capacity(name.len());
        let mut upper = true;
        for c in name.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                pascal.push(c.to_ascii_uppercase());
                upper = false;
            } else {
                pascal.push(c);
            }
        }
        match (self, pascal.chars().next()) {
            (RenameRule::Camel, Some(first)) => first.to_ascii_lowercase().to_string() + &pascal[first.len_utf8()..],
            _ => pascal,
        }
    }
}

/// The rule that gives most of a struct's wire names (at least one), so that only the others
/// need a `serde(rename)` attribute for `schemars`.
fn rename_rule(s: &StructDef) -> Option<RenameRule> {
    let hits = |r: RenameRule| s.fields.iter().filter(|f| r.apply(&f.rust_name) == f.wire_name).count();
    [RenameRule::Pascal, RenameRule::Camel]
        .into_iter()
        .map(|r| (hits(r), r))
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, _)| *n)
        .map(|(_, r)| r)
}

/// The `schemars(length(..), range(..))` attribute of a constrained field, empty otherwise.
fn schemars_attr(f: &Field) -> TokenStream {
    let c = &f.constraints;
    let mut parts = Vec::new();
    if c.min_length.is_some() || c.max_length.is_some() {
        let min = c.min_length.map(|v| quote!(min = #v,));
        let max = c.max_length.map(|v| quote!(max = #v,));
        parts.push(quote!(length(#min #max)));
    }
    if c.minimum.is_some() || c.maximum.is_some() {
        let min = c.minimum.map(|v| quote!(min = #v,));
        let max = c.maximum.map(|v| quote!(max = #v,));
        parts.push(quote!(range(#min #max)));
    }
    if parts.is_empty() { TokenStream::new() } else { quote!(schemars(#(#parts),*)) }
}

/// `struct_impls!` of a struct: its name, `deny` when it denies unknown fields, the parts it
/// gives (`new` unless the struct has `one_of` alternatives, `validate` when every field's
/// constraints are runtime rules: `rules`, one list per field), then each field's kind
/// (required; optional, skipped when `None`; nullable), Rust name, value type, wire name, what
/// `new` and its setter take (`text` or `value`) and its rules, in groups of at most
/// [`WIRE_GROUP`] (the tuples the runtime's `wire::Slots` reads into).
fn struct_impls(
    api: &Api,
    name: &str,
    s: &StructDef,
    here: &str,
    deny: bool,
    rules: Option<&[Vec<TokenStream>]>,
) -> TokenStream {
    let name = ident(name);
    let deny = deny.then(|| quote!(deny));
    let parts = [s.one_of.is_empty().then(|| quote!(new)), rules.map(|_| quote!(validate))].into_iter().flatten();
    let fields: Vec<TokenStream> = s
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (fname, ty, wire) = (ident(&f.rust_name), rust_type(api, &f.ty, here), &f.wire_name);
            let kind = ident(wire_kind(f));
            let arg = if takes_text(f) { quote!(text) } else { quote!(value) };
            let rules = rules.map_or(&[][..], |r| &r[i]);
            quote!(#kind(#fname: #ty, #wire, #arg #(, #rules)*))
        })
        .collect();
    let groups = fields.chunks(WIRE_GROUP).map(|group| quote!({ #(#group),* }));
    quote!(super::support::struct_impls!(#name #deny; #(#parts),*; #(#groups)*);)
}

/// How many fields one group of `struct_impls!` holds: the largest tuple the runtime's
/// `wire::Slots` and `wire::Fields` are implemented for.
const WIRE_GROUP: usize = 16;

/// The `struct_impls!` kind of a field: `required`, `nullable` or `optional`.
fn wire_kind(f: &Field) -> &'static str {
    match (f.required, f.nullable) {
        (true, _) => "required",
        (false, true) => "nullable",
        (false, false) => "optional",
    }
}
