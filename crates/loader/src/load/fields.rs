//! Fields of structs, records, envelopes and auth schemes.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    pub(super) fn fields(&mut self, node: &'n Node, scope: Option<&str>, what: &str) -> Vec<Field> {
        let mut out = Vec::new();
        let mut holds_by_checks = Vec::new();
        for (k, v) in self.r.entries(node, what).unwrap_or_default() {
            let Some((field, holds_by)) = self.field(k, v, node, scope, &out) else { continue };
            if let Some(h) = holds_by {
                holds_by_checks.push((out.len(), h));
            }
            out.push(field);
        }
        let defined: Vec<String> = match &node.value {
            Value::Map(entries) => entries.iter().map(|(k, _)| k.scalar_text()).collect(),
            _ => Vec::new(),
        };
        for (i, h) in holds_by_checks {
            out[i].holds = self.holds_by(h, &out, i, &defined, scope);
        }
        out
    }

    /// One field (key `k`, definition `v`) of the mapping `fields`, after the fields `before`;
    /// with its `holds_by` node, resolved once all its siblings are known.
    fn field(
        &mut self,
        k: &'n Node,
        v: &'n Node,
        fields: &'n Node,
        scope: Option<&str>,
        before: &[Field],
    ) -> Option<(Field, Option<&'n Node>)> {
        let wire = k.scalar_text();
        let fwhat = format!("field `{wire}`");
        let o = self.r.obj(v, &fwhat, FIELD_KEYS, &["type", "description"])?;
        let ty = o.get("type").and_then(|t| self.type_ref(t, scope))?;
        let description = self.r.opt_string(&o, "description", &fwhat).unwrap_or_default();
        let required = o.get("required").and_then(|n| self.r.boolean(n, "`required`")).unwrap_or(false);
        let nullable = o.get("nullable").and_then(|n| self.r.boolean(n, "`nullable`")).unwrap_or(false);
        let secret = o.get("secret").and_then(|n| self.r.boolean(n, "`secret`")).unwrap_or(false);
        let rust_name = self.field_rust_name(&o, &wire, &fwhat);
        if let Some(other) = before.iter().find(|f| f.rust_name == rust_name) {
            let first = self.field_span(Some(fields), &other.wire_name);
            let d = self.r.error(
                k.span,
                format!("fields `{}` and `{wire}` both become the Rust field `{rust_name}`", other.wire_name),
            );
            if let Some(first) = first {
                d.related.push((first.file, first.range(), "the other field".into()));
            }
            d.help = Some("set `rust_name` on one of them".into());
        }
        let errors = self.r.diags.error_count();
        let constraints = self.constraints(&o, &ty, &fwhat);
        // Against contradictory constraints every value fails: say so once, at the constraint.
        let constraints_ok = self.r.diags.error_count() == errors;
        let (holds, holds_by) = self.field_holds(&o, &ty, scope, &fwhat);
        let default = o.get("default").map(Node::to_json);
        let example = o.get("example").map(Node::to_json);
        let erratum = self.r.opt_string(&o, "erratum", &fwhat);
        let note = self.r.opt_string(&o, "note", &fwhat);
        let contradiction = constraints_ok.then(|| self.documented(&o, &ty, &constraints, &wire, &fwhat)).flatten();
        if required && let Some(dn) = o.get("default") {
            let d = self.r.error(dn.span, format!("{fwhat} is required but has a default"));
            d.help = Some("a default only makes sense for an optional field: drop one of the two".into());
        }
        let field = Field {
            wire_name: wire,
            rust_name: rust_name.clone(),
            description,
            ty,
            required,
            nullable,
            default,
            example,
            constraints,
            holds_accessor: match &holds {
                Some(Holds::Json) => Some(names::holds_json_accessor(&rust_name)),
                Some(Holds::Type(_)) => Some(names::holds_type_accessor(&rust_name)),
                _ => None,
            },
            holds,
            secret,
            erratum,
            note,
            contradiction,
        };
        if constraints_ok {
            self.check_field_values(&o, &field, &fwhat);
        }
        Some((field, holds_by))
    }

    /// The Rust name of a field: its `rust_name` when that is a valid one, else the snake_case
    /// of its wire name (keywords get a trailing `_`).
    fn field_rust_name(&mut self, o: &Obj<'n>, wire: &str, fwhat: &str) -> String {
        match o.get("rust_name").and_then(|n| Some((n, self.r.string(n, "`rust_name`")?))) {
            Some((n, s)) if !is_snake(&s) || is_keyword(&s) => {
                let why = if is_keyword(&s) { "is a Rust keyword" } else { "is not a snake_case identifier" };
                let d = self.r.error(n.span, format!("`rust_name` `{s}` of {fwhat} {why}"));
                d.help = Some(format!("write `rust_name: {}`", snake(&s)));
                snake(wire)
            }
            Some((_, s)) => s,
            None => snake(wire),
        }
    }

    /// A field's `holds`, and its `holds_by` node when that is to be resolved later.
    fn field_holds(
        &mut self,
        o: &Obj<'n>,
        ty: &Type,
        scope: Option<&str>,
        fwhat: &str,
    ) -> (Option<Holds>, Option<&'n Node>) {
        let holds = o.get("holds").and_then(|h| self.holds(h, ty, scope, fwhat));
        let Some(h) = o.get("holds_by") else { return (holds, None) };
        if holds.is_some() {
            let d = self.r.error(h.span, format!("{fwhat} has both `holds` and `holds_by`"));
            d.help = Some("keep one".into());
        } else if *ty != Type::String {
            let d = self.r.error(h.span, format!("`holds_by` needs a string field, but {fwhat} is not `type: string`"));
            d.help = Some("only text can hold an encoded value".into());
        } else {
            return (None, Some(h));
        }
        (holds, None)
    }

    pub(super) fn field_span(&self, fields: Option<&Node>, wire: &str) -> Option<Span> {
        let Value::Map(entries) = &fields?.value else { return None };
        entries.iter().find(|(k, _)| k.scalar_text() == wire).map(|(k, _)| k.span)
    }
}
