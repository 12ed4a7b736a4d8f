//! Fields of structs, records, envelopes and auth schemes.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    pub(super) fn fields(&mut self, node: &'n Node, scope: Option<&str>, what: &str) -> Vec<Field> {
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

    pub(super) fn field_span(&self, fields: Option<&Node>, wire: &str) -> Option<Span> {
        let Value::Map(entries) = &fields?.value else { return None };
        entries.iter().find(|(k, _)| k.scalar_text() == wire).map(|(k, _)| k.span)
    }
}
