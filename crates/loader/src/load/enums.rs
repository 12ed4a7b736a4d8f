//! `kind: enum` types and their values.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    pub(super) fn enum_def(&mut self, o: &Obj<'n>, what: &str) -> EnumDef {
        let repr = self.enum_repr(o, what);
        let mut values: Vec<EnumValue> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        let Some(list) = o.get("values") else {
            let d = self.r.error(head(o.node), format!("{what} has no `values`"));
            d.help = Some("list its values: `values: [{value: ..., description: ...}]`".into());
            return EnumDef { repr, values };
        };
        for item in self.r.seq(list, &format!("the values of {what}")).unwrap_or_default() {
            if let Some((value, span)) = self.enum_value(item, repr, what, &values, &spans) {
                spans.push(span);
                values.push(value);
            }
        }
        if values.is_empty() {
            let d = self.r.error(list.span, format!("{what} has no values"));
            d.help = Some("list at least one value".into());
        }
        EnumDef { repr, values }
    }

    fn enum_repr(&mut self, o: &Obj<'n>, what: &str) -> EnumRepr {
        let Some(n) = o.get("repr") else { return EnumRepr::String };
        match n.as_str() {
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
        }
    }

    /// One value of an enum, unless it is broken or repeats one of `values` (listed at `spans`).
    fn enum_value(
        &mut self,
        item: &'n Node,
        repr: EnumRepr,
        what: &str,
        values: &[EnumValue],
        spans: &[Span],
    ) -> Option<(EnumValue, Span)> {
        let vwhat = format!("a value of {what}");
        let vo = self.r.obj(item, &vwhat, &["value", "name", "description", "erratum"], &["value", "description"])?;
        let vn = vo.get("value")?;
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
            return None;
        }
        let rust_name = self.enum_variant_name(&vo, vn, &value, what)?;
        if let Some(i) = values.iter().position(|v| v.value == value) {
            let d = self.r.error(vn.span, format!("the value {value} appears twice in {what}"));
            d.related.push((spans[i].file, spans[i].range(), "first listed here".into()));
            d.help = Some("remove the duplicate value".into());
            return None;
        }
        if let Some(i) = values.iter().position(|v| v.rust_name == rust_name) {
            let d = self.r.error(
                vn.span,
                format!("values {} and {value} of {what} both become the Rust variant `{rust_name}`", values[i].value),
            );
            d.related.push((spans[i].file, spans[i].range(), "the other value".into()));
            d.help = Some("give one of them an explicit `name`".into());
            return None;
        }
        let description = self.r.opt_string(&vo, "description", &vwhat).unwrap_or_default();
        let erratum = self.r.opt_string(&vo, "erratum", &vwhat);
        Some((EnumValue { value, rust_name, description, erratum }, vn.span))
    }

    /// The Rust variant of an enum value: its `name`, else the PascalCase of a string value.
    fn enum_variant_name(&mut self, vo: &Obj<'n>, vn: &'n Node, value: &Json, what: &str) -> Option<String> {
        let rust_name = match vo.get("name") {
            Some(n) => {
                let s = self.r.string(n, "`name`").unwrap_or_default();
                if !is_pascal(&s) {
                    let d = self.r.error(n.span, format!("enum value name `{s}` is not PascalCase"));
                    d.help = Some(format!("rename it `{}`", pascal(&s)));
                }
                s
            }
            None => match value {
                Json::String(s) => pascal(s),
                _ => {
                    let d = self.r.error(vn.span, format!("integer value {value} of {what} needs a `name`"));
                    d.help = Some("add `name: SomeName` (the Rust variant)".into());
                    return None;
                }
            },
        };
        let span = vo.get("name").map_or(vn.span, |n| n.span);
        self.check_variant_name(&rust_name, span, "values", "pick another name for this value");
        Some(rust_name)
    }
}
