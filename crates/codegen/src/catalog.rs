//! IR → the models' operation catalogue (cargo feature `catalog`): static data in the vendor's
//! words (summaries, descriptions, fields with their types, defaults and constraints as text, every
//! named type once, the error codes, and the callbacks with their facts, bodies and replies), which
//! `ccapi list` and `ccapi help <operation-id | callback command>` render.
//!
//! The catalogue's types (`OperationDoc`, `FieldDoc`, ...) are hand-written in the models crate
//! (`crates/models/src/catalog.rs`); this emitter only writes the data.

use std::collections::BTreeSet;

use ccapi_loader::ir::*;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::rust::ident;
use serde_json::Value as Json;

/// The generated module's file name, in the models' generated folder.
pub const FILE: &str = "operation_docs.rs";

/// The generated module's name.
pub const MODULE: &str = "operation_docs";

/// The inner doc of the generated file.
pub const DOC: &str = "The data of the operation catalogue (`crate::catalog`), generated from the spec: every operation's \
wire facts, fields, types and error codes, and every callback's, in the vendor's words.";

fn opt_str(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

/// A JSON value as compact text (`20`, `"json"`).
fn json_text(v: &Json) -> String {
    serde_json::to_string(v).expect("JSON values serialize")
}

/// The innermost named type of a field type, if any.
fn named(ty: &Type) -> Option<TypeId> {
    match ty {
        Type::Named(id) => Some(*id),
        Type::Array(inner) => named(inner),
        _ => None,
    }
}

/// A type as text: `string`, `u32`, `any JSON`, `Order`, `array<Message>`.
fn type_text(api: &Api, ty: &Type) -> String {
    match ty {
        Type::String => "string".into(),
        Type::Bool => "bool".into(),
        Type::Int(it) => it.rust().into(),
        Type::F64 => "f64".into(),
        Type::Json => "any JSON".into(),
        Type::Named(id) => api.ty(*id).name.clone(),
        Type::Array(inner) => format!("array<{}>", type_text(api, inner)),
    }
}

/// A record's text format: `name,size,fileId,ext`.
fn record_format(r: &RecordDef) -> String {
    r.fields.iter().map(|f| f.wire_name.as_str()).collect::<Vec<_>>().join(&r.delimiter)
}

/// What a string holding type `id` holds, as text.
fn held_text(api: &Api, id: TypeId) -> String {
    let def = api.ty(id);
    match &def.kind {
        TypeKind::Record(r) => format!("a {} record `{}`", def.name, record_format(r)),
        _ => format!("the JSON text of a {}", def.name),
    }
}

/// A field's constraints (and what its text holds), one short phrase each.
fn constraint_texts(api: &Api, f: &Field) -> Vec<String> {
    let c = &f.constraints;
    let mut out = Vec::new();
    match (c.min_length, c.max_length) {
        (Some(a), Some(b)) if a == b => out.push(format!("exactly {a} characters")),
        (Some(a), Some(b)) => out.push(format!("{a} to {b} characters")),
        (None, Some(b)) => out.push(format!("at most {b} characters")),
        (Some(a), None) => out.push(format!("at least {a} characters")),
        (None, None) => {}
    }
    for s in &c.not_contains {
        out.push(format!("must not contain {}", json_text(&Json::String(s.clone()))));
    }
    if let Some(p) = &c.pattern {
        out.push(format!("must match `{p}`"));
    }
    if let Some(v) = c.minimum {
        out.push(format!("minimum {v}"));
    }
    if let Some(v) = c.maximum {
        out.push(format!("maximum {v}"));
    }
    match (c.min_items, c.max_items) {
        (Some(a), Some(b)) => out.push(format!("{a} to {b} items")),
        (None, Some(b)) => out.push(format!("at most {b} items")),
        (Some(a), None) => out.push(format!("at least {a} items")),
        (None, None) => {}
    }
    if let Some(k) = &c.const_value {
        out.push(format!("always {}", json_text(k)));
    }
    match &f.holds {
        Some(Holds::Json) => out.push("holds JSON text".into()),
        Some(Holds::Type(id)) => out.push(format!("holds {}", held_text(api, *id))),
        Some(Holds::ByField { field, cases, .. }) => {
            for (case, id) in cases {
                out.push(format!("when {field} is {}: holds {}", case.value, held_text(api, *id)));
            }
        }
        None => {}
    }
    if f.nullable {
        out.push("null accepted (means absent)".into());
    }
    if f.secret {
        out.push("secret".into());
    }
    if let Some(c) = &f.contradiction {
        out.push(format!("the page contradicts itself: {}", c.summary));
    }
    out
}

fn field_info(api: &Api, f: &Field) -> TokenStream {
    let (name, required, description) = (&f.wire_name, f.required, &f.description);
    let ty = type_text(api, &f.ty);
    let mut out = quote!(FieldDoc::new(#name, #ty, #required, #description));
    if let Some(t) = named(&f.ty).map(|id| api.ty(id).name.as_str()) {
        out.extend(quote!(.named(#t)));
    }
    if let Some(d) = f.default.as_ref().map(json_text) {
        out.extend(quote!(.default(#d)));
    }
    let constraints = constraint_texts(api, f);
    if !constraints.is_empty() {
        out.extend(quote!(.rules(&[#(#constraints),*])));
    }
    out
}

fn fields(api: &Api, fs: &[Field]) -> TokenStream {
    let items = fs.iter().map(|f| field_info(api, f));
    quote!(&[#(#items),*])
}

fn one_of(groups: &[OneOfGroup]) -> TokenStream {
    let items = groups.iter().map(|g| {
        let (name, description, fields) = (&g.name, &g.description, &g.fields);
        quote!(OneOfDoc { name: #name, description: #description, fields: &[#(#fields),*] })
    });
    quote!(&[#(#items),*])
}

/// The named types a list of fields uses, directly or through other types (and the types their
/// text holds), depth first in field order; `skip` are never listed (the request and response).
fn collect_types(api: &Api, fs: &[Field], skip: &[TypeId], seen: &mut BTreeSet<TypeId>, out: &mut Vec<TypeId>) {
    for f in fs {
        let mut ids: Vec<TypeId> = named(&f.ty).into_iter().collect();
        match &f.holds {
            Some(Holds::Type(id)) => ids.push(*id),
            Some(Holds::ByField { cases, .. }) => ids.extend(cases.iter().map(|(_, id)| *id)),
            _ => {}
        }
        for id in ids {
            visit_type(api, id, skip, seen, out);
        }
    }
}

fn visit_type(api: &Api, id: TypeId, skip: &[TypeId], seen: &mut BTreeSet<TypeId>, out: &mut Vec<TypeId>) {
    if skip.contains(&id) || !seen.insert(id) {
        return;
    }
    out.push(id);
    match &api.ty(id).kind {
        TypeKind::Struct(s) => collect_types(api, &s.fields, skip, seen, out),
        TypeKind::Record(r) => collect_types(api, &r.fields, skip, seen, out),
        TypeKind::Union(u) => {
            for v in &u.variants {
                visit_type(api, v.content, skip, seen, out);
            }
        }
        TypeKind::Enum(_) => {}
    }
}

fn type_info(api: &Api, id: TypeId) -> TokenStream {
    let def = api.ty(id);
    let name = &def.name;
    let description = &def.description;
    let shape = match &def.kind {
        TypeKind::Struct(s) => {
            let (f, o) = (fields(api, &s.fields), one_of(&s.one_of));
            quote!(Shape::Struct { fields: #f, one_of: #o })
        }
        TypeKind::Enum(e) => {
            // The values are the enum's own table, not a copy.
            let (module, rust_name) = (ident(&def.module), ident(&def.rust_name));
            let read = ident(if e.repr == EnumRepr::String { "str_values" } else { "int_values" });
            quote!(Shape::Enum { values: #read::<super::#module::#rust_name> })
        }
        TypeKind::Union(u) => {
            let (tag, content) = (&u.tag_field, &u.content_field);
            let variants = u.variants.iter().map(|v| {
                let (tag, description) = (&v.tag, &v.description);
                let type_name = &api.ty(v.content).name;
                quote!(VariantDoc { tag: #tag, type_name: #type_name, description: #description })
            });
            quote!(Shape::Union { tag: #tag, content: #content, variants: &[#(#variants),*] })
        }
        TypeKind::Record(r) => {
            let delimiter = &r.delimiter;
            let f = fields(api, &r.fields);
            quote!(Shape::Record { delimiter: #delimiter, fields: #f })
        }
    };
    quote!(TypeDoc { name: #name, description: #description, shape: #shape })
}

/// The own codes of a generated error-code enum, read from its table (`ErrorTable::DOCS`).
fn error_docs(module: &str, enum_name: &str) -> TokenStream {
    let (module, enum_name) = (ident(module), ident(enum_name));
    quote!(<super::#module::#enum_name as support::ErrorTable>::DOCS)
}

/// The first sample request that keeps to the spec, as compact JSON text.
fn example(op: &Operation) -> Option<String> {
    op.examples.iter().filter(|e| e.breaks.is_empty()).find_map(|e| e.request.as_ref()).map(json_text)
}

/// The named types an operation's request and response use (not those two themselves), in the
/// order `ccapi help` shows them.
fn listed_types(api: &Api, op: &Operation) -> Vec<TypeId> {
    types_of(api, &[op.request, op.response])
}

/// The named types of a list of structs' fields (not those structs themselves), in the order
/// `ccapi help` shows them.
fn types_of(api: &Api, skip: &[TypeId]) -> Vec<TypeId> {
    let (mut seen, mut ids) = (BTreeSet::new(), Vec::new());
    for id in skip {
        if let TypeKind::Struct(s) = &api.ty(*id).kind {
            collect_types(api, &s.fields, skip, &mut seen, &mut ids);
        }
    }
    ids
}

/// The named types a callback's body and reply use (not those two themselves).
fn callback_types(api: &Api, cb: &Callback) -> Vec<TypeId> {
    types_of(api, &[cb.body, cb.reply])
}

/// The types the catalogue's `TYPES` table holds: those some operation or callback lists, in
/// spec order.
fn type_table(api: &Api) -> Vec<TypeId> {
    let listed: BTreeSet<TypeId> = api
        .operations()
        .flat_map(|op| listed_types(api, op))
        .chain(api.callbacks().flat_map(|cb| callback_types(api, cb)))
        .collect();
    listed.into_iter().collect()
}

/// Indexes into the `TYPES` table, as `&TYPES[i]` items.
fn type_refs(table: &[TypeId], ids: Vec<TypeId>) -> TokenStream {
    let refs = ids.into_iter().map(|id| {
        let index = table.iter().position(|t| *t == id).expect("every listed type is in the table");
        Literal::usize_unsuffixed(index)
    });
    quote!(&[#(&TYPES[#refs]),*])
}

/// A page reference as one line: page (title, last update).
fn source_text(docs: Option<&DocRef>) -> TokenStream {
    opt_str(
        docs.map(|d| {
            let mut s = d.page.clone();
            match (&d.title, &d.updated) {
                (Some(t), Some(u)) => s.push_str(&format!(" ({t}, updated {u})")),
                (Some(t), None) => s.push_str(&format!(" ({t})")),
                (None, Some(u)) => s.push_str(&format!(" (updated {u})")),
                (None, None) => {}
            }
            s
        })
        .as_deref(),
    )
}

/// A struct's description and fields.
fn struct_fields(api: &Api, id: TypeId) -> (String, TokenStream) {
    let def = api.ty(id);
    let fields = match &def.kind {
        TypeKind::Struct(s) => fields(api, &s.fields),
        _ => quote!(&[]),
    };
    (def.description.clone(), fields)
}

/// A response's or reply's envelope, as a reference into `ENVELOPES` (`None` when it has none),
/// and the body's own fields: those after the envelope's, which the loader puts first and the
/// catalogue lists once, in `ENVELOPES`.
fn enveloped<'a>(api: &'a Api, key: &str, body: TypeId) -> (TokenStream, &'a [Field]) {
    let index = api.envelopes.iter().position(|e| e.key == key);
    let env = index.map_or(&[][..], |i| api.envelopes[i].fields.as_slice());
    let own = match &api.ty(body).kind {
        TypeKind::Struct(s) => s
            .fields
            .strip_prefix(env)
            .unwrap_or_else(|| panic!("the loader puts envelope `{key}`'s fields first in `{}`", api.ty(body).name)),
        _ => &[],
    };
    let reference = match index.map(Literal::usize_unsuffixed) {
        Some(i) => quote!(Some(&ENVELOPES[#i])),
        None => quote!(None),
    };
    (reference, own)
}

fn callback_auth_info(api: &Api, scheme: &CallbackAuthScheme) -> TokenStream {
    let (key, kind, description) = (&scheme.key, scheme.kind.spec_name(), &scheme.description);
    let window = match scheme.window_seconds {
        Some(w) => quote!(Some(#w)),
        None => quote!(None),
    };
    let (query, headers) = (fields(api, &scheme.query), fields(api, &scheme.headers));
    let note = opt_str(scheme.note.as_deref());
    quote! {
        CallbackAuthDoc {
            key: #key,
            kind: #kind,
            description: #description,
            window_seconds: #window,
            query: #query,
            headers: #headers,
            note: #note,
        }
    }
}

fn callback_info(api: &Api, table: &[TypeId], cb: &Callback) -> TokenStream {
    let (id, family, summary, description) = (&cb.id, &cb.family, &cb.summary, &cb.description);
    let (command, path, trigger) =
        (opt_str(cb.command.as_deref()), opt_str(cb.path.as_deref()), opt_str(cb.trigger.as_deref()));
    let source = source_text(cb.docs.as_ref());
    let synchronous = cb.synchronous;
    let timeout = match cb.timeout_ms {
        Some(ms) => quote!(Some(#ms)),
        None => quote!(None),
    };
    let dedup = cb.dedup.iter().map(|k| match k {
        DedupKey::Query(name) => quote!(support::DedupKey::Query(#name)),
        DedupKey::Body(f) => {
            let name = &f.wire_name;
            quote!(support::DedupKey::BodyField(#name))
        }
        DedupKey::Digest => quote!(support::DedupKey::BodyDigest),
    });
    let auth = Literal::usize_unsuffixed(cb.auth.0);
    let (body_description, body) = struct_fields(api, cb.body);
    let (envelope, reply) = enveloped(api, &cb.envelope, cb.reply);
    let (reply_description, reply) = (&api.ty(cb.reply).description, fields(api, reply));
    let types = type_refs(table, callback_types(api, cb));
    let example = opt_str(cb.examples.iter().find_map(|e| e.body.as_ref()).map(json_text).as_deref());
    let reply_example = opt_str(cb.examples.iter().find_map(|e| e.reply.as_ref()).map(json_text).as_deref());
    let (note, erratum) = (opt_str(cb.note.as_deref()), opt_str(cb.erratum.as_deref()));
    quote! {
        CallbackDoc {
            id: #id,
            family: #family,
            command: #command,
            path: #path,
            summary: #summary,
            description: #description,
            trigger: #trigger,
            source: #source,
            synchronous: #synchronous,
            timeout_ms: #timeout,
            dedup: &[#(#dedup),*],
            auth: &CALLBACK_AUTH[#auth],
            envelope: #envelope,
            body_description: #body_description,
            body: #body,
            reply_description: #reply_description,
            reply: #reply,
            types: #types,
            example: #example,
            reply_example: #reply_example,
            note: #note,
            erratum: #erratum,
        }
    }
}

fn operation_info(api: &Api, table: &[TypeId], fam: &Family, op: &Operation) -> TokenStream {
    // Its wire facts are its `Operation` impl's, not a copy.
    let (module, op_type) = (ident(&fam.key), ident(&op.rust_name));
    let description = &op.description;
    let source = source_text(op.docs.as_ref());
    let paging = match &op.paging {
        Some(p) => {
            let (offset, limit, items) = (&p.offset.wire_name, &p.limit.wire_name, &p.items.wire_name);
            let total = opt_str(p.total.as_ref().map(|t| t.wire_name.as_str()));
            quote!(Some(PagingDoc { offset: #offset, limit: #limit, items: #items, total: #total }))
        }
        None => quote!(None),
    };
    let streaming = match &op.streaming {
        Some(s) => {
            let (chunk, request_key, response_key) =
                (&s.chunk.wire_name, &s.request_key.wire_name, &s.response_key.wire_name);
            let finish = &s.finish.wire_name;
            let finish_value = json_text(&s.finish_value);
            quote! {
                Some(StreamingDoc {
                    chunk: #chunk,
                    request_key: #request_key,
                    response_key: #response_key,
                    finish: #finish,
                    finish_value: #finish_value,
                })
            }
        }
        None => quote!(None),
    };
    let polling = match &op.polling {
        Some(p) => {
            let (items, ends, ends_value) = (&p.items.wire_name, &p.ends.wire_name, json_text(&p.ends_value));
            quote!(Some(PollingDoc { items: #items, ends: #ends, ends_value: #ends_value }))
        }
        None => quote!(None),
    };
    let (req, resp) = (api.ty(op.request), api.ty(op.response));
    let (request_description, response_description) = (&req.description, &resp.description);
    let (request, request_one_of) = match &req.kind {
        TypeKind::Struct(s) => (fields(api, &s.fields), one_of(&s.one_of)),
        _ => (quote!(&[]), quote!(&[])),
    };
    let (envelope, response) = enveloped(api, &op.envelope, op.response);
    let response = fields(api, response);
    let types = type_refs(table, listed_types(api, op));
    let errors = error_docs(&fam.key, &op.error_enum);
    let mut sets: Vec<usize> = Vec::new();
    for e in &op.errors {
        let index = e.from_set.as_deref().and_then(|key| api.error_sets.iter().position(|s| s.key == key));
        if let Some(i) = index.filter(|i| !sets.contains(i)) {
            sets.push(i);
        }
    }
    let sets = sets.into_iter().map(Literal::usize_unsuffixed);
    let example = opt_str(example(op).as_deref());
    quote! {
        OperationDoc {
            facts: <super::#module::#op_type as support::Operation>::FACTS,
            description: #description,
            source: #source,
            paging: #paging,
            streaming: #streaming,
            polling: #polling,
            request_description: #request_description,
            request: #request,
            request_one_of: #request_one_of,
            response_description: #response_description,
            envelope: #envelope,
            response: #response,
            types: #types,
            errors: #errors,
            error_sets: &[#(&ERROR_SETS[#sets]),*],
            example: #example,
        }
    }
}

/// The generated catalogue module.
pub fn tokens(api: &Api) -> TokenStream {
    let table = type_table(api);
    let ops: Vec<TokenStream> = api
        .families
        .iter()
        .flat_map(|fam| fam.operations.iter().map(|op| operation_info(api, &table, fam, op)))
        .collect();
    let sets = api.error_sets.iter().map(|s| {
        let (key, description) = (&s.key, &s.description);
        let codes = error_docs(COMMON_MODULE, &s.rust_name);
        quote!(ErrorSetDoc { key: #key, description: #description, codes: #codes })
    });
    let types = table.iter().map(|id| type_info(api, *id));
    let type_count = table.len();
    let set_count = api.error_sets.len();
    let envelopes = api.envelopes.iter().map(|e| {
        let (key, description, fields) = (&e.key, &e.description, fields(api, &e.fields));
        quote!(EnvelopeDoc { key: #key, description: #description, fields: #fields })
    });
    let envelope_count = api.envelopes.len();
    let callbacks = api.callbacks().map(|cb| callback_info(api, &table, cb));
    let schemes = api.callback_auth.iter().map(|s| callback_auth_info(api, s));
    let scheme_count = api.callback_auth.len();
    quote! {
        use crate::catalog::*;
        use crate::support;

        /// Every operation, in spec order.
        pub static OPERATIONS: &[OperationDoc] = &[#(#ops),*];

        /// The response envelopes, in spec order.
        pub static ENVELOPES: [EnvelopeDoc; #envelope_count] = [#(#envelopes),*];

        /// The shared error-code tables, in spec order.
        pub static ERROR_SETS: [ErrorSetDoc; #set_count] = [#(#sets),*];

        /// Every named type an operation or a callback uses besides its own structs, in spec order.
        pub static TYPES: [TypeDoc; #type_count] = [#(#types),*];

        /// Every callback the vendors send to the app, family by family, in spec order.
        pub static CALLBACKS: &[CallbackDoc] = &[#(#callbacks),*];

        /// How the app checks that a callback comes from the vendor, in spec order.
        pub static CALLBACK_AUTH: [CallbackAuthDoc; #scheme_count] = [#(#schemes),*];
    }
}
