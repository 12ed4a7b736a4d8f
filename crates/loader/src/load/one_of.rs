//! `one_of`: groups of alternative fields of a struct.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    pub(super) fn one_of(&mut self, node: &'n Node, fields: &[Field], what: &str) -> Vec<OneOfGroup> {
        let mut out: Vec<OneOfGroup> = Vec::new();
        for item in self.r.seq(node, &format!("`one_of` of {what}")).unwrap_or_default() {
            let Some(o) =
                self.r.obj(item, "a `one_of` alternative", &["name", "description", "fields"], &["name", "fields"])
            else {
                continue;
            };
            let Some(name) = self.r.opt_string(&o, "name", "a `one_of` alternative") else { continue };
            let description = self.r.opt_string(&o, "description", "a `one_of` alternative").unwrap_or_default();
            let mut names = Vec::new();
            for f in o.get("fields").and_then(|n| self.r.strings(n, "`fields`")).unwrap_or_default() {
                match fields.iter().find(|x| x.wire_name == f.value) {
                    None => {
                        let all: Vec<&str> = fields.iter().map(|x| x.wire_name.as_str()).collect();
                        let d = self.r.error(f.span, format!("`{}` is not a field of {what}", f.value));
                        d.help = Some(match suggest(&f.value, all.iter().copied()) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!("use one of: {}", all.join(", ")),
                        });
                    }
                    Some(x) if x.required => {
                        let d = self.r.error(
                            f.span,
                            format!("`{}` is `required: true`, so it cannot be one of several alternatives", f.value),
                        );
                        d.help = Some("make the field optional; `one_of` decides which fields must be given".into());
                    }
                    Some(_) => names.push(f.value),
                }
            }
            if out.iter().any(|g| g.name == name) {
                let d = self.r.error(item.span, format!("two `one_of` alternatives are named `{name}`"));
                d.help = Some("give each alternative its own name".into());
            }
            out.push(OneOfGroup { name: snake(&name), component_name: String::new(), description, fields: names });
        }
        out
    }
}
