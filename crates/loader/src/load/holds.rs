//! `holds` and `holds_by`: what a string field holds as text.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    pub(super) fn holds(&mut self, h: &Node, ty: &Type, scope: Option<&str>, fwhat: &str) -> Option<Holds> {
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

    pub(super) fn held_type(&mut self, t: &Type, span: Span) -> Option<Holds> {
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

    pub(super) fn holds_by(
        &mut self,
        h: &'n Node,
        siblings: &[Field],
        me: usize,
        defined: &[String],
        scope: Option<&str>,
    ) -> Option<Holds> {
        let fwhat = format!("field `{}`", siblings[me].wire_name);
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
            let accessor = names::holds_case_accessor(&siblings[me].rust_name, &self.slots[id.0].name);
            cases.push((EnumCase { value: key, rust_variant: ev.rust_name.clone(), accessor }, id));
        }
        Some(Holds::ByField { field: by, rust_field: sel.rust_name.clone(), cases })
    }
}
