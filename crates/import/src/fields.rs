//! Field tables → the request and response fields and the types they need.
//!
//! Rows are nested by their numbers (`1.2` under `1`) or, when unnumbered, by where the samples
//! put their keys (a `FromAccount` row that the samples only show inside `Messages[]`). A
//! container row the samples never send (`reqBody` whose children the samples send flat) is
//! dissolved into its children. Each row's description is read for enums, limits, defaults and
//! what the string holds; what cannot be decided becomes a TODO at the field.

use std::collections::{BTreeMap, BTreeSet};

use ccapi_loader::naming::pascal;
use serde_json::Value as Json;

use crate::draft::{Draft, FieldDraft, TypeDraft, TypeKindDraft, ValueDraft};
use crate::page::{Dir, HeadingKind, Page};
use crate::prose;
use crate::rx::{lower, rx, squash};
use crate::table::{Col, Row, Table, is_type_word};

/// The field rows of the page, by direction.
#[derive(Clone, Debug, Default)]
pub struct FieldRows {
    /// Rows of request tables, in order.
    pub request: Vec<Row>,
    /// Rows of response tables, in order.
    pub response: Vec<Row>,
}

/// Sorts the page's field tables into request and response; tables of headers or URL parameters
/// are left to [`crate::endpoint`].
pub fn rows(page: &Page, tables: &[Table], envelope: &[&str], draft: &mut Draft) -> FieldRows {
    let mut out = FieldRows::default();
    for t in tables {
        if !t.has(Col::Name) || !t.has(Col::Type) || t.has(Col::Code) {
            continue;
        }
        let names: Vec<&str> = t.rows.iter().filter_map(|r| r.name.as_deref()).collect();
        if names.iter().all(|n| crate::endpoint::is_header_name(n)) {
            continue;
        }
        let from_heading = page.heading_before(t.start).and_then(|h| match h.kind {
            HeadingKind::Fields(d) | HeadingKind::Samples(d) => d,
            _ => None,
        });
        let dir = from_heading.unwrap_or_else(|| {
            if names.iter().any(|n| envelope.contains(n)) {
                Dir::Response
            } else if t.has(Col::Required) {
                Dir::Request
            } else if out.request.is_empty() {
                draft.todo("request", "a field table without a heading saying whether it is the request's or the response's was read as the request's");
                Dir::Request
            } else {
                Dir::Response
            }
        });
        match dir {
            Dir::Request => out.request.extend(t.rows.iter().cloned()),
            Dir::Response => out.response.extend(t.rows.iter().cloned()),
        }
    }
    out
}

/// A row and the rows nested under it.
#[derive(Clone, Debug)]
struct Node {
    row: Row,
    children: Vec<Node>,
}

impl Node {
    fn name(&self) -> &str {
        self.row.name.as_deref().unwrap_or("")
    }
}

/// Where each key appears in the samples: key → the keys it appears under (`None` at the top).
fn key_parents(samples: &[&Json]) -> BTreeMap<String, BTreeSet<Option<String>>> {
    fn walk(v: &Json, parent: Option<&str>, out: &mut BTreeMap<String, BTreeSet<Option<String>>>, depth: usize) {
        if depth > 64 {
            return;
        }
        match v {
            Json::Object(m) => {
                for (k, x) in m {
                    out.entry(k.clone()).or_default().insert(parent.map(str::to_string));
                    walk(x, Some(k), out, depth + 1);
                }
            }
            Json::Array(items) => {
                for x in items {
                    walk(x, parent, out, depth + 1);
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for s in samples {
        walk(s, None, &mut out, 0);
    }
    out
}

/// How deep rows may nest; deeper rows are kept at the top (a page never nests this deep, and the
/// builders recurse per level).
const MAX_DEPTH: usize = 8;

/// Nests rows by number, then unnumbered rows by the samples.
fn tree(rows: Vec<Row>, samples: &[&Json]) -> Vec<Node> {
    let mut roots: Vec<Node> = Vec::new();
    for row in rows {
        let number = row.number.as_deref().map(|n| n.trim_end_matches('.').to_string());
        let parent = number
            .as_deref()
            .filter(|n| n.split('.').count() <= MAX_DEPTH)
            .and_then(|n| n.rsplit_once('.'))
            .map(|p| p.0.to_string());
        let node = Node { row, children: Vec::new() };
        match parent.and_then(|p| find_numbered(&mut roots, &p, 0)) {
            Some(parent) => parent.children.push(node),
            None => roots.push(node),
        }
    }
    if samples.is_empty() {
        return roots;
    }
    // Unnumbered rows the samples only show under an earlier row's key go under that row.
    let parents = key_parents(samples);
    let mut out: Vec<Node> = Vec::new();
    for node in roots {
        let under: Vec<&Option<String>> = parents.get(node.name()).map(|s| s.iter().collect()).unwrap_or_default();
        let target = match under.as_slice() {
            [Some(p)] if node.row.number.is_none() => Some(p.clone()),
            _ => None,
        };
        match target.and_then(|p| find_named(&mut out, &p, 0)) {
            Some(parent) => parent.children.push(node),
            None => out.push(node),
        }
    }
    out
}

fn find_numbered<'a>(nodes: &'a mut [Node], number: &str, depth: usize) -> Option<&'a mut Node> {
    if depth >= MAX_DEPTH {
        return None;
    }
    for n in nodes.iter_mut().rev() {
        if n.row.number.as_deref().map(|x| x.trim_end_matches('.')) == Some(number) {
            return Some(n);
        }
        if let Some(found) = find_numbered(&mut n.children, number, depth + 1) {
            return Some(found);
        }
    }
    None
}

fn find_named<'a>(nodes: &'a mut [Node], name: &str, depth: usize) -> Option<&'a mut Node> {
    if depth >= MAX_DEPTH {
        return None;
    }
    for n in nodes.iter_mut().rev() {
        if n.name() == name {
            return Some(n);
        }
        if let Some(found) = find_named(&mut n.children, name, depth + 1) {
            return Some(found);
        }
    }
    None
}

/// The base type a type word names.
#[derive(Clone, Debug, PartialEq)]
enum Base {
    String,
    Int,
    Float,
    Bool,
    Array(Option<String>),
    Object,
    Unknown(String),
    Missing,
}

fn base(word: Option<&str>) -> Base {
    let Some(word) = word else { return Base::Missing };
    let l = lower(word.trim());
    if let Some(c) = rx!(r"^(?:array|list)\s*(?:<\s*([a-z0-9 ]+?)\s*>|of ([a-z0-9 ]+?))$").captures(&l) {
        let item = c.get(1).or_else(|| c.get(2)).map(|m| m.as_str().trim_end_matches('s').to_string());
        return Base::Array(item);
    }
    if let Some(item) = l.strip_suffix("[]").or_else(|| l.strip_suffix(" array")) {
        return Base::Array(Some(item.trim().to_string()));
    }
    match l.as_str() {
        "string" | "str" | "date" | "datetime" => Base::String,
        "integer" | "int" | "int32" | "int64" | "uint32" | "uint64" | "uint" | "long" => Base::Int,
        "number" | "float" | "double" => Base::Float,
        "boolean" | "bool" => Base::Bool,
        "array" | "list" | "jsonarray" => Base::Array(None),
        "object" | "json" | "jsonobject" | "map" | "struct" => Base::Object,
        _ => Base::Unknown(word.trim().to_string()),
    }
}

/// The spec type of a primitive type word (`String` → `string`), if it is one.
fn primitive(word: &str) -> Option<&'static str> {
    Some(match base(Some(word)) {
        Base::String => "string",
        Base::Int => "i64",
        Base::Float => "f64",
        Base::Bool => "bool",
        Base::Object => "json",
        _ => return None,
    })
}

/// Builds the fields of one body.
pub struct Builder<'d> {
    /// The draft receiving types and doubts.
    pub draft: &'d mut Draft,
}

impl Builder<'_> {
    /// The body's fields from its rows; `dir_place` is `request` or `response`. Envelope fields
    /// are left out; a container the samples never send is dissolved into its children.
    pub fn body(&mut self, dir_place: &str, rows: Vec<Row>, samples: &[&Json], envelope: &[&str]) -> Vec<FieldDraft> {
        let mut nodes = tree(rows, samples);
        let before = nodes.len();
        nodes.retain(|n| !envelope.contains(&n.name()));
        if nodes.len() != before {
            self.draft.notes.push(format!(
                "{dir_place}: envelope fields ({}) left to the family's envelope `{}`",
                envelope.join(", "),
                self.draft.family.envelope
            ));
        }
        let parents = key_parents(samples);
        let mut flat = Vec::new();
        for n in nodes {
            let top_level = parents.get(n.name()).is_some_and(|p| p.contains(&None));
            let children_top = n.children.iter().any(|c| parents.get(c.name()).is_some_and(|p| p.contains(&None)));
            let bodyish =
                rx!(r"^(req|request|res|response)?_?body$|^(request|response)?_?data$").is_match(&lower(n.name()));
            // A container: no type, `Object`, or a type named after a table of the page
            // (`ReqBody`, whose rows are numbered under it).
            let untyped = matches!(base(n.row.ty.as_deref()), Base::Missing | Base::Object | Base::Unknown(_));
            let container = !n.children.is_empty() && untyped;
            if n.children.is_empty() && untyped && bodyish && n.row.ty.as_deref().is_none_or(|t| !is_type_word(t)) {
                // The table names the body but the page shows none of its fields.
                self.draft.todo(
                    dir_place,
                    format!(
                        "line {}: the table names the body `{}` (\"{}\") but the page shows no table of its fields: none drafted; add them by hand",
                        n.row.line + 1,
                        n.name(),
                        squash(&n.row.description)
                    ),
                );
                continue;
            }
            if container && !top_level && (children_top || (samples.is_empty() && bodyish)) {
                let why = if children_top {
                    "while every sample sends them flat at the top level of the body; the draft follows the samples"
                } else {
                    "and the page has no sample to show whether the body is nested; the draft sends them flat"
                };
                let erratum = format!(
                    "The page's table nests every field under a `{}` parameter (\"{}\") {why}.",
                    n.name(),
                    squash(&n.row.description)
                );
                let doubt = if children_top {
                    format!("the table nests the fields under `{}`, the samples do not: flattened; check", n.name())
                } else {
                    format!(
                        "the table nests the fields under `{}`, and no sample shows the body: flattened; check",
                        n.name()
                    )
                };
                self.draft.todo(dir_place, doubt);
                match dir_place {
                    "request" => self.draft.op.request.erratum = Some(erratum),
                    _ => self.draft.op.response.erratum = Some(erratum),
                }
                flat.extend(n.children);
            } else {
                flat.push(n);
            }
        }
        self.fields(dir_place, &flat, samples)
    }

    fn fields(&mut self, owner: &str, nodes: &[Node], objects: &[&Json]) -> Vec<FieldDraft> {
        let siblings: Vec<String> = nodes.iter().map(|n| n.name().to_string()).collect();
        let mut out: Vec<FieldDraft> = Vec::new();
        for n in nodes {
            if n.name().is_empty() || out.iter().any(|f| f.wire == n.name()) {
                continue;
            }
            let f = self.field(owner, n, objects, &siblings);
            out.push(f);
        }
        out
    }

    fn field(&mut self, owner: &str, n: &Node, objects: &[&Json], siblings: &[String]) -> FieldDraft {
        let wire = n.name().to_string();
        let place = format!("{owner}.fields.{wire}");
        let desc = n.row.description.trim().to_string();
        let values: Vec<&Json> = objects.iter().filter_map(|o| o.get(&wire)).filter(|v| !v.is_null()).collect();
        let mut f = FieldDraft::new(&wire, "string");
        self.draft.anchor(&place, n.row.line);
        f.description = squash(&desc);
        f.required = self.required(&place, n.row.required.as_deref());
        if desc.is_empty() {
            self.draft.todo(&place, "the page gives no description");
        }
        match self.shape(&mut f, &place, n, &values) {
            Base::String => self.string_field(&mut f, &place, &desc, &values, siblings),
            Base::Int => self.int_field(&mut f, &place, &desc, &values),
            Base::Float => {
                f.ty = "f64".into();
                if lower(n.row.ty.as_deref().unwrap_or("")) == "number" {
                    self.draft.todo(format!("{place}.type"), "`Number` may be an integer or a float: f64 assumed");
                }
            }
            Base::Bool => f.ty = "bool".into(),
            Base::Object | Base::Missing | Base::Unknown(_) if !n.children.is_empty() => {
                let name = self.type_name(&pascal(&wire));
                let inner: Vec<&Json> = values.iter().filter(|v| v.is_object()).copied().collect();
                let fields = self.fields(&format!("types.{name}"), &n.children, &inner);
                self.draft.types.push(TypeDraft {
                    name: name.clone(),
                    description: f.description.clone(),
                    kind: TypeKindDraft::Struct { fields },
                });
                self.draft.todo(format!("types.{name}"), "the type's name is derived from the field's: check");
                f.ty = name;
            }
            Base::Object => {
                f.ty = "json".into();
                self.draft.todo(format!("{place}.type"), "an object whose fields the page does not list: `json`");
            }
            Base::Missing => {
                self.draft.todo(format!("{place}.type"), "the page gives no type: `string` assumed");
            }
            Base::Unknown(word) => {
                f.ty = "json".into();
                self.draft.todo(format!("{place}.type"), format!("unknown type `{word}`: `json` assumed"));
            }
            Base::Array(item) => self.array_field(&mut f, &place, n, item, &values),
        }
        // A type made for the field (an enum, a struct, an array's item) was read from its row.
        let made = f.ty.trim_start_matches("array<").trim_end_matches('>').to_string();
        if self.draft.ty(&made).is_some() {
            self.draft.anchor(format!("types.{made}"), n.row.line);
        }
        if let Some(d) = prose::default(&desc) {
            match self.typed(&f.ty, &d) {
                Some(v) if !f.required => f.default = Some(v),
                Some(_) => {}
                None => self.draft.todo(&place, format!("the page's default `{d}` is not a value of the field")),
            }
        }
        if let Some(e) = prose::example(&desc) {
            f.example = self.typed(&f.ty, &e);
        }
        f
    }

    /// The base type of a row: its type word's, unless the row has rows nested under it and every
    /// sample sends a list (or an object) where the word names a scalar or an object
    /// (`MsgList | String | List of the messages`, sent as an array of message objects). Then the
    /// samples' shape wins, the table's word becomes the field's erratum and a doubt.
    fn shape(&mut self, f: &mut FieldDraft, place: &str, n: &Node, values: &[&Json]) -> Base {
        let written = base(n.row.ty.as_deref());
        let scalar = matches!(written, Base::String | Base::Int | Base::Float | Base::Bool);
        if n.children.is_empty() || values.is_empty() || !(scalar || written == Base::Object) {
            return written;
        }
        let (sent, what) = if values.iter().all(|v| v.as_array().is_some_and(|a| a.iter().all(Json::is_object))) {
            (Base::Array(None), "a list of objects")
        } else if scalar && values.iter().all(|v| v.is_object()) {
            (Base::Object, "an object")
        } else {
            return written;
        };
        let word = n.row.ty.as_deref().unwrap_or("").trim();
        let children: Vec<&str> = n.children.iter().map(Node::name).collect();
        f.erratum = Some(format!(
            "The page's table types `{}` as `{word}`, while every sample sends {what} with the fields the table lists after it ({}); the draft follows the samples.",
            f.wire,
            children.join(", ")
        ));
        self.draft.todo(
            format!("{place}.type"),
            format!("the table says `{word}`, every sample sends {what}: the samples' shape is drafted; check"),
        );
        sent
    }

    fn required(&mut self, place: &str, word: Option<&str>) -> bool {
        let Some(w) = word else { return false };
        let l = lower(w.trim());
        let l = l.trim_end_matches('.').trim();
        match l {
            "required" | "yes" | "mandatory" | "y" | "m" | "true" => true,
            "optional" | "no" | "n" | "o" | "false" | "-" | "" => false,
            _ => {
                self.draft
                    .todo(format!("{place}.required"), format!("required-ness `{w}` is conditional: optional assumed"));
                false
            }
        }
    }

    fn string_field(&mut self, f: &mut FieldDraft, place: &str, desc: &str, values: &[&Json], siblings: &[String]) {
        if let Some(list) = prose::values(desc, false) {
            f.ty = self.enum_type(&f.wire, desc, &list, false);
            return;
        }
        let l = prose::limits(desc, true);
        f.min_length = l.min_length;
        f.max_length = l.max_length;
        f.not_contains = l.not_contains;
        for d in l.doubts {
            self.draft.todo(place, d);
        }
        if prose::holds_json(desc) {
            f.holds_json = true;
        }
        if let Some(by) = prose::depends_on(desc, siblings) {
            self.draft.todo(
                place,
                format!("what the string holds varies with `{by}`: describe each format (holds_by) from the samples"),
            );
        }
        if prose::announces_missing_list(desc) {
            self.draft.todo(place, "the description announces a list the page does not show");
        }
        let strings: Vec<&str> = values.iter().filter_map(|v| v.as_str()).collect();
        let timeish =
            rx!(r"time|date").is_match(&lower(&f.wire)) || rx!(r"\btime\b|timestamp|date").is_match(&lower(desc));
        if timeish
            && !strings.is_empty()
            && strings.iter().all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
        {
            self.draft.todo(
                format!("{place}.type"),
                format!("the page does not give the format; the samples send digits only (\"{}\"): a pattern such as ^[0-9]+$?", strings[0]),
            );
        }
    }

    fn int_field(&mut self, f: &mut FieldDraft, place: &str, desc: &str, values: &[&Json]) {
        f.ty = prose::int_type(desc).unwrap_or("i64").to_string();
        if let Some(list) = prose::values(desc, true) {
            f.ty = self.enum_type(&f.wire, desc, &list, true);
            return;
        }
        let l = prose::limits(desc, false);
        f.minimum = l.minimum;
        f.maximum = l.maximum;
        if f.ty == "i64" && prose::is_count(&f.wire, desc) {
            self.draft
                .todo(format!("{place}.type"), "a count, offset or size, never negative: u32 or u64 rather than i64?");
        } else if f.ty == "i64" && prose::is_flag(desc) {
            let mut seen: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            seen.sort();
            seen.dedup();
            let shown = if seen.is_empty() { "no value".to_string() } else { seen.join(", ") };
            self.draft.todo(
                format!("{place}.type"),
                format!("a flag whose values the page does not list (the samples send {shown}): an enum?"),
            );
        }
    }

    fn array_field(&mut self, f: &mut FieldDraft, place: &str, n: &Node, item: Option<String>, values: &[&Json]) {
        (f.min_items, f.max_items) = prose::item_limits(&n.row.description);
        let items: Vec<&Json> = values.iter().filter_map(|v| v.as_array()).flatten().collect();
        if !n.children.is_empty() {
            let name = self.type_name(&singular(&pascal(&f.wire)));
            let inner: Vec<&Json> = items.iter().filter(|v| v.is_object()).copied().collect();
            let fields = self.fields(&format!("types.{name}"), &n.children, &inner);
            self.draft.types.push(TypeDraft {
                name: name.clone(),
                description: format!("One entry of {}: {}", f.wire, f.description),
                kind: TypeKindDraft::Struct { fields },
            });
            self.draft.todo(
                format!("{place}.type"),
                format!(
                    "the item type `{name}` is named after the field, with the fields the table lists under it: check"
                ),
            );
            f.ty = format!("array<{name}>");
            return;
        }
        if let Some(p) = item.as_deref().and_then(primitive) {
            f.ty = format!("array<{p}>");
            return;
        }
        let shape = if items.is_empty() {
            "the samples show no item".to_string()
        } else if items.iter().all(|v| v.is_string()) {
            f.ty = "array<string>".into();
            "the samples send strings".to_string()
        } else if items.iter().all(|v| v.is_i64() || v.is_u64()) {
            f.ty = "array<i64>".into();
            "the samples send integers".to_string()
        } else if items.iter().all(|v| v.is_object()) {
            let mut keys: Vec<String> =
                items.iter().filter_map(|v| v.as_object()).flat_map(|o| o.keys().cloned()).collect();
            keys.sort();
            keys.dedup();
            format!("the samples send objects with the keys {}", keys.join(", "))
        } else {
            "the samples send mixed items".to_string()
        };
        if !f.ty.starts_with("array<") {
            f.ty = "array<json>".into();
        }
        self.draft.todo(format!("{place}.type"), format!("the page does not give the item type ({shape})"));
    }

    /// An enum type for a field's value list; returns its name.
    fn enum_type(&mut self, wire: &str, desc: &str, list: &prose::ValueList, integer: bool) -> String {
        let name = self.type_name(&pascal(wire));
        let place = format!("types.{name}");
        let mut values: Vec<ValueDraft> = Vec::new();
        let mut guessed = Vec::new();
        for v in &list.values {
            let value = if integer {
                match v.value.parse::<i64>() {
                    Ok(n) => Json::from(n),
                    Err(_) => continue,
                }
            } else {
                Json::from(v.value.clone())
            };
            if values.iter().any(|x| x.value == value) {
                continue;
            }
            let name = if integer {
                let mut n = prose::name_from_meaning(&v.meaning);
                if n.is_empty() || n == "Unknown" || values.iter().any(|x| x.name.as_deref() == Some(n.as_str())) {
                    n = format!("{n}Value{}", v.value);
                }
                Some(n)
            } else {
                None
            };
            if v.guessed {
                guessed.push((v.meaning.clone(), v.value.clone()));
            }
            values.push(ValueDraft { value, name, description: v.meaning.clone() });
        }
        if integer {
            self.draft.todo(&place, "the value names are derived from the page's meanings: check them");
        } else {
            let unclear: Vec<String> = values
                .iter()
                .filter_map(|v| v.value.as_str())
                .filter(|s| {
                    let caps = s.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
                    caps && (s.len() > 6 || s.chars().any(|c| c.is_ascii_digit()))
                })
                .map(|s| format!("{s} → {}", pascal(s)))
                .collect();
            if !unclear.is_empty() {
                self.draft.todo(
                    &place,
                    format!(
                        "the Rust names are derived from values in capitals, whose word breaks are unknown ({}): add `name` where they matter",
                        unclear.join(", ")
                    ),
                );
            }
        }
        for (words, value) in guessed {
            self.draft
                .todo(&place, format!("the page lists \"{words}\" without its wire spelling; `{value}` is a guess"));
        }
        if !list.with_meanings && !list.fixed {
            self.draft.todo(&place, "the page lists the values without their meanings");
        }
        self.draft.types.push(TypeDraft {
            name: name.clone(),
            description: squash(desc),
            kind: TypeKindDraft::Enum { integer, values },
        });
        name
    }

    /// A type name not yet used in the draft.
    fn type_name(&self, base: &str) -> String {
        let base = if base.is_empty() { "Value" } else { base };
        let mut name = base.to_string();
        let mut n = 2;
        while self.draft.types.iter().any(|t| t.name == name) || name.ends_with("Request") || name.ends_with("Response")
        {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }

    /// A value written on the page, as a value of the type `ty`.
    fn typed(&self, ty: &str, text: &str) -> Option<Json> {
        let t = text.trim();
        match ty {
            "string" => Some(Json::from(t)),
            "i64" | "i32" | "u32" | "u64" => t.parse::<i64>().ok().map(Json::from),
            "f64" => t.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Json::Number),
            "bool" => t.parse::<bool>().ok().map(Json::from),
            name => match self.draft.ty(name).map(|d| &d.kind) {
                Some(TypeKindDraft::Enum { integer, values }) => {
                    let v = if *integer { Json::from(t.parse::<i64>().ok()?) } else { Json::from(t) };
                    values.iter().any(|x| x.value == v).then_some(v)
                }
                _ => None,
            },
        }
    }
}

/// `Messages` → `Message`, `Entries` → `Entry`.
fn singular(name: &str) -> String {
    if let Some(s) = name.strip_suffix("ies") {
        format!("{s}y")
    } else if let Some(s) = name.strip_suffix("List") {
        if s.is_empty() { "Item".into() } else { s.to_string() }
    } else if let Some(s) = name.strip_suffix('s').filter(|s| !s.ends_with('s') && !s.is_empty()) {
        s.to_string()
    } else {
        format!("{name}Item")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_words() {
        assert_eq!(base(Some("String")), Base::String);
        assert_eq!(base(Some("Integer")), Base::Int);
        assert_eq!(base(Some("Array")), Base::Array(None));
        assert_eq!(base(Some("Array of Strings")), Base::Array(Some("string".into())));
        assert_eq!(base(Some("String[]")), Base::Array(Some("string".into())));
        assert_eq!(base(None), Base::Missing);
    }

    #[test]
    fn deep_numbering_stays_shallow() {
        let rows: Vec<Row> = (1..=300)
            .map(|i| Row {
                number: Some(vec!["1"; i].join(".")),
                name: Some(format!("f{i}")),
                ty: Some("Object".into()),
                ..Row::default()
            })
            .collect();
        fn depth(n: &[Node]) -> usize {
            n.iter().map(|c| 1 + depth(&c.children)).max().unwrap_or(0)
        }
        assert!(depth(&tree(rows, &[])) <= MAX_DEPTH + 1);
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("Messages"), "Message");
        assert_eq!(singular("Entries"), "Entry");
        assert_eq!(singular("MsgBody"), "MsgBodyItem");
        assert_eq!(singular("UserList"), "User");
    }
}
