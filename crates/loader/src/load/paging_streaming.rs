//! `paging`, `streaming` and `polling`: the body fields an operation pages, streams or is
//! polled with.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    /// The body field that `key` of a `paging`/`streaming`/`polling` mapping names, checked by `fits`
    /// (which says what kind of field is wanted, or `None` when it fits).
    pub(super) fn role_field(
        &mut self,
        o: &Obj<'n>,
        key: &str,
        body: &[Field],
        body_name: &str,
        what: &str,
        fits: impl Fn(&Self, &Field) -> Option<&'static str>,
    ) -> Option<Field> {
        let n = o.get(key)?;
        let wire = self.r.string(n, &format!("`{key}`"))?;
        let Some(f) = body.iter().find(|f| f.wire_name == wire) else {
            let d = self
                .r
                .error(n.span, format!("`{key}` of {what} names `{wire}`, which is not a field of its {body_name}"));
            let article = if body_name.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
            d.label = Some(format!("not {article} {body_name} field"));
            d.help = Some(match suggest(&wire, body.iter().map(|f| f.wire_name.as_str())) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "name one of the {body_name} fields: {}",
                    body.iter().map(|f| format!("`{}`", f.wire_name)).collect::<Vec<_>>().join(", ")
                ),
            });
            return None;
        };
        if let Some(want) = fits(self, f) {
            let d = self.r.error(n.span, format!("`{key}` of {what} must name {want}, but `{wire}` is not one"));
            d.help = Some(format!("name {want} of the {body_name}, or change the field's type"));
            return None;
        }
        Some(f.clone())
    }

    pub(super) fn paging(
        &mut self,
        node: &'n Node,
        op: &str,
        (req, resp): (TypeId, TypeId),
        what: &str,
    ) -> Option<Paging> {
        let pwhat = format!("the paging of {what}");
        let o = self.r.obj(node, &pwhat, &["offset", "limit", "items", "total"], &["offset", "limit", "items"])?;
        let (rq, rs) = (self.body_fields(req), self.body_fields(resp));
        let int = |_: &Self, f: &Field| (!matches!(f.ty, Type::Int(_))).then_some("an integer field");
        let offset = self.role_field(&o, "offset", &rq, "request", &pwhat, int);
        let limit = self.role_field(&o, "limit", &rq, "request", &pwhat, int);
        let items = self.role_field(&o, "items", &rs, "response", &pwhat, |_, f| {
            (!matches!(f.ty, Type::Array(_))).then_some("an array field")
        });
        let total = self.role_field(&o, "total", &rs, "response", &pwhat, int);
        if let (Some(offset), Some(limit)) = (&offset, &limit)
            && offset.wire_name == limit.wire_name
        {
            let d = self.r.error(node.span, format!("{pwhat} uses `{}` as both offset and limit", offset.wire_name));
            d.help = Some("name the offset field and the page-size field".into());
            return None;
        }
        Some(Paging { offset: offset?, limit: limit?, items: items?, total, all_method: names::paging_method(op) })
    }

    pub(super) fn streaming(
        &mut self,
        node: &'n Node,
        op: &str,
        (req, resp): (TypeId, TypeId),
        what: &str,
    ) -> Option<Streaming> {
        let swhat = format!("the streaming of {what}");
        let o = self.r.obj(
            node,
            &swhat,
            &["chunk", "key", "response_key", "finish", "finish_value"],
            &["chunk", "key", "finish"],
        )?;
        let (rq, rs) = (self.body_fields(req), self.body_fields(resp));
        let string = |_: &Self, f: &Field| (f.ty != Type::String).then_some("a string field");
        let optional_string =
            |_: &Self, f: &Field| (f.ty != Type::String || f.required).then_some("an optional string field");
        let chunk = self.role_field(&o, "chunk", &rq, "request", &swhat, string);
        let request_key = self.role_field(&o, "key", &rq, "request", &swhat, optional_string);
        let response_key = if o.get("response_key").is_some() {
            self.role_field(&o, "response_key", &rs, "response", &swhat, string)
        } else {
            self.role_field(&o, "key", &rs, "response", &swhat, string)
        };
        let finish =
            self.role_field(&o, "finish", &rq, "request", &swhat, |_, f| f.required.then_some("an optional field"))?;
        let finish_value = match o.get("finish_value") {
            Some(n) => {
                let v = n.to_json();
                if let Some(problem) = self.check_scalar(&finish, &v) {
                    let d = self.r.error(n.span, format!("`finish_value` of {swhat} is invalid: {problem}"));
                    d.help = Some(format!("give a valid value of `{}`", finish.wire_name));
                    return None;
                }
                v
            }
            None => {
                let only = match &finish.ty {
                    Type::Bool => Some(Json::Bool(true)),
                    Type::Named(id) => match self.types[id.0].as_ref().map(|t| &t.kind) {
                        Some(TypeKind::Enum(e)) if e.values.len() == 1 => Some(e.values[0].value.clone()),
                        _ => None,
                    },
                    _ => None,
                };
                let Some(v) = only else {
                    let d = self.r.error(
                        o.key_span("finish").unwrap_or(node.span),
                        format!("{swhat} does not say which value of `{}` marks the last call", finish.wire_name),
                    );
                    d.help =
                        Some("add `finish_value: ...` (needed unless the field is a bool or a one-value enum)".into());
                    return None;
                };
                v
            }
        };
        Some(Streaming {
            chunk: chunk?,
            request_key: request_key?,
            response_key: response_key?,
            finish,
            finish_value,
            from_stream_method: names::streaming_method(op),
        })
    }

    pub(super) fn polling(&mut self, node: &'n Node, op: &str, resp: TypeId, what: &str) -> Option<Polling> {
        let pwhat = format!("the polling of {what}");
        let o = self.r.obj(node, &pwhat, &["items", "ends"], &["items", "ends"])?;
        let rs = self.body_fields(resp);
        let item_of = |s: &Self, f: &Field| match &f.ty {
            Type::Array(inner) => match **inner {
                Type::Named(id) => match s.types[id.0].as_ref().map(|t| &t.kind) {
                    Some(TypeKind::Struct(_)) | None => None,
                    Some(_) => Some("an array of structs"),
                },
                _ => Some("an array of structs"),
            },
            _ => Some("an array of structs"),
        };
        let items = self.role_field(&o, "items", &rs, "response", &pwhat, item_of);
        let ends_node = o.get("ends")?;
        let ewhat = format!("`ends` of {pwhat}");
        let e = self.r.obj(ends_node, &ewhat, &["field", "value"], &["field", "value"])?;
        let items = items?;
        let Type::Array(inner) = &items.ty else { return None };
        let Type::Named(item) = **inner else { return None };
        // A struct with errors of its own is not lowered: those errors say what is wrong.
        self.types[item.0].as_ref()?;
        let item_fields = self.body_fields(item);
        let scalar = |s: &Self, f: &Field| {
            let fits = match &f.ty {
                Type::String | Type::Bool | Type::Int(_) => true,
                Type::Named(id) => matches!(s.types[id.0].as_ref().map(|t| &t.kind), Some(TypeKind::Enum(_))),
                Type::F64 | Type::Json | Type::Array(_) => false,
            };
            (!fits).then_some("a string, bool, integer or enum field")
        };
        let ends = self.role_field(&e, "field", &item_fields, "item", &ewhat, scalar)?;
        let value_node = e.get("value")?;
        let ends_value = value_node.to_json();
        if let Some(problem) = self.check_scalar(&ends, &ends_value) {
            let d = self.r.error(value_node.span, format!("`value` of {ewhat} is invalid: {problem}"));
            d.help = Some(format!("give the value of `{}` that the last item carries", ends.wire_name));
            return None;
        }
        Some(Polling { items, item, ends, ends_value, stream_method: names::polling_method(op) })
    }
}
