//! `families`: each family's references to a server, auth scheme, envelope and error sets.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    pub(super) fn lower_families(&mut self, envelopes: &[Envelope], error_sets: &[ErrorSet], auth: &[AuthScheme]) -> Vec<Family> {
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
            let env = envelope.as_ref().and_then(|k| envelopes.iter().find(|e| e.key == *k)).cloned();
            let subject = auth_key
                .as_ref()
                .and_then(|k| auth.iter().find(|a| a.key == *k))
                .map(|a| (a.key.clone(), a.token_subject.clone()));
            let mut operations = Vec::new();
            for (op_name, op_node, req, resp) in ops {
                if let Some(mut op) =
                    self.operation(&fam, &op_name, op_node, req, resp, env.as_ref(), &set_codes, rate_limit.as_ref())
                {
                    if let Some((scheme, parts)) = &subject {
                        op.token_subject = self.token_subject(&op, &op_name, scheme, parts);
                    }
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
