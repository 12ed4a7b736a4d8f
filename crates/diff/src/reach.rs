//! Which named types an operation, a callback (or an auth scheme) reaches, so that types reached by none can
//! be compared on their own.

use std::collections::BTreeSet;

use ccapi_loader::ir::{Api, Field, Holds, Type, TypeId, TypeKind};

use crate::walk::{key, ty};

/// The keys ([`key`]) of every named type reachable from an operation body, a callback body or
/// reply, or an auth scheme.
pub(crate) fn reachable(api: &Api) -> BTreeSet<String> {
    let mut stack: Vec<TypeId> = api.operations().flat_map(|o| [o.request, o.response]).collect();
    stack.extend(api.callbacks().flat_map(|c| [c.body, c.reply]));
    for a in &api.auth {
        for f in a.query.iter().chain(&a.headers) {
            push_field(f, &mut stack);
        }
    }
    for a in &api.callback_auth {
        for f in a.query.iter().chain(&a.headers) {
            push_field(f, &mut stack);
        }
    }
    let mut done = BTreeSet::new();
    let mut names = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !done.insert(id) {
            continue;
        }
        let Some(def) = ty(api, id) else { continue };
        names.insert(key(def));
        match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().for_each(|f| push_field(f, &mut stack)),
            TypeKind::Record(r) => r.fields.iter().for_each(|f| push_field(f, &mut stack)),
            TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| v.content)),
            TypeKind::Enum(_) => {}
        }
    }
    names
}

fn push_field(f: &Field, stack: &mut Vec<TypeId>) {
    push_type(&f.ty, stack);
    match &f.holds {
        Some(Holds::Type(id)) => stack.push(*id),
        Some(Holds::ByField { cases, .. }) => stack.extend(cases.iter().map(|(_, id)| *id)),
        Some(Holds::Json) | None => {}
    }
}

fn push_type(t: &Type, stack: &mut Vec<TypeId>) {
    match t {
        Type::Named(id) => stack.push(*id),
        Type::Array(inner) => push_type(inner, stack),
        _ => {}
    }
}
