//! Named types kept by both specs: structs (and their `one_of`), enums, unions and records.

use ccapi_loader::ir::{EnumDef, EnumRepr, OneOfGroup, RecordDef, StructDef, StructRole, TypeId, TypeKind, UnionDef};

use crate::change::{Kind, Set};
use crate::fields::join;
use crate::sink::docs_changed;
use crate::walk::{Walker, key, show, ty};

/// `struct`, `enum`, `union` or `record`.
fn kind_name(k: &TypeKind) -> &'static str {
    match k {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union",
        TypeKind::Record(_) => "record",
    }
}

impl Walker<'_> {
    /// Compares a named type that has the same name in both specs, reached at `at`.
    pub fn named(&mut self, o: TypeId, n: TypeId, at: &str) {
        let (old, new) = (self.old, self.new);
        let (Some(od), Some(nd)) = (ty(old, o), ty(new, n)) else {
            return;
        };
        if !self.first_visit(key(od)) {
            return;
        }
        let name = nd.name.as_str();
        if let Some(d) =
            docs_changed(&[("description", od.description != nd.description), ("erratum", od.erratum != nd.erratum)])
        {
            self.emit(at, Kind::Docs, format!("{} {name}: {d}", kind_name(&nd.kind)));
        }
        if od.rust_name != nd.rust_name || od.module != nd.module {
            let detail =
                format!("Rust type `{}::{}` is now `{}::{}`", od.module, od.rust_name, nd.module, nd.rust_name);
            self.emit(at, Kind::RustNameChanged, detail);
        }
        match (&od.kind, &nd.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => self.strukt(name, a, b, at),
            (TypeKind::Enum(a), TypeKind::Enum(b)) => self.enumeration(name, a, b, at),
            (TypeKind::Union(a), TypeKind::Union(b)) => self.union(name, a, b, at),
            (TypeKind::Record(a), TypeKind::Record(b)) => self.record(name, a, b, at),
            (a, b) => {
                let detail = format!("type {name} changed from a {} to a {}", kind_name(a), kind_name(b));
                self.emit(at, Kind::TypeChanged { set: Set::Other }, detail);
            }
        }
    }

    fn strukt(&mut self, name: &str, a: &StructDef, b: &StructDef, at: &str) {
        let closed = a.role == StructRole::Request && b.role == StructRole::Request;
        self.fields(&a.fields, &b.fields, at, closed);
        self.one_of(name, &a.one_of, &b.one_of, at);
    }

    fn one_of(&mut self, name: &str, a: &[OneOfGroup], b: &[OneOfGroup], at: &str) {
        let show_group = |g: &OneOfGroup| format!("`{}` ({})", g.name, g.fields.join(" + "));
        let list = |gs: &[OneOfGroup]| gs.iter().map(show_group).collect::<Vec<_>>().join(", ");
        match (a.is_empty(), b.is_empty()) {
            (true, true) => return,
            (true, false) => {
                let detail = format!("{name}: one_of introduced: {}", list(b));
                return self.emit(at, Kind::OneOfIntroduced, detail);
            }
            (false, true) => {
                let detail = format!("{name}: one_of dropped (was {})", list(a));
                return self.emit(at, Kind::OneOfDropped, detail);
            }
            (false, false) => {}
        }
        for o in a {
            match b.iter().find(|g| g.name == o.name) {
                None => self.emit(at, Kind::OneOfGroupRemoved, format!("{name}: one_of {} removed", show_group(o))),
                Some(n) => {
                    if o.fields != n.fields {
                        let detail = format!(
                            "{name}: one_of `{}` changed from {} to {}",
                            o.name,
                            o.fields.join(" + "),
                            n.fields.join(" + ")
                        );
                        self.emit(at, Kind::OneOfGroupChanged, detail);
                    }
                    if o.description != n.description {
                        self.emit(at, Kind::Docs, format!("{name}: one_of `{}`: description changed", o.name));
                    }
                }
            }
        }
        for n in b.iter().filter(|n| !a.iter().any(|o| o.name == n.name)) {
            self.emit(at, Kind::OneOfGroupAdded, format!("{name}: one_of {} added", show_group(n)));
        }
    }

    fn enumeration(&mut self, name: &str, a: &EnumDef, b: &EnumDef, at: &str) {
        if a.repr != b.repr {
            let repr = |r: EnumRepr| if r == EnumRepr::String { "strings" } else { "integers" };
            let detail = format!("enum {name}: values are now {} instead of {}", repr(b.repr), repr(a.repr));
            return self.emit(at, Kind::EnumReprChanged, detail);
        }
        for o in &a.values {
            let v = show(&o.value);
            match b.values.iter().find(|n| n.value == o.value) {
                None => {
                    self.emit(at, Kind::EnumValueRemoved, format!("enum {name}: value {v} ({}) removed", o.rust_name))
                }
                Some(n) => {
                    if o.rust_name != n.rust_name {
                        let detail =
                            format!("enum {name}: value {v}: Rust variant `{}` renamed `{}`", o.rust_name, n.rust_name);
                        self.emit(at, Kind::RustNameChanged, detail);
                    }
                    let docs = docs_changed(&[
                        ("description", o.description != n.description),
                        ("erratum", o.erratum != n.erratum),
                    ]);
                    if let Some(d) = docs {
                        self.emit(at, Kind::Docs, format!("enum {name}: value {v}: {d}"));
                    }
                }
            }
        }
        for n in b.values.iter().filter(|n| !a.values.iter().any(|o| o.value == n.value)) {
            let detail = format!("enum {name}: value {} ({}) added", show(&n.value), n.rust_name);
            self.emit(at, Kind::EnumValueAdded, detail);
        }
    }

    fn union(&mut self, name: &str, a: &UnionDef, b: &UnionDef, at: &str) {
        if a.tag_field != b.tag_field || a.content_field != b.content_field {
            let detail = format!(
                "union {name}: shape changed from {{{}, {}}} to {{{}, {}}}",
                a.tag_field, a.content_field, b.tag_field, b.content_field
            );
            return self.emit(at, Kind::UnionChanged, detail);
        }
        let (old, new) = (self.old, self.new);
        for o in &a.variants {
            let Some(n) = b.variants.iter().find(|n| n.tag == o.tag) else {
                let detail = format!("union {name}: variant {} ({}) removed", o.tag, o.rust_name);
                self.emit(at, Kind::UnionVariantRemoved, detail);
                continue;
            };
            if o.rust_name != n.rust_name {
                let detail = format!(
                    "union {name}: variant {}: Rust variant `{}` renamed `{}`",
                    o.tag, o.rust_name, n.rust_name
                );
                self.emit(at, Kind::RustNameChanged, detail);
            }
            if o.description != n.description {
                self.emit(at, Kind::Docs, format!("union {name}: variant {}: description changed", o.tag));
            }
            let on = ty(old, o.content).map(|d| d.name.as_str()).unwrap_or_default();
            let nn = ty(new, n.content).map(|d| d.name.as_str()).unwrap_or_default();
            if on == nn {
                self.named(o.content, n.content, &format!("{at}.{}<{}>", b.content_field, n.tag));
            } else {
                let detail = format!("union {name}: variant {} now carries a {nn} instead of a {on}", o.tag);
                self.emit(at, Kind::UnionChanged, detail);
            }
        }
        for n in b.variants.iter().filter(|n| !a.variants.iter().any(|o| o.tag == n.tag)) {
            let detail = format!("union {name}: variant {} ({}) added", n.tag, n.rust_name);
            self.emit(at, Kind::UnionVariantAdded, detail);
        }
    }

    fn record(&mut self, name: &str, a: &RecordDef, b: &RecordDef, at: &str) {
        if a.delimiter != b.delimiter {
            let detail = format!("record {name}: delimiter changed from {:?} to {:?}", a.delimiter, b.delimiter);
            self.emit(at, Kind::RecordChanged, detail);
        }
        let parts = a.fields.len().max(b.fields.len());
        for i in 0..parts {
            match (a.fields.get(i), b.fields.get(i)) {
                (Some(o), Some(n)) => {
                    let mut o = o.clone();
                    if o.wire_name != n.wire_name {
                        let detail = format!(
                            "record {name}: part {} renamed from `{}` to `{}`",
                            i + 1,
                            o.wire_name,
                            n.wire_name
                        );
                        self.emit(at, Kind::RustNameChanged, detail);
                        o.wire_name.clone_from(&n.wire_name);
                        o.rust_name.clone_from(&n.rust_name);
                    }
                    self.field(&o, n, &join(at, &n.wire_name));
                }
                (Some(o), None) => {
                    let detail = format!("record {name}: part {} `{}` removed", i + 1, o.wire_name);
                    self.emit(at, Kind::RecordChanged, detail);
                }
                (None, Some(n)) => {
                    let detail = format!("record {name}: part {} `{}` added", i + 1, n.wire_name);
                    self.emit(at, Kind::RecordChanged, detail);
                }
                (None, None) => {}
            }
        }
    }
}
