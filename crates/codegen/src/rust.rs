//! IR → Rust model code (`quote!` tokens; [`crate::format`] turns them into files).

use std::collections::BTreeSet;

use ccapi_spec::ir::*;
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;
use serde_json::Value as Json;

/// Where the generated models live, which decides how they reach their runtime and `schemars`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// The checked-in model crate: `support` is its hand-written module, `schemars` impls are
    /// behind its `schemars` feature and each family module behind the family's feature.
    Crate,
    /// The proc-macro's expansion: `support` is embedded, `schemars` impls always present.
    Macro,
}

impl Flavor {
    /// `#[cfg(feature = "schemars")]` for the crate, nothing for the macro.
    fn cfg_schemars(self) -> TokenStream {
        match self {
            Flavor::Crate => quote!(#[cfg(feature = "schemars")]),
            Flavor::Macro => TokenStream::new(),
        }
    }

    /// Items gated on `schemars` as [`Flavor::cfg_schemars`] says.
    fn gate_schemars(self, item: TokenStream) -> TokenStream {
        let cfg = self.cfg_schemars();
        quote!(#cfg #item)
    }

    /// An attribute that only applies with `schemars` (`derive(schemars::JsonSchema)`).
    fn schemars_attr(self, attr: TokenStream) -> TokenStream {
        match (self, attr.is_empty()) {
            (_, true) => TokenStream::new(),
            (Flavor::Crate, false) => quote!(#[cfg_attr(feature = "schemars", #attr)]),
            (Flavor::Macro, false) => quote!(#[#attr]),
        }
    }
}

pub(crate) fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// `#[doc = ...]` lines for a description (plus erratum and note, when present).
pub(crate) fn docs(text: &str, erratum: Option<&str>, note: Option<&str>) -> TokenStream {
    let mut lines: Vec<String> = text.lines().map(|l| format!(" {l}")).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    if let Some(e) = erratum {
        lines.push(String::new());
        lines.push(format!(" **Erratum:** {e}"));
    }
    if let Some(n) = note {
        lines.push(String::new());
        lines.push(format!(" **Note:** {n}"));
    }
    let lines = lines.into_iter().map(|l| escape_doc(&l));
    quote! { #( #[doc = #lines] )* }
}

/// Keeps vendor text valid rustdoc: markdown links (`[text](https://...)`) stay links, bare URLs
/// become autolinks (`<https://...>`), and other brackets and angle brackets are escaped so they
/// are not read as intra-doc links or HTML.
fn escape_doc(line: &str) -> String {
    static LINK: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    static URL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let link = LINK.get_or_init(|| regex::Regex::new(r"\[[^\]\[]*\]\(https?://[^)\s]+\)").expect("valid"));
    let url = URL.get_or_init(|| regex::Regex::new(r"https?://[^\s)<>]*[^\s)<>.,;:]").expect("valid"));
    let escape = |s: &str| s.replace('<', "&lt;").replace('>', "&gt;").replace('[', "\\[").replace(']', "\\]");
    let plain = |s: &str| {
        let mut out = String::new();
        let mut last = 0;
        for m in url.find_iter(s) {
            out.push_str(&escape(&s[last..m.start()]));
            out.push_str(&format!("<{}>", m.as_str()));
            last = m.end();
        }
        out.push_str(&escape(&s[last..]));
        out
    };
    let mut out = String::new();
    let mut last = 0;
    for m in link.find_iter(line) {
        out.push_str(&plain(&line[last..m.start()]));
        out.push_str(m.as_str());
        last = m.end();
    }
    out.push_str(&plain(&line[last..]));
    out
}

/// The Rust type of an IR type, as seen from module `here`.
fn rust_type(api: &Api, ty: &Type, here: &str) -> TokenStream {
    type_tokens(ty, &|id| named_path(api, id, here))
}

/// The Rust type of an IR type, naming named types with `named`.
pub(crate) fn type_tokens(ty: &Type, named: &dyn Fn(TypeId) -> TokenStream) -> TokenStream {
    match ty {
        Type::String => quote!(String),
        Type::Bool => quote!(bool),
        Type::Int(it) => {
            let i = ident(it.rust());
            quote!(#i)
        }
        Type::F64 => quote!(f64),
        Type::Json => quote!(serde_json::Value),
        Type::Named(id) => named(*id),
        Type::Array(inner) => {
            let inner = type_tokens(inner, named);
            quote!(Vec<#inner>)
        }
    }
}

fn named_path(api: &Api, id: TypeId, here: &str) -> TokenStream {
    let def = api.ty(id);
    let name = ident(&def.rust_name);
    if def.module == here {
        quote!(#name)
    } else {
        let m = ident(&def.module);
        quote!(super::#m::#name)
    }
}

fn field_type(api: &Api, f: &Field, here: &str) -> TokenStream {
    let t = rust_type(api, &f.ty, here);
    if f.required { t } else { quote!(Option<#t>) }
}

/// Every module of the model code: (module name, its docs, its items).
pub fn modules(api: &Api, flavor: Flavor) -> Vec<(String, String, TokenStream)> {
    let mut out = Vec::new();
    for m in api.modules() {
        let items = module_items(api, &m, flavor);
        let doc = match api.family(&m) {
            Some(f) => format!("{}\n\n{}", f.title, f.description),
            None => "Types shared by several families: servers, auth parameters, envelopes and shared error codes."
                .to_string(),
        };
        out.push((m, doc, items));
    }
    out
}

fn module_items(api: &Api, module: &str, flavor: Flavor) -> TokenStream {
    let mut items = TokenStream::new();
    if module == "common" {
        for s in &api.servers {
            items.extend(server_items(s));
        }
        for a in &api.auth {
            items.extend(auth_items(api, a, flavor));
        }
        for set in &api.error_sets {
            let name = &set.rust_name;
            let doc = format!(
                "{}{}",
                set.description,
                set.source.as_ref().map(|s| format!("\n\nSource: {s}")).unwrap_or_default()
            );
            items.extend(error_enum(name, &doc, &set.codes, &[]));
        }
    }
    for (i, def) in api.types.iter().enumerate() {
        if def.module == module {
            items.extend(type_items(api, TypeId(i), module, flavor));
        }
    }
    if let Some(f) = api.family(module) {
        for op in &f.operations {
            items.extend(operation_items(api, f, op));
        }
    }
    items
}

fn server_items(s: &Server) -> TokenStream {
    let static_name = ident(&s.static_name);
    let (key, template) = (&s.key, opt_str(s.template.as_deref()));
    let default_region = opt_str(s.default_region.as_deref());
    let docs_of = s.regions.iter().map(|r| {
        let (k, title, primary, backup) = (&r.key, &r.title, &r.primary, opt_str(r.backup.as_deref()));
        quote!(super::support::RegionDoc { server: #key, key: #k, title: #title, primary: #primary, backup: #backup })
    });
    let doc = docs(&format!("The `{}` server: {}", s.key, s.description), None, None);
    let mut out = quote! {
        #doc
        pub static #static_name: super::support::ServerDoc = super::support::ServerDoc {
            key: #key,
            regions: &[#(#docs_of),*],
            default_region: #default_region,
            template: #template,
        };
    };
    if s.regions.is_empty() {
        return out;
    }
    let name = ident(&s.region_enum);
    let doc = docs(&format!("Regions of the `{}` server: {}", s.key, s.description), None, None);
    let variants = s.regions.iter().map(|r| {
        let v = ident(&r.rust_name);
        let is_default = s.default_region.as_deref() == Some(r.key.as_str());
        let d =
            docs(&format!("{} (`{}`){}.", r.title, r.key, if is_default { ", the default" } else { "" }), None, None);
        let attr = is_default.then(|| quote!(#[default]));
        quote!(#d #attr #v)
    });
    let all = s.regions.iter().map(|r| {
        let v = ident(&r.rust_name);
        quote!(Self::#v)
    });
    let derive_default = s.default_region.is_some().then(|| quote!(Default,));
    out.extend(quote! {
        #doc
        #[derive(Clone, Copy, Debug, #derive_default PartialEq, Eq, Hash)]
        pub enum #name { #(#variants,)* }

        impl #name {
            /// Every region.
            pub const ALL: &'static [Self] = &[#(#all),*];

            /// What the spec says of this region (its key, title and domains).
            pub fn doc(self) -> &'static super::support::RegionDoc {
                &#static_name.regions[self as usize]
            }

            /// The key used in configuration (`silicon-valley`).
            pub fn key(self) -> &'static str {
                self.doc().key
            }

            /// The region with this key.
            pub fn from_key(key: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|r| r.key() == key)
            }

            /// The primary base URL.
            pub fn primary(self) -> &'static str {
                self.doc().primary
            }

            /// The backup base URL, if documented.
            pub fn backup(self) -> Option<&'static str> {
                self.doc().backup
            }
        }
    });
    out
}

fn opt_str(v: Option<&str>) -> TokenStream {
    match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

/// The static describing an auth scheme to the runtime.
fn auth_doc(a: &AuthScheme) -> TokenStream {
    let static_name = ident(&a.static_name);
    let key = &a.key;
    let kind = ident(match a.kind {
        AuthKind::TencentUserSig => "TencentUserSig",
        AuthKind::Headers => "Headers",
        AuthKind::CcmessagingToken => "CcmessagingToken",
    });
    let params = a.params.iter().map(|p| {
        let (name, secret, env) = (&p.wire_name, p.secret, &p.env);
        let location = ident(match p.location {
            AuthIn::Query => "Query",
            AuthIn::Header => "Header",
        });
        let role = match &p.role {
            AuthRole::Fixed(v) => quote!(Fixed(#v)),
            other => {
                let r = ident(match other {
                    AuthRole::AppId => "AppId",
                    AuthRole::Identifier => "Identifier",
                    AuthRole::UserSig => "UserSig",
                    AuthRole::Random => "Random",
                    AuthRole::Given => "Given",
                    AuthRole::BearerAccessToken => "BearerAccessToken",
                    AuthRole::AppKey => "AppKey",
                    AuthRole::ConversationToken => "ConversationToken",
                    AuthRole::Fixed(_) => unreachable!("matched above"),
                });
                quote!(#r)
            }
        };
        quote! {
            super::support::AuthParam {
                name: #name,
                location: super::support::AuthIn::#location,
                role: super::support::AuthRole::#role,
                secret: #secret,
                env: #env,
            }
        }
    });
    let doc = docs(&format!("The `{}` auth scheme: {}", a.key, a.description), None, None);
    quote! {
        #doc
        pub static #static_name: super::support::AuthDoc = super::support::AuthDoc {
            key: #key,
            kind: super::support::AuthKind::#kind,
            params: &[#(#params),*],
        };
    }
}

fn auth_items(api: &Api, a: &AuthScheme, flavor: Flavor) -> TokenStream {
    let mut out = auth_doc(a);
    for (fields, name, what) in
        [(&a.query, &a.query_struct, "query parameters"), (&a.headers, &a.headers_struct, "headers")]
    {
        if fields.is_empty() {
            continue;
        }
        let doc = format!("The {what} of the `{}` auth scheme: {}", a.key, a.description);
        let s = StructDef { fields: fields.clone(), one_of: vec![], role: StructRole::Nested };
        out.extend(struct_items(api, name, &doc, None, &s, "common", flavor));
    }
    out
}

fn type_items(api: &Api, id: TypeId, here: &str, flavor: Flavor) -> TokenStream {
    let def = api.ty(id);
    match &def.kind {
        TypeKind::Struct(s) => {
            let mut t = struct_items(api, &def.rust_name, &def.description, def.erratum.as_deref(), s, here, flavor);
            if s.role == StructRole::Response {
                t.extend(envelope_impl(api, id, def));
            }
            t
        }
        TypeKind::Enum(e) => enum_items(def, e, flavor),
        TypeKind::Union(u) => union_items(api, def, u, here, flavor),
        TypeKind::Record(r) => record_items(api, def, r, here),
    }
}

fn struct_items(
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
    let deny = (s.role == StructRole::Request).then(|| quote!(#[serde(deny_unknown_fields)]));
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let ty = field_type(api, f, here);
        let wire = &f.wire_name;
        let fdoc = field_doc(f);
        let serde_attr = match (f.required, f.nullable) {
            (true, _) => quote!(#[serde(rename = #wire)]),
            (false, true) => quote!(#[serde(rename = #wire, default)]),
            (false, false) => quote!(#[serde(rename = #wire, default, skip_serializing_if = "Option::is_none")]),
        };
        let schemars_attr = flavor.schemars_attr(schemars_attr(f));
        quote! { #fdoc #serde_attr #schemars_attr pub #fname: #ty }
    });
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
    let derive_schema = flavor.schemars_attr(quote!(derive(schemars::JsonSchema)));
    let constructors = constructors(api, name, s, here);
    let validate = validate_struct(api, name, s, here);
    let accessors = held_accessors(api, s, here);
    quote! {
        #doc
        #[derive(Clone, #derive_debug #derive_default PartialEq, serde::Serialize, serde::Deserialize)]
        #derive_schema
        #[non_exhaustive]
        #deny
        pub struct #name_i { #(#fields,)* }

        #debug_impl

        impl #name_i {
            #constructors
            #accessors
        }

        #validate
    }
}

fn field_doc(f: &Field) -> TokenStream {
    let mut text = f.description.clone();
    let mut facts = Vec::new();
    if f.required {
        facts.push("Required.".to_string());
    }
    if let Some(d) = &f.default {
        facts.push(format!("Default: `{d}`."));
    }
    let c = &f.constraints;
    match (c.min_length, c.max_length) {
        (Some(a), Some(b)) => facts.push(format!("{a} to {b} characters.")),
        (None, Some(b)) => facts.push(format!("At most {b} characters.")),
        (Some(a), None) => facts.push(format!("At least {a} characters.")),
        _ => {}
    }
    for s in &c.not_contains {
        facts.push(format!("Must not contain `{s}`."));
    }
    if let Some(p) = &c.pattern {
        facts.push(format!("Pattern: `{p}`."));
    }
    if let Some(v) = c.minimum {
        facts.push(format!("Minimum: {v}."));
    }
    if let Some(v) = c.maximum {
        facts.push(format!("Maximum: {v}."));
    }
    if let Some(v) = c.max_items {
        facts.push(format!("At most {v} items."));
    }
    if let Some(k) = &c.const_value {
        facts.push(format!("Always `{k}`."));
    }
    if f.secret {
        facts.push("Secret: never printed by `Debug`.".to_string());
    }
    if !facts.is_empty() {
        // One line after a one-line description (generated files stay short), a paragraph after
        // a longer one.
        let sep = if text.contains('\n') || text.is_empty() { "\n\n" } else { " " };
        text.push_str(&format!("{sep}{}", facts.join(" ")));
    }
    docs(text.trim_start(), f.erratum.as_deref(), f.note.as_deref())
}

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

/// The Rust argument type of a setter/constructor and how to store it.
fn arg(api: &Api, f: &Field, here: &str) -> (TokenStream, TokenStream) {
    let name = ident(&f.rust_name);
    let (ty, conv) = match f.ty {
        Type::String => (quote!(impl Into<String>), quote!(#name.into())),
        _ => (rust_type(api, &f.ty, here), quote!(#name)),
    };
    let store = if f.required { conv } else { quote!(Some(#conv)) };
    (quote!(#name: #ty), store)
}

/// `field: value`, or the shorthand `field` when the value is a variable of the same name.
fn init(fname: &Ident, store: TokenStream) -> TokenStream {
    if *fname == store.to_string() { quote!(#fname) } else { quote!(#fname: #store) }
}

fn constructors(api: &Api, name: &str, s: &StructDef, here: &str) -> TokenStream {
    let mut out = TokenStream::new();
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
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
    let _ = required;
    for f in s.fields.iter().filter(|f| !f.required) {
        let fname = ident(&f.rust_name);
        let (p, store) = arg(api, f, here);
        let d = docs(&format!("Sets `{}`.", f.wire_name), None, None);
        out.extend(quote! {
            #d
            #[must_use]
            pub fn #fname(mut self, #p) -> Self {
                self.#fname = #store;
                self
            }
        });
    }
    out
}

fn held_accessors(api: &Api, s: &StructDef, here: &str) -> TokenStream {
    let mut out = TokenStream::new();
    for f in &s.fields {
        let fname = ident(&f.rust_name);
        let text = if f.required { quote!(Some(self.#fname.as_str())) } else { quote!(self.#fname.as_deref()) };
        match &f.holds {
            None => {}
            Some(Holds::Json) => {
                let m = ident(f.holds_accessor.as_deref().expect("the spec crate names the accessor"));
                let d = docs(&format!("`{}` read as JSON (`None` when absent).", f.wire_name), None, None);
                out.extend(quote! {
                    #d
                    pub fn #m(&self) -> Option<Result<serde_json::Value, serde_json::Error>> {
                        #text.map(serde_json::from_str)
                    }
                });
            }
            Some(Holds::Type(id)) => {
                let m = ident(f.holds_accessor.as_deref().expect("the spec crate names the accessor"));
                let t = named_path(api, *id, here);
                let d = docs(
                    &format!("`{}` read as `{}` (`None` when absent).", f.wire_name, api.ty(*id).rust_name),
                    None,
                    None,
                );
                let parse = held_parse(api, *id, &t);
                out.extend(quote! {
                    #d
                    pub fn #m(&self) -> Option<Result<#t, super::support::HeldError>> {
                        #text.map(|text| #parse)
                    }
                });
            }
            Some(Holds::ByField { field, rust_field, cases }) => {
                let sel = ident(rust_field);
                let sel_def = s.fields.iter().find(|x| x.wire_name == *field).expect("the spec crate resolved it");
                let Type::Named(enum_id) = sel_def.ty else { continue };
                let enum_path = named_path(api, enum_id, here);
                let sel_value = if sel_def.required { quote!(Some(&self.#sel)) } else { quote!(self.#sel.as_ref()) };
                let mut seen = BTreeSet::new();
                for (case, id) in cases {
                    let tdef = api.ty(*id);
                    let m = ident(&case.accessor);
                    let t = named_path(api, *id, here);
                    let variants: Vec<&str> =
                        cases.iter().filter(|(_, i)| i == id).map(|(c, _)| c.rust_variant.as_str()).collect();
                    if !seen.insert(*id) {
                        continue;
                    }
                    let pats = variants.iter().map(|v| {
                        let v = ident(v);
                        quote!(#enum_path::#v)
                    });
                    let wires: Vec<String> =
                        cases.iter().filter(|(_, i)| i == id).map(|(c, _)| c.value.clone()).collect();
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
            }
        }
    }
    out
}

fn held_parse(api: &Api, id: TypeId, t: &TokenStream) -> TokenStream {
    match api.ty(id).kind {
        TypeKind::Record(_) => quote!(text.parse::<#t>().map_err(super::support::HeldError::Record)),
        _ => quote!(serde_json::from_str::<#t>(text).map_err(super::support::HeldError::Json)),
    }
}

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
                    super::support::check_str(errors, path, #wire, #v, super::support::StrRules { min_length: #min, max_length: #max, not_contains: &[#(#nc),*] });
                });
            }
            if let Some(p) = &c.pattern {
                out.extend(quote! {
                    static PATTERN: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
                    super::support::check_pattern(errors, path, #wire, #v, &PATTERN, #p);
                });
            }
            if let Some(Json::String(k)) = &c.const_value {
                out.extend(quote! {
                    if #v != #k {
                        super::support::fail(errors, path, #wire, format!("must be `{}`", #k));
                    }
                });
            }
        }
        Type::Int(_) if !is_item && (c.minimum.is_some() || c.maximum.is_some()) => {
            let min = opt_i128(c.minimum);
            let max = opt_i128(c.maximum);
            out.extend(quote! {
                super::support::check_int(errors, path, #wire, i128::from(*#v), #min, #max);
            });
        }
        Type::Named(id) => {
            match &api.ty(*id).kind {
                TypeKind::Enum(_) => out.extend(quote! {
                    super::support::check_known(errors, path, #wire, #v.is_known(), #v);
                }),
                _ => {
                    if is_item {
                        out.extend(quote!(super::support::Validate::validate_at(#v, &format!("{}[{}]", super::support::join(path, #wire), i), errors);));
                    } else {
                        out.extend(quote!(super::support::Validate::validate_at(#v, &super::support::join(path, #wire), errors);));
                    }
                }
            }
        }
        Type::Array(inner) => {
            if c.min_items.is_some() || c.max_items.is_some() {
                let min = opt_u64(c.min_items);
                let max = opt_u64(c.max_items);
                out.extend(quote!(super::support::check_items(errors, path, #wire, #v.len(), #min, #max);));
            }
            let inner_checks = value_checks(api, f, inner, quote!(item), true);
            if !inner_checks.is_empty() {
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

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

fn opt_i128(v: Option<i64>) -> TokenStream {
    match v {
        Some(v) => {
            let lit = Literal::i128_unsuffixed(i128::from(v));
            quote!(Some(#lit))
        }
        None => quote!(None),
    }
}

fn holds_checks(api: &Api, s: &StructDef, f: &Field, here: &str) -> TokenStream {
    let wire = &f.wire_name;
    let check_for = |id: TypeId| {
        let t = named_path(api, id, here);
        match api.ty(id).kind {
            TypeKind::Record(_) => quote!(super::support::check_held_record::<#t>(errors, path, #wire, text);),
            _ => quote!(super::support::check_held_json::<#t>(errors, path, #wire, text);),
        }
    };
    match f.holds.as_ref() {
        None => TokenStream::new(),
        Some(Holds::Json) => quote!(super::support::check_json_text(errors, path, #wire, text);),
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

fn validate_struct(api: &Api, name: &str, s: &StructDef, here: &str) -> TokenStream {
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
            super::support::check_one_of(errors, path, &[#(#alts),*]);
        });
    }
    let (path_arg, errors_arg) =
        if body.is_empty() { (quote!(_path), quote!(_errors)) } else { (quote!(path), quote!(errors)) };
    quote! {
        impl super::support::Validate for #name_i {
            fn validate_at(&self, #path_arg: &str, #errors_arg: &mut Vec<super::support::ValidationError>) {
                #body
            }
        }
    }
}

fn envelope_impl(api: &Api, id: TypeId, def: &TypeDef) -> TokenStream {
    // The envelope of the operation this is the response of (its own, or its family's).
    let Some(op) = api.operations().find(|o| o.response == id) else { return TokenStream::new() };
    let Some(env) = api.envelope(&op.envelope) else { return TokenStream::new() };
    let TypeKind::Struct(s) = &def.kind else { return TokenStream::new() };
    let name = ident(&def.rust_name);
    let code_f = s.fields.iter().find(|f| f.wire_name == env.code_field).expect("validated");
    let code_i = ident(&code_f.rust_name);
    let code_value = match (env.code_is_string, code_f.required) {
        (true, true) => quote!(self.#code_i.trim().parse::<i64>().ok()),
        (true, false) => quote!(self.#code_i.as_deref().and_then(|c| c.trim().parse::<i64>().ok())),
        (false, true) if code_f.ty == Type::Int(IntType::I64) => quote!(Some(self.#code_i)),
        (false, false) if code_f.ty == Type::Int(IntType::I64) => quote!(self.#code_i),
        (false, true) => quote!(Some(i64::from(self.#code_i))),
        (false, false) => quote!(self.#code_i.map(i64::from)),
    };
    let message = match s.fields.iter().find(|f| f.wire_name == env.message_field) {
        Some(f) if f.required => {
            let m = ident(&f.rust_name);
            quote!(&self.#m)
        }
        Some(f) => {
            let m = ident(&f.rust_name);
            quote!(self.#m.as_deref().unwrap_or(""))
        }
        None => quote!(""),
    };
    let success = match &env.success_code {
        Json::String(s) => s.parse::<i64>().unwrap_or(0),
        j => j.as_i64().unwrap_or(0),
    };
    // An optional code field that is absent means success (the answer is the HTTP 200).
    let is_success = if code_f.required {
        quote!(self.code() == Some(#success))
    } else {
        quote!(self.#code_i.is_none() || self.code() == Some(#success))
    };
    quote! {
        impl super::support::Envelope for #name {
            fn code(&self) -> Option<i64> {
                #code_value
            }

            fn message(&self) -> &str {
                #message
            }

            fn is_success(&self) -> bool {
                #is_success
            }
        }
    }
}

fn enum_items(def: &TypeDef, e: &EnumDef, flavor: Flavor) -> TokenStream {
    let name = ident(&def.rust_name);
    let doc = docs(&def.description, def.erratum.as_deref(), None);
    let is_str = e.repr == EnumRepr::String;
    let variants = e.values.iter().map(|v| {
        let vi = ident(&v.rust_name);
        let d = docs(&format!("`{}`: {}", v.value, v.description), v.erratum.as_deref(), None);
        quote!(#d #vi)
    });
    let table = e.values.iter().map(|v| {
        let vi = ident(&v.rust_name);
        let wire = match &v.value {
            Json::String(w) => quote!(#w),
            other => {
                let n = Literal::i64_unsuffixed(other.as_i64().unwrap_or_default());
                quote!(#n)
            }
        };
        let (rust_name, d) = (&v.rust_name, &v.description);
        quote!((Self::#vi, #wire, #rust_name, #d))
    });
    let (unknown_ty, copy, trait_name, wire_ty, macro_name, kind) = if is_str {
        (quote!(String), None, quote!(StrEnum), quote!(&'static str), quote!(str_enum), quote!(str))
    } else {
        (quote!(i64), Some(quote!(Copy,)), quote!(IntEnum), quote!(i64), quote!(int_enum), quote!(int))
    };
    let mut description = def.description.clone();
    if let Some(e) = &def.erratum {
        description.push_str(&format!("\n\nErratum: {e}"));
    }
    let schema = flavor.gate_schemars(quote!(super::support::enum_json_schema!(#kind #name, #description);));
    quote! {
        #doc
        #[derive(Clone, #copy Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A value this spec does not list: kept so that a new vendor value still deserializes;
            /// `validate()` refuses to send it.
            Unknown(#unknown_ty),
        }

        impl super::support::#trait_name for #name {
            const VALUES: &'static [(Self, #wire_ty, &'static str, &'static str)] = &[#(#table),*];
        }

        super::support::#macro_name!(#name);
        #schema
    }
}

fn union_items(api: &Api, def: &TypeDef, u: &UnionDef, here: &str, flavor: Flavor) -> TokenStream {
    let name = ident(&def.rust_name);
    let name_s = &def.rust_name;
    let doc = docs(&def.description, def.erratum.as_deref(), None);
    let tag_f = &u.tag_field;
    let content_f = &u.content_field;
    let variants = u.variants.iter().map(|v| {
        let vi = ident(&v.rust_name);
        let t = named_path(api, v.content, here);
        let d = docs(&format!("`{tag_f}: {}`: {}", v.tag, v.description), None, None);
        quote!(#d #vi(#t))
    });
    let tags = u.variants.iter().map(|v| {
        let vi = ident(&v.rust_name);
        let tag = &v.tag;
        quote!(Self::#vi(_) => #tag)
    });
    let ser_arms = u.variants.iter().map(|v| {
        let vi = ident(&v.rust_name);
        quote!(Self::#vi(c) => map.serialize_entry(#content_f, c)?)
    });
    let de_arms = u.variants.iter().map(|v| {
        let vi = ident(&v.rust_name);
        let tag = &v.tag;
        quote!(#tag => Self::#vi(serde_json::from_value(raw.content).map_err(D::Error::custom)?))
    });
    let validate_arms = u.variants.iter().map(|v| {
        let vi = ident(&v.rust_name);
        quote!(Self::#vi(c) => super::support::Validate::validate_at(c, &super::support::join(path, #content_f), errors))
    });
    let schema_variants = u.variants.iter().map(|v| {
        let t = named_path(api, v.content, here);
        let tag = &v.tag;
        let title = &v.rust_name;
        let d = &v.description;
        quote! {
            serde_json::json!({
                "title": #title,
                "description": #d,
                "properties": { #tag_f: {"const": #tag}, #content_f: generator.subschema_for::<#t>() },
            })
        }
    });
    let tag_values = u.variants.iter().map(|v| &v.tag);
    let schema_gate = flavor.cfg_schemars();
    let description = &def.description;
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A kind this spec does not list, kept as sent.
            Unknown {
                /// The tag value.
                tag: String,
                /// The content, as JSON.
                content: serde_json::Value,
            },
        }

        impl #name {
            /// The tag value of this variant.
            pub fn tag(&self) -> &str {
                match self { #(#tags,)* Self::Unknown { tag, .. } => tag }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry(#tag_f, self.tag())?;
                match self {
                    #(#ser_arms,)*
                    Self::Unknown { content, .. } => map.serialize_entry(#content_f, content)?,
                }
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use serde::de::Error as _;
                #[derive(serde::Deserialize)]
                struct Raw {
                    #[serde(rename = #tag_f)]
                    tag: String,
                    #[serde(rename = #content_f, default)]
                    content: serde_json::Value,
                }
                let raw = Raw::deserialize(deserializer)?;
                Ok(match raw.tag.as_str() {
                    #(#de_arms,)*
                    _ => Self::Unknown { tag: raw.tag, content: raw.content },
                })
            }
        }

        impl super::support::Validate for #name {
            fn validate_at(&self, path: &str, errors: &mut Vec<super::support::ValidationError>) {
                match self {
                    #(#validate_arms,)*
                    Self::Unknown { tag, .. } => super::support::fail(errors, path, #tag_f, format!("`{tag}` is not a documented {}", #tag_f)),
                }
            }
        }

        #schema_gate
        impl schemars::JsonSchema for #name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                #name_s.into()
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let value = serde_json::json!({
                    "description": #description,
                    "type": "object",
                    "required": [#tag_f, #content_f],
                    "properties": { #tag_f: {"type": "string", "enum": [#(#tag_values),*]} },
                    "oneOf": [#(#schema_variants),*],
                });
                schemars::Schema::try_from(value).expect("an object")
            }
        }
    }
}

fn record_items(api: &Api, def: &TypeDef, r: &RecordDef, here: &str) -> TokenStream {
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
    let validate = validate_struct(api, name_s, &s, here);
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

/// The error-code enum of an operation or a shared set.
fn error_enum(name: &str, doc: &str, own: &[ErrorCode], sets: &[(String, String)]) -> TokenStream {
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
        quote!((Self::#vi, #code, #d, #r))
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

        impl super::support::ErrorTable for #name_i {
            const OWN: &'static [(Self, i64, &'static str, bool)] = &[#(#table),*];
        }

        super::support::error_codes!(#name_i; #(#shared_args),*);
    }
}

fn operation_items(api: &Api, fam: &Family, op: &Operation) -> TokenStream {
    let own: Vec<ErrorCode> = op.errors.iter().filter(|e| e.from_set.is_none()).cloned().collect();
    let mut sets: Vec<(String, String)> = Vec::new();
    for e in &op.errors {
        if let Some(set) = e.from_set.as_deref().and_then(|k| api.error_sets.iter().find(|s| s.key == k))
            && !sets.iter().any(|(x, _)| *x == set.variant_name)
        {
            sets.push((set.variant_name.clone(), format!("super::common::{}", set.rust_name)));
        }
    }
    let doc = format!("Error codes of `{}`.", op.id);
    let mut out = error_enum(&op.error_enum, &doc, &own, &sets);
    let op_i = ident(&op.rust_name);
    let req = ident(&api.ty(op.request).rust_name);
    let resp = ident(&api.ty(op.response).rust_name);
    let err = ident(&op.error_enum);
    let id = &op.id;
    let family = &fam.key;
    let method = &op.method;
    let method_variant = ident(op.method.rust_name());
    let path = &op.path;
    let idem = op.idempotent;
    let rate = match &op.rate_limit {
        Some(r) => {
            let per = r.per_second;
            let scope = &r.scope;
            quote!(Some(super::support::RateLimit { per_second: #per, scope: #scope }))
        }
        None => quote!(None),
    };
    let summary = &op.summary;
    let auth = ident(&api.auth_scheme(&op.auth).map(|a| a.static_name.clone()).unwrap_or_default());
    let server = ident(&api.server(&fam.server).map(|s| s.static_name.clone()).unwrap_or_default());
    let statuses = api.envelopes.iter().filter(|e| e.key == op.envelope).flat_map(|e| &e.http_statuses).map(|h| {
        let (status, description, retryable) = (h.status, &h.description, h.retryable);
        quote!(super::support::HttpStatusDoc { status: #status, description: #description, retryable: #retryable })
    });
    let subject = if op.token_subject.is_empty() {
        TokenStream::new()
    } else {
        let parts = op.token_subject.iter().map(|(part, f)| {
            let name = ident(&f.rust_name);
            quote!((#part, request.#name.as_str()))
        });
        quote! {
            fn token_subject(request: &Self::Request) -> Vec<(&'static str, &str)> {
                vec![#(#parts),*]
            }
        }
    };
    let token_operations = crate::token::token_operations_fn(api, op);
    let mut text = format!("`{method} {path}`: {}\n\n{}", op.summary, op.description);
    text.push_str(&format!("\n\nIdempotent: {}.", if idem { "yes" } else { "no, never resend blindly" }));
    if let Some(r) = &op.rate_limit {
        text.push_str(&format!(" Rate limit: {} calls/s per {}.", r.per_second, r.scope));
    }
    if let Some(d) = &op.docs {
        text.push_str(&format!(
            "\n\nSource: {}{}",
            d.title.as_deref().map(|t| format!("\"{t}\", ")).unwrap_or_default(),
            d.page
        ));
        if let Some(u) = &d.updated {
            text.push_str(&format!(" (updated {u})"));
        }
    }
    let doc = docs(&text, None, None);
    out.extend(quote! {
        #doc
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct #op_i;

        impl super::support::Operation for #op_i {
            type Request = #req;
            type Response = #resp;
            type ErrorCode = #err;
            const ID: &'static str = #id;
            const FAMILY: &'static str = #family;
            const METHOD: super::support::Method = super::support::Method::#method_variant;
            const PATH: &'static str = #path;
            const IDEMPOTENT: bool = #idem;
            const RATE_LIMIT: Option<super::support::RateLimit> = #rate;
            const SUMMARY: &'static str = #summary;
            const AUTH: &'static super::support::AuthDoc = &super::common::#auth;
            const SERVER: &'static super::support::ServerDoc = &super::common::#server;
            const HTTP_STATUSES: &'static [super::support::HttpStatusDoc] = &[#(#statuses),*];
            #subject
            #token_operations
        }
    });
    out.extend(crate::token::token_issue_impl(api, op));
    if let Some(p) = &op.paging {
        out.extend(paged_impl(api, op, p, &fam.key));
    }
    if let Some(s) = &op.streaming {
        out.extend(streamed_impl(api, op, s, &fam.key));
    }
    out
}

/// An integer field's value as `u64` (`None` when unset or negative).
fn int_as_u64(f: &Field, owner: TokenStream) -> TokenStream {
    let name = ident(&f.rust_name);
    match (&f.ty, f.required) {
        (Type::Int(IntType::U64), true) => quote!(Some(#owner.#name)),
        (Type::Int(IntType::U64), false) => quote!(#owner.#name),
        (Type::Int(IntType::U32), true) => quote!(Some(u64::from(#owner.#name))),
        (Type::Int(IntType::U32), false) => quote!(#owner.#name.map(u64::from)),
        (_, true) => quote!(u64::try_from(#owner.#name).ok()),
        (_, false) => quote!(#owner.#name.and_then(|v| u64::try_from(v).ok())),
    }
}

/// Stores a `u64` into an integer field (saturating at the field type's maximum).
fn store_u64(f: &Field, value: TokenStream) -> TokenStream {
    let name = ident(&f.rust_name);
    let Type::Int(it) = &f.ty else { unreachable!("the spec crate checked paging fields are integers") };
    let t = ident(it.rust());
    let v = match it {
        IntType::U64 => value,
        _ => quote!(#t::try_from(#value).unwrap_or(#t::MAX)),
    };
    if f.required { quote!(request.#name = #v;) } else { quote!(request.#name = Some(#v);) }
}

fn default_u64(f: &Field) -> TokenStream {
    match f.default.as_ref().and_then(Json::as_u64) {
        Some(d) => quote!(Some(#d)),
        None => quote!(None),
    }
}

fn paged_impl(api: &Api, op: &Operation, p: &Paging, here: &str) -> TokenStream {
    let op_i = ident(&op.rust_name);
    let Type::Array(item) = &p.items.ty else { unreachable!("the spec crate checked `items` is an array") };
    let item = rust_type(api, item, here);
    let max = match p.limit.constraints.maximum {
        Some(m) => {
            let m = u64::try_from(m).unwrap_or(0);
            quote!(Some(#m))
        }
        None => quote!(None),
    };
    let offset = int_as_u64(&p.offset, quote!(request));
    let offset_default = p.offset.default.as_ref().and_then(Json::as_u64).unwrap_or(0);
    let size = int_as_u64(&p.limit, quote!(request));
    let size_default = default_u64(&p.limit);
    let set_offset = store_u64(&p.offset, quote!(offset));
    let set_size = store_u64(&p.limit, quote!(page_size));
    let items = ident(&p.items.rust_name);
    let take_items =
        if p.items.required { quote!(response.#items) } else { quote!(response.#items.unwrap_or_default()) };
    let total = match &p.total {
        Some(t) => int_as_u64(t, quote!(response)),
        None => quote!(None),
    };
    let total_arg = if p.total.is_some() { quote!(response) } else { quote!(_response) };
    quote! {
        impl super::support::Paged for #op_i {
            type Item = #item;
            const MAX_PAGE_SIZE: Option<u64> = #max;
            const DEFAULT_PAGE_SIZE: Option<u64> = #size_default;
            fn offset(request: &Self::Request) -> u64 {
                #offset.unwrap_or(#offset_default)
            }
            fn page_size(request: &Self::Request) -> Option<u64> {
                #size
            }
            fn with_page(request: &Self::Request, offset: u64, page_size: u64) -> Self::Request {
                let mut request = request.clone();
                #set_offset
                #set_size
                request
            }
            fn into_items(response: Self::Response) -> Vec<Self::Item> {
                #take_items
            }
            fn total(#total_arg: &Self::Response) -> Option<u64> {
                #total
            }
        }
    }
}

/// A Rust expression for a JSON value of a field's type (checked by the spec crate).
fn value_expr(api: &Api, f: &Field, v: &Json, here: &str) -> TokenStream {
    match (&f.ty, v) {
        (Type::Bool, Json::Bool(b)) => quote!(#b),
        (Type::Int(it), Json::Number(n)) => {
            let lit = Literal::i64_unsuffixed(n.as_i64().unwrap_or(0));
            let t = ident(it.rust());
            quote!(#lit as #t)
        }
        (Type::String, Json::String(s)) => quote!(#s.to_string()),
        (Type::Named(id), Json::Number(n)) => {
            let path = named_path(api, *id, here);
            let n = n.as_i64().unwrap_or(0);
            quote!(#path::from_value(#n))
        }
        (Type::Named(id), Json::String(s)) => {
            let path = named_path(api, *id, here);
            quote!(#path::from_wire(#s))
        }
        _ => unreachable!("the spec crate checked `finish_value` against its field"),
    }
}

fn streamed_impl(api: &Api, op: &Operation, s: &Streaming, here: &str) -> TokenStream {
    let op_i = ident(&op.rust_name);
    let chunk = ident(&s.chunk.rust_name);
    let set_chunk =
        if s.chunk.required { quote!(request.#chunk = chunk;) } else { quote!(request.#chunk = Some(chunk);) };
    let key = ident(&s.request_key.rust_name);
    let rkey = ident(&s.response_key.rust_name);
    let key_of =
        if s.response_key.required { quote!(Some(&response.#rkey)) } else { quote!(response.#rkey.as_deref()) };
    let finish = ident(&s.finish.rust_name);
    let value = value_expr(api, &s.finish, &s.finish_value, here);
    quote! {
        impl super::support::Streamed for #op_i {
            fn chunk_request(template: &Self::Request, chunk: String, key: Option<String>, last: bool) -> Self::Request {
                let mut request = template.clone();
                #set_chunk
                request.#key = key;
                request.#finish = if last { Some(#value) } else { None };
                request
            }
            fn key_of(response: &Self::Response) -> Option<&str> {
                #key_of
            }
        }
    }
}
