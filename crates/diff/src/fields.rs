//! Field maps and fields: added, removed, and every property of a field kept by both specs.

use ccapi_loader::ir::{Api, Field, Holds, Type, TypeId};

use crate::change::{Kind, Set};
use crate::constraints;
use crate::pair::{Pair, pairs};
use crate::sink::docs_changed;
use crate::walk::{Walker, show, ty, type_name};

/// `parent.child`, or `child` when there is no parent.
pub(crate) fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() { child.to_string() } else { format!("{parent}.{child}") }
}

/// `u32, required` / `string, optional, nullable`.
fn describe(api: &Api, f: &Field) -> String {
    let mut s = format!("{}, {}", type_name(api, &f.ty), if f.required { "required" } else { "optional" });
    if f.nullable {
        s.push_str(", nullable");
    }
    s
}

impl Walker<'_> {
    /// Compares two field maps, matching fields by wire name. `closed` says whether the object
    /// refuses unknown fields (a request body), which decides what removing a field means.
    pub fn fields(&mut self, old: &[Field], new: &[Field], loc: &str, closed: bool) {
        let old: Vec<&Field> = old.iter().filter(|f| !self.skipped(loc, &f.wire_name)).collect();
        let new: Vec<&Field> = new.iter().filter(|f| !self.skipped(loc, &f.wire_name)).collect();
        for o in old.iter().copied() {
            let at = join(loc, &o.wire_name);
            match new.iter().find(|n| n.wire_name == o.wire_name) {
                Some(n) => self.field(o, n, &at),
                None => {
                    let detail = format!("field removed (was {})", describe(self.old, o));
                    self.emit(&at, Kind::FieldRemoved { closed }, detail);
                }
            }
        }
        for n in new.iter().copied().filter(|n| !old.iter().any(|o| o.wire_name == n.wire_name)) {
            let detail = format!("field added ({})", describe(self.new, n));
            self.emit(&join(loc, &n.wire_name), Kind::FieldAdded { required: n.required }, detail);
        }
    }

    /// Compares one field kept by both specs.
    pub fn field(&mut self, o: &Field, n: &Field, at: &str) {
        if o.rust_name != n.rust_name {
            self.emit(at, Kind::RustNameChanged, format!("Rust field `{}` renamed `{}`", o.rust_name, n.rust_name));
        }
        // A changed type is said first; a kept one is walked into last, after the field's own lines.
        let same_type = type_name(self.old, &o.ty) == type_name(self.new, &n.ty);
        if !same_type {
            self.ty(&o.ty, &n.ty, at);
        }
        match (o.required, n.required) {
            (false, true) => self.emit(at, Kind::FieldNowRequired, "now required"),
            (true, false) => self.emit(at, Kind::FieldNowOptional, "now optional"),
            _ => {}
        }
        match (o.nullable, n.nullable) {
            (false, true) => self.emit(at, Kind::NullableAdded { required: n.required }, "now accepts null"),
            (true, false) => self.emit(at, Kind::NullableRemoved, "no longer accepts null"),
            _ => {}
        }
        match (&o.default, &n.default) {
            (None, Some(d)) => self.emit(at, Kind::DefaultChanged, format!("default {} added", show(d))),
            (Some(d), None) => self.emit(at, Kind::DefaultChanged, format!("default {} removed", show(d))),
            (Some(a), Some(b)) if a != b => {
                self.emit(at, Kind::DefaultChanged, format!("default changed from {} to {}", show(a), show(b)));
            }
            _ => {}
        }
        if o.secret != n.secret {
            let detail = if n.secret { "now secret" } else { "no longer secret" };
            self.emit(at, Kind::SecretChanged, detail);
        }
        for (kind, detail) in constraints::compare(&o.constraints, &n.constraints) {
            self.emit(at, kind, detail);
        }
        let docs = docs_changed(&[
            ("description", o.description != n.description),
            ("erratum", o.erratum != n.erratum),
            ("note", o.note != n.note),
            ("example", o.example != n.example),
            // What the page's table says where its samples break it: words, since the enforced
            // constraints (compared on their own) are what a schema accepts.
            (
                "documented rule",
                o.contradiction.as_ref().map(|c| &c.documented) != n.contradiction.as_ref().map(|c| &c.documented),
            ),
        ]);
        if let Some(d) = docs {
            self.emit(at, Kind::Docs, d);
        }
        if same_type {
            self.ty(&o.ty, &n.ty, at);
        }
        self.holds(o.holds.as_ref(), n.holds.as_ref(), at);
    }

    /// Compares a type in the same place of both specs; walks into named types with the same name.
    pub fn ty(&mut self, o: &Type, n: &Type, at: &str) {
        let (on, nn) = (type_name(self.old, o), type_name(self.new, n));
        if on != nn {
            self.emit(at, Kind::TypeChanged { set: set_change(o, n) }, format!("type changed from {on} to {nn}"));
            return;
        }
        match (o, n) {
            (Type::Named(a), Type::Named(b)) => self.named(*a, *b, at),
            (Type::Array(a), Type::Array(b)) => self.ty(a, b, &format!("{at}[]")),
            _ => {}
        }
    }

    /// Compares what a string field holds (JSON text, a struct's JSON, a record's text).
    fn holds(&mut self, o: Option<&Holds>, n: Option<&Holds>, at: &str) {
        let (old_says, new_says) = (o.map(|h| holds_text(self.old, h)), n.map(|h| holds_text(self.new, h)));
        match (o, n) {
            (None, None) | (Some(Holds::Json), Some(Holds::Json)) => {}
            (None, Some(_)) | (Some(Holds::Json), Some(_)) => {
                let detail = format!("now holds {}", new_says.unwrap_or_default());
                self.emit(at, Kind::ConstraintTightened, detail);
            }
            (Some(_), None) | (Some(_), Some(Holds::Json)) => {
                let was = old_says.unwrap_or_default();
                let detail = match new_says {
                    Some(now) => format!("holds {now} instead of {was}"),
                    None => format!("no longer holds {was}"),
                };
                self.emit(at, Kind::ConstraintLoosened, detail);
            }
            (Some(Holds::Type(a)), Some(Holds::Type(b))) => self.held(*a, *b, at),
            (Some(Holds::ByField { field: fa, cases: ca, .. }), Some(Holds::ByField { field: fb, cases: cb, .. }))
                if fa == fb =>
            {
                // The field's own lines first, then the held types kept by both.
                let mut kept = Vec::new();
                for p in pairs(ca, cb, |(c, _)| c.value.clone()) {
                    match p {
                        Pair::Kept((_, o), (_, n)) => kept.push((*o, *n)),
                        Pair::Removed((case, id)) => {
                            let name = ty(self.old, *id).map_or("?", |d| d.name.as_str());
                            let detail = format!("no longer holds a {name} when {fa} is {}", case.value);
                            self.emit(at, Kind::ConstraintLoosened, detail);
                        }
                        Pair::Added((case, id)) => {
                            let name = ty(self.new, *id).map_or("?", |d| d.name.as_str());
                            let detail = format!("now holds a {name} when {fb} is {}", case.value);
                            self.emit(at, Kind::ConstraintTightened, detail);
                        }
                    }
                }
                for (o, n) in kept {
                    self.held(o, n, at);
                }
            }
            (Some(_), Some(_)) => {
                let detail =
                    format!("holds {} instead of {}", new_says.unwrap_or_default(), old_says.unwrap_or_default());
                self.emit(at, Kind::ConstraintReplaced, detail);
            }
        }
    }

    /// Compares a held type: walks into it when the name is kept, else the format is replaced.
    fn held(&mut self, o: TypeId, n: TypeId, at: &str) {
        let on = ty(self.old, o).map(|d| d.name.clone()).unwrap_or_default();
        let nn = ty(self.new, n).map(|d| d.name.clone()).unwrap_or_default();
        if on == nn {
            self.named(o, n, &format!("{at}<{nn}>"));
        } else {
            self.emit(at, Kind::ConstraintReplaced, format!("holds a {nn} instead of a {on}"));
        }
    }
}

/// What a string holds, in words.
fn holds_text(api: &Api, h: &Holds) -> String {
    match h {
        Holds::Json => "JSON text".into(),
        Holds::Type(id) => format!("a {}", ty(api, *id).map_or("?", |d| d.name.as_str())),
        Holds::ByField { field, .. } => format!("a type chosen by {field}"),
    }
}

/// How a change of type moves the set of JSON values accepted.
pub(crate) fn set_change(o: &Type, n: &Type) -> Set {
    match (o, n) {
        (Type::Int(a), Type::Int(b)) => {
            let ((olo, ohi), (nlo, nhi)) = (a.bounds(), b.bounds());
            if nlo <= olo && nhi >= ohi {
                Set::Wider
            } else if nlo >= olo && nhi <= ohi {
                Set::Narrower
            } else {
                Set::Other
            }
        }
        (Type::Int(_), Type::F64) | (_, Type::Json) => Set::Wider,
        (Type::F64, Type::Int(_)) | (Type::Json, _) => Set::Narrower,
        (Type::Array(a), Type::Array(b)) => set_change(a, b),
        _ => Set::Other,
    }
}

#[cfg(test)]
mod tests {
    use ccapi_loader::ir::IntType;

    use super::*;

    #[test]
    fn integer_widths_widen_and_narrow() {
        let int = Type::Int;
        assert_eq!(set_change(&int(IntType::U32), &int(IntType::U64)), Set::Wider);
        assert_eq!(set_change(&int(IntType::U32), &int(IntType::I64)), Set::Wider);
        assert_eq!(set_change(&int(IntType::I64), &int(IntType::I32)), Set::Narrower);
        assert_eq!(set_change(&int(IntType::I32), &int(IntType::U32)), Set::Other);
        assert_eq!(set_change(&int(IntType::I32), &Type::F64), Set::Wider);
        assert_eq!(set_change(&Type::String, &Type::Json), Set::Wider);
        assert_eq!(set_change(&Type::String, &int(IntType::U32)), Set::Other);
        let arr = |t| Type::Array(Box::new(t));
        assert_eq!(set_change(&arr(int(IntType::U64)), &arr(int(IntType::U32))), Set::Narrower);
    }

    #[test]
    fn joins_locations() {
        assert_eq!(join("", "a"), "a");
        assert_eq!(join("request", "Limit"), "request.Limit");
    }
}
