//! Module assembly: which items each generated module holds, in order, and which emitter writes each.

use ccapi_loader::ir::*;
use proc_macro2::TokenStream;

use super::auth::auth_items;
use super::callbacks::callback_items;
use super::enums::enum_items;
use super::envelope::envelope_impl;
use super::errors::error_enum;
use super::flavor::Flavor;
use super::operations::operation_items;
use super::records::record_items;
use super::servers::server_items;
use super::structs::struct_items;
use super::unions::union_items;

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

/// The items of one module: for `common` its servers, auth schemes and shared error sets; then its types, its family's operations and its callbacks.
pub(super) fn module_items(api: &Api, module: &str, flavor: Flavor) -> TokenStream {
    let mut items = TokenStream::new();
    if module == COMMON_MODULE {
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
        items.extend(callback_items(api, f));
    }
    items
}

/// The items of one named type, by its kind.
pub(super) fn type_items(api: &Api, id: TypeId, here: &str, flavor: Flavor) -> TokenStream {
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
