//! A walk over the types reached from one body (a request, a response, an auth scheme), in one
//! direction, comparing the old and the new spec side by side.
//!
//! A field's type is matched by its spec name. Each named type is compared once per walk (at the
//! first place that reaches it, known by [`key`]), which also stops recursive types.

use std::collections::BTreeSet;

use ccapi_loader::ir::{Api, Type, TypeDef, TypeId};

use crate::change::{Direction, Kind};
use crate::sink::Sink;

/// Compares the types reached from one body of one operation, in one direction.
pub(crate) struct Walker<'a> {
    /// The old spec.
    pub old: &'a Api,
    /// The new spec.
    pub new: &'a Api,
    operation: Option<String>,
    direction: Direction,
    seen: BTreeSet<String>,
    skip: Option<(String, BTreeSet<String>)>,
    sink: &'a mut Sink,
}

impl<'a> Walker<'a> {
    /// A walk for `operation` (or a spec-wide item) in `direction`.
    pub fn new(old: &'a Api, new: &'a Api, operation: Option<&str>, direction: Direction, sink: &'a mut Sink) -> Self {
        let operation = operation.map(str::to_string);
        Walker { old, new, operation, direction, seen: BTreeSet::new(), skip: None, sink }
    }

    /// Leaves out the fields with these wire names of the object at `location` (the envelope
    /// fields of a response, which are compared once, with the envelope).
    pub fn skip_fields(&mut self, location: &str, wire_names: BTreeSet<String>) {
        self.skip = Some((location.to_string(), wire_names));
    }

    /// Whether the field `wire_name` of the object at `location` is left out.
    pub fn skipped(&self, location: &str, wire_name: &str) -> bool {
        self.skip.as_ref().is_some_and(|(at, names)| at == location && names.contains(wire_name))
    }

    /// Records a change, classified in this walk's direction.
    pub fn emit(&mut self, location: &str, kind: Kind, detail: impl Into<String>) {
        self.sink.push(self.operation.as_deref(), Some(self.direction), location, kind, detail);
    }

    /// Treats these named types (by [`key`]) as already compared, so they are not repeated.
    pub fn already_seen(&mut self, keys: &BTreeSet<String>) {
        self.seen.extend(keys.iter().cloned());
    }

    /// Marks a named type (by its [`key`]) as compared; false when it already was.
    pub fn first_visit(&mut self, key: String) -> bool {
        self.seen.insert(key)
    }

    /// The keys of the named types this walk compared.
    pub fn into_seen(self) -> BTreeSet<String> {
        self.seen
    }
}

/// The type with this id, if the id is valid.
pub(crate) fn ty(api: &Api, id: TypeId) -> Option<&TypeDef> {
    api.types.get(id.0)
}

/// What identifies a named type across the two specs: its module and spec name
/// (`desk::SendStreamMsgRequest`; two families may each have a type of the same name).
pub(crate) fn key(def: &TypeDef) -> String {
    format!("{}::{}", def.module, def.name)
}

/// A type as written in the spec: `string`, `u32`, `Order`, `array<Message>`.
pub(crate) fn type_name(api: &Api, t: &Type) -> String {
    match t {
        Type::String => "string".into(),
        Type::Bool => "bool".into(),
        Type::Int(i) => i.rust().into(),
        Type::F64 => "f64".into(),
        Type::Json => "json".into(),
        Type::Named(id) => ty(api, *id).map_or_else(|| format!("#{}", id.0), |d| d.name.clone()),
        Type::Array(inner) => format!("array<{}>", type_name(api, inner)),
    }
}

/// A JSON value in a detail line.
pub(crate) fn show(v: &serde_json::Value) -> String {
    v.to_string()
}
