//! `callbacks` of a family: what the vendor sends to the app (command or path, body, reply,
//! auth scheme, dedup keys), and the checks that tie them together.

use super::*;

const CALLBACK_KEYS: &[&str] = &[
    "command",
    "path",
    "summary",
    "description",
    "trigger",
    "docs",
    "synchronous",
    "timeout_ms",
    "dedup",
    "auth",
    "envelope",
    "body",
    "reply",
    "examples",
    "note",
    "erratum",
];

/// What every callback of a family is lowered with, decided once per family.
pub(super) struct CallbackContext<'a> {
    /// The family's key.
    pub fam: &'a str,
    /// The family's envelope key (its replies' unless a callback names its own).
    pub envelope: Option<&'a str>,
    /// The family's `callback_auth`, resolved.
    pub auth: Option<CallbackAuthId>,
    /// Every envelope of the spec.
    pub envelopes: &'a [Envelope],
    /// Every callback auth scheme of the spec.
    pub schemes: &'a [CallbackAuthScheme],
}

impl<'r, 'n> Lowerer<'r, 'n> {
    /// The callback auth scheme named by `key` of `o` (a family's `callback_auth`, a callback's
    /// `auth`), resolved.
    pub(super) fn callback_auth_ref(
        &mut self,
        o: &Obj<'n>,
        key: &str,
        schemes: &[CallbackAuthScheme],
    ) -> Option<CallbackAuthId> {
        let known: Vec<String> = schemes.iter().map(|s| s.key.clone()).collect();
        let found = self.reference(o, key, "callback auth scheme", &known)?;
        known.iter().position(|k| *k == found).map(CallbackAuthId)
    }

    /// Every callback of a family, then the checks across them (one command, one path each).
    pub(super) fn callbacks(&mut self, cx: &CallbackContext<'_>, slots: &[CallbackSlot<'n>]) -> Vec<Callback> {
        let mut out: Vec<Callback> = Vec::new();
        for (name, node, body, reply) in slots {
            let Some(cb) = self.callback(cx, name, node, *body, *reply) else { continue };
            for (what, key, mine) in [("command", "command", &cb.command), ("path", "path", &cb.path)] {
                let Some(mine) = mine else { continue };
                let first =
                    out.iter().find(|c| if key == "command" { &c.command } else { &c.path }.as_ref() == Some(mine));
                if let Some(first) = first {
                    let at = child(node, key).map_or(name.span, |n| n.span);
                    let first_span = slots.iter().find(|s| s.0.value == first.name).map(|s| s.0.span);
                    let d = self
                        .r
                        .error(at, format!("callbacks `{}` and `{}` have the same {what} `{mine}`", first.id, cb.id));
                    if let Some(f) = first_span {
                        d.related.push((f.file, f.range(), format!("callback `{}` is here", first.id)));
                    }
                    d.help = Some(format!("a receiver dispatches on the {what}: give each callback its own"));
                }
            }
            out.push(cb);
        }
        out
    }

    fn callback(
        &mut self,
        cx: &CallbackContext<'_>,
        name: &Spanned<String>,
        node: &'n Node,
        body: TypeId,
        reply: TypeId,
    ) -> Option<Callback> {
        let id = format!("{}.{}", cx.fam, name.value);
        let what = format!("callback `{id}`");
        let o = self.r.obj(
            node,
            &what,
            CALLBACK_KEYS,
            &["summary", "description", "docs", "synchronous", "dedup", "body"],
        )?;
        let summary = self.r.opt_string(&o, "summary", &what).unwrap_or_default();
        let description = self.r.opt_string(&o, "description", &what).unwrap_or_default();
        let trigger = self.r.opt_string(&o, "trigger", &what);
        let note = self.r.opt_string(&o, "note", &what);
        let erratum = self.r.opt_string(&o, "erratum", &what);
        let docs = o.get("docs").and_then(|n| self.doc_ref(n));
        let command = self.callback_command(&o, &what);
        let path = o.get("path").map(|_| self.url_path(&o));
        if command.is_none() && path.is_none() {
            let d = self.r.error(name.span, format!("{what} has neither `command` nor `path`"));
            d.help = Some(
                "say how a receiver recognises it: `command: Bot.OnC2CMessage` (the CallbackCommand), or the `path` it is delivered to"
                    .into(),
            );
        }
        let synchronous = o.get("synchronous").and_then(|n| self.r.boolean(n, "`synchronous`")).unwrap_or(false);
        let timeout_ms = o.get("timeout_ms").and_then(|n| self.r.count(n, "`timeout_ms`"));
        let auth = self.callback_scheme(cx, &o, name, &what);
        let envelope = self.callback_envelope(cx, &o, &what);
        let env = envelope.as_ref().and_then(|k| cx.envelopes.iter().find(|e| e.key == *k));
        if let Some(n) = o.get("body") {
            self.callback_body(cx.fam, &name.value, n, body, StructRole::CallbackBody, None, &id);
        }
        match o.get("reply") {
            Some(n) => self.callback_body(cx.fam, &name.value, n, reply, StructRole::CallbackReply, env, &id),
            None => {
                if synchronous {
                    let span = o.key_span("synchronous").unwrap_or(name.span);
                    let d = self.r.error(span, format!("{what} is synchronous but has no `reply`"));
                    d.help = Some(
                        "the vendor waits for the reply: say what it holds (`reply: {fields: {}}` when the envelope is all)"
                            .into(),
                    );
                }
                self.envelope_reply(cx.fam, &name.value, reply, env, &id);
            }
        }
        let scheme = auth.map(|a| &cx.schemes[a.0]);
        let dedup = o.get("dedup").map(|n| self.dedup(n, body, scheme, &what)).unwrap_or_default();
        let examples =
            o.get("examples").map(|n| self.callback_examples(n, &id, &what, body, reply)).unwrap_or_default();
        let webhook = names::callback_webhook(command.as_deref(), &id);
        Some(Callback {
            rust_name: names::callback_variant(&name.value),
            body_schema: names::callback_schema(cx.fam, &name.value, StructRole::CallbackBody),
            reply_schema: names::callback_schema(cx.fam, &name.value, StructRole::CallbackReply),
            webhook,
            id,
            family: cx.fam.to_string(),
            name: name.value.clone(),
            command,
            path,
            summary,
            description,
            trigger,
            docs,
            synchronous,
            timeout_ms,
            dedup,
            // Without a scheme the spec has an error already, and gives no IR.
            auth: auth.unwrap_or(CallbackAuthId(0)),
            envelope: envelope.unwrap_or_default(),
            body,
            reply,
            examples,
            note,
            erratum,
        })
    }

    /// The `CallbackCommand` value: one word of letters, digits, `.` and `_`.
    fn callback_command(&mut self, o: &Obj<'n>, what: &str) -> Option<String> {
        let n = o.get("command")?;
        let c = self.r.string(n, "`command`")?;
        let ok = !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '.' || ch == '_');
        if !ok {
            let d = self.r.error(n.span, format!("`{c}` is not a callback command of {what}"));
            d.help = Some("write the CallbackCommand value as the vendor sends it, e.g. `Bot.OnC2CMessage`".into());
        }
        Some(c)
    }

    /// The callback's auth scheme: its own `auth`, else its family's `callback_auth`.
    fn callback_scheme(
        &mut self,
        cx: &CallbackContext<'_>,
        o: &Obj<'n>,
        name: &Spanned<String>,
        what: &str,
    ) -> Option<CallbackAuthId> {
        if o.get("auth").is_some() {
            return self.callback_auth_ref(o, "auth", cx.schemes);
        }
        if cx.auth.is_none() {
            let d = self.r.error(name.span, format!("{what} has no callback auth scheme"));
            d.help = Some(format!(
                "set `callback_auth` on family `{}` (a key of the top-level `callback_auth`), or `auth` here",
                cx.fam
            ));
        }
        cx.auth
    }

    /// The envelope of the callback's reply: its own `envelope`, else its family's.
    fn callback_envelope(&mut self, cx: &CallbackContext<'_>, o: &Obj<'n>, _what: &str) -> Option<String> {
        if o.get("envelope").is_none() {
            return cx.envelope.map(str::to_string);
        }
        let known: Vec<String> = cx.envelopes.iter().map(|e| e.key.clone()).collect();
        self.reference(o, "envelope", "envelope", &known)
    }

    /// Lowers a callback's `body` or `reply` into its slot (a reply has the envelope's fields first).
    #[allow(clippy::too_many_arguments)]
    fn callback_body(
        &mut self,
        fam: &str,
        name: &str,
        n: &'n Node,
        tid: TypeId,
        role: StructRole,
        env: Option<&Envelope>,
        id: &str,
    ) {
        let part = if role == StructRole::CallbackBody { "body" } else { "reply" };
        let bwhat = format!("the {part} of callback `{id}`");
        let Some(bo) = self.r.obj(n, &bwhat, &["description", "fields", "erratum", "note"], &["fields"]) else {
            return;
        };
        let envelope_fields = env.map(|e| e.fields.clone()).unwrap_or_default();
        let mut fields = envelope_fields.clone();
        let own =
            bo.get("fields").map(|f| self.fields(f, Some(fam), &format!("the fields of {bwhat}"))).unwrap_or_default();
        for f in own {
            if let Some(e) = envelope_fields.iter().find(|x| x.wire_name == f.wire_name || x.rust_name == f.rust_name) {
                let span = self.field_span(bo.get("fields"), &f.wire_name).unwrap_or(n.span);
                let d = self.r.error(
                    span,
                    format!("field `{}` is already part of the reply's envelope (as `{}`)", f.wire_name, e.wire_name),
                );
                d.help = Some("remove it here; the envelope's fields are added to every reply".into());
                continue;
            }
            fields.push(f);
        }
        let description =
            self.r.opt_string(&bo, "description", &bwhat).unwrap_or_else(|| format!("The {part} of callback `{id}`."));
        let erratum = self.r.opt_string(&bo, "erratum", &bwhat);
        let tname = names::callback_type(name, role);
        self.types[tid.0] = Some(TypeDef {
            name: tname.clone(),
            rust_name: tname,
            module: fam.to_string(),
            component_name: String::new(),
            description,
            erratum,
            kind: TypeKind::Struct(StructDef { fields, one_of: Vec::new(), role }),
        });
    }

    /// The reply of a callback without `reply`: the envelope alone.
    fn envelope_reply(&mut self, fam: &str, name: &str, tid: TypeId, env: Option<&Envelope>, id: &str) {
        let tname = names::callback_type(name, StructRole::CallbackReply);
        let fields = env.map(|e| e.fields.clone()).unwrap_or_default();
        self.types[tid.0] = Some(TypeDef {
            name: tname.clone(),
            rust_name: tname,
            module: fam.to_string(),
            component_name: String::new(),
            description: format!("The reply to callback `{id}`: the envelope alone."),
            erratum: None,
            kind: TypeKind::Struct(StructDef { fields, one_of: Vec::new(), role: StructRole::CallbackReply }),
        });
    }

    /// `dedup`: an ordered list of `{query: Name}` (a query parameter of the auth scheme),
    /// `{body: Field}` (a top-level string field of the body) and `digest` (last).
    fn dedup(&mut self, n: &'n Node, body: TypeId, scheme: Option<&CallbackAuthScheme>, what: &str) -> Vec<DedupKey> {
        let items = self.r.seq(n, &format!("the `dedup` of {what}")).unwrap_or_default();
        if items.is_empty() {
            let d = self.r.error(n.span, format!("the `dedup` of {what} is empty"));
            d.help = Some("name what identifies a delivery, or write `[digest]` where the vendor names nothing".into());
        }
        let fields = self.body_fields(body);
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let key = match &item.value {
                Value::Str(s) if s == "digest" => Some(DedupKey::Digest),
                Value::Map(_) => self.dedup_entry(item, &fields, scheme, what),
                _ => {
                    let d = self.r.error(item.span, format!("`{}` is not a dedup key", item.scalar_text()));
                    d.help = Some("write `{query: RequestID}`, `{body: MsgKey}` or `digest`".into());
                    None
                }
            };
            if key == Some(DedupKey::Digest) && i + 1 < items.len() {
                let d = self.r.error(item.span, format!("`digest` is not the last dedup key of {what}"));
                d.help = Some("a body always has a digest, so the keys after it are never used: put it last".into());
            }
            out.extend(key);
        }
        out
    }

    fn dedup_entry(
        &mut self,
        item: &'n Node,
        fields: &[Field],
        scheme: Option<&CallbackAuthScheme>,
        what: &str,
    ) -> Option<DedupKey> {
        let o = self.r.obj(item, "a dedup key", &["query", "body"], &[])?;
        if let Some(q) = o.get("query") {
            let wire = self.r.string(q, "`query`")?;
            let scheme = scheme?;
            if scheme.query.iter().any(|f| f.wire_name == wire) {
                return Some(DedupKey::Query(wire));
            }
            let names: Vec<&str> = scheme.query.iter().map(|f| f.wire_name.as_str()).collect();
            let d = self.r.error(
                q.span,
                format!(
                    "{what} dedups on query parameter `{wire}`, which callback auth scheme `{}` does not list",
                    scheme.key
                ),
            );
            d.help = Some(match suggest(&wire, names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("add it to the scheme's `query`, or use one of: {}", names.join(", ")),
            });
            return None;
        }
        let Some(b) = o.get("body") else {
            let d = self.r.error(item.span, "a dedup key names neither `query` nor `body`");
            d.help = Some("write `{query: RequestID}` or `{body: MsgKey}`".into());
            return None;
        };
        let wire = self.r.string(b, "`body`")?;
        match fields.iter().find(|f| f.wire_name == wire) {
            Some(f) if f.ty == Type::String => Some(DedupKey::Body(f.clone())),
            Some(_) => {
                let d = self.r.error(b.span, format!("{what} dedups on body field `{wire}`, which is not a string"));
                d.help = Some("a dedup key is text: name a string field of the body, or use `digest`".into());
                None
            }
            None => {
                let names: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
                let d = self.r.error(b.span, format!("{what} dedups on body field `{wire}`, which its body lacks"));
                d.label = Some("no field of the body has this name".into());
                d.help = Some(match suggest(&wire, names.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "name a top-level string field of the body, or use `digest`".into(),
                });
                None
            }
        }
    }
}
