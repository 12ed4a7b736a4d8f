//! `families`: each family's references to a server, auth scheme, envelope and error sets.

use super::callbacks::CallbackContext;
use super::operations::FamilyContext;
use super::*;

const FAMILY_KEYS: &[&str] = &[
    "title",
    "description",
    "server",
    "auth",
    "envelope",
    "error_sets",
    "rate_limit",
    "types",
    "operations",
    "callback_auth",
    "callbacks",
];

/// What the spec-wide sections give every family.
pub(super) struct SpecWide<'a> {
    pub envelopes: &'a [Envelope],
    pub error_sets: &'a [ErrorSet],
    pub auth: &'a [AuthScheme],
    pub callback_auth: &'a [CallbackAuthScheme],
}

impl<'r, 'n> Lowerer<'r, 'n> {
    pub(super) fn lower_families(&mut self, wide: &SpecWide<'_>) -> Vec<Family> {
        let fams: Vec<(Spanned<String>, &'n Node, Vec<_>, Vec<_>)> =
            self.families.iter().map(|f| (f.name.clone(), f.node, f.ops.clone(), f.callbacks.clone())).collect();
        fams.into_iter().filter_map(|(name, node, ops, cbs)| self.family(&name, node, &ops, &cbs, wide)).collect()
    }

    fn family(
        &mut self,
        name: &Spanned<String>,
        node: &'n Node,
        ops: &[OpSlot<'n>],
        callbacks: &[CallbackSlot<'n>],
        wide: &SpecWide<'_>,
    ) -> Option<Family> {
        let (envelopes, error_sets, auth) = (wide.envelopes, wide.error_sets, wide.auth);
        let fam = name.value.clone();
        let what = format!("family `{fam}`");
        let o = self.r.obj(node, &what, FAMILY_KEYS, &["title", "description", "server", "auth", "envelope"])?;
        let title = self.r.opt_string(&o, "title", &what).unwrap_or_default();
        let description = self.r.opt_string(&o, "description", &what).unwrap_or_default();
        let servers: Vec<String> = self.servers.iter().map(|d| d.name.value.clone()).collect();
        let server = self.reference(&o, "server", "server", &servers);
        let schemes: Vec<String> = self.auth.iter().map(|d| d.name.value.clone()).collect();
        let auth_key = self.reference(&o, "auth", "auth scheme", &schemes);
        let envelope =
            self.reference(&o, "envelope", "envelope", &envelopes.iter().map(|e| e.key.clone()).collect::<Vec<_>>());
        let set_codes = o.get("error_sets").map(|n| self.family_error_sets(n, error_sets)).unwrap_or_default();
        let rate_limit = o.get("rate_limit").and_then(|n| self.rate_limit(n));
        let mut operations = Vec::new();
        for (op_name, op_node, req, resp) in ops {
            let (op_auth, op_envelope) =
                self.own_auth_and_envelope(op_node, auth_key.as_deref(), envelope.as_deref(), envelopes);
            let env = op_envelope.as_ref().and_then(|k| envelopes.iter().find(|e| e.key == *k));
            let cx = FamilyContext { fam: &fam, env, set_codes: &set_codes, rate_limit: rate_limit.as_ref() };
            if let Some(mut op) = self.operation(&cx, op_name, op_node, *req, *resp) {
                if let Some(scheme) = op_auth.as_ref().and_then(|k| auth.iter().find(|a| a.key == *k)) {
                    op.token_subject = self.token_subject(&op, op_name, &scheme.key, &scheme.token_subject);
                }
                op.auth = op_auth.unwrap_or_default();
                op.envelope = op_envelope.unwrap_or_default();
                operations.push(op);
            }
        }
        let callback_auth = self.callback_auth_ref(&o, "callback_auth", wide.callback_auth);
        let cx = CallbackContext {
            fam: &fam,
            envelope: envelope.as_deref(),
            auth: callback_auth,
            envelopes,
            schemes: wide.callback_auth,
        };
        let callbacks = self.callbacks(&cx, callbacks);
        self.check_callback_ids(&fam, &operations, &callbacks);
        Some(Family {
            handle_name: names::family_handle(&fam),
            event_enum: names::family_event_enum(&fam),
            callbacks,
            key: fam,
            title,
            description,
            server: server.unwrap_or_default(),
            auth: auth_key.unwrap_or_default(),
            envelope: envelope.unwrap_or_default(),
            operations,
        })
    }

    /// A callback may not have the id of an operation: both are looked up by id (`ccapi help`).
    fn check_callback_ids(&mut self, fam: &str, operations: &[Operation], callbacks: &[Callback]) {
        let Some(fd) = self.families.iter().find(|f| f.name.value == fam) else { return };
        let clashes: Vec<(Span, Span, String)> = callbacks
            .iter()
            .filter(|c| operations.iter().any(|o| o.name == c.name))
            .filter_map(|c| {
                let cb = fd.callbacks.iter().find(|s| s.0.value == c.name)?.0.span;
                let op = fd.ops.iter().find(|s| s.0.value == c.name)?.0.span;
                Some((cb, op, c.id.clone()))
            })
            .collect();
        for (cb, op, id) in clashes {
            let d = self.r.error(cb, format!("callback `{id}` has the id of an operation"));
            d.related.push((op.file, op.range(), format!("operation `{id}` is here")));
            d.help = Some("rename the callback; operations and callbacks share the ids of a family".into());
        }
    }

    /// The codes of the shared sets a family's `error_sets` names, in order.
    fn family_error_sets(&mut self, n: &'n Node, error_sets: &[ErrorSet]) -> Vec<ErrorCode> {
        let keys: Vec<String> = error_sets.iter().map(|s| s.key.clone()).collect();
        let mut set_codes = Vec::new();
        for s in self.r.strings(n, "`error_sets`").unwrap_or_default() {
            match error_sets.iter().find(|e| e.key == s.value) {
                Some(set) => set_codes.extend(set.codes.iter().cloned()),
                None => self.unknown_ref(s.span, "error set", &s.value, &keys),
            }
        }
        set_codes
    }

    pub(super) fn unknown_ref(&mut self, span: Span, what: &str, name: &str, known: &[String]) {
        let d = self.r.error(span, format!("unknown {what} `{name}`"));
        d.label = Some(format!("no {what} has this name"));
        d.help = Some(match suggest(name, known.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None if known.is_empty() => format!("define it first; the spec has no {what}s"),
            None => format!("use one of: {}", known.join(", ")),
        });
    }

    pub(super) fn reference(&mut self, o: &Obj<'n>, key: &str, what: &str, known: &[String]) -> Option<String> {
        let n = o.get(key)?;
        let s = self.r.string(n, &format!("`{key}`"))?;
        if known.contains(&s) {
            Some(s)
        } else {
            self.unknown_ref(n.span, what, &s, known);
            None
        }
    }

    pub(super) fn rate_limit(&mut self, node: &Node) -> Option<RateLimit> {
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
}
