//! Reads spec files, validates them, and lowers them to the IR, collecting every problem.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde_json::Value as Json;

use crate::diagnostic::Diagnostics;
use crate::instance;
use crate::ir::*;
use crate::naming::{is_keyword, is_pascal, is_snake, pascal, screaming, snake, suggest};
use crate::reader::{Obj, Reader, Spanned, head};
use crate::source::Sources;
use crate::yaml::{self, Node, Span, Value};

mod api_section;
mod auth;
mod bodies;
mod callback_auth;
mod callback_examples;
mod callbacks;
mod collect;
mod constraints;
mod contradictions;
mod enums;
mod envelopes;
mod error_codes;
mod examples;
mod families;
mod family_extension;
mod field_values;
mod fields;
mod holds;
mod name_clashes;
mod names;
mod one_of;
mod operations;
mod paging_streaming;
mod servers;
mod todos;
mod token;
mod type_refs;
mod types;
mod unions;

use examples::ExampleCheck;

/// The result of loading a spec: the IR when there were no errors, and every diagnostic.
pub struct Loaded {
    /// The files read.
    pub sources: Sources,
    /// The IR, when the spec has no errors.
    pub api: Option<Api>,
    /// Every problem found, sorted by place.
    pub diagnostics: Diagnostics,
}

impl Loaded {
    /// The IR, or the rendered diagnostics.
    pub fn into_result(self) -> Result<Api, String> {
        match self.api {
            Some(api) => Ok(api),
            None => Err(self.diagnostics.render(&self.sources)),
        }
    }
}

/// Loads every `*.yaml` file in `dir` (in file-name order). Paths in diagnostics are shown as
/// `dir/<file>`, so pass the directory the way the user wrote it.
pub fn load_dir(dir: &Path) -> Loaded {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let mut names = Vec::new();
    match std::fs::read_dir(dir) {
        Ok(rd) => {
            for entry in rd.flatten() {
                let p = entry.path();
                if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    names.push(p);
                }
            }
        }
        Err(e) => {
            let id = sources.add(dir, "");
            diags.push(
                crate::Diagnostic::error(id, 0..0, format!("cannot read the spec directory: {e}"))
                    .help("pass the directory holding the spec's *.yaml files, e.g. `--spec spec`"),
            );
            return Loaded { sources, api: None, diagnostics: diags };
        }
    }
    names.sort();
    for p in names {
        match std::fs::read_to_string(&p) {
            Ok(text) => {
                sources.add(p, text);
            }
            Err(e) => {
                let id = sources.add(&p, "");
                diags.push(crate::Diagnostic::error(id, 0..0, format!("cannot read this file: {e}")));
            }
        }
    }
    if sources.is_empty() {
        let id = sources.add(dir, "");
        diags.push(
            crate::Diagnostic::error(id, 0..0, "the spec directory has no *.yaml files")
                .help("write the spec in `*.yaml` files in this directory (see spec/FORMAT.md)"),
        );
        return Loaded { sources, api: None, diagnostics: diags };
    }
    let mut loaded = load_sources(sources);
    loaded.diagnostics.items.extend(diags.items);
    loaded.diagnostics.sort();
    if loaded.diagnostics.has_errors() {
        loaded.api = None;
    }
    loaded
}

/// Loads a spec from sources already in memory.
pub fn load_sources(sources: Sources) -> Loaded {
    let mut r = Reader::default();
    let mut roots = Vec::new();
    for file in sources.iter() {
        match yaml::parse(file) {
            Ok(node) => roots.push(node),
            Err(d) => r.diags.push(*d),
        }
    }
    let api = Lowerer::new(&mut r).run(&roots);
    todos::warn(&sources, &mut r.diags);
    let mut diagnostics = r.diags;
    diagnostics.sort();
    let api = if diagnostics.has_errors() { None } else { api };
    Loaded { sources, api, diagnostics }
}

const TOP_KEYS: &[&str] = &["api", "servers", "auth", "envelopes", "error_sets", "types", "families", "callback_auth"];
const FIELD_KEYS: &[&str] = &[
    "type",
    "required",
    "description",
    "default",
    "example",
    "nullable",
    "min_length",
    "max_length",
    "pattern",
    "not_contains",
    "minimum",
    "maximum",
    "min_items",
    "max_items",
    "const",
    "holds",
    "holds_by",
    "secret",
    "rust_name",
    "erratum",
    "note",
    "documented",
];
/// The keys of a field's `documented` mapping: the constraints a page's table states where its
/// own samples break them.
const CONSTRAINT_KEYS: &[&str] =
    &["min_length", "max_length", "pattern", "not_contains", "minimum", "maximum", "min_items", "max_items", "const"];
const PRIMITIVES: &[&str] = &["string", "bool", "i32", "i64", "u32", "u64", "f64", "json"];

/// A named definition found in pass 1.
struct Def<'n> {
    name: Spanned<String>,
    node: &'n Node,
}

/// Where a type is defined and what it is (known after pass 1).
struct TypeSlot<'n> {
    name: String,
    span: Span,
    module: String,
    scope: Option<String>,
    kind: Option<String>,
    node: Option<&'n Node>,
    /// For operation bodies: the op node and whether this is the response.
    body: Option<(&'n Node, StructRole, String)>,
}

/// An operation found in pass 1: its name, its node, and the slots of its request and response.
type OpSlot<'n> = (Spanned<String>, &'n Node, TypeId, TypeId);

/// A callback found in pass 1: its name, its node, and the slots of its body and reply.
type CallbackSlot<'n> = (Spanned<String>, &'n Node, TypeId, TypeId);

struct FamilyDef<'n> {
    name: Spanned<String>,
    node: &'n Node,
    types: HashMap<String, TypeId>,
    ops: Vec<OpSlot<'n>>,
    callbacks: Vec<CallbackSlot<'n>>,
}

struct Lowerer<'r, 'n> {
    r: &'r mut Reader,
    api_node: Option<&'n Node>,
    api_key: Option<Span>,
    servers: Vec<Def<'n>>,
    auth: Vec<Def<'n>>,
    envelopes: Vec<Def<'n>>,
    error_sets: Vec<Def<'n>>,
    callback_auth: Vec<Def<'n>>,
    families: Vec<FamilyDef<'n>>,
    /// Family entries with `extends: true`, applied once every file is collected.
    extensions: Vec<Def<'n>>,
    global_types: HashMap<String, TypeId>,
    slots: Vec<TypeSlot<'n>>,
    types: Vec<Option<TypeDef>>,
    /// Enums whose definition has errors: values checked against them would only repeat those.
    broken_enums: HashSet<TypeId>,
    /// Example nodes, checked once the IR is complete.
    example_checks: Vec<ExampleCheck<'n>>,
    /// Where each field's `documented` rule is written (by wire name), for the check that a
    /// sample breaks it.
    documented_at: Vec<(String, Span)>,
}

impl<'r, 'n> Lowerer<'r, 'n> {
    fn new(r: &'r mut Reader) -> Self {
        Lowerer {
            r,
            api_node: None,
            api_key: None,
            servers: Vec::new(),
            auth: Vec::new(),
            envelopes: Vec::new(),
            error_sets: Vec::new(),
            callback_auth: Vec::new(),
            families: Vec::new(),
            extensions: Vec::new(),
            global_types: HashMap::new(),
            slots: Vec::new(),
            types: Vec::new(),
            broken_enums: HashSet::new(),
            example_checks: Vec::new(),
            documented_at: Vec::new(),
        }
    }

    fn run(mut self, roots: &'n [Node]) -> Option<Api> {
        for root in roots {
            self.collect_file(root);
        }
        self.apply_extensions();
        let Some(api_node) = self.api_node else {
            if let Some(root) = roots.first() {
                let d = self.r.error(head(root), "the spec has no `api` section");
                d.help =
                    Some("add `api: {name: ..., title: ..., version: 0.1.0, description: ...}` to one file".into());
            }
            return None;
        };
        let (name, title, version, description) = self.api_header(api_node)?;
        let license = self.api_license(api_node);
        let servers = self.lower_servers();
        let mut auth = self.lower_auth();
        let error_sets = self.lower_error_sets();
        // Enums first: field defaults and `holds_by` cases need their values.
        for pass_enums in [true, false] {
            for id in 0..self.slots.len() {
                let is_enum = self.slots[id].kind.as_deref() == Some("enum");
                if is_enum == pass_enums && self.slots[id].body.is_none() {
                    self.lower_named_type(TypeId(id));
                }
            }
        }
        let envelopes = self.lower_envelopes();
        let callback_auth = self.lower_callback_auth();
        let wide = families::SpecWide {
            envelopes: &envelopes,
            error_sets: &error_sets,
            auth: &auth,
            callback_auth: &callback_auth,
        };
        let families = self.lower_families(&wide);
        self.resolve_token_operations(&mut auth, &families);
        if self.types.iter().any(Option::is_none) {
            return None;
        }
        let mut api = Api {
            name,
            title,
            version,
            description,
            license,
            servers,
            auth,
            envelopes,
            error_sets,
            types: std::mem::take(&mut self.types).into_iter().map(|t| t.expect("checked above")).collect(),
            families,
            callback_auth,
        };
        names::assign_component_names(&mut api.types);
        self.check_names(&api);
        self.check_examples(&mut api);
        Some(api)
    }
}

/// The value of `key` in a mapping node.
fn child<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    let Value::Map(entries) = &node.value else { return None };
    entries.iter().find(|(k, _)| k.scalar_text() == key).map(|(_, v)| v)
}

/// Lists every type's module, for tests.
pub fn modules_of(api: &Api) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in &api.types {
        out.entry(t.module.clone()).or_default().push(t.rust_name.clone());
    }
    out
}
