//! `kind: union` types and their variants.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    pub(super) fn union_def(&mut self, o: &Obj<'n>, scope: Option<&str>, what: &str) -> Option<UnionDef> {
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
                let span = vo.get("name").map_or(item.span, |n| n.span);
                if !self.check_variant_name(&rust_name, span, "tags", "give the variant another `name`") {
                    continue;
                }
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
                variants.push(UnionVariant { tag, rust_name, component_name: String::new(), content, description });
            }
        }
        Some(UnionDef { tag_field: tag_field?, content_field: content_field?, variants })
    }
}
