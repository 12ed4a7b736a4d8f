//! Collision checks over every name the IR decides (`names`) or takes from the spec: no two items
//! of one Rust namespace, OpenAPI section or test module may get the same name, and none may be a
//! Rust keyword. Each problem points at the later definition, shows the earlier one (or says what
//! already owns the name), and says what to rename.
//!
//! Some collisions are reported where the names are read, with the same wording: two fields of
//! one struct (`fields`), two values of one enum (`enums`), two codes of one table and a code
//! named like a shared set (`error_codes`), two regions of one server (`servers`), a type named
//! like an operation body (`collect`).

use super::*;

/// Hand-written methods of the client's `Client` (crates/runtime/src/{client,paginate,poll,ccm,stream}.rs,
/// and the wrapper in crates/client/src/wrapper.rs), beside which each family gets an accessor
/// named by its key.
const CLIENT_METHODS: &[&str] = &[
    "access_token",
    "acquire",
    "acquire_slot",
    "app_id",
    "attempt",
    "base_url",
    "builder",
    "call",
    "call_inner",
    "call_with_retries",
    "call_with_slot",
    "can_renew_ccm",
    "ccm_values",
    "conversation_token",
    "exchange",
    "invalidate_ccm",
    "paginate",
    "poll_stream",
    "prepare",
    "renews_on_401",
    "runtime",
    "send",
    "send_with_retries",
    "session_token",
    "stream_message",
    "token_call",
    "usersigs_signed",
    "wire",
];

/// Hand-written methods of the client's `ClientBuilder` (crates/runtime/src/client.rs, and the
/// wrapper in crates/client/src/wrapper.rs), beside which each template server gets
/// `<server>_endpoint`.
const CLIENT_BUILDER_METHODS: &[&str] = &[
    "auth_value",
    "build",
    "ccmessaging",
    "connect_timeout",
    "endpoint",
    "http_client",
    "rate_limiter",
    "retry",
    "server_endpoint",
    "tencent",
    "timeout",
    "with",
];

/// Types the client's generated module names beside the family handles.
const CLIENT_MODULE_TYPES: &[&str] = &[
    "BoxStream",
    "Client",
    "Error",
    "OperationVisitor",
    "PollOptions",
    "Stream",
    "StreamError",
    "StreamOptions",
    "StreamOutcome",
];

/// Modules of the model crate that are no family.
const MODEL_MODULES: &[&str] = &[COMMON_MODULE, "support"];

/// A name taken in a namespace: by what, and where (`None` for a name the runtime or the
/// generated code reserves).
struct Claim {
    name: String,
    owner: String,
    span: Option<Span>,
}

/// The names of one namespace, e.g. the Rust types of module `desk`.
struct Namespace {
    /// What its names are (`Rust type`, `OpenAPI schema component`).
    kind: &'static str,
    /// Where, for the message (` in module `desk``), or empty.
    scope: String,
    taken: Vec<Claim>,
}

impl Namespace {
    fn new(kind: &'static str, scope: impl Into<String>) -> Self {
        Namespace { kind, scope: scope.into(), taken: Vec::new() }
    }

    /// Names that something other than the spec already owns.
    fn reserved(mut self, names: &[&str], owner: &str) -> Self {
        self.taken.extend(names.iter().map(|n| Claim { name: n.to_string(), owner: owner.into(), span: None }));
        self
    }
}

/// A name some definition wants: what decides it, where, and how to choose another.
struct Wanted {
    name: String,
    owner: String,
    span: Span,
    fix: String,
}

impl Wanted {
    fn new(name: &str, owner: String, span: Span, fix: String) -> Self {
        Wanted { name: name.to_string(), owner, span, fix }
    }
}

/// The key of the mapping a body struct of this role is written under (`request`, `reply`).
fn body_key(role: StructRole) -> &'static str {
    match role {
        StructRole::Request => "request",
        StructRole::Response => "response",
        StructRole::CallbackBody => "body",
        StructRole::CallbackReply | StructRole::Nested => "reply",
    }
}

/// Whether a name cannot be a Rust identifier as it is.
fn is_rust_keyword(name: &str) -> bool {
    is_keyword(name) || name == "Self"
}

impl<'r, 'n> Lowerer<'r, 'n> {
    /// Every collision check over the finished IR.
    pub(super) fn check_names(&mut self, api: &Api) {
        self.check_modules(api);
        self.check_common_types(api);
        // Operations whose Rust names clash: their OpenAPI and test names would only repeat it.
        let mut clashed = Vec::new();
        for fam in &api.families {
            clashed.extend(self.check_family_types(api, fam));
            self.check_handle_methods(fam);
            self.check_event_variants(fam);
        }
        self.check_statics(api);
        for (i, t) in api.types.iter().enumerate() {
            if let TypeKind::Struct(s) = &t.kind {
                self.check_struct_methods(TypeId(i), t, s);
            }
        }
        self.check_client(api);
        self.check_openapi(api, &clashed);
        self.check_webhooks(api);
        self.check_tests(api, &clashed);
        self.check_callback_tests(api);
        self.check_auth_envs(api);
    }

    /// A variant name the generated enums cannot take: `Unknown`, which holds what the spec does
    /// not list (`unlisted`), or the keyword `Self`. `false` (and an error) when it is one.
    pub(super) fn check_variant_name(&mut self, name: &str, span: Span, unlisted: &str, fix: &str) -> bool {
        let message = match name {
            "Unknown" => format!("`Unknown` is reserved for {unlisted} the spec does not list"),
            "Self" => "`Self` is a Rust keyword and cannot name a variant".to_string(),
            _ => return true,
        };
        let d = self.r.error(span, message);
        d.help = Some(fix.into());
        false
    }

    /// Takes `w.name` in `ns`, or reports why it cannot have it; `false` when it could not.
    fn claim(&mut self, ns: &mut Namespace, w: Wanted) -> bool {
        let rust = ns.kind.starts_with("Rust");
        if rust && is_rust_keyword(&w.name) {
            let d = self.r.error(w.span, format!("{} becomes the {} `{}`, a Rust keyword", w.owner, ns.kind, w.name));
            d.help = Some(w.fix);
            return false;
        }
        let Some(first) = ns.taken.iter().find(|c| c.name == w.name) else {
            ns.taken.push(Claim { name: w.name, owner: w.owner, span: Some(w.span) });
            return true;
        };
        let (kind, scope) = (ns.kind, &ns.scope);
        let d = match first.span {
            Some(at) => {
                let message = format!("{} and {} both become the {kind} `{}`{scope}", w.owner, first.owner, w.name);
                let d = self.r.error(w.span, message);
                d.related.push((at.file, at.range(), format!("{} is here", first.owner)));
                d
            }
            None => self.r.error(
                w.span,
                format!("{} becomes the {kind} `{}`{scope}, which {} already has", w.owner, w.name, first.owner),
            ),
        };
        d.help = Some(w.fix);
        false
    }

    // ---- where definitions are ----------------------------------------------------------

    fn def_span(defs: &[Def<'n>], key: &str) -> Option<Span> {
        defs.iter().find(|d| d.name.value == key).map(|d| d.name.span)
    }

    fn family_span(&self, fam: &str) -> Span {
        self.families.iter().find(|f| f.name.value == fam).map(|f| f.name.span).expect("lowered from a family")
    }

    /// The name of operation `op` of family `fam`, and its node.
    fn op_def(&self, fam: &str, op: &str) -> (Span, &'n Node) {
        let f = self.families.iter().find(|f| f.name.value == fam).expect("lowered from a family");
        let (name, node, _, _) = f.ops.iter().find(|o| o.0.value == op).expect("lowered from an operation");
        (name.span, node)
    }

    /// The name of callback `cb` of family `fam`, and its node.
    fn cb_def(&self, fam: &str, cb: &str) -> (Span, &'n Node) {
        let f = self.families.iter().find(|f| f.name.value == fam).expect("lowered from a family");
        let (name, node, _, _) = f.callbacks.iter().find(|c| c.0.value == cb).expect("lowered from a callback");
        (name.span, node)
    }

    /// The mappings a struct's fields come from: its own `fields`, and for a response the
    /// envelopes' fields (which come first in it).
    fn field_maps(&self, id: TypeId) -> Vec<&'n Node> {
        let slot = &self.slots[id.0];
        match (slot.node, &slot.body) {
            (Some(n), _) => child(n, "fields").into_iter().collect(),
            (None, Some((op, role, _))) => {
                let key = body_key(*role);
                let mut out: Vec<&'n Node> = child(op, key).and_then(|b| child(b, "fields")).into_iter().collect();
                if matches!(*role, StructRole::Response | StructRole::CallbackReply) {
                    out.extend(self.envelopes.iter().filter_map(|e| child(e.node, "fields")));
                }
                out
            }
            (None, None) => Vec::new(),
        }
    }

    /// The key of field `wire` in one of `maps`, else `or`.
    fn field_key(&self, maps: &[&'n Node], wire: &str, or: Span) -> Span {
        maps.iter().find_map(|m| self.field_span(Some(m), wire)).unwrap_or(or)
    }

    /// The `name` of the item of sequence `key` of `node` whose name is `name` (after `norm`).
    fn named_item(node: Option<&'n Node>, key: &str, name: &str, norm: fn(&str) -> String) -> Option<Span> {
        let Value::Seq(items) = &child(node?, key)?.value else { return None };
        items.iter().filter_map(|i| child(i, "name")).find(|n| norm(&n.scalar_text()) == name).map(|n| n.span)
    }

    /// The key of an auth parameter in its scheme `def` (name and node).
    fn auth_param_span(&self, def: (Span, &'n Node), p: &AuthParam) -> Span {
        let section = if p.location == AuthIn::Query { "query" } else { "headers" };
        child(def.1, section).and_then(|n| self.key_span_in(n, &p.wire_name)).unwrap_or(def.0)
    }

    /// An auth parameter, for messages (`header `x-api-key``).
    fn auth_param(p: &AuthParam) -> String {
        let what = if p.location == AuthIn::Query { "query parameter" } else { "header" };
        format!("{what} `{}`", p.wire_name)
    }

    // ---- the checks ---------------------------------------------------------------------

    /// Family keys become modules of the model crate, beside `common` and `support`.
    fn check_modules(&mut self, api: &Api) {
        let mut ns = Namespace::new("Rust module", " of the model crate").reserved(MODEL_MODULES, "the model crate");
        for fam in &api.families {
            let span = self.family_span(&fam.key);
            let fix = format!("rename the family `{}`; its key is the module's name", fam.key);
            self.claim(&mut ns, Wanted::new(&fam.key, format!("family `{}`", fam.key), span, fix));
        }
    }

    /// The types of module `common`: region enums, auth parameter structs, error set enums and
    /// the top-level `types`.
    fn check_common_types(&mut self, api: &Api) {
        let mut ns = Namespace::new("Rust type", " in module `common`");
        for s in api.servers.iter().filter(|s| !s.regions.is_empty()) {
            let span = Self::def_span(&self.servers, &s.key).expect("a server");
            let (owner, fix) =
                (format!("the region enum of server `{}`", s.key), format!("rename the server `{}`", s.key));
            self.claim(&mut ns, Wanted::new(&s.region_enum, owner, span, fix));
        }
        for a in &api.auth {
            let span = Self::def_span(&self.auth, &a.key).expect("an auth scheme");
            let fix = format!("rename the auth scheme `{}`", a.key);
            for (fields, name, what) in
                [(&a.query, &a.query_struct, "query"), (&a.headers, &a.headers_struct, "headers")]
            {
                if !fields.is_empty() {
                    let owner = format!("the {what} struct of auth scheme `{}`", a.key);
                    self.claim(&mut ns, Wanted::new(name, owner, span, fix.clone()));
                }
            }
        }
        for set in &api.error_sets {
            let span = Self::def_span(&self.error_sets, &set.key).expect("an error set");
            let (owner, fix) =
                (format!("the enum of error set `{}`", set.key), format!("rename the error set `{}`", set.key));
            self.claim(&mut ns, Wanted::new(&set.rust_name, owner, span, fix));
        }
        self.claim_types(&mut ns, api, COMMON_MODULE);
    }

    /// The named types of `module` (a body is named after its operation, checked there).
    fn claim_types(&mut self, ns: &mut Namespace, api: &Api, module: &str) {
        for (i, t) in api.types.iter().enumerate() {
            if t.module == module && self.slots[i].body.is_none() {
                let (owner, fix) = (format!("type `{}`", t.name), format!("rename the type `{}`", t.name));
                self.claim(ns, Wanted::new(&t.rust_name, owner, self.slots[i].span, fix));
            }
        }
    }

    /// The types of a family's module: its named types, then each operation's type, bodies and
    /// error enum.
    /// Returns the ids of the operations whose names clashed.
    fn check_family_types(&mut self, api: &Api, fam: &Family) -> Vec<String> {
        let mut clashed = Vec::new();
        let mut ns = Namespace::new("Rust type", format!(" in module `{}`", fam.key));
        self.claim_types(&mut ns, api, &fam.key);
        for op in &fam.operations {
            let (span, _) = self.op_def(&fam.key, &op.name);
            let fix = format!("rename the operation `{}`; its types are named after it", op.name);
            let names = [
                (op.rust_name.as_str(), format!("operation `{}`", op.id)),
                (&api.ty(op.request).rust_name, format!("the request body of operation `{}`", op.id)),
                (&api.ty(op.response).rust_name, format!("the response body of operation `{}`", op.id)),
                (&op.error_enum, format!("the error enum of operation `{}`", op.id)),
            ];
            for (name, owner) in names {
                // A named type taking a body's name is reported where types are collected.
                let named_first = ns.taken.iter().any(|c| c.name == name && c.owner.starts_with("type "));
                if owner.contains(" body of ") && named_first {
                    continue;
                }
                // One clash per operation: its other names would only repeat it.
                if !self.claim(&mut ns, Wanted::new(name, owner, span, fix.clone())) {
                    clashed.push(op.id.clone());
                    break;
                }
            }
        }
        if let Some(first) = fam.callbacks.first() {
            let (span, _) = self.cb_def(&fam.key, &first.name);
            let (owner, fix) =
                (format!("the event enum of family `{}`", fam.key), format!("rename the family `{}`", fam.key));
            self.claim(&mut ns, Wanted::new(&fam.event_enum, owner, span, fix));
        }
        for cb in &fam.callbacks {
            let (span, _) = self.cb_def(&fam.key, &cb.name);
            let fix = format!("rename the callback `{}`; its types are named after it", cb.name);
            for (id, part) in [(cb.body, "body"), (cb.reply, "reply")] {
                let name = &api.ty(id).rust_name;
                // A named type taking the name is reported where types are collected.
                if ns.taken.iter().any(|c| c.name == *name && c.owner.starts_with("type ")) {
                    continue;
                }
                let owner = format!("the {part} of callback `{}`", cb.id);
                if !self.claim(&mut ns, Wanted::new(name, owner, span, fix.clone())) {
                    break;
                }
            }
        }
        clashed
    }

    /// The variants of a family's event enum: one per callback, and `Unknown` for the commands
    /// the spec does not list.
    fn check_event_variants(&mut self, fam: &Family) {
        let mut ns = Namespace::new("Rust variant", format!(" of `{}`", fam.event_enum))
            .reserved(&["Unknown"], "the variant holding commands the spec does not list");
        for cb in &fam.callbacks {
            let (span, _) = self.cb_def(&fam.key, &cb.name);
            let fix = format!("rename the callback `{}`", cb.name);
            self.claim(&mut ns, Wanted::new(&cb.rust_name, format!("callback `{}`", cb.id), span, fix));
        }
    }

    /// The OpenAPI document's `webhooks` (one per callback, by command) and the components of
    /// callback bodies and replies.
    fn check_webhooks(&mut self, api: &Api) {
        let mut webhooks = Namespace::new("OpenAPI webhook", "");
        let mut components = Namespace::new("OpenAPI schema component", " (callbacks)");
        for t in api.types.iter().filter(
            |t| matches!(&t.kind, TypeKind::Struct(s) if matches!(s.role, StructRole::Request | StructRole::Response)),
        ) {
            components.taken.push(Claim {
                name: t.component_name.clone(),
                owner: format!("the operation body `{}`", t.rust_name),
                span: None,
            });
        }
        for (i, cb) in api.callbacks().enumerate() {
            let (span, _) = self.cb_def(&cb.family, &cb.name);
            let fix = format!("rename the callback `{}` or its command", cb.name);
            // Two commands of one family are reported where callbacks are read.
            let repeated = api
                .callbacks()
                .take(i)
                .any(|c| c.family == cb.family && c.command.is_some() && c.command == cb.command);
            if !repeated {
                self.claim(&mut webhooks, Wanted::new(&cb.webhook, format!("callback `{}`", cb.id), span, fix.clone()));
            }
            for (id, part) in [(cb.body, "body"), (cb.reply, "reply")] {
                let owner = format!("the {part} of callback `{}`", cb.id);
                self.claim(&mut components, Wanted::new(&api.ty(id).component_name, owner, span, fix.clone()));
            }
        }
    }

    /// The protocol tests of callback examples (beside the operations', whose names end in
    /// `__request`/`__response`/`__invalid__*`, never `__body`/`__reply`).
    fn check_callback_tests(&mut self, api: &Api) {
        let mut ns = Namespace::new("protocol test", " in tests/generated/protocol.rs");
        for cb in api.callbacks() {
            let (cb_span, node) = self.cb_def(&cb.family, &cb.name);
            let fix = format!("rename the example, or the callback `{}`", cb.name);
            for ex in &cb.examples {
                let span = Self::named_item(Some(node), "examples", &ex.name, str::to_string).unwrap_or(cb_span);
                let owner = format!("example `{}` of callback `{}`", ex.name, cb.id);
                for (body, test) in [(&ex.body, &ex.body_test), (&ex.reply, &ex.reply_test)] {
                    if body.is_some() {
                        self.claim(&mut ns, Wanted::new(test, owner.clone(), span, fix.clone()));
                    }
                }
            }
        }
    }

    /// The methods of a family's handle in the client: one per operation, and the paging,
    /// streaming and polling helpers.
    fn check_handle_methods(&mut self, fam: &Family) {
        let mut ns = Namespace::new("Rust method", format!(" of the client's `{}` handle", fam.handle_name));
        for op in &fam.operations {
            let (span, _) = self.op_def(&fam.key, &op.name);
            let fix = format!("rename the operation `{}`", op.name);
            let mut names = vec![(op.name.clone(), format!("operation `{}`", op.id))];
            if let Some(p) = &op.paging {
                names.push((p.all_method.clone(), format!("the paging method of operation `{}`", op.id)));
            }
            if let Some(s) = &op.streaming {
                names.push((s.from_stream_method.clone(), format!("the streaming method of operation `{}`", op.id)));
            }
            if let Some(p) = &op.polling {
                names.push((p.stream_method.clone(), format!("the polling method of operation `{}`", op.id)));
            }
            for (name, owner) in names {
                self.claim(&mut ns, Wanted::new(&name, owner, span, fix.clone()));
            }
        }
    }

    /// The statics of module `common` describing servers and auth schemes to the runtime.
    fn check_statics(&mut self, api: &Api) {
        let mut ns = Namespace::new("Rust static", " in module `common`");
        for s in &api.servers {
            let span = Self::def_span(&self.servers, &s.key).expect("a server");
            let fix = format!("rename the server `{}`", s.key);
            self.claim(&mut ns, Wanted::new(&s.static_name, format!("server `{}`", s.key), span, fix));
        }
        for a in &api.auth {
            let span = Self::def_span(&self.auth, &a.key).expect("an auth scheme");
            let fix = format!("rename the auth scheme `{}`", a.key);
            self.claim(&mut ns, Wanted::new(&a.static_name, format!("auth scheme `{}`", a.key), span, fix));
        }
    }

    /// A struct's inherent methods: its constructors, a setter per optional field, and the
    /// readers of fields that hold text.
    fn check_struct_methods(&mut self, id: TypeId, t: &TypeDef, s: &StructDef) {
        let mut ns = Namespace::new("Rust method", format!(" of `{}`", t.rust_name));
        let maps = self.field_maps(id);
        let at = self.slots[id.0].span;
        if s.one_of.is_empty() {
            ns = ns.reserved(&["new"], "the constructor of its required fields");
        }
        let node = self.slots[id.0].node.or_else(|| {
            let (op, role, _) = self.slots[id.0].body.as_ref()?;
            child(op, body_key(*role))
        });
        for g in &s.one_of {
            let span = Self::named_item(node, "one_of", &g.name, snake).unwrap_or(at);
            let owner = format!("the constructor of `one_of` alternative `{}`", g.name);
            self.claim(&mut ns, Wanted::new(&g.name, owner, span, "rename the alternative".into()));
        }
        for (i, f) in s.fields.iter().enumerate() {
            // Two fields of one Rust name are reported where fields are read.
            if s.fields[..i].iter().any(|e| e.rust_name == f.rust_name) {
                continue;
            }
            let span = self.field_key(&maps, &f.wire_name, at);
            let fix = format!("set `rust_name` on field `{}`", f.wire_name);
            let mut names = Vec::new();
            if !f.required {
                names.push((f.rust_name.clone(), format!("the setter of field `{}`", f.wire_name)));
            }
            names
                .extend(f.holds_accessor.iter().map(|m| (m.clone(), format!("the reader of field `{}`", f.wire_name))));
            if let Some(Holds::ByField { cases, .. }) = &f.holds {
                let mut seen: Vec<&str> = Vec::new();
                for (case, _) in cases {
                    if seen.contains(&case.accessor.as_str()) {
                        continue;
                    }
                    seen.push(&case.accessor);
                    let owner = format!("the reader of field `{}` as case `{}`", f.wire_name, case.value);
                    names.push((case.accessor.clone(), owner));
                }
            }
            for (name, owner) in names {
                self.claim(&mut ns, Wanted::new(&name, owner, span, fix.clone()));
            }
        }
    }

    /// The client: each family's accessor on `Client` and handle type, each template server's
    /// method on `ClientBuilder`.
    fn check_client(&mut self, api: &Api) {
        let mut accessors =
            Namespace::new("Rust method", " of the client's `Client`").reserved(CLIENT_METHODS, "the client's runtime");
        let mut handles = Namespace::new("Rust type", " of the client's operations module")
            .reserved(CLIENT_MODULE_TYPES, "the client's runtime");
        // A keyword key is reported once, as a module name.
        for fam in api.families.iter().filter(|f| !is_keyword(&f.key)) {
            let span = self.family_span(&fam.key);
            let fix = format!("rename the family `{}`", fam.key);
            let owner = format!("the accessor of family `{}`", fam.key);
            self.claim(&mut accessors, Wanted::new(&fam.key, owner, span, fix.clone()));
            let owner = format!("the handle of family `{}`", fam.key);
            self.claim(&mut handles, Wanted::new(&fam.handle_name, owner, span, fix));
        }
        let mut builder = Namespace::new("Rust method", " of the client's `ClientBuilder`")
            .reserved(CLIENT_BUILDER_METHODS, "the client's runtime");
        for s in api.servers.iter().filter(|s| s.regions.is_empty()) {
            let span = Self::def_span(&self.servers, &s.key).expect("a server");
            let (owner, fix) =
                (format!("the endpoint method of server `{}`", s.key), format!("rename the server `{}`", s.key));
            self.claim(&mut builder, Wanted::new(&s.endpoint_method, owner, span, fix));
        }
    }

    /// The OpenAPI document: body schema components (other types' names are made unique when
    /// they are decided) and security schemes.
    fn check_openapi(&mut self, api: &Api, clashed: &[String]) {
        let mut components = Namespace::new("OpenAPI schema component", "");
        for fam in &api.families {
            for op in fam.operations.iter().filter(|o| !clashed.contains(&o.id)) {
                let (span, _) = self.op_def(&fam.key, &op.name);
                let fix = format!("rename the operation `{}` or the family `{}`", op.name, fam.key);
                for (id, what) in [(op.request, "request"), (op.response, "response")] {
                    let owner = format!("the {what} body of operation `{}`", op.id);
                    if !self.claim(&mut components, Wanted::new(&api.ty(id).component_name, owner, span, fix.clone())) {
                        break;
                    }
                }
            }
        }
        let mut schemes = Namespace::new("OpenAPI security scheme", "");
        for a in &api.auth {
            let def = self.auth.iter().find(|d| d.name.value == a.key).map(|d| (d.name.span, d.node)).expect("an auth");
            for p in &a.params {
                let is_scheme = p.location == AuthIn::Header || p.secret;
                if is_scheme {
                    let span = self.auth_param_span(def, p);
                    let owner = format!("{} of auth scheme `{}`", Self::auth_param(p), a.key);
                    let fix = format!("rename the auth scheme `{}`, or drop one of the two parameters", a.key);
                    self.claim(&mut schemes, Wanted::new(&p.security_scheme, owner, span, fix));
                }
            }
        }
        // The signatures of callbacks are security schemes of the webhooks, beside those.
        for a in &api.callback_auth {
            let Some(def) = self.callback_auth.iter().find(|d| d.name.value == a.key).map(|d| (d.name.span, d.node))
            else {
                continue;
            };
            for p in a.params.iter().filter(|p| p.is_signature()) {
                let section = if p.location == AuthIn::Query { "query" } else { "headers" };
                let span = child(def.1, section).and_then(|n| self.key_span_in(n, &p.wire_name)).unwrap_or(def.0);
                let what = if p.location == AuthIn::Query { "query parameter" } else { "header" };
                let owner = format!("{what} `{}` of callback auth scheme `{}`", p.wire_name, a.key);
                let fix = format!("rename the callback auth scheme `{}`", a.key);
                self.claim(&mut schemes, Wanted::new(&p.security_scheme, owner, span, fix));
            }
        }
    }

    /// The protocol tests: one per example body and per invalid request, in one module.
    fn check_tests(&mut self, api: &Api, clashed: &[String]) {
        let mut ns = Namespace::new("protocol test", " in tests/generated/protocol.rs");
        for fam in &api.families {
            for op in fam.operations.iter().filter(|o| !clashed.contains(&o.id)) {
                let (op_span, node) = self.op_def(&fam.key, &op.name);
                let fix = format!("rename the example, or the operation `{}`", op.name);
                for ex in &op.examples {
                    let span = Self::named_item(Some(node), "examples", &ex.name, str::to_string).unwrap_or(op_span);
                    let owner = format!("example `{}` of operation `{}`", ex.name, op.id);
                    for (body, test) in [(&ex.request, &ex.request_test), (&ex.response, &ex.response_test)] {
                        if body.is_some() {
                            self.claim(&mut ns, Wanted::new(test, owner.clone(), span, fix.clone()));
                        }
                    }
                }
                for ex in &op.invalid_requests {
                    let span =
                        Self::named_item(Some(node), "invalid_requests", &ex.name, str::to_string).unwrap_or(op_span);
                    let owner = format!("invalid request `{}` of operation `{}`", ex.name, op.id);
                    self.claim(&mut ns, Wanted::new(&ex.test_name, owner, span, fix.clone()));
                }
            }
        }
    }

    /// The environment variables the command line reads an auth scheme's given values from.
    fn check_auth_envs(&mut self, api: &Api) {
        for a in &api.auth {
            let mut ns = Namespace::new("environment variable", format!(" of auth scheme `{}`", a.key));
            let def = self.auth.iter().find(|d| d.name.value == a.key).map(|d| (d.name.span, d.node)).expect("an auth");
            for p in a.params.iter().filter(|p| p.role == AuthRole::Given) {
                let span = self.auth_param_span(def, p);
                let owner = Self::auth_param(p);
                let fix = "the command line cannot tell the two apart: drop one of them".to_string();
                self.claim(&mut ns, Wanted::new(&p.env, owner, span, fix));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{CLIENT_BUILDER_METHODS, CLIENT_METHODS};

    /// The methods of `impl <ty> {` blocks in the client's hand-written sources: the runtime's,
    /// and the client crate's wrapper over it.
    fn runtime_methods(ty: &str) -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut out = Vec::new();
        let entries = ["runtime/src", "client/src"]
            .iter()
            .flat_map(|d| std::fs::read_dir(root.join(d)).expect("the client's sources").flatten());
        for entry in entries {
            let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
            let mut inside = false;
            for line in text.lines() {
                if line == format!("impl {ty} {{") || line == "}" {
                    inside = line != "}";
                    continue;
                }
                // Items of the block start at four spaces: `    pub async fn call<O>(..`.
                let Some(item) = line.strip_prefix("    ").filter(|i| inside && !i.starts_with([' ', '/'])) else {
                    continue;
                };
                if let Some(rest) = item.split("fn ").nth(1) {
                    out.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
                }
            }
        }
        out
    }

    #[test]
    fn the_reserved_names_are_the_runtimes_methods() {
        for (ty, reserved) in [("Client", CLIENT_METHODS), ("ClientBuilder", CLIENT_BUILDER_METHODS)] {
            let methods = runtime_methods(ty);
            assert!(methods.len() > 5, "found only {methods:?} on `{ty}`");
            for m in methods {
                assert!(reserved.contains(&m.as_str()), "`{ty}::{m}` is not reserved in name_clashes.rs");
            }
        }
    }
}
