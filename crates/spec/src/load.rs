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

mod token;

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
    let mut diagnostics = r.diags;
    diagnostics.sort();
    let api = if diagnostics.has_errors() { None } else { api };
    Loaded { sources, api, diagnostics }
}

const TOP_KEYS: &[&str] = &["api", "servers", "auth", "envelopes", "error_sets", "types", "families"];
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
];
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

struct FamilyDef<'n> {
    name: Spanned<String>,
    node: &'n Node,
    types: HashMap<String, TypeId>,
    ops: Vec<(Spanned<String>, &'n Node, TypeId, TypeId)>,
}

struct Lowerer<'r, 'n> {
    r: &'r mut Reader,
    api_node: Option<&'n Node>,
    api_key: Option<Span>,
    servers: Vec<Def<'n>>,
    auth: Vec<Def<'n>>,
    envelopes: Vec<Def<'n>>,
    error_sets: Vec<Def<'n>>,
    families: Vec<FamilyDef<'n>>,
    global_types: HashMap<String, TypeId>,
    slots: Vec<TypeSlot<'n>>,
    types: Vec<Option<TypeDef>>,
    /// Enums whose definition has errors: values checked against them would only repeat those.
    broken_enums: HashSet<TypeId>,
    /// Example nodes, checked once the IR is complete.
    example_checks: Vec<ExampleCheck<'n>>,
}

struct ExampleCheck<'n> {
    ty: TypeId,
    value: Json,
    node: &'n Node,
    expect_invalid_field: Option<String>,
    breaks: Vec<String>,
    what: String,
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
            families: Vec::new(),
            global_types: HashMap::new(),
            slots: Vec::new(),
            types: Vec::new(),
            broken_enums: HashSet::new(),
            example_checks: Vec::new(),
        }
    }

    fn run(mut self, roots: &'n [Node]) -> Option<Api> {
        for root in roots {
            self.collect_file(root);
        }
        let Some(api_node) = self.api_node else {
            if let Some(root) = roots.first() {
                let d = self.r.error(head(root), "the spec has no `api` section");
                d.help =
                    Some("add `api: {name: ..., title: ..., version: 0.1.0, description: ...}` to one file".into());
            }
            return None;
        };
        let (name, title, version, description) = self.api_header(api_node)?;
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
        let families = self.lower_families(&envelopes, &error_sets, &auth);
        self.resolve_token_operations(&mut auth, &families);
        if self.types.iter().any(Option::is_none) {
            return None;
        }
        let api = Api {
            name,
            title,
            version,
            description,
            servers,
            auth,
            envelopes,
            error_sets,
            types: self.types.into_iter().map(|t| t.expect("checked above")).collect(),
            families,
        };
        // Examples are checked against valid definitions only: against broken ones every example
        // would fail too, burying the real problem.
        if self.r.diags.has_errors() {
            self.example_checks.clear();
        }
        for check in std::mem::take(&mut self.example_checks) {
            let violations = instance::check_type(&api, check.ty, &check.value);
            match &check.expect_invalid_field {
                None if !check.breaks.is_empty() => {
                    let mut found: Vec<String> = violations.iter().map(|v| v.field.clone()).collect();
                    found.sort();
                    found.dedup();
                    let mut want = check.breaks.clone();
                    want.sort();
                    if found != want {
                        let d = self.r.error(
                            check.node.span,
                            format!(
                                "{} is said to break the rules of [{}], but breaks those of [{}]",
                                check.what,
                                want.join(", "),
                                found.join(", ")
                            ),
                        );
                        d.help =
                            Some("list in `breaks` exactly the fields whose documented rule the sample breaks".into());
                    }
                }
                None => {
                    for v in violations {
                        let at = if v.path.is_empty() { String::new() } else { format!(" at `{}`", v.path) };
                        let place = locate(check.node, &v.path);
                        let d = self
                            .r
                            .error(place.span, format!("{} does not match its schema{at}: {}", check.what, v.message));
                        d.label =
                            Some(if std::ptr::eq(place, check.node) { "this example" } else { "this value" }.into());
                        d.help = Some(
                            "fix the example, or the field definition it breaks; note any page erratum in `erratum`"
                                .into(),
                        );
                    }
                }
                Some(field) => {
                    if violations.is_empty() {
                        let d = self.r.error(
                            check.node.span,
                            format!("{} is accepted by its schema, but is listed as invalid", check.what),
                        );
                        d.label = Some("this request breaks no documented rule".into());
                        d.help = Some("make it break exactly the rule of its `field`, or move it to `examples`".into());
                    } else if !violations.iter().any(|v| v.field == *field) {
                        let found: Vec<String> =
                            violations.iter().map(|v| format!("`{}`: {}", v.field, v.message)).collect();
                        let d = self.r.error(
                            locate(check.node, &violations[0].path).span,
                            format!("{} breaks rules of other fields than `{field}`: {}", check.what, found.join("; ")),
                        );
                        d.label = Some(format!("this breaks the rule of `{}`", violations[0].field));
                        d.help = Some("an invalid example must break the rule of the field it names".into());
                    }
                }
            }
        }
        Some(api)
    }

    // ---- pass 1: collect names -------------------------------------------------------------

    fn collect_file(&mut self, root: &'n Node) {
        let Some(top) = self.r.obj(root, "a spec file", TOP_KEYS, &[]) else { return };
        if let Some(api) = top.get("api") {
            let key = top.key_span("api").unwrap_or(api.span);
            if let Some(first) = self.api_key {
                let d = self.r.error(key, "the `api` section is defined twice");
                d.related.push((first.file, first.range(), "first defined here".into()));
                d.help = Some("keep one `api` section for the whole spec".into());
            } else {
                self.api_node = Some(api);
                self.api_key = Some(key);
            }
        }
        for (key, what) in
            [("servers", "server"), ("auth", "auth scheme"), ("envelopes", "envelope"), ("error_sets", "error set")]
        {
            let Some(n) = top.get(key) else { continue };
            let defs = self.named_defs(n, &format!("`{key}`"));
            for def in defs {
                let list = match key {
                    "servers" => &self.servers,
                    "auth" => &self.auth,
                    "envelopes" => &self.envelopes,
                    _ => &self.error_sets,
                };
                if let Some(first) = list.iter().find(|d| d.name.value == def.name.value) {
                    let first = first.name.span;
                    let d = self.r.error(def.name.span, format!("duplicate {what} `{}`", def.name.value));
                    d.related.push((first.file, first.range(), "first defined here".into()));
                    d.help = Some(format!("rename one of the two {what}s"));
                    continue;
                }
                match key {
                    "servers" => self.servers.push(def),
                    "auth" => self.auth.push(def),
                    "envelopes" => self.envelopes.push(def),
                    _ => self.error_sets.push(def),
                }
            }
        }
        if let Some(types) = top.get("types") {
            for def in self.named_defs(types, "`types`") {
                self.register_type(def, "common".into(), None);
            }
        }
        if let Some(fams) = top.get("families") {
            for def in self.named_defs(fams, "`families`") {
                self.collect_family(def);
            }
        }
    }

    fn named_defs(&mut self, node: &'n Node, what: &str) -> Vec<Def<'n>> {
        let Some(entries) = self.r.entries(node, what) else { return Vec::new() };
        entries
            .into_iter()
            .map(|(k, v)| Def { name: Spanned { value: k.scalar_text(), span: k.span }, node: v })
            .collect()
    }

    fn register_type(&mut self, def: Def<'n>, module: String, scope: Option<String>) {
        let name = def.name.value.clone();
        if !is_pascal(&name) {
            let d = self.r.error(def.name.span, format!("type name `{name}` is not PascalCase"));
            d.help = Some(format!("rename it `{}`", pascal(&name)));
        }
        let existing = match &scope {
            None => self.global_types.get(&name).copied(),
            Some(f) => self.families.iter().find(|fd| fd.name.value == *f).and_then(|fd| fd.types.get(&name).copied()),
        };
        if let Some(first) = existing {
            let first = self.slots[first.0].span;
            let d = self.r.error(def.name.span, format!("duplicate type `{name}`"));
            d.related.push((first.file, first.range(), "first defined here".into()));
            d.help = Some("rename one of the two types".into());
            return;
        }
        let kind = match &def.node.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.scalar_text() == "kind")
                .and_then(|(_, v)| v.as_str().map(str::to_string)),
            _ => None,
        };
        let id = self.new_slot(TypeSlot {
            name: name.clone(),
            span: def.name.span,
            module,
            scope: scope.clone(),
            kind,
            node: Some(def.node),
            body: None,
        });
        match scope {
            None => {
                self.global_types.insert(name, id);
            }
            Some(f) => {
                if let Some(fd) = self.families.iter_mut().find(|fd| fd.name.value == f) {
                    fd.types.insert(name, id);
                }
            }
        }
    }

    fn new_slot(&mut self, slot: TypeSlot<'n>) -> TypeId {
        self.slots.push(slot);
        self.types.push(None);
        TypeId(self.slots.len() - 1)
    }

    fn collect_family(&mut self, def: Def<'n>) {
        let fam = def.name.value.clone();
        if let Some(first) = self.families.iter().find(|f| f.name.value == fam) {
            let first = first.name.span;
            let d = self.r.error(def.name.span, format!("duplicate family `{fam}`"));
            d.related.push((first.file, first.range(), "first defined here".into()));
            d.help = Some("define each family once; put all its operations under it".into());
            return;
        }
        if !is_snake(&fam) {
            let d = self.r.error(def.name.span, format!("family key `{fam}` is not snake_case"));
            d.help = Some(format!("rename it `{}`; it becomes a Rust module and an operation-id prefix", snake(&fam)));
        }
        self.families.push(FamilyDef {
            name: def.name.clone(),
            node: def.node,
            types: HashMap::new(),
            ops: Vec::new(),
        });
        let Value::Map(entries) = &def.node.value else { return };
        if let Some((_, types)) = entries.iter().find(|(k, _)| k.scalar_text() == "types") {
            for t in self.named_defs(types, &format!("the types of family `{fam}`")) {
                self.register_type(t, fam.clone(), Some(fam.clone()));
            }
        }
        if let Some((_, ops)) = entries.iter().find(|(k, _)| k.scalar_text() == "operations") {
            for op in self.named_defs(ops, &format!("the operations of family `{fam}`")) {
                if !is_snake(&op.name.value) {
                    let d = self.r.error(op.name.span, format!("operation name `{}` is not snake_case", op.name.value));
                    d.help = Some(format!("rename it `{}`", snake(&op.name.value)));
                }
                let base = pascal(&op.name.value);
                let mut ids = Vec::new();
                for (suffix, role) in [("Request", StructRole::Request), ("Response", StructRole::Response)] {
                    let name = format!("{base}{suffix}");
                    let fd = self.families.last().expect("pushed above");
                    if let Some(&clash) = fd.types.get(&name) {
                        let span = self.slots[clash.0].span;
                        let d = self.r.error(
                            span,
                            format!(
                                "type `{name}` clashes with the {} body of operation `{fam}.{}`",
                                suffix.to_lowercase(),
                                op.name.value
                            ),
                        );
                        d.related.push((op.name.span.file, op.name.span.range(), "the operation is here".into()));
                        d.help =
                            Some("rename the type; operation bodies are named `<Operation>Request`/`Response`".into());
                    }
                    let id = self.new_slot(TypeSlot {
                        name: name.clone(),
                        span: op.name.span,
                        module: fam.clone(),
                        scope: Some(fam.clone()),
                        kind: Some("struct".into()),
                        node: None,
                        body: Some((op.node, role, op.name.value.clone())),
                    });
                    self.families.last_mut().expect("pushed above").types.insert(name, id);
                    ids.push(id);
                }
                self.families.last_mut().expect("pushed above").ops.push((op.name, op.node, ids[0], ids[1]));
            }
        }
    }

    // ---- pass 2: lower ---------------------------------------------------------------------

    fn api_header(&mut self, node: &'n Node) -> Option<(String, String, String, String)> {
        let o = self.r.obj(
            node,
            "the `api` section",
            &["name", "title", "version", "description"],
            &["name", "title", "version", "description"],
        )?;
        let name = self.r.opt_string(&o, "name", "the `api` section");
        let title = self.r.opt_string(&o, "title", "the `api` section");
        let description = self.r.opt_string(&o, "description", "the `api` section");
        let version = o.get("version").and_then(|v| {
            let text = v.scalar_text();
            let ok = text.split('.').count() == 3 && text.split('.').all(|p| p.parse::<u64>().is_ok());
            if !ok {
                let d = self.r.error(v.span, format!("`{text}` is not a semver version"));
                d.help = Some("write MAJOR.MINOR.PATCH, e.g. `0.1.0`".into());
            }
            ok.then_some(text)
        });
        Some((name?, title?, version?, description?))
    }

    fn lower_servers(&mut self) -> Vec<Server> {
        let defs: Vec<_> = self.servers.iter().map(|d| (d.name.clone(), d.node)).collect();
        let mut out = Vec::new();
        for (name, node) in defs {
            let what = format!("server `{}`", name.value);
            let Some(o) = self.r.obj(
                node,
                &what,
                &["description", "default_region", "regions", "template", "example"],
                &["description"],
            ) else {
                continue;
            };
            let description = self.r.opt_string(&o, "description", &what).unwrap_or_default();
            let template = self.r.opt_string(&o, "template", &what);
            let example = self.r.opt_string(&o, "example", &what);
            let default_region = self.r.opt_string(&o, "default_region", &what);
            let mut regions = Vec::new();
            if let Some(rn) = o.get("regions") {
                for (key, rnode) in self.r.entries(rn, &format!("the regions of {what}")).unwrap_or_default() {
                    let rkey = key.scalar_text();
                    let rwhat = format!("region `{rkey}`");
                    let Some(ro) = self.r.obj(rnode, &rwhat, &["title", "primary", "backup"], &["title", "primary"])
                    else {
                        continue;
                    };
                    let title = self.r.opt_string(&ro, "title", &rwhat).unwrap_or_default();
                    let primary = self.url(&ro, "primary", &rwhat).unwrap_or_default();
                    let backup = self.url(&ro, "backup", &rwhat);
                    regions.push(Region { rust_name: pascal(&rkey), key: rkey, title, primary, backup });
                }
            }
            match (&template, regions.is_empty()) {
                (None, true) => {
                    let d = self.r.error(head(node), format!("{what} has neither `regions` nor `template`"));
                    d.help = Some("give its regional domains under `regions`, or a URL `template`".into());
                }
                (Some(_), false) => {
                    let d = self.r.error(
                        o.key_span("template").unwrap_or(name.span),
                        format!("{what} has both `regions` and `template`"),
                    );
                    d.help = Some("keep one of the two".into());
                }
                _ => {}
            }
            if let Some(dr) = &default_region
                && !regions.iter().any(|r| r.key == *dr)
            {
                let span = o.get("default_region").map_or(name.span, |n| n.span);
                let keys: Vec<&str> = regions.iter().map(|r| r.key.as_str()).collect();
                let d = self.r.error(span, format!("default region `{dr}` is not a region of {what}"));
                d.help = Some(match suggest(dr, keys.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("use one of: {}", keys.join(", ")),
                });
            }
            out.push(Server {
                region_enum: format!("{}Region", pascal(&name.value)),
                static_name: format!("{}_SERVER", screaming(&name.value)),
                key: name.value,
                description,
                regions,
                default_region,
                template,
                example,
            });
        }
        out
    }

    /// The role of every parameter of an auth scheme, decided from its kind and its name: a
    /// parameter the kind has no use for is an error (the client would not know what to send).
    fn auth_params(
        &mut self,
        kind: AuthKind,
        what: &str,
        at: Span,
        sections: [(AuthIn, Option<&'n Node>, &[Field]); 2],
    ) -> Vec<AuthParam> {
        let roles: &[(&str, AuthRole)] = match kind {
            AuthKind::TencentUserSig => &[
                ("sdkappid", AuthRole::AppId),
                ("identifier", AuthRole::Identifier),
                ("usersig", AuthRole::UserSig),
                ("random", AuthRole::Random),
            ],
            AuthKind::CcmessagingToken => &[
                ("authorization", AuthRole::BearerAccessToken),
                ("x-app-key", AuthRole::AppKey),
                ("ccmessaging-token", AuthRole::ConversationToken),
            ],
            AuthKind::Headers => &[],
        };
        let mut out = Vec::new();
        for (location, node, fields) in sections {
            for f in fields {
                let fixed = f.constraints.const_value.as_ref().map(|v| match v {
                    Json::String(s) => s.clone(),
                    other => other.to_string(),
                });
                let known = roles.iter().find(|(n, _)| n.eq_ignore_ascii_case(&f.wire_name)).map(|(_, r)| r.clone());
                let role = match (known, fixed, kind) {
                    (Some(r), _, _) => r,
                    (None, Some(v), _) => AuthRole::Fixed(v),
                    (None, None, AuthKind::Headers) => AuthRole::Given,
                    (None, None, _) => {
                        let span = node.and_then(|n| self.key_span_in(n, &f.wire_name)).unwrap_or(at);
                        let names: Vec<&str> = roles.iter().map(|(n, _)| *n).collect();
                        let d = self.r.error(
                            span,
                            format!("{what}: `{}` has no role in a `{}` scheme", f.wire_name, kind.spec_name()),
                        );
                        d.help = Some(format!(
                            "its parameters are {} (and any with a `const` value); use `kind: headers` for values the caller gives",
                            names.join(", ")
                        ));
                        continue;
                    }
                };
                let env = format!("CCAPI_AUTH_{}", screaming(&f.wire_name));
                out.push(AuthParam { wire_name: f.wire_name.clone(), location, role, secret: f.secret, env });
            }
        }
        out
    }

    /// The span of key `key` in a mapping node, if it has one.
    fn key_span_in(&self, node: &'n Node, key: &str) -> Option<Span> {
        match &node.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.scalar_text() == key).map(|(k, _)| k.span),
            _ => None,
        }
    }

    fn url(&mut self, o: &Obj<'n>, key: &str, what: &str) -> Option<String> {
        let n = o.get(key)?;
        let s = self.r.string(n, &format!("`{key}` of {what}"))?;
        if !(s.starts_with("https://") || s.starts_with("http://")) {
            let d = self.r.error(n.span, format!("`{key}` of {what} is not a URL: `{s}`"));
            d.help = Some(format!("write the full base URL, e.g. `https://{s}`"));
        }
        Some(s)
    }

    fn lower_auth(&mut self) -> Vec<AuthScheme> {
        let defs: Vec<_> = self.auth.iter().map(|d| (d.name.clone(), d.node)).collect();
        let mut out = Vec::new();
        for (name, node) in defs {
            let what = format!("auth scheme `{}`", name.value);
            let Some(o) = self.r.obj(
                node,
                &what,
                &["kind", "description", "query", "headers", "token_subject", "token_operations"],
                &["kind", "description"],
            ) else {
                continue;
            };
            let description = self.r.opt_string(&o, "description", &what).unwrap_or_default();
            let kinds = AuthKind::ALL.iter().map(|(_, n)| *n);
            let kind = match o.get("kind") {
                Some(k) => match AuthKind::ALL.iter().find(|(_, n)| k.as_str() == Some(n)) {
                    Some((kind, _)) => *kind,
                    None => {
                        let text = k.scalar_text();
                        let d = self.r.error(k.span, format!("unknown auth kind `{text}`"));
                        d.help = Some(match suggest(&text, kinds) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => "use `tencent_usersig`, `headers` or `ccmessaging_token`".into(),
                        });
                        AuthKind::Headers
                    }
                },
                // `kind` is required: its absence was reported by `obj`.
                None => AuthKind::Headers,
            };
            let query =
                o.get("query").map(|n| self.fields(n, None, &format!("the query of {what}"))).unwrap_or_default();
            let headers =
                o.get("headers").map(|n| self.fields(n, None, &format!("the headers of {what}"))).unwrap_or_default();
            let mut token_subject = Vec::new();
            if let Some(n) = o.get("token_subject") {
                for (k, v) in self.r.entries(n, "`token_subject`").unwrap_or_default() {
                    if let Some(field) = self.r.string(v, "a `token_subject` field") {
                        token_subject.push((k.scalar_text(), field));
                    }
                }
            }
            if !token_subject.is_empty() && kind != AuthKind::CcmessagingToken {
                let span = o.key_span("token_subject").unwrap_or(name.span);
                let d = self.r.error(span, format!("{what} has a `token_subject` but is not a token flow"));
                d.help =
                    Some("a token subject belongs to `kind: ccmessaging_token`; remove it or change the kind".into());
                // Reported once here, not again for every operation using the scheme.
                token_subject.clear();
            }
            let params = self.auth_params(
                kind,
                &what,
                name.span,
                [(AuthIn::Query, o.get("query"), &query), (AuthIn::Header, o.get("headers"), &headers)],
            );
            out.push(AuthScheme {
                rust_name: pascal(&name.value),
                static_name: format!("{}_AUTH", screaming(&name.value)),
                params,
                key: name.value,
                kind,
                description,
                query,
                headers,
                token_subject,
                token_operations: None,
            });
        }
        out
    }

    fn error_codes(&mut self, node: &'n Node, what: &str, from_set: Option<String>) -> Vec<ErrorCode> {
        let mut out: Vec<ErrorCode> = Vec::new();
        let mut name_spans: Vec<Span> = Vec::new();
        for (k, v) in self.r.entries(node, what).unwrap_or_default() {
            let Value::Int(code) = k.value else {
                let d = self.r.error(k.span, format!("error code `{}` in {what} is not an integer", k.scalar_text()));
                d.help = Some("error codes are the vendor's numbers, e.g. `20001:`".into());
                continue;
            };
            let cwhat = format!("error code {code}");
            let Some(o) =
                self.r.obj(v, &cwhat, &["name", "description", "retryable", "note", "erratum"], &["description"])
            else {
                continue;
            };
            let description = self.r.opt_string(&o, "description", &cwhat).unwrap_or_default();
            let rust_name = match o.get("name") {
                Some(n) => {
                    let s = self.r.string(n, &format!("the name of {cwhat}")).unwrap_or_default();
                    if !is_pascal(&s) {
                        let d = self.r.error(n.span, format!("error name `{s}` is not PascalCase"));
                        d.help = Some(format!("rename it `{}`", pascal(&s)));
                    }
                    s
                }
                None => format!("Code{code}"),
            };
            let retryable = o.get("retryable").and_then(|n| self.r.boolean(n, "`retryable`")).unwrap_or(false);
            let note = self.r.opt_string(&o, "note", &cwhat).or_else(|| self.r.opt_string(&o, "erratum", &cwhat));
            let name_span = o.get("name").map_or(k.span, |n| n.span);
            if let Some(i) = out.iter().position(|e| e.rust_name == rust_name) {
                let d = self.r.error(
                    name_span,
                    format!("error name `{rust_name}` is already used by code {} in {what}", out[i].code),
                );
                d.related.push((name_spans[i].file, name_spans[i].range(), "first used here".into()));
                d.help = Some("give each code its own name".into());
            }
            name_spans.push(name_span);
            out.push(ErrorCode { code, rust_name, description, retryable, note, from_set: from_set.clone() });
        }
        out
    }

    fn lower_error_sets(&mut self) -> Vec<ErrorSet> {
        let defs: Vec<_> = self.error_sets.iter().map(|d| (d.name.clone(), d.node)).collect();
        let mut out = Vec::new();
        for (name, node) in defs {
            let what = format!("error set `{}`", name.value);
            let Some(o) = self.r.obj(node, &what, &["description", "source", "codes"], &["description", "codes"])
            else {
                continue;
            };
            let description = self.r.opt_string(&o, "description", &what).unwrap_or_default();
            let source = self.r.opt_string(&o, "source", &what);
            let codes =
                o.get("codes").map(|n| self.error_codes(n, &what, Some(name.value.clone()))).unwrap_or_default();
            out.push(ErrorSet {
                rust_name: format!("{}ErrorCode", pascal(&name.value)),
                variant_name: pascal(&name.value),
                key: name.value,
                description,
                source,
                codes,
            });
        }
        out
    }

    fn lower_envelopes(&mut self) -> Vec<Envelope> {
        let defs: Vec<_> = self.envelopes.iter().map(|d| (d.name.clone(), d.node)).collect();
        let mut out = Vec::new();
        for (name, node) in defs {
            let what = format!("envelope `{}`", name.value);
            let keys =
                ["description", "fields", "code_field", "message_field", "success_code", "http", "http_statuses"];
            let Some(o) = self.r.obj(node, &what, &keys, &["description", "fields", "code_field", "success_code"])
            else {
                continue;
            };
            let description = self.r.opt_string(&o, "description", &what).unwrap_or_default();
            let fields =
                o.get("fields").map(|n| self.fields(n, None, &format!("the fields of {what}"))).unwrap_or_default();
            let code_field = self.r.opt_string(&o, "code_field", &what).unwrap_or_default();
            let message_field = self.r.opt_string(&o, "message_field", &what).unwrap_or_default();
            let http = self.r.opt_string(&o, "http", &what);
            let mut code_is_string = false;
            for (key, wire) in [("code_field", &code_field), ("message_field", &message_field)] {
                let Some(n) = o.get(key) else { continue };
                match fields.iter().find(|f| f.wire_name == *wire) {
                    None => {
                        let names: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
                        let d = self.r.error(n.span, format!("`{key}` names `{wire}`, which is not a field of {what}"));
                        d.help = Some(match suggest(wire, names.iter().copied()) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!("use one of its fields: {}", names.join(", ")),
                        });
                    }
                    Some(f) if key == "code_field" => {
                        code_is_string = f.ty == Type::String;
                        if !matches!(f.ty, Type::String | Type::Int(_)) {
                            let d =
                                self.r.error(n.span, format!("the code field `{wire}` must be an integer or a string"));
                            d.help = Some("declare it as `i64`, or `string` when the vendor sends \"0\"".into());
                        }
                    }
                    Some(_) => {}
                }
            }
            let success_code = match o.get("success_code") {
                Some(n) => {
                    let j = n.to_json();
                    let fits = if code_is_string { j.is_string() } else { j.is_i64() };
                    if !fits {
                        let d = self.r.error(
                            n.span,
                            format!("`success_code` {j} does not have the type of the code field `{code_field}`"),
                        );
                        d.help = Some(if code_is_string {
                            "quote it: \"0\"".into()
                        } else {
                            "write a bare integer: 0".into()
                        });
                    }
                    j
                }
                None => Json::Null,
            };
            let mut http_statuses = Vec::new();
            if let Some(hs) = o.get("http_statuses") {
                for (k, v) in self.r.entries(hs, "`http_statuses`").unwrap_or_default() {
                    let status = match k.value {
                        Value::Int(i) if (100..600).contains(&i) => i as u16,
                        _ => {
                            let d = self.r.error(k.span, format!("`{}` is not an HTTP status", k.scalar_text()));
                            d.help = Some("use a number from 100 to 599".into());
                            continue;
                        }
                    };
                    let swhat = format!("HTTP status {status}");
                    let Some(so) = self.r.obj(v, &swhat, &["description", "retryable"], &["description"]) else {
                        continue;
                    };
                    let description = self.r.opt_string(&so, "description", &swhat).unwrap_or_default();
                    let retryable = so.get("retryable").and_then(|n| self.r.boolean(n, "`retryable`")).unwrap_or(false);
                    http_statuses.push(HttpStatus { status, description, retryable });
                }
            }
            out.push(Envelope {
                key: name.value,
                description,
                fields,
                code_field,
                message_field,
                success_code,
                code_is_string,
                http,
                http_statuses,
            });
        }
        out
    }

    fn lower_named_type(&mut self, id: TypeId) {
        let slot = &self.slots[id.0];
        let (name, module, scope) = (slot.name.clone(), slot.module.clone(), slot.scope.clone());
        let Some(node) = slot.node else { return };
        let what = format!("type `{name}`");
        let kinds = ["struct", "enum", "union", "record"];
        let Some(kind_node) = (match &node.value {
            Value::Map(e) => e.iter().find(|(k, _)| k.scalar_text() == "kind").map(|(_, v)| v),
            _ => None,
        }) else {
            let _ = self.r.obj(node, &what, &[], &[]);
            let d = self.r.error(self.slots[id.0].span, format!("{what} has no `kind`"));
            d.help = Some("add `kind: struct`, `enum`, `union` or `record`".into());
            return;
        };
        let kind = kind_node.scalar_text();
        let allowed: &[&str] = match kind.as_str() {
            "struct" => &["kind", "description", "fields", "one_of", "erratum", "note"],
            "enum" => &["kind", "description", "repr", "values", "erratum", "note"],
            "union" => &["kind", "description", "tag", "content", "variants", "erratum", "note"],
            "record" => &["kind", "description", "delimiter", "fields", "erratum", "note"],
            _ => {
                let d = self.r.error(kind_node.span, format!("unknown kind `{kind}` for {what}"));
                d.help = Some(match suggest(&kind, kinds) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "use `struct`, `enum`, `union` or `record`".into(),
                });
                return;
            }
        };
        let Some(o) = self.r.obj(node, &what, allowed, &["description"]) else { return };
        let description = self.r.opt_string(&o, "description", &what).unwrap_or_default();
        let erratum = self.r.opt_string(&o, "erratum", &what);
        let kind = match kind.as_str() {
            "struct" => {
                let fields = o
                    .get("fields")
                    .map(|n| self.fields(n, scope.as_deref(), &format!("the fields of {what}")))
                    .unwrap_or_default();
                let one_of = o.get("one_of").map(|n| self.one_of(n, &fields, &what)).unwrap_or_default();
                TypeKind::Struct(StructDef { fields, one_of, role: StructRole::Nested })
            }
            "enum" => {
                let errors = self.r.diags.error_count();
                let e = self.enum_def(&o, &what);
                if self.r.diags.error_count() > errors {
                    self.broken_enums.insert(id);
                }
                TypeKind::Enum(e)
            }
            "union" => match self.union_def(&o, scope.as_deref(), &what) {
                Some(u) => TypeKind::Union(u),
                None => return,
            },
            _ => {
                let delimiter = self.r.opt_string(&o, "delimiter", &what).unwrap_or_else(|| {
                    let d = self.r.error(head(node), format!("{what} is missing `delimiter`"));
                    d.help = Some("add `delimiter: \",\"`".into());
                    ",".into()
                });
                let fields = o
                    .get("fields")
                    .map(|n| self.fields(n, scope.as_deref(), &format!("the fields of {what}")))
                    .unwrap_or_default();
                for f in &fields {
                    if !matches!(f.ty, Type::String | Type::Int(_)) {
                        let span = o
                            .get("fields")
                            .and_then(|n| child(n, &f.wire_name))
                            .and_then(|n| child(n, "type"))
                            .map_or(self.slots[id.0].span, |n| n.span);
                        let d = self.r.error(
                            span,
                            format!("part `{}` of record {what} must be a string or an integer", f.wire_name),
                        );
                        d.label = Some("not a string or an integer type".into());
                        d.help = Some("a record is delimited text: its parts can only be strings or integers".into());
                    }
                }
                // Every part of a record is always there: the text has exactly one per field.
                let fields = fields.into_iter().map(|f| Field { required: true, ..f }).collect();
                TypeKind::Record(RecordDef { delimiter, fields })
            }
        };
        self.types[id.0] = Some(TypeDef { rust_name: name.clone(), name, module, description, erratum, kind });
    }

    fn field_span(&self, fields: Option<&Node>, wire: &str) -> Option<Span> {
        let Value::Map(entries) = &fields?.value else { return None };
        entries.iter().find(|(k, _)| k.scalar_text() == wire).map(|(k, _)| k.span)
    }

    fn enum_def(&mut self, o: &Obj<'n>, what: &str) -> EnumDef {
        let repr = match o.get("repr") {
            None => EnumRepr::String,
            Some(n) => match n.as_str() {
                Some("string") => EnumRepr::String,
                Some("integer") => EnumRepr::Integer,
                _ => {
                    let d = self.r.error(n.span, format!("`repr` of {what} must be `string` or `integer`"));
                    d.help = Some(match suggest(&n.scalar_text(), ["string", "integer"]) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "write `repr: string` or `repr: integer`".into(),
                    });
                    EnumRepr::String
                }
            },
        };
        let mut values: Vec<EnumValue> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        let Some(list) = o.get("values") else {
            let d = self.r.error(head(o.node), format!("{what} has no `values`"));
            d.help = Some("list its values: `values: [{value: ..., description: ...}]`".into());
            return EnumDef { repr, values };
        };
        for item in self.r.seq(list, &format!("the values of {what}")).unwrap_or_default() {
            let vwhat = format!("a value of {what}");
            let Some(vo) =
                self.r.obj(item, &vwhat, &["value", "name", "description", "erratum"], &["value", "description"])
            else {
                continue;
            };
            let Some(vn) = vo.get("value") else { continue };
            let value = vn.to_json();
            let ok = match repr {
                EnumRepr::String => value.is_string(),
                EnumRepr::Integer => value.is_i64(),
            };
            if !ok {
                let want = if repr == EnumRepr::String { "a string" } else { "an integer" };
                let d = self.r.error(
                    vn.span,
                    format!(
                        "{what} has `repr: {}`, but the value {value} is not {want}",
                        if repr == EnumRepr::String { "string" } else { "integer" }
                    ),
                );
                d.help = Some(if repr == EnumRepr::String {
                    "quote the value, or set `repr: integer`".into()
                } else {
                    "write a bare integer, or set `repr: string`".into()
                });
                continue;
            }
            let rust_name = match vo.get("name") {
                Some(n) => {
                    let s = self.r.string(n, "`name`").unwrap_or_default();
                    if !is_pascal(&s) {
                        let d = self.r.error(n.span, format!("enum value name `{s}` is not PascalCase"));
                        d.help = Some(format!("rename it `{}`", pascal(&s)));
                    }
                    s
                }
                None => match &value {
                    Json::String(s) => pascal(s),
                    _ => {
                        let d = self.r.error(vn.span, format!("integer value {value} of {what} needs a `name`"));
                        d.help = Some("add `name: SomeName` (the Rust variant)".into());
                        continue;
                    }
                },
            };
            if rust_name == "Unknown" {
                let d = self.r.error(
                    vo.get("name").map_or(vn.span, |n| n.span),
                    "`Unknown` is reserved for values the spec does not list",
                );
                d.help = Some("pick another name for this value".into());
            }
            if let Some(i) = values.iter().position(|v| v.value == value) {
                let d = self.r.error(vn.span, format!("the value {value} appears twice in {what}"));
                d.related.push((spans[i].file, spans[i].range(), "first listed here".into()));
                d.help = Some("remove the duplicate value".into());
                continue;
            }
            if let Some(i) = values.iter().position(|v| v.rust_name == rust_name) {
                let d = self.r.error(
                    vn.span,
                    format!(
                        "values {} and {value} of {what} both become the Rust variant `{rust_name}`",
                        values[i].value
                    ),
                );
                d.related.push((spans[i].file, spans[i].range(), "the other value".into()));
                d.help = Some("give one of them an explicit `name`".into());
                continue;
            }
            let description = self.r.opt_string(&vo, "description", &vwhat).unwrap_or_default();
            let erratum = self.r.opt_string(&vo, "erratum", &vwhat);
            spans.push(vn.span);
            values.push(EnumValue { value, rust_name, description, erratum });
        }
        if values.is_empty() {
            let d = self.r.error(list.span, format!("{what} has no values"));
            d.help = Some("list at least one value".into());
        }
        EnumDef { repr, values }
    }

    fn union_def(&mut self, o: &Obj<'n>, scope: Option<&str>, what: &str) -> Option<UnionDef> {
        let tag_field = self.r.opt_string(o, "tag", what);
        let content_field = self.r.opt_string(o, "content", what);
        for (key, v) in [("tag", &tag_field), ("content", &content_field)] {
            if v.is_none() && o.get(key).is_none() {
                let d = self.r.error(head(o.node), format!("{what} is missing `{key}`"));
                d.help = Some(format!("add `{key}: <wire name of the {key} field>`"));
            }
        }
        let mut variants: Vec<UnionVariant> = Vec::new();
        if let Some(list) = o.get("variants") {
            for item in self.r.seq(list, &format!("the variants of {what}")).unwrap_or_default() {
                let vwhat = format!("a variant of {what}");
                let Some(vo) =
                    self.r.obj(item, &vwhat, &["tag", "name", "type", "description"], &["tag", "type", "description"])
                else {
                    continue;
                };
                let Some(tag) = self.r.opt_string(&vo, "tag", &vwhat) else { continue };
                let rust_name = match vo.get("name") {
                    Some(n) => {
                        let s = self.r.string(n, "`name`").unwrap_or_default();
                        if !is_pascal(&s) {
                            let d = self.r.error(n.span, format!("variant name `{s}` is not PascalCase"));
                            d.help = Some(format!("rename it `{}`", pascal(&s)));
                        }
                        s
                    }
                    None => pascal(&tag),
                };
                let description = self.r.opt_string(&vo, "description", &vwhat).unwrap_or_default();
                let Some(tn) = vo.get("type") else { continue };
                let Some(Type::Named(content)) = self.type_ref(tn, scope) else {
                    if self.type_ref(tn, scope).is_some() {
                        let d = self.r.error(tn.span, format!("the content of variant `{tag}` must be a struct type"));
                        d.help = Some("define a `kind: struct` type for its content and name it here".into());
                    }
                    continue;
                };
                if self.slots[content.0].kind.as_deref() != Some("struct") {
                    let is = match self.slots[content.0].kind.as_deref() {
                        Some("enum") => "an enum",
                        Some("union") => "a union",
                        Some("record") => "a record",
                        _ => "not a struct",
                    };
                    let d = self.r.error(
                        tn.span,
                        format!(
                            "the content of variant `{tag}` must be a struct type, but `{}` is {is}",
                            tn.scalar_text()
                        ),
                    );
                    d.help = Some("define a `kind: struct` type for its content and name it here".into());
                }
                if variants.iter().any(|v| v.tag == tag || v.rust_name == rust_name) {
                    let d = self.r.error(item.span, format!("variant `{tag}` ({rust_name}) appears twice in {what}"));
                    d.help = Some("each tag and name must be unique".into());
                    continue;
                }
                variants.push(UnionVariant { tag, rust_name, content, description });
            }
        }
        Some(UnionDef { tag_field: tag_field?, content_field: content_field?, variants })
    }

    fn one_of(&mut self, node: &'n Node, fields: &[Field], what: &str) -> Vec<OneOfGroup> {
        let mut out: Vec<OneOfGroup> = Vec::new();
        for item in self.r.seq(node, &format!("`one_of` of {what}")).unwrap_or_default() {
            let Some(o) =
                self.r.obj(item, "a `one_of` alternative", &["name", "description", "fields"], &["name", "fields"])
            else {
                continue;
            };
            let Some(name) = self.r.opt_string(&o, "name", "a `one_of` alternative") else { continue };
            let description = self.r.opt_string(&o, "description", "a `one_of` alternative").unwrap_or_default();
            let mut names = Vec::new();
            for f in o.get("fields").and_then(|n| self.r.strings(n, "`fields`")).unwrap_or_default() {
                match fields.iter().find(|x| x.wire_name == f.value) {
                    None => {
                        let all: Vec<&str> = fields.iter().map(|x| x.wire_name.as_str()).collect();
                        let d = self.r.error(f.span, format!("`{}` is not a field of {what}", f.value));
                        d.help = Some(match suggest(&f.value, all.iter().copied()) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!("use one of: {}", all.join(", ")),
                        });
                    }
                    Some(x) if x.required => {
                        let d = self.r.error(
                            f.span,
                            format!("`{}` is `required: true`, so it cannot be one of several alternatives", f.value),
                        );
                        d.help = Some("make the field optional; `one_of` decides which fields must be given".into());
                    }
                    Some(_) => names.push(f.value),
                }
            }
            if out.iter().any(|g| g.name == name) {
                let d = self.r.error(item.span, format!("two `one_of` alternatives are named `{name}`"));
                d.help = Some("give each alternative its own name".into());
            }
            out.push(OneOfGroup { name: snake(&name), description, fields: names });
        }
        out
    }

    /// Resolves a type expression.
    fn type_ref(&mut self, node: &Node, scope: Option<&str>) -> Option<Type> {
        let text = self.r.string(node, "a type")?;
        self.parse_type(text.trim(), node.span, scope)
    }

    fn parse_type(&mut self, text: &str, span: Span, scope: Option<&str>) -> Option<Type> {
        if let Some(inner) = text.strip_prefix("array<").and_then(|t| t.strip_suffix('>')) {
            return self.parse_type(inner.trim(), span, scope).map(|t| Type::Array(Box::new(t)));
        }
        let prim = match text {
            "string" => Some(Type::String),
            "bool" => Some(Type::Bool),
            "i32" => Some(Type::Int(IntType::I32)),
            "i64" => Some(Type::Int(IntType::I64)),
            "u32" => Some(Type::Int(IntType::U32)),
            "u64" => Some(Type::Int(IntType::U64)),
            "f64" => Some(Type::F64),
            "json" => Some(Type::Json),
            _ => None,
        };
        if prim.is_some() {
            return prim;
        }
        let fam = scope.and_then(|s| self.families.iter().find(|f| f.name.value == s));
        if let Some(id) = fam.and_then(|f| f.types.get(text)).or_else(|| self.global_types.get(text)) {
            if self.slots[id.0].body.is_some() {
                let d = self.r.error(span, format!("`{text}` is an operation body and cannot be used as a field type"));
                d.help = Some("define a named type under `types` and use it in both places".into());
                return None;
            }
            return Some(Type::Named(*id));
        }
        let mut candidates: Vec<&str> = PRIMITIVES.to_vec();
        candidates.extend(self.global_types.keys().map(String::as_str));
        if let Some(f) = fam {
            candidates.extend(f.types.keys().map(String::as_str));
        }
        candidates.retain(|c| !c.ends_with("Request") && !c.ends_with("Response"));
        candidates.sort();
        let d = self.r.error(span, format!("unknown type `{text}`"));
        d.label = Some("no type has this name".into());
        d.help = Some(match suggest(text, candidates.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "use a primitive ({}), `array<T>`, or a type defined under `types`{}",
                PRIMITIVES.join(", "),
                scope.map(|s| format!(" or under family `{s}`")).unwrap_or_default()
            ),
        });
        None
    }

    fn fields(&mut self, node: &'n Node, scope: Option<&str>, what: &str) -> Vec<Field> {
        let mut out = Vec::new();
        let mut holds_by_checks = Vec::new();
        for (k, v) in self.r.entries(node, what).unwrap_or_default() {
            let wire = k.scalar_text();
            let fwhat = format!("field `{wire}`");
            let Some(o) = self.r.obj(v, &fwhat, FIELD_KEYS, &["type", "description"]) else { continue };
            let Some(ty) = o.get("type").and_then(|t| self.type_ref(t, scope)) else { continue };
            let description = self.r.opt_string(&o, "description", &fwhat).unwrap_or_default();
            let required = o.get("required").and_then(|n| self.r.boolean(n, "`required`")).unwrap_or(false);
            let nullable = o.get("nullable").and_then(|n| self.r.boolean(n, "`nullable`")).unwrap_or(false);
            let secret = o.get("secret").and_then(|n| self.r.boolean(n, "`secret`")).unwrap_or(false);
            let rust_name = match o.get("rust_name").and_then(|n| Some((n, self.r.string(n, "`rust_name`")?))) {
                Some((n, s)) if !is_snake(&s) || is_keyword(&s) => {
                    let why = if is_keyword(&s) { "is a Rust keyword" } else { "is not a snake_case identifier" };
                    let d = self.r.error(n.span, format!("`rust_name` `{s}` of {fwhat} {why}"));
                    d.help = Some(format!("write `rust_name: {}`", snake(&s)));
                    snake(&wire)
                }
                Some((_, s)) => s,
                None => snake(&wire),
            };
            if let Some((other, _)) =
                out.iter().map(|f: &Field| (f.wire_name.clone(), f.rust_name.clone())).find(|(_, r)| *r == rust_name)
            {
                let first = self.field_span(Some(node), &other);
                let d = self
                    .r
                    .error(k.span, format!("fields `{other}` and `{wire}` both become the Rust field `{rust_name}`"));
                if let Some(first) = first {
                    d.related.push((first.file, first.range(), "the other field".into()));
                }
                d.help = Some("set `rust_name` on one of them".into());
            }
            let errors = self.r.diags.error_count();
            let constraints = self.constraints(&o, &ty, &fwhat);
            // Against contradictory constraints every value fails: say so once, at the constraint.
            let constraints_ok = self.r.diags.error_count() == errors;
            let mut holds = None;
            if let Some(h) = o.get("holds") {
                holds = self.holds(h, &ty, scope, &fwhat);
            }
            if let Some(h) = o.get("holds_by") {
                if holds.is_some() {
                    let d = self.r.error(h.span, format!("{fwhat} has both `holds` and `holds_by`"));
                    d.help = Some("keep one".into());
                } else if ty != Type::String {
                    let d = self
                        .r
                        .error(h.span, format!("`holds_by` needs a string field, but {fwhat} is not `type: string`"));
                    d.help = Some("only text can hold an encoded value".into());
                } else {
                    holds_by_checks.push((out.len(), h));
                }
            }
            let default = o.get("default").map(Node::to_json);
            let example = o.get("example").map(Node::to_json);
            let erratum = self.r.opt_string(&o, "erratum", &fwhat);
            let note = self.r.opt_string(&o, "note", &fwhat);
            if required && let Some(dn) = o.get("default") {
                let d = self.r.error(dn.span, format!("{fwhat} is required but has a default"));
                d.help = Some("a default only makes sense for an optional field: drop one of the two".into());
            }
            let field = Field {
                wire_name: wire,
                rust_name,
                description,
                ty,
                required,
                nullable,
                default,
                example,
                constraints,
                holds,
                secret,
                erratum,
                note,
            };
            let values =
                [("default", &field.default), ("example", &field.example), ("const", &field.constraints.const_value)];
            for (key, val) in values.into_iter().filter(|_| constraints_ok) {
                let (Some(val), Some(n)) = (val, o.get(key)) else { continue };
                if let Some(problem) = self.check_scalar(&field, val) {
                    let d = self.r.error(n.span, format!("the `{key}` of {fwhat} is invalid: {problem}"));
                    d.help = Some(format!("make the `{key}` a valid value of the field"));
                }
            }
            out.push(field);
        }
        let defined: Vec<String> = match &node.value {
            Value::Map(entries) => entries.iter().map(|(k, _)| k.scalar_text()).collect(),
            _ => Vec::new(),
        };
        for (i, h) in holds_by_checks {
            out[i].holds = self.holds_by(h, &out, &defined, scope, &format!("field `{}`", out[i].wire_name));
        }
        out
    }

    /// Checks a default or example against a field of primitive or enum type.
    fn check_scalar(&self, f: &Field, v: &Json) -> Option<String> {
        // Only enum types are resolved at this point; other named types are checked with examples.
        if let Type::Named(id) = &f.ty {
            let def = self.types[id.0].as_ref()?;
            if let TypeKind::Enum(e) = &def.kind {
                if self.broken_enums.contains(id) {
                    return None; // its own errors say what is wrong
                }
                return (!e.values.iter().any(|x| x.value == *v)).then(|| {
                    let vals: Vec<String> = e.values.iter().map(|x| x.value.to_string()).collect();
                    format!("{v} is not one of {}", vals.join(", "))
                });
            }
            return None;
        }
        let tmp = Api {
            name: String::new(),
            title: String::new(),
            version: String::new(),
            description: String::new(),
            servers: vec![],
            auth: vec![],
            envelopes: vec![],
            error_sets: vec![],
            types: vec![TypeDef {
                name: "T".into(),
                rust_name: "T".into(),
                module: String::new(),
                description: String::new(),
                erratum: None,
                kind: TypeKind::Struct(StructDef {
                    fields: vec![Field { required: true, holds: None, ..f.clone() }],
                    one_of: vec![],
                    role: StructRole::Nested,
                }),
            }],
            families: vec![],
        };
        let mut obj = serde_json::Map::new();
        obj.insert(f.wire_name.clone(), v.clone());
        let violations = instance::check_type(&tmp, TypeId(0), &Json::Object(obj));
        violations.first().map(|x| x.message.clone())
    }

    fn holds(&mut self, h: &Node, ty: &Type, scope: Option<&str>, fwhat: &str) -> Option<Holds> {
        if *ty != Type::String {
            let d = self.r.error(h.span, format!("`holds` needs a string field, but {fwhat} is not `type: string`"));
            d.help = Some("only text can hold an encoded value".into());
            return None;
        }
        if h.as_str() == Some("json") {
            return Some(Holds::Json);
        }
        let t = self.type_ref(h, scope)?;
        self.held_type(&t, h.span)
    }

    fn held_type(&mut self, t: &Type, span: Span) -> Option<Holds> {
        match t {
            Type::Named(id) if matches!(self.slots[id.0].kind.as_deref(), Some("struct" | "record")) => {
                Some(Holds::Type(*id))
            }
            _ => {
                let d = self.r.error(span, "a string can only hold `json`, a struct (as JSON text) or a record");
                d.help = Some("name a `kind: struct` or `kind: record` type".into());
                None
            }
        }
    }

    fn holds_by(
        &mut self,
        h: &'n Node,
        siblings: &[Field],
        defined: &[String],
        scope: Option<&str>,
        fwhat: &str,
    ) -> Option<Holds> {
        let o = self.r.obj(h, &format!("`holds_by` of {fwhat}"), &["field", "cases"], &["field", "cases"])?;
        let field_node = o.get("field")?;
        let by = self.r.string(field_node, "`field`")?;
        let Some(sel) = siblings.iter().find(|f| f.wire_name == by) else {
            if defined.contains(&by) {
                return None; // the field is there but broken: its own error says why
            }
            let names: Vec<&str> = siblings.iter().map(|f| f.wire_name.as_str()).collect();
            let d = self.r.error(field_node.span, format!("`{by}` is not a field of this struct"));
            d.help = Some(match suggest(&by, names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "name a field of the same struct that comes before this one".into(),
            });
            return None;
        };
        let values = match &sel.ty {
            Type::Named(id) => match self.types[id.0].as_ref().map(|t| &t.kind) {
                Some(TypeKind::Enum(e)) if e.repr == EnumRepr::String => Some(e.values.clone()),
                _ => None,
            },
            _ => None,
        };
        let Some(values) = values else {
            let d =
                self.r.error(field_node.span, format!("`holds_by` needs a string enum field, and `{by}` is not one"));
            d.help = Some("decide the format by a field whose type is a `kind: enum` with `repr: string`".into());
            return None;
        };
        let mut cases = Vec::new();
        for (k, v) in self.r.entries(o.get("cases")?, "`cases`").unwrap_or_default() {
            let key = k.scalar_text();
            let Some(ev) = values.iter().find(|ev| ev.value.as_str() == Some(key.as_str())) else {
                if matches!(sel.ty, Type::Named(id) if self.broken_enums.contains(&id)) {
                    continue; // the enum's own errors say what is wrong
                }
                let names: Vec<&str> = values.iter().filter_map(|ev| ev.value.as_str()).collect();
                let d = self.r.error(k.span, format!("`{key}` is not a value of `{by}`"));
                d.help = Some(match suggest(&key, names.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("use one of: {}", names.join(", ")),
                });
                continue;
            };
            let Some(t) = self.type_ref(v, scope) else { continue };
            let Some(Holds::Type(id)) = self.held_type(&t, v.span) else { continue };
            cases.push((EnumCase { value: key, rust_variant: ev.rust_name.clone() }, id));
        }
        Some(Holds::ByField { field: by, rust_field: sel.rust_name.clone(), cases })
    }

    fn constraints(&mut self, o: &Obj<'n>, ty: &Type, fwhat: &str) -> Constraints {
        let mut c = Constraints::default();
        let is_str = *ty == Type::String;
        let is_int = matches!(ty, Type::Int(_));
        let is_arr = matches!(ty, Type::Array(_));
        let type_name = match ty {
            Type::String => "a string",
            Type::Int(_) => "an integer",
            Type::Array(_) => "an array",
            Type::Bool => "a boolean",
            Type::F64 => "a float",
            Type::Json => "any JSON",
            Type::Named(_) => "a named type",
        };
        let wrong = |r: &mut Reader, key: &str, fits: &str| {
            if let Some(n) = o.get(key) {
                let d = r.error(
                    o.key_span(key).unwrap_or(n.span),
                    format!("`{key}` applies to {fits}, but {fwhat} is {type_name}"),
                );
                d.label = Some("this constraint contradicts the field's type".into());
                d.help = Some(format!("remove `{key}` or change the field's `type`"));
            }
        };
        for key in ["min_length", "max_length", "pattern", "not_contains"] {
            if !is_str {
                wrong(self.r, key, "strings");
            }
        }
        for key in ["minimum", "maximum"] {
            if !is_int {
                wrong(self.r, key, "integers");
            }
        }
        for key in ["min_items", "max_items"] {
            if !is_arr {
                wrong(self.r, key, "arrays");
            }
        }
        if is_str {
            c.min_length = o.get("min_length").and_then(|n| self.r.count(n, "`min_length`"));
            c.max_length = o.get("max_length").and_then(|n| self.r.count(n, "`max_length`"));
            if let Some(n) = o.get("pattern")
                && let Some(p) = self.r.string(n, "`pattern`")
            {
                match regex::Regex::new(&p) {
                    Ok(_) => c.pattern = Some(p),
                    Err(e) => {
                        let msg =
                            e.to_string().lines().last().unwrap_or("").trim().trim_start_matches("error: ").to_string();
                        let d = self.r.error(n.span, format!("`pattern` is not a valid regular expression: {msg}"));
                        d.help = Some("write an ECMA-262-compatible regex, e.g. `^[0-9]+$`".into());
                    }
                }
            }
            if let Some(n) = o.get("not_contains") {
                c.not_contains =
                    self.r.strings(n, "`not_contains`").unwrap_or_default().into_iter().map(|s| s.value).collect();
            }
            if let (Some(a), Some(b)) = (c.min_length, c.max_length)
                && a > b
            {
                let span = o.key_span("min_length").expect("present");
                let d = self.r.error(span, format!("`min_length` {a} is greater than `max_length` {b}"));
                d.help = Some("no string could satisfy both: swap or fix them".into());
            }
        }
        if let Type::Int(it) = ty {
            c.minimum = o.get("minimum").and_then(|n| self.r.int(n, "`minimum`"));
            c.maximum = o.get("maximum").and_then(|n| self.r.int(n, "`maximum`"));
            let (lo, hi) = it.bounds();
            for (key, v) in [("minimum", c.minimum), ("maximum", c.maximum)] {
                if let Some(v) = v
                    && (i128::from(v) < lo || i128::from(v) > hi)
                {
                    let span = o.get(key).expect("present").span;
                    let d = self
                        .r
                        .error(span, format!("`{key}` {v} is outside the range of `{}` ({lo} to {hi})", it.rust()));
                    d.help = Some("fix the bound, or choose a wider integer type".into());
                }
            }
            if let (Some(a), Some(b)) = (c.minimum, c.maximum)
                && a > b
            {
                let span = o.key_span("minimum").expect("present");
                let d = self.r.error(span, format!("`minimum` {a} is greater than `maximum` {b}"));
                d.help = Some("no value could satisfy both: swap or fix them".into());
            }
        }
        if is_arr {
            c.min_items = o.get("min_items").and_then(|n| self.r.count(n, "`min_items`"));
            c.max_items = o.get("max_items").and_then(|n| self.r.count(n, "`max_items`"));
            if let (Some(a), Some(b)) = (c.min_items, c.max_items)
                && a > b
            {
                let span = o.key_span("min_items").expect("present");
                let d = self.r.error(span, format!("`min_items` {a} is greater than `max_items` {b}"));
                d.help = Some("no array could satisfy both: swap or fix them".into());
            }
        }
        if let Some(n) = o.get("const") {
            c.const_value = Some(n.to_json());
        }
        c
    }

    fn lower_families(&mut self, envelopes: &[Envelope], error_sets: &[ErrorSet], auth: &[AuthScheme]) -> Vec<Family> {
        let mut out = Vec::new();
        let fams: Vec<(Spanned<String>, &'n Node, Vec<_>)> =
            self.families.iter().map(|f| (f.name.clone(), f.node, f.ops.clone())).collect();
        for (name, node, ops) in fams {
            let fam = name.value.clone();
            let what = format!("family `{fam}`");
            let keys = [
                "title",
                "description",
                "server",
                "auth",
                "envelope",
                "error_sets",
                "rate_limit",
                "types",
                "operations",
            ];
            let Some(o) = self.r.obj(node, &what, &keys, &["title", "description", "server", "auth", "envelope"])
            else {
                continue;
            };
            let title = self.r.opt_string(&o, "title", &what).unwrap_or_default();
            let description = self.r.opt_string(&o, "description", &what).unwrap_or_default();
            let server = self.reference(
                &o,
                "server",
                "server",
                &self.servers.iter().map(|d| d.name.value.clone()).collect::<Vec<_>>(),
            );
            let auth_key = self.reference(
                &o,
                "auth",
                "auth scheme",
                &self.auth.iter().map(|d| d.name.value.clone()).collect::<Vec<_>>(),
            );
            let envelope = self.reference(
                &o,
                "envelope",
                "envelope",
                &envelopes.iter().map(|e| e.key.clone()).collect::<Vec<_>>(),
            );
            let mut set_codes: Vec<ErrorCode> = Vec::new();
            if let Some(n) = o.get("error_sets") {
                let keys: Vec<String> = error_sets.iter().map(|s| s.key.clone()).collect();
                for s in self.r.strings(n, "`error_sets`").unwrap_or_default() {
                    match error_sets.iter().find(|e| e.key == s.value) {
                        Some(set) => set_codes.extend(set.codes.iter().cloned()),
                        None => self.unknown_ref(s.span, "error set", &s.value, &keys),
                    }
                }
            }
            let rate_limit = o.get("rate_limit").and_then(|n| self.rate_limit(n));
            let mut operations = Vec::new();
            for (op_name, op_node, req, resp) in ops {
                let (op_auth, op_envelope) =
                    self.own_auth_and_envelope(op_node, auth_key.as_deref(), envelope.as_deref(), envelopes);
                let env = op_envelope.as_ref().and_then(|k| envelopes.iter().find(|e| e.key == *k));
                if let Some(mut op) =
                    self.operation(&fam, &op_name, op_node, req, resp, env, &set_codes, rate_limit.as_ref())
                {
                    if let Some(scheme) = op_auth.as_ref().and_then(|k| auth.iter().find(|a| a.key == *k)) {
                        op.token_subject = self.token_subject(&op, &op_name, &scheme.key, &scheme.token_subject);
                    }
                    op.auth = op_auth.unwrap_or_default();
                    op.envelope = op_envelope.unwrap_or_default();
                    operations.push(op);
                }
            }
            out.push(Family {
                handle_name: pascal(&fam),
                key: fam,
                title,
                description,
                server: server.unwrap_or_default(),
                auth: auth_key.unwrap_or_default(),
                envelope: envelope.unwrap_or_default(),
                operations,
            });
        }
        out
    }

    fn unknown_ref(&mut self, span: Span, what: &str, name: &str, known: &[String]) {
        let d = self.r.error(span, format!("unknown {what} `{name}`"));
        d.label = Some(format!("no {what} has this name"));
        d.help = Some(match suggest(name, known.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None if known.is_empty() => format!("define it first; the spec has no {what}s"),
            None => format!("use one of: {}", known.join(", ")),
        });
    }

    fn reference(&mut self, o: &Obj<'n>, key: &str, what: &str, known: &[String]) -> Option<String> {
        let n = o.get(key)?;
        let s = self.r.string(n, &format!("`{key}`"))?;
        if known.contains(&s) {
            Some(s)
        } else {
            self.unknown_ref(n.span, what, &s, known);
            None
        }
    }

    fn rate_limit(&mut self, node: &Node) -> Option<RateLimit> {
        let o = self.r.obj(node, "`rate_limit`", &["per_second", "scope", "source"], &["per_second", "scope"])?;
        let n = o.get("per_second")?;
        let per_second = self.r.count(n, "`per_second`")?;
        if per_second == 0 || per_second > u64::from(u32::MAX) {
            let d =
                self.r.error(n.span, format!("`per_second` must be between 1 and {}, found {per_second}", u32::MAX));
            d.help = Some("write the documented number of calls per second".into());
            return None;
        }
        let scope = self.r.opt_string(&o, "scope", "`rate_limit`")?;
        let source = self.r.opt_string(&o, "source", "`rate_limit`");
        Some(RateLimit { per_second: per_second as u32, scope, source })
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        fam: &str,
        name: &Spanned<String>,
        node: &'n Node,
        req: TypeId,
        resp: TypeId,
        env: Option<&Envelope>,
        set_codes: &[ErrorCode],
        family_limit: Option<&RateLimit>,
    ) -> Option<Operation> {
        let id = format!("{fam}.{}", name.value);
        let what = format!("operation `{id}`");
        let keys = [
            "summary",
            "description",
            "docs",
            "method",
            "path",
            "idempotent",
            "rate_limit",
            "request",
            "response",
            "errors",
            "examples",
            "invalid_requests",
            "paging",
            "streaming",
            "auth",
            "envelope",
            "token",
            "note",
        ];
        let o = self.r.obj(
            node,
            &what,
            &keys,
            &["summary", "description", "method", "path", "idempotent", "request", "response"],
        )?;
        let summary = self.r.opt_string(&o, "summary", &what).unwrap_or_default();
        let description = self.r.opt_string(&o, "description", &what).unwrap_or_default();
        // An unknown method is an error (the spec then gives no IR); `Post` only stands in so
        // that checking can go on and report everything at once.
        let method = match o.get("method") {
            Some(n) => {
                let m = self.r.string(n, "`method`").unwrap_or_default();
                HttpMethod::from_wire(&m).unwrap_or_else(|| {
                    let d = self.r.error(n.span, format!("`{m}` is not an HTTP method"));
                    d.help = Some("use GET, POST, PUT, PATCH or DELETE, in capitals".into());
                    HttpMethod::Post
                })
            }
            None => HttpMethod::Post,
        };
        let path = match o.get("path") {
            Some(n) => {
                let p = self.r.string(n, "`path`").unwrap_or_default();
                if !p.starts_with('/') || p.contains('?') || p.contains(' ') {
                    let d = self.r.error(n.span, format!("`{p}` is not a URL path"));
                    d.help = Some("write the path from the first `/`, without host or query, e.g. `/v4/desk_http_svc/send_stream_msg`".into());
                }
                p
            }
            None => String::new(),
        };
        let idempotent = o.get("idempotent").and_then(|n| self.r.boolean(n, "`idempotent`")).unwrap_or(false);
        let rate_limit = match o.get("rate_limit") {
            Some(n) => self.rate_limit(n),
            None => family_limit.cloned(),
        };
        let docs = o.get("docs").and_then(|n| {
            let d = self.r.obj(n, "`docs`", &["page", "title", "updated"], &["page"])?;
            Some(DocRef {
                page: self.r.opt_string(&d, "page", "`docs`")?,
                title: self.r.opt_string(&d, "title", "`docs`"),
                updated: d.get("updated").map(Node::scalar_text),
            })
        });
        let base = pascal(&name.value);
        for (key, tid, role) in [("request", req, StructRole::Request), ("response", resp, StructRole::Response)] {
            let Some(n) = o.get(key) else { continue };
            let bwhat = format!("the {key} of {what}");
            let Some(bo) = self.r.obj(n, &bwhat, &["description", "fields", "one_of", "erratum", "note"], &["fields"])
            else {
                continue;
            };
            let envelope_fields = match (role, env) {
                (StructRole::Response, Some(e)) => e.fields.clone(),
                _ => Vec::new(),
            };
            let mut fields = envelope_fields.clone();
            let own = bo
                .get("fields")
                .map(|f| self.fields(f, Some(fam), &format!("the fields of {bwhat}")))
                .unwrap_or_default();
            for f in own {
                if let Some(e) =
                    envelope_fields.iter().find(|x| x.wire_name == f.wire_name || x.rust_name == f.rust_name)
                {
                    let span = self.field_span(bo.get("fields"), &f.wire_name).unwrap_or(name.span);
                    let d = self.r.error(
                        span,
                        format!(
                            "field `{}` is already part of the response envelope (as `{}`)",
                            f.wire_name, e.wire_name
                        ),
                    );
                    d.help = Some("remove it here; the envelope's fields are added to every response".into());
                    continue;
                }
                fields.push(f);
            }
            let one_of = bo.get("one_of").map(|n| self.one_of(n, &fields, &bwhat)).unwrap_or_default();
            let description =
                self.r.opt_string(&bo, "description", &bwhat).unwrap_or_else(|| format!("The {key} body of `{id}`."));
            let erratum = self.r.opt_string(&bo, "erratum", &bwhat);
            let tname = format!("{base}{}", if role == StructRole::Request { "Request" } else { "Response" });
            self.types[tid.0] = Some(TypeDef {
                name: tname.clone(),
                rust_name: tname,
                module: fam.to_string(),
                description,
                erratum,
                kind: TypeKind::Struct(StructDef { fields, one_of, role }),
            });
        }
        let mut errors =
            o.get("errors").map(|n| self.error_codes(n, &format!("the errors of {what}"), None)).unwrap_or_default();
        for c in set_codes {
            if let Some(own) = errors.iter().find(|e| e.code == c.code && e.from_set.is_none()) {
                let span = self.code_span(o.get("errors"), own.code).unwrap_or(name.span);
                let d = self.r.error(
                    span,
                    format!(
                        "error code {} is also in the shared error set `{}`",
                        c.code,
                        c.from_set.as_deref().unwrap_or("")
                    ),
                );
                d.help = Some("remove it from the operation, or from the shared set".into());
                continue;
            }
            errors.push(c.clone());
        }
        let mut examples = Vec::new();
        if let Some(n) = o.get("examples") {
            for item in self.r.seq(n, &format!("the examples of {what}")).unwrap_or_default() {
                let Some(eo) = self.r.obj(
                    item,
                    "an example",
                    &["name", "summary", "request", "response", "erratum", "breaks"],
                    &["name"],
                ) else {
                    continue;
                };
                let Some(ename) =
                    self.example_name(&eo, &examples.iter().map(|e: &Example| e.name.clone()).collect::<Vec<_>>())
                else {
                    continue;
                };
                let summary = self.r.opt_string(&eo, "summary", "an example");
                let erratum = self.r.opt_string(&eo, "erratum", "an example");
                let request = eo.get("request").map(Node::to_json);
                let response = eo.get("response").map(Node::to_json);
                let breaks: Vec<String> = eo
                    .get("breaks")
                    .and_then(|n| self.r.strings(n, "`breaks`"))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|s| s.value)
                    .collect();
                if !breaks.is_empty() && erratum.is_none() {
                    let d = self.r.error(
                        eo.key_span("breaks").unwrap_or(item.span),
                        format!("example `{ename}` breaks documented rules but says nothing about it"),
                    );
                    d.help = Some("add an `erratum` explaining how the page contradicts itself".into());
                }
                if request.is_none() && response.is_none() {
                    let d = self.r.error(head(item), format!("example `{ename}` has neither `request` nor `response`"));
                    d.help = Some("add the sample body it shows".into());
                }
                for (key, tid, v) in [("request", req, &request), ("response", resp, &response)] {
                    if let (Some(v), Some(n)) = (v, eo.get(key)) {
                        let breaks = if key == "request" { breaks.clone() } else { Vec::new() };
                        self.example_checks.push(ExampleCheck {
                            ty: tid,
                            value: v.clone(),
                            node: n,
                            expect_invalid_field: None,
                            breaks,
                            what: format!("the {key} of example `{ename}`"),
                        });
                    }
                }
                examples.push(Example { name: ename, summary, request, response, erratum, breaks });
            }
        }
        let mut invalid_requests = Vec::new();
        if let Some(n) = o.get("invalid_requests") {
            for item in self.r.seq(n, &format!("the invalid requests of {what}")).unwrap_or_default() {
                let Some(eo) = self.r.obj(
                    item,
                    "an invalid request",
                    &["name", "summary", "request", "field"],
                    &["name", "request", "field"],
                ) else {
                    continue;
                };
                let mut taken: Vec<String> = examples.iter().map(|e| e.name.clone()).collect();
                taken.extend(invalid_requests.iter().map(|e: &InvalidExample| e.name.clone()));
                let Some(ename) = self.example_name(&eo, &taken) else { continue };
                let summary = self.r.opt_string(&eo, "summary", "an invalid request");
                let Some(field) = eo.get("field").and_then(|f| self.r.string(f, "`field`")) else { continue };
                let Some(rn) = eo.get("request") else { continue };
                let request = rn.to_json();
                self.example_checks.push(ExampleCheck {
                    ty: req,
                    value: request.clone(),
                    node: rn,
                    expect_invalid_field: Some(field.clone()),
                    breaks: Vec::new(),
                    what: format!("invalid request `{ename}`"),
                });
                invalid_requests.push(InvalidExample { name: ename, summary, request, field });
            }
        }
        let paging = o.get("paging").and_then(|n| self.paging(n, req, resp, &what));
        let streaming = o.get("streaming").and_then(|n| self.streaming(n, req, resp, &what));
        let token = o.get("token").and_then(|n| self.token_issue(n, req, resp, &what));
        Some(Operation {
            id,
            family: fam.to_string(),
            name: name.value.clone(),
            error_enum: format!("{base}ErrorCode"),
            rust_name: base,
            summary,
            description,
            docs,
            method,
            path,
            idempotent,
            rate_limit,
            request: req,
            response: resp,
            errors,
            examples,
            invalid_requests,
            paging,
            streaming,
            token_subject: Vec::new(),
            // Set by the family, which knows its defaults.
            auth: String::new(),
            envelope: String::new(),
            token,
        })
    }

    /// Resolves an auth scheme's token subject against an operation's request: each named field
    /// must be a required string of it.
    fn token_subject(
        &mut self,
        op: &Operation,
        name: &Spanned<String>,
        scheme: &str,
        parts: &[(String, String)],
    ) -> Vec<(String, Field)> {
        let fields = self.body_fields(op.request);
        let mut out = Vec::new();
        for (part, wire) in parts {
            match fields.iter().find(|f| f.wire_name == *wire) {
                Some(f) if f.required && f.ty == Type::String => out.push((part.clone(), f.clone())),
                found => {
                    let problem = if found.is_some() { "is not a required string" } else { "does not exist" };
                    let d = self.r.error(
                        name.span,
                        format!(
                            "operation `{}` uses auth scheme `{scheme}`, whose token is applied for the request's `{wire}` (as `{part}`), but its request field `{wire}` {problem}",
                            op.id
                        ),
                    );
                    d.help = Some(format!(
                        "add a required string field `{wire}` to the request, or use another auth scheme"
                    ));
                }
            }
        }
        out
    }

    /// The fields of a body struct that has been lowered (empty when it had errors).
    fn body_fields(&self, id: TypeId) -> Vec<Field> {
        match self.types[id.0].as_ref().map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => s.fields.clone(),
            _ => Vec::new(),
        }
    }

    /// The body field that `key` of a `paging`/`streaming` mapping names, checked by `fits`
    /// (which says what kind of field is wanted, or `None` when it fits).
    fn role_field(
        &mut self,
        o: &Obj<'n>,
        key: &str,
        body: &[Field],
        body_name: &str,
        what: &str,
        fits: impl Fn(&Self, &Field) -> Option<&'static str>,
    ) -> Option<Field> {
        let n = o.get(key)?;
        let wire = self.r.string(n, &format!("`{key}`"))?;
        let Some(f) = body.iter().find(|f| f.wire_name == wire) else {
            let d = self
                .r
                .error(n.span, format!("`{key}` of {what} names `{wire}`, which is not a field of its {body_name}"));
            d.label = Some(format!("not a {body_name} field"));
            d.help = Some(match suggest(&wire, body.iter().map(|f| f.wire_name.as_str())) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "name one of the {body_name} fields: {}",
                    body.iter().map(|f| format!("`{}`", f.wire_name)).collect::<Vec<_>>().join(", ")
                ),
            });
            return None;
        };
        if let Some(want) = fits(self, f) {
            let d = self.r.error(n.span, format!("`{key}` of {what} must name {want}, but `{wire}` is not one"));
            d.help = Some(format!("name {want} of the {body_name}, or change the field's type"));
            return None;
        }
        Some(f.clone())
    }

    fn paging(&mut self, node: &'n Node, req: TypeId, resp: TypeId, what: &str) -> Option<Paging> {
        let pwhat = format!("the paging of {what}");
        let o = self.r.obj(node, &pwhat, &["offset", "limit", "items", "total"], &["offset", "limit", "items"])?;
        let (rq, rs) = (self.body_fields(req), self.body_fields(resp));
        let int = |_: &Self, f: &Field| (!matches!(f.ty, Type::Int(_))).then_some("an integer field");
        let offset = self.role_field(&o, "offset", &rq, "request", &pwhat, int);
        let limit = self.role_field(&o, "limit", &rq, "request", &pwhat, int);
        let items = self.role_field(&o, "items", &rs, "response", &pwhat, |_, f| {
            (!matches!(f.ty, Type::Array(_))).then_some("an array field")
        });
        let total = self.role_field(&o, "total", &rs, "response", &pwhat, int);
        if let (Some(offset), Some(limit)) = (&offset, &limit)
            && offset.wire_name == limit.wire_name
        {
            let d = self.r.error(node.span, format!("{pwhat} uses `{}` as both offset and limit", offset.wire_name));
            d.help = Some("name the offset field and the page-size field".into());
            return None;
        }
        Some(Paging { offset: offset?, limit: limit?, items: items?, total })
    }

    fn streaming(&mut self, node: &'n Node, req: TypeId, resp: TypeId, what: &str) -> Option<Streaming> {
        let swhat = format!("the streaming of {what}");
        let o = self.r.obj(
            node,
            &swhat,
            &["chunk", "key", "response_key", "finish", "finish_value"],
            &["chunk", "key", "finish"],
        )?;
        let (rq, rs) = (self.body_fields(req), self.body_fields(resp));
        let string = |_: &Self, f: &Field| (f.ty != Type::String).then_some("a string field");
        let optional_string =
            |_: &Self, f: &Field| (f.ty != Type::String || f.required).then_some("an optional string field");
        let chunk = self.role_field(&o, "chunk", &rq, "request", &swhat, string);
        let request_key = self.role_field(&o, "key", &rq, "request", &swhat, optional_string);
        let response_key = if o.get("response_key").is_some() {
            self.role_field(&o, "response_key", &rs, "response", &swhat, string)
        } else {
            self.role_field(&o, "key", &rs, "response", &swhat, string)
        };
        let finish =
            self.role_field(&o, "finish", &rq, "request", &swhat, |_, f| f.required.then_some("an optional field"))?;
        let finish_value = match o.get("finish_value") {
            Some(n) => {
                let v = n.to_json();
                if let Some(problem) = self.check_scalar(&finish, &v) {
                    let d = self.r.error(n.span, format!("`finish_value` of {swhat} is invalid: {problem}"));
                    d.help = Some(format!("give a valid value of `{}`", finish.wire_name));
                    return None;
                }
                v
            }
            None => {
                let only = match &finish.ty {
                    Type::Bool => Some(Json::Bool(true)),
                    Type::Named(id) => match self.types[id.0].as_ref().map(|t| &t.kind) {
                        Some(TypeKind::Enum(e)) if e.values.len() == 1 => Some(e.values[0].value.clone()),
                        _ => None,
                    },
                    _ => None,
                };
                let Some(v) = only else {
                    let d = self.r.error(
                        o.key_span("finish").unwrap_or(node.span),
                        format!("{swhat} does not say which value of `{}` marks the last call", finish.wire_name),
                    );
                    d.help =
                        Some("add `finish_value: ...` (needed unless the field is a bool or a one-value enum)".into());
                    return None;
                };
                v
            }
        };
        Some(Streaming { chunk: chunk?, request_key: request_key?, response_key: response_key?, finish, finish_value })
    }

    fn code_span(&self, errors: Option<&Node>, code: i64) -> Option<Span> {
        let Value::Map(entries) = &errors?.value else { return None };
        entries.iter().find(|(k, _)| matches!(k.value, Value::Int(c) if c == code)).map(|(k, _)| k.span)
    }

    fn example_name(&mut self, eo: &Obj<'n>, taken: &[String]) -> Option<String> {
        let n = eo.get("name")?;
        let name = self.r.string(n, "the example's `name`")?;
        if !is_snake(&name) {
            let d = self.r.error(n.span, format!("example name `{name}` is not snake_case"));
            d.help = Some(format!("rename it `{}`; it becomes a test name", snake(&name)));
            return None;
        }
        if taken.contains(&name) {
            let d = self.r.error(n.span, format!("example name `{name}` is used twice in this operation"));
            d.help = Some("give each example its own name".into());
            return None;
        }
        Some(name)
    }
}

/// The value of `key` in a mapping node.
fn child<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    let Value::Map(entries) = &node.value else { return None };
    entries.iter().find(|(k, _)| k.scalar_text() == key).map(|(_, v)| v)
}

/// The node at `path` (`Messages[0].MsgBody`, empty for the whole value) inside an example, or the
/// deepest node of the path that exists.
fn locate<'a>(mut node: &'a Node, path: &str) -> &'a Node {
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, indexes) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !key.is_empty() {
            let Value::Map(entries) = &node.value else { return node };
            let Some((_, v)) = entries.iter().find(|(k, _)| k.scalar_text() == key) else { return node };
            node = v;
        }
        for index in indexes.split(['[', ']']).filter(|i| !i.is_empty()) {
            let (Value::Seq(items), Ok(i)) = (&node.value, index.parse::<usize>()) else { return node };
            let Some(item) = items.get(i) else { return node };
            node = item;
        }
    }
    node
}

/// Lists every type's module, for tests.
pub fn modules_of(api: &Api) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in &api.types {
        out.entry(t.module.clone()).or_default().push(t.rust_name.clone());
    }
    out
}
