//! Named types: structs, enums, unions and records under `types`.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    pub(super) fn lower_named_type(&mut self, id: TypeId) {
        let slot = &self.slots[id.0];
        let (name, module, scope) = (slot.name.clone(), slot.module.clone(), slot.scope.clone());
        let Some(node) = slot.node else { return };
        let what = format!("type `{name}`");
        let kinds = ["struct", "enum", "union", "record"];
        let Some(kind_node) = (match &node.value {
            Value::Map(e) => e.iter().find(|(k, _)| k.scalar_text() == "kind").map(|(_, v)| v),
            _ => None,
        }) else {
            let _ = self.r.obj(node, &what, &[], &[]);
            let d = self.r.error(self.slots[id.0].span, format!("{what} has no `kind`"));
            d.help = Some("add `kind: struct`, `enum`, `union` or `record`".into());
            return;
        };
        let kind = kind_node.scalar_text();
        let allowed: &[&str] = match kind.as_str() {
            "struct" => &["kind", "description", "fields", "one_of", "erratum", "note"],
            "enum" => &["kind", "description", "repr", "values", "erratum", "note"],
            "union" => &["kind", "description", "tag", "content", "variants", "erratum", "note"],
            "record" => &["kind", "description", "delimiter", "fields", "erratum", "note"],
            _ => {
                let d = self.r.error(kind_node.span, format!("unknown kind `{kind}` for {what}"));
                d.help = Some(match suggest(&kind, kinds) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "use `struct`, `enum`, `union` or `record`".into(),
                });
                return;
            }
        };
        let Some(o) = self.r.obj(node, &what, allowed, &["description"]) else { return };
        let description = self.r.opt_string(&o, "description", &what).unwrap_or_default();
        let erratum = self.r.opt_string(&o, "erratum", &what);
        let kind = match kind.as_str() {
            "struct" => {
                let fields = o
                    .get("fields")
                    .map(|n| self.fields(n, scope.as_deref(), &format!("the fields of {what}")))
                    .unwrap_or_default();
                let one_of = o.get("one_of").map(|n| self.one_of(n, &fields, &what)).unwrap_or_default();
                TypeKind::Struct(StructDef { fields, one_of, role: StructRole::Nested })
            }
            "enum" => {
                let errors = self.r.diags.error_count();
                let e = self.enum_def(&o, &what);
                if self.r.diags.error_count() > errors {
                    self.broken_enums.insert(id);
                }
                TypeKind::Enum(e)
            }
            "union" => match self.union_def(&o, scope.as_deref(), &what) {
                Some(u) => TypeKind::Union(u),
                None => return,
            },
            _ => TypeKind::Record(self.record_def(&o, node, id, scope.as_deref(), &what)),
        };
        self.types[id.0] = Some(TypeDef {
            rust_name: name.clone(),
            name,
            module,
            component_name: String::new(),
            description,
            erratum,
            kind,
        });
    }

    /// A `kind: record`: delimited text whose parts are strings or integers, always all there.
    fn record_def(&mut self, o: &Obj<'n>, node: &'n Node, id: TypeId, scope: Option<&str>, what: &str) -> RecordDef {
        let delimiter = self.r.opt_string(o, "delimiter", what).unwrap_or_else(|| {
            let d = self.r.error(head(node), format!("{what} is missing `delimiter`"));
            d.help = Some("add `delimiter: \",\"`".into());
            ",".into()
        });
        let fields =
            o.get("fields").map(|n| self.fields(n, scope, &format!("the fields of {what}"))).unwrap_or_default();
        for f in &fields {
            if !matches!(f.ty, Type::String | Type::Int(_)) {
                let span = o
                    .get("fields")
                    .and_then(|n| child(n, &f.wire_name))
                    .and_then(|n| child(n, "type"))
                    .map_or(self.slots[id.0].span, |n| n.span);
                let d = self
                    .r
                    .error(span, format!("part `{}` of record {what} must be a string or an integer", f.wire_name));
                d.label = Some("not a string or an integer type".into());
                d.help = Some("a record is delimited text: its parts can only be strings or integers".into());
            }
        }
        // Every part of a record is always there: the text has exactly one per field.
        let fields = fields.into_iter().map(|f| Field { required: true, ..f }).collect();
        RecordDef { delimiter, fields }
    }
}
