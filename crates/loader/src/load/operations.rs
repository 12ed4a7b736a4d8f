//! Operations: method, path, docs and rate limit, then the parts lowered elsewhere (bodies,
//! errors, examples, paging, streaming and polling), and the token subject of their auth scheme.

use super::*;

/// What every operation of a family is lowered with, decided once per family.
pub(super) struct FamilyContext<'a> {
    /// The family's key.
    pub fam: &'a str,
    /// Its envelope, whose fields every response carries.
    pub env: Option<&'a Envelope>,
    /// The codes of its shared error sets.
    pub set_codes: &'a [ErrorCode],
    /// Its rate limit, for operations without their own.
    pub rate_limit: Option<&'a RateLimit>,
}

const OPERATION_KEYS: &[&str] = &[
    "summary",
    "description",
    "docs",
    "method",
    "path",
    "idempotent",
    "rate_limit",
    "request",
    "response",
    "errors",
    "examples",
    "invalid_requests",
    "paging",
    "streaming",
    "polling",
    "auth",
    "envelope",
    "token",
    "note",
];

impl<'r, 'n> Lowerer<'r, 'n> {
    pub(super) fn operation(
        &mut self,
        cx: &FamilyContext<'_>,
        name: &Spanned<String>,
        node: &'n Node,
        req: TypeId,
        resp: TypeId,
    ) -> Option<Operation> {
        let fam = cx.fam;
        let id = format!("{fam}.{}", name.value);
        let what = format!("operation `{id}`");
        let o = self.r.obj(
            node,
            &what,
            OPERATION_KEYS,
            &["summary", "description", "method", "path", "idempotent", "request", "response"],
        )?;
        let summary = self.r.opt_string(&o, "summary", &what).unwrap_or_default();
        let description = self.r.opt_string(&o, "description", &what).unwrap_or_default();
        let method = self.http_method(&o);
        let path = self.url_path(&o);
        let idempotent = o.get("idempotent").and_then(|n| self.r.boolean(n, "`idempotent`")).unwrap_or(false);
        let rate_limit = match o.get("rate_limit") {
            Some(n) => self.rate_limit(n),
            None => cx.rate_limit.cloned(),
        };
        let docs = o.get("docs").and_then(|n| self.doc_ref(n));
        for (key, tid, role) in [("request", req, StructRole::Request), ("response", resp, StructRole::Response)] {
            if let Some(n) = o.get(key) {
                self.body(cx, name, n, tid, role, &format!("the {key} of {what}"), &id);
            }
        }
        let errors = self.operation_errors(&o, &what, cx.set_codes, name);
        let examples = o.get("examples").map(|n| self.examples(n, &id, &what, req, resp)).unwrap_or_default();
        let invalid_requests =
            o.get("invalid_requests").map(|n| self.invalid_requests(n, &id, &what, req, &examples)).unwrap_or_default();
        let paging = o.get("paging").and_then(|n| self.paging(n, &name.value, (req, resp), &what));
        let streaming = o.get("streaming").and_then(|n| self.streaming(n, &name.value, (req, resp), &what));
        let polling = o.get("polling").and_then(|n| self.polling(n, &name.value, resp, &what));
        let token = o.get("token").and_then(|n| self.token_issue(n, req, resp, &what));
        let request_in = RequestIn::of(method);
        if request_in == RequestIn::Query {
            self.check_query_request(&o, req, method);
        }
        Some(Operation {
            id,
            family: fam.to_string(),
            name: name.value.clone(),
            error_enum: names::operation_error_enum(&name.value),
            rust_name: names::operation_type(&name.value),
            summary,
            description,
            docs,
            method,
            path,
            idempotent,
            rate_limit,
            request: req,
            response: resp,
            errors,
            examples,
            invalid_requests,
            paging,
            streaming,
            polling,
            token_subject: Vec::new(),
            // Set by the family, which knows its defaults.
            auth: String::new(),
            envelope: String::new(),
            token,
            request_in,
        })
    }

    /// The request fields of a `GET` or `DELETE` go in the query string: each must be a scalar
    /// (a string, a bool, a number, or an enum of them).
    fn check_query_request(&mut self, o: &Obj<'n>, req: TypeId, method: HttpMethod) {
        let fields_node = o.get("request").and_then(|r| child(r, "fields"));
        for f in self.body_fields(req) {
            let scalar = match &f.ty {
                Type::String | Type::Bool | Type::Int(_) | Type::F64 => true,
                Type::Named(id) => self.slots[id.0].kind.as_deref() == Some("enum"),
                Type::Json | Type::Array(_) => false,
            };
            if !scalar {
                let span = self.field_span(fields_node, &f.wire_name).unwrap_or(o.node.span);
                let d = self.r.error(
                    span,
                    format!(
                        "field `{}` of a {method} request goes in the query string, but it is not a string, bool, number or enum",
                        f.wire_name
                    ),
                );
                d.help = Some(format!(
                    "a {method} request sends its fields as query parameters: use a scalar type, or POST with a JSON body"
                ));
            }
        }
    }

    /// The operation's `method`. An unknown one is an error (the spec then gives no IR); `Post`
    /// only stands in so that checking can go on and report everything at once.
    fn http_method(&mut self, o: &Obj<'n>) -> HttpMethod {
        let Some(n) = o.get("method") else { return HttpMethod::Post };
        let m = self.r.string(n, "`method`").unwrap_or_default();
        HttpMethod::from_wire(&m).unwrap_or_else(|| {
            let d = self.r.error(n.span, format!("`{m}` is not an HTTP method"));
            d.help = Some("use GET, POST, PUT, PATCH or DELETE, in capitals".into());
            HttpMethod::Post
        })
    }

    /// The operation's `path`: from the first `/`, without host or query.
    pub(super) fn url_path(&mut self, o: &Obj<'n>) -> String {
        let Some(n) = o.get("path") else { return String::new() };
        let p = self.r.string(n, "`path`").unwrap_or_default();
        if !p.starts_with('/') || p.contains('?') || p.contains(' ') {
            let d = self.r.error(n.span, format!("`{p}` is not a URL path"));
            d.help = Some(
                "write the path from the first `/`, without host or query, e.g. `/v4/desk_http_svc/send_stream_msg`"
                    .into(),
            );
        }
        p
    }

    /// The page an operation was written from (`docs`).
    pub(super) fn doc_ref(&mut self, n: &'n Node) -> Option<DocRef> {
        let d = self.r.obj(n, "`docs`", &["page", "title", "updated"], &["page"])?;
        Some(DocRef {
            page: self.r.opt_string(&d, "page", "`docs`")?,
            title: self.r.opt_string(&d, "title", "`docs`"),
            updated: d.get("updated").map(Node::scalar_text),
        })
    }

    /// Resolves an auth scheme's token subject against an operation's request: each named field
    /// must be a required string of it.
    pub(super) fn token_subject(
        &mut self,
        op: &Operation,
        name: &Spanned<String>,
        scheme: &str,
        parts: &[(String, String)],
    ) -> Vec<(String, Field)> {
        let fields = self.body_fields(op.request);
        let mut out = Vec::new();
        for (part, wire) in parts {
            match fields.iter().find(|f| f.wire_name == *wire) {
                Some(f) if f.required && f.ty == Type::String => out.push((part.clone(), f.clone())),
                found => {
                    let problem = if found.is_some() { "is not a required string" } else { "does not exist" };
                    let d = self.r.error(
                        name.span,
                        format!(
                            "operation `{}` uses auth scheme `{scheme}`, whose token is applied for the request's `{wire}` (as `{part}`), but its request field `{wire}` {problem}",
                            op.id
                        ),
                    );
                    d.help = Some(format!(
                        "add a required string field `{wire}` to the request, or use another auth scheme"
                    ));
                }
            }
        }
        out
    }

    /// The fields of a body struct that has been lowered (empty when it had errors).
    pub(super) fn body_fields(&self, id: TypeId) -> Vec<Field> {
        match self.types[id.0].as_ref().map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => s.fields.clone(),
            _ => Vec::new(),
        }
    }
}
