//! The request and response bodies of operations: their own fields after the envelope's.

use super::operations::FamilyContext;
use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    /// Lowers an operation's `request` or `response` body into its slot `tid`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn body(
        &mut self,
        cx: &FamilyContext<'_>,
        op: &Spanned<String>,
        n: &'n Node,
        tid: TypeId,
        role: StructRole,
        bwhat: &str,
        id: &str,
    ) {
        let Some(bo) = self.r.obj(n, bwhat, &["description", "fields", "one_of", "erratum", "note"], &["fields"])
        else {
            return;
        };
        let envelope_fields = match (role, cx.env) {
            (StructRole::Response, Some(e)) => e.fields.clone(),
            _ => Vec::new(),
        };
        let mut fields = envelope_fields.clone();
        let own = bo
            .get("fields")
            .map(|f| self.fields(f, Some(cx.fam), &format!("the fields of {bwhat}")))
            .unwrap_or_default();
        for f in own {
            if let Some(e) = envelope_fields.iter().find(|x| x.wire_name == f.wire_name || x.rust_name == f.rust_name) {
                let span = self.field_span(bo.get("fields"), &f.wire_name).unwrap_or(op.span);
                let d = self.r.error(
                    span,
                    format!("field `{}` is already part of the response envelope (as `{}`)", f.wire_name, e.wire_name),
                );
                d.help = Some("remove it here; the envelope's fields are added to every response".into());
                continue;
            }
            fields.push(f);
        }
        let one_of = bo.get("one_of").map(|n| self.one_of(n, &fields, bwhat)).unwrap_or_default();
        let key = if role == StructRole::Request { "request" } else { "response" };
        let description =
            self.r.opt_string(&bo, "description", bwhat).unwrap_or_else(|| format!("The {key} body of `{id}`."));
        let erratum = self.r.opt_string(&bo, "erratum", bwhat);
        let tname = names::body_type(&op.value, role);
        self.types[tid.0] = Some(TypeDef {
            name: tname.clone(),
            rust_name: tname,
            module: cx.fam.to_string(),
            component_name: String::new(),
            description,
            erratum,
            kind: TypeKind::Struct(StructDef { fields, one_of, role }),
        });
    }
}
