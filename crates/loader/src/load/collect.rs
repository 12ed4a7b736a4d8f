//! Pass 1: every file's top-level definitions collected by name, before anything is lowered
//! (so that references may point forwards and across files).

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    pub(super) fn collect_file(&mut self, root: &'n Node) {
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
        for (key, what) in [
            ("servers", "server"),
            ("auth", "auth scheme"),
            ("envelopes", "envelope"),
            ("error_sets", "error set"),
            ("callback_auth", "callback auth scheme"),
        ] {
            let Some(n) = top.get(key) else { continue };
            let defs = self.named_defs(n, &format!("`{key}`"));
            for def in defs {
                let list = match key {
                    "servers" => &self.servers,
                    "auth" => &self.auth,
                    "envelopes" => &self.envelopes,
                    "callback_auth" => &self.callback_auth,
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
                    "callback_auth" => self.callback_auth.push(def),
                    _ => self.error_sets.push(def),
                }
            }
        }
        if let Some(types) = top.get("types") {
            for def in self.named_defs(types, "`types`") {
                self.register_type(def, COMMON_MODULE.into(), None);
            }
        }
        if let Some(fams) = top.get("families") {
            for def in self.named_defs(fams, "`families`") {
                if family_extension::is_extension(def.node) {
                    self.extensions.push(def);
                } else {
                    self.collect_family(def);
                }
            }
        }
    }

    pub(super) fn named_defs(&mut self, node: &'n Node, what: &str) -> Vec<Def<'n>> {
        let Some(entries) = self.r.entries(node, what) else { return Vec::new() };
        entries
            .into_iter()
            .map(|(k, v)| Def { name: Spanned { value: k.scalar_text(), span: k.span }, node: v })
            .collect()
    }

    pub(super) fn register_type(&mut self, def: Def<'n>, module: String, scope: Option<String>) {
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

    pub(super) fn new_slot(&mut self, slot: TypeSlot<'n>) -> TypeId {
        self.slots.push(slot);
        self.types.push(None);
        TypeId(self.slots.len() - 1)
    }

    pub(super) fn collect_family(&mut self, def: Def<'n>) {
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
            callbacks: Vec::new(),
        });
        let last = self.families.len() - 1;
        self.collect_family_members(last, def.node);
    }

    /// Registers the `types` and `operations` under `node` with the family at `index`.
    pub(super) fn collect_family_members(&mut self, index: usize, node: &'n Node) {
        let fam = self.families[index].name.value.clone();
        let Value::Map(entries) = &node.value else { return };
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
                let op_name = op.name.value.clone();
                let mut ids = Vec::new();
                for (suffix, role) in [("Request", StructRole::Request), ("Response", StructRole::Response)] {
                    let name = names::body_type(&op_name, role);
                    let fd = &self.families[index];
                    // Two operations of one name are reported with their other names, in `name_clashes`.
                    if let Some(&clash) = fd.types.get(&name).filter(|c| self.slots[c.0].body.is_none()) {
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
                    self.families[index].types.insert(name, id);
                    ids.push(id);
                }
                self.families[index].ops.push((op.name, op.node, ids[0], ids[1]));
            }
        }
        if let Some((_, cbs)) = entries.iter().find(|(k, _)| k.scalar_text() == "callbacks") {
            for cb in self.named_defs(cbs, &format!("the callbacks of family `{fam}`")) {
                self.collect_callback(&fam, cb);
            }
        }
    }

    /// Registers a callback of family `fam` and the slots of its body and reply types.
    fn collect_callback(&mut self, fam: &str, cb: Def<'n>) {
        if !is_snake(&cb.name.value) {
            let d = self.r.error(cb.name.span, format!("callback name `{}` is not snake_case", cb.name.value));
            d.help = Some(format!("rename it `{}`", snake(&cb.name.value)));
        }
        let mut ids = Vec::new();
        for role in [StructRole::CallbackBody, StructRole::CallbackReply] {
            let name = names::callback_type(&cb.name.value, role);
            let fd = self.families.last().expect("pushed above");
            if let Some(&clash) = fd.types.get(&name).filter(|c| self.slots[c.0].body.is_none()) {
                let span = self.slots[clash.0].span;
                let part = if role == StructRole::CallbackBody { "body" } else { "reply" };
                let d = self.r.error(
                    span,
                    format!("type `{name}` clashes with the {part} of callback `{fam}.{}`", cb.name.value),
                );
                d.related.push((cb.name.span.file, cb.name.span.range(), "the callback is here".into()));
                d.help = Some("rename the type; callback bodies are named `<Callback>Event`/`Reply`".into());
            }
            let id = self.new_slot(TypeSlot {
                name: name.clone(),
                span: cb.name.span,
                module: fam.to_string(),
                scope: Some(fam.to_string()),
                kind: Some("struct".into()),
                node: None,
                body: Some((cb.node, role, cb.name.value.clone())),
            });
            self.families.last_mut().expect("pushed above").types.insert(name, id);
            ids.push(id);
        }
        self.families.last_mut().expect("pushed above").callbacks.push((cb.name, cb.node, ids[0], ids[1]));
    }
}
